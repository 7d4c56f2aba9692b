//! Labour stress, three ways: the Sahm rule on the unemployment rate, the
//! initial-claims trend (4-week average against its 52-week low, and year
//! on year) and the article's level (the latest claims print above 198,000).
//!
//! Invariant: values are those known on the session: each monthly Sahm
//! value and each weekly claims average becomes known when the observation
//! it ends on is released (UNRATE: the jobs-report Friday; ICSA: Thursday).
//! A missing month (UNRATE 2025-10 is `.`) releases nothing and shortens
//! the averages that span it instead of breaking them.

use std::collections::VecDeque;

use chrono::{Datelike, Days, NaiveDate};

use super::{Cmp, PriceFrame, RadarInputs, Releases, RuleId, RuleSeries, Unit};
use crate::engine::series::{Series, SeriesKind};
use crate::engine::settings::RadarSettings;

/// One month of the Sahm rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SahmPoint {
    /// The month (FRED's first-of-month date).
    pub month: NaiveDate,
    /// Average unemployment rate of this month and the two before.
    pub average_3m: f64,
    /// Lowest 3-month average of the previous 12 months (this one excluded).
    pub low_12m: f64,
    /// `average_3m − low_12m`, points.
    pub value: f64,
}

fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The Sahm rule per month, as FRED's SAHMCURRENT computes it: the 3-month
/// moving average of the unemployment rate minus its lowest value over the
/// previous 12 months (current month excluded). Entry `i` belongs to
/// `unrate.dates[i]`.
///
/// A 3-month average needs the month itself and at least one of the two
/// before it (a missing month is left out of the average, not filled); the
/// 12-month low needs at least 10 of the 12 averages. Months that fail
/// either are `None`.
///
/// # Reference
/// Claudia Sahm (2019), "Direct stimulus payments to individuals"; FRED
/// SAHMCURRENT. On the bundled UNRATE, 2023-11 is 0.27 (Sep–Nov 2023
/// average 3.77 − lowest earlier average 3.50), tested.
pub fn sahm_values(unrate: &Series) -> Vec<Option<SahmPoint>> {
    // Dense by month (FRED files are monthly; a gap is `None`).
    let first = unrate.dates.first().map_or(0, |d| month_index(*d));
    let last = unrate.dates.last().map_or(0, |d| month_index(*d));
    let mut by_month: Vec<Option<f64>> = vec![None; usize::try_from(last - first + 1).unwrap_or(0)];
    for (d, v) in unrate.dates.iter().zip(&unrate.close) {
        let slot = usize::try_from(month_index(*d) - first)
            .ok()
            .and_then(|i| by_month.get_mut(i));
        if let (Some(slot), Some(v)) = (slot, v.filter(|x| x.is_finite())) {
            *slot = Some(v);
        }
    }
    let value_of = |m: i64| -> Option<f64> {
        usize::try_from(m - first)
            .ok()
            .and_then(|i| by_month.get(i).copied().flatten())
    };
    // The 3-month average of every month, once (the 12-month lows reuse it).
    let average_at = |m: i64| -> Option<f64> {
        value_of(m)?;
        let (sum, count) = (m - 2..=m)
            .filter_map(value_of)
            .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
        (count >= 2).then(|| sum / count as f64)
    };
    let averages: Vec<Option<f64>> = (first..=last).map(average_at).collect();
    let average = |m: i64| -> Option<f64> {
        usize::try_from(m - first)
            .ok()
            .and_then(|i| averages.get(i).copied().flatten())
    };
    unrate
        .dates
        .iter()
        .map(|date| {
            let m = month_index(*date);
            let average_3m = average(m)?;
            let (low_12m, count) = (m - 12..m)
                .filter_map(average)
                .fold((f64::INFINITY, 0usize), |(low, c), v| (low.min(v), c + 1));
            if count < 10 {
                return None;
            }
            Some(SahmPoint {
                month: *date,
                average_3m,
                low_12m,
                value: average_3m - low_12m,
            })
        })
        .collect()
}

/// Claims statistics per weekly observation.
struct ClaimsStats {
    vs_low: Vec<Option<f64>>,
    yoy: Vec<Option<f64>>,
}

/// Per observation, its 4-week average ([`claims_average_4w`]) as a
/// distance above the lowest 4-week average of the last 52 weeks (current
/// included), in %, and as a change from the average dated 52 weeks
/// earlier (±3 days), in %.
fn claims_stats(claims: &Series) -> ClaimsStats {
    let n = claims.dates.len();
    let average_4w = claims_average_4w(claims);
    let mut vs_low = vec![None; n];
    let mut yoy = vec![None; n];
    // The 52-week window's low and count, kept as it slides: dates increase,
    // so both ends only move forward. `lows` holds the window's averages
    // that no later, lower one hides (increasing values, NaN left out as
    // `f64::min` ignores it), so its front is the low.
    let mut lows: VecDeque<(usize, f64)> = VecDeque::new();
    let mut defined_in_window = 0usize;
    let (mut from, mut entered) = (0, 0);
    for i in 0..n {
        let Some(avg) = average_4w[i] else { continue };
        let day = claims.dates[i];
        let year_ago = day.checked_sub_days(Days::new(364));
        for (j, v) in average_4w.iter().enumerate().take(i + 1).skip(entered) {
            let Some(v) = *v else { continue };
            defined_in_window += 1;
            if !v.is_nan() {
                while lows.back().is_some_and(|(_, w)| *w >= v) {
                    lows.pop_back();
                }
                lows.push_back((j, v));
            }
        }
        entered = i + 1;
        while from <= i && claims.dates.get(from).is_some_and(|d| Some(*d) <= year_ago) {
            if average_4w[from].is_some() {
                defined_in_window -= 1;
            }
            from += 1;
        }
        while lows.front().is_some_and(|(j, _)| *j < from) {
            lows.pop_front();
        }
        let low = lows.front().map_or(f64::INFINITY, |(_, v)| *v);
        // A 52-week low needs (nearly) a year of averages behind it.
        if defined_in_window >= 48 && low > 0.0 {
            vs_low[i] = Some((avg / low - 1.0) * 100.0);
        }
        if let Some(target) = year_ago {
            let low_day = target
                .checked_sub_days(Days::new(3))
                .unwrap_or(NaiveDate::MIN);
            let high_day = target
                .checked_add_days(Days::new(3))
                .unwrap_or(NaiveDate::MAX);
            let near = claims.dates.partition_point(|d| *d < low_day);
            let far = claims.dates.partition_point(|d| *d <= high_day);
            let candidate = average_4w
                .get(near..far.max(near))
                .and_then(|w| w.iter().flatten().next().copied());
            if let Some(base) = candidate.filter(|b| *b > 0.0) {
                yoy[i] = Some((avg / base - 1.0) * 100.0);
            }
        }
    }
    ClaimsStats { vs_low, yoy }
}

/// The 4-week average of initial claims per observation (for the charts
/// and the read): the average of the last four observations, which must
/// span at most 4 weeks.
pub fn claims_average_4w(claims: &Series) -> Vec<Option<f64>> {
    let n = claims.dates.len();
    let mut average_4w: Vec<Option<f64>> = vec![None; n];
    for (i, slot) in average_4w.iter_mut().enumerate().skip(3) {
        let Some(window) = claims.close.get(i - 3..=i) else {
            continue;
        };
        let span = (claims.dates[i] - claims.dates[i - 3]).num_days();
        if span <= 28 && window.iter().all(|v| v.is_some()) {
            *slot = Some(window.iter().flatten().sum::<f64>() / 4.0);
        }
    }
    average_4w
}

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    let n = frame.len();
    match inputs.macro_of(SeriesKind::Unemployment) {
        Some(unrate) => {
            let sahm: Vec<Option<f64>> = sahm_values(unrate)
                .iter()
                .map(|p| p.map(|p| p.value))
                .collect();
            let known = Releases::new(unrate, &inputs.lags).known(&sahm, &frame.days);
            out.push(RuleSeries::from_values(
                RuleId::LabourSahm,
                unrate.name.clone(),
                "Sahm rule, pts",
                Cmp::AtLeast,
                settings.sahm_threshold,
                Unit::Plain,
                &known,
            ));
        }
        None => out.push(RuleSeries::unavailable(
            RuleId::LabourSahm,
            "Sahm rule, pts",
            Cmp::AtLeast,
            settings.sahm_threshold,
            Unit::Plain,
            n,
            "load the unemployment rate (UNRATE)",
        )),
    }
    match inputs.macro_of(SeriesKind::JoblessClaims) {
        Some(claims) => {
            let stats = claims_stats(claims);
            let subject = format!("{} 4-wk avg", claims.name);
            let releases = Releases::new(claims, &inputs.lags);
            let vs_low = releases.known(&stats.vs_low, &frame.days);
            out.push(RuleSeries::from_values(
                RuleId::LabourClaimsVsLow,
                subject.clone(),
                "% above its 52-week low",
                Cmp::AtLeast,
                settings.claims_vs_low,
                Unit::Plain,
                &vs_low,
            ));
            let yoy = releases.known(&stats.yoy, &frame.days);
            out.push(RuleSeries::from_values(
                RuleId::LabourClaimsYoy,
                subject,
                "% change year on year",
                Cmp::Above,
                settings.claims_yoy,
                Unit::Plain,
                &yoy,
            ));
            let level = releases.known(&claims.close, &frame.days);
            out.push(RuleSeries::from_values(
                RuleId::LabourClaimsLevel,
                claims.name.clone(),
                "latest print",
                Cmp::Above,
                settings.claims_level,
                Unit::Persons,
                &level,
            ));
        }
        None => {
            let why = "load initial jobless claims (ICSA)";
            out.push(RuleSeries::unavailable(
                RuleId::LabourClaimsVsLow,
                "% above its 52-week low",
                Cmp::AtLeast,
                settings.claims_vs_low,
                Unit::Plain,
                n,
                why,
            ));
            out.push(RuleSeries::unavailable(
                RuleId::LabourClaimsYoy,
                "% change year on year",
                Cmp::Above,
                settings.claims_yoy,
                Unit::Plain,
                n,
                why,
            ));
            out.push(RuleSeries::unavailable(
                RuleId::LabourClaimsLevel,
                "latest print",
                Cmp::Above,
                settings.claims_level,
                Unit::Persons,
                n,
                why,
            ));
        }
    }
}
