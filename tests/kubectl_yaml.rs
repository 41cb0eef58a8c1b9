//! `kubectl get pod -o yaml|json` over the worked examples: API-server defaults, the kubelet's
//! status, go-yaml v2 formatting. The YAML and the JSON must describe the same object.
mod kubectl_fixtures;
use kubectl_fixtures::*;
use podlab::engine::kubectl::yaml::{pod_tree, to_json, to_yaml};

#[test]
fn yaml_and_json_are_the_same_object() {
    for (v, _) in [s04_at_30(), s06_at_60(), s23_at_120(), s31_at_90()] {
        let tree = pod_tree(&v);
        let from_yaml: serde_json::Value =
            serde_yaml::from_str(&to_yaml(&tree)).expect("valid YAML");
        let from_json: serde_json::Value =
            serde_json::from_str(&to_json(&tree)).expect("valid JSON");
        assert_eq!(from_yaml, from_json, "{}", v.pod.metadata.name);
    }
}

#[test]
fn yaml_shows_the_fields_the_api_server_fills_in() {
    let (v, _) = s04_at_30();
    let y = to_yaml(&pod_tree(&v));
    for fragment in [
        "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n  name: init-crash-always\n  namespace: default\n",
        "    image: busybox:1.36\n    imagePullPolicy: IfNotPresent\n    name: init-fail\n    resources: {}\n    terminationMessagePath: /dev/termination-log\n    terminationMessagePolicy: File\n",
        "  dnsPolicy: ClusterFirst\n  enableServiceLinks: true\n",
        "  nodeName: node01\n  preemptionPolicy: PreemptLowerPriority\n  priority: 0\n  restartPolicy: Always\n  schedulerName: default-scheduler\n  securityContext: {}\n  serviceAccount: default\n  serviceAccountName: default\n  terminationGracePeriodSeconds: 30\n  tolerations:\n  - effect: NoExecute\n    key: node.kubernetes.io/not-ready\n    operator: Exists\n    tolerationSeconds: 300\n",
        "      - serviceAccountToken:\n          expirationSeconds: 3607\n          path: token\n",
    ] {
        assert!(y.contains(fragment), "missing:\n{fragment}\nin:\n{y}");
    }
}

#[test]
fn yaml_status_reads_like_the_kubelets() {
    let (v, _) = s04_at_30();
    let y = to_yaml(&pod_tree(&v));
    for fragment in [
        "status:\n  conditions:\n  - lastProbeTime: null\n    lastTransitionTime: \"2026-01-01T00:00:01Z\"\n    status: \"True\"\n    type: PodReadyToStartContainers\n",
        "    message: 'containers with incomplete status: [init-fail]'\n    reason: ContainersNotInitialized\n    status: \"False\"\n    type: Initialized\n",
        "  containerStatuses:\n  - image: docker.io/library/busybox:1.36\n    imageID: \"\"\n    lastState: {}\n    name: app\n    ready: false\n    restartCount: 0\n    started: false\n    state:\n      waiting:\n        reason: PodInitializing\n  hostIP: 192.168.49.2\n",
        "    lastState:\n      terminated:\n        exitCode: 1\n        finishedAt: \"2026-01-01T00:00:18Z\"\n        reason: Error\n        startedAt: \"2026-01-01T00:00:16Z\"\n    name: init-fail\n    ready: false\n    restartCount: 2\n",
        "    state:\n      waiting:\n        message: back-off 20s restarting failed container=init-fail pod=init-crash-always_default(uid)\n        reason: CrashLoopBackOff\n    volumeMounts:\n    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n",
        "  phase: Pending\n  podIP: 10.244.0.7\n  podIPs:\n  - ip: 10.244.0.7\n  qosClass: BestEffort\n  startTime: \"2026-01-01T00:00:00Z\"\n",
    ] {
        assert!(y.contains(fragment), "missing:\n{fragment}\nin:\n{y}");
    }
}

#[test]
fn yaml_quotes_numbers_in_commands_and_canonicalises_quantities() {
    let (v, _) = s31_at_90();
    let y = to_yaml(&pod_tree(&v));
    assert!(y.contains("  - command:\n    - sleep\n    - \"3600\"\n"), "{y}");
    assert!(y.contains("    resources:\n      requests:\n        cpu: \"3\"\n"), "{y}");
    assert!(y.contains("    resources:\n      requests:\n        cpu: 100m\n"), "{y}");
    // Folded at the first space past column 80 (go-yaml v2 best_width), continuation indented.
    // Never scheduled: no nodeName, no IPs, no container statuses, the scheduler's condition.
    assert!(
        !y.contains("nodeName") && !y.contains("podIP") && !y.contains("containerStatuses"),
        "{y}"
    );
    assert!(y.contains(
        "    message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are\n      available: 1 No preemption victims found for incoming pod.'\n    reason: Unschedulable\n"
    ), "{y}");
    assert!(y.contains("  qosClass: Burstable\n"), "{y}");
}

#[test]
fn yaml_uses_literal_blocks_for_multi_line_commands() {
    let (mut v, _) = s06_at_60();
    v.pod.spec.init_containers[0].command =
        Some(vec!["sh".into(), "-c".into(), "echo one\necho two\n".into()]);
    let y = to_yaml(&pod_tree(&v));
    assert!(y.contains("  - command:\n    - sh\n    - -c\n    - |\n      echo one\n      echo two\n    image: busybox:1.36\n"), "{y}");
}

#[test]
fn json_is_kubectls_four_space_indent() {
    let (v, _) = s23_at_120();
    let j = to_json(&pod_tree(&v));
    assert!(j.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n    \"metadata\": {\n        \"creationTimestamp\": \"2026-01-01T00:00:00Z\",\n"), "{j}");
    assert!(j.contains("\"command\": [\n                    \"sh\",\n                    \"-c\",\n                    \"while true; do echo $(date +%T) tick \\u003e\\u003e /var/log/app/app.log; sleep 5; done\"\n                ],"), "{j}");
    assert!(j.ends_with("}\n"));
}

#[test]
fn a_deleted_pod_carries_the_api_servers_deletion_timestamp() {
    let (mut v, _) = s23_at_120();
    v.deletion_timestamp = Some(secs(100));
    let y = to_yaml(&pod_tree(&v));
    assert!(
        y.contains(
            "  deletionGracePeriodSeconds: 30\n  deletionTimestamp: \"2026-01-01T00:02:10Z\"\n"
        ),
        "{y}"
    );
}

#[test]
fn the_uid_matches_the_one_the_kubelet_puts_in_event_messages() {
    // kubelet/sim.rs `uid_for(name, created)`: FNV-1a of "name@ms" and "ms#name".
    let (v, _) = s04_at_30();
    let uid = podlab::engine::kubectl::yaml::pod_uid(&v);
    assert_eq!(uid.len(), 36);
    assert_eq!(&uid[14..15], "4");
    assert_eq!(&uid[19..20], "8");
    assert!(to_yaml(&pod_tree(&v)).contains(&format!("  uid: {uid}\n")));
}

/// Kubernetes sets `status.qosClass` once, when the pod is created (`GetPodQOS`, where a zero
/// quantity does not count): a pod whose only resource is `requests: {cpu: "0"}` is
/// BestEffort before the kubelet's first status and after it, in `-o yaml` and `describe`.
/// (The kubelet and kubectl used to compute it apart: Burstable from the first status on.)
#[test]
fn a_zero_cpu_request_stays_best_effort_before_and_after_the_kubelet_writes_a_status() {
    use podlab::engine::admission::admit;
    use podlab::engine::kubectl::describe::describe_pod;
    use podlab::engine::kubelet::{simulate, Scenario};
    use podlab::engine::time::Millis;
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: zero\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sleep', '3600']\n    resources:\n      requests:\n        cpu: \"0\"\n";
    let tl = simulate(&Scenario::apply_at_zero(admit(yaml).objects, Millis::from_secs(10)));
    for t in [Millis(500), Millis::from_secs(5)] {
        let v = tl.pod_at("zero", t).expect("the pod exists");
        let y = to_yaml(&pod_tree(&v));
        assert!(y.contains("  qosClass: BestEffort\n"), "at {t}:\n{y}");
        let d = describe_pod(&v, &tl.events_until(t), t);
        assert!(d.contains("QoS Class:                   BestEffort\n"), "at {t}:\n{d}");
    }
}
