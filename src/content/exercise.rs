//! Exercises: a starting manifest, a goal in words, a solution, hints, and checks evaluated on
//! the simulation's timeline. Also the shared "run this YAML as a scenario" step used by
//! lesson examples.
//!
//! Flow of an attempt: learner text → [`crate::engine::admission::admit`] (a refused manifest
//! fails with the API server's own messages) → a [`Scenario`] with the exercise's world objects
//! (applied at their instants) and the learner's objects at t = 0 → [`simulate`] → every check
//! evaluated on the [`Timeline`] → a [`Verdict`] that says which goal parts are met.

use crate::content::check::{self, Check, Observed, Outcome};
// The data types are in the data-only `model` (lesson.rs parses them, this module runs them).
pub use crate::content::model::Exercise;
use crate::content::model::{Example, Predict};
use crate::engine::admission::admit;
use crate::engine::diag::{Diagnostic, Severity};
use crate::engine::kubelet::{simulate, Action, Scenario, Timeline};
use crate::engine::time::Millis;

/// The result of one check in an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckResult {
    /// The check as written.
    pub check: String,
    /// Pass, or what is not met yet.
    pub outcome: Outcome,
}

/// The result of an attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// Admission errors of the learner's manifest (nothing was run if non-empty).
    pub rejected: Vec<Diagnostic>,
    /// One result per check, in authored order (empty when rejected).
    pub results: Vec<CheckResult>,
}

impl Verdict {
    /// Every check passed on an admitted manifest.
    pub fn solved(&self) -> bool {
        self.rejected.is_empty()
            && !self.results.is_empty()
            && self.results.iter().all(|r| r.outcome.passed())
    }
    /// Learner-facing lines explaining what is not met yet (empty when solved).
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
                Outcome::Fail(why) => Some(format!("{} — {why}", r.check)),
            })
            .collect()
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
    actions.sort_by_key(|(t, _)| *t);
    Ok(Scenario { actions, until, ..Scenario::default() })
}

/// Evaluates checks on an already simulated run.
pub fn evaluate_checks(checks: &[(String, Check)], tl: &dyn Observed) -> Vec<CheckResult> {
    checks
        .iter()
        .map(|(src, c)| CheckResult { check: src.clone(), outcome: check::evaluate(c, tl) })
        .collect()
}

/// An attempt: the verdict plus the timeline for the UI to play (None when refused).
#[derive(Clone, Debug)]
pub struct Attempt {
    /// What is met.
    pub verdict: Verdict,
    /// The simulation.
    pub timeline: Option<Timeline>,
}

impl Exercise {
    /// Runs the learner's `text` and checks the goal.
    pub fn attempt(&self, text: &str) -> Attempt {
        match scenario(text, &self.world, self.until) {
            Err(rejected) => {
                Attempt { verdict: Verdict { rejected, results: Vec::new() }, timeline: None }
            }
            Ok(sc) => {
                let tl = simulate(&sc);
                Attempt {
                    verdict: Verdict {
                        rejected: Vec::new(),
                        results: evaluate_checks(&self.checks, &tl),
                    },
                    timeline: Some(tl),
                }
            }
        }
    }
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
            checks: vec![("ready(x)".into(), check::parse("ready(x)").expect("check"))],
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
