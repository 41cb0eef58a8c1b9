//! Event wording the kubelet uses (`pkg/kubelet/events`, reference §1.10), in one place so the
//! printers, the lessons and the tests agree.

/// `status.message` and the `DeadlineExceeded` event of `activeDeadlineSeconds`.
pub const DEADLINE_MESSAGE: &str = "Pod was active on the node longer than the specified deadline";

/// `Created` event (v1.33/v1.34 wording, with the colon).
pub fn created(name: &str) -> String {
    format!("Created container: {name}")
}
