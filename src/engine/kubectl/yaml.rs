//! `kubectl get pod -o yaml` / `-o json`: the Pod as the API server returns it, and what the API
//! server fills in that the learner never wrote.
//!
//! Three parts:
//! 1. **API-server defaults**, decided in [`crate::engine::admission::defaults`] (and set on
//!    the pod when it is admitted and created) and only read here: the fields a real cluster
//!    adds on create, from `pkg/apis/core/v1/defaults.go` and the default admission plugins —
//!    `imagePullPolicy`
//!    (`Always` for `:latest` or untagged images, else `IfNotPresent`), `terminationMessagePath`
//!    `/dev/termination-log`, `terminationMessagePolicy: File`, port `protocol: TCP`, probe
//!    timings (`timeoutSeconds: 1`, `periodSeconds: 10`, `successThreshold: 1`,
//!    `failureThreshold: 3`), `httpGet` `path: /` + `scheme: HTTP`, requests defaulted from
//!    limits, volume `defaultMode: 420`, `dnsPolicy: ClusterFirst`, `enableServiceLinks`,
//!    `schedulerName: default-scheduler`, `securityContext: {}`,
//!    `terminationGracePeriodSeconds: 30`, Priority (`priority: 0`, `preemptionPolicy`),
//!    ServiceAccount (`serviceAccountName: default` and the projected `kube-api-access-xxxxx`
//!    volume mounted read-only at `/var/run/secrets/kubernetes.io/serviceaccount` in every
//!    container) and DefaultTolerationSeconds (`not-ready` / `unreachable` for 300 s).
//!    `describe` shows the same defaults, so the two views never disagree.
//! 2. **The object tree** ([`pod_tree`]): metadata, spec and the kubelet's status as a [`Node`].
//! 3. **Emitters** ([`to_yaml`], [`to_json`]): kubectl converts objects to JSON and then (for
//!    YAML) through sigs.k8s.io/yaml, i.e. go-yaml v2. So keys are sorted alphabetically,
//!    sequences inside mappings are not indented, strings that would read as another type are
//!    double-quoted (`"True"`, `"2026-01-01T00:00:00Z"`, `""`), strings the plain style cannot
//!    carry are single-quoted (`'containers with unready status: [app]'`), multi-line strings use
//!    a literal block (`|`, `|-`), and long strings are folded at the first space past column 80
//!    (go-yaml v2's `best_width`). JSON is `json.MarshalIndent(obj, "", "    ")` with Go's HTML
//!    escaping of `<`, `>` and `&`.
//!
//! Simplifications: `resourceVersion` is a stand-in (opaque to clients by contract);
//! `metadata.uid` and the `kube-api-access` suffix are derived from the pod's name and creation
//! time so they are stable; `lastState.terminated` has no `containerID` (the kubelet's status
//! keeps only the current instance's ID); the `kubectl.kubernetes.io/last-applied-configuration`
//! annotation and the v1.33 feature-gated status fields (`allocatedResources`, `resources`,
//! `user`) are not produced.

use crate::engine::admission::defaults;
use crate::engine::kubelet::PodView;
use crate::engine::model::{
    Container, ContainerState, ContainerStatus, EnvVarSource, IntOrString, PodCondition, Probe,
    ProjectedSource, Quantity, VolumeSource,
};
use crate::engine::time::{rfc3339, Millis};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// The tree
// ---------------------------------------------------------------------------------------------

/// A JSON-like value (what kubectl holds after decoding the API server's answer).
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// An object; emitted with its keys sorted, as Go's map encoding does.
    Map(Vec<(String, Node)>),
    /// An array.
    Seq(Vec<Node>),
    /// A string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
}

fn s(v: impl Into<String>) -> Node {
    Node::Str(v.into())
}

/// Builds a map node, skipping `None` values.
struct M(Vec<(String, Node)>);
impl M {
    fn new() -> M {
        M(Vec::new())
    }
    fn put(mut self, k: &str, v: Node) -> M {
        self.0.push((k.to_string(), v));
        self
    }
    fn opt(self, k: &str, v: Option<Node>) -> M {
        match v {
            Some(v) => self.put(k, v),
            None => self,
        }
    }
    fn done(self) -> Node {
        Node::Map(self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// API-server defaults: decided in admission::defaults, read here
// ---------------------------------------------------------------------------------------------

pub use crate::engine::admission::defaults::{
    api_defaults, effective_requests, ApiDefaults, TOKEN_EXPIRATION_SECONDS, TOKEN_MOUNT_PATH,
};

/// `metadata.uid` as the API server set it on create (`admission::defaults::uid`), the uid the
/// kubelet puts in `format.Pod` (`<name>_<namespace>(<uid>)`, e.g. in BackOff messages), so
/// `-o yaml` and the events agree.
pub fn pod_uid(view: &PodView) -> String {
    match view.pod.metadata.uid.as_str() {
        "" => defaults::uid(&view.pod.metadata.name, view.created),
        uid => uid.to_string(),
    }
}

/// `status.qosClass`: the kubelet's copy once it has written a status, before that the one the
/// API server set on create.
pub fn pod_qos_class(view: &PodView) -> String {
    let admitted = || view.pod.spec.qos_class.clone();
    view.status
        .qos_class
        .clone()
        .or_else(admitted)
        .unwrap_or_else(|| defaults::qos_class(&view.pod).to_string())
}

/// `metadata.deletionTimestamp` as the API server sets it: the delete request's instant plus the
/// grace period (the instant after which the pod may be killed outright). `PodView` records the
/// request instant.
pub fn deletion_timestamp(view: &PodView) -> Option<Millis> {
    let grace =
        api_defaults(&view.pod, view.created).termination_grace_period_seconds.max(0) as u64;
    view.deletion_timestamp.map(|t| t + Millis::from_secs(grace))
}

mod emit;
mod values;

pub use emit::{to_json, to_yaml};
use values::probe_defaults;
pub use values::{canonical_quantity, describe_probe};

fn ios_node(v: &IntOrString) -> Node {
    match v {
        IntOrString::Int(i) => Node::Int(*i as i64),
        IntOrString::String(name) => s(name.clone()),
    }
}

// ---------------------------------------------------------------------------------------------
// Pod → tree
// ---------------------------------------------------------------------------------------------

fn strs(v: &[String]) -> Node {
    Node::Seq(v.iter().map(|x| s(x.clone())).collect())
}

fn string_map(m: &BTreeMap<String, String>) -> Node {
    Node::Map(m.iter().map(|(k, v)| (k.clone(), s(v.clone()))).collect())
}

fn quantities(m: &BTreeMap<String, Quantity>) -> Node {
    Node::Map(m.iter().map(|(k, v)| (k.clone(), s(canonical_quantity(v)))).collect())
}

fn probe_tree(p: &Probe) -> Node {
    let (delay, timeout, period, success, failure) = probe_defaults(p);
    let mut m = M::new()
        .put("failureThreshold", Node::Int(failure as i64))
        .put("periodSeconds", Node::Int(period as i64))
        .put("successThreshold", Node::Int(success as i64))
        .put("timeoutSeconds", Node::Int(timeout as i64));
    if delay > 0 {
        m = m.put("initialDelaySeconds", Node::Int(delay as i64));
    }
    m = m.opt("exec", p.exec.as_ref().map(|c| M::new().put("command", strs(c)).done()));
    m = m.opt(
        "httpGet",
        p.http_get.as_ref().map(|h| {
            M::new()
                .opt("host", h.host.clone().map(s))
                .put("path", s(if h.path.is_empty() { "/".to_string() } else { h.path.clone() }))
                .put("port", ios_node(&h.port))
                .put("scheme", s(h.scheme.clone().unwrap_or_else(|| "HTTP".into())))
                .done()
        }),
    );
    m = m.opt(
        "tcpSocket",
        p.tcp_socket.as_ref().map(|port| M::new().put("port", ios_node(port)).done()),
    );
    m = m.opt(
        "grpc",
        p.grpc
            .map(|port| M::new().put("port", Node::Int(port as i64)).put("service", s("")).done()),
    );
    m.done()
}

fn container_tree(c: &Container, d: &ApiDefaults) -> Node {
    let mut m = M::new()
        .opt("args", c.args.as_ref().map(|a| strs(a)))
        .opt("command", c.command.as_ref().map(|a| strs(a)))
        .put("image", s(c.image.clone()))
        .put(
            "imagePullPolicy",
            s(c.image_pull_policy
                .clone()
                .unwrap_or_else(|| defaults::pull_policy(&c.image).into())),
        )
        .put("name", s(c.name.clone()));
    if !c.env.is_empty() {
        let env = c
            .env
            .iter()
            .map(|e| {
                let mut em = M::new().put("name", s(e.name.clone()));
                if let Some(v) = &e.value {
                    em = em.put("value", s(v.clone()));
                }
                if let Some(src) = &e.value_from {
                    let vf = match src {
                        EnvVarSource::ConfigMapKeyRef { name, key, optional } => M::new().put(
                            "configMapKeyRef",
                            M::new()
                                .put("key", s(key.clone()))
                                .put("name", s(name.clone()))
                                .opt("optional", optional.then_some(Node::Bool(true)))
                                .done(),
                        ),
                        EnvVarSource::SecretKeyRef { name, key, optional } => M::new().put(
                            "secretKeyRef",
                            M::new()
                                .put("key", s(key.clone()))
                                .put("name", s(name.clone()))
                                .opt("optional", optional.then_some(Node::Bool(true)))
                                .done(),
                        ),
                        EnvVarSource::FieldRef { field_path } => M::new().put(
                            "fieldRef",
                            M::new()
                                .put("apiVersion", s("v1"))
                                .put("fieldPath", s(field_path.clone()))
                                .done(),
                        ),
                        EnvVarSource::ResourceFieldRef { container_name, resource } => M::new()
                            .put(
                                "resourceFieldRef",
                                M::new()
                                    .opt("containerName", container_name.clone().map(s))
                                    .put("divisor", s("0"))
                                    .put("resource", s(resource.clone()))
                                    .done(),
                            ),
                    };
                    em = em.put("valueFrom", vf.done());
                }
                em.done()
            })
            .collect();
        m = m.put("env", Node::Seq(env));
    }
    if !c.env_from.is_empty() {
        let ef = c
            .env_from
            .iter()
            .map(|e| {
                M::new()
                    .opt(
                        "configMapRef",
                        e.config_map_ref.as_ref().map(|(n, o)| {
                            M::new()
                                .put("name", s(n.clone()))
                                .opt("optional", o.then_some(Node::Bool(true)))
                                .done()
                        }),
                    )
                    .opt("prefix", e.prefix.clone().map(s))
                    .opt(
                        "secretRef",
                        e.secret_ref.as_ref().map(|(n, o)| {
                            M::new()
                                .put("name", s(n.clone()))
                                .opt("optional", o.then_some(Node::Bool(true)))
                                .done()
                        }),
                    )
                    .done()
            })
            .collect();
        m = m.put("envFrom", Node::Seq(ef));
    }
    if let Some(l) = &c.lifecycle {
        let hook = |p: &Probe| {
            M::new()
                .opt("exec", p.exec.as_ref().map(|c| M::new().put("command", strs(c)).done()))
                .opt(
                    "httpGet",
                    p.http_get.as_ref().map(|h| {
                        M::new()
                            .put(
                                "path",
                                s(if h.path.is_empty() { "/".into() } else { h.path.clone() }),
                            )
                            .put("port", ios_node(&h.port))
                            .put("scheme", s("HTTP"))
                            .done()
                    }),
                )
                .opt(
                    "tcpSocket",
                    p.tcp_socket.as_ref().map(|port| M::new().put("port", ios_node(port)).done()),
                )
                .done()
        };
        m = m.put(
            "lifecycle",
            M::new()
                .opt("postStart", l.post_start.as_ref().map(hook))
                .opt("preStop", l.pre_stop.as_ref().map(hook))
                .done(),
        );
    }
    m = m.opt("livenessProbe", c.liveness_probe.as_ref().map(probe_tree));
    if !c.ports.is_empty() {
        let ports = c
            .ports
            .iter()
            .map(|p| {
                M::new()
                    .put("containerPort", Node::Int(p.container_port as i64))
                    .opt("hostPort", p.host_port.map(|h| Node::Int(h as i64)))
                    .opt("name", p.name.clone().map(s))
                    .put("protocol", s(p.protocol.clone().unwrap_or_else(|| "TCP".into())))
                    .done()
            })
            .collect();
        m = m.put("ports", Node::Seq(ports));
    }
    m = m.opt("readinessProbe", c.readiness_probe.as_ref().map(probe_tree));
    let reqs = effective_requests(c);
    let mut res = M::new();
    if !c.resources.limits.is_empty() {
        res = res.put("limits", quantities(&c.resources.limits));
    }
    if !reqs.is_empty() {
        res = res.put("requests", quantities(&reqs));
    }
    m = m.put("resources", res.done());
    m = m.opt("restartPolicy", c.restart_policy.clone().map(s));
    if let Some(sc) = &c.security_context {
        m = m.put(
            "securityContext",
            M::new()
                .opt("allowPrivilegeEscalation", sc.allow_privilege_escalation.map(Node::Bool))
                .opt("privileged", sc.privileged.map(Node::Bool))
                .opt("readOnlyRootFilesystem", sc.read_only_root_filesystem.map(Node::Bool))
                .opt("runAsGroup", sc.run_as_group.map(Node::Int))
                .opt("runAsNonRoot", sc.run_as_non_root.map(Node::Bool))
                .opt("runAsUser", sc.run_as_user.map(Node::Int))
                .done(),
        );
    }
    m = m.opt("startupProbe", c.startup_probe.as_ref().map(probe_tree));
    if c.stdin {
        m = m.put("stdin", Node::Bool(true));
    }
    m = m
        .put(
            "terminationMessagePath",
            s(c.termination_message_path.as_deref().unwrap_or(defaults::TERMINATION_MESSAGE_PATH)),
        )
        .put(
            "terminationMessagePolicy",
            s(c.termination_message_policy
                .as_deref()
                .unwrap_or(defaults::TERMINATION_MESSAGE_POLICY)),
        );
    if c.tty {
        m = m.put("tty", Node::Bool(true));
    }
    let mut mounts: Vec<Node> = c
        .volume_mounts
        .iter()
        .map(|vm| {
            M::new()
                .put("mountPath", s(vm.mount_path.clone()))
                .put("name", s(vm.name.clone()))
                .opt("readOnly", vm.read_only.then_some(Node::Bool(true)))
                .opt("subPath", vm.sub_path.clone().map(s))
                .done()
        })
        .collect();
    mounts.push(
        M::new()
            .put("mountPath", s(TOKEN_MOUNT_PATH))
            .put("name", s(d.token_volume.clone()))
            .put("readOnly", Node::Bool(true))
            .done(),
    );
    m = m.put("volumeMounts", Node::Seq(mounts));
    m = m.opt("workingDir", c.working_dir.clone().map(s));
    m.done()
}

fn key_to_path(items: &[crate::engine::model::KeyToPath]) -> Option<Node> {
    (!items.is_empty()).then(|| {
        Node::Seq(
            items
                .iter()
                .map(|i| {
                    M::new().put("key", s(i.key.clone())).put("path", s(i.path.clone())).done()
                })
                .collect(),
        )
    })
}

fn field_items(items: &[(String, String)]) -> Node {
    Node::Seq(
        items
            .iter()
            .map(|(path, field)| {
                M::new()
                    .put(
                        "fieldRef",
                        M::new()
                            .put("apiVersion", s("v1"))
                            .put("fieldPath", s(field.clone()))
                            .done(),
                    )
                    .put("path", s(path.clone()))
                    .done()
            })
            .collect(),
    )
}

fn volume_tree(name: &str, src: &VolumeSource) -> Node {
    let mode = |m: &Option<i32>| Node::Int(m.unwrap_or(420) as i64); // 420 = 0644
    let body = match src {
        VolumeSource::EmptyDir { medium, size_limit } => (
            "emptyDir",
            M::new()
                .opt("medium", medium.clone().map(s))
                .opt("sizeLimit", size_limit.as_ref().map(|q| s(canonical_quantity(q))))
                .done(),
        ),
        VolumeSource::ConfigMap { name, items, optional, default_mode } => (
            "configMap",
            M::new()
                .put("defaultMode", mode(default_mode))
                .opt("items", key_to_path(items))
                .put("name", s(name.clone()))
                .opt("optional", optional.then_some(Node::Bool(true)))
                .done(),
        ),
        VolumeSource::Secret { secret_name, items, optional, default_mode } => (
            "secret",
            M::new()
                .put("defaultMode", mode(default_mode))
                .opt("items", key_to_path(items))
                .opt("optional", optional.then_some(Node::Bool(true)))
                .put("secretName", s(secret_name.clone()))
                .done(),
        ),
        VolumeSource::DownwardApi { items } => (
            "downwardAPI",
            M::new().put("defaultMode", Node::Int(420)).put("items", field_items(items)).done(),
        ),
        VolumeSource::Projected { sources } => {
            let srcs = sources
                .iter()
                .map(|p| match p {
                    ProjectedSource::ConfigMap { name, items, optional } => M::new()
                        .put(
                            "configMap",
                            M::new()
                                .opt("items", key_to_path(items))
                                .put("name", s(name.clone()))
                                .opt("optional", optional.then_some(Node::Bool(true)))
                                .done(),
                        )
                        .done(),
                    ProjectedSource::Secret { name, items, optional } => M::new()
                        .put(
                            "secret",
                            M::new()
                                .opt("items", key_to_path(items))
                                .put("name", s(name.clone()))
                                .opt("optional", optional.then_some(Node::Bool(true)))
                                .done(),
                        )
                        .done(),
                    ProjectedSource::DownwardApi { items } => M::new()
                        .put("downwardAPI", M::new().put("items", field_items(items)).done())
                        .done(),
                    ProjectedSource::ServiceAccountToken { path } => M::new()
                        .put(
                            "serviceAccountToken",
                            M::new()
                                .put("expirationSeconds", Node::Int(3600))
                                .put("path", s(path.clone()))
                                .done(),
                        )
                        .done(),
                })
                .collect();
            (
                "projected",
                M::new().put("defaultMode", Node::Int(420)).put("sources", Node::Seq(srcs)).done(),
            )
        }
        VolumeSource::HostPath { path } => {
            ("hostPath", M::new().put("path", s(path.clone())).put("type", s("")).done())
        }
        VolumeSource::PersistentVolumeClaim { claim_name } => {
            ("persistentVolumeClaim", M::new().put("claimName", s(claim_name.clone())).done())
        }
        VolumeSource::Other { kind } => (kind.as_str(), Node::Map(Vec::new())),
    };
    M::new().put("name", s(name)).put(body.0, body.1).done()
}

fn token_volume_tree(d: &ApiDefaults) -> Node {
    let sources = Node::Seq(vec![
        M::new()
            .put(
                "serviceAccountToken",
                M::new()
                    .put("expirationSeconds", Node::Int(TOKEN_EXPIRATION_SECONDS))
                    .put("path", s("token"))
                    .done(),
            )
            .done(),
        M::new()
            .put(
                "configMap",
                M::new()
                    .put(
                        "items",
                        Node::Seq(vec![M::new()
                            .put("key", s("ca.crt"))
                            .put("path", s("ca.crt"))
                            .done()]),
                    )
                    .put("name", s("kube-root-ca.crt"))
                    .done(),
            )
            .done(),
        M::new()
            .put(
                "downwardAPI",
                M::new()
                    .put("items", field_items(&[("namespace".into(), "metadata.namespace".into())]))
                    .done(),
            )
            .done(),
    ]);
    M::new()
        .put("name", s(d.token_volume.clone()))
        .put(
            "projected",
            M::new().put("defaultMode", Node::Int(420)).put("sources", sources).done(),
        )
        .done()
}

fn state_tree(st: &ContainerState, container_id: Option<&str>) -> Node {
    match st {
        ContainerState::Waiting { reason, message } => M::new()
            .put(
                "waiting",
                M::new()
                    .opt("message", message.clone().map(s))
                    .opt("reason", reason.clone().map(s))
                    .done(),
            )
            .done(),
        ContainerState::Running { started_at } => M::new()
            .put("running", M::new().put("startedAt", s(rfc3339(*started_at))).done())
            .done(),
        ContainerState::Terminated {
            exit_code,
            signal,
            reason,
            message,
            started_at,
            finished_at,
        } => M::new()
            .put(
                "terminated",
                M::new()
                    .opt("containerID", container_id.map(s))
                    .put("exitCode", Node::Int(*exit_code as i64))
                    .put("finishedAt", s(rfc3339(*finished_at)))
                    .opt("message", message.clone().map(s))
                    .opt("reason", reason.clone().map(s))
                    .opt("signal", signal.map(|x| Node::Int(x as i64)))
                    .put("startedAt", s(rfc3339(*started_at)))
                    .done(),
            )
            .done(),
    }
}

fn status_tree(cs: &ContainerStatus, spec: Option<&Container>, d: &ApiDefaults) -> Node {
    let mut mounts: Vec<Node> = spec
        .map(|c| {
            c.volume_mounts
                .iter()
                .map(|vm| {
                    M::new()
                        .put("mountPath", s(vm.mount_path.clone()))
                        .put("name", s(vm.name.clone()))
                        .opt("readOnly", vm.read_only.then_some(Node::Bool(true)))
                        .put("recursiveReadOnly", s("Disabled"))
                        .done()
                })
                .collect()
        })
        .unwrap_or_default();
    mounts.push(
        M::new()
            .put("mountPath", s(TOKEN_MOUNT_PATH))
            .put("name", s(d.token_volume.clone()))
            .put("readOnly", Node::Bool(true))
            .put("recursiveReadOnly", s("Disabled"))
            .done(),
    );
    // The kubelet reports mounts (v1.31+, RecursiveReadOnlyMounts) only for containers the
    // runtime has created; the default status of a container not yet created has none.
    let mounts = cs.container_id.is_some().then_some(Node::Seq(mounts));
    M::new()
        .opt("containerID", cs.container_id.clone().map(s))
        .put("image", s(cs.image.clone()))
        .put("imageID", s(cs.image_id.clone()))
        .put(
            "lastState",
            cs.last_state.as_ref().map(|l| state_tree(l, None)).unwrap_or(Node::Map(Vec::new())),
        )
        .put("name", s(cs.name.clone()))
        .put("ready", Node::Bool(cs.ready))
        .put("restartCount", Node::Int(cs.restart_count as i64))
        .opt("started", cs.started.map(Node::Bool))
        .put("state", state_tree(&cs.state, cs.container_id.as_deref()))
        .opt("volumeMounts", mounts)
        .done()
}

fn condition_tree(c: &PodCondition) -> Node {
    M::new()
        .put("lastProbeTime", Node::Null)
        .put("lastTransitionTime", s(rfc3339(c.last_transition)))
        .opt("message", c.message.clone().map(s))
        .opt("reason", c.reason.clone().map(s))
        .put("status", s(c.status.clone()))
        .put("type", s(c.type_.clone()))
        .done()
}

/// A stand-in `resourceVersion`: opaque to clients by contract, it only has to change when the
/// object does, so it counts status-visible instants.
fn resource_version(view: &PodView) -> String {
    let mut n: u64 = 1000 + view.created.0 / 1000;
    for cs in
        view.status.init_container_statuses.iter().chain(view.status.container_statuses.iter())
    {
        n += 3 * cs.restart_count as u64 + 1;
    }
    n += view.status.conditions.len() as u64;
    n.to_string()
}

/// The Pod object as `kubectl get pod NAME -o yaml|json` receives it at the view's instant.
pub fn pod_tree(view: &PodView) -> Node {
    // Admitted pods already carry their defaults; a pod built by hand (tests) gets them here,
    // from the same place.
    let pod = &defaults::defaulted(&view.pod, view.created);
    let d = api_defaults(pod, view.created);
    let ns = if pod.metadata.namespace.is_empty() {
        "default".to_string()
    } else {
        pod.metadata.namespace.clone()
    };
    let mut meta = M::new();
    if !pod.metadata.annotations.is_empty() {
        meta = meta.put("annotations", string_map(&pod.metadata.annotations));
    }
    let created = pod.metadata.creation_timestamp.unwrap_or(view.created);
    meta = meta.put("creationTimestamp", s(rfc3339(created)));
    if let Some(del) = deletion_timestamp(view) {
        meta = meta
            .put("deletionGracePeriodSeconds", Node::Int(d.termination_grace_period_seconds))
            .put("deletionTimestamp", s(rfc3339(del)));
    }
    meta = meta.opt("generateName", pod.metadata.generate_name.clone().map(s));
    if !pod.metadata.labels.is_empty() {
        meta = meta.put("labels", string_map(&pod.metadata.labels));
    }
    meta = meta
        .put("name", s(pod.metadata.name.clone()))
        .put("namespace", s(ns))
        .put("resourceVersion", s(resource_version(view)))
        .put("uid", s(pod_uid(view)));

    let sp = &pod.spec;
    let mut spec = M::new()
        .opt("activeDeadlineSeconds", sp.active_deadline_seconds.map(Node::Int))
        .put("containers", Node::Seq(sp.containers.iter().map(|c| container_tree(c, &d)).collect()))
        .opt("dnsPolicy", sp.dns_policy.clone().map(s))
        .opt("enableServiceLinks", sp.enable_service_links.map(Node::Bool))
        .opt("hostname", sp.hostname.clone().map(s));
    if !sp.init_containers.is_empty() {
        spec = spec.put(
            "initContainers",
            Node::Seq(sp.init_containers.iter().map(|c| container_tree(c, &d)).collect()),
        );
    }
    let node_name = view.node_name.clone().or_else(|| sp.node_name.clone());
    spec = spec
        .opt("nodeName", node_name.map(s))
        .opt("preemptionPolicy", sp.preemption_policy.clone().map(s))
        .put("priority", Node::Int(d.priority as i64))
        .put("restartPolicy", s(sp.restart_policy.as_str()))
        .opt("schedulerName", sp.scheduler_name.clone().map(s));
    let psc = match &sp.security_context {
        Some(p) => M::new()
            .opt("fsGroup", p.fs_group.map(Node::Int))
            .opt("runAsGroup", p.run_as_group.map(Node::Int))
            .opt("runAsNonRoot", p.run_as_non_root.map(Node::Bool))
            .opt("runAsUser", p.run_as_user.map(Node::Int))
            .done(),
        None => Node::Map(Vec::new()),
    };
    spec = spec
        .put("securityContext", psc)
        .put("serviceAccount", s(d.service_account.clone()))
        .put("serviceAccountName", s(d.service_account.clone()))
        .opt("shareProcessNamespace", sp.share_process_namespace.map(Node::Bool))
        .opt("subdomain", sp.subdomain.clone().map(s))
        .put("terminationGracePeriodSeconds", Node::Int(d.termination_grace_period_seconds));
    let toleration = |key: &str| {
        M::new()
            .put("effect", s("NoExecute"))
            .put("key", s(key))
            .put("operator", s("Exists"))
            .put("tolerationSeconds", Node::Int(defaults::DEFAULT_TOLERATION_SECONDS))
            .done()
    };
    spec = spec.put(
        "tolerations",
        Node::Seq(defaults::DEFAULT_TOLERATIONS.iter().map(|k| toleration(k)).collect()),
    );
    let mut vols: Vec<Node> = sp.volumes.iter().map(|v| volume_tree(&v.name, &v.source)).collect();
    vols.push(token_volume_tree(&d));
    spec = spec.put("volumes", Node::Seq(vols));

    let st = &view.status;
    let find = |list: &[Container], name: &str| list.iter().find(|c| c.name == name).cloned();
    let mut status = M::new();
    if !st.conditions.is_empty() {
        status =
            status.put("conditions", Node::Seq(st.conditions.iter().map(condition_tree).collect()));
    }
    if !st.container_statuses.is_empty() {
        status = status.put(
            "containerStatuses",
            Node::Seq(
                st.container_statuses
                    .iter()
                    .map(|cs| status_tree(cs, find(&sp.containers, &cs.name).as_ref(), &d))
                    .collect(),
            ),
        );
    }
    if let Some(ip) = &st.host_ip {
        status = status
            .put("hostIP", s(ip.clone()))
            .put("hostIPs", Node::Seq(vec![M::new().put("ip", s(ip.clone())).done()]));
    }
    if !st.init_container_statuses.is_empty() {
        status = status.put(
            "initContainerStatuses",
            Node::Seq(
                st.init_container_statuses
                    .iter()
                    .map(|cs| status_tree(cs, find(&sp.init_containers, &cs.name).as_ref(), &d))
                    .collect(),
            ),
        );
    }
    status = status.opt("message", st.message.clone().map(s)).put("phase", s(st.phase.as_str()));
    if let Some(ip) = &st.pod_ip {
        status = status
            .put("podIP", s(ip.clone()))
            .put("podIPs", Node::Seq(vec![M::new().put("ip", s(ip.clone())).done()]));
    }
    status = status
        .put("qosClass", s(pod_qos_class(view)))
        .opt("reason", st.reason.clone().map(s))
        .opt("startTime", st.start_time.map(|t| s(rfc3339(t))));

    M::new()
        .put("apiVersion", s("v1"))
        .put("kind", s("Pod"))
        .put("metadata", meta.done())
        .put("spec", spec.done())
        .put("status", status.done())
        .done()
}

/// `kubectl get pods -o yaml` (no name): a `List` of the pods.
pub fn list_tree(views: &[PodView]) -> Node {
    M::new()
        .put("apiVersion", s("v1"))
        .put("items", Node::Seq(views.iter().map(pod_tree).collect()))
        .put("kind", s("List"))
        .put("metadata", M::new().put("resourceVersion", s("")).done())
        .done()
}
