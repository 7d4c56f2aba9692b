//! How old the loaded data is, measured against today's date (which the
//! caller passes in: the engine has no clock), and whether a series is past
//! its usual update: five sessions for prices, the series' own publication
//! rhythm for macro data (the next observation's release day by the
//! `align` lag rules, plus a few days' grace). Also reads the bundled data's
//! `manifest.json` (where each sample came from and when it was fetched).
//!
//! Invariant: pure arithmetic on dates; a missing or malformed manifest is
//! an error value, never a panic.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Deserialize;
use thiserror::Error;

use crate::engine::align::{max_age_days, release_date, PublicationLag};
use crate::engine::series::{Frequency, Series, SeriesKind};

/// Sessions (weekdays) a price series may miss before it is called stale.
pub const PRICE_STALE_SESSIONS: i64 = 5;

/// How the staleness threshold of a series is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// Prices: stale once more than this many weekday sessions have passed
    /// since the last close (holidays are not modelled).
    Sessions(i64),
    /// Macro data: stale once the age in calendar days is past this (the
    /// next observation's expected release plus grace).
    Days(i64),
}

/// The freshness of one series on `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct Freshness {
    /// The last date with a value.
    pub last_date: NaiveDate,
    /// Whole calendar days from `last_date` to today (negative if the data
    /// is dated after today: a clock or a file from the future).
    pub age_days: i64,
    /// Weekdays after `last_date` up to and including today.
    pub sessions: i64,
    /// The threshold this series is judged by.
    pub threshold: Threshold,
    /// Past the threshold.
    pub stale: bool,
    /// The rhythm in words ("daily prices", "weekly", "monthly", …).
    pub rhythm: &'static str,
}

impl Freshness {
    /// "Data to 2026-06-05 — 185 days old", as the page shows it.
    pub fn sentence(&self) -> String {
        format!("Data to {} — {}", self.last_date, age_words(self.age_days))
    }

    /// Why it is (or is not) stale, in a few words.
    pub fn rule(&self) -> String {
        match self.threshold {
            Threshold::Sessions(n) => format!("{}: stale after {n} sessions", self.rhythm),
            Threshold::Days(n) => format!("{}: stale after {n} days", self.rhythm),
        }
    }
}

/// "today", "1 day old", "185 days old", "dated 3 days ahead".
pub fn age_words(age_days: i64) -> String {
    match age_days {
        0 => "from today".to_string(),
        1 => "1 day old".to_string(),
        n if n < 0 => format!("dated {} days ahead of today", -n),
        n => format!("{n} days old"),
    }
}

/// Weekdays in `(last, today]`.
pub fn weekdays_after(last: NaiveDate, today: NaiveDate) -> i64 {
    let days = (today - last).num_days();
    if days <= 0 {
        return 0;
    }
    let full_weeks = days / 7;
    let mut count = full_weeks * 5;
    let mut day = last
        .checked_add_days(Days::new(u64::try_from(full_weeks * 7).unwrap_or(0)))
        .unwrap_or(today);
    while day < today {
        day = day.succ_opt().unwrap_or(today);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
    }
    count
}

/// The reference date of the observation after `last` at `frequency`.
fn next_reference(last: NaiveDate, frequency: Frequency) -> Option<NaiveDate> {
    match frequency {
        Frequency::Daily => {
            let mut next = last.succ_opt()?;
            while matches!(next.weekday(), Weekday::Sat | Weekday::Sun) {
                next = next.succ_opt()?;
            }
            Some(next)
        }
        Frequency::Weekly => last.checked_add_days(Days::new(7)),
        Frequency::Monthly => last.checked_add_months(Months::new(1)),
        Frequency::Quarterly => last.checked_add_months(Months::new(3)),
        Frequency::Irregular => None,
    }
}

/// Grace after the expected release before a series is called stale:
/// releases slip by a holiday or a few days (the 2025 shutdown by weeks).
fn grace_days(frequency: Frequency) -> i64 {
    match frequency {
        Frequency::Daily => 3,
        Frequency::Weekly => 2,
        Frequency::Monthly => 7,
        Frequency::Quarterly => 14,
        Frequency::Irregular => 0,
    }
}

fn rhythm(kind: SeriesKind, frequency: Frequency) -> &'static str {
    if kind.is_price() {
        return "daily prices";
    }
    match frequency {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::Irregular => "irregular",
    }
}

/// The threshold of a series: [`PRICE_STALE_SESSIONS`] for prices; for
/// macro data the days from its last reference date to the next
/// observation's estimated release (the same [`release_date`] rule the
/// signals use, with the user's lags), plus grace. The recession flag's
/// release lag guards against hindsight (NBER dates turning points months
/// later), not its monthly update, so it is judged as a monthly series
/// ([`max_age_days`]).
pub fn threshold(
    last: NaiveDate,
    kind: SeriesKind,
    frequency: Frequency,
    lags: &PublicationLag,
) -> Threshold {
    if kind.is_price() {
        return Threshold::Sessions(PRICE_STALE_SESSIONS);
    }
    if kind == SeriesKind::Recession {
        return Threshold::Days(max_age_days(Frequency::Monthly));
    }
    match next_reference(last, frequency) {
        Some(next) => {
            let released = release_date(next, kind, frequency, lags);
            Threshold::Days((released - last).num_days() + grace_days(frequency))
        }
        None => Threshold::Days(max_age_days(frequency)),
    }
}

/// The freshness of `series` on `today`; `None` when it has no value.
pub fn series_freshness(
    series: &Series,
    today: NaiveDate,
    lags: &PublicationLag,
) -> Option<Freshness> {
    let (last_date, _) = series.last_observation()?;
    let age_days = (today - last_date).num_days();
    let sessions = weekdays_after(last_date, today);
    let threshold = threshold(last_date, series.kind, series.frequency, lags);
    let stale = match threshold {
        Threshold::Sessions(n) => sessions > n,
        Threshold::Days(n) => age_days > n,
    };
    Some(Freshness {
        last_date,
        age_days,
        sessions,
        threshold,
        stale,
        rhythm: rhythm(series.kind, series.frequency),
    })
}

/// The freshness of the whole view: its data end on the newest price date
/// (the last session the charts and the radar can reach; the newest date
/// of any series when no price is loaded), and it is stale when any of its
/// series is.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewFreshness {
    pub last_date: NaiveDate,
    pub age_days: i64,
    pub stale: bool,
    /// Series past their threshold, of `total`.
    pub stale_count: usize,
    pub total: usize,
}

impl ViewFreshness {
    /// "Data to 2026-06-05 — 185 days old; 9 of 9 series are past their
    /// usual update."
    pub fn sentence(&self) -> String {
        let mut text = format!("Data to {} — {}", self.last_date, age_words(self.age_days));
        if self.stale_count > 0 {
            text.push_str(&format!(
                "; {} of {} series {} past {} usual update — see “Get today's data”",
                self.stale_count,
                self.total,
                if self.stale_count == 1 { "is" } else { "are" },
                if self.stale_count == 1 {
                    "its"
                } else {
                    "their"
                },
            ));
        }
        text
    }
}

/// Combines the lines of every loaded series (`is_price`, freshness).
pub fn view_freshness(lines: &[(bool, Freshness)], today: NaiveDate) -> Option<ViewFreshness> {
    let newest = |prices_only: bool| {
        lines
            .iter()
            .filter(|(price, _)| *price || !prices_only)
            .map(|(_, f)| f.last_date)
            .max()
    };
    let last_date = newest(true).or_else(|| newest(false))?;
    let stale_count = lines.iter().filter(|(_, f)| f.stale).count();
    Some(ViewFreshness {
        last_date,
        age_days: (today - last_date).num_days(),
        stale: stale_count > 0,
        stale_count,
        total: lines.len(),
    })
}

/// `public/data/manifest.json`, written by the refresh tool: per bundled
/// series, where it came from and when it was fetched. Unknown fields are
/// ignored and every field but the file is optional, so an older or newer
/// manifest still reads.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Manifest {
    #[serde(default)]
    pub generated: Option<String>,
    #[serde(default)]
    pub series: BTreeMap<String, ManifestEntry>,
}

/// One series in the manifest.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct ManifestEntry {
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// RFC 3339 time of the download, or `null` (copied by hand).
    #[serde(default)]
    pub fetched: Option<String>,
    #[serde(default)]
    pub first: Option<String>,
    #[serde(default)]
    pub last: Option<String>,
    #[serde(default)]
    pub rows: Option<u64>,
    #[serde(default)]
    pub sha256: Option<String>,
}

/// Why a manifest could not be read.
#[derive(Debug, Error)]
pub enum ManifestError {
    /// Not JSON, or not the manifest's shape.
    #[error("data/manifest.json could not be read: {0}")]
    Malformed(String),
}

impl Manifest {
    /// Parses the manifest's bytes (natively: the refresh tool and the
    /// tests; the page parses it with the browser's `JSON.parse`,
    /// `ui::json`, to keep a JSON crate out of the .wasm).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(bytes: &[u8]) -> Result<Manifest, ManifestError> {
        serde_json::from_slice(bytes).map_err(|e| ManifestError::Malformed(e.to_string()))
    }

    /// The entry of a series id.
    pub fn entry(&self, id: &str) -> Option<&ManifestEntry> {
        self.series.get(id)
    }
}

impl ManifestEntry {
    /// The day of `fetched` (its first ten characters when they are a date).
    pub fn fetched_day(&self) -> Option<NaiveDate> {
        let text = self.fetched.as_deref()?;
        NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
    }

    /// "from FRED (fetched 2026-12-06)", "from Yahoo Finance (copied by hand)".
    pub fn provenance(&self) -> Option<String> {
        let source = self.source.as_deref().filter(|s| !s.trim().is_empty());
        let fetched = match (self.fetched_day(), &self.fetched) {
            (Some(day), _) => format!("fetched {day}"),
            (None, Some(text)) if !text.trim().is_empty() => format!("fetched {}", text.trim()),
            _ => "fetch date unknown".to_string(),
        };
        match source {
            Some(source) => Some(format!("from {} ({fetched})", source.trim())),
            None if self.fetched.is_some() => Some(format!("bundled ({fetched})")),
            None => None,
        }
    }
}
