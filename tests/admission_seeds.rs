//! Every YAML example in `shared/seeds/` (extracted verbatim into `tests/fixtures/seeds/`) goes
//! through the real `podlab check` binary and gets the outcome a cluster would give:
//! complete Pods are created (even where their commands will fail at run time, e.g. `/bin/bash`
//! on alpine: the API server does not look inside images), and the list fragments the notes
//! quote as "Key Components" are refused the way kubectl refuses a document without
//! `apiVersion`/`kind`.

use std::process::Command;

const FRAGMENT: &str = "error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false";

/// (file, stdout, stderr substring, exit code)
const SEEDS: &[(&str, &str, &str, i32)] = &[
    ("seed000_1.yaml", "pod/init-demo created (server dry run)\n", "", 0),
    ("seed000_2.yaml", "", FRAGMENT, 1),
    ("seed000_3.yaml", "", FRAGMENT, 1),
    ("seed000_4.yaml", "", FRAGMENT, 1),
    ("seed002_1.yaml", "pod/pod-with-init-container created (server dry run)\n", "", 0),
    ("seed002_2.yaml", "pod/app-with-db-init created (server dry run)\n", "", 0),
    ("seed003_1.yaml", "pod/init-demo created (server dry run)\n", "", 0),
    ("seed004_1.yaml", "pod/myapp-pod created (server dry run)\n", "", 0),
    ("seed004_2.yaml", "pod/myapp-pod created (server dry run)\n", "", 0),
];

fn check(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_podlab"))
        .arg("check")
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds"))
        .output()
        .expect("podlab runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn every_seed_example_gets_the_cluster_outcome() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");
    let on_disk = std::fs::read_dir(dir).expect("seeds dir").count();
    assert_eq!(on_disk, SEEDS.len(), "every extracted seed example has an expected outcome");
    for (file, stdout, stderr, code) in SEEDS {
        let (o, e, c) = check(&["--kubectl", file]);
        assert_eq!((o.as_str(), c), (*stdout, *code), "{file}: stderr {e}");
        if stderr.is_empty() {
            assert_eq!(e, "", "{file}: the API server says nothing, so podlab stays quiet");
        } else {
            assert_eq!(e, format!("error: error validating \"{file}\": {stderr}\n"), "{file}");
        }
    }
}

#[test]
fn valid_seed_pods_produce_no_diagnostics_at_all() {
    for (file, ..) in SEEDS.iter().filter(|s| s.2.is_empty()) {
        let (o, e, c) = check(&["--output", "json", file]);
        assert_eq!((o.trim(), c), ("[]", 0), "{file}: {e}");
    }
}

#[test]
fn fragments_are_explained_with_their_line() {
    let (o, _, c) = check(&["--output", "json", "seed000_2.yaml"]);
    assert_eq!(c, 1);
    let v: serde_json::Value = serde_json::from_str(&o).expect("json");
    let d = &v[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 1);
    assert!(d["message"].as_str().unwrap_or("").contains("is a list, not a Kubernetes object"));
    for key in ["severity", "message", "path", "line", "column", "endLine", "endColumn"] {
        assert!(d.get(key).is_some(), "JSON diagnostics carry `{key}`");
    }
}
