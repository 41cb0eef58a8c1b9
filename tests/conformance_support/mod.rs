//! The harness of Kubernetes' node e2e tests for init containers and sidecars
//! (`test/e2e_node/container_lifecycle_pod_construction.go`), translated to podlab.
//!
//! - [`exec_command`] is `ExecCommand`: a busybox `sh -c` script that logs `NAME Starting N`,
//!   `NAME Started`, `NAME Delaying N` and `NAME Exiting` (to the container log and to
//!   `/persistent/NAME.log`), sleeps with `exec sleep N & wait $!` so that its `trap _term TERM`
//!   runs at once, and on SIGTERM sleeps `TerminationSeconds` then exits with `ExitCode`.
//! - [`PodBuilder`] is the Go test's `v1.Pod` literal plus `preparePod` (an emptyDir
//!   `persistent` mounted at `/persistent` in every container, 15Mi/35Mi memory).
//! - [`parse_output`] is `parseOutput`: the combined, time-sorted log of every container
//!   instance. The Go harness gets hook and probe lines into the container log through
//!   `/proc/1/fd/1`; podlab does not model that path, so lines written by hooks and probes
//!   (a `ContainerName` set in `execCommand`) are read from `/persistent/<container>.log` and
//!   timed by their `date +%s` prefix (whole seconds on the hook's own clock, placed at the
//!   end of that second).
//! - [`Output`]'s methods are the Go `containerOutputList` checks, with the same names.
#![allow(dead_code)]

#[path = "../kubelet_support/mod.rs"]
mod kubelet_support;
#[allow(unused_imports)]
pub use kubelet_support::{condition, objects};

use podlab::engine::kubelet::{simulate, Action, Scenario, Timeline};
use podlab::engine::time::Millis;

/// `execCommand`: what the logging container does.
#[derive(Clone, Debug, Default)]
pub struct Exec {
    /// Exit status (the Go tests' `-1` is any failure: podlab uses 255, as `exit -1` gives in
    /// most shells).
    pub exit_code: i32,
    /// Seconds before it logs `Started` (and creates `./started`).
    pub start_delay: u64,
    /// Seconds it runs after `Started` before it exits.
    pub delay: u64,
    /// Log `Looping` every second until terminated.
    pub loop_forever: bool,
    /// Seconds its TERM trap takes before it exits.
    pub termination_seconds: u64,
    /// Whose log this goes to (hooks and probes name their container).
    pub container_name: Option<String>,
}

/// `ExecCommand(name, c)`: the argv of the logging script.
pub fn exec_command(name: &str, c: &Exec) -> Vec<String> {
    let log = format!("/persistent/{}.log", c.container_name.as_deref().unwrap_or(name));
    let code = if c.exit_code < 0 { 255 } else { c.exit_code };
    // Every line starts with the (virtual) time in seconds, as the Go script's `date` prefix.
    let echo = |msg: &str| format!("echo \"$(date +%s) {name} {msg}\" | tee -a {log}; ");
    let mut s = format!("touch {log}; ");
    s += &echo(&format!("Starting {}", c.start_delay));
    s += &format!(
        "_term() {{ sleep {}; {}exit {code}; }}; trap _term TERM; ",
        c.termination_seconds,
        echo("Exiting")
    );
    if c.start_delay != 0 {
        s += &format!("exec sleep {} & wait $!; ", c.start_delay);
    }
    s += "touch started; ";
    s += &echo("Started");
    s += &echo(&format!("Delaying {}", c.delay));
    if c.delay != 0 {
        s += &format!("exec sleep {} & wait $!; ", c.delay);
    }
    if c.loop_forever {
        s += &format!("while true; do {}sleep 1; done; ", echo("Looping"));
    }
    s += &echo("Exiting");
    s += &format!("exit {code}");
    vec!["sh".into(), "-c".into(), s]
}

/// A YAML double-quoted scalar.
pub fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

/// A YAML flow sequence of double-quoted strings.
pub fn argv_yaml(argv: &[String]) -> String {
    format!("[{}]", argv.iter().map(|a| q(a)).collect::<Vec<_>>().join(", "))
}

/// One container of a [`PodBuilder`].
#[derive(Clone, Debug)]
pub struct C {
    name: String,
    image: String,
    command: Vec<String>,
    sidecar: bool,
    extra: String,
}

/// A container running [`exec_command`] in `defaultImage` (busybox).
pub fn c(name: &str, exec: Exec) -> C {
    C {
        name: name.into(),
        image: "busybox:1.36".into(),
        command: exec_command(name, &exec),
        sidecar: false,
        extra: String::new(),
    }
}

/// A container with a plain command.
pub fn cmd(name: &str, argv: &[&str]) -> C {
    C {
        name: name.into(),
        image: "busybox:1.36".into(),
        command: argv.iter().map(|s| s.to_string()).collect(),
        sidecar: false,
        extra: String::new(),
    }
}

impl C {
    /// `restartPolicy: Always` (a restartable init container).
    pub fn sidecar(mut self) -> C {
        self.sidecar = true;
        self
    }
    /// Another image (`InvalidRegistryImage` → an image the registry does not have).
    pub fn image(mut self, image: &str) -> C {
        self.image = image.into();
        self
    }
    /// Extra container fields, YAML at the container's indentation (four spaces).
    pub fn with(mut self, yaml: &str) -> C {
        self.extra.push_str(yaml);
        if !yaml.ends_with('\n') {
            self.extra.push('\n');
        }
        self
    }
    /// An exec probe (`startupProbe`, `livenessProbe`, `readinessProbe`) with extra fields
    /// (`initialDelaySeconds: 5`, …, one per line, unindented).
    pub fn probe(self, kind: &str, argv: &[String], fields: &[&str]) -> C {
        let mut y = format!("    {kind}:\n      exec:\n        command: {}\n", argv_yaml(argv));
        for f in fields {
            y += &format!("      {f}\n");
        }
        self.with(&y)
    }
    /// A `lifecycle.preStop` / `postStart` exec hook.
    pub fn hook(self, kind: &str, argv: &[String]) -> C {
        self.with(&format!(
            "    lifecycle:\n      {kind}:\n        exec:\n          command: {}\n",
            argv_yaml(argv)
        ))
    }
    fn yaml(&self) -> String {
        let mut y = format!(
            "  - name: {}\n    image: {}\n    command: {}\n",
            self.name,
            self.image,
            argv_yaml(&self.command)
        );
        if self.sidecar {
            y += "    restartPolicy: Always\n";
        }
        y += "    resources:\n      requests:\n        memory: 15Mi\n      limits:\n        memory: 35Mi\n";
        y += "    volumeMounts:\n    - name: persistent\n      mountPath: /persistent\n";
        y += &self.extra;
        y
    }
}

/// The Go test's pod literal after `preparePod`.
#[derive(Clone, Debug)]
pub struct PodBuilder {
    /// `metadata.name`.
    pub name: String,
    /// `spec.restartPolicy`.
    pub policy: String,
    /// `spec.terminationGracePeriodSeconds`.
    pub grace: Option<u64>,
    /// `spec.initContainers`.
    pub inits: Vec<C>,
    /// `spec.containers`.
    pub apps: Vec<C>,
}

/// A pod named `name` with restart policy `policy`.
pub fn pod(name: &str, policy: &str, inits: Vec<C>, apps: Vec<C>) -> PodBuilder {
    PodBuilder { name: name.into(), policy: policy.into(), grace: None, inits, apps }
}

impl PodBuilder {
    /// `terminationGracePeriodSeconds`.
    pub fn grace(mut self, secs: u64) -> PodBuilder {
        self.grace = Some(secs);
        self
    }
    /// The manifest.
    pub fn yaml(&self) -> String {
        let mut y = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {}\nspec:\n  restartPolicy: {}\n",
            self.name, self.policy
        );
        if let Some(g) = self.grace {
            y += &format!("  terminationGracePeriodSeconds: {g}\n");
        }
        if !self.inits.is_empty() {
            y += "  initContainers:\n";
            for c in &self.inits {
                y += &c.yaml();
            }
        }
        y += "  containers:\n";
        for c in &self.apps {
            y += &c.yaml();
        }
        y += "  volumes:\n  - name: persistent\n    emptyDir: {}\n";
        y
    }
    /// Creates it at t = 0 and runs `secs` seconds (deleted at `delete_at` with the pod's grace
    /// period, if given).
    pub fn run(&self, secs: u64, delete_at: Option<u64>) -> Timeline {
        let mut sc = Scenario::apply_at_zero(objects(&self.yaml()), Millis::from_secs(secs));
        if let Some(d) = delete_at {
            sc.actions.push((Millis::from_secs(d), Action::DeletePod(self.name.clone())));
        }
        simulate(&sc)
    }
}

/// One parsed log line: `containerOutput`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// When it was written.
    pub t: Millis,
    /// The logging name (`init-1`, `PreStop-regular-1`).
    pub container: String,
    /// `Starting`, `Started`, `Delaying`, `Looping`, `Exiting`.
    pub command: String,
}

/// `containerOutputList`.
#[derive(Clone, Debug, Default)]
pub struct Output(pub Vec<Entry>);

/// `date +%s` at podlab's t = 0 (2026-01-01T00:00:00Z).
const EPOCH_SECS: u64 = 1_767_225_600;

/// A `SECONDS NAME VERB …` line: timed by `t` when given (a container log line, to the
/// millisecond), else by its own seconds prefix (a hook or probe line).
fn parse_line(t: Option<Millis>, line: &str) -> Option<Entry> {
    let mut f = line.split_whitespace();
    let secs: u64 = f.next()?.parse().ok()?;
    let container = f.next()?.to_string();
    let command = f.next()?.to_string();
    // A whole-second stamp is placed at the end of its second: a hook runs after the
    // container it belongs to has started, within the same second.
    let t = t.unwrap_or(Millis(secs.saturating_sub(EPOCH_SECS) * 1000 + 999));
    Some(Entry { t, container, command })
}

/// `parseOutput`: the logs of every instance of every container of `pod` up to `until`, plus
/// the lines hooks and probes appended to the persistent logs, sorted by time (stable).
pub fn parse_output(tl: &Timeline, pod: &str, until: Millis) -> Output {
    let mut out = Vec::new();
    let lanes: Vec<_> = tl.lanes().into_iter().filter(|l| l.pod == pod).collect();
    // A deleted pod's logs are read just before it disappeared (as the Go test reads a pod
    // that still exists).
    let end = removed_at(tl, pod, Millis::ZERO, until)
        .map(|r| r.saturating_sub(Millis(1)).min(until))
        .unwrap_or(until);
    for lane in &lanes {
        for (i, start) in lane.starts.iter().enumerate() {
            let t = match lane.starts.get(i + 1) {
                Some(next) => next.saturating_sub(Millis(1)),
                None => end,
            };
            if *start > t {
                continue;
            }
            for (at, line) in tl.logs(pod, &lane.container, false, t).unwrap_or_default() {
                out.extend(parse_line(Some(at), &line));
            }
        }
    }
    // Hook and probe lines: only in /persistent/<container>.log, timed by their own prefix.
    let own: Vec<String> = lanes.iter().map(|l| l.container.clone()).collect();
    if let Some(files) = tl.files_at(pod, end).get("persistent") {
        for bytes in files.values() {
            for line in String::from_utf8_lossy(bytes).lines() {
                if let Some(e) = parse_line(None, line) {
                    if !own.contains(&e.container) {
                        out.push(e);
                    }
                }
            }
        }
    }
    out.sort_by_key(|e| e.t);
    Output(out)
}

impl Output {
    fn find(&self, name: &str, command: &str, from: usize) -> Option<usize> {
        (from..self.0.len()).find(|&i| self.0[i].container == name && self.0[i].command == command)
    }
    fn find_last(&self, name: &str, command: &str) -> Option<usize> {
        (0..self.0.len())
            .rev()
            .find(|&i| self.0[i].container == name && self.0[i].command == command)
    }
    fn dump(&self) -> String {
        self.0
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{i}) {:.3}s {} {}\n", e.t.as_secs_f64(), e.container, e.command))
            .collect()
    }
    /// `RunTogether`: both ran, `rhs` started after `lhs` started and before `lhs` exited, and
    /// `lhs` started before `rhs` exited.
    pub fn run_together(&self, lhs: &str, rhs: &str) -> Result<(), String> {
        let d = || self.dump();
        let ls =
            self.find(lhs, "Started", 0).ok_or_else(|| format!("{lhs} never started\n{}", d()))?;
        let rs = self
            .find(rhs, "Started", ls + 1)
            .ok_or_else(|| format!("{rhs} never started after {lhs}\n{}", d()))?;
        let le = self
            .find(lhs, "Exiting", ls + 1)
            .ok_or_else(|| format!("{lhs} never exited\n{}", d()))?;
        if rs > le {
            return Err(format!("expected {rhs} to start before {lhs} exited\n{}", d()));
        }
        let re = self
            .find(rhs, "Exiting", rs + 1)
            .ok_or_else(|| format!("{rhs} never exited\n{}", d()))?;
        if ls > re {
            return Err(format!("expected {lhs} to start before {rhs} exited\n{}", d()));
        }
        Ok(())
    }
    /// `RunTogetherLhsFirst`: `lhs` started first, `rhs` started while `lhs` was running.
    pub fn run_together_lhs_first(&self, lhs: &str, rhs: &str) -> Result<(), String> {
        let d = || self.dump();
        let ls =
            self.find(lhs, "Started", 0).ok_or_else(|| format!("{lhs} never started\n{}", d()))?;
        let rs = self
            .find(rhs, "Started", ls + 1)
            .ok_or_else(|| format!("{rhs} never started after {lhs}\n{}", d()))?;
        if let Some(le) = self.find(lhs, "Exiting", ls + 1) {
            if rs > le {
                return Err(format!("expected {rhs} to start before {lhs} exited\n{}", d()));
            }
        }
        Ok(())
    }
    /// `StartsBefore`: `rhs` logs `Starting` after `lhs` logged `Started`.
    pub fn starts_before(&self, lhs: &str, rhs: &str) -> Result<(), String> {
        let ls = self
            .find(lhs, "Started", 0)
            .ok_or_else(|| format!("{lhs} never started\n{}", self.dump()))?;
        self.find(rhs, "Starting", ls + 1)
            .map(|_| ())
            .ok_or_else(|| format!("{rhs} did not start after {lhs}\n{}", self.dump()))
    }
    /// `ExitsBefore`: `rhs` logs `Exiting` after `lhs` did.
    pub fn exits_before(&self, lhs: &str, rhs: &str) -> Result<(), String> {
        let le = self
            .find(lhs, "Exiting", 0)
            .ok_or_else(|| format!("{lhs} never exited\n{}", self.dump()))?;
        self.find(rhs, "Exiting", le + 1)
            .map(|_| ())
            .ok_or_else(|| format!("{rhs} did not exit after {lhs}\n{}", self.dump()))
    }
    /// `Starts`.
    pub fn starts(&self, name: &str) -> Result<(), String> {
        self.find(name, "Started", 0)
            .map(|_| ())
            .ok_or_else(|| format!("{name} never started\n{}", self.dump()))
    }
    /// `DoesntStart`.
    pub fn doesnt_start(&self, name: &str) -> Result<(), String> {
        match self.find(name, "Started", 0) {
            Some(_) => Err(format!("{name} started\n{}", self.dump())),
            None => Ok(()),
        }
    }
    /// `Exits`.
    pub fn exits(&self, name: &str) -> Result<(), String> {
        self.find(name, "Exiting", 0)
            .map(|_| ())
            .ok_or_else(|| format!("{name} never exited\n{}", self.dump()))
    }
    /// `HasRestarted`: two `Starting` lines.
    pub fn has_restarted(&self, name: &str) -> Result<(), String> {
        let i = self
            .find(name, "Starting", 0)
            .ok_or_else(|| format!("{name} never started\n{}", self.dump()))?;
        self.find(name, "Starting", i + 1)
            .map(|_| ())
            .ok_or_else(|| format!("{name} never restarted\n{}", self.dump()))
    }
    /// `HasNotRestarted`.
    pub fn has_not_restarted(&self, name: &str) -> Result<(), String> {
        let i = self
            .find(name, "Starting", 0)
            .ok_or_else(|| format!("{name} never started\n{}", self.dump()))?;
        match self.find(name, "Starting", i + 1) {
            Some(_) => Err(format!("{name} restarted\n{}", self.dump())),
            None => Ok(()),
        }
    }
    /// `TimeOfStart`: the first `Starting`.
    pub fn time_of_start(&self, name: &str) -> Result<Millis, String> {
        self.find(name, "Starting", 0)
            .map(|i| self.0[i].t)
            .ok_or_else(|| format!("{name} never started\n{}", self.dump()))
    }
    /// `TimeOfLastLoop`: the last `Looping`.
    pub fn time_of_last_loop(&self, name: &str) -> Result<Millis, String> {
        self.find_last(name, "Looping")
            .map(|i| self.0[i].t)
            .ok_or_else(|| format!("{name} never looped\n{}", self.dump()))
    }
}

/// `expectPodTerminationContainerStatuses`: every status terminated with the (exit code,
/// reason) given for its name.
pub fn expect_terminated(
    statuses: &[podlab::engine::model::ContainerStatus],
    want: &[(&str, i32, &str)],
) {
    assert_eq!(statuses.len(), want.len(), "{statuses:?}");
    for cs in statuses {
        let (_, code, reason) = want
            .iter()
            .find(|w| w.0 == cs.name)
            .unwrap_or_else(|| panic!("{} not expected", cs.name));
        match &cs.state {
            podlab::engine::model::ContainerState::Terminated { exit_code, reason: r, .. } => {
                assert_eq!((*exit_code, r.as_deref()), (*code, Some(*reason)), "{}", cs.name)
            }
            other => panic!("{} is not terminated: {other:?}", cs.name),
        }
    }
}

/// The first instant at or after `from` (stepping 100 ms) at which `pred` holds for the pod's
/// status, up to `until`: `WaitForPodCondition`.
pub fn wait_for(
    tl: &Timeline,
    pod: &str,
    from: Millis,
    until: Millis,
    pred: impl Fn(&podlab::engine::model::PodStatus) -> bool,
) -> Option<Millis> {
    let mut t = from;
    while t <= until {
        if let Some(v) = tl.pod_at(pod, t) {
            // Before the kubelet's first sync a pod has no container statuses yet.
            let synced = !(v.status.init_container_statuses.is_empty()
                && v.status.container_statuses.is_empty());
            if synced && pred(&v.status) {
                return Some(t);
            }
        }
        t = t + Millis(100);
    }
    None
}

/// When the pod object disappeared (`WaitForPodNotFoundInNamespace`), if it did by `until`.
pub fn removed_at(tl: &Timeline, pod: &str, from: Millis, until: Millis) -> Option<Millis> {
    let mut t = from;
    while t <= until {
        if tl.pod_at(pod, t).is_none() {
            return Some(t);
        }
        t = t + Millis(100);
    }
    None
}
