//! Durations as kubectl prints them: apimachinery's `HumanDuration` (ages) and Go's
//! `time.Duration.String()` (back-off messages such as `back-off 1m20s`).

use crate::engine::time::Millis;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
