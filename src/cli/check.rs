//! `podlab check FILE...`: admission only. Prints diagnostics, exits 1 on errors.

use crate::engine::admission::admit;

/// Runs `podlab check` and returns the exit code.
pub fn run(args: &[String]) -> i32 {
    if args.is_empty() {
        eprintln!("usage: podlab check FILE...");
        return 2;
    }
    let mut failed = false;
    for f in args {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {f}: {e}");
                return 1;
            }
        };
        let a = admit(&text);
        for d in &a.diagnostics {
            eprintln!("{f}:{}:{}: {}", d.line, d.column, d.message);
        }
        failed |= a.has_errors();
    }
    failed as i32
}
