//! Rolling z-score: how many (population) standard deviations the current
//! value lies from the mean of its trailing window.
//!
//! Invariant: only the trailing window (current bar included) is used —
//! never full-sample statistics — so the value is causal; a flat window
//! gives 0, never NaN.

use super::{check_period, Indicator, IndicatorError, Window};

/// Rolling z-score over `n` observations (ddof = 0).
///
/// # Formula
/// `z_t = (x_t − mean_t) / σ_t`, mean and population σ over `x_{t−n+1}..x_t`;
/// `z_t = 0` when `σ_t ≤ 1e−12·|mean_t|` (a flat window). First defined at
/// index `n − 1`.
///
/// # Parameters
/// - `period` (`n`) ≥ 2.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, ZScore};
/// let z = ZScore::new(2)?;
/// assert_eq!(z.over(&[1.0, 3.0, 3.0]), vec![None, Some(1.0), Some(0.0)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// Definition; differential test against a naive two-pass formula.
#[derive(Debug, Clone)]
pub struct ZScore {
    period: usize,
    window: Window,
}

impl ZScore {
    /// A z-score over `period` values; `Err` if `period < 2`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("ZScore", "period", period, 2)?;
        Ok(ZScore {
            period,
            window: Window::new(period),
        })
    }

    /// Batch form from a fresh state: output aligned to `data`.
    pub fn over(&self, data: &[f64]) -> Vec<Option<f64>> {
        super::stream(self, data)
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, data)
    }
}

/// z-score of `x` against `values` (population σ, two-pass).
pub(crate) fn zscore_of(x: f64, values: &[f64]) -> Option<f64> {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    let sigma = var.sqrt();
    let z = if sigma <= 1e-12 * mean.abs() || sigma == 0.0 {
        0.0
    } else {
        (x - mean) / sigma
    };
    z.is_finite().then_some(z)
}

impl Indicator for ZScore {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        self.window.push(x);
        if !self.window.is_full() {
            return None;
        }
        zscore_of(x, self.window.values())
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn reset(&mut self) {
        self.window.clear();
    }
}
