//! Hand-built pods and statuses matching the reference's worked examples (§2), so the kubectl
//! printers can be tested before the simulated kubelet lands. Each status is what §1.6–§1.8 say
//! the kubelet reports at the stated instant.
#![allow(dead_code)]

use podlab::engine::kubelet::PodView;
use podlab::engine::model::*;
use podlab::engine::time::Millis;

pub fn secs(s: u64) -> Millis {
    Millis::from_secs(s)
}

pub fn container(name: &str, image: &str, command: &[&str]) -> Container {
    Container {
        name: name.into(),
        image: image.into(),
        command: Some(command.iter().map(|s| s.to_string()).collect()),
        ..Default::default()
    }
}

pub fn pod(name: &str, restart: RestartPolicy, init: Vec<Container>, app: Vec<Container>) -> Pod {
    Pod {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            ..Default::default()
        },
        spec: PodSpec {
            init_containers: init,
            containers: app,
            restart_policy: restart,
            ..Default::default()
        },
        spans: SpanMap::default(),
    }
}

pub fn cond(
    t: &str,
    status: bool,
    at: u64,
    reason: Option<&str>,
    message: Option<&str>,
) -> PodCondition {
    PodCondition {
        type_: t.into(),
        status: if status { "True".into() } else { "False".into() },
        last_transition: secs(at),
        reason: reason.map(String::from),
        message: message.map(String::from),
    }
}

pub fn waiting(reason: &str) -> ContainerState {
    ContainerState::Waiting { reason: Some(reason.into()), message: None }
}

pub fn terminated(code: i32, reason: &str, from: u64, to: u64) -> ContainerState {
    ContainerState::Terminated {
        exit_code: code,
        signal: None,
        reason: Some(reason.into()),
        message: None,
        started_at: secs(from),
        finished_at: secs(to),
    }
}

pub fn cstatus(
    name: &str,
    state: ContainerState,
    last: Option<ContainerState>,
    ready: bool,
    restarts: u32,
    created: bool,
) -> ContainerStatus {
    ContainerStatus {
        name: name.into(),
        state,
        last_state: last,
        ready,
        restart_count: restarts,
        image: "docker.io/library/busybox:1.36".into(),
        image_id: if created {
            "docker.io/library/busybox@sha256:7c3c3cea5d4d6133d6a694d23382f6a7b32652f23855abdba3eb039ca5995447".into()
        } else {
            String::new()
        },
        container_id: if created {
            Some(format!("containerd://{:0>64}", name.len()))
        } else {
            None
        },
        started: Some(false),
    }
}

pub fn ev(t: u64, type_: &str, reason: &str, object: &str, message: &str) -> Event {
    Event {
        t: secs(t),
        pod: String::new(),
        type_: type_.into(),
        reason: reason.into(),
        object: object.into(),
        message: message.into(),
        source: if reason == "Scheduled" || reason == "FailedScheduling" {
            "default-scheduler".into()
        } else {
            "kubelet".into()
        },
    }
}

pub fn for_pod(pod: &str, mut evs: Vec<Event>) -> Vec<Event> {
    for e in &mut evs {
        e.pod = pod.into();
    }
    evs
}

/// S04 — `init-crash-always` at t = 30 s: init-fail has crashed three times (exits ≈3, 6, 18)
/// and waits out its 20 s back-off (restart due ≈38).
pub fn s04_at_30() -> (PodView, Vec<Event>) {
    let p = pod(
        "init-crash-always",
        RestartPolicy::Always,
        vec![container(
            "init-fail",
            "busybox:1.36",
            &["sh", "-c", "echo checking config; sleep 2; echo config missing >&2; exit 1"],
        )],
        vec![container("app", "busybox:1.36", &["sh", "-c", "sleep 3600"])],
    );
    let status = PodStatus {
        phase: PodPhase::Pending,
        conditions: vec![
            cond("PodReadyToStartContainers", true, 1, None, None),
            cond("Initialized", false, 0, Some("ContainersNotInitialized"), Some("containers with incomplete status: [init-fail]")),
            cond("Ready", false, 0, Some("ContainersNotReady"), Some("containers with unready status: [app]")),
            cond("ContainersReady", false, 0, Some("ContainersNotReady"), Some("containers with unready status: [app]")),
            cond("PodScheduled", true, 0, None, None),
        ],
        host_ip: Some("192.168.49.2".into()),
        pod_ip: Some("10.244.0.7".into()),
        start_time: Some(secs(0)),
        init_container_statuses: vec![ContainerStatus {
            state: ContainerState::Waiting {
                reason: Some("CrashLoopBackOff".into()),
                message: Some("back-off 20s restarting failed container=init-fail pod=init-crash-always_default(uid)".into()),
            },
            ..cstatus("init-fail", waiting("CrashLoopBackOff"), Some(terminated(1, "Error", 16, 18)), false, 2, true)
        }],
        container_statuses: vec![cstatus("app", waiting("PodInitializing"), None, false, 0, false)],
        qos_class: Some("BestEffort".into()),
        ..Default::default()
    };
    let view = PodView {
        pod: p,
        status,
        created: secs(0),
        deletion_timestamp: None,
        node_name: Some("node01".into()),
        containers: Vec::new(),
    };
    let pulled = "Container image \"busybox:1.36\" already present on machine";
    let obj = "spec.initContainers{init-fail}";
    let backoff =
        "Back-off restarting failed container init-fail in pod init-crash-always_default(uid)";
    let mut evs = vec![ev(
        0,
        "Normal",
        "Scheduled",
        "",
        "Successfully assigned default/init-crash-always to node01",
    )];
    for t in [1, 4, 16] {
        evs.push(ev(t, "Normal", "Pulled", obj, pulled));
        evs.push(ev(t, "Normal", "Created", obj, "Created container: init-fail"));
        evs.push(ev(t, "Normal", "Started", obj, "Started container init-fail"));
    }
    for t in [7, 19, 29] {
        evs.push(ev(t, "Warning", "BackOff", obj, backoff));
    }
    evs.sort_by_key(|e| e.t);
    (view, for_pod("init-crash-always", evs))
}

/// S06 — `init-fail-never` at t = 60 s: init-fail exited 1 at ≈3 s, the pod is Failed.
pub fn s06_at_60() -> (PodView, Vec<Event>) {
    let p = pod(
        "init-fail-never",
        RestartPolicy::Never,
        vec![container(
            "init-fail",
            "busybox:1.36",
            &["sh", "-c", "echo checking config; sleep 2; exit 1"],
        )],
        vec![container("app", "busybox:1.36", &["sh", "-c", "sleep 3600"])],
    );
    let status = PodStatus {
        phase: PodPhase::Failed,
        conditions: vec![
            cond("PodReadyToStartContainers", false, 4, None, None),
            cond(
                "Initialized",
                false,
                0,
                Some("ContainersNotInitialized"),
                Some("containers with incomplete status: [init-fail]"),
            ),
            cond("Ready", false, 0, Some("PodFailed"), None),
            cond("ContainersReady", false, 0, Some("PodFailed"), None),
            cond("PodScheduled", true, 0, None, None),
        ],
        host_ip: Some("192.168.49.2".into()),
        pod_ip: Some("10.244.0.8".into()),
        start_time: Some(secs(0)),
        init_container_statuses: vec![cstatus(
            "init-fail",
            terminated(1, "Error", 1, 3),
            None,
            false,
            0,
            true,
        )],
        container_statuses: vec![cstatus("app", waiting("PodInitializing"), None, false, 0, false)],
        qos_class: Some("BestEffort".into()),
        ..Default::default()
    };
    let view = PodView {
        pod: p,
        status,
        created: secs(0),
        deletion_timestamp: None,
        node_name: Some("node01".into()),
        containers: Vec::new(),
    };
    let obj = "spec.initContainers{init-fail}";
    let evs = vec![
        ev(0, "Normal", "Scheduled", "", "Successfully assigned default/init-fail-never to node01"),
        ev(
            1,
            "Normal",
            "Pulled",
            obj,
            "Container image \"busybox:1.36\" already present on machine",
        ),
        ev(1, "Normal", "Created", obj, "Created container: init-fail"),
        ev(1, "Normal", "Started", obj, "Started container init-fail"),
    ];
    (view, for_pod("init-fail-never", evs))
}

/// S23 — `sidecar-basic` at t = 120 s: the log-shipper sidecar and app both running and ready.
pub fn s23_at_120() -> (PodView, Vec<Event>) {
    let mount = VolumeMount {
        name: "logs".into(),
        mount_path: "/var/log/app".into(),
        ..Default::default()
    };
    let mut shipper = container(
        "log-shipper",
        "busybox:1.36",
        &["sh", "-c", "touch /var/log/app/app.log; tail -F /var/log/app/app.log"],
    );
    shipper.restart_policy = Some("Always".into());
    shipper.volume_mounts = vec![mount.clone()];
    let mut app = container(
        "app",
        "busybox:1.36",
        &[
            "sh",
            "-c",
            "while true; do echo $(date +%T) tick >> /var/log/app/app.log; sleep 5; done",
        ],
    );
    app.volume_mounts = vec![mount];
    let mut p = pod("sidecar-basic", RestartPolicy::Always, vec![shipper], vec![app]);
    p.spec.volumes = vec![Volume {
        name: "logs".into(),
        source: VolumeSource::EmptyDir { medium: None, size_limit: None },
    }];
    let running = |at| ContainerState::Running { started_at: secs(at) };
    let mut ship = cstatus("log-shipper", running(1), None, true, 0, true);
    ship.started = Some(true);
    let mut appst = cstatus("app", running(2), None, true, 0, true);
    appst.started = Some(true);
    let status = PodStatus {
        phase: PodPhase::Running,
        conditions: vec![
            cond("PodReadyToStartContainers", true, 1, None, None),
            cond("Initialized", true, 2, None, None),
            cond("Ready", true, 2, None, None),
            cond("ContainersReady", true, 2, None, None),
            cond("PodScheduled", true, 0, None, None),
        ],
        host_ip: Some("192.168.49.2".into()),
        pod_ip: Some("10.244.0.9".into()),
        start_time: Some(secs(0)),
        init_container_statuses: vec![ship],
        container_statuses: vec![appst],
        qos_class: Some("BestEffort".into()),
        ..Default::default()
    };
    let view = PodView {
        pod: p,
        status,
        created: secs(0),
        deletion_timestamp: None,
        node_name: Some("node01".into()),
        containers: Vec::new(),
    };
    let (i, a) = ("spec.initContainers{log-shipper}", "spec.containers{app}");
    let pulled = "Container image \"busybox:1.36\" already present on machine";
    let evs = vec![
        ev(0, "Normal", "Scheduled", "", "Successfully assigned default/sidecar-basic to node01"),
        ev(1, "Normal", "Pulled", i, pulled),
        ev(1, "Normal", "Created", i, "Created container: log-shipper"),
        ev(1, "Normal", "Started", i, "Started container log-shipper"),
        ev(2, "Normal", "Pulled", a, pulled),
        ev(2, "Normal", "Created", a, "Created container: app"),
        ev(2, "Normal", "Started", a, "Started container app"),
    ];
    (view, for_pod("sidecar-basic", evs))
}

/// S31 — `init-too-big`, never scheduled (t = 90 s).
pub fn s31_at_90() -> (PodView, Vec<Event>) {
    let q = |text: &str, milli| Quantity { text: text.into(), milli };
    let mut warm = container("warm-cache", "busybox:1.36", &["sh", "-c", "sleep 5"]);
    warm.resources.requests.insert("cpu".into(), q("3", 3000));
    let mut app = container("app", "busybox:1.36", &["sleep", "3600"]);
    app.resources.requests.insert("cpu".into(), q("100m", 100));
    let p = pod("init-too-big", RestartPolicy::Always, vec![warm], vec![app]);
    let msg = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
    let status = PodStatus {
        phase: PodPhase::Pending,
        conditions: vec![cond("PodScheduled", false, 0, Some("Unschedulable"), Some(msg))],
        qos_class: Some("Burstable".into()),
        ..Default::default()
    };
    let view = PodView {
        pod: p,
        status,
        created: secs(0),
        deletion_timestamp: None,
        node_name: None,
        containers: Vec::new(),
    };
    let evs = vec![ev(0, "Warning", "FailedScheduling", "", msg)];
    (view, for_pod("init-too-big", evs))
}
