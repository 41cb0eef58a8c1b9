//! The kubectl console: a prompt with history (↑/↓) and Tab completion. Each line runs through
//! [`crate::ui::console_run::run_console`] at the playhead's instant; commands that change the
//! cluster re-simulate from there.

use crate::ui::console_run::{complete, run_console, ConsoleCtx};
use crate::ui::state::Lab;
use leptos::html::Input;
use leptos::prelude::*;

/// Lines of console output kept (older ones scroll away): bounded memory for a long workshop.
const MAX_LINES: usize = 400;

/// The console.
#[component]
pub fn Console() -> impl IntoView {
    let lab = Lab::get();
    let input = NodeRef::<Input>::new();
    let output = RwSignal::new(Vec::<String>::new());
    let history = StoredValue::new(Vec::<String>::new());
    let cursor = StoredValue::new(0usize); // index into history while browsing with ↑/↓

    let run = move |line: String| {
        let t = lab.playback.with_untracked(|p| p.t);
        let text = lab.text.get_untracked();
        let result = match lab.run.get_untracked() {
            Some(r) => run_console(&line, &ConsoleCtx { scenario: &r.scenario, timeline: &r.timeline, t, editor_text: &text }),
            None => {
                let (s, tl) = Default::default();
                run_console(&line, &ConsoleCtx { scenario: &s, timeline: &tl, t, editor_text: &text })
            }
        };
        output.update(|o| {
            o.push(format!("$ {line}"));
            o.extend(result.output.lines().map(str::to_string));
            let n = o.len();
            if n > MAX_LINES {
                o.drain(..n - MAX_LINES);
            }
        });
        if let Some(a) = result.action {
            lab.act(a);
        }
    };
    let names = move || {
        lab.run.with_untracked(|r| {
            r.as_ref()
                .map(|r| r.timeline.lanes().into_iter().flat_map(|l| [l.pod, l.container]).collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(el) = input.get_untracked() else { return };
        match ev.key().as_str() {
            "Enter" => {
                let line = el.value();
                if line.trim().is_empty() {
                    return;
                }
                history.update_value(|h| h.push(line.clone()));
                cursor.set_value(history.with_value(Vec::len));
                el.set_value("");
                run(line);
            }
            "ArrowUp" | "ArrowDown" => {
                ev.prevent_default();
                let n = history.with_value(Vec::len);
                let c = cursor.get_value();
                let c = if ev.key() == "ArrowUp" { c.saturating_sub(1) } else { (c + 1).min(n) };
                cursor.set_value(c);
                el.set_value(&history.with_value(|h| h.get(c).cloned().unwrap_or_default()));
            }
            "Tab" if !ev.shift_key() => {
                if let Some(done) = complete(&el.value(), &names()) {
                    ev.prevent_default();
                    el.set_value(&done);
                }
            }
            _ => {}
        }
    };
    view! {
        <section class="pl-console" aria-label="kubectl console">
            <pre class="pl-term pl-console__out" data-testid="console-output" aria-live="polite">
                {move || output.get().join("\n")}
            </pre>
            <label class="pl-console__prompt">
                <span aria-hidden="true">"$"</span>
                <span class="pl-sr-only">"kubectl command"</span>
                <input node_ref=input type="text" data-testid="console-input" spellcheck="false" autocomplete="off"
                    autocapitalize="off" placeholder="kubectl get pods" on:keydown=on_key/>
            </label>
        </section>
    }
}
