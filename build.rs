//! Embeds the lessons listed in `content/SUMMARY.md` (or `$PODLAB_CONTENT/SUMMARY.md`) into the binary (`include_str!` of each),
//! so adding a lesson is one Markdown file plus one line in the order file, and the wasm app
//! carries every lesson without fetching anything. Writes `$OUT_DIR/lessons.rs`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    // Workshop builds (docs/hosting.md, scripts/workshop-dist.sh): PODLAB_CONTENT=DIR embeds an
    // instructor's own folder of lessons (its SUMMARY.md + Markdown files) instead of content/.
    // Relative paths are taken from the package root (where `make`/Trunk run).
    println!("cargo:rerun-if-env-changed=PODLAB_CONTENT");
    let custom = std::env::var_os("PODLAB_CONTENT").filter(|v| !v.is_empty());
    let content = match &custom {
        Some(dir) => Path::new(&root).join(dir),
        None => Path::new(&root).join("content"),
    };
    let summary = content.join("SUMMARY.md");
    println!("cargo:rerun-if-changed={}", content.display());
    println!("cargo:rerun-if-changed={}", summary.display());
    // An instructor's folder without an order file is a mistake to report, not an empty course.
    if custom.is_some() && !summary.is_file() {
        panic!(
            "PODLAB_CONTENT={}: no SUMMARY.md there (run `podlab lint-content DIR` first)",
            content.display()
        );
    }
    let text = std::fs::read_to_string(&summary).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// The order file.\npub static SUMMARY: &str = include_str!({:?});",
        summary.display().to_string()
    );
    let _ = writeln!(
        out,
        "/// Every lesson file the order file lists that exists: (file name, source)."
    );
    let _ = writeln!(out, "pub static FILES: &[(&str, &str)] = &[");
    for line in text.lines() {
        // `- [Title](file.md)`; the lesson parser reports malformed lines, this only embeds.
        let Some(file) = line
            .trim()
            .strip_prefix("- [")
            .and_then(|r| r.split_once("]("))
            .and_then(|(_, r)| r.strip_suffix(')'))
        else {
            continue;
        };
        if file.contains('/') || file.contains("..") || !file.ends_with(".md") {
            continue;
        }
        let path = content.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        if path.exists() {
            let _ =
                writeln!(out, "    ({file:?}, include_str!({:?})),", path.display().to_string());
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    std::fs::write(dest, out).expect("write lessons.rs");
}
