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

/// A quantity in the API server's canonical form (`0.5` → `500m`, `1000m` → `1`,
/// `1.5Gi` → `1536Mi`, `2000` → `2k`), as `Quantity.String()` prints it after a round trip.
pub fn canonical_quantity(q: &Quantity) -> String {
    let text = q.text.trim();
    let binary = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].iter().any(|suf| text.ends_with(suf));
    let exponent = text.contains(['e', 'E']) && !binary;
    let milli = q.milli;
    if milli == 0 {
        return "0".into();
    }
    let neg = milli < 0;
    let m = milli.unsigned_abs();
    let sign = if neg { "-" } else { "" };
    if binary && m.is_multiple_of(1000) && m / 1000 >= 1024 {
        let mut bytes = m / 1000;
        let mut k = 0;
        while k < 6 && bytes.is_multiple_of(1024) {
            bytes /= 1024;
            k += 1;
        }
        let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][k];
        return format!("{sign}{bytes}{suffix}");
    }
    // DecimalSI / DecimalExponent: mantissa × 10^(3k), k chosen as large as keeps it integral.
    let mut mant = m;
    let mut exp: i32 = -3;
    while mant.is_multiple_of(1000) && exp < 18 {
        mant /= 1000;
        exp += 3;
    }
    if exponent {
        return if exp == 0 { format!("{sign}{mant}") } else { format!("{sign}{mant}e{exp}") };
    }
    let suffix = match exp {
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        _ => "E",
    };
    format!("{sign}{mant}{suffix}")
}

fn probe_defaults(p: &Probe) -> (i32, i32, i32, i32, i32) {
    // 0 = "not written": validation rejects explicit zeros for these fields, so 0 can only
    // mean the field was absent, and the API server's default applies.
    let or = |v: i32, d: i32| if v <= 0 { d } else { v };
    (
        p.initial_delay_seconds.max(0),
        or(p.timeout_seconds, 1),
        or(p.period_seconds, 10),
        or(p.success_threshold, 1),
        or(p.failure_threshold, 3),
    )
}

/// The probe's described form, `kubectl describe`'s `DescribeProbe`:
/// `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`.
pub fn describe_probe(p: &Probe) -> String {
    let (delay, timeout, period, success, failure) = probe_defaults(p);
    let attrs = format!(
        "delay={delay}s timeout={timeout}s period={period}s #success={success} #failure={failure}"
    );
    if let Some(cmd) = &p.exec {
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = &p.http_get {
        let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_lowercase();
        let host = h.host.as_deref().unwrap_or("");
        let port = ios(&h.port);
        let path = if h.path.is_empty() {
            "/".to_string()
        } else if h.path.starts_with('/') {
            h.path.clone()
        } else {
            format!("/{}", h.path)
        };
        return format!("http-get {scheme}://{host}:{port}{path} {attrs}");
    }
    if let Some(port) = &p.tcp_socket {
        return format!("tcp-socket :{} {attrs}", ios(port));
    }
    if let Some(port) = p.grpc {
        return format!("grpc <pod>:{port}  {attrs}");
    }
    format!("unknown {attrs}")
}

fn ios(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

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

// ---------------------------------------------------------------------------------------------
// YAML emitter (go-yaml v2 block style)
// ---------------------------------------------------------------------------------------------

/// go-yaml v2's `best_width`: plain and quoted scalars are folded at the first space past it.
const BEST_WIDTH: usize = 80;

/// Emits a tree as `kubectl -o yaml` does.
pub fn to_yaml(n: &Node) -> String {
    let mut out = String::new();
    match n {
        Node::Map(m) if !m.is_empty() => emit_map(&mut out, m, 0),
        Node::Seq(v) if !v.is_empty() => emit_seq(&mut out, v, 0),
        other => {
            out.push_str(&scalar_inline(other, 0, 0, false));
            out.push('\n');
        }
    }
    out
}

fn sorted(m: &[(String, Node)]) -> Vec<&(String, Node)> {
    let mut v: Vec<&(String, Node)> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// Writes a mapping whose keys start at column `indent`. The first key's indentation may already
/// be on the line (after `- `), which the caller signals by having written it.
fn emit_map(out: &mut String, m: &[(String, Node)], indent: usize) {
    for (i, (k, v)) in sorted(m).into_iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        let key = scalar_text(k, indent, indent, true);
        out.push_str(&key);
        out.push(':');
        emit_value(out, v, indent, indent + key.chars().count() + 1);
    }
}

/// Writes the value after `key:` (or after `-`); `col` is the column right after the indicator.
fn emit_value(out: &mut String, v: &Node, indent: usize, col: usize) {
    match v {
        Node::Map(m) if m.is_empty() => out.push_str(" {}\n"),
        Node::Seq(s) if s.is_empty() => out.push_str(" []\n"),
        Node::Map(m) => {
            out.push('\n');
            emit_map(out, m, indent + 2);
        }
        Node::Seq(s) => {
            out.push('\n');
            // go-yaml v2 writes a mapping's sequences "indentless": dashes at the key's column.
            emit_seq(out, s, indent);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar_inline(other, col + 1, indent + 2, false));
            out.push('\n');
        }
    }
}

fn emit_seq(out: &mut String, items: &[Node], indent: usize) {
    for item in items {
        pad(out, indent);
        match item {
            Node::Map(m) if !m.is_empty() => {
                out.push_str("- ");
                emit_map(out, m, indent + 2);
            }
            Node::Seq(s) if !s.is_empty() => {
                out.push_str("-\n");
                emit_seq(out, s, indent + 2);
            }
            other => {
                out.push('-');
                emit_value(out, other, indent, indent + 1);
            }
        }
    }
}

fn scalar_inline(n: &Node, col: usize, indent: usize, key: bool) -> String {
    match n {
        Node::Str(s) => scalar_text(s, col, indent, key),
        Node::Int(i) => i.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".into(),
        Node::Map(_) => "{}".into(),
        Node::Seq(_) => "[]".into(),
    }
}

/// Whether go-yaml v2's resolver would read this plain text as something other than a string
/// (then the encoder double-quotes it).
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y",
        "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN", "<<",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return false;
    }
    let plain = s.replace('_', "");
    let body = plain.trim_start_matches(['-', '+']);
    if body.is_empty() {
        return false;
    }
    let is_int = body.bytes().all(|b| b.is_ascii_digit())
        || (body.starts_with("0x")
            && body.len() > 2
            && body[2..].bytes().all(|b| b.is_ascii_hexdigit()))
        || (body.starts_with("0b")
            && body.len() > 2
            && body[2..].bytes().all(|b| b == b'0' || b == b'1'))
        || (body.starts_with("0o")
            && body.len() > 2
            && body[2..].bytes().all(|b| (b'0'..=b'7').contains(&b)));
    let is_float = body.parse::<f64>().is_ok()
        && body.bytes().all(|b| {
            b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'-' || b == b'+'
        });
    // YAML timestamps: 2006-01-02, optionally with a time part.
    let b = s.as_bytes();
    let is_timestamp = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && s[5..].starts_with(|c: char| c.is_ascii_digit());
    // Base-60 floats (`1:20`), which YAML 1.1 resolves as numbers.
    let is_base60 = body.contains(':')
        && body
            .split(':')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    is_int || is_float || is_timestamp || is_base60
}

struct Analysis {
    plain: bool,
    single: bool,
    block: bool,
    multiline: bool,
}

/// libyaml's `yaml_emitter_analyze_scalar`, block context.
fn analyze(s: &str, key: bool) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut a = Analysis { plain: true, single: true, block: true, multiline: false };
    if s.starts_with("---") || s.starts_with("...") {
        a.plain = false;
    }
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut special) = (false, false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    let mut block_ind = false;
    for (i, &c) in chars.iter().enumerate() {
        let next_ws = i + 1 >= n || chars[i + 1] == ' ' || chars[i + 1] == '\n';
        let preceded_ws = i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\n';
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_ind = true;
            }
            if (c == '?' || c == ':' || c == '-') && next_ws {
                block_ind = true;
            }
        } else if (c == ':' && next_ws) || (c == '#' && preceded_ws) {
            block_ind = true;
        }
        let printable = c == '\n'
            || (c >= ' '
                && c != '\u{7f}'
                && !('\u{80}'..='\u{9f}').contains(&c)
                && c != '\u{feff}'
                && c != '\u{fffe}'
                && c != '\u{ffff}');
        if !printable {
            special = true;
        }
        if c == '\n' {
            a.multiline = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if c == '\n' {
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
    }
    if leading_space || leading_break || trailing_space || trailing_break {
        a.plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.plain = false;
        a.single = false;
    }
    if space_break || special {
        a.plain = false;
        a.single = false;
        a.block = false;
    }
    if a.multiline {
        a.plain = false;
    }
    if block_ind {
        a.plain = false;
    }
    if key {
        a.block = false;
    }
    a
}

/// A string scalar in the style go-yaml v2 picks, starting at column `col`, continuation lines at
/// `indent`. Keys (`key`) are never folded or written as blocks.
fn scalar_text(s: &str, col: usize, indent: usize, key: bool) -> String {
    let a = analyze(s, key);
    let allow_breaks = !key;
    if resolves_to_non_string(s) {
        return double_quoted(s, col, indent, allow_breaks);
    }
    if a.multiline && a.block {
        return literal(s, indent);
    }
    if a.plain && !a.multiline {
        return folded_plain(s, col, indent, allow_breaks);
    }
    if a.single && !a.multiline {
        return single_quoted(s, col, indent, allow_breaks);
    }
    double_quoted(s, col, indent, allow_breaks)
}

fn folded_plain(s: &str, col: usize, indent: usize, allow_breaks: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut column = col;
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if allow_breaks && !prev_space && column > BEST_WIDTH && !next_space {
                out.push('\n');
                pad(&mut out, indent);
                column = indent;
            } else {
                out.push(c);
                column += 1;
            }
            prev_space = true;
        } else {
            out.push(c);
            column += 1;
            prev_space = false;
        }
    }
    out
}

fn single_quoted(s: &str, col: usize, indent: usize, allow_breaks: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("'");
    let mut column = col + 1;
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if allow_breaks
                && !prev_space
                && column > BEST_WIDTH
                && i != 0
                && i + 1 != chars.len()
                && !next_space
            {
                out.push('\n');
                pad(&mut out, indent);
                column = indent;
            } else {
                out.push(c);
                column += 1;
            }
            prev_space = true;
        } else {
            if c == '\'' {
                out.push('\'');
                column += 1;
            }
            out.push(c);
            column += 1;
            prev_space = false;
        }
    }
    out.push('\'');
    out
}

fn double_quoted(s: &str, col: usize, indent: usize, allow_breaks: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("\"");
    let mut column = col + 1;
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            if allow_breaks && !prev_space && column > BEST_WIDTH && i != 0 && i + 1 != chars.len()
            {
                out.push('\n');
                pad(&mut out, indent);
                column = indent;
                if chars.get(i + 1) == Some(&' ') {
                    out.push('\\');
                    column += 1;
                }
            } else {
                out.push(' ');
                column += 1;
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        let esc: Option<String> = match c {
            '\0' => Some("\\0".into()),
            '\u{7}' => Some("\\a".into()),
            '\u{8}' => Some("\\b".into()),
            '\t' => Some("\\t".into()),
            '\n' => Some("\\n".into()),
            '\u{b}' => Some("\\v".into()),
            '\u{c}' => Some("\\f".into()),
            '\r' => Some("\\r".into()),
            '\u{1b}' => Some("\\e".into()),
            '"' => Some("\\\"".into()),
            '\\' => Some("\\\\".into()),
            '\u{85}' => Some("\\N".into()),
            '\u{a0}' => Some("\\_".into()),
            '\u{2028}' => Some("\\L".into()),
            '\u{2029}' => Some("\\P".into()),
            c if (c as u32) < 0x20 || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) => {
                Some(format!("\\x{:02X}", c as u32))
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => Some(format!("\\u{:04X}", c as u32)),
            _ => None,
        };
        match esc {
            Some(e) => {
                column += e.chars().count();
                out.push_str(&e);
            }
            None => {
                out.push(c);
                column += 1;
            }
        }
    }
    out.push('"');
    out
}

fn literal(s: &str, indent: usize) -> String {
    let mut out = String::from("|");
    if s.starts_with(' ') || s.starts_with('\n') {
        out.push('2'); // indentation indicator = best_indent
    }
    if !s.ends_with('\n') {
        out.push('-');
    } else if s.len() == 1 || s[..s.len() - 1].ends_with('\n') {
        out.push('+');
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(&mut out, indent);
            out.push_str(line);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON emitter
// ---------------------------------------------------------------------------------------------

/// Emits a tree as `kubectl -o json` does (`json.MarshalIndent(obj, "", "    ")`, keys sorted,
/// HTML-escaped), with the trailing newline kubectl adds.
pub fn to_json(n: &Node) -> String {
    let mut out = String::new();
    json_value(&mut out, n, 0);
    out.push('\n');
    out
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_value(out: &mut String, n: &Node, depth: usize) {
    let ind = |out: &mut String, d: usize| {
        for _ in 0..d {
            out.push_str("    ");
        }
    };
    match n {
        Node::Map(m) if m.is_empty() => out.push_str("{}"),
        Node::Seq(v) if v.is_empty() => out.push_str("[]"),
        Node::Map(m) => {
            out.push_str("{\n");
            let entries = sorted(m);
            for (i, (k, v)) in entries.iter().enumerate() {
                ind(out, depth + 1);
                json_string(out, k);
                out.push_str(": ");
                json_value(out, v, depth + 1);
                if i + 1 < entries.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            ind(out, depth);
            out.push('}');
        }
        Node::Seq(v) => {
            out.push_str("[\n");
            for (i, x) in v.iter().enumerate() {
                ind(out, depth + 1);
                json_value(out, x, depth + 1);
                if i + 1 < v.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            ind(out, depth);
            out.push(']');
        }
        Node::Str(s) => json_string(out, s),
        Node::Int(i) => out.push_str(&i.to_string()),
        Node::Bool(b) => out.push_str(&b.to_string()),
        Node::Null => out.push_str("null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, milli: i128) -> Quantity {
        Quantity { text: text.into(), milli }
    }

    #[test]
    fn quantities_print_in_canonical_form() {
        assert_eq!(canonical_quantity(&q("0.5", 500)), "500m");
        assert_eq!(canonical_quantity(&q("1000m", 1000)), "1");
        assert_eq!(canonical_quantity(&q("100m", 100)), "100m");
        assert_eq!(canonical_quantity(&q("3", 3000)), "3");
        assert_eq!(canonical_quantity(&q("64Mi", 64 * 1024 * 1024 * 1000)), "64Mi");
        assert_eq!(canonical_quantity(&q("1.5Gi", 1536 * 1024 * 1024 * 1000)), "1536Mi");
        assert_eq!(canonical_quantity(&q("1024Mi", 1024 * 1024 * 1024 * 1000)), "1Gi");
        assert_eq!(canonical_quantity(&q("2000", 2_000_000)), "2k");
        assert_eq!(canonical_quantity(&q("128974848", 128_974_848_000)), "128974848");
    }

    #[test]
    fn strings_are_quoted_the_way_go_yaml_v2_quotes_them() {
        let n = M::new()
            .put("a", s("True"))
            .put("b", s("2026-01-01T00:00:00Z"))
            .put("c", s(""))
            .put("d", s("containers with unready status: [app]"))
            .put("e", s("busybox:1.36"))
            .put("f", s("80"))
            .put("g", s("-c"))
            .put("h", s("- x"))
            .put("i", s("it's"))
            .put("j", s("tab\there"))
            .done();
        assert_eq!(
            to_yaml(&n),
            "a: \"True\"\nb: \"2026-01-01T00:00:00Z\"\nc: \"\"\nd: 'containers with unready status: [app]'\ne: busybox:1.36\nf: \"80\"\ng: -c\nh: '- x'\ni: it's\nj: \"tab\\there\"\n"
        );
    }

    #[test]
    fn sequences_in_mappings_are_not_indented_and_keys_are_sorted() {
        let n = M::new()
            .put(
                "spec",
                M::new()
                    .put(
                        "containers",
                        Node::Seq(vec![M::new()
                            .put("name", s("app"))
                            .put("command", strs(&["sh".into(), "-c".into()]))
                            .done()]),
                    )
                    .done(),
            )
            .put("apiVersion", s("v1"))
            .done();
        assert_eq!(to_yaml(&n), "apiVersion: v1\nspec:\n  containers:\n  - command:\n    - sh\n    - -c\n    name: app\n");
    }

    #[test]
    fn multi_line_strings_become_literal_blocks() {
        let n = M::new().put("c", strs(&["echo a\necho b".into(), "x\n".into()])).done();
        assert_eq!(to_yaml(&n), "c:\n- |-\n  echo a\n  echo b\n- |\n  x\n");
    }

    #[test]
    fn long_strings_fold_at_the_first_space_past_column_80() {
        let msg = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
        let n = M::new()
            .put(
                "conditions",
                Node::Seq(vec![M::new()
                    .put("message", s(msg))
                    .put("lastProbeTime", Node::Null)
                    .done()]),
            )
            .done();
        assert_eq!(
            to_yaml(&n),
            "conditions:\n- lastProbeTime: null\n  message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are\n    available: 1 No preemption victims found for incoming pod.'\n"
        );
    }

    #[test]
    fn json_is_indented_by_four_sorted_and_html_escaped() {
        let n = M::new()
            .put("b", Node::Seq(vec![Node::Int(1)]))
            .put("a", s("<h1>"))
            .put("c", Node::Map(vec![]))
            .done();
        assert_eq!(to_json(&n), "{\n    \"a\": \"\\u003ch1\\u003e\",\n    \"b\": [\n        1\n    ],\n    \"c\": {}\n}\n");
    }
}
