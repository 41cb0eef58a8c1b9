//! Editor keystrokes as pure text edits: Tab / Shift-Tab indenting with spaces, Enter keeping
//! the indentation, and line/column ↔ offset conversion for "click a diagnostic, go there".
//!
//! Offsets are in **UTF-16 code units**, because that is what a `<textarea>`'s `selectionStart`
//! and `selectionEnd` count; lines and columns are 1-based and count characters, like
//! [`crate::engine::diag::Span`].

/// Typing pause after which the editors save the draft and recompute diagnostics. Short enough
/// to feel live; long enough not to re-parse on every key of a burst.
pub const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(150);

/// Spaces per indentation step. Two is what Kubernetes documentation and `kubectl` output use.
pub const INDENT: usize = 2;

/// Replace the UTF-16 range `start..end` with `insert`, then select `sel_start..sel_end` (both
/// in the *new* text). The editor applies it with `execCommand("insertText")` so native undo keeps
/// working.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Start of the replaced range.
    pub start: usize,
    /// End of the replaced range.
    pub end: usize,
    /// The replacement.
    pub insert: String,
    /// Selection start after the edit.
    pub sel_start: usize,
    /// Selection end after the edit.
    pub sel_end: usize,
}

impl Edit {
    /// Applies the edit to `text` (what the browser does), for tests and the fallback path.
    pub fn apply(&self, text: &str) -> String {
        let (a, b) = (byte_at(text, self.start), byte_at(text, self.end));
        format!("{}{}{}", &text[..a], self.insert, &text[b..])
    }
}

fn u16len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// The byte index of UTF-16 offset `off` (clamped to the text, and never inside a character).
pub fn byte_at(text: &str, off: usize) -> usize {
    let mut units = 0;
    for (b, c) in text.char_indices() {
        if units >= off {
            return b;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// The UTF-16 offset of byte index `b`.
fn units_at(text: &str, b: usize) -> usize {
    u16len(&text[..b.min(text.len())])
}

/// Byte range of the whole lines touched by the byte range `a..b` (without the final newline).
fn line_block(text: &str, a: usize, b: usize) -> (usize, usize) {
    let start = text[..a].rfind('\n').map_or(0, |i| i + 1);
    // A selection ending right at the start of a line does not include that line.
    let b_eff = if b > a && text[..b].ends_with('\n') { b - 1 } else { b };
    let end = text[b_eff..].find('\n').map_or(text.len(), |i| b_eff + i);
    (start, end)
}

/// Tab: with a caret, pad to the next indentation stop; with a selection, indent every touched
/// line by [`INDENT`] spaces.
pub fn indent(text: &str, sel_start: usize, sel_end: usize) -> Edit {
    let (a, b) = (byte_at(text, sel_start), byte_at(text, sel_end.max(sel_start)));
    if a == b {
        let line_start = text[..a].rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..a].chars().count();
        let pad = " ".repeat(INDENT - col % INDENT);
        let n = pad.chars().count();
        return Edit {
            start: sel_start,
            end: units_at(text, b),
            insert: pad,
            sel_start: sel_start + n,
            sel_end: sel_start + n,
        };
    }
    let (ls, le) = line_block(text, a, b);
    let block: Vec<String> = text[ls..le]
        .split('\n')
        .map(|l| if l.is_empty() { String::new() } else { format!("{}{l}", " ".repeat(INDENT)) })
        .collect();
    let insert = block.join("\n");
    let s = units_at(text, ls);
    Edit { start: s, end: units_at(text, le), sel_start: s, sel_end: s + u16len(&insert), insert }
}

/// Shift-Tab: remove up to [`INDENT`] leading spaces from every touched line. `None` when no
/// line has any to remove (nothing to undo, so no edit).
pub fn outdent(text: &str, sel_start: usize, sel_end: usize) -> Option<Edit> {
    let (a, b) = (byte_at(text, sel_start), byte_at(text, sel_end.max(sel_start)));
    let (ls, le) = line_block(text, a, b);
    let mut removed_first = 0;
    let mut changed = false;
    let lines: Vec<&str> = text[ls..le].split('\n').collect();
    let out: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let k = l.chars().take(INDENT).take_while(|c| *c == ' ').count();
            if i == 0 {
                removed_first = k;
            }
            changed |= k > 0;
            &l[k..]
        })
        .collect();
    if !changed {
        return None;
    }
    let insert = out.join("\n");
    let s = units_at(text, ls);
    if sel_start == sel_end {
        // Keep the caret where it was relative to the text, never before the line start.
        let caret = sel_start.saturating_sub(removed_first).max(s);
        return Some(Edit {
            start: s,
            end: units_at(text, le),
            insert,
            sel_start: caret,
            sel_end: caret,
        });
    }
    Some(Edit {
        start: s,
        end: units_at(text, le),
        sel_start: s,
        sel_end: s + u16len(&insert),
        insert,
    })
}

/// Enter: a newline plus the current line's indentation (and one more step after a `key:` that
/// opens a block, or a `- ` item's content column).
pub fn newline(text: &str, sel_start: usize, sel_end: usize) -> Edit {
    let a = byte_at(text, sel_start);
    let line_start = text[..a].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..a];
    let mut ind = before.chars().take_while(|c| *c == ' ').count();
    let trimmed = before.trim_end();
    let rest = trimmed.trim_start();
    if rest.starts_with("- ") {
        ind += 2; // continue inside the sequence item's mapping
    }
    if trimmed.ends_with(':') || trimmed.ends_with('|') || trimmed.ends_with('>') {
        ind += INDENT;
    }
    let insert = format!("\n{}", " ".repeat(ind));
    let n = u16len(&insert);
    Edit {
        start: sel_start,
        end: sel_end.max(sel_start),
        insert,
        sel_start: sel_start + n,
        sel_end: sel_start + n,
    }
}

/// The UTF-16 offset of 1-based `line` / `column` (column counts characters), clamped to the text.
pub fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut off = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let col: usize =
                l.chars().take(column.saturating_sub(1) as usize).map(char::len_utf16).sum();
            return off + col;
        }
        off += u16len(l) + 1;
    }
    u16len(text)
}

/// The 1-based line and column of UTF-16 offset `off`.
pub fn line_col(text: &str, off: usize) -> (u32, u32) {
    let b = byte_at(text, off);
    let before = &text[..b];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, col)
}

/// The rows and columns a textarea needs to show all of `text` without scrolling (the editor
/// grows to fit its text, and its box scrolls). Columns are capped: a pasted multi-megabyte line
/// would otherwise make the browser lay out a textarea millions of columns wide (such lines
/// scroll inside the textarea instead).
pub fn fit(text: &str) -> (usize, usize) {
    let rows = text.split('\n').count();
    let widest = text.split('\n').map(|l| l.chars().count()).max().unwrap_or(0);
    (rows, widest.min(4 * crate::ui::highlight::LONG_LINE) + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_textarea_fits_its_text_up_to_a_width_cap() {
        assert_eq!(fit("a: 1\nbb: 22\n"), (3, 8));
        assert_eq!(fit(""), (1, 2));
        assert_eq!(fit(&"x".repeat(100_000)), (1, 4 * crate::ui::highlight::LONG_LINE + 2));
    }

    #[test]
    fn tab_at_a_caret_pads_to_the_next_stop() {
        let e = indent("a:\nb", 3, 3);
        assert_eq!(e.apply("a:\nb"), "a:\n  b");
        assert_eq!((e.sel_start, e.sel_end), (5, 5));
        let e = indent(" x", 1, 1);
        assert_eq!(e.apply(" x"), "  x");
    }

    #[test]
    fn tab_over_lines_indents_each_and_keeps_them_selected() {
        let t = "a: 1\nb: 2\n\nc: 3";
        let e = indent(t, 0, t.len());
        assert_eq!(e.apply(t), "  a: 1\n  b: 2\n\n  c: 3");
        assert_eq!((e.sel_start, e.sel_end), (0, 21));
    }

    #[test]
    fn shift_tab_outdents_and_does_nothing_when_flush() {
        let t = "x:\n    y: 1\n   z: 2";
        let e = outdent(t, 5, 18).unwrap();
        assert_eq!(e.apply(t), "x:\n  y: 1\n z: 2");
        assert!(outdent("a: 1", 2, 2).is_none());
        let e = outdent("  ab", 3, 3).unwrap();
        assert_eq!((e.apply("  ab"), e.sel_start), ("ab".to_string(), 1));
    }

    #[test]
    fn enter_keeps_indentation_and_opens_blocks() {
        let t = "spec:\n  containers:";
        let e = newline(t, t.len(), t.len());
        assert_eq!(e.insert, "\n    ");
        let t = "  - name: a";
        assert_eq!(newline(t, t.len(), t.len()).insert, "\n    ");
    }

    #[test]
    fn offsets_count_utf16_units_and_columns_count_characters() {
        let t = "é: 😀x\nb: 2";
        // 😀 is two UTF-16 units but one column.
        assert_eq!(offset_of(t, 1, 5), 5);
        assert_eq!(line_col(t, 5), (1, 5));
        assert_eq!(offset_of(t, 2, 1), 7);
        assert_eq!(line_col(t, 7), (2, 1));
        assert_eq!(offset_of(t, 99, 1), t.encode_utf16().count());
        assert_eq!(byte_at(t, 4), "é: 😀".len()); // an offset inside 😀 never splits it
    }
}
