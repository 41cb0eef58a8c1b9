//! The aria-live region: the text twin of every animation. It also narrates the pod cards'
//! changes as the playhead moves (see [`crate::ui::narrate`]).

use crate::ui::narrate::changes;
use crate::ui::state::Lab;
use leptos::prelude::*;

/// The visually hidden live region, plus the effect that fills it from card changes.
#[component]
pub fn Announcer() -> impl IntoView {
    let lab = Lab::get();
    // Effects only talk to the outside world: here the "outside" is the live region's text,
    // which nothing else reads (no update chain).
    Effect::new(move |prev: Option<Vec<crate::ui::cards::PodCard>>| {
        let now = lab.cards.get();
        if let Some(prev) = prev {
            let said = changes(&prev, &now);
            if !said.is_empty() {
                lab.say(said.join(" "));
            }
        }
        now
    });
    view! {
        <div class="pl-sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || lab.announce.get()}
        </div>
    }
}
