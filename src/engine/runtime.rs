//! The container runtime: what a node's containerd + the images would do.
//!
//! This file is the **process interface** between the kubelet and the runtime; the kubelet only
//! uses what is declared here. Submodules implement it: the image catalogue, the shell
//! interpreter (busybox ash dialect), the container filesystems and volumes, env resolution and
//! the network (DNS, connect, HTTP) as seen from inside a container.
//!
//! Lifecycle, as the kubelet drives it:
//! 1. [`Runtime::pull`] → image present / pulled (with a duration) / error (`ErrImagePull`,
//!    `InvalidImageName`, `ErrImageNeverPull`).
//! 2. [`Runtime::create`] → resolves env and mounts against the API objects, projecting
//!    configMap / secret / downwardAPI / service-account files into [`PodVolumes`]. A missing
//!    ConfigMap/Secret or key in env is a [`CreateFailure`] with reason
//!    `CreateContainerConfigError`; one used as a *volume* has reason `FailedMount` (the kubelet
//!    keeps the container waiting with its default reason and records a Warning `FailedMount`
//!    event instead of a waiting reason).
//! 3. [`Runtime::start`] → a running [`Process`], or a [`StartFailure`] (`StartError`, exit 128,
//!    e.g. `/bin/bash` on alpine).
//! 4. [`Process::advance`]`(now, …)` runs it in virtual time until it exits or waits; call it
//!    again at [`Step::Running::wake_at`], after a [`Process::signal`], and — for a process
//!    waiting on nothing the runtime can time (`wake_at: None`: a busy loop) — when the pod's
//!    [`PodVolumes::version`] changes. A busy process may run up to 100 ms past `now` per call.
//! 5. [`Process::signal`] delivers SIGTERM / SIGKILL on deletion or probe failure.
//! 6. [`Process::exec`] runs `kubectl exec` / exec probes inside the container;
//!    [`Process::listening_ports`] and [`Process::serve_http`] answer the kubelet's
//!    [`ClusterView`] implementation for other pods, probes and Services.
//!
//! Submodules: [`images`] (catalogue, references), [`shell`] (parser, resumable executor,
//! applets), [`fs`] (rootfs layer + mounts), [`env`](mod@env) (env, `$(VAR)` expansion, projected volume
//! files).

pub mod env;
pub mod fs;
pub mod image;
pub mod images;
pub mod shell;

use crate::engine::model::{ConfigMap, Container, ContainerKind, Pod, Secret, Service};
use crate::engine::time::Millis;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

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
    /// The pod's IP (`status.podIP` for `fieldRef`), once the sandbox has one.
    pub pod_ip: Option<String>,
    /// The node's IP (`status.hostIP`).
    pub host_ip: Option<String>,
    /// The node's name (`spec.nodeName`).
    pub node_name: Option<String>,
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
    fn http_get(
        &self,
        from_pod: &str,
        ip: &str,
        port: u16,
        path: &str,
    ) -> Result<HttpResponse, Connect>;
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
    /// `imagePullPolicy: Never` and the image is not on the node (`ErrImageNeverPull`).
    NeverPull { message: String },
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
    /// Volume name → (path inside the volume, no leading slash → contents).
    pub files: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    /// Volume name → directories created inside it (`mkdir`), for empty directories.
    pub dirs: BTreeMap<String, BTreeSet<String>>,
    /// Volume name → FIFOs created inside it (`mkfifo`).
    pub fifos: BTreeMap<String, BTreeSet<String>>,
    /// Bumped on every write, so the kubelet can record a snapshot when it changes.
    pub version: u64,
}

/// A created (not yet started) container: resolved argv, env and mounts.
#[derive(Clone, Debug)]
pub struct Created {
    /// The argv that will be exec'd (entrypoint/cmd merged with command/args, `$(VAR)` expanded).
    pub argv: Vec<String>,
    /// Resolved environment.
    pub env: Vec<(String, String)>,
    /// Which container this is.
    pub kind: ContainerKind,
    /// The container's name.
    pub name: String,
    /// The image it runs.
    pub image: Arc<images::Image>,
    /// Its mounts.
    pub mounts: Vec<fs::Mount>,
    /// Working directory.
    pub workdir: String,
    /// Hostname (the pod's name, or `spec.hostname`).
    pub hostname: String,
    /// `securityContext.readOnlyRootFilesystem`.
    pub read_only_root: bool,
    /// `stdin: true`: the container's stdin stays open (a bare `sh` waits instead of exiting).
    pub stdin: bool,
    /// The pod's IP when it was created (for `/etc/hosts` and `hostname -i`).
    pub pod_ip: Option<String>,
}

/// What `kubectl exec` (or an exec probe) got.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecResult {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Exit code (126 when the program does not exist, as runc reports it).
    pub exit_code: i32,
}

/// A running container's main process and its private filesystem layer.
#[derive(Debug)]
pub struct Process {
    m: shell::exec::Machine,
    env: Vec<(String, String)>,
    workdir: String,
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
    /// Still running; call `advance` again at `wake_at` (or `None`: a busy loop with no
    /// observable effect, worth re-advancing only on a signal or when the pod's volumes change).
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
pub struct Runtime {
    /// Images pulled during this run (so `:latest` is pulled once under `IfNotPresent`).
    pulled: RefCell<BTreeSet<String>>,
    /// Catalogue look-ups by the reference as written in the spec (a pure function of it,
    /// memoised: every container start would otherwise rebuild the image's program list).
    images: RefCell<BTreeMap<String, Result<Arc<images::Image>, bool>>>,
    /// Each image's root filesystem, built once and shared by all its instances (the image
    /// as configured, user included, since `/etc/passwd` depends on it). A handful per run.
    roots: RefCell<Vec<(Arc<images::Image>, fs::Base)>>,
    /// `imageID` by reference as written (a pure function of the reference).
    image_ids: RefCell<BTreeMap<String, String>>,
}

/// Where the service-account token volume is mounted in every container.
pub const SA_MOUNT: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

impl Runtime {
    /// A runtime with podlab's image catalogue.
    pub fn new() -> Runtime {
        Runtime::default()
    }

    /// Pulls `image` under `policy` (`Always`, `IfNotPresent`, `Never`; already defaulted).
    ///
    /// The node starts with every *tagged* catalogue image present (as if pre-pulled), so
    /// `IfNotPresent` finds them; `:latest`/untagged references and `Always` pull, taking a
    /// time proportional to the image size (≈ 20 MB/s plus 0.5 s of registry round trips).
    pub fn pull(&self, image: &str, policy: &str) -> PullResult {
        let r = match images::parse_reference(image) {
            Ok(r) => r,
            Err(message) => return PullResult::InvalidName { message },
        };
        let full = r.full();
        match self.lookup(image, &r) {
            Ok(img) => {
                // Memoised with the look-up: digest() formats 64 hex digits on every pull.
                let image_id = self
                    .image_ids
                    .borrow_mut()
                    .entry(image.to_string())
                    .or_insert_with(|| {
                        format!(
                            "{}/{}@sha256:{}",
                            r.registry,
                            r.path,
                            images::digest(&format!("{}:{}", r.path, img.version))
                        )
                    })
                    .clone();
                let present = (r.tagged && r.tag != "latest")
                    || r.digest.is_some()
                    || self.pulled.borrow().contains(&full);
                if policy == "Never" && !present {
                    return PullResult::NeverPull {
                        message: format!(
                            "Container image {image:?} is not present with pull policy of Never"
                        ),
                    };
                }
                if present && policy != "Always" {
                    return PullResult::Present { image_id };
                }
                self.pulled.borrow_mut().insert(full);
                PullResult::Pulled {
                    image_id,
                    duration: Millis(500 + img.size_bytes / 20_000),
                    size_bytes: img.size_bytes,
                }
            }
            Err(_) if policy == "Never" => PullResult::NeverPull {
                message: format!(
                    "Container image {image:?} is not present with pull policy of Never"
                ),
            },
            Err(tag_missing) => {
                let message = if tag_missing {
                    format!("failed to pull and unpack image {full:?}: failed to resolve reference {full:?}: {full}: not found")
                } else {
                    format!("failed to pull and unpack image {full:?}: failed to resolve reference {full:?}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed")
                };
                PullResult::NotFound { message }
            }
        }
    }

    /// Creates a container: merges the image's entrypoint/cmd with `command`/`args`, resolves
    /// env (`valueFrom`, `envFrom`) and mounts against `api`, projecting configMap / secret /
    /// downwardAPI / service-account files into `volumes`.
    pub fn create(
        &self,
        pod: &Pod,
        c: &Container,
        kind: ContainerKind,
        api: &ApiObjects,
        volumes: &mut PodVolumes,
    ) -> Result<Created, CreateFailure> {
        let image = images::parse_reference(&c.image)
            .ok()
            .and_then(|r| self.lookup(&c.image, &r).ok())
            .ok_or_else(|| CreateFailure {
                reason: "CreateContainerError".into(),
                message: format!("failed to get image {:?}: image not found", c.image),
            })?;
        let mut image = image;
        let sc = c.security_context.as_ref();
        let psc = pod.spec.security_context.as_ref();
        let run_as = sc.and_then(|s| s.run_as_user).or_else(|| psc.and_then(|s| s.run_as_user));
        if let Some(uid) = run_as {
            let uid = u32::try_from(uid).unwrap_or(0);
            let user = (
                if uid == 0 {
                    "root"
                } else if uid == image.user.1 {
                    image.user.0
                } else {
                    "unknown"
                },
                uid,
            );
            Arc::make_mut(&mut image).user = user;
        }
        if sc.and_then(|s| s.run_as_non_root).or_else(|| psc.and_then(|s| s.run_as_non_root))
            == Some(true)
        {
            // The kubelet's verifyRunAsNonRoot (kuberuntime_container_linux.go).
            let ns = if pod.metadata.namespace.is_empty() {
                "default"
            } else {
                pod.metadata.namespace.as_str()
            };
            let pod_ref = format!("{}_{}({})", pod.metadata.name, ns, env::pod_uid(pod));
            if run_as.is_none()
                && !image.user.0.chars().all(|ch| ch.is_ascii_digit())
                && image.user.1 != 0
            {
                return Err(CreateFailure { reason: "CreateContainerConfigError".into(), message: format!("container has runAsNonRoot and image has non-numeric user ({}), cannot verify user is non-root (pod: {pod_ref:?}, container: {})", image.user.0, c.name) });
            }
            if image.user.1 == 0 {
                return Err(CreateFailure { reason: "CreateContainerConfigError".into(), message: format!("container has runAsNonRoot and image will run as root (pod: {pod_ref:?}, container: {})", c.name) });
            }
        }
        let read_only_root = sc.and_then(|s| s.read_only_root_filesystem) == Some(true);
        let env = env::resolve_env(pod, c, &image, api)?;
        let mounts = env::project_volumes(pod, c, api, volumes)?;
        let mut argv: Vec<String> = match (&c.command, &c.args) {
            (Some(cmd), args) => cmd.iter().chain(args.iter().flatten()).cloned().collect(),
            (None, Some(args)) => image.entrypoint.iter().chain(args.iter()).cloned().collect(),
            (None, None) => image.entrypoint.iter().chain(image.cmd.iter()).cloned().collect(),
        };
        for a in &mut argv {
            *a = env::expand_dollar_refs(a, &env);
        }
        let workdir = c.working_dir.clone().unwrap_or_else(|| image.workdir.to_string());
        let hostname = pod.spec.hostname.clone().unwrap_or_else(|| pod.metadata.name.clone());
        Ok(Created {
            argv,
            env,
            kind,
            name: c.name.clone(),
            image,
            mounts,
            workdir,
            hostname,
            read_only_root,
            stdin: c.stdin,
            pod_ip: api.pod_ip.clone(),
        })
    }

    /// Starts a created container at `now`. Fails like containerd when the program does not
    /// exist in the image (`StartError`, exit 128).
    pub fn start(&self, created: &Created, now: Millis) -> Result<Process, StartFailure> {
        let mut fs = fs::Fs::new(self.rootfs(&created.image), created.mounts.clone());
        fs.root_insert(
            "/etc/hostname",
            fs::Node::File(format!("{}\n", created.hostname).into_bytes()),
        );
        // The kubelet-managed hosts file: the pod's own IP maps to its hostname.
        let own = created
            .pod_ip
            .as_ref()
            .map(|ip| format!("{ip}\t{}\n", created.hostname))
            .unwrap_or_default();
        fs.root_insert("/etc/hosts", fs::Node::File(format!("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback ip6-localnet\nfe00::0\tip6-mcastprefix\n{own}").into_bytes()));
        fs.root_insert("/etc/resolv.conf", fs::Node::File(b"search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n".to_vec()));
        // runc creates a missing working directory.
        let mut dir = String::new();
        for part in created.workdir.split('/').filter(|p| !p.is_empty()) {
            dir.push('/');
            dir.push_str(part);
            if fs.root_get(&dir).is_none() {
                fs.root_insert(&dir, fs::Node::Dir);
            }
        }
        fs.read_only_root = created.read_only_root;
        if created.image.user.1 != 0 {
            let home = format!("/home/{}", created.image.user.0);
            fs.user_writable = Some(vec![
                "/tmp".into(),
                "/var/tmp".into(),
                "/dev".into(),
                home,
                created.workdir.clone(),
            ]);
        }
        let Some(prog) = created.argv.first() else {
            return Err(start_error("exec: \"\": executable file not found in $PATH"));
        };
        let path_var = created
            .env
            .iter()
            .find(|(k, _)| k == "PATH")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let in_mount =
            |p: &str| created.mounts.iter().any(|m| p.starts_with(&format!("{}/", m.path)));
        let found = if prog.contains('/') {
            let p = fs::normalize(&created.workdir, prog);
            in_mount(&p) || matches!(fs.root_get(&p), Some(fs::Node::File(_)))
        } else {
            // As `Machine::which`: one buffer, and a PATH entry is normally a normal path already.
            let mut joined = String::new();
            path_var.split(':').any(|d| {
                joined.clear();
                joined.push_str(d);
                joined.push('/');
                joined.push_str(prog);
                let found = |p: &str| matches!(fs.root_get(p), Some(fs::Node::File(_)));
                if fs::is_normal(&joined) {
                    found(&joined)
                } else {
                    found(&fs::normalize("/", &joined))
                }
            })
        };
        if !found {
            let why = if prog.contains('/') {
                format!("exec: {prog:?}: stat {prog}: no such file or directory")
            } else {
                format!("exec: {prog:?}: executable file not found in $PATH")
            };
            return Err(start_error(&why));
        }
        let m = shell::exec::Machine::new(
            created.image.clone(),
            fs,
            &created.hostname,
            &created.env,
            &created.workdir,
            &created.argv,
            now,
            created.stdin,
        );
        Ok(Process { m, env: created.env.clone(), workdir: created.workdir.clone() })
    }

    /// [`images::lookup`] of `r` (parsed from `image`), memoised: it is a pure function of the
    /// reference, and building an image's program list on every pull and create showed in
    /// profiles of many restarts.
    /// Shared (`Arc`): a created container and its process hold the catalogue's image instead
    /// of two copies of its program list per start.
    fn lookup(&self, image: &str, r: &images::Reference) -> Result<Arc<images::Image>, bool> {
        if let Some(hit) = self.images.borrow().get(image) {
            return hit.clone(); // no key copy on a hit
        }
        self.images
            .borrow_mut()
            .entry(image.to_string())
            .or_insert_with(|| images::lookup(r).map(Arc::new))
            .clone()
    }

    /// The image's root filesystem, shared: built on the image's first start, then reused.
    fn rootfs(&self, image: &Arc<images::Image>) -> fs::Base {
        let mut roots = self.roots.borrow_mut();
        // Usually the very image the look-up handed out (pointer equality, no field-by-field
        // comparison of the program list); a `runAsUser` makes a modified copy.
        if let Some((_, base)) = roots.iter().find(|(i, _)| Arc::ptr_eq(i, image) || **i == **image)
        {
            return base.clone();
        }
        let base = Arc::new(image.rootfs());
        roots.push((image.clone(), base.clone()));
        base
    }
}

fn start_error(why: &str) -> StartFailure {
    StartFailure {
        exit_code: 128,
        reason: "StartError".into(),
        message: format!("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {why}: unknown"),
    }
}

impl Process {
    /// Runs the process from where it stopped up to virtual instant `until` (normally the
    /// kubelet's "now"). The [`ClusterView`] is read as of this call. A process that is busy
    /// computing (no sleep) may run up to [`shell::exec::RUN_AHEAD`] (100 ms) past `until` in
    /// one call, so `Exited::at`, `wake_at` and log timestamps can be slightly after `until`.
    pub fn advance(&mut self, until: Millis, env: &mut ProcEnv<'_>) -> Step {
        let mut w = shell::exec::World { vols: &mut *env.volumes, net: env.cluster, pod: env.pod };
        let r = self.m.run(&mut w, until);
        env.logs.append(&mut self.m.logs);
        match r {
            shell::exec::RunState::Exited(code) => Step::Exited { code, at: self.m.clock },
            shell::exec::RunState::Blocked(wake_at) => Step::Running { wake_at },
        }
    }

    /// Delivers a signal at `now`. SIGKILL ends it at once (137); SIGTERM is ignored by a shell
    /// PID 1 without a TERM trap, runs the trap otherwise (after the foreground command, as ash
    /// does), and stops servers (nginx, postgres, redis exit 0). Call [`Process::advance`]
    /// afterwards to let it react.
    pub fn signal(&mut self, sig: Signal, now: Millis) {
        match sig {
            Signal::Kill => self.m.sigkill(now),
            Signal::Term => self.m.sigterm(now),
        }
    }

    /// TCP ports this process listens on right now (nginx: 80 once started; postgres: 5432 after
    /// its start-up).
    pub fn listening_ports(&self) -> Vec<u16> {
        self.m.listening_ports()
    }

    /// Answers `GET path` on `port` if this process serves HTTP there (nginx serves files from
    /// `/usr/share/nginx/html`, which may be a volume).
    pub fn serve_http(&self, port: u16, path: &str, volumes: &PodVolumes) -> Option<HttpResponse> {
        self.m.serve_http(port, path, volumes)
    }

    /// Volume files (volume, path inside it) whose contents this container instance read
    /// for the first time since the last call: `cat`, `<`, `source`, a script run, a server
    /// answering a request. Each file is reported once per instance.
    pub fn take_reads(&self) -> Vec<(String, String)> {
        self.m.fs.take_reads()
    }

    /// `kubectl exec` / exec probe: runs `argv` inside this container at instant `now`, to
    /// completion (its sleeps advance only the exec's own clock; output goes to the result, not
    /// the container log). File writes land in the container's layer and volumes.
    pub fn exec(&mut self, argv: &[String], now: Millis, env: &mut ProcEnv<'_>) -> ExecResult {
        self.exec_with_timeout(argv, now, None, env).unwrap_or_default()
    }

    /// An exec probe: like [`Process::exec`] but bounded by `timeout` of virtual time
    /// (`timeoutSeconds`). `None` when the command ran past it (the kubelet reports the probe as
    /// failed: `command "…" timed out`). A command that never finishes without a timeout
    /// (a server, `wait`) ends with exit code 124 and a podlab note on stderr.
    pub fn exec_with_timeout(
        &mut self,
        argv: &[String],
        now: Millis,
        timeout: Option<Millis>,
        env: &mut ProcEnv<'_>,
    ) -> Option<ExecResult> {
        let Some(prog) = argv.first() else {
            return Some(ExecResult {
                stdout: String::new(),
                stderr: "error: you must specify at least one command for the container\n".into(),
                exit_code: 1,
            });
        };
        let path_var =
            self.env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.clone()).unwrap_or_default();
        if self.m.which(env.volumes, &path_var, &self.workdir, prog).is_none() {
            let why = if prog.contains('/') {
                format!("exec: {prog:?}: stat {prog}: no such file or directory")
            } else {
                format!("exec: {prog:?}: executable file not found in $PATH")
            };
            return Some(ExecResult { stdout: String::new(), stderr: format!("OCI runtime exec failed: exec failed: unable to start container process: {why}: unknown\n"), exit_code: 126 });
        }
        let mut w = shell::exec::World { vols: &mut *env.volumes, net: env.cluster, pod: env.pod };
        let r = self.m.exec_command(&mut w, argv, &self.env, &self.workdir, now, timeout);
        if r.timed_out {
            return None;
        }
        Some(ExecResult {
            stdout: String::from_utf8_lossy(&r.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&r.stderr).into_owned(),
            exit_code: r.code.unwrap_or(124),
        })
    }

    /// podlab's notice when it stopped simulating a still-running process (fuel used up, a
    /// `$(…)` that never returns), for the UI.
    pub fn notice(&self) -> Option<&str> {
        self.m.stuck.as_deref()
    }

    /// Shell steps used so far (fuel).
    pub fn steps(&self) -> u64 {
        self.m.steps
    }

    /// Files this instance wrote or changed outside volumes (its writable layer, lost on
    /// restart): path → contents, for the UI.
    pub fn changed_files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut c = self.m.fs.changed_files();
        for p in ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"] {
            c.remove(p);
        }
        c
    }
}
