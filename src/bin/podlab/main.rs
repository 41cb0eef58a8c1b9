//! The `podlab` command-line tool: the engine, headless. Each command lives in its own module;
//! this file only dispatches. Output contracts (flags, JSON shapes) are specified in the issues.
//!
//! The CLI is a binary of its own, outside the library: the library (engine, content, UI)
//! never names it, and tests drive it as a learner would, as a process
//! (`env!("CARGO_BIN_EXE_podlab")`, tests/kubelet_cli.rs, tests/content.rs).

mod check;
mod grade;
mod lessons;
mod lint_content;
mod simulate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(run(&args));
}

/// Runs the CLI with `args` (without the program name) and returns the process exit code.
fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        Some("--version") | Some("-V") => {
            println!("podlab {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some("check") => check::run(&args[1..]),
        Some("simulate") => simulate::run(&args[1..]),
        Some("lint-content") => lint_content::run(&args[1..]),
        Some("lessons") => lessons::run(&args[1..]),
        Some("grade") => grade::run(&args[1..]),
        Some("exercises") => grade::list(&args[1..]),
        Some("--help") | Some("-h") | Some("help") => {
            print!("{USAGE}");
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
