//! `podlab simulate FILE... [--apply-at SECONDS=FILE]... [--delete-at SECONDS=pod/NAME]...
//! [--until SECONDS] [--output table|json]`: runs the simulated node headless and prints what
//! `kubectl get pods -w` would have shown (table) or the whole record (json), as issue 5 specifies.
//!
//! Entry point: [`run`]; [`build_scenario`], [`render_table`] and [`render_json`] build what it
//! prints. tests/kubelet_cli.rs runs the command itself.

use podlab::engine::admission::admit;
use podlab::engine::kubectl::get::align;
use podlab::engine::kubelet::{simulate, Action, Scenario, Timeline};
use podlab::engine::model::Object;
use podlab::engine::time::human_duration;
use podlab::engine::time::Millis;
use serde::Serialize;
use std::collections::BTreeMap;

/// How long to simulate when `--until` is not given.
pub const DEFAULT_UNTIL_SECS: u64 = 60;

const USAGE: &str = "usage: podlab simulate FILE... [--apply-at SECONDS=FILE]... [--delete-at SECONDS=pod/NAME]... [--until SECONDS] [--output table|json]";

/// The parsed command line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimulateArgs {
    /// Manifests applied at t = 0.
    pub files: Vec<String>,
    /// Manifests applied later: (instant, file).
    pub apply_at: Vec<(Millis, String)>,
    /// Pods deleted later: (instant, pod name).
    pub delete_at: Vec<(Millis, String)>,
    /// End of the simulation.
    pub until: Millis,
    /// `json` instead of the table.
    pub json: bool,
}

fn seconds(text: &str) -> Result<Millis, String> {
    let v: f64 = text.trim().parse().map_err(|_| format!("invalid number of seconds {text:?}"))?;
    if !v.is_finite() || !(0.0..=1e9).contains(&v) {
        return Err(format!("invalid number of seconds {text:?}"));
    }
    Ok(Millis((v * 1000.0).round() as u64))
}

/// Parses the arguments after `simulate`.
pub fn parse_args(args: &[String]) -> Result<SimulateArgs, String> {
    let mut out =
        SimulateArgs { until: Millis::from_secs(DEFAULT_UNTIL_SECS), ..SimulateArgs::default() };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or_else(|| format!("flag {flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--until" => out.until = seconds(&value()?)?,
            "--output" | "-o" => match value()?.as_str() {
                "json" => out.json = true,
                "table" => out.json = false,
                other => return Err(format!("unknown output format {other:?} (table or json)")),
            },
            "--apply-at" => {
                let v = value()?;
                let (t, f) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--apply-at wants SECONDS=FILE, got {v:?}"))?;
                out.apply_at.push((seconds(t)?, f.to_string()));
            }
            "--delete-at" => {
                let v = value()?;
                let (t, target) = v
                    .split_once('=')
                    .ok_or_else(|| format!("--delete-at wants SECONDS=pod/NAME, got {v:?}"))?;
                let name = target
                    .strip_prefix("pod/")
                    .or_else(|| target.strip_prefix("pods/"))
                    .ok_or_else(|| format!("--delete-at wants SECONDS=pod/NAME, got {v:?}"))?;
                out.delete_at.push((seconds(t)?, name.to_string()));
            }
            "--help" | "-h" => return Err(USAGE.to_string()),
            f if f.starts_with('-') && f.len() > 1 => {
                return Err(format!("unknown flag {f}\n{USAGE}"))
            }
            _ => out.files.push(a.clone()),
        }
    }
    if out.files.is_empty() {
        return Err(USAGE.to_string());
    }
    Ok(out)
}

/// Admits one manifest file: its objects, or what kubectl prints on stderr when it refuses
/// (`The Pod "x" is invalid: …`, naming the file in decoding errors), rendered by admission.
pub fn admit_file(text: &str, file: &str) -> Result<Vec<Object>, String> {
    let a = admit(text);
    if a.has_errors() {
        let out = podlab::engine::admission::render::kubectl_output(&a, file);
        return Err(out.stderr.trim_end().to_string());
    }
    Ok(a.objects)
}

/// Builds the scenario from parsed arguments, reading files with `read`.
pub fn build_scenario(
    args: &SimulateArgs,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Scenario, String> {
    let mut zero = Vec::new();
    for f in &args.files {
        let objects = admit_file(&read(f)?, f)?;
        if objects.is_empty() {
            // Not an error for kubectl either (an empty stream applies nothing), but worth
            // saying: the table would otherwise be silently empty.
            eprintln!("warning: {f}: no objects to apply");
        }
        zero.extend(objects);
    }
    let mut actions = vec![(Millis::ZERO, Action::Apply(zero))];
    for (t, f) in &args.apply_at {
        actions.push((*t, Action::Apply(admit_file(&read(f)?, f)?)));
    }
    for (t, name) in &args.delete_at {
        actions.push((*t, Action::DeletePod(name.clone())));
    }
    // Stable: actions at the same instant keep their command-line order.
    actions.sort_by_key(|(t, _)| *t);
    Ok(Scenario { actions, until: args.until, ..Scenario::default() })
}

/// The table: `kubectl get pods -w` rows, each prefixed with its virtual time.
pub fn render_table(tl: &Timeline) -> String {
    let mut rows = vec![["T", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()];
    for r in tl.rows() {
        let created = tl.created_at(&r.pod, r.t).unwrap_or(r.t);
        rows.push(vec![
            format!("{:.1}s", r.t.as_secs_f64()),
            r.pod.clone(),
            r.ready.clone(),
            r.status.clone(),
            r.restarts.clone(),
            human_duration(r.t.saturating_sub(created)),
        ]);
    }
    align(&rows)
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    t: f64,
    pod: &'a str,
    #[serde(rename = "type")]
    type_: &'a str,
    reason: &'a str,
    object: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonPod {
    name: String,
    status: podlab::engine::model::PodStatus,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    rows: &'a [podlab::engine::kubelet::WatchRow],
    events: Vec<JsonEvent<'a>>,
    pods: Vec<JsonPod>,
    logs: BTreeMap<String, Vec<String>>,
}

/// The JSON record: `{"rows", "events", "pods", "logs"}` (issue 5's shapes); pods and logs
/// as they stand at the end of the run.
pub fn render_json(tl: &Timeline) -> String {
    let end = tl.end();
    let all = tl.events_until(end);
    let events = all
        .iter()
        .map(|e| JsonEvent {
            t: e.t.as_secs_f64(),
            pod: &e.pod,
            type_: &e.type_,
            reason: &e.reason,
            object: &e.object,
            message: &e.message,
        })
        .collect();
    let views = tl.pods_at(end);
    let mut logs = BTreeMap::new();
    for v in &views {
        let name = &v.pod.metadata.name;
        for c in v.pod.spec.init_containers.iter().chain(&v.pod.spec.containers) {
            if let Some(lines) = tl.logs(name, &c.name, false, end) {
                logs.insert(
                    format!("{name}/{}", c.name),
                    lines.into_iter().map(|(_, l)| l).collect(),
                );
            }
        }
    }
    let pods = views
        .into_iter()
        .map(|v| JsonPod { name: v.pod.metadata.name.clone(), status: v.status })
        .collect();
    let out = JsonOut { rows: tl.rows(), events, pods, logs };
    serde_json::to_string_pretty(&out)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
}

/// Runs `podlab simulate` and returns the exit code.
pub fn run(args: &[String]) -> i32 {
    let parsed = match parse_args(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let read = |f: &str| std::fs::read_to_string(f).map_err(|e| format!("error: {f}: {e}"));
    let scenario = match build_scenario(&parsed, &read) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let tl = simulate(&scenario);
    if parsed.json {
        outln!("{}", render_json(&tl));
    } else {
        out!("{}", render_table(&tl));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_parse_as_the_issue_specifies() {
        let a = parse_args(&v(&[
            "a.yaml",
            "--apply-at",
            "30=b.yaml",
            "--delete-at=45=pod/web",
            "--until",
            "90",
            "--output",
            "json",
        ]))
        .unwrap();
        assert_eq!(a.files, vec!["a.yaml"]);
        assert_eq!(a.apply_at, vec![(Millis::from_secs(30), "b.yaml".to_string())]);
        assert_eq!(a.delete_at, vec![(Millis::from_secs(45), "web".to_string())]);
        assert_eq!(a.until, Millis::from_secs(90));
        assert!(a.json);
    }

    #[test]
    fn bad_flags_are_refused() {
        assert!(parse_args(&v(&[])).is_err());
        assert!(parse_args(&v(&["a.yaml", "--until", "soon"])).is_err());
        assert!(parse_args(&v(&["a.yaml", "--delete-at", "3=web"])).is_err());
        assert!(parse_args(&v(&["a.yaml", "--output", "yaml"])).is_err());
    }
}
