//! `public/data/manifest.json`: for every bundled series its file, where it
//! came from, when it was fetched, its first and last date, rows and the
//! SHA-256 of the file's bytes. The page reads this shape; keep it.

use std::collections::BTreeMap;
use std::path::Path;

use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::samples::Sample;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::error::RefreshError;
use super::files::write_atomic;

/// The manifest's file name, next to the samples.
pub const FILE: &str = "manifest.json";

/// The source of a file nobody has refreshed yet.
pub const BUNDLED: &str = "bundled sample (docs/data.md)";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// When this manifest was written (RFC 3339, UTC).
    pub generated: String,
    /// By series id as in `SAMPLES`.
    pub series: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub source: String,
    pub url: String,
    /// When the data was downloaded (RFC 3339, UTC); `null` = unknown.
    pub fetched: Option<String>,
    pub first: String,
    pub last: String,
    pub rows: usize,
    pub sha256: String,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The entry for a file's bytes, read as the page reads the sample.
pub fn entry_for(
    bytes: &[u8],
    sample: &Sample,
    source: &str,
    url: &str,
    fetched: Option<String>,
) -> Result<Entry, RefreshError> {
    let options = IngestOptions {
        name: Some(sample.id.to_string()),
        kind: Some(sample.kind),
        ..IngestOptions::default()
    };
    let series = ingest(bytes, sample.file, &options)
        .map_err(|e| RefreshError::Ingest(format!("{}: {e}", sample.file)))?
        .series;
    let (Some(first), Some(last)) = (series.dates.first(), series.dates.last()) else {
        return Err(RefreshError::Ingest(format!("{}: no rows", sample.file)));
    };
    Ok(Entry {
        file: sample.file.to_string(),
        source: source.to_string(),
        url: url.to_string(),
        fetched,
        first: first.to_string(),
        last: last.to_string(),
        rows: series.len(),
        sha256: sha256_hex(bytes),
    })
}

/// The manifest in `dir`, or an empty one when there is none yet.
pub fn load(dir: &Path) -> Result<Manifest, RefreshError> {
    let path = dir.join(FILE);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| RefreshError::Manifest(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest {
            generated: String::new(),
            series: BTreeMap::new(),
        }),
        Err(e) => Err(RefreshError::io(&path, e)),
    }
}

/// Writes the manifest into `dir` (pretty JSON, atomically).
pub fn save(dir: &Path, manifest: &Manifest) -> Result<(), RefreshError> {
    let mut text = serde_json::to_string_pretty(manifest)
        .map_err(|e| RefreshError::Manifest(e.to_string()))?;
    text.push('\n');
    write_atomic(dir, FILE, text.as_bytes())
}
