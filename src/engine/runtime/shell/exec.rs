//! The resumable executor: runs a parsed script as an explicit stack of frames, so a `sleep` (or
//! `wait`, or a server in the foreground) suspends the whole process and the next [`Machine::run`]
//! call resumes exactly there — no Rust recursion is live across a suspension.
//!
//! Model of processes: task 0 is PID 1 (the container's main process). `cmd &` spawns another task
//! (a subshell with copied variables) scheduled cooperatively in virtual time. Pipelines run their
//! stages one after another, each stage's output buffered into the next stage's input — a
//! simplification of concurrent pipes: timing inside a pipeline is sequential and a stage that
//! writes more than [`PIPE_CAP`] bytes is stopped as if its reader had gone (SIGPIPE, 141). `$(…)`
//! runs synchronously to completion (sleeps inside it still advance the clock).
//!
//! Costs (reliability.md §5.2, R7): every frame step costs one unit of fuel and [`STEP_MICROS`] µs
//! of virtual CPU time, so a busy loop consumes virtual time and yields; the run as a whole is
//! capped at [`MAX_STEPS_RUN`]. Processes are capped at [`MAX_PROCS`], function recursion at
//! [`MAX_FUNC_DEPTH`], log output at [`MAX_LOG_BYTES`].
//!
//! Where each job lives: this file holds [`Machine`] (its frames and tasks) and the entry points
//! the runtime calls; `exec/schedule.rs` the step loop and signal delivery (`run`, `handle_term`,
//! `sigterm`, `sigkill`); `exec/frames.rs` one frame per step and compound commands;
//! `exec/launch.rs` simple commands, `PATH` lookup and programs; `exec/builtins.rs` the builtin
//! table; `exec/redirect.rs` redirections; `exec/expand.rs` word expansion; `exec/output.rs` the
//! log and pipes.

mod builtins;
mod expand;
mod frames;
mod launch;
mod output;
mod redirect;
mod schedule;

use redirect::RedirFail;

use super::applets::{self, Ctx, Outcome};
use super::ast::*;
use super::parse::{parse, parse_with_line, SyntaxError};
use super::pattern;
pub use super::process::{Daemon, DaemonKind, ExecRun, Fds, Input, Output, RunState, State, World};
use crate::engine::limits::{
    MAX_LINE_BYTES, MAX_LOG_BYTES, MAX_PROCS, MAX_STEPS_PER_VSEC, MAX_STEPS_RUN,
};
use crate::engine::runtime::fs::{is_normal, normalize, Fs, Kind};
use crate::engine::runtime::image::{Dialect, Image, PROGRAM_MAGIC};
use crate::engine::runtime::{HttpResponse, PodVolumes};
use crate::engine::sort::sort;
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

#[derive(Clone, Debug)]
enum Frame {
    Exec(Rc<Cmd>),
    Seq {
        items: Rc<Vec<(Rc<Cmd>, bool)>>,
        idx: usize,
    },
    AndOr {
        and: bool,
        right: Rc<Cmd>,
    },
    If {
        arms: Rc<Vec<(Rc<Cmd>, Rc<Cmd>)>>,
        idx: usize,
        els: Option<Rc<Cmd>>,
    },
    Loop {
        cond: Rc<Cmd>,
        body: Rc<Cmd>,
        until: bool,
        in_body: bool,
        last: i32,
    },
    For {
        var: String,
        items: Rc<Vec<String>>,
        idx: usize,
        body: Rc<Cmd>,
        last: i32,
    },
    Pipe {
        stages: Rc<Vec<Rc<Cmd>>>,
        idx: usize,
        out: Rc<RefCell<Vec<u8>>>,
        saved: Fds,
        bang: bool,
    },
    Restore(Fds),
    Negate,
    FuncRet {
        args: Vec<String>,
        locals: Vec<(String, Option<String>)>,
    },
    SubEnd {
        saved: Box<State>,
    },
    Sleep {
        until: Millis,
        code: i32,
    },
    Wait {
        pid: Option<u32>,
    },
    Daemon(Daemon),
    Yes {
        line: Rc<Vec<u8>>,
        written: usize,
    },
    TrapEnd {
        status: i32,
    },
    ExitWith,
    /// `timeout`: the program above this frame is killed at `deadline` and the frame's
    /// task gets `code` as its status.
    Timeout {
        deadline: Millis,
        code: i32,
    },
    Follow {
        path: String,
        offset: usize,
        next: Millis,
    },
    /// Opening the FIFO at `path` (for writing when `write`) waits for the other end; the
    /// command that opens it is on the frame below and runs again once this frame is popped.
    FifoOpen {
        path: String,
        write: bool,
        /// The redirection's word as written (error messages name it so).
        name: String,
    },
}

#[derive(Debug)]
struct Task {
    pid: u32,
    frames: Vec<Frame>,
    st: State,
    done: Option<i32>,
    sync: bool,
    /// `Frame::Timeout`s on the stack (most tasks have none, so the step loop looks for an
    /// expired one only when this is not zero).
    timeouts: usize,
}

impl Task {
    fn new(pid: u32, cmd: Rc<Cmd>, st: State, sync: bool) -> Task {
        Task { pid, frames: vec![Frame::Exec(cmd)], st, done: None, sync, timeouts: 0 }
    }

    /// The earliest deadline of a `timeout` running in this task.
    fn deadline(&self) -> Option<Millis> {
        if self.timeouts == 0 {
            return None;
        }
        self.frames
            .iter()
            .filter_map(|f| match f {
                Frame::Timeout { deadline, .. } => Some(*deadline),
                _ => None,
            })
            .min()
    }
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
    /// How many child shells (`SubEnd` frames) PID 1's task was inside when the TERM trap was
    /// set: deeper than that, a foreground child runs and PID 1 waits for it before its trap.
    term_trap_depth: usize,
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
    /// FIFOs (by path) that a writer has opened: the bytes written so far. The entry is shared
    /// with the writers' descriptors, so a count of one means every writer has closed it.
    fifos: BTreeMap<String, Rc<RefCell<Vec<u8>>>>,
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
        let mut st = State::new(env, cwd);
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
            term_trap_depth: 0,
            fifos: BTreeMap::new(),
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
        m.tasks.push(Task::new(1, cmd, st, false));
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
        sort(&mut v);
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
        applets::http_serve(&self.fs, vols, &kind, &self.image.version, path)
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
        let mut st = State::new(env, cwd);
        st.arg0 = "sh".into();
        let pid = self.next_pid;
        self.next_pid += 1;
        self.tasks.push(Task::new(pid, cmd, st, true));
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
                _ if self.tasks[me].deadline().is_some_and(|d| d <= self.clock) => {}
                Some(Frame::Sleep { until, .. }) => {
                    let u = self.tasks[me].deadline().map_or(*until, |d| d.min(*until));
                    if deadline.is_some_and(|d| u > d) {
                        timed_out = true;
                        break;
                    }
                    self.clock = self.clock.max(u);
                }
                Some(Frame::Daemon(_)) | Some(Frame::Follow { .. })
                    if self.tasks[me].deadline().is_some() =>
                {
                    // A server under `timeout`: it runs until it is killed.
                    let d = self.tasks[me].deadline().unwrap_or(self.clock);
                    if deadline.is_some_and(|limit| d > limit) {
                        timed_out = true;
                        break;
                    }
                    self.clock = self.clock.max(d);
                }
                Some(Frame::Daemon(_))
                | Some(Frame::Wait { .. })
                | Some(Frame::Follow { .. })
                | Some(Frame::FifoOpen { .. }) => {
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
