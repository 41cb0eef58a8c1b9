//! The "Practice" section: predict-the-run drills with no answer key
//! ([`crate::content::drill`]). A drill comes from a seed; the seed sits in the page's address
//! (`?drill=4242`), so a drill can be shared and reopened exactly. The learner reads the pod,
//! picks a prediction, and "Run and check" plays the drill's run in the lab and grades the
//! prediction against what that run did.
//!
//! Safety: the question is the drill template's own Markdown (names from the templates, never
//! learner text), rendered by `content::markdown`; it is the only string given to `inner_html`.

use crate::content::check::divergence::clock;
use crate::content::drill::{self, drill_scenario, Drill};
use crate::content::markdown;
use crate::ui::state::Lab;
use leptos::prelude::*;

fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Puts `seed` into the address (keeping the hash route), so the page's URL shares the drill.
fn remember_seed(seed: u64) {
    let Some(w) = web_sys::window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    let url = format!("{}{hash}", drill::query_with_seed(&location_search(), seed));
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// A fresh seed (wall clock and `Math.random`: any 32-bit number is a drill).
fn fresh_seed() -> u64 {
    let r = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (r ^ js_sys::Date::now() as u64) % 4_294_967_296
}

/// The Practice section.
#[component]
pub fn PracticeCard() -> impl IntoView {
    let lab = Lab::get();
    let seed = RwSignal::new(drill::seed_from_query(&location_search()));
    let drill = Memo::new(move |_| seed.get().map(|s| drill::generate(s).map(|(d, _)| d)));
    let choice = RwSignal::new(None::<usize>);
    let graded = RwSignal::new(None::<drill::Graded>);

    let new_drill = move |_| {
        let s = fresh_seed();
        remember_seed(s);
        choice.set(None);
        graded.set(None);
        seed.set(Some(s));
        lab.say("A new drill. Predict, then run and check.");
    };
    let run = move |_| {
        let Some(c) = choice.get_untracked() else { return };
        // The drill and the very run its answer was read from (generation is deterministic).
        let Some(Ok((d, tl))) = seed.get_untracked().map(drill::generate) else { return };
        let Ok(sc) = drill_scenario(&d) else { return };
        lab.load_text(d.yaml.clone());
        // Paused at the instant the question asks about, if it names one.
        lab.play_simulated(sc, tl, d.instant());
        let g = d.grade(d.choices.get(c).map(String::as_str).unwrap_or(""));
        lab.say(if g.correct {
            format!("Right: {}.", g.actual)
        } else {
            format!("Not this time: the run showed {}.", g.actual)
        });
        graded.set(Some(g));
    };

    let body = move || {
        drill.get().map(|d| match d {
            Err(e) => view! { <p class="pl-verdict__head pl-verdict__head--fail">{format!("This drill could not be built: {e}")}</p> }.into_any(),
            Ok(d) => drill_view(d, choice, graded, run).into_any(),
        })
    };

    view! {
        <section class="pl-exercise pl-practice" data-testid="practice" aria-labelledby="practice-title">
            <h2 class="pl-exercise__title" id="practice-title">"Practice: predict the run"</h2>
            <p>"A fresh pod every time, run on the simulated node: nobody wrote the answer, the run decides it. The address keeps the drill's seed, so you can share it."</p>
            <div class="pl-exercise__bar">
                <button class="pl-btn" data-testid="practice-new" on:click=new_drill>
                    {move || if seed.get().is_some() { "Another drill" } else { "Start a drill" }}
                </button>
            </div>
            {body}
        </section>
    }
}

fn drill_view(
    d: Drill,
    choice: RwSignal<Option<usize>>,
    graded: RwSignal<Option<drill::Graded>>,
    run: impl Fn(leptos::ev::MouseEvent) + Copy + 'static,
) -> impl IntoView {
    let group = format!("drill-{}", d.seed);
    let choices = d
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let group = group.clone();
            view! {
                <label class="pl-predict__choice" data-testid="practice-choice">
                    <input type="radio" name=group value=i.to_string()
                        prop:checked=move || choice.get() == Some(i)
                        on:change=move |_| { choice.set(Some(i)); graded.set(None); }/>
                    <span>{c.clone()}</span>
                </label>
            }
        })
        .collect_view();
    let link = format!("?drill={}", d.seed);
    let result = move || {
        graded.get().map(|g| {
            view! {
                <p class="pl-verdict__head" class:pl-verdict__head--pass=g.correct class:pl-verdict__head--fail=!g.correct>
                    {if g.correct { "✓ Right." } else { "✗ Not this time." }}
                </p>
                <p>"The run showed: " <span class="pl-seq" data-testid="practice-actual">{g.actual.clone()}</span></p>
                <p>{g.why.clone()}</p>
            }
        })
    };
    view! {
        <p class="pl-practice__meta">
            {format!("Drill {} ({}), run for {}. ", d.seed, d.template.name(), clock(d.until))}
            <a href=link data-testid="practice-link">"Link to this drill"</a>
        </p>
        <pre class="pl-example__code" data-testid="practice-yaml"><code>{d.yaml.clone()}</code></pre>
        <fieldset class="pl-predict">
            // Generated from fixed words and names (no learner text), through the Markdown filter.
            <legend class="pl-predict__legend" data-testid="practice-question" inner_html=markdown::render(&d.question)></legend>
            <div class="pl-predict__choices">{choices}</div>
            <button class="pl-btn pl-btn--primary" data-testid="practice-check" on:click=run disabled=move || choice.get().is_none()>
                "Run and check my prediction"
            </button>
            <div class="pl-verdict" data-testid="practice-result" role="status">{result}</div>
        </fieldset>
    }
}
