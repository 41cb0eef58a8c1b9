//! Filesystems, volumes and environment: emptyDir sharing and survival, configMap / secret /
//! downwardAPI / service-account files, readOnly mounts, env resolution and its
//! CreateContainerConfigError failures, and `kubectl exec`.

mod runtime_support;

use podlab::engine::model::*;
use podlab::engine::runtime::*;
use podlab::engine::time::Millis;
use runtime_support::*;

fn empty_dir(name: &str) -> Volume {
    Volume { name: name.into(), source: VolumeSource::EmptyDir { medium: None, size_limit: None } }
}

fn mount(c: &mut Container, name: &str, path: &str, read_only: bool) {
    c.volume_mounts.push(VolumeMount {
        name: name.into(),
        mount_path: path.into(),
        sub_path: None,
        read_only,
    });
}

fn api() -> ApiObjects {
    let mut a = ApiObjects::default();
    let mut cm = ConfigMap::default();
    cm.metadata.name = "app-config".into();
    cm.data.insert("mode".into(), "production".into());
    cm.data.insert("app.properties".into(), "color=blue\n".into());
    a.config_maps.insert("app-config".into(), cm);
    let mut s = Secret::default();
    s.metadata.name = "db-secret".into();
    s.data.insert("password".into(), b"s3cr3t".to_vec());
    a.secrets.insert("db-secret".into(), s);
    a.pod_ip = Some("10.244.0.7".into());
    a
}

fn env_from_cm(name: &str, cm: &str, key: &str, optional: bool) -> EnvVar {
    EnvVar {
        name: name.into(),
        value: None,
        value_from: Some(EnvVarSource::ConfigMapKeyRef {
            name: cm.into(),
            key: key.into(),
            optional,
        }),
    }
}

#[test]
fn emptydir_survives_a_restart_but_the_writable_layer_does_not() {
    let mut c = container(
        "busybox:1.36",
        &["sh", "-c", "cat /data/count /tmp/mine 2>&1; echo x >> /data/count; echo y > /tmp/mine"],
    );
    mount(&mut c, "data", "/data", false);
    let pod = pod_with(vec![c.clone()], vec![empty_dir("data")]);
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let first =
        run_container(&pod, &c, &ApiObjects::default(), &mut vols, &cl, Millis::from_secs(1));
    assert_eq!(first.logs, "cat: can't open '/data/count': No such file or directory\ncat: can't open '/tmp/mine': No such file or directory\n");
    let second =
        run_container(&pod, &c, &ApiObjects::default(), &mut vols, &cl, Millis::from_secs(1));
    assert_eq!(second.logs, "x\ncat: can't open '/tmp/mine': No such file or directory\n");
    assert_eq!(vols.files["data"]["count"], b"x\nx\n");
}

#[test]
fn read_only_mounts_refuse_writes_with_the_real_error() {
    let mut c = container(
        "busybox:1.36",
        &["sh", "-c", "echo hi > /ro/file; touch /ro/t; mkdir /ro/d; echo done"],
    );
    mount(&mut c, "data", "/ro", true);
    let pod = pod_with(vec![c.clone()], vec![empty_dir("data")]);
    let mut vols = PodVolumes::default();
    let o = run_container(
        &pod,
        &c,
        &ApiObjects::default(),
        &mut vols,
        &FakeCluster::default(),
        Millis::from_secs(1),
    );
    assert_eq!(o.logs, "sh: can't create /ro/file: Read-only file system\ntouch: /ro/t: Read-only file system\nmkdir: can't create directory '/ro/d': Read-only file system\ndone\n");
}

#[test]
fn config_map_secret_and_downward_api_volumes_appear_as_files() {
    let mut c = container("busybox:1.36", &["sh", "-c", "cat /etc/config/mode; echo; cat /etc/db/password; echo; cat /etc/info/labels; echo; echo x > /etc/config/mode"]);
    mount(&mut c, "cfg", "/etc/config", false);
    mount(&mut c, "sec", "/etc/db", false);
    mount(&mut c, "info", "/etc/info", false);
    let vols_spec = vec![
        Volume {
            name: "cfg".into(),
            source: VolumeSource::ConfigMap {
                name: "app-config".into(),
                items: vec![],
                optional: false,
                default_mode: None,
            },
        },
        Volume {
            name: "sec".into(),
            source: VolumeSource::Secret {
                secret_name: "db-secret".into(),
                items: vec![],
                optional: false,
                default_mode: None,
            },
        },
        Volume {
            name: "info".into(),
            source: VolumeSource::DownwardApi {
                items: vec![("labels".into(), "metadata.labels".into())],
            },
        },
    ];
    let mut pod = pod_with(vec![c.clone()], vols_spec);
    pod.metadata.labels.insert("app".into(), "web".into());
    let mut vols = PodVolumes::default();
    let o =
        run_container(&pod, &c, &api(), &mut vols, &FakeCluster::default(), Millis::from_secs(1));
    assert_eq!(o.logs, "production\ns3cr3t\napp=\"web\"\nsh: can't create /etc/config/mode: Read-only file system\n");
    assert_eq!(o.code, Some(2));
}

#[test]
fn service_account_namespace_file_is_projected() {
    let mut c = container("busybox:1.28", &["sh", "-c", "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; ls /var/run/secrets/kubernetes.io/serviceaccount"]);
    c.name = "init-myservice".into();
    let mut pod = pod_with(vec![c.clone()], vec![]);
    pod.metadata.namespace = "team-a".into();
    let mut vols = PodVolumes::default();
    let o = run_container(
        &pod,
        &c,
        &ApiObjects::default(),
        &mut vols,
        &FakeCluster::default(),
        Millis::from_secs(1),
    );
    // The namespace file has no trailing newline, exactly as on a real cluster.
    assert_eq!(o.logs, "team-aca.crt\nnamespace\ntoken\n");
    assert!(vols.files.keys().any(|k| k.starts_with("kube-api-access-")));
}

#[test]
fn env_comes_from_values_config_maps_secrets_fields_and_env_from() {
    let mut c =
        container("busybox:1.36", &["sh", "-c", "echo $MODE $PASS $POD $IP $CFG_mode $GREETING"]);
    c.env.push(env_from_cm("MODE", "app-config", "mode", false));
    c.env.push(EnvVar {
        name: "PASS".into(),
        value: None,
        value_from: Some(EnvVarSource::SecretKeyRef {
            name: "db-secret".into(),
            key: "password".into(),
            optional: false,
        }),
    });
    c.env.push(EnvVar {
        name: "POD".into(),
        value: None,
        value_from: Some(EnvVarSource::FieldRef { field_path: "metadata.name".into() }),
    });
    c.env.push(EnvVar {
        name: "IP".into(),
        value: None,
        value_from: Some(EnvVarSource::FieldRef { field_path: "status.podIP".into() }),
    });
    c.env.push(EnvVar {
        name: "GREETING".into(),
        value: Some("hi-$(POD)".into()),
        value_from: None,
    });
    c.env_from.push(EnvFromSource {
        prefix: Some("CFG_".into()),
        config_map_ref: Some(("app-config".into(), false)),
        secret_ref: None,
    });
    let pod = pod_with(vec![c.clone()], vec![]);
    let mut vols = PodVolumes::default();
    let o =
        run_container(&pod, &c, &api(), &mut vols, &FakeCluster::default(), Millis::from_secs(1));
    assert_eq!(o.logs, "production s3cr3t demo 10.244.0.7 production hi-demo\n");
    let h = container("busybox:1.36", &["sh", "-c", "hostname -i; grep demo /etc/hosts"]);
    let o =
        run_container(&pod, &h, &api(), &mut vols, &FakeCluster::default(), Millis::from_secs(1));
    assert_eq!(o.logs, "10.244.0.7\n10.244.0.7\tdemo\n");
}

#[test]
fn kubernetes_expands_dollar_paren_references_in_args() {
    let mut c = container("busybox:1.36", &["sh", "-c", "echo $(MESSAGE) and $(UNDEFINED)"]);
    c.env.push(EnvVar { name: "MESSAGE".into(), value: Some("hello".into()), value_from: None });
    let pod = pod_with(vec![c.clone()], vec![]);
    let mut vols = PodVolumes::default();
    let o =
        run_container(&pod, &c, &api(), &mut vols, &FakeCluster::default(), Millis::from_secs(1));
    // $(UNDEFINED) is left alone by the kubelet, and the shell then runs it as a command.
    assert_eq!(o.logs, "sh: UNDEFINED: not found\nhello and\n");
}

#[test]
fn missing_config_map_or_key_is_a_create_container_config_error() {
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let mut c = container("busybox", &["true"]);
    c.env.push(env_from_cm("X", "nope", "k", false));
    let pod = pod_with(vec![c.clone()], vec![]);
    let e = rt.create(&pod, &c, ContainerKind::Init, &api(), &mut vols).unwrap_err();
    assert_eq!(
        e,
        CreateFailure {
            reason: "CreateContainerConfigError".into(),
            message: "configmap \"nope\" not found".into()
        }
    );
    let mut c = container("busybox", &["true"]);
    c.env.push(env_from_cm("X", "app-config", "missing", false));
    let e = rt.create(&pod, &c, ContainerKind::Init, &api(), &mut vols).unwrap_err();
    assert_eq!(e.message, "couldn't find key missing in ConfigMap default/app-config");
    let mut c = container("busybox", &["true"]);
    c.env.push(env_from_cm("X", "nope", "k", true));
    assert!(
        rt.create(&pod, &c, ContainerKind::Init, &api(), &mut vols).is_ok(),
        "optional refs are skipped"
    );
    let mut c = container("busybox", &["true"]);
    c.env_from.push(EnvFromSource {
        prefix: None,
        config_map_ref: None,
        secret_ref: Some(("gone".into(), false)),
    });
    assert_eq!(
        rt.create(&pod, &c, ContainerKind::Init, &api(), &mut vols).unwrap_err().message,
        "secret \"gone\" not found"
    );
}

#[test]
fn missing_config_map_volume_is_a_failed_mount() {
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let mut c = container("busybox", &["true"]);
    mount(&mut c, "cfg", "/cfg", false);
    let pod = pod_with(
        vec![c.clone()],
        vec![Volume {
            name: "cfg".into(),
            source: VolumeSource::ConfigMap {
                name: "absent".into(),
                items: vec![],
                optional: false,
                default_mode: None,
            },
        }],
    );
    let e = rt.create(&pod, &c, ContainerKind::App, &api(), &mut vols).unwrap_err();
    assert_eq!(e.reason, "FailedMount");
    assert_eq!(
        e.message,
        "MountVolume.SetUp failed for volume \"cfg\" : configmap \"absent\" not found"
    );
}

#[test]
fn sub_path_mounts_one_directory_of_the_volume() {
    let mut w =
        container("busybox", &["sh", "-c", "mkdir -p /v/site && echo page > /v/site/index.html"]);
    mount(&mut w, "data", "/v", false);
    let mut r = container("busybox", &["sh", "-c", "cat /srv/index.html"]);
    r.volume_mounts.push(VolumeMount {
        name: "data".into(),
        mount_path: "/srv".into(),
        sub_path: Some("site".into()),
        read_only: false,
    });
    let pod = pod_with(vec![w.clone(), r.clone()], vec![empty_dir("data")]);
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    assert_eq!(
        run_container(&pod, &w, &ApiObjects::default(), &mut vols, &cl, Millis::from_secs(1)).code,
        Some(0)
    );
    assert_eq!(
        run_container(&pod, &r, &ApiObjects::default(), &mut vols, &cl, Millis::from_secs(1)).logs,
        "page\n"
    );
}

#[test]
fn s15_init_renders_into_emptydir_and_nginx_serves_it_and_exec_reads_it() {
    let mut init = container(
        "busybox:1.36",
        &["sh", "-c", "echo \"<h1>built by init at $(date +%T)</h1>\" > /work/index.html"],
    );
    init.name = "render-index".into();
    mount(&mut init, "html", "/work", false);
    let mut web = container("nginx:1.27", &[]);
    web.name = "web".into();
    mount(&mut web, "html", "/usr/share/nginx/html", false);
    let pod = pod_with(vec![web.clone()], vec![empty_dir("html")]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let created =
        rt.create(&pod, &init, ContainerKind::Init, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::from_secs(2)).unwrap();
    assert_eq!(
        drive(&mut p, &mut vols, &cl, Millis::from_secs(2), Millis::from_secs(3)).code,
        Some(0)
    );
    let created =
        rt.create(&pod, &web, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut nginx = rt.start(&created, Millis::from_secs(3)).unwrap();
    drive(&mut nginx, &mut vols, &cl, Millis::from_secs(3), Millis::from_secs(5));
    let page = nginx.serve_http(80, "/", &vols).unwrap();
    assert_eq!(String::from_utf8_lossy(&page.body), "<h1>built by init at 00:00:02</h1>\n");
    let mut logs = Vec::new();
    let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
    let r = nginx.exec(
        &["cat".to_string(), "/usr/share/nginx/html/index.html".to_string()],
        Millis::from_secs(10),
        &mut env,
    );
    assert_eq!(
        r,
        ExecResult {
            stdout: "<h1>built by init at 00:00:02</h1>\n".into(),
            stderr: String::new(),
            exit_code: 0
        }
    );
    // curl localhost from inside the nginx container reaches its own server.
    let r = nginx.exec(
        &["curl".to_string(), "-s".to_string(), "localhost".to_string()],
        Millis::from_secs(10),
        &mut env,
    );
    assert_eq!((r.exit_code, r.stdout.as_str()), (0, "<h1>built by init at 00:00:02</h1>\n"));
    let r = nginx.exec(&["nslookup".to_string(), "x".to_string()], Millis::from_secs(10), &mut env);
    assert_eq!(r.exit_code, 126);
    assert_eq!(r.stderr, "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nslookup\": executable file not found in $PATH: unknown\n");
    assert!(logs.is_empty(), "exec output does not go to the container log");
}

#[test]
fn exec_probe_sees_files_written_by_the_container() {
    let c = container("busybox:1.36", &["sh", "-c", "sleep 5; touch /tmp/healthy; sleep 3600"]);
    let pod = pod_with(vec![c.clone()], vec![]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    drive(&mut p, &mut vols, &cl, Millis::ZERO, Millis::from_secs(2));
    let argv: Vec<String> = ["cat", "/tmp/healthy"].iter().map(|s| s.to_string()).collect();
    let mut logs = Vec::new();
    {
        let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
        assert_eq!(p.exec(&argv, Millis::from_secs(2), &mut env).exit_code, 1);
    }
    drive(&mut p, &mut vols, &cl, Millis::from_secs(2), Millis::from_secs(10));
    let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
    assert_eq!(p.exec(&argv, Millis::from_secs(10), &mut env).exit_code, 0);
    assert_eq!(
        p.changed_files().keys().cloned().collect::<Vec<_>>(),
        vec!["/tmp/healthy".to_string()]
    );
    // timeoutSeconds bounds an exec probe in virtual time.
    let slow: Vec<String> =
        ["sh", "-c", "sleep 5; echo late"].iter().map(|s| s.to_string()).collect();
    let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
    assert_eq!(
        p.exec_with_timeout(&slow, Millis::from_secs(10), Some(Millis::from_secs(1)), &mut env),
        None
    );
    let r = p
        .exec_with_timeout(&slow, Millis::from_secs(10), Some(Millis::from_secs(10)), &mut env)
        .unwrap();
    assert_eq!((r.exit_code, r.stdout.as_str()), (0, "late\n"));
}

#[test]
fn read_only_root_filesystem_refuses_even_tmp_but_not_volumes() {
    let mut c = container(
        "busybox:1.36",
        &["sh", "-c", "echo x > /tmp/a; echo y > /data/b && echo wrote-volume"],
    );
    mount(&mut c, "data", "/data", false);
    c.security_context =
        Some(SecurityContext { read_only_root_filesystem: Some(true), ..Default::default() });
    let pod = pod_with(vec![c.clone()], vec![empty_dir("data")]);
    let mut vols = PodVolumes::default();
    let o = run_container(
        &pod,
        &c,
        &ApiObjects::default(),
        &mut vols,
        &FakeCluster::default(),
        Millis::from_secs(1),
    );
    assert_eq!(o.logs, "sh: can't create /tmp/a: Read-only file system\nwrote-volume\n");
}

#[test]
fn non_root_users_cannot_write_outside_their_places() {
    let c = container(
        "curlimages/curl:8.10.1",
        &["sh", "-c", "echo x > /etc/x; echo y > /tmp/y && cat /tmp/y; mkdir /opt/d"],
    );
    let pod = pod_with(vec![c.clone()], vec![]);
    let mut vols = PodVolumes::default();
    let o = run_container(
        &pod,
        &c,
        &ApiObjects::default(),
        &mut vols,
        &FakeCluster::default(),
        Millis::from_secs(1),
    );
    assert_eq!(o.logs, "sh: can't create /etc/x: Permission denied\ny\nmkdir: can't create directory '/opt/d': Permission denied\n");
}

#[test]
fn run_as_non_root_is_verified_against_the_image_user() {
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let mut c = container("busybox:1.36", &["true"]);
    c.name = "app".into();
    c.security_context =
        Some(SecurityContext { run_as_non_root: Some(true), ..Default::default() });
    let pod = pod_with(vec![c.clone()], vec![]);
    let e = rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap_err();
    assert_eq!(e.reason, "CreateContainerConfigError");
    assert!(
        e.message.starts_with(
            "container has runAsNonRoot and image will run as root (pod: \"demo_default("
        ),
        "{}",
        e.message
    );
    assert!(e.message.ends_with("container: app)"));
    let mut curl = container("curlimages/curl:8.10.1", &["true"]);
    curl.security_context = c.security_context.clone();
    let e =
        rt.create(&pod, &curl, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap_err();
    assert!(e.message.starts_with("container has runAsNonRoot and image has non-numeric user (curl_user), cannot verify user is non-root"), "{}", e.message);
    let mut ok = container("busybox:1.36", &["id", "-u"]);
    ok.security_context = Some(SecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(1000),
        ..Default::default()
    });
    let o = run_container(
        &pod,
        &ok,
        &ApiObjects::default(),
        &mut vols,
        &FakeCluster::default(),
        Millis::from_secs(1),
    );
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "1000\n"));
}

#[test]
fn a_busy_wait_on_a_shared_file_resumes_when_the_volume_changes() {
    let mut c = container(
        "busybox:1.36",
        &["sh", "-c", "while [ ! -f /shared/ready ]; do :; done; echo ready"],
    );
    mount(&mut c, "shared", "/shared", false);
    let pod = pod_with(vec![c.clone()], vec![empty_dir("shared")]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    let o = drive(&mut p, &mut vols, &cl, Millis::ZERO, Millis::from_secs(60));
    assert_eq!(o.code, None, "still spinning: it waits for something external");
    // Another container writes the file: the kubelet sees PodVolumes::version change.
    let v = vols.version;
    vols.files.entry("shared".into()).or_default().insert("ready".into(), Vec::new());
    vols.version += 1;
    assert!(vols.version > v);
    let o = drive(&mut p, &mut vols, &cl, Millis::from_secs(30), Millis::from_secs(60));
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "ready\n"));
}
