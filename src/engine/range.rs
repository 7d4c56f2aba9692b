//! The chart's visible date range: presets as on TradingView / StockCharts.
//!
//! Invariant: a range only selects what is *shown*; indicators are always
//! computed on the whole loaded history (so warm-up never depends on the
//! range), then cut.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A range preset, measured back from the last loaded date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum RangePreset {
    /// From the previous year's last session (year to date).
    Ytd,
    M3,
    M6,
    #[default]
    Y1,
    Y5,
    Max,
}

impl RangePreset {
    pub const ALL: [RangePreset; 6] = [
        RangePreset::Ytd,
        RangePreset::M3,
        RangePreset::M6,
        RangePreset::Y1,
        RangePreset::Y5,
        RangePreset::Max,
    ];

    /// Compact form used in test hooks (`range-ytd`) and share links.
    pub fn as_str(self) -> &'static str {
        match self {
            RangePreset::Ytd => "ytd",
            RangePreset::M3 => "3m",
            RangePreset::M6 => "6m",
            RangePreset::Y1 => "1y",
            RangePreset::Y5 => "5y",
            RangePreset::Max => "max",
        }
    }

    /// Parses the compact form; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        RangePreset::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
    }

    /// Button label.
    pub fn label(self) -> &'static str {
        match self {
            RangePreset::Ytd => "YTD",
            RangePreset::M3 => "3M",
            RangePreset::M6 => "6M",
            RangePreset::Y1 => "1Y",
            RangePreset::Y5 => "5Y",
            RangePreset::Max => "Max",
        }
    }

    /// First calendar date of the window when the data ends on `last`;
    /// `None` means the whole history. Charts also show the one bar before
    /// this date: it is the base the window's return is measured from (for
    /// YTD, the previous year's last close).
    pub fn start(self, last: NaiveDate) -> Option<NaiveDate> {
        let months_back = |m: u32| last.checked_sub_months(Months::new(m));
        match self {
            RangePreset::Ytd => NaiveDate::from_ymd_opt(last.year(), 1, 1),
            RangePreset::M3 => months_back(3),
            RangePreset::M6 => months_back(6),
            RangePreset::Y1 => months_back(12),
            RangePreset::Y5 => months_back(60),
            RangePreset::Max => None,
        }
    }
}
