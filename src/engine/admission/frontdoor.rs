//! The one front door for YAML (reliability.md R1/R2): size cap → BOM strip → byte pre-scan
//! (control characters, NBSP-style indentation, flow nesting) → libyaml **event walk** that
//! builds a spanned node tree per document, reporting syntax errors with their position, scalar
//! styles, duplicate keys, merge keys, the alias-expansion budget and the nesting budget.
//!
//! Entry point: [`read_stream`]. Nothing here knows about Kubernetes; [`super::decode`] does.
//!
//! Why not serde_yaml: it hides spans and scalar styles (needed for the YAML 1.1 hints), stops at
//! the first unknown field, loops forever after a syntax error in its multi-document iterator
//! (trap T1) and bounds alias *jumps* rather than expanded size (§1.2). The walk below uses the
//! same parser (unsafe-libyaml) serde_yaml uses, so it accepts and rejects exactly the same text.
//!
//! Aliases are shared (`Rc`), not copied: building the tree is O(events) whatever the aliases
//! say, and the *expanded* size is computed from memoised node sizes and checked against the
//! budget before anything walks the tree.

use crate::engine::diag::{Diagnostic, Severity, Span};
use crate::engine::limits::{
    ALIAS_EVENT_FACTOR, ALIAS_MIN_BUDGET, K8S_BODY_LIMIT, MAX_DEPTH, MAX_DOCS, MAX_SPEC_BYTES,
};
use std::collections::HashMap;
use std::rc::Rc;
use unsafe_libyaml as unsafe_yaml;
mod libyaml;
use libyaml::*;
mod story;
use story::*;

pub use super::resolve::Style;

/// A YAML node with its source range.
#[derive(Debug)]
pub struct Node {
    /// What the node holds.
    pub kind: NodeKind,
    /// Where it was written (for an alias: where the anchored node was written).
    pub span: Span,
    /// Number of nodes in the fully expanded subtree (saturating), for the alias budget.
    pub size: usize,
    /// Levels of nesting below this node after alias expansion (a scalar has 0), so an alias
    /// cannot smuggle nesting past the depth budget (which would overflow the decoder's stack).
    pub height: usize,
}

/// The content of a [`Node`].
#[derive(Debug)]
pub enum NodeKind {
    /// A scalar with its style and explicit tag (`!!str`), if any.
    Scalar {
        /// The scalar's text after YAML unescaping.
        value: String,
        /// How it was quoted.
        style: Style,
        /// An explicit tag, as libyaml expands it (`tag:yaml.org,2002:str`).
        tag: Option<String>,
    },
    /// A sequence.
    Seq(Vec<Rc<Node>>),
    /// A mapping after merge keys are applied and duplicates removed (last one wins, as kubectl).
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping; `key` is already converted to the string kubectl's YAML→JSON
/// conversion would use (`yes:` → `"true"`).
#[derive(Debug, Clone)]
pub struct Entry {
    /// The key text as JSON would have it.
    pub key: String,
    /// Where the key was written.
    pub key_span: Span,
    /// The value.
    pub value: Rc<Node>,
}

impl Node {
    /// The mapping entries, if this is a mapping.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(e) => Some(e),
            _ => None,
        }
    }
    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Rc<Node>> {
        self.entries()?.iter().find(|e| e.key == key).map(|e| &e.value)
    }
}

/// One YAML document of the stream.
#[derive(Debug)]
pub struct Document {
    /// 0-based index in the stream (empty documents count, as in the source).
    pub index: usize,
    /// The root node; `None` for an empty document (skipped, as kubectl skips it).
    pub root: Option<Rc<Node>>,
    /// The document's range.
    pub span: Span,
}

/// What the front door produced: the documents parsed so far and the diagnostics. When
/// `fatal` is set, the text after the first bad point was not parsed (kubectl stops there too).
#[derive(Debug, Default)]
pub struct Stream {
    /// Documents completely parsed before any fatal error.
    pub documents: Vec<Document>,
    /// Front-door diagnostics (errors, duplicate-key warnings, notes).
    pub diagnostics: Vec<Diagnostic>,
    /// The kubectl text for a fatal error (`error: error parsing …`), when there is one.
    pub fatal: Option<String>,
    /// libyaml events read: the walk's fuel, O(input bytes).
    pub events: usize,
    /// Nodes that alias expansion would add (what the alias budget bounds).
    pub alias_nodes: usize,
}

/// Maps byte offsets to 1-based line/column as the editor's gutter counts them ([`editor_walk`]),
/// columns counted in characters.
pub struct LineIndex<'a> {
    text: &'a str,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        LineIndex { text }
    }
    /// 1-based (line, column) of byte offset `at` (clamped to the text).
    pub fn position(&self, at: usize) -> (u32, u32) {
        let mut pos = (0, 0);
        for (i, line, col) in editor_walk(self.text) {
            pos = (line, col);
            if i >= at {
                break;
            }
        }
        (pos.0.saturating_add(1), pos.1.saturating_add(1))
    }
}

/// Reads a YAML stream through the front door.
pub fn read_stream(text: &str) -> Stream {
    let mut out = Stream::default();
    // 1. Size cap, before anything else touches the text (R2).
    if text.len() > MAX_SPEC_BYTES {
        let msg = format!(
            "This spec is {}; podlab accepts up to {} KiB ({MAX_SPEC_BYTES} bytes). (A real API server accepts up to 3 MiB: `Request entity too large: limit is {K8S_BODY_LIMIT}`.)",
            human_size(text.len()),
            MAX_SPEC_BYTES / 1024,
        );
        out.diagnostics.push(Diagnostic::new(Severity::Error, msg.clone(), "", Span::point(1, 1)));
        out.fatal = Some(format!("error: {msg}"));
        return out;
    }
    // 2. A leading BOM is stripped (trap T2). Columns of line 1 then start after it, which is
    //    what an editor shows (the BOM is invisible).
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines = LineIndex::new(body);
    // 3. Pre-scan.
    if let Some(d) = prescan(body, &lines) {
        out.fatal = Some(format!("error: {}", d.message));
        out.diagnostics.push(d);
        return out;
    }
    // 4. Event walk.
    Walker::new(body, &mut out).run();
    out
}

fn human_size(n: usize) -> String {
    // Just over the cap, "64.0 KiB" would read as within it: give bytes below 1 MiB.
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{n} bytes")
    }
}

/// Whitespace look-alikes that people paste from web pages into indentation (trap T3).
fn lookalike_space(c: char) -> bool {
    matches!(
        c,
        '\u{A0}' | '\u{2000}'..='\u{200B}' | '\u{3000}' | '\u{FEFF}' | '\u{202F}' | '\u{205F}'
    )
}

/// libyaml's printable set (`IS_PRINTABLE`) plus tab, CR and LF.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

/// The byte pre-scan: rejects in one linear pass what libyaml would reject slowly or explain
/// badly. Returns the first problem.
fn prescan(text: &str, lines: &LineIndex) -> Option<Diagnostic> {
    let mut at_line_start = true;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut in_comment = false;
    let mut prev: char = '\n';
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if !printable(c) {
            let (l, col) = lines.position(i);
            let what = if c == '\u{FEFF}' {
                "a byte order mark (U+FEFF) is only allowed at the very start".to_string()
            } else {
                format!("control character U+{:04X} is not allowed", c as u32)
            };
            return Some(Diagnostic::new(Severity::Error, format!("line {l} column {col}: {what} (kubectl says `yaml: control characters are not allowed`)"), "", Span::point(l, col)));
        }
        let newline = matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
        if newline {
            at_line_start = true;
            in_comment = false;
            // Quoted scalars may span lines; keep `quote`.
            prev = c;
            escaped = false;
            continue;
        }
        if at_line_start {
            if c == ' ' {
                prev = c;
                continue;
            }
            if lookalike_space(c) && quote.is_none() {
                let (l, col) = lines.position(i);
                return Some(Diagnostic::new(
                    Severity::Error,
                    format!("line {l} column {col}: U+{:04X} ({}) in indentation; replace it with spaces", c as u32, space_name(c)),
                    "",
                    Span::point(l, col),
                ));
            }
            at_line_start = false;
        }
        if in_comment {
            prev = c;
            continue;
        }
        match quote {
            Some('"') => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    quote = None;
                }
            }
            Some(_) => {
                if c == '\'' {
                    quote = None;
                }
            }
            None => match c {
                '#' if prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r' => {
                    in_comment = true
                }
                '"' | '\''
                    if matches!(prev, ' ' | '\t' | '[' | '{' | ',' | ':' | '-' | '\n' | '\r') =>
                {
                    quote = Some(c)
                }
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        let (l, col) = lines.position(i);
                        return Some(Diagnostic::new(
                            Severity::Error,
                            format!(
                                "nesting deeper than {MAX_DEPTH} levels at line {l} column {col}"
                            ),
                            "",
                            Span::point(l, col),
                        ));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

fn space_name(c: char) -> &'static str {
    match c {
        '\u{A0}' => "no-break space",
        '\u{3000}' => "ideographic space",
        '\u{FEFF}' => "zero width no-break space",
        '\u{200B}' => "zero width space",
        _ => "a Unicode space",
    }
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

enum Frame {
    Seq {
        items: Vec<Rc<Node>>,
        start: (u32, u32),
        anchor: Option<String>,
        size: usize,
    },
    Map {
        raw: Vec<(Rc<Node>, Rc<Node>)>,
        key: Option<Rc<Node>>,
        start: (u32, u32),
        anchor: Option<String>,
        size: usize,
    },
}

enum AnchorState {
    Open,
    Done(Rc<Node>),
}

struct AliasUse {
    name: String,
    at: (u32, u32),
    size: usize,
}

struct Walker<'t, 'o> {
    text: &'t str,
    out: &'o mut Stream,
    stack: Vec<Frame>,
    anchors: HashMap<String, AnchorState>,
    aliases: Vec<AliasUse>,
    events: usize,
    doc_start: (u32, u32),
    doc_root: Option<Rc<Node>>,
    doc_count: usize,
}

fn span(start: (u32, u32), end: (u32, u32)) -> Span {
    Span { line: start.0 + 1, column: start.1 + 1, end_line: end.0 + 1, end_column: end.1 + 1 }
}

impl<'t, 'o> Walker<'t, 'o> {
    fn new(text: &'t str, out: &'o mut Stream) -> Self {
        Walker {
            text,
            out,
            stack: Vec::new(),
            anchors: HashMap::new(),
            aliases: Vec::new(),
            events: 0,
            doc_start: (0, 0),
            doc_root: None,
            doc_count: 0,
        }
    }

    fn fail(&mut self, msg: String, at: Span, kubectl: String) {
        self.out.diagnostics.push(Diagnostic::new(Severity::Error, msg, "", at));
        self.out.fatal = Some(kubectl);
    }

    fn run(mut self) {
        let Some(mut parser) = Parser::new(self.text.as_bytes()) else {
            self.fail(
                "the YAML parser could not start".into(),
                Span::point(1, 1),
                "error: the YAML parser could not start".into(),
            );
            return;
        };
        loop {
            let (ev, start, end) = match parser.next() {
                Ok(x) => x,
                Err(e) => {
                    self.syntax_error(e);
                    return;
                }
            };
            self.events += 1;
            self.out.events = self.events;
            match ev {
                Ev::StreamStart => {}
                Ev::StreamEnd => break,
                Ev::DocStart => {
                    self.doc_count += 1;
                    if self.doc_count > MAX_DOCS {
                        let msg = format!("more than {MAX_DOCS} YAML documents; podlab reads at most {MAX_DOCS} (document {} starts at line {})", self.doc_count, start.0 + 1);
                        self.fail(msg.clone(), span(start, end), format!("error: {msg}"));
                        return;
                    }
                    self.doc_start = start;
                    self.doc_root = None;
                    // Anchors are scoped to their document (YAML spec; libyaml's composer too).
                    self.anchors.clear();
                }
                Ev::DocEnd => {
                    let root = self.doc_root.take();
                    let index = self.out.documents.len();
                    self.out.documents.push(Document {
                        index,
                        root,
                        span: span(self.doc_start, end),
                    });
                }
                Ev::Alias(name) => {
                    let node = match self.anchors.get(&name) {
                        Some(AnchorState::Done(n)) => n.clone(),
                        Some(AnchorState::Open) => {
                            let s = span(start, end);
                            let msg = format!("line {}: alias `*{name}` refers to the mapping or list that contains it", s.line);
                            self.fail(
                                msg.clone(),
                                s,
                                format!("error: error parsing {{file}}: {msg}"),
                            );
                            return;
                        }
                        None => {
                            let s = span(start, end);
                            let msg = format!(
                                "line {} column {}: `*{name}` refers to no anchor",
                                s.line, s.column
                            );
                            self.fail(msg, s, format!("error: error parsing {{file}}: error converting YAML to JSON: yaml: unknown anchor '{name}' referenced"));
                            return;
                        }
                    };
                    if self.stack.len() + node.height > MAX_DEPTH {
                        let s = span(start, end);
                        let msg = format!(
                            "line {} column {}: alias `*{name}` would nest deeper than {MAX_DEPTH} levels",
                            s.line, s.column
                        );
                        self.fail(msg, s, "error: error parsing {file}: error converting YAML to JSON: yaml: exceeded max depth of 10000".into());
                        return;
                    }
                    self.out.alias_nodes = self.out.alias_nodes.saturating_add(node.size);
                    self.aliases.push(AliasUse { name, at: start, size: node.size });
                    self.push_node(node);
                }
                Ev::Scalar { anchor, tag, value, style } => {
                    let node = Rc::new(Node {
                        kind: NodeKind::Scalar { value, style, tag },
                        span: span(start, end),
                        size: 1,
                        height: 0,
                    });
                    if let Some(a) = anchor {
                        self.anchors.insert(a, AnchorState::Done(node.clone()));
                    }
                    self.push_node(node);
                }
                Ev::SeqStart { .. } | Ev::MapStart { .. } if self.stack.len() >= MAX_DEPTH => {
                    let s = span(start, end);
                    let msg = format!(
                        "nesting deeper than {MAX_DEPTH} levels at line {} column {}",
                        s.line, s.column
                    );
                    self.fail(msg, s, "error: error parsing {file}: error converting YAML to JSON: yaml: exceeded max depth of 10000".into());
                    return;
                }
                Ev::SeqStart { anchor } => {
                    if let Some(a) = &anchor {
                        self.anchors.insert(a.clone(), AnchorState::Open);
                    }
                    self.stack.push(Frame::Seq { items: Vec::new(), start, anchor, size: 1 });
                }
                Ev::MapStart { anchor } => {
                    if let Some(a) = &anchor {
                        self.anchors.insert(a.clone(), AnchorState::Open);
                    }
                    self.stack.push(Frame::Map {
                        raw: Vec::new(),
                        key: None,
                        start,
                        anchor,
                        size: 1,
                    });
                }
                Ev::SeqEnd => match self.stack.pop() {
                    Some(Frame::Seq { items, start: s0, anchor, size }) => {
                        self.finish_node(anchor, NodeKind::Seq(items), span(s0, end), size);
                    }
                    _ => return self.internal(),
                },
                Ev::MapEnd => match self.stack.pop() {
                    Some(Frame::Map { raw, start: s0, anchor, size, .. }) => {
                        let entries = match self.finish_map(raw) {
                            Some(e) => e,
                            None => return,
                        };
                        self.finish_node(anchor, NodeKind::Map(entries), span(s0, end), size);
                    }
                    _ => return self.internal(),
                },
            }
        }
        self.check_alias_budget();
    }

    fn internal(&mut self) {
        self.fail(
            "internal error: unbalanced YAML events".into(),
            Span::point(1, 1),
            "error: internal error".into(),
        );
    }

    /// Registers a finished collection under its anchor and adds it to its parent.
    fn finish_node(&mut self, anchor: Option<String>, kind: NodeKind, at: Span, size: usize) {
        let height = 1 + match &kind {
            NodeKind::Seq(items) => items.iter().map(|n| n.height).max().unwrap_or(0),
            NodeKind::Map(entries) => entries.iter().map(|e| e.value.height).max().unwrap_or(0),
            NodeKind::Scalar { .. } => 0,
        };
        let node = Rc::new(Node { kind, span: at, size, height });
        if let Some(a) = anchor {
            self.anchors.insert(a, AnchorState::Done(node.clone()));
        }
        self.push_node(node);
    }

    /// Adds a finished node to its parent (or makes it the document root).
    fn push_node(&mut self, node: Rc<Node>) {
        let n = node.size;
        match self.stack.last_mut() {
            None => self.doc_root = Some(node),
            Some(Frame::Seq { items, size, .. }) => {
                *size = size.saturating_add(n);
                items.push(node);
            }
            Some(Frame::Map { raw, key, size, .. }) => {
                *size = size.saturating_add(n);
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => raw.push((k, node)),
                }
            }
        }
    }

    /// Applies merge keys (go-yaml v2 order: later assignments win) and drops duplicate keys
    /// with a warning (kubectl keeps the last one silently).
    fn finish_map(&mut self, raw: Vec<(Rc<Node>, Rc<Node>)>) -> Option<Vec<Entry>> {
        let mut out: Vec<Entry> = Vec::with_capacity(raw.len());
        // key → position in `out`, so a mapping with thousands of keys stays linear.
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut explicit: HashMap<String, Span> = HashMap::new();
        for (k, v) in raw {
            if is_merge_key(&k) {
                let sources: Vec<Rc<Node>> = match &v.kind {
                    NodeKind::Map(_) => vec![v.clone()],
                    // Earlier maps in the list take precedence: apply them last.
                    NodeKind::Seq(items) => items.iter().rev().cloned().collect(),
                    NodeKind::Scalar { .. } => Vec::new(),
                };
                if sources.is_empty() || sources.iter().any(|s| !matches!(s.kind, NodeKind::Map(_)))
                {
                    let s = k.span;
                    let msg = format!("line {}: a merge key `<<` needs a mapping or a list of mappings as its value", s.line);
                    self.fail(msg, s, "error: error parsing {file}: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value".into());
                    return None;
                }
                for src in sources {
                    if let NodeKind::Map(es) = &src.kind {
                        for e in es {
                            assign(&mut out, &mut index, e.clone());
                        }
                    }
                }
                continue;
            }
            let key = match key_string(&k) {
                Ok(s) => s,
                Err(msg) => {
                    let s = k.span;
                    self.fail(
                        format!("line {}: {msg}", s.line),
                        s,
                        format!(
                            "error: error parsing {{file}}: error converting YAML to JSON: {msg}"
                        ),
                    );
                    return None;
                }
            };
            if let Some(first) = explicit.get(&key) {
                let shown = match &v.kind {
                    NodeKind::Scalar { value, .. } => format!("(`{}`)", truncate(value, 40)),
                    _ => "value; the first one is ignored".to_string(),
                };
                let msg = format!(
                    "`{key}` is set twice (lines {} and {}); kubectl silently keeps the last {shown}",
                    first.line, k.span.line
                );
                self.out.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    msg.clone(),
                    "",
                    *first,
                ));
                self.out.diagnostics.push(Diagnostic::new(Severity::Warning, msg, "", k.span));
            }
            explicit.insert(key.clone(), k.span);
            assign(&mut out, &mut index, Entry { key, key_span: k.span, value: v });
        }
        Some(out)
    }

    fn check_alias_budget(&mut self) {
        let budget = (ALIAS_EVENT_FACTOR.saturating_mul(self.events)).max(ALIAS_MIN_BUDGET);
        let mut total = 0usize;
        for a in &self.aliases {
            total = total.saturating_add(a.size);
            if total > budget {
                let s = Span::point(a.at.0 + 1, a.at.1 + 1);
                let msg = format!(
                    "YAML aliases would expand to more than {budget} nodes (line {}: `*{}`)",
                    s.line, a.name
                );
                let kubectl = "error: error parsing {file}: error converting YAML to JSON: yaml: document contains excessive aliasing".to_string();
                self.out.documents.clear();
                self.out.diagnostics.push(Diagnostic::new(Severity::Error, msg, "", s));
                self.out.fatal = Some(kubectl);
                return;
            }
        }
    }

    fn syntax_error(&mut self, e: SyntaxError) {
        let (l0, c0) = e.problem_mark;
        let mut at = Span::point(l0 + 1, c0 + 1);
        // go-yaml's line number: scanner errors report the problem line (1-based), parser
        // errors the 0-based line (so usually the line before) — reproduced for the kubectl text.
        let go_line = if e.scanner { l0 + 1 } else { l0 };
        let go_where = if go_line > 0 { format!("line {go_line}: ") } else { String::new() };
        let ch = char_at(self.text, l0, c0);
        let mut go_problem = e.problem.clone();
        if ch == Some('\t') && e.problem.contains("cannot start any token") {
            go_problem = "found a tab character that violates indentation".into();
        }
        let (explain, better) = self.explain(&e, ch);
        if let Some((l, c)) = better {
            at = Span::point(l, c);
        }
        let mut msg = format!("line {} column {}: {}", at.line, at.column, explain);
        let raw = match &e.context {
            Some(c) => format!("{}, {}", e.problem, c),
            None => e.problem.clone(),
        };
        if !explain.contains(&e.problem) {
            msg.push_str(&format!(" (YAML parser: {raw})"));
        }
        let kubectl = format!("error: error parsing {{file}}: error converting YAML to JSON: yaml: {go_where}{go_problem}");
        self.fail(msg, at, kubectl);
    }

    /// Plain-words explanations of the common syntax errors (issue 4).
    /// Returns the explanation and, when the real cause is elsewhere than the parser's
    /// position, the 1-based (line, column) of the cause.
    fn explain(&self, e: &SyntaxError, ch: Option<char>) -> (String, Option<(u32, u32)>) {
        let p = e.problem.as_str();
        if ch == Some('\t') {
            return ("a tab is used for indentation; YAML only allows spaces".into(), None);
        }
        if p.contains("mapping values are not allowed") {
            // Usually a `key:value` with no space earlier on, which made a multi-line plain
            // scalar out of the following lines.
            let (l0, _) = e.problem_mark;
            for (i, line) in self
                .text
                .lines()
                .enumerate()
                .take(l0 as usize + 1)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                if let Some(k) = missing_space_key(line) {
                    let col = line.chars().take_while(|&c| c != ':').count() as u32 + 1;
                    return (
                        format!("`{k}` needs a space after the colon"),
                        Some((i as u32 + 1, col)),
                    );
                }
            }
            return ("a `key: value` appears where a value was expected (check the indentation of this line and the one above)".into(), None);
        }
        let (l0, c0) = e.problem_mark;
        if let Some(q) = swallowing_quote(self.text, l0 as usize + 1) {
            // A quote left open on its line: YAML reads the following lines into the string up
            // to the next quote of that kind, and fails on what follows it.
            let what = if q.quote == '"' { "double" } else { "single" };
            return (
                format!(
                    "a {what}-quoted string opens here and is not closed on line {}, so YAML read the lines after it into the string up to the next `{}` (line {}) and gave up at line {} column {}: {p}",
                    q.line, q.quote, q.closed_on, l0 + 1, c0 + 1
                ),
                Some((q.line, q.column)),
            );
        }
        if p.contains("end of stream")
            && e.context.as_deref().is_some_and(|c| c.contains("quoted scalar"))
        {
            let (l, c) = e.context_mark;
            return ("the quoted string is never closed".into(), Some((l + 1, c + 1)));
        }
        if p.contains("did not find expected key")
            || p.contains("did not find expected '-' indicator")
        {
            let (l0, _) = e.problem_mark;
            return (format!("{p}: {}", indent_story(self.text, l0 as usize)), None);
        }
        if p.contains("did not find expected ',' or ']'")
            || p.contains("did not find expected ',' or '}'")
        {
            return (format!("{p}: a `[...]` or `{{...}}` is not closed"), None);
        }
        if p.contains("cannot start any token") {
            return (format!("{p} (a character such as `@` or a backtick cannot start a plain value; quote the value)"), None);
        }
        (p.to_string(), None)
    }
}

fn is_merge_key(k: &Node) -> bool {
    matches!(&k.kind, NodeKind::Scalar { value, style: Style::Plain, tag } if value == "<<" && tag.as_deref().is_none_or(|t| t.ends_with(":merge")))
}

fn assign(out: &mut Vec<Entry>, index: &mut HashMap<String, usize>, e: Entry) {
    match index.get(&e.key) {
        Some(&i) => out[i] = e,
        None => {
            index.insert(e.key.clone(), out.len());
            out.push(e);
        }
    }
}

/// The JSON key kubectl's YAML→JSON conversion produces for a YAML key (sigs.k8s.io/yaml:
/// booleans become `"true"`/`"false"`, numbers their decimal text).
fn key_string(k: &Node) -> Result<String, String> {
    match &k.kind {
        NodeKind::Scalar { value, style, tag } => {
            Ok(match super::resolve::resolve(value, *style, tag.as_deref()) {
                super::resolve::Scalar::Str(s) => s,
                super::resolve::Scalar::Bool(b) => b.to_string(),
                super::resolve::Scalar::Int(i) => i.to_string(),
                super::resolve::Scalar::Float(f) => super::resolve::go_float(f),
                super::resolve::Scalar::Null => "null".to_string(),
            })
        }
        _ => Err("a mapping key must be a plain value, not a list or mapping".into()),
    }
}

/// Shortens long values for display (the full value is never put into one line of output).
pub fn truncate(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{head}…({n} chars)")
    }
}
