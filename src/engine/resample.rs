//! Daily bars to weekly or monthly bars, the way charting sites build them
//! (StockCharts, TradingView): one bar per ISO week or calendar month,
//! **dated on its last trading session**, open = the period's first open,
//! high = its highest high, low = its lowest low, close = its last close,
//! volume = the sum of its volumes. A "14-week RSI" is then Wilder's RSI
//! over these weekly closes.
//!
//! Invariants:
//! - Only sessions that exist are used: a holiday week's bar ends on its
//!   last trading day, and a period with no defined close has no bar.
//! - A column the file did not have stays absent (no open, high, low or
//!   volume is invented from the close).
//! - No look-ahead beyond the period itself: the bars of a prefix of the
//!   daily data are the full data's bars, except that the prefix's last bar
//!   may be partial (the current, unfinished week or month) —
//!   property-tested in `tests/resample.rs`.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::series::{Column, Frequency, Series};

/// The bar length of the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Timeframe {
    /// The file's own sessions.
    #[default]
    Daily,
    /// One bar per ISO week (Monday to Sunday).
    Weekly,
    /// One bar per calendar month.
    Monthly,
}

impl Timeframe {
    /// Every timeframe, in menu order.
    pub const ALL: [Timeframe; 3] = [Timeframe::Daily, Timeframe::Weekly, Timeframe::Monthly];

    /// The link and setting code: `d`, `w`, `m`.
    pub fn code(self) -> &'static str {
        match self {
            Timeframe::Daily => "d",
            Timeframe::Weekly => "w",
            Timeframe::Monthly => "m",
        }
    }

    /// What one bar is called ("session", "week", "month") and the period a
    /// tie is "on" ("day", "week", "month"), for sentences about bars.
    pub fn bar_words(self) -> (&'static str, &'static str) {
        match self {
            Timeframe::Daily => ("session", "day"),
            Timeframe::Weekly => ("week", "week"),
            Timeframe::Monthly => ("month", "month"),
        }
    }

    /// The timeframe of a code, if any.
    pub fn parse(code: &str) -> Option<Timeframe> {
        Timeframe::ALL.into_iter().find(|t| t.code() == code.trim())
    }

    /// Whether two sessions fall in the same bar (daily: the same day).
    pub fn same_bar(self, a: NaiveDate, b: NaiveDate) -> bool {
        self.period(a) == self.period(b)
    }

    /// The period a session belongs to: equal keys, same bar.
    fn period(self, day: NaiveDate) -> (i32, u32) {
        match self {
            Timeframe::Daily => (day.year(), day.ordinal()),
            Timeframe::Weekly => {
                let week = day.iso_week();
                (week.year(), week.week())
            }
            Timeframe::Monthly => (day.year(), day.month()),
        }
    }
}

/// One bar under construction.
#[derive(Default)]
struct Bar {
    date: Option<NaiveDate>,
    open: Option<f64>,
    high: Option<f64>,
    low: Option<f64>,
    close: Option<f64>,
    volume: Option<f64>,
    raw_close: Option<f64>,
}

fn at(column: Option<&Column>, i: usize) -> Option<f64> {
    column
        .and_then(|c| c.get(i).copied().flatten())
        .filter(|v| v.is_finite())
}

/// `series` on `timeframe` bars. `Daily` returns it unchanged.
///
/// ```
/// use chrono::NaiveDate;
/// use regime_radar::engine::resample::{resample, Timeframe};
/// use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};
///
/// let day = |d: u32| NaiveDate::from_ymd_opt(2026, 1, d).unwrap_or_default();
/// // Thu 1 (holiday: no session), Fri 2; Mon 5 .. Fri 9.
/// let dates = vec![day(2), day(5), day(6), day(7), day(8), day(9)];
/// let closes = vec![Some(10.0), Some(11.0), Some(12.0), None, Some(9.0), Some(10.5)];
/// let daily = Series::from_values(SeriesId::sanitized("X"), SeriesKind::Price,
///                                 Frequency::Daily, dates, closes);
/// let weekly = resample(&daily, Timeframe::Weekly);
/// assert_eq!(weekly.dates, vec![day(2), day(9)]); // each week on its last session
/// assert_eq!(weekly.close, vec![Some(10.0), Some(10.5)]);
/// ```
pub fn resample(series: &Series, timeframe: Timeframe) -> Series {
    if timeframe == Timeframe::Daily {
        return series.clone();
    }
    let has = |c: &Option<Column>| c.is_some();
    let mut bars: Vec<Bar> = Vec::new();
    let mut current: Option<(i32, u32)> = None;
    for (i, day) in series.dates.iter().enumerate() {
        let period = timeframe.period(*day);
        if current != Some(period) {
            current = Some(period);
            bars.push(Bar::default());
        }
        let Some(bar) = bars.last_mut() else {
            continue;
        };
        let Some(close) = at(Some(&series.close), i) else {
            // A session without a close adds nothing to the bar.
            continue;
        };
        bar.date = Some(*day);
        bar.close = Some(close);
        if bar.open.is_none() {
            bar.open = at(series.open.as_ref(), i);
        }
        if let Some(h) = at(series.high.as_ref(), i) {
            bar.high = Some(bar.high.map_or(h, |b| b.max(h)));
        }
        if let Some(l) = at(series.low.as_ref(), i) {
            bar.low = Some(bar.low.map_or(l, |b| b.min(l)));
        }
        if let Some(v) = at(series.volume.as_ref(), i) {
            bar.volume = Some(bar.volume.unwrap_or(0.0) + v);
        }
        if let Some(r) = at(series.raw_close.as_ref(), i) {
            bar.raw_close = Some(r);
        }
    }
    bars.retain(|b| b.date.is_some());
    let column = |wanted: bool, pick: fn(&Bar) -> Option<f64>| -> Option<Column> {
        wanted.then(|| bars.iter().map(pick).collect())
    };
    Series {
        id: series.id.clone(),
        name: series.name.clone(),
        kind: series.kind,
        frequency: match timeframe {
            Timeframe::Weekly => Frequency::Weekly,
            _ => Frequency::Monthly,
        },
        dates: bars.iter().filter_map(|b| b.date).collect(),
        close: bars.iter().map(|b| b.close).collect(),
        open: column(has(&series.open), |b| b.open),
        high: column(has(&series.high), |b| b.high),
        low: column(has(&series.low), |b| b.low),
        volume: column(has(&series.volume), |b| b.volume),
        raw_close: column(has(&series.raw_close), |b| b.raw_close),
    }
}

/// Several price series on `timeframe` bars with **one date per bar**, for
/// charts that stack them: each series is cut at `until` (nothing after
/// the as-of date reaches a bar), resampled, and every bar is dated on the
/// last session any of the series traded in its period (a series whose
/// data stops on a Wednesday still has its week on the others' Friday).
/// `Daily` only cuts.
pub fn on_common_bars(
    prices: &[&Series],
    timeframe: Timeframe,
    until: Option<NaiveDate>,
) -> Vec<Series> {
    let cut: Vec<Series> = prices.iter().map(|s| cut_at(s, until)).collect();
    if timeframe == Timeframe::Daily {
        return cut;
    }
    // The last session of every period over all the series, ascending.
    let mut ends: Vec<((i32, u32), NaiveDate)> = Vec::new();
    let mut days: Vec<NaiveDate> = cut.iter().flat_map(|s| s.dates.iter().copied()).collect();
    days.sort_unstable();
    days.dedup();
    for day in days {
        let period = timeframe.period(day);
        match ends.last_mut() {
            Some((p, end)) if *p == period => *end = day,
            _ => ends.push((period, day)),
        }
    }
    cut.iter()
        .map(|s| {
            let mut bars = resample(s, timeframe);
            for date in &mut bars.dates {
                let period = timeframe.period(*date);
                if let Ok(k) = ends.binary_search_by(|(p, _)| p.cmp(&period)) {
                    *date = ends[k].1;
                }
            }
            bars
        })
        .collect()
}

/// `series` without its sessions after `until`.
fn cut_at(series: &Series, until: Option<NaiveDate>) -> Series {
    let Some(until) = until else {
        return series.clone();
    };
    let keep = series.dates.partition_point(|d| *d <= until);
    let column = |c: &Option<Column>| c.as_ref().map(|c| c[..keep.min(c.len())].to_vec());
    Series {
        id: series.id.clone(),
        name: series.name.clone(),
        kind: series.kind,
        frequency: series.frequency,
        dates: series.dates[..keep].to_vec(),
        close: series.close[..keep.min(series.close.len())].to_vec(),
        open: column(&series.open),
        high: column(&series.high),
        low: column(&series.low),
        volume: column(&series.volume),
        raw_close: column(&series.raw_close),
    }
}
