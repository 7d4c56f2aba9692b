//! Price claims: returns, spreads, levels, records, RSI, streaks and
//! distances from a moving average or a high, each computed as of the
//! claim's date on the series' own closes (gaps skipped, as the metrics).

use chrono::{Datelike, NaiveDate};

use super::aliases::AliasTable;
use super::extract::{Claim, Horizon, Measure};
use super::patterns::Comparator;
use super::verdict::{
    fmt, judge, ClaimRow, Verdict, ALLOWANCE_LEVEL, ALLOWANCE_RETURN_PTS, ALLOWANCE_RSI,
    MAX_GAP_DAYS, RECORD_SESSIONS,
};
use crate::engine::indicators::{return_between, trailing_return};
use crate::engine::metrics::{series_metrics_at, MetricSettings, RETURN_WINDOWS};
use crate::engine::series::Series;

/// Defined closes on or before `date`.
fn observations(s: &Series, date: NaiveDate) -> (Vec<NaiveDate>, Vec<f64>) {
    s.dates
        .iter()
        .zip(&s.close)
        .take_while(|(d, _)| **d <= date)
        .filter_map(|(d, c)| c.filter(|c| c.is_finite()).map(|c| (*d, c)))
        .unzip()
}

fn metric(s: &Series, settings: &MetricSettings, date: NaiveDate, name: &str) -> Option<f64> {
    series_metrics_at(s, settings, date)
        .into_iter()
        .find(|m| m.name == name)
        .and_then(|m| m.as_number())
}

/// The return of `s` over `horizon` as of `date`, percent; the engine's
/// metric where the page shows the same window (`ret_ytd`, `ret_3m` …).
pub fn return_pct(s: &Series, horizon: Horizon, date: NaiveDate) -> Option<f64> {
    let upto = s.dates.partition_point(|d| *d <= date);
    let closes = s.close.get(..upto)?;
    let last = (0..upto)
        .rev()
        .find(|&i| closes.get(i).copied().flatten().is_some())?;
    let settings = MetricSettings::default();
    let fraction = match horizon {
        Horizon::Ytd => metric(s, &settings, date, "ret_ytd"),
        Horizon::Sessions(n) => match RETURN_WINDOWS.iter().find(|(_, w)| *w == n as usize) {
            Some((name, _)) => metric(s, &settings, date, name),
            None => trailing_return(closes, last, n as usize),
        },
        Horizon::Mtd => {
            let first = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)?;
            return_between(&s.dates, &s.close, first.pred_opt()?, date)
        }
        Horizon::Since(start) => return_between(&s.dates, &s.close, start, date),
    };
    fraction.map(|f| f * 100.0)
}

fn cant(mut row: ClaimRow, reason: impl Into<String>) -> ClaimRow {
    row.verdict = Verdict::CantCheck;
    row.reason = reason.into();
    row
}

fn horizon_text(h: Horizon) -> String {
    match h {
        Horizon::Ytd => "YTD".into(),
        Horizon::Mtd => "month to date".into(),
        Horizon::Sessions(1) => "1 session".into(),
        Horizon::Sessions(n) => format!("{n} sessions"),
        Horizon::Since(d) => format!("since {d}"),
    }
}

/// Checks a claim about the price series `s` as of `date`.
pub fn check_price(
    claim: &Claim,
    mut row: ClaimRow,
    s: &Series,
    date: NaiveDate,
    series: &[&Series],
    aliases: &AliasTable,
) -> ClaimRow {
    let (dates, closes) = observations(s, date);
    let (Some(&last_date), Some(&close)) = (dates.last(), closes.last()) else {
        let first = s.dates.first().map_or("no data".into(), |d| d.to_string());
        return cant(
            row,
            format!("{date} is before {}'s data starts ({first})", s.id),
        );
    };
    if (date - last_date).num_days() > MAX_GAP_DAYS {
        return cant(
            row,
            format!("{}'s data ends {last_date}, before {date}", s.id),
        );
    }
    row.date = Some(date);
    let id = s.id.as_str();
    match &claim.measure {
        Measure::Return => {
            let Some(h) = claim.horizon else {
                return cant(
                    row,
                    "no horizon: the sentence does not say over what period",
                );
            };
            match return_pct(s, h, date) {
                Some(v) => judge(
                    row,
                    claim,
                    v,
                    ALLOWANCE_RETURN_PTS,
                    &format!("{id} return {}, as of {last_date}", horizon_text(h)),
                ),
                None => cant(
                    row,
                    format!(
                        "{id} has too little history for a {} return",
                        horizon_text(h)
                    ),
                ),
            }
        }
        Measure::Spread { other } => {
            let Some(h) = claim.horizon else {
                return cant(
                    row,
                    "no horizon: the sentence does not say over what period",
                );
            };
            let Some((b, b_stand_in)) = aliases.entries.get(*other).and_then(|a| a.resolve(series))
            else {
                let name = aliases
                    .entries
                    .get(*other)
                    .map_or("", |a| a.subject.as_str());
                return cant(row, format!("no series for {name}"));
            };
            row.series = format!("{id}-{}", b.id);
            let (Some(ra), Some(rb)) = (return_pct(s, h, date), return_pct(b, h, date)) else {
                return cant(
                    row,
                    format!("too little history for a {} spread", horizon_text(h)),
                );
            };
            // A lead without a number is its sign: no allowance.
            let direction_only = claim.value == Some(0.0) && claim.comparator != Comparator::Equal;
            let allowance = if direction_only {
                0.0
            } else {
                ALLOWANCE_RETURN_PTS
            };
            let mut row = judge(
                row,
                claim,
                ra - rb,
                allowance,
                &format!("{id} {} minus {} {}, pts", fmt(ra), b.id, fmt(rb)),
            );
            if b_stand_in {
                row.reason
                    .push_str(&format!("; {} stands in for the other side", b.id));
            }
            row
        }
        Measure::Level => {
            if row.stand_in.is_some() {
                return cant(
                    row,
                    format!("{id} is an ETF: its price is not the index level"),
                );
            }
            let allowance = ALLOWANCE_LEVEL * claim.value.unwrap_or(0.0).abs();
            judge(
                row,
                claim,
                close,
                allowance,
                &format!("{id} close on {last_date}"),
            )
        }
        Measure::Record => record(row, id, &dates, &closes),
        Measure::HighestSince(since) => extreme_since(row, id, &dates, &closes, *since, false),
        Measure::LowestSince(since) => extreme_since(row, id, &dates, &closes, *since, true),
        Measure::Rsi { weekly: true, .. } => cant(
            row,
            "a weekly RSI: the engine computes RSI on daily closes only",
        ),
        Measure::Rsi { period, .. } => {
            let settings = MetricSettings {
                rsi_period: *period,
            };
            match metric(s, &settings, date, &settings.rsi_name()) {
                Some(v) => judge(
                    row,
                    claim,
                    v,
                    ALLOWANCE_RSI,
                    &format!("{id} RSI({period}) on {last_date}"),
                ),
                None => cant(
                    row,
                    format!("{id} has too little history for RSI({period})"),
                ),
            }
        }
        Measure::Streak { direction } => {
            let run = streak(&closes);
            let computed = if *direction == 0 {
                run.abs()
            } else {
                run * i64::from(*direction)
            };
            let mut c = claim.clone();
            c.comparator = Comparator::Equal;
            c.precision = 0.0;
            let mut r = judge(
                row,
                &c,
                computed as f64,
                0.0,
                &format!(
                    "{id} sessions running {} to {last_date}",
                    if run >= 0 { "up" } else { "down" }
                ),
            );
            r.computed = Some(run as f64);
            r
        }
        Measure::FromSma(n) => {
            let tail = closes.len().checked_sub(*n).map(|k| &closes[k..]);
            match tail {
                Some(t) if !t.is_empty() => {
                    let mean = t.iter().sum::<f64>() / t.len() as f64;
                    judge(
                        row,
                        claim,
                        (close / mean - 1.0) * 100.0,
                        ALLOWANCE_RETURN_PTS,
                        &format!("{id} vs its {n}-session SMA {} on {last_date}", fmt(mean)),
                    )
                }
                _ => cant(row, format!("{id} has fewer than {n} closes")),
            }
        }
        Measure::From52wHigh | Measure::FromRecord => {
            let (name, what) = if claim.measure == Measure::From52wHigh {
                ("pct_from_high_52w", "52-week high")
            } else {
                ("drawdown", "record close of the loaded history")
            };
            match metric(s, &MetricSettings::default(), date, name) {
                Some(v) => judge(
                    row,
                    claim,
                    v * 100.0,
                    ALLOWANCE_RETURN_PTS,
                    &format!("{id} vs its {what} on {last_date}"),
                ),
                None => cant(row, format!("{id} has too little history for its {what}")),
            }
        }
        Measure::Target => {
            let pct = row.target_pct;
            let level = match (pct, claim.value) {
                (Some(p), _) => close * (1.0 + p),
                (None, Some(v)) => {
                    row.target_pct = Some(v / close - 1.0);
                    v
                }
                (None, None) => close,
            };
            row.computed = Some(level);
            row.verdict = Verdict::CantCheck;
            row.reason = format!(
                "a forecast, not a fact: kept as a target row ({} from {id}'s {} on {last_date} = {})",
                row.target_pct.map_or(String::new(), |p| format!("{:+.1}%", p * 100.0)),
                fmt(close),
                fmt(level)
            );
            row
        }
        Measure::Macro(_) | Measure::Other(_) => cant(row, "not a price claim"),
    }
}

/// Sessions running up (positive) or down (negative) to the last close.
fn streak(closes: &[f64]) -> i64 {
    let mut run: i64 = 0;
    for w in closes.windows(2) {
        let up = w[1] > w[0];
        let down = w[1] < w[0];
        run = match (up, down) {
            (true, _) if run >= 0 => run + 1,
            (true, _) => 1,
            (_, true) if run <= 0 => run - 1,
            (_, true) => -1,
            _ => 0,
        };
    }
    run
}

fn record(mut row: ClaimRow, id: &str, dates: &[NaiveDate], closes: &[f64]) -> ClaimRow {
    let n = closes.len();
    let first = n.saturating_sub(RECORD_SESSIONS);
    let mut best = f64::NEG_INFINITY;
    let mut record_at = None;
    for (i, c) in closes.iter().enumerate() {
        if *c > best {
            if i >= first && i > 0 {
                record_at = Some(i);
            }
            best = *c;
        }
    }
    let start = dates.first().map_or(String::new(), |d| d.to_string());
    row.computed = closes.last().copied();
    match record_at {
        Some(i) => {
            row.verdict = Verdict::Holds;
            row.reason = format!(
                "{id} closed at a record {} on {} (of the loaded history since {start}; within the last {RECORD_SESSIONS} sessions)",
                fmt(closes[i]),
                dates[i]
            );
        }
        None => {
            row.verdict = Verdict::Off;
            row.reason = format!(
                "{id} made no record close in the last {RECORD_SESSIONS} sessions (record {} of the loaded history since {start})",
                fmt(best)
            );
        }
    }
    if let Some(note) = row.stand_in.clone() {
        row.reason.push_str(&format!("; {note}"));
    }
    row
}

/// The close is the highest (`low`: lowest) since the date: no close
/// after it, before the claim's date, is as high (as low).
fn extreme_since(
    mut row: ClaimRow,
    id: &str,
    dates: &[NaiveDate],
    closes: &[f64],
    since: NaiveDate,
    low: bool,
) -> ClaimRow {
    let Some(&close) = closes.last() else {
        return cant(row, "no close");
    };
    // After the named month (a "since November 2021" counts from December).
    let month_end = NaiveDate::from_ymd_opt(since.year(), since.month(), 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(since);
    let mut inner = dates
        .iter()
        .zip(closes)
        .take(closes.len().saturating_sub(1))
        .filter(|(d, _)| **d >= month_end);
    let higher = inner.rfind(|(_, c)| if low { **c <= close } else { **c >= close });
    row.computed = Some(close);
    if dates.first().is_none_or(|d| *d > since) {
        return cant(row, format!("{id}'s data starts after {since}"));
    }
    match higher {
        None => {
            row.verdict = Verdict::Holds;
            let side = if low { "below" } else { "above" };
            row.reason = format!(
                "{id} {} is {side} every close since {month_end}",
                fmt(close)
            );
        }
        Some((d, c)) => {
            row.verdict = Verdict::Off;
            let side = if low { "lower" } else { "higher" };
            row.reason = format!("{id} closed {side} ({}) on {d}, after {since}", fmt(*c));
        }
    }
    row
}
