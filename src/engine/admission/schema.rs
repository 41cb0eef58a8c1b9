//! The field schema table: every field of the real v1 `Pod` (and the `Service`, `ConfigMap`
//! and `Secret` podlab also admits), with its Go type as the API server's JSON decoder names it
//! in errors, and whether the simulator acts on it. Strict decoding ([`super::decode`]) walks
//! the YAML tree against this table: an unknown key is a strict-decoding error, a real key the
//! simulator ignores gets a note.
//!
//! Field lists follow k8s.io/api core/v1 `types.go` as of v1.34 (including alpha fields such as
//! `restartPolicyRules`, `stopSignal`, `hostnameOverride`, which the API server knows even when
//! their feature gate is off).
//!
//! Simplification: a few deep, rarely-hand-written sub-objects (`affinity`, `labelSelector`,
//! cloud volume sources, `status`) are `Any`: recognised, but their inner fields are not checked.

/// The type of a field, named the way Go's `encoding/json` names it in type errors.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// A string or named string type (`string`, `v1.RestartPolicy`).
    S(&'static str),
    /// `int32`.
    I32,
    /// `int64`.
    I64,
    /// `bool`.
    Bool,
    /// A list of strings with the element's Go type (`string`, `v1.Capability`).
    StrList(&'static str),
    /// `[]int64`.
    I64List,
    /// `map[string]string`.
    StrMap,
    /// `resource.Quantity`.
    Qty,
    /// `v1.ResourceList` (resource name → quantity).
    QtyMap,
    /// `intstr.IntOrString`.
    IntOrStr,
    /// A nested object.
    Obj(&'static Schema),
    /// A list of objects.
    List(&'static Schema),
    /// Base64 bytes (`[]uint8`).
    B64,
    /// `map[string][]uint8`.
    B64Map,
    /// Recognised but not checked inside.
    Any,
}

impl Ty {
    /// The Go type name as `json: cannot unmarshal … of type <name>` prints it.
    pub fn go_name(&self) -> String {
        match self {
            Ty::S(n) => n.to_string(),
            Ty::I32 => "int32".into(),
            Ty::I64 => "int64".into(),
            Ty::Bool => "bool".into(),
            Ty::StrList(e) => format!("[]{e}"),
            Ty::I64List => "[]int64".into(),
            Ty::StrMap => "map[string]string".into(),
            Ty::Qty => "resource.Quantity".into(),
            Ty::QtyMap => "v1.ResourceList".into(),
            Ty::IntOrStr => "intstr.IntOrString".into(),
            Ty::Obj(s) => format!("v1.{}", s.go),
            Ty::List(s) => format!("[]v1.{}", s.go),
            Ty::B64 => "[]uint8".into(),
            Ty::B64Map => "map[string][]uint8".into(),
            Ty::Any => "interface {}".into(),
        }
    }
}

/// One field of an object.
#[derive(Debug)]
pub struct F {
    /// JSON name (case-sensitive, as the API server matches it).
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// Whether podlab's simulator acts on it (otherwise: accepted with a note).
    pub sim: bool,
}

/// An object type: its Go struct name and fields.
#[derive(Debug)]
pub struct Schema {
    /// Go struct name (`Container`, `PodSpec`).
    pub go: &'static str,
    /// Every field.
    pub fields: &'static [F],
}

impl Schema {
    /// The field named exactly `name`.
    pub fn field(&self, name: &str) -> Option<&'static F> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const S: Ty = Ty::S("string");
const SL: Ty = Ty::StrList("string");

macro_rules! f {
    ($n:literal, $t:expr) => {
        F { name: $n, ty: $t, sim: true }
    };
    ($n:literal, $t:expr, no) => {
        F { name: $n, ty: $t, sim: false }
    };
}

/// `v1/Pod`.
pub static POD: Schema = Schema {
    go: "Pod",
    fields: &[
        f!("apiVersion", S),
        f!("kind", S),
        f!("metadata", Ty::Obj(&META)),
        f!("spec", Ty::Obj(&POD_SPEC)),
        f!("status", Ty::Any, no),
    ],
};
/// `metadata`.
pub static META: Schema = Schema {
    go: "ObjectMeta",
    fields: &[
        f!("name", S),
        f!("generateName", S),
        f!("namespace", S),
        f!("selfLink", S, no),
        f!("uid", Ty::S("types.UID"), no),
        f!("resourceVersion", S, no),
        f!("generation", Ty::I64, no),
        f!("creationTimestamp", Ty::Any, no),
        f!("deletionTimestamp", Ty::Any, no),
        f!("deletionGracePeriodSeconds", Ty::I64, no),
        f!("labels", Ty::StrMap),
        f!("annotations", Ty::StrMap),
        f!("ownerReferences", Ty::List(&OWNER_REF), no),
        f!("finalizers", SL, no),
        f!("managedFields", Ty::Any, no),
    ],
};
static OWNER_REF: Schema = Schema {
    go: "OwnerReference",
    fields: &[
        f!("apiVersion", S),
        f!("kind", S),
        f!("name", S),
        f!("uid", Ty::S("types.UID")),
        f!("controller", Ty::Bool),
        f!("blockOwnerDeletion", Ty::Bool),
    ],
};
/// `spec` of a Pod.
pub static POD_SPEC: Schema = Schema {
    go: "PodSpec",
    fields: &[
        f!("volumes", Ty::List(&VOLUME)),
        f!("initContainers", Ty::List(&CONTAINER)),
        f!("containers", Ty::List(&CONTAINER)),
        f!("ephemeralContainers", Ty::Any, no),
        f!("restartPolicy", Ty::S("v1.RestartPolicy")),
        f!("terminationGracePeriodSeconds", Ty::I64),
        f!("activeDeadlineSeconds", Ty::I64),
        f!("dnsPolicy", Ty::S("v1.DNSPolicy"), no),
        f!("nodeSelector", Ty::StrMap, no),
        f!("serviceAccountName", S),
        f!("serviceAccount", S, no),
        f!("automountServiceAccountToken", Ty::Bool, no),
        f!("nodeName", S),
        f!("hostNetwork", Ty::Bool, no),
        f!("hostPID", Ty::Bool, no),
        f!("hostIPC", Ty::Bool, no),
        f!("shareProcessNamespace", Ty::Bool),
        f!("securityContext", Ty::Obj(&POD_SC)),
        f!("imagePullSecrets", Ty::List(&LOCAL_REF), no),
        f!("hostname", S),
        f!("subdomain", S),
        f!("affinity", Ty::Any, no),
        f!("schedulerName", S, no),
        f!("tolerations", Ty::List(&TOLERATION), no),
        f!("hostAliases", Ty::List(&HOST_ALIAS), no),
        f!("priorityClassName", S, no),
        f!("priority", Ty::I32, no),
        f!("dnsConfig", Ty::Obj(&DNS_CONFIG), no),
        f!("readinessGates", Ty::List(&READINESS_GATE), no),
        f!("runtimeClassName", S, no),
        f!("enableServiceLinks", Ty::Bool, no),
        f!("preemptionPolicy", Ty::S("v1.PreemptionPolicy"), no),
        f!("overhead", Ty::QtyMap, no),
        f!("topologySpreadConstraints", Ty::List(&TSC), no),
        f!("setHostnameAsFQDN", Ty::Bool, no),
        f!("os", Ty::Obj(&POD_OS), no),
        f!("hostUsers", Ty::Bool, no),
        f!("schedulingGates", Ty::List(&NAME_ONLY_GATE), no),
        f!("resourceClaims", Ty::List(&POD_RESOURCE_CLAIM), no),
        f!("resources", Ty::Obj(&RESOURCES), no),
        f!("hostnameOverride", S, no),
    ],
};
/// A container (init, sidecar or app).
pub static CONTAINER: Schema = Schema {
    go: "Container",
    fields: &[
        f!("name", S),
        f!("image", S),
        f!("command", SL),
        f!("args", SL),
        f!("workingDir", S),
        f!("ports", Ty::List(&CONTAINER_PORT)),
        f!("envFrom", Ty::List(&ENV_FROM)),
        f!("env", Ty::List(&ENV_VAR)),
        f!("resources", Ty::Obj(&RESOURCES)),
        f!("resizePolicy", Ty::List(&RESIZE_POLICY)),
        f!("restartPolicy", Ty::S("v1.ContainerRestartPolicy")),
        f!("restartPolicyRules", Ty::Any, no),
        f!("volumeMounts", Ty::List(&VOLUME_MOUNT)),
        f!("volumeDevices", Ty::List(&VOLUME_DEVICE), no),
        f!("livenessProbe", Ty::Obj(&PROBE)),
        f!("readinessProbe", Ty::Obj(&PROBE)),
        f!("startupProbe", Ty::Obj(&PROBE)),
        f!("lifecycle", Ty::Obj(&LIFECYCLE)),
        f!("terminationMessagePath", S, no),
        f!("terminationMessagePolicy", Ty::S("v1.TerminationMessagePolicy"), no),
        f!("imagePullPolicy", Ty::S("v1.PullPolicy")),
        f!("securityContext", Ty::Obj(&SC)),
        f!("stdin", Ty::Bool),
        f!("stdinOnce", Ty::Bool, no),
        f!("tty", Ty::Bool),
    ],
};
static CONTAINER_PORT: Schema = Schema {
    go: "ContainerPort",
    fields: &[
        f!("name", S),
        f!("hostPort", Ty::I32),
        f!("containerPort", Ty::I32),
        f!("protocol", Ty::S("v1.Protocol")),
        f!("hostIP", S, no),
    ],
};
static ENV_VAR: Schema = Schema {
    go: "EnvVar",
    fields: &[f!("name", S), f!("value", S), f!("valueFrom", Ty::Obj(&ENV_SOURCE))],
};
static ENV_SOURCE: Schema = Schema {
    go: "EnvVarSource",
    fields: &[
        f!("fieldRef", Ty::Obj(&OBJ_FIELD_SEL)),
        f!("resourceFieldRef", Ty::Obj(&RES_FIELD_SEL)),
        f!("configMapKeyRef", Ty::Obj(&CM_KEY_SEL)),
        f!("secretKeyRef", Ty::Obj(&SECRET_KEY_SEL)),
        f!("fileKeyRef", Ty::Any, no),
    ],
};
static OBJ_FIELD_SEL: Schema =
    Schema { go: "ObjectFieldSelector", fields: &[f!("apiVersion", S), f!("fieldPath", S)] };
static RES_FIELD_SEL: Schema = Schema {
    go: "ResourceFieldSelector",
    fields: &[f!("containerName", S), f!("resource", S), f!("divisor", Ty::Qty)],
};
static CM_KEY_SEL: Schema = Schema {
    go: "ConfigMapKeySelector",
    fields: &[f!("name", S), f!("key", S), f!("optional", Ty::Bool)],
};
static SECRET_KEY_SEL: Schema = Schema {
    go: "SecretKeySelector",
    fields: &[f!("name", S), f!("key", S), f!("optional", Ty::Bool)],
};
static ENV_FROM: Schema = Schema {
    go: "EnvFromSource",
    fields: &[
        f!("prefix", S),
        f!("configMapRef", Ty::Obj(&CM_ENV_SRC)),
        f!("secretRef", Ty::Obj(&SECRET_ENV_SRC)),
    ],
};
static CM_ENV_SRC: Schema =
    Schema { go: "ConfigMapEnvSource", fields: &[f!("name", S), f!("optional", Ty::Bool)] };
static SECRET_ENV_SRC: Schema =
    Schema { go: "SecretEnvSource", fields: &[f!("name", S), f!("optional", Ty::Bool)] };
static RESOURCES: Schema = Schema {
    go: "ResourceRequirements",
    fields: &[
        f!("limits", Ty::QtyMap),
        f!("requests", Ty::QtyMap),
        f!("claims", Ty::List(&RESOURCE_CLAIM), no),
    ],
};
static RESOURCE_CLAIM: Schema =
    Schema { go: "ResourceClaim", fields: &[f!("name", S), f!("request", S)] };
static RESIZE_POLICY: Schema = Schema {
    go: "ContainerResizePolicy",
    fields: &[
        f!("resourceName", Ty::S("v1.ResourceName")),
        f!("restartPolicy", Ty::S("v1.ResourceResizeRestartPolicy")),
    ],
};
static VOLUME_MOUNT: Schema = Schema {
    go: "VolumeMount",
    fields: &[
        f!("name", S),
        f!("readOnly", Ty::Bool),
        f!("recursiveReadOnly", Ty::S("v1.RecursiveReadOnlyMode"), no),
        f!("mountPath", S),
        f!("subPath", S),
        f!("mountPropagation", Ty::S("v1.MountPropagationMode"), no),
        f!("subPathExpr", S, no),
    ],
};
static VOLUME_DEVICE: Schema =
    Schema { go: "VolumeDevice", fields: &[f!("name", S), f!("devicePath", S)] };
static PROBE: Schema = Schema {
    go: "Probe",
    fields: &[
        f!("exec", Ty::Obj(&EXEC)),
        f!("httpGet", Ty::Obj(&HTTP_GET)),
        f!("tcpSocket", Ty::Obj(&TCP)),
        f!("grpc", Ty::Obj(&GRPC)),
        f!("initialDelaySeconds", Ty::I32),
        f!("timeoutSeconds", Ty::I32),
        f!("periodSeconds", Ty::I32),
        f!("successThreshold", Ty::I32),
        f!("failureThreshold", Ty::I32),
        f!("terminationGracePeriodSeconds", Ty::I64, no),
    ],
};
static EXEC: Schema = Schema { go: "ExecAction", fields: &[f!("command", SL)] };
static HTTP_GET: Schema = Schema {
    go: "HTTPGetAction",
    fields: &[
        f!("path", S),
        f!("port", Ty::IntOrStr),
        f!("host", S),
        f!("scheme", Ty::S("v1.URIScheme")),
        f!("httpHeaders", Ty::List(&HTTP_HEADER), no),
    ],
};
static HTTP_HEADER: Schema = Schema { go: "HTTPHeader", fields: &[f!("name", S), f!("value", S)] };
static TCP: Schema =
    Schema { go: "TCPSocketAction", fields: &[f!("port", Ty::IntOrStr), f!("host", S)] };
static GRPC: Schema =
    Schema { go: "GRPCAction", fields: &[f!("port", Ty::I32), f!("service", S, no)] };
static LIFECYCLE: Schema = Schema {
    go: "Lifecycle",
    fields: &[
        f!("postStart", Ty::Obj(&HANDLER)),
        f!("preStop", Ty::Obj(&HANDLER)),
        f!("stopSignal", Ty::S("v1.Signal"), no),
    ],
};
static HANDLER: Schema = Schema {
    go: "LifecycleHandler",
    fields: &[
        f!("exec", Ty::Obj(&EXEC)),
        f!("httpGet", Ty::Obj(&HTTP_GET)),
        f!("tcpSocket", Ty::Obj(&TCP)),
        f!("sleep", Ty::Obj(&SLEEP), no),
    ],
};
static SLEEP: Schema = Schema { go: "SleepAction", fields: &[f!("seconds", Ty::I64)] };
static SC: Schema = Schema {
    go: "SecurityContext",
    fields: &[
        f!("capabilities", Ty::Obj(&CAPS), no),
        f!("privileged", Ty::Bool),
        f!("seLinuxOptions", Ty::Obj(&SELINUX), no),
        f!("windowsOptions", Ty::Obj(&WINOPTS), no),
        f!("runAsUser", Ty::I64),
        f!("runAsGroup", Ty::I64),
        f!("runAsNonRoot", Ty::Bool),
        f!("readOnlyRootFilesystem", Ty::Bool),
        f!("allowPrivilegeEscalation", Ty::Bool),
        f!("procMount", Ty::S("v1.ProcMountType"), no),
        f!("seccompProfile", Ty::Obj(&SECCOMP), no),
        f!("appArmorProfile", Ty::Obj(&APPARMOR), no),
    ],
};
static CAPS: Schema = Schema {
    go: "Capabilities",
    fields: &[f!("add", Ty::StrList("v1.Capability")), f!("drop", Ty::StrList("v1.Capability"))],
};
static SELINUX: Schema = Schema {
    go: "SELinuxOptions",
    fields: &[f!("user", S), f!("role", S), f!("type", S), f!("level", S)],
};
static WINOPTS: Schema = Schema {
    go: "WindowsSecurityContextOptions",
    fields: &[
        f!("gmsaCredentialSpecName", S),
        f!("gmsaCredentialSpec", S),
        f!("runAsUserName", S),
        f!("hostProcess", Ty::Bool),
    ],
};
static SECCOMP: Schema = Schema {
    go: "SeccompProfile",
    fields: &[f!("type", Ty::S("v1.SeccompProfileType")), f!("localhostProfile", S)],
};
static APPARMOR: Schema = Schema {
    go: "AppArmorProfile",
    fields: &[f!("type", Ty::S("v1.AppArmorProfileType")), f!("localhostProfile", S)],
};
static POD_SC: Schema = Schema {
    go: "PodSecurityContext",
    fields: &[
        f!("seLinuxOptions", Ty::Obj(&SELINUX), no),
        f!("windowsOptions", Ty::Obj(&WINOPTS), no),
        f!("runAsUser", Ty::I64),
        f!("runAsGroup", Ty::I64),
        f!("runAsNonRoot", Ty::Bool),
        f!("supplementalGroups", Ty::I64List, no),
        f!("supplementalGroupsPolicy", Ty::S("v1.SupplementalGroupsPolicy"), no),
        f!("fsGroup", Ty::I64),
        f!("sysctls", Ty::List(&SYSCTL), no),
        f!("fsGroupChangePolicy", Ty::S("v1.PodFSGroupChangePolicy"), no),
        f!("seccompProfile", Ty::Obj(&SECCOMP), no),
        f!("appArmorProfile", Ty::Obj(&APPARMOR), no),
        f!("seLinuxChangePolicy", Ty::S("v1.PodSELinuxChangePolicy"), no),
    ],
};
static SYSCTL: Schema = Schema { go: "Sysctl", fields: &[f!("name", S), f!("value", S)] };
static LOCAL_REF: Schema = Schema { go: "LocalObjectReference", fields: &[f!("name", S)] };
static TOLERATION: Schema = Schema {
    go: "Toleration",
    fields: &[
        f!("key", S),
        f!("operator", Ty::S("v1.TolerationOperator")),
        f!("value", S),
        f!("effect", Ty::S("v1.TaintEffect")),
        f!("tolerationSeconds", Ty::I64),
    ],
};
static HOST_ALIAS: Schema = Schema { go: "HostAlias", fields: &[f!("ip", S), f!("hostnames", SL)] };
static DNS_CONFIG: Schema = Schema {
    go: "PodDNSConfig",
    fields: &[f!("nameservers", SL), f!("searches", SL), f!("options", Ty::List(&DNS_OPT))],
};
static DNS_OPT: Schema =
    Schema { go: "PodDNSConfigOption", fields: &[f!("name", S), f!("value", S)] };
static READINESS_GATE: Schema =
    Schema { go: "PodReadinessGate", fields: &[f!("conditionType", Ty::S("v1.PodConditionType"))] };
static TSC: Schema = Schema {
    go: "TopologySpreadConstraint",
    fields: &[
        f!("maxSkew", Ty::I32),
        f!("topologyKey", S),
        f!("whenUnsatisfiable", Ty::S("v1.UnsatisfiableConstraintAction")),
        f!("labelSelector", Ty::Any),
        f!("minDomains", Ty::I32),
        f!("nodeAffinityPolicy", Ty::S("v1.NodeInclusionPolicy")),
        f!("nodeTaintsPolicy", Ty::S("v1.NodeInclusionPolicy")),
        f!("matchLabelKeys", SL),
    ],
};
static POD_OS: Schema = Schema { go: "PodOS", fields: &[f!("name", Ty::S("v1.OSName"))] };
static NAME_ONLY_GATE: Schema = Schema { go: "PodSchedulingGate", fields: &[f!("name", S)] };
static POD_RESOURCE_CLAIM: Schema = Schema {
    go: "PodResourceClaim",
    fields: &[f!("name", S), f!("resourceClaimName", S), f!("resourceClaimTemplateName", S)],
};
/// `spec.volumes[]`.
pub static VOLUME: Schema = Schema {
    go: "Volume",
    fields: &[
        f!("name", S),
        f!("hostPath", Ty::Obj(&HOSTPATH)),
        f!("emptyDir", Ty::Obj(&EMPTYDIR)),
        f!("gcePersistentDisk", Ty::Any, no),
        f!("awsElasticBlockStore", Ty::Any, no),
        f!("gitRepo", Ty::Any, no),
        f!("secret", Ty::Obj(&SECRET_VOL)),
        f!("nfs", Ty::Any, no),
        f!("iscsi", Ty::Any, no),
        f!("glusterfs", Ty::Any, no),
        f!("persistentVolumeClaim", Ty::Obj(&PVC_VOL)),
        f!("rbd", Ty::Any, no),
        f!("flexVolume", Ty::Any, no),
        f!("cinder", Ty::Any, no),
        f!("cephfs", Ty::Any, no),
        f!("flocker", Ty::Any, no),
        f!("downwardAPI", Ty::Obj(&DOWNWARD_VOL)),
        f!("fc", Ty::Any, no),
        f!("azureFile", Ty::Any, no),
        f!("configMap", Ty::Obj(&CM_VOL)),
        f!("vsphereVolume", Ty::Any, no),
        f!("quobyte", Ty::Any, no),
        f!("azureDisk", Ty::Any, no),
        f!("photonPersistentDisk", Ty::Any, no),
        f!("projected", Ty::Obj(&PROJECTED)),
        f!("portworxVolume", Ty::Any, no),
        f!("scaleIO", Ty::Any, no),
        f!("storageos", Ty::Any, no),
        f!("csi", Ty::Any, no),
        f!("ephemeral", Ty::Any, no),
        f!("image", Ty::Obj(&IMAGE_VOL), no),
    ],
};
static HOSTPATH: Schema = Schema {
    go: "HostPathVolumeSource",
    fields: &[f!("path", S), f!("type", Ty::S("v1.HostPathType"), no)],
};
static EMPTYDIR: Schema = Schema {
    go: "EmptyDirVolumeSource",
    fields: &[f!("medium", Ty::S("v1.StorageMedium")), f!("sizeLimit", Ty::Qty)],
};
static SECRET_VOL: Schema = Schema {
    go: "SecretVolumeSource",
    fields: &[
        f!("secretName", S),
        f!("items", Ty::List(&KEY_TO_PATH)),
        f!("defaultMode", Ty::I32),
        f!("optional", Ty::Bool),
    ],
};
static CM_VOL: Schema = Schema {
    go: "ConfigMapVolumeSource",
    fields: &[
        f!("name", S),
        f!("items", Ty::List(&KEY_TO_PATH)),
        f!("defaultMode", Ty::I32),
        f!("optional", Ty::Bool),
    ],
};
static KEY_TO_PATH: Schema =
    Schema { go: "KeyToPath", fields: &[f!("key", S), f!("path", S), f!("mode", Ty::I32)] };
static PVC_VOL: Schema = Schema {
    go: "PersistentVolumeClaimVolumeSource",
    fields: &[f!("claimName", S), f!("readOnly", Ty::Bool)],
};
static DOWNWARD_VOL: Schema = Schema {
    go: "DownwardAPIVolumeSource",
    fields: &[f!("items", Ty::List(&DOWNWARD_FILE)), f!("defaultMode", Ty::I32)],
};
static DOWNWARD_FILE: Schema = Schema {
    go: "DownwardAPIVolumeFile",
    fields: &[
        f!("path", S),
        f!("fieldRef", Ty::Obj(&OBJ_FIELD_SEL)),
        f!("resourceFieldRef", Ty::Obj(&RES_FIELD_SEL)),
        f!("mode", Ty::I32),
    ],
};
static PROJECTED: Schema = Schema {
    go: "ProjectedVolumeSource",
    fields: &[f!("sources", Ty::List(&PROJECTION)), f!("defaultMode", Ty::I32)],
};
static PROJECTION: Schema = Schema {
    go: "VolumeProjection",
    fields: &[
        f!("secret", Ty::Obj(&SECRET_PROJ)),
        f!("downwardAPI", Ty::Obj(&DOWNWARD_PROJ)),
        f!("configMap", Ty::Obj(&CM_PROJ)),
        f!("serviceAccountToken", Ty::Obj(&SAT_PROJ)),
        f!("clusterTrustBundle", Ty::Any, no),
        f!("podCertificate", Ty::Any, no),
    ],
};
static SECRET_PROJ: Schema = Schema {
    go: "SecretProjection",
    fields: &[f!("name", S), f!("items", Ty::List(&KEY_TO_PATH)), f!("optional", Ty::Bool)],
};
static CM_PROJ: Schema = Schema {
    go: "ConfigMapProjection",
    fields: &[f!("name", S), f!("items", Ty::List(&KEY_TO_PATH)), f!("optional", Ty::Bool)],
};
static DOWNWARD_PROJ: Schema =
    Schema { go: "DownwardAPIProjection", fields: &[f!("items", Ty::List(&DOWNWARD_FILE))] };
static SAT_PROJ: Schema = Schema {
    go: "ServiceAccountTokenProjection",
    fields: &[f!("audience", S), f!("expirationSeconds", Ty::I64), f!("path", S)],
};
static IMAGE_VOL: Schema = Schema {
    go: "ImageVolumeSource",
    fields: &[f!("reference", S), f!("pullPolicy", Ty::S("v1.PullPolicy"))],
};

/// `v1/Service`.
pub static SERVICE: Schema = Schema {
    go: "Service",
    fields: &[
        f!("apiVersion", S),
        f!("kind", S),
        f!("metadata", Ty::Obj(&META)),
        f!("spec", Ty::Obj(&SERVICE_SPEC)),
        f!("status", Ty::Any, no),
    ],
};
static SERVICE_SPEC: Schema = Schema {
    go: "ServiceSpec",
    fields: &[
        f!("ports", Ty::List(&SERVICE_PORT)),
        f!("selector", Ty::StrMap),
        f!("clusterIP", S),
        f!("clusterIPs", SL, no),
        f!("type", Ty::S("v1.ServiceType")),
        f!("externalIPs", SL, no),
        f!("sessionAffinity", Ty::S("v1.ServiceAffinity"), no),
        f!("loadBalancerIP", S, no),
        f!("loadBalancerSourceRanges", SL, no),
        f!("externalName", S, no),
        f!("externalTrafficPolicy", Ty::S("v1.ServiceExternalTrafficPolicy"), no),
        f!("healthCheckNodePort", Ty::I32, no),
        f!("publishNotReadyAddresses", Ty::Bool, no),
        f!("sessionAffinityConfig", Ty::Any, no),
        f!("ipFamilies", Ty::StrList("v1.IPFamily"), no),
        f!("ipFamilyPolicy", Ty::S("v1.IPFamilyPolicy"), no),
        f!("allocateLoadBalancerNodePorts", Ty::Bool, no),
        f!("loadBalancerClass", S, no),
        f!("internalTrafficPolicy", Ty::S("v1.ServiceInternalTrafficPolicy"), no),
        f!("trafficDistribution", S, no),
    ],
};
static SERVICE_PORT: Schema = Schema {
    go: "ServicePort",
    fields: &[
        f!("name", S),
        f!("protocol", Ty::S("v1.Protocol")),
        f!("appProtocol", S, no),
        f!("port", Ty::I32),
        f!("targetPort", Ty::IntOrStr),
        f!("nodePort", Ty::I32, no),
    ],
};
/// `v1/ConfigMap`.
pub static CONFIG_MAP: Schema = Schema {
    go: "ConfigMap",
    fields: &[
        f!("apiVersion", S),
        f!("kind", S),
        f!("metadata", Ty::Obj(&META)),
        f!("data", Ty::StrMap),
        f!("binaryData", Ty::B64Map),
        f!("immutable", Ty::Bool, no),
    ],
};
/// `v1/Secret`.
pub static SECRET: Schema = Schema {
    go: "Secret",
    fields: &[
        f!("apiVersion", S),
        f!("kind", S),
        f!("metadata", Ty::Obj(&META)),
        f!("data", Ty::B64Map),
        f!("stringData", Ty::StrMap),
        f!("type", Ty::S("v1.SecretType")),
        f!("immutable", Ty::Bool, no),
    ],
};

/// `v1/PersistentVolumeClaim`.
pub static PVC: Schema = Schema {
    go: "PersistentVolumeClaim",
    fields: &[
        f!("apiVersion", S),
        f!("kind", S),
        f!("metadata", Ty::Obj(&META)),
        f!("spec", Ty::Obj(&PVC_SPEC)),
        f!("status", Ty::Any, no),
    ],
};
static PVC_SPEC: Schema = Schema {
    go: "PersistentVolumeClaimSpec",
    fields: &[
        f!("accessModes", Ty::StrList("v1.PersistentVolumeAccessMode")),
        f!("resources", Ty::Obj(&PVC_RESOURCES)),
        f!("storageClassName", S),
        f!("volumeMode", Ty::S("v1.PersistentVolumeMode"), no),
        f!("volumeName", S, no),
        f!("selector", Ty::Any, no),
        f!("dataSource", Ty::Any, no),
        f!("dataSourceRef", Ty::Any, no),
        f!("volumeAttributesClassName", S, no),
    ],
};
static PVC_RESOURCES: Schema = Schema {
    go: "VolumeResourceRequirements",
    fields: &[f!("limits", Ty::QtyMap, no), f!("requests", Ty::QtyMap)],
};

/// Object types searched when an unknown key might belong one level up or down
/// (`image` written under `spec`).
pub static NEIGHBOURS: &[&Schema] =
    &[&POD, &META, &POD_SPEC, &CONTAINER, &VOLUME, &PROBE, &VOLUME_MOUNT, &RESOURCES];
