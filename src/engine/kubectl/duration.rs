//! Durations as kubectl prints them: the formatting lives in [`crate::engine::time`] (a leaf
//! module the kubelet uses too); these names are kept for kubectl-side callers.

pub use crate::engine::time::{go_duration, human_duration};
