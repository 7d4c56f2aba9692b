//! Getting bytes into the engine: bundled samples and URLs (gloo-net), files
//! and pasted text, each run through the incremental ingest so a large file
//! shows progress and never freezes the tab.
//!
//! Invariant: every failure ends as one message naming the source (URL,
//! file, "pasted text") and leaves the loaded series untouched.
//!
//! A load says what it produced ([`LoadOutcome`]): a downloaded share
//! bundle is recognised here but opened by the caller (the share link's
//! code), so loading does not depend on sharing.

use std::sync::Arc;

use gloo_net::http::Request;
use leptos::prelude::*;
use thiserror::Error;
use wasm_bindgen::prelude::*;

use super::background::{PendingGuard, LARGE_INPUT_BYTES};
use super::dom;
use super::state::{role_for, AppState, Level, LoadSource, Loaded, Provenance};
use super::worker;
use crate::engine::calendar::{self, FomcCalendar};
use crate::engine::flat::ParseReport;
use crate::engine::ingest::{IncrementalIngest, IngestOptions, IngestStep};
use crate::engine::samples::{Sample, FOMC_FILE};
use crate::engine::series::{Series, SeriesId};
use crate::link::LinkBundle;

/// Time after which a URL fetch is abandoned.
const FETCH_TIMEOUT_MS: i32 = 15_000;
/// Rows parsed between two yields to the browser: ~10 ms of work.
const ROWS_PER_STEP: usize = 50_000;

/// What one load produced.
#[derive(Debug)]
#[must_use = "a bundle must be opened by the caller"]
pub enum LoadOutcome {
    /// A series was added or replaced.
    Series,
    /// The bytes were a meeting schedule and became the FOMC calendar.
    Calendar,
    /// The bytes were a downloaded share bundle: the caller opens it.
    Bundle(LinkBundle),
    /// Nothing changed; a message says why.
    Failed,
}

impl LoadOutcome {
    /// Whether the load was used (a series, a calendar or a bundle).
    pub fn used(&self) -> bool {
        !matches!(self, LoadOutcome::Failed)
    }
}

/// Why a URL could not be fetched; the message names the URL.
#[derive(Debug, Error)]
pub enum FetchError {
    #[error("{url} could not be fetched: the server did not allow this page to read it (no CORS header), or it could not be reached. Use a CORS-enabled URL, or download the file and load it with “Upload”.")]
    Blocked { url: String },
    #[error("{url} did not answer within {seconds} s (timed out).")]
    Timeout { url: String, seconds: i32 },
    #[error("{url} refused the request: HTTP 429 Too Many Requests (rate limited). Wait a minute and try again, or download the file.")]
    RateLimited { url: String },
    #[error("{url} answered HTTP {status} {status_text}.")]
    Http {
        url: String,
        status: u16,
        status_text: String,
    },
    #[error(
        "“{url}” is not a web address the page can fetch (it must start with http:// or https://)."
    )]
    BadUrl { url: String },
}

/// Fetches a URL's bytes with a timeout, mapping each failure to a
/// specific, readable error.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, FetchError> {
    let url = url.trim().to_string();
    // Only text without a scheme is a path on this origin: `javascript:`,
    // `data:`, `file:` … are refused here, before any fetch.
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let relative = !has_scheme && !url.contains("://");
    if !(relative || url.starts_with("http://") || url.starts_with("https://")) {
        return Err(FetchError::BadUrl { url });
    }
    let controller = web_sys::AbortController::new().ok();
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let _timer = controller.as_ref().and_then(|c| {
        let c = c.clone();
        let flag = timed_out.clone();
        let callback = Closure::once(move || {
            flag.set(true);
            c.abort();
        });
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                FETCH_TIMEOUT_MS,
            )
            .ok()?;
        Some(TimerGuard {
            handle,
            _callback: callback,
        })
    });
    let signal = controller.as_ref().map(|c| c.signal());
    let request = Request::get(&url).abort_signal(signal.as_ref());
    let response = match request.send().await {
        Ok(r) => r,
        Err(_) if timed_out.get() => {
            return Err(FetchError::Timeout {
                url,
                seconds: FETCH_TIMEOUT_MS / 1000,
            })
        }
        Err(_) => return Err(FetchError::Blocked { url }),
    };
    match response.status() {
        200..=299 => {}
        429 => return Err(FetchError::RateLimited { url }),
        status => {
            return Err(FetchError::Http {
                url,
                status,
                status_text: response.status_text(),
            })
        }
    }
    match response.binary().await {
        Ok(bytes) => Ok(bytes),
        Err(_) if timed_out.get() => Err(FetchError::Timeout {
            url,
            seconds: FETCH_TIMEOUT_MS / 1000,
        }),
        Err(_) => Err(FetchError::Blocked { url }),
    }
}

/// Clears the timeout when the fetch finishes first.
struct TimerGuard {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Drop for TimerGuard {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Parses `bytes` in chunks, yielding to the browser between chunks, and
/// on success replaces/adds the series in one update. `what` names the
/// source in every message.
pub async fn ingest_and_store(
    state: AppState,
    bytes: Vec<u8>,
    source_name: &str,
    options: IngestOptions,
    what: &str,
    provenance: Provenance,
) -> LoadOutcome {
    store(state, bytes, source_name, options, what, None, provenance).await
}

/// Re-reads an already loaded series with other options (value column,
/// kind); on failure the loaded one stays.
pub async fn reingest(state: AppState, loaded: Loaded, options: IngestOptions) {
    let source = loaded.source.clone();
    // A re-read replaces a loaded series: never a calendar or a bundle,
    // and a failure has its message already.
    let _ = store(
        state,
        source.bytes.to_vec(),
        &source.source_name,
        options,
        &loaded.origin,
        Some(loaded.series.id.clone()),
        source.provenance.clone(),
    )
    .await;
}

async fn store(
    state: AppState,
    bytes: Vec<u8>,
    source_name: &str,
    options: IngestOptions,
    what: &str,
    replaces: Option<SeriesId>,
    provenance: Provenance,
) -> LoadOutcome {
    let _pending = PendingGuard::new(state.pending);
    // A meeting schedule (`start,end,...`) replaces the FOMC calendar
    // instead of becoming a series.
    if replaces.is_none() && calendar::looks_like_fomc_calendar(&bytes) {
        return if store_calendar(state, &bytes, what) {
            LoadOutcome::Calendar
        } else {
            LoadOutcome::Failed
        };
    }
    // A downloaded share bundle reopens its view: the caller opens it.
    if replaces.is_none() {
        if let Some(bundle) = LinkBundle::parse(&bytes) {
            return LoadOutcome::Bundle(bundle);
        }
    }
    // Keeping a large input is a task of its own (~25 ms for 50 MB).
    if bytes.len() >= LARGE_INPUT_BYTES {
        dom::yield_to_browser().await;
    }
    let kept: Arc<[u8]> = Arc::from(bytes);
    // A bundled sample's warnings (UNRATE's one missing month) are known
    // properties of the bundled data: load notes, not a banner that pushes
    // the page down on a first visit. A user's file keeps its warnings.
    let warnings = match provenance {
        Provenance::Sample(_) => Level::Info,
        _ => Level::Warning,
    };
    match parse_chunked(
        state,
        kept.clone(),
        None,
        source_name,
        options.clone(),
        what,
        warnings,
    )
    .await
    {
        Some(parsed) => {
            commit(
                state,
                parsed,
                kept,
                source_name,
                options,
                what,
                replaces,
                provenance,
            );
            LoadOutcome::Series
        }
        None => LoadOutcome::Failed,
    }
}

/// A successful parse, with what the messages report about it.
pub struct Parsed {
    pub series: Series,
    pub report: ParseReport,
    /// Parse time, ms.
    pub elapsed: f64,
    /// Input size, bytes.
    pub total: usize,
}

/// Parses `bytes` in the engine's worker (`ui::worker`; `js`: the same
/// bytes outside the page's memory, when the caller has them), or, where
/// it cannot run, here in chunks, yielding to the browser between chunks;
/// progress shows either way. A failure ends as one error message naming
/// `what`, the parse's warnings as messages of level `warnings`.
pub async fn parse_chunked(
    state: AppState,
    bytes: Arc<[u8]>,
    js: Option<js_sys::Uint8Array>,
    source_name: &str,
    options: IngestOptions,
    what: &str,
    warnings: Level,
) -> Option<Parsed> {
    let started = dom::now_ms();
    let total = bytes.len();
    dom::mark("rr:ingest-start");
    let progress = {
        let what = what.to_string();
        move |fraction: f64| state.progress.set(Some((what.clone(), fraction)))
    };
    let outcome = match worker::parse(&bytes, js, source_name, &options, progress).await {
        Some(outcome) => {
            // The journeys check a large file was parsed off this thread.
            dom::mark("rr:ingest-in-worker");
            outcome
        }
        None => parse_here(state, bytes.to_vec(), source_name, options, what).await,
    };
    state.progress.set(None);
    match outcome {
        Ok((series, report)) => {
            for warning in &report.warnings {
                state.push_message(warnings, format!("{what}: {warning}"));
            }
            Some(Parsed {
                series,
                report,
                elapsed: dom::now_ms() - started,
                total,
            })
        }
        Err(error) => {
            state.push_message(
                Level::Error,
                format!("{what}: {error} Nothing was changed."),
            );
            None
        }
    }
}

/// The parse on this thread, in chunks of [`ROWS_PER_STEP`] rows with a
/// yield to the browser between them.
async fn parse_here(
    state: AppState,
    bytes: Vec<u8>,
    source_name: &str,
    options: IngestOptions,
    what: &str,
) -> worker::WorkerParse {
    let mut job = IncrementalIngest::new(bytes, source_name, options);
    let mut chunked = false;
    let outcome = loop {
        let step = job.step(ROWS_PER_STEP);
        dom::mark("rr:ingest-step");
        match step {
            IngestStep::Progress {
                done_bytes,
                total_bytes,
            } => {
                if total_bytes > 0 {
                    state.progress.set(Some((
                        what.to_string(),
                        done_bytes as f64 / total_bytes as f64,
                    )));
                }
                chunked = true;
                dom::yield_to_browser().await;
            }
            IngestStep::Finished(result) => break result,
        }
    };
    // The last chunk of a long parse took its slice: storing (which
    // recomputes the panels) starts a task of its own.
    if chunked {
        dom::yield_to_browser().await;
    }
    outcome
        .map(|ingested| {
            let report = ParseReport::of(&ingested);
            (ingested.series, report)
        })
        .map_err(|error| error.to_string())
}

/// Adds (or replaces) a parsed series as a series of its own, with the
/// "Loaded …" message, in one update.
#[allow(clippy::too_many_arguments)]
pub fn commit(
    state: AppState,
    parsed: Parsed,
    kept: Arc<[u8]>,
    source_name: &str,
    options: IngestOptions,
    what: &str,
    replaces: Option<SeriesId>,
    provenance: Provenance,
) {
    let Parsed {
        series,
        report,
        elapsed,
        total,
    } = parsed;
    state.push_message(
        Level::Info,
        format!(
            "Loaded {} from {what}: {} rows, {} → {} ({}; parsed in {:.1} ms, {} KB).",
            series.id,
            series.len(),
            series
                .dates
                .first()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            series
                .dates
                .last()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            report.summary,
            elapsed,
            total / 1024
        ),
    );
    dom::mark("rr:ingest-done");
    let already = state.series.with_untracked(|all| {
        all.iter()
            .any(|l| l.series.id == series.id && replaces.as_ref() != Some(&series.id))
    });
    if already && replaces.is_none() {
        state.push_message(
            Level::Warning,
            format!("{what}: this replaced the {} that was loaded before (same name); give the paste another name to keep both.", series.id),
        );
    }
    let role = role_for(&series.id, series.kind);
    let source = LoadSource {
        provenance,
        bytes: kept,
        source_name: source_name.to_string(),
        options,
        columns: report.columns,
        date_column: report.date_column,
        value_column: report.value_column,
    };
    state.upsert(
        Loaded {
            series: Arc::new(series),
            role,
            origin: what.to_string(),
            source: Arc::new(source),
        },
        replaces.as_ref(),
    );
    dom::mark("rr:stored");
}

/// Parses a meeting schedule and makes it the FOMC calendar; on error the
/// calendar in use stays.
fn store_calendar(state: AppState, bytes: &[u8], what: &str) -> bool {
    match FomcCalendar::parse(bytes) {
        Ok(calendar) => {
            let span = match (calendar.first(), calendar.last()) {
                (Some(a), Some(b)) => format!("{} → {}", a.end, b.end),
                _ => String::new(),
            };
            state.push_message(
                Level::Info,
                format!(
                    "Loaded the FOMC calendar from {what}: {} meetings, {span}.",
                    calendar.meetings.len()
                ),
            );
            state.fomc.set(Some(Arc::new(calendar)));
            true
        }
        Err(e) => {
            state.push_message(
                Level::Error,
                format!("{what}: {e} The FOMC calendar in use was kept."),
            );
            false
        }
    }
}

/// Loads the bundled FOMC schedule (`data/FOMC.csv`).
pub async fn load_fomc_calendar(state: AppState) {
    let _pending = PendingGuard::new(state.pending);
    match fetch_bytes(&format!("data/{FOMC_FILE}")).await {
        Ok(bytes) => {
            store_calendar(state, &bytes, &format!("sample {FOMC_FILE}"));
        }
        Err(e) => state.push_message(Level::Error, format!("Bundled FOMC calendar: {e}")),
    }
}

/// Loads a bundled sample from `data/`.
pub async fn load_sample(state: AppState, sample: &'static Sample) -> LoadOutcome {
    load_sample_with(state, sample, IngestOptions::default()).await
}

/// Loads a bundled sample with a share link's overrides (value column,
/// kind); its id and catalogue kind otherwise.
pub async fn load_sample_with(
    state: AppState,
    sample: &'static Sample,
    overrides: IngestOptions,
) -> LoadOutcome {
    let url = format!("data/{}", sample.file);
    let _pending = PendingGuard::new(state.pending);
    match fetch_bytes(&url).await {
        Ok(bytes) => {
            let options = IngestOptions {
                name: Some(sample.id.to_string()),
                kind: overrides.kind.or(Some(sample.kind)),
                ..overrides
            };
            ingest_and_store(
                state,
                bytes,
                sample.file,
                options,
                &format!("sample {}", sample.file),
                Provenance::Sample(sample.id),
            )
            .await
        }
        Err(e) => {
            state.push_message(Level::Error, format!("Bundled sample: {e}"));
            LoadOutcome::Failed
        }
    }
}

/// Loads a user-typed URL.
pub async fn load_url(state: AppState, url: String) -> LoadOutcome {
    load_url_with(state, url, IngestOptions::default()).await
}

/// Loads a URL with a share link's overrides.
pub async fn load_url_with(state: AppState, url: String, options: IngestOptions) -> LoadOutcome {
    let _pending = PendingGuard::new(state.pending);
    match fetch_bytes(&url).await {
        Ok(bytes) => {
            let name = url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .and_then(|s| s.split(['?', '#']).next())
                .unwrap_or("url")
                .to_string();
            let trimmed = url.trim().to_string();
            ingest_and_store(
                state,
                bytes,
                &name,
                options,
                &trimmed,
                Provenance::Url(trimmed.clone()),
            )
            .await
        }
        Err(e) => {
            state.push_message(Level::Error, e.to_string());
            LoadOutcome::Failed
        }
    }
}

/// Collects a `FileList` (from an input or a drop) into a Vec.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}
