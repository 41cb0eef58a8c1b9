//! Event wording the kubelet uses (`pkg/kubelet/events`, reference §1.10), in one place so the
//! printers, the lessons and the tests agree.

/// `status.message` and the `DeadlineExceeded` event of `activeDeadlineSeconds`.
pub const DEADLINE_MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

/// `Created` event (v1.33/v1.34 wording, with the colon).
pub fn created(name: &str) -> String {
    format!("Created container: {name}")
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
    fn pull_times_print_like_go_durations() {
        assert_eq!(go_duration_ms(500), "500ms");
        assert_eq!(go_duration_ms(1234), "1.234s");
        assert_eq!(go_duration_ms(2500), "2.5s");
        assert_eq!(go_duration_ms(3000), "3s");
        assert_eq!(go_duration_ms(61_500), "1m1.5s");
    }
}
