//! Share links (reliability.md §4, R6): the lesson, the editor's manifests and the playhead time
//! in the URL fragment, `#v1:` + base64url(deflate-raw(UTF-8 JSON `{"spec","lesson","t"}`)).
//! Nothing goes to a server (browsers never send the fragment), so no backend is needed.
//!
//! A link is untrusted *data*. Every decoding step checks its limit **before** it runs:
//! 1. the fragment is at most [`MAX_FRAGMENT_CHARS`] characters, or it is refused undecoded;
//! 2. base64url (no padding) into at most 3/4 of that;
//! 3. inflate with `miniz_oxide::inflate::decompress_to_vec_with_limit` capped at
//!    [`MAX_SPEC_BYTES`] + [`JSON_SLACK`]: a deflate bomb stops there (`HasMoreOutput`) instead of
//!    allocating its full size;
//! 4. strict UTF-8, then JSON with unknown fields refused;
//! 5. `spec` at most [`MAX_SPEC_BYTES`] (it then goes through the normal YAML front door when the
//!    learner applies it); `lesson` kept only if the caller knows the slug; `t` kept only if it is
//!    a finite number of seconds in `[0, MAX_HORIZON]` (NaN/±∞/negative are dropped, not errors).
//!
//! Why miniz_oxide and not the browser's `CompressionStream`: the inflate with an output limit is
//! plain Rust, so the bomb and garbage cases are tested natively here, and decoding stays
//! synchronous at start-up (CompressionStream is async and has no output cap of its own).
//! Measured cost: see docs/hosting.md ("Share links").

use crate::engine::limits::{MAX_FRAGMENT_CHARS, MAX_SPEC_BYTES};
use crate::engine::time::Millis;
use serde::{Deserialize, Serialize};

/// The only format this podlab writes and reads.
pub const PREFIX: &str = "#v1:";

/// Room for the JSON around the spec (keys, escapes of quotes and newlines, lesson, t): JSON
/// escaping can at most double a control-heavy spec, but a real manifest's escapes (newlines,
/// quotes) add a few percent; 4 KiB on top of the 64 KiB spec cap keeps the total bounded.
pub const JSON_SLACK: usize = 4 * 1024;

/// The longest lesson slug a link may name (real slugs are ~30 characters).
const MAX_SLUG: usize = 100;

/// The latest playhead a link may carry: the lab's own maximum horizon.
pub const MAX_T: Millis = crate::engine::limits::MAX_HORIZON;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// What a link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    /// The editor's text (manifests), shown only as text.
    pub spec: String,
    /// The lesson slug, if the link names one this build knows.
    pub lesson: Option<String>,
    /// The playhead, if valid.
    pub t: Option<Millis>,
}

/// The JSON inside a link. Unknown fields are refused: a link with fields this version does not
/// understand must say so, not half-load.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    spec: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lesson: Option<String>,
    /// Seconds of virtual time. `Value`, so a wrong type drops `t` instead of the whole link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<serde_json::Value>,
}

/// Why a share link could not be made or read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The text is too long for a link (making one).
    TooLong,
    /// The link is longer than any podlab link can be (refused without decoding).
    LinkTooLong,
    /// Not a podlab link, or damaged.
    Invalid,
    /// The shared spec decompresses to more than 64 KiB (a deflate bomb stops here).
    TooLarge,
    /// Made by a newer podlab (`#v2:` …).
    Newer,
}

impl ShareError {
    /// The message shown to the learner (one calm sentence; nothing from the link in it).
    pub fn message(&self) -> &'static str {
        match self {
            ShareError::TooLong => "This manifest is too long for a share link (the limit is 64 KiB, and about 32 000 characters once compressed).",
            ShareError::LinkTooLong => "Could not read the shared link: it is longer than any podlab link can be. Nothing was changed.",
            ShareError::Invalid => "Could not read the shared link (invalid encoding). Nothing was changed.",
            ShareError::TooLarge => "Could not read the shared link: the shared spec is larger than 64 KiB. Nothing was changed.",
            ShareError::Newer => "This link was made by a newer podlab; nothing was loaded. Nothing was changed.",
        }
    }
}

/// The fragment (with `#`) carrying `spec`, the lesson and the playhead.
pub fn encode(spec: &str, lesson: Option<&str>, t: Option<Millis>) -> Result<String, ShareError> {
    if spec.len() > MAX_SPEC_BYTES {
        return Err(ShareError::TooLong);
    }
    let wire = Wire {
        spec: spec.to_string(),
        lesson: lesson.map(str::to_string),
        t: t.map(|t| serde_json::Value::from(t.as_secs_f64())),
    };
    let json = serde_json::to_vec(&wire).map_err(|_| ShareError::TooLong)?;
    // Level 9: links are made rarely and by hand; the smallest link fits chat tools best.
    let s = link_for(&miniz_oxide::deflate::compress_to_vec(&json, 9));
    if s.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong);
    }
    Ok(s)
}

/// `#v1:` + base64url (no padding) of already-deflated bytes.
fn link_for(packed: &[u8]) -> String {
    let mut s = String::with_capacity(PREFIX.len() + packed.len() * 4 / 3 + 4);
    s.push_str(PREFIX);
    for chunk in packed.chunks(3) {
        let n =
            chunk.iter().enumerate().fold(0u32, |acc, (i, x)| acc | (*x as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            s.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    s
}

/// Whether `fragment` looks like a share link at all (any version): the caller sets the
/// pending-link marker before decoding such a fragment.
pub fn is_share_link(fragment: &str) -> bool {
    fragment
        .strip_prefix("#v")
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(v, _)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a fragment. `Ok(None)`: not a share link at all (empty, or a lesson route).
/// `known_lesson` says whether a slug names a lesson of this build; others are dropped.
pub fn decode(
    fragment: &str,
    known_lesson: impl Fn(&str) -> bool,
) -> Result<Option<Shared>, ShareError> {
    // The length first, before looking at anything else.
    if fragment.len() > MAX_FRAGMENT_CHARS + PREFIX.len() {
        return if is_share_link(fragment) { Err(ShareError::LinkTooLong) } else { Ok(None) };
    }
    let Some(body) = fragment.strip_prefix(PREFIX) else {
        return if is_share_link(fragment) { Err(ShareError::Newer) } else { Ok(None) };
    };
    if body.is_empty() || body.len() % 4 == 1 {
        return Err(ShareError::Invalid);
    }
    let mut packed = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|a| a == c).ok_or(ShareError::Invalid)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            packed.push((n >> (16 - 8 * i) & 255) as u8);
        }
    }
    let json = match miniz_oxide::inflate::decompress_to_vec_with_limit(
        &packed,
        MAX_SPEC_BYTES + JSON_SLACK,
    ) {
        Ok(v) => v,
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            return Err(ShareError::TooLarge)
        }
        Err(_) => return Err(ShareError::Invalid),
    };
    let json = String::from_utf8(json).map_err(|_| ShareError::Invalid)?;
    // Only an object: serde's derive would also accept `["spec"]` (a sequence) for the struct.
    if !json.trim_start().starts_with('{') {
        return Err(ShareError::Invalid);
    }
    let wire: Wire = serde_json::from_str(&json).map_err(|_| ShareError::Invalid)?;
    if wire.spec.len() > MAX_SPEC_BYTES {
        return Err(ShareError::TooLarge);
    }
    let lesson = wire.lesson.filter(|s| s.len() <= MAX_SLUG && known_lesson(s));
    let t = wire
        .t
        .and_then(|v| v.as_f64())
        .filter(|s| s.is_finite() && *s >= 0.0 && *s <= MAX_T.as_secs_f64())
        // Whole milliseconds (the engine's resolution); in range, so the cast cannot overflow.
        .map(|s| Millis((s * 1000.0).round() as u64));
    Ok(Some(Shared { spec: wire.spec, lesson, t }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &str) -> bool {
        true
    }

    fn raw_link(json: &[u8]) -> String {
        link_for(&miniz_oxide::deflate::compress_to_vec(json, 9))
    }

    #[test]
    fn spec_lesson_and_time_round_trip_through_a_link() {
        for t in
            ["a", "ab", "abc", "kind: Pod\nmetadata:\n  name: ü✓\n", "<script>alert(1)</script>"]
        {
            let f = encode(t, Some("02-sequential"), Some(Millis(12_500))).unwrap();
            assert!(
                f.starts_with("#v1:") && !f.contains('=') && !f.contains('+') && !f.contains('/')
            );
            let s = decode(&f, any).unwrap().unwrap();
            assert_eq!(
                s,
                Shared {
                    spec: t.into(),
                    lesson: Some("02-sequential".into()),
                    t: Some(Millis(12_500))
                }
            );
        }
        let bare = decode(&encode("x", None, None).unwrap(), any).unwrap().unwrap();
        assert_eq!((bare.lesson, bare.t), (None, None));
    }

    #[test]
    fn links_are_compressed() {
        let spec = include_str!("../../content/01-mental-model.md").repeat(3);
        let f = encode(&spec, None, None).unwrap();
        assert!(f.len() < spec.len() / 3, "{} chars for {} bytes", f.len(), spec.len());
    }

    #[test]
    fn garbage_and_future_links_are_refused_with_a_message() {
        assert_eq!(decode("#v1:!!!not-base64!!!", any), Err(ShareError::Invalid));
        assert_eq!(decode("#v1:", any), Err(ShareError::Invalid));
        assert_eq!(decode("#v1:AAAAAAAA", any), Err(ShareError::Invalid), "not deflate");
        assert_eq!(decode("#v9:abcd", any), Err(ShareError::Newer));
        assert_eq!(decode("#v12:", any), Err(ShareError::Newer));
        assert_eq!(decode("#/lesson/02", any), Ok(None));
        assert_eq!(decode("#vote", any), Ok(None));
        assert_eq!(decode("", any), Ok(None));
        assert!(ShareError::Invalid.message().contains("Nothing was changed"));
        assert!(ShareError::Newer.message().contains("newer podlab"));
    }

    #[test]
    fn a_damaged_link_is_refused() {
        let f = encode("kind: Pod\nmetadata:\n  name: web\n", None, None).unwrap();
        // Truncated, and one character flipped in the middle.
        assert!(decode(&f[..f.len() - 5], any).is_err());
        let mut b = f.clone().into_bytes();
        let mid = b.len() / 2;
        b[mid] = if b[mid] == b'A' { b'B' } else { b'A' };
        let flipped = String::from_utf8(b).unwrap();
        assert!(
            decode(&flipped, any).map(|s| s.map(|s| s.spec))
                != Ok(Some("kind: Pod\nmetadata:\n  name: web\n".into()))
        );
    }

    #[test]
    fn a_deflate_bomb_stops_at_the_output_limit_quickly() {
        // 20 MB of `a` packs to ~20 KB: small enough to pass the length check.
        let link = link_for(&miniz_oxide::deflate::compress_to_vec(&vec![b'a'; 20_000_000], 9));
        assert!(link.len() <= MAX_FRAGMENT_CHARS, "{}", link.len());
        let start = std::time::Instant::now();
        assert_eq!(decode(&link, any), Err(ShareError::TooLarge));
        // §8 G 59 asks ≤ 5 ms in the browser; natively in a debug build allow more.
        assert!(start.elapsed().as_millis() < 500, "{:?}", start.elapsed());
        assert!(ShareError::TooLarge.message().contains("larger than 64 KiB"));
    }

    #[test]
    fn too_long_links_are_refused_before_decoding() {
        let long = format!("#v1:{}", "A".repeat(MAX_FRAGMENT_CHARS + 1));
        assert_eq!(decode(&long, any), Err(ShareError::LinkTooLong));
        assert_eq!(encode(&"x".repeat(MAX_SPEC_BYTES + 1), None, None), Err(ShareError::TooLong));
        // Incompressible text under 64 KiB whose link would be over the fragment cap.
        let mut x = 0x2545_f491_u32;
        let noise: String = (0..40_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                ALPHABET[(x % 64) as usize] as char
            })
            .collect();
        assert_eq!(encode(&noise, None, None), Err(ShareError::TooLong));
    }

    #[test]
    fn unknown_fields_and_wrong_shapes_are_refused() {
        assert_eq!(decode(&raw_link(br#"{"spec":"a","run":true}"#), any), Err(ShareError::Invalid));
        assert_eq!(decode(&raw_link(br#"{"lesson":"x"}"#), any), Err(ShareError::Invalid));
        assert_eq!(decode(&raw_link(br#"["a"]"#), any), Err(ShareError::Invalid));
        assert_eq!(decode(&raw_link(b"\xff\xfe"), any), Err(ShareError::Invalid));
        let big = format!(r#"{{"spec":"{}"}}"#, "a".repeat(MAX_SPEC_BYTES + 1));
        assert_eq!(decode(&raw_link(big.as_bytes()), any), Err(ShareError::TooLarge));
    }

    #[test]
    fn bad_times_and_unknown_lessons_are_dropped_not_fatal() {
        for t in ["-1", "1801", "\"10\"", "null", "true"] {
            let s = decode(&raw_link(format!(r#"{{"spec":"a","t":{t}}}"#).as_bytes()), any)
                .unwrap()
                .unwrap();
            assert_eq!((s.spec.as_str(), s.t), ("a", None), "t = {t}");
        }
        // 1e309 is not a JSON number serde can hold: the whole link is refused, calmly.
        assert!(decode(&raw_link(br#"{"spec":"a","t":1e309}"#), any).is_err());
        let s = decode(&raw_link(br#"{"spec":"a","t":0.0015,"lesson":"nope"}"#), |l| l == "01-x")
            .unwrap()
            .unwrap();
        assert_eq!((s.lesson, s.t), (None, Some(Millis(2))));
        let long_slug = format!(r#"{{"spec":"a","lesson":"{}"}}"#, "x".repeat(MAX_SLUG + 1));
        assert_eq!(decode(&raw_link(long_slug.as_bytes()), any).unwrap().unwrap().lesson, None);
    }
}
