//! Simple moving average (TA-Lib `SMA`): the mean of the last `n` observations.
//!
//! Invariant: the running sum always holds the whole window and is updated
//! by `sum += x_new − x_old` — one add on the dependency chain (TA-Lib adds
//! then subtracts: two), the difference computed off the chain. Equal to
//! TA-Lib to ~1e-15 relative; batch and streaming share the expression, so
//! they agree bit for bit.

use super::dense::Dense;
use super::{check_period, Indicator, IndicatorError, Window};

/// Bars per block of [`Sma::over_dense`]'s loop (a 512-byte buffer on the
/// stack).
const BLOCK: usize = 64;

/// Simple moving average of the last `period` observations.
///
/// # Formula
/// `SMA_t = (x_{t-n+1} + … + x_t) / n`, first defined at index `n − 1`.
/// Computed with a running window sum (one subtract, one add, one divide per bar).
///
/// # Parameters
/// - `period` (`n`) ≥ 1.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, Sma};
/// let sma = Sma::new(3)?;
/// assert_eq!(sma.over(&[1.0, 2.0, 3.0, 4.0]), vec![None, None, Some(2.0), Some(3.0)]);
/// assert_eq!(sma.lookback(), 2);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// `talib.SMA(close, timeperiod=n)` (TA-Lib 0.8.2): golden tests on the real
/// IWM and SPY files for n = 50 and 200 (`tests/indicators.rs`).
#[derive(Debug, Clone)]
pub struct Sma {
    period: usize,
    window: Window,
    sum: f64,
}

impl Sma {
    /// An SMA over `period` observations; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("SMA", "period", period, 1)?;
        Ok(Sma {
            period,
            window: Window::new(period),
            sum: 0.0,
        })
    }

    /// The window length.
    pub fn period(&self) -> usize {
        self.period
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
        // Written once, front to back (no pre-fill): the output is the
        // memory-bound part of this loop.
        let mut col = Dense::with_room(n - 1, data.len());
        let n_f = n as f64;
        let mut sum = 0.0;
        for &x in &data[..n] {
            sum += x;
        }
        col.values.push(sum / n_f);
        // Blocks of BLOCK bars: the running sum (the chain, one add per bar)
        // steps over the block into a buffer on the stack, then a separate
        // pass divides the block by `n` and appends it — vectorised, where
        // one scalar divide per bar set the pace (same divisions, so the
        // same values).
        let mut sums = [0.0f64; BLOCK];
        for (entering, leaving) in data[n..].chunks(BLOCK).zip(data.chunks(BLOCK)) {
            let m = entering.len();
            for ((s, &x), &oldest) in sums[..m].iter_mut().zip(entering).zip(leaving) {
                sum += x - oldest;
                *s = sum;
            }
            col.values.extend(sums[..m].iter().map(|&s| s / n_f));
        }
        col
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for Sma {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        match self.window.push(x) {
            Some(oldest) => self.sum += x - oldest,
            None => self.sum += x,
        }
        self.window.is_full().then(|| self.sum / self.period as f64)
    }

    fn lookback(&self) -> usize {
        self.period - 1
    }

    fn reset(&mut self) {
        self.window.clear();
        self.sum = 0.0;
    }
}
