//! Files and paths: `ls`, `mkdir`, `touch`, `rm`, `cp`/`mv`, `find`, `stat`, `basename`, ….

use super::{Call, Ctx, Outcome};
use crate::engine::runtime::fs::normalize;
use crate::engine::runtime::fs::FsError;
use crate::engine::runtime::fs::Kind;

/// `ls`.
pub(super) fn ls_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    Outcome::Exit(ls(c, call.args))
}

/// `mkdir`.
pub(super) fn mkdir_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let p = args.iter().any(|a| a == "-p");
    let mut code = 0;
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        let abs = c.path(a);
        let r =
            if p { mkdir_p(c, &abs) } else { c.fs.mkdir(c.vols, &abs).map(|()| c.effects += 1) };
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
    Outcome::Exit(code)
}

/// `mkfifo [-m MODE] NAME...`: creates named pipes (the mode is accepted and not kept).
pub(super) fn mkfifo_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let mut names = Vec::new();
    let mut it = call.args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-m" => {
                it.next();
            }
            m if m.starts_with("-m") || m == "--" => {}
            _ => names.push(a.clone()),
        }
    }
    if names.is_empty() {
        c.e(if c.gnu() {
            "mkfifo: missing operand\nTry 'mkfifo --help' for more information."
        } else {
            "BusyBox v1.36.1 multi-call binary.\n\nUsage: mkfifo [-m MODE] NAME"
        });
        return Outcome::Exit(1);
    }
    let mut code = 0;
    for a in &names {
        let abs = c.path(a);
        if let Err(e) = c.fs.mkfifo(c.vols, &abs) {
            // busybox: bb_simple_perror_msg(name); GNU: "cannot create fifo".
            c.e(&if c.gnu() {
                format!("mkfifo: cannot create fifo '{a}': {}", e.text())
            } else {
                format!("mkfifo: {a}: {}", e.text())
            });
            code = 1;
        } else {
            c.effects += 1;
        }
    }
    Outcome::Exit(code)
}

/// `touch`.
pub(super) fn touch_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
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
    Outcome::Exit(code)
}

/// `rm` / `rmdir`.
pub(super) fn rm_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
    let rec = args.iter().any(|a| a.starts_with('-') && (a.contains('r') || a.contains('R')));
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
    Outcome::Exit(code)
}

/// `cp` / `mv`.
pub(super) fn cp_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
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
        match c.fs.read_contents(c.vols, &sabs) {
            Ok(d) => {
                let unchanged = c.fs.read(c.vols, &target).ok().as_deref() == Some(d.as_slice());
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
    Outcome::Exit(code)
}

/// `chmod` / `chown` / `ln`.
pub(super) fn chmod_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
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
    Outcome::Exit(code)
}

/// `find`.
pub(super) fn find_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let root = args.first().filter(|a| !a.starts_with('-')).cloned().unwrap_or_else(|| ".".into());
    let name_pat = args.iter().position(|a| a == "-name").and_then(|i| args.get(i + 1)).cloned();
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
        if name_pat
            .as_ref()
            .is_none_or(|pat| crate::engine::runtime::shell::pattern::matches(pat, base))
        {
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
    Outcome::Exit(0)
}

/// `stat` / `du` / `df`.
pub(super) fn stat_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        let abs = c.path(a);
        if c.fs.stat(c.vols, &abs).is_none() {
            c.e(&format!("{prog}: can't stat '{a}': No such file or directory"));
            return Outcome::Exit(1);
        }
        let size = c.fs.read(c.vols, &abs).map(|d| d.len()).unwrap_or(4096);
        c.o(&format!("  File: {a}\n  Size: {size}\n"));
    }
    Outcome::Exit(0)
}

/// `basename`.
pub(super) fn basename_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let a = args.first().cloned().unwrap_or_default();
    let mut b = a.trim_end_matches('/').rsplit('/').next().unwrap_or("").to_string();
    if let Some(suf) = args.get(1) {
        if b != *suf {
            b = b.strip_suffix(suf.as_str()).unwrap_or(&b).to_string();
        }
    }
    c.o(&format!("{b}\n"));
    Outcome::Exit(0)
}

/// `dirname`.
pub(super) fn dirname_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let a = args.first().cloned().unwrap_or_default();
    let t = a.trim_end_matches('/');
    let d = match t.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => t[..i].to_string(),
        None => ".".to_string(),
    };
    c.o(&format!("{d}\n"));
    Outcome::Exit(0)
}

/// `pwd`.
pub(super) fn pwd_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    let d = c.cwd.clone();
    c.o(&format!("{d}\n"));
    Outcome::Exit(0)
}

pub(super) fn mkdir_p(c: &mut Ctx<'_>, abs: &str) -> Result<(), FsError> {
    let mut cur = String::new();
    for part in abs.split('/').filter(|x| !x.is_empty()) {
        cur.push('/');
        cur.push_str(part);
        match c.fs.stat(c.vols, &cur) {
            Some(Kind::Dir) => {}
            Some(Kind::File | Kind::Fifo) => return Err(FsError::NotDir),
            None => {
                c.fs.mkdir(c.vols, &cur)?;
                c.effects += 1;
            }
        }
    }
    Ok(())
}

pub(super) fn ls(c: &mut Ctx<'_>, args: &[String]) -> i32 {
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
            Some(Kind::Fifo) => {
                c.o(&if long {
                    format!("prw-r--r--    1 root     root            0 Jan  1 00:00 {t}\n")
                } else {
                    format!("{t}\n")
                });
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
                        let perm = match kind {
                            Kind::Dir => "drwxr-xr-x",
                            Kind::File => "-rw-r--r--",
                            Kind::Fifo => "prw-r--r--",
                        };
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
