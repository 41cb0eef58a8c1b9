//! The web app's entry point (built to wasm by Trunk): a panic hook, then start the app (which
//! replaces the static first paint once built, `ui::app::start`).
//! Built natively, it prints the app's first paint for the build (`podlab-web prerender`).

#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        // 1. The message in the console (with the Rust location).
        console_error_panic_hook::hook(info);
        // 2. The learner's text on screen. A wasm panic aborts: the instance is dead and every
        //    later call into it fails (reliability.md §5.4), so this uses the DOM directly, and
        //    shows the editor's text (also saved as a draft before any parse or run).
        show_crash_notice();
    }));
    // `?embed…` (src/ui/embed_link.rs): one example or shared manifest, no header or lessons.
    if podlab::ui::embed::requested().is_some() {
        podlab::ui::startup::remove_first_paint();
        // User Timing: the first render (the e2e start-up test reports the app's).
        podlab::ui::state::timed("podlab:mount", || {
            leptos::mount::mount_to_body(podlab::ui::embed::EmbedApp)
        });
        return;
    }
    // The app builds hidden over several tasks, then replaces the first paint, taking what was
    // typed there and a pending Apply.
    podlab::ui::app::start();
}

/// Puts a notice with the editor's current text over the page. Best effort: every step is
/// optional, nothing here may panic again.
#[cfg(target_arch = "wasm32")]
fn show_crash_notice() {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    // The first paint's textarea while it is still there (the app is built hidden meanwhile).
    let text = doc
        .query_selector("#pl-pre-editor, [data-testid=\"editor\"]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default();
    let Ok(panel) = doc.create_element("div") else { return };
    panel.set_class_name("pl-crash");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute("data-testid", "crash");
    if let Ok(p) = doc.create_element("p") {
        p.set_text_content(Some("podlab crashed. Your YAML is below (and saved in this browser): copy it, then reload the page."));
        let _ = panel.append_child(&p);
    }
    if let Ok(ta) = doc.create_element("textarea") {
        let _ = ta.set_attribute("readonly", "");
        ta.set_text_content(Some(&text));
        let _ = panel.append_child(&ta);
    }
    if let Some(body) = doc.body() {
        let _ = body.append_child(&panel);
    }
}

/// Natively, the web app's binary has one job, for the build: `podlab-web prerender` prints the
/// app's static first paint (`podlab::ui::first_paint`) for the course built into it, and
/// `podlab-web prerender lessons` the other lessons' first paint as a JSON object (slug →
/// article); `scripts/prerender-hook.mjs` writes them into `index.html` and files beside it.
/// Exit 1 if the order file had problems.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use podlab::content::lesson::Catalog;
    use podlab::ui::{first_paint, lesson_nav::starting_yaml};
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lessons = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["prerender"] => false,
        ["prerender", "lessons"] => true,
        _ => {
            eprintln!(
                "podlab-web is the browser app: build it with `make serve` (Trunk), not natively.\n\
                 Natively it only prints the app's first paint: podlab-web prerender [lessons]"
            );
            std::process::exit(2);
        }
    };
    let cat = Catalog::embedded();
    if lessons {
        let map: serde_json::Map<String, serde_json::Value> = first_paint::other_lessons(&cat)
            .into_iter()
            .map(|(slug, html)| (slug, serde_json::Value::String(html)))
            .collect();
        print!("{}", serde_json::Value::Object(map));
    } else {
        print!("{}", first_paint::page(&cat, &starting_yaml(&cat, 0)));
    }
    for e in &cat.errors {
        eprintln!("podlab-web prerender: {e}");
    }
    std::process::exit(i32::from(!cat.errors.is_empty()));
}
