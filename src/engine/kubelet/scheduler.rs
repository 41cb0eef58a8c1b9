//! The scheduler: the effective-request rule (`PodRequests` / `AggregateContainerRequests`,
//! reference §1.2) and the `NodeResourcesFit` filter with its `FitError` message.
//!
//! Entry points: [`effective_requests`] and [`fit`]. One node only, so the message always reads
//! `0/1 nodes are available: …`.

use crate::engine::kubelet::NodeConfig;
use crate::engine::model::{Container, Pod};

/// A pod's requests as the scheduler sees them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Requests {
    /// CPU in millicores.
    pub cpu_milli: i64,
    /// Memory in bytes.
    pub memory_bytes: i64,
}

fn request_of(c: &Container) -> Requests {
    let q = |name: &str| c.resources.requests.get(name).map(|q| q.milli).unwrap_or(0);
    // Quantity.milli is thousandths of the base unit: millicores for cpu, millibytes for memory.
    Requests {
        cpu_milli: clamp(q("cpu")),
        memory_bytes: clamp(q("memory").div_euclid(1000) + i128::from(q("memory") % 1000 != 0)),
    }
}

fn clamp(v: i128) -> i64 {
    v.clamp(0, i64::MAX as i128) as i64
}

/// `AggregateContainerRequests`, per resource:
/// `max(Σ app + Σ sidecars, max over init containers in order of (sidecar: Σ sidecars so far incl.
/// itself; regular: own + Σ sidecars before it))`. Pod overhead and pod-level resources are not
/// modelled (podlab has no RuntimeClass and no pod-level `resources`).
pub fn effective_requests(pod: &Pod) -> Requests {
    let mut steady = Requests::default();
    for c in &pod.spec.containers {
        let r = request_of(c);
        steady.cpu_milli = steady.cpu_milli.saturating_add(r.cpu_milli);
        steady.memory_bytes = steady.memory_bytes.saturating_add(r.memory_bytes);
    }
    let mut sidecars = Requests::default();
    let mut peak = Requests::default();
    for c in &pod.spec.init_containers {
        let r = request_of(c);
        let this = if c.is_sidecar() {
            sidecars.cpu_milli = sidecars.cpu_milli.saturating_add(r.cpu_milli);
            sidecars.memory_bytes = sidecars.memory_bytes.saturating_add(r.memory_bytes);
            sidecars
        } else {
            Requests {
                cpu_milli: r.cpu_milli.saturating_add(sidecars.cpu_milli),
                memory_bytes: r.memory_bytes.saturating_add(sidecars.memory_bytes),
            }
        };
        peak.cpu_milli = peak.cpu_milli.max(this.cpu_milli);
        peak.memory_bytes = peak.memory_bytes.max(this.memory_bytes);
    }
    steady.cpu_milli = steady.cpu_milli.saturating_add(sidecars.cpu_milli);
    steady.memory_bytes = steady.memory_bytes.saturating_add(sidecars.memory_bytes);
    Requests {
        cpu_milli: steady.cpu_milli.max(peak.cpu_milli),
        memory_bytes: steady.memory_bytes.max(peak.memory_bytes),
    }
}

/// `NodeResourcesFit.Filter` on the single node, given the summed requests of the `bound_pods`
/// pods already on it. `Ok(())` if the pod fits; otherwise the `FitError` message the scheduler
/// writes into the `PodScheduled` condition and the `FailedScheduling` event (v1.31–v1.33
/// wording, §1.2).
pub fn fit(
    node: &NodeConfig,
    used: Requests,
    bound_pods: usize,
    pod: Requests,
) -> Result<(), String> {
    // fit.go checks the pod count first ("Too many pods"), then each resource in a fixed order
    // (cpu, memory); the FitError lists reasons sorted alphabetically with their node counts.
    let mut reasons: Vec<&str> = Vec::new();
    if bound_pods as u64 + 1 > u64::from(node.pods) {
        reasons.push("Too many pods");
    }
    if pod.cpu_milli > 0 && pod.cpu_milli > node.cpu_milli.saturating_sub(used.cpu_milli) {
        reasons.push("Insufficient cpu");
    }
    if pod.memory_bytes > 0
        && pod.memory_bytes > node.memory_bytes.saturating_sub(used.memory_bytes)
    {
        reasons.push("Insufficient memory");
    }
    if reasons.is_empty() {
        return Ok(());
    }
    reasons.sort_unstable();
    let list = reasons.iter().map(|r| format!("1 {r}")).collect::<Vec<_>>().join(", ");
    Err(format!("0/1 nodes are available: {list}. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."))
}

/// The FitError of a pod whose persistentVolumeClaim does not exist (the VolumeBinding
/// plugin's PreFilter; preemption cannot help).
pub fn missing_claim(claim: &str) -> String {
    format!("0/1 nodes are available: persistentvolumeclaim \"{claim}\" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Container, Quantity};

    fn c(name: &str, cpu: i128, sidecar: bool) -> Container {
        let mut c =
            Container { name: name.into(), image: "busybox:1.36".into(), ..Container::default() };
        c.resources.requests.insert("cpu".into(), Quantity { text: format!("{cpu}m"), milli: cpu });
        if sidecar {
            c.restart_policy = Some("Always".into());
        }
        c
    }

    fn pod(init: Vec<Container>, app: Vec<Container>) -> Pod {
        let mut p = Pod::default();
        p.spec.init_containers = init;
        p.spec.containers = app;
        p
    }

    #[test]
    fn effective_request_matches_the_docs_examples() {
        // sidecar(100m) before init(200m), app 50m → 300m
        assert_eq!(
            effective_requests(&pod(
                vec![c("s", 100, true), c("i", 200, false)],
                vec![c("a", 50, false)]
            ))
            .cpu_milli,
            300
        );
        // init before sidecar → 200m
        assert_eq!(
            effective_requests(&pod(
                vec![c("i", 200, false), c("s", 100, true)],
                vec![c("a", 50, false)]
            ))
            .cpu_milli,
            200
        );
        // app 400m → 500m
        assert_eq!(
            effective_requests(&pod(
                vec![c("s", 100, true), c("i", 200, false)],
                vec![c("a", 400, false)]
            ))
            .cpu_milli,
            500
        );
    }

    #[test]
    fn an_init_container_bigger_than_the_node_is_unschedulable() {
        let p = pod(vec![c("warm-cache", 3000, false)], vec![c("app", 100, false)]);
        let r = effective_requests(&p);
        assert_eq!(r.cpu_milli, 3000);
        assert_eq!(
            fit(&NodeConfig::default(), Requests::default(), 0, r),
            Err("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.".into())
        );
    }
}
