//! Addresses of the embed view and the `<iframe>` snippet the share dialog offers (plain logic,
//! tested natively; the view is [`crate::ui::embed`]).
//!
//! The embed view is chosen by the **query**, which static hosts ignore and which a share link's
//! fragment leaves free:
//! - `?embed=<lesson-slug>/<example-id>`: one runnable example of a lesson
//!   (`?embed=01-mental-model/first`);
//! - `?embed` with a `#v1:…` share fragment: that link's manifest (and playhead).
//!
//! Any other query parameters (`?present`) are kept; the path is never looked at, so embeds
//! work under any sub-path.

/// What an embed shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmbedTarget {
    /// A lesson's runnable example: (lesson slug, example id).
    Example {
        /// The lesson's slug (`01-mental-model`).
        lesson: String,
        /// The example's `id=` (`first`).
        example: String,
    },
    /// The manifest of the share link in the fragment (`?embed#v1:…`).
    Link,
}

/// Reads `location.search` (with or without its `?`). `None` when the page is not an embed.
pub fn parse_embed(search: &str) -> Option<EmbedTarget> {
    let q = search.strip_prefix('?').unwrap_or(search);
    let value = q.split('&').find_map(|kv| match kv.split_once('=') {
        Some(("embed", v)) => Some(v),
        None if kv == "embed" => Some(""),
        _ => None,
    })?;
    let value = percent_decode(value);
    match value.split_once('/') {
        Some((lesson, example)) if !lesson.is_empty() && !example.is_empty() => {
            Some(EmbedTarget::Example { lesson: lesson.into(), example: example.into() })
        }
        _ => Some(EmbedTarget::Link),
    }
}

/// `%2F` → `/` (slugs and ids are plain ASCII; anything else stays as written and simply names
/// no lesson).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page's address without query and fragment (`https://host/podlab/`), the base every
/// podlab address is built on.
pub fn page_base(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

/// Where links made on this page should point. A page served over http(s) points at itself;
/// a page opened from a file (the single-file build) points at the hosted app its build names
/// (`<meta name="podlab-hosted-url">`), or nowhere (`None`): a `file://` address means nothing on
/// another computer.
pub fn link_base(href: &str, hosted: Option<&str>) -> Option<String> {
    if href.starts_with("file:") {
        return hosted
            .map(str::trim)
            .filter(|h| h.starts_with("https://") || h.starts_with("http://"))
            .map(|h| {
                let b = page_base(h);
                if b.ends_with('/') || b.ends_with(".html") {
                    b.to_string()
                } else {
                    format!("{b}/")
                }
            });
    }
    Some(page_base(href).to_string())
}

/// The embed address of a share fragment (`#v1:…`) on `base`.
pub fn embed_url(base: &str, fragment: &str) -> String {
    format!("{base}?embed{fragment}")
}

/// The embed address of a lesson example on `base`.
pub fn example_embed_url(base: &str, lesson: &str, example: &str) -> String {
    format!("{base}?embed={lesson}/{example}")
}

/// The `<iframe>` to paste into a page, a blog post or a slide. The address is escaped for an
/// attribute value (a share fragment is base64url, but the base comes from the address bar).
pub fn iframe_snippet(url: &str) -> String {
    let esc = url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<iframe src=\"{esc}\" title=\"podlab: Kubernetes init containers, run in your browser\" width=\"100%\" height=\"640\" loading=\"lazy\"></iframe>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_names_an_example_or_the_share_link() {
        let ex =
            |l: &str, e: &str| Some(EmbedTarget::Example { lesson: l.into(), example: e.into() });
        assert_eq!(parse_embed("?embed=01-mental-model/first"), ex("01-mental-model", "first"));
        assert_eq!(
            parse_embed("?present&embed=01-mental-model%2Ffirst"),
            ex("01-mental-model", "first")
        );
        assert_eq!(parse_embed("?embed"), Some(EmbedTarget::Link));
        assert_eq!(parse_embed("?embed="), Some(EmbedTarget::Link));
        assert_eq!(parse_embed("embed&present"), Some(EmbedTarget::Link));
        assert_eq!(parse_embed(""), None);
        assert_eq!(parse_embed("?present"), None);
        assert_eq!(parse_embed("?embedded=1"), None);
    }

    #[test]
    fn links_from_a_file_point_at_the_hosted_app_or_nowhere() {
        let f = "file:///media/usb/podlab.html#v1:abc";
        assert_eq!(link_base(f, None), None);
        assert_eq!(link_base(f, Some("javascript:alert(1)")), None);
        assert_eq!(
            link_base(f, Some("https://example.org/podlab")).as_deref(),
            Some("https://example.org/podlab/")
        );
        assert_eq!(
            link_base(f, Some("https://example.org/podlab/?x#y")).as_deref(),
            Some("https://example.org/podlab/")
        );
        assert_eq!(
            link_base("https://h/sub/path/?present#/lesson/x", Some("https://other/")).as_deref(),
            Some("https://h/sub/path/")
        );
    }

    #[test]
    fn embed_addresses_and_the_snippet() {
        assert_eq!(embed_url("https://h/p/", "#v1:abc"), "https://h/p/?embed#v1:abc");
        assert_eq!(
            example_embed_url("https://h/p/", "01-mental-model", "first"),
            "https://h/p/?embed=01-mental-model/first"
        );
        let s = iframe_snippet("https://h/p/?embed&x=\"<");
        assert!(s.starts_with("<iframe src=\"https://h/p/?embed&amp;x=&quot;&lt;\""), "{s}");
    }
}
