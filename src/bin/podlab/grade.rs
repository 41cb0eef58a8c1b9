//! `podlab grade EXERCISE-ID FILE... [--output json]` and `podlab exercises` (issue 14): an
//! instructor grades submissions offline exactly as the page does. Both the page and this
//! command call [`Exercise::attempt`] on an exercise of the embedded course, the path
//! `lint-content` replays every authored answer through: one grading code path.
//!
//! Text output: one line per check (`✓`/`✗`, the check, its goal clause), with the reason and
//! the moment the run went another way under each failure; a pass ends with the debrief of the
//! run. JSON: `{"exercise", "passed", "checks": [{"check", "clause", "passed", "message",
//! "at"}]}` where `at` is the virtual time in seconds of the divergence, or null. A manifest the
//! API server refuses fails every check with the refusal as its message. Exit codes: 0 pass, 1
//! fail, 2 usage (unknown exercise, unreadable file, bad option).

use podlab::content::exercise::{course_exercises, CheckResult, Verdict};
use podlab::content::lesson::Catalog;

const USAGE: &str =
    "usage: podlab grade EXERCISE-ID FILE... [--output json]   (FILE may be - for stdin)";

/// `podlab exercises`: every exercise id, one per line, in course order.
pub fn list(args: &[String]) -> i32 {
    if let Some(a) = args.first() {
        eprintln!("podlab exercises: unexpected argument {a:?} (it takes none)");
        return 2;
    }
    for (_, ex) in course_exercises(&Catalog::embedded()) {
        outln!("{}", ex.id);
    }
    0
}

/// `podlab grade`.
pub fn run(args: &[String]) -> i32 {
    let mut json = false;
    let mut rest: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--output" => match it.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => {
                    eprintln!("podlab grade: --output takes json or text, got {other:?}\n{USAGE}");
                    return 2;
                }
            },
            "--output=json" => json = true,
            "-h" | "--help" => {
                outln!("{USAGE}");
                return 0;
            }
            s if s.starts_with('-') && s != "-" => {
                eprintln!("podlab grade: unknown option {s}\n{USAGE}");
                return 2;
            }
            s => rest.push(s),
        }
    }
    let Some((id, files)) = rest.split_first() else {
        eprintln!("{USAGE}");
        return 2;
    };
    if files.is_empty() {
        eprintln!("podlab grade: name at least one manifest file\n{USAGE}");
        return 2;
    }
    let all = course_exercises(&Catalog::embedded());
    let Some((_, ex)) = all.iter().find(|(_, e)| e.id == *id) else {
        eprintln!("podlab grade: no exercise {id:?}; `podlab exercises` lists them");
        return 2;
    };
    let mut text = String::new();
    for f in files {
        let read = if *f == "-" {
            std::io::read_to_string(std::io::stdin())
        } else {
            std::fs::read_to_string(f)
        };
        match read {
            Ok(t) => {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                if !text.is_empty() {
                    text.push_str("---\n");
                }
                text.push_str(&t);
            }
            Err(e) => {
                eprintln!("podlab grade: {f}: {e}");
                return 2;
            }
        }
    }
    let verdict = ex.attempt(&text).verdict;
    let rows = rows(&verdict, ex);
    if json {
        let checks: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "check": r.check,
                    "clause": r.clause,
                    "passed": r.passed,
                    "message": r.message,
                    "at": r.at,
                })
            })
            .collect();
        let out =
            serde_json::json!({ "exercise": ex.id, "passed": verdict.solved(), "checks": checks });
        outln!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    } else {
        print_text(&ex.id, &verdict, &rows);
    }
    i32::from(!verdict.solved())
}

/// One check's verdict, flattened for printing.
struct Row {
    check: String,
    clause: String,
    passed: bool,
    message: String,
    at: Option<f64>,
}

fn rows(v: &Verdict, ex: &podlab::content::exercise::Exercise) -> Vec<Row> {
    if !v.rejected.is_empty() {
        let why = v.explanations().join(" ");
        return ex
            .checks
            .iter()
            .map(|c| Row {
                check: c.source.clone(),
                clause: ex.clause_text(c.clause),
                passed: false,
                message: format!("Not run: {why}"),
                at: None,
            })
            .collect();
    }
    v.results.iter().map(row).collect()
}

fn row(r: &CheckResult) -> Row {
    Row {
        check: r.check.clone(),
        clause: r.clause.clone(),
        passed: r.outcome.passed(),
        message: r.message(),
        at: r.at().map(|t| t.as_secs_f64()),
    }
}

fn print_text(id: &str, v: &Verdict, rows: &[Row]) {
    let met = rows.iter().filter(|r| r.passed).count();
    outln!(
        "{id}: {} ({met} of {} checks pass)",
        if v.solved() { "PASS" } else { "FAIL" },
        rows.len()
    );
    for r in rows {
        outln!("{} {}  ({})", if r.passed { "✓" } else { "✗" }, r.check, r.clause);
        if !r.passed {
            outln!("    {}", r.message);
        }
    }
    if v.solved() && !v.debrief.is_empty() {
        outln!("\nYour run:");
        for l in &v.debrief {
            outln!("  {l}");
        }
    }
}
