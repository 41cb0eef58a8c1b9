//! The image manager (`EnsureImageExists`, reference §1.11–§1.12): the node's image cache, the per-pod image back-off, and the `Pulling`/`Pulled`/`Failed`/
//! `BackOff` events.
//!
//! Entry point: [`Sim::ensure_image`]. A pull takes the virtual time the runtime says; the pod
//! worker waits for it (the kubelet pulls serially by default, `serializeImagePulls: true`).

use super::sim::{Ev, Sim};
use crate::engine::admission::defaults;
use crate::engine::runtime::PullResult;
use crate::engine::time::go_duration_ms;

/// Outcome of `EnsureImageExists` for one container start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Image {
    /// On the node: go on creating the container.
    Ready,
    /// A pull started; the sync resumes when it finishes.
    Pulling,
    /// Within the image back-off window (`ImagePullBackOff`).
    BackOff,
    /// Pull failed / invalid name / never-pull: the waiting reason is in the reasonCache.
    Failed,
}

impl Sim {
    /// `EnsureImageExists` for the container in `slot`.
    pub(super) fn ensure_image(&mut self, p: usize, s: usize) -> Image {
        let slot = &self.pods[p].slots[s];
        if slot.just_pulled {
            self.pods[p].slots[s].just_pulled = false;
            return Image::Ready;
        }
        let image = slot.spec.image.clone();
        // Defaulted by the API server on create (admission::defaults).
        let policy = slot
            .spec
            .image_pull_policy
            .clone()
            .unwrap_or_else(|| defaults::pull_policy(&image).to_string());
        let field = slot.field_path();
        let result = self.runtime.pull(&image, &policy);
        let fail = |sim: &mut Sim, reason: &str, message: String| {
            sim.event(p, "Warning", "Failed", &field, format!("Error: {reason}"), "kubelet");
            sim.pods[p].slots[s].reason_cache = Some((reason.into(), message));
        };
        match result {
            PullResult::InvalidName { message } => {
                self.event(p, "Warning", "InspectFailed", &field, message.clone(), "kubelet");
                fail(self, "InvalidImageName", message);
                Image::Failed
            }
            // `Always` contacts the registry on every start (Pulling / Pulled each time).
            PullResult::Present { image_id } if policy != "Always" => {
                self.images.insert(image.clone());
                self.pods[p].slots[s].image_id = image_id;
                self.event(
                    p,
                    "Normal",
                    "Pulled",
                    &field,
                    format!("Container image \"{image}\" already present on machine"),
                    "kubelet",
                );
                Image::Ready
            }
            PullResult::NeverPull { message: msg } => {
                self.event(p, "Warning", "ErrImageNeverPull", &field, msg.clone(), "kubelet");
                fail(self, "ErrImageNeverPull", msg);
                Image::Failed
            }
            other => {
                let key = format!("{}_{image}", self.pods[p].uid);
                let now = self.now;
                if self.image_backoff.in_backoff_since_update(&key, now) {
                    let msg = format!("Back-off pulling image \"{image}\"");
                    self.event(p, "Normal", "BackOff", &field, msg.clone(), "kubelet");
                    fail(self, "ImagePullBackOff", msg);
                    return Image::BackOff;
                }
                self.event(
                    p,
                    "Normal",
                    "Pulling",
                    &field,
                    format!("Pulling image \"{image}\""),
                    "kubelet",
                );
                match other {
                    PullResult::NotFound { message } => {
                        self.image_backoff.next(&key, now);
                        self.event(
                            p,
                            "Warning",
                            "Failed",
                            &field,
                            format!("Failed to pull image \"{image}\": {message}"),
                            "kubelet",
                        );
                        fail(self, "ErrImagePull", message);
                        Image::Failed
                    }
                    PullResult::Pulled { image_id, duration, size_bytes } => {
                        let done = now + duration;
                        let slot = &mut self.pods[p].slots[s];
                        slot.pulling_until = Some(done);
                        slot.image_id = image_id;
                        slot.pending_pull = Some((image, duration.0, size_bytes));
                        self.push(done, Ev::PullDone { pod: p, slot: s });
                        Image::Pulling
                    }
                    PullResult::Present { image_id } => {
                        // `Always` for an image the node has: the registry confirms the digest.
                        self.images.insert(image.clone());
                        self.pods[p].slots[s].image_id = image_id;
                        self.event(p, "Normal", "Pulled", &field, format!("Successfully pulled image \"{image}\" in 0s (0s including waiting). Image size: 0 bytes."), "kubelet");
                        Image::Ready
                    }
                    PullResult::InvalidName { .. } | PullResult::NeverPull { .. } => Image::Failed, // handled above
                }
            }
        }
    }

    /// A pull finished: `Pulled` event, the image is on the node, and the pod worker goes on.
    pub(super) fn pull_done(&mut self, p: usize, s: usize) {
        let Some((image, ms, size)) = self.pods[p].slots[s].pending_pull.take() else { return };
        self.pods[p].slots[s].pulling_until = None;
        if self.pods[p].removed.is_some() {
            return;
        }
        self.images.insert(image.clone());
        let d = go_duration_ms(ms);
        let field = self.pods[p].slots[s].field_path();
        self.event(p, "Normal", "Pulled", &field, format!("Successfully pulled image \"{image}\" in {d} ({d} including waiting). Image size: {size} bytes."), "kubelet");
        self.pods[p].slots[s].just_pulled = true;
        self.request_sync(p, self.now);
    }
}
