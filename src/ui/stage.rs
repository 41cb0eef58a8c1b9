//! What the stage draws, as plain data read from the [`Timeline`] at one instant: per pod, its
//! containers' display states (the kubelet's [`ContainerView`]: the stage decides nothing), the
//! gate (the pod's `Initialized` condition) and the volume shelf (files, who wrote them, who
//! read them, who mounts them). The components in `stage_view.rs` draw it.

use crate::engine::kubelet::{ContainerView, ShelfFile, ShelfVolume, Timeline};
use crate::engine::model::ContainerKind;
use crate::engine::time::Millis;
use crate::ui::playback::clock_text;

/// One pod on the stage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StagePod {
    /// Pod name.
    pub name: String,
    /// The `Initialized` condition is `True`: the gate in front of the app containers is open.
    pub initialized: bool,
    /// Init containers and sidecars (spec order), the queue.
    pub queue: Vec<ContainerView>,
    /// App containers, behind the gate.
    pub apps: Vec<ContainerView>,
    /// The pod's volumes with their files.
    pub shelf: Vec<ShelfVolume>,
}

/// Every pod that exists at `t`, as the stage draws it.
pub fn stage_pods(tl: &Timeline, t: Millis) -> Vec<StagePod> {
    tl.pods_at(t)
        .into_iter()
        .map(|p| {
            let name = p.pod.metadata.name.clone();
            let initialized =
                p.status.conditions.iter().any(|c| c.type_ == "Initialized" && c.status == "True");
            let (apps, queue) =
                p.containers.into_iter().partition(|c| c.kind == ContainerKind::App);
            let shelf = tl.shelf_at(&name, t);
            StagePod { name, initialized, queue, apps, shelf }
        })
        .collect()
}

/// The back-off countdown: how much of the back-off period is left, as a fraction in ‰ (the
/// draining bar's width) and as the words beside it (`restart in 7.2 s`). `None` outside a
/// back-off.
pub fn backoff_drain(c: &ContainerView) -> Option<(u64, String)> {
    let (total, left) = (c.backoff_ms?, c.backoff_remaining_ms?);
    let permille = (left.min(total) * 1000).checked_div(total).unwrap_or(0);
    let tenths = left.div_ceil(100);
    let words = if left == 0 {
        "restarting".to_string()
    } else {
        format!("restart in {}.{} s", tenths / 10, tenths % 10)
    };
    Some((permille, words))
}

/// The names of the containers that have read a file, comma-separated (`data-readers`).
pub fn reader_names(f: &ShelfFile) -> String {
    f.read_by.iter().map(|r| r.container.as_str()).collect::<Vec<_>>().join(",")
}

/// Who read a file, in words on its chip: `read by main-app at 12.0s` (each reader with its
/// first read); empty when nobody has.
pub fn read_words(f: &ShelfFile) -> String {
    if f.read_by.is_empty() {
        return String::new();
    }
    let each: Vec<String> =
        f.read_by.iter().map(|r| format!("{} at {}", r.container, clock_text(r.at))).collect();
    format!("read by {}", each.join(", "))
}

/// The shelf's aria-live twin: the newest write or first read up to the playhead, in words
/// (`init.txt written on volume shared-data by init-volume at 0.4s.`, `init.txt read by
/// main-app at 31.2s.`). A read at the same instant as a write is said after it.
pub fn shelf_news(vols: &[ShelfVolume]) -> String {
    let files = || vols.iter().flat_map(|v| v.files.iter().map(move |f| (v, f)));
    let writes = files().filter_map(|(v, f)| {
        let t = f.written_at?;
        let by = f.written_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
        Some((t, format!("{} written on volume {}{by} at {}.", f.path, v.name, clock_text(t))))
    });
    let reads = files().flat_map(|(v, f)| {
        f.read_by.iter().map(move |r| {
            let words = format!(
                "{} on volume {} read by {} at {}.",
                f.path,
                v.name,
                r.container,
                clock_text(r.at)
            );
            (r.at, words)
        })
    });
    writes.chain(reads).max_by_key(|(t, _)| *t).map(|(_, w)| w).unwrap_or_default()
}

/// A byte count as the shelf labels a file: `6 B`, `1.5 KiB`, `2.0 MiB`.
pub fn size_words(n: usize) -> String {
    match n {
        0..=1023 => format!("{n} B"),
        1024..=1_048_575 => format!("{}.{} KiB", n / 1024, n % 1024 * 10 / 1024),
        _ => format!("{}.{} MiB", n >> 20, ((n & 0xF_FFFF) * 10) >> 20),
    }
}

/// Tick marks for a time axis spanning `span`: a round step (1, 2, 5, 10, 15, 30 s, 1, 2, 5,
/// 10 min…) giving at most `max` intervals, from 0.
pub fn axis_ticks(span: Millis, max: u64) -> Vec<Millis> {
    const STEPS: [u64; 12] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800];
    let secs = span.0.div_ceil(1000).max(1);
    let step = STEPS.iter().copied().find(|s| secs / s <= max.max(1)).unwrap_or(3600);
    (0..=secs / step).map(|i| Millis::from_secs(i * step)).collect()
}

/// An axis label: `0`, `15s`, `1m`, `1m30s`.
pub fn tick_label(t: Millis) -> String {
    let s = t.0 / 1000;
    match (s / 60, s % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s:02}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::admission::admit;
    use crate::engine::kubelet::{simulate, LaneState, Scenario};

    fn timeline(yaml: &str, secs: u64) -> Timeline {
        simulate(&Scenario::apply_at_zero(admit(yaml).objects, Millis::from_secs(secs)))
    }

    const CRASH: &str = "apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  initContainers:
  - name: fail
    image: busybox:1.36
    command: ['sh', '-c', 'exit 3']
  containers:
  - name: app
    image: nginx:1.27
";

    #[test]
    fn a_crash_loop_is_drawn_with_its_restarts_exit_code_and_a_draining_back_off() {
        let tl = timeline(CRASH, 120);
        let lane = tl.lanes().into_iter().find(|l| l.container == "fail").unwrap();
        // The back-off counts from the exit (`finishedAt`), and the kubelet notices the crash at
        // its next sync: the countdown starts part-drained, at the start of the lane's stretch.
        let seg = lane
            .segments
            .iter()
            .filter(|s| s.state == LaneState::BackOff && s.to.is_some())
            .nth(1)
            .expect("a second back-off");
        let at = seg.from + Millis(1);
        let pods = stage_pods(&tl, at);
        let c = &pods[0].queue[0];
        assert!(!pods[0].initialized, "the gate stays shut");
        assert_eq!((c.state, c.exit_code), (LaneState::BackOff, Some(3)));
        assert!(c.restart_count >= 1);
        let (permille, words) = backoff_drain(c).expect("a countdown");
        assert!(permille > 0 && permille < 1000, "{permille}");
        assert!(words.starts_with("restart in "), "{words}");
        // Two seconds later, less is left.
        let later = stage_pods(&tl, at + Millis(2000));
        assert!(backoff_drain(&later[0].queue[0]).unwrap().0 < permille);
    }

    #[test]
    fn the_gate_opens_when_the_pod_is_initialized() {
        let yaml = CRASH.replace("exit 3", "sleep 2");
        let tl = timeline(&yaml, 60);
        let app_start = tl.lanes().into_iter().find(|l| l.container == "app").unwrap().starts[0];
        assert!(!stage_pods(&tl, Millis(1500))[0].initialized);
        assert!(stage_pods(&tl, app_start)[0].initialized);
        assert_eq!(stage_pods(&tl, app_start)[0].apps[0].name, "app");
    }

    #[test]
    fn the_shelf_says_who_read_a_file_after_its_first_read_and_not_before() {
        let yaml = "apiVersion: v1
kind: Pod
metadata:
  name: rd
spec:
  volumes:
  - name: shared
    emptyDir: {}
  initContainers:
  - name: init
    image: busybox:1.36
    command: ['sh', '-c', 'echo hi > /x/f.txt']
    volumeMounts:
    - name: shared
      mountPath: /x
  containers:
  - name: app
    image: busybox:1.36
    command: ['sh', '-c', 'sleep 4; while true; do cat /y/f.txt; sleep 5; done']
    volumeMounts:
    - name: shared
      mountPath: /y
";
        let tl = timeline(yaml, 60);
        let app = tl.lanes().into_iter().find(|l| l.container == "app").unwrap().starts[0];
        let read = app + Millis::from_secs(4);
        let file = |t| stage_pods(&tl, t)[0].shelf[0].files[0].clone();
        let before = file(read - Millis(1));
        assert_eq!((reader_names(&before), read_words(&before)), (String::new(), String::new()));
        assert!(shelf_news(&stage_pods(&tl, read - Millis(1))[0].shelf).contains("written"));
        let after = file(Millis::from_secs(60));
        assert_eq!(reader_names(&after), "app");
        assert_eq!(read_words(&after), format!("read by app at {}", clock_text(read)));
        assert_eq!(
            shelf_news(&stage_pods(&tl, read)[0].shelf),
            format!("f.txt on volume shared read by app at {}.", clock_text(read))
        );
    }

    #[test]
    fn axes_have_round_ticks_and_sizes_read_as_bytes() {
        assert_eq!(axis_ticks(Millis::from_secs(20), 8).len(), 5); // 0 5 10 15 20
        assert_eq!(axis_ticks(Millis::from_secs(120), 8)[1], Millis::from_secs(15));
        assert_eq!(tick_label(Millis::from_secs(90)), "1m30s");
        assert_eq!(size_words(6), "6 B");
        assert_eq!(size_words(1536), "1.5 KiB");
    }
}
