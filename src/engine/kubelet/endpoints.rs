//! Services and their endpoints at an instant, for the stage's sockets: which Services exist
//! and which pods are their ready endpoints (the EndpointSlice controller's rule: a pod the
//! selector matches, `Ready`, not being deleted). The same rule serves kube-proxy's routing in
//! `network.rs`, so a socket is lit exactly when a connection to the Service can get through.

use super::Timeline;
use crate::engine::model::{Object, Service};
use crate::engine::sort::sort_by_key;
use crate::engine::time::Millis;
use std::collections::BTreeMap;

/// Whether a pod with `labels`, `ready` and (`deleting`) being deleted is a ready endpoint of
/// a Service selecting `selector`. A Service without a selector has no managed endpoints.
pub(super) fn is_ready_endpoint(
    selector: &BTreeMap<String, String>,
    labels: &BTreeMap<String, String>,
    ready: bool,
    deleting: bool,
) -> bool {
    !selector.is_empty()
        && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
        && ready
        && !deleting
}

/// A Service as the stage draws it: a socket, lit when it has a ready endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSocket {
    /// `metadata.name`.
    pub name: String,
    /// Its ports.
    pub ports: Vec<i32>,
    /// The pods that are its ready endpoints, in creation order (none: the socket is dark).
    pub endpoints: Vec<String>,
}

/// The Services a scenario applies, with the instant of each apply (in time order).
pub(super) fn applied_services(actions: &[(Millis, super::Action)]) -> Vec<(Millis, Service)> {
    let mut v: Vec<(Millis, Service)> = actions
        .iter()
        .filter_map(|(t, a)| match a {
            super::Action::Apply(objs) => Some(objs.iter().filter_map(move |o| match o {
                Object::Service(s) => Some((*t, s.clone())),
                _ => None,
            })),
            _ => None,
        })
        .flatten()
        .collect();
    sort_by_key(&mut v, |(t, _)| *t);
    v
}

impl Timeline {
    /// Every Service that exists at `t` (the latest apply of each name), by name, with its
    /// ready endpoints at `t`.
    pub fn services_at(&self, t: Millis) -> Vec<ServiceSocket> {
        let mut latest: BTreeMap<&str, &Service> = BTreeMap::new();
        for (_, s) in self.services.iter().filter(|(at, _)| *at <= t) {
            latest.insert(s.metadata.name.as_str(), s);
        }
        let pods = self.pods_at(t);
        latest
            .into_values()
            .map(|s| ServiceSocket {
                name: s.metadata.name.clone(),
                ports: s.ports.iter().map(|p| p.port).collect(),
                endpoints: pods
                    .iter()
                    .filter(|p| {
                        let ready = p
                            .status
                            .conditions
                            .iter()
                            .any(|c| c.type_ == "Ready" && c.status == "True");
                        is_ready_endpoint(
                            &s.selector,
                            &p.pod.metadata.labels,
                            ready,
                            p.deletion_timestamp.is_some(),
                        )
                    })
                    .map(|p| p.pod.metadata.name.clone())
                    .collect(),
            })
            .collect()
    }
}
