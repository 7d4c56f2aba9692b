//! One radar run: signals → regime → evidence → targets → read, for the
//! role series as of a date. The UI calls [`compute`] once per change and
//! only formats what it returns.
//!
//! Invariant: everything is computed on the data up to the as-of date (the
//! view a reader had on that day): the price calendar is cut there, macro
//! values are those released by then, evidence episodes and their forward
//! windows end there, targets' odds use only earlier windows.

use chrono::NaiveDate;

use super::calendar::Meeting;
use super::evidence::{judge, EvidenceRow, EvidenceSettings, ForwardColumns, Outcome};
use super::indicators::returns::{trailing_return, ytd_return, WINDOW_3M};
use super::read::{reason, write_read, CommonDate, Read, ReadInputs};
use super::regime::{regime_history, Regime, RegimeHistory, REGIME_TABLE};
use super::series::Series;
use super::series::SeriesKind;
use super::settings::RadarSettings;
use super::signals::{as_known, claims_average_4w, evaluate, RadarInputs, RuleId, Signals, State};
use super::targets::{price_targets, TargetRow};

/// What an evidence row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Rule(RuleId),
    Regime(Regime),
}

impl Subject {
    /// The `data-signal` machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Rule(r) => r.as_str(),
            Subject::Regime(r) => r.as_str(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Subject::Rule(r) => r.label(),
            Subject::Regime(r) => r.label(),
        }
    }

    /// How the read names its episodes ("the 23 earlier overbought episodes").
    pub fn noun(self) -> String {
        match self {
            Subject::Rule(RuleId::OverboughtRsi) => "overbought".to_string(),
            Subject::Rule(RuleId::OversoldRsi) => "oversold".to_string(),
            Subject::Rule(r) => format!("“{}”", r.label()),
            Subject::Regime(r) => format!("“{}” regime", r.label().to_lowercase()),
        }
    }
}

/// One evidence row with what it is about and the series it measures.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceEntry {
    pub subject: Subject,
    /// The `data-series` hook: the small id, the large id, or `small-large`.
    pub series: String,
    pub row: EvidenceRow,
}

/// Everything the radar panels show.
#[derive(Debug, Clone, Default)]
pub struct Radar {
    pub signals: Signals,
    pub regime: RegimeHistory,
    /// The session the page reports on (the as-of date or the last one).
    pub as_of_index: Option<usize>,
    pub evidence: Vec<EvidenceEntry>,
    pub targets: Vec<TargetRow>,
    pub next_fomc: Option<(Meeting, i64)>,
    /// Set when a role's series ends before the date asked for (or before
    /// the others' last date): everything is then as of the last date all
    /// roles share, and this says which series ended first.
    pub common_date: Option<CommonDate>,
    pub read: Read,
}

/// The last date, on or before `as_of`, on which each role has a close;
/// when they differ, the earliest of them with the series it belongs to,
/// and the latest (or `as_of`, if earlier) as the date that was wanted.
/// `None` when the roles agree (or fewer than two are loaded).
pub fn common_date(inputs: &RadarInputs, as_of: Option<NaiveDate>) -> Option<CommonDate> {
    let last_on_or_before = |s: &Series| -> Option<NaiveDate> {
        let upto = as_of.map_or(s.dates.len(), |day| s.dates.partition_point(|d| *d <= day));
        s.dates
            .get(..upto)?
            .iter()
            .zip(&s.close)
            .rev()
            .find_map(|(d, c)| c.map(|_| *d))
    };
    let lasts: Vec<(&Series, NaiveDate)> = [inputs.small, inputs.large, inputs.growth]
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s, last_on_or_before(s)?)))
        .collect();
    let (first, date) = lasts.iter().min_by_key(|(_, d)| *d).copied()?;
    let latest = lasts.iter().map(|(_, d)| *d).max()?;
    (date < latest).then(|| CommonDate {
        series: first.name.clone(),
        date,
        wanted: as_of.map_or(latest, |a| a.min(latest)),
    })
}

impl Radar {
    /// The as-of session's date.
    pub fn as_of_date(&self) -> Option<NaiveDate> {
        self.as_of_index
            .and_then(|i| self.signals.frame.dates.get(i).copied())
    }

    /// The regime on the as-of session.
    pub fn current_regime(&self) -> Option<Regime> {
        self.as_of_index
            .and_then(|i| self.regime.at(i))
            .map(|d| d.regime)
    }

    /// What the regime badge says on the as-of session: the regime, the
    /// date, why (the firing rules, those of the regime's table row first)
    /// and whether the dwell held it. The page's badge and the first paint
    /// written into index.html both show this.
    pub fn badge(&self) -> Badge {
        let day = self.as_of_index.and_then(|i| self.regime.at(i));
        let row = day
            .filter(|d| d.regime == d.candidate)
            .and_then(|d| d.row)
            .and_then(|i| REGIME_TABLE.get(i));
        let mut reasons = Vec::new();
        if let Some(index) = self.as_of_index {
            let in_row = |id| row.is_some_and(|row| row.all.contains(&id) || row.any.contains(&id));
            let mut firing: Vec<_> = self
                .signals
                .rules
                .iter()
                .filter(|rule| rule.day(index).state == State::Firing)
                .collect();
            firing.sort_by_key(|rule| !in_row(rule.rule));
            reasons = firing
                .into_iter()
                .map(|rule| (in_row(rule.rule), reason(rule, rule.day(index))))
                .collect();
        }
        Badge {
            regime: self.current_regime().unwrap_or(Regime::NoData),
            date: self.as_of_date(),
            held_from: day.filter(|d| d.regime != d.candidate).map(|d| d.candidate),
            reasons,
        }
    }
}

/// The regime badge of one run ([`Radar::badge`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Badge {
    pub regime: Regime,
    pub date: Option<NaiveDate>,
    /// The regime today alone would read, when the dwell holds the old one.
    pub held_from: Option<Regime>,
    /// The firing rules' reasons; `true`: the rule is in the regime's row.
    pub reasons: Vec<(bool, String)>,
}

fn cut<'a>(
    series: &'a Series,
    column: &'a [Option<f64>],
    until: Option<NaiveDate>,
) -> &'a [Option<f64>] {
    let upto = until.map_or(column.len(), |d| series.dates.partition_point(|x| *x <= d));
    column.get(..upto).unwrap_or(column)
}

/// The `data-series` value of an outcome.
fn outcome_series(outcome: Outcome, small: &str, large: &str) -> String {
    match outcome {
        Outcome::Small => small.to_string(),
        Outcome::Large => large.to_string(),
        Outcome::Spread => format!("{small}-{large}"),
    }
}

/// The headline signal of the read: the overbought / oversold rule when it
/// fires (the article's warning), else the regime in force.
fn headline(radar: &Radar, index: usize) -> Subject {
    for rule in [RuleId::OverboughtRsi, RuleId::OversoldRsi] {
        if radar.signals.state(rule, index) == super::signals::State::Firing {
            return Subject::Rule(rule);
        }
    }
    Subject::Regime(radar.current_regime().unwrap_or(Regime::Mixed))
}

/// Runs the radar on `inputs` as of `as_of` (`None`: the last session).
pub fn compute(inputs: &RadarInputs, settings: &RadarSettings, as_of: Option<NaiveDate>) -> Radar {
    compute_timed(inputs, settings, as_of, &mut |_| {})
}

/// [`compute`], calling `lap(phase)` after each phase (`signals`, `regime`,
/// `evidence`, `targets`, `read`) so a caller with a clock can time them
/// (the page's timing harness); the engine itself reads no clock.
pub fn compute_timed(
    inputs: &RadarInputs,
    settings: &RadarSettings,
    as_of: Option<NaiveDate>,
    lap: &mut dyn FnMut(&'static str),
) -> Radar {
    // One date for every comparison: the last one all roles have data for.
    let common_date = common_date(inputs, as_of);
    let as_of = common_date.as_ref().map(|c| c.date).or(as_of);
    let signals = evaluate(inputs, settings, as_of);
    lap("signals");
    let regime = regime_history(&signals, settings);
    lap("regime");
    let as_of_index = signals.frame.len().checked_sub(1);
    let small_id = inputs
        .small
        .map_or("small".to_string(), |s| s.id.to_string());
    let large_id = inputs
        .large
        .map_or("large".to_string(), |s| s.id.to_string());

    let evidence_settings = EvidenceSettings {
        min_gap: settings.evidence_gap,
        fdr: settings.evidence_fdr / 100.0,
        ..EvidenceSettings::default()
    };
    let outcome = settings.evidence_outcome;
    // Only the outcome on show: each column is a pass over every session.
    let columns = ForwardColumns::for_outcomes(
        &signals.frame.small,
        &signals.frame.large,
        &evidence_settings,
        &[outcome],
    );
    let series_hook = outcome_series(outcome, &small_id, &large_id);
    let mut evidence = Vec::new();
    let mut push = |subject: Subject, states: Vec<Option<bool>>| {
        for row in columns.rows_for(&states, outcome) {
            evidence.push(EvidenceEntry {
                subject,
                series: series_hook.clone(),
                row,
            });
        }
    };
    for rule in &signals.rules {
        push(Subject::Rule(rule.rule), rule.firing_column());
    }
    for r in Regime::ALL.iter().filter(|r| **r != Regime::NoData) {
        push(Subject::Regime(*r), regime.firing_column(*r));
    }
    // Every row on screen is one family of tests: the false-discovery
    // control runs over all of them at once.
    judge(evidence.iter_mut().map(|e| &mut e.row), &evidence_settings);

    lap("evidence");
    let targets = match inputs.small {
        Some(small) => price_targets(
            cut(small, &small.close, as_of),
            small.high.as_deref().map(|h| cut(small, h, as_of)),
            small.low.as_deref().map(|l| cut(small, l, as_of)),
            settings.target_reference,
            &settings.target_pcts,
            settings.target_horizon,
            settings.target_basis,
            settings.target_vol_window,
        ),
        None => Vec::new(),
    };

    lap("targets");
    let as_of_date = as_of_index.and_then(|i| signals.frame.dates.get(i).copied());
    let next_fomc = match (inputs.fomc, as_of_date) {
        (Some(c), Some(d)) if c.covers(d) => c.next_meeting(d),
        _ => None,
    };

    let mut radar = Radar {
        signals,
        regime,
        as_of_index,
        evidence,
        targets,
        next_fomc,
        common_date,
        read: Read::default(),
    };
    radar.read = read_of(&radar, inputs, as_of);
    lap("read");
    radar
}

fn read_of(radar: &Radar, inputs: &RadarInputs, as_of: Option<NaiveDate>) -> Read {
    let Some(index) = radar.as_of_index else {
        return write_read(&ReadInputs::default());
    };
    let date = radar.as_of_date();
    // YTD and 63-session returns of a role on its own observations up to
    // the as-of date: the metrics table's `ret_ytd` / `ret_3m`.
    let returns = |s: Option<&Series>| -> (Option<f64>, Option<f64>) {
        let (Some(s), Some(day)) = (s, date) else {
            return (None, None);
        };
        let upto = s.dates.partition_point(|d| *d <= day);
        let closes = &s.close[..upto.min(s.close.len())];
        // Both returns skip missing closes themselves, so they read the
        // columns as they are (no copy of the defined observations).
        let Some(last) = closes.iter().rposition(Option::is_some) else {
            return (None, None);
        };
        (
            ytd_return(&s.dates, closes, last),
            trailing_return(closes, last, WINDOW_3M),
        )
    };
    let (small_ytd, small_3m) = returns(inputs.small);
    let (large_ytd, _) = returns(inputs.large);
    let (_, growth_3m) = returns(inputs.growth);
    let headline = headline(radar, index);
    let evidence = radar
        .evidence
        .iter()
        .find(|e| e.subject == headline && e.row.horizon == 21)
        .map(|e| {
            // The base the row was measured against, in the subject's words.
            let base = match e.subject {
                Subject::Rule(_) => "on the rule's quiet days",
                Subject::Regime(_) => "on the days in other regimes",
            };
            (e.subject.noun(), base, &e.row)
        });
    let data_last = [inputs.small, inputs.large, inputs.growth]
        .iter()
        .flatten()
        .filter_map(|s| s.last_observation().map(|(d, _)| d))
        .max();
    let name = |s: Option<&Series>, role: &str| s.map_or(role.to_string(), |s| s.name.clone());
    write_read(&ReadInputs {
        small: name(inputs.small, "small"),
        large: name(inputs.large, "large"),
        growth: name(inputs.growth, "growth"),
        small_ytd,
        large_ytd,
        small_3m,
        growth_3m,
        rules: radar
            .signals
            .rules
            .iter()
            .map(|r| (r, r.day(index)))
            .collect(),
        claims_average_4w: inputs
            .macro_of(SeriesKind::JoblessClaims)
            .and_then(|claims| {
                let day = date?;
                as_known(claims, &claims_average_4w(claims), &inputs.lags, &[day])
                    .first()
                    .copied()
                    .flatten()
            }),
        regime: radar.current_regime(),
        evidence,
        targets: &radar.targets,
        fomc: radar.next_fomc.map(|(m, days)| (m.end, days)),
        data_last,
        as_of: as_of.or(date),
        common_date: radar.common_date.clone(),
    })
}
