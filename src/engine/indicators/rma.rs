//! Wilder's moving average (RMA, "smoothed moving average"), SMA-seeded, as
//! TA-Lib uses inside RSI and ATR.
//!
//! Invariant: the update is TA-Lib's `(prev · (n − 1) + x) / n` in that
//! order, so RSI and ATR built on it match TA-Lib bit for bit.

use super::{check_period, Indicator, IndicatorError};

/// Wilder's smoothing: an EMA with `α = 1/n`, seeded with the SMA of the
/// first `n` observations.
///
/// # Formula
/// `RMA_{n−1} = mean(x_0..x_{n−1})`, then `RMA_t = (RMA_{t−1}·(n−1) + x_t) / n`.
/// First defined at index `n − 1`.
///
/// # Parameters
/// - `period` (`n`) ≥ 1.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, WilderRma};
/// let rma = WilderRma::new(2)?;
/// assert_eq!(rma.over(&[1.0, 3.0, 6.0]), vec![None, Some(2.0), Some(4.0)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// J. W. Wilder, *New Concepts in Technical Trading Systems* (1978); TA-Lib's
/// RSI/ATR smoothing (checked through the RSI and ATR golden tests).
#[derive(Debug, Clone)]
pub struct WilderRma {
    period: usize,
    seen: usize,
    value: f64,
}

impl WilderRma {
    /// A Wilder average over `period`; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("RMA", "period", period, 1)?;
        Ok(WilderRma {
            period,
            seen: 0,
            value: 0.0,
        })
    }

    /// The period `n`.
    pub fn period(&self) -> usize {
        self.period
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

impl Indicator for WilderRma {
    type Input = f64;
    type Output = f64;

    #[inline]
    fn next(&mut self, x: f64) -> Option<f64> {
        if self.seen < self.period {
            self.seen += 1;
            self.value += x;
            if self.seen < self.period {
                return None;
            }
            self.value /= self.period as f64;
            return Some(self.value);
        }
        self.value *= (self.period - 1) as f64;
        self.value += x;
        self.value /= self.period as f64;
        Some(self.value)
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.value = 0.0;
    }
}
