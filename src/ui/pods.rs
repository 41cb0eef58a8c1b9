//! The pod view: a card per pod at the playhead — its `kubectl get pods` row, phase, the five
//! conditions — holding a card per container (init, sidecar, app told apart) with its state,
//! reason, exit code, restarts, and why it is waiting, in words.

use crate::ui::cards::{kind_label, ContainerCard, PodCard};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The icon beside a state: the colour code never stands alone (colour-blind readers).
pub fn state_icon(state: &str) -> &'static str {
    match state {
        "waiting" => "◷",
        "running" => "▶",
        "ready" => "✓",
        "completed" => "■",
        "failed" => "✕",
        "backoff" => "↻",
        "terminating" => "⏏",
        _ => "·",
    }
}

#[component]
fn ContainerView(c: ContainerCard) -> impl IntoView {
    let state = c.state.as_str();
    let exit = c.exit_code.map(|e| format!("exit {e}"));
    let name_attr = c.name.clone();
    let restarts = (c.restarts > 0).then(|| format!("{} restart{}", c.restarts, if c.restarts == 1 { "" } else { "s" }));
    view! {
        <li class=format!("pl-ctr pl-ctr--{state} pl-ctr--{}", kind_label(c.kind)) data-testid="container" data-state=state
            data-name=name_attr>
            <span class="pl-ctr__icon" aria-hidden="true">{state_icon(state)}</span>
            <span class="pl-ctr__kind">{kind_label(c.kind)}</span>
            <span class="pl-ctr__name">{c.name}</span>
            <span class="pl-ctr__state">{state}</span>
            <span class="pl-ctr__reason">{c.reason}</span>
            <span class="pl-ctr__exit">{exit}</span>
            <span class="pl-ctr__restarts">{restarts}</span>
            <span class="pl-ctr__words">{c.words}</span>
        </li>
    }
}

#[component]
fn PodView(p: PodCard) -> impl IntoView {
    let row = p.row.clone();
    let phase_attr = p.phase.clone();
    view! {
        <article class="pl-pod" data-phase=phase_attr>
            <table class="pl-pod__row">
                <thead><tr><th>"NAME"</th><th>"READY"</th><th>"STATUS"</th><th>"RESTARTS"</th><th>"AGE"</th></tr></thead>
                <tbody><tr data-testid="pod-row">
                    <td>{row.name}</td><td>{row.ready}</td><td data-testid="pod-status">{row.status}</td><td>{row.restarts}</td><td>{row.age}</td>
                </tr></tbody>
            </table>
            <p class="pl-pod__phase">"Phase " <strong>{p.phase}</strong></p>
            <ul class="pl-pod__conds" aria-label="Conditions">
                {p.conditions.into_iter().map(|(k, v)| { let tip = format!("{k}: {v}"); view! {
                    <li class=format!("pl-cond pl-cond--{}", v.to_lowercase()) title=tip>
                        <span aria-hidden="true">{if v == "True" { "●" } else { "○" }}</span>" "{k}
                        <span class="pl-sr-only">{format!(": {v}")}</span>
                    </li>
                }}).collect_view()}
            </ul>
            <ul class="pl-pod__ctrs">
                {p.containers.into_iter().map(|c| view! { <ContainerView c/> }).collect_view()}
            </ul>
        </article>
    }
}

/// Every pod at the playhead.
#[component]
pub fn Pods() -> impl IntoView {
    let lab = Lab::get();
    view! {
        <div class="pl-pods" data-testid="pods">
            {move || {
                let cards = lab.cards.get();
                if cards.is_empty() {
                    let msg = if lab.run.with(Option::is_some) { "No pods at this instant." } else { "Apply the manifest to run it on the simulated node." };
                    view! { <p class="pl-empty">{msg}</p> }.into_any()
                } else {
                    cards.into_iter().map(|p| view! { <PodView p/> }).collect_view().into_any()
                }
            }}
        </div>
    }
}
