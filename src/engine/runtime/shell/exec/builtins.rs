//! The shell's builtins, as a table like ash's `builtintab`: `cd`, `export`, `trap`, `wait`,
//! `kill`, …. A new builtin is one row in [`BUILTINS`] and one function.

use super::*;

/// A builtin's command line, and the `sh: ` prefix of its messages.
struct Args<'a> {
    name: &'a str,
    args: &'a [String],
    assigns: &'a [(String, String)],
    sh: String,
}

type BuiltinFn = fn(&mut Machine, &mut World<'_>, usize, &Args<'_>);

/// One row of [`BUILTINS`].
struct Builtin {
    name: &'static str,
    /// `None`: ash has it built in and podlab runs the image's program of that name instead,
    /// whose behaviour is the same.
    run: Option<BuiltinFn>,
    /// `type` and `command -v` call it a shell builtin (ash's `which` is not one).
    listed: bool,
    /// A shell function of the same name runs instead (`true() { …; }`).
    function_first: bool,
}

/// Every builtin, in name order (searched by bisection; a test keeps the order).
#[rustfmt::skip]
const BUILTINS: &[Builtin] = &[
    Builtin { name: ".", run: Some(dotcmd), listed: true, function_first: false },
    Builtin { name: ":", run: Some(truecmd), listed: true, function_first: true },
    Builtin { name: "[", run: None, listed: true, function_first: false },
    Builtin { name: "break", run: Some(breakcmd), listed: true, function_first: false },
    Builtin { name: "cd", run: Some(cdcmd), listed: true, function_first: false },
    Builtin { name: "command", run: Some(commandcmd), listed: true, function_first: false },
    Builtin { name: "continue", run: Some(breakcmd), listed: true, function_first: false },
    Builtin { name: "echo", run: None, listed: true, function_first: false },
    Builtin { name: "eval", run: Some(evalcmd), listed: true, function_first: false },
    Builtin { name: "exec", run: Some(execcmd), listed: true, function_first: false },
    Builtin { name: "exit", run: Some(exitcmd), listed: true, function_first: false },
    Builtin { name: "export", run: Some(exportcmd), listed: true, function_first: false },
    Builtin { name: "false", run: Some(falsecmd), listed: true, function_first: true },
    Builtin { name: "kill", run: Some(killcmd), listed: true, function_first: false },
    Builtin { name: "local", run: Some(localcmd), listed: true, function_first: false },
    Builtin { name: "printf", run: None, listed: true, function_first: false },
    Builtin { name: "pwd", run: Some(pwdcmd), listed: true, function_first: false },
    Builtin { name: "read", run: Some(readcmd), listed: true, function_first: false },
    Builtin { name: "readonly", run: Some(exportcmd), listed: true, function_first: false },
    Builtin { name: "return", run: Some(returncmd), listed: true, function_first: false },
    Builtin { name: "set", run: Some(setcmd), listed: true, function_first: false },
    Builtin { name: "shift", run: Some(shiftcmd), listed: true, function_first: false },
    Builtin { name: "source", run: Some(dotcmd), listed: true, function_first: false },
    Builtin { name: "test", run: None, listed: true, function_first: false },
    Builtin { name: "trap", run: Some(trapcmd), listed: true, function_first: false },
    Builtin { name: "true", run: Some(truecmd), listed: true, function_first: true },
    Builtin { name: "type", run: Some(commandcmd), listed: true, function_first: false },
    Builtin { name: "unset", run: Some(unsetcmd), listed: true, function_first: false },
    Builtin { name: "wait", run: Some(waitcmd), listed: true, function_first: false },
    Builtin { name: "which", run: Some(commandcmd), listed: false, function_first: false },
];

/// Whether `type` and `command -v` call `n` a shell builtin.
pub(super) fn is_builtin(n: &str) -> bool {
    BUILTINS.iter().any(|b| b.listed && b.name == n)
}

impl Machine {
    /// Runs `argv` if it names a builtin; `false` if it does not (or a function overrides it).
    pub(super) fn builtin(
        &mut self,
        w: &mut World<'_>,
        ti: usize,
        argv: &[String],
        assigns: &[(String, String)],
    ) -> bool {
        let name = argv[0].as_str();
        let Ok(i) = BUILTINS.binary_search_by(|b| b.name.cmp(name)) else {
            return false;
        };
        let b = &BUILTINS[i];
        let Some(run) = b.run else {
            return false;
        };
        if b.function_first && self.tasks[ti].st.funcs.contains_key(name) {
            return false;
        }
        let a = Args { name, args: &argv[1..], assigns, sh: self.sh_name(ti) };
        run(self, w, ti, &a);
        true
    }
}

fn set_status(m: &mut Machine, ti: usize, c: i32) {
    m.tasks[ti].st.status = c;
}

/// `:` / `true`.
fn truecmd(m: &mut Machine, _w: &mut World<'_>, ti: usize, _a: &Args<'_>) {
    set_status(m, ti, 0);
}

/// `false`.
fn falsecmd(m: &mut Machine, _w: &mut World<'_>, ti: usize, _a: &Args<'_>) {
    set_status(m, ti, 1);
}

/// `exit`.
fn exitcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let sh = &a.sh;
    let code = match args.first() {
        None => m.tasks[ti].st.status,
        Some(a) => match a.parse::<i64>() {
            Ok(n) => (n & 0xff) as i32,
            Err(_) => {
                m.err(w, ti, &format!("{sh}: exit: Illegal number: {a}"));
                2
            }
        },
    };
    m.tasks[ti].st.status = code;
    m.unwind(w, ti, Unwind::Exit);
}

/// `return`.
fn returncmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    if let Some(a) = args.first() {
        let c = a.parse::<i64>().map(|n| (n & 0xff) as i32).unwrap_or(2);
        m.tasks[ti].st.status = c;
    }
    m.unwind(w, ti, Unwind::Return);
}

/// `break` / `continue`.
fn breakcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let name = a.name;
    let args = a.args;
    let n = args.first().and_then(|a| a.parse::<u32>().ok()).unwrap_or(1).max(1);
    let in_loop = m.tasks[ti]
        .frames
        .iter()
        .rev()
        .take_while(|f| !matches!(f, Frame::FuncRet { .. } | Frame::SubEnd { .. }))
        .any(|f| matches!(f, Frame::Loop { .. } | Frame::For { .. }));
    if in_loop {
        m.unwind(w, ti, if name == "break" { Unwind::Break(n) } else { Unwind::Continue(n) });
    } else {
        set_status(m, ti, 0);
    }
}

/// `export` / `readonly`.
fn exportcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let name = a.name;
    let args = a.args;
    for a in args.iter().filter(|a| *a != "-p") {
        let (k, v) = match a.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (a.clone(), None),
        };
        if let Some(v) = v {
            m.tasks[ti].st.vars.insert(k.clone(), v);
        }
        if name == "export" {
            m.tasks[ti].st.exported.insert(k);
        }
    }
    if args.is_empty() {
        let st = &m.tasks[ti].st;
        let lines: String = st
            .exported
            .iter()
            .filter_map(|k| st.vars.get(k).map(|v| format!("export {k}='{v}'\n")))
            .collect();
        let out = st.fds.stdout.clone();
        m.write_to(w, &out, lines.as_bytes());
    }
    set_status(m, ti, 0);
}

/// `unset`.
fn unsetcmd(m: &mut Machine, _w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        m.tasks[ti].st.vars.remove(a);
        m.tasks[ti].st.funcs.remove(a);
        m.tasks[ti].st.exported.remove(a);
    }
    set_status(m, ti, 0);
}

/// `local`.
fn localcmd(m: &mut Machine, _w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    for a in args {
        let name = a.split_once('=').map(|(k, _)| k.to_string()).unwrap_or_else(|| a.clone());
        let prev = m.tasks[ti].st.vars.get(&name).cloned();
        if let Some(Frame::FuncRet { locals, .. }) =
            m.tasks[ti].frames.iter_mut().rev().find(|f| matches!(f, Frame::FuncRet { .. }))
        {
            if !locals.iter().any(|(k, _)| *k == name) {
                locals.push((name.clone(), prev));
            }
        }
        match a.split_once('=') {
            Some((k, v)) => {
                m.tasks[ti].st.vars.insert(k.into(), v.into());
            }
            None => {
                m.tasks[ti].st.vars.entry(a.clone()).or_default();
            }
        }
    }
    set_status(m, ti, 0);
}

/// `set`.
fn setcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let mut rest: Option<Vec<String>> = None;
    for (i, a) in args.iter().enumerate() {
        match a.as_str() {
            "--" => {
                rest = Some(args[i + 1..].to_vec());
                break;
            }
            "-e" => m.tasks[ti].st.errexit = true,
            "+e" => m.tasks[ti].st.errexit = false,
            "-x" => m.tasks[ti].st.xtrace = true,
            "+x" => m.tasks[ti].st.xtrace = false,
            "-ex" | "-xe" => {
                m.tasks[ti].st.errexit = true;
                m.tasks[ti].st.xtrace = true;
            }
            a if a.starts_with('-') || a.starts_with('+') => {}
            _ => {
                rest = Some(args[i..].to_vec());
                break;
            }
        }
    }
    if let Some(r) = rest {
        m.tasks[ti].st.args = r;
    }
    if args.is_empty() {
        let st = &m.tasks[ti].st;
        let lines: String = st.vars.iter().map(|(k, v)| format!("{k}='{v}'\n")).collect();
        let out = st.fds.stdout.clone();
        m.write_to(w, &out, lines.as_bytes());
    }
    set_status(m, ti, 0);
}

/// `shift`.
fn shiftcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let sh = &a.sh;
    let n = args.first().and_then(|a| a.parse::<usize>().ok()).unwrap_or(1);
    if n > m.tasks[ti].st.args.len() {
        m.err(w, ti, &format!("{sh}: shift: can't shift that many"));
        set_status(m, ti, 2);
        m.unwind(w, ti, Unwind::Exit);
    } else {
        m.tasks[ti].st.args.drain(..n);
        set_status(m, ti, 0);
    }
}

/// `cd`.
fn cdcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let sh = &a.sh;
    let home = m.tasks[ti].st.vars.get("HOME").cloned().unwrap_or_else(|| "/".into());
    let target = args.first().cloned().unwrap_or(home);
    let p = normalize(&m.tasks[ti].st.cwd, &target);
    match m.fs.stat(w.vols, &p) {
        Some(Kind::Dir) => {
            m.tasks[ti].st.cwd = p.clone();
            m.tasks[ti].st.vars.insert("PWD".into(), p);
            set_status(m, ti, 0);
        }
        Some(Kind::File | Kind::Fifo) => {
            m.err(w, ti, &format!("{sh}: cd: can't cd to {target}: Not a directory"));
            set_status(m, ti, 2);
        }
        None => {
            m.err(w, ti, &format!("{sh}: cd: can't cd to {target}: No such file or directory"));
            set_status(m, ti, 2);
        }
    }
}

/// `pwd`.
fn pwdcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, _a: &Args<'_>) {
    let out = m.tasks[ti].st.fds.stdout.clone();
    let line = format!("{}\n", m.tasks[ti].st.cwd);
    m.write_to(w, &out, line.as_bytes());
    set_status(m, ti, 0);
}

/// `read`.
fn readcmd(m: &mut Machine, _w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let names: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    if matches!(m.tasks[ti].st.fds.stdin, Input::Open) {
        m.tasks[ti].frames.push(Frame::Sleep { until: Millis(u64::MAX), code: 0 });
        return;
    }
    let line = match &m.tasks[ti].st.fds.stdin {
        Input::Empty | Input::Open => None,
        Input::Buf(b) => {
            let mut b = b.borrow_mut();
            let pos = b.1.min(b.0.len());
            if pos >= b.0.len() {
                None
            } else {
                let end = b.0[pos..]
                    .iter()
                    .position(|c| *c == b'\n')
                    .map(|i| pos + i)
                    .unwrap_or(b.0.len());
                let l = String::from_utf8_lossy(&b.0[pos..end]).into_owned();
                b.1 = (end + 1).min(b.0.len().max(end + 1));
                Some(l)
            }
        }
    };
    let names = if names.is_empty() { vec!["REPLY".to_string()] } else { names };
    let ok = line.is_some();
    let line = line.unwrap_or_default();
    let mut fields: Vec<&str> = line.split_whitespace().collect();
    for (i, n) in names.iter().enumerate() {
        let v = if i + 1 == names.len() {
            let rest = fields.join(" ");
            fields.clear();
            rest
        } else if fields.is_empty() {
            String::new()
        } else {
            fields.remove(0).to_string()
        };
        m.tasks[ti].st.vars.insert(n.clone(), v);
    }
    set_status(m, ti, if ok { 0 } else { 1 });
}

/// `eval`.
fn evalcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let text = args.join(" ");
    match parse(&text) {
        Ok(c) => m.tasks[ti].frames.push(Frame::Exec(c)),
        Err(e) => {
            let msg = m.syntax_message(&e, ti);
            m.err(w, ti, &msg);
            set_status(m, ti, 2);
        }
    }
}

/// `.` / `source`.
fn dotcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let sh = &a.sh;
    let Some(f) = args.first() else {
        set_status(m, ti, 0);
        return;
    };
    let p = normalize(&m.tasks[ti].st.cwd, f);
    match m.fs.read_contents(w.vols, &p) {
        Ok(d) => match parse(&String::from_utf8_lossy(&d)) {
            Ok(c) => m.tasks[ti].frames.push(Frame::Exec(c)),
            Err(e) => {
                let msg = m.syntax_message(&e, ti);
                m.err(w, ti, &msg);
                set_status(m, ti, 2);
            }
        },
        Err(_) => {
            m.err(w, ti, &format!("{sh}: .: can't open '{f}'"));
            set_status(m, ti, 2);
            m.unwind(w, ti, Unwind::Exit);
        }
    }
}

/// `exec`.
fn execcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let assigns = a.assigns;
    if args.is_empty() {
        // `exec >file`: the redirections stay; drop the Restore frame.
        if matches!(m.tasks[ti].frames.last(), Some(Frame::Restore(_))) {
            m.tasks[ti].frames.pop();
        }
        set_status(m, ti, 0);
    } else {
        m.tasks[ti].frames.push(Frame::ExitWith);
        let av = args.to_vec();
        let name = av[0].clone();
        // exec bypasses functions and most builtins.
        if m.tasks[ti].st.funcs.contains_key(&name) {
            m.external(w, ti, av, assigns.to_vec());
        } else {
            m.run_argv(w, ti, av, assigns.to_vec());
        }
    }
}

/// `trap`.
fn trapcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    if args.is_empty() {
        let lines: String = m.traps.iter().map(|(k, v)| format!("trap -- '{v}' {k}\n")).collect();
        let out = m.tasks[ti].st.fds.stdout.clone();
        m.write_to(w, &out, lines.as_bytes());
    } else if args.len() == 1 {
        m.traps.remove(&sig_name(&args[0]));
    } else {
        let action = args[0].clone();
        for s in &args[1..] {
            let k = sig_name(s);
            if k == "TERM" {
                m.note_term_trap_depth(ti);
            }
            if action == "-" {
                m.traps.remove(&k);
            } else {
                m.traps.insert(k, action.clone());
            }
        }
    }
    set_status(m, ti, 0);
}

/// `wait`.
fn waitcmd(m: &mut Machine, _w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let pid = args.first().and_then(|a| a.parse::<u32>().ok());
    m.tasks[ti].frames.push(Frame::Wait { pid });
}

/// `kill`.
fn killcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let args = a.args;
    let sh = &a.sh;
    let mut code = 0;
    let mut sig = 15;
    let mut pids = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-s" {
            sig = it.next().map(|x| sig_number(x)).unwrap_or(15);
        } else if let Some(x) = a.strip_prefix('-') {
            sig = sig_number(x);
        } else {
            pids.push(a.clone());
        }
    }
    for a in pids {
        let Ok(pid) = a.parse::<u32>() else {
            m.err(w, ti, &format!("{sh}: kill: invalid number '{a}'"));
            code = 1;
            continue;
        };
        if pid == 1 {
            // PID 1 only gets the signals it has handlers for (SIGKILL from inside
            // its own namespace is ignored by the kernel).
            if sig == 15 {
                m.term_pending = true;
            }
        } else if let Some(t) =
            m.tasks.iter_mut().find(|t| t.pid == pid && t.done.is_none() && !t.sync)
        {
            if sig != 0 {
                t.frames.clear();
                t.st.status = 128 + sig;
                t.done = Some(128 + sig);
                m.procs = m.procs.saturating_sub(1);
            }
        } else {
            m.err(w, ti, &format!("{sh}: kill: can't kill pid {pid}: No such process"));
            code = 1;
        }
    }
    set_status(m, ti, code);
}

/// `command`, `type`, `which`: `command -v NAME`, `type NAME` and `which NAME` say what NAME
/// is; `command CMD…` runs CMD bypassing functions.
fn commandcmd(m: &mut Machine, w: &mut World<'_>, ti: usize, a: &Args<'_>) {
    let (name, args) = (a.name, a.args);
    if name == "command" && args.first().is_none_or(|a| a != "-v") {
        let av = args.to_vec();
        if av.is_empty() {
            set_status(m, ti, 0);
        } else {
            m.external(w, ti, av, a.assigns.to_vec());
        }
        return;
    }
    let targets: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let path_var = m.tasks[ti].st.vars.get("PATH").cloned().unwrap_or_default();
    let cwd = m.tasks[ti].st.cwd.clone();
    let mut code = 0;
    let mut out = String::new();
    for t in targets {
        if is_builtin(t) || m.tasks[ti].st.funcs.contains_key(t.as_str()) {
            out.push_str(&if name == "type" {
                format!("{t} is a shell builtin\n")
            } else {
                format!("{t}\n")
            });
        } else if let Some(p) = m.which(w.vols, &path_var, &cwd, t) {
            out.push_str(&if name == "type" { format!("{t} is {p}\n") } else { format!("{p}\n") });
        } else {
            code = if name == "type" { 127 } else { 1 };
            if name == "type" {
                out.push_str(&format!("{t}: not found\n"));
            }
        }
    }
    let o = m.tasks[ti].st.fds.stdout.clone();
    m.write_to(w, &o, out.as_bytes());
    set_status(m, ti, code);
}

fn sig_name(s: &str) -> String {
    let s = s.trim_start_matches("SIG");
    match s {
        "15" => "TERM".into(),
        "2" => "INT".into(),
        "0" => "EXIT".into(),
        "1" => "HUP".into(),
        other => other.to_ascii_uppercase(),
    }
}

fn sig_number(s: &str) -> i32 {
    match s.trim_start_matches("SIG") {
        "0" => 0,
        "1" | "HUP" => 1,
        "2" | "INT" => 2,
        "9" | "KILL" => 9,
        "15" | "TERM" => 15,
        // Linux has 64 signals; anything else is treated as TERM.
        other => other.parse::<i32>().ok().filter(|n| (0..=64).contains(n)).unwrap_or(15),
    }
}

#[cfg(test)]
mod tests {
    use super::BUILTINS;

    #[test]
    fn the_builtin_table_is_in_name_order_with_one_row_per_name() {
        assert!(BUILTINS.windows(2).all(|w| w[0].name < w[1].name));
    }
}
