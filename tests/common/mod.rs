//! Helpers shared by the native test files (`mod common;` in each).
#![allow(dead_code)]

use chrono::NaiveDate;
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::samples::sample;
use regime_radar::engine::series::Series;

/// A date written `YYYY-MM-DD` in a test.
pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

/// A bundled sample loaded exactly as the page loads it.
pub fn load(id: &str) -> Series {
    let entry = sample(id).unwrap_or_else(|| panic!("no sample {id}"));
    let path = format!("{}/public/data/{}", env!("CARGO_MANIFEST_DIR"), entry.file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let options = IngestOptions {
        name: Some(entry.id.to_string()),
        kind: Some(entry.kind),
        ..IngestOptions::default()
    };
    ingest(&bytes, entry.file, &options)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .series
}
