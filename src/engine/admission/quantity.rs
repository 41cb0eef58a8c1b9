//! Resource quantities (`100m`, `0.5`, `64Mi`, `1G`, `1e3`) parsed as apimachinery's
//! `resource.ParseQuantity` parses them, with its error texts, and printed back in canonical
//! form (`Quantity.String()`) for validation messages.
//!
//! Entry points: [`parse`], [`canonical`].
//!
//! Simplification: values are kept as thousandths rounded up (`MilliValue`), so the canonical
//! form of a quantity finer than `1m` (`100u`, `5n`) prints as the rounded milli value.

use crate::engine::model::Quantity;

/// `resource.ErrFormatWrong`.
pub const ERR_FORMAT: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// `resource.ErrNumeric`.
pub const ERR_NUMERIC: &str = "unable to parse numeric part of quantity";
/// `resource.ErrSuffix`.
pub const ERR_SUFFIX: &str = "unable to parse quantity's suffix";

/// How a quantity was written, which decides how it prints back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `Ki`, `Mi`, … (powers of 1024).
    BinarySI,
    /// `m`, `k`, `M`, … or no suffix.
    DecimalSI,
    /// `e3`, `E6`.
    DecimalExponent,
}

/// Parses a quantity string. Errors are apimachinery's texts.
pub fn parse(s: &str) -> Result<(Quantity, Format), &'static str> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(ERR_FORMAT);
    }
    let mut i = 0;
    let mut negative = false;
    if b[0] == b'+' || b[0] == b'-' {
        negative = b[0] == b'-';
        i = 1;
    }
    let num_start = i;
    let mut int_digits = String::new();
    let mut frac_digits = String::new();
    let mut seen_dot = false;
    while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b'.' && !seen_dot)) {
        if b[i] == b'.' {
            seen_dot = true;
        } else if seen_dot {
            frac_digits.push(b[i] as char);
        } else {
            int_digits.push(b[i] as char);
        }
        i += 1;
    }
    if i == num_start {
        return Err(ERR_FORMAT);
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(ERR_NUMERIC);
    }
    // Suffix: letters from [eEinumkKMGTP], then an optional signed exponent.
    let suf_start = i;
    while i < b.len() && b"eEinumkKMGTP".contains(&b[i]) {
        i += 1;
    }
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i != b.len() {
        return Err(ERR_FORMAT);
    }
    let suffix = &s[suf_start..];
    let (base, exp, format): (i128, i32, Format) = match suffix {
        "" => (10, 0, Format::DecimalSI),
        "n" => (10, -9, Format::DecimalSI),
        "u" => (10, -6, Format::DecimalSI),
        "m" => (10, -3, Format::DecimalSI),
        "k" => (10, 3, Format::DecimalSI),
        "M" => (10, 6, Format::DecimalSI),
        "G" => (10, 9, Format::DecimalSI),
        "T" => (10, 12, Format::DecimalSI),
        "P" => (10, 15, Format::DecimalSI),
        "E" => (10, 18, Format::DecimalSI),
        "Ki" => (2, 10, Format::BinarySI),
        "Mi" => (2, 20, Format::BinarySI),
        "Gi" => (2, 30, Format::BinarySI),
        "Ti" => (2, 40, Format::BinarySI),
        "Pi" => (2, 50, Format::BinarySI),
        "Ei" => (2, 60, Format::BinarySI),
        _ => match suffix.strip_prefix(['e', 'E']).and_then(|e| e.parse::<i32>().ok()) {
            Some(e) => (10, e, Format::DecimalExponent),
            None => return Err(ERR_SUFFIX),
        },
    };
    // Exact value = mantissa × 10^-frac × base^exp; milli = ceil(value × 1000). Overflow
    // saturates: such values are far beyond anything a node has.
    let digits = format!("{int_digits}{frac_digits}");
    let digits = digits.trim_start_matches('0');
    let mantissa: i128 = if digits.is_empty() {
        0
    } else if digits.len() > 36 {
        i128::MAX / 4
    } else {
        digits.parse().unwrap_or(i128::MAX / 4)
    };
    let frac = frac_digits.len() as i32;
    let (mut num, mut den): (i128, i128) = (mantissa.saturating_mul(1000), 1);
    let mut pow10 = -frac;
    if base == 10 {
        pow10 += exp;
    } else {
        num = num.saturating_mul(1i128.checked_shl(exp as u32).unwrap_or(i128::MAX));
    }
    if pow10 >= 0 {
        for _ in 0..pow10.min(40) {
            num = num.saturating_mul(10);
        }
    } else {
        for _ in 0..(-pow10).min(40) {
            den = den.saturating_mul(10);
        }
    }
    let mut milli = if den == 0 { 0 } else { num / den + i128::from(num % den != 0) };
    if negative {
        milli = -milli;
    }
    Ok((Quantity { text: s.to_string(), milli }, format))
}

/// `Quantity.String()`: the canonical form Kubernetes prints (`0.5` → `500m`, `1024Mi` → `1Gi`).
pub fn canonical(q: &Quantity) -> String {
    let format = parse(&q.text).map(|(_, f)| f).unwrap_or(Format::DecimalSI);
    let m = q.milli;
    if m == 0 {
        return "0".into();
    }
    let sign = if m < 0 { "-" } else { "" };
    let a = m.unsigned_abs();
    if !a.is_multiple_of(1000) {
        return format!("{sign}{a}m");
    }
    let v = a / 1000;
    match format {
        Format::BinarySI if v >= 1024 => {
            const S: [&str; 6] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            for k in (1..=6u32).rev() {
                let unit = 1u128 << (10 * k);
                if v.is_multiple_of(unit) {
                    return format!("{sign}{}{}", v / unit, S[k as usize - 1]);
                }
            }
            decimal(sign, v, false)
        }
        Format::DecimalExponent => decimal(sign, v, true),
        _ => decimal(sign, v, false),
    }
}

fn decimal(sign: &str, v: u128, exponent: bool) -> String {
    const S: [&str; 6] = ["k", "M", "G", "T", "P", "E"];
    for k in (1..=6u32).rev() {
        let unit = 1000u128.pow(k);
        if v.is_multiple_of(unit) {
            return if exponent {
                format!("{sign}{}e{}", v / unit, 3 * k)
            } else {
                format!("{sign}{}{}", v / unit, S[k as usize - 1])
            };
        }
    }
    format!("{sign}{v}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milli(s: &str) -> i128 {
        parse(s).map(|(q, _)| q.milli).unwrap_or(-1)
    }

    #[test]
    fn quantities_parse_as_kubernetes_parses_them() {
        assert_eq!(milli("100m"), 100);
        assert_eq!(milli("0.5"), 500);
        assert_eq!(milli("1"), 1000);
        assert_eq!(milli("64Mi"), 64 * 1024 * 1024 * 1000);
        assert_eq!(milli("1G"), 1_000_000_000_000);
        assert_eq!(milli("1e3"), 1_000_000);
        assert_eq!(milli("1.5Gi"), 1610612736000);
        assert_eq!(milli("100u"), 1, "MilliValue rounds up");
        assert_eq!(milli(".5"), 500);
    }

    #[test]
    fn bad_quantities_get_apimachinery_errors() {
        assert_eq!(parse("100MB").unwrap_err(), ERR_FORMAT);
        assert_eq!(parse("1.2.3").unwrap_err(), ERR_FORMAT);
        assert_eq!(parse("").unwrap_err(), ERR_FORMAT);
        assert_eq!(parse("abc").unwrap_err(), ERR_FORMAT);
        assert_eq!(parse("1K").unwrap_err(), ERR_SUFFIX);
        assert_eq!(parse("1mi").unwrap_err(), ERR_SUFFIX);
        assert_eq!(parse(".").unwrap_err(), ERR_NUMERIC);
    }

    #[test]
    fn canonical_form_matches_quantity_string() {
        let c = |s: &str| canonical(&parse(s).unwrap().0);
        assert_eq!(c("0.5"), "500m");
        assert_eq!(c("2"), "2");
        assert_eq!(c("1000m"), "1");
        assert_eq!(c("1024Mi"), "1Gi");
        assert_eq!(c("1000"), "1k");
        assert_eq!(c("64Mi"), "64Mi");
    }
}
