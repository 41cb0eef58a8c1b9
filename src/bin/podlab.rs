//! `podlab`: the engine, headless. `podlab --version`, `podlab check FILE...`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--version") => println!("podlab {}", env!("CARGO_PKG_VERSION")),
        Some("check") => {
            let mut failed = false;
            for f in &args[1..] {
                let text = std::fs::read_to_string(f).unwrap_or_else(|e| {
                    eprintln!("error: {f}: {e}");
                    std::process::exit(1)
                });
                let a = podlab::engine::admission::admit(&text);
                for d in &a.diagnostics {
                    eprintln!("{f}:{}:{}: {}", d.line, d.column, d.message);
                }
                failed |= a.has_errors();
            }
            std::process::exit(failed as i32);
        }
        _ => {
            eprintln!("usage: podlab --version | podlab check FILE...");
            std::process::exit(2);
        }
    }
}
