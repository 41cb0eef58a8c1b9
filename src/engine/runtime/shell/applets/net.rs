//! Network clients: `nslookup`, `ping`, `nc`, `wget`, `curl`, `getent`, resolving through the
//! cluster's DNS (and a small fixed internet) and connecting through the cluster view.

use super::dial::{connect, dns_query, internet, is_ip, resolve};
use super::{Call, Ctx, Outcome};
use crate::engine::runtime::shell::process::DaemonKind;
use crate::engine::runtime::Connect;

/// `getent`.
pub(super) fn getent_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    let args = call.args;
    let host = args.get(1).cloned().unwrap_or_default();
    c.net_calls += 1;
    Outcome::Exit(match resolve(c, &host) {
        Some(ip) => {
            c.o(&format!("{ip:<15} {host}\n"));
            0
        }
        None => 2,
    })
}

/// `nslookup`.
pub(super) fn nslookup_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    nslookup(c, call.args)
}

/// `ping`.
pub(super) fn ping_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    ping(c, call.args)
}

/// `nc`.
pub(super) fn nc_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    nc(c, call.args)
}

/// `wget`.
pub(super) fn wget_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    wget(c, call.args)
}

/// `curl`.
pub(super) fn curl_main(c: &mut Ctx<'_>, call: &Call<'_>) -> Outcome {
    curl(c, call.args)
}

pub(super) fn nslookup(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')).cloned() else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]");
        return Outcome::Exit(1);
    };
    let ns = "10.96.0.10";
    if c.image.old_nslookup {
        // busybox ≤ 1.28 resolves through the C library, which applies resolv.conf's search
        // list (ndots:5): the same view as every other program.
        c.o(&format!(
            "Server:    {ns}\nAddress 1: {ns} kube-dns.kube-system.svc.cluster.local\n\n"
        ));
        let ip = resolve(c, &name);
        return match ip {
            Some(ip) => {
                let ptr =
                    if ip == "127.0.0.1" { "localhost".to_string() } else { ptr_name(c, &name) };
                c.o(&format!("Name:      {name}\nAddress 1: {ip} {ptr}\n"));
                Outcome::Exit(0)
            }
            None => {
                c.e(&format!("nslookup: can't resolve '{name}'"));
                // A round trip to CoreDNS per search domain.
                Outcome::Sleep { ms: 10, code: 1 }
            }
        };
    }
    // busybox ≥ 1.29 sends its own A and AAAA queries. It applies the search list only to
    // names without a dot, and fails (exit 1) if *any* query gets NXDOMAIN — so in a pod
    // `nslookup mydb` exits 1 even when the Service exists (mydb.svc.cluster.local and
    // mydb.cluster.local do not), the reason the Kubernetes docs pin busybox:1.28.
    let names: Vec<String> = if name.contains('.') || is_ip(&name) {
        vec![name.clone()]
    } else {
        let search =
            c.fs.read(c.vols, "/etc/resolv.conf")
                .map(|d| String::from_utf8_lossy(&d).into_owned())
                .unwrap_or_default();
        let domains: Vec<String> = search
            .lines()
            .find_map(|l| l.strip_prefix("search "))
            .map(|d| d.split_whitespace().map(String::from).collect())
            .unwrap_or_default();
        if domains.is_empty() {
            vec![name.clone()]
        } else {
            domains.iter().map(|d| format!("{name}.{d}")).collect()
        }
    };
    c.o(&format!("Server:\t\t{ns}\nAddress:\t{ns}:53\n\n"));
    let mut failed = false;
    let answers: Vec<Option<(String, bool)>> = names.iter().map(|n| dns_query(c, n)).collect();
    for (n, a) in names.iter().zip(&answers) {
        match a {
            Some((ip, authoritative)) => {
                if !authoritative {
                    c.o("Non-authoritative answer:\n");
                }
                c.o(&format!("Name:\t{n}\nAddress: {ip}\n\n"));
            }
            None => {
                c.o(&format!("** server can't find {n}: NXDOMAIN\n\n"));
                failed = true;
            }
        }
    }
    // AAAA: Services have no IPv6 address (NODATA prints an empty answer), missing names NXDOMAIN.
    for (n, a) in names.iter().zip(&answers) {
        match a {
            Some((_, authoritative)) => {
                c.o(if *authoritative { "\n" } else { "Non-authoritative answer:\n\n" })
            }
            None => c.o(&format!("** server can't find {n}: NXDOMAIN\n\n")),
        }
    }
    Outcome::Sleep { ms: 10, code: i32::from(failed) }
}

/// The PTR name CoreDNS gives a Service IP (`svc.ns.svc.cluster.local`).
pub(super) fn ptr_name(c: &mut Ctx<'_>, typed: &str) -> String {
    let ns =
        c.fs.read(c.vols, "/var/run/secrets/kubernetes.io/serviceaccount/namespace")
            .map(|d| String::from_utf8_lossy(&d).trim().to_string())
            .unwrap_or_else(|_| "default".into());
    if internet(typed).is_some() || typed.ends_with(".cluster.local") {
        return typed.to_string();
    }
    let parts: Vec<&str> = typed.split('.').collect();
    match parts.as_slice() {
        [svc] => format!("{svc}.{ns}.svc.cluster.local"),
        [svc, n] => format!("{svc}.{n}.svc.cluster.local"),
        [svc, n, "svc"] => format!("{svc}.{n}.svc.cluster.local"),
        _ => typed.to_string(),
    }
}

/// busybox `ping`: a Service's ClusterIP is virtual (kube-proxy forwards only TCP/UDP ports), so
/// it never answers ICMP — the classic "ping my Service fails" surprise. Pod IPs, localhost
/// and internet hosts answer.
pub(super) fn ping(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut count: u64 = u64::MAX;
    let mut deadline: Option<u64> = None;
    let mut host = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-c" => {
                count = args.get(i + 1).and_then(|x| x.parse().ok()).unwrap_or(1);
                i += 1;
            }
            "-w" | "-W" => {
                deadline = args.get(i + 1).and_then(|x| x.parse().ok());
                i += 1;
            }
            a if a.starts_with("-c") => count = a[2..].parse().unwrap_or(1),
            a if a.starts_with('-') => {}
            a => host = Some(a.to_string()),
        }
        i += 1;
    }
    let Some(host) = host else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST");
        return Outcome::Exit(1);
    };
    let Some(ip) = resolve(c, &host) else {
        c.e(&format!("ping: bad address '{host}'"));
        return Outcome::Exit(1);
    };
    let via_service =
        !is_ip(&host) && host != "localhost" && internet(&host).is_none() && host != c.hostname;
    // At most 10 packets are simulated (and at least one, `-c 0` included).
    let n = count.clamp(1, 10);
    c.o(&format!("PING {host} ({ip}): 56 data bytes\n"));
    if via_service {
        // No replies: waits 1 s per packet, then 10 s for a last reply (busybox -W default).
        let wait = deadline.map(|d| d * 1000).unwrap_or(if count == u64::MAX {
            u64::MAX
        } else {
            (n - 1) * 1000 + 10_000
        });
        c.o(&format!("\n--- {host} ping statistics ---\n{n} packets transmitted, 0 packets received, 100% packet loss\n"));
        return Outcome::Sleep { ms: wait, code: 1 };
    }
    if count == u64::MAX {
        c.o(&format!("64 bytes from {ip}: seq=0 ttl=64 time=0.080 ms\n"));
        return Outcome::Sleep { ms: u64::MAX, code: 0 };
    }
    for seq in 0..n {
        c.o(&format!("64 bytes from {ip}: seq={seq} ttl=64 time=0.080 ms\n"));
    }
    c.o(&format!("\n--- {host} ping statistics ---\n{n} packets transmitted, {n} packets received, 0% packet loss\nround-trip min/avg/max = 0.080/0.080/0.080 ms\n"));
    Outcome::Sleep { ms: (n - 1) * 1000, code: 0 }
}

pub(super) fn nc(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut zero = false;
    let mut verbose = false;
    let mut listen = false;
    let mut wait: Option<u64> = None;
    let mut port_flag: Option<u16> = None;
    let mut ops = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-w" {
            wait = args.get(i + 1).and_then(|x| x.parse().ok());
            i += 1;
        } else if a == "-p" {
            port_flag = args.get(i + 1).and_then(|x| x.parse().ok());
            i += 1;
        } else if let Some(f) = a.strip_prefix('-') {
            if let Some(w) = f.strip_prefix('w') {
                wait = w.parse().ok();
            } else {
                zero |= f.contains('z');
                verbose |= f.contains('v');
                listen |= f.contains('l');
            }
        } else {
            ops.push(a.clone());
        }
        i += 1;
    }
    if listen {
        let port = port_flag.or_else(|| ops.first().and_then(|p| p.parse().ok())).unwrap_or(0);
        return Outcome::Daemon { kind: DaemonKind::Listen { port }, startup_ms: 1 };
    }
    let (Some(host), Some(port)) =
        (ops.first().cloned(), ops.get(1).and_then(|p| p.parse::<u16>().ok()))
    else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\nnc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen");
        return Outcome::Exit(1);
    };
    let Some(ip) = resolve(c, &host) else {
        c.e(&format!("nc: bad address '{host}'"));
        return Outcome::Exit(1);
    };
    match connect(c, &ip, port) {
        Connect::Open => {
            if verbose {
                c.e(&format!("{host} ({ip}:{port}) open"));
            }
            // Without -z, nc would wait for stdin/the peer; podlab closes at once.
            let _ = zero;
            Outcome::Exit(0)
        }
        Connect::Refused => {
            if verbose {
                c.e(&format!("nc: {host} ({ip}:{port}): Connection refused"));
            }
            Outcome::Exit(1)
        }
        Connect::Timeout => {
            // No -w: the kernel gives up after its SYN retries (~127 s on Linux).
            let ms = wait.map(|w| w * 1000).unwrap_or(127_000);
            if verbose {
                c.e(&format!("nc: {host} ({ip}:{port}): Connection timed out"));
            }
            Outcome::Sleep { ms, code: 1 }
        }
    }
}

pub(super) fn parse_url(u: &str) -> Option<(String, u16, String)> {
    let rest = u.strip_prefix("http://").or_else(|| u.strip_prefix("https://")).unwrap_or(u);
    let https = u.starts_with("https://");
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().ok()?),
        None => (hostport.to_string(), if https { 443 } else { 80 }),
    };
    if host.is_empty() {
        return None;
    }
    Some((host, port, path))
}

pub(super) enum Fetch {
    Ok(Vec<u8>, String),
    Status(u16, String),
    BadAddress,
    Refused(String),
    Timeout,
}

pub(super) fn fetch(c: &mut Ctx<'_>, url: &str) -> Fetch {
    let Some((host, port, path)) = parse_url(url) else { return Fetch::BadAddress };
    let Some(ip) = resolve(c, &host) else { return Fetch::BadAddress };
    if let Some((_, _, page)) = internet(&ip) {
        return if path == "/" {
            Fetch::Ok(page.as_bytes().to_vec(), ip)
        } else {
            Fetch::Status(404, ip)
        };
    }
    c.net_calls += 1;
    if ip == "127.0.0.1" {
        if let Some(k) = c.own_servers.iter().find(|k| k.port() == port).cloned() {
            return match super::servers::http_serve(c.fs, c.vols, &k, &c.image.version, &path) {
                Some(r) if (200..300).contains(&r.status) => Fetch::Ok(r.body, ip),
                Some(r) => Fetch::Status(r.status, ip),
                None => Fetch::Refused(ip),
            };
        }
    }
    match c.net.http_get(c.pod, &ip, port, &path) {
        Ok(r) if (200..300).contains(&r.status) => Fetch::Ok(r.body, ip),
        Ok(r) => Fetch::Status(r.status, ip),
        Err(Connect::Timeout) => Fetch::Timeout,
        Err(_) => Fetch::Refused(ip),
    }
}

pub(super) fn reason(code: u16) -> &'static str {
    match code {
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

pub(super) fn wget(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut quiet = false;
    let mut spider = false;
    let mut out: Option<String> = None;
    let mut timeout: Option<u64> = None;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "-q" => quiet = true,
            "--spider" => spider = true,
            "-O" => {
                out = args.get(i + 1).cloned();
                i += 1;
            }
            "-T" => {
                timeout = args.get(i + 1).and_then(|x| x.parse().ok());
                i += 1;
            }
            "-qO-" | "-qO" => {
                quiet = true;
                out = if a == "-qO-" { Some("-".into()) } else { args.get(i + 1).cloned() };
                if a == "-qO" {
                    i += 1;
                }
            }
            x if x.starts_with("-O") => out = Some(x[2..].to_string()),
            x if x.starts_with("--timeout=") => timeout = x[10..].parse().ok(),
            x if x.starts_with('-') => {}
            x => url = Some(x.to_string()),
        }
        i += 1;
    }
    let Some(url) = url else {
        c.e("BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...");
        return Outcome::Exit(1);
    };
    let host = parse_url(&url).map(|x| x.0).unwrap_or_default();
    let port = parse_url(&url).map(|x| x.1).unwrap_or(80);
    match fetch(c, &url) {
        Fetch::BadAddress => {
            c.e(&format!("wget: bad address '{host}'"));
            Outcome::Exit(1)
        }
        Fetch::Refused(ip) => {
            if !quiet {
                c.e(&format!("Connecting to {host} ({ip}:{port})"));
            }
            c.e(&format!("wget: can't connect to remote host ({ip}): Connection refused"));
            Outcome::Exit(1)
        }
        Fetch::Timeout => {
            c.e("wget: download timed out");
            Outcome::Sleep { ms: timeout.unwrap_or(900) * 1000, code: 1 }
        }
        Fetch::Status(code, ip) => {
            if !quiet {
                c.e(&format!("Connecting to {host} ({ip}:{port})"));
            }
            c.e(&format!("wget: server returned error: HTTP/1.1 {code} {}", reason(code)));
            Outcome::Exit(1)
        }
        Fetch::Ok(body, ip) => {
            if !quiet {
                c.e(&format!("Connecting to {host} ({ip}:{port})"));
            }
            if spider {
                if !quiet {
                    c.e("remote file exists");
                }
                return Outcome::Exit(0);
            }
            let file = out.unwrap_or_else(|| {
                let p = parse_url(&url).map(|x| x.2).unwrap_or_default();
                let base = p.rsplit('/').next().unwrap_or("").to_string();
                if base.is_empty() {
                    "index.html".into()
                } else {
                    base
                }
            });
            if file == "-" {
                if !quiet {
                    c.e("writing to stdout");
                }
                c.out.extend(body);
            } else {
                if !quiet {
                    c.e(&format!("saving to '{file}'"));
                }
                if let Err(e) = c.write_file(&file, &body, false) {
                    c.e(&format!("wget: can't open '{file}': {}", e.text()));
                    return Outcome::Exit(1);
                }
                if !quiet {
                    let base = file.rsplit('/').next().unwrap_or(&file).to_string();
                    c.e(&format!(
                        "{base:<20} 100% |********************************| {:>5}  0:00:00 ETA",
                        body.len()
                    ));
                    c.e(&format!("'{file}' saved"));
                }
            }
            Outcome::Exit(0)
        }
    }
}

pub(super) fn curl(c: &mut Ctx<'_>, args: &[String]) -> Outcome {
    let mut silent = false;
    let mut show_err = false;
    let mut fail = false;
    let mut out: Option<String> = None;
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-o" || a == "--output" {
            out = args.get(i + 1).cloned();
            i += 1;
        } else if a == "-m" || a == "--max-time" || a == "-H" || a == "-X" || a == "-d" || a == "-w"
        {
            i += 1;
        } else if let Some(f) = a.strip_prefix("--") {
            fail |= f == "fail";
            silent |= f == "silent";
            show_err |= f == "show-error";
        } else if let Some(f) = a.strip_prefix('-') {
            silent |= f.contains('s');
            show_err |= f.contains('S');
            fail |= f.contains('f');
        } else {
            url = Some(a.clone());
        }
        i += 1;
    }
    let Some(url) = url else {
        c.e("curl: try 'curl --help' or 'curl --manual' for more information");
        return Outcome::Exit(2);
    };
    let msg = !silent || show_err;
    let (host, port, _) = parse_url(&url).unwrap_or_default();
    match fetch(c, &url) {
        Fetch::BadAddress => {
            if msg {
                c.e(&format!("curl: (6) Could not resolve host: {host}"));
            }
            Outcome::Exit(6)
        }
        Fetch::Refused(_) => {
            if msg {
                c.e(&format!("curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"));
            }
            Outcome::Exit(7)
        }
        Fetch::Timeout => {
            if msg {
                c.e(&format!("curl: (28) Failed to connect to {host} port {port} after 130000 ms: Timeout was reached"));
            }
            Outcome::Sleep { ms: 130_000, code: 28 }
        }
        Fetch::Status(code, _) if fail => {
            if msg {
                c.e(&format!("curl: (22) The requested URL returned error: {code}"));
            }
            Outcome::Exit(22)
        }
        Fetch::Status(code, _) => {
            c.o(&format!("<html><body><h1>{code} {}</h1></body></html>\n", reason(code)));
            Outcome::Exit(0)
        }
        Fetch::Ok(body, _) => {
            match out {
                Some(f) if f != "-" => {
                    if let Err(e) = c.write_file(&f, &body, false) {
                        c.e(&format!(
                            "curl: (23) Failure writing output to destination: {}",
                            e.text()
                        ));
                        return Outcome::Exit(23);
                    }
                }
                _ => c.out.extend(body),
            }
            Outcome::Exit(0)
        }
    }
}
