//! Admission behaviours: the API server's validation rules V1–V14 with their exact texts
//! (kubernetes-init-containers.md §1.1), kubectl's one-error and multi-error output, strict
//! decoding (unknown fields with suggestions, type errors, YAML 1.1 scalars), notes for real but
//! unsimulated fields, quantities, multi-document streams, kinds and limits.

use podlab::engine::admission::{admit, render::kubectl_output, Admission, Outcome, Rejection};
use podlab::engine::diag::Severity;
use podlab::engine::model::{IntOrString, Object, VolumeSource};

/// A Pod named `init-demo` with the given `spec:` body (indented by two spaces already).
fn pod(spec: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: init-demo\nspec:\n{spec}")
}

const APP: &str = "  containers:\n  - name: app\n    image: nginx\n";

fn errors(a: &Admission) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect()
}

/// The field errors kubectl would list after `The Pod "x" is invalid:`.
fn invalid(text: &str) -> Vec<String> {
    let a = admit(text);
    match a.documents.first().map(|d| &d.outcome) {
        Some(Outcome::Rejected(Rejection::Invalid(v))) => v.clone(),
        other => {
            panic!("expected validation errors, got {other:?}; diagnostics {:#?}", a.diagnostics)
        }
    }
}

fn one_invalid(text: &str) -> String {
    let v = invalid(text);
    assert_eq!(v.len(), 1, "expected one error, got {v:#?}");
    v[0].clone()
}

fn stderr(text: &str) -> String {
    kubectl_output(&admit(text), "pod.yaml").stderr
}

// ---------------------------------------------------------------------------------------------
// V1–V14
// ---------------------------------------------------------------------------------------------

#[test]
fn v1_containers_must_not_be_empty() {
    assert_eq!(one_invalid(&pod("  containers: []\n")), "spec.containers: Required value");
    assert_eq!(one_invalid(&pod("  restartPolicy: Never\n")), "spec.containers: Required value");
}

#[test]
fn v2_every_container_needs_a_name() {
    assert_eq!(
        one_invalid(&pod(&format!("  initContainers:\n  - image: busybox\n{APP}"))),
        "spec.initContainers[0].name: Required value"
    );
    assert_eq!(
        one_invalid(&pod("  containers:\n  - image: nginx\n")),
        "spec.containers[0].name: Required value"
    );
}

#[test]
fn v3_container_names_are_dns1123_labels() {
    assert_eq!(
        one_invalid(&pod(&format!("  initContainers:\n  - name: Init_DB\n    image: busybox\n{APP}"))),
        "spec.initContainers[0].name: Invalid value: \"Init_DB\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
    let long = "a".repeat(64);
    assert_eq!(
        one_invalid(&pod(&format!("  containers:\n  - name: {long}\n    image: nginx\n"))),
        format!("spec.containers[0].name: Invalid value: \"{long}\": must be no more than 63 characters")
    );
}

#[test]
fn v4_image_is_required() {
    assert_eq!(
        one_invalid(&pod(&format!("  initContainers:\n  - name: init\n{APP}"))),
        "spec.initContainers[0].image: Required value"
    );
}

#[test]
fn v5_duplicate_names_across_init_and_app_are_reported_on_the_init_container() {
    let text = pod(&format!("  initContainers:\n  - name: app\n    image: busybox\n{APP}"));
    assert_eq!(one_invalid(&text), "spec.initContainers[0].name: Duplicate value: \"app\"");
    assert_eq!(
        stderr(&text),
        "The Pod \"init-demo\" is invalid: spec.initContainers[0].name: Duplicate value: \"app\"\n"
    );
    // The diagnostic points at the init container's name line.
    let a = admit(&text);
    let d = a.errors().next().expect("an error");
    assert_eq!((d.line, d.column), (7, 11), "{d:?}");
    assert_eq!(d.path, "spec.initContainers[0].name");
}

#[test]
fn v5_duplicate_app_names_are_reported_on_the_second_app() {
    let text =
        pod("  containers:\n  - name: app\n    image: nginx\n  - name: app\n    image: busybox\n");
    assert_eq!(one_invalid(&text), "spec.containers[1].name: Duplicate value: \"app\"");
    let a = admit(&text);
    assert_eq!(a.errors().next().map(|d| d.line), Some(9));
}

#[test]
fn v6_regular_init_containers_may_not_have_probes_or_lifecycle_and_several_errors_render_as_a_list()
{
    let text = pod(&format!(
        "  initContainers:\n  - name: init\n    image: busybox\n    readinessProbe:\n      exec: {{command: [\"true\"]}}\n    livenessProbe:\n      exec: {{command: [\"true\"]}}\n{APP}"
    ));
    assert_eq!(
        invalid(&text),
        vec![
            "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
            "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        ]
    );
    assert_eq!(
        stderr(&text),
        "The Pod \"init-demo\" is invalid: \n* spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always\n* spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always\n"
    );
    let lc = pod(&format!(
        "  initContainers:\n  - name: init\n    image: busybox\n    lifecycle:\n      postStart:\n        exec: {{command: [\"true\"]}}\n    startupProbe:\n      tcpSocket: {{port: 80}}\n{APP}"
    ));
    assert_eq!(
        invalid(&lc),
        vec![
            "spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always",
            "spec.initContainers[0].startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
        ]
    );
}

#[test]
fn v7_init_container_restart_policy_may_only_be_always() {
    assert_eq!(
        one_invalid(&pod(&format!("  initContainers:\n  - name: init\n    image: busybox\n    restartPolicy: OnFailure\n{APP}"))),
        "spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""
    );
}

#[test]
fn v8_app_containers_may_not_set_restart_policy() {
    assert_eq!(
        one_invalid(&pod(
            "  containers:\n  - name: app\n    image: nginx\n    restartPolicy: Always\n"
        )),
        "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"
    );
}

#[test]
fn v9_sidecars_get_app_container_probe_validation() {
    let side = |probe: &str| {
        pod(&format!("  initContainers:\n  - name: side\n    image: busybox\n    restartPolicy: Always\n{probe}{APP}"))
    };
    // A sidecar may have probes…
    let ok = admit(&side("    readinessProbe:\n      exec: {command: [\"true\"]}\n"));
    assert!(!ok.has_errors(), "{:#?}", ok.diagnostics);
    assert_eq!(
        one_invalid(&side(
            "    livenessProbe:\n      exec: {command: [\"true\"]}\n      successThreshold: 2\n"
        )),
        "spec.initContainers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"
    );
    assert_eq!(
        one_invalid(&side("    startupProbe:\n      periodSeconds: 5\n")),
        "spec.initContainers[0].startupProbe: Required value: must specify a handler type"
    );
    assert_eq!(
        one_invalid(&side("    livenessProbe:\n      exec: {command: [\"true\"]}\n      httpGet: {port: 80}\n")),
        "spec.initContainers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type"
    );
}

#[test]
fn v10_resize_policy_is_not_allowed_on_init_containers() {
    assert_eq!(
        one_invalid(&pod(&format!(
            "  initContainers:\n  - name: init\n    image: busybox\n    resizePolicy:\n    - resourceName: cpu\n      restartPolicy: NotRequired\n{APP}"
        ))),
        "spec.initContainers[0].resizePolicy: Invalid value: []core.ContainerResizePolicy{core.ContainerResizePolicy{ResourceName:\"cpu\", RestartPolicy:\"NotRequired\"}}: must not be set for init containers"
    );
}

#[test]
fn v11_volume_mounts_must_name_a_volume_and_have_unique_paths() {
    assert_eq!(
        one_invalid(&pod(&format!("  initContainers:\n  - name: init\n    image: busybox\n    volumeMounts:\n    - name: workdir\n      mountPath: /work\n{APP}"))),
        "spec.initContainers[0].volumeMounts[0].name: Not found: \"workdir\""
    );
    assert_eq!(
        invalid(&pod(&format!(
            "  volumes:\n  - name: w\n    emptyDir: {{}}\n  initContainers:\n  - name: init\n    image: busybox\n    volumeMounts:\n    - name: w\n    - name: w\n      mountPath: /x\n    - name: w\n      mountPath: /x\n{APP}"
        ))),
        vec!["spec.initContainers[0].volumeMounts[0].mountPath: Required value", "spec.initContainers[0].volumeMounts[2].mountPath: Invalid value: \"/x\": must be unique"]
    );
}

#[test]
fn v12_pod_restart_policy_values() {
    assert_eq!(
        one_invalid(&pod(&format!("  restartPolicy: Sometimes\n{APP}"))),
        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""
    );
}

#[test]
fn v13_active_deadline_seconds_range() {
    assert_eq!(
        one_invalid(&pod(&format!("  activeDeadlineSeconds: 0\n{APP}"))),
        "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"
    );
    assert!(!admit(&pod(&format!("  activeDeadlineSeconds: 60\n{APP}"))).has_errors());
}

#[test]
fn v14_host_ports_are_checked_per_init_container_but_together_for_apps() {
    let two_inits = pod(&format!(
        "  initContainers:\n  - name: a\n    image: busybox\n    ports: [{{containerPort: 80, hostPort: 8080}}]\n  - name: b\n    image: busybox\n    ports: [{{containerPort: 80, hostPort: 8080}}]\n{APP}"
    ));
    assert!(!admit(&two_inits).has_errors(), "init containers run one at a time");
    assert_eq!(
        one_invalid(&pod(&format!(
            "  initContainers:\n  - name: a\n    image: busybox\n  - name: b\n    image: busybox\n    ports:\n    - {{containerPort: 80, hostPort: 8080}}\n    - {{containerPort: 81, hostPort: 8080}}\n{APP}"
        ))),
        // The API server checks each init container as a one-element list: index 0.
        "spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//8080\""
    );
    assert_eq!(
        one_invalid(&pod(
            "  containers:\n  - name: a\n    image: nginx\n    ports: [{containerPort: 80, hostPort: 8080}]\n  - name: b\n    image: nginx\n    ports: [{containerPort: 81, hostPort: 8080}]\n"
        )),
        "spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""
    );
}

#[test]
fn errors_accumulate_in_api_server_order() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  restartPolicy: Sometimes\n  initContainers:\n  - name: app\n    image: busybox\n  containers:\n  - name: app\n";
    let v = invalid(text);
    assert_eq!(v.len(), 4, "{v:#?}");
    assert!(v[0]
        .starts_with("metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"));
    assert_eq!(v[1], "spec.containers[0].image: Required value");
    assert_eq!(v[2], "spec.initContainers[0].name: Duplicate value: \"app\"");
    assert!(v[3].starts_with("spec.restartPolicy: Unsupported value"));
}

#[test]
fn apply_needs_a_name_and_refuses_generate_name() {
    let none = admit(&format!("apiVersion: v1\nkind: Pod\nspec:\n{APP}"));
    assert_eq!(
        kubectl_output(&none, "p.yaml").stderr,
        "error: error when retrieving current configuration of:\nResource: \"/v1, Resource=pods\", GroupVersionKind: \"/v1, Kind=Pod\"\nName: \"\", Namespace: \"default\"\nfrom server for: \"p.yaml\": resource name may not be empty\n"
    );
    let generated = admit(&format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: demo-\nspec:\n{APP}"
    ));
    assert_eq!(
        kubectl_output(&generated, "p.yaml").stderr,
        "error: from demo-: cannot use generate name with apply\n"
    );
    assert_eq!(generated.errors().next().map(|d| d.path.as_str()), Some("metadata.name"));
}

// ---------------------------------------------------------------------------------------------
// Strict decoding
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_all_reported_with_suggestions_and_block_validation() {
    let text = pod("  initContainer:\n  - name: init\n    image: busybox\n  containers:\n  - name: app\n    image: nginx\n    comand: [sh]\n");
    let a = admit(&text);
    let e = errors(&a);
    assert!(e.iter().any(|m| m == "strict decoding error: unknown field \"spec.containers[0].comand\"; did you mean `command`?"), "{e:#?}");
    assert!(e.iter().any(|m| m == "strict decoding error: unknown field \"spec.initContainer\"; did you mean `initContainers`?"), "{e:#?}");
    assert_eq!(
        kubectl_output(&a, "pod.yaml").stderr,
        "Error from server (BadRequest): error when creating \"pod.yaml\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.containers[0].comand\", unknown field \"spec.initContainer\"\n"
    );
    assert!(a.objects.is_empty());
}

#[test]
fn field_names_are_case_sensitive() {
    let a = admit(&pod("  containers:\n  - name: app\n    Image: nginx\n"));
    assert!(
        errors(&a)
            .iter()
            .any(|m| m.contains("unknown field \"spec.containers[0].Image\"")
                && m.contains("`image`")),
        "{:#?}",
        a.diagnostics
    );
}

#[test]
fn a_field_at_the_wrong_level_is_named() {
    let a = admit(&pod("  image: nginx\n  containers:\n  - name: app\n    image: nginx\n"));
    assert!(
        errors(&a)
            .iter()
            .any(|m| m.contains("unknown field \"spec.image\"")
                && m.contains("a field of a Container")),
        "{:#?}",
        a.diagnostics
    );
}

#[test]
fn real_but_unsimulated_fields_are_accepted_with_a_note() {
    let a = admit(&pod(&format!(
        "  tolerations:\n  - key: x\n    operator: Exists\n  nodeSelector: {{disk: ssd}}\n{APP}"
    )));
    assert!(!a.has_errors(), "{:#?}", a.diagnostics);
    let notes: Vec<_> = a.diagnostics.iter().filter(|d| d.severity == Severity::Note).collect();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes.iter().any(|n| n.message
        == "`spec.tolerations` is a real PodSpec field; podlab accepts it but does not simulate it"
        && n.line == 6));
    // …but a typo inside an unsimulated object is still an unknown field.
    let b = admit(&pod(&format!("  tolerations:\n  - key: x\n    operater: Exists\n{APP}")));
    assert!(errors(&b)
        .iter()
        .any(|m| m.contains("spec.tolerations[0].operater") && m.contains("`operator`")));
}

#[test]
fn type_errors_use_go_wording_with_the_field_path() {
    let a = admit(&pod("  containers: nginx\n"));
    assert_eq!(errors(&a), vec!["json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container"]);
    let b = admit(&pod(
        "  containers:\n  - name: app\n    image: nginx\n    ports:\n    - containerPort: \"80\"\n",
    ));
    assert!(errors(&b)[0].starts_with("json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"));
    let c = admit(&pod("  containers:\n  - name: app\n    image: nginx\n    command: sleep 10\n"));
    assert_eq!(
        kubectl_output(&c, "p.yaml").stderr,
        "Error from server (BadRequest): error when creating \"p.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string\n"
    );
    let d = admit(&pod(
        "  containers:\n  - name: app\n    image: nginx\n    command: echo hi && sleep 10\n",
    ));
    assert!(errors(&d)[0].contains("write `command: [\"sh\", \"-c\", \"echo hi && sleep 10\"]`"));
}

#[test]
fn yaml11_scalars_in_string_fields_fail_like_kubectl_with_a_quote_hint() {
    let a = admit(&pod(
        "  containers:\n  - name: app\n    image: nginx\n    args: [on, \"off\", 010]\n",
    ));
    let e = errors(&a);
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e[0].contains("cannot unmarshal bool into Go struct field Container.spec.containers.args of type string") && e[0].contains("quote it: `\"on\"`"));
    assert!(e[1].contains("YAML 1.1 reads `010` as the number 8"));
    // Quoted, they are fine; and a plain number is fine in an int field.
    assert!(!admit(&pod(
        "  containers:\n  - name: app\n    image: nginx\n    args: [\"on\", '010']\n"
    ))
    .has_errors());
    // 0x1E is 30 for both YAML 1.1 and the API server.
    let ok = admit(&pod(&format!("  activeDeadlineSeconds: 0x1E\n{APP}")));
    match &ok.objects[0] {
        Object::Pod(p) => assert_eq!(p.spec.active_deadline_seconds, Some(30)),
        o => panic!("{o:?}"),
    }
}

#[test]
fn yaml11_boolean_keys_become_the_strings_true_and_false() {
    let a = admit("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    on: x\nspec:\n  containers:\n  - name: app\n    image: nginx\n");
    match &a.objects[0] {
        Object::Pod(p) => assert_eq!(p.metadata.labels.get("true").map(String::as_str), Some("x")),
        o => panic!("{o:?}"),
    }
}

#[test]
fn merge_keys_are_resolved_like_kubectl() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - &base\n    name: a\n    image: nginx\n  - <<: *base\n    name: b\n";
    let a = admit(text);
    assert!(!a.has_errors(), "{:#?}", a.diagnostics);
    match &a.objects[0] {
        Object::Pod(p) => {
            assert_eq!(p.spec.containers[1].name, "b");
            assert_eq!(p.spec.containers[1].image, "nginx");
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn duplicate_keys_warn_and_the_last_one_wins() {
    let a = admit(&pod("  containers:\n  - name: first\n    image: nginx\n  containers:\n  - name: second\n    image: nginx\n"));
    assert!(!a.has_errors());
    let w: Vec<_> =
        a.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.line).collect();
    assert_eq!(w, vec![6, 9]);
    match &a.objects[0] {
        Object::Pod(p) => assert_eq!(p.spec.containers[0].name, "second"),
        o => panic!("{o:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Quantities
// ---------------------------------------------------------------------------------------------

#[test]
fn quantities_parse_and_compare_like_kubernetes() {
    let a = admit(&pod("  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {cpu: 100m, memory: 64Mi}\n      limits: {cpu: 0.5, memory: 1G}\n"));
    assert!(!a.has_errors(), "{:#?}", a.diagnostics);
    let Object::Pod(p) = &a.objects[0] else { panic!() };
    let r = &p.spec.containers[0].resources;
    assert_eq!(r.requests["cpu"].milli, 100);
    assert_eq!(r.requests["memory"].milli, 64 * 1024 * 1024 * 1000);
    assert_eq!(r.limits["cpu"].milli, 500);
    assert_eq!(r.limits["memory"].milli, 1_000_000_000_000);
    assert_eq!(
        one_invalid(&pod("  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {cpu: 2}\n      limits: {cpu: 1}\n")),
        "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"
    );
    let bad = admit(&pod("  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {memory: 100MB}\n"));
    assert!(kubectl_output(&bad, "p.yaml").stderr.contains(
        "cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    ));
    assert_eq!(bad.errors().next().map(|d| d.line), Some(10));
}

// ---------------------------------------------------------------------------------------------
// Streams, kinds, namespaces, limits
// ---------------------------------------------------------------------------------------------

#[test]
fn multi_document_streams_admit_every_supported_kind() {
    let text = format!(
        "{}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  selector: {{app: db}}\n  ports:\n  - port: 5432\n    targetPort: pg\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a.conf: hello\n---\n# empty\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  pw: aHVudGVyMg==\nstringData:\n  user: admin\n",
        pod(APP)
    );
    let a = admit(&text);
    assert!(!a.has_errors(), "{:#?}", a.diagnostics);
    let kinds: Vec<_> = a.objects.iter().map(Object::kind).collect();
    assert_eq!(kinds, vec!["Pod", "Service", "ConfigMap", "Secret"]);
    let out = kubectl_output(&a, "all.yaml");
    assert_eq!(
        out.stdout,
        "pod/init-demo created (server dry run)\nservice/db created (server dry run)\nconfigmap/cfg created (server dry run)\nsecret/s created (server dry run)\n"
    );
    assert_eq!((out.stderr.as_str(), out.exit_code), ("", 0));
    match &a.objects[1] {
        Object::Service(s) => {
            assert_eq!(s.ports[0].target_port, Some(IntOrString::String("pg".into())))
        }
        o => panic!("{o:?}"),
    }
    match &a.objects[3] {
        Object::Secret(s) => {
            assert_eq!(s.data["pw"], b"hunter2");
            assert_eq!(s.data["user"], b"admin");
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn a_syntax_error_keeps_the_documents_before_it() {
    let text = format!("{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n", pod(APP));
    let a = admit(&text);
    assert_eq!(a.objects.len(), 1);
    let out = kubectl_output(&a, "x.yaml");
    assert_eq!(out.stdout, "pod/init-demo created (server dry run)\n");
    assert!(
        out.stderr
            .starts_with("error: error parsing x.yaml: error converting YAML to JSON: yaml: "),
        "{}",
        out.stderr
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn other_kinds_and_versions_get_clear_messages() {
    let dep = admit("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    assert!(errors(&dep)[0].contains(
        "podlab simulates only v1 Pod, Service, ConfigMap, Secret and PersistentVolumeClaim"
    ));
    let typo = admit("apiVersion: v1\nkind: Pdo\nmetadata:\n  name: web\n");
    assert!(errors(&typo)[0].contains("did you mean `Pod`?"));
    assert_eq!(
        kubectl_output(&typo, "p.yaml").stderr,
        "error: resource mapping not found for name: \"web\" namespace: \"\" from \"p.yaml\": no matches for kind \"Pdo\" in version \"v1\"\nensure CRDs are installed first\n"
    );
    let wrong_version = admit("apiVersion: apps/v1\nkind: Pod\nmetadata:\n  name: web\n");
    assert!(errors(&wrong_version)[0]
        .contains("no matches for kind \"Pod\" in version \"apps/v1\"; a Pod is apiVersion `v1`"));
    let missing = admit("apiversion: v1\nkind: Pod\nmetadata:\n  name: web\n");
    assert!(
        errors(&missing)[0].contains("apiVersion not set")
            && errors(&missing)[0].contains("`apiVersion`")
    );
    assert_eq!(
        kubectl_output(&missing, "p.yaml").stderr,
        "error: error validating \"p.yaml\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\n"
    );
}

#[test]
fn unknown_namespaces_are_not_found() {
    let a = admit(&format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: prod\nspec:\n{APP}"
    ));
    assert_eq!(kubectl_output(&a, "p.yaml").stderr, "Error from server (NotFound): error when creating \"p.yaml\": namespaces \"prod\" not found\n");
    assert_eq!(a.errors().next().map(|d| d.line), Some(5));
}

#[test]
fn secrets_need_base64_data_and_the_keys_of_their_type() {
    assert_eq!(
        invalid("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: x\n"),
        vec!["data[tls.key]: Required value"]
    );
    let a = admit("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  pw: hunter2\n");
    assert!(kubectl_output(&a, "s.yaml").stderr.contains("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 4"));
}

#[test]
fn limits_size_documents_and_depth() {
    let big = format!("# {}\n", "x".repeat(70_000));
    let a = admit(&big);
    assert!(
        errors(&a)[0].contains("podlab accepts up to 64 KiB")
            && errors(&a)[0].contains("limit is 3145728")
    );
    let many: String = (0..17)
        .map(|i| format!("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n"))
        .collect();
    let b = admit(&many);
    assert!(errors(&b).iter().any(|e| e.contains("more than 16 YAML documents")));
    assert_eq!(b.objects.len(), 16, "the first 16 documents are still admitted");
    let deep = format!("a: {}1{}\n", "[".repeat(129), "]".repeat(129));
    assert!(errors(&admit(&deep))[0].contains("nesting deeper than 128 levels"));
    let ok_deep = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {{}}\nx: {}1{}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert!(!errors(&admit(&ok_deep)).iter().any(|e| e.contains("nesting")));
}

#[test]
fn spans_cover_every_field_for_the_editor() {
    let a = admit(&pod(&format!("  initContainers:\n  - name: init\n    image: busybox\n    command: [sh, -c, \"true\"]\n{APP}")));
    let Object::Pod(p) = &a.objects[0] else { panic!() };
    let s = p.spans.lookup("spec.initContainers[0].command");
    assert_eq!((s.line, s.column), (9, 14));
    let k = p.spans.keys["spec.initContainers[0].image"];
    assert_eq!((k.line, k.column, k.end_column), (8, 5, 10));
    assert_eq!(
        p.spans.lookup("spec.initContainers[0].nothing").line,
        p.spans.lookup("spec.initContainers[0]").line
    );
}

#[test]
fn model_gets_defaults_the_api_server_applies() {
    let a = admit(&pod(
        "  volumes:\n  - name: w\n    emptyDir: {}\n  containers:\n  - name: app\n    image: nginx\n    ports: [{containerPort: 80}]\n    readinessProbe:\n      httpGet: {port: 80}\n",
    ));
    assert!(!a.has_errors(), "{:#?}", a.diagnostics);
    let Object::Pod(p) = &a.objects[0] else { panic!() };
    assert_eq!(p.metadata.namespace, "default");
    let c = &p.spec.containers[0];
    assert_eq!(c.ports[0].protocol.as_deref(), Some("TCP"));
    let r = c.readiness_probe.as_ref().expect("probe");
    assert_eq!(
        (r.period_seconds, r.timeout_seconds, r.success_threshold, r.failure_threshold),
        (10, 1, 1, 3)
    );
    assert_eq!(r.http_get.as_ref().map(|h| h.path.as_str()), Some("/"));
    assert!(matches!(p.spec.volumes[0].source, VolumeSource::EmptyDir { .. }));
}

#[test]
fn volumes_need_exactly_one_source() {
    assert_eq!(
        one_invalid(&pod(&format!("  volumes:\n  - name: w\n{APP}"))),
        "spec.volumes[0]: Required value: must specify a volume type"
    );
    assert_eq!(
        one_invalid(&pod(&format!(
            "  volumes:\n  - name: w\n    emptyDir: {{}}\n    configMap: {{name: c}}\n{APP}"
        ))),
        "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type"
    );
}

#[test]
fn server_warnings_are_printed_like_kubectl() {
    let a = admit(&pod(
        "  terminationGracePeriodSeconds: -5\n  containers:\n  - name: app\n    image: nginx\n",
    ));
    let out = kubectl_output(&a, "p.yaml");
    assert_eq!(out.stderr, "Warning: spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1\n");
    assert_eq!(out.stdout, "pod/init-demo created (server dry run)\n");
}

#[test]
fn syntax_errors_are_explained_in_plain_words_at_the_parser_position() {
    let wrong_indent =
        admit(&pod("  containers:\n  - name: a\n    image: x\n   - name: b\n     image: y\n"));
    let d = wrong_indent.errors().next().expect("error");
    assert_eq!((d.line, d.column), (9, 4));
    assert!(
        d.message.contains(
            "line 9 is indented by 3 spaces, which matches no line above it (they use 0, 2, 4)"
        ),
        "{}",
        d.message
    );
    assert_eq!(
        kubectl_output(&wrong_indent, "p.yaml").stderr,
        "error: error parsing p.yaml: error converting YAML to JSON: yaml: line 8: did not find expected key\n"
    );
    let tab = admit("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: demo\n");
    assert!(errors(&tab)[0]
        .starts_with("line 4 column 1: a tab is used for indentation; YAML only allows spaces"));
    let colon =
        admit("apiVersion: v1\nkind: Pod\nmetadata:\n  name:demo\nspec:\n  containers: []\n");
    // `name:demo` is a plain string, so this one parses and fails later, as on a cluster:
    // apply finds no name. The hint names the real cause.
    assert!(
        errors(&colon)[0].contains("resource name may not be empty"),
        "{:#?}",
        colon.diagnostics
    );
    assert!(errors(&colon)[0].contains("put a space after the colon (`name: demo`)"));
    let named = admit(&pod("  containers:\n  - name:app\n    image: nginx\n"));
    let d = named.errors().next().expect("error");
    assert_eq!((d.line, d.column, d.message.as_str()), (7, 9, "line 7 column 9: `name:app` needs a space after the colon (YAML parser: mapping values are not allowed in this context)"));
}

/// A spec near the size cap with thousands of keys in one mapping (labels) or thousands of
/// unknown fields: both are answered in full (every unknown field listed), in linear work.
fn wide_inputs() -> (String, String) {
    let labels: String = (0..3000).map(|i| format!("    k{i}: v\n")).collect();
    let wide =
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n{labels}spec:\n{APP}");
    let unknown: String = (0..3000).map(|i| format!("x{i}: 1\n")).collect();
    (wide, format!("{}{unknown}", pod(APP)))
}

#[test]
fn wide_mappings_and_many_unknown_fields_are_answered_in_full() {
    let (wide, unknown) = wide_inputs();
    assert!(wide.len() < podlab::engine::limits::MAX_SPEC_BYTES);
    let a = admit(&wide);
    assert!(!a.has_errors(), "{:#?}", a.diagnostics.first());
    let Object::Pod(p) = &a.objects[0] else { panic!() };
    assert_eq!(p.metadata.labels.len(), 3000);
    let b = admit(&unknown);
    assert_eq!(b.errors().count(), 3000);
    let text = kubectl_output(&b, "p.yaml").stderr;
    assert_eq!(text.matches("unknown field \"").count(), 3000);
    assert!(b.stats.yaml_events < 2 * unknown.len());
}

#[test]
#[ignore = "wall-clock bound in optimised code: `make bench` runs it"]
fn wide_inputs_answer_within_ten_milliseconds_in_release() {
    let (wide, unknown) = wide_inputs();
    for text in [wide, unknown] {
        // Best of 20: the machine is shared (a loaded 2-core box preempts for milliseconds), and
        // the bound is about the algorithm, not about what else was running. Steady state on
        // a loaded machine was ~5 ms for either input.
        let ms = (0..20)
            .map(|_| {
                let t = std::time::Instant::now();
                let _ = admit(&text);
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::MAX, f64::min);
        assert!(ms <= 10.0, "{ms:.1} ms");
    }
}

#[test]
fn later_validation_errors_are_previewed_as_notes_behind_unknown_fields() {
    let a = admit(&pod(&format!(
        "  initContainers:\n  - name: app\n    image: busybox\n    comand: [sh]\n{APP}"
    )));
    assert_eq!(errors(&a).len(), 1, "only the decoding error is an error");
    let note = a.diagnostics.iter().find(|d| d.severity == Severity::Note).expect("a note");
    assert_eq!(
        note.message,
        "once the unknown fields are fixed, the API server will also reject this: spec.initContainers[0].name: Duplicate value: \"app\""
    );
    assert_eq!(note.line, 7);
    assert!(matches!(&a.documents[0].outcome, Outcome::Rejected(Rejection::Decode(_))));
}

#[test]
fn several_failures_print_as_kubectl_aggregates_them() {
    let text = format!(
        "{}---\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  initContainers:\n  - name: app\n    image: busybox\n{APP}",
        pod(APP)
    );
    let out = kubectl_output(&admit(&text), "m.yaml");
    assert_eq!(out.stdout, "pod/init-demo created (server dry run)\n");
    assert_eq!(
        out.stderr,
        "error validating \"m.yaml\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false\nError from server (Invalid): error when creating \"m.yaml\": Pod \"bad\" is invalid: spec.initContainers[0].name: Duplicate value: \"app\"\n"
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn int_or_string_fields_take_numbers_or_names() {
    let svc = |port: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetPort: {port}\n")
    };
    assert!(!admit(&svc("8080")).has_errors());
    assert!(!admit(&svc("http")).has_errors());
    let bad = admit(&svc("1.5"));
    assert!(kubectl_output(&bad, "s.yaml").stderr.ends_with(
        "Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32\n"
    ));
    assert_eq!(bad.errors().next().map(|d| d.line), Some(8));
}

#[test]
fn missing_fields_are_marked_on_one_line_of_their_parent() {
    let a = admit(&pod(&format!("  initContainers:\n  - name: init\n    command: [sh]\n{APP}")));
    let d = a.errors().next().expect("error");
    assert_eq!(d.message, "spec.initContainers[0].image: Required value");
    // The `- name: init` line, not the whole container block.
    assert_eq!((d.line, d.end_line), (7, 7), "{d:?}");
    let b = admit("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    let d = b.errors().next().expect("error");
    assert_eq!(d.message, "spec.containers: Required value");
    assert_eq!((d.line, d.end_line), (1, 1), "{d:?}");
}

#[test]
fn pod_create_checks_and_warnings() {
    assert_eq!(
        one_invalid(&pod("  containers:\n  - name: app\n    image: \" nginx\"\n")),
        "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace"
    );
    assert_eq!(
        one_invalid(&pod(&format!(
            "  ephemeralContainers:\n  - name: debug\n    image: busybox\n{APP}"
        ))),
        "spec.ephemeralContainers: Forbidden: cannot be set on create"
    );
    // `100m` of memory is a tenth of a byte: accepted, with the API server's warning — which
    // kubectl prints even when the object is refused.
    let text = pod("  containers:\n  - name: app\n    image: nginx\n    resources:\n      requests: {memory: 100m}\n  - name: app\n    image: nginx\n");
    assert_eq!(
        kubectl_output(&admit(&text), "p.yaml").stderr,
        "Warning: spec.containers[0].resources.requests[memory]: fractional byte value \"100m\" is invalid, must be an integer\nThe Pod \"init-demo\" is invalid: spec.containers[1].name: Duplicate value: \"app\"\n"
    );
}

#[test]
fn label_keys_and_values_are_validated() {
    let with_labels = |labels: &str| {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n{labels}spec:\n{APP}")
    };
    assert!(!admit(&with_labels("    app.kubernetes.io/name: web\n    tier: \"\"\n")).has_errors());
    assert_eq!(
        one_invalid(&with_labels("    app: my web\n")),
        "metadata.labels: Invalid value: \"my web\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    );
    assert_eq!(
        one_invalid(&with_labels("    /app: web\n")),
        "metadata.labels: Invalid value: \"/app\": prefix part must be non-empty"
    );
}

#[test]
fn plain_dates_change_text_like_kubectl_with_a_note() {
    let a = admit(&pod("  containers:\n  - name: app\n    image: nginx\n    env:\n    - name: A\n      value: 2024-01-31\n"));
    assert!(!a.has_errors());
    let Object::Pod(p) = &a.objects[0] else { panic!() };
    assert_eq!(p.spec.containers[0].env[0].value.as_deref(), Some("2024-01-31T00:00:00Z"));
    assert!(a.diagnostics.iter().any(|d| d.severity == Severity::Note
        && d.line == 11
        && d.message.contains("quote it (`\"2024-01-31\"`)")));
}

#[test]
fn container_resources_must_be_standard() {
    assert_eq!(
        one_invalid(&pod("  containers:\n  - name: app\n    image: nginx\n    resources:\n      limits: {cpus: 1}\n")),
        "spec.containers[0].resources.limits[cpus]: Invalid value: \"cpus\": must be a standard resource for containers"
    );
}

#[test]
fn env_var_names_are_printable_ascii_without_equals() {
    assert_eq!(
        one_invalid(&pod("  containers:\n  - name: app\n    image: nginx\n    env:\n    - name: KEY=1\n      value: x\n")),
        "spec.containers[0].env[0].name: Invalid value: \"KEY=1\": a valid environment variable name must consist only of printable ASCII characters other than '='"
    );
    assert!(!admit(&pod("  containers:\n  - name: app\n    image: nginx\n    env:\n    - name: my.var-1\n      value: x\n")).has_errors());
}

#[test]
fn line_separators_do_not_shift_diagnostic_lines_in_the_editor() {
    // libyaml ends the comment at U+2028 and counts a line break there; the editor does not, so
    // the error (`b` without a colon, where the next real line starts) must be on editor line 3.
    let a = admit("apiVersion: v1\nkind: Pod # a\u{2028}b\nmetadata:\n  name: demo\nspec:\n  containers:\n  - name: app\n    image: nginx\n");
    let d = a.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("a syntax error");
    assert!(d.message.contains("could not find expected ':'"), "{}", d.message);
    assert_eq!((d.line, d.column), (3, 1), "{d:?}");
    // And a clean document with a separator inside a quoted value keeps its field spans on the
    // editor's lines.
    let a = admit("apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n  annotations:\n    note: \"a\u{2028}b\"\nspec:\n  containers:\n  - name: app\n    image: \"\"\n");
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.path == "spec.containers[0].image")
        .expect("image required");
    assert_eq!(d.line, 10, "{d:?}");
}
