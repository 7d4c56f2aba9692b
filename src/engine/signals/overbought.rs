//! Overbought / oversold: Wilder RSI against its bands (70 / 30), the
//! distance above the slow SMA as a z-score ("stretched"), and the
//! documented "crowded" composite.
//!
//! Crowded = at least `crowded_min` (default 2) of three stretch signals
//! fire on the session: RSI overbought, stretched z-score, narrow rally. Its
//! value is that count; it has no data while the RSI has none.
//!
//! Invariant: the RSI is the metrics table's (`rsi<N>` on the series' own
//! observations, undefined until `metrics::RSI_MIN_HISTORY` bars precede),
//! so the rule's value on the as-of date is the number in the table.

use super::trend::distance_from_sma;
use super::{
    name_of, on_observations, Cmp, PriceFrame, RadarInputs, RuleId, RuleSeries, State, Unit,
};
use crate::engine::indicators::{WilderRsi, ZScore};
use crate::engine::metrics::RSI_MIN_HISTORY;
use crate::engine::settings::RadarSettings;

/// RSI(period) of a column on its own observations, `None` until
/// [`RSI_MIN_HISTORY`] bars precede (StockCharts' practice).
pub fn rsi_column(column: &[Option<f64>], period: usize) -> Vec<Option<f64>> {
    match WilderRsi::new(period) {
        Ok(rsi) => on_observations(column, |closes| {
            let mut values = rsi.over(closes);
            for v in values.iter_mut().take(RSI_MIN_HISTORY) {
                *v = None;
            }
            values
        }),
        Err(_) => vec![None; column.len()],
    }
}

/// z-score (over `window` observations) of the distance above the slow SMA.
pub fn stretch_column(column: &[Option<f64>], slow: usize, window: usize) -> Vec<Option<f64>> {
    stretch_of(&distance_from_sma(column, slow), window)
}

/// z-score of an already computed distance column.
fn stretch_of(distance: &[Option<f64>], window: usize) -> Vec<Option<f64>> {
    match ZScore::new(window) {
        Ok(z) => z.over_gappy(distance),
        Err(_) => vec![None; distance.len()],
    }
}

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    let small = name_of(inputs.small, "small");
    let rsi = rsi_column(&frame.small, settings.rsi_period);
    let measure = format!("RSI({})", settings.rsi_period);
    out.push(RuleSeries::from_values(
        RuleId::OverboughtRsi,
        small.clone(),
        measure.clone(),
        Cmp::AtLeast,
        settings.rsi_overbought,
        Unit::Plain,
        &rsi,
    ));
    out.push(RuleSeries::from_values(
        RuleId::OversoldRsi,
        small.clone(),
        measure,
        Cmp::AtMost,
        settings.rsi_oversold,
        Unit::Plain,
        &rsi,
    ));
    let stretch = stretch_of(&frame.small_distance_slow, settings.zscore_window);
    out.push(RuleSeries::from_values(
        RuleId::OverboughtZscore,
        small.clone(),
        format!("z-score of the distance above SMA({})", settings.sma_slow),
        Cmp::AtLeast,
        settings.zscore_threshold,
        Unit::Plain,
        &stretch,
    ));
    let parts: Vec<Option<&RuleSeries>> = [
        RuleId::OverboughtRsi,
        RuleId::OverboughtZscore,
        RuleId::Narrow3m,
    ]
    .iter()
    .map(|id| out.iter().find(|r| r.rule == *id))
    .collect();
    let count: Vec<Option<f64>> = (0..frame.len())
        .map(|i| {
            let state = |k: usize| {
                parts
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or(State::NoData, |r| r.day(i).state)
            };
            if state(0) == State::NoData {
                return None;
            }
            Some(
                (0..parts.len())
                    .filter(|k| state(*k) == State::Firing)
                    .count() as f64,
            )
        })
        .collect();
    out.push(RuleSeries::from_values(
        RuleId::Crowded,
        small,
        "stretch signals firing (RSI, z-score, narrow)",
        Cmp::AtLeast,
        settings.crowded_min as f64,
        Unit::Plain,
        &count,
    ));
}
