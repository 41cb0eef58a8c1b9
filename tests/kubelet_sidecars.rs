//! Native sidecars (init containers with `restartPolicy: Always`), reference §1.4: start order,
//! startupProbe gating, READY counting, restarts regardless of the pod's policy, Job-like
//! completion and reverse-order termination.

mod kubelet_support;
use kubelet_support::*;
use podlab::engine::kubelet::{simulate, Action, Scenario};
use podlab::engine::model::{ContainerState, ContainerStatus, PodPhase};
use podlab::engine::time::Millis;

const S: fn(u64) -> Millis = Millis::from_secs;

const JOB_WITH_SIDECARS: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: job-sidecar
spec:
  restartPolicy: Never
  initContainers:
  - name: proxy
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "3600"]
  - name: logger
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "3600"]
  - name: setup
    image: busybox:1.36
    command: ["sleep", "2"]
  containers:
  - name: job
    image: busybox:1.36
    command: ["sleep", "5"]
"#;

#[test]
fn next_init_container_starts_once_the_sidecar_is_started_not_finished() {
    let tl = run(JOB_WITH_SIDECARS, 8);
    let lanes = tl.lanes();
    let start = |c: &str| lanes.iter().find(|l| l.container == c).unwrap().starts[0];
    assert_eq!(
        (start("proxy"), start("logger"), start("setup"), start("job")),
        (S(1), S(2), S(3), S(5))
    );
    let rows: Vec<(String, String)> =
        tl.rows().iter().map(|r| (r.status.clone(), r.ready.clone())).collect();
    let want: Vec<(String, String)> = [
        ("Pending", "0/3"),
        ("Init:0/3", "0/3"),
        ("Init:1/3", "1/3"),
        ("Init:2/3", "2/3"),
        ("PodInitializing", "2/3"),
        ("Running", "3/3"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(rows, want, "READY counts sidecars; Init:N/M counts started sidecars");
    let st = tl.pod_at("job-sidecar", S(7)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Running);
    assert_eq!(condition(&st, "Initialized").0, "True");
    assert!(st.init_container_statuses[..2].iter().all(|c| c.ready && c.started == Some(true)));
}

#[test]
fn job_like_pod_completes_and_stops_sidecars_in_reverse_order() {
    let tl = run(JOB_WITH_SIDECARS, 120);
    let st = tl.pod_at("job-sidecar", S(120)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Succeeded, "sidecar exit codes (137) do not matter");
    assert_eq!(condition(&st, "Initialized"), ("True".into(), Some("PodCompleted".into()), None));
    assert_eq!(condition(&st, "PodReadyToStartContainers").0, "False");
    let kills: Vec<(f64, String)> = tl
        .events_until(S(120))
        .into_iter()
        .filter(|e| e.reason == "Killing")
        .map(|e| (e.t.as_secs_f64(), e.object))
        .collect();
    assert_eq!(
        kills.iter().map(|k| k.1.as_str()).collect::<Vec<_>>(),
        ["spec.initContainers{logger}", "spec.initContainers{proxy}"]
    );
    // The job exits at 10; both sidecars are killed at once (their `Killing` events and any
    // preStop hooks), but SIGTERM follows the ordering: logger first; it ignores SIGTERM
    // (`sleep` as PID 1) until the 30 s grace is over (SIGKILL at ≈40). proxy waits for its turn
    // until then, gets SIGTERM at the deadline and the 2 s minimum grace: SIGKILL at ≈42.
    near(Millis((kills[0].0 * 1000.0) as u64), 10.0, "sidecars killed after the job");
    assert_eq!(kills[0].0, kills[1].0, "Killing events at the same instant");
    let st = tl.pod_at("job-sidecar", S(120)).unwrap().status;
    let finished = |i: usize| match &st.init_container_statuses[i].state {
        ContainerState::Terminated { finished_at, exit_code, .. } => (*finished_at, *exit_code),
        other => panic!("{other:?}"),
    };
    let (logger_end, proxy_end) = (finished(1), finished(0));
    assert_eq!(logger_end.1, 137);
    assert_eq!(proxy_end.1, 137);
    near(logger_end.0, kills[0].0 + 30.0, "logger: SIGKILL when the grace period ends");
    assert_eq!(proxy_end.0, logger_end.0 + S(2), "proxy: SIGTERM at the deadline, +2 s");
    let last = tl.rows().last().unwrap();
    assert_eq!(
        (last.status.as_str(), last.ready.as_str(), last.phase.as_str()),
        ("Completed", "0/3", "Succeeded")
    );
    // While sidecars are being stopped the pod is still Running.
    assert_eq!(tl.pod_at("job-sidecar", S(20)).unwrap().status.phase, PodPhase::Running);
}

#[test]
fn sidecar_is_restarted_even_when_the_pod_says_never() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: flaky-sidecar
spec:
  restartPolicy: Never
  initContainers:
  - name: shipper
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "4"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"#;
    let tl = run(y, 120);
    let st = tl.pod_at("flaky-sidecar", S(120)).unwrap().status;
    assert!(
        st.init_container_statuses[0].restart_count >= 3,
        "{:?}",
        st.init_container_statuses[0]
    );
    assert_eq!(st.container_statuses[0].restart_count, 0, "app unaffected");
    assert!(matches!(st.container_statuses[0].state, ContainerState::Running { .. }));
    assert_eq!(st.phase, PodPhase::Running);
    // Sidecar restarts count in RESTARTS once initialised.
    let last = tl.rows().last().unwrap();
    assert!(last.restarts.starts_with(&st.init_container_statuses[0].restart_count.to_string()));
}

#[test]
fn startup_probe_gates_the_next_init_container() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: gated
spec:
  initContainers:
  - name: db-proxy
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "3600"]
    startupProbe:
      exec:
        command: ["true"]
      initialDelaySeconds: 5
      periodSeconds: 2
  - name: migrate
    image: busybox:1.36
    command: ["sleep", "1"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"#;
    let tl = run(y, 30);
    let lanes = tl.lanes();
    let migrate = lanes.iter().find(|l| l.container == "migrate").unwrap().starts[0];
    near(migrate, 6.0, "migrate waits for db-proxy's startupProbe (1 s + 5 s delay)");
    let st = tl.pod_at("gated", S(4)).unwrap().status;
    assert_eq!(st.init_container_statuses[0].started, Some(false));
    assert_eq!(
        tl.pod_at("gated", S(4))
            .map(|v| podlab::engine::kubectl::get::print_pod(&v, S(4)).status)
            .unwrap(),
        "Init:0/2"
    );
}

#[test]
fn failing_startup_probe_restarts_the_sidecar_and_blocks_initialisation() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: never-starts
spec:
  terminationGracePeriodSeconds: 1
  initContainers:
  - name: proxy
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "3600"]
    startupProbe:
      exec:
        command: ["false"]
      periodSeconds: 2
      failureThreshold: 2
  - name: migrate
    image: busybox:1.36
    command: ["sleep", "1"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"#;
    let tl = run(y, 60);
    let evs = tl.events_until(S(60));
    assert!(
        evs.iter()
            .any(|e| e.reason == "Killing"
                && e.message == "Init container proxy failed startup probe")
    );
    assert!(evs
        .iter()
        .any(|e| e.reason == "Unhealthy" && e.message.starts_with("Startup probe failed")));
    assert!(!evs.iter().any(|e| e.object.contains("migrate")), "migrate never starts");
    let st = tl.pod_at("never-starts", S(60)).unwrap().status;
    assert!(st.init_container_statuses[0].restart_count >= 2);
    assert_eq!(st.phase, PodPhase::Pending);
}

#[test]
fn deletion_stops_app_containers_first_then_sidecars_in_reverse_order() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: meshed
spec:
  terminationGracePeriodSeconds: 10
  initContainers:
  - name: proxy
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "3600"]
  - name: logger
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "3600"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"#;
    let mut sc = Scenario::apply_at_zero(objects(y), S(60));
    sc.actions.push((S(20), Action::DeletePod("meshed".into())));
    let tl = simulate(&sc);
    let kills: Vec<(Millis, String)> = tl
        .events_until(S(60))
        .into_iter()
        .filter(|e| e.reason == "Killing")
        .map(|e| (e.t, e.object))
        .collect();
    let order: Vec<&str> = kills.iter().map(|k| k.1.as_str()).collect();
    assert_eq!(
        order,
        ["spec.containers{app}", "spec.initContainers{logger}", "spec.initContainers{proxy}"]
    );
    // killContainersWithSyncResult kills every container in parallel: all `Killing` events at
    // the deletion; the *signals* follow the termination ordering.
    assert!(kills.iter().all(|k| k.0 == S(20)), "{kills:?}");
    // app ignores SIGTERM → SIGKILL at 30 (grace 10). Then logger's turn has come, and proxy
    // stops waiting for its turn because the grace period is over: both get SIGTERM at 30 and
    // the 2 s minimum grace, so SIGKILL at 32.
    let st = tl.pod_at("meshed", S(31)).unwrap().status;
    let finished = |cs: &ContainerStatus| match &cs.state {
        ContainerState::Terminated { finished_at, exit_code, .. } => {
            Some((*finished_at, *exit_code))
        }
        _ => None,
    };
    assert_eq!(finished(&st.container_statuses[0]), Some((S(30), 137)));
    assert_eq!(finished(&st.init_container_statuses[1]), None, "logger still running at 31");
    assert_eq!(first_row(&tl, "meshed", "Terminating").unwrap().t, S(20));
    assert!(tl.pod_at("meshed", S(31)).is_some());
    assert!(tl.pod_at("meshed", S(33)).is_none(), "gone once every container is dead (32)");
}
