//! Virtual time. The engine never reads a wall clock (`Instant::now` panics on wasm32): every
//! instant is a [`Millis`] since the first `kubectl apply` of a scenario.
//!
//! Also the one place durations are formatted: apimachinery's `HumanDuration` (kubectl's AGE
//! and RESTARTS columns, [`human_duration`]) and Go's `time.Duration.String()` (the kubelet's
//! `back-off 1m20s` and pull times, [`go_duration`], [`go_duration_ms`]). A leaf module: the
//! kubelet and kubectl both use it, and it uses neither.

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

// ---------------------------------------------------------------------------------------------
// Durations as Kubernetes prints them (the kubelet in its messages, kubectl in its columns)
// ---------------------------------------------------------------------------------------------

/// apimachinery `duration.HumanDuration`: `95s`, `3m20s`, `45m`, `5h10m`, `30h`, `3d4h`, `120d`.
pub fn human_duration(d: Millis) -> String {
    let secs = d.0 / 1000;
    if secs < 1 && d.0 > 0 {
        // HumanDuration prints sub-second ages as "0s" only for negative; kubectl shows "0s".
        return "0s".into(); // HumanDuration rounds down to whole seconds
    }
    let minutes = secs / 60;
    let hours = secs / 3600;
    if secs < 60 * 2 {
        format!("{secs}s")
    } else if minutes < 10 {
        let s = secs % 60;
        if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        }
    } else if hours < 3 {
        format!("{minutes}m")
    } else if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        }
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let (days, h) = (hours / 24, hours % 24);
        if h == 0 {
            format!("{days}d")
        } else {
            format!("{days}d{h}h")
        }
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let years = hours / 24 / 365;
        let days = hours / 24 % 365;
        if days == 0 {
            format!("{years}y")
        } else {
            format!("{years}y{days}d")
        }
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

/// Go's `time.Duration.String()` for whole seconds: `10s`, `1m20s`, `5m0s`, `1h0m0s`.
pub fn go_duration(d: Millis) -> String {
    let secs = d.0 / 1000;
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

/// Go's `time.Duration.String()` for a pull time in milliseconds: `1.234s`, `500ms`.
pub fn go_duration_ms(ms: u64) -> String {
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let frac = ms % 1000;
    let (m, s) = (secs / 60, secs % 60);
    let s_txt = if frac == 0 {
        format!("{s}s")
    } else {
        format!("{s}.{}s", format!("{frac:03}").trim_end_matches('0'))
    };
    if m > 0 {
        format!("{m}m{s_txt}")
    } else {
        s_txt
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

    #[test]
    fn ages_read_like_kubectl() {
        let s = Millis::from_secs;
        assert_eq!(human_duration(s(0)), "0s");
        assert_eq!(human_duration(s(95)), "95s");
        assert_eq!(human_duration(s(180)), "3m");
        assert_eq!(human_duration(s(200)), "3m20s");
        assert_eq!(human_duration(s(45 * 60)), "45m");
        assert_eq!(human_duration(s(5 * 3600 + 600)), "5h10m");
        assert_eq!(human_duration(s(30 * 3600)), "30h");
        assert_eq!(human_duration(s(76 * 3600)), "3d4h");
    }

    #[test]
    fn backoff_messages_use_go_durations() {
        let s = Millis::from_secs;
        assert_eq!(go_duration(s(10)), "10s");
        assert_eq!(go_duration(s(80)), "1m20s");
        assert_eq!(go_duration(s(300)), "5m0s");
    }

    #[test]
    fn pull_times_print_like_go_durations() {
        assert_eq!(go_duration_ms(500), "500ms");
        assert_eq!(go_duration_ms(1234), "1.234s");
        assert_eq!(go_duration_ms(2500), "2.5s");
        assert_eq!(go_duration_ms(3000), "3s");
        assert_eq!(go_duration_ms(61_500), "1m1.5s");
    }
}
