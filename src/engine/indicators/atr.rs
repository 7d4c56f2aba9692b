//! True range and Average True Range (TA-Lib `TRANGE`, `ATR`), Wilder.
//!
//! Invariant: the true range needs the previous close, so bar 0 has none;
//! ATR is Wilder's average of the true ranges of bars `1..`, seeded with
//! their simple mean, first defined at index `n` — as TA-Lib.

use super::rma::{WilderRma, WilderSmoothing};
use super::{check_period, Indicator, IndicatorError};

/// Bars per block of [`Atr::over`]'s batch loop (two 512-byte buffers
/// on the stack; 64–256 measured alike, 2048 as slow as no blocks).
const ATR_BLOCK: usize = 64;

/// One OHLC bar as ATR needs it (open is irrelevant).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    pub high: f64,
    pub low: f64,
    pub close: f64,
}

/// `max(high − low, |prev_close − high|, |prev_close − low|)`, in TA-Lib's
/// comparison order.
#[inline(always)]
fn true_range(bar: Bar, prev_close: f64) -> f64 {
    true_range_of(bar.high, bar.low, prev_close)
}

/// [`true_range`] on plain floats (the batch loop's form).
#[inline(always)]
fn true_range_of(high: f64, low: f64, prev_close: f64) -> f64 {
    let range = high - low;
    let to_high = (prev_close - high).abs();
    let greatest = if to_high > range { to_high } else { range };
    let to_low = (prev_close - low).abs();
    if to_low > greatest {
        to_low
    } else {
        greatest
    }
}

/// True range of each bar against the previous close.
///
/// # Formula
/// `TR_t = max(H_t − L_t, |C_{t−1} − H_t|, |C_{t−1} − L_t|)`, first defined
/// at index 1.
///
/// # Parameters
/// None.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Bar, Indicator, TrueRange};
/// let mut tr = TrueRange::new();
/// assert_eq!(tr.next(Bar { high: 11.0, low: 9.0, close: 10.0 }), None);
/// // Gap up: the range to the previous close (10) dominates.
/// assert_eq!(tr.next(Bar { high: 14.0, low: 13.0, close: 13.5 }), Some(4.0));
/// ```
///
/// # Reference
/// `talib.TRANGE` (through the ATR golden tests).
#[derive(Debug, Clone, Default)]
pub struct TrueRange {
    prev_close: Option<f64>,
}

impl TrueRange {
    /// A true-range calculator with no history.
    pub fn new() -> Self {
        TrueRange { prev_close: None }
    }
}

impl Indicator for TrueRange {
    type Input = Bar;
    type Output = f64;

    fn next(&mut self, bar: Bar) -> Option<f64> {
        let prev = self.prev_close.replace(bar.close)?;
        Some(true_range(bar, prev))
    }

    fn lookback(&self) -> usize {
        1
    }

    fn reset(&mut self) {
        self.prev_close = None;
    }
}

/// Average True Range with Wilder smoothing, as TA-Lib.
///
/// # Formula
/// `ATR_n = mean(TR_1..TR_n)`, then `ATR_t = ATR_{t−1}·(n−1)/n + TR_t/n`.
/// First defined at index `n`. [`Atr::over`] evaluates the recurrence four
/// bars at a time (faster; within a few ulps of [`Indicator::next`], which
/// takes one bar at a time).
///
/// # Parameters
/// - `period` (`n`) ≥ 1 (`n = 1` gives the true range itself).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Atr, Indicator};
/// let atr = Atr::new(2)?;
/// let out = atr.over(&[11.0, 12.0, 12.0], &[9.0, 10.0, 11.0], &[10.0, 11.0, 11.5]);
/// // TR_1 = 2, TR_2 = 1 → seed 1.5 at index 2.
/// assert_eq!(out, vec![None, None, Some(1.5)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// `talib.ATR(high, low, close, timeperiod=14)` (TA-Lib 0.8.2): golden tests
/// on IWM and SPY.
#[derive(Debug, Clone)]
pub struct Atr {
    period: usize,
    true_range: TrueRange,
    average: WilderRma,
}

impl Atr {
    /// An ATR over `period` true ranges; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("ATR", "period", period, 1)?;
        Ok(Atr {
            period,
            true_range: TrueRange::new(),
            average: WilderRma::new(period)?,
        })
    }

    /// The period `n`.
    pub fn period(&self) -> usize {
        self.period
    }

    /// Batch form from a fresh state over three aligned columns (the
    /// shortest length wins); output aligned to them.
    pub fn over(&self, high: &[f64], low: &[f64], close: &[f64]) -> Vec<Option<f64>> {
        let len = high.len().min(low.len()).min(close.len());
        let n = self.period;
        if len <= n {
            return vec![None; len];
        }
        // Bar i pairs high[i] and low[i] with the previous close, close[i − 1].
        let bars = |from: usize, to: usize| {
            high[from..to]
                .iter()
                .zip(&low[from..to])
                .zip(&close[from - 1..to - 1])
        };
        let mut out = Vec::with_capacity(len);
        out.extend(std::iter::repeat_n(None, n));
        // The seed: the mean of TR_1..TR_n, summed in order as `WilderRma`.
        let mut atr = 0.0;
        for ((&high, &low), &prev_close) in bars(1, n + 1) {
            atr += true_range_of(high, low, prev_close);
        }
        atr /= n as f64;
        out.push(Some(atr));
        // Blocks of ATR_BLOCK bars: a vectorised pass writes their scaled
        // true ranges (`TR/n`) to a buffer on the stack, then the smoothing
        // runs over it, and the block's values are written out in one go.
        // The smoothing is a chain — each bar waits for the previous bar's
        // multiply and add — and one bar at a time it set the pace (TA-Lib
        // shortens the same chain with a fused multiply-add, which baseline
        // x86-64 and wasm32 lack). So it steps four bars at a time:
        //   a₄ = a₀·k⁴ + c₄,  c₁ = x₁,  c_j = c_{j−1}·k + x_j
        // (k = (n−1)/n, x = TR/n): the c's do not depend on a₀, so only
        // one multiply and one add per four bars wait for the previous
        // group. The same recurrence evaluated in another order: within a
        // few ulps of streaming `next` (which takes one bar at a time; a
        // group's first bar is bit-equal to it), far inside the 1e-9 of
        // the TA-Lib golden tests. Groups start at the seed and a short
        // last group uses the same formulas, so a value never depends on
        // later bars (cutting the input changes no earlier value).
        let WilderSmoothing { keep: k1, take } = WilderSmoothing::new(n);
        let powers = [k1, k1 * k1, k1 * k1 * k1, k1 * k1 * k1 * k1];
        let mut scaled = [0.0; ATR_BLOCK];
        let mut values = [0.0; ATR_BLOCK];
        let (mut from, to) = (n + 1, len);
        while from < to {
            let block_end = to.min(from + ATR_BLOCK);
            let m = block_end - from;
            for (x, ((&high, &low), &prev_close)) in
                scaled[..m].iter_mut().zip(bars(from, block_end))
            {
                *x = true_range_of(high, low, prev_close) * take;
            }
            let whole = m - m % 4;
            for (x, a) in scaled[..whole]
                .chunks_exact(4)
                .zip(values[..whole].chunks_exact_mut(4))
            {
                let c2 = x[0] * k1 + x[1];
                let c3 = c2 * k1 + x[2];
                let c4 = c3 * k1 + x[3];
                a[0] = atr * powers[0] + x[0];
                a[1] = atr * powers[1] + c2;
                a[2] = atr * powers[2] + c3;
                atr = atr * powers[3] + c4;
                a[3] = atr;
            }
            // The last, short group (only at the end of the input).
            let mut c = 0.0;
            for (j, (x, a)) in scaled[whole..m]
                .iter()
                .zip(&mut values[whole..m])
                .enumerate()
            {
                c = if j == 0 { *x } else { c * k1 + x };
                *a = atr * powers[j] + c;
            }
            if m > whole {
                atr = values[m - 1];
            }
            out.extend(values[..m].iter().map(|&a| Some(a)));
            from = block_end;
        }
        out
    }

    /// Batch form over bars.
    pub fn over_bars(&self, bars: &[Bar]) -> Vec<Option<f64>> {
        super::stream(self, bars)
    }

    /// Batch form over possibly-missing bars (gap policy: skip and carry; the
    /// true range after a gap uses the last observed close).
    pub fn over_gappy(&self, bars: &[Option<Bar>]) -> Vec<Option<f64>> {
        super::stream_gappy(self, bars)
    }
}

impl Indicator for Atr {
    type Input = Bar;
    type Output = f64;

    fn next(&mut self, bar: Bar) -> Option<f64> {
        let tr = self.true_range.next(bar)?;
        self.average.next(tr)
    }

    fn lookback(&self) -> usize {
        self.period
    }

    fn reset(&mut self) {
        self.true_range.reset();
        self.average.reset();
    }
}
