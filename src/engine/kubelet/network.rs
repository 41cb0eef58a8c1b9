//! The cluster network as containers see it: the kubelet's implementation of the runtime's
//! [`ClusterView`] — cluster DNS for Services, kube-proxy routing of a ClusterIP to *ready*
//! endpoints, and pod IPs reaching the processes that listen in that pod.
//!
//! Entry point: [`NetView::new`], built for one process step at the current instant.

use super::sim::{PodRt, Sim};
use crate::engine::model::{IntOrString, Service};
use crate::engine::runtime::env::KUBERNETES_SERVICE;
use crate::engine::runtime::{ClusterView, Connect, HttpResponse, PodVolumes};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A read-only view of the cluster at the current instant.
pub(super) struct NetView<'a> {
    pods: &'a [PodRt],
    services: &'a BTreeMap<String, Service>,
    service_ips: &'a BTreeMap<String, String>,
    own: usize,
    /// The caller's own pod's volumes when the live ones are lent to the running process.
    own_volumes: Option<&'a PodVolumes>,
    /// The (pod, slot) of each server that answered an HTTP request through this view: its
    /// process read the file it served (`Sim::record_served_reads`).
    served: RefCell<Vec<(usize, usize)>>,
}

impl<'a> NetView<'a> {
    /// The view from pod `own`.
    pub fn new(sim: &'a Sim, own: usize, own_volumes: Option<&'a PodVolumes>) -> NetView<'a> {
        NetView {
            pods: &sim.pods,
            services: &sim.api.services,
            service_ips: &sim.service_ips,
            own,
            own_volumes,
            served: RefCell::default(),
        }
    }

    /// The (pod, slot) of the servers that answered HTTP requests through this view.
    pub fn served(&self) -> Vec<(usize, usize)> {
        self.served.take()
    }

    fn pod_by_name(&self, name: &str) -> Option<usize> {
        self.pods.iter().rposition(|p| p.removed.is_none() && p.name() == name)
    }

    /// Pod index and target port for a connection to `ip:port` from `from`.
    fn route(&self, from: &str, ip: &str, port: u16) -> Result<Vec<(usize, u16)>, Connect> {
        if ip == "127.0.0.1" || ip == "localhost" {
            return self.pod_by_name(from).map(|p| vec![(p, port)]).ok_or(Connect::Refused);
        }
        if let Some((svc_name, _)) = self.service_ips.iter().find(|(_, v)| v.as_str() == ip) {
            let Some(svc) = self.services.get(svc_name) else { return Err(Connect::Refused) };
            let Some(sp) = svc.ports.iter().find(|sp| sp.port == i32::from(port)) else {
                // kube-proxy has no rule for that port: packets to the ClusterIP go nowhere.
                return Err(Connect::Timeout);
            };
            let mut out = Vec::new();
            for (i, pr) in self.pods.iter().enumerate() {
                // Endpoints list only ready pods (the rule the stage's sockets show too).
                let ready = pr.conditions.iter().any(|c| c.type_ == "Ready" && c.status == "True");
                let labels = &pr.pod.metadata.labels;
                if pr.removed.is_some()
                    || !super::endpoints::is_ready_endpoint(
                        &svc.selector,
                        labels,
                        ready,
                        pr.deletion.is_some(),
                    )
                {
                    continue;
                }
                let target = match &sp.target_port {
                    None => Some(sp.port),
                    Some(IntOrString::Int(n)) => Some(*n),
                    Some(IntOrString::String(name)) => pr
                        .pod
                        .spec
                        .containers
                        .iter()
                        .chain(&pr.pod.spec.init_containers)
                        .flat_map(|c| &c.ports)
                        .find(|cp| cp.name.as_deref() == Some(name))
                        .map(|cp| cp.container_port),
                };
                if let Some(t) = target.and_then(|t| u16::try_from(t).ok()) {
                    out.push((i, t));
                }
            }
            // No endpoints: kube-proxy (iptables mode) rejects → "Connection refused".
            return if out.is_empty() { Err(Connect::Refused) } else { Ok(out) };
        }
        match self.pods.iter().rposition(|p| p.removed.is_none() && p.sandbox && p.ip == ip) {
            Some(p) => Ok(vec![(p, port)]),
            None => Err(Connect::Timeout),
        }
    }
}

impl ClusterView for NetView<'_> {
    fn resolve(&self, from_pod: &str, name: &str) -> Option<String> {
        let name = name.trim_end_matches('.');
        if name == "localhost" {
            return Some("127.0.0.1".into());
        }
        if name == from_pod {
            // /etc/hosts maps the pod's own hostname to its IP.
            return self.pod_by_name(from_pod).map(|p| self.pods[p].ip.clone());
        }
        let parts: Vec<&str> = name.split('.').collect();
        let svc = match parts.as_slice() {
            [svc] => *svc,
            [svc, "default"]
            | [svc, "default", "svc"]
            | [svc, "default", "svc", "cluster", "local"] => *svc,
            _ => return None,
        };
        let k8s = &KUBERNETES_SERVICE;
        self.service_ips
            .get(svc)
            .cloned()
            .or_else(|| (svc == k8s.name).then(|| k8s.cluster_ip.to_string()))
    }

    fn connect(&self, from_pod: &str, ip: &str, port: u16) -> Connect {
        let k8s = &KUBERNETES_SERVICE;
        if ip == k8s.cluster_ip && !self.service_ips.values().any(|v| v == ip) {
            // The API server answers on 443; kube-proxy has no rule for other ports.
            return if port == k8s.port { Connect::Open } else { Connect::Timeout };
        }
        match self.route(from_pod, ip, port) {
            Err(c) => c,
            Ok(targets) => {
                let open = targets.iter().any(|&(p, port)| {
                    self.pods[p].slots.iter().any(|s| {
                        s.proc.as_ref().is_some_and(|pr| pr.listening_ports().contains(&port))
                    })
                });
                if open {
                    Connect::Open
                } else {
                    Connect::Refused
                }
            }
        }
    }

    fn http_get(
        &self,
        from_pod: &str,
        ip: &str,
        port: u16,
        path: &str,
    ) -> Result<HttpResponse, Connect> {
        let targets = self.route(from_pod, ip, port)?;
        for (p, port) in targets {
            let pr = &self.pods[p];
            let volumes =
                if p == self.own { self.own_volumes.unwrap_or(&pr.volumes) } else { &pr.volumes };
            for (s, slot) in pr.slots.iter().enumerate() {
                if let Some(proc) =
                    slot.proc.as_ref().filter(|pr| pr.listening_ports().contains(&port))
                {
                    self.served.borrow_mut().push((p, s));
                    // Listening but not speaking HTTP: the connection opens, no response.
                    return proc.serve_http(port, path, volumes).ok_or(Connect::Open);
                }
            }
        }
        Err(Connect::Refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::kubelet::sim::Sim;
    use crate::engine::kubelet::Scenario;
    use crate::engine::model::{Container, Object, Pod, ServicePort};
    use crate::engine::time::Millis;

    fn pod(name: &str, app: &str) -> Object {
        let mut p = Pod::default();
        p.metadata.name = name.into();
        p.metadata.labels.insert("app".into(), app.into());
        p.spec.containers = vec![Container {
            name: "c".into(),
            image: "busybox:1.36".into(),
            command: Some(vec!["sleep".into(), "3600".into()]),
            ..Container::default()
        }];
        Object::Pod(p)
    }

    fn sim() -> Sim {
        let mut svc = Service::default();
        svc.metadata.name = "db".into();
        svc.selector.insert("app".into(), "db".into());
        svc.ports = vec![ServicePort { port: 5432, ..ServicePort::default() }];
        let sc = Scenario::apply_at_zero(
            vec![Object::Service(svc), pod("client", "web"), pod("db-0", "db")],
            Millis::from_secs(10),
        );
        let mut sim = Sim::new(&sc);
        sim.run(Millis::from_secs(10));
        sim
    }

    #[test]
    fn every_cluster_has_the_kubernetes_service_in_default() {
        let sim = sim();
        let view = NetView::new(&sim, 0, None);
        for name in ["kubernetes", "kubernetes.default", "kubernetes.default.svc.cluster.local"] {
            assert_eq!(view.resolve("client", name).as_deref(), Some("10.96.0.1"), "{name}");
        }
        assert_eq!(view.connect("client", "10.96.0.1", 443), Connect::Open);
        assert_eq!(view.connect("client", "10.96.0.1", 80), Connect::Timeout);
    }

    #[test]
    fn cluster_dns_resolves_services_in_every_spelling() {
        let sim = sim();
        let view = NetView::new(&sim, 0, None);
        let ip = view.resolve("client", "db").unwrap();
        for name in [
            "db.default",
            "db.default.svc",
            "db.default.svc.cluster.local",
            "db.default.svc.cluster.local.",
        ] {
            assert_eq!(view.resolve("client", name).as_deref(), Some(ip.as_str()), "{name}");
        }
        assert_eq!(view.resolve("client", "localhost").as_deref(), Some("127.0.0.1"));
        assert_eq!(view.resolve("client", "client").as_deref(), Some(sim.pods[0].ip.as_str()));
        assert_eq!(view.resolve("client", "nope"), None);
        assert_eq!(view.resolve("client", "db.other"), None);
    }

    #[test]
    fn connections_are_refused_when_nothing_listens_and_time_out_when_nobody_is_there() {
        let sim = sim();
        let view = NetView::new(&sim, 0, None);
        let svc_ip = view.resolve("client", "db").unwrap();
        // db-0 is ready, but a `sleep` listens on nothing.
        assert_eq!(view.connect("client", &svc_ip, 5432), Connect::Refused);
        // A port the Service does not expose: no kube-proxy rule.
        assert_eq!(view.connect("client", &svc_ip, 80), Connect::Timeout);
        assert_eq!(view.connect("client", &sim.pods[1].ip, 5432), Connect::Refused);
        assert_eq!(view.connect("client", "10.9.9.9", 80), Connect::Timeout);
        assert_eq!(view.http_get("client", "10.9.9.9", 80, "/"), Err(Connect::Timeout));
    }
}
