//! The Leptos UI. It renders engine state; it never decides Kubernetes behaviour.
//!
//! Two halves:
//! - **Plain logic** (compiled everywhere, tested by native `cargo test`): [`highlight`],
//!   [`textedit`], [`playback`], [`cards`], [`stage`], [`narrate`], [`storage`], [`share`],
//!   [`console_run`], the curriculum's routing/progress logic [`lesson_nav`], the app's fixed
//!   words [`chrome`], the static first paint [`first_paint`] (HTML the build writes into
//!   `index.html`) and the embed view's addresses [`embed_link`].
//! - **Components** (wasm32 only), one per file, wired through the [`state::Lab`] context: the
//!   [`app::App`] shell with the [`lesson`], [`editor`] + [`diagnostics`] and simulation regions
//!   ([`controls`], [`pods`] drawn by [`stage_view`], [`gantt`], [`inspectors`], [`console`]),
//!   plus [`theme`] and the [`announcer`] (aria-live). [`embed::EmbedApp`] is the `?embed` view
//!   (no header, no lesson column) over the same components; [`real_cluster`] offers the
//!   real-cluster hand-off; [`startup`] builds the app and the embed view a part per task and
//!   swaps the app in for the static first paint.
//!
//! Safety rule (reliability.md R4): learner text, logs, names and messages are only ever text
//! nodes. The only `inner_html` is `content::markdown` output (lesson prose, exercise goals,
//! clauses and hints, predict questions) in [`lesson`] and [`exercise`], and the generated drill
//! questions in `practice`.

pub mod cards;
pub mod chrome;
pub mod console_run;
pub mod embed_link;
pub mod first_paint;
pub mod highlight;
pub mod lesson_nav;
pub mod narrate;
pub mod playback;
pub mod presenter;
pub mod share;
pub mod stage;
pub mod storage;
pub mod textedit;

#[cfg(target_arch = "wasm32")]
pub mod announcer;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod console;
#[cfg(target_arch = "wasm32")]
pub mod controls;
#[cfg(target_arch = "wasm32")]
pub mod course;
#[cfg(target_arch = "wasm32")]
pub mod diagnostics;
#[cfg(target_arch = "wasm32")]
pub mod early_editor;
#[cfg(target_arch = "wasm32")]
pub mod editor;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod example;
#[cfg(target_arch = "wasm32")]
pub mod exercise;
#[cfg(target_arch = "wasm32")]
pub mod gantt;
#[cfg(target_arch = "wasm32")]
pub mod inspectors;
#[cfg(target_arch = "wasm32")]
pub mod lesson;
#[cfg(target_arch = "wasm32")]
pub mod offline;
#[cfg(target_arch = "wasm32")]
pub mod pods;
#[cfg(target_arch = "wasm32")]
pub mod practice;
#[cfg(target_arch = "wasm32")]
pub mod progress_panel;
#[cfg(target_arch = "wasm32")]
pub mod real_cluster;
#[cfg(target_arch = "wasm32")]
pub mod share_button;
#[cfg(target_arch = "wasm32")]
pub mod stage_view;
#[cfg(target_arch = "wasm32")]
pub mod startup;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod theme;

#[cfg(target_arch = "wasm32")]
pub use app::App;
