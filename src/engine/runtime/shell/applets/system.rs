//! The process and its system: `sleep`, `timeout`, `env`, `id`, `date`, `hostname`, `xargs`, ….

use super::{Call, Ctx, Outcome};
use crate::engine::time::Millis;

/// `true`.
pub(super) fn true_main(_c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    Outcome::Exit(0)
}

/// `false`.
pub(super) fn false_main(_c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    Outcome::Exit(1)
}

/// `sleep` / `usleep`.
pub(super) fn sleep_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
    if args.is_empty() {
        c.e("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...");
        return Outcome::Exit(1);
    }
    let mut total: u64 = 0;
    for a in args {
        let d = if prog == "usleep" {
            a.parse::<u64>().ok().map(|us| us / 1000)
        } else {
            parse_duration(a)
        };
        match d {
            Some(ms) => total = total.saturating_add(ms),
            None => {
                c.e(&if c.gnu() {
                    format!("sleep: invalid time interval '{a}'")
                } else {
                    format!("sleep: invalid number '{a}'")
                });
                return Outcome::Exit(1);
            }
        }
    }
    Outcome::Sleep { ms: total, code: 0 }
}

/// `id`.
pub(super) fn id_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let (n, u) = c.image.user;
    let uid = c.env.get("PODLAB_UID").and_then(|x| x.parse::<u32>().ok()).unwrap_or(u);
    if args.iter().any(|a| a == "-u") {
        c.o(&format!("{uid}\n"));
    } else if args.iter().any(|a| a == "-un") {
        c.o(&format!("{n}\n"));
    } else {
        let name = if uid == 0 { "root".to_string() } else { n.to_string() };
        c.o(&format!("uid={uid}({name}) gid={uid}({name}) groups={uid}({name})\n"));
    }
    Outcome::Exit(0)
}

/// `whoami`.
pub(super) fn whoami_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    let uid = c.env.get("PODLAB_UID").and_then(|x| x.parse::<u32>().ok()).unwrap_or(c.image.user.1);
    if uid == 0 {
        c.o("root\n");
    } else if uid == c.image.user.1 {
        let n = c.image.user.0;
        c.o(&format!("{n}\n"));
    } else {
        c.e(&format!("whoami: unknown uid {uid}"));
        return Outcome::Exit(1);
    }
    Outcome::Exit(0)
}

/// `env` / `printenv`.
pub(super) fn env_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
    if prog == "printenv" && !args.is_empty() {
        let mut code = 0;
        for a in args {
            match c.env.get(a) {
                Some(v) => {
                    let v = v.clone();
                    c.o(&format!("{v}\n"));
                }
                None => code = 1,
            }
        }
        return Outcome::Exit(code);
    }
    if prog == "env" && !args.is_empty() {
        // env NAME=value cmd …
        let rest: Vec<String> =
            args.iter().skip_while(|a| a.contains('=') || a.starts_with('-')).cloned().collect();
        if !rest.is_empty() {
            return Outcome::Exec(rest);
        }
    }
    let s: String = c.env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    c.o(&s);
    Outcome::Exit(0)
}

/// `date`.
pub(super) fn date_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    // The node's clock is UTC, so `-u` changes nothing; `-I` and `-R` are formats; the
    // operand that starts with `+` is the format (busybox date, GNU date).
    let mut fmt: Option<&str> = None;
    for a in call.args {
        match a.as_str() {
            "-I" | "--iso-8601" => fmt = Some("+%F"),
            "-Iseconds" if c.gnu() => fmt = Some("+%Y-%m-%dT%H:%M:%S%:z"),
            "-Iseconds" => fmt = Some("+%Y-%m-%dT%H:%M:%S%z"),
            "-R" | "--rfc-2822" | "--rfc-email" => fmt = Some("+%a, %d %b %Y %H:%M:%S %z"),
            f if f.starts_with('+') => fmt = Some(f),
            _ => {}
        }
    }
    c.o(&format!("{}\n", date(c.now, fmt)));
    Outcome::Exit(0)
}

/// `hostname`.
pub(super) fn hostname_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    if args.iter().any(|a| a == "-i") {
        // The address /etc/hosts gives the hostname (the pod IP).
        let hosts =
            c.fs.read(c.vols, "/etc/hosts")
                .map(|d| String::from_utf8_lossy(&d).into_owned())
                .unwrap_or_default();
        let ip = hosts
            .lines()
            .find(|l| l.split_whitespace().skip(1).any(|n| n == c.hostname))
            .and_then(|l| l.split_whitespace().next())
            .map(String::from);
        return match ip {
            Some(ip) => {
                c.o(&format!("{ip}\n"));
                Outcome::Exit(0)
            }
            None => {
                c.e(&format!("hostname: {}: Name or service not known", c.hostname));
                Outcome::Exit(1)
            }
        };
    }
    let h = c.hostname.to_string();
    c.o(&format!("{h}\n"));
    Outcome::Exit(0)
}

/// `uname`.
pub(super) fn uname_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    c.o(if args.iter().any(|a| a == "-a") {
        "Linux podlab 6.8.0 #1 SMP x86_64 GNU/Linux\n"
    } else {
        "Linux\n"
    });
    Outcome::Exit(0)
}

/// `nproc`.
pub(super) fn nproc_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    c.o("2\n");
    Outcome::Exit(0)
}

/// `ps`.
pub(super) fn ps_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let argv = call.argv;
    c.o("PID   USER     TIME  COMMAND\n    1 root      0:00 ");
    c.o(&format!("{}\n", argv.join(" ")));
    Outcome::Exit(0)
}

/// `timeout`.
pub(super) fn timeout_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    // busybox: `timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS` (older: `-t SECS`); GNU:
    // `timeout [-s SIG] [-k DUR] DURATION COMMAND…`.
    let args = call.args;
    let mut signal = 15;
    let mut secs: Option<&str> = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        match a.as_str() {
            "-s" | "-k" | "-t" => {
                let Some(v) = args.get(i + 1) else { break };
                match a.as_str() {
                    "-s" => signal = signal_number(v),
                    "-t" => secs = Some(v),
                    _ => {}
                }
                i += 2;
            }
            "--" => {
                i += 1;
                break;
            }
            s if s.starts_with("-s") && s.len() > 2 => {
                signal = signal_number(&s[2..]);
                i += 1;
            }
            s if s.starts_with('-')
                && s.len() > 1
                && !s[1..].starts_with(|c: char| c.is_ascii_digit()) =>
            {
                i += 1
            }
            _ => break,
        }
    }
    if secs.is_none() {
        secs = args.get(i).map(String::as_str);
        i += 1;
    }
    let prog = &args[i.min(args.len())..];
    let (Some(secs), false) = (secs, prog.is_empty()) else {
        c.e(if c.gnu() {
            "timeout: missing operand"
        } else {
            "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS"
        });
        return Outcome::Exit(if c.gnu() { 125 } else { 1 });
    };
    let Some(ms) = parse_duration(secs) else {
        c.e(&if c.gnu() {
            format!("timeout: invalid time interval '{secs}'")
        } else {
            format!("timeout: invalid number '{secs}'")
        });
        return Outcome::Exit(if c.gnu() { 125 } else { 1 });
    };
    // busybox's timeout execs PROG itself and a grandchild signals it (coreutils/timeout.c),
    // so the shell sees PROG killed by the signal: 128 + SIG. GNU's timeout waits for its
    // child and exits 124 when the time ran out (128 + 9 when the signal was KILL).
    let code = match (c.gnu(), signal) {
        (true, 9) => 137,
        (true, _) => 124,
        (false, s) => 128 + s,
    };
    Outcome::Timeout { ms, code, argv: prog.to_vec() }
}

/// A signal named by number or name (`9`, `KILL`, `SIGKILL`); TERM for anything unknown.
fn signal_number(s: &str) -> i32 {
    match s.trim_start_matches("SIG") {
        "1" | "HUP" => 1,
        "2" | "INT" => 2,
        "9" | "KILL" => 9,
        "15" | "TERM" => 15,
        other => other.parse::<i32>().ok().filter(|n| (1..=64).contains(n)).unwrap_or(15),
    }
}

/// `xargs`.
pub(super) fn xargs_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let d = std::mem::take(&mut c.stdin);
    let mut av: Vec<String> = if args.is_empty() { vec!["echo".into()] } else { args.to_vec() };
    av.extend(String::from_utf8_lossy(&d).split_whitespace().map(String::from));
    Outcome::Exec(av)
}

/// `kill`.
pub(super) fn kill_main(_c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    Outcome::Exit(0)
}

/// Parses a duration as busybox `sleep` does: a number with an optional `s`/`m`/`h`/`d`
/// suffix, fractions allowed. `None` for anything else (`5,`) or an overflow.
pub fn parse_duration(a: &str) -> Option<u64> {
    // `sleep infinity` (GNU) / `sleep inf` (busybox, via strtod): forever.
    if matches!(a, "inf" | "infinity" | "INF" | "Infinity") {
        return Some(u64::MAX);
    }
    let (num, mult) = match a.chars().last()? {
        's' => (&a[..a.len() - 1], 1000u64),
        'm' => (&a[..a.len() - 1], 60_000),
        'h' => (&a[..a.len() - 1], 3_600_000),
        'd' => (&a[..a.len() - 1], 86_400_000),
        _ => (a, 1000),
    };
    if num.is_empty()
        || !num.chars().all(|c| c.is_ascii_digit() || c == '.')
        || num.matches('.').count() > 1
    {
        return None;
    }
    let (int, frac) = num.split_once('.').unwrap_or((num, ""));
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut ms = int.checked_mul(mult)?;
    if !frac.is_empty() {
        let f: f64 = format!("0.{frac}").parse().ok()?;
        ms = ms.checked_add((f * mult as f64) as u64)?;
    }
    Some(ms)
}

/// `date` output for a virtual instant (t = 0 is 2026-01-01T00:00:00Z, a Thursday).
/// `fmt` is `+FORMAT` (strftime's conversions); `None` gives the default format.
pub fn date(t: Millis, fmt: Option<&str>) -> String {
    let r = crate::engine::time::rfc3339(t);
    let (y, mo, d) = (&r[0..4], &r[5..7], &r[8..10]);
    let (hh, mm, ss) = (&r[11..13], &r[14..16], &r[17..19]);
    let days = t.0 / 86_400_000;
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        [mo.parse::<usize>().unwrap_or(1).saturating_sub(1).min(11)];
    match fmt.and_then(|f| f.strip_prefix('+')) {
        None => format!("{wd} {mon} {:>2} {hh}:{mm}:{ss} UTC {y}", d.trim_start_matches('0')),
        Some(f) => {
            let mut o = String::new();
            let mut it = f.chars();
            while let Some(ch) = it.next() {
                if ch != '%' {
                    o.push(ch);
                    continue;
                }
                match it.next() {
                    Some('T') => o.push_str(&format!("{hh}:{mm}:{ss}")),
                    Some('H') => o.push_str(hh),
                    Some('M') => o.push_str(mm),
                    Some('S') => o.push_str(ss),
                    Some('Y') => o.push_str(y),
                    Some('m') => o.push_str(mo),
                    Some('d') => o.push_str(d),
                    Some('F') => o.push_str(&r[..10]),
                    Some('s') => o.push_str(&(1_767_225_600 + t.0 / 1000).to_string()),
                    Some('Z') => o.push_str("UTC"),
                    Some('a') => o.push_str(wd),
                    Some('b') | Some('h') => o.push_str(mon),
                    Some('e') => o.push_str(&format!("{:>2}", d.trim_start_matches('0'))),
                    Some('y') => o.push_str(&y[2..]),
                    Some('z') => o.push_str("+0000"),
                    Some(':') if it.clone().next() == Some('z') => {
                        it.next();
                        o.push_str("+00:00");
                    }
                    Some('R') => o.push_str(&format!("{hh}:{mm}")),
                    Some('D') => o.push_str(&format!("{mo}/{d}/{}", &y[2..])),
                    Some('n') => o.push('\n'),
                    Some('t') => o.push('\t'),
                    Some('%') => o.push('%'),
                    Some(x) => {
                        o.push('%');
                        o.push(x);
                    }
                    None => o.push('%'),
                }
            }
            o
        }
    }
}
