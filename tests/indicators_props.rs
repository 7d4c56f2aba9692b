//! Property tests of the indicator engine's invariants:
//! - batch (`over`, specialised loops) == streaming (`next`), bit for bit
//!   (EMA and ATR: to 1e-14 relative, their loops step four bars at a time);
//! - dense (`over_dense`) == the `Option` path bit for bit, `begin` = the
//!   lookback (TA-Lib's `outBegIdx`);
//! - causality: computing on a prefix gives exactly the prefix (no look-ahead),
//!   for every indicator;
//! - ranges: RSI in [0, 100], drawdown and % from high ≤ 0;
//! - constant input: SMA/EMA constant, RSI 0 (TA-Lib's documented value);
//! - a series against itself: ratio 1, spread 0, ratio-vs-MA 0, beta 1;
//! - gaps: skip and carry, for any gap pattern.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use regime_radar::engine::indicators::{
    ratio, stream, stream_gappy, Atr, Bar, BollingerBands, BollingerParams, Dense, Drawdown, Ema,
    Indicator, Macd, MacdParams, OutperformanceStreak, PctFromHigh, PerformanceSpread, RatioVsMa,
    RealizedVolatility, RecordHigh, Return, Roc, RollingBeta, RollingCorrelation, RrgApprox,
    RrgParams, Sma, WilderRma, WilderRsi, ZScore,
};

/// Positive prices: a random walk of daily changes in ±5%, some exactly 0.
fn prices(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![3 => -0.05f64..0.05, 1 => Just(0.0)], 0..max_len).prop_map(
        |changes| {
            let mut x = 100.0;
            changes
                .into_iter()
                .map(|c| {
                    x *= 1.0 + c;
                    x
                })
                .collect()
        },
    )
}

fn bars_from(closes: &[f64], spread: &[f64]) -> Vec<Bar> {
    closes
        .iter()
        .zip(spread.iter().cycle())
        .map(|(&c, &s)| Bar {
            high: c * (1.0 + s),
            low: c * (1.0 - s / 2.0),
            close: c,
        })
        .collect()
}

/// The prefix property for one indicator.
fn causal<I>(indicator: &I, inputs: &[I::Input], cut: usize) -> Result<(), TestCaseError>
where
    I: Indicator + Clone,
    I::Output: PartialEq + std::fmt::Debug,
{
    let cut = cut.min(inputs.len());
    let full = stream(indicator, inputs);
    let prefix = stream(indicator, &inputs[..cut]);
    prop_assert_eq!(&full[..cut], &prefix[..]);
    Ok(())
}

/// Same `None` pattern, every value within 1e-14 relative (the four-bar
/// batch loops of EMA and ATR against one bar at a time).
fn within_ulps(
    what: &str,
    batch: &[Option<f64>],
    streamed: &[Option<f64>],
) -> Result<(), TestCaseError> {
    prop_assert_eq!(batch.len(), streamed.len());
    for (i, (b, s)) in batch.iter().zip(streamed).enumerate() {
        match (b, s) {
            (Some(b), Some(s)) => prop_assert!(
                (b - s).abs() <= 1e-14 * s.abs(),
                "{} bar {}: batch {} vs streaming {}",
                what,
                i,
                b,
                s
            ),
            _ => prop_assert_eq!(b.is_some(), s.is_some(), "{} bar {}", what, i),
        }
    }
    Ok(())
}

/// The dense column against the `Option` path: `begin` is the lookback (or
/// the input's length when it is too short), the values are bit for bit
/// the `Some`s, aligned.
fn dense_matches<T>(
    what: &str,
    dense: &Dense<T>,
    options: &[Option<T>],
    lookback: usize,
) -> Result<(), TestCaseError>
where
    T: Copy + PartialEq + std::fmt::Debug,
{
    let len = options.len();
    prop_assert_eq!(dense.len(), len, "{} length", what);
    prop_assert_eq!(
        dense.begin,
        if len > lookback { lookback } else { len },
        "{} begin",
        what
    );
    prop_assert_eq!(&dense.to_options()[..], options, "{} values", what);
    prop_assert_eq!(
        options.iter().position(Option::is_some),
        (len > lookback).then_some(lookback)
    );
    Ok(())
}

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(96)
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn batch_equals_streaming(x in prices(400), n in 1usize..60, s in prop::collection::vec(0.0f64..0.03, 1..8)) {
        let sma = Sma::new(n)?;
        prop_assert_eq!(sma.over(&x), stream(&sma, &x));
        // EMA's batch loop steps four bars at a time, like ATR's (below).
        let ema = Ema::new(n)?;
        within_ulps("EMA", &ema.over(&x), &stream(&ema, &x))?;
        let rma = WilderRma::new(n)?;
        prop_assert_eq!(rma.over(&x), stream(&rma, &x));
        let rsi = WilderRsi::new(n)?;
        prop_assert_eq!(rsi.over(&x), stream(&rsi, &x));
        let bb = BollingerBands::new(BollingerParams { period: n, k_up: 2.0, k_down: 1.0 })?;
        prop_assert_eq!(bb.over(&x), stream(&bb, &x));
        let ret = Return::new(n)?;
        prop_assert_eq!(ret.over(&x), stream(&ret, &x));
        let roc = Roc::new(n)?;
        prop_assert_eq!(roc.over(&x), stream(&roc, &x));
        let macd = Macd::new(MacdParams { fast: n.div_ceil(2), slow: n, signal: n % 9 + 1 })?;
        prop_assert_eq!(macd.over(&x), stream(&macd, &x));
        let bars = bars_from(&x, &s);
        let atr = Atr::new(n)?;
        let (h, l, c): (Vec<f64>, Vec<f64>, Vec<f64>) = (
            bars.iter().map(|b| b.high).collect(),
            bars.iter().map(|b| b.low).collect(),
            bars.iter().map(|b| b.close).collect(),
        );
        // `over` steps the smoothing four bars at a time: the same values to
        // a few ulps (each group's first bar exactly), the same gaps.
        let streamed = stream(&atr, &bars);
        within_ulps("ATR", &atr.over(&h, &l, &c), &streamed)?;
        prop_assert_eq!(atr.over_bars(&bars), streamed);
    }

    #[test]
    fn dense_equals_the_option_path(x in prices(400), n in 1usize..60, s in prop::collection::vec(0.0f64..0.03, 1..8)) {
        let sma = Sma::new(n)?;
        dense_matches("SMA", &sma.over_dense(&x), &sma.over(&x), sma.lookback())?;
        let ema = Ema::new(n)?;
        dense_matches("EMA", &ema.over_dense(&x), &ema.over(&x), ema.lookback())?;
        let rsi = WilderRsi::new(n)?;
        dense_matches("RSI", &rsi.over_dense(&x), &rsi.over(&x), rsi.lookback())?;
        let macd = Macd::new(MacdParams { fast: n.div_ceil(2), slow: n, signal: n % 9 + 1 })?;
        dense_matches("MACD", &macd.over_dense(&x), &macd.over(&x), macd.lookback())?;
        let bb = BollingerBands::new(BollingerParams { period: n, k_up: 2.0, k_down: 1.0 })?;
        dense_matches("BBANDS", &bb.over_dense(&x), &bb.over(&x), bb.lookback())?;
        let bars = bars_from(&x, &s);
        let (h, l, c): (Vec<f64>, Vec<f64>, Vec<f64>) = (
            bars.iter().map(|b| b.high).collect(),
            bars.iter().map(|b| b.low).collect(),
            bars.iter().map(|b| b.close).collect(),
        );
        let atr = Atr::new(n)?;
        dense_matches("ATR", &atr.over_dense(&h, &l, &c), &atr.over(&h, &l, &c), atr.lookback())?;
        // A line of a multi-line column keeps the shared begin.
        let signal = macd.over_dense(&x).map(|m| m.signal);
        prop_assert_eq!(signal.begin, macd.over_dense(&x).begin);
        for (i, v) in signal.iter().enumerate() {
            prop_assert_eq!(v, macd.over(&x)[i].map(|m| m.signal));
        }
    }

    #[test]
    fn every_indicator_is_causal(
        x in prices(300),
        y in prices(300),
        n in 2usize..40,
        cut in 0usize..300,
        s in prop::collection::vec(0.0f64..0.03, 1..8),
    ) {
        let pairs: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
        let bars = bars_from(&x, &s);
        causal(&Sma::new(n)?, &x, cut)?;
        causal(&Ema::new(n)?, &x, cut)?;
        causal(&WilderRma::new(n)?, &x, cut)?;
        causal(&WilderRsi::new(n)?, &x, cut)?;
        causal(&Macd::new(MacdParams { fast: n / 2, slow: n, signal: 3 })?, &x, cut)?;
        causal(&BollingerBands::new(BollingerParams { period: n, ..BollingerParams::default() })?, &x, cut)?;
        causal(&Atr::new(n)?, &bars, cut)?;
        causal(&Return::new(n)?, &x, cut)?;
        causal(&Roc::new(n)?, &x, cut)?;
        causal(&RealizedVolatility::new(n)?, &x, cut)?;
        causal(&Drawdown::new(), &x, cut)?;
        causal(&PctFromHigh::new(n)?, &x, cut)?;
        causal(&RecordHigh::new(), &x, cut)?;
        causal(&ZScore::new(n)?, &x, cut)?;
        causal(&PerformanceSpread::new(n)?, &pairs, cut)?;
        causal(&RatioVsMa::new(n)?, &pairs, cut)?;
        causal(&OutperformanceStreak::new(), &pairs, cut)?;
        causal(&RollingCorrelation::new(n)?, &pairs, cut)?;
        causal(&RollingBeta::new(n)?, &pairs, cut)?;
        causal(&RrgApprox::new(RrgParams { smoothing: 3, window: n, momentum: 2 })?, &pairs, cut)?;
        // The specialised batch loops too.
        let cut = cut.min(x.len());
        let sma = Sma::new(n)?;
        prop_assert_eq!(&sma.over(&x)[..cut], &sma.over(&x[..cut])[..]);
        let rsi = WilderRsi::new(n)?;
        prop_assert_eq!(&rsi.over(&x)[..cut], &rsi.over(&x[..cut])[..]);
        let bb = BollingerBands::new(BollingerParams { period: n, ..BollingerParams::default() })?;
        prop_assert_eq!(&bb.over(&x)[..cut], &bb.over(&x[..cut])[..]);
        let macd = Macd::new(MacdParams::default())?;
        prop_assert_eq!(&macd.over(&x)[..cut], &macd.over(&x[..cut])[..]);
        // EMA's four-bar groups start at the seed, as ATR's (below).
        let ema = Ema::new(n)?;
        prop_assert_eq!(&ema.over(&x)[..cut], &ema.over(&x[..cut])[..]);
        // ATR's four-bar groups start at the seed, and a cut-short group
        // uses the same formulas: exactly causal too.
        let atr = Atr::new(n)?;
        let (h, l, c): (Vec<f64>, Vec<f64>, Vec<f64>) = (
            bars.iter().map(|b| b.high).collect(),
            bars.iter().map(|b| b.low).collect(),
            bars.iter().map(|b| b.close).collect(),
        );
        let cut = cut.min(bars.len());
        prop_assert_eq!(&atr.over(&h, &l, &c)[..cut], &atr.over(&h[..cut], &l[..cut], &c[..cut])[..]);
    }

    #[test]
    fn rsi_stays_in_0_100(x in prices(300), n in 1usize..30) {
        for v in WilderRsi::new(n)?.over(&x).into_iter().flatten() {
            prop_assert!((0.0..=100.0).contains(&v), "RSI {}", v);
        }
    }

    #[test]
    fn drawdowns_are_never_positive(x in prices(300), n in 1usize..260) {
        for v in Drawdown::new().over(&x).into_iter().flatten() {
            prop_assert!(v <= 0.0);
        }
        for v in PctFromHigh::new(n)?.over(&x).into_iter().flatten() {
            prop_assert!(v <= 0.0);
        }
    }

    #[test]
    fn constant_input_gives_constant_averages_and_zero_rsi(c in 0.01f64..1e6, len in 1usize..200, n in 1usize..50) {
        let x = vec![c; len];
        for v in Sma::new(n)?.over(&x).into_iter().flatten() {
            prop_assert!((v - c).abs() <= 1e-12 * c, "SMA {} vs {}", v, c);
        }
        for v in Ema::new(n)?.over(&x).into_iter().flatten() {
            prop_assert!((v - c).abs() <= 1e-12 * c, "EMA {} vs {}", v, c);
        }
        // Documented: no gains and no losses → RSI 0 (TA-Lib's value).
        for v in WilderRsi::new(n)?.over(&x).into_iter().flatten() {
            prop_assert_eq!(v, 0.0);
        }
        for b in BollingerBands::new(BollingerParams { period: n, ..BollingerParams::default() })?.over(&x).into_iter().flatten() {
            prop_assert!((b.upper - b.lower).abs() <= 1e-9 * c);
        }
    }

    #[test]
    fn a_series_against_itself(x in prices(300), n in 2usize..40) {
        let col: Vec<Option<f64>> = x.iter().map(|v| Some(*v)).collect();
        for r in ratio(&col, &col) {
            prop_assert_eq!(r, Some(1.0));
        }
        let pairs: Vec<(f64, f64)> = x.iter().map(|v| (*v, *v)).collect();
        for v in stream(&PerformanceSpread::new(n)?, &pairs).into_iter().flatten() {
            prop_assert_eq!(v, 0.0);
        }
        for v in stream(&RatioVsMa::new(n)?, &pairs).into_iter().flatten() {
            prop_assert!(v.abs() < 1e-15);
        }
        for v in stream(&OutperformanceStreak::new(), &pairs).into_iter().flatten() {
            prop_assert_eq!(v, 0);
        }
        for v in stream(&RollingBeta::new(n)?, &pairs).into_iter().flatten() {
            prop_assert!((v - 1.0).abs() < 1e-12);
        }
        for v in stream(&RollingCorrelation::new(n)?, &pairs).into_iter().flatten() {
            prop_assert!((v - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn gaps_are_skipped_and_state_carried(x in prices(300), mask in prop::collection::vec(any::<bool>(), 1..50), n in 1usize..30) {
        let gappy: Vec<Option<f64>> = x
            .iter()
            .zip(mask.iter().cycle())
            .map(|(v, keep)| keep.then_some(*v))
            .collect();
        let compact: Vec<f64> = gappy.iter().flatten().copied().collect();
        let check = |got: Vec<Option<f64>>, want: Vec<Option<f64>>| -> Result<(), TestCaseError> {
            let mut want = want.into_iter();
            for (g, input) in got.iter().zip(&gappy) {
                match input {
                    None => prop_assert_eq!(*g, None),
                    Some(_) => prop_assert_eq!(*g, want.next().flatten()),
                }
            }
            Ok(())
        };
        check(Sma::new(n)?.over_gappy(&gappy), Sma::new(n)?.over(&compact))?;
        // EMA's batch loop is within ulps of streaming (above): compare
        // with streaming, which `over_gappy` is.
        check(Ema::new(n)?.over_gappy(&gappy), stream(&Ema::new(n)?, &compact))?;
        check(WilderRsi::new(n)?.over_gappy(&gappy), WilderRsi::new(n)?.over(&compact))?;
        check(Drawdown::new().over_gappy(&gappy), Drawdown::new().over(&compact))?;
        check(Return::new(n)?.over_gappy(&gappy), Return::new(n)?.over(&compact))?;
        let vol = RealizedVolatility::new(n + 1)?;
        check(vol.over_gappy(&gappy), vol.over(&compact))?;
        let gappy_pairs: Vec<Option<(f64, f64)>> = gappy.iter().map(|v| v.map(|v| (v, 100.0))).collect();
        let compact_pairs: Vec<(f64, f64)> = compact.iter().map(|v| (*v, 100.0)).collect();
        check(
            stream_gappy(&RatioVsMa::new(n)?, &gappy_pairs),
            stream(&RatioVsMa::new(n)?, &compact_pairs),
        )?;
    }
}
