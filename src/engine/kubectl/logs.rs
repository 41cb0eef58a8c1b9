//! `kubectl logs POD [-c C] [--previous] [-f] [--timestamps] [--tail=N] [--all-containers]`.
//!
//! Three layers answer a real `kubectl logs`, and podlab reproduces each one's wording:
//! 1. **kubectl** (`polymorphichelpers/logsforobject.go`, current behaviour since v1.24): without
//!    `-c` it picks the `kubectl.kubernetes.io/default-container` annotation or the first app
//!    container, and when the pod has more than one container or any init container it says so on
//!    stderr: `Defaulted container "app" out of: app, init-db (init)`. A `-c` that names no
//!    container is refused client-side: `error: container foo is not valid for pod p`. (kubectl
//!    ≤ 1.20 instead failed with `a container name must be specified for pod p, choose one of:
//!    [app] or one of the init containers: [init-db]`; podlab follows today's kubectl.)
//! 2. **the API server** (`LogLocation`): a pod not yet bound to a node has no logs, and the
//!    answer is empty rather than an error.
//! 3. **the kubelet** (`validateContainerLogStatus`), whose errors kubectl prints as
//!    `Error from server (BadRequest): …`: `container "app" in pod "p" is waiting to start:
//!    PodInitializing` (or `: image can't be pulled` / `: trying and failing to pull image`),
//!    `previous terminated container "app" in pod "p" not found`, `container "app" in pod "p" is
//!    terminated`.
//!
//! Which instance is read: a running or exited container → its current instance; a container
//! waiting after a crash (CrashLoopBackOff) → the instance that crashed, with or without
//! `--previous` (the kubelet reads `lastState.terminated.containerID` in both cases); `--previous`
//! on a running or exited container → the instance before it.
//!
//! Logs come from a caller-supplied source (the timeline's `logs`) so this stays pure:
//! `source(container, previous)` returns the newest instance that has run by the playhead when
//! `previous` is false, the one before it when true.

use crate::engine::kubelet::PodView;
use crate::engine::model::{Container, ContainerState};
use crate::engine::time::{rfc3339, Millis};

/// The annotation that names `kubectl logs`/`exec`'s default container (KEP-2227).
pub const DEFAULT_CONTAINER_ANNOTATION: &str = "kubectl.kubernetes.io/default-container";

/// The options of one `kubectl logs` call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogsRequest {
    /// The pod name.
    pub pod: String,
    /// `-c/--container`.
    pub container: Option<String>,
    /// `-p/--previous`.
    pub previous: bool,
    /// `-f/--follow`.
    pub follow: bool,
    /// `--timestamps`.
    pub timestamps: bool,
    /// `--tail=N` (negative = all, kubectl's default -1).
    pub tail: Option<i64>,
    /// `--all-containers`.
    pub all_containers: bool,
}

/// What a `kubectl logs` call printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogsOutput {
    /// Log lines.
    pub stdout: String,
    /// Notices and errors.
    pub stderr: String,
    /// kubectl's exit code (1 on error).
    pub exit_code: i32,
    /// With `-f` on a running container: what to keep streaming as the playhead advances.
    pub follow: Option<LogFollow>,
}

/// A `kubectl logs -f` stream left open: the caller appends [`follow_lines`] as time passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogFollow {
    /// Pod.
    pub pod: String,
    /// Container.
    pub container: String,
    /// Lines up to this instant have been printed.
    pub printed_until: Millis,
    /// Whether to prefix timestamps.
    pub timestamps: bool,
    /// When the followed instance started (`state.running.startedAt`): kubectl follows one
    /// container instance and returns when it exits.
    pub started: Millis,
    /// The followed instance has exited: the stream is closed (kubectl is back at the prompt).
    pub ended: bool,
}

/// `podcmd.AllContainerNames`: app containers, then init containers marked `(init)`.
pub fn all_container_names(view: &PodView) -> String {
    let spec = &view.pod.spec;
    let mut v: Vec<String> = spec.containers.iter().map(|c| c.name.clone()).collect();
    v.extend(spec.init_containers.iter().map(|c| format!("{} (init)", c.name)));
    v.join(", ")
}

/// `FindOrDefaultContainerByName` without a name: the annotated default container if it exists,
/// else the first app container, plus the `Defaulted container …` notice when the choice was
/// not obvious. `None` when the pod has no app container (impossible after validation).
pub fn default_container(view: &PodView) -> Option<(String, Option<String>)> {
    let spec = &view.pod.spec;
    if let Some(name) = view.pod.metadata.annotations.get(DEFAULT_CONTAINER_ANNOTATION) {
        if find_container(view, name).is_some() {
            return Some((name.clone(), None));
        }
    }
    let first = spec.containers.first()?.name.clone();
    let notice = (spec.containers.len() > 1 || !spec.init_containers.is_empty()).then(|| {
        format!("Defaulted container {:?} out of: {}\n", first, all_container_names(view))
    });
    Some((first, notice))
}

/// The container named `name` among the pod's app and init containers.
pub fn find_container<'a>(view: &'a PodView, name: &str) -> Option<&'a Container> {
    view.pod
        .spec
        .containers
        .iter()
        .chain(view.pod.spec.init_containers.iter())
        .find(|c| c.name == name)
}

/// RFC 3339 with nanoseconds as Go's `time.RFC3339Nano` prints it (trailing zeros trimmed): the
/// `--timestamps` prefix.
pub fn rfc3339_nano(t: Millis) -> String {
    let base = rfc3339(t);
    let ms = t.0 % 1000;
    if ms == 0 {
        return base;
    }
    let frac = format!("{ms:03}");
    let frac = frac.trim_end_matches('0');
    format!("{}.{frac}Z", &base[..base.len() - 1])
}

fn render(lines: &[(Millis, String)], timestamps: bool) -> String {
    let mut s = String::new();
    for (t, l) in lines {
        if timestamps {
            s.push_str(&rfc3339_nano(*t));
            s.push(' ');
        }
        s.push_str(l);
        s.push('\n');
    }
    s
}

/// Which instance the kubelet would read for `container`, or its error text.
/// `Ok(Some(previous))`: read via `source(container, previous)`; `Ok(None)`: no logs at all.
fn pick_instance(view: &PodView, container: &str, previous: bool) -> Result<Option<bool>, String> {
    let pod = &view.pod.metadata.name;
    if view.node_name.is_none() {
        return Ok(None); // LogLocation: not bound to a node yet → empty answer
    }
    let st = view
        .status
        .container_statuses
        .iter()
        .chain(view.status.init_container_statuses.iter())
        .find(|s| s.name == container);
    let Some(st) = st else {
        return Err(format!("container {container:?} in pod {pod:?} is not available"));
    };
    let last_terminated = matches!(st.last_state, Some(ContainerState::Terminated { .. }));
    if previous {
        return match (&st.state, last_terminated) {
            // Waiting after a crash: lastState *is* the newest instance.
            (ContainerState::Waiting { .. }, true) => Ok(Some(false)),
            (_, true) => Ok(Some(true)),
            (_, false) => {
                Err(format!("previous terminated container {container:?} in pod {pod:?} not found"))
            }
        };
    }
    match &st.state {
        ContainerState::Running { .. } => Ok(Some(false)),
        ContainerState::Terminated { .. } => {
            if st.container_id.is_some() || last_terminated {
                Ok(Some(false))
            } else {
                Err(format!("container {container:?} in pod {pod:?} is terminated"))
            }
        }
        ContainerState::Waiting { .. } if last_terminated => Ok(Some(false)),
        ContainerState::Waiting { reason, .. } => Err(match reason.as_deref().unwrap_or("") {
            "ErrImagePull" => format!("container {container:?} in pod {pod:?} is waiting to start: image can't be pulled"),
            "ImagePullBackOff" => format!("container {container:?} in pod {pod:?} is waiting to start: trying and failing to pull image"),
            r => format!("container {container:?} in pod {pod:?} is waiting to start: {r}"),
        }),
    }
}

/// Where log lines come from: `source(container, previous)` → `(instant, line)` pairs of one
/// container instance (see the module docs), `None` when there is no such instance.
pub type LogSource<'a> = &'a dyn Fn(&str, bool) -> Option<Vec<(Millis, String)>>;

/// Runs `kubectl logs` against `view` (`None`: no such pod) at `now`.
pub fn logs(
    view: Option<&PodView>,
    req: &LogsRequest,
    source: LogSource<'_>,
    now: Millis,
) -> LogsOutput {
    let mut out = LogsOutput::default();
    let Some(view) = view else {
        out.stderr = format!("Error from server (NotFound): pods {:?} not found\n", req.pod);
        out.exit_code = 1;
        return out;
    };
    let containers: Vec<String> = if req.all_containers {
        view.pod
            .spec
            .init_containers
            .iter()
            .chain(view.pod.spec.containers.iter())
            .map(|c| c.name.clone())
            .collect()
    } else {
        let name = match &req.container {
            Some(c) => c.clone(),
            None => match default_container(view) {
                Some((c, notice)) => {
                    out.stderr.push_str(notice.as_deref().unwrap_or(""));
                    c
                }
                None => {
                    out.stderr.push_str(&format!(
                        "error: pod {}/default does not have any containers\n",
                        req.pod
                    ));
                    out.exit_code = 1;
                    return out;
                }
            },
        };
        if find_container(view, &name).is_none() {
            out.stderr
                .push_str(&format!("error: container {name} is not valid for pod {}\n", req.pod));
            out.exit_code = 1;
            return out;
        }
        vec![name]
    };
    for name in &containers {
        match pick_instance(view, name, req.previous) {
            Err(e) => {
                out.stderr.push_str(&format!("Error from server (BadRequest): {e}\n"));
                out.exit_code = 1;
                return out;
            }
            Ok(None) => {}
            Ok(Some(prev)) => {
                let mut lines = source(name, prev).unwrap_or_default();
                lines.retain(|(t, _)| *t <= now);
                if let Some(n) = req.tail.filter(|n| *n >= 0) {
                    let n = n as usize;
                    if lines.len() > n {
                        lines.drain(..lines.len() - n);
                    }
                }
                out.stdout.push_str(&render(&lines, req.timestamps));
                let started = view
                    .status
                    .container_statuses
                    .iter()
                    .chain(view.status.init_container_statuses.iter())
                    .find_map(|s| match s.state {
                        ContainerState::Running { started_at } if s.name == *name => {
                            Some(started_at)
                        }
                        _ => None,
                    });
                if let (true, false, Some(started), false) =
                    (req.follow, prev, started, req.all_containers)
                {
                    out.follow = Some(LogFollow {
                        pod: req.pod.clone(),
                        container: name.clone(),
                        printed_until: now,
                        timestamps: req.timestamps,
                        started,
                        ended: false,
                    });
                }
            }
        }
    }
    out
}

/// For an open `-f` stream: the lines of `current` (the container's current instance as read at
/// `to`) written after the last printed instant, and the stream advanced to `to`. Scrubbing
/// backwards (`to` earlier) prints nothing.
pub fn follow_lines(f: &mut LogFollow, current: &[(Millis, String)], to: Millis) -> String {
    if to <= f.printed_until || f.ended {
        return String::new();
    }
    let new: Vec<(Millis, String)> =
        current.iter().filter(|(t, _)| *t > f.printed_until && *t <= to).cloned().collect();
    f.printed_until = to;
    render(&new, f.timestamps)
}

/// Advances a `-f` stream to `to`: new lines of the followed instance and, once it has exited,
/// its last lines, after which the stream is closed ([`LogFollow::ended`]) — kubectl returns to
/// the prompt when the followed container exits.
///
/// `starts` are the instants at which the container's instances started (the timeline's lane
/// `starts`): they tell the followed instance apart from a newer one even while the reported
/// status still lags behind the runtime. `still_running` is what the pod's status says at `to`.
pub fn follow(
    f: &mut LogFollow,
    starts: &[Millis],
    still_running: bool,
    source: LogSource<'_>,
    to: Millis,
) -> String {
    if f.ended || to <= f.printed_until {
        return String::new();
    }
    let newer = starts.iter().filter(|s| **s > f.started && **s <= to).count();
    let text = match newer {
        0 => {
            let lines = source(&f.container, false).unwrap_or_default();
            follow_lines(f, &lines, to)
        }
        // A newer instance has started: ours is the previous one, and it has exited.
        1 => {
            let lines = source(&f.container, true).unwrap_or_default();
            follow_lines(f, &lines, to)
        }
        // Several restarts since the last advance: our instance is no longer readable.
        _ => String::new(),
    };
    if newer > 0 || !still_running {
        f.ended = true;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_trim_trailing_zeros_like_rfc3339nano() {
        assert_eq!(rfc3339_nano(Millis(1000)), "2026-01-01T00:00:01Z");
        assert_eq!(rfc3339_nano(Millis(1500)), "2026-01-01T00:00:01.5Z");
        assert_eq!(rfc3339_nano(Millis(1042)), "2026-01-01T00:00:01.042Z");
    }
}
