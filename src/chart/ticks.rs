//! Axis ticks and their labels, shared by the chart modules: "nice" number
//! ticks (linear and log), date ticks on a session calendar, and the number
//! formats a tick label can read in.

use chrono::{Datelike, NaiveDate};
use std::ops::Range;

use crate::format::with_thousands;

/// How a chart's y tick labels read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YFormat {
    /// A plain number with thousands separators and at least this many
    /// decimals (more when the tick step needs them, so labels never repeat).
    Number(usize),
    /// A fraction shown as a percentage (0.05 → "5%"), at least this many
    /// decimals — the engine's convention for returns (see `crate::format`).
    Percent(usize),
    /// Thousands / millions / billions: 198k, 1.2M, 3B.
    #[default]
    Compact,
}

/// The fewest decimals (up to 6) that write `v` exactly, tolerating the
/// float noise of `k × step` (0.1 × 3 = 0.30000000000000004).
fn decimals_of(v: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = v * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(6)
}

fn decimals_for(values: impl Iterator<Item = f64>) -> usize {
    values.map(decimals_of).max().unwrap_or(0)
}

/// Labels for a set of ticks: every label of an axis shares its decimals,
/// and has enough of them to tell neighbouring ticks apart.
pub(crate) fn tick_labels(ticks: &[f64], format: YFormat) -> Vec<String> {
    match format {
        YFormat::Number(min) => {
            let d = decimals_for(ticks.iter().copied()).max(min);
            ticks.iter().map(|t| with_thousands(*t, d)).collect()
        }
        YFormat::Percent(min) => {
            let d = decimals_for(ticks.iter().map(|t| t * 100.0)).max(min);
            ticks
                .iter()
                .map(|t| format!("{}%", with_thousands(t * 100.0, d)))
                .collect()
        }
        YFormat::Compact => {
            let largest = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
            let (unit, suffix) = match largest {
                l if l >= 1e9 => (1e9, "B"),
                l if l >= 1e6 => (1e6, "M"),
                l if l >= 1e4 => (1e3, "k"),
                _ => (1.0, ""),
            };
            let d = decimals_for(ticks.iter().map(|t| t / unit)).min(2);
            ticks
                .iter()
                .map(|t| match *t {
                    0.0 => "0".to_string(),
                    t => format!("{}{suffix}", with_thousands(t / unit, d)),
                })
                .collect()
        }
    }
}

/// One value as the axis would write it (the last-value tags): its
/// format's minimum decimals, compact values with up to two.
pub(crate) fn value_label(v: f64, format: YFormat) -> String {
    match format {
        YFormat::Number(d) => with_thousands(v, d),
        YFormat::Percent(d) => format!("{}%", with_thousands(v * 100.0, d)),
        YFormat::Compact => {
            let (unit, suffix) = match v.abs() {
                l if l >= 1e9 => (1e9, "B"),
                l if l >= 1e6 => (1e6, "M"),
                l if l >= 1e4 => (1e3, "k"),
                _ => (1.0, ""),
            };
            format!("{}{suffix}", with_thousands(v / unit, 2))
        }
    }
}

/// The "nice" step (1, 2, 2.5 or 5 × 10^k) nearest to `raw` (nearest, not
/// the next larger: rounding up would halve the ticks a small axis gets).
pub(crate) fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let m = raw / magnitude;
    let nice = match m {
        m if m < 1.5 => 1.0,
        m if m < 2.25 => 2.0,
        m if m < 3.5 => 2.5,
        m if m < 7.5 => 5.0,
        _ => 10.0,
    };
    nice * magnitude
}

/// Multiples of a nice step inside `lo..=hi`, about `target` of them.
pub(crate) fn linear_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return Vec::new();
    }
    let step = nice_step((hi - lo) / target.max(1) as f64);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .take(64)
        .map(|k| {
            let t = k as f64 * step;
            // No "-0" label from float noise around zero.
            if t.abs() < step * 1e-9 {
                0.0
            } else {
                t
            }
        })
        .collect()
}

/// Ticks for a log axis over `lo..=hi` (both > 0), at least `min_gap` apart
/// where `pixel(v)` places them. Narrow ranges get linear nice ticks (4000,
/// 4200, …); wide ones decades first, then 5s and 2s between them.
pub(crate) fn log_ticks(
    lo: f64,
    hi: f64,
    target: usize,
    min_gap: f64,
    pixel: impl Fn(f64) -> f64,
) -> Vec<f64> {
    if !(lo > 0.0 && hi > lo && hi.is_finite()) {
        return Vec::new();
    }
    let spaced = |ticks: &[f64]| {
        ticks
            .windows(2)
            .all(|w| (pixel(w[0]) - pixel(w[1])).abs() >= min_gap)
    };
    for n in (3..=target.max(3)).rev() {
        let ticks: Vec<f64> = linear_ticks(lo, hi, n)
            .into_iter()
            .filter(|t| *t > 0.0)
            .collect();
        if ticks.len() >= 3 && spaced(&ticks) {
            return ticks;
        }
    }
    let (k0, k1) = (lo.log10().floor() as i32, hi.log10().ceil() as i32);
    let mut kept: Vec<f64> = Vec::new();
    for mantissa in [1.0, 5.0, 2.0] {
        for k in k0..=k1.min(k0 + 40) {
            let t = mantissa * 10f64.powi(k);
            let free = kept.iter().all(|u| (pixel(*u) - pixel(t)).abs() >= min_gap);
            if (lo..=hi).contains(&t) && free {
                kept.push(t);
            }
        }
    }
    kept.sort_by(f64::total_cmp);
    if kept.len() < 2 {
        return linear_ticks(lo, hi, 3)
            .into_iter()
            .filter(|t| *t > 0.0)
            .collect();
    }
    kept
}

/// One date tick on a session calendar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DateTick {
    /// Session index into the calendar.
    pub index: usize,
    pub label: String,
    /// Starts a coarser period than the axis counts in (a year on a month
    /// axis, a month on a day axis): drawn emphasised, kept first.
    pub major: bool,
}

/// The periods a date axis can count in, finest first, with their length in
/// calendar days (to predict how many ticks a span gets).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Period {
    Day,
    Week,
    /// The 1st and the 15th of each month.
    HalfMonth,
    Months(u32),
    Years(i32),
}

const PERIODS: [(Period, f64); 13] = [
    (Period::Day, 1.0),
    (Period::Week, 7.0),
    (Period::HalfMonth, 15.2),
    (Period::Months(1), 30.44),
    (Period::Months(3), 91.3),
    (Period::Months(6), 182.6),
    (Period::Years(1), 365.25),
    (Period::Years(2), 730.5),
    (Period::Years(5), 1826.0),
    (Period::Years(10), 3652.0),
    (Period::Years(20), 7305.0),
    (Period::Years(50), 18262.0),
    (Period::Years(100), 36525.0),
];

impl Period {
    /// Which period a date falls in; a tick goes where this changes.
    fn key(self, d: NaiveDate) -> i64 {
        let (y, m0) = (i64::from(d.year()), i64::from(d.month0()));
        match self {
            Period::Day => i64::from(d.num_days_from_ce()),
            Period::Week => {
                let w = d.iso_week();
                i64::from(w.year()) * 100 + i64::from(w.week())
            }
            Period::HalfMonth => (y * 12 + m0) * 2 + i64::from(d.day() >= 15),
            Period::Months(k) => (y * 12 + m0).div_euclid(i64::from(k)),
            Period::Years(k) => y.div_euclid(i64::from(k)),
        }
    }

    fn counts_days(self) -> bool {
        matches!(self, Period::Day | Period::Week | Period::HalfMonth)
    }
}

/// The first index in `from..end` whose date `changed` says yes to, or
/// `end`; `changed` must be monotone over the ascending calendar (no, then
/// yes from some index on). Gallops out from `from`, then bisects.
fn next_change(
    dates: &[NaiveDate],
    from: usize,
    end: usize,
    changed: impl Fn(NaiveDate) -> bool,
) -> usize {
    let (mut lo, mut step) = (from, 1);
    // Invariant: no change before `lo`.
    loop {
        let probe = lo + step - 1;
        if probe >= end {
            break;
        }
        if changed(dates[probe]) {
            let hi = probe;
            return lo + dates[lo..hi].partition_point(|d| !changed(*d));
        }
        lo = probe + 1;
        step *= 2;
    }
    lo + dates[lo..end].partition_point(|d| !changed(*d))
}

/// Date ticks for the sessions `visible` of `dates`, TradingView-style: the
/// axis counts in days, weeks, half months, months, quarters or years as the span
/// allows, labels the first session of each period ("12", "Mar", "2025" —
/// a coarser boundary upgrades the label) and keeps only labels that fit
/// between `bounds` without overlapping, coarser boundaries first.
///
/// `x_of` places a session in pixels, `width_of` measures a label,
/// `min_spacing` is the least distance wanted between ticks, `gap` the least
/// space between two labels.
pub(crate) fn date_ticks(
    dates: &[NaiveDate],
    visible: Range<usize>,
    x_of: impl Fn(usize) -> f64,
    width_of: impl Fn(&str) -> f64,
    min_spacing: f64,
    gap: f64,
    bounds: (f64, f64),
) -> Vec<DateTick> {
    let end = visible.end.min(dates.len());
    let start = visible.start.min(end);
    if start == end {
        return Vec::new();
    }
    let span_days = (dates[end - 1] - dates[start]).num_days().max(1) as f64;
    let span_px = (x_of(end - 1) - x_of(start)).abs().max(1.0);
    // Days tick per session (no weekends on the axis); longer periods are
    // predicted from the calendar span.
    let per_session = span_px / (end - start - 1).max(1) as f64;
    let period = PERIODS
        .iter()
        .find(|(p, days)| match p {
            Period::Day => per_session >= min_spacing,
            _ => span_px * days / span_days >= min_spacing,
        })
        .map_or(Period::Years(100), |(p, _)| *p);

    // A tick at each session that starts a period (compared with the session
    // before it, which may lie left of the window). The calendar ascends,
    // so a period's key never falls: each next start is found by galloping
    // and bisecting, a few dozen key reads a tick instead of two a session
    // (10,000 sessions on every panel of every zoom).
    let mut candidates: Vec<(u8, DateTick)> = Vec::new();
    let mut from = start.max(1);
    while from < end {
        let key = period.key(dates[from - 1]);
        let i = next_change(dates, from, end, |d| period.key(d) != key);
        if i >= end {
            break;
        }
        from = i + 1;
        let (prev, d) = (dates[i - 1], dates[i]);
        let new_year = prev.year() != d.year();
        let new_month = new_year || prev.month() != d.month();
        let (rank, label) = if new_year {
            (2, d.format("%Y").to_string())
        } else if new_month {
            (1, d.format("%b").to_string())
        } else {
            (0, d.format("%-d").to_string())
        };
        let base_rank = match period {
            p if p.counts_days() => 0,
            Period::Months(_) => 1,
            _ => 2,
        };
        candidates.push((
            rank,
            DateTick {
                index: i,
                label,
                major: rank > base_rank,
            },
        ));
    }
    // Coarse boundaries claim their place first; then left to right.
    candidates.sort_by_key(|(rank, tick)| (std::cmp::Reverse(*rank), tick.index));
    let mut kept: Vec<(f64, f64, DateTick)> = Vec::new();
    for (_, tick) in candidates {
        let x = x_of(tick.index);
        let half = width_of(&tick.label) / 2.0;
        let (lo, hi) = (x - half, x + half);
        let inside = lo >= bounds.0 && hi <= bounds.1;
        let free = kept
            .iter()
            .all(|(a, b, _)| hi + gap <= *a || lo >= *b + gap);
        let spaced = kept
            .iter()
            .all(|(a, b, _)| ((a + b) / 2.0 - x).abs() >= min_spacing * 0.75);
        if inside && free && spaced {
            kept.push((lo, hi, tick));
        }
    }
    kept.sort_by_key(|(_, _, tick)| tick.index);
    kept.into_iter().map(|(_, _, tick)| tick).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 0.5);
        assert_eq!(nice_step(17.0), 20.0);
        assert_eq!(nice_step(2.3), 2.5);
        assert_eq!(nice_step(135_000.0), 100_000.0);
        assert_eq!(nice_step(420.0), 500.0);
        let ticks = linear_ticks(-0.1, 1.1, 5);
        assert_eq!(
            tick_labels(&ticks, YFormat::Number(0)),
            ["0.00", "0.25", "0.50", "0.75", "1.00"]
        );
    }

    #[test]
    fn labels_share_decimals_and_never_repeat() {
        assert_eq!(
            tick_labels(&[4000.0, 4500.0, 5000.0], YFormat::Number(0)),
            ["4,000", "4,500", "5,000"]
        );
        assert_eq!(
            tick_labels(&[1.0, 1.5, 2.0], YFormat::Number(0)),
            ["1.0", "1.5", "2.0"]
        );
        assert_eq!(
            tick_labels(&[-0.05, 0.0, 0.05], YFormat::Percent(0)),
            ["-5%", "0%", "5%"]
        );
        assert_eq!(
            tick_labels(&[195_000.0, 197_500.0, 200_000.0], YFormat::Compact),
            ["195.0k", "197.5k", "200.0k"]
        );
        assert_eq!(
            tick_labels(&[0.0, 1e6, 1.2e6], YFormat::Compact),
            ["0", "1.0M", "1.2M"]
        );
    }

    #[test]
    fn log_ticks_are_decades_on_wide_ranges() {
        let px = |v: f64| -100.0 * v.log10();
        assert_eq!(
            log_ticks(8.0, 1200.0, 6, 30.0, px),
            vec![10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0]
        );
        let narrow = log_ticks(4010.0, 4590.0, 6, 30.0, |v| -4000.0 * v.log10());
        assert!(
            narrow.len() >= 3 && narrow.iter().all(|t| t % 100.0 == 0.0),
            "{narrow:?}"
        );
    }

    fn weekdays(from: NaiveDate, n: usize) -> Vec<NaiveDate> {
        from.iter_days()
            .filter(|d| d.weekday().number_from_monday() <= 5)
            .take(n)
            .collect()
    }

    #[test]
    fn date_ticks_mark_month_and_year_starts_without_overlap() {
        let start = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap_or_default();
        let dates = weekdays(start, 260);
        let x = |i: usize| i as f64 * 3.0;
        let ticks = date_ticks(
            &dates,
            0..260,
            x,
            |s| 7.0 * s.len() as f64,
            60.0,
            8.0,
            (0.0, 780.0),
        );
        let labels: Vec<&str> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert!(labels.contains(&"2025"), "{labels:?}");
        assert!(labels.contains(&"Jun"), "{labels:?}");
        assert!(ticks.iter().any(|t| t.major));
        for w in ticks.windows(2) {
            assert!(x(w[1].index) - x(w[0].index) >= 45.0);
        }
        // A fortnight counts in days, upgraded at a month start.
        let short = date_ticks(
            &dates,
            15..25,
            |i| (i - 15) as f64 * 60.0,
            |s| 7.0 * s.len() as f64,
            50.0,
            8.0,
            (0.0, 600.0),
        );
        let labels: Vec<&str> = short.iter().map(|t| t.label.as_str()).collect();
        assert!(
            labels.contains(&"Apr") && labels.contains(&"2"),
            "{labels:?}"
        );
    }

    #[test]
    fn period_starts_found_by_bisection_are_every_session_where_the_key_changes() {
        let start = NaiveDate::from_ymd_opt(1986, 1, 2).unwrap_or_default();
        let dates = weekdays(start, 3000);
        for (period, _) in PERIODS {
            for (from, end) in [(1, 3000), (7, 40), (1500, 1501), (2999, 3000), (300, 2200)] {
                let brute: Vec<usize> = (from..end)
                    .filter(|&i| period.key(dates[i - 1]) != period.key(dates[i]))
                    .collect();
                let mut found = Vec::new();
                let mut i = from;
                while i < end {
                    let key = period.key(dates[i - 1]);
                    i = next_change(&dates, i, end, |d| period.key(d) != key);
                    if i < end {
                        found.push(i);
                        i += 1;
                    }
                }
                assert_eq!(found, brute, "{period:?} {from}..{end}");
            }
        }
    }
}
