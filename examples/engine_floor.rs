//! The engine alone, as a wasm: admission, the kubelet's simulation, the runtime and the kubectl
//! console, with no UI, no lessons and no Markdown. `scripts/size-engine.sh` builds it for wasm32
//! and prints its size after `wasm-opt -Oz`, raw and gzip -9: a floor under any page that runs
//! the whole engine, whatever its UI (issue 15's whole-visit budget is measured against it).
//! Natively it runs one manifest and one console line, so `cargo test` keeps it compiling.

use podlab::engine::admission::admit;
use podlab::engine::kubectl::console::Console;
use podlab::engine::kubelet::{simulate, Scenario};
use podlab::engine::time::Millis;

/// Admits `yaml`, simulates two minutes, runs one console `line` at `at` and prints it all: the
/// inputs come from outside, so the optimiser keeps every path of the engine.
fn run(yaml: &str, line: &str, at: Millis) -> String {
    let a = admit(yaml);
    let scenario = Scenario::apply_at_zero(a.objects, Millis::from_secs(120));
    let timeline = simulate(&scenario);
    let console =
        Console { timeline: &timeline, scenario: &scenario, now: at, editor: yaml, files: &[] };
    let out = console.run(line);
    let diags: Vec<String> = a.diagnostics.iter().map(|d| d.message.clone()).collect();
    format!("{}{}{}", diags.join("\n"), out.stdout, out.stderr)
}

/// The wasm's one export: the YAML and the line as UTF-8 at `ptr`, `yaml_len` then `line_len`
/// bytes; returns the output's length (the output itself is leaked: a measurement, not an API).
///
/// # Safety
/// `ptr` must point to `yaml_len + line_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn engine_floor_run(
    ptr: *const u8,
    yaml_len: usize,
    line_len: usize,
    at_ms: u64,
) -> usize {
    // SAFETY: the caller guarantees the bytes (see above).
    let bytes = unsafe { std::slice::from_raw_parts(ptr, yaml_len + line_len) };
    let (yaml, line) = bytes.split_at(yaml_len);
    let out = run(&String::from_utf8_lossy(yaml), &String::from_utf8_lossy(line), Millis(at_ms));
    out.leak().len()
}

fn main() {
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: floor\nspec:\n  initContainers:\n  - name: init\n    image: busybox:1.36\n    command: ['sh', '-c', 'sleep 2']\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ['sh', '-c', 'sleep 3600']\n";
    print!("{}", run(yaml, "kubectl get pods", Millis::from_secs(10)));
}
