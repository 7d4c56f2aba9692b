//! Bollinger Bands (TA-Lib `BBANDS` with an SMA middle band): SMA ± k ·
//! population standard deviation of the same window.
//!
//! Invariant: the middle band is the SMA, updated exactly as [`super::Sma`].
//! The deviation never suffers `E[x²] − mean²` cancellation: short windows
//! (< 16) are recomputed two-pass every bar (exactly 0 on a flat window);
//! longer ones keep running sums of deviations from an *anchor* near the
//! mean, re-anchored (recomputed two-pass) every `n` bars, so the anchor is
//! never far from the data and the work is O(1) per bar. Batch and streaming
//! run the same steps on the same window contents, so they agree bit for bit.

use super::dense::Dense;
use super::{check_finite, check_period, Indicator, IndicatorError};

/// Bars per block of [`BollingerBands::over_dense`]'s loop (a 1.5 KB buffer
/// on the stack).
const BLOCK: usize = 64;

const ZERO: Bands = Bands {
    upper: 0.0,
    middle: 0.0,
    lower: 0.0,
};

/// Bollinger parameters. The compact form is `bb-20-2`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BollingerParams {
    /// Window length (default 20).
    pub period: usize,
    /// Multiplier of the deviation for the upper band (default 2).
    pub k_up: f64,
    /// Multiplier of the deviation for the lower band (default 2).
    pub k_down: f64,
}

impl Default for BollingerParams {
    fn default() -> Self {
        BollingerParams {
            period: 20,
            k_up: 2.0,
            k_down: 2.0,
        }
    }
}

impl std::fmt::Display for BollingerParams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.k_up == self.k_down {
            write!(f, "bb-{}-{}", self.period, self.k_up)
        } else {
            write!(f, "bb-{}-{}-{}", self.period, self.k_up, self.k_down)
        }
    }
}

/// One bar of Bollinger Bands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bands {
    /// `middle + k_up · σ`.
    pub upper: f64,
    /// SMA of the window.
    pub middle: f64,
    /// `middle − k_down · σ`.
    pub lower: f64,
}

/// Σ(x − mean)² over `window`, with four independent accumulators so the
/// loop vectorises (the order is fixed, so the result is deterministic).
#[inline]
fn sum_sq_dev(window: &[f64], mean: f64) -> f64 {
    let mut acc = [0.0f64; 4];
    let chunks = window.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        for (a, x) in acc.iter_mut().zip(c) {
            let d = x - mean;
            *a += d * d;
        }
    }
    let mut total = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for x in tail {
        let d = x - mean;
        total += d * d;
    }
    total
}

/// Windows at least this long use anchored running sums.
const ANCHORED_FROM: usize = 16;

/// Running sums of deviations from an anchor: `s1 = Σ(x − a)`,
/// `s2 = Σ(x − a)²` over the current window.
#[derive(Debug, Clone, Copy, Default)]
struct Deviation {
    anchor: f64,
    s1: f64,
    s2: f64,
    /// Slides since the last re-anchoring.
    since: usize,
}

impl Deviation {
    /// σ of `window` (chronological, `middle` its mean); `leaving` is the
    /// value that just left the window (`None` on the first full window).
    #[inline(always)]
    fn sigma(&mut self, window: &[f64], middle: f64, leaving: Option<f64>, inv_n: f64) -> f64 {
        let n = window.len();
        if n < ANCHORED_FROM {
            return (sum_sq_dev(window, middle) * inv_n).sqrt();
        }
        match leaving {
            Some(old) if self.since + 1 < n => {
                let (new, old) = (window[n - 1] - self.anchor, old - self.anchor);
                self.s1 += new - old;
                self.s2 += new * new - old * old;
                self.since += 1;
            }
            _ => {
                // Re-anchor on the current mean and recompute exactly.
                let (mut s1, mut s2) = (0.0, 0.0);
                for x in window {
                    let d = x - middle;
                    s1 += d;
                    s2 += d * d;
                }
                *self = Deviation {
                    anchor: middle,
                    s1,
                    s2,
                    since: 0,
                };
            }
        }
        let shift = self.s1 * inv_n;
        (self.s2 * inv_n - shift * shift).max(0.0).sqrt()
    }
}

#[inline(always)]
fn bands(middle: f64, sigma: f64, k_up: f64, k_down: f64) -> Bands {
    Bands {
        upper: middle + k_up * sigma,
        middle,
        lower: middle - k_down * sigma,
    }
}

/// Bollinger Bands with the **population** standard deviation (ddof = 0),
/// as TA-Lib and Bollinger himself.
///
/// # Formula
/// `middle_t = SMA_n(x)_t`, `σ_t = sqrt(Σ(x_i − middle_t)² / n)` over the same
/// `n` bars, `upper = middle + k_up·σ`, `lower = middle − k_down·σ`. First
/// defined at index `n − 1`.
///
/// # Parameters
/// - `period` ≥ 1; `k_up`, `k_down` finite (may be 0 or negative).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{BollingerBands, BollingerParams, Indicator};
/// let bb = BollingerBands::new(BollingerParams { period: 2, k_up: 2.0, k_down: 2.0 })?;
/// let out = bb.over(&[1.0, 3.0]);
/// assert_eq!(out[0], None);
/// let b = out[1].ok_or("warm-up")?;
/// assert_eq!((b.lower, b.middle, b.upper), (0.0, 2.0, 4.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Reference
/// `talib.BBANDS(close, 20, 2, 2, MA_Type.SMA)` (TA-Lib 0.8.2): golden tests
/// on IWM and SPY (sample std would differ by up to 1.4 price units).
#[derive(Debug, Clone)]
pub struct BollingerBands {
    params: BollingerParams,
    /// Each value is stored twice (`i` and `i + n`) so the window is always
    /// the contiguous, chronological slice `buffer[head + 1..head + 1 + n]`.
    buffer: Vec<f64>,
    head: usize,
    seen: usize,
    sum: f64,
    deviation: Deviation,
}

impl BollingerBands {
    /// Bollinger Bands; `Err` if `period == 0` or a multiplier is not finite.
    pub fn new(params: BollingerParams) -> Result<Self, IndicatorError> {
        check_period("BBANDS", "period", params.period, 1)?;
        check_finite("BBANDS", "k_up", params.k_up)?;
        check_finite("BBANDS", "k_down", params.k_down)?;
        Ok(BollingerBands {
            params,
            buffer: vec![0.0; 2 * params.period],
            head: params.period - 1,
            seen: 0,
            sum: 0.0,
            deviation: Deviation::default(),
        })
    }

    /// The parameters.
    pub fn params(&self) -> BollingerParams {
        self.params
    }

    /// Batch form from a fresh state: output aligned to `data` (the dense
    /// column spread out, see [`Dense::to_options`]).
    pub fn over(&self, data: &[f64]) -> Vec<Option<Bands>> {
        self.over_dense(data).to_options()
    }

    /// Dense batch form over gap-free `data`: the three bands from index
    /// `period − 1` on (TA-Lib's `outBegIdx`), no `Option` per bar
    /// (`.map(|b| b.upper)` takes one line out).
    pub fn over_dense(&self, data: &[f64]) -> Dense<Bands> {
        let n = self.params.period;
        if data.len() < n {
            return Dense::empty(data.len());
        }
        let mut col = Dense::with_room(n - 1, data.len());
        let n_f = n as f64;
        let inv_n = 1.0 / n_f;
        let (k_up, k_down) = (self.params.k_up, self.params.k_down);
        let mut sum = 0.0;
        for &x in &data[..n] {
            sum += x;
        }
        let mut deviation = Deviation::default();
        let middle = sum / n_f;
        let sigma = deviation.sigma(&data[..n], middle, None, inv_n);
        col.values.push(bands(middle, sigma, k_up, k_down));
        // Blocks of BLOCK bars into a buffer on the stack, appended in one
        // copy. A plain loop, not `extend` over a closure: captured by the
        // closure, `sum` and `deviation` lived in memory, and the running
        // sums' two 8-byte stores then one 16-byte load every bar stalled
        // store forwarding on the loop's chain (perf annotate).
        let mut block = [ZERO; BLOCK];
        let mut windows = data.windows(n + 1);
        loop {
            let mut m = 0;
            for (out, w) in block.iter_mut().zip(windows.by_ref()) {
                // w = [leaving value, window…]
                sum += w[n] - w[0];
                let middle = sum / n_f;
                let sigma = deviation.sigma(&w[1..], middle, Some(w[0]), inv_n);
                *out = bands(middle, sigma, k_up, k_down);
                m += 1;
            }
            col.values.extend_from_slice(&block[..m]);
            if m < BLOCK {
                break;
            }
        }
        col
    }

    /// Batch form over possibly-missing inputs (gap policy: skip and carry).
    pub fn over_gappy(&self, data: &[Option<f64>]) -> Vec<Option<Bands>> {
        super::stream_gappy(self, data)
    }
}

impl Indicator for BollingerBands {
    type Input = f64;
    type Output = Bands;

    fn next(&mut self, x: f64) -> Option<Bands> {
        let n = self.params.period;
        self.head = if self.head + 1 == n { 0 } else { self.head + 1 };
        // The slot being overwritten holds the value leaving the window.
        let leaving = self.buffer[self.head];
        self.buffer[self.head] = x;
        self.buffer[self.head + n] = x;
        self.seen = self.seen.saturating_add(1);
        if self.seen > n {
            self.sum += x - leaving;
        } else {
            self.sum += x;
        }
        if self.seen < n {
            return None;
        }
        let window = &self.buffer[self.head + 1..self.head + 1 + n];
        let n_f = n as f64;
        let middle = self.sum / n_f;
        let leaving = (self.seen > n).then_some(leaving);
        let sigma = self.deviation.sigma(window, middle, leaving, 1.0 / n_f);
        Some(bands(middle, sigma, self.params.k_up, self.params.k_down))
    }

    fn lookback(&self) -> usize {
        self.params.period - 1
    }

    fn reset(&mut self) {
        self.head = self.params.period - 1;
        self.seen = 0;
        self.sum = 0.0;
        self.deviation = Deviation::default();
    }
}
