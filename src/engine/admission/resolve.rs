//! YAML 1.1 scalar resolution exactly as kubectl does it: kubectl converts YAML to *untyped*
//! JSON on the client with go-yaml v2 (sigs.k8s.io/yaml), so a plain `no` becomes the JSON
//! boolean `false` and a plain `010` the number 8 before the API server ever sees the schema
//! (reliability.md §1.9). serde_yaml resolves YAML 1.2 by target type instead, which is why
//! podlab does this itself. Source: gopkg.in/yaml.v2 v2.4 `resolve.go`.
//!
//! Entry point: [`resolve`].
//!
//! Simplification: go-yaml v2 also turns plain timestamps (`2024-01-31`, `2024-01-31T10:00:00Z`)
//! into `time.Time`, which JSON then prints in RFC 3339 form. Only the date-only form is
//! reproduced (it gains `T00:00:00Z`); full timestamps keep their text.

/// How a scalar was written; only `Plain` scalars are subject to YAML 1.1 type resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `foo`
    Plain,
    /// `'foo'`
    SingleQuoted,
    /// `"foo"`
    DoubleQuoted,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// A scalar as kubectl's YAML→JSON conversion types it.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// `null`, `~`, `Null`, empty.
    Null,
    /// YAML 1.1 booleans: `y yes on true` / `n no off false` in any of their spellings.
    Bool(bool),
    /// Integers (decimal, `0x`, `0o`, `0b`, leading-zero octal, underscores ignored).
    Int(i128),
    /// Floats (`1.5`, `1e3`, `.5`, `08`, `.inf`).
    Float(f64),
    /// Everything else, and every quoted or block scalar.
    Str(String),
}

impl Scalar {
    /// The JSON kind name Go's `encoding/json` uses in `cannot unmarshal <kind> into …`.
    pub fn json_kind(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "bool",
            Scalar::Int(_) | Scalar::Float(_) => "number",
            Scalar::Str(_) => "string",
        }
    }
    /// The JSON text of a number, as Go's `json.Marshal` writes it.
    pub fn number_text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => go_float(*f),
            _ => String::new(),
        }
    }
}

const TRUE: &[&str] = &["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"];
const FALSE: &[&str] =
    &["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"];
const NULL: &[&str] = &["~", "null", "Null", "NULL"];

/// Resolves a scalar the way go-yaml v2 does when decoding into `interface{}`.
pub fn resolve(value: &str, style: Style, tag: Option<&str>) -> Scalar {
    if style != Style::Plain || tag.is_some_and(|t| t.ends_with(":str")) {
        return Scalar::Str(value.to_string());
    }
    if value.is_empty() || NULL.contains(&value) {
        return Scalar::Null;
    }
    if TRUE.contains(&value) {
        return Scalar::Bool(true);
    }
    if FALSE.contains(&value) {
        return Scalar::Bool(false);
    }
    match value {
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let first = value.as_bytes()[0];
    if first == b'.' {
        if let Some(f) = go_parse_float(value) {
            return Scalar::Float(f);
        }
        return Scalar::Str(value.to_string());
    }
    if !(first.is_ascii_digit() || first == b'+' || first == b'-') {
        return Scalar::Str(value.to_string());
    }
    if let Some(date) = date_only(value) {
        return Scalar::Str(date);
    }
    let plain: String = value.chars().filter(|&c| c != '_').collect();
    if let Some(i) = go_parse_int(&plain) {
        return Scalar::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Some(f) = go_parse_float(&plain) {
            return Scalar::Float(f);
        }
    }
    Scalar::Str(value.to_string())
}

/// `strconv.ParseInt(s, 0, 64)` falling back to `ParseUint(s, 0, 64)`: sign, then `0x`, `0o`,
/// `0b` or a leading `0` (octal) prefix.
fn go_parse_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) =
        if let Some(d) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (16, d)
        } else if let Some(d) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
            (8, d)
        } else if let Some(d) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (2, d)
        } else if body.len() > 1 && body.starts_with('0') {
            (8, &body[1..])
        } else {
            (10, body)
        };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = u128::from_str_radix(digits, radix).ok()?;
    if neg {
        // ParseInt: down to i64::MIN.
        if v > (i64::MAX as u128) + 1 {
            return None;
        }
        Some(-(v as i128))
    } else if v <= u64::MAX as u128 {
        Some(v as i128)
    } else {
        None
    }
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - s
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

fn go_parse_float(s: &str) -> Option<f64> {
    s.parse::<f64>().ok()
}

/// `YYYY-M-D` → RFC 3339 midnight UTC, as go-yaml v2 + JSON produce it.
fn date_only(s: &str) -> Option<String> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || !(1..=2).contains(&m.len())
        || !(1..=2).contains(&d.len())
    {
        return None;
    }
    if ![y, m, d].iter().all(|p| p.bytes().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (mn, dn): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&mn) || !(1..=31).contains(&dn) {
        return None;
    }
    Some(format!("{y}-{mn:02}-{dn:02}T00:00:00Z"))
}

/// A float as Go's `json.Marshal` prints it (exponent form below 1e-6 and from 1e21).
pub fn go_float(f: f64) -> String {
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        }
    } else {
        format!("{f}")
    }
}

/// Why a plain scalar that YAML 1.1 typed as non-string was probably meant as a string, for
/// the "quote it" hint. `None` when the scalar was quoted.
pub fn quote_hint(raw: &str, resolved: &Scalar) -> Option<String> {
    let why = match resolved {
        Scalar::Bool(b) => format!("`{raw}` is the boolean {b} in YAML 1.1, which kubectl uses"),
        Scalar::Int(i)
            if raw.trim_start_matches(['+', '-']).starts_with('0')
                && raw.len() > 1
                && raw.trim_start_matches(['+', '-']).len() > 1 =>
        {
            format!("YAML 1.1 reads `{raw}` as the number {i}")
        }
        Scalar::Int(_) | Scalar::Float(_) => format!("`{raw}` is a number in YAML"),
        Scalar::Null => format!("`{raw}` is null in YAML"),
        Scalar::Str(_) => return None,
    };
    Some(format!("{why}; quote it: `\"{raw}\"`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Scalar {
        resolve(s, Style::Plain, None)
    }

    #[test]
    fn yaml11_booleans_and_numbers_resolve_like_go_yaml_v2() {
        assert_eq!(r("no"), Scalar::Bool(false));
        assert_eq!(r("on"), Scalar::Bool(true));
        assert_eq!(r("Y"), Scalar::Bool(true));
        assert_eq!(r("010"), Scalar::Int(8));
        assert_eq!(r("0x1F"), Scalar::Int(31));
        assert_eq!(r("1_000"), Scalar::Int(1000));
        assert_eq!(r("0b101"), Scalar::Int(5));
        assert_eq!(r("08"), Scalar::Float(8.0));
        assert_eq!(r("1e3"), Scalar::Float(1000.0));
        assert_eq!(r(".5"), Scalar::Float(0.5));
        assert_eq!(r("~"), Scalar::Null);
        assert_eq!(r("sleep"), Scalar::Str("sleep".into()));
        assert_eq!(r("100m"), Scalar::Str("100m".into()));
        assert_eq!(r("1.2.3"), Scalar::Str("1.2.3".into()));
        assert_eq!(r("-"), Scalar::Str("-".into()));
        assert_eq!(resolve("no", Style::DoubleQuoted, None), Scalar::Str("no".into()));
        assert_eq!(
            resolve("010", Style::Plain, Some("tag:yaml.org,2002:str")),
            Scalar::Str("010".into())
        );
    }

    #[test]
    fn go_float_formatting_matches_json_marshal() {
        assert_eq!(go_float(1.5), "1.5");
        assert_eq!(go_float(8.0), "8");
        assert_eq!(go_float(1e21), "1e+21");
    }
}
