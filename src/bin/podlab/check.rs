//! `podlab check [--output json] [--kubectl] FILE...`: admission only.
//!
//! Text mode prints what `kubectl apply --dry-run=server -f FILE` would (created objects on
//! stdout; `Warning:` lines and errors on stderr), then podlab's located diagnostics on stderr
//! as `  --> FILE:LINE:COL: severity: message` (omitted with `--kubectl`). JSON mode prints every
//! diagnostic of every file as one JSON array of `{severity, message, path, line, column,
//! endLine, endColumn}`. Exit code 1 when anything was refused, 2 on usage errors.

use podlab::engine::admission::{admit, render::kubectl_output};
use podlab::engine::diag::{Diagnostic, Severity, Span};

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
        // A file that cannot be admitted at all is an error like any other: on stderr in
        // kubectl's words, and in the JSON array as a diagnostic (at the first bad byte when
        // the file is not UTF-8).
        let text = match read_text(f) {
            Ok(t) => t,
            Err(d) => {
                if json {
                    all.push(d);
                } else {
                    eprintln!("error: {}", d.message);
                }
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
        out!("{}", k.stdout);
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
            Ok(s) => outln!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        }
    }
    i32::from(failed)
}

/// Reads `f` as UTF-8 text, or says why it cannot be admitted.
fn read_text(f: &str) -> Result<String, Diagnostic> {
    let error = |message: String, span: Span| Diagnostic::new(Severity::Error, message, "", span);
    match std::fs::read(f) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let before = &bytes[..at];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            // Columns count characters, as the editor's do.
            let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
            let (line, column) = (line as u32, column as u32);
            error(
                format!(
                    "{f} is not valid UTF-8 text (byte {at}, line {line} column {column}): save it as UTF-8"
                ),
                Span::point(line, column),
            )
        }),
        // kubectl's own wording for a missing file.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(error(format!("the path \"{f}\" does not exist"), Span::point(1, 1)))
        }
        Err(e) => Err(error(
            format!("the path \"{f}\" cannot be read: {e}"),
            Span::point(1, 1),
        )),
    }
}
