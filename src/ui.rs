//! The Leptos UI (wasm32 only). It renders engine state; it never decides Kubernetes behaviour.

use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! { <main>"podlab"</main> }
}
