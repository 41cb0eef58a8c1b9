//! The emitters: `kubectl -o yaml` (go-yaml v2 block style, via sigs.k8s.io/yaml) and
//! `kubectl -o json` (`json.MarshalIndent`), over a [`Node`] tree.

use super::Node;
use crate::engine::sort::sort_by;

// ---------------------------------------------------------------------------------------------
// YAML emitter (go-yaml v2 block style)
// ---------------------------------------------------------------------------------------------

/// go-yaml v2's `best_width`: plain and quoted scalars are folded at the first space past it.
const BEST_WIDTH: usize = 80;

/// Emits a tree as `kubectl -o yaml` does.
pub fn to_yaml(n: &Node) -> String {
    let mut out = String::new();
    match n {
        Node::Map(m) if !m.is_empty() => emit_map(&mut out, m, 0),
        Node::Seq(v) if !v.is_empty() => emit_seq(&mut out, v, 0),
        other => {
            out.push_str(&scalar_inline(other, 0, 0, false));
            out.push('\n');
        }
    }
    out
}

fn sorted(m: &[(String, Node)]) -> Vec<&(String, Node)> {
    let mut v: Vec<&(String, Node)> = m.iter().collect();
    sort_by(&mut v, |a, b| a.0.cmp(&b.0));
    v
}

fn pad(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// Writes a mapping whose keys start at column `indent`. The first key's indentation may already
/// be on the line (after `- `), which the caller signals by having written it.
fn emit_map(out: &mut String, m: &[(String, Node)], indent: usize) {
    for (i, (k, v)) in sorted(m).into_iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            pad(out, indent);
        }
        let key = scalar_text(k, indent, indent, true);
        out.push_str(&key);
        out.push(':');
        emit_value(out, v, indent, indent + key.chars().count() + 1);
    }
}

/// Writes the value after `key:` (or after `-`); `col` is the column right after the indicator.
fn emit_value(out: &mut String, v: &Node, indent: usize, col: usize) {
    match v {
        Node::Map(m) if m.is_empty() => out.push_str(" {}\n"),
        Node::Seq(s) if s.is_empty() => out.push_str(" []\n"),
        Node::Map(m) => {
            out.push('\n');
            emit_map(out, m, indent + 2);
        }
        Node::Seq(s) => {
            out.push('\n');
            // go-yaml v2 writes a mapping's sequences "indentless": dashes at the key's column.
            emit_seq(out, s, indent);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar_inline(other, col + 1, indent + 2, false));
            out.push('\n');
        }
    }
}

fn emit_seq(out: &mut String, items: &[Node], indent: usize) {
    for item in items {
        pad(out, indent);
        match item {
            Node::Map(m) if !m.is_empty() => {
                out.push_str("- ");
                emit_map(out, m, indent + 2);
            }
            Node::Seq(s) if !s.is_empty() => {
                out.push_str("-\n");
                emit_seq(out, s, indent + 2);
            }
            other => {
                out.push('-');
                emit_value(out, other, indent, indent + 1);
            }
        }
    }
}

fn scalar_inline(n: &Node, col: usize, indent: usize, key: bool) -> String {
    match n {
        Node::Str(s) => scalar_text(s, col, indent, key),
        Node::Int(i) => i.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".into(),
        Node::Map(_) => "{}".into(),
        Node::Seq(_) => "[]".into(),
    }
}

/// Whether go-yaml v2's resolver would read this plain text as something other than a string
/// (then the encoder double-quotes it).
fn resolves_to_non_string(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "y",
        "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
        ".nan", ".NaN", ".NAN", "<<",
    ];
    if WORDS.contains(&s) {
        return true;
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return false;
    }
    let plain = s.replace('_', "");
    let body = plain.trim_start_matches(['-', '+']);
    if body.is_empty() {
        return false;
    }
    let is_int = body.bytes().all(|b| b.is_ascii_digit())
        || (body.starts_with("0x")
            && body.len() > 2
            && body[2..].bytes().all(|b| b.is_ascii_hexdigit()))
        || (body.starts_with("0b")
            && body.len() > 2
            && body[2..].bytes().all(|b| b == b'0' || b == b'1'))
        || (body.starts_with("0o")
            && body.len() > 2
            && body[2..].bytes().all(|b| (b'0'..=b'7').contains(&b)));
    let is_float = body.parse::<f64>().is_ok()
        && body.bytes().all(|b| {
            b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'-' || b == b'+'
        });
    // YAML timestamps: 2006-01-02, optionally with a time part.
    let b = s.as_bytes();
    let is_timestamp = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && s[5..].starts_with(|c: char| c.is_ascii_digit());
    // Base-60 floats (`1:20`), which YAML 1.1 resolves as numbers.
    let is_base60 = body.contains(':')
        && body
            .split(':')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    is_int || is_float || is_timestamp || is_base60
}

struct Analysis {
    plain: bool,
    single: bool,
    block: bool,
    multiline: bool,
}

/// libyaml's `yaml_emitter_analyze_scalar`, block context.
fn analyze(s: &str, key: bool) -> Analysis {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut a = Analysis { plain: true, single: true, block: true, multiline: false };
    if s.starts_with("---") || s.starts_with("...") {
        a.plain = false;
    }
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break, mut special) = (false, false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    let mut block_ind = false;
    for (i, &c) in chars.iter().enumerate() {
        let next_ws = i + 1 >= n || chars[i + 1] == ' ' || chars[i + 1] == '\n';
        let preceded_ws = i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '\n';
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                block_ind = true;
            }
            if (c == '?' || c == ':' || c == '-') && next_ws {
                block_ind = true;
            }
        } else if (c == ':' && next_ws) || (c == '#' && preceded_ws) {
            block_ind = true;
        }
        let printable = c == '\n'
            || (c >= ' '
                && c != '\u{7f}'
                && !('\u{80}'..='\u{9f}').contains(&c)
                && c != '\u{feff}'
                && c != '\u{fffe}'
                && c != '\u{ffff}');
        if !printable {
            special = true;
        }
        if c == '\n' {
            a.multiline = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if c == '\n' {
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
    }
    if leading_space || leading_break || trailing_space || trailing_break {
        a.plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.plain = false;
        a.single = false;
    }
    if space_break || special {
        a.plain = false;
        a.single = false;
        a.block = false;
    }
    if a.multiline {
        a.plain = false;
    }
    if block_ind {
        a.plain = false;
    }
    if key {
        a.block = false;
    }
    a
}

/// A string scalar in the style go-yaml v2 picks, starting at column `col`, continuation lines at
/// `indent`. Keys (`key`) are never folded or written as blocks.
fn scalar_text(s: &str, col: usize, indent: usize, key: bool) -> String {
    let a = analyze(s, key);
    let allow_breaks = !key;
    if resolves_to_non_string(s) {
        return double_quoted(s, col, indent, allow_breaks);
    }
    if a.multiline && a.block {
        return literal(s, indent);
    }
    if a.plain && !a.multiline {
        return folded_plain(s, col, indent, allow_breaks);
    }
    if a.single && !a.multiline {
        return single_quoted(s, col, indent, allow_breaks);
    }
    double_quoted(s, col, indent, allow_breaks)
}

fn folded_plain(s: &str, col: usize, indent: usize, allow_breaks: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut column = col;
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if allow_breaks && !prev_space && column > BEST_WIDTH && !next_space {
                out.push('\n');
                pad(&mut out, indent);
                column = indent;
            } else {
                out.push(c);
                column += 1;
            }
            prev_space = true;
        } else {
            out.push(c);
            column += 1;
            prev_space = false;
        }
    }
    out
}

fn single_quoted(s: &str, col: usize, indent: usize, allow_breaks: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("'");
    let mut column = col + 1;
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if allow_breaks
                && !prev_space
                && column > BEST_WIDTH
                && i != 0
                && i + 1 != chars.len()
                && !next_space
            {
                out.push('\n');
                pad(&mut out, indent);
                column = indent;
            } else {
                out.push(c);
                column += 1;
            }
            prev_space = true;
        } else {
            if c == '\'' {
                out.push('\'');
                column += 1;
            }
            out.push(c);
            column += 1;
            prev_space = false;
        }
    }
    out.push('\'');
    out
}

fn double_quoted(s: &str, col: usize, indent: usize, allow_breaks: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::from("\"");
    let mut column = col + 1;
    let mut prev_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            if allow_breaks && !prev_space && column > BEST_WIDTH && i != 0 && i + 1 != chars.len()
            {
                out.push('\n');
                pad(&mut out, indent);
                column = indent;
                if chars.get(i + 1) == Some(&' ') {
                    out.push('\\');
                    column += 1;
                }
            } else {
                out.push(' ');
                column += 1;
            }
            prev_space = true;
            continue;
        }
        prev_space = false;
        let esc: Option<String> = match c {
            '\0' => Some("\\0".into()),
            '\u{7}' => Some("\\a".into()),
            '\u{8}' => Some("\\b".into()),
            '\t' => Some("\\t".into()),
            '\n' => Some("\\n".into()),
            '\u{b}' => Some("\\v".into()),
            '\u{c}' => Some("\\f".into()),
            '\r' => Some("\\r".into()),
            '\u{1b}' => Some("\\e".into()),
            '"' => Some("\\\"".into()),
            '\\' => Some("\\\\".into()),
            '\u{85}' => Some("\\N".into()),
            '\u{a0}' => Some("\\_".into()),
            '\u{2028}' => Some("\\L".into()),
            '\u{2029}' => Some("\\P".into()),
            c if (c as u32) < 0x20 || c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) => {
                Some(format!("\\x{:02X}", c as u32))
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => Some(format!("\\u{:04X}", c as u32)),
            _ => None,
        };
        match esc {
            Some(e) => {
                column += e.chars().count();
                out.push_str(&e);
            }
            None => {
                out.push(c);
                column += 1;
            }
        }
    }
    out.push('"');
    out
}

fn literal(s: &str, indent: usize) -> String {
    let mut out = String::from("|");
    if s.starts_with(' ') || s.starts_with('\n') {
        out.push('2'); // indentation indicator = best_indent
    }
    if !s.ends_with('\n') {
        out.push('-');
    } else if s.len() == 1 || s[..s.len() - 1].ends_with('\n') {
        out.push('+');
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(&mut out, indent);
            out.push_str(line);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// JSON emitter
// ---------------------------------------------------------------------------------------------

/// Emits a tree as `kubectl -o json` does (`json.MarshalIndent(obj, "", "    ")`, keys sorted,
/// HTML-escaped), with the trailing newline kubectl adds.
pub fn to_json(n: &Node) -> String {
    let mut out = String::new();
    json_value(&mut out, n, 0);
    out.push('\n');
    out
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_value(out: &mut String, n: &Node, depth: usize) {
    let ind = |out: &mut String, d: usize| {
        for _ in 0..d {
            out.push_str("    ");
        }
    };
    match n {
        Node::Map(m) if m.is_empty() => out.push_str("{}"),
        Node::Seq(v) if v.is_empty() => out.push_str("[]"),
        Node::Map(m) => {
            out.push_str("{\n");
            let entries = sorted(m);
            for (i, (k, v)) in entries.iter().enumerate() {
                ind(out, depth + 1);
                json_string(out, k);
                out.push_str(": ");
                json_value(out, v, depth + 1);
                if i + 1 < entries.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            ind(out, depth);
            out.push('}');
        }
        Node::Seq(v) => {
            out.push_str("[\n");
            for (i, x) in v.iter().enumerate() {
                ind(out, depth + 1);
                json_value(out, x, depth + 1);
                if i + 1 < v.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            ind(out, depth);
            out.push(']');
        }
        Node::Str(s) => json_string(out, s),
        Node::Int(i) => out.push_str(&i.to_string()),
        Node::Bool(b) => out.push_str(&b.to_string()),
        Node::Null => out.push_str("null"),
    }
}
#[cfg(test)]
mod tests {
    use super::super::{s, strs, M};
    use super::*;

    #[test]
    fn strings_are_quoted_the_way_go_yaml_v2_quotes_them() {
        let n = M::new()
            .put("a", s("True"))
            .put("b", s("2026-01-01T00:00:00Z"))
            .put("c", s(""))
            .put("d", s("containers with unready status: [app]"))
            .put("e", s("busybox:1.36"))
            .put("f", s("80"))
            .put("g", s("-c"))
            .put("h", s("- x"))
            .put("i", s("it's"))
            .put("j", s("tab\there"))
            .done();
        assert_eq!(
            to_yaml(&n),
            "a: \"True\"\nb: \"2026-01-01T00:00:00Z\"\nc: \"\"\nd: 'containers with unready status: [app]'\ne: busybox:1.36\nf: \"80\"\ng: -c\nh: '- x'\ni: it's\nj: \"tab\\there\"\n"
        );
    }

    #[test]
    fn sequences_in_mappings_are_not_indented_and_keys_are_sorted() {
        let n = M::new()
            .put(
                "spec",
                M::new()
                    .put(
                        "containers",
                        Node::Seq(vec![M::new()
                            .put("name", s("app"))
                            .put("command", strs(&["sh".into(), "-c".into()]))
                            .done()]),
                    )
                    .done(),
            )
            .put("apiVersion", s("v1"))
            .done();
        assert_eq!(to_yaml(&n), "apiVersion: v1\nspec:\n  containers:\n  - command:\n    - sh\n    - -c\n    name: app\n");
    }

    #[test]
    fn multi_line_strings_become_literal_blocks() {
        let n = M::new().put("c", strs(&["echo a\necho b".into(), "x\n".into()])).done();
        assert_eq!(to_yaml(&n), "c:\n- |-\n  echo a\n  echo b\n- |\n  x\n");
    }

    #[test]
    fn long_strings_fold_at_the_first_space_past_column_80() {
        let msg = "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.";
        let n = M::new()
            .put(
                "conditions",
                Node::Seq(vec![M::new()
                    .put("message", s(msg))
                    .put("lastProbeTime", Node::Null)
                    .done()]),
            )
            .done();
        assert_eq!(
            to_yaml(&n),
            "conditions:\n- lastProbeTime: null\n  message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are\n    available: 1 No preemption victims found for incoming pod.'\n"
        );
    }

    #[test]
    fn json_is_indented_by_four_sorted_and_html_escaped() {
        let n = M::new()
            .put("b", Node::Seq(vec![Node::Int(1)]))
            .put("a", s("<h1>"))
            .put("c", Node::Map(vec![]))
            .done();
        assert_eq!(to_json(&n), "{\n    \"a\": \"\\u003ch1\\u003e\",\n    \"b\": [\n        1\n    ],\n    \"c\": {}\n}\n");
    }
}
