//! True range and Average True Range (TA-Lib `TRANGE`, `ATR`), Wilder.
//!
//! Invariant: the true range needs the previous close, so bar 0 has none;
//! ATR is Wilder's average of the true ranges of bars `1..`, seeded with
//! their simple mean, first defined at index `n` — as TA-Lib.

use super::dense::Dense;
use super::rma::{WilderRma, WilderSmoothing};
use super::steps::FourSteps;
use super::{check_period, Indicator, IndicatorError};

/// Bars per block of [`Atr::over_dense`]'s batch loop (two 256-byte
/// buffers on the stack), a multiple of four: 16–32 measured alike and
/// ~10 % faster than 64, 8 slower (interleaved runs of the timer bench).
const ATR_BLOCK: usize = 32;

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

/// [`true_range`] on plain floats (the batch loop's form). In a loop of
/// its own it vectorises to `maxpd` (no branch); inlined into the
/// smoothing's four-bar groups it became compare, mask and a branch per
/// bar (3× slower), and `f64::max` there cost NaN handling per bar.
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
/// First defined at index `n`. [`Atr::over_dense`] (and `over`, its column
/// spread out) evaluates the recurrence four
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
    /// shortest length wins); output aligned to them (the dense column
    /// spread out, see [`Dense::to_options`]).
    pub fn over(&self, high: &[f64], low: &[f64], close: &[f64]) -> Vec<Option<f64>> {
        self.over_dense(high, low, close).to_options()
    }

    /// Dense batch form over three aligned gap-free columns (the shortest
    /// length wins): the values from index `period` on (TA-Lib's
    /// `outBegIdx`), no `Option` per bar.
    pub fn over_dense(&self, high: &[f64], low: &[f64], close: &[f64]) -> Dense {
        let len = high.len().min(low.len()).min(close.len());
        let n = self.period;
        if len <= n {
            return Dense::empty(len);
        }
        // Bar i pairs high[i] and low[i] with the previous close, close[i − 1].
        let bars = |from: usize, to: usize| {
            high[from..to]
                .iter()
                .zip(&low[from..to])
                .zip(&close[from - 1..to - 1])
        };
        let mut col = Dense::with_room(n, len);
        // The seed: the mean of TR_1..TR_n, summed in order as `WilderRma`.
        let mut atr = 0.0;
        for ((&high, &low), &prev_close) in bars(1, n + 1) {
            atr += true_range_of(high, low, prev_close);
        }
        atr /= n as f64;
        col.values.push(atr);
        // Blocks of ATR_BLOCK bars: a vectorised pass writes their scaled
        // true ranges (`TR/n`) to a buffer on the stack, then the smoothing
        // runs over it four bars at a time (`FourSteps`: one multiply and
        // one add per four bars on the chain; within a few ulps of
        // streaming `next`, a group's first bar bit-equal), and the block's
        // values are appended in one copy. Small blocks let the next
        // block's column reads overlap this block's smoothing.
        let WilderSmoothing { keep, take } = WilderSmoothing::new(n);
        let steps = FourSteps::new(keep);
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
            for (x, out) in scaled[..whole]
                .chunks_exact(4)
                .zip(values[..whole].chunks_exact_mut(4))
            {
                let a = steps.four(atr, [x[0], x[1], x[2], x[3]]);
                atr = a[3];
                out.copy_from_slice(&a);
            }
            // The last, short group (only at the end of the input).
            if m > whole {
                atr = steps.short(atr, &scaled[whole..m], &mut values[whole..m]);
            }
            col.values.extend_from_slice(&values[..m]);
            from = block_end;
        }
        col
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
