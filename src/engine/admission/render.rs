//! kubectl's output for an [`Admission`]: what `kubectl apply --dry-run=server -f FILE` prints
//! on stdout (`pod/x created (server dry run)`) and stderr (`Warning: …`, `The Pod "x" is
//! invalid: …`, `Error from server (BadRequest): …`), and its exit code.
//!
//! Entry point: [`kubectl_output`].
//!
//! Error texts: `The Pod "x" is invalid: ` comes from kubectl's `checkErr` for Invalid status
//! errors (one cause inline; several as `MultilineError`: a trailing space after the colon,
//! then `* ` lines); decoding errors are BadRequest status errors wrapped by `AddSourceToErr`.
//! When several objects fail, kubectl prints an aggregate: one raw line per error, client-side
//! errors without `error: `, API errors as `Error from server (Reason): error when creating …`
//! (an Invalid one with the server's own `Pod "x" is invalid: [a, b]` text).

use super::{aggregate, Admission, DocReport, Outcome, Rejection};

/// What kubectl would print, split by stream, and its exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KubectlOutput {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit code (1 when anything was refused).
    pub exit_code: i32,
}

/// `kind` → the resource name kubectl prints (`pod/x`).
fn resource(kind: &str) -> String {
    kind.to_ascii_lowercase()
}

/// Renders `adm` as kubectl would for file `file`.
pub fn kubectl_output(adm: &Admission, file: &str) -> KubectlOutput {
    let mut out = KubectlOutput::default();
    let rejected = adm.documents.iter().filter(|d| d.outcome != Outcome::Created).count();
    // One error is printed by kubectl's `checkErr` with its prefix (`error: `, `Error from
    // server (…)`, `The Pod "x" is invalid: `); several come as an aggregate, one raw line each
    // (`MultipleErrors` with an empty prefix), API errors still prefixed `Error from server`.
    let multi = rejected + usize::from(adm.fatal.is_some()) > 1;
    // kubectl reads every document first (client-side errors: validation, REST mapping, a
    // parse error ending the stream), then applies the objects it could read.
    let mut client_errors: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for d in &adm.documents {
        for w in &d.warnings {
            out.stderr.push_str(&format!("Warning: {w}\n"));
        }
        match &d.outcome {
            Outcome::Created => {
                out.stdout.push_str(&format!(
                    "{}/{} created (server dry run)\n",
                    resource(&d.kind),
                    d.name
                ));
            }
            Outcome::Rejected(
                r @ (Rejection::NotSet(_) | Rejection::NoMatch | Rejection::Unsupported),
            ) => client_errors.push(rejection(d, r, file, multi)),
            Outcome::Rejected(r) => errors.push(rejection(d, r, file, multi)),
        }
    }
    if let Some(f) = &adm.fatal {
        let f = f.replace("{file}", file);
        client_errors.push(if multi {
            f.strip_prefix("error: ").unwrap_or(&f).to_string()
        } else {
            f
        });
    }
    client_errors.append(&mut errors);
    let errors = client_errors;
    for e in &errors {
        out.stderr.push_str(e);
        out.stderr.push('\n');
    }
    out.exit_code = i32::from(!errors.is_empty());
    out
}

/// One refused document in kubectl's words; `multi` selects the aggregate form.
fn rejection(d: &DocReport, r: &Rejection, file: &str, multi: bool) -> String {
    let client = |msg: String| if multi { msg } else { format!("error: {msg}") };
    match r {
        Rejection::NotSet(list) => client(format!(
            "error validating \"{file}\": error validating data: {}; if you choose to ignore these errors, turn validation off with --validate=false",
            aggregate(list)
        )),
        Rejection::NoMatch => client(format!(
            "resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{file}\": no matches for kind \"{}\" in version \"{}\"\nensure CRDs are installed first",
            d.name, d.namespace, d.kind, d.api_version
        )),
        Rejection::Unsupported => client(format!(
            "podlab simulates only v1 Pod, Service, ConfigMap, Secret and PersistentVolumeClaim objects; \"{file}\" document {} (line {}) is a {} {} (a real cluster would create it)",
            d.index + 1,
            d.line,
            d.api_version,
            d.kind
        )),
        Rejection::Decode(e) => format!(
            "Error from server (BadRequest): error when creating \"{file}\": {k} in version \"v1\" cannot be handled as a {k}: {e}",
            k = d.kind
        ),
        Rejection::NamespaceNotFound => format!(
            "Error from server (NotFound): error when creating \"{file}\": namespaces \"{}\" not found",
            d.namespace
        ),
        Rejection::Invalid(msgs) if multi => {
            // The API server's own message: causes aggregated in brackets when several.
            let causes = msgs.iter().map(String::as_str).collect::<Vec<_>>();
            format!(
                "Error from server (Invalid): error when creating \"{file}\": {} {:?} is invalid: {}",
                d.kind,
                d.name,
                aggregate(&causes)
            )
        }
        Rejection::Invalid(msgs) => invalid(&d.kind, &d.name, msgs),
        Rejection::NoName => client(format!(
            "error when retrieving current configuration of:\nResource: \"/v1, Resource={}s\", GroupVersionKind: \"/v1, Kind={}\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{file}\": resource name may not be empty",
            resource(&d.kind),
            d.kind,
            if d.namespace.is_empty() { "default" } else { &d.namespace }
        )),
        Rejection::GenerateName(g) => client(format!("from {g}: cannot use generate name with apply")),
    }
}

/// `The Pod "x" is invalid: …` for one or several field errors.
pub fn invalid(kind: &str, name: &str, msgs: &[String]) -> String {
    let head = format!("The {kind} {:?} is invalid: ", name);
    if msgs.len() == 1 {
        format!("{head}{}", msgs[0])
    } else {
        let mut s = head;
        for m in msgs {
            s.push_str("\n* ");
            s.push_str(m);
        }
        s
    }
}
