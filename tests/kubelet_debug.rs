mod kubelet_support;
use kubelet_support::*;
use podlab::engine::kubelet::*;
use podlab::engine::time::Millis;
#[test]
fn dbg() {
    let Ok(y) = std::env::var("Y") else { return };
    let yaml = std::fs::read_to_string(y).unwrap();
    let mut sc = Scenario::apply_at_zero(objects(&yaml), Millis::from_secs(std::env::var("U").map(|u| u.parse().unwrap()).unwrap_or(120)));
    if let Ok(d) = std::env::var("D") { let (t, n) = d.split_once('=').unwrap(); sc.actions.push((Millis::from_secs(t.parse().unwrap()), Action::DeletePod(n.into()))); }
    let tl = simulate(&sc);
    print!("{}", podlab::cli::simulate::render_table(&tl));
    for e in tl.events_until(tl.end()) { println!("{} {} {} {} {}", e.t, e.type_, e.reason, e.object, e.message); }
    if let Ok(t) = std::env::var("AT") { let t = Millis::from_secs(t.parse().unwrap()); for v in tl.pods_at(t) { println!("{}", serde_json::to_string_pretty(&v.status).unwrap()); } }
}
