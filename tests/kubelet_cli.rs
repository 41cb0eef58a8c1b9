//! `podlab simulate` as a command, run as a process: flags, exit codes, what it prints.

/// Runs the `podlab` binary with `args` and returns its exit code.
fn podlab(args: &[String]) -> i32 {
    run(args).0
}

/// Runs the `podlab` binary: (exit code, stdout).
fn run(args: &[String]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_podlab"))
        .args(args)
        .output()
        .expect("run the podlab binary");
    (out.status.code().expect("exited"), String::from_utf8(out.stdout).expect("UTF-8"))
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

#[test]
fn simulate_without_files_prints_usage_and_exits_2() {
    assert_eq!(podlab(&args(&["simulate"])), 2);
    assert_eq!(podlab(&args(&["simulate", "x.yaml", "--output", "yaml"])), 2);
    assert_eq!(podlab(&args(&["simulate", "x.yaml", "--until"])), 2);
}

#[test]
fn simulate_exits_1_for_a_missing_file_or_a_manifest_admission_refuses() {
    assert_eq!(podlab(&args(&["simulate", "/nonexistent/pod.yaml"])), 1);
    let dir = std::env::temp_dir().join(format!("podlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "kind: Pod\nmetadata: [unclosed\n").unwrap();
    assert_eq!(podlab(&args(&["simulate", bad.to_str().unwrap()])), 1);
    let later = dir.join("later.yaml");
    std::fs::write(&later, "kind: Pod\nmetadata: {name: [\n").unwrap();
    let ok = dir.join("ok.yaml");
    std::fs::write(&ok, include_str!("worked_examples/s31.yaml")).unwrap();
    // A file applied later is admitted before anything runs, too.
    assert_eq!(
        podlab(&args(&[
            "simulate",
            ok.to_str().unwrap(),
            "--apply-at",
            &format!("5={}", later.display())
        ])),
        1
    );
    assert_eq!(
        podlab(&args(&["simulate", ok.to_str().unwrap(), "--until", "3", "--output", "json"])),
        0
    );
    std::fs::remove_dir_all(&dir).ok();
}

const SLOW_INIT: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: slow-init
spec:
  terminationGracePeriodSeconds: 5
  initContainers:
  - name: wait-for-db
    image: busybox:1.36
    command: ["sleep", "3600"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"#;

/// Writes `text` to a fresh file named `name` in this test's own temporary directory.
fn manifest(test: &str, name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("podlab-cli-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join(name);
    std::fs::write(&f, text).unwrap();
    f
}

#[test]
fn the_same_command_twice_prints_byte_identical_output() {
    let f = manifest("twice", "slow.yaml", SLOW_INIT);
    let f = f.to_str().unwrap();
    for output in ["json", "table"] {
        let cmd = args(&[
            "simulate",
            f,
            "--delete-at",
            "400=pod/slow-init",
            "--until",
            "900",
            "--output",
            output,
        ]);
        let (a, b) = (run(&cmd), run(&cmd));
        assert_eq!(a.0, 0);
        assert!(a.1.contains("slow-init"), "{}", a.1);
        assert_eq!(a, b, "--output {output}");
    }
}

#[test]
fn json_output_has_the_issue_shape() {
    let f = manifest("json", "slow.yaml", SLOW_INIT);
    let (code, out) =
        run(&args(&["simulate", f.to_str().unwrap(), "--until", "10", "--output", "json"]));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let row = &v["rows"][1];
    assert_eq!(row["t"], serde_json::json!(1.0));
    assert_eq!(row["status"], "Init:0/1");
    assert_eq!(row["ready"], "0/1");
    assert_eq!(row["restarts"], "0");
    assert_eq!(row["phase"], "Pending");
    let ev = &v["events"][0];
    assert_eq!(ev["reason"], "Scheduled");
    assert_eq!(ev["type"], "Normal");
    assert_eq!(ev["object"], "");
    assert_eq!(ev["t"], serde_json::json!(0.0));
    let pod = &v["pods"][0];
    assert_eq!(pod["name"], "slow-init");
    assert_eq!(pod["status"]["phase"], "Pending");
    assert_eq!(
        pod["status"]["initContainerStatuses"][0]["state"]["running"]["startedAt"],
        "2026-01-01T00:00:01Z"
    );
    assert_eq!(
        pod["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
        "PodInitializing"
    );
    assert_eq!(pod["status"]["conditions"][1]["type"], "Initialized");
    assert!(v["logs"].is_object());
}

#[test]
fn table_output_prefixes_watch_rows_with_virtual_time() {
    let f = manifest("table", "slow.yaml", SLOW_INIT);
    let (code, out) = run(&args(&["simulate", f.to_str().unwrap(), "--until", "3"]));
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["T", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    );
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["0.0s", "slow-init", "0/1", "Pending", "0", "0s"]
    );
    assert_eq!(
        lines[2].split_whitespace().collect::<Vec<_>>(),
        ["1.0s", "slow-init", "0/1", "Init:0/1", "0", "1s"]
    );
}
