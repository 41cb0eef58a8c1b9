//! What the kubelet resolves before a container exists: its environment (image ENV, the
//! Kubernetes service variables, `envFrom`, `env` with `valueFrom`, `$(VAR)` references) and
//! the files of its volumes (emptyDir, configMap, secret, downwardAPI, the projected
//! service-account token). Failures carry the kubelet's messages (reference §1.12).

use super::fs::{normalize, Mount};
use super::images::Image;
use super::{ApiObjects, CreateFailure, PodVolumes, SA_MOUNT};
use crate::engine::model::{Container, EnvVarSource, Pod, ProjectedSource, VolumeSource};
use std::collections::BTreeMap;

/// The `kubernetes` Service the API server keeps in `default` in every cluster: the first
/// address of the service CIDR (kubeadm's 10.96.0.0/12) and the API server's HTTPS port. The
/// cluster network resolves and routes it; pods get its service-link variables.
pub struct KubernetesService {
    /// `kubernetes`.
    pub name: &'static str,
    /// `10.96.0.1`.
    pub cluster_ip: &'static str,
    /// `443`.
    pub port: u16,
}

/// See [`KubernetesService`].
pub const KUBERNETES_SERVICE: KubernetesService =
    KubernetesService { name: "kubernetes", cluster_ip: "10.96.0.1", port: 443 };

fn config_error(message: String) -> CreateFailure {
    CreateFailure { reason: "CreateContainerConfigError".into(), message }
}

fn ns(pod: &Pod) -> String {
    if pod.metadata.namespace.is_empty() {
        "default".into()
    } else {
        pod.metadata.namespace.clone()
    }
}

/// Expands Kubernetes `$(VAR)` references (in env values, command and args) against `env`;
/// `$$` escapes a `$`; unknown references stay as written.
pub fn expand_dollar_refs(s: &str, env: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(a) = after.strip_prefix('$') {
            out.push('$');
            rest = a;
        } else if let Some(inner) = after.strip_prefix('(') {
            match inner.find(')') {
                Some(j)
                    if inner[..j]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-') =>
                {
                    let name = &inner[..j];
                    match env.iter().rev().find(|(k, _)| k == name) {
                        Some((_, v)) => out.push_str(v),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = &inner[j + 1..];
                }
                _ => {
                    out.push('$');
                    rest = after;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The pod's `metadata.uid` as the API server set it on create; a stable stand-in derived from
/// the name for a pod that was never created (runtime tests).
pub fn pod_uid(pod: &Pod) -> String {
    if !pod.metadata.uid.is_empty() {
        return pod.metadata.uid.clone();
    }
    let d = super::images::digest(&pod.metadata.name);
    format!("{}-{}-4{}-8{}-{}", &d[..8], &d[8..12], &d[13..16], &d[17..20], &d[20..32])
}

fn field_ref(pod: &Pod, api: &ApiObjects, path: &str) -> String {
    let label = |m: &BTreeMap<String, String>, p: &str| -> Option<String> {
        let key = p.split_once("['")?.1.strip_suffix("']")?;
        m.get(key).cloned()
    };
    match path {
        "metadata.name" => pod.metadata.name.clone(),
        "metadata.namespace" => ns(pod),
        "metadata.uid" => pod_uid(pod),
        "spec.nodeName" => api
            .node_name
            .clone()
            .or_else(|| pod.spec.node_name.clone())
            .unwrap_or_else(|| "podlab-node".into()),
        "spec.serviceAccountName" => {
            pod.spec.service_account_name.clone().unwrap_or_else(|| "default".into())
        }
        "status.podIP" | "status.podIPs" => api.pod_ip.clone().unwrap_or_default(),
        "status.hostIP" | "status.hostIPs" => {
            api.host_ip.clone().unwrap_or_else(|| "192.168.49.2".into())
        }
        "metadata.labels" => pod
            .metadata
            .labels
            .iter()
            .map(|(k, v)| format!("{k}=\"{v}\""))
            .collect::<Vec<_>>()
            .join("\n"),
        "metadata.annotations" => pod
            .metadata
            .annotations
            .iter()
            .map(|(k, v)| format!("{k}=\"{v}\""))
            .collect::<Vec<_>>()
            .join("\n"),
        p if p.starts_with("metadata.labels[") => {
            label(&pod.metadata.labels, p).unwrap_or_default()
        }
        p if p.starts_with("metadata.annotations[") => {
            label(&pod.metadata.annotations, p).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// Resolves a container's environment in the kubelet's order: image ENV, service variables,
/// `envFrom` sources in order, then `env` entries in order (later wins).
pub fn resolve_env(
    pod: &Pod,
    c: &Container,
    image: &Image,
    api: &ApiObjects,
) -> Result<Vec<(String, String)>, CreateFailure> {
    let mut env: Vec<(String, String)> = image.env.clone();
    let set = |env: &mut Vec<(String, String)>, k: String, v: String| {
        env.retain(|(x, _)| *x != k);
        env.push((k, v));
    };
    let namespace = ns(pod);
    set(
        &mut env,
        "HOSTNAME".into(),
        pod.spec.hostname.clone().unwrap_or_else(|| pod.metadata.name.clone()),
    );
    set(
        &mut env,
        "HOME".into(),
        if image.user.1 == 0 { "/root".into() } else { format!("/home/{}", image.user.0) },
    );
    // Service links (enableServiceLinks defaults to true) for Services that exist now.
    let (k8s_ip, k8s_port) = (KUBERNETES_SERVICE.cluster_ip, KUBERNETES_SERVICE.port);
    let mut svc_vars = vec![
        ("KUBERNETES_SERVICE_HOST".to_string(), k8s_ip.to_string()),
        ("KUBERNETES_SERVICE_PORT".to_string(), k8s_port.to_string()),
        ("KUBERNETES_PORT".to_string(), format!("tcp://{k8s_ip}:{k8s_port}")),
    ];
    for (name, svc) in &api.services {
        let (Some(ip), Some(port)) =
            (svc.cluster_ip.as_ref().filter(|ip| *ip != "None"), svc.ports.first())
        else {
            continue;
        };
        let n = name.to_uppercase().replace('-', "_");
        svc_vars.push((format!("{n}_SERVICE_HOST"), ip.clone()));
        svc_vars.push((format!("{n}_SERVICE_PORT"), port.port.to_string()));
        svc_vars.push((format!("{n}_PORT"), format!("tcp://{ip}:{}", port.port)));
    }
    for (k, v) in svc_vars {
        set(&mut env, k, v);
    }
    for ef in &c.env_from {
        let prefix = ef.prefix.clone().unwrap_or_default();
        if let Some((name, optional)) = &ef.config_map_ref {
            match api.config_maps.get(name) {
                Some(cm) => {
                    for (k, v) in &cm.data {
                        set(&mut env, format!("{prefix}{k}"), v.clone());
                    }
                }
                None if *optional => {}
                None => return Err(config_error(format!("configmap {name:?} not found"))),
            }
        }
        if let Some((name, optional)) = &ef.secret_ref {
            match api.secrets.get(name) {
                Some(s) => {
                    for (k, v) in &s.data {
                        set(
                            &mut env,
                            format!("{prefix}{k}"),
                            String::from_utf8_lossy(v).into_owned(),
                        );
                    }
                }
                None if *optional => {}
                None => return Err(config_error(format!("secret {name:?} not found"))),
            }
        }
    }
    for e in &c.env {
        let value = match (&e.value, &e.value_from) {
            (Some(v), _) => Some(expand_dollar_refs(v, &env)),
            (None, None) => Some(String::new()),
            (None, Some(EnvVarSource::ConfigMapKeyRef { name, key, optional })) => {
                match api.config_maps.get(name) {
                    Some(cm) => match cm.data.get(key) {
                        Some(v) => Some(v.clone()),
                        None if *optional => None,
                        None => {
                            return Err(config_error(format!(
                                "couldn't find key {key} in ConfigMap {namespace}/{name}"
                            )))
                        }
                    },
                    None if *optional => None,
                    None => return Err(config_error(format!("configmap {name:?} not found"))),
                }
            }
            (None, Some(EnvVarSource::SecretKeyRef { name, key, optional })) => {
                match api.secrets.get(name) {
                    Some(s) => match s.data.get(key) {
                        Some(v) => Some(String::from_utf8_lossy(v).into_owned()),
                        None if *optional => None,
                        None => {
                            return Err(config_error(format!(
                                "couldn't find key {key} in Secret {namespace}/{name}"
                            )))
                        }
                    },
                    None if *optional => None,
                    None => return Err(config_error(format!("secret {name:?} not found"))),
                }
            }
            (None, Some(EnvVarSource::FieldRef { field_path })) => {
                Some(field_ref(pod, api, field_path))
            }
            (None, Some(EnvVarSource::ResourceFieldRef { resource, .. })) => {
                // Without a limit the kubelet reports the node's allocatable (podlab's node:
                // 2 CPUs, 8 GiB).
                let (kind, field) =
                    resource.split_once('.').unwrap_or(("limits", resource.as_str()));
                let q = if kind == "limits" {
                    c.resources.limits.get(field)
                } else {
                    c.resources.requests.get(field)
                };
                Some(match (field, q) {
                    ("cpu", Some(q)) => ((q.milli + 999) / 1000).max(1).to_string(),
                    ("cpu", None) => {
                        if kind == "limits" {
                            "2".into()
                        } else {
                            "0".into()
                        }
                    }
                    (_, Some(q)) => (q.milli / 1000).to_string(),
                    (_, None) => {
                        if kind == "limits" {
                            "8589934592".into()
                        } else {
                            "0".into()
                        }
                    }
                })
            }
        };
        if let Some(v) = value {
            set(&mut env, e.name.clone(), v);
        }
    }
    Ok(env)
}

fn kv_files(
    data: Vec<(String, Vec<u8>)>,
    items: &[crate::engine::model::KeyToPath],
    what: &str,
    name: &str,
    vol: &str,
) -> Result<BTreeMap<String, Vec<u8>>, CreateFailure> {
    let mut out = BTreeMap::new();
    if items.is_empty() {
        for (k, v) in data {
            out.insert(k, v);
        }
        return Ok(out);
    }
    for it in items {
        match data.iter().find(|(k, _)| *k == it.key) {
            Some((_, v)) => {
                out.insert(it.path.trim_start_matches('/').to_string(), v.clone());
            }
            None => {
                return Err(mount_error(
                    vol,
                    &format!("configmap references non-existent config key: {}", it.key)
                        .replace("configmap", what)
                        .replace("{name}", name),
                ))
            }
        }
    }
    Ok(out)
}

fn mount_error(vol: &str, why: &str) -> CreateFailure {
    CreateFailure {
        reason: "FailedMount".into(),
        message: format!("MountVolume.SetUp failed for volume {vol:?} : {why}"),
    }
}

fn cm_data(api: &ApiObjects, name: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let cm = api.config_maps.get(name)?;
    let mut v: Vec<(String, Vec<u8>)> =
        cm.data.iter().map(|(k, v)| (k.clone(), v.clone().into_bytes())).collect();
    v.extend(cm.binary_data.iter().map(|(k, v)| (k.clone(), v.clone())));
    Some(v)
}

fn secret_data(api: &ApiObjects, name: &str) -> Option<Vec<(String, Vec<u8>)>> {
    Some(api.secrets.get(name)?.data.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// The service-account volume's name (`kube-api-access-xxxxx`, stable per pod).
pub fn sa_volume_name(pod: &Pod) -> String {
    let d = super::images::digest(&pod.metadata.name);
    let suffix: String =
        d.chars().filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit()).take(5).collect();
    format!("kube-api-access-{suffix}")
}

/// Projects the files of every volume `c` mounts into `volumes` (refreshing configMap and
/// secret contents from `api`, as the kubelet's periodic sync does), and returns the mounts,
/// including the service-account token volume every container gets.
/// A missing ConfigMap/Secret for a volume fails with reason `FailedMount` (the kubelet keeps the
/// container waiting with its default reason and emits a Warning `FailedMount` event).
pub fn project_volumes(
    pod: &Pod,
    c: &Container,
    api: &ApiObjects,
    volumes: &mut PodVolumes,
) -> Result<Vec<Mount>, CreateFailure> {
    let mut mounts = Vec::new();
    for vm in &c.volume_mounts {
        let Some(vol) = pod.spec.volumes.iter().find(|v| v.name == vm.name) else { continue };
        let mut read_only = vm.read_only;
        let projected: Option<BTreeMap<String, Vec<u8>>> = match &vol.source {
            VolumeSource::ConfigMap { name, items, optional, .. } => {
                read_only = true;
                Some(match cm_data(api, name) {
                    Some(d) => kv_files(d, items, "configmap", name, &vol.name)?,
                    None if *optional => BTreeMap::new(),
                    None => {
                        return Err(mount_error(
                            &vol.name,
                            &format!("configmap {name:?} not found"),
                        ))
                    }
                })
            }
            VolumeSource::Secret { secret_name, items, optional, .. } => {
                read_only = true;
                Some(match secret_data(api, secret_name) {
                    Some(d) => kv_files(d, items, "secret", secret_name, &vol.name)?,
                    None if *optional => BTreeMap::new(),
                    None => {
                        return Err(mount_error(
                            &vol.name,
                            &format!("secret {secret_name:?} not found"),
                        ))
                    }
                })
            }
            VolumeSource::DownwardApi { items } => {
                read_only = true;
                Some(
                    items
                        .iter()
                        .map(|(p, f)| {
                            (
                                p.trim_start_matches('/').to_string(),
                                field_ref(pod, api, f).into_bytes(),
                            )
                        })
                        .collect(),
                )
            }
            VolumeSource::Projected { sources } => {
                read_only = true;
                let mut all = BTreeMap::new();
                for s in sources {
                    match s {
                        ProjectedSource::ConfigMap { name, items, optional } => {
                            match cm_data(api, name) {
                                Some(d) => {
                                    all.extend(kv_files(d, items, "configmap", name, &vol.name)?)
                                }
                                None if *optional => {}
                                None => {
                                    return Err(mount_error(
                                        &vol.name,
                                        &format!("configmap {name:?} not found"),
                                    ))
                                }
                            }
                        }
                        ProjectedSource::Secret { name, items, optional } => {
                            match secret_data(api, name) {
                                Some(d) => {
                                    all.extend(kv_files(d, items, "secret", name, &vol.name)?)
                                }
                                None if *optional => {}
                                None => {
                                    return Err(mount_error(
                                        &vol.name,
                                        &format!("secret {name:?} not found"),
                                    ))
                                }
                            }
                        }
                        ProjectedSource::DownwardApi { items } => {
                            for (p, f) in items {
                                all.insert(
                                    p.trim_start_matches('/').to_string(),
                                    field_ref(pod, api, f).into_bytes(),
                                );
                            }
                        }
                        ProjectedSource::ServiceAccountToken { path } => {
                            all.insert(
                                path.trim_start_matches('/').to_string(),
                                sa_token(pod).into_bytes(),
                            );
                        }
                    }
                }
                Some(all)
            }
            // emptyDir, hostPath, PVCs and unsimulated types: a directory owned by the pod that
            // outlives container restarts.
            _ => None,
        };
        match projected {
            Some(files) => {
                volumes.files.insert(vol.name.clone(), files);
            }
            None => {
                volumes.files.entry(vol.name.clone()).or_default();
            }
        }
        let sub = vm.sub_path.clone().unwrap_or_default();
        mounts.push(Mount {
            path: normalize("/", &vm.mount_path),
            volume: vol.name.clone(),
            sub_path: sub.trim_matches('/').to_string(),
            read_only,
        });
    }
    if !mounts.iter().any(|m| m.path == SA_MOUNT) {
        let name = sa_volume_name(pod);
        let mut files = BTreeMap::new();
        files.insert("namespace".to_string(), ns(pod).into_bytes());
        files.insert("token".to_string(), sa_token(pod).into_bytes());
        files.insert("ca.crt".to_string(), b"-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n(podlab: simulated cluster CA)\n-----END CERTIFICATE-----\n".to_vec());
        volumes.files.insert(name.clone(), files);
        mounts.push(Mount {
            path: SA_MOUNT.into(),
            volume: name,
            sub_path: String::new(),
            read_only: true,
        });
    }
    Ok(mounts)
}

fn sa_token(pod: &Pod) -> String {
    format!(
        "eyJhbGciOiJSUzI1NiIsImtpZCI6InBvZGxhYiJ9.{}.podlab-simulated-signature",
        super::images::digest(&pod.metadata.name)
    )
}
