//! Go's `text/tabwriter`, the column aligner behind every kubectl table.
//!
//! kubectl uses it with two settings, and the difference shows:
//! - [`TabWriter::describe`]: `describe` (`tabbedString`: minwidth 0, padding 2), so
//!   `Name:` … `IP:` line up two spaces past the widest label of their block;
//! - [`TabWriter::table`]: `get` tables (cli-runtime `GetNewTabWriter`: minwidth 6, padding 3),
//!   so `READY` is followed by three spaces.
//!
//! The algorithm is Go's, not "pad every column to its widest cell": text is split into cells at
//! `\t`; the last cell of a line is not tab-terminated and never aligned; a *column block* is a run
//! of consecutive lines that all have a cell in that column, and each block is as wide as its own
//! widest cell plus the padding. A line without a tab therefore ends every block, which is why
//! `IPs:` (no tab) separates the `Name:` block from the `  IP:` block in `kubectl describe pod`.
//! Widths are counted in Unicode scalar values, as Go counts runes.
//!
//! [`TabWriter::remember_widths`] is the `RememberWidths` flag of the tabwriter fork kubectl
//! uses for `get -w`: column widths never shrink between flushes, so later watch rows stay
//! aligned with (or grow past) the header printed earlier.

/// A buffered Go-style tabwriter. Write text with `\t` cell separators and `\n` line ends, then
/// [`TabWriter::flush`] to get the aligned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    remember: bool,
    remembered: Vec<usize>,
    pending: String,
    out: String,
}

impl TabWriter {
    /// Go `tabwriter.NewWriter(out, minwidth, _, padding, ' ', 0)`. (The tab width only matters
    /// when padding with tabs, which kubectl never does.)
    pub fn new(minwidth: usize, padding: usize) -> TabWriter {
        TabWriter {
            minwidth,
            padding,
            remember: false,
            remembered: Vec::new(),
            pending: String::new(),
            out: String::new(),
        }
    }
    /// The writer `kubectl describe` uses (`tabbedString`: minwidth 0, padding 2).
    pub fn describe() -> TabWriter {
        TabWriter::new(0, 2)
    }
    /// The writer `kubectl get` uses for tables (minwidth 6, padding 3).
    pub fn table() -> TabWriter {
        TabWriter::new(6, 3)
    }
    /// Turns on `RememberWidths` (used by `kubectl get -w`).
    pub fn remember_widths(mut self) -> TabWriter {
        self.remember = true;
        self
    }
    /// Appends text.
    pub fn write(&mut self, s: &str) {
        self.pending.push_str(s);
    }
    /// Formats everything written since the last flush (Go's `Flush`): blocks never continue
    /// across a flush, which is how `describe` starts the Events table with fresh widths.
    pub fn flush(&mut self) {
        let text = std::mem::take(&mut self.pending);
        if text.is_empty() {
            return;
        }
        let mut lines: Vec<Vec<&str>> = Vec::new();
        let ends_with_newline = text.ends_with('\n');
        let body = if ends_with_newline { &text[..text.len() - 1] } else { &text[..] };
        for line in body.split('\n') {
            lines.push(line.split('\t').collect());
        }
        let mut widths: Vec<usize> = Vec::new();
        let mut rendered = vec![String::new(); lines.len()];
        self.format(&lines, 0, lines.len(), &mut widths, &mut rendered);
        for (i, r) in rendered.iter().enumerate() {
            self.out.push_str(r);
            if i + 1 < lines.len() || ends_with_newline {
                self.out.push('\n');
            }
        }
    }
    /// Flushes and returns all formatted text.
    pub fn finish(mut self) -> String {
        self.flush();
        self.out
    }
    /// Flushes and takes the formatted text so far, keeping remembered widths (for `-w`).
    pub fn take(&mut self) -> String {
        self.flush();
        std::mem::take(&mut self.out)
    }

    /// Go's recursive `format`: find column blocks left to right, fix each block's width, then
    /// format the columns to its right within the block.
    fn format(
        &mut self,
        lines: &[Vec<&str>],
        line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        out: &mut [String],
    ) {
        let column = widths.len();
        let mut this = line0;
        let mut start = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            // The block starts here: lines before it are finished with the current widths.
            self.write_lines(lines, start, this, widths, out);
            start = this;
            let mut width = self.minwidth;
            while this < line1 && column + 1 < lines[this].len() {
                width = width.max(lines[this][column].chars().count() + self.padding);
                this += 1;
            }
            if self.remember {
                if let Some(w) = self.remembered.get(column) {
                    width = width.max(*w);
                }
                if self.remembered.len() <= column {
                    self.remembered.resize(column + 1, 0);
                }
                self.remembered[column] = width;
            }
            widths.push(width);
            self.format(lines, start, this, widths, out);
            widths.pop();
            start = this;
        }
        self.write_lines(lines, start, line1, widths, out);
    }

    fn write_lines(
        &self,
        lines: &[Vec<&str>],
        line0: usize,
        line1: usize,
        widths: &[usize],
        out: &mut [String],
    ) {
        for i in line0..line1 {
            let mut s = String::new();
            for (j, cell) in lines[i].iter().enumerate() {
                s.push_str(cell);
                if j < widths.len() && j + 1 < lines[i].len() {
                    let w = cell.chars().count();
                    for _ in w..widths[j] {
                        s.push(' ');
                    }
                }
            }
            out[i] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe_text(text: &str) -> String {
        let mut w = TabWriter::describe();
        w.write(text);
        w.finish()
    }

    fn table_text(text: &str) -> String {
        let mut w = TabWriter::table();
        w.write(text);
        w.finish()
    }

    #[test]
    fn blocks_end_at_lines_without_tabs() {
        let s = describe_text("Name:\tp\nService Account:\tdefault\nIPs:\n  IP:\t10.0.0.1\n");
        assert_eq!(s, "Name:             p\nService Account:  default\nIPs:\n  IP:  10.0.0.1\n");
    }

    #[test]
    fn tables_use_three_spaces_and_a_minimum_width_of_six() {
        let s = table_text("NAME\tREADY\tSTATUS\nnginx\t1/1\tRunning\n");
        assert_eq!(s, "NAME    READY   STATUS\nnginx   1/1     Running\n");
        assert_eq!(table_text("A\tB\nx\ty\n"), "A     B\nx     y\n");
    }

    #[test]
    fn trailing_cells_are_not_padded_but_empty_leading_cells_are() {
        let s = describe_text("Labels:\ta=b\n\tc=d\n");
        assert_eq!(s, "Labels:  a=b\n         c=d\n");
    }

    #[test]
    fn widths_are_counted_in_characters_not_bytes() {
        assert_eq!(describe_text("é\tx\nab\ty\n"), "é   x\nab  y\n");
    }

    #[test]
    fn remembered_widths_never_shrink_between_flushes() {
        let mut w = TabWriter::table().remember_widths();
        w.write("NAME\tSTATUS\tAGE\np\tPodInitializing\t1s\n");
        let first = w.take();
        w.write("p\tRunning\t2s\n");
        let second = w.take();
        assert_eq!(first, "NAME   STATUS            AGE\np      PodInitializing   1s\n");
        assert_eq!(second, "p      Running           2s\n");
    }
}
