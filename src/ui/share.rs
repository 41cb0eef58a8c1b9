//! Share links: the editor's text in the URL fragment as `#v1:<base64url>`. A link is *data*
//! (reliability.md §4, R6): decoding is bounded, errors are messages, and the UI loads a link
//! into the editor without running it and keeps the learner's own draft.
//!
//! Uncompressed on purpose for now: no compression crate in the bundle. The cap is the
//! fragment length (limits::MAX_FRAGMENT_CHARS), so specs up to ~24 KiB can be shared.

use crate::engine::limits::{MAX_FRAGMENT_CHARS, MAX_SPEC_BYTES};

const PREFIX: &str = "#v1:";
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Why a share link could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The text is too long for a link.
    TooLong,
    /// Not a podlab link, or damaged.
    Invalid,
    /// Made by a newer podlab (`#v2:` …).
    Newer,
}

impl ShareError {
    /// The message shown to the learner.
    pub fn message(&self) -> &'static str {
        match self {
            ShareError::TooLong => "This manifest is too long for a share link.",
            ShareError::Invalid => "Could not read the shared link (invalid encoding). Nothing was changed.",
            ShareError::Newer => "This link was made by a newer podlab. Nothing was changed.",
        }
    }
}

/// The fragment (with `#`) carrying `text`.
pub fn encode(text: &str) -> Result<String, ShareError> {
    let b = text.as_bytes();
    let mut s = String::with_capacity(PREFIX.len() + b.len() * 4 / 3 + 4);
    s.push_str(PREFIX);
    for chunk in b.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, x)| acc | (*x as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            s.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    if s.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong);
    }
    Ok(s)
}

/// Reads a fragment. `Ok(None)`: not a share link at all (e.g. empty or a lesson route).
pub fn decode(fragment: &str) -> Result<Option<String>, ShareError> {
    let Some(body) = fragment.strip_prefix(PREFIX) else {
        let is_newer = fragment.strip_prefix("#v").and_then(|r| r.split(':').next()).is_some_and(|v| v.parse::<u32>().is_ok_and(|v| v > 1));
        return if is_newer { Err(ShareError::Newer) } else { Ok(None) };
    };
    if body.len() > MAX_FRAGMENT_CHARS || body.len() % 4 == 1 {
        return Err(ShareError::Invalid);
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|a| a == c).ok_or(ShareError::Invalid)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i) & 255) as u8);
        }
    }
    if out.is_empty() || out.len() > MAX_SPEC_BYTES {
        return Err(ShareError::Invalid);
    }
    String::from_utf8(out).map(Some).map_err(|_| ShareError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_through_a_link() {
        for t in ["a", "ab", "abc", "kind: Pod\nmetadata:\n  name: ü✓\n"] {
            let f = encode(t).unwrap();
            assert!(f.starts_with("#v1:") && !f.contains('='));
            assert_eq!(decode(&f).unwrap().as_deref(), Some(t));
        }
    }

    #[test]
    fn garbage_and_future_links_are_refused_with_a_message() {
        assert_eq!(decode("#v1:!!!not-base64!!!"), Err(ShareError::Invalid));
        assert_eq!(decode("#v1:"), Err(ShareError::Invalid));
        assert_eq!(decode("#v9:abcd"), Err(ShareError::Newer));
        assert_eq!(decode("#/lesson/02"), Ok(None));
        assert_eq!(decode(""), Ok(None));
        assert_eq!(encode(&"x".repeat(40_000)), Err(ShareError::TooLong));
    }
}
