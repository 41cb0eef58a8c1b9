//! Virtual time. The engine never reads a wall clock (`Instant::now` panics on wasm32): every
//! instant is a [`Millis`] since the first `kubectl apply` of a scenario.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Sub};

/// Milliseconds of virtual time since the scenario started (t = 0 is the first apply).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Millis(pub u64);

impl Millis {
    /// Zero: the instant of the first apply.
    pub const ZERO: Millis = Millis(0);
    /// Whole seconds.
    pub const fn from_secs(s: u64) -> Millis {
        Millis(s * 1000)
    }
    /// Seconds as a float (for JSON output and display).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
    /// `self - earlier`, or zero if `earlier` is later.
    pub fn saturating_sub(self, earlier: Millis) -> Millis {
        Millis(self.0.saturating_sub(earlier.0))
    }
}

impl Add for Millis {
    type Output = Millis;
    fn add(self, o: Millis) -> Millis {
        Millis(self.0.saturating_add(o.0))
    }
}

impl Sub for Millis {
    type Output = Millis;
    fn sub(self, o: Millis) -> Millis {
        self.saturating_sub(o)
    }
}

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

/// The wall-clock instant that virtual t = 0 stands for, used wherever Kubernetes prints an
/// absolute timestamp (`startedAt`, `-o yaml`). Fixed so output is byte-for-byte reproducible.
pub const EPOCH_RFC3339: &str = "2026-01-01T00:00:00Z";

/// Formats a virtual instant as an RFC 3339 UTC timestamp, counted from [`EPOCH_RFC3339`].
pub fn rfc3339(t: Millis) -> String {
    let secs = t.0 / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // Days since 2026-01-01 → civil date (Howard Hinnant's days_from_civil, inverted).
    let z = days as i64 + 20_454 + 719_468; // 20454 = days from 1970-01-01 to 2026-01-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if mo <= 2 { 1 } else { 0 };
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

/// serde helper: writes a virtual instant as Kubernetes writes timestamps (RFC 3339).
pub fn ser_rfc3339<S: serde::Serializer>(t: &Millis, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*t))
}

/// serde helper for `Option<Millis>` fields written as RFC 3339.
pub fn ser_opt_rfc3339<S: serde::Serializer>(t: &Option<Millis>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(*t)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_counts_from_the_fixed_epoch() {
        assert_eq!(rfc3339(Millis::ZERO), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(Millis::from_secs(3661)), "2026-01-01T01:01:01Z");
        assert_eq!(rfc3339(Millis::from_secs(86_400 * 59)), "2026-03-01T00:00:00Z");
    }
}
