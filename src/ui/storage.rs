//! The one place podlab's UI keeps data in the browser (reliability.md §6.3, R9).
//!
//! - Keys are `podlab:v1:<kind>:<slug>`, slugs are stable names (never indexes).
//! - Values are an envelope `{"schema":1,"app":"0.1.0","saved":<ms>,"data":…}`.
//! - A value written by a *newer* podlab is never overwritten: the store turns read-only for it.
//! - A value that does not parse as our envelope is moved aside to `podlab:corrupt:<ms>:<key>`
//!   and treated as absent (never deleted silently).
//! - Every backend error (quota, `SecurityError`, no storage at all) drops the store to an
//!   in-memory copy and says so in [`StoreStatus`], so the UI can show a banner; the app keeps
//!   working and retries persistence on the next write.
//!
//! The logic is plain Rust over a [`Backend`] trait (tested natively with fakes); the browser
//! backend at the bottom wraps `window.localStorage` without any throwing path.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema this build writes. Bump it only with a migration from the previous one.
pub const SCHEMA: u32 = 1;

/// Largest value kept (the editor's own cap, limits::MAX_SPEC_BYTES, plus envelope overhead).
pub const MAX_VALUE_BYTES: usize = crate::engine::limits::MAX_SPEC_BYTES + 1024;

/// Why the backend refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// No storage at all (blocked, or not a browser).
    Unavailable(String),
    /// The write did not fit (`QuotaExceededError`).
    Quota,
}

/// Key/value string storage (`localStorage` in the browser, a map in tests).
pub trait Backend {
    /// Reads a key.
    fn get(&self, key: &str) -> Result<Option<String>, BackendError>;
    /// Writes a key.
    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError>;
    /// Removes a key.
    fn remove(&mut self, key: &str) -> Result<(), BackendError>;
}

/// In-memory storage: the fallback, and the test backend.
#[derive(Clone, Debug, Default)]
pub struct Memory {
    /// The stored values.
    pub map: BTreeMap<String, String>,
}

impl Backend for Memory {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        Ok(self.map.get(key).cloned())
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError> {
        self.map.insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&mut self, key: &str) -> Result<(), BackendError> {
        self.map.remove(key);
        Ok(())
    }
}

/// Whether what the learner does is being kept across reloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreStatus {
    /// Saved in the browser.
    Persistent,
    /// Kept in memory only; the message says why (shown in a banner with the way out).
    MemoryOnly(String),
}

/// The stored envelope.
#[derive(Serialize, Deserialize)]
struct Envelope {
    schema: u32,
    app: String,
    saved: f64,
    data: serde_json::Value,
}

/// The result of reading one value.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    /// Nothing stored.
    Missing,
    /// The stored data.
    Value(serde_json::Value),
    /// Written by a newer podlab (schema in it): shown, never overwritten.
    Newer(serde_json::Value, u32),
}

/// The store: a backend (if any) plus the in-memory copy that is always current.
pub struct Store<B: Backend> {
    backend: Option<B>,
    memory: Memory,
    /// Keys holding a newer schema's data: never written.
    read_only: Vec<String>,
    status: StoreStatus,
}

/// The key of `kind` (`draft`, `prefs`, …) for `slug`.
pub fn key(kind: &str, slug: &str) -> String {
    format!("podlab:v{SCHEMA}:{kind}:{slug}")
}

impl<B: Backend> Store<B> {
    /// A store over `backend`, probed once: a backend that cannot write and remove a probe key
    /// is dropped for memory, with the reason.
    pub fn new(backend: Option<B>) -> Store<B> {
        let mut s = Store {
            backend: None,
            memory: Memory::default(),
            read_only: Vec::new(),
            status: StoreStatus::Persistent,
        };
        match backend {
            None => {
                s.status = StoreStatus::MemoryOnly("this browser is not letting podlab save".into())
            }
            Some(mut b) => {
                match b.set("podlab:probe", "1").and_then(|_| b.remove("podlab:probe")) {
                    Ok(()) => s.backend = Some(b),
                    Err(e) => s.status = StoreStatus::MemoryOnly(describe(&e)),
                }
            }
        }
        s
    }

    /// Whether data survives a reload, and if not, why.
    pub fn status(&self) -> &StoreStatus {
        &self.status
    }

    /// Reads `kind`/`slug`. Corrupt values are moved aside (at `now_ms`) and read as missing.
    pub fn load(&mut self, kind: &str, slug: &str, now_ms: f64) -> Loaded {
        let k = key(kind, slug);
        let raw = match &self.backend {
            Some(b) => match b.get(&k) {
                Ok(v) => v,
                Err(e) => {
                    self.status = StoreStatus::MemoryOnly(describe(&e));
                    self.memory.map.get(&k).cloned()
                }
            },
            None => self.memory.map.get(&k).cloned(),
        };
        let Some(raw) = raw else { return Loaded::Missing };
        match serde_json::from_str::<Envelope>(&raw) {
            Ok(env) if env.schema == SCHEMA => {
                self.memory.map.insert(k, raw);
                Loaded::Value(env.data)
            }
            Ok(env) if env.schema > SCHEMA => {
                self.read_only.push(k);
                Loaded::Newer(env.data, env.schema)
            }
            // Older schemas would migrate here; v1 is the first, so anything else is corrupt.
            _ => {
                let aside = format!("podlab:corrupt:{}:{k}", now_ms as u64);
                if let Some(b) = &mut self.backend {
                    if b.set(&aside, &raw).is_ok() {
                        let _ = b.remove(&k);
                    }
                }
                Loaded::Missing
            }
        }
    }

    /// Writes `data` under `kind`/`slug` at `now_ms`. The in-memory copy always takes it; the
    /// backend may refuse (then the status says why and the next save retries). Returns whether
    /// it was persisted.
    pub fn save(&mut self, kind: &str, slug: &str, data: serde_json::Value, now_ms: f64) -> bool {
        let k = key(kind, slug);
        if self.read_only.contains(&k) {
            return false;
        }
        let env =
            Envelope { schema: SCHEMA, app: env!("CARGO_PKG_VERSION").into(), saved: now_ms, data };
        let Ok(raw) = serde_json::to_string(&env) else { return false };
        if raw.len() > MAX_VALUE_BYTES {
            return false;
        }
        self.memory.map.insert(k.clone(), raw.clone());
        match &mut self.backend {
            Some(b) => match b.set(&k, &raw) {
                Ok(()) => {
                    self.status = StoreStatus::Persistent;
                    true
                }
                Err(e) => {
                    self.status = StoreStatus::MemoryOnly(describe(&e));
                    false
                }
            },
            None => false,
        }
    }

    /// Loads a text value (a draft), or `None`.
    pub fn load_text(&mut self, kind: &str, slug: &str, now_ms: f64) -> Option<String> {
        match self.load(kind, slug, now_ms) {
            Loaded::Value(serde_json::Value::String(s))
            | Loaded::Newer(serde_json::Value::String(s), _) => Some(s),
            _ => None,
        }
    }
}

fn describe(e: &BackendError) -> String {
    match e {
        BackendError::Unavailable(why) => {
            format!("this browser is not letting podlab save ({why})")
        }
        BackendError::Quota => "the browser's storage for this site is full".into(),
    }
}

/// `window.localStorage`, with every call's exception turned into a [`BackendError`].
#[cfg(target_arch = "wasm32")]
pub struct BrowserStorage(web_sys::Storage);

#[cfg(target_arch = "wasm32")]
impl BrowserStorage {
    /// The page's localStorage, if the getter neither throws nor returns null.
    pub fn open() -> Option<BrowserStorage> {
        web_sys::window()?.local_storage().ok().flatten().map(BrowserStorage)
    }
}

#[cfg(target_arch = "wasm32")]
fn js_error(e: wasm_bindgen::JsValue) -> BackendError {
    // DOMException's `name` (QuotaExceededError, SecurityError), read without assuming its class.
    let name = js_sys::Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "QuotaExceededError" {
        BackendError::Quota
    } else {
        BackendError::Unavailable(if name.is_empty() { "storage error".into() } else { name })
    }
}

#[cfg(target_arch = "wasm32")]
impl Backend for BrowserStorage {
    fn get(&self, key: &str) -> Result<Option<String>, BackendError> {
        self.0.get_item(key).map_err(js_error)
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), BackendError> {
        self.0.set_item(key, value).map_err(js_error)
    }
    fn remove(&mut self, key: &str) -> Result<(), BackendError> {
        self.0.remove_item(key).map_err(js_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A backend that fails every write (full or blocked storage).
    struct Failing(BackendError);
    impl Backend for Failing {
        fn get(&self, _: &str) -> Result<Option<String>, BackendError> {
            Ok(None)
        }
        fn set(&mut self, _: &str, _: &str) -> Result<(), BackendError> {
            Err(self.0.clone())
        }
        fn remove(&mut self, _: &str) -> Result<(), BackendError> {
            Ok(())
        }
    }

    #[test]
    fn a_draft_round_trips_in_a_versioned_envelope() {
        let mut s = Store::new(Some(Memory::default()));
        assert!(s.save("draft", "01-x", json!("kind: Pod"), 5.0));
        assert_eq!(s.load_text("draft", "01-x", 6.0).as_deref(), Some("kind: Pod"));
        let raw = s.backend.as_ref().unwrap().map.get("podlab:v1:draft:01-x").unwrap().clone();
        assert!(raw.starts_with(r#"{"schema":1,"app":""#), "{raw}");
        assert_eq!(s.status(), &StoreStatus::Persistent);
    }

    #[test]
    fn full_storage_keeps_working_in_memory_and_says_so() {
        let mut s = Store::new(Some(Failing(BackendError::Quota)));
        assert!(matches!(s.status(), StoreStatus::MemoryOnly(m) if m.contains("full")));
        assert!(!s.save("draft", "a", json!("x"), 0.0));
        assert_eq!(s.load_text("draft", "a", 0.0).as_deref(), Some("x"));
    }

    #[test]
    fn blocked_storage_falls_back_to_memory() {
        let mut s: Store<Memory> = Store::new(None);
        assert!(matches!(s.status(), StoreStatus::MemoryOnly(_)));
        s.save("draft", "a", json!("y"), 0.0);
        assert_eq!(s.load_text("draft", "a", 0.0).as_deref(), Some("y"));
    }

    #[test]
    fn a_corrupt_value_is_moved_aside_not_deleted() {
        let mut m = Memory::default();
        m.map.insert(key("draft", "a"), "{\"lessons\":[".into());
        let mut s = Store::new(Some(m));
        assert_eq!(s.load("draft", "a", 42.0), Loaded::Missing);
        let b = s.backend.as_ref().unwrap();
        assert_eq!(
            b.map.get("podlab:corrupt:42:podlab:v1:draft:a").map(String::as_str),
            Some("{\"lessons\":[")
        );
        assert!(!b.map.contains_key(&key("draft", "a")));
    }

    #[test]
    fn data_from_a_newer_podlab_is_read_but_never_overwritten() {
        let mut m = Memory::default();
        let newer = r#"{"schema":99,"app":"9.0.0","saved":1,"data":"future"}"#;
        m.map.insert(key("draft", "a"), newer.into());
        let mut s = Store::new(Some(m));
        assert_eq!(s.load("draft", "a", 0.0), Loaded::Newer(json!("future"), 99));
        assert!(!s.save("draft", "a", json!("mine"), 0.0));
        assert_eq!(
            s.backend.as_ref().unwrap().map.get(&key("draft", "a")).map(String::as_str),
            Some(newer)
        );
    }

    /// index.html applies the saved theme and presenter mode before the first paint with its
    /// own line of JS: it must read the keys and envelope field the toggles write through this
    /// module (`podlab:v1:prefs:<name>`, `.data`).
    #[test]
    fn the_first_paint_reads_the_prefs_where_the_toggles_save_them() {
        let page = include_str!("../../index.html");
        let mut s = Store::new(Some(Memory::default()));
        s.save("prefs", "theme", json!("dark"), 1.0);
        let raw = s.backend.as_ref().unwrap().map.get(&key("prefs", "theme")).unwrap().clone();
        assert!(raw.contains(r#""data":"dark""#), "{raw}");
        let read = format!(r#"localStorage.getItem("{}"+k)).data"#, key("prefs", ""));
        assert!(page.contains(&read), "index.html's first-paint line does not read {read}");
        for (name, value) in [("theme", r#"t==="dark""#), ("presenter", r#"p("presenter")==="on""#)]
        {
            assert!(
                page.contains(value),
                "index.html's first-paint line does not apply the {name} pref"
            );
        }
    }
}
