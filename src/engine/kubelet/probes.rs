//! The prober (`prober_manager.go`, `worker.go`): startup, liveness and readiness probes of app
//! containers and native sidecars, run against the simulated world, and `kubectl exec`.
//!
//! Entry points: [`Sim::schedule_probes`] when an instance starts, [`Sim::run_probe`] at each
//! probe instant, [`Sim::run_in_container`] for exec probes and `kubectl exec`.
//! Probes run at `startedAt + initialDelaySeconds` and then every `periodSeconds` (the real
//! worker adds a random initial offset; podlab does not, for determinism). A probe's own run
//! time is not simulated: an exec probe's result counts at the probe instant.

use super::sim::{Ev, Sim, RELIST};
use crate::engine::model::{ContainerKind, IntOrString, Probe};
use crate::engine::runtime::{Connect, ProcEnv, Step};
use crate::engine::time::Millis;

const STARTUP: u8 = 0;
const LIVENESS: u8 = 1;
const READINESS: u8 = 2;

fn probe_of(spec: &crate::engine::model::Container, kind: u8) -> Option<&Probe> {
    match kind {
        STARTUP => spec.startup_probe.as_ref(),
        LIVENESS => spec.liveness_probe.as_ref(),
        _ => spec.readiness_probe.as_ref(),
    }
}

/// API defaults for fields left at 0 (period 10 s, timeout 1 s, success 1, failure 3).
fn period(p: &Probe) -> Millis {
    Millis::from_secs(if p.period_seconds > 0 { p.period_seconds as u64 } else { 10 })
}
fn failure_threshold(p: &Probe) -> u32 {
    if p.failure_threshold > 0 {
        p.failure_threshold as u32
    } else {
        3
    }
}
fn success_threshold(p: &Probe) -> u32 {
    if p.success_threshold > 0 {
        p.success_threshold as u32
    } else {
        1
    }
}

impl Sim {
    /// Queues the first probes of the instance that just started in `slot`: the startup probe
    /// if there is one, else liveness and readiness. Regular init containers have none.
    pub(super) fn schedule_probes(&mut self, p: usize, s: usize) {
        let slot = &self.pods[p].slots[s];
        if slot.kind == ContainerKind::Init {
            return;
        }
        let kinds: &[u8] =
            if slot.spec.startup_probe.is_some() { &[STARTUP] } else { &[LIVENESS, READINESS] };
        self.schedule_kinds(p, s, kinds);
    }

    fn schedule_kinds(&mut self, p: usize, s: usize, kinds: &[u8]) {
        let slot = &self.pods[p].slots[s];
        let gen = slot.gen;
        let mut todo = Vec::new();
        for &k in kinds {
            if let Some(pr) = probe_of(&slot.spec, k) {
                let delay = Millis::from_secs(pr.initial_delay_seconds.max(0) as u64);
                todo.push((self.now + delay, k));
            }
        }
        for (t, k) in todo {
            self.push(t, Ev::Probe { pod: p, slot: s, gen, kind: k });
        }
    }

    /// Runs probe `kind` of `slot`'s instance `gen` now and acts on the result.
    pub(super) fn run_probe(&mut self, p: usize, s: usize, gen: u64, kind: u8) {
        let slot = &self.pods[p].slots[s];
        if slot.gen != gen || !slot.running() || self.pods[p].removed.is_some() {
            return;
        }
        if kind != READINESS {
            // Liveness and startup workers stop once the container is being killed (on hold
            // after their own failure) or the pod is (`DeletionTimestamp` / a kill that holds
            // the pod worker): "should execute readiness probe while in preStop, but not
            // liveness". Readiness keeps probing until the container exits.
            if slot.term_sent.is_some() || self.pods[p].killing {
                return;
            }
            if self.worker_is_busy(p) {
                // The pod worker is inside a hook or a container kill: it could not act on a
                // failure, and podlab skips the probe (KEP 4438 is not in v1.31–v1.34).
                let next = self.now + probe_of(&slot.spec, kind).map(period).unwrap_or(RELIST);
                self.push(next, Ev::Probe { pod: p, slot: s, gen, kind });
                return;
            }
        }
        let Some(probe) = probe_of(&slot.spec, kind).cloned() else { return };
        let (ok, output) = self.probe_once(p, s, &probe);
        let name = self.pods[p].slots[s].spec.name.clone();
        let field = self.pods[p].slots[s].field_path();
        let label = ["Startup", "Liveness", "Readiness"][kind as usize];
        let k = kind as usize;
        let st = &mut self.pods[p].slots[s].probe;
        if ok {
            st.oks[k] += 1;
            st.fails[k] = 0;
        } else {
            st.fails[k] += 1;
            st.oks[k] = 0;
        }
        let (oks, fails) = (st.oks[k], st.fails[k]);
        if !ok {
            self.event(
                p,
                "Warning",
                "Unhealthy",
                &field,
                format!("{label} probe failed: {output}"),
                "kubelet",
            );
        }
        let sidecar = self.pods[p].slots[s].kind == ContainerKind::Sidecar;
        let next = self.now + period(&probe);
        match kind {
            STARTUP => {
                if ok && oks >= success_threshold(&probe) {
                    self.pods[p].slots[s].probe.started = true;
                    self.schedule_kinds(p, s, &[LIVENESS, READINESS]);
                    self.request_sync(p, self.now);
                    return;
                }
                if !ok && fails >= failure_threshold(&probe) {
                    let msg = if sidecar {
                        format!("Init container {name} failed startup probe")
                    } else {
                        format!("Container {name} failed startup probe, will be restarted")
                    };
                    self.kill_container(p, s, msg);
                    return;
                }
            }
            LIVENESS => {
                if !ok && fails >= failure_threshold(&probe) {
                    // The SyncPod that performs this kill computed its actions with the
                    // container still running: initialisation complete then stays complete,
                    // and the regular containers it decided to start start once the kill
                    // returns.
                    self.note_initialized(p);
                    let msg = if sidecar {
                        format!("Init container {name} failed liveness probe")
                    } else {
                        format!("Container {name} failed liveness probe, will be restarted")
                    };
                    self.kill_container(p, s, msg);
                    return;
                }
            }
            _ => {
                let was = self.pods[p].slots[s].probe.ready;
                let now_ready = if ok {
                    was || oks >= success_threshold(&probe)
                } else {
                    was && fails < failure_threshold(&probe)
                };
                if now_ready != was {
                    self.pods[p].slots[s].probe.ready = now_ready;
                    self.publish_status(p);
                }
            }
        }
        self.push(next, Ev::Probe { pod: p, slot: s, gen, kind });
    }

    /// One probe attempt: (success, output/message as the prober words it).
    fn probe_once(&mut self, p: usize, s: usize, probe: &Probe) -> (bool, String) {
        let ip = self.pods[p].ip.clone();
        let name = self.pods[p].name().to_string();
        let port_of = |port: &IntOrString, sim: &Sim| -> Option<u16> {
            match port {
                IntOrString::Int(n) => u16::try_from(*n).ok(),
                IntOrString::String(n) => sim.pods[p].slots[s]
                    .spec
                    .ports
                    .iter()
                    .find(|cp| cp.name.as_deref() == Some(n.as_str()))
                    .and_then(|cp| u16::try_from(cp.container_port).ok()),
            }
        };
        if let Some(argv) = &probe.exec {
            return match self.exec_in_process(p, s, argv) {
                Some(r) => (r.exit_code == 0, format!("{}{}", r.stdout, r.stderr)),
                None => (false, "container is not running".into()),
            };
        }
        if let Some(h) = &probe.http_get {
            let Some(port) = port_of(&h.port, self) else {
                return (false, format!("unknown port {:?}", h.port));
            };
            let host = h.host.clone().unwrap_or(ip);
            let path = if h.path.is_empty() { "/".to_string() } else { h.path.clone() };
            let url = format!("http://{host}:{port}{path}");
            let view = super::network::NetView::new(self, p, None);
            use crate::engine::runtime::ClusterView;
            let got = view.http_get(&name, &host, port, &path);
            let served = view.served();
            self.record_served_reads(&served);
            return match got {
                Ok(r) if (200..400).contains(&r.status) => (true, String::new()),
                Ok(r) => (false, format!("HTTP probe failed with statuscode: {}", r.status)),
                Err(Connect::Refused) => (false, format!("Get \"{url}\": dial tcp {host}:{port}: connect: connection refused")),
                Err(Connect::Timeout) => (false, format!("Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")),
                Err(Connect::Open) => (false, format!("Get \"{url}\": EOF")),
            };
        }
        if let Some(port) = &probe.tcp_socket {
            let Some(port) = port_of(port, self) else {
                return (false, format!("unknown port {port:?}"));
            };
            let view = super::network::NetView::new(self, p, None);
            use crate::engine::runtime::ClusterView;
            return match view.connect(&name, &ip, port) {
                Connect::Open => (true, String::new()),
                Connect::Refused => {
                    (false, format!("dial tcp {ip}:{port}: connect: connection refused"))
                }
                Connect::Timeout => (false, format!("dial tcp {ip}:{port}: i/o timeout")),
            };
        }
        // gRPC probes need a gRPC health server, which no simulated image has.
        (false, "grpc probes are not simulated by podlab".into())
    }

    /// Runs `argv` inside the running container of `slot` (same image, env, mounts) for at most
    /// `limit` of virtual time: (exit code, output, instant it exited). `Err` when it cannot be
    /// started or did not finish within `limit`.
    pub(super) fn run_in_container(
        &mut self,
        p: usize,
        s: usize,
        argv: &[String],
        limit: Millis,
    ) -> Result<(i32, String, Millis), String> {
        let mut spec = self.pods[p].slots[s].spec.clone();
        spec.command = Some(argv.to_vec());
        spec.args = None;
        let kind = self.pods[p].slots[s].kind;
        let created = {
            let api = self.pod_api(p);
            let pr = &mut self.pods[p];
            self.runtime
                .create(&pr.pod, &spec, kind, &api, &mut pr.volumes)
                .map_err(|f| f.message)?
        };
        let now = self.now;
        let mut proc = self.runtime.start(&created, now).map_err(|f| f.message)?;
        let deadline = now + limit;
        let mut vols = std::mem::take(&mut self.pods[p].volumes);
        let own = vols.clone();
        let name = self.pods[p].name().to_string();
        let mut logs = Vec::new();
        let mut result = Err("command timed out".to_string());
        {
            let view = super::network::NetView::new(self, p, Some(&own));
            let mut until = now;
            // Each advance runs to the next sleep; bounded so a misbehaving process cannot hang.
            for _ in 0..10_000 {
                let mut env =
                    ProcEnv { volumes: &mut vols, cluster: &view, pod: &name, logs: &mut logs };
                match proc.advance(until, &mut env) {
                    Step::Exited { code, at } => {
                        result = Ok((code, at.max(now)));
                        break;
                    }
                    Step::Running { wake_at: Some(w) } if w <= deadline => {
                        until = w.max(until + Millis(1))
                    }
                    Step::Running { .. } => break,
                }
            }
        }
        self.pods[p].volumes = vols;
        self.record_files(p);
        self.record_reads(p, s, proc.take_reads());
        let out: String = logs.iter().map(|(_, l)| format!("{l}\n")).collect();
        result.map(|(code, at)| (code, out, at))
    }

    /// `Process::exec`: runs `argv` inside the running process of `slot` (its own filesystem
    /// layer, env and volumes) at the current instant. `None` if it is not running.
    pub(super) fn exec_in_process(
        &mut self,
        p: usize,
        s: usize,
        argv: &[String],
    ) -> Option<crate::engine::runtime::ExecResult> {
        let mut proc = self.pods[p].slots[s].proc.take()?;
        let mut vols = std::mem::take(&mut self.pods[p].volumes);
        let own = vols.clone();
        let name = self.pods[p].name().to_string();
        let mut logs = Vec::new();
        let now = self.now;
        let r = {
            let view = super::network::NetView::new(self, p, Some(&own));
            let mut env =
                ProcEnv { volumes: &mut vols, cluster: &view, pod: &name, logs: &mut logs };
            proc.exec(argv, now, &mut env)
        };
        self.pods[p].volumes = vols;
        let reads = proc.take_reads();
        self.pods[p].slots[s].proc = Some(proc);
        self.record_files(p);
        self.record_reads(p, s, reads);
        Some(r)
    }

    /// Runs a lifecycle hook handler (`postStart` / `preStop`) of `slot` now: `Ok(instant it
    /// finished)` or `Err((instant it failed or was given up, message))`. Exec handlers take
    /// the virtual time their command takes (bounded by `limit`: past it the hook is given up at
    /// `now + limit`); httpGet handlers answer at once.
    pub(super) fn run_hook(
        &mut self,
        p: usize,
        s: usize,
        handler: &Probe,
        limit: Millis,
    ) -> Result<Millis, (Millis, String)> {
        let now = self.now;
        if let Some(argv) = &handler.exec {
            return match self.run_in_container(p, s, argv, limit) {
                Ok((0, _, at)) => Ok(at),
                Ok((code, out, at)) => {
                    Err((at, format!("command '{}' exited with {code}: {out}", argv.join(" "))))
                }
                Err(e) => Err((now + limit, e)),
            };
        }
        let (ok, msg) = self.probe_once(p, s, handler);
        if ok {
            Ok(now)
        } else {
            Err((now, msg))
        }
    }
}

impl Sim {
    /// `kubectl exec` into pod `pod` at the current instant.
    pub(super) fn exec(
        &mut self,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
    ) -> Result<super::ExecOutput, String> {
        let Some(p) = self.pods.iter().rposition(|pr| pr.removed.is_none() && pr.name() == pod)
        else {
            return Err(format!("Error from server (NotFound): pods \"{pod}\" not found"));
        };
        if self.pods[p].phase.is_terminal() {
            return Err(format!(
                "error: cannot exec into a container in a completed pod; current phase is {}",
                self.pods[p].phase.as_str()
            ));
        }
        // Without -c kubectl picks the first app container (kubectl.kubernetes.io/default-container
        // aside, which podlab does not model).
        let cname = container
            .map(String::from)
            .or_else(|| self.pods[p].pod.spec.containers.first().map(|c| c.name.clone()))
            .unwrap_or_default();
        let Some(s) = self.pods[p].slots.iter().position(|sl| sl.spec.name == cname) else {
            return Err(format!(
                "Error from server (BadRequest): container {cname} is not valid for pod {pod}"
            ));
        };
        if !self.pods[p].slots[s].running() {
            return Err(format!(
                "error: unable to upgrade connection: container not found (\"{cname}\")"
            ));
        }
        match self.exec_in_process(p, s, argv) {
            Some(r) => {
                Ok(super::ExecOutput { stdout: r.stdout, stderr: r.stderr, exit_code: r.exit_code })
            }
            None => Err(format!(
                "error: unable to upgrade connection: container not found (\"{cname}\")"
            )),
        }
    }
}
