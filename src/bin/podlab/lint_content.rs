//! `podlab lint-content [DIR] [--no-run]`: checks every lesson the order file lists, the way CI
//! must before a lesson ships (issue 8 "Authoring for instructors").
//!
//! Checks, per lesson:
//! 1. the order file (`SUMMARY.md`) parses, every listed file exists, and every `*.md` in the
//!    directory is listed (no orphan lessons; `README.md` is the authoring guide and exempt);
//! 2. the lesson parses: a `# Title`, well-formed interactive blocks, parseable checks, complete
//!    exercises (id, title, goal, hint, check, starter, solution);
//! 3. Markdown safety: no raw HTML outside the allow-list, no link/image outside
//!    http/https/mailto/relative (the same filter the app renders with);
//! 4. links resolve: a relative `x.md` link names a lesson in the course, and a `#fragment`
//!    names a heading there (ids are generated GitHub-style from the heading text);
//! 5. every `yaml run` example is admitted, or refused when it says `expect=invalid` (with the
//!    promised message), and its `expect` checks hold on the simulated timeline;
//! 6. every predict-then-run answer is the STATUS sequence the simulation shows (the answer is
//!    a subsequence of the pod's STATUS changes) and no wrong choice also is;
//! 7. every exercise's solution and its (at least two) `yaml alternative` answers pass all its
//!    checks; its starter and its (at least two) `yaml wrong` answers do not, each wrong answer
//!    failing the check its `# caught by:` line names, and every goal clause failing on at
//!    least one of them;
//! 8. every check traces to a goal `clause:`, every clause has a check, a container name a
//!    check needs is written in the goal, and no check can pass on the creation row alone
//!    (an "eventually" check that already holds at t = 0, like `phase(x, Pending) within 20s`).
//! 9. every practice-drill template, replayed over [`DRILL_SEEDS`] seeds, is admitted and offers
//!    distinct choices with the run's own answer exactly once;
//!
//! `--no-run` skips 5–7's admission and simulation (it checks YAML syntax, and that every check
//! names a pod the example or solution creates), for working on prose without an engine. CI
//! runs without it.

use podlab::content::check::{is_subsequence, status_sequence, Check};
use podlab::content::drill;
use podlab::content::exercise::{evaluate_checks, scenario, Exercise, Verdict};
use podlab::content::lesson::{Catalog, Expect, Lesson};
use podlab::engine::admission::admit;
use podlab::engine::admission::frontdoor::{read_stream, Node, NodeKind};
use podlab::engine::diag::Severity;
use podlab::engine::kubelet::simulate;
use std::borrow::Cow;
use std::path::Path;

/// What the linter found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// `file:line: message` problems; empty means the content passes.
    pub problems: Vec<String>,
    /// Counts for the summary line: lessons, examples, exercises, predictions.
    pub counts: (usize, usize, usize, usize),
}

/// Options.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Skip admission and simulation.
    pub no_run: bool,
}

/// Loads a course from a directory.
pub fn load_dir(dir: &Path) -> Result<Catalog, String> {
    let summary = std::fs::read_to_string(dir.join("SUMMARY.md"))
        .map_err(|e| format!("{}: {e}", dir.join("SUMMARY.md").display()))?;
    Ok(Catalog::from_sources(&summary, |f| {
        std::fs::read_to_string(dir.join(f)).ok().map(Cow::Owned)
    }))
}

/// Lints a course directory (order file, orphans, then [`lint_catalog`]).
pub fn lint_dir(dir: &Path, opts: Options) -> Report {
    let cat = match load_dir(dir) {
        Ok(c) => c,
        Err(e) => return Report { problems: vec![e], ..Report::default() },
    };
    let mut report = lint_catalog(&cat, opts);
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut names: Vec<String> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for n in names {
            if n.ends_with(".md")
                && n != "SUMMARY.md"
                && n != "README.md"
                && !cat.entries.iter().any(|e| e.file == n)
            {
                report.problems.push(format!(
                    "{n}: not listed in SUMMARY.md (add one line, or delete the file)"
                ));
            }
        }
    }
    report
}

/// Lints an already loaded course (the embedded one in tests).
pub fn lint_catalog(cat: &Catalog, opts: Options) -> Report {
    let mut r = Report { problems: cat.errors.clone(), ..Report::default() };
    for i in 0..cat.entries.len() {
        let file = cat.entries[i].file.clone();
        let Some(lesson) = cat.lesson(i) else { continue };
        r.counts.0 += 1;
        r.counts.1 += lesson.examples.len();
        r.counts.2 += lesson.exercises.len();
        r.counts.3 += lesson.predicts.len();
        let mut p = Vec::new();
        p.extend(lesson.errors.iter().cloned());
        links(cat, &lesson, &mut p);
        static_checks(&lesson, &mut p);
        if opts.no_run {
            syntax_only(&lesson, &mut p);
        } else {
            examples(&lesson, &mut p);
            predictions(&lesson, &mut p);
            exercises(&lesson, &mut p);
        }
        r.problems.extend(p.into_iter().map(|m| format!("{file}: {m}")));
    }
    if !opts.no_run {
        // Practice drills have no answer key: every template is replayed over many seeds.
        for seed in 0..DRILL_SEEDS {
            r.problems.extend(drill::validate(seed));
        }
    }
    r
}

/// Seeds of the practice drills the linter replays (consecutive seeds cycle through every
/// template, so each is replayed `DRILL_SEEDS / 5` times).
pub const DRILL_SEEDS: u64 = 100;

fn links(cat: &Catalog, lesson: &Lesson, p: &mut Vec<String>) {
    for (line, dest) in &lesson.links {
        let lower = dest.to_ascii_lowercase();
        if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("mailto:")
        {
            continue;
        }
        let (file, fragment) = match dest.split_once('#') {
            Some((f, frag)) => (f, Some(frag)),
            None => (dest.as_str(), None),
        };
        let file = file.split('?').next().unwrap_or("");
        let file = file.strip_prefix("./").unwrap_or(file);
        // `#x` alone points into this lesson; `other.md#x` into another one.
        let anchors = if file.is_empty() {
            Some(lesson.anchors.clone())
        } else {
            match cat.entries.iter().position(|e| e.file == file) {
                Some(i) => cat.lesson(i).map(|l| l.anchors),
                None => {
                    p.push(format!(
                        "line {line}: link {dest:?} does not name a lesson in SUMMARY.md"
                    ));
                    continue;
                }
            }
        };
        if let (Some(frag), Some(anchors)) = (fragment, anchors) {
            if !frag.is_empty() && !anchors.iter().any(|a| a == frag) {
                p.push(format!("line {line}: link {dest:?}: no heading with id {frag:?} there"));
            }
        }
    }
}

/// Names of the Pods in YAML texts (syntax-level, for `--no-run`: admission's front door reads
/// the YAML, nothing Kubernetes-specific runs).
fn pod_names<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<String> {
    let scalar = |n: &Node| match &n.kind {
        NodeKind::Scalar { value, .. } => Some(value.clone()),
        _ => None,
    };
    let mut names = Vec::new();
    for t in texts {
        for doc in read_stream(t).documents {
            let Some(root) = doc.root else { continue };
            if root.get("kind").and_then(|k| scalar(k)).as_deref() == Some("Pod") {
                if let Some(n) = root.get("metadata").and_then(|m| m.get("name")) {
                    names.extend(scalar(n));
                }
            }
        }
    }
    names
}

/// Checks that name a pod none of the example's or exercise's manifests create (a typo that
/// would otherwise only show when the engine runs).
fn check_pods(lesson: &Lesson, p: &mut Vec<String>) {
    for ex in &lesson.examples {
        let names = pod_names(
            std::iter::once(ex.yaml.as_str()).chain(ex.later.iter().map(|(_, y)| y.as_str())),
        );
        for (src, c) in &ex.checks {
            if !names.iter().any(|n| n == c.pod()) {
                p.push(format!("line {}: example {:?}: check `{src}` names pod {:?}, which the example does not create", ex.line, ex.id, c.pod()));
            }
        }
    }
    for ex in &lesson.exercises {
        let names = pod_names(
            std::iter::once(ex.solution.as_str()).chain(ex.world.iter().map(|(_, y)| y.as_str())),
        );
        for c in &ex.checks {
            if !names.iter().any(|n| n == c.check.pod()) {
                p.push(format!("line {}: exercise {:?}: check `{}` names pod {:?}, which the solution does not create", ex.line, ex.id, c.source, c.check.pod()));
            }
        }
    }
}

fn syntax_only(lesson: &Lesson, p: &mut Vec<String>) {
    check_pods(lesson, p);
    let mut texts: Vec<(usize, &str)> = Vec::new();
    for ex in &lesson.examples {
        if ex.expect == Expect::Admitted {
            texts.push((ex.line, &ex.yaml));
            texts.extend(ex.later.iter().map(|(_, y)| (ex.line, y.as_str())));
        }
    }
    for ex in &lesson.exercises {
        texts.push((ex.line, &ex.solution));
        texts.extend(ex.world.iter().map(|(_, y)| (ex.line, y.as_str())));
    }
    for (line, t) in texts {
        // The front door's first error: a syntax error stops its walk, as it stops kubectl.
        let stream = read_stream(t);
        if let Some(e) = stream.diagnostics.iter().find(|d| d.severity == Severity::Error) {
            p.push(format!("line {line}: YAML syntax: {} (block line {})", e.message, e.line));
        }
    }
}

fn examples(lesson: &Lesson, p: &mut Vec<String>) {
    for ex in &lesson.examples {
        let at = format!("line {}: example {:?}", ex.line, ex.id);
        match &ex.expect {
            Expect::Invalid(msg) => {
                let a = admit(&ex.yaml);
                // Match on `path: message` too: the API server prints the field path before the
                // body, and a lesson may quote either part.
                let errs: Vec<String> = a
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .map(|d| {
                        if d.path.is_empty() {
                            d.message.clone()
                        } else {
                            format!("{}: {}", d.path, d.message)
                        }
                    })
                    .collect();
                if errs.is_empty() {
                    p.push(format!(
                        "{at}: the lesson says the API server refuses it, but it was admitted"
                    ));
                } else if let Some(m) = msg {
                    if !errs.iter().any(|e| e.contains(m.as_str())) {
                        p.push(format!("{at}: refused, but no error contains {m:?}; got {errs:?}"));
                    }
                }
            }
            Expect::Admitted => match scenario(&ex.yaml, &ex.later, ex.until) {
                Err(diags) => {
                    let msgs: Vec<String> =
                        diags.iter().map(|d| format!("line {}: {}", d.line, d.message)).collect();
                    p.push(format!("{at}: refused by admission: {}", msgs.join("; ")));
                }
                Ok(sc) => {
                    if ex.checks.is_empty() {
                        continue;
                    }
                    let tl = simulate(&sc);
                    for res in evaluate_checks(&ex.checks, &tl) {
                        if let podlab::content::check::Outcome::Fail(why) = res.outcome {
                            p.push(format!("{at}: expected `{}`: {why}", res.check));
                        }
                    }
                }
            },
        }
    }
}

fn predictions(lesson: &Lesson, p: &mut Vec<String>) {
    for q in &lesson.predicts {
        let Some(ex) = lesson.example(&q.example) else { continue };
        let Ok(sc) = scenario(&ex.yaml, &ex.later, ex.until) else { continue }; // reported by examples()
        let seq = status_sequence(&simulate(&sc), &q.pod);
        for (i, c) in q.choices.iter().enumerate() {
            let fits = is_subsequence(c, &seq);
            if i == q.answer && !fits {
                p.push(format!(
                    "line {}: predict answer {:?} is not what the simulation shows: {:?}",
                    q.line,
                    c.join(" → "),
                    seq.join(" → ")
                ));
            }
            if i != q.answer && fits {
                p.push(format!(
                    "line {}: wrong choice {:?} also matches the simulation ({:?})",
                    q.line,
                    c.join(" → "),
                    seq.join(" → ")
                ));
            }
        }
    }
}

/// Clause structure (static): every check traces to a clause, every clause has a check, and a
/// container name a check needs is written in the goal.
fn clauses(ex: &Exercise, p: &mut Vec<String>) {
    let at = format!("line {}: exercise {:?}", ex.line, ex.id);
    if ex.clauses.is_empty() && ex.checks.len() > 1 {
        p.push(format!("{at}: write the goal's parts as `clause:` lines, each followed by the checks that prove it"));
    }
    for c in &ex.checks {
        if c.clause.is_none() && !ex.clauses.is_empty() {
            p.push(format!(
                "{at}: check `{}` comes before any `clause:`; put it under the clause it proves",
                c.source
            ));
        }
        if let Some(v) = &c.variant {
            if !ex.variants.iter().any(|w| w.name == *v) {
                p.push(format!("{at}: check `{}` runs in world {v:?}, but no `yaml world variant={v}` block exists", c.source));
            }
        }
        let words = ex.goal_markdown();
        for name in c.check.containers() {
            if !words.contains(name) {
                p.push(format!("{at}: check `{}` needs a container named {name:?}, but the goal never says that name (say it, or write `*` where any init container will do)", c.source));
            }
        }
    }
    for (i, text) in ex.clauses.iter().enumerate() {
        if !ex.checks.iter().any(|c| c.clause == Some(i)) {
            p.push(format!("{at}: clause {text:?} has no check"));
        }
    }
    if ex.alternatives.len() < 2 {
        p.push(format!("{at}: needs at least two `yaml alternative` answers (other correct ways a learner would write it); it has {}", ex.alternatives.len()));
    }
    if ex.wrong.len() < 2 {
        p.push(format!("{at}: needs at least two `yaml wrong` answers besides the starter (plausible near misses); it has {}", ex.wrong.len()));
    }
    for w in &ex.wrong {
        let named = w.caught_by.as_deref().unwrap_or("");
        if !ex.checks.iter().any(|c| same_check(&c.source, named)) {
            p.push(format!("line {}: wrong answer of {:?}: `# caught by: {named}` names no check of the exercise", w.line, ex.id));
        }
    }
}

/// Check sources compare without their spacing.
fn same_check(a: &str, b: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squash(a) == squash(b)
}

/// What needs no engine: checks that cannot fail, and each exercise's clause structure.
fn static_checks(lesson: &Lesson, p: &mut Vec<String>) {
    for ex in &lesson.examples {
        for why in vacuous(ex.checks.iter().map(|(s, c)| (s.as_str(), c))) {
            p.push(format!("line {}: example {:?}: {why}", ex.line, ex.id));
        }
    }
    for ex in &lesson.exercises {
        for why in vacuous(ex.checks.iter().map(|c| (c.source.as_str(), &c.check))) {
            p.push(format!("line {}: exercise {:?}: {why}", ex.line, ex.id));
        }
        clauses(ex, p);
    }
}

/// The checks that cannot fail, with why.
fn vacuous<'c>(checks: impl Iterator<Item = (&'c str, &'c Check)>) -> Vec<String> {
    checks
        .filter_map(|(src, c)| c.vacuous().map(|why| format!("`{src}` cannot fail: {why}")))
        .collect()
}

fn exercises(lesson: &Lesson, p: &mut Vec<String>) {
    for ex in &lesson.exercises {
        let at = format!("line {}: exercise {:?}", ex.line, ex.id);
        let sol = ex.attempt(&ex.solution).verdict;
        if !sol.solved() {
            p.push(format!("{at}: the solution does not pass: {}", sol.explanations().join(" | ")));
        }
        for alt in &ex.alternatives {
            let v = ex.attempt(&alt.yaml).verdict;
            if !v.solved() {
                p.push(format!(
                    "line {}: alternative answer of {:?} does not pass: {}",
                    alt.line,
                    ex.id,
                    v.explanations().join(" | ")
                ));
            }
        }
        // Every wrong answer fails, on the check it names; every clause is caught by one.
        let mut caught = vec![false; ex.clauses.len()];
        let mut note = |v: &Verdict| {
            for (c, r) in ex.checks.iter().zip(&v.results) {
                if let (Some(i), false) = (c.clause, r.outcome.passed()) {
                    caught[i] = true;
                }
            }
        };
        let start = ex.attempt(&ex.starter).verdict;
        if start.solved() {
            p.push(format!("{at}: the starter already passes every check"));
        }
        note(&start);
        for w in &ex.wrong {
            let v = ex.attempt(&w.yaml).verdict;
            note(&v);
            let named = w.caught_by.as_deref().unwrap_or("");
            if v.solved() {
                p.push(format!("line {}: wrong answer of {:?} passes every check", w.line, ex.id));
                continue;
            }
            if !v.rejected.is_empty() {
                p.push(format!("line {}: wrong answer of {:?} is refused by the API server ({}); a wrong answer must run and be caught by `{named}`", w.line, ex.id, v.explanations().join(" | ")));
                continue;
            }
            let hit = v.results.iter().find(|r| same_check(&r.check, named));
            if let Some(r) = hit.filter(|r| r.outcome.passed()) {
                let failed: Vec<&str> = v
                    .results
                    .iter()
                    .filter(|r| !r.outcome.passed())
                    .map(|r| r.check.as_str())
                    .collect();
                p.push(format!(
                    "line {}: wrong answer of {:?} should be caught by `{}`, which passes; it fails {failed:?}",
                    w.line, ex.id, r.check
                ));
            }
        }
        for (i, text) in ex.clauses.iter().enumerate() {
            if !caught[i] {
                p.push(format!("{at}: no wrong answer (starter included) fails clause {text:?}: add the near miss it catches"));
            }
        }
    }
}

/// Entry point: `podlab lint-content [DIR] [--no-run]`.
pub fn run(args: &[String]) -> i32 {
    let mut dir = None;
    let mut opts = Options::default();
    for a in args {
        match a.as_str() {
            "--no-run" => opts.no_run = true,
            s if s.starts_with('-') => {
                eprintln!("podlab lint-content: unknown option {s}");
                return 2;
            }
            s => dir = Some(s.to_string()),
        }
    }
    let dir = dir.unwrap_or_else(|| "content".into());
    let report = lint_dir(Path::new(&dir), opts);
    for pr in &report.problems {
        outln!("{pr}");
    }
    let (l, e, x, q) = report.counts;
    let drills = if opts.no_run { String::new() } else { format!(", {DRILL_SEEDS} drill seeds") };
    outln!(
        "{} lessons, {e} examples, {x} exercises, {q} questions{drills}: {}",
        l,
        if report.problems.is_empty() {
            "ok".to_string()
        } else {
            format!("{} problem(s)", report.problems.len())
        }
    );
    i32::from(!report.problems.is_empty())
}
