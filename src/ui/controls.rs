//! Time controls: play, pause, speed, step (next / previous change), scrub, the clock, and idle
//! skipping. They only move the playhead; every view is a function of it.
//!
//! The ticker is an interval that exists only while playing (the Leptos `timer` example's
//! pattern): the effect re-runs when `playing` flips and the handle is cleared on cleanup, so an
//! unmounted lab never ticks a disposed signal.

use crate::ui::playback::{clock_text, parse_secs, secs_text, TickOutcome, SPEEDS, SPEED_LABELS};
use crate::ui::state::Lab;
use leptos::prelude::*;
use std::time::Duration;

/// Playhead updates per second while playing: CSS transitions smooth the rest.
const TICK: Duration = Duration::from_millis(33);

fn wall_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

/// The control bar.
#[component]
pub fn TimeControls() -> impl IntoView {
    let lab = Lab::get();
    let pb = lab.playback;
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
                pb.try_update(|p| match p.tick(dt, &changes) {
                    TickOutcome::Skipped(d) => {
                        said = Some(format!("Skipped {} of idle time.", clock_text(d)))
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
        <div class="pl-controls" role="group" aria-label="Time controls">
            <button class="pl-btn" data-testid="step-back" title="Previous change" aria-label="Step back to the previous change"
                disabled=move || !has_run() on:click=move |_| pb.update(|p| p.step_back(&changes()))>"◀ Prev"</button>
            <button class="pl-btn pl-btn--primary" data-testid="play" disabled=move || !has_run() || playing.get()
                on:click=move |_| { pb.update(|p| p.play()); lab.say("Playing."); }>"▶ Play"</button>
            <button class="pl-btn" data-testid="pause" disabled=move || !playing.get()
                on:click=move |_| { pb.update(|p| p.playing = false); lab.say("Paused."); }>"Pause"</button>
            <button class="pl-btn" data-testid="step" title="Next change" aria-label="Step to the next change"
                disabled=move || !has_run() on:click=move |_| {
                    if pb.with_untracked(|p| p.t >= p.end) {
                        lab.extend();
                    }
                    pb.update(|p| p.step_forward(&changes()));
                }>"Next ▶"</button>
            <label class="pl-controls__speed">
                <span>"Speed"</span>
                <select data-testid="speed" on:change=on_speed prop:value=speed_index>
                    {SPEED_LABELS.iter().enumerate().map(|(i, l)| view! { <option value=i.to_string()>{*l}</option> }).collect_view()}
                </select>
            </label>
            <label class="pl-controls__skip">
                <input type="checkbox" data-testid="skip-idle" prop:checked=move || pb.with(|p| p.skip_idle)
                    on:change=move |ev| pb.update(|p| p.skip_idle = event_target_checked(&ev))/>
                <span>"Skip idle time"</span>
            </label>
            <input class="pl-controls__scrub" type="range" data-testid="scrub" aria-label="Virtual time in seconds"
                min="0" step="0.1" max=move || end_secs().to_string() prop:value=move || t_secs().to_string()
                aria-valuetext=move || pb.with(|p| clock_text(p.t))
                disabled=move || !has_run() on:input=on_scrub/>
            <output class="pl-controls__clock" data-testid="clock" aria-label="Virtual time">
                {move || pb.with(|p| clock_text(p.t))}
            </output>
        </div>
    }
}
