//! The front door's remaining gaps (issue 17, "Front door"): every error of `podlab check
//! --output json` as a diagnostic, an unclosed double quote located where it opened, and
//! pod-level `spec.resources` written where a container's was meant.

use podlab::engine::admission::admit;
use podlab::engine::diag::{Diagnostic, Severity};
use std::process::Command;

/// `podlab check ARGS` in a fresh directory holding `files`: (stdout, stderr, exit code).
fn check(args: &[&str], files: &[(&str, &[u8])]) -> (String, String, i32) {
    let dir = std::env::temp_dir().join(format!(
        "podlab-frontdoor-{}-{}",
        std::process::id(),
        args.join("_").replace(['/', ' '], "")
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
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

#[test]
fn check_json_carries_unreadable_files_as_diagnostics() {
    let latin1: &[u8] = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n";
    let (out, err, code) =
        check(&["--output", "json", "latin1.yaml", "missing.yaml"], &[("latin1.yaml", latin1)]);
    assert_eq!((err.as_str(), code), ("", 1));
    let diags: Vec<Diagnostic> = serde_json::from_str(&out).expect("a JSON array");
    assert_eq!(diags.len(), 2, "{out}");
    assert_eq!(diags[0].severity, Severity::Error);
    assert_eq!(
        diags[0].message,
        "latin1.yaml is not valid UTF-8 text (byte 46, line 4 column 12): save it as UTF-8"
    );
    assert_eq!((diags[0].line, diags[0].column), (4, 12));
    assert_eq!(diags[1].message, "the path \"missing.yaml\" does not exist");
    // Text mode keeps kubectl's `error: ` lines on stderr.
    let (_, err, code) = check(&["latin1.yaml"], &[("latin1.yaml", latin1)]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: latin1.yaml is not valid UTF-8 text (byte 46, line 4 column 12): save it as UTF-8\n"
    );
}

/// The first error diagnostic of `yaml`.
fn first_error(yaml: &str) -> Diagnostic {
    let a = admit(yaml);
    a.diagnostics.into_iter().find(|d| d.severity == Severity::Error).expect("an error")
}

#[test]
fn an_unclosed_double_quote_names_the_line_it_opened_on_and_where_yaml_gave_up() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: \"busybox\n    command: [sleep, \"1\"]\n";
    let d = first_error(yaml);
    assert_eq!(
        d.message,
        "line 8 column 12: a double-quoted string opens here and is not closed on line 8, so YAML read the lines after it into the string up to the next `\"` (line 9) and gave up at line 9 column 23: did not find expected key"
    );
    assert_eq!((d.line, d.column), (8, 12));
    // Single quotes swallow lines the same way.
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: 'x\nspec:\n  containers:\n  - name: 'a'\n    image: busybox\n";
    let d = first_error(yaml);
    assert!(d.message.starts_with("line 4 column 9: a single-quoted string opens here and is not closed on line 4, so YAML read the lines after it into the string up to the next `'` (line 7) and gave up at line 7"), "{}", d.message);
    // A string that spans lines on purpose, or a quote inside a block scalar, is not blamed.
    let ok = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: busybox\n    command: [\"sh\", \"-c\", \"echo one\n      two\"]\n    args:\n    - |\n      echo \"unbalanced\n  - name: b\n    image: busybox\n";
    assert!(!admit(ok).has_errors(), "{:?}", admit(ok).diagnostics);
    let other = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    command: [\"sh\", \"-c\", \"echo one\n      two\"]\n    image: busybox\n     bad: indent\n";
    assert!(
        !first_error(other).message.contains("quoted string"),
        "{}",
        first_error(other).message
    );
}

#[test]
fn resources_one_indent_short_is_pod_level_and_dropped_by_a_v1_33_api_server() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: app\n    image: nginx\n  resources:\n    limits:\n      memory: 128Mi\n";
    let a = admit(yaml);
    assert!(!a.has_errors(), "the API server accepts it: {:?}", a.diagnostics);
    let w: Vec<&Diagnostic> =
        a.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    assert_eq!(w.len(), 1, "{:?}", a.diagnostics);
    assert_eq!(w[0].path, "spec.resources");
    assert_eq!((w[0].line, w[0].column), (9, 3));
    assert!(
        w[0].message.contains("a v1.33 API server drops it without a word")
            && w[0]
                .message
                .contains("Did you mean `spec.containers[0].resources` (container `app`)?"),
        "{}",
        w[0].message
    );
    // With several containers it cannot guess which one.
    let two = yaml.replace("  resources:", "  - name: side\n    image: busybox\n  resources:");
    let a = admit(&two);
    assert!(a.diagnostics.iter().any(|d| d.severity == Severity::Warning
        && d.message.contains("Did you mean `spec.containers[N].resources` of one container?")));
    // The container's own resources are not warned about.
    let right = yaml.replace(
        "  resources:\n    limits:\n      memory: 128Mi\n",
        "    resources:\n      limits:\n        memory: 128Mi\n",
    );
    assert!(
        admit(&right).diagnostics.iter().all(|d| d.severity != Severity::Warning),
        "{:?}",
        admit(&right).diagnostics
    );
}
