//! The settle point: the instant after which nothing in a run will change any more, so the
//! player can stop there instead of playing an unchanging node up to the horizon.
//!
//! A run has settled at its last change `L` when every event still queued at the horizon is a
//! *steady recurrence*: a probe or a process wake-up (an idle `while true; do sleep 5; done`
//! loop, a server's poll) that has already fired at least twice since `L` without changing
//! anything, at a steady period that the queued firing keeps. Anything else still queued (a
//! back-off re-sync, a `sleep 600` about to end, a timed console action, a deadline, a pull)
//! will change something: not settled. The rule only looks at what the simulation itself
//! scheduled, so it is exact for everything but a process whose period changes after two
//! identical ones (`sleep 1; sleep 1; sleep 1; sleep 900; exit 1` reads as an idle loop until
//! the horizon passes 900 s, when the run is re-simulated and the exit is found).

use crate::engine::time::Millis;

/// One live event still queued when the simulation stopped at its horizon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Pending {
    /// When it is due.
    pub at: Millis,
    /// For a probe or a wake-up: its last two firings (latest first). `None` for an event that
    /// is not a recurrence (a sync, a pull, a kill, an action, a deadline): it always counts as
    /// a change to come.
    pub fired: Option<[Option<Millis>; 2]>,
}

/// The settle point of a run whose last change was at `last_change`, given the live events
/// still queued: `Some(last_change)` when all of them are steady recurrences, else `None`.
pub(super) fn settle_point(last_change: Millis, pending: &[Pending]) -> Option<Millis> {
    let steady = |p: &Pending| match p.fired {
        Some([Some(last), Some(prev)]) if prev > last_change && last > prev => {
            // A loop's period drifts by the few milliseconds its commands take (`sleep 5`
            // wakes 5000 then 5001 ms apart): a period within 2% (+5 ms) is the same period.
            let (next, period) = (p.at.0.saturating_sub(last.0), last.0 - prev.0);
            next.abs_diff(period) <= period / 50 + 5
        }
        _ => false,
    };
    pending.iter().all(steady).then_some(last_change)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: u64) -> Millis {
        Millis::from_secs(x)
    }

    fn rec(at: u64, last: u64, prev: u64) -> Pending {
        Pending { at: s(at), fired: Some([Some(s(last)), Some(s(prev))]) }
    }

    #[test]
    fn a_run_with_nothing_queued_settles_at_its_last_change() {
        assert_eq!(settle_point(s(18), &[]), Some(s(18)));
    }

    #[test]
    fn steady_probes_and_idle_loops_do_not_keep_a_run_unsettled() {
        // A readiness probe every 10 s and a `sleep 5` loop, both quiet since 18 s.
        assert_eq!(settle_point(s(18), &[rec(130, 120, 110), rec(125, 120, 115)]), Some(s(18)));
        // A loop whose commands take a millisecond each: 5000 ms then 5001 ms apart.
        let drift = Pending {
            at: Millis(121_019),
            fired: Some([Some(Millis(116_019)), Some(Millis(111_018))]),
        };
        assert_eq!(settle_point(s(18), &[drift]), Some(s(18)));
    }

    #[test]
    fn a_long_sleep_or_a_back_off_sync_still_to_come_is_a_change() {
        // `sleep 600` woke once, at its start: its end is a change to come.
        let sleep = Pending { at: s(600), fired: Some([Some(s(5)), None]) };
        assert_eq!(settle_point(s(18), &[sleep]), None);
        // A loop whose queued firing breaks its period (the last `sleep 1` then `sleep 900`).
        assert_eq!(settle_point(s(18), &[rec(1000, 100, 99)]), None);
        // A recurrence that has not fired twice since the last change.
        assert_eq!(settle_point(s(18), &[rec(130, 120, 10)]), None);
        // Anything that is not a recurrence: a crash loop's next sync.
        assert_eq!(settle_point(s(110), &[Pending { at: s(125), fired: None }]), None);
    }
}
