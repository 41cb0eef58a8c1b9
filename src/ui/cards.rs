//! What the pod view shows, as plain data computed from the [`Timeline`] at one instant: a card
//! per pod (its `kubectl get pods` row, phase, the five conditions) holding a card per container
//! (kind, state, reason, exit code, restarts, and *why* in words).
//!
//! Nothing here decides Kubernetes behaviour: states and reasons come from the engine's
//! `PodStatus`, the row from the engine's watch rows. This only words and arranges them.

use crate::engine::kubectl::duration::human_duration;
use crate::engine::kubelet::{PodView, Timeline, WatchRow};
use crate::engine::model::{Container, ContainerKind, ContainerState, ContainerStatus};
use crate::engine::time::Millis;

/// The five pod conditions, in the order `kubectl describe` lists them.
pub const CONDITIONS: [&str; 5] =
    ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];

/// A container's state as the UI colours it (`data-state` on the container card): the engine's
/// lane state, so the cards and the Gantt lanes share one colour code (never colour alone: each
/// has an icon). Presentation lives here, the states in the engine.
pub use crate::engine::kubelet::LaneState as CState;

impl CState {
    /// The `data-state` / CSS value.
    pub fn as_str(self) -> &'static str {
        match self {
            CState::Waiting => "waiting",
            CState::Running => "running",
            CState::Ready => "ready",
            CState::Completed => "completed",
            CState::Failed => "failed",
            CState::BackOff => "backoff",
            CState::Terminating => "terminating",
        }
    }

    /// The state as the card says it.
    pub fn label(self) -> &'static str {
        match self {
            CState::Waiting => "Waiting",
            CState::Running => "Running",
            CState::Ready => "Ready",
            CState::Completed => "Completed",
            CState::Failed => "Failed",
            CState::BackOff => "Back-off",
            CState::Terminating => "Terminating",
        }
    }
}

/// One `kubectl get pods` row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GetRow {
    /// NAME.
    pub name: String,
    /// READY.
    pub ready: String,
    /// STATUS.
    pub status: String,
    /// RESTARTS.
    pub restarts: String,
    /// AGE.
    pub age: String,
}

/// A container as its card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerCard {
    /// Name.
    pub name: String,
    /// Init, sidecar or app.
    pub kind: ContainerKind,
    /// State (colour).
    pub state: CState,
    /// The state's reason (`PodInitializing`, `CrashLoopBackOff`, `Completed`, `Error`).
    pub reason: Option<String>,
    /// Exit code of the current (terminated) or, while waiting, previous instance.
    pub exit_code: Option<i32>,
    /// restartCount.
    pub restarts: u32,
    /// Why, in words: `waiting for init-a to complete`, `back-off 40s`, `exited 1 (Error)`.
    pub words: String,
}

/// A pod as its card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodCard {
    /// The `kubectl get pods` row at this instant.
    pub row: GetRow,
    /// `status.phase`.
    pub phase: String,
    /// The five conditions: (type, status `True`/`False`/`Unknown` when not set yet).
    pub conditions: Vec<(String, String)>,
    /// Init containers (and sidecars) first, in spec order, then app containers.
    pub containers: Vec<ContainerCard>,
}

/// The label of a container kind.
pub fn kind_label(k: ContainerKind) -> &'static str {
    match k {
        ContainerKind::Init => "init",
        ContainerKind::Sidecar => "sidecar",
        ContainerKind::App => "app",
    }
}

/// Every pod that exists at `t`, as cards.
pub fn pod_cards(tl: &Timeline, t: Millis) -> Vec<PodCard> {
    tl.pods_at(t)
        .iter()
        .map(|p| pod_card(p, row_at(tl.rows(), &p.pod.metadata.name, t), t))
        .collect()
}

/// The pod's last watch row at or before `t`.
pub fn row_at<'a>(rows: &'a [WatchRow], pod: &str, t: Millis) -> Option<&'a WatchRow> {
    rows.iter().rev().find(|r| r.pod == pod && r.t <= t)
}

fn pod_card(p: &PodView, row: Option<&WatchRow>, t: Millis) -> PodCard {
    let spec = &p.pod.spec;
    let n_app = spec.containers.len();
    let age = human_duration(t.saturating_sub(p.created));
    let row = match row {
        Some(r) => GetRow {
            name: r.pod.clone(),
            ready: r.ready.clone(),
            status: r.status.clone(),
            restarts: r.restarts.clone(),
            age,
        },
        // Before the kubelet's first row: the API object exists, nothing has run (kubectl shows
        // Pending, 0/N ready).
        None => GetRow {
            name: p.pod.metadata.name.clone(),
            ready: format!("0/{n_app}"),
            status: "Pending".into(),
            restarts: "0".into(),
            age,
        },
    };
    let conditions = CONDITIONS
        .iter()
        .map(|c| {
            let status = p
                .status
                .conditions
                .iter()
                .find(|x| x.type_ == *c)
                .map_or("Unknown".to_string(), |x| x.status.clone());
            (c.to_string(), status)
        })
        .collect();
    let inits: Vec<(&Container, ContainerKind, Option<&ContainerStatus>)> = spec
        .init_containers
        .iter()
        .map(|c| {
            let kind = if c.is_sidecar() { ContainerKind::Sidecar } else { ContainerKind::Init };
            (c, kind, p.status.init_container_statuses.iter().find(|s| s.name == c.name))
        })
        .collect();
    let apps = spec.containers.iter().map(|c| {
        (c, ContainerKind::App, p.status.container_statuses.iter().find(|s| s.name == c.name))
    });
    let all: Vec<_> = inits.iter().cloned().chain(apps).collect();
    // The first regular init container that has not completed: what everything after it waits on.
    let blocking = inits
        .iter()
        .find(|(_, k, s)| *k == ContainerKind::Init && !completed(*s))
        .map(|(c, _, _)| c.name.clone());
    let containers =
        all.iter().map(|(c, kind, s)| container_card(c, *kind, *s, blocking.as_deref())).collect();
    PodCard { row, phase: p.status.phase.as_str().into(), conditions, containers }
}

fn completed(s: Option<&ContainerStatus>) -> bool {
    matches!(s.map(|s| &s.state), Some(ContainerState::Terminated { exit_code: 0, .. }))
}

fn container_card(
    c: &Container,
    kind: ContainerKind,
    s: Option<&ContainerStatus>,
    blocking: Option<&str>,
) -> ContainerCard {
    let restarts = s.map_or(0, |s| s.restart_count);
    let last_exit = s.and_then(|s| match &s.last_state {
        Some(ContainerState::Terminated { exit_code, .. }) => Some(*exit_code),
        _ => None,
    });
    let waits_on = blocking.filter(|b| *b != c.name);
    let (state, reason, exit_code, words) = match s.map(|s| &s.state) {
        None => (CState::Waiting, None, None, waiting_words(waits_on)),
        Some(ContainerState::Waiting { reason, message }) => {
            let r = reason.clone().unwrap_or_default();
            let backoff = r.ends_with("BackOff") || r == "ErrImagePull";
            let words = if r == "CrashLoopBackOff" {
                // The kubelet's message: `back-off 40s restarting failed container=… pod=…`.
                let d = message
                    .as_deref()
                    .and_then(|m| m.strip_prefix("back-off "))
                    .and_then(|m| m.split_whitespace().next());
                match d {
                    Some(d) => format!("back-off {d}, then restart"),
                    None => "back-off, then restart".into(),
                }
            } else if r == "PodInitializing" || r.is_empty() {
                waiting_words(waits_on)
            } else {
                r.clone()
            };
            (
                if backoff { CState::BackOff } else { CState::Waiting },
                reason.clone(),
                last_exit,
                words,
            )
        }
        Some(ContainerState::Running { .. }) => {
            let ready = s.is_some_and(|s| s.ready);
            (
                if ready { CState::Ready } else { CState::Running },
                None,
                None,
                if ready { "running, ready".into() } else { "running".into() },
            )
        }
        Some(ContainerState::Terminated { exit_code, reason, signal, .. }) => {
            let st = if *exit_code == 0 { CState::Completed } else { CState::Failed };
            let sig = signal.map(|s| format!(", signal {s}")).unwrap_or_default();
            let words = format!(
                "exited {exit_code}{sig}{}",
                reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default()
            );
            (st, reason.clone(), Some(*exit_code), words)
        }
    };
    ContainerCard { name: c.name.clone(), kind, state, reason, exit_code, restarts, words }
}

fn waiting_words(waits_on: Option<&str>) -> String {
    match waits_on {
        Some(b) => format!("waiting for {b} to complete"),
        None => "waiting to start".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Pod, PodStatus};

    fn pod() -> Pod {
        let mut p = Pod::default();
        p.metadata.name = "web".into();
        for n in ["init-a", "init-b"] {
            p.spec.init_containers.push(Container { name: n.into(), ..Container::default() });
        }
        p.spec.containers.push(Container { name: "app".into(), ..Container::default() });
        p
    }

    fn status(name: &str, state: ContainerState) -> ContainerStatus {
        ContainerStatus {
            name: name.into(),
            state,
            last_state: None,
            ready: false,
            restart_count: 0,
            image: String::new(),
            image_id: String::new(),
            container_id: None,
            started: None,
        }
    }

    #[test]
    fn containers_behind_a_running_init_wait_for_it_by_name() {
        let mut st = PodStatus::default();
        st.init_container_statuses
            .push(status("init-a", ContainerState::Running { started_at: Millis(1) }));
        st.init_container_statuses.push(status(
            "init-b",
            ContainerState::Waiting { reason: Some("PodInitializing".into()), message: None },
        ));
        let view = PodView {
            pod: pod(),
            status: st,
            created: Millis::ZERO,
            deletion_timestamp: None,
            node_name: None,
        };
        let card = pod_card(&view, None, Millis::from_secs(3));
        let words: Vec<&str> = card.containers.iter().map(|c| c.words.as_str()).collect();
        assert_eq!(
            words,
            ["running", "waiting for init-a to complete", "waiting for init-a to complete"]
        );
        let r = &card.row;
        assert_eq!(
            [&r.name, &r.ready, &r.status, &r.restarts, &r.age],
            ["web", "0/1", "Pending", "0", "3s"]
        );
        assert_eq!(card.conditions.len(), 5);
    }

    #[test]
    fn crash_loop_back_off_says_how_long_and_keeps_the_last_exit_code() {
        let mut s = status(
            "init-a",
            ContainerState::Waiting {
                reason: Some("CrashLoopBackOff".into()),
                message: Some(
                    "back-off 40s restarting failed container=init-a pod=web_default(1)".into(),
                ),
            },
        );
        s.last_state = Some(ContainerState::Terminated {
            exit_code: 1,
            signal: None,
            reason: Some("Error".into()),
            message: None,
            started_at: Millis(0),
            finished_at: Millis(1),
        });
        s.restart_count = 3;
        let c = container_card(
            &pod().spec.init_containers[0],
            ContainerKind::Init,
            Some(&s),
            Some("init-a"),
        );
        assert_eq!(
            (c.state, c.words.as_str(), c.exit_code, c.restarts),
            (CState::BackOff, "back-off 40s, then restart", Some(1), 3)
        );
    }

    #[test]
    fn terminated_containers_say_their_exit() {
        let s = status(
            "init-a",
            ContainerState::Terminated {
                exit_code: 0,
                signal: None,
                reason: Some("Completed".into()),
                message: None,
                started_at: Millis(0),
                finished_at: Millis(1),
            },
        );
        let c = container_card(&pod().spec.init_containers[0], ContainerKind::Init, Some(&s), None);
        assert_eq!((c.state.as_str(), c.words.as_str()), ("completed", "exited 0 (Completed)"));
    }
}
