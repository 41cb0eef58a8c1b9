//! Diagnostics are data: every problem found in the learner's text is a [`Diagnostic`] with a
//! severity, a message, a field path and a source range, rendered as text by the CLI and the UI.

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is. `Error` means the API server would refuse the object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The object would be rejected (syntax, decoding or validation error).
    Error,
    /// Accepted, but probably not what was meant (kubectl prints `Warning: …`).
    Warning,
    /// Accepted; podlab explains something (e.g. a real field the simulator does not model).
    Note,
}

/// A 1-based line/column range in the source text (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First line (1-based).
    pub line: u32,
    /// First column (1-based).
    pub column: u32,
    /// Last line (1-based, inclusive).
    pub end_line: u32,
    /// Column just after the range on `end_line` (1-based, exclusive).
    pub end_column: u32,
}

impl Span {
    /// A span covering one point.
    pub fn point(line: u32, column: u32) -> Span {
        Span { line, column, end_line: line, end_column: column + 1 }
    }
}

/// One problem or remark about the learner's manifests. Serialises to the `podlab check
/// --output json` shape: `severity, message, path, line, column, endLine, endColumn`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// The message, worded as the API server / kubectl words it where one exists.
    pub message: String,
    /// Field path (`spec.initContainers[0].name`), empty when none applies (syntax errors).
    pub path: String,
    /// First line (1-based).
    pub line: u32,
    /// First column (1-based).
    pub column: u32,
    /// Last line (1-based).
    pub end_line: u32,
    /// End column (1-based, exclusive).
    pub end_column: u32,
}

impl Diagnostic {
    /// Builds a diagnostic at a span.
    pub fn new(
        severity: Severity,
        message: impl Into<String>,
        path: impl Into<String>,
        span: Span,
    ) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            path: path.into(),
            line: span.line,
            column: span.column,
            end_line: span.end_line,
            end_column: span.end_column,
        }
    }
    /// The source range as a [`Span`].
    pub fn span(&self) -> Span {
        Span {
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
        }
    }
}
