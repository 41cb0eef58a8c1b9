//! The progress panel under the lesson: what is done, and moving progress between browsers —
//! export as a file (`content::progress::export`, the versioned envelope with its `format`
//! marker) and import from one (`content::progress::import`, merged so nothing local is lost).

use crate::content::progress::{self, MAX_IMPORT_BYTES};
use crate::ui::course::Course;
use crate::ui::lesson_nav::{export_file_name, import_into};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` as a download named `name` (a Blob URL on a temporary link, revoked after
/// the browser has taken it).
fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let a: web_sys::HtmlElement = doc.create_element("a")?.unchecked_into();
    a.set_attribute("href", &url)?;
    a.set_attribute("download", name)?;
    a.click();
    // A second is plenty for the browser to start the download from the URL.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(1),
    );
    Ok(())
}

/// Export / import and a one-line summary.
#[component]
pub fn ProgressPanel() -> impl IntoView {
    let course = Course::get();
    let lab = course.lab();
    let total_lessons = course.catalog.with_value(|c| c.entries.len());
    let summary = move || {
        course.progress.with(|p| {
            let lessons = p.completed_lessons.len();
            let solved = p.exercises.values().filter(|e| e.solved).count();
            format!(
                "{lessons} of {total_lessons} lessons done, {solved} exercise{} solved.",
                if solved == 1 { "" } else { "s" }
            )
        })
    };
    let file_input = NodeRef::<leptos::html::Input>::new();

    let export = move |_| {
        let now = js_sys::Date::now();
        let text = course.progress.with_untracked(|p| progress::export(p, now));
        match download(&export_file_name(now), &text) {
            Ok(()) => lab.say("Progress exported as a file."),
            Err(_) => course.note.set(Some("The browser did not allow the download.".into())),
        }
    };
    let pick = move |_| {
        if let Some(i) = file_input.get_untracked() {
            i.click();
        }
    };
    let imported = move |ev: web_sys::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value(""); // choosing the same file again fires `change` again
        if file.size() > MAX_IMPORT_BYTES as f64 {
            course
                .note
                .set(Some(progress::ImportError::TooLarge(file.size() as usize).to_string()));
            return;
        }
        // `Blob.text()` resolves once; the closure is kept alive until then (a few bytes per
        // import, never per keystroke).
        let done = Closure::once(move |v: JsValue| {
            let text = v.as_string().unwrap_or_default();
            let mut merged = course.progress.get_untracked();
            match import_into(&mut merged, &text) {
                Ok(msg) => {
                    course.update_progress(|p| *p = merged);
                    lab.say(msg.clone());
                    course.note.set(Some(msg));
                }
                Err(e) => course.note.set(Some(format!("Not imported: {e}."))),
            }
        });
        let _ = file.text().then(&done);
        done.forget();
    };

    view! {
        <div class="pl-progress" data-testid="progress">
            <p class="pl-progress__summary" data-testid="progress-summary">{summary}</p>
            <div class="pl-progress__bar">
                <button class="pl-btn pl-btn--ghost" data-testid="progress-export" on:click=export>"Export progress"</button>
                <button class="pl-btn pl-btn--ghost" data-testid="progress-import" on:click=pick>"Import progress…"</button>
                <input type="file" accept=".json,application/json" class="pl-progress__file" tabindex="-1" aria-hidden="true"
                    data-testid="progress-import-file" node_ref=file_input on:change=imported/>
            </div>
            {move || course.note.get().map(|n| view! { <p class="pl-progress__note" data-testid="progress-note" role="status">{n}</p> })}
        </div>
    }
}
