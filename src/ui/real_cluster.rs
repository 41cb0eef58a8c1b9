//! "Real cluster": the hand-off of the current run to kind or minikube. The text (manifests,
//! commands, podlab's predicted STATUS sequence, watch rows, events and logs, and where a real
//! node's timing differs) is built by the engine's printer
//! ([`crate::engine::kubectl::handoff::handoff`]); this control only offers it, as a download
//! (`podlab-real-cluster.md`) and as text to copy.
//!
//! The download is a `data:` URL with `download`: no object URL to revoke, nothing fetched, and it
//! works from `file://` too. Where a host sandboxes downloads (an iframe without
//! `allow-downloads`), the text to copy is right there.

use crate::engine::kubectl::handoff::handoff;
use crate::ui::state::Lab;
use leptos::html::Textarea;
use leptos::prelude::*;

/// The name the bundle is saved under.
pub const FILE_NAME: &str = "podlab-real-cluster.md";

/// The button and, once pressed, the panel with the bundle.
#[component]
pub fn RealClusterButton() -> impl IntoView {
    let lab = Lab::get();
    let text = RwSignal::new(None::<String>);
    let area = NodeRef::<Textarea>::new();
    let make = move |_| {
        let Some(run) = lab.run.get_untracked() else { return };
        text.set(Some(handoff(&run.sources, &run.scenario, &run.timeline)));
        lab.say("The real-cluster bundle is ready: download it or copy its text.");
        // After the panel is in the DOM.
        request_animation_frame(move || {
            if let Some(a) = area.get_untracked() {
                // From the top: the caret (and the scroll) would otherwise sit at the end.
                let _ = a.set_selection_range(0, 0);
                a.set_scroll_top(0);
                let _ = a.focus();
            }
        });
    };
    let close = move |_| text.set(None);
    view! {
        <button class="pl-btn pl-btn--ghost" data-testid="real-cluster"
            title="The manifests, the kubectl commands and podlab's predictions, to compare with kind or minikube"
            disabled=move || lab.run.with(Option::is_none) on:click=make>{crate::ui::chrome::REAL_CLUSTER_LABEL}</button>
        {move || text.get().map(|t| {
            let href = format!("data:text/markdown;charset=utf-8,{}", js_sys::encode_uri_component(&t));
            view! {
                <section class="pl-handoff" role="dialog" aria-label="Take this run to a real cluster" data-testid="real-cluster-panel">
                    <p class="pl-handoff__intro">
                        "Run this on kind or minikube and compare: the manifests, the commands, and what podlab predicted (STATUS sequence, events, logs). Timings will differ; the text says where."
                    </p>
                    <div class="pl-handoff__bar">
                        <a class="pl-btn pl-btn--primary" data-testid="real-cluster-download" href=href download=FILE_NAME>
                            {format!("Download {FILE_NAME}")}
                        </a>
                        <button class="pl-btn pl-btn--ghost" data-testid="real-cluster-close" on:click=close>"Close"</button>
                    </div>
                    <textarea class="pl-handoff__text" data-testid="real-cluster-text" readonly node_ref=area
                        aria-label="The bundle's text, to copy" prop:value=t></textarea>
                </section>
            }
        })}
    }
}
