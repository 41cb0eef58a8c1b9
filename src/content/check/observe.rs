//! What the checks read off a run: a pod's STATUS rows and sequence, its lanes, first start and
//! completion of a container, its logs, and the words the messages use for them.

use super::*;
use crate::engine::sort::sort_by_key;

/// `12 s`, `12.5 s`: an instant in learner words.
pub fn secs(t: Millis) -> String {
    let s = t.0 / 1000;
    if t.0.is_multiple_of(1000) {
        format!("{s} s")
    } else {
        format!("{:.1} s", t.as_secs_f64())
    }
}

/// The distinct consecutive STATUS values a pod showed (`Pending → Init:0/1 → Running`).
pub fn status_sequence(tl: &dyn Observed, pod: &str) -> Vec<String> {
    let mut seq: Vec<String> = Vec::new();
    for r in pod_rows(tl, pod) {
        if seq.last() != Some(&r.status) {
            seq.push(r.status);
        }
    }
    seq
}

/// Whether `want` appears in `seq` in order (gaps allowed: brief states may be skipped).
pub fn is_subsequence(want: &[String], seq: &[String]) -> bool {
    let mut it = seq.iter();
    want.iter().all(|w| it.any(|s| s == w))
}

pub(crate) fn pod_rows(tl: &dyn Observed, pod: &str) -> Vec<WatchRow> {
    tl.rows().into_iter().filter(|r| r.pod == pod).collect()
}

/// The last row of a pod at or before `t`: what `kubectl get pod` showed then.
pub(crate) fn row_at(rows: &[WatchRow], t: Millis) -> Option<&WatchRow> {
    rows.iter().rev().find(|r| r.t <= t)
}

pub(super) fn describe_row(r: Option<&WatchRow>) -> String {
    match r {
        Some(r) => format!(
            "STATUS {} (READY {}, RESTARTS {}, phase {})",
            r.status, r.ready, r.restarts, r.phase
        ),
        None => "no status yet".into(),
    }
}

pub(super) fn lane(tl: &dyn Observed, pod: &str, container: &str) -> Option<Lane> {
    tl.lanes().into_iter().find(|l| l.pod == pod && l.container == container)
}

/// The lanes a container argument names: one container, or with [`ANY`] every regular init
/// container of the pod.
pub(crate) fn lanes_named(tl: &dyn Observed, pod: &str, container: &str) -> Vec<Lane> {
    tl.lanes()
        .into_iter()
        .filter(|l| {
            l.pod == pod
                && if container == ANY {
                    l.kind == ContainerKind::Init
                } else {
                    l.container == container
                }
        })
        .collect()
}

/// How a container argument reads in a sentence (`*` → "an init container").
pub fn container_words(container: &str) -> String {
    if container == ANY {
        "an init container".into()
    } else {
        container.to_string()
    }
}

pub(crate) fn first_start(tl: &dyn Observed, pod: &str, container: &str) -> Option<Millis> {
    lanes_named(tl, pod, container).iter().filter_map(|l| l.starts.first().copied()).min()
}

/// When the container (or, with [`ANY`], the first init container) first exited 0.
pub(crate) fn first_completion(tl: &dyn Observed, pod: &str, container: &str) -> Option<Millis> {
    lanes_named(tl, pod, container)
        .iter()
        .filter_map(|l| l.segments.iter().find(|s| s.state == LaneState::Completed).map(|s| s.from))
        .min()
}

/// Every log line of a container (previous instance, then current; with [`ANY`], of every
/// container of the pod), in time order.
pub fn all_logs(tl: &dyn Observed, pod: &str, container: &str) -> Vec<(Millis, String)> {
    let names: Vec<String> = if container == ANY {
        tl.lanes().into_iter().filter(|l| l.pod == pod).map(|l| l.container).collect()
    } else {
        vec![container.to_string()]
    };
    let mut lines: Vec<(Millis, String)> = Vec::new();
    for c in &names {
        for previous in [true, false] {
            lines.extend(tl.logs(pod, c, previous, tl.end()).unwrap_or_default());
        }
    }
    sort_by_key(&mut lines, |(t, _)| *t);
    lines
}

pub(crate) fn statuses(v: &PodView) -> impl Iterator<Item = &ContainerStatus> {
    v.status.init_container_statuses.iter().chain(v.status.container_statuses.iter())
}

pub(super) fn is_ready(ready: &str) -> bool {
    match ready.split_once('/') {
        Some((a, b)) => a == b && b.parse::<u32>().is_ok_and(|n| n > 0),
        None => false,
    }
}

pub(super) fn missing_pod(pod: &str) -> Outcome {
    Outcome::Fail(format!("There is no pod named {pod}: check metadata.name."))
}

pub(super) fn join_distinct(rows: &[WatchRow]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for r in rows {
        if seen.last() != Some(&r.status.as_str()) {
            seen.push(&r.status);
        }
    }
    pub(super) const MAX: usize = 8; // keep the explanation to one readable line
    let n = seen.len();
    let shown: Vec<&str> = if n > MAX { seen[n - MAX..].to_vec() } else { seen };
    format!("{}{}", if n > MAX { "… → " } else { "" }, shown.join(" → "))
}
