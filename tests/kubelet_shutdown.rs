//! Shutdown and hooks as the kubelet does them (issue 17; reference addendum "shutdown, hooks
//! and volumes"): preStop hooks of a killed pod run together and each container gets SIGTERM
//! when its own hook ends (sidecars still in reverse order), nothing restarts while a pod is
//! being killed, readiness keeps probing during preStop but liveness does not, postStart blocks
//! the next container, and a StartError under `restartPolicy: Never` is final at once.

mod kubelet_support;
use kubelet_support::*;
use podlab::engine::kubelet::{simulate, Action, Scenario, Timeline};
use podlab::engine::model::{ContainerState, ContainerStatus, PodPhase};
use podlab::engine::time::Millis;

const S: fn(u64) -> Millis = Millis::from_secs;

fn killing(tl: &Timeline, until: Millis) -> Vec<(Millis, String)> {
    tl.events_until(until)
        .into_iter()
        .filter(|e| e.reason == "Killing")
        .map(|e| (e.t, e.object))
        .collect()
}

fn finished(cs: &ContainerStatus) -> (Millis, i32) {
    match &cs.state {
        ContainerState::Terminated { finished_at, exit_code, .. } => (*finished_at, *exit_code),
        other => panic!("{} is not terminated: {other:?}", cs.name),
    }
}

/// A sidecar-meshed Job: three sidecars whose TERM trap takes 1 s, a job of 5 s, and
/// preStop hooks of `hook` on every sidecar.
fn meshed_job(hook: &str) -> String {
    let side = |n: &str| {
        format!(
            r#"  - name: {n}
    image: busybox:1.36
    restartPolicy: Always
    command: ["sh", "-c", "trap 'sleep 1; exit 0' TERM; sleep 600 & wait"]
    lifecycle:
      preStop:
        exec:
          command: ["sh", "-c", "{hook}"]
"#
        )
    };
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: meshed-job\nspec:\n  restartPolicy: Never\n  initContainers:\n{}{}{}  containers:\n  - name: job\n    image: busybox:1.36\n    command: [\"sleep\", \"5\"]\n",
        side("side-1"),
        side("side-2"),
        side("side-3")
    )
}

#[test]
fn sidecar_prestop_hooks_run_simultaneously_and_sigterm_follows_each_hook_in_reverse_order() {
    let tl = run(&meshed_job("sleep 1"), 60);
    let kills = killing(&tl, S(60));
    assert_eq!(kills.len(), 3, "{kills:?}");
    let at = kills[0].0;
    assert!(kills.iter().all(|k| k.0 == at), "every preStop starts at once: {kills:?}");
    let st = tl.pod_at("meshed-job", S(60)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Succeeded);
    let ends: Vec<(Millis, i32)> = st.init_container_statuses.iter().map(finished).collect();
    // Every hook takes 1 s: SIGTERM no earlier than +1 s (not when the hook starts), and in
    // reverse order: each TERM trap takes 1 s, so side-3 exits at +2, side-2 (its turn then) at
    // +3, side-1 at +4. Hooks run one after another would have added 1 s per sidecar.
    let near_ms = |t: Millis, want: Millis| t.0.abs_diff(want.0) <= 100;
    assert!(ends.iter().all(|e| e.1 == 0), "graceful: {ends:?}");
    assert!(near_ms(ends[2].0, at + S(2)), "side-3 {ends:?}");
    assert!(near_ms(ends[1].0, at + S(3)), "side-2 {ends:?}");
    assert!(near_ms(ends[0].0, at + S(4)), "side-1 {ends:?}");
}

#[test]
fn sidecars_whose_prestop_never_ends_are_stopped_together_at_the_grace_deadline() {
    // "should terminate sidecars simultaneously if prestop doesn't exit": the hooks outlive the
    // 30 s grace period; each is given up at the deadline (FailedPreStopHook), SIGTERM then, and
    // SIGKILL 2 s later for a container that does not stop (`sleep` ignores TERM here).
    let y = meshed_job("while true; do sleep 1; done")
        .replace("trap 'sleep 1; exit 0' TERM; sleep 600 & wait", "sleep 600");
    let tl = run(&y, 120);
    let kills = killing(&tl, S(120));
    let at = kills[0].0;
    assert!(kills.iter().all(|k| k.0 == at));
    let evs = tl.events_until(S(120));
    let failed: Vec<Millis> =
        evs.iter().filter(|e| e.reason == "FailedPreStopHook").map(|e| e.t).collect();
    assert_eq!(failed, vec![at + S(30); 3], "given up at the deadline, not when it started");
    let st = tl.pod_at("meshed-job", S(120)).unwrap().status;
    for cs in &st.init_container_statuses {
        assert_eq!(finished(cs), (at + S(32), 137), "{}: 30 s + the 2 s minimum grace", cs.name);
    }
}

#[test]
fn a_regular_container_gets_sigterm_when_its_own_prestop_ends() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: drain
spec:
  containers:
  - name: fast
    image: busybox:1.36
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    lifecycle:
      preStop:
        exec:
          command: ["sleep", "2"]
  - name: slow
    image: busybox:1.36
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    lifecycle:
      preStop:
        exec:
          command: ["sleep", "7"]
"#;
    let mut sc = Scenario::apply_at_zero(objects(y), S(60));
    sc.actions.push((S(10), Action::DeletePod("drain".into())));
    let tl = simulate(&sc);
    assert!(killing(&tl, S(60)).iter().all(|k| k.0 == S(10)));
    let st = tl.pod_at("drain", S(16)).unwrap().status;
    assert_eq!(finished(&st.container_statuses[0]), (S(12), 0), "fast: hook 2 s, then TERM");
    assert!(matches!(st.container_statuses[1].state, ContainerState::Running { .. }));
    assert!(tl.pod_at("drain", S(18)).is_none(), "slow: hook 7 s, TERM at 17, pod gone");
}

const LIVENESS_IN_PRESTOP: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: probed
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 100
  containers:
  - name: regular-1
    image: busybox:1.36
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    livenessProbe:
      exec:
        command: ["sh", "-c", "echo live >> /tmp/probes; exit 1"]
      initialDelaySeconds: 10
      periodSeconds: 1
      failureThreshold: 1
    readinessProbe:
      exec:
        command: ["sh", "-c", "echo ready >> /tmp/probes"]
      initialDelaySeconds: 1
      periodSeconds: 1
    lifecycle:
      preStop:
        exec:
          command: ["sleep", "10"]
"#;

#[test]
fn readiness_probes_keep_running_during_prestop_but_liveness_does_not() {
    let tl = run(LIVENESS_IN_PRESTOP, 60);
    let evs = tl.events_until(S(60));
    let kill = evs.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.message, "Container regular-1 failed liveness probe, will be restarted");
    let killed_at = kill.t;
    // The liveness worker is on hold after its failure: no second liveness failure; readiness
    // stays Ready through the 10 s preStop (its probes keep succeeding).
    let unhealthy =
        evs.iter().filter(|e| e.reason == "Unhealthy" && e.message.starts_with("Liveness")).count();
    assert_eq!(unhealthy, 1);
    let mid = tl.pod_at("probed", killed_at + S(5)).unwrap().status;
    assert!(mid.container_statuses[0].ready, "readiness still probed during preStop");
    let st = tl.pod_at("probed", S(60)).unwrap().status;
    assert_eq!(finished(&st.container_statuses[0]), (killed_at + S(10), 0), "TERM after hook");
    assert_eq!(st.phase, PodPhase::Succeeded);
}

#[test]
fn nothing_restarts_while_an_app_containers_prestop_holds_the_pod_worker() {
    // "should not continue running liveness probes for restartable init containers and
    // restart them while in preStop": a sidecar that keeps failing its liveness probe is not
    // restarted, nor probed, while the app container's 40 s preStop runs.
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: held
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 100
  initContainers:
  - name: restartable-init-1
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "600"]
    livenessProbe:
      exec:
        command: ["false"]
      initialDelaySeconds: 12
      periodSeconds: 1
      failureThreshold: 1
  containers:
  - name: regular-1
    image: busybox:1.36
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]
    livenessProbe:
      exec:
        command: ["false"]
      initialDelaySeconds: 10
      periodSeconds: 1
      failureThreshold: 1
    lifecycle:
      preStop:
        exec:
          command: ["sleep", "40"]
"#;
    let tl = run(y, 200);
    let evs = tl.events_until(S(200));
    let kill = evs.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.object, "spec.containers{regular-1}");
    let (from, to) = (kill.t, kill.t + S(40));
    let during: Vec<_> = evs
        .iter()
        .filter(|e| e.t > from && e.t < to && e.object == "spec.initContainers{restartable-init-1}")
        .collect();
    assert!(during.is_empty(), "no sidecar probe or restart during preStop: {during:?}");
    let lanes = tl.lanes();
    let side = lanes.iter().find(|l| l.container == "restartable-init-1").unwrap();
    assert!(side.starts.iter().all(|t| *t <= from || *t >= to), "{:?}", side.starts);
}

#[test]
fn post_start_blocks_the_next_container_until_it_returns() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: hooked
spec:
  containers:
  - name: first
    image: busybox:1.36
    command: ["sleep", "600"]
    lifecycle:
      postStart:
        exec:
          command: ["sleep", "5"]
  - name: second
    image: busybox:1.36
    command: ["sleep", "600"]
"#;
    let tl = run(y, 30);
    let lanes = tl.lanes();
    let start = |c: &str| lanes.iter().find(|l| l.container == c).unwrap().starts[0];
    assert_eq!(start("first"), S(1));
    assert_eq!(start("second"), S(6), "startContainer returns only after postStart");
}

#[test]
fn post_start_of_a_sidecar_holds_the_next_init_container() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: hooked-sidecar
spec:
  initContainers:
  - name: proxy
    image: busybox:1.36
    restartPolicy: Always
    command: ["sleep", "600"]
    lifecycle:
      postStart:
        exec:
          command: ["sleep", "4"]
  - name: migrate
    image: busybox:1.36
    command: ["true"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "600"]
"#;
    let tl = run(y, 30);
    let lanes = tl.lanes();
    let start = |c: &str| lanes.iter().find(|l| l.container == c).unwrap().starts[0];
    assert_eq!(start("proxy"), S(1));
    assert!(start("migrate") >= S(5), "after the 4 s postStart: {:?}", start("migrate"));
}

const NO_BASH_NEVER: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: no-bash
spec:
  restartPolicy: Never
  initContainers:
  - name: init
    image: alpine:3.20
    command: ["/bin/bash", "-c", "true"]
  containers:
  - name: app
    image: alpine:3.20
    command: ["sleep", "60"]
"#;

#[test]
fn start_error_under_never_shows_init_start_error_directly() {
    let tl = run(NO_BASH_NEVER, 30);
    let sts = statuses(&tl, "no-bash");
    assert_eq!(sts, ["Pending", "Init:0/1", "Init:StartError"], "no Init:RunContainerError row");
    let st = tl.pod_at("no-bash", S(30)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Failed);
    match &st.init_container_statuses[0].state {
        ContainerState::Terminated { exit_code, reason, .. } => {
            assert_eq!((*exit_code, reason.as_deref()), (128, Some("StartError")))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn start_error_of_an_app_container_under_never_shows_start_error() {
    let y = NO_BASH_NEVER.replace(
        "  initContainers:\n  - name: init\n    image: alpine:3.20\n    command: [\"/bin/bash\", \"-c\", \"true\"]\n",
        "",
    )
    .replace("command: [\"sleep\", \"60\"]", "command: [\"/bin/bash\", \"-c\", \"true\"]");
    let tl = run(&y, 30);
    assert_eq!(statuses(&tl, "no-bash"), ["Pending", "ContainerCreating", "StartError"]);
}

#[test]
fn start_error_under_always_still_shows_run_container_error_then_back_off() {
    let y = NO_BASH_NEVER.replace("restartPolicy: Never", "restartPolicy: Always");
    let tl = run(&y, 60);
    let sts = statuses(&tl, "no-bash");
    assert_eq!(&sts[..3], ["Pending", "Init:0/1", "Init:RunContainerError"]);
}

// ---------------------------------------------------------------------------------------------
// A shell's TERM trap as PID 1 (busybox ash), deleted at t = 5 with the default 30 s grace
// ---------------------------------------------------------------------------------------------

/// Runs `command` (a JSON argv) in `image`, deletes the pod at 5 s, and returns (exit code,
/// finishedAt, log lines) of the container.
fn deleted_at_5(image: &str, command: &str) -> (i32, Millis, Vec<String>) {
    let y = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\nspec:\n  containers:\n  - name: c\n    image: {image}\n    command: {command}\n"
    );
    let mut sc = Scenario::apply_at_zero(objects(&y), S(60));
    sc.actions.push((S(5), Action::DeletePod("t".into())));
    let tl = simulate(&sc);
    let st = tl.final_view("t").unwrap().status;
    let (at, code) = finished(&st.container_statuses[0]);
    let logs = tl.final_logs("t", "c").unwrap().into_iter().map(|(_, l)| l).collect();
    (code, at, logs)
}

#[test]
fn a_trap_in_a_sleep_loop_runs_once_the_foreground_sleep_returns() {
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"]"#,
    );
    assert_eq!(code, 0, "the trap's exit 0, not SIGKILL's 137");
    assert!(at > S(5) && at <= S(6), "within the current `sleep 1`: {at:?}");
    assert_eq!(logs, ["bye"]);
}

#[test]
fn a_trap_interrupts_wait_at_once() {
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "trap 'echo bye; exit 0' TERM; sleep 3600 & wait"]"#,
    );
    assert_eq!((code, logs), (0, vec!["bye".to_string()]));
    assert!(at.0 - 5000 < 100, "at once: {at:?}");
}

#[test]
fn a_trap_on_exit_alone_does_not_catch_sigterm() {
    // PID 1 without a TERM handler: the kernel drops SIGTERM; SIGKILL at the grace deadline
    // does not run the EXIT trap.
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "trap 'echo bye' EXIT; while true; do sleep 1; done"]"#,
    );
    assert_eq!((code, at), (137, S(35)));
    assert!(logs.is_empty(), "{logs:?}");
}

#[test]
fn a_nested_sh_c_that_traps_is_pid_1() {
    // `sh -c "sh -c '…'"`: ash execs a lone command, so the inner shell is PID 1.
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "sh -c \"trap 'echo bye; exit 0' TERM; while true; do sleep 1; done\""]"#,
    );
    assert_eq!((code, logs), (0, vec!["bye".to_string()]));
    assert!(at <= S(6), "{at:?}");
}

#[test]
fn a_trap_waits_for_a_foreground_child_shell_which_never_gets_the_signal() {
    // PID 1 traps TERM but runs a child `sh -c` loop in the foreground: only PID 1 is signalled,
    // it waits for the child, which never ends — SIGKILL at the deadline.
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "trap 'echo bye; exit 0' TERM; sh -c 'while true; do sleep 1; done'"]"#,
    );
    assert_eq!((code, at), (137, S(35)));
    assert!(logs.is_empty(), "{logs:?}");
}

#[test]
fn a_trapping_shell_whose_foreground_is_a_server_stops_it() {
    // podlab's model of a daemon under a trapping PID 1: the server is stopped gracefully
    // and the trap runs after it (nginx exits 0 on SIGTERM within a second).
    let (code, at, _) = deleted_at_5(
        "nginx:1.27",
        r#"["sh", "-c", "trap 'echo bye; exit 0' TERM; nginx -g 'daemon off;'"]"#,
    );
    assert_eq!(code, 0);
    assert!(at <= S(6), "{at:?}");
}

#[test]
fn a_trap_interrupts_read_from_a_fifo() {
    // The open of a FIFO with no writer blocks; ash's handler (no SA_RESTART) interrupts it,
    // ash's openredirect does not retry, so the redirection fails with EINTR, then the trap runs.
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "mkfifo /tmp/f; trap 'echo bye; exit 0' TERM; read line < /tmp/f"]"#,
    );
    assert_eq!(
        (code, logs),
        (0, vec!["sh: can't open /tmp/f: Interrupted system call".to_string(), "bye".to_string()])
    );
    assert!(at.0 - 5000 < 100, "{at:?}");
}

#[test]
fn an_untrapped_term_leaves_a_read_from_a_fifo_waiting_until_sigkill() {
    // PID 1 without a TERM handler: the kernel drops SIGTERM, the open stays blocked.
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "mkfifo /tmp/f; read line < /tmp/f; echo never"]"#,
    );
    assert_eq!((code, at), (137, S(35)));
    assert!(logs.is_empty(), "{logs:?}");
}

#[test]
fn a_trap_that_does_not_exit_lets_the_script_go_on_after_the_failed_fifo_open() {
    // The interrupted redirection fails (status 2; the message names the word as written),
    // the trap runs, then the next command.
    let (code, at, logs) = deleted_at_5(
        "busybox:1.36",
        r#"["sh", "-c", "cd /tmp; mkfifo f; trap 'echo got TERM' TERM; echo hi > f; echo \"status $?\""]"#,
    );
    assert_eq!(logs, ["sh: can't create f: Interrupted system call", "got TERM", "status 2"]);
    assert_eq!(code, 0);
    assert!(at.0 - 5000 < 100, "{at:?}");
}

#[test]
fn a_sidecar_with_a_trap_lets_a_job_like_pod_finish_within_a_second() {
    // The issue's Job-like pod: a trapping sidecar (sleep loop) no longer keeps the pod
    // Running 30 s after the job ends.
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: job
spec:
  restartPolicy: Never
  initContainers:
  - name: shipper
    image: busybox:1.36
    restartPolicy: Always
    command: ["sh", "-c", "trap 'echo flushed; exit 0' TERM; while true; do sleep 1; done"]
  containers:
  - name: work
    image: busybox:1.36
    command: ["sleep", "5"]
"#;
    let tl = run(y, 60);
    let done = tl.rows().iter().find(|r| r.phase == "Succeeded").unwrap();
    assert!(done.t <= S(9), "Succeeded ≈1–2 s after the job's exit at ≈7: {:?}", done.t);
}
