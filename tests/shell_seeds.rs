//! Every command found in shared/seeds/*.txt, run through the runtime as the kubelet would run
//! the pods those notes describe — including their bugs.

mod runtime_support;

use podlab::engine::model::{Container, ContainerKind, Volume, VolumeMount, VolumeSource};
use podlab::engine::runtime::*;
use podlab::engine::time::Millis;
use runtime_support::*;

fn with_mount(mut c: Container, name: &str, vol: &str, path: &str) -> Container {
    c.name = name.into();
    c.volume_mounts.push(VolumeMount {
        name: vol.into(),
        mount_path: path.into(),
        sub_path: None,
        read_only: false,
    });
    c
}

fn empty_dir(name: &str) -> Volume {
    Volume { name: name.into(), source: VolumeSource::EmptyDir { medium: None, size_limit: None } }
}

/// Starts `c` at `start` and drives it to `until`.
fn run_at(
    pod: &podlab::engine::model::Pod,
    c: &Container,
    vols: &mut PodVolumes,
    cl: &FakeCluster,
    start: Millis,
    until: Millis,
) -> (Outcome, Option<Process>) {
    let rt = Runtime::new();
    let created =
        rt.create(pod, c, ContainerKind::App, &ApiObjects::default(), vols).expect("create");
    match rt.start(&created, start) {
        Ok(mut p) => {
            let o = drive(&mut p, vols, cl, start, until);
            (o, Some(p))
        }
        Err(f) => (Outcome { logs: f.message, code: Some(f.exit_code), at: start, calls: 0 }, None),
    }
}

#[test]
fn seed000_as_written_init_writes_then_app_prints_every_five_seconds() {
    let init = with_mount(
        container(
            "alpine",
            &["/bin/sh", "-c", "echo initializing > /tmp/xchange/init.txt; sleep 30"],
        ),
        "init-volume",
        "shared-data",
        "/tmp/xchange",
    );
    let app = with_mount(
        container(
            "alpine",
            &["/bin/sh", "-c", "while true; do echo $(cat /tmp/data/init.txt); sleep 5; done"],
        ),
        "main-app",
        "shared-data",
        "/tmp/data",
    );
    let pod = pod_with(vec![app.clone()], vec![empty_dir("shared-data")]);
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let (o, _) = run_at(&pod, &init, &mut vols, &cl, Millis::ZERO, Millis::from_secs(60));
    assert_eq!(o.code, Some(0));
    assert!(
        o.at >= Millis::from_secs(30) && o.at < Millis(30_010),
        "sleep 30 plus a millisecond of CPU: {}",
        o.at
    );
    let (o, _) = run_at(&pod, &app, &mut vols, &cl, Millis::from_secs(31), Millis::from_secs(52));
    assert_eq!(o.code, None);
    assert_eq!(o.logs, "initializing\n".repeat(5));
}

#[test]
fn seed000_explained_variant_with_bin_bash_is_a_start_error_on_alpine() {
    for cmd in [
        vec!["/bin/bash", "-c", "echo initializing > /tmp/xchange/init.txt; sleep 30"],
        vec!["/bin/bash", "-c", "while true; do echo `cat /tmp/data/init.txt`; sleep 5, done"],
    ] {
        let o = run_in("alpine", &cmd, Millis::from_secs(5), &FakeCluster::default());
        assert_eq!(o.code, Some(128));
        assert!(
            o.logs.ends_with(
                "exec: \"/bin/bash\": stat /bin/bash: no such file or directory: unknown"
            ),
            "{}",
            o.logs
        );
    }
}

#[test]
fn seed000_sleep_comma_done_is_a_syntax_error_under_sh() {
    let o = run_in(
        "alpine",
        &["/bin/sh", "-c", "while true; do echo `cat /tmp/data/init.txt`; sleep 5, done"],
        Millis::from_secs(5),
        &FakeCluster::default(),
    );
    assert_eq!(o.code, Some(2));
    // ash prefixes its messages with $0 as invoked.
    assert_eq!(o.logs, "/bin/sh: syntax error: unexpected end of file (expecting \"done\")\n");
}

#[test]
fn seed002_busybox_init_then_nginx() {
    let o = run_in(
        "busybox",
        &["sh", "-c", "echo Initializing... && sleep 10"],
        Millis::from_secs(60),
        &FakeCluster::default(),
    );
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "Initializing...\n"));
    assert!(o.at >= Millis::from_secs(10) && o.at < Millis(10_010));
    let nginx = container("nginx", &[]);
    let pod = pod_with(vec![nginx.clone()], vec![]);
    let mut vols = PodVolumes::default();
    let (o, p) = run_at(
        &pod,
        &nginx,
        &mut vols,
        &FakeCluster::default(),
        Millis::ZERO,
        Millis::from_secs(10),
    );
    assert_eq!(o.code, None);
    assert_eq!(p.unwrap().listening_ports(), vec![80]);
}

#[test]
fn seed002_wait_for_db_with_nc_and_a_missing_app_image() {
    let script = "until nc -z db-service 5432; do echo waiting for db; sleep 2; done;";
    let o =
        run_in("busybox", &["sh", "-c", script], Millis::from_secs(60), &FakeCluster::default());
    assert_eq!(o.code, None, "no such Service: waits forever");
    // One try every 2 s plus the loop's own CPU time: 30 tries in the first minute.
    assert_eq!(o.logs.matches("waiting for db").count(), 30);
    let mut cl = FakeCluster::default();
    cl.services.insert("db-service".into(), "10.96.0.50".into());
    cl.open.push(("10.96.0.50".into(), 5432));
    assert_eq!(run_in("busybox", &["sh", "-c", script], Millis::from_secs(60), &cl).code, Some(0));
    assert!(matches!(
        Runtime::new().pull("my-app-image", "IfNotPresent"),
        PullResult::NotFound { .. }
    ));
}

#[test]
fn seed003_init_writes_ready_and_nginx_serves_it() {
    let init = with_mount(
        container("busybox", &["sh", "-c", "echo initializing > /work-dir/ready"]),
        "init-myservice",
        "work-dir",
        "/work-dir",
    );
    let app = with_mount(container("nginx", &[]), "main-app", "work-dir", "/usr/share/nginx/html");
    let pod = pod_with(vec![app.clone()], vec![empty_dir("work-dir")]);
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    assert_eq!(
        run_at(&pod, &init, &mut vols, &cl, Millis::ZERO, Millis::from_secs(5)).0.code,
        Some(0)
    );
    let (_, p) = run_at(&pod, &app, &mut vols, &cl, Millis::from_secs(1), Millis::from_secs(5));
    let p = p.unwrap();
    assert_eq!(
        p.serve_http(80, "/ready", &vols).map(|r| (r.status, r.body)),
        Some((200, b"initializing\n".to_vec()))
    );
    // The emptyDir hides nginx's own index.html: `/` is a directory listing nginx refuses.
    assert_eq!(p.serve_http(80, "/", &vols).map(|r| r.status), Some(403));
}

#[test]
fn seed004_busybox128_app_and_nslookup_init_containers() {
    let o = run_in(
        "busybox:1.28",
        &["sh", "-c", "echo The app is running! && sleep 3600"],
        Millis::from_secs(100),
        &FakeCluster::default(),
    );
    assert_eq!((o.code, o.logs.as_str()), (None, "The app is running!\n"));
    for svc in ["myservice", "mydb"] {
        let script = format!("until nslookup {svc}.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for {svc}; sleep 2; done");
        let o = run_in(
            "busybox:1.28",
            &["sh", "-c", &script],
            Millis::from_secs(10),
            &FakeCluster::default(),
        );
        assert_eq!(o.code, None);
        assert_eq!(o.logs.matches(&format!("waiting for {svc}")).count(), 5);
        let mut cl = FakeCluster::default();
        cl.services.insert(svc.into(), "10.96.0.60".into());
        let o = run_in("busybox:1.28", &["sh", "-c", &script], Millis::from_secs(10), &cl);
        assert_eq!(o.code, Some(0), "{}", o.logs);
    }
}

#[test]
fn seed004_scripts_that_do_not_exist_in_busybox() {
    for s in ["fetch-secrets-script.sh", "use-secrets-script.sh"] {
        let o = run_in("busybox", &["sh", "-c", s], Millis::from_secs(5), &FakeCluster::default());
        assert_eq!((o.code, o.logs), (Some(127), format!("sh: {s}: not found\n")));
    }
}

#[test]
fn s23_sidecar_tail_follows_what_the_app_appends() {
    // Reference S23: the log-shipper sidecar `tail -F`s a file the app appends to.
    let shipper = with_mount(
        container(
            "busybox:1.36",
            &["sh", "-c", "touch /var/log/app/app.log; tail -F /var/log/app/app.log"],
        ),
        "log-shipper",
        "logs",
        "/var/log/app",
    );
    let app = with_mount(
        container(
            "busybox:1.36",
            &[
                "sh",
                "-c",
                "while true; do echo $(date +%T) tick >> /var/log/app/app.log; sleep 5; done",
            ],
        ),
        "app",
        "logs",
        "/var/log/app",
    );
    let pod = pod_with(vec![app.clone()], vec![empty_dir("logs")]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let mut tail = rt
        .start(
            &rt.create(&pod, &shipper, ContainerKind::Sidecar, &ApiObjects::default(), &mut vols)
                .unwrap(),
            Millis::ZERO,
        )
        .unwrap();
    let mut writer = rt
        .start(
            &rt.create(&pod, &app, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap(),
            Millis::from_secs(1),
        )
        .unwrap();
    // Interleave the two processes the way the kubelet does, on their wake-ups.
    let mut shipped = Vec::new();
    let mut t_tail = Millis::ZERO;
    let mut t_app = Millis::from_secs(1);
    let horizon = Millis::from_secs(20);
    while t_tail <= horizon || t_app <= horizon {
        let mut logs = Vec::new();
        let (proc, t) =
            if t_tail <= t_app { (&mut tail, &mut t_tail) } else { (&mut writer, &mut t_app) };
        let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
        match proc.advance(*t, &mut env) {
            Step::Running { wake_at: Some(w) } => *t = w.max(*t + Millis(1)),
            other => panic!("both keep running: {other:?}"),
        }
        if std::ptr::eq(proc, &tail) {
            shipped.extend(logs);
        }
    }
    let lines: Vec<&str> = shipped.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(lines, vec!["00:00:01 tick", "00:00:06 tick", "00:00:11 tick", "00:00:16 tick"]);
    // Shipped within tail's one-second poll of being written.
    for (t, l) in &shipped {
        let written: u64 = l[6..8].parse().unwrap();
        assert!(t.0 >= written * 1000 && t.0 <= written * 1000 + 1100, "{l} shipped at {t}");
    }
}
