//! Parser for the busybox ash dialect of POSIX sh: a character-level lexer and a recursive-descent
//! parser in one, because `$(…)` and backticks nest whole programs inside words. The grammar is
//! here; the lexer (tokens, words, expansions, here-documents) is in `parse/lex.rs`.
//!
//! Nesting (subshells, groups, `$(…)`, compound commands) is counted explicitly and capped at
//! [`MAX_SH_DEPTH`]: a stack overflow in wasm is an unrecoverable trap (reliability.md §5.2).
//! Syntax errors carry ash's wording (`unexpected end of file (expecting "done")`), produced from
//! ash's own token names (`tokname_array` in busybox `shell/ash.c`).

mod lex;

use super::ast::*;
use crate::engine::limits::MAX_SH_DEPTH;
use std::rc::Rc;

/// A syntax error, in ash's terms (the dialect decides the final wording).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxError {
    /// `unexpected <tok>` with an optional `(expecting <tok>)`; token names as ash prints them.
    Unexpected { found: String, expecting: Option<String> },
    /// An unterminated `'…'`, `"…"` or backquote.
    UnterminatedQuote,
    /// `$((` without `))`.
    MissingArithParen,
    /// `${` without `}`.
    MissingBrace,
    /// podlab's nesting cap.
    TooDeep,
}

impl SyntaxError {
    /// ash's message, without the `sh: ` prefix.
    pub fn ash_text(&self) -> String {
        match self {
            SyntaxError::Unexpected { found, expecting: Some(e) } => {
                format!("syntax error: unexpected {found} (expecting {e})")
            }
            SyntaxError::Unexpected { found, expecting: None } => {
                format!("syntax error: unexpected {found}")
            }
            SyntaxError::UnterminatedQuote => "syntax error: unterminated quoted string".into(),
            SyntaxError::MissingArithParen => "syntax error: missing '))'".into(),
            SyntaxError::MissingBrace => "syntax error: missing '}'".into(),
            SyntaxError::TooDeep => {
                format!("syntax error: nesting deeper than {MAX_SH_DEPTH} levels (a podlab limit)")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word { word: Word, lit: Option<String> },
    Op(&'static str),
    Redir { fd: Option<u32>, op: &'static str },
    Newline,
    Eof,
}

/// ash's name for a token in messages: end of file / newline / word unquoted, the rest quoted.
fn tokname(t: &Tok) -> String {
    match t {
        Tok::Eof => "end of file".into(),
        Tok::Newline => "newline".into(),
        Tok::Redir { .. } => "redirection".into(),
        Tok::Word { lit: Some(l), .. } if KEYWORDS.contains(&l.as_str()) => format!("\"{l}\""),
        Tok::Word { .. } => "word".into(),
        Tok::Op(o) => format!("\"{o}\""),
    }
}

const KEYWORDS: &[&str] = &[
    "!", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then", "until",
    "while", "{", "}",
];

/// Parses a whole script.
pub fn parse(src: &str) -> Result<Rc<Cmd>, SyntaxError> {
    parse_with_line(src).map_err(|e| e.0)
}

/// Parses a whole script; an error carries the line it was found on.
pub fn parse_with_line(src: &str) -> Result<Rc<Cmd>, (SyntaxError, usize)> {
    let mut p = Parser::new(src.chars().collect(), 0, 1);
    let r = (|| {
        p.skip_linebreaks()?;
        if p.peek()? == &Tok::Eof {
            return Ok(Rc::new(Cmd::Empty));
        }
        let prog = p.list(&[])?;
        match p.next()? {
            Tok::Eof => Ok(prog),
            t => Err(SyntaxError::Unexpected { found: tokname(&t), expecting: None }),
        }
    })();
    r.map_err(|e| {
        let line = p.line_at(p.i.min(p.s.len()));
        (e, line)
    })
}

struct Parser {
    s: Vec<char>,
    i: usize,
    peeked: Option<Tok>,
    depth: usize,
    /// Line number of `s[0]` (sub-parsers of backquotes start mid-script).
    base_line: usize,
    /// (position, line) of the last line computation: positions mostly grow.
    line_cache: (usize, usize),
    /// Lines removed by here-documents: (position of removal, count).
    drained: Vec<(usize, usize)>,
}

fn is_meta(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')')
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// Whether `w` is `NAME=…` (an assignment in command-prefix position).
fn assignment(w: &Word) -> Option<(String, Word)> {
    let Some(WordPart::Lit { text, quoted: false }) = w.first() else { return None };
    let eq = text.find('=')?;
    let name = &text[..eq];
    if name.is_empty() || !name.starts_with(is_name_start) || !name.chars().all(is_name_char) {
        return None;
    }
    let mut rest: Word = Vec::new();
    if eq + 1 < text.len() {
        rest.push(WordPart::Lit { text: text[eq + 1..].to_string(), quoted: false });
    }
    rest.extend(w[1..].iter().cloned());
    Some((name.to_string(), rest))
}

impl Parser {
    fn new(s: Vec<char>, depth: usize, base_line: usize) -> Parser {
        Parser { s, i: 0, peeked: None, depth, base_line, line_cache: (0, 0), drained: Vec::new() }
    }

    /// The script line of position `pos`.
    fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.s.len());
        let (from, mut n) = if pos >= self.line_cache.0 { self.line_cache } else { (0, 0) };
        n += self.s[from..pos].iter().filter(|c| **c == '\n').count();
        self.line_cache = (pos, n);
        let drained: usize = self.drained.iter().filter(|(p, _)| *p < pos).map(|(_, c)| c).sum();
        self.base_line + n + drained
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_SH_DEPTH {
            return Err(SyntaxError::TooDeep);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn peek_char(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn peek(&mut self) -> Result<&Tok, SyntaxError> {
        if self.peeked.is_none() {
            let t = self.lex()?;
            self.peeked = Some(t);
        }
        Ok(self.peeked.as_ref().unwrap_or(&Tok::Eof))
    }

    fn next(&mut self) -> Result<Tok, SyntaxError> {
        match self.peeked.take() {
            Some(t) => Ok(t),
            None => self.lex(),
        }
    }

    fn peek_kw(&mut self) -> Result<Option<String>, SyntaxError> {
        Ok(match self.peek()? {
            Tok::Word { lit: Some(l), .. } if KEYWORDS.contains(&l.as_str()) => Some(l.clone()),
            _ => None,
        })
    }

    fn skip_linebreaks(&mut self) -> Result<(), SyntaxError> {
        while self.peek()? == &Tok::Newline {
            self.next()?;
        }
        Ok(())
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), SyntaxError> {
        let t = self.next()?;
        match &t {
            Tok::Word { lit: Some(l), .. } if l == kw => Ok(()),
            _ => Err(SyntaxError::Unexpected {
                found: tokname(&t),
                expecting: Some(format!("\"{kw}\"")),
            }),
        }
    }

    // ----------------------------------------------------------------------------------------
    // Grammar
    // ----------------------------------------------------------------------------------------

    /// A list of and-or items separated by `;`, `&` or newlines, ending before a closing
    /// keyword, `)`, `;;` or end of file. An empty list is an error at the token found.
    fn list(&mut self, _closers: &[&str]) -> Result<Rc<Cmd>, SyntaxError> {
        let mut items: Vec<(Rc<Cmd>, bool)> = Vec::new();
        loop {
            if self.at_list_end()? {
                break;
            }
            let c = self.and_or()?;
            let mut bg = false;
            match self.peek()? {
                Tok::Op(";") => {
                    self.next()?;
                }
                Tok::Op("&") => {
                    self.next()?;
                    bg = true;
                }
                Tok::Newline => {}
                _ => {
                    items.push((c, bg));
                    break;
                }
            }
            items.push((c, bg));
            self.skip_linebreaks()?;
        }
        if items.is_empty() {
            let t = self.peek()?.clone();
            if t == Tok::Eof {
                // ash's list() returns nothing at end of file; the caller then reports what it
                // expected (`unexpected end of file (expecting "fi")`).
                return Ok(Rc::new(Cmd::Empty));
            }
            return Err(SyntaxError::Unexpected { found: tokname(&t), expecting: None });
        }
        if items.len() == 1 && !items[0].1 {
            return Ok(items.remove(0).0);
        }
        Ok(Rc::new(Cmd::Seq(Rc::new(items))))
    }

    fn at_list_end(&mut self) -> Result<bool, SyntaxError> {
        if let Some(k) = self.peek_kw()? {
            return Ok(matches!(
                k.as_str(),
                "then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}"
            ));
        }
        Ok(matches!(self.peek()?, Tok::Eof | Tok::Op(")") | Tok::Op(";;")))
    }

    fn and_or(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        let mut left = self.pipeline()?;
        loop {
            let and = match self.peek()? {
                Tok::Op("&&") => true,
                Tok::Op("||") => false,
                _ => return Ok(left),
            };
            self.next()?;
            self.skip_linebreaks()?;
            let right = self.pipeline()?;
            left = Rc::new(Cmd::AndOr { left, and, right });
        }
    }

    fn pipeline(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        let mut bang = false;
        if self.peek_kw()?.as_deref() == Some("!") {
            self.next()?;
            bang = true;
        }
        let mut stages = vec![self.command()?];
        while self.peek()? == &Tok::Op("|") {
            self.next()?;
            self.skip_linebreaks()?;
            stages.push(self.command()?);
        }
        if stages.len() == 1 && !bang {
            return Ok(stages.remove(0));
        }
        Ok(Rc::new(Cmd::Pipeline { stages: Rc::new(stages), bang }))
    }

    fn command(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        self.enter()?;
        let r = self.command_inner();
        self.leave();
        r
    }

    fn command_inner(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        let compound = match self.peek_kw()?.as_deref() {
            Some("if") => Some(self.if_cmd()?),
            Some("while") | Some("until") => Some(self.loop_cmd()?),
            Some("for") => Some(self.for_cmd()?),
            Some("case") => Some(self.case_cmd()?),
            Some("{") => {
                self.next()?;
                self.skip_linebreaks()?;
                let body = self.list(&[])?;
                self.expect_kw("}")?;
                Some(Rc::new(Cmd::Group(body)))
            }
            Some(k) if k != "!" => {
                let t = self.next()?;
                return Err(SyntaxError::Unexpected { found: tokname(&t), expecting: None });
            }
            _ => None,
        };
        let compound = match compound {
            Some(c) => Some(c),
            None if self.peek()? == &Tok::Op("(") => {
                self.next()?;
                self.skip_linebreaks()?;
                let body = self.list(&[])?;
                let t = self.next()?;
                if t != Tok::Op(")") {
                    return Err(SyntaxError::Unexpected {
                        found: tokname(&t),
                        expecting: Some("\")\"".into()),
                    });
                }
                Some(Rc::new(Cmd::Subshell(body)))
            }
            None => None,
        };
        if let Some(c) = compound {
            let mut redirs = Vec::new();
            while let Tok::Redir { .. } = self.peek()? {
                let t = self.next()?;
                redirs.extend(self.redirs(t)?);
            }
            if redirs.is_empty() {
                return Ok(c);
            }
            return Ok(Rc::new(Cmd::Redirected { cmd: c, redirs: Rc::new(redirs) }));
        }
        self.simple()
    }

    fn redirs(&mut self, t: Tok) -> Result<Vec<Redir>, SyntaxError> {
        let both = matches!(t, Tok::Redir { op: "&>", .. });
        let r = self.redir(t)?;
        if both {
            let dup = Redir {
                fd: 2,
                op: RedirOp::Dup,
                target: vec![WordPart::Lit { text: "1".into(), quoted: false }],
            };
            return Ok(vec![r, dup]);
        }
        Ok(vec![r])
    }

    fn redir(&mut self, t: Tok) -> Result<Redir, SyntaxError> {
        let Tok::Redir { fd, op } = t else {
            return Err(SyntaxError::Unexpected { found: tokname(&t), expecting: None });
        };
        let target_tok = self.next()?;
        let Tok::Word { word, lit } = target_tok else {
            return Err(SyntaxError::Unexpected { found: tokname(&target_tok), expecting: None });
        };
        let (rop, default_fd) = match op {
            ">" | ">|" | "&>" => (RedirOp::Out, 1),
            ">>" => (RedirOp::Append, 1),
            "<" => (RedirOp::In, 0),
            "<>" => (RedirOp::ReadWrite, 0),
            ">&" => (RedirOp::Dup, 1),
            "<&" => (RedirOp::Dup, 0),
            _ => (RedirOp::Heredoc, 0),
        };
        let target = if rop == RedirOp::Heredoc {
            let expand = lit.is_some();
            let delim: String = word
                .iter()
                .map(|p| match p {
                    WordPart::Lit { text, .. } => text.clone(),
                    _ => String::new(),
                })
                .collect();
            self.heredoc(&delim, op == "<<-", expand)?
        } else {
            word
        };
        Ok(Redir { fd: fd.unwrap_or(default_fd), op: rop, target })
    }

    fn simple(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        // The line of the command's first token (the lexer may have peeked it already).
        let start = self.i;
        let line = self.line_at(start);
        let mut s = Simple { assigns: Vec::new(), words: Vec::new(), redirs: Vec::new(), line };
        loop {
            match self.peek()?.clone() {
                Tok::Word { word, .. } => {
                    self.next()?;
                    if s.words.is_empty() {
                        if let Some(a) = assignment(&word) {
                            s.assigns.push(a);
                            continue;
                        }
                    }
                    s.words.push(word);
                }
                t @ Tok::Redir { .. } => {
                    self.next()?;
                    s.redirs.extend(self.redirs(t)?);
                }
                Tok::Op("(")
                    if s.words.len() == 1 && s.assigns.is_empty() && s.redirs.is_empty() =>
                {
                    self.next()?;
                    let t = self.next()?;
                    if t != Tok::Op(")") {
                        return Err(SyntaxError::Unexpected {
                            found: tokname(&t),
                            expecting: Some("\")\"".into()),
                        });
                    }
                    self.skip_linebreaks()?;
                    let name: String = s.words[0]
                        .iter()
                        .map(|p| match p {
                            WordPart::Lit { text, .. } => text.clone(),
                            _ => String::new(),
                        })
                        .collect();
                    let body = self.command()?;
                    return Ok(Rc::new(Cmd::FuncDef { name, body }));
                }
                _ => break,
            }
        }
        if s.words.is_empty() && s.assigns.is_empty() && s.redirs.is_empty() {
            let t = self.next()?;
            return Err(SyntaxError::Unexpected { found: tokname(&t), expecting: None });
        }
        Ok(Rc::new(Cmd::Simple(Rc::new(s))))
    }

    fn if_cmd(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        self.next()?; // if
        let mut arms = Vec::new();
        let mut els = None;
        loop {
            self.skip_linebreaks()?;
            let cond = self.list(&[])?;
            self.expect_kw("then")?;
            self.skip_linebreaks()?;
            let body = self.list(&[])?;
            arms.push((cond, body));
            match self.peek_kw()?.as_deref() {
                Some("elif") => {
                    self.next()?;
                }
                Some("else") => {
                    self.next()?;
                    self.skip_linebreaks()?;
                    els = Some(self.list(&[])?);
                    self.expect_kw("fi")?;
                    break;
                }
                _ => {
                    self.expect_kw("fi")?;
                    break;
                }
            }
        }
        Ok(Rc::new(Cmd::If { arms: Rc::new(arms), els }))
    }

    fn do_group(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        self.expect_kw("do")?;
        self.skip_linebreaks()?;
        let body = self.list(&[])?;
        self.expect_kw("done")?;
        Ok(body)
    }

    fn loop_cmd(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        let until = matches!(self.next()?, Tok::Word { lit: Some(ref l), .. } if l == "until");
        self.skip_linebreaks()?;
        let cond = self.list(&[])?;
        let body = self.do_group()?;
        Ok(Rc::new(Cmd::Loop { cond, body, until }))
    }

    fn for_cmd(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        self.next()?; // for
        let t = self.next()?;
        let var = match &t {
            Tok::Word { lit: Some(l), .. }
                if l.starts_with(is_name_start) && l.chars().all(is_name_char) =>
            {
                l.clone()
            }
            _ => return Err(SyntaxError::Unexpected { found: tokname(&t), expecting: None }),
        };
        let mut words = None;
        self.skip_linebreaks()?;
        if self.peek_kw()?.as_deref() == Some("in") {
            self.next()?;
            let mut ws = Vec::new();
            while let Tok::Word { word, .. } = self.peek()?.clone() {
                self.next()?;
                ws.push(word);
            }
            words = Some(Rc::new(ws));
            match self.next()? {
                Tok::Op(";") | Tok::Newline => {}
                t => return Err(SyntaxError::Unexpected { found: tokname(&t), expecting: None }),
            }
        } else if self.peek()? == &Tok::Op(";") {
            self.next()?;
        }
        self.skip_linebreaks()?;
        let body = self.do_group()?;
        Ok(Rc::new(Cmd::For { var, words, body }))
    }

    fn case_cmd(&mut self) -> Result<Rc<Cmd>, SyntaxError> {
        self.next()?; // case
        let t = self.next()?;
        let Tok::Word { word, .. } = t else {
            return Err(SyntaxError::Unexpected {
                found: tokname(&t),
                expecting: Some("word".into()),
            });
        };
        self.skip_linebreaks()?;
        self.expect_kw("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_linebreaks()?;
            if self.peek_kw()?.as_deref() == Some("esac") {
                self.next()?;
                break;
            }
            if self.peek()? == &Tok::Op("(") {
                self.next()?;
            }
            let mut pats = Vec::new();
            loop {
                let t = self.next()?;
                match t {
                    Tok::Word { word, .. } => pats.push(word),
                    t => {
                        return Err(SyntaxError::Unexpected {
                            found: tokname(&t),
                            expecting: Some("word".into()),
                        })
                    }
                }
                match self.next()? {
                    Tok::Op("|") => continue,
                    Tok::Op(")") => break,
                    t => {
                        return Err(SyntaxError::Unexpected {
                            found: tokname(&t),
                            expecting: Some("\")\"".into()),
                        })
                    }
                }
            }
            self.skip_linebreaks()?;
            let body =
                if self.peek()? == &Tok::Op(";;") || self.peek_kw()?.as_deref() == Some("esac") {
                    None
                } else {
                    Some(self.list(&[])?)
                };
            arms.push((pats, body));
            match self.next()? {
                Tok::Op(";;") => {}
                Tok::Word { lit: Some(ref l), .. } if l == "esac" => break,
                t => {
                    return Err(SyntaxError::Unexpected {
                        found: tokname(&t),
                        expecting: Some("\";;\"".into()),
                    })
                }
            }
        }
        Ok(Rc::new(Cmd::Case { word, arms: Rc::new(arms) }))
    }
}
