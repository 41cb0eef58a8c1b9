//! Benchmark of the simulated node (not a timed test): how long `simulate` takes for the
//! reference's worked examples and for 1,000 pods of 3 init + 2 app containers through one
//! virtual hour; admitting and simulating a 61-line manifest (what the lab's editor does); and
//! the Timeline's scrubbing queries. Prints Markdown tables (docs/benchmarks.md records them).
//!
//! Run: `cargo run --profile bench-native --example bench [FILTER]` — FILTER (optional) keeps
//! only the scenarios whose label contains it (`S0`, `E51`, `steady`, `restarting`, `editor`,
//! `queries`); `BENCH_RUNS=N` overrides the repeat counts (1 under a profiler).

#[path = "../tests/kubelet_support/mod.rs"]
mod kubelet_support;

use podlab::engine::admission::admit;
use podlab::engine::kubelet::{simulate, NodeConfig, Scenario, Timeline};
use podlab::engine::model::{Container, Object, Pod, RestartPolicy};
use podlab::engine::time::Millis;
use std::time::{Duration, Instant};

const EXAMPLES: &[(&str, &str, u64)] = &[
    ("S01", include_str!("../tests/worked_examples/s01.yaml"), 600),
    ("S02", include_str!("../tests/worked_examples/s02.yaml"), 600),
    ("S04", include_str!("../tests/worked_examples/s04.yaml"), 700),
    ("S06", include_str!("../tests/worked_examples/s06.yaml"), 600),
    ("S09", include_str!("../tests/worked_examples/s09.yaml"), 700),
    ("S12", include_str!("../tests/worked_examples/s12.yaml"), 600),
    ("S15", include_str!("../tests/worked_examples/s15.yaml"), 600),
    ("S23", include_str!("../tests/worked_examples/s23.yaml"), 600),
    ("S27", include_str!("../tests/worked_examples/s27.yaml"), 600),
    ("S29", include_str!("../tests/worked_examples/s29.yaml"), 600),
    ("S31", include_str!("../tests/worked_examples/s31.yaml"), 600),
];

/// A 61-line lesson-style manifest (postgres + Service + ConfigMap + a pod with two init
/// containers, an emptyDir and a readiness probe): what the lab re-admits and re-simulates as
/// the learner types.
const EDITOR_MANIFEST: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: postgres
  labels:
    app: db
spec:
  containers:
  - name: postgres
    image: postgres:16
    env:
    - name: POSTGRES_PASSWORD
      value: example
    ports:
    - containerPort: 5432
---
apiVersion: v1
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
kind: ConfigMap
metadata:
  name: shop-config
data:
  schema: "001_create_orders.sql"
---
apiVersion: v1
kind: Pod
metadata:
  name: shop
spec:
  volumes:
  - name: state
    emptyDir: {}
  initContainers:
  - name: wait-for-db
    image: busybox:1.36
    command: ["sh", "-c", "until nc -z db 5432; do echo waiting for db; sleep 2; done"]
  - name: migrate
    image: busybox:1.36
    command: ["sh", "-c", "echo applying $SCHEMA; echo 1 > /state/schema-version"]
    env:
    - name: SCHEMA
      valueFrom: {configMapKeyRef: {name: shop-config, key: schema}}
    volumeMounts:
    - {name: state, mountPath: /state}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo schema $(cat /state/schema-version); sleep 3600"]
    readinessProbe:
      exec: {command: ["cat", "/state/schema-version"]}
    volumeMounts:
    - {name: state, mountPath: /state}
"#;

/// CPU time this thread has used (Linux `/proc/thread-self/schedstat`, nanoseconds on CPU):
/// on a shared machine wall time also counts the time other processes held the CPU.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(s.split_whitespace().next()?.parse().ok()?))
}

/// Mean wall and CPU time of `runs` simulations (dropping each timeline included), and
/// (rows, events) of the last one.
fn time(runs: u32, sc: &Scenario) -> (Duration, Option<Duration>, usize, usize) {
    // BENCH_RUNS overrides the repeat count (1 under a profiler).
    let runs = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(runs).max(1);
    let mut last = None;
    let cpu0 = cpu_time();
    let start = Instant::now();
    for _ in 0..runs {
        last = Some(simulate(sc));
    }
    let d = start.elapsed() / runs;
    let cpu = cpu0.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a) / runs);
    let tl = last.expect("runs > 0");
    (d, cpu, tl.rows().len(), tl.events_until(tl.end()).len())
}

/// Mean wall and CPU time of `runs` calls of `f`.
fn time_fn<R>(runs: u32, mut f: impl FnMut() -> R) -> (Duration, Option<Duration>) {
    let cpu0 = cpu_time();
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(f());
    }
    (start.elapsed() / runs, cpu0.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a) / runs))
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// The UI's scrubbing queries on `tl` at its midpoint (each one alone; nothing re-simulates).
fn queries(label: &str, tl: &Timeline, runs: u32) {
    let mid = podlab::engine::time::Millis(tl.end().0 / 2);
    let first = tl.pod_names().into_iter().next().unwrap_or_default();
    let rows: [(&str, Duration); 5] = [
        ("pods_at(mid)", time_fn(runs, || tl.pods_at(mid)).0),
        ("pod_at(first pod, mid)", time_fn(runs, || tl.pod_at(&first, mid)).0),
        ("files_at(first pod, mid)", time_fn(runs, || tl.files_at(&first, mid)).0),
        ("lanes()", time_fn(runs, || tl.lanes()).0),
        ("change_times()", time_fn(runs, || tl.change_times()).0),
    ];
    for (q, d) in rows {
        println!("| {label}: `{q}` | {} |", us(d));
    }
}

fn ms3(d: Option<Duration>) -> String {
    d.map(|d| format!("{:.3} ms", d.as_secs_f64() * 1000.0)).unwrap_or_else(|| "n/a".into())
}

fn ms(d: Option<Duration>) -> String {
    d.map(|d| format!("{:.1} ms", d.as_secs_f64() * 1000.0)).unwrap_or_else(|| "n/a".into())
}

fn container(name: &str, argv: &[&str]) -> Container {
    Container {
        name: name.into(),
        image: "busybox:1.36".into(),
        command: Some(argv.iter().map(|s| s.to_string()).collect()),
        ..Container::default()
    }
}

/// 1,000 pods: three init containers (sleep 1, 2, 3 s) and two app containers running the
/// whole hour; with `restarting`, the second one exits 0 after 5 minutes each time and is
/// restarted (Always) under CrashLoopBackOff, re-synced every 10–15 s while it waits.
fn thousand_pods(restarting: bool) -> Scenario {
    let mut objects = Vec::new();
    for i in 0..1000 {
        let mut pod = Pod::default();
        pod.metadata.name = format!("pod-{i:04}");
        pod.metadata.namespace = "default".into();
        pod.spec.restart_policy = RestartPolicy::Always;
        pod.spec.init_containers =
            (1..=3).map(|n| container(&format!("init-{n}"), &["sleep", &n.to_string()])).collect();
        let batch = if restarting { "300" } else { "7200" };
        pod.spec.containers =
            vec![container("server", &["sleep", "7200"]), container("batch", &["sleep", batch])];
        objects.push(Object::Pod(pod));
    }
    let mut sc = Scenario::apply_at_zero(objects, Millis::from_secs(3600));
    // A node big enough for all of them (the default node allows 110 pods).
    sc.node = NodeConfig { pods: 1000, ..NodeConfig::default() };
    sc
}

fn main() {
    // Optional filter: only scenarios whose label contains this text (for profiling one).
    let only = std::env::args().nth(1).unwrap_or_default();
    let want = |label: &str| label.contains(only.as_str());
    println!("| scenario | virtual time | rows | events | wall time per run | CPU time per run |");
    println!("|---|---|---|---|---|---|");
    let mut total = Duration::ZERO;
    let mut total_cpu = Duration::ZERO;
    for (name, yaml, secs) in EXAMPLES.iter().filter(|(n, _, _)| want(n)) {
        let sc = Scenario::apply_at_zero(kubelet_support::objects(yaml), Millis::from_secs(*secs));
        let (d, cpu, rows, events) = time(50, &sc);
        total += d;
        total_cpu += cpu.unwrap_or_default();
        println!(
            "| {name} | {secs} s | {rows} | {events} | {:.3} ms | {:.3} ms |",
            d.as_secs_f64() * 1000.0,
            cpu.unwrap_or_default().as_secs_f64() * 1000.0
        );
    }
    println!(
        "| all worked examples | | | | {:.3} ms | {:.3} ms |",
        total.as_secs_f64() * 1000.0,
        total_cpu.as_secs_f64() * 1000.0
    );
    // reliability.md §8 E51: budget ≤ 50 ms.
    let day = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: day\nspec:\n  initContainers:\n  - name: init-fail\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"exit 1\"]\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n";
    if want("E51") {
        let sc = Scenario::apply_at_zero(kubelet_support::objects(day), Millis::from_secs(86_400));
        let (d, cpu, rows, events) = time(10, &sc);
        println!(
            "| crash-looping init container (E51) | 86400 s | {rows} | {events} | {:.1} ms | {} |",
            d.as_secs_f64() * 1000.0,
            ms(cpu)
        );
    }
    for (label, batch) in [("steady", false), ("one app container restarting", true)]
        .into_iter()
        .filter(|(l, _)| want(l))
    {
        let sc = thousand_pods(batch);
        let (d, cpu, rows, events) = time(3, &sc);
        println!("| 1,000 pods × (3 init + 2 app), {label} | 3600 s | {rows} | {events} | {:.1} ms | {} |", d.as_secs_f64() * 1000.0, ms(cpu));
    }
    // The editor: admission on every (debounced) keystroke, then Apply simulates the lab's
    // first horizon (src/ui/state.rs HORIZON = 120 s).
    if want("editor") {
        let lines = EDITOR_MANIFEST.lines().count();
        let (d, cpu) = time_fn(200, || admit(EDITOR_MANIFEST));
        println!(
            "| editor: admit a {lines}-line manifest | | | | {:.3} ms | {} |",
            d.as_secs_f64() * 1000.0,
            ms3(cpu)
        );
        let objects = admit(EDITOR_MANIFEST).objects;
        let sc = Scenario::apply_at_zero(objects, Millis::from_secs(120));
        let (d, cpu, rows, events) = time(200, &sc);
        println!(
            "| editor: simulate it, 120 s | 120 s | {rows} | {events} | {:.3} ms | {} |",
            d.as_secs_f64() * 1000.0,
            ms3(cpu)
        );
        let (d, cpu) = time_fn(200, || {
            simulate(&Scenario::apply_at_zero(
                admit(EDITOR_MANIFEST).objects,
                Millis::from_secs(120),
            ))
        });
        println!(
            "| editor: admit + simulate (one keystroke) | 120 s | | | {:.3} ms | {} |",
            d.as_secs_f64() * 1000.0,
            ms3(cpu)
        );
    }
    // Scrubbing: the Timeline's queries at one instant (wall time per call).
    if want("queries") {
        println!();
        println!("| timeline query | wall time per call |");
        println!("|---|---|");
        let tl = simulate(&Scenario::apply_at_zero(
            admit(EDITOR_MANIFEST).objects,
            Millis::from_secs(120),
        ));
        queries("editor manifest, 120 s", &tl, 2000);
        let tl = simulate(&thousand_pods(true));
        queries("1,000 pods restarting, 3600 s", &tl, 5);
    }
}
