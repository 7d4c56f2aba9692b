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
    /// Running mean and sum of squared deviations of the window, slid in
    /// O(1) per bar (the windowed Welford update) and recomputed exactly
    /// every `period` bars so rounding cannot drift.
    mean: f64,
    m2: f64,
    since_exact: usize,
}

impl ZScore {
    /// A z-score over `period` values; `Err` if `period < 2`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("ZScore", "period", period, 2)?;
        Ok(ZScore {
            period,
            window: Window::new(period),
            mean: 0.0,
            m2: 0.0,
            since_exact: 0,
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

impl ZScore {
    /// Mean and M2 of the full window, two-pass (the exact reference the
    /// sliding update is re-anchored to).
    fn recompute_exactly(&mut self) {
        let values = self.window.values();
        let n = self.period as f64;
        self.mean = values.iter().sum::<f64>() / n;
        self.m2 = values
            .iter()
            .map(|v| (v - self.mean) * (v - self.mean))
            .sum::<f64>();
        self.since_exact = 0;
    }
}

impl Indicator for ZScore {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        let evicted = self.window.push(x);
        if !self.window.is_full() {
            return None;
        }
        let n = self.period as f64;
        match evicted {
            Some(old) if self.since_exact < self.period => {
                // Replace `old` by `x`: mean' = mean + (x − old)/n,
                // M2' = M2 + (x − old)(x − mean' + old − mean).
                let mean = self.mean + (x - old) / n;
                self.m2 += (x - old) * (x - mean + old - self.mean);
                self.mean = mean;
                self.since_exact += 1;
            }
            _ => self.recompute_exactly(),
        }
        let mut sigma = (self.m2.max(0.0) / n).sqrt();
        if sigma <= 1e-6 * self.mean.abs() && self.since_exact > 0 {
            // Nearly flat: the slid M2 may be all rounding; decide exactly.
            self.recompute_exactly();
            sigma = (self.m2 / n).sqrt();
        }
        let z = if sigma <= 1e-12 * self.mean.abs() || sigma == 0.0 {
            0.0
        } else {
            (x - self.mean) / sigma
        };
        z.is_finite().then_some(z)
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn reset(&mut self) {
        self.window.clear();
        self.mean = 0.0;
        self.m2 = 0.0;
        self.since_exact = 0;
    }
}
