//! Every limit in one place, so tests and messages cannot drift (reliability.md §8, R2, R7).

/// Largest spec podlab parses (editor text, decompressed share link, stored draft).
pub const MAX_SPEC_BYTES: usize = 64 * 1024;
/// The real API server's request body limit, quoted in messages only.
pub const K8S_BODY_LIMIT: usize = 3_145_728;
/// Deepest YAML nesting accepted.
pub const MAX_DEPTH: usize = 128;
/// Most YAML documents in one stream.
pub const MAX_DOCS: usize = 16;
/// Alias expansion budget: at most max(10 × events, 10 000) nodes after expansion.
pub const ALIAS_MIN_BUDGET: usize = 10_000;
/// Multiplier of the event count in the alias budget.
pub const ALIAS_EVENT_FACTOR: usize = 10;
/// Longest share-link fragment.
pub const MAX_FRAGMENT_CHARS: usize = 32_768;
/// Shell steps for one whole simulation run of one container instance before it is stopped.
pub const MAX_STEPS_RUN: u64 = 2_000_000;
/// Shell steps per virtual second: a busy loop burns this much and then waits for virtual time.
pub const MAX_STEPS_PER_VSEC: u64 = 10_000;
/// Processes per container (fork-bomb cap).
pub const MAX_PROCS: usize = 64;
/// Shell function/subshell recursion depth.
pub const MAX_SH_DEPTH: usize = 64;
/// Log bytes kept per container instance (kubelet-style rotation beyond it).
pub const MAX_LOG_BYTES: usize = 1024 * 1024;
/// Longest single log line kept.
pub const MAX_LINE_BYTES: usize = 64 * 1024;
