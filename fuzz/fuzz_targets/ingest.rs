//! `ingest`: arbitrary bytes through the CSV loader, whole and in chunks.
//!
//! Guards the ingest invariants (src/engine/ingest/mod.rs): whatever the
//! bytes, `ingest` returns a value and never panics; an `Ok` series has
//! strictly increasing dates, every column as long as the dates and only
//! finite values; and `IncrementalIngest` (the page's path, a few rows per
//! step) gives exactly what `ingest` gives, with progress that never goes
//! back and `AlreadyFinished` after the end.
//!
//! The whole input is the file; its first byte also picks the step size,
//! so every seed is a CSV as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regime_radar::engine::ingest::{
    ingest, IncrementalIngest, IngestError, IngestOptions, IngestStep, Ingested,
};

/// Rows per step for the chunked read, picked by the first byte (0 means
/// "at least one", as `step` documents).
const STEPS: [usize; 8] = [0, 1, 2, 3, 5, 7, 16, 61];

fn check_series(loaded: &Ingested) {
    let s = &loaded.series;
    let n = s.dates.len();
    assert!(n >= 1, "an Ok series has rows");
    assert!(
        s.dates.windows(2).all(|w| w[0] < w[1]),
        "dates strictly increase"
    );
    assert_eq!(s.close.len(), n, "close is as long as the dates");
    for column in [&s.open, &s.high, &s.low, &s.volume, &s.raw_close]
        .into_iter()
        .flatten()
    {
        assert_eq!(column.len(), n, "every column is as long as the dates");
    }
    let columns = std::iter::once(&s.close).chain(
        [&s.open, &s.high, &s.low, &s.volume, &s.raw_close]
            .into_iter()
            .flatten(),
    );
    for column in columns {
        assert!(column.iter().flatten().all(|v| v.is_finite()), "finite");
    }
    assert_eq!(loaded.report.rows_kept, n, "rows_kept counts the series");
    assert!(loaded.report.rows_read >= n, "rows_read >= rows_kept");
    // The page shows these; they must not panic either.
    let _ = loaded.report.summary();
    for warning in &loaded.warnings {
        let _ = warning.to_string();
    }
}

fn chunked(data: &[u8], step: usize) -> Result<Ingested, IngestError> {
    let mut job = IncrementalIngest::new(data.to_vec(), "fuzz.csv", IngestOptions::default());
    let mut done = 0;
    let mut total = None;
    loop {
        match job.step(step) {
            IngestStep::Progress {
                done_bytes,
                total_bytes,
            } => {
                // `total_bytes` counts the text being read: the input, or
                // its UTF-8 decoding when it was read as Windows-1252
                // (longer), so it only equals `data.len()` for UTF-8.
                if std::str::from_utf8(data).is_ok() {
                    assert_eq!(total_bytes, data.len(), "total_bytes is the input size");
                }
                assert_eq!(
                    *total.get_or_insert(total_bytes),
                    total_bytes,
                    "fixed total"
                );
                assert!(done_bytes >= done, "progress never goes back");
                assert!(done_bytes <= total_bytes, "progress stays within the total");
                done = done_bytes;
            }
            IngestStep::Finished(result) => {
                assert_eq!(
                    job.step(step),
                    IngestStep::Finished(Err(IngestError::AlreadyFinished)),
                    "a finished job stays finished"
                );
                return result;
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let whole = ingest(data, "fuzz.csv", &IngestOptions::default());
    match &whole {
        Ok(loaded) => check_series(loaded),
        Err(e) => {
            assert!(!e.to_string().is_empty(), "an error says what to fix");
        }
    }
    let step = STEPS[usize::from(data.first().copied().unwrap_or(0) % 8)];
    let parts = chunked(data, step);
    // Stricter than "same series or both Err": the whole result (warnings,
    // report, error with its line) must not depend on the step size.
    assert_eq!(parts, whole, "chunked (steps of {step}) == whole");
});
