//! Workshop presenter view: the URL flag. `…/podlab/?present` (or `?present=1`) opens podlab in
//! presenter mode (large type, the simulation region big: `style/presenter.css`), so an
//! instructor can bookmark it; the header's Presenter button (`theme.rs`) toggles it. A query
//! string, not the fragment: the fragment carries share links and needs no server rewrite either.

/// Whether a query string (`location.search`, with or without `?`) asks for presenter mode.
pub fn wants_presenter(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|kv| matches!(kv, "present" | "present=1" | "present=on" | "present=true"))
}

/// Whether this page's address asks for presenter mode (false outside a browser).
pub fn url_flag() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|s| wants_presenter(&s))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_present_query_flag_turns_presenter_mode_on() {
        for s in ["?present", "?present=1", "?a=b&present=on", "present=true"] {
            assert!(wants_presenter(s), "{s}");
        }
        for s in ["", "?", "?present=0", "?presently", "?x=present"] {
            assert!(!wants_presenter(s), "{s}");
        }
    }
}
