//! The world of one simulation: the virtual clock, the event queue, the node's pods with their
//! container instances, and the main loop that dispatches timed events.
//!
//! Entry point: [`Sim::run`]. Events are ordered by (virtual instant, sequence number), so two
//! events at the same millisecond happen in the order they were scheduled: the run is
//! deterministic. Per-pod behaviour lives in the sibling modules (sync, image_puller, probes,
//! status); this file owns the data they share.

use super::backoff::Backoff;
use super::scheduler::{self, Requests};
use super::timeline::{PodRecord, Snapshot, StoredStatus};
use super::{Action, LaneState, NodeConfig, Scenario, WatchRow};
use crate::engine::kubectl::get::pod_columns;
use crate::engine::model::{Container, ContainerKind, Event, Object, Pod, PodCondition, PodPhase};
use crate::engine::runtime::{ApiObjects, PodVolumes, Process, Runtime};
use crate::engine::time::Millis;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::sync::Arc;

/// The PLEG relist period (`genericPlegRelistPeriod = 1s`): container state changes reach the
/// kubelet's sync loop on this grid.
pub(super) const RELIST: Millis = Millis(1000);
/// Default `terminationGracePeriodSeconds`.
pub(super) const DEFAULT_GRACE_SECS: i64 = 30;
use crate::engine::limits::MAX_QUEUE_EVENTS;
/// How long the scheduler leaves an unschedulable pod before retrying without a cluster event
/// (`podMaxInUnschedulablePodsDuration` = 5 min).
const SCHEDULER_RETRY: Millis = Millis(300_000);

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
    pub status_memo: Option<super::status::StatusMemo>,
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
    /// (ready, status, restarts, phase) of the last `-w` row.
    pub last_row: Option<(String, String, u32, String)>,
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
    /// A fingerprint of the inputs of [`Sim::generate_status`] and of the lanes: container
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

/// Something scheduled on the virtual clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Ev {
    /// Scenario action number `n`.
    Action(usize),
    /// The pod worker syncs pod `p`.
    Sync(usize),
    /// The status manager writes pod `p`'s status without acting (after a start failure).
    Status(usize),
    /// Process of `slot` (instance generation `gen`) asked to be advanced now.
    Wake { pod: usize, slot: usize, gen: u64 },
    /// Run probe `kind` (0 startup, 1 liveness, 2 readiness) of `slot`'s instance `gen`.
    Probe { pod: usize, slot: usize, gen: u64, kind: u8 },
    /// An image pull for `slot` finished.
    PullDone { pod: usize, slot: usize },
    /// A container's grace period is over: SIGKILL.
    KillContainer { pod: usize, slot: usize, gen: u64 },
    /// A container's preStop hook finished: SIGTERM.
    Term { pod: usize, slot: usize, gen: u64 },
    /// `activeDeadlineSeconds` reached.
    Deadline(usize),
    /// The scheduler retries unschedulable pods.
    ScheduleRetry,
}

/// The whole simulated cluster at the current virtual instant.
pub(super) struct Sim {
    pub now: Millis,
    seq: u64,
    queue: BinaryHeap<Reverse<(Millis, u64, Ev)>>,
    pub node: NodeConfig,
    pub runtime: Runtime,
    pub api: ApiObjects,
    /// Service name → ClusterIP.
    pub service_ips: BTreeMap<String, String>,
    /// Images present on the node.
    pub images: BTreeSet<String>,
    pub crash_backoff: Backoff,
    pub image_backoff: Backoff,
    pub pods: Vec<PodRt>,
    pub events: Vec<Event>,
    pub rows: Vec<WatchRow>,
    actions: Vec<(Millis, Action)>,
    retry_pending: bool,
    next_container_id: u64,
    /// A sync is running: changes it makes are seen by the *next* relist, not the current one.
    pub in_sync: bool,
}

impl Sim {
    /// A world with the scenario's actions queued.
    pub fn new(scenario: &Scenario) -> Sim {
        let mut sim = Sim {
            now: Millis::ZERO,
            seq: 0,
            queue: BinaryHeap::new(),
            node: scenario.node.clone(),
            runtime: Runtime::new(),
            api: ApiObjects::default(),
            service_ips: BTreeMap::new(),
            images: BTreeSet::new(),
            crash_backoff: Backoff::crash_loop(),
            image_backoff: Backoff::image_pull(),
            pods: Vec::new(),
            events: Vec::new(),
            rows: Vec::new(),
            actions: scenario.actions.clone(),
            retry_pending: false,
            next_container_id: 1,
            in_sync: false,
        };
        for (i, (t, _)) in scenario.actions.iter().enumerate() {
            sim.push(*t, Ev::Action(i));
        }
        sim
    }

    /// Queues `ev` at `t` (never in the past).
    pub fn push(&mut self, t: Millis, ev: Ev) -> u64 {
        let t = t.max(self.now);
        self.seq += 1;
        self.queue.push(Reverse((t, self.seq, ev)));
        self.seq
    }

    /// Asks for a sync of pod `p` at `t`; only the earliest pending request is kept (a sync
    /// re-decides its own follow-up, so a later request is covered by an earlier sync).
    pub fn request_sync(&mut self, p: usize, t: Millis) {
        let t = t.max(self.now);
        if let Some((pending, _)) = self.pods[p].next_sync {
            if pending <= t {
                return;
            }
        }
        let seq = self.push(t, Ev::Sync(p));
        self.pods[p].next_sync = Some((t, seq));
    }

    /// The PLEG relist that notices a change made at `t` (relists run on a 1 s grid). A change
    /// made by a sync is seen by the relist after the one that triggered that sync.
    pub fn relist_after(&self, t: Millis) -> Millis {
        let on_grid = Millis(t.0.div_ceil(RELIST.0) * RELIST.0);
        if self.in_sync && on_grid <= self.now {
            Millis((self.now.0 / RELIST.0 + 1) * RELIST.0)
        } else {
            on_grid
        }
    }

    /// A fresh `containerd://` id (64 hex digits, deterministic).
    pub fn new_container_id(&mut self, pod: usize, slot: usize) -> String {
        let n = self.next_container_id;
        self.next_container_id += 1;
        let seed =
            fnv(&format!("{}/{}/{n}", self.pods[pod].uid, self.pods[pod].slots[slot].spec.name));
        format!(
            "containerd://{:016x}{:016x}{:016x}{:016x}",
            seed,
            seed.rotate_left(17) ^ n,
            seed.rotate_left(31),
            seed ^ 0x5bd1_e995
        )
    }

    /// Records an event about pod `p` (`object`: a field path, or empty for the pod; an owned
    /// `String` is moved in, saving a copy on the back-off path).
    pub fn event(
        &mut self,
        p: usize,
        type_: &str,
        reason: &str,
        object: impl Into<String>,
        message: String,
        source: &str,
    ) {
        self.events.push(Event {
            t: self.now,
            pod: self.pods[p].name().to_string(),
            type_: type_.into(),
            reason: reason.into(),
            object: object.into(),
            message,
            source: source.into(),
        });
    }

    /// Runs the event loop up to `until` (inclusive).
    pub fn run(&mut self, until: Millis) {
        let mut processed: u64 = 0;
        while let Some(Reverse((t, seq, ev))) = self.queue.peek().copied() {
            if t > until {
                break;
            }
            processed += 1;
            if processed > MAX_QUEUE_EVENTS {
                return;
            }
            self.queue.pop();
            self.now = t;
            self.dispatch(seq, ev);
        }
        self.now = until;
    }

    fn dispatch(&mut self, seq: u64, ev: Ev) {
        match ev {
            Ev::Action(i) => self.apply_action(i),
            Ev::Sync(p) => {
                if self.pods[p].next_sync.map(|(_, s)| s) != Some(seq) {
                    return; // superseded by an earlier request
                }
                self.pods[p].next_sync = None;
                self.in_sync = true;
                self.sync_pod(p);
                self.in_sync = false;
            }
            Ev::Status(p) => {
                if self.pods[p].removed.is_none() {
                    self.publish_status(p);
                }
            }
            Ev::Wake { pod, slot, gen } => self.wake(pod, slot, gen),
            Ev::Probe { pod, slot, gen, kind } => self.run_probe(pod, slot, gen, kind),
            Ev::PullDone { pod, slot } => self.pull_done(pod, slot),
            Ev::KillContainer { pod, slot, gen } => self.kill_container_now(pod, slot, gen),
            Ev::Term { pod, slot, gen } => self.term_container(pod, slot, gen),
            Ev::Deadline(p) => {
                if self.pods[p].removed.is_none() {
                    self.request_sync(p, self.now);
                }
            }
            Ev::ScheduleRetry => {
                self.retry_pending = false;
                self.schedule_pending();
            }
        }
    }

    fn apply_action(&mut self, i: usize) {
        let Some((_, action)) = self.actions.get(i).cloned() else { return };
        match action {
            Action::Apply(objects) => {
                for o in objects {
                    self.apply_object(o);
                }
                self.schedule_pending();
            }
            Action::DeletePod(name) => self.delete_pod(&name),
        }
    }

    fn apply_object(&mut self, o: Object) {
        match o {
            Object::Pod(pod) => {
                let exists =
                    self.pods.iter().any(|p| p.removed.is_none() && p.name() == pod.metadata.name);
                if exists || pod.metadata.name.is_empty() {
                    // Pod specs are immutable apart from a few fields; re-applying an existing
                    // pod changes nothing that podlab models.
                    return;
                }
                self.add_pod(pod);
            }
            Object::Service(s) => {
                let name = s.metadata.name.clone();
                if !self.service_ips.contains_key(&name) {
                    let ip = match s.cluster_ip.as_deref() {
                        Some(ip) if ip != "None" && !ip.is_empty() => ip.to_string(),
                        _ => self.allocate_cluster_ip(&name),
                    };
                    self.service_ips.insert(name.clone(), ip);
                }
                self.api.services.insert(name, s);
            }
            // A pod waiting in CreateContainerConfigError for this object is already re-synced
            // every 10–15 s (error re-queue), which is how the kubelet notices it too.
            Object::ConfigMap(c) => {
                self.api.config_maps.insert(c.metadata.name.clone(), c);
            }
            Object::Secret(s) => {
                self.api.secrets.insert(s.metadata.name.clone(), s);
            }
        }
    }

    /// A ClusterIP from the service CIDR 10.96.0.0/16 (kubeadm's default is /12), picked from
    /// the Service's name so it does not depend on apply order, never 10.96.0.1 (`kubernetes`)
    /// or 10.96.0.10 (`kube-dns`, the pods' nameserver), never one already in use.
    fn allocate_cluster_ip(&self, name: &str) -> String {
        let h = fnv(name);
        let mut n = (h % (256 * 254)) as u32;
        for _ in 0..256 * 254 {
            let (x, y) = (n / 254 % 256, n % 254 + 1);
            let ip = format!("10.96.{x}.{y}");
            let reserved = x == 0 && (y == 1 || y == 10);
            if !reserved && !self.service_ips.values().any(|v| *v == ip) {
                return ip;
            }
            n = (n + 1) % (256 * 254);
        }
        // 65 000 Services: the real allocator would refuse; podlab shares an address instead.
        "10.96.255.254".into()
    }

    fn add_pod(&mut self, pod: Pod) {
        let idx = self.pods.len();
        let name = pod.metadata.name.clone();
        let uid = uid_for(&name, self.now);
        let ns = if pod.metadata.namespace.is_empty() {
            "default"
        } else {
            pod.metadata.namespace.as_str()
        };
        let pod_ref = format!("{name}_{ns}({uid})");
        let mut slots = Vec::new();
        for c in &pod.spec.init_containers {
            let kind = if c.is_sidecar() { ContainerKind::Sidecar } else { ContainerKind::Init };
            slots.push(new_slot(c.clone(), kind, &uid, &pod_ref));
        }
        for c in &pod.spec.containers {
            slots.push(new_slot(c.clone(), ContainerKind::App, &uid, &pod_ref));
        }
        let grace = pod
            .spec
            .termination_grace_period_seconds
            .unwrap_or(DEFAULT_GRACE_SECS)
            .clamp(0, 86_400 * 365) as u64;
        let n_init = pod.spec.init_containers.len();
        let rt = PodRt {
            uid,
            pod_ref,
            // Pod IPs from the node's pod CIDR (10.244.0.0/24 as kubeadm/flannel hand out),
            // in creation order.
            ip: format!("10.244.{}.{}", (idx + 4) / 250, (idx + 4) % 250 + 1),
            created: self.now,
            node: None,
            unschedulable: None,
            start_time: None,
            sandbox: false,
            deletion: None,
            grace: Millis::from_secs(grace),
            removed: None,
            slots,
            n_init,
            initialized: false,
            killing: false,
            kill_deadline: None,
            phase: PodPhase::Pending,
            reason: None,
            message: None,
            conditions: Arc::default(),
            volumes: PodVolumes::default(),
            next_sync: None,
            rng: fnv(&name),
            record: PodRecord::default(),
            last_row: None,
            requests: scheduler::effective_requests(&pod),
            status_hash: None,
            pod,
        };
        self.pods.push(rt);
        self.publish_status(idx);
    }

    /// Tries to bind every unscheduled pod, in creation order (the scheduling queue is FIFO for
    /// equal priority).
    pub fn schedule_pending(&mut self) {
        let holds = |p: &PodRt| p.node.is_some() && p.removed.is_none() && !p.phase.is_terminal();
        let mut used = Requests::default();
        let mut bound = 0;
        for p in self.pods.iter().filter(|p| holds(p)) {
            used.cpu_milli = used.cpu_milli.saturating_add(p.requests.cpu_milli);
            used.memory_bytes = used.memory_bytes.saturating_add(p.requests.memory_bytes);
            bound += 1;
        }
        let mut any_failed = false;
        for p in 0..self.pods.len() {
            if self.pods[p].node.is_some()
                || self.pods[p].removed.is_some()
                || self.pods[p].deletion.is_some()
            {
                continue;
            }
            let req = self.pods[p].requests;
            // `spec.nodeName` bypasses the scheduler: bound to this node at once, or never
            // (no such node: the pod stays Pending with no events, as on a real cluster).
            let preset = self.pods[p].pod.spec.node_name.clone();
            if let Some(n) = preset.as_deref().filter(|n| !n.is_empty()) {
                if n == self.node.name {
                    used.cpu_milli = used.cpu_milli.saturating_add(req.cpu_milli);
                    used.memory_bytes = used.memory_bytes.saturating_add(req.memory_bytes);
                    bound += 1;
                    self.pods[p].node = Some(n.to_string());
                    self.publish_status(p);
                    let t = self.now + RELIST;
                    self.request_sync(p, t);
                }
                continue;
            }
            match scheduler::fit(&self.node, used, bound, req) {
                Ok(()) => {
                    used.cpu_milli = used.cpu_milli.saturating_add(req.cpu_milli);
                    used.memory_bytes = used.memory_bytes.saturating_add(req.memory_bytes);
                    bound += 1;
                    self.pods[p].node = Some(self.node.name.clone());
                    self.pods[p].unschedulable = None;
                    let msg = format!(
                        "Successfully assigned {}/{} to {}",
                        self.pods[p].namespace(),
                        self.pods[p].name(),
                        self.node.name
                    );
                    self.event(p, "Normal", "Scheduled", "", msg, "default-scheduler");
                    self.publish_status(p);
                    // The kubelet's pod worker picks a newly bound pod up about a second later
                    // (watch delivery + the first sync; reference tables: "≈1").
                    let t = self.now + RELIST;
                    self.request_sync(p, t);
                }
                Err(msg) => {
                    any_failed = true;
                    self.pods[p].unschedulable = Some(msg.clone());
                    self.event(p, "Warning", "FailedScheduling", "", msg, "default-scheduler");
                    self.publish_status(p);
                }
            }
        }
        if any_failed && !self.retry_pending {
            self.retry_pending = true;
            let t = self.now + SCHEDULER_RETRY;
            self.push(t, Ev::ScheduleRetry);
        }
    }

    fn delete_pod(&mut self, name: &str) {
        let Some(p) = self.pods.iter().position(|p| p.removed.is_none() && p.name() == name) else {
            return;
        };
        if self.pods[p].deletion.is_some() {
            return;
        }
        if self.pods[p].node.is_none() {
            // Never bound: the API server deletes it at once (no kubelet to wait for).
            self.pods[p].deletion = Some(self.now);
            self.pods[p].removed = Some(self.now);
            self.publish_status(p);
            return;
        }
        self.pods[p].deletion = Some(self.now);
        self.pods[p].killing = true;
        let deadline = self.now + self.pods[p].grace;
        self.pods[p].kill_deadline = Some(deadline);
        self.publish_status(p);
        self.request_sync(p, self.now);
    }

    /// Writes pod `p`'s status as of now (the status manager): a snapshot for the timeline and a
    /// `-w` row when the printed row changes.
    pub fn publish_status(&mut self, p: usize) {
        let now = self.now;
        let hash = self.pods[p].state_hash();
        if self.pods[p].status_hash == Some(hash) {
            return;
        }
        self.pods[p].status_hash = Some(hash);
        let status = self.generate_status(p);
        let pr = &mut self.pods[p];
        pr.phase = status.rest.phase;
        let lanes: Vec<(LaneState, Option<&str>)> =
            (0..pr.slots.len()).map(|s| super::status::lane_state(pr, s, &status)).collect();
        // spec.nodeName as the API shows it (also when preset to a node that does not exist).
        let node = pr
            .node
            .as_deref()
            .or_else(|| pr.pod.spec.node_name.as_deref().filter(|n| !n.is_empty()));
        let removed = pr.removed.is_some();
        let last = pr.record.snapshots.last();
        if last.is_some_and(|l| l.same_state(&status, pr.deletion, node, &lanes, removed)) {
            // `pr.conditions` already holds these conditions: they are the last snapshot's.
            return;
        }
        let row = pod_columns(
            &pr.pod,
            &status.rest,
            &status.conditions,
            &status.init,
            &status.apps,
            pr.deletion.is_some(),
        );
        let phase = status.rest.phase.as_str();
        let (node, lanes) = (Snapshot::share_node(node, last), Snapshot::share_lanes(&lanes, last));
        let status = StoredStatus::new(status, last.map(|l| &l.status));
        // The next status keeps `lastTransitionTime`s from these (shared, not copied).
        pr.conditions = status.conditions.clone();
        pr.record.snapshots.push(Snapshot {
            t: now,
            status,
            deletion: pr.deletion,
            node,
            lanes,
            removed,
        });
        let changed_row = match &pr.last_row {
            Some((ready, status, restarts, ph)) => {
                *ready != row.ready
                    || *status != row.status
                    || *restarts != row.restarts
                    || ph != phase
            }
            None => true,
        };
        if changed_row {
            pr.last_row =
                Some((row.ready.clone(), row.status.clone(), row.restarts, phase.to_string()));
            let restarts = row.restarts_text(now);
            let pod = pr.pod.metadata.name.clone();
            self.rows.push(WatchRow {
                t: now,
                pod,
                ready: row.ready,
                status: row.status,
                restarts,
                phase: phase.to_string(),
            });
        }
    }

    /// Hands the finished pods over to the timeline.
    pub fn into_parts(self) -> (Vec<PodRt>, Vec<Event>, Vec<WatchRow>) {
        (self.pods, self.events, self.rows)
    }
}

fn new_slot(spec: Container, kind: ContainerKind, pod_uid: &str, pod_ref: &str) -> Slot {
    let field = match kind {
        ContainerKind::App => format!("spec.containers{{{}}}", spec.name),
        _ => format!("spec.initContainers{{{}}}", spec.name),
    };
    let backoff_key = format!("{pod_uid}/{}", spec.name);
    let backoff_event =
        format!("Back-off restarting failed container {} in pod {pod_ref}", spec.name);
    Slot {
        field,
        backoff_key,
        backoff_event,
        spec: Box::new(spec),
        kind,
        instances: Vec::new(),
        reason_cache: None,
        image_id: String::new(),
        proc: None,
        gen: 0,
        probe: ProbeState::default(),
        term_sent: None,
        pulling_until: None,
        just_pulled: false,
        pending_pull: None,
        status_memo: None,
    }
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

/// A deterministic UUID-shaped uid from the pod's name and creation instant.
fn uid_for(name: &str, t: Millis) -> String {
    let a = fnv(&format!("{name}@{}", t.0));
    let b = fnv(&format!("{}#{name}", t.0));
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}
