//! The stage's shelf: each volume of a pod with the files on it at an instant, and for each
//! file who wrote it and when. The simulation notes the writer as it records a volume change
//! (the step of one container's process made it); the stage only draws this.
//!
//! It also notes who *read* each file: the runtime remembers each volume file a container
//! instance reads the contents of (`cat`, `<`, `source`, a server answering a request; not
//! `ls`, `test` or `stat`), and the kubelet keeps a container's first read of each file.
//!
//! Files projected by the kubelet itself (configMap, secret, downwardAPI volumes) have no
//! writer container.

use super::sim::Sim;
use super::world::{FileRead, FileWrite};
use super::Timeline;
use crate::engine::model::VolumeSource;
use crate::engine::time::Millis;

/// A volume as the stage shelves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShelfVolume {
    /// `volumes[].name`.
    pub name: String,
    /// Its type as the manifest spells it (`emptyDir`, `configMap`, …).
    pub kind: String,
    /// Files on it at the instant, by path.
    pub files: Vec<ShelfFile>,
    /// Who mounts it, from the spec (init containers first): the containers that can read it.
    pub mounts: Vec<ShelfMount>,
}

/// One container's mount of a volume (`volumeMounts[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShelfMount {
    /// The container.
    pub container: String,
    /// `mountPath`.
    pub path: String,
    /// `readOnly`.
    pub read_only: bool,
}

/// A file on a shelf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShelfFile {
    /// Path inside the volume (`index.html`, `conf/app.yaml`).
    pub path: String,
    /// Size in bytes.
    pub bytes: usize,
    /// When it was last written (up to the instant).
    pub written_at: Option<Millis>,
    /// The container that last wrote it (`None`: projected by the kubelet).
    pub written_by: Option<String>,
    /// The containers that have read its contents by the instant, each with its first read,
    /// in the order they first read it.
    pub read_by: Vec<ShelfRead>,
}

/// A container's first read of a file on a shelf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShelfRead {
    /// The container.
    pub container: String,
    /// When it first read the file.
    pub at: Millis,
}

/// The manifest's name of a volume type.
pub fn volume_kind(s: &VolumeSource) -> String {
    match s {
        VolumeSource::EmptyDir { .. } => "emptyDir".into(),
        VolumeSource::ConfigMap { .. } => "configMap".into(),
        VolumeSource::Secret { .. } => "secret".into(),
        VolumeSource::DownwardApi { .. } => "downwardAPI".into(),
        VolumeSource::Projected { .. } => "projected".into(),
        VolumeSource::HostPath { .. } => "hostPath".into(),
        VolumeSource::PersistentVolumeClaim { .. } => "persistentVolumeClaim".into(),
        VolumeSource::Other { kind } => kind.clone(),
    }
}

impl Sim {
    /// Records the pod's volume files if they changed (`record_files`), and which files changed,
    /// written by slot `by`'s process (`None`: by the kubelet or an exec).
    pub(super) fn record_files_by(&mut self, p: usize, by: Option<usize>) {
        let before = self.pods[p].record.files.len();
        self.record_files(p);
        let pr = &mut self.pods[p];
        let Some((t, _, new)) = pr.record.files.get(before) else { return };
        let old = before.checked_sub(1).map(|i| &pr.record.files[i].2);
        let who = by.map(|s| pr.slots[s].spec.name.clone());
        let mut writes = Vec::new();
        for (vol, files) in new {
            for (path, data) in files {
                if old.and_then(|o| o.get(vol)).and_then(|f| f.get(path)) != Some(data) {
                    let (volume, path, by) = (vol.clone(), path.clone(), who.clone());
                    writes.push(FileWrite { t: *t, volume, path, by });
                }
            }
        }
        pr.record.writes.extend(writes);
    }

    /// Records that slot `s` of pod `p` read `reads` (volume, path inside it) now, keeping only
    /// each container's first read of a file (a polling loop adds nothing after its first).
    pub(super) fn record_reads(&mut self, p: usize, s: usize, reads: Vec<(String, String)>) {
        if reads.is_empty() {
            return;
        }
        let t = self.now;
        let pr = &mut self.pods[p];
        let by = &pr.slots[s].spec.name;
        for (volume, path) in reads {
            let known =
                pr.record.reads.iter().any(|r| r.by == *by && r.volume == volume && r.path == path);
            if !known {
                pr.record.reads.push(FileRead { t, volume, path, by: by.clone() });
            }
        }
    }

    /// Records the reads of the servers that answered HTTP requests (`NetView::served`).
    pub(super) fn record_served_reads(&mut self, served: &[(usize, usize)]) {
        for &(p, s) in served {
            let reads = self.pods[p].slots[s].proc.as_ref().map(|pr| pr.take_reads());
            self.record_reads(p, s, reads.unwrap_or_default());
        }
    }
}

impl Timeline {
    /// Every volume of pod `pod` at `t` with its files and their writers, in spec order
    /// (empty when the pod does not exist at `t`).
    pub fn shelf_at(&self, pod: &str, t: Millis) -> Vec<ShelfVolume> {
        let Some(rec) = self.record_at(pod, t) else { return Vec::new() };
        let files = self.files_at(pod, t);
        rec.pod
            .spec
            .volumes
            .iter()
            .map(|v| {
                let files = files
                    .get(&v.name)
                    .into_iter()
                    .flatten()
                    .map(|(path, data)| {
                        let last = rec
                            .writes
                            .iter()
                            .rev()
                            .find(|w| w.t <= t && w.volume == v.name && w.path == *path);
                        ShelfFile {
                            path: path.clone(),
                            bytes: data.len(),
                            written_at: last.map(|w| w.t),
                            written_by: last.and_then(|w| w.by.clone()),
                            read_by: rec
                                .reads
                                .iter()
                                .filter(|r| r.t <= t && r.volume == v.name && r.path == *path)
                                .map(|r| ShelfRead { container: r.by.clone(), at: r.t })
                                .collect(),
                        }
                    })
                    .collect();
                let spec = &rec.pod.spec;
                let mounts = spec
                    .init_containers
                    .iter()
                    .chain(&spec.containers)
                    .flat_map(|c| {
                        c.volume_mounts.iter().filter(|m| m.name == v.name).map(|m| ShelfMount {
                            container: c.name.clone(),
                            path: m.mount_path.clone(),
                            read_only: m.read_only,
                        })
                    })
                    .collect();
                ShelfVolume { name: v.name.clone(), kind: volume_kind(&v.source), files, mounts }
            })
            .collect()
    }
}
