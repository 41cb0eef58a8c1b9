//! Kubernetes' conformance tests for init containers, ported to podlab:
//! `test/e2e/common/node/init_container.go` ("[sig-node] InitContainer [NodeConformance]").
//!
//! Each test keeps the Go `ConformanceIt(...)` text as its doc line. The Go test watches the
//! pod until a condition holds, checking per watch event what must hold meanwhile; here the
//! timeline is read at every instant its status changed. `imageutils.BusyBox` is busybox; the
//! `pause` image (not in podlab's registry) is busybox running `sleep 3600`.
//!
//! The Go file also defines `checkInvariants(events, containerInitInvariant)`, whose result its
//! tests discard (and whose `events` slice stays empty, `recordEvents` appending to a copy);
//! podlab asserts the invariants that function states on every status the pod went through:
//! the pod never regresses from initialised to not initialised, app containers wait with
//! `PodInitializing` and no restarts until initialisation is complete, and the `Initialized`
//! condition is never `Unknown`, has a transition time, and is `True` exactly when every init
//! container exited 0.
//!
//! Nothing is skipped: all four tests run on one node.

mod conformance_support;
use conformance_support::*;
use podlab::engine::kubelet::Timeline;
use podlab::engine::model::{ContainerState, PodPhase, PodStatus};
use podlab::engine::time::Millis;

const S: fn(u64) -> Millis = Millis::from_secs;

fn init_pod(name: &str, policy: &str, init1: &str, init2: &str, run1: &[&str]) -> String {
    let policy_line =
        if policy.is_empty() { String::new() } else { format!("  restartPolicy: {policy}\n") };
    format!(
        r#"apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels:
    name: foo
spec:
{policy_line}  initContainers:
  - name: init1
    image: busybox:1.36
    command: ["{init1}"]
  - name: init2
    image: busybox:1.36
    command: ["{init2}"]
  containers:
  - name: run1
    image: busybox:1.36
    command: {}
    resources:
      limits:
        cpu: 100m
"#,
        argv_yaml(&run1.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    )
}

/// Every distinct status the pod had up to `until` (what a watch delivers), in order.
fn watch(tl: &Timeline, pod: &str, until: Millis) -> Vec<(Millis, PodStatus)> {
    let mut out: Vec<(Millis, PodStatus)> = Vec::new();
    for t in tl.change_times().into_iter().filter(|t| *t <= until) {
        if let Some(v) = tl.pod_at(pod, t) {
            if out.last().map(|l| &l.1) != Some(&v.status) {
                out.push((t, v.status));
            }
        }
    }
    out
}

/// `initialized(pod)`: (every init container exited 0, one failed).
fn initialized(st: &PodStatus) -> (bool, bool) {
    let mut all = true;
    let mut failed = false;
    for s in &st.init_container_statuses {
        match &s.state {
            ContainerState::Terminated { exit_code: 0, .. } => {
                assert!(s.ready, "{} initialized but isn't marked as ready", s.name)
            }
            ContainerState::Terminated { .. } => {
                all = false;
                failed = true;
            }
            _ => all = false,
        }
    }
    (all && !st.init_container_statuses.is_empty(), failed)
}

/// `containerInitInvariant` over consecutive statuses.
fn check_invariants(history: &[(Millis, PodStatus)]) {
    let mut was_init = false;
    for (t, st) in history {
        if st.init_container_statuses.is_empty() {
            continue; // not yet synced by the kubelet
        }
        let (all, failed) = initialized(st);
        if !all || failed {
            for c in &st.container_statuses {
                match &c.state {
                    ContainerState::Waiting { reason, .. } => {
                        assert_eq!(
                            reason.as_deref(),
                            Some("PodInitializing"),
                            "{} at {t:?}",
                            c.name
                        );
                        assert_eq!(c.restart_count, 0);
                    }
                    other => panic!(
                        "{} is not waiting but initialization not complete: {other:?}",
                        c.name
                    ),
                }
            }
        }
        let cond = st.conditions.iter().find(|c| c.type_ == "Initialized").expect("Initialized");
        assert_ne!(cond.status, "Unknown");
        match cond.status.as_str() {
            "True" => assert!(all && !failed, "Initialized True but not all initialised at {t:?}"),
            _ => assert!(!all || failed, "Initialized False but all initialised at {t:?}"),
        }
        if was_init {
            assert!(all, "pod cannot be initialized and then regress at {t:?}");
        }
        was_init = all;
    }
}

fn init_condition(st: &PodStatus) -> (String, Option<String>, Option<String>) {
    condition(st, "Initialized")
}

fn assert_inits_done(st: &PodStatus) {
    assert_eq!(st.init_container_statuses.len(), 2);
    for s in &st.init_container_statuses {
        assert!(s.ready, "init container {} should be in Ready status", s.name);
        assert!(matches!(s.state, ContainerState::Terminated { exit_code: 0, .. }), "{s:?}");
    }
}

/// should invoke init containers on a RestartNever pod
#[test]
fn should_invoke_init_containers_on_a_restart_never_pod() {
    let tl = simulate_yaml(
        &init_pod("pod-init-never", "Never", "/bin/true", "/bin/true", &["/bin/true"]),
        300,
    );
    let history = watch(&tl, "pod-init-never", S(300));
    let (t, end) = history
        .iter()
        .find(|(_, st)| st.phase.is_terminal())
        .cloned()
        .expect("conditions.PodCompleted within PodStartTimeout");
    assert!(t <= S(300));
    check_invariants(&history);
    assert_eq!(end.phase, PodPhase::Succeeded);
    assert_eq!(init_condition(&end).0, "True");
    assert_inits_done(&end);
}

/// should invoke init containers on a RestartAlways pod
#[test]
fn should_invoke_init_containers_on_a_restart_always_pod() {
    let tl = simulate_yaml(
        &init_pod("pod-init-always", "", "/bin/true", "/bin/true", &["sleep", "3600"]),
        300,
    );
    let history = watch(&tl, "pod-init-always", S(300));
    let (_, end) = history
        .iter()
        .find(|(_, st)| st.phase == PodPhase::Running)
        .cloned()
        .expect("conditions.PodRunning within PodStartTimeout");
    check_invariants(&history);
    assert_eq!(end.phase, PodPhase::Running);
    assert_eq!(init_condition(&end).0, "True");
    assert_inits_done(&end);
}

/// should not start app containers if init containers fail on a RestartAlways pod
#[test]
fn should_not_start_app_containers_if_init_containers_fail_on_a_restart_always_pod() {
    let tl = simulate_yaml(
        &init_pod("pod-init-fail-always", "", "/bin/false", "/bin/true", &["sleep", "3600"]),
        300,
    );
    let history = watch(&tl, "pod-init-fail-always", S(300));
    let mut seen_restart = false;
    let mut end = None;
    for (t, st) in &history {
        // first condition: every event until the first init container has been restarted
        if !seen_restart {
            for c in &st.container_statuses {
                match &c.state {
                    ContainerState::Waiting { reason, .. } => {
                        assert_eq!(
                            reason.as_deref(),
                            Some("PodInitializing"),
                            "{} at {t:?}",
                            c.name
                        )
                    }
                    other => panic!("container {} should not be out of waiting: {other:?}", c.name),
                }
            }
            if st.init_container_statuses.len() != 2 {
                continue;
            }
            let second = &st.init_container_statuses[1];
            assert!(
                matches!(&second.state, ContainerState::Waiting { reason: Some(r), .. } if r == "PodInitializing"),
                "second init container should have reason PodInitializing: {second:?}"
            );
            let first = &st.init_container_statuses[0];
            assert!(
                !matches!(first.state, ContainerState::Terminated { exit_code: 0, .. }),
                "first init container should have exitCode != 0"
            );
            seen_restart = matches!(first.last_state, Some(ContainerState::Terminated { .. }));
            continue;
        }
        // second condition: two restarts
        if st.init_container_statuses[0].restart_count >= 3 {
            end = Some(st.clone());
            break;
        }
    }
    let end = end.expect("init container restarted 3 times within PodStartTimeout (5 min)");
    check_invariants(&history);
    assert_eq!(end.phase, PodPhase::Pending);
    assert_eq!(
        init_condition(&end),
        (
            "False".into(),
            Some("ContainersNotInitialized".into()),
            Some("containers with incomplete status: [init1 init2]".into())
        )
    );
    assert_eq!(end.init_container_statuses.len(), 2);
}

/// should not start app containers and fail the pod if init containers fail on a RestartNever
/// pod
#[test]
fn should_not_start_app_containers_and_fail_the_pod_if_init_containers_fail_on_a_restart_never_pod()
{
    let tl = simulate_yaml(
        &init_pod("pod-init-fail-never", "Never", "/bin/true", "/bin/false", &["/bin/true"]),
        300,
    );
    let history = watch(&tl, "pod-init-fail-never", S(300));
    let mut second_failed = false;
    for (t, st) in &history {
        for c in &st.container_statuses {
            match &c.state {
                ContainerState::Waiting { reason, .. } => {
                    assert_eq!(reason.as_deref(), Some("PodInitializing"), "{} at {t:?}", c.name)
                }
                other => panic!("container {} should not be out of waiting: {other:?}", c.name),
            }
        }
        if st.init_container_statuses.len() != 2 {
            continue;
        }
        let first = &st.init_container_statuses[0];
        match &first.state {
            ContainerState::Terminated { exit_code, .. } => {
                assert_eq!(*exit_code, 0, "first init container should have exitCode 0")
            }
            ContainerState::Waiting { reason, .. } => {
                assert_eq!(reason.as_deref(), Some("PodInitializing"))
            }
            ContainerState::Running { .. } => {}
        }
        if let ContainerState::Terminated { exit_code, .. } = &st.init_container_statuses[1].state {
            assert_ne!(*exit_code, 0, "second init container should have failed");
            second_failed = true;
        }
    }
    assert!(second_failed, "the second init container failed");
    let end = history.iter().map(|h| &h.1).find(|st| st.phase.is_terminal()).expect("PodCompleted");
    check_invariants(&history);
    assert_eq!(end.phase, PodPhase::Failed);
    assert_eq!(
        init_condition(end),
        (
            "False".into(),
            Some("ContainersNotInitialized".into()),
            Some("containers with incomplete status: [init2]".into())
        )
    );
    assert_eq!(end.init_container_statuses.len(), 2);
    assert!(matches!(end.container_statuses[0].state, ContainerState::Waiting { .. }));
}

fn simulate_yaml(yaml: &str, secs: u64) -> Timeline {
    podlab::engine::kubelet::simulate(&podlab::engine::kubelet::Scenario::apply_at_zero(
        objects(yaml),
        S(secs),
    ))
}
