//! The frame machine: one [`Frame`] popped per step (sequences, loops, pipelines, sleeps,
//! servers), unwinding for `break`/`return`/`exit`, and compound commands pushed as frames.

use super::*;

impl Machine {
    pub(super) fn step(&mut self, w: &mut World<'_>, ti: usize) {
        self.charge(1);
        if self.tasks[ti].deadline().is_some_and(|d| d <= self.clock) {
            return self.time_out(w, ti);
        }
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
            Frame::FifoOpen { path, write, name } => {
                // Runnable only once the other end is there (`blocked_by_top`); the command
                // below opens it again.
                if self.fifo_waits(ti, &path, write) {
                    self.tasks[ti].frames.push(Frame::FifoOpen { path, write, name });
                }
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
                    for l in applets::ready_lines(&d.kind, self.clock) {
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
                    if let Ok(data) = self.fs.read_contents(w.vols, &path) {
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
            Frame::Timeout { .. } => self.tasks[ti].timeouts -= 1,
        }
    }

    /// A `timeout` ran out: the program it runs is killed (its frames dropped, the shell state
    /// its subshells changed restored) and the task carries on after it with the timeout's code.
    fn time_out(&mut self, w: &mut World<'_>, ti: usize) {
        let clock = self.clock;
        let Some(at) = self.tasks[ti]
            .frames
            .iter()
            .position(|f| matches!(f, Frame::Timeout { deadline, .. } if *deadline <= clock))
        else {
            return;
        };
        while self.tasks[ti].frames.len() > at {
            match self.tasks[ti].frames.pop() {
                Some(Frame::SubEnd { saved }) => {
                    self.tasks[ti].st = *saved;
                    self.procs = self.procs.saturating_sub(1);
                }
                Some(Frame::Restore(fds)) => self.restore_fds(w, ti, fds),
                Some(Frame::Pipe { saved, .. }) => self.tasks[ti].st.fds = saved,
                Some(Frame::Timeout { code, .. }) => {
                    self.tasks[ti].timeouts -= 1;
                    self.tasks[ti].st.status = code;
                }
                _ => {}
            }
        }
    }

    pub(super) fn func_return(
        &mut self,
        ti: usize,
        args: Vec<String>,
        locals: Vec<(String, Option<String>)>,
    ) {
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
    pub(super) fn errexit_now(&self, ti: usize) -> bool {
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

    pub(super) fn spawn(&mut self, w: &mut World<'_>, ti: usize, cmd: Rc<Cmd>) {
        if !self.fork_ok(w, ti) {
            return;
        }
        self.procs += 1;
        let pid = self.next_pid;
        self.next_pid += 1;
        let mut st = self.tasks[ti].st.clone();
        st.fds.stdin = Input::Empty;
        self.tasks.push(Task::new(pid, cmd, st, false));
        self.tasks[ti].st.last_bg = Some(pid);
        self.tasks[ti].st.status = 0;
    }

    pub(super) fn fork_ok(&mut self, w: &mut World<'_>, ti: usize) -> bool {
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
    pub(super) fn start_stage(
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

    pub(super) fn unwind(&mut self, w: &mut World<'_>, ti: usize, how: Unwind) {
        let mut how = how;
        loop {
            let Some(f) = self.tasks[ti].frames.pop() else {
                return;
            };
            match f {
                Frame::Restore(fds) => self.restore_fds(w, ti, fds),
                Frame::Pipe { saved, .. } => self.tasks[ti].st.fds = saved,
                Frame::Timeout { .. } => self.tasks[ti].timeouts -= 1,
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

    pub(super) fn exec(&mut self, w: &mut World<'_>, ti: usize, cmd: Rc<Cmd>) {
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
                    Err(RedirFail::Status(code)) => {
                        self.tasks[ti].st.fds = saved;
                        self.tasks[ti].st.status = code;
                    }
                    Err(RedirFail::Fifo { path, write, name }) => {
                        self.tasks[ti].st.fds = saved;
                        let again =
                            Rc::new(Cmd::Redirected { cmd: cmd.clone(), redirs: redirs.clone() });
                        self.tasks[ti].frames.push(Frame::Exec(again));
                        self.tasks[ti].frames.push(Frame::FifoOpen { path, write, name });
                    }
                }
            }
        }
    }

    pub(super) fn expansion_failed(&mut self, w: &mut World<'_>, ti: usize, code: i32) {
        // ash: an expansion error in a non-interactive shell exits it.
        self.tasks[ti].st.status = code;
        self.unwind(w, ti, Unwind::Exit);
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
