//! The image catalogue: pull results, default entrypoints/commands and what each image contains.

mod runtime_support;

use podlab::engine::model::{ContainerKind, EnvVar};
use podlab::engine::runtime::*;
use podlab::engine::time::Millis;
use runtime_support::*;

#[test]
fn tagged_catalogue_images_are_present_and_latest_is_pulled() {
    let rt = Runtime::new();
    assert!(matches!(rt.pull("busybox:1.28", "IfNotPresent"), PullResult::Present { .. }));
    assert!(matches!(rt.pull("nginx:1.27", "IfNotPresent"), PullResult::Present { .. }));
    match rt.pull("busybox", "Always") {
        PullResult::Pulled { image_id, duration, size_bytes } => {
            assert!(image_id.starts_with("docker.io/library/busybox@sha256:"), "{image_id}");
            assert!(duration > Millis(500) && duration < Millis::from_secs(5), "{duration}");
            assert!(size_bytes > 1_000_000);
        }
        other => panic!("{other:?}"),
    }
    // Pulled once, then present for IfNotPresent; Always pulls again.
    assert!(matches!(rt.pull("busybox", "IfNotPresent"), PullResult::Present { .. }));
    assert!(matches!(rt.pull("busybox", "Always"), PullResult::Pulled { .. }));
    let big = match rt.pull("postgres:latest", "Always") {
        PullResult::Pulled { duration, .. } => duration,
        other => panic!("{other:?}"),
    };
    assert!(big > Millis::from_secs(5), "a 150 MB image takes seconds: {big}");
}

#[test]
fn unknown_images_and_tags_fail_like_containerd() {
    let rt = Runtime::new();
    assert_eq!(
        rt.pull("busybox:9.99", "IfNotPresent"),
        PullResult::NotFound { message: "failed to pull and unpack image \"docker.io/library/busybox:9.99\": failed to resolve reference \"docker.io/library/busybox:9.99\": docker.io/library/busybox:9.99: not found".into() }
    );
    match rt.pull("my-app-image", "IfNotPresent") {
        PullResult::NotFound { message } => assert!(
            message.contains(
                "pull access denied, repository does not exist or may require authorization"
            ),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_references_are_invalid_image_names() {
    let rt = Runtime::new();
    assert_eq!(
        rt.pull("Busybox", "IfNotPresent"),
        PullResult::InvalidName { message: "Failed to apply default image tag \"Busybox\": couldn't parse image name \"Busybox\": invalid reference format: repository name (library/Busybox) must be lowercase".into() }
    );
    for bad in ["nginx:", "busy box", "nginx::1", "-nginx", ""] {
        assert!(matches!(rt.pull(bad, "IfNotPresent"), PullResult::InvalidName { .. }), "{bad:?}");
    }
    assert!(matches!(rt.pull("busybox", "Never"), PullResult::NeverPull { .. }));
    assert!(matches!(rt.pull("busybox:1.36", "Never"), PullResult::Present { .. }));
}

#[test]
fn busybox_and_alpine_default_shell_exits_zero_at_once() {
    for img in ["busybox", "busybox:1.28", "alpine:3.20", "python:3.12"] {
        let o = run_in(img, &[], Millis::from_secs(10), &FakeCluster::default());
        assert_eq!(o.code, Some(0), "{img}: {}", o.logs);
        assert!(o.at < Millis(10), "{img} exits at once: {}", o.at);
    }
}

#[test]
fn bash_is_missing_from_busybox_and_alpine_but_present_in_debian_images() {
    for img in ["busybox:1.36", "alpine:3.20", "nginx:alpine", "curlimages/curl:8.10.1"] {
        let o =
            run_in(img, &["bash", "-c", "echo hi"], Millis::from_secs(1), &FakeCluster::default());
        assert_eq!(o.code, Some(128), "{img}");
        assert!(
            o.logs.contains("exec: \"bash\": executable file not found in $PATH: unknown"),
            "{img}: {}",
            o.logs
        );
    }
    let o = run_in(
        "nginx:1.27",
        &["bash", "-c", "echo hi"],
        Millis::from_secs(1),
        &FakeCluster::default(),
    );
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "hi\n"));
}

#[test]
fn debian_sh_is_dash_with_its_own_wording() {
    let o = run_in(
        "nginx:1.27",
        &["sh", "-c", "nslookup db"],
        Millis::from_secs(1),
        &FakeCluster::default(),
    );
    assert_eq!((o.code, o.logs.as_str()), (Some(127), "sh: 1: nslookup: not found\n"));
    let o = run_in(
        "nginx:1.27",
        &["sh", "-c", "while true; do sleep 5, done"],
        Millis::from_secs(1),
        &FakeCluster::default(),
    );
    assert_eq!(
        (o.code, o.logs.as_str()),
        (Some(2), "sh: 1: Syntax error: end of file unexpected (expecting \"done\")\n")
    );
    let o = run_in(
        "nginx:1.27",
        &["sh", "-c", "echo a\nfoo"],
        Millis::from_secs(1),
        &FakeCluster::default(),
    );
    assert_eq!((o.code, o.logs.as_str()), (Some(127), "a\nsh: 2: foo: not found\n"));
    let o =
        run_in("nginx:1.27", &["bash", "-c", "foo"], Millis::from_secs(1), &FakeCluster::default());
    assert_eq!((o.code, o.logs.as_str()), (Some(127), "bash: line 1: foo: command not found\n"));
}

#[test]
fn nginx_serves_its_html_directory_on_80_and_stops_on_sigterm() {
    let c = container("nginx:1.27", &[]);
    let pod = pod_with(vec![c.clone()], vec![]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    assert_eq!(created.argv, ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]);
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    let o = drive(&mut p, &mut vols, &cl, Millis::ZERO, Millis::from_secs(5));
    assert_eq!(o.code, None);
    assert!(o.logs.contains("Configuration complete; ready for start up"), "{}", o.logs);
    assert_eq!(p.listening_ports(), vec![80]);
    let r = p.serve_http(80, "/", &vols).unwrap();
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("Welcome to nginx!"));
    assert_eq!(p.serve_http(80, "/nope.html", &vols).map(|r| r.status), Some(404));
    assert_eq!(p.serve_http(8080, "/", &vols), None);
    p.signal(Signal::Term, Millis::from_secs(5));
    let o = drive(&mut p, &mut vols, &cl, Millis::from_secs(5), Millis::from_secs(40));
    assert_eq!(o.code, Some(0), "nginx exits 0 on SIGTERM");
    assert!(o.at < Millis::from_secs(6));
    assert!(p.listening_ports().is_empty());
}

#[test]
fn postgres_needs_a_password_and_listens_after_start_up() {
    let o = run_in("postgres:16", &[], Millis::from_secs(10), &FakeCluster::default());
    assert_eq!(o.code, Some(1));
    assert!(o.logs.contains("Database is uninitialized and superuser password is not specified"));
    let mut c = container("postgres:16", &[]);
    c.env.push(EnvVar {
        name: "POSTGRES_PASSWORD".into(),
        value: Some("secret".into()),
        value_from: None,
    });
    let pod = pod_with(vec![c.clone()], vec![]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    drive(&mut p, &mut vols, &cl, Millis::ZERO, Millis::from_secs(2));
    assert!(p.listening_ports().is_empty(), "not yet ready at 2 s");
    let o = drive(&mut p, &mut vols, &cl, Millis::from_secs(2), Millis::from_secs(10));
    assert_eq!(p.listening_ports(), vec![5432]);
    assert!(o.logs.contains("database system is ready to accept connections"), "{}", o.logs);
}

#[test]
fn other_images_have_their_defaults() {
    let cl = FakeCluster::default();
    let o = run_in("redis:7", &[], Millis::from_secs(2), &cl);
    assert_eq!(o.code, None, "redis keeps running");
    let o = run_in("mysql:8.0", &[], Millis::from_secs(2), &cl);
    assert_eq!(o.code, Some(1));
    assert!(o.logs.contains("MYSQL_ROOT_PASSWORD"));
    let o = run_in("curlimages/curl:8.10.1", &[], Millis::from_secs(2), &cl);
    assert_eq!(
        (o.code, o.logs.as_str()),
        (Some(2), "curl: try 'curl --help' or 'curl --manual' for more information\n")
    );
    let o = run_in("bitnami/kubectl:1.31", &[], Millis::from_secs(2), &cl);
    assert_eq!(o.code, Some(0));
    let o = run_in("bitnami/kubectl:1.31", &["kubectl", "get", "pods"], Millis::from_secs(2), &cl);
    assert_eq!(o.code, Some(1));
    assert!(
        o.logs.contains(
            "User \"system:serviceaccount:default:default\" cannot list resource \"pods\""
        ),
        "{}",
        o.logs
    );
    let o = run_in("curlimages/curl:8.10.1", &["sh", "-c", "id; pwd"], Millis::from_secs(2), &cl);
    assert_eq!(
        o.logs,
        "uid=100(curl_user) gid=100(curl_user) groups=100(curl_user)\n/home/curl_user\n"
    );
    let o = run_in("python:3.12", &["python3", "-c", "print('hello')"], Millis::from_secs(2), &cl);
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "hello\n"));
}

#[test]
fn rootfs_has_the_usual_paths_and_busybox_applets() {
    let o = run_in(
        "busybox:1.36",
        &[
            "sh",
            "-c",
            "ls / ; [ -x /bin/nslookup ] && echo has-nslookup; cat /etc/resolv.conf | head -n 1",
        ],
        Millis::from_secs(1),
        &FakeCluster::default(),
    );
    assert_eq!(o.code, Some(0));
    assert!(o.logs.starts_with("bin\ndev\netc\nhome\n"), "{}", o.logs);
    assert!(o.logs.contains(
        "has-nslookup\nsearch default.svc.cluster.local svc.cluster.local cluster.local\n"
    ));
}
