//! The check vocabulary: small declarative statements about a simulation, evaluated on the
//! [`Timeline`] (what the pod *did*), never on the manifest text, so every correct solution
//! passes, however it is written.
//!
//! One check per line, `name(arg, arg, …)` optionally followed by `within <N>s` (or `<N>m`):
//!
//! | check | passes when |
//! |---|---|
//! | `phase(pod, Running)` | `status.phase` is Running at the end (with `within 60s`: at some instant ≤ 60 s) |
//! | `status_seen(pod, "Init:CrashLoopBackOff")` | the `kubectl get` STATUS column showed it (ever, or within) |
//! | `status_never(pod, "Init:Error")` | the STATUS column never showed it |
//! | `ready(pod)` | READY was `n/n` (n > 0) at the end (with `within`: at some instant ≤ N) |
//! | `no_restarts(pod)` | every container's `restartCount` is 0 at the end |
//! | `restarts_at_least(pod, container, n)` | that container's `restartCount` ≥ n at the end |
//! | `ran_once(pod, container)` | exactly one instance of the container was started |
//! | `never_started(pod, container)` | no instance of the container was ever started |
//! | `started_before(pod, a, b)` | `a` first started before `b` first started |
//! | `finished_before(pod, init, app)` | `init` exited 0 before `app` first started |
//! | `ready_before(pod, sidecar, app)` | `sidecar` was ready before `app` first started |
//! | `log_contains(pod, container, "text")` | a log line (current or previous instance) contains it |
//! | `log_lacks(pod, container, "text")` | no log line contains it |
//! | `file_contains(pod, volume, "path", "text")` | the volume holds that file and it contains the text |
//! | `event_seen(pod, Reason)` | an event with that reason was recorded for the pod |
//! | `exit_code(pod, container, n)` | the container's last termination had exit code n |
//! | `unscheduled(pod)` | the pod was never bound to the node |
//! | `restarts_shown(pod, "0")` | the RESTARTS column at the end starts with this (`0`, `2 (`) |
//! | `reason_seen(pod, container, "PodInitializing")` | the container's waiting/terminated reason was this at some row change |
//! | `request_at_least(pod, container, cpu, 1)` | the container's request for that resource, as the API server stored it, is at least this (`500m`, `1`, `1Gi`) |
//! | `started_after(pod, container, 30s)` | the container first started at or after that instant (after a database the exercise applies then) |
//!
//! `phase` and `ready` also take `at <N>s`: they hold at that very instant (`phase(x, Pending)
//! at 15s`: still initializing then). `within` on a state every pod starts in (`phase(x,
//! Pending) within 20s`) holds on the creation row alone: [`Check::vacuous`] lets the linter
//! refuse such checks.
//!
//! A container argument may be `*` where the goal leaves the name free: in `finished_before`
//! and `started_before` (first argument) and `ran_once` it means "some regular init container",
//! in `log_contains` / `log_lacks` "any container of the pod".
//!
//! Evaluators are pure functions over the [`Observed`] trait, which [`Timeline`] implements;
//! tests implement it on hand-built data. Each failure says, in learner words, which part of the
//! goal is not met and what the simulation showed instead.

use crate::engine::kubelet::{Lane, LaneState, PodView, Timeline, WatchRow};
use crate::engine::model::{ContainerKind, ContainerState, ContainerStatus, Event, PodPhase};
use crate::engine::time::Millis;
use std::collections::BTreeMap;
mod observe;
pub use observe::*;
mod parse;
pub use parse::*;

/// The read-only view of a simulation that checks need (a subset of [`Timeline`]'s API).
pub trait Observed {
    /// Last simulated instant.
    fn end(&self) -> Millis;
    /// A pod at `t`.
    fn pod_at(&self, name: &str, t: Millis) -> Option<PodView>;
    /// Every `kubectl get pods -w` row.
    fn rows(&self) -> Vec<WatchRow>;
    /// Events up to `t`.
    fn events_until(&self, t: Millis) -> Vec<Event>;
    /// Log lines of a container instance up to `t`.
    fn logs(
        &self,
        pod: &str,
        container: &str,
        previous: bool,
        t: Millis,
    ) -> Option<Vec<(Millis, String)>>;
    /// Volume name → path → contents at `t`.
    fn files_at(&self, pod: &str, t: Millis) -> BTreeMap<String, BTreeMap<String, Vec<u8>>>;
    /// Gantt lanes.
    fn lanes(&self) -> Vec<Lane>;
}

impl Observed for Timeline {
    fn end(&self) -> Millis {
        Timeline::end(self)
    }
    fn pod_at(&self, name: &str, t: Millis) -> Option<PodView> {
        Timeline::pod_at(self, name, t)
    }
    fn rows(&self) -> Vec<WatchRow> {
        Timeline::rows(self).to_vec()
    }
    fn events_until(&self, t: Millis) -> Vec<Event> {
        Timeline::events_until(self, t)
    }
    fn logs(
        &self,
        pod: &str,
        container: &str,
        previous: bool,
        t: Millis,
    ) -> Option<Vec<(Millis, String)>> {
        Timeline::logs(self, pod, container, previous, t)
    }
    fn files_at(&self, pod: &str, t: Millis) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
        Timeline::files_at(self, pod, t)
    }
    fn lanes(&self) -> Vec<Lane> {
        Timeline::lanes(self)
    }
}

/// When a time-dependent check must hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// At the end of the simulation (phase, ready) / at any time (status_seen).
    Default,
    /// At some instant no later than this.
    Within(Millis),
    /// At exactly this instant.
    At(Millis),
}

/// One parsed check.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// `phase(pod, Phase)`.
    Phase { pod: String, phase: PodPhase, when: When },
    /// `status_seen(pod, "STATUS")`.
    StatusSeen { pod: String, status: String, when: When },
    /// `status_never(pod, "STATUS")`.
    StatusNever { pod: String, status: String },
    /// `ready(pod)`.
    Ready { pod: String, when: When },
    /// `no_restarts(pod)`.
    NoRestarts { pod: String },
    /// `restarts_at_least(pod, container, n)`.
    RestartsAtLeast { pod: String, container: String, min: u32 },
    /// `ran_once(pod, container)`.
    RanOnce { pod: String, container: String },
    /// `never_started(pod, container)`.
    NeverStarted { pod: String, container: String },
    /// `started_before(pod, a, b)`.
    StartedBefore { pod: String, first: String, then: String },
    /// `finished_before(pod, init, app)`.
    FinishedBefore { pod: String, first: String, then: String },
    /// `ready_before(pod, sidecar, app)`.
    ReadyBefore { pod: String, first: String, then: String },
    /// `log_contains(pod, container, "text")`.
    LogContains { pod: String, container: String, text: String },
    /// `log_lacks(pod, container, "text")`.
    LogLacks { pod: String, container: String, text: String },
    /// `file_contains(pod, volume, "path", "text")`.
    FileContains { pod: String, volume: String, path: String, text: String },
    /// `event_seen(pod, Reason)`.
    EventSeen { pod: String, reason: String },
    /// `exit_code(pod, container, n)`.
    ExitCode { pod: String, container: String, code: i32 },
    /// `unscheduled(pod)`.
    Unscheduled { pod: String },
    /// `restarts_shown(pod, "text")`.
    RestartsShown { pod: String, text: String },
    /// `reason_seen(pod, container, "Reason")`.
    ReasonSeen { pod: String, container: String, reason: String },
    /// `started_after(pod, container, 30s)`.
    StartedAfter { pod: String, container: String, after: Millis },
    /// `request_at_least(pod, container, resource, quantity)`: quantity in thousandths.
    RequestAtLeast { pod: String, container: String, resource: String, milli: i128, text: String },
}

/// The container argument that leaves the name free (see the module docs).
pub const ANY: &str = "*";

impl Check {
    /// The pod the check is about.
    pub fn pod(&self) -> &str {
        match self {
            Check::Phase { pod, .. }
            | Check::StatusSeen { pod, .. }
            | Check::StatusNever { pod, .. }
            | Check::Ready { pod, .. }
            | Check::NoRestarts { pod }
            | Check::RestartsAtLeast { pod, .. }
            | Check::RanOnce { pod, .. }
            | Check::NeverStarted { pod, .. }
            | Check::StartedBefore { pod, .. }
            | Check::FinishedBefore { pod, .. }
            | Check::ReadyBefore { pod, .. }
            | Check::LogContains { pod, .. }
            | Check::LogLacks { pod, .. }
            | Check::FileContains { pod, .. }
            | Check::EventSeen { pod, .. }
            | Check::ExitCode { pod, .. }
            | Check::Unscheduled { pod }
            | Check::RestartsShown { pod, .. }
            | Check::ReasonSeen { pod, .. }
            | Check::StartedAfter { pod, .. }
            | Check::RequestAtLeast { pod, .. } => pod,
        }
    }

    /// The container names the check needs (not [`ANY`]): the goal must say them.
    pub fn containers(&self) -> Vec<&str> {
        let names: Vec<&str> = match self {
            Check::RestartsAtLeast { container, .. }
            | Check::RanOnce { container, .. }
            | Check::NeverStarted { container, .. }
            | Check::LogContains { container, .. }
            | Check::LogLacks { container, .. }
            | Check::ExitCode { container, .. }
            | Check::ReasonSeen { container, .. }
            | Check::StartedAfter { container, .. }
            | Check::RequestAtLeast { container, .. } => vec![container],
            Check::StartedBefore { first, then, .. }
            | Check::FinishedBefore { first, then, .. }
            | Check::ReadyBefore { first, then, .. } => vec![first, then],
            _ => Vec::new(),
        };
        names.into_iter().filter(|n| *n != ANY).collect()
    }

    /// Whether passing on a run *prefix* means passing on every longer run: "it happened at
    /// some point (within N)" checks. Only these can be vacuous in [`Check::vacuous`]'s sense.
    pub fn is_eventually(&self) -> bool {
        match self {
            Check::Phase { when, .. } | Check::Ready { when, .. } => {
                matches!(when, When::Within(_))
            }
            Check::StatusSeen { .. }
            | Check::LogContains { .. }
            | Check::EventSeen { .. }
            | Check::ReasonSeen { .. } => true,
            Check::RestartsAtLeast { min, .. } => *min == 0,
            _ => false,
        }
    }

    /// `Some(why)` when this check cannot fail: an "eventually" check that already holds on
    /// the row every pod starts with (created, Pending, nothing ready, no restarts), so it
    /// proves nothing about what follows (`phase(x, Pending) within 20s`).
    pub fn vacuous(&self) -> Option<String> {
        if let Check::RestartsAtLeast { min: 0, .. } = self {
            return Some("a restart count is always at least 0".into());
        }
        (self.is_eventually() && evaluate(self, &CreationRow(self.pod())).passed()).then(|| {
            "every pod's first row (t = 0, Pending) already satisfies it, whatever happens \
             next, so it proves nothing (use `at <N>s`, or a state only this run reaches)"
                .to_string()
        })
    }
}

/// A run that is nothing but a pod's creation row: what every run of every pod starts with.
struct CreationRow<'p>(&'p str);

impl Observed for CreationRow<'_> {
    fn end(&self) -> Millis {
        Millis::ZERO
    }
    fn pod_at(&self, _name: &str, _t: Millis) -> Option<PodView> {
        None
    }
    fn rows(&self) -> Vec<WatchRow> {
        vec![WatchRow {
            t: Millis::ZERO,
            pod: self.0.to_string(),
            ready: "0/1".into(),
            status: "Pending".into(),
            restarts: "0".into(),
            phase: "Pending".into(),
        }]
    }
    fn events_until(&self, _t: Millis) -> Vec<Event> {
        Vec::new()
    }
    fn logs(&self, _: &str, _: &str, _: bool, _: Millis) -> Option<Vec<(Millis, String)>> {
        None
    }
    fn files_at(&self, _: &str, _: Millis) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
        BTreeMap::new()
    }
    fn lanes(&self) -> Vec<Lane> {
        Vec::new()
    }
}

/// The outcome of one check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The goal part holds.
    Pass,
    /// It does not; the text says what the simulation showed instead.
    Fail(String),
}

impl Outcome {
    /// Whether it passed.
    pub fn passed(&self) -> bool {
        matches!(self, Outcome::Pass)
    }
}

/// Evaluates one check on a simulation.
pub fn evaluate(check: &Check, tl: &dyn Observed) -> Outcome {
    // A container the goal names but the pod lacks (renamed, or never added): say that, rather
    // than "never finished" or a vacuous pass of `never_started`.
    let pod = check.pod();
    let lanes = tl.lanes();
    if lanes.iter().any(|l| l.pod == pod) {
        if let Some(missing) = check
            .containers()
            .into_iter()
            .find(|c| !lanes.iter().any(|l| l.pod == pod && l.container == *c))
        {
            return Outcome::Fail(format!(
                "Pod {pod} has no container named {missing}: the goal needs that name."
            ));
        }
    }
    evaluate_present(check, tl)
}

fn evaluate_present(check: &Check, tl: &dyn Observed) -> Outcome {
    let end = tl.end();
    match check {
        Check::Phase { pod, phase, when } => {
            let rows = pod_rows(tl, pod);
            match when {
                When::Default => match tl.pod_at(pod, end) {
                    None => missing_pod(pod),
                    Some(v) if v.status.phase == *phase => Outcome::Pass,
                    Some(v) => Outcome::Fail(format!(
                        "At the end ({}) pod {pod} is {}, not {}: {}.",
                        secs(end),
                        v.status.phase.as_str(),
                        phase.as_str(),
                        describe_row(row_at(&rows, end))
                    )),
                },
                When::At(t) => match row_at(&rows, *t) {
                    Some(r) if r.phase == phase.as_str() => Outcome::Pass,
                    None if tl.pod_at(pod, end).is_none() => missing_pod(pod),
                    r => Outcome::Fail(format!(
                        "At {} pod {pod} was not {}: it showed {}.",
                        secs(*t),
                        phase.as_str(),
                        describe_row(r)
                    )),
                },
                When::Within(limit) => {
                    if rows.iter().any(|r| r.t <= *limit && r.phase == phase.as_str()) {
                        Outcome::Pass
                    } else if rows.is_empty() && tl.pod_at(pod, end).is_none() {
                        missing_pod(pod)
                    } else {
                        let later = rows.iter().find(|r| r.phase == phase.as_str()).map(|r| r.t);
                        Outcome::Fail(format!(
                            "Pod {pod} was not {} within {}: at {} it showed {}{}.",
                            phase.as_str(),
                            secs(*limit),
                            secs(*limit),
                            describe_row(row_at(&rows, *limit)),
                            later
                                .map(|t| format!(" (it got there only at {})", secs(t)))
                                .unwrap_or_default()
                        ))
                    }
                }
            }
        }
        Check::StatusSeen { pod, status, when } => {
            let rows = pod_rows(tl, pod);
            let limit = match when {
                When::Default => end,
                When::Within(l) | When::At(l) => *l,
            };
            if rows.iter().any(|r| r.t <= limit && r.status == *status) {
                Outcome::Pass
            } else if rows.is_empty() {
                if tl.pod_at(pod, end).is_none() {
                    missing_pod(pod)
                } else {
                    Outcome::Fail(format!("Pod {pod} never showed a status at all."))
                }
            } else {
                Outcome::Fail(format!(
                    "Pod {pod} never showed STATUS {status}{}. It went: {}.",
                    if *when == When::Default {
                        String::new()
                    } else {
                        format!(" within {}", secs(limit))
                    },
                    join_distinct(&rows)
                ))
            }
        }
        Check::StatusNever { pod, status } => {
            let rows = pod_rows(tl, pod);
            match rows.iter().find(|r| r.status == *status) {
                None => Outcome::Pass,
                Some(r) => {
                    Outcome::Fail(format!("Pod {pod} showed STATUS {status} at {}.", secs(r.t)))
                }
            }
        }
        Check::Ready { pod, when } => {
            let rows = pod_rows(tl, pod);
            match when {
                When::Default => match row_at(&rows, end) {
                    Some(r) if is_ready(&r.ready) => Outcome::Pass,
                    r => {
                        if r.is_none() && tl.pod_at(pod, end).is_none() {
                            missing_pod(pod)
                        } else {
                            Outcome::Fail(format!(
                                "At the end pod {pod} is not ready: {}.",
                                describe_row(r)
                            ))
                        }
                    }
                },
                When::At(t) => match row_at(&rows, *t) {
                    Some(r) if is_ready(&r.ready) => Outcome::Pass,
                    r => Outcome::Fail(format!(
                        "At {} pod {pod} was not ready: it showed {}.",
                        secs(*t),
                        describe_row(r)
                    )),
                },
                When::Within(limit) => {
                    if rows.iter().any(|r| r.t <= *limit && is_ready(&r.ready)) {
                        Outcome::Pass
                    } else {
                        Outcome::Fail(format!(
                            "Pod {pod} was not ready within {}: at {} it showed {}.",
                            secs(*limit),
                            secs(*limit),
                            describe_row(row_at(&rows, *limit))
                        ))
                    }
                }
            }
        }
        Check::NoRestarts { pod } => match tl.pod_at(pod, end) {
            None => missing_pod(pod),
            Some(v) => {
                let restarted: Vec<String> = statuses(&v)
                    .filter(|s| s.restart_count > 0)
                    .map(|s| format!("{} ({}×)", s.name, s.restart_count))
                    .collect();
                if restarted.is_empty() {
                    Outcome::Pass
                } else {
                    Outcome::Fail(format!("Pod {pod} had restarts: {}.", restarted.join(", ")))
                }
            }
        },
        Check::RestartsAtLeast { pod, container, min } => match tl.pod_at(pod, end) {
            None => missing_pod(pod),
            Some(v) => match statuses(&v).find(|s| s.name == *container) {
                None => {
                    Outcome::Fail(format!("Pod {pod} has no container {container} with a status."))
                }
                Some(s) if s.restart_count >= *min => Outcome::Pass,
                Some(s) => Outcome::Fail(format!(
                    "Container {container} restarted {} time(s), expected at least {min}.",
                    s.restart_count
                )),
            },
        },
        Check::ExitCode { pod, container, code } => match tl.pod_at(pod, end) {
            None => missing_pod(pod),
            Some(v) => {
                let term = statuses(&v).find(|s| s.name == *container).and_then(|s| {
                    [Some(&s.state), s.last_state.as_ref()].into_iter().flatten().find_map(|st| {
                        match st {
                            ContainerState::Terminated { exit_code, .. } => Some(*exit_code),
                            _ => None,
                        }
                    })
                });
                match term {
                    Some(c) if c == *code => Outcome::Pass,
                    Some(c) => Outcome::Fail(format!(
                        "Container {container} exited with code {c}, not {code}."
                    )),
                    None => {
                        Outcome::Fail(format!("Container {container} of pod {pod} never exited."))
                    }
                }
            }
        },
        Check::RanOnce { pod, container } if container == ANY => {
            let inits = lanes_named(tl, pod, container);
            if inits.iter().any(|l| l.starts.len() == 1) {
                Outcome::Pass
            } else if inits.is_empty() {
                Outcome::Fail(format!("Pod {pod} has no init container."))
            } else {
                Outcome::Fail(format!(
                    "No init container of pod {pod} ran exactly once (started: {}).",
                    inits
                        .iter()
                        .map(|l| format!("{} {}×", l.container, l.starts.len()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
        Check::RanOnce { pod, container } => match lane(tl, pod, container) {
            Some(l) if l.starts.len() == 1 => Outcome::Pass,
            Some(l) if l.starts.is_empty() => {
                Outcome::Fail(format!("Container {container} never started."))
            }
            Some(l) => Outcome::Fail(format!(
                "Container {container} was started {} times, not once.",
                l.starts.len()
            )),
            None => Outcome::Fail(format!("Pod {pod} has no container named {container}.")),
        },
        Check::NeverStarted { pod, container } => match first_start(tl, pod, container) {
            None => Outcome::Pass,
            Some(t) => {
                Outcome::Fail(format!("Container {container} of pod {pod} started at {}.", secs(t)))
            }
        },
        Check::StartedBefore { pod, first, then } => {
            let (a, b) = (first_start(tl, pod, first), first_start(tl, pod, then));
            let first = &container_words(first);
            match (a, b) {
                (Some(a), Some(b)) if a < b => Outcome::Pass,
                (Some(a), Some(b)) => Outcome::Fail(format!(
                    "{then} started at {}, not after {first} (which started at {}).",
                    secs(b),
                    secs(a)
                )),
                (None, _) => Outcome::Fail(format!("{first} never started.")),
                (Some(_), None) => Outcome::Fail(format!("{then} never started.")),
            }
        }
        Check::FinishedBefore { pod, first, then } => {
            let done = first_completion(tl, pod, first);
            let first = &container_words(first);
            let no_init = first == &container_words(ANY) && lanes_named(tl, pod, ANY).is_empty();
            match (done, first_start(tl, pod, then)) {
                (_, Some(s)) if no_init => Outcome::Fail(format!(
                    "Pod {pod} has no init container: {then} started at {} with nothing run before it.",
                    secs(s)
                )),
                (Some(d), Some(s)) if d <= s => Outcome::Pass,
                (Some(d), Some(s)) => Outcome::Fail(format!(
                    "{then} started at {}, before {first} finished (at {}).",
                    secs(s),
                    secs(d)
                )),
                (None, Some(s)) => Outcome::Fail(format!(
                    "{then} started at {} but {first} never finished successfully.",
                    secs(s)
                )),
                (_, None) => Outcome::Fail(format!(
                    "{then} never started{}.",
                    if done.is_none() {
                        format!(" and {first} never finished successfully")
                    } else {
                        String::new()
                    }
                )),
            }
        }
        Check::ReadyBefore { pod, first, then } => {
            let ready = lane(tl, pod, first).and_then(|l| {
                l.segments.iter().find(|s| s.state == LaneState::Ready).map(|s| s.from)
            });
            match (ready, first_start(tl, pod, then)) {
                (Some(r), Some(s)) if r <= s => Outcome::Pass,
                (Some(r), Some(s)) => Outcome::Fail(format!(
                    "{then} started at {}, before {first} was ready (at {}).",
                    secs(s),
                    secs(r)
                )),
                (None, _) => Outcome::Fail(format!("{first} was never ready.")),
                (Some(_), None) => Outcome::Fail(format!("{then} never started.")),
            }
        }
        Check::LogContains { pod, container, text } | Check::LogLacks { pod, container, text } => {
            let lines = all_logs(tl, pod, container);
            let hit = lines.iter().find(|(_, l)| l.contains(text.as_str()));
            let want = matches!(check, Check::LogContains { .. });
            match (want, hit) {
                (true, Some(_)) | (false, None) => Outcome::Pass,
                (true, None) => {
                    let last = lines
                        .last()
                        .map(|(_, l)| format!(" Its last line was {l:?}."))
                        .unwrap_or_else(|| " It logged nothing.".into());
                    Outcome::Fail(format!(
                        "The log of {} never contains {text:?}.{last}",
                        container_words(container)
                    ))
                }
                (false, Some((t, l))) => Outcome::Fail(format!(
                    "The log of {} contains {l:?} (at {}).",
                    container_words(container),
                    secs(*t)
                )),
            }
        }
        Check::FileContains { pod, volume, path, text } => {
            let files = tl.files_at(pod, end);
            let Some(vol) = files.get(volume) else {
                return Outcome::Fail(format!(
                    "Volume {volume} of pod {pod} holds no files at the end of the run: is it in spec.volumes, and mounted in the container that writes the file?"
                ));
            };
            let key = path.trim_start_matches('/');
            let found = vol.iter().find(|(p, _)| p.trim_start_matches('/') == key);
            match found {
                None => Outcome::Fail(format!("There is no file {key} in volume {volume}.")),
                Some((_, data)) if String::from_utf8_lossy(data).contains(text.as_str()) => {
                    Outcome::Pass
                }
                Some((_, data)) => Outcome::Fail(format!(
                    "File {key} in volume {volume} does not contain {text:?}; it holds {:?}.",
                    String::from_utf8_lossy(&data[..data.len().min(80)])
                )),
            }
        }
        Check::EventSeen { pod, reason } => {
            if tl.events_until(end).iter().any(|e| e.pod == *pod && e.reason == *reason) {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("No {reason} event was recorded for pod {pod}."))
            }
        }
        Check::RestartsShown { pod, text } => {
            let rows = pod_rows(tl, pod);
            match row_at(&rows, end) {
                Some(r) if r.restarts.starts_with(text.as_str()) => Outcome::Pass,
                Some(r) => Outcome::Fail(format!(
                    "At the end RESTARTS shows {:?}, not {text:?}.",
                    r.restarts
                )),
                None => missing_pod(pod),
            }
        }
        Check::ReasonSeen { pod, container, reason } => {
            // Sample the pod at every instant its row changed: reasons live in the status.
            let mut seen: Vec<String> = Vec::new();
            for r in pod_rows(tl, pod) {
                let Some(v) = tl.pod_at(pod, r.t) else { continue };
                let state = statuses(&v).find(|s| s.name == *container).map(|s| s.state.clone());
                if let Some(state) = state {
                    let why = match state {
                        ContainerState::Waiting { reason, .. } => reason,
                        ContainerState::Terminated { reason, .. } => reason,
                        ContainerState::Running { .. } => Some("(running)".into()),
                    };
                    if let Some(w) = why {
                        if !seen.contains(&w) {
                            seen.push(w);
                        }
                    }
                }
            }
            if seen.iter().any(|w| w == reason) {
                Outcome::Pass
            } else {
                Outcome::Fail(format!(
                    "Container {container} never had reason {reason}; it showed: {}.",
                    if seen.is_empty() { "nothing".to_string() } else { seen.join(", ") }
                ))
            }
        }
        Check::StartedAfter { pod, container, after } => match first_start(tl, pod, container) {
            Some(t) if t >= *after => Outcome::Pass,
            Some(t) => Outcome::Fail(format!(
                "{} started at {}, before {}.",
                container_words(container),
                secs(t),
                secs(*after)
            )),
            None => Outcome::Fail(format!("{} never started.", container_words(container))),
        },
        Check::RequestAtLeast { pod, container, resource, milli, text } => {
            match tl.pod_at(pod, end) {
                None => missing_pod(pod),
                Some(v) => {
                    let spec = &v.pod.spec;
                    let c = spec
                        .init_containers
                        .iter()
                        .chain(&spec.containers)
                        .find(|c| c.name == *container);
                    match c.and_then(|c| c.resources.requests.get(resource.as_str())) {
                        Some(q) if q.milli >= *milli => Outcome::Pass,
                        Some(q) => Outcome::Fail(format!(
                            "`{container}` requests {resource} {}, less than {text}.",
                            q.text
                        )),
                        None => Outcome::Fail(format!(
                            "`{container}` has no {resource} request (at least {text} is asked for)."
                        )),
                    }
                }
            }
        }
        Check::Unscheduled { pod } => match tl.pod_at(pod, end) {
            None => missing_pod(pod),
            Some(v) => match v.node_name {
                None => Outcome::Pass,
                Some(n) => Outcome::Fail(format!("Pod {pod} was scheduled to {n}.")),
            },
        },
    }
}

pub mod debrief;
pub mod divergence;

#[cfg(test)]
mod tests;
