//! Text tools: `echo`, `printf`, `cat`, `test`, `wc`, `head`/`tail`, `cut`, `tr`, `sort`, …
//! (busybox's coreutils applets; GNU wording where Debian's coreutils differ).

use super::{Call, Ctx, Outcome};
use crate::engine::runtime::fs::Kind;
use crate::engine::runtime::image::Dialect;
use crate::engine::sort::{sort, sort_by_key};

/// `echo`.
pub(super) fn echo_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
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
    Outcome::Exit(0)
}

/// `printf`.
pub(super) fn printf_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let Some(fmt) = args.first() else {
        c.e("printf: usage: printf FORMAT [ARGUMENT...]");
        return Outcome::Exit(1);
    };
    let s = printf(fmt, &args[1..]);
    c.o(&s);
    Outcome::Exit(0)
}

/// `cat`.
pub(super) fn cat_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let files: Vec<String> =
        args.iter().filter(|a| !a.starts_with('-') || *a == "-").cloned().collect();
    if files.iter().any(|f| f == "/dev/zero" || f == "/dev/urandom" || f == "/dev/random") {
        // An endless stream with no newline.
        return Outcome::Yes(vec![0u8; 4096]);
    }
    let (d, code) = c.read_input(&files, "cat");
    c.out.extend(d);
    Outcome::Exit(code)
}

/// `test` / `[` / `[[`.
pub(super) fn test_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
    let mut a = args.to_vec();
    if prog != "test" {
        let close = if prog == "[" { "]" } else { "]]" };
        if a.last().map(String::as_str) != Some(close) {
            c.e(&format!("{prog}: missing {close}"));
            return Outcome::Exit(2);
        }
        a.pop();
    }
    Outcome::Exit(match test(c, &a) {
        Ok(b) => i32::from(!b),
        Err(m) => {
            c.e(&format!("sh: {m}"));
            2
        }
    })
}

/// `wc`.
pub(super) fn wc_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    let (d, code) = c.read_input(&files, "wc");
    let l = d.iter().filter(|b| **b == b'\n').count();
    let w = String::from_utf8_lossy(&d).split_whitespace().count();
    let flags: String =
        args.iter().filter(|a| a.starts_with('-')).map(|a| a.trim_start_matches('-')).collect();
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
    Outcome::Exit(code)
}

/// `head` / `tail`.
pub(super) fn head_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
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
            n = args.get(i + 1).and_then(|x| x.trim_start_matches('+').parse().ok()).unwrap_or(10);
            i += 1;
        } else if let Some(x) = a.strip_prefix("-n") {
            n = x.parse().unwrap_or(10);
        } else if a.starts_with('-') && a[1..].chars().all(|ch| ch.is_ascii_digit()) && a.len() > 1
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
    Outcome::Exit(code)
}

/// `cut`.
pub(super) fn cut_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
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
    Outcome::Exit(code)
}

/// `tr`.
pub(super) fn tr_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
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
    Outcome::Exit(0)
}

/// `seq`.
pub(super) fn seq_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
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
    while step != 0 && ((step > 0 && i <= last) || (step < 0 && i >= last)) && count < 100_000 {
        c.o(&format!("{i}\n"));
        let Some(next) = i.checked_add(step) else { break };
        i = next;
        count += 1;
    }
    Outcome::Exit(0)
}

/// `yes`.
pub(super) fn yes_main(_c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let mut l = if args.is_empty() { "y".to_string() } else { args.join(" ") };
    l.push('\n');
    Outcome::Yes(l.into_bytes())
}

/// `sort`.
pub(super) fn sort_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    let (d, code) = c.read_input(&files, "sort");
    let mut ls = lines(&d);
    if args.iter().any(|a| a.starts_with('-') && a.contains('n')) {
        sort_by_key(&mut ls, |l| l.trim().parse::<i64>().unwrap_or(0));
    } else {
        sort(&mut ls);
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
    Outcome::Exit(code)
}

/// `uniq`.
pub(super) fn uniq_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    let (d, code) = c.read_input(&[], "uniq");
    let mut ls = lines(&d);
    ls.dedup();
    for l in ls {
        c.o(&format!("{l}\n"));
    }
    Outcome::Exit(code)
}

/// `tee`.
pub(super) fn tee_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
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
    Outcome::Exit(code)
}

/// `expr`.
pub(super) fn expr_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let r = expr(args);
    Outcome::Exit(match r {
        Some(v) => {
            c.o(&format!("{v}\n"));
            i32::from(v == "0" || v.is_empty())
        }
        None => {
            c.e("expr: syntax error");
            2
        }
    })
}

/// `base64`.
pub(super) fn base64_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
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
    Outcome::Exit(code)
}

/// `md5sum` / `sha256sum`.
pub(super) fn md5sum_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
    let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    let (d, code) = c.read_input(&files, prog);
    let h = crate::engine::runtime::image::digest(&String::from_utf8_lossy(&d));
    let h = if prog == "md5sum" { h[..32].to_string() } else { h };
    let name = files.first().cloned().unwrap_or_else(|| "-".into());
    c.o(&format!("{h}  {name}\n"));
    Outcome::Exit(code)
}

pub(super) fn lines(d: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(d);
    let mut v: Vec<String> = s.split('\n').map(String::from).collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

pub(super) fn unescape(s: &str) -> String {
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

pub(super) fn printf(fmt: &str, args: &[String]) -> String {
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

pub(super) fn test(c: &mut Ctx<'_>, a: &[String]) -> Result<bool, String> {
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
                "-p" => k == Some(Kind::Fifo),
                "-L" | "-h" | "-S" | "-b" | "-c" => false,
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

pub(super) fn ranges(spec: &str, n: usize) -> Vec<usize> {
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

pub(super) fn expand_set(s: &str) -> Vec<char> {
    match s {
        "[:upper:]" | "A-Z" => ('A'..='Z').collect(),
        "[:lower:]" | "a-z" => ('a'..='z').collect(),
        "[:digit:]" | "0-9" => ('0'..='9').collect(),
        _ => unescape(s).chars().collect(),
    }
}

pub(super) fn expr(a: &[String]) -> Option<String> {
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

pub(super) const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(super) fn b64_encode(d: &[u8]) -> String {
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

pub(super) fn b64_decode(s: &str) -> Option<Vec<u8>> {
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
