//! Exponential moving average (TA-Lib `EMA`), seeded with the SMA of the
//! first `n` observations.
//!
//! Invariant: the update is `prev · (1 − k) + x · k` with `k = 2 / (n + 1)`
//! — algebraically TA-Lib's `((x − prev) · k) + prev`, but with one
//! multiply-add instead of subtract-multiply-add on the dependency chain.
//! Equal to TA-Lib to ~1e-15 relative. `next` and MACD take one bar at a
//! time and agree bit for bit; the batch forms (`over_dense`, and `over`,
//! its column spread out) step four bars at a time (`steps::FourSteps`),
//! within a few ulps of them (1e-14 relative, property-tested).

use super::dense::Dense;
use super::steps::FourSteps;
use super::{check_period, Indicator, IndicatorError};

/// Bars per block of [`Ema::over_dense`]'s loop (a 2 KB buffer on the
/// stack), a multiple of four.
const BLOCK: usize = 256;

/// Exponential moving average, `k = 2/(n+1)`, SMA-seeded (TA-Lib default).
///
/// # Formula
/// `EMA_{n−1} = mean(x_0..x_{n−1})`, then `EMA_t = EMA_{t−1}·(1 − k) + x_t·k`
/// with `k = 2/(n+1)`. First defined at index `n − 1`.
///
/// # Parameters
/// - `period` (`n`) ≥ 1 (`n = 1` reproduces the input).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Ema, Indicator};
/// let ema = Ema::new(3)?; // k = 0.5
/// assert_eq!(ema.over(&[1.0, 2.0, 3.0, 5.0]), vec![None, None, Some(2.0), Some(3.5)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// `talib.EMA(close, timeperiod=20)` (TA-Lib 0.8.2, unstable period 0):
/// golden tests on IWM and SPY.
#[derive(Debug, Clone)]
pub struct Ema {
    period: usize,
    k: f64,
    keep: f64,
    seen: usize,
    /// Seed sum while warming up, then the current EMA.
    value: f64,
}

impl Ema {
    /// An EMA over `period`; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("EMA", "period", period, 1)?;
        let k = 2.0 / (period as f64 + 1.0);
        Ok(Ema {
            period,
            k,
            keep: 1.0 - k,
            seen: 0,
            value: 0.0,
        })
    }

    /// The period `n`.
    pub fn period(&self) -> usize {
        self.period
    }

    /// The smoothing factor `k = 2/(n+1)`.
    pub fn k(&self) -> f64 {
        self.k
    }

    /// `1 − k`, the weight of the previous value.
    pub(crate) fn keep(&self) -> f64 {
        self.keep
    }

    /// Batch form from a fresh state: output aligned to `data` (the dense
    /// column spread out, see [`Dense::to_options`]).
    pub fn over(&self, data: &[f64]) -> Vec<Option<f64>> {
        self.over_dense(data).to_options()
    }

    /// Dense batch form over gap-free `data`: the values from index
    /// `period − 1` on (TA-Lib's `outBegIdx`), no `Option` per bar.
    pub fn over_dense(&self, data: &[f64]) -> Dense {
        let n = self.period;
        if data.len() < n {
            return Dense::empty(data.len());
        }
        let mut col = Dense::with_room(n - 1, data.len());
        let mut prev = 0.0;
        for &x in &data[..n] {
            prev += x;
        }
        prev /= n as f64;
        col.values.push(prev);
        // Four bars at a time (`FourSteps`: one multiply and one add per
        // four bars on the chain instead of per bar; within a few ulps of
        // streaming `next`, a group's first bar bit-equal), into a block
        // on the stack appended in one copy.
        let k = self.k;
        let steps = FourSteps::new(self.keep);
        let mut block = [0.0f64; BLOCK];
        for chunk in data[n..].chunks(BLOCK) {
            let m = chunk.len();
            let whole = m - m % 4;
            for (x, out) in chunk[..whole]
                .chunks_exact(4)
                .zip(block[..whole].chunks_exact_mut(4))
            {
                let a = steps.four(prev, [x[0] * k, x[1] * k, x[2] * k, x[3] * k]);
                prev = a[3];
                out.copy_from_slice(&a);
            }
            if m > whole {
                let mut x = [0.0; 4];
                for (x, &close) in x.iter_mut().zip(&chunk[whole..]) {
                    *x = close * k;
                }
                prev = steps.short(prev, &x[..m - whole], &mut block[whole..m]);
            }
            col.values.extend_from_slice(&block[..m]);
        }
        col
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for Ema {
    type Input = f64;
    type Output = f64;

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
        self.value = self.value * self.keep + x * self.k;
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
