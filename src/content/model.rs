//! The curriculum's data: a lesson and its parts (runnable examples, exercises, predict-then-run
//! questions) as plain types. Data only: [`super::lesson`] parses Markdown into them and
//! [`super::exercise`] runs them on the engine; both point here, never at each other.

use crate::content::check::Check;
use crate::engine::time::Millis;

/// Whether the API server should accept an example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Admitted (then simulated).
    Admitted,
    /// Refused; if `Some`, some error message contains this text.
    Invalid(Option<String>),
}

/// A runnable YAML example in a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// `id=` (unique within the lesson).
    pub id: String,
    /// The manifest applied at t = 0 (what "Load into editor" loads).
    pub yaml: String,
    /// Manifests applied later in the same run: (instant, YAML).
    pub later: Vec<(Millis, String)>,
    /// How long to simulate.
    pub until: Millis,
    /// Admission outcome the lesson promises.
    pub expect: Expect,
    /// Outcome checks from the following ` ```expect ` block: (source line, parsed).
    pub checks: Vec<(String, Check)>,
    /// 1-based line of the block in the lesson file.
    pub line: usize,
}

/// A predict-then-run question: guess the STATUS sequence, then watch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Predict {
    /// The example it is about.
    pub example: String,
    /// The pod whose STATUS column is watched.
    pub pod: String,
    /// The question.
    pub question: String,
    /// Candidate STATUS sequences.
    pub choices: Vec<Vec<String>>,
    /// Index of the right one (0-based).
    pub answer: usize,
    /// 1-based line in the lesson file.
    pub line: usize,
}

/// A piece of a lesson, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Filtered, rendered prose (safe for the UI's one `inner_html`).
    Html(String),
    /// A YAML block of an example: `block` 0 is the main manifest, n ≥ 1 is `later[n-1]`.
    Example { id: String, block: usize },
    /// An exercise, by index into [`Lesson::exercises`].
    Exercise(usize),
    /// A question, by index into [`Lesson::predicts`].
    Predict(usize),
}

/// One parsed lesson.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    /// File stem, the stable key for progress (`03-sharing-emptydir`).
    pub slug: String,
    /// The first `# ` heading.
    pub title: String,
    /// Reading order.
    pub parts: Vec<Part>,
    /// Runnable examples.
    pub examples: Vec<Example>,
    /// Exercises.
    pub exercises: Vec<Exercise>,
    /// Questions.
    pub predicts: Vec<Predict>,
    /// Link destinations (after filtering), for the linter's "links resolve".
    pub links: Vec<(usize, String)>,
    /// Heading ids (`#…` targets), generated from the heading text unless given with `{#id}`.
    pub anchors: Vec<String>,
    /// Authoring errors (line: message); empty for a good lesson.
    pub errors: Vec<String>,
}

impl Lesson {
    /// An example by id.
    pub fn example(&self, id: &str) -> Option<&Example> {
        self.examples.iter().find(|e| e.id == id)
    }

    /// The lesson's manifests as the files the console's `kubectl apply -f NAME` reads: each
    /// example's first block, then its later blocks ([`Example::file_name`]).
    pub fn files(&self) -> Vec<(String, String)> {
        self.examples
            .iter()
            .flat_map(|e| {
                std::iter::once(e.yaml.as_str())
                    .chain(e.later.iter().map(|(_, y)| y.as_str()))
                    .enumerate()
                    .map(move |(b, y)| (e.file_name(b), y.to_string()))
            })
            .collect()
    }
}

impl Example {
    /// The file name block `block` goes by (0: the manifest applied first, `id.yaml`; n: the
    /// n-th later one, `id-n.yaml`), shown in its caption.
    pub fn file_name(&self, block: usize) -> String {
        match block {
            0 => format!("{}.yaml", self.id),
            n => format!("{}-{n}.yaml", self.id),
        }
    }
}

/// One check of an exercise, tied to the goal clause it proves.
#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseCheck {
    /// The check as written (`finished_before(shop, migrate, app)`), its name in lint reports.
    pub source: String,
    /// Parsed.
    pub check: Check,
    /// Index into [`Exercise::clauses`]; `None` when written before any clause (it then
    /// belongs to the goal as a whole, which the linter refuses once there are clauses).
    pub clause: Option<usize>,
    /// `[variant] check`: evaluated on the run with that variant's world instead of the main one.
    pub variant: Option<String>,
}

/// A world the exercise also runs the learner's manifest in ("with debug=false the same pod
/// runs"): checks marked `[name]` are evaluated there. It replaces the main world.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Variant {
    /// `variant=NAME` of its `yaml world` blocks.
    pub name: String,
    /// Objects applied at their instants.
    pub world: Vec<(Millis, String)>,
}

/// An authored answer the linter replays: an alternative correct one or a wrong one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answer {
    /// 1-based line of its block.
    pub line: usize,
    /// The manifest.
    pub yaml: String,
    /// For a wrong answer: the source of the check that must catch it (its `# caught by:`
    /// comment line).
    pub caught_by: Option<String>,
}

/// One exercise, as authored in a lesson.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exercise {
    /// Stable id (progress key, unique within its lesson).
    pub id: String,
    /// Short title.
    pub title: String,
    /// The goal in words: the situation (the clauses follow it as a list).
    pub goal: String,
    /// The goal's clauses, each proven by one or more checks. When the block has none, the
    /// goal itself is the one clause.
    pub clauses: Vec<String>,
    /// How long the attempt is simulated.
    pub until: Millis,
    /// Hints, revealed one at a time.
    pub hints: Vec<String>,
    /// Checks, each with its clause.
    pub checks: Vec<ExerciseCheck>,
    /// The manifest the editor starts with.
    pub starter: String,
    /// A manifest that meets the goal ("show solution").
    pub solution: String,
    /// Other correct answers, written as other learners would (linted, never shown).
    pub alternatives: Vec<Answer>,
    /// Wrong answers (near misses) with the check that catches each (linted, never shown).
    pub wrong: Vec<Answer>,
    /// Objects the exercise provides, with the instant they are applied.
    pub world: Vec<(Millis, String)>,
    /// Other worlds some checks run in.
    pub variants: Vec<Variant>,
    /// 1-based line of the `exercise` block.
    pub line: usize,
}
