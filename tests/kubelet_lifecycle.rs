//! Scheduling, image pulls, deletion, activeDeadlineSeconds, logs, exec and events through the
//! engine (reference §1.2, §1.7, §1.10, §1.12, §1.13).

mod kubelet_support;
use kubelet_support::*;
use podlab::engine::kubelet::{exec_at, simulate, Action, Scenario};
use podlab::engine::model::{ContainerState, PodPhase};
use podlab::engine::time::Millis;

const S: fn(u64) -> Millis = Millis::from_secs;

fn argv(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

const SLOW_INIT: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: slow-init
spec:
  terminationGracePeriodSeconds: 5
  initContainers:
  - name: wait-for-db
    image: busybox:1.36
    command: ["sleep", "3600"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"#;

#[test]
fn deleting_an_initialising_pod_shows_terminating_then_removes_it() {
    let mut sc = Scenario::apply_at_zero(objects(SLOW_INIT), S(60));
    sc.actions.push((S(10), Action::DeletePod("slow-init".into())));
    let tl = simulate(&sc);
    let term = first_row(&tl, "slow-init", "Terminating").unwrap();
    assert_eq!(term.t, S(10), "Terminating at once");
    let evs = tl.events_until(S(60));
    let kill = evs.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(
        (kill.object.as_str(), kill.message.as_str()),
        ("spec.initContainers{wait-for-db}", "Stopping container wait-for-db")
    );
    assert!(!evs.iter().any(|e| e.object == "spec.containers{app}"), "nothing else starts");
    // sleep as PID 1 ignores SIGTERM: killed when the 5 s grace period ends, then gone.
    assert!(tl.pod_at("slow-init", S(14)).is_some());
    assert!(tl.pod_at("slow-init", S(16)).is_none());
    let last = tl.rows().last().unwrap();
    assert_eq!(last.phase, "Failed", "terminal phase written just before removal");
    let view = tl.pod_at("slow-init", S(14)).unwrap();
    assert_eq!(view.deletion_timestamp, Some(S(10)));
}

#[test]
fn an_unscheduled_pod_is_deleted_at_once() {
    let y = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n    resources:\n      requests:\n        cpu: \"8\"\n";
    let mut sc = Scenario::apply_at_zero(objects(y), S(30));
    sc.actions.push((S(5), Action::DeletePod("huge".into())));
    let tl = simulate(&sc);
    assert!(tl.pod_at("huge", S(4)).is_some());
    assert!(tl.pod_at("huge", S(5)).is_none());
}

#[test]
fn active_deadline_counts_init_containers_and_fails_the_pod() {
    let y = SLOW_INIT
        .replace(
            "terminationGracePeriodSeconds: 5",
            "terminationGracePeriodSeconds: 5\n  activeDeadlineSeconds: 10",
        )
        .replace("slow-init", "deadline");
    let tl = run(&y, 60);
    // printPod lets the init loop override status.reason, so STATUS reads Init:0/1 and then
    // Init:Error (after the kill) while the phase is already Failed.
    let row = tl.rows().iter().find(|r| r.phase == "Failed").unwrap();
    near(row.t, 11.0, "startTime (≈1) + 10 s");
    assert_eq!(statuses(&tl, "deadline"), ["Pending", "Init:0/1", "Init:Error"]);
    let st = tl.pod_at("deadline", S(60)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Failed);
    assert_eq!(st.reason.as_deref(), Some("DeadlineExceeded"));
    assert_eq!(
        st.message.as_deref(),
        Some("Pod was active on the node longer than the specified deadline")
    );
    let ev = tl.events_until(S(60)).into_iter().find(|e| e.reason == "DeadlineExceeded").unwrap();
    assert_eq!(
        (ev.type_.as_str(), ev.message.as_str()),
        ("Normal", "Pod was active on the node longer than the specified deadline")
    );
    assert!(
        matches!(
            st.init_container_statuses[0].state,
            ContainerState::Terminated { exit_code: 137, .. }
        ),
        "{:?}",
        st.init_container_statuses[0]
    );
    assert!(tl.rows().iter().filter(|r| r.t >= row.t).all(|r| r.phase == "Failed"));
}

#[test]
fn unschedulable_pod_is_bound_once_another_pod_frees_the_cpu() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: first
spec:
  terminationGracePeriodSeconds: 3
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: 1500m
---
apiVersion: v1
kind: Pod
metadata:
  name: second
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: "1"
"#;
    let mut sc = Scenario::apply_at_zero(objects(y), S(60));
    sc.actions.push((S(10), Action::DeletePod("first".into())));
    let tl = simulate(&sc);
    let evs = tl.events_until(S(60));
    let failed = evs.iter().find(|e| e.pod == "second" && e.reason == "FailedScheduling").unwrap();
    assert_eq!(failed.message, "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
    let bound = evs.iter().find(|e| e.pod == "second" && e.reason == "Scheduled").unwrap();
    near(bound.t, 13.0, "bound when `first` is gone");
    assert_eq!(bound.message, "Successfully assigned default/second to node01");
    assert_eq!(tl.pod_at("second", S(60)).unwrap().status.phase, PodPhase::Running);
}

#[test]
fn sidecars_before_an_init_container_add_to_its_request() {
    // sidecar 1500m + app 600m = 2100m > 2 CPU; the same as a regular init container: 1500m.
    let mk = |name: &str, sidecar: bool| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  initContainers:\n  - name: helper\n    image: busybox:1.36\n{}    command: [\"sleep\", \"3600\"]\n    resources:\n      requests:\n        cpu: 1500m\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n    resources:\n      requests:\n        cpu: 600m\n",
            if sidecar { "    restartPolicy: Always\n" } else { "" }
        )
    };
    let tl = run(&mk("with-sidecar", true), 5);
    assert_eq!(tl.pod_at("with-sidecar", S(5)).unwrap().node_name, None);
    let tl = run(&mk("with-init", false), 5);
    assert_eq!(tl.pod_at("with-init", S(5)).unwrap().node_name.as_deref(), Some("node01"));
}

#[test]
fn invalid_image_name_is_retried_and_keeps_the_pod_pending_even_under_never() {
    let y = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad-ref\nspec:\n  restartPolicy: Never\n  initContainers:\n  - name: fetch\n    image: \"busy box\"\n    command: [\"sleep\", \"1\"]\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n";
    let tl = run(y, 60);
    assert_eq!(statuses(&tl, "bad-ref"), ["Pending", "Init:0/1", "Init:InvalidImageName"]);
    let st = tl.pod_at("bad-ref", S(60)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Pending);
    let inspects =
        tl.events_until(S(60)).into_iter().filter(|e| e.reason == "InspectFailed").count();
    assert!(inspects >= 3, "retried on every re-sync ({inspects})");
    assert!(tl
        .events_until(S(60))
        .iter()
        .any(|e| e.reason == "Failed" && e.message == "Error: InvalidImageName"));
}

#[test]
fn latest_images_are_pulled_and_tagged_images_are_reused() {
    let y = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pulls\nspec:\n  containers:\n  - name: a\n    image: busybox\n    command: [\"sleep\", \"3600\"]\n  - name: b\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n";
    let tl = run(y, 20);
    let evs: Vec<(String, String)> = tl
        .events_until(S(20))
        .into_iter()
        .filter(|e| e.reason.starts_with("Pull"))
        .map(|e| (e.object, e.message))
        .collect();
    assert_eq!(evs[0], ("spec.containers{a}".to_string(), "Pulling image \"busybox\"".to_string()));
    assert!(evs[1].1.starts_with("Successfully pulled image \"busybox\" in "), "{evs:?}");
    assert_eq!(evs[2].1, "Container image \"busybox:1.36\" already present on machine");
}

#[test]
fn logs_are_kept_per_container_instance() {
    let y = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: chatty\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"echo hello\"]\n";
    let tl = run(y, 60);
    let cur = tl.logs("chatty", "app", false, S(60)).unwrap();
    assert_eq!(cur.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["hello"]);
    assert!(
        tl.logs("chatty", "app", true, S(60)).is_some(),
        "previous instance exists after a restart"
    );
    assert!(tl.logs("chatty", "app", true, S(1)).is_none(), "no previous instance at first");
    assert!(
        tl.logs("chatty", "app", false, Millis(500)).is_none(),
        "nothing before the container starts"
    );
    assert!(tl.logs("chatty", "nope", false, S(60)).is_none());
}

#[test]
fn exec_follows_kubectl_rules() {
    let sc = Scenario::apply_at_zero(objects(SLOW_INIT), S(30));
    // During init the default container (app) is not running.
    assert_eq!(
        exec_at(&sc, S(5), "slow-init", None, &argv(&["true"])).unwrap_err(),
        "error: unable to upgrade connection: container not found (\"app\")"
    );
    // The running init container can be exec'd into.
    let out = exec_at(&sc, S(5), "slow-init", Some("wait-for-db"), &argv(&["echo", "hi"])).unwrap();
    assert_eq!((out.stdout.as_str(), out.exit_code), ("hi\n", 0));
    assert_eq!(
        exec_at(&sc, S(5), "ghost", None, &argv(&["true"])).unwrap_err(),
        "Error from server (NotFound): pods \"ghost\" not found"
    );
    let done = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: done\nspec:\n  restartPolicy: Never\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"true\"]\n";
    let sc = Scenario::apply_at_zero(objects(done), S(30));
    assert_eq!(
        exec_at(&sc, S(20), "done", None, &argv(&["true"])).unwrap_err(),
        "error: cannot exec into a container in a completed pod; current phase is Succeeded"
    );
}

#[test]
fn events_use_the_kubelet_wording() {
    let tl = run(SLOW_INIT, 5);
    let evs: Vec<(String, String, String, String)> = tl
        .events_until(S(5))
        .into_iter()
        .map(|e| (e.type_, e.reason, e.object, e.message))
        .collect();
    let want = [
        ("Normal", "Scheduled", "", "Successfully assigned default/slow-init to node01"),
        (
            "Normal",
            "Pulled",
            "spec.initContainers{wait-for-db}",
            "Container image \"busybox:1.36\" already present on machine",
        ),
        ("Normal", "Created", "spec.initContainers{wait-for-db}", "Created container: wait-for-db"),
        ("Normal", "Started", "spec.initContainers{wait-for-db}", "Started container wait-for-db"),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(evs, want);
}

#[test]
fn same_input_twice_gives_byte_identical_output() {
    let y = format!(
        "{SLOW_INIT}---\n{}",
        SLOW_INIT.replace("slow-init", "other").replace(
            "[\"sleep\", \"3600\"]\n  containers",
            "[\"sh\", \"-c\", \"exit 1\"]\n  containers"
        )
    );
    let mut sc = Scenario::apply_at_zero(objects(&y), S(900));
    sc.actions.push((S(400), Action::DeletePod("slow-init".into())));
    let a = simulate(&sc);
    let b = simulate(&sc);
    // The whole record (pods, events, rows, logs); `podlab simulate` prints from it
    // (tests/kubelet_cli.rs runs the command twice too).
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert_eq!(format!("{:?}", a.lanes()), format!("{:?}", b.lanes()));
}

const HOOKS: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: hooks
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    lifecycle:
      postStart:
        exec:
          command: ["false"]
"#;

#[test]
fn failing_post_start_hook_kills_the_container_and_shows_post_start_hook_error() {
    let tl = run(HOOKS, 60);
    let evs = tl.events_until(S(60));
    let hook = evs.iter().find(|e| e.reason == "FailedPostStartHook").unwrap();
    assert_eq!((hook.type_.as_str(), hook.message.as_str()), ("Warning", "PostStartHook failed"));
    assert!(evs.iter().any(|e| e.reason == "Killing" && e.message == "FailedPostStartHook"));
    assert!(
        statuses(&tl, "hooks").contains(&"PostStartHookError".to_string()),
        "{:?}",
        statuses(&tl, "hooks")
    );
    assert!(tl.pod_at("hooks", S(60)).unwrap().status.container_statuses[0].restart_count >= 2);
}

#[test]
fn failing_pre_stop_hook_is_reported_and_the_container_still_stops() {
    let y = HOOKS.replace("postStart", "preStop");
    let mut sc = Scenario::apply_at_zero(objects(&y), S(30));
    sc.actions.push((S(5), Action::DeletePod("hooks".into())));
    let tl = simulate(&sc);
    let evs: Vec<String> = tl
        .events_until(S(30))
        .into_iter()
        .filter(|e| e.t >= S(5))
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect();
    assert_eq!(evs, ["Killing Stopping container app", "FailedPreStopHook PreStopHook failed"]);
    assert!(tl.pod_at("hooks", S(5)).is_some());
    assert!(tl.pod_at("hooks", S(8)).is_none(), "gone after the (minimum 2 s) grace period");
}

#[test]
fn node_name_in_the_spec_bypasses_the_scheduler() {
    let mk = |name: &str, node: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  nodeName: {node}\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n")
    };
    let tl = run(&format!("{}---\n{}", mk("here", "node01"), mk("elsewhere", "node07")), 10);
    assert_eq!(
        tl.pod_at("here", podlab::engine::time::Millis::from_secs(10)).unwrap().status.phase,
        PodPhase::Running
    );
    let away = tl.pod_at("elsewhere", S(10)).unwrap();
    assert_eq!((away.status.phase, away.node_name.as_deref()), (PodPhase::Pending, Some("node07")));
    assert!(away.status.conditions.is_empty(), "no kubelet ever writes its status");
    assert!(
        tl.events_until(S(10))
            .iter()
            .all(|e| e.reason != "Scheduled" && e.reason != "FailedScheduling"),
        "no scheduler events"
    );
}

#[test]
fn a_crash_looping_latest_image_is_pulled_before_each_restart_without_extra_back_off() {
    let y = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: latest-crash\nspec:\n  containers:\n  - name: app\n    image: busybox:latest\n    command: [\"sh\", \"-c\", \"exit 1\"]\n";
    let tl = run(y, 120);
    let evs = tl.events_until(S(120));
    let pulls = evs.iter().filter(|e| e.reason == "Pulling").count();
    let starts: Vec<Millis> = evs.iter().filter(|e| e.reason == "Started").map(|e| e.t).collect();
    assert_eq!(pulls, starts.len(), "policy Always: one pull per start");
    // Delays between starts follow 0, 10, 20, 40 s (+ re-sync granularity), not doubled twice.
    let gaps: Vec<f64> = starts.windows(2).map(|w| (w[1] - w[0]).as_secs_f64()).collect();
    assert!(gaps.len() >= 4, "{gaps:?}");
    for (gap, nominal) in gaps.iter().zip([0.0, 10.0, 20.0, 40.0]) {
        assert!(*gap >= nominal && *gap <= nominal + 17.0, "{gaps:?}");
    }
}
