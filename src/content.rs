//! Lessons and exercises: the curriculum as data (issue 8).
//!
//! - [`markdown`]: the one Markdown entry point and its safety filter (raw HTML → text, URL
//!   scheme allow-list).
//! - [`lesson`]: the registry (order from `content/SUMMARY.md`, sources embedded by `build.rs`)
//!   and the lesson parser (prose, runnable examples, exercises, predict-then-run questions).
//! - [`check`]: the check vocabulary, evaluated on the simulation timeline.
//! - [`exercise`]: exercises and the admit → simulate → check pipeline.
//! - [`progress`]: what the web app saves (versioned envelope, migration, export/import).
//!
//! Pure Rust: no web crates, so `podlab lint-content` and the tests run it natively.

pub mod check;
pub mod exercise;
pub mod lesson;
pub mod markdown;
pub mod progress;
