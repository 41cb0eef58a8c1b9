//! Shared helpers for the kubelet's integration tests: YAML → model objects, and reading a
//! timeline the way the reference's tables are written.
//!
//! Objects come only from `admission::admit`, the real front door, as they do in the app and
//! the CLI: a manifest admission refuses, or one in which it finds no object, fails the test
//! instead of being decoded some other way.
#![allow(dead_code)]

use podlab::engine::admission::admit;
use podlab::engine::kubelet::{simulate, Scenario, Timeline, WatchRow};
use podlab::engine::model::*;
use podlab::engine::time::Millis;

/// Admits `yaml`: the objects the API server would create. Panics (failing the test) when
/// admission refuses the manifest or finds nothing in it to create.
pub fn objects(yaml: &str) -> Vec<Object> {
    let a = admit(yaml);
    assert!(!a.has_errors(), "admission rejected the manifest: {:?}", a.diagnostics);
    assert!(!a.objects.is_empty(), "admission found no object in the manifest:\n{yaml}");
    a.objects
}

/// Simulates `yaml` applied at t = 0 for `secs` seconds.
pub fn run(yaml: &str, secs: u64) -> Timeline {
    simulate(&Scenario::apply_at_zero(objects(yaml), Millis::from_secs(secs)))
}

/// The STATUS values of `pod`'s `-w` rows, consecutive duplicates removed.
pub fn statuses(tl: &Timeline, pod: &str) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in tl.rows().iter().filter(|r| r.pod == pod) {
        if v.last() != Some(&r.status) {
            v.push(r.status.clone());
        }
    }
    v
}

/// The first row of `pod` whose STATUS is `status`.
pub fn first_row<'a>(tl: &'a Timeline, pod: &str, status: &str) -> Option<&'a WatchRow> {
    tl.rows().iter().find(|r| r.pod == pod && r.status == status)
}

/// Asserts `t` is within ±2 s of `want` seconds.
pub fn near(t: Millis, want: f64, what: &str) {
    let got = t.as_secs_f64();
    assert!((got - want).abs() <= 2.0, "{what}: at {got}s, expected ≈{want}s (±2 s)");
}

/// A condition's (status, reason, message) in a pod status.
pub fn condition(st: &PodStatus, type_: &str) -> (String, Option<String>, Option<String>) {
    let c = st
        .conditions
        .iter()
        .find(|c| c.type_ == type_)
        .unwrap_or_else(|| panic!("no {type_} condition in {st:?}"));
    (c.status.clone(), c.reason.clone(), c.message.clone())
}
