//! Simple commands: expansion, assignments, then a builtin, a function or a file on `PATH` (a
//! program from [`applets`], a script with its shebang, or a shell started as `sh -c`).

use super::*;
use crate::engine::runtime::image::Userland;
use crate::engine::runtime::shell::applets::{Main, Stdin};

impl Machine {
    pub(super) fn exec_simple(&mut self, w: &mut World<'_>, ti: usize, s: Rc<Simple>) {
        self.tasks[ti].st.lineno = s.line;
        let argv = match self.expand_words(w, ti, &s.words) {
            Ok(v) => v,
            Err(code) => return self.expansion_failed(w, ti, code),
        };
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
        // The status of the last `$(…)` in the words or the assignments: a command with no
        // name ends with it (ash's `back_exitstatus`), so `set -e; x=$(false)` exits.
        let subst_status = self.tasks[ti].st.status;
        let saved = self.tasks[ti].st.fds.clone();
        match self.apply_redirs(w, ti, &s.redirs) {
            Ok(()) => {}
            Err(RedirFail::Status(code)) => {
                self.tasks[ti].st.fds = saved;
                self.tasks[ti].st.status = code;
                return;
            }
            Err(RedirFail::Fifo { path, write, name }) => {
                // The open waits for the FIFO's other end; then the whole command runs again
                // (its words are expanded again: a simplification for `$(…)` in them).
                self.tasks[ti].st.fds = saved;
                self.tasks[ti].st.status = subst_status;
                self.tasks[ti].frames.push(Frame::Exec(Rc::new(Cmd::Simple(s))));
                self.tasks[ti].frames.push(Frame::FifoOpen { path, write, name });
                return;
            }
        }
        if !s.redirs.is_empty() {
            self.tasks[ti].frames.push(Frame::Restore(saved));
        }
        if argv.is_empty() {
            for (k, v) in assigns {
                self.tasks[ti].st.vars.insert(k, v);
            }
            let assigned_subst = s
                .assigns
                .iter()
                .any(|(_, v)| v.iter().any(|p| matches!(p, WordPart::Subst { .. })));
            self.tasks[ti].st.status =
                if s.words.is_empty() && !assigned_subst { 0 } else { subst_status };
            return;
        }
        self.run_argv(w, ti, argv, assigns);
    }

    pub(super) fn run_argv(
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

    pub(super) fn external(
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
        let content = self.fs.read_contents(w.vols, &path).unwrap_or_default();
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
    pub(super) fn run_script(
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

    pub(super) fn program(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        prog: &str,
        argv: Vec<String>,
        assigns: Vec<(String, String)>,
    ) {
        let entry = applets::lookup(prog);
        if entry.is_some_and(|p| matches!(p.main, Main::Shell)) {
            return self.shell_program(w, ti, prog, argv, assigns);
        }
        // A name with no row still runs (and says podlab does not simulate it), with the
        // environment and without stdin.
        let (reads_env, stdin_use) = entry.map_or((true, Stdin::No), |p| (p.env, p.stdin));
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        // Only programs that read their environment get a copy of it.
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
        let reads_stdin = stdin_use != Stdin::No;
        if let (Stdin::UnlessFiles { operands: waits_up_to }, Input::Open) =
            (stdin_use, &self.tasks[ti].st.fds.stdin)
        {
            // Reading an open, silent stdin (`cat` with `stdin: true`) waits forever.
            let operands = argv[1..].iter().filter(|a| !a.starts_with('-')).count();
            if operands <= waits_up_to {
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
            Outcome::Timeout { ms, code, argv: av } => {
                let path_var = self.tasks[ti].st.vars.get("PATH").cloned().unwrap_or_default();
                let cwd = self.tasks[ti].st.cwd.clone();
                if self.which(w.vols, &path_var, &cwd, &av[0]).is_none() {
                    // timeout itself reports a program it cannot run (exit 127).
                    let msg = if self.image.userland == Userland::Gnu {
                        format!(
                            "timeout: failed to run command '{}': No such file or directory",
                            av[0]
                        )
                    } else {
                        format!("timeout: can't execute '{}': No such file or directory", av[0])
                    };
                    self.err(w, ti, &msg);
                    self.tasks[ti].st.status = 127;
                    return;
                }
                let deadline = Millis(self.clock.0.saturating_add(ms));
                self.tasks[ti].frames.push(Frame::Timeout { deadline, code });
                self.tasks[ti].timeouts += 1;
                // timeout execs its program from PATH: no builtins, no functions.
                self.external(w, ti, av, Vec::new());
            }
            Outcome::Follow { path, offset } => {
                let next = self.clock + Millis(1000);
                self.tasks[ti].frames.push(Frame::Follow { path, offset, next });
            }
        }
    }

    pub(super) fn shell_program(
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
                    match self.fs.read_contents(w.vols, &normalize(&cwd, file)) {
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
}
