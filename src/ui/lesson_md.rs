//! The first lesson, rendered for the web slice: Markdown → HTML with pulldown-cmark through an
//! **event filter** (reliability.md §3.3), plus the lesson's example YAML for the editor.
//!
//! Interim: the `content` module (issue 8) owns lessons and their renderer; at merge the UI
//! switches to it and this file goes. Until then it holds the one audited `inner_html` source.

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The lesson shown first (compiled in: a static site has no backend to fetch it from, and one
/// lesson is a few KB).
pub const FIRST_LESSON: &str = include_str!("../../content/lessons/01-what-are-init-containers.md");

/// The lesson's stable slug: the key of its saved draft (never an index, reliability.md §6.3).
pub const FIRST_LESSON_SLUG: &str = "01-what-are-init-containers";

/// A rendered lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The first `# ` heading, as text.
    pub title: String,
    /// Filtered HTML (no raw HTML from the source except a few bare tags, no unsafe URLs).
    pub html: String,
    /// The first fenced `yaml` block: the editor's starting text.
    pub example: String,
}

/// Raw HTML tags passed through when written exactly like this, with no attributes.
const ALLOWED_TAGS: [&str; 7] = ["<kbd>", "</kbd>", "<br>", "<details>", "</details>", "<summary>", "</summary>"];

/// Whether a link or image URL may become an `href`/`src`: `http`, `https`, `mailto` or
/// relative. Leading C0/space is stripped and tab/LF/CR removed first, as the WHATWG URL
/// parser does (so `java\tscript:` is caught).
pub fn url_allowed(url: &str) -> bool {
    let cleaned: String = url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if cleaned.starts_with("//") {
        return false; // protocol-relative: another host
    }
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].find(':') {
        None => true,
        Some(i) => matches!(cleaned[..i].to_ascii_lowercase().as_str(), "http" | "https" | "mailto"),
    }
}

/// Renders `markdown` through the filter and pulls out its title and first YAML example.
pub fn render(markdown: &str) -> Lesson {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut title = String::new();
    let mut example: Option<String> = None;
    let (mut in_h1, mut in_yaml) = (false, false);
    let mut yaml = String::new();
    let mut dead_link_depth = 0usize;
    let events: Vec<Event> = Parser::new_ext(markdown, opts)
        .filter_map(|ev| {
            match &ev {
                Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H1, .. }) if title.is_empty() => in_h1 = true,
                Event::End(TagEnd::Heading(_)) => in_h1 = false,
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if example.is_none() && lang.as_ref() == "yaml" => in_yaml = true,
                Event::End(TagEnd::CodeBlock) if in_yaml => {
                    in_yaml = false;
                    example = Some(std::mem::take(&mut yaml));
                }
                Event::Text(t) | Event::Code(t) if in_h1 => title.push_str(t),
                Event::Text(t) if in_yaml => yaml.push_str(t),
                _ => {}
            }
            Some(match ev {
                Event::Html(h) | Event::InlineHtml(h) if !ALLOWED_TAGS.contains(&h.trim()) => Event::Text(h),
                Event::Start(Tag::Link { dest_url, .. }) if !url_allowed(&dest_url) => {
                    dead_link_depth += 1;
                    return None; // the link's text stays, as text
                }
                Event::End(TagEnd::Link) if dead_link_depth > 0 => {
                    dead_link_depth -= 1;
                    return None;
                }
                Event::Start(Tag::Image { dest_url, .. }) if !url_allowed(&dest_url) => {
                    Event::Start(Tag::Image { link_type: pulldown_cmark::LinkType::Inline, dest_url: CowStr::Borrowed(""), title: CowStr::Borrowed(""), id: CowStr::Borrowed("") })
                }
                other => other,
            })
        })
        .collect();
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    Lesson { title, html: out, example: example.unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_lesson_has_a_title_and_a_pod_example() {
        let l = render(FIRST_LESSON);
        assert_eq!(l.title, "What are init containers?");
        assert!(l.example.starts_with("apiVersion: v1\nkind: Pod\n"), "{}", l.example);
        assert!(l.html.contains("<table>"));
        assert!(l.html.contains("<kbd>Ctrl</kbd>"));
    }

    #[test]
    fn raw_html_shows_as_text() {
        let l = render("hi <img src=x onerror=window.__pwned=1>\n\n<script>window.__pwned=1</script>\n");
        assert!(!l.html.contains("<img"), "{}", l.html);
        assert!(!l.html.contains("<script"), "{}", l.html);
        assert!(l.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn dangerous_link_schemes_become_plain_text() {
        for md in ["[a](javascript:window.__pwned=1)", "[a](JaVaScRiPt:x)", "[a](java\tscript:x)", "[a](//evil.example/x)", "<javascript:alert(1)>"] {
            let l = render(md);
            assert!(!l.html.contains("href"), "{md} → {}", l.html);
        }
        assert!(render("[a](https://kubernetes.io/)").html.contains("href=\"https://kubernetes.io/\""));
        assert!(render("[a](#/lesson/02)").html.contains("href=\"#/lesson/02\""));
        assert!(!render("![x](data:text/html,hi)").html.contains("data:"));
    }
}
