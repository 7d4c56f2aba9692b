//! Flows: client or fund flows into small and large caps, when the user
//! loads them (no public feed exists; the article cites Bank of America's
//! −$45.9B large / +$6.4B small). Rotation fires when, over the last
//! `flows_window` sessions, small-cap flows minus large-cap flows are
//! positive. Without a flows series the rule is `no data`, never guessed.
//!
//! Invariant: a flow counts from its estimated publication day on, like
//! every other non-price series: the lag of [`SeriesKind::Flows`] (weekly:
//! the week's last day + 7 days; editable in the lags table), whatever kind
//! the file was loaded as, since it is the flows role that makes it a flow.
//! The sums use only flows published on or before the session.

use chrono::NaiveDate;

use super::{Cmp, PriceFrame, RadarInputs, RuleId, RuleSeries, Unit};
use crate::engine::align::{release_date, PublicationLag};
use crate::engine::series::{Series, SeriesKind};
use crate::engine::settings::RadarSettings;

/// Cumulative flows known on each calendar day: the sum of all
/// observations published on or before it (each dated observation's
/// publication day by the flows' lag rule in `lags`); `None` before the
/// first publication.
pub fn cumulative_flows(
    flows: &Series,
    calendar: &[NaiveDate],
    lags: &PublicationLag,
) -> Vec<Option<f64>> {
    let mut points: Vec<(NaiveDate, f64)> = flows
        .dates
        .iter()
        .zip(&flows.close)
        .filter_map(|(d, v)| {
            v.filter(|x| x.is_finite()).map(|x| {
                (
                    release_date(*d, SeriesKind::Flows, flows.frequency, lags),
                    x,
                )
            })
        })
        .collect();
    points.sort_by_key(|(d, _)| *d);
    let mut running = Vec::with_capacity(points.len());
    let mut total = 0.0;
    for (d, v) in &points {
        total += v;
        running.push((*d, total));
    }
    calendar
        .iter()
        .map(|day| {
            let known = running.partition_point(|(d, _)| d <= day);
            known
                .checked_sub(1)
                .and_then(|i| running.get(i))
                .map(|(_, v)| *v)
        })
        .collect()
}

/// Sum of flows over the last `window` sessions (cumulative now minus
/// cumulative `window` sessions ago; 0 before the first flow).
fn window_sums(cumulative: &[Option<f64>], window: usize) -> Vec<Option<f64>> {
    (0..cumulative.len())
        .map(|i| {
            let now = cumulative.get(i).copied().flatten()?;
            let then = i
                .checked_sub(window)
                .and_then(|j| cumulative.get(j).copied().flatten())
                .unwrap_or(0.0);
            Some(now - then)
        })
        .collect()
}

pub(super) fn evaluate(
    inputs: &RadarInputs,
    frame: &PriceFrame,
    settings: &RadarSettings,
    out: &mut Vec<RuleSeries>,
) {
    let measure = format!(
        "small − large flows over {} sessions",
        settings.flows_window
    );
    let sums = |s: Option<&Series>| {
        s.map(|s| {
            window_sums(
                &cumulative_flows(s, &frame.dates, &inputs.lags),
                settings.flows_window,
            )
        })
    };
    let small = sums(inputs.small_flows);
    let large = sums(inputs.large_flows);
    let values: Vec<Option<f64>> = match (&small, &large) {
        (None, None) => {
            out.push(RuleSeries::unavailable(
                RuleId::FlowsRotation,
                measure,
                Cmp::Above,
                0.0,
                Unit::Money,
                frame.len(),
                "load a flows series (Date,Value) and give it the small-flows or large-flows role",
            ));
            return;
        }
        // A side not loaded counts as no flow; the subject says which side is missing.
        (Some(s), None) => s.clone(),
        (None, Some(l)) => l.iter().map(|v| v.map(|x| -x)).collect(),
        (Some(s), Some(l)) => s
            .iter()
            .zip(l)
            .map(|(a, b)| match (a, b) {
                (None, None) => None,
                _ => Some(a.unwrap_or(0.0) - b.unwrap_or(0.0)),
            })
            .collect(),
    };
    let subject = match (inputs.small_flows, inputs.large_flows) {
        (Some(s), Some(l)) => format!("{} − {}", s.name, l.name),
        (Some(s), None) => format!("{} (no large-cap flows loaded)", s.name),
        (None, Some(l)) => format!("−{} (no small-cap flows loaded)", l.name),
        (None, None) => String::new(),
    };
    out.push(RuleSeries::from_values(
        RuleId::FlowsRotation,
        subject,
        measure,
        Cmp::Above,
        0.0,
        Unit::Money,
        &values,
    ));
}
