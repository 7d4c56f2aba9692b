//! Evidence tables: for a rule's firing history, what happened next, and
//! whether it differs from what happened on the rule's quiet days by more
//! than chance would explain.
//!
//! For every rule or regime and every horizon *h* (5, 21, 63 sessions by
//! default) a row compares two samples of the forward *h*-session outcome
//! (small, large, or small − large):
//! - **episodes**: the *entries* of the rule's episodes (the first session
//!   of a firing run after at least `min_gap` known-quiet sessions), thinned
//!   so that no two forward windows overlap (each kept entry is at least *h*
//!   sessions after the previous kept one): overlapping windows share
//!   returns and are not independent draws;
//! - **base**: every session on which the rule was known *quiet* (not
//!   firing, not "no data"), so both samples come from the same era of the
//!   data; its mean is over all those sessions and its standard error counts
//!   only its non-overlapping windows (the same thinning).
//!
//! The difference of the means is tested with Welch's t (unequal
//! variances, Welch–Satterthwaite degrees of freedom) against Student's t:
//! a two-sided p value and a `confidence` interval of the episodes' mean
//! (`mean ± t·se`, where `se` includes the base's own uncertainty). A table
//! then controls the false-discovery rate over all its judged rows
//! (Benjamini–Hochberg, [`benjamini_hochberg`]): a row is an `edge` only
//! when its q value is at most the level (10 %), which implies its interval
//! excludes the base mean. Every other judged row is `noise`, with the
//! reason ([`Why`]); fewer than `min_episodes` independent episodes is
//! `too-few`. docs/rules.md gives the false-edge rate on random walks and
//! the power on a planted effect, both tested in `tests/evidence.rs`.
//!
//! Invariants:
//! - No look-ahead in the *entry*: whether session *t* is an entry depends
//!   only on the rule's states up to and including *t* (`tests/evidence.rs`
//!   property-tests this by truncation). Forward returns are outcomes, so
//!   they read closes after *t* by design; they never decide an entry.
//! - Incomplete forward windows (past the end of the data, or a missing
//!   close at either end) are excluded from the statistics and counted, never
//!   filled; statistics are over finite values only, so no NaN leaves here.
//! - Deterministic: no random draws; the same inputs give the same rows.
//! - No panics on any input: all indexing is checked; degenerate samples
//!   (one value, no spread) give no test, not a crash.

mod fdr;
mod forward;
mod stats;
mod student_t;

use serde::{Deserialize, Serialize};

pub use fdr::benjamini_hochberg;
pub use forward::{forward_returns, outcome_returns};
pub use stats::{stats, Stats};
pub use student_t::{incomplete_beta, two_sided_p, two_sided_quantile};

use forward::spread_column;
use stats::stats_in_place;

/// Quiet sessions that must precede a firing session for it to count as a
/// new episode (one trading month).
pub const DEFAULT_MIN_GAP: usize = 21;

/// Forward horizons in sessions: one week, one month, one quarter.
pub const DEFAULT_HORIZONS: [usize; 3] = [5, 21, 63];

/// Two-sided coverage of each row's interval of the mean (5 % in each tail).
pub const DEFAULT_CONFIDENCE: f64 = 0.90;

/// The false-discovery level over every judged row of a table.
pub const DEFAULT_FDR: f64 = 0.10;

/// What `data-method` says: Welch's t on non-overlapping episodes against
/// the rule's quiet sessions, Benjamini–Hochberg over the table.
pub const METHOD: &str = "welch-t-nonoverlap-quiet-bh";

/// Fewer episodes than this and the row says "too few" instead of a verdict.
pub const DEFAULT_MIN_EPISODES: usize = 10;

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
}

/// What the evidence tables measure and how strictly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceSettings {
    /// Quiet sessions required immediately before an entry (default 21).
    /// `0` behaves as `1`: the session before an entry must be known quiet.
    pub min_gap: usize,
    /// Forward horizons in sessions (default `[5, 21, 63]`).
    pub horizons: Vec<usize>,
    /// Two-sided coverage of a row's interval (default 0.90).
    pub confidence: f64,
    /// Minimum independent episodes for a verdict (default 10).
    pub min_episodes: usize,
    /// False-discovery level over the table's judged rows (default 0.10).
    pub fdr: f64,
}

impl Default for EvidenceSettings {
    fn default() -> Self {
        EvidenceSettings {
            min_gap: DEFAULT_MIN_GAP,
            horizons: DEFAULT_HORIZONS.to_vec(),
            confidence: DEFAULT_CONFIDENCE,
            min_episodes: DEFAULT_MIN_EPISODES,
            fdr: DEFAULT_FDR,
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

/// A row's reading of its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// The episodes' mean differs from the base mean and the row survives
    /// the table's false-discovery control.
    Edge,
    /// Enough episodes, but no difference that survives (see [`Why`]).
    Noise,
    /// Fewer independent episodes with complete windows than `min_episodes`.
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

/// Why a row got its verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Why {
    /// Edge: the interval excludes the base mean and q ≤ the level.
    Survives,
    /// Noise: the interval includes the base mean (p ≥ 1 − confidence).
    IncludesBase,
    /// Noise: the interval excludes the base mean, but the row did not
    /// survive the false-discovery control over the table (q > level).
    MultipleComparisons,
    /// Noise: no test was possible (no quiet sessions with complete
    /// windows, or neither sample varies).
    NoTest,
    /// Too few independent episodes.
    TooFew,
}

impl Why {
    /// Stable name for `data-why`.
    pub fn as_str(self) -> &'static str {
        match self {
            Why::Survives => "survives",
            Why::IncludesBase => "includes-base",
            Why::MultipleComparisons => "multiple-comparisons",
            Why::NoTest => "no-test",
            Why::TooFew => "too-few",
        }
    }
}

/// Welch's two-sample test of the episodes' mean against the base mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WelchTest {
    /// Episodes' mean minus base mean.
    pub difference: f64,
    /// Standard error of the difference.
    pub se: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// `difference / se`.
    pub t: f64,
    /// Two-sided p value against Student's t with `df`.
    pub p: f64,
    /// The `confidence` interval of the episodes' mean: `mean ± t_q · se`.
    pub interval: (f64, f64),
}

/// Welch's test of a sample of `n` independent values (mean, sd) against a
/// base of `m` independent windows (mean, sd). `None` when either side has
/// fewer than two values, the standard error is zero or not finite, or
/// `confidence` is not strictly between 0 and 1.
pub fn welch_test(
    sample: (usize, f64, f64),
    base: (usize, f64, f64),
    confidence: f64,
) -> Option<WelchTest> {
    let (n, mean, sd) = sample;
    let (m, base_mean, base_sd) = base;
    if n < 2 || m < 2 || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let va = sd * sd / n as f64;
    let vb = base_sd * base_sd / m as f64;
    let se2 = va + vb;
    let se = se2.sqrt();
    if !(se > 0.0 && se.is_finite()) {
        return None;
    }
    let df = se2 * se2 / (va * va / (n - 1) as f64 + vb * vb / (m - 1) as f64);
    let difference = mean - base_mean;
    let t = difference / se;
    let p = two_sided_p(t, df)?;
    let half = two_sided_quantile(1.0 - confidence, df)? * se;
    Some(WelchTest {
        difference,
        se,
        df,
        t,
        p,
        interval: (mean - half, mean + half),
    })
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
    /// close), excluded.
    pub excluded: usize,
    /// Entries with complete windows left out because their window
    /// overlaps the previous kept episode's.
    pub overlapping: usize,
    /// Statistics over the independent episodes (`stats.n` of them).
    pub stats: Option<Stats>,
    /// The same statistics over every quiet session with a complete window.
    pub base: Option<Stats>,
    /// Non-overlapping windows among the base sessions (the base's
    /// effective sample size in the test).
    pub base_independent: usize,
    /// The test; `None` when too few episodes or no test is possible.
    pub test: Option<WelchTest>,
    /// The interval of the episodes' mean (from `test`).
    pub interval: Option<(f64, f64)>,
    /// Benjamini–Hochberg q value over the table (set by [`judge`]).
    pub q: Option<f64>,
    /// See [`Verdict`]; final after [`judge`].
    pub verdict: Verdict,
    /// Why the verdict.
    pub why: Why,
    /// The independent entries, in order (for charts and lists).
    pub entry_indices: Vec<usize>,
}

impl EvidenceRow {
    /// The two-sided p value of the row's test.
    pub fn p(&self) -> Option<f64> {
        self.test.map(|t| t.p)
    }

    /// Episodes with complete windows (independent or not).
    pub fn complete(&self) -> usize {
        self.episodes.saturating_sub(self.excluded)
    }
}

/// Sessions of `candidates` kept so that no two are closer than `spacing`:
/// the first, then each one at least `spacing` after the last kept.
fn non_overlapping(candidates: impl IntoIterator<Item = usize>, spacing: usize) -> Vec<usize> {
    let spacing = spacing.max(1);
    let mut kept: Vec<usize> = Vec::new();
    for t in candidates {
        if kept.last().is_none_or(|last| t >= last + spacing) {
            kept.push(t);
        }
    }
    kept
}

/// One row from a rule's states, its entries and a forward column. The
/// verdict is provisional (`Edge` means "interval excludes the base") until
/// [`judge`] applies the table's false-discovery control.
fn row_from(
    states: &[Option<bool>],
    entries: &[usize],
    outcome: Outcome,
    horizon: usize,
    column: &[Option<f64>],
    settings: &EvidenceSettings,
) -> EvidenceRow {
    let value = |t: usize| column.get(t).copied().flatten();
    let complete: Vec<usize> = entries
        .iter()
        .copied()
        .filter(|t| value(*t).is_some())
        .collect();
    let excluded = entries.len() - complete.len();
    let entry_indices = non_overlapping(complete.iter().copied(), horizon);
    let overlapping = complete.len() - entry_indices.len();
    let mut sample: Vec<f64> = entry_indices.iter().filter_map(|t| value(*t)).collect();
    let stats = stats_in_place(&mut sample);

    let quiet = states
        .iter()
        .enumerate()
        .filter(|(t, s)| **s == Some(false) && value(*t).is_some())
        .map(|(t, _)| t);
    let base_independent = non_overlapping(quiet.clone(), horizon).len();
    let mut base_values: Vec<f64> = quiet.filter_map(value).collect();
    let base = stats_in_place(&mut base_values);

    let n = stats.map_or(0, |s| s.n);
    let test = match (stats, base) {
        (Some(s), Some(b)) if n >= settings.min_episodes => welch_test(
            (s.n, s.mean, s.sd),
            (base_independent, b.mean, b.sd),
            settings.confidence,
        ),
        _ => None,
    };
    let (verdict, why) = if n < settings.min_episodes {
        (Verdict::TooFew, Why::TooFew)
    } else {
        match test {
            None => (Verdict::Noise, Why::NoTest),
            Some(t) if t.p < 1.0 - settings.confidence => (Verdict::Edge, Why::Survives),
            Some(_) => (Verdict::Noise, Why::IncludesBase),
        }
    };
    EvidenceRow {
        outcome,
        horizon,
        episodes: entries.len(),
        excluded,
        overlapping,
        stats,
        base,
        base_independent,
        test,
        interval: test.map(|t| t.interval),
        q: None,
        verdict,
        why,
        entry_indices,
    }
}

/// The table's false-discovery control: q values over every row with a
/// test, then `edge` only where the interval excludes the base mean and
/// `q ≤ settings.fdr`. Rows without a test keep their verdict.
pub fn judge<'a>(rows: impl IntoIterator<Item = &'a mut EvidenceRow>, settings: &EvidenceSettings) {
    let mut rows: Vec<&mut EvidenceRow> = rows.into_iter().collect();
    let p: Vec<Option<f64>> = rows.iter().map(|r| r.p()).collect();
    let q = benjamini_hochberg(&p);
    for (row, q) in rows.iter_mut().zip(q) {
        row.q = q;
        if row.verdict == Verdict::Edge && q.is_none_or(|q| q > settings.fdr) {
            row.verdict = Verdict::Noise;
            row.why = Why::MultipleComparisons;
        }
    }
}

/// One row for a rule's states at one outcome and horizon, judged alone
/// (a table of one: its q value is its p value). For many rules on the
/// same data use [`ForwardColumns`], which computes the outcomes once, and
/// [`judge`] the whole table.
pub fn evidence_row(
    states: &[Option<bool>],
    outcome: Outcome,
    horizon: usize,
    small: &[Option<f64>],
    large: &[Option<f64>],
    settings: &EvidenceSettings,
) -> EvidenceRow {
    let column = outcome_returns(outcome, small, large, horizon);
    let entries = episode_entries(states, settings.min_gap);
    let mut row = row_from(states, &entries, outcome, horizon, &column, settings);
    judge([&mut row], settings);
    row
}

/// One precomputed (outcome, horizon) column of [`ForwardColumns`].
#[derive(Debug, Clone, PartialEq)]
struct ForwardColumn {
    outcome: Outcome,
    horizon: usize,
    returns: Vec<Option<f64>>,
}

/// Forward outcome columns for every outcome asked for and every horizon of
/// the settings, computed once so that many rules share them; a row then
/// costs a pass over the rule's states.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardColumns {
    settings: EvidenceSettings,
    small: Vec<Option<f64>>,
    large: Vec<Option<f64>>,
    columns: Vec<ForwardColumn>,
}

impl ForwardColumns {
    /// Precomputes all [`Outcome::ALL`] × `settings.horizons` pairs.
    pub fn new(small: &[Option<f64>], large: &[Option<f64>], settings: &EvidenceSettings) -> Self {
        Self::for_outcomes(small, large, settings, &Outcome::ALL)
    }

    /// Like [`new`](Self::new), precomputing only `outcomes` (the others
    /// are computed on the spot if asked for): the page shows one outcome
    /// at a time.
    pub fn for_outcomes(
        small: &[Option<f64>],
        large: &[Option<f64>],
        settings: &EvidenceSettings,
        outcomes: &[Outcome],
    ) -> Self {
        let mut columns = Vec::with_capacity(settings.horizons.len() * outcomes.len());
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
                if outcomes.contains(&outcome) {
                    columns.push(ForwardColumn {
                        outcome,
                        horizon,
                        returns,
                    });
                }
            }
        }
        ForwardColumns {
            settings: settings.clone(),
            small: small.to_vec(),
            large: large.to_vec(),
            columns,
        }
    }

    /// The settings the columns were built with (rows use them too).
    pub fn settings(&self) -> &EvidenceSettings {
        &self.settings
    }

    /// Number of sessions (the longer of the two closes columns).
    pub fn sessions(&self) -> usize {
        self.small.len().max(self.large.len())
    }

    /// The forward outcome column of a precomputed pair (e.g. for a chart);
    /// `None` for a horizon not in the settings.
    pub fn returns(&self, outcome: Outcome, horizon: usize) -> Option<&[Option<f64>]> {
        self.columns
            .iter()
            .find(|c| c.outcome == outcome && c.horizon == horizon)
            .map(|c| c.returns.as_slice())
    }

    /// The provisional rows of one rule at one outcome, one per horizon of
    /// the settings (in order); [`judge`] the table they belong to.
    pub fn rows_for(&self, states: &[Option<bool>], outcome: Outcome) -> Vec<EvidenceRow> {
        let entries = episode_entries(states, self.settings.min_gap);
        self.settings
            .horizons
            .iter()
            .map(|&horizon| match self.returns(outcome, horizon) {
                Some(column) => {
                    row_from(states, &entries, outcome, horizon, column, &self.settings)
                }
                None => {
                    let column = outcome_returns(outcome, &self.small, &self.large, horizon);
                    row_from(states, &entries, outcome, horizon, &column, &self.settings)
                }
            })
            .collect()
    }
}
