//! Technical indicators with TA-Lib conventions, streaming and batch.
//!
//! Invariant: every indicator is *causal* — its output at bar `t` depends
//! only on inputs `0..=t` — and its batch form (`over`) returns exactly what
//! feeding the same inputs one by one to `next` returns, aligned to the input
//! (`output.len() == input.len()`, `None` during warm-up). Two exceptions,
//! EMA and ATR: their batch loops step the smoothing four bars at a time
//! (`steps`), within 1e-14 relative of `next` (still exactly causal).
//!
//! # Dense batch output
//! The six hot indicators (SMA, EMA, RSI, MACD, Bollinger, ATR) also have
//! `over_dense(&[f64]) -> Dense<…>` for gap-free input: the values from the
//! first defined index (`begin`, = `lookback()`, TA-Lib's `outBegIdx`) on,
//! no `Option` per bar and no NaN for "missing" (see [`dense`]). Their
//! `over` is that column spread out (`Dense::to_options`), so the two agree
//! bit for bit; input with gaps keeps the `Option` path (`over_gappy`).
//!
//! # Shape of every indicator
//! - Parameters are validated once by `new(..) -> Result<Self, IndicatorError>`
//!   (period 0, non-finite multipliers → `Err`, never a panic) and kept apart
//!   from the running state.
//! - [`Indicator::next`] consumes one observation and returns `None` while
//!   warming up; [`Indicator::lookback`] is the number of observations consumed
//!   before the first `Some` (TA-Lib's "lookback": the index of the first
//!   defined output on gap-free input).
//! - `over(&[f64])` runs a fresh copy over a whole slice; the hot indicators
//!   (SMA, EMA, RSI, MACD, Bollinger, ATR) use specialised loops there
//!   (their `over_dense`), proven equal to streaming by property tests. No
//!   indicator allocates per bar.
//!
//! # Gap policy: skip and carry state
//! Inputs may be missing (`None`, e.g. a holiday in one of two aligned
//! series). A missing input yields a `None` output and leaves the state
//! untouched, so the next observation continues from the last one: windows
//! count *observations*, not calendar sessions, and one gap never poisons
//! later values. Use [`Indicator::next_opt`] or `over_gappy`.

pub mod atr;
pub mod bbands;
pub mod dense;
pub mod drawdown;
pub mod ema;
pub mod macd;
pub mod relative;
pub mod returns;
pub mod rma;
pub mod roc;
pub mod rrg;
pub mod rsi;
pub mod sma;
mod steps;
pub mod volatility;
pub mod zscore;

pub use atr::{Atr, Bar, TrueRange};
pub use bbands::{Bands, BollingerBands, BollingerParams};
pub use dense::Dense;
pub use drawdown::{Drawdown, PctFromHigh, RecordHigh};
pub use ema::Ema;
pub use macd::{Macd, MacdOutput, MacdParams};
pub use relative::{
    ratio, OutperformanceStreak, PerformanceSpread, Ratio, RatioVsMa, RollingBeta,
    RollingCorrelation,
};
pub use returns::{
    basis_column, index_on_or_before, return_between, simple_return, trailing_return,
    ytd_base_index, ytd_return, Return, ReturnBasis,
};
pub use rma::WilderRma;
pub use roc::Roc;
pub use rrg::{weekly_last, Quadrant, RrgApprox, RrgParams, RrgPoint};
pub use rsi::WilderRsi;
pub use sma::Sma;
pub use volatility::RealizedVolatility;
pub use zscore::ZScore;

/// Why an indicator could not be built from its parameters.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndicatorError {
    /// A period (window length) was below the indicator's minimum.
    #[error("{indicator}: {name} must be at least {min}, got {value}")]
    PeriodTooSmall {
        indicator: &'static str,
        name: &'static str,
        min: usize,
        value: usize,
    },
    /// A real-valued parameter (multiplier, threshold) was NaN or infinite.
    #[error("{indicator}: {name} must be a finite number, got {value}")]
    NotFinite {
        indicator: &'static str,
        name: &'static str,
        value: f64,
    },
    /// Parameters that are individually valid but inconsistent together.
    #[error("{indicator}: {reason}")]
    Inconsistent {
        indicator: &'static str,
        reason: &'static str,
    },
}

/// Checks `value >= min` for a period parameter.
pub(crate) fn check_period(
    indicator: &'static str,
    name: &'static str,
    value: usize,
    min: usize,
) -> Result<usize, IndicatorError> {
    if value < min {
        Err(IndicatorError::PeriodTooSmall {
            indicator,
            name,
            min,
            value,
        })
    } else {
        Ok(value)
    }
}

/// Checks that a real parameter is finite.
pub(crate) fn check_finite(
    indicator: &'static str,
    name: &'static str,
    value: f64,
) -> Result<f64, IndicatorError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(IndicatorError::NotFinite {
            indicator,
            name,
            value,
        })
    }
}

/// A causal indicator fed one observation at a time.
pub trait Indicator {
    /// One observation (`f64` for a close, [`Bar`] for ATR, `(f64, f64)` for a pair).
    type Input: Copy;
    /// One output value (`f64`, or a small struct for multi-line indicators).
    type Output: Copy;

    /// Consumes one observation; `None` while warming up.
    fn next(&mut self, input: Self::Input) -> Option<Self::Output>;

    /// Observations consumed before the first defined output.
    fn lookback(&self) -> usize;

    /// Forgets all state (the parameters stay).
    fn reset(&mut self);

    /// The gap policy: a missing observation yields `None` and leaves the
    /// state untouched (skip and carry state).
    fn next_opt(&mut self, input: Option<Self::Input>) -> Option<Self::Output> {
        input.and_then(|x| self.next(x))
    }
}

/// Runs a fresh copy of `indicator` (same parameters, reset state) over
/// `inputs` through `next`, output aligned to the input.
pub fn stream<I: Indicator + Clone>(indicator: &I, inputs: &[I::Input]) -> Vec<Option<I::Output>> {
    let mut fresh = indicator.clone();
    fresh.reset();
    inputs.iter().map(|&x| fresh.next(x)).collect()
}

/// The last output of [`stream`] (the same value), without keeping the
/// column: what a table cell of a million-bar series needs.
pub fn stream_last<I: Indicator + Clone>(indicator: &I, inputs: &[I::Input]) -> Option<I::Output> {
    let mut fresh = indicator.clone();
    fresh.reset();
    inputs.iter().fold(None, |_, &x| fresh.next(x))
}

/// Like [`stream`] over possibly-missing inputs, with the gap policy.
pub fn stream_gappy<I: Indicator + Clone>(
    indicator: &I,
    inputs: &[Option<I::Input>],
) -> Vec<Option<I::Output>> {
    let mut fresh = indicator.clone();
    fresh.reset();
    inputs.iter().map(|&x| fresh.next_opt(x)).collect()
}

/// Pairs two aligned columns for two-input indicators: `None` where either
/// side is missing, so the pair indicators apply the same gap policy.
pub fn zip_pairs(a: &[Option<f64>], b: &[Option<f64>]) -> Vec<Option<(f64, f64)>> {
    a.iter()
        .zip(b)
        .map(|(x, y)| match (x, y) {
            (Some(x), Some(y)) => Some((*x, *y)),
            _ => None,
        })
        .collect()
}

/// A fixed-capacity ring of the last `capacity` observations, allocated once.
#[derive(Debug, Clone)]
pub(crate) struct Window {
    values: Vec<f64>,
    /// Index where the next value is written (= the oldest value once full).
    head: usize,
    len: usize,
}

impl Window {
    pub(crate) fn new(capacity: usize) -> Self {
        Window {
            values: vec![0.0; capacity.max(1)],
            head: 0,
            len: 0,
        }
    }

    pub(crate) fn is_full(&self) -> bool {
        self.len == self.values.len()
    }

    /// Pushes `x`; returns the value it evicted when the window was full.
    pub(crate) fn push(&mut self, x: f64) -> Option<f64> {
        let evicted = if self.is_full() {
            Some(self.values[self.head])
        } else {
            self.len += 1;
            None
        };
        self.values[self.head] = x;
        self.head += 1;
        if self.head == self.values.len() {
            self.head = 0;
        }
        evicted
    }

    /// The oldest value held (the next to be evicted), if full.
    pub(crate) fn oldest(&self) -> Option<f64> {
        if self.is_full() {
            Some(self.values[self.head])
        } else {
            None
        }
    }

    /// The values held, in no particular order (for order-free statistics).
    pub(crate) fn values(&self) -> &[f64] {
        &self.values[..self.len.min(self.values.len())]
    }

    pub(crate) fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }
}
