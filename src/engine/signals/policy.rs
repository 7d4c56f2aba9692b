//! Policy: the fed funds rate's change over 3 and 6 months (easing at a cut
//! of at least `fedfunds_change` points, tightening at a rise of as much),
//! and the FOMC calendar: the next scheduled decision within `fomc_days`
//! (the article's "March Fed meeting").
//!
//! Invariant: both ends of a change are values known on their day (the
//! monthly average is known once its month ends, a daily rate the next
//! business day); the FOMC countdown uses only the published schedule and
//! says `no data` outside the years the loaded calendar covers.

use chrono::{Datelike, Months, NaiveDate};

use super::{Cmp, PriceFrame, RadarInputs, Releases, RuleId, RuleSeries, Unit};
use crate::engine::series::SeriesKind;
use crate::engine::settings::RadarSettings;

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
            for (rule, months, cmp, threshold, measure) in rules {
                // The same day `months` calendar months earlier (clamped to
                // the month's end, as chrono does: 31 May − 3 months = 28/29 Feb).
                let earlier_days: Vec<i32> = frame
                    .dates
                    .iter()
                    .map(|d| {
                        d.checked_sub_months(Months::new(months))
                            .map_or(i32::MIN, |e| e.num_days_from_ce())
                    })
                    .collect();
                let then = releases.known(&rate.close, &earlier_days);
                let change = super::difference(&now, &then);
                out.push(RuleSeries::from_values(
                    rule,
                    rate.name.clone(),
                    measure,
                    cmp,
                    threshold,
                    Unit::Plain,
                    &change,
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
