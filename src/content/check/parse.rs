//! Check lines as lessons write them (`finished_before(pod, a, b)`, `phase(pod, Running) at 12s`)
//! parsed into [`Check`]s, with the learner-facing error for a line that does not parse.

use super::*;

/// Splits `a, "b, c", d` into arguments (quotes keep commas; `\"` escapes a quote).
pub(super) fn split_args(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => cur.extend(chars.next()),
            '"' => {
                if !quoted && !was_quoted {
                    if !cur.trim().is_empty() {
                        return Err(format!("unexpected quote after {:?}", cur.trim()));
                    }
                    cur.clear(); // spaces before the opening quote are not part of the value
                }
                quoted = !quoted;
                was_quoted = true;
            }
            ',' if !quoted => {
                out.push(if was_quoted {
                    std::mem::take(&mut cur)
                } else {
                    cur.trim().to_string()
                });
                cur.clear();
                was_quoted = false;
            }
            c if was_quoted && !quoted => {
                if !c.is_whitespace() {
                    return Err(format!("unexpected {c:?} after a quoted argument"));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err("unterminated quote".into());
    }
    let last = if was_quoted { cur } else { cur.trim().to_string() };
    if !(last.is_empty() && out.is_empty() && !was_quoted) {
        out.push(last);
    }
    Ok(out)
}

/// Parses `60s`, `2m`, `90` (seconds).
pub(super) fn parse_duration(s: &str) -> Result<Millis, String> {
    let s = s.trim();
    let (num, mult) = if let Some(n) = s.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1000)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60_000)
    } else {
        (s, 1000)
    };
    num.trim()
        .parse::<u64>()
        .map(|n| Millis(n.saturating_mul(mult)))
        .map_err(|_| format!("bad duration {s:?}"))
}

pub(super) fn parse_phase(s: &str) -> Result<PodPhase, String> {
    Ok(match s {
        "Pending" => PodPhase::Pending,
        "Running" => PodPhase::Running,
        "Succeeded" => PodPhase::Succeeded,
        "Failed" => PodPhase::Failed,
        "Unknown" => PodPhase::Unknown,
        _ => return Err(format!("unknown phase {s:?} (Pending, Running, Succeeded, Failed)")),
    })
}

/// Parses one check line.
pub fn parse(line: &str) -> Result<Check, String> {
    let line = line.trim();
    let open = line.find('(').ok_or_else(|| format!("expected name(args) in {line:?}"))?;
    let close = line.rfind(')').ok_or_else(|| format!("missing ')' in {line:?}"))?;
    if close < open {
        return Err(format!("misplaced parentheses in {line:?}"));
    }
    let name = line[..open].trim();
    let args = split_args(&line[open + 1..close])?;
    let rest = line[close + 1..].trim();
    let when = if rest.is_empty() {
        When::Default
    } else if let Some(d) = rest.strip_prefix("within") {
        When::Within(parse_duration(d)?)
    } else if let Some(d) = rest.strip_prefix("at ") {
        if !matches!(name, "phase" | "ready") {
            return Err(format!("{name} does not take `at` (only phase and ready do)"));
        }
        When::At(parse_duration(d)?)
    } else {
        return Err(format!(
            "unexpected {rest:?} after the check (only `within <N>s` or `at <N>s` may follow)"
        ));
    };
    let want = |n: usize| -> Result<(), String> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!("{name} takes {n} argument(s), got {}", args.len()))
        }
    };
    let a = |i: usize| args.get(i).cloned().unwrap_or_default();
    let no_when = || -> Result<(), String> {
        if when == When::Default {
            Ok(())
        } else {
            Err(format!("{name} does not take `within`"))
        }
    };
    let check = match name {
        "phase" => {
            want(2)?;
            Check::Phase { pod: a(0), phase: parse_phase(&a(1))?, when }
        }
        "status_seen" => {
            want(2)?;
            Check::StatusSeen { pod: a(0), status: a(1), when }
        }
        "status_never" => {
            want(2)?;
            no_when()?;
            Check::StatusNever { pod: a(0), status: a(1) }
        }
        "ready" => {
            want(1)?;
            Check::Ready { pod: a(0), when }
        }
        "no_restarts" | "unscheduled" => {
            want(1)?;
            no_when()?;
            if name == "no_restarts" {
                Check::NoRestarts { pod: a(0) }
            } else {
                Check::Unscheduled { pod: a(0) }
            }
        }
        "restarts_at_least" => {
            want(3)?;
            no_when()?;
            let min = a(2)
                .parse()
                .map_err(|_| format!("restarts_at_least: {:?} is not a count", a(2)))?;
            Check::RestartsAtLeast { pod: a(0), container: a(1), min }
        }
        "exit_code" => {
            want(3)?;
            no_when()?;
            let code =
                a(2).parse().map_err(|_| format!("exit_code: {:?} is not a number", a(2)))?;
            Check::ExitCode { pod: a(0), container: a(1), code }
        }
        "ran_once" | "never_started" => {
            want(2)?;
            no_when()?;
            if name == "ran_once" {
                Check::RanOnce { pod: a(0), container: a(1) }
            } else {
                Check::NeverStarted { pod: a(0), container: a(1) }
            }
        }
        "started_before" | "finished_before" | "ready_before" => {
            want(3)?;
            no_when()?;
            let (pod, first, then) = (a(0), a(1), a(2));
            match name {
                "started_before" => Check::StartedBefore { pod, first, then },
                "finished_before" => Check::FinishedBefore { pod, first, then },
                _ => Check::ReadyBefore { pod, first, then },
            }
        }
        "log_contains" | "log_lacks" => {
            want(3)?;
            no_when()?;
            let (pod, container, text) = (a(0), a(1), a(2));
            if name == "log_contains" {
                Check::LogContains { pod, container, text }
            } else {
                Check::LogLacks { pod, container, text }
            }
        }
        "file_contains" => {
            want(4)?;
            no_when()?;
            Check::FileContains { pod: a(0), volume: a(1), path: a(2), text: a(3) }
        }
        "restarts_shown" => {
            want(2)?;
            no_when()?;
            Check::RestartsShown { pod: a(0), text: a(1) }
        }
        "reason_seen" => {
            want(3)?;
            no_when()?;
            Check::ReasonSeen { pod: a(0), container: a(1), reason: a(2) }
        }
        "started_after" => {
            want(3)?;
            no_when()?;
            Check::StartedAfter { pod: a(0), container: a(1), after: parse_duration(&a(2))? }
        }
        "request_at_least" => {
            want(4)?;
            no_when()?;
            let (q, _) = crate::engine::admission::quantity::parse(&a(3))
                .map_err(|e| format!("request_at_least: {:?} is not a quantity: {e}", a(3)))?;
            Check::RequestAtLeast {
                pod: a(0),
                container: a(1),
                resource: a(2),
                milli: q.milli,
                text: a(3),
            }
        }
        "event_seen" => {
            want(2)?;
            no_when()?;
            Check::EventSeen { pod: a(0), reason: a(1) }
        }
        _ => return Err(format!("unknown check {name:?}")),
    };
    Ok(check)
}
