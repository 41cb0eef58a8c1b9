//! The volume manager (`pkg/kubelet/volumemanager`): a pod's volumes are mounted before any of
//! its containers is created (`SyncPod` calls `volumeManager.WaitForAttachAndMount` before the
//! runtime's `SyncPod`, which creates the sandbox and pulls images).
//!
//! Entry point: [`Sim::volumes_mounted`], called by every sync of a pod that is not being
//! killed. While a configMap / secret (or projected) volume names an object that does not exist
//! (and is not `optional: true`), or a key its `items` ask for, the mount fails: a Warning
//! `FailedMount` event `MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not
//! found`, and the operation is retried with the exponential back-off of
//! `nestedpendingoperations` (500 ms, doubling, at most 2 min 2 s). No image is pulled and no
//! container created meanwhile, so the pod shows `Init:0/N` (or `ContainerCreating`). Applying
//! the object lets the next retry mount it.
//!
//! Simplifications: every volume is checked by the same rules the runtime uses to project its
//! files (`runtime::env::project_volumes`), and the first failing volume is reported per attempt
//! (the real reconciler reports each failing volume on its own). The pod worker's 2-minute
//! `Unable to attach or mount volumes: … timed out waiting for the condition` event is not
//! emitted.

use super::sim::Sim;
use super::world::MountState;
use crate::engine::model::{Container, VolumeMount};
use crate::engine::runtime::{env, PodVolumes};
use crate::engine::time::Millis;

/// First retry delay after a failed mount (`initialDurationBeforeRetry = 500ms`).
const FIRST_RETRY: Millis = Millis(500);
/// Longest retry delay (`maxDurationBeforeRetry = 2m2s`).
const MAX_RETRY: Millis = Millis(122_000);

impl Sim {
    /// `WaitForAttachAndMount` for pod `p`: whether every volume is mounted now. On a failure
    /// the `FailedMount` event is recorded and a sync is requested for the next retry.
    pub(super) fn volumes_mounted(&mut self, p: usize) -> bool {
        let now = self.now;
        let st = self.mounts.entry(p).or_default().clone();
        if st.mounted {
            return true;
        }
        if now < st.next_try {
            self.request_sync(p, st.next_try);
            return false;
        }
        let api = self.pod_api(p);
        match mount_all(&self.pods[p].pod, &api) {
            Ok(()) => {
                self.mounts.insert(p, MountState { mounted: true, ..st });
                true
            }
            Err(message) => {
                self.event(p, "Warning", "FailedMount", "", message, "kubelet");
                let delay =
                    FIRST_RETRY.0.saturating_mul(1u64 << st.failures.min(20)).min(MAX_RETRY.0);
                let next_try = now + Millis(delay);
                self.mounts
                    .insert(p, MountState { mounted: false, failures: st.failures + 1, next_try });
                self.request_sync(p, next_try);
                false
            }
        }
    }
}

/// Sets up every volume of `pod` against the API objects as they are now: `Err` carries the
/// volume manager's message for the first volume that cannot be set up.
fn mount_all(
    pod: &crate::engine::model::Pod,
    api: &crate::engine::runtime::ApiObjects,
) -> Result<(), String> {
    // One probe container mounting every volume: the runtime's projection rules decide, so the
    // mount check and the files a container later sees never disagree.
    let probe = Container {
        volume_mounts: pod
            .spec
            .volumes
            .iter()
            .map(|v| VolumeMount {
                name: v.name.clone(),
                mount_path: format!("/podlab-volume-manager/{}", v.name),
                ..VolumeMount::default()
            })
            .collect(),
        ..Container::default()
    };
    let mut scratch = PodVolumes::default();
    env::project_volumes(pod, &probe, api, &mut scratch).map(|_| ()).map_err(|f| f.message)
}
