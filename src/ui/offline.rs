//! Offline use (issue 9): registers the service worker (`public/sw.js`, copied next to
//! `index.html` by Trunk and given its asset list by `scripts/sw-hook.mjs`) and tells the learner
//! when a new release has taken over, so a workshop keeps working when the Wi-Fi goes.
//!
//! The worker URL is relative (`./sw.js`), so its scope is the directory the app is served from:
//! the same `dist/` works at `/`, `/podlab/` or `/workshop/podlab/`. The CSP's `script-src 'self'`
//! covers the worker (`worker-src` falls back to `script-src`).
//!
//! Only release builds register it: under `trunk serve` a cache-first worker would fight the
//! live reload.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The `navigator.serviceWorker` container, if this page may use one. It is `undefined` on
/// insecure origins (plain http other than localhost) and `file://`; calling into `undefined`
/// would throw into wasm, so look it up with `Reflect` first.
fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let nav = web_sys::window()?.navigator();
    let sw = js_sys::Reflect::get(&nav, &JsValue::from_str("serviceWorker")).ok()?;
    if sw.is_undefined() || sw.is_null() {
        return None;
    }
    sw.dyn_into().ok()
}

/// Registers the worker (release builds only). Best effort: failure only means no offline use.
pub fn register() {
    if cfg!(debug_assertions) {
        return;
    }
    // The single-file build (`make single`) opened from a file: there is no `sw.js` next to
    // it, and browsers refuse workers from `file://` anyway; the one file is its own offline copy.
    let protocol = web_sys::window().and_then(|w| w.location().protocol().ok());
    if protocol.as_deref() == Some("file:") {
        return;
    }
    let Some(c) = container() else { return };
    // A rejected registration (e.g. a host that does not serve sw.js) must not become an
    // unhandled rejection in the console: catch it and say why, once.
    let on_err = Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| {
        web_sys::console::warn_2(&JsValue::from_str("podlab: offline use is not available:"), &e);
    });
    let _ = c.register("./sw.js").catch(&on_err);
    // Called at most once, at start-up.
    on_err.forget();
}

/// "A new version is available": shown when a new worker takes control of a page that an older
/// one controlled (the new release's worker activates at once and replaces the old cache; this
/// page still runs the old code until it is reloaded).
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let updated = RwSignal::new(false);
    if let Some(c) = container() {
        // No controller yet means a first visit: the first worker taking control (claiming this
        // page) is not an update; every later change of controller is.
        let mut had_controller = c.controller().is_some();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            if had_controller {
                let _ = updated.try_set(true);
            }
            had_controller = true;
        });
        let _ = c.add_event_listener_with_callback(
            "controllerchange",
            on_change.as_ref().unchecked_ref(),
        );
        // One listener for the page's lifetime (the app is never unmounted).
        on_change.forget();
    }
    let reload = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    };
    move || {
        updated.get().then(|| view! {
            <p class="pl-banner pl-banner--info" role="status" data-testid="update-banner">
                "A new version of podlab is available. Your work is saved; "
                <button class="pl-btn pl-btn--ghost" data-testid="update-reload" on:click=reload>"Reload"</button>
                " to use it."
            </p>
        })
    }
}
