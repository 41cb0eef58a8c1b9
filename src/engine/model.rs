//! The Kubernetes objects podlab simulates, with their real (v1) field names.
//!
//! This is a hand-written subset rather than k8s-openapi's types: k8s-openapi's `Pod` alone adds
//! about 140 KB gzipped to the wasm bundle (shared/toolchain.md), more than half the first-visit
//! budget. Every *real* field of the v1 Pod spec is still recognised by admission's schema table
//! (a real but unsimulated field gets a note, not an error); only the fields the simulator acts
//! on are modelled here.
//!
//! Spec types are produced by `admission` (which decodes them from the spanned YAML tree and
//! keeps a [`SpanMap`] so diagnostics can point at source lines). Status types are produced by
//! the kubelet and serialise to Kubernetes' own JSON shape (`PodStatus`), so `-o yaml`,
//! `podlab simulate --output json` and the UI read the same thing.

use crate::engine::diag::Span;
use crate::engine::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// Objects
// ---------------------------------------------------------------------------------------------

/// Any object podlab admits.
// A scenario holds a handful of objects, moved once into the simulation: the Pod variant's
// size costs nothing measurable, and boxing it would touch every match on objects.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    /// A `v1/Pod`.
    Pod(Pod),
    /// A `v1/Service`.
    Service(Service),
    /// A `v1/ConfigMap`.
    ConfigMap(ConfigMap),
    /// A `v1/Secret`.
    Secret(Secret),
    /// A `v1/PersistentVolumeClaim`.
    PersistentVolumeClaim(PersistentVolumeClaim),
}

impl Object {
    /// The object's `kind` as Kubernetes spells it.
    pub fn kind(&self) -> &'static str {
        match self {
            Object::Pod(_) => "Pod",
            Object::Service(_) => "Service",
            Object::ConfigMap(_) => "ConfigMap",
            Object::Secret(_) => "Secret",
            Object::PersistentVolumeClaim(_) => "PersistentVolumeClaim",
        }
    }
    /// The object's metadata.
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            Object::Pod(o) => &o.metadata,
            Object::Service(o) => &o.metadata,
            Object::ConfigMap(o) => &o.metadata,
            Object::Secret(o) => &o.metadata,
            Object::PersistentVolumeClaim(o) => &o.metadata,
        }
    }
}

/// Source positions of an object's fields, keyed by field path (`spec.initContainers[0].name`),
/// so validation and the UI can point at the line a rule refers to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpanMap {
    /// Path → span of the field's *value* (of the key when the value is missing).
    pub values: BTreeMap<String, Span>,
    /// Path → span of the field's key.
    pub keys: BTreeMap<String, Span>,
    /// Span of the whole document.
    pub document: Span,
}

impl SpanMap {
    /// The best span for a path: the value, else the key, else the nearest parent, else the
    /// document.
    pub fn lookup(&self, path: &str) -> Span {
        let mut p = path;
        loop {
            if let Some(s) = self.values.get(p).or_else(|| self.keys.get(p)) {
                return *s;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return self.document,
            }
        }
    }
}

/// `metadata`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    /// `metadata.name` (may be empty only when `generateName` is used).
    #[serde(default)]
    pub name: String,
    /// `metadata.generateName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    /// `metadata.namespace`, `default` when not given.
    #[serde(default)]
    pub namespace: String,
    /// `metadata.labels`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// `metadata.annotations`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// `metadata.uid`, set once when the object is created (`admission::defaults::on_create`);
    /// empty before.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    /// `metadata.creationTimestamp`: the virtual instant the object was created, set with the
    /// uid.
    #[serde(skip)]
    pub creation_timestamp: Option<Millis>,
}

// ---------------------------------------------------------------------------------------------
// Pod spec
// ---------------------------------------------------------------------------------------------

/// A `v1/Pod`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pod {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: PodSpec,
    /// Where each field came from in the source text.
    pub spans: SpanMap,
}

/// `spec.restartPolicy` (and the `restartPolicy` of an init container, which may only be
/// `Always`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RestartPolicy {
    /// Restart whatever exits (the default).
    #[default]
    Always,
    /// Restart only what exits non-zero.
    OnFailure,
    /// Never restart.
    Never,
}

impl RestartPolicy {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::Always => "Always",
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

/// `spec` of a Pod: the modelled subset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSpec {
    /// `spec.initContainers`, in order (regular ones and native sidecars).
    pub init_containers: Vec<Container>,
    /// `spec.containers`.
    pub containers: Vec<Container>,
    /// `spec.restartPolicy`. Admission stores the raw text in `restart_policy_raw` when it is not
    /// one of the three values, so validation can report it.
    pub restart_policy: RestartPolicy,
    /// The text given for `spec.restartPolicy`, if any.
    pub restart_policy_raw: Option<String>,
    /// `spec.activeDeadlineSeconds`.
    pub active_deadline_seconds: Option<i64>,
    /// `spec.terminationGracePeriodSeconds` (default 30).
    pub termination_grace_period_seconds: Option<i64>,
    /// `spec.volumes`.
    pub volumes: Vec<Volume>,
    /// `spec.nodeName`.
    pub node_name: Option<String>,
    /// `spec.serviceAccountName`.
    pub service_account_name: Option<String>,
    /// `spec.hostname`.
    pub hostname: Option<String>,
    /// `spec.subdomain`.
    pub subdomain: Option<String>,
    /// `spec.securityContext`.
    pub security_context: Option<PodSecurityContext>,
    /// `spec.shareProcessNamespace`.
    pub share_process_namespace: Option<bool>,
    /// `spec.dnsPolicy` (defaulted to `ClusterFirst` by admission).
    pub dns_policy: Option<String>,
    /// `spec.schedulerName` (defaulted to `default-scheduler`).
    pub scheduler_name: Option<String>,
    /// `spec.enableServiceLinks` (defaulted to `true`).
    pub enable_service_links: Option<bool>,
    /// `spec.priority` (the Priority admission plugin: 0 without a priority class).
    pub priority: Option<i32>,
    /// `spec.preemptionPolicy` (defaulted to `PreemptLowerPriority`).
    pub preemption_policy: Option<String>,
    /// `status.qosClass`, which the API server sets once, on create, from this spec
    /// (`GetPodQOS`, in `admission::defaults`); kept beside the spec because the rest of the
    /// pod's status is the kubelet's, which copies this value into every status it writes.
    pub qos_class: Option<String>,
}

/// Where a container sits in the pod, which decides how the kubelet treats it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerKind {
    /// A regular init container: runs to completion, one at a time.
    Init,
    /// A native sidecar: an init container with `restartPolicy: Always`.
    Sidecar,
    /// An app container (`spec.containers`).
    App,
}

impl Container {
    /// Whether this init container is a native sidecar (`restartPolicy: Always`).
    pub fn is_sidecar(&self) -> bool {
        self.restart_policy.as_deref() == Some("Always")
    }
}

/// A container (init, sidecar or app).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Container {
    /// `name`.
    pub name: String,
    /// `image`.
    pub image: String,
    /// `imagePullPolicy` (`Always`, `IfNotPresent`, `Never`); defaulted by admission when not
    /// written (`admission::defaults::pull_policy`).
    pub image_pull_policy: Option<String>,
    /// `command` (overrides the image's entrypoint).
    pub command: Option<Vec<String>>,
    /// `args` (overrides the image's cmd).
    pub args: Option<Vec<String>>,
    /// `workingDir`.
    pub working_dir: Option<String>,
    /// `env`.
    pub env: Vec<EnvVar>,
    /// `envFrom`.
    pub env_from: Vec<EnvFromSource>,
    /// `ports`.
    pub ports: Vec<ContainerPort>,
    /// `resources`.
    pub resources: ResourceRequirements,
    /// `volumeMounts`.
    pub volume_mounts: Vec<VolumeMount>,
    /// Container-level `restartPolicy` (only `Always`, only on init containers, is valid).
    pub restart_policy: Option<String>,
    /// `livenessProbe`.
    pub liveness_probe: Option<Probe>,
    /// `readinessProbe`.
    pub readiness_probe: Option<Probe>,
    /// `startupProbe`.
    pub startup_probe: Option<Probe>,
    /// `lifecycle`.
    pub lifecycle: Option<Lifecycle>,
    /// `securityContext`.
    pub security_context: Option<SecurityContext>,
    /// `resizePolicy` was given (only its presence matters: V10).
    pub has_resize_policy: bool,
    /// `stdin`.
    pub stdin: bool,
    /// `tty`.
    pub tty: bool,
    /// `terminationMessagePath` (defaulted to `/dev/termination-log`).
    pub termination_message_path: Option<String>,
    /// `terminationMessagePolicy` (defaulted to `File`).
    pub termination_message_policy: Option<String>,
}

/// `env[]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvVar {
    /// `name`.
    pub name: String,
    /// `value`.
    pub value: Option<String>,
    /// `valueFrom`.
    pub value_from: Option<EnvVarSource>,
}

/// `env[].valueFrom`.
#[derive(Clone, Debug, PartialEq)]
pub enum EnvVarSource {
    /// `configMapKeyRef`.
    ConfigMapKeyRef { name: String, key: String, optional: bool },
    /// `secretKeyRef`.
    SecretKeyRef { name: String, key: String, optional: bool },
    /// `fieldRef.fieldPath` (`metadata.name`, `status.podIP`, …).
    FieldRef { field_path: String },
    /// `resourceFieldRef` (`limits.cpu`, …).
    ResourceFieldRef { container_name: Option<String>, resource: String },
}

/// `envFrom[]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EnvFromSource {
    /// `prefix`.
    pub prefix: Option<String>,
    /// `configMapRef.name` and `optional`.
    pub config_map_ref: Option<(String, bool)>,
    /// `secretRef.name` and `optional`.
    pub secret_ref: Option<(String, bool)>,
}

/// `ports[]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerPort {
    /// `name`.
    pub name: Option<String>,
    /// `containerPort`.
    pub container_port: i32,
    /// `protocol` (default TCP).
    pub protocol: Option<String>,
    /// `hostPort`.
    pub host_port: Option<i32>,
}

/// A parsed resource quantity (`100m`, `0.5`, `64Mi`, `1G`), kept with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The text as written.
    pub text: String,
    /// The value in thousandths of the base unit (millicores for CPU, millibytes for memory),
    /// rounded up as Kubernetes rounds (`MilliValue`).
    pub milli: i128,
}

/// `resources`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceRequirements {
    /// `requests` by resource name (`cpu`, `memory`, …).
    pub requests: BTreeMap<String, Quantity>,
    /// `limits` by resource name.
    pub limits: BTreeMap<String, Quantity>,
}

/// `volumeMounts[]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VolumeMount {
    /// `name` (must name a volume of the pod).
    pub name: String,
    /// `mountPath`.
    pub mount_path: String,
    /// `subPath`.
    pub sub_path: Option<String>,
    /// `readOnly`.
    pub read_only: bool,
}

/// `spec.volumes[]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    /// `name`.
    pub name: String,
    /// The volume source.
    pub source: VolumeSource,
}

/// One `items[]` entry of a configMap/secret volume: key → relative path.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyToPath {
    /// `key`.
    pub key: String,
    /// `path`.
    pub path: String,
}

/// A volume's source. Sources the simulator does not model are kept by name.
#[derive(Clone, Debug, PartialEq)]
pub enum VolumeSource {
    /// `emptyDir`: shared by the pod's containers, lives as long as the pod.
    EmptyDir { medium: Option<String>, size_limit: Option<Quantity> },
    /// `configMap`.
    ConfigMap { name: String, items: Vec<KeyToPath>, optional: bool, default_mode: Option<i32> },
    /// `secret`.
    Secret { secret_name: String, items: Vec<KeyToPath>, optional: bool, default_mode: Option<i32> },
    /// `downwardAPI`: `items[].path` → `fieldRef.fieldPath`.
    DownwardApi { items: Vec<(String, String)> },
    /// `projected` (sources kept as the simplified list of their kinds and names).
    Projected { sources: Vec<ProjectedSource> },
    /// `hostPath`.
    HostPath { path: String },
    /// `persistentVolumeClaim`.
    PersistentVolumeClaim { claim_name: String },
    /// Any other real volume type (`nfs`, `csi`, …), recognised but not simulated.
    Other { kind: String },
}

/// One source of a projected volume.
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectedSource {
    /// `configMap`.
    ConfigMap { name: String, items: Vec<KeyToPath>, optional: bool },
    /// `secret`.
    Secret { name: String, items: Vec<KeyToPath>, optional: bool },
    /// `downwardAPI`.
    DownwardApi { items: Vec<(String, String)> },
    /// `serviceAccountToken`.
    ServiceAccountToken { path: String },
}

/// A probe (`livenessProbe`, `readinessProbe`, `startupProbe`).
///
/// Handlers are kept separately (not as an enum) because validation must report a probe with
/// none or with more than one (V9).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Probe {
    /// `exec.command`.
    pub exec: Option<Vec<String>>,
    /// `httpGet`.
    pub http_get: Option<HttpGetAction>,
    /// `tcpSocket.port`.
    pub tcp_socket: Option<IntOrString>,
    /// `grpc.port`.
    pub grpc: Option<i32>,
    /// `initialDelaySeconds` (default 0).
    pub initial_delay_seconds: i32,
    /// `periodSeconds` (default 10).
    pub period_seconds: i32,
    /// `timeoutSeconds` (default 1).
    pub timeout_seconds: i32,
    /// `successThreshold` (default 1).
    pub success_threshold: i32,
    /// `failureThreshold` (default 3).
    pub failure_threshold: i32,
}

/// `httpGet`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HttpGetAction {
    /// `path` (default `/`).
    pub path: String,
    /// `port` (number or named container port).
    pub port: IntOrString,
    /// `host` (default the pod IP).
    pub host: Option<String>,
    /// `scheme` (HTTP or HTTPS).
    pub scheme: Option<String>,
}

/// A port given as a number or a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntOrString {
    /// A number.
    Int(i32),
    /// A name (of a container port).
    String(String),
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

/// `lifecycle`: the presence of each hook and its action.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lifecycle {
    /// `postStart`.
    pub post_start: Option<Probe>,
    /// `preStop` (the handler fields of [`Probe`] are reused; timing fields are unused).
    pub pre_stop: Option<Probe>,
}

/// Container `securityContext`: the modelled part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SecurityContext {
    /// `runAsUser`.
    pub run_as_user: Option<i64>,
    /// `runAsGroup`.
    pub run_as_group: Option<i64>,
    /// `runAsNonRoot`.
    pub run_as_non_root: Option<bool>,
    /// `readOnlyRootFilesystem`.
    pub read_only_root_filesystem: Option<bool>,
    /// `privileged`.
    pub privileged: Option<bool>,
    /// `allowPrivilegeEscalation`.
    pub allow_privilege_escalation: Option<bool>,
}

/// Pod `securityContext`: the modelled part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodSecurityContext {
    /// `runAsUser`.
    pub run_as_user: Option<i64>,
    /// `runAsGroup`.
    pub run_as_group: Option<i64>,
    /// `runAsNonRoot`.
    pub run_as_non_root: Option<bool>,
    /// `fsGroup`.
    pub fs_group: Option<i64>,
}

// ---------------------------------------------------------------------------------------------
// Service, ConfigMap, Secret
// ---------------------------------------------------------------------------------------------

/// A `v1/Service`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec.selector`.
    pub selector: BTreeMap<String, String>,
    /// `spec.ports`.
    pub ports: Vec<ServicePort>,
    /// `spec.type` (ClusterIP when absent).
    pub type_: Option<String>,
    /// `spec.clusterIP` as written (`None` in a headless Service).
    pub cluster_ip: Option<String>,
    /// Where each field came from.
    pub spans: SpanMap,
}

/// `spec.ports[]` of a Service.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServicePort {
    /// `name`.
    pub name: Option<String>,
    /// `port`.
    pub port: i32,
    /// `targetPort` (defaults to `port`).
    pub target_port: Option<IntOrString>,
    /// `protocol`.
    pub protocol: Option<String>,
}

/// A `v1/ConfigMap`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfigMap {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `data`.
    pub data: BTreeMap<String, String>,
    /// `binaryData`, base64-decoded.
    pub binary_data: BTreeMap<String, Vec<u8>>,
    /// Where each field came from.
    pub spans: SpanMap,
}

/// A `v1/Secret`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Secret {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `data` (base64-decoded) merged with `stringData` (which wins, as the API server does).
    pub data: BTreeMap<String, Vec<u8>>,
    /// `type`.
    pub type_: Option<String>,
    /// Where each field came from.
    pub spans: SpanMap,
}

/// A `v1/PersistentVolumeClaim` (the fields podlab reads; the rest is accepted with a note).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersistentVolumeClaim {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec.accessModes`.
    pub access_modes: Vec<String>,
    /// `spec.resources.requests.storage`, as written.
    pub storage: Option<String>,
    /// `spec.storageClassName` (`None`: the cluster's default StorageClass).
    pub storage_class_name: Option<String>,
    /// Where each field came from.
    pub spans: SpanMap,
}

// ---------------------------------------------------------------------------------------------
// Status (written by the kubelet, shaped like Kubernetes' PodStatus JSON)
// ---------------------------------------------------------------------------------------------

/// `status.phase`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PodPhase {
    /// Accepted, not all containers running yet (includes scheduling and init).
    #[default]
    Pending,
    /// Bound, containers created, at least one running or restarting.
    Running,
    /// All containers terminated in success, none will restart.
    Succeeded,
    /// All containers terminated, at least one in failure, none will restart.
    Failed,
    /// State could not be obtained.
    Unknown,
}

impl PodPhase {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown => "Unknown",
        }
    }
    /// Succeeded or Failed: a phase a pod never leaves.
    pub fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// `status.conditions[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodCondition {
    /// `type`: PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled.
    #[serde(rename = "type")]
    pub type_: String,
    /// `status`: "True" or "False".
    pub status: String,
    /// `lastTransitionTime`, virtual.
    #[serde(rename = "lastTransitionTime", serialize_with = "crate::engine::time::ser_rfc3339")]
    pub last_transition: Millis,
    /// `reason`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A container's state (`state` / `lastState`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ContainerState {
    /// `waiting`.
    Waiting {
        /// `reason` (`PodInitializing`, `CrashLoopBackOff`, `ErrImagePull`, …).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// `message`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// `running`.
    Running {
        /// `startedAt`, virtual.
        #[serde(rename = "startedAt", serialize_with = "crate::engine::time::ser_rfc3339")]
        started_at: Millis,
    },
    /// `terminated`.
    Terminated {
        /// `exitCode`.
        #[serde(rename = "exitCode")]
        exit_code: i32,
        /// `signal`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signal: Option<i32>,
        /// `reason` (`Completed`, `Error`, `OOMKilled`, `StartError`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// `message`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        /// `startedAt`, virtual.
        #[serde(rename = "startedAt", serialize_with = "crate::engine::time::ser_rfc3339")]
        started_at: Millis,
        /// `finishedAt`, virtual.
        #[serde(rename = "finishedAt", serialize_with = "crate::engine::time::ser_rfc3339")]
        finished_at: Millis,
    },
}

/// `status.initContainerStatuses[]` / `status.containerStatuses[]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    /// `name`.
    pub name: String,
    /// `state`.
    pub state: ContainerState,
    /// `lastState` (the previous instance), empty when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_state: Option<ContainerState>,
    /// `ready`.
    pub ready: bool,
    /// `restartCount`.
    pub restart_count: u32,
    /// `image`.
    pub image: String,
    /// `imageID` (empty until the image is pulled).
    #[serde(rename = "imageID")]
    pub image_id: String,
    /// `containerID` (`containerd://…`), once created.
    #[serde(rename = "containerID", default, skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    /// `started`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
}

/// `status` of a Pod.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    /// `phase`.
    pub phase: PodPhase,
    /// `conditions`, in the order the kubelet writes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
    /// `reason` (`DeadlineExceeded`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `hostIP`.
    #[serde(rename = "hostIP", default, skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    /// `podIP`.
    #[serde(rename = "podIP", default, skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    /// `startTime`, virtual: when the kubelet first picked the pod up.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::engine::time::ser_opt_rfc3339"
    )]
    pub start_time: Option<Millis>,
    /// `initContainerStatuses`, in spec order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub init_container_statuses: Vec<ContainerStatus>,
    /// `containerStatuses`, in spec order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    /// `qosClass`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qos_class: Option<String>,
}

/// An event as the kubelet / scheduler records it (before kubectl's aggregation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// When it happened (virtual).
    pub t: Millis,
    /// The pod it is about.
    pub pod: String,
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `Scheduled`, `Pulled`, `Created`, `Started`, `BackOff`, …
    pub reason: String,
    /// `involvedObject.fieldPath` (`spec.initContainers{init-db}`), empty for the pod itself.
    pub object: String,
    /// The message.
    pub message: String,
    /// `kubelet` or `default-scheduler`.
    pub source: String,
}
