//! `kubectl exec`: the checks kubectl, the API server and the kubelet make, then the command.

use super::flags::{f, parse_flags, usage_error, FlagSpec};
use super::{is_pod_type, not_found, type_and_names, unknown_type, Console, ConsoleOutput};
use crate::engine::kubectl::logs::{default_container, find_container};
use crate::engine::kubelet::{exec_at, ExecOutput, PodView};
use crate::engine::model::ContainerState;

/// `kubectl exec`'s flags.
pub(super) const EXEC_FLAGS: &[FlagSpec] = &[
    f("container", Some('c'), true),
    f("stdin", Some('i'), false),
    f("tty", Some('t'), false),
    f("quiet", Some('q'), false),
];

impl Console<'_> {
    /// `kubectl exec POD [-c C] -- CMD…`: re-simulates to the playhead and runs the command in
    /// the container.
    pub(super) fn exec(&self, args: &[String]) -> ConsoleOutput {
        let p = match parse_flags("exec", args, EXEC_FLAGS) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let (ty, names) = type_and_names(&p.args);
        let pod = match (&ty, names.as_slice()) {
            (None, _) => return usage_error("exec", "pod, type/name or --filename must be specified"),
            (Some(t), [n]) if p.args[0].contains('/') => {
                if !is_pod_type(t) {
                    return unknown_type(t);
                }
                n.clone()
            }
            (Some(n), []) => n.clone(),
            (Some(_), _) => {
                return ConsoleOutput::err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n")
            }
        };
        let argv = match &p.after_dash {
            Some(a) if !a.is_empty() => a.clone(),
            _ => {
                return usage_error(
                    "exec",
                    "you must specify at least one command for the container",
                )
            }
        };
        let view = if self.in_default_ns(&p) { self.timeline.pod_at(&pod, self.now) } else { None };
        let Some(view) = view else {
            return ConsoleOutput::err(not_found(&pod));
        };
        let interactive_shell = p.has("stdin")
            && p.has("tty")
            && argv.len() == 1
            && matches!(
                argv[0].as_str(),
                "sh" | "bash" | "ash" | "/bin/sh" | "/bin/bash" | "/bin/ash"
            );
        let mut out = ConsoleOutput::default();
        let container = match exec_target(&view, p.get("container"), p.has("quiet")) {
            Ok((c, notice)) => {
                out.stderr.push_str(&notice);
                c
            }
            Err(e) => {
                out.stderr = e;
                out.exit_code = 1;
                return out;
            }
        };
        if interactive_shell {
            out.stderr.push_str("podlab: interactive shells are not simulated; run one command at a time: kubectl exec POD -- CMD ARGS\n");
            out.exit_code = 1;
            return out;
        }
        match exec_at(self.scenario, self.now, &pod, Some(&container), &argv) {
            Ok(ExecOutput { stdout, stderr, exit_code }) => {
                out.stdout = stdout;
                out.stderr.push_str(&stderr);
                if exit_code != 0 {
                    out.stderr
                        .push_str(&format!("command terminated with exit code {exit_code}\n"));
                }
                out.exit_code = exit_code;
            }
            Err(e) => {
                out.stderr.push_str(&e);
                if !e.ends_with('\n') {
                    out.stderr.push('\n');
                }
                out.exit_code = 1;
            }
        }
        out
    }
}

/// The checks a real `kubectl exec` meets before a command runs, in the order they happen:
/// kubectl refuses a completed pod (`exec.go` `Run`, the only client-side refusal — reference
/// C5) and picks the default container with its notice; the API server (`streamLocation`)
/// refuses an unknown `-c` and a pod without a node; the kubelet (`findContainer`) looks the
/// container up among *running* containers only, so an init container can be exec'd into
/// while it runs and an app container cannot before it starts. Returns the container and the
/// stderr notice, or everything kubectl prints on refusal.
pub fn exec_target(
    view: &PodView,
    container: Option<&str>,
    quiet: bool,
) -> Result<(String, String), String> {
    let pod = &view.pod.metadata.name;
    if view.status.phase.is_terminal() {
        return Err(format!(
            "error: cannot exec into a container in a completed pod; current phase is {}\n",
            view.status.phase.as_str()
        ));
    }
    let mut notice = String::new();
    let container = match container {
        Some(c) => c.to_string(),
        None => match default_container(view) {
            Some((c, n)) => {
                if !quiet {
                    notice = n.unwrap_or_default();
                }
                c
            }
            None => return Err(format!("error: pod default/{pod} does not have any containers\n")),
        },
    };
    if find_container(view, &container).is_none() {
        return Err(format!("{notice}Error from server (BadRequest): container {container} is not valid for pod {pod}\n"));
    }
    if view.node_name.is_none() {
        return Err(format!(
            "{notice}Error from server (BadRequest): pod {pod} does not have a host assigned\n"
        ));
    }
    let running = view
        .status
        .container_statuses
        .iter()
        .chain(view.status.init_container_statuses.iter())
        .any(|s| s.name == container && matches!(s.state, ContainerState::Running { .. }));
    if !running {
        return Err(format!(
            "{notice}error: unable to upgrade connection: container not found ({container:?})\n"
        ));
    }
    Ok((container, notice))
}
