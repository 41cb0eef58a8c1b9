//! What the stage draws, as engine facts (issue #18): the settle point (a run stops changing
//! once nothing is scheduled but steady probes and idle loops, and the player pauses there
//! instead of playing on to the horizon), and the volume shelf (which file, written by whom,
//! when).

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

#[test]
fn a_file_written_by_an_init_container_is_on_the_shelf_from_the_instant_it_is_written() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: shelf
spec:
  volumes:
  - name: work
    emptyDir: {}
  initContainers:
  - name: writer
    image: busybox:1.36
    command: ['sh', '-c', 'sleep 3; echo hello > /work/index.html; sleep 2']
    volumeMounts:
    - name: work
      mountPath: /work
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts:
    - name: work
      mountPath: /usr/share/nginx/html
";
    let tl = run(yaml, 60);
    let started = tl
        .lanes()
        .into_iter()
        .find(|l| l.container == "writer")
        .and_then(|l| l.starts.first().copied())
        .expect("the init container starts");
    let written = started + Millis::from_secs(3);
    let before = tl.shelf_at("shelf", written - Millis(1));
    assert_eq!(before.len(), 1);
    assert_eq!((before[0].name.as_str(), before[0].kind.as_str()), ("work", "emptyDir"));
    assert!(before[0].files.is_empty(), "{before:?}");
    let mounts: Vec<(&str, &str)> =
        before[0].mounts.iter().map(|m| (m.container.as_str(), m.path.as_str())).collect();
    assert_eq!(mounts, [("writer", "/work"), ("web", "/usr/share/nginx/html")]);
    let after = tl.shelf_at("shelf", written);
    let f = &after[0].files[0];
    assert_eq!(f.path, "index.html");
    assert_eq!(f.bytes, 6);
    assert_eq!(f.written_at, Some(written));
    assert_eq!(f.written_by.as_deref(), Some("writer"));
}

#[test]
fn a_service_socket_lights_up_once_a_selected_pod_is_ready() {
    let yaml = "apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: v1
kind: Pod
metadata:
  name: db-0
  labels:
    app: db
spec:
  containers:
  - name: db
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: other
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
";
    let tl = run(yaml, 60);
    let dark = tl.services_at(Millis(500));
    assert_eq!(dark.len(), 1);
    assert_eq!((dark[0].name.as_str(), dark[0].ports.as_slice()), ("db", &[5432][..]));
    assert!(dark[0].endpoints.is_empty(), "no pod is ready yet");
    let lit = tl.services_at(Millis::from_secs(50));
    assert_eq!(lit[0].endpoints, ["db-0"], "only the pod the selector matches");
}

/// Lesson 4's `xchange` example: the init container writes `/tmp/xchange/init.txt`, the app
/// reads the same file as `/tmp/data/init.txt` with `$(cat …)` every 5 s.
const XCHANGE: &str = "apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  initContainers:
  - name: init-volume
    image: alpine
    command: ['/bin/sh', '-c', 'echo initializing > /tmp/xchange/init.txt; sleep 30']
    volumeMounts:
      - name: shared-data
        mountPath: /tmp/xchange
  containers:
  - name: main-app
    image: alpine
    command: ['/bin/sh', '-c', 'while true; do echo $(cat /tmp/data/init.txt); sleep 5; done']
    volumeMounts:
      - name: shared-data
        mountPath: /tmp/data
  volumes:
  - name: shared-data
    emptyDir: {}
";

/// When `container` first started, from the lanes.
fn first_start(tl: &podlab::engine::kubelet::Timeline, container: &str) -> Millis {
    tl.lanes()
        .into_iter()
        .find(|l| l.container == container)
        .and_then(|l| l.starts.first().copied())
        .unwrap_or_else(|| panic!("{container} starts"))
}

/// The readers of `path` on pod `pod`'s first volume at `t`: (container, first read).
fn readers(
    tl: &podlab::engine::kubelet::Timeline,
    pod: &str,
    path: &str,
    t: Millis,
) -> Vec<(String, Millis)> {
    tl.shelf_at(pod, t)
        .iter()
        .flat_map(|v| &v.files)
        .filter(|f| f.path == path)
        .flat_map(|f| f.read_by.iter().map(|r| (r.container.clone(), r.at)))
        .collect()
}

#[test]
fn the_app_that_cats_the_shared_file_is_marked_as_its_reader_from_its_first_read() {
    let tl = run(XCHANGE, 120);
    let app = first_start(&tl, "main-app");
    // Written by the init container, not read by it.
    let written = tl.shelf_at("init-demo", app - Millis(1));
    let f = &written[0].files[0];
    assert_eq!((f.path.as_str(), f.written_by.as_deref()), ("init.txt", Some("init-volume")));
    assert!(f.read_by.is_empty(), "nobody has read it before the app starts: {f:?}");
    // The app's loop reads it as it starts (its first `cat`), and again every 5 s: one reader,
    // at its first read.
    let read = readers(&tl, "init-demo", "init.txt", Millis::from_secs(110));
    assert_eq!(read, [("main-app".to_string(), app)], "the first cat, once");
    assert!(readers(&tl, "init-demo", "init.txt", app - Millis(1)).is_empty());
    assert_eq!(readers(&tl, "init-demo", "init.txt", app), read);
}

#[test]
fn listing_testing_or_stat_of_a_file_is_not_reading_it() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: looker
spec:
  volumes:
  - name: work
    emptyDir: {}
  initContainers:
  - name: writer
    image: busybox:1.36
    command: ['sh', '-c', 'echo hello > /work/a.txt; echo bye > /work/b.txt']
    volumeMounts:
    - name: work
      mountPath: /work
  containers:
  - name: looker
    image: busybox:1.36
    command: ['sh', '-c', 'ls -l /work; test -s /work/a.txt && stat /work/a.txt; sleep 5; wc -l < /work/b.txt; sleep 3600']
    volumeMounts:
    - name: work
      mountPath: /work
";
    let tl = run(yaml, 60);
    let start = first_start(&tl, "looker");
    assert!(readers(&tl, "looker", "a.txt", Millis::from_secs(60)).is_empty(), "ls, test and stat");
    let b = readers(&tl, "looker", "b.txt", Millis::from_secs(60));
    assert_eq!(b.len(), 1, "`< b.txt` reads it: {b:?}");
    // After the 5 s sleep (plus the few milliseconds the commands before it took).
    let after_sleep = start + Millis::from_secs(5);
    assert!(
        b[0].0 == "looker" && (after_sleep..after_sleep + Millis(50)).contains(&b[0].1),
        "{b:?}"
    );
    assert!(readers(&tl, "looker", "b.txt", after_sleep - Millis(1)).is_empty());
}

#[test]
fn nginx_serving_a_file_reads_it() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
  - name: html
    emptyDir: {}
  initContainers:
  - name: writer
    image: busybox:1.36
    command: ['sh', '-c', 'echo hello > /html/index.html']
    volumeMounts:
    - name: html
      mountPath: /html
  containers:
  - name: nginx
    image: nginx:1.27
    volumeMounts:
    - name: html
      mountPath: /usr/share/nginx/html
  - name: client
    image: busybox:1.36
    command: ['sh', '-c', 'sleep 10; wget -qO- http://localhost/; sleep 3600']
";
    let tl = run(yaml, 60);
    let client = first_start(&tl, "client");
    let before = readers(&tl, "web", "index.html", client + Millis::from_secs(10) - Millis(1));
    assert!(before.is_empty(), "{before:?}");
    let after = readers(&tl, "web", "index.html", Millis::from_secs(60));
    assert_eq!(after, [("nginx".to_string(), client + Millis::from_secs(10))]);
}

#[test]
fn an_hour_of_a_polling_cat_loop_keeps_one_first_read_per_container() {
    let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: poll
spec:
  volumes:
  - name: work
    emptyDir: {}
  initContainers:
  - name: writer
    image: busybox:1.36
    command: ['sh', '-c', 'echo hello > /work/f']
    volumeMounts:
    - name: work
      mountPath: /work
  containers:
  - name: a
    image: busybox:1.36
    command: ['sh', '-c', 'while true; do cat /work/f; head -1 /work/f; sleep 1; done']
    volumeMounts:
    - name: work
      mountPath: /work
  - name: b
    image: busybox:1.36
    command: ['sh', '-c', 'sleep 30; grep hello /work/f; sleep 3600']
    volumeMounts:
    - name: work
      mountPath: /work
";
    let tl = run(yaml, 3600);
    let a = first_start(&tl, "a");
    let b = first_start(&tl, "b");
    let read = readers(&tl, "poll", "f", Millis::from_secs(3600));
    let names: Vec<&str> = read.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a", "b"], "{read:?}");
    assert_eq!(read[0].1, a, "a's first cat, not any of its ~3,600 later ones");
    assert!(read[1].1 >= b + Millis::from_secs(30) && read[1].1 < b + Millis::from_secs(31));
    let early = readers(&tl, "poll", "f", b + Millis::from_secs(29));
    assert_eq!(early, [("a".to_string(), a)], "b has not read it yet");
}
