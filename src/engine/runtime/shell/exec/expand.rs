//! Word expansion: parameters, `$(…)` (run to completion in a synchronous task), arithmetic,
//! field splitting and globbing.

use super::*;

impl Machine {
    pub(super) fn param(&self, ti: usize, name: &str) -> Option<String> {
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
    pub(super) fn run_sync(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        cmd: Rc<Cmd>,
    ) -> (i32, Vec<u8>) {
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
        self.tasks.push(Task::new(pid, cmd, st, true));
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
                _ if self.tasks[me].deadline().is_some_and(|d| d <= self.clock) => {}
                Some(Frame::Sleep { until, .. }) => {
                    let u = self.tasks[me].deadline().map_or(*until, |d| d.min(*until));
                    self.clock = self.clock.max(u);
                }
                Some(Frame::Wait { .. }) => {
                    self.tasks[me].frames.pop();
                    continue;
                }
                Some(Frame::Daemon(_)) | Some(Frame::Follow { .. })
                    if self.tasks[me].deadline().is_some() =>
                {
                    // A server under `timeout` inside `$(…)`: it runs until it is killed.
                    let d = self.tasks[me].deadline().unwrap_or(self.clock);
                    self.clock = self.clock.max(d);
                }
                Some(Frame::FifoOpen { path, .. }) => {
                    self.stuck = Some(format!("podlab: a command inside $(…) waits for the other end of the FIFO {path}, which nothing else can open while it runs; the container is shown running but is no longer simulated (at {})", self.clock));
                    break;
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
    pub(super) fn expand_words(
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

    pub(super) fn expand_single(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        word: &Word,
    ) -> Result<String, i32> {
        let mut out = Vec::new();
        self.expand_into(w, ti, word, false, &mut out)?;
        Ok(out.join(" "))
    }

    pub(super) fn expand_pattern(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        word: &Word,
    ) -> Result<String, i32> {
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

    pub(super) fn expand_into(
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

    pub(super) fn glob(&mut self, w: &mut World<'_>, ti: usize, pat: &str) -> Vec<String> {
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

    pub(super) fn expand_param(
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
