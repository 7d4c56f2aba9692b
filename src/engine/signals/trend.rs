//! Trend: each role's close against its slow SMA (200 sessions by default),
//! and whether small caps close at a record high of the loaded history.
//!
//! Invariant: SMAs on each series' own observations (the metrics table's
//! `sma200`); "record" means the highest close since the file starts, so it
//! depends on how much history is loaded — said in the reason.

use super::{name_of, on_observations, Cmp, PriceFrame, RadarInputs, RuleId, RuleSeries, Unit};
use crate::engine::indicators::{RecordHigh, Sma};
use crate::engine::series::Series;
use crate::engine::settings::RadarSettings;

/// close / SMA(period) − 1 on one column's observations.
pub(crate) fn distance_from_sma(column: &[Option<f64>], period: usize) -> Vec<Option<f64>> {
    match Sma::new(period) {
        Ok(sma) => on_observations(column, |closes| {
            sma.over(closes)
                .into_iter()
                .zip(closes)
                .map(|(ma, c)| ma.filter(|m| *m > 0.0).map(|m| c / m - 1.0))
                .collect()
        }),
        Err(_) => vec![None; column.len()],
    }
}

/// The rule of one role from its [`distance_from_sma`] column.
fn trend_rule(
    rule: RuleId,
    series: Option<&Series>,
    role: &str,
    distance: &[Option<f64>],
    settings: &RadarSettings,
) -> RuleSeries {
    let mut out = RuleSeries::from_values(
        rule,
        name_of(series, role),
        format!("close vs SMA({})", settings.sma_slow),
        Cmp::Above,
        0.0,
        Unit::Percent,
        distance,
    );
    if series.is_none() {
        out.missing = Some(format!("no series holds the {role} role"));
    }
    out
}

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    out.push(trend_rule(
        RuleId::TrendSmall200d,
        inputs.small,
        "small",
        // The frame's, computed once for the trend and the stretch.
        &frame.small_distance_slow,
        settings,
    ));
    out.push(trend_rule(
        RuleId::TrendLarge200d,
        inputs.large,
        "large",
        &distance_from_sma(&frame.large, settings.sma_slow),
        settings,
    ));
    out.push(trend_rule(
        RuleId::TrendGrowth200d,
        inputs.growth,
        "growth",
        &distance_from_sma(&frame.growth, settings.sma_slow),
        settings,
    ));
    // Value: the close as a share of the previous record (≥ 1 on a new high).
    let record = on_observations(&frame.small, |closes| {
        let flags = RecordHigh::new().over(closes);
        let mut peak: Option<f64> = None;
        closes
            .iter()
            .zip(flags)
            .map(|(c, flag)| {
                let previous = peak;
                peak = Some(peak.map_or(*c, |p: f64| p.max(*c)));
                flag?;
                previous.filter(|p| *p > 0.0).map(|p| c / p - 1.0)
            })
            .collect()
    });
    out.push(RuleSeries::from_values(
        RuleId::TrendSmallRecord,
        name_of(inputs.small, "small"),
        "close vs the previous record close",
        Cmp::Above,
        0.0,
        Unit::Percent,
        &record,
    ));
}
