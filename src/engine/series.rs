//! The engine's core data type: one dated series of observations, as it
//! leaves ingest and enters alignment and the indicators.
//!
//! Invariant: `dates` is strictly increasing and every column has
//! `dates.len()` entries. A missing observation is `None`, never `0.0` or NaN.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A short, stable identifier for a loaded series (`IWM`, `SPY`, `ICSA`).
///
/// It appears in the page's test hooks (`data-series`) and in share links, so
/// it is restricted to characters that survive both: ASCII letters, digits,
/// `_`, `.` and `^`-free. Build one with [`SeriesId::sanitized`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SeriesId(String);

impl SeriesId {
    /// Builds an id from a ticker, file name or header: keeps ASCII
    /// alphanumerics, `_` and `.`, upper-cases letters, drops everything
    /// else (`^RUT` → `RUT`, `iwm.csv` → `IWM.CSV`). Falls back to `SERIES`
    /// when nothing is left.
    pub fn sanitized(raw: &str) -> Self {
        let cleaned: String = raw
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let cleaned = cleaned.trim_matches('.').to_string();
        if cleaned.is_empty() {
            SeriesId("SERIES".to_string())
        } else {
            SeriesId(cleaned)
        }
    }

    /// The id of a formula over two loaded series, as the user writes it
    /// and the series list shows it (`IWM:SPY`, `IWM-SPY`): the two ids
    /// joined by the operator (`:` and `-` never occur in a sanitized id).
    pub fn formula(a: &SeriesId, op: char, b: &SeriesId) -> Self {
        SeriesId(format!("{a}{op}{b}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SeriesId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a series measures; decides which panels use it and how it is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeriesKind {
    /// A traded price or index level (strictly positive).
    Price,
    /// Initial jobless claims (ICSA), persons, weekly.
    JoblessClaims,
    /// A GDP growth nowcast (Atlanta Fed GDPNow), % SAAR.
    GrowthNowcast,
    /// Realised GDP growth or level (A191RL1Q225SBEA, GDPC1).
    Gdp,
    /// Retail sales (RSAFS, RSXFS), $mn.
    RetailSales,
    /// Personal consumption expenditures (PCE).
    Consumption,
    /// Policy rate (FEDFUNDS, EFFR, DFF), %.
    PolicyRate,
    /// Treasury yield (DGS10), %.
    TreasuryYield,
    /// Unemployment rate (UNRATE), %.
    Unemployment,
    /// NBER recession indicator (USREC), 0/1.
    Recession,
    /// Fund or client flows into small or large caps ($), user-loaded.
    Flows,
    /// Anything else the user loads.
    Other,
}

impl SeriesKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [SeriesKind; 12] = [
        SeriesKind::Price,
        SeriesKind::JoblessClaims,
        SeriesKind::GrowthNowcast,
        SeriesKind::Gdp,
        SeriesKind::RetailSales,
        SeriesKind::Consumption,
        SeriesKind::PolicyRate,
        SeriesKind::TreasuryYield,
        SeriesKind::Unemployment,
        SeriesKind::Recession,
        SeriesKind::Flows,
        SeriesKind::Other,
    ];

    pub fn is_price(self) -> bool {
        matches!(self, SeriesKind::Price)
    }

    /// Short human label for the series list.
    pub fn label(self) -> &'static str {
        match self {
            SeriesKind::Price => "price",
            SeriesKind::JoblessClaims => "jobless claims",
            SeriesKind::GrowthNowcast => "growth nowcast",
            SeriesKind::Gdp => "GDP",
            SeriesKind::RetailSales => "retail sales",
            SeriesKind::Consumption => "consumption",
            SeriesKind::PolicyRate => "policy rate",
            SeriesKind::TreasuryYield => "treasury yield",
            SeriesKind::Unemployment => "unemployment",
            SeriesKind::Recession => "recession flag",
            SeriesKind::Flows => "fund flows",
            SeriesKind::Other => "other",
        }
    }
}

/// Sampling frequency of a series' observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Irregular,
}

/// One column of observations aligned to [`Series::dates`].
pub type Column = Vec<Option<f64>>;

/// A dated series with its OHLCV columns where the source had them.
///
/// `close` is the value the indicators and returns use: for files with an
/// adjusted close (Yahoo's `Adj Close`) it holds the adjusted value, so
/// returns are total returns, and `raw_close` keeps the unadjusted close
/// (price return). For macro series `close` is simply the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub id: SeriesId,
    /// Display name (ticker or FRED code, as in the source).
    pub name: String,
    pub kind: SeriesKind,
    pub frequency: Frequency,
    pub dates: Vec<NaiveDate>,
    pub close: Column,
    pub open: Option<Column>,
    pub high: Option<Column>,
    pub low: Option<Column>,
    pub volume: Option<Column>,
    /// Unadjusted close, when `close` is an adjusted (total-return) close.
    pub raw_close: Option<Column>,
}

impl Series {
    /// A series with only a value column (macro data, pasted `Date,Value`).
    pub fn from_values(
        id: SeriesId,
        kind: SeriesKind,
        frequency: Frequency,
        dates: Vec<NaiveDate>,
        close: Column,
    ) -> Self {
        Series {
            name: id.as_str().to_string(),
            id,
            kind,
            frequency,
            dates,
            close,
            open: None,
            high: None,
            low: None,
            volume: None,
            raw_close: None,
        }
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The last date with a defined close, and that close.
    pub fn last_observation(&self) -> Option<(NaiveDate, f64)> {
        self.dates
            .iter()
            .zip(&self.close)
            .rev()
            .find_map(|(d, c)| c.map(|v| (*d, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_only_hook_safe_characters() {
        assert_eq!(SeriesId::sanitized("^RUT").as_str(), "RUT");
        assert_eq!(SeriesId::sanitized("iwm").as_str(), "IWM");
        assert_eq!(SeriesId::sanitized("  ").as_str(), "SERIES");
        assert_eq!(SeriesId::sanitized("a-b c").as_str(), "ABC");
    }

    #[test]
    fn last_observation_skips_trailing_gaps() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let dates: Vec<NaiveDate> = ["2024-01-02", "2024-01-03", "2024-01-04"]
            .iter()
            .filter_map(|s| d(s))
            .collect();
        let s = Series::from_values(
            SeriesId::sanitized("X"),
            SeriesKind::Price,
            Frequency::Daily,
            dates,
            vec![Some(1.0), Some(2.0), None],
        );
        assert_eq!(s.last_observation(), d("2024-01-03").map(|day| (day, 2.0)));
    }
}
