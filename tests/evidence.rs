//! Spec for the evidence tables (`engine::evidence`): episode entries with a
//! quiet gap and no look-ahead, forward returns with incomplete windows
//! excluded and counted, hand-checked statistics, Welch's test by hand and
//! its coverage on small heavy-tailed samples, non-overlapping episodes,
//! the quiet-day base, the false-discovery control, and the row invariants
//! on real IWM/SPY data. The whole-radar placebo is `evidence_placebo.rs`;
//! the independent reference is `evidence_reference.rs`.

use std::path::PathBuf;

use proptest::prelude::*;
use regime_radar::engine::align::{align_prices, JoinMode};
use regime_radar::engine::evidence::{
    episode_entries, evidence_row, forward_returns, judge, outcome_returns, stats, two_sided_p,
    two_sided_quantile, welch_test, EvidenceRow, EvidenceSettings, ForwardColumns, Outcome, Stats,
    Verdict, Why,
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
    let small = [
        Some(100.0),
        Some(110.0),
        Some(120.0),
        Some(121.0),
        Some(122.0),
        None,
        Some(98.0),
        Some(97.0),
    ];
    let large = [Some(100.0); 8];
    let settings = EvidenceSettings {
        min_gap: 1,
        ..EvidenceSettings::default()
    };
    // Entries at 1 (1 → 3, complete), 3 (3 → 5 ends in the hole) and 6
    // (6 → 8 runs past the end); quiet sessions 0, 2, 4, 5, 7.
    let state = [F, T, F, T, F, F, T, F];
    let row = evidence_row(&state, Outcome::Small, 2, &small, &large, &settings);
    assert_eq!(row.episodes, 3);
    assert_eq!(row.excluded, 2);
    assert_eq!(row.entry_indices, vec![1]);
    assert_eq!(row.stats.map(|s| s.n), Some(1));
    // Base: quiet sessions with a complete 2-day window: 0, 2 and 4
    // (5 starts in the hole, 7 runs past the end).
    assert_eq!(row.base.map(|s| s.n), Some(3));
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
    // Sample sd: deviations 0.025, −0.035, −0.005, 0.015; squares sum to
    // 0.0021; over n − 1 = 3 → 0.0007.
    assert!(close_to(s.sd, 0.0007f64.sqrt()), "{}", s.sd);
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
            best: 0.01,
            sd: 0.0
        }
    );
    assert_eq!(stats(&[]), None);
    assert_eq!(stats(&[f64::NAN]), None);
    // A constant sample's mean is exactly the constant.
    assert_eq!(stats(&[0.1; 10]).map(|s| s.mean), Some(0.1));
    Ok(())
}

// ---------------------------------------------------------------- the test

#[test]
fn welch_by_hand() -> TestResult {
    // n = 10, mean 0.02, sd 0.03 against m = 50, mean 0.0, sd 0.04:
    // va = 9e-5, vb = 3.2e-5, se = sqrt(1.22e-4), df by Welch–Satterthwaite.
    let test = welch_test((10, 0.02, 0.03), (50, 0.0, 0.04), 0.90).ok_or("test")?;
    let (va, vb) = (0.03f64.powi(2) / 10.0, 0.04f64.powi(2) / 50.0);
    let se = (va + vb).sqrt();
    let df = (va + vb).powi(2) / (va * va / 9.0 + vb * vb / 49.0);
    assert!(close_to(test.se, se) && close_to(test.df, df));
    assert!(close_to(test.t, 0.02 / se));
    assert!(close_to(test.p, two_sided_p(0.02 / se, df).ok_or("p")?));
    let half = two_sided_quantile(0.10, df).ok_or("q")? * se;
    assert!(close_to(test.interval.0, 0.02 - half) && close_to(test.interval.1, 0.02 + half));
    // The interval excludes the base mean exactly when p < 0.10.
    assert_eq!(test.interval.0 > 0.0, test.p < 0.10);
    Ok(())
}

#[test]
fn no_test_without_two_values_a_side_or_any_spread() {
    assert_eq!(welch_test((1, 0.02, 0.0), (50, 0.0, 0.04), 0.90), None);
    assert_eq!(welch_test((10, 0.02, 0.03), (1, 0.0, 0.04), 0.90), None);
    assert_eq!(welch_test((10, 0.02, 0.0), (50, 0.0, 0.0), 0.90), None);
    assert_eq!(welch_test((10, 0.02, 0.03), (50, 0.0, 0.04), 1.0), None);
}

/// A Student-t(3) draw: heavy tails, like daily returns at their worst.
fn heavy(lcg: &mut Lcg) -> f64 {
    let normal = |lcg: &mut Lcg| {
        let u = lcg.uniform(0.5) + 0.5 + 1e-12;
        let v = lcg.uniform(0.5) + 0.5;
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    };
    let z = normal(lcg);
    let chi: f64 = (0..3).map(|_| normal(lcg).powi(2)).sum();
    z / (chi / 3.0).sqrt()
}

/// "Intervals that hold": with 10 independent heavy-tailed episodes
/// against a large base of the same distribution, the 90 % interval
/// excludes the base mean in about 10 % of trials, not more (the
/// percentile bootstrap at this N under-covered).
#[test]
fn the_interval_holds_its_coverage_at_small_n_with_heavy_tails() {
    let mut lcg = Lcg(99);
    let trials = 4000;
    let mut misses = 0;
    for _ in 0..trials {
        let sample: Vec<f64> = (0..10).map(|_| 0.01 * heavy(&mut lcg)).collect();
        let base: Vec<f64> = (0..400).map(|_| 0.01 * heavy(&mut lcg)).collect();
        let (Some(s), Some(b)) = (stats(&sample), stats(&base)) else {
            continue;
        };
        if let Some(t) = welch_test((s.n, s.mean, s.sd), (b.n, b.mean, b.sd), 0.90) {
            misses += usize::from(t.p < 0.10);
        }
    }
    let rate = misses as f64 / trials as f64;
    println!("false alarms at 90 %, n = 10, t(3) tails: {rate:.3}");
    assert!(rate <= 0.11, "{rate}");
}

// ---------------------------------------------------------------- verdict

#[test]
fn the_false_discovery_control_turns_lone_small_p_values_into_noise() {
    let settings = EvidenceSettings::default();
    let len = 2000;
    // 20 one-day episodes 60 sessions apart.
    let planted: Vec<usize> = (0..20).map(|k| 100 + 60 * k).collect();
    let state = single_day_rule(len, &planted);
    let mut lcg = Lcg(5);
    let mut level = 100.0;
    let closes: Vec<Option<f64>> = (0..len)
        .map(|_| {
            level *= 1.0 + lcg.uniform(0.02);
            Some(level)
        })
        .collect();
    let mut rows: Vec<EvidenceRow> =
        ForwardColumns::new(&closes, &closes, &settings).rows_for(&state, Outcome::Small);
    // Pretend one row's interval excluded the base at p = 0.05, among
    // many rows with large p values: alone it would be an edge, in a table
    // of 60 it is not.
    let template = rows.remove(0);
    let mut table: Vec<EvidenceRow> = (0..60)
        .map(|k| {
            let mut row = template.clone();
            if let Some(t) = row.test.as_mut() {
                t.p = if k == 0 { 0.05 } else { 0.5 };
            }
            row.verdict = if k == 0 {
                Verdict::Edge
            } else {
                Verdict::Noise
            };
            row.why = if k == 0 {
                Why::Survives
            } else {
                Why::IncludesBase
            };
            row
        })
        .collect();
    judge(table.iter_mut(), &settings);
    assert_eq!(table[0].verdict, Verdict::Noise);
    assert_eq!(table[0].why, Why::MultipleComparisons);
    assert!(table[0].q.is_some_and(|q| q > 0.10));
    // Alone, the same row survives.
    let mut alone = [table[0].clone()];
    alone[0].verdict = Verdict::Edge;
    judge(alone.iter_mut(), &settings);
    assert_eq!(alone[0].verdict, Verdict::Edge);
    assert_eq!(alone[0].q, Some(0.05));
    assert_eq!(
        [Verdict::Edge, Verdict::Noise, Verdict::TooFew].map(Verdict::as_str),
        ["edge", "noise", "too-few"]
    );
}

#[test]
fn fewer_than_min_episodes_is_too_few_and_untested() {
    let closes: Vec<Option<f64>> = (0..400).map(|t| Some(100.0 + t as f64)).collect();
    let entries: Vec<usize> = (0..9).map(|k| 30 + 30 * k).collect();
    let row = evidence_row(
        &single_day_rule(400, &entries),
        Outcome::Small,
        5,
        &closes,
        &closes,
        &EvidenceSettings::default(),
    );
    assert_eq!(row.stats.map(|s| s.n), Some(9));
    assert_eq!(row.verdict, Verdict::TooFew);
    assert_eq!(row.interval, None);
    assert_eq!(row.p(), None);
}

#[test]
fn overlapping_windows_are_thinned_to_independent_episodes() {
    // Entries every 23 sessions; at horizon 63 only every third is kept.
    let len = 1000;
    let planted: Vec<usize> = (0..30).map(|k| 30 + 23 * k).collect();
    let closes: Vec<Option<f64>> = (0..len).map(|t| Some(100.0 + t as f64)).collect();
    let state = single_day_rule(len, &planted);
    let settings = EvidenceSettings::default();
    let row = evidence_row(&state, Outcome::Small, 63, &closes, &closes, &settings);
    let kept = &row.entry_indices;
    assert!(kept.windows(2).all(|w| w[1] - w[0] >= 63), "{kept:?}");
    assert_eq!(kept.first(), Some(&30));
    assert_eq!(kept.get(1), Some(&(30 + 23 * 3)));
    assert_eq!(row.complete(), 30);
    assert_eq!(row.overlapping + kept.len(), 30);
    // At horizon 21 nothing overlaps (entries are 23 apart).
    let short = evidence_row(&state, Outcome::Small, 21, &closes, &closes, &settings);
    assert_eq!(short.overlapping, 0);
}

#[test]
fn the_base_is_the_rules_quiet_sessions_not_every_session() -> TestResult {
    // The rule has data only in the second half, where prices rise 1 % a
    // session; the first half falls. Quiet days are only in the rising
    // era, so the base is that era's, not the whole history's.
    let len = 1200;
    let mut level = 100.0;
    let closes: Vec<Option<f64>> = (0..len)
        .map(|t| {
            level *= if t < 600 { 0.99 } else { 1.01 };
            Some(level)
        })
        .collect();
    let planted: Vec<usize> = (0..12).map(|k| 640 + 40 * k).collect();
    let state: Vec<Option<bool>> = (0..len)
        .map(|t| (t >= 600).then_some(planted.contains(&t)))
        .collect();
    let row = evidence_row(
        &state,
        Outcome::Small,
        5,
        &closes,
        &closes,
        &EvidenceSettings::default(),
    );
    let base = row.base.ok_or("base")?;
    assert!(close_to(base.mean, 1.01f64.powi(5) - 1.0), "{}", base.mean);
    assert_eq!(base.n, 600 - 12 - 5);
    // Same returns after episodes and on quiet days: no edge, no test even
    // (neither sample varies).
    assert_eq!(row.verdict, Verdict::Noise);
    Ok(())
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
    let settings = EvidenceSettings::default();
    let columns = ForwardColumns::new(&small, &large, &settings);
    let mut rows = columns.rows_for(&state, Outcome::Small);
    rows.extend(columns.rows_for(&state, Outcome::Spread));
    rows.extend(columns.rows_for(&state, Outcome::Large));
    judge(rows.iter_mut(), &settings);

    let row = rows.first().ok_or("row")?;
    assert_eq!(row.horizon, 5);
    let s = row.stats.ok_or("episode stats")?;
    let base = row.base.ok_or("base stats")?;
    let (low, _) = row.interval.ok_or("interval")?;
    // Each episode gains ≈ 5%; the quiet days only when a window spans a
    // jump (about 5 sessions in 30), so their mean is ≈ 0.8%.
    assert!(s.mean > 0.045, "{}", s.mean);
    assert!(base.mean < 0.015, "{}", base.mean);
    assert!(low > base.mean);
    assert_eq!(row.verdict, Verdict::Edge, "{row:?}");
    assert_eq!(rows.get(3).map(|r| r.verdict), Some(Verdict::Edge));
    // The flat large series: every return 0, nothing to test → noise.
    let flat = rows.get(6).ok_or("large row")?;
    assert_eq!(flat.interval, None);
    assert_eq!((flat.verdict, flat.why), (Verdict::Noise, Why::NoTest));
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
    let state = single_day_rule(len, &planted);
    assert_eq!(episode_entries(&state, 21), planted);
    let flat = vec![Some(1.0); len];
    let columns = ForwardColumns::new(&closes, &flat, &EvidenceSettings::default());
    let rows = columns.rows_for(&state, Outcome::Small);
    for horizon in [5, 21] {
        let row = rows.iter().find(|r| r.horizon == horizon).ok_or("row")?;
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
    state: &[Option<bool>],
    entries: &[usize],
    column: &[Option<f64>],
    settings: &EvidenceSettings,
) -> TestResult {
    let quiet_complete = (0..column.len())
        .filter(|t| state.get(*t) == Some(&F) && column.get(*t).copied().flatten().is_some())
        .count();
    let base = row.base.ok_or("base stats on real data")?;
    assert_eq!(
        base.n, quiet_complete,
        "{:?} h={}",
        row.outcome, row.horizon
    );
    assert!(row.base_independent * row.horizon >= quiet_complete.saturating_sub(row.horizon));
    assert_eq!(row.episodes, entries.len());
    let n = row.stats.map_or(0, |s| s.n);
    assert_eq!(n + row.overlapping + row.excluded, row.episodes);
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
    for pair in row.entry_indices.windows(2) {
        assert!(pair[1] - pair[0] >= row.horizon, "overlapping windows kept");
    }
    match row.interval {
        None => assert!(n < settings.min_episodes || row.why == Why::NoTest),
        Some((low, high)) => {
            assert!(n >= settings.min_episodes);
            assert!(low <= high);
            let outside = base.mean < low || base.mean > high;
            let p = row.p().ok_or("p")?;
            assert_eq!(outside, p < 1.0 - settings.confidence, "p = {p}");
            match row.verdict {
                Verdict::Edge => assert!(outside && row.q.is_some_and(|q| q <= settings.fdr)),
                Verdict::Noise => assert!(!outside || row.q.is_some_and(|q| q > settings.fdr)),
                Verdict::TooFew => panic!("a tested row is never too few"),
            }
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

    let columns = ForwardColumns::new(small, large, &settings);
    assert_eq!(columns.sessions(), len);
    let mut table: Vec<EvidenceRow> = Vec::new();
    for outcome in Outcome::ALL {
        table.extend(columns.rows_for(&state, outcome));
    }
    judge(table.iter_mut(), &settings);
    for outcome in Outcome::ALL {
        for &horizon in &settings.horizons {
            let row = table
                .iter()
                .find(|r| r.outcome == outcome && r.horizon == horizon)
                .ok_or("row")?;
            let column = outcome_returns(outcome, small, large, horizon);
            // Intersection join: every close is defined, so exactly the last
            // `horizon` sessions lack a complete window.
            assert_eq!(column.iter().flatten().count(), len - horizon);
            check_row_invariants(row, &state, &entries, &column, &settings)?;
            // Shared columns give the same row as the one-off function
            // (before the table's correction: a table of one).
            let mut alone = evidence_row(&state, outcome, horizon, small, large, &settings);
            alone.q = row.q;
            if row.why == Why::MultipleComparisons {
                alone.verdict = Verdict::Noise;
                alone.why = Why::MultipleComparisons;
            }
            assert_eq!(*row, alone);
        }
    }
    assert_eq!(table.len(), 9);

    // No look-ahead on real data: truncating the history never changes the
    // earlier entries.
    let cut = len - 100;
    let early = episode_entries(&state[..cut], settings.min_gap);
    let expected: Vec<usize> = entries.iter().copied().filter(|&t| t < cut).collect();
    assert_eq!(early, expected);
    Ok(())
}
