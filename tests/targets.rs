//! Price targets with odds: the first-passage formula checked by hand and
//! for its shape (range, monotonicity), the empirical odds by hand on tiny
//! series and against a naive O(n·h) scan on random data, the high-basis
//! fallback, the percent parser's errors, no look-ahead, and the real IWM
//! file (`tests/fixtures/reference/IWM_daily.csv`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use regime_radar::engine::indicators::volatility::TRADING_DAYS_PER_YEAR;
use regime_radar::engine::indicators::RealizedVolatility;
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::series::{Column, Series};
use regime_radar::engine::targets::{
    daily_log_volatility, empirical_reach, first_passage_probability, implied_pct, parse_pcts,
    price_targets, target_level, ReachBasis, TargetRow, TargetsError, DEFAULT_HORIZON,
    DEFAULT_TARGET_PCTS, DEFAULT_VOL_WINDOW,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn some(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(Some).collect()
}

fn iwm() -> Result<Series, Box<dyn std::error::Error>> {
    let path = format!(
        "{}/tests/fixtures/reference/IWM_daily.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path)?;
    Ok(ingest(&bytes, "IWM.csv", &IngestOptions::default())?.series)
}

fn close_to(got: Option<f64>, want: f64, tol: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() <= tol)
}

// ---------------------------------------------------------------- levels

#[test]
fn levels_and_implied_moves() {
    assert_eq!(target_level(200.0, 0.07), Some(200.0 * 1.07));
    assert_eq!(target_level(200.0, -0.5), Some(100.0));
    assert_eq!(target_level(200.0, -1.0), None);
    assert_eq!(target_level(0.0, 0.07), None);
    assert_eq!(target_level(f64::NAN, 0.07), None);
    assert_eq!(target_level(200.0, f64::INFINITY), None);
    assert_eq!(implied_pct(200.0, 250.0), Some(0.25));
    assert_eq!(implied_pct(200.0, 150.0), Some(-0.25));
    assert_eq!(implied_pct(-1.0, 150.0), None);
    assert_eq!(implied_pct(f64::INFINITY, 150.0), None);
    assert_eq!(implied_pct(200.0, 0.0), None);
    assert_eq!(implied_pct(200.0, f64::NAN), None);
}

// ----------------------------------------------------------------- model

#[test]
fn first_passage_matches_the_formula_by_hand() {
    // pct 7 %, σ 1 %/day, T 63: b = ln 1.07 = 0.0676586485;
    // σ√T = 0.01 · 7.9372539 = 0.0793725393; x = b / σ√T = 0.8524188472;
    // Φ(x) = 0.8030092; 2 · (1 − Φ(x)) = 0.3939816632.
    assert!(close_to(
        first_passage_probability(0.07, 0.01, 63),
        0.393_981_663_2,
        1e-9
    ));
    // pct −5 %: b = |ln 0.95| = 0.0512932944; x = 0.6462347661;
    // 2 · (1 − Φ(x)) = 0.5181273275.
    assert!(close_to(
        first_passage_probability(-0.05, 0.01, 63),
        0.518_127_327_5,
        1e-9
    ));
    // pct 10 %, σ 2 %, T 1: x = ln 1.1 / 0.02 = 4.7655090; 2 · (1 − Φ) = 1.88377e-6.
    assert!(close_to(
        first_passage_probability(0.10, 0.02, 1),
        1.883_775e-6,
        1e-11
    ));
}

#[test]
fn first_passage_edge_cases() {
    assert_eq!(first_passage_probability(0.0, 0.01, 63), Some(1.0));
    assert_eq!(first_passage_probability(0.07, 0.0, 63), None);
    assert_eq!(first_passage_probability(0.07, -0.01, 63), None);
    assert_eq!(first_passage_probability(0.07, f64::NAN, 63), None);
    assert_eq!(first_passage_probability(0.07, f64::INFINITY, 63), None);
    assert_eq!(first_passage_probability(0.07, 0.01, 0), None);
    assert_eq!(first_passage_probability(-1.0, 0.01, 63), None);
    assert_eq!(first_passage_probability(-2.0, 0.01, 63), None);
    assert_eq!(first_passage_probability(f64::NAN, 0.01, 63), None);
    // Far levels underflow towards 0 but stay in range.
    let far = first_passage_probability(10.0, 0.001, 1);
    assert!(far.is_some_and(|p| (0.0..=1.0).contains(&p)));
}

#[test]
fn first_passage_is_monotone() {
    let pcts = [0.01, 0.03, 0.07, 0.122, 0.169, 0.3, 1.0];
    for pair in pcts.windows(2) {
        let [a, b] = pair else { continue };
        let pa = first_passage_probability(*a, 0.012, 63);
        let pb = first_passage_probability(*b, 0.012, 63);
        assert!(pa > pb, "decreasing in pct: {a} → {pa:?}, {b} → {pb:?}");
        // Symmetric downside: a bigger fall is less likely too.
        let da = first_passage_probability(-a / 2.0, 0.012, 63);
        let db = first_passage_probability(-b / 2.0, 0.012, 63);
        assert!(da > db, "decreasing in |pct| downside");
    }
    for horizon in 1..200 {
        let p = first_passage_probability(0.07, 0.012, horizon);
        let q = first_passage_probability(0.07, 0.012, horizon + 1);
        assert!(p < q, "increasing in horizon at {horizon}");
    }
    let sigmas = [0.002, 0.005, 0.01, 0.015, 0.02, 0.04];
    for pair in sigmas.windows(2) {
        let [a, b] = pair else { continue };
        assert!(
            first_passage_probability(0.07, *a, 63) < first_passage_probability(0.07, *b, 63),
            "increasing in sigma"
        );
    }
}

proptest! {
    #[test]
    fn first_passage_is_a_probability(
        pct in -0.99f64..10.0,
        sigma in 1e-6f64..0.5,
        horizon in 1usize..5000,
    ) {
        let p = first_passage_probability(pct, sigma, horizon);
        prop_assert!(p.is_some_and(|p| (0.0..=1.0).contains(&p)), "{:?}", p);
    }
}

// ------------------------------------------------------------ volatility

#[test]
fn daily_volatility_by_hand() {
    // Returns ln 2, ln ½, ln 2: mean ln2/3; deviations 2/3, −4/3, 2/3 (× ln 2);
    // sum of squares (4 + 16 + 4)/9 = 24/9 (× ln²2); / 2 → 4/3; σ = ln 2 · √(4/3).
    let closes = some(&[1.0, 2.0, 1.0, 2.0]);
    let want = std::f64::consts::LN_2 * (4.0f64 / 3.0).sqrt();
    assert!(close_to(daily_log_volatility(&closes, 3), want, 1e-12));
    // Only the last `window` returns count: the first close is ignored here.
    let longer = some(&[50.0, 1.0, 2.0, 1.0, 2.0]);
    assert!(close_to(daily_log_volatility(&longer, 3), want, 1e-12));
    // Gaps are skipped: the return spans them.
    let gappy = vec![Some(1.0), None, Some(2.0), None, None, Some(1.0), Some(2.0)];
    assert!(close_to(daily_log_volatility(&gappy, 3), want, 1e-12));
    assert_eq!(daily_log_volatility(&closes, 4), None);
    assert_eq!(daily_log_volatility(&closes, 1), None);
    assert_eq!(daily_log_volatility(&closes, 0), None);
    assert_eq!(daily_log_volatility(&[], 3), None);
    assert_eq!(daily_log_volatility(&closes, usize::MAX), None);
}

#[test]
fn daily_volatility_matches_the_realized_volatility_indicator() -> TestResult {
    let series = iwm()?;
    let annual = RealizedVolatility::new(DEFAULT_VOL_WINDOW)?
        .over_gappy(&series.close)
        .last()
        .copied()
        .flatten();
    let daily = daily_log_volatility(&series.close, DEFAULT_VOL_WINDOW);
    let want = annual.ok_or("no annual vol")? / TRADING_DAYS_PER_YEAR.sqrt();
    assert!(close_to(daily, want, 1e-12), "{daily:?} vs {want}");
    Ok(())
}

// ------------------------------------------------------------- empirical

#[test]
fn empirical_by_hand_on_a_rising_series() {
    // 100, 101, ..., 109 (n = 10), horizon 3: starts 0..=6, N = 7. The best
    // close in the window of start t is 100 + t + 3, a move of 3 / (100 + t):
    // 3.00 %, 2.97 %, 2.94 %, 2.91 %, 2.88 %, 2.86 %, 2.83 %: four of seven
    // reach 2.9 %, one reaches 3 %.
    let closes = some(&(0..10).map(|i| 100.0 + f64::from(i)).collect::<Vec<_>>());
    assert_eq!(
        empirical_reach(&closes, None, 0.03, 3),
        (Some(1.0 / 7.0), 7)
    );
    assert_eq!(
        empirical_reach(&closes, None, 0.029, 3),
        (Some(4.0 / 7.0), 7)
    );
    assert_eq!(empirical_reach(&closes, None, 0.02, 3), (Some(1.0), 7));
    assert_eq!(empirical_reach(&closes, None, 0.05, 3), (Some(0.0), 7));
    // Horizon 9 has one start, whose window ends at 109: +8.9 % is reached
    // (+9 % is not quite: 100 · 1.09 rounds to 109.00000000000001).
    assert_eq!(empirical_reach(&closes, None, 0.089, 9), (Some(1.0), 1));
    // Nothing falls in a rising series.
    assert_eq!(empirical_reach(&closes, None, -0.01, 3), (Some(0.0), 7));
    // pct 0 is reached by any rise.
    assert_eq!(empirical_reach(&closes, None, 0.0, 1), (Some(1.0), 9));
    // No complete window, or bad input.
    assert_eq!(empirical_reach(&closes, None, 0.03, 10), (None, 0));
    assert_eq!(empirical_reach(&closes, None, 0.03, 0), (None, 0));
    assert_eq!(empirical_reach(&closes, None, 0.03, usize::MAX), (None, 0));
    assert_eq!(empirical_reach(&closes, None, -1.0, 3), (None, 0));
    assert_eq!(empirical_reach(&closes, None, f64::NAN, 3), (None, 0));
    assert_eq!(empirical_reach(&[], None, 0.03, 3), (None, 0));
}

#[test]
fn empirical_downside_and_gaps_by_hand() {
    // 100, 90, 100, 95, 100 with horizon 2. Downside −5 %: start 0 (100)
    // sees min 90 ≤ 95 yes; start 1 (90) sees min 95 > 85.5 no; start 2
    // (100) sees min 95 ≤ 95 yes (touching counts). N = 3.
    let closes = some(&[100.0, 90.0, 100.0, 95.0, 100.0]);
    assert_eq!(
        empirical_reach(&closes, None, -0.05, 2),
        (Some(2.0 / 3.0), 3)
    );
    // A missing start close drops that start; a window of only gaps is not
    // counted; a gap inside a window is skipped.
    let gappy = vec![Some(100.0), None, Some(106.0), None, None, Some(99.0)];
    // horizon 1: starts 0 (window {1}: empty) no count, 1 missing, 2 (window
    // {3}: empty), 3 missing, 4 missing → N = 0.
    assert_eq!(empirical_reach(&gappy, None, 0.05, 1), (None, 0));
    // horizon 2: start 0 window {1, 2} = 106 ≥ 105 yes; start 2 window
    // {3, 4}: empty; start 3 missing → N = 1.
    assert_eq!(empirical_reach(&gappy, None, 0.05, 2), (Some(1.0), 1));
    // Non-finite and non-positive values count as missing.
    let junk = vec![
        Some(100.0),
        Some(f64::NAN),
        Some(-5.0),
        Some(f64::INFINITY),
        Some(0.0),
    ];
    assert_eq!(empirical_reach(&junk, None, 0.05, 1), (None, 0));
}

#[test]
fn empirical_uses_highs_and_lows() {
    let closes = some(&[100.0, 100.0, 100.0]);
    let highs = some(&[100.0, 104.0, 101.0]);
    let lows = some(&[100.0, 97.0, 99.5]);
    assert_eq!(empirical_reach(&closes, None, 0.03, 1), (Some(0.0), 2));
    // Start 0 → high 104 ≥ 103; start 1 → 101 < 103.
    assert_eq!(
        empirical_reach(&closes, Some(&highs), 0.03, 1),
        (Some(0.5), 2)
    );
    assert_eq!(
        empirical_reach(&closes, Some(&lows), -0.025, 1),
        (Some(0.5), 2)
    );
    // A missing high falls back to that session's close; a longer column is
    // cut at closes.len().
    let sparse = vec![None, None, Some(103.0), Some(500.0)];
    assert_eq!(
        empirical_reach(&closes, Some(&sparse), 0.03, 1),
        (Some(0.5), 2)
    );
}

/// What `empirical_reach` promises, computed the slow way.
fn naive_reach(
    closes: &[Option<f64>],
    extremes: Option<&[Option<f64>]>,
    pct: f64,
    horizon: usize,
) -> (Option<f64>, usize) {
    let ok = |v: Option<f64>| v.filter(|x| x.is_finite() && *x > 0.0);
    let upside = pct >= 0.0;
    let (mut hits, mut n) = (0usize, 0usize);
    for t in 0..closes.len() {
        if t + horizon >= closes.len() {
            break;
        }
        let Some(base) = ok(closes[t]) else { continue };
        let values: Vec<f64> = (t + 1..=t + horizon)
            .filter_map(|i| {
                let c = ok(closes[i]);
                let e = extremes.and_then(|x| ok(x.get(i).copied().flatten()));
                match (c, e) {
                    (Some(c), Some(e)) => Some(if upside { c.max(e) } else { c.min(e) }),
                    (c, e) => c.or(e),
                }
            })
            .collect();
        if values.is_empty() {
            continue;
        }
        n += 1;
        let level = base * (1.0 + pct);
        let reached = if upside {
            values.iter().any(|&v| v >= level)
        } else {
            values.iter().any(|&v| v <= level)
        };
        if reached {
            hits += 1;
        }
    }
    if n == 0 {
        (None, 0)
    } else {
        (Some(hits as f64 / n as f64), n)
    }
}

/// Closes, highs, lows.
type Walk = (Column, Column, Column);

/// A random walk with gaps, plus highs above and lows below it (gapped
/// independently of the closes).
fn walk() -> impl Strategy<Value = Walk> {
    prop::collection::vec(
        (
            -0.04f64..0.04,
            0.0f64..0.03,
            0.0f64..0.03,
            prop::bool::weighted(0.1),
            prop::bool::weighted(0.1),
        ),
        0..300,
    )
    .prop_map(|steps| {
        let mut price = 100.0;
        let mut closes = Vec::new();
        let mut highs = Vec::new();
        let mut lows = Vec::new();
        for (change, up, down, gap, gap_extreme) in steps {
            price *= 1.0 + change;
            closes.push((!gap).then_some(price));
            highs.push((!gap_extreme).then_some(price * (1.0 + up)));
            lows.push((!gap_extreme).then_some(price * (1.0 - down)));
        }
        (closes, highs, lows)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn deque_equals_naive_scan(
        (closes, highs, lows) in walk(),
        pct in -0.2f64..0.2,
        horizon in 1usize..40,
    ) {
        prop_assert_eq!(
            empirical_reach(&closes, None, pct, horizon),
            naive_reach(&closes, None, pct, horizon)
        );
        let extremes = if pct >= 0.0 { &highs } else { &lows };
        prop_assert_eq!(
            empirical_reach(&closes, Some(extremes), pct, horizon),
            naive_reach(&closes, Some(extremes), pct, horizon)
        );
    }

    #[test]
    fn high_basis_never_gives_lower_odds(
        (closes, highs, lows) in walk(),
        pct in -0.2f64..0.2,
        horizon in 1usize..40,
    ) {
        // A session missing its close misses its high and low too (as in a
        // real file), so both bases count the same windows.
        let mask = |column: &[Option<f64>]| -> Vec<Option<f64>> {
            column.iter().zip(&closes).map(|(e, c)| c.and(*e)).collect()
        };
        let (highs, lows) = (mask(&highs), mask(&lows));
        let close = price_targets(&closes, None, None, Some(100.0), &[pct], horizon, ReachBasis::Close, 20);
        let high = price_targets(&closes, Some(&highs), Some(&lows), Some(100.0), &[pct], horizon, ReachBasis::High, 20);
        for (c, h) in close.iter().zip(&high) {
            prop_assert_eq!(c.windows, h.windows);
            if let (Some(c), Some(h)) = (c.empirical, h.empirical) {
                prop_assert!(h >= c, "high {} < close {}", h, c);
            }
            prop_assert_eq!(c.model, h.model);
        }
    }

    #[test]
    fn never_panics_on_any_numbers(
        closes in prop::collection::vec(prop::option::of(any::<f64>()), 0..60),
        highs in prop::collection::vec(prop::option::of(any::<f64>()), 0..80),
        pcts in prop::collection::vec(any::<f64>(), 0..5),
        reference in prop::option::of(any::<f64>()),
        horizon in 0usize..80,
        vol_window in 0usize..80,
    ) {
        let rows = price_targets(&closes, Some(&highs), Some(&highs), reference, &pcts, horizon, ReachBasis::High, vol_window);
        for row in rows {
            prop_assert!(row.empirical.is_none_or(|p| (0.0..=1.0).contains(&p)));
            prop_assert!(row.model.is_none_or(|p| (0.0..=1.0).contains(&p)));
            prop_assert!(row.level.is_finite() && row.level > 0.0);
        }
    }
}

#[test]
fn deque_is_fast_on_long_series() {
    // 20 000 sessions, horizon 5 000: a naive scan would do 75 M comparisons
    // per target; the deque does ~2 per session. The bound is loose (debug
    // build, shared machine) but an O(n·h) regression would blow it.
    let closes: Vec<Option<f64>> = (0..20_000)
        .map(|i| Some(100.0 + (f64::from(i) * 0.37).sin() * 10.0))
        .collect();
    let started = std::time::Instant::now();
    for pct in DEFAULT_TARGET_PCTS {
        let (share, n) = empirical_reach(&closes, None, pct, 5_000);
        assert_eq!(n, 15_000);
        assert!(share.is_some());
    }
    let elapsed = started.elapsed();
    assert!(elapsed.as_millis() < 250, "took {elapsed:?}");
}

// ----------------------------------------------------------- the table

#[test]
fn table_defaults_and_fallbacks() {
    let closes = some(
        &(0..100)
            .map(|i| 100.0 + f64::from(i % 5))
            .collect::<Vec<_>>(),
    );
    let rows = price_targets(
        &closes,
        None,
        None,
        None,
        &DEFAULT_TARGET_PCTS,
        DEFAULT_HORIZON,
        ReachBasis::High,
        DEFAULT_VOL_WINDOW,
    );
    assert_eq!(rows.len(), 3);
    for row in &rows {
        // Last close 100 + 99 % 5 = 104; no high column → close basis.
        assert_eq!(row.reference, 104.0);
        assert_eq!(row.basis, ReachBasis::Close);
        assert_eq!(row.horizon, 63);
        assert_eq!(row.windows, 100 - 63);
        assert!(row.sigma_daily.is_some());
        assert_eq!(Some(row.level), target_level(104.0, row.pct));
    }
    // A typed reference places the levels, not the odds.
    let typed = price_targets(
        &closes,
        None,
        None,
        Some(250.0),
        &[0.07],
        63,
        ReachBasis::Close,
        63,
    );
    let first = typed.first().ok_or("no row");
    assert!(first.is_ok_and(
        |r| r.level == 250.0 * 1.07 && Some(r.empirical) == rows.first().map(|x| x.empirical)
    ));
    // Moves without a level are left out; a bad reference gives no table.
    assert_eq!(
        price_targets(
            &closes,
            None,
            None,
            None,
            &[-1.0, f64::NAN, 0.05],
            63,
            ReachBasis::Close,
            63
        )
        .len(),
        1
    );
    assert!(price_targets(
        &closes,
        None,
        None,
        Some(-3.0),
        &[0.05],
        63,
        ReachBasis::Close,
        63
    )
    .is_empty());
    assert!(price_targets(&[], None, None, None, &[0.05], 63, ReachBasis::Close, 63).is_empty());
    // A high column of gaps only is no high column.
    let blank = vec![None; 100];
    let rows = price_targets(
        &closes,
        Some(&blank),
        None,
        None,
        &[0.05, -0.05],
        20,
        ReachBasis::High,
        20,
    );
    assert!(rows.iter().all(|r| r.basis == ReachBasis::Close));
    // Highs but no lows: the upside row uses highs, the downside row closes.
    let highs = some(
        &(0..100)
            .map(|i| 101.0 + f64::from(i % 5))
            .collect::<Vec<_>>(),
    );
    let rows = price_targets(
        &closes,
        Some(&highs),
        None,
        None,
        &[0.05, -0.05],
        20,
        ReachBasis::High,
        20,
    );
    let bases: Vec<ReachBasis> = rows.iter().map(|r| r.basis).collect();
    assert_eq!(bases, vec![ReachBasis::High, ReachBasis::Close]);
}

#[test]
fn no_look_ahead_past_the_cut() -> TestResult {
    let series = iwm()?;
    let highs = series.high.as_deref().ok_or("IWM has highs")?;
    let lows = series.low.as_deref().ok_or("IWM has lows")?;
    let cut = 4_000;
    let run = |closes: &[Option<f64>], highs: &[Option<f64>], lows: &[Option<f64>]| {
        price_targets(
            closes,
            Some(highs),
            Some(lows),
            None,
            &[0.07, -0.05],
            DEFAULT_HORIZON,
            ReachBasis::High,
            DEFAULT_VOL_WINDOW,
        )
    };
    let cut_everything = run(
        series.close.get(..cut).ok_or("short")?,
        highs.get(..cut).ok_or("short")?,
        lows.get(..cut).ok_or("short")?,
    );
    // The caller cuts the closes at the as-of point; highs and lows that run
    // on past it (later data appended) change nothing.
    let longer_extremes = run(series.close.get(..cut).ok_or("short")?, highs, lows);
    assert_eq!(cut_everything, longer_extremes);
    // And appending sessions after the cut to a copy leaves the cut result alone.
    let mut appended: Vec<Option<f64>> = series.close.get(..cut).ok_or("short")?.to_vec();
    let prefix = run(&appended, highs, lows);
    appended.extend(std::iter::repeat_n(Some(1_000.0), 500));
    let recut = run(appended.get(..cut).ok_or("short")?, highs, lows);
    assert_eq!(prefix, recut);
    // Sanity: the full history does give a different answer.
    assert_ne!(cut_everything, run(&series.close, highs, lows));
    Ok(())
}

#[test]
fn iwm_article_targets() -> TestResult {
    let series = iwm()?;
    let n = series.close.len();
    let rows: Vec<TargetRow> = price_targets(
        &series.close,
        series.high.as_deref(),
        series.low.as_deref(),
        None,
        &DEFAULT_TARGET_PCTS,
        DEFAULT_HORIZON,
        ReachBasis::Close,
        DEFAULT_VOL_WINDOW,
    );
    assert_eq!(rows.len(), 3);
    let complete = n - DEFAULT_HORIZON;
    for row in &rows {
        assert_eq!(row.basis, ReachBasis::Close);
        assert_eq!(row.windows, complete, "every start with a full window");
        let p = row.empirical.ok_or("empirical")?;
        assert!(p > 0.0 && p < 1.0, "{p}");
        let m = row.model.ok_or("model")?;
        assert!(m > 0.0 && m < 1.0, "{m}");
        let sigma = row.sigma_daily.ok_or("sigma")?;
        assert!(sigma > 0.001 && sigma < 0.1, "{sigma}");
    }
    for pair in rows.windows(2) {
        let [a, b] = pair else { continue };
        assert!(a.empirical > b.empirical, "empirical decreasing");
        assert!(a.model > b.model, "model decreasing");
    }
    // The high basis is available for IWM and reaches at least as often.
    let high = price_targets(
        &series.close,
        series.high.as_deref(),
        series.low.as_deref(),
        None,
        &DEFAULT_TARGET_PCTS,
        DEFAULT_HORIZON,
        ReachBasis::High,
        DEFAULT_VOL_WINDOW,
    );
    for (c, h) in rows.iter().zip(&high) {
        assert_eq!(h.basis, ReachBasis::High);
        assert!(h.empirical >= c.empirical);
    }
    Ok(())
}

// --------------------------------------------------------------- parsing

#[test]
fn parses_percent_lists() -> TestResult {
    assert_eq!(parse_pcts("7,12.2,16.9")?, DEFAULT_TARGET_PCTS.to_vec());
    assert_eq!(
        parse_pcts("7%, 12.2 %, 16.9%")?,
        DEFAULT_TARGET_PCTS.to_vec()
    );
    assert_eq!(parse_pcts(" +7 ; -5 ,, 0 ")?, vec![0.07, -0.05, 0.0]);
    assert_eq!(parse_pcts("\u{2212}5")?, vec![-0.05]);
    assert_eq!(parse_pcts("1e1")?, vec![0.1]);
    assert_eq!(parse_pcts("1000")?, vec![10.0]);
    assert_eq!(parse_pcts("-99.9")?.len(), 1);
    Ok(())
}

#[test]
fn percent_errors_name_the_entry() {
    let err = |text: &str| parse_pcts(text).err();
    assert_eq!(err(""), Some(TargetsError::Empty));
    assert_eq!(err(" , ; "), Some(TargetsError::Empty));
    assert_eq!(
        err("7, abc"),
        Some(TargetsError::NotAPercent {
            position: 2,
            entry: "abc".into()
        })
    );
    assert!(matches!(
        err("7, NaN"),
        Some(TargetsError::NotAPercent { .. })
    ));
    assert!(matches!(err("inf"), Some(TargetsError::NotAPercent { .. })));
    assert!(matches!(err("7%%"), Some(TargetsError::NotAPercent { .. })));
    assert!(matches!(
        err("-100"),
        Some(TargetsError::DownsideTooLarge { .. })
    ));
    assert!(matches!(
        err("-250%"),
        Some(TargetsError::DownsideTooLarge { .. })
    ));
    assert!(matches!(
        err("1000.5"),
        Some(TargetsError::UpsideTooLarge { .. })
    ));
    assert_eq!(
        err("1,2,3,4,5,6,7,8,9,10,11"),
        Some(TargetsError::TooMany {
            position: 11,
            entry: "11".into(),
            max: 10
        })
    );
    let message = err("7, abc").map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("\"abc\" is not a percent"), "{message}");
    assert!(message.ends_with('.'), "{message}");
    // A pasted paragraph is quoted short.
    let long = "x".repeat(500);
    let message = err(&long).map(|e| e.to_string()).unwrap_or_default();
    assert!(message.len() < 200, "{message}");
}

proptest! {
    #[test]
    fn percent_parser_never_panics(text in ".{0,80}") {
        if let Ok(pcts) = parse_pcts(&text) {
            prop_assert!(!pcts.is_empty() && pcts.len() <= 10);
            prop_assert!(pcts.iter().all(|p| p.is_finite() && *p > -1.0 && *p <= 10.0));
        }
    }
}
