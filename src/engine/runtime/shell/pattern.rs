//! Shell pattern matching (`case`, `${x#pat}`, globbing) and `$((…))` arithmetic.

/// Whether `s` matches the shell pattern `pat` (`*`, `?`, `[…]`, `\x`).
pub fn matches(pat: &str, s: &str) -> bool {
    let p: Vec<char> = pat.chars().collect();
    let t: Vec<char> = s.chars().collect();
    // Iterative matcher with star backtracking: linear in practice, no recursion.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star = Some((pi, ti));
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some((ok, next)) = class(&p, pi, t[ti]) {
                        if ok {
                            pi = next;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                '\\' if pi + 1 < p.len() => {
                    if p[pi + 1] == t[ti] {
                        pi += 2;
                        ti += 1;
                        continue;
                    }
                }
                c => {
                    if c == t[ti] {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn class(p: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(p.get(i), Some('!') | Some('^'));
    if negate {
        i += 1;
    }
    let mut ok = false;
    let mut first = true;
    while i < p.len() {
        if p[i] == ']' && !first {
            return Some((ok != negate, i + 1));
        }
        first = false;
        if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
            if p[i] <= c && c <= p[i + 2] {
                ok = true;
            }
            i += 3;
        } else {
            if p[i] == c {
                ok = true;
            }
            i += 1;
        }
    }
    None
}

/// Whether a pattern has any unescaped wildcard.
pub fn has_wildcard(pat: &str) -> bool {
    let mut esc = false;
    for c in pat.chars() {
        if esc {
            esc = false;
            continue;
        }
        match c {
            '\\' => esc = true,
            '*' | '?' | '[' => return true,
            _ => {}
        }
    }
    false
}

/// Removes pattern escapes (`\*` → `*`).
pub fn unescape(pat: &str) -> String {
    let mut out = String::new();
    let mut esc = false;
    for c in pat.chars() {
        if !esc && c == '\\' {
            esc = true;
            continue;
        }
        esc = false;
        out.push(c);
    }
    out
}

/// Evaluates `$((expr))` with 64-bit wrapping arithmetic like ash, reading and assigning
/// (`i++`, `x += 2`, `y = 3`) shell variables in `vars`.
pub fn arith(
    expr: &str,
    vars: &mut std::collections::BTreeMap<String, String>,
) -> Result<i64, String> {
    let toks = tokenize(expr)?;
    let mut p = Arith { t: toks, i: 0, vars, depth: 0 };
    let v = p.ternary()?;
    if p.i != p.t.len() {
        return Err("arithmetic syntax error".into());
    }
    Ok(v)
}

#[derive(Clone, Debug, PartialEq)]
enum AT {
    Num(i64),
    Name(String),
    Op(String),
}

fn tokenize(s: &str) -> Result<Vec<AT>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch.is_ascii_digit() {
            let st = i;
            while i < c.len() && c[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let t: String = c[st..i].iter().collect();
            let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                i64::from_str_radix(h, 16)
            } else if t.len() > 1 && t.starts_with('0') {
                i64::from_str_radix(&t[1..], 8)
            } else {
                t.parse::<i64>()
            };
            out.push(AT::Num(v.map_err(|_| "arithmetic syntax error".to_string())?));
        } else if ch.is_ascii_alphabetic() || ch == '_' {
            let st = i;
            while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(AT::Name(c[st..i].iter().collect()));
        } else {
            let two: String = c[i..(i + 2).min(c.len())].iter().collect();
            let op = [
                "<=", ">=", "==", "!=", "&&", "||", "<<", ">>", "++", "--", "+=", "-=", "*=", "/=",
                "%=",
            ]
            .iter()
            .find(|o| two == **o)
            .map(|o| o.to_string());
            match op {
                Some(o) => {
                    i += 2;
                    out.push(AT::Op(o));
                }
                None if "+-*/%()<>!~&|^?:=".contains(ch) => {
                    i += 1;
                    out.push(AT::Op(ch.to_string()));
                }
                None => return Err("arithmetic syntax error".into()),
            }
        }
    }
    Ok(out)
}

struct Arith<'a> {
    t: Vec<AT>,
    i: usize,
    vars: &'a mut std::collections::BTreeMap<String, String>,
    depth: usize,
}

impl Arith<'_> {
    fn is_op(&self, o: &str) -> bool {
        matches!(self.t.get(self.i), Some(AT::Op(x)) if x == o)
    }

    fn ternary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 64 {
            return Err("arithmetic nesting too deep".into());
        }
        let c = self.binary(1)?;
        let r = if self.is_op("?") {
            self.i += 1;
            let a = self.ternary()?;
            if !self.is_op(":") {
                return Err("arithmetic syntax error".into());
            }
            self.i += 1;
            let b = self.ternary()?;
            if c != 0 {
                a
            } else {
                b
            }
        } else {
            c
        };
        self.depth -= 1;
        Ok(r)
    }

    fn binary(&mut self, min: u8) -> Result<i64, String> {
        let mut l = self.unary()?;
        loop {
            let Some(AT::Op(o)) = self.t.get(self.i).cloned() else { return Ok(l) };
            let prec = match o.as_str() {
                "||" => 1,
                "&&" => 2,
                "|" => 3,
                "^" => 4,
                "&" => 5,
                "==" | "!=" => 6,
                "<" | ">" | "<=" | ">=" => 7,
                "<<" | ">>" => 8,
                "+" | "-" => 9,
                "*" | "/" | "%" => 10,
                _ => return Ok(l),
            };
            if prec < min {
                return Ok(l);
            }
            self.i += 1;
            let r = self.binary(prec + 1)?;
            l = match o.as_str() {
                "||" => i64::from(l != 0 || r != 0),
                "&&" => i64::from(l != 0 && r != 0),
                "|" => l | r,
                "^" => l ^ r,
                "&" => l & r,
                "==" => i64::from(l == r),
                "!=" => i64::from(l != r),
                "<" => i64::from(l < r),
                ">" => i64::from(l > r),
                "<=" => i64::from(l <= r),
                ">=" => i64::from(l >= r),
                "<<" => l.wrapping_shl(r as u32),
                ">>" => l.wrapping_shr(r as u32),
                "+" => l.wrapping_add(r),
                "-" => l.wrapping_sub(r),
                "*" => l.wrapping_mul(r),
                "/" | "%" if r == 0 => return Err("divide by zero".into()),
                "/" => l.wrapping_div(r),
                _ => l.wrapping_rem(r),
            };
        }
    }

    fn value_of(&self, n: &str) -> Result<i64, String> {
        let v = self.vars.get(n).cloned().unwrap_or_default();
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        v.parse::<i64>().map_err(|_| "arithmetic syntax error".to_string())
    }

    fn set(&mut self, n: &str, v: i64) {
        self.vars.insert(n.to_string(), v.to_string());
    }

    fn unary(&mut self) -> Result<i64, String> {
        // Prefix ++x / --x.
        if let (Some(AT::Op(o)), Some(AT::Name(n))) =
            (self.t.get(self.i).cloned(), self.t.get(self.i + 1).cloned())
        {
            if o == "++" || o == "--" {
                self.i += 2;
                let v = self.value_of(&n)?;
                let nv = if o == "++" { v.wrapping_add(1) } else { v.wrapping_sub(1) };
                self.set(&n, nv);
                return Ok(nv);
            }
        }
        // Assignment x = e, x += e …, and postfix x++ / x--.
        if let (Some(AT::Name(n)), Some(AT::Op(o))) =
            (self.t.get(self.i).cloned(), self.t.get(self.i + 1).cloned())
        {
            match o.as_str() {
                "=" | "+=" | "-=" | "*=" | "/=" | "%=" => {
                    self.i += 2;
                    let r = self.ternary()?;
                    let cur = self.value_of(&n)?;
                    let v = match o.as_str() {
                        "=" => r,
                        "+=" => cur.wrapping_add(r),
                        "-=" => cur.wrapping_sub(r),
                        "*=" => cur.wrapping_mul(r),
                        _ if r == 0 => return Err("divide by zero".into()),
                        "/=" => cur.wrapping_div(r),
                        _ => cur.wrapping_rem(r),
                    };
                    self.set(&n, v);
                    return Ok(v);
                }
                "++" | "--" => {
                    self.i += 2;
                    let v = self.value_of(&n)?;
                    self.set(&n, if o == "++" { v.wrapping_add(1) } else { v.wrapping_sub(1) });
                    return Ok(v);
                }
                _ => {}
            }
        }
        match self.t.get(self.i).cloned() {
            Some(AT::Op(o)) if o == "-" || o == "+" || o == "!" || o == "~" => {
                self.i += 1;
                self.depth += 1;
                if self.depth > 64 {
                    return Err("arithmetic nesting too deep".into());
                }
                let v = self.unary()?;
                self.depth -= 1;
                Ok(match o.as_str() {
                    "-" => v.wrapping_neg(),
                    "!" => i64::from(v == 0),
                    "~" => !v,
                    _ => v,
                })
            }
            Some(AT::Op(o)) if o == "(" => {
                self.i += 1;
                let v = self.ternary()?;
                if !self.is_op(")") {
                    return Err("arithmetic syntax error".into());
                }
                self.i += 1;
                Ok(v)
            }
            Some(AT::Num(n)) => {
                self.i += 1;
                Ok(n)
            }
            Some(AT::Name(n)) => {
                self.i += 1;
                self.value_of(&n)
            }
            _ => Err("arithmetic syntax error".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_fnmatch() {
        assert!(matches("*.txt", "a.txt"));
        assert!(!matches("*.txt", "a.txc"));
        assert!(matches("[a-c]?", "bz"));
        assert!(matches("[!a]*", "bcd"));
        assert!(matches("\\*", "*"));
        assert!(!matches("\\*", "x"));
    }

    #[test]
    fn arithmetic_has_precedence_and_errors() {
        let mut v = std::collections::BTreeMap::new();
        v.insert("x".to_string(), "4".to_string());
        assert_eq!(arith("1 + 2 * 3", &mut v), Ok(7));
        assert_eq!(arith("(x + 1) % 3", &mut v), Ok(2));
        assert_eq!(arith("x > 3 && x < 5", &mut v), Ok(1));
        assert!(arith("1 / 0", &mut v).is_err());
        assert!(arith("1 +", &mut v).is_err());
    }

    #[test]
    fn arithmetic_assigns_like_ash() {
        let mut v = std::collections::BTreeMap::new();
        assert_eq!(arith("i++", &mut v), Ok(0));
        assert_eq!(v["i"], "1");
        assert_eq!(arith("++i", &mut v), Ok(2));
        assert_eq!(arith("i += 5", &mut v), Ok(7));
        assert_eq!(arith("j = i * 2", &mut v), Ok(14));
        assert_eq!(v["j"], "14");
    }
}
