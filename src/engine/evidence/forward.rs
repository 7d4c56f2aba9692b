//! Forward outcome columns: what happened `horizon` sessions after each
//! session. Outcomes read closes after *t* by design (they are what the
//! evidence measures); they never decide an entry.

use super::Outcome;
use crate::engine::indicators::returns::simple_return;

/// Forward simple return from session `t` to `t + horizon`, for every `t`:
/// `closes[t + horizon] / closes[t] − 1`.
///
/// The output has `closes.len()` entries; an entry is `None` when either
/// close is missing, the base is zero, the result is not finite, or
/// `t + horizon` is past the end (an incomplete window).
pub fn forward_returns(closes: &[Option<f64>], horizon: usize) -> Vec<Option<f64>> {
    let ahead = closes.get(horizon..).unwrap_or(&[]);
    // Full length up front: the incomplete windows at the end would
    // otherwise grow (and copy) the column once more.
    let mut out: Vec<Option<f64>> = Vec::with_capacity(closes.len());
    out.extend(
        closes
            .iter()
            .zip(ahead)
            .map(|(base, end)| simple_return((*base)?, (*end)?)),
    );
    out.resize(closes.len(), None);
    out
}

/// The forward outcome column of `outcome` at `horizon`.
///
/// `Small` / `Large` are [`forward_returns`] of that series (length of that
/// series); `Spread` is small minus large, `None` where either is `None`
/// (length of the longer series, so a short column just ends in `None`).
pub fn outcome_returns(
    outcome: Outcome,
    small: &[Option<f64>],
    large: &[Option<f64>],
    horizon: usize,
) -> Vec<Option<f64>> {
    match outcome {
        Outcome::Small => forward_returns(small, horizon),
        Outcome::Large => forward_returns(large, horizon),
        Outcome::Spread => spread_column(
            &forward_returns(small, horizon),
            &forward_returns(large, horizon),
        ),
    }
}

/// `small − large` per session, `None` where either is missing.
pub(super) fn spread_column(small: &[Option<f64>], large: &[Option<f64>]) -> Vec<Option<f64>> {
    let len = small.len().max(large.len());
    (0..len)
        .map(|t| {
            let s = small.get(t).copied().flatten()?;
            let l = large.get(t).copied().flatten()?;
            let d = s - l;
            d.is_finite().then_some(d)
        })
        .collect()
}
