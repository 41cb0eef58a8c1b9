//! The app's fixed words: the header, the three regions' titles and the lesson navigation's
//! labels. Plain strings and functions (no web crates), shared by the components that draw them
//! (`ui::app`, `ui::lesson`, wasm32 only) and by the static first paint ([`super::first_paint`]),
//! so the page a learner reads before the wasm arrives says exactly what the app then says.

use crate::engine::diag::{Diagnostic, Severity};

/// The product's name, the header's title.
pub const TITLE: &str = "podlab";

/// The header's tag line.
pub const TAGLINE: &str = "Kubernetes init containers, run in your browser";

/// The title of the editor's region.
pub const EDITOR_TITLE: &str = "Manifest";

/// The title of the simulation's region.
pub const SIM_TITLE: &str = "Simulated node";

/// The header's buttons, in order: Share, Real cluster, Presenter and the theme toggle (whose
/// label follows a sun or moon glyph). The first paint shows them too, disabled until the app
/// arrives, so the page does not move when it does.
pub const SHARE_LABEL: &str = "Share";
/// The real-cluster hand-off's button.
pub const REAL_CLUSTER_LABEL: &str = "Real cluster";
/// Presenter mode's toggle.
pub const PRESENTER_LABEL: &str = "Presenter";
/// The theme toggle (after its glyph).
pub const THEME_LABEL: &str = "Dark theme";

/// The run's time controls (`controls::TimeControls`), in order. The first paint draws them too,
/// disabled, so the run region is the app's height and the manifest under it does not move when
/// the app arrives.
pub const TIME_CONTROLS_LABEL: &str = "Time controls";
/// Step back (after a "◀ " glyph).
pub const PREV_LABEL: &str = "Prev";
/// Play.
pub const PLAY_LABEL: &str = "▶ Play";
/// Pause.
pub const PAUSE_LABEL: &str = "Pause";
/// Step forward (before a " ▶" glyph).
pub const NEXT_LABEL: &str = "Next";
/// The speed selector's label.
pub const SPEED_LABEL: &str = "Speed";
/// The idle-skipping checkbox's label.
pub const SKIP_IDLE_LABEL: &str = "Skip idle time";
/// The scrub slider's accessible name.
pub const SCRUB_LABEL: &str = "Virtual time in seconds";
/// The clock's accessible name.
pub const CLOCK_LABEL: &str = "Virtual time";

/// The accessible name of the lesson navigation.
pub const LESSON_NAV_LABEL: &str = "Lessons";

/// The label of a link to the previous (`rel == "prev"`) or next lesson, titled `title`.
pub fn neighbour_label(rel: &str, title: &str) -> String {
    if rel == "prev" {
        format!("← {title}")
    } else {
        format!("{title} →")
    }
}

/// Where lesson `i` (0-based) sits in a course of `n`: `Lesson 3 of 16`.
pub fn position(i: usize, n: usize) -> String {
    format!("Lesson {} of {n}", i + 1)
}

/// The diagnostics list's words for one problem: severity, where (`Line 3, column 5 (spec.x)`)
/// and the message. The app's list and the early editor (`ui::early_editor`) both say these.
pub fn diag_severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// Where a diagnostic points, with its field path when it has one.
pub fn diag_where(d: &Diagnostic) -> String {
    if d.path.is_empty() {
        format!("Line {}, column {}", d.line, d.column)
    } else {
        format!("Line {}, column {} ({})", d.line, d.column, d.path)
    }
}

/// The first diagnostic covering `line`, as the line under the editor words it.
pub fn diag_on_line(ds: &[Diagnostic], line: u32) -> Option<(&Diagnostic, String)> {
    ds.iter()
        .find(|d| d.line <= line && line <= d.end_line.max(d.line))
        .map(|d| (d, format!("Line {}: {}", d.line, d.message)))
}

/// The diagnostics list when admission found nothing.
pub const NO_PROBLEMS: &str = "No problems found.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbour_links_point_the_way_they_go() {
        assert_eq!(neighbour_label("prev", "Pods"), "← Pods");
        assert_eq!(neighbour_label("next", "Probes"), "Probes →");
        assert_eq!(position(2, 16), "Lesson 3 of 16");
    }

    #[test]
    fn a_diagnostic_is_worded_with_its_place_and_path() {
        let a = crate::engine::admission::admit("kind: Pod\napiVersion: v1\nmetadata: {}\n");
        let d = &a.diagnostics[0];
        assert_eq!(diag_severity(d), "error");
        assert!(diag_where(d).starts_with(&format!("Line {}, column {}", d.line, d.column)));
        assert_eq!(
            diag_on_line(&a.diagnostics, d.line).unwrap().1,
            format!("Line {}: {}", d.line, d.message)
        );
        assert!(diag_on_line(&a.diagnostics, 999).is_none());
    }
}
