//! Drawdown from the running peak, distance from the 52-week (252-bar) high,
//! and record-high detection — all on closes, within the loaded history.
//!
//! Invariant: for positive inputs every drawdown-type output is ≤ 0 and
//! uses only past and current observations.

use std::collections::VecDeque;

use super::{check_period, Indicator, IndicatorError};

/// Bars in the "52-week" window (close-based, not intraday highs).
pub const BARS_52W: usize = 252;

/// Drawdown from the running peak of everything seen so far.
///
/// # Formula
/// `DD_t = x_t / max(x_0..x_t) − 1` (≤ 0), defined from index 0.
///
/// # Parameters
/// None.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Drawdown, Indicator};
/// let dd = Drawdown::new();
/// assert_eq!(dd.over(&[100.0, 120.0, 90.0]), vec![Some(0.0), Some(0.0), Some(-0.25)]);
/// ```
///
/// # Reference
/// Hand-computed values on IWM (`tests/fixtures/README.md`).
#[derive(Debug, Clone, Default)]
pub struct Drawdown {
    peak: Option<f64>,
}

impl Drawdown {
    /// A drawdown tracker with no history.
    pub fn new() -> Self {
        Drawdown { peak: None }
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

impl Indicator for Drawdown {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        let peak = match self.peak {
            Some(p) if p >= x => p,
            _ => x,
        };
        self.peak = Some(peak);
        let dd = x / peak - 1.0;
        dd.is_finite().then_some(dd.min(0.0))
    }

    fn lookback(&self) -> usize {
        0
    }

    fn reset(&mut self) {
        self.peak = None;
    }
}

/// Distance of the close from the highest close of the last `window` bars
/// (current bar included).
///
/// # Formula
/// `P_t = x_t / max(x_{t−w+1}..x_t) − 1` (≤ 0), first defined at `w − 1`.
///
/// # Parameters
/// - `window` ≥ 1 bars ([`BARS_52W`] = 252 for "% from 52-week high").
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, PctFromHigh};
/// let p = PctFromHigh::new(2)?;
/// // The 100 leaves the 2-bar window on the third bar, so 75 is its own high.
/// assert_eq!(p.over(&[100.0, 50.0, 75.0]), vec![None, Some(-0.5), Some(0.0)]);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// finviz "52W High" (close-based here); hand-computed values on IWM.
#[derive(Debug, Clone)]
pub struct PctFromHigh {
    window: usize,
    seen: usize,
    /// Monotonic deque of (index, value), values decreasing: front is the max.
    maxima: VecDeque<(usize, f64)>,
}

impl PctFromHigh {
    /// A rolling-high distance over `window` bars; `Err` if `window == 0`.
    pub fn new(window: usize) -> Result<Self, IndicatorError> {
        let window = check_period("PctFromHigh", "window", window, 1)?;
        Ok(PctFromHigh {
            window,
            seen: 0,
            maxima: VecDeque::with_capacity(window + 1),
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

impl Indicator for PctFromHigh {
    type Input = f64;
    type Output = f64;

    fn next(&mut self, x: f64) -> Option<f64> {
        let index = self.seen;
        self.seen += 1;
        while self.maxima.back().is_some_and(|&(_, v)| v <= x) {
            self.maxima.pop_back();
        }
        self.maxima.push_back((index, x));
        while self
            .maxima
            .front()
            .is_some_and(|&(i, _)| i + self.window <= index)
        {
            self.maxima.pop_front();
        }
        if self.seen < self.window {
            return None;
        }
        let high = self.maxima.front()?.1;
        let p = x / high - 1.0;
        p.is_finite().then_some(p.min(0.0))
    }

    fn lookback(&self) -> usize {
        self.window - 1
    }

    fn reset(&mut self) {
        self.seen = 0;
        self.maxima.clear();
    }
}

/// Record (all-time within the loaded history) close detection.
///
/// # Formula
/// `record_t = x_t > max(x_0..x_{t−1})`, first defined at index 1 (the first
/// bar has nothing to beat). Equal to the old high is not a record.
///
/// # Parameters
/// None.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, RecordHigh};
/// let r = RecordHigh::new();
/// assert_eq!(r.over(&[10.0, 11.0, 11.0, 9.0, 12.0]), vec![None, Some(true), Some(false), Some(false), Some(true)]);
/// ```
///
/// # Reference
/// Definition; tested against a naive max scan.
#[derive(Debug, Clone, Default)]
pub struct RecordHigh {
    peak: Option<f64>,
}

impl RecordHigh {
    /// A record detector with no history.
    pub fn new() -> Self {
        RecordHigh { peak: None }
    }

    /// Batch form from a fresh state: output aligned to `data`.
    pub fn over(&self, data: &[f64]) -> Vec<Option<bool>> {
        super::stream(self, data)
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<bool>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for RecordHigh {
    type Input = f64;
    type Output = bool;

    fn next(&mut self, x: f64) -> Option<bool> {
        match self.peak {
            None => {
                self.peak = Some(x);
                None
            }
            Some(p) => {
                let record = x > p;
                if record {
                    self.peak = Some(x);
                }
                Some(record)
            }
        }
    }

    fn lookback(&self) -> usize {
        1
    }

    fn reset(&mut self) {
        self.peak = None;
    }
}
