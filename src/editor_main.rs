//! The early editor's entry point (`podlab-editor`, built to wasm by Trunk beside the app and
//! loaded before it): makes the first paint's editor live (`podlab::ui::early_editor`).

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic here must not take the page with it: the app's wasm is a separate instance and
    // still starts (the page's loader waits for this module but not for its success).
    console_error_panic_hook::set_once();
    podlab::ui::early_editor::start();
}

/// Natively there is nothing to run: the early editor is a browser module.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("podlab-editor is a browser module, built by Trunk (make serve / make dist).");
    std::process::exit(2);
}
