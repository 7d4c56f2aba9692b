//! Rate of change (TA-Lib `ROC`): percentage change over `n` bars.
//!
//! Invariant: `ROC = 100 · (x_t / x_{t−n} − 1)`, i.e. 100 × [`super::Return`];
//! a zero base gives `None`, never ∞.

use super::returns::Return;
use super::{Indicator, IndicatorError};

/// Rate of change in percent.
///
/// # Formula
/// `ROC_t = (x_t / x_{t−n} − 1) · 100`, first defined at index `n`.
///
/// # Parameters
/// - `period` (`n`) ≥ 1.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, Roc};
/// let roc = Roc::new(1)?;
/// assert_eq!(roc.over(&[50.0, 75.0]), vec![None, Some(50.0)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// `talib.ROC` definition (`((price/prevPrice)-1)*100`); differential test
/// against the naive formula.
#[derive(Debug, Clone)]
pub struct Roc {
    inner: Return,
}

impl Roc {
    /// ROC over `period` bars; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        Ok(Roc {
            inner: Return::new(period).map_err(|_| IndicatorError::PeriodTooSmall {
                indicator: "ROC",
                name: "period",
                min: 1,
                value: period,
            })?,
        })
    }

    /// Batch form from a fresh state: output aligned to `data`.
    pub fn over(&self, data: &[f64]) -> Vec<Option<f64>> {
        self.inner
            .over(data)
            .into_iter()
            .map(|r| r.map(|r| r * 100.0))
            .collect()
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for Roc {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        self.inner.next(x).map(|r| r * 100.0)
    }

    fn lookback(&self) -> usize {
        self.inner.lookback()
    }

    fn reset(&mut self) {
        self.inner.reset();
    }
}
