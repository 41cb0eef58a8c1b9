//! How a container dials: its resolver (the pod's hostname, the cluster's DNS, a small fixed
//! internet) and its TCP connect through the cluster view. Every network client (`net.rs`) and
//! every server's own health check (`servers.rs`) goes through here, so neither imports the other.

use super::Ctx;
use crate::engine::runtime::Connect;

/// Hosts on the simulated internet (the official init-container example fetches
/// `http://info.cern.ch`).
pub(super) const INTERNET: &[(&str, &str, &str)] = &[
    ("info.cern.ch", "188.184.67.127", "<html><head></head><body><header>\n<title>http://info.cern.ch</title>\n</header>\n\n<h1>http://info.cern.ch - home of the first website</h1>\n</body></html>\n"),
    ("example.com", "93.184.215.14", "<!doctype html>\n<html>\n<head>\n    <title>Example Domain</title>\n</head>\n<body>\n<h1>Example Domain</h1>\n</body>\n</html>\n"),
    ("www.google.com", "142.250.74.36", "<!doctype html><html><head><title>Google</title></head><body></body></html>\n"),
];

pub(super) fn internet(host_or_ip: &str) -> Option<(&'static str, &'static str, &'static str)> {
    INTERNET.iter().copied().find(|(h, ip, _)| *h == host_or_ip || *ip == host_or_ip)
}

pub(super) fn is_ip(s: &str) -> bool {
    let p: Vec<&str> = s.split('.').collect();
    p.len() == 4 && p.iter().all(|x| x.parse::<u8>().is_ok())
}

/// Resolves a host name from inside the container.
pub fn resolve(c: &mut Ctx<'_>, host: &str) -> Option<String> {
    c.net_calls += 1;
    if is_ip(host) {
        return Some(host.to_string());
    }
    if host == "localhost" || host == c.hostname {
        return Some("127.0.0.1".into());
    }
    if let Some(ip) = c.net.resolve(c.pod, host) {
        return Some(ip);
    }
    internet(host.trim_end_matches('.')).map(|(_, ip, _)| ip.to_string())
}

pub(super) fn connect(c: &mut Ctx<'_>, ip: &str, port: u16) -> Connect {
    c.net_calls += 1;
    if ip == "127.0.0.1" && c.own_servers.iter().any(|k| k.port() == port) {
        return Connect::Open;
    }
    if internet(ip).is_some() {
        return if port == 80 || port == 443 { Connect::Open } else { Connect::Timeout };
    }
    c.net.connect(c.pod, ip, port)
}

/// A raw DNS query for an exact name, as busybox ≥ 1.29's own resolver sends it to CoreDNS:
/// names in `cluster.local` are answered only in their full `svc.ns.svc.cluster.local` form
/// (authoritatively); other names go upstream (the simulated internet).
pub(super) fn dns_query(c: &mut Ctx<'_>, fqdn: &str) -> Option<(String, bool)> {
    c.net_calls += 1;
    let name = fqdn.trim_end_matches('.');
    if let Some(rest) = name.strip_suffix(".svc.cluster.local") {
        if rest.split('.').count() == 2 {
            return c.net.resolve(c.pod, name).map(|ip| (ip, true));
        }
        return None;
    }
    if name.ends_with("cluster.local") {
        return None;
    }
    internet(name).map(|(_, ip, _)| (ip.to_string(), false))
}
