//! The API server's work on a pod it accepts, done once: defaulting (`pkg/apis/core/v1/
//! defaults.go`), the default admission plugins' additions (ServiceAccount, Priority,
//! DefaultTolerationSeconds) and, on create, `metadata.uid`, `metadata.creationTimestamp` and
//! `status.qosClass`.
//!
//! Entry points: [`set_defaults`] (called by [`super::admit`] for every pod it accepts) and
//! [`on_create`] (called by the kubelet's world when the pod is created at a virtual instant;
//! it applies [`set_defaults`] too, so a pod that never went through [`super::admit`] is
//! defaulted the same way). Everyone else reads the fields these set: the kubelet (pull
//! policy, grace period, uid, QoS class), `kubectl get -o yaml` and `kubectl describe`.
//! [`defaulted`] gives a defaulted copy to printers handed a pod nobody created (test
//! fixtures).
//!
//! Simplifications: the uid is derived from the pod's name and creation instant (FNV-1a,
//! UUID-shaped) rather than random, so output is reproducible; the token volume's
//! `kube-api-access-xxxxx` suffix likewise. Requests defaulted from limits are computed on
//! read ([`effective_requests`]) rather than written into the spec.

use crate::engine::model::{Container, Pod, Quantity};
use crate::engine::time::Millis;
use std::collections::BTreeMap;

/// `terminationMessagePath`'s default.
pub const TERMINATION_MESSAGE_PATH: &str = "/dev/termination-log";
/// `terminationMessagePolicy`'s default.
pub const TERMINATION_MESSAGE_POLICY: &str = "File";
/// `spec.dnsPolicy`'s default.
pub const DNS_POLICY: &str = "ClusterFirst";
/// `spec.schedulerName`'s default.
pub const SCHEDULER_NAME: &str = "default-scheduler";
/// `spec.terminationGracePeriodSeconds`'s default.
pub const TERMINATION_GRACE_PERIOD_SECONDS: i64 = 30;
/// `spec.preemptionPolicy`'s default (Priority admission, no priority class).
pub const PREEMPTION_POLICY: &str = "PreemptLowerPriority";
/// The service account the ServiceAccount admission plugin assigns when none is named.
pub const SERVICE_ACCOUNT: &str = "default";
/// Where the ServiceAccount admission plugin mounts the token volume.
pub const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// The kube-api-access token lifetime kubelets are given (`3607`: one hour plus the 7 s the
/// ServiceAccount admission plugin adds to make the token's expiry distinguishable).
pub const TOKEN_EXPIRATION_SECONDS: i64 = 3607;
/// DefaultTolerationSeconds: the `NoExecute` tolerations every pod gets, for 300 s.
pub const DEFAULT_TOLERATIONS: [&str; 2] =
    ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];
/// DefaultTolerationSeconds' `tolerationSeconds`.
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

/// `imagePullPolicy` as defaulted: `Always` for `:latest` or an untagged image (no digest
/// either), else `IfNotPresent`.
pub fn pull_policy(image: &str) -> &'static str {
    if image.contains('@') {
        return "IfNotPresent";
    }
    let name_part = image.rsplit('/').next().unwrap_or(image);
    match name_part.rsplit_once(':') {
        Some((_, "latest")) | None => "Always",
        Some(_) => "IfNotPresent",
    }
}

/// Container requests as stored: explicit requests, plus a request equal to the limit for every
/// resource that has a limit but no request (`SetDefaults_Pod`).
pub fn effective_requests(c: &Container) -> BTreeMap<String, Quantity> {
    let mut r = c.resources.requests.clone();
    for (k, v) in &c.resources.limits {
        r.entry(k.clone()).or_insert_with(|| v.clone());
    }
    r
}

/// `GetPodQOS` (`pkg/apis/core/v1/helper/qos`): over every container (init ones included),
/// only CPU and memory count, and a zero quantity does not count. No request or limit left →
/// BestEffort; CPU and memory limits on every container, with the summed requests equal to
/// the summed limits → Guaranteed; else Burstable.
pub fn qos_class(pod: &Pod) -> &'static str {
    let mut any = false;
    let mut guaranteed = true;
    let mut req_sum: BTreeMap<&str, i128> = BTreeMap::new();
    let mut lim_sum: BTreeMap<&str, i128> = BTreeMap::new();
    for c in pod.spec.init_containers.iter().chain(pod.spec.containers.iter()) {
        let reqs = effective_requests(c);
        for res in ["cpu", "memory"] {
            if let Some(q) = reqs.get(res).filter(|q| q.milli != 0) {
                any = true;
                let sum = req_sum.entry(res).or_default();
                *sum = sum.saturating_add(q.milli);
            }
            match c.resources.limits.get(res).filter(|q| q.milli != 0) {
                Some(q) => {
                    any = true;
                    let sum = lim_sum.entry(res).or_default();
                    *sum = sum.saturating_add(q.milli);
                }
                None => guaranteed = false,
            }
        }
    }
    if !any {
        return "BestEffort";
    }
    if guaranteed && req_sum == lim_sum {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// FNV-1a: a small stable hash for deterministic identifiers (no randomness in the engine).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// `metadata.uid`: a UUID-shaped identifier (version 4, variant 8 digits) derived from the
/// pod's name and creation instant, so two pods of the same name created at different
/// instants differ and a rerun gives the same uid.
pub fn uid(name: &str, created: Millis) -> String {
    let a = fnv1a(&format!("{name}@{}", created.0));
    let b = fnv1a(&format!("{}#{name}", created.0));
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// Every default that does not depend on when the pod is created (idempotent: a field
/// already set is kept).
pub fn set_defaults(pod: &mut Pod) {
    for c in pod.spec.init_containers.iter_mut().chain(pod.spec.containers.iter_mut()) {
        if c.image_pull_policy.is_none() {
            c.image_pull_policy = Some(pull_policy(&c.image).into());
        }
        c.termination_message_path.get_or_insert_with(|| TERMINATION_MESSAGE_PATH.into());
        c.termination_message_policy.get_or_insert_with(|| TERMINATION_MESSAGE_POLICY.into());
        for p in &mut c.ports {
            p.protocol.get_or_insert_with(|| "TCP".into());
        }
    }
    let sp = &mut pod.spec;
    sp.termination_grace_period_seconds.get_or_insert(TERMINATION_GRACE_PERIOD_SECONDS);
    sp.dns_policy.get_or_insert_with(|| DNS_POLICY.into());
    sp.scheduler_name.get_or_insert_with(|| SCHEDULER_NAME.into());
    sp.enable_service_links.get_or_insert(true);
    sp.priority.get_or_insert(0);
    sp.preemption_policy.get_or_insert_with(|| PREEMPTION_POLICY.into());
    if sp.service_account_name.as_deref().is_none_or(str::is_empty) {
        sp.service_account_name = Some(SERVICE_ACCOUNT.into());
    }
    if pod.spec.qos_class.is_none() {
        pod.spec.qos_class = Some(qos_class(pod).into());
    }
}

/// The API server's create at virtual instant `now`: the defaults, then `metadata.uid` and
/// `metadata.creationTimestamp` (kept when already set).
pub fn on_create(pod: &mut Pod, now: Millis) {
    set_defaults(pod);
    let created = *pod.metadata.creation_timestamp.get_or_insert(now);
    if pod.metadata.uid.is_empty() {
        pod.metadata.uid = uid(&pod.metadata.name, created);
    }
}

/// `pod` as the API server would hold it had it been created at `created` (a copy; the pod's
/// own values win). For printers handed a pod that was never created through the kubelet.
pub fn defaulted(pod: &Pod, created: Millis) -> Pod {
    let mut p = pod.clone();
    on_create(&mut p, created);
    p
}

/// What the ServiceAccount admission plugin adds: the projected token volume's name,
/// `kube-api-access-xxxxx`, its suffix derived from the pod's name, namespace and creation
/// instant.
pub fn token_volume(pod: &Pod, created: Millis) -> String {
    // utilrand.String's alphabet: no vowels (no words) and no look-alike characters.
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ 1;
    for p in [&pod.metadata.name, &pod.metadata.namespace, &created.0.to_string()] {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    let mut suffix = String::new();
    for _ in 0..5 {
        suffix.push(ALPHABET[(h % ALPHABET.len() as u64) as usize] as char);
        h /= ALPHABET.len() as u64;
    }
    format!("kube-api-access-{suffix}")
}

/// What the API server and its default admission plugins add to a pod on create, beyond the
/// spec's own fields, as the printers read them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiDefaults {
    /// `spec.serviceAccountName` (ServiceAccount admission: `default`).
    pub service_account: String,
    /// Name of the injected projected token volume, `kube-api-access-xxxxx`.
    pub token_volume: String,
    /// `spec.priority` (Priority admission: 0 without a priority class).
    pub priority: i32,
    /// `spec.terminationGracePeriodSeconds`.
    pub termination_grace_period_seconds: i64,
}

/// The defaults of `pod`, created at `created`.
pub fn api_defaults(pod: &Pod, created: Millis) -> ApiDefaults {
    let p = defaulted(pod, created);
    let created = p.metadata.creation_timestamp.unwrap_or(created);
    ApiDefaults {
        token_volume: token_volume(&p, created),
        service_account: p.spec.service_account_name.unwrap_or_default(),
        priority: p.spec.priority.unwrap_or_default(),
        termination_grace_period_seconds: p
            .spec
            .termination_grace_period_seconds
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::admission::admit;

    fn pod(yaml_resources: &str) -> Pod {
        let yaml = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: busybox\n{yaml_resources}"
        );
        match admit(&yaml).objects.pop() {
            Some(crate::engine::model::Object::Pod(p)) => p,
            other => panic!("not admitted: {other:?}"),
        }
    }

    #[test]
    fn latest_and_untagged_images_are_always_pulled() {
        assert_eq!(pull_policy("busybox"), "Always");
        assert_eq!(pull_policy("busybox:latest"), "Always");
        assert_eq!(pull_policy("busybox:1.36"), "IfNotPresent");
        assert_eq!(pull_policy("localhost:5000/app"), "Always");
        assert_eq!(pull_policy("localhost:5000/app:v1"), "IfNotPresent");
        assert_eq!(pull_policy("busybox@sha256:abc"), "IfNotPresent");
    }

    #[test]
    fn zero_quantities_do_not_count_for_the_qos_class() {
        let zero = pod("    resources:\n      requests:\n        cpu: \"0\"\n");
        assert_eq!(zero.spec.qos_class.as_deref(), Some("BestEffort"));
        let some = pod("    resources:\n      requests:\n        cpu: 100m\n");
        assert_eq!(some.spec.qos_class.as_deref(), Some("Burstable"));
        let equal = pod("    resources:\n      limits:\n        cpu: 100m\n        memory: 64Mi\n");
        assert_eq!(equal.spec.qos_class.as_deref(), Some("Guaranteed"));
        assert_eq!(pod("").spec.qos_class.as_deref(), Some("BestEffort"));
    }

    #[test]
    fn admission_fills_in_what_the_learner_left_out_and_keeps_what_was_written() {
        let p = pod("    imagePullPolicy: Never\n");
        let c = &p.spec.containers[0];
        assert_eq!(c.image_pull_policy.as_deref(), Some("Never"));
        assert_eq!(c.termination_message_path.as_deref(), Some(TERMINATION_MESSAGE_PATH));
        assert_eq!(p.spec.termination_grace_period_seconds, Some(30));
        assert_eq!(p.spec.dns_policy.as_deref(), Some("ClusterFirst"));
        assert_eq!(p.spec.service_account_name.as_deref(), Some("default"));
        assert_eq!(pod("").spec.containers[0].image_pull_policy.as_deref(), Some("Always"));
        // The uid and creation time are set on create, once.
        let mut created = p.clone();
        on_create(&mut created, Millis(2000));
        let uid = created.metadata.uid.clone();
        assert_eq!((uid.len(), &uid[14..15]), (36, "4"));
        on_create(&mut created, Millis(9000));
        assert_eq!(
            (created.metadata.uid, created.metadata.creation_timestamp),
            (uid, Some(Millis(2000)))
        );
    }
}
