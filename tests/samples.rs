//! Spec for the bundled samples (`engine::samples::SAMPLES` and `public/data/`):
//! every catalogue entry is a real file that ingest reads without error into
//! the declared kind, ending on a final (not intraday) row.

use std::collections::HashSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::samples::{sample, Role, SAMPLES};
use regime_radar::engine::series::SeriesKind;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn public_data(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("public")
        .join("data")
        .join(file)
}

fn date(s: &str) -> Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
}

/// Last rows that MANIFEST.md names as intraday snapshots (written mid-session
/// by an updater): a sample must never end on one of them.
const INTRADAY_LAST_ROWS: &[(&str, &str)] = &[
    ("RUT", "2026-02-23"),
    ("GSPC", "2026-07-13"),
    ("NDX", "2026-07-13"),
    ("IWM", "2026-07-13"),
    ("SPY", "2026-07-13"),
    ("QQQ", "2026-07-13"),
    ("IWM", "2026-02-23"),
    ("SPY", "2026-02-23"),
    ("QQQ", "2026-02-23"),
];

#[test]
fn every_sample_file_exists_and_ingests_into_its_declared_kind() -> TestResult {
    for s in SAMPLES {
        let bytes = std::fs::read(public_data(s.file))
            .map_err(|e| format!("public/data/{} is missing: {e}", s.file))?;
        let loaded = ingest(&bytes, s.file, &IngestOptions::default())
            .map_err(|e| format!("{} does not ingest: {e}", s.file))?;
        assert_eq!(loaded.series.kind, s.kind, "{}: inferred kind", s.file);
        assert_eq!(loaded.series.id.as_str(), s.id, "{}: inferred id", s.file);
        assert!(
            loaded.series.len() > 50,
            "{}: only {} rows",
            s.file,
            loaded.series.len()
        );
    }
    Ok(())
}

#[test]
fn no_sample_ends_on_an_intraday_snapshot_row() -> TestResult {
    for s in SAMPLES {
        let bytes = std::fs::read(public_data(s.file))?;
        let loaded = ingest(&bytes, s.file, &IngestOptions::default())?;
        let last = loaded.series.dates.last().copied().ok_or("empty series")?;
        for (id, intraday) in INTRADAY_LAST_ROWS {
            assert!(
                !(s.id == *id && last == date(intraday)?),
                "{} ends on the intraday row {intraday}",
                s.file
            );
        }
    }
    Ok(())
}

#[test]
fn index_samples_end_on_the_last_final_close() -> TestResult {
    // MANIFEST: final ^GSPC / ^NDX data runs to 2026-07-10; ^RUT's 2026-02-23
    // row came from an intraday updater, so the final file ends 2026-02-20.
    for (id, last) in [
        ("GSPC", "2026-07-10"),
        ("NDX", "2026-07-10"),
        ("RUT", "2026-02-20"),
    ] {
        let s = sample(id).ok_or("missing sample")?;
        let loaded = ingest(
            &std::fs::read(public_data(s.file))?,
            s.file,
            &IngestOptions::default(),
        )?;
        assert_eq!(
            loaded.series.dates.last().copied(),
            Some(date(last)?),
            "{id}"
        );
    }
    Ok(())
}

#[test]
fn spot_closes_on_2023_12_29_match_the_manifest() -> TestResult {
    // Cross-checked values from MANIFEST.md (all three index sources agree).
    for (id, close) in [
        ("GSPC", 4769.83),
        ("NDX", 16825.93),
        ("RUT", 2027.07),
        ("SPY", 463.84),
        ("QQQ", 405.05),
    ] {
        let s = sample(id).ok_or("missing sample")?;
        let series = ingest(
            &std::fs::read(public_data(s.file))?,
            s.file,
            &IngestOptions::default(),
        )?
        .series;
        let day = date("2023-12-29")?;
        let at = series
            .dates
            .iter()
            .position(|d| *d == day)
            .ok_or("no 2023-12-29 row")?;
        let value = series.close.get(at).copied().flatten().ok_or("no close")?;
        assert!((value - close).abs() < 0.01, "{id}: {value} vs {close}");
    }
    Ok(())
}

#[test]
fn iwm_sample_is_the_talib_reference_input_unchanged() -> TestResult {
    // TA-Lib seeds depend on the first row: IWM.csv must stay the whole file.
    let s = sample("IWM").ok_or("missing sample")?;
    let series = ingest(
        &std::fs::read(public_data(s.file))?,
        s.file,
        &IngestOptions::default(),
    )?
    .series;
    assert_eq!(series.dates.first().copied(), Some(date("2000-05-26")?));
    assert_eq!(series.len(), 6545);
    Ok(())
}

#[test]
fn unrate_sample_keeps_the_real_missing_october_2025() -> TestResult {
    let s = sample("UNRATE").ok_or("missing sample")?;
    let series = ingest(
        &std::fs::read(public_data(s.file))?,
        s.file,
        &IngestOptions::default(),
    )?
    .series;
    let at = series
        .dates
        .iter()
        .position(|d| *d == NaiveDate::from_ymd_opt(2025, 10, 1).unwrap_or_default())
        .ok_or("the 2025-10 row is gone")?;
    assert_eq!(series.close.get(at), Some(&None));
    Ok(())
}

#[test]
fn catalogue_is_consistent() {
    let ids: HashSet<&str> = SAMPLES.iter().map(|s| s.id).collect();
    let files: HashSet<&str> = SAMPLES.iter().map(|s| s.file).collect();
    assert_eq!(ids.len(), SAMPLES.len(), "ids are unique");
    assert_eq!(files.len(), SAMPLES.len(), "files are unique");
    for id in ["IWM", "SPY", "QQQ", "ICSA", "GDPNOW"] {
        assert!(
            sample(id).is_some_and(|s| s.default_loaded),
            "{id} loads on first visit"
        );
    }
    for s in SAMPLES {
        assert_eq!(
            s.role == Role::Macro,
            s.kind != SeriesKind::Price,
            "{}: macro role iff macro kind",
            s.id
        );
        assert!(!s.source.is_empty() && !s.label.is_empty(), "{}", s.id);
    }
    let roles: Vec<&str> = [
        Role::Small,
        Role::Large,
        Role::Growth,
        Role::Macro,
        Role::None,
    ]
    .iter()
    .map(|r| r.as_str())
    .collect();
    assert_eq!(roles, ["small", "large", "growth", "macro", ""]);
}

#[test]
fn every_file_in_public_data_is_catalogued() -> TestResult {
    // A file nobody can load is dead weight in the page's download budget.
    let mut catalogued: HashSet<&str> = SAMPLES.iter().map(|s| s.file).collect();
    catalogued.insert(regime_radar::engine::samples::FOMC_FILE);
    // Provenance of every sample (the refresh tool writes it; docs/hosting.md).
    catalogued.insert("manifest.json");
    for entry in std::fs::read_dir(public_data(""))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        assert!(
            catalogued.contains(name.as_str()),
            "public/data/{name} is not in SAMPLES"
        );
    }
    Ok(())
}
