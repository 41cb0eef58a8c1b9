//! The story a syntax error tells the learner: where a quote that swallowed lines opened, how a
//! line's indent compares with the lines above, a `key:value` missing its space.

/// A quoted scalar that opened on one line and closed on a later one.
pub(super) struct SpanningQuote {
    /// `"` or `'`.
    pub(super) quote: char,
    /// Where it opened (1-based line, column in characters).
    pub(super) line: u32,
    pub(super) column: u32,
    /// The line it closed on (1-based).
    pub(super) closed_on: u32,
}

/// The quoted scalar, if any, that opened on an earlier line and closed on line `err_line`
/// (1-based): the usual shape of a missing closing quote, whose string swallowed the lines in
/// between. Tracks quotes as `prescan` does (a quote starts a scalar after a space, an indicator
/// or a line start; `#` after a space starts a comment), and skips block scalars (`|`, `>`),
/// whose quotes are literal.
pub(super) fn swallowing_quote(text: &str, err_line: usize) -> Option<SpanningQuote> {
    let indent = |l: &str| l.chars().take_while(|&c| c == ' ').count();
    let mut open: Option<(char, u32, u32)> = None;
    let mut block: Option<usize> = None;
    for (i, line) in text.lines().enumerate().take(err_line) {
        let n = i as u32 + 1;
        if open.is_none() {
            if let Some(parent) = block {
                if line.trim().is_empty() || indent(line) > parent {
                    continue;
                }
                block = None;
            }
        }
        let mut prev = '\n';
        let mut escaped = false;
        let mut comment = false;
        for (col, c) in line.chars().enumerate() {
            match open {
                Some(('"', ..)) if escaped => escaped = false,
                Some(('"', ..)) if c == '\\' => escaped = true,
                Some((q, ol, oc)) if c == q => {
                    open = None;
                    if ol < n && n as usize == err_line {
                        return Some(SpanningQuote {
                            quote: q,
                            line: ol,
                            column: oc,
                            closed_on: n,
                        });
                    }
                }
                Some(_) => {}
                None if c == '#' && matches!(prev, ' ' | '\t' | '\n') => comment = true,
                None if comment => {}
                None if matches!(c, '"' | '\'')
                    && matches!(prev, ' ' | '\t' | '[' | '{' | ',' | ':' | '-' | '\n') =>
                {
                    open = Some((c, n, col as u32 + 1));
                }
                None => {}
            }
            if !comment {
                prev = c;
            }
        }
        if open.is_none() && !comment {
            let t = line.trim_end();
            let value =
                t.rsplit_once(": ").map(|(_, v)| v).or_else(|| t.trim_start().strip_prefix("- "));
            if value.is_some_and(|v| {
                let v = v.trim();
                v.starts_with(['|', '>'])
                    && v[1..].chars().all(|c| matches!(c, '+' | '-' | '0'..='9'))
            }) {
                block = Some(indent(line));
            }
        }
    }
    None
}

/// Explains a wrong indent: the indentation of line `l0` (0-based) against the indentations used
/// by the lines above it.
pub(super) fn indent_story(text: &str, l0: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.chars().take_while(|&c| c == ' ').count();
    pub(super) fn meaningful(l: &str) -> bool {
        !l.trim().is_empty() && !l.trim_start().starts_with('#')
    }
    let Some(line) = lines.get(l0).filter(|l| meaningful(l)) else {
        return "a line here is indented differently from the lines before it (a list item or key at the wrong indent?)".into();
    };
    let mine = indent(line);
    let mut used: Vec<usize> =
        lines[..l0.min(lines.len())].iter().filter(|l| meaningful(l)).map(|l| indent(l)).collect();
    used.sort_unstable();
    used.dedup();
    if used.contains(&mine) {
        return format!("line {} (indented by {mine}) does not fit the block above it: check that a list item starts with `- ` and that keys of one mapping line up", l0 + 1);
    }
    let shown: Vec<String> = used.iter().map(usize::to_string).collect();
    format!(
        "line {} is indented by {mine} spaces, which matches no line above it (they use {}): a list item or key at the wrong indent",
        l0 + 1,
        shown.join(", ")
    )
}

/// `key:value` with no space after the colon (outside quotes) at the start of a line.
pub(super) fn missing_space_key(line: &str) -> Option<String> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let end = t.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))?;
    if end == 0 {
        return None;
    }
    let rest = &t[end..];
    let after = rest.strip_prefix(':')?;
    match after.chars().next() {
        Some(c) if c != ' ' && c != '\t' => {
            Some(t.split_whitespace().next().unwrap_or(t).to_string())
        }
        _ => None,
    }
}

pub(super) fn char_at(text: &str, line0: u32, col0: u32) -> Option<char> {
    let (mut line, mut col) = (0u32, 0u32);
    let mut prev_cr = false;
    for c in text.chars() {
        if line == line0 && col == col0 && !matches!(c, '\n' | '\r') {
            return Some(c);
        }
        match c {
            '\n' if prev_cr => {}
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                line += 1;
                col = 0;
            }
            _ => col += 1,
        }
        prev_cr = c == '\r';
        if line > line0 {
            return None;
        }
    }
    None
}
