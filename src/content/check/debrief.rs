//! The debrief after a solved exercise: what happened in *the learner's* run, told from its
//! own record (container lanes, rows, events), so two different correct answers get two
//! different stories ("`seed-cache` ran from 1.0 s to 2.0 s and exited 0; `app` started at
//! 3.0 s…"). Pure, like the checks.

use super::divergence::{clock, first_trouble};
use super::{pod_rows, Observed};
use crate::engine::kubelet::{Lane, LaneState};
use crate::engine::model::ContainerKind;

/// One lane's story in a sentence.
fn lane_story(l: &Lane) -> String {
    let name = &l.container;
    let what = match l.kind {
        ContainerKind::Init => "init container",
        ContainerKind::Sidecar => "sidecar",
        ContainerKind::App => "app container",
    };
    let Some(first) = l.starts.first() else {
        return format!("`{name}` ({what}) never started.");
    };
    let failures = l.segments.iter().filter(|s| s.state == LaneState::Failed).count();
    let tries = match l.starts.len() {
        1 => String::new(),
        n => format!(" ({n} attempts, {failures} failed)"),
    };
    let done = l.segments.iter().find(|s| s.state == LaneState::Completed).map(|s| s.from);
    let ready = l.segments.iter().find(|s| s.state == LaneState::Ready).map(|s| s.from);
    let last = l.segments.last().map(|s| s.state);
    let tail = match (l.kind, done, ready, last) {
        (ContainerKind::Init, Some(d), _, _) => format!(" and exited 0 at {}", clock(d)),
        (_, _, Some(r), Some(LaneState::Ready | LaneState::Running)) if r > *first => {
            format!(", was ready at {} and was still running at the end", clock(r))
        }
        (_, _, _, Some(LaneState::Ready | LaneState::Running)) => {
            " and was still running at the end".to_string()
        }
        (_, Some(d), _, _) => format!(" and exited 0 at {}", clock(d)),
        (_, _, _, Some(LaneState::Failed | LaneState::BackOff)) => {
            " and was failing at the end".to_string()
        }
        (_, _, _, Some(LaneState::Terminating)) => " and was being stopped at the end".into(),
        _ => String::new(),
    };
    format!("`{name}` ({what}) started at {}{tail}{tries}.", clock(*first))
}

/// What happened to each of `pods` in `tl`, a few lines each: every container's run in lane
/// order (init containers, sidecars, apps), then where the pod ended up and when.
pub fn debrief(tl: &dyn Observed, pods: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let lanes = tl.lanes();
    for pod in pods {
        let mine: Vec<&Lane> = lanes.iter().filter(|l| l.pod == *pod).collect();
        if mine.is_empty() {
            continue;
        }
        out.extend(mine.iter().map(|l| lane_story(l)));
        let rows = pod_rows(tl, pod);
        let Some(last) = rows.last() else { continue };
        let reached = rows.iter().find(|r| r.phase == last.phase).map(|r| r.t).unwrap_or(last.t);
        let mut end = format!(
            "Pod `{pod}` reached phase {} at {} (STATUS {}, READY {}, RESTARTS {})",
            last.phase,
            clock(reached),
            last.status,
            last.ready,
            last.restarts
        );
        if last.phase == "Failed" {
            if let Some(m) = first_trouble(tl, pod, tl.end()) {
                end.push_str(&format!(": {}", m.text));
            }
        }
        end.push('.');
        out.push(end);
    }
    out
}
