//! The course as static HTML for the page's first paint (`podlab-web prerender`, the web app's
//! binary run natively, written into `index.html` by `scripts/prerender-hook.mjs` at build time).
//! Plain Rust, no web crates: the app's markup, on the UI side, with its fixed words from
//! [`super::chrome`] (the ones the components say too).
//!
//! Why: the app is a 2.1 MB wasm (about 830 KB gzipped). On workshop Wi-Fi that is seconds of a
//! blank page. With this, the first paint already shows the first lesson and its YAML in a plain
//! editable textarea, which the early editor (`super::early_editor`, a small wasm that arrives
//! first) makes live; the app then replaces it all at start-up and keeps what was typed
//! (`src/main.rs`). The header's buttons and the run's time controls are drawn disabled, so
//! nothing moves when the app's arrive; the simulated node comes with the app, and the page says
//! so.
//!
//! The other lessons are not in `index.html` (they were 22 KiB gz of the bytes before the editor
//! is usable, issue 15): each is a file of its own ([`other_lessons`]; the build names them by
//! content), which index.html's inline script fetches when the address names that lesson, before
//! the app arrives.
//!
//! Safety: lesson prose is `content::markdown` output (filtered, the same HTML the app puts in
//! the page); every other string is escaped here.

use super::chrome::{self, EDITOR_TITLE, LESSON_NAV_LABEL, SIM_TITLE, TAGLINE, TITLE};
use super::playback::{clock_text, Playback, SPEEDS, SPEED_LABELS};
use crate::content::lesson::{Catalog, Lesson, Part};
use crate::content::markdown;

// HTML escaping of text (element content and double-quoted attributes).
use markdown::escape_attr as esc;

/// One lesson as static HTML: its prose, examples (code, no buttons), exercises' goals and the
/// questions, in reading order. The element's id is the lesson's route (`/lesson/<slug>`), so
/// `#/lesson/<slug>` in the address makes it the CSS `:target`.
pub fn lesson_html(lesson: &Lesson, nav: &str) -> String {
    let mut out = format!(
        "<article class=\"pl-prose pl-pre__lesson\" id=\"/lesson/{}\">{nav}",
        esc(&lesson.slug)
    );
    for part in &lesson.parts {
        match part {
            Part::Html(html) => out.push_str(html),
            Part::Example { id, block } => {
                if let Some(ex) = lesson.example(id) {
                    let yaml = if *block == 0 {
                        ex.yaml.as_str()
                    } else {
                        ex.later.get(block - 1).map_or("", |(_, y)| y.as_str())
                    };
                    out.push_str(&format!(
                        "<figure class=\"pl-example\"><figcaption class=\"pl-example__caption\">Example {} · <code class=\"pl-example__file\">{}</code></figcaption><pre class=\"pl-example__code\"><code>{}</code></pre></figure>",
                        esc(id),
                        esc(&ex.file_name(*block)),
                        esc(yaml)
                    ));
                }
            }
            Part::Exercise(i) => {
                if let Some(ex) = lesson.exercises.get(*i) {
                    out.push_str(&format!(
                        "<section class=\"pl-exercise\"><h3>Exercise: {}</h3>{}</section>",
                        esc(&ex.title),
                        markdown::render(&ex.goal_markdown())
                    ));
                }
            }
            Part::Predict(i) => {
                if let Some(p) = lesson.predicts.get(*i) {
                    out.push_str(&format!(
                        "<section class=\"pl-predict\">{}</section>",
                        markdown::render(&p.question)
                    ));
                }
            }
        }
    }
    out.push_str("</article>");
    out
}

/// The app's lesson navigation row for lesson `i`, as plain links: with `:target` they work
/// before the app starts, and the row keeps the lesson where the app will draw it.
fn nav(catalog: &Catalog, i: usize) -> String {
    let link = |j: Option<usize>, rel: &str| {
        j.and_then(|j| catalog.entries.get(j)).map_or(String::new(), |e| {
            let label = chrome::neighbour_label(rel, &e.title);
            format!(
                "<a class=\"pl-lnav__{rel}\" rel=\"{rel}\" href=\"#/lesson/{}\">{}</a>",
                esc(&e.slug),
                esc(&label)
            )
        })
    };
    format!(
        "<nav class=\"pl-lnav\" aria-label=\"{LESSON_NAV_LABEL}\"><div class=\"pl-lnav__row\">{}<span class=\"pl-lnav__pos\">{}</span>{}</div><p class=\"pl-lnav__all pl-pre__wait\">All lessons: loading…</p></nav>",
        link(i.checked_sub(1), "prev"),
        chrome::position(i, catalog.entries.len()),
        link(Some(i + 1), "next")
    )
}

/// The other lessons' first paint, `(slug, article)` in course order: the files index.html's
/// inline script fetches for an address that names one of them (`scripts/prerender-hook.mjs`).
pub fn other_lessons(catalog: &Catalog) -> Vec<(String, String)> {
    (1..catalog.entries.len())
        .filter_map(|i| {
            catalog.lesson_shared(i).map(|l| (l.slug.clone(), lesson_html(&l, &nav(catalog, i))))
        })
        .collect()
}

/// The first paint: the app's header and three regions, the first lesson, and its starting
/// YAML in a textarea.
pub fn page(catalog: &Catalog, starting_yaml: &str) -> String {
    let lessons: String =
        catalog.lesson_shared(0).map(|l| lesson_html(&l, &nav(catalog, 0))).unwrap_or_default();
    format!(
        concat!(
            "<div class=\"pl-pre\" id=\"pl-pre\">",
            "<header class=\"pl-header\"><h1 class=\"pl-header__title\"><span class=\"pl-logo\" aria-hidden=\"true\"></span>{title}</h1>",
            "<p class=\"pl-header__tag\">{tagline}</p><div class=\"pl-header__tools pl-pre__tools\">",
            // The app's header buttons, disabled until it arrives: the page keeps its layout
            // (on a phone they wrap to two rows) and the lesson does not move under the reader.
            "<button class=\"pl-btn pl-btn--ghost\" disabled>{share}</button>",
            "<button class=\"pl-btn pl-btn--ghost\" disabled>{real}</button>",
            "<button class=\"pl-btn pl-btn--ghost\" disabled>{presenter}</button>",
            "<button class=\"pl-btn pl-btn--ghost\" disabled><span class=\"pl-pre__glyph\" aria-hidden=\"true\"></span>{theme}</button>",
            "</div></header>",
            "<main class=\"pl-main\">",
            "<section class=\"pl-region pl-lesson\" aria-label=\"Lesson\">{lessons}</section>",
            // The app's lab wrapper, the run then the manifest, so layout.css and presenter.css
            // place (and size: the lab's scrollbar gutter) both as the app does.
            "<div class=\"pl-lab\">",
            "<section class=\"pl-region pl-sim\" aria-label=\"{sim_title}\"><h2 class=\"pl-region__title\">{sim_title}</h2>",
            // The app's time controls, disabled, and its empty stage, which holds the status line:
            // the run region is the app's height at every width, and the manifest under it does
            // not move when the app arrives.
            "{controls}",
            "<div class=\"pl-pods pl-stage\"><div class=\"pl-stage__pods\"><p class=\"pl-empty pl-pre__wait\">Loading the simulated node…</p></div></div>",
            // Shown by CSS after a while (taking no room before): the app cannot start without
            // JavaScript and wasm.
            "<p class=\"pl-pre__slow\" role=\"status\">Still loading? podlab needs JavaScript and WebAssembly, and downloads about 1 MB once ",
            "(after that it works offline). On a slow network give it a moment; otherwise try reloading, or another browser.</p></section>",
            "<section class=\"pl-region pl-editor-region\" aria-label=\"{editor_title}\"><h2 class=\"pl-region__title\">{editor_title}</h2>",
            "<textarea class=\"pl-pre__ed\" id=\"pl-pre-editor\" spellcheck=\"false\" autocapitalize=\"off\" autocomplete=\"off\" wrap=\"off\" rows=\"16\" ",
            "aria-label=\"YAML manifest (the full editor is loading)\">{yaml}</textarea>",
            "<p class=\"pl-pre__wait\" role=\"status\">Loading the editor's checks and the simulated node…</p></section>",
            "</div></main></div>"
        ),
        title = TITLE,
        tagline = TAGLINE,
        share = chrome::SHARE_LABEL,
        real = chrome::REAL_CLUSTER_LABEL,
        presenter = chrome::PRESENTER_LABEL,
        theme = chrome::THEME_LABEL,
        lessons = lessons,
        editor_title = EDITOR_TITLE,
        sim_title = SIM_TITLE,
        controls = time_controls(),
        yaml = esc(starting_yaml)
    )
}

/// The app's time controls (`controls::TimeControls`) as they are before a run: disabled, at
/// the default speed and idle skipping, the clock at 0.
fn time_controls() -> String {
    let start = Playback::default();
    let options: String = SPEED_LABELS
        .iter()
        .zip(SPEEDS)
        .map(|(label, speed)| {
            let selected = if speed == start.speed { " selected" } else { "" };
            format!("<option{selected}>{}</option>", esc(label))
        })
        .collect();
    format!(
        concat!(
            "<div class=\"pl-controls\" role=\"group\" aria-label=\"{group}\">",
            "<button class=\"pl-btn\" disabled><span aria-hidden=\"true\">◀ </span>{prev}</button>",
            "<button class=\"pl-btn pl-btn--primary\" disabled>{play}</button>",
            "<button class=\"pl-btn\" disabled>{pause}</button>",
            "<button class=\"pl-btn\" disabled>{next}<span aria-hidden=\"true\"> ▶</span></button>",
            "<label class=\"pl-controls__speed\"><span>{speed}</span><select disabled>{options}</select></label>",
            "<label class=\"pl-controls__skip\"><input type=\"checkbox\" disabled{skip}><span>{skip_label}</span></label>",
            "<input class=\"pl-controls__scrub\" type=\"range\" aria-label=\"{scrub}\" min=\"0\" max=\"0\" value=\"0\" disabled>",
            "<output class=\"pl-controls__clock\" aria-label=\"{clock_label}\">{clock}</output></div>"
        ),
        group = chrome::TIME_CONTROLS_LABEL,
        prev = chrome::PREV_LABEL,
        play = chrome::PLAY_LABEL,
        pause = chrome::PAUSE_LABEL,
        next = chrome::NEXT_LABEL,
        speed = chrome::SPEED_LABEL,
        options = options,
        skip = if start.skip_idle { " checked" } else { "" },
        skip_label = chrome::SKIP_IDLE_LABEL,
        scrub = chrome::SCRUB_LABEL,
        clock_label = chrome::CLOCK_LABEL,
        clock = clock_text(start.t),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_lesson_is_in_the_page_the_others_apart_with_their_routes_as_ids() {
        let cat = Catalog::embedded();
        let html = page(&cat, "a: <b>&\n");
        let others = other_lessons(&cat);
        assert_eq!(others.len(), cat.entries.len() - 1);
        for (i, e) in cat.entries.iter().enumerate() {
            let id =
                format!("<article class=\"pl-prose pl-pre__lesson\" id=\"/lesson/{}\">", e.slug);
            assert_eq!(html.contains(&id), i == 0, "{}", e.slug);
            if i > 0 {
                let (slug, article) = &others[i - 1];
                assert_eq!(slug, &e.slug);
                assert!(article.starts_with(&id) && article.ends_with("</article>"), "{slug}");
                assert!(!article.contains("<script"), "{slug}");
            }
        }
        assert!(html.contains(">a: &lt;b&gt;&amp;\n</textarea>"));
        // Each lesson links to the next with the route the app uses (`:target` before it starts).
        let (first, second) = (&cat.entries[0], &cat.entries[1]);
        assert!(
            html.contains(&format!(
                "<a class=\"pl-lnav__next\" rel=\"next\" href=\"#/lesson/{}\">{} →</a>",
                second.slug, second.title
            )),
            "{}",
            first.slug
        );
        // The header's buttons are there, disabled, with the app's words (the page does not move).
        for label in [chrome::SHARE_LABEL, chrome::REAL_CLUSTER_LABEL, chrome::PRESENTER_LABEL] {
            assert!(
                html.contains(&format!(
                    "<button class=\"pl-btn pl-btn--ghost\" disabled>{label}</button>"
                )),
                "{label}"
            );
        }
        assert!(html.contains(&format!("</span>{}</button>", chrome::THEME_LABEL)));
        assert!(!html.contains("<script"), "the first paint runs nothing");
        assert!(!html.contains("data-testid"), "the app's test ids belong to the app only");
    }
}
