//! Time controls: play, pause, speed, step (next / previous change), scrub, the clock, and idle
//! skipping. They only move the playhead; every view is a function of it.
//!
//! The ticker is an interval that exists only while playing (the Leptos `timer` example's
//! pattern): the effect re-runs when `playing` flips and the handle is cleared on cleanup, so an
//! unmounted lab never ticks a disposed signal.

use crate::engine::time::Millis;
use crate::ui::chrome;
use crate::ui::playback::{
    clock_text, parse_secs, secs_text, settled_words, skipped_words, TickOutcome, SPEEDS,
    SPEED_LABELS,
};
use crate::ui::state::Lab;
use leptos::prelude::*;
use std::time::Duration;

/// Playhead updates per second while playing: CSS transitions smooth the rest.
const TICK: Duration = Duration::from_millis(33);

fn wall_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// What an idle stretch from `from` of length `d` was, in words, from the lanes' states there
/// (the engine's; this only words them).
fn skipped(lab: Lab, from: Millis, d: Millis) -> String {
    let states = lab
        .run
        .try_with_untracked(|r| {
            r.as_ref()
                .map(|r| {
                    r.timeline
                        .lanes()
                        .iter()
                        .filter_map(|l| {
                            l.segments
                                .iter()
                                .find(|s| s.from <= from && s.to.is_none_or(|to| from < to))
                                .map(|s| s.state)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
        .unwrap_or_default();
    skipped_words(d, &states)
}

/// The control bar, with the settle-point note and the idle-skip note under it.
#[component]
pub fn TimeControls() -> impl IntoView {
    let lab = Lab::get();
    let pb = lab.playback;
    // The last idle stretch skipped while playing, said until the next Play or Apply.
    let skip_note = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        // A new run: the previous run's note is stale.
        lab.run.track();
        skip_note.set(None);
    });
    let playing = Memo::new(move |_| pb.with(|p| p.playing));
    let ticker = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        if let Some(h) = ticker.get_value() {
            h.clear();
        }
        ticker.set_value(None);
        if !playing.get() {
            return;
        }
        let last = StoredValue::new(wall_now());
        let h = set_interval_with_handle(
            move || {
                let now = wall_now();
                let dt = now - last.try_get_value().unwrap_or(now);
                last.try_set_value(now);
                let changes = lab
                    .run
                    .try_with_untracked(|r| {
                        r.as_ref().map(|r| r.changes.clone()).unwrap_or_default()
                    })
                    .unwrap_or_default();
                let mut said = None;
                let mut ended = false;
                let from = pb.try_with_untracked(|p| p.t).unwrap_or_default();
                pb.try_update(|p| match p.tick(dt, &changes) {
                    TickOutcome::Skipped(d) => {
                        let words = skipped(lab, from, d);
                        let _ = skip_note.try_set(Some(words.clone()));
                        said = Some(format!("{words}."));
                    }
                    TickOutcome::Settled => {
                        said = p.settle.map(|s| format!("{} Paused.", settled_words(s)))
                    }
                    TickOutcome::Ended => ended = true,
                    _ => {}
                });
                if ended {
                    // Reached the end of what was simulated: simulate further and keep going.
                    if lab.extend() {
                        pb.try_update(|p| p.playing = true);
                    } else {
                        said = Some("End of the simulated time.".into());
                    }
                }
                if let Some(s) = said {
                    let _ = lab.announce.try_set(s);
                }
            },
            TICK,
        )
        .ok();
        ticker.set_value(h);
    });
    on_cleanup(move || {
        if let Some(h) = ticker.try_get_value().flatten() {
            h.clear();
        }
    });

    let has_run = move || lab.run.with(Option::is_some);
    let changes = move || {
        lab.run.with_untracked(|r| r.as_ref().map(|r| r.changes.clone()).unwrap_or_default())
    };
    let end_secs = move || pb.with(|p| secs_text(p.end));
    let t_secs = move || pb.with(|p| secs_text(p.t));
    let on_scrub = move |ev: web_sys::Event| {
        let Some(t) = parse_secs(&event_target_value(&ev)) else { return };
        pb.update(|p| {
            p.playing = false;
            p.scrub(t);
        });
    };
    // The select's values are indexes into SPEEDS (no float parsing or formatting).
    let speed_index =
        move || pb.with(|p| SPEEDS.iter().position(|s| *s == p.speed).unwrap_or(1).to_string());
    let on_speed = move |ev: web_sys::Event| {
        let Some(i) = event_target_value(&ev).parse::<usize>().ok().filter(|i| *i < SPEEDS.len())
        else {
            return;
        };
        pb.update(|p| p.speed = SPEEDS[i]);
        lab.say(format!("Speed {}.", SPEED_LABELS[i]));
    };

    view! {
        <div class="pl-controls" role="group" aria-label=chrome::TIME_CONTROLS_LABEL>
            // The visible text is the accessible name (WCAG 2.5.3): the title says the rest.
            <button class="pl-btn" data-testid="step-back" title="Step back to the previous change"
                disabled=move || !has_run() on:click=move |_| pb.update(|p| p.step_back(&changes()))><span aria-hidden="true">"◀ "</span>{chrome::PREV_LABEL}</button>
            <button class="pl-btn pl-btn--primary" data-testid="play" disabled=move || !has_run() || playing.get()
                on:click=move |_| { pb.update(|p| p.play()); lab.say("Playing."); }>{chrome::PLAY_LABEL}</button>
            <button class="pl-btn" data-testid="pause" disabled=move || !playing.get()
                on:click=move |_| { pb.update(|p| p.playing = false); lab.say("Paused."); }>{chrome::PAUSE_LABEL}</button>
            <button class="pl-btn" data-testid="step" title="Step to the next change"
                disabled=move || !has_run() on:click=move |_| {
                    if pb.with_untracked(|p| p.t >= p.end) {
                        lab.extend();
                    }
                    pb.update(|p| p.step_forward(&changes()));
                }>{chrome::NEXT_LABEL}<span aria-hidden="true">" ▶"</span></button>
            <label class="pl-controls__speed">
                <span>{chrome::SPEED_LABEL}</span>
                <select data-testid="speed" on:change=on_speed prop:value=speed_index>
                    {SPEED_LABELS.iter().enumerate().map(|(i, l)| view! { <option value=i.to_string()>{*l}</option> }).collect_view()}
                </select>
            </label>
            <label class="pl-controls__skip">
                <input type="checkbox" data-testid="skip-idle" prop:checked=move || pb.with(|p| p.skip_idle)
                    on:change=move |ev| pb.update(|p| p.skip_idle = event_target_checked(&ev))/>
                <span>{chrome::SKIP_IDLE_LABEL}</span>
            </label>
            <input class="pl-controls__scrub" type="range" data-testid="scrub" aria-label=chrome::SCRUB_LABEL
                min="0" step="0.1" max=move || end_secs().to_string() prop:value=move || t_secs().to_string()
                aria-valuetext=move || pb.with(|p| clock_text(p.t))
                disabled=move || !has_run() on:input=on_scrub/>
            <output class="pl-controls__clock" data-testid="clock" aria-label=chrome::CLOCK_LABEL>
                {move || pb.with(|p| clock_text(p.t))}
            </output>
        </div>
        <Show when=move || pb.with(|p| p.at_settle())>
            <p class="pl-note pl-note--settled" data-testid="settled" role="status">
                <span class="pl-note__icon" aria-hidden="true">"‖"</span>
                <span>{move || pb.with(|p| p.settle.map(settled_words).unwrap_or_default())}</span>
                <button class="pl-btn pl-btn--small" data-testid="keep-playing"
                    on:click=move |_| { pb.update(|p| p.keep_playing()); lab.say("Playing on past the settle point."); }>
                    "Keep playing"
                </button>
            </p>
        </Show>
        <Show when=move || skip_note.with(Option::is_some) && !pb.with(|p| p.at_settle())>
            <p class="pl-note pl-note--skipped" data-testid="skipped">
                <span class="pl-note__icon" aria-hidden="true">"»"</span>
                {move || skip_note.get().unwrap_or_default()}
            </p>
        </Show>
    }
}

/// Whether the top of `el` is inside the viewport with room for the clock and a pod row under
/// it (what "the run is in view" means after Run).
fn in_view(el: &web_sys::Element) -> bool {
    let r = el.get_bounding_client_rect();
    let h = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    r.top() >= 0.0 && r.top() + 160.0_f64.min(r.height()) <= h
}

/// After Run (an example, an exercise check) or Apply, brings the run into view when it is not
/// (a phone, where the stage is below the lesson), and offers one tap back to where the learner
/// was. On a wide screen the run stays put beside the lesson, so nothing scrolls.
#[component]
pub fn BackToLesson() -> impl IntoView {
    let lab = Lab::get();
    let back_to = RwSignal::new(None::<f64>);
    Effect::new(move |prev: Option<usize>| {
        // A fresh run starts at 0 and plays; extending a run or a console action keeps the
        // playhead where it is, and must not move the page.
        let id = lab.run.with(|r| r.as_ref().map_or(0, |r| std::sync::Arc::as_ptr(r) as usize));
        let fresh = lab.playback.with_untracked(|p| p.t == Millis::ZERO && p.playing);
        if prev.is_some() && id != 0 && fresh {
            // In the next frame, once the run's stage is drawn: scrolled earlier, the stage's
            // growth above the lesson would be undone by the browser's scroll anchoring.
            request_animation_frame(move || {
                let run = document().query_selector("[data-testid=run-view]").ok().flatten();
                if let (Some(el), Some(w)) = (run, web_sys::window()) {
                    if !in_view(&el) {
                        back_to.set(w.scroll_y().ok());
                        el.scroll_into_view_with_bool(true);
                    }
                }
            });
        }
        id
    });
    let go_back = move |_| {
        if let (Some(y), Some(w)) = (back_to.get_untracked(), web_sys::window()) {
            w.scroll_to_with_x_and_y(0.0, y);
        }
        back_to.set(None);
    };
    view! {
        <Show when=move || back_to.with(Option::is_some)>
            <button class="pl-btn pl-back" data-testid="back-to-lesson" on:click=go_back>
                <span aria-hidden="true">"↑ "</span>"Back to where you were"
            </button>
        </Show>
    }
}
