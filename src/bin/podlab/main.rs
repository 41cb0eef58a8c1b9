//! The `podlab` command-line tool: the engine, headless. Each command lives in its own module;
//! this file only dispatches. Output contracts (flags, JSON shapes) are specified in the issues.
//!
//! The CLI is a binary of its own, outside the library: the library (engine, content, UI)
//! never names it, and tests drive it as a learner would, as a process
//! (`env!("CARGO_BIN_EXE_podlab")`, tests/kubelet_cli.rs, tests/content.rs).

/// `print!` that ends the program quietly when stdout's reader has gone
/// (`podlab simulate … | head -c 100`) instead of panicking on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => { $crate::write_stdout(format_args!($($arg)*)) };
}

/// `println!` with [`out!`]'s handling of a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => { $crate::write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

mod check;
mod grade;
mod lessons;
mod lint_content;
mod simulate;

/// Writes to stdout. A reader that went away (EPIPE: Rust ignores SIGPIPE, so the write fails
/// instead of killing the process) means nobody wants the rest: exit 0 at once and quietly,
/// as ripgrep does; any other write error is reported on stderr.
fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("podlab: writing to stdout: {e}");
        }
        std::process::exit(if e.kind() == std::io::ErrorKind::BrokenPipe { 0 } else { 1 });
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(run(&args));
}

/// Runs the CLI with `args` (without the program name) and returns the process exit code.
fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        Some("--version") | Some("-V") => {
            outln!("podlab {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some("check") => check::run(&args[1..]),
        Some("simulate") => simulate::run(&args[1..]),
        Some("lint-content") => lint_content::run(&args[1..]),
        Some("lessons") => lessons::run(&args[1..]),
        Some("grade") => grade::run(&args[1..]),
        Some("exercises") => grade::list(&args[1..]),
        Some("--help") | Some("-h") | Some("help") => {
            out!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("podlab: unknown command {other:?}\n\n{USAGE}");
            2
        }
        None => {
            eprint!("{USAGE}");
            2
        }
    }
}

const USAGE: &str = "\
usage: podlab <command> [options]

commands:
  check FILE...          parse and validate manifests as `kubectl apply --dry-run=server` would
  simulate FILE...       run the simulated node: [--apply-at S=FILE] [--delete-at S=pod/NAME] [--until S] [--output table|json]
  lint-content [DIR]     check every lesson: YAML admitted, examples and exercises replayed, links, no raw HTML
  lint-content [DIR] [--no-run]  check every lesson: YAML admitted, examples and exercises replayed, links, no raw HTML
  grade EXERCISE-ID FILE... [--output json]  grade manifests exactly as the page does (exit 0 pass, 1 fail)
  exercises              list the exercise ids, one per line, in course order
  lessons                list the lessons built into this podlab (a workshop build: PODLAB_CONTENT)
  --version              print the version
";
