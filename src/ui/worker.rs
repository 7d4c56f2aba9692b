//! Parsing off the page's thread: the engine's ingest in a Web Worker.
//!
//! The worker runs the same `.wasm` as the page: the page posts its own
//! compiled `WebAssembly.Module` (`wasm_bindgen::module()`) to a small
//! module script the build writes next to the loader
//! (`engine-worker-<hash>.js`, named in `<meta name="rr-engine-worker">` by
//! `.ci/trunk-post-build.py`), which instantiates it; `main` then finds no
//! `window` and calls [`serve`] instead of mounting the app. Nothing is
//! downloaded or compiled twice.
//!
//! A job is the bytes (their buffer transferred), the file's name and the
//! ingest options; the worker answers with progress messages and then the
//! series as flat typed arrays (`engine::flat`), whose buffers are
//! transferred back, or the error's sentence. So a million-row file parses
//! while the page keeps painting and answering keys.
//!
//! Invariant: the worker is an optimisation, never a requirement. Where it
//! cannot start (no module workers, no `<meta>`, a host that blocks it)
//! [`parse`] says so and the caller parses on this thread in slices, as
//! before; a worker that dies mid-job (a panic) ends that job with an error
//! message and is replaced by a fresh one for the next job.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Array, Float64Array, Int32Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::background::LARGE_INPUT_BYTES;
use super::dom::{self, js_field, js_text};
use crate::engine::flat::{
    FlatColumn, FlatError, FlatSeries, ParseReport, SeriesAssembly, ValueColumn,
};
use crate::engine::ingest::{DateOrder, IncrementalIngest, IngestOptions, IngestStep};
use crate::engine::series::{Series, SeriesKind};

/// Rows the worker parses between two progress messages.
const ROWS_PER_PROGRESS: usize = 100_000;
/// A worker that has parsed a large input ([`LARGE_INPUT_BYTES`]) is let
/// go once idle: its memory grew with the input and a wasm memory never
/// shrinks; the next job starts a fresh one (instantiating the compiled
/// module, a few ms).
const RETIRE_AFTER_BYTES: usize = LARGE_INPUT_BYTES;
/// How long the page waits for a new worker to say it is ready.
const READY_TIMEOUT_MS: i32 = 10_000;

/// A parse's result from the worker: the series and what the load reports,
/// or the error's sentence.
pub type WorkerParse = Result<(Series, ParseReport), String>;

thread_local! {
    static ENGINE: RefCell<Option<Rc<EngineWorker>>> = const { RefCell::new(None) };
    /// Numbers the workers, so one that ends clears only its own handle.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    /// The worker could not start here: parse on this thread from now on.
    static UNAVAILABLE: Cell<bool> = const { Cell::new(false) };
}

/// `true` in the worker (no `window`): `main` serves jobs instead of
/// mounting the app.
pub fn is_worker() -> bool {
    web_sys::window().is_none()
        && js_sys::global().is_instance_of::<web_sys::DedicatedWorkerGlobalScope>()
}

/// Parses `bytes` in the worker. `None` when the worker cannot be used
/// (the caller parses on this thread); `progress` gets the fraction read.
/// `js` is the same bytes outside the page's memory when the caller has
/// them (a file as read): they are handed to the worker as they are;
/// otherwise `bytes` are copied out.
pub async fn parse(
    bytes: &[u8],
    js: Option<Uint8Array>,
    source_name: &str,
    options: &IngestOptions,
    progress: impl Fn(f64) + 'static,
) -> Option<WorkerParse> {
    if UNAVAILABLE.with(Cell::get) {
        return None;
    }
    let engine = match ENGINE.with(|e| e.borrow().clone()) {
        Some(engine) => engine,
        None => {
            let Some(engine) = EngineWorker::spawn() else {
                UNAVAILABLE.with(|u| u.set(true));
                return None;
            };
            let engine = Rc::new(engine);
            ENGINE.with(|e| *e.borrow_mut() = Some(engine.clone()));
            engine
        }
    };
    let ready = JsFuture::from(engine.ready.clone()).await;
    if ready.ok().and_then(|r| r.as_bool()) != Some(true) {
        UNAVAILABLE.with(|u| u.set(true));
        engine.retire();
        return None;
    }
    let reply = engine
        .run(bytes, js, source_name, options, Box::new(progress))
        .await;
    if bytes.len() >= RETIRE_AFTER_BYTES || reply.is_none() {
        engine.retire_when_idle();
    }
    Some(match reply {
        Some(reply) => decode_reply(&reply, bytes.len()).await,
        None => Err(
            "the parser stopped unexpectedly (an internal error; details in the browser console)."
                .to_string(),
        ),
    })
}

/// Clears the page's handle when it is worker `generation`'s (a newer
/// worker may have replaced it meanwhile).
fn forget_engine(generation: u32) {
    ENGINE.with(|e| {
        let mut slot = e.borrow_mut();
        if slot.as_ref().is_some_and(|w| w.generation == generation) {
            slot.take();
        }
    });
}

/// One worker and its jobs in flight.
struct EngineWorker {
    generation: u32,
    worker: web_sys::Worker,
    /// Resolves `true` once the worker serves jobs, `false` if it cannot.
    ready: Promise,
    jobs: Rc<RefCell<HashMap<u32, Job>>>,
    next_id: Cell<u32>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
    _timeout: Closure<dyn FnMut()>,
    timeout_handle: i32,
}

impl Drop for EngineWorker {
    /// The worker ends with its handle; its callbacks are unhooked and the
    /// ready timer cleared, so none of them runs after its closure is gone.
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.timeout_handle);
        }
    }
}

struct Job {
    progress: Box<dyn Fn(f64)>,
    /// Resolves the job's promise: with the reply, or `undefined` when the
    /// worker died.
    resolve: js_sys::Function,
}

impl EngineWorker {
    fn spawn() -> Option<EngineWorker> {
        let url = web_sys::window()?
            .document()?
            .query_selector("meta[name=\"rr-engine-worker\"]")
            .ok()??
            .get_attribute("content")?;
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &options).ok()?;

        let ready_resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let ready = {
            let slot = ready_resolve.clone();
            Promise::new(&mut |resolve, _| *slot.borrow_mut() = Some(resolve))
        };
        let settle_ready = {
            let slot = ready_resolve.clone();
            move |value: bool| {
                if let Some(resolve) = slot.borrow_mut().take() {
                    let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(value));
                }
            }
        };
        let jobs: Rc<RefCell<HashMap<u32, Job>>> = Rc::default();
        let generation = GENERATION.with(|g| {
            g.set(g.get().wrapping_add(1));
            g.get()
        });

        let on_message = {
            let jobs = jobs.clone();
            let settle_ready = settle_ready.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                if js_field(&data, "ready").and_then(|v| v.as_bool()) == Some(true) {
                    settle_ready(true);
                    return;
                }
                let Some(id) = js_field(&data, "id")
                    .and_then(|v| v.as_f64())
                    .map(|id| id as u32)
                else {
                    return;
                };
                if let Some(fraction) = js_field(&data, "progress").and_then(|v| v.as_f64()) {
                    if let Some(job) = jobs.borrow().get(&id) {
                        (job.progress)(fraction);
                    }
                    return;
                }
                if let Some(job) = jobs.borrow_mut().remove(&id) {
                    let _ = job.resolve.call1(&JsValue::NULL, &data);
                }
            })
        };
        let on_error = {
            let jobs = jobs.clone();
            let settle_ready = settle_ready.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                event.prevent_default();
                web_sys::console::warn_2(&"engine worker failed:".into(), &event);
                settle_ready(false);
                // Every job in flight ends; the worker is replaced next time.
                for (_, job) in jobs.borrow_mut().drain() {
                    let _ = job.resolve.call1(&JsValue::NULL, &JsValue::UNDEFINED);
                }
                forget_engine(generation);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        let timeout = {
            let settle_ready = settle_ready.clone();
            Closure::<dyn FnMut()>::new(move || settle_ready(false))
        };
        let timeout_handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                timeout.as_ref().unchecked_ref(),
                READY_TIMEOUT_MS,
            )
            .ok()?;
        // The page's own compiled module: the worker instantiates it.
        worker.post_message(&wasm_bindgen::module()).ok()?;
        Some(EngineWorker {
            generation,
            worker,
            ready,
            jobs,
            next_id: Cell::new(0),
            _on_message: on_message,
            _on_error: on_error,
            _timeout: timeout,
            timeout_handle,
        })
    }

    /// Posts one job and waits for its reply (`None`: the worker died).
    async fn run(
        &self,
        bytes: &[u8],
        js: Option<Uint8Array>,
        source_name: &str,
        options: &IngestOptions,
        progress: Box<dyn Fn(f64)>,
    ) -> Option<JsValue> {
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        let jobs = self.jobs.clone();
        let mut progress = Some(progress);
        let reply = Promise::new(&mut |resolve, _| {
            if let Some(progress) = progress.take() {
                jobs.borrow_mut().insert(id, Job { progress, resolve });
            }
        });
        let data = match js {
            Some(js) if js.byte_offset() == 0 && js.buffer().byte_length() == js.length() => js,
            _ => bytes_to_js(bytes).await,
        };
        let message = Object::new();
        set(&message, "id", &JsValue::from(id));
        set(&message, "bytes", &data);
        set(&message, "source", &JsValue::from_str(source_name));
        set_options(&message, options);
        // The worker-panic journey: with `regime-radar-debug = worker-panic`
        // set, a series named PANIC makes the worker panic, as a bug in the
        // parser would.
        if options.name.as_deref() == Some("PANIC")
            && dom::debug_setting().as_deref() == Some("worker-panic")
        {
            set(&message, "debug_panic", &JsValue::TRUE);
        }
        if self
            .worker
            .post_message_with_transfer(&message, &Array::of1(&data.buffer()))
            .is_err()
        {
            self.jobs.borrow_mut().remove(&id);
            return None;
        }
        let reply = JsFuture::from(reply).await.ok()?;
        (!reply.is_undefined()).then_some(reply)
    }

    fn retire(&self) {
        self.worker.terminate();
        forget_engine(self.generation);
    }

    fn retire_when_idle(&self) {
        if self.jobs.borrow().is_empty() {
            self.retire();
        }
    }
}

/// Bytes are copied between the page's memory and JS this much at a time,
/// with a yield to the browser between steps for a large input: one copy
/// of 50 MB would be a ~25 ms task, a step of 8 MB is ~4 ms.
const COPY_STEP_BYTES: usize = 8 << 20;

/// A copy of `array` in the page's memory, made in steps. The memory is
/// not zeroed first: filling 50 MB with zeros (and faulting its pages in)
/// would be one ~25 ms task before the first step; each step writes its
/// part straight from the array.
pub async fn bytes_from_js(array: &Uint8Array) -> Arc<[u8]> {
    let len = array.length() as usize;
    let mut bytes = Arc::<[u8]>::new_uninit_slice(len);
    let Some(target) = Arc::get_mut(&mut bytes) else {
        // Unreachable (a new Arc has one owner); safe either way.
        return Arc::from(array.to_vec());
    };
    let mut written = 0;
    for (k, chunk) in target.chunks_mut(COPY_STEP_BYTES).enumerate() {
        if k > 0 {
            dom::yield_to_browser().await;
        }
        let at = (k * COPY_STEP_BYTES) as u32;
        written += array
            .subarray(at, at + chunk.len() as u32)
            .copy_to_uninit(chunk)
            .len();
    }
    if written != len {
        return Arc::from(array.to_vec());
    }
    // SAFETY: the chunks cover the slice and `copy_to_uninit` initialised
    // each of them in full (`written == len`, checked above).
    unsafe { bytes.assume_init() }
}

/// A copy of `bytes` outside the page's memory, made in steps.
async fn bytes_to_js(bytes: &[u8]) -> Uint8Array {
    let array = Uint8Array::new_with_length(bytes.len() as u32);
    for (k, chunk) in bytes.chunks(COPY_STEP_BYTES).enumerate() {
        if k > 0 {
            dom::yield_to_browser().await;
        }
        let at = (k * COPY_STEP_BYTES) as u32;
        array.subarray(at, at + chunk.len() as u32).copy_from(chunk);
    }
    array
}

/// The series and report out of a worker's reply. A large series is put
/// together a column per task (copying one out of its typed array and
/// into the page's columns takes ~10 ms for a million rows), so its
/// arrival never makes one long task.
async fn decode_reply(reply: &JsValue, input_bytes: usize) -> WorkerParse {
    if js_field(reply, "ok").and_then(|v| v.as_bool()) != Some(true) {
        return Err(
            js_text(reply, "error").unwrap_or_else(|| "the parser gave no reason".to_string())
        );
    }
    if let Some(bytes) = js_field(reply, "memory_bytes").and_then(|v| v.as_f64()) {
        dom::record_worker_memory(bytes);
    }
    let large = input_bytes >= LARGE_INPUT_BYTES;
    let misfit = |e: FlatError| format!("the parser's reply did not fit together ({e})");
    let mut assembly = SeriesAssembly::new(
        &js_text(reply, "series_id").unwrap_or_default(),
        js_text(reply, "series_name").unwrap_or_default(),
        js_field(reply, "kind")
            .and_then(|v| v.as_f64())
            .map_or(u8::MAX, |k| k as u8),
        js_field(reply, "frequency")
            .and_then(|v| v.as_f64())
            .map_or(u8::MAX, |f| f as u8),
        &js_field(reply, "days").map_or_else(Vec::new, |days| Int32Array::from(days).to_vec()),
    )
    .map_err(misfit)?;
    for which in ValueColumn::ALL {
        let Some(values) = js_field(reply, which.key()) else {
            continue;
        };
        if large {
            dom::yield_to_browser().await;
        }
        let present = js_field(reply, &format!("{}_present", which.key()));
        let column = FlatColumn {
            values: Float64Array::from(values).to_vec(),
            present: present.map(|p| Uint8Array::from(p).to_vec()),
        };
        assembly.column(which, column).map_err(misfit)?;
    }
    let series = assembly.finish().map_err(misfit)?;
    let strings = |key: &str| -> Vec<String> {
        js_field(reply, key).map_or_else(Vec::new, |list| {
            Array::from(&list)
                .iter()
                .filter_map(|s| s.as_string())
                .collect()
        })
    };
    let report = ParseReport {
        warnings: strings("warnings"),
        summary: js_text(reply, "summary").unwrap_or_default(),
        columns: strings("columns"),
        date_column: js_text(reply, "date_column").unwrap_or_default(),
        value_column: js_text(reply, "value_column").unwrap_or_default(),
    };
    if large {
        dom::yield_to_browser().await;
    }
    Ok((series, report))
}

// ---- the worker's side -------------------------------------------------

/// In the worker: answers every job message; tells the page it is ready.
pub fn serve() {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            serve_job(&replies, &event.data());
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

fn serve_job(scope: &web_sys::DedicatedWorkerGlobalScope, data: &JsValue) {
    if js_field(data, "debug_panic").and_then(|v| v.as_bool()) == Some(true) {
        panic!(
            "forced in the engine's worker by the debug hook (regime-radar-debug = worker-panic)"
        );
    }
    let id = js_field(data, "id").unwrap_or(JsValue::UNDEFINED);
    let bytes = js_field(data, "bytes").map_or_else(Vec::new, |b| Uint8Array::from(b).to_vec());
    let source = js_text(data, "source").unwrap_or_default();
    let mut job = IncrementalIngest::new(bytes, &source, options_of(data));
    let outcome = loop {
        match job.step(ROWS_PER_PROGRESS) {
            IngestStep::Progress {
                done_bytes,
                total_bytes,
            } => {
                if total_bytes > 0 {
                    let message = Object::new();
                    set(&message, "id", &id);
                    set(
                        &message,
                        "progress",
                        &JsValue::from(done_bytes as f64 / total_bytes as f64),
                    );
                    let _ = scope.post_message(&message);
                }
            }
            IngestStep::Finished(outcome) => break outcome,
        }
    };
    drop(job);
    let reply = Object::new();
    set(&reply, "id", &id);
    let transfer = Array::new();
    match outcome {
        Ok(ingested) => {
            let report = ParseReport::of(&ingested);
            let flat = FlatSeries::from_series(ingested.series);
            set(&reply, "ok", &JsValue::TRUE);
            set(&reply, "series_id", &JsValue::from_str(&flat.id));
            set(&reply, "series_name", &JsValue::from_str(&flat.name));
            set(&reply, "kind", &JsValue::from(flat.kind));
            set(&reply, "frequency", &JsValue::from(flat.frequency));
            let days = Int32Array::from(flat.days.as_slice());
            transfer.push(&days.buffer());
            set(&reply, "days", &days);
            let columns = [
                Some(&flat.close),
                flat.open.as_ref(),
                flat.high.as_ref(),
                flat.low.as_ref(),
                flat.volume.as_ref(),
                flat.raw_close.as_ref(),
            ];
            for (which, column) in ValueColumn::ALL.into_iter().zip(columns) {
                let Some(column) = column else { continue };
                let values = Float64Array::from(column.values.as_slice());
                transfer.push(&values.buffer());
                set(&reply, which.key(), &values);
                if let Some(present) = &column.present {
                    let present = Uint8Array::from(present.as_slice());
                    transfer.push(&present.buffer());
                    set(&reply, &format!("{}_present", which.key()), &present);
                }
            }
            let strings = |items: &[String]| -> Array {
                items.iter().map(|s| JsValue::from_str(s)).collect()
            };
            set(&reply, "warnings", &strings(&report.warnings));
            set(&reply, "summary", &JsValue::from_str(&report.summary));
            set(&reply, "columns", &strings(&report.columns));
            set(
                &reply,
                "date_column",
                &JsValue::from_str(&report.date_column),
            );
            set(
                &reply,
                "value_column",
                &JsValue::from_str(&report.value_column),
            );
        }
        Err(error) => {
            set(&reply, "ok", &JsValue::FALSE);
            set(&reply, "error", &JsValue::from_str(&error.to_string()));
        }
    }
    set(&reply, "memory_bytes", &dom::wasm_memory_bytes().into());
    let _ = scope.post_message_with_transfer(&reply, &transfer);
}

// ---- the message's fields ----------------------------------------------

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// The ingest options on a job message (absent fields: `undefined`).
fn set_options(message: &Object, options: &IngestOptions) {
    if let Some(name) = &options.name {
        set(message, "name", &JsValue::from_str(name));
    }
    if let Some(column) = &options.value_column {
        set(message, "value_column", &JsValue::from_str(column));
    }
    if let Some(kind) = options
        .kind
        .and_then(|k| SeriesKind::ALL.iter().position(|x| *x == k))
    {
        set(message, "kind", &JsValue::from(kind as u32));
    }
    if let Some(order) = options.date_order {
        let code = match order {
            DateOrder::MonthFirst => "m",
            DateOrder::DayFirst => "d",
        };
        set(message, "date_order", &JsValue::from_str(code));
    }
}

fn options_of(message: &JsValue) -> IngestOptions {
    IngestOptions {
        name: js_text(message, "name"),
        value_column: js_text(message, "value_column"),
        kind: js_field(message, "kind")
            .and_then(|v| v.as_f64())
            .and_then(|i| SeriesKind::ALL.get(i as usize).copied()),
        date_order: match js_text(message, "date_order").as_deref() {
            Some("m") => Some(DateOrder::MonthFirst),
            Some("d") => Some(DateOrder::DayFirst),
            _ => None,
        },
    }
}
