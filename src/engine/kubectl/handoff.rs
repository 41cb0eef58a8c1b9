//! "Take it to a real cluster": one Markdown text (the manifests, the commands to run them on
//! kind or minikube, and what podlab predicted) built from a run, so a learner can compare a
//! real node with the simulated one line by line.
//!
//! Nothing is decided here: the predicted `kubectl get pod -w` output is the console's own `-w`
//! stream ([`crate::engine::kubectl::console`]), the STATUS sequence is the watch rows
//! ([`crate::engine::kubectl::watch`]), the events are
//! [`crate::engine::kubectl::events::get_events`] and the raw occurrences, the logs are the
//! timeline's. This module only lays them out and says where a real node's timing differs
//! (reference §0.2 and §1.11: PLEG relist, image pulls, the back-off's re-queue granularity).
//!
//! Entry point: [`handoff`].

use crate::engine::kubectl::console::Console;
use crate::engine::kubectl::get::align;
use crate::engine::kubelet::{Action, Scenario, Timeline};
use crate::engine::time::Millis;

/// One manifest the run applied, as the learner wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// When podlab applied it (virtual time; 0 for the editor's Apply).
    pub at: Millis,
    /// The file name the bundle gives it (`first.yaml`, `pod.yaml`).
    pub name: String,
    /// The YAML exactly as written.
    pub text: String,
}

/// `12.5s`: a virtual instant as the tables print it (the CLI's `simulate` table does the same).
fn instant(t: Millis) -> String {
    format!("{:.1}s", t.as_secs_f64())
}

/// A heredoc delimiter that no line of `text` equals, so `cat > f <<'D'` writes it unchanged.
fn delimiter(text: &str) -> String {
    let mut d = "EOF".to_string();
    while text.lines().any(|l| l == d) {
        d.push('_');
    }
    d
}

/// Every distinct STATUS a pod went through, in order (consecutive repeats folded), per pod in
/// creation order: `pod: Pending → Init:0/1 → PodInitializing → Running`.
pub fn status_sequences(timeline: &Timeline) -> Vec<(String, Vec<String>)> {
    let mut names = timeline.pod_names();
    names.dedup();
    let mut seen: Vec<String> = Vec::new();
    names.retain(|n| {
        let new = !seen.contains(n);
        seen.push(n.clone());
        new
    });
    names
        .into_iter()
        .map(|pod| {
            let mut seq: Vec<String> = Vec::new();
            for r in timeline.rows().iter().filter(|r| r.pod == pod) {
                if seq.last() != Some(&r.status) {
                    seq.push(r.status.clone());
                }
            }
            (pod, seq)
        })
        .collect()
}

/// What `kubectl apply -f … && kubectl get pod -w` prints for this run: the console's `get pods
/// -w` at t = 0, then its stream up to the end of the run.
fn predicted_watch(scenario: &Scenario, timeline: &Timeline) -> String {
    let console = Console { timeline, scenario, now: Millis::ZERO, editor: "", files: &[] };
    let out = console.run("kubectl get pods -w");
    let mut text = out.stdout;
    if let Some(mut stream) = out.stream {
        text.push_str(&stream.advance(&console, timeline.end()));
    }
    text
}

/// The whole hand-off text (Markdown) for a run: `manifests` are the texts the run applied (in
/// the order of the scenario's `Apply` actions at each instant); later applies that have no text
/// (typed into podlab's console) and deletions are listed as commands with their instants.
pub fn handoff(manifests: &[Manifest], scenario: &Scenario, timeline: &Timeline) -> String {
    let end = timeline.end();
    let mut s = String::new();
    s.push_str("# podlab run, to compare with a real cluster\n\n");
    s.push_str(
        "Made by podlab: the manifests of one run, the commands that run them on a real \
         cluster (kind, minikube, or any cluster where you may create pods in the `default` \
         namespace), and what podlab's simulated node predicted, to compare line by line.\n\n",
    );

    // 1. Files.
    s.push_str("## 1. Save the manifests\n\n");
    if manifests.is_empty() {
        s.push_str("(This run has no manifest text: it was made in podlab's console.)\n\n");
    } else {
        s.push_str("Paste each block into a shell in an empty directory (it writes the file):\n\n");
    }
    for m in manifests {
        let d = delimiter(&m.text);
        let body = if m.text.ends_with('\n') { m.text.clone() } else { format!("{}\n", m.text) };
        s.push_str(&format!("```sh\ncat > {} <<'{d}'\n{body}{d}\n```\n\n", m.name));
    }

    // 2. Commands, in the run's order.
    s.push_str("## 2. Run them\n\n");
    s.push_str(
        "Start the watch and the first apply together, so the watch sees the pod from its \
         first status (stop it with Ctrl-C when the pods settle):\n\n```sh\n",
    );
    let mut first = true;
    let mut used = vec![false; manifests.len()];
    let mut later: Vec<(Millis, String)> = Vec::new();
    for (t, action) in &scenario.actions {
        match action {
            Action::Apply(objects) => {
                let file = manifests.iter().enumerate().find(|(i, m)| !used[*i] && m.at == *t).map(
                    |(i, m)| {
                        used[i] = true;
                        m.name.clone()
                    },
                );
                let cmd = match file {
                    Some(f) => format!("kubectl apply -f {f}"),
                    None => {
                        let names: Vec<String> = objects
                            .iter()
                            .map(|o| format!("{}/{}", o.kind().to_lowercase(), o.metadata().name))
                            .collect();
                        format!(
                            "# podlab applied {} here; its YAML is not in this bundle (it came from podlab's console or an exercise's setup)",
                            names.join(" ")
                        )
                    }
                };
                if first && *t == Millis::ZERO {
                    s.push_str(&format!("{cmd} && kubectl get pod -w\n"));
                    first = false;
                } else {
                    later.push((*t, cmd));
                }
            }
            Action::DeletePod(name) => later.push((*t, format!("kubectl delete pod {name}"))),
        }
    }
    if first {
        s.push_str("kubectl get pod -w\n");
    }
    s.push_str("```\n\n");
    if !later.is_empty() {
        s.push_str(
            "Then, in a second terminal, at about these times after the first apply:\n\n```sh\n",
        );
        for (t, cmd) in &later {
            s.push_str(&format!("# at t = {}\n{cmd}\n", instant(*t)));
        }
        s.push_str("```\n\n");
    }
    let mut pods: Vec<String> = timeline.pod_names();
    let mut seen = Vec::new();
    pods.retain(|p| {
        let new = !seen.contains(p);
        seen.push(p.clone());
        new
    });
    s.push_str("Then look closer (one pod at a time):\n\n```sh\n");
    for p in &pods {
        s.push_str(&format!(
            "kubectl describe pod {p}\nkubectl events --for pod/{p}   # kubectl 1.26+\n"
        ));
        if let Some(v) = last_view(timeline, p) {
            for c in v.pod.spec.init_containers.iter().chain(&v.pod.spec.containers) {
                s.push_str(&format!("kubectl logs {p} -c {}\n", c.name));
            }
        }
    }
    s.push_str("kubectl get events\n");
    for m in manifests {
        s.push_str(&format!("kubectl delete -f {}   # clean up\n", m.name));
    }
    s.push_str("```\n\n");

    // 3. The prediction.
    s.push_str(&format!("## 3. What podlab predicted (simulated for {})\n\n", instant(end)));
    s.push_str("### STATUS sequence\n\n```\n");
    for (pod, seq) in status_sequences(timeline) {
        s.push_str(&format!("{pod}: {}\n", seq.join(" → ")));
    }
    s.push_str("```\n\n");
    s.push_str("### `kubectl get pod -w`, as podlab printed it\n\n```\n");
    s.push_str(&predicted_watch(scenario, timeline));
    s.push_str("```\n\n");
    s.push_str(
        "The same rows with podlab's virtual time (T = seconds after the first apply):\n\n```\n",
    );
    let mut rows = vec![["T", "NAME", "READY", "STATUS", "RESTARTS"].map(String::from).to_vec()];
    for r in timeline.rows() {
        rows.push(vec![
            instant(r.t),
            r.pod.clone(),
            r.ready.clone(),
            r.status.clone(),
            r.restarts.clone(),
        ]);
    }
    s.push_str(&align(&rows));
    s.push_str("```\n\n");
    s.push_str("### Events, in the order the node recorded them\n\n```\n");
    let events = timeline.events_until(end);
    let mut ev_rows = vec![["T", "TYPE", "REASON", "OBJECT", "MESSAGE"].map(String::from).to_vec()];
    for e in &events {
        let object = if e.object.is_empty() {
            format!("pod/{}", e.pod)
        } else {
            format!("pod/{} {}", e.pod, e.object)
        };
        ev_rows.push(vec![
            instant(e.t),
            e.type_.clone(),
            e.reason.clone(),
            object,
            e.message.trim().to_string(),
        ]);
    }
    s.push_str(&align(&ev_rows));
    s.push_str("```\n\n");
    s.push_str(&format!("`kubectl get events` at t = {}:\n\n```\n", instant(end)));
    s.push_str(&crate::engine::kubectl::events::get_events(&events, end));
    s.push_str("```\n\n");
    let mut logs = String::new();
    for p in &pods {
        let Some(v) = last_view(timeline, p) else { continue };
        let at = if timeline.pod_at(p, end).is_some() { end } else { v.created };
        for c in v.pod.spec.init_containers.iter().chain(&v.pod.spec.containers) {
            let lines = timeline.logs(p, &c.name, false, at).unwrap_or_default();
            logs.push_str(&format!("$ kubectl logs {p} -c {}\n", c.name));
            for (_, l) in lines {
                logs.push_str(&l);
                logs.push('\n');
            }
        }
    }
    if !logs.is_empty() {
        s.push_str("### Logs at the end of the run\n\n```\n");
        s.push_str(&logs);
        s.push_str("```\n\n");
    }

    // 4. Honesty.
    s.push_str(
        "## 4. Where a real cluster will differ\n\n\
         Compare the *order* of the STATUS values and events, not the seconds:\n\n\
         - **Image pulls.** podlab's node starts with every tagged image it knows already present \
         (`Container image … already present on machine`); a fresh kind or minikube node has \
         none, so the first run of each image adds `Pulling`/`Pulled` events and seconds to \
         minutes before the container starts (run it twice, or `kind load docker-image`, to \
         compare without them). `:latest` or untagged images (pull policy `Always`) are pulled \
         on both, and podlab's pull time only approximates a real download. Everything after a \
         pull shifts by that much. A private or misspelled image fails with \
         `ErrImagePull`/`ImagePullBackOff` on both.\n\
         - **Status updates.** The kubelet notices container exits through its PLEG relist \
         (every 1 s), so each transition can come 1–2 s later than podlab says; the AGE and \
         RESTARTS `(… ago)` columns move with it.\n\
         - **Back-off.** The restart back-off doubles from 10 s up to 5 min on both, but a real \
         kubelet (v1.31–v1.34) re-checks a pod in back-off only every 10–15 s (`wait.Jitter`), \
         so restarts come up to 15 s later than the nominal delay, and STATUS may show \
         `Error` (`Init:Error`) for a while before `CrashLoopBackOff` \
         (`Init:CrashLoopBackOff`). Over several restarts the drift adds up.\n\
         - **Commands that sleep or wait** take real time on a real node; `sleep 10` is 10 s of \
         wall clock, not of virtual time. DNS lookups and Services answer (or not) depending on \
         what exists in your cluster.\n\
         - **Names, IPs and the node** (`node01`, pod IPs) are podlab's; yours will differ.\n",
    );
    s
}

/// The pod named `name` at the last instant it existed in the run.
fn last_view(timeline: &Timeline, name: &str) -> Option<crate::engine::kubelet::PodView> {
    let end = timeline.end();
    timeline.pod_at(name, end).or_else(|| {
        // Deleted before the end: its last row is where it disappeared; look just before it.
        let gone = timeline.rows().iter().rev().find(|r| r.pod == name)?.t;
        timeline.pod_at(name, gone.saturating_sub(Millis(1)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::admission::admit;
    use crate::engine::kubelet::simulate;

    const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: init-demo
spec:
  initContainers:
  - name: wait
    image: busybox:1.36
    command: ['sh', '-c', 'echo waiting && sleep 5']
  containers:
  - name: app
    image: busybox:1.36
    command: ['sh', '-c', 'echo up && sleep 3600']
";

    fn run(text: &str, until: u64) -> (Scenario, Timeline) {
        let a = admit(text);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        let sc = Scenario::apply_at_zero(a.objects, Millis::from_secs(until));
        let tl = simulate(&sc);
        (sc, tl)
    }

    fn manifest(text: &str) -> Vec<Manifest> {
        vec![Manifest { at: Millis::ZERO, name: "init-demo.yaml".into(), text: text.into() }]
    }

    #[test]
    fn the_bundle_carries_the_manifest_and_the_commands_to_run_it() {
        let (sc, tl) = run(POD, 60);
        let out = handoff(&manifest(POD), &sc, &tl);
        assert!(out.contains(&format!("cat > init-demo.yaml <<'EOF'\n{POD}EOF\n")), "{out}");
        assert!(out.contains("kubectl apply -f init-demo.yaml && kubectl get pod -w\n"), "{out}");
        assert!(out.contains("kubectl logs init-demo -c wait\n"), "{out}");
        assert!(out.contains("kubectl logs init-demo -c app\n"), "{out}");
        assert!(out.contains("kubectl delete -f init-demo.yaml"), "{out}");
        assert!(out.contains("Back-off") && out.contains("Image pulls"), "{out}");
    }

    #[test]
    fn the_status_sequence_is_the_runs_own() {
        let (sc, tl) = run(POD, 60);
        let seq = status_sequences(&tl);
        assert_eq!(seq.len(), 1);
        assert_eq!(seq[0].0, "init-demo");
        let s = &seq[0].1;
        assert_eq!(s.first().map(String::as_str), Some("Pending"), "{s:?}");
        assert!(s.contains(&"Init:0/1".to_string()), "{s:?}");
        assert_eq!(s.last().map(String::as_str), Some("Running"), "{s:?}");
        let out = handoff(&manifest(POD), &sc, &tl);
        assert!(out.contains(&format!("init-demo: {}\n", s.join(" → "))), "{out}");
        // Every watch row of the run is in the timed table, at its instant.
        for r in tl.rows() {
            assert!(
                out.lines().any(|l| l.starts_with(&instant(r.t)) && l.contains(&r.status)),
                "row {r:?} missing:\n{out}"
            );
        }
    }

    #[test]
    fn the_predicted_watch_is_what_the_console_prints() {
        let (sc, tl) = run(POD, 60);
        let w = predicted_watch(&sc, &tl);
        let lines: Vec<&str> = w.lines().collect();
        assert!(lines[0].starts_with("NAME") && lines[0].contains("STATUS"), "{w}");
        assert!(lines.iter().any(|l| l.contains("Init:0/1")), "{w}");
        assert!(lines.last().unwrap().contains("Running"), "{w}");
        assert!(handoff(&manifest(POD), &sc, &tl).contains(&w));
    }

    #[test]
    fn events_and_logs_are_predicted() {
        let (sc, tl) = run(POD, 60);
        let out = handoff(&manifest(POD), &sc, &tl);
        assert!(out.contains("Scheduled"), "{out}");
        assert!(out.contains("Started"), "{out}");
        assert!(out.contains("$ kubectl logs init-demo -c wait\nwaiting\n"), "{out}");
        assert!(out.contains("$ kubectl logs init-demo -c app\nup\n"), "{out}");
    }

    #[test]
    fn a_manifest_containing_the_delimiter_gets_another_one() {
        assert_eq!(delimiter("a\nEOF\nb"), "EOF_");
        assert_eq!(delimiter("a: EOF"), "EOF");
    }

    #[test]
    fn later_applies_and_deletes_are_listed_with_their_instants() {
        let a = admit(POD);
        let mut sc = Scenario::apply_at_zero(a.objects.clone(), Millis::from_secs(90));
        sc.actions.push((Millis::from_secs(30), Action::DeletePod("init-demo".into())));
        let tl = simulate(&sc);
        let out = handoff(&manifest(POD), &sc, &tl);
        assert!(out.contains("# at t = 30.0s\nkubectl delete pod init-demo\n"), "{out}");
        let seq = &status_sequences(&tl)[0].1;
        assert!(seq.contains(&"Terminating".to_string()), "{seq:?}");
    }

    #[test]
    fn an_apply_without_text_is_named_not_invented() {
        let a = admit(POD);
        let other = admit(&POD.replace("init-demo", "later-pod"));
        let mut sc = Scenario::apply_at_zero(a.objects, Millis::from_secs(60));
        sc.actions.push((Millis::from_secs(20), Action::Apply(other.objects)));
        let tl = simulate(&sc);
        let out = handoff(&manifest(POD), &sc, &tl);
        assert!(
            out.contains("# at t = 20.0s\n# podlab applied pod/later-pod here; its YAML is not in this bundle"),
            "{out}"
        );
        assert!(out.contains("later-pod: Pending"), "{out}");
    }
}
