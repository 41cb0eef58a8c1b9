//! `kubectl logs` semantics over the worked examples: container defaulting, instance choice and
//! the kubelet's refusals, word for word.
mod kubectl_fixtures;
use kubectl_fixtures::*;
use podlab::engine::kubectl::logs::{follow, follow_lines, logs, LogsRequest};
use podlab::engine::model::ContainerState;
use podlab::engine::time::Millis;
use std::cell::RefCell;

fn req(pod: &str, c: Option<&str>, previous: bool) -> LogsRequest {
    LogsRequest { pod: pod.into(), container: c.map(String::from), previous, ..Default::default() }
}

/// A log source that records which instance was asked for and answers with its lines.
fn source(
    calls: &RefCell<Vec<(String, bool)>>,
) -> impl Fn(&str, bool) -> Option<Vec<(Millis, String)>> + '_ {
    move |c: &str, prev: bool| {
        calls.borrow_mut().push((c.to_string(), prev));
        let tag = if prev { "previous" } else { "latest" };
        Some(vec![
            (secs(16), format!("{c} {tag}: checking config")),
            (secs(18), format!("{c} {tag}: config missing")),
        ])
    }
}

#[test]
fn logs_without_c_defaults_to_the_first_app_container_with_kubectls_notice() {
    let (view, _) = s04_at_30();
    let calls = RefCell::new(vec![]);
    let out = logs(Some(&view), &req("init-crash-always", None, false), &source(&calls), secs(30));
    assert_eq!(
        out.stderr,
        "Defaulted container \"app\" out of: app, init-fail (init)\n\
         Error from server (BadRequest): container \"app\" in pod \"init-crash-always\" is waiting to start: PodInitializing\n"
    );
    assert_eq!((out.stdout.as_str(), out.exit_code), ("", 1));
    assert!(calls.borrow().is_empty(), "no log is read for a container that never ran");
}

#[test]
fn logs_of_a_crash_looping_init_container_show_the_crashed_instance_with_or_without_previous() {
    let (view, _) = s04_at_30();
    let calls = RefCell::new(vec![]);
    let out = logs(
        Some(&view),
        &req("init-crash-always", Some("init-fail"), false),
        &source(&calls),
        secs(30),
    );
    assert_eq!(out.stdout, "init-fail latest: checking config\ninit-fail latest: config missing\n");
    assert_eq!((out.stderr.as_str(), out.exit_code), ("", 0));
    let out = logs(
        Some(&view),
        &req("init-crash-always", Some("init-fail"), true),
        &source(&calls),
        secs(30),
    );
    assert_eq!(out.stdout, "init-fail latest: checking config\ninit-fail latest: config missing\n");
    assert_eq!(
        *calls.borrow(),
        vec![("init-fail".to_string(), false), ("init-fail".to_string(), false)]
    );
}

#[test]
fn previous_of_a_container_that_never_restarted_is_not_found() {
    let (view, _) = s06_at_60();
    let calls = RefCell::new(vec![]);
    let out = logs(
        Some(&view),
        &req("init-fail-never", Some("init-fail"), true),
        &source(&calls),
        secs(60),
    );
    assert_eq!(out.stderr, "Error from server (BadRequest): previous terminated container \"init-fail\" in pod \"init-fail-never\" not found\n");
    assert_eq!(out.exit_code, 1);
    // Without --previous, the exited init container's own output is there.
    let out = logs(
        Some(&view),
        &req("init-fail-never", Some("init-fail"), false),
        &source(&calls),
        secs(60),
    );
    assert_eq!(out.exit_code, 0);
    assert!(out.stdout.starts_with("init-fail latest: checking config\n"));
}

#[test]
fn previous_of_a_restarted_running_container_reads_the_instance_before() {
    let (mut view, _) = s23_at_120();
    view.status.container_statuses[0].restart_count = 1;
    view.status.container_statuses[0].last_state = Some(terminated(1, "Error", 2, 40));
    let calls = RefCell::new(vec![]);
    let out =
        logs(Some(&view), &req("sidecar-basic", Some("app"), true), &source(&calls), secs(120));
    assert_eq!(out.exit_code, 0);
    assert_eq!(*calls.borrow(), vec![("app".to_string(), true)]);
}

#[test]
fn an_unknown_container_is_refused_by_kubectl_itself() {
    let (view, _) = s23_at_120();
    let calls = RefCell::new(vec![]);
    let out =
        logs(Some(&view), &req("sidecar-basic", Some("nope"), false), &source(&calls), secs(120));
    assert_eq!(out.stderr, "error: container nope is not valid for pod sidecar-basic\n");
    assert_eq!(out.exit_code, 1);
}

#[test]
fn a_missing_pod_is_not_found_and_an_unscheduled_pod_has_empty_logs() {
    let calls = RefCell::new(vec![]);
    let out = logs(None, &req("ghost", None, false), &source(&calls), secs(1));
    assert_eq!(out.stderr, "Error from server (NotFound): pods \"ghost\" not found\n");
    let (view, _) = s31_at_90();
    let out = logs(
        Some(&view),
        &req("init-too-big", Some("warm-cache"), false),
        &source(&calls),
        secs(90),
    );
    assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.exit_code), ("", "", 0));
}

#[test]
fn image_pull_failures_are_explained_in_the_kubelets_words() {
    let (mut view, _) = s04_at_30();
    let st = &mut view.status.init_container_statuses[0];
    st.last_state = None;
    st.state = ContainerState::Waiting { reason: Some("ErrImagePull".into()), message: None };
    let calls = RefCell::new(vec![]);
    let out = logs(
        Some(&view),
        &req("init-crash-always", Some("init-fail"), false),
        &source(&calls),
        secs(30),
    );
    assert_eq!(out.stderr, "Error from server (BadRequest): container \"init-fail\" in pod \"init-crash-always\" is waiting to start: image can't be pulled\n");
    view.status.init_container_statuses[0].state =
        ContainerState::Waiting { reason: Some("ImagePullBackOff".into()), message: None };
    let out = logs(
        Some(&view),
        &req("init-crash-always", Some("init-fail"), false),
        &source(&calls),
        secs(30),
    );
    assert!(out.stderr.ends_with("is waiting to start: trying and failing to pull image\n"));
}

#[test]
fn follow_on_a_running_container_streams_later_lines_only() {
    let (view, _) = s23_at_120();
    let ticks: Vec<(Millis, String)> =
        (0..30).map(|i| (secs(2 + 5 * i), format!("tick {i}"))).collect();
    let src = |_: &str, _: bool| Some(ticks.clone());
    let r = LogsRequest {
        follow: true,
        tail: Some(2),
        ..req("sidecar-basic", Some("log-shipper"), false)
    };
    let mut out = logs(Some(&view), &r, &src, secs(20));
    assert_eq!(out.stdout, "tick 2\ntick 3\n");
    let f = out.follow.as_mut().expect("running container: the stream stays open");
    assert_eq!(follow_lines(f, &ticks, secs(31)), "tick 4\ntick 5\n");
    assert_eq!(follow_lines(f, &ticks, secs(31)), "");
}

#[test]
fn timestamps_prefix_each_line() {
    let (view, _) = s06_at_60();
    let src = |_: &str, _: bool| Some(vec![(Millis(1500), "checking config".to_string())]);
    let r = LogsRequest { timestamps: true, ..req("init-fail-never", Some("init-fail"), false) };
    assert_eq!(
        logs(Some(&view), &r, &src, secs(60)).stdout,
        "2026-01-01T00:00:01.5Z checking config\n"
    );
}

#[test]
fn follow_ends_when_the_followed_instance_exits() {
    let (view, _) = s23_at_120();
    let ticks: Vec<(Millis, String)> =
        (0..30).map(|i| (secs(2 + 5 * i), format!("tick {i}"))).collect();
    let latest = |_: &str, _: bool| Some(ticks.clone());
    let r = LogsRequest { follow: true, tail: Some(0), ..req("sidecar-basic", Some("app"), false) };
    let mut f = logs(Some(&view), &r, &latest, secs(120)).follow.expect("open stream");
    assert_eq!(f.started, secs(2));
    // Still the same instance at 126 s.
    assert_eq!(follow(&mut f, &[secs(2)], true, &latest, secs(126)), "tick 24\n");
    // A new instance started at 129 s (even if the status has not caught up yet): kubectl
    // prints the rest of the followed instance — now the previous one — and returns.
    let src = |_: &str, prev: bool| {
        Some(if prev { ticks.clone() } else { vec![(secs(129), "new instance".to_string())] })
    };
    assert_eq!(follow(&mut f, &[secs(2), secs(129)], true, &src, secs(130)), "tick 25\n");
    assert!(f.ended);
    assert_eq!(follow(&mut f, &[secs(2), secs(129)], true, &src, secs(200)), "");
}

#[test]
fn follow_ends_when_the_status_says_the_container_stopped() {
    let (view, _) = s23_at_120();
    let ticks: Vec<(Millis, String)> = vec![(secs(118), "last words".to_string())];
    let src = |_: &str, _: bool| Some(ticks.clone());
    let r = LogsRequest { follow: true, tail: Some(0), ..req("sidecar-basic", Some("app"), false) };
    let mut f = logs(Some(&view), &r, &src, secs(117)).follow.expect("open stream");
    assert_eq!(follow(&mut f, &[secs(2)], false, &src, secs(125)), "last words\n");
    assert!(f.ended);
}
