//! `kubectl describe pod NAME`, line for line as kubectl's `describePod`
//! (staging/src/k8s.io/kubectl/pkg/describe/describe.go) prints it.
//!
//! The text is written with `\t` between label and value and laid out by Go's tabwriter with
//! describe's settings ([`TabWriter::describe`]: padding 2), so alignment follows kubectl's
//! *block* rule: `Name:` … `IP:` align together, each container's `Container ID:` … `Host
//! Port:` align until `Command:` breaks the block, `State:` … `Environment:` align on their own,
//! and `Volumes` through `Tolerations` share one block. The Events table is flushed separately
//! (kubectl calls `w.Flush()` before it), so its columns have their own widths.
//!
//! What the API server adds (service account, the `kube-api-access-xxxxx` projected volume and
//! its mount in every container, the two default tolerations, priority 0) comes from
//! [`crate::engine::admission::defaults`], the same source `-o yaml` uses. Times are
//! RFC 1123 with a numeric zone in UTC (`Thu, 01 Jan 2026 00:00:05 +0000`); kubectl prints them
//! in the reader's local zone, podlab's clock is UTC. `Node-Selectors` is always `<none>` and
//! `Controlled By` never shown: podlab pods have neither.

use crate::engine::kubectl::events::{describe_age, for_pod, since};
use crate::engine::kubectl::tabwriter::TabWriter;
use crate::engine::kubectl::yaml::{
    api_defaults, canonical_quantity, deletion_timestamp, describe_probe, effective_requests,
    pod_qos_class, pod_uid, ApiDefaults, TOKEN_EXPIRATION_SECONDS, TOKEN_MOUNT_PATH,
};
use crate::engine::kubelet::PodView;
use crate::engine::model::{
    Container, ContainerState, ContainerStatus, EnvVarSource, ProjectedSource, Quantity,
    VolumeSource,
};
use crate::engine::sort::sort_by;
use crate::engine::time::{rfc3339, Millis};
use std::collections::BTreeMap;

/// A virtual instant as Go's `time.RFC1123Z` in UTC: `Thu, 01 Jan 2026 00:00:05 +0000`.
pub fn rfc1123z(t: Millis) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let iso = rfc3339(t); // YYYY-MM-DDTHH:MM:SSZ
    let (y, mo, d, hms) = (&iso[0..4], &iso[5..7], &iso[8..10], &iso[11..19]);
    let month = mo
        .parse::<usize>()
        .ok()
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("Jan");
    // The epoch, 2026-01-01, was a Thursday (index 4).
    let weekday = DAYS[((t.0 / 86_400_000 + 4) % 7) as usize];
    format!("{weekday}, {d} {month} {y} {hms} +0000")
}

fn push(out: &mut String, level: usize, text: &str) {
    for _ in 0..level {
        out.push_str("  ");
    }
    out.push_str(text);
}

fn describe_state(out: &mut String, label: &str, st: &ContainerState) {
    match st {
        ContainerState::Running { started_at } => {
            push(out, 2, &format!("{label}:\tRunning\n"));
            push(out, 3, &format!("Started:\t{}\n", rfc1123z(*started_at)));
        }
        ContainerState::Waiting { reason, .. } => {
            push(out, 2, &format!("{label}:\tWaiting\n"));
            if let Some(r) = reason.as_deref().filter(|r| !r.is_empty()) {
                push(out, 3, &format!("Reason:\t{r}\n"));
            }
        }
        ContainerState::Terminated {
            exit_code,
            signal,
            reason,
            message,
            started_at,
            finished_at,
        } => {
            push(out, 2, &format!("{label}:\tTerminated\n"));
            if let Some(r) = reason.as_deref().filter(|r| !r.is_empty()) {
                push(out, 3, &format!("Reason:\t{r}\n"));
            }
            if let Some(m) = message.as_deref().filter(|m| !m.is_empty()) {
                push(out, 3, &format!("Message:\t{m}\n"));
            }
            push(out, 3, &format!("Exit Code:\t{exit_code}\n"));
            if let Some(sig) = signal.filter(|s| *s > 0) {
                push(out, 3, &format!("Signal:\t{sig}\n"));
            }
            push(out, 3, &format!("Started:\t{}\n", rfc1123z(*started_at)));
            push(out, 3, &format!("Finished:\t{}\n", rfc1123z(*finished_at)));
        }
    }
}

fn resources(out: &mut String, label: &str, m: &BTreeMap<String, Quantity>) {
    if m.is_empty() {
        return;
    }
    push(out, 2, &format!("{label}:\n"));
    for (k, q) in m {
        push(out, 3, &format!("{k}:\t{}\n", canonical_quantity(q)));
    }
}

/// `ExtractContainerResourceValue` with the default divisor 1: CPU rounded up to whole cores,
/// memory and storage in bytes (rounded up).
fn resource_field_value(c: &Container, resource: &str) -> String {
    let (kind, name) = resource.split_once('.').unwrap_or(("", resource));
    let milli = match kind {
        "limits" => c.resources.limits.get(name).map(|q| q.milli),
        "requests" => effective_requests(c).get(name).map(|q| q.milli),
        _ => None,
    }
    .unwrap_or(0);
    let v = if milli <= 0 { 0 } else { (milli + 999) / 1000 };
    if v == 0 && (resource == "limits.cpu" || resource == "limits.memory") {
        return "node allocatable".into();
    }
    v.to_string()
}

/// The value `EnvValueRetriever` shows for a `fieldRef`.
fn field_value(view: &PodView, d: &ApiDefaults, path: &str) -> String {
    let m = &view.pod.metadata;
    let label = |map: &BTreeMap<String, String>, p: &str, prefix: &str| {
        p.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix("']"))
            .and_then(|k| map.get(k))
            .cloned()
            .unwrap_or_default()
    };
    match path {
        "metadata.name" => m.name.clone(),
        "metadata.namespace" => {
            if m.namespace.is_empty() {
                "default".into()
            } else {
                m.namespace.clone()
            }
        }
        "metadata.uid" => pod_uid(view),
        "spec.nodeName" => view.node_name.clone().unwrap_or_default(),
        "spec.serviceAccountName" => d.service_account.clone(),
        "status.podIP" | "status.podIPs" => view.status.pod_ip.clone().unwrap_or_default(),
        "status.hostIP" | "status.hostIPs" => view.status.host_ip.clone().unwrap_or_default(),
        p if p.starts_with("metadata.labels['") => label(&m.labels, p, "metadata.labels['"),
        p if p.starts_with("metadata.annotations['") => {
            label(&m.annotations, p, "metadata.annotations['")
        }
        _ => String::new(),
    }
}

fn describe_container(
    out: &mut String,
    view: &PodView,
    d: &ApiDefaults,
    c: &Container,
    status: Option<&ContainerStatus>,
) {
    push(out, 1, &format!("{}:\n", c.name));
    if let Some(st) = status {
        push(out, 2, &format!("Container ID:\t{}\n", st.container_id.as_deref().unwrap_or("")));
    }
    push(out, 2, &format!("Image:\t{}\n", c.image));
    if let Some(st) = status {
        push(out, 2, &format!("Image ID:\t{}\n", st.image_id));
    }
    let protocol = |p: &crate::engine::model::ContainerPort| {
        p.protocol.clone().unwrap_or_else(|| "TCP".into())
    };
    let ports: Vec<String> =
        c.ports.iter().map(|p| format!("{}/{}", p.container_port, protocol(p))).collect();
    let host_ports: Vec<String> =
        c.ports.iter().map(|p| format!("{}/{}", p.host_port.unwrap_or(0), protocol(p))).collect();
    let none = |v: &[String]| if v.is_empty() { "<none>".to_string() } else { v.join(", ") };
    if ports.len() > 1 {
        push(out, 2, &format!("Ports:\t{}\n", ports.join(", ")));
    } else {
        push(out, 2, &format!("Port:\t{}\n", none(&ports)));
    }
    if host_ports.len() > 1 {
        push(out, 2, &format!("Host Ports:\t{}\n", host_ports.join(", ")));
    } else {
        push(out, 2, &format!("Host Port:\t{}\n", none(&host_ports)));
    }
    for (label, list) in [("Command", &c.command), ("Args", &c.args)] {
        if let Some(items) = list.as_ref().filter(|l| !l.is_empty()) {
            push(out, 2, &format!("{label}:\n"));
            for item in items {
                for line in item.split('\n') {
                    push(out, 3, &format!("{line}\n"));
                }
            }
        }
    }
    if let Some(st) = status {
        describe_state(out, "State", &st.state);
        if let Some(last @ ContainerState::Terminated { .. }) = &st.last_state {
            describe_state(out, "Last State", last);
        }
        push(out, 2, &format!("Ready:\t{}\n", if st.ready { "True" } else { "False" }));
        push(out, 2, &format!("Restart Count:\t{}\n", st.restart_count));
    }
    resources(out, "Limits", &c.resources.limits);
    resources(out, "Requests", &effective_requests(c));
    for (label, p) in [
        ("Liveness", &c.liveness_probe),
        ("Readiness", &c.readiness_probe),
        ("Startup", &c.startup_probe),
    ] {
        if let Some(p) = p {
            push(out, 2, &format!("{label}:\t{}\n", describe_probe(p)));
        }
    }
    if !c.env_from.is_empty() {
        push(out, 2, "Environment Variables from:\n");
        for e in &c.env_from {
            let (name, from, optional) = match (&e.config_map_ref, &e.secret_ref) {
                (Some((n, o)), _) => (n.clone(), "ConfigMap", *o),
                (None, Some((n, o))) => (n.clone(), "Secret", *o),
                (None, None) => (String::new(), "", false),
            };
            match e.prefix.as_deref().filter(|p| !p.is_empty()) {
                None => push(out, 3, &format!("{name}\t{from}\tOptional: {optional}\n")),
                Some(p) => push(
                    out,
                    3,
                    &format!("{name}\t{from} with prefix '{p}'\tOptional: {optional}\n"),
                ),
            }
        }
    }
    if c.env.is_empty() {
        push(out, 2, "Environment:\t<none>\n");
    } else {
        push(out, 2, "Environment:\n");
    }
    for e in &c.env {
        match &e.value_from {
            None => {
                for (i, line) in e.value.as_deref().unwrap_or("").split('\n').enumerate() {
                    if i == 0 {
                        push(out, 3, &format!("{}:\t{line}\n", e.name));
                    } else {
                        push(out, 3, &format!("\t{line}\n"));
                    }
                }
            }
            Some(EnvVarSource::FieldRef { field_path }) => {
                push(
                    out,
                    3,
                    &format!(
                        "{}:\t{} (v1:{field_path})\n",
                        e.name,
                        field_value(view, d, field_path)
                    ),
                );
            }
            Some(EnvVarSource::ResourceFieldRef { resource, .. }) => {
                push(
                    out,
                    3,
                    &format!("{}:\t{} ({resource})\n", e.name, resource_field_value(c, resource)),
                );
            }
            Some(EnvVarSource::SecretKeyRef { name, key, optional }) => {
                push(
                    out,
                    3,
                    &format!(
                        "{}:\t<set to the key '{key}' in secret '{name}'>\tOptional: {optional}\n",
                        e.name
                    ),
                );
            }
            Some(EnvVarSource::ConfigMapKeyRef { name, key, optional }) => {
                push(out, 3, &format!("{}:\t<set to the key '{key}' of config map '{name}'>\tOptional: {optional}\n", e.name));
            }
        }
    }
    push(out, 2, "Mounts:\n"); // never "<none>": the token volume is always mounted
    let mut mounts: Vec<(String, String, String)> = c
        .volume_mounts
        .iter()
        .map(|m| {
            let mut flags = vec![if m.read_only { "ro".to_string() } else { "rw".to_string() }];
            if let Some(sp) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
                flags.push(format!("path={sp:?}"));
            }
            (m.mount_path.clone(), m.name.clone(), flags.join(","))
        })
        .collect();
    mounts.push((TOKEN_MOUNT_PATH.to_string(), d.token_volume.clone(), "ro".to_string()));
    sort_by(&mut mounts, |a, b| a.0.cmp(&b.0));
    for (path, name, flags) in mounts {
        push(out, 3, &format!("{path} from {name} ({flags})\n"));
    }
}

fn describe_volume(out: &mut String, name: &str, src: &VolumeSource) {
    push(out, 1, &format!("{name}:\n"));
    match src {
        VolumeSource::EmptyDir { medium, size_limit } => {
            let limit = size_limit
                .as_ref()
                .filter(|q| q.milli > 0)
                .map(canonical_quantity)
                .unwrap_or_else(|| "<unset>".into());
            push(
                out,
                2,
                &format!("Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{limit}\n", medium.as_deref().unwrap_or("")),
            );
        }
        VolumeSource::ConfigMap { name, optional, .. } => {
            push(out, 2, &format!("Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{name}\n    Optional:\t{optional}\n"));
        }
        VolumeSource::Secret { secret_name, optional, .. } => {
            push(out, 2, &format!("Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{secret_name}\n    Optional:\t{optional}\n"));
        }
        VolumeSource::HostPath { path } => {
            push(out, 2, &format!("Type:\tHostPath (bare host directory volume)\n    Path:\t{path}\n    HostPathType:\t\n"));
        }
        VolumeSource::PersistentVolumeClaim { claim_name } => {
            push(
                out,
                2,
                &format!("Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{claim_name}\n    ReadOnly:\tfalse\n"),
            );
        }
        VolumeSource::DownwardApi { items } => {
            push(out, 2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for (path, field) in items {
                out.push_str(&format!("      {field} -> {path}\n"));
            }
        }
        VolumeSource::Projected { sources } => {
            push(
                out,
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
            for p in sources {
                match p {
                    ProjectedSource::Secret { name, optional, .. } => {
                        push(out, 2, &format!("SecretName:\t{name}\n    Optional:\t{optional}\n"))
                    }
                    ProjectedSource::DownwardApi { .. } => push(out, 2, "DownwardAPI:\ttrue\n"),
                    ProjectedSource::ConfigMap { name, optional, .. } => push(
                        out,
                        2,
                        &format!("ConfigMapName:\t{name}\n    Optional:\t{optional}\n"),
                    ),
                    // A learner's token projection gets the API default lifetime, 3600 s.
                    ProjectedSource::ServiceAccountToken { .. } => {
                        push(out, 2, "TokenExpirationSeconds:\t3600\n")
                    }
                }
            }
        }
        VolumeSource::Other { .. } => push(out, 1, "<unknown>\n"),
    }
}

/// `kubectl describe pod` for `view` at `now`, with the pod's events taken from `events` (raw,
/// as the timeline records them; they are correlated and aged here).
pub fn describe_pod(view: &PodView, events: &[crate::engine::model::Event], now: Millis) -> String {
    let pod = &view.pod;
    let d = api_defaults(pod, view.created);
    let st = &view.status;
    let mut out = String::new();
    let ns = if pod.metadata.namespace.is_empty() { "default" } else { &pod.metadata.namespace };
    out.push_str(&format!(
        "Name:\t{}\nNamespace:\t{ns}\nPriority:\t{}\nService Account:\t{}\n",
        pod.metadata.name, d.priority, d.service_account
    ));
    match &view.node_name {
        Some(n) => out.push_str(&format!("Node:\t{n}/{}\n", st.host_ip.as_deref().unwrap_or(""))),
        None => out.push_str("Node:\t<none>\n"),
    }
    if let Some(t) = st.start_time {
        out.push_str(&format!("Start Time:\t{}\n", rfc1123z(t)));
    }
    for (title, map, annotations) in
        [("Labels", &pod.metadata.labels, false), ("Annotations", &pod.metadata.annotations, true)]
    {
        out.push_str(&format!("{title}:\t"));
        if map.is_empty() {
            out.push_str("<none>\n");
        }
        for (i, (k, v)) in map.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            if annotations {
                out.push_str(&annotation_line(k, v));
            } else {
                out.push_str(&format!("{k}={v}\n"));
            }
        }
    }
    // kubectl ages the API's deletionTimestamp (request + grace period), which lies in the
    // future while the pod terminates: real clusters show `Terminating (lasts <invalid>)`.
    match deletion_timestamp(view) {
        Some(del) if !st.phase.is_terminal() => {
            out.push_str(&format!("Status:\tTerminating (lasts {})\n", since(now, del)));
            out.push_str(&format!(
                "Termination Grace Period:\t{}s\n",
                d.termination_grace_period_seconds
            ));
        }
        _ => out.push_str(&format!("Status:\t{}\n", st.phase.as_str())),
    }
    if let Some(r) = st.reason.as_deref().filter(|r| !r.is_empty()) {
        out.push_str(&format!("Reason:\t{r}\n"));
    }
    if let Some(m) = st.message.as_deref().filter(|m| !m.is_empty()) {
        out.push_str(&format!("Message:\t{m}\n"));
    }
    out.push_str(&format!("IP:\t{}\n", st.pod_ip.as_deref().unwrap_or("")));
    match &st.pod_ip {
        Some(ip) => out.push_str(&format!("IPs:\n  IP:\t{ip}\n")),
        None => out.push_str("IPs:\t<none>\n"),
    }
    let find = |list: &[ContainerStatus], name: &str| list.iter().find(|s| s.name == name).cloned();
    if !pod.spec.init_containers.is_empty() {
        out.push_str("Init Containers:\n");
        for c in &pod.spec.init_containers {
            describe_container(
                &mut out,
                view,
                &d,
                c,
                find(&st.init_container_statuses, &c.name).as_ref(),
            );
        }
    }
    out.push_str(if pod.spec.containers.is_empty() {
        "Containers: <none>\n"
    } else {
        "Containers:\n"
    });
    for c in &pod.spec.containers {
        describe_container(&mut out, view, &d, c, find(&st.container_statuses, &c.name).as_ref());
    }
    if !st.conditions.is_empty() {
        out.push_str("Conditions:\n  Type\tStatus\n");
        for c in &st.conditions {
            out.push_str(&format!("  {} \t{} \n", c.type_, c.status));
        }
    }
    out.push_str("Volumes:\n");
    for v in &pod.spec.volumes {
        describe_volume(&mut out, &v.name, &v.source);
    }
    push(&mut out, 1, &format!("{}:\n", d.token_volume));
    push(
        &mut out,
        2,
        &format!(
            "Type:\tProjected (a volume that contains injected data from multiple sources)\n    TokenExpirationSeconds:\t{TOKEN_EXPIRATION_SECONDS}\n    ConfigMapName:\tkube-root-ca.crt\n    Optional:\tfalse\n    DownwardAPI:\ttrue\n"
        ),
    );
    out.push_str(&format!("QoS Class:\t{}\n", pod_qos_class(view)));
    out.push_str("Node-Selectors:\t<none>\n");
    out.push_str("Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n");

    let evs = for_pod(events, &pod.metadata.name, now);
    let mut w = TabWriter::describe();
    if evs.is_empty() {
        out.push_str("Events:\t<none>\n");
        w.write(&out);
        return w.finish();
    }
    w.write(&out);
    w.flush(); // DescribeEvents flushes before its table: fresh column widths
    let mut t = String::from(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    for e in &evs {
        t.push_str(&format!(
            "  {}\t{}\t{}\t{}\t{}\n",
            e.type_,
            e.reason,
            describe_age(e, now),
            e.source,
            e.message.trim()
        ));
    }
    w.write(&t);
    w.finish()
}

/// `printAnnotationsMultiline`: `key: value`, or the value on its own indented lines (cut at
/// 140 characters) when it is long or multi-line.
fn annotation_line(k: &str, v: &str) -> String {
    const MAX: usize = 140; // kubectl's maxAnnotationLen
    let value = v.strip_suffix('\n').unwrap_or(v);
    if value.len() + k.len() + 2 > MAX || value.contains('\n') {
        let mut s = format!("{k}:\n");
        for line in value.split('\n') {
            let short: String = if line.len() > MAX - 2 {
                format!("{}...", line.chars().take(MAX - 2).collect::<String>())
            } else {
                line.to_string()
            };
            s.push_str(&format!("\t  {short}\n"));
        }
        s
    } else {
        format!("{k}: {value}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1123z_names_the_weekday_and_month() {
        assert_eq!(rfc1123z(Millis::from_secs(5)), "Thu, 01 Jan 2026 00:00:05 +0000");
        assert_eq!(
            rfc1123z(Millis::from_secs(86_400 * 31 + 3661)),
            "Sun, 01 Feb 2026 01:01:01 +0000"
        );
    }

    #[test]
    fn long_annotations_move_to_their_own_lines() {
        assert_eq!(annotation_line("a", "b"), "a: b\n");
        assert_eq!(annotation_line("a", "x\ny"), "a:\n\t  x\n\t  y\n");
    }
}
