//! The lesson region: the rendered lesson Markdown.

use leptos::prelude::*;

/// The lesson pane.
#[component]
pub fn LessonPane(
    /// Lesson HTML from the filtered renderer ([`crate::ui::lesson_md::render`]): raw HTML in the
    /// source is already text and unsafe URLs are gone, so this is the one audited `inner_html`.
    html: String,
    /// The lesson's title, for the region's accessible name.
    title: String,
) -> impl IntoView {
    view! {
        <section class="pl-region pl-lesson" aria-label=title>
            <article class="pl-prose" data-testid="lesson" inner_html=html></article>
        </section>
    }
}
