//! A process's state as data: its descriptors, variables, the servers it runs and what a run
//! returns. Shared by the executor ([`super::exec`]) and the programs ([`super::applets`]),
//! which is why it depends on neither.

use super::ast::Cmd;
use crate::engine::runtime::image::Dialect;
use crate::engine::runtime::{ClusterView, PodVolumes};
use crate::engine::time::Millis;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

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

/// What [`super::exec::Machine::exec_command`] got.
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

/// Where [`super::exec::Machine::run`] stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunState {
    /// PID 1 exited.
    Exited(i32),
    /// Waiting: run again at this instant (`None`: only when something external happens).
    Blocked(Option<Millis>),
}

impl State {
    /// A fresh shell with `env` exported and `cwd` as its working directory.
    pub fn new(env: &[(String, String)], cwd: &str) -> State {
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
            fds: Fds {
                stdin: Input::Empty,
                stdout: Output::Console(1),
                stderr: Output::Console(2),
            },
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
}
