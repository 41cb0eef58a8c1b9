//! Strict decoding: the API server's JSON decoder (sigs.k8s.io/json, case-sensitive, strict
//! field validation) applied to the spanned YAML tree, after kubectl's YAML 1.1 → JSON typing.
//!
//! Two passes. [`check`] walks the tree against the [`super::schema`] table and reports what
//! the decoder would: type errors in Go's wording (`json: cannot unmarshal string into Go struct
//! field Container.spec.containers.command of type []string`), errors from custom decoders
//! (quantities, base64, int-or-string) and **all** unknown fields; it also records every
//! field's span and notes real fields the simulator ignores. Only when `check` found no error
//! do the builders ([`build_pod`] and friends) turn the tree into [`crate::engine::model`]
//! types; they can trust the types `check` verified but still never panic.
//!
//! Order is the decoder's: JSON objects built by kubectl have their keys sorted (Go's
//! `json.Marshal` of a map), so fields are visited in byte order of their names. An error from a
//! custom decoder stops decoding and wins; otherwise the first type error wins; unknown fields
//! are reported only when decoding succeeded (`strict decoding error: unknown field "a",
//! unknown field "b"`).

pub use super::extras::Extras;
use super::frontdoor::{Node, NodeKind, Style};
use super::quantity;
use super::resolve::{quote_hint, resolve, Scalar};
use super::schema::{Schema, Ty};
use super::suggest::suggest;
use crate::engine::diag::{Diagnostic, Severity, Span};
use crate::engine::model::*;
use crate::engine::sort::sort_by;
use std::collections::BTreeMap;
mod build;
pub use build::*;

/// What strict decoding found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Errors, and notes about unsimulated fields.
    pub diagnostics: Vec<Diagnostic>,
    /// The decoder's error text, as kubectl prints it after `… cannot be handled as a Pod: `.
    pub kubectl_error: Option<String>,
    /// Spans of every field seen.
    pub spans: SpanMap,
}

struct Walk {
    out: Checked,
    fatal: Option<String>,
    first_type_error: Option<String>,
    unknown: Vec<String>,
}

/// Strictly decodes `root` (a mapping) as an object of type `schema`.
pub fn check(root: &Node, schema: &'static Schema) -> Checked {
    let mut w =
        Walk { out: Checked::default(), fatal: None, first_type_error: None, unknown: Vec::new() };
    w.out.spans.document = root.span;
    w.object(root, schema, "", "");
    let msg = if let Some(f) = w.fatal.take() {
        Some(f)
    } else if let Some(t) = w.first_type_error.take() {
        Some(t)
    } else if !w.unknown.is_empty() {
        Some(format!(
            "strict decoding error: {}",
            w.unknown
                .iter()
                .map(|p| format!("unknown field \"{p}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    } else {
        None
    };
    w.out.kubectl_error = msg;
    w.out
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn node_kind(n: &Node) -> (&'static str, Option<Scalar>) {
    match &n.kind {
        NodeKind::Scalar { value, style, tag } => {
            let s = resolve(value, *style, tag.as_deref());
            (s.json_kind(), Some(s))
        }
        NodeKind::Seq(_) => ("array", None),
        NodeKind::Map(_) => ("object", None),
    }
}

fn raw_plain(n: &Node) -> Option<&str> {
    match &n.kind {
        NodeKind::Scalar { value, style: Style::Plain, .. } => Some(value),
        _ => None,
    }
}

/// `resources:` written directly under `spec`: the real pod-level `spec.resources`, which a
/// v1.33 API server drops without a word (PodLevelResources is alpha, off by default, until
/// v1.34; `dropDisabledPodLevelResources` in pkg/api/pod/util.go). Almost always it is a
/// container's `resources` one indent short, so the warning asks.
fn pod_level_resources(spec: &Node, path: &str, at: Span) -> Diagnostic {
    let names: Vec<String> = match spec.get("containers").map(|c| &c.kind) {
        Some(NodeKind::Seq(items)) => items
            .iter()
            .map(|c| match c.get("name").map(|n| &n.kind) {
                Some(NodeKind::Scalar { value, .. }) => value.clone(),
                _ => String::new(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let target = match names.as_slice() {
        [one] if !one.is_empty() => format!("`spec.containers[0].resources` (container `{one}`)"),
        [_] => "`spec.containers[0].resources`".to_string(),
        _ => "`spec.containers[N].resources` of one container".to_string(),
    };
    Diagnostic::new(
        Severity::Warning,
        format!(
            "`{path}` is the pod-level resources field (PodLevelResources, alpha and off until v1.34): a v1.33 API server drops it without a word, so these requests and limits apply to nothing. Did you mean {target}? A container's `resources:` is indented under its `- name:`, one level deeper"
        ),
        path,
        at,
    )
}

impl Walk {
    fn object(&mut self, node: &Node, schema: &'static Schema, path: &str, gopath: &str) {
        let Some(entries) = node.entries() else {
            return;
        };
        let mut sorted: Vec<_> = entries.iter().collect();
        sort_by(&mut sorted, |a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
        for e in sorted {
            if self.fatal.is_some() {
                return;
            }
            let p = join(path, &e.key);
            let Some(f) = schema.field(&e.key) else {
                let mut msg = format!("strict decoding error: unknown field \"{p}\"");
                if let Some(s) = suggest(&e.key, schema) {
                    msg.push_str("; ");
                    msg.push_str(&s);
                }
                self.out.diagnostics.push(Diagnostic::new(
                    Severity::Error,
                    msg,
                    p.clone(),
                    e.key_span,
                ));
                self.unknown.push(p);
                continue;
            };
            self.out.spans.keys.insert(p.clone(), e.key_span);
            self.out.spans.values.insert(p.clone(), e.value.span);
            let is_null = matches!(node_kind(&e.value).1, Some(Scalar::Null));
            if schema.go == "PodSpec" && e.key == "resources" && !is_null {
                self.out.diagnostics.push(pod_level_resources(node, &p, e.key_span));
            } else if !f.sim && !is_null {
                self.out.diagnostics.push(Diagnostic::new(
                    Severity::Note,
                    format!(
                        "`{p}` is a real {} field; podlab accepts it but does not simulate it",
                        schema.go
                    ),
                    p.clone(),
                    e.key_span,
                ));
            }
            let gp = join(gopath, &e.key);
            self.value(&e.value, &f.ty, &p, &gp, schema.go);
        }
    }

    // The arguments are exactly the parts of Go's message; bundling them would only rename them.
    #[allow(clippy::too_many_arguments)]
    fn type_error(
        &mut self,
        node: &Node,
        kind: String,
        go_struct: &str,
        gopath: &str,
        ty: String,
        path: &str,
        hint: Option<String>,
    ) {
        let text = format!(
            "json: cannot unmarshal {kind} into Go struct field {go_struct}.{gopath} of type {ty}"
        );
        self.push_error(node, text.clone(), path, hint);
        if self.first_type_error.is_none() {
            self.first_type_error = Some(text);
        }
    }

    fn fatal_error(&mut self, node: &Node, text: String, path: &str, hint: Option<String>) {
        self.push_error(node, format!("{path}: {text}"), path, hint);
        if self.fatal.is_none() {
            self.fatal = Some(text);
        }
    }

    /// Records an error at `node`: the API server's text, then podlab's hint after a dash.
    fn push_error(&mut self, node: &Node, mut msg: String, path: &str, hint: Option<String>) {
        if let Some(h) = hint {
            msg.push_str(" — ");
            msg.push_str(&h);
        }
        self.out.diagnostics.push(Diagnostic::new(Severity::Error, msg, path, node.span));
    }

    fn value(&mut self, node: &Node, ty: &Ty, path: &str, gopath: &str, go_struct: &str) {
        let (kind, scalar) = node_kind(node);
        if matches!(scalar, Some(Scalar::Null)) {
            return; // Go's decoder leaves the field at its zero value.
        }
        match ty {
            Ty::Any => {}
            Ty::S(_) => {
                if kind != "string" {
                    let hint = match (&scalar, raw_plain(node)) {
                        (Some(s), Some(raw)) => quote_hint(raw, s),
                        _ => None,
                    };
                    self.type_error(
                        node,
                        kind.to_string(),
                        go_struct,
                        gopath,
                        ty.go_name(),
                        path,
                        hint,
                    );
                } else if let (Some(Scalar::Str(v)), Some(raw)) = (&scalar, raw_plain(node)) {
                    if v != raw {
                        // A plain date: go-yaml v2 reads it as a timestamp and JSON prints it
                        // back in RFC 3339, so the API server stores different text.
                        self.out.diagnostics.push(Diagnostic::new(
                            Severity::Note,
                            format!("kubectl's YAML reader turns the plain date `{raw}` into `{v}`; quote it (`\"{raw}\"`) to keep it as written"),
                            path,
                            node.span,
                        ));
                    }
                }
            }
            Ty::Bool => {
                if kind != "bool" {
                    let hint = (kind == "string")
                        .then(|| "write true or false without quotes".to_string());
                    self.type_error(
                        node,
                        kind.to_string(),
                        go_struct,
                        gopath,
                        "bool".into(),
                        path,
                        hint,
                    );
                }
            }
            Ty::I32 | Ty::I64 => {
                let (lo, hi) = if matches!(ty, Ty::I32) {
                    (i32::MIN as i128, i32::MAX as i128)
                } else {
                    (i64::MIN as i128, i64::MAX as i128)
                };
                match &scalar {
                    Some(s @ (Scalar::Int(_) | Scalar::Float(_))) => {
                        if int_value(s).is_none_or(|v| v < lo || v > hi) {
                            self.type_error(
                                node,
                                format!("number {}", s.number_text()),
                                go_struct,
                                gopath,
                                ty.go_name(),
                                path,
                                None,
                            );
                        }
                    }
                    Some(Scalar::Str(v)) => {
                        let hint = v.trim().parse::<i64>().ok().map(|n| {
                            format!(
                                "this is a quoted string; write the number without quotes: `{n}`"
                            )
                        });
                        self.type_error(
                            node,
                            kind.to_string(),
                            go_struct,
                            gopath,
                            ty.go_name(),
                            path,
                            hint,
                        );
                    }
                    _ => self.type_error(
                        node,
                        kind.to_string(),
                        go_struct,
                        gopath,
                        ty.go_name(),
                        path,
                        None,
                    ),
                }
            }
            Ty::StrList(_) | Ty::I64List if !matches!(node.kind, NodeKind::Seq(_)) => {
                let hint = match (&node.kind, matches!(ty, Ty::StrList(_))) {
                    (NodeKind::Scalar { value, .. }, true) => Some(list_hint(path, value)),
                    _ => None,
                };
                self.type_error(
                    node,
                    kind.to_string(),
                    go_struct,
                    gopath,
                    ty.go_name(),
                    path,
                    hint,
                );
            }
            Ty::StrList(elem) => {
                if let NodeKind::Seq(items) = &node.kind {
                    for (i, it) in items.iter().enumerate() {
                        self.value(it, &Ty::S(elem), &format!("{path}[{i}]"), gopath, go_struct);
                    }
                }
            }
            Ty::I64List => {
                if let NodeKind::Seq(items) = &node.kind {
                    for (i, it) in items.iter().enumerate() {
                        self.value(it, &Ty::I64, &format!("{path}[{i}]"), gopath, go_struct);
                    }
                }
            }
            Ty::StrMap | Ty::QtyMap | Ty::B64Map => match node.entries() {
                None => self.type_error(
                    node,
                    kind.to_string(),
                    go_struct,
                    gopath,
                    ty.go_name(),
                    path,
                    None,
                ),
                Some(entries) => {
                    let inner = match ty {
                        Ty::StrMap => Ty::S("string"),
                        Ty::QtyMap => Ty::Qty,
                        _ => Ty::B64,
                    };
                    let mut sorted: Vec<_> = entries.iter().collect();
                    sort_by(&mut sorted, |a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
                    for e in sorted {
                        let p = format!("{path}[{}]", e.key);
                        self.out.spans.keys.insert(p.clone(), e.key_span);
                        self.out.spans.values.insert(p.clone(), e.value.span);
                        self.value(&e.value, &inner, &p, gopath, go_struct);
                        if self.fatal.is_some() {
                            return;
                        }
                    }
                }
            },
            Ty::Qty => {
                let text = match (&node.kind, &scalar) {
                    (_, Some(Scalar::Str(s))) => s.trim().to_string(),
                    (_, Some(s @ (Scalar::Int(_) | Scalar::Float(_)))) => s.number_text(),
                    (_, Some(Scalar::Bool(b))) => b.to_string(),
                    _ => String::new(),
                };
                if let Err(e) = quantity::parse(&text) {
                    let hint =
                        Some("a quantity looks like `100m`, `0.5`, `64Mi` or `1G`".to_string());
                    self.fatal_error(node, e.to_string(), path, hint);
                }
            }
            // intstr's UnmarshalJSON decodes a non-string into an int32; the outer decoder then
            // adds the struct-field context to that type error (`addErrorContext`), and it is
            // fatal (custom unmarshaller errors stop decoding).
            Ty::IntOrStr => {
                let bad = match &scalar {
                    Some(Scalar::Str(_)) => None,
                    Some(s @ (Scalar::Int(_) | Scalar::Float(_))) => int_value(s)
                        .is_none_or(|v| v < i32::MIN as i128 || v > i32::MAX as i128)
                        .then(|| format!("number {}", s.number_text())),
                    _ => Some(kind.to_string()),
                };
                if let Some(k) = bad {
                    self.fatal_error(
                        node,
                        format!("json: cannot unmarshal {k} into Go struct field {go_struct}.{gopath} of type int32"),
                        path,
                        None,
                    );
                }
            }
            Ty::B64 => match &scalar {
                Some(Scalar::Str(s)) => {
                    if let Err(at) = base64_decode(s) {
                        self.fatal_error(
                            node,
                            format!("illegal base64 data at input byte {at}"),
                            path,
                            Some(
                                "`data` values must be base64; use `stringData` for plain text"
                                    .into(),
                            ),
                        );
                    }
                }
                _ => self.type_error(
                    node,
                    kind.to_string(),
                    go_struct,
                    gopath,
                    "[]uint8".into(),
                    path,
                    None,
                ),
            },
            Ty::Obj(s) => {
                if matches!(node.kind, NodeKind::Map(_)) {
                    self.object(node, s, path, gopath);
                } else {
                    let hint = raw_plain(node).and_then(missing_space_hint);
                    self.type_error(
                        node,
                        kind.to_string(),
                        go_struct,
                        gopath,
                        ty.go_name(),
                        path,
                        hint,
                    );
                }
            }
            Ty::List(s) => match &node.kind {
                NodeKind::Seq(items) => {
                    for (i, it) in items.iter().enumerate() {
                        let p = format!("{path}[{i}]");
                        self.out.spans.values.insert(p.clone(), it.span);
                        match it.kind {
                            NodeKind::Map(_) => self.object(it, s, &p, gopath),
                            _ => {
                                let (k, sc) = node_kind(it);
                                if !matches!(sc, Some(Scalar::Null)) {
                                    self.type_error(
                                        it,
                                        k.to_string(),
                                        go_struct,
                                        gopath,
                                        format!("v1.{}", s.go),
                                        &p,
                                        None,
                                    );
                                }
                            }
                        }
                        if self.fatal.is_some() {
                            return;
                        }
                    }
                }
                _ => {
                    let hint = matches!(node.kind, NodeKind::Map(_)).then(|| {
                        format!(
                            "`{}` is a list: start each item with `- `",
                            path.rsplit('.').next().unwrap_or(path)
                        )
                    });
                    self.type_error(
                        node,
                        kind.to_string(),
                        go_struct,
                        gopath,
                        ty.go_name(),
                        path,
                        hint,
                    );
                }
            },
        }
    }
}

/// `name:demo` (no space after the colon) is a plain string to YAML, not a `key: value`.
pub(crate) fn missing_space_hint(raw: &str) -> Option<String> {
    let (k, v) = raw.split_once(':')?;
    let key_like = !k.is_empty()
        && k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (key_like && v.chars().next().is_some_and(|c| !c.is_whitespace()))
        .then(|| format!("`{raw}` is one string to YAML: put a space after the colon (`{k}: {v}`)"))
}

fn int_value(s: &Scalar) -> Option<i128> {
    match s {
        Scalar::Int(i) => Some(*i),
        // json.Marshal prints an integral float below 1e21 without a fraction, which then
        // decodes into an int field (`1e3` → 1000).
        Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 1e21 => Some(*f as i128),
        _ => None,
    }
}

fn list_hint(path: &str, value: &str) -> String {
    let field = path.rsplit('.').next().unwrap_or(path);
    let shell = value.contains(['&', ';', '|', '$', '>', '<', '\'', '"']) || value.contains("&&");
    let fix = if shell {
        format!("[\"sh\", \"-c\", {:?}]", value)
    } else {
        let words: Vec<String> = value.split_whitespace().map(|w| format!("{w:?}")).collect();
        format!("[{}]", words.join(", "))
    };
    format!("{path}: expected a list of strings, found a string; write `{field}: {fix}`")
}

/// Go's `base64.StdEncoding` decoding (padding required; CR/LF ignored). The error is the
/// input offset Go reports.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, usize> {
    fn val(c: u8) -> Option<u8> {
        match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let chars: Vec<(usize, u8)> =
        s.bytes().enumerate().filter(|(_, c)| *c != b'\n' && *c != b'\r').collect();
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    let mut i = 0;
    while i < chars.len() {
        let quad = &chars[i..chars.len().min(i + 4)];
        if quad.len() < 4 {
            return Err(quad.first().map(|q| q.0).unwrap_or(0));
        }
        let mut v = [0u8; 4];
        let mut pad = 0;
        for (j, &(at, c)) in quad.iter().enumerate() {
            if c == b'=' && j >= 2 {
                pad += 1;
                continue;
            }
            if pad > 0 {
                return Err(at);
            }
            v[j] = val(c).ok_or(at)?;
        }
        if pad > 0 && i + 4 < chars.len() {
            return Err(chars[i + 4].0);
        }
        let n = (u32::from(v[0]) << 18)
            | (u32::from(v[1]) << 12)
            | (u32::from(v[2]) << 6)
            | u32::from(v[3]);
        out.push((n >> 16) as u8);
        if pad < 2 {
            out.push((n >> 8) as u8);
        }
        if pad < 1 {
            out.push(n as u8);
        }
        i += 4;
    }
    Ok(out)
}
