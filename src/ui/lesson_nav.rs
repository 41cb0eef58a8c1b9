//! The curriculum's plain logic (compiled everywhere, tested natively): hash routes
//! (`#/lesson/<slug>[/<heading-id>]`, the form [`crate::content::lesson::route`] writes into
//! lesson links), which lesson opens first, prev/next, and progress kept in the one store
//! ([`crate::ui::storage`]) in its versioned envelope.
//!
//! The components in [`crate::ui::lesson`] only call these.

use crate::content::lesson::Catalog;
use crate::content::progress::{self, Progress};
use crate::ui::storage::{Backend, Loaded, Store};

/// Storage kind and name of the learner's progress: key `podlab:v1:progress:course`.
pub const PROGRESS_KIND: &str = "progress";
/// See [`PROGRESS_KIND`]. One record for the whole course: completions, drafts, answers.
pub const PROGRESS_NAME: &str = "course";

/// The editor's own draft key (`podlab:v1:draft:editor`): one workspace across lessons, so
/// moving between lessons never replaces what the learner typed. Lesson examples and exercise
/// starters are loaded into it only on request.
pub const DRAFT_KEY: &str = "editor";

/// A parsed `#/lesson/<slug>[/<anchor>]` fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// The lesson's slug.
    pub slug: String,
    /// A heading id inside it, if the link named one.
    pub anchor: Option<String>,
}

/// Reads a `location.hash` value. Anything else (empty, a `#v1:` share link) is `None`, so a
/// share link keeps the lesson the learner was on.
pub fn parse_route(hash: &str) -> Option<Route> {
    let rest = hash.strip_prefix('#').unwrap_or(hash).strip_prefix("/lesson/")?;
    let (slug, anchor) = match rest.split_once('/') {
        Some((s, a)) => (s, Some(a).filter(|a| !a.is_empty()).map(str::to_string)),
        None => (rest, None),
    };
    if slug.is_empty() {
        return None;
    }
    Some(Route { slug: slug.to_string(), anchor })
}

/// The fragment that opens lesson `slug` (what prev/next and the list link to).
pub fn href(slug: &str) -> String {
    format!("#/lesson/{slug}")
}

/// Which lesson to show: the one the address names if it exists, else the one the learner had
/// open last, else the first. `None` only for an empty catalog.
pub fn initial_lesson(
    catalog: &Catalog,
    route: Option<&Route>,
    progress: &Progress,
) -> Option<usize> {
    route
        .and_then(|r| catalog.find(&r.slug))
        .or_else(|| progress.last_lesson.as_deref().and_then(|s| catalog.find(s)))
        .or(if catalog.entries.is_empty() { None } else { Some(0) })
}

/// The lessons before and after `i` in course order.
pub fn neighbours(catalog: &Catalog, i: usize) -> (Option<usize>, Option<usize>) {
    let prev = i.checked_sub(1).filter(|p| *p < catalog.entries.len());
    let next = Some(i + 1).filter(|n| *n < catalog.entries.len());
    (prev, next)
}

/// The editor's text when nothing was saved: the first runnable example of lesson `i` (or,
/// failing that, its first exercise's starter).
pub fn starting_yaml(catalog: &Catalog, i: usize) -> String {
    catalog
        .lesson_shared(i)
        .map(|l| {
            l.examples
                .first()
                .map(|e| e.yaml.clone())
                .or_else(|| l.exercises.first().map(|e| e.starter.clone()))
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

/// What loading the stored progress gave: the progress, and a message for the learner when
/// it cannot be used normally.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedProgress {
    /// The progress to show (empty when none was stored).
    pub progress: Progress,
    /// Why progress will not be saved, or was not readable (shown under the lesson list).
    pub note: Option<String>,
}

/// Reads the stored progress. A value from a newer podlab is shown but never overwritten (the
/// store marks it read-only); a value that is our envelope but not progress is ignored with a
/// note (the store already moved unparseable envelopes aside).
pub fn load_progress<B: Backend>(store: &mut Store<B>, now_ms: f64) -> LoadedProgress {
    match store.load(PROGRESS_KIND, PROGRESS_NAME, now_ms) {
        Loaded::Missing => LoadedProgress { progress: Progress::default(), note: None },
        Loaded::Value(v) => match Progress::from_data(v) {
            Ok(progress) => LoadedProgress { progress, note: None },
            Err(e) => LoadedProgress { progress: Progress::default(), note: Some(format!("Saved progress could not be read: {e}")) },
        },
        Loaded::Newer(v, schema) => LoadedProgress {
            progress: Progress::from_data(v).unwrap_or_default(),
            note: Some(format!(
                "This progress was saved by a newer podlab (format {schema}): it is shown but not saved here, so the newer copy is kept."
            )),
        },
    }
}

/// Writes progress (the store's envelope around [`Progress::to_data`]). Returns whether it
/// reached persistent storage.
pub fn save_progress<B: Backend>(store: &mut Store<B>, p: &Progress, now_ms: f64) -> bool {
    store.save(PROGRESS_KIND, PROGRESS_NAME, p.to_data(), now_ms)
}

/// Reads an imported file and merges it into `current` (the local draft wins where both have
/// one; completions and solved exercises are unioned, never lost). Returns a summary line.
pub fn import_into(
    current: &mut Progress,
    file_text: &str,
) -> Result<String, progress::ImportError> {
    let theirs = progress::import(file_text)?;
    let (lessons, exercises) =
        (theirs.completed_lessons.len(), theirs.exercises.values().filter(|e| e.solved).count());
    current.merge(&theirs);
    Ok(format!(
        "Imported: {lessons} completed lesson{}, {exercises} solved exercise{}.",
        if lessons == 1 { "" } else { "s" },
        if exercises == 1 { "" } else { "s" }
    ))
}

/// File name of an export: `podlab-progress-YYYY-MM-DD.json` from a Unix time in ms (days
/// since the epoch → civil date, Howard Hinnant's algorithm; no wall clock in this module).
pub fn export_file_name(now_ms: f64) -> String {
    let days = (now_ms / 86_400_000.0).floor() as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("podlab-progress-{y:04}-{m:02}-{d:02}.json")
}

/// Whether every exercise of a lesson is solved (a lesson with exercises completes itself
/// when the last one is solved).
pub fn all_solved(progress: &Progress, slug: &str, exercise_ids: &[&str]) -> bool {
    !exercise_ids.is_empty()
        && exercise_ids.iter().all(|id| progress.exercise(slug, id).is_some_and(|e| e.solved))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::storage::Memory;

    #[test]
    fn lesson_routes_parse_with_and_without_a_heading() {
        assert_eq!(
            parse_route("#/lesson/02-sequential"),
            Some(Route { slug: "02-sequential".into(), anchor: None })
        );
        assert_eq!(
            parse_route("#/lesson/16-myths/c1--if-any"),
            Some(Route { slug: "16-myths".into(), anchor: Some("c1--if-any".into()) })
        );
        assert_eq!(
            parse_route("#/lesson/02-sequential/"),
            Some(Route { slug: "02-sequential".into(), anchor: None })
        );
        for other in ["", "#", "#v1:abc", "#/lesson/", "#/other/x"] {
            assert_eq!(parse_route(other), None, "{other}");
        }
        assert_eq!(
            parse_route(&href("05-waiting-for-services")).map(|r| r.slug).as_deref(),
            Some("05-waiting-for-services")
        );
    }

    #[test]
    fn the_address_wins_then_the_last_lesson_then_the_first() {
        let c = Catalog::embedded();
        let mut p = Progress::default();
        assert_eq!(initial_lesson(&c, None, &p), Some(0));
        p.last_lesson = Some("04-sharing-emptydir".into());
        assert_eq!(initial_lesson(&c, None, &p), c.find("04-sharing-emptydir"));
        let r = parse_route("#/lesson/02-sequential");
        assert_eq!(initial_lesson(&c, r.as_ref(), &p), c.find("02-sequential"));
        let unknown = parse_route("#/lesson/no-such-lesson");
        assert_eq!(initial_lesson(&c, unknown.as_ref(), &p), c.find("04-sharing-emptydir"));
    }

    #[test]
    fn prev_and_next_follow_the_course_order_and_stop_at_the_ends() {
        let c = Catalog::embedded();
        let last = c.entries.len() - 1;
        assert_eq!(neighbours(&c, 0), (None, Some(1)));
        assert_eq!(neighbours(&c, 3), (Some(2), Some(4)));
        assert_eq!(neighbours(&c, last), (Some(last - 1), None));
    }

    #[test]
    fn every_lesson_gives_the_editor_a_manifest_to_start_from() {
        let c = Catalog::embedded();
        assert!(starting_yaml(&c, 0).starts_with("apiVersion: v1\nkind: Pod\n"));
        assert_eq!(starting_yaml(&c, 9999), "");
    }

    #[test]
    fn progress_round_trips_through_the_store_envelope_and_progress_import_reads_it() {
        let mut s = Store::new(Some(Memory::default()));
        let mut p = Progress::default();
        p.complete_lesson("01-mental-model");
        p.save_draft("01-mental-model", "add-init", "kind: Pod\n");
        p.mark_solved("01-mental-model", "add-init");
        assert!(save_progress(&mut s, &p, 10.0));
        assert_eq!(load_progress(&mut s, 11.0), LoadedProgress { progress: p.clone(), note: None });
    }

    #[test]
    fn progress_from_a_newer_podlab_is_shown_and_never_overwritten() {
        let mut m = Memory::default();
        let newer = r#"{"schema":9,"app":"9.0.0","saved":1,"data":{"completedLessons":["x"]}}"#;
        m.map.insert(crate::ui::storage::key(PROGRESS_KIND, PROGRESS_NAME), newer.into());
        let mut s = Store::new(Some(m));
        let loaded = load_progress(&mut s, 0.0);
        assert!(loaded.progress.is_lesson_complete("x"));
        assert!(
            loaded.note.as_deref().is_some_and(|n| n.contains("newer podlab")),
            "{:?}",
            loaded.note
        );
        assert!(!save_progress(&mut s, &Progress::default(), 1.0));
        assert!(load_progress(&mut s, 2.0).progress.is_lesson_complete("x"));
    }

    #[test]
    fn an_exported_file_imports_by_merging_and_keeps_the_local_draft() {
        let mut mine = Progress::default();
        mine.save_draft("01-mental-model", "add-init", "mine");
        let mut theirs = Progress::default();
        theirs.complete_lesson("02-sequential");
        theirs.save_draft("01-mental-model", "add-init", "theirs");
        theirs.mark_solved("01-mental-model", "add-init");
        let file = progress::export(&theirs, 0.0);
        let msg = import_into(&mut mine, &file).expect("an export imports");
        assert_eq!(msg, "Imported: 1 completed lesson, 1 solved exercise.");
        assert!(mine.is_lesson_complete("02-sequential"));
        let e = mine.exercise("01-mental-model", "add-init").expect("kept");
        assert!(e.solved && e.draft.as_deref() == Some("mine"));
        assert!(import_into(&mut mine, "{\"not\":\"progress\"}").is_err());
    }

    #[test]
    fn export_file_names_carry_the_utc_date() {
        assert_eq!(export_file_name(0.0), "podlab-progress-1970-01-01.json");
        assert_eq!(export_file_name(1_795_910_400_000.0), "podlab-progress-2026-11-29.json");
        assert_eq!(export_file_name(951_782_400_000.0), "podlab-progress-2000-02-29.json");
    }

    #[test]
    fn a_lesson_completes_only_when_each_of_its_exercises_is_solved() {
        let mut p = Progress::default();
        assert!(!all_solved(&p, "l", &[]));
        p.mark_solved("l", "a");
        assert!(!all_solved(&p, "l", &["a", "b"]));
        p.mark_solved("l", "b");
        assert!(all_solved(&p, "l", &["a", "b"]));
    }
}
