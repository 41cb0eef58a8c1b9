//! The diagnostics list under the editor: every problem admission found, with its line and
//! column; clicking one puts the caret there.

use crate::ui::chrome::{diag_severity, diag_where, NO_PROBLEMS};
use crate::ui::editor::focus_at;
use crate::ui::state::Lab;
use leptos::html::Textarea;
use leptos::prelude::*;

/// The list (an empty state says the YAML is fine, so "no news" is visible too).
#[component]
pub fn Diagnostics() -> impl IntoView {
    let lab = Lab::get();
    let ta_ref = expect_context::<NodeRef<Textarea>>();
    let items = move || {
        lab.diagnostics
            .get()
            .into_iter()
            .map(|d| {
                let sev = diag_severity(&d);
                let where_ = diag_where(&d);
                let msg = d.message.clone();
                let go = move |_| {
                    if let Some(ta) = ta_ref.get_untracked() {
                        focus_at(&ta, &d);
                    }
                };
                view! {
                    <li class=format!("pl-diag pl-diag--{sev}")>
                        <button class="pl-diag__go" on:click=go>
                            <span class="pl-diag__sev">{sev}</span>
                            <span class="pl-diag__where">{where_}</span>
                            <span class="pl-diag__msg">{msg}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let empty = move || lab.diagnostics.with(Vec::is_empty);
    view! {
        <div class="pl-diags" data-testid="diagnostics" aria-live="polite">
            <Show when=empty fallback=move || view! { <ul class="pl-diags__list">{items}</ul> }>
                <p class="pl-diags__ok">{NO_PROBLEMS}</p>
            </Show>
            {move || lab.apply_note.get().map(|n| view! { <p class="pl-diags__note" data-testid="apply-note">{n}</p> })}
        </div>
    }
}
