//! Exercises: a starting manifest, a goal in words, a solution, hints, and checks evaluated on
//! the simulation's timeline. Also the shared "run this YAML as a scenario" step used by
//! lesson examples.
//!
//! Flow of an attempt: learner text → [`crate::engine::admission::admit`] (a refused manifest
//! fails with the API server's own messages) → a [`Scenario`] with the exercise's world objects
//! (applied at their instants) and the learner's objects at t = 0 → [`simulate`] → every check
//! evaluated on the [`Timeline`] → a [`Verdict`] that says which goal parts are met.

use crate::content::check::{self, debrief, divergence, Check, Observed, Outcome};
// The data types are in the data-only `model` (lesson.rs parses them, this module runs them).
pub use crate::content::model::{Answer, Exercise, ExerciseCheck, Variant};
use crate::content::model::{Example, Predict};
use crate::engine::admission::admit;
use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::kubelet::{simulate, Action, Scenario, Timeline};
use crate::engine::sort::sort_by_key;
use crate::engine::time::Millis;

/// The result of one check in an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    /// The check as written.
    pub check: String,
    /// The goal clause it proves, in plain words (empty for an example's outcome check).
    pub clause: String,
    /// Pass, or what is not met yet.
    pub outcome: Outcome,
    /// For a failure: the first moment of the learner's run where it went another way.
    pub moment: Option<divergence::Moment>,
}

impl CheckResult {
    /// What the learner reads under the clause: why it is not met, then where the run went
    /// another way ("… Where it went another way: at 12.0 s `init-db` exited 1: …").
    pub fn message(&self) -> String {
        match &self.outcome {
            Outcome::Pass => String::new(),
            Outcome::Fail(why) => match &self.moment {
                Some(m) => format!("{why} Where it went another way: {}.", m.text),
                None => why.clone(),
            },
        }
    }

    /// The virtual instant to jump to, if the failure has one in the played run.
    pub fn at(&self) -> Option<Millis> {
        self.moment.as_ref().and_then(|m| m.at)
    }
}

/// The result of an attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Admission errors of the learner's manifest (nothing was run if non-empty).
    pub rejected: Vec<Diagnostic>,
    /// One result per check, in authored order (empty when rejected).
    pub results: Vec<CheckResult>,
    /// When solved: what happened in the learner's own run, in a few lines.
    pub debrief: Vec<String>,
}

impl Verdict {
    /// Every check passed on an admitted manifest.
    pub fn solved(&self) -> bool {
        self.rejected.is_empty()
            && !self.results.is_empty()
            && self.results.iter().all(|r| r.outcome.passed())
    }
    /// Learner-facing lines explaining what is not met yet (empty when solved): the clause in
    /// plain words, what the run showed, and where it went another way.
    pub fn explanations(&self) -> Vec<String> {
        if !self.rejected.is_empty() {
            return self
                .rejected
                .iter()
                .map(|d| {
                    format!("The API server refused the manifest (line {}): {}", d.line, d.message)
                })
                .collect();
        }
        self.results
            .iter()
            .filter_map(|r| match &r.outcome {
                Outcome::Pass => None,
                Outcome::Fail(_) => {
                    let head = if r.clause.is_empty() { &r.check } else { &r.clause };
                    Some(format!("{head} — {}", r.message()))
                }
            })
            .collect()
    }
    /// The first failed check (the one the page points at first).
    pub fn first_failure(&self) -> Option<&CheckResult> {
        self.results.iter().find(|r| !r.outcome.passed())
    }
}

/// Admission errors of one YAML text (warnings and notes are not refusals).
fn errors(text: &str) -> (Vec<crate::engine::model::Object>, Vec<Diagnostic>) {
    let a = admit(text);
    let errs: Vec<Diagnostic> =
        a.diagnostics.into_iter().filter(|d| d.severity == Severity::Error).collect();
    (a.objects, errs)
}

/// Builds the scenario for `text` at t = 0 plus `world` at their instants. `Err` carries the
/// learner text's admission errors; an error in the world is the author's and is returned too
/// (with the message prefixed) so the linter reports it.
pub fn scenario(
    text: &str,
    world: &[(Millis, String)],
    until: Millis,
) -> Result<Scenario, Vec<Diagnostic>> {
    let (objects, errs) = errors(text);
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut actions: Vec<(Millis, Action)> = Vec::new();
    let mut world_errs = Vec::new();
    for (t, yaml) in world {
        let (objs, errs) = errors(yaml);
        world_errs.extend(errs.into_iter().map(|mut d| {
            d.message = format!("(exercise world at {t}) {}", d.message);
            d
        }));
        actions.push((*t, Action::Apply(objs)));
    }
    if !world_errs.is_empty() {
        return Err(world_errs);
    }
    // The learner's objects go first at t = 0: `kubectl apply` of the editor, then the world
    // (a stable sort keeps authored order among equal instants).
    actions.insert(0, (Millis::ZERO, Action::Apply(objects)));
    sort_by_key(&mut actions, |(t, _)| *t);
    Ok(Scenario { actions, until, ..Scenario::default() })
}

/// Evaluates checks on an already simulated run.
pub fn evaluate_checks(checks: &[(String, Check)], tl: &dyn Observed) -> Vec<CheckResult> {
    checks
        .iter()
        .map(|(src, c)| CheckResult {
            check: src.clone(),
            clause: String::new(),
            outcome: check::evaluate(c, tl),
            moment: None,
        })
        .collect()
}

/// An attempt: the verdict plus the run for the UI to play (None when refused).
#[derive(Clone, Debug)]
pub struct Attempt {
    /// What is met.
    pub verdict: Verdict,
    /// The main run's scenario (what the page plays, extends and acts on).
    pub scenario: Option<Scenario>,
    /// The main run.
    pub timeline: Option<Timeline>,
}

impl Exercise {
    /// Runs the learner's `text` and checks the goal: the one grading path (the page, `podlab
    /// grade` and `podlab lint-content` all call this).
    pub fn attempt(&self, text: &str) -> Attempt {
        let sc = match scenario(text, &self.world, self.until) {
            Err(rejected) => {
                let verdict = Verdict { rejected, ..Verdict::default() };
                return Attempt { verdict, scenario: None, timeline: None };
            }
            Ok(sc) => sc,
        };
        let tl = simulate(&sc);
        // Variant runs: the same manifest in another world (only when a check needs one).
        let mut variant_runs: Vec<(String, Result<Timeline, String>)> = Vec::new();
        for v in &self.variants {
            if self.checks.iter().any(|c| c.variant.as_deref() == Some(v.name.as_str())) {
                let run =
                    scenario(text, &v.world, self.until).map(|sc| simulate(&sc)).map_err(|d| {
                        d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ")
                    });
                variant_runs.push((v.name.clone(), run));
            }
        }
        let results = self
            .checks
            .iter()
            .map(|c| {
                let clause = self.clause_text(c.clause);
                let (outcome, moment) = match &c.variant {
                    None => {
                        let o = check::evaluate(&c.check, &tl);
                        let m = (!o.passed()).then(|| divergence::moment(&c.check, &tl)).flatten();
                        (o, m)
                    }
                    Some(name) => match variant_runs.iter().find(|(n, _)| n == name) {
                        Some((_, Ok(vtl))) => {
                            let o = match check::evaluate(&c.check, vtl) {
                                Outcome::Fail(why) => Outcome::Fail(format!(
                                    "In a second run ({}): {why}",
                                    self.variant_words(name)
                                )),
                                pass => pass,
                            };
                            // Its moment is in the other run, not the one on screen: no jump.
                            let m = (!o.passed())
                                .then(|| divergence::moment(&c.check, vtl))
                                .flatten()
                                .map(|m| divergence::Moment { at: None, ..m });
                            (o, m)
                        }
                        Some((_, Err(e))) => {
                            (Outcome::Fail(format!("The {name} world was refused: {e}")), None)
                        }
                        None => (Outcome::Fail(format!("No world named {name:?}.")), None),
                    },
                };
                CheckResult { check: c.source.clone(), clause, outcome, moment }
            })
            .collect();
        let mut verdict = Verdict { rejected: Vec::new(), results, debrief: Vec::new() };
        if verdict.solved() {
            verdict.debrief = debrief::debrief(&tl, &self.pods());
        }
        Attempt { verdict, scenario: Some(sc), timeline: Some(tl) }
    }

    /// Clause `i` in plain words (the goal itself for a check outside any clause).
    pub fn clause_text(&self, i: Option<usize>) -> String {
        i.and_then(|i| self.clauses.get(i).cloned()).unwrap_or_else(|| self.goal.clone())
    }

    /// The goal as the learner reads it: the situation, then the clauses as a list.
    pub fn goal_markdown(&self) -> String {
        let mut md = self.goal.clone();
        if !self.clauses.is_empty() {
            md.push_str("\n\n");
            for c in &self.clauses {
                md.push_str("- ");
                md.push_str(c);
                md.push('\n');
            }
        }
        md
    }

    /// The pods the checks are about, in first-mention order (the debrief tells their story).
    pub fn pods(&self) -> Vec<String> {
        let mut pods: Vec<String> = Vec::new();
        for c in &self.checks {
            if !pods.iter().any(|p| p == c.check.pod()) {
                pods.push(c.check.pod().to_string());
            }
        }
        pods
    }

    fn variant_words(&self, name: &str) -> String {
        format!("the `{name}` world")
    }
}

/// Every exercise of a course with its lesson's slug, in course order (the order `podlab
/// exercises` lists and `podlab grade` looks ids up in).
pub fn course_exercises(cat: &crate::content::lesson::Catalog) -> Vec<(String, Exercise)> {
    (0..cat.entries.len())
        .filter_map(|i| cat.lesson(i))
        .flat_map(|l| {
            let slug = l.slug.clone();
            l.exercises.into_iter().map(move |e| (slug.clone(), e))
        })
        .collect()
}

impl Example {
    /// The scenario "Run here" simulates: the t = 0 manifest plus the `at=` blocks.
    pub fn scenario(&self) -> Result<Scenario, Vec<Diagnostic>> {
        scenario(&self.yaml, &self.later, self.until)
    }
}

impl Predict {
    /// Whether the learner's choice (0-based) is the right one.
    pub fn is_correct(&self, choice: usize) -> bool {
        choice == self.answer
    }
    /// What the simulation actually showed for the watched pod (to display after the run).
    pub fn observed(&self, tl: &dyn Observed) -> Vec<String> {
        check::status_sequence(tl, &self.pod)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_learner_text_is_applied_first_and_the_world_at_its_instants() {
        // Real admission refuses an empty editor, so each part is a small valid object.
        let cm = |n: &str| format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {n}\n");
        let world = vec![(Millis::from_secs(30), cm("later")), (Millis::ZERO, cm("first"))];
        let sc =
            scenario(&cm("learner"), &world, Millis::from_secs(60)).expect("valid objects admit");
        let times: Vec<Millis> = sc.actions.iter().map(|(t, _)| *t).collect();
        assert_eq!(times, [Millis::ZERO, Millis::ZERO, Millis::from_secs(30)]);
        assert_eq!(sc.until, Millis::from_secs(60));
    }

    #[test]
    fn a_refused_manifest_is_explained_with_the_api_servers_words_and_not_run() {
        let ex = Exercise {
            checks: vec![ExerciseCheck {
                source: "ready(x)".into(),
                check: check::parse("ready(x)").expect("check"),
                clause: None,
                variant: None,
            }],
            ..Exercise::default()
        };
        let a = ex.attempt("kind: [\n");
        assert!(a.timeline.is_none());
        assert!(!a.verdict.solved());
        let why = a.verdict.explanations();
        assert!(
            why.len() == 1 && why[0].starts_with("The API server refused the manifest (line "),
            "{why:?}"
        );
    }

    #[test]
    fn a_verdict_without_checks_is_never_solved() {
        assert!(!Verdict::default().solved());
    }
}
