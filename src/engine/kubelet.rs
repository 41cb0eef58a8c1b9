//! The simulated node: scheduler, image puller, the kubelet's sync loop, probes, status and
//! events, all in virtual time.
//!
//! Entry point: [`simulate`] turns a [`Scenario`] (admitted objects plus timed actions) into a
//! [`Timeline`]: an immutable record from which the cluster state at any instant is read
//! cheaply. The UI scrubs through it; the CLI prints it; exercises are checked against it.
//! Same scenario, same timeline, byte for byte.
//!
//! This file is the **contract** the UI, the CLI and the curriculum build against. The
//! placeholder implementation below only schedules pods and never starts a container; the
//! kubelet issue replaces the internals, keeping these signatures (adding to them is fine).

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
        NodeConfig { name: "node01".into(), cpu_milli: 2000, memory_bytes: 4 * 1024 * 1024 * 1024, pods: 110 }
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
        Scenario { node: NodeConfig::default(), actions: vec![(Millis::ZERO, Action::Apply(objects))], until }
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
    pods: Vec<PodView>,
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
    /// A pod's state at `t` (`None` before it was created or after it was removed).
    pub fn pod_at(&self, name: &str, t: Millis) -> Option<PodView> {
        self.pods.iter().find(|p| p.pod.metadata.name == name && p.created <= t).cloned()
    }
    /// Every pod that exists at `t`, in creation order.
    pub fn pods_at(&self, t: Millis) -> Vec<PodView> {
        self.pod_names().iter().filter_map(|n| self.pod_at(n, t)).collect()
    }
    /// Events recorded up to and including `t`, in order (not aggregated).
    pub fn events_until(&self, t: Millis) -> Vec<Event> {
        self.events.iter().filter(|e| e.t <= t).cloned().collect()
    }
    /// Every `kubectl get pods -w` row, in order.
    pub fn rows(&self) -> &[WatchRow] {
        &self.rows
    }
    /// Log lines of a container instance written up to `t`. `previous`: the instance before the
    /// current one at `t` (`kubectl logs --previous`). `None` if there is no such instance.
    pub fn logs(&self, _pod: &str, _container: &str, _previous: bool, _t: Millis) -> Option<Vec<(Millis, String)>> {
        None
    }
    /// Files in each volume of a pod at `t`: volume name → (path → contents).
    pub fn files_at(&self, _pod: &str, _t: Millis) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
        BTreeMap::new()
    }
    /// One lane per container of every pod (init containers first, in spec order).
    pub fn lanes(&self) -> Vec<Lane> {
        Vec::new()
    }
    /// Every instant at which something visible changed (for "step to next event"), sorted.
    pub fn change_times(&self) -> Vec<Millis> {
        let mut v: Vec<Millis> = self.rows.iter().map(|r| r.t).chain(self.events.iter().map(|e| e.t)).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Runs a scenario to its `until` instant.
pub fn simulate(scenario: &Scenario) -> Timeline {
    let mut tl = Timeline { end: scenario.until, ..Timeline::default() };
    for (t, action) in &scenario.actions {
        if let Action::Apply(objects) = action {
            for o in objects {
                if let Object::Pod(p) = o {
                    tl.pods.push(PodView { pod: p.clone(), status: PodStatus::default(), created: *t, deletion_timestamp: None, node_name: None });
                }
            }
        }
    }
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
pub fn exec_at(_scenario: &Scenario, _t: Millis, pod: &str, _container: Option<&str>, _argv: &[String]) -> Result<ExecOutput, String> {
    Err(format!("Error from server (NotFound): pods \"{pod}\" not found"))
}
