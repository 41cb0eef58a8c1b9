//! The seam between the kubectl console and the engine: [`run_console`] takes a command line
//! and the lab's state at the playhead and returns what kubectl prints plus, for commands that
//! change the cluster (`delete pod`, `apply`), the [`Action`] to add at the playhead's virtual
//! time (the UI then re-simulates); [`tab_at`] is the engine's Tab completion at the playhead.

use crate::engine::kubectl::console::{tab, Console, Stream, Tab};
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
    /// The open lesson's manifests by file name (`apply -f NAME`).
    pub files: &'a [(String, String)],
}

/// The console's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleResult {
    /// Text printed (stdout and stderr interleaved as a terminal shows them).
    pub output: String,
    /// A cluster change to apply at the playhead, if any.
    pub action: Option<Action>,
    /// `get pods -w` / `logs -f`: the stream left open, printing more as the playhead moves on.
    pub stream: Option<Stream>,
}

/// Runs one console line through the engine's kubectl console (parser, printers and kubectl's
/// own error wording live in [`crate::engine::kubectl::console`]; this is only the seam).
pub fn run_console(line: &str, ctx: &ConsoleCtx<'_>) -> ConsoleResult {
    let o = console(ctx).run(line);
    ConsoleResult {
        output: o.text(),
        action: o.action.map(|(_, a)| a),
        stream: o.stream.filter(Stream::is_open),
    }
}

/// What an open stream prints as the playhead moves to `ctx.t` (nothing when it moves back: a
/// terminal cannot unprint). The stream keeps its place, so scrubbing back and playing again
/// prints each row once.
pub fn advance_stream(stream: &mut Stream, ctx: &ConsoleCtx<'_>) -> String {
    stream.advance(&console(ctx), ctx.t)
}

/// The engine's console over the lab's state.
fn console<'a>(ctx: &ConsoleCtx<'a>) -> Console<'a> {
    Console {
        timeline: ctx.timeline,
        scenario: ctx.scenario,
        now: ctx.t,
        editor: ctx.editor_text,
        files: ctx.files,
    }
}

/// The open lesson's manifests as files (`kubectl apply -f first.yaml`), by the lesson's slug.
pub fn lesson_files(slug: Option<&str>) -> Vec<(String, String)> {
    let catalog = crate::content::lesson::Catalog::embedded();
    slug.and_then(|s| catalog.find(s))
        .and_then(|i| catalog.lesson_shared(i))
        .map(|l| l.files())
        .unwrap_or_default()
}

/// One press of Tab on `line`: the engine's completion (every verb, flag, pod and container
/// name, lesson file) at the playhead, and what it does to the line.
pub fn tab_at(line: &str, ctx: &ConsoleCtx<'_>) -> Tab {
    tab(line, &console(ctx).complete(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx<'a>(s: &'a Scenario, tl: &'a Timeline) -> ConsoleCtx<'a> {
        ConsoleCtx { scenario: s, timeline: tl, t: Millis::ZERO, editor_text: "", files: &[] }
    }

    #[test]
    fn get_pods_with_nothing_applied_says_no_resources() {
        let (s, tl) = (Scenario::default(), Timeline::default());
        assert_eq!(
            run_console("kubectl get pods", &ctx(&s, &tl)).output.trim_end(),
            "No resources found in default namespace."
        );
        assert!(run_console("ls", &ctx(&s, &tl)).output.contains("command not found"));
    }

    #[test]
    fn deleting_a_missing_pod_is_refused_without_an_action() {
        let (s, tl) = (Scenario::default(), Timeline::default());
        let r = run_console("kubectl delete pod nope", &ctx(&s, &tl));
        assert_eq!(
            (r.output.trim_end(), r.action),
            ("Error from server (NotFound): pods \"nope\" not found", None)
        );
    }

    const TWO_INITS: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n  - name: a\n    image: busybox\n    command: [sh, -c, 'sleep 2; echo one']\n  - name: b\n    image: busybox\n    command: [sh, -c, 'echo two; sleep 3']\n  containers:\n  - name: app\n    image: busybox\n    command: [sh, -c, 'echo up; sleep 3600']\n";

    fn run_of(yaml: &str) -> (Scenario, Timeline) {
        let objects = crate::engine::admission::admit(yaml).objects;
        let s = Scenario::apply_at_zero(objects, Millis(60_000));
        let tl = crate::engine::kubelet::simulate(&s);
        (s, tl)
    }

    #[test]
    fn a_watch_prints_each_change_once_as_the_playhead_moves_on() {
        let (s, tl) = run_of(TWO_INITS);
        let at = |t: u64| ConsoleCtx {
            scenario: &s,
            timeline: &tl,
            t: Millis(t),
            editor_text: "",
            files: &[],
        };
        let r = run_console("kubectl get pods -w", &at(0));
        let mut w = r.stream.expect("get -w leaves a stream open");
        // Rows (podlab simulate): Pending 0 s, Init:0/2 1 s, Init:1/2 4 s, PodInitializing 8 s, Running 9.6 s.
        let first = advance_stream(&mut w, &at(5_000));
        let statuses = |out: &str| {
            out.lines()
                .map(|l| l.split_whitespace().nth(2).unwrap_or("").to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(statuses(&first), ["Init:0/2", "Init:1/2"], "{first}");
        assert_eq!(advance_stream(&mut w, &at(1_000)), "", "scrubbing back prints nothing");
        assert_eq!(
            advance_stream(&mut w, &at(5_000)),
            "",
            "rows already printed are not printed again"
        );
        let rest = advance_stream(&mut w, &at(20_000));
        assert_eq!(statuses(&rest), ["PodInitializing", "Running"], "{rest}");
    }

    #[test]
    fn logs_follow_streams_later_lines_and_ends_with_its_container() {
        let (s, tl) = run_of(TWO_INITS);
        let at = |t: u64| ConsoleCtx {
            scenario: &s,
            timeline: &tl,
            t: Millis(t),
            editor_text: "",
            files: &[],
        };
        let r = run_console("kubectl logs web -c b -f", &at(6_000));
        assert_eq!(r.output, "two\n");
        let mut f = r.stream.expect("b is running: -f follows it");
        assert_eq!(advance_stream(&mut f, &at(10_000)), "");
        assert!(!f.is_open(), "b exited: the stream ends and the prompt comes back");
        // A finished container: -f prints what there is and leaves nothing open.
        assert!(run_console("kubectl logs web -c a -f", &at(10_000)).stream.is_none());
    }

    #[test]
    fn lesson_12s_logs_follow_prints_each_download_line_and_ends_with_the_container() {
        let cat = crate::content::lesson::Catalog::embedded();
        let lesson = cat.find("12-observing").and_then(|i| cat.lesson(i)).expect("lesson 12");
        let (s, tl) = run_of(&lesson.example("observe").expect("its example").yaml);
        let at = |t: u64| ConsoleCtx {
            scenario: &s,
            timeline: &tl,
            t: Millis(t),
            editor_text: "",
            files: &[],
        };
        let r = run_console("kubectl logs slow-start -c download -f", &at(5_000));
        let mut f = r.stream.expect("download is running: -f follows it");
        let later = advance_stream(&mut f, &at(60_000));
        assert!(
            !r.output.contains("part 5") && later.contains("downloading part 5 of 5"),
            "{}{later}",
            r.output
        );
        assert!(!f.is_open(), "download exited: the stream ended");
    }

    #[test]
    fn a_lesson_manifest_applies_by_its_file_name() {
        let slug = crate::content::lesson::Catalog::embedded().entries[0].slug.clone();
        let files = lesson_files(Some(&slug));
        let (name, _) = files.first().expect("the first lesson has an example");
        let (s, tl) = (Scenario::default(), Timeline::default());
        let r = run_console(
            &format!("kubectl apply -f {name}"),
            &ConsoleCtx { files: &files, ..ctx(&s, &tl) },
        );
        assert!(r.output.contains("created") && r.action.is_some(), "{}", r.output);
        assert!(lesson_files(Some("no-such-lesson")).is_empty() && lesson_files(None).is_empty());
    }

    #[test]
    fn tab_completes_verbs_pods_containers_and_files_from_the_engine() {
        let (s, tl) = run_of(TWO_INITS);
        let files = [("init-demo.yaml".to_string(), String::new())];
        let c = ConsoleCtx { files: &files, t: Millis(5_000), ..ctx(&s, &tl) };
        assert_eq!(tab_at("kubectl lo", &c).line, "kubectl logs ");
        assert_eq!(tab_at("kubectl ex", &c).offers, ["exec", "expose"]);
        assert_eq!(tab_at("kubectl ru", &c).line, "kubectl run ");
        assert_eq!(tab_at("kubectl logs w", &c).line, "kubectl logs web ");
        assert_eq!(tab_at("kubectl logs web -c ", &c).offers, ["a", "app", "b"]);
        assert_eq!(tab_at("kubectl apply -f in", &c).line, "kubectl apply -f init-demo.yaml ");
        assert_eq!(tab_at("kubectl zz", &c).line, "kubectl zz");
    }
}
