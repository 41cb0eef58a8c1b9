//! Redirections: `>`, `>>`, `<`, `<<`, `2>&1` applied to a task's descriptors, and the
//! pairing of a FIFO's readers and writers.
//!
//! FIFOs, simplified to the shell's sequential model: a writer's `> fifo` opens once a reader
//! waits in its `< fifo` (before, it waits, as open(2) does); the reader's open completes once
//! every writer that opened it has closed it, and it then reads all they wrote. So
//! `echo hi > f & read line < f` delivers `hi`; a reader sees nothing of a writer that keeps
//! the FIFO open (`while :; do date; sleep 1; done > f`) until it closes. Readers and writers
//! are paired within one container (a FIFO on a shared volume opened from two containers
//! waits forever); programs that open a FIFO by name (`cat f`) read it as empty.

use super::*;

/// Why redirections could not be applied.
pub(super) enum RedirFail {
    /// They failed (the message is written): the command's status.
    Status(i32),
    /// Opening the FIFO at `path` (named `name` in the script) must wait for its other end.
    Fifo { path: String, write: bool, name: String },
}

impl Machine {
    pub(super) fn apply_redirs(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        redirs: &[Redir],
    ) -> Result<(), RedirFail> {
        let sh = self.sh_name(ti);
        for r in redirs {
            let target = self.expand_single(w, ti, &r.target).map_err(RedirFail::Status)?;
            let cwd = self.tasks[ti].st.cwd.clone();
            match r.op {
                RedirOp::Out | RedirOp::Append | RedirOp::ReadWrite => {
                    let out =
                        if target == "/dev/null" {
                            Output::Null
                        } else if target == "/dev/stdout" {
                            self.tasks[ti].st.fds.stdout.clone()
                        } else if target == "/dev/stderr" {
                            self.tasks[ti].st.fds.stderr.clone()
                        } else {
                            let p = normalize(&cwd, &target);
                            let exists = self.fs.stat(w.vols, &p);
                            if exists == Some(Kind::Fifo) && r.op != RedirOp::ReadWrite {
                                let out = self.open_fifo_for_writing(ti, &p, &target)?;
                                self.set_out(ti, r.fd, out);
                                continue;
                            }
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
                                return Err(RedirFail::Status(
                                    if self.dialect(ti) == Dialect::Bash { 1 } else { 2 },
                                ));
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
                    let p = normalize(&cwd, &target);
                    let data = if target == "/dev/null" {
                        Vec::new()
                    } else if self.fs.stat(w.vols, &p) == Some(Kind::Fifo) {
                        self.open_fifo_for_reading(ti, &p, &target)?
                    } else {
                        match self.fs.read_contents(w.vols, &normalize(&cwd, &target)) {
                            Ok(d) => d,
                            Err(_) => {
                                self.err(
                                    w,
                                    ti,
                                    &format!("{sh}: can't open {target}: no such file"),
                                );
                                return Err(RedirFail::Status(
                                    if self.dialect(ti) == Dialect::Bash { 1 } else { 2 },
                                ));
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
                            return Err(RedirFail::Status(2));
                        }
                    };
                    self.set_out(ti, r.fd, src);
                }
            }
        }
        Ok(())
    }

    /// `> fifo`: the pipe's buffer once a reader waits for it, else wait.
    fn open_fifo_for_writing(
        &mut self,
        ti: usize,
        path: &str,
        name: &str,
    ) -> Result<Output, RedirFail> {
        if self.fifo_waits(ti, path, true) {
            let (path, name) = (path.to_string(), name.to_string());
            return Err(RedirFail::Fifo { path, write: true, name });
        }
        let buf = self.fifos.entry(path.to_string()).or_default().clone();
        Ok(Output::Buf(buf))
    }

    /// `< fifo`: everything its writers wrote once they have all closed it, else wait.
    fn open_fifo_for_reading(
        &mut self,
        ti: usize,
        path: &str,
        name: &str,
    ) -> Result<Vec<u8>, RedirFail> {
        if self.fifo_waits(ti, path, false) {
            let (path, name) = (path.to_string(), name.to_string());
            return Err(RedirFail::Fifo { path, write: false, name });
        }
        let data = self.fifos.remove(path).map(|b| b.take()).unwrap_or_default();
        Ok(data)
    }

    /// Whether task `ti`'s open of the FIFO at `path` must wait: a writer for a reader waiting
    /// in another task; a reader for a writer that opened it and has closed it.
    pub(super) fn fifo_waits(&self, ti: usize, path: &str, write: bool) -> bool {
        if write {
            let reader = self.tasks.iter().enumerate().any(|(i, t)| {
                i != ti
                    && t.done.is_none()
                    && matches!(t.frames.last(), Some(Frame::FifoOpen { path: p, write: false, .. }) if p == path)
            });
            !reader
        } else {
            self.fifos.get(path).is_none_or(|b| Rc::strong_count(b) != 1)
        }
    }

    pub(super) fn set_out(&mut self, ti: usize, fd: u32, out: Output) {
        match fd {
            1 => self.tasks[ti].st.fds.stdout = out,
            2 => self.tasks[ti].st.fds.stderr = out,
            _ => {}
        }
    }
}
