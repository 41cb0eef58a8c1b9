//! `podlab`: the engine, headless. See [`podlab::cli`].

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(podlab::cli::main(&args));
}
