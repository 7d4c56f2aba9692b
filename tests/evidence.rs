//! Spec for the evidence tables (`engine::evidence`): episode entries with a
//! quiet gap and no look-ahead, forward returns with incomplete windows
//! excluded and counted, hand-checked statistics, a reproducible seeded
//! bootstrap, the verdict rule, and the row invariants on real IWM/SPY data.

use std::path::PathBuf;

use proptest::prelude::*;
use regime_radar::engine::align::{align_prices, JoinMode};
use regime_radar::engine::evidence::{
    bootstrap_mean_interval, episode_entries, evidence_row, forward_returns, outcome_returns,
    row_seed, stats, verdict, BaseRates, EvidenceRow, EvidenceSettings, Outcome, Stats, Verdict,
    DEFAULT_SEED,
};
use regime_radar::engine::indicators::returns::simple_return;
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::series::Series;

type TestResult = Result<(), Box<dyn std::error::Error>>;

// ---------------------------------------------------------------- helpers

const F: Option<bool> = Some(false);
const T: Option<bool> = Some(true);
const NA: Option<bool> = None;

/// `runs` concatenated: each `(state, length)` repeated `length` times.
fn states(runs: &[(Option<bool>, usize)]) -> Vec<Option<bool>> {
    runs.iter()
        .flat_map(|(s, len)| std::iter::repeat_n(*s, *len))
        .collect()
}

fn close_to(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

fn assert_column(actual: &[Option<f64>], expected: &[Option<f64>]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (t, (a, e)) in actual.iter().zip(expected).enumerate() {
        match (a, e) {
            (Some(a), Some(e)) => assert!(close_to(*a, *e), "t={t}: {a} vs {e}"),
            (None, None) => {}
            _ => panic!("t={t}: {a:?} vs {e:?}"),
        }
    }
}

/// A tiny deterministic LCG (Knuth's MMIX constants) for test samples, so
/// the tests do not depend on the PRNG under test.
struct Lcg(u64);

impl Lcg {
    /// Uniform in `[-half, half)`.
    fn uniform(&mut self, half: f64) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let unit = (self.0 >> 11) as f64 / (1u64 << 53) as f64;
        (unit * 2.0 - 1.0) * half
    }
}

fn sample(n: usize, half: f64, seed: u64) -> Vec<f64> {
    let mut lcg = Lcg(seed);
    (0..n).map(|_| lcg.uniform(half)).collect()
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// A price file from `tests/fixtures/reference/`, read by the app's ingest.
fn reference(file: &str) -> Result<Series, Box<dyn std::error::Error>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/reference")
        .join(file);
    let bytes = std::fs::read(&path)?;
    Ok(ingest(&bytes, file, &IngestOptions::default())?.series)
}

/// A rule that fires on the single session `t` of each entry and is quiet
/// otherwise.
fn single_day_rule(len: usize, entries: &[usize]) -> Vec<Option<bool>> {
    (0..len)
        .map(|t| Some(entries.contains(&t)))
        .collect::<Vec<_>>()
}

// ---------------------------------------------------------------- entries

#[test]
fn an_entry_needs_min_gap_quiet_sessions_before_it() {
    let state = states(&[(F, 5), (T, 1)]);
    assert_eq!(episode_entries(&state, 5), vec![5]);
    assert_eq!(episode_entries(&state, 6), Vec::<usize>::new());
}

#[test]
fn a_long_run_is_one_episode() {
    let state = states(&[(F, 21), (T, 50), (F, 2)]);
    assert_eq!(episode_entries(&state, 21), vec![21]);
}

#[test]
fn a_flicker_inside_the_gap_is_not_a_new_episode() {
    // Fires 21..26, quiet 3 days, fires again 29..34 (the flicker), then a
    // real 21-day pause before firing at 55.
    let state = states(&[(F, 21), (T, 5), (F, 3), (T, 5), (F, 21), (T, 1)]);
    assert_eq!(episode_entries(&state, 21), vec![21, 55]);
}

#[test]
fn missing_data_breaks_the_gap() {
    // Ten quiet days, a hole, twenty quiet days: only 20 known-quiet days.
    let short = states(&[(F, 10), (NA, 1), (F, 20), (T, 1)]);
    assert_eq!(episode_entries(&short, 21), Vec::<usize>::new());
    // One more quiet day after the hole and the gap is complete.
    let enough = states(&[(F, 10), (NA, 1), (F, 21), (T, 1)]);
    assert_eq!(episode_entries(&enough, 21), vec![32]);
}

#[test]
fn a_rule_firing_as_soon_as_its_data_begins_is_not_counted() {
    let state = states(&[(NA, 5), (T, 10), (F, 21), (T, 3)]);
    assert_eq!(episode_entries(&state, 21), vec![36]);
}

#[test]
fn the_first_session_is_never_an_entry() {
    assert_eq!(episode_entries(&[T, F, T], 0), vec![2]);
    assert_eq!(episode_entries(&[T], 0), Vec::<usize>::new());
    // min_gap 0 behaves as 1: a run must start after a known-quiet session.
    assert_eq!(episode_entries(&[NA, T], 0), Vec::<usize>::new());
    assert_eq!(episode_entries(&[F, T, T], 0), vec![1]);
    assert_eq!(episode_entries(&[], 21), Vec::<usize>::new());
}

fn state_strategy() -> impl Strategy<Value = Vec<Option<bool>>> {
    prop::collection::vec(
        prop_oneof![3 => Just(F), 2 => Just(T), 1 => Just(NA)],
        0..300,
    )
}

proptest! {
    /// No look-ahead: truncating the history after session k never changes
    /// which sessions before k are entries.
    #[test]
    fn entries_only_use_the_past(state in state_strategy(), gap in 0usize..30) {
        let full = episode_entries(&state, gap);
        for k in 0..=state.len() {
            let prefix = episode_entries(&state[..k], gap);
            let expected: Vec<usize> = full.iter().copied().filter(|&t| t < k).collect();
            prop_assert_eq!(prefix, expected, "k = {}", k);
        }
    }

    /// Entries fire, follow `gap` known-quiet sessions, and so are at least
    /// `gap + 1` apart (non-overlapping runs).
    #[test]
    fn entries_fire_after_a_full_quiet_gap(state in state_strategy(), gap in 1usize..30) {
        let entries = episode_entries(&state, gap);
        for &t in &entries {
            prop_assert_eq!(state.get(t).copied(), Some(T));
            prop_assert!(t >= gap);
            prop_assert!(state[t - gap..t].iter().all(|s| *s == F));
        }
        for pair in entries.windows(2) {
            prop_assert!(pair[1] > pair[0] + gap);
        }
    }
}

// ---------------------------------------------------------------- forward returns

#[test]
fn forward_returns_by_hand() {
    let closes = [Some(100.0), Some(110.0), None, Some(121.0), Some(99.0)];
    // h = 1: 110/100−1 = 0.1; 1→2 and 2→3 touch the hole; 99/121−1; 4 is the end.
    assert_column(
        &forward_returns(&closes, 1),
        &[Some(0.1), None, None, Some(99.0 / 121.0 - 1.0), None],
    );
    // h = 2: 0→2 hole; 121/110−1 = 0.1; 2 hole; 3 and 4 run past the end.
    assert_column(
        &forward_returns(&closes, 2),
        &[None, Some(0.1), None, None, None],
    );
    // h = 0 is the trivial window; h past the end gives all None.
    assert_column(
        &forward_returns(&closes, 0),
        &[Some(0.0), Some(0.0), None, Some(0.0), Some(0.0)],
    );
    assert_column(&forward_returns(&closes, 99), &[None; 5]);
    assert_column(&forward_returns(&[Some(0.0), Some(1.0)], 1), &[None, None]);
}

#[test]
fn outcome_returns_by_hand() {
    let small = [Some(100.0), Some(110.0), None, Some(121.0), Some(99.0)];
    let large = [
        Some(100.0),
        Some(100.0),
        Some(100.0),
        Some(110.0),
        Some(110.0),
    ];
    let s = outcome_returns(Outcome::Small, &small, &large, 1);
    let l = outcome_returns(Outcome::Large, &small, &large, 1);
    let spread = outcome_returns(Outcome::Spread, &small, &large, 1);
    assert_column(&s, &forward_returns(&small, 1));
    assert_column(&l, &[Some(0.0), Some(0.0), Some(0.1), Some(0.0), None]);
    // small − large, None where either leg is None.
    assert_column(
        &spread,
        &[Some(0.1), None, None, Some(99.0 / 121.0 - 1.0), None],
    );
    assert_eq!(
        Outcome::ALL.map(Outcome::as_str),
        ["small", "large", "spread"]
    );
}

#[test]
fn incomplete_windows_are_excluded_and_counted() {
    let small = [Some(100.0), Some(110.0), None, Some(121.0), Some(99.0)];
    let large = [Some(100.0); 5];
    let settings = EvidenceSettings::default();
    // Entry 0 is complete; 1 hits the hole at 2; 4 runs past the end.
    let row = evidence_row(&[0, 1, 4], Outcome::Small, 1, &small, &large, &settings);
    assert_eq!(row.episodes, 3);
    assert_eq!(row.excluded, 2);
    assert_eq!(row.entry_indices, vec![0]);
    assert_eq!(row.stats.map(|s| s.n), Some(1));
    // Base: every session with a complete 1-day window: 0 and 3.
    assert_eq!(row.base.map(|s| s.n), Some(2));
    assert_eq!(row.verdict, Verdict::TooFew);
    assert_eq!(row.interval, None);
}

// ---------------------------------------------------------------- stats

#[test]
fn stats_by_hand() -> TestResult {
    // values 0.02, −0.01, 0.03, 0.00, 0.05
    // sum = 0.09, n = 5        → mean 0.018
    // sorted −0.01 0.00 0.02 0.03 0.05 → median 0.02 (3rd of 5)
    // > 0: 0.02, 0.03, 0.05    → hit rate 3/5 = 0.6 (0.00 is no hit)
    // worst −0.01, best 0.05
    let s = stats(&[0.02, -0.01, 0.03, 0.00, 0.05]).ok_or("stats of 5 values")?;
    assert_eq!(s.n, 5);
    assert!(close_to(s.mean, 0.018), "{}", s.mean);
    assert_eq!(s.median, 0.02);
    assert_eq!(s.hit_rate, 0.6);
    assert_eq!(s.worst, -0.01);
    assert_eq!(s.best, 0.05);

    // Even n: sorted −0.02 0.01 0.03 0.04 → median (0.01 + 0.03)/2 = 0.02,
    // mean 0.06/4 = 0.015, hit rate 3/4.
    let s = stats(&[0.04, -0.02, 0.01, 0.03]).ok_or("stats of 4 values")?;
    assert!(close_to(s.median, 0.02), "{}", s.median);
    assert!(close_to(s.mean, 0.015), "{}", s.mean);
    assert_eq!(s.hit_rate, 0.75);
    Ok(())
}

#[test]
fn stats_ignore_non_finite_values_and_need_one() -> TestResult {
    let s = stats(&[f64::NAN, 0.01, f64::INFINITY, f64::NEG_INFINITY]).ok_or("one value")?;
    assert_eq!(
        s,
        Stats {
            n: 1,
            mean: 0.01,
            median: 0.01,
            hit_rate: 1.0,
            worst: 0.01,
            best: 0.01
        }
    );
    assert_eq!(stats(&[]), None);
    assert_eq!(stats(&[f64::NAN]), None);
    // A constant sample's mean is exactly the constant.
    assert_eq!(stats(&[0.1; 10]).map(|s| s.mean), Some(0.1));
    Ok(())
}

// ---------------------------------------------------------------- bootstrap

#[test]
fn bootstrap_is_bit_for_bit_deterministic_under_a_seed() -> TestResult {
    let values = sample(40, 0.05, 7);
    let a = bootstrap_mean_interval(&values, 1000, 0.90, 42).ok_or("interval")?;
    let b = bootstrap_mean_interval(&values, 1000, 0.90, 42).ok_or("interval")?;
    assert_eq!(a.0.to_bits(), b.0.to_bits());
    assert_eq!(a.1.to_bits(), b.1.to_bits());
    Ok(())
}

#[test]
fn another_seed_gives_another_interval() -> TestResult {
    let values = sample(40, 0.05, 7);
    let a = bootstrap_mean_interval(&values, 1000, 0.90, 1).ok_or("interval")?;
    let b = bootstrap_mean_interval(&values, 1000, 0.90, 2).ok_or("interval")?;
    assert_ne!(a, b);
    Ok(())
}

#[test]
fn the_interval_contains_the_sample_mean() -> TestResult {
    let values = sample(100, 0.05, 11);
    let m = mean(&values);
    let (low, high) =
        bootstrap_mean_interval(&values, 1000, 0.90, DEFAULT_SEED).ok_or("interval")?;
    assert!(low < m && m < high, "{low} < {m} < {high}");
    // Roughly ±1.645 standard errors: sd of U(−0.05, 0.05) is 0.0289, so the
    // half-width is about 0.0048; allow a wide margin for resampling noise.
    let half = (high - low) / 2.0;
    assert!((0.0035..0.0065).contains(&half), "half-width {half}");
    Ok(())
}

#[test]
fn a_constant_sample_gives_a_point_interval() {
    assert_eq!(
        bootstrap_mean_interval(&[0.013; 30], 1000, 0.90, 5),
        Some((0.013, 0.013))
    );
    assert_eq!(
        bootstrap_mean_interval(&[-0.1], 10, 0.90, 5),
        Some((-0.1, -0.1))
    );
}

#[test]
fn wider_confidence_nests_the_narrower_interval() -> TestResult {
    // Same seed → same resampled means, so the quantiles nest.
    let values = sample(30, 0.05, 3);
    let narrow = bootstrap_mean_interval(&values, 500, 0.50, 9).ok_or("50%")?;
    let wide = bootstrap_mean_interval(&values, 500, 0.99, 9).ok_or("99%")?;
    assert!(
        wide.0 <= narrow.0 && narrow.1 <= wide.1,
        "{wide:?} ⊇ {narrow:?}"
    );
    Ok(())
}

#[test]
fn bootstrap_without_data_or_with_bad_settings_gives_none() {
    assert_eq!(bootstrap_mean_interval(&[], 1000, 0.90, 1), None);
    assert_eq!(bootstrap_mean_interval(&[f64::NAN], 1000, 0.90, 1), None);
    assert_eq!(bootstrap_mean_interval(&[0.01, 0.02], 0, 0.90, 1), None);
    assert_eq!(bootstrap_mean_interval(&[0.01, 0.02], 100, 1.5, 1), None);
    assert_eq!(
        bootstrap_mean_interval(&[0.01, 0.02], 100, f64::NAN, 1),
        None
    );
}

/// Golden values pin the algorithm across versions and targets: they come
/// from an independent Python transcription of the documented procedure
/// (SplitMix64 from the seed; index `⌊u32·n / 2^32⌋`, low then high half of
/// each output; deviations from the first value summed in four accumulators
/// `(s0 + s1) + (s2 + s3)`; type-7 quantiles of the means). Python floats
/// are IEEE doubles, so the results must agree bit for bit.
#[test]
fn bootstrap_matches_an_independent_reference_implementation() {
    assert_eq!(
        bootstrap_mean_interval(&[0.01, -0.02, 0.03, 0.005, 0.0], 20, 0.90, 0),
        Some((-0.0014500000000000016, 0.020300000000000002))
    );
    assert_eq!(
        bootstrap_mean_interval(
            &[0.01, -0.02, 0.03, 0.005, 0.0, 0.04, -0.01],
            37,
            0.80,
            12345
        ),
        Some((-0.0005714285714285718, 0.016))
    );
}

#[test]
fn row_seeds_differ_by_outcome_horizon_and_entries() {
    let entries = [30, 60, 90];
    let base = row_seed(DEFAULT_SEED, Outcome::Small, 5, &entries);
    assert_eq!(base, row_seed(DEFAULT_SEED, Outcome::Small, 5, &entries));
    assert_ne!(base, row_seed(DEFAULT_SEED, Outcome::Large, 5, &entries));
    assert_ne!(base, row_seed(DEFAULT_SEED, Outcome::Small, 21, &entries));
    assert_ne!(
        base,
        row_seed(DEFAULT_SEED, Outcome::Small, 5, &[30, 60, 91])
    );
    assert_ne!(
        base,
        row_seed(DEFAULT_SEED + 1, Outcome::Small, 5, &entries)
    );
}

// ---------------------------------------------------------------- verdict

#[test]
fn verdict_rule() {
    assert_eq!(
        verdict(9, Some((0.01, 0.02)), Some(0.0), 10),
        Verdict::TooFew
    );
    assert_eq!(
        verdict(10, Some((0.01, 0.02)), Some(0.0), 10),
        Verdict::Edge
    );
    assert_eq!(
        verdict(10, Some((-0.03, -0.01)), Some(0.0), 10),
        Verdict::Edge
    );
    assert_eq!(
        verdict(10, Some((-0.01, 0.02)), Some(0.0), 10),
        Verdict::Noise
    );
    // A bound equal to the base mean does not exclude it.
    assert_eq!(
        verdict(10, Some((0.0, 0.02)), Some(0.0), 10),
        Verdict::Noise
    );
    assert_eq!(verdict(10, None, Some(0.0), 10), Verdict::Noise);
    assert_eq!(verdict(10, Some((0.01, 0.02)), None, 10), Verdict::Noise);
    assert_eq!(
        [Verdict::Edge, Verdict::Noise, Verdict::TooFew].map(Verdict::as_str),
        ["edge", "noise", "too-few"]
    );
}

#[test]
fn fewer_than_min_episodes_is_too_few_and_skips_the_bootstrap() {
    let closes: Vec<Option<f64>> = (0..400).map(|t| Some(100.0 + t as f64)).collect();
    let entries: Vec<usize> = (0..9).map(|k| 30 + 30 * k).collect();
    let row = evidence_row(
        &entries,
        Outcome::Small,
        5,
        &closes,
        &closes,
        &EvidenceSettings::default(),
    );
    assert_eq!(row.stats.map(|s| s.n), Some(9));
    assert_eq!(row.verdict, Verdict::TooFew);
    assert_eq!(row.interval, None);
}

/// Small closes that are flat but for a little noise, and jump 5% on the
/// session after each entry; large closes are flat.
fn jump_after_entries(len: usize, entries: &[usize]) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let mut lcg = Lcg(17);
    let mut level = 100.0;
    let small = (0..len)
        .map(|t| {
            if t > 0 && entries.contains(&(t - 1)) {
                level *= 1.05;
            }
            Some(level * (1.0 + lcg.uniform(0.002)))
        })
        .collect();
    (small, vec![Some(100.0); len])
}

#[test]
fn a_strongly_positive_sample_against_a_flat_base_is_an_edge() -> TestResult {
    let len = 700;
    let planted: Vec<usize> = (0..20).map(|k| 30 + 30 * k).collect();
    let state = single_day_rule(len, &planted);
    let entries = episode_entries(&state, 21);
    assert_eq!(entries, planted);
    let (small, large) = jump_after_entries(len, &entries);
    let rates = BaseRates::new(&small, &large, &EvidenceSettings::default());

    let row = rates.row(&entries, Outcome::Small, 5);
    let s = row.stats.ok_or("episode stats")?;
    let base = row.base.ok_or("base stats")?;
    let (low, _) = row.interval.ok_or("interval")?;
    // Each episode gains ≈ 5%; the base only when a window spans a jump
    // (about 5 sessions in 30), so its mean is ≈ 0.8%.
    assert!(s.mean > 0.045, "{}", s.mean);
    assert!(base.mean < 0.015, "{}", base.mean);
    assert!(low > base.mean);
    assert_eq!(row.verdict, Verdict::Edge);
    assert_eq!(
        rates.row(&entries, Outcome::Spread, 5).verdict,
        Verdict::Edge
    );
    // The flat large series: every return 0, the interval (0, 0) contains
    // the base mean 0 → noise.
    let flat = rates.row(&entries, Outcome::Large, 5);
    assert_eq!(flat.interval, Some((0.0, 0.0)));
    assert_eq!(flat.verdict, Verdict::Noise);
    Ok(())
}

#[test]
fn a_sample_equal_to_the_base_is_noise() -> TestResult {
    // Entries on every session: the sample *is* the base.
    let closes: Vec<Option<f64>> = {
        let mut lcg = Lcg(23);
        let mut level = 100.0;
        (0..300)
            .map(|_| {
                level *= 1.0 + lcg.uniform(0.02);
                Some(level)
            })
            .collect()
    };
    let every: Vec<usize> = (0..closes.len()).collect();
    let settings = EvidenceSettings::default();
    let row = evidence_row(&every, Outcome::Small, 5, &closes, &closes, &settings);
    assert_eq!(row.stats, row.base);
    assert_eq!(row.excluded, 5);
    assert_eq!(row.verdict, Verdict::Noise);
    Ok(())
}

#[test]
fn entries_spread_evenly_over_a_periodic_series_are_noise() -> TestResult {
    // Daily returns repeat with period 7, so forward returns do too. Entries
    // 23 sessions apart visit the 7 phases in turn (23 ≡ 2 mod 7): 28
    // entries take each phase 4 times, the same distribution as the base.
    let pattern = [0.01, -0.01, 0.02, -0.02, 0.005, -0.005, 0.0];
    let len = 800;
    let mut level = 100.0;
    let closes: Vec<Option<f64>> = (0..len)
        .map(|t| {
            level *= 1.0 + pattern.get(t % 7).copied().unwrap_or(0.0);
            Some(level)
        })
        .collect();
    let planted: Vec<usize> = (0..28).map(|k| 30 + 23 * k).collect();
    let entries = episode_entries(&single_day_rule(len, &planted), 21);
    assert_eq!(entries, planted);
    let flat = vec![Some(1.0); len];
    let rates = BaseRates::new(&closes, &flat, &EvidenceSettings::default());
    for horizon in [5, 21] {
        let row = rates.row(&entries, Outcome::Small, horizon);
        let s = row.stats.ok_or("stats")?;
        let base = row.base.ok_or("base")?;
        assert_eq!(s.n, 28);
        assert!((s.mean - base.mean).abs() < 1e-3, "h={horizon}");
        assert_eq!(row.verdict, Verdict::Noise, "h={horizon}: {row:?}");
    }
    Ok(())
}

// ---------------------------------------------------------------- real data

fn check_row_invariants(
    row: &EvidenceRow,
    entries: &[usize],
    column: &[Option<f64>],
    settings: &EvidenceSettings,
) -> TestResult {
    let complete = column.iter().flatten().count();
    let base = row.base.ok_or("base stats on real data")?;
    assert_eq!(base.n, complete, "{:?} h={}", row.outcome, row.horizon);
    assert_eq!(row.episodes, entries.len());
    let n = row.stats.map_or(0, |s| s.n);
    assert_eq!(n + row.excluded, row.episodes);
    assert_eq!(row.entry_indices.len(), n);
    let incomplete = entries
        .iter()
        .filter(|t| column.get(**t).copied().flatten().is_none())
        .count();
    assert_eq!(row.excluded, incomplete);
    for &t in &row.entry_indices {
        assert!(entries.contains(&t));
        assert!(column.get(t).copied().flatten().is_some());
    }
    match row.interval {
        None => assert!(n < settings.min_episodes),
        Some((low, high)) => {
            assert!(n >= settings.min_episodes);
            assert!(low <= high);
            let outside = base.mean < low || base.mean > high;
            let expected = if outside {
                Verdict::Edge
            } else {
                Verdict::Noise
            };
            assert_eq!(row.verdict, expected);
        }
    }
    if n < settings.min_episodes {
        assert_eq!(row.verdict, Verdict::TooFew);
    }
    Ok(())
}

#[test]
fn real_iwm_spy_rows_keep_their_invariants() -> TestResult {
    let iwm = reference("IWM_daily.csv")?;
    let spy = reference("SPY_daily.csv")?;
    let aligned = align_prices(&[&iwm, &spy], JoinMode::Intersection);
    let small = aligned.closes.first().ok_or("IWM column")?;
    let large = aligned.closes.get(1).ok_or("SPY column")?;
    let len = aligned.len();
    assert!(len > 5000, "{len} sessions");

    // Rule: IWM's trailing 21-session return above 5% (known at the close).
    let state: Vec<Option<bool>> = (0..len)
        .map(|t| {
            let base = t
                .checked_sub(21)
                .and_then(|b| small.get(b))
                .copied()
                .flatten()?;
            let end = small.get(t).copied().flatten()?;
            simple_return(base, end).map(|r| r > 0.05)
        })
        .collect();
    let settings = EvidenceSettings::default();
    let entries = episode_entries(&state, settings.min_gap);
    assert!(
        entries.len() >= settings.min_episodes,
        "{} entries",
        entries.len()
    );

    let rates = BaseRates::new(small, large, &settings);
    assert_eq!(rates.sessions(), len);
    for outcome in Outcome::ALL {
        for &horizon in &settings.horizons {
            let row = rates.row(&entries, outcome, horizon);
            let column = outcome_returns(outcome, small, large, horizon);
            // Intersection join: every close is defined, so exactly the last
            // `horizon` sessions lack a complete window.
            assert_eq!(column.iter().flatten().count(), len - horizon);
            check_row_invariants(&row, &entries, &column, &settings)?;
            // Shared base rates give the same row as the one-off function,
            // and a row is reproducible.
            assert_eq!(
                row,
                evidence_row(&entries, outcome, horizon, small, large, &settings)
            );
            assert_eq!(row, rates.row(&entries, outcome, horizon));
        }
    }
    let table = rates.rows(&entries, &Outcome::ALL);
    assert_eq!(table.len(), 9);

    // No look-ahead on real data: truncating the history never changes the
    // earlier entries.
    let cut = len - 100;
    let early = episode_entries(&state[..cut], settings.min_gap);
    let expected: Vec<usize> = entries.iter().copied().filter(|&t| t < cut).collect();
    assert_eq!(early, expected);
    Ok(())
}
