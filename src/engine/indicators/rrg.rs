//! An *approximation* of the relative rotation graph (RRG): weekly
//! RS-Ratio and RS-Momentum of a series against a benchmark.
//!
//! The JdK RS-Ratio and RS-Momentum are proprietary (Julius de Kempenaer /
//! RRG Research) and unpublished; this is a transparent stand-in with the
//! same reading (100 = in line with the benchmark, quadrants Leading /
//! Weakening / Lagging / Improving). It is labelled an approximation in the
//! code and the UI.
//!
//! Invariant: normalisation uses only a *rolling* window of past weeks —
//! never full-sample statistics — so a point never moves when later data
//! arrives (causal).

use chrono::{Datelike, NaiveDate};

use super::ema::Ema;
use super::zscore::ZScore;
use super::{check_period, Indicator, IndicatorError, Window};

/// Parameters of the RRG approximation, in weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RrgParams {
    /// EMA smoothing of the relative-strength line (default 10).
    pub smoothing: usize,
    /// Rolling normalisation window (default 52 = one year).
    pub window: usize,
    /// Lag of the RS-Ratio change that feeds RS-Momentum (default 1).
    pub momentum: usize,
}

impl Default for RrgParams {
    fn default() -> Self {
        RrgParams {
            smoothing: 10,
            window: 52,
            momentum: 1,
        }
    }
}

/// One RRG point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RrgPoint {
    /// Approximate RS-Ratio (100 ± standard deviations of relative trend).
    pub rs_ratio: f64,
    /// Approximate RS-Momentum (100 ± standard deviations of its change).
    pub rs_momentum: f64,
}

/// The four RRG quadrants, clockwise rotation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quadrant {
    /// RS-Ratio ≥ 100, RS-Momentum ≥ 100.
    Leading,
    /// RS-Ratio ≥ 100, RS-Momentum < 100.
    Weakening,
    /// RS-Ratio < 100, RS-Momentum < 100.
    Lagging,
    /// RS-Ratio < 100, RS-Momentum ≥ 100.
    Improving,
}

impl RrgPoint {
    /// The quadrant this point falls in.
    pub fn quadrant(&self) -> Quadrant {
        match (self.rs_ratio >= 100.0, self.rs_momentum >= 100.0) {
            (true, true) => Quadrant::Leading,
            (true, false) => Quadrant::Weakening,
            (false, false) => Quadrant::Lagging,
            (false, true) => Quadrant::Improving,
        }
    }
}

/// Approximate (not JdK) RS-Ratio / RS-Momentum on weekly closes.
///
/// # Formula
/// `rs_t = 100 · a_t / b_t`; `s_t = EMA_smoothing(rs)_t`;
/// `RS-Ratio_t = 100 + z_window(s)_t`;
/// `RS-Momentum_t = 100 + z_window(RS-Ratio_t − RS-Ratio_{t−momentum})_t`,
/// where `z_window` is the rolling z-score ([`ZScore`], population σ) over the
/// last `window` weeks. First defined at index
/// `smoothing − 1 + window − 1 + momentum + window − 1`.
///
/// # Parameters
/// - `smoothing` ≥ 1, `window` ≥ 2, `momentum` ≥ 1 (weeks).
///
/// # Example
/// ```
/// use regime_radar::engine::indicators::{Indicator, RrgApprox, RrgParams};
/// let rrg = RrgApprox::new(RrgParams { smoothing: 2, window: 3, momentum: 1 })?;
/// assert_eq!(rrg.lookback(), 1 + 2 + 1 + 2);
/// # Ok::<(), regime_radar::engine::indicators::IndicatorError>(())
/// ```
///
/// # Reference
/// J. de Kempenaer, RRG Research (the concept; its exact formulas are not
/// public). Tested for causality and quadrant logic only.
#[derive(Debug, Clone)]
pub struct RrgApprox {
    params: RrgParams,
    smooth: Ema,
    ratio_z: ZScore,
    ratio_history: Window,
    momentum_z: ZScore,
}

impl RrgApprox {
    /// The approximation; `Err` on a zero smoothing/momentum or `window < 2`.
    pub fn new(params: RrgParams) -> Result<Self, IndicatorError> {
        check_period("RRG", "smoothing", params.smoothing, 1)?;
        check_period("RRG", "window", params.window, 2)?;
        check_period("RRG", "momentum", params.momentum, 1)?;
        Ok(RrgApprox {
            params,
            smooth: Ema::new(params.smoothing)?,
            ratio_z: ZScore::new(params.window)?,
            ratio_history: Window::new(params.momentum + 1),
            momentum_z: ZScore::new(params.window)?,
        })
    }

    /// The parameters.
    pub fn params(&self) -> RrgParams {
        self.params
    }

    /// Batch form over aligned weekly pairs (gap policy: skip and carry).
    pub fn over_gappy(&self, pairs: &[Option<(f64, f64)>]) -> Vec<Option<RrgPoint>> {
        super::stream_gappy(self, pairs)
    }
}

impl Indicator for RrgApprox {
    type Input = (f64, f64);
    type Output = RrgPoint;

    fn next(&mut self, (a, b): (f64, f64)) -> Option<RrgPoint> {
        let rs = 100.0 * a / b;
        if !rs.is_finite() {
            return None;
        }
        let smoothed = self.smooth.next(rs)?;
        let rs_ratio = 100.0 + self.ratio_z.next(smoothed)?;
        self.ratio_history.push(rs_ratio);
        let past = self.ratio_history.oldest()?;
        let rs_momentum = 100.0 + self.momentum_z.next(rs_ratio - past)?;
        Some(RrgPoint {
            rs_ratio,
            rs_momentum,
        })
    }

    fn lookback(&self) -> usize {
        let RrgParams {
            smoothing,
            window,
            momentum,
        } = self.params;
        (smoothing - 1) + (window - 1) + momentum + (window - 1)
    }

    fn reset(&mut self) {
        self.smooth.reset();
        self.ratio_z.reset();
        self.ratio_history.clear();
        self.momentum_z.reset();
    }
}

/// Resamples a daily column to weekly: the last defined value of each ISO
/// week, dated on that last observation (Friday, or earlier on holidays).
pub fn weekly_last(dates: &[NaiveDate], values: &[Option<f64>]) -> (Vec<NaiveDate>, Vec<f64>) {
    let mut out_dates: Vec<NaiveDate> = Vec::new();
    let mut out_values: Vec<f64> = Vec::new();
    let mut current_week = None;
    for (d, v) in dates.iter().zip(values) {
        let Some(v) = v else { continue };
        let week = d.iso_week();
        if current_week == Some(week) {
            if let (Some(ld), Some(lv)) = (out_dates.last_mut(), out_values.last_mut()) {
                *ld = *d;
                *lv = *v;
            }
        } else {
            current_week = Some(week);
            out_dates.push(*d);
            out_values.push(*v);
        }
    }
    (out_dates, out_values)
}
