//! Lessons and exercises: the curriculum as data (issue 8).
//!
//! - [`model`]: the data types: a lesson and its parts (examples, exercises, questions).
//! - [`markdown`]: the one Markdown entry point and its safety filter (raw HTML → text, URL
//!   scheme allow-list).
//! - [`lesson`]: the registry (order from `content/SUMMARY.md`, sources embedded by `build.rs`)
//!   and the lesson parser (prose, runnable examples, exercises, predict-then-run questions).
//! - [`check`]: the check vocabulary, evaluated on the simulation timeline.
//! - [`exercise`]: the admit → simulate → check pipeline for examples and exercises
//!   ([`exercise::scenario`], [`exercise::evaluate_checks`], `Exercise::attempt`: the one grading
//!   path of the page, `podlab grade` and `podlab lint-content`).
//! - [`drill`]: practice drills generated from a seed and graded against their own run.
//! - [`progress`]: what the web app saves (versioned envelope, migration, export/import).
//!
//! Pure Rust: no web crates, no HTML beyond the filtered Markdown it renders (the app's markup,
//! the static first paint included, is the UI's). Its callers: the UI's lesson region
//! (`ui::lesson`, `ui::example`, `ui::exercise`, `ui::progress_panel`, `ui::first_paint`), the
//! CLI's `podlab lint-content` and `podlab lessons`, and tests/content.rs.
//!
//! How a lesson is read (all of it data, no parsing in components):
//! - `Catalog::embedded()` → `entries` (slug, title, part) for navigation without parsing;
//!   `catalog.lesson(i)` (or the cached `lesson_shared(i)`) parses one lesson →
//!   `Lesson { title, parts, examples, exercises, predicts }`.
//! - `lesson.parts` in order: `Part::Html(s)` is already filtered Markdown (one of the UI's
//!   only `inner_html` inputs; exercise goals, clauses, hints, predict and drill questions go
//!   through `markdown::render` too); `Part::Example { id, block }` is `example.yaml` (block 0)
//!   or `example.later[block - 1].1`, run with `example.scenario()` and judged with
//!   `evaluate_checks(&example.checks, &timeline)`; `Part::Exercise(i)` shows
//!   `exercise.goal_markdown()` and is graded by `exercise.attempt(text)` → `Attempt { verdict,
//!   scenario, timeline }` (each result's `clause`, `message()` and `at()` to jump to,
//!   `verdict.debrief` on a pass), the path `lint-content` replays every authored answer
//!   through; `Part::Predict(i)` compares the learner's choice with
//!   `predict.observed(&timeline)`.
//! - Links between lessons arrive as `#/lesson/<slug>[/<heading-id>]` (see
//!   [`lesson::route`]); headings carry those ids.
//! - Progress is keyed by slug and exercise id ([`progress`]).

pub mod check;
pub mod drill;
pub mod exercise;
pub mod lesson;
pub mod markdown;
pub mod model;
pub mod progress;
