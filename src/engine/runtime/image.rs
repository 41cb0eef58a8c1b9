//! An image as the runtime sees it once pulled: its config (entrypoint, cmd, user, env), its
//! shell dialect and userland, and the program files of its root filesystem. Data and the
//! functions that read it only: the catalogue that builds images is `images.rs`, which reads
//! the shell's program table; the shell reads this module, so neither imports the other's
//! dependents (no images <-> shell cycle).

use super::fs::Node;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Which `sh` the image has, which decides error wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// busybox ash (`sh: foo: not found`).
    Ash,
    /// Debian's dash (`sh: 1: foo: not found`).
    Dash,
    /// GNU bash (`bash: line 1: foo: command not found`).
    Bash,
}

/// Which userland the image's small tools come from (decides some messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Userland {
    /// busybox applets.
    Busybox,
    /// GNU coreutils (Debian, Oracle Linux).
    Gnu,
}

/// A catalogue image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Repository as written on Docker Hub (`busybox`, `curlimages/curl`).
    pub repo: &'static str,
    /// The tag asked for (`latest` when none).
    pub tag: String,
    /// ENTRYPOINT.
    pub entrypoint: Vec<String>,
    /// CMD.
    pub cmd: Vec<String>,
    /// Default user name (`root`, `curl_user`, …) and uid.
    pub user: (&'static str, u32),
    /// WORKDIR.
    pub workdir: &'static str,
    /// Image ENV.
    pub env: Vec<(String, String)>,
    /// `/bin/sh` dialect.
    pub sh: Option<Dialect>,
    /// Where the small tools come from.
    pub userland: Userland,
    /// Programs present, with their directory.
    pub programs: Vec<(&'static str, &'static str)>,
    /// busybox 1.28's old `nslookup` output format (later busybox and bind's nslookup differ).
    pub old_nslookup: bool,
    /// Compressed size, for pull durations.
    pub size_bytes: u64,
    /// Version string shown by servers (`nginx/1.27.3`).
    pub version: String,
}

/// Marker at the start of a program file: the rest of the first line names the program. Lets
/// `ls /bin`, `test -x` and PATH lookup work on real files while the behaviour is native.
pub const PROGRAM_MAGIC: &str = "\u{7f}ELF podlab-program ";

impl Image {
    /// `docker.io/library/busybox:1.36`.
    pub fn display(&self) -> String {
        format!("{}:{}", self.repo, self.tag)
    }

    /// Whether a program exists at an absolute path in this image.
    pub fn has_program(&self, name: &str) -> bool {
        self.programs.iter().any(|(_, p)| *p == name)
    }

    /// The image's root filesystem.
    pub fn rootfs(&self) -> BTreeMap<String, Node> {
        let mut r = BTreeMap::new();
        for d in [
            "/",
            "/bin",
            "/dev",
            "/etc",
            "/home",
            "/proc",
            "/root",
            "/sys",
            "/tmp",
            "/usr",
            "/usr/bin",
            "/usr/sbin",
            "/usr/local",
            "/usr/local/bin",
            "/usr/share",
            "/var",
            "/var/log",
            "/var/run",
            "/run",
            "/lib",
            "/opt",
            "/sbin",
            "/mnt",
            "/srv",
            "/media",
        ] {
            r.insert(d.to_string(), Node::Dir);
        }
        let file = |r: &mut BTreeMap<String, Node>, p: &str, c: &str| {
            let mut cur = String::new();
            let parts: Vec<&str> = p.split('/').filter(|x| !x.is_empty()).collect();
            for part in &parts[..parts.len().saturating_sub(1)] {
                cur.push('/');
                cur.push_str(part);
                r.entry(cur.clone()).or_insert(Node::Dir);
            }
            r.insert(p.to_string(), Node::File(c.as_bytes().to_vec()));
        };
        for dev in [
            "/dev/null",
            "/dev/zero",
            "/dev/random",
            "/dev/urandom",
            "/dev/stdout",
            "/dev/stderr",
            "/dev/tty",
        ] {
            // Device nodes as empty files: enough for `[ -e /dev/null ]` and `cat /dev/null`.
            file(&mut r, dev, "");
        }
        for (dir, name) in &self.programs {
            let p = if *dir == "/" { format!("/{name}") } else { format!("{dir}/{name}") };
            file(&mut r, &p, &format!("{PROGRAM_MAGIC}{name}\n"));
            // Debian and Oracle Linux are usrmerged: /bin and /sbin are symlinks to /usr/bin and
            // /usr/sbin, so `/bin/bash` and `/bin/sh` exist. podlab has no symlinks: the same
            // program file is in both places.
            if self.userland == Userland::Gnu {
                if let Some(merged) = match *dir {
                    "/usr/bin" => Some("/bin"),
                    "/usr/sbin" => Some("/sbin"),
                    _ => None,
                } {
                    file(&mut r, &format!("{merged}/{name}"), &format!("{PROGRAM_MAGIC}{name}\n"));
                }
            }
        }
        let (os, id) = match (self.userland, self.repo) {
            (Userland::Busybox, "busybox") => ("BusyBox", "busybox"),
            (Userland::Busybox, _) => ("Alpine Linux v3.22", "alpine"),
            (Userland::Gnu, "mysql") => ("Oracle Linux Server 9", "ol"),
            (Userland::Gnu, "ubuntu") => ("Ubuntu 24.04.3 LTS", "ubuntu"),
            _ => ("Debian GNU/Linux 12 (bookworm)", "debian"),
        };
        file(&mut r, "/etc/os-release", &format!("NAME=\"{os}\"\nID={id}\nPRETTY_NAME=\"{os}\"\n"));
        let mut passwd = String::from(
            "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
        );
        if self.user.1 != 0 {
            passwd.push_str(&format!(
                "{}:x:{}:{}::/home/{}:/bin/sh\n",
                self.user.0, self.user.1, self.user.1, self.user.0
            ));
        }
        file(&mut r, "/etc/passwd", &passwd);
        file(&mut r, "/etc/group", "root:x:0:\nnogroup:x:65534:\n");
        r.insert(self.workdir.to_string(), Node::Dir);
        match self.repo {
            "nginx" => {
                file(&mut r, "/usr/share/nginx/html/index.html", NGINX_INDEX);
                file(&mut r, "/usr/share/nginx/html/50x.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n");
                file(&mut r, "/etc/nginx/nginx.conf", "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n");
                file(&mut r, "/etc/nginx/conf.d/default.conf", "server {\n    listen       80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n");
                r.insert("/docker-entrypoint.d".into(), Node::Dir);
                r.insert("/var/log/nginx".into(), Node::Dir);
            }
            "postgres" => {
                r.insert("/var/lib/postgresql/data".into(), Node::Dir);
                r.insert("/docker-entrypoint-initdb.d".into(), Node::Dir);
            }
            "mysql" => {
                r.insert("/var/lib/mysql".into(), Node::Dir);
                r.insert("/docker-entrypoint-initdb.d".into(), Node::Dir);
            }
            _ => {}
        }
        r
    }
}

/// nginx's stock index page.
pub const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";

/// A stable fake digest for an image (64 hex digits), so `imageID` is reproducible.
pub fn digest(name: &str) -> String {
    let mut out = String::new();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0..4u8 {
        for b in name.bytes().chain(std::iter::once(round)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Written in place (no temporary string per round): pod uids and service-account
        // volume names call this on every container create.
        let _ = write!(out, "{h:016x}");
    }
    out
}
