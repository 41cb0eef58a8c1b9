//! The kubectl console: a prompt with the engine's history (↑/↓) and Tab completion (every
//! verb, flag, pod and container name; candidates it cannot choose among are listed). Each line runs through
//! [`crate::ui::console_run::run_console`] at the playhead's instant; commands that change the
//! cluster re-simulate from there. `get pods -w` and `logs -f` stay open as kubectl's do: they
//! print more as the playhead moves on, until Ctrl+C, a new command, or (for `-f`) the
//! container's exit; a fresh Apply from the editor starts a new cluster and ends them.

use crate::engine::kubectl::console::{History, Stream};
use crate::ui::console_run::{advance_stream, lesson_files, run_console, tab_at, ConsoleCtx};
use crate::ui::state::{Lab, Run};
use leptos::html::Input;
use leptos::prelude::*;
use std::sync::Arc;

/// Lines of console output kept (older ones scroll away): bounded memory for a long workshop.
const MAX_LINES: usize = 400;

/// The console.
#[component]
pub fn Console() -> impl IntoView {
    let lab = Lab::get();
    let input = NodeRef::<Input>::new();
    let output = RwSignal::new(Vec::<String>::new());
    // The engine's history (bash's `ignoreboth`): the UI only moves text in and out of the box.
    let history = StoredValue::new(History::default());
    // What the last Tab could not choose among (shown under the prompt until the next key).
    let offers = RwSignal::new(Vec::<String>::new());

    // The open `-w` / `-f` stream and the run it follows.
    let stream = StoredValue::new(None::<(Stream, Option<Arc<Run>>)>);
    let following = RwSignal::new(false);

    let print = move |text: &str| {
        if text.is_empty() {
            return; // a stream with nothing new this frame: no re-render
        }
        output.update(|o| {
            o.extend(text.lines().map(str::to_string));
            let n = o.len();
            if n > MAX_LINES {
                o.drain(..n - MAX_LINES);
            }
        });
    };
    let stop = move |how: &str| {
        if stream.with_value(Option::is_some) {
            stream.set_value(None);
            following.set(false);
            print(how);
        }
    };

    let run = move |line: String| {
        stop("^C"); // a terminal would need Ctrl+C before the next command
        let t = lab.playback.with_untracked(|p| p.t);
        let text = lab.text.get_untracked();
        let current = lab.run.get_untracked();
        let files = lesson_files(lab.lesson.get_value().as_deref());
        let result = match &current {
            Some(r) => run_console(
                &line,
                &ConsoleCtx {
                    scenario: &r.scenario,
                    timeline: &r.timeline,
                    t,
                    editor_text: &text,
                    files: &files,
                },
            ),
            None => {
                let (s, tl) = Default::default();
                run_console(
                    &line,
                    &ConsoleCtx {
                        scenario: &s,
                        timeline: &tl,
                        t,
                        editor_text: &text,
                        files: &files,
                    },
                )
            }
        };
        print(&format!("$ {line}"));
        print(&result.output);
        if let Some(s) = result.stream {
            stream.set_value(Some((s, current)));
            following.set(true);
        }
        if let Some(a) = result.action {
            lab.act(a);
        }
    };

    // As the playhead moves (or the run is re-simulated by a console action, or extended while
    // playing), an open stream prints what happened since.
    Effect::new(move |_| {
        if !following.get() {
            return;
        }
        let t = lab.playback.with(|p| p.t);
        let Some(now) = lab.run.get() else { return };
        let mut ended = None;
        let out = stream.try_update_value(|slot| {
            let (s, seen) = slot.as_mut()?;
            // Same cluster: the new run only adds actions (a console `delete`, a longer horizon).
            // An Apply from the editor starts over from t = 0: the old stream cannot follow it.
            let continues = seen
                .as_ref()
                .is_none_or(|old| now.scenario.actions.starts_with(&old.scenario.actions));
            if !continues {
                ended = Some("(the editor applied a new cluster: the stream ended)");
                return None;
            }
            *seen = Some(now.clone());
            let text = advance_stream(
                s,
                &ConsoleCtx {
                    scenario: &now.scenario,
                    timeline: &now.timeline,
                    t,
                    editor_text: "",
                    files: &[],
                },
            );
            if !s.is_open() {
                ended = Some("");
            }
            Some(text)
        });
        if let Some(text) = out.flatten() {
            print(&text);
        }
        if let Some(how) = ended {
            stop(how);
        }
    });

    // Tab: the engine's completion over the lab's state at the playhead.
    let complete = move |line: &str| {
        let t = lab.playback.with_untracked(|p| p.t);
        let files = lesson_files(lab.lesson.get_value().as_deref());
        let current = lab.run.get_untracked();
        let (s, tl) = Default::default();
        let (scenario, timeline) = match &current {
            Some(r) => (&r.scenario, &r.timeline),
            None => (&s, &tl),
        };
        let ctx = ConsoleCtx { scenario, timeline, t, editor_text: "", files: &files };
        tab_at(line, &ctx)
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some(el) = input.get_untracked() else { return };
        if ev.key() != "Tab" && !offers.with_untracked(Vec::is_empty) {
            offers.set(Vec::new());
        }
        match ev.key().as_str() {
            "Enter" => {
                let line = el.value();
                if line.trim().is_empty() {
                    return;
                }
                history.update_value(|h| h.push(&line));
                el.set_value("");
                run(line);
            }
            "ArrowUp" | "ArrowDown" => {
                ev.prevent_default();
                let up = ev.key() == "ArrowUp";
                let mut h = history.get_value();
                let line = if up { h.older() } else { h.newer() }.unwrap_or_default().to_string();
                history.set_value(h);
                el.set_value(&line);
            }
            "c" | "C"
                if ev.ctrl_key()
                    && following.get_untracked()
                    && el.selection_start().ok().flatten() == el.selection_end().ok().flatten() =>
            {
                ev.prevent_default();
                stop("^C");
            }
            "Tab" if !ev.shift_key() => {
                let line = el.value();
                let t = complete(&line);
                // Tab leaves the box (keyboard users) only when it has nothing to do.
                if t.line != line || !t.offers.is_empty() {
                    ev.prevent_default();
                    el.set_value(&t.line);
                }
                offers.set(t.offers);
            }
            _ => {}
        }
    };
    view! {
        <section class="pl-console" aria-label="kubectl console">
            <pre class="pl-term pl-console__out" data-testid="console-output" aria-live="polite">
                {move || output.get().join("\n")}
            </pre>
            <Show when=move || following.get()>
                <p class="pl-console__live" data-testid="console-following">
                    "Following as the playhead moves. "
                    <button class="pl-btn pl-btn--ghost" data-testid="console-stop" on:click=move |_| stop("^C")>"Stop (Ctrl+C)"</button>
                </p>
            </Show>
            <Show when=move || !offers.with(Vec::is_empty)>
                <p class="pl-console__offers" data-testid="console-completions">
                    {move || offers.get().join("  ")}
                </p>
            </Show>
            <label class="pl-console__prompt">
                <span aria-hidden="true">"$"</span>
                <span class="pl-sr-only">"kubectl command"</span>
                <input node_ref=input type="text" data-testid="console-input" spellcheck="false" autocomplete="off"
                    autocapitalize="off" placeholder="kubectl get pods" on:keydown=on_key/>
            </label>
        </section>
    }
}
