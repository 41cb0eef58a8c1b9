//! Validation of the objects beside Pods: Services (`ValidateService`, the common part),
//! ConfigMaps, Secrets and PersistentVolumeClaims, worded as the API server words them.

use super::*;

/// Validates a Service (`ValidateService`, the common part).
pub fn validate_service(s: &Service) -> Vec<FieldError> {
    let mut e = Errs::default();
    validate_meta(&s.metadata, dns1035_label, &mut e);
    let ty = s.type_.as_deref().unwrap_or("ClusterIP");
    if !matches!(ty, "ClusterIP" | "ExternalName" | "LoadBalancer" | "NodePort") {
        e.not_supported(
            "spec.type",
            ty,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        );
    }
    let headless = s.cluster_ip.as_deref() == Some("None");
    if s.ports.is_empty() && ty != "ExternalName" && !headless {
        e.required("spec.ports", "");
    }
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for (i, p) in s.ports.iter().enumerate() {
        let pp = format!("spec.ports[{i}]");
        let name = p.name.as_deref().unwrap_or("");
        if s.ports.len() > 1 && name.is_empty() {
            e.required(format!("{pp}.name"), "");
        } else if !name.is_empty() {
            for msg in dns1123_label(name) {
                e.invalid_str(format!("{pp}.name"), name, &msg);
            }
            if names.contains(name) {
                e.duplicate(format!("{pp}.name"), name);
            } else {
                names.insert(name);
            }
        }
        if !(1..=65535).contains(&p.port) {
            e.invalid_num(format!("{pp}.port"), p.port.into(), PORT_RANGE_MSG);
        }
        let proto = p.protocol.as_deref().unwrap_or("TCP");
        if !matches!(proto, "SCTP" | "TCP" | "UDP") {
            e.not_supported(format!("{pp}.protocol"), proto, &["SCTP", "TCP", "UDP"]);
        }
        if let Some(t) = &p.target_port {
            port_num_or_name(t, &format!("{pp}.targetPort"), &mut e);
        }
    }
    for v in s.selector.values() {
        if !label_value_ok(v) || v.len() > 63 {
            e.invalid_str("spec.selector", v, LABEL_VALUE_MSG);
        }
    }
    e.0
}

pub(super) fn config_keys<'a>(keys: impl Iterator<Item = &'a String>, field: &str, e: &mut Errs) {
    for k in keys {
        let ok = !k.is_empty()
            && k.len() <= 253
            && k.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !ok {
            e.invalid_str(format!("{field}[{k}]"), k, CONFIG_KEY_MSG);
        } else if k == "." || k == ".." || k.starts_with("..") {
            e.invalid_str(
                format!("{field}[{k}]"),
                k,
                "must not be '.' or '..' and must not start with '..'",
            );
        }
    }
}

/// Validates a ConfigMap.
pub fn validate_config_map(c: &ConfigMap) -> Vec<FieldError> {
    let mut e = Errs::default();
    validate_meta(&c.metadata, dns1123_subdomain, &mut e);
    config_keys(c.data.keys(), "data", &mut e);
    config_keys(c.binary_data.keys(), "binaryData", &mut e);
    for k in c.data.keys().filter(|k| c.binary_data.contains_key(*k)) {
        e.invalid_str(format!("data[{k}]"), k, "duplicate of key present in binaryData");
    }
    e.0
}

/// Validates a PersistentVolumeClaim (`ValidatePersistentVolumeClaim`: access modes and a
/// storage request are required; the access modes are the four the API knows).
pub fn validate_pvc(c: &PersistentVolumeClaim) -> Vec<FieldError> {
    let mut e = Errs::default();
    validate_meta(&c.metadata, dns1123_subdomain, &mut e);
    if c.access_modes.is_empty() {
        e.required("spec.accessModes", "at least 1 access mode is required");
    }
    for m in &c.access_modes {
        pub(super) const MODES: [&str; 4] =
            ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
        if !MODES.contains(&m.as_str()) {
            e.not_supported("spec.accessModes", m, &MODES);
        }
    }
    if c.storage.is_none() {
        e.required("spec.resources[storage]", "");
    }
    e.0
}

/// Validates a Secret.
pub fn validate_secret(s: &Secret) -> Vec<FieldError> {
    let mut e = Errs::default();
    validate_meta(&s.metadata, dns1123_subdomain, &mut e);
    config_keys(s.data.keys(), "data", &mut e);
    // Typed secrets need their keys (`ValidateSecret`, after `stringData` is merged in).
    let need = |e: &mut Errs, key: &str| {
        if !s.data.contains_key(key) {
            e.required(format!("data[{key}]"), "");
        }
    };
    match s.type_.as_deref().unwrap_or("Opaque") {
        "kubernetes.io/tls" => {
            need(&mut e, "tls.key");
            need(&mut e, "tls.crt");
        }
        "kubernetes.io/basic-auth"
            if !s.data.contains_key("username") && !s.data.contains_key("password") =>
        {
            need(&mut e, "username");
            need(&mut e, "password");
        }
        "kubernetes.io/ssh-auth" => need(&mut e, "ssh-privatekey"),
        "kubernetes.io/dockerconfigjson" => need(&mut e, ".dockerconfigjson"),
        "kubernetes.io/dockercfg" => need(&mut e, ".dockercfg"),
        _ => {}
    }
    let total: usize = s.data.values().map(Vec::len).sum();
    if total > 1024 * 1024 {
        e.push("data", format!("Too long: may not be more than {} bytes", 1024 * 1024));
    }
    e.0
}
