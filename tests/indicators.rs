//! Specs for the indicator engine and the metrics row:
//! - golden: every TA-Lib 0.8.2 value on the real IWM and SPY files, to 1e-9
//!   relative, with the same warm-up (None) pattern, on the `Option` path
//!   and the dense one (`begin` = TA-Lib's `outBegIdx`);
//! - metrics: the contract's cells for IWM against the golden file, hand
//!   computation from the closes, and numpy reference values;
//! - differential: each indicator against a naive formula for every period
//!   1..=250 on seeded random series;
//! - lookback, invalid parameters and the gap policy.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use regime_radar::engine::indicators::{
    stream, stream_gappy, zip_pairs, Atr, Bar, BollingerBands, BollingerParams, Dense, Drawdown,
    Ema, Indicator, IndicatorError, Macd, MacdParams, OutperformanceStreak, PctFromHigh,
    PerformanceSpread, RatioVsMa, RealizedVolatility, RecordHigh, Return, Roc, RollingBeta,
    RollingCorrelation, RrgApprox, RrgParams, Sma, WilderRma, WilderRsi, ZScore,
};
use regime_radar::engine::metrics::{
    series_metrics, series_metrics_at, spread_metrics, Metric, MetricSettings, MetricValue,
    RSI_MIN_HISTORY,
};
use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Relative tolerance of the golden and differential comparisons.
const REL: f64 = 1e-9;

// ---------------------------------------------------------------- helpers

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("reference")
        .join(name)
}

/// A parsed reference (or price) CSV: dates and every numeric column,
/// blank cells as `None`.
struct Table {
    dates: Vec<NaiveDate>,
    columns: HashMap<String, Vec<Option<f64>>>,
}

impl Table {
    fn load(name: &str) -> Result<Table, Box<dyn std::error::Error>> {
        let mut reader = csv::Reader::from_path(fixture(name))?;
        let headers: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
        let mut dates = Vec::new();
        let mut columns: HashMap<String, Vec<Option<f64>>> = HashMap::new();
        for record in reader.records() {
            let record = record?;
            dates.push(NaiveDate::parse_from_str(&record[0], "%Y-%m-%d")?);
            for (h, cell) in headers.iter().zip(record.iter()).skip(1) {
                let value = if cell.is_empty() {
                    None
                } else {
                    Some(cell.parse::<f64>()?)
                };
                columns.entry(h.clone()).or_default().push(value);
            }
        }
        Ok(Table { dates, columns })
    }

    fn column(&self, name: &str) -> Result<&[Option<f64>], String> {
        self.columns
            .get(name)
            .map(Vec::as_slice)
            .ok_or_else(|| format!("no column {name}"))
    }

    /// A column with no blanks, as plain floats.
    fn dense(&self, name: &str) -> Result<Vec<f64>, String> {
        self.column(name)?
            .iter()
            .map(|v| v.ok_or_else(|| format!("blank in {name}")))
            .collect()
    }
}

/// The one float comparison: both finite, within `rel` relative (of the
/// larger magnitude; an absolute floor of `rel · 1e-3` for values near 0).
fn close(actual: f64, expected: f64, rel: f64) -> bool {
    actual.is_finite()
        && expected.is_finite()
        && (actual - expected).abs() <= rel * actual.abs().max(expected.abs()).max(1e-3)
}

/// Asserts the same None pattern and every value within `rel`.
fn check(what: &str, actual: &[Option<f64>], expected: &[Option<f64>], rel: f64) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        match (a, e) {
            (None, None) => {}
            (Some(a), Some(e)) => assert!(
                close(*a, *e, rel),
                "{what}[{i}]: got {a}, expected {e} (rel err {:e})",
                ((a - e) / e).abs()
            ),
            _ => panic!("{what}[{i}]: got {a:?}, expected {e:?} (warm-up pattern differs)"),
        }
    }
}

fn project<T: Copy>(xs: &[Option<T>], f: impl Fn(T) -> f64) -> Vec<Option<f64>> {
    xs.iter().map(|x| x.map(&f)).collect()
}

fn first_defined<T>(xs: &[Option<T>]) -> Option<usize> {
    xs.iter().position(Option::is_some)
}

// ---------------------------------------------------------------- golden

/// Every TA-Lib reference column of one file, recomputed and compared.
fn golden(file: &str) -> TestResult {
    let table = Table::load(file)?;
    let close = table.dense("Close")?;
    let high = table.dense("High")?;
    let low = table.dense("Low")?;

    check(
        &format!("{file} RSI_14"),
        &WilderRsi::new(14)?.over(&close),
        table.column("RSI_14")?,
        REL,
    );
    check(
        &format!("{file} SMA_50"),
        &Sma::new(50)?.over(&close),
        table.column("SMA_50")?,
        REL,
    );
    check(
        &format!("{file} SMA_200"),
        &Sma::new(200)?.over(&close),
        table.column("SMA_200")?,
        REL,
    );
    check(
        &format!("{file} EMA_20"),
        &Ema::new(20)?.over(&close),
        table.column("EMA_20")?,
        REL,
    );
    let macd = Macd::new(MacdParams::default())?.over(&close);
    check(
        &format!("{file} MACD"),
        &project(&macd, |m| m.macd),
        table.column("MACD_12_26_9")?,
        REL,
    );
    check(
        &format!("{file} MACD signal"),
        &project(&macd, |m| m.signal),
        table.column("MACD_signal_9")?,
        REL,
    );
    check(
        &format!("{file} MACD hist"),
        &project(&macd, |m| m.histogram),
        table.column("MACD_hist")?,
        REL,
    );
    let bands = BollingerBands::new(BollingerParams::default())?.over(&close);
    check(
        &format!("{file} BB upper"),
        &project(&bands, |b| b.upper),
        table.column("BB_upper_20_2")?,
        REL,
    );
    check(
        &format!("{file} BB middle"),
        &project(&bands, |b| b.middle),
        table.column("BB_middle_20")?,
        REL,
    );
    check(
        &format!("{file} BB lower"),
        &project(&bands, |b| b.lower),
        table.column("BB_lower_20_2")?,
        REL,
    );
    check(
        &format!("{file} ATR_14"),
        &Atr::new(14)?.over(&high, &low, &close),
        table.column("ATR_14")?,
        REL,
    );
    Ok(())
}

#[test]
fn golden_talib_values_on_real_iwm() -> TestResult {
    golden("reference_IWM.csv")
}

#[test]
fn golden_talib_values_on_real_spy() -> TestResult {
    golden("reference_SPY.csv")
}

/// The dense columns against the same TA-Lib files: `begin` is where the
/// reference column's first value sits (TA-Lib's `outBegIdx`), and every
/// value from there on is within 1e-9.
fn golden_dense(file: &str) -> TestResult {
    let table = Table::load(file)?;
    let close = table.dense("Close")?;
    let high = table.dense("High")?;
    let low = table.dense("Low")?;
    let dense_check = |what: &str, dense: &Dense, reference: &[Option<f64>]| {
        assert_eq!(
            Some(dense.begin),
            first_defined(reference),
            "{file} {what}: begin vs TA-Lib's outBegIdx"
        );
        assert_eq!(dense.len(), reference.len(), "{file} {what}: length");
        let expected: Vec<Option<f64>> = reference[dense.begin..].to_vec();
        let actual: Vec<Option<f64>> = dense.values.iter().map(|&v| Some(v)).collect();
        check(&format!("{file} {what} (dense)"), &actual, &expected, REL);
    };
    dense_check(
        "RSI_14",
        &WilderRsi::new(14)?.over_dense(&close),
        table.column("RSI_14")?,
    );
    dense_check(
        "SMA_50",
        &Sma::new(50)?.over_dense(&close),
        table.column("SMA_50")?,
    );
    dense_check(
        "SMA_200",
        &Sma::new(200)?.over_dense(&close),
        table.column("SMA_200")?,
    );
    dense_check(
        "EMA_20",
        &Ema::new(20)?.over_dense(&close),
        table.column("EMA_20")?,
    );
    let macd = Macd::new(MacdParams::default())?.over_dense(&close);
    dense_check("MACD", &macd.map(|m| m.macd), table.column("MACD_12_26_9")?);
    dense_check(
        "MACD signal",
        &macd.map(|m| m.signal),
        table.column("MACD_signal_9")?,
    );
    dense_check(
        "MACD hist",
        &macd.map(|m| m.histogram),
        table.column("MACD_hist")?,
    );
    let bands = BollingerBands::new(BollingerParams::default())?.over_dense(&close);
    dense_check(
        "BB upper",
        &bands.map(|b| b.upper),
        table.column("BB_upper_20_2")?,
    );
    dense_check(
        "BB middle",
        &bands.map(|b| b.middle),
        table.column("BB_middle_20")?,
    );
    dense_check(
        "BB lower",
        &bands.map(|b| b.lower),
        table.column("BB_lower_20_2")?,
    );
    dense_check(
        "ATR_14",
        &Atr::new(14)?.over_dense(&high, &low, &close),
        table.column("ATR_14")?,
    );
    Ok(())
}

#[test]
fn golden_dense_columns_on_real_iwm() -> TestResult {
    golden_dense("reference_IWM.csv")
}

#[test]
fn golden_dense_columns_on_real_spy() -> TestResult {
    golden_dense("reference_SPY.csv")
}

#[test]
fn golden_first_values_sit_where_the_manifest_says() -> TestResult {
    let table = Table::load("reference_IWM.csv")?;
    let close = table.dense("Close")?;
    assert_eq!(first_defined(&WilderRsi::new(14)?.over(&close)), Some(14));
    assert_eq!(first_defined(&Sma::new(50)?.over(&close)), Some(49));
    assert_eq!(first_defined(&Ema::new(20)?.over(&close)), Some(19));
    assert_eq!(
        first_defined(&Macd::new(MacdParams::default())?.over(&close)),
        Some(33)
    );
    // The MANIFEST's hand check: RSI at index 14 is 76.1277 (seed gain
    // 0.391061, loss 0.122630).
    let rsi14 = WilderRsi::new(14)?.over(&close)[14].ok_or("no RSI at 14")?;
    assert!((rsi14 - 76.1277).abs() < 5e-5, "{rsi14}");
    Ok(())
}

#[test]
fn rsi_matches_the_stockcharts_chartschool_sample() -> TestResult {
    // ChartSchool's RSI worksheet (Intel closes); its first RSI is 70.53 and
    // TA-Lib's is 70.5328 (MANIFEST section C).
    let closes = [
        44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826,
        45.8931, 46.0328, 45.6140, 46.2820, 46.2820,
    ];
    let rsi = WilderRsi::new(14)?.over(&closes);
    let first = rsi[14].ok_or("no RSI at 14")?;
    assert!((first - 70.5328).abs() < 5e-4, "{first}");
    Ok(())
}

// ---------------------------------------------------------------- metrics

/// The real IWM file as a `Series` (parsed here with csv, independently of
/// the app's ingest).
fn iwm_series() -> Result<(Series, Table), Box<dyn std::error::Error>> {
    let table = Table::load("IWM_daily.csv")?;
    let mut series = Series::from_values(
        SeriesId::sanitized("IWM"),
        SeriesKind::Price,
        Frequency::Daily,
        table.dates.clone(),
        table.column("Close")?.to_vec(),
    );
    series.high = Some(table.column("High")?.to_vec());
    series.low = Some(table.column("Low")?.to_vec());
    Ok((series, table))
}

fn metric<'a>(row: &'a [Metric], name: &str) -> Result<&'a Metric, String> {
    row.iter()
        .find(|m| m.name == name)
        .ok_or_else(|| format!("no metric {name}"))
}

fn number(row: &[Metric], name: &str) -> Result<f64, String> {
    metric(row, name)?
        .as_number()
        .ok_or_else(|| format!("{name} is not a number"))
}

#[test]
fn metrics_row_has_the_contract_names_in_order() -> TestResult {
    let (series, _) = iwm_series()?;
    let row = series_metrics(&series, &MetricSettings::default());
    let names: Vec<&str> = row.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "last_close",
            "last_date",
            "ret_1w",
            "ret_1m",
            "ret_3m",
            "ret_6m",
            "ret_1y",
            "ret_ytd",
            "rsi14",
            "sma50",
            "sma200",
            "pct_from_high_52w",
            "drawdown",
            "vol_21d"
        ]
    );
    let custom = series_metrics(&series, &MetricSettings { rsi_period: 9 });
    assert!(custom.iter().any(|m| m.name == "rsi9"));
    Ok(())
}

#[test]
fn iwm_rsi_and_smas_at_the_last_bar_equal_the_golden_file() -> TestResult {
    let (series, _) = iwm_series()?;
    let reference = Table::load("reference_IWM.csv")?;
    let row = series_metrics(&series, &MetricSettings::default());
    for (metric_name, column) in [
        ("rsi14", "RSI_14"),
        ("sma50", "SMA_50"),
        ("sma200", "SMA_200"),
    ] {
        let expected = reference
            .column(column)?
            .last()
            .copied()
            .flatten()
            .ok_or("blank last row")?;
        let got = number(&row, metric_name)?;
        assert!(
            close(got, expected, REL),
            "{metric_name}: {got} vs {expected}"
        );
    }
    assert_eq!(metric(&row, "last_date")?.data_value(), "2026-06-05");
    // MANIFEST spot values (6 decimals), as of 2023-12-29.
    let day = NaiveDate::from_ymd_opt(2023, 12, 29).ok_or("date")?;
    let spot = series_metrics_at(&series, &MetricSettings::default(), day);
    assert!((number(&spot, "last_close")? - 196.170303).abs() < 1e-6);
    assert!((number(&spot, "rsi14")? - 65.885944).abs() < 1e-6);
    assert!((number(&spot, "sma50")? - 176.144459).abs() < 1e-6);
    assert!((number(&spot, "sma200")? - 175.850581).abs() < 1e-6);
    Ok(())
}

#[test]
fn iwm_returns_equal_hand_computation_from_the_closes() -> TestResult {
    let (series, table) = iwm_series()?;
    let closes = table.dense("Close")?;
    let last = closes.len() - 1;
    let row = series_metrics(&series, &MetricSettings::default());
    for (name, window) in [
        ("ret_1w", 5),
        ("ret_1m", 21),
        ("ret_3m", 63),
        ("ret_6m", 126),
        ("ret_1y", 252),
    ] {
        let hand = closes[last] / closes[last - window] - 1.0;
        assert_eq!(number(&row, name)?, hand, "{name}");
    }
    // YTD base: the last close of 2025 in the file.
    let base = table
        .dates
        .iter()
        .rposition(|d| d.format("%Y").to_string() == "2025")
        .ok_or("no 2025 bar")?;
    assert_eq!(table.dates[base].to_string(), "2025-12-31");
    let hand = closes[last] / closes[base] - 1.0;
    assert_eq!(number(&row, "ret_ytd")?, hand);
    Ok(())
}

/// Reference values computed with numpy 2.4.6 (an independent
/// implementation) from `tests/fixtures/reference/IWM_daily.csv`, by the
/// script quoted in `tests/fixtures/README.md`; printed with `repr`.
const NUMPY_REFERENCE: [(&str, [(&str, f64); 9]); 2] = [
    (
        "2026-06-05",
        [
            ("ret_1w", -0.030231033297922316),
            ("ret_1m", -0.017956743778531736),
            ("ret_3m", 0.12260350983166801),
            ("ret_6m", 0.1320533718522221),
            ("ret_1y", 0.3633643761406171),
            ("ret_ytd", 0.14417447882024814),
            ("pct_from_high_52w", -0.03554431026333438),
            ("drawdown", -0.03554431026333438),
            ("vol_21d", 0.23043093421710492),
        ],
    ),
    (
        // A date where the 52-week high and the all-time high differ.
        "2022-12-30",
        [
            ("ret_1w", 0.004377780607157433),
            ("ret_1m", -0.0651413196402787),
            ("ret_3m", 0.06211796036536055),
            ("ret_6m", 0.027189494774876977),
            ("ret_1y", -0.20656014434215275),
            ("ret_ytd", -0.20484804079366126),
            ("pct_from_high_52w", -0.214976246897016),
            ("drawdown", -0.26855678812465533),
            ("vol_21d", 0.2136871722753427),
        ],
    ),
];

#[test]
fn iwm_returns_drawdown_and_volatility_match_numpy_reference_values() -> TestResult {
    let (series, _) = iwm_series()?;
    let settings = MetricSettings::default();
    for (date, expected) in NUMPY_REFERENCE {
        let end = NaiveDate::parse_from_str(date, "%Y-%m-%d")?;
        let row = series_metrics_at(&series, &settings, end);
        assert_eq!(metric(&row, "last_date")?.data_value(), date);
        for (name, value) in expected {
            let got = number(&row, name)?;
            assert!(
                close(got, value, 1e-12),
                "{date} {name}: {got} vs numpy {value}"
            );
        }
    }
    Ok(())
}

#[test]
fn metrics_data_values_are_raw_and_missing_is_empty() {
    let date = NaiveDate::from_ymd_opt(2026, 6, 5);
    assert_eq!(Metric::number("x", Some(0.078)).data_value(), "0.078");
    assert_eq!(
        Metric::number("x", Some(0.1 + 0.2)).data_value(),
        "0.30000000000000004"
    );
    assert_eq!(
        Metric::number("x", Some(1234567.5)).data_value(),
        "1234567.5"
    );
    assert_eq!(Metric::number("x", Some(-1e-7)).data_value(), "-0.0000001");
    assert_eq!(Metric::number("x", None).data_value(), "");
    assert_eq!(Metric::number("x", Some(f64::NAN)).data_value(), "");
    assert_eq!(
        Metric {
            name: "x".into(),
            value: MetricValue::Number(f64::INFINITY)
        }
        .data_value(),
        ""
    );
    assert_eq!(Metric::date("d", date).data_value(), "2026-06-05");
    assert_eq!(Metric::date("d", None).data_value(), "");
}

#[test]
fn rsi_metric_waits_for_250_bars_of_history() -> TestResult {
    let (series, _) = iwm_series()?;
    let settings = MetricSettings::default();
    // The bar with exactly RSI_MIN_HISTORY bars before it shows an RSI; the
    // one before it does not.
    let shown = series.dates[RSI_MIN_HISTORY];
    let hidden = series.dates[RSI_MIN_HISTORY - 1];
    let at_shown = series_metrics_at(&series, &settings, shown);
    let at_hidden = series_metrics_at(&series, &settings, hidden);
    assert!(number(&at_shown, "rsi14").is_ok());
    assert_eq!(metric(&at_hidden, "rsi14")?.value, MetricValue::Missing);
    // And it equals the golden RSI on that bar (causality).
    let reference = Table::load("reference_IWM.csv")?;
    let expected = reference.column("RSI_14")?[RSI_MIN_HISTORY].ok_or("blank")?;
    assert!(close(number(&at_shown, "rsi14")?, expected, REL));
    Ok(())
}

#[test]
fn short_series_give_missing_cells_not_panics() -> TestResult {
    let dates: Vec<NaiveDate> = (1..=3)
        .filter_map(|d| NaiveDate::from_ymd_opt(2026, 1, d + 4))
        .collect();
    let series = Series::from_values(
        SeriesId::sanitized("X"),
        SeriesKind::Price,
        Frequency::Daily,
        dates.clone(),
        vec![Some(10.0), None, Some(11.0)],
    );
    let row = series_metrics(&series, &MetricSettings::default());
    assert_eq!(number(&row, "last_close")?, 11.0);
    assert_eq!(metric(&row, "ret_1w")?.value, MetricValue::Missing);
    assert_eq!(metric(&row, "ret_ytd")?.value, MetricValue::Missing);
    assert_eq!(metric(&row, "vol_21d")?.value, MetricValue::Missing);
    assert_eq!(number(&row, "drawdown")?, 0.0);
    let empty = Series::from_values(
        SeriesId::sanitized("E"),
        SeriesKind::Price,
        Frequency::Daily,
        vec![],
        vec![],
    );
    let row = series_metrics(&empty, &MetricSettings::default());
    assert_eq!(row.len(), 14);
    assert!(row.iter().all(|m| m.value == MetricValue::Missing));
    let zero_rsi = series_metrics(&series, &MetricSettings { rsi_period: 0 });
    assert_eq!(metric(&zero_rsi, "rsi0")?.value, MetricValue::Missing);
    Ok(())
}

#[test]
fn spread_metrics_subtract_returns_over_common_sessions() -> TestResult {
    let iwm = Table::load("IWM_daily.csv")?;
    let spy = Table::load("SPY_daily.csv")?;
    // Align on IWM's dates (SPY covers all of them).
    let spy_by_date: HashMap<NaiveDate, Option<f64>> = spy
        .dates
        .iter()
        .copied()
        .zip(spy.column("Close")?.iter().copied())
        .collect();
    let a = iwm.column("Close")?.to_vec();
    let b: Vec<Option<f64>> = iwm
        .dates
        .iter()
        .map(|d| spy_by_date.get(d).copied().flatten())
        .collect();
    let row = spread_metrics(&iwm.dates, &a, &b);
    let names: Vec<&str> = row.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["ret_1w", "ret_1m", "ret_3m", "ret_6m", "ret_1y", "ret_ytd", "streak"]
    );
    let (ia, ib) = (
        iwm.dense("Close")?,
        b.iter().flatten().copied().collect::<Vec<_>>(),
    );
    let last = ia.len() - 1;
    // The streak by hand: sessions running at the end on which one leg's
    // daily return beat the other's (positive: IWM ahead).
    let beat = |i: usize| (ia[i] / ia[i - 1]).partial_cmp(&(ib[i] / ib[i - 1]));
    let sign = beat(last);
    let run = (1..=last).rev().take_while(|i| beat(*i) == sign).count() as f64;
    let hand_streak = match sign {
        Some(std::cmp::Ordering::Greater) => run,
        Some(std::cmp::Ordering::Less) => -run,
        _ => 0.0,
    };
    assert_eq!(number(&row, "streak")?, hand_streak);
    for (name, w) in [("ret_1m", 21), ("ret_1y", 252)] {
        let hand = (ia[last] / ia[last - w] - 1.0) - (ib[last] / ib[last - w] - 1.0);
        assert_eq!(number(&row, name)?, hand, "{name}");
    }
    // A gap in one leg drops that session from both legs' windows.
    let mut b_gap = b.clone();
    b_gap[last - 2] = None;
    let gapped = spread_metrics(&iwm.dates, &a, &b_gap);
    let hand = (ia[last] / ia[last - 6] - 1.0) - (ib[last] / ib[last - 6] - 1.0);
    assert_eq!(number(&gapped, "ret_1w")?, hand);
    Ok(())
}

// ---------------------------------------------------------------- differential

/// A seeded xorshift generator (no dependency, reproducible).
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A positive random walk with occasional flat bars (zero changes).
    fn prices(&mut self, len: usize) -> Vec<f64> {
        let mut x = 100.0;
        (0..len)
            .map(|_| {
                let u = self.next_f64();
                if u > 0.1 {
                    x *= 1.0 + 0.04 * (self.next_f64() - 0.5);
                }
                x
            })
            .collect()
    }

    fn bars(&mut self, len: usize) -> Vec<Bar> {
        self.prices(len)
            .into_iter()
            .map(|c| {
                let up = c * 0.02 * self.next_f64();
                let down = c * 0.02 * self.next_f64();
                Bar {
                    high: c + up,
                    low: c - down,
                    close: c,
                }
            })
            .collect()
    }
}

const LEN: usize = 520;

fn naive_sma(x: &[f64], n: usize) -> Vec<Option<f64>> {
    (0..x.len())
        .map(|i| (i + 1 >= n).then(|| x[i + 1 - n..=i].iter().sum::<f64>() / n as f64))
        .collect()
}

/// EMA with the α-form update `prev + α(x − prev)` from an SMA seed.
fn naive_smoothed(x: &[f64], n: usize, alpha: f64) -> Vec<Option<f64>> {
    let mut out = vec![None; x.len()];
    if x.len() < n {
        return out;
    }
    let mut prev = x[..n].iter().sum::<f64>() / n as f64;
    out[n - 1] = Some(prev);
    for i in n..x.len() {
        prev += alpha * (x[i] - prev);
        out[i] = Some(prev);
    }
    out
}

fn naive_rsi(x: &[f64], n: usize) -> Vec<Option<f64>> {
    let gains: Vec<f64> = x.windows(2).map(|w| (w[1] - w[0]).max(0.0)).collect();
    let losses: Vec<f64> = x.windows(2).map(|w| (w[0] - w[1]).max(0.0)).collect();
    let g = naive_smoothed(&gains, n, 1.0 / n as f64);
    let l = naive_smoothed(&losses, n, 1.0 / n as f64);
    let mut out = vec![None];
    out.extend(g.iter().zip(&l).map(|(g, l)| {
        let (g, l) = ((*g)?, (*l)?);
        Some(if g + l == 0.0 {
            0.0
        } else if l == 0.0 {
            100.0
        } else {
            100.0 - 100.0 / (1.0 + g / l)
        })
    }));
    out
}

fn naive_window<F: Fn(&[f64]) -> Option<f64>>(x: &[f64], n: usize, f: F) -> Vec<Option<f64>> {
    (0..x.len())
        .map(|i| {
            if i + 1 >= n {
                f(&x[i + 1 - n..=i])
            } else {
                None
            }
        })
        .collect()
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

fn pop_std(xs: &[f64]) -> f64 {
    let m = mean(xs);
    (xs.iter().map(|v| (v - m).powi(2)).sum::<f64>() / xs.len() as f64).sqrt()
}

#[test]
fn moving_averages_match_naive_formulas_for_every_period() -> TestResult {
    let mut rng = Rng(0x5eed_0001);
    let x = rng.prices(LEN);
    for n in 1..=250 {
        check(
            &format!("SMA({n})"),
            &Sma::new(n)?.over(&x),
            &naive_sma(&x, n),
            REL,
        );
        let k = 2.0 / (n as f64 + 1.0);
        check(
            &format!("EMA({n})"),
            &Ema::new(n)?.over(&x),
            &naive_smoothed(&x, n, k),
            REL,
        );
        check(
            &format!("RMA({n})"),
            &WilderRma::new(n)?.over(&x),
            &naive_smoothed(&x, n, 1.0 / n as f64),
            REL,
        );
    }
    Ok(())
}

#[test]
fn rsi_matches_the_textbook_formula_for_every_period() -> TestResult {
    let mut rng = Rng(0x5eed_0002);
    let x = rng.prices(LEN);
    for n in 1..=250 {
        check(
            &format!("RSI({n})"),
            &WilderRsi::new(n)?.over(&x),
            &naive_rsi(&x, n),
            REL,
        );
    }
    Ok(())
}

#[test]
fn macd_matches_naive_emas_for_every_slow_period() -> TestResult {
    let mut rng = Rng(0x5eed_0003);
    let x = rng.prices(LEN);
    for slow in 1..=250usize {
        let fast = slow.div_ceil(2);
        let signal = slow % 20 + 1;
        let params = MacdParams { fast, slow, signal };
        let got = Macd::new(params)?.over(&x);
        // Naive: the fast EMA starts on bar slow−fast so both seeds end together.
        let fast_ema = naive_smoothed(&x[slow - fast..], fast, 2.0 / (fast as f64 + 1.0));
        let slow_ema = naive_smoothed(&x, slow, 2.0 / (slow as f64 + 1.0));
        let line: Vec<f64> = (slow - 1..x.len())
            .filter_map(|i| Some(fast_ema[i - (slow - fast)]? - slow_ema[i]?))
            .collect();
        let sig = naive_smoothed(&line, signal, 2.0 / (signal as f64 + 1.0));
        let mut expected_macd = vec![None; x.len()];
        let mut expected_signal = vec![None; x.len()];
        for (j, s) in sig.iter().enumerate() {
            if let Some(s) = s {
                expected_macd[slow - 1 + j] = Some(line[j]);
                expected_signal[slow - 1 + j] = Some(*s);
            }
        }
        check(
            &format!("MACD {params}"),
            &project(&got, |m| m.macd),
            &expected_macd,
            REL,
        );
        check(
            &format!("MACD signal {params}"),
            &project(&got, |m| m.signal),
            &expected_signal,
            REL,
        );
        // The histogram is a small difference of two near-equal lines:
        // compare it in units of the price level.
        for (g, (m, s)) in got.iter().zip(expected_macd.iter().zip(&expected_signal)) {
            if let (Some(g), Some(m), Some(s)) = (g, m, s) {
                assert!(
                    (g.histogram - (m - s)).abs() < 1e-9 * 100.0,
                    "hist {params}"
                );
            }
        }
    }
    Ok(())
}

#[test]
fn bollinger_matches_two_pass_population_std_for_every_period() -> TestResult {
    let mut rng = Rng(0x5eed_0004);
    let x = rng.prices(LEN);
    for n in 1..=250 {
        let params = BollingerParams {
            period: n,
            k_up: 2.0,
            k_down: 1.5,
        };
        let got = BollingerBands::new(params)?.over(&x);
        check(
            &format!("BB middle {params}"),
            &project(&got, |b| b.middle),
            &naive_sma(&x, n),
            REL,
        );
        let sigma = naive_window(&x, n, |w| Some(pop_std(w)));
        // σ itself can be tiny relative to the price: compare in price units.
        for (i, (g, s)) in got.iter().zip(&sigma).enumerate() {
            match (g, s) {
                (Some(g), Some(s)) => {
                    let m = mean(&x[i + 1 - n..=i]);
                    assert!(
                        close(g.upper, m + 2.0 * s, REL),
                        "BB upper {params} [{i}]: {} vs {}",
                        g.upper,
                        m + 2.0 * s
                    );
                    assert!(close(g.lower, m - 1.5 * s, REL), "BB lower {params} [{i}]");
                    assert!(
                        ((g.upper - g.middle) / 2.0 - s).abs() < 1e-9 * m,
                        "σ {params} [{i}]"
                    );
                }
                (None, None) => {}
                _ => panic!("BB {params}: warm-up differs at {i}"),
            }
        }
    }
    Ok(())
}

#[test]
fn atr_matches_naive_wilder_true_range_for_every_period() -> TestResult {
    let mut rng = Rng(0x5eed_0005);
    let bars = rng.bars(LEN);
    let (h, l, c): (Vec<f64>, Vec<f64>, Vec<f64>) = (
        bars.iter().map(|b| b.high).collect(),
        bars.iter().map(|b| b.low).collect(),
        bars.iter().map(|b| b.close).collect(),
    );
    let tr: Vec<f64> = (1..LEN)
        .map(|i| {
            (h[i] - l[i])
                .max((h[i] - c[i - 1]).abs())
                .max((l[i] - c[i - 1]).abs())
        })
        .collect();
    for n in 1..=250 {
        let mut expected = vec![None];
        expected.extend(naive_smoothed(&tr, n, 1.0 / n as f64));
        let atr = Atr::new(n)?;
        check(&format!("ATR({n})"), &atr.over(&h, &l, &c), &expected, REL);
        check(
            &format!("ATR({n}) bars"),
            &atr.over_bars(&bars),
            &expected,
            REL,
        );
    }
    Ok(())
}

#[test]
fn windowed_statistics_match_naive_formulas_for_every_period() -> TestResult {
    let mut rng = Rng(0x5eed_0006);
    let x = rng.prices(LEN);
    let y = rng.prices(LEN);
    let pairs: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
    let rx: Vec<f64> = x.windows(2).map(|w| w[1] / w[0] - 1.0).collect();
    let ry: Vec<f64> = y.windows(2).map(|w| w[1] / w[0] - 1.0).collect();
    let logs: Vec<f64> = x.windows(2).map(|w| (w[1] / w[0]).ln()).collect();
    let shift = |v: Vec<Option<f64>>| -> Vec<Option<f64>> {
        let mut out = vec![None];
        out.extend(v);
        out
    };
    for n in 1..=250 {
        let ret: Vec<Option<f64>> = (0..LEN)
            .map(|i| (i >= n).then(|| x[i] / x[i - n] - 1.0))
            .collect();
        check(
            &format!("Return({n})"),
            &Return::new(n)?.over(&x),
            &ret,
            REL,
        );
        let roc: Vec<Option<f64>> = ret.iter().map(|r| r.map(|r| r * 100.0)).collect();
        check(&format!("ROC({n})"), &Roc::new(n)?.over(&x), &roc, REL);
        let from_high = naive_window(&x, n, |w| {
            Some(w[w.len() - 1] / w.iter().cloned().fold(f64::MIN, f64::max) - 1.0)
        });
        let got = PctFromHigh::new(n)?.over(&x);
        check(&format!("PctFromHigh({n})"), &got, &from_high, REL);
        let spread: Vec<Option<f64>> = (0..LEN)
            .map(|i| (i >= n).then(|| (x[i] / x[i - n] - 1.0) - (y[i] / y[i - n] - 1.0)))
            .collect();
        let got = stream(&PerformanceSpread::new(n)?, &pairs);
        check(&format!("Spread({n})"), &got, &spread, REL);
        let ratios: Vec<f64> = pairs.iter().map(|(a, b)| a / b).collect();
        let rvm: Vec<Option<f64>> = naive_sma(&ratios, n)
            .iter()
            .zip(&ratios)
            .map(|(m, r)| m.map(|m| r / m - 1.0))
            .collect();
        // ratio/MA − 1 is a small difference: compare in units of the ratio.
        for (i, (g, e)) in stream(&RatioVsMa::new(n)?, &pairs)
            .iter()
            .zip(&rvm)
            .enumerate()
        {
            match (g, e) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-12, "RatioVsMa({n})[{i}]"),
                (None, None) => {}
                _ => panic!("RatioVsMa({n}) warm-up differs at {i}"),
            }
        }
        if n >= 2 {
            let z = naive_window(&x, n, |w| {
                let s = pop_std(w);
                // The documented flat-window rule: σ ≤ 1e−12·|mean| → 0.
                let flat = s <= 1e-12 * mean(w).abs();
                Some(if flat {
                    0.0
                } else {
                    (w[w.len() - 1] - mean(w)) / s
                })
            });
            check(&format!("ZScore({n})"), &ZScore::new(n)?.over(&x), &z, 1e-7);
            let vol = shift(naive_window(&logs, n, |w| {
                let m = mean(w);
                let var = w.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n as f64 - 1.0);
                Some(var.sqrt() * 252f64.sqrt())
            }));
            check(
                &format!("Volatility({n})"),
                &RealizedVolatility::new(n)?.over(&x),
                &vol,
                REL,
            );
            let (corr, beta): (Vec<Option<f64>>, Vec<Option<f64>>) = (0..LEN)
                .map(|i| {
                    if i < n {
                        return (None, None);
                    }
                    let (a, b) = (&rx[i - n..i], &ry[i - n..i]);
                    let (ma, mb) = (mean(a), mean(b));
                    let cov: f64 = a.iter().zip(b).map(|(p, q)| (p - ma) * (q - mb)).sum();
                    let va: f64 = a.iter().map(|p| (p - ma).powi(2)).sum();
                    let vb: f64 = b.iter().map(|q| (q - mb).powi(2)).sum();
                    // A flat leg leaves correlation (and, for B, beta) undefined.
                    let corr = (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt());
                    (corr, (vb > 0.0).then(|| cov / vb))
                })
                .unzip();
            // Correlation near 0 is a cancellation: absolute tolerance.
            for (i, (g, e)) in stream(&RollingCorrelation::new(n)?, &pairs)
                .iter()
                .zip(&corr)
                .enumerate()
            {
                match (g, e) {
                    (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "Corr({n})[{i}]"),
                    (None, None) => {}
                    _ => panic!("Corr({n}) warm-up differs at {i}"),
                }
            }
            for (i, (g, e)) in stream(&RollingBeta::new(n)?, &pairs)
                .iter()
                .zip(&beta)
                .enumerate()
            {
                match (g, e) {
                    (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "Beta({n})[{i}]"),
                    (None, None) => {}
                    _ => panic!("Beta({n}) warm-up differs at {i}"),
                }
            }
        }
    }
    Ok(())
}

#[test]
fn running_peak_statistics_match_naive_scans() -> TestResult {
    let mut rng = Rng(0x5eed_0007);
    let x = rng.prices(LEN);
    let y = rng.prices(LEN);
    let dd: Vec<Option<f64>> = (0..LEN)
        .map(|i| Some(x[i] / x[..=i].iter().cloned().fold(f64::MIN, f64::max) - 1.0))
        .collect();
    check("Drawdown", &Drawdown::new().over(&x), &dd, REL);
    let records: Vec<Option<bool>> = (0..LEN)
        .map(|i| (i > 0).then(|| x[..i].iter().all(|p| x[i] > *p)))
        .collect();
    assert_eq!(RecordHigh::new().over(&x), records);
    // Streak: recount backwards from each bar.
    let pairs: Vec<(f64, f64)> = x.iter().copied().zip(y.iter().copied()).collect();
    let sign = |i: usize| {
        let (ra, rb) = (x[i] / x[i - 1] - 1.0, y[i] / y[i - 1] - 1.0);
        (ra > rb) as i64 - (ra < rb) as i64
    };
    let streaks: Vec<Option<i64>> = (0..LEN)
        .map(|i| {
            if i == 0 {
                return None;
            }
            let s = sign(i);
            let run = (1..=i)
                .rev()
                .take_while(|&j| s != 0 && sign(j) == s)
                .count() as i64;
            Some(s * run)
        })
        .collect();
    assert_eq!(stream(&OutperformanceStreak::new(), &pairs), streaks);
    Ok(())
}

// ---------------------------------------------------------------- lookback

/// `lookback()` is the index of the first defined output on gap-free input.
fn assert_lookback<I: Indicator + Clone>(name: &str, indicator: &I, inputs: &[I::Input]) {
    let out = stream(indicator, inputs);
    assert_eq!(
        first_defined(&out),
        Some(indicator.lookback()),
        "{name}: first defined output"
    );
}

#[test]
fn lookback_is_the_index_of_the_first_output() -> TestResult {
    let mut rng = Rng(0x5eed_0008);
    let x = rng.prices(400);
    let bars = rng.bars(400);
    let pairs: Vec<(f64, f64)> = x.iter().copied().zip(rng.prices(400)).collect();
    for n in [1, 2, 14, 50] {
        assert_lookback("SMA", &Sma::new(n)?, &x);
        assert_lookback("EMA", &Ema::new(n)?, &x);
        assert_lookback("RMA", &WilderRma::new(n)?, &x);
        assert_lookback("RSI", &WilderRsi::new(n)?, &x);
        assert_lookback("ATR", &Atr::new(n)?, &bars);
        assert_lookback("Return", &Return::new(n)?, &x);
        assert_lookback("ROC", &Roc::new(n)?, &x);
        assert_lookback("PctFromHigh", &PctFromHigh::new(n)?, &x);
        assert_lookback("Spread", &PerformanceSpread::new(n)?, &pairs);
        assert_lookback("RatioVsMa", &RatioVsMa::new(n)?, &pairs);
        let bb = BollingerBands::new(BollingerParams {
            period: n,
            ..BollingerParams::default()
        })?;
        assert_lookback("BBANDS", &bb, &x);
    }
    for n in [2, 21, 63] {
        assert_lookback("Vol", &RealizedVolatility::new(n)?, &x);
        assert_lookback("ZScore", &ZScore::new(n)?, &x);
        assert_lookback("Corr", &RollingCorrelation::new(n)?, &pairs);
        assert_lookback("Beta", &RollingBeta::new(n)?, &pairs);
    }
    assert_lookback("MACD", &Macd::new(MacdParams::default())?, &x);
    assert_lookback("Drawdown", &Drawdown::new(), &x);
    assert_lookback("RecordHigh", &RecordHigh::new(), &x);
    assert_lookback("Streak", &OutperformanceStreak::new(), &pairs);
    let rrg = RrgApprox::new(RrgParams {
        smoothing: 5,
        window: 20,
        momentum: 2,
    })?;
    assert_lookback("RRG", &rrg, &pairs);
    Ok(())
}

// ---------------------------------------------------------------- parameters

#[test]
fn invalid_parameters_are_errors_not_panics() {
    assert!(matches!(
        Sma::new(0),
        Err(IndicatorError::PeriodTooSmall { value: 0, .. })
    ));
    assert!(Ema::new(0).is_err());
    assert!(WilderRma::new(0).is_err());
    assert!(WilderRsi::new(0).is_err());
    assert!(Atr::new(0).is_err());
    assert!(Return::new(0).is_err());
    assert!(Roc::new(0).is_err());
    assert!(PctFromHigh::new(0).is_err());
    assert!(PerformanceSpread::new(0).is_err());
    assert!(RatioVsMa::new(0).is_err());
    assert!(ZScore::new(1).is_err());
    assert!(RealizedVolatility::new(1).is_err());
    assert!(RollingCorrelation::new(1).is_err());
    assert!(RollingBeta::new(1).is_err());
    for (fast, slow, signal) in [(0, 26, 9), (12, 0, 9), (12, 26, 0), (27, 26, 9)] {
        assert!(
            Macd::new(MacdParams { fast, slow, signal }).is_err(),
            "{fast}/{slow}/{signal}"
        );
    }
    for (k_up, k_down) in [(f64::NAN, 2.0), (2.0, f64::NAN), (f64::INFINITY, 2.0)] {
        let bb = BollingerBands::new(BollingerParams {
            period: 20,
            k_up,
            k_down,
        });
        assert!(matches!(bb, Err(IndicatorError::NotFinite { .. })));
    }
    assert!(BollingerBands::new(BollingerParams {
        period: 0,
        ..BollingerParams::default()
    })
    .is_err());
    for (smoothing, window, momentum) in [(0, 52, 1), (10, 1, 1), (10, 52, 0)] {
        assert!(RrgApprox::new(RrgParams {
            smoothing,
            window,
            momentum
        })
        .is_err());
    }
    // Errors read well.
    let message = Sma::new(0).err().map(|e| e.to_string()).unwrap_or_default();
    assert_eq!(message, "SMA: period must be at least 1, got 0");
}

// ---------------------------------------------------------------- gaps

/// Skip and carry: a gap yields None and the output after it equals the
/// output on the series with the gap removed.
fn assert_gap_skipped<I>(name: &str, indicator: &I, inputs: &[I::Input], gap_at: usize)
where
    I: Indicator + Clone,
    I::Output: PartialEq + std::fmt::Debug,
{
    let gappy: Vec<Option<I::Input>> = inputs
        .iter()
        .enumerate()
        .map(|(i, x)| (i != gap_at).then_some(*x))
        .collect();
    let with_gap = stream_gappy(indicator, &gappy);
    let without: Vec<I::Input> = gappy.iter().flatten().copied().collect();
    let compact = stream(indicator, &without);
    assert_eq!(with_gap[gap_at], None, "{name}: output at the gap");
    let mut expected = compact.clone();
    expected.insert(gap_at, None);
    assert_eq!(with_gap, expected, "{name}: skip and carry");
    assert!(
        with_gap[gap_at + 1..].iter().all(Option::is_some),
        "{name}: the gap poisoned later output"
    );
}

#[test]
fn one_gap_does_not_poison_later_output() -> TestResult {
    let mut rng = Rng(0x5eed_0009);
    let x = rng.prices(300);
    let bars = rng.bars(300);
    let pairs: Vec<(f64, f64)> = x.iter().copied().zip(rng.prices(300)).collect();
    let gap = 120;
    assert_gap_skipped("SMA", &Sma::new(20)?, &x, gap);
    assert_gap_skipped("EMA", &Ema::new(20)?, &x, gap);
    assert_gap_skipped("RMA", &WilderRma::new(20)?, &x, gap);
    assert_gap_skipped("RSI", &WilderRsi::new(14)?, &x, gap);
    assert_gap_skipped("MACD", &Macd::new(MacdParams::default())?, &x, gap);
    assert_gap_skipped(
        "BBANDS",
        &BollingerBands::new(BollingerParams::default())?,
        &x,
        gap,
    );
    assert_gap_skipped("ATR", &Atr::new(14)?, &bars, gap);
    assert_gap_skipped("Return", &Return::new(21)?, &x, gap);
    assert_gap_skipped("ROC", &Roc::new(10)?, &x, gap);
    assert_gap_skipped("Vol", &RealizedVolatility::new(21)?, &x, gap);
    assert_gap_skipped("Drawdown", &Drawdown::new(), &x, gap);
    assert_gap_skipped("PctFromHigh", &PctFromHigh::new(52)?, &x, gap);
    assert_gap_skipped("ZScore", &ZScore::new(20)?, &x, gap);
    assert_gap_skipped("Spread", &PerformanceSpread::new(21)?, &pairs, gap);
    assert_gap_skipped("RatioVsMa", &RatioVsMa::new(50)?, &pairs, gap);
    assert_gap_skipped("Corr", &RollingCorrelation::new(21)?, &pairs, gap);
    assert_gap_skipped("Beta", &RollingBeta::new(21)?, &pairs, gap);
    assert_gap_skipped("Streak", &OutperformanceStreak::new(), &pairs, gap);
    // The batch gap entry points agree with the generic one.
    let gappy: Vec<Option<f64>> = x
        .iter()
        .enumerate()
        .map(|(i, v)| (i != gap).then_some(*v))
        .collect();
    assert_eq!(
        Sma::new(20)?.over_gappy(&gappy),
        stream_gappy(&Sma::new(20)?, &gappy)
    );
    assert_eq!(
        WilderRsi::new(14)?.over_gappy(&gappy),
        stream_gappy(&WilderRsi::new(14)?, &gappy)
    );
    // Pairs with one missing leg are gaps too.
    let a: Vec<Option<f64>> = pairs.iter().map(|p| Some(p.0)).collect();
    let mut b: Vec<Option<f64>> = pairs.iter().map(|p| Some(p.1)).collect();
    b[gap] = None;
    assert_eq!(zip_pairs(&a, &b)[gap], None);
    Ok(())
}

/// Guards the anchored running sums of long Bollinger windows: after a
/// volatile stretch, a flat stretch must give (near) zero-width bands, and a
/// series far from its starting level must match the two-pass σ.
#[test]
fn bollinger_deviation_stays_exact_after_regime_changes() -> TestResult {
    let mut rng = Rng(0x5eed_000a);
    let mut x = rng.prices(3000);
    // A 50× rally, then a flat stretch.
    x.extend((1..=1000).map(|i| 100.0 * (1.0 + 49.0 * i as f64 / 1000.0)));
    x.extend(std::iter::repeat_n(5000.0, 400));
    for n in [16, 20, 50, 200] {
        let params = BollingerParams {
            period: n,
            ..BollingerParams::default()
        };
        let got = BollingerBands::new(params)?.over(&x);
        for (i, bands) in got.iter().enumerate().skip(n - 1) {
            let b = bands.ok_or("warm-up")?;
            let sigma = pop_std(&x[i + 1 - n..=i]);
            let got_sigma = (b.upper - b.middle) / 2.0;
            assert!(
                (got_sigma - sigma).abs() <= 1e-9 * b.middle.abs(),
                "{params} [{i}]: σ {got_sigma} vs two-pass {sigma}"
            );
        }
        let last = got.last().copied().flatten().ok_or("no bands")?;
        assert!(
            (last.upper - last.lower).abs() < 1e-6,
            "{params}: flat window width"
        );
    }
    Ok(())
}
