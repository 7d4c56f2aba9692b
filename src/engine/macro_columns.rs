//! What the dashboard's macro panels draw besides the series itself: the
//! value each panel derives (the claims 4-week average, consumer momentum,
//! the Sahm value), as known each session through the rules' own walk, and
//! the recession months shaded on every time panel. Kept apart from
//! `dashboard` (which places every column on the calendar) so that file
//! stays one concept.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::align::PublicationLag;
use super::column::CalendarColumn;
use super::series::{Series, SeriesKind};
use super::signals::{annualised_3m_growth, as_known_column, claims_average_4w, sahm_values};
use super::units::Units;

/// A macro series as known each session, and the derived value its panel
/// adds (the claims 4-week average, the Sahm-rule value, consumer
/// momentum).
#[derive(Debug, Clone, PartialEq)]
pub struct MacroColumns {
    pub id: String,
    pub kind: SeriesKind,
    /// FRED's units the panel shows (`known` is in them; a derived value
    /// on the same axis is kept only for levels).
    pub units: Units,
    /// Stored from the first session a value is known to the last.
    pub known: CalendarColumn,
    pub derived: Option<Derived>,
}

/// A value derived from a macro series, as known each session.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub name: String,
    pub values: CalendarColumn,
    /// In other units than the series (the Sahm value in points beside a
    /// 4 % rate): drawn as a chart of its own rather than on the same axis.
    pub own_chart: bool,
}

/// The value a macro panel adds to its series, as known each session.
pub(crate) fn derived_macro(
    series: &Series,
    lags: &PublicationLag,
    calendar: &[NaiveDate],
) -> Option<Derived> {
    match series.kind {
        SeriesKind::JoblessClaims => Some(Derived {
            name: "4-week average".to_string(),
            values: as_known_column(series, &claims_average_4w(series), lags, calendar),
            own_chart: false,
        }),
        SeriesKind::RetailSales | SeriesKind::Consumption => Some(Derived {
            name: "3-month annualised growth".to_string(),
            values: as_known_column(series, &annualised_3m_growth(series), lags, calendar),
            own_chart: true,
        }),
        SeriesKind::Unemployment => {
            // Sahm values per month, placed on the observation they belong to.
            let by_month = sahm_values(series);
            let mut months = by_month.iter().flatten();
            let mut next = months.next();
            let derived: Vec<Option<f64>> = series
                .dates
                .iter()
                .map(|d| {
                    while next.is_some_and(|p| p.month < *d) {
                        next = months.next();
                    }
                    next.filter(|p| p.month == *d).map(|p| p.value)
                })
                .collect();
            Some(Derived {
                name: "Sahm value".to_string(),
                values: as_known_column(series, &derived, lags, calendar),
                own_chart: true,
            })
        }
        _ => None,
    }
}

/// Sessions in months flagged 1 by a USREC-style series (reference
/// months: NBER dates recessions long after the fact).
pub(crate) fn recession_spans(usrec: &Series, calendar: &[NaiveDate]) -> Vec<Range<usize>> {
    let month = |d: &NaiveDate| d.year() * 12 + d.month0() as i32;
    let mut flagged: Vec<i32> = usrec
        .dates
        .iter()
        .zip(&usrec.close)
        .filter(|(_, v)| v.is_some_and(|v| v >= 0.5))
        .map(|(d, _)| month(d))
        .collect();
    flagged.sort_unstable();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (i, day) in calendar.iter().enumerate() {
        if flagged.binary_search(&month(day)).is_ok() {
            match spans.last_mut() {
                Some(last) if last.end == i => last.end = i + 1,
                _ => spans.push(i..i + 1),
            }
        }
    }
    spans
}
