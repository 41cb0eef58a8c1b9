//! Lessons and exercises: the curriculum as data (issue 8).
//!
//! - [`markdown`]: the one Markdown entry point and its safety filter (raw HTML → text, URL
//!   scheme allow-list).
//! - [`lesson`]: the registry (order from `content/SUMMARY.md`, sources embedded by `build.rs`)
//!   and the lesson parser (prose, runnable examples, exercises, predict-then-run questions).
//! - [`check`]: the check vocabulary, evaluated on the simulation timeline.
//! - [`exercise`]: exercises and the admit → simulate → check pipeline ([`exercise::Exercise::attempt`],
//!   the one grading path of the page, `podlab grade` and `podlab lint-content`).
//! - [`drill`]: practice drills generated from a seed and graded against their own run.
//! - [`progress`]: what the web app saves (versioned envelope, migration, export/import).
//!
//! Pure Rust: no web crates, so `podlab lint-content` and the tests run it natively.
//!
//! **For the UI** (everything the lesson pane needs, no parsing in components):
//! - `Catalog::embedded()` → `entries` (slug, title, part) for navigation without parsing;
//!   `catalog.lesson(i)` parses one lesson → `Lesson { title, parts, examples, exercises, predicts }`.
//! - Walk `lesson.parts` in order: `Part::Html(s)` is already filtered Markdown, one of the UI's
//!   only `inner_html` inputs (the others are exercise goals, clauses, hints, predict and drill questions, each
//!   through `markdown::render`); `Part::Example { id, block }` shows `example.yaml` (block 0) or
//!   `example.later[block - 1].1` with "Load into editor" / "Run here" (`example.run()` gives the
//!   outcome checks and the `Timeline` to play); `Part::Exercise(i)` shows `goal_markdown()`, hints one by
//!   one, "show solution", and on Run calls `exercise.attempt(editor_text)` → `Attempt {
//!   verdict, scenario, timeline }` (`verdict.solved()`, each result's `clause`, `message()` and
//!   `at()` to jump to, `verdict.debrief` on a pass); `Part::Predict(i)` asks first,
//!   then runs its example and shows `predict.observed(&timeline)`.
//! - Links between lessons arrive as `#/lesson/<slug>[/<heading-id>]` (see
//!   [`lesson::route`]); headings carry those ids. The router reads `location.hash`.
//! - Persist with [`progress`] (`Progress`, `export`, `import`), keyed by slug and exercise id.

pub mod check;
pub mod drill;
pub mod exercise;
pub mod lesson;
pub mod markdown;
pub mod progress;
