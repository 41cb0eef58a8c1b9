//! client-go's `flowcontrol.Backoff` as the kubelet uses it, for container restarts
//! (CrashLoopBackOff) and image pulls (ImagePullBackOff) — reference §1.11.
//!
//! Entry points: [`Backoff::crash_loop`] and [`Backoff::image_pull`]; then
//! [`Backoff::in_backoff_since`] / [`Backoff::in_backoff_since_update`] and [`Backoff::next`],
//! exactly the three calls `doBackOff` and `EnsureImageExists` make.

use crate::engine::time::Millis;
use std::collections::BTreeMap;

/// One key's entry: the current back-off and when it was last bumped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    backoff: Millis,
    last_update: Millis,
}

/// A per-key exponential back-off (no jitter: `flowcontrol.NewBackOff` has none).
#[derive(Clone, Debug)]
pub struct Backoff {
    initial: Millis,
    max: Millis,
    /// Entries older than this (eventTime − lastUpdate) are forgotten.
    expire_after: Millis,
    entries: BTreeMap<String, Entry>,
}

impl Backoff {
    /// The kubelet's crash-loop back-off: 10 s (`initialCrashLoopBackOff`) doubling to 300 s
    /// (`MaxContainerBackOff`); kubelet.go overrides `HasExpiredFunc` so an entry resets once a
    /// container ran 600 s (10 min) after its last restart.
    pub fn crash_loop() -> Backoff {
        Backoff {
            initial: Millis::from_secs(10),
            max: Millis::from_secs(300),
            expire_after: Millis::from_secs(600),
            entries: BTreeMap::new(),
        }
    }

    /// The image puller's back-off: 10 s (`imageBackOffPeriod`) doubling to 300 s
    /// (`MaxImageBackOff`), default expiry 2 × max = 600 s.
    pub fn image_pull() -> Backoff {
        Backoff {
            initial: Millis::from_secs(10),
            max: Millis::from_secs(300),
            expire_after: Millis::from_secs(600),
            entries: BTreeMap::new(),
        }
    }

    fn expired(&self, event_time: Millis, e: &Entry) -> bool {
        event_time.saturating_sub(e.last_update) > self.expire_after
    }

    /// `IsInBackOffSince(key, eventTime)`: an entry exists, has not expired, and less than the
    /// current back-off has passed since `event_time` (the exited instance's `finishedAt`).
    pub fn in_backoff_since(&self, key: &str, event_time: Millis, now: Millis) -> bool {
        match self.entries.get(key) {
            Some(e) if !self.expired(event_time, e) => now.saturating_sub(event_time) < e.backoff,
            _ => false,
        }
    }

    /// `IsInBackOffSinceUpdate(key, now)`: less than the back-off has passed since the last
    /// `next` (the last failed pull).
    pub fn in_backoff_since_update(&self, key: &str, now: Millis) -> bool {
        match self.entries.get(key) {
            Some(e) if !self.expired(now, e) => now.saturating_sub(e.last_update) < e.backoff,
            _ => false,
        }
    }

    /// `Next(key, eventTime)`: creates the entry at the initial back-off, or doubles it (capped
    /// at the maximum); an expired entry starts over.
    pub fn next(&mut self, key: &str, event_time: Millis) {
        let fresh = Entry { backoff: self.initial, last_update: event_time };
        let e = match self.entries.get(key) {
            Some(e) if !self.expired(event_time, e) => Entry {
                backoff: Millis((e.backoff.0.saturating_mul(2)).min(self.max.0)),
                last_update: event_time,
            },
            _ => fresh,
        };
        self.entries.insert(key.to_string(), e);
    }

    /// The current back-off of `key` and when it runs out counted from `event_time` (the
    /// exited instance's `finishedAt`, as [`Backoff::in_backoff_since`] counts it).
    pub fn window_since(&self, key: &str, event_time: Millis) -> Option<(Millis, Millis)> {
        self.entries.get(key).map(|e| (e.backoff, event_time + e.backoff))
    }

    /// The current back-off of `key` and when it runs out counted from its last `next` (as
    /// [`Backoff::in_backoff_since_update`] counts it).
    pub fn window_since_update(&self, key: &str) -> Option<(Millis, Millis)> {
        self.entries.get(key).map(|e| (e.backoff, e.last_update + e.backoff))
    }

    /// `Get(key)`: the current back-off (shown in `back-off 20s restarting failed container…`).
    pub fn get(&self, key: &str) -> Millis {
        self.entries.get(key).map(|e| e.backoff).unwrap_or(Millis::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const S: fn(u64) -> Millis = Millis::from_secs;

    #[test]
    fn first_restart_is_immediate_then_ten_seconds_doubling_to_five_minutes() {
        let mut b = Backoff::crash_loop();
        // crash 1: no entry → not in back-off; Next creates 10 s.
        assert!(!b.in_backoff_since("c", S(3), S(3)));
        b.next("c", S(3));
        let mut finished = S(5);
        let mut expected = vec![10, 20, 40, 80, 160, 300, 300];
        for want in expected.drain(..) {
            assert!(b.in_backoff_since("c", finished, finished + S(want) - Millis(1)));
            assert!(!b.in_backoff_since("c", finished, finished + S(want)));
            b.next("c", finished);
            let after = b.get("c");
            assert_eq!(after, S((want * 2).min(300)));
            finished = finished + S(want) + S(2);
        }
    }

    #[test]
    fn running_ten_minutes_resets_the_back_off() {
        let mut b = Backoff::crash_loop();
        b.next("c", S(0));
        b.next("c", S(20)); // 20 s
                            // The next exit comes 601 s after the last Next(): expired → immediate restart.
        assert!(!b.in_backoff_since("c", S(621), S(621)));
        b.next("c", S(621));
        assert_eq!(b.get("c"), S(10));
    }

    #[test]
    fn image_back_off_counts_from_the_last_failed_pull() {
        let mut b = Backoff::image_pull();
        assert!(!b.in_backoff_since_update("i", S(1)));
        b.next("i", S(1));
        assert!(b.in_backoff_since_update("i", S(10)));
        assert!(!b.in_backoff_since_update("i", S(11)));
        b.next("i", S(12));
        assert!(b.in_backoff_since_update("i", S(31)));
        assert!(!b.in_backoff_since_update("i", S(32)));
    }
}
