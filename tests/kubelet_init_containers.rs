//! Init containers and restart policies through the engine, with commands the placeholder
//! runtime already runs (`sleep N`, `exit N`, `echo …`): reference §1.3, §1.5, §1.7, §1.11.

mod kubelet_support;
use kubelet_support::*;
use podlab::engine::model::{ContainerState, PodPhase};
use podlab::engine::time::Millis;

const S: fn(u64) -> Millis = Millis::from_secs;

fn pod(name: &str, policy: &str, init: &[(&str, &str)], apps: &[(&str, &str)]) -> String {
    let mut y = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: {policy}\n"
    );
    if !init.is_empty() {
        y.push_str("  initContainers:\n");
        for (n, cmd) in init {
            y.push_str(&format!("  - name: {n}\n    image: busybox:1.36\n    command: {cmd}\n"));
        }
    }
    y.push_str("  containers:\n");
    for (n, cmd) in apps {
        y.push_str(&format!("  - name: {n}\n    image: busybox:1.36\n    command: {cmd}\n"));
    }
    y
}

#[test]
fn init_containers_run_one_at_a_time_in_spec_order() {
    let y = pod(
        "seq",
        "Always",
        &[("a", r#"["sleep", "3"]"#), ("b", r#"["sleep", "4"]"#)],
        &[("app", r#"["sleep", "3600"]"#)],
    );
    let tl = run(&y, 30);
    assert_eq!(
        statuses(&tl, "seq"),
        ["Pending", "Init:0/2", "Init:1/2", "PodInitializing", "Running"]
    );
    near(first_row(&tl, "seq", "Init:1/2").unwrap().t, 4.0, "Init:1/2");
    near(first_row(&tl, "seq", "Running").unwrap().t, 9.0, "Running");
    let lanes = tl.lanes();
    let start = |c: &str| lanes.iter().find(|l| l.container == c).unwrap().starts.clone();
    assert_eq!(start("a"), [S(1)]);
    assert_eq!(start("b"), [S(4)], "b starts in the sync that sees a exit 0");
    assert_eq!(start("app"), [S(8)]);
    // b waits with PodInitializing while a runs.
    let mid = tl.pod_at("seq", S(2)).unwrap().status;
    assert_eq!(
        mid.init_container_statuses[1].state,
        ContainerState::Waiting { reason: Some("PodInitializing".into()), message: None }
    );
    assert_eq!(
        condition(&mid, "Initialized").2.as_deref(),
        Some("containers with incomplete status: [a b]")
    );
}

#[test]
fn failing_init_container_backs_off_exponentially() {
    for policy in ["Always", "OnFailure"] {
        let y = pod(
            "crash",
            policy,
            &[("init-fail", r#"["sh", "-c", "exit 1"]"#)],
            &[("app", r#"["sleep", "3600"]"#)],
        );
        let tl = run(&y, 700);
        let lane = tl.lanes().into_iter().find(|l| l.container == "init-fail").unwrap();
        // First restart immediate (next relist); then 10, 20, 40, 80, 160, 300 s + 0–15 s.
        let nominal = [0.0, 10.0, 20.0, 40.0, 80.0, 160.0];
        assert!(lane.starts.len() >= 7, "{:?}", lane.starts);
        for (n, w) in lane.starts.windows(2).take(nominal.len()).enumerate() {
            let delay = (w[1] - w[0]).as_secs_f64(); // the placeholder process exits at once
            assert!(
                delay >= nominal[n] && delay <= nominal[n] + 16.0,
                "{policy}: restart {} after {delay}s",
                n + 1
            );
        }
        let sts = statuses(&tl, "crash");
        assert_eq!(&sts[..3], ["Pending", "Init:0/1", "Init:Error"], "{policy}");
        assert!(sts.contains(&"Init:CrashLoopBackOff".to_string()));
        // Error shows right after each exit, CrashLoopBackOff only from the next sync (§1.11).
        let first_cl = first_row(&tl, "crash", "Init:CrashLoopBackOff").unwrap();
        assert!(first_cl.t.as_secs_f64() >= 12.0, "CrashLoopBackOff only after a 10–15 s re-sync");
        let st = tl.pod_at("crash", S(700)).unwrap().status;
        assert_eq!(
            st.phase,
            PodPhase::Pending,
            "{policy}: a crash-looping init container keeps the pod Pending"
        );
        assert_eq!(st.container_statuses[0].restart_count, 0);
        assert!(tl.rows().iter().all(|r| r.phase == "Pending" && r.ready == "0/1"));
    }
}

#[test]
fn crash_loop_waiting_state_carries_the_back_off_message() {
    let y = pod(
        "msg",
        "Always",
        &[("init-fail", r#"["sh", "-c", "exit 1"]"#)],
        &[("app", r#"["sleep", "3600"]"#)],
    );
    let tl = run(&y, 60);
    let row = first_row(&tl, "msg", "Init:CrashLoopBackOff").unwrap();
    let st = tl.pod_at("msg", row.t).unwrap().status;
    let init = &st.init_container_statuses[0];
    match &init.state {
        ContainerState::Waiting { reason: Some(r), message: Some(m) } => {
            assert_eq!(r, "CrashLoopBackOff");
            assert!(
                m.starts_with(
                    "back-off 10s restarting failed container=init-fail pod=msg_default("
                ),
                "{m}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&init.last_state, Some(ContainerState::Terminated { exit_code: 1, reason: Some(r), .. }) if r == "Error")
    );
    assert!(!init.ready);
    assert!(row.restarts.starts_with("1 (") && row.restarts.ends_with(" ago)"), "{}", row.restarts);
}

#[test]
fn failing_init_container_under_never_fails_the_pod_and_starts_nothing_else() {
    let y = pod(
        "never",
        "Never",
        &[
            ("first", r#"["sleep", "2"]"#),
            ("init-fail", r#"["sh", "-c", "exit 3"]"#),
            ("later", r#"["sleep", "1"]"#),
        ],
        &[("app", r#"["sleep", "3600"]"#)],
    );
    let tl = run(&y, 60);
    let st = tl.pod_at("never", S(60)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Failed);
    assert_eq!(tl.rows().last().unwrap().status, "Init:Error");
    assert!(matches!(
        st.init_container_statuses[1].state,
        ContainerState::Terminated { exit_code: 3, .. }
    ));
    assert_eq!(
        st.init_container_statuses[2].state,
        ContainerState::Waiting { reason: Some("PodInitializing".into()), message: None }
    );
    assert_eq!(condition(&st, "PodReadyToStartContainers").0, "False");
    assert_eq!(condition(&st, "Ready").1.as_deref(), Some("PodFailed"));
    let evs = tl.events_until(S(60));
    assert!(!evs.iter().any(|e| e.reason == "BackOff" || e.reason == "Killing"));
    assert!(!evs.iter().any(|e| e.object.contains("later") || e.object.contains("{app}")));
    // Terminal phase never changes afterwards.
    let failed_at = tl.rows().iter().find(|r| r.phase == "Failed").unwrap().t;
    assert!(tl.rows().iter().filter(|r| r.t >= failed_at).all(|r| r.phase == "Failed"));
}

#[test]
fn completed_init_containers_are_not_rerun_when_the_app_crashes() {
    let y = pod(
        "app-crash",
        "Always",
        &[("init-ok", r#"["sh", "-c", "echo init ok"]"#)],
        &[("app", r#"["sh", "-c", "exit 1"]"#)],
    );
    let tl = run(&y, 120);
    let st = tl.pod_at("app-crash", S(120)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Running, "Always + crashing app = Running (restarting)");
    assert_eq!(st.init_container_statuses[0].restart_count, 0);
    assert!(st.container_statuses[0].restart_count >= 3);
    assert_eq!(tl.lanes().iter().find(|l| l.container == "init-ok").unwrap().starts.len(), 1);
    assert_eq!(condition(&st, "Initialized").0, "True");
    let sts = statuses(&tl, "app-crash");
    assert!(
        sts.contains(&"Error".to_string()) && sts.contains(&"CrashLoopBackOff".to_string()),
        "{sts:?}"
    );
    let logs = tl.logs("app-crash", "init-ok", false, S(120)).unwrap();
    assert_eq!(logs.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(), ["init ok"]);
}

#[test]
fn restart_policy_decides_what_happens_when_the_app_exits() {
    // OnFailure + exit 0 → Succeeded/Completed; Never + exit 1 → Failed/Error;
    // OnFailure + exit 1 → restarted, Running.
    let cases = [
        ("OnFailure", r#"["sh", "-c", "exit 0"]"#, PodPhase::Succeeded, "Completed"),
        ("Never", r#"["sh", "-c", "exit 1"]"#, PodPhase::Failed, "Error"),
        ("OnFailure", r#"["sh", "-c", "exit 1"]"#, PodPhase::Running, ""),
    ];
    for (policy, cmd, phase, status) in cases {
        let y = pod("p", policy, &[], &[("app", cmd)]);
        let tl = run(&y, 60);
        let st = tl.pod_at("p", S(60)).unwrap().status;
        assert_eq!(st.phase, phase, "{policy} {cmd}");
        if !status.is_empty() {
            assert_eq!(tl.rows().last().unwrap().status, status);
            assert_eq!(tl.rows().last().unwrap().ready, "0/1");
        } else {
            assert!(st.container_statuses[0].restart_count >= 2);
        }
    }
}

#[test]
fn pod_without_init_containers_shows_container_creating() {
    let y = pod("plain", "Always", &[], &[("app", r#"["sleep", "3600"]"#)]);
    let tl = run(&y, 10);
    let st = tl.pod_at("plain", S(1)).unwrap().status;
    assert_eq!(
        st.container_statuses[0].state,
        ContainerState::Waiting { reason: Some("ContainerCreating".into()), message: None }
    );
    assert_eq!(statuses(&tl, "plain"), ["Pending", "ContainerCreating", "Running"]);
    assert_eq!(condition(&st, "Initialized").0, "True");
}

#[test]
fn back_off_resets_after_ten_minutes_of_running() {
    // Runs 610 s, exits 0, is restarted (Always): every restart is immediate again.
    let y = pod("long", "Always", &[], &[("app", r#"["sleep", "610"]"#)]);
    let tl = run(&y, 1900);
    let lane = tl.lanes().into_iter().find(|l| l.container == "app").unwrap();
    assert_eq!(lane.starts.len(), 4, "{:?}", lane.starts);
    for w in lane.starts.windows(2) {
        let gap = (w[1] - w[0]).as_secs_f64() - 610.0;
        assert!((0.0..=1.0).contains(&gap), "restart {gap}s after exit: should be immediate");
    }
}

#[test]
fn restarts_column_counts_init_restarts_only_while_initialising() {
    // While initialising, RESTARTS is the sum over init containers up to the current one (§1.9).
    let y = pod(
        "count",
        "Always",
        &[("init-fail", r#"["false"]"#)],
        &[("app", r#"["sleep", "3600"]"#)],
    );
    let tl = run(&y, 100);
    for r in tl.rows().iter().filter(|r| r.t > S(0)) {
        let st = tl.pod_at("count", r.t).unwrap().status;
        let n: u32 = r.restarts.split(' ').next().unwrap().parse().unwrap();
        assert_eq!(n, st.init_container_statuses.first().map(|c| c.restart_count).unwrap_or(0));
    }
}

#[test]
fn init_container_crash_looping_for_a_day_restarts_about_every_five_minutes() {
    // reliability.md §8 E51: about 290 restarts in 24 h, back-off capped at 300 s.
    let y = pod(
        "day",
        "Always",
        &[("init-fail", r#"["sh", "-c", "exit 1"]"#)],
        &[("app", r#"["sleep", "3600"]"#)],
    );
    let tl = run(&y, 86_400);
    let st = tl.pod_at("day", S(86_400)).unwrap().status;
    let restarts = st.init_container_statuses[0].restart_count;
    assert!((270..=295).contains(&restarts), "{restarts} restarts in 24 h");
    let lane = tl.lanes().into_iter().find(|l| l.container == "init-fail").unwrap();
    let max_gap = lane.starts.windows(2).map(|w| (w[1] - w[0]).as_secs_f64()).fold(0.0, f64::max);
    assert!(max_gap <= 316.0, "back-off is capped at 300 s (+ ≤ 15 s re-sync): {max_gap}");
    assert_eq!(st.phase, PodPhase::Pending);
}
