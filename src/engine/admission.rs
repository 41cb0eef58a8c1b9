//! Admission: the one front door for YAML, strict decoding into [`crate::engine::model`]
//! objects, and the API server's validation rules, all producing [`Diagnostic`]s.
//!
//! Entry point: [`admit`]. Placeholder: only YAML syntax errors are reported so far.

use crate::engine::diag::{Diagnostic, Severity, Span};
use crate::engine::model::Object;

/// The outcome of admitting a YAML stream.
#[derive(Clone, Debug, Default)]
pub struct Admission {
    /// Objects the API server would accept, in stream order.
    pub objects: Vec<Object>,
    /// Every diagnostic, errors first, each with its source range.
    pub diagnostics: Vec<Diagnostic>,
}

impl Admission {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Parses and validates a YAML stream of manifests.
pub fn admit(text: &str) -> Admission {
    let mut out = Admission::default();
    for doc in serde_yaml::Deserializer::from_str(text).take(crate::engine::limits::MAX_DOCS) {
        let r: Result<serde_yaml::Value, _> = serde::Deserialize::deserialize(doc);
        if let Err(e) = r {
            let (line, col) = e.location().map(|l| (l.line() as u32, l.column() as u32)).unwrap_or((1, 1));
            out.diagnostics.push(Diagnostic::new(Severity::Error, e.to_string(), "", Span::point(line, col)));
            break; // serde_yaml never ends after a syntax error (trap T1)
        }
    }
    out
}
