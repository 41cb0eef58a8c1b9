//! The kubectl console: parsing, dispatch, kubectl's error wording, actions at the playhead and
//! Tab completion. Runs against the engine's `Timeline` (whatever the kubelet currently
//! simulates) with get.rs's row printer.
mod kubectl_fixtures;
use kubectl_fixtures::*;
use podlab::engine::kubectl::console::{complete, Console, ConsoleOutput, Stream};
use podlab::engine::kubelet::{simulate, Action, NodeConfig, Scenario};
use podlab::engine::model::{Object, RestartPolicy};
use podlab::engine::time::Millis;

fn scenario() -> Scenario {
    let init = pod(
        "init-demo",
        RestartPolicy::Always,
        vec![container("init-db", "busybox:1.36", &["sh", "-c", "sleep 5"])],
        vec![container("app", "busybox:1.36", &["sleep", "3600"])],
    );
    let web = pod(
        "web",
        RestartPolicy::Always,
        vec![],
        vec![container("nginx", "nginx:1.27", &["nginx"])],
    );
    // A node that takes no pods: whatever the kubelet simulates, both pods stay Pending and
    // unscheduled, so these tests pin the console's behaviour, not the simulation's.
    let node = NodeConfig { pods: 0, ..NodeConfig::default() };
    Scenario {
        node,
        actions: vec![(Millis::ZERO, Action::Apply(vec![Object::Pod(init), Object::Pod(web)]))],
        until: secs(600),
    }
}

fn run(line: &str, now: u64) -> ConsoleOutput {
    let sc = scenario();
    let tl = simulate(&sc);
    let files = vec![("lesson/init-demo.yaml".to_string(), "apiVersion: v1\n".to_string())];
    let c = Console { timeline: &tl, scenario: &sc, now: secs(now), editor: "", files: &files };
    c.run(line)
}

#[test]
fn get_pods_prints_get_rows_through_kubectls_table_writer() {
    let out = run("kubectl get pods", 42);
    assert_eq!(out.stdout, "NAME        READY   STATUS    RESTARTS   AGE\ninit-demo   0/1     Pending   0          42s\nweb         0/1     Pending   0          42s\n");
    assert_eq!(out.exit_code, 0);
    let out = run("kubectl get po web -o wide", 42);
    assert_eq!(out.stdout, "NAME   READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\nweb    0/1     Pending   0          42s   <none>   <none>   <none>           <none>\n");
    let out = run("kubectl get pods nope", 42);
    assert_eq!(
        (out.stderr.as_str(), out.exit_code),
        ("Error from server (NotFound): pods \"nope\" not found\n", 1)
    );
    let out = run("kubectl get pods -n kube-system", 42);
    assert_eq!(out.stderr, "No resources found in kube-system namespace.\n");
    assert_eq!(run("kubectl get pods -o name", 1).stdout, "pod/init-demo\npod/web\n");
}

#[test]
fn get_pod_yaml_and_json_print_the_object() {
    let out = run("kubectl get pod web -o yaml", 5);
    assert!(out.stdout.starts_with("apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n  name: web\n  namespace: default\n"), "{}", out.stdout);
    assert!(out.stdout.contains("\n    imagePullPolicy: IfNotPresent\n"), "{}", out.stdout);
    assert!(
        out.stdout.contains("\n  phase: Pending\n")
            && out.stdout.contains("\n  qosClass: BestEffort\n"),
        "{}",
        out.stdout
    );
    let list = run("kubectl get pods -o yaml", 5);
    assert!(
        list.stdout.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"),
        "{}",
        list.stdout
    );
    assert!(
        list.stdout.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"),
        "{}",
        list.stdout
    );
    let json = run("kubectl get pod web -o json", 5);
    assert!(
        json.stdout.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n"),
        "{}",
        json.stdout
    );
    let bad = run("kubectl get pods -o table", 5);
    assert!(
        bad.stderr.starts_with(
            "error: unable to match a printer suitable for the output format \"table\""
        ),
        "{}",
        bad.stderr
    );
}

#[test]
fn get_pods_watch_opens_a_stream_that_remembers_column_widths() {
    let out = run("kubectl get pods -w", 3);
    assert!(out.stdout.starts_with("NAME        READY   STATUS    RESTARTS   AGE\n"));
    match out.stream {
        Some(Stream::Watch { printed_until, only: None, wide: false, .. }) => {
            assert_eq!(printed_until, secs(3))
        }
        other => panic!("expected a watch stream, got {other:?}"),
    }
}

#[test]
fn describe_and_logs_route_to_the_printers() {
    let out = run("kubectl describe pod init-demo", 10);
    assert!(
        out.stdout.starts_with("Name:             init-demo\nNamespace:        default\n"),
        "{}",
        out.stdout
    );
    assert!(run("kubectl describe pod/web", 10).stdout.starts_with("Name:             web\n"));
    let two = run("kubectl describe pods", 10);
    assert!(
        two.stdout.contains("\n\n\nName:             web\n"),
        "two describes are separated by two blank lines"
    );
    assert_eq!(
        run("kubectl describe pod ghost", 10).stderr,
        "Error from server (NotFound): pods \"ghost\" not found\n"
    );
    let logs = run("kubectl logs init-demo", 10);
    assert_eq!(logs.stderr, "Defaulted container \"app\" out of: app, init-db (init)\n");
    assert_eq!(
        run("kubectl logs init-demo -c nope", 10).stderr,
        "error: container nope is not valid for pod init-demo\n"
    );
    assert_eq!(
        run("kubectl logs ghost", 10).stderr,
        "Error from server (NotFound): pods \"ghost\" not found\n"
    );
}

#[test]
fn unknown_commands_flags_and_types_are_answered_in_kubectls_words() {
    assert_eq!(
        run("kubectl gte pods", 1).stderr,
        "error: unknown command \"gte\" for \"kubectl\"\n\nDid you mean this?\n\tget\n"
    );
    assert_eq!(
        run("kubectl get pods --colour", 1).stderr,
        "error: unknown flag: --colour\nSee 'kubectl get --help' for usage.\n"
    );
    assert_eq!(
        run("kubectl get pods -x", 1).stderr,
        "error: unknown shorthand flag: 'x' in -x\nSee 'kubectl get --help' for usage.\n"
    );
    assert_eq!(
        run("kubectl get podz", 1).stderr,
        "error: the server doesn't have a resource type \"podz\"\n"
    );
    assert_eq!(run("ls -l", 1).stderr, "bash: ls: command not found\n");
    assert_eq!(
        run("kubectl logs init-demo -c", 1).stderr,
        "error: flag needs an argument: 'c' in -c\nSee 'kubectl logs --help' for usage.\n"
    );
    assert_eq!(
        run("kubectl delete pod", 1).stderr,
        "error: resource(s) were provided, but no name was specified\n"
    );
    assert!(run("kubectl", 1).stdout.contains("get pods"));
}

#[test]
fn exec_is_refused_the_way_kubectl_refuses_it() {
    assert_eq!(
        run("kubectl exec web ls /", 1).stderr,
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n"
    );
    assert_eq!(run("kubectl exec web --", 1).stderr, "error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples\n");
    assert_eq!(
        run("kubectl exec ghost -- ls", 1).stderr,
        "Error from server (NotFound): pods \"ghost\" not found\n"
    );
    assert_eq!(
        run("kubectl exec web -c nope -- ls", 1).stderr,
        "Error from server (BadRequest): container nope is not valid for pod web\n"
    );
    // Without -c, kubectl picks the first app container and says so when there is a choice.
    let out = run("kubectl exec init-demo -- ls", 1);
    assert!(
        out.stderr.starts_with("Defaulted container \"app\" out of: app, init-db (init)\n"),
        "{}",
        out.stderr
    );
    // Unscheduled (the node takes no pods): the API server refuses before the kubelet.
    assert!(
        out.stderr.ends_with(
            "Error from server (BadRequest): pod init-demo does not have a host assigned\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn delete_and_create_service_return_actions_at_the_playhead() {
    let out = run("kubectl delete pod web", 30);
    assert_eq!(out.stdout, "pod \"web\" deleted from default namespace\n");
    assert_eq!(out.action, Some((secs(30), Action::DeletePod("web".into()))));
    assert_eq!(
        run("kubectl delete pod ghost", 30).stderr,
        "Error from server (NotFound): pods \"ghost\" not found\n"
    );
    let out = run("kubectl create service clusterip web --tcp=80:8080", 12);
    assert_eq!(out.stdout, "service/web created\n");
    match out.action {
        Some((t, Action::Apply(objs))) => {
            assert_eq!(t, secs(12));
            let Object::Service(s) = &objs[0] else { panic!("not a service") };
            assert_eq!(s.selector.get("app").map(String::as_str), Some("web"));
            assert_eq!((s.ports[0].port, s.ports[0].name.as_deref()), (80, Some("80-8080")));
        }
        other => panic!("expected an apply, got {other:?}"),
    }
    assert_eq!(
        run("kubectl create service clusterip web", 12).stderr,
        "error: at least one tcp port specifier must be provided\n"
    );
}

#[test]
fn apply_reads_the_editor_or_a_lesson_file() {
    assert_eq!(
        run("kubectl apply -f missing.yaml", 1).stderr,
        "error: the path \"missing.yaml\" does not exist\n"
    );
    assert_eq!(
        run("kubectl apply", 1).stderr,
        "error: must specify one of -f and -k\nSee 'kubectl apply -h' for help and examples\n"
    );
    // The editor is empty in this harness: nothing to apply, as kubectl says.
    assert_eq!(run("kubectl apply -f -", 1).stderr, "error: no objects passed to apply\n");
}

#[test]
fn completion_offers_verbs_types_pods_containers_and_formats() {
    let sc = scenario();
    let tl = simulate(&sc);
    let pods = tl.pods_at(secs(1));
    assert_eq!(complete("kubectl l", &pods, &[]), vec!["logs"]);
    assert_eq!(
        complete("kubectl ", &pods, &[]),
        vec![
            "apply", "create", "delete", "describe", "exec", "expose", "get", "logs", "run",
            "version"
        ]
    );
    assert_eq!(complete("kubectl expose pod w", &pods, &[]), vec!["web"]);
    assert_eq!(complete("kubectl get ", &pods, &[]), vec!["events", "pod", "pods"]);
    assert_eq!(complete("kubectl describe pod i", &pods, &[]), vec!["init-demo"]);
    assert_eq!(complete("kubectl logs ", &pods, &[]), vec!["init-demo", "web"]);
    assert_eq!(complete("kubectl logs init-demo -c ", &pods, &[]), vec!["app", "init-db"]);
    assert_eq!(complete("kubectl get pods -o y", &pods, &[]), vec!["yaml"]);
    assert_eq!(complete("kubectl logs init-demo --p", &pods, &[]), vec!["--previous"]);
    assert_eq!(complete("kub", &pods, &[]), vec!["kubectl"]);
    assert_eq!(complete("kubectl describe pod/i", &pods, &[]), vec!["pod/init-demo"]);
    assert_eq!(complete("kubectl get po ", &pods, &[]), vec!["init-demo", "web"]);
    assert!(complete("kubectl exec web -- ", &pods, &[]).is_empty(), "nothing to offer after --");
}

mod exec_checks {
    use super::*;
    use podlab::engine::kubectl::console::exec_target;

    #[test]
    fn exec_into_a_running_init_container_works_during_init() {
        // Reference C5: only completed pods are refused by kubectl; the kubelet finds any
        // *running* container, init containers included.
        let (mut view, _) = s04_at_30();
        view.status.init_container_statuses[0].state =
            podlab::engine::model::ContainerState::Running { started_at: secs(38) };
        assert_eq!(
            exec_target(&view, Some("init-fail"), false),
            Ok(("init-fail".to_string(), String::new()))
        );
    }

    #[test]
    fn exec_into_the_default_container_during_init_is_container_not_found() {
        let (view, _) = s04_at_30();
        assert_eq!(
            exec_target(&view, None, false),
            Err("Defaulted container \"app\" out of: app, init-fail (init)\nerror: unable to upgrade connection: container not found (\"app\")\n".to_string())
        );
        assert_eq!(
            exec_target(&view, Some("init-fail"), false),
            Err("error: unable to upgrade connection: container not found (\"init-fail\")\n"
                .to_string())
        );
    }

    #[test]
    fn exec_into_a_completed_pod_is_refused_by_kubectl() {
        let (view, _) = s06_at_60();
        assert_eq!(
            exec_target(&view, None, false),
            Err(
                "error: cannot exec into a container in a completed pod; current phase is Failed\n"
                    .to_string()
            )
        );
    }

    #[test]
    fn exec_into_a_sidecar_or_app_container_of_a_running_pod_works() {
        let (view, _) = s23_at_120();
        assert_eq!(
            exec_target(&view, Some("log-shipper"), false),
            Ok(("log-shipper".to_string(), String::new()))
        );
        assert_eq!(
            exec_target(&view, None, false),
            Ok((
                "app".to_string(),
                "Defaulted container \"app\" out of: app, log-shipper (init)\n".to_string()
            ))
        );
        assert_eq!(exec_target(&view, None, true), Ok(("app".to_string(), String::new())));
        assert_eq!(exec_target(&view, Some("nope"), false), Err("Error from server (BadRequest): container nope is not valid for pod sidecar-basic\n".to_string()));
    }

    #[test]
    fn exec_into_an_unscheduled_pod_has_no_host() {
        let (view, _) = s31_at_90();
        assert_eq!(
            exec_target(&view, Some("app"), false),
            Err("Error from server (BadRequest): pod init-too-big does not have a host assigned\n"
                .to_string())
        );
    }
}

/// reliability.md R8: learner input never panics. Thousands of generated lines built from
/// kubectl words, flags, quotes, escapes and odd Unicode go through the parser, the dispatcher
/// and completion.
#[test]
fn no_console_line_panics() {
    let atoms = [
        "kubectl",
        "k",
        "get",
        "pods",
        "pod/",
        "po",
        "describe",
        "logs",
        "exec",
        "apply",
        "create",
        "service",
        "clusterip",
        "delete",
        "events",
        "-o",
        "yaml",
        "json",
        "wide",
        "-w",
        "-c",
        "app",
        "init-db",
        "init-demo",
        "web",
        "--",
        "-f",
        "-",
        "--tail=",
        "-1",
        "--tcp=80:",
        "'",
        "\"",
        "\\",
        "#",
        "=",
        "-n",
        "kube-system",
        "--namespace=",
        "-it",
        "sh",
        "é",
        "💥",
        "\u{0}",
        "\t",
        " ",
        "  ",
        "-p",
        "--previous",
        "--all-containers",
        "x/y/z",
        "--grace-period=0",
        "--force",
        "-A",
        "version",
        "help",
        "-x",
        "--",
        "9999999999999999999999",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // SplitMix64: deterministic, no dependency.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let sc = scenario();
    let tl = simulate(&sc);
    let files = vec![("a.yaml".to_string(), "apiVersion: v1\nkind: Pod\n".to_string())];
    let c =
        Console { timeline: &tl, scenario: &sc, now: secs(7), editor: "kind: [", files: &files };
    let pods = tl.pods_at(secs(7));
    for _ in 0..3000 {
        let n = 1 + (next() % 8) as usize;
        let mut line = String::new();
        for i in 0..n {
            if i > 0 && next() % 4 != 0 {
                line.push(' ');
            }
            line.push_str(atoms[(next() % atoms.len() as u64) as usize]);
        }
        let _ = c.run(&line);
        let _ = complete(&line, &pods, &[]);
    }
}

#[test]
fn expose_needs_a_pod_with_labels_and_a_port() {
    assert_eq!(
        run("kubectl expose pod ghost --port=80", 5).stderr,
        "Error from server (NotFound): pods \"ghost\" not found\n"
    );
    assert_eq!(
        run("kubectl expose pod web --port=80", 5).stderr,
        "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\nSee 'kubectl expose -h' for help and examples\n"
    );
    assert_eq!(run("kubectl expose deployment web", 5).exit_code, 1);
    assert_eq!(
        run("kubectl run", 5).stderr,
        "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
    );
}

/// The pod the API server stores carries what it set on create (uid, creation time); applying
/// the same manifest again is still `unchanged`, as kubectl says.
#[test]
fn re_applying_the_same_manifest_is_unchanged() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: again\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sleep', '3600']\n";
    let sc = Scenario::apply_at_zero(podlab::engine::admission::admit(yaml).objects, secs(30));
    let tl = simulate(&sc);
    let c = Console { timeline: &tl, scenario: &sc, now: secs(10), editor: yaml, files: &[] };
    let out = c.run("kubectl apply -f -");
    assert_eq!(
        (out.stdout.as_str(), out.exit_code, out.action),
        ("pod/again unchanged\n", 0, None)
    );
}
