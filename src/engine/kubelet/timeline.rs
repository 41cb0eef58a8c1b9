//! What a simulation leaves behind: per pod, the status snapshots written by the status
//! manager, every container instance's log, and volume file snapshots. [`super::Timeline`]
//! answers its queries from these by binary search, so scrubbing is cheap.
//!
//! Entry point: [`PodTimeline::from_runtime`], called once at the end of [`super::simulate`].

use super::sim::PodRt;
use super::LaneState;
use crate::engine::model::{ContainerKind, Pod, PodStatus};
use crate::engine::time::Millis;
use std::collections::BTreeMap;

/// Volume name → (path → contents), as `Timeline::files_at` returns it.
pub(super) type Files = BTreeMap<String, BTreeMap<String, Vec<u8>>>;

/// The status written at one instant.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Snapshot {
    pub t: Millis,
    pub status: PodStatus,
    pub deletion: Option<Millis>,
    pub node: Option<String>,
    /// Per container (init then app): what its Gantt lane shows from `t`.
    pub lanes: Vec<(LaneState, Option<String>)>,
    /// The API object is gone from `t` on.
    pub removed: bool,
}

impl Snapshot {
    /// Same content, whatever the instant.
    pub fn same_state(&self, o: &Snapshot) -> bool {
        self.status == o.status && self.deletion == o.deletion && self.node == o.node && self.lanes == o.lanes && self.removed == o.removed
    }
}

/// Recorded while the simulation runs.
#[derive(Clone, Debug, Default)]
pub(super) struct PodRecord {
    pub snapshots: Vec<Snapshot>,
    /// (instant, volumes version, files) each time the pod's volumes changed.
    pub files: Vec<(Millis, u64, Files)>,
}

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
}

impl PodTimeline {
    /// Moves a pod's runtime record into its timeline.
    pub fn from_runtime(pr: PodRt) -> PodTimeline {
        let containers = pr
            .slots
            .into_iter()
            .map(|s| ContainerRecord { name: s.spec.name, kind: s.kind, instances: s.instances.into_iter().map(|i| InstanceLog { started: i.started, lines: i.logs }).collect() })
            .collect();
        PodTimeline { pod: pr.pod, created: pr.created, removed: pr.removed, snapshots: pr.record.snapshots, containers, files: pr.record.files }
    }

    /// Whether the pod exists at `t`.
    pub fn exists_at(&self, t: Millis) -> bool {
        self.created <= t && self.removed.is_none_or(|r| t < r)
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
