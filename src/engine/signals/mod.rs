//! Signals: named rules evaluated on every session of the price calendar,
//! each giving `firing`, `quiet` or `no data` with the value and threshold
//! that decided it. One file per rule family; this module holds the shared
//! shape ([`RuleSeries`], [`Signals`]; rule identities are in
//! `engine::rule_id`) and the calendar plumbing.
//!
//! Invariant: no look-ahead. A rule's state on session *t* uses only price
//! observations dated on or before *t* and macro observations *released*
//! on or before *t* (through `align::align_as_of_release`); a missing
//! input is `no data`, never a guess. `tests/signals.rs` checks that
//! truncating the future never changes a past state, for every rule.

mod flows;
mod growth;
mod labour;
mod leadership;
mod narrowness;
mod overbought;
mod policy;
mod trend;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use super::align::max_age_days;
use super::align::{align_prices, JoinMode, PublicationLag};
pub(crate) use super::align::{day_numbers, Releases};
use super::calendar::FomcCalendar;
use super::column::CalendarColumn;
use super::indicators::returns::WINDOW_3M;
use super::series::{Series, SeriesKind};
use super::settings::RadarSettings;

pub use super::rule_id::{Family, RuleId};

pub use flows::cumulative_flows;
pub use growth::annualised_3m_growth;
pub use labour::{claims_average_4w, sahm_values, SahmPoint};
pub use overbought::{rsi_column, stretch_column};

/// A rule's state on one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    Firing,
    Quiet,
    NoData,
}

impl State {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Firing => "firing",
            State::Quiet => "quiet",
            State::NoData => "no-data",
        }
    }

    /// `Some(true)` firing, `Some(false)` quiet, `None` no data (evidence's input).
    pub fn as_option(self) -> Option<bool> {
        match self {
            State::Firing => Some(true),
            State::Quiet => Some(false),
            State::NoData => None,
        }
    }
}

/// How a rule's value is compared with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cmp {
    AtLeast,
    Above,
    AtMost,
    Below,
}

impl Cmp {
    // Runs once per rule and session: forced inline, since at opt-level "z"
    // (the WASM build) it otherwise stays a call in that loop.
    #[inline(always)]
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Cmp::AtLeast => value >= threshold,
            Cmp::Above => value > threshold,
            Cmp::AtMost => value <= threshold,
            Cmp::Below => value < threshold,
        }
    }

    /// The symbol in a reason ("71.5 ≥ 70").
    pub fn symbol(self, holds: bool) -> &'static str {
        match (self, holds) {
            (Cmp::AtLeast, true) | (Cmp::Below, false) => "≥",
            (Cmp::AtLeast, false) | (Cmp::Below, true) => "<",
            (Cmp::Above, true) | (Cmp::AtMost, false) => ">",
            (Cmp::Above, false) | (Cmp::AtMost, true) => "≤",
        }
    }
}

/// How a rule's value and threshold are written for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// A fraction shown in percent points (`0.065` → `+6.5 pts`).
    Points,
    /// A fraction shown as a percent (`0.15` → `15.0%`).
    Percent,
    /// A plain number with one decimal (RSI, z-score, %-valued macro data).
    Plain,
    /// A count of persons (`206,000`).
    Persons,
    /// Days.
    Days,
    /// A price level.
    Level,
    /// Dollars (flows).
    Money,
}

/// One session's state and the value that decided it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Day {
    pub state: State,
    pub value: Option<f64>,
}

impl Day {
    const NO_DATA: Day = Day {
        state: State::NoData,
        value: None,
    };
}

/// A rule evaluated on every session of the calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSeries {
    pub rule: RuleId,
    /// What the rule looks at ("RUT", "RUT − GSPC", "ICSA 4-wk avg").
    pub subject: String,
    /// What the value is ("RSI(14)", "63-session spread").
    pub measure: String,
    pub cmp: Cmp,
    pub threshold: f64,
    pub unit: Unit,
    /// One entry per calendar session.
    pub days: Vec<Day>,
    /// Why the rule has no data at all, when it has none (e.g. "load a
    /// flows series"); shown instead of a guess.
    pub missing: Option<String>,
}

impl RuleSeries {
    /// A rule from its per-session values: `None` → no data, else the
    /// comparison decides.
    pub(crate) fn from_values(
        rule: RuleId,
        subject: impl Into<String>,
        measure: impl Into<String>,
        cmp: Cmp,
        threshold: f64,
        unit: Unit,
        values: &[Option<f64>],
    ) -> Self {
        RuleSeries {
            rule,
            subject: subject.into(),
            measure: measure.into(),
            cmp,
            threshold,
            unit,
            days: days_from_values(values, cmp, threshold),
            missing: None,
        }
    }

    /// A rule with no data on any session, and why.
    pub(crate) fn unavailable(
        rule: RuleId,
        measure: impl Into<String>,
        cmp: Cmp,
        threshold: f64,
        unit: Unit,
        sessions: usize,
        why: impl Into<String>,
    ) -> Self {
        RuleSeries {
            rule,
            subject: String::new(),
            measure: measure.into(),
            cmp,
            threshold,
            unit,
            days: vec![Day::NO_DATA; sessions],
            missing: Some(why.into()),
        }
    }

    /// The state on session `index` (no data past the end).
    pub fn day(&self, index: usize) -> Day {
        self.days.get(index).copied().unwrap_or(Day::NO_DATA)
    }

    /// Per-session `Option<bool>` for the evidence.
    pub fn firing_column(&self) -> Vec<Option<bool>> {
        self.firing().collect()
    }

    /// [`firing_column`](Self::firing_column) without the copy.
    pub fn firing(&self) -> impl Iterator<Item = Option<bool>> + '_ {
        self.days.iter().map(|d| d.state.as_option())
    }
}

/// [`RuleSeries::from_values`]'s sessions. Not generic (unlike its caller),
/// so the per-session loop is compiled once.
fn days_from_values(values: &[Option<f64>], cmp: Cmp, threshold: f64) -> Vec<Day> {
    values
        .iter()
        .map(|v| match v {
            Some(x) if x.is_finite() => Day {
                state: if cmp.holds(*x, threshold) {
                    State::Firing
                } else {
                    State::Quiet
                },
                value: Some(*x),
            },
            _ => Day::NO_DATA,
        })
        .collect()
}

/// The series a radar run looks at, by role.
#[derive(Debug, Clone, Default)]
pub struct RadarInputs<'a> {
    pub small: Option<&'a Series>,
    pub large: Option<&'a Series>,
    pub growth: Option<&'a Series>,
    /// Every loaded macro series; each rule picks the kind it needs.
    pub macros: Vec<&'a Series>,
    pub small_flows: Option<&'a Series>,
    pub large_flows: Option<&'a Series>,
    pub lags: PublicationLag,
    pub fomc: Option<&'a FomcCalendar>,
}

impl<'a> RadarInputs<'a> {
    /// The macro series of a kind loaded last (as for the price roles:
    /// loading EFFR after FEDFUNDS analyses EFFR).
    pub fn macro_of(&self, kind: SeriesKind) -> Option<&'a Series> {
        self.macros.iter().rev().copied().find(|s| s.kind == kind)
    }
}

/// Price columns of the three roles on one calendar: the union of their
/// sessions (a role without a close on a session has `None` there).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriceFrame {
    pub dates: Vec<NaiveDate>,
    pub small: Vec<Option<f64>>,
    pub large: Vec<Option<f64>>,
    pub growth: Vec<Option<f64>>,
    /// The small series' 63-session return (leadership and narrowness).
    pub small_3m: Vec<Option<f64>>,
    /// The small series' distance above its slow SMA (trend and stretch).
    pub small_distance_slow: Vec<Option<f64>>,
    /// `dates` as days from CE (for the macro releases walk).
    pub days: Vec<i32>,
}

impl PriceFrame {
    /// Joins the role series (union of sessions, never filled), keeping
    /// only sessions up to `until` when given.
    pub fn new(inputs: &RadarInputs, until: Option<NaiveDate>) -> Self {
        Self::with_slow_sma(inputs, until, 200)
    }

    /// [`new`](Self::new) with the shared small-series columns computed
    /// for a slow SMA of `slow` sessions.
    pub fn with_slow_sma(inputs: &RadarInputs, until: Option<NaiveDate>, slow: usize) -> Self {
        let roles = [inputs.small, inputs.large, inputs.growth];
        let present: Vec<&Series> = roles.iter().flatten().copied().collect();
        let aligned = align_prices(&present, JoinMode::Union);
        let keep = until.map_or(aligned.dates.len(), |day| {
            aligned.dates.partition_point(|d| *d <= day)
        });
        let mut columns = aligned.closes.into_iter();
        let mut take = |role: Option<&Series>| -> Vec<Option<f64>> {
            match role {
                Some(_) => columns
                    .next()
                    .map(|mut c| {
                        c.truncate(keep);
                        c
                    })
                    .unwrap_or_else(|| vec![None; keep]),
                None => vec![None; keep],
            }
        };
        let small = take(inputs.small);
        let large = take(inputs.large);
        let growth = take(inputs.growth);
        let mut dates = aligned.dates;
        dates.truncate(keep);
        let small_3m = leadership::return_column(&small, WINDOW_3M);
        let small_distance_slow = trend::distance_from_sma(&small, slow);
        PriceFrame {
            days: day_numbers(&dates),
            dates,
            small,
            large,
            growth,
            small_3m,
            small_distance_slow,
        }
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The last session on or before `day`.
    pub fn index_on_or_before(&self, day: NaiveDate) -> Option<usize> {
        self.dates.partition_point(|d| *d <= day).checked_sub(1)
    }
}

/// A per-observation indicator of one price column, computed on its defined
/// observations only (the indicators' gap policy) and put back on the
/// calendar: the same value the metrics table shows for that series.
pub(crate) fn on_observations(
    column: &[Option<f64>],
    f: impl FnOnce(&[f64]) -> Vec<Option<f64>>,
) -> Vec<Option<f64>> {
    // Sized for the whole column up front: a filtered iterator gives
    // `collect` no length, and growing a 10,000-session buffer step by step
    // copies it a dozen times.
    let mut observed = Vec::with_capacity(column.len());
    observed.extend(column.iter().flatten());
    let values = f(&observed);
    let mut values = values.into_iter();
    column
        .iter()
        .map(|c| c.and_then(|_| values.next().flatten()))
        .collect()
}

/// Like [`on_observations`] for indicators that also need the dates
/// (YTD returns).
pub(crate) fn on_dated_observations(
    dates: &[NaiveDate],
    column: &[Option<f64>],
    f: impl FnOnce(&[NaiveDate], &[f64]) -> Vec<Option<f64>>,
) -> Vec<Option<f64>> {
    // Sized up front, as in `on_observations` (`unzip` also pushes one
    // element at a time through `Extend`).
    let mut observed_dates = Vec::with_capacity(column.len());
    let mut observed = Vec::with_capacity(column.len());
    for (d, c) in dates.iter().zip(column) {
        if let Some(v) = c {
            observed_dates.push(*d);
            observed.push(*v);
        }
    }
    let values = f(&observed_dates, &observed);
    let mut values = values.into_iter();
    column
        .iter()
        .map(|c| c.and_then(|_| values.next().flatten()))
        .collect()
}

/// A value derived per observation of a macro series (`derived[i]` belongs
/// to `series.dates[i]`), shown on `calendar` as it was known each day (see
/// [`Releases::known`]; build a [`Releases`] once when several values of one
/// series are needed).
pub(crate) fn as_known(
    series: &Series,
    derived: &[Option<f64>],
    lags: &PublicationLag,
    calendar: &[NaiveDate],
) -> Vec<Option<f64>> {
    Releases::new(series, lags).known(derived, &day_numbers(calendar))
}

/// [`as_known`] as a [`CalendarColumn`], computed only over the sessions
/// from the first release to the last release's staleness cut: outside
/// them nothing is known (on a million-session calendar a macro series
/// spans a few thousand of them).
pub(crate) fn as_known_column(
    series: &Series,
    derived: &[Option<f64>],
    lags: &PublicationLag,
    calendar: &[NaiveDate],
) -> CalendarColumn {
    let releases = Releases::new(series, lags);
    let Some((first, last)) = releases.known_span() else {
        return CalendarColumn::empty(calendar.len());
    };
    let day = |d: &NaiveDate| i64::from(d.num_days_from_ce());
    let start = calendar.partition_point(|d| day(d) < first);
    let end = calendar.partition_point(|d| day(d) <= last).max(start);
    let values = releases.known(derived, &day_numbers(&calendar[start..end]));
    CalendarColumn::new(start, calendar.len(), values)
}

/// `a − b` where both are defined.
pub(crate) fn difference(a: &[Option<f64>], b: &[Option<f64>]) -> Vec<Option<f64>> {
    a.iter().zip(b).map(|(x, y)| Some((*x)? - (*y)?)).collect()
}

/// Everything the rules computed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    pub frame: PriceFrame,
    pub rules: Vec<RuleSeries>,
}

impl Signals {
    /// The series of one rule. `evaluate` leaves every rule in `RuleId`
    /// order, so this is an index lookup (the regime reads ~25 per session).
    pub fn rule(&self, id: RuleId) -> Option<&RuleSeries> {
        match self.rules.get(id as usize) {
            Some(r) if r.rule == id => Some(r),
            _ => self.rules.iter().find(|r| r.rule == id),
        }
    }

    /// The state of a rule on a session (no data when unknown).
    pub fn state(&self, id: RuleId, index: usize) -> State {
        self.rule(id).map_or(State::NoData, |r| r.day(index).state)
    }
}

/// Display name of a role's series ("RUT"), or the role when absent.
pub(crate) fn name_of(series: Option<&Series>, role: &str) -> String {
    series.map_or_else(|| role.to_string(), |s| s.name.clone())
}

/// Evaluates every rule on every session of the role calendar, up to
/// `until` (the as-of date) when given.
pub fn evaluate(
    inputs: &RadarInputs,
    settings: &RadarSettings,
    until: Option<NaiveDate>,
) -> Signals {
    let frame = PriceFrame::with_slow_sma(inputs, until, settings.sma_slow);
    let mut rules = Vec::with_capacity(RuleId::ALL.len());
    leadership::evaluate(inputs, &frame, settings, &mut rules);
    narrowness::evaluate(inputs, &frame, settings, &mut rules);
    trend::evaluate(inputs, &frame, settings, &mut rules);
    overbought::evaluate(inputs, &frame, settings, &mut rules);
    growth::evaluate(inputs, &frame, settings, &mut rules);
    labour::evaluate(inputs, &frame, settings, &mut rules);
    policy::evaluate(inputs, &frame, settings, &mut rules);
    flows::evaluate(inputs, &frame, settings, &mut rules);
    // Display order is RuleId order, whatever order the families ran in.
    rules.sort_by_key(|r| r.rule);
    Signals { frame, rules }
}
