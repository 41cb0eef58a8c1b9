//! The timeline: a lane per container over virtual time (a Gantt chart), coloured by state with
//! the same code as the stage (and a pattern, so colour never stands alone), a time axis with
//! round ticks, a legend, each container instance its own bar (a restart starts a new one),
//! events as markers and the playhead. Every bar is focusable: hover or focus shows its state,
//! reason and time. The view fits the activity and follows the playhead past it; clicking a
//! lane moves the playhead there.

use crate::engine::kubelet::{Lane, LaneState};
use crate::engine::time::Millis;
use crate::ui::cards::{kind_label, CState};
use crate::ui::playback::{clock_text, percent as pct, view_span};
use crate::ui::stage::{axis_ticks, tick_label};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The state name a lane segment shares with the stage's `data-state`.
pub fn lane_state(s: LaneState) -> &'static str {
    s.as_str()
}

/// The states in the legend, in lifecycle order.
const LEGEND: [LaneState; 7] = [
    LaneState::Waiting,
    LaneState::Running,
    LaneState::Ready,
    LaneState::Completed,
    LaneState::Failed,
    LaneState::BackOff,
    LaneState::Terminating,
];

#[component]
fn LaneRow(lane: Lane, end: Millis) -> impl IntoView {
    let label = format!("{} · {}", kind_label(lane.kind), lane.container);
    let starts = lane.starts.clone();
    let name = lane.container.clone();
    let segs = lane
        .segments
        .into_iter()
        .filter(|s| s.from < end)
        .map(|s| {
            let to = s.to.unwrap_or(end).min(end);
            let st = lane_state(s.state);
            // A bar that begins a new instance (a restart) is drawn apart from the one before.
            let restart = starts.iter().skip(1).any(|t| *t == s.from);
            let reason = s.reason.map(|r| format!(" ({r})")).unwrap_or_default();
            let until = if s.to.is_some() { clock_text(to) } else { "now".to_string() };
            let tip = format!(
                "{name}: {}{reason}, {} to {until}",
                CState::label(s.state),
                clock_text(s.from)
            );
            view! {
                <span class=format!("pl-seg pl-seg--{st}") class:pl-seg--restart=restart tabindex="0" role="img"
                    aria-label=tip.clone() data-tip=tip
                    style:left=pct(s.from, end) style:width=pct(to.saturating_sub(s.from).max(Millis(end.0 / 500)), end)></span>
            }
        })
        .collect_view();
    view! {
        <li class="pl-lane">
            <span class="pl-lane__label">{label}</span>
            <span class="pl-lane__track">{segs}</span>
        </li>
    }
}

/// The Gantt chart of the applied scenario.
#[component]
pub fn Gantt() -> impl IntoView {
    let lab = Lab::get();
    // The span shown: fit to the activity, widened to keep the playhead in view; it changes
    // only when the playhead leaves it, so the bars are not rebuilt on every tick.
    let span = Memo::new(move |_| {
        let t = lab.playback.with(|p| p.t);
        lab.run
            .with(|r| r.as_ref().map(|r| view_span(r.timeline.end(), r.changes.last().copied(), t)))
    });
    let body = move || {
        let end = span.get()?;
        lab.run.with(|r| r.clone()).map(|r| {
            let ticks = axis_ticks(end, 8)
                .into_iter()
                .filter(|t| *t <= end)
                .map(|t| view! { <span class="pl-gantt__tick" style:left=pct(t, end)>{tick_label(t)}</span> })
                .collect_view();
            let lanes = r.timeline.lanes();
            let marks = r.events.iter().filter(|e| e.t <= end).map(|e| {
                let warn = e.type_ == "Warning";
                view! { <span class="pl-evmark" class:pl-evmark--warn=warn title=format!("{} {}: {}", clock_text(e.t), e.reason, e.message) style:left=pct(e.t, end)></span> }
            }).collect_view();
            view! {
                <div class="pl-gantt__axis" aria-hidden="true">{ticks}</div>
                <ul class="pl-gantt__lanes">
                    {lanes.into_iter().map(|lane| view! { <LaneRow lane end/> }).collect_view()}
                    <li class="pl-lane pl-lane--events"><span class="pl-lane__label">"events"</span><span class="pl-lane__track">{marks}</span></li>
                </ul>
                <div class="pl-gantt__headzone" aria-hidden="true">
                    <div class="pl-gantt__head" style:left=move || lab.playback.with(|p| pct(p.t, end))></div>
                </div>
            }
        })
    };
    let seek = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(track) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(".pl-lane__track").ok().flatten())
        else {
            return;
        };
        let rect = track.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let frac = ((ev.client_x() as f64 - rect.left()) / rect.width()).clamp(0.0, 1.0);
        let Some(span) = span.get_untracked() else { return };
        lab.playback.update(|p| {
            p.playing = false;
            p.scrub(Millis((span.0 as f64 * frac) as u64));
        });
    };
    let legend = move || {
        LEGEND
            .iter()
            .map(|s| {
                view! {
                    <li class="pl-legend__item"><span class=format!("pl-seg pl-legend__swatch pl-seg--{}", s.as_str()) aria-hidden="true"></span>{CState::label(*s)}</li>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="pl-gantt" data-testid="gantt" aria-label="Container timeline" on:click=seek>
            <Show when=move || lab.run.with(Option::is_some)>
                <figcaption class="pl-gantt__caption">
                    <span class="pl-gantt__title">"Timeline"</span>
                    <ul class="pl-legend" aria-label="Legend">
                        {legend()}
                        <li class="pl-legend__item"><span class="pl-legend__swatch pl-legend__restart" aria-hidden="true"></span>"restart"</li>
                    </ul>
                </figcaption>
            </Show>
            {body}
        </figure>
    }
}
