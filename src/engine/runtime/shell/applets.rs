//! The programs inside the images: busybox applets (and their GNU equivalents where messages
//! differ), network clients (nslookup, nc, wget, curl) and the servers (nginx, postgres, …).
//!
//! An applet runs to completion in one step (it reads all of stdin at once), except for the
//! ones that take time: `sleep`, network clients that wait for a timeout, and servers, which
//! return an [`Outcome`] for the executor to suspend on.

use super::exec::DaemonKind;
use crate::engine::runtime::fs::{normalize, Fs, FsError, Kind};
use crate::engine::runtime::images::{Dialect, Image, Userland};
use crate::engine::runtime::{ClusterView, Connect, PodVolumes};
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
            match self.fs.read(self.vols, &self.path(f)) {
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

fn lines(d: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(d);
    let mut v: Vec<String> = s.split('\n').map(String::from).collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// Parses a duration as busybox `sleep` does: a number with an optional `s`/`m`/`h`/`d`
/// suffix, fractions allowed. `None` for anything else (`5,`) or an overflow.
pub fn parse_duration(a: &str) -> Option<u64> {
    // `sleep infinity` (GNU) / `sleep inf` (busybox, via strtod): forever.
    if matches!(a, "inf" | "infinity" | "INF" | "Infinity") {
        return Some(u64::MAX);
    }
    let (num, mult) = match a.chars().last()? {
        's' => (&a[..a.len() - 1], 1000u64),
        'm' => (&a[..a.len() - 1], 60_000),
        'h' => (&a[..a.len() - 1], 3_600_000),
        'd' => (&a[..a.len() - 1], 86_400_000),
        _ => (a, 1000),
    };
    if num.is_empty()
        || !num.chars().all(|c| c.is_ascii_digit() || c == '.')
        || num.matches('.').count() > 1
    {
        return None;
    }
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut ms = int.checked_mul(mult)?;
    if !frac.is_empty() {
        let f: f64 = format!("0.{frac}").parse().ok()?;
        ms = ms.checked_add((f * mult as f64) as u64)?;
    }
    Some(ms)
}

/// Runs program `prog` (the name in the image's program file) with `argv`.
pub fn run(c: &mut Ctx<'_>, prog: &str, argv: &[String]) -> Outcome {
    let args: Vec<String> = argv[1..].to_vec();
    let code = match prog {
        "echo" => {
            let mut i = 0;
            let (mut nl, mut esc) = (true, false);
            while let Some(a) = args.get(i) {
                match a.as_str() {
                    "-n" => nl = false,
                    "-e" => esc = true,
                    "-ne" | "-en" => {
                        nl = false;
                        esc = true
                    }
                    "-E" => esc = false,
                    _ => break,
                }
                i += 1;
            }
            let mut s = args[i.min(args.len())..].join(" ");
            // dash's echo always interprets backslash escapes (Debian's /bin/sh).
            if esc || c.dialect == Dialect::Dash {
                s = unescape(&s);
            }
            if nl {
                s.push('\n');
            }
            c.o(&s);
            0
        }
        "printf" => {
            let Some(fmt) = args.first() else {
                c.e("printf: usage: printf FORMAT [ARGUMENT...]");
                return Outcome::Exit(1);
            };
            let s = printf(fmt, &args[1..]);
            c.o(&s);
            0
        }
        "true" => 0,
        "false" => 1,
        "sleep" | "usleep" => {
            if args.is_empty() {
                c.e("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...");
                return Outcome::Exit(1);
            }
            let mut total: u64 = 0;
            for a in &args {
                let d = if prog == "usleep" {
                    a.parse::<u64>().ok().map(|us| us / 1000)
                } else {
                    parse_duration(a)
                };
                match d {
                    Some(ms) => total = total.saturating_add(ms),
                    None => {
                        c.e(&if c.gnu() {
                            format!("sleep: invalid time interval '{a}'")
                        } else {
                            format!("sleep: invalid number '{a}'")
                        });
                        return Outcome::Exit(1);
                    }
                }
            }
            return Outcome::Sleep { ms: total, code: 0 };
        }
        "cat" => {
            let files: Vec<String> =
                args.iter().filter(|a| !a.starts_with('-') || *a == "-").cloned().collect();
            if files.iter().any(|f| f == "/dev/zero" || f == "/dev/urandom" || f == "/dev/random") {
                // An endless stream with no newline.
                return Outcome::Yes(vec![0u8; 4096]);
            }
            let (d, code) = c.read_input(&files, "cat");
            c.out.extend(d);
            code
        }
        "test" | "[" | "[[" => {
            let mut a = args.clone();
            if prog != "test" {
                let close = if prog == "[" { "]" } else { "]]" };
                if a.last().map(String::as_str) != Some(close) {
                    c.e(&format!("{prog}: missing {close}"));
                    return Outcome::Exit(2);
                }
                a.pop();
            }
            match test(c, &a) {
                Ok(b) => i32::from(!b),
                Err(m) => {
                    c.e(&format!("sh: {m}"));
                    2
                }
            }
        }
        "ls" => ls(c, &args),
        "mkdir" => {
            let p = args.iter().any(|a| a == "-p");
            let mut code = 0;
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                let abs = c.path(a);
                let r = if p {
                    mkdir_p(c, &abs)
                } else {
                    c.fs.mkdir(c.vols, &abs).map(|()| c.effects += 1)
                };
                if let Err(e) = r {
                    let m = if c.gnu() {
                        format!("mkdir: cannot create directory '{a}': {}", e.text())
                    } else {
                        format!("mkdir: can't create directory '{a}': {}", e.text())
                    };
                    c.e(&m);
                    code = 1;
                }
            }
            code
        }
        "touch" => {
            let mut code = 0;
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                let abs = c.path(a);
                if c.fs.stat(c.vols, &abs).is_none() {
                    if let Err(e) = c.write_file(a, b"", true) {
                        c.e(&if c.gnu() {
                            format!("touch: cannot touch '{a}': {}", e.text())
                        } else {
                            format!("touch: {a}: {}", e.text())
                        });
                        code = 1;
                    }
                } else if let Some(e) = c.fs.write_denied(&abs) {
                    c.e(&format!("touch: {a}: {}", e.text()));
                    code = 1;
                }
            }
            code
        }
        "rm" | "rmdir" => {
            let rec =
                args.iter().any(|a| a.starts_with('-') && (a.contains('r') || a.contains('R')));
            let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
            let mut code = 0;
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                let abs = c.path(a);
                if prog == "rm" && !rec && c.fs.stat(c.vols, &abs) == Some(Kind::Dir) {
                    c.e(&format!("rm: '{a}' is a directory"));
                    code = 1;
                    continue;
                }
                match c.fs.remove(c.vols, &abs, rec) {
                    Ok(()) => c.effects += 1,
                    Err(FsError::NoEnt) if force => {}
                    Err(e) => {
                        c.e(&if c.gnu() {
                            format!("{prog}: cannot remove '{a}': {}", e.text())
                        } else {
                            format!("{prog}: can't remove '{a}': {}", e.text())
                        });
                        code = 1;
                    }
                }
            }
            code
        }
        "cp" | "mv" => {
            let ops: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            if ops.len() < 2 {
                c.e(&format!("{prog}: missing file operand"));
                return Outcome::Exit(1);
            }
            let dest = ops[ops.len() - 1].clone();
            let dabs = c.path(&dest);
            let mut code = 0;
            for src in &ops[..ops.len() - 1] {
                let sabs = c.path(src);
                let target = if c.fs.stat(c.vols, &dabs) == Some(Kind::Dir) {
                    format!("{dabs}/{}", sabs.rsplit('/').next().unwrap_or(""))
                } else {
                    dabs.clone()
                };
                match c.fs.read(c.vols, &sabs) {
                    Ok(d) => {
                        let unchanged =
                            c.fs.read(c.vols, &target).ok().as_deref() == Some(d.as_slice());
                        if let Err(e) = c.fs.write(c.vols, &target, &d, false) {
                            c.e(&format!("{prog}: can't create '{dest}': {}", e.text()));
                            code = 1;
                        } else {
                            if !unchanged {
                                c.effects += 1;
                            }
                            if prog == "mv" && c.fs.remove(c.vols, &sabs, false).is_ok() {
                                c.effects += 1;
                            }
                        }
                    }
                    Err(e) => {
                        c.e(&format!("{prog}: can't stat '{src}': {}", e.text()));
                        code = 1;
                    }
                }
            }
            code
        }
        "chmod" | "chown" | "ln" => {
            let ops: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let mut code = 0;
            for f in ops.iter().skip(1) {
                let abs = c.path(f);
                if c.fs.stat(c.vols, &abs).is_none() && prog != "ln" {
                    c.e(&format!("{prog}: {f}: No such file or directory"));
                    code = 1;
                } else if let Some(e) = c.fs.write_denied(&abs) {
                    c.e(&format!("{prog}: {f}: {}", e.text()));
                    code = 1;
                }
            }
            code
        }
        "id" => {
            let (n, u) = c.image.user;
            let uid = c.env.get("PODLAB_UID").and_then(|x| x.parse::<u32>().ok()).unwrap_or(u);
            if args.iter().any(|a| a == "-u") {
                c.o(&format!("{uid}\n"));
            } else if args.iter().any(|a| a == "-un") {
                c.o(&format!("{n}\n"));
            } else {
                let name = if uid == 0 { "root".to_string() } else { n.to_string() };
                c.o(&format!("uid={uid}({name}) gid={uid}({name}) groups={uid}({name})\n"));
            }
            0
        }
        "whoami" => {
            let uid = c
                .env
                .get("PODLAB_UID")
                .and_then(|x| x.parse::<u32>().ok())
                .unwrap_or(c.image.user.1);
            if uid == 0 {
                c.o("root\n");
            } else if uid == c.image.user.1 {
                let n = c.image.user.0;
                c.o(&format!("{n}\n"));
            } else {
                c.e(&format!("whoami: unknown uid {uid}"));
                return Outcome::Exit(1);
            }
            0
        }
        "env" | "printenv" => {
            if prog == "printenv" && !args.is_empty() {
                let mut code = 0;
                for a in &args {
                    match c.env.get(a) {
                        Some(v) => {
                            let v = v.clone();
                            c.o(&format!("{v}\n"));
                        }
                        None => code = 1,
                    }
                }
                return Outcome::Exit(code);
            }
            if prog == "env" && !args.is_empty() {
                // env NAME=value cmd …
                let rest: Vec<String> = args
                    .iter()
                    .skip_while(|a| a.contains('=') || a.starts_with('-'))
                    .cloned()
                    .collect();
                if !rest.is_empty() {
                    return Outcome::Exec(rest);
                }
            }
            let s: String = c.env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
            c.o(&s);
            0
        }
        "date" => {
            c.o(&format!("{}\n", date(c.now, args.first().map(String::as_str))));
            0
        }
        "hostname" => {
            if args.iter().any(|a| a == "-i") {
                // The address /etc/hosts gives the hostname (the pod IP).
                let hosts =
                    c.fs.read(c.vols, "/etc/hosts")
                        .map(|d| String::from_utf8_lossy(&d).into_owned())
                        .unwrap_or_default();
                let ip = hosts
                    .lines()
                    .find(|l| l.split_whitespace().skip(1).any(|n| n == c.hostname))
                    .and_then(|l| l.split_whitespace().next())
                    .map(String::from);
                return match ip {
                    Some(ip) => {
                        c.o(&format!("{ip}\n"));
                        Outcome::Exit(0)
                    }
                    None => {
                        c.e(&format!("hostname: {}: Name or service not known", c.hostname));
                        Outcome::Exit(1)
                    }
                };
            }
            let h = c.hostname.to_string();
            c.o(&format!("{h}\n"));
            0
        }
        "uname" => {
            c.o(if args.iter().any(|a| a == "-a") {
                "Linux podlab 6.8.0 #1 SMP x86_64 GNU/Linux\n"
            } else {
                "Linux\n"
            });
            0
        }
        "nproc" => {
            c.o("2\n");
            0
        }
        "wc" => {
            let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
            let (d, code) = c.read_input(&files, "wc");
            let l = d.iter().filter(|b| **b == b'\n').count();
            let w = String::from_utf8_lossy(&d).split_whitespace().count();
            let flags: String = args
                .iter()
                .filter(|a| a.starts_with('-'))
                .map(|a| a.trim_start_matches('-'))
                .collect();
            let mut parts = Vec::new();
            if flags.is_empty() || flags.contains('l') {
                parts.push(l.to_string());
            }
            if flags.is_empty() || flags.contains('w') {
                parts.push(w.to_string());
            }
            if flags.is_empty() || flags.contains('c') {
                parts.push(d.len().to_string());
            }
            let mut s = if parts.len() == 1 {
                parts[0].clone()
            } else {
                parts.iter().map(|p| format!("{p:>7}")).collect::<Vec<_>>().join(" ")
            };
            if let Some(f) = files.first() {
                s.push(' ');
                s.push_str(f);
            }
            c.o(&format!("{s}\n"));
            code
        }
        "grep" => grep(c, &args),
        "egrep" => {
            let mut a = vec!["-E".to_string()];
            a.extend(args.iter().cloned());
            grep(c, &a)
        }
        "awk" => awk(c, &args),
        "head" | "tail" => {
            let follow = prog == "tail"
                && args.iter().any(|a| {
                    a == "-f"
                        || a == "-F"
                        || (a.starts_with('-') && a.contains('f') && !a.starts_with("--"))
                });
            let mut n: i64 = 10;
            let mut files = Vec::new();
            let mut i = 0;
            while i < args.len() {
                let a = &args[i];
                if a == "-n" {
                    n = args
                        .get(i + 1)
                        .and_then(|x| x.trim_start_matches('+').parse().ok())
                        .unwrap_or(10);
                    i += 1;
                } else if let Some(x) = a.strip_prefix("-n") {
                    n = x.parse().unwrap_or(10);
                } else if a.starts_with('-')
                    && a[1..].chars().all(|ch| ch.is_ascii_digit())
                    && a.len() > 1
                {
                    n = a[1..].parse().unwrap_or(10);
                } else if a.starts_with('-') && a.len() > 1 {
                    // -f, -F, -q …
                } else {
                    files.push(a.clone());
                }
                i += 1;
            }
            let (d, code) = c.read_input(&files, prog);
            let ls = lines(&d);
            let n = n.max(0) as usize;
            let sel: Vec<String> = if prog == "head" {
                ls.into_iter().take(n).collect()
            } else {
                ls[ls.len().saturating_sub(n)..].to_vec()
            };
            for l in sel {
                c.o(&format!("{l}\n"));
            }
            if follow {
                let Some(f) = files.first() else {
                    return Outcome::Sleep { ms: u64::MAX, code: 0 };
                };
                let abs = c.path(f);
                if abs == "/dev/null" {
                    // The keep-alive idiom `tail -f /dev/null`: nothing will ever come.
                    return Outcome::Sleep { ms: u64::MAX, code: 0 };
                }
                // -F keeps retrying a missing file; -f on a missing file has already failed.
                if code == 0 || args.iter().any(|a| a == "-F") {
                    return Outcome::Follow { path: abs, offset: d.len() };
                }
            }
            code
        }
        "sed" => sed(c, &args),
        "cut" => {
            let mut delim = '\t';
            let mut fields = String::new();
            let mut chars = String::new();
            let mut files = Vec::new();
            let mut i = 0;
            while i < args.len() {
                let a = &args[i];
                if let Some(d) = a.strip_prefix("-d") {
                    let d = if d.is_empty() {
                        i += 1;
                        args.get(i).cloned().unwrap_or_default()
                    } else {
                        d.to_string()
                    };
                    delim = d.chars().next().unwrap_or('\t');
                } else if let Some(f) = a.strip_prefix("-f") {
                    fields = if f.is_empty() {
                        i += 1;
                        args.get(i).cloned().unwrap_or_default()
                    } else {
                        f.to_string()
                    };
                } else if let Some(f) = a.strip_prefix("-c") {
                    chars = if f.is_empty() {
                        i += 1;
                        args.get(i).cloned().unwrap_or_default()
                    } else {
                        f.to_string()
                    };
                } else {
                    files.push(a.clone());
                }
                i += 1;
            }
            let (d, code) = c.read_input(&files, "cut");
            for l in lines(&d) {
                let out: String = if !fields.is_empty() {
                    if !l.contains(delim) {
                        l.clone()
                    } else {
                        let parts: Vec<&str> = l.split(delim).collect();
                        let idx = ranges(&fields, parts.len());
                        idx.iter()
                            .filter_map(|i| parts.get(*i))
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(&delim.to_string())
                    }
                } else {
                    let cs: Vec<char> = l.chars().collect();
                    ranges(&chars, cs.len()).iter().filter_map(|i| cs.get(*i)).collect()
                };
                c.o(&format!("{out}\n"));
            }
            code
        }
        "tr" => {
            let del = args.first().is_some_and(|a| a == "-d");
            let sets: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let a = sets.first().map(|s| expand_set(s)).unwrap_or_default();
            let b = sets.get(1).map(|s| expand_set(s)).unwrap_or_default();
            let input = String::from_utf8_lossy(&std::mem::take(&mut c.stdin)).into_owned();
            let mut out = String::new();
            for ch in input.chars() {
                match a.iter().position(|x| *x == ch) {
                    Some(_) if del => {}
                    Some(i) => out.push(*b.get(i).or(b.last()).unwrap_or(&ch)),
                    None => out.push(ch),
                }
            }
            c.o(&out);
            0
        }
        "seq" => {
            let n: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
            let (first, step, last) = match n.as_slice() {
                [l] => (1, 1, *l),
                [f, l] => (*f, 1, *l),
                [f, s, l] => (*f, *s, *l),
                _ => {
                    c.e("seq: invalid argument");
                    return Outcome::Exit(1);
                }
            };
            let mut i = first;
            let mut count = 0;
            while step != 0
                && ((step > 0 && i <= last) || (step < 0 && i >= last))
                && count < 100_000
            {
                c.o(&format!("{i}\n"));
                let Some(next) = i.checked_add(step) else { break };
                i = next;
                count += 1;
            }
            0
        }
        "basename" => {
            let a = args.first().cloned().unwrap_or_default();
            let mut b = a.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
            if let Some(suf) = args.get(1) {
                if b != *suf {
                    b = b.strip_suffix(suf.as_str()).unwrap_or(&b).to_string();
                }
            }
            c.o(&format!("{b}\n"));
            0
        }
        "dirname" => {
            let a = args.first().cloned().unwrap_or_default();
            let t = a.trim_end_matches('/');
            let d = match t.rfind('/') {
                Some(0) => "/".to_string(),
                Some(i) => t[..i].to_string(),
                None => ".".to_string(),
            };
            c.o(&format!("{d}\n"));
            0
        }
        "pwd" => {
            let d = c.cwd.clone();
            c.o(&format!("{d}\n"));
            0
        }
        "yes" => {
            let mut l = if args.is_empty() { "y".to_string() } else { args.join(" ") };
            l.push('\n');
            return Outcome::Yes(l.into_bytes());
        }
        "sort" => {
            let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
            let (d, code) = c.read_input(&files, "sort");
            let mut ls = lines(&d);
            if args.iter().any(|a| a.starts_with('-') && a.contains('n')) {
                ls.sort_by_key(|l| l.trim().parse::<i64>().unwrap_or(0));
            } else {
                ls.sort();
            }
            if args.iter().any(|a| a.starts_with('-') && a.contains('r')) {
                ls.reverse();
            }
            if args.iter().any(|a| a.starts_with('-') && a.contains('u')) {
                ls.dedup();
            }
            for l in ls {
                c.o(&format!("{l}\n"));
            }
            code
        }
        "uniq" => {
            let (d, code) = c.read_input(&[], "uniq");
            let mut ls = lines(&d);
            ls.dedup();
            for l in ls {
                c.o(&format!("{l}\n"));
            }
            code
        }
        "tee" => {
            let append = args.iter().any(|a| a == "-a");
            let d = std::mem::take(&mut c.stdin);
            let mut code = 0;
            for f in args.iter().filter(|a| !a.starts_with('-')) {
                if let Err(e) = c.write_file(f, &d, append) {
                    c.e(&format!("tee: {f}: {}", e.text()));
                    code = 1;
                }
            }
            c.out.extend(d);
            code
        }
        "expr" => {
            let r = expr(&args);
            match r {
                Some(v) => {
                    c.o(&format!("{v}\n"));
                    i32::from(v == "0" || v.is_empty())
                }
                None => {
                    c.e("expr: syntax error");
                    2
                }
            }
        }
        "base64" => {
            let (d, code) = c.read_input(
                &args.iter().filter(|a| !a.starts_with('-')).cloned().collect::<Vec<_>>(),
                "base64",
            );
            if args.iter().any(|a| a == "-d") {
                match b64_decode(&String::from_utf8_lossy(&d)) {
                    Some(v) => c.out.extend(v),
                    None => {
                        c.e("base64: invalid input");
                        return Outcome::Exit(1);
                    }
                }
            } else {
                let s = b64_encode(&d);
                c.o(&format!("{s}\n"));
            }
            code
        }
        "md5sum" | "sha256sum" => {
            let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
            let (d, code) = c.read_input(&files, prog);
            let h = crate::engine::runtime::images::digest(&String::from_utf8_lossy(&d));
            let h = if prog == "md5sum" { h[..32].to_string() } else { h };
            let name = files.first().cloned().unwrap_or_else(|| "-".into());
            c.o(&format!("{h}  {name}\n"));
            code
        }
        "ps" => {
            c.o("PID   USER     TIME  COMMAND\n    1 root      0:00 ");
            c.o(&format!("{}\n", argv.join(" ")));
            0
        }
        "find" => {
            let root =
                args.first().filter(|a| !a.starts_with('-')).cloned().unwrap_or_else(|| ".".into());
            let name_pat =
                args.iter().position(|a| a == "-name").and_then(|i| args.get(i + 1)).cloned();
            let abs = c.path(&root);
            if c.fs.stat(c.vols, &abs).is_none() {
                c.e(&format!("find: {root}: No such file or directory"));
                return Outcome::Exit(1);
            }
            let mut stack = vec![(abs.clone(), root.clone())];
            let mut n = 0;
            while let Some((p, shown)) = stack.pop() {
                n += 1;
                if n > 10_000 {
                    break;
                }
                let base = p.rsplit('/').next().unwrap_or("");
                if name_pat.as_ref().is_none_or(|pat| super::pattern::matches(pat, base)) {
                    c.o(&format!("{shown}\n"));
                }
                if let Ok(list) = c.fs.list(c.vols, &p) {
                    for (name, _) in list.into_iter().rev() {
                        stack.push((
                            normalize(&p, &name),
                            format!("{}/{name}", shown.trim_end_matches('/')),
                        ));
                    }
                }
            }
            0
        }
        "stat" | "du" | "df" => {
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                let abs = c.path(a);
                if c.fs.stat(c.vols, &abs).is_none() {
                    c.e(&format!("{prog}: can't stat '{a}': No such file or directory"));
                    return Outcome::Exit(1);
                }
                let size = c.fs.read(c.vols, &abs).map(|d| d.len()).unwrap_or(4096);
                c.o(&format!("  File: {a}\n  Size: {size}\n"));
            }
            0
        }
        "getent" => {
            let host = args.get(1).cloned().unwrap_or_default();
            c.net_calls += 1;
            match resolve(c, &host) {
                Some(ip) => {
                    c.o(&format!("{ip:<15} {host}\n"));
                    0
                }
                None => 2,
            }
        }
        "nslookup" => return nslookup(c, &args),
        "ping" => return ping(c, &args),
        "nc" => return nc(c, &args),
        "wget" => return wget(c, &args),
        "curl" => return curl(c, &args),
        "timeout" => {
            // timeout N cmd…: podlab runs cmd; a cmd that outlives N is not interrupted
            // (simplification), except sleep, whose duration is capped.
            if args.len() >= 2 {
                let lim = parse_duration(&args[0]).unwrap_or(0);
                if args[1] == "sleep" {
                    let d = args.get(2).and_then(|a| parse_duration(a)).unwrap_or(0);
                    return if d > lim {
                        Outcome::Sleep { ms: lim, code: 124 }
                    } else {
                        Outcome::Sleep { ms: d, code: 0 }
                    };
                }
                return Outcome::Exec(args[1..].to_vec());
            }
            1
        }
        "xargs" => {
            let d = std::mem::take(&mut c.stdin);
            let mut av: Vec<String> =
                if args.is_empty() { vec!["echo".into()] } else { args.clone() };
            av.extend(String::from_utf8_lossy(&d).split_whitespace().map(String::from));
            return Outcome::Exec(av);
        }
        "kubectl" => kubectl(c, &args),
        "docker-entrypoint.sh" | "entrypoint.sh" => return entrypoint(c, argv),
        "nginx" => {
            if args.iter().any(|a| a == "-v" || a == "-V") {
                let v = c.image.version.clone();
                c.e(&format!("nginx version: {v}"));
                return Outcome::Exit(0);
            }
            if args.iter().any(|a| a == "-t") {
                c.e("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful");
                return Outcome::Exit(0);
            }
            let t = super::exec::wall(c.now);
            let v = c.image.version.clone();
            c.e(&format!("{t} [notice] 1#1: using the \"epoll\" event method\n{t} [notice] 1#1: {v}\n{t} [notice] 1#1: OS: Linux 6.8.0\n{t} [notice] 1#1: start worker processes"));
            return Outcome::Daemon { kind: DaemonKind::Nginx, startup_ms: 50 };
        }
        "postgres" => return postgres(c),
        "redis-server" => {
            c.e("1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n1:M * Server initialized");
            return Outcome::Daemon { kind: DaemonKind::Redis, startup_ms: 100 };
        }
        "mysqld" => return mysqld(c),
        "pg_isready" => {
            c.net_calls += 1;
            let host = args
                .iter()
                .position(|a| a == "-h")
                .and_then(|i| args.get(i + 1))
                .cloned()
                .unwrap_or_else(|| "localhost".into());
            let ok = resolve(c, &host).is_some_and(|ip| connect(c, &ip, 5432) == Connect::Open);
            if ok {
                c.o(&format!("{host}:5432 - accepting connections\n"));
                0
            } else {
                c.o(&format!("{host}:5432 - no response\n"));
                2
            }
        }
        "redis-cli" | "mysqladmin" | "psql" | "mysql" => {
            let host = args
                .iter()
                .position(|a| a == "-h")
                .and_then(|i| args.get(i + 1))
                .cloned()
                .unwrap_or_else(|| "localhost".into());
            let port = match prog {
                "redis-cli" => 6379,
                "psql" => 5432,
                _ => 3306,
            };
            c.net_calls += 1;
            let ok = resolve(c, &host).is_some_and(|ip| connect(c, &ip, port) == Connect::Open);
            match (prog, ok) {
                ("redis-cli", true) => c.o("PONG\n"),
                ("mysqladmin", true) => c.o("mysqld is alive\n"),
                (_, true) => {}
                ("redis-cli", false) => c.e(&format!("Could not connect to Redis at {host}:6379: Connection refused")),
                _ => c.e(&format!("{prog}: error: could not connect to server at \"{host}\", port {port}: Connection refused")),
            }
            i32::from(!ok)
        }
        "python" | "python3" => return python(c, &args),
        "pip" => {
            c.e("podlab: pip cannot reach a package index from this simulated node");
            1
        }
        "httpd" => {
            let port = args
                .iter()
                .position(|a| a == "-p")
                .and_then(|i| args.get(i + 1))
                .and_then(|p| p.rsplit(':').next()?.parse().ok())
                .unwrap_or(80);
            let dir = args
                .iter()
                .position(|a| a == "-h")
                .and_then(|i| args.get(i + 1))
                .map(|d| c.path(d))
                .unwrap_or_else(|| "/var/www".into());
            if !args.iter().any(|a| a.contains('f')) {
                // Without -f busybox httpd daemonises and the foreground process exits.
                return Outcome::Exit(0);
            }
            return Outcome::Daemon { kind: DaemonKind::Http { port, dir }, startup_ms: 10 };
        }
        "kill" => 0,
        other => {
            c.e(&format!("podlab: the program {other:?} exists in this image but podlab does not simulate it"));
            126
        }
    };
    Outcome::Exit(code)
}

fn unescape(s: &str) -> String {
    let mut o = String::new();
    let mut it = s.chars().peekable();
    while let Some(ch) = it.next() {
        if ch != '\\' {
            o.push(ch);
            continue;
        }
        match it.next() {
            Some('n') => o.push('\n'),
            Some('t') => o.push('\t'),
            Some('\\') => o.push('\\'),
            Some('r') => o.push('\r'),
            Some('0') => {}
            Some('c') => break,
            Some(x) => {
                o.push('\\');
                o.push(x);
            }
            None => o.push('\\'),
        }
    }
    o
}

fn printf(fmt: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut ai = 0;
    let f: Vec<char> = fmt.chars().collect();
    // The format is reused while arguments remain (as printf(1) does); bounded by the args.
    loop {
        let mut i = 0;
        let start_ai = ai;
        while i < f.len() {
            let ch = f[i];
            if ch == '\\' && i + 1 < f.len() {
                out.push_str(&unescape(&format!("\\{}", f[i + 1])));
                i += 2;
                continue;
            }
            if ch != '%' {
                out.push(ch);
                i += 1;
                continue;
            }
            i += 1;
            let mut spec = String::new();
            while i < f.len() && "-+ 0#.0123456789".contains(f[i]) {
                spec.push(f[i]);
                i += 1;
            }
            let Some(&conv) = f.get(i) else { break };
            i += 1;
            let arg = args.get(ai).cloned().unwrap_or_default();
            // Widths are clamped: `printf '%999999999s'` must not allocate a gigabyte.
            let width: usize = spec
                .trim_start_matches(['-', '0'])
                .split('.')
                .next()
                .and_then(|w| w.parse::<usize>().ok())
                .unwrap_or(0)
                .min(65_536);
            let left = spec.starts_with('-');
            let val = match conv {
                '%' => {
                    out.push('%');
                    continue;
                }
                's' => {
                    ai += 1;
                    arg
                }
                'd' | 'i' => {
                    ai += 1;
                    let n = arg.trim().parse::<i64>().unwrap_or(0);
                    if spec.starts_with('0') {
                        format!("{n:0width$}")
                    } else {
                        n.to_string()
                    }
                }
                'c' => {
                    ai += 1;
                    arg.chars().next().map(String::from).unwrap_or_default()
                }
                'b' => {
                    ai += 1;
                    unescape(&arg)
                }
                'x' => {
                    ai += 1;
                    format!("{:x}", arg.trim().parse::<i64>().unwrap_or(0))
                }
                _ => String::new(),
            };
            if val.len() < width {
                let pad = " ".repeat(width - val.len());
                out.push_str(&if left { format!("{val}{pad}") } else { format!("{pad}{val}") });
            } else {
                out.push_str(&val);
            }
        }
        if ai >= args.len() || ai == start_ai {
            break;
        }
    }
    out
}

fn test(c: &mut Ctx<'_>, a: &[String]) -> Result<bool, String> {
    // Handles !, -a, -o and the unary/binary primaries (no parentheses).
    if let Some(i) = a.iter().position(|x| x == "-o") {
        return Ok(test(c, &a[..i])? || test(c, &a[i + 1..])?);
    }
    if let Some(i) = a.iter().position(|x| x == "-a") {
        return Ok(test(c, &a[..i])? && test(c, &a[i + 1..])?);
    }
    let num = |s: &str| s.trim().parse::<i64>().map_err(|_| format!("invalid number '{s}'"));
    match a {
        [] => Ok(false),
        [x] => Ok(!x.is_empty()),
        [n, rest @ ..] if n == "!" => Ok(!test(c, rest)?),
        [op, x] => {
            let p = c.path(x);
            let k = c.fs.stat(c.vols, &p);
            Ok(match op.as_str() {
                "-n" => !x.is_empty(),
                "-z" => x.is_empty(),
                "-e" | "-r" | "-w" | "-x" => k.is_some() && !(op == "-w" && c.fs.read_only(&p)),
                "-f" => k == Some(Kind::File),
                "-d" => k == Some(Kind::Dir),
                "-s" => c.fs.read(c.vols, &p).is_ok_and(|d| !d.is_empty()),
                "-L" | "-h" | "-p" | "-S" | "-b" | "-c" => false,
                _ => return Err(format!("{op}: unknown operand")),
            })
        }
        [l, op, r] => Ok(match op.as_str() {
            "=" | "==" => l == r,
            "!=" => l != r,
            "-eq" => num(l)? == num(r)?,
            "-ne" => num(l)? != num(r)?,
            "-lt" => num(l)? < num(r)?,
            "-le" => num(l)? <= num(r)?,
            "-gt" => num(l)? > num(r)?,
            "-ge" => num(l)? >= num(r)?,
            "<" => l < r,
            ">" => l > r,
            _ => return Err(format!("{op}: unknown operand")),
        }),
        _ => Err("syntax error".into()),
    }
}

fn mkdir_p(c: &mut Ctx<'_>, abs: &str) -> Result<(), FsError> {
    let mut cur = String::new();
    for part in abs.split('/').filter(|x| !x.is_empty()) {
        cur.push('/');
        cur.push_str(part);
        match c.fs.stat(c.vols, &cur) {
            Some(Kind::Dir) => {}
            Some(Kind::File) => return Err(FsError::NotDir),
            None => {
                c.fs.mkdir(c.vols, &cur)?;
                c.effects += 1;
            }
        }
    }
    Ok(())
}

fn ls(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let all = args.iter().any(|a| a.starts_with('-') && (a.contains('a') || a.contains('A')));
    let mut targets: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    if targets.is_empty() {
        targets.push(".".into());
    }
    let multi = targets.len() > 1;
    let mut code = 0;
    for (i, t) in targets.iter().enumerate() {
        let abs = c.path(t);
        match c.fs.stat(c.vols, &abs) {
            None => {
                let m = if c.gnu() {
                    format!("ls: cannot access '{t}': No such file or directory")
                } else {
                    format!("ls: {t}: No such file or directory")
                };
                c.e(&m);
                code = if c.gnu() { 2 } else { 1 };
            }
            Some(Kind::File) => {
                let size = c.fs.read(c.vols, &abs).map(|d| d.len()).unwrap_or(0);
                c.o(&if long {
                    format!("-rw-r--r--    1 root     root     {size:>8} Jan  1 00:00 {t}\n")
                } else {
                    format!("{t}\n")
                });
            }
            Some(Kind::Dir) => {
                if multi {
                    c.o(&format!("{}{t}:\n", if i > 0 { "\n" } else { "" }));
                }
                let list = c.fs.list(c.vols, &abs).unwrap_or_default();
                for (name, kind) in list {
                    if name.starts_with('.') && !all {
                        continue;
                    }
                    if long {
                        let p = normalize(&abs, &name);
                        let size = if kind == Kind::Dir {
                            4096
                        } else {
                            c.fs.read(c.vols, &p).map(|d| d.len()).unwrap_or(0)
                        };
                        let perm = if kind == Kind::Dir { "drwxr-xr-x" } else { "-rw-r--r--" };
                        c.o(&format!(
                            "{perm}    1 root     root     {size:>8} Jan  1 00:00 {name}\n"
                        ));
                    } else {
                        c.o(&format!("{name}\n"));
                    }
                }
            }
        }
    }
    code
}

fn grep(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let mut flags = String::new();
    let mut ops = Vec::new();
    let mut pat: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-e" {
            pat = args.get(i + 1).cloned();
            i += 1;
        } else if a.starts_with('-') && a.len() > 1 {
            flags.push_str(&a[1..]);
        } else {
            ops.push(a.clone());
        }
        i += 1;
    }
    let pat = match pat {
        Some(p) => p,
        None if !ops.is_empty() => ops.remove(0),
        None => {
            c.e("Usage: grep [-HhnlLoqvsrRiwFE] PATTERN [FILE]...");
            return 2;
        }
    };
    let (d, code) = c.read_input(&ops, "grep");
    let ci = flags.contains('i');
    let fixed = flags.contains('F');
    let mut found = false;
    let mut count = 0;
    // -E (or egrep) alternation `a|b`, and basic `a\|b`.
    let extended = flags.contains('E');
    let alts: Vec<String> = if fixed {
        vec![pat.clone()]
    } else if extended {
        pat.split('|').map(String::from).collect()
    } else {
        pat.split("\\|").map(String::from).collect()
    };
    for l in lines(&d) {
        let hit = alts.iter().any(|a| simple_regex(a, &l, ci, fixed)) != flags.contains('v');
        if hit {
            found = true;
            count += 1;
            if !flags.contains('q') && !flags.contains('c') {
                c.o(&format!("{l}\n"));
            }
        }
    }
    if flags.contains('c') {
        c.o(&format!("{count}\n"));
    }
    if code != 0 && !found {
        return 2;
    }
    i32::from(!found)
}

/// A small regular-expression matcher: literal text with `^`, `$`, `.`, `.*` and `[…]`.
/// Enough for the patterns init containers use (`grep -q ready`, `^nameserver`).
fn simple_regex(pat: &str, line: &str, ci: bool, fixed: bool) -> bool {
    let (p, l) = if ci {
        (pat.to_lowercase(), line.to_lowercase())
    } else {
        (pat.to_string(), line.to_string())
    };
    if fixed || !p.contains(['^', '$', '.', '*', '[', '\\']) {
        return l.contains(&p);
    }
    let anchored_start = p.starts_with('^');
    let anchored_end = p.ends_with('$') && !p.ends_with("\\$");
    let mut glob = String::new();
    let body = p.trim_start_matches('^');
    let body = if anchored_end { &body[..body.len() - 1] } else { body };
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'*') => {
                glob.push('*');
                i += 2;
                continue;
            }
            '.' => glob.push('?'),
            '\\' if i + 1 < chars.len() => {
                glob.push('\\');
                glob.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '*' | '?' => {
                glob.push('\\');
                glob.push(chars[i]);
            }
            ch => glob.push(ch),
        }
        i += 1;
    }
    let g = format!(
        "{}{glob}{}",
        if anchored_start { "" } else { "*" },
        if anchored_end { "" } else { "*" }
    );
    super::pattern::matches(&g, &l)
}

/// A small awk: `[-F sep] '[/re/ | NR==n | $i=="s"] { print item, … }'` and `'{ print }'` —
/// the one-liners init containers use to pick fields. Anything else is refused honestly.
fn awk(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let mut sep: Option<String> = None;
    let mut prog: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-F" {
            sep = args.get(i + 1).cloned();
            i += 1;
        } else if let Some(f) = a.strip_prefix("-F") {
            sep = Some(f.to_string());
        } else if prog.is_none() {
            prog = Some(a.clone());
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let Some(prog) = prog else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...");
        return 1;
    };
    let p = prog.trim();
    let (pattern, action) = match p.find('{') {
        Some(i) if p.ends_with('}') => (p[..i].trim(), p[i + 1..p.len() - 1].trim()),
        _ => (p, "print"),
    };
    let items: Vec<String> = match action.strip_prefix("print") {
        Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
            rest.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
        }
        _ => {
            c.e(&format!(
                "podlab: this awk program is not simulated (only print of fields): {prog}"
            ));
            return 2;
        }
    };
    let (d, code) = c.read_input(&files, "awk");
    for (nr, line) in lines(&d).iter().enumerate() {
        let fields: Vec<&str> = match &sep {
            Some(s) if !s.is_empty() && s != " " => line.split(s.as_str()).collect(),
            _ => line.split_whitespace().collect(),
        };
        let field = |spec: &str| -> String {
            let idx = match spec.trim_start_matches('$') {
                "NF" if spec.starts_with('$') => fields.len(),
                n => n.parse::<usize>().unwrap_or(0),
            };
            if idx == 0 {
                line.clone()
            } else {
                fields.get(idx - 1).map(|x| x.to_string()).unwrap_or_default()
            }
        };
        let selected = if pattern.is_empty() {
            true
        } else if let Some(re) = pattern.strip_prefix('/').and_then(|x| x.strip_suffix('/')) {
            simple_regex(re, line, false, false)
        } else if let Some(n) = pattern.strip_prefix("NR==") {
            n.trim().parse::<usize>().ok() == Some(nr + 1)
        } else if let Some((l, r)) = pattern.split_once("==") {
            field(l.trim()) == r.trim().trim_matches('"')
        } else {
            c.e(&format!("podlab: this awk pattern is not simulated: {pattern}"));
            return 2;
        };
        if !selected {
            continue;
        }
        let out: Vec<String> = if items.is_empty() {
            vec![line.clone()]
        } else {
            items
                .iter()
                .map(|it| {
                    if let Some(lit) = it.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                        lit.to_string()
                    } else if it == "NF" {
                        fields.len().to_string()
                    } else if it == "NR" {
                        (nr + 1).to_string()
                    } else {
                        field(it)
                    }
                })
                .collect()
        };
        c.o(&format!("{}\n", out.join(" ")));
    }
    code
}

fn sed(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let mut in_place = false;
    let mut script: Option<String> = None;
    let mut files = Vec::new();
    let mut quiet = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-i" {
            in_place = true;
        } else if a == "-n" {
            quiet = true;
        } else if a == "-e" {
            script = args.get(i + 1).cloned();
            i += 1;
        } else if script.is_none() && !a.starts_with('-') {
            script = Some(a.clone());
        } else if !a.starts_with('-') {
            files.push(a.clone());
        }
        i += 1;
    }
    let Some(script) = script else {
        c.e("sed: no script specified");
        return 1;
    };
    // Only s/re/rep/[g] (any delimiter) and `p`/`d` with no address are supported.
    let ch: Vec<char> = script.chars().collect();
    let sub = if ch.first() == Some(&'s') && ch.len() > 1 {
        let d = ch[1];
        let parts: Vec<String> = script[1 + d.len_utf8()..].split(d).map(String::from).collect();
        if parts.len() < 3 {
            c.e(&format!("sed: unmatched '{d}'"));
            return 1;
        }
        Some((parts[0].clone(), parts[1].clone(), parts[2].contains('g')))
    } else {
        None
    };
    let run = |data: &[u8]| -> String {
        let mut out = String::new();
        for l in lines(data) {
            let nl = match &sub {
                Some((re, rep, g)) => {
                    let re_lit = re.trim_start_matches('^').trim_end_matches('$');
                    if re.starts_with('^') {
                        match l.strip_prefix(re_lit) {
                            Some(rest) => format!("{rep}{rest}"),
                            None => l.clone(),
                        }
                    } else if re.ends_with('$') && !re_lit.is_empty() {
                        match l.strip_suffix(re_lit) {
                            Some(rest) => format!("{rest}{rep}"),
                            None => l.clone(),
                        }
                    } else if re_lit.is_empty() {
                        l.clone()
                    } else if *g {
                        l.replace(re_lit, rep)
                    } else {
                        l.replacen(re_lit, rep, 1)
                    }
                }
                None if script == "d" => continue,
                None => l.clone(),
            };
            if !quiet {
                out.push_str(&nl);
                out.push('\n');
            }
        }
        out
    };
    if in_place {
        let mut code = 0;
        for f in &files {
            match c.fs.read(c.vols, &c.path(f)) {
                Ok(d) => {
                    let o = run(&d);
                    if let Err(e) = c.write_file(f, o.as_bytes(), false) {
                        c.e(&format!("sed: {f}: {}", e.text()));
                        code = 4;
                    }
                }
                Err(e) => {
                    c.e(&format!("sed: {f}: {}", e.text()));
                    code = 1;
                }
            }
        }
        return code;
    }
    let (d, code) = c.read_input(&files, "sed");
    let o = run(&d);
    c.o(&o);
    code
}

fn ranges(spec: &str, n: usize) -> Vec<usize> {
    let mut v = Vec::new();
    for part in spec.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => {
                (a.parse().unwrap_or(1), if b.is_empty() { n } else { b.parse().unwrap_or(n) })
            }
            None => {
                let x = part.parse().unwrap_or(0);
                (x, x)
            }
        };
        for i in a.max(1)..=b.min(n) {
            v.push(i - 1);
        }
    }
    v
}

fn expand_set(s: &str) -> Vec<char> {
    match s {
        "[:upper:]" | "A-Z" => ('A'..='Z').collect(),
        "[:lower:]" | "a-z" => ('a'..='z').collect(),
        "[:digit:]" | "0-9" => ('0'..='9').collect(),
        _ => unescape(s).chars().collect(),
    }
}

fn expr(a: &[String]) -> Option<String> {
    match a {
        [x] => Some(x.clone()),
        [l, op, r] => {
            let (x, y) = (l.parse::<i64>(), r.parse::<i64>());
            Some(match (op.as_str(), x, y) {
                ("+", Ok(x), Ok(y)) => x.wrapping_add(y).to_string(),
                ("-", Ok(x), Ok(y)) => x.wrapping_sub(y).to_string(),
                ("*", Ok(x), Ok(y)) => x.wrapping_mul(y).to_string(),
                ("/", Ok(x), Ok(y)) => x.checked_div(y)?.to_string(),
                ("%", Ok(x), Ok(y)) => x.checked_rem(y)?.to_string(),
                ("=", _, _) => i32::from(l == r).to_string(),
                ("!=", _, _) => i32::from(l != r).to_string(),
                ("<", Ok(x), Ok(y)) => i32::from(x < y).to_string(),
                (">", Ok(x), Ok(y)) => i32::from(x > y).to_string(),
                _ => return None,
            })
        }
        _ => None,
    }
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_encode(d: &[u8]) -> String {
    let mut o = String::new();
    for ch in d.chunks(3) {
        let b = [ch[0], *ch.get(1).unwrap_or(&0), *ch.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= ch.len() {
                o.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                o.push('=');
            }
        }
    }
    o
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for ch in s.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=') {
        let v = B64.iter().position(|x| *x == ch)? as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    Some(out)
}

/// `date` output for a virtual instant (t = 0 is 2026-01-01T00:00:00Z, a Thursday).
pub fn date(t: Millis, fmt: Option<&str>) -> String {
    let r = crate::engine::time::rfc3339(t);
    let (y, mo, d) = (&r[0..4], &r[5..7], &r[8..10]);
    let (hh, mm, ss) = (&r[11..13], &r[14..16], &r[17..19]);
    let days = t.0 / 86_400_000;
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        [mo.parse::<usize>().unwrap_or(1).saturating_sub(1).min(11)];
    match fmt.and_then(|f| f.strip_prefix('+')) {
        None => format!("{wd} {mon} {:>2} {hh}:{mm}:{ss} UTC {y}", d.trim_start_matches('0')),
        Some(f) => {
            let mut o = String::new();
            let mut it = f.chars();
            while let Some(ch) = it.next() {
                if ch != '%' {
                    o.push(ch);
                    continue;
                }
                match it.next() {
                    Some('T') => o.push_str(&format!("{hh}:{mm}:{ss}")),
                    Some('H') => o.push_str(hh),
                    Some('M') => o.push_str(mm),
                    Some('S') => o.push_str(ss),
                    Some('Y') => o.push_str(y),
                    Some('m') => o.push_str(mo),
                    Some('d') => o.push_str(d),
                    Some('F') => o.push_str(&r[..10]),
                    Some('s') => o.push_str(&(1_767_225_600 + t.0 / 1000).to_string()),
                    Some('Z') => o.push_str("UTC"),
                    Some('%') => o.push('%'),
                    Some(x) => {
                        o.push('%');
                        o.push(x);
                    }
                    None => o.push('%'),
                }
            }
            o
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Network
// ---------------------------------------------------------------------------------------------

/// Hosts on the simulated internet (the official init-container example fetches
/// `http://info.cern.ch`).
const INTERNET: &[(&str, &str, &str)] = &[
    ("info.cern.ch", "188.184.67.127", "<html><head></head><body><header>\n<title>http://info.cern.ch</title>\n</header>\n\n<h1>http://info.cern.ch - home of the first website</h1>\n</body></html>\n"),
    ("example.com", "93.184.215.14", "<!doctype html>\n<html>\n<head>\n    <title>Example Domain</title>\n</head>\n<body>\n<h1>Example Domain</h1>\n</body>\n</html>\n"),
    ("www.google.com", "142.250.74.36", "<!doctype html><html><head><title>Google</title></head><body></body></html>\n"),
];

fn internet(host_or_ip: &str) -> Option<(&'static str, &'static str, &'static str)> {
    INTERNET.iter().copied().find(|(h, ip, _)| *h == host_or_ip || *ip == host_or_ip)
}

fn is_ip(s: &str) -> bool {
    let p: Vec<&str> = s.split('.').collect();
    p.len() == 4 && p.iter().all(|x| x.parse::<u8>().is_ok())
}

/// Resolves a host name from inside the container.
pub fn resolve(c: &mut Ctx<'_>, host: &str) -> Option<String> {
    c.net_calls += 1;
    if is_ip(host) {
        return Some(host.to_string());
    }
    if host == "localhost" || host == c.hostname {
        return Some("127.0.0.1".into());
    }
    if let Some(ip) = c.net.resolve(c.pod, host) {
        return Some(ip);
    }
    internet(host.trim_end_matches('.')).map(|(_, ip, _)| ip.to_string())
}

fn connect(c: &mut Ctx<'_>, ip: &str, port: u16) -> Connect {
    c.net_calls += 1;
    if ip == "127.0.0.1" && c.own_servers.iter().any(|k| k.port() == port) {
        return Connect::Open;
    }
    if internet(ip).is_some() {
        return if port == 80 || port == 443 { Connect::Open } else { Connect::Timeout };
    }
    c.net.connect(c.pod, ip, port)
}

/// A raw DNS query for an exact name, as busybox ≥ 1.29's own resolver sends it to CoreDNS:
/// names in `cluster.local` are answered only in their full `svc.ns.svc.cluster.local` form
/// (authoritatively); other names go upstream (the simulated internet).
fn dns_query(c: &mut Ctx<'_>, fqdn: &str) -> Option<(String, bool)> {
    c.net_calls += 1;
    let name = fqdn.trim_end_matches('.');
    if let Some(rest) = name.strip_suffix(".svc.cluster.local") {
        if rest.split('.').count() == 2 {
            return c.net.resolve(c.pod, name).map(|ip| (ip, true));
        }
        return None;
    }
    if name.ends_with("cluster.local") {
        return None;
    }
    internet(name).map(|(_, ip, _)| (ip.to_string(), false))
}

fn nslookup(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')).cloned() else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]");
        return Outcome::Exit(1);
    };
    let ns = "10.96.0.10";
    if c.image.old_nslookup {
        // busybox ≤ 1.28 resolves through the C library, which applies resolv.conf's search
        // list (ndots:5): the same view as every other program.
        c.o(&format!(
            "Server:    {ns}\nAddress 1: {ns} kube-dns.kube-system.svc.cluster.local\n\n"
        ));
        let ip = resolve(c, &name);
        return match ip {
            Some(ip) => {
                let ptr =
                    if ip == "127.0.0.1" { "localhost".to_string() } else { ptr_name(c, &name) };
                c.o(&format!("Name:      {name}\nAddress 1: {ip} {ptr}\n"));
                Outcome::Exit(0)
            }
            None => {
                c.e(&format!("nslookup: can't resolve '{name}'"));
                // A round trip to CoreDNS per search domain.
                Outcome::Sleep { ms: 10, code: 1 }
            }
        };
    }
    // busybox ≥ 1.29 sends its own A and AAAA queries. It applies the search list only to
    // names without a dot, and fails (exit 1) if *any* query gets NXDOMAIN — so in a pod
    // `nslookup mydb` exits 1 even when the Service exists (mydb.svc.cluster.local and
    // mydb.cluster.local do not), the reason the Kubernetes docs pin busybox:1.28.
    let names: Vec<String> = if name.contains('.') || is_ip(&name) {
        vec![name.clone()]
    } else {
        let search =
            c.fs.read(c.vols, "/etc/resolv.conf")
                .map(|d| String::from_utf8_lossy(&d).into_owned())
                .unwrap_or_default();
        let domains: Vec<String> = search
            .lines()
            .find_map(|l| l.strip_prefix("search "))
            .map(|d| d.split_whitespace().map(String::from).collect())
            .unwrap_or_default();
        if domains.is_empty() {
            vec![name.clone()]
        } else {
            domains.iter().map(|d| format!("{name}.{d}")).collect()
        }
    };
    c.o(&format!("Server:\t\t{ns}\nAddress:\t{ns}:53\n\n"));
    let mut failed = false;
    let answers: Vec<Option<(String, bool)>> = names.iter().map(|n| dns_query(c, n)).collect();
    for (n, a) in names.iter().zip(&answers) {
        match a {
            Some((ip, authoritative)) => {
                if !authoritative {
                    c.o("Non-authoritative answer:\n");
                }
                c.o(&format!("Name:\t{n}\nAddress: {ip}\n\n"));
            }
            None => {
                c.o(&format!("** server can't find {n}: NXDOMAIN\n\n"));
                failed = true;
            }
        }
    }
    // AAAA: Services have no IPv6 address (NODATA prints an empty answer), missing names NXDOMAIN.
    for (n, a) in names.iter().zip(&answers) {
        match a {
            Some((_, authoritative)) => {
                c.o(if *authoritative { "\n" } else { "Non-authoritative answer:\n\n" })
            }
            None => c.o(&format!("** server can't find {n}: NXDOMAIN\n\n")),
        }
    }
    Outcome::Sleep { ms: 10, code: i32::from(failed) }
}

/// The PTR name CoreDNS gives a Service IP (`svc.ns.svc.cluster.local`).
fn ptr_name(c: &mut Ctx<'_>, typed: &str) -> String {
    let ns =
        c.fs.read(c.vols, "/var/run/secrets/kubernetes.io/serviceaccount/namespace")
            .map(|d| String::from_utf8_lossy(&d).trim().to_string())
            .unwrap_or_else(|_| "default".into());
    if internet(typed).is_some() || typed.ends_with(".cluster.local") {
        return typed.to_string();
    }
    let parts: Vec<&str> = typed.split('.').collect();
    match parts.as_slice() {
        [svc] => format!("{svc}.{ns}.svc.cluster.local"),
        [svc, n] => format!("{svc}.{n}.svc.cluster.local"),
        [svc, n, "svc"] => format!("{svc}.{n}.svc.cluster.local"),
        _ => typed.to_string(),
    }
}

/// busybox `ping`: a Service's ClusterIP is virtual (kube-proxy forwards only TCP/UDP ports), so
/// it never answers ICMP — the classic "ping my Service fails" surprise. Pod IPs, localhost
/// and internet hosts answer.
fn ping(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut count: u64 = u64::MAX;
    let mut deadline: Option<u64> = None;
    let mut host = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-c" => {
                count = args.get(i + 1).and_then(|x| x.parse().ok()).unwrap_or(1);
                i += 1;
            }
            "-w" | "-W" => {
                deadline = args.get(i + 1).and_then(|x| x.parse().ok());
                i += 1;
            }
            a if a.starts_with("-c") => count = a[2..].parse().unwrap_or(1),
            a if a.starts_with('-') => {}
            a => host = Some(a.to_string()),
        }
        i += 1;
    }
    let Some(host) = host else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST");
        return Outcome::Exit(1);
    };
    let Some(ip) = resolve(c, &host) else {
        c.e(&format!("ping: bad address '{host}'"));
        return Outcome::Exit(1);
    };
    let via_service =
        !is_ip(&host) && host != "localhost" && internet(&host).is_none() && host != c.hostname;
    // At most 10 packets are simulated (and at least one, `-c 0` included).
    let n = count.clamp(1, 10);
    c.o(&format!("PING {host} ({ip}): 56 data bytes\n"));
    if via_service {
        // No replies: waits 1 s per packet, then 10 s for a last reply (busybox -W default).
        let wait = deadline.map(|d| d * 1000).unwrap_or(if count == u64::MAX {
            u64::MAX
        } else {
            (n - 1) * 1000 + 10_000
        });
        c.o(&format!("\n--- {host} ping statistics ---\n{n} packets transmitted, 0 packets received, 100% packet loss\n"));
        return Outcome::Sleep { ms: wait, code: 1 };
    }
    if count == u64::MAX {
        c.o(&format!("64 bytes from {ip}: seq=0 ttl=64 time=0.080 ms\n"));
        return Outcome::Sleep { ms: u64::MAX, code: 0 };
    }
    for seq in 0..n {
        c.o(&format!("64 bytes from {ip}: seq={seq} ttl=64 time=0.080 ms\n"));
    }
    c.o(&format!("\n--- {host} ping statistics ---\n{n} packets transmitted, {n} packets received, 0% packet loss\nround-trip min/avg/max = 0.080/0.080/0.080 ms\n"));
    Outcome::Sleep { ms: (n - 1) * 1000, code: 0 }
}

fn nc(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut zero = false;
    let mut verbose = false;
    let mut listen = false;
    let mut wait: Option<u64> = None;
    let mut port_flag: Option<u16> = None;
    let mut ops = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-w" {
            wait = args.get(i + 1).and_then(|x| x.parse().ok());
            i += 1;
        } else if a == "-p" {
            port_flag = args.get(i + 1).and_then(|x| x.parse().ok());
            i += 1;
        } else if let Some(f) = a.strip_prefix('-') {
            if let Some(w) = f.strip_prefix('w') {
                wait = w.parse().ok();
            } else {
                zero |= f.contains('z');
                verbose |= f.contains('v');
                listen |= f.contains('l');
            }
        } else {
            ops.push(a.clone());
        }
        i += 1;
    }
    if listen {
        let port = port_flag.or_else(|| ops.first().and_then(|p| p.parse().ok())).unwrap_or(0);
        return Outcome::Daemon { kind: DaemonKind::Listen { port }, startup_ms: 1 };
    }
    let (Some(host), Some(port)) =
        (ops.first().cloned(), ops.get(1).and_then(|p| p.parse::<u16>().ok()))
    else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen");
        return Outcome::Exit(1);
    };
    let Some(ip) = resolve(c, &host) else {
        c.e(&format!("nc: bad address '{host}'"));
        return Outcome::Exit(1);
    };
    match connect(c, &ip, port) {
        Connect::Open => {
            if verbose {
                c.e(&format!("{host} ({ip}:{port}) open"));
            }
            // Without -z, nc would wait for stdin/the peer; podlab closes at once.
            let _ = zero;
            Outcome::Exit(0)
        }
        Connect::Refused => {
            if verbose {
                c.e(&format!("nc: {host} ({ip}:{port}): Connection refused"));
            }
            Outcome::Exit(1)
        }
        Connect::Timeout => {
            // No -w: the kernel gives up after its SYN retries (~127 s on Linux).
            let ms = wait.map(|w| w * 1000).unwrap_or(127_000);
            if verbose {
                c.e(&format!("nc: {host} ({ip}:{port}): Connection timed out"));
            }
            Outcome::Sleep { ms, code: 1 }
        }
    }
}

fn parse_url(u: &str) -> Option<(String, u16, String)> {
    let rest = u.strip_prefix("http://").or_else(|| u.strip_prefix("https://")).unwrap_or(u);
    let https = u.starts_with("https://");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().ok()?),
        None => (hostport.to_string(), if https { 443 } else { 80 }),
    };
    if host.is_empty() {
        return None;
    }
    Some((host, port, path))
}

enum Fetch {
    Ok(Vec<u8>, String),
    Status(u16, String),
    BadAddress,
    Refused(String),
    Timeout,
}

fn fetch(c: &mut Ctx<'_>, url: &str) -> Fetch {
    let Some((host, port, path)) = parse_url(url) else { return Fetch::BadAddress };
    let Some(ip) = resolve(c, &host) else { return Fetch::BadAddress };
    if let Some((_, _, page)) = internet(&ip) {
        return if path == "/" {
            Fetch::Ok(page.as_bytes().to_vec(), ip)
        } else {
            Fetch::Status(404, ip)
        };
    }
    c.net_calls += 1;
    if ip == "127.0.0.1" {
        if let Some(k) = c.own_servers.iter().find(|k| k.port() == port).cloned() {
            return match super::exec::http_serve(c.fs, c.vols, &k, &c.image.version, &path) {
                Some(r) if (200..300).contains(&r.status) => Fetch::Ok(r.body, ip),
                Some(r) => Fetch::Status(r.status, ip),
                None => Fetch::Refused(ip),
            };
        }
    }
    match c.net.http_get(c.pod, &ip, port, &path) {
        Ok(r) if (200..300).contains(&r.status) => Fetch::Ok(r.body, ip),
        Ok(r) => Fetch::Status(r.status, ip),
        Err(Connect::Timeout) => Fetch::Timeout,
        Err(_) => Fetch::Refused(ip),
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn wget(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut quiet = false;
    let mut spider = false;
    let mut out: Option<String> = None;
    let mut timeout: Option<u64> = None;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-q" => quiet = true,
            "--spider" => spider = true,
            "-O" => {
                out = args.get(i + 1).cloned();
                i += 1;
            }
            "-T" => {
                timeout = args.get(i + 1).and_then(|x| x.parse().ok());
                i += 1;
            }
            "-qO-" | "-qO" => {
                quiet = true;
                out = if a == "-qO-" { Some("-".into()) } else { args.get(i + 1).cloned() };
                if a == "-qO" {
                    i += 1;
                }
            }
            x if x.starts_with("-O") => out = Some(x[2..].to_string()),
            x if x.starts_with("--timeout=") => timeout = x[10..].parse().ok(),
            x if x.starts_with('-') => {}
            x => url = Some(x.to_string()),
        }
        i += 1;
    }
    let Some(url) = url else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...");
        return Outcome::Exit(1);
    };
    let host = parse_url(&url).map(|x| x.0).unwrap_or_default();
    let port = parse_url(&url).map(|x| x.1).unwrap_or(80);
    match fetch(c, &url) {
        Fetch::BadAddress => {
            c.e(&format!("wget: bad address '{host}'"));
            Outcome::Exit(1)
        }
        Fetch::Refused(ip) => {
            if !quiet {
                c.e(&format!("Connecting to {host} ({ip}:{port})"));
            }
            c.e(&format!("wget: can't connect to remote host ({ip}): Connection refused"));
            Outcome::Exit(1)
        }
        Fetch::Timeout => {
            c.e("wget: download timed out");
            Outcome::Sleep { ms: timeout.unwrap_or(900) * 1000, code: 1 }
        }
        Fetch::Status(code, ip) => {
            if !quiet {
                c.e(&format!("Connecting to {host} ({ip}:{port})"));
            }
            c.e(&format!("wget: server returned error: HTTP/1.1 {code} {}", reason(code)));
            Outcome::Exit(1)
        }
        Fetch::Ok(body, ip) => {
            if !quiet {
                c.e(&format!("Connecting to {host} ({ip}:{port})"));
            }
            if spider {
                if !quiet {
                    c.e("remote file exists");
                }
                return Outcome::Exit(0);
            }
            let file = out.unwrap_or_else(|| {
                let p = parse_url(&url).map(|x| x.2).unwrap_or_default();
                let base = p.rsplit('/').next().unwrap_or("").to_string();
                if base.is_empty() {
                    "index.html".into()
                } else {
                    base
                }
            });
            if file == "-" {
                if !quiet {
                    c.e("writing to stdout");
                }
                c.out.extend(body);
            } else {
                if !quiet {
                    c.e(&format!("saving to '{file}'"));
                }
                if let Err(e) = c.write_file(&file, &body, false) {
                    c.e(&format!("wget: can't open '{file}': {}", e.text()));
                    return Outcome::Exit(1);
                }
                if !quiet {
                    let base = file.rsplit('/').next().unwrap_or(&file).to_string();
                    c.e(&format!(
                        "{base:<20} 100% |********************************| {:>5}  0:00:00 ETA",
                        body.len()
                    ));
                    c.e(&format!("'{file}' saved"));
                }
            }
            Outcome::Exit(0)
        }
    }
}

fn curl(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut silent = false;
    let mut show_err = false;
    let mut fail = false;
    let mut out: Option<String> = None;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-o" || a == "--output" {
            out = args.get(i + 1).cloned();
            i += 1;
        } else if a == "-m" || a == "--max-time" || a == "-H" || a == "-X" || a == "-d" || a == "-w"
        {
            i += 1;
        } else if let Some(f) = a.strip_prefix("--") {
            fail |= f == "fail";
            silent |= f == "silent";
            show_err |= f == "show-error";
        } else if let Some(f) = a.strip_prefix('-') {
            silent |= f.contains('s');
            show_err |= f.contains('S');
            fail |= f.contains('f');
        } else {
            url = Some(a.clone());
        }
        i += 1;
    }
    let Some(url) = url else {
        c.e("curl: try 'curl --help' or 'curl --manual' for more information");
        return Outcome::Exit(2);
    };
    let msg = !silent || show_err;
    let (host, port, _) = parse_url(&url).unwrap_or_default();
    match fetch(c, &url) {
        Fetch::BadAddress => {
            if msg {
                c.e(&format!("curl: (6) Could not resolve host: {host}"));
            }
            Outcome::Exit(6)
        }
        Fetch::Refused(_) => {
            if msg {
                c.e(&format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"));
            }
            Outcome::Exit(7)
        }
        Fetch::Timeout => {
            if msg {
                c.e(&format!("curl: (28) Failed to connect to {host} port {port} after 130000 ms: Timeout was reached"));
            }
            Outcome::Sleep { ms: 130_000, code: 28 }
        }
        Fetch::Status(code, _) if fail => {
            if msg {
                c.e(&format!("curl: (22) The requested URL returned error: {code}"));
            }
            Outcome::Exit(22)
        }
        Fetch::Status(code, _) => {
            c.o(&format!("<html><body><h1>{code} {}</h1></body></html>\n", reason(code)));
            Outcome::Exit(0)
        }
        Fetch::Ok(body, _) => {
            match out {
                Some(f) if f != "-" => {
                    if let Err(e) = c.write_file(&f, &body, false) {
                        c.e(&format!(
                            "curl: (23) Failure writing output to destination: {}",
                            e.text()
                        ));
                        return Outcome::Exit(23);
                    }
                }
                _ => c.out.extend(body),
            }
            Outcome::Exit(0)
        }
    }
}

fn kubectl(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let ns =
        c.fs.read(c.vols, "/var/run/secrets/kubernetes.io/serviceaccount/namespace")
            .map(|d| String::from_utf8_lossy(&d).trim().to_string())
            .unwrap_or_else(|_| "default".into());
    match args.first().map(String::as_str) {
        None | Some("help") | Some("--help") => {
            c.o("kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n");
            0
        }
        Some("version") => {
            c.o("Client Version: v1.34.1\nKustomize Version: v5.7.1\n");
            0
        }
        Some(verb) => {
            // The pod's default ServiceAccount has no RBAC permissions: every API call is denied.
            let resource = args
                .get(1)
                .map(|r| r.trim_end_matches('s').to_string() + "s")
                .unwrap_or_else(|| "pods".into());
            let v = match verb {
                "get" | "wait" => "list",
                "describe" => "get",
                "apply" | "create" => "create",
                "delete" => "delete",
                other => other,
            };
            c.e(&format!("Error from server (Forbidden): {resource} is forbidden: User \"system:serviceaccount:{ns}:default\" cannot {v} resource \"{resource}\" in API group \"\" in the namespace \"{ns}\""));
            1
        }
    }
}

fn entrypoint(c: &mut Ctx<'_>, argv: &[String]) -> Outcome {
    let args = argv[1..].to_vec();
    match c.image.repo {
        "nginx" if args.first().is_some_and(|a| a == "nginx" || a == "nginx-debug") => {
            c.o("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n/docker-entrypoint.sh: Configuration complete; ready for start up\n");
        }
        "curlimages/curl" if args.first().is_some_and(|a| a.starts_with('-')) => {
            let mut v = vec!["curl".to_string()];
            v.extend(args);
            return Outcome::Exec(v);
        }
        _ => {}
    }
    if args.is_empty() {
        return Outcome::Exit(0);
    }
    // docker-entrypoint.sh ends with `exec "$@"`.
    Outcome::Exec(args)
}

fn postgres(c: &mut Ctx<'_>) -> Outcome {
    let has_pw = c.env.get("POSTGRES_PASSWORD").is_some_and(|p| !p.is_empty())
        || c.env.get("POSTGRES_HOST_AUTH_METHOD").is_some_and(|m| m == "trust");
    if !has_pw {
        c.e("Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n\n       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all\n       connections without a password. This is *not* recommended.\n\n       See PostgreSQL documentation about \"trust\":\n       https://www.postgresql.org/docs/current/auth-trust.html");
        return Outcome::Exit(1);
    }
    c.o("The files belonging to this database system will be owned by user \"postgres\".\n...\nPostgreSQL init process complete; ready for start up.\n\n");
    // initdb plus the temporary server the entrypoint starts and stops: a few seconds.
    Outcome::Daemon { kind: DaemonKind::Postgres, startup_ms: 4_000 }
}

fn mysqld(c: &mut Ctx<'_>) -> Outcome {
    let ok = ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"]
        .iter()
        .any(|k| c.env.contains_key(*k));
    if !ok {
        c.e("2026-01-01 00:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD");
        return Outcome::Exit(1);
    }
    Outcome::Daemon { kind: DaemonKind::Mysql, startup_ms: 12_000 }
}

fn python(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    match args.first().map(String::as_str) {
        // No script and no terminal: the REPL reads EOF and exits 0.
        None => Outcome::Exit(0),
        Some("-m") if args.get(1).is_some_and(|m| m == "http.server") => {
            let port = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(8000);
            let dir = args
                .iter()
                .position(|a| a == "-d" || a == "--directory")
                .and_then(|i| args.get(i + 1))
                .map(|d| c.path(d))
                .unwrap_or_else(|| c.cwd.clone());
            Outcome::Daemon { kind: DaemonKind::Http { port, dir }, startup_ms: 300 }
        }
        Some("--version") | Some("-V") => {
            let v = c.image.version.clone();
            c.o(&format!("Python {v}.0\n"));
            Outcome::Exit(0)
        }
        Some("-c") => {
            // Only `print("…")` statements separated by `;` or newlines are understood.
            let code = args.get(1).cloned().unwrap_or_default();
            for stmt in code.split([';', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
                let lit = stmt
                    .strip_prefix("print(")
                    .and_then(|r| r.strip_suffix(')'))
                    .map(|r| r.trim().trim_matches(|ch| ch == '"' || ch == '\''));
                match lit {
                    Some(l) => c.o(&format!("{l}\n")),
                    None if stmt.starts_with("import ") => {}
                    None => {
                        c.e(&format!("podlab: python is simulated only for print(\"…\") and -m http.server; cannot run: {stmt}"));
                        return Outcome::Exit(1);
                    }
                }
            }
            Outcome::Exit(0)
        }
        Some(f) => {
            let p = c.path(f);
            if c.fs.stat(c.vols, &p).is_none() {
                c.e(&format!(
                    "python3: can't open file '{p}': [Errno 2] No such file or directory"
                ));
                return Outcome::Exit(2);
            }
            c.e("podlab: python scripts are not simulated (only python -c 'print(...)' and -m http.server)");
            Outcome::Exit(1)
        }
    }
}
