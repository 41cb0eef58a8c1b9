//! The kubelet's world as data: each pod on the node ([`PodRt`]) with its containers across
//! instances ([`Slot`], [`Instance`]), the status as generated ([`Generated`]) and as recorded
//! ([`StoredStatus`], [`Snapshot`], [`PodRecord`]).
//!
//! Data only (with the small helpers that read it): the loop that changes it is `sim.rs`, the
//! status written from it `status.rs`, what is kept of it `timeline.rs`, as turmoil keeps the
//! world's state in `world.rs` and the loop in `sim.rs`. Nothing here imports those.

use super::scheduler::Requests;
use super::view::LaneState;
use crate::engine::model::{
    Container, ContainerKind, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus,
};
use crate::engine::runtime::{PodVolumes, Process};
use crate::engine::time::Millis;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How a container instance ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Finished {
    pub at: Millis,
    pub exit_code: i32,
    /// containerd's reason: `Completed`, `Error`, `StartError`, `OOMKilled`.
    pub reason: String,
    pub message: Option<String>,
}

/// One container instance (what `crictl ps -a` lists): restartCount is its index.
#[derive(Clone, Debug)]
pub(super) struct Instance {
    pub id: String,
    pub restart_count: u32,
    pub started: Millis,
    pub finished: Option<Finished>,
    pub logs: Vec<(Millis, String)>,
}

/// Probe bookkeeping for the current instance of a container (prober workers' counters).
#[derive(Clone, Debug, Default)]
pub(super) struct ProbeState {
    /// `started` (startup probe succeeded, or none defined and running).
    pub started: bool,
    /// Readiness result.
    pub ready: bool,
    /// Consecutive failures / successes per probe kind: startup, liveness, readiness.
    pub fails: [u32; 3],
    pub oks: [u32; 3],
}

/// One container of a pod across all its instances.
#[derive(Debug)]
pub(super) struct Slot {
    /// Boxed, as is `proc`: a spec is over 1 KB and a process 0.5 KB, and the per-sync state
    /// fingerprint reads the small fields of every slot of a pod (fewer cache lines apart).
    pub spec: Box<Container>,
    pub kind: ContainerKind,
    pub instances: Vec<Instance>,
    /// The kubelet's `reasonCache`: the last start failure, shown as the waiting reason.
    pub reason_cache: Option<(String, String)>,
    /// `imageID` once the image is on the node.
    pub image_id: String,
    /// The running process of the newest instance.
    pub proc: Option<Box<Process>>,
    /// Bumped for every new instance, so wake-ups and probes of old instances are ignored.
    pub gen: u64,
    pub probe: ProbeState,
    /// When SIGTERM was sent to the current instance.
    pub term_sent: Option<Millis>,
    /// An image pull in progress (the pod worker is blocked on it until this instant).
    pub pulling_until: Option<Millis>,
    /// The image was just pulled for this container: its next start skips the `Pulled` event.
    pub just_pulled: bool,
    /// `involvedObject.fieldPath` of its events (`spec.initContainers{init-db}`), formatted
    /// once: back-off syncs record an event every 10–15 s.
    pub field: String,
    /// Its key in the crash back-off table (`<pod uid>/<container name>`), formatted once.
    pub backoff_key: String,
    /// The message of its `BackOff` event (`Back-off restarting failed container C in pod
    /// P`), formatted once: it never changes, and a crash-looping container records it on
    /// every back-off sync.
    pub backoff_event: String,
    /// The pull in progress: image, milliseconds, size in bytes.
    pub pending_pull: Option<(String, u64, u64)>,
    /// Its last generated status, reused while its inputs stay the same.
    pub status_memo: Option<StatusMemo>,
}

impl Slot {
    pub fn running(&self) -> bool {
        self.proc.is_some()
    }
    pub fn latest(&self) -> Option<&Instance> {
        self.instances.last()
    }
    pub fn field_path(&self) -> String {
        self.field.clone()
    }
    /// Exited with code 0 (a regular init container that is done).
    pub fn succeeded(&self) -> bool {
        matches!(self.latest().and_then(|i| i.finished.as_ref()), Some(f) if f.exit_code == 0 && f.reason != "StartError")
    }
}

/// A pod on the simulated cluster.
#[derive(Debug)]
pub(super) struct PodRt {
    pub pod: Pod,
    pub uid: String,
    /// `format.Pod(pod)`: `<name>_<namespace>(<uid>)`, formatted once (back-off messages).
    pub pod_ref: String,
    pub ip: String,
    pub created: Millis,
    pub node: Option<String>,
    /// The FitError while unschedulable.
    pub unschedulable: Option<String>,
    pub start_time: Option<Millis>,
    /// The sandbox exists (PodReadyToStartContainers).
    pub sandbox: bool,
    pub deletion: Option<Millis>,
    pub grace: Millis,
    pub removed: Option<Millis>,
    /// Init containers (spec order) then app containers.
    pub slots: Vec<Slot>,
    pub n_init: usize,
    /// Initialisation finished once (sticky: app containers have been started).
    pub initialized: bool,
    /// The kubelet decided to kill the pod (completion, Never+failed init, deadline, deletion):
    /// nothing is started again.
    pub killing: bool,
    /// SIGKILL everything still running at this instant.
    pub kill_deadline: Option<Millis>,
    pub phase: PodPhase,
    pub reason: Option<String>,
    pub message: Option<String>,
    /// Conditions last written (kept for `lastTransitionTime`), shared with the pod's last
    /// snapshot.
    pub conditions: Arc<Vec<PodCondition>>,
    pub volumes: PodVolumes,
    /// The one pending sync: (when, sequence number of its queue entry).
    pub next_sync: Option<(Millis, u64)>,
    /// Deterministic jitter source for this pod (SplitMix64 state seeded from its name).
    pub rng: u64,
    pub record: PodRecord,
    /// The scheduler's effective request (computed once: specs are immutable).
    pub requests: Requests,
    /// Fingerprint of everything the status is generated from, at the last write: a sync that
    /// changed nothing (a pod re-queued in back-off) skips generating an identical status.
    pub status_hash: Option<u64>,
}

impl PodRt {
    pub fn name(&self) -> &str {
        &self.pod.metadata.name
    }
    pub fn namespace(&self) -> &str {
        if self.pod.metadata.namespace.is_empty() {
            "default"
        } else {
            &self.pod.metadata.namespace
        }
    }
    pub fn init_slots(&self) -> std::ops::Range<usize> {
        0..self.n_init
    }
    pub fn app_slots(&self) -> std::ops::Range<usize> {
        self.n_init..self.slots.len()
    }
    /// A fingerprint of the inputs of `status::generate_status` and of the lanes: container
    /// instances, reasonCache, probe results, termination, phase, scheduling. Only compared for
    /// equality with the previous one (never printed).
    pub fn state_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        (
            self.phase,
            &self.reason,
            &self.message,
            &self.node,
            &self.unschedulable,
            self.start_time,
            self.sandbox,
            self.deletion,
            self.removed,
            self.killing,
            self.initialized,
        )
            .hash(&mut h);
        for s in &self.slots {
            s.instances.len().hash(&mut h);
            if let Some(i) = s.instances.last() {
                (i.finished.as_ref().map(|f| (f.at, f.exit_code))).hash(&mut h);
            }
            (
                &s.reason_cache,
                &s.image_id,
                s.proc.is_some(),
                s.probe.started,
                s.probe.ready,
                s.term_sent.is_some(),
            )
                .hash(&mut h);
        }
        h.finish()
    }

    /// `wait.Jitter(10s, 0.5)`: the pod worker's re-queue after a sync error, 10–15 s. Drawn
    /// from a SplitMix64 seeded by the pod name, so each pod's timings do not depend on others.
    pub fn requeue_delay(&mut self) -> Millis {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Millis(10_000 + z % 5_001)
    }
}

/// A status as generated: the container statuses are shared values (`Arc`), each memoised in
/// its slot, so a write rebuilds only the containers whose inputs changed (a restart changes one
/// container of five) and the timeline stores the same values without copying them.
pub(super) struct Generated {
    /// Phase, reason, message, IPs, start time and QoS class (the conditions and container
    /// status lists of this `PodStatus` are left empty: they are the fields below).
    pub rest: PodStatus,
    /// `conditions`: the pod's previous ones (`PodRt::conditions`, the same `Arc`) when
    /// nothing about them changed.
    pub conditions: Arc<Vec<PodCondition>>,
    /// `initContainerStatuses`.
    pub init: Vec<Arc<ContainerStatus>>,
    /// `containerStatuses`.
    pub apps: Vec<Arc<ContainerStatus>>,
}

impl Generated {
    /// The status of container `s` (init containers first, as slots are numbered).
    pub fn container(&self, n_init: usize, s: usize) -> Option<&ContainerStatus> {
        if s < n_init { self.init.get(s) } else { self.apps.get(s - n_init) }.map(|c| &**c)
    }
}

/// Everything `status::container_status` reads from a slot and its pod, but the reason cache and the
/// image ID (compared as values). An instance is appended once and its `finished` written once,
/// so the number of instances and whether the last two have finished pin down their values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct StatusKey {
    pub instances: usize,
    pub latest_finished: bool,
    pub previous_finished: bool,
    pub killing: bool,
    pub running: bool,
    pub probe_started: bool,
    pub probe_ready: bool,
}

/// A slot's last generated container status and what it was generated from.
#[derive(Debug)]
pub(super) struct StatusMemo {
    pub key: StatusKey,
    pub reason_cache: Option<(String, String)>,
    pub status: Arc<ContainerStatus>,
}

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

    /// Phase, reason, message, IPs, start time and QoS class (the lists are the fields below).
    pub fn rest(&self) -> &PodStatus {
        &self.rest
    }

    /// `initContainerStatuses`.
    pub fn init(&self) -> &[Arc<ContainerStatus>] {
        &self.init
    }

    /// `containerStatuses`.
    pub fn apps(&self) -> &[Arc<ContainerStatus>] {
        &self.apps
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
    /// Its place among every pod's status writes (same-instant writes of two pods keep the
    /// order the kubelet made them in).
    pub seq: u64,
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

/// One file change, as recorded: who wrote which file of which volume, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FileWrite {
    pub t: Millis,
    pub volume: String,
    pub path: String,
    /// The container whose process wrote it (`None`: the kubelet projected it).
    pub by: Option<String>,
}

/// A container's first read of a volume file's contents (`shelf.rs`): one per (container,
/// file), however often a loop reads it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FileRead {
    pub t: Millis,
    pub volume: String,
    pub path: String,
    /// The container that read it.
    pub by: String,
}

/// Recorded while the simulation runs.
#[derive(Clone, Debug, Default)]
pub(super) struct PodRecord {
    pub snapshots: Vec<Snapshot>,
    /// (instant, volumes version, files) each time the pod's volumes changed.
    pub files: Vec<(Millis, u64, Files)>,
    /// Which file changed when, and who wrote it (`shelf.rs`).
    pub writes: Vec<FileWrite>,
    /// Which container first read which file when (`shelf.rs`).
    pub reads: Vec<FileRead>,
}

/// A [`std::hash::Hasher`] for state fingerprints only (compared for equality, never printed or
/// stored): FNV-1a's constants taken eight bytes at a time, because the fingerprint runs on
/// every sync and byte-at-a-time hashing of reason messages showed in profiles. Deterministic
/// (no random seed); little-endian reads so wasm32 and x86-64 agree.
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 =
                (self.0 ^ u64::from_le_bytes(w)).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
        }
        for b in chunks.remainder() {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// FNV-1a: a small stable hash for deterministic ids and seeds.
pub(super) fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Where the mount of one pod's volumes stands (the volume manager's state; `volume_manager.rs`
/// changes it).
#[derive(Clone, Debug, Default)]
pub(super) struct MountState {
    /// Every volume is mounted (sticky: podlab never unmounts a running pod's volumes).
    pub(super) mounted: bool,
    /// Failed attempts so far (the back-off exponent).
    pub(super) failures: u32,
    /// The next attempt is not before this instant.
    pub(super) next_try: Millis,
}
