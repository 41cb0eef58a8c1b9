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
//! Wiring, as the UI does it (the row printer here is a stand-in for get.rs):
//!
//! ```
//! use podlab::engine::kubectl::console::Console;
//! use podlab::engine::kubelet::{simulate, PodView, Scenario};
//! use podlab::engine::time::Millis;
//!
//! let scenario = Scenario::default();
//! let timeline = simulate(&scenario);
//! let rows = |_: &[PodView], _: Millis, _: bool| -> Vec<Vec<String>> { vec![] };
//! let console = Console { timeline: &timeline, scenario: &scenario, now: Millis::from_secs(5), editor: "", files: &[], pods: &rows };
//! let out = console.run("kubectl get pods");
//! assert_eq!(out.stderr, "No resources found in default namespace.\n");
//! // out.action (if any) is applied at out.action.0, the playhead; out.stream (if any) is
//! // advanced with `stream.advance(&console, new_playhead)` while `stream.is_open()`.
//! ```
//!
//! `kubectl get pods` rows are printed by `get.rs`; the console reaches it
//! through the [`PodTable`] trait (implemented for plain functions and closures) so this file does
//! not depend on it. Simplifications: `exec -it` runs the command once without a terminal (no
//! interactive shell); `delete --force/--grace-period` are accepted but deletion is always graceful
//! (the engine's `Action::DeletePod` has no grace parameter), and `delete` prints v1.33's
//! `pod "x" deleted from default namespace` (kubernetes#126619; ≤ v1.32 printed
//! `pod "x" deleted`) right away instead of waiting for the pod to be gone; a changed pod spec on `apply` is
//! refused even where Kubernetes would allow an image change (the engine cannot update a pod).

use crate::engine::admission::admit;
use crate::engine::kubectl::describe::describe_pod;
use crate::engine::kubectl::events::get_events;
use crate::engine::kubectl::logs::{
    default_container, find_container, follow, logs, LogFollow, LogsRequest,
};
use crate::engine::kubectl::tabwriter::TabWriter;
use crate::engine::kubectl::yaml::{list_tree, pod_tree, to_json, to_yaml, Node};
use crate::engine::kubelet::{exec_at, Action, ExecOutput, PodView, Scenario, Timeline};
use crate::engine::model::{ContainerState, IntOrString, Object, ObjectMeta, Service, ServicePort};
use crate::engine::time::Millis;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

/// Splits a command line the way a POSIX shell would before running kubectl: whitespace
/// separates words; `'…'` is literal; `"…"` keeps spaces and honours `\"`, `\\`, `\$`, `` \` ``;
/// a backslash outside quotes escapes the next character; `#` at the start of a word starts a
/// comment. An unterminated quote is an error (a shell would wait for more input).
pub fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&n) if matches!(n, '"' | '\\' | '$' | '`') => {
                                cur.push(n);
                                chars.next();
                            }
                            _ => cur.push('\\'),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

// ---------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------

/// `kubectl get pods` rows, provided by `kubectl/get.rs`.
pub trait PodTable {
    /// The header cells then one row of cells per pod, exactly as `kubectl get pods` (or
    /// `-o wide` when `wide`) would print them at `now`: `["NAME","READY","STATUS","RESTARTS",
    /// "AGE"]`, `["init-two","0/1","Init:1/2","0","5s"]`, …
    fn cells(&self, pods: &[PodView], now: Millis, wide: bool) -> Vec<Vec<String>>;
}

impl<F: Fn(&[PodView], Millis, bool) -> Vec<Vec<String>>> PodTable for F {
    fn cells(&self, pods: &[PodView], now: Millis, wide: bool) -> Vec<Vec<String>> {
        self(pods, now, wide)
    }
}

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
    /// The `kubectl get pods` row printer (get.rs).
    pub pods: &'a dyn PodTable,
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
                        Some(v) => console
                            .pods
                            .cells(&[v], r.t, *wide)
                            .into_iter()
                            .nth(1)
                            .unwrap_or_default(),
                        // The pod's last row, printed as it disappears: the timeline's own cells,
                        // aged from the pod's creation.
                        None => {
                            let age = console
                                .timeline
                                .pod_at(&r.pod, r.t.saturating_sub(Millis(1)))
                                .map(|v| {
                                    crate::engine::kubectl::duration::human_duration(
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

/// ↑/↓ command history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    cursor: usize,
}

impl History {
    /// Most commands remembered (older ones are dropped).
    pub const MAX: usize = 500;
    /// Records a submitted line (blank lines and immediate repeats are not recorded, as bash's
    /// `ignoreboth`) and resets the cursor past the newest entry.
    pub fn push(&mut self, line: &str) {
        let l = line.trim();
        if !l.is_empty() && self.entries.last().map(String::as_str) != Some(l) {
            self.entries.push(l.to_string());
            if self.entries.len() > Self::MAX {
                self.entries.remove(0);
            }
        }
        self.cursor = self.entries.len();
    }
    /// ↑: the previous entry (stays on the oldest).
    pub fn older(&mut self) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        self.cursor = self.cursor.saturating_sub(1);
        self.entries.get(self.cursor).map(String::as_str)
    }
    /// ↓: the next entry, or `None` (an empty prompt) past the newest.
    pub fn newer(&mut self) -> Option<&str> {
        if self.cursor < self.entries.len() {
            self.cursor += 1;
        }
        self.entries.get(self.cursor).map(String::as_str)
    }
}

// ---------------------------------------------------------------------------------------------
// Flag parsing (pflag rules: --long=v, --long v, -s v, -s=v, -sv, bundled booleans, --)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct FlagSpec {
    long: &'static str,
    short: Option<char>,
    takes_value: bool,
}

const fn f(long: &'static str, short: Option<char>, takes_value: bool) -> FlagSpec {
    FlagSpec { long, short, takes_value }
}

/// Flags every verb accepts (kubectl's global flags that make sense here).
const GLOBAL: &[FlagSpec] =
    &[f("namespace", Some('n'), true), f("all-namespaces", Some('A'), false)];

#[derive(Default)]
struct Parsed {
    args: Vec<String>,
    /// Last value of each flag.
    flags: BTreeMap<String, String>,
    /// Every value of each flag, for repeatable ones (`--env A=1 --env B=2`).
    all: BTreeMap<String, Vec<String>>,
    after_dash: Option<Vec<String>>,
}

impl Parsed {
    fn has(&self, k: &str) -> bool {
        self.flags.get(k).is_some_and(|v| v != "false")
    }
    fn get(&self, k: &str) -> Option<&str> {
        self.flags.get(k).map(String::as_str)
    }
}

fn usage_error(verb: &str, msg: &str) -> ConsoleOutput {
    ConsoleOutput::err(format!("error: {msg}\nSee 'kubectl {verb} -h' for help and examples\n"))
}

fn parse_flags(
    verb: &str,
    words: &[String],
    specs: &[FlagSpec],
) -> Result<Parsed, Box<ConsoleOutput>> {
    let all: Vec<FlagSpec> = specs.iter().chain(GLOBAL.iter()).copied().collect();
    let unknown = |msg: String| {
        Box::new(ConsoleOutput::err(format!(
            "error: {msg}\nSee 'kubectl {verb} --help' for usage.\n"
        )))
    };
    let mut p = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            p.after_dash = Some(words[i + 1..].to_vec());
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = all.iter().find(|s| s.long == name) else {
                return Err(unknown(format!("unknown flag: --{name}")));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        match words.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return Err(unknown(format!("flag needs an argument: --{name}")))
                            }
                        }
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".into())
            };
            p.all.entry(spec.long.to_string()).or_default().push(value.clone());
            p.flags.insert(spec.long.to_string(), value);
        } else if w.len() > 1 && w.starts_with('-') && w != "-" {
            let chars: Vec<char> = w[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(spec) = all.iter().find(|s| s.short == Some(c)) else {
                    return Err(unknown(format!("unknown shorthand flag: '{c}' in {w}")));
                };
                if spec.takes_value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').map(String::from).unwrap_or(rest)
                    } else {
                        i += 1;
                        match words.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return Err(unknown(format!(
                                    "flag needs an argument: '{c}' in -{c}"
                                )))
                            }
                        }
                    };
                    p.all.entry(spec.long.to_string()).or_default().push(value.clone());
                    p.flags.insert(spec.long.to_string(), value);
                    break;
                }
                p.flags.insert(spec.long.to_string(), "true".into());
                j += 1;
            }
        } else {
            p.args.push(w.clone());
        }
        i += 1;
    }
    Ok(p)
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/// The verbs this console knows, for completion and "did you mean".
pub const VERBS: &[&str] =
    &["apply", "create", "delete", "describe", "exec", "expose", "get", "logs", "run", "version"];
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
        match verb.as_str() {
            "get" => self.get(&args),
            "describe" => self.describe(&args),
            "logs" | "log" => self.logs(&args),
            "apply" => self.apply(&args, false),
            "create" => self.create(&args),
            "delete" => self.delete(&args),
            "exec" => self.exec(&args),
            "run" => self.run_pod(&args),
            "expose" => self.expose(&args),
            "version" => ConsoleOutput::out(
                "Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.33.1\n",
            ),
            "help" | "--help" | "-h" => ConsoleOutput::out(HELP),
            v if KUBECTL_COMMANDS.contains(&v) => ConsoleOutput::err(format!(
                "podlab: `kubectl {v}` is not simulated here; try: {}\n",
                VERBS.join(", ")
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
        let p = match parse_flags(
            "get",
            args,
            &[
                f("output", Some('o'), true),
                f("watch", Some('w'), false),
                f("show-labels", None, false),
            ],
        ) {
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
                let cells = self.pods.cells(&selected, self.now, wide);
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
        let p = match parse_flags("describe", args, &[f("show-events", None, true)]) {
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
        let p = match parse_flags(
            "logs",
            args,
            &[
                f("container", Some('c'), true),
                f("previous", Some('p'), false),
                f("follow", Some('f'), false),
                f("timestamps", None, false),
                f("tail", None, true),
                f("all-containers", None, false),
            ],
        ) {
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

    /// Existing API objects at the playhead, by (kind, name): pods from the timeline, the rest
    /// from the scenario's applies up to now.
    fn existing(&self) -> BTreeMap<(String, String), Object> {
        let mut m = BTreeMap::new();
        for (t, a) in &self.scenario.actions {
            if *t > self.now {
                continue;
            }
            if let Action::Apply(objs) = a {
                for o in objs {
                    if !matches!(o, Object::Pod(_)) {
                        m.insert((o.kind().to_string(), o.metadata().name.clone()), o.clone());
                    }
                }
            }
        }
        for v in self.pods_now() {
            m.insert(("Pod".to_string(), v.pod.metadata.name.clone()), Object::Pod(v.pod.clone()));
        }
        m
    }

    fn apply(&self, args: &[String], create: bool) -> ConsoleOutput {
        let verb = if create { "create" } else { "apply" };
        let p = match parse_flags(verb, args, &[f("filename", Some('f'), true)]) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let Some(file) = p.get("filename") else {
            return usage_error(verb, "must specify one of -f and -k");
        };
        let (text, source) = if file == "-" {
            (self.editor.to_string(), "STDIN".to_string())
        } else {
            let base = file.rsplit('/').next().unwrap_or(file);
            match self.files.iter().find(|(n, _)| n == file || n.rsplit('/').next() == Some(base)) {
                Some((_, t)) => (t.clone(), file.to_string()),
                None => {
                    return ConsoleOutput::err(format!("error: the path {file:?} does not exist\n"))
                }
            }
        };
        self.apply_text(&text, &source, if create { Mode::Create } else { Mode::Apply })
    }

    /// Admits `text` and turns what the API server accepts into one `Apply` action at the
    /// playhead, printing each object's fate the way `verb` does.
    fn apply_text(&self, text: &str, source: &str, mode: Mode) -> ConsoleOutput {
        let verb = match mode {
            Mode::Apply => "apply",
            Mode::Create | Mode::Run | Mode::Expose => "create",
        };
        let adm = admit(text);
        let mut out = ConsoleOutput::default();
        // kubectl applies every document the API server accepts and reports the others, exit 1.
        let refusals = admission_stderr(&adm, source);
        let refused = adm.has_errors();
        if adm.objects.is_empty() {
            if refused && !refusals.trim().is_empty() {
                return ConsoleOutput::err(refusals);
            }
            return ConsoleOutput::err(format!("error: no objects passed to {verb}\n"));
        }
        let existing = self.existing();
        let mut to_apply = Vec::new();
        for o in adm.objects {
            let kind = o.kind();
            let name = o.metadata().name.clone();
            let lower = kind.to_lowercase();
            match existing.get(&(kind.to_string(), name.clone())) {
                None => {
                    let done = if mode == Mode::Expose { "exposed" } else { "created" };
                    out.stdout.push_str(&format!("{lower}/{name} {done}\n"));
                    to_apply.push(o);
                }
                Some(_) if mode == Mode::Create => {
                    out.stderr.push_str(&format!("Error from server (AlreadyExists): error when creating {source:?}: {lower}s {name:?} already exists\n"));
                    out.exit_code = 1;
                }
                Some(_) if mode != Mode::Apply => {
                    out.stderr.push_str(&format!(
                        "Error from server (AlreadyExists): {lower}s {name:?} already exists\n"
                    ));
                    out.exit_code = 1;
                }
                Some(old) => {
                    if same_object(old, &o) {
                        out.stdout.push_str(&format!("{lower}/{name} unchanged\n"));
                    } else if let Object::Pod(_) = o {
                        out.stderr.push_str(&format!(
                            "The Pod {name:?} is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"
                        ));
                        out.exit_code = 1;
                    } else {
                        out.stdout.push_str(&format!("{lower}/{name} configured\n"));
                        to_apply.push(o);
                    }
                }
            }
        }
        if !to_apply.is_empty() {
            out.action = Some((self.now, Action::Apply(to_apply)));
        }
        out.stderr = format!("{refusals}{}", out.stderr);
        if refused {
            out.exit_code = 1;
        }
        out
    }

    fn run_pod(&self, args: &[String]) -> ConsoleOutput {
        match run_manifest(args) {
            Ok(yaml) => self.apply_text(&yaml, "STDIN", Mode::Run),
            Err(e) => *e,
        }
    }

    fn expose(&self, args: &[String]) -> ConsoleOutput {
        match self.expose_manifest(args) {
            Ok(yaml) => self.apply_text(&yaml, "STDIN", Mode::Expose),
            Err(e) => *e,
        }
    }
}

/// `kubectl run`'s generated Pod manifest (the `run=NAME` label, one container named after the
/// pod, `args` — or `command` with `--command` — from the words after `--`).
fn run_manifest(args: &[String]) -> Result<String, Box<ConsoleOutput>> {
    let p = parse_flags(
        "run",
        args,
        &[
            f("image", None, true),
            f("restart", None, true),
            f("labels", Some('l'), true),
            f("env", None, true),
            f("port", None, true),
            f("command", None, false),
            f("image-pull-policy", None, true),
        ],
    )?;
    let Some(name) = p.args.first().cloned() else {
        return Err(Box::new(usage_error("run", "NAME is required for run")));
    };
    let Some(image) = p.get("image") else {
        return Err(Box::new(ConsoleOutput::err("error: required flag(s) \"image\" not set\n")));
    };
    let restart = p.get("restart").unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return Err(Box::new(ConsoleOutput::err(format!(
            "error: invalid restart policy: {restart}\n"
        ))));
    }
    let mut labels: Vec<(String, Node)> = Vec::new();
    match p.get("labels") {
        Some(l) => {
            for kv in l.split(',') {
                let Some((k, v)) = kv.split_once('=') else {
                    return Err(Box::new(ConsoleOutput::err(format!(
                        "error: invalid label spec: {kv}\n"
                    ))));
                };
                labels.push((k.to_string(), Node::Str(v.to_string())));
            }
        }
        None => labels.push(("run".into(), Node::Str(name.clone()))),
    }
    let mut c: Vec<(String, Node)> = vec![
        ("name".into(), Node::Str(name.clone())),
        ("image".into(), Node::Str(image.to_string())),
    ];
    if let Some(pp) = p.get("image-pull-policy") {
        c.push(("imagePullPolicy".into(), Node::Str(pp.to_string())));
    }
    let rest: Vec<Node> = p
        .after_dash
        .clone()
        .unwrap_or_default()
        .into_iter()
        .chain(p.args[1..].iter().cloned())
        .map(Node::Str)
        .collect();
    if !rest.is_empty() {
        c.push((if p.has("command") { "command" } else { "args" }.into(), Node::Seq(rest)));
    }
    if let Some(envs) = p.all.get("env") {
        let mut list = Vec::new();
        for kv in envs {
            let (k, v) = kv.split_once('=').unwrap_or((kv.as_str(), ""));
            list.push(Node::Map(vec![
                ("name".into(), Node::Str(k.to_string())),
                ("value".into(), Node::Str(v.to_string())),
            ]));
        }
        c.push(("env".into(), Node::Seq(list)));
    }
    if let Some(port) = p.get("port") {
        match port.parse::<i64>() {
            Ok(n) => c.push(("ports".into(), Node::Seq(vec![Node::Map(vec![("containerPort".into(), Node::Int(n))])]))),
            Err(_) => {
                return Err(Box::new(ConsoleOutput::err(format!(
                    "error: invalid argument {port:?} for \"--port\" flag: strconv.ParseInt: parsing {port:?}: invalid syntax\nSee 'kubectl run --help' for usage.\n"
                ))))
            }
        }
    }
    let manifest = Node::Map(vec![
        ("apiVersion".into(), Node::Str("v1".into())),
        ("kind".into(), Node::Str("Pod".into())),
        (
            "metadata".into(),
            Node::Map(vec![("name".into(), Node::Str(name)), ("labels".into(), Node::Map(labels))]),
        ),
        (
            "spec".into(),
            Node::Map(vec![
                ("containers".into(), Node::Seq(vec![Node::Map(c)])),
                ("restartPolicy".into(), Node::Str(restart.to_string())),
            ]),
        ),
    ]);
    Ok(to_yaml(&manifest))
}

impl Console<'_> {
    /// `kubectl expose pod`'s generated Service manifest: the pod's labels as selector, the
    /// given (or first container) port.
    fn expose_manifest(&self, args: &[String]) -> Result<String, Box<ConsoleOutput>> {
        let p = parse_flags(
            "expose",
            args,
            &[
                f("port", None, true),
                f("target-port", None, true),
                f("name", None, true),
                f("type", None, true),
                f("protocol", None, true),
            ],
        )?;
        let (ty, names) = type_and_names(&p.args);
        let Some(ty) = ty else {
            return Err(Box::new(usage_error(
                "expose",
                "You must provide one or more resources by argument or filename.",
            )));
        };
        if !is_pod_type(&ty) {
            return match ty.as_str() {
                "deployment" | "deployments" | "deploy" | "service" | "services" | "svc" | "replicaset" | "rs" => {
                    Err(Box::new(ConsoleOutput::err(format!("podlab: `kubectl expose {ty}` is not simulated here; expose a pod: kubectl expose pod NAME --port=80\n"))))
                }
                t => Err(Box::new(unknown_type(t))),
            };
        }
        let Some(pod) = names.first() else {
            return Err(Box::new(usage_error(
                "expose",
                "You must provide one or more resources by argument or filename.",
            )));
        };
        let Some(view) = self.pods_now().into_iter().find(|v| v.pod.metadata.name == *pod) else {
            return Err(Box::new(ConsoleOutput::err(not_found(pod))));
        };
        let labels = &view.pod.metadata.labels;
        if labels.is_empty() {
            return Err(Box::new(ConsoleOutput::err("error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\nSee 'kubectl expose -h' for help and examples\n")));
        }
        let port = match p.get("port") {
            Some(port) => port.to_string(),
            None => match view.pod.spec.containers.iter().flat_map(|c| c.ports.iter()).next() {
                Some(cp) => cp.container_port.to_string(),
                None => return Err(Box::new(ConsoleOutput::err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n"))),
            },
        };
        let Ok(port_n) = port.parse::<i64>() else {
            return Err(Box::new(ConsoleOutput::err(format!(
                "error: invalid argument {port:?} for \"--port\" flag\n"
            ))));
        };
        let target = match p.get("target-port") {
            Some(t) => t.parse::<i64>().map(Node::Int).unwrap_or_else(|_| Node::Str(t.to_string())),
            None => Node::Int(port_n),
        };
        let sel =
            Node::Map(labels.iter().map(|(k, v)| (k.clone(), Node::Str(v.clone()))).collect());
        let mut spec = vec![
            (
                "ports".to_string(),
                Node::Seq(vec![Node::Map(vec![
                    ("port".into(), Node::Int(port_n)),
                    ("protocol".into(), Node::Str(p.get("protocol").unwrap_or("TCP").to_string())),
                    ("targetPort".into(), target),
                ])]),
            ),
            ("selector".to_string(), sel.clone()),
        ];
        if let Some(t) = p.get("type") {
            spec.push(("type".into(), Node::Str(t.to_string())));
        }
        let name = p.get("name").unwrap_or(pod).to_string();
        let manifest = Node::Map(vec![
            ("apiVersion".into(), Node::Str("v1".into())),
            ("kind".into(), Node::Str("Service".into())),
            (
                "metadata".into(),
                Node::Map(vec![("name".into(), Node::Str(name)), ("labels".into(), sel)]),
            ),
            ("spec".into(), Node::Map(spec)),
        ]);
        Ok(to_yaml(&manifest))
    }

    fn create(&self, args: &[String]) -> ConsoleOutput {
        if args.first().map(String::as_str) != Some("service")
            && args.first().map(String::as_str) != Some("svc")
        {
            return self.apply(args, true);
        }
        let p = match parse_flags(
            "create service",
            &args[1..],
            &[f("tcp", None, true), f("dry-run", None, true)],
        ) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let Some(kind) = p.args.first() else {
            return ConsoleOutput::out(
                "Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip       Create a ClusterIP service\n  externalname    Create an ExternalName service\n  loadbalancer    Create a LoadBalancer service\n  nodeport        Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n",
            );
        };
        let type_ = match kind.as_str() {
            "clusterip" => "ClusterIP",
            "nodeport" => "NodePort",
            "loadbalancer" | "externalname" => {
                return ConsoleOutput::err(format!("podlab: `kubectl create service {kind}` is not simulated here; use clusterip or nodeport\n"));
            }
            other => {
                return ConsoleOutput::err(format!(
                    "error: unknown command {other:?} for \"kubectl create service\"\n"
                ))
            }
        };
        let Some(name) = p.args.get(1) else {
            return usage_error(
                &format!("create service {kind}"),
                "exactly one NAME is required, got 0",
            );
        };
        let Some(tcp) = p.get("tcp") else {
            return ConsoleOutput::err("error: at least one tcp port specifier must be provided\n");
        };
        let mut ports = Vec::new();
        for spec in tcp.split(',') {
            let (port, target) = spec.split_once(':').unwrap_or((spec, spec));
            let (Ok(port), Ok(target)) = (port.parse::<i32>(), target.parse::<i32>()) else {
                return ConsoleOutput::err(format!("error: invalid tcp port specifier {spec:?}\n"));
            };
            ports.push(ServicePort {
                name: Some(format!("{port}-{target}")),
                port,
                target_port: Some(IntOrString::Int(target)),
                protocol: Some("TCP".into()),
            });
        }
        let mut labels = BTreeMap::new();
        labels.insert("app".to_string(), name.clone());
        let svc = Service {
            metadata: ObjectMeta {
                name: name.clone(),
                namespace: "default".into(),
                labels: labels.clone(),
                ..Default::default()
            },
            selector: labels,
            ports,
            type_: Some(type_.into()),
            cluster_ip: None,
            spans: Default::default(),
        };
        if self.existing().contains_key(&("Service".to_string(), name.clone())) {
            return ConsoleOutput::err(format!(
                "error: failed to create {kind} service: services {name:?} already exists\n"
            ));
        }
        ConsoleOutput {
            stdout: format!("service/{name} created\n"),
            action: Some((self.now, Action::Apply(vec![Object::Service(svc)]))),
            ..Default::default()
        }
    }

    fn delete(&self, args: &[String]) -> ConsoleOutput {
        let p = match parse_flags(
            "delete",
            args,
            &[
                f("grace-period", None, true),
                f("force", None, false),
                f("now", None, false),
                f("wait", None, false),
                f("filename", Some('f'), true),
            ],
        ) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        if p.get("filename").is_some() {
            return ConsoleOutput::err("podlab: `kubectl delete -f` is not simulated here; use `kubectl delete pod NAME`\n");
        }
        let (ty, names) = type_and_names(&p.args);
        let Some(ty) = ty else {
            return usage_error("delete", "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        };
        if !is_pod_type(&ty) {
            return match ty.as_str() {
                "services" | "service" | "svc" | "configmaps" | "cm" | "secrets" | "secret" => ConsoleOutput::err(format!("podlab: `kubectl delete {ty}` is not simulated here; only pods can be deleted\n")),
                t => unknown_type(t),
            };
        }
        if names.is_empty() {
            return ConsoleOutput::err(
                "error: resource(s) were provided, but no name was specified\n",
            );
        }
        let mut out = ConsoleOutput::default();
        if p.has("force") || p.get("grace-period").is_some() || p.has("now") {
            out.stderr.push_str("podlab: --force/--grace-period/--now are not simulated: the pod is deleted with its own grace period\n");
        }
        let pods = if self.in_default_ns(&p) { self.pods_now() } else { Vec::new() };
        let mut deleted = Vec::new();
        for n in &names {
            if pods.iter().any(|v| v.pod.metadata.name == *n) {
                out.stdout.push_str(&format!("pod {n:?} deleted from default namespace\n"));
                deleted.push(n.clone());
            } else {
                out.stderr.push_str(&not_found(n));
                out.exit_code = 1;
            }
        }
        // One action per command: several names are deleted at the same instant, in order.
        if let Some(first) = deleted.first() {
            out.action = Some((self.now, Action::DeletePod(first.clone())));
            if deleted.len() > 1 {
                out.stderr
                    .push_str("podlab: one pod per delete command; run the others separately\n");
                out.stdout = format!("pod {first:?} deleted from default namespace\n");
            }
        }
        out
    }

    fn exec(&self, args: &[String]) -> ConsoleOutput {
        let p = match parse_flags(
            "exec",
            args,
            &[
                f("container", Some('c'), true),
                f("stdin", Some('i'), false),
                f("tty", Some('t'), false),
                f("quiet", Some('q'), false),
            ],
        ) {
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

/// What `kubectl apply` prints on stderr for admission's verdict: `Warning: …` lines and each
/// refusal (`The Pod "x" is invalid: …`, `Error from server (BadRequest): error when creating
/// "STDIN": …`). `source` is the file name kubectl would quote (`STDIN` for `-f -`).
///
/// Integration: once admission's `render::kubectl_output` is in the tree, this body becomes
/// `crate::engine::admission::render::kubectl_output(adm, source).stderr` (its stdout, the
/// `created (server dry run)` lines, is not used: the console prints its own `created` /
/// `unchanged` / `configured` lines).
pub fn admission_stderr(adm: &crate::engine::admission::Admission, source: &str) -> String {
    crate::engine::admission::render::kubectl_output(adm, source).stderr
}

/// How `apply_text` reports each object: `apply` (created / unchanged / configured), `create -f`
/// and `run` (AlreadyExists when it exists), `expose` (`service/x exposed`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Apply,
    Create,
    Run,
    Expose,
}

/// Whether an applied object is the same as the stored one (source spans aside).
fn same_object(a: &Object, b: &Object) -> bool {
    match (a, b) {
        (Object::Pod(x), Object::Pod(y)) => x.metadata == y.metadata && x.spec == y.spec,
        (Object::Service(x), Object::Service(y)) => {
            x.metadata == y.metadata
                && x.selector == y.selector
                && x.ports == y.ports
                && x.type_ == y.type_
                && x.cluster_ip == y.cluster_ip
        }
        (Object::ConfigMap(x), Object::ConfigMap(y)) => {
            x.metadata == y.metadata && x.data == y.data && x.binary_data == y.binary_data
        }
        (Object::Secret(x), Object::Secret(y)) => {
            x.metadata == y.metadata && x.data == y.data && x.type_ == y.type_
        }
        (Object::PersistentVolumeClaim(x), Object::PersistentVolumeClaim(y)) => {
            x.metadata == y.metadata
                && x.access_modes == y.access_modes
                && x.storage == y.storage
                && x.storage_class_name == y.storage_class_name
        }
        _ => false,
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

// ---------------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------------

/// Tab-completion candidates for the last (possibly empty) word of `line`, given the pods that
/// exist at the playhead. Candidates are whole words, sorted; an empty list means nothing fits.
pub fn complete(line: &str, pods: &[PodView]) -> Vec<String> {
    let ends_with_space = line.ends_with(' ') || line.is_empty();
    let words: Vec<String> =
        tokenize(line).unwrap_or_else(|_| line.split_whitespace().map(String::from).collect());
    let (done, partial): (Vec<String>, String) = if ends_with_space {
        (words.clone(), String::new())
    } else {
        let mut w = words.clone();
        let last = w.pop().unwrap_or_default();
        (w, last)
    };
    let pod_names: Vec<String> = pods.iter().map(|v| v.pod.metadata.name.clone()).collect();
    let pick = |cands: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = cands.into_iter().filter(|c| c.starts_with(&partial)).collect();
        v.sort();
        v.dedup();
        v
    };
    let Some(first) = done.first() else {
        return pick(vec!["kubectl".into()]);
    };
    if first != "kubectl" && first != "k" {
        return Vec::new();
    }
    let rest = &done[1..];
    let Some(verb) = rest.first() else {
        return pick(VERBS.iter().map(|s| s.to_string()).collect());
    };
    let prev = rest.last().map(String::as_str).unwrap_or("");
    if prev == "-o" || prev == "--output" {
        return pick(["wide", "yaml", "json", "name"].iter().map(|s| s.to_string()).collect());
    }
    if prev == "-c" || prev == "--container" {
        let pod = rest[1..].iter().find(|w| !w.starts_with('-') && pod_names.contains(w));
        let containers: Vec<String> = pods
            .iter()
            .filter(|v| Some(&v.pod.metadata.name) == pod)
            .flat_map(|v| {
                v.pod
                    .spec
                    .init_containers
                    .iter()
                    .chain(v.pod.spec.containers.iter())
                    .map(|c| c.name.clone())
            })
            .collect();
        return pick(containers);
    }
    if prev == "-f" && (verb == "apply" || verb == "create") {
        return pick(vec!["-".into()]);
    }
    if partial.starts_with('-') {
        let flags: &[&str] = match verb.as_str() {
            "get" => &["--output", "--watch", "-o", "-w"],
            "logs" => &[
                "--all-containers",
                "--container",
                "--follow",
                "--previous",
                "--tail",
                "--timestamps",
                "-c",
                "-f",
                "-p",
            ],
            "exec" => &["--container", "--stdin", "--tty", "-c", "-i", "-it", "-t", "--"],
            "run" => &["--command", "--env", "--image", "--labels", "--port", "--restart"],
            "expose" => &["--name", "--port", "--target-port", "--type"],
            "apply" | "create" => &["--filename", "-f"],
            _ => &[],
        };
        return pick(flags.iter().map(|s| s.to_string()).collect());
    }
    let positional: Vec<&String> = rest[1..].iter().filter(|w| !w.starts_with('-')).collect();
    // TYPE/NAME form: `describe pod/in<Tab>`.
    if let Some((ty, _)) = partial.split_once('/') {
        if is_pod_type(ty)
            && matches!(verb.as_str(), "get" | "describe" | "delete" | "logs" | "exec" | "expose")
        {
            return pick(pod_names.iter().map(|n| format!("{ty}/{n}")).collect());
        }
        return Vec::new();
    }
    match verb.as_str() {
        "get" | "describe" | "delete" | "expose" => {
            if positional.is_empty() {
                let mut types = vec!["pods".to_string(), "pod".to_string()];
                if verb == "get" {
                    types.push("events".into());
                }
                pick(types)
            } else if is_pod_type(positional[0]) {
                pick(pod_names)
            } else {
                Vec::new()
            }
        }
        "logs" | "exec" if positional.is_empty() && !rest.iter().any(|w| w == "--") => {
            pick(pod_names)
        }
        "create" if positional.is_empty() => pick(vec!["service".into()]),
        "create" if positional.len() == 1 && positional[0] == "service" => {
            pick(vec!["clusterip".into(), "nodeport".into()])
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_follows_shell_quoting() {
        assert_eq!(
            tokenize(r#"kubectl exec p -- sh -c "echo \"hi\" $X" 'a b'"#).unwrap(),
            vec!["kubectl", "exec", "p", "--", "sh", "-c", "echo \"hi\" $X", "a b"]
        );
        assert_eq!(tokenize(r"a\ b  c # comment").unwrap(), vec!["a b", "c"]);
        assert_eq!(tokenize("echo ''").unwrap(), vec!["echo", ""]);
        assert!(tokenize("echo 'oops").is_err());
    }

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("gte", "get"), 2);
        assert_eq!(levenshtein("logs", "log"), 1);
    }

    fn words(s: &str) -> Vec<String> {
        tokenize(s).unwrap_or_default()
    }

    #[test]
    fn run_builds_kubectls_pod_manifest() {
        let y = run_manifest(&words("nginx --image=nginx:1.27 --restart=Never --port 80 --env A=1 --env B=2 -- -g 'daemon off;'")).unwrap_or_default();
        let v: serde_json::Value = serde_yaml::from_str(&y).unwrap_or_default();
        assert_eq!(v["kind"], "Pod");
        assert_eq!(v["metadata"]["labels"]["run"], "nginx");
        assert_eq!(v["spec"]["restartPolicy"], "Never");
        let c = &v["spec"]["containers"][0];
        assert_eq!((c["name"].as_str(), c["image"].as_str()), (Some("nginx"), Some("nginx:1.27")));
        assert_eq!(c["args"], serde_json::json!(["-g", "daemon off;"]));
        assert_eq!(c["ports"][0]["containerPort"], 80);
        assert_eq!(c["env"][1]["name"], "B");
        let y = run_manifest(&words("job --image=busybox:1.36 --command -- sh -c 'echo hi'"))
            .unwrap_or_default();
        let v: serde_json::Value = serde_yaml::from_str(&y).unwrap_or_default();
        assert_eq!(
            v["spec"]["containers"][0]["command"],
            serde_json::json!(["sh", "-c", "echo hi"])
        );
        assert_eq!(v["spec"]["restartPolicy"], "Always");
    }

    #[test]
    fn run_refuses_what_kubectl_refuses() {
        assert_eq!(
            run_manifest(&words("nginx")).map_err(|e| e.stderr),
            Err("error: required flag(s) \"image\" not set\n".to_string())
        );
        assert_eq!(
            run_manifest(&words("--image=x")).map_err(|e| e.stderr),
            Err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
                .to_string())
        );
        assert!(run_manifest(&words("p --image=x --restart=Sometimes")).is_err());
    }

    #[test]
    fn history_recalls_without_duplicates() {
        let mut h = History::default();
        h.push("kubectl get pods");
        h.push("kubectl get pods");
        h.push("kubectl logs p");
        assert_eq!(h.older(), Some("kubectl logs p"));
        assert_eq!(h.older(), Some("kubectl get pods"));
        assert_eq!(h.older(), Some("kubectl get pods"));
        assert_eq!(h.newer(), Some("kubectl logs p"));
        assert_eq!(h.newer(), None);
    }
}
