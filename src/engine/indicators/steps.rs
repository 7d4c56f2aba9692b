//! The smoothing recurrence `a ← a·k + x` (EMA: `k = 1 − 2/(n+1)`, `x` the
//! close times `2/(n+1)`; Wilder: `k = (n−1)/n`, `x = value/n`) stepped four
//! bars at a time, for the dense batch loops of EMA and ATR.
//!
//! One bar at a time the recurrence is a chain: each bar's multiply and add
//! wait for the previous bar's, and that latency set the pace of the whole
//! loop (TA-Lib shortens the same chain with a fused multiply-add, which
//! baseline x86-64 and wasm32 lack). Four at a time:
//!   `a₄ = a₀·k⁴ + c₄`,  `c₁ = x₁`,  `c_j = c_{j−1}·k + x_j`,
//! and `a_j = a₀·k^j + c_j` for the three bars in between. The `c`'s do
//! not depend on `a₀`, so only one multiply and one add per four bars wait
//! for the previous group.
//!
//! Invariant: it is the same recurrence evaluated in another order, so a
//! value is within a few ulps of stepping one bar at a time (streaming
//! `next`; a group's first bar is bit-equal to it), far inside the 1e-9 of
//! the TA-Lib golden tests, and the error does not grow along the series
//! (`k < 1` damps it). Groups start where the caller starts them and a
//! short last group uses the same formulas, so a value never depends on
//! later bars: cutting the input changes no earlier value.

/// `k` and its first four powers (`k, k², k³, k⁴`, each the previous one
/// times `k`, so every caller rounds them the same way).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FourSteps {
    k: f64,
    powers: [f64; 4],
}

impl FourSteps {
    pub(crate) fn new(k: f64) -> Self {
        let k2 = k * k;
        let k3 = k2 * k;
        FourSteps {
            k,
            powers: [k, k2, k3, k3 * k],
        }
    }

    /// Four bars from `a` (the value before them); returns their values,
    /// the last of which is the new `a`.
    #[inline(always)]
    pub(crate) fn four(self, a: f64, x: [f64; 4]) -> [f64; 4] {
        let k = self.k;
        let c2 = x[0] * k + x[1];
        let c3 = c2 * k + x[2];
        let c4 = c3 * k + x[3];
        let p = self.powers;
        [a * p[0] + x[0], a * p[1] + c2, a * p[2] + c3, a * p[3] + c4]
    }

    /// A short last group (fewer than four bars) with the same formulas:
    /// writes `out[j]` for each `x[j]` and returns the new `a`.
    #[inline]
    pub(crate) fn short(self, a: f64, x: &[f64], out: &mut [f64]) -> f64 {
        let mut c = 0.0;
        let mut last = a;
        for (j, (&x, out)) in x.iter().zip(out).take(4).enumerate() {
            c = if j == 0 { x } else { c * self.k + x };
            last = a * self.powers[j] + c;
            *out = last;
        }
        last
    }
}
