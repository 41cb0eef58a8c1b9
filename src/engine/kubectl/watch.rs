//! `kubectl get pods -w`: one row each time a pod's printed row changes, read back from the
//! kubelet's status writes in the order it made them (READY, STATUS and RESTARTS as
//! `printPod` prints them, plus the phase). The kubelet records statuses; deciding what a
//! row shows is kubectl's.
//!
//! Entry point: [`Timeline::rows`] (computed once per timeline, then cached in it).

use crate::engine::kubectl::get::pod_columns;
use crate::engine::kubelet::{Timeline, WatchRow};

impl Timeline {
    /// Every `kubectl get pods -w` row, in order.
    pub fn rows(&self) -> &[WatchRow] {
        self.rows_cache().get_or_init(|| watch_rows(self))
    }
}

/// The rows of every status write that changed its pod's row (READY, STATUS, the RESTARTS
/// count or the phase).
fn watch_rows(tl: &Timeline) -> Vec<WatchRow> {
    // Per pod record: (ready, status, restarts, phase) of its last row.
    let mut last: Vec<Option<(String, String, u32, &'static str)>> = Vec::new();
    let mut rows = Vec::new();
    for w in tl.status_writes() {
        if last.len() <= w.record {
            last.resize(w.record + 1, None);
        }
        let c = pod_columns(w.pod, w.rest, w.conditions, w.init, w.apps, w.deleting);
        let phase = w.rest.phase.as_str();
        let changed = match &last[w.record] {
            Some((ready, status, restarts, ph)) => {
                *ready != c.ready || *status != c.status || *restarts != c.restarts || *ph != phase
            }
            None => true,
        };
        if changed {
            last[w.record] = Some((c.ready.clone(), c.status.clone(), c.restarts, phase));
            rows.push(WatchRow {
                t: w.t,
                pod: w.pod.metadata.name.clone(),
                restarts: c.restarts_text(w.t),
                ready: c.ready,
                status: c.status,
                phase: phase.to_string(),
            });
        }
    }
    rows
}
