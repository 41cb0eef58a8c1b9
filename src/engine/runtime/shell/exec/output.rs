//! Where a process's bytes go: the container log (lines capped, as the kubelet's log rotation
//! would), pipes and `$(…)` buffers, files (with `>`'s lazy truncation).

use super::*;

impl Machine {
    pub(super) fn console(&mut self, stream: u8, data: &[u8]) {
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

    pub(super) fn push_line(&mut self, line: Vec<u8>) {
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

    pub(super) fn flush_partial(&mut self) {
        for i in 0..2 {
            if !self.partial[i].is_empty() {
                let l = std::mem::take(&mut self.partial[i]);
                self.push_line(l);
            }
        }
    }

    pub(super) fn write_to(&mut self, w: &mut World<'_>, out: &Output, data: &[u8]) -> bool {
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
    pub(super) fn close_outputs(&mut self, w: &mut World<'_>, cur: &Fds, next: &Fds) {
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

    pub(super) fn restore_fds(&mut self, w: &mut World<'_>, ti: usize, next: Fds) {
        let cur = std::mem::replace(&mut self.tasks[ti].st.fds, next.clone());
        self.close_outputs(w, &cur, &next);
    }

    pub(super) fn err(&mut self, w: &mut World<'_>, ti: usize, msg: &str) {
        let out = self.tasks[ti].st.fds.stderr.clone();
        let mut line = msg.as_bytes().to_vec();
        line.push(b'\n');
        self.write_to(w, &out, &line);
    }
}
