//! Volumes as the kubelet mounts them (issue 17, reference addendum): every volume is set up
//! before the sandbox and any image pull (`WaitForAttachAndMount`); a ConfigMap/Secret that does
//! not exist keeps the pod `Init:0/N` / `ContainerCreating` with Warning `FailedMount` events
//! retried with exponential back-off, `optional: true` mounts an empty directory, and applying
//! the object lets the next retry mount it.

mod kubelet_support;
use kubelet_support::*;
use podlab::engine::kubelet::{simulate, Action, Scenario};
use podlab::engine::model::PodPhase;
use podlab::engine::time::Millis;

const S: fn(u64) -> Millis = Millis::from_secs;

const NEEDS_CONFIG: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: configured
spec:
  initContainers:
  - name: render
    image: busybox:1.36
    command: ["sh", "-c", "cat /cfg/greeting > /out/app.conf"]
    volumeMounts:
    - name: cfg
      mountPath: /cfg
    - name: out
      mountPath: /out
  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: out
      mountPath: /usr/share/nginx/html
  volumes:
  - name: cfg
    configMap:
      name: app-config
  - name: out
    emptyDir: {}
"#;

const APP_CONFIG: &str = r#"
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  greeting: hello
"#;

#[test]
fn a_missing_config_map_keeps_the_pod_initialising_with_failed_mount_events_and_no_pulls() {
    let tl = run(NEEDS_CONFIG, 120);
    assert_eq!(statuses(&tl, "configured"), ["Pending", "Init:0/1"], "not Init:FailedMount");
    let evs = tl.events_until(S(120));
    let mounts: Vec<_> = evs.iter().filter(|e| e.reason == "FailedMount").collect();
    let first = mounts[0];
    assert_eq!(
        (first.type_.as_str(), first.object.as_str(), first.source.as_str()),
        ("Warning", "", "kubelet")
    );
    assert_eq!(
        first.message,
        r#"MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found"#
    );
    // nestedpendingoperations: 500 ms, doubling, at most 2m2s between attempts.
    let gaps: Vec<u64> = mounts.windows(2).map(|w| w[1].t.0 - w[0].t.0).collect();
    assert_eq!(&gaps[..6], [500, 1000, 2000, 4000, 8000, 16_000], "{gaps:?}");
    assert!(
        !evs.iter()
            .any(|e| ["Pulling", "Pulled", "Created", "Started"].contains(&e.reason.as_str())),
        "no image is pulled and no container created until the volumes mount"
    );
    let st = tl.pod_at("configured", S(120)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Pending);
    assert_eq!(condition(&st, "PodReadyToStartContainers").0, "False", "no sandbox yet");
    assert_eq!(st.pod_ip, None, "no sandbox, no pod IP");
    assert_eq!(condition(&st, "Initialized").0, "False");
}

#[test]
fn the_back_off_between_mount_attempts_stops_growing_at_two_minutes() {
    let tl = run(NEEDS_CONFIG, 900);
    let times: Vec<Millis> = tl
        .events_until(S(900))
        .into_iter()
        .filter(|e| e.reason == "FailedMount")
        .map(|e| e.t)
        .collect();
    let gaps: Vec<u64> = times.windows(2).map(|w| w[1].0 - w[0].0).collect();
    assert_eq!(gaps.iter().max(), Some(&122_000), "{gaps:?}");
    assert_eq!(gaps.last(), Some(&122_000));
}

#[test]
fn without_init_containers_the_pod_shows_container_creating() {
    let y = r#"
apiVersion: v1
kind: Pod
metadata:
  name: plain
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "600"]
    volumeMounts:
    - name: creds
      mountPath: /creds
  volumes:
  - name: creds
    secret:
      secretName: db-creds
"#;
    let tl = run(y, 60);
    assert_eq!(statuses(&tl, "plain"), ["Pending", "ContainerCreating"]);
    let ev = tl.events_until(S(60)).into_iter().find(|e| e.reason == "FailedMount").unwrap();
    assert_eq!(
        ev.message,
        r#"MountVolume.SetUp failed for volume "creds" : secret "db-creds" not found"#
    );
}

#[test]
fn an_optional_config_map_that_does_not_exist_mounts_an_empty_directory() {
    let y = NEEDS_CONFIG
        .replace("      name: app-config\n", "      name: app-config\n      optional: true\n")
        .replace("cat /cfg/greeting > /out/app.conf", "ls /cfg | wc -l > /out/app.conf");
    let tl = run(&y, 60);
    assert!(!tl.events_until(S(60)).iter().any(|e| e.reason == "FailedMount"));
    let st = tl.pod_at("configured", S(60)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Running);
    let files = tl.files_at("configured", S(60));
    assert_eq!(files["out"]["app.conf"].as_slice(), b"0\n", "the directory is empty");
}

#[test]
fn applying_the_config_map_lets_the_next_retry_mount_it() {
    let mut sc = Scenario::apply_at_zero(objects(NEEDS_CONFIG), S(90));
    sc.actions.push((S(20), Action::Apply(objects(APP_CONFIG))));
    let tl = simulate(&sc);
    let evs = tl.events_until(S(90));
    let last_failure = evs.iter().filter(|e| e.reason == "FailedMount").map(|e| e.t).max().unwrap();
    assert!(last_failure < S(20));
    // Attempts at 1, 1.5, 2.5, 4.5, 8.5, 16.5, then 32.5: the one after the apply mounts.
    let pulled = evs.iter().find(|e| e.reason == "Pulled" || e.reason == "Pulling").unwrap();
    assert_eq!(pulled.t, Millis(32_500), "the first image pull waits for the mount");
    let st = tl.pod_at("configured", S(90)).unwrap().status;
    assert_eq!(st.phase, PodPhase::Running);
    assert_eq!(tl.files_at("configured", S(90))["out"]["app.conf"].as_slice(), b"hello");
    let sts = statuses(&tl, "configured");
    assert_eq!(sts.last().map(String::as_str), Some("Running"), "{sts:?}");
}

#[test]
fn a_missing_key_in_items_fails_the_mount_like_the_kubelet() {
    let y = format!(
        "{APP_CONFIG}---\n{}",
        NEEDS_CONFIG.replace(
            "      name: app-config\n",
            "      name: app-config\n      items:\n      - key: colour\n        path: colour\n"
        )
    );
    let tl = run(&y, 30);
    let ev = tl.events_until(S(30)).into_iter().find(|e| e.reason == "FailedMount").unwrap();
    assert_eq!(
        ev.message,
        r#"MountVolume.SetUp failed for volume "cfg" : configmap references non-existent config key: colour"#
    );
    assert_eq!(statuses(&tl, "configured"), ["Pending", "Init:0/1"]);
}

// ---------------------------------------------------------------------------------------------
// persistentVolumeClaim volumes
// ---------------------------------------------------------------------------------------------

const MIGRATE: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: migrate
spec:
  initContainers:
  - name: seed
    image: busybox:1.36
    command: ["sh", "-c", "[ -f /data/schema ] && echo kept || (echo v1 > /data/schema; echo seeded)"]
    volumeMounts:
    - name: data
      mountPath: /data
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "cat /data/schema; sleep 3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
"#;

const DATA_CLAIM: &str = r#"
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
"#;

#[test]
fn admission_accepts_a_persistent_volume_claim_and_checks_its_spec() {
    let a = podlab::engine::admission::admit(DATA_CLAIM);
    assert!(!a.has_errors(), "{:?}", a.diagnostics);
    assert_eq!(a.objects[0].kind(), "PersistentVolumeClaim");
    let bad = podlab::engine::admission::admit(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [\"ReadWriteSometimes\"]\n",
    );
    let msgs: Vec<&str> = bad.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        msgs.iter()
            .any(|m| m.contains("spec.accessModes: Unsupported value: \"ReadWriteSometimes\"")),
        "{msgs:?}"
    );
    assert!(msgs.iter().any(|m| m.contains("spec.resources[storage]: Required value")), "{msgs:?}");
}

#[test]
fn a_missing_claim_keeps_the_pod_pending_with_the_schedulers_message() {
    let tl = run(MIGRATE, 60);
    assert_eq!(statuses(&tl, "migrate"), ["Pending"]);
    let ev = tl.events_until(S(60)).into_iter().find(|e| e.reason == "FailedScheduling").unwrap();
    assert_eq!(
        ev.message,
        r#"0/1 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."#
    );
    let st = tl.pod_at("migrate", S(60)).unwrap().status;
    assert_eq!(condition(&st, "PodScheduled").1.as_deref(), Some("Unschedulable"));
}

#[test]
fn applying_the_claim_schedules_the_waiting_pod() {
    let mut sc = Scenario::apply_at_zero(objects(MIGRATE), S(60));
    sc.actions.push((S(10), Action::Apply(objects(DATA_CLAIM))));
    let tl = simulate(&sc);
    let scheduled = tl.events_until(S(60)).into_iter().find(|e| e.reason == "Scheduled").unwrap();
    assert_eq!(scheduled.t, S(10));
    assert_eq!(tl.pod_at("migrate", S(60)).unwrap().status.phase, PodPhase::Running);
}

#[test]
fn a_claims_files_outlive_the_pod_across_delete_and_recreate() {
    let mut objs = objects(DATA_CLAIM);
    objs.extend(objects(MIGRATE));
    let mut sc = Scenario::apply_at_zero(objs, S(120));
    sc.actions.push((S(20), Action::DeletePod("migrate".into())));
    sc.actions.push((S(60), Action::Apply(objects(MIGRATE))));
    let tl = simulate(&sc);
    let first = tl.logs("migrate", "seed", false, S(15)).unwrap();
    assert_eq!(first.last().map(|l| l.1.as_str()), Some("seeded"));
    assert!(tl.pod_at("migrate", S(55)).is_none(), "deleted");
    let second = tl.logs("migrate", "seed", false, S(120)).unwrap();
    assert_eq!(second.last().map(|l| l.1.as_str()), Some("kept"), "the data survived");
    let app = tl.logs("migrate", "app", false, S(120)).unwrap();
    assert_eq!(app.last().map(|l| l.1.as_str()), Some("v1"));
}
