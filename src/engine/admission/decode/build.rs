//! The builders: typed API objects (Pod, Service, ConfigMap, Secret, PersistentVolumeClaim) from a
//! tree that `check` accepted, so they never report errors themselves.

use super::*;

pub(super) fn scalar(n: Option<&std::rc::Rc<Node>>) -> Option<Scalar> {
    match n.map(|n| node_kind(n)) {
        Some((_, Some(Scalar::Null))) | None => None,
        Some((_, s)) => s,
    }
}

pub(super) fn s(n: &Node, key: &str) -> Option<String> {
    match scalar(n.get(key))? {
        Scalar::Str(s) => Some(s),
        _ => None,
    }
}

pub(super) fn int(n: &Node, key: &str) -> Option<i64> {
    scalar(n.get(key)).as_ref().and_then(int_value).and_then(|v| i64::try_from(v).ok())
}

pub(super) fn int32(n: &Node, key: &str) -> Option<i32> {
    int(n, key).and_then(|v| i32::try_from(v).ok())
}

pub(super) fn boolean(n: &Node, key: &str) -> Option<bool> {
    match scalar(n.get(key))? {
        Scalar::Bool(b) => Some(b),
        _ => None,
    }
}

pub(super) fn items<'a>(n: &'a Node, key: &str) -> Vec<&'a Node> {
    match n.get(key).map(|c| &c.kind) {
        Some(NodeKind::Seq(v)) => v.iter().map(|x| &**x).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn obj<'a>(n: &'a Node, key: &str) -> Option<&'a Node> {
    n.get(key).filter(|c| matches!(c.kind, NodeKind::Map(_))).map(|c| &**c)
}

pub(super) fn strings(n: &Node, key: &str) -> Option<Vec<String>> {
    match &n.get(key)?.kind {
        NodeKind::Seq(v) => Some(
            v.iter()
                .map(|x| match node_kind(x).1 {
                    Some(Scalar::Str(s)) => s,
                    _ => String::new(),
                })
                .collect(),
        ),
        _ => None,
    }
}

pub(super) fn str_map(n: &Node, key: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Some(es) = n.get(key).and_then(|c| c.entries()) {
        for e in es {
            let v = match node_kind(&e.value).1 {
                Some(Scalar::Str(s)) => s,
                _ => String::new(),
            };
            m.insert(e.key.clone(), v);
        }
    }
    m
}

pub(super) fn qty_map(n: &Node, key: &str) -> BTreeMap<String, Quantity> {
    let mut m = BTreeMap::new();
    if let Some(es) = n.get(key).and_then(|c| c.entries()) {
        for e in es {
            if let Some(q) = qty(&e.value) {
                m.insert(e.key.clone(), q);
            }
        }
    }
    m
}

pub(super) fn qty(n: &Node) -> Option<Quantity> {
    let text = match node_kind(n).1? {
        Scalar::Str(s) => s.trim().to_string(),
        s @ (Scalar::Int(_) | Scalar::Float(_)) => s.number_text(),
        _ => return None,
    };
    quantity::parse(&text).ok().map(|(q, _)| q)
}

pub(super) fn int_or_string(n: Option<&std::rc::Rc<Node>>) -> Option<IntOrString> {
    match scalar(n)? {
        Scalar::Str(s) => Some(IntOrString::String(s)),
        s => int_value(&s).and_then(|v| i32::try_from(v).ok()).map(IntOrString::Int),
    }
}

/// `metadata` (namespace defaulted to `default`).
pub fn build_meta(root: &Node) -> ObjectMeta {
    let Some(m) = obj(root, "metadata") else {
        return ObjectMeta { namespace: "default".into(), ..Default::default() };
    };
    ObjectMeta {
        name: s(m, "name").unwrap_or_default(),
        generate_name: s(m, "generateName"),
        namespace: s(m, "namespace").filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into()),
        labels: str_map(m, "labels"),
        annotations: str_map(m, "annotations"),
        ..ObjectMeta::default()
    }
}

/// Builds a Pod from a tree `check` accepted.
pub fn build_pod(root: &Node, spans: SpanMap) -> (Pod, Extras) {
    let mut ex = Extras {
        ephemeral_containers: root
            .get("spec")
            .and_then(|sp| sp.get("ephemeralContainers"))
            .is_some_and(|e| matches!(&e.kind, NodeKind::Seq(v) if !v.is_empty())),
        ..Extras::default()
    };
    ex.ephemeral_containers = root
        .get("spec")
        .and_then(|sp| sp.get("ephemeralContainers"))
        .is_some_and(|e| matches!(&e.kind, NodeKind::Seq(v) if !v.is_empty()));
    let empty = Node { kind: NodeKind::Map(Vec::new()), span: root.span, size: 0, height: 0 };
    let sp = obj(root, "spec").unwrap_or(&empty);
    let restart_raw = s(sp, "restartPolicy");
    let restart_policy = match restart_raw.as_deref() {
        Some("OnFailure") => RestartPolicy::OnFailure,
        Some("Never") => RestartPolicy::Never,
        _ => RestartPolicy::Always,
    };
    let containers = |key: &str, ex: &mut Extras| -> Vec<Container> {
        items(sp, key)
            .into_iter()
            .enumerate()
            .map(|(i, c)| build_container(c, &format!("spec.{key}[{i}]"), ex))
            .collect()
    };
    let init_containers = containers("initContainers", &mut ex);
    let app_containers = containers("containers", &mut ex);
    let volumes = items(sp, "volumes")
        .into_iter()
        .map(|v| {
            let (vol, keys) = build_volume(v);
            ex.volume_sources.push(keys);
            vol
        })
        .collect();
    let security_context = obj(sp, "securityContext").map(|c| PodSecurityContext {
        run_as_user: int(c, "runAsUser"),
        run_as_group: int(c, "runAsGroup"),
        run_as_non_root: boolean(c, "runAsNonRoot"),
        fs_group: int(c, "fsGroup"),
    });
    let pod = Pod {
        metadata: build_meta(root),
        spec: PodSpec {
            init_containers,
            containers: app_containers,
            restart_policy,
            restart_policy_raw: restart_raw
                .filter(|r| !matches!(r.as_str(), "Always" | "OnFailure" | "Never")),
            active_deadline_seconds: int(sp, "activeDeadlineSeconds"),
            termination_grace_period_seconds: int(sp, "terminationGracePeriodSeconds"),
            volumes,
            node_name: s(sp, "nodeName"),
            service_account_name: s(sp, "serviceAccountName"),
            hostname: s(sp, "hostname"),
            subdomain: s(sp, "subdomain"),
            security_context,
            share_process_namespace: boolean(sp, "shareProcessNamespace"),
            dns_policy: s(sp, "dnsPolicy"),
            scheduler_name: s(sp, "schedulerName"),
            enable_service_links: boolean(sp, "enableServiceLinks"),
            // Set by the Priority admission plugin (defaults.rs), not from the manifest.
            priority: None,
            preemption_policy: s(sp, "preemptionPolicy"),
            qos_class: None,
        },
        spans,
    };
    (pod, ex)
}

pub(super) fn build_container(c: &Node, path: &str, ex: &mut Extras) -> Container {
    let resize = items(c, "resizePolicy");
    if !resize.is_empty() {
        // apimachinery's `ErrorBody` prints a non-scalar bad value with Go's `%#v` (internal
        // types refuse JSON marshalling), so the message shows Go syntax.
        let inner: Vec<String> = resize
            .iter()
            .map(|r| {
                format!(
                    "core.ContainerResizePolicy{{ResourceName:{}, RestartPolicy:{}}}",
                    crate::engine::admission::validate::go_quote(
                        &s(r, "resourceName").unwrap_or_default()
                    ),
                    crate::engine::admission::validate::go_quote(
                        &s(r, "restartPolicy").unwrap_or_default()
                    )
                )
            })
            .collect();
        ex.resize_policy.insert(
            path.to_string(),
            format!("[]core.ContainerResizePolicy{{{}}}", inner.join(", ")),
        );
    }
    let ports = items(c, "ports")
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if let Some(ip) = s(p, "hostIP") {
                ex.host_ip.insert((path.to_string(), i), ip);
            }
            ContainerPort {
                name: s(p, "name"),
                container_port: int32(p, "containerPort").unwrap_or(0),
                // Defaulting sets TCP before validation runs.
                protocol: Some(s(p, "protocol").unwrap_or_else(|| "TCP".into())),
                host_port: int32(p, "hostPort"),
            }
        })
        .collect();
    let env = items(c, "env")
        .into_iter()
        .map(|e| EnvVar {
            name: s(e, "name").unwrap_or_default(),
            value: s(e, "value"),
            value_from: obj(e, "valueFrom").and_then(build_env_source),
        })
        .collect();
    let env_from = items(c, "envFrom")
        .into_iter()
        .map(|e| EnvFromSource {
            prefix: s(e, "prefix"),
            config_map_ref: obj(e, "configMapRef").map(|r| {
                (s(r, "name").unwrap_or_default(), boolean(r, "optional").unwrap_or(false))
            }),
            secret_ref: obj(e, "secretRef").map(|r| {
                (s(r, "name").unwrap_or_default(), boolean(r, "optional").unwrap_or(false))
            }),
        })
        .collect();
    let resources = obj(c, "resources")
        .map(|r| ResourceRequirements {
            requests: qty_map(r, "requests"),
            limits: qty_map(r, "limits"),
        })
        .unwrap_or_default();
    let volume_mounts = items(c, "volumeMounts")
        .into_iter()
        .map(|m| VolumeMount {
            name: s(m, "name").unwrap_or_default(),
            mount_path: s(m, "mountPath").unwrap_or_default(),
            sub_path: s(m, "subPath"),
            read_only: boolean(m, "readOnly").unwrap_or(false),
        })
        .collect();
    let security_context = obj(c, "securityContext").map(|x| SecurityContext {
        run_as_user: int(x, "runAsUser"),
        run_as_group: int(x, "runAsGroup"),
        run_as_non_root: boolean(x, "runAsNonRoot"),
        read_only_root_filesystem: boolean(x, "readOnlyRootFilesystem"),
        privileged: boolean(x, "privileged"),
        allow_privilege_escalation: boolean(x, "allowPrivilegeEscalation"),
    });
    let lifecycle = obj(c, "lifecycle").map(|l| Lifecycle {
        post_start: obj(l, "postStart").map(build_probe),
        pre_stop: obj(l, "preStop").map(build_probe),
    });
    Container {
        name: s(c, "name").unwrap_or_default(),
        image: s(c, "image").unwrap_or_default(),
        image_pull_policy: s(c, "imagePullPolicy"),
        command: strings(c, "command"),
        args: strings(c, "args"),
        working_dir: s(c, "workingDir"),
        env,
        env_from,
        ports,
        resources,
        volume_mounts,
        restart_policy: s(c, "restartPolicy"),
        liveness_probe: obj(c, "livenessProbe").map(build_probe),
        readiness_probe: obj(c, "readinessProbe").map(build_probe),
        startup_probe: obj(c, "startupProbe").map(build_probe),
        lifecycle,
        security_context,
        has_resize_policy: !resize.is_empty(),
        stdin: boolean(c, "stdin").unwrap_or(false),
        tty: boolean(c, "tty").unwrap_or(false),
        termination_message_path: s(c, "terminationMessagePath"),
        termination_message_policy: s(c, "terminationMessagePolicy"),
    }
}

pub(super) fn build_env_source(v: &Node) -> Option<EnvVarSource> {
    if let Some(r) = obj(v, "configMapKeyRef") {
        return Some(EnvVarSource::ConfigMapKeyRef {
            name: s(r, "name").unwrap_or_default(),
            key: s(r, "key").unwrap_or_default(),
            optional: boolean(r, "optional").unwrap_or(false),
        });
    }
    if let Some(r) = obj(v, "secretKeyRef") {
        return Some(EnvVarSource::SecretKeyRef {
            name: s(r, "name").unwrap_or_default(),
            key: s(r, "key").unwrap_or_default(),
            optional: boolean(r, "optional").unwrap_or(false),
        });
    }
    if let Some(r) = obj(v, "fieldRef") {
        return Some(EnvVarSource::FieldRef { field_path: s(r, "fieldPath").unwrap_or_default() });
    }
    if let Some(r) = obj(v, "resourceFieldRef") {
        return Some(EnvVarSource::ResourceFieldRef {
            container_name: s(r, "containerName"),
            resource: s(r, "resource").unwrap_or_default(),
        });
    }
    None
}

/// Probe or lifecycle handler, with the API server's defaults applied (period 10 s, timeout
/// 1 s, success 1, failure 3; a zero means "default", as in `SetDefaults_Probe`).
pub(super) fn build_probe(p: &Node) -> Probe {
    let d = |k: &str, def: i32| int32(p, k).filter(|v| *v != 0).unwrap_or(def);
    Probe {
        exec: obj(p, "exec").map(|e| strings(e, "command").unwrap_or_default()),
        http_get: obj(p, "httpGet").map(|h| HttpGetAction {
            path: s(h, "path").filter(|x| !x.is_empty()).unwrap_or_else(|| "/".into()),
            port: int_or_string(h.get("port")).unwrap_or_default(),
            host: s(h, "host"),
            scheme: Some(s(h, "scheme").unwrap_or_else(|| "HTTP".into())),
        }),
        tcp_socket: obj(p, "tcpSocket").map(|t| int_or_string(t.get("port")).unwrap_or_default()),
        grpc: obj(p, "grpc").map(|g| int32(g, "port").unwrap_or(0)),
        initial_delay_seconds: int32(p, "initialDelaySeconds").unwrap_or(0),
        period_seconds: d("periodSeconds", 10),
        timeout_seconds: d("timeoutSeconds", 1),
        success_threshold: d("successThreshold", 1),
        failure_threshold: d("failureThreshold", 3),
    }
}

pub(super) fn key_to_paths(n: &Node) -> Vec<KeyToPath> {
    items(n, "items")
        .into_iter()
        .map(|i| KeyToPath {
            key: s(i, "key").unwrap_or_default(),
            path: s(i, "path").unwrap_or_default(),
        })
        .collect()
}

pub(super) fn downward_items(n: &Node) -> Vec<(String, String)> {
    items(n, "items")
        .into_iter()
        .map(|i| {
            (
                s(i, "path").unwrap_or_default(),
                obj(i, "fieldRef").and_then(|f| s(f, "fieldPath")).unwrap_or_default(),
            )
        })
        .collect()
}

pub(super) fn build_volume(v: &Node) -> (Volume, Vec<&'static str>) {
    let keys: Vec<&'static str> = crate::engine::admission::schema::VOLUME
        .fields
        .iter()
        .filter(|f| f.name != "name" && scalar_or_node_present(v, f.name))
        .map(|f| f.name)
        .collect();
    let source = match keys.first().copied() {
        Some("emptyDir") => {
            let e = obj(v, "emptyDir");
            VolumeSource::EmptyDir {
                medium: e.and_then(|e| s(e, "medium")),
                size_limit: e.and_then(|e| e.get("sizeLimit")).and_then(|q| qty(q)),
            }
        }
        Some("configMap") => {
            let c = obj(v, "configMap");
            VolumeSource::ConfigMap {
                name: c.and_then(|c| s(c, "name")).unwrap_or_default(),
                items: c.map(key_to_paths).unwrap_or_default(),
                optional: c.and_then(|c| boolean(c, "optional")).unwrap_or(false),
                default_mode: c.and_then(|c| int32(c, "defaultMode")),
            }
        }
        Some("secret") => {
            let c = obj(v, "secret");
            VolumeSource::Secret {
                secret_name: c.and_then(|c| s(c, "secretName")).unwrap_or_default(),
                items: c.map(key_to_paths).unwrap_or_default(),
                optional: c.and_then(|c| boolean(c, "optional")).unwrap_or(false),
                default_mode: c.and_then(|c| int32(c, "defaultMode")),
            }
        }
        Some("downwardAPI") => VolumeSource::DownwardApi {
            items: obj(v, "downwardAPI").map(downward_items).unwrap_or_default(),
        },
        Some("hostPath") => VolumeSource::HostPath {
            path: obj(v, "hostPath").and_then(|h| s(h, "path")).unwrap_or_default(),
        },
        Some("persistentVolumeClaim") => VolumeSource::PersistentVolumeClaim {
            claim_name: obj(v, "persistentVolumeClaim")
                .and_then(|h| s(h, "claimName"))
                .unwrap_or_default(),
        },
        Some("projected") => {
            let sources = obj(v, "projected")
                .map(|p| {
                    items(p, "sources")
                        .into_iter()
                        .filter_map(|src| {
                            if let Some(c) = obj(src, "configMap") {
                                Some(ProjectedSource::ConfigMap {
                                    name: s(c, "name").unwrap_or_default(),
                                    items: key_to_paths(c),
                                    optional: boolean(c, "optional").unwrap_or(false),
                                })
                            } else if let Some(c) = obj(src, "secret") {
                                Some(ProjectedSource::Secret {
                                    name: s(c, "name").unwrap_or_default(),
                                    items: key_to_paths(c),
                                    optional: boolean(c, "optional").unwrap_or(false),
                                })
                            } else if let Some(c) = obj(src, "downwardAPI") {
                                Some(ProjectedSource::DownwardApi { items: downward_items(c) })
                            } else {
                                obj(src, "serviceAccountToken").map(|c| {
                                    ProjectedSource::ServiceAccountToken {
                                        path: s(c, "path").unwrap_or_default(),
                                    }
                                })
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            VolumeSource::Projected { sources }
        }
        Some(other) => VolumeSource::Other { kind: other.to_string() },
        None => VolumeSource::Other { kind: String::new() },
    };
    (Volume { name: s(v, "name").unwrap_or_default(), source }, keys)
}

/// A volume source counts when it is given and not null (Go leaves a null pointer nil).
pub(super) fn scalar_or_node_present(v: &Node, key: &str) -> bool {
    match v.get(key) {
        None => false,
        Some(n) => !matches!(node_kind(n).1, Some(Scalar::Null)),
    }
}

/// Builds a Service.
pub fn build_service(root: &Node, spans: SpanMap) -> Service {
    let empty = Node { kind: NodeKind::Map(Vec::new()), span: root.span, size: 0, height: 0 };
    let sp = obj(root, "spec").unwrap_or(&empty);
    Service {
        metadata: build_meta(root),
        selector: str_map(sp, "selector"),
        ports: items(sp, "ports")
            .into_iter()
            .map(|p| ServicePort {
                name: s(p, "name"),
                port: int32(p, "port").unwrap_or(0),
                target_port: int_or_string(p.get("targetPort")),
                protocol: Some(s(p, "protocol").unwrap_or_else(|| "TCP".into())),
            })
            .collect(),
        type_: s(sp, "type"),
        cluster_ip: s(sp, "clusterIP"),
        spans,
    }
}

/// A `map[string][]byte` field, base64-decoded (`check` already rejected bad base64).
pub(super) fn b64_map(root: &Node, key: &str) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    if let Some(es) = root.get(key).and_then(|b| b.entries()) {
        for e in es {
            if let Some(Scalar::Str(v)) = node_kind(&e.value).1 {
                m.insert(e.key.clone(), base64_decode(&v).unwrap_or_default());
            }
        }
    }
    m
}

/// Builds a ConfigMap.
pub fn build_config_map(root: &Node, spans: SpanMap) -> ConfigMap {
    let binary_data = b64_map(root, "binaryData");
    ConfigMap { metadata: build_meta(root), data: str_map(root, "data"), binary_data, spans }
}

/// Builds a PersistentVolumeClaim.
pub fn build_pvc(root: &Node, spans: SpanMap) -> PersistentVolumeClaim {
    let spec = obj(root, "spec");
    let storage = spec
        .and_then(|s| obj(s, "resources"))
        .and_then(|r| obj(r, "requests"))
        .and_then(|r| r.get("storage"))
        .and_then(|n| match &n.kind {
            NodeKind::Scalar { value, .. } => Some(value.clone()),
            _ => None,
        });
    PersistentVolumeClaim {
        metadata: build_meta(root),
        access_modes: spec.and_then(|s| strings(s, "accessModes")).unwrap_or_default(),
        storage,
        storage_class_name: spec.and_then(|sp| s(sp, "storageClassName")),
        spans,
    }
}

/// Builds a Secret (`stringData` wins over `data`, as the API server merges them).
pub fn build_secret(root: &Node, spans: SpanMap) -> Secret {
    let mut data = b64_map(root, "data");
    for (k, v) in str_map(root, "stringData") {
        data.insert(k, v.into_bytes());
    }
    Secret { metadata: build_meta(root), data, type_: s(root, "type"), spans }
}

/// Where to mark a problem at `path` in the editor: the field itself when it was written;
/// otherwise the key of the nearest written ancestor (one line), or, for a list item or the
/// document, its first key, rather than a range covering the whole block.
pub fn locate(spans: &SpanMap, path: &str) -> Span {
    if let Some(s) = spans.values.get(path).or_else(|| spans.keys.get(path)) {
        return *s;
    }
    let mut p = path;
    loop {
        let parent = match p.rfind(['.', '[']) {
            Some(i) => &p[..i],
            None => "",
        };
        if let Some(k) = spans.keys.get(parent) {
            return *k;
        }
        if parent.is_empty() || spans.values.contains_key(parent) {
            // A list item (or the document): its first written key, in source order.
            let prefix = if parent.is_empty() { String::new() } else { format!("{parent}.") };
            let first = spans
                .keys
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .map(|(_, s)| *s)
                .min_by_key(|s| (s.line, s.column));
            return first
                .unwrap_or_else(|| spans.values.get(parent).copied().unwrap_or(spans.document));
        }
        p = parent;
    }
}
