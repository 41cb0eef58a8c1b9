//! The shell's syntax tree. Nodes are reference-counted so the resumable executor can keep a
//! node in a frame (and come back to it after a `sleep`) without cloning the tree.

use std::rc::Rc;

/// A word: the parts it is made of, expanded left to right and then joined.
pub type Word = Vec<WordPart>;

/// One piece of a word.
#[derive(Clone, Debug, PartialEq)]
pub enum WordPart {
    /// Literal text; `quoted` when it came from quotes or a backslash (no splitting, no globbing).
    Lit { text: String, quoted: bool },
    /// `$name`, `${name}`, `${name:-word}` …
    Param { name: String, op: ParamOp, arg: Option<Word>, quoted: bool },
    /// `$(…)` or `` `…` ``.
    Subst { prog: Rc<Cmd>, quoted: bool },
    /// `$((…))` (the text between the parentheses, expanded before evaluation).
    Arith { expr: Word, quoted: bool },
}

/// Parameter expansion operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamOp {
    /// `$x`
    Plain,
    /// `${#x}`
    Length,
    /// `${x:-w}` (colon) / `${x-w}`
    Default(bool),
    /// `${x:=w}` / `${x=w}`
    Assign(bool),
    /// `${x:+w}` / `${x+w}`
    Alt(bool),
    /// `${x:?w}` / `${x?w}`
    Error(bool),
    /// `${x#p}` (false) / `${x##p}` (true)
    TrimPrefix(bool),
    /// `${x%p}` (false) / `${x%%p}` (true)
    TrimSuffix(bool),
}

/// A redirection.
#[derive(Clone, Debug, PartialEq)]
pub struct Redir {
    /// File descriptor being redirected (0, 1, 2).
    pub fd: u32,
    /// What to do.
    pub op: RedirOp,
    /// Target word (file name, or fd number for dups), or here-document body.
    pub target: Word,
}

/// Redirection operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirOp {
    /// `>` (and `>|`)
    Out,
    /// `>>`
    Append,
    /// `<`
    In,
    /// `>&N` / `<&N`
    Dup,
    /// `<<` here-document (target is the body; already expanded-or-not at parse time)
    Heredoc,
    /// `<>`
    ReadWrite,
}

/// A simple command.
#[derive(Clone, Debug, PartialEq)]
pub struct Simple {
    /// `NAME=value` prefixes.
    pub assigns: Vec<(String, Word)>,
    /// Command name and arguments.
    pub words: Vec<Word>,
    /// Redirections.
    pub redirs: Vec<Redir>,
    /// Line of the script it starts on (for `line N:` in messages).
    pub line: usize,
}

/// The arms of a `case`: patterns and the body (none for an empty arm).
pub type CaseArms = Rc<Vec<(Vec<Word>, Option<Rc<Cmd>>)>>;

/// A command node.
#[derive(Clone, Debug, PartialEq)]
pub enum Cmd {
    /// A simple command.
    Simple(Rc<Simple>),
    /// `a | b | c`, `!` negates.
    Pipeline { stages: Rc<Vec<Rc<Cmd>>>, bang: bool },
    /// `a && b` (true) / `a || b` (false).
    AndOr { left: Rc<Cmd>, and: bool, right: Rc<Cmd> },
    /// A list: each item with whether it ends in `&`.
    Seq(Rc<Vec<(Rc<Cmd>, bool)>>),
    /// `if … then … elif … else … fi`.
    If { arms: Rc<Vec<(Rc<Cmd>, Rc<Cmd>)>>, els: Option<Rc<Cmd>> },
    /// `while` (until = false) / `until` (true).
    Loop { cond: Rc<Cmd>, body: Rc<Cmd>, until: bool },
    /// `for var in words; do body; done` (`None` words: `"$@"`).
    For { var: String, words: Option<Rc<Vec<Word>>>, body: Rc<Cmd> },
    /// `case word in pats) body;; esac`.
    Case { word: Word, arms: CaseArms },
    /// `{ …; }`.
    Group(Rc<Cmd>),
    /// `( … )`.
    Subshell(Rc<Cmd>),
    /// `name() body`.
    FuncDef { name: String, body: Rc<Cmd> },
    /// A compound command with redirections.
    Redirected { cmd: Rc<Cmd>, redirs: Rc<Vec<Redir>> },
    /// The empty program.
    Empty,
}
