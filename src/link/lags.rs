//! Publication lags in a link: the engine's [`PublicationLag`] carries a
//! rule per kind and frequency, a link only the days. Converting between
//! the two (the sort order lags are written in is `codes::lag_rank`).

use super::codes::lag_rank;
use super::limits::MAX_LAG_DAYS;
use super::query::UrlState;
use crate::engine::align::{default_lag_rule, LagRule, PublicationLag, DEFAULT_LAGS};
use crate::engine::series::{Frequency, SeriesKind};

/// The default rule of a kind's catch-all row: the release day a
/// kind-wide (`*`) override keeps.
fn kind_wide_default(kind: SeriesKind) -> LagRule {
    DEFAULT_LAGS
        .iter()
        .find(|row| row.kind == kind && row.frequency.is_none())
        .map(|row| row.rule)
        .unwrap_or(LagRule::SAME_DAY)
}

impl UrlState {
    /// The lags as the engine's [`PublicationLag`]. A link carries days
    /// only: each override keeps the default rule's release day (for `*`,
    /// that of the kind's catch-all row in [`DEFAULT_LAGS`]). Kind-wide
    /// overrides are applied first because [`PublicationLag::set`] drops a
    /// kind's frequency-specific ones.
    pub fn lag_policy(&self) -> PublicationLag {
        let mut policy = PublicationLag::default();
        for (kind, frequency, days) in &self.lags {
            if frequency.is_none() {
                let rule = LagRule {
                    days_after_period_end: *days,
                    ..kind_wide_default(*kind)
                };
                policy.set(*kind, rule);
            }
        }
        for (kind, frequency, days) in &self.lags {
            if let Some(frequency) = frequency {
                let rule = LagRule {
                    days_after_period_end: *days,
                    ..default_lag_rule(*kind, *frequency)
                };
                policy.set_for(*kind, *frequency, rule);
            }
        }
        policy
    }

    /// The overrides of a [`PublicationLag`] as a link's lags: sorted,
    /// days capped at [`MAX_LAG_DAYS`] (release days are not carried).
    pub fn lags_from(policy: &PublicationLag) -> Vec<(SeriesKind, Option<Frequency>, u32)> {
        let mut lags: Vec<(SeriesKind, Option<Frequency>, u32)> = Vec::new();
        for (kind, frequency, rule) in policy.overrides() {
            if !lags.iter().any(|(k, f, _)| k == kind && f == frequency) {
                lags.push((
                    *kind,
                    *frequency,
                    rule.days_after_period_end.min(MAX_LAG_DAYS),
                ));
            }
        }
        lags.sort_by_key(|(kind, frequency, _)| lag_rank(*kind, *frequency));
        lags
    }
}
