//! `podlab simulate` as a command: flags, exit codes and what it prints for bad input.

use podlab::cli::main as podlab;

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
