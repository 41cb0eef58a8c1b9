//! The playhead: where in virtual time the learner is looking, and how it moves. Plain data;
//! the UI's ticker calls [`Playback::tick`] with the wall time that passed, the buttons call the
//! other methods. The timeline itself is immutable, so scrubbing back shows the earlier state
//! exactly: every view is a function of `t`.

use crate::engine::kubelet::{LaneState, Timeline};
use crate::engine::time::Millis;

/// Speeds offered by the speed control (the issue asks for at least 0.5× to 60×).
pub const SPEEDS: [f64; 7] = [0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0];
/// Their labels (kept as text so the UI never formats floats: that code costs wasm size).
pub const SPEED_LABELS: [&str; 7] = ["0.5×", "1×", "2×", "5×", "10×", "30×", "60×"];

/// A virtual instant in seconds with one decimal (`12.3`), the scrub input's unit.
pub fn secs_text(t: Millis) -> String {
    format!("{}.{}", t.0 / 1000, t.0 % 1000 / 100)
}

/// Parses seconds with an optional fraction (`12`, `12.3`, `0.25`) into milliseconds; `None`
/// for anything else. Integer parsing only, for the same size reason.
pub fn parse_secs(s: &str) -> Option<Millis> {
    let (whole, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    let w: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let digits: String = frac.chars().chain("000".chars()).take(3).collect();
    let f: u64 = digits.parse().ok()?;
    Some(Millis(w.checked_mul(1000)?.checked_add(f)?))
}

/// `part / whole` as a CSS percentage with two decimals (`12.34%`), clamped to 0–100%.
pub fn percent(part: Millis, whole: Millis) -> String {
    let bp = if whole.0 == 0 {
        0
    } else {
        (part.0.min(whole.0) as u128 * 10_000 / whole.0 as u128) as u64
    };
    format!("{}.{:02}%", bp / 100, bp % 100)
}

/// Idle skipping: when nothing changes for longer than this much *wall* time at the current
/// speed, the playhead jumps ahead (a `sleep 600` must not make a workshop wait ten minutes)...
pub const IDLE_SKIP_WALL_MS: f64 = 1500.0;
/// ...to this much wall time before the next change, so the change itself is still seen moving.
pub const IDLE_LEAD_WALL_MS: f64 = 400.0;

/// The playhead and its controls' state.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    /// Current virtual instant.
    pub t: Millis,
    /// The last instant of the timeline (playing stops there).
    pub end: Millis,
    /// Whether time is moving.
    pub playing: bool,
    /// Virtual milliseconds per wall millisecond.
    pub speed: f64,
    /// Whether idle stretches are skipped while playing.
    pub skip_idle: bool,
    /// The run's settle point (the engine's `Timeline::settled_at`): nothing changes after it.
    pub settle: Option<Millis>,
    /// Playing stopped at the settle point by itself (the note `settled` shows while this holds).
    pub held: bool,
    /// The learner chose to keep playing past the settle point.
    pub past_settle: bool,
}

impl Default for Playback {
    fn default() -> Self {
        Playback {
            t: Millis::ZERO,
            end: Millis::ZERO,
            playing: false,
            speed: 1.0,
            skip_idle: true,
            settle: None,
            held: false,
            past_settle: false,
        }
    }
}

/// How long after the settle point playing stops: a moment after the last change, so AGE and
/// event ages read as `kubectl` would print them just after it (`1s`, not `0s`).
pub const SETTLE_MARGIN: Millis = Millis(1000);

/// What one tick did, for the narration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickOutcome {
    /// Moved normally.
    Moved,
    /// Jumped over an idle stretch of this length.
    Skipped(Millis),
    /// Reached the end and stopped.
    Ended,
    /// Reached the settle point and stopped there: nothing changes after it.
    Settled,
    /// Not playing: nothing happened.
    Idle,
}

impl Playback {
    /// A paused playhead at 0 over a timeline ending at `end`.
    pub fn new(end: Millis, speed: f64) -> Playback {
        Playback { end, speed, ..Playback::default() }
    }

    /// A paused playhead at 0 over `tl`, which stops by itself at `tl`'s settle point.
    pub fn for_timeline(tl: &Timeline, speed: f64) -> Playback {
        Playback { settle: tl.settled_at(), ..Playback::new(tl.end(), speed) }
    }

    /// The same playhead over `tl`, the same run simulated further (or re-simulated after a
    /// console action): its end and settle point are `tl`'s.
    pub fn retime(&mut self, tl: &Timeline) {
        self.end = tl.end();
        self.settle = tl.settled_at();
        self.t = self.t.min(self.end);
    }

    /// Where playing stops by itself: a moment after the settle point (never past the end),
    /// unless the learner chose to keep playing.
    pub fn stop_at(&self) -> Option<Millis> {
        if self.past_settle {
            return None;
        }
        self.settle.map(|s| (s + SETTLE_MARGIN).min(self.end))
    }

    /// Whether the playhead stands where playing stopped at the settle point (the note shows).
    pub fn at_settle(&self) -> bool {
        self.held && !self.playing && self.stop_at() == Some(self.t)
    }

    /// Keep playing past the settle point (the note's button).
    pub fn keep_playing(&mut self) {
        self.past_settle = true;
        self.held = false;
        self.playing = self.t < self.end;
    }

    /// Advances by `wall_ms` of wall time at the current speed. `changes` are the timeline's
    /// change instants, sorted.
    pub fn tick(&mut self, wall_ms: f64, changes: &[Millis]) -> TickOutcome {
        if !self.playing {
            return TickOutcome::Idle;
        }
        // Clamp the wall step: a background tab's timer can fire after seconds.
        let wall = wall_ms.clamp(0.0, 250.0);
        let mut next = self.t.0 as f64 + wall * self.speed;
        let mut outcome = TickOutcome::Moved;
        let stop = self.stop_at().filter(|s| *s > self.t);
        if self.skip_idle {
            let upcoming = next_change(changes, self.t).or(stop).unwrap_or(self.end);
            let gap_wall = (upcoming.0 as f64 - self.t.0 as f64) / self.speed;
            if gap_wall > IDLE_SKIP_WALL_MS {
                let target = upcoming.0 as f64 - IDLE_LEAD_WALL_MS * self.speed;
                if target > next {
                    outcome = TickOutcome::Skipped(Millis((target - self.t.0 as f64) as u64));
                    next = target;
                }
            }
        }
        if let Some(s) = stop {
            if next >= s.0 as f64 {
                self.t = s;
                self.playing = false;
                self.held = true;
                return TickOutcome::Settled;
            }
        }
        if next >= self.end.0 as f64 {
            self.t = self.end;
            self.playing = false;
            return TickOutcome::Ended;
        }
        self.t = Millis(next as u64);
        outcome
    }

    /// Starts playing (from the start again if at the end). Play from where playing stopped at
    /// the settle point keeps playing past it.
    pub fn play(&mut self) {
        if self.stop_at() == Some(self.t) && self.t < self.end {
            self.keep_playing();
            return;
        }
        if self.t >= self.end {
            self.t = Millis::ZERO;
        }
        self.held = false;
        self.playing = self.end > Millis::ZERO;
    }

    /// Moves to `t`, clamped to the timeline.
    pub fn scrub(&mut self, t: Millis) {
        self.t = t.min(self.end);
        self.held = false;
    }

    /// Jumps to the next change after the playhead (or the end), and pauses.
    pub fn step_forward(&mut self, changes: &[Millis]) {
        self.playing = false;
        self.held = false;
        self.t = next_change(changes, self.t).unwrap_or(self.end).min(self.end);
    }

    /// Jumps to the last change before the playhead (or 0), and pauses.
    pub fn step_back(&mut self, changes: &[Millis]) {
        self.playing = false;
        self.held = false;
        self.t = changes.iter().rev().find(|c| **c < self.t).copied().unwrap_or(Millis::ZERO);
    }
}

/// The first change strictly after `t`.
pub fn next_change(changes: &[Millis], t: Millis) -> Option<Millis> {
    let i = changes.partition_point(|c| *c <= t);
    changes.get(i).copied()
}

/// A virtual instant as the clock shows it: `1m05.3s`, `12.0s`.
pub fn clock_text(t: Millis) -> String {
    let tenths = t.0 / 100;
    let (m, s, d) = (tenths / 600, tenths / 10 % 60, tenths % 10);
    if m > 0 {
        format!("{m}m{s:02}.{d}s")
    } else {
        format!("{s}.{d}s")
    }
}

/// The span the timeline chart shows: up to a little after the last change (at least 10 s),
/// never past the end of the run. After a run was extended to minutes, a 3-second init
/// container would otherwise be a hairline.
pub fn chart_span(end: Millis, last_change: Option<Millis>) -> Millis {
    let last = last_change.unwrap_or(end);
    let margin = Millis((last.0 / 10).max(2_000));
    (last + margin).max(Millis::from_secs(10)).min(end)
}

/// The span the timeline shows with the playhead at `t`: the activity ([`chart_span`]), widened
/// to keep the playhead in view when it moves past it (the view follows the playhead).
pub fn view_span(end: Millis, last_change: Option<Millis>, t: Millis) -> Millis {
    let fit = chart_span(end, last_change);
    if t <= fit {
        fit
    } else {
        (t + Millis((t.0 / 10).max(2_000))).min(end).max(t)
    }
}

/// Seconds as the notes say them: `18 s`, `2.5 s`, `5 min 20 s`.
pub fn secs_words(d: Millis) -> String {
    let tenths = (d.0 + 50) / 100;
    let (s, tenth) = (tenths / 10, tenths % 10);
    match (s / 60, s % 60, tenth) {
        (0, s, 0) => format!("{s} s"),
        (0, s, t) => format!("{s}.{t} s"),
        (m, 0, _) => format!("{m} min"),
        (m, s, _) => format!("{m} min {s} s"),
    }
}

/// The settle-point note: `Nothing changes after 18 s.`
pub fn settled_words(settle: Millis) -> String {
    format!("Nothing changes after {}.", secs_words(settle))
}

/// What a skipped stretch was, from the lane states at its start (the engine's): `10 s back-off
/// skipped`, `25 s of running skipped`, `5 s of waiting skipped`.
pub fn skipped_words(d: Millis, states: &[LaneState]) -> String {
    let len = secs_words(d);
    if states.contains(&LaneState::BackOff) {
        format!("{len} back-off skipped")
    } else if states.contains(&LaneState::Terminating) {
        format!("{len} of the grace period skipped")
    } else if states.iter().any(|s| matches!(s, LaneState::Running | LaneState::Ready)) {
        format!("{len} of running skipped")
    } else if states.contains(&LaneState::Waiting) {
        format!("{len} of waiting skipped")
    } else {
        format!("{len} of idle time skipped")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> Millis {
        Millis::from_secs(x)
    }

    #[test]
    fn playing_moves_at_the_chosen_speed_and_stops_at_the_end() {
        let mut p = Playback::new(s(10), 2.0);
        p.skip_idle = false;
        assert_eq!(p.tick(100.0, &[]), TickOutcome::Idle);
        p.play();
        assert_eq!(p.tick(100.0, &[]), TickOutcome::Moved);
        assert_eq!(p.t, Millis(200));
        p.t = Millis(9_950);
        assert_eq!(p.tick(100.0, &[]), TickOutcome::Ended);
        assert_eq!((p.t, p.playing), (s(10), false));
    }

    #[test]
    fn a_long_sleep_is_skipped_but_the_change_after_it_is_not() {
        // Something changes at 1 s and at 601 s (a `sleep 600`).
        let changes = [s(1), s(601)];
        let mut p = Playback::new(s(700), 1.0);
        p.play();
        p.t = s(1);
        assert!(matches!(p.tick(50.0, &changes), TickOutcome::Skipped(_)));
        assert!(p.t < s(601) && p.t >= Millis(600_000), "{:?}", p.t);
        // Close to the change: normal playing again.
        assert_eq!(p.tick(50.0, &changes), TickOutcome::Moved);
    }

    #[test]
    fn step_visits_each_change_in_turn_and_scrub_clamps() {
        let changes = [s(1), s(4), s(7)];
        let mut p = Playback::new(s(10), 1.0);
        p.step_forward(&changes);
        assert_eq!(p.t, s(1));
        p.step_forward(&changes);
        assert_eq!(p.t, s(4));
        p.step_back(&changes);
        assert_eq!(p.t, s(1));
        p.scrub(s(99));
        assert_eq!(p.t, s(10));
        p.step_forward(&changes);
        assert_eq!(p.t, s(10));
    }

    #[test]
    fn seconds_and_percentages_round_trip_without_floats() {
        assert_eq!(parse_secs("12.3"), Some(Millis(12_300)));
        assert_eq!(parse_secs("0.25"), Some(Millis(250)));
        assert_eq!(parse_secs("7"), Some(Millis(7000)));
        assert_eq!(parse_secs("x"), None);
        assert_eq!(secs_text(Millis(12_345)), "12.3");
        assert_eq!(percent(Millis(1), Millis(3)), "33.33%");
        assert_eq!(percent(Millis(9), Millis(3)), "100.00%");
        assert_eq!(percent(Millis(1), Millis::ZERO), "0.00%");
    }

    #[test]
    fn the_chart_spans_the_activity_not_the_whole_horizon() {
        assert_eq!(chart_span(s(1800), Some(s(8))), s(10));
        assert_eq!(chart_span(s(1800), Some(s(600))), s(660));
        assert_eq!(chart_span(s(120), Some(s(119))), s(120));
        assert_eq!(chart_span(s(5), None), s(5));
    }

    #[test]
    fn playing_stops_a_moment_after_the_settle_point_and_can_keep_going() {
        let mut p = Playback::new(s(120), 1.0);
        p.settle = Some(s(18));
        p.play();
        let changes = [s(1), s(12), s(18)];
        let mut outcome = TickOutcome::Idle;
        for _ in 0..200 {
            outcome = p.tick(250.0, &changes);
            if !p.playing {
                break;
            }
        }
        assert_eq!(outcome, TickOutcome::Settled);
        assert_eq!((p.t, p.playing, p.at_settle()), (s(19), false, true));
        assert_eq!(settled_words(s(18)), "Nothing changes after 18 s.");
        // Play (or the note's button) goes on past it, to the end.
        p.play();
        assert!(p.playing && p.past_settle && !p.at_settle());
        for _ in 0..2000 {
            if p.tick(250.0, &changes) == TickOutcome::Ended {
                break;
            }
        }
        assert_eq!(p.t, s(120));
        // Scrubbing away hides the note; a run that never settles plays to its end.
        let mut q = Playback::new(s(60), 1.0);
        q.play();
        for _ in 0..2000 {
            if q.tick(250.0, &[s(1)]) == TickOutcome::Ended {
                break;
            }
        }
        assert_eq!(q.t, s(60));
    }

    #[test]
    fn idle_skipping_says_what_it_skipped() {
        assert_eq!(
            skipped_words(s(10), &[LaneState::Completed, LaneState::BackOff]),
            "10 s back-off skipped"
        );
        assert_eq!(skipped_words(Millis(2_500), &[LaneState::Running]), "2.5 s of running skipped");
        assert_eq!(skipped_words(s(320), &[LaneState::Waiting]), "5 min 20 s of waiting skipped");
    }

    #[test]
    fn the_view_follows_the_playhead_past_the_activity() {
        assert_eq!(view_span(s(1800), Some(s(8)), s(5)), s(10));
        assert_eq!(view_span(s(1800), Some(s(8)), s(100)), s(110));
        assert_eq!(view_span(s(120), Some(s(8)), s(119)), s(120));
    }

    #[test]
    fn the_clock_reads_minutes_seconds_and_tenths() {
        assert_eq!(clock_text(Millis(12_340)), "12.3s");
        assert_eq!(clock_text(Millis(65_300)), "1m05.3s");
    }
}
