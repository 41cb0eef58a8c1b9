//! Programs and shell rules found wrong while grading exercises by hand (issue 17, "Shell,
//! images, cluster and CLI"): each test runs a container command as a learner would write it.

mod runtime_support;

use podlab::engine::admission::admit;
use podlab::engine::kubelet::{simulate, Scenario, Timeline};
use podlab::engine::time::Millis;
use runtime_support::*;

/// `yaml` admitted through the front door and simulated for `secs` seconds.
fn simulated(yaml: &str, secs: u64) -> Timeline {
    let a = admit(yaml);
    assert!(!a.has_errors(), "{:?}", a.diagnostics);
    simulate(&Scenario::apply_at_zero(a.objects, Millis::from_secs(secs)))
}

/// What container `c` of pod `pod` logged by `secs`.
fn logs(tl: &Timeline, pod: &str, c: &str, secs: u64) -> String {
    let lines = tl.logs(pod, c, false, Millis::from_secs(secs)).unwrap_or_default();
    lines.iter().map(|(_, l)| format!("{l}\n")).collect()
}

/// Whole virtual seconds (each shell step also costs a few microseconds of CPU time).
fn secs(t: Millis) -> u64 {
    t.0 / 1000
}

#[test]
fn set_e_exits_when_an_assignment_takes_a_failed_command_substitution() {
    // ash: a command with no name ends with the status of its last `$(…)`.
    let o = sh("set -e; x=$(cat /nope); echo after");
    assert_eq!(o.logs, "cat: can't open '/nope': No such file or directory\n");
    assert_eq!(o.code, Some(1));
    let o = sh("x=$(false); echo $?; y=$(true); echo $?; z=plain; echo $?");
    assert_eq!(o.logs, "1\n0\n0\n");
    // `local` is a builtin: its own status (0), not the substitution's.
    let o = sh("set -e; f() { local v=$(false); echo kept; }; f");
    assert_eq!((o.logs.as_str(), o.code), ("kept\n", Some(0)));
}

#[test]
fn timeout_stops_any_program_not_only_sleep() {
    // busybox's timeout execs the program and a grandchild sends it SIGTERM: 128 + 15.
    let o = sh("timeout 2 sh -c 'while true; do sleep 1; done'; echo status $?");
    assert_eq!(o.logs, "status 143\n");
    assert_eq!(secs(o.at), 2);
    let o = sh("timeout 3 tail -f /dev/null; echo $?");
    assert_eq!((o.logs.as_str(), secs(o.at)), ("143\n", 3));
    let o = sh("timeout -s KILL 1 yes > /dev/null; echo $?");
    assert_eq!(o.logs, "137\n");
    // A server under timeout stops listening when it is killed.
    let o = sh("timeout 1 httpd -f -p 8080; echo $?");
    assert_eq!(o.logs, "143\n");
    // What finishes in time keeps its own status and output.
    let o = sh("timeout 5 sh -c 'echo in; exit 3'; echo $?");
    assert_eq!(o.logs, "in\n3\n");
    assert_eq!(secs(o.at), 0);
    // The killed program's shell state does not leak into the caller.
    let o = sh("cd /tmp; timeout 1 sh -c 'cd /; sleep 9'; pwd");
    assert_eq!(o.logs, "/tmp\n");
    // Inside $(…) too, and only up to the deadline.
    let o = sh("x=$(timeout 1 sh -c 'echo part; sleep 60'); echo \"$x\" $?");
    assert_eq!((o.logs.as_str(), secs(o.at)), ("part 143\n", 1));
    // A program timeout cannot run.
    let o = sh("timeout 1 nosuch; echo $?");
    assert_eq!(o.logs, "timeout: can't execute 'nosuch': No such file or directory\n127\n");
    // A busy loop under timeout.
    let o = sh("timeout 1 sh -c 'while :; do :; done'; echo $?");
    assert_eq!(o.logs, "143\n");
}

#[test]
fn gnu_timeout_exits_124() {
    let o = run_in(
        "python:3.12",
        &["sh", "-c", "timeout 2 sleep 10; echo $?; timeout 2 sleep 1; echo $?"],
        Millis::from_secs(60),
        &FakeCluster::default(),
    );
    assert_eq!(o.logs, "124\n0\n");
    assert_eq!(secs(o.at), 3);
}

#[test]
fn debian_based_images_have_bin_bash_and_bin_sh() {
    // usrmerge: /bin is a symlink to /usr/bin on Debian (and Oracle Linux), so both paths work.
    for image in ["python:3.12", "debian:bookworm", "ubuntu:24.04", "postgres:17", "nginx:1.27"] {
        let o = run_in(
            image,
            &["/bin/bash", "-c", "echo $BASH_VERSION ok; /bin/sh -c 'echo sh ok'; command -v bash"],
            Millis::from_secs(10),
            &FakeCluster::default(),
        );
        assert_eq!(o.code, Some(0), "{image}: {}", o.logs);
        assert!(o.logs.ends_with("ok\nsh ok\n/usr/bin/bash\n"), "{image}: {}", o.logs);
    }
    // alpine still has none.
    let o = run_in("alpine", &["/bin/bash"], Millis::from_secs(10), &FakeCluster::default());
    assert_eq!(o.code, Some(128));
}

#[test]
fn date_honours_its_format_with_u_and_other_options() {
    // t = 0 is 2026-01-01T00:00:00Z, a Thursday; `sleep 65` moves the clock.
    let o = sh("sleep 65; date -u +%Y-%m-%dT%H:%M:%SZ; date -u; date +%s; date -u '+%a %b %e %R %y %z'; date -I; date -R");
    assert_eq!(
        o.logs,
        "2026-01-01T00:01:05Z\nThu Jan  1 00:01:05 UTC 2026\n1767225665\nThu Jan  1 00:01 26 +0000\n2026-01-01\nThu, 01 Jan 2026 00:01:05 +0000\n"
    );
}

#[test]
fn every_cluster_has_the_kubernetes_service_for_the_dns_check_the_docs_show() {
    // The DNS debugging page's pod: busybox:1.28, `nslookup kubernetes.default`.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dnsutils\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox:1.28\n    command: [sh, -c, 'nslookup kubernetes.default && nslookup kubernetes && echo $KUBERNETES_SERVICE_HOST']\n";
    let tl = simulated(yaml, 30);
    assert_eq!(
        logs(&tl, "dnsutils", "c", 30),
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes.default\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\nServer:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      kubernetes\nAddress 1: 10.96.0.1 kubernetes.default.svc.cluster.local\n10.96.0.1\n"
    );
    // busybox >= 1.30 resolves by itself and searches only dotless names (networking/nslookup.c
    // add_query_with_search): it prints the answer but exits 1 on the other search domains'
    // NXDOMAIN, and does not find `kubernetes.default` — why the docs pin busybox:1.28.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dns\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [sh, -c, 'nslookup kubernetes; echo exit $?; nslookup kubernetes.default; echo exit $?']\n";
    let l = logs(&simulated(yaml, 30), "dns", "c", 30);
    assert!(l.contains("Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n"), "{l}");
    assert!(l.contains("** server can't find kubernetes.default: NXDOMAIN"), "{l}");
    assert_eq!(l.matches("exit 1\n").count(), 2, "{l}");
    // The C library's resolver (getent, nc, wget …) sees it in every image, on port 443.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [sh, -c, 'getent hosts kubernetes.default.svc; nc -z -w 1 kubernetes 443 && echo open']\n  - name: d\n    image: python:3.12\n    command: [sh, -c, 'getent hosts kubernetes']\n";
    let tl = simulated(yaml, 30);
    assert_eq!(logs(&tl, "api", "c", 30), "10.96.0.1       kubernetes.default.svc\nopen\n");
    assert_eq!(logs(&tl, "api", "d", 30), "10.96.0.1       kubernetes\n");
}

#[test]
fn mkfifo_makes_a_named_pipe_that_ls_and_test_p_see() {
    let o = sh(
        "mkfifo /tmp/f; test -p /tmp/f && echo pipe; test -f /tmp/f || echo 'not a regular file'; \
                test -p /etc/passwd || echo 'passwd is no pipe'; ls -l /tmp/f; ls -l /tmp; ls /tmp",
    );
    assert_eq!(
        o.logs,
        "pipe\nnot a regular file\npasswd is no pipe\n\
         prw-r--r--    1 root     root            0 Jan  1 00:00 /tmp/f\n\
         prw-r--r--    1 root     root            0 Jan  1 00:00 f\n\
         f\n"
    );
    assert_eq!(o.code, Some(0));
    // A FIFO is removed like a file, and a name that is taken cannot become one.
    let o = sh("mkfifo /tmp/f && rm /tmp/f && test -e /tmp/f || echo gone; mkdir /tmp/d; mkfifo /tmp/d; echo $?");
    assert_eq!(o.logs, "gone\nmkfifo: /tmp/d: File exists\n1\n");
}

#[test]
fn mkfifo_errors_are_worded_as_busybox_and_gnu_word_them() {
    let o = sh("mkfifo /tmp/f; mkfifo /tmp/f; echo $?; mkfifo /nodir/x; mkfifo -m 600 /tmp/g && test -p /tmp/g && echo made; mkfifo");
    assert_eq!(
        o.logs,
        "mkfifo: /tmp/f: File exists\n1\nmkfifo: /nodir/x: No such file or directory\nmade\n\
         BusyBox v1.36.1 multi-call binary.\n\nUsage: mkfifo [-m MODE] NAME\n"
    );
    assert_eq!(o.code, Some(1));
    let o = run_in(
        "debian:bookworm",
        &["sh", "-c", "mkfifo /tmp/f; mkfifo /tmp/f; mkfifo"],
        Millis::from_secs(10),
        &FakeCluster::default(),
    );
    assert_eq!(
        o.logs,
        "mkfifo: cannot create fifo '/tmp/f': File exists\n\
         mkfifo: missing operand\nTry 'mkfifo --help' for more information.\n"
    );
}

#[test]
fn a_background_writer_delivers_its_line_to_read_from_a_fifo() {
    let o = sh(
        "mkfifo /tmp/f; echo hi > /tmp/f & read line < /tmp/f; echo \"got $line\"; wait; echo done",
    );
    assert_eq!(o.logs, "got hi\ndone\n");
    assert_eq!(o.code, Some(0));
    assert!(o.at < Millis::from_secs(1), "no virtual time passes: {:?}", o.at);
    // The reader in the background waits for the writer, which comes a second later.
    let o = sh("mkfifo /tmp/f; (read line < /tmp/f; echo \"got $line\") & sleep 1; \
                printf 'a\\nb\\n' > /tmp/f; wait");
    assert_eq!(o.logs, "got a\n");
    assert_eq!(secs(o.at), 1);
    // `while read` takes every line the writer wrote.
    let o = sh("mkfifo /tmp/f; { echo one; echo two; } > /tmp/f & while read l; do echo \"[$l]\"; done < /tmp/f");
    assert_eq!(o.logs, "[one]\n[two]\n");
}

#[test]
fn opening_a_fifo_with_no_other_end_waits_forever() {
    // open(2) of a FIFO blocks until the other end is opened: neither line below is reached.
    for script in
        ["mkfifo /tmp/f; echo hi > /tmp/f; echo never", "mkfifo /tmp/f; cat < /tmp/f; echo never"]
    {
        let o = sh(script);
        assert_eq!((o.logs.as_str(), o.code), ("", None), "{script}");
    }
    // Scripts without FIFOs keep their redirections as before.
    let o = sh("echo a > /tmp/x; cat < /tmp/x; echo b >> /tmp/x; read l < /tmp/x; echo $l");
    assert_eq!(o.logs, "a\na\n");
}
