//! Realised volatility: sample standard deviation of daily log returns over a
//! window, annualised with √252.
//!
//! Invariant: each value is computed two-pass from the window's log returns
//! (no running-sum cancellation), so it equals the naive formula to rounding
//! and is never negative.

use super::{check_period, Indicator, IndicatorError, Window};

/// Trading days per year used to annualise.
pub const TRADING_DAYS_PER_YEAR: f64 = 252.0;

/// Realised volatility of log returns (ddof = 1), annualised.
///
/// # Formula
/// `r_t = ln(x_t / x_{t−1})`; `σ_t = sqrt(Σ(r − r̄)² / (n − 1)) · √252` over the
/// last `n` returns. First defined at index `n` (needs `n + 1` prices).
///
/// # Parameters
/// - `period` (`n`) ≥ 2 returns (21 for `vol_21d`).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, RealizedVolatility};
/// let vol = RealizedVolatility::new(2)?;
/// let out = vol.over(&[100.0, 100.0, 100.0]);
/// assert_eq!(out, vec![None, None, Some(0.0)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// Usual definition (e.g. `pandas` `np.log(c).diff().rolling(n).std() * sqrt(252)`);
/// hand-computed value on IWM in `tests/indicators.rs`.
#[derive(Debug, Clone)]
pub struct RealizedVolatility {
    period: usize,
    prev: Option<f64>,
    returns: Window,
}

impl RealizedVolatility {
    /// Volatility over `period` returns; `Err` if `period < 2`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("RealizedVolatility", "period", period, 2)?;
        Ok(RealizedVolatility {
            period,
            prev: None,
            returns: Window::new(period),
        })
    }

    /// Batch form from a fresh state: output aligned to `data`.
    pub fn over(&self, data: &[f64]) -> Vec<Option<f64>> {
        super::stream(self, data)
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry;
    /// the return after a gap spans it).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, data)
    }
}

/// Sample standard deviation (ddof = 1) of `values`, two-pass.
pub(crate) fn sample_std(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    (ss / (n - 1.0)).sqrt()
}

impl Indicator for RealizedVolatility {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        let prev = self.prev.replace(x)?;
        self.returns.push((x / prev).ln());
        if !self.returns.is_full() {
            return None;
        }
        let sigma = sample_std(self.returns.values()) * TRADING_DAYS_PER_YEAR.sqrt();
        sigma.is_finite().then_some(sigma)
    }

    fn lookback(&self) -> usize {
        self.period
    }

    fn reset(&mut self) {
        self.prev = None;
        self.returns.clear();
    }
}
