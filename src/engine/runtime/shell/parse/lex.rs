//! The lexer: tokens, words with their quoting and expansions (`$x`, `${x:-y}`, `$(…)`,
//! backticks, `$((…))`), redirection operators and here-documents.

use super::*;

impl Parser {
    pub(super) fn lex(&mut self) -> Result<Tok, SyntaxError> {
        loop {
            match self.peek_char() {
                Some(' ') | Some('\t') | Some('\r') => self.i += 1,
                Some('\\') if self.s.get(self.i + 1) == Some(&'\n') => self.i += 2,
                Some('#') => {
                    while let Some(c) = self.peek_char() {
                        if c == '\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                _ => break,
            }
        }
        let Some(c) = self.peek_char() else { return Ok(Tok::Eof) };
        let two: String = self.s[self.i..(self.i + 3).min(self.s.len())].iter().collect();
        let op = |o: &'static str| two.starts_with(o);
        if c == '\n' {
            self.i += 1;
            return Ok(Tok::Newline);
        }
        if op("&>") {
            // ash's bash-compatible `&>file` (= `>file 2>&1`).
            self.i += 2;
            return Ok(Tok::Redir { fd: None, op: "&>" });
        }
        for o in ["&&", "||", ";;", "&", "|", ";", "(", ")"] {
            if op(o) {
                self.i += o.len();
                return Ok(Tok::Op(o));
            }
        }
        if c == '<' || c == '>' {
            return self.redir_op(None);
        }
        // IO number: digits directly followed by < or >.
        if c.is_ascii_digit() {
            let mut j = self.i;
            while j < self.s.len() && self.s[j].is_ascii_digit() {
                j += 1;
            }
            if matches!(self.s.get(j), Some('<') | Some('>')) {
                let n: String = self.s[self.i..j].iter().collect();
                self.i = j;
                return self.redir_op(Some(n.parse().unwrap_or(u32::MAX)));
            }
        }
        let word = self.word(None, false)?;
        let lit = match word.as_slice() {
            [WordPart::Lit { text, quoted: false }] => Some(text.clone()),
            _ => None,
        };
        Ok(Tok::Word { word, lit })
    }

    pub(super) fn redir_op(&mut self, fd: Option<u32>) -> Result<Tok, SyntaxError> {
        let rest: String = self.s[self.i..(self.i + 3).min(self.s.len())].iter().collect();
        for o in ["<<-", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">"] {
            if rest.starts_with(o) {
                self.i += o.len();
                return Ok(Tok::Redir { fd, op: o });
            }
        }
        Ok(Tok::Op(";")) // unreachable in practice: callers checked for < or >
    }

    /// Lexes one word. `stop`: an extra terminating character (`}` inside `${…}`); `dq`: inside
    /// double quotes (no splitting, only `$`, backquote and some backslashes are special).
    pub(super) fn word(&mut self, stop: Option<char>, dq: bool) -> Result<Word, SyntaxError> {
        let mut parts: Word = Vec::new();
        let mut lit = String::new();
        let flush = |lit: &mut String, parts: &mut Word, quoted: bool| {
            if !lit.is_empty() {
                parts.push(WordPart::Lit { text: std::mem::take(lit), quoted });
            }
        };
        while let Some(c) = self.peek_char() {
            if Some(c) == stop {
                break;
            }
            if stop.is_none() && !dq && is_meta(c) {
                break;
            }
            match c {
                '\\' => {
                    self.i += 1;
                    match self.peek_char() {
                        Some('\n') => self.i += 1,
                        Some(n) => {
                            self.i += 1;
                            if dq && !matches!(n, '$' | '`' | '"' | '\\') && Some(n) != stop {
                                lit.push('\\');
                                lit.push(n);
                            } else {
                                flush(&mut lit, &mut parts, dq);
                                parts.push(WordPart::Lit { text: n.to_string(), quoted: true });
                            }
                        }
                        None => lit.push('\\'),
                    }
                }
                '\'' if !dq => {
                    flush(&mut lit, &mut parts, false);
                    self.i += 1;
                    let mut q = String::new();
                    loop {
                        match self.peek_char() {
                            None => return Err(SyntaxError::UnterminatedQuote),
                            Some('\'') => {
                                self.i += 1;
                                break;
                            }
                            Some(ch) => {
                                q.push(ch);
                                self.i += 1;
                            }
                        }
                    }
                    parts.push(WordPart::Lit { text: q, quoted: true });
                }
                '"' if !dq => {
                    flush(&mut lit, &mut parts, false);
                    self.i += 1;
                    let inner = self.word(Some('"'), true)?;
                    if self.peek_char() != Some('"') {
                        return Err(SyntaxError::UnterminatedQuote);
                    }
                    self.i += 1;
                    if inner.is_empty() {
                        parts.push(WordPart::Lit { text: String::new(), quoted: true });
                    }
                    parts.extend(inner);
                }
                '$' => {
                    flush(&mut lit, &mut parts, dq);
                    self.i += 1;
                    let p = self.dollar(dq)?;
                    parts.push(p);
                }
                '`' => {
                    flush(&mut lit, &mut parts, dq);
                    self.i += 1;
                    let mut inner = String::new();
                    loop {
                        match self.peek_char() {
                            None => return Err(SyntaxError::UnterminatedQuote),
                            Some('`') => {
                                self.i += 1;
                                break;
                            }
                            Some('\\') => {
                                self.i += 1;
                                match self.peek_char() {
                                    Some(n @ ('`' | '\\' | '$')) => {
                                        inner.push(n);
                                        self.i += 1;
                                    }
                                    _ => inner.push('\\'),
                                }
                            }
                            Some(ch) => {
                                inner.push(ch);
                                self.i += 1;
                            }
                        }
                    }
                    self.enter()?;
                    let line = self.line_at(self.i);
                    let mut sub = Parser::new(inner.chars().collect(), self.depth, line);
                    sub.skip_linebreaks()?;
                    let prog = sub.list(&[])?;
                    let end = sub.next()?;
                    self.leave();
                    if end != Tok::Eof {
                        return Err(SyntaxError::Unexpected {
                            found: tokname(&end),
                            expecting: None,
                        });
                    }
                    parts.push(WordPart::Subst { prog, quoted: dq });
                }
                _ => {
                    lit.push(c);
                    self.i += 1;
                }
            }
        }
        flush(&mut lit, &mut parts, dq);
        Ok(parts)
    }

    pub(super) fn dollar(&mut self, dq: bool) -> Result<WordPart, SyntaxError> {
        let lit = |t: &str| WordPart::Lit { text: t.to_string(), quoted: dq };
        match self.peek_char() {
            Some('(') if self.s.get(self.i + 1) == Some(&'(') => {
                self.i += 2;
                let start = self.i;
                let mut depth = 0usize;
                loop {
                    match self.peek_char() {
                        None => return Err(SyntaxError::MissingArithParen),
                        Some('(') => depth += 1,
                        Some(')') if depth == 0 => {
                            if self.s.get(self.i + 1) == Some(&')') {
                                break;
                            }
                            return Err(SyntaxError::MissingArithParen);
                        }
                        Some(')') => depth -= 1,
                        _ => {}
                    }
                    self.i += 1;
                }
                let text: String = self.s[start..self.i].iter().collect();
                self.i += 2;
                let mut sub = Parser::new(text.chars().collect(), self.depth, 1);
                let expr = sub.word(Some('\u{0}'), true)?;
                Ok(WordPart::Arith { expr, quoted: dq })
            }
            Some('(') => {
                self.i += 1;
                self.enter()?;
                let saved = self.peeked.take();
                self.skip_linebreaks()?;
                let prog = if self.peek()? == &Tok::Op(")") {
                    Rc::new(Cmd::Empty)
                } else {
                    self.list(&[])?
                };
                let t = self.next()?;
                if t != Tok::Op(")") {
                    return Err(SyntaxError::Unexpected {
                        found: tokname(&t),
                        expecting: Some("\")\"".into()),
                    });
                }
                self.peeked = saved;
                self.leave();
                Ok(WordPart::Subst { prog, quoted: dq })
            }
            Some('{') => {
                self.i += 1;
                // `${a:-${a:-…}}` nests words inside words: counted like any other nesting.
                self.enter()?;
                let r = self.brace_param(dq);
                self.leave();
                r
            }
            Some(c) if is_name_start(c) || c.is_ascii_digit() || "?$!#@*-".contains(c) => {
                let name = self.param_name();
                Ok(WordPart::Param { name, op: ParamOp::Plain, arg: None, quoted: dq })
            }
            _ => Ok(lit("$")),
        }
    }

    pub(super) fn brace_param(&mut self, dq: bool) -> Result<WordPart, SyntaxError> {
        {
            {
                let length = self.peek_char() == Some('#')
                    && self.s.get(self.i + 1).is_some_and(|c| *c != '}');
                if length {
                    self.i += 1;
                }
                let name = self.param_name();
                if name.is_empty() {
                    return Err(SyntaxError::MissingBrace);
                }
                let rest: String = self.s[self.i..(self.i + 2).min(self.s.len())].iter().collect();
                let (op, n) = if length {
                    (ParamOp::Length, 0)
                } else if rest.starts_with('}') {
                    (ParamOp::Plain, 0)
                } else {
                    match rest.as_str() {
                        ":-" => (ParamOp::Default(true), 2),
                        ":=" => (ParamOp::Assign(true), 2),
                        ":+" => (ParamOp::Alt(true), 2),
                        ":?" => (ParamOp::Error(true), 2),
                        "##" => (ParamOp::TrimPrefix(true), 2),
                        "%%" => (ParamOp::TrimSuffix(true), 2),
                        _ => match rest.chars().next() {
                            Some('-') => (ParamOp::Default(false), 1),
                            Some('=') => (ParamOp::Assign(false), 1),
                            Some('+') => (ParamOp::Alt(false), 1),
                            Some('?') => (ParamOp::Error(false), 1),
                            Some('#') => (ParamOp::TrimPrefix(false), 1),
                            Some('%') => (ParamOp::TrimSuffix(false), 1),
                            _ => return Err(SyntaxError::MissingBrace),
                        },
                    }
                };
                self.i += n;
                let arg = if matches!(op, ParamOp::Plain | ParamOp::Length) {
                    None
                } else {
                    Some(self.word(Some('}'), dq)?)
                };
                if self.peek_char() != Some('}') {
                    return Err(SyntaxError::MissingBrace);
                }
                self.i += 1;
                Ok(WordPart::Param { name, op, arg, quoted: dq })
            }
        }
    }

    pub(super) fn param_name(&mut self) -> String {
        let Some(c) = self.peek_char() else { return String::new() };
        if c.is_ascii_digit() || "?$!#@*-".contains(c) {
            self.i += 1;
            return c.to_string();
        }
        let mut n = String::new();
        while let Some(c) = self.peek_char() {
            if !is_name_char(c) {
                break;
            }
            n.push(c);
            self.i += 1;
        }
        n
    }

    /// Reads a here-document body: the lines after the current line up to `delim`, removed from
    /// the input so the lexer continues after them.
    pub(super) fn heredoc(
        &mut self,
        delim: &str,
        strip_tabs: bool,
        expand: bool,
    ) -> Result<Word, SyntaxError> {
        let mut j = self.i;
        while j < self.s.len() && self.s[j] != '\n' {
            j += 1;
        }
        if j >= self.s.len() {
            return Ok(Vec::new());
        }
        let body_start = j + 1;
        let mut k = body_start;
        let mut body = String::new();
        let mut end = self.s.len();
        while k < self.s.len() {
            let mut e = k;
            while e < self.s.len() && self.s[e] != '\n' {
                e += 1;
            }
            let mut line: String = self.s[k..e].iter().collect();
            if strip_tabs {
                line = line.trim_start_matches('\t').to_string();
            }
            if line == delim {
                end = (e + 1).min(self.s.len());
                break;
            }
            body.push_str(&line);
            body.push('\n');
            k = e + 1;
        }
        let removed =
            self.s[body_start..end.max(body_start)].iter().filter(|c| **c == '\n').count();
        self.s.drain(body_start..end.max(body_start));
        self.drained.push((body_start, removed));
        if self.line_cache.0 > body_start {
            self.line_cache = (0, 0);
        }
        if !expand {
            return Ok(vec![WordPart::Lit { text: body, quoted: true }]);
        }
        let mut sub = Parser::new(body.chars().collect(), self.depth, 1);
        let w = sub.word(Some('\u{0}'), true)?;
        Ok(if w.is_empty() { vec![WordPart::Lit { text: String::new(), quoted: true }] } else { w })
    }
}
