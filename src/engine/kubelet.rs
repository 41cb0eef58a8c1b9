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
//! - `sim` — the world: virtual clock, event queue (ties broken by sequence number), pods.
//! - [`scheduler`] — effective requests and the `NodeResourcesFit` filter (§1.2).
//! - `sync` — `SyncPod` / `computePodActions`: init containers, sidecars, app containers,
//!   restart policies, `doBackOff`, termination (§1.3–§1.5, §1.13).
//! - `image_puller` — `EnsureImageExists`, pull policies, image back-off (§1.11, §1.12).
//! - [`backoff`] — client-go's `flowcontrol.Backoff`.
//! - `probes` — startup / liveness / readiness probes, lifecycle hooks and `kubectl exec`.
//! - `status` — container statuses, `getPhase`, the five conditions (§1.6–§1.8).
//! - `network` — the [`crate::engine::runtime::ClusterView`] (DNS, Services, pod IPs).
//! - [`events`] — event wording (§1.10). `timeline` — what is kept for the queries.
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
//! - Probes stop once a container is being terminated; a probe's first run is at
//!   `initialDelaySeconds` after the start, without the prober's random offset.
//! - Lifecycle hooks: `preStop` runs for as long as its command takes (SIGTERM follows, within
//!   the grace period); `postStart` is judged at the start instant (its duration does not delay
//!   the container's `Running` state). A failed `postStart` kills the container (the event
//!   text is `PostStartHook failed`, as the kubelet hides the output from events).
//! - Timestamps in statuses are whole seconds (RFC 3339 from a fixed epoch); `-w` rows and
//!   events keep milliseconds.
//! - A run stops early after 20 million queue events (`limits::MAX_QUEUE_EVENTS`, far above any
//!   lesson) rather than freezing on an absurd `until`.
//! - `spec.nodeName` naming another node leaves the pod Pending with no status: there is no
//!   other kubelet.

pub mod backoff;
pub mod events;
mod image_puller;
mod network;
mod probes;
pub mod scheduler;
mod sim;
mod status;
mod sync;
mod timeline;

pub use image_puller::default_pull_policy;

use crate::engine::model::{ContainerKind, Event, Object, Pod, PodStatus};
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

/// A pod as it stands at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    /// The pod as admitted (spec and metadata).
    pub pod: Pod,
    /// Its status at that instant.
    pub status: PodStatus,
    /// When it was created (applied).
    pub created: Millis,
    /// `metadata.deletionTimestamp`, once deleted.
    pub deletion_timestamp: Option<Millis>,
    /// `spec.nodeName`, once scheduled.
    pub node_name: Option<String>,
}

/// One `kubectl get pods -w` row, emitted each time a pod's row changes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WatchRow {
    /// When (virtual).
    #[serde(serialize_with = "ser_secs")]
    pub t: Millis,
    /// Pod name.
    pub pod: String,
    /// READY column (`0/1`).
    pub ready: String,
    /// STATUS column (`Init:0/2`).
    pub status: String,
    /// RESTARTS column (`0`, `3 (12s ago)`).
    pub restarts: String,
    /// `status.phase`.
    pub phase: String,
}

fn ser_secs<S: serde::Serializer>(t: &Millis, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(t.as_secs_f64())
}

/// What a container is doing during one stretch of a [`Lane`] (the UI colours by this).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LaneState {
    /// Waiting to be created or started (PodInitializing, ContainerCreating, pulling).
    Waiting,
    /// Running (not ready).
    Running,
    /// Running and ready.
    Ready,
    /// Exited 0.
    Completed,
    /// Exited non-zero (or StartError).
    Failed,
    /// Waiting in CrashLoopBackOff / ImagePullBackOff.
    BackOff,
    /// Being stopped (SIGTERM sent, grace period running).
    Terminating,
}

/// A stretch of time in one state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Start (inclusive).
    pub from: Millis,
    /// End (exclusive); `None` while it lasts to the end of the timeline.
    pub to: Option<Millis>,
    /// State.
    pub state: LaneState,
    /// The waiting/terminated reason shown for it (`CrashLoopBackOff`, `Completed`, …).
    pub reason: Option<String>,
}

/// One container's lifetime across all its instances (a Gantt lane).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// Pod name.
    pub pod: String,
    /// Container name.
    pub container: String,
    /// Init, sidecar or app.
    pub kind: ContainerKind,
    /// Segments in time order.
    pub segments: Vec<Segment>,
    /// Instants at which a new instance started (restarts).
    pub starts: Vec<Millis>,
}

/// The result of a simulation: everything that happened, readable at any instant.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    end: Millis,
    pods: Vec<timeline::PodTimeline>,
    events: Vec<Event>,
    rows: Vec<WatchRow>,
}

impl Timeline {
    /// The last simulated instant.
    pub fn end(&self) -> Millis {
        self.end
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
        let rec = self.record_at(name, t)?;
        let snap = rec.snapshot_at(t)?;
        Some(PodView {
            pod: rec.pod.clone(),
            status: snap.status.to_status(),
            created: rec.created,
            deletion_timestamp: snap.deletion,
            node_name: snap.node.as_deref().map(String::from),
        })
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
        self.pods
            .iter()
            .filter(|p| p.exists_at(t))
            .filter_map(|rec| {
                let snap = rec.snapshot_at(t)?;
                Some(PodView {
                    pod: rec.pod.clone(),
                    status: snap.status.to_status(),
                    created: rec.created,
                    deletion_timestamp: snap.deletion,
                    node_name: snap.node.as_deref().map(String::from),
                })
            })
            .collect()
    }
    /// Events recorded up to and including `t`, in order (not aggregated).
    pub fn events_until(&self, t: Millis) -> Vec<Event> {
        let n = self.events.partition_point(|e| e.t <= t);
        self.events[..n].to_vec()
    }
    /// Every `kubectl get pods -w` row, in order.
    pub fn rows(&self) -> &[WatchRow] {
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
                    let Some((state, reason)) = snap.lanes.get(ci).cloned() else { continue };
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
        let mut v: Vec<Millis> = self
            .rows
            .iter()
            .map(|r| r.t)
            .chain(self.events.iter().map(|e| e.t))
            .chain(self.pods.iter().flat_map(|p| p.snapshots.iter().map(|s| s.t)))
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Runs a scenario to its `until` instant.
pub fn simulate(scenario: &Scenario) -> Timeline {
    let mut sim = sim::Sim::new(scenario);
    sim.run(scenario.until);
    let (pods, events, rows) = sim.into_parts();
    Timeline {
        end: scenario.until,
        pods: pods.into_iter().map(timeline::PodTimeline::from_runtime).collect(),
        events,
        rows,
    }
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
