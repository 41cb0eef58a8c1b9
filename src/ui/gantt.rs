//! The timeline: a lane per container over virtual time (a Gantt chart), coloured by state with
//! the same code as the container cards, restarts as ticks, events as markers, and the playhead.
//! Clicking a lane moves the playhead there.

use crate::engine::kubelet::{Lane, LaneState};
use crate::engine::time::Millis;
use crate::ui::cards::kind_label;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The state name a lane segment shares with the container cards' `data-state`.
pub fn lane_state(s: LaneState) -> &'static str {
    s.as_str()
}

use crate::ui::playback::{chart_span as fit, clock_text, percent as pct};

#[component]
fn LaneRow(lane: Lane, end: Millis) -> impl IntoView {
    let label = format!("{} · {}", kind_label(lane.kind), lane.container);
    let segs = lane
        .segments
        .into_iter()
        .map(|s| {
            let to = s.to.unwrap_or(end);
            let st = lane_state(s.state);
            let tip = format!("{st}{} from {} to {}", s.reason.map(|r| format!(" ({r})")).unwrap_or_default(), s.from, to);
            view! {
                <span class=format!("pl-seg pl-seg--{st}") title=tip
                    style:left=pct(s.from, end) style:width=pct(to.saturating_sub(s.from).max(Millis(end.0 / 500)), end)></span>
            }
        })
        .collect_view();
    let starts = lane.starts.into_iter().skip(1).map(|t| view! { <span class="pl-restart" title=format!("restart at {t}") style:left=pct(t, end)></span> }).collect_view();
    view! {
        <li class="pl-lane">
            <span class="pl-lane__label">{label}</span>
            <span class="pl-lane__track">{segs}{starts}</span>
        </li>
    }
}

/// The Gantt chart of the applied scenario.
#[component]
pub fn Gantt() -> impl IntoView {
    let lab = Lab::get();
    let body = move || {
        lab.run.get().map(|r| {
            let end = fit(r.timeline.end(), r.changes.last().copied());
            let axis = format!("0s … {}", clock_text(end));
            let lanes = r.timeline.lanes();
            let marks = r.events.iter().map(|e| {
                let warn = e.type_ == "Warning";
                view! { <span class="pl-evmark" class:pl-evmark--warn=warn title=format!("{} {}: {}", e.t, e.reason, e.message) style:left=pct(e.t, end)></span> }
            }).collect_view();
            view! {
                <p class="pl-gantt__axis" aria-hidden="true">{axis}</p>
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
        let span = lab.run.with_untracked(|r| {
            r.as_ref().map(|r| fit(r.timeline.end(), r.changes.last().copied()))
        });
        let Some(span) = span else { return };
        lab.playback.update(|p| {
            p.playing = false;
            p.scrub(Millis((span.0 as f64 * frac) as u64));
        });
    };
    view! {
        <figure class="pl-gantt" data-testid="gantt" aria-label="Container timeline" on:click=seek>
            {body}
        </figure>
    }
}
