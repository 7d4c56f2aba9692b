//! Ingest throughput: 1,000,000 daily OHLCV rows (~52 MB) through
//! `ingest()` (the same chunked path the browser uses). Target: ≤ 1 s.
//!
//! Run: `cargo bench --bench ingest`

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use regime_radar::engine::ingest::{ingest, IngestOptions};

/// `Date,Open,High,Low,Close,Volume`, one row per calendar day from 1900.
fn daily_csv(rows: usize) -> Vec<u8> {
    let mut out = String::with_capacity(rows * 56);
    out.push_str("Date,Open,High,Low,Close,Volume\n");
    let mut date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    for i in 0..rows {
        let close = 100.0 + (i % 997) as f64 * 0.37;
        out.push_str(&format!(
            "{date},{:.4},{:.4},{:.4},{close:.4},{}\n",
            close - 0.5,
            close + 1.25,
            close - 1.25,
            1_000_000 + i * 7
        ));
        date = date.succ_opt().unwrap_or(date);
    }
    out.into_bytes()
}

fn bench_ingest(c: &mut Criterion) {
    let bytes = daily_csv(1_000_000);
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("1M daily OHLCV rows", |b| {
        b.iter(|| {
            let loaded = ingest(black_box(&bytes), "BENCH.csv", &IngestOptions::default());
            black_box(loaded.map(|l| l.series.len()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_ingest);
criterion_main!(benches);
