//! Browser tests of the UI components (wasm-bindgen-test in headless Chromium; native
//! `cargo test` skips this file). Run: `make test-wasm`, or
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use podlab::ui::storage::{BrowserStorage, Store, StoreStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |res, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&res, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Mounts the app and waits until it is built: it builds hidden, a part per task, and shows
/// itself when done (`ui::startup`).
async fn mounted(
) -> (web_sys::HtmlElement, leptos::mount::UnmountHandle<impl leptos::prelude::Mountable>) {
    let host: web_sys::HtmlElement = document().create_element("section").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), podlab::ui::App);
    for _ in 0..200 {
        if host.query_selector(".pl-app:not([hidden])").unwrap().is_some() {
            return (host, handle);
        }
        sleep(10).await;
    }
    panic!("the app never showed itself");
}

fn by_testid(host: &web_sys::HtmlElement, id: &str) -> web_sys::Element {
    host.query_selector(&format!("[data-testid=\"{id}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no {id}"))
}

fn type_text(host: &web_sys::HtmlElement, text: &str) {
    let ta: web_sys::HtmlTextAreaElement = by_testid(host, "editor").unchecked_into();
    ta.set_value(text);
    ta.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn the_lesson_example_is_loaded_and_checked() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let (host, _h) = mounted().await;
    let ta: web_sys::HtmlTextAreaElement = by_testid(&host, "editor").unchecked_into();
    assert!(ta.value().starts_with("apiVersion: v1\nkind: Pod\n"), "{}", ta.value());
    assert!(by_testid(&host, "lesson").text_content().unwrap().contains("The preparation crew"));
    assert!(by_testid(&host, "diagnostics").text_content().unwrap().contains("No problems found."));
}

// Issue 15: the app builds hidden over several tasks while the first paint stays, then takes
// its place in one, with what was typed into the first paint meanwhile and the caret.
#[wasm_bindgen_test]
async fn the_app_builds_hidden_then_replaces_the_first_paint_keeping_the_typed_text_and_caret() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let doc = document();
    // A first paint as index.html has it (`ui::first_paint`): its textarea, typed into, focused.
    let pre = doc.create_element("div").unwrap();
    pre.set_id("pl-pre");
    let ta: web_sys::HtmlTextAreaElement = doc.create_element("textarea").unwrap().unchecked_into();
    ta.set_id("pl-pre-editor");
    ta.set_default_value("kind: Pod\n").unwrap();
    pre.append_child(&ta).unwrap();
    doc.body().unwrap().append_child(&pre).unwrap();
    ta.set_value("kind: Pod\n# typed before the app\n");
    ta.focus().unwrap();
    let host: web_sys::HtmlElement = doc.create_element("section").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&host).unwrap();
    let _h = leptos::mount::mount_to(host.clone(), podlab::ui::App);
    // Mounted: only the hidden shell; the first paint is still what the learner sees.
    assert!(host.query_selector(".pl-app[hidden]").unwrap().is_some());
    assert!(host.query_selector("[data-testid=\"editor\"]").unwrap().is_none());
    assert!(doc.get_element_by_id("pl-pre").is_some());
    // Typed while the app builds (the early editor is still live), caret after "# typed".
    ta.set_value("kind: Pod\n# typed while the app built\n");
    ta.set_selection_range(17, 17).unwrap();
    for _ in 0..200 {
        if doc.get_element_by_id("pl-pre").is_none() {
            break;
        }
        sleep(10).await;
    }
    assert!(doc.get_element_by_id("pl-pre").is_none(), "the first paint is still there");
    assert!(host.query_selector(".pl-app[hidden]").unwrap().is_none(), "the app is still hidden");
    let ed: web_sys::HtmlTextAreaElement = by_testid(&host, "editor").unchecked_into();
    assert_eq!(ed.value(), "kind: Pod\n# typed while the app built\n");
    assert_eq!(
        doc.active_element().map(|e| e.get_attribute("data-testid")),
        Some(Some("editor".into()))
    );
    assert_eq!((ed.selection_start().unwrap(), ed.selection_end().unwrap()), (Some(17), Some(17)));
    // Everything was built before it showed: the lesson, the diagnostics of the typed text,
    // the details and the lesson's footer.
    for id in ["lesson", "diagnostics", "console-input", "lesson-done"] {
        by_testid(&host, id);
    }
}

#[wasm_bindgen_test]
async fn typing_broken_yaml_marks_its_line_after_the_debounce() {
    let (host, _h) = mounted().await;
    type_text(&host, "kind: Pod\nmetadata:\n  name: x\n bad: 1\n");
    sleep(300).await;
    tick().await;
    let diags = by_testid(&host, "diagnostics").text_content().unwrap();
    assert!(diags.contains("Line 4, column 2"), "{diags}");
    let marked = host.query_selector(".pl-ed__num--err").unwrap().unwrap();
    assert_eq!(marked.get_attribute("data-line").as_deref(), Some("4"));
    // The overlay shows the same text the textarea holds (pieces are text nodes).
    let overlay = host.query_selector(".pl-ed__overlay").unwrap().unwrap().text_content().unwrap();
    assert_eq!(overlay, "kind: Pod\nmetadata:\n  name: x\n bad: 1\n\n");
}

#[wasm_bindgen_test]
async fn html_typed_into_the_editor_stays_text() {
    let (host, _h) = mounted().await;
    type_text(&host, "name: \"<img src=x onerror=window.__pwned=1>\"\n");
    sleep(300).await;
    assert!(host.query_selector(".pl-ed__overlay img").unwrap().is_none());
    assert!(js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
        .unwrap()
        .is_undefined());
}

#[wasm_bindgen_test]
async fn unmounting_with_a_pending_debounce_does_not_panic() {
    // A panic in a timer callback never reaches the test harness: record it instead.
    std::panic::set_hook(Box::new(|info| {
        let _ = js_sys::Reflect::set(
            &web_sys::window().unwrap(),
            &"__panicked".into(),
            &info.to_string().into(),
        );
    }));
    let (host, h) = mounted().await;
    type_text(&host, "kind: Pod\n");
    drop(h); // the debounce timer fires after the owner is gone
    sleep(300).await;
    host.remove();
    let panicked = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__panicked".into()).unwrap();
    assert!(panicked.is_undefined(), "{panicked:?}");
}

#[wasm_bindgen_test]
fn browser_storage_round_trips_through_the_envelope() {
    let mut s = Store::new(BrowserStorage::open());
    assert_eq!(s.status(), &StoreStatus::Persistent);
    assert!(s.save("draft", "web-test", serde_json::Value::String("kind: Pod".into()), 1.0));
    assert_eq!(s.load_text("draft", "web-test", 2.0).as_deref(), Some("kind: Pod"));
    let raw = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("podlab:v1:draft:web-test")
        .unwrap()
        .unwrap();
    assert!(raw.starts_with("{\"schema\":1,"), "{raw}");
}

#[wasm_bindgen_test]
async fn playing_moves_the_clock_and_unmounting_stops_the_ticker_cleanly() {
    use leptos::prelude::*;
    use podlab::engine::kubelet::Action;
    use podlab::engine::model::{Container, Object, Pod};
    use podlab::ui::state::Lab;
    std::panic::set_hook(Box::new(|info| {
        let _ = js_sys::Reflect::set(
            &web_sys::window().unwrap(),
            &"__panicked2".into(),
            &info.to_string().into(),
        );
    }));
    let host: web_sys::HtmlElement = document().create_element("section").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let cell = std::rc::Rc::new(std::cell::Cell::new(None::<Lab>));
    let c2 = cell.clone();
    let h = leptos::mount::mount_to(host.clone(), move || {
        c2.set(Some(Lab::provide("web-test", "kind: Pod\n")));
        view! { <podlab::ui::controls::TimeControls/> }
    });
    let lab = cell.get().unwrap();
    // A pod applied straight through the cluster-action path (works with any engine build).
    let mut pod = Pod::default();
    pod.metadata.name = "p".into();
    pod.spec.containers.push(Container {
        name: "c".into(),
        image: "busybox".into(),
        ..Container::default()
    });
    lab.act(Action::Apply(vec![Object::Pod(pod)]));
    lab.playback.update(|p| p.play());
    sleep(300).await;
    let t = lab.playback.get_untracked().t;
    assert!(t.0 > 0, "the ticker did not move the playhead");
    let clock = by_testid(&host, "clock").text_content().unwrap();
    assert_ne!(clock, "0.0s");
    drop(h);
    sleep(300).await;
    host.remove();
    let panicked =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__panicked2".into()).unwrap();
    assert!(panicked.is_undefined(), "{panicked:?}");
}
