//! The status the kubelet writes: container statuses (`convertToAPIContainerStatuses`, §1.6),
//! the phase (`getPhase`, §1.7) and the five conditions (`generate.go`, §1.8).
//!
//! Entry point: [`generate_status`], called by the status manager
//! (`Sim::publish_status`) at the start of every sync, before the sync acts — which is why a
//! start failure's waiting reason shows from the *next* sync (§1.11 display consequence).

use super::backoff::Backoff;
use super::view::{ContainerView, LaneState};
use super::world::{BackOffWindow, Finished, Generated, Mark, PodRt, StatusKey, StatusMemo};
use crate::engine::model::{
    ContainerKind, ContainerState, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus,
    RestartPolicy,
};
use crate::engine::time::Millis;
use std::sync::Arc;

impl StatusKey {
    fn of(pr: &PodRt, s: usize) -> StatusKey {
        let slot = &pr.slots[s];
        let n = slot.instances.len();
        let finished = |i: usize| slot.instances.get(i).is_some_and(|i| i.finished.is_some());
        StatusKey {
            instances: n,
            latest_finished: n >= 1 && finished(n - 1),
            previous_finished: n >= 2 && finished(n - 2),
            killing: pr.killing,
            running: slot.running(),
            probe_started: slot.probe.started,
            probe_ready: slot.probe.ready,
        }
    }
}

/// [`container_status`] of slot `s`, reusing the slot's memoised value when its inputs are the
/// same (most writes change one container of the pod, or none).
fn memo_status(pr: &mut PodRt, s: usize) -> Arc<ContainerStatus> {
    let key = StatusKey::of(pr, s);
    let slot = &pr.slots[s];
    if let Some(m) = &slot.status_memo {
        if m.key == key && m.reason_cache == slot.reason_cache && m.status.image_id == slot.image_id
        {
            return m.status.clone();
        }
    }
    let status = Arc::new(container_status(pr, s));
    let slot = &mut pr.slots[s];
    slot.status_memo =
        Some(StatusMemo { key, reason_cache: slot.reason_cache.clone(), status: status.clone() });
    status
}

/// `generateAPIPodStatus` for pod `pr` at `now` (`&mut`: it memoises the container statuses
/// in their slots).
pub(super) fn generate_status(pr: &mut PodRt, now: Millis) -> Generated {
    let mut st = PodStatus { phase: pr.phase, ..PodStatus::default() };
    let mut g = Generated {
        rest: PodStatus::default(),
        conditions: Arc::default(),
        init: Vec::new(),
        apps: Vec::new(),
    };
    if pr.node.is_none() {
        if let Some(msg) = &pr.unschedulable {
            g.conditions = conditions(
                pr,
                [Cond::new("PodScheduled", false, Some("Unschedulable"), Some(msg.clone()))],
                now,
            );
        }
        g.rest = st;
        return g;
    }
    st.host_ip = Some(NODE_IP.to_string());
    if pr.start_time.is_none() {
        // Bound, but the kubelet has not synced it yet: only the scheduler's condition.
        g.conditions = conditions(pr, [Cond::new("PodScheduled", true, None, None)], now);
        g.rest = st;
        return g;
    }
    st.start_time = pr.start_time;
    // The pod IP comes with the sandbox, which waits for the volumes (a container instance or
    // a pull means the sandbox existed, also once a terminated pod's sandbox is gone).
    let had_sandbox =
        pr.sandbox || pr.slots.iter().any(|s| !s.instances.is_empty() || s.pulling_until.is_some());
    st.pod_ip = had_sandbox.then(|| pr.ip.clone());
    // Set once by the API server on create (admission::defaults), copied into each status.
    st.qos_class = pr.pod.spec.qos_class.clone();
    g.init = pr.init_slots().map(|s| memo_status(pr, s)).collect();
    g.apps = pr.app_slots().map(|s| memo_status(pr, s)).collect();
    let pr = &*pr;
    st.phase = if pr.phase.is_terminal() { pr.phase } else { get_phase(pr, &g.init, &g.apps) };
    st.reason = pr.reason.clone();
    st.message = pr.message.clone();

    // Conditions in the order the kubelet writes them.
    let (ready, reason, message) = containers_ready(pr, st.phase, &g.init, &g.apps);
    let specs = [
        Cond::new("PodReadyToStartContainers", pr.sandbox, None, None),
        initialized_condition(pr, st.phase, &g.init),
        Cond::new("Ready", ready, reason, message.clone()),
        Cond::new("ContainersReady", ready, reason, message),
        Cond::new("PodScheduled", true, None, None),
    ];
    g.conditions = conditions(pr, specs, now);
    g.rest = st;
    g
}

/// The node's InternalIP (kubeadm's usual first address on a lab network).
pub(super) const NODE_IP: &str = "172.30.1.2";

/// A condition as generated, before its `lastTransitionTime` is looked up.
struct Cond {
    type_: &'static str,
    status: &'static str,
    reason: Option<&'static str>,
    message: Option<String>,
}

impl Cond {
    fn new(
        type_: &'static str,
        status: bool,
        reason: Option<&'static str>,
        message: Option<String>,
    ) -> Cond {
        Cond { type_, status: if status { "True" } else { "False" }, reason, message }
    }

    /// Whether `c` already is this condition (its `lastTransitionTime` is then kept as is).
    fn is(&self, c: &PodCondition) -> bool {
        c.type_ == self.type_
            && c.status == self.status
            && c.reason.as_deref() == self.reason
            && c.message == self.message
    }
}

/// The conditions `specs`: the pod's previous conditions themselves (shared) when every one is
/// unchanged, as on most writes; otherwise new ones (see [`cond`]).
fn conditions<const N: usize>(pr: &PodRt, specs: [Cond; N], now: Millis) -> Arc<Vec<PodCondition>> {
    // The condition types of one status are distinct, so the previous condition of a type is
    // the one at the same index when the lists line up.
    if pr.conditions.len() == N && specs.iter().zip(pr.conditions.iter()).all(|(s, c)| s.is(c)) {
        return pr.conditions.clone();
    }
    Arc::new(specs.into_iter().map(|s| cond(pr, s, now)).collect())
}

/// A condition, keeping `lastTransitionTime` from the previous write when the status is the same.
fn cond(pr: &PodRt, c: Cond, now: Millis) -> PodCondition {
    let last = pr
        .conditions
        .iter()
        .find(|p| p.type_ == c.type_)
        .filter(|p| p.status == c.status)
        .map(|p| p.last_transition)
        .unwrap_or(now);
    PodCondition {
        type_: c.type_.into(),
        status: c.status.into(),
        last_transition: last,
        reason: c.reason.map(String::from),
        message: c.message,
    }
}

fn terminated(f: &Finished, started: Millis, id: &str) -> (ContainerState, String) {
    (
        ContainerState::Terminated {
            exit_code: f.exit_code,
            signal: None,
            reason: Some(f.reason.clone()),
            message: f.message.clone(),
            started_at: started,
            finished_at: f.at,
        },
        id.to_string(),
    )
}

/// One entry of `initContainerStatuses` / `containerStatuses` (§1.6).
fn container_status(pr: &PodRt, s: usize) -> ContainerStatus {
    let slot = &pr.slots[s];
    let default_reason = if pr.n_init > 0 { "PodInitializing" } else { "ContainerCreating" };
    let n = slot.instances.len();
    let mut last_state = None;
    let mut container_id = None;
    let state = match slot.instances.last() {
        None => {
            let (reason, message) = match &slot.reason_cache {
                Some((r, m)) => (r.clone(), if m.is_empty() { None } else { Some(m.clone()) }),
                None => (default_reason.to_string(), None),
            };
            ContainerState::Waiting { reason: Some(reason), message }
        }
        Some(latest) => {
            container_id = Some(latest.id.clone());
            let previous = if n >= 2 { slot.instances.get(n - 2) } else { None };
            match &latest.finished {
                None => {
                    last_state = previous.and_then(|i| {
                        i.finished.as_ref().map(|f| terminated(f, i.started, &i.id).0)
                    });
                    ContainerState::Running { started_at: latest.started }
                }
                // The reason cache is shown only for a container the kubelet will restart
                // (`convertToAPIContainerStatuses` checks `ShouldContainerBeRestarted`): under
                // `Never` a StartError is final at once (`Init:StartError`, not
                // `Init:RunContainerError` first).
                Some(f) => match (&slot.reason_cache, pr.killing || !will_restart(pr, s, f)) {
                    (Some((r, m)), false) => {
                        last_state = Some(terminated(f, latest.started, &latest.id).0);
                        ContainerState::Waiting {
                            reason: Some(r.clone()),
                            message: if m.is_empty() { None } else { Some(m.clone()) },
                        }
                    }
                    _ => {
                        last_state = previous.and_then(|i| {
                            i.finished.as_ref().map(|f| terminated(f, i.started, &i.id).0)
                        });
                        terminated(f, latest.started, &latest.id).0
                    }
                },
            }
        }
    };
    let running = slot.running();
    let (ready, started) = match slot.kind {
        // Regular init containers: ready iff exited 0; started only while running.
        ContainerKind::Init => (slot.succeeded(), running),
        _ => (running && slot.probe.started && slot.probe.ready, running && slot.probe.started),
    };
    ContainerStatus {
        name: slot.spec.name.clone(),
        state,
        last_state,
        ready,
        restart_count: slot.latest().map(|i| i.restart_count).unwrap_or(0),
        image: slot.spec.image.clone(),
        image_id: slot.image_id.clone(),
        container_id,
        started: Some(started),
    }
}

/// `ShouldContainerBeRestarted` for an exited container (sidecars always restart while the pod
/// is not being killed; regular init containers follow the pod's policy like app containers).
fn will_restart(pr: &PodRt, s: usize, f: &super::world::Finished) -> bool {
    if pr.slots[s].kind == ContainerKind::Sidecar {
        return true;
    }
    match pr.pod.spec.restart_policy {
        RestartPolicy::Never => false,
        RestartPolicy::OnFailure => f.exit_code != 0 || f.reason == "StartError",
        RestartPolicy::Always => true,
    }
}

fn last_terminated_exit(cs: &ContainerStatus) -> Option<i32> {
    match &cs.last_state {
        Some(ContainerState::Terminated { exit_code, .. }) => Some(*exit_code),
        _ => None,
    }
}

/// `getPhase` (kubelet_pods.go, §1.7).
fn get_phase(pr: &PodRt, init: &[Arc<ContainerStatus>], apps: &[Arc<ContainerStatus>]) -> PodPhase {
    let (mut pending_init, mut failed_init) = (0, 0);
    let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
    // getPhase counts containers with no status as `unknown`; the kubelet gives every container
    // a (default waiting) status, so here there are none.
    let unknown = 0;
    for (i, cs) in init.iter().enumerate() {
        let sidecar = pr.slots[i].kind == ContainerKind::Sidecar;
        match &cs.state {
            ContainerState::Running { .. } if sidecar => {
                running += 1;
                if !cs.started.unwrap_or(false) {
                    pending_init += 1;
                }
            }
            ContainerState::Running { .. } => pending_init += 1,
            ContainerState::Terminated { .. } if sidecar => {}
            ContainerState::Terminated { exit_code, .. } => {
                if *exit_code != 0 {
                    failed_init += 1;
                }
            }
            ContainerState::Waiting { .. } if sidecar => {
                if cs.last_state.is_none() {
                    pending_init += 1;
                    waiting += 1;
                }
            }
            ContainerState::Waiting { .. } => match last_terminated_exit(cs) {
                Some(code) if code != 0 => failed_init += 1,
                _ => pending_init += 1,
            },
        }
    }
    for cs in apps {
        match &cs.state {
            ContainerState::Running { .. } => running += 1,
            ContainerState::Terminated { exit_code, .. } => {
                stopped += 1;
                if *exit_code == 0 {
                    succeeded += 1;
                }
            }
            ContainerState::Waiting { .. } if cs.last_state.is_some() => stopped += 1,
            ContainerState::Waiting { .. } => waiting += 1,
        }
    }
    let policy = pr.pod.spec.restart_policy;
    let pod_is_terminal = pr.killing && !pr.slots.iter().any(|s| s.running());
    if failed_init > 0 && policy == RestartPolicy::Never {
        return PodPhase::Failed;
    }
    if pending_init > 0 && !pr.initialized {
        return PodPhase::Pending;
    }
    if waiting > 0 {
        return PodPhase::Pending;
    }
    if running > 0 && unknown == 0 {
        return PodPhase::Running;
    }
    if running == 0 && stopped > 0 && unknown == 0 {
        if pod_is_terminal {
            return if stopped == succeeded { PodPhase::Succeeded } else { PodPhase::Failed };
        }
        return match policy {
            RestartPolicy::Always => PodPhase::Running,
            _ if stopped == succeeded => PodPhase::Succeeded,
            RestartPolicy::Never => PodPhase::Failed,
            RestartPolicy::OnFailure => PodPhase::Running,
        };
    }
    PodPhase::Pending
}

fn initialized_condition(pr: &PodRt, phase: PodPhase, init: &[Arc<ContainerStatus>]) -> Cond {
    if pr.n_init == 0 {
        return Cond::new("Initialized", true, None, None);
    }
    if phase == PodPhase::Succeeded {
        return Cond::new("Initialized", true, Some("PodCompleted"), None);
    }
    let incomplete: Vec<&str> = init
        .iter()
        .enumerate()
        .filter(|(i, cs)| match pr.slots[*i].kind {
            ContainerKind::Sidecar => !cs.started.unwrap_or(false),
            _ => !cs.ready,
        })
        .map(|(_, cs)| cs.name.as_str())
        .collect();
    if pr.initialized || incomplete.is_empty() {
        return Cond::new("Initialized", true, None, None);
    }
    let msg = format!("containers with incomplete status: [{}]", incomplete.join(" "));
    Cond::new("Initialized", false, Some("ContainersNotInitialized"), Some(msg))
}

/// `ContainersReady` (and `Ready`, which copies it with no readiness gates).
fn containers_ready(
    pr: &PodRt,
    phase: PodPhase,
    init: &[Arc<ContainerStatus>],
    apps: &[Arc<ContainerStatus>],
) -> (bool, Option<&'static str>, Option<String>) {
    let mut unready: Vec<&str> = Vec::new();
    for (i, cs) in init.iter().enumerate() {
        if pr.slots[i].kind == ContainerKind::Sidecar && !cs.ready {
            unready.push(&cs.name);
        }
    }
    for cs in apps {
        if !cs.ready {
            unready.push(&cs.name);
        }
    }
    match phase {
        PodPhase::Succeeded => return (false, Some("PodCompleted"), None),
        PodPhase::Failed => return (false, Some("PodFailed"), None),
        _ => {}
    }
    if unready.is_empty() {
        (true, None, None)
    } else {
        (
            false,
            Some("ContainersNotReady"),
            Some(format!("containers with unready status: [{}]", unready.join(" "))),
        )
    }
}

/// What a Gantt lane shows for container `s` given the status just generated (the reason
/// borrowed from `st`: most writes change no lane, and the caller copies only what is new).
pub(super) fn lane_state<'a>(
    pr: &PodRt,
    s: usize,
    st: &'a Generated,
) -> (LaneState, Option<&'a str>) {
    let Some(cs) = st.container(pr.n_init, s) else {
        return (LaneState::Waiting, None);
    };
    let slot = &pr.slots[s];
    match &cs.state {
        ContainerState::Running { .. } if slot.term_sent.is_some() => {
            (LaneState::Terminating, None)
        }
        ContainerState::Running { .. } if slot.kind != ContainerKind::Init && cs.ready => {
            (LaneState::Ready, None)
        }
        ContainerState::Running { .. } => (LaneState::Running, None),
        ContainerState::Terminated { exit_code: 0, reason, .. } => {
            (LaneState::Completed, reason.as_deref())
        }
        ContainerState::Terminated { reason, .. } => (LaneState::Failed, reason.as_deref()),
        ContainerState::Waiting { reason, .. } => {
            let r = reason.as_deref();
            match r {
                Some("CrashLoopBackOff") | Some("ImagePullBackOff") => (LaneState::BackOff, r),
                _ => (LaneState::Waiting, r),
            }
        }
    }
}

/// The back-off in force for container `s` whose lane is in [`LaneState::BackOff`] with
/// `reason`: the crash-loop back-off counted from the last exit (`doBackOff`), or the image
/// back-off counted from the last failed pull (`EnsureImageExists`).
pub(super) fn backoff_window(
    crash: &Backoff,
    image: &Backoff,
    pr: &PodRt,
    s: usize,
    reason: Option<&str>,
) -> Option<BackOffWindow> {
    let slot = &pr.slots[s];
    let (period, until) = match reason? {
        "CrashLoopBackOff" => {
            let finished = slot.latest()?.finished.as_ref()?.at;
            crash.window_since(&slot.backoff_key, finished)?
        }
        "ImagePullBackOff" => {
            image.window_since_update(&format!("{}_{}", pr.uid, slot.spec.image))?
        }
        _ => return None,
    };
    Some(BackOffWindow { period, until })
}

/// Each container's display state at `t`, from the status in force and the marks the kubelet
/// wrote with it (init containers in spec order, then app containers).
pub(super) fn container_views(
    pod: &Pod,
    status: &PodStatus,
    marks: &[Mark],
    t: Millis,
) -> Vec<ContainerView> {
    let inits = pod.spec.init_containers.iter().map(|c| {
        let kind = if c.is_sidecar() { ContainerKind::Sidecar } else { ContainerKind::Init };
        (c, kind, status.init_container_statuses.iter().find(|s| s.name == c.name))
    });
    let apps = pod.spec.containers.iter().map(|c| {
        (c, ContainerKind::App, status.container_statuses.iter().find(|s| s.name == c.name))
    });
    let all: Vec<_> = inits.chain(apps).collect();
    let completed = |s: Option<&ContainerStatus>| {
        matches!(s.map(|s| &s.state), Some(ContainerState::Terminated { exit_code: 0, .. }))
    };
    all.iter()
        .enumerate()
        .map(|(index, (c, kind, cs))| {
            let mark = marks.get(index);
            let state = mark.map_or(LaneState::Waiting, |m| m.state);
            let reason = mark.and_then(|m| m.reason.clone());
            // Containers start in order: one waiting to be started first waits on the first
            // regular init container ahead of it that has not completed.
            let first_wait = matches!(reason.as_deref(), None | Some("PodInitializing"));
            let waiting_for = (state == LaneState::Waiting && first_wait)
                .then(|| {
                    all[..index]
                        .iter()
                        .find(|(_, k, s)| *k == ContainerKind::Init && !completed(*s))
                        .map(|(c, _, _)| c.name.clone())
                })
                .flatten();
            let ended = cs.and_then(|cs| match (&cs.state, &cs.last_state) {
                (ContainerState::Terminated { exit_code, signal, .. }, _) => {
                    Some((*exit_code, *signal))
                }
                (
                    ContainerState::Waiting { .. },
                    Some(ContainerState::Terminated { exit_code, signal, .. }),
                ) => Some((*exit_code, *signal)),
                _ => None,
            });
            let backoff = mark.and_then(|m| m.backoff);
            ContainerView {
                name: c.name.clone(),
                kind: *kind,
                index,
                state,
                reason,
                waiting_for,
                backoff_ms: backoff.map(|b| b.period.0),
                backoff_remaining_ms: backoff.map(|b| b.until.saturating_sub(t).0),
                exit_code: ended.map(|e| e.0),
                signal: ended.and_then(|e| e.1),
                restart_count: cs.map_or(0, |cs| cs.restart_count),
                ready: cs.is_some_and(|cs| cs.ready),
                started: cs.and_then(|cs| cs.started).unwrap_or(false),
            }
        })
        .collect()
}
