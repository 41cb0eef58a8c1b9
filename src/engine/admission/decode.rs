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
use std::collections::BTreeMap;

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
        sorted.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
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
                    sorted.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
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

// ---------------------------------------------------------------------------------------------
// Builders (run only on trees `check` accepted)
// ---------------------------------------------------------------------------------------------

fn scalar(n: Option<&std::rc::Rc<Node>>) -> Option<Scalar> {
    match n.map(|n| node_kind(n)) {
        Some((_, Some(Scalar::Null))) | None => None,
        Some((_, s)) => s,
    }
}

fn s(n: &Node, key: &str) -> Option<String> {
    match scalar(n.get(key))? {
        Scalar::Str(s) => Some(s),
        _ => None,
    }
}

fn int(n: &Node, key: &str) -> Option<i64> {
    scalar(n.get(key)).as_ref().and_then(int_value).and_then(|v| i64::try_from(v).ok())
}

fn int32(n: &Node, key: &str) -> Option<i32> {
    int(n, key).and_then(|v| i32::try_from(v).ok())
}

fn boolean(n: &Node, key: &str) -> Option<bool> {
    match scalar(n.get(key))? {
        Scalar::Bool(b) => Some(b),
        _ => None,
    }
}

fn items<'a>(n: &'a Node, key: &str) -> Vec<&'a Node> {
    match n.get(key).map(|c| &c.kind) {
        Some(NodeKind::Seq(v)) => v.iter().map(|x| &**x).collect(),
        _ => Vec::new(),
    }
}

fn obj<'a>(n: &'a Node, key: &str) -> Option<&'a Node> {
    n.get(key).filter(|c| matches!(c.kind, NodeKind::Map(_))).map(|c| &**c)
}

fn strings(n: &Node, key: &str) -> Option<Vec<String>> {
    match &n.get(key)?.kind {
        NodeKind::Seq(v) => Some(
            v.iter()
                .map(|x| match node_kind(x).1 {
                    Some(Scalar::Str(s)) => s,
                    _ => String::new(),
                })
                .collect(),
        ),
        _ => None,
    }
}

fn str_map(n: &Node, key: &str) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Some(es) = n.get(key).and_then(|c| c.entries()) {
        for e in es {
            let v = match node_kind(&e.value).1 {
                Some(Scalar::Str(s)) => s,
                _ => String::new(),
            };
            m.insert(e.key.clone(), v);
        }
    }
    m
}

fn qty_map(n: &Node, key: &str) -> BTreeMap<String, Quantity> {
    let mut m = BTreeMap::new();
    if let Some(es) = n.get(key).and_then(|c| c.entries()) {
        for e in es {
            if let Some(q) = qty(&e.value) {
                m.insert(e.key.clone(), q);
            }
        }
    }
    m
}

fn qty(n: &Node) -> Option<Quantity> {
    let text = match node_kind(n).1? {
        Scalar::Str(s) => s.trim().to_string(),
        s @ (Scalar::Int(_) | Scalar::Float(_)) => s.number_text(),
        _ => return None,
    };
    quantity::parse(&text).ok().map(|(q, _)| q)
}

fn int_or_string(n: Option<&std::rc::Rc<Node>>) -> Option<IntOrString> {
    match scalar(n)? {
        Scalar::Str(s) => Some(IntOrString::String(s)),
        s => int_value(&s).and_then(|v| i32::try_from(v).ok()).map(IntOrString::Int),
    }
}

/// `metadata` (namespace defaulted to `default`).
pub fn build_meta(root: &Node) -> ObjectMeta {
    let Some(m) = obj(root, "metadata") else {
        return ObjectMeta { namespace: "default".into(), ..Default::default() };
    };
    ObjectMeta {
        name: s(m, "name").unwrap_or_default(),
        generate_name: s(m, "generateName"),
        namespace: s(m, "namespace").filter(|n| !n.is_empty()).unwrap_or_else(|| "default".into()),
        labels: str_map(m, "labels"),
        annotations: str_map(m, "annotations"),
        ..ObjectMeta::default()
    }
}

/// Builds a Pod from a tree `check` accepted.
pub fn build_pod(root: &Node, spans: SpanMap) -> (Pod, Extras) {
    let mut ex = Extras {
        ephemeral_containers: root
            .get("spec")
            .and_then(|sp| sp.get("ephemeralContainers"))
            .is_some_and(|e| matches!(&e.kind, NodeKind::Seq(v) if !v.is_empty())),
        ..Extras::default()
    };
    ex.ephemeral_containers = root
        .get("spec")
        .and_then(|sp| sp.get("ephemeralContainers"))
        .is_some_and(|e| matches!(&e.kind, NodeKind::Seq(v) if !v.is_empty()));
    let empty = Node { kind: NodeKind::Map(Vec::new()), span: root.span, size: 0, height: 0 };
    let sp = obj(root, "spec").unwrap_or(&empty);
    let restart_raw = s(sp, "restartPolicy");
    let restart_policy = match restart_raw.as_deref() {
        Some("OnFailure") => RestartPolicy::OnFailure,
        Some("Never") => RestartPolicy::Never,
        _ => RestartPolicy::Always,
    };
    let containers = |key: &str, ex: &mut Extras| -> Vec<Container> {
        items(sp, key)
            .into_iter()
            .enumerate()
            .map(|(i, c)| build_container(c, &format!("spec.{key}[{i}]"), ex))
            .collect()
    };
    let init_containers = containers("initContainers", &mut ex);
    let app_containers = containers("containers", &mut ex);
    let volumes = items(sp, "volumes")
        .into_iter()
        .map(|v| {
            let (vol, keys) = build_volume(v);
            ex.volume_sources.push(keys);
            vol
        })
        .collect();
    let security_context = obj(sp, "securityContext").map(|c| PodSecurityContext {
        run_as_user: int(c, "runAsUser"),
        run_as_group: int(c, "runAsGroup"),
        run_as_non_root: boolean(c, "runAsNonRoot"),
        fs_group: int(c, "fsGroup"),
    });
    let pod = Pod {
        metadata: build_meta(root),
        spec: PodSpec {
            init_containers,
            containers: app_containers,
            restart_policy,
            restart_policy_raw: restart_raw
                .filter(|r| !matches!(r.as_str(), "Always" | "OnFailure" | "Never")),
            active_deadline_seconds: int(sp, "activeDeadlineSeconds"),
            termination_grace_period_seconds: int(sp, "terminationGracePeriodSeconds"),
            volumes,
            node_name: s(sp, "nodeName"),
            service_account_name: s(sp, "serviceAccountName"),
            hostname: s(sp, "hostname"),
            subdomain: s(sp, "subdomain"),
            security_context,
            share_process_namespace: boolean(sp, "shareProcessNamespace"),
            dns_policy: s(sp, "dnsPolicy"),
            scheduler_name: s(sp, "schedulerName"),
            enable_service_links: boolean(sp, "enableServiceLinks"),
            // Set by the Priority admission plugin (defaults.rs), not from the manifest.
            priority: None,
            preemption_policy: s(sp, "preemptionPolicy"),
            qos_class: None,
        },
        spans,
    };
    (pod, ex)
}

fn build_container(c: &Node, path: &str, ex: &mut Extras) -> Container {
    let resize = items(c, "resizePolicy");
    if !resize.is_empty() {
        // apimachinery's `ErrorBody` prints a non-scalar bad value with Go's `%#v` (internal
        // types refuse JSON marshalling), so the message shows Go syntax.
        let inner: Vec<String> = resize
            .iter()
            .map(|r| {
                format!(
                    "core.ContainerResizePolicy{{ResourceName:{}, RestartPolicy:{}}}",
                    super::validate::go_quote(&s(r, "resourceName").unwrap_or_default()),
                    super::validate::go_quote(&s(r, "restartPolicy").unwrap_or_default())
                )
            })
            .collect();
        ex.resize_policy.insert(
            path.to_string(),
            format!("[]core.ContainerResizePolicy{{{}}}", inner.join(", ")),
        );
    }
    let ports = items(c, "ports")
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if let Some(ip) = s(p, "hostIP") {
                ex.host_ip.insert((path.to_string(), i), ip);
            }
            ContainerPort {
                name: s(p, "name"),
                container_port: int32(p, "containerPort").unwrap_or(0),
                // Defaulting sets TCP before validation runs.
                protocol: Some(s(p, "protocol").unwrap_or_else(|| "TCP".into())),
                host_port: int32(p, "hostPort"),
            }
        })
        .collect();
    let env = items(c, "env")
        .into_iter()
        .map(|e| EnvVar {
            name: s(e, "name").unwrap_or_default(),
            value: s(e, "value"),
            value_from: obj(e, "valueFrom").and_then(build_env_source),
        })
        .collect();
    let env_from = items(c, "envFrom")
        .into_iter()
        .map(|e| EnvFromSource {
            prefix: s(e, "prefix"),
            config_map_ref: obj(e, "configMapRef").map(|r| {
                (s(r, "name").unwrap_or_default(), boolean(r, "optional").unwrap_or(false))
            }),
            secret_ref: obj(e, "secretRef").map(|r| {
                (s(r, "name").unwrap_or_default(), boolean(r, "optional").unwrap_or(false))
            }),
        })
        .collect();
    let resources = obj(c, "resources")
        .map(|r| ResourceRequirements {
            requests: qty_map(r, "requests"),
            limits: qty_map(r, "limits"),
        })
        .unwrap_or_default();
    let volume_mounts = items(c, "volumeMounts")
        .into_iter()
        .map(|m| VolumeMount {
            name: s(m, "name").unwrap_or_default(),
            mount_path: s(m, "mountPath").unwrap_or_default(),
            sub_path: s(m, "subPath"),
            read_only: boolean(m, "readOnly").unwrap_or(false),
        })
        .collect();
    let security_context = obj(c, "securityContext").map(|x| SecurityContext {
        run_as_user: int(x, "runAsUser"),
        run_as_group: int(x, "runAsGroup"),
        run_as_non_root: boolean(x, "runAsNonRoot"),
        read_only_root_filesystem: boolean(x, "readOnlyRootFilesystem"),
        privileged: boolean(x, "privileged"),
        allow_privilege_escalation: boolean(x, "allowPrivilegeEscalation"),
    });
    let lifecycle = obj(c, "lifecycle").map(|l| Lifecycle {
        post_start: obj(l, "postStart").map(build_probe),
        pre_stop: obj(l, "preStop").map(build_probe),
    });
    Container {
        name: s(c, "name").unwrap_or_default(),
        image: s(c, "image").unwrap_or_default(),
        image_pull_policy: s(c, "imagePullPolicy"),
        command: strings(c, "command"),
        args: strings(c, "args"),
        working_dir: s(c, "workingDir"),
        env,
        env_from,
        ports,
        resources,
        volume_mounts,
        restart_policy: s(c, "restartPolicy"),
        liveness_probe: obj(c, "livenessProbe").map(build_probe),
        readiness_probe: obj(c, "readinessProbe").map(build_probe),
        startup_probe: obj(c, "startupProbe").map(build_probe),
        lifecycle,
        security_context,
        has_resize_policy: !resize.is_empty(),
        stdin: boolean(c, "stdin").unwrap_or(false),
        tty: boolean(c, "tty").unwrap_or(false),
        termination_message_path: s(c, "terminationMessagePath"),
        termination_message_policy: s(c, "terminationMessagePolicy"),
    }
}

fn build_env_source(v: &Node) -> Option<EnvVarSource> {
    if let Some(r) = obj(v, "configMapKeyRef") {
        return Some(EnvVarSource::ConfigMapKeyRef {
            name: s(r, "name").unwrap_or_default(),
            key: s(r, "key").unwrap_or_default(),
            optional: boolean(r, "optional").unwrap_or(false),
        });
    }
    if let Some(r) = obj(v, "secretKeyRef") {
        return Some(EnvVarSource::SecretKeyRef {
            name: s(r, "name").unwrap_or_default(),
            key: s(r, "key").unwrap_or_default(),
            optional: boolean(r, "optional").unwrap_or(false),
        });
    }
    if let Some(r) = obj(v, "fieldRef") {
        return Some(EnvVarSource::FieldRef { field_path: s(r, "fieldPath").unwrap_or_default() });
    }
    if let Some(r) = obj(v, "resourceFieldRef") {
        return Some(EnvVarSource::ResourceFieldRef {
            container_name: s(r, "containerName"),
            resource: s(r, "resource").unwrap_or_default(),
        });
    }
    None
}

/// Probe or lifecycle handler, with the API server's defaults applied (period 10 s, timeout
/// 1 s, success 1, failure 3; a zero means "default", as in `SetDefaults_Probe`).
fn build_probe(p: &Node) -> Probe {
    let d = |k: &str, def: i32| int32(p, k).filter(|v| *v != 0).unwrap_or(def);
    Probe {
        exec: obj(p, "exec").map(|e| strings(e, "command").unwrap_or_default()),
        http_get: obj(p, "httpGet").map(|h| HttpGetAction {
            path: s(h, "path").filter(|x| !x.is_empty()).unwrap_or_else(|| "/".into()),
            port: int_or_string(h.get("port")).unwrap_or_default(),
            host: s(h, "host"),
            scheme: Some(s(h, "scheme").unwrap_or_else(|| "HTTP".into())),
        }),
        tcp_socket: obj(p, "tcpSocket").map(|t| int_or_string(t.get("port")).unwrap_or_default()),
        grpc: obj(p, "grpc").map(|g| int32(g, "port").unwrap_or(0)),
        initial_delay_seconds: int32(p, "initialDelaySeconds").unwrap_or(0),
        period_seconds: d("periodSeconds", 10),
        timeout_seconds: d("timeoutSeconds", 1),
        success_threshold: d("successThreshold", 1),
        failure_threshold: d("failureThreshold", 3),
    }
}

fn key_to_paths(n: &Node) -> Vec<KeyToPath> {
    items(n, "items")
        .into_iter()
        .map(|i| KeyToPath {
            key: s(i, "key").unwrap_or_default(),
            path: s(i, "path").unwrap_or_default(),
        })
        .collect()
}

fn downward_items(n: &Node) -> Vec<(String, String)> {
    items(n, "items")
        .into_iter()
        .map(|i| {
            (
                s(i, "path").unwrap_or_default(),
                obj(i, "fieldRef").and_then(|f| s(f, "fieldPath")).unwrap_or_default(),
            )
        })
        .collect()
}

fn build_volume(v: &Node) -> (Volume, Vec<&'static str>) {
    let keys: Vec<&'static str> = super::schema::VOLUME
        .fields
        .iter()
        .filter(|f| f.name != "name" && scalar_or_node_present(v, f.name))
        .map(|f| f.name)
        .collect();
    let source = match keys.first().copied() {
        Some("emptyDir") => {
            let e = obj(v, "emptyDir");
            VolumeSource::EmptyDir {
                medium: e.and_then(|e| s(e, "medium")),
                size_limit: e.and_then(|e| e.get("sizeLimit")).and_then(|q| qty(q)),
            }
        }
        Some("configMap") => {
            let c = obj(v, "configMap");
            VolumeSource::ConfigMap {
                name: c.and_then(|c| s(c, "name")).unwrap_or_default(),
                items: c.map(key_to_paths).unwrap_or_default(),
                optional: c.and_then(|c| boolean(c, "optional")).unwrap_or(false),
                default_mode: c.and_then(|c| int32(c, "defaultMode")),
            }
        }
        Some("secret") => {
            let c = obj(v, "secret");
            VolumeSource::Secret {
                secret_name: c.and_then(|c| s(c, "secretName")).unwrap_or_default(),
                items: c.map(key_to_paths).unwrap_or_default(),
                optional: c.and_then(|c| boolean(c, "optional")).unwrap_or(false),
                default_mode: c.and_then(|c| int32(c, "defaultMode")),
            }
        }
        Some("downwardAPI") => VolumeSource::DownwardApi {
            items: obj(v, "downwardAPI").map(downward_items).unwrap_or_default(),
        },
        Some("hostPath") => VolumeSource::HostPath {
            path: obj(v, "hostPath").and_then(|h| s(h, "path")).unwrap_or_default(),
        },
        Some("persistentVolumeClaim") => VolumeSource::PersistentVolumeClaim {
            claim_name: obj(v, "persistentVolumeClaim")
                .and_then(|h| s(h, "claimName"))
                .unwrap_or_default(),
        },
        Some("projected") => {
            let sources = obj(v, "projected")
                .map(|p| {
                    items(p, "sources")
                        .into_iter()
                        .filter_map(|src| {
                            if let Some(c) = obj(src, "configMap") {
                                Some(ProjectedSource::ConfigMap {
                                    name: s(c, "name").unwrap_or_default(),
                                    items: key_to_paths(c),
                                    optional: boolean(c, "optional").unwrap_or(false),
                                })
                            } else if let Some(c) = obj(src, "secret") {
                                Some(ProjectedSource::Secret {
                                    name: s(c, "name").unwrap_or_default(),
                                    items: key_to_paths(c),
                                    optional: boolean(c, "optional").unwrap_or(false),
                                })
                            } else if let Some(c) = obj(src, "downwardAPI") {
                                Some(ProjectedSource::DownwardApi { items: downward_items(c) })
                            } else {
                                obj(src, "serviceAccountToken").map(|c| {
                                    ProjectedSource::ServiceAccountToken {
                                        path: s(c, "path").unwrap_or_default(),
                                    }
                                })
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            VolumeSource::Projected { sources }
        }
        Some(other) => VolumeSource::Other { kind: other.to_string() },
        None => VolumeSource::Other { kind: String::new() },
    };
    (Volume { name: s(v, "name").unwrap_or_default(), source }, keys)
}

/// A volume source counts when it is given and not null (Go leaves a null pointer nil).
fn scalar_or_node_present(v: &Node, key: &str) -> bool {
    match v.get(key) {
        None => false,
        Some(n) => !matches!(node_kind(n).1, Some(Scalar::Null)),
    }
}

/// Builds a Service.
pub fn build_service(root: &Node, spans: SpanMap) -> Service {
    let empty = Node { kind: NodeKind::Map(Vec::new()), span: root.span, size: 0, height: 0 };
    let sp = obj(root, "spec").unwrap_or(&empty);
    Service {
        metadata: build_meta(root),
        selector: str_map(sp, "selector"),
        ports: items(sp, "ports")
            .into_iter()
            .map(|p| ServicePort {
                name: s(p, "name"),
                port: int32(p, "port").unwrap_or(0),
                target_port: int_or_string(p.get("targetPort")),
                protocol: Some(s(p, "protocol").unwrap_or_else(|| "TCP".into())),
            })
            .collect(),
        type_: s(sp, "type"),
        cluster_ip: s(sp, "clusterIP"),
        spans,
    }
}

/// A `map[string][]byte` field, base64-decoded (`check` already rejected bad base64).
fn b64_map(root: &Node, key: &str) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    if let Some(es) = root.get(key).and_then(|b| b.entries()) {
        for e in es {
            if let Some(Scalar::Str(v)) = node_kind(&e.value).1 {
                m.insert(e.key.clone(), base64_decode(&v).unwrap_or_default());
            }
        }
    }
    m
}

/// Builds a ConfigMap.
pub fn build_config_map(root: &Node, spans: SpanMap) -> ConfigMap {
    let binary_data = b64_map(root, "binaryData");
    ConfigMap { metadata: build_meta(root), data: str_map(root, "data"), binary_data, spans }
}

/// Builds a PersistentVolumeClaim.
pub fn build_pvc(root: &Node, spans: SpanMap) -> PersistentVolumeClaim {
    let spec = obj(root, "spec");
    let storage = spec
        .and_then(|s| obj(s, "resources"))
        .and_then(|r| obj(r, "requests"))
        .and_then(|r| r.get("storage"))
        .and_then(|n| match &n.kind {
            NodeKind::Scalar { value, .. } => Some(value.clone()),
            _ => None,
        });
    PersistentVolumeClaim {
        metadata: build_meta(root),
        access_modes: spec.and_then(|s| strings(s, "accessModes")).unwrap_or_default(),
        storage,
        storage_class_name: spec.and_then(|sp| s(sp, "storageClassName")),
        spans,
    }
}

/// Builds a Secret (`stringData` wins over `data`, as the API server merges them).
pub fn build_secret(root: &Node, spans: SpanMap) -> Secret {
    let mut data = b64_map(root, "data");
    for (k, v) in str_map(root, "stringData") {
        data.insert(k, v.into_bytes());
    }
    Secret { metadata: build_meta(root), data, type_: s(root, "type"), spans }
}

/// Where to mark a problem at `path` in the editor: the field itself when it was written;
/// otherwise the key of the nearest written ancestor (one line), or, for a list item or the
/// document, its first key, rather than a range covering the whole block.
pub fn locate(spans: &SpanMap, path: &str) -> Span {
    if let Some(s) = spans.values.get(path).or_else(|| spans.keys.get(path)) {
        return *s;
    }
    let mut p = path;
    loop {
        let parent = match p.rfind(['.', '[']) {
            Some(i) => &p[..i],
            None => "",
        };
        if let Some(k) = spans.keys.get(parent) {
            return *k;
        }
        if parent.is_empty() || spans.values.contains_key(parent) {
            // A list item (or the document): its first written key, in source order.
            let prefix = if parent.is_empty() { String::new() } else { format!("{parent}.") };
            let first = spans
                .keys
                .range(prefix.clone()..)
                .take_while(|(k, _)| k.starts_with(&prefix))
                .map(|(_, s)| *s)
                .min_by_key(|s| (s.line, s.column));
            return first
                .unwrap_or_else(|| spans.values.get(parent).copied().unwrap_or(spans.document));
        }
        p = parent;
    }
}
