//! The step loop ([`Machine::run`]): which task runs, when the virtual clock advances, when a
//! busy process is called stuck, and how a signal reaches PID 1 ([`Machine::handle_term`]).

use super::*;

impl Machine {
    pub(super) fn charge(&mut self, n: u64) {
        self.steps += n;
        self.cpu_us += n * STEP_MICROS;
        self.clock = self.clock + Millis(self.cpu_us / 1000);
        self.cpu_us %= 1000;
    }

    /// Whether task `ti` waits, and until when (`Some(None)`: until something external
    /// happens); `None` when it can run now. A `timeout` whose deadline comes first wakes it.
    pub(super) fn blocked_until(&self, ti: usize) -> Option<Option<Millis>> {
        let waits = self.blocked_by_top(ti);
        match (self.tasks[ti].deadline(), waits) {
            (Some(d), _) if d <= self.clock => None,
            (Some(d), Some(None)) => Some(Some(d)),
            (Some(d), Some(Some(t))) => Some(Some(t.min(d))),
            _ => waits,
        }
    }

    fn blocked_by_top(&self, ti: usize) -> Option<Option<Millis>> {
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
            Some(Frame::FifoOpen { path, write, .. }) => {
                self.fifo_waits(ti, path, *write).then_some(None)
            }
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
                        if ti == 0 && self.term_pending {
                            // ash checks for a pending signal between commands: a trapped
                            // SIGTERM runs as soon as the foreground `sleep 1` of a loop has
                            // returned, not after the next one has started.
                            self.handle_term(w);
                        }
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
                    let deadline = (0..self.tasks.len())
                        .filter(|i| self.tasks[*i].done.is_none() && !self.tasks[*i].sync)
                        .filter_map(|i| self.tasks[i].deadline())
                        .min();
                    if let (true, Some(d)) = (self.net_calls == mark.2, deadline) {
                        // CPU-bound until a `timeout` kills something: skip to that instant
                        // (the spinning would show nothing before it).
                        if d > until {
                            self.resume_at = Some(d);
                            return RunState::Blocked(Some(d));
                        }
                        self.clock = self.clock.max(d);
                        continue;
                    }
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

    pub(super) fn finish(&mut self, code: i32) {
        self.flush_partial();
        self.exit = Some(code);
    }

    pub(super) fn handle_term(&mut self, w: &mut World<'_>) {
        if !self.term_pending {
            return;
        }
        let trap = self.traps.get("TERM").cloned();
        let top_daemon = matches!(self.tasks[0].frames.last(), Some(Frame::Daemon(_)));
        match trap {
            Some(t) if t.is_empty() => self.term_pending = false,
            Some(t) => {
                // Only PID 1 gets the signal: while a child shell it started (`sh -c …`,
                // `( … )`) runs in its foreground, PID 1 waits for it before its trap.
                if self.child_depth(0) > self.term_trap_depth {
                    return;
                }
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
                    Some(Frame::FifoOpen { .. }) => self.interrupt_fifo_open(w),
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

    /// A trapped signal interrupts PID 1's blocked open of a FIFO: ash installs its handlers
    /// without SA_RESTART and does not retry `open`, so the redirection fails with EINTR (the
    /// command does not run, status 2) before the trap runs.
    fn interrupt_fifo_open(&mut self, w: &mut World<'_>) {
        let Some(Frame::FifoOpen { write, name, .. }) = self.tasks[0].frames.pop() else {
            return;
        };
        self.tasks[0].frames.pop(); // the command that was to run once the FIFO opened
        let sh = self.sh_name(0);
        let verb = if write { "create" } else { "open" };
        self.err(w, 0, &format!("{sh}: can't {verb} {name}: Interrupted system call"));
        self.tasks[0].st.status = if self.dialect(0) == Dialect::Bash { 1 } else { 2 };
    }

    /// How many child shells task `ti` is inside (its `SubEnd` frames).
    fn child_depth(&self, ti: usize) -> usize {
        self.tasks[ti].frames.iter().filter(|f| matches!(f, Frame::SubEnd { .. })).count()
    }

    /// `trap … TERM` in task `ti`: remembers how deep in child shells PID 1's trap was set (a
    /// trap set by a child shell of PID 1 stands for ash exec'ing `sh -c 'CMD'`, where the
    /// child *is* PID 1).
    pub(super) fn note_term_trap_depth(&mut self, ti: usize) {
        if ti == 0 {
            self.term_trap_depth = self.child_depth(0);
        }
    }

    pub(super) fn stop_daemon(&mut self, _w: &mut World<'_>) {
        let now = self.clock;
        let mut lines: Vec<String> = Vec::new();
        if let Some(Frame::Daemon(d)) = self.tasks[0].frames.last_mut() {
            if d.stopping.is_none() {
                let (said, ms, code) = applets::stop_lines(&d.kind, now);
                lines = said;
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
}
