//! Leadership: do small caps lead large caps? The YTD and 63-session return
//! spreads (small − large) and the small/large ratio against its moving
//! average; and the mirror, large-cap leadership.
//!
//! Invariant: each return is computed on its own series' observations (the
//! metrics table's numbers), so the spread on the as-of date equals the
//! difference of the two `ret_ytd` / `ret_3m` cells.

use super::PriceFrame;
use super::{
    difference, name_of, on_dated_observations, on_observations, Cmp, RadarInputs, RuleId,
    RuleSeries, Unit,
};
use chrono::Datelike;

use crate::engine::indicators::returns::{simple_return, WINDOW_3M};
use crate::engine::indicators::{stream_gappy, zip_pairs, RatioVsMa, Return};
use crate::engine::settings::RadarSettings;

/// YTD return of one column on its own observations.
pub(crate) fn ytd_column(frame: &PriceFrame, column: &[Option<f64>]) -> Vec<Option<f64>> {
    on_dated_observations(&frame.dates, column, |dates, closes| {
        // One pass (the same base as `ytd_return`: the previous calendar
        // year's last close, none if that year has no observation).
        let mut year = None;
        let mut base: Option<f64> = None;
        let mut last: Option<(i32, f64)> = None;
        dates
            .iter()
            .zip(closes)
            .map(|(d, c)| {
                let y = d.year();
                if year != Some(y) {
                    year = Some(y);
                    base = last.filter(|(ly, _)| *ly == y - 1).map(|(_, v)| v);
                }
                last = Some((y, *c));
                base.and_then(|b| simple_return(b, *c))
            })
            .collect()
    })
}

/// Return over `window` observations of one column.
pub(crate) fn return_column(column: &[Option<f64>], window: usize) -> Vec<Option<f64>> {
    match Return::new(window) {
        Ok(r) => on_observations(column, |closes| r.over(closes)),
        Err(_) => vec![None; column.len()],
    }
}

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    let pair = format!(
        "{} − {}",
        name_of(inputs.small, "small"),
        name_of(inputs.large, "large")
    );
    let ytd = difference(
        &ytd_column(frame, &frame.small),
        &ytd_column(frame, &frame.large),
    );
    out.push(RuleSeries::from_values(
        RuleId::LeadershipYtd,
        pair.clone(),
        "YTD return spread",
        Cmp::AtLeast,
        settings.leadership_ytd / 100.0,
        Unit::Points,
        &ytd,
    ));
    let spread_3m = difference(&frame.small_3m, &return_column(&frame.large, WINDOW_3M));
    out.push(RuleSeries::from_values(
        RuleId::Leadership3m,
        pair.clone(),
        "63-session return spread",
        Cmp::AtLeast,
        settings.leadership_3m / 100.0,
        Unit::Points,
        &spread_3m,
    ));
    out.push(RuleSeries::from_values(
        RuleId::LeadershipLarge3m,
        pair.clone(),
        "63-session return spread",
        Cmp::AtMost,
        -settings.leadership_3m / 100.0,
        Unit::Points,
        &spread_3m,
    ));
    let vs_ma = match RatioVsMa::new(settings.sma_fast) {
        Ok(ind) => stream_gappy(&ind, &zip_pairs(&frame.small, &frame.large)),
        Err(_) => vec![None; frame.len()],
    };
    out.push(RuleSeries::from_values(
        RuleId::LeadershipRatioMa,
        format!(
            "{} / {}",
            name_of(inputs.small, "small"),
            name_of(inputs.large, "large")
        ),
        format!("ratio vs its {}-session MA", settings.sma_fast),
        Cmp::Above,
        0.0,
        Unit::Percent,
        &vs_ma,
    ));
}
