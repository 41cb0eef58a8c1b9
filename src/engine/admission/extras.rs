//! What decoding learns about a pod that the model does not keep and validation needs (which
//! volume sources were given, `resizePolicy` as written, `hostIP`s, ephemeral containers).
//! Data only: `decode` fills it, `validate` reads it, and neither imports the other for it.

use std::collections::BTreeMap;

/// Facts validation needs that the model does not keep.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// Per `spec.volumes[i]`: the volume source keys given, in schema order.
    pub volume_sources: Vec<Vec<&'static str>>,
    /// Per container path (`spec.initContainers[0]`): `resizePolicy` rendered the way the
    /// API server prints the bad value (Go's `%#v`), for V10's message.
    pub resize_policy: BTreeMap<String, String>,
    /// Per container path and port index: `hostIP`.
    pub host_ip: BTreeMap<(String, usize), String>,
    /// `spec.ephemeralContainers` was given (and not empty): forbidden on create.
    pub ephemeral_containers: bool,
}
