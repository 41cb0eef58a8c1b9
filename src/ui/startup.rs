//! Start-up in short tasks (issue 15: no main-thread task over 50 ms while the page loads).
//!
//! Building the whole page in the wasm's first task took 110–150 ms on a laptop, more than half
//! of it V8 compiling the wasm's functions on their first call, and the page could not answer a
//! key meanwhile. So the app builds into a hidden root one [`Step`] per task ([`Steps`]), while
//! the first paint (`ui::first_paint`, with the early editor live in it) stays on screen, and
//! then takes its place in one short task ([`hand_over`]): what was typed there, the caret, the
//! editor's scroll and a pending Apply carry over. `ui::app::start` begins it (the wasm's first
//! task, then the lesson's parse and the app's shell, a task each). The `?embed` view builds the
//! same way and then shows itself ([`show`]).
//!
//! Hidden, not in place: built in place, every part would need a placeholder of exactly its
//! size, or the lesson and the editor would move (deferring only the run's region moved the
//! editor, and the largest paint with it). Hidden, nothing is laid out until the swap, and the
//! page the first paint stands in for appears whole, in one frame.
//!
//! Each step leaves a User Timing mark (`podlab:part:<name>`), and the swap `podlab:ready`, so a
//! browser profile shows which part a task built.

use crate::ui::early_editor::{PAGE_ID, TEXTAREA_ID};
use crate::ui::state::Lab;
use leptos::html::Div;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};

/// What is built after a view's shell, one task each, in the order of [`Step::APP`] (the app) or
/// [`Step::EMBED`] (the `?embed` view). Sized by measurement (a Chromium trace): each is 5–15 ms
/// of main-thread time, most of it V8 compiling code met for the first time; on a 2-core laptop
/// busy with the page's other threads (V8's background tier-up, raster) that is up to three
/// times as much wall time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    /// Admission's first run, on the editor's text (work, no view: the editor and a share link
    /// read it next).
    Check,
    /// A share link in the address, loaded (work, no view; a link made after an Apply is
    /// simulated to its instant).
    Link,
    /// The header's buttons and the banners.
    Header,
    /// The lesson pane: navigation and the open lesson's prose.
    Lesson,
    /// The lesson's runnable examples, exercises and questions.
    LessonCards,
    /// The run's region: time controls and the stage.
    Run,
    /// The editor and its diagnostics.
    Editor,
    /// Timeline, inspectors and console.
    Details,
    /// Under the lesson: done, practice, progress.
    LessonFooter,
}

impl Step {
    /// The app's steps, in order.
    pub const APP: &'static [Step] = &[
        Step::Check,
        Step::Link,
        Step::Header,
        Step::Lesson,
        Step::LessonCards,
        Step::Run,
        Step::Editor,
        Step::Details,
        Step::LessonFooter,
    ];

    /// The embed view's steps (no header, no lesson).
    pub const EMBED: &'static [Step] = &[Step::Check, Step::Editor, Step::Run, Step::Details];

    fn name(self) -> &'static str {
        match self {
            Step::Link => "link",
            Step::Header => "header",
            Step::Lesson => "lesson",
            Step::LessonCards => "lesson-cards",
            Step::Run => "run",
            Step::Check => "check",
            Step::Editor => "editor",
            Step::Details => "details",
            Step::LessonFooter => "lesson-footer",
        }
    }
}

/// How many of a view's steps are built: a counter advanced once per task (context, provided by
/// the app or the embed view).
#[derive(Clone, Copy)]
pub struct Steps {
    order: &'static [Step],
    built: RwSignal<usize>,
}

impl Steps {
    /// Provides the counter and starts building: one step of `order` per task, then `done` in a
    /// task of its own.
    pub fn start(order: &'static [Step], done: impl FnOnce() + 'static) -> Steps {
        let steps = Steps { order, built: RwSignal::new(0) };
        provide_context(steps);
        next(steps, Box::new(done));
        steps
    }

    fn has_built(&self, step: Step) -> bool {
        self.order.iter().position(|s| *s == step).is_none_or(|i| self.built.get() > i)
    }
}

/// Whether `step` is built yet. A memo: the closure that places a part must re-run once, when it
/// is built, not on every later step (that would build it again). Without a staged start-up in
/// context (a component mounted on its own), or for a step the view does not take, at once.
pub fn built(step: Step) -> Memo<bool> {
    let steps = use_context::<Steps>();
    Memo::new(move |_| steps.is_none_or(|s| s.has_built(step)))
}

/// Runs `f` once, in `step`'s task (work a later part would otherwise do in its own, longer
/// task). Untracked: what `f` reads does not run it again.
pub fn at(step: Step, f: impl Fn() + Send + Sync + 'static) {
    let now = built(step);
    Effect::new(move |_| {
        if now.get() {
            untrack(&f);
        }
    });
}

/// The next task: build one more part (the signal's render effects run in this task's
/// microtasks), or, once all are built, `done`.
fn next(steps: Steps, done: Box<dyn FnOnce()>) {
    set_timeout(
        move || {
            // try_: the view may have been unmounted meanwhile (a test dropping its handle).
            let Some(n) = steps.built.try_get_untracked() else { return };
            match steps.order.get(n) {
                Some(step) => {
                    mark(&format!("podlab:part:{}", step.name()));
                    if steps.built.try_set(n + 1).is_none() {
                        next(steps, done);
                    }
                }
                None => done(),
            }
        },
        Duration::ZERO,
    );
}

fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn first_paint_textarea(doc: &web_sys::Document) -> Option<HtmlTextAreaElement> {
    doc.get_element_by_id(TEXTAREA_ID)?.dyn_into().ok()
}

/// What the learner has typed into the first paint's textarea so far (the early editor's), if
/// anything: the app starts from it (and takes it again at the swap).
pub fn typed_so_far() -> Option<String> {
    let doc = document()?;
    let pre = doc.get_element_by_id(PAGE_ID)?;
    typed(&pre, &first_paint_textarea(&doc)?)
}

/// The textarea's text when it was typed into, or shown when Apply was pressed there (the run
/// is of what the learner saw).
fn typed(pre: &Element, ta: &HtmlTextAreaElement) -> Option<String> {
    let edited = ta.default_value().is_ok_and(|d| d != ta.value());
    (edited || pre.has_attribute("data-run")).then(|| ta.value())
}

/// Removes the first paint (the `?embed` view, which draws no first paint of its own).
pub fn remove_first_paint() {
    if let Some(pre) = document().and_then(|d| d.get_element_by_id(PAGE_ID)) {
        pre.remove();
    }
}

/// Shows a view built hidden (the `?embed` view, which has no first paint to replace).
pub fn show(root: NodeRef<Div>) {
    if let Some(root) = root.get_untracked() {
        let _ = root.remove_attribute("hidden");
        mark("podlab:ready");
    }
}

/// The swap, in one task: the first paint goes, the app's hidden root shows, with the text
/// typed into the first paint since the app started, the caret and the editor's scroll if the
/// learner was typing, and a pending Apply run after it (simulated in the next task, drawn in
/// the one after: each is a first run of a lot of code). Then the offline worker is registered.
pub fn hand_over(lab: Lab, root: NodeRef<Div>) {
    let (Some(doc), Some(root)) = (document(), root.get_untracked()) else { return };
    let app_ta = root
        .query_selector("[data-testid=\"editor\"]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok());
    let mut run = false;
    let mut caret = None;
    if let Some(pre) = doc.get_element_by_id(PAGE_ID) {
        run = pre.has_attribute("data-run");
        if let Some(ta) = first_paint_textarea(&doc) {
            if let (Some(text), Some(app_ta)) = (typed(&pre, &ta), &app_ta) {
                if lab.text.try_get_untracked().is_some_and(|t| t != text) {
                    // Written here too, so the caret set below is not undone by the editor's
                    // effect writing the value in a microtask.
                    app_ta.set_value(&text);
                    lab.load_text(text);
                }
            }
            if doc.active_element().is_some_and(|a| a.id() == TEXTAREA_ID) {
                let scroll = ta.closest(".pl-ed__scroll").ok().flatten();
                caret = Some((
                    ta.selection_start().ok().flatten().unwrap_or(0),
                    ta.selection_end().ok().flatten().unwrap_or(0),
                    scroll.as_ref().map_or(0, |s| s.scroll_top()),
                    scroll.as_ref().map_or(0, |s| s.scroll_left()),
                    ta.get_bounding_client_rect().top(),
                ));
            }
        }
        pre.remove();
    }
    let _ = root.remove_attribute("hidden");
    if let (Some((start, end, top, left, y)), Some(app_ta)) = (caret, &app_ta) {
        let opts = web_sys::FocusOptions::new();
        opts.set_prevent_scroll(true);
        let _ = app_ta.focus_with_options(&opts);
        let _ = app_ta.set_selection_range(start, end);
        if let Some(s) = app_ta.closest(".pl-ed__scroll").ok().flatten() {
            s.set_scroll_top(top);
            s.set_scroll_left(left);
        }
        // The editor stays where the learner was typing on the screen: on a phone the app's
        // lesson above it is longer (its buttons and cards), and the page it replaced is gone,
        // so the browser's scroll anchoring cannot keep it there.
        let moved = app_ta.get_bounding_client_rect().top() - y;
        if moved.abs() >= 1.0 {
            if let Some(w) = web_sys::window() {
                w.scroll_by_with_x_and_y(0.0, moved);
            }
        }
    }
    mark("podlab:ready");
    // The offline worker installs (fetching and storing every file) once the page is up, not
    // while it is being built: on two cores its thread slowed the steps above.
    crate::ui::offline::register();
    if run {
        set_timeout(move || lab.apply_in_two_tasks(), Duration::ZERO);
    } else {
        set_timeout(move || lab.warm(), Duration::ZERO);
    }
}
