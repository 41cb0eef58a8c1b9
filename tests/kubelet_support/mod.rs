//! Shared helpers for the kubelet's integration tests: YAML → model objects, and reading a
//! timeline the way the reference's tables are written.
//!
//! Objects come from `admission::admit`, the real front door. While admission is still its
//! placeholder (it returns no objects), a small decoder of the fields the worked examples use
//! stands in; once admission decodes objects the fallback is never taken.
#![allow(dead_code)]

use podlab::engine::admission::admit;
use podlab::engine::kubelet::{simulate, Scenario, Timeline, WatchRow};
use podlab::engine::model::*;
use podlab::engine::time::Millis;
use serde_yaml::Value;

/// Admits `yaml` (falling back to the test decoder while admission is a placeholder).
pub fn objects(yaml: &str) -> Vec<Object> {
    let a = admit(yaml);
    assert!(!a.has_errors(), "admission rejected the manifest: {:?}", a.diagnostics);
    if !a.objects.is_empty() {
        return a.objects;
    }
    decode(yaml)
}

/// Simulates `yaml` applied at t = 0 for `secs` seconds.
pub fn run(yaml: &str, secs: u64) -> Timeline {
    simulate(&Scenario::apply_at_zero(objects(yaml), Millis::from_secs(secs)))
}

/// The STATUS values of `pod`'s `-w` rows, consecutive duplicates removed.
pub fn statuses(tl: &Timeline, pod: &str) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in tl.rows().iter().filter(|r| r.pod == pod) {
        if v.last() != Some(&r.status) {
            v.push(r.status.clone());
        }
    }
    v
}

/// The first row of `pod` whose STATUS is `status`.
pub fn first_row<'a>(tl: &'a Timeline, pod: &str, status: &str) -> Option<&'a WatchRow> {
    tl.rows().iter().find(|r| r.pod == pod && r.status == status)
}

/// Asserts `t` is within ±2 s of `want` seconds.
pub fn near(t: Millis, want: f64, what: &str) {
    let got = t.as_secs_f64();
    assert!((got - want).abs() <= 2.0, "{what}: at {got}s, expected ≈{want}s (±2 s)");
}

/// A condition's (status, reason, message) in a pod status.
pub fn condition(st: &PodStatus, type_: &str) -> (String, Option<String>, Option<String>) {
    let c = st
        .conditions
        .iter()
        .find(|c| c.type_ == type_)
        .unwrap_or_else(|| panic!("no {type_} condition in {st:?}"));
    (c.status.clone(), c.reason.clone(), c.message.clone())
}

// ---------------------------------------------------------------------------------------------
// Fallback decoder (only the fields podlab's worked examples use)
// ---------------------------------------------------------------------------------------------

fn s(v: &Value, k: &str) -> Option<String> {
    match v.get(k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn i(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

fn strings(v: &Value, k: &str) -> Option<Vec<String>> {
    v.get(k)?.as_sequence().map(|seq| {
        seq.iter()
            .map(|x| {
                x.as_str().map(String::from).unwrap_or_else(|| {
                    serde_yaml::to_string(x).unwrap_or_default().trim().to_string()
                })
            })
            .collect()
    })
}

/// Kubernetes quantity → thousandths of the base unit.
pub fn quantity(text: &str) -> Quantity {
    let t = text.trim();
    let (num, mult): (&str, f64) = if let Some(n) = t.strip_suffix('m') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix("Ki") {
        (n, 1024.0 * 1000.0)
    } else if let Some(n) = t.strip_suffix("Mi") {
        (n, 1024.0 * 1024.0 * 1000.0)
    } else if let Some(n) = t.strip_suffix("Gi") {
        (n, 1024.0 * 1024.0 * 1024.0 * 1000.0)
    } else if let Some(n) = t.strip_suffix('M') {
        (n, 1e9)
    } else if let Some(n) = t.strip_suffix('G') {
        (n, 1e12)
    } else {
        (t, 1000.0)
    };
    Quantity { text: text.into(), milli: (num.parse::<f64>().unwrap_or(0.0) * mult).ceil() as i128 }
}

fn int_or_string(v: &Value) -> IntOrString {
    match v {
        Value::Number(n) => IntOrString::Int(n.as_i64().unwrap_or(0) as i32),
        Value::String(s) => IntOrString::String(s.clone()),
        _ => IntOrString::Int(0),
    }
}

fn probe(v: Option<&Value>) -> Option<Probe> {
    let v = v?;
    Some(Probe {
        exec: v.get("exec").and_then(|e| strings(e, "command")),
        http_get: v.get("httpGet").map(|h| HttpGetAction {
            path: s(h, "path").unwrap_or_else(|| "/".into()),
            port: h.get("port").map(int_or_string).unwrap_or_default(),
            host: s(h, "host"),
            scheme: s(h, "scheme"),
        }),
        tcp_socket: v.get("tcpSocket").and_then(|t| t.get("port")).map(int_or_string),
        grpc: None,
        initial_delay_seconds: i(v, "initialDelaySeconds").unwrap_or(0) as i32,
        period_seconds: i(v, "periodSeconds").unwrap_or(10) as i32,
        timeout_seconds: i(v, "timeoutSeconds").unwrap_or(1) as i32,
        success_threshold: i(v, "successThreshold").unwrap_or(1) as i32,
        failure_threshold: i(v, "failureThreshold").unwrap_or(3) as i32,
    })
}

fn container(v: &Value) -> Container {
    let mut res = ResourceRequirements::default();
    if let Some(r) = v.get("resources") {
        for (field, map) in [("requests", &mut res.requests), ("limits", &mut res.limits)] {
            if let Some(m) = r.get(field).and_then(Value::as_mapping) {
                for (k, q) in m {
                    let text = match q {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        _ => continue,
                    };
                    map.insert(k.as_str().unwrap_or_default().to_string(), quantity(&text));
                }
            }
        }
    }
    Container {
        name: s(v, "name").unwrap_or_default(),
        image: s(v, "image").unwrap_or_default(),
        image_pull_policy: s(v, "imagePullPolicy"),
        command: strings(v, "command"),
        args: strings(v, "args"),
        working_dir: s(v, "workingDir"),
        env: v
            .get("env")
            .and_then(Value::as_sequence)
            .map(|seq| {
                seq.iter()
                    .map(|e| EnvVar {
                        name: s(e, "name").unwrap_or_default(),
                        value: s(e, "value"),
                        value_from: None,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ports: v
            .get("ports")
            .and_then(Value::as_sequence)
            .map(|seq| {
                seq.iter()
                    .map(|p| ContainerPort {
                        name: s(p, "name"),
                        container_port: i(p, "containerPort").unwrap_or(0) as i32,
                        protocol: s(p, "protocol"),
                        host_port: i(p, "hostPort").map(|x| x as i32),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        resources: res,
        volume_mounts: v
            .get("volumeMounts")
            .and_then(Value::as_sequence)
            .map(|seq| {
                seq.iter()
                    .map(|m| VolumeMount {
                        name: s(m, "name").unwrap_or_default(),
                        mount_path: s(m, "mountPath").unwrap_or_default(),
                        sub_path: s(m, "subPath"),
                        read_only: m.get("readOnly").and_then(Value::as_bool).unwrap_or(false),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        restart_policy: s(v, "restartPolicy"),
        liveness_probe: probe(v.get("livenessProbe")),
        readiness_probe: probe(v.get("readinessProbe")),
        startup_probe: probe(v.get("startupProbe")),
        lifecycle: v.get("lifecycle").map(|l| Lifecycle {
            post_start: probe(l.get("postStart")),
            pre_stop: probe(l.get("preStop")),
        }),
        ..Container::default()
    }
}

fn meta(v: &Value) -> ObjectMeta {
    let m = v.get("metadata").cloned().unwrap_or(Value::Null);
    ObjectMeta {
        name: s(&m, "name").unwrap_or_default(),
        namespace: s(&m, "namespace").unwrap_or_else(|| "default".into()),
        labels: m
            .get("labels")
            .and_then(Value::as_mapping)
            .map(|l| {
                l.iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default(),
        ..ObjectMeta::default()
    }
}

/// The fallback decoder.
pub fn decode(yaml: &str) -> Vec<Object> {
    let mut out = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(yaml) {
        let v: Value = serde::Deserialize::deserialize(doc).expect("test YAML parses");
        match s(&v, "kind").as_deref() {
            Some("Pod") => {
                let sp = v.get("spec").cloned().unwrap_or(Value::Null);
                let list = |k: &str| {
                    sp.get(k)
                        .and_then(Value::as_sequence)
                        .map(|seq| seq.iter().map(container).collect())
                        .unwrap_or_default()
                };
                let restart_policy = match s(&sp, "restartPolicy").as_deref() {
                    Some("Never") => RestartPolicy::Never,
                    Some("OnFailure") => RestartPolicy::OnFailure,
                    _ => RestartPolicy::Always,
                };
                let volumes = sp
                    .get("volumes")
                    .and_then(Value::as_sequence)
                    .map(|seq| {
                        seq.iter()
                            .map(|vol| Volume {
                                name: s(vol, "name").unwrap_or_default(),
                                source: VolumeSource::EmptyDir { medium: None, size_limit: None },
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push(Object::Pod(Pod {
                    metadata: meta(&v),
                    spec: PodSpec {
                        init_containers: list("initContainers"),
                        containers: list("containers"),
                        restart_policy,
                        restart_policy_raw: s(&sp, "restartPolicy"),
                        active_deadline_seconds: i(&sp, "activeDeadlineSeconds"),
                        termination_grace_period_seconds: i(&sp, "terminationGracePeriodSeconds"),
                        volumes,
                        node_name: s(&sp, "nodeName"),
                        ..PodSpec::default()
                    },
                    spans: SpanMap::default(),
                }));
            }
            Some("Service") => {
                let sp = v.get("spec").cloned().unwrap_or(Value::Null);
                out.push(Object::Service(Service {
                    metadata: meta(&v),
                    selector: sp
                        .get("selector")
                        .and_then(Value::as_mapping)
                        .map(|l| {
                            l.iter()
                                .filter_map(|(k, v)| {
                                    Some((k.as_str()?.to_string(), v.as_str()?.to_string()))
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    ports: sp
                        .get("ports")
                        .and_then(Value::as_sequence)
                        .map(|seq| {
                            seq.iter()
                                .map(|p| ServicePort {
                                    name: s(p, "name"),
                                    port: i(p, "port").unwrap_or(0) as i32,
                                    target_port: p.get("targetPort").map(int_or_string),
                                    protocol: None,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    ..Service::default()
                }));
            }
            _ => {}
        }
    }
    out
}
