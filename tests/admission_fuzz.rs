//! Property test of the front door, strict decoder and validator (reliability.md §7): arbitrary
//! bytes, YAML-token soup and mutated manifests (the seed examples and the hostile catalogue,
//! with bytes flipped, lines dropped or duplicated, indentation shifted, special characters
//! spliced in) must never panic, must answer within a fuel bound, must be deterministic, and
//! every diagnostic must point inside the text. A differential test checks that the front door
//! and serde_yaml (the same libyaml) agree on which texts have syntax errors.
//!
//! The generator is a fixed-seed xorshift, so every run checks the same cases and a failure
//! reproduces; the failing input is printed. (A dependency-free stand-in for proptest/cargo-fuzz,
//! which need a crate download and nightly respectively.)

use podlab::engine::admission::{admit, render::kubectl_output, Admission};
use podlab::engine::diag::Severity;
use podlab::engine::limits::MAX_SPEC_BYTES;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: tiny, deterministic, good enough to spread mutations.
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn corpus() -> Vec<String> {
    let mut v = Vec::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).expect("seeds").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    for f in files {
        v.push(std::fs::read_to_string(f).expect("seed text"));
    }
    v.push(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n  labels: {app: web}\nspec:\n  restartPolicy: OnFailure\n  activeDeadlineSeconds: 60\n  volumes:\n  - name: w\n    emptyDir: {}\n  - name: c\n    configMap: {name: cfg, items: [{key: a, path: a.txt}]}\n  initContainers:\n  - name: side\n    image: busybox\n    restartPolicy: Always\n    readinessProbe: {exec: {command: [\"true\"]}, periodSeconds: 2}\n  - &init\n    name: init\n    image: busybox\n    command: [sh, -c, 'echo hi > /w/x']\n    env: [{name: A, value: \"1\"}, {name: B, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]\n    volumeMounts: [{name: w, mountPath: /w}]\n    resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: \"1\"}}\n  containers:\n  - <<: *init\n    name: app\n    ports: [{containerPort: 80, hostPort: 8080}]\n    livenessProbe: {httpGet: {path: /, port: 80}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 80}]}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {pw: aHVudGVyMg==}\n"
            .to_string(),
    );
    let hostile: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/hostile.json")).expect("hostile.json");
    for c in hostile["cases"].as_array().expect("cases") {
        let mut s = String::new();
        for p in c["input"].as_array().expect("parts") {
            match p.get("text").and_then(|t| t.as_str()) {
                Some(t) => s.push_str(t),
                // Keep the corpus small: repeated parts are shortened (mutations lengthen them).
                None => s.push_str(
                    &p["repeat"]
                        .as_str()
                        .unwrap_or("")
                        .repeat((p["times"].as_u64().unwrap_or(0) as usize).min(300)),
                ),
            }
        }
        v.push(s);
    }
    v
}

const SPLICE: &[&str] = &[
    "\t",
    "\u{a0}",
    "\u{feff}",
    "\0",
    "\r",
    "\r\n",
    "\n",
    ": ",
    ":",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "\"",
    "'",
    "#",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "~",
    "no",
    "010",
    "0x1F",
    "1e3",
    ".inf",
    "100m",
    "64Mi",
    "Always",
    "restartPolicy: ",
    "initContainers:\n",
    "containers:\n",
    "name: ",
    "image: ",
    "command: ",
    "  ",
    "    ",
    "\u{2028}",
    "é",
    "😀",
];

fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut s: Vec<char> = base.chars().collect();
    for _ in 0..=rng.below(4) {
        match rng.below(7) {
            0 if !s.is_empty() => {
                let i = rng.below(s.len());
                s.remove(i);
            }
            1 => {
                let i = rng.below(s.len() + 1);
                let ins: Vec<char> = SPLICE[rng.below(SPLICE.len())].chars().collect();
                s.splice(i..i, ins);
            }
            2 if !s.is_empty() => {
                let i = rng.below(s.len());
                s[i] = char::from_u32(rng.below(0x80) as u32).unwrap_or(' ');
            }
            3 => {
                // Drop or duplicate a line.
                let text: String = s.iter().collect();
                let mut lines: Vec<&str> = text.split('\n').collect();
                let i = rng.below(lines.len());
                if rng.below(2) == 0 {
                    lines.remove(i);
                } else {
                    let l = lines[i];
                    lines.insert(i, l);
                }
                s = lines.join("\n").chars().collect();
            }
            4 => {
                // Shift one line's indentation.
                let text: String = s.iter().collect();
                let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
                let i = rng.below(lines.len());
                if rng.below(2) == 0 {
                    lines[i] = format!("  {}", lines[i]);
                } else if let Some(t) = lines[i].strip_prefix("  ") {
                    lines[i] = t.to_string();
                }
                s = lines.join("\n").chars().collect();
            }
            5 if s.len() > 2 => {
                // Truncate.
                let i = rng.below(s.len());
                s.truncate(i);
            }
            _ => {
                // Repeat a slice (grows toward the caps).
                if !s.is_empty() {
                    let a = rng.below(s.len());
                    let b = (a + rng.below(64)).min(s.len());
                    let piece: Vec<char> = s[a..b].to_vec();
                    for _ in 0..rng.below(8) {
                        s.splice(b..b, piece.iter().copied());
                    }
                }
            }
        }
    }
    s.into_iter().collect()
}

fn line_count(text: &str) -> u32 {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut n = 1u32;
    let mut prev_cr = false;
    for c in t.chars() {
        match c {
            '\n' if prev_cr => {}
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => n += 1,
            _ => {}
        }
        prev_cr = c == '\r';
    }
    n
}

fn check_invariants(text: &str) -> Result<Admission, String> {
    let owned = text.to_string();
    let a = std::panic::catch_unwind(move || admit(&owned))
        .map_err(|_| "admit panicked".to_string())?;
    let lines = line_count(text);
    let bytes = text.len().min(MAX_SPEC_BYTES);
    if a.stats.yaml_events > 2 * bytes + 8 {
        return Err(format!("fuel: {} events for {bytes} bytes", a.stats.yaml_events));
    }
    if a.diagnostics.len() > bytes + 16 {
        return Err(format!("{} diagnostics for {bytes} bytes", a.diagnostics.len()));
    }
    for d in &a.diagnostics {
        if d.line == 0 || d.column == 0 || d.line > lines + 1 || d.end_line < d.line {
            return Err(format!("diagnostic outside the text ({lines} lines): {d:?}"));
        }
        if d.message.is_empty() || d.message.chars().count() > 2000 {
            return Err(format!("bad message: {d:?}"));
        }
    }
    if a.has_errors() != (kubectl_output(&a, "f.yaml").exit_code != 0) {
        return Err("exit code disagrees with the diagnostics".into());
    }
    if !a.has_errors() && a.objects.is_empty() {
        return Err("accepted nothing without an error".into());
    }
    for d in a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.message.contains(": Invalid value"))
    {
        if !(d.path.starts_with("metadata.")
            || d.path.starts_with("spec.")
            || d.path.starts_with("data")
            || d.path.starts_with("binaryData"))
        {
            return Err(format!("validation path outside the object: {d:?}"));
        }
    }
    Ok(a)
}

#[test]
fn arbitrary_bytes_never_panic_and_stay_bounded() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..1500 {
        let len = rng.below(if case % 100 == 0 { 70_000 } else { 300 });
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Text arrives as UTF-8 (a textarea or a decoded link): lossily decode like a browser.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Err(e) = check_invariants(&text) {
            panic!("case {case}: {e}\ninput: {text:?}");
        }
    }
}

#[test]
fn yaml_token_soup_never_panics_and_stays_bounded() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for case in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.below(60) {
            text.push_str(SPLICE[rng.below(SPLICE.len())]);
            if rng.below(3) == 0 {
                text.push_str(["a", "b", "name", "spec", "1", "x y"][rng.below(6)]);
            }
        }
        if let Err(e) = check_invariants(&text) {
            panic!("case {case}: {e}\ninput: {text:?}");
        }
    }
}

#[test]
fn mutated_manifests_never_panic_are_bounded_and_deterministic() {
    let corpus = corpus();
    let mut rng = Rng(0x94D0_49BB_1331_11EB);
    for case in 0..4000 {
        let base = &corpus[rng.below(corpus.len())];
        let text = mutate(&mut rng, base);
        let a = match check_invariants(&text) {
            Ok(a) => a,
            Err(e) => panic!("case {case}: {e}\ninput: {text:?}"),
        };
        if case % 10 == 0 {
            let b = admit(&text);
            assert_eq!(
                a.diagnostics, b.diagnostics,
                "case {case} is not deterministic\ninput: {text:?}"
            );
            assert_eq!(a.objects, b.objects, "case {case}");
        }
    }
}

#[test]
#[ignore = "wall-clock bound in optimised code: `make bench` runs it"]
fn every_call_returns_within_ten_milliseconds_in_release() {
    let corpus = corpus();
    let mut rng = Rng(7);
    let mut worst = (0.0f64, String::new());
    for _ in 0..3000 {
        let i = rng.below(corpus.len());
        let text = mutate(&mut rng, &corpus[i]);
        // Best of 3 per input: the machine is shared; the bound is about the algorithm.
        let ms = (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let _ = admit(&text);
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::MAX, f64::min);
        if ms > worst.0 {
            worst = (ms, text);
        }
    }
    assert!(worst.0 <= 10.0, "slowest call {:.1} ms for {:?}", worst.0, worst.1);
}

/// Differential check against serde_yaml (same libyaml underneath): on text both read as
/// plain YAML (no BOM, no look-alike spaces, within the caps), the front door reports a syntax
/// error exactly when serde_yaml's document iterator hits one.
#[test]
fn front_door_agrees_with_serde_yaml_on_syntax() {
    use serde::Deserialize;
    let corpus = corpus();
    let mut rng = Rng(0x5851_F42D_4C95_7F2D);
    let mut compared = 0;
    for case in 0..700 {
        let i = rng.below(corpus.len());
        let text = mutate(&mut rng, &corpus[i]);
        if text.len() > 8 * 1024 || text.starts_with('\u{feff}') {
            continue;
        }
        let a = admit(&text);
        let ours = a.fatal.as_deref().is_some_and(|f| {
            f.contains("error converting YAML to JSON: yaml: ")
                && !f.contains("aliasing")
                && !f.contains("anchor")
                && !f.contains("max depth")
                && !f.contains("merge")
        });
        let prescan = a.diagnostics.iter().any(|d| {
            d.message.contains("in indentation")
                || d.message.contains("is not allowed")
                || d.message.contains("byte order mark")
                || d.message.contains("nesting deeper")
                || d.message.contains("alias")
        });
        if prescan {
            continue;
        }
        // serde_yaml reports a limit or duplicate error *instead of* a later syntax error
        // (its trap T6), so such cases say nothing about syntax and are skipped.
        let mut theirs = Some(false);
        for doc in serde_yaml::Deserializer::from_str(&text).take(17) {
            if let Err(e) = serde_yaml::Value::deserialize(doc) {
                let m = e.to_string();
                let limit =
                    ["recursion limit", "repetition limit", "duplicate entry", "unknown anchor"]
                        .iter()
                        .any(|x| m.contains(x));
                theirs = if limit { None } else { Some(true) };
                break;
            }
        }
        let Some(theirs) = theirs else { continue };
        compared += 1;
        assert_eq!(
            ours, theirs,
            "case {case}: front door says {:?}, serde_yaml disagrees\ninput: {text:?}",
            a.fatal
        );
    }
    assert!(compared > 300, "too few comparable cases: {compared}");
}
