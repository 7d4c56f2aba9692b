//! True range and Average True Range (TA-Lib `TRANGE`, `ATR`), Wilder.
//!
//! Invariant: the true range needs the previous close, so bar 0 has none;
//! ATR is Wilder's average of the true ranges of bars `1..`, seeded with
//! their simple mean, first defined at index `n` — as TA-Lib.

use super::rma::{WilderRma, WilderSmoothing};
use super::{check_period, Indicator, IndicatorError};

/// Bars per block of [`Atr::over`]'s batch loop (512 bytes of true ranges
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
/// First defined at index `n`.
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
        // Blocks of ATR_BLOCK bars: a vectorised pass writes their true
        // ranges to a buffer on the stack, then the smoothing runs over it.
        // The smoothing is a chain (each bar's multiply and add wait for the
        // previous bar's), so its loop sets the pace; kept this small it
        // holds `atr` in a register (one loop doing both spilled `atr` to
        // the stack, about 2x slower), and the buffer stays in L1 instead
        // of the 8 MB per 10⁶ bars a whole-series pass of true ranges
        // writes and reads back.
        let smoothing = WilderSmoothing::new(n);
        let mut true_ranges = [0.0; ATR_BLOCK];
        let (mut from, to) = (n + 1, len);
        while from < to {
            let block_end = to.min(from + ATR_BLOCK);
            let block = &mut true_ranges[..block_end - from];
            for (tr, ((&high, &low), &prev_close)) in block.iter_mut().zip(bars(from, block_end)) {
                *tr = true_range_of(high, low, prev_close);
            }
            // The update `WilderRma::next` applies, so bit-equal to streaming.
            out.extend(block.iter().map(|&tr| {
                atr = smoothing.update(atr, tr);
                Some(atr)
            }));
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
