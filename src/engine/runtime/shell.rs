//! The shell interpreter (busybox ash dialect, with dash/bash wording where the image's `sh`
//! is one of those): parser, resumable executor and the programs found in the images.

pub mod applets;
pub mod ast;
pub mod exec;
pub mod parse;
pub mod pattern;
