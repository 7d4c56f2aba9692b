//! Returns over trailing windows of observations, year-to-date, and between
//! two dates; price vs total return by choice of column.
//!
//! Invariant: a return is `end / base − 1` with both ends defined, positive
//! observations; a missing or zero base gives `None`, never NaN or ∞. Windows
//! count observations (bars), so gaps are skipped, not treated as zero.

use chrono::{Datelike, NaiveDate};

use super::{check_period, Indicator, IndicatorError, Window};
use crate::engine::series::Series;

/// Trading-day windows of the contract's returns: 1W, 1M, 3M, 6M, 1Y.
pub const WINDOW_1W: usize = 5;
/// One month of sessions.
pub const WINDOW_1M: usize = 21;
/// Three months of sessions.
pub const WINDOW_3M: usize = 63;
/// Six months of sessions.
pub const WINDOW_6M: usize = 126;
/// One year of sessions.
pub const WINDOW_1Y: usize = 252;

/// `end / base − 1`, `None` unless both are finite and `base` is non-zero.
#[inline]
pub fn simple_return(base: f64, end: f64) -> Option<f64> {
    let r = end / base - 1.0;
    (base != 0.0 && r.is_finite()).then_some(r)
}

/// Return over the last `window` observations, as a fraction.
///
/// # Formula
/// `R_t = x_t / x_{t−w} − 1`, first defined at index `w`.
///
/// # Parameters
/// - `window` (`w`) ≥ 1 bars (5/21/63/126/252 for 1W/1M/3M/6M/1Y).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, Return};
/// let r = Return::new(2)?;
/// assert_eq!(r.over(&[100.0, 50.0, 110.0]), vec![None, None, Some(0.10000000000000009)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// finviz / StockCharts "Perf" columns (trading-day windows); hand-computed
/// values on IWM in `tests/indicators.rs`.
#[derive(Debug, Clone)]
pub struct Return {
    window: usize,
    history: Window,
}

impl Return {
    /// A trailing return over `window` bars; `Err` if `window == 0`.
    pub fn new(window: usize) -> Result<Self, IndicatorError> {
        let window = check_period("Return", "window", window, 1)?;
        Ok(Return {
            window,
            history: Window::new(window),
        })
    }

    /// The window in bars.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Batch form from a fresh state: output aligned to `data`.
    pub fn over(&self, data: &[f64]) -> Vec<Option<f64>> {
        let w = self.window;
        (0..data.len())
            .map(|i| {
                if i < w {
                    None
                } else {
                    simple_return(data[i - w], data[i])
                }
            })
            .collect()
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for Return {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        let base = self.history.oldest();
        self.history.push(x);
        simple_return(base?, x)
    }

    fn lookback(&self) -> usize {
        self.window
    }

    fn reset(&mut self) {
        self.history.clear();
    }
}

/// The return over `window` defined observations ending at index `at`
/// (which must be defined), skipping gaps.
pub fn trailing_return(values: &[Option<f64>], at: usize, window: usize) -> Option<f64> {
    let end = (*values.get(at)?)?;
    let base = values[..at]
        .iter()
        .rev()
        .flatten()
        .nth(window.checked_sub(1)?)?;
    simple_return(*base, end)
}

/// Index of the previous calendar year's last defined observation before
/// `at` (the YTD base, finviz/StockCharts convention); `None` when the data
/// has no observation in that year.
pub fn ytd_base_index(dates: &[NaiveDate], values: &[Option<f64>], at: usize) -> Option<usize> {
    let year = dates.get(at)?.year();
    (0..at)
        .rev()
        .take_while(|&i| dates[i].year() >= year - 1)
        .find(|&i| dates[i].year() == year - 1 && values.get(i).copied().flatten().is_some())
}

/// Year-to-date return at index `at`: from the previous year's last close.
pub fn ytd_return(dates: &[NaiveDate], values: &[Option<f64>], at: usize) -> Option<f64> {
    let end = (*values.get(at)?)?;
    let base = values[ytd_base_index(dates, values, at)?]?;
    simple_return(base, end)
}

/// Index of the last defined observation on or before `date`.
pub fn index_on_or_before(
    dates: &[NaiveDate],
    values: &[Option<f64>],
    date: NaiveDate,
) -> Option<usize> {
    let upto = dates.partition_point(|d| *d <= date);
    (0..upto)
        .rev()
        .find(|&i| values.get(i).copied().flatten().is_some())
}

/// Return between two dates: from the last close on or before `start` to the
/// last close on or before `end` (`None` if either is missing or `start ≥ end`).
///
/// # Example
/// ```
/// use chrono::NaiveDate;
/// use regime_radar::engine::indicators::return_between;
/// let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d");
/// let dates = [d("2024-01-02")?, d("2024-01-03")?, d("2024-01-05")?];
/// let closes = [Some(100.0), Some(90.0), Some(120.0)];
/// // 2024-01-04 has no bar: the base is the 3rd's close.
/// let r = return_between(&dates, &closes, d("2024-01-04")?, d("2024-01-05")?);
/// assert_eq!(r, Some(120.0 / 90.0 - 1.0));
/// # Ok::<(), chrono::ParseError>(())
/// ```
pub fn return_between(
    dates: &[NaiveDate],
    values: &[Option<f64>],
    start: NaiveDate,
    end: NaiveDate,
) -> Option<f64> {
    if start >= end {
        return None;
    }
    let base = index_on_or_before(dates, values, start)?;
    let last = index_on_or_before(dates, values, end)?;
    simple_return(values[base]?, values[last]?)
}

/// Which close a return is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnBasis {
    /// The adjusted close (dividends reinvested) — `Series::close`.
    Total,
    /// The unadjusted close — `Series::raw_close`, when the file had one.
    Price,
}

/// The column a return on `basis` uses; `None` for `Price` when the series
/// has no separate unadjusted close.
pub fn basis_column(series: &Series, basis: ReturnBasis) -> Option<&[Option<f64>]> {
    match basis {
        ReturnBasis::Total => Some(&series.close),
        ReturnBasis::Price => series.raw_close.as_deref(),
    }
}
