//! The app shell: header (title, share, presenter mode, theme), the storage banner, and two
//! columns (style/layout.css): the lesson, and the lab — the run (controls, clock, the stage)
//! on top and staying put, the manifest and the details (timeline, inspectors, console) under
//! it. Stacked on a phone, where Run scrolls the stage into view and one tap returns to the
//! lesson (`BackToLesson`).
//!
//! Built hidden, a part per task, then swapped for the static first paint (`ui::startup`).

use crate::ui::announcer::Announcer;
use crate::ui::chrome;
use crate::ui::console::Console;
use crate::ui::controls::{BackToLesson, TimeControls};
use crate::ui::diagnostics::Diagnostics;
use crate::ui::editor::Editor;
use crate::ui::gantt::Gantt;
use crate::ui::inspectors::Inspectors;
use crate::ui::lesson::{first_yaml, scroll_to_route_anchor, LessonPane};
use crate::ui::lesson_nav::DRAFT_KEY;
use crate::ui::offline::UpdateBanner;
use crate::ui::pods::Pods;
use crate::ui::real_cluster::RealClusterButton;
use crate::ui::share_button::{load_from_location, LinkBanner, LinkNotice, ShareButton};
use crate::ui::startup::{self, built, Step, Steps};
use crate::ui::state::{timed, Lab, FIRST_PAINT_TEXT};
use crate::ui::storage::StoreStatus;
use crate::ui::theme::{PresenterToggle, ThemeToggle};
use leptos::html::Div;
use leptos::mount::mount_to_body;
use leptos::prelude::*;
use std::time::Duration;

/// Starts the app, a task at a time (`ui::startup`): this one (the wasm's first, which is also V8
/// finishing the instantiation) only reads what was typed into the first paint so far; the next
/// parses the open lesson (`podlab:parse`; `Catalog::lesson_shared` keeps it for the starting
/// YAML and the lesson pane); the one after mounts the app's shell (`podlab:mount`), which builds
/// the rest a step per task, then takes the first paint's place.
pub fn start() {
    FIRST_PAINT_TEXT.set(startup::typed_so_far());
    set_timeout(
        || {
            timed("podlab:parse", || drop(first_yaml()));
            set_timeout(|| timed("podlab:mount", || mount_to_body(App)), Duration::ZERO);
        },
        Duration::ZERO,
    );
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::provide(DRAFT_KEY, &first_yaml());
    let link_notice = RwSignal::new(LinkNotice::None);
    // A share link pasted into the address bar of the open page changes only the fragment.
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let n = load_from_location(lab);
        if n != LinkNotice::None {
            link_notice.set(n);
        }
    });
    on_cleanup(move || handle.remove());
    let banner = move || match lab.store_status.get() {
        StoreStatus::Persistent => None,
        StoreStatus::MemoryOnly(why) => Some(view! {
            <p class="pl-banner" role="status" data-testid="storage-banner">
                "Your work is not being saved: " {why} ". Copy your YAML somewhere safe before you leave."
            </p>
        }),
    };
    // Built hidden, a part per task, then swapped for the first paint in one (`ui::startup`).
    let root = NodeRef::<Div>::new();
    Steps::start(Step::APP, move || {
        startup::hand_over(lab, root);
        // Only now: a hidden lesson cannot be scrolled to.
        scroll_to_route_anchor();
    });
    // Before the lesson pane reads the route: a link opens its own lesson.
    startup::at(Step::Link, move || link_notice.set(load_from_location(lab)));
    let header = built(Step::Header);
    let lesson = built(Step::Lesson);
    let run = built(Step::Run);
    startup::at(Step::Check, move || lab.diagnostics.with_untracked(|_| ()));
    let editor = built(Step::Editor);
    let details = built(Step::Details);
    view! {
        <div class="pl-app" node_ref=root hidden>
            <header class="pl-header">
                <h1 class="pl-header__title"><span class="pl-logo" aria-hidden="true"></span>{chrome::TITLE}</h1>
                <p class="pl-header__tag">{chrome::TAGLINE}</p>
                <div class="pl-header__tools">
                    {move || header.get().then(|| view! {
                        <ShareButton/>
                        <RealClusterButton/>
                        <PresenterToggle/>
                        <ThemeToggle/>
                    })}
                </div>
            </header>
            {move || header.get().then(|| view! {
                {banner}
                <UpdateBanner/>
                <LinkBanner notice=link_notice/>
            })}
            <main class="pl-main">
                {move || lesson.get().then(|| view! { <LessonPane/> })}
                <div class="pl-lab">
                    <section class="pl-region pl-sim" aria-labelledby="sim-h" data-testid="run-view">
                        <h2 id="sim-h" class="pl-region__title">{chrome::SIM_TITLE}</h2>
                        {move || run.get().then(|| view! { <TimeControls/><Pods/> })}
                    </section>
                    <section class="pl-region pl-editor-region" aria-labelledby="editor-h">
                        <h2 id="editor-h" class="pl-region__title">{chrome::EDITOR_TITLE}</h2>
                        {move || editor.get().then(|| view! { <Editor/><Diagnostics/> })}
                    </section>
                    <section class="pl-region pl-details" aria-labelledby="details-h">
                        <h2 id="details-h" class="pl-region__title">"Timeline and inspectors"</h2>
                        {move || details.get().then(|| view! { <Gantt/><Inspectors/><Console/> })}
                    </section>
                </div>
            </main>
            <BackToLesson/>
            <Announcer/>
        </div>
    }
}
