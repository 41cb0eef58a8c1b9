//! The settle point (issue #18): a run stops changing once nothing is scheduled but steady
//! probes and idle loops, and the player pauses there instead of playing on to the horizon.

mod kubelet_support;
use kubelet_support::run;
use podlab::engine::time::Millis;

/// Lesson 1's first example: an init container that sleeps 10 s, then nginx.
const FIRST: &str = "apiVersion: v1
kind: Pod
metadata:
  name: pod-with-init-container
spec:
  initContainers:
  - name: init-myservice
    image: busybox
    command: ['sh', '-c', 'echo Initializing... && sleep 10']
  containers:
  - name: main-container
    image: nginx
";

#[test]
fn lesson_one_settles_when_nginx_is_running_well_under_a_minute() {
    let tl = run(FIRST, 120);
    let at = tl.settled_at().expect("the run settles");
    let running = tl
        .rows()
        .iter()
        .find(|r| r.status == "Running")
        .map(|r| r.t)
        .expect("the pod reaches Running");
    assert_eq!(at, *tl.change_times().last().unwrap());
    assert!(at >= running && at < Millis::from_secs(60), "settled at {at:?}");
    // Same answer however far the run was simulated: the settle point is a fact of the run.
    assert_eq!(run(FIRST, 1800).settled_at(), Some(at));
}

#[test]
fn a_crash_loop_never_settles() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  initContainers:
  - name: fail
    image: busybox:1.36
    command: ['sh', '-c', 'exit 1']
  containers:
  - name: app
    image: nginx:1.27
";
    assert_eq!(run(yaml, 120).settled_at(), None);
    assert_eq!(run(yaml, 1800).settled_at(), None);
}

#[test]
fn a_sleep_that_ends_after_the_horizon_is_a_change_still_to_come() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  initContainers:
  - name: wait
    image: busybox:1.36
    command: ['sh', '-c', 'sleep 600']
  containers:
  - name: app
    image: nginx:1.27
";
    assert_eq!(run(yaml, 120).settled_at(), None, "the init container's exit at 600 s is to come");
    let tl = run(yaml, 1200);
    let at = tl.settled_at().expect("settles once nginx runs");
    assert!(at > Millis::from_secs(600) && at < Millis::from_secs(620), "{at:?}");
}

#[test]
fn an_idle_loop_and_a_steady_readiness_probe_settle() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: idle
spec:
  containers:
  - name: loop
    image: busybox:1.36
    command: ['sh', '-c', 'while true; do sleep 5; done']
    readinessProbe:
      exec:
        command: ['true']
      periodSeconds: 10
";
    let tl = run(yaml, 120);
    let at = tl.settled_at().expect("an idle loop and a passing probe change nothing");
    assert!(at < Millis::from_secs(20), "{at:?}");
}
