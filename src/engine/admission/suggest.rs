//! "Did you mean …?" for unknown fields: the nearest real field name of the same object by edit
//! distance (case-insensitively first, since `Image` for `image` is the classic slip), or the
//! object one level up or down that really has the field.
//!
//! Entry point: [`suggest`].

use super::schema::{Schema, NEIGHBOURS};

/// Levenshtein distance over characters, with an early cap (names are short).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A suggestion for the unknown key `key` found in an object of type `schema`.
pub fn suggest(key: &str, schema: &Schema) -> Option<String> {
    if let Some(f) = schema.fields.iter().find(|f| f.name.eq_ignore_ascii_case(key)) {
        return Some(format!("did you mean `{}`? (field names are case-sensitive)", f.name));
    }
    // Allow about one typo per four characters, at least 2 (`comand`, `initContainer`,
    // `imagePullPolcy`), so short unrelated words are not "corrected".
    let budget = (key.chars().count() / 4).max(2);
    let lower = key.to_ascii_lowercase();
    let best = schema
        .fields
        .iter()
        // Cheap filter first: the length difference is a lower bound of the distance.
        .filter(|f| f.name.len().abs_diff(lower.len()) <= budget)
        .map(|f| (distance(&lower, &f.name.to_ascii_lowercase()), f.name))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, n)| (*d, *n));
    if let Some((_, name)) = best {
        return Some(format!("did you mean `{name}`?"));
    }
    for other in NEIGHBOURS {
        if std::ptr::eq(*other, schema) {
            continue;
        }
        if other.field(key).is_some() {
            return Some(format!(
                "`{key}` is a field of {} {}, not of {}; check the indentation",
                article(other.go),
                other.go,
                schema.go
            ));
        }
    }
    None
}

fn article(go: &str) -> &'static str {
    if go.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::admission::schema::{CONTAINER, POD_SPEC};

    #[test]
    fn typos_get_the_nearest_field() {
        assert_eq!(suggest("comand", &CONTAINER).as_deref(), Some("did you mean `command`?"));
        assert_eq!(
            suggest("initContainer", &POD_SPEC).as_deref(),
            Some("did you mean `initContainers`?")
        );
        assert_eq!(
            suggest("imagePullPolcy", &CONTAINER).as_deref(),
            Some("did you mean `imagePullPolicy`?")
        );
        assert!(suggest("Image", &CONTAINER).unwrap().contains("`image`"));
        assert_eq!(suggest("zzzzzzzzzz", &CONTAINER), None);
    }
}
