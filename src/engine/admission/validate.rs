//! The API server's validation (`pkg/apis/core/validation/validation.go`) for the objects
//! podlab admits, with its field paths, error bodies and order (kubernetes-init-containers.md
//! §1.1, rules V1–V14, plus the common rules around them: object names, volumes, ports, env,
//! resources, probes).
//!
//! Entry points: [`validate_pod`], [`validate_service`], [`validate_config_map`],
//! [`validate_secret`]. Each returns the field errors in the order the API server accumulates
//! them (errors are not fail-fast). Server-side *warnings* come from [`pod_warnings`].
//!
//! Defaulting runs before validation on a real server; the builders in [`super::decode`] apply
//! the defaults that matter here (port protocol TCP, probe timings), so e.g. a probe with
//! `periodSeconds: 0` is not an error, exactly as on a cluster.
//!
//! Simplifications: `hostIP` of host ports is taken into account, the `ContainerRestartRules`
//! gate is off (v1.34 default), the sidecar resize option is off (V10), and validations of
//! fields the simulator does not model (affinity, tolerations, DNS config, security-context
//! details) are not reproduced.

use super::extras::Extras;
use super::quantity;
use crate::engine::model::*;
use std::collections::{BTreeMap, BTreeSet};
mod objects;
pub use objects::*;

/// One `field.Error`: `<path>: <body>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Field path (`spec.initContainers[0].name`).
    pub path: String,
    /// Error body (`Duplicate value: "app"`).
    pub body: String,
}

impl FieldError {
    /// `path: body`, as `field.Error.Error()` prints it.
    pub fn message(&self) -> String {
        format!("{}: {}", self.path, self.body)
    }
}

fn detail(base: String, d: &str) -> String {
    if d.is_empty() {
        base
    } else {
        format!("{base}: {d}")
    }
}

/// Go's `%q`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Collects errors in order.
#[derive(Default)]
struct Errs(Vec<FieldError>);

impl Errs {
    fn push(&mut self, path: impl Into<String>, body: String) {
        self.0.push(FieldError { path: path.into(), body });
    }
    fn required(&mut self, path: impl Into<String>, d: &str) {
        self.push(path, detail("Required value".into(), d));
    }
    fn forbidden(&mut self, path: impl Into<String>, d: &str) {
        self.push(path, detail("Forbidden".into(), d));
    }
    fn invalid_str(&mut self, path: impl Into<String>, v: &str, d: &str) {
        // Very long values are shown truncated (the editor must never get a 60 000-character
        // line; reliability.md §8 A10).
        let n = v.chars().count();
        let shown = if n > 80 {
            let q = go_quote(&v.chars().take(20).collect::<String>());
            format!("{}…({n} chars)\"", &q[..q.len() - 1])
        } else {
            go_quote(v)
        };
        self.push(path, detail(format!("Invalid value: {shown}"), d));
    }
    fn invalid_num(&mut self, path: impl Into<String>, v: i64, d: &str) {
        self.push(path, detail(format!("Invalid value: {v}"), d));
    }
    fn duplicate(&mut self, path: impl Into<String>, v: &str) {
        self.push(path, format!("Duplicate value: {}", go_quote(v)));
    }
    fn not_found(&mut self, path: impl Into<String>, v: &str) {
        self.push(path, format!("Not found: {}", go_quote(v)));
    }
    fn not_supported(&mut self, path: impl Into<String>, v: &str, valid: &[&str]) {
        let list: Vec<String> = valid.iter().map(|s| go_quote(s)).collect();
        self.push(
            path,
            format!("Unsupported value: {}: supported values: {}", go_quote(v), list.join(", ")),
        );
    }
}

/// `validation.RegexError` text for DNS-1123 labels (note the two spaces before `or`).
pub const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/// `RegexError` text for DNS-1123 subdomains.
pub const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/// `RegexError` text for DNS-1035 labels (Service names).
pub const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const CONFIG_KEY_MSG: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const PORT_RANGE_MSG: &str = "must be between 1 and 65535, inclusive";

fn is_label_body(s: &str, lower_only: bool) -> bool {
    let b = s.as_bytes();
    let ok = |c: u8| {
        c.is_ascii_digit() || c.is_ascii_lowercase() || (!lower_only && c.is_ascii_uppercase())
    };
    !b.is_empty() && ok(b[0]) && ok(b[b.len() - 1]) && b.iter().all(|&c| ok(c) || c == b'-')
}

/// `IsDNS1123Label`.
pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    if s.len() > 63 {
        v.push("must be no more than 63 characters".to_string());
    }
    if !is_label_body(s, true) {
        v.push(DNS1123_LABEL_MSG.to_string());
    }
    v
}

/// `IsDNS1123Subdomain`.
pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    if s.len() > 253 {
        v.push("must be no more than 253 characters".to_string());
    }
    if !s.split('.').all(|p| is_label_body(p, true)) {
        v.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    v
}

fn dns1035_label(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    if s.len() > 63 {
        v.push("must be no more than 63 characters".to_string());
    }
    if !(is_label_body(s, true) && s.as_bytes()[0].is_ascii_lowercase()) {
        v.push(DNS1035_LABEL_MSG.to_string());
    }
    v
}

/// `IsQualifiedName`: an optional DNS-subdomain prefix and `/`, then a name part.
fn qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                errs.extend(
                    dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")),
                );
            }
            *name
        }
        _ => {
            errs.push(format!("a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')", &QUALIFIED_NAME_MSG["name part ".len()..]));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    if name.is_empty() || !label_value_ok(name) {
        errs.push(QUALIFIED_NAME_MSG.to_string());
    }
    errs
}

fn label_value_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.is_empty()
        || (b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
}

/// Namespaces that exist in podlab's cluster (a fresh kubeadm-like cluster).
pub const NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

fn validate_meta(m: &ObjectMeta, name_check: fn(&str) -> Vec<String>, e: &mut Errs) {
    if m.name.is_empty() && m.generate_name.as_deref().unwrap_or("").is_empty() {
        e.required("metadata.name", "name or generateName is required");
    } else if !m.name.is_empty() {
        for msg in name_check(&m.name) {
            e.invalid_str("metadata.name", &m.name, &msg);
        }
    }
    for msg in dns1123_label(&m.namespace) {
        e.invalid_str("metadata.namespace", &m.namespace, &msg);
    }
    for (k, v) in &m.labels {
        for msg in qualified_name(k) {
            e.invalid_str("metadata.labels", k, &msg);
        }
        if v.len() > 63 {
            e.invalid_str("metadata.labels", v, "must be no more than 63 characters");
        }
        if !label_value_ok(v) {
            e.invalid_str("metadata.labels", v, LABEL_VALUE_MSG);
        }
    }
    let total: usize = m.annotations.iter().map(|(k, v)| k.len() + v.len()).sum();
    if total > 256 * 1024 {
        e.push("metadata.annotations", "Too long: must have at most 262144 bytes".to_string());
    }
}

/// Validates a Pod (`ValidatePodCreate`): metadata, then `ValidatePodSpec` in source order.
pub fn validate_pod(pod: &Pod, ex: &Extras) -> Vec<FieldError> {
    let mut e = Errs::default();
    validate_meta(&pod.metadata, dns1123_subdomain, &mut e);
    let spec = &pod.spec;
    // volumes
    let mut vols: BTreeSet<&str> = BTreeSet::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, v) in spec.volumes.iter().enumerate() {
        let p = format!("spec.volumes[{i}]");
        let mut el = Errs::default();
        let keys = ex.volume_sources.get(i).cloned().unwrap_or_default();
        match keys.len() {
            0 => el.required(p.clone(), "must specify a volume type"),
            1 => validate_volume_source(&v.source, &p, &mut el),
            _ => {
                validate_volume_source(&v.source, &p, &mut el);
                el.forbidden(format!("{p}.{}", keys[1]), "may not specify more than 1 volume type");
            }
        }
        if v.name.is_empty() {
            el.required(format!("{p}.name"), "");
        } else {
            for msg in dns1123_label(&v.name) {
                el.invalid_str(format!("{p}.name"), &v.name, &msg);
            }
        }
        if seen.contains(v.name.as_str()) {
            el.duplicate(format!("{p}.name"), &v.name);
        }
        if el.0.is_empty() {
            seen.insert(&v.name);
            vols.insert(&v.name);
        } else {
            e.0.extend(el.0);
        }
    }
    // containers (V1, V2–V5, V8, V11, V14 for apps)
    if spec.containers.is_empty() {
        e.required("spec.containers", "");
    } else {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        for (i, c) in spec.containers.iter().enumerate() {
            let p = format!("spec.containers[{i}]");
            container_common(c, &p, &vols, &mut e);
            if names.contains(c.name.as_str()) {
                e.duplicate(format!("{p}.name"), &c.name);
            } else {
                names.insert(&c.name);
            }
            app_container_probes(c, &p, &mut e);
            if c.restart_policy.is_some() {
                e.forbidden(format!("{p}.restartPolicy"), "may not be set for non-init containers");
            }
        }
        host_ports(&spec.containers, "spec.containers", &[], ex, &mut e);
    }
    // init containers (V2–V7, V9–V11, V14)
    let mut all: BTreeSet<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    for (i, c) in spec.init_containers.iter().enumerate() {
        let p = format!("spec.initContainers[{i}]");
        container_common(c, &p, &vols, &mut e);
        let mut restart_always = false;
        if let Some(rp) = &c.restart_policy {
            if rp != "Always" {
                e.not_supported(format!("{p}.restartPolicy"), rp, &["Always"]);
            }
            restart_always = rp == "Always";
        }
        if all.contains(c.name.as_str()) {
            e.duplicate(format!("{p}.name"), &c.name);
        } else if !c.name.is_empty() {
            all.insert(&c.name);
        }
        // Init containers run one at a time, so each is checked alone — and the API server
        // passes the list path, not the item path, so the index printed is always 0.
        host_ports(std::slice::from_ref(c), "spec.initContainers", &[i], ex, &mut e);
        if restart_always {
            app_container_probes(c, &p, &mut e);
        } else {
            const MSG: &str = "may not be set for init containers without restartPolicy=Always";
            if c.lifecycle.is_some() {
                e.forbidden(format!("{p}.lifecycle"), MSG);
            }
            if c.liveness_probe.is_some() {
                e.forbidden(format!("{p}.livenessProbe"), MSG);
            }
            if c.readiness_probe.is_some() {
                e.forbidden(format!("{p}.readinessProbe"), MSG);
            }
            if c.startup_probe.is_some() {
                e.forbidden(format!("{p}.startupProbe"), MSG);
            }
        }
        if c.has_resize_policy {
            let v = ex.resize_policy.get(&p).cloned().unwrap_or_default();
            e.push(
                format!("{p}.resizePolicy"),
                format!("Invalid value: {v}: must not be set for init containers"),
            );
        }
    }
    // V12
    if let Some(raw) = &spec.restart_policy_raw {
        if raw.is_empty() {
            e.required("spec.restartPolicy", "");
        } else {
            e.not_supported("spec.restartPolicy", raw, &["Always", "OnFailure", "Never"]);
        }
    }
    if let Some(sa) = &spec.service_account_name {
        if !sa.is_empty() {
            for msg in dns1123_subdomain(sa) {
                e.invalid_str("spec.serviceAccountName", sa, &msg);
            }
        }
    }
    if let Some(n) = &spec.node_name {
        if !n.is_empty() {
            for msg in dns1123_subdomain(n) {
                e.invalid_str("spec.nodeName", n, &msg);
            }
        }
    }
    // V13
    if let Some(v) = spec.active_deadline_seconds {
        if !(1..=i32::MAX as i64).contains(&v) {
            e.invalid_num(
                "spec.activeDeadlineSeconds",
                v,
                "must be between 1 and 2147483647, inclusive",
            );
        }
    }
    for (field, v) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            for msg in dns1123_label(v) {
                e.invalid_str(format!("spec.{field}"), v, &msg);
            }
        }
    }
    // `ValidatePodCreate`'s checks after `ValidatePodSpec`.
    if ex.ephemeral_containers {
        e.forbidden("spec.ephemeralContainers", "cannot be set on create");
    }
    for (list, cs) in
        [("spec.containers", &spec.containers), ("spec.initContainers", &spec.init_containers)]
    {
        for (i, c) in cs.iter().enumerate() {
            if c.image.trim() != c.image {
                e.invalid_str(
                    format!("{list}[{i}].image"),
                    &c.image,
                    "must not have leading or trailing whitespace",
                );
            }
        }
    }
    e.0
}

fn validate_volume_source(src: &VolumeSource, p: &str, e: &mut Errs) {
    match src {
        VolumeSource::ConfigMap { name, items, .. } => {
            if name.is_empty() {
                e.required(format!("{p}.configMap.name"), "");
            }
            key_to_paths(items, &format!("{p}.configMap.items"), e);
        }
        VolumeSource::Secret { secret_name, items, .. } => {
            if secret_name.is_empty() {
                e.required(format!("{p}.secret.secretName"), "");
            }
            key_to_paths(items, &format!("{p}.secret.items"), e);
        }
        VolumeSource::HostPath { path } if path.is_empty() => {
            e.required(format!("{p}.hostPath.path"), "")
        }
        VolumeSource::PersistentVolumeClaim { claim_name } if claim_name.is_empty() => {
            e.required(format!("{p}.persistentVolumeClaim.claimName"), "")
        }
        _ => {}
    }
}

fn key_to_paths(items: &[KeyToPath], p: &str, e: &mut Errs) {
    for (i, it) in items.iter().enumerate() {
        if it.key.is_empty() {
            e.required(format!("{p}[{i}].key"), "");
        }
        if it.path.is_empty() {
            e.required(format!("{p}[{i}].path"), "");
        } else {
            relative_path(&it.path, &format!("{p}[{i}].path"), e);
        }
    }
}

fn relative_path(path: &str, p: &str, e: &mut Errs) {
    if path.starts_with('/') {
        e.invalid_str(p, path, "must be a relative path");
    }
    if path.split('/').any(|s| s == "..") {
        e.invalid_str(p, path, "must not contain '..'");
    }
}

/// `validateContainerCommon`: name (V2, V3), image (V4), ports, env, mounts (V11), pull
/// policy, resources.
fn container_common(c: &Container, p: &str, vols: &BTreeSet<&str>, e: &mut Errs) {
    if c.name.is_empty() {
        e.required(format!("{p}.name"), "");
    } else {
        for msg in dns1123_label(&c.name) {
            e.invalid_str(format!("{p}.name"), &c.name, &msg);
        }
    }
    if c.image.is_empty() {
        e.required(format!("{p}.image"), "");
    }
    // ports
    let mut port_names: BTreeSet<&str> = BTreeSet::new();
    for (i, port) in c.ports.iter().enumerate() {
        let pp = format!("{p}.ports[{i}]");
        if let Some(n) = port.name.as_deref().filter(|n| !n.is_empty()) {
            let ok = n.len() <= 15
                && n.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && n.bytes().any(|b| b.is_ascii_lowercase())
                && !n.starts_with('-')
                && !n.ends_with('-')
                && !n.contains("--");
            if !ok {
                e.invalid_str(format!("{pp}.name"), n, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), must contain at least one letter (a-z), must not start or end with a hyphen, must be no more than 15 characters, and must not contain consecutive hyphens");
            } else if port_names.contains(n) {
                e.duplicate(format!("{pp}.name"), n);
            } else {
                port_names.insert(n);
            }
        }
        if port.container_port == 0 {
            e.required(format!("{pp}.containerPort"), "");
        } else if !(1..=65535).contains(&port.container_port) {
            e.invalid_num(
                format!("{pp}.containerPort"),
                port.container_port.into(),
                PORT_RANGE_MSG,
            );
        }
        if let Some(h) = port.host_port.filter(|h| *h != 0) {
            if !(1..=65535).contains(&h) {
                e.invalid_num(format!("{pp}.hostPort"), h.into(), PORT_RANGE_MSG);
            }
        }
        let proto = port.protocol.as_deref().unwrap_or("TCP");
        if proto.is_empty() {
            e.required(format!("{pp}.protocol"), "");
        } else if !matches!(proto, "SCTP" | "TCP" | "UDP") {
            e.not_supported(format!("{pp}.protocol"), proto, &["SCTP", "TCP", "UDP"]);
        }
    }
    // env
    for (i, v) in c.env.iter().enumerate() {
        let ep = format!("{p}.env[{i}]");
        if v.name.is_empty() {
            e.required(format!("{ep}.name"), "");
        } else if v.name.chars().any(|c| !(' '..='~').contains(&c) || c == '=') {
            // `RelaxedEnvironmentVariableValidation` (on by default since v1.32).
            e.invalid_str(format!("{ep}.name"), &v.name, "a valid environment variable name must consist only of printable ASCII characters other than '='");
        }
        if v.value_from.is_some() && v.value.as_deref().is_some_and(|x| !x.is_empty()) {
            e.invalid_str(
                format!("{ep}.valueFrom"),
                "",
                "may not be specified when `value` is not empty",
            );
        }
    }
    // volume mounts (V11)
    let mut mount_points: BTreeSet<&str> = BTreeSet::new();
    for (i, m) in c.volume_mounts.iter().enumerate() {
        let mp = format!("{p}.volumeMounts[{i}]");
        if m.name.is_empty() {
            e.required(format!("{mp}.name"), "");
        }
        if !vols.contains(m.name.as_str()) {
            e.not_found(format!("{mp}.name"), &m.name);
        }
        if m.mount_path.is_empty() {
            e.required(format!("{mp}.mountPath"), "");
        }
        if mount_points.contains(m.mount_path.as_str()) {
            e.invalid_str(format!("{mp}.mountPath"), &m.mount_path, "must be unique");
        }
        mount_points.insert(&m.mount_path);
        if let Some(sp) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
            relative_path(sp, &format!("{mp}.subPath"), e);
        }
    }
    if let Some(pp) = &c.image_pull_policy {
        if !matches!(pp.as_str(), "Always" | "IfNotPresent" | "Never") {
            e.not_supported(
                format!("{p}.imagePullPolicy"),
                pp,
                &["Always", "IfNotPresent", "Never"],
            );
        }
    }
    resources(&c.resources, &format!("{p}.resources"), e);
}

fn standard_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage")
        || name.starts_with("hugepages-")
        || name.contains('/')
}

/// Resource name and sign checks shared by `limits[x]` and `requests[x]`.
fn resource_quantity(fp: String, name: &str, q: &Quantity, e: &mut Errs) {
    if !standard_resource(name) {
        e.invalid_str(fp.clone(), name, "must be a standard resource for containers");
    }
    if q.milli < 0 {
        e.invalid_str(fp, &quantity::canonical(q), "must be greater than or equal to 0");
    }
}

fn resources(r: &ResourceRequirements, p: &str, e: &mut Errs) {
    for (name, q) in &r.limits {
        resource_quantity(format!("{p}.limits[{name}]"), name, q, e);
    }
    for (name, q) in &r.requests {
        resource_quantity(format!("{p}.requests[{name}]"), name, q, e);
        if let Some(l) = r.limits.get(name) {
            let overcommit = !name.starts_with("hugepages-");
            if !overcommit && q.milli != l.milli {
                e.invalid_str(
                    format!("{p}.requests"),
                    &quantity::canonical(q),
                    &format!("must be equal to {name} limit of {}", quantity::canonical(l)),
                );
            } else if q.milli > l.milli {
                e.invalid_str(
                    format!("{p}.requests"),
                    &quantity::canonical(q),
                    &format!(
                        "must be less than or equal to {name} limit of {}",
                        quantity::canonical(l)
                    ),
                );
            }
        }
    }
}

/// The probe and lifecycle validation app containers and sidecars get (V9).
fn app_container_probes(c: &Container, p: &str, e: &mut Errs) {
    if let Some(l) = &c.lifecycle {
        lifecycle(l, &format!("{p}.lifecycle"), e);
    }
    if let Some(pr) = &c.liveness_probe {
        probe(pr, &format!("{p}.livenessProbe"), true, e);
    }
    if let Some(pr) = &c.readiness_probe {
        probe(pr, &format!("{p}.readinessProbe"), false, e);
    }
    if let Some(pr) = &c.startup_probe {
        probe(pr, &format!("{p}.startupProbe"), true, e);
    }
}

/// `validateLivenessProbe` / `validateReadinessProbe` / `validateStartupProbe` (V9).
fn probe(pr: &Probe, p: &str, success_must_be_one: bool, e: &mut Errs) {
    handler(pr, p, e);
    for (f, v) in [
        ("initialDelaySeconds", pr.initial_delay_seconds),
        ("timeoutSeconds", pr.timeout_seconds),
        ("periodSeconds", pr.period_seconds),
        ("successThreshold", pr.success_threshold),
        ("failureThreshold", pr.failure_threshold),
    ] {
        if v < 0 {
            e.invalid_num(format!("{p}.{f}"), v.into(), "must be greater than or equal to 0");
        }
    }
    if success_must_be_one && pr.success_threshold != 1 {
        e.invalid_num(format!("{p}.successThreshold"), pr.success_threshold.into(), "must be 1");
    }
}

fn lifecycle(l: &Lifecycle, p: &str, e: &mut Errs) {
    if let Some(h) = &l.post_start {
        handler(h, &format!("{p}.postStart"), e);
    }
    if let Some(h) = &l.pre_stop {
        handler(h, &format!("{p}.preStop"), e);
    }
}

/// `validateHandler`: exactly one of exec, httpGet, tcpSocket, grpc, in that order.
fn handler(h: &Probe, p: &str, e: &mut Errs) {
    let mut n = 0;
    let mut one = |name: &str, present: bool, e: &mut Errs| -> bool {
        if !present {
            return false;
        }
        if n > 0 {
            e.forbidden(format!("{p}.{name}"), "may not specify more than 1 handler type");
            false
        } else {
            n += 1;
            true
        }
    };
    if one("exec", h.exec.is_some(), e) && h.exec.as_ref().is_some_and(|c| c.is_empty()) {
        e.required(format!("{p}.exec.command"), "");
    }
    if one("httpGet", h.http_get.is_some(), e) {
        if let Some(g) = &h.http_get {
            port_num_or_name(&g.port, &format!("{p}.httpGet.port"), e);
            if let Some(s) = g.scheme.as_deref().filter(|s| !matches!(*s, "HTTP" | "HTTPS")) {
                e.not_supported(format!("{p}.httpGet.scheme"), s, &["HTTP", "HTTPS"]);
            }
        }
    }
    if one("tcpSocket", h.tcp_socket.is_some(), e) {
        if let Some(port) = &h.tcp_socket {
            port_num_or_name(port, &format!("{p}.tcpSocket.port"), e);
        }
    }
    if one("grpc", h.grpc.is_some(), e) {
        if let Some(port) = h.grpc.filter(|x| !(1..=65535).contains(x)) {
            e.invalid_num(format!("{p}.grpc.port"), port.into(), PORT_RANGE_MSG);
        }
    }
    if n == 0 {
        e.required(p.to_string(), "must specify a handler type");
    }
}

fn port_num_or_name(port: &IntOrString, p: &str, e: &mut Errs) {
    match port {
        IntOrString::Int(v) if !(1..=65535).contains(v) => {
            e.invalid_num(p, (*v).into(), PORT_RANGE_MSG)
        }
        IntOrString::String(s)
            if s.is_empty() || s.len() > 15 || !s.bytes().any(|b| b.is_ascii_lowercase()) =>
        {
            e.invalid_str(
                p,
                s,
                "must contain at least one letter (a-z), and must be no more than 15 characters",
            )
        }
        _ => {}
    }
}

/// `checkHostPortConflicts` (V14). `fixed_index` is set for init containers, whose check gets
/// a one-element list and therefore always prints index 0.
fn host_ports(cs: &[Container], list_path: &str, fixed_index: &[usize], ex: &Extras, e: &mut Errs) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for (ci, c) in cs.iter().enumerate() {
        let real_index = fixed_index.first().copied().unwrap_or(ci);
        for (pi, port) in c.ports.iter().enumerate() {
            let Some(h) = port.host_port.filter(|h| *h != 0) else {
                continue;
            };
            let ip = ex
                .host_ip
                .get(&(format!("{list_path}[{real_index}]"), pi))
                .cloned()
                .unwrap_or_default();
            let key = format!("{}/{}/{}", port.protocol.as_deref().unwrap_or("TCP"), ip, h);
            if seen.contains(&key) {
                e.duplicate(format!("{list_path}[{ci}].ports[{pi}].hostPort"), &key);
            } else {
                seen.insert(key);
            }
        }
    }
}

/// Server-side warnings for a Pod (`pkg/api/pod/warnings.go`), printed by kubectl as
/// `Warning: …`.
pub fn pod_warnings(pod: &Pod) -> Vec<String> {
    let mut w = Vec::new();
    if pod.spec.termination_grace_period_seconds.is_some_and(|g| g < 0) {
        w.push("spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1".to_string());
    }
    for (list, cs) in [
        ("spec.initContainers", &pod.spec.init_containers),
        ("spec.containers", &pod.spec.containers),
    ] {
        for (i, c) in cs.iter().enumerate() {
            // Memory-like resources are bytes: `100m` (a tenth of a byte) is almost always a
            // slip for `100Mi`.
            for (kind, map) in
                [("limits", &c.resources.limits), ("requests", &c.resources.requests)]
            {
                for (name, q) in map {
                    let bytes = name == "memory"
                        || name == "ephemeral-storage"
                        || name.starts_with("hugepages-");
                    if bytes && q.milli % 1000 != 0 {
                        w.push(format!(
                            "{list}[{i}].resources.{kind}[{name}]: fractional byte value {:?} is invalid, must be an integer",
                            quantity::canonical(q)
                        ));
                    }
                }
            }
            let mut seen: BTreeMap<(i32, &str), usize> = BTreeMap::new();
            for (pi, p) in c.ports.iter().enumerate() {
                let proto = p.protocol.as_deref().unwrap_or("TCP");
                if let Some(first) = seen.get(&(p.container_port, proto)) {
                    w.push(format!("{list}[{i}].ports[{pi}]: duplicate port definition with {list}[{i}].ports[{first}]"));
                } else {
                    seen.insert((p.container_port, proto), pi);
                }
            }
        }
    }
    w
}
