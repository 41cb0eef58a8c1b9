//! Where a run went another way: for a failed check, the first moment of the learner's own run
//! that explains it ("at 12.0 s `init-db` exited 1: `nc: bad address 'mydb'`"), with the
//! virtual instant the page's "jump there" button moves the playhead to.
//!
//! Pure: computed from the same [`Observed`] run the check was evaluated on. Each check names
//! the moment its own clause hinges on (the app starting too early, the log line it printed
//! instead, the row where the deadline passed); when that says nothing more, the first
//! *trouble* of the pod stands in: the earliest container that exited non-zero (with the last
//! line it logged) or Warning event (FailedScheduling, DeadlineExceeded, a failed pull).

use super::{
    all_logs, first_completion, first_start, lanes_named, pod_rows, row_at, statuses, Check,
    Observed, When,
};
use crate::engine::kubelet::LaneState;
use crate::engine::model::{ContainerKind, ContainerState};
use crate::engine::time::Millis;

/// A container argument in a sentence: `` `app` ``, or "an init container" for `*`.
fn container_words(container: &str) -> String {
    if container == super::ANY {
        "an init container".into()
    } else {
        format!("`{container}`")
    }
}

/// A moment of a run, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Moment {
    /// The virtual instant (None when it is not in the run on screen, e.g. a variant run).
    pub at: Option<Millis>,
    /// "at 12.0 s `init-db` exited 1: `nc: bad address 'mydb'`".
    pub text: String,
}

/// `12.0 s`: always one decimal, the way the stage's clock reads.
pub fn clock(t: Millis) -> String {
    format!("{}.{} s", t.0 / 1000, t.0 % 1000 / 100)
}

fn at(t: Millis, what: String) -> Moment {
    Moment { at: Some(t), text: format!("at {} {what}", clock(t)) }
}

/// Quotes a log line for a sentence (trimmed, and cut when long).
fn quote(line: &str) -> String {
    let l = line.trim();
    let cut: String = l.chars().take(80).collect();
    format!("`{}{}`", cut, if cut.len() < l.len() { "…" } else { "" })
}

/// How one container instance ended at `t` (its lane turned Failed there).
fn failure_words(tl: &dyn Observed, pod: &str, container: &str, t: Millis) -> String {
    let state = tl.pod_at(pod, t).and_then(|v| {
        statuses(&v)
            .find(|s| s.name == container)
            .map(|s| [Some(s.state.clone()), s.last_state.clone()])
    });
    let term = state.into_iter().flatten().flatten().find_map(|s| match s {
        ContainerState::Terminated { exit_code, reason, message, .. } => {
            Some((exit_code, reason, message))
        }
        _ => None,
    });
    let last_line = tl
        .logs(pod, container, false, t)
        .and_then(|l| l.last().map(|(_, s)| s.clone()))
        .filter(|l| !l.trim().is_empty());
    match term {
        Some((_, Some(reason), Some(message))) if reason == "StartError" => {
            format!("`{container}` could not start: {message}")
        }
        Some((code, _, _)) => match last_line {
            Some(l) => format!("`{container}` exited {code}: {}", quote(&l)),
            None => format!("`{container}` exited {code} without logging anything"),
        },
        None => format!("`{container}` failed"),
    }
}

/// The pod's first trouble at or before `until`: the earliest non-zero exit or Warning event.
pub fn first_trouble(tl: &dyn Observed, pod: &str, until: Millis) -> Option<Moment> {
    let exits = tl.lanes().into_iter().filter(|l| l.pod == pod).filter_map(|l| {
        l.segments
            .iter()
            .find(|s| s.state == LaneState::Failed && s.from <= until)
            .map(|s| (s.from, l.container.clone()))
    });
    let first_exit = exits.min_by_key(|(t, _)| *t);
    let warning = tl
        .events_until(until)
        .into_iter()
        .filter(|e| e.pod == pod && e.type_ == "Warning" && e.reason != "BackOff")
        .min_by_key(|e| e.t);
    match (first_exit, warning) {
        (Some((t, c)), w) if w.as_ref().is_none_or(|w| t <= w.t) => {
            Some(at(t, failure_words(tl, pod, &c, t)))
        }
        (_, Some(w)) => Some(at(w.t, format!("{}: {}", w.reason, w.message))),
        _ => None,
    }
}

/// A regular init container that had started but not finished by `t` (what holds the pod
/// up), told by the first line it logged ("at 1.0 s `wait` logged `nc: bad address 'db'`").
pub fn stuck_init(tl: &dyn Observed, pod: &str, t: Millis) -> Option<Moment> {
    let lane = tl.lanes().into_iter().find(|l| {
        l.pod == pod
            && l.kind == ContainerKind::Init
            && l.starts.first().is_some_and(|s| *s <= t)
            && !l.segments.iter().any(|s| s.state == LaneState::Completed && s.from <= t)
    })?;
    let start = lane.starts.first().copied().unwrap_or(Millis::ZERO);
    let still = format!("and was still running at {}", clock(t));
    Some(match first_line(tl, pod, &lane.container) {
        Some(m) => Moment { text: format!("{} {still}", m.text), ..m },
        None => at(start, format!("`{}` started, logged nothing {still}", lane.container)),
    })
}

/// The first log line of a container, as a moment ("at 3.0 s `app` logged …").
fn first_line(tl: &dyn Observed, pod: &str, container: &str) -> Option<Moment> {
    let lines = all_logs(tl, pod, container);
    lines
        .first()
        .map(|(t, l)| at(*t, format!("{} logged {}", container_words(container), quote(l))))
}

/// The moment a failed `check` went another way in `tl`, if the run has one.
pub fn moment(check: &Check, tl: &dyn Observed) -> Option<Moment> {
    let end = tl.end();
    let pod = check.pod();
    let trouble = |until: Millis| first_trouble(tl, pod, until);
    let own = match check {
        Check::FinishedBefore { first, then, .. } | Check::StartedBefore { first, then, .. } => {
            let finished = matches!(check, Check::FinishedBefore { .. });
            match first_start(tl, pod, then) {
                Some(s) => {
                    // The first container's own trouble explains it, if it came before.
                    let inits = lanes_named(tl, pod, first);
                    let done = if finished {
                        first_completion(tl, pod, first)
                    } else {
                        first_start(tl, pod, first)
                    };
                    trouble(s).or_else(|| {
                        Some(at(
                            s,
                            if inits.is_empty() {
                                format!(
                                    "`{then}` started, and {} was not there to run first",
                                    container_words(first)
                                )
                            } else if done.is_some() {
                                format!(
                                    "`{then}` started while {} had not {} yet",
                                    container_words(first),
                                    if finished { "finished" } else { "started" }
                                )
                            } else {
                                format!("`{then}` started")
                            },
                        ))
                    })
                }
                None => trouble(end).or_else(|| stuck_init(tl, pod, end)),
            }
        }
        Check::StartedAfter { container, .. } => first_start(tl, pod, container)
            .map(|s| at(s, format!("{} started", container_words(container)))),
        Check::NeverStarted { container, .. } => {
            first_start(tl, pod, container).map(|s| at(s, format!("`{container}` started")))
        }
        Check::StatusNever { status, .. } => pod_rows(tl, pod)
            .into_iter()
            .find(|r| r.status == *status)
            .map(|r| at(r.t, format!("pod `{pod}` showed STATUS {status}"))),
        Check::LogLacks { container, text, .. } => all_logs(tl, pod, container)
            .into_iter()
            .find(|(_, l)| l.contains(text.as_str()))
            .map(|(t, l)| at(t, format!("{} logged {}", container_words(container), quote(&l)))),
        Check::LogContains { container, .. } => {
            let line = first_line(tl, pod, container);
            let before = line.as_ref().and_then(|m| m.at).unwrap_or(end);
            trouble(before).or(line)
        }
        Check::Phase { when, .. } | Check::Ready { when, .. } => {
            let limit = match when {
                When::Default => end,
                When::Within(t) | When::At(t) => (*t).min(end),
            };
            trouble(limit).or_else(|| stuck_init(tl, pod, limit)).or_else(|| {
                let rows = pod_rows(tl, pod);
                row_at(&rows, limit).map(|r| {
                    at(
                        limit,
                        format!("pod `{pod}` still showed STATUS {} (READY {})", r.status, r.ready),
                    )
                })
            })
        }
        Check::ExitCode { container, .. } => lanes_named(tl, pod, container).iter().find_map(|l| {
            l.segments
                .iter()
                .rev()
                .find(|s| matches!(s.state, LaneState::Failed | LaneState::Completed))
                .map(|s| at(s.from, failure_words(tl, pod, container, s.from)))
        }),
        Check::Unscheduled { .. } => tl
            .events_until(end)
            .into_iter()
            .find(|e| e.pod == pod && e.reason == "Scheduled")
            .map(|e| at(e.t, format!("pod `{pod}` was scheduled: {}", e.message))),
        _ => None,
    };
    own.or_else(|| trouble(end))
}
