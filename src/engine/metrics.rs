//! Per-series and per-pair metric rows as the page shows them (`data-metric`
//! names of `TEST-CONTRACT.md`), computed from the indicators.
//!
//! Invariant: every metric is evaluated at the series' last bar with a
//! defined close, on the sequence of defined observations (gaps skipped, as
//! the indicators' gap policy); a value that cannot be computed (warm-up, too
//! little history, non-finite) is [`MetricValue::Missing`], never NaN.
//! Metrics are raw fractions / prices; formatting for people is the view's.

use chrono::{Datelike, NaiveDate};

use super::indicators::drawdown::BARS_52W;
use super::indicators::returns::{
    simple_return, ytd_base_index, WINDOW_1M, WINDOW_1W, WINDOW_1Y, WINDOW_3M, WINDOW_6M,
};
use super::indicators::{
    stream_last, Drawdown, Indicator, OutperformanceStreak, PctFromHigh, RealizedVolatility, Sma,
    WilderRsi,
};
use super::series::Series;

/// Bars of history that must precede a bar before its RSI is shown
/// (StockCharts' practice: Wilder smoothing forgets its seed only after
/// ~250 bars, so earlier values depend on where the data starts).
pub const RSI_MIN_HISTORY: usize = 250;

/// Window of the `vol_21d` metric, in daily returns.
pub const VOL_WINDOW: usize = 21;

/// The return windows shown, with their metric names, in display order.
pub const RETURN_WINDOWS: [(&str, usize); 5] = [
    ("ret_1w", WINDOW_1W),
    ("ret_1m", WINDOW_1M),
    ("ret_3m", WINDOW_3M),
    ("ret_6m", WINDOW_6M),
    ("ret_1y", WINDOW_1Y),
];

/// A metric's value: a number, a date, or missing (undefined).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MetricValue {
    Number(f64),
    Date(NaiveDate),
    Missing,
}

/// One named metric cell (`data-metric` = `name`).
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub name: String,
    pub value: MetricValue,
}

impl Metric {
    /// A numeric metric; `None` or a non-finite number becomes `Missing`.
    pub fn number(name: impl Into<String>, value: Option<f64>) -> Self {
        Metric {
            name: name.into(),
            value: match value {
                Some(v) if v.is_finite() => MetricValue::Number(v),
                _ => MetricValue::Missing,
            },
        }
    }

    /// A date metric; `None` becomes `Missing`.
    pub fn date(name: impl Into<String>, value: Option<NaiveDate>) -> Self {
        Metric {
            name: name.into(),
            value: value.map_or(MetricValue::Missing, MetricValue::Date),
        }
    }

    /// The contract's `data-value`: the full-precision number (shortest
    /// round-trip form, `.` decimal, no separators), the ISO date, or `""`
    /// when missing or non-finite.
    pub fn data_value(&self) -> String {
        match self.value {
            MetricValue::Number(v) if v.is_finite() => format!("{v}"),
            MetricValue::Number(_) | MetricValue::Missing => String::new(),
            MetricValue::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// The number, if this is a defined numeric metric.
    pub fn as_number(&self) -> Option<f64> {
        match self.value {
            MetricValue::Number(v) => Some(v),
            _ => None,
        }
    }
}

/// User settings that change the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricSettings {
    /// RSI period (default 14); the metric is named `rsi<period>`.
    pub rsi_period: usize,
}

impl Default for MetricSettings {
    fn default() -> Self {
        MetricSettings { rsi_period: 14 }
    }
}

impl MetricSettings {
    /// The RSI metric's name: `rsi14` for the default.
    pub fn rsi_name(&self) -> String {
        format!("rsi{}", self.rsi_period)
    }
}

/// The metric row of one series, in the contract's order: `last_close`,
/// `last_date`, `ret_1w`, `ret_1m`, `ret_3m`, `ret_6m`, `ret_1y`, `ret_ytd`,
/// `rsi<N>`, `sma50`, `sma200`, `pct_from_high_52w`, `drawdown`, `vol_21d`.
///
/// Returns are fractions over 5/21/63/126/252 bars; `ret_ytd` is measured
/// from the previous calendar year's last close (Missing when the series has
/// no bar in that year); the RSI is Missing unless [`RSI_MIN_HISTORY`] bars
/// precede the last bar.
pub fn series_metrics(series: &Series, settings: &MetricSettings) -> Vec<Metric> {
    metrics_of(&series.dates, &series.close, settings)
}

/// The same row as of `end`: computed on the bars dated on or before `end`
/// (the indicators are causal, so this equals what the page showed on that
/// day with the same history).
pub fn series_metrics_at(
    series: &Series,
    settings: &MetricSettings,
    end: NaiveDate,
) -> Vec<Metric> {
    let upto = series.dates.partition_point(|d| *d <= end);
    let closes = series.close.get(..upto).unwrap_or(&series.close);
    metrics_of(&series.dates[..upto], closes, settings)
}

/// Defined observations only (gap policy: skip).
fn observations(dates: &[NaiveDate], closes: &[Option<f64>]) -> (Vec<NaiveDate>, Vec<f64>) {
    dates
        .iter()
        .zip(closes)
        .filter_map(|(d, c)| c.map(|c| (*d, c)))
        .unzip()
}

/// The value at the last index of an indicator's batch output.
fn last_of(values: Vec<Option<f64>>) -> Option<f64> {
    values.last().copied().flatten()
}

fn metrics_of(
    dates: &[NaiveDate],
    closes: &[Option<f64>],
    settings: &MetricSettings,
) -> Vec<Metric> {
    let (dates, closes) = observations(dates, closes);
    let last = closes.len().checked_sub(1);
    let close_at = |i: usize| closes.get(i).copied();
    let last_close = last.and_then(close_at);

    let mut row = Vec::with_capacity(14);
    row.push(Metric::number("last_close", last_close));
    row.push(Metric::date(
        "last_date",
        last.and_then(|i| dates.get(i).copied()),
    ));
    for (name, window) in RETURN_WINDOWS {
        let base = last.and_then(|l| l.checked_sub(window)).and_then(close_at);
        let value = base.zip(last_close).and_then(|(b, e)| simple_return(b, e));
        row.push(Metric::number(name, value));
    }
    // The base is in the previous calendar year: only the sessions from
    // its start on are looked at (not a copy of a million closes).
    let ytd = last
        .and_then(|l| {
            let from_year = dates.get(l)?.year() - 1;
            let start = dates.partition_point(|d| d.year() < from_year);
            let defined: Vec<Option<f64>> = closes[start..=l].iter().map(|c| Some(*c)).collect();
            ytd_base_index(&dates[start..=l], &defined, l - start).map(|i| i + start)
        })
        .and_then(close_at)
        .zip(last_close)
        .and_then(|(b, e)| simple_return(b, e));
    row.push(Metric::number("ret_ytd", ytd));

    let rsi = match (WilderRsi::new(settings.rsi_period), last) {
        (Ok(rsi), Some(l)) if l >= RSI_MIN_HISTORY => rsi.over_dense(&closes).last(),
        _ => None,
    };
    row.push(Metric::number(settings.rsi_name(), rsi));
    // The windowed indicators' last value depends only on their last
    // window, so they run on that tail: a million-bar series costs a few
    // hundred bars here, not a million (RSI and drawdown carry state from
    // the first bar and run on everything).
    let tail = |lookback: usize| &closes[closes.len().saturating_sub(lookback + 1)..];
    for (name, period) in [("sma50", 50), ("sma200", 200)] {
        let value = Sma::new(period)
            .ok()
            .and_then(|s| last_of(s.over(tail(s.lookback()))));
        row.push(Metric::number(name, value));
    }
    let from_high = PctFromHigh::new(BARS_52W)
        .ok()
        .and_then(|p| last_of(p.over(tail(p.lookback()))));
    row.push(Metric::number("pct_from_high_52w", from_high));
    row.push(Metric::number(
        "drawdown",
        stream_last(&Drawdown::new(), &closes),
    ));
    let vol = RealizedVolatility::new(VOL_WINDOW)
        .ok()
        .and_then(|v| last_of(v.over(tail(v.lookback()))));
    row.push(Metric::number("vol_21d", vol));
    row
}

/// Return spreads of A over B on aligned columns (`dates`, `a`, `b` of equal
/// length): `ret_1w` … `ret_1y`, `ret_ytd`, each the return of A minus the
/// return of B over the same window, counted on the sessions where both are
/// defined and evaluated at the last such session; then `streak`: the
/// sessions running, up to that session, on which A's daily return beat
/// B's (negative when B's beat A's, 0 after a tie).
pub fn spread_metrics(dates: &[NaiveDate], a: &[Option<f64>], b: &[Option<f64>]) -> Vec<Metric> {
    let (common_dates, pairs): (Vec<NaiveDate>, Vec<(f64, f64)>) = dates
        .iter()
        .zip(a.iter().zip(b))
        .filter_map(|(d, (x, y))| Some((*d, ((*x)?, (*y)?))))
        .unzip();
    let last = pairs.len().checked_sub(1);
    let spread_from = |base: usize| -> Option<f64> {
        let (a0, b0) = *pairs.get(base)?;
        let (a1, b1) = *pairs.get(last?)?;
        Some(simple_return(a0, a1)? - simple_return(b0, b1)?)
    };
    let mut row: Vec<Metric> = RETURN_WINDOWS
        .iter()
        .map(|(name, window)| {
            let value = last
                .and_then(|l| l.checked_sub(*window))
                .and_then(spread_from);
            Metric::number(*name, value)
        })
        .collect();
    let defined: Vec<Option<f64>> = pairs.iter().map(|p| Some(p.0)).collect();
    let ytd = last
        .and_then(|l| ytd_base_index(&common_dates, &defined, l))
        .and_then(spread_from);
    row.push(Metric::number("ret_ytd", ytd));
    // Sessions running on which A's daily return beat B's (negative: B's).
    let mut streak = OutperformanceStreak::new();
    let last_streak = pairs.iter().filter_map(|p| streak.next(*p)).last();
    row.push(Metric::number("streak", last_streak.map(|s| s as f64)));
    row
}
