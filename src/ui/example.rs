//! A runnable YAML block in a lesson: the manifest (as text), "Load into editor" (text only,
//! nothing runs) and "Run" (loads it, simulates the example's whole scenario — including its
//! `at=` blocks — and plays it in the lab's views). A refused example shows the API server's
//! own messages; an admitted one lists what the lesson says to watch for, checked on the run.

use crate::content::exercise::{evaluate_checks, CheckResult};
use crate::content::lesson::{Example, Expect};
use crate::engine::diag::Diagnostic;
use crate::engine::kubectl::handoff::Manifest;
use crate::engine::time::Millis;
use crate::ui::course::Course;
use leptos::prelude::*;

/// What the last Run of this block showed.
#[derive(Clone)]
enum Ran {
    /// Refused by admission (the API server's messages).
    Refused(Vec<Diagnostic>),
    /// Simulated: the lesson's outcome checks on the run.
    Played(Vec<CheckResult>),
}

/// `12 s`, `1 min 30 s`: an `at=` instant for a caption.
fn secs(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

/// One example block. `block` 0 is the manifest applied at t = 0; n ≥ 1 is `later[n - 1]`.
#[component]
pub fn ExampleBlock(
    /// The example this block belongs to.
    example: Example,
    /// Which of its blocks this is.
    block: usize,
) -> impl IntoView {
    let course = Course::get();
    let lab = course.lab();
    let yaml = if block == 0 {
        example.yaml.clone()
    } else {
        example.later.get(block - 1).map(|(_, y)| y.clone()).unwrap_or_default()
    };
    let caption = match (block, &example.expect) {
        (0, Expect::Invalid(_)) => {
            format!("Example {}: the API server refuses this one", example.id)
        }
        (0, _) => format!("Example {}", example.id),
        (n, _) => format!(
            "Example {}, applied at t = {} in the same run",
            example.id,
            example.later.get(n - 1).map(|(t, _)| secs(t.0)).unwrap_or_default()
        ),
    };
    // The name the console knows this manifest by (`kubectl apply -f first.yaml`).
    let file = example.file_name(block);
    let result = RwSignal::new(None::<Ran>);
    let ex = StoredValue::new(example);
    let text = StoredValue::new(yaml.clone());

    let load = move |_| {
        course.activate(None);
        lab.load_text(text.get_value());
        lab.say("Loaded the example into the editor. Press Apply to run it.");
    };
    let run = move |_| {
        course.activate(None);
        let ex = ex.get_value();
        // The editor shows the t = 0 manifest: that is what Apply would run again.
        lab.load_text(ex.yaml.clone());
        match ex.scenario() {
            Err(diags) => {
                let msg = diags
                    .first()
                    .map(|d| format!("The API server refused it: {}", d.message))
                    .unwrap_or_default();
                lab.apply_note.set(Some(msg.clone()));
                lab.say(msg);
                result.set(Some(Ran::Refused(diags)));
            }
            Ok(sc) => {
                let sources = std::iter::once((Millis::ZERO, ex.yaml.clone()))
                    .chain(ex.later.iter().cloned())
                    .enumerate()
                    .map(|(b, (at, text))| Manifest { at, name: ex.file_name(b), text })
                    .collect();
                let run = lab.play_files(sc, sources);
                result.set(Some(Ran::Played(evaluate_checks(&ex.checks, &run.timeline))));
                lab.say(format!("Running example {} on the simulated node.", ex.id));
            }
        }
    };

    let shown = move || {
        result.get().map(|r| match r {
            Ran::Refused(diags) => view! {
                <p class="pl-example__refused">"The API server refused it:"</p>
                <ul class="pl-example__msgs">
                    {diags.into_iter().map(|d| view! { <li>{format!("line {}: {}", d.line, d.message)}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
            Ran::Played(checks) if checks.is_empty() => {
                view! { <p class="pl-example__ran">"Running: watch the simulated node."</p> }.into_any()
            }
            Ran::Played(checks) => {
                let n = checks.len();
                view! {
                    <p class="pl-example__ran">"Running: watch the simulated node."</p>
                    <details class="pl-example__watch">
                        <summary>{format!("What this run shows ({n})")}</summary>
                        <ul class="pl-checks">{checks.into_iter().map(check_item).collect_view()}</ul>
                    </details>
                }
                .into_any()
            }
        })
    };

    view! {
        <figure class="pl-example" data-testid="example" data-example=ex.with_value(|e| e.id.clone())>
            <figcaption class="pl-example__caption">{caption}" · "<code class="pl-example__file" title="kubectl apply -f in the console reads it by this name">{file}</code></figcaption>
            <pre class="pl-example__code" tabindex="0"><code>{yaml}</code></pre>
            <div class="pl-example__bar">
                <button class="pl-btn" data-testid="example-load" on:click=load>"Load into editor"</button>
                <button class="pl-btn pl-btn--primary" data-testid="example-run" on:click=run>"Run"</button>
            </div>
            <div class="pl-example__result" data-testid="example-result" role="status">{shown}</div>
        </figure>
    }
}

/// One check's line: ✓ or ✗, the check as written, and why it is not met.
pub fn check_item(r: CheckResult) -> impl IntoView {
    let passed = r.outcome.passed();
    let why = match r.outcome {
        crate::content::check::Outcome::Pass => None,
        crate::content::check::Outcome::Fail(why) => Some(why),
    };
    view! {
        <li class="pl-check" class:pl-check--pass=passed class:pl-check--fail=!passed>
            <span class="pl-check__mark" aria-hidden="true">{if passed { "✓" } else { "✗" }}</span>
            <span class="pl-sr-only">{if passed { "Met: " } else { "Not met: " }}</span>
            <code class="pl-check__src">{r.check}</code>
            {why.map(|w| view! { <span class="pl-check__why">{w}</span> })}
        </li>
    }
}
