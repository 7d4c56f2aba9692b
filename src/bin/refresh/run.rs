//! One refresh run over the bundled samples: download, render in the
//! current file's layout, gate, write atomically, update the manifest.
//! A refused series keeps its file and its manifest entry.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use regime_radar::engine::samples::{Sample, SAMPLES};
use regime_radar::engine::series::SeriesKind;

use super::error::RefreshError;
use super::files::write_atomic;
use super::fred::{self, Fred};
use super::gates;
use super::layout::Layout;
use super::manifest::{self, Manifest};
use super::sources::{Http, PriceSource};
use super::tiingo::{self, Tiingo};

/// What one run needs; keys come from the environment and go nowhere else.
pub struct Config {
    pub out: PathBuf,
    /// The run date the freshness gate measures against.
    pub today: NaiveDate,
    /// The run's time stamp (RFC 3339, UTC) for `generated` and `fetched`.
    pub now: String,
    pub fred_base: String,
    pub prices_base: String,
    pub fred_key: Option<String>,
    pub prices_key: Option<String>,
}

/// What happened to one series.
#[derive(Debug)]
pub enum Status {
    Written {
        rows: usize,
        last: String,
        added: i64,
    },
    NotRefreshed(&'static str),
    Refused(RefreshError),
}

#[derive(Debug)]
pub struct Outcome {
    pub id: &'static str,
    pub status: Status,
}

/// The page where a person can check a bundled (not yet refreshed) sample.
pub fn bundled_url(sample: &Sample) -> String {
    if sample.kind == SeriesKind::Price {
        let symbol = match sample.id {
            "RUT" | "GSPC" | "NDX" => format!("%5E{}", sample.id),
            other => other.to_string(),
        };
        format!("https://finance.yahoo.com/quote/{symbol}/history")
    } else {
        fred::page_url(sample.id)
    }
}

/// Refreshes every sample in `config.out` and writes the manifest.
pub fn refresh(config: &Config) -> Result<Vec<Outcome>, RefreshError> {
    let mut manifest = manifest::load(&config.out)?;
    let http = Http::new();
    let fred = Fred {
        http: &http,
        base: config.fred_base.clone(),
        key: config.fred_key.clone().unwrap_or_default(),
    };
    let prices = Tiingo {
        http: &http,
        base: config.prices_base.clone(),
        key: config.prices_key.clone().unwrap_or_default(),
    };
    let mut outcomes = Vec::with_capacity(SAMPLES.len());
    for sample in SAMPLES {
        let status = if sample.kind == SeriesKind::Price {
            if let Some(why) = prices.cannot_serve(sample.id) {
                Status::NotRefreshed(why)
            } else if config.prices_key.is_none() {
                Status::Refused(RefreshError::MissingKey("TIINGO_API_KEY"))
            } else {
                one(
                    config,
                    sample,
                    &mut manifest,
                    |layout: &Layout, start| layout.render_prices(&prices.daily(sample.id, start)?),
                    prices.source(),
                    &prices.page_url(sample.id),
                )
            }
        } else if config.fred_key.is_none() {
            Status::Refused(RefreshError::MissingKey("FRED_API_KEY"))
        } else {
            one(
                config,
                sample,
                &mut manifest,
                |layout: &Layout, start| layout.render_macro(&fred.observations(sample.id, start)?),
                fred::SOURCE,
                &fred::page_url(sample.id),
            )
        };
        outcomes.push(Outcome {
            id: sample.id,
            status,
        });
    }
    fill_missing_entries(&config.out, &mut manifest);
    manifest.generated = config.now.clone();
    manifest::save(&config.out, &manifest)?;
    Ok(outcomes)
}

/// Downloads, gates and writes one sample; its manifest entry on success.
fn one(
    config: &Config,
    sample: &Sample,
    manifest: &mut Manifest,
    download: impl FnOnce(&Layout, NaiveDate) -> Result<String, RefreshError>,
    source: &str,
    url: &str,
) -> Status {
    let attempt = || -> Result<Status, RefreshError> {
        let path = config.out.join(sample.file);
        let old_bytes = std::fs::read(&path).map_err(|e| RefreshError::io(&path, e))?;
        let layout = Layout::of(&old_bytes)?;
        let old = gates::ingest_as_page(&old_bytes, sample)
            .map_err(|e| RefreshError::Ingest(format!("the current file: {e}")))?;
        let start = old
            .dates
            .first()
            .copied()
            .ok_or_else(|| RefreshError::Shape("the current file has no rows".to_string()))?;
        let text = download(&layout, start)?;
        let new = gates::ingest_as_page(text.as_bytes(), sample)?;
        let new_header = text.lines().next().unwrap_or_default();
        gates::check(&new, new_header, &old, &layout.header, config.today)?;
        let entry = manifest::entry_for(
            text.as_bytes(),
            sample,
            source,
            url,
            Some(config.now.clone()),
        )?;
        write_atomic(&config.out, sample.file, text.as_bytes())?;
        let status = Status::Written {
            rows: entry.rows,
            last: entry.last.clone(),
            added: entry.rows as i64 - old.len() as i64,
        };
        manifest.series.insert(sample.id.to_string(), entry);
        Ok(status)
    };
    attempt().unwrap_or_else(Status::Refused)
}

/// An entry for every sample that has none yet (a first run).
fn fill_missing_entries(out: &Path, manifest: &mut Manifest) {
    for sample in SAMPLES {
        if manifest.series.contains_key(sample.id) {
            continue;
        }
        let path = out.join(sample.file);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if let Ok(entry) = manifest::entry_for(
            &bytes,
            sample,
            manifest::BUNDLED,
            &bundled_url(sample),
            None,
        ) {
            manifest.series.insert(sample.id.to_string(), entry);
        }
    }
}

/// `--manifest-only`: the manifest recomputed from the files in `out`,
/// no network. Source, page and fetch time come from the existing entry,
/// else "bundled sample" with `fetched: null`.
pub fn manifest_only(out: &Path, now: &str) -> Result<Manifest, RefreshError> {
    let previous = manifest::load(out)?;
    let mut manifest = Manifest {
        generated: now.to_string(),
        series: Default::default(),
    };
    for sample in SAMPLES {
        let path = out.join(sample.file);
        let bytes = std::fs::read(&path).map_err(|e| RefreshError::io(&path, e))?;
        let before = previous.series.get(sample.id);
        let entry = manifest::entry_for(
            &bytes,
            sample,
            before.map_or(manifest::BUNDLED, |e| e.source.as_str()),
            &before.map_or_else(|| bundled_url(sample), |e| e.url.clone()),
            before.and_then(|e| e.fetched.clone()),
        )?;
        manifest.series.insert(sample.id.to_string(), entry);
    }
    manifest::save(out, &manifest)?;
    Ok(manifest)
}

/// The default bases, overridable by `REFRESH_FRED_BASE` and `REFRESH_PRICES_BASE`.
pub fn default_bases() -> (&'static str, &'static str) {
    (fred::DEFAULT_BASE, tiingo::DEFAULT_BASE)
}
