//! The simulated node: scheduler, image puller, the kubelet's sync loop, probes, status and
//! events, all in virtual time.
//!
//! Entry point: [`simulate`] turns a [`Scenario`] (admitted objects plus timed actions) into a
//! [`Timeline`]: an immutable record from which the cluster state at any instant is read
//! cheaply. The UI scrubs through it; the CLI prints it; exercises are checked against it.
//! Same scenario, same timeline, byte for byte.
//!
//! This file is the **contract** the UI, the CLI and the curriculum build against; the
//! simulation lives in the submodules, named after the kubelet parts they imitate:
//! - `world` — the pods and their containers as data; `sim` — the loop: virtual clock, event
//!   queue (ties broken by sequence number), actions.
//! - [`scheduler`] — effective requests and the `NodeResourcesFit` filter (§1.2).
//! - `sync` — `SyncPod` / `computePodActions`: init containers, sidecars, app containers,
//!   restart policies, `doBackOff`, termination (§1.3–§1.5, §1.13).
//! - `image_puller` — `EnsureImageExists`, pull policies, image back-off (§1.11, §1.12).
//! - [`backoff`] — client-go's `flowcontrol.Backoff`.
//! - `probes` — startup / liveness / readiness probes, lifecycle hooks and `kubectl exec`.
//! - `status` — container statuses, `getPhase`, the five conditions (§1.6–§1.8).
//! - `network` — the [`crate::engine::runtime::ClusterView`] (DNS, Services, pod IPs).
//! - [`events`] — event wording (§1.10). `timeline` — what is kept for the queries.
//! - `view` — what a query returns: [`PodView`], each container's display state
//!   ([`ContainerView`]), lanes and `-w` rows (data only).
//!
//! How time flows (reference §0.2, §1.11): the scheduler binds a pod at once (`Scheduled` at
//! the apply instant); the pod worker's first sync is 1 s later. Each sync writes the status
//! first (as `SyncPod` calls `generateAPIPodStatus` before acting), then starts/kills
//! containers. Container state changes are noticed on the PLEG's 1 s relist grid; a sync that
//! acted is followed by another at the next relist; a sync that met an error or a back-off is
//! re-queued after 10–15 s (`wait.Jitter(10s, 0.5)`, drawn from a per-pod seeded SplitMix64).
//!
//! # Simplifications of real Kubernetes (and why)
//! - One node, one namespace (`default`), no controllers: lessons are about one pod's life.
//! - No pod sandbox re-creation (node reboot, sandbox death): podlab has no way to kill a
//!   sandbox, so completed init containers are never re-run (C2/C7 cases beyond that).
//! - Scheduling is instantaneous; unschedulable pods are retried when a pod frees resources or
//!   every 5 minutes. Terminal pods free their requests at once. No preemption, affinity,
//!   taints, pod overhead or pod-level resources. The FitError uses the v1.31–v1.33 wording.
//! - PLEG is modelled as a fixed 1 s grid and the first sync as +1 s: real timings jitter by
//!   ±1 s. The 10–15 s re-queue jitter is deterministic per pod (seeded), not random.
//! - Probes run at `startedAt + initialDelaySeconds`, then every `periodSeconds`, without the
//!   prober's random initial offset; an exec probe's own run time is not simulated (its result
//!   counts at the probe instant). gRPC probes always fail.
//! - Events are recorded one by one; aggregation (`x5 over 3m`) is the printers' job.
//! - The status manager's extra write after a start failure (so `ErrImagePull` shows ≈1 s
//!   after a failed pull, as the reference's tables show) is modelled as a status-only write.
//! - A deleted pod is removed as soon as its containers are dead (no finalizers); just before,
//!   its phase becomes Failed/Succeeded (`TerminatePod`, recalled in reference §4).
//! - OOMKilled needs memory accounting the runtime does not do: containers exit `Completed` /
//!   `Error` / `StartError` only.
//! - Pod specs are immutable here: re-applying an existing pod is ignored (real `kubectl
//!   apply` would reject most changes anyway).
//! - A process talking HTTP to its *own* pod sees that pod's volumes as they were at the start
//!   of its step (the live ones are lent to it). A Service sends every connection to its first
//!   ready endpoint (in pod creation order), not a random one: deterministic output.
//! - `BackOff` events are recorded on every sync that meets a back-off, as the kubelet does;
//!   nothing is aggregated or garbage-collected here (that is kubectl's / the API's business).
//! - Image pulls block only the pod that pulls (the pod worker waits); the node-wide serial
//!   pull queue (`serializeImagePulls`) and image garbage collection are not modelled.
//! - `kubectl exec` and exec probes run inside the container's process (`Process::exec`) to
//!   completion on their own clock: `timeoutSeconds` of an exec probe is not enforced.
//! - Liveness and startup probes stop once a container is being killed or its pod is;
//!   readiness keeps probing until the container exits (also during preStop). While a hook
//!   holds the pod worker, liveness/startup probes wait for it (their failure could not be acted
//!   on). A probe's first run is at `initialDelaySeconds` after the start, without the prober's
//!   random offset.
//! - Lifecycle hooks run to completion on their own clock when they start (their file writes
//!   land at that instant), and their duration is honoured: `postStart` holds the pod worker
//!   (the next container starts only after it returns, as `startContainer` runs it
//!   synchronously); a pod kill runs every container's `preStop` at once and each container
//!   gets SIGTERM when its own hook ends — a sidecar also waits for its turn (regular
//!   containers, then later sidecars) — or, for a hook outliving the grace period, at the
//!   deadline with `FailedPreStopHook`; SIGKILL follows at the deadline, at least 2 s after
//!   SIGTERM. A probe's kill holds the pod worker until the container has exited (nothing
//!   starts or restarts meanwhile), as `StopContainer` waits inside `SyncPod`.
//!   A failed `postStart` kills the container (the event text is `PostStartHook failed`, as the
//!   kubelet hides the output from events).
//! - Volumes are mounted before the sandbox and any image pull (`volume_manager`); a missing
//!   ConfigMap/Secret keeps the pod waiting with `FailedMount` events and exponential retries.
//! - A PersistentVolumeClaim is bound the instant it is applied (a default StorageClass that
//!   provisions at once; no PV objects, no `WaitForFirstConsumer`, access modes not enforced);
//!   a pod naming a claim that does not exist stays unschedulable (VolumeBinding's message)
//!   until it is applied. A claim's files live in the claim: a pod's first sync mounts them and
//!   its writes go back to the claim, so they outlive the pod. Two pods using one claim at once
//!   each see the files as they were at their start (the last writer wins).
//! - Timestamps in statuses are whole seconds (RFC 3339 from a fixed epoch); `-w` rows and
//!   events keep milliseconds.
//! - A run stops early after 20 million queue events (`limits::MAX_QUEUE_EVENTS`, far above any
//!   lesson) rather than freezing on an absurd `until`.
//! - `spec.nodeName` naming another node leaves the pod Pending with no status: there is no
//!   other kubelet.

pub mod backoff;
mod endpoints;
pub mod events;
mod image_puller;
mod network;
mod probes;
pub mod scheduler;
mod settle;
mod shelf;
mod sim;
mod status;
mod sync;
mod timeline;
mod view;
mod volume_manager;
mod world;

pub use endpoints::ServiceSocket;
pub use shelf::{volume_kind, ShelfFile, ShelfMount, ShelfRead, ShelfVolume};
pub use view::{ContainerView, Lane, LaneState, PodView, Segment, WatchRow};

use crate::engine::model::{ContainerStatus, Event, Object, Pod, PodCondition, PodStatus};
use crate::engine::sort::{sort, sort_by_key};
use crate::engine::time::Millis;
use std::collections::BTreeMap;

/// The node podlab simulates (reference §2: `node01`, 2 CPU, 4Gi, 110 pods).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeConfig {
    /// Node name.
    pub name: String,
    /// Allocatable CPU in millicores.
    pub cpu_milli: i64,
    /// Allocatable memory in bytes.
    pub memory_bytes: i64,
    /// Allocatable pod count.
    pub pods: u32,
}

impl Default for NodeConfig {
    fn default() -> Self {
        NodeConfig {
            name: "node01".into(),
            cpu_milli: 2000,
            memory_bytes: 4 * 1024 * 1024 * 1024,
            pods: 110,
        }
    }
}

/// Something that happens at a virtual instant.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `kubectl apply` of these objects (create, or replace a Service/ConfigMap/Secret).
    Apply(Vec<Object>),
    /// `kubectl delete pod NAME` (graceful, `terminationGracePeriodSeconds`).
    DeletePod(String),
}

/// The input of a simulation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    /// The node.
    pub node: NodeConfig,
    /// Timed actions; the objects applied at t = 0 are an `Apply` at `Millis::ZERO`.
    pub actions: Vec<(Millis, Action)>,
    /// Simulate up to this instant.
    pub until: Millis,
}

impl Scenario {
    /// A scenario that applies `objects` at t = 0 and runs until `until`.
    pub fn apply_at_zero(objects: Vec<Object>, until: Millis) -> Scenario {
        Scenario {
            node: NodeConfig::default(),
            actions: vec![(Millis::ZERO, Action::Apply(objects))],
            until,
        }
    }
}

/// The result of a simulation: everything that happened, readable at any instant.
///
/// Its `-w` rows ([`Timeline::rows`]) are kubectl's reading of the status writes
/// ([`Timeline::status_writes`]); that method lives in `kubectl/watch.rs`, which fills the
/// cache here on first use, so the kubelet does not depend on kubectl's printers.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    end: Millis,
    /// The settle point (`settle.rs`): nothing changes after it.
    settled: Option<Millis>,
    /// The Services applied, with their instants (`endpoints.rs`).
    services: Vec<(Millis, crate::engine::model::Service)>,
    pods: Vec<timeline::PodTimeline>,
    events: Vec<Event>,
    rows: std::sync::OnceLock<Vec<WatchRow>>,
}

/// One status write as the kubelet made it, for readers that replay them in order (kubectl's
/// `-w` rows).
#[derive(Clone, Copy, Debug)]
pub struct StatusWrite<'a> {
    /// Which pod record (pods are numbered in creation order; a name reused after a delete is
    /// a new record).
    pub record: usize,
    /// When.
    pub t: Millis,
    /// The pod as admitted.
    pub pod: &'a Pod,
    /// Phase, reason, message, IPs, start time, QoS class (container lists and conditions are
    /// the fields below).
    pub rest: &'a PodStatus,
    /// `conditions`.
    pub conditions: &'a [PodCondition],
    /// `initContainerStatuses`.
    pub init: &'a [std::sync::Arc<ContainerStatus>],
    /// `containerStatuses`.
    pub apps: &'a [std::sync::Arc<ContainerStatus>],
    /// The pod has a deletion timestamp.
    pub deleting: bool,
}

impl Timeline {
    /// The last simulated instant.
    pub fn end(&self) -> Millis {
        self.end
    }
    /// The settle point: the last change of a run after which nothing will change any more
    /// (nothing is scheduled but steady probes and idle loops), or `None` while something is
    /// still to come (a crash loop, a long sleep, a timed action). See `settle.rs`.
    pub fn settled_at(&self) -> Option<Millis> {
        self.settled
    }
    /// Names of every pod ever created, in creation order.
    pub fn pod_names(&self) -> Vec<String> {
        self.pods.iter().map(|p| p.pod.metadata.name.clone()).collect()
    }
    fn record_at(&self, name: &str, t: Millis) -> Option<&timeline::PodTimeline> {
        self.pods.iter().rev().find(|p| p.pod.metadata.name == name && p.exists_at(t))
    }
    /// A pod's state at `t` (`None` before it was created or after it was removed).
    pub fn pod_at(&self, name: &str, t: Millis) -> Option<PodView> {
        self.record_at(name, t)?.view_at(t)
    }
    /// The last status written for the newest pod named `name` — for a deleted pod, the one
    /// written as it was removed (terminal phase, every container terminated): what a
    /// finalizer would keep readable on a real cluster.
    pub fn final_view(&self, name: &str) -> Option<PodView> {
        let rec = self.pods.iter().rev().find(|p| p.pod.metadata.name == name)?;
        rec.view_at(rec.snapshots.last()?.t)
    }
    /// When the pod named `name` that existed at (or last before) `t` was created — also for a
    /// pod already removed at `t` (for the AGE of a final `-w` row).
    pub fn created_at(&self, name: &str, t: Millis) -> Option<Millis> {
        self.pods
            .iter()
            .rev()
            .find(|p| p.pod.metadata.name == name && p.created <= t)
            .map(|p| p.created)
    }
    /// Every pod that exists at `t`, in creation order.
    pub fn pods_at(&self, t: Millis) -> Vec<PodView> {
        self.pods.iter().filter(|p| p.exists_at(t)).filter_map(|rec| rec.view_at(t)).collect()
    }
    /// Events recorded up to and including `t`, in order (not aggregated).
    pub fn events_until(&self, t: Millis) -> Vec<Event> {
        let n = self.events.partition_point(|e| e.t <= t);
        self.events[..n].to_vec()
    }
    /// Every status write of every pod, in the order the kubelet made them.
    pub fn status_writes(&self) -> Vec<StatusWrite<'_>> {
        let mut v: Vec<(u64, StatusWrite<'_>)> = Vec::new();
        for (record, rec) in self.pods.iter().enumerate() {
            for s in &rec.snapshots {
                v.push((
                    s.seq,
                    StatusWrite {
                        record,
                        t: s.t,
                        pod: &rec.pod,
                        rest: s.status.rest(),
                        conditions: &s.status.conditions,
                        init: s.status.init(),
                        apps: s.status.apps(),
                        deleting: s.deletion.is_some(),
                    },
                ));
            }
        }
        sort_by_key(&mut v, |(seq, _)| *seq);
        v.into_iter().map(|(_, w)| w).collect()
    }

    /// The cache kubectl's `-w` rows are kept in (filled by `kubectl/watch.rs`).
    pub(crate) fn rows_cache(&self) -> &std::sync::OnceLock<Vec<WatchRow>> {
        &self.rows
    }
    /// Log lines of a container instance written up to `t`. `previous`: the instance before the
    /// current one at `t` (`kubectl logs --previous`). `None` if there is no such instance.
    pub fn logs(
        &self,
        pod: &str,
        container: &str,
        previous: bool,
        t: Millis,
    ) -> Option<Vec<(Millis, String)>> {
        let rec = self.record_at(pod, t)?;
        let c = rec.containers.iter().find(|c| c.name == container)?;
        let n = c.instances.partition_point(|i| i.started <= t);
        let idx = if previous { n.checked_sub(2)? } else { n.checked_sub(1)? };
        let inst = c.instances.get(idx)?;
        Some(inst.lines.iter().filter(|(at, _)| *at <= t).cloned().collect())
    }
    /// Every log line of the last instance of `container` in the newest pod named `pod`, also
    /// once that pod has been removed (what a log collector shipped before it went away).
    pub fn final_logs(&self, pod: &str, container: &str) -> Option<Vec<(Millis, String)>> {
        let rec = self.pods.iter().rev().find(|p| p.pod.metadata.name == pod)?;
        let c = rec.containers.iter().find(|c| c.name == container)?;
        Some(c.instances.last()?.lines.clone())
    }
    /// Files in each volume of a pod at `t`: volume name → (path → contents).
    pub fn files_at(&self, pod: &str, t: Millis) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
        let Some(rec) = self.record_at(pod, t) else { return BTreeMap::new() };
        let i = rec.files.partition_point(|(at, _, _)| *at <= t);
        match i.checked_sub(1).and_then(|i| rec.files.get(i)) {
            Some((_, _, files)) => files.clone(),
            None => BTreeMap::new(),
        }
    }
    /// One lane per container of every pod (init containers first, in spec order).
    pub fn lanes(&self) -> Vec<Lane> {
        let mut out = Vec::new();
        for rec in &self.pods {
            for (ci, c) in rec.containers.iter().enumerate() {
                let mut segments: Vec<Segment> = Vec::new();
                for snap in &rec.snapshots {
                    let Some(mark) = snap.lanes.get(ci) else { continue };
                    let (state, reason) = (mark.state, mark.reason.clone());
                    if let Some(last) = segments.last_mut() {
                        if last.state == state && last.reason == reason {
                            continue;
                        }
                        last.to = Some(snap.t);
                    }
                    segments.push(Segment { from: snap.t, to: None, state, reason });
                }
                // Zero-length stretches (two writes at one instant) carry nothing to draw; drop
                // them and merge the neighbours they separated.
                segments.retain(|s| s.to != Some(s.from));
                let mut merged: Vec<Segment> = Vec::with_capacity(segments.len());
                for seg in segments {
                    match merged.last_mut() {
                        Some(last) if last.state == seg.state && last.reason == seg.reason => {
                            last.to = seg.to
                        }
                        _ => merged.push(seg),
                    }
                }
                let mut segments = merged;
                if let (Some(last), Some(r)) = (segments.last_mut(), rec.removed) {
                    last.to = Some(r);
                }
                out.push(Lane {
                    pod: rec.pod.metadata.name.clone(),
                    container: c.name.clone(),
                    kind: c.kind,
                    segments,
                    starts: c.instances.iter().map(|i| i.started).collect(),
                });
            }
        }
        out
    }
    /// Every instant at which something visible changed (for "step to next event"), sorted.
    pub fn change_times(&self) -> Vec<Millis> {
        // (`-w` rows change only at status writes, which the snapshots cover.)
        let mut v: Vec<Millis> = self
            .events
            .iter()
            .map(|e| e.t)
            .chain(self.pods.iter().flat_map(|p| p.snapshots.iter().map(|s| s.t)))
            // A file written on a volume shows on the stage's shelf.
            .chain(self.pods.iter().flat_map(|p| p.files.iter().map(|f| f.0)))
            .collect();
        sort(&mut v);
        v.dedup();
        v
    }
}

/// Runs a scenario to its `until` instant.
pub fn simulate(scenario: &Scenario) -> Timeline {
    let mut sim = sim::Sim::new(scenario);
    sim.run(scenario.until);
    let pending = sim.pending();
    let (pods, events) = sim.into_parts();
    let mut tl = Timeline {
        end: scenario.until,
        settled: None,
        services: endpoints::applied_services(&scenario.actions),
        pods: pods.into_iter().map(timeline::PodTimeline::from_runtime).collect(),
        events,
        rows: Default::default(),
    };
    // The last change: anything `change_times` steps to (files written included).
    let last = tl.change_times().last().copied().unwrap_or(Millis::ZERO);
    tl.settled = settle::settle_point(last, &pending);
    tl
}

/// What `kubectl exec` printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecOutput {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit code (kubectl prints `command terminated with exit code N` when non-zero).
    pub exit_code: i32,
}

/// `kubectl exec POD [-c C] -- ARGV` at instant `t`: re-simulates to `t` and runs `argv` in the
/// container's filesystem and network at that instant. `Err` carries kubectl's refusal, e.g.
/// `error: cannot exec into a container in a completed pod; current phase is Succeeded` or
/// `error: unable to upgrade connection: container not found ("app")`.
/// The runtime runs the command to completion on the exec's own clock (its sleeps do not move
/// the pod's time).
pub fn exec_at(
    scenario: &Scenario,
    t: Millis,
    pod: &str,
    container: Option<&str>,
    argv: &[String],
) -> Result<ExecOutput, String> {
    let mut sim = sim::Sim::new(scenario);
    sim.run(t);
    sim.exec(pod, container, argv)
}
