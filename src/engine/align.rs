//! Point-in-time alignment of price and macro series on a trading calendar.
//!
//! Two joins live here:
//! - [`align_prices`] puts several price series on one trading calendar
//!   (intersection by default, union with gaps kept as gaps);
//! - [`align_as_of_release`] shows a macro series on that calendar as it was
//!   *known* each day: a value appears on its estimated release date
//!   ([`release_date`], from a [`PublicationLag`]), not on its reference date,
//!   and then holds (a step function) until the next release.
//!
//! Invariant: no look-ahead. The aligned value on day *t* depends only on
//! observations dated on or before *t* (prices) or released on or before *t*
//! (macro); nothing is interpolated or forward-filled across a price gap, and
//! a release date is never earlier than the reference date it describes.
//! `tests/align.rs` property-tests this by truncating the inputs.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::engine::series::{Column, Frequency, Series, SeriesId, SeriesKind};

/// How [`align_prices`] combines the trading calendars of its inputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum JoinMode {
    /// Only dates on which every series has a defined close (comparisons
    /// such as IWM/SPY need both legs on the same day).
    #[default]
    Intersection,
    /// Every date on which at least one series has a defined close; a series
    /// without a close that day gets `None` (a visible gap, never a filled value).
    Union,
}

/// Several price series on one calendar.
///
/// Invariant: `dates` strictly increase, `ids.len() == closes.len()` (one per
/// input, in input order) and every column has `dates.len()` entries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlignedPrices {
    /// The joined trading calendar.
    pub dates: Vec<NaiveDate>,
    /// The inputs' ids, in input order.
    pub ids: Vec<SeriesId>,
    /// One column of closes per input, aligned to `dates`.
    pub closes: Vec<Column>,
}

impl AlignedPrices {
    /// The aligned closes of the series with this id (the first one, if an
    /// id was passed twice).
    pub fn column(&self, id: &SeriesId) -> Option<&Column> {
        self.ids
            .iter()
            .position(|candidate| candidate == id)
            .and_then(|index| self.closes.get(index))
    }

    /// Number of calendar dates.
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// True when no date survived the join.
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }
}

/// The defined closes of a series as `(date, close)` pairs sorted by date,
/// keeping the last of duplicate dates. Ingest already guarantees sorted,
/// unique dates; this guards hand-built series so the join stays correct.
fn defined_closes(series: &Series) -> Vec<(NaiveDate, f64)> {
    defined_closes_within(series, None)
}

/// [`defined_closes`] dated inside `span` (first and last day, both in).
fn defined_closes_within(
    series: &Series,
    span: Option<(NaiveDate, NaiveDate)>,
) -> Vec<(NaiveDate, f64)> {
    let inside =
        |date: &NaiveDate| span.is_none_or(|(first, last)| first <= *date && *date <= last);
    // Sized up front for a whole series: a filtered iterator gives
    // `collect` no length.
    let mut points: Vec<(NaiveDate, f64)> = Vec::with_capacity(if span.is_none() {
        series.dates.len()
    } else {
        0
    });
    points.extend(
        series
            .dates
            .iter()
            .zip(&series.close)
            .filter(|(date, _)| inside(date))
            .filter_map(|(date, close)| close.filter(|v| v.is_finite()).map(|v| (*date, v))),
    );
    if !points.windows(2).all(|pair| pair[0].0 < pair[1].0) {
        // Stable sort keeps file order among equal dates, so "last wins".
        points.sort_by_key(|(date, _)| *date);
        let mut deduped: Vec<(NaiveDate, f64)> = Vec::with_capacity(points.len());
        for point in points {
            match deduped.last_mut() {
                Some(last) if last.0 == point.0 => *last = point,
                _ => deduped.push(point),
            }
        }
        points = deduped;
    }
    points
}

/// Joins price series on their trading calendars.
///
/// Each output row depends only on the inputs' closes on that same date, so
/// the join cannot look ahead. `Union` keeps a missing close as `None`
/// (never forward-filled); `Intersection` keeps the dates where every input
/// has a defined close. Non-finite closes count as missing. With no inputs,
/// the result is empty.
///
/// ```
/// use chrono::NaiveDate;
/// use regime_radar::engine::align::{align_prices, JoinMode};
/// use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};
///
/// let day = |d| NaiveDate::from_ymd_opt(2024, 1, d).unwrap_or_default();
/// let a = Series::from_values(SeriesId::sanitized("A"), SeriesKind::Price, Frequency::Daily,
///     vec![day(2), day(3), day(4)], vec![Some(1.0), Some(2.0), Some(3.0)]);
/// let b = Series::from_values(SeriesId::sanitized("B"), SeriesKind::Price, Frequency::Daily,
///     vec![day(3), day(4), day(5)], vec![Some(10.0), None, Some(30.0)]);
///
/// let both = align_prices(&[&a, &b], JoinMode::Intersection);
/// assert_eq!(both.dates, vec![day(3)]);
///
/// let any = align_prices(&[&a, &b], JoinMode::Union);
/// assert_eq!(any.dates, vec![day(2), day(3), day(4), day(5)]);
/// assert_eq!(any.closes[1], vec![None, Some(10.0), None, Some(30.0)]);
/// ```
pub fn align_prices(series: &[&Series], mode: JoinMode) -> AlignedPrices {
    let ids: Vec<SeriesId> = series.iter().map(|s| s.id.clone()).collect();

    if mode == JoinMode::Intersection {
        // A shared date lies inside every series' span: a million-row
        // series paired with a ten-thousand-row one gives only its points
        // in the other's span, not a million (the metrics table's spread
        // rows, on each load).
        let points: Vec<Vec<(NaiveDate, f64)>> = match common_span(series) {
            Some(span) => series
                .iter()
                .map(|s| defined_closes_within(s, Some(span)))
                .collect(),
            None => vec![Vec::new(); series.len()],
        };
        return intersection(ids, &points);
    }
    let points: Vec<Vec<(NaiveDate, f64)>> = series.iter().map(|s| defined_closes(s)).collect();

    let union = merged_dates(&points);

    // Walk each series once against the sorted union (two pointers).
    let columns: Vec<Column> = points
        .iter()
        .map(|p| {
            let mut cursor = 0;
            union
                .iter()
                .map(|date| {
                    while cursor < p.len() && p[cursor].0 < *date {
                        cursor += 1;
                    }
                    match p.get(cursor) {
                        Some((d, v)) if d == date => Some(*v),
                        _ => None,
                    }
                })
                .collect()
        })
        .collect();

    AlignedPrices {
        dates: union,
        ids,
        closes: columns,
    }
}

/// The union calendar of `series` alone: the dates of
/// [`align_prices`]`(series, Union)` without building its columns (the
/// dashboard places each column itself, so a million-session calendar costs
/// one merge, not one column per series thrown away).
pub fn union_calendar(series: &[&Series]) -> Vec<NaiveDate> {
    let points: Vec<Vec<(NaiveDate, f64)>> = series.iter().map(|s| defined_closes(s)).collect();
    merged_dates(&points)
}

/// Each input is sorted and unique (`defined_closes`): merge them in one
/// pass instead of sorting the concatenation.
fn merged_dates(points: &[Vec<(NaiveDate, f64)>]) -> Vec<NaiveDate> {
    let longest = points.iter().map(Vec::len).max().unwrap_or(0);
    let mut union: Vec<NaiveDate> = Vec::with_capacity(longest);
    let mut cursors = vec![0usize; points.len()];
    while let Some(day) = points
        .iter()
        .zip(&cursors)
        .filter_map(|(p, c)| p.get(*c).map(|(d, _)| *d))
        .min()
    {
        union.push(day);
        for (p, c) in points.iter().zip(cursors.iter_mut()) {
            if p.get(*c).is_some_and(|(d, _)| *d == day) {
                *c += 1;
            }
        }
    }
    union
}

/// From the latest first date to the earliest last date of `series` (each
/// series' own earliest and latest, so a hand-built one out of order is
/// measured right); `None` when a series has no dates or the spans do not
/// meet.
fn common_span(series: &[&Series]) -> Option<(NaiveDate, NaiveDate)> {
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    for s in series {
        let first = *s.dates.iter().min()?;
        let last = *s.dates.iter().max()?;
        span = Some(match span {
            None => (first, last),
            Some((a, b)) => (a.max(first), b.min(last)),
        });
    }
    span.filter(|(first, last)| first <= last)
}

/// The sessions every series has, walked directly (each input is sorted
/// and unique): no union columns are built first, so pairing a
/// million-session file with a 10,000-session one costs one pass over each.
fn intersection(ids: Vec<SeriesId>, points: &[Vec<(NaiveDate, f64)>]) -> AlignedPrices {
    let Some(shortest) = points.iter().min_by_key(|p| p.len()) else {
        return AlignedPrices {
            dates: Vec::new(),
            ids,
            closes: Vec::new(),
        };
    };
    let mut cursors = vec![0usize; points.len()];
    let mut dates = Vec::with_capacity(shortest.len());
    let mut closes: Vec<Column> = vec![Vec::with_capacity(shortest.len()); points.len()];
    for (day, _) in shortest {
        let mut found = true;
        for (p, c) in points.iter().zip(cursors.iter_mut()) {
            // Galloping would be faster still; a linear walk is already
            // one pass over each input.
            while p.get(*c).is_some_and(|(d, _)| d < day) {
                *c += 1;
            }
            found &= p.get(*c).is_some_and(|(d, _)| d == day);
        }
        if found {
            dates.push(*day);
            for ((p, c), column) in points.iter().zip(&cursors).zip(closes.iter_mut()) {
                column.push(Some(p[*c].1));
            }
        }
    }
    AlignedPrices { dates, ids, closes }
}

/// The day of the week a release lands on, once the lag has elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReleaseDay {
    /// Any calendar day, weekends included (prices, same-day data).
    AnyDay,
    /// A weekday: Saturday and Sunday move to Monday (agencies publish on
    /// working days; holidays are not modelled).
    Weekday,
    /// The first such weekday on or after the lag (claims on Thursday, the
    /// employment report on Friday).
    On(Weekday),
}

/// When one observation becomes known: a number of calendar days after the
/// end of its reference period, then moved forward to a [`ReleaseDay`].
///
/// The end of the reference period is the last day of the month (monthly),
/// of the quarter (quarterly), or the date itself (daily, weekly — FRED
/// dates weekly series by the week's last day, e.g. ICSA by Saturday — and
/// irregular). Holidays are not modelled: on a trading calendar a release
/// on a holiday simply becomes visible on the next trading day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LagRule {
    /// Calendar days between the end of the reference period and the release.
    pub days_after_period_end: u32,
    /// Which day of the week the release then lands on.
    pub release_day: ReleaseDay,
}

impl LagRule {
    /// Known at the end of the reference period itself (prices, daily nowcasts).
    pub const SAME_DAY: LagRule = LagRule {
        days_after_period_end: 0,
        release_day: ReleaseDay::AnyDay,
    };

    /// `days` after the period end, weekends moved to Monday.
    pub const fn days(days: u32) -> LagRule {
        LagRule {
            days_after_period_end: days,
            release_day: ReleaseDay::Weekday,
        }
    }

    /// The first `weekday` on or after `period end + days`.
    pub const fn days_then(days: u32, weekday: Weekday) -> LagRule {
        LagRule {
            days_after_period_end: days,
            release_day: ReleaseDay::On(weekday),
        }
    }
}

impl std::fmt::Display for LagRule {
    /// Compact form for tables and messages: `+5d→Thu`, `+14d→weekday`, `0d`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}d", self.days_after_period_end)?;
        match self.release_day {
            ReleaseDay::AnyDay => Ok(()),
            ReleaseDay::Weekday => f.write_str("→weekday"),
            ReleaseDay::On(weekday) => write!(f, "→{weekday}"),
        }
    }
}

/// One row of the default publication-lag table, with its rationale (shown
/// in the README and the UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultLag {
    /// The kind of series the row applies to.
    pub kind: SeriesKind,
    /// `None`: any frequency of this kind.
    pub frequency: Option<Frequency>,
    /// The default rule.
    pub rule: LagRule,
    /// How the reference date is read and why the lag is what it is.
    pub convention: &'static str,
}

/// The default publication lags. Where release days vary, the rule takes
/// the late end of the normal range (a release assumed late only delays a
/// signal; one assumed early would be look-ahead). Entries with a
/// frequency come before the catch-all of their kind.
pub const DEFAULT_LAGS: &[DefaultLag] = &[
    DefaultLag {
        kind: SeriesKind::Price,
        frequency: None,
        rule: LagRule::SAME_DAY,
        convention: "a close is known at the close of its own day",
    },
    DefaultLag {
        kind: SeriesKind::JoblessClaims,
        frequency: None,
        rule: LagRule::days_then(5, Weekday::Thu),
        convention: "dated by the week ending Saturday; DOL publishes on the following Thursday",
    },
    DefaultLag {
        kind: SeriesKind::RetailSales,
        frequency: None,
        rule: LagRule::days(17),
        convention: "dated the 1st of the month; Census advance report ~13th-17th of the next month (e.g. Nov 2024 on 2024-12-17), so month end + 17 days",
    },
    DefaultLag {
        kind: SeriesKind::Consumption,
        frequency: None,
        rule: LagRule::days(31),
        convention: "dated the 1st of the month; BEA personal income & outlays ~4 weeks after month end, up to 31 days (Dec 2024 on 2025-01-31)",
    },
    DefaultLag {
        kind: SeriesKind::Gdp,
        frequency: None,
        rule: LagRule::days(30),
        convention: "dated the 1st of the quarter; BEA advance estimate 25-30 days after quarter end (Q4 2024 on 2025-01-30)",
    },
    DefaultLag {
        kind: SeriesKind::GrowthNowcast,
        frequency: Some(Frequency::Quarterly),
        rule: LagRule::days(29),
        convention: "FRED's quarterly GDPNOW is dated the 1st of the quarter but holds the FINAL nowcast, published the day before the advance GDP estimate: quarter end + 29 days (Q1 2025: -2.7 on 2025-04-29)",
    },
    DefaultLag {
        kind: SeriesKind::GrowthNowcast,
        frequency: None,
        rule: LagRule::SAME_DAY,
        convention: "a daily nowcast history (Atlanta Fed export) is dated by its publication day",
    },
    DefaultLag {
        kind: SeriesKind::Unemployment,
        frequency: None,
        rule: LagRule::days_then(7, Weekday::Fri),
        convention: "dated the 1st of the month; BLS Employment Situation on a Friday, usually the first of the next month, sometimes the second (Dec 2024 on 2025-01-10): first Friday at least 7 days after month end",
    },
    DefaultLag {
        kind: SeriesKind::PolicyRate,
        frequency: Some(Frequency::Monthly),
        rule: LagRule::days(1),
        convention: "FEDFUNDS is the month's average of daily rates, complete once the month ends: month end + 1 day",
    },
    DefaultLag {
        kind: SeriesKind::PolicyRate,
        frequency: None,
        rule: LagRule::days(1),
        convention: "EFFR/DFF for day t is published by the NY Fed the next business morning",
    },
    DefaultLag {
        kind: SeriesKind::TreasuryYield,
        frequency: None,
        rule: LagRule::days(1),
        convention: "Treasury's par yield curve for day t comes out after the equity close; usable the next business day",
    },
    DefaultLag {
        kind: SeriesKind::Recession,
        frequency: None,
        rule: LagRule::days(640),
        convention: "USREC follows NBER dating, announced 4-21 months after a turning point (peak Feb 2020 on 2020-06-08, trough Mar 1991 on 1992-12-22): month end + 640 days (21 months) is never earlier than any NBER announcement since 1980; for hindsight shading use PublicationLag::none()",
    },
    DefaultLag {
        kind: SeriesKind::Flows,
        frequency: Some(Frequency::Monthly),
        rule: LagRule::days(30),
        convention: "monthly fund flows (ICI's trends) are dated by the month and published about four weeks after it ends: month end + 30 days",
    },
    DefaultLag {
        kind: SeriesKind::Flows,
        frequency: None,
        rule: LagRule::days(7),
        convention: "weekly flow reports (BofA's Flow Show, EPFR, ICI) are dated by the week's last day and published 2-7 days later: + 7 days, the late end (a file dated by its publication day: set the lag to 0)",
    },
    DefaultLag {
        kind: SeriesKind::Other,
        frequency: None,
        rule: LagRule::SAME_DAY,
        convention: "unknown series: as of its date (set a lag if it is published later)",
    },
];

/// The default rule for a kind at a frequency (see [`DEFAULT_LAGS`]).
pub fn default_lag_rule(kind: SeriesKind, frequency: Frequency) -> LagRule {
    DEFAULT_LAGS
        .iter()
        .find(|row| row.kind == kind && row.frequency.is_none_or(|f| f == frequency))
        .map(|row| row.rule)
        .unwrap_or(LagRule::SAME_DAY)
}

/// How long after its reference period each kind of series is known:
/// [`DEFAULT_LAGS`] plus the user's overrides.
///
/// ```
/// use chrono::Weekday;
/// use regime_radar::engine::align::{LagRule, PublicationLag};
/// use regime_radar::engine::series::{Frequency, SeriesKind};
///
/// let mut lag = PublicationLag::default();
/// assert_eq!(lag.rule(SeriesKind::JoblessClaims, Frequency::Weekly),
///            LagRule::days_then(5, Weekday::Thu));
/// lag.set(SeriesKind::JoblessClaims, LagRule::days(12));
/// assert_eq!(lag.rule(SeriesKind::JoblessClaims, Frequency::Weekly), LagRule::days(12));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicationLag {
    /// User overrides `(kind, frequency or any, rule)`; a frequency-specific
    /// entry wins over a kind-wide one, and any override over the default.
    overrides: Vec<(SeriesKind, Option<Frequency>, LagRule)>,
}

impl PublicationLag {
    /// Every series known at the end of its reference period, with no
    /// publication delay: the naive (look-ahead) alignment, useful to show
    /// how much the lags matter, or to shade history in hindsight (USREC).
    pub fn none() -> Self {
        PublicationLag {
            overrides: SeriesKind::ALL
                .iter()
                .map(|kind| (*kind, None, LagRule::SAME_DAY))
                .collect(),
        }
    }

    /// The rule in force for a kind at a frequency: a frequency-specific
    /// override, else a kind-wide override, else the default.
    pub fn rule(&self, kind: SeriesKind, frequency: Frequency) -> LagRule {
        let specific = self
            .overrides
            .iter()
            .find(|(k, f, _)| *k == kind && *f == Some(frequency));
        let kind_wide = || {
            self.overrides
                .iter()
                .find(|(k, f, _)| *k == kind && f.is_none())
        };
        specific
            .or_else(kind_wide)
            .map(|(_, _, rule)| *rule)
            .unwrap_or_else(|| default_lag_rule(kind, frequency))
    }

    /// Overrides the rule for every frequency of `kind` (replacing earlier
    /// overrides of that kind).
    pub fn set(&mut self, kind: SeriesKind, rule: LagRule) {
        self.overrides.retain(|(k, _, _)| *k != kind);
        self.overrides.push((kind, None, rule));
    }

    /// Overrides the rule for `kind` at one frequency only.
    pub fn set_for(&mut self, kind: SeriesKind, frequency: Frequency, rule: LagRule) {
        self.overrides
            .retain(|(k, f, _)| !(*k == kind && *f == Some(frequency)));
        self.overrides.insert(0, (kind, Some(frequency), rule));
    }

    /// The user's overrides, newest frequency-specific first: `(kind,
    /// frequency or every frequency, rule)` (share links carry them).
    pub fn overrides(&self) -> &[(SeriesKind, Option<Frequency>, LagRule)] {
        &self.overrides
    }

    /// Drops every override of `kind`, back to the default.
    pub fn reset(&mut self, kind: SeriesKind) {
        self.overrides.retain(|(k, _, _)| *k != kind);
    }
}

/// The last day of the period a reference date stands for.
fn period_end(reference: NaiveDate, frequency: Frequency) -> NaiveDate {
    let month_end = |year: i32, month: u32| {
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|first| first.checked_add_months(Months::new(1)))
            .and_then(|next| next.pred_opt())
    };
    let end = match frequency {
        Frequency::Monthly => month_end(reference.year(), reference.month()),
        Frequency::Quarterly => {
            let last_month_of_quarter = (reference.month0() / 3) * 3 + 3;
            month_end(reference.year(), last_month_of_quarter)
        }
        Frequency::Daily | Frequency::Weekly | Frequency::Irregular => Some(reference),
    };
    // Only the year 262143 has no following month; keep the date itself.
    end.unwrap_or(reference)
}

/// The estimated date on which the observation for `reference` is first
/// published. Never earlier than `reference` (dates at the end of chrono's
/// range saturate at `NaiveDate::MAX`).
///
/// ```
/// use chrono::NaiveDate;
/// use regime_radar::engine::align::{release_date, PublicationLag};
/// use regime_radar::engine::series::{Frequency, SeriesKind};
///
/// let week_ending = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap_or_default(); // a Saturday
/// let known = release_date(week_ending, SeriesKind::JoblessClaims, Frequency::Weekly,
///                          &PublicationLag::default());
/// assert_eq!(known, NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default()); // Thursday
/// ```
pub fn release_date(
    reference: NaiveDate,
    kind: SeriesKind,
    frequency: Frequency,
    lag: &PublicationLag,
) -> NaiveDate {
    let rule = lag.rule(kind, frequency);
    let earliest = period_end(reference, frequency)
        .checked_add_days(Days::new(u64::from(rule.days_after_period_end)))
        .unwrap_or(NaiveDate::MAX);
    let days_to_release = match rule.release_day {
        ReleaseDay::AnyDay => 0,
        ReleaseDay::Weekday => match earliest.weekday() {
            Weekday::Sat => 2,
            Weekday::Sun => 1,
            _ => 0,
        },
        ReleaseDay::On(weekday) => {
            (weekday.num_days_from_monday() + 7 - earliest.weekday().num_days_from_monday()) % 7
        }
    };
    earliest
        .checked_add_days(Days::new(u64::from(days_to_release)))
        .unwrap_or(NaiveDate::MAX)
}

/// A macro series on a calendar as it was known each day: for every
/// calendar day, the value of the latest observation whose release date is
/// on or before that day (a step function; no interpolation), `None` before
/// the first release.
///
/// Missing observations (FRED's `.`) release nothing: the previous value
/// stays the latest known one, exactly as a reader saw it then. When two
/// observations share a release date, the later reference period wins. The
/// calendar need not be sorted; the output has one entry per calendar day.
///
/// ```
/// use chrono::NaiveDate;
/// use regime_radar::engine::align::{align_as_of_release, PublicationLag};
/// use regime_radar::engine::series::{Frequency, Series, SeriesId, SeriesKind};
///
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
/// let claims = Series::from_values(SeriesId::sanitized("ICSA"), SeriesKind::JoblessClaims,
///     Frequency::Weekly, vec![d(2026, 1, 3), d(2026, 1, 10)], vec![Some(200_000.0), Some(210_000.0)]);
/// let calendar = [d(2026, 1, 12), d(2026, 1, 14), d(2026, 1, 15)];
/// let known = align_as_of_release(&claims, &PublicationLag::default(), &calendar);
/// assert_eq!(known, vec![Some(200_000.0), Some(200_000.0), Some(210_000.0)]);
/// ```
pub fn align_as_of_release(
    macro_series: &Series,
    lag: &PublicationLag,
    calendar: &[NaiveDate],
) -> Column {
    // The one "as known on day t" walk, without the staleness cut.
    Releases::unlimited(macro_series, lag).known(&macro_series.close, &day_numbers(calendar))
}

/// Days after its release that a macro value stays usable: past this the
/// file has stopped updating (or a release is missing) and the rule says
/// `no data` rather than act on a stale number. Generous enough for the
/// 2025 shutdown's late releases (monthly: 75 days).
pub fn max_age_days(frequency: Frequency) -> i64 {
    match frequency {
        Frequency::Daily => 10,
        Frequency::Weekly => 21,
        Frequency::Monthly => 75,
        Frequency::Quarterly => 200,
        Frequency::Irregular => 400,
    }
}

/// The release schedule of a macro series: every defined observation with
/// its estimated release day (the rule of [`release_date`]), sorted by
/// release, then reference. Built once per series and reused for every value
/// derived from it ([`Releases::known`]).
pub(crate) struct Releases {
    /// (release day, reference day, observation index), days from CE.
    points: Vec<(i32, i32, usize)>,
    max_age: i64,
}

impl Releases {
    /// The schedule with the staleness cut of the series' frequency
    /// ([`max_age_days`]): what the rules and the dashboard's macro charts
    /// read, so a chart never shows a value the rules call stale.
    pub(crate) fn new(series: &Series, lags: &PublicationLag) -> Releases {
        Self::with_max_age(series, lags, max_age_days(series.frequency))
    }

    /// The schedule without a staleness cut: the latest release, however
    /// old ([`align_as_of_release`]).
    pub(crate) fn unlimited(series: &Series, lags: &PublicationLag) -> Releases {
        Self::with_max_age(series, lags, i64::MAX)
    }

    fn with_max_age(series: &Series, lags: &PublicationLag, max_age: i64) -> Releases {
        let mut points: Vec<(i32, i32, usize)> = series
            .dates
            .iter()
            .zip(&series.close)
            .enumerate()
            .filter(|(_, (_, raw))| raw.is_some_and(f64::is_finite))
            .map(|(i, (reference, _))| {
                let released = release_date(*reference, series.kind, series.frequency, lags);
                (released.num_days_from_ce(), reference.num_days_from_ce(), i)
            })
            .collect();
        points.sort_unstable();
        Releases { points, max_age }
    }

    /// `derived[i]` (one value per observation) on each calendar day (days
    /// from CE) as it was known: the latest released observation's value,
    /// `None` before the first release, when that release is older than
    /// [`max_age_days`], or when the observation has no derived value.
    pub(crate) fn known(&self, derived: &[Option<f64>], days: &[i32]) -> Vec<Option<f64>> {
        if days.windows(2).all(|w| w[0] <= w[1]) {
            // Sorted calendar (the usual case): one forward walk, O(n + m).
            let mut known = 0;
            days.iter()
                .map(|day| {
                    while self
                        .points
                        .get(known)
                        .is_some_and(|(released, _, _)| released <= day)
                    {
                        known += 1;
                    }
                    self.value_at(derived, *day, known)
                })
                .collect()
        } else {
            days.iter()
                .map(|day| {
                    let known = self
                        .points
                        .partition_point(|(released, _, _)| released <= day);
                    self.value_at(derived, *day, known)
                })
                .collect()
        }
    }

    /// The days from CE outside which nothing is known: the first release,
    /// and the last release plus the staleness cut (`None` without a
    /// release).
    pub(crate) fn known_span(&self) -> Option<(i64, i64)> {
        let (first, _, _) = self.points.first()?;
        let (last, _, _) = self.points.last()?;
        Some((
            i64::from(*first),
            i64::from(*last).saturating_add(self.max_age),
        ))
    }

    /// [`known`](Self::known) on `day` once the first `known` points are
    /// released. A method rather than a closure so that it can be forced
    /// inline: at opt-level "z" the closure stayed a call per session.
    #[inline(always)]
    fn value_at(&self, derived: &[Option<f64>], day: i32, known: usize) -> Option<f64> {
        let (released, _, index) = self.points.get(known.checked_sub(1)?)?;
        if i64::from(day) - i64::from(*released) > self.max_age {
            return None;
        }
        derived
            .get(*index)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }
}

/// Calendar dates as days from CE (what [`Releases::known`] walks).
pub(crate) fn day_numbers(dates: &[NaiveDate]) -> Vec<i32> {
    dates.iter().map(|d| d.num_days_from_ce()).collect()
}
