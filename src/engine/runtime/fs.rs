//! A container's filesystem: the image's root filesystem copied into a per-instance writable
//! layer (lost when the container restarts, as with overlayfs), plus the pod's volumes mounted
//! over it (shared with the pod's other containers and surviving restarts, held in
//! [`PodVolumes`]).
//!
//! Simplifications: no permissions beyond `readOnly` mounts (containers run as root in every
//! catalogue image that matters here), no symlinks, no hard links, modes are remembered only for
//! `ls -l`-style output.

use super::PodVolumes;
use std::collections::BTreeMap;

/// Why a filesystem operation failed, with the strerror text busybox prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    /// ENOENT.
    NoEnt,
    /// ENOTDIR.
    NotDir,
    /// EISDIR.
    IsDir,
    /// EROFS.
    ReadOnly,
    /// EEXIST.
    Exists,
    /// ENOTEMPTY.
    NotEmpty,
    /// EACCES (a non-root user writing outside the places it owns).
    Access,
    /// ENOSPC: a single file may not grow past [`MAX_FILE_BYTES`].
    NoSpace,
}

impl FsError {
    /// The C library's message.
    pub fn text(self) -> &'static str {
        match self {
            FsError::NoEnt => "No such file or directory",
            FsError::NotDir => "Not a directory",
            FsError::IsDir => "Is a directory",
            FsError::ReadOnly => "Read-only file system",
            FsError::Exists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::Access => "Permission denied",
            FsError::NoSpace => "No space left on device",
        }
    }
}

/// Largest file podlab stores (a loop doubling a file would otherwise exhaust the page's
/// memory; a real node would hit its disk or emptyDir `sizeLimit`).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// A node of the writable layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A directory.
    Dir,
    /// A regular file.
    File(Vec<u8>),
}

/// A volume mounted into the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// Absolute mount path, normalised.
    pub path: String,
    /// Volume name (key of [`PodVolumes::files`]).
    pub volume: String,
    /// Path inside the volume that is mounted (`subPath`), empty for the whole volume.
    pub sub_path: String,
    /// `readOnly` (configMap, secret, downwardAPI and projected volumes are always read-only).
    pub read_only: bool,
}

/// What a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A directory.
    Dir,
    /// A regular file.
    File,
}

/// One container instance's view of files.
#[derive(Clone, Debug, Default)]
pub struct Fs {
    /// The writable layer (a copy of the image rootfs at start): absolute path → node.
    pub root: BTreeMap<String, Node>,
    /// Mounts, longest path first so the innermost mount wins.
    pub mounts: Vec<Mount>,
    /// `securityContext.readOnlyRootFilesystem`: the layer refuses every write (even `/tmp`).
    pub read_only_root: bool,
    /// For a non-root user: the root-layer directories it may write under (its home, `/tmp`,
    /// the working directory). `None` for root. Simplification of Unix permissions: images
    /// own everything else as root.
    pub user_writable: Option<Vec<String>>,
}

enum Loc<'m> {
    Root(String),
    Vol { m: &'m Mount, rel: String },
}

/// Normalises `p` against `cwd`: absolute, no `.`/`..`/empty components, no trailing slash.
pub fn normalize(cwd: &str, p: &str) -> String {
    let joined = if p.starts_with('/') { p.to_string() } else { format!("{cwd}/{p}") };
    let mut out: Vec<&str> = Vec::new();
    for c in joined.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    format!("/{}", out.join("/"))
}

fn parent(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &p[..i],
    }
}

fn join_rel(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

impl Fs {
    /// A filesystem from an image's rootfs and the container's mounts. Mount points are created
    /// in the writable layer as the runtime does.
    pub fn new(rootfs: BTreeMap<String, Node>, mut mounts: Vec<Mount>) -> Fs {
        mounts.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then(a.path.cmp(&b.path)));
        let mut fs = Fs { root: rootfs, mounts, read_only_root: false, user_writable: None };
        fs.root.insert("/".into(), Node::Dir);
        let points: Vec<String> = fs.mounts.iter().map(|m| m.path.clone()).collect();
        for p in points {
            let mut cur = String::new();
            for c in p.split('/').filter(|c| !c.is_empty()) {
                cur.push('/');
                cur.push_str(c);
                if !matches!(fs.root.get(&cur), Some(Node::Dir)) {
                    fs.root.insert(cur.clone(), Node::Dir);
                }
            }
        }
        fs
    }

    fn locate(&self, path: &str) -> Loc<'_> {
        for m in &self.mounts {
            if path == m.path {
                return Loc::Vol { m, rel: m.sub_path.clone() };
            }
            if path.starts_with(&m.path) && path.as_bytes().get(m.path.len()) == Some(&b'/') || m.path == "/" {
                let rest = path[m.path.len()..].trim_start_matches('/');
                return Loc::Vol { m, rel: join_rel(&m.sub_path, rest) };
            }
        }
        Loc::Root(path.to_string())
    }

    /// Whether the root layer refuses a write at `p`, and why.
    fn root_denied(&self, p: &str) -> Option<FsError> {
        if self.read_only_root {
            return Some(FsError::ReadOnly);
        }
        match &self.user_writable {
            Some(dirs) if !dirs.iter().any(|d| p == d || p.starts_with(&format!("{}/", d.trim_end_matches('/')))) => Some(FsError::Access),
            _ => None,
        }
    }

    fn vol_kind(vols: &PodVolumes, vol: &str, rel: &str) -> Option<Kind> {
        if rel.is_empty() {
            return Some(Kind::Dir);
        }
        if vols.files.get(vol).is_some_and(|f| f.contains_key(rel)) {
            return Some(Kind::File);
        }
        if vols.dirs.get(vol).is_some_and(|d| d.contains(rel)) {
            return Some(Kind::Dir);
        }
        let prefix = format!("{rel}/");
        let implied = vols.files.get(vol).is_some_and(|f| f.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix)))
            || vols.dirs.get(vol).is_some_and(|d| d.range(prefix.clone()..).next().is_some_and(|k| k.starts_with(&prefix)));
        implied.then_some(Kind::Dir)
    }

    /// What `path` is, if it exists.
    pub fn stat(&self, vols: &PodVolumes, path: &str) -> Option<Kind> {
        match self.locate(path) {
            Loc::Root(p) => match self.root.get(&p)? {
                Node::Dir => Some(Kind::Dir),
                Node::File(_) => Some(Kind::File),
            },
            Loc::Vol { m, rel } => Self::vol_kind(vols, &m.volume, &rel),
        }
    }

    /// Whether writes to `path` are refused (read-only mount or root filesystem).
    pub fn read_only(&self, path: &str) -> bool {
        match self.locate(path) {
            Loc::Vol { m, .. } => m.read_only,
            Loc::Root(p) => self.root_denied(&p) == Some(FsError::ReadOnly),
        }
    }

    /// Why a write to an existing `path` would be refused, if it would.
    pub fn write_denied(&self, path: &str) -> Option<FsError> {
        match self.locate(path) {
            Loc::Vol { m, .. } => m.read_only.then_some(FsError::ReadOnly),
            Loc::Root(p) => self.root_denied(&p),
        }
    }

    /// Reads a file.
    pub fn read(&self, vols: &PodVolumes, path: &str) -> Result<Vec<u8>, FsError> {
        match self.locate(path) {
            Loc::Root(p) => match self.root.get(&p) {
                Some(Node::File(d)) => Ok(d.clone()),
                Some(Node::Dir) => Err(FsError::IsDir),
                None => Err(self.missing_reason(vols, path)),
            },
            Loc::Vol { m, rel } => match vols.files.get(&m.volume).and_then(|f| f.get(&rel)) {
                Some(d) => Ok(d.clone()),
                None if Self::vol_kind(vols, &m.volume, &rel) == Some(Kind::Dir) => Err(FsError::IsDir),
                None => Err(self.missing_reason(vols, path)),
            },
        }
    }

    fn missing_reason(&self, vols: &PodVolumes, path: &str) -> FsError {
        let mut p = parent(path);
        loop {
            match self.stat(vols, p) {
                Some(Kind::File) => return FsError::NotDir,
                Some(Kind::Dir) => return FsError::NoEnt,
                None if p == "/" => return FsError::NoEnt,
                None => p = parent(p),
            }
        }
    }

    /// Writes (or appends to) a file; the parent directory must exist.
    pub fn write(&mut self, vols: &mut PodVolumes, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        match self.stat(vols, parent(path)) {
            Some(Kind::Dir) => {}
            Some(Kind::File) => return Err(FsError::NotDir),
            None => return Err(self.missing_reason(vols, parent(path))),
        }
        if self.stat(vols, path) == Some(Kind::Dir) {
            return Err(FsError::IsDir);
        }
        if data.len() > MAX_FILE_BYTES || (append && self.read(vols, path).map(|d| d.len()).unwrap_or(0) + data.len() > MAX_FILE_BYTES) {
            return Err(FsError::NoSpace);
        }
        match self.locate(path) {
            Loc::Root(p) => {
                if let Some(e) = self.root_denied(&p) {
                    return Err(e);
                }
                let e = self.root.entry(p).or_insert(Node::File(Vec::new()));
                if let Node::File(d) = e {
                    if !append {
                        d.clear();
                    }
                    d.extend_from_slice(data);
                }
            }
            Loc::Vol { m, rel } => {
                if m.read_only {
                    return Err(FsError::ReadOnly);
                }
                let f = vols.files.entry(m.volume.clone()).or_default().entry(rel).or_default();
                if !append {
                    f.clear();
                }
                f.extend_from_slice(data);
                vols.version += 1;
            }
        }
        Ok(())
    }

    /// Creates one directory (its parent must exist).
    pub fn mkdir(&mut self, vols: &mut PodVolumes, path: &str) -> Result<(), FsError> {
        if self.stat(vols, path).is_some() {
            return Err(FsError::Exists);
        }
        match self.stat(vols, parent(path)) {
            Some(Kind::Dir) => {}
            Some(Kind::File) => return Err(FsError::NotDir),
            None => return Err(FsError::NoEnt),
        }
        match self.locate(path) {
            Loc::Root(p) => {
                if let Some(e) = self.root_denied(&p) {
                    return Err(e);
                }
                self.root.insert(p, Node::Dir);
            }
            Loc::Vol { m, rel } => {
                if m.read_only {
                    return Err(FsError::ReadOnly);
                }
                vols.dirs.entry(m.volume.clone()).or_default().insert(rel);
                vols.version += 1;
            }
        }
        Ok(())
    }

    /// Removes a file, or a directory (recursively when `recursive`).
    pub fn remove(&mut self, vols: &mut PodVolumes, path: &str, recursive: bool) -> Result<(), FsError> {
        let kind = self.stat(vols, path).ok_or(FsError::NoEnt)?;
        if self.mounts.iter().any(|m| m.path == path) {
            return Err(FsError::ReadOnly); // EBUSY in reality; a mount point cannot be removed
        }
        if kind == Kind::Dir && !recursive && !self.list(vols, path).unwrap_or_default().is_empty() {
            return Err(FsError::NotEmpty);
        }
        match self.locate(path) {
            Loc::Root(p) => {
                if let Some(e) = self.root_denied(&p) {
                    return Err(e);
                }
                let prefix = format!("{p}/");
                self.root.retain(|k, _| k != &p && !k.starts_with(&prefix));
            }
            Loc::Vol { m, rel } => {
                if m.read_only {
                    return Err(FsError::ReadOnly);
                }
                let prefix = format!("{rel}/");
                if let Some(f) = vols.files.get_mut(&m.volume) {
                    f.retain(|k, _| k != &rel && !k.starts_with(&prefix));
                }
                if let Some(d) = vols.dirs.get_mut(&m.volume) {
                    d.retain(|k| k != &rel && !k.starts_with(&prefix));
                }
                vols.version += 1;
            }
        }
        Ok(())
    }

    /// Names directly inside a directory, sorted, with their kinds.
    pub fn list(&self, vols: &PodVolumes, path: &str) -> Result<Vec<(String, Kind)>, FsError> {
        match self.stat(vols, path) {
            None => return Err(FsError::NoEnt),
            Some(Kind::File) => return Err(FsError::NotDir),
            Some(Kind::Dir) => {}
        }
        let mut out: BTreeMap<String, Kind> = BTreeMap::new();
        match self.locate(path) {
            Loc::Root(p) => {
                let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
                for (k, n) in self.root.range(prefix.clone()..) {
                    if !k.starts_with(&prefix) {
                        break;
                    }
                    let rest = &k[prefix.len()..];
                    if rest.is_empty() || rest.contains('/') {
                        continue;
                    }
                    out.insert(rest.to_string(), if *n == Node::Dir { Kind::Dir } else { Kind::File });
                }
            }
            Loc::Vol { m, rel } => {
                let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
                let mut add = |k: &str, is_file: bool| {
                    if let Some(rest) = k.strip_prefix(&prefix) {
                        match rest.split_once('/') {
                            Some((d, _)) => {
                                out.insert(d.to_string(), Kind::Dir);
                            }
                            None if !rest.is_empty() => {
                                out.insert(rest.to_string(), if is_file { Kind::File } else { Kind::Dir });
                            }
                            None => {}
                        }
                    }
                };
                for k in vols.files.get(&m.volume).map(|f| f.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                    add(&k, true);
                }
                for k in vols.dirs.get(&m.volume).map(|f| f.iter().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                    add(&k, false);
                }
            }
        }
        // Mount points directly below this directory.
        for m in &self.mounts {
            if parent(&m.path) == path && m.path != path {
                if let Some(name) = m.path.rsplit('/').next() {
                    out.insert(name.to_string(), Kind::Dir);
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Files of the writable layer that differ from `base` (what `docker diff` would show):
    /// path → contents, for the UI's "look inside".
    pub fn changed_files(&self, base: &BTreeMap<String, Node>) -> BTreeMap<String, Vec<u8>> {
        self.root
            .iter()
            .filter(|(k, n)| base.get(*k) != Some(*n))
            .filter_map(|(k, n)| match n {
                Node::File(d) => Some((k.clone(), d.clone())),
                Node::Dir => None,
            })
            .collect()
    }
}
