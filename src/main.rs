//! The web app's entry point (built to wasm by Trunk).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(podlab::ui::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("podlab-web is the browser app: build it with `make serve` (Trunk), not natively.");
    std::process::exit(2);
}
