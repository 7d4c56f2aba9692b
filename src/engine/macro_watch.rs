//! The macro watchlist: for each macro series, what was the latest print,
//! when was it published, and what did a reader know on a given day.
//!
//! Invariant: "known on day t" only counts observations whose estimated
//! release date (see `align`) is on or before t — the same rule the daily
//! alignment uses, so the table and the charts agree.

use chrono::NaiveDate;

use super::align::{release_date, PublicationLag};
use super::series::Series;

/// One observation with its reference date and estimated release date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Print {
    /// The period the value describes (FRED's date).
    pub reference: NaiveDate,
    /// When it was (estimated to be) published.
    pub released: NaiveDate,
    pub value: f64,
}

/// What the page shows for one macro series.
#[derive(Debug, Clone, PartialEq)]
pub struct MacroSnapshot {
    /// The latest observation in the file, whenever it was released.
    pub latest: Option<Print>,
    /// The observation before `latest` (for the change).
    pub previous: Option<Print>,
    /// The latest observation released on or before `as_of`.
    pub known: Option<Print>,
    /// The day `known` refers to (normally the last price date).
    pub as_of: Option<NaiveDate>,
}

impl MacroSnapshot {
    /// `latest − previous`, in the series' units.
    pub fn change(&self) -> Option<f64> {
        Some(self.latest?.value - self.previous?.value)
    }
}

/// The snapshot of `series` with `lag`, as known on `as_of` (`None`: the
/// end of the file, everything known).
pub fn macro_snapshot(
    series: &Series,
    lag: &PublicationLag,
    as_of: Option<NaiveDate>,
) -> MacroSnapshot {
    let prints: Vec<Print> = series
        .dates
        .iter()
        .zip(&series.close)
        .filter_map(|(reference, value)| {
            value.filter(|v| v.is_finite()).map(|value| Print {
                reference: *reference,
                released: release_date(*reference, series.kind, series.frequency, lag),
                value,
            })
        })
        .collect();
    let latest = prints.last().copied();
    let previous = prints
        .len()
        .checked_sub(2)
        .and_then(|i| prints.get(i))
        .copied();
    let known = match as_of {
        // Latest by release date, later reference winning ties, as in
        // `align_as_of_release`.
        Some(day) => prints
            .iter()
            .filter(|p| p.released <= day)
            .max_by_key(|p| (p.released, p.reference))
            .copied(),
        None => latest,
    };
    MacroSnapshot {
        latest,
        previous,
        known,
        as_of,
    }
}
