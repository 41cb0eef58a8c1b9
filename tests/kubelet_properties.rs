//! Property tests over generated pods (a seeded SplitMix64 generator, so a failure names the
//! seed that reproduces it): init containers never overlap (sidecars aside), no app container
//! starts before initialisation, restart counts never decrease, a terminal phase is never left,
//! and the same input twice gives the same timeline.

mod kubelet_support;
use kubelet_support::*;
use podlab::engine::kubelet::{simulate, Action, Scenario, Timeline};
use podlab::engine::model::{ContainerState, PodPhase};
use podlab::engine::time::Millis;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
}

fn command(rng: &mut Rng, max_sleep: u64, fail_pct: u64) -> String {
    if rng.chance(fail_pct) {
        format!("[\"sh\", \"-c\", \"exit {}\"]", 1 + rng.below(3))
    } else {
        format!("[\"sleep\", \"{}\"]", rng.below(max_sleep + 1))
    }
}

fn gen_pod(rng: &mut Rng, name: &str) -> String {
    let policy = ["Always", "OnFailure", "Never"][rng.below(3) as usize];
    let mut y = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: {policy}\n  terminationGracePeriodSeconds: {}\n", 1 + rng.below(20));
    if rng.chance(20) {
        y.push_str(&format!("  activeDeadlineSeconds: {}\n", 20 + rng.below(200)));
    }
    let n_init = rng.below(4);
    if n_init > 0 {
        y.push_str("  initContainers:\n");
    }
    for i in 0..n_init {
        y.push_str(&format!("  - name: init-{i}\n    image: busybox:1.36\n"));
        if rng.chance(25) {
            y.push_str(&format!(
                "    restartPolicy: Always\n    command: {}\n",
                command(rng, 200, 10)
            ));
            if rng.chance(30) {
                let ok = if rng.chance(70) { "true" } else { "false" };
                y.push_str(&format!("    startupProbe:\n      exec:\n        command: [\"{ok}\"]\n      initialDelaySeconds: {}\n      periodSeconds: 2\n", rng.below(5)));
            }
        } else {
            y.push_str(&format!("    command: {}\n", command(rng, 10, 25)));
        }
    }
    y.push_str("  containers:\n");
    for i in 0..1 + rng.below(2) {
        y.push_str(&format!(
            "  - name: app-{i}\n    image: busybox:1.36\n    command: {}\n",
            command(rng, 300, 30)
        ));
    }
    y
}

fn gen_scenario(seed: u64) -> Scenario {
    let mut rng = Rng(seed);
    let n = 1 + rng.below(3);
    let mut yaml = String::new();
    for i in 0..n {
        yaml.push_str(&gen_pod(&mut rng, &format!("pod-{i}")));
        yaml.push_str("---\n");
    }
    let mut sc = Scenario::apply_at_zero(objects(&yaml), Millis::from_secs(600));
    if rng.chance(30) {
        sc.actions.push((
            Millis::from_secs(rng.below(400)),
            Action::DeletePod(format!("pod-{}", rng.below(n))),
        ));
    }
    sc
}

/// Every STATUS printPod can produce for what podlab simulates.
fn in_printer_vocabulary(status: &str) -> bool {
    const PLAIN: &[&str] = &[
        "Pending",
        "Running",
        "Succeeded",
        "Failed",
        "Completed",
        "Error",
        "StartError",
        "CrashLoopBackOff",
        "Terminating",
        "PodInitializing",
        "ContainerCreating",
        "NotReady",
        "DeadlineExceeded",
        "PostStartHookError",
        "RunContainerError",
        "ErrImagePull",
        "ImagePullBackOff",
        "InvalidImageName",
        "ErrImageNeverPull",
        "CreateContainerConfigError",
        "CreateContainerError",
    ];
    if PLAIN.contains(&status) {
        return true;
    }
    match status.strip_prefix("Init:") {
        Some(rest) => {
            PLAIN.contains(&rest)
                || rest
                    .split_once('/')
                    .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
        }
        None => false,
    }
}

fn check(seed: u64, tl: &Timeline) {
    // Virtual time is monotonic in every record.
    assert!(tl.rows().windows(2).all(|w| w[0].t <= w[1].t), "seed {seed}: rows out of order");
    let events = tl.events_until(tl.end());
    assert!(events.windows(2).all(|w| w[0].t <= w[1].t), "seed {seed}: events out of order");
    for r in tl.rows() {
        assert!(in_printer_vocabulary(&r.status), "seed {seed}: STATUS {:?}", r.status);
    }
    let times = tl.change_times();
    for name in tl.pod_names() {
        let mut last_phase: Option<PodPhase> = None;
        let mut last_counts: Vec<u32> = Vec::new();
        for &t in &times {
            let Some(v) = tl.pod_at(&name, t) else { continue };
            let st = &v.status;
            // Init containers never overlap (sidecars aside).
            let running_init = st
                .init_container_statuses
                .iter()
                .zip(&v.pod.spec.init_containers)
                .filter(|(cs, c)| {
                    !c.is_sidecar() && matches!(cs.state, ContainerState::Running { .. })
                })
                .count();
            assert!(
                running_init <= 1,
                "seed {seed}: {name} runs {running_init} init containers at {t}"
            );
            // No app container runs before every regular init container has exited 0.
            let app_running = st
                .container_statuses
                .iter()
                .any(|cs| matches!(cs.state, ContainerState::Running { .. }));
            if app_running {
                let all_done = st
                    .init_container_statuses
                    .iter()
                    .zip(&v.pod.spec.init_containers)
                    .all(|(cs, c)| c.is_sidecar() || cs.ready);
                assert!(
                    all_done,
                    "seed {seed}: {name} runs an app container before initialisation at {t}"
                );
                assert_eq!(condition(st, "Initialized").0, "True", "seed {seed}: {name} at {t}");
            }
            // Restart counts never decrease.
            let counts: Vec<u32> = st
                .init_container_statuses
                .iter()
                .chain(&st.container_statuses)
                .map(|c| c.restart_count)
                .collect();
            if counts.len() == last_counts.len() {
                for (a, b) in last_counts.iter().zip(&counts) {
                    assert!(b >= a, "seed {seed}: {name} restartCount went from {a} to {b} at {t}");
                }
            }
            if !counts.is_empty() {
                last_counts = counts;
            }
            // A terminal phase is never left.
            if let Some(p) = last_phase {
                if p.is_terminal() {
                    assert_eq!(st.phase, p, "seed {seed}: {name} left {p:?} at {t}");
                }
            }
            last_phase = Some(st.phase);
        }
    }
    // Every app container start happens at an instant when the pod is initialised.
    for lane in tl.lanes().iter().filter(|l| l.kind == podlab::engine::model::ContainerKind::App) {
        for &start in &lane.starts {
            let v = tl.pod_at(&lane.pod, start).unwrap();
            assert_eq!(
                condition(&v.status, "Initialized").0,
                "True",
                "seed {seed}: {} started {} at {start} before Initialized",
                lane.pod,
                lane.container
            );
        }
    }
}

#[test]
fn generated_pods_keep_the_kubelet_invariants() {
    for seed in 0..120 {
        let sc = gen_scenario(seed);
        let tl = simulate(&sc);
        check(seed, &tl);
    }
}

#[test]
fn generated_scenarios_are_deterministic() {
    for seed in 1000..1030 {
        let sc = gen_scenario(seed);
        let (a, b) = (simulate(&sc), simulate(&sc));
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "seed {seed}");
        assert_eq!(format!("{:?}", a.lanes()), format!("{:?}", b.lanes()), "seed {seed}");
    }
}
