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
//!
//! A sync waits while the pod worker is held by a hook (postStart runs inside
//! `startContainer`) or by a single container's kill (preStop, then SIGTERM and the wait for the
//! exit), and does nothing but retry until the pod's volumes are mounted (`volume_manager`).

use super::events as ev;
use super::sim::{Ev, Finished, Instance, ProbeState, Sim, RELIST};
use crate::engine::model::{ContainerKind, PodPhase, RestartPolicy, VolumeSource};
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
        if let Some(&free) = self.worker_busy.get(&p) {
            if free > now {
                // The pod worker is still inside a hook (postStart or a container's preStop).
                self.request_sync(p, free);
                return;
            }
            self.worker_busy.remove(&p);
        }
        if self.pods[p].start_time.is_none() {
            // First sync: the kubelet records startTime (the sandbox follows the volumes).
            self.pods[p].start_time = Some(now);
            self.attach_claims(p);
            if let Some(ads) = self.pods[p].pod.spec.active_deadline_seconds {
                if ads > 0 {
                    // Validation caps it at 2^31 − 1 s; clamp anyway so ms cannot overflow.
                    let t = now + Millis::from_secs(ads.min(i64::from(i32::MAX)) as u64);
                    self.push(t, Ev::Deadline(p));
                }
            }
        }
        self.check_active_deadline(p);
        // WaitForAttachAndMount comes before the sandbox and any image pull; a pod being killed
        // does not wait for its volumes.
        let mounted = self.pods[p].killing || self.volumes_mounted(p);
        if mounted && !self.pods[p].killing && !self.pods[p].sandbox {
            self.pods[p].sandbox = true;
        }
        self.publish_status(p);
        if self.pods[p].phase.is_terminal() && !self.pods[p].killing {
            // Never + failed init container, or every container done: the kubelet kills the pod.
            self.begin_kill(p);
        }
        if self.pods[p].killing {
            self.terminate_step(p);
            return;
        }
        if !mounted {
            return; // the volume manager's retry syncs the pod again
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
                    if self.worker_is_busy(p) {
                        break; // a postStart hook holds the pod worker
                    }
                    let restart = !slot.instances.is_empty();
                    let r = self.try_start(p, s, restart);
                    note(r, &mut acted, &mut waiting_on_error, &mut refresh);
                }
            }
            for s in to_start {
                if self.worker_is_busy(p) {
                    break; // startContainer returns only after postStart: the rest waits
                }
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

    /// One step of pod termination (`killPodWithSyncResult`): every running container is killed
    /// in parallel — its `Killing` event and its preStop hook start at once — and each gets
    /// SIGTERM when its own hook ends; a sidecar also waits for its turn (regular containers
    /// first, then sidecars in reverse spec order, `newTerminationOrdering`). When nothing runs
    /// any more the sandbox is torn down and a deleted pod disappears.
    pub(super) fn terminate_step(&mut self, p: usize) {
        // Recorded regular containers first, then sidecars in reverse spec order: the order in
        // which they will stop (the real goroutines race; podlab stays deterministic).
        let pr = &self.pods[p];
        let todo = |s: &usize| pr.slots[*s].running() && pr.slots[*s].term_sent.is_none();
        let sidecar = |s: &usize| pr.slots[*s].kind == ContainerKind::Sidecar;
        let to_kill: Vec<usize> = (0..pr.slots.len())
            .filter(|s| todo(s) && !sidecar(s))
            .chain((0..pr.slots.len()).rev().filter(|s| todo(s) && sidecar(s)))
            .collect();
        for s in to_kill {
            let msg = format!("Stopping container {}", self.pods[p].slots[s].spec.name);
            self.kill_container(p, s, msg);
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

    /// `killContainer`: `Killing` event, then the preStop hook (bounded by the grace period),
    /// then SIGTERM ([`Sim::term_container`]); SIGKILL follows when the grace period is over —
    /// the pod's remaining grace when the whole pod is being killed — but never less than 2 s
    /// after SIGTERM (`minimumGracePeriodInSeconds`). A kill the pod worker issues for one
    /// container (a failed probe or postStart) holds the worker until that container has exited
    /// (`StopContainer` waits for it): nothing else starts or restarts meanwhile.
    pub(super) fn kill_container(&mut self, p: usize, s: usize, message: String) {
        let now = self.now;
        let field = self.pods[p].slots[s].field_path();
        self.event(p, "Normal", "Killing", &field, message, "kubelet");
        self.pods[p].slots[s].term_sent = Some(now);
        let deadline = self.container_deadline(p, s);
        let pre_stop =
            self.pods[p].slots[s].spec.lifecycle.as_ref().and_then(|l| l.pre_stop.clone());
        // The hook runs only while grace is left (`gracePeriod > 0`); one that outlives the
        // grace period is given up at the deadline (FailedPreStopHook, then SIGTERM).
        let (hook_end, failed) = match pre_stop {
            Some(hook) if deadline > now => {
                match self.run_hook(p, s, &hook, deadline.saturating_sub(now)) {
                    Ok(at) => (at.min(deadline), false),
                    Err((at, _)) => (at.min(deadline), true),
                }
            }
            _ => (now, false),
        };
        self.pending_term.insert((p, s), (hook_end, failed));
        let gen = self.pods[p].slots[s].gen;
        if !self.pods[p].killing {
            // SyncPod's kill runs preStop and then StopContainer, which waits for the exit:
            // the pod worker is held until the container is dead (at the latest SIGKILL).
            let busy =
                self.worker_busy.get(&p).copied().unwrap_or(now).max(deadline.max(now + MIN_GRACE));
            self.worker_busy.insert(p, busy);
        }
        if hook_end > now {
            self.push(hook_end, Ev::Term { pod: p, slot: s, gen });
        }
        if self.pods[p].killing && self.pods[p].slots[s].kind == ContainerKind::Sidecar {
            // `waitForTurn` gives up when the grace period is over.
            if deadline > hook_end {
                self.push(deadline, Ev::Term { pod: p, slot: s, gen });
            }
        }
        self.term_container(p, s, gen);
    }

    /// Marks pod `p` initialised if every init container is done (regular ones exited 0,
    /// sidecars running and started) — what the next `computePodActions` would conclude.
    pub(super) fn note_initialized(&mut self, p: usize) {
        let pr = &self.pods[p];
        let done = pr.init_slots().all(|s| {
            let slot = &pr.slots[s];
            match slot.kind {
                ContainerKind::Sidecar => slot.running() && slot.probe.started,
                _ => slot.succeeded(),
            }
        });
        if done {
            self.pods[p].initialized = true;
        }
    }

    /// When the container in `s` must be dead: the pod's kill deadline while the pod is being
    /// killed, else its own grace period from its `Killing`.
    fn container_deadline(&self, p: usize, s: usize) -> Millis {
        let pr = &self.pods[p];
        match (pr.killing, pr.kill_deadline) {
            (true, Some(d)) => d,
            _ => pr.slots[s].term_sent.unwrap_or(self.now) + pr.grace,
        }
    }

    /// Whether sidecar `s` may be stopped now: every regular container and every later sidecar
    /// has exited (`newTerminationOrdering`: regular init containers do not count).
    fn sidecar_turn(&self, p: usize, s: usize) -> bool {
        let pr = &self.pods[p];
        let apps_done = pr.app_slots().all(|a| !pr.slots[a].running());
        let later_done = (s + 1..pr.n_init)
            .all(|i| pr.slots[i].kind != ContainerKind::Sidecar || !pr.slots[i].running());
        apps_done && later_done
    }

    /// SIGTERM for a container being killed, once its preStop hook is over and (a sidecar of a
    /// pod being killed) its turn has come or the grace period ran out. Schedules the SIGKILL.
    pub(super) fn term_container(&mut self, p: usize, s: usize, gen: u64) {
        let now = self.now;
        if self.pods[p].slots[s].gen != gen || !self.pods[p].slots[s].running() {
            return;
        }
        let Some(&(hook_end, failed)) = self.pending_term.get(&(p, s)) else { return };
        if now < hook_end {
            return;
        }
        if failed {
            let field = self.pods[p].slots[s].field_path();
            let msg = "PreStopHook failed".to_string();
            self.event(p, "Warning", "FailedPreStopHook", &field, msg, "kubelet");
            self.pending_term.insert((p, s), (hook_end, false));
        }
        let deadline = self.container_deadline(p, s);
        let sidecar = self.pods[p].slots[s].kind == ContainerKind::Sidecar;
        if sidecar && self.pods[p].killing && now < deadline && !self.sidecar_turn(p, s) {
            return; // its turn comes when the containers it waits for have exited
        }
        self.pending_term.remove(&(p, s));
        let kill_at = deadline.max(now + MIN_GRACE);
        self.push(kill_at, Ev::KillContainer { pod: p, slot: s, gen });
        self.signal(p, s, Signal::Term);
    }

    /// A container of pod `p` being killed exited: sidecars waiting for it get their SIGTERM
    /// now (the ordering is told directly, not through the PLEG).
    fn release_turns(&mut self, p: usize) {
        for s in self.pods[p].init_slots().rev() {
            if self.pending_term.contains_key(&(p, s)) && self.pods[p].slots[s].running() {
                let gen = self.pods[p].slots[s].gen;
                self.term_container(p, s, gen);
            }
        }
    }

    /// Whether pod `p`'s worker is inside a postStart or a preStop hook right now.
    pub(super) fn worker_is_busy(&self, p: usize) -> bool {
        self.worker_busy.get(&p).is_some_and(|&t| t > self.now)
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
                        // `startContainer` runs postStart right after the start and returns only
                        // when it has finished: the pod worker starts nothing else until then.
                        // A failure kills the container and the next start attempt reports
                        // PostStartHookError.
                        let hook_result =
                            self.run_hook(p, s, &hook, self.pods[p].grace.max(MIN_GRACE));
                        let end = match &hook_result {
                            Ok(at) | Err((at, _)) => *at,
                        };
                        if end > now {
                            let busy = self.worker_busy.get(&p).copied().unwrap_or(now).max(end);
                            self.worker_busy.insert(p, busy);
                        }
                        if let Err((_, msg)) = hook_result {
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
            (proc.advance(until, &mut env), view.served())
        };
        let (step, served) = step;
        self.pods[p].volumes = vols;
        self.record_files_by(p, Some(s));
        self.record_reads(p, s, proc.take_reads());
        self.record_served_reads(&served);
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
                let was_killed = self.pending_term.remove(&(p, s)).is_some()
                    || self.pods[p].slots[s].term_sent.is_some();
                if self.pods[p].killing {
                    self.release_turns(p);
                } else if was_killed
                    && !self.pods[p].slots.iter().any(|o| o.running() && o.term_sent.is_some())
                {
                    // The kill that held the pod worker is over.
                    self.worker_busy.remove(&p);
                }
                // PLEG notices at its next relist.
                let t = self.relist_after(at);
                self.request_sync(p, t);
            }
        }
    }

    /// Mounts the volumes of pod `p`'s persistentVolumeClaims: their files are the claim's.
    fn attach_claims(&mut self, p: usize) {
        for v in self.pods[p].pod.spec.volumes.clone() {
            if let VolumeSource::PersistentVolumeClaim { claim_name } = &v.source {
                if let Some((_, data)) = self.claims.get(claim_name) {
                    let vols = &mut self.pods[p].volumes;
                    vols.files.insert(v.name.clone(), data.files.clone());
                    vols.dirs.insert(v.name.clone(), data.dirs.clone());
                    vols.version += 1;
                }
            }
        }
        self.record_files(p);
    }

    /// Snapshots the pod's volume files for `files_at` whenever they changed (and writes a
    /// claim-backed volume's files back to its claim, so they outlive the pod).
    pub(super) fn record_files(&mut self, p: usize) {
        for v in &self.pods[p].pod.spec.volumes {
            if let VolumeSource::PersistentVolumeClaim { claim_name } = &v.source {
                if let Some((_, data)) = self.claims.get_mut(claim_name) {
                    let vols = &self.pods[p].volumes;
                    if let Some(f) = vols.files.get(&v.name) {
                        data.files.clone_from(f);
                    }
                    if let Some(d) = vols.dirs.get(&v.name) {
                        data.dirs.clone_from(d);
                    }
                }
            }
        }
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
