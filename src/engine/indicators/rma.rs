//! Wilder's moving average (RMA, "smoothed moving average"), SMA-seeded, as
//! TA-Lib uses inside RSI and ATR.
//!
//! Invariant: the update is `prev · (n−1)/n + x · 1/n` with both factors
//! computed once, exactly as in RSI and ATR, so every Wilder average in the
//! crate rounds the same way (TA-Lib's C source divides by `n` each bar; the
//! results agree to ~1e-15 relative, and TA-Lib 0.8's own wheels differ from
//! that source in the last bits too).

use super::{check_period, Indicator, IndicatorError};

/// Wilder's smoothing: an EMA with `α = 1/n`, seeded with the SMA of the
/// first `n` observations.
///
/// # Formula
/// `RMA_{n−1} = mean(x_0..x_{n−1})`, then `RMA_t = RMA_{t−1}·(n−1)/n + x_t/n`.
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
    smoothing: WilderSmoothing,
    seen: usize,
    value: f64,
}

/// The two constant factors of Wilder's update, `(n−1)/n` and `1/n`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WilderSmoothing {
    /// `(n−1)/n`.
    pub(crate) keep: f64,
    /// `1/n`.
    pub(crate) take: f64,
}

impl WilderSmoothing {
    pub(crate) fn new(period: usize) -> Self {
        let n = period as f64;
        WilderSmoothing {
            keep: (n - 1.0) / n,
            take: 1.0 / n,
        }
    }

    /// `avg·(n−1)/n + x/n`: one multiply-add on the dependency chain, no
    /// division (the reason this is faster than the textbook form).
    #[inline(always)]
    pub(crate) fn update(self, avg: f64, x: f64) -> f64 {
        avg * self.keep + x * self.take
    }
}

impl WilderRma {
    /// A Wilder average over `period`; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("RMA", "period", period, 1)?;
        Ok(WilderRma {
            period,
            smoothing: WilderSmoothing::new(period),
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
        self.value = self.smoothing.update(self.value, x);
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
