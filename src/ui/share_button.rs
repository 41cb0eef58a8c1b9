//! The share control and start-up link loading (reliability.md §4, R6; catalogue §8 G).
//!
//! Share: puts the lesson, the editor's text and the playhead into the address bar as a `#v1:`
//! link ([`crate::ui::share`]) and shows it to copy, with the `<iframe>` snippet that embeds the
//! same manifest ([`crate::ui::embed_link`]). From `file://` (the single-file build) the link
//! points at the hosted app the build names (`PODLAB_HOSTED_URL`), or is the fragment alone.
//!
//! Open: a `#v…:` fragment at start-up is untrusted data.
//! - A bad link (garbage, too long, newer format) shows one calm message and changes nothing:
//!   no editor text, no storage write.
//! - A good link made after an Apply carries the playhead: it is applied and paused there; one
//!   made before any Apply only loads the text.
//! - A good link never loses the learner's own draft: it is copied to its own slot
//!   (`prefs`/`draft-before-link`) first, and "Back to my draft" restores it.
//! - Crash loops: `sessionStorage["podlab:pending-link"]` is set before decoding and cleared after
//!   the first render that followed. If it is still set at start-up, the previous attempt never
//!   finished (a panic aborts the instance), so the link opens in **safe mode**: text only, no
//!   Apply, with a banner.

use crate::content::lesson::Catalog;
use crate::ui::embed_link::{embed_url, iframe_snippet, link_base, page_base};
use crate::ui::share::{decode, encode, is_share_link};
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The sessionStorage key of the crash-loop marker (reliability.md §4 rule 6).
pub const PENDING_KEY: &str = "podlab:pending-link";

/// The preference slot holding the learner's draft from before a link was opened.
const BACKUP_PREF: &str = "draft-before-link";

thread_local! {
    /// The manifest the last link opened in this page put in the editor.
    static LAST_LINK: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn session() -> Option<web_sys::Storage> {
    // The getter itself can throw (storage blocked): never unwrap it.
    web_sys::window()?.session_storage().ok().flatten()
}

/// What the start-up link did, for the notice under the header.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkNotice {
    /// Nothing to say.
    None,
    /// Loaded (and maybe run); the learner's own draft is in its own slot.
    Loaded { safe_mode: bool },
    /// Refused with this message.
    Refused(&'static str),
}

/// Reads a share link from the address, if any: at start-up (after `Lab::provide`) and when the
/// address's fragment changes to a link while the page is open.
pub fn load_from_location(lab: Lab) -> LinkNotice {
    let Some(loc) = web_sys::window().map(|w| w.location()) else { return LinkNotice::None };
    let hash = loc.hash().unwrap_or_default();
    if !is_share_link(&hash) {
        return LinkNotice::None;
    }
    let store = session();
    let safe_mode = store.as_ref().and_then(|s| s.get_item(PENDING_KEY).ok().flatten()).is_some();
    if let Some(s) = &store {
        let _ = s.set_item(PENDING_KEY, "1");
    }
    let catalog = Catalog::embedded();
    let decoded = crate::ui::state::timed("podlab:decode-link", || {
        decode(&hash, |slug| catalog.find(slug).is_some())
    });
    let notice = match decoded {
        Ok(None) => LinkNotice::None,
        // Shown once, in the banner (role=alert, so it is also announced).
        Err(e) => LinkNotice::Refused(e.message()),
        Ok(Some(shared)) => {
            // Open the link's lesson: the lesson pane reads the `#/lesson/<slug>` route when it
            // mounts (after this), so the address is rewritten to that route.
            if let Some(slug) = &shared.lesson {
                if let Some(w) = web_sys::window() {
                    if let Ok(h) = w.history() {
                        let _ = h.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&crate::ui::lesson_nav::href(slug)),
                        );
                    }
                    // A link pasted into the open page's address bar: the lesson pane is mounted
                    // and follows `hashchange` (replaceState fires none). Later, not from inside
                    // this hashchange listener: a listener cannot be re-entered.
                    set_timeout(
                        || {
                            if let (Some(w), Ok(ev)) =
                                (web_sys::window(), web_sys::Event::new("hashchange"))
                            {
                                let _ = w.dispatch_event(&ev);
                            }
                        },
                        std::time::Duration::ZERO,
                    );
                }
            }
            let own = lab.text.get_untracked();
            // Reopening the same link (a reload), or a second link over the first one's text,
            // must not replace the learner's backed-up draft with a link's text.
            let from_link = LAST_LINK.with_borrow(|l| l.as_deref() == Some(own.as_str()));
            if own != shared.spec && own != lab.starting.get_value() && !from_link {
                lab.save_pref(BACKUP_PREF, &own);
            }
            LAST_LINK.set(Some(shared.spec.clone()));
            lab.load_text(shared.spec);
            // A link made after an Apply carries the playhead: run it (the simulator only, R6
            // rule 7) and stop there. Without `t`, or in safe mode, the text is only loaded.
            if safe_mode {
                lab.say("Opened the shared link in safe mode: the manifest is loaded but not run. Press Apply to run it.");
            } else if let Some(t) = shared.t {
                lab.apply();
                // The run starts two minutes long; extend it until the shared instant fits.
                while lab.playback.with_untracked(|p| p.end < t) && lab.extend() {}
                lab.playback.update(|p| {
                    p.playing = false;
                    p.scrub(t);
                });
                lab.say(
                    "Loaded the manifest from the shared link and ran it. Your own draft was kept.",
                );
            } else {
                lab.say("Loaded the manifest from the shared link. Your own draft was kept. Press Apply to run it.");
            }
            LinkNotice::Loaded { safe_mode }
        }
    };
    // Cleared after the first render that follows: if decoding, admission or simulating the link
    // aborted the instance, the marker stays and the next load is in safe mode.
    request_animation_frame(move || {
        if let Some(s) = session() {
            let _ = s.remove_item(PENDING_KEY);
        }
    });
    notice
}

/// The address of the hosted app a single-file build (`make single`) names for its links:
/// `<meta name="podlab-hosted-url" content="https://…/">`, written by `scripts/single-file.mjs`.
fn hosted_url() -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let meta = doc.query_selector("meta[name=\"podlab-hosted-url\"]").ok()??;
    meta.get_attribute("content").filter(|c| !c.trim().is_empty())
}

/// What the share dialog shows.
#[derive(Clone)]
struct Made {
    /// The link (or, from a file with no hosted app named, the `#v1:` fragment alone).
    link: String,
    /// The `<iframe>` snippet, when the link has a web address.
    iframe: Option<String>,
}

/// The share button, the link it made and the `<iframe>` snippet that embeds the same manifest
/// ([`crate::ui::embed_link`]).
#[component]
pub fn ShareButton() -> impl IntoView {
    let lab = Lab::get();
    let made = RwSignal::new(None::<Made>);
    let share = move |_| {
        let t =
            lab.run.with_untracked(|r| r.is_some()).then(|| lab.playback.with_untracked(|p| p.t));
        let slug = lab.lesson.get_value();
        match encode(&lab.text.get_untracked(), slug.as_deref(), t) {
            Ok(frag) => {
                if let Some(w) = web_sys::window() {
                    let href = w.location().href().unwrap_or_default();
                    if let Ok(h) = w.history() {
                        let _ =
                            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&frag));
                    }
                    let m = if href.starts_with("file:") {
                        // A file's address means nothing on another computer: point at the hosted
                        // app the build names, or hand out the fragment alone.
                        match link_base(&href, hosted_url().as_deref()) {
                            Some(base) => Made {
                                link: format!("{base}{frag}"),
                                iframe: Some(iframe_snippet(&embed_url(&base, &frag))),
                            },
                            None => Made { link: frag.clone(), iframe: None },
                        }
                    } else {
                        let base = href.split('#').next().unwrap_or_default().to_string();
                        Made {
                            link: format!("{base}{frag}"),
                            iframe: Some(iframe_snippet(&embed_url(page_base(&href), &frag))),
                        }
                    };
                    made.set(Some(m));
                    lab.say("Share link is in the address bar.");
                }
            }
            Err(e) => lab.say(e.message()),
        }
    };
    view! {
        <button class="pl-btn pl-btn--ghost" data-testid="share" on:click=share>{crate::ui::chrome::SHARE_LABEL}</button>
        {move || made.get().map(|m| view! {
            <input class="pl-share__link" data-testid="share-link" readonly prop:value=m.link aria-label="Share link"/>
            {match m.iframe {
                Some(snippet) => view! {
                    <details class="pl-share__embed">
                        <summary>"Embed"</summary>
                        <label class="pl-share__embed-label">
                            "Paste into a page or a slide: this manifest, the stage and the time controls, without the lessons."
                            <textarea class="pl-share__embed-code" data-testid="share-embed" readonly prop:value=snippet></textarea>
                        </label>
                    </details>
                }.into_any(),
                None => view! {
                    <p class="pl-share__note" data-testid="share-note">
                        "This podlab runs from a file, so the link is only its #v1: part: paste it after the address of a hosted podlab."
                    </p>
                }.into_any(),
            }}
        })}
    }
}

/// The notice about the link last opened (at start-up or pasted into the address bar of the
/// open page): safe mode, or the way back to the learner's own draft. Text only.
#[component]
pub fn LinkBanner(notice: RwSignal<LinkNotice>) -> impl IntoView {
    let lab = Lab::get();
    let restore = move |_| {
        if let Some(own) = lab.load_pref(BACKUP_PREF) {
            lab.load_text(own);
            lab.say("Your own draft is back in the editor.");
        }
        notice.set(LinkNotice::None);
    };
    move || {
        match notice.get() {
        LinkNotice::Loaded { safe_mode } => Some(view! {
            <p class="pl-banner" role="status" data-testid="link-banner">
                {if safe_mode {
                    "podlab stopped while opening this link last time, so it is open in safe mode: the manifest is loaded, not run. "
                } else {
                    "Loaded from a shared link. Your own draft is kept. "
                }}
                {lab.load_pref(BACKUP_PREF).is_some().then(|| view! {
                    <button class="pl-btn pl-btn--ghost" data-testid="restore-draft" on:click=restore>"Back to my draft"</button>
                })}
            </p>
        }.into_any()),
        LinkNotice::Refused(msg) => Some(view! {
            <p class="pl-banner" role="alert" data-testid="link-banner">{msg}</p>
        }.into_any()),
        _ => None,
    }
    }
}
