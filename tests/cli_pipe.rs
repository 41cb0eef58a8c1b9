//! A closed pipe ends the CLI quietly, as it does any Unix tool (`podlab simulate … | head`).

use std::io::Read;
use std::process::{Command, Stdio};

/// Runs `podlab ARGS` with its stdout's reader closed after `keep` bytes (0: before anything is
/// written); returns the exit code and stderr.
fn with_reader_gone(args: &[&str], keep: usize) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_podlab"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("podlab runs");
    let mut stdout = child.stdout.take().unwrap();
    if keep > 0 {
        let mut buf = vec![0u8; keep];
        stdout.read_exact(&mut buf).expect("some output first");
    }
    drop(stdout);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let yaml = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/worked_examples/");
    let file = std::fs::read_dir(yaml)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "yaml"))
        .expect("a worked example");
    let file = file.to_str().unwrap();
    for (args, keep) in [
        (vec!["simulate", file, "--output", "json"], 0),
        (vec!["simulate", file, "--output", "json"], 100),
        (vec!["simulate", file], 0),
        (vec!["check", file, "--output", "json"], 0),
        (vec!["--help"], 0),
        (vec!["lessons"], 0),
    ] {
        let (code, err) = with_reader_gone(&args, keep);
        assert_eq!((code, err.as_str()), (Some(0), ""), "podlab {args:?}");
    }
}
