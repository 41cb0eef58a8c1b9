//! Servers and the programs of server images: nginx, postgres, redis, mysql, `httpd`,
//! `python3 -m http.server`, the images' entrypoint scripts, their clients and `kubectl`; also
//! what a server logs when it becomes ready or is told to stop, and what it answers over HTTP.

use super::dial::{connect, resolve};
use super::{Call, Ctx, Outcome};
use crate::engine::runtime::Connect;

use crate::engine::runtime::fs::{normalize, Fs, Kind};
use crate::engine::runtime::shell::process::DaemonKind;
use crate::engine::runtime::{HttpResponse, PodVolumes};
use crate::engine::time::Millis;

/// `nginx`.
pub(super) fn nginx_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    if args.iter().any(|a| a == "-v" || a == "-V") {
        let v = c.image.version.clone();
        c.e(&format!("nginx version: {v}"));
        return Outcome::Exit(0);
    }
    if args.iter().any(|a| a == "-t") {
        c.e("nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful");
        return Outcome::Exit(0);
    }
    let t = wall(c.now);
    let v = c.image.version.clone();
    c.e(&format!("{t} [notice] 1#1: using the \"epoll\" event method\n{t} [notice] 1#1: {v}\n{t} [notice] 1#1: OS: Linux 6.8.0\n{t} [notice] 1#1: start worker processes"));
    Outcome::Daemon { kind: DaemonKind::Nginx, startup_ms: 50 }
}

/// `postgres`.
pub(super) fn postgres_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    postgres(c)
}

/// `redis-server`.
pub(super) fn redis_server_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    c.e("1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n1:M * Server initialized");
    Outcome::Daemon { kind: DaemonKind::Redis, startup_ms: 100 }
}

/// `mysqld`.
pub(super) fn mysqld_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    mysqld(c)
}

/// `pg_isready`.
pub(super) fn pg_isready_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    c.net_calls += 1;
    let host = args
        .iter()
        .position(|a| a == "-h")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "localhost".into());
    let ok = resolve(c, &host).is_some_and(|ip| connect(c, &ip, 5432) == Connect::Open);
    Outcome::Exit(if ok {
        c.o(&format!("{host}:5432 - accepting connections\n"));
        0
    } else {
        c.o(&format!("{host}:5432 - no response\n"));
        2
    })
}

/// `redis-cli` / `mysqladmin` / `psql` / `mysql`.
pub(super) fn redis_client_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let prog = call.prog;
    let args = call.args;
    let host = args
        .iter()
        .position(|a| a == "-h")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "localhost".into());
    let port = match prog {
        "redis-cli" => 6379,
        "psql" => 5432,
        _ => 3306,
    };
    c.net_calls += 1;
    let ok = resolve(c, &host).is_some_and(|ip| connect(c, &ip, port) == Connect::Open);
    match (prog, ok) {
        ("redis-cli", true) => c.o("PONG\n"),
        ("mysqladmin", true) => c.o("mysqld is alive\n"),
        (_, true) => {}
        ("redis-cli", false) => c.e(&format!("Could not connect to Redis at {host}:6379: Connection refused")),
        _ => c.e(&format!("{prog}: error: could not connect to server at \"{host}\", port {port}: Connection refused")),
    }
    Outcome::Exit(i32::from(!ok))
}

/// `python` / `python3`.
pub(super) fn python_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    python(c, call.args)
}

/// `pip`.
pub(super) fn pip_main(c: &mut Ctx<'_>, _call: &Call<'_>) -> Outcome {
    c.e("podlab: pip cannot reach a package index from this simulated node");
    Outcome::Exit(1)
}

/// `httpd`.
pub(super) fn httpd_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let port = args
        .iter()
        .position(|a| a == "-p")
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.rsplit(':').next()?.parse().ok())
        .unwrap_or(80);
    let dir = args
        .iter()
        .position(|a| a == "-h")
        .and_then(|i| args.get(i + 1))
        .map(|d| c.path(d))
        .unwrap_or_else(|| "/var/www".into());
    if !args.iter().any(|a| a.contains('f')) {
        // Without -f busybox httpd daemonises and the foreground process exits.
        return Outcome::Exit(0);
    }
    Outcome::Daemon { kind: DaemonKind::Http { port, dir }, startup_ms: 10 }
}

/// `kubectl`.
pub(super) fn kubectl_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    Outcome::Exit(kubectl(c, call.args))
}

/// `docker-entrypoint.sh` / `entrypoint.sh`.
pub(super) fn entrypoint_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let argv = call.argv;
    entrypoint(c, argv)
}

pub(super) fn kubectl(c: &mut Ctx<'_>, args: &[String]) -> i32 {
    let ns =
        c.fs.read(c.vols, "/var/run/secrets/kubernetes.io/serviceaccount/namespace")
            .map(|d| String::from_utf8_lossy(&d).trim().to_string())
            .unwrap_or_else(|_| "default".into());
    match args.first().map(String::as_str) {
        None | Some("help") | Some("--help") => {
            c.o("kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n");
            0
        }
        Some("version") => {
            c.o("Client Version: v1.34.1\nKustomize Version: v5.7.1\n");
            0
        }
        Some(verb) => {
            // The pod's default ServiceAccount has no RBAC permissions: every API call is denied.
            let resource = args
                .get(1)
                .map(|r| r.trim_end_matches('s').to_string() + "s")
                .unwrap_or_else(|| "pods".into());
            let v = match verb {
                "get" | "wait" => "list",
                "describe" => "get",
                "apply" | "create" => "create",
                "delete" => "delete",
                other => other,
            };
            c.e(&format!("Error from server (Forbidden): {resource} is forbidden: User \"system:serviceaccount:{ns}:default\" cannot {v} resource \"{resource}\" in API group \"\" in the namespace \"{ns}\""));
            1
        }
    }
}

pub(super) fn entrypoint(c: &mut Ctx<'_>, argv: &[String]) -> Outcome {
    let args = argv[1..].to_vec();
    match c.image.repo {
        "nginx" if args.first().is_some_and(|a| a == "nginx" || a == "nginx-debug") => {
            c.o("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/\n/docker-entrypoint.sh: Configuration complete; ready for start up\n");
        }
        "curlimages/curl" if args.first().is_some_and(|a| a.starts_with('-')) => {
            let mut v = vec!["curl".to_string()];
            v.extend(args);
            return Outcome::Exec(v);
        }
        _ => {}
    }
    if args.is_empty() {
        return Outcome::Exit(0);
    }
    // docker-entrypoint.sh ends with `exec "$@"`.
    Outcome::Exec(args)
}

pub(super) fn postgres(c: &mut Ctx<'_>) -> Outcome {
    let has_pw = c.env.get("POSTGRES_PASSWORD").is_some_and(|p| !p.is_empty())
        || c.env.get("POSTGRES_HOST_AUTH_METHOD").is_some_and(|m| m == "trust");
    if !has_pw {
        c.e("Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n\n       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all\n       connections without a password. This is *not* recommended.\n\n       See PostgreSQL documentation about \"trust\":\n       https://www.postgresql.org/docs/current/auth-trust.html");
        return Outcome::Exit(1);
    }
    c.o("The files belonging to this database system will be owned by user \"postgres\".\n...\nPostgreSQL init process complete; ready for start up.\n\n");
    // initdb plus the temporary server the entrypoint starts and stops: a few seconds.
    Outcome::Daemon { kind: DaemonKind::Postgres, startup_ms: 4_000 }
}

pub(super) fn mysqld(c: &mut Ctx<'_>) -> Outcome {
    let ok = ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"]
        .iter()
        .any(|k| c.env.contains_key(*k));
    if !ok {
        c.e("2026-01-01 00:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD");
        return Outcome::Exit(1);
    }
    Outcome::Daemon { kind: DaemonKind::Mysql, startup_ms: 12_000 }
}

pub(super) fn python(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    match args.first().map(String::as_str) {
        // No script and no terminal: the REPL reads EOF and exits 0.
        None => Outcome::Exit(0),
        Some("-m") if args.get(1).is_some_and(|m| m == "http.server") => {
            let port = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(8000);
            let dir = args
                .iter()
                .position(|a| a == "-d" || a == "--directory")
                .and_then(|i| args.get(i + 1))
                .map(|d| c.path(d))
                .unwrap_or_else(|| c.cwd.clone());
            Outcome::Daemon { kind: DaemonKind::Http { port, dir }, startup_ms: 300 }
        }
        Some("--version") | Some("-V") => {
            let v = c.image.version.clone();
            c.o(&format!("Python {v}.0\n"));
            Outcome::Exit(0)
        }
        Some("-c") => {
            // Only `print("…")` statements separated by `;` or newlines are understood.
            let code = args.get(1).cloned().unwrap_or_default();
            for stmt in code.split([';', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
                let lit = stmt
                    .strip_prefix("print(")
                    .and_then(|r| r.strip_suffix(')'))
                    .map(|r| r.trim().trim_matches(|ch| ch == '"' || ch == '\''));
                match lit {
                    Some(l) => c.o(&format!("{l}\n")),
                    None if stmt.starts_with("import ") => {}
                    None => {
                        c.e(&format!("podlab: python is simulated only for print(\"…\") and -m http.server; cannot run: {stmt}"));
                        return Outcome::Exit(1);
                    }
                }
            }
            Outcome::Exit(0)
        }
        Some(f) => {
            let p = c.path(f);
            if c.fs.stat(c.vols, &p).is_none() {
                c.e(&format!(
                    "python3: can't open file '{p}': [Errno 2] No such file or directory"
                ));
                return Outcome::Exit(2);
            }
            c.e("podlab: python scripts are not simulated (only python -c 'print(...)' and -m http.server)");
            Outcome::Exit(1)
        }
    }
}

/// Wall-clock rendering of a virtual instant in nginx's log format (`2026/01/01 00:00:05`).
pub fn wall(t: Millis) -> String {
    let r = crate::engine::time::rfc3339(t);
    format!("{} {}", r[..10].replace('-', "/"), &r[11..19])
}

fn wall_pg(t: Millis) -> String {
    let r = crate::engine::time::rfc3339(t);
    format!("{} {}.{:03}", &r[..10], &r[11..19], t.0 % 1000)
}

/// What a server logs when it starts accepting connections.
pub fn ready_lines(kind: &DaemonKind, now: Millis) -> Vec<String> {
    match kind {
        DaemonKind::Postgres => vec![
            format!("{} UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432", wall_pg(now)),
            format!("{} UTC [1] LOG:  database system is ready to accept connections", wall_pg(now)),
        ],
        DaemonKind::Redis => vec!["1:M * Ready to accept connections tcp".into()],
        DaemonKind::Mysql => vec![format!("{}Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. port: 3306", crate::engine::time::rfc3339(now).trim_end_matches('Z'))],
        _ => Vec::new(),
    }
}

/// What a server logs when it gets SIGTERM, how long it takes to exit and with which code.
pub fn stop_lines(kind: &DaemonKind, now: Millis) -> (Vec<String>, u64, i32) {
    let mut lines: Vec<String> = Vec::new();
    let (ms, code) = match kind {
        DaemonKind::Nginx => {
            lines
                .push(format!("{} [notice] 1#1: signal 15 (SIGTERM) received, exiting", wall(now)));
            lines.push(format!("{} [notice] 1#1: exit", wall(now + Millis(100))));
            (100, 0)
        }
        DaemonKind::Postgres => {
            lines.push(format!("{} UTC [1] LOG:  received smart shutdown request", wall_pg(now)));
            lines.push(format!(
                "{} UTC [1] LOG:  database system is shut down",
                wall_pg(now + Millis(300))
            ));
            (300, 0)
        }
        DaemonKind::Redis => {
            lines.push("1:signal-handler Received SIGTERM scheduling shutdown...".into());
            lines.push("1:M Redis is now ready to exit, bye bye...".into());
            (100, 0)
        }
        DaemonKind::Mysql => (1500, 0),
        // python's http.server and busybox httpd/nc die of the signal's default action.
        _ => (0, 143),
    };
    (lines, ms, code)
}

/// What a server of `kind` answers to `GET path`, reading files from the container's view.
pub fn http_serve(
    fs: &Fs,
    vols: &PodVolumes,
    kind: &DaemonKind,
    version: &str,
    path: &str,
) -> Option<HttpResponse> {
    let root = match kind {
        DaemonKind::Nginx => "/usr/share/nginx/html".to_string(),
        DaemonKind::Http { dir, .. } => dir.clone(),
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut p = normalize(&root, &format!(".{path}"));
    if !p.starts_with(&root) {
        p = root.clone();
    }
    if fs.stat(vols, &p) == Some(Kind::Dir) {
        p = format!("{}/index.html", p.trim_end_matches('/'));
    }
    match fs.read_contents(vols, &p) {
        Ok(body) => Some(HttpResponse { status: 200, body }),
        Err(_) if matches!(kind, DaemonKind::Nginx) => {
            let code = if path.ends_with('/') { 403 } else { 404 };
            Some(HttpResponse { status: code, body: nginx_error(code, version).into_bytes() })
        }
        Err(_) => Some(HttpResponse { status: 404, body: b"<h1>404 Not Found</h1>\n".to_vec() }),
    }
}

fn nginx_error(code: u16, version: &str) -> String {
    let title = if code == 403 { "403 Forbidden" } else { "404 Not Found" };
    format!("<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>{version}</center>\r\n</body>\r\n</html>\r\n")
}
