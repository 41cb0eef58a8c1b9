//! podlab: a simulated Kubernetes node that teaches init containers by running them.
//!
//! Dependencies point one way: `ui → content → engine`.
//! - [`engine`]: pure Rust, no web crates. Admission (parse + validate), the simulated kubelet,
//!   the container runtime (images, shell, volumes, network) and the kubectl printers.
//! - [`content`]: lessons and exercises (Markdown rendered with pulldown-cmark).
//! - [`ui`]: the Leptos app that renders engine state. Its components are wasm32 only; its plain
//!   logic (highlighting, edits, playback, storage, view models) compiles everywhere so native
//!   `cargo test` covers it.
//!
//! The `podlab` command-line tool is a binary of its own (`src/bin/podlab/`) over this library;
//! the library never names it (tests/architecture.rs).

pub mod content;
pub mod engine;

pub mod ui;
