//! The seam between the kubectl console and the engine: one function, [`run_console`], takes a
//! command line and the lab's state at the playhead and returns what kubectl prints plus, for
//! commands that change the cluster (`delete pod`, `apply`), the [`Action`] to add at the
//! playhead's virtual time (the UI then re-simulates).
//!
//! Interim: the `kubectl` helper's parser (`engine::kubectl::console`) replaces the body of
//! [`run_console`] at merge; until then this handles `get pods`, `logs`, `exec`, `delete pod`
//! and `apply -f -` with the engine's contract APIs and says plainly what it does not know yet.

use crate::engine::admission::admit;
use crate::engine::kubelet::{exec_at, Action, Scenario, Timeline};
use crate::engine::time::Millis;
use crate::ui::cards::pod_cards;

/// What the console needs to answer.
pub struct ConsoleCtx<'a> {
    /// The scenario the timeline came from.
    pub scenario: &'a Scenario,
    /// Its timeline.
    pub timeline: &'a Timeline,
    /// The playhead.
    pub t: Millis,
    /// The editor's text (`apply -f -`).
    pub editor_text: &'a str,
}

/// The console's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleResult {
    /// Text printed (stdout and stderr interleaved as a terminal shows them).
    pub output: String,
    /// A cluster change to apply at the playhead, if any.
    pub action: Option<Action>,
}

fn out(s: impl Into<String>) -> ConsoleResult {
    ConsoleResult { output: s.into(), action: None }
}

/// Words the console completes with Tab, before pod and container names.
pub const COMPLETIONS: [&str; 14] = ["kubectl", "get", "pods", "describe", "pod", "logs", "exec", "delete", "apply", "-f", "-c", "--previous", "-o", "wide"];

/// Runs one console line.
pub fn run_console(line: &str, ctx: &ConsoleCtx<'_>) -> ConsoleResult {
    let words: Vec<&str> = line.split_whitespace().collect();
    let args: &[&str] = match words.first() {
        None => return out(""),
        Some(&"kubectl") => &words[1..],
        Some(other) => return out(format!("podlab: {other}: command not found (this console runs kubectl)")),
    };
    match args {
        ["get", "pods" | "pod" | "po", rest @ ..] if rest.iter().all(|a| a.starts_with('-')) => {
            let cards = pod_cards(ctx.timeline, ctx.t);
            if cards.is_empty() {
                return out("No resources found in default namespace.");
            }
            let rows: Vec<_> = cards.iter().map(|c| c.row.clone()).collect();
            out(table(&rows))
        }
        ["logs", rest @ ..] => logs(rest, ctx),
        ["exec", pod, rest @ ..] => {
            let (container, argv) = match rest {
                ["-c", c, "--", argv @ ..] => (Some(*c), argv),
                ["--", argv @ ..] => (None, argv),
                _ => return out("error: you must specify a command after --, e.g. kubectl exec POD -- ls"),
            };
            let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
            match exec_at(ctx.scenario, ctx.t, pod, container, &argv) {
                Ok(o) => {
                    let mut s = o.stdout + &o.stderr;
                    if o.exit_code != 0 {
                        s.push_str(&format!("command terminated with exit code {}", o.exit_code));
                    }
                    out(s)
                }
                Err(e) => out(e),
            }
        }
        ["delete", "pod" | "pods" | "po", name] => {
            if ctx.timeline.pod_at(name, ctx.t).is_none() {
                return out(format!("Error from server (NotFound): pods \"{name}\" not found"));
            }
            ConsoleResult { output: format!("pod \"{name}\" deleted"), action: Some(Action::DeletePod(name.to_string())) }
        }
        ["apply", "-f", "-"] => {
            let a = admit(ctx.editor_text);
            if a.has_errors() {
                let msgs: Vec<String> = a.diagnostics.iter().map(|d| format!("error: line {}: {}", d.line, d.message)).collect();
                return out(msgs.join("\n"));
            }
            let text = a.objects.iter().map(|o| format!("{}/{} created", o.kind().to_lowercase(), o.metadata().name)).collect::<Vec<_>>().join("\n");
            ConsoleResult { output: text, action: Some(Action::Apply(a.objects)) }
        }
        _ => out(format!("podlab: `kubectl {}` is not supported by this console yet", args.join(" "))),
    }
}

fn logs(args: &[&str], ctx: &ConsoleCtx<'_>) -> ConsoleResult {
    let (mut pod, mut container, mut previous) = (None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "-c" | "--container" => container = it.next().copied(),
            "-p" | "--previous" => previous = true,
            "-f" | "--follow" => {}
            s if s.starts_with('-') => return out(format!("error: unknown flag: {s}")),
            s => pod = Some(s),
        }
    }
    let Some(pod) = pod else { return out("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.") };
    let Some(view) = ctx.timeline.pod_at(pod, ctx.t) else { return out(format!("Error from server (NotFound): pods \"{pod}\" not found")) };
    let container = match container {
        Some(c) => c.to_string(),
        None if view.pod.spec.containers.len() == 1 => view.pod.spec.containers[0].name.clone(),
        None => {
            let names: Vec<&str> = view.pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
            return out(format!("error: a container name must be specified for pod {pod}, choose one of: [{}]", names.join(" ")));
        }
    };
    match ctx.timeline.logs(pod, &container, previous, ctx.t) {
        Some(lines) => out(lines.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join("\n")),
        None if previous => out(format!("Error from server (BadRequest): previous terminated container \"{container}\" in pod \"{pod}\" not found")),
        None => out(format!("Error from server (BadRequest): container \"{container}\" in pod \"{pod}\" is waiting to start: PodInitializing")),
    }
}

/// `kubectl get pods` as a table with the header, padded as kubectl's tabwriter pads (each
/// column as wide as its widest cell, three spaces between columns).
pub fn table(rows: &[crate::ui::cards::GetRow]) -> String {
    let cells: Vec<[&str; 5]> = std::iter::once(["NAME", "READY", "STATUS", "RESTARTS", "AGE"])
        .chain(rows.iter().map(|r| [r.name.as_str(), r.ready.as_str(), r.status.as_str(), r.restarts.as_str(), r.age.as_str()]))
        .collect();
    let mut w = [0usize; 5];
    for row in &cells {
        for (i, c) in row.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    cells
        .iter()
        .map(|r| {
            let mut line = String::new();
            for (i, c) in r.iter().enumerate() {
                if i == 4 {
                    line.push_str(c);
                } else {
                    line.push_str(&format!("{c:<width$}   ", width = w[i]));
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Tab completion: the longest completion of the line's last word among the console's words
/// and `names` (pods, containers). Returns the new line, or `None` if nothing fits.
pub fn complete(line: &str, names: &[String]) -> Option<String> {
    let (head, last) = match line.rfind(' ') {
        Some(i) => (&line[..=i], &line[i + 1..]),
        None => ("", line),
    };
    let cands: Vec<&str> = COMPLETIONS.iter().copied().chain(names.iter().map(String::as_str)).filter(|c| c.starts_with(last) && *c != last).collect();
    let first = cands.first()?;
    // The common prefix of every candidate (one candidate: the whole word plus a space).
    let mut prefix: String = first.to_string();
    for c in &cands[1..] {
        while !c.starts_with(&prefix) {
            prefix.pop();
        }
    }
    if cands.len() == 1 {
        prefix.push(' ');
    }
    (prefix.len() > last.len()).then(|| format!("{head}{prefix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(s: &'a Scenario, tl: &'a Timeline) -> ConsoleCtx<'a> {
        ConsoleCtx { scenario: s, timeline: tl, t: Millis::ZERO, editor_text: "" }
    }

    #[test]
    fn get_pods_with_nothing_applied_says_no_resources() {
        let (s, tl) = (Scenario::default(), Timeline::default());
        assert_eq!(run_console("kubectl get pods", &ctx(&s, &tl)).output.trim_end(), "No resources found in default namespace.");
        assert!(run_console("ls", &ctx(&s, &tl)).output.contains("command not found"));
    }

    #[test]
    fn deleting_a_missing_pod_is_refused_without_an_action() {
        let (s, tl) = (Scenario::default(), Timeline::default());
        let r = run_console("kubectl delete pod nope", &ctx(&s, &tl));
        assert_eq!((r.output.trim_end(), r.action), ("Error from server (NotFound): pods \"nope\" not found", None));
    }

    #[test]
    fn the_table_pads_columns_like_kubectl() {
        let row = crate::ui::cards::GetRow { name: "two-inits".into(), ready: "0/1".into(), status: "Init:0/2".into(), restarts: "0".into(), age: "1s".into() };
        assert_eq!(table(&[row]), "NAME        READY   STATUS     RESTARTS   AGE\ntwo-inits   0/1     Init:0/2   0          1s");
    }

    #[test]
    fn tab_completes_words_and_names() {
        assert_eq!(complete("kubectl lo", &[]).as_deref(), Some("kubectl logs "));
        assert_eq!(complete("kubectl logs two", &["two-inits".into()]).as_deref(), Some("kubectl logs two-inits "));
        assert_eq!(complete("kubectl d", &[]).as_deref(), Some("kubectl de"));
        assert_eq!(complete("kubectl zz", &[]), None);
    }
}
