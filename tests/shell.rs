//! The shell interpreter, run through the public process interface: tables of scripts with
//! their expected output and exit codes (busybox ash wording), including every command of the
//! seeds in shared/seeds/, and the hostile learner programs of reliability.md §8 E.

mod runtime_support;

use podlab::engine::model::{ContainerKind, Volume, VolumeMount, VolumeSource};
use podlab::engine::runtime::*;
use podlab::engine::time::Millis;
use runtime_support::*;

#[test]
fn script_table_matches_busybox_ash() {
    // (script, expected logs (stdout+stderr), expected exit code)
    let table: &[(&str, &str, i32)] = &[
        ("echo hello world", "hello world\n", 0),
        ("echo 'single $HOME' \"double $HOME\"", "single $HOME double /root\n", 0),
        ("echo a\\ b \"c\\\"d\"", "a b c\"d\n", 0),
        ("x=5; echo ${x} ${y:-def} ${#x}", "5 def 1\n", 0),
        ("echo $(echo sub) `echo back`", "sub back\n", 0),
        ("true && echo yes || echo no", "yes\n", 0),
        ("false && echo yes || echo no", "no\n", 0),
        ("false; echo $?", "1\n", 0),
        ("if false; then echo a; elif true; then echo b; else echo c; fi", "b\n", 0),
        ("i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done", "0\n1\n2\n", 0),
        ("i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i", "2\n", 0),
        ("for f in a b c; do echo $f; done", "a\nb\nc\n", 0),
        ("case abc in a*) echo star;; *) echo other;; esac", "star\n", 0),
        ("f() { echo in f $1; return 3; }; f arg; echo $?", "in f arg\n3\n", 0),
        ("exit 7", "", 7),
        ("echo hi | tr a-z A-Z", "HI\n", 0),
        ("printf '%s-%d\\n' a 5", "a-5\n", 0),
        ("echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f", "one\ntwo\n", 0),
        ("cat < /etc/hostname", "demo\n", 0),
        ("echo err >&2", "err\n", 0),
        ("ls /nope 2>&1 | wc -l", "1\n", 0),
        ("foo", "sh: foo: not found\n", 127),
        ("fetch-secrets-script.sh", "sh: fetch-secrets-script.sh: not found\n", 127),
        ("while true; do echo x; sleep 5, done", "sh: syntax error: unexpected end of file (expecting \"done\")\n", 2),
        ("if true; then echo", "sh: syntax error: unexpected end of file (expecting \"fi\")\n", 2),
        ("echo 'unterminated", "sh: syntax error: unterminated quoted string\n", 2),
        ("echo )", "sh: syntax error: unexpected \")\"\n", 2),
        ("sleep 5,", "sleep: invalid number '5,'\n", 1),
        ("sleep 99999999999999999999", "sleep: invalid number '99999999999999999999'\n", 1),
        ("cat /missing", "cat: can't open '/missing': No such file or directory\n", 1),
        ("mkdir -p /a/b/c && touch /a/b/c/f && ls /a/b/c", "f\n", 0),
        ("echo x > /nodir/file", "sh: can't create /nodir/file: nonexistent directory\n", 2),
        ("seq 3 | grep -c .", "3\n", 0),
        ("echo a:b:c | cut -d: -f2", "b\n", 0),
        ("echo hello | sed s/l/L/g", "heLLo\n", 0),
        ("printf 'a\\nb\\nc\\n' | tail -n 1", "c\n", 0),
        ("printf 'a\\nb\\nc\\n' | head -n 2", "a\nb\n", 0),
        ("[ -f /etc/passwd ] && echo file", "file\n", 0),
        ("test -d /tmp; echo $?", "0\n", 0),
        ("id -u; whoami", "0\nroot\n", 0),
        ("hostname", "demo\n", 0),
        ("date +%T", "00:00:00\n", 0),
        ("export A=1; sh -c 'echo $A'", "1\n", 0),
        ("echo $((2 * (3 + 4)))", "14\n", 0),
        ("i=0; while [ $i -lt 3 ]; do : $((i++)); done; echo $i $((i+=10)) $i", "3 13 13\n", 0),
        ("set -- a b; echo $# $2", "2 b\n", 0),
        ("for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done", "1\n3\n", 0),
        ("while true; do echo once; break; done", "once\n", 0),
        ("v=$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace); echo $v", "default\n", 0),
        ("echo Initializing... && sleep 10", "Initializing...\n", 0),
        ("echo The app is running! && sleep 1", "The app is running!\n", 0),
        ("x=hello.txt; echo ${x%.txt} ${x#hel}", "hello lo.txt\n", 0),
        ("cat <<EOF\nline $((1+1))\nEOF", "line 2\n", 0),
        ("(exit 3); echo $?", "3\n", 0),
        ("! false; echo $?", "0\n", 0),
        ("echo *", "bin dev etc home lib media mnt opt proc root run sbin srv sys tmp usr var\n", 0),
        ("echo a > /tmp/f; true > /tmp/f; wc -c < /tmp/f", "0\n", 0),
        ("echo a > /tmp/f; echo b > /tmp/f; cat /tmp/f", "b\n", 0),
        ("{ echo a; echo b; } > /tmp/f; cat /tmp/f", "a\nb\n", 0),
        ("for i in 1 2; do echo $i; done > /tmp/f; cat /tmp/f", "1\n2\n", 0),
        ("echo out > /tmp/f 2>&1; cat /tmp/f", "out\n", 0),
        ("echo a | { read x; echo got $x; }", "got a\n", 0),
        ("printf 'l1\nl2\n' > /tmp/f; while read l; do echo [$l]; done < /tmp/f", "[l1]\n[l2]\n", 0),
        ("sleep 1 & echo bg $!; wait; echo done", "bg 2\ndone\n", 0),
        ("a=1; f() { local a=2; echo $a; }; f; echo $a", "2\n1\n", 0),
        ("set -e; echo before; false; echo after", "before\n", 1),
        ("set -e; false || echo rescued; echo after", "rescued\nafter\n", 0),
        ("set -e; if false; then :; fi; echo after", "after\n", 0),
        ("set -e; for i in 1 2; do false; done; echo after", "", 1),
        ("set -e; while true; do echo once; false; done", "once\n", 1),
        ("ls /nope &> /dev/null; echo $?", "1\n", 0),
        ("trap 'echo bye' EXIT; echo hi", "hi\nbye\n", 0),
        ("echo ${undefined?is required}", "sh: undefined: is required\n", 2),
        ("echo $((1/0))", "sh: divide by zero\n", 2),
        ("cd /nope", "sh: cd: can't cd to /nope: No such file or directory\n", 2),
        ("x='a b'; for w in $x; do echo $w; done; for w in \"$x\"; do echo $w; done", "a\nb\na b\n", 0),
        ("set -- 'one two' three; for a in \"$@\"; do echo $a; done", "one two\nthree\n", 0),
        ("echo \"$(echo '  spaced  ')\"", "  spaced  \n", 0),
        ("case x.yaml in *.yml|*.yaml) echo yaml;; esac", "yaml\n", 0),
        ("echo $HOSTNAME $HOME", "demo /root\n", 0),
        ("env | grep -c KUBERNETES_SERVICE_HOST", "1\n", 0),
        ("expr 2 + 3", "5\n", 0),
        ("basename /a/b/c.txt .txt; dirname /a/b/c.txt", "c\n/a/b\n", 0),
        ("echo hello | base64; echo aGVsbG8K | base64 -d", "aGVsbG8K\nhello\n", 0),
        ("command -v sh; type nosuch", "/bin/sh\nnosuch: not found\n", 127),
        ("kill -0 1; echo $?", "0\n", 0),
        ("set -x; echo \"a b\"; x=1", "+ echo 'a b'\na b\n+ x=1\n", 0),
        ("sh -ec 'false; echo no'", "", 1),
        ("sh -xc 'echo hi'", "+ echo hi\nhi\n", 0),
        ("echo 'a b c' | awk '{print $2}'", "b\n", 0),
        ("echo 'k=v' | awk -F= '{print $2, $1}'", "v k\n", 0),
        ("printf 'x 1\\ny 2\\n' | awk 'NR==2 {print $NF}'", "2\n", 0),
        ("printf 'ok\\nerror\\n' | grep -E 'warn|err'", "error\n", 0),
        ("grep nameserver /etc/resolv.conf | awk '{print $2}'", "10.96.0.10\n", 0),
        ("ping -c 1 localhost", "PING localhost (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.080 ms\n\n--- localhost ping statistics ---\n1 packets transmitted, 1 packets received, 0% packet loss\nround-trip min/avg/max = 0.080/0.080/0.080 ms\n", 0),
        ("ping -c 1 nosuch", "ping: bad address 'nosuch'\n", 1),
        ("echo -e 'a\\tb'", "a\tb\n", 0),
        ("echo 'a\\tb'", "a\\tb\n", 0),
        ("echo a\nfoo", "a\nsh: foo: not found\n", 127),
        ("printf '#!/bin/sh\\necho hi\\nnosuch\\n' > /tmp/s.sh; chmod +x /tmp/s.sh; /tmp/s.sh", "hi\n/tmp/s.sh: line 3: nosuch: not found\n", 127),
        ("printf 'echo ok\\nif true; then\\n' > /tmp/b.sh; sh /tmp/b.sh", "/tmp/b.sh: line 3: syntax error: unexpected end of file (expecting \"fi\")\n", 2),
        ("sh -c 'nosuch' myname", "myname: line 1: nosuch: not found\n", 127),
        ("sh /tmp/none.sh", "sh: can't open '/tmp/none.sh': No such file or directory\n", 2),
    ];
    let mut failures = Vec::new();
    for (script, out, code) in table {
        let o = sh(script);
        if o.logs != *out || o.code != Some(*code) {
            failures.push(format!(
                "script {script:?}\n  want {out:?} exit {code}\n  got  {:?} exit {:?}",
                o.logs, o.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sleep_advances_virtual_time_only() {
    let o = sh("echo start; sleep 30; echo end");
    assert_eq!(o.code, Some(0));
    assert_eq!(o.logs, "start\nend\n");
    assert!(o.at >= Millis::from_secs(30) && o.at < Millis::from_secs(31), "exited at {}", o.at);
}

#[test]
fn seed_loop_reading_shared_file_runs_every_five_seconds() {
    // seed 000's main-app (with the init container's file missing): prints an error and an
    // empty line every 5 s.
    let o = run_in(
        "alpine",
        &["/bin/sh", "-c", "while true; do echo $(cat /tmp/data/init.txt); sleep 5; done"],
        Millis::from_secs(12),
        &FakeCluster::default(),
    );
    assert_eq!(o.code, None);
    assert_eq!(
        o.logs.matches("cat: can't open '/tmp/data/init.txt': No such file or directory").count(),
        3,
        "{}",
        o.logs
    );
}

#[test]
fn bin_bash_on_alpine_is_a_start_error_128() {
    let o = run_in(
        "alpine",
        &["/bin/bash", "-c", "echo initializing > /tmp/xchange/init.txt; sleep 30"],
        Millis::from_secs(10),
        &FakeCluster::default(),
    );
    assert_eq!(o.code, Some(128));
    assert_eq!(o.logs, "StartError: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"/bin/bash\": stat /bin/bash: no such file or directory: unknown");
}

#[test]
fn nslookup_loop_for_a_missing_service_keeps_waiting() {
    let script = "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done";
    let o = run_in(
        "busybox:1.28",
        &["sh", "-c", script],
        Millis::from_secs(3600),
        &FakeCluster::default(),
    );
    assert_eq!(o.code, None, "still running");
    let n = o.logs.matches("waiting for myservice").count();
    assert!((1700..=1800).contains(&n), "about 1 800 iterations an hour, got {n}");
    assert!(o.calls < 4000, "two advances per iteration (the DNS wait, the sleep): {}", o.calls);
    assert!(o.logs.contains("nslookup: can't resolve 'myservice.default.svc.cluster.local'"));
}

#[test]
fn nslookup_succeeds_once_the_service_exists() {
    let mut c = FakeCluster::default();
    c.services.insert("mydb".into(), "10.96.0.20".into());
    let o = run_in(
        "busybox:1.28",
        &["sh", "-c", "until nslookup mydb; do echo waiting; sleep 2; done; echo found"],
        Millis::from_secs(60),
        &c,
    );
    assert_eq!(o.code, Some(0));
    assert_eq!(o.logs, "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      mydb\nAddress 1: 10.96.0.20 mydb.default.svc.cluster.local\nfound\n");
    let o = run_in(
        "busybox:1.36",
        &["nslookup", "mydb.default.svc.cluster.local"],
        Millis::from_secs(60),
        &c,
    );
    assert_eq!(o.code, Some(0));
    assert_eq!(o.logs, "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tmydb.default.svc.cluster.local\nAddress: 10.96.0.20\n\n\n");
}

#[test]
fn newer_busybox_nslookup_fails_on_short_names_even_when_the_service_exists() {
    // busybox ≥ 1.29 searches mydb.svc.cluster.local and mydb.cluster.local too, gets
    // NXDOMAIN for them and exits 1: `until nslookup mydb` never ends with busybox:latest.
    let mut c = FakeCluster::default();
    c.services.insert("mydb".into(), "10.96.0.20".into());
    let o = run_in("busybox:1.36", &["nslookup", "mydb"], Millis::from_secs(60), &c);
    assert_eq!(o.code, Some(1));
    assert!(
        o.logs.contains("Name:\tmydb.default.svc.cluster.local\nAddress: 10.96.0.20\n"),
        "{}",
        o.logs
    );
    assert!(o.logs.contains("** server can't find mydb.svc.cluster.local: NXDOMAIN"));
    let o = run_in("busybox:1.36", &["nslookup", "mydb.default"], Millis::from_secs(60), &c);
    assert_eq!(o.code, Some(1), "no search list for dotted names");
    let o = run_in("busybox:1.36", &["nslookup", "nothere"], Millis::from_secs(60), &c);
    assert_eq!(o.code, Some(1));
    assert!(
        o.logs.contains("** server can't find nothere.default.svc.cluster.local: NXDOMAIN"),
        "{}",
        o.logs
    );
    // Other programs use the C library's resolver, which applies the search list.
    c.open.push(("10.96.0.20".into(), 5432));
    assert_eq!(
        run_in("busybox:1.36", &["nc", "-z", "mydb.default", "5432"], Millis::from_secs(60), &c)
            .code,
        Some(0)
    );
}

#[test]
fn nc_z_waits_for_a_listening_backend() {
    let mut c = FakeCluster::default();
    c.services.insert("db-service".into(), "10.96.0.30".into());
    let script = "until nc -z db-service 5432; do echo waiting for db; sleep 2; done;";
    let o = run_in("busybox", &["sh", "-c", script], Millis::from_secs(5), &c);
    assert_eq!(o.code, None);
    assert!(o.logs.starts_with("waiting for db\n"));
    c.open.push(("10.96.0.30".into(), 5432));
    let o = run_in("busybox", &["sh", "-c", script], Millis::from_secs(5), &c);
    assert_eq!(o.code, Some(0));
    assert_eq!(o.logs, "");
    let o = run_in("busybox", &["nc", "-z", "nosuch", "80"], Millis::from_secs(5), &c);
    assert_eq!((o.code, o.logs.as_str()), (Some(1), "nc: bad address 'nosuch'\n"));
}

#[test]
fn wget_fetches_through_the_cluster_and_the_internet() {
    let mut c = FakeCluster::default();
    c.services.insert("web".into(), "10.96.0.40".into());
    c.open.push(("10.96.0.40".into(), 80));
    c.pages.insert(("10.96.0.40".into(), 80, "/".into()), "hello from web\n".into());
    let o = run_in("busybox", &["wget", "-qO-", "http://web"], Millis::from_secs(5), &c);
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "hello from web\n"));
    let o = run_in(
        "busybox",
        &[
            "sh",
            "-c",
            "wget -O /tmp/index.html http://info.cern.ch && grep -c cern /tmp/index.html",
        ],
        Millis::from_secs(5),
        &c,
    );
    assert_eq!(o.code, Some(0), "{}", o.logs);
    let o = run_in(
        "busybox",
        &["wget", "-q", "--spider", "http://web/missing"],
        Millis::from_secs(5),
        &c,
    );
    assert_eq!(o.code, Some(1));
    assert!(o.logs.contains("wget: server returned error: HTTP/1.1 404 Not Found"));
}

#[test]
fn busy_loop_stays_running_at_bounded_cost() {
    let o = sh("while true; do :; done");
    assert_eq!(o.code, None, "a busy loop never exits");
    assert!(
        o.calls < 100,
        "detected as CPU-bound after a slice, not simulated for an hour: {} calls",
        o.calls
    );
}

#[test]
fn output_flood_is_capped_with_a_marker() {
    let o = sh("while true; do echo spam; done");
    assert_eq!(o.code, None);
    assert!(o.logs.len() <= 1024 * 1024 + 512, "logs bounded: {}", o.logs.len());
    assert!(o.logs.contains("[podlab: this container instance wrote more than"), "marker present");
    let o = sh("yes");
    assert_eq!(o.code, None);
    assert!(o.logs.contains("[podlab:"));
}

#[test]
fn fork_bomb_hits_the_process_cap_and_exits_non_zero() {
    let o = sh(":(){ :|:& };:");
    assert_eq!(o.code, Some(2), "{}", o.logs);
    assert!(o.logs.contains("can't fork"));
    assert!(o.logs.contains("limit of 64 processes"));
}

#[test]
fn runaway_recursion_is_capped() {
    let o = sh("f() { f; }; f");
    assert_eq!(o.code, Some(2));
    assert!(o.logs.contains("function recursion deeper than 256"), "{}", o.logs);
}

#[test]
fn absurd_sleep_is_fine() {
    let o = sh("sleep 2147483647");
    assert_eq!(o.code, None);
    let o = run_in("busybox", &["sleep", "3600"], Millis::from_secs(4000), &FakeCluster::default());
    assert_eq!(o.code, Some(0));
    assert_eq!(o.at, Millis::from_secs(3600));
}

#[test]
fn deep_nesting_is_a_parse_error_not_a_crash() {
    let deep = format!("{}echo hi{}", "(".repeat(500), ")".repeat(500));
    let o = sh(&deep);
    assert_eq!(o.code, Some(2));
    let subst = format!("echo {}x{}", "$(echo ".repeat(300), ")".repeat(300));
    assert_eq!(sh(&subst).code, Some(2));
    let params = format!("echo {}x{}", "${a:-".repeat(5000), "}".repeat(5000));
    assert_eq!(sh(&params).code, Some(2));
    let quotes = format!("echo {}", "\"$(echo ".repeat(2000));
    assert_eq!(sh(&quotes).code, Some(2));
    let arith = format!("echo $(({}1{}))", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(sh(&arith).code, Some(2));
    let back = format!("echo {}", "`echo \\`".repeat(200));
    assert!(sh(&back).code.is_some());
}

#[test]
fn sigterm_is_ignored_by_a_shell_pid1_without_a_trap() {
    let c = container("busybox", &["sh", "-c", "echo up; sleep 3600"]);
    let pod = pod_with(vec![c.clone()], vec![]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    let mut logs = Vec::new();
    let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
    let mut now = Millis(0);
    while let Step::Running { wake_at: Some(t) } = p.advance(now, &mut env) {
        if t >= Millis::from_secs(3600) {
            break;
        }
        now = t;
    }
    p.signal(Signal::Term, Millis::from_secs(10));
    assert!(matches!(p.advance(Millis::from_secs(10), &mut env), Step::Running { .. }));
    p.signal(Signal::Kill, Millis::from_secs(40));
    assert_eq!(
        p.advance(Millis::from_secs(40), &mut env),
        Step::Exited { code: 137, at: Millis::from_secs(40) }
    );
}

#[test]
fn sigterm_runs_a_trap_when_waiting() {
    let c = container("busybox", &["sh", "-c", "trap 'echo bye; exit 0' TERM; sleep 3600 & wait"]);
    let pod = pod_with(vec![c.clone()], vec![]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    let mut logs = Vec::new();
    let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
    assert!(matches!(p.advance(Millis(0), &mut env), Step::Running { .. }));
    p.signal(Signal::Term, Millis::from_secs(10));
    assert!(matches!(p.advance(Millis::from_secs(10), &mut env), Step::Exited { code: 0, .. }));
    assert_eq!(logs.last().map(|l| l.1.as_str()), Some("bye"));
}

#[test]
fn emptydir_is_shared_between_containers_at_different_paths() {
    let vol = Volume {
        name: "shared-data".into(),
        source: VolumeSource::EmptyDir { medium: None, size_limit: None },
    };
    let mut init =
        container("alpine", &["/bin/sh", "-c", "echo initializing > /tmp/xchange/init.txt"]);
    init.volume_mounts.push(VolumeMount {
        name: "shared-data".into(),
        mount_path: "/tmp/xchange".into(),
        ..Default::default()
    });
    let mut app = container("alpine", &["/bin/sh", "-c", "cat /tmp/data/init.txt"]);
    app.name = "app".into();
    app.volume_mounts.push(VolumeMount {
        name: "shared-data".into(),
        mount_path: "/tmp/data".into(),
        ..Default::default()
    });
    let pod = pod_with(vec![app.clone()], vec![vol]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let cl = FakeCluster::default();
    let mut logs = Vec::new();
    for c in [&init, &app] {
        let created =
            rt.create(&pod, c, ContainerKind::Init, &ApiObjects::default(), &mut vols).unwrap();
        let mut p = rt.start(&created, Millis::ZERO).unwrap();
        let mut env = ProcEnv { volumes: &mut vols, cluster: &cl, pod: "demo", logs: &mut logs };
        assert!(matches!(p.advance(Millis::from_secs(1), &mut env), Step::Exited { code: 0, .. }));
    }
    assert_eq!(logs.last().map(|l| l.1.as_str()), Some("initializing"));
    assert_eq!(vols.files["shared-data"]["init.txt"], b"initializing\n");
}

#[test]
fn waiting_containers_see_the_world_change() {
    // A Service and its ready backend appear at t = 20 s; the wait loop notices on its next try.
    let c = container(
        "busybox:1.36",
        &["sh", "-c", "until wget -q -O /dev/null http://web; do sleep 2; done; echo up"],
    );
    let pod = pod_with(vec![c.clone()], vec![]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    let before = FakeCluster::default();
    let o = drive(&mut p, &mut vols, &before, Millis::ZERO, Millis::from_secs(20));
    assert_eq!(o.code, None);
    assert!(o.logs.contains("wget: bad address 'web'"), "{}", o.logs);
    let mut after = FakeCluster::default();
    after.services.insert("web".into(), "10.96.0.9".into());
    after.open.push(("10.96.0.9".into(), 80));
    after.pages.insert(("10.96.0.9".into(), 80, "/".into()), "ok".into());
    let o = drive(&mut p, &mut vols, &after, o.at, Millis::from_secs(40));
    assert_eq!(o.code, Some(0));
    assert_eq!(o.logs, "up\n");
    assert!(o.at > Millis::from_secs(20) && o.at < Millis::from_secs(23), "{}", o.at);
}

#[test]
fn busy_polling_the_network_skips_ahead_but_notices_changes() {
    let c = container(
        "busybox:1.36",
        &["sh", "-c", "until nc -z db 5432 2>/dev/null; do :; done; echo connected"],
    );
    let pod = pod_with(vec![c.clone()], vec![]);
    let rt = Runtime::new();
    let mut vols = PodVolumes::default();
    let created =
        rt.create(&pod, &c, ContainerKind::App, &ApiObjects::default(), &mut vols).unwrap();
    let mut p = rt.start(&created, Millis::ZERO).unwrap();
    let o = drive(&mut p, &mut vols, &FakeCluster::default(), Millis::ZERO, Millis::from_secs(600));
    assert_eq!(o.code, None);
    assert!(p.steps() < 200_000, "ten minutes of busy polling costs {} steps", p.steps());
    let mut up = FakeCluster::default();
    up.services.insert("db".into(), "10.96.0.8".into());
    up.open.push(("10.96.0.8".into(), 5432));
    let o = drive(&mut p, &mut vols, &up, o.at, Millis::from_secs(700));
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "connected\n"));
}

#[test]
fn nc_without_w_waits_for_the_kernel_connect_timeout() {
    struct Blackhole;
    impl ClusterView for Blackhole {
        fn resolve(&self, _: &str, _: &str) -> Option<String> {
            Some("10.96.0.99".into())
        }
        fn connect(&self, _: &str, _: &str, _: u16) -> Connect {
            Connect::Timeout
        }
        fn http_get(&self, _: &str, _: &str, _: u16, _: &str) -> Result<HttpResponse, Connect> {
            Err(Connect::Timeout)
        }
    }
    let c = container(
        "busybox:1.36",
        &["sh", "-c", "nc -z -w 3 db 5432; echo $?; nc -z db 5432; echo $?"],
    );
    let pod = pod_with(vec![c.clone()], vec![]);
    let mut vols = PodVolumes::default();
    let o = run_container(
        &pod,
        &c,
        &ApiObjects::default(),
        &mut vols,
        &Blackhole,
        Millis::from_secs(600),
    );
    assert_eq!((o.code, o.logs.as_str()), (Some(0), "1\n1\n"));
    assert!(
        o.at >= Millis::from_secs(130) && o.at < Millis::from_secs(131),
        "3 s + 127 s: {}",
        o.at
    );
}

#[test]
fn keep_alive_idioms_run_forever() {
    for script in ["sleep infinity", "tail -f /dev/null", "sleep inf"] {
        let o = sh(script);
        assert_eq!(o.code, None, "{script}");
        assert!(o.calls < 5, "{script}: {} calls", o.calls);
    }
}

#[test]
fn a_service_ip_never_answers_ping() {
    let mut c = FakeCluster::default();
    c.services.insert("db".into(), "10.96.0.20".into());
    let o =
        run_in("busybox:1.36", &["sh", "-c", "ping -c 1 db; echo $?"], Millis::from_secs(60), &c);
    assert_eq!(o.code, Some(0));
    assert!(
        o.logs.contains("1 packets transmitted, 0 packets received, 100% packet loss\n1\n"),
        "{}",
        o.logs
    );
    assert!(o.at >= Millis::from_secs(10), "waits for a reply: {}", o.at);
}

#[test]
fn dash_echo_interprets_escapes() {
    let o = run_in(
        "nginx:1.27",
        &["sh", "-c", "echo 'a\\nb'"],
        Millis::from_secs(1),
        &FakeCluster::default(),
    );
    assert_eq!(o.logs, "a\nb\n");
}

#[test]
fn a_bare_shell_exits_at_once_unless_stdin_is_kept_open() {
    let mut c = container("busybox:1.36", &[]);
    let pod = pod_with(vec![c.clone()], vec![]);
    let mut vols = PodVolumes::default();
    let o = run_container(
        &pod,
        &c,
        &ApiObjects::default(),
        &mut vols,
        &FakeCluster::default(),
        Millis::from_secs(60),
    );
    assert_eq!(o.code, Some(0), "no terminal: sh reads EOF and exits 0");
    c.stdin = true;
    c.tty = true;
    let o = run_container(
        &pod,
        &c,
        &ApiObjects::default(),
        &mut vols,
        &FakeCluster::default(),
        Millis::from_secs(60),
    );
    assert_eq!(o.code, None, "stdin: true keeps the shell waiting");
    let mut cat = container("busybox:1.36", &["cat"]);
    cat.stdin = true;
    assert_eq!(
        run_container(
            &pod,
            &cat,
            &ApiObjects::default(),
            &mut vols,
            &FakeCluster::default(),
            Millis::from_secs(60)
        )
        .code,
        None
    );
}
