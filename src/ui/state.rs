//! The lab's shared state: one `Copy` struct of signals provided as context (the Leptos
//! `counters` example's pattern), plus the few operations that touch several of them (apply,
//! cluster actions, drafts). Components read it with [`Lab::get`].
//!
//! Data flow: `text` (every keystroke) → debounce → draft saved, then `checked` → `diagnostics`.
//! Apply: draft saved → admit → simulate → `run`; the playhead (`playback`) moves over `run`'s
//! immutable timeline and `cards` is derived from both.

use crate::engine::admission::admit;
use crate::engine::diag::Diagnostic;
use crate::engine::kubectl::handoff::Manifest;
use crate::engine::kubelet::{simulate, Action, Scenario, Timeline};
use crate::engine::time::Millis;
use crate::ui::cards::{pod_cards, PodCard};
use crate::ui::playback::Playback;
use crate::ui::storage::{BrowserStorage, Store, StoreStatus};
use leptos::prelude::*;
use std::sync::Arc;

/// How far Apply simulates at first: two virtual minutes (the curriculum's default too) keeps
/// Apply within a few frames; playing past the end extends the run (see [`Lab::extend`]).
pub const HORIZON: Millis = Millis::from_secs(120);

/// The furthest a run is extended (a podlab limit); idle skipping makes the quiet stretches
/// free to watch.
pub use crate::engine::limits::MAX_HORIZON;

/// Typing pause after which the draft is saved and diagnostics recomputed (the early editor
/// waits as long: it lives in `textedit`, which both use).
pub use crate::ui::textedit::DEBOUNCE;

/// One applied scenario and what the engine made of it.
pub struct Run {
    /// The input (objects applied at 0, plus console actions at their instants).
    pub scenario: Scenario,
    /// The simulation's result.
    pub timeline: Timeline,
    /// `timeline.change_times()`, cached for stepping and idle skipping.
    pub changes: Vec<Millis>,
    /// Every event of the run, in time order (cached: the inspectors count them each tick).
    pub events: Vec<crate::engine::model::Event>,
    /// The manifest texts the run applied, for the real-cluster hand-off
    /// ([`crate::engine::kubectl::handoff`]).
    pub sources: Vec<Manifest>,
}

impl Run {
    fn new(scenario: Scenario, sources: Vec<Manifest>) -> Run {
        let timeline = timed("podlab:simulate", || simulate(&scenario));
        Run::simulated(scenario, timeline, sources)
    }

    /// A run from a timeline already simulated from `scenario` (an exercise attempt).
    fn simulated(scenario: Scenario, timeline: Timeline, sources: Vec<Manifest>) -> Run {
        let changes = timeline.change_times();
        let events = timeline.events_until(timeline.end());
        Run { scenario, timeline, changes, events, sources }
    }
}

/// The editor's text as the one manifest applied at t = 0, named after its first object
/// (`init-demo.yaml`) for the hand-off's `kubectl apply -f`.
fn editor_source(text: &str, objects: &[crate::engine::model::Object]) -> Vec<Manifest> {
    let name = objects.first().map(|o| o.metadata().name.clone()).filter(|n| !n.is_empty());
    vec![Manifest {
        at: Millis::ZERO,
        name: format!("{}.yaml", name.as_deref().unwrap_or("podlab")),
        text: text.to_string(),
    }]
}

/// Runs `f` as a User Timing measure named `name` (`performance.getEntriesByName`), so the
/// browser's own profile and the e2e performance report see the engine's share of a task.
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &perf {
        p.clear_measures_with_measure_name(name); // keep only the latest: bounded over a workshop
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    }
    out
}

/// One manifest of the warm-up per task (the last one's pod cards in one more).
fn warm_next(mut texts: Vec<String>) {
    if texts.is_empty() {
        return;
    }
    let text = texts.remove(0);
    let last = texts.is_empty();
    let timeline = timed("podlab:warm", || {
        let a = admit(&text);
        let ok = !a.has_errors() && !a.objects.is_empty();
        ok.then(|| simulate(&Scenario::apply_at_zero(a.objects, HORIZON)))
    });
    set_timeout(
        move || match (last, timeline) {
            (true, Some(tl)) => timed("podlab:warm", || drop(pod_cards(&tl, tl.end()))),
            _ => warm_next(texts),
        },
        std::time::Duration::ZERO,
    );
}

/// The lab's signals (all `Copy` handles).
#[derive(Clone, Copy)]
pub struct Lab {
    /// The draft's storage key.
    pub slug: StoredValue<String>,
    /// Slug of the lesson open in the lesson pane (what a share link names).
    pub lesson: StoredValue<Option<String>>,
    /// The lesson's starting YAML (Reset).
    pub starting: StoredValue<String>,
    /// The editor's text, updated on every input.
    pub text: RwSignal<String>,
    /// The text diagnostics were last computed for (debounced copy of `text`).
    pub checked: RwSignal<String>,
    /// Admission's diagnostics for `checked`.
    pub diagnostics: Memo<Vec<Diagnostic>>,
    /// The applied scenario and its timeline.
    pub run: RwSignal<Option<Arc<Run>>>,
    /// The playhead.
    pub playback: RwSignal<Playback>,
    /// Pod cards at the playhead.
    pub cards: Memo<Vec<PodCard>>,
    /// The latest announcement for the aria-live region.
    pub announce: RwSignal<String>,
    /// Whether drafts persist (banner when not).
    pub store_status: RwSignal<StoreStatus>,
    /// A message about the last Apply (why nothing ran).
    pub apply_note: RwSignal<Option<String>>,
    store: StoredValue<Store<BrowserStorage>, LocalStorage>,
    debounce: StoredValue<Option<TimeoutHandle>>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The (memory-only) draft slot of the embed view.
const DRAFT_KEY_EMBED: &str = "embed";

thread_local! {
    /// What the learner typed into the static first paint's textarea (`ui::startup`).
    pub static FIRST_PAINT_TEXT: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
}

impl Lab {
    /// Creates the state for a lesson, restoring its saved draft if there is one, and provides
    /// it as context.
    pub fn provide(slug: &str, starting: &str) -> Lab {
        Lab::provide_with(
            Store::new(BrowserStorage::open()),
            slug,
            starting,
            FIRST_PAINT_TEXT.take(),
        )
    }

    /// A lab that never reads or writes the browser's storage (the embed view): its drafts and
    /// preferences live in memory only, so an embedded example cannot touch the learner's own
    /// draft or progress in the full app.
    pub fn provide_in_memory(starting: &str) -> Lab {
        Lab::provide_with(Store::new(None), DRAFT_KEY_EMBED, starting, None)
    }

    fn provide_with(
        mut store: Store<BrowserStorage>,
        slug: &str,
        starting: &str,
        typed: Option<String>,
    ) -> Lab {
        let draft = store.load_text("draft", slug, now_ms());
        let initial = typed.clone().or(draft).unwrap_or_else(|| starting.to_string());
        let status = store.status().clone();
        let text = RwSignal::new(initial.clone());
        let checked = RwSignal::new(initial);
        // Admission on the debounced text; Memo so unchanged diagnostics don't re-render.
        let diagnostics =
            Memo::new(move |_| checked.with(|t| timed("podlab:admit", || admit(t)).diagnostics));
        let run: RwSignal<Option<Arc<Run>>> = RwSignal::new(None);
        let playback = RwSignal::new(Playback::default());
        let at = Memo::new(move |_| playback.with(|p| p.t));
        let cards = Memo::new(move |_| {
            let t = at.get();
            run.with(|r| r.as_ref().map(|r| pod_cards(&r.timeline, t)).unwrap_or_default())
        });
        let lab = Lab {
            slug: StoredValue::new(slug.to_string()),
            lesson: StoredValue::new(None),
            starting: StoredValue::new(starting.to_string()),
            text,
            checked,
            diagnostics,
            run,
            playback,
            cards,
            announce: RwSignal::new(String::new()),
            store_status: RwSignal::new(status),
            apply_note: RwSignal::new(None),
            store: StoredValue::new_local(store),
            debounce: StoredValue::new(None),
        };
        provide_context(lab);
        if typed.is_some() {
            lab.save_draft();
        }
        lab
    }

    /// The lab from context (panics only if a component is used outside `App`: a programming
    /// error, never input-dependent).
    pub fn get() -> Lab {
        expect_context::<Lab>()
    }

    /// Says `msg` in the aria-live region.
    pub fn say(&self, msg: impl Into<String>) {
        self.announce.set(msg.into());
    }

    /// The learner typed: keep the text, and after a pause save it and re-check it.
    pub fn edited(&self, text: String) {
        self.text.set(text);
        let lab = *self;
        if let Some(h) = self.debounce.get_value() {
            h.clear();
        }
        let h = set_timeout_with_handle(
            move || {
                lab.save_draft();
                if let Some(t) = lab.text.try_get_untracked() {
                    let _ = lab.checked.try_set(t);
                }
            },
            DEBOUNCE,
        )
        .ok();
        self.debounce.set_value(h);
    }

    /// Writes the editor's text to storage now (before any parse or run: reliability.md R9).
    pub fn save_draft(&self) {
        // try_: a debounce timer may fire after the lab was unmounted (use-after-dispose).
        let (Some(text), Some(slug)) = (self.text.try_get_untracked(), self.slug.try_get_value())
        else {
            return;
        };
        let status = self.store.try_update_value(|s| {
            s.save("draft", &slug, serde_json::Value::String(text), now_ms());
            s.status().clone()
        });
        if let Some(st) = status {
            if self.store_status.try_get_untracked().is_some_and(|old| old != st) {
                self.store_status.set(st);
            }
        }
    }

    /// A saved preference (`theme`, `presenter`).
    pub fn load_pref(&self, name: &str) -> Option<String> {
        self.store.try_update_value(|s| s.load_text("prefs", name, now_ms())).flatten()
    }

    /// Saves a preference.
    pub fn save_pref(&self, name: &str, value: &str) {
        self.store.try_update_value(|s| {
            s.save("prefs", name, serde_json::Value::String(value.into()), now_ms())
        });
    }

    /// Replaces the editor's text (Reset, a shared link) and checks it at once.
    pub fn load_text(&self, text: String) {
        self.text.set(text.clone());
        self.checked.set(text);
        self.save_draft();
    }

    /// Apply: save, admit, and if admission accepts, simulate from t = 0 and play.
    pub fn apply(&self) {
        if let Some(run) = self.admit_and_simulate() {
            self.show(Arc::new(run), None);
            self.say("Applied. Playing from 0 seconds.");
        }
    }

    /// Apply in two tasks: admission and the simulation now, the run drawn in the next task (the
    /// Apply button, Ctrl+Enter, and an Apply pressed before the app arrived). See
    /// [`Lab::show_soon`].
    pub fn apply_in_two_tasks(&self) {
        if let Some(run) = self.admit_and_simulate() {
            self.show_soon(Arc::new(run), None);
            self.say("Applied. Playing from 0 seconds.");
        }
    }

    /// Simulates [`crate::ui::warm::MANIFESTS`] and the editor's own manifest once and drops the
    /// results, one task each, after start-up (why: `ui::warm`).
    pub fn warm(&self) {
        let Some(text) = self.text.try_get_untracked() else { return };
        let mut texts: Vec<String> =
            crate::ui::warm::MANIFESTS.iter().map(|t| t.to_string()).collect();
        texts.push(text);
        warm_next(texts);
    }

    /// Apply's first half: save, admit, and if admission accepts, simulate from t = 0 (otherwise
    /// say why not).
    fn admit_and_simulate(&self) -> Option<Run> {
        self.save_draft();
        let text = self.text.get_untracked();
        self.checked.set(text.clone());
        let a = timed("podlab:admit", || admit(&text));
        if a.has_errors() {
            let n = a.diagnostics.len();
            let msg =
                format!("Not applied: {n} problem{} in the YAML.", if n == 1 { "" } else { "s" });
            self.apply_note.set(Some(msg.clone()));
            self.say(msg);
            return None;
        }
        if a.objects.is_empty() {
            let msg = "Not applied: the editor has no objects podlab can run yet.".to_string();
            self.apply_note.set(Some(msg.clone()));
            self.say(msg);
            return None;
        }
        self.apply_note.set(None);
        let sources = editor_source(&text, &a.objects);
        Some(Run::new(Scenario::apply_at_zero(a.objects, HORIZON), sources))
    }

    /// Plays `run` from 0, or shows it paused at `at`. Synchronous: for callers that go on to
    /// extend or scrub the run in the same task (a share link's playhead).
    fn show(&self, run: Arc<Run>, at: Option<Millis>) {
        // try_: a deferred show may come after the lab was unmounted.
        let Some(speed) = self.playback.try_with_untracked(|p| p.speed) else { return };
        let mut p = Playback::for_timeline(&run.timeline, speed);
        p.play();
        if let Some(t) = at {
            p.playing = false;
            p.scrub(t);
        }
        let _ = self.run.try_set(Some(run));
        let _ = self.playback.try_set(p);
    }

    /// [`Lab::show`] in the next task. A run from a click (Apply, an example's Run, a check, a
    /// drill) is simulated in the click's task and drawn in the next: the first run after load
    /// draws with code V8 has not compiled yet (it compiles each wasm function on its first
    /// call, on the main thread), and both halves in one task went over 50 ms.
    fn show_soon(&self, run: Arc<Run>, at: Option<Millis>) {
        let lab = *self;
        set_timeout(move || lab.show(run, at), std::time::Duration::ZERO);
    }

    /// Simulates `scenario` from t = 0 and plays it (in the next task: [`Lab::show_soon`]): a
    /// lesson example's run (with its `at=` objects) or an exercise check. Returns the run so the
    /// caller can check its timeline.
    pub fn play(&self, scenario: Scenario) -> Arc<Run> {
        let text = self.text.get_untracked();
        let sources = editor_source(&text, &crate::engine::admission::admit(&text).objects);
        self.play_files(scenario, sources)
    }

    /// [`Lab::play`] with the manifest texts the scenario applies (an example's blocks), for the
    /// real-cluster hand-off.
    pub fn play_files(&self, scenario: Scenario, sources: Vec<Manifest>) -> Arc<Run> {
        let run = Arc::new(Run::new(scenario, sources));
        self.apply_note.set(None);
        self.show_soon(run.clone(), None);
        run
    }

    /// Plays a run the caller already simulated (in the next task: [`Lab::show_soon`]), from 0
    /// or paused at `at`: an exercise attempt or a drill is graded on exactly the timeline the
    /// learner then watches (no second simulation).
    pub fn play_simulated(
        &self,
        scenario: Scenario,
        timeline: Timeline,
        at: Option<Millis>,
    ) -> Arc<Run> {
        // (Main's merge left the attempt's manifests out of this call: none are named here.)
        let run = Arc::new(Run::simulated(scenario, timeline, Vec::new()));
        self.apply_note.set(None);
        self.show_soon(run.clone(), at);
        run
    }

    /// Pauses and moves the playhead to `t` (an exercise's "show me that moment").
    pub fn seek(&self, t: Millis) {
        self.playback.update(|p| {
            p.playing = false;
            p.scrub(t);
        });
    }

    /// Runs `f` on the one store (the lesson pane keeps the learner's progress in it).
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store<BrowserStorage>) -> R) -> Option<R> {
        self.store.try_update_value(f)
    }

    /// Simulates further (double the horizon, up to [`MAX_HORIZON`]) when the playhead reached
    /// the end of the run. The engine is deterministic, so the part already seen is unchanged.
    /// Returns whether there is more to play.
    pub fn extend(&self) -> bool {
        let Some(Some(old)) = self.run.try_get_untracked() else { return false };
        let until = old.scenario.until;
        if until >= MAX_HORIZON {
            return false;
        }
        let mut scenario = old.scenario.clone();
        scenario.until = Millis(until.0.saturating_mul(2)).min(MAX_HORIZON);
        let run = Run::new(scenario, old.sources.clone());
        self.playback.update(|p| p.retime(&run.timeline));
        self.run.set(Some(Arc::new(run)));
        true
    }

    /// Adds a cluster action at the playhead's instant and re-simulates; the playhead stays.
    pub fn act(&self, action: Action) {
        let t = self.playback.with_untracked(|p| p.t);
        let (mut scenario, sources) = match self.run.get_untracked() {
            Some(old) => (old.scenario.clone(), old.sources.clone()),
            // `kubectl apply` before any Apply: an empty cluster from t = 0.
            None => (Scenario { until: HORIZON, ..Scenario::default() }, Vec::new()),
        };
        scenario.actions.push((t, action));
        let run = Run::new(scenario, sources);
        self.playback.update(|p| p.retime(&run.timeline));
        self.run.set(Some(Arc::new(run)));
    }
}
