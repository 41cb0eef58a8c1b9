//! The programs inside the images: busybox applets (and their GNU equivalents where messages
//! differ), network clients (nslookup, nc, wget, curl) and the servers (nginx, postgres, …).
//!
//! [`PROGRAMS`] is the table of them, as busybox's applet table is: each entry names a program,
//! says which base images install it, what it reads from its process (environment, stdin) and which
//! function is its `main`. **A new program is one entry here and one `NAME_main` function** in the
//! module of its kind (`applets/text.rs`, `applets/filters.rs`, `applets/files.rs`,
//! `applets/system.rs`, `applets/net.rs`, `applets/servers.rs`); a program only some images ship
//! (`nginx`, `psql`) is also added to those images in `images.rs`.
//!
//! An applet runs to completion in one step (it reads all of stdin at once), except for the ones
//! that take time: `sleep`, network clients that wait for a timeout, and servers, which return an
//! [`Outcome`] for the executor to suspend on.

mod dial;
mod files;
mod filters;
mod net;
mod servers;
mod system;
mod text;

pub use servers::{http_serve, ready_lines, stop_lines, wall};
pub use system::{date, parse_duration};

use super::process::DaemonKind;
use crate::engine::runtime::fs::{normalize, Fs, FsError};
use crate::engine::runtime::image::{Dialect, Image, Userland};
use crate::engine::runtime::{ClusterView, PodVolumes};
use crate::engine::time::Millis;
use std::collections::BTreeMap;

/// What an applet needs from its process.
pub struct Ctx<'a> {
    /// Container filesystem.
    pub fs: &'a mut Fs,
    /// Pod volumes.
    pub vols: &'a mut PodVolumes,
    /// Network.
    pub net: &'a dyn ClusterView,
    /// Pod name.
    pub pod: &'a str,
    /// Virtual now.
    pub now: Millis,
    /// The image.
    pub image: &'a Image,
    /// Hostname.
    pub hostname: &'a str,
    /// Working directory.
    pub cwd: String,
    /// Environment.
    pub env: &'a BTreeMap<String, String>,
    /// All of stdin.
    pub stdin: Vec<u8>,
    /// stdout written.
    pub out: Vec<u8>,
    /// stderr written.
    pub err: Vec<u8>,
    /// File writes made.
    pub effects: u64,
    /// Network look-ups made.
    pub net_calls: u64,
    /// Servers of this same container that accept connections (reached via 127.0.0.1).
    pub own_servers: Vec<DaemonKind>,
    /// The shell running the program (builtins like `echo` differ between shells).
    pub dialect: Dialect,
}

/// How an applet ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exited with a code.
    Exit(i32),
    /// Takes `ms` of virtual time, then exits with `code`.
    Sleep { ms: u64, code: i32 },
    /// Becomes a server, ready after `startup_ms`.
    Daemon { kind: DaemonKind, startup_ms: u64 },
    /// `yes`: writes this line forever.
    Yes(Vec<u8>),
    /// Runs a shell script (an entrypoint script) with arguments.
    Shell { script: String, args: Vec<String> },
    /// Execs another argv (an entrypoint handing over to its CMD).
    Exec(Vec<String>),
    /// `tail -f`: print what is appended to `path` after `offset`, checking once a second
    /// (busybox tail's poll interval), forever.
    Follow { path: String, offset: usize },
    /// `timeout`: runs `argv`, and if it has not exited after `ms` kills it; the status is
    /// then `code`.
    Timeout { ms: u64, code: i32, argv: Vec<String> },
}

impl Ctx<'_> {
    fn o(&mut self, s: &str) {
        self.out.extend_from_slice(s.as_bytes());
    }
    fn e(&mut self, s: &str) {
        self.err.extend_from_slice(s.as_bytes());
        self.err.push(b'\n');
    }
    fn path(&self, p: &str) -> String {
        normalize(&self.cwd, p)
    }
    fn gnu(&self) -> bool {
        self.image.userland == Userland::Gnu
    }
    fn read_input(&mut self, files: &[String], prog: &str) -> (Vec<u8>, i32) {
        if files.is_empty() {
            return (std::mem::take(&mut self.stdin), 0);
        }
        let mut data = Vec::new();
        let mut code = 0;
        for f in files {
            if f == "-" {
                data.extend(std::mem::take(&mut self.stdin));
                continue;
            }
            match self.fs.read_contents(self.vols, &self.path(f)) {
                Ok(d) => data.extend(d),
                Err(e) => {
                    // busybox's open_or_warn says "can't open"; its grep and sed, and GNU tools,
                    // say "NAME: FILE: reason".
                    let m = if self.gnu() || matches!(prog, "grep" | "egrep" | "sed") {
                        format!("{prog}: {f}: {}", e.text())
                    } else {
                        format!("{prog}: can't open '{f}': {}", e.text())
                    };
                    self.e(&m);
                    code = 1;
                }
            }
        }
        (data, code)
    }
    /// Writes a file, counting an observable effect only if it changed.
    fn write_file(&mut self, p: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let abs = self.path(p);
        let before = if append { None } else { self.fs.read(self.vols, &abs).ok() };
        self.fs.write(self.vols, &abs, data, append)?;
        if (append && !data.is_empty()) || before.as_deref() != Some(data) {
            self.effects += 1;
        }
        Ok(())
    }
}

/// The command line a program was started with.
pub struct Call<'a> {
    /// The program's name in the image (the program file's name: `egrep`, `[`, `python3`).
    pub prog: &'a str,
    /// `argv`, `argv[0]` as typed (`/bin/echo`).
    pub argv: &'a [String],
    /// `argv[1..]`.
    pub args: &'a [String],
}

/// Which base images install a program (images add their own servers and tools on top).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Installed {
    /// busybox/alpine-based images and Debian-based ones.
    Both,
    /// busybox/alpine-based images only (`nslookup`, `nc`, `wget`, `ping`, …).
    Busybox,
    /// Debian-based images only (`bash`, `dash`).
    Gnu,
    /// Only the images that ship it (listed in `images.rs`).
    Image,
}

/// What a program does with its stdin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stdin {
    /// Never reads it (a `while read` loop keeps its input).
    No,
    /// Reads all of it. On a stdin that stays open (`stdin: true`) it waits forever when given
    /// at most `operands` operands, i.e. no file to read (`grep`'s pattern is one operand).
    UnlessFiles {
        /// Operands that are not files.
        operands: usize,
    },
    /// Reads what is there and never waits for more (`tr`, `xargs`, `nc`, `python`).
    Available,
}

/// A program's entry point.
#[derive(Clone, Copy)]
pub enum Main {
    /// A shell (`sh`, `ash`, `bash`, `dash`): the executor starts a new shell.
    Shell,
    /// An applet: runs with its [`Ctx`] and returns how it ended.
    Applet(fn(&mut Ctx<'_>, &Call<'_>) -> Outcome),
}

/// One row of [`PROGRAMS`].
#[derive(Clone, Copy)]
pub struct Program {
    /// The program file's name.
    pub name: &'static str,
    /// Which base images have it.
    pub installed: Installed,
    /// Whether it gets a copy of the exported environment (only programs that read it do:
    /// copying the environment for every `echo` in a loop would cost for nothing).
    pub env: bool,
    /// What it does with stdin.
    pub stdin: Stdin,
    /// Its entry point.
    pub main: Main,
}

/// Every program podlab simulates, in name order (busybox's `applet_tables.h`).
#[rustfmt::skip]
pub const PROGRAMS: &[Program] = &[
    Program { name: "[", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(text::test_main) },
    Program { name: "[[", installed: Installed::Busybox, env: false, stdin: Stdin::No, main: Main::Applet(text::test_main) },
    Program { name: "ash", installed: Installed::Busybox, env: true, stdin: Stdin::No, main: Main::Shell },
    Program { name: "awk", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(filters::awk_main) },
    Program { name: "base64", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::base64_main) },
    Program { name: "basename", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::basename_main) },
    Program { name: "bash", installed: Installed::Gnu, env: true, stdin: Stdin::No, main: Main::Shell },
    Program { name: "cat", installed: Installed::Both, env: false, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::cat_main) },
    Program { name: "chmod", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::chmod_main) },
    Program { name: "chown", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::chmod_main) },
    Program { name: "cp", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::cp_main) },
    Program { name: "curl", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(net::curl_main) },
    Program { name: "cut", installed: Installed::Both, env: false, stdin: Stdin::UnlessFiles { operands: 1 }, main: Main::Applet(text::cut_main) },
    Program { name: "dash", installed: Installed::Gnu, env: true, stdin: Stdin::No, main: Main::Shell },
    Program { name: "date", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::date_main) },
    Program { name: "df", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::stat_main) },
    Program { name: "dirname", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::dirname_main) },
    Program { name: "docker-entrypoint.sh", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::entrypoint_main) },
    Program { name: "du", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::stat_main) },
    Program { name: "echo", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(text::echo_main) },
    Program { name: "egrep", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 1 }, main: Main::Applet(filters::egrep_main) },
    Program { name: "entrypoint.sh", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::entrypoint_main) },
    Program { name: "env", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::env_main) },
    Program { name: "expr", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(text::expr_main) },
    Program { name: "false", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(system::false_main) },
    Program { name: "find", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::find_main) },
    Program { name: "getent", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(net::getent_main) },
    Program { name: "grep", installed: Installed::Both, env: false, stdin: Stdin::UnlessFiles { operands: 1 }, main: Main::Applet(filters::grep_main) },
    Program { name: "head", installed: Installed::Both, env: false, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::head_main) },
    Program { name: "hostname", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::hostname_main) },
    Program { name: "httpd", installed: Installed::Busybox, env: true, stdin: Stdin::No, main: Main::Applet(servers::httpd_main) },
    Program { name: "id", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::id_main) },
    Program { name: "kill", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::kill_main) },
    Program { name: "kubectl", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::kubectl_main) },
    Program { name: "ln", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::chmod_main) },
    Program { name: "ls", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(files::ls_main) },
    Program { name: "md5sum", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::md5sum_main) },
    Program { name: "mkdir", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(files::mkdir_main) },
    Program { name: "mkfifo", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(files::mkfifo_main) },
    Program { name: "mv", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::cp_main) },
    Program { name: "mysql", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::redis_client_main) },
    Program { name: "mysqladmin", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::redis_client_main) },
    Program { name: "mysqld", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::mysqld_main) },
    Program { name: "nc", installed: Installed::Busybox, env: true, stdin: Stdin::Available, main: Main::Applet(net::nc_main) },
    Program { name: "nginx", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::nginx_main) },
    Program { name: "nproc", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::nproc_main) },
    Program { name: "nslookup", installed: Installed::Busybox, env: true, stdin: Stdin::No, main: Main::Applet(net::nslookup_main) },
    Program { name: "pg_isready", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::pg_isready_main) },
    Program { name: "ping", installed: Installed::Busybox, env: true, stdin: Stdin::No, main: Main::Applet(net::ping_main) },
    Program { name: "pip", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::pip_main) },
    Program { name: "postgres", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::postgres_main) },
    Program { name: "printenv", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::env_main) },
    Program { name: "printf", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(text::printf_main) },
    Program { name: "ps", installed: Installed::Busybox, env: true, stdin: Stdin::No, main: Main::Applet(system::ps_main) },
    Program { name: "psql", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::redis_client_main) },
    Program { name: "pwd", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::pwd_main) },
    Program { name: "python", installed: Installed::Image, env: true, stdin: Stdin::Available, main: Main::Applet(servers::python_main) },
    Program { name: "python3", installed: Installed::Image, env: true, stdin: Stdin::Available, main: Main::Applet(servers::python_main) },
    Program { name: "redis-cli", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::redis_client_main) },
    Program { name: "redis-server", installed: Installed::Image, env: true, stdin: Stdin::No, main: Main::Applet(servers::redis_server_main) },
    Program { name: "rm", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(files::rm_main) },
    Program { name: "rmdir", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::rm_main) },
    Program { name: "sed", installed: Installed::Both, env: false, stdin: Stdin::UnlessFiles { operands: 1 }, main: Main::Applet(filters::sed_main) },
    Program { name: "seq", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(text::seq_main) },
    Program { name: "sh", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Shell },
    Program { name: "sha256sum", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::md5sum_main) },
    Program { name: "sleep", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(system::sleep_main) },
    Program { name: "sort", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::sort_main) },
    Program { name: "stat", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(files::stat_main) },
    Program { name: "tail", installed: Installed::Both, env: false, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::head_main) },
    Program { name: "tee", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::tee_main) },
    Program { name: "test", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(text::test_main) },
    Program { name: "timeout", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::timeout_main) },
    Program { name: "touch", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(files::touch_main) },
    Program { name: "tr", installed: Installed::Both, env: false, stdin: Stdin::Available, main: Main::Applet(text::tr_main) },
    Program { name: "true", installed: Installed::Both, env: false, stdin: Stdin::No, main: Main::Applet(system::true_main) },
    Program { name: "uname", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::uname_main) },
    Program { name: "uniq", installed: Installed::Both, env: true, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::uniq_main) },
    Program { name: "usleep", installed: Installed::Busybox, env: true, stdin: Stdin::No, main: Main::Applet(system::sleep_main) },
    Program { name: "wc", installed: Installed::Both, env: false, stdin: Stdin::UnlessFiles { operands: 0 }, main: Main::Applet(text::wc_main) },
    Program { name: "wget", installed: Installed::Busybox, env: true, stdin: Stdin::No, main: Main::Applet(net::wget_main) },
    Program { name: "whoami", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(system::whoami_main) },
    Program { name: "xargs", installed: Installed::Both, env: true, stdin: Stdin::Available, main: Main::Applet(system::xargs_main) },
    Program { name: "yes", installed: Installed::Both, env: true, stdin: Stdin::No, main: Main::Applet(text::yes_main) },
];

/// The table row for program `name`.
pub fn lookup(name: &str) -> Option<&'static Program> {
    // The table is in name order (a test keeps it so): a binary search, as busybox does.
    PROGRAMS.binary_search_by(|p| p.name.cmp(name)).ok().map(|i| &PROGRAMS[i])
}

/// Runs program `prog` (the name in the image's program file) with `argv`.
pub fn run(c: &mut Ctx<'_>, prog: &str, argv: &[String]) -> Outcome {
    match lookup(prog).map(|p| p.main) {
        Some(Main::Applet(main)) => main(c, &Call { prog, argv, args: &argv[1..] }),
        // A shell is started by the executor, never here; a name with no row is a program
        // file podlab has no behaviour for.
        Some(Main::Shell) | None => {
            c.e(&format!(
                "podlab: the program {prog:?} exists in this image but podlab does not simulate it"
            ));
            Outcome::Exit(126)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_name_order_with_one_row_per_name() {
        let names: Vec<&str> = PROGRAMS.iter().map(|p| p.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names, sorted);
    }
}
