//! `podlab check` as a command: kubectl's text on stdout/stderr, podlab's located diagnostics,
//! `--output json`, and exit codes.

use std::process::Command;

fn run(args: &[&str], files: &[(&str, &str)]) -> (String, String, i32) {
    let dir = std::env::temp_dir().join(format!(
        "podlab-check-{}-{}",
        std::process::id(),
        files.first().map(|f| f.0).unwrap_or("none")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_podlab"))
        .arg("check")
        .args(args)
        .current_dir(&dir)
        .output()
        .expect("podlab runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

const DUP: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: init-demo\nspec:\n  initContainers:\n  - name: app\n    image: busybox\n  containers:\n  - name: app\n    image: nginx\n";
const OK: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\nspec:\n  containers:\n  - name: app\n    image: nginx\n";

#[test]
fn text_mode_prints_kubectl_then_located_diagnostics_and_exits_1() {
    let (o, e, c) = run(&["dup.yaml", "ok.yaml"], &[("dup.yaml", DUP), ("ok.yaml", OK)]);
    assert_eq!(o, "pod/ok created (server dry run)\n");
    assert_eq!(
        e,
        "The Pod \"init-demo\" is invalid: spec.initContainers[0].name: Duplicate value: \"app\"\n  --> dup.yaml:7:11: error: spec.initContainers[0].name: Duplicate value: \"app\"\n"
    );
    assert_eq!(c, 1);
    let (_, e, _) = run(&["--kubectl", "dup.yaml"], &[("dup.yaml", DUP)]);
    assert_eq!(
        e,
        "The Pod \"init-demo\" is invalid: spec.initContainers[0].name: Duplicate value: \"app\"\n"
    );
}

#[test]
fn accepted_files_exit_0() {
    let (o, e, c) = run(&["ok.yaml"], &[("ok.yaml", OK)]);
    assert_eq!((o.as_str(), e.as_str(), c), ("pod/ok created (server dry run)\n", "", 0));
}

#[test]
fn json_mode_prints_every_diagnostic_with_its_range() {
    let (o, _, c) = run(&["--output", "json", "dup.yaml"], &[("dup.yaml", DUP)]);
    assert_eq!(c, 1);
    let v: serde_json::Value = serde_json::from_str(&o).expect("a JSON array");
    assert_eq!(
        v,
        serde_json::json!([{
            "severity": "error",
            "message": "spec.initContainers[0].name: Duplicate value: \"app\"",
            "path": "spec.initContainers[0].name",
            "line": 7, "column": 11, "endLine": 7, "endColumn": 14
        }])
    );
    let (o, _, c) = run(&["-o", "json", "ok.yaml"], &[("ok.yaml", OK)]);
    assert_eq!((o.trim(), c), ("[]", 0));
}

#[test]
fn usage_errors_exit_2_and_missing_files_exit_1() {
    assert_eq!(run(&[], &[]).2, 2);
    assert_eq!(run(&["--bogus", "x.yaml"], &[]).2, 2);
    assert_eq!(run(&["--output", "yaml", "x.yaml"], &[]).2, 2);
    let (_, e, c) = run(&["missing.yaml"], &[]);
    assert_eq!((e.as_str(), c), ("error: the path \"missing.yaml\" does not exist\n", 1));
}
