//! YAML syntax highlighting for the editor overlay, as plain data: the text is split into lines of
//! [`Piece`]s (a kind plus the characters it covers). The editor builds one text node per piece,
//! so learner text never becomes HTML (reliability.md R4).
//!
//! This is a *highlighter*, not a parser: it colours what a reader expects (keys, strings,
//! numbers, comments, block scalars) line by line and never fails. Syntax errors are admission's
//! job; the editor marks them with [`Mark`]s on top of the highlighting.

/// What a piece of text is, for colouring. The CSS class is `tok-` + [`Tok::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// Indentation, spaces and anything unclassified.
    Plain,
    /// A mapping key (`name` in `name: web`).
    Key,
    /// Structure: `:`, `- `, `[`, `]`, `{`, `}`, `,`.
    Punct,
    /// A quoted string or a block scalar's content.
    Str,
    /// A number.
    Num,
    /// `true`, `false`, `null`, `~` and YAML 1.1's `yes`/`no`/`on`/`off` (the Norway problem).
    Kw,
    /// A comment.
    Comment,
    /// Document markers, anchors, aliases, tags and block-scalar indicators.
    Meta,
}

impl Tok {
    /// The CSS modifier for this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Tok::Plain => "plain",
            Tok::Key => "key",
            Tok::Punct => "punct",
            Tok::Str => "str",
            Tok::Num => "num",
            Tok::Kw => "kw",
            Tok::Comment => "comment",
            Tok::Meta => "meta",
        }
    }
}

/// A run of characters of one kind on one line, plus whether a diagnostic covers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The characters.
    pub text: String,
    /// Their kind.
    pub kind: Tok,
    /// Whether a diagnostic's range covers them (drawn with a wavy underline).
    pub marked: bool,
}

/// A diagnostic's range in 1-based line / column terms (columns count characters, end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// First line.
    pub line: u32,
    /// First column.
    pub column: u32,
    /// Last line (inclusive).
    pub end_line: u32,
    /// Column after the range on `end_line`.
    pub end_column: u32,
}

impl From<&crate::engine::diag::Diagnostic> for Mark {
    /// A diagnostic's range (a range that ends before it starts ends on its first line).
    fn from(d: &crate::engine::diag::Diagnostic) -> Mark {
        Mark {
            line: d.line,
            column: d.column,
            end_line: d.end_line.max(d.line),
            end_column: d.end_column,
        }
    }
}

/// One highlighted line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Its pieces, covering the whole line in order (no newline).
    pub pieces: Vec<Piece>,
}

/// Lines longer than this many characters are not highlighted (see [`highlight`]).
pub const LONG_LINE: usize = 500;

/// Highlights `text` and marks the ranges of `marks`. There is always at least one line, and
/// there are exactly as many lines as the textarea shows (a trailing newline opens a last line).
pub fn highlight(text: &str, marks: &[Mark]) -> Vec<Line> {
    let mut block: Option<usize> = None; // indentation of the key that opened a block scalar
    text.split('\n')
        .enumerate()
        .map(|(i, raw)| {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let chars: Vec<char> = line.chars().collect();
            // A pasted monster line (`{a: ` × 16 000) would become tens of thousands of spans
            // and freeze the page; real manifests never have such lines, so show it plain (marks
            // still split it, into at most three pieces).
            let kinds = if chars.len() > LONG_LINE {
                vec![Tok::Plain; chars.len()]
            } else {
                classify(&chars, &mut block)
            };
            Line { pieces: merge(&chars, &kinds, i as u32 + 1, marks) }
        })
        .collect()
}

fn indent_of(chars: &[char]) -> usize {
    chars.iter().take_while(|c| **c == ' ').count()
}

/// One kind per character of the line.
fn classify(chars: &[char], block: &mut Option<usize>) -> Vec<Tok> {
    let n = chars.len();
    let mut k = vec![Tok::Plain; n];
    let ind = indent_of(chars);
    let blank = ind == n;
    if let Some(parent) = *block {
        if blank || ind > parent {
            k[ind..].fill(Tok::Str);
            return k;
        }
        *block = None;
    }
    let mut i = ind;
    if ind == 0
        && n >= 3
        && (chars[..3] == ['-', '-', '-'] || chars[..3] == ['.', '.', '.'])
        && (n == 3 || chars[3] == ' ')
    {
        k[..3].fill(Tok::Meta);
        i = 3;
    }
    // Sequence markers, possibly nested (`- - a`).
    while i < n && chars[i] == '-' && (i + 1 == n || chars[i + 1] == ' ') {
        k[i] = Tok::Punct;
        i += 1;
        while i < n && chars[i] == ' ' {
            i += 1;
        }
    }
    if i < n && chars[i] == '#' {
        k[i..].fill(Tok::Comment);
        return k;
    }
    // A key: a plain or quoted scalar followed by `:` and a space or the line's end.
    if let Some(colon) = find_key_colon(chars, i) {
        k[i..colon].fill(Tok::Key);
        k[colon] = Tok::Punct;
        i = colon + 1;
    }
    value(chars, i, &mut k, ind, block);
    k
}

/// The index of the `:` that ends a mapping key starting at `i`, if the line has one.
fn find_key_colon(chars: &[char], i: usize) -> Option<usize> {
    let n = chars.len();
    if i >= n {
        return None;
    }
    let mut j = i;
    match chars[i] {
        '"' | '\'' => {
            j = skip_quoted(chars, i);
            if j < n && chars[j] == ':' && (j + 1 == n || chars[j + 1] == ' ') {
                return Some(j);
            }
            return None;
        }
        '[' | '{' | '&' | '*' | '!' | '|' | '>' | '#' => return None,
        _ => {}
    }
    while j < n {
        if chars[j] == ':' && (j + 1 == n || chars[j + 1] == ' ') {
            return Some(j);
        }
        if chars[j] == '#' && j > 0 && chars[j - 1] == ' ' {
            return None;
        }
        j += 1;
    }
    None
}

/// The index just after a quoted scalar starting at `i` (or the line's end if unterminated).
fn skip_quoted(chars: &[char], i: usize) -> usize {
    let q = chars[i];
    let mut j = i + 1;
    while j < chars.len() {
        if q == '"' && chars[j] == '\\' {
            j += 2;
            continue;
        }
        if chars[j] == q {
            if q == '\'' && chars.get(j + 1) == Some(&'\'') {
                j += 2; // '' is an escaped quote in single-quoted scalars
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    chars.len()
}

/// Classifies the value part of a line, from `i` to the end.
fn value(chars: &[char], mut i: usize, k: &mut [Tok], ind: usize, block: &mut Option<usize>) {
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if c == ' ' {
            i += 1;
        } else if c == '#' && (i == 0 || chars[i - 1] == ' ') {
            k[i..].fill(Tok::Comment);
            return;
        } else if c == '"' || c == '\'' {
            let j = skip_quoted(chars, i);
            k[i..j].fill(Tok::Str);
            i = j;
        } else if matches!(c, '[' | ']' | '{' | '}' | ',') {
            k[i] = Tok::Punct;
            i += 1;
        } else if c == ':' && (i + 1 == n || chars[i + 1] == ' ') {
            k[i] = Tok::Punct; // a key inside a flow mapping
            i += 1;
        } else {
            // A plain scalar (or anchor/alias/tag/indicator) up to a comment or flow indicator.
            let in_flow =
                k[..i].iter().zip(chars).any(|(t, c)| *t == Tok::Punct && matches!(c, '[' | '{'));
            let mut j = i;
            while j < n {
                let d = chars[j];
                if d == '#' && j > i && chars[j - 1] == ' ' {
                    break;
                }
                if in_flow && matches!(d, ',' | ']' | '}') {
                    break;
                }
                if in_flow && d == ':' && (j + 1 == n || chars[j + 1] == ' ') {
                    break;
                }
                j += 1;
            }
            let mut end = j;
            while end > i && chars[end - 1] == ' ' {
                end -= 1;
            }
            let word: String = chars[i..end].iter().collect();
            let kind = scalar_kind(&word);
            if kind == Tok::Meta && (word.starts_with('|') || word.starts_with('>')) {
                *block = Some(ind);
            }
            k[i..end].fill(kind);
            i = j;
        }
    }
}

/// The kind of a plain scalar's text.
fn scalar_kind(w: &str) -> Tok {
    let is_indicator = |w: &str| {
        let mut c = w.chars();
        matches!(c.next(), Some('|' | '>')) && c.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
    };
    if w.starts_with('&') || w.starts_with('*') || w.starts_with('!') || is_indicator(w) {
        return Tok::Meta;
    }
    // YAML 1.1 booleans too: serde_yaml follows 1.2, kubectl's decoder 1.1 (reliability.md §1.9).
    const KW: [&str; 14] = [
        "true", "false", "null", "~", "yes", "no", "on", "off", "True", "False", "Null", "TRUE",
        "FALSE", "NULL",
    ];
    if KW.contains(&w) {
        return Tok::Kw;
    }
    let digits = w.strip_prefix(['-', '+']).unwrap_or(w);
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && digits.chars().any(|c| c.is_ascii_digit())
    {
        return Tok::Num;
    }
    Tok::Plain
}

/// Whether column `col` (1-based) of `line` is inside any mark.
fn marked(line: u32, col: u32, marks: &[Mark]) -> bool {
    marks.iter().any(|m| {
        let after_start = line > m.line || (line == m.line && col >= m.column);
        let before_end =
            line < m.end_line || (line == m.end_line && col < m.end_column.max(m.column + 1));
        after_start && before_end
    })
}

/// Joins equal neighbouring characters into pieces.
fn merge(chars: &[char], kinds: &[Tok], line: u32, marks: &[Mark]) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (i, (c, kind)) in chars.iter().zip(kinds).enumerate() {
        let m = marked(line, i as u32 + 1, marks);
        match out.last_mut() {
            Some(p) if p.kind == *kind && p.marked == m => p.text.push(*c),
            _ => out.push(Piece { text: c.to_string(), kind: *kind, marked: m }),
        }
    }
    // A mark pointing just past the end of a line (e.g. "unexpected end of line") still shows:
    // an underlined space after the text.
    if marked(line, chars.len() as u32 + 1, marks) {
        out.push(Piece { text: " ".into(), kind: Tok::Plain, marked: true });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_monster_line_stays_a_few_pieces() {
        let text = "{a: ".repeat(16_000);
        let mark = Mark { line: 1, column: 513, end_line: 1, end_column: 514 };
        let lines = highlight(&text, &[mark]);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].pieces.len() <= 3, "{} pieces", lines[0].pieces.len());
        assert!(lines[0].pieces.iter().any(|p| p.marked));
    }

    fn kinds(line: &Line) -> Vec<(String, Tok)> {
        line.pieces
            .iter()
            .filter(|p| p.text.trim() != "")
            .map(|p| (p.text.trim().to_string(), p.kind))
            .collect()
    }

    #[test]
    fn keys_values_and_sequence_markers_are_told_apart() {
        let l = highlight("  - name: init-a", &[]);
        assert_eq!(
            kinds(&l[0]),
            vec![
                ("-".into(), Tok::Punct),
                ("name".into(), Tok::Key),
                (":".into(), Tok::Punct),
                ("init-a".into(), Tok::Plain)
            ]
        );
    }

    #[test]
    fn flow_sequences_of_strings_and_numbers_are_coloured() {
        let l = highlight(r#"command: ["sh", "-c", 'echo A'] # run"#, &[]);
        let k = kinds(&l[0]);
        assert_eq!(k[0], ("command".into(), Tok::Key));
        assert!(k.contains(&("\"sh\"".into(), Tok::Str)));
        assert!(k.contains(&("'echo A'".into(), Tok::Str)));
        assert_eq!(k.last().unwrap(), &("# run".into(), Tok::Comment));
        let n = highlight("containerPort: 80\nenabled: yes", &[]);
        assert_eq!(kinds(&n[0])[2], ("80".into(), Tok::Num));
        assert_eq!(kinds(&n[1])[2], ("yes".into(), Tok::Kw));
    }

    #[test]
    fn block_scalar_lines_are_strings_until_the_indentation_returns() {
        let l = highlight("script: |\n  echo a: b\n  # not a comment\nnext: 1", &[]);
        assert_eq!(kinds(&l[0])[2], ("|".into(), Tok::Meta));
        assert_eq!(kinds(&l[1]), vec![("echo a: b".into(), Tok::Str)]);
        assert_eq!(kinds(&l[2]), vec![("# not a comment".into(), Tok::Str)]);
        assert_eq!(kinds(&l[3])[0], ("next".into(), Tok::Key));
    }

    #[test]
    fn line_count_matches_the_textarea_including_a_trailing_newline() {
        assert_eq!(highlight("", &[]).len(), 1);
        assert_eq!(highlight("a: 1\n", &[]).len(), 2);
    }

    #[test]
    fn pieces_reassemble_to_the_exact_text() {
        let text = "apiVersion: v1\nkind: Pod # c\n  - [a, {b: c}]\n\t\"x\": 'y''z'\n  ünïcode: ✓";
        let joined: Vec<String> = highlight(text, &[])
            .iter()
            .map(|l| l.pieces.iter().map(|p| p.text.as_str()).collect())
            .collect();
        assert_eq!(joined.join("\n"), text);
    }

    #[test]
    fn a_mark_underlines_its_columns_and_a_point_past_the_end() {
        let m = Mark { line: 1, column: 7, end_line: 1, end_column: 9 };
        let l = highlight("kind: Pod", &[m]);
        let marked: String =
            l[0].pieces.iter().filter(|p| p.marked).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, "Po");
        let past = Mark { line: 1, column: 4, end_line: 1, end_column: 5 };
        let l = highlight("a: ", &[past]);
        assert!(l[0].pieces.last().unwrap().marked);
    }
}
