//! The verbs that change the cluster: `apply`, `create`, `run`, `expose`, `delete`. Each builds
//! or reads manifests, sends them through admission like any `apply`, and returns one
//! [`Action`] for the caller to add at the playhead.

use super::flags::{f, parse_flags, usage_error, FlagSpec};
use super::{is_pod_type, not_found, type_and_names, unknown_type, Console, ConsoleOutput};
use crate::engine::admission::admit;
use crate::engine::kubectl::yaml::{to_yaml, Node};
use crate::engine::kubelet::Action;
use crate::engine::model::{IntOrString, Object, ObjectMeta, Service, ServicePort};
use std::collections::BTreeMap;

/// `kubectl apply`'s (and `create -f`'s) flags.
pub(super) const APPLY_FLAGS: &[FlagSpec] = &[f("filename", Some('f'), true)];
/// `kubectl create service`'s flags.
pub(super) const CREATE_SERVICE_FLAGS: &[FlagSpec] =
    &[f("tcp", None, true), f("dry-run", None, true)];
/// Every flag of `kubectl create` (for completion).
pub(super) const CREATE_FLAGS: &[FlagSpec] =
    &[f("filename", Some('f'), true), f("tcp", None, true), f("dry-run", None, true)];
/// `kubectl delete`'s flags.
pub(super) const DELETE_FLAGS: &[FlagSpec] = &[
    f("grace-period", None, true),
    f("force", None, false),
    f("now", None, false),
    f("wait", None, false),
    f("filename", Some('f'), true),
];
/// `kubectl run`'s flags.
pub(super) const RUN_FLAGS: &[FlagSpec] = &[
    f("image", None, true),
    f("restart", None, true),
    f("labels", Some('l'), true),
    f("env", None, true),
    f("port", None, true),
    f("command", None, false),
    f("image-pull-policy", None, true),
];
/// `kubectl expose`'s flags.
pub(super) const EXPOSE_FLAGS: &[FlagSpec] = &[
    f("port", None, true),
    f("target-port", None, true),
    f("name", None, true),
    f("type", None, true),
    f("protocol", None, true),
];

impl Console<'_> {
    /// Existing API objects at the playhead, by (kind, name): pods from the timeline, the rest
    /// from the scenario's applies up to now.
    pub(super) fn existing(&self) -> BTreeMap<(String, String), Object> {
        let mut m = BTreeMap::new();
        for (t, a) in &self.scenario.actions {
            if *t > self.now {
                continue;
            }
            if let Action::Apply(objs) = a {
                for o in objs {
                    if !matches!(o, Object::Pod(_)) {
                        m.insert((o.kind().to_string(), o.metadata().name.clone()), o.clone());
                    }
                }
            }
        }
        for v in self.pods_now() {
            m.insert(("Pod".to_string(), v.pod.metadata.name.clone()), Object::Pod(v.pod.clone()));
        }
        m
    }

    /// `kubectl apply -f -|FILE` (and `create -f`).
    pub(super) fn apply(&self, args: &[String], create: bool) -> ConsoleOutput {
        let verb = if create { "create" } else { "apply" };
        let p = match parse_flags(verb, args, APPLY_FLAGS) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let Some(file) = p.get("filename") else {
            return usage_error(verb, "must specify one of -f and -k");
        };
        let (text, source) = if file == "-" {
            (self.editor.to_string(), "STDIN".to_string())
        } else {
            let base = file.rsplit('/').next().unwrap_or(file);
            match self.files.iter().find(|(n, _)| n == file || n.rsplit('/').next() == Some(base)) {
                Some((_, t)) => (t.clone(), file.to_string()),
                None => {
                    return ConsoleOutput::err(format!("error: the path {file:?} does not exist\n"))
                }
            }
        };
        self.apply_text(&text, &source, if create { Mode::Create } else { Mode::Apply })
    }

    /// Admits `text` and turns what the API server accepts into one `Apply` action at the
    /// playhead, printing each object's fate the way `verb` does.
    fn apply_text(&self, text: &str, source: &str, mode: Mode) -> ConsoleOutput {
        let verb = match mode {
            Mode::Apply => "apply",
            Mode::Create | Mode::Run | Mode::Expose => "create",
        };
        let adm = admit(text);
        let mut out = ConsoleOutput::default();
        // kubectl applies every document the API server accepts and reports the others, exit 1.
        let refusals = admission_stderr(&adm, source);
        let refused = adm.has_errors();
        if adm.objects.is_empty() {
            if refused && !refusals.trim().is_empty() {
                return ConsoleOutput::err(refusals);
            }
            return ConsoleOutput::err(format!("error: no objects passed to {verb}\n"));
        }
        let existing = self.existing();
        let mut to_apply = Vec::new();
        for o in adm.objects {
            let kind = o.kind();
            let name = o.metadata().name.clone();
            let lower = kind.to_lowercase();
            match existing.get(&(kind.to_string(), name.clone())) {
                None => {
                    let done = if mode == Mode::Expose { "exposed" } else { "created" };
                    out.stdout.push_str(&format!("{lower}/{name} {done}\n"));
                    to_apply.push(o);
                }
                Some(_) if mode == Mode::Create => {
                    out.stderr.push_str(&format!("Error from server (AlreadyExists): error when creating {source:?}: {lower}s {name:?} already exists\n"));
                    out.exit_code = 1;
                }
                Some(_) if mode != Mode::Apply => {
                    out.stderr.push_str(&format!(
                        "Error from server (AlreadyExists): {lower}s {name:?} already exists\n"
                    ));
                    out.exit_code = 1;
                }
                Some(old) => {
                    if same_object(old, &o) {
                        out.stdout.push_str(&format!("{lower}/{name} unchanged\n"));
                    } else if let Object::Pod(_) = o {
                        out.stderr.push_str(&format!(
                            "The Pod {name:?} is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"
                        ));
                        out.exit_code = 1;
                    } else {
                        out.stdout.push_str(&format!("{lower}/{name} configured\n"));
                        to_apply.push(o);
                    }
                }
            }
        }
        if !to_apply.is_empty() {
            out.action = Some((self.now, Action::Apply(to_apply)));
        }
        out.stderr = format!("{refusals}{}", out.stderr);
        if refused {
            out.exit_code = 1;
        }
        out
    }

    /// `kubectl run NAME --image=…`.
    pub(super) fn run_pod(&self, args: &[String]) -> ConsoleOutput {
        match run_manifest(args) {
            Ok(yaml) => self.apply_text(&yaml, "STDIN", Mode::Run),
            Err(e) => *e,
        }
    }

    /// `kubectl expose pod NAME`.
    pub(super) fn expose(&self, args: &[String]) -> ConsoleOutput {
        match self.expose_manifest(args) {
            Ok(yaml) => self.apply_text(&yaml, "STDIN", Mode::Expose),
            Err(e) => *e,
        }
    }

    /// `kubectl expose pod`'s generated Service manifest: the pod's labels as selector, the
    /// given (or first container) port.
    fn expose_manifest(&self, args: &[String]) -> Result<String, Box<ConsoleOutput>> {
        let p = parse_flags("expose", args, EXPOSE_FLAGS)?;
        let (ty, names) = type_and_names(&p.args);
        let Some(ty) = ty else {
            return Err(Box::new(usage_error(
                "expose",
                "You must provide one or more resources by argument or filename.",
            )));
        };
        if !is_pod_type(&ty) {
            return match ty.as_str() {
                "deployment" | "deployments" | "deploy" | "service" | "services" | "svc" | "replicaset" | "rs" => {
                    Err(Box::new(ConsoleOutput::err(format!("podlab: `kubectl expose {ty}` is not simulated here; expose a pod: kubectl expose pod NAME --port=80\n"))))
                }
                t => Err(Box::new(unknown_type(t))),
            };
        }
        let Some(pod) = names.first() else {
            return Err(Box::new(usage_error(
                "expose",
                "You must provide one or more resources by argument or filename.",
            )));
        };
        let Some(view) = self.pods_now().into_iter().find(|v| v.pod.metadata.name == *pod) else {
            return Err(Box::new(ConsoleOutput::err(not_found(pod))));
        };
        let labels = &view.pod.metadata.labels;
        if labels.is_empty() {
            return Err(Box::new(ConsoleOutput::err("error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\nSee 'kubectl expose -h' for help and examples\n")));
        }
        let port = match p.get("port") {
            Some(port) => port.to_string(),
            None => match view.pod.spec.containers.iter().flat_map(|c| c.ports.iter()).next() {
                Some(cp) => cp.container_port.to_string(),
                None => return Err(Box::new(ConsoleOutput::err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n"))),
            },
        };
        let Ok(port_n) = port.parse::<i64>() else {
            return Err(Box::new(ConsoleOutput::err(format!(
                "error: invalid argument {port:?} for \"--port\" flag\n"
            ))));
        };
        let target = match p.get("target-port") {
            Some(t) => t.parse::<i64>().map(Node::Int).unwrap_or_else(|_| Node::Str(t.to_string())),
            None => Node::Int(port_n),
        };
        let sel =
            Node::Map(labels.iter().map(|(k, v)| (k.clone(), Node::Str(v.clone()))).collect());
        let mut spec = vec![
            (
                "ports".to_string(),
                Node::Seq(vec![Node::Map(vec![
                    ("port".into(), Node::Int(port_n)),
                    ("protocol".into(), Node::Str(p.get("protocol").unwrap_or("TCP").to_string())),
                    ("targetPort".into(), target),
                ])]),
            ),
            ("selector".to_string(), sel.clone()),
        ];
        if let Some(t) = p.get("type") {
            spec.push(("type".into(), Node::Str(t.to_string())));
        }
        let name = p.get("name").unwrap_or(pod).to_string();
        let manifest = Node::Map(vec![
            ("apiVersion".into(), Node::Str("v1".into())),
            ("kind".into(), Node::Str("Service".into())),
            (
                "metadata".into(),
                Node::Map(vec![("name".into(), Node::Str(name)), ("labels".into(), sel)]),
            ),
            ("spec".into(), Node::Map(spec)),
        ]);
        Ok(to_yaml(&manifest))
    }

    /// `kubectl create -f …` or `kubectl create service clusterip|nodeport NAME --tcp=…`.
    pub(super) fn create(&self, args: &[String]) -> ConsoleOutput {
        if args.first().map(String::as_str) != Some("service")
            && args.first().map(String::as_str) != Some("svc")
        {
            return self.apply(args, true);
        }
        let p = match parse_flags("create service", &args[1..], CREATE_SERVICE_FLAGS) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        let Some(kind) = p.args.first() else {
            return ConsoleOutput::out(
                "Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip       Create a ClusterIP service\n  externalname    Create an ExternalName service\n  loadbalancer    Create a LoadBalancer service\n  nodeport        Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n",
            );
        };
        let type_ = match kind.as_str() {
            "clusterip" => "ClusterIP",
            "nodeport" => "NodePort",
            "loadbalancer" | "externalname" => {
                return ConsoleOutput::err(format!("podlab: `kubectl create service {kind}` is not simulated here; use clusterip or nodeport\n"));
            }
            other => {
                return ConsoleOutput::err(format!(
                    "error: unknown command {other:?} for \"kubectl create service\"\n"
                ))
            }
        };
        let Some(name) = p.args.get(1) else {
            return usage_error(
                &format!("create service {kind}"),
                "exactly one NAME is required, got 0",
            );
        };
        let Some(tcp) = p.get("tcp") else {
            return ConsoleOutput::err("error: at least one tcp port specifier must be provided\n");
        };
        let mut ports = Vec::new();
        for spec in tcp.split(',') {
            let (port, target) = spec.split_once(':').unwrap_or((spec, spec));
            let (Ok(port), Ok(target)) = (port.parse::<i32>(), target.parse::<i32>()) else {
                return ConsoleOutput::err(format!("error: invalid tcp port specifier {spec:?}\n"));
            };
            ports.push(ServicePort {
                name: Some(format!("{port}-{target}")),
                port,
                target_port: Some(IntOrString::Int(target)),
                protocol: Some("TCP".into()),
            });
        }
        let mut labels = BTreeMap::new();
        labels.insert("app".to_string(), name.clone());
        let svc = Service {
            metadata: ObjectMeta {
                name: name.clone(),
                namespace: "default".into(),
                labels: labels.clone(),
                ..Default::default()
            },
            selector: labels,
            ports,
            type_: Some(type_.into()),
            cluster_ip: None,
            spans: Default::default(),
        };
        if self.existing().contains_key(&("Service".to_string(), name.clone())) {
            return ConsoleOutput::err(format!(
                "error: failed to create {kind} service: services {name:?} already exists\n"
            ));
        }
        ConsoleOutput {
            stdout: format!("service/{name} created\n"),
            action: Some((self.now, Action::Apply(vec![Object::Service(svc)]))),
            ..Default::default()
        }
    }

    /// `kubectl delete pod NAME`.
    pub(super) fn delete(&self, args: &[String]) -> ConsoleOutput {
        let p = match parse_flags("delete", args, DELETE_FLAGS) {
            Ok(p) => p,
            Err(e) => return *e,
        };
        if p.get("filename").is_some() {
            return ConsoleOutput::err("podlab: `kubectl delete -f` is not simulated here; use `kubectl delete pod NAME`\n");
        }
        let (ty, names) = type_and_names(&p.args);
        let Some(ty) = ty else {
            return usage_error("delete", "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        };
        if !is_pod_type(&ty) {
            return match ty.as_str() {
                "services" | "service" | "svc" | "configmaps" | "cm" | "secrets" | "secret" => ConsoleOutput::err(format!("podlab: `kubectl delete {ty}` is not simulated here; only pods can be deleted\n")),
                t => unknown_type(t),
            };
        }
        if names.is_empty() {
            return ConsoleOutput::err(
                "error: resource(s) were provided, but no name was specified\n",
            );
        }
        let mut out = ConsoleOutput::default();
        if p.has("force") || p.get("grace-period").is_some() || p.has("now") {
            out.stderr.push_str("podlab: --force/--grace-period/--now are not simulated: the pod is deleted with its own grace period\n");
        }
        let pods = if self.in_default_ns(&p) { self.pods_now() } else { Vec::new() };
        let mut deleted = Vec::new();
        for n in &names {
            if pods.iter().any(|v| v.pod.metadata.name == *n) {
                out.stdout.push_str(&format!("pod {n:?} deleted from default namespace\n"));
                deleted.push(n.clone());
            } else {
                out.stderr.push_str(&not_found(n));
                out.exit_code = 1;
            }
        }
        // One action per command: several names are deleted at the same instant, in order.
        if let Some(first) = deleted.first() {
            out.action = Some((self.now, Action::DeletePod(first.clone())));
            if deleted.len() > 1 {
                out.stderr
                    .push_str("podlab: one pod per delete command; run the others separately\n");
                out.stdout = format!("pod {first:?} deleted from default namespace\n");
            }
        }
        out
    }
}

/// `kubectl run`'s generated Pod manifest (the `run=NAME` label, one container named after the
/// pod, `args` — or `command` with `--command` — from the words after `--`).
fn run_manifest(args: &[String]) -> Result<String, Box<ConsoleOutput>> {
    let p = parse_flags("run", args, RUN_FLAGS)?;
    let Some(name) = p.args.first().cloned() else {
        return Err(Box::new(usage_error("run", "NAME is required for run")));
    };
    let Some(image) = p.get("image") else {
        return Err(Box::new(ConsoleOutput::err("error: required flag(s) \"image\" not set\n")));
    };
    let restart = p.get("restart").unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return Err(Box::new(ConsoleOutput::err(format!(
            "error: invalid restart policy: {restart}\n"
        ))));
    }
    let mut labels: Vec<(String, Node)> = Vec::new();
    match p.get("labels") {
        Some(l) => {
            for kv in l.split(',') {
                let Some((k, v)) = kv.split_once('=') else {
                    return Err(Box::new(ConsoleOutput::err(format!(
                        "error: invalid label spec: {kv}\n"
                    ))));
                };
                labels.push((k.to_string(), Node::Str(v.to_string())));
            }
        }
        None => labels.push(("run".into(), Node::Str(name.clone()))),
    }
    let mut c: Vec<(String, Node)> = vec![
        ("name".into(), Node::Str(name.clone())),
        ("image".into(), Node::Str(image.to_string())),
    ];
    if let Some(pp) = p.get("image-pull-policy") {
        c.push(("imagePullPolicy".into(), Node::Str(pp.to_string())));
    }
    let rest: Vec<Node> = p
        .after_dash
        .clone()
        .unwrap_or_default()
        .into_iter()
        .chain(p.args[1..].iter().cloned())
        .map(Node::Str)
        .collect();
    if !rest.is_empty() {
        c.push((if p.has("command") { "command" } else { "args" }.into(), Node::Seq(rest)));
    }
    if let Some(envs) = p.all.get("env") {
        let mut list = Vec::new();
        for kv in envs {
            let (k, v) = kv.split_once('=').unwrap_or((kv.as_str(), ""));
            list.push(Node::Map(vec![
                ("name".into(), Node::Str(k.to_string())),
                ("value".into(), Node::Str(v.to_string())),
            ]));
        }
        c.push(("env".into(), Node::Seq(list)));
    }
    if let Some(port) = p.get("port") {
        match port.parse::<i64>() {
            Ok(n) => c.push(("ports".into(), Node::Seq(vec![Node::Map(vec![("containerPort".into(), Node::Int(n))])]))),
            Err(_) => {
                return Err(Box::new(ConsoleOutput::err(format!(
                    "error: invalid argument {port:?} for \"--port\" flag: strconv.ParseInt: parsing {port:?}: invalid syntax\nSee 'kubectl run --help' for usage.\n"
                ))))
            }
        }
    }
    let manifest = Node::Map(vec![
        ("apiVersion".into(), Node::Str("v1".into())),
        ("kind".into(), Node::Str("Pod".into())),
        (
            "metadata".into(),
            Node::Map(vec![("name".into(), Node::Str(name)), ("labels".into(), Node::Map(labels))]),
        ),
        (
            "spec".into(),
            Node::Map(vec![
                ("containers".into(), Node::Seq(vec![Node::Map(c)])),
                ("restartPolicy".into(), Node::Str(restart.to_string())),
            ]),
        ),
    ]);
    Ok(to_yaml(&manifest))
}

/// What `kubectl apply` prints on stderr for admission's verdict: `Warning: …` lines and each
/// refusal (`The Pod "x" is invalid: …`, `Error from server (BadRequest): error when creating
/// "STDIN": …`). `source` is the file name kubectl would quote (`STDIN` for `-f -`).
///
/// Integration: once admission's `render::kubectl_output` is in the tree, this body becomes
/// `crate::engine::admission::render::kubectl_output(adm, source).stderr` (its stdout, the
/// `created (server dry run)` lines, is not used: the console prints its own `created` /
/// `unchanged` / `configured` lines).
pub fn admission_stderr(adm: &crate::engine::admission::Admission, source: &str) -> String {
    crate::engine::admission::render::kubectl_output(adm, source).stderr
}

/// How `apply_text` reports each object: `apply` (created / unchanged / configured), `create -f`
/// and `run` (AlreadyExists when it exists), `expose` (`service/x exposed`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Apply,
    Create,
    Run,
    Expose,
}

/// Whether an applied object is the same as the stored one (source spans aside).
fn same_object(a: &Object, b: &Object) -> bool {
    match (a, b) {
        // The stored pod carries what the API server set on create (uid, creation time); an
        // applied manifest never does.
        (Object::Pod(x), Object::Pod(y)) => {
            let created = |m: &ObjectMeta| ObjectMeta {
                uid: String::new(),
                creation_timestamp: None,
                ..m.clone()
            };
            created(&x.metadata) == created(&y.metadata) && x.spec == y.spec
        }
        (Object::Service(x), Object::Service(y)) => {
            x.metadata == y.metadata
                && x.selector == y.selector
                && x.ports == y.ports
                && x.type_ == y.type_
                && x.cluster_ip == y.cluster_ip
        }
        (Object::ConfigMap(x), Object::ConfigMap(y)) => {
            x.metadata == y.metadata && x.data == y.data && x.binary_data == y.binary_data
        }
        (Object::Secret(x), Object::Secret(y)) => {
            x.metadata == y.metadata && x.data == y.data && x.type_ == y.type_
        }
        (Object::PersistentVolumeClaim(x), Object::PersistentVolumeClaim(y)) => {
            x.metadata == y.metadata
                && x.access_modes == y.access_modes
                && x.storage == y.storage
                && x.storage_class_name == y.storage_class_name
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::kubectl::console::tokenize;

    fn words(s: &str) -> Vec<String> {
        tokenize(s).unwrap_or_default()
    }

    #[test]
    fn run_builds_kubectls_pod_manifest() {
        let y = run_manifest(&words("nginx --image=nginx:1.27 --restart=Never --port 80 --env A=1 --env B=2 -- -g 'daemon off;'")).unwrap_or_default();
        let v: serde_json::Value = serde_yaml::from_str(&y).unwrap_or_default();
        assert_eq!(v["kind"], "Pod");
        assert_eq!(v["metadata"]["labels"]["run"], "nginx");
        assert_eq!(v["spec"]["restartPolicy"], "Never");
        let c = &v["spec"]["containers"][0];
        assert_eq!((c["name"].as_str(), c["image"].as_str()), (Some("nginx"), Some("nginx:1.27")));
        assert_eq!(c["args"], serde_json::json!(["-g", "daemon off;"]));
        assert_eq!(c["ports"][0]["containerPort"], 80);
        assert_eq!(c["env"][1]["name"], "B");
        let y = run_manifest(&words("job --image=busybox:1.36 --command -- sh -c 'echo hi'"))
            .unwrap_or_default();
        let v: serde_json::Value = serde_yaml::from_str(&y).unwrap_or_default();
        assert_eq!(
            v["spec"]["containers"][0]["command"],
            serde_json::json!(["sh", "-c", "echo hi"])
        );
        assert_eq!(v["spec"]["restartPolicy"], "Always");
    }

    #[test]
    fn run_refuses_what_kubectl_refuses() {
        assert_eq!(
            run_manifest(&words("nginx")).map_err(|e| e.stderr),
            Err("error: required flag(s) \"image\" not set\n".to_string())
        );
        assert_eq!(
            run_manifest(&words("--image=x")).map_err(|e| e.stderr),
            Err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
                .to_string())
        );
        assert!(run_manifest(&words("p --image=x --restart=Sometimes")).is_err());
    }
}
