//! What the pod view shows, as plain data computed from the [`Timeline`] at one instant: a card
//! per pod (its `kubectl get pods` row, phase, the five conditions) holding a card per container
//! (kind, state, reason, exit code, restarts, and *why* in words).
//!
//! Nothing here decides Kubernetes behaviour: each container's state, reason, what it waits on
//! and the back-off in force come from the kubelet's [`ContainerView`] (the same values its
//! Gantt lane is drawn from), the row from the engine's watch rows. This only words them.

use crate::engine::kubelet::{ContainerView, PodView, Timeline, WatchRow};
use crate::engine::model::ContainerKind;
use crate::engine::time::Millis;
use crate::engine::time::{go_duration, human_duration};

/// The five pod conditions, in the order `kubectl describe` lists them.
pub const CONDITIONS: [&str; 5] =
    ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];

/// A container's state as the UI colours it (`data-state` on the container card): the engine's
/// lane state, so the cards and the Gantt lanes share one colour code (never colour alone: each
/// has an icon). Presentation lives here, the states in the engine.
pub use crate::engine::kubelet::LaneState as CState;

impl CState {
    /// The state as the card says it (its `data-state` value is the engine's `as_str`).
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
    let n_app = p.pod.spec.containers.len();
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
    let containers = p.containers.iter().map(container_card).collect();
    PodCard { row, phase: p.status.phase.as_str().into(), conditions, containers }
}

/// A container's card: the kubelet's display state, worded.
fn container_card(v: &ContainerView) -> ContainerCard {
    ContainerCard {
        name: v.name.clone(),
        kind: v.kind,
        state: v.state,
        reason: v.reason.clone(),
        exit_code: v.exit_code,
        restarts: v.restart_count,
        words: words(v),
    }
}

/// Why, in words: `waiting for init-a to complete`, `back-off 40s, then restart`, `exited 1
/// (Error)`.
fn words(v: &ContainerView) -> String {
    let reason = v.reason.as_deref().unwrap_or_default();
    match v.state {
        CState::Waiting | CState::BackOff => match (reason, v.backoff_ms, &v.waiting_for) {
            ("CrashLoopBackOff", Some(ms), _) => {
                format!("back-off {}, then restart", go_duration(Millis(ms)))
            }
            ("CrashLoopBackOff", None, _) => "back-off, then restart".into(),
            (_, _, Some(b)) => format!("waiting for {b} to complete"),
            ("" | "PodInitializing", _, None) => "waiting to start".into(),
            (r, _, None) => r.to_string(),
        },
        CState::Running => "running".into(),
        CState::Ready => "running, ready".into(),
        CState::Terminating => "stopping".into(),
        CState::Completed | CState::Failed => {
            let sig = v.signal.map(|s| format!(", signal {s}")).unwrap_or_default();
            let reason = v.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
            format!("exited {}{sig}{reason}", v.exit_code.unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::admission::admit;
    use crate::engine::kubelet::{simulate, Scenario};

    fn timeline(yaml: &str, secs: u64) -> Timeline {
        let objects = admit(yaml).objects;
        simulate(&Scenario::apply_at_zero(objects, Millis::from_secs(secs)))
    }

    /// At every instant the timeline changes, each container's card has the state of its lane.
    fn assert_cards_agree_with_lanes(tl: &Timeline) {
        let lanes = tl.lanes();
        for t in tl.change_times() {
            for card in pod_cards(tl, t) {
                for c in &card.containers {
                    let lane =
                        lanes.iter().find(|l| l.pod == card.row.name && l.container == c.name);
                    let seg = lane.and_then(|l| {
                        l.segments.iter().find(|s| s.from <= t && s.to.is_none_or(|to| t < to))
                    });
                    if let Some(seg) = seg {
                        assert_eq!(
                            (c.state, &c.reason),
                            (seg.state, &seg.reason),
                            "{} at {t}: card {:?}, lane {:?}",
                            c.name,
                            c.words,
                            seg
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn card_and_lane_agree_for_an_image_that_cannot_be_pulled() {
        let tl = timeline(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: app\n    image: nosuch.example/app:1.0\n",
            60,
        );
        assert_cards_agree_with_lanes(&tl);
        // ErrImagePull is a waiting reason, not a back-off; ImagePullBackOff is one.
        let states: Vec<(CState, Option<String>)> = tl
            .change_times()
            .into_iter()
            .flat_map(|t| pod_cards(&tl, t))
            .map(|p| (p.containers[0].state, p.containers[0].reason.clone()))
            .collect();
        assert!(states.contains(&(CState::Waiting, Some("ErrImagePull".into()))), "{states:?}");
        assert!(states.contains(&(CState::BackOff, Some("ImagePullBackOff".into()))), "{states:?}");
        assert!(!states.contains(&(CState::BackOff, Some("ErrImagePull".into()))), "{states:?}");
    }

    #[test]
    fn containers_behind_a_running_init_wait_for_it_by_name() {
        let tl = timeline(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: init-a\n    image: busybox:1.36\n    command: ['sleep', '5']\n  - name: init-b\n    image: busybox:1.36\n    command: ['true']\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sleep', '3600']\n",
            30,
        );
        assert_cards_agree_with_lanes(&tl);
        let card = &pod_cards(&tl, Millis::from_secs(3))[0];
        let words: Vec<&str> = card.containers.iter().map(|c| c.words.as_str()).collect();
        assert_eq!(
            words,
            ["running", "waiting for init-a to complete", "waiting for init-a to complete"]
        );
        let r = &card.row;
        assert_eq!(
            [&r.name, &r.ready, &r.status, &r.restarts, &r.age],
            ["web", "0/1", "Init:0/2", "0", "3s"]
        );
        assert_eq!(card.conditions.len(), 5);
    }

    #[test]
    fn crash_loop_back_off_says_how_long_and_keeps_the_last_exit_code() {
        let tl = timeline(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: init-a\n    image: busybox:1.36\n    command: ['sh', '-c', 'exit 1']\n  containers:\n  - name: app\n    image: busybox:1.36\n",
            120,
        );
        assert_cards_agree_with_lanes(&tl);
        let in_backoff: Vec<(Millis, ContainerCard)> = tl
            .change_times()
            .into_iter()
            .filter_map(|t| Some((t, pod_cards(&tl, t).pop()?.containers.swap_remove(0))))
            .filter(|(_, c)| c.state == CState::BackOff)
            .collect();
        let (_, c) = in_backoff.last().expect("init-a reaches CrashLoopBackOff");
        assert!(c.words.starts_with("back-off ") && c.words.ends_with("s, then restart"), "{c:?}");
        assert_eq!((c.exit_code, c.reason.as_deref()), (Some(1), Some("CrashLoopBackOff")));
        assert!(c.restarts >= 2, "{c:?}");
        // The remaining back-off is a number the engine gives, counting down to the restart.
        let t = in_backoff.last().unwrap().0;
        let v = &tl.pod_at("web", t).unwrap().containers[0];
        let (period, left) = (v.backoff_ms.unwrap(), v.backoff_remaining_ms.unwrap());
        assert!(left <= period && left > 0, "{v:?}");
        let later = &tl.pod_at("web", t + Millis(1000)).unwrap().containers[0];
        if later.state == CState::BackOff && left > 1000 {
            assert_eq!(later.backoff_remaining_ms, Some(left - 1000));
        }
    }

    #[test]
    fn terminated_containers_say_their_exit() {
        let tl = timeline(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: init-a\n    image: busybox:1.36\n    command: ['true']\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sleep', '3600']\n",
            20,
        );
        let c = &pod_cards(&tl, Millis::from_secs(20))[0].containers[0];
        assert_eq!((c.state.as_str(), c.words.as_str()), ("completed", "exited 0 (Completed)"));
    }
}
