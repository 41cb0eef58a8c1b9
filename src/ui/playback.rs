//! The playhead: where in virtual time the learner is looking, and how it moves. Plain data;
//! the UI's ticker calls [`Playback::tick`] with the wall time that passed, the buttons call the
//! other methods. The timeline itself is immutable, so scrubbing back shows the earlier state
//! exactly: every view is a function of `t`.

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
}

impl Default for Playback {
    fn default() -> Self {
        Playback { t: Millis::ZERO, end: Millis::ZERO, playing: false, speed: 1.0, skip_idle: true }
    }
}

/// What one tick did, for the narration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TickOutcome {
    /// Moved normally.
    Moved,
    /// Jumped over an idle stretch of this length.
    Skipped(Millis),
    /// Reached the end and stopped.
    Ended,
    /// Not playing: nothing happened.
    Idle,
}

impl Playback {
    /// A paused playhead at 0 over a timeline ending at `end`.
    pub fn new(end: Millis, speed: f64) -> Playback {
        Playback { end, speed, ..Playback::default() }
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
        if self.skip_idle {
            let upcoming = next_change(changes, self.t).unwrap_or(self.end);
            let gap_wall = (upcoming.0 as f64 - self.t.0 as f64) / self.speed;
            if gap_wall > IDLE_SKIP_WALL_MS {
                let target = upcoming.0 as f64 - IDLE_LEAD_WALL_MS * self.speed;
                if target > next {
                    outcome = TickOutcome::Skipped(Millis((target - self.t.0 as f64) as u64));
                    next = target;
                }
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

    /// Starts playing (from the start again if at the end).
    pub fn play(&mut self) {
        if self.t >= self.end {
            self.t = Millis::ZERO;
        }
        self.playing = self.end > Millis::ZERO;
    }

    /// Moves to `t`, clamped to the timeline.
    pub fn scrub(&mut self, t: Millis) {
        self.t = t.min(self.end);
    }

    /// Jumps to the next change after the playhead (or the end), and pauses.
    pub fn step_forward(&mut self, changes: &[Millis]) {
        self.playing = false;
        self.t = next_change(changes, self.t).unwrap_or(self.end).min(self.end);
    }

    /// Jumps to the last change before the playhead (or 0), and pauses.
    pub fn step_back(&mut self, changes: &[Millis]) {
        self.playing = false;
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
    fn the_clock_reads_minutes_seconds_and_tenths() {
        assert_eq!(clock_text(Millis(12_340)), "12.3s");
        assert_eq!(clock_text(Millis(65_300)), "1m05.3s");
    }
}
