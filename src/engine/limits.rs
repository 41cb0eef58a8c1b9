//! podlab's own limits: every bound on how much work or memory a learner's input (a manifest, a
//! container's script, a share link, an imported progress file) can make podlab spend, in one
//! place, so tests and messages cannot drift (reliability.md §8, R2, R7). None of these is a
//! Kubernetes fact: where a real node would run out of memory, disk or patience, podlab stops
//! earlier and says so. Kubernetes' own numbers (back-off 10 s doubling to 5 min, the 2 s
//! minimum grace period, event aggregation) live with the behaviour they belong to.
//!
//! Also bounded, but elsewhere on purpose because they only cap what is *drawn*, not what is
//! computed or stored: the console's scrollback (`ui::console`), the console's history
//! (`kubectl::console::History::MAX`), a card's narration (`ui::narrate::MAX_SENTENCES`), the
//! highlighter's line length (`ui::highlight::LONG_LINE`), a share link's lesson slug and JSON
//! slack (`ui::share`), and values derived from the limits below (`ui::storage::MAX_VALUE_BYTES`,
//! the shell's `STEP_MICROS`).

use crate::engine::time::Millis;

// --- Admission: what a manifest may be -------------------------------------------------------

/// Largest spec podlab parses (editor text, decompressed share link, stored exercise draft).
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

// --- The kubelet: how far a simulation goes ---------------------------------------------------

/// Most queue events one simulation processes. A lesson-sized scenario needs a few thousand and
/// the 1,000-pod benchmark hour about a million; past this the run stops early (at the instant
/// reached) instead of freezing the page on an absurd `until`.
pub const MAX_QUEUE_EVENTS: u64 = 20_000_000;
/// The furthest the lab (and a share link's playhead) simulates: half an hour shows
/// `Init:CrashLoopBackOff` long after its back-off reached the 5-minute cap.
pub const MAX_HORIZON: Millis = Millis::from_secs(1800);

// --- The runtime: what a container's commands may do ------------------------------------------

/// Shell steps for one whole simulation run of one container instance before it is stopped.
pub const MAX_STEPS_RUN: u64 = 2_000_000;
/// Shell steps per virtual second: a busy loop burns this much and then waits for virtual time.
pub const MAX_STEPS_PER_VSEC: u64 = 10_000;
/// How far past `until` a CPU-busy process may run in one call, so a busy loop costs one call
/// per 100 virtual ms instead of one per millisecond.
pub const RUN_AHEAD: Millis = Millis(100);
/// Steps one `$(…)` may take before it is considered stuck (it would never return).
pub const SYNC_STEPS: u64 = 200_000;
/// Processes per container (fork-bomb cap).
pub const MAX_PROCS: usize = 64;
/// Nesting depth of the shell *parser* (a stack overflow in wasm is an unrecoverable trap).
pub const MAX_SH_DEPTH: usize = 64;
/// Function recursion cap at run time (reliability.md §5.2: "Function recursion ≤ 256").
pub const MAX_FUNC_DEPTH: usize = 256;
/// Deepest nesting of `$(…)` being evaluated at once. Each level is a Rust call chain of
/// about 20 KiB in a debug build, so 32 levels stay well inside wasm's 1 MiB stack; scripts
/// nest two or three at most, only runaway recursion (`f() { echo $(f); }`) gets here.
pub const MAX_SUBST_DEPTH: usize = 32;
/// Frames one task may hold (a script that sources itself forever grows the stack without
/// calling a function); beyond it the process stops, like a shell running out of memory.
pub const MAX_FRAMES: usize = 20_000;
/// Largest expanded word or variable value: a real shell would run out of memory long before
/// a doubling loop (`x="$x$x"`) got anywhere; podlab stops the process instead.
pub const MAX_WORD_BYTES: usize = 1024 * 1024;
/// Bytes a pipe stage may produce before it is stopped as if its reader had exited.
pub const PIPE_CAP: usize = 1024 * 1024;
/// Largest file podlab stores (a loop doubling a file would otherwise exhaust the page's
/// memory; a real node would hit its disk or emptyDir `sizeLimit`).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// Log bytes kept per container instance (kubelet-style rotation beyond it).
pub const MAX_LOG_BYTES: usize = 1024 * 1024;
/// Lines kept per container instance before output is dropped (reliability.md §5.2).
pub const MAX_LOG_LINES: usize = 10_000;
/// Longest single log line kept.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

// --- What the web app reads back: links and files ---------------------------------------------

/// Longest share-link fragment.
pub const MAX_FRAGMENT_CHARS: usize = 32_768;
/// Largest progress file imported: comfortably above 200 exercises × a full draft, far below
/// the ~5 MB localStorage quota.
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;
