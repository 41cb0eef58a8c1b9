//! The YAML editor: a real `<textarea>` (so mobile keyboards, native undo, spell-check off and
//! screen readers all work) under a highlighted overlay, with a line-number gutter that marks the
//! lines admission complains about.
//!
//! Layout trick: the textarea grows to fit its text (rows/cols follow the content) and the
//! surrounding box scrolls, so the overlay and gutter scroll with it without any JS syncing.
//!
//! Keys: Tab / Shift-Tab indent with spaces; Escape then Tab leaves the editor (announced);
//! Enter keeps the indentation; Ctrl/Cmd+Enter applies. Edits go through
//! `execCommand("insertText")` so the browser's undo stack keeps them.

use crate::engine::diag::Diagnostic;
use crate::ui::chrome::diag_on_line;
use crate::ui::highlight::{highlight, Mark};
use crate::ui::state::Lab;
use crate::ui::textedit::{fit, indent, line_col, newline, offset_of, outdent};
use crate::ui::typing::apply_edit;
use leptos::html::Textarea;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves the caret to a diagnostic's position and focuses the editor.
pub fn focus_at(ta: &web_sys::HtmlTextAreaElement, d: &Diagnostic) {
    let off = offset_of(&ta.value(), d.line, d.column) as u32;
    let _ = ta.focus();
    let _ = ta.set_selection_range(off, off);
    // The editor tracks its caret on click; tell it the caret moved so the message under the
    // editor follows (moving the selection from script fires no event of its own).
    if let Ok(ev) = web_sys::Event::new("click") {
        let _ = ta.dispatch_event(&ev);
    }
    // Bring the line into view inside the scrolling box (the gutter cell of that line).
    if let Some(cell) = ta
        .closest(".pl-ed")
        .ok()
        .flatten()
        .and_then(|ed| ed.query_selector(&format!("[data-line=\"{}\"]", d.line)).ok().flatten())
    {
        cell.scroll_into_view_with_bool(false);
    }
}

/// The editor.
#[component]
pub fn Editor() -> impl IntoView {
    let lab = Lab::get();
    let ta_ref = NodeRef::<Textarea>::new();
    provide_context(ta_ref);
    let caret = RwSignal::new((1u32, 1u32));
    // Escape arms "Tab leaves"; any other key disarms it.
    let leave_armed = StoredValue::new(false);

    let marks = Memo::new(move |_| {
        lab.diagnostics.with(|ds| ds.iter().map(Mark::from).collect::<Vec<_>>())
    });
    let size = Memo::new(move |_| lab.text.with(|t| fit(t)));

    // Text that came from the textarea is not written back into it: for a pasted megabyte that
    // copy (Rust to JS, then the textarea re-normalising its value) was most of the input's cost.
    let from_textarea = StoredValue::new(false);
    let edited_here = move |text: String| {
        from_textarea.set_value(true);
        lab.edited(text);
    };
    Effect::new(move |_| {
        let Some(ta) = ta_ref.get() else { return };
        if from_textarea.get_value() {
            from_textarea.set_value(false);
            lab.text.track();
            return;
        }
        lab.text.with(|t| {
            if ta.value() != *t {
                ta.set_value(t);
            }
        });
    });

    let track_caret = move || {
        if let Some(ta) = ta_ref.get_untracked() {
            let pos = ta.selection_start().ok().flatten().unwrap_or(0) as usize;
            caret.set(line_col(&ta.value(), pos));
        }
    };
    let on_input = move |ev: web_sys::Event| {
        let Some(ta) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        else {
            return;
        };
        // One copy of the text out of the textarea (a pasted megabyte costs milliseconds per copy).
        let text = ta.value();
        let pos = ta.selection_start().ok().flatten().unwrap_or(0) as usize;
        caret.set(line_col(&text, pos));
        edited_here(text);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(ta) = ta_ref.get_untracked() else { return };
        let key = ev.key();
        let armed = leave_armed.get_value();
        leave_armed.set_value(false);
        let (s, e) = (
            ta.selection_start().ok().flatten().unwrap_or(0) as usize,
            ta.selection_end().ok().flatten().unwrap_or(0) as usize,
        );
        match key.as_str() {
            "Escape" => {
                leave_armed.set_value(true);
                lab.say("Press Tab to leave the editor, or Shift+Tab to go back.");
            }
            "Tab" if armed => {} // let the browser move focus
            "Tab" => {
                ev.prevent_default();
                let text = ta.value();
                let edit =
                    if ev.shift_key() { outdent(&text, s, e) } else { Some(indent(&text, s, e)) };
                if let Some(edit) = edit {
                    edited_here(apply_edit(&ta, &edit));
                }
            }
            "Enter" if ev.ctrl_key() || ev.meta_key() => {
                ev.prevent_default();
                lab.apply_in_two_tasks();
            }
            "Enter" if !ev.shift_key() && !ev.alt_key() => {
                ev.prevent_default();
                let edit = newline(&ta.value(), s, e);
                edited_here(apply_edit(&ta, &edit));
            }
            _ => {}
        }
    };

    // The diagnostic on the caret's line, shown under the editor (the "message on focus").
    let here = move || {
        let (line, _) = caret.get();
        lab.diagnostics.with(|ds| diag_on_line(ds, line).map(|(_, words)| words))
    };

    let gutter = move || {
        let n = size.get().0;
        lab.diagnostics.with(|ds| {
            (1..=n as u32)
                .map(|i| {
                    let msg = diag_on_line(ds, i).map(|(d, _)| d.message.clone());
                    let err = msg.is_some();
                    view! {
                        <span class="pl-ed__num" class:pl-ed__num--err=err data-line=i title=msg>{i}</span>
                    }
                })
                .collect_view()
        })
    };
    // Text over the size cap is refused unparsed; highlighting it would only cost the page a
    // layout of megabytes of spans, so the textarea shows it plainly instead.
    let oversize =
        Memo::new(move |_| lab.text.with(|t| t.len() > crate::engine::limits::MAX_SPEC_BYTES));
    let overlay = move || {
        if oversize.get() {
            return ().into_any();
        }
        let m = marks.get();
        lab.text.with(|t| {
            highlight(t, &m)
                .into_iter()
                .map(|line| {
                    view! {
                        <span class="pl-ed__line">
                            {line.pieces.into_iter().map(|p| view! {
                                <span class=format!("tok-{}", p.kind.as_str()) class:pl-ed__mark=p.marked>{p.text}</span>
                            }).collect_view()}
                            "\n"
                        </span>
                    }
                })
                .collect_view()
                .into_any()
        })
    };

    let reset = move |_| {
        lab.load_text(lab.starting.get_value());
        lab.say("Editor reset to the lesson's starting YAML.");
    };

    view! {
        <div class="pl-ed" class:pl-ed--plain=move || oversize.get()>
            <div class="pl-ed__scroll">
                <div class="pl-ed__gutter" aria-hidden="true">{gutter}</div>
                <div class="pl-ed__code">
                    <pre class="pl-ed__overlay" aria-hidden="true">{overlay}</pre>
                    <textarea
                        node_ref=ta_ref
                        class="pl-ed__input"
                        data-testid="editor"
                        aria-label="YAML manifest editor. Tab indents; press Escape then Tab to leave. Control+Enter applies."
                        aria-describedby="editor-here"
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        wrap="off"
                        rows=move || size.get().0.to_string()
                        cols=move || size.get().1.to_string()
                        on:input=on_input
                        on:keydown=on_keydown
                        on:keyup=move |_| track_caret()
                        on:click=move |_| track_caret()
                    ></textarea>
                </div>
            </div>
            <div class="pl-ed__bar">
                <p id="editor-here" class="pl-ed__here" data-testid="editor-here">{move || here().unwrap_or_default()}</p>
                <button class="pl-btn pl-btn--ghost" data-testid="reset" on:click=reset>"Reset"</button>
                <button class="pl-btn pl-btn--primary" data-testid="apply" on:click=move |_| lab.apply_in_two_tasks()
                    title="Apply (Ctrl+Enter)">"Apply"</button>
            </div>
        </div>
    }
}
