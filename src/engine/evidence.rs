//! Evidence tables: for a rule's firing history, what happened next.
//!
//! For every rule and outcome (small series, large series, their spread) and
//! every horizon (5, 21, 63 sessions by default) a row holds the forward
//! returns after each *episode entry* — the first session of a firing run
//! that follows at least `min_gap` quiet sessions, so one long episode counts
//! once — summarised as N, mean, median, hit rate, worst and best; the same
//! statistics over every session (the base rate); a seeded bootstrap
//! interval of the episodes' mean; and a verdict: `edge` only when that
//! interval excludes the base rate's mean, `too-few` below `min_episodes`.
//!
//! Invariants:
//! - No look-ahead in the *entry*: whether session *t* is an entry depends
//!   only on the rule's states up to and including *t* (`tests/evidence.rs`
//!   property-tests this by truncation). Forward returns are outcomes, so
//!   they read closes after *t* by design; they never decide an entry.
//! - Incomplete forward windows (past the end of the data, or a missing
//!   close at either end) are excluded from the statistics and counted, never
//!   filled; statistics are over finite values only, so no NaN leaves here.
//! - Reproducible: the bootstrap uses a PRNG written in this file and a seed
//!   derived from the settings and the row, so the same inputs give
//!   bit-identical rows on every build and target.
//! - No panics on any input: all indexing is checked; bad settings (zero
//!   resamples, a confidence outside `[0, 1]`) give no interval, not a crash.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use crate::engine::indicators::returns::simple_return;

/// Quiet sessions that must precede a firing session for it to count as a
/// new episode (one trading month).
pub const DEFAULT_MIN_GAP: usize = 21;

/// Forward horizons in sessions: one week, one month, one quarter.
pub const DEFAULT_HORIZONS: [usize; 3] = [5, 21, 63];

/// Bootstrap resamples per row.
pub const DEFAULT_RESAMPLES: usize = 1000;

/// Two-sided coverage of the bootstrap interval (5th to 95th percentile).
pub const DEFAULT_CONFIDENCE: f64 = 0.90;

/// Fewer episodes than this and the row says "too few" instead of a verdict.
pub const DEFAULT_MIN_EPISODES: usize = 10;

/// The default bootstrap seed: the ASCII bytes of `"REGIMERD"`. Arbitrary
/// but fixed, so every user sees the same intervals for the same data.
pub const DEFAULT_SEED: u64 = 0x5245_4749_4D45_5244;

/// Which forward return a row measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// The small-cap series' forward return.
    Small,
    /// The large-cap series' forward return.
    Large,
    /// Small forward return minus large forward return (the relative bet).
    Spread,
}

impl Outcome {
    /// Every outcome, in display order.
    pub const ALL: [Outcome; 3] = [Outcome::Small, Outcome::Large, Outcome::Spread];

    /// Stable lowercase name: `"small"`, `"large"`, `"spread"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Small => "small",
            Outcome::Large => "large",
            Outcome::Spread => "spread",
        }
    }

    /// A fixed code mixed into the row seed (never reorder: seeds would move).
    fn seed_code(self) -> u64 {
        match self {
            Outcome::Small => 1,
            Outcome::Large => 2,
            Outcome::Spread => 3,
        }
    }
}

/// What the evidence tables measure and how strictly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceSettings {
    /// Quiet sessions required immediately before an entry (default 21).
    /// `0` behaves as `1`: the session before an entry must be known quiet.
    pub min_gap: usize,
    /// Forward horizons in sessions (default `[5, 21, 63]`).
    pub horizons: Vec<usize>,
    /// Bootstrap resamples per row (default 1000).
    pub resamples: usize,
    /// Two-sided coverage of the bootstrap interval (default 0.90).
    pub confidence: f64,
    /// Minimum episodes with complete windows for a verdict (default 10).
    pub min_episodes: usize,
    /// Base seed of every row's bootstrap (default [`DEFAULT_SEED`]).
    pub seed: u64,
}

impl Default for EvidenceSettings {
    fn default() -> Self {
        EvidenceSettings {
            min_gap: DEFAULT_MIN_GAP,
            horizons: DEFAULT_HORIZONS.to_vec(),
            resamples: DEFAULT_RESAMPLES,
            confidence: DEFAULT_CONFIDENCE,
            min_episodes: DEFAULT_MIN_EPISODES,
            seed: DEFAULT_SEED,
        }
    }
}

/// Entry sessions of a rule's episodes.
///
/// Session `t` is an entry when `state[t] == Some(true)` and the `min_gap`
/// sessions immediately before it (`state[t - min_gap .. t]`) are all
/// `Some(false)`. Consequences, each deliberate:
/// - `t == 0` is never an entry: we do not know how long it had fired;
/// - a `None` (no data) breaks the gap, so a rule that fires as soon as its
///   data begins is not counted, and neither is one that resumes firing
///   right after a data hole;
/// - a firing run is entered at most once, and a flicker (firing again after
///   fewer than `min_gap` quiet sessions) is not a new episode;
/// - `min_gap == 0` behaves as `1`: the previous session must be known quiet,
///   otherwise the run's start is unknown.
///
/// Entries are strictly increasing and at least `min_gap + 1` sessions
/// apart. Only `state[..=t]` decides whether `t` is an entry (no look-ahead).
pub fn episode_entries(state: &[Option<bool>], min_gap: usize) -> Vec<usize> {
    episode_entries_of(state.iter().copied(), min_gap)
}

/// [`episode_entries`] of states given one session at a time, so a rule's
/// states need not be copied into a column first (the radar reads them
/// straight from its signals).
pub fn episode_entries_of(
    state: impl IntoIterator<Item = Option<bool>>,
    min_gap: usize,
) -> Vec<usize> {
    let gap = min_gap.max(1);
    let mut entries = Vec::new();
    // Consecutive `Some(false)` sessions ending just before `t`.
    let mut quiet_run = 0usize;
    for (t, s) in state.into_iter().enumerate() {
        if s == Some(true) && quiet_run >= gap {
            entries.push(t);
        }
        quiet_run = if s == Some(false) {
            quiet_run.saturating_add(1)
        } else {
            0
        };
    }
    entries
}

/// Forward simple return from session `t` to `t + horizon`, for every `t`:
/// `closes[t + horizon] / closes[t] − 1`.
///
/// The output has `closes.len()` entries; an entry is `None` when either
/// close is missing, the base is zero, the result is not finite, or
/// `t + horizon` is past the end (an incomplete window).
pub fn forward_returns(closes: &[Option<f64>], horizon: usize) -> Vec<Option<f64>> {
    let ahead = closes.get(horizon..).unwrap_or(&[]);
    // Full length up front: the incomplete windows at the end would
    // otherwise grow (and copy) the column once more.
    let mut out: Vec<Option<f64>> = Vec::with_capacity(closes.len());
    out.extend(
        closes
            .iter()
            .zip(ahead)
            .map(|(base, end)| simple_return((*base)?, (*end)?)),
    );
    out.resize(closes.len(), None);
    out
}

/// The forward outcome column of `outcome` at `horizon`.
///
/// `Small` / `Large` are [`forward_returns`] of that series (length of that
/// series); `Spread` is small minus large, `None` where either is `None`
/// (length of the longer series, so a short column just ends in `None`).
pub fn outcome_returns(
    outcome: Outcome,
    small: &[Option<f64>],
    large: &[Option<f64>],
    horizon: usize,
) -> Vec<Option<f64>> {
    match outcome {
        Outcome::Small => forward_returns(small, horizon),
        Outcome::Large => forward_returns(large, horizon),
        Outcome::Spread => spread_column(
            &forward_returns(small, horizon),
            &forward_returns(large, horizon),
        ),
    }
}

/// `small − large` per session, `None` where either is missing.
fn spread_column(small: &[Option<f64>], large: &[Option<f64>]) -> Vec<Option<f64>> {
    let len = small.len().max(large.len());
    (0..len)
        .map(|t| {
            let s = small.get(t).copied().flatten()?;
            let l = large.get(t).copied().flatten()?;
            let d = s - l;
            d.is_finite().then_some(d)
        })
        .collect()
}

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
}

/// Statistics of the finite values of `values`; `None` when there are none
/// (non-finite inputs are ignored, never propagated).
pub fn stats(values: &[f64]) -> Option<Stats> {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    stats_in_place(&mut finite)
}

/// [`stats`] of already-finite values, reordering them in place (the
/// caller's buffer is reused, so a row allocates its sample once).
fn stats_in_place(values: &mut [f64]) -> Option<Stats> {
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
    Some(Stats {
        n,
        mean,
        median,
        hit_rate: hits as f64 / n as f64,
        worst,
        best,
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

/// SplitMix64 (Steele, Lea & Flood 2014; the reference constants of
/// Vigna's `splitmix64.c`).
///
/// Written here rather than taken from `rand` because the evidence tables
/// must be identical across builds, targets and dependency versions: `rand`
/// documents that `StdRng`'s algorithm may change between releases, and its
/// range sampling is not promised stable either. SplitMix64 is a few lines,
/// passes BigCrush, and its 2^64 period dwarfs the ~10^7 draws of a table.
#[derive(Debug, Clone)]
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    // `inline(always)` here, on `mix64` and on `index32`: release builds use
    // opt-level "z", which otherwise keeps these calls in the bootstrap's
    // inner loop (measured in WASM: 57 ms → 34 ms for a full table).
    #[inline(always)]
    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.state)
    }
}

/// SplitMix64's output finalizer: a bijective avalanche of 64 bits, also used
/// to hash the row's identity into its seed.
#[inline(always)]
fn mix64(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An index in `0..n` from 32 random bits by Lemire's multiply-shift
/// (`⌊x·n / 2^32⌋`). Without rejection each index's probability is off
/// `1/n` by less than `2^−32`, far below the bootstrap's own Monte Carlo
/// error; in exchange a draw is one 64-bit multiply (native in WASM, unlike
/// a 128-bit one) and two draws come from each PRNG output.
#[inline(always)]
fn index32(bits: u32, n: u64) -> usize {
    ((u64::from(bits) * n) >> 32) as usize
}

/// An index in `0..n` from 64 random bits (for samples beyond `u32::MAX`).
#[inline]
fn index64(bits: u64, n: usize) -> usize {
    ((u128::from(bits) * n as u128) >> 64) as usize
}

/// `x`'s place in IEEE 754 totalOrder as an integer: `a.total_cmp(&b)` is
/// `total_order_key(a).cmp(&total_order_key(b))` (the transform
/// `f64::total_cmp` itself applies). The bootstrap keeps its resampled means
/// as keys because selecting integers is several times cheaper than
/// selecting floats through `total_cmp`; the transform is its own inverse,
/// so [`from_total_order_key`] gives every value back bit for bit.
#[inline]
fn total_order_key(x: f64) -> i64 {
    flip_magnitude_if_negative(x.to_bits() as i64)
}

/// The value of a [`total_order_key`].
#[inline]
fn from_total_order_key(key: i64) -> f64 {
    f64::from_bits(flip_magnitude_if_negative(key) as u64)
}

/// Inverts the 63 low bits when the sign bit is set: negative floats then
/// order as integers do. Applied twice it is the identity.
#[inline]
fn flip_magnitude_if_negative(bits: i64) -> i64 {
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The `k`-th smallest key (0-based) and the one after it (`None` when `k`
/// is the last), `None` when `k` is out of range.
///
/// A bounded heap over the tail on `k`'s side instead of a selection over
/// every key: O(m log t) for a tail of `t` keys, and a bootstrap's quantiles
/// sit in tails of 5 % of the means, where this is several times cheaper.
/// Order statistics do not depend on the method, so neither does the result.
fn order_statistic_and_next(keys: &[i64], k: usize) -> Option<(i64, Option<i64>)> {
    let m = keys.len();
    if k >= m {
        return None;
    }
    if k < m / 2 {
        // The k + 2 smallest keys (k + 2 ≤ m here) in a max-heap: its top
        // is the (k + 1)-th smallest, the next top the k-th.
        let (head, rest) = keys.split_at_checked(k + 2)?;
        let mut smallest: BinaryHeap<i64> = head.iter().copied().collect();
        for &x in rest {
            if let Some(mut top) = smallest.peek_mut() {
                if x < *top {
                    *top = x;
                }
            }
        }
        let next = smallest.pop();
        Some((smallest.peek().copied()?, next))
    } else {
        // The m − k largest keys in a min-heap: its top is the k-th
        // smallest, the next top the (k + 1)-th.
        let (head, rest) = keys.split_at_checked(m - k)?;
        let mut largest: BinaryHeap<Reverse<i64>> = head.iter().copied().map(Reverse).collect();
        for &x in rest {
            if let Some(mut top) = largest.peek_mut() {
                if x > top.0 {
                    *top = Reverse(x);
                }
            }
        }
        let Reverse(kth) = largest.pop()?;
        Some((kth, largest.peek().map(|r| r.0)))
    }
}

/// The type-7 quantile (linear interpolation between order statistics,
/// R's default and numpy's `linear`) of values given as
/// [`total_order_key`]s: with `m` sorted values and `h = p·(m − 1)`,
/// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
fn quantile(keys: &[i64], p: f64) -> Option<f64> {
    let m = keys.len();
    if m == 0 || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = p * (m - 1) as f64;
    let lo = (h.floor() as usize).min(m - 1);
    let frac = h - lo as f64;
    let (low, next) = order_statistic_and_next(keys, lo)?;
    let low = from_total_order_key(low);
    match next.map(from_total_order_key) {
        Some(high) if frac > 0.0 => Some(low + frac * (high - low)),
        _ => Some(low),
    }
}

/// The percentile interval of resampled means (as [`total_order_key`]s):
/// their type-7 quantiles at `(1 − confidence)/2` and `(1 + confidence)/2`,
/// `None` unless both exist and are finite.
fn percentile_interval(mean_keys: &[i64], confidence: f64) -> Option<(f64, f64)> {
    let low = quantile(mean_keys, (1.0 - confidence) / 2.0)?;
    let high = quantile(mean_keys, (1.0 + confidence) / 2.0)?;
    (low.is_finite() && high.is_finite()).then_some((low, high))
}

/// Percentile-bootstrap interval of the mean of `values`.
///
/// Draws `resamples` resamples of `n = values.len()` values with
/// replacement and returns the type-7 quantiles (linear interpolation
/// between order statistics, R's default) at `(1 − confidence)/2` and
/// `(1 + confidence)/2` of the resampled means: the 5th and 95th
/// percentiles for 0.90.
///
/// The procedure, fixed so results never change: a SplitMix64 stream from
/// `seed`; each output gives two indices `⌊u32·n / 2^32⌋`, low half first;
/// a resample sums its draws' deviations from the first value in four
/// accumulators `(s0 + s1) + (s2 + s3)` and its mean is
/// `first + sum / n`. `tests/evidence.rs` pins golden values computed by an
/// independent transcription.
///
/// Non-finite values are ignored (as in [`stats`]). `None` when no finite
/// value is left, `resamples == 0`, `confidence` is not within `[0, 1]`, or
/// the means buffer cannot be allocated. Same inputs and seed give a
/// bit-identical result: the draw sequence, the summation order and the
/// quantile are all fixed here. A constant sample gives `(c, c)` exactly.
pub fn bootstrap_mean_interval(
    values: &[f64],
    resamples: usize,
    confidence: f64,
    seed: u64,
) -> Option<(f64, f64)> {
    if resamples == 0 || !(0.0..=1.0).contains(&confidence) {
        return None;
    }
    let shift = values.iter().copied().find(|v| v.is_finite())?;
    // Deviations from the first value: resample sums stay small, and a
    // constant sample's means are exactly the constant.
    let deviations: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| v - shift)
        .collect();
    let n = deviations.len();
    let n_f = n as f64;
    let mut means: Vec<i64> = Vec::new();
    means.try_reserve_exact(resamples).ok()?;
    let mut rng = SplitMix64::new(seed);
    // No allocation per resample: running sums over the draws.
    if let Ok(n32) = u32::try_from(n) {
        let n64 = u64::from(n32);
        for _ in 0..resamples {
            let mean = shift + resample_sum(&mut rng, &deviations, n64) / n_f;
            means.push(total_order_key(mean));
        }
    } else {
        let draw = |i: usize| deviations.get(i).copied().unwrap_or(0.0);
        for _ in 0..resamples {
            let mut sum = 0.0;
            for _ in 0..n {
                sum += draw(index64(rng.next_u64(), n));
            }
            means.push(total_order_key(shift + sum / n_f));
        }
    }
    percentile_interval(&means, confidence)
}

/// Percentile-bootstrap intervals of the means of three samples observed
/// on the same episodes (one row per episode: its 5-, 21- and 63-session
/// outcome), resampling *episodes*: every resample draws `n` episode
/// indices once and sums all three columns at them (common random numbers).
/// Per column this is exactly the percentile bootstrap of
/// [`bootstrap_mean_interval`] — same draws procedure (SplitMix64 from
/// `seed`, two indices per output, `⌊u32·n / 2^32⌋`), same type-7
/// quantiles — with the three columns sharing the index stream, which costs
/// one draw instead of three. Deviations are taken from the first row's
/// values, so a constant column gives `(c, c)` exactly.
///
/// `None` entries when `rows` is empty, `resamples == 0`, `confidence` is
/// outside `[0, 1]`, or a column has a non-finite value.
pub fn bootstrap_mean_intervals3(
    rows: &[[f64; 3]],
    resamples: usize,
    confidence: f64,
    seed: u64,
) -> [Option<(f64, f64)>; 3] {
    let none = [None; 3];
    if resamples == 0
        || !(0.0..=1.0).contains(&confidence)
        || rows.iter().flatten().any(|v| !v.is_finite())
    {
        return none;
    }
    let Some(first) = rows.first().copied() else {
        return none;
    };
    let deviations: Vec<[f64; 3]> = rows
        .iter()
        .map(|r| [r[0] - first[0], r[1] - first[1], r[2] - first[2]])
        .collect();
    let Ok(n32) = u32::try_from(deviations.len()) else {
        return none;
    };
    let n64 = u64::from(n32);
    let n_f = deviations.len() as f64;
    let mut means: [Vec<i64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for m in &mut means {
        if m.try_reserve_exact(resamples).is_err() {
            return none;
        }
    }
    let mut rng = SplitMix64::new(seed);
    // A function, not a closure, so that it can be forced inline, and a
    // reference, not a copy: at opt-level "z" a closure stayed a call per
    // draw, and a copied array went through memory in a byte loop
    // (measured in WASM: most of the evidence phase).
    #[inline(always)]
    fn pick(deviations: &[[f64; 3]], bits: u32, n64: u64) -> &[f64; 3] {
        deviations.get(index32(bits, n64)).unwrap_or(&[0.0; 3])
    }
    let n = deviations.len();
    for _ in 0..resamples {
        let (mut s0, mut s1, mut s2) = (0.0f64, 0.0f64, 0.0f64);
        // Two indices per 64 random bits, low half first (as in
        // `resample_sum`); an odd `n` uses the low half of one more output.
        for _ in 0..n / 2 {
            let x = rng.next_u64();
            let a = pick(&deviations, x as u32, n64);
            let b = pick(&deviations, (x >> 32) as u32, n64);
            s0 += a[0] + b[0];
            s1 += a[1] + b[1];
            s2 += a[2] + b[2];
        }
        if n % 2 == 1 {
            let a = pick(&deviations, rng.next_u64() as u32, n64);
            s0 += a[0];
            s1 += a[1];
            s2 += a[2];
        }
        means[0].push(total_order_key(first[0] + s0 / n_f));
        means[1].push(total_order_key(first[1] + s1 / n_f));
        means[2].push(total_order_key(first[2] + s2 / n_f));
    }
    means.map(|m| percentile_interval(&m, confidence))
}

/// The sum of `n` values drawn with replacement from `values` (`n =
/// values.len() ≤ u32::MAX`), two draws per PRNG output.
///
/// Four accumulators, because a single running sum is bound by the latency
/// of floating-point addition (each add waits for the previous one); four
/// independent chains let the CPU overlap them. The
/// grouping is fixed, `(s0 + s1) + (s2 + s3)`, so the result stays
/// bit-identical everywhere.
#[inline(always)]
fn resample_sum(rng: &mut SplitMix64, values: &[f64], n64: u64) -> f64 {
    #[inline(always)]
    fn pick(values: &[f64], bits: u32, n64: u64) -> f64 {
        values.get(index32(bits, n64)).copied().unwrap_or(0.0)
    }
    let draw = |bits: u32| pick(values, bits, n64);
    let n = values.len();
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    for _ in 0..n / 4 {
        let x = rng.next_u64();
        let y = rng.next_u64();
        s0 += draw(x as u32);
        s1 += draw((x >> 32) as u32);
        s2 += draw(y as u32);
        s3 += draw((y >> 32) as u32);
    }
    let rest = n % 4;
    if rest > 0 {
        let x = rng.next_u64();
        s0 += draw(x as u32);
        if rest > 1 {
            s1 += draw((x >> 32) as u32);
        }
        if rest > 2 {
            s2 += draw(rng.next_u64() as u32);
        }
    }
    (s0 + s1) + (s2 + s3)
}

/// A row's reading of its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// The bootstrap interval of the episodes' mean excludes the base mean.
    Edge,
    /// Enough episodes, but the interval contains the base mean.
    Noise,
    /// Fewer episodes with complete windows than `min_episodes`.
    TooFew,
}

impl Verdict {
    /// Stable name: `"edge"`, `"noise"`, `"too-few"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Edge => "edge",
            Verdict::Noise => "noise",
            Verdict::TooFew => "too-few",
        }
    }
}

/// The verdict rule on its own: `TooFew` when `n < min_episodes`; `Edge`
/// when both the interval and the base mean exist and the base mean lies
/// strictly outside `[low, high]`; otherwise `Noise` (no interval means no
/// claim of an edge).
pub fn verdict(
    n: usize,
    interval: Option<(f64, f64)>,
    base_mean: Option<f64>,
    min_episodes: usize,
) -> Verdict {
    if n < min_episodes {
        return Verdict::TooFew;
    }
    match (interval, base_mean) {
        (Some((low, high)), Some(base)) if base < low || base > high => Verdict::Edge,
        _ => Verdict::Noise,
    }
}

/// One line of an evidence table: a rule's episodes against one outcome at
/// one horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    /// What is measured.
    pub outcome: Outcome,
    /// Forward horizon in sessions.
    pub horizon: usize,
    /// Entries given (episodes found).
    pub episodes: usize,
    /// Entries whose forward window is incomplete (past the end or a missing
    /// close), excluded from `stats`.
    pub excluded: usize,
    /// Statistics over the entries with complete windows.
    pub stats: Option<Stats>,
    /// The same statistics over every session with a complete window.
    pub base: Option<Stats>,
    /// Bootstrap interval of the episodes' mean; `None` when too few (the
    /// bootstrap is skipped) or the settings allow none (zero resamples, a
    /// confidence outside `[0, 1]`).
    pub interval: Option<(f64, f64)>,
    /// See [`verdict`].
    pub verdict: Verdict,
    /// The entries with complete windows, in order (for charts and lists).
    pub entry_indices: Vec<usize>,
}

/// The bootstrap seed of one row: `settings.seed` mixed with the outcome,
/// the horizon, the number of entries and every entry index, each step
/// through SplitMix64's finalizer. Rows of one table therefore draw
/// different streams, yet a row is reproducible from its inputs alone.
pub fn row_seed(seed: u64, outcome: Outcome, horizon: usize, entries: &[usize]) -> u64 {
    let mut h = mix64(seed ^ outcome.seed_code());
    h = mix64(h ^ horizon as u64);
    h = mix64(h ^ entries.len() as u64);
    for e in entries {
        h = mix64(h ^ *e as u64);
    }
    h
}

/// One row for an entry list (from [`episode_entries`]) and an
/// outcome/horizon. Computes the base rate itself; for many rules on the
/// same data use [`BaseRates`], which computes it once.
pub fn evidence_row(
    entries: &[usize],
    outcome: Outcome,
    horizon: usize,
    small: &[Option<f64>],
    large: &[Option<f64>],
    settings: &EvidenceSettings,
) -> EvidenceRow {
    let column = outcome_returns(outcome, small, large, horizon);
    let base = base_stats(&column);
    row_from(entries, outcome, horizon, &column, base, settings)
}

/// Statistics of every defined value of a forward column.
fn base_stats(column: &[Option<f64>]) -> Option<Stats> {
    // Sized up front: `flatten` gives no length hint, so `collect` would
    // grow (and copy) the buffer a dozen times on a long history.
    let mut values: Vec<f64> = Vec::with_capacity(column.len());
    values.extend(column.iter().flatten());
    stats_in_place(&mut values)
}

/// The row from a precomputed forward column and base rate.
fn row_from(
    entries: &[usize],
    outcome: Outcome,
    horizon: usize,
    column: &[Option<f64>],
    base: Option<Stats>,
    settings: &EvidenceSettings,
) -> EvidenceRow {
    let mut entry_indices = Vec::with_capacity(entries.len());
    let mut sample = Vec::with_capacity(entries.len());
    for &t in entries {
        if let Some(v) = column.get(t).copied().flatten() {
            entry_indices.push(t);
            sample.push(v);
        }
    }
    let excluded = entries.len().saturating_sub(entry_indices.len());
    let n = sample.len();
    // The bootstrap is the row's only costly step; below the verdict's
    // threshold it could not change the verdict, so it is skipped.
    let interval = if n >= settings.min_episodes {
        bootstrap_mean_interval(
            &sample,
            settings.resamples,
            settings.confidence,
            row_seed(settings.seed, outcome, horizon, entries),
        )
    } else {
        None
    };
    // After the bootstrap: stats reorders the sample in place.
    let stats = stats_in_place(&mut sample);
    EvidenceRow {
        outcome,
        horizon,
        episodes: entries.len(),
        excluded,
        stats,
        base,
        interval,
        verdict: verdict(n, interval, base.map(|b| b.mean), settings.min_episodes),
        entry_indices,
    }
}

/// One precomputed (outcome, horizon) pair of [`BaseRates`].
#[derive(Debug, Clone, PartialEq)]
struct BaseColumn {
    outcome: Outcome,
    horizon: usize,
    returns: Vec<Option<f64>>,
    base: Option<Stats>,
}

/// Forward outcome columns and base-rate statistics for every outcome and
/// every horizon of the settings, computed once so that many rules share
/// them. Building costs O(sessions) per pair (the median is selected, not
/// sorted); a row then costs O(entries · resamples).
#[derive(Debug, Clone, PartialEq)]
pub struct BaseRates {
    settings: EvidenceSettings,
    small: Vec<Option<f64>>,
    large: Vec<Option<f64>>,
    columns: Vec<BaseColumn>,
}

impl BaseRates {
    /// Precomputes all [`Outcome::ALL`] × `settings.horizons` pairs
    /// (duplicate horizons once). Keeps a copy of the closes so that a row
    /// at a horizon outside the settings can still be answered.
    pub fn new(small: &[Option<f64>], large: &[Option<f64>], settings: &EvidenceSettings) -> Self {
        Self::for_outcomes(small, large, settings, &Outcome::ALL)
    }

    /// Like [`new`](Self::new), precomputing only `outcomes` (the others
    /// are computed on the spot if asked for): the page shows one outcome
    /// at a time, and each base rate costs a pass over every session.
    pub fn for_outcomes(
        small: &[Option<f64>],
        large: &[Option<f64>],
        settings: &EvidenceSettings,
        outcomes: &[Outcome],
    ) -> Self {
        let mut columns = Vec::with_capacity(settings.horizons.len() * Outcome::ALL.len());
        for (i, &horizon) in settings.horizons.iter().enumerate() {
            if settings
                .horizons
                .get(..i)
                .is_some_and(|seen| seen.contains(&horizon))
            {
                continue;
            }
            let s = forward_returns(small, horizon);
            let l = forward_returns(large, horizon);
            let spread = spread_column(&s, &l);
            for (outcome, returns) in [
                (Outcome::Small, s),
                (Outcome::Large, l),
                (Outcome::Spread, spread),
            ] {
                if !outcomes.contains(&outcome) {
                    continue;
                }
                let base = base_stats(&returns);
                columns.push(BaseColumn {
                    outcome,
                    horizon,
                    returns,
                    base,
                });
            }
        }
        BaseRates {
            settings: settings.clone(),
            small: small.to_vec(),
            large: large.to_vec(),
            columns,
        }
    }

    /// The settings the rates were built with (rows use them too).
    pub fn settings(&self) -> &EvidenceSettings {
        &self.settings
    }

    /// Number of sessions (the longer of the two closes columns).
    pub fn sessions(&self) -> usize {
        self.small.len().max(self.large.len())
    }

    fn column(&self, outcome: Outcome, horizon: usize) -> Option<&BaseColumn> {
        self.columns
            .iter()
            .find(|c| c.outcome == outcome && c.horizon == horizon)
    }

    /// The forward outcome column of a precomputed pair (e.g. for a chart);
    /// `None` for a horizon not in the settings.
    pub fn returns(&self, outcome: Outcome, horizon: usize) -> Option<&[Option<f64>]> {
        self.column(outcome, horizon).map(|c| c.returns.as_slice())
    }

    /// The base-rate statistics of a precomputed pair; `None` for a horizon
    /// not in the settings or when no session has a complete window.
    pub fn base(&self, outcome: Outcome, horizon: usize) -> Option<Stats> {
        self.column(outcome, horizon).and_then(|c| c.base)
    }

    /// The row for `entries` at one outcome and horizon; identical to
    /// [`evidence_row`] on the same closes and settings. A horizon outside
    /// the settings is computed on the spot (same result, full cost).
    pub fn row(&self, entries: &[usize], outcome: Outcome, horizon: usize) -> EvidenceRow {
        match self.column(outcome, horizon) {
            Some(c) => row_from(
                entries,
                outcome,
                horizon,
                &c.returns,
                c.base,
                &self.settings,
            ),
            None => evidence_row(
                entries,
                outcome,
                horizon,
                &self.small,
                &self.large,
                &self.settings,
            ),
        }
    }

    /// The rows of one outcome at every horizon of the settings (in order),
    /// as [`row`](Self::row) gives them, except that when exactly three
    /// horizons share the same episodes with complete windows (the usual
    /// case: only episodes near the end differ) their intervals come from
    /// one shared resampling ([`bootstrap_mean_intervals3`]) — the
    /// table's main cost, paid once instead of three times.
    pub fn rows_for(&self, entries: &[usize], outcome: Outcome) -> Vec<EvidenceRow> {
        let mut rows: Vec<EvidenceRow> = Vec::with_capacity(self.settings.horizons.len());
        let columns: Vec<Option<&BaseColumn>> = self
            .settings
            .horizons
            .iter()
            .map(|h| self.column(outcome, *h))
            .collect();
        let shared = match columns.as_slice() {
            [Some(a), Some(b), Some(c)] => {
                let complete = |col: &BaseColumn| -> Vec<usize> {
                    entries
                        .iter()
                        .copied()
                        .filter(|t| col.returns.get(*t).copied().flatten().is_some())
                        .collect()
                };
                let (ea, eb, ec) = (complete(a), complete(b), complete(c));
                (ea == eb && eb == ec && ea.len() >= self.settings.min_episodes).then(|| {
                    let table: Vec<[f64; 3]> = ea
                        .iter()
                        .map(|t| {
                            let v = |col: &BaseColumn| {
                                col.returns.get(*t).copied().flatten().unwrap_or(f64::NAN)
                            };
                            [v(a), v(b), v(c)]
                        })
                        .collect();
                    let seed = row_seed(self.settings.seed, outcome, 0, entries);
                    bootstrap_mean_intervals3(
                        &table,
                        self.settings.resamples,
                        self.settings.confidence,
                        seed,
                    )
                })
            }
            _ => None,
        };
        for (k, horizon) in self.settings.horizons.iter().enumerate() {
            let row = match (&shared, columns.get(k).copied().flatten()) {
                (Some(intervals), Some(col)) => {
                    let settings = EvidenceSettings {
                        // The interval is already known: skip the row's own.
                        resamples: 0,
                        ..self.settings.clone()
                    };
                    let mut row = row_from(
                        entries,
                        outcome,
                        *horizon,
                        &col.returns,
                        col.base,
                        &settings,
                    );
                    row.interval = intervals.get(k).copied().flatten();
                    row.verdict = verdict(
                        row.stats.map_or(0, |s| s.n),
                        row.interval,
                        row.base.map(|b| b.mean),
                        self.settings.min_episodes,
                    );
                    row
                }
                _ => self.row(entries, outcome, *horizon),
            };
            rows.push(row);
        }
        rows
    }

    /// A rule's table: one row per outcome in `outcomes` (outer) and horizon
    /// of the settings (inner), in that order.
    pub fn rows(&self, entries: &[usize], outcomes: &[Outcome]) -> Vec<EvidenceRow> {
        outcomes
            .iter()
            .flat_map(|&outcome| {
                self.settings
                    .horizons
                    .iter()
                    .map(move |&horizon| self.row(entries, outcome, horizon))
            })
            .collect()
    }
}
