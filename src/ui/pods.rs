//! The pod view, the stage's frame: per pod at the playhead, its `kubectl get pods` row, phase
//! and conditions, and the drawing of the pod (`stage_view.rs`: the init queue, the gate, the
//! app containers, the volume shelf). Inside each drawn container is its card in words (state,
//! reason, exit code, restarts, why it waits).
//!
//! Pods and containers are keyed by name and their contents are reactive, so a state change
//! updates a class on an element that stays in the DOM: that is what lets the CSS transitions
//! animate it, and it keeps playback cheap (only changed text nodes are touched).

use crate::ui::cards::PodCard;
use crate::ui::stage::{stage_pods, StagePod};
use crate::ui::stage_view::StageDrawing;
use crate::ui::state::Lab;
use leptos::prelude::*;

#[component]
fn PodView(name: String, stage: Memo<Vec<StagePod>>) -> impl IntoView {
    let lab = Lab::get();
    let key = name.clone();
    let label = format!("Pod {name}");
    let card =
        Memo::new(move |_| lab.cards.with(|cs| cs.iter().find(|c| c.row.name == key).cloned()));
    let row = move |f: fn(&PodCard) -> String| {
        move || card.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let phase = row(|c| c.phase.clone());
    let conds = Memo::new(move |_| {
        card.with(|c| c.as_ref().map(|c| c.conditions.clone()).unwrap_or_default())
    });
    let key = name.clone();
    let sp = Memo::new(move |_| stage.with(|s| s.iter().find(|p| p.name == key).cloned()));
    view! {
        <article class="pl-pod" data-testid="stage-pod" data-pod=name.clone() data-phase=phase aria-label=label>
            // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
            <div class="pl-pod__head" tabindex="0" role="group" aria-label=format!("kubectl get pod {name}")>
                <table class="pl-pod__row">
                    <thead><tr><th>"NAME"</th><th>"READY"</th><th>"STATUS"</th><th>"RESTARTS"</th><th>"AGE"</th></tr></thead>
                    <tbody><tr data-testid="pod-row">
                        <td>{name.clone()}</td>
                        <td>{row(|c| c.row.ready.clone())}</td>
                        <td data-testid="pod-status" class="pl-pod__status">{row(|c| c.row.status.clone())}</td>
                        <td>{row(|c| c.row.restarts.clone())}</td>
                        <td>{row(|c| c.row.age.clone())}</td>
                    </tr></tbody>
                </table>
            </div>
            <div class="pl-pod__meta">
                <p class="pl-pod__phase">"Phase " <strong>{phase}</strong></p>
                <ul class="pl-pod__conds" aria-label="Conditions">
                    {move || conds.get().into_iter().map(|(k, v)| {
                        let tip = format!("{k}: {v}");
                        let class = format!("pl-cond pl-cond--{}", v.to_lowercase());
                        let dot = if v == "True" { "●" } else { "○" };
                        view! {
                            <li class=class title=tip>
                                <span aria-hidden="true">{dot}</span>" "{k}
                                <span class="pl-sr-only">{format!(": {v}")}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            <StageDrawing card sp/>
        </article>
    }
}

/// Every pod at the playhead, drawn (the stage).
#[component]
pub fn Pods() -> impl IntoView {
    let lab = Lab::get();
    let names = Memo::new(move |_| {
        lab.cards.with(|cs| cs.iter().map(|c| c.row.name.clone()).collect::<Vec<_>>())
    });
    let at = Memo::new(move |_| lab.playback.with(|p| p.t));
    // The stage's data at the playhead: the kubelet's display states and the volume shelf.
    let stage = Memo::new(move |_| {
        let t = at.get();
        lab.run.with(|r| r.as_ref().map(|r| stage_pods(&r.timeline, t)).unwrap_or_default())
    });
    let services = Memo::new(move |_| {
        let t = at.get();
        lab.run.with(|r| r.as_ref().map(|r| r.timeline.services_at(t)).unwrap_or_default())
    });
    let empty_msg = move || {
        if lab.run.with(Option::is_some) {
            "No pods at this instant."
        } else {
            "Apply the manifest (or Run an example in the lesson) to see its pods here."
        }
    };
    view! {
        <div class="pl-pods pl-stage" data-testid="pods">
            <div class="pl-stage__pods" data-testid="stage">
                <Show when=move || !names.with(Vec::is_empty) fallback=move || view! { <p class="pl-empty">{empty_msg}</p> }>
                    <For each=move || names.get() key=|n| n.clone() let:name>
                        <PodView name stage/>
                    </For>
                </Show>
                <Show when=move || !services.with(Vec::is_empty)>
                    <ul class="pl-sockets" aria-label="Services">
                        {move || services.get().into_iter().map(|s| {
                            let lit = !s.endpoints.is_empty();
                            let ports = s.ports.iter().map(|p| format!(":{p}")).collect::<Vec<_>>().join(" ");
                            let to = if lit { format!("→ {}", s.endpoints.join(", ")) } else { "no ready endpoint".to_string() };
                            view! {
                                <li class="pl-socket" class:pl-socket--lit=lit data-testid="stage-service"
                                    data-service=s.name.clone() data-ready=if lit { "true" } else { "false" }>
                                    <span class="pl-socket__plug" aria-hidden="true"></span>
                                    <span class="pl-socket__name">"Service "{s.name.clone()}" "{ports}</span>
                                    <span class="pl-socket__to">{to}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    // The sockets' aria-live twin: said again only when one lights up or goes dark.
                    <p class="pl-sr-only" aria-live="polite">{move || services.with(|ss| ss.iter().map(|s| {
                        if s.endpoints.is_empty() {
                            format!("Service {} has no ready endpoint.", s.name)
                        } else {
                            format!("Service {} has a ready endpoint: {}.", s.name, s.endpoints.join(", "))
                        }
                    }).collect::<Vec<_>>().join(" "))}</p>
                </Show>
            </div>
        </div>
    }
}
