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

/// What the time panels show: a preset measured back from the last
/// session, or a span of dates (typed, or reached by zooming and panning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewSpan {
    Preset(RangePreset),
    Dates { from: NaiveDate, to: NaiveDate },
}

/// The fewest sessions a zoom may show: below this a chart is a few dots.
pub const MIN_VISIBLE_SESSIONS: usize = 10;

/// The sessions of `dates` (ascending) that `span` shows, as an index
/// range. A preset also shows the bar before its first date: the base its
/// return is measured from. A span of dates outside the data, or reversed,
/// clamps to the nearest sessions rather than showing nothing.
pub fn visible_sessions(dates: &[NaiveDate], span: ViewSpan) -> std::ops::Range<usize> {
    let n = dates.len();
    let Some(last) = dates.last() else {
        return 0..0;
    };
    match span {
        ViewSpan::Preset(preset) => {
            let first = preset
                .start(*last)
                .map_or(0, |s| dates.partition_point(|d| *d < s).saturating_sub(1));
            first..n
        }
        ViewSpan::Dates { from, to } => {
            let (from, to) = (from.min(to), from.max(to));
            let start = dates.partition_point(|d| *d < from).min(n - 1);
            let end = dates.partition_point(|d| *d <= to).max(start + 1);
            start..end
        }
    }
}

/// The visible range after zooming by `factor` (< 1 zooms in) around the
/// session `anchor`, which keeps its place on screen (the pointer's
/// session, as on TradingView). Never fewer than [`MIN_VISIBLE_SESSIONS`]
/// (or all of them, if fewer are loaded), never beyond the data.
pub fn zoom_sessions(
    visible: std::ops::Range<usize>,
    len: usize,
    anchor: usize,
    factor: f64,
) -> std::ops::Range<usize> {
    if len == 0 {
        return 0..0;
    }
    let visible = clamp_sessions(visible, len);
    let width = visible.len().max(1) as f64;
    let factor = if factor.is_finite() && factor > 0.0 {
        factor
    } else {
        1.0
    };
    let new_width = ((width * factor).round() as usize).clamp(MIN_VISIBLE_SESSIONS.min(len), len);
    let anchor = anchor.clamp(visible.start, visible.end - 1);
    // The anchor's fraction of the way across the window stays the same.
    let fraction = (anchor - visible.start) as f64 / width;
    let start = (anchor as f64 - fraction * new_width as f64)
        .round()
        .max(0.0) as usize;
    let start = start.min(len - new_width);
    start..start + new_width
}

/// The visible range moved by `delta` sessions (negative: back in time),
/// keeping its width and stopping at either end of the data.
pub fn pan_sessions(
    visible: std::ops::Range<usize>,
    len: usize,
    delta: isize,
) -> std::ops::Range<usize> {
    if len == 0 {
        return 0..0;
    }
    let visible = clamp_sessions(visible, len);
    let width = visible.len();
    let start = visible.start.saturating_add_signed(delta).min(len - width);
    start..start + width
}

/// `visible` inside `0..len` and non-empty (for `len > 0`).
fn clamp_sessions(visible: std::ops::Range<usize>, len: usize) -> std::ops::Range<usize> {
    let start = visible.start.min(len - 1);
    let end = visible.end.clamp(start + 1, len);
    start..end
}
