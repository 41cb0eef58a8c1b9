//! Flag parsing with pflag's rules: `--long=v`, `--long v`, `-s v`, `-s=v`, `-sv`, bundled
//! booleans, and `--` ending the flags.

use super::ConsoleOutput;
use std::collections::BTreeMap;

/// One flag a verb accepts.
#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    /// `--long`.
    pub long: &'static str,
    /// `-s`, if any.
    pub short: Option<char>,
    /// Whether it takes a value (`--output yaml`) or is a switch (`--watch`).
    pub takes_value: bool,
}

/// A [`FlagSpec`] (short to write in tables).
pub const fn f(long: &'static str, short: Option<char>, takes_value: bool) -> FlagSpec {
    FlagSpec { long, short, takes_value }
}

/// Flags every verb accepts (kubectl's global flags that make sense here).
pub const GLOBAL: &[FlagSpec] =
    &[f("namespace", Some('n'), true), f("all-namespaces", Some('A'), false)];

/// A verb's words after pflag's parsing.
#[derive(Default)]
pub struct Parsed {
    /// Positional words.
    pub args: Vec<String>,
    /// Last value of each flag.
    pub flags: BTreeMap<String, String>,
    /// Every value of each flag, for repeatable ones (`--env A=1 --env B=2`).
    pub all: BTreeMap<String, Vec<String>>,
    /// The words after `--`.
    pub after_dash: Option<Vec<String>>,
}

impl Parsed {
    /// Whether switch `k` is on.
    pub fn has(&self, k: &str) -> bool {
        self.flags.get(k).is_some_and(|v| v != "false")
    }
    /// The (last) value of flag `k`.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.flags.get(k).map(String::as_str)
    }
}

/// kubectl's usage error for `verb`.
pub fn usage_error(verb: &str, msg: &str) -> ConsoleOutput {
    ConsoleOutput::err(format!("error: {msg}\nSee 'kubectl {verb} -h' for help and examples\n"))
}

/// Parses `words` with `specs` plus the [`GLOBAL`] flags, as pflag does; an unknown flag or a
/// missing value is kubectl's error.
pub fn parse_flags(
    verb: &str,
    words: &[String],
    specs: &[FlagSpec],
) -> Result<Parsed, Box<ConsoleOutput>> {
    let all: Vec<FlagSpec> = specs.iter().chain(GLOBAL.iter()).copied().collect();
    let unknown = |msg: String| {
        Box::new(ConsoleOutput::err(format!(
            "error: {msg}\nSee 'kubectl {verb} --help' for usage.\n"
        )))
    };
    let mut p = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if w == "--" {
            p.after_dash = Some(words[i + 1..].to_vec());
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = all.iter().find(|s| s.long == name) else {
                return Err(unknown(format!("unknown flag: --{name}")));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        match words.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return Err(unknown(format!("flag needs an argument: --{name}")))
                            }
                        }
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".into())
            };
            p.all.entry(spec.long.to_string()).or_default().push(value.clone());
            p.flags.insert(spec.long.to_string(), value);
        } else if w.len() > 1 && w.starts_with('-') && w != "-" {
            let chars: Vec<char> = w[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(spec) = all.iter().find(|s| s.short == Some(c)) else {
                    return Err(unknown(format!("unknown shorthand flag: '{c}' in {w}")));
                };
                if spec.takes_value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').map(String::from).unwrap_or(rest)
                    } else {
                        i += 1;
                        match words.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return Err(unknown(format!(
                                    "flag needs an argument: '{c}' in -{c}"
                                )))
                            }
                        }
                    };
                    p.all.entry(spec.long.to_string()).or_default().push(value.clone());
                    p.flags.insert(spec.long.to_string(), value);
                    break;
                }
                p.flags.insert(spec.long.to_string(), "true".into());
                j += 1;
            }
        } else {
            p.args.push(w.clone());
        }
        i += 1;
    }
    Ok(p)
}
