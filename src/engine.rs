//! The engine: everything that decides Kubernetes behaviour, with no web dependencies.
//!
//! Pipeline: YAML text → [`admission`] (front door, strict decode, API validation) → [`model`]
//! objects → [`kubelet`] simulation (scheduler, image puller, sync loop, probes) driving the
//! [`runtime`] (images, shell interpreter, volumes, network) in virtual [`time`] → a timeline that
//! the [`kubectl`] printers and the UI read at any instant.

pub mod admission;
pub mod diag;
pub mod kubectl;
pub mod kubelet;
pub mod limits;
pub mod model;
pub mod runtime;
pub mod sort;
pub mod time;
