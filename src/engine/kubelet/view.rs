//! What the kubelet shows of a pod at one instant, as plain data: the pod ([`PodView`]), each
//! container's display state ([`ContainerView`]), the Gantt lanes ([`Lane`], [`Segment`],
//! [`LaneState`]) and the `-w` rows ([`WatchRow`]).
//!
//! Data only: the values are decided by the kubelet (`status.rs`, when it writes a status) and
//! read by everyone else. Cards, lanes, narration and the printers word and colour them; none of
//! them recomputes a state, a reason or a back-off.

use crate::engine::model::{ContainerKind, Pod, PodStatus};
use crate::engine::time::Millis;

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
    /// Each container's display state: init containers (sidecars among them) in spec order,
    /// then app containers.
    pub containers: Vec<ContainerView>,
}

/// One container's display state at one instant, as the kubelet decides it: the single source
/// for the container cards, the Gantt lanes and the narration (which only word and colour it).
///
/// The field names are a contract for the UI (`ui/cards.rs`, `ui/gantt.rs`, `ui/narrate.rs`):
/// add fields, do not rename them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerView {
    /// Container name.
    pub name: String,
    /// Init, sidecar or app.
    pub kind: ContainerKind,
    /// Position in the pod: init containers (spec order) from 0, then app containers.
    pub index: usize,
    /// The state word (also the colour, the same as the container's Gantt lane at this instant).
    pub state: LaneState,
    /// The waiting or terminated reason (`PodInitializing`, `CrashLoopBackOff`, `ErrImagePull`,
    /// `Completed`, `Error`); `None` while running.
    pub reason: Option<String>,
    /// What it waits on: the regular init container ahead of it that has not completed yet
    /// (`waiting for init-a to complete`). Only while waiting to be started for the first time
    /// (no reason, or `PodInitializing`).
    pub waiting_for: Option<String>,
    /// The current back-off period in ms while in `CrashLoopBackOff` / `ImagePullBackOff` (the
    /// `40s` of `back-off 40s restarting failed container`).
    pub backoff_ms: Option<u64>,
    /// How much of that back-off is left at this instant, in ms (0 once it has run out and the
    /// kubelet has not retried yet).
    pub backoff_remaining_ms: Option<u64>,
    /// Exit code of the current instance once terminated or, while waiting to restart, of the
    /// previous one.
    pub exit_code: Option<i32>,
    /// The signal that ended it, if any (with `exit_code`).
    pub signal: Option<i32>,
    /// `restartCount`.
    pub restart_count: u32,
    /// `ready` (a regular init container: exited 0).
    pub ready: bool,
    /// `started` (running and its startup probe, if any, succeeded).
    pub started: bool,
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
    /// Waiting to be created or started (PodInitializing, ContainerCreating, pulling,
    /// ErrImagePull).
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

impl LaneState {
    /// A stable lower-case name (`waiting`, `backoff`, …): the UI's `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            LaneState::Waiting => "waiting",
            LaneState::Running => "running",
            LaneState::Ready => "ready",
            LaneState::Completed => "completed",
            LaneState::Failed => "failed",
            LaneState::BackOff => "backoff",
            LaneState::Terminating => "terminating",
        }
    }
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
