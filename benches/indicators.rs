//! Criterion benchmarks: every indicator over the same 1,000,000 synthetic
//! bars (`common::input`, a seeded random walk that
//! `benches/talib_compare.py` regenerates bit for bit).
//!
//! The six with a TA-Lib counterpart are timed on their dense batch path
//! (`over_dense`, the one the page uses); `option/…` times the `Option`
//! path of the same six, `stream/…` the streaming one. The TA-Lib
//! comparison itself is `benches/talib_compare.sh` (interleaved runs of
//! `benches/talib_timer.rs`, not criterion).
//!
//! Run: `cargo bench --bench indicators` (results under
//! `$CARGO_TARGET_DIR/criterion/<name>/new/estimates.json`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use regime_radar::engine::indicators::{
    stream, Atr, Bar, BollingerBands, BollingerParams, Drawdown, Ema, Macd, MacdParams,
    OutperformanceStreak, PctFromHigh, PerformanceSpread, RatioVsMa, RealizedVolatility,
    RecordHigh, Return, Roc, RollingBeta, RollingCorrelation, RrgApprox, RrgParams, Sma, WilderRma,
    WilderRsi, ZScore,
};

mod common;

use common::{input, BARS};

fn benches(c: &mut Criterion) {
    let data = input();
    let x = &data.close;
    let bars: Vec<Bar> = (0..BARS)
        .map(|i| Bar {
            high: data.high[i],
            low: data.low[i],
            close: data.close[i],
        })
        .collect();
    let pairs: Vec<(f64, f64)> = x.iter().copied().zip(data.other.iter().copied()).collect();

    // The six with a TA-Lib counterpart (as in talib_timer.rs).
    let (Ok(sma), Ok(ema), Ok(rsi), Ok(macd), Ok(bb), Ok(atr)) = (
        Sma::new(20),
        Ema::new(20),
        WilderRsi::new(14),
        Macd::new(MacdParams::default()),
        BollingerBands::new(BollingerParams::default()),
        Atr::new(14),
    ) else {
        return;
    };
    c.bench_function("sma_20", |b| b.iter(|| sma.over_dense(black_box(x))));
    c.bench_function("ema_20", |b| b.iter(|| ema.over_dense(black_box(x))));
    c.bench_function("rsi_14", |b| b.iter(|| rsi.over_dense(black_box(x))));
    c.bench_function("macd_12_26_9", |b| b.iter(|| macd.over_dense(black_box(x))));
    c.bench_function("bbands_20_2", |b| b.iter(|| bb.over_dense(black_box(x))));
    c.bench_function("atr_14", |b| {
        b.iter(|| atr.over_dense(black_box(&data.high), black_box(&data.low), black_box(x)))
    });
    // The `Option` path of the same six (aligned, `None` in the warm-up).
    c.bench_function("option/sma_20", |b| b.iter(|| sma.over(black_box(x))));
    c.bench_function("option/ema_20", |b| b.iter(|| ema.over(black_box(x))));
    c.bench_function("option/rsi_14", |b| b.iter(|| rsi.over(black_box(x))));
    c.bench_function("option/macd_12_26_9", |b| {
        b.iter(|| macd.over(black_box(x)))
    });
    c.bench_function("option/bbands_20_2", |b| b.iter(|| bb.over(black_box(x))));
    c.bench_function("option/atr_14", |b| {
        b.iter(|| atr.over(black_box(&data.high), black_box(&data.low), black_box(x)))
    });
    // Streaming path of the same six (one `next` per bar).
    c.bench_function("stream/sma_20", |b| b.iter(|| stream(&sma, black_box(x))));
    c.bench_function("stream/rsi_14", |b| b.iter(|| stream(&rsi, black_box(x))));
    c.bench_function("stream/atr_14", |b| {
        b.iter(|| stream(&atr, black_box(&bars)))
    });

    // The rest (no TA-Lib equivalent, or not the same definition).
    let (Ok(rma), Ok(ret), Ok(roc), Ok(vol), Ok(high52), Ok(z)) = (
        WilderRma::new(14),
        Return::new(21),
        Roc::new(10),
        RealizedVolatility::new(21),
        PctFromHigh::new(252),
        ZScore::new(20),
    ) else {
        return;
    };
    c.bench_function("rma_14", |b| b.iter(|| rma.over(black_box(x))));
    c.bench_function("return_21", |b| b.iter(|| ret.over(black_box(x))));
    c.bench_function("roc_10", |b| b.iter(|| roc.over(black_box(x))));
    c.bench_function("volatility_21", |b| b.iter(|| vol.over(black_box(x))));
    c.bench_function("drawdown", |b| {
        b.iter(|| Drawdown::new().over(black_box(x)))
    });
    c.bench_function("pct_from_high_252", |b| {
        b.iter(|| high52.over(black_box(x)))
    });
    c.bench_function("record_high", |b| {
        b.iter(|| RecordHigh::new().over(black_box(x)))
    });
    c.bench_function("zscore_20", |b| b.iter(|| z.over(black_box(x))));
    let (Ok(spread), Ok(rvm), Ok(corr), Ok(beta), Ok(rrg)) = (
        PerformanceSpread::new(21),
        RatioVsMa::new(50),
        RollingCorrelation::new(63),
        RollingBeta::new(63),
        RrgApprox::new(RrgParams::default()),
    ) else {
        return;
    };
    c.bench_function("spread_21", |b| {
        b.iter(|| stream(&spread, black_box(&pairs)))
    });
    c.bench_function("ratio_vs_ma_50", |b| {
        b.iter(|| stream(&rvm, black_box(&pairs)))
    });
    c.bench_function("streak", |b| {
        b.iter(|| stream(&OutperformanceStreak::new(), black_box(&pairs)))
    });
    c.bench_function("correlation_63", |b| {
        b.iter(|| stream(&corr, black_box(&pairs)))
    });
    c.bench_function("beta_63", |b| b.iter(|| stream(&beta, black_box(&pairs))));
    c.bench_function("rrg_approx", |b| b.iter(|| stream(&rrg, black_box(&pairs))));
}

criterion_group! {
    name = indicators;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(indicators);
