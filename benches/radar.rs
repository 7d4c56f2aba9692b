//! One full radar run — every signal, the regime history, all evidence
//! rows (Welch tests and the table's false-discovery control included) and the targets and read — on 4 price series
//! of 10,000 sessions plus the bundled macro series. Browser budget:
//! ≤ 10 ms median (the e2e timing harness measures the release wasm); this
//! is the native figure beside it.
//!
//! Run: `cargo bench --bench radar`

use std::hint::black_box;

use chrono::{Datelike, NaiveDate, Weekday};
use criterion::{criterion_group, criterion_main, Criterion};
use regime_radar::engine::calendar::FomcCalendar;
use regime_radar::engine::evidence::welch_test;
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::radar::{compute, compute_timed};
use regime_radar::engine::regime::regime_history;
use regime_radar::engine::samples::sample;
use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};
use regime_radar::engine::settings::RadarSettings;
use regime_radar::engine::signals::{evaluate, RadarInputs};

/// A random walk of `n` weekday sessions from 1986 (xorshift, seeded).
fn walk(id: &str, n: usize, seed: u64) -> Series {
    let mut dates = Vec::with_capacity(n);
    let mut close = Vec::with_capacity(n);
    let mut day = NaiveDate::from_ymd_opt(1986, 1, 2).unwrap_or_default();
    let (mut price, mut s) = (100.0_f64, seed | 1);
    while dates.len() < n {
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            price *= 1.0003 + 0.015 * ((s % 2001) as f64 / 1000.0 - 1.0);
            dates.push(day);
            close.push(Some(price));
        }
        day = day.succ_opt().unwrap_or(day);
    }
    Series::from_values(
        SeriesId::sanitized(id),
        SeriesKind::Price,
        Frequency::Daily,
        dates,
        close,
    )
}

fn bundled(id: &str) -> Option<Series> {
    let entry = sample(id)?;
    let bytes = std::fs::read(format!(
        "{}/public/data/{}",
        env!("CARGO_MANIFEST_DIR"),
        entry.file
    ))
    .ok()?;
    let options = IngestOptions {
        name: Some(entry.id.to_string()),
        kind: Some(entry.kind),
        ..IngestOptions::default()
    };
    ingest(&bytes, entry.file, &options).ok().map(|i| i.series)
}

fn bench_radar(c: &mut Criterion) {
    let prices: Vec<Series> = ["SMALL", "LARGE", "GROWTH", "OTHER"]
        .iter()
        .enumerate()
        // Odd and distinct per series (`seed | 1` would merge 2k and 2k + 1).
        .map(|(k, id)| walk(id, 10_000, 0x9E37_79B9 + 2 * k as u64))
        .collect();
    let macros: Vec<Series> = ["ICSA", "GDPNOW", "RSAFS", "PCE", "FEDFUNDS", "UNRATE"]
        .iter()
        .filter_map(|id| bundled(id))
        .collect();
    let fomc = std::fs::read(format!(
        "{}/public/data/FOMC.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .ok()
    .and_then(|b| FomcCalendar::parse(&b).ok());
    let inputs = RadarInputs {
        small: prices.first(),
        large: prices.get(1),
        growth: prices.get(2),
        macros: macros.iter().collect(),
        fomc: fomc.as_ref(),
        ..RadarInputs::default()
    };
    let settings = RadarSettings::default();
    // Phase split (printed once; criterion below times the whole run).
    let mut laps: std::collections::BTreeMap<&'static str, Vec<f64>> = Default::default();
    for _ in 0..30 {
        let mut last = std::time::Instant::now();
        let _ = compute_timed(&inputs, &settings, None, &mut |phase| {
            let now = std::time::Instant::now();
            laps.entry(phase)
                .or_default()
                .push((now - last).as_secs_f64() * 1e3);
            last = now;
        });
    }
    for (phase, mut v) in laps {
        v.sort_by(f64::total_cmp);
        println!("phase {phase}: median {:.3} ms", v[v.len() / 2]);
    }
    let mut group = c.benchmark_group("radar");
    group.sample_size(20);
    group.bench_function("4 x 10,000 sessions + 6 macro series", |b| {
        b.iter(|| black_box(compute(black_box(&inputs), &settings, None).evidence.len()))
    });
    group.bench_function("signals only", |b| {
        b.iter(|| black_box(evaluate(black_box(&inputs), &settings, None).rules.len()))
    });
    let signals = evaluate(&inputs, &settings, None);
    group.bench_function("regime only", |b| {
        b.iter(|| {
            black_box(
                regime_history(black_box(&signals), &settings)
                    .episodes
                    .len(),
            )
        })
    });
    // One row's test: the Student-t tail and quantile (continued fraction
    // and bisection) are the only iterative parts of an evidence row.
    group.bench_function("one Welch test, n = 25 vs 180", |b| {
        b.iter(|| {
            black_box(welch_test(
                black_box((25, 0.012, 0.04)),
                black_box((180, 0.003, 0.05)),
                0.9,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_radar);
criterion_main!(benches);
