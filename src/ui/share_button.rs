//! The share control: puts the editor's text into the address bar as a `#v1:` link (and shows
//! it to copy), and on start-up loads such a link into the editor — without running it, and
//! after saving the learner's own draft under a separate key.

use crate::ui::share::{decode, encode};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// On start-up: if the address has a share link, back up the current draft and load the link.
pub fn load_from_location(lab: Lab) {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return };
    let hash = loc.hash().unwrap_or_default();
    match decode(&hash) {
        Ok(None) => {}
        Ok(Some(text)) => {
            lab.save_pref("draft-before-link", &lab.text.get_untracked());
            lab.load_text(text);
            lab.say("Loaded the manifest from the shared link. Your previous draft was kept. Press Apply to run it.");
        }
        Err(e) => lab.apply_note.set(Some(e.message().into())),
    }
}

/// The share button and the link it made.
#[component]
pub fn ShareButton() -> impl IntoView {
    let lab = Lab::get();
    let link = RwSignal::new(None::<String>);
    let share = move |_| match encode(&lab.text.get_untracked()) {
        Ok(frag) => {
            if let Some(w) = web_sys::window() {
                let loc = w.location();
                let base = loc.href().unwrap_or_default();
                let base = base.split('#').next().unwrap_or_default().to_string();
                if let Ok(h) = w.history() {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&frag));
                }
                link.set(Some(format!("{base}{frag}")));
                lab.say("Share link is in the address bar.");
            }
        }
        Err(e) => lab.say(e.message()),
    };
    view! {
        <button class="pl-btn pl-btn--ghost" data-testid="share" on:click=share>"Share"</button>
        {move || link.get().map(|l| view! {
            <input class="pl-share__link" data-testid="share-link" readonly prop:value=l aria-label="Share link"/>
        })}
    }
}
