//! The shell's word splitting, as a terminal does it before kubectl sees its arguments.

/// Splits a command line the way a POSIX shell would before running kubectl: whitespace
/// separates words; `'…'` is literal; `"…"` keeps spaces and honours `\"`, `\\`, `\$`, `` \` ``;
/// a backslash outside quotes escapes the next character; `#` at the start of a word starts a
/// comment. An unterminated quote is an error (a shell would wait for more input).
pub fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.peek() {
                            Some(&n) if matches!(n, '"' | '\\' | '$' | '`') => {
                                cur.push(n);
                                chars.next();
                            }
                            _ => cur.push('\\'),
                        },
                        Some(ch) => cur.push(ch),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_follows_shell_quoting() {
        assert_eq!(
            tokenize(r#"kubectl exec p -- sh -c "echo \"hi\" $X" 'a b'"#).unwrap(),
            vec!["kubectl", "exec", "p", "--", "sh", "-c", "echo \"hi\" $X", "a b"]
        );
        assert_eq!(tokenize(r"a\ b  c # comment").unwrap(), vec!["a b", "c"]);
        assert_eq!(tokenize("echo ''").unwrap(), vec!["echo", ""]);
        assert!(tokenize("echo 'oops").is_err());
    }
}
