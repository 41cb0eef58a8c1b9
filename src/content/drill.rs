//! Practice drills with no answer key (issue 14): fresh predict-the-run questions generated
//! from templates, run on the simulated node, and graded against what that run did.
//!
//! A drill is a pure function of its seed: [`generate`] draws a pod from one of the
//! [`TEMPLATES`] (how many init containers, which one fails and how, the restartPolicy, a
//! sidecar, a deadline), simulates it, and asks about the run (the STATUS column at an instant,
//! the RESTARTS count at an instant, or the phase at the end). Nobody wrote the answer: it is
//! read off the timeline, so the question is right by construction, and [`Drill::grade`]
//! compares the learner's prediction with it. The seed in the page's address makes a drill
//! shareable and reproducible; `podlab lint-content` replays every template over many seeds
//! ([`validate`]).

use crate::content::check::divergence::clock;
use crate::content::check::{pod_rows, row_at, status_sequence};
use crate::content::exercise::scenario;
use crate::engine::kubelet::{simulate, Scenario, Timeline};
use crate::engine::sort::sort;
use crate::engine::time::Millis;

/// A small deterministic generator (SplitMix64): the same seed gives the same drill everywhere.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator at `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Shuffles `v` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// What a drill is built around.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    /// Several init containers that all succeed: where is the pod at an instant?
    Chain,
    /// One init container fails (an exit code, or waits forever): STATUS or restarts.
    Failure,
    /// The pod's restartPolicy meets a failing init container or a finishing app: final phase.
    Policy,
    /// A native sidecar next to regular init containers.
    Sidecar,
    /// activeDeadlineSeconds against a slow or stuck initialization.
    Deadline,
}

/// Every template; a seed picks `TEMPLATES[seed % 5]`, so any run of consecutive seeds covers
/// them all.
pub const TEMPLATES: [Template; 5] =
    [Template::Chain, Template::Failure, Template::Policy, Template::Sidecar, Template::Deadline];

impl Template {
    /// Its name in words.
    pub fn name(self) -> &'static str {
        match self {
            Template::Chain => "init containers in a row",
            Template::Failure => "a failing init container",
            Template::Policy => "restartPolicy",
            Template::Sidecar => "a sidecar",
            Template::Deadline => "a deadline",
        }
    }
}

/// What the learner predicts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// The STATUS column of `kubectl get pods` at this instant.
    StatusAt(Millis),
    /// The number in the RESTARTS column at this instant.
    RestartsAt(Millis),
    /// `status.phase` at the end of the run.
    FinalPhase,
}

/// One generated drill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drill {
    /// Its seed (the address carries it).
    pub seed: u64,
    /// The template it was drawn from.
    pub template: Template,
    /// The manifest (what the learner reads and may load into the editor).
    pub yaml: String,
    /// The pod asked about.
    pub pod: String,
    /// What is asked.
    pub ask: Ask,
    /// The question in words.
    pub question: String,
    /// The choices, shuffled; exactly one is what the run did.
    pub choices: Vec<String>,
    /// How long the run is simulated.
    pub until: Millis,
    answer: String,
    why: String,
}

/// A graded prediction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Graded {
    /// Whether the prediction is what the run did.
    pub correct: bool,
    /// What the run did.
    pub actual: String,
    /// Where to see it in the run, in words.
    pub why: String,
}

/// How an init container behaves in a generated pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Behaviour {
    /// Works for this many seconds, then exits 0.
    Works(u64),
    /// Exits with this code after a second.
    Exits(i32),
    /// Waits for a Service that never exists.
    WaitsForever,
}

/// The drawn pod, before it is written as YAML.
struct Plan {
    name: String,
    policy: &'static str,
    inits: Vec<(String, Behaviour)>,
    sidecar: bool,
    deadline: Option<u64>,
    app_exits: bool,
}

const NAMES: [&str; 6] =
    ["fetch-config", "migrate", "warm-cache", "check-db", "render", "seed-data"];
const PODS: [&str; 4] = ["drill-api", "drill-worker", "drill-batch", "drill-web"];

fn plan(t: Template, rng: &mut Rng) -> Plan {
    let mut names: Vec<&str> = NAMES.to_vec();
    rng.shuffle(&mut names);
    let n = 1 + rng.below(3);
    let mut inits: Vec<(String, Behaviour)> = names[..n]
        .iter()
        .map(|n| (n.to_string(), Behaviour::Works(1 + rng.below(6) as u64)))
        .collect();
    let policies = ["Always", "OnFailure", "Never"];
    let mut p = Plan {
        name: PODS[rng.below(PODS.len())].to_string(),
        policy: policies[rng.below(3)],
        inits: Vec::new(),
        sidecar: false,
        deadline: None,
        app_exits: false,
    };
    match t {
        Template::Chain => {}
        Template::Failure | Template::Policy => {
            let i = rng.below(n);
            inits[i].1 = if t == Template::Policy || rng.below(3) > 0 {
                Behaviour::Exits(1 + rng.below(3) as i32)
            } else {
                Behaviour::WaitsForever
            };
            // Half the Policy drills have no failure at all but an app that finishes.
            if t == Template::Policy && rng.below(2) == 0 {
                inits[i].1 = Behaviour::Works(2);
                p.app_exits = true;
            }
        }
        Template::Sidecar => p.sidecar = true,
        Template::Deadline => {
            p.deadline = Some([15, 25, 40][rng.below(3)]);
            let i = rng.below(n);
            inits[i].1 =
                if rng.below(2) == 0 { Behaviour::WaitsForever } else { Behaviour::Works(30) };
        }
    }
    p.inits = inits;
    p
}

fn yaml(p: &Plan) -> String {
    let mut y = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {}\nspec:\n", p.name);
    if p.policy != "Always" {
        y.push_str(&format!("  restartPolicy: {}\n", p.policy));
    }
    if let Some(d) = p.deadline {
        y.push_str(&format!("  activeDeadlineSeconds: {d}\n"));
    }
    y.push_str("  initContainers:\n");
    if p.sidecar {
        y.push_str("  - name: log-shipper\n    image: busybox:1.36\n    restartPolicy: Always\n    command: [\"sh\", \"-c\", \"while true; do sleep 5; done\"]\n");
    }
    for (name, b) in &p.inits {
        let cmd = match b {
            Behaviour::Works(s) => format!("echo {name} working; sleep {s}; echo {name} done"),
            Behaviour::Exits(c) => format!("echo {name} failed >&2; sleep 1; exit {c}"),
            Behaviour::WaitsForever => {
                "until nc -z warehouse 5432; do echo waiting for warehouse; sleep 2; done".into()
            }
        };
        y.push_str(&format!(
            "  - name: {name}\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"{cmd}\"]\n"
        ));
    }
    let app = if p.app_exits { "echo job done" } else { "echo serving; sleep 3600" };
    y.push_str(&format!(
        "  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"{app}\"]\n"
    ));
    y
}

/// Statuses a learner might plausibly predict for this pod (distractors).
fn plausible_statuses(p: &Plan) -> Vec<String> {
    let n = p.inits.len() + usize::from(p.sidecar);
    let mut v: Vec<String> = (0..n).map(|i| format!("Init:{i}/{n}")).collect();
    v.extend(
        [
            "Init:Error",
            "Init:CrashLoopBackOff",
            "PodInitializing",
            "Running",
            "Completed",
            "Pending",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    v
}

fn restarts_number(text: &str) -> u32 {
    text.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// Draws choices: the answer plus up to three distinct distractors, shuffled.
fn choices(answer: &str, pool: Vec<String>, rng: &mut Rng) -> Vec<String> {
    let mut others: Vec<String> = Vec::new();
    for s in pool {
        if s != answer && !others.contains(&s) {
            others.push(s);
        }
    }
    rng.shuffle(&mut others);
    let mut out: Vec<String> =
        std::iter::once(answer.to_string()).chain(others.into_iter().take(3)).collect();
    rng.shuffle(&mut out);
    out
}

/// The scenario a drill runs (the page plays it).
pub fn drill_scenario(d: &Drill) -> Result<Scenario, String> {
    scenario(&d.yaml, &[], d.until)
        .map_err(|e| e.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "))
}

/// The drill of `seed`. `Err` only if the generated manifest is refused (a template bug the
/// linter reports).
pub fn generate(seed: u64) -> Result<(Drill, Timeline), String> {
    let template = TEMPLATES[(seed % TEMPLATES.len() as u64) as usize];
    let mut rng = Rng::new(seed);
    let p = plan(template, &mut rng);
    let until = Millis::from_secs(120);
    let text = yaml(&p);
    let sc = scenario(&text, &[], until)
        .map_err(|e| e.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "))?;
    let tl = simulate(&sc);
    let rows = pod_rows(&tl, &p.name);
    let sequence = status_sequence(&tl, &p.name).join(" → ");
    // What to ask: each template has its natural question; an instant is drawn inside the run.
    let ask = match template {
        Template::Policy => Ask::FinalPhase,
        Template::Failure if rng.below(2) == 0 => {
            Ask::RestartsAt(Millis::from_secs(30 + 10 * rng.below(6) as u64))
        }
        Template::Deadline if rng.below(2) == 0 => Ask::FinalPhase,
        _ => {
            // An instant inside one of the run's states, each state as likely as the others:
            // the first whole second after a row change (the creation row excluded).
            let i = 1 + rng.below(rows.len().saturating_sub(1).max(1));
            let from = rows.get(i).or(rows.last()).map(|r| r.t).unwrap_or(Millis::ZERO);
            Ask::StatusAt(Millis::from_secs(from.0 / 1000 + 1))
        }
    };
    let (question, answer, pool, why) = match ask {
        Ask::StatusAt(t) => {
            let r = row_at(&rows, t).ok_or("no row")?;
            (
                format!("What does the STATUS column of `kubectl get pod {}` show at {}?", p.name, clock(t)),
                r.status.clone(),
                plausible_statuses(&p),
                format!("At {} the row read STATUS {} (READY {}, RESTARTS {}). The whole run: {sequence}.", clock(t), r.status, r.ready, r.restarts),
            )
        }
        Ask::RestartsAt(t) => {
            let r = row_at(&rows, t).ok_or("no row")?;
            let n = restarts_number(&r.restarts);
            let pool = [0, 1, 2, 3, 4, 5, n + 1].iter().map(|k| k.to_string()).collect();
            (
                format!("How many restarts does the RESTARTS column of `kubectl get pod {}` count at {}?", p.name, clock(t)),
                n.to_string(),
                pool,
                format!("At {} the row read RESTARTS {} (STATUS {}). The whole run: {sequence}.", clock(t), r.restarts, r.status),
            )
        }
        Ask::FinalPhase => {
            let r = rows.last().ok_or("no row")?;
            (
                format!(
                    "What is the pod's phase (`status.phase`) at the end of the run, {}?",
                    clock(until)
                ),
                r.phase.clone(),
                ["Pending", "Running", "Succeeded", "Failed"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                format!(
                    "At the end the row read STATUS {}, phase {}. The whole run: {sequence}.",
                    r.status, r.phase
                ),
            )
        }
    };
    let choices = choices(&answer, pool, &mut rng);
    let drill = Drill {
        seed,
        template,
        yaml: text,
        pod: p.name,
        ask,
        question,
        choices,
        until,
        answer,
        why,
    };
    Ok((drill, tl))
}

impl Drill {
    /// Grades the learner's prediction against the run.
    pub fn grade(&self, prediction: &str) -> Graded {
        Graded {
            correct: prediction.trim() == self.answer,
            actual: self.answer.clone(),
            why: self.why.clone(),
        }
    }
    /// The instant the question is about, if any (the page moves the playhead there).
    pub fn instant(&self) -> Option<Millis> {
        match self.ask {
            Ask::StatusAt(t) | Ask::RestartsAt(t) => Some(t),
            Ask::FinalPhase => None,
        }
    }
}

/// Problems with the drill of `seed` (the linter's replay): it must be admitted, offer two or
/// more distinct choices with the run's answer exactly once, and ask about an instant inside
/// the run.
pub fn validate(seed: u64) -> Vec<String> {
    let (d, tl) = match generate(seed) {
        Ok(x) => x,
        Err(e) => return vec![format!("drill seed {seed}: the generated pod is refused: {e}")],
    };
    let mut p = Vec::new();
    let at = format!("drill seed {seed} ({})", d.template.name());
    let mut sorted = d.choices.clone();
    sort(&mut sorted);
    sorted.dedup();
    if sorted.len() != d.choices.len() || d.choices.len() < 2 {
        p.push(format!("{at}: choices must be two or more distinct: {:?}", d.choices));
    }
    if d.choices.iter().filter(|c| d.grade(c).correct).count() != 1 {
        p.push(format!(
            "{at}: exactly one choice must be what the run did ({}): {:?}",
            d.answer, d.choices
        ));
    }
    if d.instant().is_some_and(|t| t > tl.end()) {
        p.push(format!("{at}: asks about an instant after the run ends"));
    }
    if d.answer.is_empty() {
        p.push(format!("{at}: the run gave no answer"));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_drill() {
        let (a, _) = generate(12345).expect("drill");
        let (b, _) = generate(12345).expect("drill");
        assert_eq!((a.yaml, a.question, a.choices), (b.yaml, b.question, b.choices));
    }

    #[test]
    fn seeds_give_different_drills_across_every_template() {
        let drills: Vec<Drill> = (0..10).map(|s| generate(s).expect("drill").0).collect();
        for t in TEMPLATES {
            assert!(drills.iter().any(|d| d.template == t), "{t:?}");
        }
        let mut yamls: Vec<&str> = drills.iter().map(|d| d.yaml.as_str()).collect();
        yamls.sort();
        yamls.dedup();
        assert!(yamls.len() >= 8, "{yamls:?}");
    }

    #[test]
    fn every_template_is_valid_over_many_seeds() {
        let problems: Vec<String> = (0..250).flat_map(validate).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_prediction_is_graded_against_the_run() {
        let (d, tl) = generate(7).expect("drill");
        let right = d.choices.iter().find(|c| d.grade(c).correct).expect("an answer").clone();
        let wrong = d.choices.iter().find(|c| !d.grade(c).correct).expect("a distractor");
        assert!(!d.grade(wrong).correct);
        assert_eq!(d.grade(wrong).actual, right);
        // The answer is what the timeline shows, not something stored beside it.
        let rows = pod_rows(&tl, &d.pod);
        let from_run = match d.ask {
            Ask::StatusAt(t) => row_at(&rows, t).map(|r| r.status.clone()),
            Ask::RestartsAt(t) => {
                row_at(&rows, t).map(|r| restarts_number(&r.restarts).to_string())
            }
            Ask::FinalPhase => rows.last().map(|r| r.phase.clone()),
        };
        assert_eq!(from_run.as_deref(), Some(right.as_str()));
    }

    #[test]
    fn a_failing_init_container_under_never_fails_the_pod() {
        // Find a Policy drill with a failing init container and restartPolicy Never.
        let (d, _) = (0..500)
            .filter(|s| s % 5 == 2)
            .map(|s| generate(s).expect("drill"))
            .find(|(d, _)| {
                d.yaml.contains("restartPolicy: Never\n  initContainers")
                    && d.yaml.contains("exit ")
            })
            .expect("such a drill");
        assert_eq!(d.ask, Ask::FinalPhase);
        assert!(d.grade("Failed").correct, "{}\n{}", d.yaml, d.why);
    }
}

/// The drill seed in a page address's query (`?drill=4242`, among other parameters).
pub fn seed_from_query(search: &str) -> Option<u64> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("drill="))
        .and_then(|v| v.parse().ok())
}

/// `search` with its drill parameter set to `seed` (other parameters kept), for a shareable
/// address.
pub fn query_with_seed(search: &str, seed: u64) -> String {
    let mut parts: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("drill="))
        .map(str::to_string)
        .collect();
    parts.push(format!("drill={seed}"));
    format!("?{}", parts.join("&"))
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn the_seed_travels_in_the_query() {
        assert_eq!(seed_from_query("?drill=4242"), Some(4242));
        assert_eq!(seed_from_query("?present&drill=7"), Some(7));
        assert_eq!(seed_from_query("?drill=x"), None);
        assert_eq!(seed_from_query(""), None);
        assert_eq!(query_with_seed("", 9), "?drill=9");
        assert_eq!(query_with_seed("?present&drill=1", 9), "?present&drill=9");
        assert_eq!(seed_from_query(&query_with_seed("?a=b", u64::MAX)), Some(u64::MAX));
    }
}
