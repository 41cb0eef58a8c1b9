//! The arrows of docs/architecture.md, enforced: this test reads every source file under `src/`
//! and fails when one names a module it must not (`use crate::…`, a `crate::…` or `super::…`
//! path in code; comments are skipped). The rules:
//!
//! 1. Layers: `ui → content → engine`. The engine never names `content` or `ui`; `content`
//!    never names `ui`.
//! 2. Inside the engine: `kubectl → kubelet → runtime / admission → model`, with the leaf
//!    modules `limits`, `diag` and `time` below them. A module names only modules of a lower
//!    rank (runtime and admission, of the same rank, do not name each other).
//! 3. The engine is pure: it never names `leptos`, `web_sys`, `wasm_bindgen`, `js_sys` or
//!    `gloo*`.
//! 4. The library never names the CLI (`src/bin/podlab/`), and the CLI never names the UI.
//! 5. No import cycle between sibling modules (`content::lesson` ↔ `content::exercise` was one):
//!    a cycle is broken with a data-only module both sides use.
//!
//! [`STILL_BEING_FIXED`] lists arrows that exist on `main` today and are being removed by open
//! work; each entry names its issue. Remove an entry when its arrow is gone (the test then fails
//! if the arrow comes back), and never add one for new code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// (from module, to module, why it is still allowed). A prefix match: `engine::kubelet` covers
/// every file under `src/engine/kubelet/`.
const STILL_BEING_FIXED: &[(&str, &str, &str)] = &[
    // Empty: every arrow issue 13 found is gone. Never add an entry for new code.
];

/// The engine's modules, lowest first: a module may only name modules of a strictly lower rank
/// (and itself).
const ENGINE_RANKS: &[(&str, u8)] = &[
    ("time", 0),
    ("diag", 0),
    ("limits", 1),
    ("model", 1),
    ("runtime", 2),
    ("admission", 2),
    ("kubelet", 3),
    ("kubectl", 4),
];

/// The library's layers, lowest first.
const LAYER_RANKS: &[(&str, u8)] = &[("engine", 0), ("content", 1), ("ui", 2)];

/// Crates only the browser app may use.
const WEB_CRATES: &[&str] = &["leptos", "web_sys", "wasm_bindgen", "js_sys", "gloo"];

/// A source file: its module path (`engine::kubelet::sim`) and its code without comments.
struct Source {
    path: PathBuf,
    module: Vec<String>,
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("read src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `src/engine/kubelet/sim.rs` → `engine::kubelet::sim`; `src/engine.rs` → `engine`;
/// `src/lib.rs` → the crate root (empty).
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src_dir()).expect("under src");
    let mut parts: Vec<String> =
        rel.iter().map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if matches!(parts.last().map(String::as_str), Some("lib" | "mod")) {
        parts.pop();
    }
    parts
}

/// The code of a file with `//` comments (doc comments included) removed, so that a doc link
/// to a higher layer is not mistaken for an import.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| {
            // A `//` that starts a comment: at the line's start, or after whitespace outside a
            // string (good enough for this code base: URLs live in strings and comments).
            let t = l.trim_start();
            if t.starts_with("//") {
                return "";
            }
            match l.find(" //") {
                Some(i) if l[..i].matches('"').count() % 2 == 0 => &l[..i],
                _ => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn library_sources() -> Vec<Source> {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    files
        .into_iter()
        .filter(|f| {
            let rel = f.strip_prefix(src_dir()).unwrap();
            !rel.starts_with("bin") && rel != Path::new("main.rs")
        })
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("read");
            Source { module: module_of(&path), code: strip_comments(&text), path }
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Expands one `use` tree (`crate::a::{b::C, d}`) into its paths (`crate::a::b::C`,
/// `crate::a::d`).
fn expand_use(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = format!("{prefix}{}", &tree[..open]);
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand_use(&inner[start..i], &head, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand_use(&inner[start..], &head, out);
    } else if !tree.is_empty() {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        out.push(format!("{prefix}{path}"));
    }
}

/// Every path a file names: each `use` tree expanded, and every `crate::…`/`super::…` path in
/// code. Paths keep their `crate`/`super`/`self` head.
fn paths_named(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    // `use` statements (possibly over several lines, possibly `pub use`).
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 4..];
        if before.is_some_and(is_ident) {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        let tree: String = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        if tree.starts_with(|c: char| c.is_ascii_alphabetic() || c == '{' || c == ':') {
            expand_use(&tree, "", &mut out);
        }
    }
    // Inline paths: `crate::engine::kubelet::simulate(…)`, `super::sim::Finished`.
    for head in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(head) {
            let at = from + i;
            from = at + head.len();
            if code[..at].chars().last().is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let tail: String =
                code[at..].chars().take_while(|c| is_ident(*c) || *c == ':').collect();
            out.push(tail.trim_end_matches(':').to_string());
        }
    }
    out
}

/// Resolves a named path to the crate-absolute module path it starts with (`crate`,
/// `super`, `self` resolved against `module`); `None` for other crates and std.
fn resolve(module: &[String], path: &str) -> Option<Vec<String>> {
    let mut segs = path.split("::").map(str::trim).filter(|s| !s.is_empty());
    let first = segs.next()?;
    let mut base: Vec<String> = match first {
        "crate" => Vec::new(),
        "super" | "self" => {
            // A file's own module is `module`; in `foo.rs`, `super` is foo's parent.
            let mut b = module.to_vec();
            if first == "super" {
                b.pop();
            }
            b
        }
        _ => return None,
    };
    for s in segs {
        match s {
            "super" => {
                base.pop();
            }
            "self" | "*" => {}
            s => base.push(s.to_string()),
        }
    }
    Some(base)
}

/// Every (file, crate-absolute path) pair in the library.
fn arrows(sources: &[Source]) -> Vec<(&Source, Vec<String>)> {
    let mut out = Vec::new();
    for s in sources {
        for p in paths_named(&s.code) {
            if let Some(target) = resolve(&s.module, &p) {
                if !target.is_empty() {
                    out.push((s, target));
                }
            }
        }
    }
    out
}

fn allowed_for_now(from: &[String], to: &[String]) -> bool {
    let (from, to) = (from.join("::"), to.join("::"));
    STILL_BEING_FIXED.iter().any(|(f, t, _)| {
        (from == *f || from.starts_with(&format!("{f}::")))
            && (to == *t || to.starts_with(&format!("{t}::")))
    })
}

fn rank(table: &[(&str, u8)], name: &str) -> Option<u8> {
    table.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

fn report(what: &str, wrong: BTreeSet<String>) {
    assert!(
        wrong.is_empty(),
        "{what}:\n  {}\n(see docs/architecture.md for where things belong)",
        wrong.into_iter().collect::<Vec<_>>().join("\n  ")
    );
}

fn rel(p: &Path) -> String {
    p.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap_or(p).display().to_string()
}

#[test]
fn layers_point_ui_to_content_to_engine() {
    let sources = library_sources();
    let mut wrong = BTreeSet::new();
    for (s, to) in arrows(&sources) {
        let (Some(from_layer), Some(to_layer)) = (s.module.first(), to.first()) else { continue };
        let (Some(a), Some(b)) = (rank(LAYER_RANKS, from_layer), rank(LAYER_RANKS, to_layer))
        else {
            continue;
        };
        if b > a && !allowed_for_now(&s.module, &to) {
            wrong.insert(format!("{} names {}", rel(&s.path), to.join("::")));
        }
    }
    report("a lower layer names a higher one (ui → content → engine)", wrong);
}

#[test]
fn inside_the_engine_kubectl_kubelet_runtime_admission_model_point_down() {
    let sources = library_sources();
    let mut wrong = BTreeSet::new();
    for (s, to) in arrows(&sources) {
        if s.module.first().map(String::as_str) != Some("engine")
            || to.first().map(String::as_str) != Some("engine")
        {
            continue;
        }
        let (Some(from_mod), Some(to_mod)) = (s.module.get(1), to.get(1)) else { continue };
        if from_mod == to_mod {
            continue;
        }
        let from_rank = rank(ENGINE_RANKS, from_mod)
            .unwrap_or_else(|| panic!("engine::{from_mod} has no rank in ENGINE_RANKS"));
        let Some(to_rank) = rank(ENGINE_RANKS, to_mod) else { continue };
        if to_rank >= from_rank && !allowed_for_now(&s.module, &to) {
            wrong.insert(format!("{} names {}", rel(&s.path), to.join("::")));
        }
    }
    report("an engine module names one at its own rank or above", wrong);
}

#[test]
fn the_engine_never_names_a_web_crate() {
    let mut wrong = BTreeSet::new();
    for s in library_sources().iter().filter(|s| s.module.first().is_some_and(|m| m == "engine")) {
        for (n, line) in s.code.lines().enumerate() {
            for krate in WEB_CRATES {
                let hit = line.match_indices(krate).any(|(i, _)| {
                    let before = line[..i].chars().last();
                    let after = &line[i + krate.len()..];
                    !before.is_some_and(|c| is_ident(c) || c == ':')
                        && (after.starts_with("::") || (krate == &"gloo" && after.starts_with('_')))
                });
                if hit {
                    wrong.insert(format!("{}:{}: {}", rel(&s.path), n + 1, line.trim()));
                }
            }
        }
    }
    report("the engine names a web crate (it must stay pure Rust)", wrong);
}

#[test]
fn the_library_never_names_the_cli_and_the_cli_never_names_the_ui() {
    let mut wrong = BTreeSet::new();
    for s in library_sources() {
        for (n, line) in s.code.lines().enumerate() {
            let t = line.trim();
            if t.contains("crate::cli") || t.contains("mod cli") || t.contains("podlab::cli") {
                wrong.insert(format!("{}:{}: {t}", rel(&s.path), n + 1));
            }
        }
    }
    let mut cli = Vec::new();
    rust_files(&src_dir().join("bin"), &mut cli);
    assert!(!cli.is_empty(), "the CLI lives in src/bin/");
    for f in cli {
        let code = strip_comments(&std::fs::read_to_string(&f).expect("read"));
        for (n, line) in code.lines().enumerate() {
            if line.contains("podlab::ui") {
                wrong.insert(format!("{}:{}: {}", rel(&f), n + 1, line.trim()));
            }
        }
    }
    report("the library names the CLI, or the CLI names the UI", wrong);
}

#[test]
fn sibling_modules_do_not_import_each_other_in_a_cycle() {
    let sources = library_sources();
    let known: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    // Edges between siblings: `parent::a` (or anything under it) names `parent::b…`.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (s, to) in arrows(&sources) {
        let common = s.module.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common >= s.module.len() || common >= to.len() {
            continue; // a module and its own descendants or ancestors
        }
        let a = s.module[..=common].to_vec();
        let b = to[..=common].to_vec();
        if known.contains(&b) && !allowed_for_now(&a, &b) {
            edges.entry(a).or_default().insert(b);
        }
    }
    let mut cycles = BTreeSet::new();
    for start in edges.keys() {
        // Depth-first search for a path back to `start`.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let mut names: Vec<String> = path.iter().map(|m| m.join("::")).collect();
                    // One report per cycle, whichever member it started from.
                    let min = names.iter().enumerate().min_by_key(|(_, n)| *n).map(|(i, _)| i);
                    names.rotate_left(min.unwrap_or(0));
                    cycles.insert(names.join(" → ") + " → (back)");
                } else if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    report("import cycles between sibling modules", cycles);
}

/// The reader itself, on the shapes the source uses.
#[test]
fn the_reader_sees_grouped_relative_and_inline_paths_but_not_comments() {
    let code = strip_comments(
        "//! [`crate::ui::App`] in a doc\nuse crate::engine::{admission::admit, kubelet::{self, Timeline}};\npub use super::sim::Finished;\nlet x = crate::content::check::parse(s); // crate::ui::no\n",
    );
    let module: Vec<String> = ["engine", "kubelet", "status"].map(String::from).to_vec();
    let got: BTreeSet<String> = paths_named(&code)
        .iter()
        .filter_map(|p| resolve(&module, p))
        .map(|p| p.join("::"))
        .collect();
    let want: BTreeSet<String> = [
        "engine", // the head of the grouped `use`
        "engine::admission::admit",
        "engine::kubelet",
        "engine::kubelet::Timeline",
        "engine::kubelet::sim::Finished",
        "content::check::parse",
    ]
    .map(String::from)
    .into();
    assert_eq!(got, want);
    assert!(!got.iter().any(|p| p.starts_with("ui")), "comments are not imports: {got:?}");
}
