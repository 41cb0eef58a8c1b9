//! The curriculum replayed (Learn Git Branching's `levels.spec.js`): every lesson parses and is
//! safe, every link resolves, and — with the real engine — every example behaves as its lesson
//! says, every exercise's solution passes its checks and its starter does not.
//!
//! The replay tests run admission and the kubelet simulation with the real runtime, so a
//! change to the engine that breaks what a lesson promises fails here.

use podlab::content::lesson::{Catalog, Expect, Part};
use podlab::content::markdown;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// `podlab lint-content ARGS...`, run as CI runs it: (exit code, stdout: one problem per line,
/// then the summary line).
fn lint_content(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_podlab"))
        .arg("lint-content")
        .args(args)
        .output()
        .expect("run the podlab binary");
    (out.status.code().expect("exited"), String::from_utf8(out.stdout).expect("UTF-8"))
}

#[test]
fn every_lesson_passes_the_static_lint() {
    let (code, out) = lint_content(&[content_dir().to_str().unwrap(), "--no-run"]);
    assert_eq!(code, 0, "lint-content --no-run:\n{out}");
    assert!(out.starts_with("16 lessons, "), "{out}");
    assert!(out.trim_end().ends_with(": ok"), "{out}");
}

#[test]
fn the_embedded_course_is_the_directory_course() {
    let emb = Catalog::embedded();
    let summary = std::fs::read_to_string(content_dir().join("SUMMARY.md")).expect("SUMMARY.md");
    let dir = Catalog::from_sources(&summary, |f| {
        std::fs::read_to_string(content_dir().join(f)).ok().map(Cow::Owned)
    });
    let names = |c: &Catalog| {
        c.entries.iter().map(|e| (e.file.clone(), e.source.to_string())).collect::<Vec<_>>()
    };
    assert_eq!(names(&emb), names(&dir), "build.rs must embed exactly what SUMMARY.md lists");
}

#[test]
fn the_course_has_at_least_twelve_complete_exercises() {
    let cat = Catalog::embedded();
    let mut ids = Vec::new();
    for i in 0..cat.entries.len() {
        let l = cat.lesson(i).expect("lesson");
        for ex in &l.exercises {
            assert!(
                !ex.checks.is_empty() && !ex.hints.is_empty() && !ex.goal.is_empty(),
                "{}#{}",
                l.slug,
                ex.id
            );
            assert_ne!(
                ex.starter.trim(),
                ex.solution.trim(),
                "{}#{}: starter equals solution",
                l.slug,
                ex.id
            );
            ids.push(format!("{}#{}", l.slug, ex.id));
        }
    }
    assert!(ids.len() >= 12, "only {} exercises: {ids:?}", ids.len());
}

#[test]
fn the_myths_lesson_has_a_runnable_counter_example_for_each_claim() {
    let cat = Catalog::embedded();
    let l = cat.lesson(cat.find("16-myths").expect("myths lesson")).expect("parse");
    for n in 1..=20 {
        let id = format!("c{n}");
        let ex = l.example(&id).unwrap_or_else(|| panic!("no example {id}"));
        // An example refused on purpose demonstrates the claim through the error; every other
        // one must state the outcome it demonstrates as checks.
        assert!(
            matches!(ex.expect, Expect::Invalid(Some(_))) || !ex.checks.is_empty(),
            "{id} has no expected outcome"
        );
    }
}

#[test]
fn rendered_lessons_contain_no_live_html_from_the_source() {
    let cat = Catalog::embedded();
    for i in 0..cat.entries.len() {
        let l = cat.lesson(i).expect("lesson");
        for p in &l.parts {
            if let Part::Html(h) = p {
                let lower = h.to_ascii_lowercase();
                for bad in ["<script", "javascript:", "<iframe", "onerror=", "<img src=x"] {
                    assert!(!lower.contains(bad), "{}: {bad} in rendered HTML", l.slug);
                }
            }
        }
        assert!(markdown::problems(&cat.entries[i].source).is_empty(), "{}", l.slug);
    }
}

#[test]
fn lint_reports_planted_authoring_mistakes() {
    let dir = std::env::temp_dir().join(format!("podlab-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(dir.join("SUMMARY.md"), "# Summary\n- [A](a.md)\n- [Gone](gone.md)\n")
        .expect("w");
    std::fs::write(
        dir.join("a.md"),
        "# A\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](nowhere.md) [z](a.md#no-such-heading) [w](#a)\n\n```exercise\nid: e\ntitle: t\ngoal: g\nhint: h\ncheck: phase(p, Running)\ncheck: ready(typo)\n```\n\n```yaml starter\nkind: Pod\n```\n\n```yaml solution\nkind: [\n```\n",
    )
    .expect("w");
    std::fs::write(dir.join("orphan.md"), "# Orphan\n").expect("w");
    let (code, all) = lint_content(&[dir.to_str().unwrap(), "--no-run"]);
    assert_eq!(code, 1, "{all}");
    for needle in [
        "gone.md but the file is missing",
        "raw HTML",
        "link destination refused",
        "\"nowhere.md\" does not name a lesson",
        "orphan.md: not listed",
        "YAML syntax",
        "check `ready(typo)` names pod \"typo\"",
        "no heading with id \"no-such-heading\"",
    ] {
        assert!(all.contains(needle), "{needle:?} not reported in:\n{all}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_claims_map_covers_c1_to_c20_and_points_at_real_lessons() {
    let map =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/claims-map.md"))
            .expect("docs/claims-map.md");
    for n in 1..=20 {
        assert!(map.contains(&format!("| C{n} ")), "C{n} missing from the claims map");
    }
    let cat = Catalog::embedded();
    for part in map.split("../content/").skip(1) {
        let target = part.split(')').next().unwrap_or("");
        let (file, frag) = target.split_once('#').unwrap_or((target, ""));
        let i = cat.entries.iter().position(|e| e.file == file);
        assert!(i.is_some(), "claims map links to unknown lesson {file:?}");
        if !frag.is_empty() {
            let anchors = i.and_then(|i| cat.lesson(i)).map(|l| l.anchors).unwrap_or_default();
            assert!(
                anchors.iter().any(|a| a == frag),
                "claims map links to {file}#{frag}, which has no such heading"
            );
        }
    }
    for seed in ["000", "001", "002", "003", "004"] {
        assert!(map.contains(&format!("seed {seed}")), "no rows for seed {seed}");
    }
}

/// Every example admitted or refused as its lesson says, its outcome checks holding, every
/// prediction matching the simulated STATUS sequence, every exercise solution passing and every
/// starter failing: `podlab lint-content` in full.
#[test]
fn every_example_exercise_and_prediction_replays_on_the_engine() {
    // The directory's course is the embedded one (the test above).
    let (code, out) = lint_content(&[content_dir().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.trim_end().ends_with(": ok"), "{out}");
}

/// The exercise half alone, one line per exercise, so a failure says which one.
#[test]
fn every_exercise_solution_passes_and_starter_does_not() {
    let cat = Catalog::embedded();
    let mut bad = Vec::new();
    for i in 0..cat.entries.len() {
        let l = cat.lesson(i).expect("lesson");
        for ex in &l.exercises {
            let sol = ex.attempt(&ex.solution).verdict;
            if !sol.solved() {
                bad.push(format!(
                    "{}#{} solution: {}",
                    l.slug,
                    ex.id,
                    sol.explanations().join(" | ")
                ));
            }
            if ex.attempt(&ex.starter).verdict.solved() {
                bad.push(format!("{}#{} starter already passes", l.slug, ex.id));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The CLI wiring: `podlab lint-content --no-run content` exits 0, and a missing directory
/// exits 1 with the reason (the test command runs the linter as CI would).
#[test]
fn the_lint_content_command_runs_from_the_cli() {
    let bin = env!("CARGO_BIN_EXE_podlab");
    let ok = std::process::Command::new(bin)
        .args(["lint-content", "--no-run"])
        .arg(content_dir())
        .output()
        .expect("run podlab");
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{out}");
    assert!(out.contains("16 lessons") && out.ends_with("ok\n"), "{out}");
    let bad = std::process::Command::new(bin)
        .args(["lint-content", "--no-run", "/nonexistent/podlab-content"])
        .output()
        .expect("run podlab");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("SUMMARY.md"));
}

/// Checks judge behaviour, not spelling: solutions written differently from the authored one
/// must pass too (a `pg_isready` wait in the postgres image, `sh` instead of `/bin/sh`, a longer
/// deadline, env from the ConfigMap instead of a volume).
#[test]
fn differently_written_correct_solutions_pass_too() {
    let cat = Catalog::embedded();
    let cases: [(&str, &str, &str); 4] = [
        ("05-waiting-for-services", "wait-for-db", ALT_WAIT),
        ("03-separate-images", "fix-the-shell", ALT_SHELL),
        ("13-active-deadline", "give-up-in-time", ALT_DEADLINE),
        ("06-config-and-secrets", "render-config", ALT_CONFIG),
    ];
    for (slug, id, yaml) in cases {
        let l = cat.lesson(cat.find(slug).expect("lesson")).expect("parse");
        let ex = l.exercises.iter().find(|e| e.id == id).expect("exercise");
        let v = ex.attempt(yaml).verdict;
        assert!(v.solved(), "{slug}#{id}: {}", v.explanations().join(" | "));
    }
}

const ALT_WAIT: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: orders
spec:
  initContainers:
  - name: wait
    image: postgres:16
    command: ["sh", "-c", "until pg_isready -h db-service -p 5432; do echo not yet; sleep 1; done"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "if nc -z db-service 5432; then echo database is up; sleep 3600; else echo database is down; exit 1; fi"]
"#;

const ALT_SHELL: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  initContainers:
  - name: init-volume
    image: alpine:3.20
    command: ["sh", "-c", "echo initializing > /tmp/xchange/init.txt"]
    volumeMounts:
      - name: shared-data
        mountPath: "/tmp/xchange"
  containers:
  - name: main-app
    image: alpine
    command: ["/bin/sh", "-c", "while true; do echo $(cat /tmp/data/init.txt); sleep 5; done"]
    volumeMounts:
      - name: shared-data
        mountPath: /tmp/data
  volumes:
  - name: shared-data
    emptyDir: {}
"#;

const ALT_DEADLINE: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: report
spec:
  restartPolicy: Never
  activeDeadlineSeconds: 45
  initContainers:
  - name: wait-for-warehouse
    image: busybox:1.36
    command: ["sh", "-c", "until nc -z warehouse 5432; do echo waiting for warehouse; sleep 2; done"]
  containers:
  - name: job
    image: busybox:1.36
    command: ["sh", "-c", "echo building report"]
"#;

const ALT_CONFIG: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: greeter
spec:
  volumes:
  - name: rendered
    emptyDir: {}
  initContainers:
  - name: render-config
    image: busybox:1.36
    command: ["sh", "-c", "echo \"greeting=$GREETING\" > /out/app.conf"]
    env:
    - name: GREETING
      valueFrom:
        configMapKeyRef:
          name: app-settings
          key: greeting
    volumeMounts:
    - name: rendered
      mountPath: /out
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "cat /etc/app/app.conf; sleep 3600"]
    volumeMounts:
    - name: rendered
      mountPath: /etc/app
"#;

#[test]
fn every_lesson_manifest_is_a_file_the_console_can_apply_by_name() {
    use podlab::engine::kubectl::console::Console;
    use podlab::engine::kubelet::{Scenario, Timeline};
    use podlab::engine::time::Millis;
    let catalog = Catalog::embedded();
    let (scenario, timeline) = (Scenario::default(), Timeline::default());
    let mut applied = 0;
    for i in 0..catalog.entries.len() {
        let lesson = catalog.lesson(i).unwrap();
        let files = lesson.files();
        let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), files.len(), "{}: two manifests share a file name", lesson.slug);
        let console = Console {
            timeline: &timeline,
            scenario: &scenario,
            now: Millis::ZERO,
            editor: "",
            files: &files,
        };
        for e in lesson.examples.iter().filter(|e| e.expect == Expect::Admitted) {
            let out = console.run(&format!("kubectl apply -f {}", e.file_name(0)));
            assert_eq!(out.exit_code, 0, "{} {}: {}", lesson.slug, e.file_name(0), out.text());
            assert!(
                out.action.is_some() && out.stdout.contains("created"),
                "{} {}: {}",
                lesson.slug,
                e.file_name(0),
                out.text()
            );
            applied += 1;
        }
    }
    assert!(applied >= 40, "only {applied} lesson manifests applied by name");
    let files = [("a.yaml".to_string(), String::new())];
    let console = Console {
        timeline: &timeline,
        scenario: &scenario,
        now: Millis::ZERO,
        editor: "",
        files: &files,
    };
    assert_eq!(
        console.run("kubectl apply -f nope.yaml").text(),
        "error: the path \"nope.yaml\" does not exist\n"
    );
}
