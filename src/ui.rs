//! The Leptos UI. It renders engine state; it never decides Kubernetes behaviour.
//!
//! Two halves:
//! - **Plain logic** (compiled everywhere, tested by native `cargo test`): [`highlight`],
//!   [`textedit`], [`playback`], [`cards`], [`stage`], [`narrate`], [`storage`], [`share`],
//!   [`console_run`], the start-up warm-up's manifests [`warm`], the curriculum's routing/progress logic [`lesson_nav`], the app's fixed
//!   words [`chrome`], the static first paint [`first_paint`] (HTML the build writes into
//!   `index.html`) and the embed view's addresses [`embed_link`].
//! - **Components** (wasm32, with the `app` feature: Leptos), one per file, wired through the [`state::Lab`] context: the
//!   [`app::App`] shell with the [`lesson`], [`editor`] + [`diagnostics`] and simulation regions
//!   ([`controls`], [`pods`] drawn by [`stage_view`], [`gantt`], [`inspectors`], [`console`]),
//!   plus [`theme`] and the [`announcer`] (aria-live). [`embed::EmbedApp`] is the `?embed` view
//!   (no header, no lesson column) over the same components; [`real_cluster`] offers the
//!   real-cluster hand-off; [`startup`] builds the app and the embed view a part per task and
//!   swaps the app in for the static first paint.
//! - **Without Leptos** (wasm32, any features): the [`early_editor`] and [`typing`], which the
//!   `podlab-editor` wasm is built from with `--no-default-features`, so none of Leptos's code
//!   (nor its dependencies' wasm exports) comes with it.
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
pub mod warm;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod announcer;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod app;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod console;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod controls;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod course;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod diagnostics;
#[cfg(target_arch = "wasm32")]
pub mod early_editor;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod editor;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod embed;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod example;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod exercise;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod gantt;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod inspectors;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod lesson;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod offline;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod pods;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod practice;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod progress_panel;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod real_cluster;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod share_button;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod stage_view;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod startup;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod state;
#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod theme;
#[cfg(target_arch = "wasm32")]
pub mod typing;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub use app::App;
