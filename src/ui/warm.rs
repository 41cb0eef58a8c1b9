//! What the app simulates once after start-up, before the learner runs anything
//! (`state::Lab::warm`): V8 compiles each wasm function on its first call, on the main thread, so
//! the first run would otherwise compile most of the engine in the learner's own task (60–90 ms
//! on a 2-core machine). The warm-up runs these manifests, each reaching a little further into
//! the engine, then the editor's, one per task, so that no one task compiles all of it.

/// An image the node cannot pull: the kubelet's sync loop, the image puller, events and
/// back-off, without starting a process.
pub const IMAGE_NOT_FOUND: &str = "apiVersion: v1
kind: Pod
metadata:
  name: warm
spec:
  containers:
  - name: app
    image: registry.invalid/warm:1
";

/// A container alone: the runtime starting the image's default command, restarts.
pub const CONTAINER_ALONE: &str = "apiVersion: v1
kind: Pod
metadata:
  name: warm
spec:
  containers:
  - name: app
    image: busybox:1.36
";

/// An init container writing a file for the app through an emptyDir: the runtime's shell, the
/// init sequence, volumes and logs.
pub const INIT_AND_SHELL: &str = "apiVersion: v1
kind: Pod
metadata:
  name: warm
spec:
  initContainers:
  - name: init
    image: busybox:1.36
    command: ['sh', '-c', 'echo ready > /work/f; sleep 2']
    volumeMounts:
    - {name: work, mountPath: /work}
  containers:
  - name: app
    image: busybox:1.36
    command: ['sh', '-c', 'cat /work/f && sleep 3600']
    volumeMounts:
    - {name: work, mountPath: /work}
  volumes:
  - {name: work, emptyDir: {}}
";

/// The warm-up's manifests, in order.
pub const MANIFESTS: &[&str] = &[IMAGE_NOT_FOUND, CONTAINER_ALONE, INIT_AND_SHELL];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::admission::admit;
    use crate::engine::kubelet::{simulate, Scenario, Timeline};
    use crate::engine::time::Millis;

    fn run(yaml: &str) -> Timeline {
        let a = admit(yaml);
        assert!(!a.has_errors(), "{:?}", a.diagnostics);
        simulate(&Scenario::apply_at_zero(a.objects, Millis::from_secs(120)))
    }

    // A manifest admission refused would warm nothing: the warm-up skips it silently.
    #[test]
    fn the_image_that_cannot_be_pulled_backs_off_without_starting() {
        let tl = run(IMAGE_NOT_FOUND);
        let pod = tl.final_view("warm").expect("the pod exists");
        let c = &pod.containers[0];
        assert_eq!(c.reason.as_deref(), Some("ImagePullBackOff"), "{c:?}");
        assert_eq!(c.restart_count, 0);
    }

    #[test]
    fn the_container_alone_runs_and_restarts() {
        let tl = run(CONTAINER_ALONE);
        let pod = tl.final_view("warm").expect("the pod exists");
        assert!(pod.containers.iter().any(|c| c.restart_count > 0), "{pod:?}");
    }

    #[test]
    fn the_init_container_hands_a_file_to_the_app_through_its_shell() {
        let tl = run(INIT_AND_SHELL);
        let logs = tl.final_logs("warm", "app").expect("the app ran");
        assert!(logs.iter().any(|(_, l)| l == "ready"), "{logs:?}");
    }
}
