//! Typing into a `<textarea>` from code: the editor's keys (Tab, Shift-Tab, Enter) become
//! [`Edit`]s (`super::textedit`, pure text), applied here through `execCommand("insertText")` so
//! the browser's undo stack keeps them. Plain web-sys, no Leptos: the app's editor
//! (`super::editor`) and the early editor (`super::early_editor`, built without Leptos) both
//! edit through it.

use crate::ui::textedit::Edit;
use wasm_bindgen::JsCast;

/// Applies an [`Edit`] to the textarea the way typing would (undoable), falling back to setting
/// the value when `execCommand` is unavailable. Returns the new text.
pub fn apply_edit(ta: &web_sys::HtmlTextAreaElement, e: &Edit) -> String {
    let _ = ta.set_selection_range(e.start as u32, e.end as u32);
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok());
    let cmd = if e.insert.is_empty() { "delete" } else { "insertText" };
    let done = doc.is_some_and(|d| {
        d.exec_command_with_show_ui_and_value(cmd, false, &e.insert).unwrap_or(false)
    });
    if !done {
        ta.set_value(&e.apply(&ta.value()));
    }
    let _ = ta.set_selection_range(e.sel_start as u32, e.sel_end as u32);
    ta.value()
}
