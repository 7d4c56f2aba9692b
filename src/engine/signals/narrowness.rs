//! Narrowness: is the rally narrow? Small caps' 63-session return against
//! growth's (the article: Russell 2000 +8 % vs Nasdaq-100 +3.6 % over three
//! months). Fires when small − growth is at least the threshold.
//!
//! Invariant: both returns on their own observations, as the metrics table.

use super::leadership::return_column;
use super::{difference, name_of, Cmp, PriceFrame, RadarInputs, RuleId, RuleSeries, Unit};
use crate::engine::indicators::returns::WINDOW_3M;
use crate::engine::settings::RadarSettings;

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    let spread = difference(&frame.small_3m, &return_column(&frame.growth, WINDOW_3M));
    let mut rule = RuleSeries::from_values(
        RuleId::Narrow3m,
        format!(
            "{} − {}",
            name_of(inputs.small, "small"),
            name_of(inputs.growth, "growth")
        ),
        "63-session return spread",
        Cmp::AtLeast,
        settings.narrow_3m / 100.0,
        Unit::Points,
        &spread,
    );
    if inputs.growth.is_none() {
        rule.missing = Some("load a growth series (QQQ or ^NDX)".to_string());
    }
    out.push(rule);
}
