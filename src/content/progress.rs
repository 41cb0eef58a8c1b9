//! Learner progress as pure data, for the web app's store (reliability.md §6.3, rule R9): what
//! is saved, the versioned envelope it is saved in, migration between versions, and
//! export/import as a file. No storage API here — the UI owns localStorage and quota handling.
//!
//! Keys are **stable slugs** (`lesson slug` / `lesson slug#exercise id`), never indexes, so
//! reordering the course does not move anyone's progress (the learn-k8s bug in §6.2).
//!
//! Envelope (`schema` is the data format version, `app` the podlab version that wrote it):
//! `{"format":"podlab-progress","schema":1,"app":"0.1.0","saved":<ms>,"data":{…}}` — the same
//! shape as the UI store's localStorage envelope (`ui/storage.rs`: `schema`, `app`, `saved`,
//! `data`) plus a `format` marker that export files carry, so [`import`] reads both an exported
//! file and a stored value. In the store, [`Progress::to_data`] / [`Progress::from_data`] give
//! the `data` part.
//! Migrations are a chain of pure `fn(Value) -> Result<Value, _>` steps, `v1→v2→…`; data from a
//! **newer** schema is refused with [`ImportError::Newer`] so the UI can go read-only instead of
//! overwriting it.

use crate::engine::sort::sort;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The schema this build writes.
pub const SCHEMA: u32 = 1;

/// The `format` marker: tells podlab's data from anything else under the same key or file.
pub const FORMAT: &str = "podlab-progress";

/// Largest editor text kept per exercise: the editor's own cap (reliability.md §6.3).
pub use crate::engine::limits::MAX_SPEC_BYTES as MAX_DRAFT_BYTES;

/// Largest import accepted.
pub use crate::engine::limits::MAX_IMPORT_BYTES;

/// One exercise's progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExerciseProgress {
    /// Its checks all passed at least once.
    pub solved: bool,
    /// The learner's editor text (their last draft), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// How many hints were revealed.
    pub hints_shown: u32,
    /// Whether "show solution" was used.
    pub solution_shown: bool,
}

/// Everything saved for one learner. Unknown fields from a newer *minor* writer are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Progress {
    /// Completed lessons, by slug (sorted: deterministic files).
    pub completed_lessons: Vec<String>,
    /// Exercises by `lesson-slug#exercise-id`.
    pub exercises: BTreeMap<String, ExerciseProgress>,
    /// Predict-then-run answers given, by `lesson-slug#example-id` → chosen index.
    pub predictions: BTreeMap<String, u32>,
    /// The lesson open last (resume there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_lesson: Option<String>,
}

/// The exercise key: `lesson#exercise`.
pub fn exercise_key(lesson: &str, exercise: &str) -> String {
    format!("{lesson}#{exercise}")
}

impl Progress {
    /// Marks a lesson complete (idempotent).
    pub fn complete_lesson(&mut self, slug: &str) {
        if let Err(i) = self.completed_lessons.binary_search_by(|s| s.as_str().cmp(slug)) {
            self.completed_lessons.insert(i, slug.to_string());
        }
    }
    /// Whether a lesson is complete.
    pub fn is_lesson_complete(&self, slug: &str) -> bool {
        self.completed_lessons.binary_search_by(|s| s.as_str().cmp(slug)).is_ok()
    }
    /// Saves an exercise draft, truncated to [`MAX_DRAFT_BYTES`] on a char boundary.
    pub fn save_draft(&mut self, lesson: &str, exercise: &str, text: &str) {
        self.exercises.entry(exercise_key(lesson, exercise)).or_default().draft =
            Some(cap_draft(text).to_string());
    }
    /// Records a solved exercise (never un-solves).
    pub fn mark_solved(&mut self, lesson: &str, exercise: &str) {
        self.exercises.entry(exercise_key(lesson, exercise)).or_default().solved = true;
    }
    /// An exercise's progress, if any.
    pub fn exercise(&self, lesson: &str, exercise: &str) -> Option<&ExerciseProgress> {
        self.exercises.get(&exercise_key(lesson, exercise))
    }
    /// Combines progress from another device/tab: union of completions, solved stays solved,
    /// `other`'s drafts win only where this one has none (never silently drop the local draft).
    pub fn merge(&mut self, other: &Progress) {
        for s in &other.completed_lessons {
            self.complete_lesson(s);
        }
        for (k, o) in &other.exercises {
            let mine = self.exercises.entry(k.clone()).or_default();
            mine.solved |= o.solved;
            mine.solution_shown |= o.solution_shown;
            mine.hints_shown = mine.hints_shown.max(o.hints_shown);
            if mine.draft.is_none() {
                mine.draft = o.draft.clone();
            }
        }
        for (k, v) in &other.predictions {
            self.predictions.entry(k.clone()).or_insert(*v);
        }
        if self.last_lesson.is_none() {
            self.last_lesson = other.last_lesson.clone();
        }
    }
}

/// The stored/exported wrapper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// [`FORMAT`] in export files; absent in the UI store's values (the key says what it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Data schema version.
    pub schema: u32,
    /// podlab version that wrote it.
    pub app: String,
    /// When it was saved (ms since the Unix epoch, `Date.now()` from the UI; 0 if unknown).
    #[serde(default)]
    pub saved: f64,
    /// The progress, in schema `schema`'s shape.
    pub data: Value,
}

/// Why an import or load was refused. The UI shows these; none loses the stored data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Bigger than [`MAX_IMPORT_BYTES`].
    TooLarge(usize),
    /// Not JSON, or not an envelope.
    NotProgress(String),
    /// Written by a newer podlab (its schema, ours): keep it, go read-only.
    Newer(u32, u32),
    /// A migration step failed.
    Migration(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::TooLarge(n) => {
                write!(f, "the file is {n} bytes; progress files are at most {MAX_IMPORT_BYTES}")
            }
            ImportError::NotProgress(why) => {
                write!(f, "this is not a podlab progress file ({why})")
            }
            ImportError::Newer(theirs, ours) => {
                write!(f, "this progress was saved by a newer podlab (format {theirs}, this one reads up to {ours})")
            }
            ImportError::Migration(why) => write!(f, "could not upgrade this progress file: {why}"),
        }
    }
}

/// Serialises progress into an envelope (the localStorage value and the export file).
pub fn export(progress: &Progress, saved_ms: f64) -> String {
    let env = Envelope {
        format: Some(FORMAT.into()),
        schema: SCHEMA,
        app: env!("CARGO_PKG_VERSION").into(),
        saved: saved_ms,
        data: serde_json::to_value(progress).unwrap_or(Value::Null),
    };
    serde_json::to_string_pretty(&env).unwrap_or_default()
}

/// One migration step: data of schema `n` → schema `n + 1`. `MIGRATIONS[i]` upgrades from
/// schema `i + 1`. Empty while only schema 1 exists; the next format change appends a step
/// (and a fixture test of the old shape) instead of breaking stored progress.
type Step = fn(Value) -> Result<Value, String>;
const MIGRATIONS: &[Step] = &[];

/// Upgrades `data` from schema `from` by running `chain[from - 1..]` in order (the shipped
/// chain is [`MIGRATIONS`]; tests pass their own to exercise the driver).
pub fn migrate(mut data: Value, from: u32, chain: &[Step]) -> Result<Value, ImportError> {
    for step in chain.iter().skip(from.saturating_sub(1) as usize) {
        data = step(data).map_err(ImportError::Migration)?;
    }
    Ok(data)
}

// The chain must end at the schema this build writes.
const _: () = assert!(SCHEMA as usize == MIGRATIONS.len() + 1);

/// Reads an envelope (localStorage value or imported file), migrating old schemas.
pub fn import(text: &str) -> Result<Progress, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(text.len()));
    }
    let env: Envelope =
        serde_json::from_str(text).map_err(|e| ImportError::NotProgress(e.to_string()))?;
    if let Some(f) = env.format.as_deref().filter(|f| *f != FORMAT) {
        return Err(ImportError::NotProgress(format!("format is {f:?}")));
    }
    if env.schema == 0 {
        return Err(ImportError::NotProgress("schema 0 does not exist".into()));
    }
    if env.schema > SCHEMA {
        return Err(ImportError::Newer(env.schema, SCHEMA));
    }
    Progress::from_data(migrate(env.data, env.schema, MIGRATIONS)?)
}

impl Progress {
    /// The `data` part of an envelope, for the UI store.
    pub fn to_data(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Reads the `data` part of a current-schema envelope, re-applying the invariants (stored
    /// data is untrusted: any script on the origin can write it).
    pub fn from_data(data: Value) -> Result<Progress, ImportError> {
        let mut p: Progress =
            serde_json::from_value(data).map_err(|e| ImportError::NotProgress(e.to_string()))?;
        p.normalise();
        Ok(p)
    }

    fn normalise(&mut self) {
        sort(&mut self.completed_lessons);
        self.completed_lessons.dedup();
        for e in self.exercises.values_mut() {
            if let Some(d) = e.draft.take() {
                e.draft = Some(cap_draft(&d).to_string());
            }
        }
    }
}

/// `text` cut to [`MAX_DRAFT_BYTES`] on a char boundary.
fn cap_draft(text: &str) -> &str {
    let mut end = text.len().min(MAX_DRAFT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Progress {
        let mut p = Progress::default();
        p.complete_lesson("02-sequential");
        p.complete_lesson("01-mental-model");
        p.complete_lesson("02-sequential");
        p.save_draft("04-waiting", "wait-for-db", "apiVersion: v1\nkind: Pod\n");
        p.mark_solved("04-waiting", "wait-for-db");
        p.predictions.insert("07-failure#crash".into(), 2);
        p.last_lesson = Some("04-waiting".into());
        p
    }

    #[test]
    fn export_then_import_round_trips() {
        let p = sample();
        assert_eq!(p.completed_lessons, vec!["01-mental-model", "02-sequential"]);
        let text = export(&p, 1_700_000_000_000.0);
        assert!(text.contains("\"format\": \"podlab-progress\""));
        assert_eq!(import(&text).unwrap(), p);
    }

    #[test]
    fn newer_schema_is_refused_not_overwritten() {
        let text = export(&sample(), 0.0).replace("\"schema\": 1", "\"schema\": 7");
        assert_eq!(import(&text), Err(ImportError::Newer(7, SCHEMA)));
    }

    #[test]
    fn other_data_under_our_key_is_not_progress() {
        assert!(matches!(import("[1,2,3]"), Err(ImportError::NotProgress(_))));
        assert!(matches!(
            import("{\"format\":\"other\",\"schema\":1,\"app\":\"x\",\"saved\":0,\"data\":{}}"),
            Err(ImportError::NotProgress(_))
        ));
        assert!(matches!(import("not json"), Err(ImportError::NotProgress(_))));
        assert!(matches!(import(&" ".repeat(MAX_IMPORT_BYTES + 1)), Err(ImportError::TooLarge(_))));
    }

    #[test]
    fn the_ui_stores_envelope_without_a_format_marker_is_read_too() {
        let p = sample();
        let stored = format!(
            r#"{{"schema":1,"app":"0.1.0","saved":1700000000000.5,"data":{}}}"#,
            p.to_data()
        );
        assert_eq!(import(&stored).unwrap(), p);
        assert_eq!(Progress::from_data(p.to_data()).unwrap(), p);
    }

    #[test]
    fn unknown_fields_are_ignored_and_missing_ones_default() {
        let text = r#"{"format":"podlab-progress","schema":1,"app":"9.9.9","saved":0,
            "data":{"completedLessons":["b","a","a"],"futureThing":42}}"#;
        let p = import(text).unwrap();
        assert_eq!(p.completed_lessons, vec!["a", "b"]);
        assert!(p.exercises.is_empty());
    }

    #[test]
    fn drafts_are_capped_on_a_char_boundary() {
        let mut p = Progress::default();
        let big = "é".repeat(MAX_DRAFT_BYTES); // 2 bytes each
        p.save_draft("l", "e", &big);
        let d = p.exercise("l", "e").and_then(|e| e.draft.clone()).unwrap();
        assert!(d.len() <= MAX_DRAFT_BYTES && d.chars().all(|c| c == 'é'));
    }

    #[test]
    fn migration_chain_runs_each_step_in_order() {
        // A hypothetical schema-1 → 2 step renaming a field, run through the real driver.
        fn rename(mut v: Value) -> Result<Value, String> {
            let o = v.as_object_mut().ok_or("not an object")?;
            if let Some(x) = o.remove("doneLessons") {
                o.insert("completedLessons".into(), x);
            }
            Ok(v)
        }
        let old = serde_json::json!({"doneLessons": ["a"]});
        let chain: &[Step] = &[rename];
        let out = migrate(old, 1, chain).unwrap();
        assert_eq!(out, serde_json::json!({"completedLessons": ["a"]}));
        // With the shipped (empty) chain, schema 1 data passes through unchanged.
        assert_eq!(
            migrate(serde_json::json!({"x": 1}), 1, MIGRATIONS).unwrap(),
            serde_json::json!({"x": 1})
        );
    }

    #[test]
    fn merge_keeps_local_drafts_and_unions_the_rest() {
        let mut a = sample();
        let mut b = Progress::default();
        b.complete_lesson("09-sidecars");
        b.save_draft("04-waiting", "wait-for-db", "theirs");
        b.save_draft("05-config", "inject", "theirs too");
        a.merge(&b);
        assert!(a.is_lesson_complete("09-sidecars") && a.is_lesson_complete("01-mental-model"));
        assert_eq!(
            a.exercise("04-waiting", "wait-for-db").unwrap().draft.as_deref(),
            Some("apiVersion: v1\nkind: Pod\n")
        );
        assert_eq!(a.exercise("05-config", "inject").unwrap().draft.as_deref(), Some("theirs too"));
        assert!(a.exercise("04-waiting", "wait-for-db").unwrap().solved);
    }
}
