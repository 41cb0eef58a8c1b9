//! `kubectl describe pod` over hand-built statuses of the reference's worked examples: the exact
//! text kubectl prints (describe.go + Go tabwriter, padding 2, blocks broken by tab-less lines).
mod kubectl_fixtures;
use kubectl_fixtures::*;
use podlab::engine::kubectl::describe::describe_pod;

const S04_AT_30: &str = r#"Name:             init-crash-always
Namespace:        default
Priority:         0
Service Account:  default
Node:             node01/192.168.49.2
Start Time:       Thu, 01 Jan 2026 00:00:00 +0000
Labels:           <none>
Annotations:      <none>
Status:           Pending
IP:               10.244.0.7
IPs:
  IP:  10.244.0.7
Init Containers:
  init-fail:
    Container ID:  containerd://0000000000000000000000000000000000000000000000000000000000000009
    Image:         busybox:1.36
    Image ID:      docker.io/library/busybox@sha256:7c3c3cea5d4d6133d6a694d23382f6a7b32652f23855abdba3eb039ca5995447
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
      echo checking config; sleep 2; echo config missing >&2; exit 1
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Thu, 01 Jan 2026 00:00:16 +0000
      Finished:     Thu, 01 Jan 2026 00:00:18 +0000
    Ready:          False
    Restart Count:  2
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-jqkcc (ro)
Containers:
  app:
    Container ID:  
    Image:         busybox:1.36
    Image ID:      
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
      sleep 3600
    State:          Waiting
      Reason:       PodInitializing
    Ready:          False
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-jqkcc (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 False 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:
  kube-api-access-jqkcc:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  30s                default-scheduler  Successfully assigned default/init-crash-always to node01
  Normal   Pulled     14s (x3 over 29s)  kubelet            Container image "busybox:1.36" already present on machine
  Normal   Created    14s (x3 over 29s)  kubelet            Created container: init-fail
  Normal   Started    14s (x3 over 29s)  kubelet            Started container init-fail
  Warning  BackOff    1s (x3 over 23s)   kubelet            Back-off restarting failed container init-fail in pod init-crash-always_default(uid)
"#;

#[test]
fn describe_of_an_init_container_in_crashloopbackoff_matches_kubectl_exactly() {
    let (view, events) = s04_at_30();
    assert_eq!(describe_pod(&view, &events, secs(30)), S04_AT_30);
}

#[test]
fn describe_aggregates_repeated_events_and_sorts_them_by_last_occurrence() {
    let (view, events) = s04_at_30();
    let out = describe_pod(&view, &events, secs(30));
    let table: Vec<&str> = out.lines().skip_while(|l| *l != "Events:").collect();
    assert_eq!(table[3], "  Normal   Scheduled  30s                default-scheduler  Successfully assigned default/init-crash-always to node01");
    assert!(
        table[7].starts_with("  Warning  BackOff    1s (x3 over 23s)   kubelet"),
        "{}",
        table[7]
    );
    // Two minutes later the ages have moved on; the counts have not.
    let later = describe_pod(&view, &events, secs(150));
    assert!(later.contains("  Normal   Pulled     2m14s (x3 over 2m29s)  kubelet"), "{later}");
}

#[test]
fn describe_of_a_failed_pod_shows_the_terminated_init_container_and_no_backoff() {
    let (view, events) = s06_at_60();
    let out = describe_pod(&view, &events, secs(60));
    assert!(out.contains("\nStatus:           Failed\n"), "{out}");
    assert!(out.contains(
        "    State:          Terminated\n      Reason:       Error\n      Exit Code:    1\n      Started:      Thu, 01 Jan 2026 00:00:01 +0000\n      Finished:     Thu, 01 Jan 2026 00:00:03 +0000\n    Ready:          False\n    Restart Count:  0\n"
    ), "{out}");
    assert!(out.contains("  PodReadyToStartContainers   False \n"), "{out}");
    assert!(!out.contains("BackOff"));
    assert!(
        out.ends_with(
            "  Normal  Started    59s   kubelet            Started container init-fail\n"
        ),
        "{out}"
    );
}

#[test]
fn describe_lists_a_native_sidecar_under_init_containers_running_and_ready() {
    let (view, events) = s23_at_120();
    let out = describe_pod(&view, &events, secs(120));
    assert!(out.contains(
        "Init Containers:\n  log-shipper:\n    Container ID:  containerd://0000000000000000000000000000000000000000000000000000000000000011\n"
    ), "{out}");
    assert!(out.contains("    State:          Running\n      Started:      Thu, 01 Jan 2026 00:00:01 +0000\n    Ready:          True\n"), "{out}");
    // Mounts are sorted by path; the API server's token volume is mounted in every container.
    assert!(out.contains("    Mounts:\n      /var/log/app from logs (rw)\n      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-"), "{out}");
    assert!(out.contains("Volumes:\n  logs:\n    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:     \n    SizeLimit:  <unset>\n  kube-api-access-"), "{out}");
    assert!(out.contains("  Normal  Scheduled  2m    default-scheduler"), "{out}");
}

#[test]
fn describe_of_an_unscheduled_pod_has_no_node_ip_or_container_state() {
    let (view, events) = s31_at_90();
    let out = describe_pod(&view, &events, secs(90));
    assert!(out.contains("\nNode:             <none>\n"), "{out}");
    assert!(!out.contains("Start Time:"));
    assert!(out.contains("\nIP:               \nIPs:              <none>\nInit Containers:\n  warm-cache:\n    Image:      busybox:1.36\n"), "{out}");
    assert!(!out.contains("Container ID:") && !out.contains("State:"), "{out}");
    assert!(
        out.contains("    Requests:\n      cpu:        3\n    Environment:  <none>\n"),
        "{out}"
    );
    assert!(
        out.contains("Conditions:\n  Type           Status\n  PodScheduled   False \n"),
        "{out}"
    );
    assert!(out.contains("QoS Class:                   Burstable\n"), "{out}");
    assert!(out.contains("  Warning  FailedScheduling  90s   default-scheduler  0/1 nodes are available: 1 Insufficient cpu."), "{out}");
}

#[test]
fn describe_without_events_aligns_events_none_with_the_last_block() {
    let (view, _) = s06_at_60();
    let out = describe_pod(&view, &[], secs(60));
    assert!(out.ends_with("                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\nEvents:                      <none>\n"), "{out}");
}

#[test]
fn describe_of_a_deleted_pod_says_terminating_with_the_grace_period() {
    let (mut view, events) = s23_at_120();
    // PodView records the delete request (t = 100); the API server's deletionTimestamp is that
    // plus the grace period, so kubectl's "lasts" ages a future instant: `<invalid>` until it
    // is less than 2 s away, then `0s`, then a real age.
    view.deletion_timestamp = Some(secs(100));
    let out = describe_pod(&view, &events, secs(101));
    assert!(out.contains("\nStatus:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n"), "{out}");
    assert!(describe_pod(&view, &events, secs(129)).contains("Terminating (lasts 0s)"));
    assert!(describe_pod(&view, &events, secs(135)).contains("Terminating (lasts 5s)"));
}

#[test]
fn describe_shows_ports_resources_probes_env_and_labels_as_kubectl_does() {
    use podlab::engine::model::*;
    let (mut view, _) = s23_at_120();
    view.pod.metadata.labels.insert("app".into(), "web".into());
    view.pod.metadata.labels.insert("tier".into(), "front".into());
    let c = &mut view.pod.spec.containers[0];
    c.ports = vec![ContainerPort { container_port: 80, ..Default::default() }];
    c.resources
        .limits
        .insert("memory".into(), Quantity { text: "64Mi".into(), milli: 64 * 1024 * 1024 * 1000 });
    c.readiness_probe = Some(Probe {
        http_get: Some(HttpGetAction {
            path: "/healthz".into(),
            port: IntOrString::Int(80),
            host: None,
            scheme: None,
        }),
        ..Default::default()
    });
    c.env = vec![
        EnvVar { name: "MODE".into(), value: Some("fast".into()), value_from: None },
        EnvVar {
            name: "POD".into(),
            value: None,
            value_from: Some(EnvVarSource::FieldRef { field_path: "metadata.name".into() }),
        },
        EnvVar {
            name: "DB".into(),
            value: None,
            value_from: Some(EnvVarSource::ConfigMapKeyRef {
                name: "cfg".into(),
                key: "db".into(),
                optional: false,
            }),
        },
    ];
    let out = describe_pod(&view, &[], secs(120));
    assert!(out.contains("Labels:           app=web\n                  tier=front\n"), "{out}");
    assert!(out.contains("    Port:          80/TCP\n    Host Port:     0/TCP\n"), "{out}");
    assert!(out.contains(
        "    Limits:\n      memory:  64Mi\n    Requests:\n      memory:   64Mi\n    Readiness:  http-get http://:80/healthz delay=0s timeout=1s period=10s #success=1 #failure=3\n    Environment:\n      MODE:  fast\n      POD:   sidecar-basic (v1:metadata.name)\n      DB:    <set to the key 'db' of config map 'cfg'>  Optional: false\n"
    ), "{out}");
}
