//! `podlab grade` and `podlab exercises` (issue 14) as commands, run as processes: the id list
//! in course order, exit codes, the JSON shape, and that the command grades exactly as the
//! library's `Exercise::attempt` (the page's path) does for every authored answer.

use podlab::content::exercise::{course_exercises, Exercise};
use podlab::content::lesson::Catalog;
use std::path::{Path, PathBuf};

/// Runs the `podlab` binary: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_podlab"))
        .args(args)
        .output()
        .expect("run the podlab binary");
    (
        out.status.code().expect("exited"),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

/// Writes `text` to a fresh file and returns its path.
fn file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("podlab-grade-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

fn exercise(id: &str) -> Exercise {
    course_exercises(&Catalog::embedded())
        .into_iter()
        .map(|(_, e)| e)
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no exercise {id}"))
}

fn grade_json(id: &str, path: &Path) -> (i32, serde_json::Value) {
    let (code, out, err) = run(&["grade", id, path.to_str().unwrap(), "--output", "json"]);
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out:?} {err}"));
    (code, v)
}

#[test]
fn exercises_lists_every_id_once_in_course_order() {
    let (code, out, _) = run(&["exercises"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out.lines().collect();
    let want: Vec<String> =
        course_exercises(&Catalog::embedded()).into_iter().map(|(_, e)| e.id).collect();
    assert_eq!(ids, want);
    assert_eq!(ids.first(), Some(&"add-init"), "lesson 01's exercise comes first");
    assert!(ids.len() >= 12);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "ids are unique across the course: {ids:?}");
    assert_eq!(run(&["exercises", "extra"]).0, 2);
}

#[test]
fn a_solution_passes_with_exit_0_and_every_check_true() {
    let ex = exercise("warm-the-cache");
    let (code, v) = grade_json("warm-the-cache", &file("sol.yaml", &ex.solution));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["exercise"], "warm-the-cache");
    assert_eq!(v["passed"], true);
    let checks = v["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), ex.checks.len());
    for c in checks {
        assert_eq!(c["passed"], true, "{c}");
        assert!(c["at"].is_null(), "{c}");
        assert!(!c["clause"].as_str().unwrap_or("").is_empty(), "{c}");
    }
    // The text form ends with the debrief of this run.
    let (code, text, _) =
        run(&["grade", "warm-the-cache", file("s.yaml", &ex.solution).to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(text.starts_with("warm-the-cache: PASS") && text.contains("Your run:"), "{text}");
    assert!(text.contains("`warm-up` (init container) started at"), "{text}");
}

#[test]
fn a_wrong_answer_fails_with_exit_1_naming_the_clause_and_the_moment() {
    // No init container: the app fills its own cache (a wrong answer of the lesson file).
    let ex = exercise("warm-the-cache");
    let wrong = ex
        .wrong
        .iter()
        .find(|w| w.caught_by.as_deref() == Some("finished_before(warm, *, app)"))
        .expect("authored wrong answer");
    let (code, v) = grade_json("warm-the-cache", &file("wrong.yaml", &wrong.yaml));
    assert_eq!(code, 1);
    assert_eq!(v["passed"], false);
    let c = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "finished_before(warm, *, app)")
        .expect("the check")
        .clone();
    assert_eq!(c["passed"], false);
    assert!(
        c["clause"].as_str().unwrap().starts_with("An init container (any name) writes"),
        "{c}"
    );
    assert!(c["message"].as_str().unwrap().contains("has no init container"), "{c}");
    let at = c["at"].as_f64().expect("a divergence instant");
    assert!((0.5..5.0).contains(&at), "the app started early in the run: {at}");
    let (_, text, _) =
        run(&["grade", "warm-the-cache", file("w.yaml", &wrong.yaml).to_str().unwrap()]);
    assert!(text.starts_with("warm-the-cache: FAIL"), "{text}");
    assert!(text.contains("✗ finished_before(warm, *, app)"), "{text}");
    assert!(text.contains("Where it went another way: at "), "{text}");
}

#[test]
fn a_refused_manifest_fails_every_check_with_the_api_servers_words() {
    let (code, v) =
        grade_json("add-init", &file("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: [\n"));
    assert_eq!(code, 1);
    for c in v["checks"].as_array().unwrap() {
        assert_eq!(c["passed"], false);
        assert!(
            c["message"].as_str().unwrap().contains("The API server refused the manifest"),
            "{c}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let ok = file("ok.yaml", &exercise("add-init").solution);
    assert_eq!(run(&["grade"]).0, 2);
    assert_eq!(run(&["grade", "add-init"]).0, 2, "no file");
    let (code, _, err) = run(&["grade", "no-such-exercise", ok.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("podlab exercises"), "{err}");
    assert_eq!(run(&["grade", "add-init", "/nonexistent/x.yaml"]).0, 2);
    assert_eq!(run(&["grade", "add-init", ok.to_str().unwrap(), "--output", "xml"]).0, 2);
}

#[test]
fn several_files_are_one_submission() {
    // The pod and a ConfigMap in two files: `kubectl apply -f a -f b`.
    let ex = exercise("add-init");
    let cm = file("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n");
    let pod = file("pod.yaml", &ex.solution);
    let (code, out, _) = run(&["grade", "add-init", pod.to_str().unwrap(), cm.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}

/// One grading path: for every authored answer of every exercise, the command's verdict is
/// the library's `Exercise::attempt` verdict (what the page shows), check by check.
#[test]
fn grade_agrees_with_the_page_on_every_authored_answer() {
    for (_, ex) in course_exercises(&Catalog::embedded()) {
        let answers = std::iter::once(&ex.starter)
            .chain(std::iter::once(&ex.solution))
            .chain(ex.alternatives.iter().map(|a| &a.yaml))
            .chain(ex.wrong.iter().map(|a| &a.yaml));
        for (i, yaml) in answers.enumerate() {
            let path = file(&format!("{}-{i}.yaml", ex.id), yaml);
            let (code, v) = grade_json(&ex.id, &path);
            let verdict = ex.attempt(yaml).verdict;
            assert_eq!(code, i32::from(!verdict.solved()), "{} answer {i}", ex.id);
            assert_eq!(v["passed"], verdict.solved(), "{} answer {i}", ex.id);
            if verdict.rejected.is_empty() {
                let got: Vec<(String, bool)> = v["checks"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| (c["check"].as_str().unwrap().to_string(), c["passed"] == true))
                    .collect();
                let want: Vec<(String, bool)> =
                    verdict.results.iter().map(|r| (r.check.clone(), r.outcome.passed())).collect();
                assert_eq!(got, want, "{} answer {i}", ex.id);
            }
        }
    }
}
