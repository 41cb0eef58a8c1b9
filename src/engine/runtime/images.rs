//! The image catalogue: what `docker.io` would serve to this simulated node.
//!
//! Each image has its entrypoint/cmd, default user and working directory, the programs on its
//! `PATH` (as files in its root filesystem, so `ls /bin` and `command -v` see them), the shell
//! dialect its `/bin/sh` speaks (busybox ash on busybox/alpine-based images, dash on Debian-based
//! ones) and whether `bash` exists (alpine and busybox: no — the classic `/bin/bash` StartError).
//! Tags are matched loosely (a listed tag, or a listed tag followed by `.patch` or `-variant`)
//! because exact tag lists change weekly upstream; an `-alpine` variant switches to the alpine
//! userland.

pub use super::image::{digest, Dialect, Image, Userland, NGINX_INDEX, PROGRAM_MAGIC};
use super::shell::applets::{Installed, PROGRAMS};

struct Entry {
    repo: &'static str,
    aliases: &'static [&'static str],
    tags: &'static [&'static str],
    latest: &'static str,
}

const CATALOGUE: &[Entry] = &[
    Entry {
        repo: "busybox",
        aliases: &["registry.k8s.io/busybox", "gcr.io/google-containers/busybox"],
        tags: &[
            "1.28", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37", "stable", "musl",
            "glibc", "uclibc",
        ],
        latest: "1.37",
    },
    Entry {
        repo: "alpine",
        aliases: &[],
        tags: &["3.18", "3.19", "3.20", "3.21", "3.22", "3", "edge"],
        latest: "3.22",
    },
    Entry {
        repo: "nginx",
        aliases: &[],
        tags: &["1.25", "1.26", "1.27", "1.28", "1.29", "stable", "mainline", "alpine", "perl"],
        latest: "1.29",
    },
    Entry {
        repo: "postgres",
        aliases: &[],
        tags: &["13", "14", "15", "16", "17", "18", "alpine"],
        latest: "18",
    },
    Entry { repo: "redis", aliases: &[], tags: &["6", "7", "8", "alpine"], latest: "8" },
    Entry {
        repo: "mysql",
        aliases: &[],
        tags: &["5.7", "8", "8.0", "8.4", "9", "lts"],
        latest: "9",
    },
    Entry {
        repo: "python",
        aliases: &[],
        tags: &["3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3", "slim", "alpine"],
        latest: "3.14",
    },
    Entry { repo: "curlimages/curl", aliases: &[], tags: &["8"], latest: "8.17.0" },
    Entry {
        repo: "bitnami/kubectl",
        aliases: &[],
        tags: &["1.29", "1.30", "1.31", "1.32", "1.33", "1.34"],
        latest: "1.34",
    },
    Entry {
        repo: "debian",
        aliases: &[],
        tags: &["bookworm", "bullseye", "trixie", "11", "12", "13", "stable", "slim"],
        latest: "12",
    },
    Entry {
        repo: "ubuntu",
        aliases: &[],
        tags: &["22.04", "24.04", "25.04", "jammy", "noble", "rolling"],
        latest: "24.04",
    },
];

/// A parsed image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Registry host (`docker.io`).
    pub registry: String,
    /// Repository path (`library/busybox`).
    pub path: String,
    /// Tag (`latest` when none given).
    pub tag: String,
    /// Whether a tag was written.
    pub tagged: bool,
    /// `@sha256:…` if given.
    pub digest: Option<String>,
}

impl Reference {
    /// The fully qualified name containerd uses (`docker.io/library/busybox:1.36`).
    pub fn full(&self) -> String {
        match &self.digest {
            Some(d) => format!("{}/{}@{d}", self.registry, self.path),
            None => format!("{}/{}:{}", self.registry, self.path, self.tag),
        }
    }
}

/// Parses an image reference as the kubelet's `applyDefaultImageTag` does; `Err` is the
/// `InvalidImageName` message.
pub fn parse_reference(image: &str) -> Result<Reference, String> {
    let bad = |why: &str| {
        format!("Failed to apply default image tag {image:?}: couldn't parse image name {image:?}: invalid reference format{why}")
    };
    if image.is_empty()
        || image.len() > 255
        || image.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad(""));
    }
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => {
            let ok = d.strip_prefix("sha256:").is_some_and(|h| {
                h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            });
            if !ok {
                return Err(bad(""));
            }
            (n, Some(d.to_string()))
        }
        None => (image, None),
    };
    let (name, tag) = match name.rfind(':') {
        Some(i) if !name[i + 1..].contains('/') => (&name[..i], Some(&name[i + 1..])),
        _ => (name, None),
    };
    if let Some(t) = tag {
        let ok = !t.is_empty()
            && t.len() <= 128
            && t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if !ok {
            return Err(bad(""));
        }
    }
    let mut comps: Vec<&str> = name.split('/').collect();
    let registry = if comps.len() > 1
        && (comps[0].contains('.') || comps[0].contains(':') || comps[0] == "localhost")
    {
        comps.remove(0).to_string()
    } else {
        "docker.io".to_string()
    };
    if comps.len() == 1 && registry == "docker.io" {
        comps.insert(0, "library");
    }
    let path = comps.join("/");
    if name.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(bad(&format!(": repository name ({path}) must be lowercase")));
    }
    let comp_ok = |c: &str| {
        !c.is_empty()
            && c.starts_with(|x: char| x.is_ascii_alphanumeric())
            && c.ends_with(|x: char| x.is_ascii_alphanumeric())
            && c.chars().all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || "._-".contains(x))
    };
    if !comps.iter().all(|c| comp_ok(c)) {
        return Err(bad(""));
    }
    Ok(Reference {
        registry,
        path,
        tag: tag.unwrap_or("latest").to_string(),
        tagged: tag.is_some(),
        digest,
    })
}

fn entry_for(r: &Reference) -> Option<&'static Entry> {
    let short = r.path.strip_prefix("library/").unwrap_or(&r.path);
    let qualified = format!("{}/{}", r.registry, r.path);
    CATALOGUE.iter().find(|e| {
        (r.registry == "docker.io" && (short == e.repo))
            || e.aliases.iter().any(|a| *a == qualified || *a == format!("{}/{short}", r.registry))
    })
}

fn tag_known(e: &Entry, tag: &str) -> bool {
    if tag == "latest" || tag == e.latest {
        return true;
    }
    e.tags.iter().any(|t| {
        tag == *t
            || tag
                .strip_prefix(t)
                .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('-'))
            || (tag.ends_with("alpine") && *t == "alpine")
    })
}

/// Looks an image up: `Ok` when the catalogue has it, `Err(exists)` where `exists` says whether
/// the repository exists but not the tag.
pub fn lookup(r: &Reference) -> Result<Image, bool> {
    let e = entry_for(r).ok_or(false)?;
    if r.digest.is_none() && !tag_known(e, &r.tag) {
        return Err(true);
    }
    Ok(build(e, &r.tag))
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn build(e: &Entry, tag: &str) -> Image {
    let version = if tag == "latest" || tag.chars().all(|c| !c.is_ascii_digit()) {
        e.latest.to_string()
    } else {
        tag.split('-').next().unwrap_or(tag).to_string()
    };
    let alpine = tag.contains("alpine")
        || e.repo == "alpine"
        || e.repo == "busybox"
        || e.repo == "curlimages/curl";
    let path_env = (
        "PATH".to_string(),
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
    );
    let mut img = Image {
        repo: e.repo,
        tag: tag.to_string(),
        entrypoint: Vec::new(),
        cmd: s(&["sh"]),
        user: ("root", 0),
        workdir: "/",
        env: vec![path_env],
        sh: Some(if alpine { Dialect::Ash } else { Dialect::Dash }),
        userland: if alpine { Userland::Busybox } else { Userland::Gnu },
        programs: Vec::new(),
        old_nslookup: e.repo == "busybox" && version.starts_with("1.2"),
        size_bytes: 2_200_000,
        version: version.clone(),
    };
    // The base userland: busybox's applets or Debian's GNU tools, as the program table says.
    let base = PROGRAMS.iter().filter(|p| match p.installed {
        Installed::Both => true,
        Installed::Busybox => alpine,
        Installed::Gnu => !alpine,
        Installed::Image => false,
    });
    for p in base.map(|p| p.name) {
        // busybox installs applets in /bin; Debian installs them in /usr/bin, and usrmerge makes
        // /bin a symlink to it (`rootfs` puts the program in both places).
        img.programs.push((if alpine { "/bin" } else { "/usr/bin" }, p));
    }
    if alpine && e.repo != "busybox" {
        img.programs.retain(|(_, p)| *p != "httpd");
    }
    let mut add = |dir: &'static str, names: &[&'static str]| {
        for n in names {
            img.programs.push((dir, n));
        }
    };
    match e.repo {
        "busybox" => {}
        "alpine" => {
            img.cmd = s(&["/bin/sh"]);
            img.size_bytes = 3_600_000;
        }
        "nginx" => {
            img.entrypoint = s(&["/docker-entrypoint.sh"]);
            img.cmd = s(&["nginx", "-g", "daemon off;"]);
            img.workdir = "/";
            img.size_bytes = if alpine { 21_000_000 } else { 72_000_000 };
            img.env.push(("NGINX_VERSION".into(), format!("{version}.0")));
            add("/usr/sbin", &["nginx"]);
            add("/", &["docker-entrypoint.sh"]);
            if !alpine {
                add("/usr/bin", &["curl"]);
            }
            img.version = format!("nginx/{version}.0");
        }
        "postgres" => {
            img.entrypoint = s(&["docker-entrypoint.sh"]);
            img.cmd = s(&["postgres"]);
            img.size_bytes = if alpine { 105_000_000 } else { 158_000_000 };
            img.env.push(("PGDATA".into(), "/var/lib/postgresql/data".into()));
            img.env
                .push(("PG_MAJOR".into(), version.split('.').next().unwrap_or("17").to_string()));
            add("/usr/local/bin", &["docker-entrypoint.sh"]);
            add("/usr/lib/postgresql/bin", &["postgres", "pg_isready", "psql"]);
            img.programs.push(("/usr/bin", "pg_isready"));
            img.programs.push(("/usr/bin", "psql"));
            img.programs.push(("/usr/bin", "postgres"));
        }
        "redis" => {
            img.entrypoint = s(&["docker-entrypoint.sh"]);
            img.cmd = s(&["redis-server"]);
            img.size_bytes = if alpine { 17_000_000 } else { 45_000_000 };
            img.workdir = "/data";
            add("/usr/local/bin", &["docker-entrypoint.sh", "redis-server", "redis-cli"]);
        }
        "mysql" => {
            img.entrypoint = s(&["docker-entrypoint.sh"]);
            img.cmd = s(&["mysqld"]);
            img.size_bytes = 170_000_000;
            add("/usr/local/bin", &["docker-entrypoint.sh"]);
            add("/usr/sbin", &["mysqld"]);
            add("/usr/bin", &["mysqladmin", "mysql"]);
        }
        "python" => {
            img.cmd = s(&["python3"]);
            img.size_bytes = if alpine {
                18_000_000
            } else if tag.contains("slim") {
                43_000_000
            } else {
                390_000_000
            };
            add("/usr/local/bin", &["python", "python3", "pip"]);
            if !alpine && !tag.contains("slim") {
                add("/usr/bin", &["curl", "wget"]);
            }
        }
        "curlimages/curl" => {
            img.entrypoint = s(&["/entrypoint.sh"]);
            img.cmd = s(&["curl"]);
            img.user = ("curl_user", 100);
            img.workdir = "/home/curl_user";
            img.size_bytes = 9_000_000;
            add("/usr/bin", &["curl"]);
            add("/", &["entrypoint.sh"]);
        }
        "bitnami/kubectl" => {
            img.entrypoint = s(&["kubectl"]);
            img.cmd = Vec::new();
            img.user = ("1001", 1001);
            img.size_bytes = 78_000_000;
            add("/opt/bitnami/kubectl/bin", &["kubectl"]);
            img.env[0].1 = format!("/opt/bitnami/kubectl/bin:{}", img.env[0].1);
        }
        // Docker Hub's sizes (compressed, amd64) for bookworm and noble.
        "debian" => {
            img.cmd = s(&["bash"]);
            img.size_bytes = if tag.contains("slim") { 28_000_000 } else { 49_000_000 };
        }
        "ubuntu" => {
            img.cmd = s(&["/bin/bash"]);
            img.size_bytes = 29_000_000;
        }
        _ => {}
    }
    img
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::runtime::shell::applets::lookup as program;

    #[test]
    fn every_program_an_image_ships_has_a_row_in_the_program_table() {
        for e in CATALOGUE {
            for tag in ["latest", "alpine", "slim"] {
                let Ok(img) = lookup(&parse_reference(&format!("{}:{tag}", e.repo)).unwrap())
                else {
                    continue;
                };
                for (dir, prog) in &img.programs {
                    assert!(
                        program(prog).is_some(),
                        "{}:{tag} ships {dir}/{prog} with no row",
                        e.repo
                    );
                }
            }
        }
    }
}
