//! Exercise feedback on the real engine (issue 14): a failed check names its goal clause and
//! the first moment of the learner's own run where it went another way; a pass ends with a
//! debrief built from that run; checks that cannot fail are refused, as are wrong answers no
//! check catches (`podlab lint-content` on planted lessons).

use podlab::content::check::{self, divergence};
use podlab::content::lesson::parse_lesson;
use podlab::engine::time::Millis;

/// A one-exercise lesson around `starter`/`solution` (the goal fixes the name `init-db`).
fn lesson(checks: &str, extra: &str) -> String {
    format!(
        "# T\n\n```exercise\nid: e\ntitle: t\ngoal: Start the app after `init-db`.\nhint: h\n{checks}\n```\n\n```yaml starter\n{POD_BAD}```\n\n```yaml solution\n{POD_OK}```\n{extra}"
    )
}

const POD_BAD: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: shop
spec:
  initContainers:
  - name: init-db
    image: busybox:1.36
    command: ["sh", "-c", "nc -z mydb 5432"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo serving; sleep 3600"]
"#;

const POD_OK: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: shop
spec:
  initContainers:
  - name: init-db
    image: busybox:1.36
    command: ["sh", "-c", "echo schema ready"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo serving; sleep 3600"]
"#;

const CHECKS: &str = "clause: `init-db` prepares the database, then `app` starts.\ncheck: finished_before(shop, init-db, app)\nclause: The pod is Running within 30 seconds.\ncheck: phase(shop, Running) within 30s";

#[test]
fn a_failed_check_names_its_clause_and_the_first_failure_of_the_run() {
    let l = parse_lesson("t", &lesson(CHECKS, ""));
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let ex = &l.exercises[0];
    let v = ex.attempt(POD_BAD).verdict;
    assert!(!v.solved());
    let first = v.first_failure().expect("a failure");
    assert_eq!(first.clause, "`init-db` prepares the database, then `app` starts.");
    let m = first.moment.as_ref().expect("a moment");
    // The issue's own example: the init container's exit and its last log line.
    assert!(m.text.ends_with("`init-db` exited 1: `nc: bad address 'mydb'`"), "{}", m.text);
    let at = m.at.expect("an instant to jump to");
    assert!(m.text.starts_with(&format!("at {}", divergence::clock(at))), "{}", m.text);
    assert!(at > Millis::ZERO && at < Millis::from_secs(5), "{at:?}");
    // The explanation the page and the CLI print carries the clause and the moment.
    let why = v.explanations().join("\n");
    assert!(
        why.contains("prepares the database") && why.contains("Where it went another way: at "),
        "{why}"
    );
    // The phase clause points at the same first failure (it explains the missing Running).
    assert_eq!(v.results[1].at(), Some(at));
}

#[test]
fn a_pass_ends_with_a_debrief_of_this_run() {
    let l = parse_lesson("t", &lesson(CHECKS, ""));
    let ex = &l.exercises[0];
    let v = ex.attempt(POD_OK).verdict;
    assert!(v.solved(), "{:?}", v.explanations());
    assert!(v.explanations().is_empty());
    let d = v.debrief.join("\n");
    assert!(d.contains("`init-db` (init container) started at 1.0 s and exited 0 at"), "{d}");
    assert!(d.contains("`app` (app container) started at"), "{d}");
    assert!(d.contains("Pod `shop` reached phase Running at"), "{d}");
    // Built from the run, not from the exercise: another correct answer tells another story.
    let slow = POD_OK.replace("echo schema ready", "sleep 4; echo schema ready");
    let d2 = ex.attempt(&slow).verdict.debrief.join("\n");
    assert!(d2.contains("exited 0 at 5.0 s"), "{d2}");
    assert_ne!(d, d2);
}

#[test]
fn a_stuck_init_container_is_shown_by_the_first_line_it_logged() {
    let checks =
        "clause: The pod is Running within 30 seconds.\ncheck: phase(shop, Running) within 30s";
    let l = parse_lesson("t", &lesson(checks, ""));
    let stuck = POD_BAD.replace("nc -z mydb 5432", "until nc -z mydb 5432; do sleep 2; done");
    let v = l.exercises[0].attempt(&stuck).verdict;
    let m = v.results[0].moment.clone().expect("moment");
    assert!(
        m.text
            .contains("`init-db` logged `nc: bad address 'mydb'` and was still running at 30.0 s"),
        "{}",
        m.text
    );
}

#[test]
fn checks_the_creation_row_satisfies_are_vacuous() {
    let vac = |s: &str| check::parse(s).expect(s).vacuous();
    assert!(vac("phase(x, Pending) within 20s").is_some());
    assert!(vac("status_seen(x, \"Pending\")").is_some());
    assert!(vac("restarts_at_least(x, c, 0)").is_some());
    // Checks the run decides.
    assert!(vac("phase(x, Pending) at 20s").is_none());
    assert!(vac("phase(x, Pending)").is_none());
    assert!(vac("phase(x, Running) within 20s").is_none());
    assert!(vac("status_seen(x, \"Init:0/1\")").is_none());
    assert!(vac("event_seen(x, FailedScheduling)").is_none());
}

#[test]
fn the_any_init_container_wildcard_leaves_the_name_free() {
    let checks = "clause: An init container prepares the database before `app` starts.\ncheck: finished_before(shop, *, app)";
    let l = parse_lesson("t", &lesson(checks, ""));
    let ex = &l.exercises[0];
    assert!(ex.attempt(&POD_OK.replace("init-db", "prepare")).verdict.solved());
    let none = POD_OK.replace(
        "  initContainers:\n  - name: init-db\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"echo schema ready\"]\n",
        "",
    );
    let v = ex.attempt(&none).verdict;
    assert!(!v.solved());
    assert!(v.explanations()[0].contains("has no init container"), "{:?}", v.explanations());
}

#[test]
fn a_named_container_the_pod_lacks_is_said_plainly() {
    let l = parse_lesson("t", &lesson(CHECKS, ""));
    let v = l.exercises[0].attempt(&POD_OK.replace("init-db", "migrate")).verdict;
    assert!(
        v.explanations()[0]
            .contains("Pod shop has no container named init-db: the goal needs that name."),
        "{:?}",
        v.explanations()
    );
}

#[test]
fn a_variant_world_check_runs_the_same_manifest_elsewhere() {
    let checks = "clause: The app greets with the ConfigMap's greeting.\ncheck: log_contains(shop, app, \"hi bonjour\")\ncheck: [hola] log_contains(shop, app, \"hi hola\")";
    let cm = |g: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\ndata:\n  g: {g}\n")
    };
    let extra = format!(
        "\n```yaml world\n{}```\n\n```yaml world variant=hola\n{}```\n",
        cm("bonjour"),
        cm("hola")
    );
    let l = parse_lesson("t", &lesson(checks, &extra));
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let ex = &l.exercises[0];
    let reads = POD_OK.replace(
        "command: [\"sh\", \"-c\", \"echo serving; sleep 3600\"]",
        "command: [\"sh\", \"-c\", \"echo hi $G; sleep 3600\"]\n    env:\n    - name: G\n      valueFrom:\n        configMapKeyRef:\n          name: s\n          key: g",
    );
    assert!(ex.attempt(&reads).verdict.solved(), "{:?}", ex.attempt(&reads).verdict.explanations());
    let copied = POD_OK.replace("echo serving;", "echo hi bonjour;");
    let v = ex.attempt(&copied).verdict;
    assert!(!v.solved());
    assert!(v.results[0].outcome.passed() && !v.results[1].outcome.passed());
    assert!(
        v.explanations()[0].contains("In a second run (the `hola` world)"),
        "{:?}",
        v.explanations()
    );
    assert_eq!(v.results[1].at(), None, "its moment is not in the run on screen");
}

/// Runs `podlab lint-content DIR` on a one-lesson course.
fn lint(lesson: &str) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!(
        "podlab-feedback-{}-{}",
        std::process::id(),
        lesson.len()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(dir.join("SUMMARY.md"), "# Summary\n- [T](t.md)\n").expect("w");
    std::fs::write(dir.join("t.md"), lesson).expect("w");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_podlab"))
        .arg("lint-content")
        .arg(&dir)
        .output()
        .expect("run podlab");
    let _ = std::fs::remove_dir_all(&dir);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_linter_refuses_an_expect_check_that_cannot_fail() {
    let text = format!(
        "# T\n\n```yaml run id=demo until=30s\n{POD_OK}```\n\n```expect\nphase(shop, Pending) within 20s\nphase(shop, Running) within 20s\n```\n"
    );
    let (code, out) = lint(&text);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("`phase(shop, Pending) within 20s` cannot fail: every pod's first row"),
        "{out}"
    );
    assert!(!out.contains("`phase(shop, Running) within 20s` cannot fail"), "{out}");
}

#[test]
fn the_linter_proves_alternatives_and_wrong_answers() {
    let alt = |y: &str| format!("\n```yaml alternative\n{y}```\n");
    let wrong = |by: &str, y: &str| format!("\n```yaml wrong\n# caught by: {by}\n{y}```\n");
    let slow = POD_OK.replace("echo schema ready", "sleep 40");
    let good = [
        alt(&POD_OK.replace("echo schema ready", "true")),
        alt(&POD_OK.replace(
            "busybox:1.36\n    command: [\"sh\", \"-c\", \"echo schema",
            "busybox\n    command: [\"sh\", \"-c\", \"echo schema",
        )),
        wrong("phase(shop, Running) within 30s", &slow),
        wrong("finished_before(shop, init-db, app)", POD_BAD),
    ]
    .concat();
    let (code, out) = lint(&lesson(CHECKS, &good));
    assert_eq!(code, 0, "{out}");

    // A wrong answer named after a check that passes on it; an alternative that fails; too few.
    let bad = [
        alt(&slow),
        wrong("finished_before(shop, init-db, app)", &slow),
        wrong("no_such_check(shop)", POD_BAD),
    ]
    .concat();
    let (code, out) = lint(&lesson(CHECKS, &bad));
    assert_eq!(code, 1, "{out}");
    for needle in [
        "alternative answer of \"e\" does not pass",
        "should be caught by `finished_before(shop, init-db, app)`, which passes",
        "`# caught by: no_such_check(shop)` names no check",
        "needs at least two `yaml alternative` answers",
    ] {
        assert!(out.contains(needle), "{needle:?} not in\n{out}");
    }

    // Clause structure: a check outside any clause, a clause nobody catches, a name the goal
    // never says.
    let loose = "check: phase(shop, Running) within 30s\nclause: `app` starts.\ncheck: started_before(shop, helper, app)";
    let (_, out) = lint(&lesson(loose, &good));
    for needle in [
        "comes before any `clause:`",
        "needs a container named \"helper\", but the goal never says that name",
    ] {
        assert!(out.contains(needle), "{needle:?} not in\n{out}");
    }
    let uncaught = "clause: `init-db` prepares the database, then `app` starts.\ncheck: finished_before(shop, init-db, app)\nclause: Nobody deletes the pod.\ncheck: status_never(shop, \"Terminating\")";
    let two_wrong = [
        wrong("finished_before(shop, init-db, app)", POD_BAD),
        wrong("finished_before(shop, init-db, app)", POD_BAD),
    ]
    .concat();
    let (_, out) = lint(&lesson(uncaught, &two_wrong));
    assert!(
        out.contains("no wrong answer (starter included) fails clause \"Nobody deletes the pod.\""),
        "{out}"
    );
}
