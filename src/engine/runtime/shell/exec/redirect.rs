//! Redirections: `>`, `>>`, `<`, `<<`, `2>&1` applied to a task's descriptors.

use super::*;

impl Machine {
    pub(super) fn apply_redirs(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        redirs: &[Redir],
    ) -> Result<(), i32> {
        let sh = self.sh_name(ti);
        for r in redirs {
            let target = self.expand_single(w, ti, &r.target)?;
            let cwd = self.tasks[ti].st.cwd.clone();
            match r.op {
                RedirOp::Out | RedirOp::Append | RedirOp::ReadWrite => {
                    let out = if target == "/dev/null" {
                        Output::Null
                    } else if target == "/dev/stdout" {
                        self.tasks[ti].st.fds.stdout.clone()
                    } else if target == "/dev/stderr" {
                        self.tasks[ti].st.fds.stderr.clone()
                    } else {
                        let p = normalize(&cwd, &target);
                        let exists = self.fs.stat(w.vols, &p);
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
                            return Err(if self.dialect(ti) == Dialect::Bash { 1 } else { 2 });
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
                    let data = if target == "/dev/null" {
                        Vec::new()
                    } else {
                        match self.fs.read_contents(w.vols, &normalize(&cwd, &target)) {
                            Ok(d) => d,
                            Err(_) => {
                                self.err(
                                    w,
                                    ti,
                                    &format!("{sh}: can't open {target}: no such file"),
                                );
                                return Err(if self.dialect(ti) == Dialect::Bash { 1 } else { 2 });
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
                            return Err(2);
                        }
                    };
                    self.set_out(ti, r.fd, src);
                }
            }
        }
        Ok(())
    }

    pub(super) fn set_out(&mut self, ti: usize, fd: u32, out: Output) {
        match fd {
            1 => self.tasks[ti].st.fds.stdout = out,
            2 => self.tasks[ti].st.fds.stderr = out,
            _ => {}
        }
    }
}
