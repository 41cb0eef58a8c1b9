//! Evaluators on hand-built timelines: each check must pass on the behaviour it names and
//! fail, with an explanation, on a near miss.

use super::*;
use crate::engine::kubelet::Segment;
use crate::engine::model::{ContainerKind, Pod};

/// A hand-built simulation record.
#[derive(Default)]
struct Fake {
    end: Millis,
    rows: Vec<WatchRow>,
    pods: Vec<PodView>,
    lanes: Vec<Lane>,
    logs: BTreeMap<(String, String), Vec<(Millis, String)>>,
    files: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    events: Vec<Event>,
}

impl Observed for Fake {
    fn end(&self) -> Millis {
        self.end
    }
    fn pod_at(&self, name: &str, _t: Millis) -> Option<PodView> {
        self.pods.iter().find(|p| p.pod.metadata.name == name).cloned()
    }
    fn rows(&self) -> Vec<WatchRow> {
        self.rows.clone()
    }
    fn events_until(&self, t: Millis) -> Vec<Event> {
        self.events.iter().filter(|e| e.t <= t).cloned().collect()
    }
    fn logs(
        &self,
        pod: &str,
        c: &str,
        previous: bool,
        _t: Millis,
    ) -> Option<Vec<(Millis, String)>> {
        if previous {
            return None;
        }
        self.logs.get(&(pod.to_string(), c.to_string())).cloned()
    }
    fn files_at(&self, _pod: &str, _t: Millis) -> BTreeMap<String, BTreeMap<String, Vec<u8>>> {
        self.files.clone()
    }
    fn lanes(&self) -> Vec<Lane> {
        self.lanes.clone()
    }
}

fn row(t: u64, status: &str, ready: &str, phase: &str) -> WatchRow {
    WatchRow {
        t: Millis::from_secs(t),
        pod: "web".into(),
        ready: ready.into(),
        status: status.into(),
        restarts: "0".into(),
        phase: phase.into(),
    }
}

fn seg(from: u64, to: Option<u64>, state: LaneState) -> Segment {
    Segment { from: Millis::from_secs(from), to: to.map(Millis::from_secs), state, reason: None }
}

fn lane(c: &str, kind: ContainerKind, starts: &[u64], segments: Vec<Segment>) -> Lane {
    Lane {
        pod: "web".into(),
        container: c.into(),
        kind,
        segments,
        starts: starts.iter().map(|s| Millis::from_secs(*s)).collect(),
    }
}

fn cstatus(name: &str, restarts: u32, state: ContainerState) -> ContainerStatus {
    ContainerStatus {
        name: name.into(),
        state,
        last_state: None,
        ready: false,
        restart_count: restarts,
        image: "busybox:1.36".into(),
        image_id: String::new(),
        container_id: None,
        started: None,
    }
}

fn pod_view(phase: PodPhase, init: Vec<ContainerStatus>, app: Vec<ContainerStatus>) -> PodView {
    let mut pod = Pod::default();
    pod.metadata.name = "web".into();
    let mut v = PodView {
        pod,
        status: Default::default(),
        created: Millis::ZERO,
        deletion_timestamp: None,
        node_name: Some("node01".into()),
        containers: Vec::new(),
    };
    v.status.phase = phase;
    v.status.init_container_statuses = init;
    v.status.container_statuses = app;
    v
}

/// S01-shaped: init 1–6 s, app from 7 s.
fn happy() -> Fake {
    let term = |s, f| ContainerState::Terminated {
        exit_code: 0,
        signal: None,
        reason: Some("Completed".into()),
        message: None,
        started_at: Millis::from_secs(s),
        finished_at: Millis::from_secs(f),
    };
    let mut f = Fake { end: Millis::from_secs(60), ..Default::default() };
    f.rows = vec![
        row(0, "Pending", "0/1", "Pending"),
        row(1, "Init:0/1", "0/1", "Pending"),
        row(6, "PodInitializing", "0/1", "Pending"),
        row(7, "Running", "1/1", "Running"),
    ];
    f.pods = vec![pod_view(
        PodPhase::Running,
        vec![cstatus("migrate", 0, term(1, 6))],
        vec![cstatus("app", 0, ContainerState::Running { started_at: Millis::from_secs(7) })],
    )];
    f.lanes = vec![
        lane(
            "migrate",
            ContainerKind::Init,
            &[1],
            vec![
                seg(0, Some(1), LaneState::Waiting),
                seg(1, Some(6), LaneState::Running),
                seg(6, None, LaneState::Completed),
            ],
        ),
        lane(
            "app",
            ContainerKind::App,
            &[7],
            vec![seg(0, Some(7), LaneState::Waiting), seg(7, None, LaneState::Ready)],
        ),
    ];
    f.logs.insert(
        ("web".into(), "app".into()),
        vec![(Millis::from_secs(7), "hello from init".into())],
    );
    f.files.insert(
        "shared".into(),
        BTreeMap::from([("ready".to_string(), b"initializing\n".to_vec())]),
    );
    f
}

fn ok(src: &str, f: &Fake) {
    let c = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    assert_eq!(evaluate(&c, f), Outcome::Pass, "{src}");
}

fn fails(src: &str, f: &Fake, needle: &str) {
    let c = parse(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    match evaluate(&c, f) {
        Outcome::Pass => panic!("{src} should fail"),
        Outcome::Fail(msg) => assert!(msg.contains(needle), "{src}: {msg:?} lacks {needle:?}"),
    }
}

#[test]
fn a_healthy_pod_passes_its_goal_checks() {
    let f = happy();
    ok("phase(web, Running)", &f);
    ok("phase(web, Running) within 10s", &f);
    ok("ready(web) within 10s", &f);
    ok("no_restarts(web)", &f);
    ok("finished_before(web, migrate, app)", &f);
    ok("started_before(web, migrate, app)", &f);
    ok("ran_once(web, migrate)", &f);
    ok("log_contains(web, app, \"hello from\")", &f);
    ok("log_lacks(web, app, \"error\")", &f);
    ok("file_contains(web, shared, \"/ready\", \"initializing\")", &f);
    ok("status_seen(web, \"Init:0/1\")", &f);
    ok("status_never(web, \"Init:Error\")", &f);
    ok("exit_code(web, migrate, 0)", &f);
}

#[test]
fn deadlines_are_explained_with_what_the_pod_showed() {
    let f = happy();
    fails("phase(web, Running) within 5s", &f, "Init:0/1");
    fails("phase(web, Running) within 5s", &f, "only at 7 s");
    fails("ready(web) within 3s", &f, "not ready within 3 s");
    fails("phase(web, Succeeded)", &f, "is Running, not Succeeded");
}

#[test]
fn ordering_checks_fail_when_the_app_starts_first() {
    let mut f = happy();
    f.lanes[1].starts = vec![Millis::from_secs(2)];
    fails("finished_before(web, migrate, app)", &f, "before migrate finished");
    fails("started_before(web, app, migrate)", &f, "not after app");
}

#[test]
fn a_failed_init_never_counts_as_finished() {
    let mut f = happy();
    f.lanes[0].segments =
        vec![seg(1, Some(3), LaneState::Running), seg(3, None, LaneState::Failed)];
    f.lanes[1].starts.clear();
    fails("finished_before(web, migrate, app)", &f, "never finished successfully");
    ok("never_started(web, app)", &f);
}

#[test]
fn restarts_are_counted_from_container_statuses() {
    let mut f = happy();
    f.pods[0].status.init_container_statuses[0].restart_count = 3;
    fails("no_restarts(web)", &f, "migrate (3×)");
    ok("restarts_at_least(web, migrate, 2)", &f);
    fails("restarts_at_least(web, migrate, 4)", &f, "restarted 3 time(s)");
}

#[test]
fn status_seen_lists_the_sequence_when_missing() {
    let f = happy();
    fails(
        "status_seen(web, \"Init:CrashLoopBackOff\")",
        &f,
        "Init:0/1 → PodInitializing → Running",
    );
    fails("status_never(web, \"Running\")", &f, "at 7 s");
}

#[test]
fn sidecar_readiness_ordering() {
    let mut f = happy();
    f.lanes.insert(
        0,
        lane(
            "proxy",
            ContainerKind::Sidecar,
            &[1],
            vec![seg(1, Some(4), LaneState::Running), seg(4, None, LaneState::Ready)],
        ),
    );
    ok("ready_before(web, proxy, app)", &f);
    f.lanes[0].segments = vec![seg(1, Some(9), LaneState::Running), seg(9, None, LaneState::Ready)];
    fails("ready_before(web, proxy, app)", &f, "before proxy was ready");
}

#[test]
fn logs_and_files_explain_what_is_there() {
    let f = happy();
    fails("log_contains(web, app, \"bye\")", &f, "last line was \"hello from init\"");
    fails("log_contains(web, migrate, \"x\")", &f, "logged nothing");
    fails("file_contains(web, shared, ready, \"done\")", &f, "holds \"initializing\\n\"");
    fails("file_contains(web, shared, other, \"x\")", &f, "no file other");
    fails("file_contains(web, nope, ready, \"x\")", &f, "Volume nope of pod web holds no files");
}

#[test]
fn missing_pods_are_named() {
    let f = happy();
    fails("phase(api, Running)", &f, "no pod named api");
    fails("no_restarts(api)", &f, "no pod named api");
}

#[test]
fn parse_rejects_malformed_checks() {
    for bad in [
        "phase(web)",
        "phase(web, Sleeping)",
        "teleport(web)",
        "status_seen(web, \"Init:Error)",
        "no_restarts(web) within 5s",
        "phase(web, Running) eventually",
        "restarts_at_least(web, a, many)",
        "phase web Running",
    ] {
        assert!(parse(bad).is_err(), "{bad} should not parse");
    }
    assert_eq!(
        parse("log_contains(web, app, \"a, b\")").unwrap(),
        Check::LogContains { pod: "web".into(), container: "app".into(), text: "a, b".into() }
    );
    assert_eq!(
        parse("ready(web) within 2m").unwrap(),
        Check::Ready { pod: "web".into(), when: When::Within(Millis::from_secs(120)) }
    );
}

#[test]
fn events_and_scheduling() {
    let mut f = happy();
    fails("event_seen(web, DeadlineExceeded)", &f, "No DeadlineExceeded event");
    f.events.push(Event {
        t: Millis::from_secs(30),
        pod: "web".into(),
        type_: "Normal".into(),
        reason: "DeadlineExceeded".into(),
        object: String::new(),
        message: String::new(),
        source: "kubelet".into(),
    });
    ok("event_seen(web, DeadlineExceeded)", &f);
    fails("unscheduled(web)", &f, "scheduled to node01");
    f.pods[0].node_name = None;
    ok("unscheduled(web)", &f);
}

#[test]
fn restarts_column_and_reasons() {
    let f = happy();
    ok("restarts_shown(web, \"0\")", &f);
    fails("restarts_shown(web, \"2\")", &f, "RESTARTS shows \"0\"");
    ok("reason_seen(web, migrate, \"Completed\")", &f);
    fails("reason_seen(web, app, \"PodInitializing\")", &f, "showed: (running)");
}

#[test]
fn status_sequences_and_predictions() {
    let f = happy();
    let seq = status_sequence(&f, "web");
    assert_eq!(seq, ["Pending", "Init:0/1", "PodInitializing", "Running"]);
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(is_subsequence(&s(&["Init:0/1", "Running"]), &seq), "brief states may be skipped");
    assert!(!is_subsequence(&s(&["Running", "Init:0/1"]), &seq), "order matters");
    assert!(!is_subsequence(&s(&["Init:0/1", "Init:Error"]), &seq));
}

#[test]
fn any_init_container_where_the_goal_leaves_the_name_free() {
    let f = happy();
    ok("finished_before(web, *, app)", &f);
    ok("started_before(web, *, app)", &f);
    ok("ran_once(web, *)", &f);
    ok("log_contains(web, *, \"hello from\")", &f);
    fails("log_lacks(web, *, \"hello\")", &f, "The log of an init container contains");
    let mut none = happy();
    none.lanes.remove(0);
    fails(
        "finished_before(web, *, app)",
        &none,
        "Pod web has no init container: app started at 7 s",
    );
    fails("ran_once(web, *)", &none, "Pod web has no init container.");
}

#[test]
fn a_named_container_the_pod_lacks_fails_with_that_name() {
    let f = happy();
    fails(
        "never_started(web, worker)",
        &f,
        "Pod web has no container named worker: the goal needs that name.",
    );
    fails("finished_before(web, seed, app)", &f, "no container named seed");
}

#[test]
fn at_an_instant_and_started_after() {
    let f = happy();
    ok("phase(web, Pending) at 3s", &f);
    fails(
        "phase(web, Pending) at 8s",
        &f,
        "At 8 s pod web was not Pending: it showed STATUS Running",
    );
    ok("ready(web) at 7s", &f);
    fails("ready(web) at 6s", &f, "At 6 s pod web was not ready");
    ok("started_after(web, app, 5s)", &f);
    fails("started_after(web, app, 30s)", &f, "app started at 7 s, before 30 s.");
    assert!(parse("status_seen(web, \"Running\") at 3s").is_err(), "`at` is for phase and ready");
    assert!(parse("started_after(web, app, soon)").is_err());
}

#[test]
fn requests_are_read_from_the_stored_pod() {
    let mut f = happy();
    let mut app = crate::engine::model::Container { name: "app".into(), ..Default::default() };
    app.resources
        .requests
        .insert("cpu".into(), crate::engine::model::Quantity { text: "500m".into(), milli: 500 });
    f.pods[0].pod.spec.containers = vec![app];
    ok("request_at_least(web, app, cpu, 500m)", &f);
    ok("request_at_least(web, app, cpu, 0.5)", &f);
    fails("request_at_least(web, app, cpu, 1)", &f, "`app` requests cpu 500m, less than 1.");
    fails("request_at_least(web, app, memory, 1Gi)", &f, "`app` has no memory request");
    assert!(parse("request_at_least(web, app, cpu, lots)").is_err());
}
