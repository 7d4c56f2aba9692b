//! Policy: the fed funds rate's change over 3 and 6 months (easing at a cut
//! of at least `fedfunds_change` points, tightening at a rise of as much),
//! and the FOMC calendar: the next scheduled decision within `fomc_days`
//! (the article's "March Fed meeting").
//!
//! Invariant: both ends of a change are values known on their day (the
//! monthly average is known once its month ends, a daily rate the next
//! business day); the FOMC countdown uses only the published schedule and
//! says `no data` outside the years the loaded calendar covers.

use chrono::{Datelike, NaiveDate};

use super::{Cmp, PriceFrame, RadarInputs, Releases, RuleId, RuleSeries, Unit};
use crate::engine::series::SeriesKind;
use crate::engine::settings::RadarSettings;

/// The same day `months` calendar months earlier, clamped to that month's
/// last day (31 May − 3 months = 28/29 Feb, as chrono's `checked_sub_months`),
/// as days from CE; `i32::MIN` when out of range. Written out because it
/// runs for every session and chrono's month arithmetic dominated the rule.
fn months_earlier(day: NaiveDate, months: u32) -> i32 {
    let total = day.year() * 12 + day.month0() as i32 - months as i32;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let first_next = if month0 == 11 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month0 + 2, 1)
    };
    let last_day = first_next
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day());
    NaiveDate::from_ymd_opt(year, month0 + 1, day.day().min(last_day))
        .map_or(i32::MIN, |d| d.num_days_from_ce())
}

/// [`months_earlier`] for a run of dates, remembering the last month's
/// answer: sessions come in order, so the calendar work happens once a
/// month instead of once a session.
struct MonthShift {
    months: u32,
    /// (year, month) of the last date, first day (days from CE) and length
    /// of its target month.
    last: Option<((i32, u32), i32, u32)>,
}

impl MonthShift {
    fn new(months: u32) -> Self {
        MonthShift { months, last: None }
    }

    fn apply(&mut self, day: NaiveDate) -> i32 {
        let key = (day.year(), day.month0());
        let (first, len) = match self.last {
            Some((k, first, len)) if k == key => (first, len),
            _ => {
                let first_of_month = day.with_day(1).unwrap_or(day);
                let first = months_earlier(first_of_month, self.months);
                let len = if first == i32::MIN {
                    0
                } else {
                    // Days in the target month: the day before the next one.
                    let next = months_earlier(first_of_month, self.months.saturating_sub(1));
                    if self.months == 0 {
                        31
                    } else {
                        u32::try_from(next - first).unwrap_or(0)
                    }
                };
                self.last = Some((key, first, len));
                (first, len)
            }
        };
        if first == i32::MIN || len == 0 {
            return months_earlier(day, self.months);
        }
        first + day.day().min(len) as i32 - 1
    }
}

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    let n = frame.len();
    let rules = [
        (
            RuleId::PolicyFedfunds3m,
            3,
            Cmp::AtMost,
            -settings.fedfunds_change,
            "change over 3 months, pts",
        ),
        (
            RuleId::PolicyFedfunds6m,
            6,
            Cmp::AtMost,
            -settings.fedfunds_change,
            "change over 6 months, pts",
        ),
        (
            RuleId::PolicyTightening6m,
            6,
            Cmp::AtLeast,
            settings.fedfunds_change,
            "change over 6 months, pts",
        ),
    ];
    match inputs.macro_of(SeriesKind::PolicyRate) {
        Some(rate) => {
            let releases = Releases::new(rate, &inputs.lags);
            let now = releases.known(&rate.close, &frame.days);
            // Per span in months, computed once (easing and tightening over
            // 6 months read the same change).
            let mut changes: Vec<(u32, Vec<Option<f64>>)> = Vec::new();
            for (rule, months, cmp, threshold, measure) in rules {
                if !changes.iter().any(|(m, _)| *m == months) {
                    // The same day `months` calendar months earlier (clamped to
                    // the month's end, as chrono does: 31 May − 3 months = 28/29 Feb).
                    let mut shift = MonthShift::new(months);
                    let earlier_days: Vec<i32> =
                        frame.dates.iter().map(|d| shift.apply(*d)).collect();
                    let then = releases.known(&rate.close, &earlier_days);
                    changes.push((months, super::difference(&now, &then)));
                }
                let Some((_, change)) = changes.iter().find(|(m, _)| *m == months) else {
                    continue;
                };
                out.push(RuleSeries::from_values(
                    rule,
                    rate.name.clone(),
                    measure,
                    cmp,
                    threshold,
                    Unit::Plain,
                    change,
                ));
            }
        }
        None => {
            for (rule, _, cmp, threshold, measure) in rules {
                out.push(RuleSeries::unavailable(
                    rule,
                    measure,
                    cmp,
                    threshold,
                    Unit::Plain,
                    n,
                    "load a policy rate (FEDFUNDS or EFFR)",
                ));
            }
        }
    }
    let measure = "days to the next scheduled FOMC decision";
    let threshold = settings.fomc_days as f64;
    match inputs.fomc.filter(|c| !c.meetings.is_empty()) {
        Some(calendar) => {
            // One forward walk over the decision days in order. Outside the
            // listed span (before the first meeting's start, after the last
            // decision) the schedule is unknown: no data.
            let mut ends: Vec<NaiveDate> = calendar.meetings.iter().map(|m| m.end).collect();
            ends.sort_unstable();
            let first_start = calendar.meetings.iter().map(|m| m.start).min();
            let last_end = ends.last().copied();
            let mut next = 0;
            let days: Vec<Option<f64>> = frame
                .dates
                .iter()
                .map(|d| {
                    let (Some(from), Some(to)) = (first_start, last_end) else {
                        return None;
                    };
                    if *d < from || *d > to {
                        return None;
                    }
                    while ends.get(next).is_some_and(|end| end < d) {
                        next += 1;
                    }
                    ends.get(next).map(|end| (*end - *d).num_days() as f64)
                })
                .collect();
            out.push(RuleSeries::from_values(
                RuleId::PolicyFomcSoon,
                "FOMC",
                measure,
                Cmp::AtMost,
                threshold,
                Unit::Days,
                &days,
            ));
        }
        None => out.push(RuleSeries::unavailable(
            RuleId::PolicyFomcSoon,
            measure,
            Cmp::AtMost,
            threshold,
            Unit::Days,
            n,
            "load an FOMC calendar (FOMC.csv)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{months_earlier, MonthShift};
    use chrono::{Datelike, Months, NaiveDate};

    /// The fast month shifts equal chrono's on every day of 2019–2021,
    /// direct and cached per month.
    #[test]
    fn months_earlier_matches_chrono() {
        for m in [1, 3, 6, 12] {
            let mut shift = MonthShift::new(m);
            let mut day = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
            while day.year() < 2022 {
                let expected = day
                    .checked_sub_months(Months::new(m))
                    .map_or(i32::MIN, |d| d.num_days_from_ce());
                assert_eq!(months_earlier(day, m), expected, "{day} - {m}");
                assert_eq!(shift.apply(day), expected, "{day} - {m} (cached)");
                day = day.succ_opt().unwrap_or(day);
            }
        }
    }
}
