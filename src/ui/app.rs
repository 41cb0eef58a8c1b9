//! The app shell: header (title, share, presenter mode, theme), the storage banner, and two
//! columns (style/layout.css): the lesson, and the lab — the run (controls, clock, the stage)
//! on top and staying put, the manifest and the details (timeline, inspectors, console) under
//! it. Stacked on a phone, where Run scrolls the stage into view and one tap returns to the
//! lesson (`BackToLesson`).

use crate::ui::announcer::Announcer;
use crate::ui::chrome;
use crate::ui::console::Console;
use crate::ui::controls::{BackToLesson, TimeControls};
use crate::ui::diagnostics::Diagnostics;
use crate::ui::editor::Editor;
use crate::ui::gantt::Gantt;
use crate::ui::inspectors::Inspectors;
use crate::ui::lesson::{first_yaml, LessonPane};
use crate::ui::lesson_nav::DRAFT_KEY;
use crate::ui::offline::UpdateBanner;
use crate::ui::pods::Pods;
use crate::ui::real_cluster::RealClusterButton;
use crate::ui::share_button::{load_from_location, LinkBanner, LinkNotice, ShareButton};
use crate::ui::state::Lab;
use crate::ui::storage::StoreStatus;
use crate::ui::theme::{PresenterToggle, ThemeToggle};
use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::provide(DRAFT_KEY, &first_yaml());
    let link_notice = RwSignal::new(load_from_location(lab));
    // A share link pasted into the address bar of the open page changes only the fragment.
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let n = load_from_location(lab);
        if n != LinkNotice::None {
            link_notice.set(n);
        }
    });
    on_cleanup(move || handle.remove());
    crate::ui::offline::register();
    let banner = move || match lab.store_status.get() {
        StoreStatus::Persistent => None,
        StoreStatus::MemoryOnly(why) => Some(view! {
            <p class="pl-banner" role="status" data-testid="storage-banner">
                "Your work is not being saved: " {why} ". Copy your YAML somewhere safe before you leave."
            </p>
        }),
    };
    // Built in more than one task: the details under the editor come in a task of their own (and
    // the lesson's footer, `ui::lesson`). On a phone's CPU one task for all of it blocked the page
    // for about half a second (issue 15: no task over 50 ms). Only what sits below everything
    // else waits: a region that came later above the lesson or the editor would move them.
    let details_ready = RwSignal::new(false);
    set_timeout(move || details_ready.set(true), std::time::Duration::ZERO);
    view! {
        <header class="pl-header">
            <h1 class="pl-header__title"><span class="pl-logo" aria-hidden="true"></span>{chrome::TITLE}</h1>
            <p class="pl-header__tag">{chrome::TAGLINE}</p>
            <div class="pl-header__tools">
                <ShareButton/>
                <RealClusterButton/>
                <PresenterToggle/>
                <ThemeToggle/>
            </div>
        </header>
        {banner}
        <UpdateBanner/>
        <LinkBanner notice=link_notice/>
        <main class="pl-main">
            <LessonPane/>
            <div class="pl-lab">
                <section class="pl-region pl-sim" aria-labelledby="sim-h" data-testid="run-view">
                    <h2 id="sim-h" class="pl-region__title">{chrome::SIM_TITLE}</h2>
                    <TimeControls/>
                    <Pods/>
                </section>
                <section class="pl-region pl-editor-region" aria-labelledby="editor-h">
                    <h2 id="editor-h" class="pl-region__title">{chrome::EDITOR_TITLE}</h2>
                    <Editor/>
                    <Diagnostics/>
                </section>
                <section class="pl-region pl-details" aria-labelledby="details-h">
                    <h2 id="details-h" class="pl-region__title">"Timeline and inspectors"</h2>
                    {move || details_ready.get().then(|| view! { <Gantt/><Inspectors/><Console/> })}
                </section>
            </div>
        </main>
        <BackToLesson/>
        <Announcer/>
    }
}
