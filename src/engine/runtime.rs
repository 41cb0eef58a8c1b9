//! The container runtime: what a node's containerd + the images would do.
//!
//! This file is the **process interface** between the kubelet and the runtime; the kubelet only
//! uses what is declared here. Submodules implement it: the image catalogue, the shell
//! interpreter (busybox ash dialect), the container filesystems and volumes, env resolution and
//! the network (DNS, connect, HTTP) as seen from inside a container.
//!
//! Lifecycle, as the kubelet drives it:
//! 1. [`Runtime::pull`] → image present / pulled / error (`ErrImagePull`, `InvalidImageName`).
//! 2. [`Runtime::create`] → resolves env and mounts against the API objects; a missing ConfigMap
//!    or key is a [`CreateFailure`] (`CreateContainerConfigError`) and no container exists.
//! 3. [`Runtime::start`] → a running [`Process`], or a [`StartFailure`] (`StartError`, exit 128,
//!    e.g. `/bin/bash` on alpine).
//! 4. [`Process::advance`] runs it in virtual time until it exits, sleeps or burns its step
//!    budget; the kubelet calls it again at [`Step::Running::wake_at`] (or on a signal).
//! 5. [`Process::signal`] delivers SIGTERM / SIGKILL on deletion or probe failure.
//!
//! Placeholder implementation: until the real interpreter lands, a process understands only
//! `sleep N`, `true`, `false`, `exit N` and `echo …` (as argv or as `sh -c`). The signatures are
//! the contract; the runtime issue replaces the internals.

use crate::engine::model::{ConfigMap, Container, ContainerKind, Pod, Secret, Service};
use crate::engine::time::Millis;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// What the runtime needs to know about the rest of the cluster
// ---------------------------------------------------------------------------------------------

/// The API objects a container can refer to (env, volumes), as stored at the current instant.
#[derive(Clone, Debug, Default)]
pub struct ApiObjects {
    /// ConfigMaps by name (namespace `default` only, for now).
    pub config_maps: BTreeMap<String, ConfigMap>,
    /// Secrets by name.
    pub secrets: BTreeMap<String, Secret>,
    /// Services by name.
    pub services: BTreeMap<String, Service>,
}

/// Result of opening a TCP connection from inside a container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Connect {
    /// Something accepted the connection.
    Open,
    /// Nothing listens there (`Connection refused`).
    Refused,
    /// No route / nobody answers: the caller waits for its timeout.
    Timeout,
}

/// An HTTP response as seen by `wget`, `curl` or an `httpGet` probe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code (200, 404, …).
    pub status: u16,
    /// Body.
    pub body: Vec<u8>,
}

/// The cluster as seen from inside a container at the current virtual instant: DNS, TCP and
/// HTTP. Implemented by the kubelet over its simulated cluster; processes only read it.
pub trait ClusterView {
    /// Resolves `name` from `from_pod` the way cluster DNS would: a Service as `svc`,
    /// `svc.ns`, `svc.ns.svc` or `svc.ns.svc.cluster.local` → its ClusterIP; `localhost` →
    /// 127.0.0.1; anything else → `None` (NXDOMAIN).
    fn resolve(&self, from_pod: &str, name: &str) -> Option<String>;
    /// Opens a TCP connection to `ip:port` from `from_pod`. A ClusterIP is open only if a
    /// *ready* pod selected by the Service listens on the target port; a pod IP or 127.0.0.1
    /// (the caller's own pod) is open if one of that pod's containers listens on `port`.
    fn connect(&self, from_pod: &str, ip: &str, port: u16) -> Connect;
    /// Sends `GET path` to `ip:port` (same routing as [`ClusterView::connect`]).
    fn http_get(&self, from_pod: &str, ip: &str, port: u16, path: &str) -> Result<HttpResponse, Connect>;
}

// ---------------------------------------------------------------------------------------------
// Pull, create, start
// ---------------------------------------------------------------------------------------------

/// What pulling an image gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullResult {
    /// Already on the node (`Container image "…" already present on machine`).
    Present { image_id: String },
    /// Pulled now; the pull takes `duration` of virtual time.
    Pulled { image_id: String, duration: Millis, size_bytes: u64 },
    /// Registry says no (`ErrImagePull`); `message` is the runtime's error text.
    NotFound { message: String },
    /// The reference cannot be parsed (`InvalidImageName`).
    InvalidName { message: String },
}

/// Why a container could not be created (no container instance exists; retried by the kubelet).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateFailure {
    /// Waiting reason: `CreateContainerConfigError` or `CreateContainerError`.
    pub reason: String,
    /// Message, e.g. `configmap "app-config" not found`.
    pub message: String,
}

/// Why a created container could not start (the instance exists and terminated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartFailure {
    /// Exit code (128 for containerd's StartError).
    pub exit_code: i32,
    /// Terminated reason: `StartError`.
    pub reason: String,
    /// containerd's message (`failed to create containerd task: …`).
    pub message: String,
}

/// Per-pod storage that outlives container instances: emptyDir volumes, plus the projected
/// files of configMap / secret / downwardAPI volumes.
#[derive(Clone, Debug, Default)]
pub struct PodVolumes {
    /// Volume name → (path inside the volume → contents).
    pub files: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    /// Bumped on every write, so the kubelet can record a snapshot when it changes.
    pub version: u64,
}

/// A created (not yet started) container: resolved argv, env and mounts.
#[derive(Clone, Debug)]
pub struct Created {
    /// The argv that will be exec'd (entrypoint/cmd merged with command/args).
    pub argv: Vec<String>,
    /// Resolved environment.
    pub env: Vec<(String, String)>,
    /// Which container this is.
    pub kind: ContainerKind,
    /// The container's name.
    pub name: String,
}

/// A running container's main process and its private filesystem layer.
#[derive(Debug)]
pub struct Process {
    argv: Vec<String>,
    clock: Millis,
    wake_at: Option<Millis>,
    exit: Option<i32>,
    term_pending: bool,
}

/// Where output and files go while a process runs.
pub struct ProcEnv<'a> {
    /// The pod's volumes (shared by all its containers).
    pub volumes: &'a mut PodVolumes,
    /// The network.
    pub cluster: &'a dyn ClusterView,
    /// The pod's name (for [`ClusterView`] calls).
    pub pod: &'a str,
    /// Log lines written by this step, with the virtual instant each was written.
    pub logs: &'a mut Vec<(Millis, String)>,
}

/// What a process is doing after [`Process::advance`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Still running; call `advance` again at `wake_at` (or `None`: only on a signal).
    Running {
        /// Next virtual instant at which it has something to do.
        wake_at: Option<Millis>,
    },
    /// Exited at `at` with `code` (128 + signal number when killed by a signal).
    Exited {
        /// Exit code.
        code: i32,
        /// When.
        at: Millis,
    },
}

/// A POSIX signal the kubelet delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    /// SIGTERM (15): graceful stop; ignored by a shell PID 1 without a trap.
    Term,
    /// SIGKILL (9): exit 137, cannot be ignored.
    Kill,
}

/// The node's container runtime (containerd + the image catalogue).
#[derive(Debug, Default)]
pub struct Runtime {}

impl Runtime {
    /// A runtime with podlab's image catalogue.
    pub fn new() -> Runtime {
        Runtime {}
    }

    /// Pulls `image` under `policy` (`Always`, `IfNotPresent`, `Never`; already defaulted).
    pub fn pull(&self, image: &str, _policy: &str) -> PullResult {
        if image.is_empty() || image.contains(' ') {
            return PullResult::InvalidName { message: format!("Failed to apply default image tag {image:?}: couldn't parse image name {image:?}: invalid reference format") };
        }
        PullResult::Present { image_id: format!("docker.io/library/{image}@sha256:placeholder") }
    }

    /// Creates a container: merges the image's entrypoint/cmd with `command`/`args`, resolves
    /// env (`valueFrom`, `envFrom`) and mounts against `api`.
    pub fn create(&self, _pod: &Pod, c: &Container, kind: ContainerKind, _api: &ApiObjects, _volumes: &mut PodVolumes) -> Result<Created, CreateFailure> {
        let mut argv = c.command.clone().unwrap_or_else(|| vec!["sh".into()]);
        argv.extend(c.args.clone().unwrap_or_default());
        Ok(Created { argv, env: Vec::new(), kind, name: c.name.clone() })
    }

    /// Starts a created container at `now`.
    pub fn start(&self, created: &Created, now: Millis) -> Result<Process, StartFailure> {
        Ok(Process { argv: created.argv.clone(), clock: now, wake_at: None, exit: None, term_pending: false })
    }
}

impl Process {
    /// Runs the process from where it stopped up to virtual instant `until` at the latest.
    pub fn advance(&mut self, until: Millis, env: &mut ProcEnv<'_>) -> Step {
        if let Some(code) = self.exit {
            return Step::Exited { code, at: self.clock };
        }
        // Placeholder interpreter: the last word decides (`sleep N`, `exit N`, `true`, `false`).
        let script = match self.argv.as_slice() {
            [sh, c, s, ..] if sh.ends_with("sh") && c == "-c" => s.clone(),
            argv => argv.join(" "),
        };
        if let Some(wake) = self.wake_at {
            if until < wake {
                return Step::Running { wake_at: Some(wake) };
            }
            self.clock = wake;
            self.exit = Some(0);
            return Step::Exited { code: 0, at: wake };
        }
        let words: Vec<&str> = script.split_whitespace().collect();
        match words.as_slice() {
            ["sleep", n, ..] => {
                let secs: u64 = n.parse().unwrap_or(0);
                self.wake_at = Some(self.clock + Millis::from_secs(secs));
                self.advance(until, env)
            }
            ["echo", rest @ ..] => {
                env.logs.push((self.clock, rest.join(" ")));
                self.exit = Some(0);
                Step::Exited { code: 0, at: self.clock }
            }
            ["exit", n, ..] => {
                let code = n.parse().unwrap_or(2);
                self.exit = Some(code);
                Step::Exited { code, at: self.clock }
            }
            ["false", ..] => {
                self.exit = Some(1);
                Step::Exited { code: 1, at: self.clock }
            }
            _ => {
                self.exit = Some(0);
                Step::Exited { code: 0, at: self.clock }
            }
        }
    }

    /// Delivers a signal at `now`. SIGKILL ends it at once (137); SIGTERM is ignored by a shell
    /// PID 1 without a TERM trap.
    pub fn signal(&mut self, sig: Signal, now: Millis) {
        match sig {
            Signal::Kill => {
                self.clock = now;
                self.exit = Some(137);
            }
            Signal::Term => self.term_pending = true,
        }
    }

    /// TCP ports this process listens on right now (nginx: 80 once started; postgres: 5432 after
    /// its start-up).
    pub fn listening_ports(&self) -> Vec<u16> {
        Vec::new()
    }

    /// Answers `GET path` on `port` if this process serves HTTP there (nginx serves files from
    /// `/usr/share/nginx/html`, which may be a volume).
    pub fn serve_http(&self, _port: u16, _path: &str, _volumes: &PodVolumes) -> Option<HttpResponse> {
        None
    }
}
