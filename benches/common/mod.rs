//! The benches' shared input: 1,000,000 synthetic bars from a seeded random
//! walk that `benches/talib_compare.py` regenerates bit for bit, so TA-Lib
//! is timed on identical input.

/// Bars per run.
pub const BARS: usize = 1_000_000;

/// Four aligned columns of [`BARS`] values.
pub struct Input {
    pub high: Vec<f64>,
    pub low: Vec<f64>,
    pub close: Vec<f64>,
    /// A second close series (for the pair indicators).
    pub other: Vec<f64>,
}

/// xorshift64 (seed 0x2545F4914F6CDD1D) uniforms `u` in [0, 1);
/// close_t = close_{t−1} · (1 + 0.02·(u₁ − 0.5)) from 100;
/// high = close · (1 + 0.01·u₂); low = close · (1 − 0.01·u₃);
/// other_t = other_{t−1} · (1 + 0.015·(u₄ − 0.5)) from 100.
/// Mirrored exactly in `talib_compare.py`.
pub fn input() -> Input {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / 9_007_199_254_740_992.0
    };
    let (mut high, mut low, mut close, mut other) = (
        Vec::with_capacity(BARS),
        Vec::with_capacity(BARS),
        Vec::with_capacity(BARS),
        Vec::with_capacity(BARS),
    );
    let (mut c, mut o) = (100.0f64, 100.0f64);
    for _ in 0..BARS {
        c *= 1.0 + 0.02 * (uniform() - 0.5);
        let up = uniform();
        let down = uniform();
        high.push(c * (1.0 + 0.01 * up));
        low.push(c * (1.0 - 0.01 * down));
        close.push(c);
        o *= 1.0 + 0.015 * (uniform() - 0.5);
        other.push(o);
    }
    Input {
        high,
        low,
        close,
        other,
    }
}
