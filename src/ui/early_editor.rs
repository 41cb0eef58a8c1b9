//! The early editor: the first paint's textarea made live (highlighting, admission's diagnostics,
//! the editor's keys and an Apply that waits) by a small wasm of its own (`podlab-editor`, about a
//! fifth of the app's), while the app's wasm is still on its way. On workshop Wi-Fi the learner
//! checks YAML within a second or so instead of waiting for the whole simulated node (issue 15).
//!
//! Plain web-sys, no Leptos: Leptos is most of the app's bytes. It draws the app's editor markup
//! (`ui::editor`, `ui::diagnostics`: the same classes and words, from [`super::chrome`]) around
//! the same textarea element, so what was typed, the caret and the undo stack stay; the app
//! (`ui::startup`) then takes the text and the caret over, and runs it if Apply was pressed here.
//!
//! Learner text and messages only become text nodes (reliability.md R4). Nothing here decides
//! Kubernetes behaviour: the diagnostics are `engine::admission::admit`'s.
//!
//! The page's loader (`Trunk.toml`, `pattern_script`) fetches the app's wasm only once this
//! module's wasm has arrived, so the two never share the link, and reports its progress as
//! `podlab-progress` events (`detail: { loaded, total }` in bytes), which the status line words.

use crate::engine::admission::admit;
use crate::engine::diag::Diagnostic;
use crate::engine::limits::MAX_SPEC_BYTES;
use crate::ui::chrome::{diag_on_line, diag_severity, diag_where, NO_PROBLEMS};
use crate::ui::highlight::{highlight, Mark};
use crate::ui::textedit::{fit, indent, line_col, newline, offset_of, outdent, DEBOUNCE};
use crate::ui::typing::apply_edit;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTextAreaElement};

/// The app editor's typing pause before admission runs.
const DEBOUNCE_MS: i32 = DEBOUNCE.as_millis() as i32;

/// The first paint's element the app looks for when it starts: `data-run` on it says Apply was
/// pressed here (read by `ui::startup`).
pub const PAGE_ID: &str = "pl-pre";
/// The first paint's textarea.
pub const TEXTAREA_ID: &str = "pl-pre-editor";

struct Early {
    doc: Document,
    ta: HtmlTextAreaElement,
    ed: Element,
    gutter: Element,
    overlay: Element,
    here: Element,
    diags: Element,
    progress: Element,
    timer: Option<i32>,
    /// The last check's diagnostics (the marks, the gutter and the caret line read them).
    found: Vec<Diagnostic>,
    leave_armed: bool,
    run_requested: bool,
    loaded: Option<(f64, f64)>,
}

thread_local! {
    static EARLY: RefCell<Option<Early>> = const { RefCell::new(None) };
}

/// Makes the first paint's editor live. Does nothing when the page has none (the `?embed` view,
/// or the app already started).
pub fn start() {
    // User Timing: the first wasm code to run on the page (the e2e start-up test reports the
    // main thread's long tasks from here on).
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("podlab:early");
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    // The `?embed` view (index.html's first line marks it) hides the first paint: nothing to do.
    if doc.document_element().and_then(|d| d.get_attribute("data-embed")).is_some() {
        return;
    }
    let Some(ta) =
        doc.get_element_by_id(TEXTAREA_ID).and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    if build(&doc, ta).is_none() {
        web_sys::console::warn_1(&"podlab: the early editor could not start".into());
    }
}

fn el(doc: &Document, tag: &str, class: &str) -> Option<Element> {
    let e = doc.create_element(tag).ok()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Some(e)
}

fn listen<E: JsCast>(target: &web_sys::EventTarget, name: &str, mut f: impl FnMut(E) + 'static) {
    let f = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Ok(ev) = ev.dyn_into::<E>() {
            f(ev)
        }
    });
    let _ = target.add_event_listener_with_callback(name, f.as_ref().unchecked_ref());
    f.forget(); // lives as long as the page (the app removes the elements, and with them the calls)
}

/// Wraps the textarea in the app's editor markup, adds the bar, the diagnostics list and the
/// status line, and wires the events.
fn build(doc: &Document, ta: HtmlTextAreaElement) -> Option<()> {
    let region = ta.parent_element()?;
    let focused = doc.active_element().is_some_and(|a| a.id() == TEXTAREA_ID);
    let (s, e) = selection(&ta);

    let ed = el(doc, "div", "pl-ed pl-pre__live")?;
    let scroll = el(doc, "div", "pl-ed__scroll")?;
    let gutter = el(doc, "div", "pl-ed__gutter")?;
    gutter.set_attribute("aria-hidden", "true").ok()?;
    let code = el(doc, "div", "pl-ed__code")?;
    let overlay = el(doc, "pre", "pl-ed__overlay")?;
    overlay.set_attribute("aria-hidden", "true").ok()?;
    let bar = el(doc, "div", "pl-ed__bar")?;
    let here = el(doc, "p", "pl-ed__here")?;
    here.set_id("pl-pre-here");
    let apply = el(doc, "button", "pl-btn pl-btn--primary")?;
    apply.set_text_content(Some("Apply"));
    apply.set_attribute("title", "Apply (Ctrl+Enter)").ok()?;
    apply.set_attribute("data-testid", "early-apply").ok()?;
    let diags = el(doc, "div", "pl-diags pl-pre__live")?;
    diags.set_attribute("data-testid", "early-diagnostics").ok()?;
    diags.set_attribute("aria-live", "polite").ok()?;
    // The status line is the simulated node's region's "loading" line, where the run will be.
    let progress = match doc.query_selector(".pl-sim .pl-pre__wait").ok().flatten() {
        Some(p) => p,
        None => el(doc, "p", "pl-pre__wait pl-pre__live")?,
    };
    progress.set_attribute("role", "status").ok()?;
    progress.set_attribute("data-testid", "early-progress").ok()?;

    region.insert_before(&ed, Some(&ta)).ok()?;
    ed.append_child(&scroll).ok()?;
    scroll.append_child(&gutter).ok()?;
    scroll.append_child(&code).ok()?;
    code.append_child(&overlay).ok()?;
    code.append_child(&ta).ok()?;
    bar.append_child(&here).ok()?;
    bar.append_child(&apply).ok()?;
    ed.append_child(&bar).ok()?;
    let after = ed.next_sibling();
    region.insert_before(&diags, after.as_ref()).ok()?;
    if progress.parent_node().is_none() {
        region.insert_before(&progress, diags.next_sibling().as_ref()).ok()?;
    }
    // The first paint's "loading the editor's checks" line: the status line says the rest now.
    if let Some(wait) = region.query_selector(".pl-pre__wait:not(.pl-pre__live)").ok().flatten() {
        wait.remove();
    }

    ta.set_class_name("pl-ed__input");
    ta.set_attribute("data-testid", "early-editor").ok()?;
    ta.set_attribute(
        "aria-label",
        "YAML manifest editor. Tab indents; press Escape then Tab to leave. Control+Enter applies.",
    )
    .ok()?;
    ta.set_attribute("aria-describedby", "pl-pre-here").ok()?;
    if focused {
        let _ = ta.focus();
        let _ = ta.set_selection_range(s as u32, e as u32);
    }

    EARLY.with_borrow_mut(|slot| {
        *slot = Some(Early {
            doc: doc.clone(),
            ta: ta.clone(),
            ed,
            gutter,
            overlay,
            here,
            diags: diags.clone(),
            progress,
            timer: None,
            found: Vec::new(),
            leave_armed: false,
            run_requested: false,
            loaded: None,
        })
    });
    // Highlighting now, admission's first check in a task of its own: together they made one
    // task of 40–80 ms on a laptop (V8 compiling both on first use; issue 15: none over 50 ms).
    draw(false);
    schedule_check(0);
    words_progress();
    // index.html's lesson loader marks the page "away" on another lesson (its editor hidden):
    // the status line then speaks of the node only. It listened first, so it has marked it.
    if let Some(w) = web_sys::window() {
        listen(&w, "hashchange", |_: web_sys::Event| words_progress());
    }

    listen(&ta, "input", |_: web_sys::Event| {
        draw(false);
        schedule_check(DEBOUNCE_MS);
    });
    listen(&ta, "keydown", on_keydown);
    listen(&ta, "keyup", |_: web_sys::Event| caret_moved());
    listen(&ta, "click", |_: web_sys::Event| caret_moved());
    listen(&apply, "click", |_: web_sys::Event| request_run());
    listen(&diags, "click", |ev: web_sys::Event| {
        let at = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-line]").ok().flatten());
        if let Some(b) = at {
            let num = |k: &str| b.get_attribute(k).and_then(|v| v.parse::<u32>().ok()).unwrap_or(1);
            focus_at(num("data-line"), num("data-column"));
        }
    });
    let window: web_sys::EventTarget = web_sys::window()?.into();
    listen(&window, "podlab-progress", |ev: web_sys::CustomEvent| {
        let d = ev.detail();
        let get = |k: &str| js_sys::Reflect::get(&d, &k.into()).ok().and_then(|v| v.as_f64());
        if let (Some(loaded), Some(total)) = (get("loaded"), get("total")) {
            EARLY.with_borrow_mut(|s| {
                if let Some(s) = s {
                    s.loaded = Some((loaded, total));
                }
            });
            words_progress();
        }
    });
    Some(())
}

fn selection(ta: &HtmlTextAreaElement) -> (usize, usize) {
    (
        ta.selection_start().ok().flatten().unwrap_or(0) as usize,
        ta.selection_end().ok().flatten().unwrap_or(0) as usize,
    )
}

/// Runs admission on the text after `delay_ms` (the typing pause), replacing a pending check.
fn schedule_check(delay_ms: i32) {
    let Some(window) = web_sys::window() else { return };
    EARLY.with_borrow_mut(|s| {
        let Some(s) = s else { return };
        if let Some(t) = s.timer.take() {
            window.clear_timeout_with_handle(t);
        }
        let f = Closure::once_into_js(|| draw(true));
        s.timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), delay_ms)
            .ok();
    });
}

/// Redraws the highlighting, the gutter and the textarea's size; with `check`, runs admission
/// first and redraws the diagnostics (the marks stay those of the last check in between, as in
/// the app).
fn draw(check: bool) {
    EARLY.with_borrow_mut(|s| {
        let Some(s) = s else { return };
        let text = s.ta.value();
        if check {
            s.found = admit(&text).diagnostics;
            s.draw_diagnostics();
        }
        s.draw_text(&text);
        s.words_here(caret_line(&s.ta));
    });
}

fn caret_line(ta: &HtmlTextAreaElement) -> u32 {
    let (s, _) = selection(ta);
    line_col(&ta.value(), s).0
}

fn caret_moved() {
    EARLY.with_borrow(|s| {
        if let Some(s) = s {
            s.words_here(caret_line(&s.ta));
        }
    });
}

impl Early {
    fn draw_text(&self, text: &str) {
        let ds = &self.found;
        let (lines, cols) = fit(text);
        let _ = self.ta.set_attribute("rows", &lines.to_string());
        let _ = self.ta.set_attribute("cols", &cols.to_string());
        // The gutter, with the lines admission complains about marked.
        self.gutter.set_text_content(None);
        for i in 1..=lines as u32 {
            let Some(n) = el(&self.doc, "span", "pl-ed__num") else { return };
            n.set_text_content(Some(&i.to_string()));
            let _ = n.set_attribute("data-line", &i.to_string());
            if let Some((d, _)) = diag_on_line(ds, i) {
                let _ = n.class_list().add_1("pl-ed__num--err");
                let _ = n.set_attribute("title", &d.message);
            }
            let _ = self.gutter.append_child(&n);
        }
        // Text over the size cap is refused unparsed: shown plain, as the app does.
        let plain = text.len() > MAX_SPEC_BYTES;
        let _ = self.ed.class_list().toggle_with_force("pl-ed--plain", plain);
        self.overlay.set_text_content(None);
        if plain {
            return;
        }
        let marks: Vec<Mark> = ds.iter().map(Mark::from).collect();
        for line in highlight(text, &marks) {
            let Some(l) = el(&self.doc, "span", "pl-ed__line") else { return };
            for p in line.pieces {
                let class = if p.marked {
                    format!("tok-{} pl-ed__mark", p.kind.as_str())
                } else {
                    format!("tok-{}", p.kind.as_str())
                };
                let Some(piece) = el(&self.doc, "span", &class) else { return };
                piece.set_text_content(Some(&p.text));
                let _ = l.append_child(&piece);
            }
            let _ = l.append_with_str_1("\n");
            let _ = self.overlay.append_child(&l);
        }
    }

    fn draw_diagnostics(&self) {
        let ds = &self.found;
        self.diags.set_text_content(None);
        let _ =
            self.diags.set_attribute("data-state", if ds.is_empty() { "ok" } else { "problems" });
        if ds.is_empty() {
            if let Some(p) = el(&self.doc, "p", "pl-diags__ok") {
                p.set_text_content(Some(NO_PROBLEMS));
                let _ = self.diags.append_child(&p);
            }
            return;
        }
        let Some(list) = el(&self.doc, "ul", "pl-diags__list") else { return };
        for d in ds {
            let sev = diag_severity(d);
            let (Some(li), Some(b)) = (
                el(&self.doc, "li", &format!("pl-diag pl-diag--{sev}")),
                el(&self.doc, "button", "pl-diag__go"),
            ) else {
                return;
            };
            let _ = b.set_attribute("data-line", &d.line.to_string());
            let _ = b.set_attribute("data-column", &d.column.to_string());
            for (class, words) in [
                ("pl-diag__sev", sev.to_string()),
                ("pl-diag__where", diag_where(d)),
                ("pl-diag__msg", d.message.clone()),
            ] {
                if let Some(span) = el(&self.doc, "span", class) {
                    span.set_text_content(Some(&words));
                    let _ = b.append_child(&span);
                }
            }
            let _ = li.append_child(&b);
            let _ = list.append_child(&li);
        }
        let _ = self.diags.append_child(&list);
    }

    fn words_here(&self, line: u32) {
        let words = diag_on_line(&self.found, line).map(|(_, w)| w).unwrap_or_default();
        self.here.set_text_content(Some(&words));
    }
}

/// The status line: how much of the simulated node has arrived, and, once Apply was pressed,
/// that the YAML runs when it does.
fn words_progress() {
    EARLY.with_borrow(|s| {
        let Some(s) = s else { return };
        // In tens: a status line is read out on each change.
        let pct =
            s.loaded.map(|(l, t)| if t > 0.0 { (10.0 * l / t).min(10.0) as u32 * 10 } else { 0 });
        // On another lesson than the first paint's (index.html's loader marks the page away),
        // the editor and its checks are hidden until the app brings that lesson's manifest.
        let away = s.doc.query_selector("#pl-pre.pl-pre--away").ok().flatten().is_some();
        let state = match pct {
            None => "loading".to_string(),
            Some(100) => "starting".to_string(),
            Some(p) => format!("loading ({p}%)"),
        };
        let node = if away {
            format!("The simulated node is {state}…")
        } else {
            format!("The editor's checks are ready; the simulated node is {state}…")
        };
        let words = if s.run_requested {
            match pct {
                Some(100) => "Starting the simulated node: your YAML runs in a moment…".to_string(),
                Some(p) => format!(
                    "Loading the simulated node ({p}%): your YAML runs as soon as it arrives."
                ),
                None => {
                    "Loading the simulated node: your YAML runs as soon as it arrives.".to_string()
                }
            }
        } else {
            node
        };
        if s.progress.text_content().as_deref() != Some(words.as_str()) {
            s.progress.set_text_content(Some(&words));
        }
    });
}

/// Apply before the app is here: remembered on the page (`ui::startup` runs it once the app has
/// started) and said on the status line.
fn request_run() {
    EARLY.with_borrow_mut(|s| {
        let Some(s) = s else { return };
        s.run_requested = true;
        if let Some(page) = s.doc.get_element_by_id(PAGE_ID) {
            let _ = page.set_attribute("data-run", "1");
        }
        let _ = s.progress.class_list().add_1("pl-pre__run");
    });
    words_progress();
}

fn focus_at(line: u32, column: u32) {
    EARLY.with_borrow(|s| {
        let Some(s) = s else { return };
        let off = offset_of(&s.ta.value(), line, column) as u32;
        let _ = s.ta.focus();
        let _ = s.ta.set_selection_range(off, off);
        s.words_here(line);
        if let Some(cell) =
            s.gutter.query_selector(&format!("[data-line=\"{line}\"]")).ok().flatten()
        {
            cell.scroll_into_view_with_bool(false);
        }
    });
}

/// The app editor's keys (`ui::editor`): Tab / Shift-Tab indent, Escape then Tab leaves, Enter
/// keeps the indentation, Ctrl/Cmd+Enter applies.
fn on_keydown(ev: web_sys::KeyboardEvent) {
    let Some(ta) = EARLY.with_borrow_mut(|s| {
        s.as_mut().map(|s| {
            let armed = s.leave_armed;
            s.leave_armed = ev.key() == "Escape";
            (s.ta.clone(), armed)
        })
    }) else {
        return;
    };
    let (ta, armed) = ta;
    let (s, e) = selection(&ta);
    let edit = match ev.key().as_str() {
        "Tab" if armed => return,
        "Tab" => {
            let text = ta.value();
            if ev.shift_key() {
                outdent(&text, s, e)
            } else {
                Some(indent(&text, s, e))
            }
        }
        "Enter" if ev.ctrl_key() || ev.meta_key() => {
            ev.prevent_default();
            request_run();
            return;
        }
        "Enter" if !ev.shift_key() && !ev.alt_key() => Some(newline(&ta.value(), s, e)),
        _ => return,
    };
    ev.prevent_default();
    if let Some(edit) = edit {
        apply_edit(&ta, &edit);
        draw(false);
        schedule_check(DEBOUNCE_MS);
    }
}
