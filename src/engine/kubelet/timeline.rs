//! What a simulation leaves behind: per pod, the status snapshots written by the status
//! manager, every container instance's log, and volume file snapshots. [`super::Timeline`]
//! answers its queries from these by binary search, so scrubbing is cheap.
//!
//! Entry point: [`PodTimeline::from_runtime`], called once at the end of [`super::simulate`].

use super::sim::PodRt;
use super::status::{container_views, Generated};
use super::view::{LaneState, PodView};
use crate::engine::model::{ContainerKind, ContainerStatus, Pod, PodCondition, PodStatus};
use crate::engine::time::Millis;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Volume name → (path → contents), as `Timeline::files_at` returns it.
pub(super) type Files = BTreeMap<String, BTreeMap<String, Vec<u8>>>;

/// A written `PodStatus` as the timeline keeps it: the container statuses and conditions are
/// shared (`Arc`) with the previous write of the same pod when unchanged. A restart rewrites
/// one container's status; the other four of a five-container pod, and usually the
/// conditions, are the same values again, and storing them once keeps a long run's memory
/// (and the time to build and free it) proportional to what changed. `Arc`, not `Rc`: the UI
/// keeps the timeline in a Leptos signal, which needs `Send + Sync`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct StoredStatus {
    /// Everything but the shared parts (those fields are left empty here); phase, IPs and QoS
    /// class rarely change, so this is shared with the previous write too.
    rest: Arc<PodStatus>,
    /// Also what the pod's next status reads `lastTransitionTime`s from (`PodRt::conditions`).
    pub conditions: Arc<Vec<PodCondition>>,
    init: Vec<Arc<ContainerStatus>>,
    apps: Vec<Arc<ContainerStatus>>,
}

/// `Arc` of `v`, reusing `prev`'s allocation when it holds an equal value.
fn share<T: PartialEq>(v: T, prev: Option<&Arc<T>>) -> Arc<T> {
    match prev {
        Some(p) if **p == v => p.clone(),
        _ => Arc::new(v),
    }
}

/// `v`, or `prev` when that is the same value (so equal values stay one allocation).
fn share_arc<T: PartialEq>(v: Arc<T>, prev: Option<&Arc<T>>) -> Arc<T> {
    match prev {
        Some(p) if Arc::ptr_eq(p, &v) || **p == *v => p.clone(),
        _ => v,
    }
}

/// Whether two lists of shared values hold equal values (pointer equality first).
fn same_values<T: PartialEq>(a: &[Arc<T>], b: &[Arc<T>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Arc::ptr_eq(x, y) || **x == **y)
}

impl StoredStatus {
    /// Stores `g`, sharing what equals `prev` (the pod's previous write).
    pub fn new(g: Generated, prev: Option<&StoredStatus>) -> StoredStatus {
        let Generated { rest: st, conditions, init, apps } = g;
        let conditions = share_arc(conditions, prev.map(|p| &p.conditions));
        let keep = |v: Vec<Arc<ContainerStatus>>,
                    old: Option<&Vec<Arc<ContainerStatus>>>|
         -> Vec<Arc<ContainerStatus>> {
            v.into_iter()
                .enumerate()
                .map(|(i, c)| share_arc(c, old.and_then(|o| o.get(i))))
                .collect()
        };
        let init = keep(init, prev.map(|p| &p.init));
        let apps = keep(apps, prev.map(|p| &p.apps));
        let rest = share(st, prev.map(|p| &p.rest));
        StoredStatus { rest, conditions, init, apps }
    }

    /// Whether this is the status `g` (field by field, without building a copy).
    pub fn is(&self, g: &Generated) -> bool {
        let (r, st) = (&*self.rest, &g.rest);
        r.phase == st.phase
            && r.reason == st.reason
            && r.message == st.message
            && r.host_ip == st.host_ip
            && r.pod_ip == st.pod_ip
            && r.start_time == st.start_time
            && r.qos_class == st.qos_class
            && (Arc::ptr_eq(&self.conditions, &g.conditions) || self.conditions == g.conditions)
            && same_values(&self.init, &g.init)
            && same_values(&self.apps, &g.apps)
    }

    /// The full `PodStatus` (a copy, for a query).
    pub fn to_status(&self) -> PodStatus {
        PodStatus {
            conditions: (*self.conditions).clone(),
            init_container_statuses: self.init.iter().map(|c| (**c).clone()).collect(),
            container_statuses: self.apps.iter().map(|c| (**c).clone()).collect(),
            ..(*self.rest).clone()
        }
    }
}

/// A back-off in force: its period and the instant it runs out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct BackOffWindow {
    pub period: Millis,
    pub until: Millis,
}

/// What the kubelet shows of one container from a snapshot on, beyond its status: the lane
/// state (which also needs to know whether SIGTERM was sent), the reason shown, and the
/// back-off in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Mark {
    pub state: LaneState,
    pub reason: Option<String>,
    pub backoff: Option<BackOffWindow>,
}

/// A [`Mark`] with its reason borrowed from the status just generated (most writes change no
/// lane, and only what is new is copied).
pub(super) type MarkRef<'a> = (LaneState, Option<&'a str>, Option<BackOffWindow>);

/// Per container (init then app): what its Gantt lane and display state show.
pub(super) type Lanes = Vec<Mark>;

/// The status written at one instant. The node name and the lanes are shared with the
/// previous snapshot when unchanged, like the status parts (a pod's record is mostly
/// repetition, and every separate allocation is paid again when the timeline is dropped).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Snapshot {
    pub t: Millis,
    pub status: StoredStatus,
    pub deletion: Option<Millis>,
    pub node: Option<Arc<str>>,
    /// Per container (init then app): what its Gantt lane shows from `t`.
    pub lanes: Arc<Lanes>,
    /// The API object is gone from `t` on.
    pub removed: bool,
}

/// Whether `lanes` (reasons borrowed) are the values of `stored`.
fn same_lanes(stored: &Lanes, lanes: &[MarkRef]) -> bool {
    stored.len() == lanes.len()
        && stored.iter().zip(lanes).all(|(m, (s2, r2, b2))| {
            m.state == *s2 && m.reason.as_deref() == *r2 && m.backoff == *b2
        })
}

impl Snapshot {
    /// Whether a write of these values would record nothing new after this snapshot.
    pub fn same_state(
        &self,
        status: &Generated,
        deletion: Option<Millis>,
        node: Option<&str>,
        lanes: &[MarkRef],
        removed: bool,
    ) -> bool {
        self.status.is(status)
            && self.deletion == deletion
            && self.node.as_deref() == node
            && same_lanes(&self.lanes, lanes)
            && self.removed == removed
    }

    /// The node name to store, sharing `prev`'s when equal.
    pub fn share_node(node: Option<&str>, prev: Option<&Snapshot>) -> Option<Arc<str>> {
        match (node, prev.and_then(|p| p.node.as_ref())) {
            (Some(n), Some(old)) if **old == *n => Some(old.clone()),
            (n, _) => n.map(Arc::from),
        }
    }

    /// The lanes to store, sharing `prev`'s when equal.
    pub fn share_lanes(lanes: &[MarkRef], prev: Option<&Snapshot>) -> Arc<Lanes> {
        match prev {
            Some(p) if same_lanes(&p.lanes, lanes) => p.lanes.clone(),
            _ => Arc::new(
                lanes
                    .iter()
                    .map(|(state, r, backoff)| Mark {
                        state: *state,
                        reason: r.map(String::from),
                        backoff: *backoff,
                    })
                    .collect(),
            ),
        }
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
