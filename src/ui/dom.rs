//! The few places the UI talks to the DOM directly: the `data-ready` flag,
//! the panic banner (drawn without Leptos, which may be dead by then), and
//! yielding to the event loop during long parses.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Sets `<body data-ready="true|false">`: tests wait on it instead of sleeping.
pub fn set_ready(ready: bool) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        // The first time the page settles: cold load to first chart, for
        // the timing harness (ms since navigation start).
        if ready && body.get_attribute("data-timing-first-ready").is_none() {
            record_timing("first-ready", now_ms());
        }
        if ready {
            record_wasm_memory();
        }
        let _ = body.set_attribute("data-ready", if ready { "true" } else { "false" });
    }
}

/// Removes the first paint (index.html's `#first-paint`, the default
/// view written at build time) once the live page can stand for itself.
pub fn remove_first_paint() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("first-paint"))
    {
        el.remove();
    }
}

/// `window.__rrWasmMemoryBytes`: the size of the app's linear memory each
/// time the page settles, for the memory journey (it only ever grows; what
/// matters is that loading and removing a file again does not grow it).
fn record_wasm_memory() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let _ = js_sys::Reflect::set(
        &window,
        &"__rrWasmMemoryBytes".into(),
        &wasm_memory_bytes().into(),
    );
}

/// The size of this thread's linear memory (the page's, or in the engine's
/// worker the worker's): its peak, as a wasm memory never shrinks.
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|memory| memory.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |buffer| f64::from(buffer.byte_length()))
}

/// `window.__rrWorkerMemoryBytes`: the largest linear memory an engine
/// worker reported (its peak while parsing; the worker is let go after a
/// large file), for the memory journey.
pub fn record_worker_memory(bytes: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("__rrWorkerMemoryBytes");
    let before = js_field(&window, "__rrWorkerMemoryBytes")
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&window, &key, &bytes.max(before).into());
}

/// Sets `data-ready` on the next macrotask: by then every effect of the
/// current reactive update (charts, tables) has run, so tests that wait for
/// it read the new state. `still_ready` is asked at that moment.
pub fn set_ready_after_render(still_ready: impl FnOnce() -> bool + 'static) {
    set_ready(false);
    next_macrotask(move || set_ready(still_ready()));
}

/// Runs `f` on the next macrotask (`setTimeout(f, 0)`), after the effects
/// of the current reactive update.
pub fn next_macrotask(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
    }
}

/// Shows a fixed error banner with the panic message. Written with raw DOM
/// calls because after a panic the reactive runtime cannot be trusted.
pub fn show_panic_banner(message: &str) {
    // The banner must not sit under the first paint.
    remove_first_paint();
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some(body) = document.body() else { return };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "panic-banner");
    if let Ok(text) = document.create_element("p") {
        text.set_text_content(Some(&format!(
            "Regime Radar hit an internal error and stopped: {message}. What you loaded stays on the page; nothing was sent anywhere. Reload to start again, and please report it with the details."
        )));
        let _ = banner.append_child(&text);
    }
    // The click is handled by public/panic.js: this instance is about to abort.
    if let Ok(button) = document.create_element("button") {
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("data-testid", "panic-copy");
        let _ = button.set_attribute("data-details", &panic_details(&window, message));
        button.set_text_content(Some("Copy details"));
        let _ = banner.append_child(&button);
    }
    let _ = body.prepend_with_node_1(&banner);
    // Its handler is fetched only now: a `<script>` in the page would be
    // one more request before every first paint for a banner almost no
    // one sees (script-src 'self' allows it; the instance is still alive
    // while the hook runs).
    if let Ok(script) = document.create_element("script") {
        let _ = script.set_attribute("src", "panic.js");
        let _ = body.append_child(&script);
    }
    let _ = body.set_attribute("data-ready", "false");
}

/// What a bug report needs: the version, the message with its source
/// location, the browser, and the page without its query and fragment
/// (those can carry the user's series names and data).
fn panic_details(window: &web_sys::Window, message: &str) -> String {
    let location = window.location();
    let page = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    let agent = window.navigator().user_agent().unwrap_or_default();
    format!(
        "Regime Radar {}\npanic: {message}\npage: {page}\nbrowser: {agent}\ntime: {}",
        env!("CARGO_PKG_VERSION"),
        js_sys::Date::new_0().to_iso_string()
    )
}

/// The debug-only hook of the forced-panic journey: with
/// `localStorage["regime-radar-debug"] = "panic"` set before the page
/// loads, `window.__rrDebugPanic()` panics inside the app (as a bug
/// would). Absent for everyone else.
pub fn install_debug_panic_hook() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if debug_setting().as_deref() != Some("panic") {
        return;
    }
    let hook = Closure::<dyn Fn()>::new(|| {
        panic!("forced by the debug hook (regime-radar-debug = panic)");
    });
    let _ = js_sys::Reflect::set(&window, &"__rrDebugPanic".into(), hook.as_ref());
    hook.forget();
}

/// A JS object's field; `None` when it is absent, `undefined` or `null`
/// (the manifest's JSON, the engine worker's messages).
pub fn js_field(object: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// A JS object's text field.
pub fn js_text(object: &JsValue, key: &str) -> Option<String> {
    js_field(object, key)?.as_string()
}

/// `localStorage["regime-radar-debug"]`, read by the debug-only hooks of
/// the reliability journeys (`panic`, `worker-panic`); `None` for everyone
/// else.
pub fn debug_setting() -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()
        .flatten()?
        .get_item("regime-radar-debug")
        .ok()
        .flatten()
}

/// Resolves on the next macrotask, so the browser can paint and handle input
/// between chunks of a long computation.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since page load, for the in-browser timing harness.
/// Today's date in the browser's time zone (what "N days old" counts
/// from); the Unix epoch if the clock cannot be read.
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// A `performance.mark`, read by the in-browser timing harness
/// (tests/e2e) to attribute where time goes during a load.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Whether the user's system prefers a light colour scheme.
pub fn prefers_light() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-color-scheme: light)")
                .ok()
                .flatten()
        })
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// Sets `data-theme` on `<html>` so the CSS custom properties switch.
pub fn apply_theme(light: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", if light { "light" } else { "dark" });
    }
}

/// Reads a user-picked or dropped file's bytes.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    Ok(read_file_bytes(file).await?.to_vec())
}

/// A file's bytes as the browser read them, still outside the page's
/// memory (a large file is copied in by `worker::bytes_from_js`, in steps).
pub async fn read_file_bytes(file: &web_sys::File) -> Result<js_sys::Uint8Array, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("could not read {}: {}", file.name(), js_error_text(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer))
}

/// Best-effort text of a JS exception for messages.
pub fn js_error_text(value: &JsValue) -> String {
    if let Some(err) = value.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// Appends one duration (ms) to `window.__rrTimings[name]`, the in-page
/// timing harness the e2e benchmark reads (`radar`: one engine run of
/// signals, regime, evidence, targets and the read).
pub fn record_timing(name: &str, ms: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("__rrTimings");
    let timings = match js_sys::Reflect::get(&window, &key) {
        Ok(v) if v.is_object() => v,
        _ => {
            let fresh = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&window, &key, &fresh);
            fresh.into()
        }
    };
    let key_name = JsValue::from_str(name);
    let list = match js_sys::Reflect::get(&timings, &key_name) {
        // `Array::from` would copy (JS `Array.from`); this is the same array.
        Ok(v) if js_sys::Array::is_array(&v) => v.unchecked_into::<js_sys::Array>(),
        _ => {
            let fresh = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&timings, &key_name, &fresh);
            fresh
        }
    };
    list.push(&JsValue::from_f64(ms));
    // The latest figure also on <body data-timing-<name>="ms">, readable
    // from a DOM dump.
    if let Some(body) = window.document().and_then(|d| d.body()) {
        let _ = body.set_attribute(&format!("data-timing-{name}"), &format!("{ms:.2}"));
    }
}

/// Offers a file to save: a `text` file as a Blob URL (CSV exports, share
/// bundles).
pub fn download_text(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(if name.ends_with(".csv") {
        "text/csv"
    } else {
        "text/plain"
    });
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| format!("the browser could not make the file: {}", js_error_text(&e)))?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| {
        format!(
            "the browser could not offer the file: {}",
            js_error_text(&e)
        )
    })?;
    let saved = download_href(name, &href, text);
    let _ = web_sys::Url::revoke_object_url(&href);
    saved
}

/// Saves `href` (a data or Blob URL) as `name`, and keeps the last export
/// as `window.__rrLastExport = {name, href, text}` for the e2e journeys (a
/// headless browser's downloads are not readable from a test). An error
/// says what the browser refused, for a message next to the button.
pub fn download_href(name: &str, href: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let record = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&record, &"name".into(), &name.into());
    let _ = js_sys::Reflect::set(&record, &"href".into(), &href.into());
    let _ = js_sys::Reflect::set(&record, &"text".into(), &text.into());
    let _ = js_sys::Reflect::set(&window, &"__rrLastExport".into(), &record);
    let document = window.document().ok_or("no document")?;
    let a = document
        .create_element("a")
        .map_err(|e| js_error_text(&e))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "no download link".to_string())?;
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Records `now − started` as `name` once the reactive updates queued so
/// far have run: effects are tasks on the same queue, woken when a signal
/// is set, so a task spawned after the set runs after them (the cost of a
/// crosshair move or a zoom as the user feels it, minus the paint).
pub fn time_after_effects(name: &'static str, started: f64) {
    wasm_bindgen_futures::spawn_local(async move {
        record_timing(name, now_ms() - started);
    });
}
