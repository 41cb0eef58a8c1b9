//! Objects admission would refuse or never produce still must not panic or hang the engine
//! (the wasm build aborts on panic): empty pods, duplicate names, absurd numbers.

use podlab::engine::kubelet::{exec_at, simulate, Action, Scenario};
use podlab::engine::model::{Container, IntOrString, Object, Pod, Probe, Quantity};
use podlab::engine::time::Millis;

fn c(name: &str, argv: &[&str]) -> Container {
    Container {
        name: name.into(),
        image: "busybox:1.36".into(),
        command: Some(argv.iter().map(|s| s.to_string()).collect()),
        ..Container::default()
    }
}

fn wild_probe() -> Probe {
    Probe {
        exec: None,
        http_get: None,
        tcp_socket: Some(IntOrString::String("nope".into())),
        period_seconds: -5,
        timeout_seconds: i32::MAX,
        failure_threshold: -1,
        success_threshold: 0,
        initial_delay_seconds: i32::MIN,
        ..Probe::default()
    }
}

#[test]
fn hostile_objects_neither_panic_nor_hang() {
    let mut pods = Vec::new();
    // No containers at all.
    let mut p = Pod::default();
    p.metadata.name = "empty".into();
    pods.push(p);
    // Duplicate names, empty names and images, absurd numbers.
    let mut p = Pod::default();
    p.metadata.name = "wild".into();
    p.spec.active_deadline_seconds = Some(i64::MAX);
    p.spec.termination_grace_period_seconds = Some(-7);
    let mut dup = c("x", &["sleep", "99999999999999999999"]);
    dup.liveness_probe = Some(wild_probe());
    dup.readiness_probe = Some(Probe { exec: Some(vec![]), ..wild_probe() });
    dup.resources.requests.insert("cpu".into(), Quantity { text: "huge".into(), milli: i128::MAX });
    p.spec.init_containers = vec![
        c("x", &[]),
        Container { name: String::new(), image: String::new(), ..Container::default() },
    ];
    p.spec.containers = vec![dup.clone(), dup, c("", &["sh", "-c", "exit -1"])];
    pods.push(p);
    // A sidecar whose startup probe names a port that does not exist.
    let mut p = Pod::default();
    p.metadata.name = "sidecar".into();
    let mut s = c("s", &["sleep", "1"]);
    s.restart_policy = Some("Always".into());
    s.startup_probe = Some(wild_probe());
    p.spec.init_containers = vec![s];
    p.spec.containers = vec![c("a", &["true"])];
    pods.push(p);
    let objects: Vec<Object> = pods.into_iter().map(Object::Pod).collect();
    let mut sc = Scenario::apply_at_zero(objects.clone(), Millis::from_secs(3600));
    sc.actions.push((Millis::from_secs(10), Action::Apply(objects)));
    sc.actions.push((Millis::from_secs(20), Action::DeletePod("wild".into())));
    sc.actions.push((Millis::from_secs(20), Action::DeletePod("nobody".into())));
    sc.actions.push((Millis(u64::MAX), Action::DeletePod("empty".into())));
    let tl = simulate(&sc);
    assert!(tl.pod_at("empty", Millis::from_secs(3600)).is_some());
    for t in tl.change_times() {
        let _ = tl.pods_at(t);
    }
    let _ = tl.lanes();
    let _ = exec_at(&sc, Millis::from_secs(5), "sidecar", Some("s"), &[]);
    let _ = exec_at(&sc, Millis::from_secs(5), "empty", None, &["true".to_string()]);
}
