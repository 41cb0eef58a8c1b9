//! `kubectl get pods` (also `-w` and `-o wide`): the row the API server's `printPod` builds
//! (pkg/printers/internalversion/printers.go, reference §1.9), ages from the virtual clock.
//!
//! Entry points: [`print_pod`] (one row's cells), [`pod_cells`] (header + rows, for the
//! console's `PodTable`) and [`get_pods`] (the aligned table).

use crate::engine::kubelet::PodView;
use crate::engine::model::{
    ContainerState, ContainerStatus, Pod, PodCondition, PodPhase, PodStatus,
};
use crate::engine::time::human_duration;
use crate::engine::time::Millis;
use std::borrow::Borrow;

/// The cells of one `kubectl get pods` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRow {
    /// NAME.
    pub name: String,
    /// READY (`1/2`).
    pub ready: String,
    /// STATUS (`Init:0/2`, `CrashLoopBackOff`, `Terminating`, …).
    pub status: String,
    /// RESTARTS as a number.
    pub restarts: u32,
    /// The latest `lastState.terminated.finishedAt` counted, for `3 (12s ago)`.
    pub last_restart: Option<Millis>,
    /// AGE.
    pub age: String,
    /// IP (`-o wide`), `<none>` until the pod has one.
    pub ip: String,
    /// NODE (`-o wide`).
    pub node: String,
}

impl PodRow {
    /// RESTARTS as printed at `now`: `0`, `3 (12s ago)`.
    pub fn restarts_text(&self, now: Millis) -> String {
        restarts_text(self.restarts, self.last_restart, now)
    }
}

/// The status-dependent cells of a row (READY, STATUS, RESTARTS): what the kubelet compares
/// on every status write to emit a `-w` row when they change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodColumns {
    /// READY (`1/2`).
    pub ready: String,
    /// STATUS (`Init:0/2`, `CrashLoopBackOff`, `Terminating`, …).
    pub status: String,
    /// RESTARTS as a number.
    pub restarts: u32,
    /// The latest `lastState.terminated.finishedAt` counted, for `3 (12s ago)`.
    pub last_restart: Option<Millis>,
}

impl PodColumns {
    /// RESTARTS as printed at `now`: `0`, `3 (12s ago)`.
    pub fn restarts_text(&self, now: Millis) -> String {
        restarts_text(self.restarts, self.last_restart, now)
    }
}

fn restarts_text(restarts: u32, last_restart: Option<Millis>, now: Millis) -> String {
    match last_restart {
        Some(t) if restarts > 0 => {
            format!("{} ({} ago)", restarts, human_duration(now.saturating_sub(t)))
        }
        _ => restarts.to_string(),
    }
}

fn terminated_reason(prefix: &str, state: &ContainerState) -> Option<String> {
    match state {
        ContainerState::Terminated { reason: Some(r), .. } if !r.is_empty() => {
            Some(format!("{prefix}{r}"))
        }
        ContainerState::Terminated { signal: Some(s), .. } if *s != 0 => {
            Some(format!("{prefix}Signal:{s}"))
        }
        ContainerState::Terminated { exit_code, .. } => {
            Some(format!("{prefix}ExitCode:{exit_code}"))
        }
        _ => None,
    }
}

fn last_finished(cs: &crate::engine::model::ContainerStatus) -> Option<Millis> {
    match &cs.last_state {
        Some(ContainerState::Terminated { finished_at, .. }) => Some(*finished_at),
        _ => None,
    }
}

/// `printPod`: the row of `view` as printed at `now`.
pub fn print_pod(view: &PodView, now: Millis) -> PodRow {
    print_pod_parts(
        &view.pod,
        &view.status,
        view.created,
        view.deletion_timestamp,
        view.node_name.as_deref(),
        now,
    )
}

/// [`print_pod`] over borrowed parts.
pub fn print_pod_parts(
    pod: &Pod,
    st: &PodStatus,
    created: Millis,
    deletion_timestamp: Option<Millis>,
    node_name: Option<&str>,
    now: Millis,
) -> PodRow {
    let c = pod_columns(
        pod,
        st,
        &st.conditions,
        &st.init_container_statuses,
        &st.container_statuses,
        deletion_timestamp.is_some(),
    );
    PodRow {
        name: pod.metadata.name.clone(),
        ready: c.ready,
        status: c.status,
        restarts: c.restarts,
        last_restart: c.last_restart,
        age: human_duration(now.saturating_sub(created)),
        ip: st.pod_ip.clone().unwrap_or_else(|| "<none>".into()),
        node: node_name.unwrap_or("<none>").to_string(),
    }
}

/// READY, STATUS and RESTARTS of `printPod`. `st` gives phase and reason; the conditions and
/// container statuses are passed apart (the kubelet holds them shared, `Arc`, and has no
/// `PodStatus` to lend).
pub fn pod_columns<C: Borrow<ContainerStatus>>(
    pod: &Pod,
    st: &PodStatus,
    conditions: &[PodCondition],
    init_statuses: &[C],
    app_statuses: &[C],
    deleting: bool,
) -> PodColumns {
    let spec = &pod.spec;
    let total =
        spec.containers.len() + spec.init_containers.iter().filter(|c| c.is_sidecar()).count();
    let mut ready = 0;
    let mut restarts: u32 = 0;
    let mut sidecar_restarts: u32 = 0;
    let mut last_restart: Option<Millis> = None;
    let mut sidecar_last: Option<Millis> = None;
    let mut reason = st
        .reason
        .clone()
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| st.phase.as_str().to_string());
    if conditions
        .iter()
        .any(|c| c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated"))
    {
        reason = "SchedulingGated".into();
    }

    let mut initializing = false;
    for (i, cs) in init_statuses.iter().map(Borrow::borrow).enumerate() {
        let sidecar = spec.init_containers.get(i).is_some_and(|c| c.is_sidecar());
        restarts = restarts.saturating_add(cs.restart_count);
        if let Some(f) = last_finished(cs) {
            last_restart = last_restart.max(Some(f));
        }
        if sidecar {
            sidecar_restarts = sidecar_restarts.saturating_add(cs.restart_count);
            if let Some(f) = last_finished(cs) {
                sidecar_last = sidecar_last.max(Some(f));
            }
        }
        match &cs.state {
            ContainerState::Terminated { exit_code: 0, .. } => continue,
            _ if sidecar && cs.started == Some(true) => {
                if cs.ready {
                    ready += 1;
                }
                continue;
            }
            ContainerState::Terminated { .. } => {
                reason = terminated_reason("Init:", &cs.state).unwrap_or_default()
            }
            ContainerState::Waiting { reason: Some(r), .. }
                if !r.is_empty() && r != "PodInitializing" =>
            {
                reason = format!("Init:{r}")
            }
            _ => reason = format!("Init:{}/{}", i, spec.init_containers.len()),
        }
        initializing = true;
        break;
    }

    let initialized = conditions.iter().any(|c| c.type_ == "Initialized" && c.status == "True");
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last_restart = sidecar_last;
        let mut has_running = false;
        for cs in app_statuses.iter().map(Borrow::borrow).rev() {
            restarts = restarts.saturating_add(cs.restart_count);
            if let Some(f) = last_finished(cs) {
                last_restart = last_restart.max(Some(f));
            }
            match &cs.state {
                ContainerState::Waiting { reason: Some(r), .. } if !r.is_empty() => {
                    reason = r.clone()
                }
                ContainerState::Terminated { .. } => {
                    reason = terminated_reason("", &cs.state).unwrap_or_default()
                }
                // Only a ready, running container counts as "running" here (printPod).
                ContainerState::Running { .. } if cs.ready => {
                    ready += 1;
                    has_running = true;
                }
                _ => {}
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready = conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True");
            reason = if pod_ready { "Running" } else { "NotReady" }.into();
        }
    }

    if deleting {
        if st.reason.as_deref() == Some("NodeLost") {
            reason = "Unknown".into();
        } else if !matches!(st.phase, PodPhase::Succeeded | PodPhase::Failed) {
            reason = "Terminating".into();
        }
    }

    PodColumns { ready: format!("{ready}/{total}"), status: reason, restarts, last_restart }
}

/// Left-aligned columns separated by three spaces, as kubectl's tabwriter prints them.
pub fn align(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < r.len() {
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 3));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The header cells, then one row of cells per pod, as `kubectl get pods [-o wide]` prints them
/// at `now` (the shape the console's `PodTable` wants).
pub fn pod_cells(views: &[PodView], now: Millis, wide: bool) -> Vec<Vec<String>> {
    let mut rows = vec![if wide {
        [
            "NAME",
            "READY",
            "STATUS",
            "RESTARTS",
            "AGE",
            "IP",
            "NODE",
            "NOMINATED NODE",
            "READINESS GATES",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    } else {
        ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    }];
    for v in views {
        let r = print_pod(v, now);
        let restarts = r.restarts_text(now);
        let mut cells = vec![r.name, r.ready, r.status, restarts, r.age];
        if wide {
            cells.extend([r.ip, r.node, "<none>".into(), "<none>".into()]);
        }
        rows.push(cells);
    }
    rows
}

/// `kubectl get pods [-o wide]` over `views` at `now`. With no pods kubectl prints
/// `No resources found in default namespace.` (to stderr; returned here as the text).
pub fn get_pods(views: &[PodView], now: Millis, wide: bool) -> String {
    if views.is_empty() {
        return "No resources found in default namespace.\n".into();
    }
    align(&pod_cells(views, now, wide))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Container, ContainerStatus, PodCondition};

    const S: fn(u64) -> Millis = Millis::from_secs;

    fn c(name: &str, sidecar: bool) -> Container {
        Container {
            name: name.into(),
            image: "busybox:1.36".into(),
            restart_policy: sidecar.then(|| "Always".to_string()),
            ..Container::default()
        }
    }

    fn cs(
        name: &str,
        state: ContainerState,
        ready: bool,
        started: bool,
        restarts: u32,
    ) -> ContainerStatus {
        ContainerStatus {
            name: name.into(),
            state,
            last_state: None,
            ready,
            restart_count: restarts,
            image: "busybox:1.36".into(),
            image_id: String::new(),
            container_id: None,
            started: Some(started),
        }
    }

    fn running() -> ContainerState {
        ContainerState::Running { started_at: S(1) }
    }

    fn waiting(r: &str) -> ContainerState {
        ContainerState::Waiting { reason: Some(r.into()), message: None }
    }

    fn term(code: i32, reason: Option<&str>, signal: Option<i32>) -> ContainerState {
        ContainerState::Terminated {
            exit_code: code,
            signal,
            reason: reason.map(String::from),
            message: None,
            started_at: S(1),
            finished_at: S(3),
        }
    }

    fn cond(t: &str, ok: bool) -> PodCondition {
        PodCondition {
            type_: t.into(),
            status: if ok { "True" } else { "False" }.into(),
            last_transition: S(0),
            reason: None,
            message: None,
        }
    }

    fn view(init: Vec<Container>, apps: Vec<Container>, status: PodStatus) -> PodView {
        let mut pod = Pod::default();
        pod.metadata.name = "p".into();
        pod.spec.init_containers = init;
        pod.spec.containers = apps;
        PodView {
            pod,
            status,
            created: S(0),
            deletion_timestamp: None,
            node_name: Some("node01".into()),
            containers: Vec::new(),
        }
    }

    #[test]
    fn started_sidecars_count_in_init_progress_and_ready() {
        let st = PodStatus {
            init_container_statuses: vec![
                cs("proxy", running(), true, true, 0),
                cs("migrate", running(), false, true, 0),
            ],
            container_statuses: vec![cs("app", waiting("PodInitializing"), false, false, 0)],
            conditions: vec![cond("Initialized", false)],
            ..PodStatus::default()
        };
        let r = print_pod(
            &view(vec![c("proxy", true), c("migrate", false)], vec![c("app", false)], st),
            S(5),
        );
        assert_eq!((r.ready.as_str(), r.status.as_str()), ("1/2", "Init:1/2"));
    }

    #[test]
    fn init_failures_without_a_reason_show_signal_or_exit_code() {
        for (state, want) in [
            (term(137, None, Some(9)), "Init:Signal:9"),
            (term(2, None, None), "Init:ExitCode:2"),
            (term(1, Some("Error"), None), "Init:Error"),
            (waiting("CrashLoopBackOff"), "Init:CrashLoopBackOff"),
        ] {
            let st = PodStatus {
                init_container_statuses: vec![cs("i", state, false, false, 0)],
                container_statuses: vec![cs("app", waiting("PodInitializing"), false, false, 0)],
                ..PodStatus::default()
            };
            assert_eq!(
                print_pod(&view(vec![c("i", false)], vec![c("app", false)], st), S(5)).status,
                want
            );
        }
    }

    #[test]
    fn the_lowest_index_app_container_with_a_reason_wins() {
        let st = PodStatus {
            phase: PodPhase::Running,
            container_statuses: vec![
                cs("a", waiting("CrashLoopBackOff"), false, false, 2),
                cs("b", term(1, Some("Error"), None), false, false, 1),
            ],
            conditions: vec![cond("Initialized", true)],
            ..PodStatus::default()
        };
        let r = print_pod(&view(vec![], vec![c("a", false), c("b", false)], st), S(5));
        assert_eq!(
            (r.status.as_str(), r.restarts, r.ready.as_str()),
            ("CrashLoopBackOff", 3, "0/2")
        );
    }

    #[test]
    fn completed_next_to_a_running_container_reads_running_or_not_ready() {
        for (pod_ready, want) in [(true, "Running"), (false, "NotReady")] {
            let st = PodStatus {
                phase: PodPhase::Running,
                container_statuses: vec![
                    cs("a", running(), true, true, 0),
                    cs("b", term(0, Some("Completed"), None), false, false, 0),
                ],
                conditions: vec![cond("Initialized", true), cond("Ready", pod_ready)],
                ..PodStatus::default()
            };
            assert_eq!(
                print_pod(&view(vec![], vec![c("a", false), c("b", false)], st), S(5)).status,
                want
            );
        }
    }

    #[test]
    fn completed_next_to_an_unready_container_stays_completed() {
        let st = PodStatus {
            phase: PodPhase::Running,
            container_statuses: vec![
                cs("a", running(), false, true, 0),
                cs("b", term(0, Some("Completed"), None), false, false, 0),
            ],
            conditions: vec![cond("Initialized", true), cond("Ready", false)],
            ..PodStatus::default()
        };
        assert_eq!(
            print_pod(&view(vec![], vec![c("a", false), c("b", false)], st), S(5)).status,
            "Completed"
        );
    }

    #[test]
    fn regular_init_restarts_stop_counting_once_initialised() {
        let mut init = cs("i", term(0, Some("Completed"), None), true, false, 4);
        init.last_state = Some(term(1, Some("Error"), None));
        let mut app = cs("app", running(), true, true, 1);
        app.last_state = Some(ContainerState::Terminated {
            exit_code: 1,
            signal: None,
            reason: Some("Error".into()),
            message: None,
            started_at: S(10),
            finished_at: S(20),
        });
        let st = PodStatus {
            phase: PodPhase::Running,
            init_container_statuses: vec![init],
            container_statuses: vec![app],
            conditions: vec![cond("Initialized", true)],
            ..PodStatus::default()
        };
        let r = print_pod(&view(vec![c("i", false)], vec![c("app", false)], st), S(32));
        assert_eq!(r.restarts, 1);
        assert_eq!(r.restarts_text(S(32)), "1 (12s ago)");
    }

    #[test]
    fn deletion_shows_terminating_until_the_phase_is_terminal() {
        let st = PodStatus {
            phase: PodPhase::Running,
            container_statuses: vec![cs("app", running(), true, true, 0)],
            conditions: vec![cond("Initialized", true)],
            ..PodStatus::default()
        };
        let mut v = view(vec![], vec![c("app", false)], st);
        v.deletion_timestamp = Some(S(3));
        assert_eq!(print_pod(&v, S(5)).status, "Terminating");
        v.status.phase = PodPhase::Succeeded;
        v.status.container_statuses[0] =
            cs("app", term(0, Some("Completed"), None), false, false, 0);
        assert_eq!(print_pod(&v, S(5)).status, "Completed");
    }

    #[test]
    fn status_reason_replaces_the_phase() {
        let st = PodStatus {
            phase: PodPhase::Failed,
            reason: Some("DeadlineExceeded".into()),
            container_statuses: vec![cs("app", running(), true, true, 0)],
            conditions: vec![cond("Initialized", true)],
            ..PodStatus::default()
        };
        assert_eq!(
            print_pod(&view(vec![], vec![c("app", false)], st), S(5)).status,
            "DeadlineExceeded"
        );
    }

    #[test]
    fn wide_output_adds_ip_node_and_nomination_columns() {
        let st = PodStatus { phase: PodPhase::Pending, ..PodStatus::default() };
        let mut v = view(vec![], vec![c("app", false)], st);
        v.node_name = None;
        let out = get_pods(&[v], S(95), true);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "NAME   READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES");
        assert_eq!(
            lines[1],
            "p      0/1     Pending   0          95s   <none>   <none>   <none>           <none>"
        );
        assert_eq!(get_pods(&[], S(0), false), "No resources found in default namespace.\n");
    }
}
