//! The streams `kubectl get pods -w` and `kubectl logs -f` leave open: they print more as the
//! playhead moves on.

use super::Console;
use crate::engine::kubectl::get::pod_cells;
use crate::engine::kubectl::logs::{follow, LogFollow};
use crate::engine::kubectl::tabwriter::TabWriter;
use crate::engine::model::ContainerState;
use crate::engine::time::Millis;

/// A stream left open by `kubectl get pods -w` or `kubectl logs -f`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stream {
    /// `get pods -w`: one row per change after `printed_until`, aligned with the rows already
    /// printed (RememberWidths).
    Watch {
        /// Rows up to this instant are printed.
        printed_until: Millis,
        /// Only this pod (`get pod NAME -w`).
        only: Option<String>,
        /// `-o wide`.
        wide: bool,
        /// The tabwriter, remembering widths.
        writer: TabWriter,
    },
    /// `logs -f`.
    Logs(LogFollow),
}

impl Stream {
    /// Whether the stream still runs (`get -w` never ends; `logs -f` ends when the followed
    /// container exits, and the console shows its prompt again).
    pub fn is_open(&self) -> bool {
        match self {
            Stream::Watch { .. } => true,
            Stream::Logs(f) => !f.ended,
        }
    }
    /// The text the stream prints as the playhead moves forward to `to` (nothing when it moves
    /// backwards: a real terminal cannot unprint).
    pub fn advance(&mut self, console: &Console<'_>, to: Millis) -> String {
        match self {
            Stream::Watch { printed_until, only, wide, writer } => {
                if to <= *printed_until {
                    return String::new();
                }
                let rows: Vec<_> = console
                    .timeline
                    .rows()
                    .iter()
                    .filter(|r| {
                        r.t > *printed_until
                            && r.t <= to
                            && only.as_ref().is_none_or(|o| *o == r.pod)
                    })
                    .cloned()
                    .collect();
                for r in rows {
                    let cells = match console.timeline.pod_at(&r.pod, r.t) {
                        Some(v) => {
                            pod_cells(&[v], r.t, *wide).into_iter().nth(1).unwrap_or_default()
                        }
                        // The pod's last row, printed as it disappears: the timeline's own cells,
                        // aged from the pod's creation.
                        None => {
                            let age = console
                                .timeline
                                .pod_at(&r.pod, r.t.saturating_sub(Millis(1)))
                                .map(|v| {
                                    crate::engine::time::human_duration(
                                        r.t.saturating_sub(v.created),
                                    )
                                })
                                .unwrap_or_default();
                            vec![
                                r.pod.clone(),
                                r.ready.clone(),
                                r.status.clone(),
                                r.restarts.clone(),
                                age,
                            ]
                        }
                    };
                    writer.write(&format!("{}\n", cells.join("\t")));
                }
                *printed_until = to;
                writer.take()
            }
            Stream::Logs(f) => {
                let starts: Vec<Millis> = console
                    .timeline
                    .lanes()
                    .into_iter()
                    .find(|l| l.pod == f.pod && l.container == f.container)
                    .map(|l| l.starts)
                    .unwrap_or_default();
                let running = console.timeline.pod_at(&f.pod, to).is_some_and(|v| {
                    v.status
                        .container_statuses
                        .iter()
                        .chain(v.status.init_container_statuses.iter())
                        .any(|s| {
                            s.name == f.container
                                && matches!(s.state, ContainerState::Running { .. })
                        })
                });
                let pod = f.pod.clone();
                let src = |c: &str, prev: bool| console.timeline.logs(&pod, c, prev, to);
                follow(f, &starts, running, &src, to)
            }
        }
    }
}
