//! Relative strength between two aligned price series: ratio (StockCharts
//! `IWM:SPY`), performance spread, ratio vs its moving average,
//! outperformance streaks, rolling correlation and beta of daily returns.
//!
//! Invariant: inputs are pairs `(a, b)` on the same date; a pair with either
//! side missing is a gap (skip and carry, see [`super::zip_pairs`]), so the
//! two legs never drift out of alignment.

use super::returns::{simple_return, Return};
use super::sma::Sma;
use super::{check_period, Indicator, IndicatorError, Window};

/// Element-wise ratio `a / b` of two aligned columns (`None` where either is
/// missing or `b = 0`).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::ratio;
/// assert_eq!(ratio(&[Some(2.0), None], &[Some(4.0), Some(1.0)]), vec![Some(0.5), None]);
/// ```
pub fn ratio(a: &[Option<f64>], b: &[Option<f64>]) -> Vec<Option<f64>> {
    super::stream_gappy(&Ratio, &super::zip_pairs(a, b))
}

#[inline]
fn ratio_value(a: f64, b: f64) -> Option<f64> {
    let r = a / b;
    (b != 0.0 && r.is_finite()).then_some(r)
}

/// Price ratio of A to B.
///
/// # Formula
/// `ratio_t = a_t / b_t`, defined from index 0.
///
/// # Parameters
/// None.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, Ratio};
/// assert_eq!(Ratio.next((3.0, 2.0)), Some(1.5));
/// ```
///
/// # Reference
/// StockCharts ratio symbols (`IWM:SPY`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Ratio;

impl Indicator for Ratio {
    type Input = (f64, f64);
    type Output = f64;

    fn next(&mut self, (a, b): (f64, f64)) -> Option<f64> {
        ratio_value(a, b)
    }

    fn lookback(&self) -> usize {
        0
    }

    fn reset(&mut self) {}
}

/// Performance spread: return of A minus return of B over the same window
/// (the article's "7.8% vs 1.5%" as 0.063).
///
/// # Formula
/// `S_t = (a_t/a_{t−w} − 1) − (b_t/b_{t−w} − 1)`, first defined at index `w`.
///
/// # Parameters
/// - `window` (`w`) ≥ 1 bars.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, PerformanceSpread};
/// let mut s = PerformanceSpread::new(1)?;
/// assert_eq!(s.next((100.0, 100.0)), None);
/// let spread = s.next((110.0, 101.0)).unwrap_or(f64::NAN);
/// assert!((spread - 0.09).abs() < 1e-12);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// Definition; differential test against the naive formula.
#[derive(Debug, Clone)]
pub struct PerformanceSpread {
    a: Return,
    b: Return,
}

impl PerformanceSpread {
    /// A spread over `window` bars; `Err` if `window == 0`.
    pub fn new(window: usize) -> Result<Self, IndicatorError> {
        check_period("PerformanceSpread", "window", window, 1)?;
        Ok(PerformanceSpread {
            a: Return::new(window)?,
            b: Return::new(window)?,
        })
    }
}

impl Indicator for PerformanceSpread {
    type Input = (f64, f64);
    type Output = f64;

    fn next(&mut self, (a, b): (f64, f64)) -> Option<f64> {
        let ra = self.a.next(a);
        let rb = self.b.next(b);
        Some(ra? - rb?)
    }

    fn lookback(&self) -> usize {
        self.a.lookback()
    }

    fn reset(&mut self) {
        self.a.reset();
        self.b.reset();
    }
}

/// The ratio A/B relative to its own simple moving average.
///
/// # Formula
/// `RVM_t = ratio_t / SMA_n(ratio)_t − 1` (> 0: A is outperforming its recent
/// relative trend). First defined at index `n − 1`.
///
/// # Parameters
/// - `period` (`n`) ≥ 1.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, RatioVsMa};
/// let mut r = RatioVsMa::new(2)?;
/// assert_eq!(r.next((1.0, 1.0)), None);
/// assert_eq!(r.next((3.0, 1.0)), Some(0.5)); // 3 / mean(1, 3) − 1
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// Definition; differential test against the naive formula.
#[derive(Debug, Clone)]
pub struct RatioVsMa {
    sma: Sma,
}

impl RatioVsMa {
    /// Ratio vs its `period`-bar SMA; `Err` if `period == 0`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        check_period("RatioVsMa", "period", period, 1)?;
        Ok(RatioVsMa {
            sma: Sma::new(period)?,
        })
    }
}

impl Indicator for RatioVsMa {
    type Input = (f64, f64);
    type Output = f64;

    fn next(&mut self, (a, b): (f64, f64)) -> Option<f64> {
        let r = ratio_value(a, b)?;
        let ma = self.sma.next(r)?;
        ratio_value(r, ma).map(|q| q - 1.0)
    }

    fn lookback(&self) -> usize {
        self.sma.lookback()
    }

    fn reset(&mut self) {
        self.sma.reset();
    }
}

/// Consecutive sessions on which A's daily return beat B's.
///
/// # Formula
/// With daily returns `ra`, `rb`: `streak_t = max(streak_{t−1}, 0) + 1` if
/// `ra > rb`, `min(streak_{t−1}, 0) − 1` if `ra < rb`, `0` on a tie. Positive
/// = A outperforming for that many sessions, negative = B. First defined at
/// index 1.
///
/// # Parameters
/// None.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, OutperformanceStreak};
/// let mut s = OutperformanceStreak::new();
/// let bars = [(100.0, 100.0), (101.0, 100.0), (102.0, 100.0), (101.0, 101.0)];
/// let out: Vec<_> = bars.iter().map(|&p| s.next(p)).collect();
/// assert_eq!(out, vec![None, Some(1), Some(2), Some(-1)]);
/// ```
///
/// # Reference
/// Definition; differential test against a naive recount.
#[derive(Debug, Clone, Default)]
pub struct OutperformanceStreak {
    prev: Option<(f64, f64)>,
    streak: i64,
}

impl OutperformanceStreak {
    /// A streak counter with no history.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Indicator for OutperformanceStreak {
    type Input = (f64, f64);
    type Output = i64;

    fn next(&mut self, (a, b): (f64, f64)) -> Option<i64> {
        let (pa, pb) = self.prev.replace((a, b))?;
        let ra = simple_return(pa, a)?;
        let rb = simple_return(pb, b)?;
        self.streak = if ra > rb {
            self.streak.max(0) + 1
        } else if ra < rb {
            self.streak.min(0) - 1
        } else {
            0
        };
        Some(self.streak)
    }

    fn lookback(&self) -> usize {
        1
    }

    fn reset(&mut self) {
        self.prev = None;
        self.streak = 0;
    }
}

/// Rolling window of paired daily simple returns, shared by correlation
/// and beta.
#[derive(Debug, Clone)]
struct PairedReturns {
    period: usize,
    prev: Option<(f64, f64)>,
    a: Window,
    b: Window,
}

impl PairedReturns {
    fn new(period: usize) -> Self {
        PairedReturns {
            period,
            prev: None,
            a: Window::new(period),
            b: Window::new(period),
        }
    }

    /// Pushes the pair; once `period` returns are held, returns the centred
    /// sums of products `(Sab, Saa, Sbb)`, computed two-pass.
    fn push(&mut self, (a, b): (f64, f64)) -> Option<(f64, f64, f64)> {
        let (pa, pb) = self.prev.replace((a, b))?;
        // Both returns or neither, so the two windows stay paired.
        let (ra, rb) = (simple_return(pa, a)?, simple_return(pb, b)?);
        self.a.push(ra);
        self.b.push(rb);
        if !self.a.is_full() || !self.b.is_full() {
            return None;
        }
        let (xs, ys) = (self.a.values(), self.b.values());
        let n = self.period as f64;
        let mean_a = xs.iter().sum::<f64>() / n;
        let mean_b = ys.iter().sum::<f64>() / n;
        let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
        for (x, y) in xs.iter().zip(ys) {
            let (dx, dy) = (x - mean_a, y - mean_b);
            sab += dx * dy;
            saa += dx * dx;
            sbb += dy * dy;
        }
        Some((sab, saa, sbb))
    }

    fn reset(&mut self) {
        self.prev = None;
        self.a.clear();
        self.b.clear();
    }
}

/// Rolling Pearson correlation of the daily simple returns of A and B.
///
/// # Formula
/// `ρ_t = Σ(ra−r̄a)(rb−r̄b) / sqrt(Σ(ra−r̄a)² · Σ(rb−r̄b)²)` over the last `n`
/// returns (ddof cancels). `None` when either leg is flat over the window.
/// First defined at index `n`.
///
/// # Parameters
/// - `period` (`n`) ≥ 2 returns.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{stream, RollingCorrelation};
/// let corr = RollingCorrelation::new(2)?;
/// let pairs = [(100.0, 50.0), (110.0, 55.0), (99.0, 49.5)];
/// let out = stream(&corr, &pairs);
/// assert!((out[2].unwrap_or(0.0) - 1.0).abs() < 1e-12);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// `pandas.Series.rolling(n).corr`; differential test against the naive formula.
#[derive(Debug, Clone)]
pub struct RollingCorrelation {
    window: PairedReturns,
}

impl RollingCorrelation {
    /// Correlation over `period` returns; `Err` if `period < 2`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("RollingCorrelation", "period", period, 2)?;
        Ok(RollingCorrelation {
            window: PairedReturns::new(period),
        })
    }
}

impl Indicator for RollingCorrelation {
    type Input = (f64, f64);
    type Output = f64;

    fn next(&mut self, pair: (f64, f64)) -> Option<f64> {
        let (sab, saa, sbb) = self.window.push(pair)?;
        let rho = sab / (saa * sbb).sqrt();
        (saa > 0.0 && sbb > 0.0 && rho.is_finite()).then_some(rho.clamp(-1.0, 1.0))
    }

    fn lookback(&self) -> usize {
        self.window.period
    }

    fn reset(&mut self) {
        self.window.reset();
    }
}

/// Rolling beta of A's daily simple returns on B's (B is the benchmark).
///
/// # Formula
/// `β_t = cov(ra, rb) / var(rb)` over the last `n` returns (the ddof cancels).
/// `None` when B is flat over the window. First defined at index `n`.
///
/// # Parameters
/// - `period` (`n`) ≥ 2 returns.
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{stream, RollingBeta};
/// let beta = RollingBeta::new(2)?;
/// // A moves twice as much as B.
/// let pairs = [(100.0, 100.0), (102.0, 101.0), (100.98, 100.495)];
/// let out = stream(&beta, &pairs);
/// assert!((out[2].unwrap_or(0.0) - 2.0).abs() < 1e-9);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// Definition (CAPM beta); differential test against the naive formula.
#[derive(Debug, Clone)]
pub struct RollingBeta {
    window: PairedReturns,
}

impl RollingBeta {
    /// Beta over `period` returns; `Err` if `period < 2`.
    pub fn new(period: usize) -> Result<Self, IndicatorError> {
        let period = check_period("RollingBeta", "period", period, 2)?;
        Ok(RollingBeta {
            window: PairedReturns::new(period),
        })
    }
}

impl Indicator for RollingBeta {
    type Input = (f64, f64);
    type Output = f64;

    fn next(&mut self, pair: (f64, f64)) -> Option<f64> {
        let (sab, _, sbb) = self.window.push(pair)?;
        let beta = sab / sbb;
        (sbb > 0.0 && beta.is_finite()).then_some(beta)
    }

    fn lookback(&self) -> usize {
        self.window.period
    }

    fn reset(&mut self) {
        self.window.reset();
    }
}
