//! Price targets with odds: from a reference level and a list of moves
//! (+7 %, +12.2 %, +16.9 % by default) the target levels, and for each one
//! two estimates of the chance that it is reached within a horizon: the
//! empirical share of past windows of that length that reached the same move,
//! and a lognormal (driftless geometric Brownian motion) first-passage
//! probability from realised volatility. The page shows both side by side,
//! with the number of windows `N` behind the empirical share.
//!
//! Invariant: no look-ahead. Every function reads only the slices it is given
//! and never an index at or past `closes.len()` (a longer `highs` / `lows`
//! column is ignored past that point), so the caller cuts the columns at the
//! as-of date and nothing later can leak into the odds. A usable price is
//! finite and strictly positive; anything else counts as missing. Nothing
//! here panics: bad input gives `None`, an empty result or a
//! [`TargetsError`].

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The article's Barclays targets for the Russell 2000, as fractions
/// (+7 %, +12.2 %, +16.9 %).
pub const DEFAULT_TARGET_PCTS: [f64; 3] = [0.07, 0.122, 0.169];

/// Default horizon in sessions (63 ≈ three months of trading days).
pub const DEFAULT_HORIZON: usize = 63;

/// Default window of daily log returns for the model's volatility (63 ≈ three
/// months, the same span as the horizon).
pub const DEFAULT_VOL_WINDOW: usize = 63;

/// Most moves [`parse_pcts`] accepts (the table has to stay readable).
pub const MAX_TARGETS: usize = 10;

/// Largest rise [`parse_pcts`] accepts, in percent.
pub const MAX_UPSIDE_PERCENT: f64 = 1000.0;

/// What counts as "reached" in the empirical odds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ReachBasis {
    /// A later session's close got to the level.
    #[default]
    Close,
    /// A later session's intraday extreme got to the level: the high for an
    /// upside level, the low for a downside level. Falls back to
    /// [`ReachBasis::Close`] when the file has no such column; each
    /// [`TargetRow::basis`] reports the basis actually used.
    High,
}

impl ReachBasis {
    /// A short lower-case label for the page (`close`, `high`).
    ///
    /// # Example
    /// ```
    /// use regime_radar::engine::targets::ReachBasis;
    /// assert_eq!(ReachBasis::High.label(), "high");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            ReachBasis::Close => "close",
            ReachBasis::High => "high",
        }
    }
}

/// One line of the targets table.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    /// The move as a fraction (`0.07` = +7 %); negative is a downside level,
    /// reached when the low (or close) falls to it.
    pub pct: f64,
    /// `reference · (1 + pct)`.
    pub level: f64,
    /// The level the move is measured from.
    pub reference: f64,
    /// Horizon in sessions.
    pub horizon: usize,
    /// Share of past windows that made the move, `None` when `windows == 0`.
    pub empirical: Option<f64>,
    /// `N`: the complete past windows counted. Consecutive windows overlap
    /// (they start one session apart), so they are not independent draws.
    pub windows: usize,
    /// The non-overlapping windows among them (`⌈N / horizon⌉`: starts
    /// `horizon` sessions apart): how much independent history the
    /// empirical share rests on.
    pub independent_windows: usize,
    /// Driftless GBM first-passage probability, `None` without a volatility.
    pub model: Option<f64>,
    /// Daily log-return volatility used by the model.
    pub sigma_daily: Option<f64>,
    /// The basis actually used (after the fallback to close).
    pub basis: ReachBasis,
}

/// Why the user's list of moves could not be read. Every message names the
/// entry (1-based, counting from the left) and quotes it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TargetsError {
    /// Nothing but blanks and separators.
    #[error(
        "No percent was given; type one or more moves separated by commas, such as 7, 12.2, 16.9."
    )]
    Empty,

    /// Text that does not read as a number.
    #[error("Entry {position}: \"{entry}\" is not a percent; type a number such as 7 or -5 (the % sign is optional).")]
    NotAPercent { position: usize, entry: String },

    /// A fall of 100 % or more: no positive price is left.
    #[error("Entry {position}: \"{entry}\" is a fall of 100% or more, which leaves no price; use a fall smaller than 100%.")]
    DownsideTooLarge { position: usize, entry: String },

    /// A rise beyond [`MAX_UPSIDE_PERCENT`].
    #[error(
        "Entry {position}: \"{entry}\" is a rise of more than 1000%; use a rise of at most 1000%."
    )]
    UpsideTooLarge { position: usize, entry: String },

    /// More than [`MAX_TARGETS`] entries.
    #[error(
        "Entry {position}: \"{entry}\" is one move too many; at most {max} moves are allowed."
    )]
    TooMany {
        position: usize,
        entry: String,
        max: usize,
    },
}

/// A price the maths can use: finite and strictly positive.
fn usable(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v > 0.0)
}

/// A move that has a level: finite and above −100 %.
fn valid_pct(pct: f64) -> bool {
    pct.is_finite() && 1.0 + pct > 0.0
}

/// The level a move from `reference` lands on.
///
/// # Formula
/// `level = reference · (1 + pct)`.
///
/// # Parameters
/// - `reference`: a price, finite and `> 0`;
/// - `pct`: the move as a fraction, finite and `> −1`.
///
/// `None` when either is out of range.
///
/// # Example
/// ```
/// use regime_radar::engine::targets::target_level;
/// assert_eq!(target_level(200.0, 0.5), Some(300.0));
/// assert_eq!(target_level(200.0, -1.0), None);
/// ```
pub fn target_level(reference: f64, pct: f64) -> Option<f64> {
    if usable(Some(reference)).is_none() || !valid_pct(pct) {
        return None;
    }
    let level = reference * (1.0 + pct);
    // 1 + pct > 0 and reference > 0, but the product can still overflow.
    (level.is_finite() && level > 0.0).then_some(level)
}

/// The move, as a fraction, from `reference` to a typed `level`.
///
/// # Formula
/// `pct = level / reference − 1`.
///
/// # Parameters
/// - `reference`, `level`: prices, finite and `> 0` (a level at or below zero
///   is not a price, so it also gives `None`).
///
/// # Example
/// ```
/// use regime_radar::engine::targets::implied_pct;
/// assert_eq!(implied_pct(200.0, 250.0), Some(0.25));
/// assert_eq!(implied_pct(0.0, 250.0), None);
/// ```
pub fn implied_pct(reference: f64, level: f64) -> Option<f64> {
    let reference = usable(Some(reference))?;
    let level = usable(Some(level))?;
    let pct = level / reference - 1.0;
    pct.is_finite().then_some(pct)
}

/// Probability that a driftless lognormal price touches a level within a
/// horizon (first passage of Brownian motion, reflection principle).
///
/// # Formula
/// With `b = |ln(1 + pct)|` and `T = horizon`:
/// `P(max_{0<s≤T} S_s ≥ S_0·(1 + pct)) = 2 · (1 − Φ(b / (σ·√T)))
///  = erfc(b / (σ·√(2T)))`, where `Φ(x) = ½·erfc(−x/√2)` is the standard
/// normal CDF. For `pct < 0` the same formula gives the chance of falling to
/// the level (a driftless log price is symmetric). `pct = 0` gives `1`.
///
/// # Assumption
/// The log price is a Brownian motion with zero drift and constant daily
/// volatility `σ`, watched continuously. Real prices are watched at closes
/// (or highs) only, so a close-basis empirical share is expected to be
/// somewhat lower; fat tails and volatility clustering are ignored.
///
/// # Parameters
/// - `pct`: the move as a fraction, finite and `> −1`;
/// - `sigma_daily`: daily log-return volatility, finite and `> 0`;
/// - `horizon`: sessions, `≥ 1`.
///
/// `None` for input out of range.
///
/// # Example
/// ```
/// use regime_radar::engine::targets::first_passage_probability;
/// // b = ln 1.07 = 0.0676586, σ√T = 0.01·√63 = 0.0793725, x = 0.852419,
/// // 2·(1 − Φ(x)) = 0.393982.
/// let p = first_passage_probability(0.07, 0.01, 63).unwrap_or(f64::NAN);
/// assert!((p - 0.393982).abs() < 1e-6);
/// assert_eq!(first_passage_probability(0.0, 0.01, 63), Some(1.0));
/// assert_eq!(first_passage_probability(0.07, 0.0, 63), None);
/// ```
///
/// # Reference
/// Reflection principle: Karatzas & Shreve, *Brownian Motion and Stochastic
/// Calculus* (1991), §2.6; discrete-monitoring gap: Broadie, Glasserman &
/// Kou, "A continuity correction for discrete barrier options",
/// *Mathematical Finance* 7 (1997).
pub fn first_passage_probability(pct: f64, sigma_daily: f64, horizon: usize) -> Option<f64> {
    if !valid_pct(pct) || !sigma_daily.is_finite() || sigma_daily <= 0.0 || horizon == 0 {
        return None;
    }
    if pct == 0.0 {
        return Some(1.0);
    }
    // ln_1p keeps small moves accurate; erfc directly (not 1 − Φ) keeps far
    // levels accurate instead of cancelling to 0.
    let barrier = pct.ln_1p().abs();
    let spread = sigma_daily * (2.0 * horizon as f64).sqrt();
    let p = libm::erfc(barrier / spread);
    p.is_finite().then_some(p.clamp(0.0, 1.0))
}

/// The value a session contributes to a window: the more extreme of its
/// close and its high (upside) or low (downside), whichever are usable. A
/// close is a floor for the high and a ceiling for the low, so taking the
/// extreme of both never understates what the session reached.
fn session_value(
    closes: &[Option<f64>],
    extremes: Option<&[Option<f64>]>,
    index: usize,
    upside: bool,
) -> Option<f64> {
    let close = usable(closes.get(index).copied().flatten());
    let extreme = extremes.and_then(|column| usable(column.get(index).copied().flatten()));
    match (close, extreme) {
        (Some(c), Some(e)) if upside => Some(c.max(e)),
        (Some(c), Some(e)) => Some(c.min(e)),
        (c, e) => c.or(e),
    }
}

/// Empirical odds that a move of `pct` is reached within `horizon` sessions.
///
/// # Formula
/// For every start session `t` with a usable close `c_t` whose window
/// `t+1 ..= t+horizon` lies fully inside `closes` (`t + horizon <
/// closes.len()`): upside (`pct ≥ 0`) reached if
/// `max_{window} v_i ≥ c_t·(1 + pct)`; downside reached if
/// `min_{window} v_i ≤ c_t·(1 + pct)`, where `v_i` is the close, or with
/// `extremes` (highs for upside, lows for downside) the more extreme of the
/// close and the extreme. Missing values are skipped; a window with no value
/// at all is not counted. Returns `(hits / N, N)`, `(None, 0)` when no
/// window counts or the input is out of range.
///
/// A monotonic deque gives the sliding max/min, so the cost is `O(n)` per
/// target whatever the horizon.
///
/// # Parameters
/// - `closes`: the close column, cut at the as-of date (its length bounds
///   everything read);
/// - `extremes`: optional highs (for `pct ≥ 0`) or lows (for `pct < 0`);
/// - `pct`: the move, finite and `> −1`;
/// - `horizon`: sessions, `≥ 1`.
///
/// # Example
/// ```
/// use regime_radar::engine::targets::empirical_reach;
/// let closes: Vec<Option<f64>> = [100.0, 101.0, 102.0, 103.0].map(Some).to_vec();
/// // Horizon 2: starts 0 and 1. From 100 the window reaches 102 (+2 %);
/// // from 101 it reaches 103 (+1.98 %, short of +2 %).
/// assert_eq!(empirical_reach(&closes, None, 0.02, 2), (Some(0.5), 2));
/// ```
pub fn empirical_reach(
    closes: &[Option<f64>],
    extremes: Option<&[Option<f64>]>,
    pct: f64,
    horizon: usize,
) -> (Option<f64>, usize) {
    share_reached(&reach_windows(closes, extremes, horizon, pct >= 0.0), pct)
}

/// One window of [`reach_windows`]: its start close and its best value.
type ReachWindow = (f64, f64);

/// The windows [`empirical_reach`] counts in one direction, as `(c_t, best)`
/// per start session `t` with a usable close and a value in its complete
/// window: `best` is the window's highest value for `upside`, else its lowest
/// negated. Every move in the same direction reads the same windows, so
/// [`price_targets`] builds them once for all its rows. Empty when
/// `horizon == 0`.
fn reach_windows(
    closes: &[Option<f64>],
    extremes: Option<&[Option<f64>]>,
    horizon: usize,
    upside: bool,
) -> Vec<ReachWindow> {
    if horizon == 0 {
        return Vec::new();
    }
    // Downside windows are an upside problem on negated values (negation is
    // exact), so one sliding-maximum loop serves both.
    let key = |v: f64| if upside { v } else { -v };
    let mut deque: VecDeque<(usize, f64)> = VecDeque::new();
    let mut windows = Vec::with_capacity(closes.len().saturating_sub(horizon));
    for end in 1..closes.len() {
        if let Some(v) = session_value(closes, extremes, end, upside) {
            let k = key(v);
            while deque.back().is_some_and(|&(_, back)| back <= k) {
                deque.pop_back();
            }
            deque.push_back((end, k));
        }
        // The window ending at `end` belongs to start `end − horizon`.
        let Some(start) = end.checked_sub(horizon) else {
            continue;
        };
        while deque.front().is_some_and(|&(i, _)| i <= start) {
            deque.pop_front();
        }
        let Some(base) = usable(closes.get(start).copied().flatten()) else {
            continue;
        };
        let Some(&(_, best)) = deque.front() else {
            continue;
        };
        windows.push((base, best));
    }
    windows
}

/// `(hits / N, N)` of a move over [`reach_windows`] built in its direction;
/// `(None, 0)` when no window counts or the move is out of range.
fn share_reached(windows: &[ReachWindow], pct: f64) -> (Option<f64>, usize) {
    if windows.is_empty() || !valid_pct(pct) {
        return (None, 0);
    }
    let key = |v: f64| if pct >= 0.0 { v } else { -v };
    let growth = 1.0 + pct;
    let hits = windows
        .iter()
        .filter(|(base, best)| *best >= key(base * growth))
        .count();
    (Some(hits as f64 / windows.len() as f64), windows.len())
}

/// Daily volatility of log returns over the most recent `window` returns.
///
/// # Formula
/// Take the last `window + 1` usable closes (gaps skipped, so a return after
/// a gap spans it); `r_i = ln(c_i / c_{i−1})`;
/// `σ = sqrt(Σ(r − r̄)² / (window − 1))` (sample, ddof = 1, two-pass). The
/// same convention as [`RealizedVolatility`](super::indicators::RealizedVolatility)
/// before annualising.
///
/// # Parameters
/// - `window`: number of returns, `≥ 2`.
///
/// `None` with fewer than `window + 1` usable closes.
///
/// # Example
/// ```
/// use regime_radar::engine::targets::daily_log_volatility;
/// let flat: Vec<Option<f64>> = vec![Some(100.0); 10];
/// assert_eq!(daily_log_volatility(&flat, 5), Some(0.0));
/// assert_eq!(daily_log_volatility(&flat, 10), None);
/// ```
pub fn daily_log_volatility(closes: &[Option<f64>], window: usize) -> Option<f64> {
    if window < 2 {
        return None;
    }
    let needed = window.checked_add(1)?;
    let mut recent: Vec<f64> = closes
        .iter()
        .rev()
        .filter_map(|c| usable(*c))
        .take(needed)
        .collect();
    if recent.len() < needed {
        return None;
    }
    recent.reverse();
    let returns: Vec<f64> = recent
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] => Some((b / a).ln()),
            _ => None,
        })
        .collect();
    let n = returns.len() as f64;
    let mean = returns.iter().sum::<f64>() / n;
    let ss: f64 = returns.iter().map(|r| (r - mean) * (r - mean)).sum();
    let sigma = (ss / (n - 1.0)).sqrt();
    sigma.is_finite().then_some(sigma)
}

/// The column to use for one row's empirical odds, or `None` for close:
/// present and holding at least one usable value inside the cut.
fn extreme_column(column: Option<&[Option<f64>]>, len: usize) -> Option<&[Option<f64>]> {
    column.filter(|c| c.iter().take(len).any(|v| usable(*v).is_some()))
}

/// Everything the targets table shows, one row per usable move.
///
/// # Formula
/// `level` by [`target_level`]; `empirical` / `windows` by
/// [`empirical_reach`] (highs for upside and lows for downside rows when
/// `basis` is [`ReachBasis::High`] and the column has values, else closes);
/// `sigma_daily` by [`daily_log_volatility`] over `vol_window` returns;
/// `model` by [`first_passage_probability`]. The odds depend on the move,
/// not on the reference, which only places the level.
///
/// # Parameters
/// - `closes`, `highs`, `lows`: the small-cap series' columns, cut at the
///   as-of date by the caller; nothing at or past `closes.len()` is read;
/// - `reference`: the level moves are measured from; `None` = the last
///   usable close. An unusable reference gives an empty table;
/// - `pcts`: moves as fractions; moves without a level (`≤ −100 %`,
///   non-finite) are left out;
/// - `horizon`, `basis`, `vol_window`: as above.
///
/// # Example
/// ```
/// use regime_radar::engine::targets::{price_targets, ReachBasis};
/// let closes: Vec<Option<f64>> = (0..200).map(|i| Some(100.0 + (i % 7) as f64)).collect();
/// let rows = price_targets(&closes, None, None, None, &[0.05], 20, ReachBasis::High, 20);
/// let row = rows.first().ok_or("no row")?;
/// assert_eq!(row.reference, 103.0); // the last close: 100 + 199 % 7
/// assert_eq!(row.basis, ReachBasis::Close); // no high column: fell back
/// assert_eq!(row.windows, 180);
/// assert_eq!(row.independent_windows, 9); // 180 windows of 20 sessions
/// assert!(row.model.is_some());
/// # Ok::<(), &str>(())
/// ```
#[allow(clippy::too_many_arguments)]
pub fn price_targets(
    closes: &[Option<f64>],
    highs: Option<&[Option<f64>]>,
    lows: Option<&[Option<f64>]>,
    reference: Option<f64>,
    pcts: &[f64],
    horizon: usize,
    basis: ReachBasis,
    vol_window: usize,
) -> Vec<TargetRow> {
    let reference = match reference {
        Some(r) => usable(Some(r)),
        None => closes.iter().rev().find_map(|c| usable(*c)),
    };
    let Some(reference) = reference else {
        return Vec::new();
    };
    let sigma_daily = daily_log_volatility(closes, vol_window);
    let highs = extreme_column(highs, closes.len());
    let lows = extreme_column(lows, closes.len());
    // The windows per direction (which fixes the column and the basis),
    // built once for all the moves: index 1 upside, 0 downside.
    let mut windows_by_direction: [Option<Vec<ReachWindow>>; 2] = [None, None];
    let mut rows = Vec::with_capacity(pcts.len());
    for &pct in pcts {
        let Some(level) = target_level(reference, pct) else {
            continue;
        };
        let upside = pct >= 0.0;
        let column = if upside { highs } else { lows };
        let (extremes, used) = match (basis, column) {
            (ReachBasis::High, Some(c)) => (Some(c), ReachBasis::High),
            _ => (None, ReachBasis::Close),
        };
        let windows = windows_by_direction[usize::from(upside)]
            .get_or_insert_with(|| reach_windows(closes, extremes, horizon, upside));
        let (empirical, windows) = share_reached(windows, pct);
        rows.push(TargetRow {
            pct,
            level,
            reference,
            horizon,
            empirical,
            windows,
            independent_windows: windows.div_ceil(horizon.max(1)),
            model: sigma_daily.and_then(|s| first_passage_probability(pct, s, horizon)),
            sigma_daily,
            basis: used,
        });
    }
    rows
}

/// Reads the user's list of moves, in percent, into fractions.
///
/// Entries are separated by commas or semicolons; each is a number with an
/// optional leading `+` and trailing `%` (`7`, `12.2 %`, `-5`, `−5` with a
/// typographic minus). Blank entries (`7,,12`) are skipped.
///
/// # Parameters
/// - `text`: what was typed. At most [`MAX_TARGETS`] entries, each above
///   −100 % and at most +[`MAX_UPSIDE_PERCENT`] %.
///
/// # Example
/// ```
/// use regime_radar::engine::targets::parse_pcts;
/// let pcts = parse_pcts("7%, 12.2 %, -5")?;
/// assert_eq!(pcts, vec![0.07, 0.122, -0.05]);
/// assert!(parse_pcts("7, abc").is_err());
/// # Ok::<(), regime_radar::engine::targets::TargetsError>(())
/// ```
pub fn parse_pcts(text: &str) -> Result<Vec<f64>, TargetsError> {
    let mut out = Vec::new();
    let entries = text
        .split([',', ';'])
        .map(str::trim)
        .filter(|e| !e.is_empty());
    for (index, entry) in entries.enumerate() {
        let position = index + 1;
        let shown = excerpt(entry);
        if out.len() >= MAX_TARGETS {
            return Err(TargetsError::TooMany {
                position,
                entry: shown,
                max: MAX_TARGETS,
            });
        }
        let number = entry.strip_suffix('%').unwrap_or(entry).trim();
        let number = number.replace('\u{2212}', "-");
        let number = number.strip_prefix('+').unwrap_or(&number);
        let Some((percent, fraction)) = percent_to_fraction(number) else {
            return Err(TargetsError::NotAPercent {
                position,
                entry: shown,
            });
        };
        if percent <= -100.0 || fraction <= -1.0 {
            return Err(TargetsError::DownsideTooLarge {
                position,
                entry: shown,
            });
        }
        if percent > MAX_UPSIDE_PERCENT {
            return Err(TargetsError::UpsideTooLarge {
                position,
                entry: shown,
            });
        }
        out.push(fraction);
    }
    if out.is_empty() {
        return Err(TargetsError::Empty);
    }
    Ok(out)
}

/// A percent's text as (percent, fraction). The fraction is parsed from
/// the same digits with the decimal point moved (`16.9` → `16.9e-2`), so
/// "16.9" gives exactly the literal `0.169` rather than `16.9 / 100`, which
/// differs in the last bit. Non-finite numbers (`inf`, `NaN`) are refused.
fn percent_to_fraction(number: &str) -> Option<(f64, f64)> {
    let percent = number.parse::<f64>().ok().filter(|p| p.is_finite())?;
    let shifted = if number.contains(['e', 'E']) {
        None
    } else {
        format!("{number}e-2").parse::<f64>().ok()
    };
    Some((percent, shifted.unwrap_or(percent / 100.0)))
}

/// An entry as quoted in a message: at most 40 characters, so a pasted
/// paragraph does not flood the page.
fn excerpt(entry: &str) -> String {
    const KEEP: usize = 40;
    if entry.chars().count() > KEEP {
        let head: String = entry.chars().take(KEEP).collect();
        format!("{head}…")
    } else {
        entry.to_string()
    }
}
