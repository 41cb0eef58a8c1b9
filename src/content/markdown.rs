//! The one Markdown entry point (mdBook's `new_cmark_parser` idea): every lesson is parsed by
//! [`parser`] and goes through [`SafeEvents`], an event filter, before anything renders it.
//!
//! Pipeline:
//! 1. [`parser`] — pulldown-cmark with a fixed option set (tables, strikethrough, task lists,
//!    footnotes, smart punctuation, heading attributes).
//! 2. [`SafeEvents`] — the hostile-input policy of reliability.md §3.3:
//!    raw HTML (`Event::Html` / `Event::InlineHtml`) becomes text, so it shows as escaped source,
//!    except a tiny allow-list of bare tags (`<kbd>`, `<br>`, `<details>`, `<summary>`) matched on
//!    the exact tag text with no attributes; link and image destinations must be `http`, `https`,
//!    `mailto` or relative (`#…`, `./…`, `/…`, `name.md`), after stripping what browsers strip
//!    (leading C0 controls and spaces, every tab/LF/CR). A rejected link keeps its text and loses
//!    the link; a rejected image shows its alt text. External links get
//!    `rel="noopener noreferrer"`. Every rejection is recorded as a [`Problem`] so
//!    `podlab lint-content` can fail the lesson at build time.
//! 3. [`render`] — pulldown-cmark's HTML writer over the filtered events.
//!
//! Lessons are trusted build-time content, but the filter is what makes the single
//! `inner_html` call site in the UI safe even if a lesson (or a future shared link) is not.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Something the filter refused, with the byte offset in the source where it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset of the offending construct in the Markdown source.
    pub offset: usize,
    /// What was refused and why, for the content linter.
    pub message: String,
}

/// The pulldown-cmark option set every lesson is parsed with (one place, like mdBook).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The one parser constructor: unfiltered events with their source ranges. Callers almost
/// always want [`SafeEvents::new`] around it.
pub fn parser(
    text: &str,
) -> pulldown_cmark::OffsetIter<'_, pulldown_cmark::DefaultBrokenLinkCallback> {
    Parser::new_ext(text, options()).into_offset_iter()
}

/// Raw HTML tags allowed through verbatim: exact text, no attributes (reliability.md §3.3 (a)).
const ALLOWED_TAGS: &[&str] = &[
    "<kbd>",
    "</kbd>",
    "<br>",
    "<br/>",
    "<br />",
    "<details>",
    "</details>",
    "<summary>",
    "</summary>",
];

/// Whether `dest` is a link/image destination podlab lets through, after normalising it the
/// way a browser's URL parser would. Returns the normalised destination if allowed.
pub fn safe_url(dest: &str) -> Option<String> {
    // WHATWG URL parsing strips leading/trailing C0 controls and spaces and removes every
    // ASCII tab/LF/CR anywhere, so `java\tscript:` is the scheme `javascript`.
    let trimmed = dest.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if cleaned.is_empty() {
        return None;
    }
    // Protocol-relative `//host` would inherit the page's scheme but leave the site: refuse.
    if cleaned.starts_with("//") || cleaned.starts_with("\\\\") || cleaned.starts_with("/\\") {
        return None;
    }
    let first_delim = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..first_delim].find(':') {
        None => Some(cleaned), // relative: `#x`, `./x`, `/x`, `x.md`, `?q`
        Some(colon) => {
            let scheme = cleaned[..colon].to_ascii_lowercase();
            if matches!(scheme.as_str(), "http" | "https" | "mailto") {
                Some(cleaned)
            } else {
                None
            }
        }
    }
}

/// Whether a (safe) destination leaves the site: it gets `rel="noopener noreferrer"`.
pub fn is_external(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:")
}

/// Escapes text for HTML element content or an attribute value in double quotes.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What an open link/image turned into, so its end tag is rewritten to match.
enum Open {
    /// Passed through unchanged (pulldown-cmark writes the end tag).
    Kept,
    /// Written by us as `<a … rel=…>`: we write `</a>`.
    External,
    /// Dropped (unsafe): the end tag is dropped too.
    Dropped,
}

/// The event filter of the module docs. Wraps an offset iterator; yields safe events and
/// records every refusal in [`SafeEvents::problems`].
pub struct SafeEvents<'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> {
    inner: I,
    open: Vec<Open>,
    in_html_block: bool,
    /// Events produced by splitting one raw-HTML event, not yet yielded.
    pending: std::collections::VecDeque<(Event<'a>, std::ops::Range<usize>)>,
    /// Everything refused so far.
    pub problems: Vec<Problem>,
}

impl<'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> SafeEvents<'a, I> {
    /// Wraps `inner` (normally [`parser`]).
    pub fn new(inner: I) -> Self {
        SafeEvents {
            inner,
            open: Vec::new(),
            in_html_block: false,
            pending: Default::default(),
            problems: Vec::new(),
        }
    }

    /// Splits raw HTML into tags and text: an allow-listed bare tag stays HTML (inline, since
    /// HTML blocks are re-wrapped in a paragraph), every other tag and all text become text.
    /// The pieces are queued in `pending`.
    fn raw_html(&mut self, html: &str, range: std::ops::Range<usize>) {
        let mut rest = html;
        let mut refused = false;
        while !rest.is_empty() {
            let (piece, is_tag) = match (rest.find('<'), rest.strip_prefix('<')) {
                (Some(0), Some(after)) => match after.find('>') {
                    Some(end) => (&rest[..end + 2], true),
                    None => (rest, false),
                },
                (Some(i), _) => (&rest[..i], false),
                (None, _) => (rest, false),
            };
            rest = &rest[piece.len()..];
            let ev = if is_tag && ALLOWED_TAGS.contains(&piece) {
                Event::InlineHtml(piece.to_string().into())
            } else {
                refused |= is_tag || piece.contains('<');
                Event::Text(piece.to_string().into())
            };
            self.pending.push_back((ev, range.clone()));
        }
        if refused {
            let t = html.trim();
            self.problems.push(Problem {
                offset: range.start,
                message: format!("raw HTML is shown as text, not rendered: {t:?}"),
            });
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>> Iterator for SafeEvents<'a, I> {
    type Item = (Event<'a>, std::ops::Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(queued) = self.pending.pop_front() {
                return Some(queued);
            }
            let (ev, range) = self.inner.next()?;
            let off = range.start;
            let out = match ev {
                // An HTML block has no paragraph of its own: give its (now textual) content one.
                Event::Start(Tag::HtmlBlock) => {
                    self.in_html_block = true;
                    Event::Start(Tag::Paragraph)
                }
                Event::End(TagEnd::HtmlBlock) => {
                    self.in_html_block = false;
                    Event::End(TagEnd::Paragraph)
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    self.raw_html(&h, range);
                    continue;
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    match safe_url(&dest_url) {
                        Some(url) if is_external(&url) => {
                            self.open.push(Open::External);
                            let title_attr = if title.is_empty() {
                                String::new()
                            } else {
                                format!(" title=\"{}\"", escape_attr(&title))
                            };
                            Event::InlineHtml(
                                format!(
                                    "<a href=\"{}\"{} rel=\"noopener noreferrer\">",
                                    escape_attr(&url),
                                    title_attr
                                )
                                .into(),
                            )
                        }
                        Some(url) => {
                            self.open.push(Open::Kept);
                            Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id })
                        }
                        None => {
                            self.open.push(Open::Dropped);
                            self.problems.push(Problem {
                                offset: off,
                                message: format!(
                                    "link destination refused: {:?}",
                                    dest_url.as_ref()
                                ),
                            });
                            continue;
                        }
                    }
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    match safe_url(&dest_url) {
                        Some(url) => {
                            self.open.push(Open::Kept);
                            Event::Start(Tag::Image { link_type, dest_url: url.into(), title, id })
                        }
                        None => {
                            self.open.push(Open::Dropped);
                            self.problems.push(Problem {
                                offset: off,
                                message: format!("image source refused: {:?}", dest_url.as_ref()),
                            });
                            continue;
                        }
                    }
                }
                Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                    match (self.open.pop(), &ev) {
                        (Some(Open::Dropped), _) => continue,
                        (Some(Open::External), _) => Event::InlineHtml("</a>".into()),
                        _ => ev,
                    }
                }
                other => other,
            };
            return Some((out, range));
        }
    }
}

/// Renders Markdown to HTML through the filter. The only Markdown → HTML function the app uses.
pub fn render(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, SafeEvents::new(parser(text)).map(|(e, _)| e));
    out
}

/// Renders already-filtered events (used by the lesson splitter for each prose part).
pub fn render_events<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Everything the filter would refuse in `text` (for `podlab lint-content`).
pub fn problems(text: &str) -> Vec<Problem> {
    let mut f = SafeEvents::new(parser(text));
    for _ in f.by_ref() {}
    f.problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_tags_are_shown_as_text() {
        let html = render("hello <script>alert(1)</script>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn html_blocks_with_event_handlers_are_shown_as_text() {
        let html = render("<img src=x onerror=alert(1)>\n\nnext");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img"), "{html}");
        assert_eq!(problems("<img src=x onerror=alert(1)>").len(), 1);
    }

    #[test]
    fn allowed_tags_inside_html_blocks_survive_and_the_rest_is_text() {
        let html =
            render("<details>\n<summary>Hint</summary>\n\nUse <kbd>Tab</kbd>.\n\n</details>\n");
        assert!(
            html.contains("<details>")
                && html.contains("<summary>Hint</summary>")
                && html.contains("<kbd>Tab</kbd>"),
            "{html}"
        );
        assert!(problems("<details>\n<summary>Hint</summary>\n</details>\n").is_empty());
        let html = render("<div><summary onclick=x>a</summary> <b>b</b></div>\n");
        assert!(
            !html.contains("<div") && !html.contains("<b>") && !html.contains("<summary onclick"),
            "{html}"
        );
        assert!(html.contains("</summary>"), "a bare closing tag may pass: {html}");
        assert!(html.contains("&lt;b&gt;b&lt;/b&gt;"), "{html}");
        let html = render("a < b and c <d\n");
        assert!(html.contains("a &lt; b and c &lt;d"), "{html}");
    }

    #[test]
    fn svg_animation_payload_is_text() {
        let html = render("<svg><a><set attributeName=href to=\"javascript:alert(1)\"/></a></svg>");
        assert!(!html.contains("<svg"), "{html}");
    }

    #[test]
    fn bare_allow_listed_tags_pass() {
        let html = render("press <kbd>Ctrl</kbd> now");
        assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");
        let html = render("<kbd onclick=x>Ctrl</kbd>");
        assert!(!html.contains("<kbd onclick"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_href_in_every_spelling() {
        for md in [
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "<javascript:alert(1)>",
            "[click](java%09script:alert(1))",
            "[click](<java\tscript:alert(1)>)",
            "[click](//evil.example/x)",
            "![x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "[x](file:///etc/passwd)",
        ] {
            let html = render(md);
            assert!(!html.to_ascii_lowercase().contains("href=\"javascript"), "{md} -> {html}");
            assert!(!html.contains("data:"), "{md} -> {html}");
            assert!(!html.contains("href=\"//"), "{md} -> {html}");
            assert!(!html.contains("file:"), "{md} -> {html}");
            assert!(!html.contains("vbscript"), "{md} -> {html}");
        }
        // `java%09script:` is not a scheme at all (the colon follows a `%`): it is a harmless
        // relative path, so it may pass; everything else must be reported.
        assert!(!problems("[click](javascript:alert(1))").is_empty());
    }

    #[test]
    fn safe_links_pass_and_external_ones_get_noopener() {
        let html = render("[k8s](https://kubernetes.io/docs/) and [next](02-sequential.md) and [top](#top) and [m](mailto:a@b.c)");
        assert!(
            html.contains("href=\"https://kubernetes.io/docs/\" rel=\"noopener noreferrer\""),
            "{html}"
        );
        assert!(html.contains("href=\"02-sequential.md\""), "{html}");
        assert!(html.contains("href=\"#top\""), "{html}");
        assert!(html.contains("href=\"mailto:a@b.c\""), "{html}");
        assert!(problems("[k8s](https://kubernetes.io/)").is_empty());
    }

    #[test]
    fn code_is_escaped() {
        let html = render("```yaml\nname: <script>\n```\n");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn titles_cannot_break_out_of_the_attribute() {
        let html = render("[a](http://x \"t\\\" onmouseover=alert(1)\")");
        assert!(!html.contains("\" onmouseover"), "{html}");
    }
}
