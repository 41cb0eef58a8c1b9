//! The kubelet's per-pod sync (`SyncPod` + `computePodActions` + `computeInitContainerActions`,
//! reference §1.3–§1.5, §1.13) and container start (`startContainer`, with `doBackOff`).
//!
//! Entry point: [`Sim::sync_pod`]. One sync: write the status (as the kubelet does *before*
//! acting), then decide and perform actions, then choose the follow-up sync:
//! - something was started or killed → the next PLEG relist (+1 s) sees it and syncs again;
//! - something waits on an error or a back-off → the pod worker re-queues in 10–15 s
//!   (`wait.Jitter(10s, 0.5)`, v1.31–v1.34), so back-off restarts happen 0–15 s after the
//!   nominal expiry and `Error` shows before `CrashLoopBackOff` (§1.11);
//! - otherwise nothing: process exits, probe results, deletion and deadlines wake it.

use super::events as ev;
use super::sim::{Ev, Finished, Instance, ProbeState, Sim, RELIST};
use crate::engine::model::{ContainerKind, PodPhase, RestartPolicy};
use crate::engine::runtime::{ProcEnv, Signal, Step};
use crate::engine::time::Millis;

/// `minimumGracePeriodInSeconds` (kuberuntime_container.go).
pub(super) const MIN_GRACE: Millis = Millis(2000);

/// What one attempt to start a container gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Start {
    /// Running now.
    Started,
    /// An image pull is in progress; the pod worker waits for it.
    Pulling,
    /// Not started because of a back-off (crash loop or image pull).
    BackOff,
    /// Image, create or config error: no instance. The new waiting reason is written about a
    /// second later (a status-only write), the retry waits for the 10–15 s re-queue.
    Failed,
    /// Created but the process could not start (`StartError`, exit 128): an instance exists.
    RunFailed,
}

impl Sim {
    /// One sync of pod `p`.
    pub(super) fn sync_pod(&mut self, p: usize) {
        if self.pods[p].removed.is_some() || self.pods[p].node.is_none() {
            return;
        }
        let now = self.now;
        if self.pods[p].start_time.is_none() {
            // First sync: the kubelet records startTime and creates the sandbox.
            self.pods[p].start_time = Some(now);
            self.pods[p].sandbox = true;
            if let Some(ads) = self.pods[p].pod.spec.active_deadline_seconds {
                if ads > 0 {
                    // Validation caps it at 2^31 − 1 s; clamp anyway so ms cannot overflow.
                    let t = now + Millis::from_secs(ads.min(i64::from(i32::MAX)) as u64);
                    self.push(t, Ev::Deadline(p));
                }
            }
        }
        self.check_active_deadline(p);
        self.publish_status(p);
        if self.pods[p].phase.is_terminal() && !self.pods[p].killing {
            // Never + failed init container, or every container done: the kubelet kills the pod.
            self.begin_kill(p);
        }
        if self.pods[p].killing {
            self.terminate_step(p);
            return;
        }

        let mut acted = false;
        let mut waiting_on_error = false;
        let mut refresh = false;
        let note = |r: Start, acted: &mut bool, err: &mut bool, refresh: &mut bool| match r {
            Start::Started | Start::RunFailed => *acted = true,
            Start::BackOff => *err = true,
            Start::Failed => {
                *err = true;
                *refresh = true;
            }
            Start::Pulling => {}
        };

        if !self.pods[p].initialized {
            let mut all_done = true;
            for s in self.pods[p].init_slots() {
                let slot = &self.pods[p].slots[s];
                if slot.pulling_until.is_some() {
                    all_done = false;
                    break;
                }
                if slot.kind == ContainerKind::Sidecar {
                    if slot.running() {
                        if slot.probe.started {
                            continue; // started: the next init container may run
                        }
                        all_done = false;
                        break; // wait for its startupProbe
                    }
                    let restart = !slot.instances.is_empty();
                    let r = self.try_start(p, s, restart);
                    note(r, &mut acted, &mut waiting_on_error, &mut refresh);
                    all_done = false;
                    break;
                }
                if slot.succeeded() {
                    continue;
                }
                all_done = false;
                if slot.running() {
                    break;
                }
                if slot.instances.is_empty() {
                    let r = self.try_start(p, s, false);
                    note(r, &mut acted, &mut waiting_on_error, &mut refresh);
                    break;
                }
                // Exited and failed (non-zero or StartError).
                if self.pods[p].pod.spec.restart_policy == RestartPolicy::Never {
                    self.begin_kill(p);
                    self.terminate_step(p);
                    return;
                }
                let r = self.try_start(p, s, true);
                note(r, &mut acted, &mut waiting_on_error, &mut refresh);
                break;
            }
            if all_done {
                self.pods[p].initialized = true;
            }
        }

        if self.pods[p].initialized {
            let policy = self.pods[p].pod.spec.restart_policy;
            let mut keep = 0;
            let mut to_start = Vec::new();
            for s in self.pods[p].app_slots() {
                let slot = &self.pods[p].slots[s];
                if slot.running() || slot.pulling_until.is_some() {
                    keep += 1;
                    continue;
                }
                // ShouldContainerBeRestarted (§1.5).
                let restart = match slot.latest().and_then(|i| i.finished.as_ref()) {
                    None => true,
                    Some(f) => match policy {
                        RestartPolicy::Never => false,
                        RestartPolicy::OnFailure => f.exit_code != 0 || f.reason == "StartError",
                        RestartPolicy::Always => true,
                    },
                };
                if restart {
                    to_start.push(s);
                }
            }
            if keep == 0 && to_start.is_empty() {
                // No regular container left to run: sidecars cannot keep the pod alive (§1.4).
                self.begin_kill(p);
                self.terminate_step(p);
                return;
            }
            // Sidecars that exited are restarted whatever the pod's restartPolicy.
            for s in self.pods[p].init_slots() {
                let slot = &self.pods[p].slots[s];
                if slot.kind == ContainerKind::Sidecar
                    && !slot.running()
                    && slot.pulling_until.is_none()
                {
                    let restart = !slot.instances.is_empty();
                    let r = self.try_start(p, s, restart);
                    note(r, &mut acted, &mut waiting_on_error, &mut refresh);
                }
            }
            for s in to_start {
                let restart = !self.pods[p].slots[s].instances.is_empty();
                let r = self.try_start(p, s, restart);
                note(r, &mut acted, &mut waiting_on_error, &mut refresh);
                if r == Start::Pulling {
                    break; // the pod worker is blocked on the pull
                }
            }
        }

        if acted {
            self.request_sync(p, now + RELIST);
        } else if waiting_on_error {
            let d = self.pods[p].requeue_delay();
            self.request_sync(p, now + d);
        }
        if refresh && !acted {
            self.push(now + RELIST, Ev::Status(p));
        }
    }

    /// `ShouldEvict` (active_deadline.go): past `activeDeadlineSeconds` since `startTime`, the
    /// pod fails with `DeadlineExceeded` and is killed.
    fn check_active_deadline(&mut self, p: usize) {
        let pr = &self.pods[p];
        let (Some(ads), Some(start)) = (pr.pod.spec.active_deadline_seconds, pr.start_time) else {
            return;
        };
        if ads <= 0 || pr.phase.is_terminal() || pr.killing || pr.deletion.is_some() {
            return;
        }
        if self.now.saturating_sub(start) < Millis::from_secs(ads.min(i64::from(i32::MAX)) as u64) {
            return;
        }
        let pr = &mut self.pods[p];
        pr.phase = PodPhase::Failed;
        pr.reason = Some("DeadlineExceeded".into());
        pr.message = Some(ev::DEADLINE_MESSAGE.into());
        self.event(p, "Normal", "DeadlineExceeded", "", ev::DEADLINE_MESSAGE.into(), "kubelet");
        self.begin_kill(p);
    }

    /// `KillPod`: from now on nothing starts; running containers are stopped within the grace
    /// period (`terminationGracePeriodSeconds`, or the deletion's).
    pub(super) fn begin_kill(&mut self, p: usize) {
        if self.pods[p].killing {
            return;
        }
        self.pods[p].killing = true;
        if self.pods[p].kill_deadline.is_none() {
            let t = self.now + self.pods[p].grace;
            self.pods[p].kill_deadline = Some(t);
        }
    }

    /// One step of pod termination: regular containers first, then sidecars in reverse spec
    /// order, each only after everything after it has stopped (`newTerminationOrdering`). When
    /// nothing runs any more the sandbox is torn down and a deleted pod disappears.
    pub(super) fn terminate_step(&mut self, p: usize) {
        let regular: Vec<usize> = (0..self.pods[p].slots.len())
            .filter(|&s| {
                self.pods[p].slots[s].kind != ContainerKind::Sidecar
                    && self.pods[p].slots[s].running()
            })
            .collect();
        if !regular.is_empty() {
            for s in regular {
                if self.pods[p].slots[s].term_sent.is_none() {
                    let msg = format!("Stopping container {}", self.pods[p].slots[s].spec.name);
                    self.kill_container(p, s, msg);
                }
            }
        } else if let Some(s) = self.pods[p].init_slots().rev().find(|&s| {
            self.pods[p].slots[s].kind == ContainerKind::Sidecar && self.pods[p].slots[s].running()
        }) {
            if self.pods[p].slots[s].term_sent.is_none() {
                let msg = format!("Stopping container {}", self.pods[p].slots[s].spec.name);
                self.kill_container(p, s, msg);
            }
        }
        if self.pods[p].slots.iter().any(|s| s.running()) {
            return; // their exits wake the pod again
        }
        if self.pods[p].sandbox || self.pods[p].deletion.is_some() {
            self.pods[p].sandbox = false;
            self.publish_status(p);
        }
        if self.pods[p].deletion.is_some() && self.pods[p].removed.is_none() {
            // The status manager (`TerminatePod`) marks a Pending/Running pod Failed, then the
            // API object is removed.
            if !self.pods[p].phase.is_terminal() {
                self.pods[p].phase = PodPhase::Failed;
                self.publish_status(p);
            }
            self.pods[p].removed = Some(self.now);
            self.publish_status(p);
            self.schedule_pending(); // resources freed
        } else if self.pods[p].phase.is_terminal() {
            self.schedule_pending();
        }
    }

    /// `killContainer`: `Killing` event and SIGTERM; SIGKILL follows when the grace period is
    /// over — the pod's remaining grace when the whole pod is being killed, but never less
    /// than 2 s (`minimumGracePeriodInSeconds`), so sidecars stopped last still get their TERM.
    pub(super) fn kill_container(&mut self, p: usize, s: usize, message: String) {
        let field = self.pods[p].slots[s].field_path();
        self.event(p, "Normal", "Killing", &field, message, "kubelet");
        self.pods[p].slots[s].term_sent = Some(self.now);
        let min = self.now + MIN_GRACE;
        let deadline = match (self.pods[p].killing, self.pods[p].kill_deadline) {
            (true, Some(d)) => d.max(min),
            _ => (self.now + self.pods[p].grace).max(min),
        };
        let gen = self.pods[p].slots[s].gen;
        self.push(deadline, Ev::KillContainer { pod: p, slot: s, gen });
        // preStop runs first; SIGTERM follows when it finishes (its time counts against the
        // grace period).
        let pre_stop =
            self.pods[p].slots[s].spec.lifecycle.as_ref().and_then(|l| l.pre_stop.clone());
        let term_at = match pre_stop {
            None => self.now,
            Some(hook) => match self.run_hook(p, s, &hook, deadline.saturating_sub(self.now)) {
                Ok(at) => at.min(deadline),
                Err(_) => {
                    self.event(
                        p,
                        "Warning",
                        "FailedPreStopHook",
                        &field,
                        "PreStopHook failed".into(),
                        "kubelet",
                    );
                    self.now
                }
            },
        };
        if term_at > self.now {
            self.push(term_at, Ev::Term { pod: p, slot: s, gen });
        } else {
            self.signal(p, s, Signal::Term);
        }
    }

    /// SIGTERM after a preStop hook finished.
    pub(super) fn term_container(&mut self, p: usize, s: usize, gen: u64) {
        if self.pods[p].slots[s].gen == gen && self.pods[p].slots[s].running() {
            self.signal(p, s, Signal::Term);
        }
    }

    /// Delivers a signal to the running process of `slot` and lets it react at once.
    pub(super) fn signal(&mut self, p: usize, s: usize, sig: Signal) {
        let now = self.now;
        if let Some(proc) = self.pods[p].slots[s].proc.as_mut() {
            proc.signal(sig, now);
            self.advance_slot(p, s, now);
        }
    }

    /// `startContainer` with `doBackOff` in front (§1.11): `restart` when an exited instance
    /// exists (its `finishedAt` keys the back-off).
    pub(super) fn try_start(&mut self, p: usize, s: usize, restart: bool) -> Start {
        let now = self.now;
        // After a pull the start resumes where it blocked: doBackOff already let it through.
        if restart && !self.pods[p].slots[s].just_pulled {
            let key = &self.pods[p].slots[s].backoff_key;
            let finished = self.pods[p].slots[s]
                .latest()
                .and_then(|i| i.finished.as_ref())
                .map(|f| f.at)
                .unwrap_or(now);
            if self.crash_backoff.in_backoff_since(key, finished, now) {
                let d = crate::engine::time::go_duration(self.crash_backoff.get(key));
                let pr = &mut self.pods[p];
                let slot = &mut pr.slots[s];
                let name = slot.spec.name.as_str();
                let fp = pr.pod_ref.as_str();
                // A crash loop re-syncs every 10–15 s with the same waiting reason: keep the
                // cached one when its text is already this (no new strings per sync).
                let same = matches!(&slot.reason_cache, Some((r, m)) if r == "CrashLoopBackOff" && concat_eq(m, &["back-off ", &d, " restarting failed container=", name, " pod=", fp]));
                if !same {
                    slot.reason_cache = Some((
                        "CrashLoopBackOff".into(),
                        format!("back-off {d} restarting failed container={name} pod={fp}"),
                    ));
                }
                let (field, msg) = (slot.field.clone(), slot.backoff_event.clone());
                self.event(p, "Warning", "BackOff", field, msg, "kubelet");
                return Start::BackOff;
            }
            self.crash_backoff.next(&self.pods[p].slots[s].backoff_key, finished);
        }
        match self.ensure_image(p, s) {
            super::image_puller::Image::Ready => {}
            super::image_puller::Image::Pulling => return Start::Pulling,
            super::image_puller::Image::BackOff => return Start::BackOff,
            super::image_puller::Image::Failed => return Start::Failed,
        }
        let field = self.pods[p].slots[s].field_path();
        let created = {
            let api = self.pod_api(p);
            let pr = &mut self.pods[p];
            let slot = &pr.slots[s];
            self.runtime.create(&pr.pod, &slot.spec, slot.kind, &api, &mut pr.volumes)
        };
        self.record_files(p);
        let created = match created {
            Ok(c) => c,
            Err(f) => {
                self.event(
                    p,
                    "Warning",
                    "Failed",
                    &field,
                    format!("Error: {}", f.message),
                    "kubelet",
                );
                self.pods[p].slots[s].reason_cache = Some((f.reason, f.message));
                return Start::Failed;
            }
        };
        let name = self.pods[p].slots[s].spec.name.clone();
        self.event(p, "Normal", "Created", &field, ev::created(&name), "kubelet");
        let id = self.new_container_id(p, s);
        let restart_count = self.pods[p].slots[s].instances.len() as u32;
        match self.runtime.start(&created, now) {
            Err(f) => {
                self.event(
                    p,
                    "Warning",
                    "Failed",
                    &field,
                    format!("Error: {}", f.message),
                    "kubelet",
                );
                let slot = &mut self.pods[p].slots[s];
                slot.gen += 1;
                slot.instances.push(Instance {
                    id,
                    restart_count,
                    started: now,
                    finished: Some(Finished {
                        at: now,
                        exit_code: f.exit_code,
                        reason: f.reason,
                        message: Some(f.message.clone()),
                    }),
                    logs: Vec::new(),
                });
                slot.reason_cache = Some(("RunContainerError".into(), f.message));
                Start::RunFailed
            }
            Ok(proc) => {
                self.event(
                    p,
                    "Normal",
                    "Started",
                    &field,
                    format!("Started container {name}"),
                    "kubelet",
                );
                let slot = &mut self.pods[p].slots[s];
                slot.gen += 1;
                slot.instances.push(Instance {
                    id,
                    restart_count,
                    started: now,
                    finished: None,
                    logs: Vec::new(),
                });
                slot.reason_cache = None;
                slot.term_sent = None;
                slot.probe = ProbeState {
                    started: slot.spec.startup_probe.is_none(),
                    ready: slot.spec.readiness_probe.is_none(),
                    ..ProbeState::default()
                };
                slot.proc = Some(Box::new(proc));
                self.advance_slot(p, s, now);
                if let Some(hook) =
                    self.pods[p].slots[s].spec.lifecycle.as_ref().and_then(|l| l.post_start.clone())
                {
                    if self.pods[p].slots[s].running() {
                        // The kubelet runs postStart right after the start; a failure kills the
                        // container and the next start attempt reports PostStartHookError.
                        if let Err(msg) =
                            self.run_hook(p, s, &hook, self.pods[p].grace.max(MIN_GRACE))
                        {
                            self.event(
                                p,
                                "Warning",
                                "FailedPostStartHook",
                                &field,
                                "PostStartHook failed".into(),
                                "kubelet",
                            );
                            self.kill_container(p, s, "FailedPostStartHook".into());
                            self.pods[p].slots[s].reason_cache =
                                Some(("PostStartHookError".into(), msg));
                            return Start::Started;
                        }
                    }
                }
                self.schedule_probes(p, s);
                Start::Started
            }
        }
    }

    /// The API objects as pod `p`'s containers see them: the runtime resolves fieldRefs
    /// (`status.podIP`, `status.hostIP`, `spec.nodeName`) from these.
    pub(super) fn pod_api(&self, p: usize) -> crate::engine::runtime::ApiObjects {
        crate::engine::runtime::ApiObjects {
            pod_ip: Some(self.pods[p].ip.clone()),
            host_ip: Some(super::status::NODE_IP.to_string()),
            node_name: self.pods[p].node.clone(),
            ..self.api.clone()
        }
    }

    /// A process asked to be woken at `now`.
    pub(super) fn wake(&mut self, p: usize, s: usize, gen: u64) {
        if self.pods[p].slots[s].gen != gen || self.pods[p].removed.is_some() {
            return;
        }
        self.advance_slot(p, s, self.now);
    }

    /// Runs the process of `slot` up to `until`; records logs, file changes and its exit.
    pub(super) fn advance_slot(&mut self, p: usize, s: usize, until: Millis) {
        let Some(mut proc) = self.pods[p].slots[s].proc.take() else { return };
        let mut vols = std::mem::take(&mut self.pods[p].volumes);
        let mut logs = Vec::new();
        let step = {
            // Requests from this pod to itself are served against a copy of its volumes
            // (the live ones are lent to the running process for this step).
            let own = if self.pods[p]
                .slots
                .iter()
                .any(|sl| sl.proc.as_ref().is_some_and(|pr| !pr.listening_ports().is_empty()))
            {
                Some(vols.clone())
            } else {
                None
            };
            let name = self.pods[p].name().to_string();
            let view = super::network::NetView::new(self, p, own.as_ref());
            let mut env =
                ProcEnv { volumes: &mut vols, cluster: &view, pod: &name, logs: &mut logs };
            proc.advance(until, &mut env)
        };
        self.pods[p].volumes = vols;
        self.record_files(p);
        let gen = self.pods[p].slots[s].gen;
        if let Some(inst) = self.pods[p].slots[s].instances.last_mut() {
            inst.logs.extend(logs);
        }
        match step {
            Step::Running { wake_at } => {
                self.pods[p].slots[s].proc = Some(proc);
                if let Some(w) = wake_at {
                    // A process must not ask to be woken in the past; never spin at one instant.
                    let w = if w <= self.now { self.now + Millis(1) } else { w };
                    self.push(w, Ev::Wake { pod: p, slot: s, gen });
                }
            }
            Step::Exited { code, at } => {
                let at = at
                    .min(self.now)
                    .max(self.pods[p].slots[s].latest().map(|i| i.started).unwrap_or(at));
                let slot = &mut self.pods[p].slots[s];
                if let Some(inst) = slot.instances.last_mut() {
                    // containerd's reasons: Completed for 0, Error otherwise (OOMKilled needs
                    // memory accounting podlab does not do).
                    let reason = if code == 0 { "Completed" } else { "Error" };
                    inst.finished = Some(Finished {
                        at,
                        exit_code: code,
                        reason: reason.into(),
                        message: None,
                    });
                }
                slot.probe.ready = false;
                slot.probe.started = false;
                // PLEG notices at its next relist.
                let t = self.relist_after(at);
                self.request_sync(p, t);
            }
        }
    }

    /// Snapshots the pod's volume files for `files_at` whenever they changed.
    pub(super) fn record_files(&mut self, p: usize) {
        let pr = &mut self.pods[p];
        let version = pr.volumes.version;
        let changed = match pr.record.files.last() {
            Some((_, v, _)) => *v != version,
            None => version != 0 || !pr.volumes.files.is_empty(),
        };
        if changed {
            let t = self.now;
            pr.record.files.push((t, version, pr.volumes.files.clone()));
        }
    }

    /// SIGKILL a probe-killed container whose grace period is over.
    pub(super) fn kill_container_now(&mut self, p: usize, s: usize, gen: u64) {
        if self.pods[p].slots[s].gen == gen && self.pods[p].slots[s].running() {
            self.signal(p, s, Signal::Kill);
        }
    }
}

/// Whether `s` is the concatenation of `parts` (compared in place, without building it).
fn concat_eq(s: &str, parts: &[&str]) -> bool {
    let mut rest = s;
    for part in parts {
        match rest.strip_prefix(part) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}
