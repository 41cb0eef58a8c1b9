//! libyaml's event parser wrapped for the walk (modelled on serde_yaml's src/libyaml/parser.rs):
//! events with editor positions (line breaks counted as the editor counts them), and the syntax
//! error copied out of the parser.

use super::*;

/// A libyaml parse error, copied out of the parser.
pub(super) struct SyntaxError {
    pub(super) problem: String,
    pub(super) problem_mark: (u32, u32),
    pub(super) context: Option<String>,
    pub(super) context_mark: (u32, u32),
    pub(super) scanner: bool,
}

pub(super) enum Ev {
    StreamStart,
    StreamEnd,
    DocStart,
    DocEnd,
    Alias(String),
    Scalar { anchor: Option<String>, tag: Option<String>, value: String, style: Style },
    SeqStart { anchor: Option<String> },
    SeqEnd,
    MapStart { anchor: Option<String> },
    MapEnd,
}

/// A 0-based (line, column) libyaml position.
pub(super) type Mark = (u32, u32);

pub(super) struct Parser<'a> {
    pub(super) raw: Box<std::mem::MaybeUninit<unsafe_yaml::yaml_parser_t>>,
    pub(super) _input: std::marker::PhantomData<&'a [u8]>,
    /// Byte offset → (line, column), 0-based, counting lines the way the editor (and every text
    /// editor) does, only when the text holds U+0085, U+2028 or U+2029: libyaml counts those as
    /// line breaks, so its own line numbers would point one line low in the editor after each.
    pub(super) remap: Option<Vec<(u32, u32)>>,
}

/// A libyaml mark as a 0-based (line, column), remapped to editor lines when needed.
pub(super) fn mark_position(
    remap: &Option<Vec<(u32, u32)>>,
    m: &unsafe_yaml::yaml_mark_t,
) -> (u32, u32) {
    match remap {
        // libyaml's index is a byte offset into the input.
        Some(at) => at.get(m.index as usize).or(at.last()).copied().unwrap_or((0, 0)),
        None => (m.line as u32, m.column as u32),
    }
}

/// The (line, column) of every byte offset of `input`, lines broken only at `\n`, `\r\n` and `\r`.
pub(super) fn editor_positions(input: &[u8]) -> Option<Vec<(u32, u32)>> {
    let text = std::str::from_utf8(input).ok()?;
    if !text.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        return None;
    }
    let mut at = vec![(0u32, 0u32); input.len() + 1];
    for (i, line, col) in editor_walk(text) {
        at[i] = (line, col);
    }
    Some(at)
}

/// The 0-based (line, column) at the start of each character of `text`, then at its end, each
/// with its byte offset. Lines break at `\n`, `\r\n` and `\r` only, not at U+0085/U+2028/U+2029:
/// the editor (like every text editor) does not break lines there, and positions must match its
/// gutter.
pub(super) fn editor_walk(text: &str) -> impl Iterator<Item = (usize, u32, u32)> + '_ {
    let (mut line, mut col, mut prev_cr) = (0u32, 0u32, false);
    text.char_indices().chain([(text.len(), '\0')]).map(move |(i, c)| {
        let here = (i, line, col);
        match c {
            '\n' if prev_cr => {}
            '\n' | '\r' => {
                line = line.saturating_add(1);
                col = 0;
            }
            _ => col = col.saturating_add(1),
        }
        prev_cr = c == '\r';
        here
    })
}

impl<'a> Parser<'a> {
    pub(super) fn new(input: &'a [u8]) -> Option<Self> {
        let mut raw = Box::new(std::mem::MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit());
        // SAFETY: `raw` is a heap allocation that outlives the parser (freed in Drop after
        // yaml_parser_delete); `input` outlives `self` through the PhantomData lifetime.
        unsafe {
            let p = raw.as_mut_ptr();
            if unsafe_yaml::yaml_parser_initialize(p).fail {
                return None;
            }
            unsafe_yaml::yaml_parser_set_encoding(p, unsafe_yaml::YAML_UTF8_ENCODING);
            unsafe_yaml::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
        }
        Some(Parser { raw, _input: std::marker::PhantomData, remap: editor_positions(input) })
    }

    /// A libyaml mark as a 0-based (line, column) in editor terms.
    pub(super) fn position(&self, m: &unsafe_yaml::yaml_mark_t) -> (u32, u32) {
        mark_position(&self.remap, m)
    }

    /// The next event with its start and end marks (0-based line, column).
    pub(super) fn next(&mut self) -> Result<(Ev, Mark, Mark), SyntaxError> {
        // SAFETY: the parser was initialised in `new`; the event is deleted after conversion.
        unsafe {
            let p = self.raw.as_mut_ptr();
            if (&*p).error != unsafe_yaml::YAML_NO_ERROR {
                return Err(Self::error(&self.remap, p));
            }
            let mut event = std::mem::MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
            let e = event.as_mut_ptr();
            if unsafe_yaml::yaml_parser_parse(p, e).fail {
                return Err(Self::error(&self.remap, p));
            }
            let start = self.position(&(*e).start_mark);
            let end = self.position(&(*e).end_mark);
            let ev = convert(&*e);
            unsafe_yaml::yaml_event_delete(e);
            Ok((ev, start, end))
        }
    }

    unsafe fn error(
        remap: &Option<Vec<(u32, u32)>>,
        p: *const unsafe_yaml::yaml_parser_t,
    ) -> SyntaxError {
        // SAFETY: libyaml's problem/context are static C strings or null.
        unsafe {
            let parser: &unsafe_yaml::yaml_parser_t = &*p;
            let problem = cstr(parser.problem as *const u8)
                .unwrap_or_else(|| "the YAML parser failed".to_string());
            SyntaxError {
                problem,
                problem_mark: mark_position(remap, &parser.problem_mark),
                context: cstr(parser.context as *const u8),
                context_mark: mark_position(remap, &parser.context_mark),
                scanner: parser.error == unsafe_yaml::YAML_SCANNER_ERROR,
            }
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new` (a failed initialise never constructs a Parser).
        unsafe { unsafe_yaml::yaml_parser_delete(self.raw.as_mut_ptr()) }
    }
}

/// Copies a NUL-terminated C string (bounded, defensively, to 64 KiB).
unsafe fn cstr(p: *const u8) -> Option<String> {
    if p.is_null() {
        return None;
    }
    let mut n = 0usize;
    // SAFETY: libyaml strings are NUL-terminated.
    unsafe {
        while n < 65536 && *p.add(n) != 0 {
            n += 1;
        }
        Some(String::from_utf8_lossy(std::slice::from_raw_parts(p, n)).into_owned())
    }
}

unsafe fn convert(e: &unsafe_yaml::yaml_event_t) -> Ev {
    // SAFETY: union fields are read according to the event type.
    unsafe {
        match e.type_ {
            unsafe_yaml::YAML_STREAM_START_EVENT => Ev::StreamStart,
            unsafe_yaml::YAML_STREAM_END_EVENT => Ev::StreamEnd,
            unsafe_yaml::YAML_DOCUMENT_START_EVENT => Ev::DocStart,
            unsafe_yaml::YAML_DOCUMENT_END_EVENT => Ev::DocEnd,
            unsafe_yaml::YAML_ALIAS_EVENT => {
                Ev::Alias(cstr(e.data.alias.anchor).unwrap_or_default())
            }
            unsafe_yaml::YAML_SCALAR_EVENT => {
                let s = e.data.scalar;
                let bytes = if s.value.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(s.value, s.length as usize)
                };
                Ev::Scalar {
                    anchor: cstr(s.anchor),
                    tag: cstr(s.tag),
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    style: match s.style {
                        unsafe_yaml::YAML_SINGLE_QUOTED_SCALAR_STYLE => Style::SingleQuoted,
                        unsafe_yaml::YAML_DOUBLE_QUOTED_SCALAR_STYLE => Style::DoubleQuoted,
                        unsafe_yaml::YAML_LITERAL_SCALAR_STYLE => Style::Literal,
                        unsafe_yaml::YAML_FOLDED_SCALAR_STYLE => Style::Folded,
                        _ => Style::Plain,
                    },
                }
            }
            unsafe_yaml::YAML_SEQUENCE_START_EVENT => {
                Ev::SeqStart { anchor: cstr(e.data.sequence_start.anchor) }
            }
            unsafe_yaml::YAML_SEQUENCE_END_EVENT => Ev::SeqEnd,
            unsafe_yaml::YAML_MAPPING_START_EVENT => {
                Ev::MapStart { anchor: cstr(e.data.mapping_start.anchor) }
            }
            _ => Ev::MapEnd,
        }
    }
}
