//! The kubectl console: a shell-like command line, parsed and answered the way kubectl answers.
//!
//! Entry points (all pure; the UI owns the text box, the history keys and the playhead):
//! - [`tokenize`]: splits a line like a POSIX shell (quotes, backslashes, `#` comments).
//! - [`Console::run`]: runs one line at the playhead and returns a [`ConsoleOutput`]: stdout,
//!   stderr, kubectl's exit code, an optional [`Action`] for the caller to apply at the playhead
//!   instant (apply, delete), and an optional [`Stream`] for `get pods -w` / `logs -f`, which the
//!   UI advances with [`Stream::advance`] as the playhead moves on.
//! - [`complete`]: Tab-completion candidates (verbs, resource types, flags, pod and container
//!   names, output formats) for the word under the cursor.
//! - [`History`]: ↑/↓ recall.
//!
//! Supported: `get pods|pod|po [NAME…] [-o wide|yaml|json|name] [-w]`, `get events|ev`,
//! `describe pod|pods [NAME…]` (also `pod/NAME`), `logs POD [-c C] [-p] [-f] [--timestamps]
//! [--tail=N] [--all-containers]`, `apply -f -` (the editor's text) or `apply -f FILE` (a lesson
//! file), `create -f …`, `create service clusterip|nodeport NAME --tcp=PORT[:TARGET]`,
//! `delete pod NAME…`, `exec POD [-c C] [-i] [-t] -- CMD…`, `run NAME --image=IMG
//! [--restart=…] [--labels=…] [--env=K=V]… [--port=N] [--command] [-- ARGS…]`, `expose pod NAME
//! [--port=N] [--target-port=N] [--name=…]`, `version`. `run` and `expose` build their
//! manifest and send it through admission like any `apply`, so their objects are validated the
//! same way. Anything else is answered
//! in kubectl's own words (`error: unknown command "gte" for "kubectl"` with cobra's
//! "Did you mean this?", `error: unknown flag: --foo`, `error: the server doesn't have a resource
//! type "podz"`, `Error from server (NotFound): pods "x" not found`, …). Namespaces: only
//! `default` exists; `-n other` finds nothing, as a real empty namespace would.
//!
//! Wiring, as the UI does it:
//!
//! ```
//! use podlab::engine::kubectl::console::Console;
//! use podlab::engine::kubelet::{simulate, Scenario};
//! use podlab::engine::time::Millis;
//!
//! let scenario = Scenario::default();
//! let timeline = simulate(&scenario);
//! let console = Console { timeline: &timeline, scenario: &scenario, now: Millis::from_secs(5), editor: "", files: &[] };
//! let out = console.run("kubectl get pods");
//! assert_eq!(out.stderr, "No resources found in default namespace.\n");
//! // out.action (if any) is applied at out.action.0, the playhead; out.stream (if any) is
//! // advanced with `stream.advance(&console, new_playhead)` while `stream.is_open()`.
//! ```
//!
//! Layout: the verbs are a table ([`VERBS`]: name, flags, arguments, function), so adding a
//! verb is one entry and one function; `get`, `describe` and `logs` are answered here with the
//! printers of `get.rs`, `describe.rs` and `logs.rs`; the verbs that change the cluster are in
//! `apply.rs`, `exec` in `exec.rs`; [`tokenize`], the flag parser, the open [`Stream`]s,
//! [`History`] and completion ([`complete`], [`tab`]) each have their own file.
//!
//! Simplifications: `exec -it` runs the command once without a terminal (no
//! interactive shell); `delete --force/--grace-period` are accepted but deletion is always graceful
//! (the engine's `Action::DeletePod` has no grace parameter), and `delete` prints v1.33's
//! `pod "x" deleted from default namespace` (kubernetes#126619; ≤ v1.32 printed
//! `pod "x" deleted`) right away instead of waiting for the pod to be gone; a changed pod spec on `apply` is
//! refused even where Kubernetes would allow an image change (the engine cannot update a pod).

mod apply;
mod complete;
mod exec;
mod flags;
mod history;
mod stream;
mod tokenize;

pub use complete::{complete, tab, Tab};
pub use exec::exec_target;
pub use history::History;
pub use stream::Stream;
pub use tokenize::tokenize;

use crate::engine::kubectl::describe::describe_pod;
use crate::engine::kubectl::events::get_events;
use crate::engine::kubectl::get::pod_cells;
use crate::engine::kubectl::logs::{logs, LogsRequest};
use crate::engine::kubectl::tabwriter::TabWriter;
use crate::engine::kubectl::yaml::{list_tree, pod_tree, to_json, to_yaml};
use crate::engine::kubelet::{Action, PodView, Scenario, Timeline};
use crate::engine::time::Millis;
use apply::{APPLY_FLAGS, CREATE_FLAGS, DELETE_FLAGS, EXPOSE_FLAGS, RUN_FLAGS};
use exec::EXEC_FLAGS;
use flags::{f, parse_flags, usage_error, FlagSpec, Parsed};

/// Everything a console command can see: the simulation, the playhead, the editor and the
/// lesson's files.
pub struct Console<'a> {
    /// The simulated timeline (read at [`Console::now`]).
    pub timeline: &'a Timeline,
    /// The scenario that produced it (for `exec`, which re-simulates to the playhead).
    pub scenario: &'a Scenario,
    /// The playhead.
    pub now: Millis,
    /// The editor's text (`apply -f -`).
    pub editor: &'a str,
    /// The lesson's files by name (`apply -f init-demo.yaml`).
    pub files: &'a [(String, String)],
}

/// What a console command printed and asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConsoleOutput {
    /// Standard output.
    pub stdout: String,
    /// Standard error (notices, warnings, errors).
    pub stderr: String,
    /// kubectl's exit code.
    pub exit_code: i32,
    /// A change to apply at the given instant (the playhead).
    pub action: Option<(Millis, Action)>,
    /// An open `-w` / `-f` stream.
    pub stream: Option<Stream>,
}

impl ConsoleOutput {
    fn out(s: impl Into<String>) -> ConsoleOutput {
        ConsoleOutput { stdout: s.into(), ..Default::default() }
    }
    fn err(s: impl Into<String>) -> ConsoleOutput {
        ConsoleOutput { stderr: s.into(), exit_code: 1, ..Default::default() }
    }
    /// stdout and stderr interleaved as a terminal shows them (stderr notices first, which is
    /// where kubectl writes them: before any output).
    pub fn text(&self) -> String {
        format!("{}{}", self.stderr, self.stdout)
    }
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/// What a verb takes after its name, for Tab completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Args {
    /// A resource type (these), then pod names when it is a pod type.
    Types(&'static [&'static str]),
    /// A pod name.
    Pod,
    /// A pod name, then `--` and a command.
    PodThenCommand,
    /// A subcommand (with the words that may follow it), or `-f`.
    Sub(&'static [(&'static str, &'static [&'static str])]),
    /// Nothing.
    None,
}

/// One verb of the console.
pub struct Verb {
    /// The word after `kubectl`.
    pub name: &'static str,
    /// Other spellings (`log`).
    pub aliases: &'static [&'static str],
    /// Its flags, for parsing and completion (kubectl's global flags come on top).
    pub flags: &'static [FlagSpec],
    /// What follows the verb.
    pub args: Args,
    /// What it does, given the words after the verb.
    pub run: fn(&Console<'_>, &[String]) -> ConsoleOutput,
}

/// `kubectl get`'s flags.
const GET_FLAGS: &[FlagSpec] =
    &[f("output", Some('o'), true), f("watch", Some('w'), false), f("show-labels", None, false)];
/// `kubectl describe`'s flags.
const DESCRIBE_FLAGS: &[FlagSpec] = &[f("show-events", None, true)];
/// `kubectl logs`' flags.
const LOGS_FLAGS: &[FlagSpec] = &[
    f("container", Some('c'), true),
    f("previous", Some('p'), false),
    f("follow", Some('f'), false),
    f("timestamps", None, false),
    f("tail", None, true),
    f("all-containers", None, false),
];
const POD_TYPES: &[&str] = &["pods", "pod"];

/// The verbs this console runs, in alphabetical order (the order `kubectl help` lists them):
/// adding a verb is one entry here and its function.
pub const VERBS: &[Verb] = &[
    Verb {
        name: "apply",
        aliases: &[],
        flags: APPLY_FLAGS,
        args: Args::None,
        run: |c, a| c.apply(a, false),
    },
    Verb {
        name: "create",
        aliases: &[],
        flags: CREATE_FLAGS,
        args: Args::Sub(&[("service", &["clusterip", "nodeport"])]),
        run: |c, a| c.create(a),
    },
    Verb {
        name: "delete",
        aliases: &[],
        flags: DELETE_FLAGS,
        args: Args::Types(POD_TYPES),
        run: |c, a| c.delete(a),
    },
    Verb {
        name: "describe",
        aliases: &[],
        flags: DESCRIBE_FLAGS,
        args: Args::Types(POD_TYPES),
        run: |c, a| c.describe(a),
    },
    Verb {
        name: "exec",
        aliases: &[],
        flags: EXEC_FLAGS,
        args: Args::PodThenCommand,
        run: |c, a| c.exec(a),
    },
    Verb {
        name: "expose",
        aliases: &[],
        flags: EXPOSE_FLAGS,
        args: Args::Types(POD_TYPES),
        run: |c, a| c.expose(a),
    },
    Verb {
        name: "get",
        aliases: &[],
        flags: GET_FLAGS,
        args: Args::Types(&["pods", "pod", "events"]),
        run: |c, a| c.get(a),
    },
    Verb {
        name: "logs",
        aliases: &["log"],
        flags: LOGS_FLAGS,
        args: Args::Pod,
        run: |c, a| c.logs(a),
    },
    Verb {
        name: "run",
        aliases: &[],
        flags: RUN_FLAGS,
        args: Args::None,
        run: |c, a| c.run_pod(a),
    },
    Verb {
        name: "version",
        aliases: &[],
        flags: &[],
        args: Args::None,
        run: |_, _| ConsoleOutput::out(VERSION),
    },
];

/// `kubectl version`'s answer.
const VERSION: &str =
    "Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.33.1\n";
/// Every top-level kubectl command (so a real but unsupported one is not called unknown).
const KUBECTL_COMMANDS: &[&str] = &[
    "alpha",
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "kustomize",
    "label",
    "logs",
    "options",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = if ca == *cb { 0 } else { 1 };
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn is_pod_type(s: &str) -> bool {
    matches!(s, "pod" | "pods" | "po")
}

fn not_found(name: &str) -> String {
    format!("Error from server (NotFound): pods {name:?} not found\n")
}

/// The server's answer to an unknown resource type.
fn unknown_type(t: &str) -> ConsoleOutput {
    ConsoleOutput::err(format!("error: the server doesn't have a resource type {t:?}\n"))
}

/// Splits `pod/NAME` forms and a leading type word into (type, names).
fn type_and_names(args: &[String]) -> (Option<String>, Vec<String>) {
    let Some(first) = args.first() else {
        return (None, Vec::new());
    };
    if let Some((t, n)) = first.split_once('/') {
        let mut names = vec![n.to_string()];
        names.extend(
            args[1..]
                .iter()
                .filter_map(|a| a.split_once('/').map(|(_, n)| n.to_string()).or(Some(a.clone()))),
        );
        return (Some(t.to_string()), names);
    }
    (Some(first.clone()), args[1..].to_vec())
}

impl Console<'_> {
    fn in_default_ns(&self, p: &Parsed) -> bool {
        p.get("namespace").is_none_or(|n| n == "default")
    }

    fn pods_now(&self) -> Vec<PodView> {
        self.timeline.pods_at(self.now)
    }

    /// Tab-completion candidates for the last word of `line` at the playhead (see
    /// [`complete`]).
    pub fn complete(&self, line: &str) -> Vec<String> {
        complete(line, &self.pods_now(), self.files)
    }

    /// Runs one console line at the playhead.
    pub fn run(&self, line: &str) -> ConsoleOutput {
        let words = match tokenize(line) {
            Ok(w) => w,
            Err(e) => {
                return ConsoleOutput {
                    stderr: format!("bash: {e}\n"),
                    exit_code: 2,
                    ..Default::default()
                }
            }
        };
        let Some(first) = words.first() else {
            return ConsoleOutput::default();
        };
        if first != "kubectl" && first != "k" {
            return ConsoleOutput {
                stderr: format!("bash: {first}: command not found\n"),
                exit_code: 127,
                ..Default::default()
            };
        }
        // Global flags may come before the verb (`kubectl -n default get pods`).
        let mut rest: Vec<String> = words[1..].to_vec();
        let mut pre: Vec<String> = Vec::new();
        while let Some(w) = rest.first() {
            if w == "-n" || w == "--namespace" {
                pre.extend(rest.drain(..2.min(rest.len())));
            } else if w.starts_with("--namespace=") || (w.starts_with("-n") && w.len() > 2) {
                pre.push(rest.remove(0));
            } else {
                break;
            }
        }
        let Some(verb) = rest.first().cloned() else {
            return ConsoleOutput::out(HELP);
        };
        let mut args: Vec<String> = rest[1..].to_vec();
        args.extend(pre);
        if let Some(v) = VERBS.iter().find(|v| v.name == verb || v.aliases.contains(&&*verb)) {
            return (v.run)(self, &args);
        }
        match verb.as_str() {
            "help" | "--help" | "-h" => ConsoleOutput::out(HELP),
            v if KUBECTL_COMMANDS.contains(&v) => ConsoleOutput::err(format!(
                "podlab: `kubectl {v}` is not simulated here; try: {}\n",
                VERBS.iter().map(|v| v.name).collect::<Vec<_>>().join(", ")
            )),
            v if v.starts_with('-') => ConsoleOutput::err(format!(
                "error: unknown flag: {v}\nSee 'kubectl --help' for usage.\n"
            )),
            v => {
                // cobra: suggestions within Levenshtein distance 2, or sharing the typed prefix.
                let mut msg = format!("error: unknown command {v:?} for \"kubectl\"");
                let sugg: Vec<&&str> = KUBECTL_COMMANDS
                    .iter()
                    .filter(|c| levenshtein(v, c) <= 2 || c.starts_with(&v.to_lowercase()))
                    .collect();
                if !sugg.is_empty() {
                    msg.push_str("\n\nDid you mean this?\n");
                    for s in sugg {
                        msg.push_str(&format!("\t{s}\n"));
                    }
                } else {
                    msg.push('\n');
                }
                ConsoleOutput::err(msg)
            }
        }
    }

    fn get(&self, args: &[String]) -> ConsoleOutput {
        let p = match parse_flags("get", args, GET_FLAGS) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let (ty, names) = type_and_names(&p.args);
        let Some(ty) = ty else {
            return ConsoleOutput::err(
                "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\n\
                 error: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n",
            );
        };
        let output = p.get("output").unwrap_or("");
        if !matches!(output, "" | "wide" | "yaml" | "json" | "name") {
            return ConsoleOutput::err(format!(
                "error: unable to match a printer suitable for the output format {output:?}, allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n"
            ));
        }
        match ty.as_str() {
            "events" | "event" | "ev" => {
                if !self.in_default_ns(&p) {
                    return ConsoleOutput::err(format!("No resources found in {} namespace.\n", p.get("namespace").unwrap_or("")));
                }
                let text = get_events(&self.timeline.events_until(self.now), self.now);
                if text.starts_with("No resources") {
                    return ConsoleOutput { stderr: text, ..Default::default() };
                }
                ConsoleOutput::out(text)
            }
            t if is_pod_type(t) => self.get_pods(&p, &names, output),
            "services" | "service" | "svc" | "configmaps" | "configmap" | "cm" | "secrets" | "secret" | "nodes" | "node" | "deployments" | "deploy" => {
                ConsoleOutput::err(format!("podlab: `kubectl get {t}` is not simulated here; try `kubectl get pods` or `kubectl get events`\n", t = ty))
            }
            t => unknown_type(t),
        }
    }

    fn get_pods(&self, p: &Parsed, names: &[String], output: &str) -> ConsoleOutput {
        let ns_ok = self.in_default_ns(p);
        let all = if ns_ok { self.pods_now() } else { Vec::new() };
        let mut out = ConsoleOutput::default();
        let selected: Vec<PodView> = if names.is_empty() {
            all
        } else {
            let mut v = Vec::new();
            for n in names {
                match all.iter().find(|x| x.pod.metadata.name == *n) {
                    Some(x) => v.push(x.clone()),
                    None => {
                        out.stderr.push_str(&not_found(n));
                        out.exit_code = 1;
                    }
                }
            }
            v
        };
        if selected.is_empty() && names.is_empty() && !p.has("watch") {
            let ns = p.get("namespace").unwrap_or("default");
            out.stderr.push_str(&format!("No resources found in {ns} namespace.\n"));
            return out;
        }
        match output {
            "yaml" | "json" => {
                let tree = if names.len() == 1 && selected.len() == 1 {
                    pod_tree(&selected[0])
                } else {
                    list_tree(&selected)
                };
                if !selected.is_empty() || names.is_empty() {
                    out.stdout = if output == "yaml" { to_yaml(&tree) } else { to_json(&tree) };
                }
                out
            }
            "name" => {
                for v in &selected {
                    out.stdout.push_str(&format!("pod/{}\n", v.pod.metadata.name));
                }
                out
            }
            _ => {
                if selected.is_empty() && !p.has("watch") {
                    return out;
                }
                let wide = output == "wide";
                let mut writer = TabWriter::table();
                if p.has("watch") {
                    writer = writer.remember_widths();
                }
                let cells = pod_cells(&selected, self.now, wide);
                for (i, row) in cells.iter().enumerate() {
                    // An empty watch starts with no header: kubectl prints it with the first row.
                    if i == 0 && selected.is_empty() {
                        continue;
                    }
                    writer.write(&format!("{}\n", row.join("\t")));
                }
                out.stdout.push_str(&writer.take());
                if p.has("watch") {
                    out.stream = Some(Stream::Watch {
                        printed_until: self.now,
                        only: (names.len() == 1).then(|| names[0].clone()),
                        wide,
                        writer,
                    });
                }
                out
            }
        }
    }

    fn describe(&self, args: &[String]) -> ConsoleOutput {
        let p = match parse_flags("describe", args, DESCRIBE_FLAGS) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let (ty, names) = type_and_names(&p.args);
        let Some(ty) = ty else {
            return ConsoleOutput::err(
                "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl describe -h' for help and examples\n",
            );
        };
        if !is_pod_type(&ty) {
            return match ty.as_str() {
                "services" | "service" | "svc" | "events" | "ev" | "nodes" | "node" | "configmaps" | "cm" | "secrets" => {
                    ConsoleOutput::err(format!("podlab: `kubectl describe {ty}` is not simulated here; try `kubectl describe pod NAME`\n"))
                }
                t => unknown_type(t),
            };
        }
        let pods = if self.in_default_ns(&p) { self.pods_now() } else { Vec::new() };
        let events = self.timeline.events_until(self.now);
        let mut out = ConsoleOutput::default();
        let targets: Vec<&PodView> = if names.is_empty() {
            if pods.is_empty() {
                out.stderr = format!(
                    "No resources found in {} namespace.\n",
                    p.get("namespace").unwrap_or("default")
                );
                return out;
            }
            pods.iter().collect()
        } else {
            let mut v = Vec::new();
            for n in &names {
                match pods.iter().find(|x| x.pod.metadata.name == *n) {
                    Some(x) => v.push(x),
                    None => {
                        out.stderr.push_str(&not_found(n));
                        out.exit_code = 1;
                    }
                }
            }
            v
        };
        for (i, v) in targets.iter().enumerate() {
            if i > 0 {
                out.stdout.push_str("\n\n");
            }
            out.stdout.push_str(&describe_pod(v, &events, self.now));
        }
        out
    }

    fn logs(&self, args: &[String]) -> ConsoleOutput {
        let p = match parse_flags("logs", args, LOGS_FLAGS) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let (ty, names) = type_and_names(&p.args);
        let pod = match (ty, names.as_slice()) {
            (None, _) => return usage_error("logs", "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command"),
            // `logs pod/NAME` (type/name) or `logs NAME [CONTAINER]`
            (Some(t), [n]) if p.args[0].contains('/') && is_pod_type(&t) => n.clone(),
            (Some(t), _) if p.args[0].contains('/') => return unknown_type(&t),
            (Some(n), []) => n,
            (Some(n), [c]) if p.get("container").is_none() => return self.logs_with(&p, n, Some(c.clone())),
            (Some(_), _) => return usage_error("logs", "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command"),
        };
        self.logs_with(&p, pod, p.get("container").map(String::from))
    }

    fn logs_with(&self, p: &Parsed, pod: String, container: Option<String>) -> ConsoleOutput {
        let tail = match p.get("tail").map(|t| t.parse::<i64>()) {
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => return ConsoleOutput::err(format!("error: invalid argument {:?} for \"--tail\" flag: strconv.ParseInt: parsing {:?}: invalid syntax\nSee 'kubectl logs --help' for usage.\n", p.get("tail").unwrap_or(""), p.get("tail").unwrap_or(""))),
            None => None,
        };
        let req = LogsRequest {
            pod: pod.clone(),
            container,
            previous: p.has("previous"),
            follow: p.has("follow"),
            timestamps: p.has("timestamps"),
            tail,
            all_containers: p.has("all-containers"),
        };
        let view = if self.in_default_ns(p) { self.timeline.pod_at(&pod, self.now) } else { None };
        let now = self.now;
        let src = |c: &str, prev: bool| self.timeline.logs(&pod, c, prev, now);
        let r = logs(view.as_ref(), &req, &src, now);
        ConsoleOutput {
            stdout: r.stdout,
            stderr: r.stderr,
            exit_code: r.exit_code,
            action: None,
            stream: r.follow.map(Stream::Logs),
        }
    }
}

const HELP: &str = "kubectl controls the (simulated) Kubernetes cluster manager.

Commands in this console:
  get pods [NAME] [-o wide|yaml|json|name] [-w]   List pods (watch with -w)
  get events                                      List events
  describe pod NAME                               Show details of a pod
  logs POD [-c CONTAINER] [-p] [-f]               Print a container's logs
  apply -f - | -f FILE                            Apply the editor's manifest or a lesson file
  create service clusterip NAME --tcp=PORT:TARGET Create a Service
  delete pod NAME                                 Delete a pod (gracefully)
  exec POD [-c CONTAINER] -- COMMAND [ARGS...]    Run a command in a container
  run NAME --image=IMAGE [--restart=Never]        Create a pod with one container
  expose pod NAME --port=PORT [--target-port=N]   Create a Service for a pod
  version                                         Print the version
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("gte", "get"), 2);
        assert_eq!(levenshtein("logs", "log"), 1);
    }
}
