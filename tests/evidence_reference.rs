//! The page's evidence path against an independent computation.
//!
//! `tests/reference/evidence.py` (numpy + scipy, written from the method
//! in docs/rules.md, not from this code) recomputes six rows on the bundled
//! IWM (small) and SPY (large) samples: `trend_small_200d` and
//! `leadership_3m`, outcome small − large, horizons 5, 21 and 63, and the
//! Benjamini–Hochberg q values over those six. Its output is committed as
//! `tests/fixtures/reference/evidence_reference.json`. Here the same rows
//! come out of `radar::compute` — the function the page runs — and every
//! count must be equal and every statistic, p value, interval and q value
//! equal to 1e-9 (relative above 1).
//!
//! Rerun the reference: `python3 tests/reference/evidence.py`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use regime_radar::engine::evidence::{judge, EvidenceRow, EvidenceSettings};
use regime_radar::engine::radar::{compute, Subject};
use regime_radar::engine::rule_id::RuleId;
use regime_radar::engine::settings::RadarSettings;
use regime_radar::engine::signals::RadarInputs;
use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const TOLERANCE: f64 = 1e-9;

fn reference() -> Result<Value, Box<dyn std::error::Error>> {
    let path = format!(
        "{}/tests/fixtures/reference/evidence_reference.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

fn number(row: &Value, key: &str) -> Result<f64, String> {
    row.get(key)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("reference row has no number {key}: {row}"))
}

fn count(row: &Value, key: &str) -> Result<usize, String> {
    row.get(key)
        .and_then(Value::as_u64)
        .map(|v| v as usize)
        .ok_or_else(|| format!("reference row has no count {key}: {row}"))
}

fn close(what: &str, ours: f64, theirs: f64) -> Result<(), String> {
    if (ours - theirs).abs() <= TOLERANCE * theirs.abs().max(1.0) {
        Ok(())
    } else {
        Err(format!("{what}: page {ours:e}, reference {theirs:e}"))
    }
}

fn rule_of(name: &str) -> Result<RuleId, String> {
    RuleId::parse(name).ok_or_else(|| format!("no rule {name}"))
}

#[test]
fn the_pages_evidence_rows_equal_the_independent_reference() -> TestResult {
    let reference = reference()?;
    let wanted = reference
        .get("rows")
        .and_then(Value::as_array)
        .ok_or("reference has no rows")?;
    assert_eq!(wanted.len(), 6, "the reference covers six rows");

    let (small, large) = (common::load("IWM"), common::load("SPY"));
    let inputs = RadarInputs {
        small: Some(&small),
        large: Some(&large),
        ..RadarInputs::default()
    };
    let radar = compute(&inputs, &RadarSettings::default(), None);
    assert_eq!(
        radar.signals.frame.len(),
        count(&reference, "sessions")?,
        "the union calendar of IWM and SPY"
    );

    let mut rows: Vec<EvidenceRow> = Vec::new();
    for want in wanted {
        let name = want.get("rule").and_then(Value::as_str).ok_or("rule")?;
        let rule = rule_of(name)?;
        let horizon = count(want, "horizon")?;
        let row = radar
            .evidence
            .iter()
            .find(|e| e.subject == Subject::Rule(rule) && e.row.horizon == horizon)
            .map(|e| e.row.clone())
            .ok_or_else(|| format!("the page has no {name} row at {horizon}"))?;
        let at = format!("{name} h={horizon}");
        assert_eq!(row.episodes, count(want, "episodes")?, "{at}: episodes");
        assert_eq!(row.excluded, count(want, "excluded")?, "{at}: excluded");
        assert_eq!(
            row.overlapping,
            count(want, "overlapping")?,
            "{at}: overlapping"
        );
        let entries: Vec<usize> = want
            .get("entries")
            .and_then(Value::as_array)
            .ok_or("entries")?
            .iter()
            .filter_map(Value::as_u64)
            .map(|v| v as usize)
            .collect();
        assert_eq!(row.entry_indices, entries, "{at}: independent entries");
        let stats = row.stats.ok_or_else(|| format!("{at}: no stats"))?;
        let base = row.base.ok_or_else(|| format!("{at}: no base"))?;
        assert_eq!(stats.n, count(want, "n")?, "{at}: n");
        assert_eq!(base.n, count(want, "base_n")?, "{at}: base n");
        assert_eq!(
            row.base_independent,
            count(want, "base_independent")?,
            "{at}: base independent"
        );
        close(&format!("{at} mean"), stats.mean, number(want, "mean")?)?;
        close(&format!("{at} sd"), stats.sd, number(want, "sd")?)?;
        close(
            &format!("{at} base mean"),
            base.mean,
            number(want, "base_mean")?,
        )?;
        close(&format!("{at} base sd"), base.sd, number(want, "base_sd")?)?;
        let test = row.test.ok_or_else(|| format!("{at}: no test"))?;
        close(
            &format!("{at} difference"),
            test.difference,
            number(want, "difference")?,
        )?;
        close(&format!("{at} se"), test.se, number(want, "se")?)?;
        close(&format!("{at} df"), test.df, number(want, "df")?)?;
        close(&format!("{at} t"), test.t, number(want, "t")?)?;
        close(&format!("{at} p"), test.p, number(want, "p")?)?;
        close(
            &format!("{at} ci low"),
            test.interval.0,
            number(want, "ci_low")?,
        )?;
        close(
            &format!("{at} ci high"),
            test.interval.1,
            number(want, "ci_high")?,
        )?;
        rows.push(row);
    }

    // The false-discovery control over a table of exactly these rows.
    judge(rows.iter_mut(), &EvidenceSettings::default());
    for (row, want) in rows.iter().zip(wanted) {
        let at = format!("{:?} h={}", want.get("rule"), row.horizon);
        close(&format!("{at} q"), row.q.ok_or("no q")?, number(want, "q")?)?;
    }
    Ok(())
}
