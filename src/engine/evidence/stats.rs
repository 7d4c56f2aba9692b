//! Summary statistics of a sample of returns: N, mean, median, hit rate,
//! worst, best and the sample standard deviation, over finite values only.

use serde::{Deserialize, Serialize};

/// Summary statistics of a sample of returns.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Number of (finite) values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Middle value; the mean of the two middle values when `n` is even.
    pub median: f64,
    /// Share of values strictly above zero (a flat outcome is not a hit).
    pub hit_rate: f64,
    /// Smallest value.
    pub worst: f64,
    /// Largest value.
    pub best: f64,
    /// Sample standard deviation (divisor `n − 1`; 0 when `n == 1`).
    pub sd: f64,
}

/// Statistics of the finite values of `values`; `None` when there are none
/// (non-finite inputs are ignored, never propagated).
pub fn stats(values: &[f64]) -> Option<Stats> {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    stats_in_place(&mut finite)
}

/// [`stats`] of already-finite values, reordering them in place (the
/// caller's buffer is reused, so a row allocates its sample once).
pub(super) fn stats_in_place(values: &mut [f64]) -> Option<Stats> {
    let n = values.len();
    let mid = n / 2;
    if mid >= n {
        return None;
    }
    // Selection, not a sort: O(n), which keeps the base rates cheap.
    let (left, upper, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = *upper;
    let median = if n % 2 == 1 {
        upper
    } else {
        let lower = left.iter().copied().max_by(f64::total_cmp)?;
        midpoint(lower, upper)
    };
    let worst = values.iter().copied().min_by(f64::total_cmp)?;
    let best = values.iter().copied().max_by(f64::total_cmp)?;
    // Summing deviations from the median keeps the sum small (accurate) and
    // makes the mean of a constant sample exactly that constant.
    let mean = shifted_mean(values, median)?;
    let hits = values.iter().filter(|v| **v > 0.0).count();
    let sd = sample_sd(values, mean);
    Some(Stats {
        n,
        mean,
        median,
        hit_rate: hits as f64 / n as f64,
        worst,
        best,
        sd,
    })
}

/// `(a + b) / 2` without overflowing to infinity for huge finite inputs.
fn midpoint(a: f64, b: f64) -> f64 {
    let m = (a + b) / 2.0;
    if m.is_finite() {
        m
    } else {
        a / 2.0 + b / 2.0
    }
}

/// Mean as `shift + Σ(x − shift) / n`; `None` if empty or not finite.
fn shifted_mean(values: &[f64], shift: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let sum: f64 = values.iter().map(|v| v - shift).sum();
    let mean = shift + sum / n;
    if mean.is_finite() {
        Some(mean)
    } else {
        // Only reachable with values near f64::MAX; divide first instead.
        let mean: f64 = values.iter().map(|v| v / n).sum();
        mean.is_finite().then_some(mean)
    }
}

/// `sqrt(Σ(x − mean)² / (n − 1))`, two-pass (deviations from the mean, so
/// no cancellation); 0 for fewer than two values or a non-finite result.
fn sample_sd(values: &[f64], mean: f64) -> f64 {
    let n = values.len();
    if n < 2 {
        return 0.0;
    }
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sd = (ss / (n - 1) as f64).sqrt();
    if sd.is_finite() {
        sd
    } else {
        0.0
    }
}
