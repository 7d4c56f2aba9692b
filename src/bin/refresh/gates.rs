//! The gates a download passes before it replaces a file: the page's own
//! ingest, the same header, no fewer rows and no earlier last date than the
//! current file, a last date within the freshness limit of its frequency,
//! and no impossible one-step move for its kind. Bounds: docs/hosting.md.

use chrono::NaiveDate;
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::samples::Sample;
use regime_radar::engine::series::{Frequency, Series, SeriesKind};

use super::error::RefreshError;

/// How far the last date may lie before the run date, in calendar days.
pub fn freshness_limit(frequency: Frequency) -> (i64, &'static str) {
    match frequency {
        // A long weekend plus a holiday, and a late provider.
        Frequency::Daily => (10, "daily"),
        // Claims for the week ending Saturday come out the next Thursday.
        Frequency::Weekly => (21, "weekly"),
        // Month M is dated M-01 and published up to two months later (PCE);
        // a delayed release (e.g. the 2025 shutdown) fits too.
        Frequency::Monthly => (120, "monthly"),
        // GDPNow's quarter is dated at its start; a new quarter's first
        // nowcast comes about a month in.
        Frequency::Quarterly => (200, "quarterly"),
        Frequency::Irregular => (120, "irregular"),
    }
}

/// The largest credible move from one observation to the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    /// |next / previous - 1| at most this (prices, sales, spending).
    Relative(f64),
    /// next / previous and previous / next at most this (claims).
    Ratio(f64),
    /// |next - previous| at most this many points (rates, nowcasts).
    Points(f64),
    /// Only 0 or 1 (recession flags).
    Flag,
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bound::Relative(r) => write!(f, "±{:.0} % per step", r * 100.0),
            Bound::Ratio(r) => write!(f, "×{r:.0} per step either way"),
            Bound::Points(p) => write!(f, "±{p} points per step"),
            Bound::Flag => write!(f, "0 or 1"),
        }
    }
}

/// The bound for a kind (the worst real moves in the bundled history in
/// brackets, so the whole history passes with room to spare).
pub fn jump_bound(kind: SeriesKind) -> Bound {
    match kind {
        // ETF and index closes (worst day: NDX +18.8 % in 2001).
        SeriesKind::Price => Bound::Relative(0.25),
        // Weekly claims (March 2020: ×10.7 in one week).
        SeriesKind::JoblessClaims => Bound::Ratio(20.0),
        // Monthly retail sales and PCE (April/May 2020: -17 %, +19 %).
        SeriesKind::RetailSales | SeriesKind::Consumption => Bound::Relative(0.30),
        // GDPNow, % SAAR (2020Q2 → Q3: +69 points).
        SeriesKind::GrowthNowcast | SeriesKind::Gdp => Bound::Points(100.0),
        // Fed funds (1980 monthly: 6.6 points; EFFR daily: 1.3).
        SeriesKind::PolicyRate => Bound::Points(10.0),
        // 10-year yield, daily (worst: 0.5 points).
        SeriesKind::TreasuryYield => Bound::Points(2.0),
        // Unemployment rate (April 2020: +10.4 points).
        SeriesKind::Unemployment => Bound::Points(15.0),
        SeriesKind::Recession => Bound::Flag,
        // Not bundled: no bound.
        SeriesKind::Flows | SeriesKind::Other => Bound::Points(f64::INFINITY),
    }
}

/// The bytes as the page reads a bundled sample: no error, the sample's
/// id and kind.
pub fn ingest_as_page(bytes: &[u8], sample: &Sample) -> Result<Series, RefreshError> {
    let loaded = ingest(bytes, sample.file, &IngestOptions::default())
        .map_err(|e| RefreshError::Ingest(e.to_string()))?;
    let series = loaded.series;
    if series.id.as_str() != sample.id || series.kind != sample.kind {
        return Err(RefreshError::Ingest(format!(
            "reads as {} ({:?}), not {} ({:?})",
            series.id.as_str(),
            series.kind,
            sample.id,
            sample.kind
        )));
    }
    if series.is_empty() {
        return Err(RefreshError::Ingest("no rows".to_string()));
    }
    Ok(series)
}

/// Every gate after ingest: `new` (with header `new_header`) may replace
/// `old` (with `old_header`) on `today`.
pub fn check(
    new: &Series,
    new_header: &str,
    old: &Series,
    old_header: &str,
    today: NaiveDate,
) -> Result<(), RefreshError> {
    if new_header != old_header {
        return Err(RefreshError::Header {
            expected: old_header.to_string(),
            found: new_header.to_string(),
        });
    }
    if new.len() < old.len() {
        return Err(RefreshError::Truncated {
            new: new.len(),
            old: old.len(),
        });
    }
    let (Some(&new_last), Some(&old_last)) = (new.dates.last(), old.dates.last()) else {
        return Err(RefreshError::Shape("no dates".to_string()));
    };
    if new_last < old_last {
        return Err(RefreshError::WentBack {
            new: new_last.to_string(),
            old: old_last.to_string(),
        });
    }
    let (limit, frequency) = freshness_limit(old.frequency);
    let age = (today - new_last).num_days();
    if age > limit {
        return Err(RefreshError::Stale {
            last: new_last.to_string(),
            age,
            today: today.to_string(),
            limit,
            frequency,
        });
    }
    check_moves(new, jump_bound(new.kind))
}

/// Every step between consecutive observations within `bound`.
pub fn check_moves(series: &Series, bound: Bound) -> Result<(), RefreshError> {
    let mut previous: Option<f64> = None;
    for (date, value) in series.dates.iter().zip(&series.close) {
        let Some(value) = *value else { continue };
        let range_error = || RefreshError::Range {
            date: date.to_string(),
            value,
            bound: bound.to_string(),
        };
        let ok_value = match bound {
            Bound::Flag => value == 0.0 || value == 1.0,
            Bound::Relative(_) | Bound::Ratio(_) => value > 0.0,
            Bound::Points(_) => true,
        };
        if !ok_value {
            return Err(range_error());
        }
        if let Some(from) = previous {
            let ok_step = match bound {
                Bound::Relative(r) => (value / from - 1.0).abs() <= r,
                Bound::Ratio(r) => value / from <= r && from / value <= r,
                Bound::Points(p) => (value - from).abs() <= p,
                Bound::Flag => true,
            };
            if !ok_step {
                return Err(RefreshError::Jump {
                    date: date.to_string(),
                    from,
                    to: value,
                    bound: bound.to_string(),
                });
            }
        }
        previous = Some(value);
    }
    Ok(())
}
