//! The pattern-driven line filters: `grep`, `sed` and `awk` (the subset scripts in
//! container commands use).

use super::text::lines;
use super::{Call, Ctx, Outcome};

/// `grep`.
pub(super) fn grep_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    Outcome::Exit(grep(c, call.args))
}

/// `egrep`.
pub(super) fn egrep_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let mut a = vec!["-E".to_string()];
    a.extend(args.iter().cloned());
    Outcome::Exit(grep(c, &a))
}

/// `awk`.
pub(super) fn awk_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    Outcome::Exit(awk(c, call.args))
}

/// `sed`.
pub(super) fn sed_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    Outcome::Exit(sed(c, call.args))
}

pub(super) fn grep(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let mut flags = String::new();
    let mut ops = Vec::new();
    let mut pat: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-e" {
            pat = args.get(i + 1).cloned();
            i += 1;
        } else if a.starts_with('-') && a.len() > 1 {
            flags.push_str(&a[1..]);
        } else {
            ops.push(a.clone());
        }
        i += 1;
    }
    let pat = match pat {
        Some(p) => p,
        None if !ops.is_empty() => ops.remove(0),
        None => {
            c.e("Usage: grep [-HhnlLoqvsrRiwFE] PATTERN [FILE]...");
            return 2;
        }
    };
    let (d, code) = c.read_input(&ops, "grep");
    let ci = flags.contains('i');
    let fixed = flags.contains('F');
    let mut found = false;
    let mut count = 0;
    // -E (or egrep) alternation `a|b`, and basic `a\|b`.
    let extended = flags.contains('E');
    let alts: Vec<String> = if fixed {
        vec![pat.clone()]
    } else if extended {
        pat.split('|').map(String::from).collect()
    } else {
        pat.split("\\|").map(String::from).collect()
    };
    for l in lines(&d) {
        let hit = alts.iter().any(|a| simple_regex(a, &l, ci, fixed)) != flags.contains('v');
        if hit {
            found = true;
            count += 1;
            if !flags.contains('q') && !flags.contains('c') {
                c.o(&format!("{l}\n"));
            }
        }
    }
    if flags.contains('c') {
        c.o(&format!("{count}\n"));
    }
    if code != 0 && !found {
        return 2;
    }
    i32::from(!found)
}

/// A small regular-expression matcher: literal text with `^`, `$`, `.`, `.*` and `[…]`.
/// Enough for the patterns init containers use (`grep -q ready`, `^nameserver`).
pub(super) fn simple_regex(pat: &str, line: &str, ci: bool, fixed: bool) -> bool {
    let (p, l) = if ci {
        (pat.to_lowercase(), line.to_lowercase())
    } else {
        (pat.to_string(), line.to_string())
    };
    if fixed || !p.contains(['^', '$', '.', '*', '[', '\\']) {
        return l.contains(&p);
    }
    let anchored_start = p.starts_with('^');
    let anchored_end = p.ends_with('$') && !p.ends_with("\\$");
    let mut glob = String::new();
    let body = p.trim_start_matches('^');
    let body = if anchored_end { &body[..body.len() - 1] } else { body };
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'*') => {
                glob.push('*');
                i += 2;
                continue;
            }
            '.' => glob.push('?'),
            '\\' if i + 1 < chars.len() => {
                glob.push('\\');
                glob.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '*' | '?' => {
                glob.push('\\');
                glob.push(chars[i]);
            }
            ch => glob.push(ch),
        }
        i += 1;
    }
    let g = format!(
        "{}{glob}{}",
        if anchored_start { "" } else { "*" },
        if anchored_end { "" } else { "*" }
    );
    crate::engine::runtime::shell::pattern::matches(&g, &l)
}

/// A small awk: `[-F sep] '[/re/ | NR==n | $i=="s"] { print item, … }'` and `'{ print }'` —
/// the one-liners init containers use to pick fields. Anything else is refused honestly.
pub(super) fn awk(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let mut sep: Option<String> = None;
    let mut prog: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-F" {
            sep = args.get(i + 1).cloned();
            i += 1;
        } else if let Some(f) = a.strip_prefix("-F") {
            sep = Some(f.to_string());
        } else if prog.is_none() {
            prog = Some(a.clone());
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let Some(prog) = prog else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...");
        return 1;
    };
    let p = prog.trim();
    let (pattern, action) = match p.find('{') {
        Some(i) if p.ends_with('}') => (p[..i].trim(), p[i + 1..p.len() - 1].trim()),
        _ => (p, "print"),
    };
    let items: Vec<String> = match action.strip_prefix("print") {
        Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
            rest.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect()
        }
        _ => {
            c.e(&format!(
                "podlab: this awk program is not simulated (only print of fields): {prog}"
            ));
            return 2;
        }
    };
    let (d, code) = c.read_input(&files, "awk");
    for (nr, line) in lines(&d).iter().enumerate() {
        let fields: Vec<&str> = match &sep {
            Some(s) if !s.is_empty() && s != " " => line.split(s.as_str()).collect(),
            _ => line.split_whitespace().collect(),
        };
        let field = |spec: &str| -> String {
            let idx = match spec.trim_start_matches('$') {
                "NF" if spec.starts_with('$') => fields.len(),
                n => n.parse::<usize>().unwrap_or(0),
            };
            if idx == 0 {
                line.clone()
            } else {
                fields.get(idx - 1).map(|x| x.to_string()).unwrap_or_default()
            }
        };
        let selected = if pattern.is_empty() {
            true
        } else if let Some(re) = pattern.strip_prefix('/').and_then(|x| x.strip_suffix('/')) {
            simple_regex(re, line, false, false)
        } else if let Some(n) = pattern.strip_prefix("NR==") {
            n.trim().parse::<usize>().ok() == Some(nr + 1)
        } else if let Some((l, r)) = pattern.split_once("==") {
            field(l.trim()) == r.trim().trim_matches('"')
        } else {
            c.e(&format!("podlab: this awk pattern is not simulated: {pattern}"));
            return 2;
        };
        if !selected {
            continue;
        }
        let out: Vec<String> = if items.is_empty() {
            vec![line.clone()]
        } else {
            items
                .iter()
                .map(|it| {
                    if let Some(lit) = it.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                        lit.to_string()
                    } else if it == "NF" {
                        fields.len().to_string()
                    } else if it == "NR" {
                        (nr + 1).to_string()
                    } else {
                        field(it)
                    }
                })
                .collect()
        };
        c.o(&format!("{}\n", out.join(" ")));
    }
    code
}

pub(super) fn sed(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let mut in_place = false;
    let mut script: Option<String> = None;
    let mut files = Vec::new();
    let mut quiet = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-i" {
            in_place = true;
        } else if a == "-n" {
            quiet = true;
        } else if a == "-e" {
            script = args.get(i + 1).cloned();
            i += 1;
        } else if script.is_none() && !a.starts_with('-') {
            script = Some(a.clone());
        } else if !a.starts_with('-') {
            files.push(a.clone());
        }
        i += 1;
    }
    let Some(script) = script else {
        c.e("sed: no script specified");
        return 1;
    };
    // Only s/re/rep/[g] (any delimiter) and `p`/`d` with no address are supported.
    let ch: Vec<char> = script.chars().collect();
    let sub = if ch.first() == Some(&'s') && ch.len() > 1 {
        let d = ch[1];
        let parts: Vec<String> = script[1 + d.len_utf8()..].split(d).map(String::from).collect();
        if parts.len() < 3 {
            c.e(&format!("sed: unmatched '{d}'"));
            return 1;
        }
        Some((parts[0].clone(), parts[1].clone(), parts[2].contains('g')))
    } else {
        None
    };
    let run = |data: &[u8]| -> String {
        let mut out = String::new();
        for l in lines(data) {
            let nl = match &sub {
                Some((re, rep, g)) => {
                    let re_lit = re.trim_start_matches('^').trim_end_matches('$');
                    if re.starts_with('^') {
                        match l.strip_prefix(re_lit) {
                            Some(rest) => format!("{rep}{rest}"),
                            None => l.clone(),
                        }
                    } else if re.ends_with('$') && !re_lit.is_empty() {
                        match l.strip_suffix(re_lit) {
                            Some(rest) => format!("{rest}{rep}"),
                            None => l.clone(),
                        }
                    } else if re_lit.is_empty() {
                        l.clone()
                    } else if *g {
                        l.replace(re_lit, rep)
                    } else {
                        l.replacen(re_lit, rep, 1)
                    }
                }
                None if script == "d" => continue,
                None => l.clone(),
            };
            if !quiet {
                out.push_str(&nl);
                out.push('\n');
            }
        }
        out
    };
    if in_place {
        let mut code = 0;
        for f in &files {
            match c.fs.read_contents(c.vols, &c.path(f)) {
                Ok(d) => {
                    let o = run(&d);
                    if let Err(e) = c.write_file(f, o.as_bytes(), false) {
                        c.e(&format!("sed: {f}: {}", e.text()));
                        code = 4;
                    }
                }
                Err(e) => {
                    c.e(&format!("sed: {f}: {}", e.text()));
                    code = 1;
                }
            }
        }
        return code;
    }
    let (d, code) = c.read_input(&files, "sed");
    let o = run(&d);
    c.o(&o);
    code
}
