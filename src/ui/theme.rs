//! Look-and-feel toggles on `<html>`: the colour theme (follows the system until the learner
//! picks one; the choice is saved) and presenter mode (large type for projectors).

use crate::ui::state::Lab;
use leptos::prelude::*;

fn root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

fn system_is_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn set_root_attr(name: &str, value: Option<&str>) {
    if let Some(r) = root() {
        let _ = match value {
            Some(v) => r.set_attribute(name, v),
            None => r.remove_attribute(name),
        };
    }
}

/// The theme button: switches to the opposite of what is showing and remembers it.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let lab = Lab::get();
    let saved = lab.load_pref("theme").filter(|t| t == "dark" || t == "light");
    let dark = RwSignal::new(saved.as_deref().map_or_else(system_is_dark, |t| t == "dark"));
    if let Some(t) = &saved {
        set_root_attr("data-theme", Some(t));
    }
    let toggle = move |_| {
        let now_dark = !dark.get_untracked();
        dark.set(now_dark);
        let name = if now_dark { "dark" } else { "light" };
        set_root_attr("data-theme", Some(name));
        lab.save_pref("theme", name);
        lab.say(format!("{} theme.", if now_dark { "Dark" } else { "Light" }));
    };
    view! {
        <button class="pl-btn pl-btn--ghost" data-testid="theme-toggle" on:click=toggle
            aria-pressed=move || dark.get().to_string()
            title="Switch between light and dark">
            <span aria-hidden="true">{move || if dark.get() { "☾ " } else { "☀ " }}</span>
            {crate::ui::chrome::THEME_LABEL}
        </button>
    }
}

/// Presenter mode: larger type and thicker lines for a projector.
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let lab = Lab::get();
    // `?present` in the address (workshop bookmark, src/ui/presenter.rs) also turns it on.
    let on = RwSignal::new(
        lab.load_pref("presenter").as_deref() == Some("on") || crate::ui::presenter::url_flag(),
    );
    Effect::new(move |_| set_root_attr("data-presenter", on.get().then_some("on")));
    let toggle = move |_| {
        let v = !on.get_untracked();
        on.set(v);
        lab.save_pref("presenter", if v { "on" } else { "off" });
    };
    view! {
        <button class="pl-btn pl-btn--ghost" data-testid="presenter-toggle" on:click=toggle
            aria-pressed=move || on.get().to_string() title="Large type for projectors">
            {crate::ui::chrome::PRESENTER_LABEL}
        </button>
    }
}
