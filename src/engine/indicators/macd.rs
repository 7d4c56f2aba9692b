//! MACD (TA-Lib `MACD`): fast EMA − slow EMA, its signal EMA and histogram,
//! with TA-Lib's seed alignment.
//!
//! Invariant: the fast EMA's SMA seed window *ends on the same bar* as the
//! slow EMA's (bars `slow−fast .. slow−1`), so the first MACD value is at
//! index `slow − 1` and the first signal/histogram at `slow + signal − 2`
//! (33 for 12/26/9), as TA-Lib (values equal to ~1e-13 relative).

use super::dense::Dense;
use super::ema::Ema;
use super::{check_period, Indicator, IndicatorError};

/// Bars per block of [`Macd::over_dense`]'s loop (a 1.5 KB buffer on the
/// stack).
const BLOCK: usize = 64;

const ZERO: MacdOutput = MacdOutput {
    macd: 0.0,
    signal: 0.0,
    histogram: 0.0,
};

/// MACD periods. The compact form is `macd-12-26-9`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MacdParams {
    /// Fast EMA period (default 12).
    pub fast: usize,
    /// Slow EMA period (default 26), ≥ `fast`.
    pub slow: usize,
    /// Signal EMA period (default 9).
    pub signal: usize,
}

impl Default for MacdParams {
    fn default() -> Self {
        MacdParams {
            fast: 12,
            slow: 26,
            signal: 9,
        }
    }
}

impl std::fmt::Display for MacdParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "macd-{}-{}-{}", self.fast, self.slow, self.signal)
    }
}

/// One MACD bar: the three lines TA-Lib returns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MacdOutput {
    /// Fast EMA − slow EMA.
    pub macd: f64,
    /// EMA of `macd` over the signal period.
    pub signal: f64,
    /// `macd − signal`.
    pub histogram: f64,
}

/// Moving Average Convergence/Divergence with TA-Lib's seed alignment.
///
/// # Formula
/// `MACD_t = EMA_fast_t − EMA_slow_t` (both SMA-seeded, the fast seed over
/// bars `slow−fast..slow−1`), `signal_t = EMA_signal(MACD)_t` (SMA-seeded),
/// `histogram_t = MACD_t − signal_t`. All three first defined at index
/// `slow + signal − 2`.
///
/// # Parameters
/// - `fast` ≥ 1, `slow` ≥ `fast`, `signal` ≥ 1 (TA-Lib swaps fast/slow
///   silently; we return an error instead).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, Macd, MacdParams};
/// let macd = Macd::new(MacdParams::default())?;
/// assert_eq!(macd.lookback(), 33);
/// let closes: Vec<f64> = (0..40).map(|i| 100.0 + i as f64).collect();
/// let out = macd.over(&closes);
/// assert!(out[32].is_none() && out[33].is_some());
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// `talib.MACD(close, 12, 26, 9)` (TA-Lib 0.8.2): golden tests on IWM and SPY
/// for all three lines.
#[derive(Debug, Clone)]
pub struct Macd {
    params: MacdParams,
    seen: usize,
    fast: Ema,
    slow: Ema,
    signal: Ema,
}

impl Macd {
    /// A MACD; `Err` if a period is 0 or `fast > slow`.
    pub fn new(params: MacdParams) -> Result<Self, IndicatorError> {
        check_period("MACD", "fast", params.fast, 1)?;
        check_period("MACD", "slow", params.slow, 1)?;
        check_period("MACD", "signal", params.signal, 1)?;
        if params.fast > params.slow {
            return Err(IndicatorError::Inconsistent {
                indicator: "MACD",
                reason: "fast period must not exceed slow period",
            });
        }
        Ok(Macd {
            params,
            seen: 0,
            fast: Ema::new(params.fast)?,
            slow: Ema::new(params.slow)?,
            signal: Ema::new(params.signal)?,
        })
    }

    /// The periods.
    pub fn params(&self) -> MacdParams {
        self.params
    }

    /// Batch form from a fresh state: output aligned to `data` (the dense
    /// column spread out, see [`Dense::to_options`]).
    pub fn over(&self, data: &[f64]) -> Vec<Option<MacdOutput>> {
        self.over_dense(data).to_options()
    }

    /// Dense batch form over gap-free `data`: the three lines from index
    /// `slow + signal − 2` on (TA-Lib's `outBegIdx`), no `Option` per bar
    /// (`.map(|m| m.signal)` takes one line out).
    pub fn over_dense(&self, data: &[f64]) -> Dense<MacdOutput> {
        let MacdParams { fast, slow, signal } = self.params;
        let first = slow + signal - 2;
        if data.len() <= first {
            return Dense::empty(data.len());
        }
        let mut col = Dense::with_room(first, data.len());
        let offset = slow - fast;
        let k_fast = self.fast.k();
        let k_slow = self.slow.k();
        let k_signal = self.signal.k();
        let (keep_fast, keep_slow, keep_signal) =
            (self.fast.keep(), self.slow.keep(), self.signal.keep());
        // Seeds: left folds from 0.0, as `Ema::next` accumulates them.
        let mut fast_ema = 0.0;
        for &x in &data[offset..slow] {
            fast_ema += x;
        }
        fast_ema /= fast as f64;
        let mut slow_ema = 0.0;
        for &x in &data[..slow] {
            slow_ema += x;
        }
        slow_ema /= slow as f64;
        // One pass: MACD line, signal seed, then signal EMA; no temporaries.
        let mut signal_value = fast_ema - slow_ema;
        for &x in data.iter().take(first).skip(slow) {
            fast_ema = fast_ema * keep_fast + x * k_fast;
            slow_ema = slow_ema * keep_slow + x * k_slow;
            signal_value += fast_ema - slow_ema;
        }
        // The signal seed's last MACD value is the one at `first`.
        let mut macd = fast_ema - slow_ema;
        if first >= slow {
            let x = data[first];
            fast_ema = fast_ema * keep_fast + x * k_fast;
            slow_ema = slow_ema * keep_slow + x * k_slow;
            macd = fast_ema - slow_ema;
            signal_value += macd;
        }
        signal_value /= signal as f64;
        col.values.push(MacdOutput {
            macd,
            signal: signal_value,
            histogram: macd - signal_value,
        });
        // Blocks of BLOCK bars: the three chains step over the block into a
        // buffer on the stack, appended in one copy (the state stays in
        // registers; appending bar by bar kept the vector's length in
        // memory on the chain).
        let mut block = [ZERO; BLOCK];
        for chunk in data[first + 1..].chunks(BLOCK) {
            for (&x, out) in chunk.iter().zip(block.iter_mut()) {
                fast_ema = fast_ema * keep_fast + x * k_fast;
                slow_ema = slow_ema * keep_slow + x * k_slow;
                let macd = fast_ema - slow_ema;
                signal_value = signal_value * keep_signal + macd * k_signal;
                *out = MacdOutput {
                    macd,
                    signal: signal_value,
                    histogram: macd - signal_value,
                };
            }
            col.values.extend_from_slice(&block[..chunk.len()]);
        }
        col
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<MacdOutput>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for Macd {
    type Input = f64;
    type Output = MacdOutput;

    fn next(&mut self, x: f64) -> Option<MacdOutput> {
        let index = self.seen;
        self.seen = self.seen.saturating_add(1);
        let slow = self.slow.next(x);
        // The fast EMA starts late so its seed window ends with the slow one's.
        let fast = if index >= self.params.slow - self.params.fast {
            self.fast.next(x)
        } else {
            None
        };
        let macd = fast? - slow?;
        let signal = self.signal.next(macd)?;
        Some(MacdOutput {
            macd,
            signal,
            histogram: macd - signal,
        })
    }

    fn lookback(&self) -> usize {
        self.params.slow + self.params.signal - 2
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.fast.reset();
        self.slow.reset();
        self.signal.reset();
    }
}
