//! The resumable executor: runs a parsed script as an explicit stack of frames, so a `sleep`
//! (or `wait`, or a server in the foreground) suspends the whole process and the next
//! [`Machine::run`] call resumes exactly there — no Rust recursion is live across a suspension.
//!
//! Model of processes: task 0 is PID 1 (the container's main process). `cmd &` spawns another
//! task (a subshell with copied variables) scheduled cooperatively in virtual time. Pipelines run
//! their stages one after another, each stage's output buffered into the next stage's input —
//! a simplification of concurrent pipes: timing inside a pipeline is sequential and a stage that
//! writes more than [`PIPE_CAP`] bytes is stopped as if its reader had gone (SIGPIPE, 141).
//! `$(…)` runs synchronously to completion (sleeps inside it still advance the clock).
//!
//! Costs (reliability.md §5.2, R7): every frame step costs one unit of fuel and
//! [`STEP_MICROS`] µs of virtual CPU time, so a busy loop consumes virtual time and yields; the
//! run as a whole is capped at [`MAX_STEPS_RUN`]. Processes are capped at [`MAX_PROCS`], function
//! recursion at [`MAX_FUNC_DEPTH`], log output at [`MAX_LOG_BYTES`].

use super::applets::{self, Ctx, Outcome};
use super::ast::*;
use super::parse::{parse, parse_with_line, SyntaxError};
use super::pattern;
use crate::engine::limits::{
    MAX_LINE_BYTES, MAX_LOG_BYTES, MAX_PROCS, MAX_STEPS_PER_VSEC, MAX_STEPS_RUN,
};
use crate::engine::runtime::fs::{is_normal, normalize, Fs, Kind};
use crate::engine::runtime::images::{Dialect, Image, PROGRAM_MAGIC};
use crate::engine::runtime::{ClusterView, HttpResponse, PodVolumes};
use crate::engine::time::Millis;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::Arc;

/// Virtual CPU time one step costs: 1 s / [`MAX_STEPS_PER_VSEC`].
pub const STEP_MICROS: u64 = 1_000_000 / MAX_STEPS_PER_VSEC;
/// Steps a slice may take with no observable effect before the process is called CPU-bound.
pub const SPIN_SLICE: u64 = 2_000;
// The interpreter's budgets are podlab limits, kept with the others (re-exported for the
// interpreter's modules and the tests that name them here).
pub use crate::engine::limits::{
    MAX_FRAMES, MAX_FUNC_DEPTH, MAX_LOG_LINES, MAX_SUBST_DEPTH, MAX_WORD_BYTES, PIPE_CAP,
    RUN_AHEAD, SYNC_STEPS,
};

/// What the process sees outside itself during a run.
pub struct World<'a> {
    /// The pod's volumes.
    pub vols: &'a mut PodVolumes,
    /// The network.
    pub net: &'a dyn ClusterView,
    /// The pod's name.
    pub pod: &'a str,
}

/// Where a file descriptor writes.
#[derive(Clone, Debug)]
pub enum Output {
    /// The container's stdout (1) or stderr (2).
    Console(u8),
    /// A pipe or `$(…)` buffer.
    Buf(Rc<RefCell<Vec<u8>>>),
    /// A file. `fresh` (for `>`) is set until the first write, which *replaces* the contents:
    /// truncation is lazy so that rewriting a file with what it already holds is not an
    /// observable change (spin detection of `while :; do echo x > f; done`). If nothing was
    /// written when the redirection ends, the file is truncated then.
    File { path: String, fresh: Option<Rc<std::cell::Cell<bool>>> },
    /// Discarded.
    Null,
}

/// Where stdin reads from.
#[derive(Clone, Debug)]
pub enum Input {
    /// Nothing (a container has no stdin unless `stdin: true`).
    Empty,
    /// Data with a read position.
    Buf(Rc<RefCell<(Vec<u8>, usize)>>),
    /// The container's stdin kept open (`stdin: true`): reads wait forever.
    Open,
}

/// The three standard descriptors.
#[derive(Clone, Debug)]
pub struct Fds {
    /// 0
    pub stdin: Input,
    /// 1
    pub stdout: Output,
    /// 2
    pub stderr: Output,
}

/// Shell state copied into subshells.
#[derive(Clone, Debug)]
pub struct State {
    /// Variables.
    pub vars: BTreeMap<String, String>,
    /// Exported names.
    pub exported: BTreeSet<String>,
    /// Functions.
    pub funcs: BTreeMap<String, Rc<Cmd>>,
    /// `$1…`.
    pub args: Vec<String>,
    /// `$0`.
    pub arg0: String,
    /// Working directory.
    pub cwd: String,
    /// Descriptors.
    pub fds: Fds,
    /// `$?`.
    pub status: i32,
    /// Function call depth.
    pub depth: usize,
    /// `$!`.
    pub last_bg: Option<u32>,
    /// `set -e`.
    pub errexit: bool,
    /// `set -x`: each command is echoed to stderr with `+ `.
    pub xtrace: bool,
    /// Which shell is interpreting (bash scripts on Debian images speak bash, `sh` speaks dash).
    pub dialect: Option<Dialect>,
    /// Line of the command being run (`$LINENO`, and `line N:` in messages).
    pub lineno: usize,
    /// ash's `commandname`: set for a script file or `sh -c CMD NAME`, which makes messages
    /// say `NAME: line N: …`.
    pub commandname: bool,
}

/// A long-running server started as a foreground command (nginx, postgres, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Daemon {
    /// Which server.
    pub kind: DaemonKind,
    /// When it accepts connections.
    pub ready_at: Millis,
    /// Whether its "ready" log lines were written.
    pub announced: bool,
    /// Set when it was told to stop: when it exits and with which code.
    pub stopping: Option<(Millis, i32)>,
}

/// Server programs and what they listen on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DaemonKind {
    /// nginx on 80 serving `/usr/share/nginx/html`.
    Nginx,
    /// postgres on 5432.
    Postgres,
    /// redis on 6379.
    Redis,
    /// mysqld on 3306.
    Mysql,
    /// A static HTTP server on `port` serving `dir` (`python3 -m http.server`, busybox `httpd -f`).
    Http { port: u16, dir: String },
    /// `nc -l -p PORT` (accepts connections, prints nothing here).
    Listen { port: u16 },
}

impl DaemonKind {
    /// The TCP port it listens on.
    pub fn port(&self) -> u16 {
        match self {
            DaemonKind::Nginx => 80,
            DaemonKind::Postgres => 5432,
            DaemonKind::Redis => 6379,
            DaemonKind::Mysql => 3306,
            DaemonKind::Http { port, .. } | DaemonKind::Listen { port } => *port,
        }
    }
}

#[derive(Clone, Debug)]
enum Frame {
    Exec(Rc<Cmd>),
    Seq { items: Rc<Vec<(Rc<Cmd>, bool)>>, idx: usize },
    AndOr { and: bool, right: Rc<Cmd> },
    If { arms: Rc<Vec<(Rc<Cmd>, Rc<Cmd>)>>, idx: usize, els: Option<Rc<Cmd>> },
    Loop { cond: Rc<Cmd>, body: Rc<Cmd>, until: bool, in_body: bool, last: i32 },
    For { var: String, items: Rc<Vec<String>>, idx: usize, body: Rc<Cmd>, last: i32 },
    Pipe { stages: Rc<Vec<Rc<Cmd>>>, idx: usize, out: Rc<RefCell<Vec<u8>>>, saved: Fds, bang: bool },
    Restore(Fds),
    Negate,
    FuncRet { args: Vec<String>, locals: Vec<(String, Option<String>)> },
    SubEnd { saved: Box<State> },
    Sleep { until: Millis, code: i32 },
    Wait { pid: Option<u32> },
    Daemon(Daemon),
    Yes { line: Rc<Vec<u8>>, written: usize },
    TrapEnd { status: i32 },
    ExitWith,
    Follow { path: String, offset: usize, next: Millis },
}

#[derive(Debug)]
struct Task {
    pid: u32,
    frames: Vec<Frame>,
    st: State,
    done: Option<i32>,
    sync: bool,
}

enum Unwind {
    Break(u32),
    Continue(u32),
    Return,
    Exit,
}

/// One container's process tree and its filesystem view.
#[derive(Debug)]
pub struct Machine {
    /// The container filesystem.
    pub fs: Fs,
    /// The image (shared with the runtime's catalogue cache: one per start would be a copy of
    /// its program list).
    pub image: Arc<Image>,
    /// Hostname (the pod name).
    pub hostname: String,
    /// The process's virtual clock.
    pub clock: Millis,
    cpu_us: u64,
    /// Fuel used so far.
    pub steps: u64,
    tasks: Vec<Task>,
    next_pid: u32,
    procs: usize,
    /// `trap` actions by signal name (`TERM`, `EXIT`, `INT`).
    pub traps: BTreeMap<String, String>,
    /// A SIGTERM is waiting to be handled.
    pub term_pending: bool,
    exit_trap_done: bool,
    /// Exit code once PID 1 has exited.
    pub exit: Option<i32>,
    /// Completed log lines not yet collected.
    pub logs: Vec<(Millis, String)>,
    partial: [Vec<u8>; 2],
    log_bytes: usize,
    log_lines: usize,
    /// Output was cut at the cap.
    pub log_capped: bool,
    /// `kubectl exec` mode: console output captured here instead of logged.
    pub capture: Option<(Vec<u8>, Vec<u8>)>,
    /// Count of observable effects (output, file writes, sleeps), for spin detection.
    pub effects: u64,
    /// Count of network look-ups (the world can change them without an effect of ours).
    pub net_calls: u64,
    /// Why the process stopped being interpreted while still running (CPU-bound forever, fuel
    /// used up), as a notice for the UI.
    pub stuck: Option<String>,
    /// Set by a spin slice: resume only when something external changes.
    pub spinning: bool,
    resume_at: Option<Millis>,
    fatal: Option<i32>,
    /// (steps, effects, net_calls) at the start of the current spin-detection slice; kept
    /// across `run` calls because a busy process returns every virtual millisecond.
    mark: (u64, u64, u64),
    /// Current skip of a network-polling busy loop (ms).
    net_skip: u64,
    /// Nesting of synchronous runs (`$(…)` inside `$(…)`): each is a Rust call, so it is capped
    /// at [`MAX_SUBST_DEPTH`] to keep the wasm stack safe.
    sync_depth: usize,
}

/// What [`Machine::exec_command`] got.
#[derive(Clone, Debug, Default)]
pub struct ExecRun {
    /// Standard output.
    pub stdout: Vec<u8>,
    /// Standard error.
    pub stderr: Vec<u8>,
    /// Exit code, `None` if it did not finish (time limit, step budget, a server or `wait`).
    pub code: Option<i32>,
    /// It ran past its time limit.
    pub timed_out: bool,
}

/// Where [`Machine::run`] stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunState {
    /// PID 1 exited.
    Exited(i32),
    /// Waiting: run again at this instant (`None`: only when something external happens).
    Blocked(Option<Millis>),
}

fn new_state(env: &[(String, String)], cwd: &str) -> State {
    let mut vars = BTreeMap::new();
    let mut exported = BTreeSet::new();
    for (k, v) in env {
        vars.insert(k.clone(), v.clone());
        exported.insert(k.clone());
    }
    vars.entry("IFS".into()).or_insert_with(|| " \t\n".into());
    vars.insert("PWD".into(), cwd.into());
    exported.insert("PWD".into());
    State {
        vars,
        exported,
        funcs: BTreeMap::new(),
        args: Vec::new(),
        arg0: "sh".into(),
        cwd: cwd.into(),
        fds: Fds { stdin: Input::Empty, stdout: Output::Console(1), stderr: Output::Console(2) },
        status: 0,
        depth: 0,
        last_bg: None,
        errexit: false,
        xtrace: false,
        dialect: None,
        lineno: 1,
        commandname: false,
    }
}

impl Machine {
    /// A process about to exec `argv` in `fs` with `env`, starting at `now`; `stdin_open` for a
    /// container with `stdin: true` (its stdin never reaches end of file).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        image: Arc<Image>,
        fs: Fs,
        hostname: &str,
        env: &[(String, String)],
        cwd: &str,
        argv: &[String],
        now: Millis,
        stdin_open: bool,
    ) -> Machine {
        let mut st = new_state(env, cwd);
        if stdin_open {
            st.fds.stdin = Input::Open;
        }
        let mut m = Machine {
            fs,
            image,
            hostname: hostname.to_string(),
            clock: now,
            cpu_us: 0,
            steps: 0,
            tasks: Vec::new(),
            next_pid: 2,
            procs: 1,
            traps: BTreeMap::new(),
            term_pending: false,
            exit_trap_done: false,
            exit: None,
            logs: Vec::new(),
            partial: [Vec::new(), Vec::new()],
            log_bytes: 0,
            log_lines: 0,
            log_capped: false,
            capture: None,
            effects: 0,
            net_calls: 0,
            stuck: None,
            spinning: false,
            resume_at: None,
            fatal: None,
            mark: (0, 0, 0),
            net_skip: 0,
            sync_depth: 0,
        };
        // PID 1 runs argv as a simple command; the shell machinery does PATH lookup, exec of
        // `sh -c`, scripts and servers uniformly.
        let words: Vec<Word> =
            argv.iter().map(|a| vec![WordPart::Lit { text: a.clone(), quoted: true }]).collect();
        let cmd = Rc::new(Cmd::Simple(Rc::new(Simple {
            assigns: Vec::new(),
            words,
            redirs: Vec::new(),
            line: 1,
        })));
        m.tasks.push(Task { pid: 1, frames: vec![Frame::Exec(cmd)], st, done: None, sync: false });
        m
    }

    /// `sh` prefix of messages in this image's dialect.
    fn sh_name(&self, ti: usize) -> String {
        // ash and dash prefix messages with $0 as invoked (`/bin/sh: foo: not found`).
        let (base, line, named) = self
            .tasks
            .get(ti)
            .map(|t| (t.st.arg0.clone(), t.st.lineno, t.st.commandname))
            .unwrap_or_else(|| ("sh".into(), 1, false));
        match self.dialect(ti) {
            Dialect::Dash => format!("{base}: {line}"),
            Dialect::Bash => format!("{base}: line {line}"),
            // ash adds `line N:` only when running a named script (ash.c `ash_vmsg`).
            Dialect::Ash if named => format!("{base}: line {line}"),
            Dialect::Ash => base,
        }
    }

    fn dialect(&self, ti: usize) -> Dialect {
        self.tasks.get(ti).and_then(|t| t.st.dialect).or(self.image.sh).unwrap_or(Dialect::Ash)
    }

    fn syntax_message(&self, e: &SyntaxError, ti: usize) -> String {
        let (name, named, line) = self
            .tasks
            .get(ti)
            .map(|t| (t.st.arg0.clone(), t.st.commandname, t.st.lineno))
            .unwrap_or_else(|| ("sh".into(), false, 1));
        syntax_text(self.dialect(ti), &name, named, line, e)
    }

    // ------------------------------------------------------------------------------------
    // Output
    // ------------------------------------------------------------------------------------

    fn console(&mut self, stream: u8, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        if let Some((o, e)) = &mut self.capture {
            let b = if stream == 2 { e } else { o };
            let room = MAX_LOG_BYTES.saturating_sub(b.len());
            b.extend_from_slice(&data[..data.len().min(room)]);
            return;
        }
        if self.log_capped {
            return;
        }
        let idx = usize::from(stream == 2);
        let mut kept = false;
        let mut rest = data;
        loop {
            let (chunk, newline) = match rest.iter().position(|b| *b == b'\n') {
                Some(i) => (&rest[..i], true),
                None => (rest, false),
            };
            // One line is capped at MAX_LINE_BYTES (`cat /dev/zero`); the rest is dropped.
            let room = MAX_LINE_BYTES.saturating_sub(self.partial[idx].len());
            if room > 0 && !chunk.is_empty() {
                self.partial[idx].extend_from_slice(&chunk[..chunk.len().min(room)]);
                kept = true;
            }
            if !newline {
                break;
            }
            let line = std::mem::take(&mut self.partial[idx]);
            self.push_line(line);
            kept = true;
            if self.log_capped {
                break;
            }
            rest = &rest[chunk.len() + 1..];
        }
        if kept {
            self.effects += 1;
        }
    }

    fn push_line(&mut self, line: Vec<u8>) {
        if self.log_capped {
            return;
        }
        self.log_bytes += line.len() + 1;
        self.log_lines += 1;
        if self.log_bytes > MAX_LOG_BYTES || self.log_lines > MAX_LOG_LINES {
            self.log_capped = true;
            self.logs.push((self.clock, format!("[podlab: this container instance wrote more than {} KiB or {MAX_LOG_LINES} lines; later output is not kept (the kubelet rotates logs at 10Mi × 5)]", MAX_LOG_BYTES / 1024)));
            return;
        }
        self.logs.push((self.clock, String::from_utf8_lossy(&line).into_owned()));
    }

    fn flush_partial(&mut self) {
        for i in 0..2 {
            if !self.partial[i].is_empty() {
                let l = std::mem::take(&mut self.partial[i]);
                self.push_line(l);
            }
        }
    }

    fn write_to(&mut self, w: &mut World<'_>, out: &Output, data: &[u8]) -> bool {
        match out {
            Output::Console(s) => self.console(*s, data),
            Output::Buf(b) => {
                let mut b = b.borrow_mut();
                if b.len() + data.len() > PIPE_CAP {
                    return false;
                }
                b.extend_from_slice(data);
            }
            Output::File { path, fresh } => {
                let p = path.clone();
                // A failed write (ENOSPC) changes nothing, so it is not an effect; the writer
                // carries on as a program ignoring write errors would.
                match fresh {
                    Some(f) if f.get() => {
                        f.set(false);
                        if self.fs.read(w.vols, &p).ok().as_deref() != Some(data)
                            && self.fs.write(w.vols, &p, data, false).is_ok()
                        {
                            self.effects += 1;
                        }
                    }
                    _ if data.is_empty() => {}
                    _ => {
                        if self.fs.write(w.vols, &p, data, true).is_ok() {
                            self.effects += 1;
                        }
                    }
                }
            }
            Output::Null => {}
        }
        true
    }

    /// Ends the redirections in `cur` that `next` does not keep: a `>` file never written is
    /// truncated now.
    fn close_outputs(&mut self, w: &mut World<'_>, cur: &Fds, next: &Fds) {
        let kept = |o: &Output| -> Option<Rc<std::cell::Cell<bool>>> {
            match o {
                Output::File { fresh: Some(f), .. } => Some(f.clone()),
                _ => None,
            }
        };
        let next_cells: Vec<Rc<std::cell::Cell<bool>>> =
            [kept(&next.stdout), kept(&next.stderr)].into_iter().flatten().collect();
        for o in [&cur.stdout, &cur.stderr] {
            if let Output::File { path, fresh: Some(f) } = o {
                if f.get() && !next_cells.iter().any(|n| Rc::ptr_eq(n, f)) {
                    f.set(false);
                    if self.fs.read(w.vols, path).is_ok_and(|d| !d.is_empty()) {
                        self.effects += 1;
                        let p = path.clone();
                        let _ = self.fs.write(w.vols, &p, b"", false);
                    }
                }
            }
        }
    }

    fn restore_fds(&mut self, w: &mut World<'_>, ti: usize, next: Fds) {
        let cur = std::mem::replace(&mut self.tasks[ti].st.fds, next.clone());
        self.close_outputs(w, &cur, &next);
    }

    fn err(&mut self, w: &mut World<'_>, ti: usize, msg: &str) {
        let out = self.tasks[ti].st.fds.stderr.clone();
        let mut line = msg.as_bytes().to_vec();
        line.push(b'\n');
        self.write_to(w, &out, &line);
    }

    // ------------------------------------------------------------------------------------
    // Scheduling
    // ------------------------------------------------------------------------------------

    fn charge(&mut self, n: u64) {
        self.steps += n;
        self.cpu_us += n * STEP_MICROS;
        self.clock = self.clock + Millis(self.cpu_us / 1000);
        self.cpu_us %= 1000;
    }

    fn blocked_until(&self, ti: usize) -> Option<Option<Millis>> {
        let t = &self.tasks[ti];
        match t.frames.last() {
            Some(Frame::Sleep { until, .. }) if *until > self.clock => Some(Some(*until)),
            Some(Frame::Wait { pid }) => {
                let waiting = self.tasks.iter().any(|o| {
                    o.pid != t.pid
                        && !o.sync
                        && o.done.is_none()
                        && o.pid != 1
                        && pid.is_none_or(|p| p == o.pid)
                });
                waiting.then_some(None)
            }
            Some(Frame::Follow { next, .. }) if *next > self.clock => Some(Some(*next)),
            Some(Frame::Daemon(d)) => {
                let next = match (d.stopping, d.announced) {
                    (Some((at, _)), _) => Some(at),
                    (None, false) => Some(d.ready_at),
                    (None, true) => None,
                };
                match next {
                    Some(at) if at <= self.clock => None,
                    n => Some(n),
                }
            }
            _ => None,
        }
    }

    /// Runs until PID 1 exits or every task waits past `until`.
    pub fn run(&mut self, w: &mut World<'_>, until: Millis) -> RunState {
        if let Some(r) = self.resume_at.take() {
            if r <= until {
                self.clock = self.clock.max(r);
            } else {
                self.resume_at = Some(r);
                return RunState::Blocked(Some(r));
            }
        }
        if self.exit.is_none()
            && self.clock > until + RUN_AHEAD
            && (0..self.tasks.len()).any(|i| {
                self.tasks[i].done.is_none()
                    && !self.tasks[i].sync
                    && self.blocked_until(i).is_none()
            })
        {
            // It ran ahead on CPU time during the previous call.
            return RunState::Blocked(Some(self.clock));
        }
        if self.spinning {
            self.spinning = false;
            self.mark = (self.steps, self.effects, self.net_calls);
        }
        loop {
            if let Some(c) = self.exit {
                return RunState::Exited(c);
            }
            if self.stuck.is_some() {
                return RunState::Blocked(None);
            }
            self.handle_term(w);
            let mut ran = false;
            let mut ti = 0;
            while ti < self.tasks.len() {
                if self.tasks[ti].done.is_none()
                    && !self.tasks[ti].sync
                    && self.blocked_until(ti).is_none()
                {
                    ran = true;
                    for _ in 0..64 {
                        if self.tasks[ti].done.is_some()
                            || self.blocked_until(ti).is_some()
                            || self.fatal.is_some()
                            || self.stuck.is_some()
                        {
                            break;
                        }
                        self.step(w, ti);
                    }
                }
                if self.fatal.is_some() {
                    break;
                }
                ti += 1;
            }
            if let Some(code) = self.fatal {
                self.finish(code);
                return RunState::Exited(code);
            }
            if let Some(code) = self.tasks[0].done {
                if !self.exit_trap_done {
                    self.exit_trap_done = true;
                    if let Some(tr) = self.traps.get("EXIT").cloned().filter(|t| !t.is_empty()) {
                        if let Ok(cmd) = parse(&tr) {
                            let t = &mut self.tasks[0];
                            t.done = None;
                            t.frames.push(Frame::TrapEnd { status: code });
                            t.frames.push(Frame::Exec(cmd));
                            continue;
                        }
                    }
                }
                self.finish(code);
                return RunState::Exited(code);
            }
            // Drop finished background tasks nobody can wait for any more.
            if self.tasks.len() > 1 && self.tasks.iter().skip(1).all(|t| t.done.is_some()) {
                self.tasks.truncate(1);
            }
            if !ran {
                let wake = (0..self.tasks.len())
                    .filter(|i| self.tasks[*i].done.is_none() && !self.tasks[*i].sync)
                    .filter_map(|i| self.blocked_until(i).flatten())
                    .min();
                match wake {
                    None => return RunState::Blocked(None),
                    Some(t) if t > until => return RunState::Blocked(Some(t)),
                    Some(t) => self.clock = self.clock.max(t),
                }
                continue;
            }
            if self.steps >= MAX_STEPS_RUN {
                self.stuck = Some(format!("podlab: this container used its whole budget of {MAX_STEPS_RUN} shell steps at {}; it is shown as still running but no longer simulated", self.clock));
                return RunState::Blocked(None);
            }
            if self.steps - self.mark.0 >= SPIN_SLICE {
                let mark = self.mark;
                self.mark = (self.steps, self.effects, self.net_calls);
                if self.effects == mark.1 {
                    if self.net_calls == mark.2 {
                        // A loop with no observable effect: CPU-bound. A real kubelet shows it
                        // Running forever; re-run only when something external changes.
                        self.spinning = true;
                        return RunState::Blocked(None);
                    }
                    // Polling the network in a busy loop with nothing to show: skip ahead
                    // instead of simulating identical polls (1 s, doubling to 30 s while it
                    // lasts), so a change in the world is noticed within the skip.
                    self.net_skip = (self.net_skip * 2).clamp(1000, 30_000);
                    let next = self.clock + Millis(self.net_skip);
                    if next > until {
                        self.resume_at = Some(next);
                        return RunState::Blocked(Some(next));
                    }
                    self.clock = next;
                    continue;
                }
                self.net_skip = 0;
            }
            if self.clock > until + RUN_AHEAD {
                return RunState::Blocked(Some(self.clock));
            }
        }
    }

    fn finish(&mut self, code: i32) {
        self.flush_partial();
        self.exit = Some(code);
    }

    fn handle_term(&mut self, w: &mut World<'_>) {
        if !self.term_pending {
            return;
        }
        let trap = self.traps.get("TERM").cloned();
        let top_daemon = matches!(self.tasks[0].frames.last(), Some(Frame::Daemon(_)));
        match trap {
            Some(t) if t.is_empty() => self.term_pending = false,
            Some(t) => {
                // ash runs a trap only after the foreground command finishes; `wait` is
                // interrupted at once (which is why `sleep 3600 & wait` is the idiom).
                match self.tasks[0].frames.last() {
                    Some(Frame::Sleep { .. })
                    | Some(Frame::Yes { .. })
                    | Some(Frame::Follow { .. }) => return,
                    Some(Frame::Daemon(_)) => {
                        self.stop_daemon(w);
                        return;
                    }
                    Some(Frame::Wait { .. }) => {
                        self.tasks[0].frames.pop();
                        self.tasks[0].st.status = 143;
                    }
                    _ => {}
                }
                self.term_pending = false;
                if let Ok(cmd) = parse(&t) {
                    let status = self.tasks[0].st.status;
                    self.tasks[0].frames.push(Frame::TrapEnd { status });
                    self.tasks[0].frames.push(Frame::Exec(cmd));
                }
            }
            None => {
                self.term_pending = false;
                if top_daemon {
                    self.stop_daemon(w);
                }
                // Otherwise: PID 1 without a handler — the kernel drops SIGTERM.
            }
        }
    }

    fn stop_daemon(&mut self, _w: &mut World<'_>) {
        let now = self.clock;
        let mut lines: Vec<String> = Vec::new();
        if let Some(Frame::Daemon(d)) = self.tasks[0].frames.last_mut() {
            if d.stopping.is_none() {
                let (ms, code) = match d.kind {
                    DaemonKind::Nginx => {
                        lines.push(format!(
                            "{} [notice] 1#1: signal 15 (SIGTERM) received, exiting",
                            wall(now)
                        ));
                        lines.push(format!("{} [notice] 1#1: exit", wall(now + Millis(100))));
                        (100, 0)
                    }
                    DaemonKind::Postgres => {
                        lines.push(format!(
                            "{} UTC [1] LOG:  received smart shutdown request",
                            wall_pg(now)
                        ));
                        lines.push(format!(
                            "{} UTC [1] LOG:  database system is shut down",
                            wall_pg(now + Millis(300))
                        ));
                        (300, 0)
                    }
                    DaemonKind::Redis => {
                        lines.push(
                            "1:signal-handler Received SIGTERM scheduling shutdown...".into(),
                        );
                        lines.push("1:M Redis is now ready to exit, bye bye...".into());
                        (100, 0)
                    }
                    DaemonKind::Mysql => (1500, 0),
                    // python's http.server and busybox httpd/nc die of the signal's default action.
                    _ => (0, 143),
                };
                d.stopping = Some((now + Millis(ms), code));
            }
        }
        for l in lines {
            self.console(2, format!("{l}\n").as_bytes());
        }
        self.term_pending = false;
    }

    /// Delivers SIGTERM at `now`.
    pub fn sigterm(&mut self, now: Millis) {
        if self.exit.is_none() {
            self.clock = self.clock.max(now);
            self.term_pending = true;
            self.spinning = false;
        }
    }

    /// Delivers SIGKILL at `now`.
    pub fn sigkill(&mut self, now: Millis) {
        if self.exit.is_none() {
            self.clock = self.clock.max(now);
            self.finish(137);
        }
    }

    /// Ports servers in this process listen on now.
    pub fn listening_ports(&self) -> Vec<u16> {
        let mut v: Vec<u16> = self
            .tasks
            .iter()
            .filter(|t| t.done.is_none())
            .filter_map(|t| match t.frames.last() {
                Some(Frame::Daemon(d)) if d.ready_at <= self.clock && d.stopping.is_none() => {
                    Some(d.kind.port())
                }
                _ => None,
            })
            .collect();
        v.sort();
        v.dedup();
        if self.exit.is_some() {
            v.clear();
        }
        v
    }

    /// Answers an HTTP GET if a server here serves `port`.
    pub fn serve_http(&self, port: u16, path: &str, vols: &PodVolumes) -> Option<HttpResponse> {
        if self.exit.is_some() {
            return None;
        }
        let kind = self.servers().into_iter().find(|k| k.port() == port)?;
        http_serve(&self.fs, vols, &kind, &self.image.version, path)
    }

    /// Servers that accept connections now.
    fn servers(&self) -> Vec<DaemonKind> {
        self.tasks
            .iter()
            .filter(|t| t.done.is_none())
            .filter_map(|t| match t.frames.last() {
                Some(Frame::Daemon(d)) if d.ready_at <= self.clock && d.stopping.is_none() => {
                    Some(d.kind.clone())
                }
                _ => None,
            })
            .collect()
    }

    // ------------------------------------------------------------------------------------
    // Frames
    // ------------------------------------------------------------------------------------

    fn step(&mut self, w: &mut World<'_>, ti: usize) {
        self.charge(1);
        if self.tasks[ti].frames.len() > MAX_FRAMES {
            let sh = self.sh_name(ti);
            self.err(w, ti, &format!("{sh}: out of memory (podlab: more than {MAX_FRAMES} nested shell frames; the process is stopped)"));
            self.fatal = Some(2);
            return;
        }
        let Some(frame) = self.tasks[ti].frames.pop() else {
            let code = self.tasks[ti].st.status;
            self.tasks[ti].done = Some(code);
            if ti != 0 && !self.tasks[ti].sync {
                self.procs = self.procs.saturating_sub(1);
            }
            return;
        };
        match frame {
            Frame::Exec(cmd) => self.exec(w, ti, cmd),
            Frame::Seq { items, idx } => {
                let prev_plain =
                    idx > 0 && items.get(idx - 1).is_some_and(|(c, bg)| !bg && errexit_eligible(c));
                if prev_plain && self.errexit_now(ti) {
                    return self.unwind(w, ti, Unwind::Exit);
                }
                if let Some((cmd, bg)) = items.get(idx).cloned() {
                    self.tasks[ti].frames.push(Frame::Seq { items, idx: idx + 1 });
                    if bg {
                        self.spawn(w, ti, cmd);
                    } else {
                        self.tasks[ti].frames.push(Frame::Exec(cmd));
                    }
                }
            }
            Frame::AndOr { and, right } => {
                if (self.tasks[ti].st.status == 0) == and {
                    self.tasks[ti].frames.push(Frame::Exec(right));
                }
            }
            Frame::If { arms, idx, els } => {
                if self.tasks[ti].st.status == 0 {
                    let body = arms[idx].1.clone();
                    self.tasks[ti].frames.push(Frame::Exec(body));
                } else if idx + 1 < arms.len() {
                    let cond = arms[idx + 1].0.clone();
                    self.tasks[ti].frames.push(Frame::If { arms, idx: idx + 1, els });
                    self.tasks[ti].frames.push(Frame::Exec(cond));
                } else if let Some(e) = els {
                    self.tasks[ti].frames.push(Frame::Exec(e));
                } else {
                    self.tasks[ti].st.status = 0;
                }
            }
            Frame::Loop { cond, body, until, in_body, last } => {
                let st = self.tasks[ti].st.status;
                if in_body && errexit_eligible(&body) && self.errexit_now(ti) {
                    return self.unwind(w, ti, Unwind::Exit);
                }
                if in_body {
                    self.tasks[ti].frames.push(Frame::Loop {
                        cond: cond.clone(),
                        body,
                        until,
                        in_body: false,
                        last: st,
                    });
                    self.tasks[ti].frames.push(Frame::Exec(cond));
                } else if (st == 0) != until {
                    self.tasks[ti].frames.push(Frame::Loop {
                        cond,
                        body: body.clone(),
                        until,
                        in_body: true,
                        last,
                    });
                    self.tasks[ti].frames.push(Frame::Exec(body));
                } else {
                    self.tasks[ti].st.status = last;
                }
            }
            Frame::For { var, items, idx, body, last } => {
                if idx > 0 && errexit_eligible(&body) && self.errexit_now(ti) {
                    return self.unwind(w, ti, Unwind::Exit);
                }
                let last = if idx > 0 { self.tasks[ti].st.status } else { last };
                if let Some(v) = items.get(idx).cloned() {
                    self.tasks[ti].st.vars.insert(var.clone(), v);
                    self.tasks[ti].frames.push(Frame::For {
                        var,
                        items,
                        idx: idx + 1,
                        body: body.clone(),
                        last,
                    });
                    self.tasks[ti].frames.push(Frame::Exec(body));
                } else {
                    self.tasks[ti].st.status = last;
                }
            }
            Frame::Pipe { stages, idx, out, saved, bang } => {
                if idx + 1 < stages.len() {
                    let data = std::mem::take(&mut *out.borrow_mut());
                    self.start_stage(
                        w,
                        ti,
                        stages,
                        idx + 1,
                        Input::Buf(Rc::new(RefCell::new((data, 0)))),
                        saved,
                        bang,
                    );
                } else {
                    self.tasks[ti].st.fds = saved;
                    if bang {
                        let s = self.tasks[ti].st.status;
                        self.tasks[ti].st.status = i32::from(s == 0);
                    }
                }
            }
            Frame::Restore(f) => self.restore_fds(w, ti, f),
            Frame::Negate => {
                let s = self.tasks[ti].st.status;
                self.tasks[ti].st.status = i32::from(s == 0);
            }
            Frame::FuncRet { args, locals } => self.func_return(ti, args, locals),
            Frame::SubEnd { saved } => {
                let status = self.tasks[ti].st.status;
                self.tasks[ti].st = *saved;
                self.tasks[ti].st.status = status;
                self.procs = self.procs.saturating_sub(1);
            }
            Frame::Sleep { until, code } => {
                if until > self.clock {
                    self.tasks[ti].frames.push(Frame::Sleep { until, code });
                } else {
                    self.tasks[ti].st.status = code;
                }
            }
            Frame::Wait { pid } => {
                let target = self.tasks.iter().find(|o| pid == Some(o.pid)).and_then(|o| o.done);
                self.tasks[ti].st.status = if pid.is_some() { target.unwrap_or(127) } else { 0 };
            }
            Frame::Daemon(mut d) => {
                if let Some((at, code)) = d.stopping {
                    if at <= self.clock {
                        self.tasks[ti].st.status = code;
                        return;
                    }
                } else if !d.announced && d.ready_at <= self.clock {
                    d.announced = true;
                    for l in ready_lines(&d.kind, self.clock) {
                        self.console(2, format!("{l}\n").as_bytes());
                    }
                }
                self.tasks[ti].frames.push(Frame::Daemon(d));
            }
            Frame::Yes { line, written } => {
                let out = self.tasks[ti].st.fds.stdout.clone();
                if !self.write_to(w, &out, &line) {
                    self.tasks[ti].st.status = 141;
                    return;
                }
                let n = line.len();
                self.tasks[ti].frames.push(Frame::Yes { line, written: written + n });
            }
            Frame::Follow { path, mut offset, next } => {
                if next <= self.clock {
                    if let Ok(data) = self.fs.read(w.vols, &path) {
                        if data.len() < offset {
                            let msg = format!("tail: {path}: file truncated\n");
                            let err = self.tasks[ti].st.fds.stderr.clone();
                            self.write_to(w, &err, msg.as_bytes());
                            offset = 0;
                        }
                        if data.len() > offset {
                            let out = self.tasks[ti].st.fds.stdout.clone();
                            if !self.write_to(w, &out, &data[offset..]) {
                                self.tasks[ti].st.status = 141;
                                return;
                            }
                            offset = data.len();
                        }
                    }
                    let next = self.clock + Millis(1000);
                    self.tasks[ti].frames.push(Frame::Follow { path, offset, next });
                } else {
                    self.tasks[ti].frames.push(Frame::Follow { path, offset, next });
                }
            }
            Frame::TrapEnd { status } => self.tasks[ti].st.status = status,
            Frame::ExitWith => self.unwind(w, ti, Unwind::Exit),
        }
    }

    fn func_return(&mut self, ti: usize, args: Vec<String>, locals: Vec<(String, Option<String>)>) {
        let t = &mut self.tasks[ti];
        t.st.args = args;
        t.st.depth = t.st.depth.saturating_sub(1);
        for (k, v) in locals.into_iter().rev() {
            match v {
                Some(v) => t.st.vars.insert(k, v),
                None => t.st.vars.remove(&k),
            };
        }
    }

    /// `set -e`: whether a failure of the command that just finished ends the shell (not inside
    /// an `if`/`while` condition, the left side of `&&`/`||`, or after `!`).
    fn errexit_now(&self, ti: usize) -> bool {
        let t = &self.tasks[ti];
        t.st.errexit
            && t.st.status != 0
            && !t
                .frames
                .iter()
                .rev()
                .take_while(|f| !matches!(f, Frame::FuncRet { .. } | Frame::SubEnd { .. }))
                .any(|f| {
                    matches!(
                        f,
                        Frame::If { .. }
                            | Frame::AndOr { .. }
                            | Frame::Negate
                            | Frame::Loop { in_body: false, .. }
                    )
                })
    }

    fn spawn(&mut self, w: &mut World<'_>, ti: usize, cmd: Rc<Cmd>) {
        if !self.fork_ok(w, ti) {
            return;
        }
        self.procs += 1;
        let pid = self.next_pid;
        self.next_pid += 1;
        let mut st = self.tasks[ti].st.clone();
        st.fds.stdin = Input::Empty;
        self.tasks.push(Task { pid, frames: vec![Frame::Exec(cmd)], st, done: None, sync: false });
        self.tasks[ti].st.last_bg = Some(pid);
        self.tasks[ti].st.status = 0;
    }

    fn fork_ok(&mut self, w: &mut World<'_>, ti: usize) -> bool {
        if self.procs < MAX_PROCS {
            return true;
        }
        let sh = self.sh_name(ti);
        self.err(w, ti, &format!("{sh}: can't fork: Resource temporarily unavailable"));
        self.console(2, format!("[podlab: this container reached the limit of {MAX_PROCS} processes (a fork bomb?); podlab stopped it with exit code 2]\n").as_bytes());
        self.fatal = Some(2);
        false
    }

    #[allow(clippy::too_many_arguments)]
    fn start_stage(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        stages: Rc<Vec<Rc<Cmd>>>,
        idx: usize,
        stdin: Input,
        saved: Fds,
        bang: bool,
    ) {
        if !self.fork_ok(w, ti) {
            return;
        }
        self.procs += 1;
        let last = idx + 1 == stages.len();
        let out = Rc::new(RefCell::new(Vec::new()));
        let cmd = stages[idx].clone();
        let t = &mut self.tasks[ti];
        t.st.fds.stdin = stdin;
        t.st.fds.stdout = if last { saved.stdout.clone() } else { Output::Buf(out.clone()) };
        t.frames.push(Frame::Pipe { stages, idx, out, saved, bang });
        let snapshot = Box::new(t.st.clone());
        t.frames.push(Frame::SubEnd { saved: snapshot });
        t.frames.push(Frame::Exec(cmd));
    }

    fn unwind(&mut self, w: &mut World<'_>, ti: usize, how: Unwind) {
        let mut how = how;
        loop {
            let Some(f) = self.tasks[ti].frames.pop() else {
                return;
            };
            match f {
                Frame::Restore(fds) => self.restore_fds(w, ti, fds),
                Frame::Pipe { saved, .. } => self.tasks[ti].st.fds = saved,
                Frame::SubEnd { saved } => {
                    let status = self.tasks[ti].st.status;
                    self.tasks[ti].st = *saved;
                    self.tasks[ti].st.status = status;
                    self.procs = self.procs.saturating_sub(1);
                    return;
                }
                Frame::FuncRet { args, locals } => match how {
                    Unwind::Break(_) | Unwind::Continue(_) => {
                        self.tasks[ti].frames.push(Frame::FuncRet { args, locals });
                        return;
                    }
                    Unwind::Return => {
                        self.func_return(ti, args, locals);
                        return;
                    }
                    Unwind::Exit => {}
                },
                Frame::Loop { cond, body, until, last, .. } => match how {
                    Unwind::Break(n) if n <= 1 => {
                        self.tasks[ti].st.status = 0;
                        return;
                    }
                    Unwind::Continue(n) if n <= 1 => {
                        self.tasks[ti].frames.push(Frame::Loop {
                            cond,
                            body,
                            until,
                            in_body: true,
                            last,
                        });
                        self.tasks[ti].st.status = 0;
                        return;
                    }
                    Unwind::Break(n) => how = Unwind::Break(n - 1),
                    Unwind::Continue(n) => how = Unwind::Continue(n - 1),
                    _ => {}
                },
                Frame::For { var, items, idx, body, last } => match how {
                    Unwind::Break(n) if n <= 1 => {
                        self.tasks[ti].st.status = 0;
                        return;
                    }
                    Unwind::Continue(n) if n <= 1 => {
                        self.tasks[ti].frames.push(Frame::For { var, items, idx, body, last });
                        self.tasks[ti].st.status = 0;
                        return;
                    }
                    Unwind::Break(n) => how = Unwind::Break(n - 1),
                    Unwind::Continue(n) => how = Unwind::Continue(n - 1),
                    _ => {}
                },
                _ => {}
            }
        }
    }

    fn exec(&mut self, w: &mut World<'_>, ti: usize, cmd: Rc<Cmd>) {
        match &*cmd {
            Cmd::Empty => {}
            Cmd::Simple(s) => self.exec_simple(w, ti, s.clone()),
            Cmd::Pipeline { stages, bang } => {
                if stages.len() == 1 {
                    if *bang {
                        self.tasks[ti].frames.push(Frame::Negate);
                    }
                    self.tasks[ti].frames.push(Frame::Exec(stages[0].clone()));
                } else {
                    let saved = self.tasks[ti].st.fds.clone();
                    let stdin = saved.stdin.clone();
                    self.start_stage(w, ti, stages.clone(), 0, stdin, saved, *bang);
                }
            }
            Cmd::AndOr { left, and, right } => {
                self.tasks[ti].frames.push(Frame::AndOr { and: *and, right: right.clone() });
                self.tasks[ti].frames.push(Frame::Exec(left.clone()));
            }
            Cmd::Seq(items) => {
                self.tasks[ti].frames.push(Frame::Seq { items: items.clone(), idx: 0 })
            }
            Cmd::If { arms, els } => {
                self.tasks[ti].frames.push(Frame::If {
                    arms: arms.clone(),
                    idx: 0,
                    els: els.clone(),
                });
                self.tasks[ti].frames.push(Frame::Exec(arms[0].0.clone()));
            }
            Cmd::Loop { cond, body, until } => {
                self.tasks[ti].frames.push(Frame::Loop {
                    cond: cond.clone(),
                    body: body.clone(),
                    until: *until,
                    in_body: false,
                    last: 0,
                });
                self.tasks[ti].frames.push(Frame::Exec(cond.clone()));
            }
            Cmd::For { var, words, body } => {
                let items = match words {
                    Some(ws) => match self.expand_words(w, ti, ws) {
                        Ok(v) => v,
                        Err(code) => return self.expansion_failed(w, ti, code),
                    },
                    None => self.tasks[ti].st.args.clone(),
                };
                self.tasks[ti].frames.push(Frame::For {
                    var: var.clone(),
                    items: Rc::new(items),
                    idx: 0,
                    body: body.clone(),
                    last: 0,
                });
            }
            Cmd::Case { word, arms } => {
                let subject = match self.expand_single(w, ti, word) {
                    Ok(s) => s,
                    Err(code) => return self.expansion_failed(w, ti, code),
                };
                for (pats, body) in arms.iter() {
                    for p in pats {
                        let pat = match self.expand_pattern(w, ti, p) {
                            Ok(p) => p,
                            Err(code) => return self.expansion_failed(w, ti, code),
                        };
                        if pattern::matches(&pat, &subject) {
                            match body {
                                Some(b) => self.tasks[ti].frames.push(Frame::Exec(b.clone())),
                                None => self.tasks[ti].st.status = 0,
                            }
                            return;
                        }
                    }
                }
                self.tasks[ti].st.status = 0;
            }
            Cmd::Group(c) => self.tasks[ti].frames.push(Frame::Exec(c.clone())),
            Cmd::Subshell(c) => {
                if !self.fork_ok(w, ti) {
                    return;
                }
                self.procs += 1;
                let snapshot = Box::new(self.tasks[ti].st.clone());
                self.tasks[ti].frames.push(Frame::SubEnd { saved: snapshot });
                self.tasks[ti].frames.push(Frame::Exec(c.clone()));
            }
            Cmd::FuncDef { name, body } => {
                self.tasks[ti].st.funcs.insert(name.clone(), body.clone());
                self.tasks[ti].st.status = 0;
            }
            Cmd::Redirected { cmd, redirs } => {
                let saved = self.tasks[ti].st.fds.clone();
                match self.apply_redirs(w, ti, redirs) {
                    Ok(()) => {
                        self.tasks[ti].frames.push(Frame::Restore(saved));
                        self.tasks[ti].frames.push(Frame::Exec(cmd.clone()));
                    }
                    Err(code) => {
                        self.tasks[ti].st.fds = saved;
                        self.tasks[ti].st.status = code;
                    }
                }
            }
        }
    }

    fn expansion_failed(&mut self, w: &mut World<'_>, ti: usize, code: i32) {
        // ash: an expansion error in a non-interactive shell exits it.
        self.tasks[ti].st.status = code;
        self.unwind(w, ti, Unwind::Exit);
    }

    // ------------------------------------------------------------------------------------
    // Simple commands
    // ------------------------------------------------------------------------------------

    fn exec_simple(&mut self, w: &mut World<'_>, ti: usize, s: Rc<Simple>) {
        self.tasks[ti].st.lineno = s.line;
        let argv = match self.expand_words(w, ti, &s.words) {
            Ok(v) => v,
            Err(code) => return self.expansion_failed(w, ti, code),
        };
        let subst_status = self.tasks[ti].st.status;
        if self.tasks[ti].st.xtrace {
            let mut parts: Vec<String> = Vec::new();
            for (k, v) in &s.assigns {
                let shown = v
                    .iter()
                    .map(|p| {
                        if let WordPart::Lit { text, .. } = p {
                            text.clone()
                        } else {
                            String::from("…")
                        }
                    })
                    .collect::<String>();
                parts.push(format!("{k}={shown}"));
            }
            parts.extend(argv.iter().map(|a| {
                if a.is_empty() || a.contains([' ', '\t', '\'', '"']) {
                    format!("'{a}'")
                } else {
                    a.clone()
                }
            }));
            if !parts.is_empty() {
                let err = self.tasks[ti].st.fds.stderr.clone();
                self.write_to(w, &err, format!("+ {}\n", parts.join(" ")).as_bytes());
            }
        }
        let mut assigns = Vec::new();
        for (k, v) in &s.assigns {
            match self.expand_single(w, ti, v) {
                Ok(val) => assigns.push((k.clone(), val)),
                Err(code) => return self.expansion_failed(w, ti, code),
            }
        }
        let saved = self.tasks[ti].st.fds.clone();
        if let Err(code) = self.apply_redirs(w, ti, &s.redirs) {
            self.tasks[ti].st.fds = saved;
            self.tasks[ti].st.status = code;
            return;
        }
        if !s.redirs.is_empty() {
            self.tasks[ti].frames.push(Frame::Restore(saved));
        }
        if argv.is_empty() {
            for (k, v) in assigns {
                self.tasks[ti].st.vars.insert(k, v);
            }
            self.tasks[ti].st.status = if s.words.is_empty() { 0 } else { subst_status };
            if s.assigns.iter().any(|(_, v)| v.iter().any(|p| matches!(p, WordPart::Subst { .. })))
            {
                self.tasks[ti].st.status = subst_status;
            }
            return;
        }
        self.run_argv(w, ti, argv, assigns);
    }

    fn run_argv(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        argv: Vec<String>,
        assigns: Vec<(String, String)>,
    ) {
        let name = argv[0].clone();
        if self.builtin(w, ti, &argv, &assigns) {
            return;
        }
        if let Some(body) = self.tasks[ti].st.funcs.get(&name).cloned() {
            if self.tasks[ti].st.depth >= MAX_FUNC_DEPTH {
                let sh = self.sh_name(ti);
                self.err(w, ti, &format!("{sh}: {name}: function recursion deeper than {MAX_FUNC_DEPTH} levels (a podlab limit; a real shell would crash)"));
                self.fatal = Some(2);
                return;
            }
            for (k, v) in assigns {
                self.tasks[ti].st.vars.insert(k, v);
            }
            let t = &mut self.tasks[ti];
            let old = std::mem::replace(&mut t.st.args, argv[1..].to_vec());
            t.st.depth += 1;
            t.frames.push(Frame::FuncRet { args: old, locals: Vec::new() });
            t.frames.push(Frame::Exec(body));
            return;
        }
        // ash and dash have echo, printf and test as builtins: no PATH lookup, no fork.
        if matches!(name.as_str(), "echo" | "printf" | "test" | "[")
            && self.dialect(ti) != Dialect::Bash
            || matches!(name.as_str(), "echo" | "printf" | "test" | "[" | "[[")
                && self.dialect(ti) == Dialect::Bash
        {
            return self.program(w, ti, &name, argv, assigns);
        }
        self.external(w, ti, argv, assigns);
    }

    /// Finds `name` on PATH (or as a path): the absolute path of the file.
    pub fn which(
        &self,
        vols: &PodVolumes,
        path_var: &str,
        cwd: &str,
        name: &str,
    ) -> Option<String> {
        if name.contains('/') {
            let p = normalize(cwd, name);
            return (self.fs.stat(vols, &p) == Some(Kind::File)).then_some(p);
        }
        // One buffer for every PATH entry tried (a container start looks its program up here).
        let mut joined = String::new();
        for dir in path_var.split(':').filter(|d| !d.is_empty()) {
            joined.clear();
            joined.push_str(dir);
            joined.push('/');
            joined.push_str(name);
            if is_normal(&joined) {
                if self.fs.stat(vols, &joined) == Some(Kind::File) {
                    return Some(joined);
                }
            } else {
                let p = normalize("/", &joined);
                if self.fs.stat(vols, &p) == Some(Kind::File) {
                    return Some(p);
                }
            }
        }
        None
    }

    fn external(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        argv: Vec<String>,
        assigns: Vec<(String, String)>,
    ) {
        let name = argv[0].clone();
        let path_var = self.tasks[ti].st.vars.get("PATH").cloned().unwrap_or_default();
        let cwd = self.tasks[ti].st.cwd.clone();
        let sh = self.sh_name(ti);
        let Some(path) = self.which(w.vols, &path_var, &cwd, &name) else {
            if name.contains('/')
                && self.fs.stat(w.vols, &normalize(&cwd, &name)) == Some(Kind::Dir)
            {
                self.err(w, ti, &format!("{sh}: {name}: Permission denied"));
                self.tasks[ti].st.status = 126;
                return;
            }
            let msg = match self.dialect(ti) {
                Dialect::Bash if name.contains('/') => {
                    format!("{sh}: {name}: No such file or directory")
                }
                Dialect::Bash => format!("{sh}: {name}: command not found"),
                _ => format!("{sh}: {name}: not found"),
            };
            self.err(w, ti, &msg);
            self.tasks[ti].st.status = 127;
            return;
        };
        let content = self.fs.read(w.vols, &path).unwrap_or_default();
        let text = String::from_utf8_lossy(&content).into_owned();
        if let Some(prog) = text.strip_prefix(PROGRAM_MAGIC) {
            let prog = prog.lines().next().unwrap_or("").to_string();
            return self.program(w, ti, &prog, argv, assigns);
        }
        // A script: `#!/bin/sh` (or no shebang, which ash runs with itself).
        let first = text.lines().next().unwrap_or("");
        if let Some(interp) = first.strip_prefix("#!") {
            let mut parts = interp.split_whitespace();
            let ip = parts.next().unwrap_or("").to_string();
            if self.fs.stat(w.vols, &ip) != Some(Kind::File) {
                self.err(w, ti, &format!("{sh}: {name}: not found"));
                self.tasks[ti].st.status = 127;
                return;
            }
            let base = ip.rsplit('/').next().unwrap_or("").to_string();
            if !matches!(base.as_str(), "sh" | "ash" | "bash" | "dash") {
                let mut av = vec![ip.clone()];
                av.extend(parts.map(String::from));
                av.push(path);
                av.extend(argv[1..].iter().cloned());
                return self.external(w, ti, av, assigns);
            }
        }
        let dialect = match first
            .strip_prefix("#!")
            .and_then(|i| i.split_whitespace().next())
            .map(|p| p.rsplit('/').next().unwrap_or(""))
        {
            Some("bash") => Some(Dialect::Bash),
            Some("ash") => Some(Dialect::Ash),
            _ => None,
        };
        self.run_script(w, ti, &text, &name, argv[1..].to_vec(), assigns, dialect, true);
    }

    /// Runs `text` as a new shell (`sh -c`, `sh FILE`, a script with a shebang) in a subshell of
    /// task `ti`. `named`: ash's `commandname` is set (a file, or `-c CMD NAME`).
    #[allow(clippy::too_many_arguments)]
    fn run_script(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        text: &str,
        arg0: &str,
        args: Vec<String>,
        assigns: Vec<(String, String)>,
        dialect: Option<Dialect>,
        named: bool,
    ) {
        let dialect =
            dialect.or(self.tasks[ti].st.dialect).or(self.image.sh).unwrap_or(Dialect::Ash);
        match parse_with_line(text) {
            Err((e, line)) => {
                let msg = syntax_text(dialect, arg0, named, line, &e);
                self.err(w, ti, &msg);
                self.tasks[ti].st.status = 2;
            }
            Ok(cmd) => {
                if !self.fork_ok(w, ti) {
                    return;
                }
                self.procs += 1;
                let snapshot = Box::new(self.tasks[ti].st.clone());
                let t = &mut self.tasks[ti];
                // A script runs in a new shell: only exported variables survive.
                let keep: BTreeSet<String> = t.st.exported.clone();
                t.st.vars.retain(|k, _| keep.contains(k) || k == "IFS");
                t.st.funcs.clear();
                for (k, v) in assigns {
                    t.st.vars.insert(k.clone(), v);
                    t.st.exported.insert(k);
                }
                t.st.args = args;
                t.st.arg0 = arg0.to_string();
                t.st.depth = 0;
                t.st.dialect = Some(dialect);
                t.st.commandname = named;
                t.st.lineno = 1;
                t.frames.push(Frame::SubEnd { saved: snapshot });
                t.frames.push(Frame::Exec(cmd));
            }
        }
    }

    fn program(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        prog: &str,
        argv: Vec<String>,
        assigns: Vec<(String, String)>,
    ) {
        if matches!(prog, "sh" | "ash" | "bash" | "dash") {
            return self.shell_program(w, ti, prog, argv, assigns);
        }
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        // Only programs that read their environment get a copy of it.
        let reads_env = !matches!(
            prog,
            "echo"
                | "printf"
                | "test"
                | "["
                | "[["
                | "cat"
                | "sleep"
                | "true"
                | "false"
                | "mkdir"
                | "touch"
                | "rm"
                | "ls"
                | "grep"
                | "head"
                | "tail"
                | "wc"
                | "seq"
                | "tr"
                | "cut"
                | "sed"
        );
        if reads_env {
            let st = &self.tasks[ti].st;
            for k in &st.exported {
                if let Some(v) = st.vars.get(k) {
                    env.insert(k.clone(), v.clone());
                }
            }
        }
        for (k, v) in assigns {
            env.insert(k, v);
        }
        // Only programs that read stdin consume it (`while read l; do echo $l; done < f`).
        let reads_stdin = matches!(
            prog,
            "cat"
                | "grep"
                | "egrep"
                | "awk"
                | "wc"
                | "head"
                | "tail"
                | "sed"
                | "cut"
                | "tr"
                | "sort"
                | "uniq"
                | "tee"
                | "base64"
                | "md5sum"
                | "sha256sum"
                | "xargs"
                | "nc"
                | "python"
                | "python3"
        );
        if reads_stdin && matches!(self.tasks[ti].st.fds.stdin, Input::Open) {
            // Reading an open, silent stdin (`cat` with `stdin: true`) waits forever.
            let operands = argv[1..].iter().filter(|a| !a.starts_with('-')).count();
            let needs = match prog {
                "grep" | "egrep" | "sed" | "cut" => operands <= 1,
                "tr" | "xargs" | "nc" | "python" | "python3" => false,
                _ => operands == 0,
            };
            if needs {
                self.tasks[ti].frames.push(Frame::Sleep { until: Millis(u64::MAX), code: 0 });
                return;
            }
        }
        let stdin = match &self.tasks[ti].st.fds.stdin {
            _ if !reads_stdin => Vec::new(),
            Input::Empty | Input::Open => Vec::new(),
            Input::Buf(b) => {
                let mut b = b.borrow_mut();
                let pos = b.1.min(b.0.len());
                let d = b.0[pos..].to_vec();
                b.1 = b.0.len();
                d
            }
        };
        let cwd = self.tasks[ti].st.cwd.clone();
        let servers = self.servers();
        let dialect = self.dialect(ti);
        let mut ctx = Ctx {
            fs: &mut self.fs,
            vols: &mut *w.vols,
            net: w.net,
            pod: w.pod,
            now: self.clock,
            image: &self.image,
            hostname: &self.hostname,
            cwd,
            env: &env,
            stdin,
            out: Vec::new(),
            err: Vec::new(),
            effects: 0,
            net_calls: 0,
            own_servers: servers,
            dialect,
        };
        let outcome = applets::run(&mut ctx, prog, &argv);
        let (out, err, effects, net_calls) = (
            std::mem::take(&mut ctx.out),
            std::mem::take(&mut ctx.err),
            ctx.effects,
            ctx.net_calls,
        );
        drop(ctx);
        self.effects += effects;
        self.net_calls += net_calls;
        let stdout = self.tasks[ti].st.fds.stdout.clone();
        let stderr = self.tasks[ti].st.fds.stderr.clone();
        if !self.write_to(w, &stdout, &out) {
            self.tasks[ti].st.status = 141;
            return;
        }
        self.write_to(w, &stderr, &err);
        match outcome {
            Outcome::Exit(c) => self.tasks[ti].st.status = c,
            Outcome::Sleep { ms, code } => {
                self.effects += 1;
                let until = self.clock + Millis(ms);
                self.tasks[ti].frames.push(Frame::Sleep { until, code });
            }
            Outcome::Daemon { kind, startup_ms } => {
                self.effects += 1;
                let ready_at = self.clock + Millis(startup_ms);
                self.tasks[ti].frames.push(Frame::Daemon(Daemon {
                    kind,
                    ready_at,
                    announced: false,
                    stopping: None,
                }));
            }
            Outcome::Yes(line) => {
                // About 4 KiB per step (a pipe buffer page's worth of lines).
                let mut chunk = Vec::new();
                while chunk.len() < 4096 && !line.is_empty() {
                    chunk.extend_from_slice(&line);
                }
                self.tasks[ti].frames.push(Frame::Yes { line: Rc::new(chunk), written: 0 });
            }
            Outcome::Shell { script, args } => {
                self.run_script(w, ti, &script, &argv[0], args, Vec::new(), None, true)
            }
            Outcome::Exec(av) => self.run_argv(w, ti, av, Vec::new()),
            Outcome::Follow { path, offset } => {
                let next = self.clock + Millis(1000);
                self.tasks[ti].frames.push(Frame::Follow { path, offset, next });
            }
        }
    }

    fn shell_program(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        prog: &str,
        argv: Vec<String>,
        assigns: Vec<(String, String)>,
    ) {
        let name = argv[0].clone();
        let mut i = 1;
        let mut script: Option<String> = None;
        let (mut opt_e, mut opt_x) = (false, false);
        while i < argv.len() {
            let a = &argv[i];
            if a == "-c" {
                match argv.get(i + 1) {
                    Some(s) => {
                        script = Some(s.clone());
                        i += 2;
                    }
                    None => {
                        let n = name.rsplit('/').next().unwrap_or("sh");
                        let msg = if prog == "bash" {
                            format!("{n}: -c: option requires an argument")
                        } else {
                            format!("{n}: -c requires an argument")
                        };
                        self.err(w, ti, &msg);
                        self.tasks[ti].st.status = 2;
                        return;
                    }
                }
                break;
            } else if a.starts_with('-') && a.len() > 1 && script.is_none() {
                // -e and -x take effect; -l, -i … are accepted and ignored.
                if a.contains('e') {
                    opt_e = true;
                }
                if a.contains('x') {
                    opt_x = true;
                }
                if a.contains('c') {
                    match argv.get(i + 1) {
                        Some(sc) => {
                            script = Some(sc.clone());
                            i += 2;
                            break;
                        }
                        None => {
                            let n = name.rsplit('/').next().unwrap_or("sh");
                            self.err(w, ti, &format!("{n}: -c requires an argument"));
                            self.tasks[ti].st.status = 2;
                            return;
                        }
                    }
                }
                i += 1;
            } else {
                break;
            }
        }
        let named = script.is_none() || argv.get(i).is_some();
        let (text, arg0, args) = match script {
            Some(s) => {
                let arg0 = argv.get(i).cloned().unwrap_or_else(|| name.clone());
                let args = argv.get(i + 1..).map(|a| a.to_vec()).unwrap_or_default();
                (s, arg0, args)
            }
            None => match argv.get(i) {
                // No script and no terminal: reads stdin, which is empty → exits 0 at once.
                None => {
                    let data = match &self.tasks[ti].st.fds.stdin {
                        Input::Empty => String::new(),
                        Input::Buf(b) => String::from_utf8_lossy(&b.borrow().0).into_owned(),
                        Input::Open => {
                            // `stdin: true`: the shell waits for commands that never come.
                            self.tasks[ti]
                                .frames
                                .push(Frame::Sleep { until: Millis(u64::MAX), code: 0 });
                            return;
                        }
                    };
                    (data, name.clone(), Vec::new())
                }
                Some(file) => {
                    let cwd = self.tasks[ti].st.cwd.clone();
                    match self.fs.read(w.vols, &normalize(&cwd, file)) {
                        Ok(d) => (
                            String::from_utf8_lossy(&d).into_owned(),
                            file.clone(),
                            argv[i + 1..].to_vec(),
                        ),
                        Err(e) => {
                            let n = name.rsplit('/').next().unwrap_or("sh");
                            let msg = match prog {
                                "bash" => format!("{n}: {file}: {}", e.text()),
                                _ if self.image.sh == Some(Dialect::Dash) => {
                                    format!("{n}: 0: cannot open {file}: No such file")
                                }
                                _ => format!("{n}: can't open '{file}': {}", e.text()),
                            };
                            self.err(w, ti, &msg);
                            self.tasks[ti].st.status =
                                if prog == "bash" || self.image.sh == Some(Dialect::Dash) {
                                    127
                                } else {
                                    2
                                };
                            return;
                        }
                    }
                }
            },
        };
        let dialect = match prog {
            "bash" => Some(Dialect::Bash),
            "ash" => Some(Dialect::Ash),
            _ => self.image.sh,
        };
        self.run_script(
            w,
            ti,
            &text,
            &arg0,
            args,
            assigns,
            dialect,
            named && argv.get(i).is_some(),
        );
        if let Some(t) = self.tasks.get_mut(ti) {
            if matches!(t.frames.last(), Some(Frame::Exec(_))) {
                t.st.errexit |= opt_e;
                t.st.xtrace |= opt_x;
            }
        }
    }

    // ------------------------------------------------------------------------------------
    // Builtins
    // ------------------------------------------------------------------------------------

    fn builtin(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        argv: &[String],
        assigns: &[(String, String)],
    ) -> bool {
        let name = argv[0].as_str();
        let sh = self.sh_name(ti);
        let args = &argv[1..];
        let set = |m: &mut Machine, c: i32| m.tasks[ti].st.status = c;
        match name {
            ":" | "true" if !self.tasks[ti].st.funcs.contains_key(name) => set(self, 0),
            "false" if !self.tasks[ti].st.funcs.contains_key(name) => set(self, 1),
            "exit" => {
                let code = match args.first() {
                    None => self.tasks[ti].st.status,
                    Some(a) => match a.parse::<i64>() {
                        Ok(n) => (n & 0xff) as i32,
                        Err(_) => {
                            self.err(w, ti, &format!("{sh}: exit: Illegal number: {a}"));
                            2
                        }
                    },
                };
                self.tasks[ti].st.status = code;
                self.unwind(w, ti, Unwind::Exit);
            }
            "return" => {
                if let Some(a) = args.first() {
                    let c = a.parse::<i64>().map(|n| (n & 0xff) as i32).unwrap_or(2);
                    self.tasks[ti].st.status = c;
                }
                self.unwind(w, ti, Unwind::Return);
            }
            "break" | "continue" => {
                let n = args.first().and_then(|a| a.parse::<u32>().ok()).unwrap_or(1).max(1);
                let in_loop = self.tasks[ti]
                    .frames
                    .iter()
                    .rev()
                    .take_while(|f| !matches!(f, Frame::FuncRet { .. } | Frame::SubEnd { .. }))
                    .any(|f| matches!(f, Frame::Loop { .. } | Frame::For { .. }));
                if in_loop {
                    self.unwind(
                        w,
                        ti,
                        if name == "break" { Unwind::Break(n) } else { Unwind::Continue(n) },
                    );
                } else {
                    set(self, 0);
                }
            }
            "export" | "readonly" => {
                for a in args.iter().filter(|a| *a != "-p") {
                    let (k, v) = match a.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (a.clone(), None),
                    };
                    if let Some(v) = v {
                        self.tasks[ti].st.vars.insert(k.clone(), v);
                    }
                    if name == "export" {
                        self.tasks[ti].st.exported.insert(k);
                    }
                }
                if args.is_empty() {
                    let st = &self.tasks[ti].st;
                    let lines: String = st
                        .exported
                        .iter()
                        .filter_map(|k| st.vars.get(k).map(|v| format!("export {k}='{v}'\n")))
                        .collect();
                    let out = st.fds.stdout.clone();
                    self.write_to(w, &out, lines.as_bytes());
                }
                set(self, 0);
            }
            "unset" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    self.tasks[ti].st.vars.remove(a);
                    self.tasks[ti].st.funcs.remove(a);
                    self.tasks[ti].st.exported.remove(a);
                }
                set(self, 0);
            }
            "local" => {
                for a in args {
                    let name =
                        a.split_once('=').map(|(k, _)| k.to_string()).unwrap_or_else(|| a.clone());
                    let prev = self.tasks[ti].st.vars.get(&name).cloned();
                    if let Some(Frame::FuncRet { locals, .. }) = self.tasks[ti]
                        .frames
                        .iter_mut()
                        .rev()
                        .find(|f| matches!(f, Frame::FuncRet { .. }))
                    {
                        if !locals.iter().any(|(k, _)| *k == name) {
                            locals.push((name.clone(), prev));
                        }
                    }
                    match a.split_once('=') {
                        Some((k, v)) => {
                            self.tasks[ti].st.vars.insert(k.into(), v.into());
                        }
                        None => {
                            self.tasks[ti].st.vars.entry(a.clone()).or_default();
                        }
                    }
                }
                set(self, 0);
            }
            "set" => {
                let mut rest: Option<Vec<String>> = None;
                for (i, a) in args.iter().enumerate() {
                    match a.as_str() {
                        "--" => {
                            rest = Some(args[i + 1..].to_vec());
                            break;
                        }
                        "-e" => self.tasks[ti].st.errexit = true,
                        "+e" => self.tasks[ti].st.errexit = false,
                        "-x" => self.tasks[ti].st.xtrace = true,
                        "+x" => self.tasks[ti].st.xtrace = false,
                        "-ex" | "-xe" => {
                            self.tasks[ti].st.errexit = true;
                            self.tasks[ti].st.xtrace = true;
                        }
                        a if a.starts_with('-') || a.starts_with('+') => {}
                        _ => {
                            rest = Some(args[i..].to_vec());
                            break;
                        }
                    }
                }
                if let Some(r) = rest {
                    self.tasks[ti].st.args = r;
                }
                if args.is_empty() {
                    let st = &self.tasks[ti].st;
                    let lines: String =
                        st.vars.iter().map(|(k, v)| format!("{k}='{v}'\n")).collect();
                    let out = st.fds.stdout.clone();
                    self.write_to(w, &out, lines.as_bytes());
                }
                set(self, 0);
            }
            "shift" => {
                let n = args.first().and_then(|a| a.parse::<usize>().ok()).unwrap_or(1);
                if n > self.tasks[ti].st.args.len() {
                    self.err(w, ti, &format!("{sh}: shift: can't shift that many"));
                    set(self, 2);
                    self.unwind(w, ti, Unwind::Exit);
                } else {
                    self.tasks[ti].st.args.drain(..n);
                    set(self, 0);
                }
            }
            "cd" => {
                let home =
                    self.tasks[ti].st.vars.get("HOME").cloned().unwrap_or_else(|| "/".into());
                let target = args.first().cloned().unwrap_or(home);
                let p = normalize(&self.tasks[ti].st.cwd, &target);
                match self.fs.stat(w.vols, &p) {
                    Some(Kind::Dir) => {
                        self.tasks[ti].st.cwd = p.clone();
                        self.tasks[ti].st.vars.insert("PWD".into(), p);
                        set(self, 0);
                    }
                    Some(Kind::File) => {
                        self.err(
                            w,
                            ti,
                            &format!("{sh}: cd: can't cd to {target}: Not a directory"),
                        );
                        set(self, 2);
                    }
                    None => {
                        self.err(
                            w,
                            ti,
                            &format!("{sh}: cd: can't cd to {target}: No such file or directory"),
                        );
                        set(self, 2);
                    }
                }
            }
            "pwd" => {
                let out = self.tasks[ti].st.fds.stdout.clone();
                let line = format!("{}\n", self.tasks[ti].st.cwd);
                self.write_to(w, &out, line.as_bytes());
                set(self, 0);
            }
            "read" => {
                let names: Vec<String> =
                    args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
                if matches!(self.tasks[ti].st.fds.stdin, Input::Open) {
                    self.tasks[ti].frames.push(Frame::Sleep { until: Millis(u64::MAX), code: 0 });
                    return true;
                }
                let line = match &self.tasks[ti].st.fds.stdin {
                    Input::Empty | Input::Open => None,
                    Input::Buf(b) => {
                        let mut b = b.borrow_mut();
                        let pos = b.1.min(b.0.len());
                        if pos >= b.0.len() {
                            None
                        } else {
                            let end = b.0[pos..]
                                .iter()
                                .position(|c| *c == b'\n')
                                .map(|i| pos + i)
                                .unwrap_or(b.0.len());
                            let l = String::from_utf8_lossy(&b.0[pos..end]).into_owned();
                            b.1 = (end + 1).min(b.0.len().max(end + 1));
                            Some(l)
                        }
                    }
                };
                let names = if names.is_empty() { vec!["REPLY".to_string()] } else { names };
                let ok = line.is_some();
                let line = line.unwrap_or_default();
                let mut fields: Vec<&str> = line.split_whitespace().collect();
                for (i, n) in names.iter().enumerate() {
                    let v = if i + 1 == names.len() {
                        let rest = fields.join(" ");
                        fields.clear();
                        rest
                    } else if fields.is_empty() {
                        String::new()
                    } else {
                        fields.remove(0).to_string()
                    };
                    self.tasks[ti].st.vars.insert(n.clone(), v);
                }
                set(self, if ok { 0 } else { 1 });
            }
            "eval" => {
                let text = args.join(" ");
                match parse(&text) {
                    Ok(c) => self.tasks[ti].frames.push(Frame::Exec(c)),
                    Err(e) => {
                        let m = self.syntax_message(&e, ti);
                        self.err(w, ti, &m);
                        set(self, 2);
                    }
                }
            }
            "." | "source" => {
                let Some(f) = args.first() else {
                    set(self, 0);
                    return true;
                };
                let p = normalize(&self.tasks[ti].st.cwd, f);
                match self.fs.read(w.vols, &p) {
                    Ok(d) => match parse(&String::from_utf8_lossy(&d)) {
                        Ok(c) => self.tasks[ti].frames.push(Frame::Exec(c)),
                        Err(e) => {
                            let m = self.syntax_message(&e, ti);
                            self.err(w, ti, &m);
                            set(self, 2);
                        }
                    },
                    Err(_) => {
                        self.err(w, ti, &format!("{sh}: .: can't open '{f}'"));
                        set(self, 2);
                        self.unwind(w, ti, Unwind::Exit);
                    }
                }
            }
            "exec" => {
                if args.is_empty() {
                    // `exec >file`: the redirections stay; drop the Restore frame.
                    if matches!(self.tasks[ti].frames.last(), Some(Frame::Restore(_))) {
                        self.tasks[ti].frames.pop();
                    }
                    set(self, 0);
                } else {
                    self.tasks[ti].frames.push(Frame::ExitWith);
                    let av = args.to_vec();
                    let name = av[0].clone();
                    // exec bypasses functions and most builtins.
                    if self.tasks[ti].st.funcs.contains_key(&name) {
                        self.external(w, ti, av, assigns.to_vec());
                    } else {
                        self.run_argv(w, ti, av, assigns.to_vec());
                    }
                }
            }
            "trap" => {
                if args.is_empty() {
                    let lines: String =
                        self.traps.iter().map(|(k, v)| format!("trap -- '{v}' {k}\n")).collect();
                    let out = self.tasks[ti].st.fds.stdout.clone();
                    self.write_to(w, &out, lines.as_bytes());
                } else if args.len() == 1 {
                    self.traps.remove(&sig_name(&args[0]));
                } else {
                    let action = args[0].clone();
                    for s in &args[1..] {
                        let k = sig_name(s);
                        if action == "-" {
                            self.traps.remove(&k);
                        } else {
                            self.traps.insert(k, action.clone());
                        }
                    }
                }
                set(self, 0);
            }
            "wait" => {
                let pid = args.first().and_then(|a| a.parse::<u32>().ok());
                self.tasks[ti].frames.push(Frame::Wait { pid });
            }
            "command" | "type" | "which"
                if args.first().is_some_and(|a| a == "-v") || name != "command" =>
            {
                let targets: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                let path_var = self.tasks[ti].st.vars.get("PATH").cloned().unwrap_or_default();
                let cwd = self.tasks[ti].st.cwd.clone();
                let mut code = 0;
                let mut out = String::new();
                for t in targets {
                    if is_builtin(t) || self.tasks[ti].st.funcs.contains_key(t.as_str()) {
                        out.push_str(&if name == "type" {
                            format!("{t} is a shell builtin\n")
                        } else {
                            format!("{t}\n")
                        });
                    } else if let Some(p) = self.which(w.vols, &path_var, &cwd, t) {
                        out.push_str(&if name == "type" {
                            format!("{t} is {p}\n")
                        } else {
                            format!("{p}\n")
                        });
                    } else {
                        code = if name == "type" { 127 } else { 1 };
                        if name == "type" {
                            out.push_str(&format!("{t}: not found\n"));
                        }
                    }
                }
                let o = self.tasks[ti].st.fds.stdout.clone();
                self.write_to(w, &o, out.as_bytes());
                set(self, code);
                if name == "which"
                    && !self.image.has_program("which")
                    && self.image.userland == crate::engine::runtime::images::Userland::Gnu
                {
                    // Debian slim images have no `which`… they do (debianutils); keep the result.
                }
            }
            "command" => {
                let av = args.to_vec();
                if av.is_empty() {
                    set(self, 0);
                } else {
                    self.external(w, ti, av, assigns.to_vec());
                }
            }
            "kill" => {
                let mut code = 0;
                let mut sig = 15;
                let mut pids = Vec::new();
                let mut it = args.iter();
                while let Some(a) = it.next() {
                    if a == "-s" {
                        sig = it.next().map(|x| sig_number(x)).unwrap_or(15);
                    } else if let Some(x) = a.strip_prefix('-') {
                        sig = sig_number(x);
                    } else {
                        pids.push(a.clone());
                    }
                }
                for a in pids {
                    let Ok(pid) = a.parse::<u32>() else {
                        self.err(w, ti, &format!("{sh}: kill: invalid number '{a}'"));
                        code = 1;
                        continue;
                    };
                    if pid == 1 {
                        // PID 1 only gets the signals it has handlers for (SIGKILL from inside
                        // its own namespace is ignored by the kernel).
                        if sig == 15 {
                            self.term_pending = true;
                        }
                    } else if let Some(t) =
                        self.tasks.iter_mut().find(|t| t.pid == pid && t.done.is_none() && !t.sync)
                    {
                        if sig != 0 {
                            t.frames.clear();
                            t.st.status = 128 + sig;
                            t.done = Some(128 + sig);
                            self.procs = self.procs.saturating_sub(1);
                        }
                    } else {
                        self.err(
                            w,
                            ti,
                            &format!("{sh}: kill: can't kill pid {pid}: No such process"),
                        );
                        code = 1;
                    }
                }
                set(self, code);
            }
            _ => return false,
        }
        true
    }

    // ------------------------------------------------------------------------------------
    // Redirections
    // ------------------------------------------------------------------------------------

    fn apply_redirs(&mut self, w: &mut World<'_>, ti: usize, redirs: &[Redir]) -> Result<(), i32> {
        let sh = self.sh_name(ti);
        for r in redirs {
            let target = self.expand_single(w, ti, &r.target)?;
            let cwd = self.tasks[ti].st.cwd.clone();
            match r.op {
                RedirOp::Out | RedirOp::Append | RedirOp::ReadWrite => {
                    let out = if target == "/dev/null" {
                        Output::Null
                    } else if target == "/dev/stdout" {
                        self.tasks[ti].st.fds.stdout.clone()
                    } else if target == "/dev/stderr" {
                        self.tasks[ti].st.fds.stderr.clone()
                    } else {
                        let p = normalize(&cwd, &target);
                        let exists = self.fs.stat(w.vols, &p);
                        let res = if exists == Some(Kind::Dir) {
                            Err(crate::engine::runtime::fs::FsError::IsDir)
                        } else if let (Some(_), Some(e)) = (exists, self.fs.write_denied(&p)) {
                            Err(e)
                        } else if exists.is_some() {
                            Ok(())
                        } else {
                            self.effects += 1;
                            self.fs.write(w.vols, &p, b"", true)
                        };
                        if let Err(e) = res {
                            let why = match e {
                                crate::engine::runtime::fs::FsError::NoEnt => {
                                    "nonexistent directory"
                                }
                                e => e.text(),
                            };
                            self.err(w, ti, &format!("{sh}: can't create {target}: {why}"));
                            return Err(if self.dialect(ti) == Dialect::Bash { 1 } else { 2 });
                        }
                        let fresh =
                            (r.op == RedirOp::Out).then(|| Rc::new(std::cell::Cell::new(true)));
                        Output::File { path: p, fresh }
                    };
                    self.set_out(ti, r.fd, out);
                    if r.op == RedirOp::ReadWrite && r.fd == 0 {
                        self.tasks[ti].st.fds.stdin = Input::Empty;
                    }
                }
                RedirOp::In => {
                    let data = if target == "/dev/null" {
                        Vec::new()
                    } else {
                        match self.fs.read(w.vols, &normalize(&cwd, &target)) {
                            Ok(d) => d,
                            Err(_) => {
                                self.err(
                                    w,
                                    ti,
                                    &format!("{sh}: can't open {target}: no such file"),
                                );
                                return Err(if self.dialect(ti) == Dialect::Bash { 1 } else { 2 });
                            }
                        }
                    };
                    if r.fd == 0 {
                        self.tasks[ti].st.fds.stdin = Input::Buf(Rc::new(RefCell::new((data, 0))));
                    }
                }
                RedirOp::Heredoc => {
                    if r.fd == 0 {
                        self.tasks[ti].st.fds.stdin =
                            Input::Buf(Rc::new(RefCell::new((target.into_bytes(), 0))));
                    }
                }
                RedirOp::Dup => {
                    let fds = self.tasks[ti].st.fds.clone();
                    let src = match target.as_str() {
                        "1" => fds.stdout,
                        "2" => fds.stderr,
                        "-" => Output::Null,
                        _ => {
                            self.err(w, ti, &format!("{sh}: {target}: bad file descriptor"));
                            return Err(2);
                        }
                    };
                    self.set_out(ti, r.fd, src);
                }
            }
        }
        Ok(())
    }

    fn set_out(&mut self, ti: usize, fd: u32, out: Output) {
        match fd {
            1 => self.tasks[ti].st.fds.stdout = out,
            2 => self.tasks[ti].st.fds.stderr = out,
            _ => {}
        }
    }

    // ------------------------------------------------------------------------------------
    // Expansion
    // ------------------------------------------------------------------------------------

    fn param(&self, ti: usize, name: &str) -> Option<String> {
        let st = &self.tasks[ti].st;
        match name {
            "?" => Some(st.status.to_string()),
            "$" => Some("1".into()),
            "!" => st.last_bg.map(|p| p.to_string()),
            "#" => Some(st.args.len().to_string()),
            "@" | "*" => Some(st.args.join(" ")),
            "-" => Some(if st.errexit { "e".into() } else { String::new() }),
            "0" => Some(st.arg0.clone()),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                n.parse::<usize>().ok().and_then(|i| st.args.get(i.wrapping_sub(1)).cloned())
            }
            n => st.vars.get(n).cloned(),
        }
    }

    /// Runs `cmd` to completion as a subshell writing into a buffer (`$(…)`).
    fn run_sync(&mut self, w: &mut World<'_>, ti: usize, cmd: Rc<Cmd>) -> (i32, Vec<u8>) {
        if !self.fork_ok(w, ti) {
            return (2, Vec::new());
        }
        if self.sync_depth >= MAX_SUBST_DEPTH {
            let sh = self.sh_name(ti);
            self.err(w, ti, &format!("{sh}: command substitution nested deeper than {MAX_SUBST_DEPTH} levels (a podlab limit; a real shell would run out of processes)"));
            self.fatal = Some(2);
            return (2, Vec::new());
        }
        self.sync_depth += 1;
        self.procs += 1;
        let buf = Rc::new(RefCell::new(Vec::new()));
        let mut st = self.tasks[ti].st.clone();
        st.fds.stdout = Output::Buf(buf.clone());
        let pid = self.next_pid;
        self.next_pid += 1;
        self.tasks.push(Task { pid, frames: vec![Frame::Exec(cmd)], st, done: None, sync: true });
        let me = self.tasks.len() - 1;
        let mut budget = SYNC_STEPS;
        loop {
            if self.fatal.is_some() || self.stuck.is_some() {
                break;
            }
            if self.tasks[me].frames.is_empty() {
                break;
            }
            match self.tasks[me].frames.last() {
                Some(Frame::Sleep { until, .. }) => {
                    let u = *until;
                    self.clock = self.clock.max(u);
                }
                Some(Frame::Wait { .. }) => {
                    self.tasks[me].frames.pop();
                    continue;
                }
                Some(Frame::Daemon(_)) | Some(Frame::Follow { .. }) => {
                    self.stuck = Some(format!("podlab: a command inside $(…) never returns (a server or `tail -f`); the container is shown running but is no longer simulated (at {})", self.clock));
                    break;
                }
                _ => {}
            }
            self.step(w, me);
            budget -= 1;
            if budget == 0 || self.steps >= MAX_STEPS_RUN {
                self.stuck = Some(format!("podlab: a command substitution $(…) ran for more than {SYNC_STEPS} steps without finishing; the container is shown as still running but is no longer simulated (at {})", self.clock));
                break;
            }
        }
        let status = self.tasks[me].st.status;
        self.tasks.remove(me);
        self.procs = self.procs.saturating_sub(1);
        self.sync_depth -= 1;
        let out = buf.borrow().clone();
        (status, out)
    }

    /// Expands words into fields (splitting, globbing).
    fn expand_words(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        words: &[Word],
    ) -> Result<Vec<String>, i32> {
        let mut out = Vec::new();
        for word in words {
            self.expand_into(w, ti, word, true, &mut out)?;
        }
        Ok(out)
    }

    fn expand_single(&mut self, w: &mut World<'_>, ti: usize, word: &Word) -> Result<String, i32> {
        let mut out = Vec::new();
        self.expand_into(w, ti, word, false, &mut out)?;
        Ok(out.join(" "))
    }

    fn expand_pattern(&mut self, w: &mut World<'_>, ti: usize, word: &Word) -> Result<String, i32> {
        let mut pat = String::new();
        for part in word {
            match part {
                WordPart::Lit { text, quoted: true } => pat.push_str(&escape_glob(text)),
                WordPart::Lit { text, quoted: false } => pat.push_str(text),
                p => {
                    let quoted = matches!(
                        p,
                        WordPart::Param { quoted: true, .. }
                            | WordPart::Subst { quoted: true, .. }
                            | WordPart::Arith { quoted: true, .. }
                    );
                    let v = self.expand_single(w, ti, &vec![p.clone()])?;
                    pat.push_str(&if quoted { escape_glob(&v) } else { v });
                }
            }
        }
        Ok(pat)
    }

    fn expand_into(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        word: &Word,
        split: bool,
        out: &mut Vec<String>,
    ) -> Result<(), i32> {
        // Build (text, pattern, field-started) and split where unquoted expansions have IFS.
        let mut cur = String::new();
        let mut pat = String::new();
        let mut started = false;
        let mut globby = false;
        let mut fields: Vec<(String, String, bool)> = Vec::new();
        let ifs = self.tasks[ti].st.vars.get("IFS").cloned().unwrap_or_else(|| " \t\n".into());
        for part in word {
            self.charge(1);
            let (text, quoted, splittable) = match part {
                WordPart::Lit { text, quoted } => {
                    if !quoted && text.starts_with('~') && cur.is_empty() && !started {
                        let home = self.tasks[ti]
                            .st
                            .vars
                            .get("HOME")
                            .cloned()
                            .unwrap_or_else(|| "/root".into());
                        (format!("{home}{}", &text[1..]), false, false)
                    } else {
                        (text.clone(), *quoted, false)
                    }
                }
                WordPart::Param { name, op, arg, quoted } => {
                    if (name == "@") && *quoted && split && *op == ParamOp::Plain {
                        let args = self.tasks[ti].st.args.clone();
                        for (i, a) in args.iter().enumerate() {
                            if i > 0 {
                                fields.push((
                                    std::mem::take(&mut cur),
                                    std::mem::take(&mut pat),
                                    globby,
                                ));
                                globby = false;
                            }
                            cur.push_str(a);
                            pat.push_str(&escape_glob(a));
                            started = true;
                        }
                        if args.is_empty() && cur.is_empty() && word.len() == 1 {
                            return Ok(());
                        }
                        continue;
                    }
                    (self.expand_param(w, ti, name, *op, arg.as_ref())?, *quoted, !quoted)
                }
                WordPart::Subst { prog, quoted } => {
                    let (status, data) = self.run_sync(w, ti, prog.clone());
                    self.tasks[ti].st.status = status;
                    let mut s = String::from_utf8_lossy(&data).into_owned();
                    while s.ends_with('\n') {
                        s.pop();
                    }
                    (s, *quoted, !quoted)
                }
                WordPart::Arith { expr, quoted } => {
                    let text = self.expand_single(w, ti, expr)?;
                    let mut vars = std::mem::take(&mut self.tasks[ti].st.vars);
                    let r = pattern::arith(&text, &mut vars);
                    self.tasks[ti].st.vars = vars;
                    match r {
                        Ok(v) => (v.to_string(), *quoted, !quoted),
                        Err(e) => {
                            let sh = self.sh_name(ti);
                            self.err(w, ti, &format!("{sh}: {e}"));
                            return Err(2);
                        }
                    }
                }
            };
            if quoted {
                started = true;
            }
            if splittable && split {
                for c in text.chars() {
                    if ifs.contains(c) {
                        if started || !cur.is_empty() {
                            fields.push((
                                std::mem::take(&mut cur),
                                std::mem::take(&mut pat),
                                globby,
                            ));
                            globby = false;
                            started = false;
                        }
                    } else {
                        cur.push(c);
                        pat.push(c);
                        if "*?[".contains(c) {
                            globby = true;
                        }
                    }
                }
            } else {
                cur.push_str(&text);
                if quoted {
                    pat.push_str(&escape_glob(&text));
                } else {
                    pat.push_str(&text);
                    if text.contains(['*', '?', '[']) {
                        globby = true;
                    }
                }
                if !text.is_empty() {
                    started = true;
                }
            }
        }
        if started || !cur.is_empty() {
            fields.push((cur, pat, globby));
        }
        if fields.iter().map(|f| f.0.len()).sum::<usize>() > MAX_WORD_BYTES {
            let sh = self.sh_name(ti);
            self.err(
                w,
                ti,
                &format!(
                    "{sh}: out of memory (podlab: a word grew past {} KiB; the process is stopped)",
                    MAX_WORD_BYTES / 1024
                ),
            );
            self.fatal = Some(2);
            return Err(2);
        }
        if !split {
            out.push(fields.into_iter().map(|f| f.0).collect::<Vec<_>>().join(" "));
            return Ok(());
        }
        for (text, pat, globby) in fields {
            if globby && pattern::has_wildcard(&pat) {
                let m = self.glob(w, ti, &pat);
                if !m.is_empty() {
                    out.extend(m);
                    continue;
                }
            }
            out.push(text);
        }
        Ok(())
    }

    fn glob(&mut self, w: &mut World<'_>, ti: usize, pat: &str) -> Vec<String> {
        let cwd = self.tasks[ti].st.cwd.clone();
        let abs = pat.starts_with('/');
        let comps: Vec<&str> = pat.split('/').filter(|c| !c.is_empty()).collect();
        let mut cands: Vec<String> = vec![if abs { "/".to_string() } else { cwd.clone() }];
        let mut shown: Vec<String> = vec![String::new()];
        for c in comps {
            let mut next = Vec::new();
            let mut next_shown = Vec::new();
            for (dir, sh) in cands.iter().zip(shown.iter()) {
                if pattern::has_wildcard(c) {
                    if let Ok(list) = self.fs.list(w.vols, dir) {
                        for (name, _) in list {
                            if name.starts_with('.') && !c.starts_with('.') {
                                continue;
                            }
                            if pattern::matches(c, &name) {
                                next.push(normalize(dir, &name));
                                next_shown.push(join_shown(sh, &name, abs));
                            }
                        }
                    }
                } else {
                    let lit = pattern::unescape(c);
                    let p = normalize(dir, &lit);
                    if self.fs.stat(w.vols, &p).is_some() {
                        next.push(p);
                        next_shown.push(join_shown(sh, &lit, abs));
                    }
                }
            }
            cands = next;
            shown = next_shown;
        }
        shown
    }

    fn expand_param(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        name: &str,
        op: ParamOp,
        arg: Option<&Word>,
    ) -> Result<String, i32> {
        let val = self.param(ti, name);
        let arg_val = |m: &mut Machine, w: &mut World<'_>| -> Result<String, i32> {
            match arg {
                Some(a) => m.expand_single(w, ti, a),
                None => Ok(String::new()),
            }
        };
        let unset_or_null =
            |colon: bool, v: &Option<String>| v.is_none() || (colon && v.as_deref() == Some(""));
        Ok(match op {
            ParamOp::Plain => val.unwrap_or_default(),
            ParamOp::Length => val.unwrap_or_default().chars().count().to_string(),
            ParamOp::Default(c) => {
                if unset_or_null(c, &val) {
                    arg_val(self, w)?
                } else {
                    val.unwrap_or_default()
                }
            }
            ParamOp::Assign(c) => {
                if unset_or_null(c, &val) {
                    let v = arg_val(self, w)?;
                    self.tasks[ti].st.vars.insert(name.to_string(), v.clone());
                    v
                } else {
                    val.unwrap_or_default()
                }
            }
            ParamOp::Alt(c) => {
                if unset_or_null(c, &val) {
                    String::new()
                } else {
                    arg_val(self, w)?
                }
            }
            ParamOp::Error(c) => {
                if unset_or_null(c, &val) {
                    let msg = arg_val(self, w)?;
                    let msg = if msg.is_empty() { "parameter not set".to_string() } else { msg };
                    let sh = self.sh_name(ti);
                    self.err(w, ti, &format!("{sh}: {name}: {msg}"));
                    return Err(2);
                }
                val.unwrap_or_default()
            }
            ParamOp::TrimPrefix(longest) => {
                let v = val.unwrap_or_default();
                let p = match arg {
                    Some(a) => self.expand_pattern(w, ti, a)?,
                    None => String::new(),
                };
                let idx: Vec<usize> =
                    v.char_indices().map(|(i, _)| i).chain(std::iter::once(v.len())).collect();
                let mut cut = None;
                for &i in &idx {
                    if pattern::matches(&p, &v[..i]) {
                        cut = Some(i);
                        if !longest {
                            break;
                        }
                    }
                }
                cut.map(|i| v[i..].to_string()).unwrap_or(v)
            }
            ParamOp::TrimSuffix(longest) => {
                let v = val.unwrap_or_default();
                let p = match arg {
                    Some(a) => self.expand_pattern(w, ti, a)?,
                    None => String::new(),
                };
                let idx: Vec<usize> =
                    v.char_indices().map(|(i, _)| i).chain(std::iter::once(v.len())).collect();
                let mut cut = None;
                for &i in idx.iter().rev() {
                    if pattern::matches(&p, &v[i..]) {
                        cut = Some(i);
                        if !longest {
                            break;
                        }
                    }
                }
                cut.map(|i| v[..i].to_string()).unwrap_or(v)
            }
        })
    }

    // ------------------------------------------------------------------------------------
    // kubectl exec
    // ------------------------------------------------------------------------------------

    /// Runs `argv` as a new process in this container (`kubectl exec`), synchronously, with
    /// the container's filesystem and environment. Returns stdout, stderr and the exit code.
    /// `limit`: virtual time the command may take (an exec probe's `timeoutSeconds`); past it
    /// the result is `timed_out`.
    #[allow(clippy::too_many_arguments)]
    pub fn exec_command(
        &mut self,
        w: &mut World<'_>,
        argv: &[String],
        env: &[(String, String)],
        cwd: &str,
        now: Millis,
        limit: Option<Millis>,
    ) -> ExecRun {
        let saved_capture = self.capture.replace((Vec::new(), Vec::new()));
        let saved_clock = self.clock;
        self.clock = self.clock.max(now);
        let start = self.clock;
        let deadline = limit.map(|l| start + l);
        let mut timed_out = false;
        let saved_stuck = self.stuck.take();
        let words: Vec<Word> =
            argv.iter().map(|a| vec![WordPart::Lit { text: a.clone(), quoted: true }]).collect();
        let cmd = Rc::new(Cmd::Simple(Rc::new(Simple {
            assigns: Vec::new(),
            words,
            redirs: Vec::new(),
            line: 1,
        })));
        let mut st = new_state(env, cwd);
        st.arg0 = "sh".into();
        let pid = self.next_pid;
        self.next_pid += 1;
        self.tasks.push(Task { pid, frames: vec![Frame::Exec(cmd)], st, done: None, sync: true });
        let me = self.tasks.len() - 1;
        let mut budget = SYNC_STEPS;
        let mut code = None;
        while budget > 0 && self.fatal.is_none() {
            budget -= 1;
            if self.tasks[me].frames.is_empty() {
                code = Some(self.tasks[me].st.status);
                break;
            }
            match self.tasks[me].frames.last() {
                Some(Frame::Sleep { until, .. }) => {
                    let u = *until;
                    if deadline.is_some_and(|d| u > d) {
                        timed_out = true;
                        break;
                    }
                    self.clock = self.clock.max(u);
                }
                Some(Frame::Daemon(_)) | Some(Frame::Wait { .. }) | Some(Frame::Follow { .. }) => {
                    timed_out = deadline.is_some();
                    break;
                }
                _ => {}
            }
            if deadline.is_some_and(|d| self.clock > d) {
                timed_out = true;
                break;
            }
            self.step(w, me);
        }
        self.tasks.remove(me);
        let (out, mut err) = self.capture.take().unwrap_or_default();
        self.capture = saved_capture;
        self.clock = saved_clock;
        self.stuck = saved_stuck;
        if self.fatal.take().is_some() {
            code = Some(2);
        }
        if code.is_none() && !timed_out {
            err.extend_from_slice(b"podlab: the command did not finish within its step budget; kubectl exec would still be waiting\n");
        }
        ExecRun { stdout: out, stderr: err, code, timed_out }
    }
}

/// A syntax error as each shell words it.
fn syntax_text(dialect: Dialect, arg0: &str, named: bool, line: usize, e: &SyntaxError) -> String {
    match (dialect, e) {
        (Dialect::Dash, SyntaxError::Unexpected { found, expecting }) => {
            let exp = expecting.as_ref().map(|x| format!(" (expecting {x})")).unwrap_or_default();
            format!("{arg0}: {line}: Syntax error: {found} unexpected{exp}")
        }
        (Dialect::Dash, SyntaxError::UnterminatedQuote) => {
            format!("{arg0}: {line}: Syntax error: Unterminated quoted string")
        }
        (Dialect::Bash, _) => {
            let at = if named { format!("line {line}") } else { format!("-c: line {line}") };
            match e {
                SyntaxError::Unexpected { found, .. } if found != "end of file" => format!(
                    "{arg0}: {at}: syntax error near unexpected token `{}'",
                    found.trim_matches('"')
                ),
                SyntaxError::UnterminatedQuote => {
                    format!("{arg0}: {at}: unexpected EOF while looking for matching quote")
                }
                _ => format!("{arg0}: {at}: syntax error: unexpected end of file"),
            }
        }
        _ if named => format!("{arg0}: line {line}: {}", e.ash_text()),
        _ => format!("{arg0}: {}", e.ash_text()),
    }
}

fn join_shown(prefix: &str, name: &str, abs: bool) -> String {
    if prefix.is_empty() {
        if abs {
            format!("/{name}")
        } else {
            name.to_string()
        }
    } else if prefix == "/" {
        format!("/{name}")
    } else {
        format!("{prefix}/{name}")
    }
}

fn escape_glob(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if "*?[]\\".contains(c) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

fn sig_name(s: &str) -> String {
    let s = s.trim_start_matches("SIG");
    match s {
        "15" => "TERM".into(),
        "2" => "INT".into(),
        "0" => "EXIT".into(),
        "1" => "HUP".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// Commands whose failure `set -e` acts on directly (an and-or list or `!` is exempt).
fn errexit_eligible(c: &Cmd) -> bool {
    !matches!(
        c,
        Cmd::AndOr { .. }
            | Cmd::Pipeline { bang: true, .. }
            | Cmd::Seq(_)
            | Cmd::If { .. }
            | Cmd::Loop { .. }
            | Cmd::For { .. }
            | Cmd::Case { .. }
    )
}

fn sig_number(s: &str) -> i32 {
    match s.trim_start_matches("SIG") {
        "0" => 0,
        "1" | "HUP" => 1,
        "2" | "INT" => 2,
        "9" | "KILL" => 9,
        "15" | "TERM" => 15,
        // Linux has 64 signals; anything else is treated as TERM.
        other => other.parse::<i32>().ok().filter(|n| (0..=64).contains(n)).unwrap_or(15),
    }
}

fn is_builtin(n: &str) -> bool {
    matches!(
        n,
        ":" | "."
            | "break"
            | "cd"
            | "command"
            | "continue"
            | "eval"
            | "exec"
            | "exit"
            | "export"
            | "local"
            | "pwd"
            | "read"
            | "readonly"
            | "return"
            | "set"
            | "shift"
            | "source"
            | "trap"
            | "type"
            | "unset"
            | "wait"
            | "echo"
            | "printf"
            | "test"
            | "["
            | "true"
            | "false"
            | "kill"
    )
}

/// Wall-clock rendering of a virtual instant in nginx's log format (`2026/01/01 00:00:05`).
pub fn wall(t: Millis) -> String {
    let r = crate::engine::time::rfc3339(t);
    format!("{} {}", r[..10].replace('-', "/"), &r[11..19])
}

fn wall_pg(t: Millis) -> String {
    let r = crate::engine::time::rfc3339(t);
    format!("{} {}.{:03}", &r[..10], &r[11..19], t.0 % 1000)
}

fn ready_lines(kind: &DaemonKind, now: Millis) -> Vec<String> {
    match kind {
        DaemonKind::Postgres => vec![
            format!("{} UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432", wall_pg(now)),
            format!("{} UTC [1] LOG:  database system is ready to accept connections", wall_pg(now)),
        ],
        DaemonKind::Redis => vec!["1:M * Ready to accept connections tcp".into()],
        DaemonKind::Mysql => vec![format!("{}Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. port: 3306", crate::engine::time::rfc3339(now).trim_end_matches('Z'))],
        _ => Vec::new(),
    }
}

/// What a server of `kind` answers to `GET path`, reading files from the container's view.
pub fn http_serve(
    fs: &Fs,
    vols: &PodVolumes,
    kind: &DaemonKind,
    version: &str,
    path: &str,
) -> Option<HttpResponse> {
    let root = match kind {
        DaemonKind::Nginx => "/usr/share/nginx/html".to_string(),
        DaemonKind::Http { dir, .. } => dir.clone(),
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut p = normalize(&root, &format!(".{path}"));
    if !p.starts_with(&root) {
        p = root.clone();
    }
    if fs.stat(vols, &p) == Some(Kind::Dir) {
        p = format!("{}/index.html", p.trim_end_matches('/'));
    }
    match fs.read(vols, &p) {
        Ok(body) => Some(HttpResponse { status: 200, body }),
        Err(_) if matches!(kind, DaemonKind::Nginx) => {
            let code = if path.ends_with('/') { 403 } else { 404 };
            Some(HttpResponse { status: code, body: nginx_error(code, version).into_bytes() })
        }
        Err(_) => Some(HttpResponse { status: 404, body: b"<h1>404 Not Found</h1>\n".to_vec() }),
    }
}

fn nginx_error(code: u16, version: &str) -> String {
    let title = if code == 403 { "403 Forbidden" } else { "404 Not Found" };
    format!("<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>{version}</center>\r\n</body>\r\n</html>\r\n")
}
