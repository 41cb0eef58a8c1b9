//! `podlab check [--output json] [--kubectl] FILE...`: admission only.
//!
//! Text mode prints what `kubectl apply --dry-run=server -f FILE` would (created objects on
//! stdout; `Warning:` lines and errors on stderr), then podlab's located diagnostics on stderr
//! as `  --> FILE:LINE:COL: severity: message` (omitted with `--kubectl`). JSON mode prints every
//! diagnostic of every file as one JSON array of `{severity, message, path, line, column,
//! endLine, endColumn}`. Exit code 1 when anything was refused, 2 on usage errors.

use podlab::engine::admission::{admit, render::kubectl_output};
use podlab::engine::diag::{Diagnostic, Severity};

/// Runs `podlab check` and returns the exit code.
pub fn run(args: &[String]) -> i32 {
    let mut json = false;
    let mut kubectl_only = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--output" | "-o" => match it.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => {
                    eprintln!("podlab check: --output takes `json` or `text`, not {other:?}");
                    return 2;
                }
            },
            "--output=json" | "-ojson" => json = true,
            "--output=text" => json = false,
            "--kubectl" => kubectl_only = true,
            s if s.starts_with('-') && s.len() > 1 => {
                eprintln!("podlab check: unknown option {s}\nusage: podlab check [--output json] [--kubectl] FILE...");
                return 2;
            }
            _ => files.push(a.clone()),
        }
    }
    if files.is_empty() {
        eprintln!("usage: podlab check [--output json] [--kubectl] FILE...");
        return 2;
    }
    let mut failed = false;
    let mut all: Vec<Diagnostic> = Vec::new();
    for f in &files {
        let text = match std::fs::read(f) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!(
                        "error: {f} is not valid UTF-8 text (byte {})",
                        e.utf8_error().valid_up_to()
                    );
                    failed = true;
                    continue;
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // kubectl's own wording for a missing file.
                eprintln!("error: the path \"{f}\" does not exist");
                failed = true;
                continue;
            }
            Err(e) => {
                eprintln!("error: the path \"{f}\" cannot be read: {e}");
                failed = true;
                continue;
            }
        };
        let a = admit(&text);
        if json {
            all.extend(a.diagnostics.iter().cloned());
            failed |= kubectl_output(&a, f).exit_code != 0;
            continue;
        }
        let k = kubectl_output(&a, f);
        print!("{}", k.stdout);
        eprint!("{}", k.stderr);
        failed |= k.exit_code != 0;
        if !kubectl_only {
            for d in &a.diagnostics {
                let sev = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "note",
                };
                eprintln!("  --> {f}:{}:{}: {sev}: {}", d.line, d.column, d.message);
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&all) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    i32::from(failed)
}
