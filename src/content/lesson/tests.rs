//! Lesson parser tests: the authoring format, and its error messages.

use super::*;

const LESSON: &str = r#"# Sharing a file

Prose with [a link](02-next.md) and <b>bold</b>.

```yaml run id=share until=60s
apiVersion: v1
kind: Pod
```

```expect
phase(share, Running) within 30s
```

```yaml run id=share at=20s
kind: Service
```

```predict
example: share
pod: share
question: What do you see?
choice: Init:0/1 → Running
choice: Init:0/1 -> Init:Error
answer: 1
```

```exercise
id: hand-over
title: Hand over a file
goal: The app prints what the init container wrote.
hint: Mount the same emptyDir in both.
check: log_contains(share, app, "hello")
```

```yaml starter
kind: Pod
```

```yaml solution
kind: Pod # solved
```

```bash
kubectl get pods
```
"#;

#[test]
fn a_lesson_splits_into_prose_and_interactive_parts() {
    let l = parse_lesson("03-share", LESSON);
    assert_eq!(l.title, "Sharing a file");
    assert!(l.errors.iter().any(|e| e.contains("raw HTML")), "{:?}", l.errors);
    assert_eq!(l.errors.len(), 2, "{:?}", l.errors); // <b> and </b>
    let ex = l.example("share").unwrap();
    assert_eq!(ex.until, Millis::from_secs(60));
    assert_eq!(ex.later, vec![(Millis::from_secs(20), "kind: Service\n".to_string())]);
    assert_eq!(ex.checks.len(), 1);
    assert_eq!(l.predicts[0].choices[1], vec!["Init:0/1", "Init:Error"]);
    assert_eq!(l.predicts[0].answer, 0);
    let x = &l.exercises[0];
    assert_eq!((x.id.as_str(), x.hints.len(), x.checks.len()), ("hand-over", 1, 1));
    assert!(x.solution.contains("solved") && x.starter.starts_with("kind"));
    assert_eq!(l.links, vec![(3, "02-next.md".to_string())]);
    let kinds: Vec<&str> = l
        .parts
        .iter()
        .map(|p| match p {
            Part::Html(_) => "html",
            Part::Example { .. } => "example",
            Part::Exercise(_) => "exercise",
            Part::Predict(_) => "predict",
        })
        .collect();
    assert_eq!(kinds, ["html", "example", "example", "predict", "exercise", "html"]);
    // The ordinary bash block stays in the prose; the solution is not rendered anywhere.
    let html: String = l
        .parts
        .iter()
        .filter_map(|p| if let Part::Html(h) = p { Some(h.as_str()) } else { None })
        .collect();
    assert!(
        html.contains("kubectl get pods") && !html.contains("solved") && html.contains("&lt;b&gt;")
    );
}

#[test]
fn authoring_mistakes_are_reported_with_lines() {
    let bad = "# T\n\n```yaml run\nx: 1\n```\n\n```expect\nteleport(x)\n```\n\n```exercise\nid: e\n```\n\n```yaml solution\nx: 1\n```\n\n```predict\nexample: nope\n```\n";
    let l = parse_lesson("t", bad);
    let all = l.errors.join("\n");
    for needle in [
        "line 3: a `yaml run` block needs id=NAME",
        "must follow a `yaml run`",
        "missing goal",
        "missing yaml starter block",
        "unknown example \"nope\"",
    ] {
        assert!(all.contains(needle), "{needle:?} not in\n{all}");
    }
}

#[test]
fn summary_lines_are_strict() {
    let (items, errs) = parse_summary("# Summary\n<!-- a note\n- [X](x.md)\n-->\n# Basics\n- [A](a.md)\n- [B](../b.md)\nnonsense\n- [A again](a.md)\n");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].part.as_deref(), Some("Basics"));
    assert_eq!(errs.len(), 3, "{errs:?}");
}

#[test]
fn the_embedded_course_lists_every_lesson_and_parses_the_first_alone() {
    let cat = Catalog::embedded();
    assert!(cat.errors.is_empty(), "{:?}", cat.errors);
    assert!(!cat.entries.is_empty());
    let first = cat.lesson(0).unwrap();
    assert!(!first.title.is_empty());
    assert_eq!(cat.find(&first.slug), Some(0));
}

#[test]
fn headings_get_unique_github_style_ids() {
    let l = parse_lesson("t", "# Title\n\n## C1 — \"If any init container fails\"\n\n## Setup\n\n## Setup\n\n## Custom {#mine}\n");
    assert_eq!(l.anchors, ["title", "c1--if-any-init-container-fails", "setup", "setup-1", "mine"]);
    let html: String = l
        .parts
        .iter()
        .filter_map(|p| if let Part::Html(h) = p { Some(h.as_str()) } else { None })
        .collect();
    assert!(html.contains("<h2 id=\"setup-1\">"), "{html}");
    assert_eq!(l.title, "Title");
}

/// Deterministic garbage built from the format's own pieces: the parser must never panic and
/// must keep its invariants (every part index valid).
#[test]
fn hostile_lesson_text_never_panics() {
    const PIECES: &[&str] = &[
        "```",
        "```yaml run id=a",
        "```yaml run id=a at=5s",
        "```yaml run",
        "```yaml starter",
        "```yaml solution",
        "```yaml world at=x",
        "```exercise",
        "```predict",
        "```expect",
        "id: e",
        "check: phase(a, Running)",
        "check: ((",
        "choice: A → B",
        "answer: 0",
        "answer: 99",
        "example: a",
        "<script>",
        "<details>",
        "[x](javascript:1)",
        "[y](#",
        "# T",
        "## é ü {#",
        "\n",
        "\n\n",
        "    indented",
        "é",
        "\u{0}",
        "→",
        "`",
        "~~~",
        "> quote",
        "|a|b|\n|-|-|",
        "[^1]",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..40 {
            // SplitMix64: deterministic, no dependency.
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            text.push_str(PIECES[(z % PIECES.len() as u64) as usize]);
            text.push(if z & 1 == 0 { '\n' } else { ' ' });
        }
        let l = parse_lesson("fuzz", &text);
        for p in &l.parts {
            match p {
                Part::Example { id, block } => {
                    let ex = l.example(id).expect("example part names an example");
                    assert!(*block <= ex.later.len());
                }
                Part::Exercise(i) => assert!(*i < l.exercises.len()),
                Part::Predict(i) => assert!(*i < l.predicts.len()),
                Part::Html(h) => assert!(!h.contains("<script"), "{h}"),
            }
        }
    }
}

#[test]
fn lesson_links_become_hash_routes_in_the_html() {
    assert_eq!(route("05-x", "02-sequential.md").as_deref(), Some("#/lesson/02-sequential"));
    assert_eq!(route("05-x", "./16-myths.md#c1").as_deref(), Some("#/lesson/16-myths/c1"));
    assert_eq!(route("05-x", "#exercise").as_deref(), Some("#/lesson/05-x/exercise"));
    assert_eq!(route("05-x", "https://kubernetes.io/"), None);
    assert_eq!(route("05-x", "notes.txt"), None);
    let l = parse_lesson("05-x", "# T\n\nSee [order](02-sequential.md) and [below](#t).\n");
    let html: String = l
        .parts
        .iter()
        .filter_map(|p| if let Part::Html(h) = p { Some(h.as_str()) } else { None })
        .collect();
    assert!(
        html.contains("href=\"#/lesson/02-sequential\"")
            && html.contains("href=\"#/lesson/05-x/t\""),
        "{html}"
    );
    assert_eq!(l.links[0].1, "02-sequential.md", "the linter still sees the file name");
}
