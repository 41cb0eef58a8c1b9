//! The world of one simulation: the virtual clock, the event queue, the node's pods with their
//! container instances, and the main loop that dispatches timed events.
//!
//! Entry point: [`Sim::run`]. Events are ordered by (virtual instant, sequence number), so two
//! events at the same millisecond happen in the order they were scheduled: the run is
//! deterministic. Per-pod behaviour lives in the sibling modules (sync, image_puller, probes,
//! status); this file owns the data they share.

use super::backoff::Backoff;
use super::scheduler::{self, Requests};
use super::world::{fnv, MarkRef, PodRecord, Snapshot, StoredStatus};
pub(super) use super::world::{Finished, Instance, PodRt, ProbeState, Slot};
use super::{Action, LaneState, NodeConfig, Scenario};
use crate::engine::admission::defaults;
use crate::engine::limits::MAX_QUEUE_EVENTS;
use crate::engine::model::{Container, ContainerKind, Event, Object, Pod, PodPhase};
use crate::engine::runtime::{ApiObjects, PodVolumes, Runtime};
use crate::engine::time::Millis;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::sync::Arc;

/// The PLEG relist period (`genericPlegRelistPeriod = 1s`): container state changes reach the
/// kubelet's sync loop on this grid.
pub(super) const RELIST: Millis = Millis(1000);
/// How long the scheduler leaves an unschedulable pod before retrying without a cluster event
/// (`podMaxInUnschedulablePodsDuration` = 5 min).
const SCHEDULER_RETRY: Millis = Millis(300_000);

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
    /// Status writes recorded so far, across pods: each snapshot's place in the order of
    /// writes (kubectl's `-w` rows are read back in this order).
    pub writes: u64,
    actions: Vec<(Millis, Action)>,
    retry_pending: bool,
    next_container_id: u64,
    /// A sync is running: changes it makes are seen by the *next* relist, not the current one.
    pub in_sync: bool,
    /// Pod worker → the instant it is free again: `startContainer` runs postStart before it
    /// returns, and `killContainer` (a probe's kill) runs preStop before it returns, so the
    /// pod's syncs wait until then.
    pub worker_busy: BTreeMap<usize, Millis>,
    /// (pod, slot) → (instant its preStop hook ended or gives up, whether the hook failed):
    /// `Killing` was recorded and SIGTERM is still to be sent (a sidecar also waits for its turn).
    pub pending_term: BTreeMap<(usize, usize), (Millis, bool)>,
    /// The volume manager's mount state per pod (see `volume_manager`).
    pub mounts: BTreeMap<usize, super::world::MountState>,
    /// PersistentVolumeClaims by name: each is bound at once to a volume of the default
    /// StorageClass, whose files (path → contents, and directories) outlive the pods using it.
    pub claims: BTreeMap<String, (crate::engine::model::PersistentVolumeClaim, ClaimData)>,
}

/// The contents of a claim's volume: files and directories, as a pod's volume holds them.
#[derive(Clone, Debug, Default)]
pub(super) struct ClaimData {
    pub files: BTreeMap<String, Vec<u8>>,
    pub dirs: BTreeSet<String>,
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
            writes: 0,
            actions: scenario.actions.clone(),
            retry_pending: false,
            next_container_id: 1,
            in_sync: false,
            worker_busy: BTreeMap::new(),
            pending_term: BTreeMap::new(),
            mounts: BTreeMap::new(),
            claims: BTreeMap::new(),
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
            // Bound at once (the default StorageClass provisions on demand); re-applying keeps
            // the data. A pod waiting for it is retried by the scheduling pass after the apply.
            Object::PersistentVolumeClaim(c) => {
                let data = self.claims.remove(&c.metadata.name).map(|(_, d)| d).unwrap_or_default();
                self.claims.insert(c.metadata.name.clone(), (c, data));
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

    fn add_pod(&mut self, mut pod: Pod) {
        let idx = self.pods.len();
        // The API server's create: uid, creation time and (for a pod that skipped admission)
        // the defaults, decided in one place.
        defaults::on_create(&mut pod, self.now);
        let name = pod.metadata.name.clone();
        let uid = pod.metadata.uid.clone();
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
            .unwrap_or(defaults::TERMINATION_GRACE_PERIOD_SECONDS)
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
            let missing_claim =
                self.pods[p].pod.spec.volumes.iter().find_map(|v| match &v.source {
                    crate::engine::model::VolumeSource::PersistentVolumeClaim { claim_name }
                        if !self.claims.contains_key(claim_name) =>
                    {
                        Some(claim_name.clone())
                    }
                    _ => None,
                });
            let fit = match missing_claim {
                // VolumeBinding's PreFilter: unschedulable and unresolvable on every node.
                Some(claim) => Err(scheduler::missing_claim(&claim)),
                None => scheduler::fit(&self.node, used, bound, req),
            };
            match fit {
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

    /// Writes pod `p`'s status as of now (the status manager): a snapshot for the timeline
    /// (kubectl derives its `-w` rows from these).
    pub fn publish_status(&mut self, p: usize) {
        let now = self.now;
        let hash = self.pods[p].state_hash();
        if self.pods[p].status_hash == Some(hash) {
            return;
        }
        self.pods[p].status_hash = Some(hash);
        let status = super::status::generate_status(&mut self.pods[p], self.now);
        let pr = &self.pods[p];
        let lanes: Vec<MarkRef> = (0..pr.slots.len())
            .map(|s| {
                let (state, reason) = super::status::lane_state(pr, s, &status);
                let backoff = (state == LaneState::BackOff)
                    .then(|| {
                        let (crash, image) = (&self.crash_backoff, &self.image_backoff);
                        super::status::backoff_window(crash, image, pr, s, reason)
                    })
                    .flatten();
                (state, reason, backoff)
            })
            .collect();
        // The write's place among all pods' writes (numbers skipped by writes that record
        // nothing are harmless: only the order matters).
        self.writes += 1;
        let seq = self.writes;
        let pr = &mut self.pods[p];
        pr.phase = status.rest.phase;
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
        let (node, lanes) = (Snapshot::share_node(node, last), Snapshot::share_lanes(&lanes, last));
        let status = StoredStatus::new(status, last.map(|l| &l.status));
        // The next status keeps `lastTransitionTime`s from these (shared, not copied).
        pr.conditions = status.conditions.clone();
        pr.record.snapshots.push(Snapshot {
            seq,
            t: now,
            status,
            deletion: pr.deletion,
            node,
            lanes,
            removed,
        });
    }

    /// Hands the finished pods over to the timeline.
    pub fn into_parts(self) -> (Vec<PodRt>, Vec<Event>) {
        (self.pods, self.events)
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
