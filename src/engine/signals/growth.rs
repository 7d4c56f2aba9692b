//! Growth: the Atlanta Fed's GDPNow nowcast (strong ≥ 3 %, weak < 1 %, and
//! falling by a point or more from its previous print) and the consumer:
//! retail sales and PCE 3-month annualised growth below 0 = weakening.
//!
//! Invariant: every value is the one known on the session (release-date
//! alignment with the page's publication lags), never the reference period.

use chrono::Months;

use super::{Cmp, PriceFrame, RadarInputs, Releases, RuleId, RuleSeries, Unit};
use crate::engine::series::{Series, SeriesKind};
use crate::engine::settings::RadarSettings;

/// Change of each observation from the previous defined one.
fn change_from_previous(series: &Series) -> Vec<Option<f64>> {
    let mut previous: Option<f64> = None;
    series
        .close
        .iter()
        .map(|v| {
            let v = (*v)?;
            let change = previous.map(|p| v - p);
            previous = Some(v);
            change
        })
        .collect()
}

/// 3-month annualised growth, in percent, of a monthly level series:
/// `((x_m / x_{m−3})^4 − 1) · 100`, with `x_{m−3}` the observation dated
/// exactly three months earlier (`None` when that month is missing).
pub fn annualised_3m_growth(series: &Series) -> Vec<Option<f64>> {
    series
        .dates
        .iter()
        .zip(&series.close)
        .map(|(date, value)| {
            let value = (*value)?;
            let earlier = date.checked_sub_months(Months::new(3))?;
            let index = series.dates.binary_search(&earlier).ok()?;
            let base = (*series.close.get(index)?)?;
            if base <= 0.0 || value <= 0.0 {
                return None;
            }
            let growth = ((value / base).powi(4) - 1.0) * 100.0;
            growth.is_finite().then_some(growth)
        })
        .collect()
}

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    let n = frame.len();
    match inputs.macro_of(SeriesKind::GrowthNowcast) {
        Some(gdpnow) => {
            let releases = Releases::new(gdpnow, &inputs.lags);
            let level = releases.known(&gdpnow.close, &frame.days);
            out.push(RuleSeries::from_values(
                RuleId::GrowthGdpnow,
                gdpnow.name.clone(),
                "nowcast, % SAAR",
                Cmp::AtLeast,
                settings.gdpnow_strong,
                Unit::Plain,
                &level,
            ));
            out.push(RuleSeries::from_values(
                RuleId::GrowthGdpnowWeak,
                gdpnow.name.clone(),
                "nowcast, % SAAR",
                Cmp::Below,
                settings.gdpnow_weak,
                Unit::Plain,
                &level,
            ));
            let change = releases.known(&change_from_previous(gdpnow), &frame.days);
            out.push(RuleSeries::from_values(
                RuleId::GrowthGdpnowFalling,
                gdpnow.name.clone(),
                "change from the previous nowcast, pts",
                Cmp::AtMost,
                -settings.gdpnow_drop,
                Unit::Plain,
                &change,
            ));
        }
        None => {
            let why = "load GDPNow (growth nowcast)";
            out.push(RuleSeries::unavailable(
                RuleId::GrowthGdpnow,
                "nowcast, % SAAR",
                Cmp::AtLeast,
                settings.gdpnow_strong,
                Unit::Plain,
                n,
                why,
            ));
            out.push(RuleSeries::unavailable(
                RuleId::GrowthGdpnowWeak,
                "nowcast, % SAAR",
                Cmp::Below,
                settings.gdpnow_weak,
                Unit::Plain,
                n,
                why,
            ));
            out.push(RuleSeries::unavailable(
                RuleId::GrowthGdpnowFalling,
                "change from the previous nowcast, pts",
                Cmp::AtMost,
                -settings.gdpnow_drop,
                Unit::Plain,
                n,
                why,
            ));
        }
    }
    for (rule, kind, what) in [
        (
            RuleId::ConsumerRetail,
            SeriesKind::RetailSales,
            "retail sales (RSAFS)",
        ),
        (
            RuleId::ConsumerPce,
            SeriesKind::Consumption,
            "personal consumption (PCE)",
        ),
    ] {
        let measure = "3-month annualised growth, %";
        match inputs.macro_of(kind) {
            Some(series) => {
                let growth = Releases::new(series, &inputs.lags)
                    .known(&annualised_3m_growth(series), &frame.days);
                out.push(RuleSeries::from_values(
                    rule,
                    series.name.clone(),
                    measure,
                    Cmp::Below,
                    settings.consumer_growth,
                    Unit::Plain,
                    &growth,
                ));
            }
            None => out.push(RuleSeries::unavailable(
                rule,
                measure,
                Cmp::Below,
                settings.consumer_growth,
                Unit::Plain,
                n,
                format!("load {what}"),
            )),
        }
    }
}
