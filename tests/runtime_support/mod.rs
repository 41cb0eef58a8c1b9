//! Shared test helpers for the runtime tests: a fake cluster and a driver that advances a
//! process the way the kubelet does (to each wake-up).
#![allow(dead_code)]

use podlab::engine::model::{Container, ContainerKind, ObjectMeta, Pod, PodSpec, Volume};
use podlab::engine::runtime::*;
use podlab::engine::time::Millis;
use std::collections::BTreeMap;

/// A cluster with fixed Services (name → IP), open (ip, port) pairs and HTTP pages.
#[derive(Default)]
pub struct FakeCluster {
    pub services: BTreeMap<String, String>,
    pub open: Vec<(String, u16)>,
    pub pages: BTreeMap<(String, u16, String), String>,
}

impl ClusterView for FakeCluster {
    fn resolve(&self, _from: &str, name: &str) -> Option<String> {
        let short = name.split('.').next().unwrap_or(name);
        let ok = name == short
            || name == format!("{short}.default")
            || name == format!("{short}.default.svc")
            || name == format!("{short}.default.svc.cluster.local");
        if ok {
            self.services.get(short).cloned()
        } else {
            None
        }
    }
    fn connect(&self, _from: &str, ip: &str, port: u16) -> Connect {
        if self.open.iter().any(|(i, p)| i == ip && *p == port) {
            Connect::Open
        } else {
            Connect::Refused
        }
    }
    fn http_get(
        &self,
        from: &str,
        ip: &str,
        port: u16,
        path: &str,
    ) -> Result<HttpResponse, Connect> {
        match self.connect(from, ip, port) {
            Connect::Open => Ok(match self.pages.get(&(ip.to_string(), port, path.to_string())) {
                Some(b) => HttpResponse { status: 200, body: b.clone().into_bytes() },
                None => HttpResponse { status: 404, body: Vec::new() },
            }),
            e => Err(e),
        }
    }
}

pub fn pod_with(containers: Vec<Container>, volumes: Vec<Volume>) -> Pod {
    Pod {
        metadata: ObjectMeta {
            name: "demo".into(),
            namespace: "default".into(),
            ..Default::default()
        },
        spec: PodSpec { containers, volumes, ..Default::default() },
        ..Default::default()
    }
}

pub fn container(image: &str, command: &[&str]) -> Container {
    Container {
        name: "c".into(),
        image: image.into(),
        command: if command.is_empty() {
            None
        } else {
            Some(command.iter().map(|s| s.to_string()).collect())
        },
        ..Default::default()
    }
}

/// How a run ended.
pub struct Outcome {
    /// Log lines joined with newlines.
    pub logs: String,
    /// Exit code (`None`: still running at the horizon).
    pub code: Option<i32>,
    /// When it exited or was last seen.
    pub at: Millis,
    /// Advance calls made.
    pub calls: usize,
}

/// Drives `p` from `start` to `until` like the kubelet: advance to each wake-up.
pub fn drive(
    p: &mut Process,
    vols: &mut PodVolumes,
    cluster: &dyn ClusterView,
    start: Millis,
    until: Millis,
) -> Outcome {
    let mut logs = Vec::new();
    let mut now = start;
    let mut calls = 0;
    while calls < 1_000_000 {
        calls += 1;
        let mut env = ProcEnv { volumes: vols, cluster, pod: "demo", logs: &mut logs };
        match p.advance(now, &mut env) {
            Step::Exited { code, at } => {
                return Outcome { logs: join(&logs), code: Some(code), at, calls }
            }
            Step::Running { wake_at: Some(t) } if t <= until => now = t.max(now),
            Step::Running { .. } => break,
        }
    }
    Outcome { logs: join(&logs), code: None, at: now, calls }
}

pub fn join(logs: &[(Millis, String)]) -> String {
    logs.iter().map(|(_, l)| format!("{l}\n")).collect()
}

/// Creates, starts and drives one container of `pod` with fresh volumes and no API objects.
pub fn run_container(
    pod: &Pod,
    c: &Container,
    api: &ApiObjects,
    vols: &mut PodVolumes,
    cluster: &dyn ClusterView,
    until: Millis,
) -> Outcome {
    let rt = Runtime::new();
    let created = match rt.create(pod, c, ContainerKind::App, api, vols) {
        Ok(c) => c,
        Err(f) => {
            return Outcome {
                logs: format!("{}: {}", f.reason, f.message),
                code: None,
                at: Millis::ZERO,
                calls: 0,
            }
        }
    };
    match rt.start(&created, Millis::ZERO) {
        Ok(mut p) => drive(&mut p, vols, cluster, Millis::ZERO, until),
        Err(f) => Outcome {
            logs: format!("{}: {}", f.reason, f.message),
            code: Some(f.exit_code),
            at: Millis::ZERO,
            calls: 0,
        },
    }
}

/// Runs `command` in `image` alone in a pod.
pub fn run_in(image: &str, command: &[&str], until: Millis, cluster: &FakeCluster) -> Outcome {
    let c = container(image, command);
    let pod = pod_with(vec![c.clone()], vec![]);
    let mut vols = PodVolumes::default();
    run_container(&pod, &c, &ApiObjects::default(), &mut vols, cluster, until)
}

/// Runs a busybox `sh -c script` for up to an hour.
pub fn sh(script: &str) -> Outcome {
    run_in("busybox:1.36", &["sh", "-c", script], Millis::from_secs(3600), &FakeCluster::default())
}
