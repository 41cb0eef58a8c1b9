//! podlab: a simulated Kubernetes node that teaches init containers by running them.
//!
//! Dependencies point one way: `ui → content → engine`.
//! - [`engine`]: pure Rust, no web crates. Admission (parse + validate), the simulated kubelet,
//!   the container runtime (images, shell, volumes, network) and the kubectl printers.
//! - [`content`]: lessons and exercises (Markdown rendered with pulldown-cmark).
//! - `ui` (wasm32 only): the Leptos app that renders engine state.

pub mod cli;
pub mod content;
pub mod engine;

#[cfg(target_arch = "wasm32")]
pub mod ui;
