//! The seam between the kubectl console and the engine: one function, [`run_console`], takes a
//! command line and the lab's state at the playhead and returns what kubectl prints plus, for
//! commands that change the cluster (`delete pod`, `apply`), the [`Action`] to add at the
//! playhead's virtual time (the UI then re-simulates).


use crate::engine::kubectl::console::Console;
use crate::engine::kubelet::{Action, Scenario, Timeline};
use crate::engine::time::Millis;

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

/// Words the console completes with Tab, before pod and container names.
pub const COMPLETIONS: [&str; 14] = ["kubectl", "get", "pods", "describe", "pod", "logs", "exec", "delete", "apply", "-f", "-c", "--previous", "-o", "wide"];

/// Runs one console line through the engine's kubectl console (parser, printers and kubectl's
/// own error wording live in [`crate::engine::kubectl::console`]; this is only the seam).
pub fn run_console(line: &str, ctx: &ConsoleCtx<'_>) -> ConsoleResult {
    let pods = crate::engine::kubectl::get::pod_cells;
    let console = Console { timeline: ctx.timeline, scenario: ctx.scenario, now: ctx.t, editor: ctx.editor_text, files: &[], pods: &pods };
    let o = console.run(line);
    ConsoleResult { output: o.text(), action: o.action.map(|(_, a)| a) }
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
    fn tab_completes_words_and_names() {
        assert_eq!(complete("kubectl lo", &[]).as_deref(), Some("kubectl logs "));
        assert_eq!(complete("kubectl logs two", &["two-inits".into()]).as_deref(), Some("kubectl logs two-inits "));
        assert_eq!(complete("kubectl d", &[]).as_deref(), Some("kubectl de"));
        assert_eq!(complete("kubectl zz", &[]), None);
    }
}
