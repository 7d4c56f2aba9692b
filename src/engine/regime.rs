//! The regime: one label per session from a deterministic decision table
//! over the signals, with an optional minimum dwell so one session's
//! flicker does not flip it, and the run-length history of dated episodes.
//!
//! Invariant: the regime on session *t* depends only on the signal states
//! of sessions `..=t` (the table reads session *t*; the dwell reads the
//! sessions before it), so it inherits the signals' no-look-ahead property.
//! The table is data ([`REGIME_TABLE`]): docs/rules.md prints it and the
//! page shows which row matched.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::settings::RadarSettings;
use super::signals::{RuleId, Signals, State};

/// The regimes, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Regime {
    LabourStress,
    GrowthScare,
    LeadershipCrowded,
    NarrowRally,
    SmallLeadership,
    LargeLeadership,
    Mixed,
    NoData,
}

impl Regime {
    /// Every regime (evidence rows, legend).
    pub const ALL: [Regime; 8] = [
        Regime::LabourStress,
        Regime::GrowthScare,
        Regime::LeadershipCrowded,
        Regime::NarrowRally,
        Regime::SmallLeadership,
        Regime::LargeLeadership,
        Regime::Mixed,
        Regime::NoData,
    ];

    /// The `data-regime` machine name.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::LabourStress => "labour_stress",
            Regime::GrowthScare => "growth_scare",
            Regime::LeadershipCrowded => "leadership_crowded",
            Regime::NarrowRally => "narrow_rally",
            Regime::SmallLeadership => "small_leadership",
            Regime::LargeLeadership => "large_leadership",
            Regime::Mixed => "mixed",
            Regime::NoData => "no_data",
        }
    }

    /// The badge text.
    pub fn label(self) -> &'static str {
        match self {
            Regime::LabourStress => "Labour stress",
            Regime::GrowthScare => "Growth scare",
            Regime::LeadershipCrowded => "Leadership, overbought (crowded)",
            Regime::NarrowRally => "Narrow rally",
            Regime::SmallLeadership => "Small-cap leadership",
            Regime::LargeLeadership => "Large-cap leadership",
            Regime::Mixed => "Mixed",
            Regime::NoData => "No data",
        }
    }

    /// The regime with this machine name.
    pub fn parse(name: &str) -> Option<Regime> {
        Regime::ALL.iter().copied().find(|r| r.as_str() == name)
    }
}

/// One row of the decision table: the regime holds on a session when every
/// rule in `all` fires, at least one in `any` fires (or `any` is empty) and
/// none in `none` fires. Rules excluded in the settings count as not firing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegimeRow {
    pub regime: Regime,
    pub all: &'static [RuleId],
    pub any: &'static [RuleId],
    pub none: &'static [RuleId],
}

/// The decision table, read top to bottom: the first row that holds names
/// the session's regime; when none holds the regime is `mixed`, and when
/// none of the price rules (`leadership_3m`, `leadership_ytd`,
/// `overbought_rsi`) has data on the session it is `no_data`.
pub const REGIME_TABLE: &[RegimeRow] = &[
    RegimeRow {
        regime: Regime::LabourStress,
        all: &[RuleId::LabourSahm],
        any: &[],
        none: &[],
    },
    RegimeRow {
        regime: Regime::LabourStress,
        all: &[RuleId::LabourClaimsVsLow, RuleId::LabourClaimsYoy],
        any: &[],
        none: &[],
    },
    RegimeRow {
        regime: Regime::GrowthScare,
        all: &[RuleId::GrowthGdpnowWeak],
        any: &[],
        none: &[],
    },
    RegimeRow {
        regime: Regime::GrowthScare,
        all: &[RuleId::ConsumerRetail, RuleId::ConsumerPce],
        any: &[],
        none: &[],
    },
    RegimeRow {
        regime: Regime::LeadershipCrowded,
        all: &[RuleId::Crowded],
        any: &[RuleId::LeadershipYtd, RuleId::Leadership3m],
        none: &[],
    },
    RegimeRow {
        regime: Regime::NarrowRally,
        all: &[RuleId::Narrow3m],
        any: &[RuleId::LeadershipYtd, RuleId::Leadership3m],
        none: &[],
    },
    RegimeRow {
        regime: Regime::SmallLeadership,
        all: &[RuleId::Leadership3m],
        any: &[RuleId::LeadershipYtd, RuleId::LeadershipRatioMa],
        none: &[],
    },
    RegimeRow {
        regime: Regime::LargeLeadership,
        all: &[RuleId::LeadershipLarge3m],
        any: &[],
        none: &[RuleId::LeadershipRatioMa],
    },
];

/// The regime of one session and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegimeDay {
    /// The regime in force (after the dwell).
    pub regime: Regime,
    /// What the table says for this session alone.
    pub candidate: Regime,
    /// Index into [`REGIME_TABLE`] of the row that matched the candidate.
    pub row: Option<usize>,
}

/// A run of sessions in one regime (for shading and the change log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Episode {
    pub regime: Regime,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub start_index: usize,
    pub end_index: usize,
}

impl Episode {
    pub fn sessions(&self) -> usize {
        self.end_index + 1 - self.start_index
    }
}

/// The regime of every session and its run-length history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegimeHistory {
    pub days: Vec<RegimeDay>,
    pub episodes: Vec<Episode>,
}

impl RegimeHistory {
    /// The regime on session `index`.
    pub fn at(&self, index: usize) -> Option<RegimeDay> {
        self.days.get(index).copied()
    }

    /// `Some(true)` on sessions in `regime`, `Some(false)` otherwise,
    /// `None` on no-data sessions (the evidence's input).
    pub fn firing_column(&self, regime: Regime) -> Vec<Option<bool>> {
        self.firing(regime).collect()
    }

    /// [`firing_column`](Self::firing_column) without the copy.
    pub fn firing(&self, regime: Regime) -> impl Iterator<Item = Option<bool>> + '_ {
        self.days.iter().map(move |d| match d.regime {
            Regime::NoData => None,
            r => Some(r == regime),
        })
    }
}

/// A set of rules, one bit per rule (`1 << rule as usize`).
type RuleSet = u64;

// Every rule must have its own bit.
const _: () = assert!(RuleId::ALL.len() <= RuleSet::BITS as usize);

fn rule_set(rules: &[RuleId]) -> RuleSet {
    rules.iter().fold(0, |set, rule| set | 1 << *rule as usize)
}

/// The rules firing on every session, excluded rules never firing: the
/// table's input, built once so that classifying a session is a few mask
/// tests instead of ~20 lookups.
struct Firing {
    firing: Vec<RuleSet>,
    priced: Vec<bool>,
    /// [`REGIME_TABLE`]'s rows as `(all, any, none)` sets.
    rows: Vec<(RuleSet, RuleSet, RuleSet)>,
}

impl Firing {
    fn new(signals: &Signals, settings: &RadarSettings) -> Firing {
        let n = signals.frame.len();
        let mut firing: Vec<RuleSet> = vec![0; n];
        for rule in RuleId::ALL.iter().filter(|rule| settings.counts(**rule)) {
            let Some(series) = signals.rule(*rule) else {
                continue;
            };
            let bit = rule_set(&[*rule]);
            for (set, day) in firing.iter_mut().zip(&series.days) {
                if day.state == State::Firing {
                    *set |= bit;
                }
            }
        }
        let mut priced = vec![false; n];
        for rule in [
            RuleId::Leadership3m,
            RuleId::LeadershipYtd,
            RuleId::OverboughtRsi,
        ] {
            let Some(series) = signals.rule(rule) else {
                continue;
            };
            for (has_data, day) in priced.iter_mut().zip(&series.days) {
                *has_data |= day.state != State::NoData;
            }
        }
        let rows = REGIME_TABLE
            .iter()
            .map(|row| (rule_set(row.all), rule_set(row.any), rule_set(row.none)))
            .collect();
        Firing {
            firing,
            priced,
            rows,
        }
    }

    fn classify(&self, index: usize) -> (Regime, Option<usize>) {
        if !self.priced.get(index).copied().unwrap_or(false) {
            return (Regime::NoData, None);
        }
        let set = self.firing.get(index).copied().unwrap_or(0);
        for (i, (row, (all, any, none))) in REGIME_TABLE.iter().zip(&self.rows).enumerate() {
            // An empty `any` is the empty set: no rule is required.
            if set & all == *all && (*any == 0 || set & any != 0) && set & none == 0 {
                return (row.regime, Some(i));
            }
        }
        (Regime::Mixed, None)
    }
}

/// The table's verdict for one session, and the row that gave it (builds
/// the flags of every session: for many sessions use [`regime_history`]).
pub fn classify(
    signals: &Signals,
    settings: &RadarSettings,
    index: usize,
) -> (Regime, Option<usize>) {
    Firing::new(signals, settings).classify(index)
}

/// The regime of every session: the table's candidate, held back until it
/// has been the candidate for `settings.regime_dwell` sessions running
/// (1 = no dwell). No-data sessions are no data at once.
pub fn regime_history(signals: &Signals, settings: &RadarSettings) -> RegimeHistory {
    let n = signals.frame.len();
    let dwell = settings.regime_dwell.max(1);
    let firing = Firing::new(signals, settings);
    let mut days = Vec::with_capacity(n);
    let mut current: Option<Regime> = None;
    let mut run: (Option<Regime>, usize) = (None, 0);
    for index in 0..n {
        let (candidate, row) = firing.classify(index);
        run = if run.0 == Some(candidate) {
            (run.0, run.1 + 1)
        } else {
            (Some(candidate), 1)
        };
        let regime = if candidate == Regime::NoData {
            Regime::NoData
        } else {
            match current {
                None | Some(Regime::NoData) => candidate,
                Some(_) if run.1 >= dwell => candidate,
                Some(held) => held,
            }
        };
        current = Some(regime);
        days.push(RegimeDay {
            regime,
            candidate,
            row,
        });
    }
    let episodes = episodes_of(&days, &signals.frame.dates);
    RegimeHistory { days, episodes }
}

/// Run-length encoding of the regimes, with dates.
fn episodes_of(days: &[RegimeDay], dates: &[NaiveDate]) -> Vec<Episode> {
    let mut episodes: Vec<Episode> = Vec::new();
    for (index, (day, date)) in days.iter().zip(dates).enumerate() {
        match episodes.last_mut() {
            Some(last) if last.regime == day.regime => {
                last.end = *date;
                last.end_index = index;
            }
            _ => episodes.push(Episode {
                regime: day.regime,
                start: *date,
                end: *date,
                start_index: index,
                end_index: index,
            }),
        }
    }
    episodes
}
