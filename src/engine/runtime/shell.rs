//! The shell interpreter (busybox ash dialect, with dash/bash wording where the image's `sh`
//! is one of those): parser, resumable executor and the programs found in the images.
//!
//! Arrows: `exec` (the executor) → `applets` (the programs) → `process` (the state both share,
//! as data); `parse`/`ast`/`pattern` are leaves.

pub mod applets;
pub mod ast;
pub mod exec;
pub mod parse;
pub mod pattern;
pub mod process;
