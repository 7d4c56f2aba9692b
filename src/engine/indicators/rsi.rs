//! Relative Strength Index with Wilder's smoothing and TA-Lib's seed.
//!
//! Invariant: the averages are seeded with the simple mean of the first `n`
//! gains and losses (TA-Lib's seed) and then smoothed with Wilder's
//! `α = 1/n`, so values match `talib.RSI` (to ~1e-13 on 30 years of data).
//! This is *not* the EMA-smoothed (`α = 2/(n+1)`) or bar-0-seeded RSI some
//! crates ship (ta-rs issue #46).

use super::dense::Dense;
use super::rma::WilderSmoothing;
use super::{check_period, Indicator, IndicatorError};

/// RSI with Wilder smoothing, seeded as TA-Lib (first value needs `n + 1`
/// prices).
///
/// # Formula
/// `d_t = x_t − x_{t−1}`, `gain = max(d, 0)`, `loss = max(−d, 0)`.
/// `G_n = mean(gain_1..gain_n)`, `L_n` likewise; then
/// `G_t = G_{t−1}·(n−1)/n + gain_t/n`, `L_t` likewise.
/// `RSI_t = 100 · G_t / (G_t + L_t)`, and `0` when `G_t + L_t = 0`
/// (a flat series), as TA-Lib. First defined at index `n`.
///
/// # Parameters
/// - `period` (`n`) ≥ 1 (TA-Lib's minimum is 2; `n = 1` gives 100 on an up
///   bar, 0 on a down bar).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, WilderRsi};
/// let rsi = WilderRsi::new(2)?;
/// // Changes +1, −1: G = 0.5, L = 0.5 → 50; then +2: G = 1.25, L = 0.25.
/// let out = rsi.over(&[1.0, 2.0, 1.0, 3.0]);
/// assert_eq!(out[..2], [None, None]);
/// assert_eq!(out[2], Some(50.0));
/// assert!((out[3].unwrap_or(0.0) - 100.0 * 1.25 / 1.5).abs() < 1e-12);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// `talib.RSI(close, timeperiod=14)` (TA-Lib 0.8.2): golden tests on IWM and
/// SPY; StockCharts ChartSchool sample (first RSI 70.53).
#[derive(Debug, Clone)]
pub struct WilderRsi {
    period: usize,
    smoothing: WilderSmoothing,
    prev: Option<f64>,
    changes: usize,
    avg_gain: f64,
    avg_loss: f64,
}

/// RSI from the two Wilder averages; 0 when both are 0 (TA-Lib ≥ 0.6 tests
/// the sum of two non-negative averages against a scale-aware zero, which
/// is only true when both are exactly 0).
/// Gain and loss of one change, without a branch (random-walk closes make
/// `d < 0` unpredictable); `max` compiles to `maxsd`/`maxpd`, measurably
/// faster here than compare-and-select.
#[inline(always)]
fn split(d: f64) -> (f64, f64) {
    (d.max(0.0), (-d).max(0.0))
}

#[inline(always)]
fn rsi_value(gain: f64, loss: f64) -> f64 {
    let total = gain + loss;
    // Divide unconditionally and select (0/0 = NaN is discarded): no branch
    // in the hot loop.
    let value = 100.0 * (gain / total);
    if total == 0.0 {
        0.0
    } else {
        value
    }
}

impl WilderRsi {
    /// An RSI over `period` changes; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("RSI", "period", period, 1)?;
        Ok(WilderRsi {
            period,
            smoothing: WilderSmoothing::new(period),
            prev: None,
            changes: 0,
            avg_gain: 0.0,
            avg_loss: 0.0,
        })
    }

    /// The period `n`.
    pub fn period(&self) -> usize {
        self.period
    }

    /// Batch form from a fresh state: output aligned to `data` (the dense
    /// column spread out, see [`Dense::to_options`]).
    pub fn over(&self, data: &[f64]) -> Vec<Option<f64>> {
        self.over_dense(data).to_options()
    }

    /// Dense batch form over gap-free `data`: the values from index
    /// `period` on (TA-Lib's `outBegIdx`), no `Option` per bar.
    pub fn over_dense(&self, data: &[f64]) -> Dense {
        let n = self.period;
        if data.len() <= n {
            return Dense::empty(data.len());
        }
        let mut col = Dense::with_room(n, data.len());
        let n_f = n as f64;
        let (mut gain, mut loss) = (0.0, 0.0);
        for w in data[..=n].windows(2) {
            let (g, l) = split(w[1] - w[0]);
            gain += g;
            loss += l;
        }
        gain /= n_f;
        loss /= n_f;
        col.values.push(rsi_value(gain, loss));
        // Blocks of CHUNK bars: first the scaled gains/losses (independent
        // per bar, vectorised), then the two smoothing chains. The factors
        // are plain locals (through the struct's method LLVM vectorised
        // worse). Same values as `WilderSmoothing::update` (`g · take` is
        // rounded the same either way), so still bit-equal to `next`.
        const CHUNK: usize = 256;
        let WilderSmoothing { keep, take } = self.smoothing;
        let mut gains = [0.0f64; CHUNK];
        let mut losses = [0.0f64; CHUNK];
        let mut start = n + 1;
        while start < data.len() {
            let end = (start + CHUNK).min(data.len());
            let m = end - start;
            let changes = data[start..end].iter().zip(&data[start - 1..end - 1]);
            for ((g, l), (&x, &prev)) in gains[..m].iter_mut().zip(&mut losses[..m]).zip(changes) {
                let (up, down) = split(x - prev);
                *g = up * take;
                *l = down * take;
            }
            col.values
                .extend(gains[..m].iter().zip(&losses[..m]).map(|(&g, &l)| {
                    gain = gain * keep + g;
                    loss = loss * keep + l;
                    rsi_value(gain, loss)
                }));
            start = end;
        }
        col
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry;
    /// the change after a gap is measured from the last observed price).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for WilderRsi {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        let prev = self.prev.replace(x)?;
        let (g, l) = split(x - prev);
        if self.changes < self.period {
            self.changes += 1;
            self.avg_gain += g;
            self.avg_loss += l;
            if self.changes < self.period {
                return None;
            }
            let n_f = self.period as f64;
            self.avg_gain /= n_f;
            self.avg_loss /= n_f;
        } else {
            self.avg_gain = self.smoothing.update(self.avg_gain, g);
            self.avg_loss = self.smoothing.update(self.avg_loss, l);
        }
        Some(rsi_value(self.avg_gain, self.avg_loss))
    }

    fn lookback(&self) -> usize {
        self.period
    }

    fn reset(&mut self) {
        self.prev = None;
        self.changes = 0;
        self.avg_gain = 0.0;
        self.avg_loss = 0.0;
    }
}
