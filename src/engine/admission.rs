//! Admission: the one front door for YAML, strict decoding into [`crate::engine::model`]
//! objects, and the API server's validation rules, all producing [`Diagnostic`]s.
//!
//! Entry point: [`admit`]; [`render::kubectl_output`] prints the result the way
//! `kubectl apply --dry-run=server -f FILE` would.
//!
//! The stages are Kubernetes' own, in its order (reliability.md R3), and a document stops at the
//! first stage that fails, as on a real cluster:
//! 1. [`frontdoor`]: size cap, pre-scan, libyaml event walk (syntax errors, duplicate keys,
//!    merge keys, alias and depth budgets). A syntax error stops the stream there; documents
//!    before it are still admitted (kubectl's builder keeps what it already decoded).
//! 2. kubectl's client-side checks: `apiVersion`/`kind` set, kind known (`route`), and
//!    `kubectl apply`'s need for `metadata.name` (no `generateName` with apply).
//! 3. [`decode`]: the API server's strict JSON decoding after kubectl's YAML 1.1 typing
//!    ([`resolve`]): type errors, quantities, base64, every unknown field (+ [`suggest`]ions).
//!    When only unknown fields failed, later validation errors are previewed as notes.
//! 4. namespace existence (the `NamespaceLifecycle` admission plugin runs before validation).
//! 5. [`validate`]: `The Pod "x" is invalid: …` field errors, and server warnings.
//! 6. [`defaults`]: the accepted pod gets the API server's defaults (pull policy, QoS class, …).
//!
//! serde_yaml is not used here: the event walk gives spans, styles and all unknown fields, and
//! the schema-driven decoder reproduces Go's error texts, which serde's do not.
//!
//! Decisions: several objects per editor are allowed (Pods, and Services/ConfigMaps/Secrets as
//! world objects); other kinds are refused with a message naming what podlab supports.

pub mod decode;
pub mod defaults;
pub mod extras;
pub mod frontdoor;
pub mod quantity;
pub mod render;
pub mod resolve;
pub mod schema;
pub mod suggest;
pub mod validate;

use crate::engine::diag::{Diagnostic, Severity, Span};
use crate::engine::model::{Object, SpanMap};
use crate::engine::sort::sort_by_key;
use frontdoor::{Node, NodeKind};
use resolve::Scalar;
use std::rc::Rc;

/// The outcome of admitting a YAML stream.
#[derive(Clone, Debug, Default)]
pub struct Admission {
    /// Objects the API server would accept, in stream order.
    pub objects: Vec<Object>,
    /// Every diagnostic, errors first (then warnings, then notes), each with its source range.
    pub diagnostics: Vec<Diagnostic>,
    /// What happened to each non-empty document, in stream order (for kubectl-style output).
    pub documents: Vec<DocReport>,
    /// A stream-level failure in kubectl's words (`error: error parsing {file}: …`, with a
    /// `{file}` placeholder), when the text could not be read to its end.
    pub fatal: Option<String>,
    /// Work done, for tests that bound it.
    pub stats: Stats,
}

/// How much work admission did (deterministic fuel, unlike wall-clock time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// libyaml events read.
    pub yaml_events: usize,
    /// Nodes alias expansion added (bounded by the alias budget).
    pub alias_nodes: usize,
}

impl Admission {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }
}

/// One document's fate.
#[derive(Clone, Debug, PartialEq)]
pub struct DocReport {
    /// 0-based document index in the stream.
    pub index: usize,
    /// First line of the document.
    pub line: u32,
    /// `kind` as written (may be empty).
    pub kind: String,
    /// `apiVersion` as written (may be empty).
    pub api_version: String,
    /// `metadata.name` as written (may be empty).
    pub name: String,
    /// `metadata.namespace` as written (empty when not given).
    pub namespace: String,
    /// Server warnings (`Warning: …` lines), in order.
    pub warnings: Vec<String>,
    /// Created, or why not.
    pub outcome: Outcome,
}

/// Whether a document was created.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `pod/x created (server dry run)`.
    Created,
    /// Refused.
    Rejected(Rejection),
}

/// Why a document was refused, one variant per kubectl error shape.
#[derive(Clone, Debug, PartialEq)]
pub enum Rejection {
    /// kubectl's client-side check: `error validating data: [apiVersion not set, kind not set]`.
    NotSet(Vec<&'static str>),
    /// `no matches for kind "X" in version "Y"`.
    NoMatch,
    /// A real kind podlab does not simulate.
    Unsupported,
    /// Strict decoding failed: the text after `Pod in version "v1" cannot be handled as a Pod: `.
    Decode(String),
    /// `namespaces "x" not found`.
    NamespaceNotFound,
    /// No `metadata.name`: apply cannot look the object up (`resource name may not be empty`).
    NoName,
    /// Only `metadata.generateName`, which apply refuses.
    GenerateName(String),
    /// Validation failed: `path: body` messages in API server order.
    Invalid(Vec<String>),
}

/// Real kinds (with their usual apiVersion) that podlab recognises but does not simulate.
const OTHER_KINDS: &[(&str, &str)] = &[
    ("Deployment", "apps/v1"),
    ("StatefulSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
    ("ReplicaSet", "apps/v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
    ("Namespace", "v1"),
    ("PersistentVolume", "v1"),
    ("ServiceAccount", "v1"),
    ("ReplicationController", "v1"),
    ("Endpoints", "v1"),
    ("LimitRange", "v1"),
    ("ResourceQuota", "v1"),
    ("Ingress", "networking.k8s.io/v1"),
    ("NetworkPolicy", "networking.k8s.io/v1"),
    ("Role", "rbac.authorization.k8s.io/v1"),
    ("RoleBinding", "rbac.authorization.k8s.io/v1"),
    ("ClusterRole", "rbac.authorization.k8s.io/v1"),
    ("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
    ("HorizontalPodAutoscaler", "autoscaling/v2"),
    ("PodDisruptionBudget", "policy/v1"),
    ("StorageClass", "storage.k8s.io/v1"),
];

const SUPPORTED: &[&str] = &["Pod", "Service", "ConfigMap", "Secret", "PersistentVolumeClaim"];

/// Parses and validates a YAML stream of manifests.
pub fn admit(text: &str) -> Admission {
    let stream = frontdoor::read_stream(text);
    let mut out = Admission {
        diagnostics: stream.diagnostics,
        fatal: stream.fatal,
        stats: Stats { yaml_events: stream.events, alias_nodes: stream.alias_nodes },
        ..Default::default()
    };
    for doc in &stream.documents {
        // An empty document (a trailing `---`, only comments) is a null scalar: kubectl skips it.
        match &doc.root {
            Some(root) if !is_null(root) => admit_document(root, doc.index, doc.span, &mut out),
            _ => {}
        }
    }
    if out.documents.is_empty() && out.fatal.is_none() {
        out.fatal = Some("error: no objects passed to apply".into());
        out.diagnostics.push(Diagnostic::new(
            Severity::Error,
            "No Pod yet — the editor is empty (kubectl says `error: no objects passed to apply`)",
            "",
            Span::point(1, 1),
        ));
    }
    // Stable: within a severity, source order is kept.
    sort_by_key(&mut out.diagnostics, |d| d.severity);
    out
}

fn is_null(n: &Node) -> bool {
    matches!(&n.kind, NodeKind::Scalar { value, style, tag } if resolve::resolve(value, *style, tag.as_deref()) == Scalar::Null)
}

fn scalar_str(n: Option<&Rc<Node>>) -> Option<String> {
    let n = n?;
    match &n.kind {
        NodeKind::Scalar { value, style, tag } => {
            match resolve::resolve(value, *style, tag.as_deref()) {
                Scalar::Null => None,
                Scalar::Str(s) => Some(s),
                Scalar::Bool(b) => Some(b.to_string()),
                other => Some(other.number_text()),
            }
        }
        _ => None,
    }
}

fn admit_document(root: &Node, index: usize, span: Span, out: &mut Admission) {
    let mut report = DocReport {
        index,
        line: span.line,
        kind: String::new(),
        api_version: String::new(),
        name: String::new(),
        namespace: String::new(),
        warnings: Vec::new(),
        outcome: Outcome::Created,
    };
    let doc_no = index + 1;
    if root.entries().is_none() {
        let what = if matches!(root.kind, NodeKind::Seq(_)) { "a list" } else { "a plain value" };
        out.diagnostics.push(Diagnostic::new(
            Severity::Error,
            format!("document {doc_no} (line {}) is {what}, not a Kubernetes object (a fragment of a manifest?); kubectl says: error validating data: [apiVersion not set, kind not set]", span.line),
            "",
            root.span,
        ));
        report.outcome =
            Outcome::Rejected(Rejection::NotSet(vec!["apiVersion not set", "kind not set"]));
        out.documents.push(report);
        return;
    }
    report.api_version = scalar_str(root.get("apiVersion")).unwrap_or_default();
    report.kind = scalar_str(root.get("kind")).unwrap_or_default();
    if let Some(m) = root.get("metadata") {
        report.name = scalar_str(m.get("name")).unwrap_or_default();
        report.namespace = scalar_str(m.get("namespace")).unwrap_or_default();
    }
    if let Some(r) = route(root, &mut report, out) {
        if apply_needs_name(root, &mut report, out) {
            admit_object(root, r, &mut report, out);
        }
    }
    out.documents.push(report);
}

/// `kubectl apply` looks the object up by name before sending it, so a missing name fails on
/// the client, before the API server's decoding or validation (`kubectl create` would instead
/// reach `metadata.name: Required value`).
fn apply_needs_name(root: &Node, report: &mut DocReport, out: &mut Admission) -> bool {
    if !report.name.is_empty() {
        return true;
    }
    let meta = root.get("metadata");
    let generate = meta.and_then(|m| scalar_str(m.get("generateName"))).unwrap_or_default();
    let at = meta.map(|m| m.span).unwrap_or(Span::point(root.span.line, root.span.column));
    let (msg, why) = if generate.is_empty() {
        let mut msg = "metadata.name is missing: `kubectl apply` needs a name to find the object (kubectl says `resource name may not be empty`)".to_string();
        if let Some(NodeKind::Scalar { value, .. }) = meta.map(|m| &m.kind) {
            if let Some(h) = decode::missing_space_hint(value) {
                msg = format!("{msg}; `metadata` is not a mapping here: {h}");
            }
        }
        (msg, Rejection::NoName)
    } else {
        (
            format!("`kubectl apply` cannot use metadata.generateName ({generate:?}); set metadata.name, or use `kubectl create`"),
            Rejection::GenerateName(generate),
        )
    };
    out.diagnostics.push(Diagnostic::new(Severity::Error, msg, "metadata.name", at));
    report.outcome = Outcome::Rejected(why);
    false
}

/// kubectl's client-side checks and REST mapping: which schema the document decodes as.
fn route(
    root: &Node,
    report: &mut DocReport,
    out: &mut Admission,
) -> Option<&'static schema::Schema> {
    let mut not_set = Vec::new();
    if report.api_version.is_empty() {
        not_set.push("apiVersion not set");
    }
    if report.kind.is_empty() {
        not_set.push("kind not set");
    }
    if !not_set.is_empty() {
        let mut msg = format!("kubectl says: error validating data: {}", aggregate(&not_set));
        // The classic `apiversion:` typo: name the key that was meant.
        for e in root.entries().unwrap_or(&[]) {
            if schema::POD.field(&e.key).is_none() {
                if let Some(s) = suggest::suggest(&e.key, &schema::POD) {
                    msg.push_str(&format!("; `{}` on line {}: {s}", e.key, e.key_span.line));
                }
            }
        }
        out.diagnostics.push(Diagnostic::new(
            Severity::Error,
            msg,
            "",
            Span::point(root.span.line, root.span.column),
        ));
        report.outcome = Outcome::Rejected(Rejection::NotSet(not_set));
        return None;
    }
    let (kind, version) = (report.kind.as_str(), report.api_version.as_str());
    let kind_span = root.get("kind").map(|k| k.span).unwrap_or(root.span);
    if version == "v1" {
        match kind {
            "Pod" => return Some(&schema::POD),
            "Service" => return Some(&schema::SERVICE),
            "ConfigMap" => return Some(&schema::CONFIG_MAP),
            "Secret" => return Some(&schema::SECRET),
            "PersistentVolumeClaim" => return Some(&schema::PVC),
            _ => {}
        }
    }
    let known = OTHER_KINDS.iter().find(|(k, _)| *k == kind);
    let real =
        known.is_some_and(|(_, v)| *v == version) || (SUPPORTED.contains(&kind) && version == "v1");
    if real {
        out.diagnostics.push(Diagnostic::new(
            Severity::Error,
            format!("podlab simulates only v1 Pod, Service, ConfigMap, Secret and PersistentVolumeClaim objects; this is a {version} {kind}, which a real cluster would create but podlab cannot run"),
            "kind",
            kind_span,
        ));
        report.outcome = Outcome::Rejected(Rejection::Unsupported);
        return None;
    }
    let mut msg = format!("no matches for kind \"{kind}\" in version \"{version}\"");
    if SUPPORTED.contains(&kind) || known.is_some() {
        let want = known.map(|(_, v)| *v).unwrap_or("v1");
        msg.push_str(&format!("; a {kind} is apiVersion `{want}`"));
    } else if let Some(s) = SUPPORTED
        .iter()
        .chain(OTHER_KINDS.iter().map(|(k, _)| k))
        .find(|s| s.eq_ignore_ascii_case(kind) || edit1(s, kind))
    {
        msg.push_str(&format!("; did you mean `{s}`?"));
    }
    out.diagnostics.push(Diagnostic::new(Severity::Error, msg, "kind", kind_span));
    report.outcome = Outcome::Rejected(Rejection::NoMatch);
    None
}

/// Within one edit (insert, delete, substitute or transpose) of each other.
fn edit1(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let s = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        p + s + 1 >= la
            || (p + 2 <= la && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..])
    } else {
        p + s >= la.min(lb)
    }
}

/// `utilerrors.NewAggregate(…).Error()`: one message alone, several in brackets.
pub fn aggregate(msgs: &[&str]) -> String {
    if msgs.len() == 1 {
        msgs[0].to_string()
    } else {
        format!("[{}]", msgs.join(", "))
    }
}

fn admit_object(
    root: &Node,
    schema: &'static schema::Schema,
    report: &mut DocReport,
    out: &mut Admission,
) {
    let checked = decode::check(root, schema);
    out.diagnostics.extend(checked.diagnostics);
    if let Some(e) = checked.kubectl_error {
        // A cluster stops at decoding. When only unknown fields failed, the rest of the tree is
        // well-typed, so podlab can say what validation will reject next (reliability.md §2.2:
        // "you will also hit…"), as notes that do not change the outcome.
        if e.starts_with("strict decoding error") {
            let (object, errors, _) = build_and_validate(root, schema, checked.spans);
            let spans = object_spans(&object);
            for fe in errors {
                out.diagnostics.push(Diagnostic::new(
                    Severity::Note,
                    format!(
                        "once the unknown fields are fixed, the API server will also reject this: {}",
                        fe.message()
                    ),
                    fe.path.clone(),
                    decode::locate(&spans, &fe.path),
                ));
            }
        }
        report.outcome = Outcome::Rejected(Rejection::Decode(e));
        return;
    }
    let (object, errors, warnings) = build_and_validate(root, schema, checked.spans);
    let spans = object_spans(&object);
    let ns = &object.metadata().namespace;
    if !validate::NAMESPACES.contains(&ns.as_str()) {
        out.diagnostics.push(Diagnostic::new(
            Severity::Error,
            format!(
                "namespaces \"{ns}\" not found (podlab's cluster has the namespaces {})",
                validate::NAMESPACES.join(", ")
            ),
            "metadata.namespace",
            decode::locate(&spans, "metadata.namespace"),
        ));
        report.outcome = Outcome::Rejected(Rejection::NamespaceNotFound);
        return;
    }
    // The API server computes warnings next to validation and sends them even when the
    // object is refused; kubectl prints them before the error.
    for w in &warnings {
        let path = w.split(": ").next().unwrap_or("");
        out.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            format!("Warning: {w}"),
            path,
            decode::locate(&spans, path),
        ));
    }
    report.warnings = warnings;
    if !errors.is_empty() {
        for e in &errors {
            out.diagnostics.push(Diagnostic::new(
                Severity::Error,
                e.message(),
                e.path.clone(),
                decode::locate(&spans, &e.path),
            ));
        }
        report.outcome =
            Outcome::Rejected(Rejection::Invalid(errors.iter().map(|e| e.message()).collect()));
        return;
    }
    report.name = object.metadata().name.clone();
    let mut object = object;
    if let Object::Pod(pod) = &mut object {
        // The API server's defaulting, once, on the accepted object (uid and creation time
        // follow when the pod is created at its virtual instant).
        defaults::set_defaults(pod);
    }
    out.objects.push(object);
}

/// Builds the model object from a tree strict decoding accepted (or rejected only for unknown
/// fields, which the builders ignore) and validates it: (object, field errors, warnings).
fn build_and_validate(
    root: &Node,
    schema: &'static schema::Schema,
    spans: SpanMap,
) -> (Object, Vec<validate::FieldError>, Vec<String>) {
    match schema.go {
        "Pod" => {
            let (pod, extras) = decode::build_pod(root, spans);
            let errs = validate::validate_pod(&pod, &extras);
            let warns = validate::pod_warnings(&pod);
            (Object::Pod(pod), errs, warns)
        }
        "Service" => {
            let s = decode::build_service(root, spans);
            let errs = validate::validate_service(&s);
            (Object::Service(s), errs, Vec::new())
        }
        "PersistentVolumeClaim" => {
            let c = decode::build_pvc(root, spans);
            let errs = validate::validate_pvc(&c);
            (Object::PersistentVolumeClaim(c), errs, Vec::new())
        }
        "ConfigMap" => {
            let c = decode::build_config_map(root, spans);
            let errs = validate::validate_config_map(&c);
            (Object::ConfigMap(c), errs, Vec::new())
        }
        _ => {
            let s = decode::build_secret(root, spans);
            let errs = validate::validate_secret(&s);
            (Object::Secret(s), errs, Vec::new())
        }
    }
}

fn object_spans(o: &Object) -> SpanMap {
    match o {
        Object::Pod(p) => p.spans.clone(),
        Object::Service(s) => s.spans.clone(),
        Object::ConfigMap(c) => c.spans.clone(),
        Object::Secret(s) => s.spans.clone(),
        Object::PersistentVolumeClaim(c) => c.spans.clone(),
    }
}
