//! What a simulation leaves behind: per pod, the status snapshots written by the status
//! manager, every container instance's log, and volume file snapshots. [`super::Timeline`]
//! answers its queries from these by binary search, so scrubbing is cheap.
//!
//! Entry point: [`PodTimeline::from_runtime`], called once at the end of [`super::simulate`].

use super::status::container_views;
use super::view::PodView;
use super::world::{Files, PodRt, Snapshot};
use crate::engine::model::{ContainerKind, Pod};
use crate::engine::time::Millis;

/// One container instance's log.
#[derive(Clone, Debug)]
pub(super) struct InstanceLog {
    pub started: Millis,
    pub lines: Vec<(Millis, String)>,
}

/// One container across instances.
#[derive(Clone, Debug)]
pub(super) struct ContainerRecord {
    pub name: String,
    pub kind: ContainerKind,
    pub instances: Vec<InstanceLog>,
}

/// Everything kept about one pod.
#[derive(Clone, Debug)]
pub(super) struct PodTimeline {
    pub pod: Pod,
    pub created: Millis,
    pub removed: Option<Millis>,
    pub snapshots: Vec<Snapshot>,
    pub containers: Vec<ContainerRecord>,
    pub files: Vec<(Millis, u64, Files)>,
    pub writes: Vec<super::world::FileWrite>,
    pub reads: Vec<super::world::FileRead>,
}

impl PodTimeline {
    /// Moves a pod's runtime record into its timeline.
    pub fn from_runtime(pr: PodRt) -> PodTimeline {
        let containers = pr
            .slots
            .into_iter()
            .map(|s| ContainerRecord {
                name: s.spec.name,
                kind: s.kind,
                instances: s
                    .instances
                    .into_iter()
                    .map(|i| InstanceLog { started: i.started, lines: i.logs })
                    .collect(),
            })
            .collect();
        PodTimeline {
            pod: pr.pod,
            created: pr.created,
            removed: pr.removed,
            snapshots: pr.record.snapshots,
            containers,
            files: pr.record.files,
            writes: pr.record.writes,
            reads: pr.record.reads,
        }
    }

    /// Whether the pod exists at `t`.
    pub fn exists_at(&self, t: Millis) -> bool {
        self.created <= t && self.removed.is_none_or(|r| t < r)
    }

    /// The pod as it stands at `t` (with each container's display state at `t`).
    pub fn view_at(&self, t: Millis) -> Option<PodView> {
        let snap = self.snapshot_at(t)?;
        let status = snap.status.to_status();
        let containers = container_views(&self.pod, &status, &snap.lanes, t);
        Some(PodView {
            pod: self.pod.clone(),
            status,
            created: self.created,
            deletion_timestamp: snap.deletion,
            node_name: snap.node.as_deref().map(String::from),
            containers,
        })
    }

    /// The snapshot in force at `t`.
    pub fn snapshot_at(&self, t: Millis) -> Option<&Snapshot> {
        let i = self.snapshots.partition_point(|s| s.t <= t);
        if i == 0 {
            None
        } else {
            self.snapshots.get(i - 1)
        }
    }
}

#[cfg(test)]
mod tests {
    /// The UI keeps the timeline in a Leptos `RwSignal`, which needs `Send + Sync`: the shared
    /// snapshot parts must stay `Arc`, never `Rc`.
    #[test]
    fn the_timeline_can_live_in_a_leptos_signal() {
        fn needs<T: Send + Sync + 'static>() {}
        needs::<super::super::Timeline>();
    }
}
