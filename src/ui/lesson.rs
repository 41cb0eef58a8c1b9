//! The lesson region: navigation through the course (hash routes, prev/next, the list), the
//! open lesson rendered from [`crate::content`] part by part (prose, runnable examples,
//! exercises, predict-then-run questions), and the learner's progress.
//!
//! [`Course`] ([`crate::ui::course`]) is this region's shared state, provided here as context
//! next to [`Lab`]; the plain logic it calls lives in [`crate::ui::lesson_nav`] and is tested
//! natively.
//!
//! Safety: prose parts are `content::markdown` output (raw HTML already text, unsafe URLs
//! dropped) and are the only strings given to `inner_html` here.

use crate::content::lesson::{Catalog, Lesson, Part};
use crate::content::progress::Progress;
use crate::ui::chrome;
use crate::ui::course::{location_hash, Course};
use crate::ui::example::ExampleBlock;
use crate::ui::exercise::{ExerciseCard, PredictCard};
use crate::ui::lesson_nav::{self, href, initial_lesson, neighbours, parse_route};
use crate::ui::progress_panel::ProgressPanel;
use crate::ui::startup::{built, Step};
use crate::ui::state::Lab;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The editor's text when nothing was saved yet: the first example of the lesson the address
/// names (or the first lesson). Called by the app before the lab exists.
pub fn first_yaml() -> String {
    let c = Catalog::embedded();
    let route = parse_route(&location_hash());
    initial_lesson(&c, route.as_ref(), &Progress::default())
        .map(|i| lesson_nav::starting_yaml(&c, i))
        .unwrap_or_default()
}

/// Scrolls heading `id` of the rendered lesson into view (a `#/lesson/<slug>/<id>` link).
fn scroll_to(id: &str) {
    if let Some(el) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))
    {
        el.scroll_into_view();
    }
}

/// A reload at `#/lesson/x/heading` lands on the heading: called once the app is shown (it is
/// built hidden, `ui::startup`).
pub fn scroll_to_route_anchor() {
    if let Some(a) = parse_route(&location_hash()).and_then(|r| r.anchor) {
        scroll_to(&a);
    }
}

/// Follows in-app links (`#/…`) by setting the hash directly: with a `<base>` element a plain
/// fragment link would resolve against the base URL, which on some hosts is a page load.
fn follow_app_link(ev: web_sys::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(a) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href^='#/']").ok().flatten())
    else {
        return;
    };
    let Some(dest) = a.get_attribute("href") else { return };
    ev.prevent_default();
    if let Some(w) = web_sys::window() {
        if w.location().hash().ok().as_deref() == Some(dest.as_str()) {
            // Same route: no hashchange will fire, so jump to the heading ourselves.
            if let Some(anchor) = parse_route(&dest).and_then(|r| r.anchor) {
                scroll_to(&anchor);
            }
        } else {
            let _ = w.location().set_hash(&dest[1..]);
        }
    }
}

/// The lesson pane: navigation, the lesson, and progress.
#[component]
pub fn LessonPane() -> impl IntoView {
    let lab = Lab::get();
    let course = Course::provide(lab);
    let catalog = course.catalog.get_value();

    // The address bar drives navigation (links, prev/next, back/forward, a reload).
    let cat = catalog.clone();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let Some(route) = parse_route(&location_hash()) else { return };
        let Some(i) = cat.find(&route.slug) else {
            let _ =
                course.note.try_set(Some(format!("There is no lesson called {:?}.", route.slug)));
            return;
        };
        course.open(i);
        let anchor = route.anchor.clone();
        request_animation_frame(move || match anchor {
            Some(a) => scroll_to(&a),
            None => {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("lesson-top"))
                {
                    el.scroll_into_view();
                }
            }
        });
    });
    on_cleanup(move || handle.remove());

    // Opening a lesson: Reset goes to its first example; resume here next time.
    let cat = catalog.clone();
    Effect::new(move |_| {
        let i = course.current.get();
        lab.starting.set_value(lesson_nav::starting_yaml(&cat, i));
        if let Some(slug) = cat.entries.get(i).map(|e| e.slug.clone()) {
            lab.lesson.set_value(Some(slug.clone()));
            if course.progress.with_untracked(|p| p.last_lesson.as_deref() != Some(&slug)) {
                course.update_progress(|p| p.last_lesson = Some(slug));
            }
        }
    });

    // The editor's (debounced) text is the active exercise's draft.
    Effect::new(move |_| {
        let text = lab.checked.get();
        let Some(key) = course.active.get_untracked() else { return };
        let Some((slug, id)) = key.split_once('#') else { return };
        if course.progress.with_untracked(|p| {
            p.exercise(slug, id).and_then(|e| e.draft.as_deref()) == Some(text.as_str())
        }) {
            return;
        }
        course.update_progress(|p| p.save_draft(slug, id, &text));
    });

    let title = move || course.lesson.with(|l| l.title.clone());
    let cards = built(Step::LessonCards);
    let below = built(Step::LessonFooter);
    view! {
        <section class="pl-region pl-lesson" aria-label=title on:click=follow_app_link>
            <span id="lesson-top"></span>
            <LessonNav/>
            {move || {
                let lesson = course.lesson.get();
                view! {
                    <article class="pl-prose" data-testid="lesson" data-slug=lesson.slug.clone()>
                        {lesson.parts.iter().map(|p| part_view(&lesson, p, cards)).collect_view()}
                    </article>
                }
            }}
            // After the lesson itself, in a task of its own (`ui::startup`).
            {move || below.get().then(|| view! {
                <LessonFooter/>
                <crate::ui::practice::PracticeCard/>
                <ProgressPanel/>
            })}
        </section>
    }
}

/// One part of a lesson, in reading order: prose at once, the cards (components) once `cards`
/// (a start-up step of their own, `ui::startup`).
fn part_view(lesson: &Arc<Lesson>, part: &Part, cards: Memo<bool>) -> AnyView {
    match part {
        // `content::markdown` output: filtered, so the one kind of string that may be HTML.
        Part::Html(html) => {
            view! { <div class="pl-part" inner_html=html.clone()></div> }.into_any()
        }
        _ => {
            let (lesson, part) = (lesson.clone(), part.clone());
            (move || cards.get().then(|| card_view(&lesson, &part))).into_any()
        }
    }
}

/// A part of a lesson that is a component: a runnable example, an exercise, a question.
fn card_view(lesson: &Arc<Lesson>, part: &Part) -> AnyView {
    let slug = lesson.slug.clone();
    match part {
        Part::Html(_) => ().into_any(),
        Part::Example { id, block } => match lesson.example(id) {
            Some(ex) => view! { <ExampleBlock example=ex.clone() block=*block/> }.into_any(),
            None => ().into_any(),
        },
        Part::Exercise(i) => match lesson.exercises.get(*i) {
            Some(ex) => view! { <ExerciseCard slug=slug exercise=ex.clone()/> }.into_any(),
            None => ().into_any(),
        },
        Part::Predict(i) => match lesson.predicts.get(*i) {
            Some(p) => {
                let example = lesson.example(&p.example).cloned();
                view! { <PredictCard slug=slug predict=p.clone() example=example/> }.into_any()
            }
            None => ().into_any(),
        },
    }
}

/// Top of the pane: prev / position / next, and every lesson grouped by part.
#[component]
fn LessonNav() -> impl IntoView {
    let course = Course::get();
    let catalog = course.catalog.get_value();
    let list = NodeRef::<leptos::html::Details>::new();
    // Close the list once a lesson from it opened.
    Effect::new(move |_| {
        course.current.track();
        if let Some(d) = list.get_untracked() {
            let _ = d.remove_attribute("open");
        }
    });
    let total = catalog.entries.len();
    let done = move || {
        course.progress.with(|p| {
            p.completed_lessons
                .iter()
                .filter(|s| course.catalog.with_value(|c| c.find(s).is_some()))
                .count()
        })
    };
    let cat = catalog.clone();
    let items = move || {
        let cur = course.current.get();
        let mut groups: Vec<(Option<String>, Vec<AnyView>)> = Vec::new();
        for (i, e) in cat.entries.iter().enumerate() {
            if groups.last().is_none_or(|(p, _)| *p != e.part) {
                groups.push((e.part.clone(), Vec::new()));
            }
            let complete = course.progress.with(|p| p.is_lesson_complete(&e.slug));
            let item = view! {
                <li class:pl-lnav__item--done=complete>
                    <a href=href(&e.slug) aria-current=(i == cur).then_some("page")>
                        <span class="pl-lnav__mark" aria-hidden="true">{if complete { "✓" } else { "" }}</span>
                        {format!("{}. {}", i + 1, e.title)}
                        {complete.then(|| view! { <span class="pl-sr-only">" (done)"</span> })}
                    </a>
                </li>
            };
            if let Some((_, v)) = groups.last_mut() {
                v.push(item.into_any());
            }
        }
        groups
            .into_iter()
            .map(|(part, items)| {
                view! {
                    <li class="pl-lnav__part">
                        {part.map(|p| view! { <span class="pl-lnav__part-title">{p}</span> })}
                        <ol class="pl-lnav__lessons">{items}</ol>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="pl-lnav" aria-label=chrome::LESSON_NAV_LABEL data-testid="lesson-nav">
            <PrevNext/>
            <details class="pl-lnav__all" node_ref=list>
                <summary data-testid="lesson-list">
                    {move || format!("All lessons ({} of {total} done)", done())}
                </summary>
                <ul class="pl-lnav__parts">{items}</ul>
            </details>
        </nav>
    }
}

/// Previous / "n of N" / next links (at the top, and again at the `bottom` of the lesson with
/// `-bottom` test ids so each id is unique in the page).
#[component]
fn PrevNext(#[prop(optional)] bottom: bool) -> impl IntoView {
    let suffix = if bottom { "-bottom" } else { "" };
    let course = Course::get();
    let catalog = course.catalog.get_value();
    move || {
        let i = course.current.get();
        let (prev, next) = neighbours(&catalog, i);
        let link = |j: Option<usize>, rel: &'static str, testid: &'static str| {
            j.and_then(|j| catalog.entries.get(j)).map(|e| {
                let label = chrome::neighbour_label(rel, &e.title);
                view! { <a class=format!("pl-lnav__{rel}") rel=rel href=href(&e.slug) data-testid=format!("{testid}{suffix}")>{label}</a> }
            })
        };
        view! {
            <div class="pl-lnav__row">
                {link(prev, "prev", "lesson-prev")}
                <span class="pl-lnav__pos">{chrome::position(i, catalog.entries.len())}</span>
                {link(next, "next", "lesson-next")}
            </div>
        }
    }
}

/// Bottom of the lesson: mark it done, and prev/next again.
#[component]
fn LessonFooter() -> impl IntoView {
    let course = Course::get();
    let lab = course.lab();
    let slug = move || course.lesson.with(|l| l.slug.clone());
    let complete = move || {
        let s = slug();
        course.progress.with(|p| p.is_lesson_complete(&s))
    };
    let toggle = move |_| {
        let s = slug();
        let was = course.progress.with_untracked(|p| p.is_lesson_complete(&s));
        course.update_progress(|p| {
            if was {
                p.completed_lessons.retain(|x| *x != s);
            } else {
                p.complete_lesson(&s);
            }
        });
        lab.say(if was { "Lesson marked as not done." } else { "Lesson marked as done." });
    };
    view! {
        <footer class="pl-lfoot">
            <button class="pl-btn" data-testid="lesson-done" aria-pressed=move || if complete() { "true" } else { "false" } on:click=toggle>
                {move || if complete() { "✓ Lesson done" } else { "Mark lesson as done" }}
            </button>
            <PrevNext bottom=true/>
        </footer>
    }
}
