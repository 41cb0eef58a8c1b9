//! The embed view (`?embed=<lesson>/<example>` or `?embed#v1:…`, see [`crate::ui::embed_link`]):
//! one manifest, the stage and the time controls, for an `<iframe>` in documentation, a blog
//! post or a slide. No header and no lesson column.
//!
//! It reuses the full app's components as they are (editor, diagnostics, time controls, pods,
//! timeline, inspectors, console) over a [`Lab`] that lives in memory only
//! ([`Lab::provide_in_memory`]): an embed never reads or writes the learner's saved draft,
//! progress or preferences, so a reader who also uses podlab finds their work untouched.
//! The service worker is not registered from here (an embed is a guest on someone's page).

use crate::content::lesson::{Catalog, Example, Expect};
use crate::engine::kubectl::handoff::Manifest;
use crate::engine::time::Millis;
use crate::ui::announcer::Announcer;
use crate::ui::console::Console;
use crate::ui::controls::TimeControls;
use crate::ui::diagnostics::Diagnostics;
use crate::ui::editor::Editor;
use crate::ui::embed_link::{page_base, parse_embed, EmbedTarget};
use crate::ui::gantt::Gantt;
use crate::ui::inspectors::Inspectors;
use crate::ui::pods::Pods;
use crate::ui::real_cluster::RealClusterButton;
use crate::ui::share::decode;
use crate::ui::startup::{self, built, Step, Steps};
use crate::ui::state::Lab;
use leptos::html::Div;
use leptos::prelude::*;

/// The embed target the page's address names, if it is an embed.
pub fn requested() -> Option<EmbedTarget> {
    let search = web_sys::window()?.location().search().ok()?;
    parse_embed(&search)
}

/// What the address resolved to.
enum Resolved {
    /// A lesson example: its lesson's slug and title, and the example.
    Example { lesson: String, title: String, example: Box<Example> },
    /// A share link's manifest, and its playhead.
    Link { spec: String, lesson: Option<String>, t: Option<Millis> },
    /// Nothing runnable: why (shown instead of the stage's first run).
    Missing(String),
}

fn resolve(target: &EmbedTarget) -> Resolved {
    let catalog = Catalog::embedded();
    match target {
        EmbedTarget::Example { lesson, example } => {
            let Some(lesson_ix) = catalog.find(lesson) else {
                return Resolved::Missing(format!(
                    "This embed names a lesson this podlab does not have: {lesson}."
                ));
            };
            let Some(l) = catalog.lesson_shared(lesson_ix) else {
                return Resolved::Missing(format!("The lesson {lesson} could not be read."));
            };
            match l.example(example) {
                Some(e) => Resolved::Example {
                    lesson: lesson.clone(),
                    title: l.title.clone(),
                    example: Box::new(e.clone()),
                },
                None => Resolved::Missing(format!(
                    "The lesson \u{201c}{}\u{201d} has no example {example}.",
                    l.title
                )),
            }
        }
        EmbedTarget::Link => {
            let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
            match decode(&hash, |s| catalog.find(s).is_some()) {
                Ok(Some(s)) => Resolved::Link { spec: s.spec, lesson: s.lesson, t: s.t },
                Ok(None) => Resolved::Missing(
                    "Nothing to embed: the address needs ?embed=<lesson>/<example> or a share link's #v1:… part."
                        .into(),
                ),
                Err(e) => Resolved::Missing(e.message().to_string()),
            }
        }
    }
}

/// The manifest files an example's run applies (the same names the lesson's console uses).
fn example_sources(e: &Example) -> Vec<Manifest> {
    std::iter::once((Millis::ZERO, e.yaml.clone()))
        .chain(e.later.iter().cloned())
        .enumerate()
        .map(|(b, (at, text))| Manifest { at, name: e.file_name(b), text })
        .collect()
}

/// The embed view: mounted instead of [`crate::ui::App`] when the address asks for it.
#[component]
pub fn EmbedApp() -> impl IntoView {
    let target = requested().unwrap_or(EmbedTarget::Link);
    let resolved = resolve(&target);
    let starting = match &resolved {
        Resolved::Example { example, .. } => example.yaml.clone(),
        Resolved::Link { spec, .. } => spec.clone(),
        Resolved::Missing(_) => String::new(),
    };
    let lab = Lab::provide_in_memory(&starting);
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let base = page_base(&href).to_string();
    let (title, open_href, missing, example) = match resolved {
        Resolved::Example { lesson, title, example } => {
            lab.lesson.set_value(Some(lesson.clone()));
            let caption = format!("{title} · example {}", example.id);
            (caption, format!("{base}#/lesson/{lesson}"), None, Some(*example))
        }
        Resolved::Link { spec: _, lesson, t } => {
            lab.lesson.set_value(lesson);
            // A link made after an Apply carries its playhead: run it and stop there, as the
            // full app does.
            if let Some(t) = t {
                lab.apply();
                while lab.playback.with_untracked(|p| p.end < t) && lab.extend() {}
                lab.playback.update(|p| {
                    p.playing = false;
                    p.scrub(t);
                });
            }
            let frag = href.find('#').map(|i| href[i..].to_string()).unwrap_or_default();
            ("Shared manifest".to_string(), format!("{base}{frag}"), None, None)
        }
        Resolved::Missing(why) => ("podlab".to_string(), base.clone(), Some(why), None),
    };
    let example = StoredValue::new(example);
    let run = move |_| {
        let Some(ex) = example.get_value() else {
            lab.apply_in_two_tasks();
            return;
        };
        lab.load_text(ex.yaml.clone());
        match ex.scenario() {
            Err(diags) => {
                let msg = diags
                    .first()
                    .map(|d| format!("The API server refused it: {}", d.message))
                    .unwrap_or_default();
                lab.apply_note.set(Some(msg.clone()));
                lab.say(msg);
            }
            Ok(sc) => {
                lab.play_files(sc, example_sources(&ex));
                lab.say(format!("Running example {} on the simulated node.", ex.id));
            }
        }
    };
    let refused =
        example.with_value(|e| e.as_ref().is_some_and(|e| matches!(e.expect, Expect::Invalid(_))));
    // Built hidden, a part per task, then shown (`ui::startup`; the page says it is loading).
    let root = NodeRef::<Div>::new();
    Steps::start(Step::EMBED, move || startup::show(root));
    startup::at(Step::Check, move || lab.diagnostics.with_untracked(|_| ()));
    let (editor, run_region, details) =
        (built(Step::Editor), built(Step::Run), built(Step::Details));
    view! {
        <div class="pl-embed" data-testid="embed" node_ref=root hidden>
            <div class="pl-embed__bar">
                <span class="pl-embed__brand"><span class="pl-logo" aria-hidden="true"></span>"podlab"</span>
                <span class="pl-embed__title" data-testid="embed-title">{title}</span>
                <button class="pl-btn pl-btn--primary" data-testid="embed-run" on:click=run
                    disabled=missing.is_some()>{if refused { "Apply" } else { "Run" }}</button>
                <RealClusterButton/>
                <a class="pl-btn pl-btn--ghost" data-testid="embed-open" href=open_href target="_blank" rel="noopener">"Open in podlab ↗"</a>
            </div>
            {missing.map(|m| view! { <p class="pl-banner" role="alert" data-testid="embed-missing">{m}</p> })}
            <div class="pl-embed__body">
                <section class="pl-region pl-editor-region" aria-labelledby="embed-editor-h">
                    <h2 id="embed-editor-h" class="pl-region__title">"Manifest"</h2>
                    {move || editor.get().then(|| view! { <Editor/><Diagnostics/> })}
                </section>
                <section class="pl-region pl-sim" aria-labelledby="embed-sim-h">
                    <h2 id="embed-sim-h" class="pl-region__title">"Simulated node"</h2>
                    {move || run_region.get().then(|| view! { <TimeControls/><Pods/> })}
                    {move || details.get().then(|| view! { <Gantt/><Inspectors/><Console/> })}
                </section>
            </div>
            <Announcer/>
        </div>
    }
}
