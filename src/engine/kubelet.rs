//! The simulated node: scheduler, image puller, the kubelet's sync loop, probes, status and
//! events, in virtual time. Entry point: (to come) `simulate`.
