//! Probes of app containers (reference §1.4, §1.6, §1.10): readiness feeds READY and the Ready
//! condition, liveness failures restart the container, probes are judged against the simulated
//! network (nothing listens in a placeholder process, so httpGet/tcpSocket fail the way a
//! closed port fails).

mod kubelet_support;
use kubelet_support::*;
use podlab::engine::model::PodPhase;
use podlab::engine::time::Millis;

const S: fn(u64) -> Millis = Millis::from_secs;

fn with_probe(name: &str, policy: &str, probe: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: {policy}\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n    ports:\n    - name: http\n      containerPort: 8080\n{probe}")
}

#[test]
fn failing_readiness_probe_keeps_the_pod_not_ready() {
    let y = with_probe("unready", "Always", "    readinessProbe:\n      httpGet:\n        path: /healthz\n        port: http\n      periodSeconds: 5\n");
    let tl = run(&y, 60);
    let last = tl.rows().last().unwrap();
    assert_eq!(
        (last.status.as_str(), last.ready.as_str(), last.phase.as_str()),
        ("Running", "0/1", "Running")
    );
    let st = tl.pod_at("unready", S(60)).unwrap().status;
    assert_eq!(
        condition(&st, "Ready"),
        (
            "False".into(),
            Some("ContainersNotReady".into()),
            Some("containers with unready status: [app]".into())
        )
    );
    assert!(!st.container_statuses[0].ready && st.container_statuses[0].started == Some(true));
    let ev = tl.events_until(S(60)).into_iter().find(|e| e.reason == "Unhealthy").unwrap();
    assert_eq!(ev.type_, "Warning");
    assert_eq!(ev.message, "Readiness probe failed: Get \"http://10.244.0.5:8080/healthz\": dial tcp 10.244.0.5:8080: connect: connection refused");
    assert_eq!(st.container_statuses[0].restart_count, 0, "readiness never restarts");
}

#[test]
fn passing_readiness_probe_makes_the_pod_ready_after_its_delay() {
    let y = with_probe("ready-later", "Always", "    readinessProbe:\n      exec:\n        command: [\"true\"]\n      initialDelaySeconds: 5\n");
    let tl = run(&y, 30);
    let rows: Vec<(String, String)> =
        tl.rows().iter().map(|r| (r.status.clone(), r.ready.clone())).collect();
    assert!(rows.contains(&("Running".into(), "0/1".into())), "{rows:?}");
    let ready = tl.rows().iter().find(|r| r.ready == "1/1").unwrap();
    near(ready.t, 6.0, "ready once the probe passes");
    assert_eq!(condition(&tl.pod_at("ready-later", S(30)).unwrap().status, "Ready").0, "True");
}

#[test]
fn failing_liveness_probe_restarts_the_container() {
    let y = with_probe("dead", "Always", "    livenessProbe:\n      tcpSocket:\n        port: 8080\n      periodSeconds: 3\n      failureThreshold: 2\n");
    let tl = run(&y, 60);
    let evs = tl.events_until(S(60));
    let unhealthy: Vec<_> = evs.iter().filter(|e| e.reason == "Unhealthy").collect();
    assert_eq!(
        unhealthy[0].message,
        "Liveness probe failed: dial tcp 10.244.0.5:8080: connect: connection refused"
    );
    let kill = evs.iter().find(|e| e.reason == "Killing").unwrap();
    assert_eq!(kill.message, "Container app failed liveness probe, will be restarted");
    near(kill.t, 4.0, "second failure at start + 3 s");
    let st = tl.pod_at("dead", S(60)).unwrap().status;
    assert!(st.container_statuses[0].restart_count >= 2, "{:?}", st.container_statuses[0]);
    assert_eq!(st.phase, PodPhase::Running);
}

#[test]
fn liveness_failure_under_never_ends_the_pod() {
    let y = with_probe("dead-never", "Never", "    livenessProbe:\n      exec:\n        command: [\"false\"]\n      periodSeconds: 2\n      failureThreshold: 1\n");
    let tl = run(&y, 30);
    let st = tl.pod_at("dead-never", S(30)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Failed);
    assert_eq!(st.container_statuses[0].restart_count, 0);
    assert_eq!(tl.rows().last().unwrap().status, "Error");
}
