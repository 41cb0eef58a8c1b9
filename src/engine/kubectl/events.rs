//! Events as the API server stores them, and `kubectl get events`.
//!
//! The kubelet emits one raw [`Event`] per occurrence; what `kubectl` shows is what client-go's
//! `EventCorrelator` (tools/record/events_cache.go) made of them before they reached the API
//! server. [`correlate`] replays that correlator over the raw events, in order:
//!
//! 1. **Aggregator** (`EventAggregatorByReasonFunc`): events with the same source, object, type
//!    and reason but *different messages* are counted per 10-minute window (the window slides:
//!    each event renews it); from the 10th distinct message on, an event is replaced by one whose
//!    message is `(combined from similar events): <message>`.
//! 2. **Logger / dedup** (`getEventKey`: source, object, fieldPath, type, reason, message): an
//!    identical event increments `count` and moves `lastTimestamp`; `firstTimestamp` stays. This
//!    is kubectl describe's `(x5 over 3m)`.
//! 3. **Spam filter** (`EventSourceObjectSpamFilter`): a token bucket per source + object, burst
//!    25, refilled at one event per 300 s. A filtered occurrence is still counted by the logger,
//!    so the next one that gets through carries the full count. (Why a pod that crash-loops for an
//!    hour shows counts that jump, and `BackOff` ages that lag.)
//!
//! Finally the API server forgets an event one hour after its last update (`--event-ttl=1h`).
//!
//! Simplifications (each because podlab has a single node and a single namespace):
//! - Scheduler events really go through the newer events.k8s.io recorder (series instead of a
//!   spam filter); podlab dedups them with the same key and exempts them from the spam filter.
//! - When the aggregator must drop one of its 10 remembered messages, client-go drops an arbitrary
//!   one (`sets.String.PopAny`, Go map order); podlab drops the smallest, to stay deterministic.
//! - Objects are told apart by pod name; a pod deleted and re-created under the same name shares
//!   its predecessor's event history (real events differ by UID).

use crate::engine::kubectl::tabwriter::TabWriter;
use crate::engine::model::Event;
use crate::engine::sort::{sort_by, sort_by_key};
use crate::engine::time::human_duration;
use crate::engine::time::Millis;
use std::collections::{BTreeMap, BTreeSet};

/// `defaultAggregateMaxEvents`: distinct messages per reason before combining.
const AGGREGATE_MAX_EVENTS: usize = 10;
/// `defaultAggregateIntervalInSeconds`, in ms.
const AGGREGATE_INTERVAL: u64 = 600_000;
/// `defaultSpamBurst`.
const SPAM_BURST: f64 = 25.0;
/// `defaultSpamQPS` = 1/300 s, as tokens per millisecond.
const SPAM_TOKENS_PER_MS: f64 = 1.0 / 300_000.0;
/// The API server's `--event-ttl` default (1 h).
const EVENT_TTL: u64 = 3_600_000;
/// The prefix `EventAggregatorByReasonMessageFunc` puts on combined events.
const COMBINED_PREFIX: &str = "(combined from similar events): ";

/// An event as stored by the API server (after correlation), the row kubectl prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    /// The pod it is about (`involvedObject.name`).
    pub pod: String,
    /// `Normal` or `Warning`.
    pub type_: String,
    /// `reason`.
    pub reason: String,
    /// `involvedObject.fieldPath` (`spec.initContainers{init-db}`), empty for the pod itself.
    pub object: String,
    /// `message` (as stored: the latest occurrence's text).
    pub message: String,
    /// `source.component` (`kubelet`, `default-scheduler`).
    pub source: String,
    /// `count`.
    pub count: u32,
    /// `firstTimestamp`.
    pub first: Millis,
    /// `lastTimestamp`.
    pub last: Millis,
}

/// The age kubectl prints for an instant (`translateTimestampSince`): `HumanDuration(now − t)`,
/// `0s` up to 2 s in the future and `<invalid>` beyond (apimachinery tolerates clock skew that way).
pub fn since(now: Millis, t: Millis) -> String {
    if t > now {
        if t.0 - now.0 >= 2000 {
            "<invalid>".into()
        } else {
            "0s".into()
        }
    } else {
        human_duration(now - t)
    }
}

/// (source, pod, type, reason): the aggregator's key.
type AggregateKey = (String, String, String, String);
/// (source, pod, fieldPath, type, reason, message): the dedup key.
type EventKey = (String, String, String, String, String, String);

struct AggregateRecord {
    messages: BTreeSet<String>,
    last: Millis,
}

struct Bucket {
    tokens: f64,
    at: Millis,
}

/// Replays client-go's event correlator over `raw` (events of any pods, in emission order) and
/// returns the events the API server holds at `now`, in creation order. Events after `now` are
/// ignored, so this is the state seen at the playhead.
pub fn correlate(raw: &[Event], now: Millis) -> Vec<StoredEvent> {
    let mut ordered: Vec<&Event> = raw.iter().filter(|e| e.t <= now).collect();
    sort_by_key(&mut ordered, |e| e.t); // stable: ties keep emission order
    let mut aggregates: BTreeMap<AggregateKey, AggregateRecord> = BTreeMap::new();
    // dedup key → (count, first)
    let mut observed: BTreeMap<EventKey, (u32, Millis)> = BTreeMap::new();
    let mut buckets: BTreeMap<(String, String), Bucket> = BTreeMap::new();
    let mut stored: Vec<StoredEvent> = Vec::new();
    let mut index: BTreeMap<EventKey, usize> = BTreeMap::new();

    for e in ordered {
        // 1. aggregate by reason
        let agg_key = (e.source.clone(), e.pod.clone(), e.type_.clone(), e.reason.clone());
        let rec = aggregates
            .entry(agg_key)
            .or_insert_with(|| AggregateRecord { messages: BTreeSet::new(), last: e.t });
        if e.t.saturating_sub(rec.last).0 > AGGREGATE_INTERVAL {
            rec.messages.clear();
        }
        rec.messages.insert(e.message.clone());
        rec.last = e.t;
        let (message, key) = if rec.messages.len() < AGGREGATE_MAX_EVENTS {
            let key = (
                e.source.clone(),
                e.pod.clone(),
                e.object.clone(),
                e.type_.clone(),
                e.reason.clone(),
                e.message.clone(),
            );
            (e.message.clone(), key)
        } else {
            if let Some(first) = rec.messages.iter().next().cloned() {
                rec.messages.remove(&first);
            }
            // The combined event is keyed by the aggregate key: no fieldPath, no message.
            let key = (
                e.source.clone(),
                e.pod.clone(),
                String::new(),
                e.type_.clone(),
                e.reason.clone(),
                COMBINED_PREFIX.to_string(),
            );
            (format!("{COMBINED_PREFIX}{}", e.message), key)
        };
        // 2. observe (dedup)
        let entry = observed.entry(key.clone()).or_insert((0, e.t));
        entry.0 += 1;
        let (count, first) = *entry;
        // 3. spam filter (kubelet's core/v1 recorder only)
        if e.source != "default-scheduler" {
            let b = buckets
                .entry((e.source.clone(), e.pod.clone()))
                .or_insert(Bucket { tokens: SPAM_BURST, at: e.t });
            b.tokens = (b.tokens + (e.t.saturating_sub(b.at).0 as f64) * SPAM_TOKENS_PER_MS)
                .min(SPAM_BURST);
            b.at = e.t;
            if b.tokens < 1.0 {
                continue;
            }
            b.tokens -= 1.0;
        }
        let ev = StoredEvent {
            pod: e.pod.clone(),
            type_: e.type_.clone(),
            reason: e.reason.clone(),
            object: e.object.clone(),
            message,
            source: e.source.clone(),
            count,
            first,
            last: e.t,
        };
        match index.get(&key) {
            // Expired events are re-created; keep their slot (the name sorts the same way).
            Some(&i) => stored[i] = ev,
            None => {
                index.insert(key, stored.len());
                stored.push(ev);
            }
        }
    }
    stored.retain(|e| now.saturating_sub(e.last).0 < EVENT_TTL);
    stored
}

/// The events `kubectl describe pod NAME` lists: this pod's, sorted by last occurrence (kubectl's
/// `SortableEvents`; ties keep creation order).
pub fn for_pod(raw: &[Event], pod: &str, now: Millis) -> Vec<StoredEvent> {
    let mut v: Vec<StoredEvent> =
        correlate(raw, now).into_iter().filter(|e| e.pod == pod).collect();
    sort_by_key(&mut v, |e| e.last);
    v
}

/// The AGE cell of describe's Events table: `10s`, or `5s (x3 over 40s)` for repeated events.
pub fn describe_age(e: &StoredEvent, now: Millis) -> String {
    match age_parts(e, now) {
        (age, Some(count)) => format!("{age} {count}"),
        (age, None) => age,
    }
}

/// The AGE cell in two parts: `5s` and, for a repeated event, `(x3 over 40s)`.
fn age_parts(e: &StoredEvent, now: Millis) -> (String, Option<String>) {
    if e.count > 1 {
        (since(now, e.last), Some(format!("(x{} over {})", e.count, since(now, e.first))))
    } else {
        (since(now, e.first), None)
    }
}

/// A row of the events inspector (`src/ui/inspectors.rs`): the `Events:` tables of
/// `kubectl describe pod` for every pod.
#[derive(Clone, Debug, PartialEq)]
pub enum EventRow {
    /// The pod the following events are about (only when there is more than one pod).
    Pod(String),
    /// One (aggregated) event; `count` is the `(x3 over 40s)` part of its age.
    Event {
        type_: String,
        reason: String,
        age: String,
        count: Option<String>,
        from: String,
        message: String,
    },
}

/// The events at `now` as `kubectl describe pod` lists them under `Events:` (Type, Reason, Age,
/// From, Message; identical events aggregated by the API server's correlator, oldest last
/// occurrence first), one pod after the other in name order, as describing each pod would.
pub fn describe_rows(events: &[Event], now: Millis) -> Vec<EventRow> {
    let mut evs = correlate(events, now);
    sort_by(&mut evs, |a, b| a.pod.cmp(&b.pod).then(a.last.cmp(&b.last)));
    let several = evs.windows(2).any(|w| w[0].pod != w[1].pod);
    let mut rows = Vec::with_capacity(evs.len() + 4);
    let mut pod: Option<String> = None;
    for e in evs {
        if several && pod.as_ref() != Some(&e.pod) {
            pod = Some(e.pod.clone());
            rows.push(EventRow::Pod(e.pod.clone()));
        }
        let (age, count) = age_parts(&e, now);
        let message = e.message.trim().to_string();
        rows.push(EventRow::Event {
            type_: e.type_,
            reason: e.reason,
            age,
            count,
            from: e.source,
            message,
        });
    }
    rows
}

/// `kubectl get events` at `now` (namespace `default`): `LAST SEEN TYPE REASON OBJECT MESSAGE`,
/// listed in the API server's order (by event name, i.e. by object name, then first occurrence).
/// With no events, kubectl's `No resources found in default namespace.` (which kubectl writes to
/// stderr).
pub fn get_events(raw: &[Event], now: Millis) -> String {
    let mut events = correlate(raw, now);
    if events.is_empty() {
        return "No resources found in default namespace.\n".into();
    }
    sort_by(&mut events, |a, b| a.pod.cmp(&b.pod).then(a.first.cmp(&b.first)));
    let mut w = TabWriter::table();
    w.write("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
    for e in &events {
        w.write(&format!(
            "{}\t{}\t{}\tpod/{}\t{}\n",
            since(now, e.last),
            e.type_,
            e.reason,
            e.pod,
            e.message.trim()
        ));
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(t: u64, reason: &str, object: &str, message: &str) -> Event {
        Event {
            t: Millis::from_secs(t),
            pod: "p".into(),
            type_: "Normal".into(),
            reason: reason.into(),
            object: object.into(),
            message: message.into(),
            source: "kubelet".into(),
        }
    }

    #[test]
    fn identical_events_are_counted_with_first_and_last_times() {
        let raw = vec![
            ev(1, "Pulled", "spec.initContainers{i}", "m"),
            ev(5, "Pulled", "spec.initContainers{i}", "m"),
            ev(9, "Pulled", "spec.initContainers{i}", "m"),
        ];
        let s = correlate(&raw, Millis::from_secs(20));
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].count, s[0].first, s[0].last),
            (3, Millis::from_secs(1), Millis::from_secs(9))
        );
        assert_eq!(describe_age(&s[0], Millis::from_secs(20)), "11s (x3 over 19s)");
    }

    #[test]
    fn same_message_for_another_container_is_a_separate_event() {
        let raw = vec![
            ev(1, "Pulled", "spec.initContainers{a}", "m"),
            ev(2, "Pulled", "spec.containers{b}", "m"),
        ];
        assert_eq!(correlate(&raw, Millis::from_secs(3)).len(), 2);
    }

    #[test]
    fn events_after_the_playhead_do_not_exist_yet() {
        let raw = vec![ev(1, "Pulled", "", "m"), ev(50, "Pulled", "", "m")];
        let s = correlate(&raw, Millis::from_secs(10));
        assert_eq!(s[0].count, 1);
    }

    #[test]
    fn the_spam_filter_drops_the_26th_event_but_keeps_counting() {
        let raw: Vec<Event> =
            (0..30).map(|i| ev(i, "BackOff", "spec.containers{a}", "back-off")).collect();
        let s = correlate(&raw, Millis::from_secs(30));
        // 25 got through; the last stored update carried count 25 at t=24.
        assert_eq!((s[0].count, s[0].last), (25, Millis::from_secs(24)));
        // 300 s later a token is back: the next occurrence is stored with the full count.
        let mut raw2 = raw.clone();
        raw2.push(ev(330, "BackOff", "spec.containers{a}", "back-off"));
        let s2 = correlate(&raw2, Millis::from_secs(331));
        assert_eq!((s2[0].count, s2[0].last), (31, Millis::from_secs(330)));
    }

    #[test]
    fn ten_distinct_messages_for_one_reason_are_combined() {
        let raw: Vec<Event> = (0..11)
            .map(|i| {
                ev(
                    i,
                    "Created",
                    &format!("spec.containers{{c{i}}}"),
                    &format!("Created container: c{i}"),
                )
            })
            .collect();
        let s = correlate(&raw, Millis::from_secs(20));
        // Nine distinct messages pass; the 10th and 11th are combined, and the combined events
        // dedup into one (same aggregate key), holding the latest message.
        assert_eq!(s.len(), 10);
        assert_eq!(s[8].message, "Created container: c8");
        assert_eq!(s[9].message, "(combined from similar events): Created container: c10");
        assert_eq!(s[9].count, 2);
    }

    #[test]
    fn events_expire_an_hour_after_their_last_update() {
        let raw = vec![ev(0, "Scheduled", "", "assigned")];
        assert_eq!(correlate(&raw, Millis::from_secs(3599)).len(), 1);
        assert!(correlate(&raw, Millis::from_secs(3600)).is_empty());
    }

    #[test]
    fn get_events_prints_kubectls_columns() {
        let mut raw = vec![ev(0, "Scheduled", "", "Successfully assigned default/p to node01")];
        raw[0].source = "default-scheduler".into();
        raw.push(ev(
            1,
            "Pulled",
            "spec.containers{app}",
            "Container image \"busybox:1.36\" already present on machine",
        ));
        let out = get_events(&raw, Millis::from_secs(61));
        assert_eq!(
            out,
            "LAST SEEN   TYPE     REASON      OBJECT   MESSAGE\n\
             61s         Normal   Scheduled   pod/p    Successfully assigned default/p to node01\n\
             60s         Normal   Pulled      pod/p    Container image \"busybox:1.36\" already present on machine\n"
        );
        assert_eq!(get_events(&[], Millis::ZERO), "No resources found in default namespace.\n");
    }

    #[test]
    fn ages_of_future_instants_read_like_kubectl() {
        assert_eq!(since(Millis::from_secs(10), Millis::from_secs(11)), "0s");
        assert_eq!(since(Millis::from_secs(10), Millis::from_secs(40)), "<invalid>");
    }

    fn pod_ev(t: u64, pod: &str, reason: &str, object: &str) -> Event {
        Event {
            t: Millis::from_secs(t),
            pod: pod.into(),
            type_: "Normal".into(),
            reason: reason.into(),
            object: object.into(),
            message: format!("{reason} {object}"),
            source: "kubelet".into(),
        }
    }

    fn reasons(rows: &[EventRow]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                EventRow::Pod(p) => format!("pod/{p}"),
                EventRow::Event { reason, age, count, .. } => {
                    format!("{reason} {age} {}", count.as_deref().unwrap_or("-"))
                }
            })
            .collect()
    }

    #[test]
    fn one_pod_is_listed_as_describe_lists_it_with_no_pod_heading() {
        let raw = [
            pod_ev(0, "a", "Scheduled", ""),
            pod_ev(1, "a", "Pulled", "spec.initContainers{i}"),
            pod_ev(5, "a", "Pulled", "spec.initContainers{i}"),
        ];
        assert_eq!(
            reasons(&describe_rows(&raw, Millis::from_secs(10))),
            ["Scheduled 10s -", "Pulled 5s (x2 over 9s)"]
        );
    }

    #[test]
    fn several_pods_are_listed_one_after_the_other_under_their_names() {
        let raw = [
            pod_ev(0, "web", "Scheduled", ""),
            pod_ev(1, "db", "Scheduled", ""),
            pod_ev(2, "web", "Started", "spec.containers{w}"),
            pod_ev(3, "db", "Started", "spec.containers{d}"),
        ];
        assert_eq!(
            reasons(&describe_rows(&raw, Millis::from_secs(4))),
            [
                "pod/db",
                "Scheduled 3s -",
                "Started 1s -",
                "pod/web",
                "Scheduled 4s -",
                "Started 2s -"
            ]
        );
    }
}
