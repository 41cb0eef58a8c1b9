//! Lessons as data (Learn Git Branching's levels): the registry, the order file, and the
//! parser that splits one lesson's Markdown into prose and interactive parts.
//!
//! **Authoring format** (for instructors; see `content/README.md`):
//! - One Markdown file per lesson under `content/`, one idea per lesson, titled by its first
//!   `# ` heading. Its place in the course is one line in `content/SUMMARY.md`
//!   (`- [Title](file.md)`; `# Part` headings group lessons). `build.rs` embeds every listed
//!   file with `include_str!`, so the wasm app carries them and nothing is fetched.
//! - Fenced blocks whose info string starts with one of these words are interactive:
//!   - ` ```yaml run id=NAME [until=90s] [expect=invalid] [error="text"] ` — a runnable example
//!     (Load into the editor / Run here). `expect=invalid` says the API server must refuse it
//!     (and, with `error=`, with a message containing that text). A further
//!     ` ```yaml run id=NAME at=20s ` block is applied at t = 20 s in the same run.
//!   - ` ```expect ` — one check per line (see [`crate::content::check`]) that the preceding
//!     example must satisfy: the outcome the prose explains, verified by `podlab lint-content`.
//!   - ` ```exercise ` — `key: value` lines: `id`, `title`, `goal`, `until`, `hint` (repeatable),
//!     `clause` (repeatable), each followed by the `check` lines that prove it (see
//!     [`crate::content::exercise::Exercise::take_key`]). It owns the next ` ```yaml starter `,
//!     ` ```yaml solution `, ` ```yaml world [at=…] [variant=…] ` (the world is applied for the
//!     learner: a database, a Service that appears later), ` ```yaml alternative ` and
//!     ` ```yaml wrong ` (answers the linter replays, never shown) blocks.
//!   - ` ```predict ` — a predict-then-run question about an example: `example`, `pod`,
//!     `question`, `choice` (repeatable; a STATUS sequence `A → B → C`), `answer` (1-based).
//!
//!   Every other code block (`bash`, plain `yaml`) is ordinary prose.
//! - Relative links between lessons are written as files (`02-sequential.md#exercise`), which
//!   the linter resolves; in rendered HTML they become app routes (see [`route`]).
//! - Parsing one lesson never parses the others: the registry keeps sources and titles, and
//!   [`Catalog::lesson`] parses on demand, so the first lesson renders at once.

use crate::content::check::{self, Check};
use crate::content::markdown::{self, SafeEvents};
use crate::content::model::{Answer, Exercise, ExerciseCheck, Variant};
// The lesson's types live in the data-only `model` (so `exercise`, which runs them, and this
// parser, which builds them, both point at it and not at each other); named here too, where
// a lesson's reader looks for them.
pub use crate::content::model::{Example, Expect, Lesson, Part, Predict};
use crate::engine::time::Millis;
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::borrow::Cow;
use std::sync::Arc;

/// Default simulated length of an example or exercise run: long enough for a few back-offs
/// (0 + 10 + 20 + 40 s) without making every lint run simulate ten minutes.
pub const DEFAULT_UNTIL: Millis = Millis::from_secs(120);

/// Splits an info string into its words; `key="a b"` keeps its spaces.
fn info_words(info: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in info.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn attr<'w>(words: &'w [String], key: &str) -> Option<&'w str> {
    words.iter().find_map(|w| w.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}

/// Parses an authored duration (`90s`, `3m`).
pub fn parse_time(s: &str) -> Result<Millis, String> {
    // Reuse the check grammar's duration rules via a tiny check.
    match check::parse(&format!("ready(x) within {s}")) {
        Ok(Check::Ready { when: check::When::Within(t), .. }) => Ok(t),
        _ => Err(format!("bad duration {s:?} (use e.g. 90s or 3m)")),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map(|s| s.matches('\n').count() + 1).unwrap_or(1)
}

/// `key: value` lines; keys may repeat.
fn kv_lines(body: &str) -> Vec<(String, String)> {
    body.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| match l.split_once(':') {
            Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
            None => (l.trim().to_string(), String::new()),
        })
        .collect()
}

/// The app route of a relative lesson link, so links work under hash routing (style.md: select
/// lessons through `location.hash`, which keeps `public_url = "./"` hosting simple):
/// `other.md` → `#/lesson/other`, `other.md#sec` → `#/lesson/other/sec`, `#sec` →
/// `#/lesson/<this>/sec`. `None` for anything else (external links stay as they are).
pub fn route(this_slug: &str, dest: &str) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("mailto:") {
        return None;
    }
    let (file, frag) = dest.split_once('#').unwrap_or((dest, ""));
    let file = file.strip_prefix("./").unwrap_or(file);
    let slug = if file.is_empty() { this_slug } else { file.strip_suffix(".md")? };
    Some(if frag.is_empty() {
        format!("#/lesson/{slug}")
    } else {
        format!("#/lesson/{slug}/{frag}")
    })
}

/// A GitHub-style heading id (`## C1 — "If any…"` → `c1--if-any`), made unique in the lesson.
pub fn unique_anchor(taken: &[String], heading: &str) -> String {
    let mut base = String::new();
    for c in heading.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            base.push(c);
        } else if c == ' ' {
            base.push('-');
        }
    }
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Splits a STATUS sequence `A → B → C` (or `->`).
pub fn split_sequence(s: &str) -> Vec<String> {
    s.replace("->", "→")
        .split('→')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Parses one lesson file. Never fails: problems go to [`Lesson::errors`].
pub fn parse_lesson(slug: &str, text: &str) -> Lesson {
    let mut lesson = Lesson { slug: slug.to_string(), ..Lesson::default() };
    let mut prose: Vec<Event<'_>> = Vec::new();
    let mut filter = SafeEvents::new(markdown::parser(text));
    let mut in_title = false;
    let mut title_done = false;
    // The open heading: its index in `prose` and its text so far (for its generated id).
    let mut heading: Option<(usize, String)> = None;
    // The special block being collected: (words, start offset, body).
    let mut special: Option<(Vec<String>, usize, String)> = None;
    // Which exercise owns the next starter/solution/world block.
    let mut last_exercise: Option<usize> = None;
    let mut last_example: Option<usize> = None;

    fn flush(prose: &mut Vec<Event<'_>>, parts: &mut Vec<Part>) {
        if !prose.is_empty() {
            parts.push(Part::Html(markdown::render_events(prose.drain(..))));
        }
    }

    for (ev, range) in filter.by_ref() {
        if let Some((_, _, body)) = special.as_mut() {
            match ev {
                Event::Text(t) => body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (words, off, body) = special.take().unwrap_or_default();
                    let line = line_of(text, off);
                    flush(&mut prose, &mut lesson.parts);
                    special_block(
                        &mut lesson,
                        &words,
                        &body,
                        line,
                        &mut last_exercise,
                        &mut last_example,
                    );
                }
                _ => {}
            }
            continue;
        }
        match &ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let words = info_words(info);
                let kind = words.first().map(String::as_str).unwrap_or("");
                let role = words.get(1).map(String::as_str).unwrap_or("");
                let is_special = matches!(kind, "expect" | "exercise" | "predict")
                    || (kind == "yaml"
                        && matches!(
                            role,
                            "run" | "starter" | "solution" | "world" | "alternative" | "wrong"
                        ));
                if is_special {
                    special = Some((words, range.start, String::new()));
                    continue;
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                in_title = *level == pulldown_cmark::HeadingLevel::H1 && !title_done;
                heading = Some((prose.len(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_title {
                    in_title = false;
                    title_done = true;
                }
                if let Some((i, text)) = heading.take() {
                    if let Some(Event::Start(Tag::Heading { level, id, classes, attrs })) =
                        prose.get(i).cloned()
                    {
                        let id = id
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| unique_anchor(&lesson.anchors, &text));
                        lesson.anchors.push(id.clone());
                        prose[i] = Event::Start(Tag::Heading {
                            level,
                            id: Some(id.into()),
                            classes,
                            attrs,
                        });
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if in_title || heading.is_some() => {
                if in_title {
                    lesson.title.push_str(t);
                }
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(t);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                lesson.links.push((line_of(text, range.start), dest_url.to_string()));
                if let Some(r) = route(&lesson.slug, dest_url) {
                    let (link_type, title, id) = (*link_type, title.clone(), id.clone());
                    prose.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: r.into(),
                        title,
                        id,
                    }));
                    continue;
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                lesson.links.push((line_of(text, range.start), dest_url.to_string()))
            }
            _ => {}
        }
        prose.push(ev);
    }
    flush(&mut prose, &mut lesson.parts);
    for p in filter.problems {
        lesson.errors.push(format!("line {}: {}", line_of(text, p.offset), p.message));
    }
    if special.is_some() {
        lesson.errors.push("unterminated fenced block".into());
    }
    if lesson.title.trim().is_empty() {
        lesson.errors.push("line 1: the lesson has no `# Title` heading".into());
    }
    validate(&mut lesson);
    lesson
}

fn special_block(
    lesson: &mut Lesson,
    words: &[String],
    body: &str,
    line: usize,
    last_exercise: &mut Option<usize>,
    last_example: &mut Option<usize>,
) {
    let err = |lesson: &mut Lesson, m: String| lesson.errors.push(format!("line {line}: {m}"));
    let kind = words.first().map(String::as_str).unwrap_or("");
    let role = words.get(1).map(String::as_str).unwrap_or("");
    match (kind, role) {
        ("yaml", "run") => {
            let Some(id) = attr(words, "id").map(str::to_string) else {
                return err(lesson, "a `yaml run` block needs id=NAME".into());
            };
            if let Some(at) = attr(words, "at") {
                let t = match parse_time(at) {
                    Ok(t) => t,
                    Err(e) => return err(lesson, e),
                };
                match lesson.examples.iter_mut().position(|e| e.id == id) {
                    Some(i) => {
                        lesson.examples[i].later.push((t, body.to_string()));
                        let block = lesson.examples[i].later.len();
                        lesson.parts.push(Part::Example { id, block });
                    }
                    None => err(
                        lesson,
                        format!(
                            "`at=` block for unknown example {id:?} (the t = 0 block comes first)"
                        ),
                    ),
                }
                return;
            }
            if lesson.example(&id).is_some() {
                return err(lesson, format!("duplicate example id {id:?}"));
            }
            let until = match attr(words, "until").map(parse_time).transpose() {
                Ok(u) => u.unwrap_or(DEFAULT_UNTIL),
                Err(e) => return err(lesson, e),
            };
            let expect = match attr(words, "expect") {
                None | Some("admitted") => Expect::Admitted,
                Some("invalid") => Expect::Invalid(attr(words, "error").map(str::to_string)),
                Some(other) => {
                    return err(
                        lesson,
                        format!("expect={other}: use expect=invalid or leave it out"),
                    )
                }
            };
            lesson.examples.push(Example {
                id: id.clone(),
                yaml: body.to_string(),
                later: Vec::new(),
                until,
                expect,
                checks: Vec::new(),
                line,
            });
            *last_example = Some(lesson.examples.len() - 1);
            lesson.parts.push(Part::Example { id, block: 0 });
        }
        ("expect", _) => {
            let Some(i) = *last_example else {
                return err(lesson, "an `expect` block must follow a `yaml run` example".into());
            };
            for l in body.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                match check::parse(l) {
                    Ok(c) => lesson.examples[i].checks.push((l.to_string(), c)),
                    Err(e) => err(lesson, format!("check {l:?}: {e}")),
                }
            }
        }
        ("exercise", _) => {
            let mut ex = Exercise { until: DEFAULT_UNTIL, line, ..Exercise::default() };
            for (k, v) in kv_lines(body) {
                if let Err(e) = ex.take_key(&k, v) {
                    err(lesson, e);
                }
            }
            lesson.exercises.push(ex);
            *last_exercise = Some(lesson.exercises.len() - 1);
            lesson.parts.push(Part::Exercise(lesson.exercises.len() - 1));
        }
        ("yaml", "starter" | "solution" | "world" | "alternative" | "wrong") => {
            let Some(i) = *last_exercise else {
                return err(
                    lesson,
                    format!("a `yaml {role}` block must follow an `exercise` block"),
                );
            };
            let at = match attr(words, "at").map(parse_time).transpose() {
                Ok(t) => t.unwrap_or(Millis::ZERO),
                Err(e) => return err(lesson, e),
            };
            let variant = attr(words, "variant");
            if let Err(e) = lesson.exercises[i].take_block(role, at, variant, body, line) {
                err(lesson, e);
            }
        }
        ("predict", _) => {
            let mut p = Predict {
                example: String::new(),
                pod: String::new(),
                question: String::new(),
                choices: Vec::new(),
                answer: usize::MAX,
                line,
            };
            for (k, v) in kv_lines(body) {
                match k.as_str() {
                    "example" => p.example = v,
                    "pod" => p.pod = v,
                    "question" => p.question = v,
                    "choice" => p.choices.push(split_sequence(&v)),
                    "answer" => match v.parse::<usize>() {
                        Ok(n) if n >= 1 => p.answer = n - 1,
                        _ => err(lesson, format!("answer {v:?} must be a 1-based choice number")),
                    },
                    other => err(lesson, format!("unknown predict key {other:?}")),
                }
            }
            lesson.predicts.push(p);
            lesson.parts.push(Part::Predict(lesson.predicts.len() - 1));
        }
        _ => {}
    }
}

/// Building an exercise from its blocks (the parser's half of the data in `model`).
impl Exercise {
    /// Takes one `key: value` line of the `exercise` block.
    pub fn take_key(&mut self, key: &str, value: String) -> Result<(), String> {
        match key {
            "id" => self.id = value,
            "title" => self.title = value,
            "goal" => self.goal = value,
            "hint" => self.hints.push(value),
            "clause" => self.clauses.push(value),
            "check" => {
                let (variant, src) = match value.strip_prefix('[').and_then(|r| r.split_once(']')) {
                    Some((v, rest)) => (Some(v.trim().to_string()), rest.trim().to_string()),
                    None => (None, value.clone()),
                };
                let check = check::parse(&src).map_err(|e| format!("check {value:?}: {e}"))?;
                // The clause it proves is the last one written above it.
                let clause = self.clauses.len().checked_sub(1);
                self.checks.push(ExerciseCheck { source: value, check, clause, variant });
            }
            "until" => {
                self.until = parse_time(&value)?;
            }
            other => return Err(format!("unknown exercise key {other:?}")),
        }
        Ok(())
    }

    /// Takes one of its YAML blocks: `starter`, `solution`, `alternative`, `wrong`, `world
    /// [at=…] [variant=…]` (`at` already parsed by the lesson parser).
    pub fn take_block(
        &mut self,
        role: &str,
        at: Millis,
        variant: Option<&str>,
        body: &str,
        line: usize,
    ) -> Result<(), String> {
        match role {
            "starter" => self.starter = body.to_string(),
            "solution" => self.solution = body.to_string(),
            "alternative" => {
                self.alternatives.push(Answer { line, yaml: body.to_string(), caught_by: None })
            }
            "wrong" => {
                let caught_by = body.lines().find_map(|l| {
                    l.trim().strip_prefix("# caught by:").map(|c| c.trim().to_string())
                });
                if caught_by.is_none() {
                    return Err(
                        "a `yaml wrong` block needs a `# caught by: CHECK` line naming the check that catches it"
                            .into(),
                    );
                }
                self.wrong.push(Answer { line, yaml: body.to_string(), caught_by });
            }
            _ => match variant {
                None => self.world.push((at, body.to_string())),
                Some(name) => match self.variants.iter_mut().find(|v| v.name == name) {
                    Some(v) => v.world.push((at, body.to_string())),
                    None => self.variants.push(Variant {
                        name: name.to_string(),
                        world: vec![(at, body.to_string())],
                    }),
                },
            },
        }
        Ok(())
    }
}

/// Structural rules that need the whole lesson.
fn validate(lesson: &mut Lesson) {
    let mut errs = Vec::new();
    let mut ids: Vec<&str> = Vec::new();
    for ex in &lesson.exercises {
        let at = format!("line {}: exercise {:?}", ex.line, ex.id);
        if ex.id.is_empty() {
            errs.push(format!("{at}: missing `id:`"));
        }
        if ids.contains(&ex.id.as_str()) {
            errs.push(format!("{at}: duplicate exercise id"));
        }
        ids.push(&ex.id);
        for (what, empty) in [
            ("title", ex.title.is_empty()),
            ("goal", ex.goal.is_empty()),
            ("check", ex.checks.is_empty()),
            ("hint", ex.hints.is_empty()),
            ("yaml starter block", ex.starter.trim().is_empty()),
            ("yaml solution block", ex.solution.trim().is_empty()),
        ] {
            if empty {
                errs.push(format!("{at}: missing {what}"));
            }
        }
    }
    for p in &lesson.predicts {
        let at = format!("line {}: predict", p.line);
        if lesson.example(&p.example).is_none() {
            errs.push(format!("{at}: unknown example {:?}", p.example));
        }
        if p.pod.is_empty() || p.question.is_empty() {
            errs.push(format!("{at}: needs `pod:` and `question:`"));
        }
        if p.choices.len() < 2 || p.answer >= p.choices.len() {
            errs.push(format!(
                "{at}: needs at least two `choice:` lines and an `answer:` among them"
            ));
        }
    }
    lesson.errors.extend(errs);
}

/// One line of the order file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryItem {
    /// Title as listed.
    pub title: String,
    /// File name relative to `content/`.
    pub file: String,
    /// The `# Part` heading it sits under, if any.
    pub part: Option<String>,
}

/// Parses `content/SUMMARY.md`: `# Part` headings and `- [Title](file.md)` lines; everything
/// else must be blank. Errors name the line.
pub fn parse_summary(text: &str) -> (Vec<SummaryItem>, Vec<String>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut part = None;
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        // `<!-- … -->` comments (for authoring notes) may span lines.
        if in_comment || l.starts_with("<!--") {
            in_comment = !l.contains("-->");
            continue;
        }
        if l.is_empty() {
            continue;
        }
        if let Some(h) = l.strip_prefix('#') {
            let h = h.trim_start_matches('#').trim();
            if !h.eq_ignore_ascii_case("summary") {
                part = Some(h.to_string());
            }
            continue;
        }
        let parsed = l
            .strip_prefix("- [")
            .and_then(|r| r.split_once("]("))
            .and_then(|(t, r)| r.strip_suffix(')').map(|f| (t, f)));
        match parsed {
            Some((t, f)) if f.ends_with(".md") && !f.contains('/') && !f.contains("..") => {
                if items.iter().any(|it: &SummaryItem| it.file == f) {
                    errors.push(format!("SUMMARY.md line {}: {f} is listed twice", i + 1));
                }
                items.push(SummaryItem {
                    title: t.to_string(),
                    file: f.to_string(),
                    part: part.clone(),
                })
            }
            _ => errors.push(format!(
                "SUMMARY.md line {}: expected `- [Title](file.md)`, got {l:?}",
                i + 1
            )),
        }
    }
    (items, errors)
}

/// A lesson in the registry: metadata plus unparsed source.
#[derive(Clone, Debug)]
pub struct Entry {
    /// File stem (progress key).
    pub slug: String,
    /// File name.
    pub file: String,
    /// Title from the order file (no parsing needed for navigation).
    pub title: String,
    /// Part heading.
    pub part: Option<String>,
    /// Markdown source.
    pub source: Cow<'static, str>,
}

/// A parsed lesson keyed by its source's address and length (the cache's identity check).
type ParsedLesson = ((usize, usize), Arc<Lesson>);

thread_local! {
    /// The last embedded lesson parsed ([`Catalog::lesson_shared`]).
    static PARSED: std::cell::RefCell<Option<ParsedLesson>> = const { std::cell::RefCell::new(None) };
}

/// The course: lessons in order.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Lessons in order.
    pub entries: Vec<Entry>,
    /// Order-file problems (missing files, bad lines).
    pub errors: Vec<String>,
}

mod embedded {
    // Generated by build.rs from content/SUMMARY.md: `SUMMARY` and `FILES: &[(&str, &str)]`.
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

impl Catalog {
    /// The lessons built into this binary (what the web app shows).
    pub fn embedded() -> Catalog {
        Catalog::from_sources(embedded::SUMMARY, |f| {
            embedded::FILES.iter().find(|(n, _)| *n == f).map(|(_, s)| Cow::Borrowed(*s))
        })
    }

    /// A course from an order file and a way to read lesson files (the linter reads a directory).
    pub fn from_sources(
        summary: &str,
        mut read: impl FnMut(&str) -> Option<Cow<'static, str>>,
    ) -> Catalog {
        let (items, mut errors) = parse_summary(summary);
        let mut entries = Vec::new();
        for it in items {
            match read(&it.file) {
                Some(source) => entries.push(Entry {
                    slug: it.file.trim_end_matches(".md").to_string(),
                    file: it.file,
                    title: it.title,
                    part: it.part,
                    source,
                }),
                None => {
                    errors.push(format!("SUMMARY.md lists {} but the file is missing", it.file))
                }
            }
        }
        Catalog { entries, errors }
    }

    /// Lesson `i`, parsed; an embedded lesson is parsed once and shared (the app asks for the
    /// open lesson from several places, and parsing one is ~10 ms of a cold start in wasm).
    pub fn lesson_shared(&self, i: usize) -> Option<Arc<Lesson>> {
        let e = self.entries.get(i)?;
        let Cow::Borrowed(src) = &e.source else { return self.lesson(i).map(Arc::new) };
        // Keyed by the embedded text's address: it lives for the whole program.
        let key = (src.as_ptr() as usize, src.len());
        if let Some(hit) =
            PARSED.with_borrow(|c| c.as_ref().filter(|(k, _)| *k == key).map(|(_, l)| l.clone()))
        {
            return Some(hit);
        }
        let parsed = Arc::new(parse_lesson(&e.slug, src));
        PARSED.set(Some((key, parsed.clone())));
        Some(parsed)
    }

    /// Parses lesson `i` (only that one).
    pub fn lesson(&self, i: usize) -> Option<Lesson> {
        self.entries.get(i).map(|e| parse_lesson(&e.slug, &e.source))
    }

    /// Index of a lesson by slug.
    pub fn find(&self, slug: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.slug == slug)
    }
}

#[cfg(test)]
mod tests;
