//! ↑/↓ recall of submitted console lines (bash's history with `ignoreboth`).

/// ↑/↓ command history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
    cursor: usize,
}

impl History {
    /// Most commands remembered (older ones are dropped).
    pub const MAX: usize = 500;
    /// Records a submitted line (blank lines and immediate repeats are not recorded, as bash's
    /// `ignoreboth`) and resets the cursor past the newest entry.
    pub fn push(&mut self, line: &str) {
        let l = line.trim();
        if !l.is_empty() && self.entries.last().map(String::as_str) != Some(l) {
            self.entries.push(l.to_string());
            if self.entries.len() > Self::MAX {
                self.entries.remove(0);
            }
        }
        self.cursor = self.entries.len();
    }
    /// ↑: the previous entry (stays on the oldest).
    pub fn older(&mut self) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        self.cursor = self.cursor.saturating_sub(1);
        self.entries.get(self.cursor).map(String::as_str)
    }
    /// ↓: the next entry, or `None` (an empty prompt) past the newest.
    pub fn newer(&mut self) -> Option<&str> {
        if self.cursor < self.entries.len() {
            self.cursor += 1;
        }
        self.entries.get(self.cursor).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_recalls_without_duplicates() {
        let mut h = History::default();
        h.push("kubectl get pods");
        h.push("kubectl get pods");
        h.push("kubectl logs p");
        assert_eq!(h.older(), Some("kubectl logs p"));
        assert_eq!(h.older(), Some("kubectl get pods"));
        assert_eq!(h.older(), Some("kubectl get pods"));
        assert_eq!(h.newer(), Some("kubectl logs p"));
        assert_eq!(h.newer(), None);
    }
}
