//! The text twin of the animation: what changed between two instants, as sentences for the
//! aria-live region (screen readers hear every state transition the cards show).

use crate::ui::cards::PodCard;

/// Most sentences announced at once: a long scrub would otherwise flood the screen reader, and
/// the cards still show everything.
pub const MAX_SENTENCES: usize = 6;

/// Sentences describing how `after` differs from `before` (pods appearing or going, STATUS
/// changes, container state changes), in pod then container order.
pub fn changes(before: &[PodCard], after: &[PodCard]) -> Vec<String> {
    let mut out = Vec::new();
    for p in after {
        let Some(old) = before.iter().find(|o| o.row.name == p.row.name) else {
            out.push(format!("Pod {} created: {}.", p.row.name, p.row.status));
            continue;
        };
        if old.row.status != p.row.status || old.row.ready != p.row.ready {
            out.push(format!("Pod {}: {}, ready {}.", p.row.name, p.row.status, p.row.ready));
        }
        for c in &p.containers {
            let prev = old.containers.iter().find(|o| o.name == c.name);
            if prev.is_none_or(|o| o.state != c.state || o.restarts != c.restarts) {
                out.push(format!(
                    "{} {}: {}.",
                    crate::ui::cards::kind_label(c.kind),
                    c.name,
                    c.words
                ));
            }
        }
    }
    for o in before {
        if !after.iter().any(|p| p.row.name == o.row.name) {
            out.push(format!("Pod {} is gone.", o.row.name));
        }
    }
    if out.len() > MAX_SENTENCES {
        let more = out.len() - MAX_SENTENCES + 1;
        out.truncate(MAX_SENTENCES - 1);
        out.push(format!("and {more} more changes."));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::ContainerKind;
    use crate::ui::cards::{CState, ContainerCard, GetRow};

    fn card(status: &str, init_state: CState, words: &str) -> PodCard {
        PodCard {
            row: GetRow {
                name: "web".into(),
                ready: "0/1".into(),
                status: status.into(),
                restarts: "0".into(),
                age: "1s".into(),
            },
            phase: "Pending".into(),
            conditions: vec![],
            containers: vec![ContainerCard {
                name: "init-a".into(),
                kind: ContainerKind::Init,
                state: init_state,
                reason: None,
                exit_code: None,
                restarts: 0,
                words: words.into(),
            }],
        }
    }

    #[test]
    fn a_status_change_and_a_container_change_are_both_said() {
        let a = card("Init:0/2", CState::Running, "running");
        let b = card("Init:1/2", CState::Completed, "exited 0 (Completed)");
        assert_eq!(
            changes(&[a], &[b]),
            ["Pod web: Init:1/2, ready 0/1.", "init init-a: exited 0 (Completed)."]
        );
    }

    #[test]
    fn nothing_changed_means_nothing_said_and_new_pods_are_announced() {
        let a = card("Init:0/2", CState::Running, "running");
        assert!(changes(std::slice::from_ref(&a), std::slice::from_ref(&a)).is_empty());
        assert_eq!(changes(&[], std::slice::from_ref(&a)), ["Pod web created: Init:0/2."]);
        assert_eq!(changes(&[a], &[]), ["Pod web is gone."]);
    }
}
