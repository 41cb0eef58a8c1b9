//! The app's fixed words: the header, the three regions' titles and the lesson navigation's
//! labels. Plain strings and functions (no web crates), shared by the components that draw them
//! (`ui::app`, `ui::lesson`, wasm32 only) and by the static first paint ([`super::first_paint`]),
//! so the page a learner reads before the wasm arrives says exactly what the app then says.

/// The product's name, the header's title.
pub const TITLE: &str = "podlab";

/// The header's tag line.
pub const TAGLINE: &str = "Kubernetes init containers, run in your browser";

/// The title of the editor's region.
pub const EDITOR_TITLE: &str = "Manifest";

/// The title of the simulation's region.
pub const SIM_TITLE: &str = "Simulated node";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbour_links_point_the_way_they_go() {
        assert_eq!(neighbour_label("prev", "Pods"), "← Pods");
        assert_eq!(neighbour_label("next", "Probes"), "Probes →");
        assert_eq!(position(2, 16), "Lesson 3 of 16");
    }
}
