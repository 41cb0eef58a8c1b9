//! The lesson region's shared state: the course (lessons, which one is open), the learner's
//! progress and which exercise the editor's text belongs to. `LessonPane` ([`super::lesson`])
//! provides it as context; the lesson's cards ([`super::example`], [`super::exercise`],
//! [`super::progress_panel`]) read it. A module of its own so that those cards and the pane
//! that places them point here and not at each other.

use crate::content::lesson::{Catalog, Lesson};
use crate::content::progress::Progress;
use crate::ui::lesson_nav::{self, initial_lesson, parse_route};
use crate::ui::state::Lab;
use leptos::prelude::*;
use std::sync::Arc;

/// Preference under which the exercise the editor's text belongs to is remembered, so its
/// draft keeps being saved after a reload.
const ACTIVE_PREF: &str = "active-exercise";

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The address's fragment (`#/lesson/…`), or empty.
pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The course's state: which lesson is open, the learner's progress, and which exercise the
/// editor's text belongs to. All `Copy` handles.
#[derive(Clone, Copy)]
pub struct Course {
    /// The lessons, in order (sources embedded; parsed one at a time).
    pub catalog: StoredValue<Arc<Catalog>>,
    /// Index of the open lesson.
    pub current: RwSignal<usize>,
    /// The open lesson, parsed.
    pub lesson: Memo<Arc<Lesson>>,
    /// Completed lessons, solved exercises, drafts, answers.
    pub progress: RwSignal<Progress>,
    /// `lesson#exercise` whose draft the editor holds (saved as the learner types).
    pub active: RwSignal<Option<String>>,
    /// A message about progress (read-only storage, an import's result).
    pub note: RwSignal<Option<String>>,
    lab: Lab,
}

impl Course {
    /// Reads the route and the stored progress, and provides the course as context.
    pub fn provide(lab: Lab) -> Course {
        let catalog = Arc::new(Catalog::embedded());
        let loaded =
            lab.with_store(|s| lesson_nav::load_progress(s, now_ms())).unwrap_or_else(|| {
                lesson_nav::LoadedProgress { progress: Progress::default(), note: None }
            });
        let route = parse_route(&location_hash());
        let start = initial_lesson(&catalog, route.as_ref(), &loaded.progress).unwrap_or(0);
        let current = RwSignal::new(start);
        let cat = catalog.clone();
        let lesson = Memo::new(move |_| cat.lesson_shared(current.get()).unwrap_or_default());
        let active = lab.load_pref(ACTIVE_PREF).filter(|k| k.contains('#'));
        let course = Course {
            catalog: StoredValue::new(catalog),
            current,
            lesson,
            progress: RwSignal::new(loaded.progress),
            active: RwSignal::new(active),
            note: RwSignal::new(loaded.note),
            lab,
        };
        provide_context(course);
        course
    }

    /// The course from context (inside `LessonPane` only: a programming error otherwise).
    pub fn get() -> Course {
        expect_context::<Course>()
    }

    /// The lab this course drives.
    pub fn lab(&self) -> Lab {
        self.lab
    }

    /// Changes progress and saves it at once (small: a few KB of JSON).
    pub fn update_progress(&self, f: impl FnOnce(&mut Progress)) {
        self.progress.update(f);
        self.persist();
    }

    fn persist(&self) {
        let Some(p) = self.progress.try_get_untracked() else { return };
        self.lab.with_store(|s| lesson_nav::save_progress(s, &p, now_ms()));
    }

    /// Says which exercise (`lesson#id`) the editor's text now belongs to (`None`: an example
    /// or the learner's own text), and remembers it across reloads.
    pub fn activate(&self, key: Option<String>) {
        self.lab.save_pref(ACTIVE_PREF, key.as_deref().unwrap_or(""));
        self.active.set(key);
    }

    /// Records a solved exercise; a lesson whose exercises are all solved is complete.
    pub fn solved(&self, slug: &str, id: &str) {
        let ids: Vec<String> = self.lesson.with_untracked(|l| {
            if l.slug == slug {
                l.exercises.iter().map(|e| e.id.clone()).collect()
            } else {
                Vec::new()
            }
        });
        self.update_progress(|p| {
            p.mark_solved(slug, id);
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            if lesson_nav::all_solved(p, slug, &refs) {
                p.complete_lesson(slug);
            }
        });
    }

    /// Opens lesson `i` (from the address bar), optionally at a heading.
    pub fn open(&self, i: usize) {
        if self.current.get_untracked() != i {
            self.current.set(i);
        }
    }
}
