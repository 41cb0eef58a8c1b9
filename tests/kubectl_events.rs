//! Event correlation over a long crash loop (reference S04): what `kubectl describe` and
//! `kubectl get events` show after half an hour of `Init:CrashLoopBackOff`.
mod kubectl_fixtures;
use kubectl_fixtures::*;
use podlab::engine::kubectl::describe::describe_pod;
use podlab::engine::kubectl::events::{correlate, get_events};
use podlab::engine::model::Event;

/// S04's kubelet events to `until` s: each attempt's Pulled/Created/Started at the nominal start
/// times, and a BackOff at every 10 s sync inside each back-off window.
fn s04_events(until: u64) -> Vec<Event> {
    let obj = "spec.initContainers{init-fail}";
    let mut starts = vec![1u64, 4, 16, 38, 80, 162, 324, 626];
    while starts.last().is_some_and(|s| s + 302 <= until) {
        let s = *starts.last().unwrap_or(&626) + 302;
        starts.push(s);
    }
    let mut evs = vec![ev(
        0,
        "Normal",
        "Scheduled",
        "",
        "Successfully assigned default/init-crash-always to node01",
    )];
    for (i, s) in starts.iter().enumerate() {
        if *s > until {
            break;
        }
        evs.push(ev(
            *s,
            "Normal",
            "Pulled",
            obj,
            "Container image \"busybox:1.36\" already present on machine",
        ));
        evs.push(ev(*s, "Normal", "Created", obj, "Created container: init-fail"));
        evs.push(ev(*s, "Normal", "Started", obj, "Started container init-fail"));
        // exits 2 s later; back-off syncs every 10 s until the next start
        if let Some(next) = starts.get(i + 1) {
            let mut t = s + 2 + 10;
            while t < *next && t <= until {
                evs.push(ev(t, "Warning", "BackOff", obj, "Back-off restarting failed container init-fail in pod init-crash-always_default(uid)"));
                t += 10;
            }
        }
    }
    for_pod("init-crash-always", evs)
}

#[test]
fn a_long_crash_loop_collapses_into_five_event_rows() {
    let (view, _) = s04_at_30();
    let evs = s04_events(1800);
    let out = describe_pod(&view, &evs, secs(1800));
    let table: Vec<&str> = out.lines().skip_while(|l| *l != "Events:").skip(3).collect();
    let reasons: Vec<&str> =
        table.iter().map(|l| l.split_whitespace().nth(1).unwrap_or("")).collect();
    assert_eq!(reasons.len(), 5, "{out}");
    for r in ["Scheduled", "Pulled", "Created", "Started", "BackOff"] {
        assert!(reasons.contains(&r), "{r} missing in {out}");
    }
}

#[test]
fn the_spam_filter_makes_stored_counts_lag_the_occurrences() {
    let evs = s04_events(1800);
    let raw_backoffs = evs.iter().filter(|e| e.reason == "BackOff").count() as u32;
    let stored = correlate(&evs, secs(1800));
    let backoff = stored.iter().find(|e| e.reason == "BackOff").expect("a BackOff event");
    // More than 25 events about one pod: later occurrences get through only as tokens refill
    // (one per 300 s), so the stored count and last time trail what the kubelet emitted.
    assert!(raw_backoffs > 25);
    assert!(backoff.count <= raw_backoffs);
    let last_raw =
        evs.iter().filter(|e| e.reason == "BackOff").map(|e| e.t).max().unwrap_or_default();
    assert!(backoff.last < last_raw, "stored {:?} vs raw {:?}", backoff.last, last_raw);
    // Every stored count is a real count of occurrences up to its own last update.
    for s in &stored {
        let n = evs.iter().filter(|e| e.reason == s.reason && e.t <= s.last).count() as u32;
        assert_eq!(s.count, n, "{s:?}");
    }
}

#[test]
fn get_events_lists_the_pods_events_in_creation_order() {
    let evs = s04_events(60);
    let out = get_events(&evs, secs(60));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "LAST SEEN   TYPE      REASON      OBJECT                  MESSAGE");
    assert_eq!(lines[1], "60s         Normal    Scheduled   pod/init-crash-always   Successfully assigned default/init-crash-always to node01");
    assert_eq!(lines[2], "22s         Normal    Pulled      pod/init-crash-always   Container image \"busybox:1.36\" already present on machine");
    assert_eq!(lines.len(), 6);
    // LAST SEEN is the latest occurrence (BackOff at the 60 s sync); get events shows no count.
    assert_eq!(lines[5], "0s          Warning   BackOff     pod/init-crash-always   Back-off restarting failed container init-fail in pod init-crash-always_default(uid)");
}
