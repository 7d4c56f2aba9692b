//! Every user parameter of the radar (signals, regime, evidence, targets) in
//! one serde type with validated ranges, and a table of specs that the rules
//! editor, the share link's keys and docs/rules.md read.
//!
//! Adding a setting is one row in the `radar_settings!` table below (field,
//! type, default, link key, label, unit, group, range, help) plus the code
//! that uses it: the row declares the field, its default, its spec, and how
//! `get` and `set` read and write it (through [`SettingValue`]).
//! `tests/settings.rs` checks that every field has a row and that every
//! row round-trips through its text and the share link.
//!
//! Invariant: a `RadarSettings` only ever holds values inside the ranges of
//! [`SETTINGS`]: [`RadarSettings::set`] refuses anything else with a message
//! naming the setting, its range and the value, and leaves the setting as it
//! was. Thresholds are stored in the units the page shows (percent points,
//! RSI points, persons), and converted where a rule uses them.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::evidence::Outcome;
use super::resample::Timeframe;
use super::rule_id::RuleId;
use super::targets::{parse_pcts, ReachBasis, DEFAULT_HORIZON, DEFAULT_TARGET_PCTS};
use crate::format::{number_text, parse_number};

/// The kind of value a setting takes, with its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SettingKind {
    Int {
        min: i64,
        max: i64,
    },
    Float {
        min: f64,
        max: f64,
    },
    /// Comma-separated percents (`7,12.2,16.9`).
    Percents,
    /// A positive level, or empty for "automatic".
    OptionalLevel,
    /// One of a fixed list of choices (the `<select>` options).
    Choice(&'static [&'static str]),
}

/// Which editor section a setting belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingGroup {
    Technical,
    Leadership,
    Macro,
    Regime,
    Evidence,
    Targets,
    /// The dashboard's studies and bar length (the rules do not read them).
    Charts,
}

impl SettingGroup {
    pub const ALL: [SettingGroup; 7] = [
        SettingGroup::Technical,
        SettingGroup::Leadership,
        SettingGroup::Macro,
        SettingGroup::Regime,
        SettingGroup::Evidence,
        SettingGroup::Targets,
        SettingGroup::Charts,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SettingGroup::Technical => "Overbought / trend",
            SettingGroup::Leadership => "Leadership and breadth",
            SettingGroup::Macro => "Macro",
            SettingGroup::Regime => "Regime",
            SettingGroup::Evidence => "Evidence",
            SettingGroup::Targets => "Targets",
            SettingGroup::Charts => "Charts",
        }
    }
}

/// One editable setting: its `data-setting` name, label, unit and range,
/// and how to read and write its field.
#[derive(Debug, Clone, Copy)]
pub struct SettingSpec {
    pub name: &'static str,
    /// The short share-link key (`rsi=14`).
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub group: SettingGroup,
    pub kind: SettingKind,
    pub help: &'static str,
    /// The field's value as the editor shows it.
    pub get: fn(&RadarSettings) -> String,
    /// Parses and validates `text` into the field; on error the field is
    /// unchanged.
    pub set: fn(&mut RadarSettings, &SettingSpec, &str) -> Result<(), SettingError>,
}

const fn int(min: i64, max: i64) -> SettingKind {
    SettingKind::Int { min, max }
}
const fn float(min: f64, max: f64) -> SettingKind {
    SettingKind::Float { min, max }
}

/// Declares [`RadarSettings`] (one field per row, plus the rule toggles),
/// its `Default`, and [`SETTINGS`] (one spec per row, in editor and link
/// order) whose `get` / `set` read and write that field.
macro_rules! radar_settings {
    ($(
        $(#[doc = $doc:literal])*
        $field:ident: $ty:ty = $default:expr,
            key $key:literal, $label:literal, $unit:literal, $group:ident, $kind:expr,
            $help:literal;
    )*) => {
        /// The radar's parameters. `Default` is the documented default of
        /// each setting (see [`SETTINGS`] and `docs/rules.md`).
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct RadarSettings {
            $($(#[doc = $doc])* pub $field: $ty,)*
            /// Rules left out of the regime table (their signals still
            /// show); set as `rule_<machine name>` = `on` / `off`.
            pub excluded_rules: Vec<RuleId>,
        }

        impl Default for RadarSettings {
            fn default() -> Self {
                RadarSettings {
                    $($field: $default,)*
                    excluded_rules: Vec::new(),
                }
            }
        }

        /// Every numeric / text setting, in editor order. Rule toggles
        /// (`rule_<machine name>`, `on`/`off`) come on top of these.
        pub const SETTINGS: &[SettingSpec] = &[$(
            SettingSpec {
                name: stringify!($field),
                key: $key,
                label: $label,
                unit: $unit,
                group: SettingGroup::$group,
                kind: $kind,
                help: $help,
                get: |s| SettingValue::show(&s.$field),
                set: |s, spec, text| {
                    let kept = SettingValue::show(&s.$field);
                    s.$field = SettingValue::read(spec, text, kept)?;
                    Ok(())
                },
            },
        )*];
    };
}

radar_settings! {
    rsi_period: usize = 14,
        key "rsi", "RSI period", "sessions", Technical, int(2, 100),
        "Wilder RSI period; the metric is named rsi<N>.";
    rsi_overbought: f64 = 70.0,
        key "ob", "RSI overbought at", "", Technical, float(50.0, 100.0),
        "RSI at or above this is overbought (70 is Wilder's band).";
    rsi_oversold: f64 = 30.0,
        key "os", "RSI oversold at", "", Technical, float(0.0, 50.0),
        "RSI at or below this is oversold (30).";
    sma_fast: usize = 50,
        key "fast", "Fast SMA", "sessions", Technical, int(2, 250),
        "Moving average the small/large ratio is compared with (leadership_ratio_ma).";
    sma_slow: usize = 200,
        key "slow", "Slow SMA", "sessions", Technical, int(5, 400),
        "Trend line: close above it is an uptrend (200).";
    /// Window of the z-score of the distance above the slow SMA, sessions.
    zscore_window: usize = 252,
        key "zwin", "Stretch z-score window", "sessions", Technical, int(20, 1000),
        "Window of the z-score of the distance above the slow SMA.";
    zscore_threshold: f64 = 2.0,
        key "z", "Stretched at z ≥", "σ", Technical, float(0.5, 5.0),
        "z-score of the distance above the slow SMA that counts as stretched.";
    /// How many of the three stretch signals make the trade "crowded".
    crowded_min: usize = 2,
        key "crowd", "Crowded when", "of 3", Technical, int(1, 3),
        "How many of overbought RSI, stretched z-score and narrow rally make the trade crowded.";
    /// Small − large YTD return spread that counts as leadership, percent points.
    leadership_ytd: f64 = 2.0,
        key "lytd", "Leadership, YTD spread ≥", "pts", Leadership, float(-50.0, 50.0),
        "Small minus large YTD return, percent points.";
    /// Small − large 63-session return spread that counts as leadership, percent points.
    leadership_3m: f64 = 2.0,
        key "l3m", "Leadership, 63-session spread ≥", "pts", Leadership, float(-50.0, 50.0),
        "Small minus large 63-session return, percent points (large-cap leadership at the mirror value).";
    /// Small − growth 63-session spread beyond which the rally is "narrow", points.
    narrow_3m: f64 = 4.0,
        key "narrow", "Narrow rally, small − growth ≥", "pts", Leadership, float(-50.0, 50.0),
        "Small minus growth 63-session return, percent points (the article: +8 % vs +3.6 %).";
    /// Sessions over which flows are summed for the rotation rule.
    flows_window: usize = 252,
        key "fwin", "Flows window", "sessions", Leadership, int(5, 1260),
        "Sessions over which loaded flows are summed.";
    gdpnow_strong: f64 = 3.0,
        key "gdphi", "GDPNow strong at ≥", "%", Macro, float(-10.0, 15.0),
        "Nowcast, % SAAR, as known on the day.";
    gdpnow_weak: f64 = 1.0,
        key "gdplo", "GDPNow weak below", "%", Macro, float(-10.0, 15.0),
        "Nowcast below this is a growth scare.";
    /// A fall of GDPNow by at least this many points from the previous print.
    gdpnow_drop: f64 = 1.0,
        key "gdpdrop", "GDPNow falling by ≥", "pts", Macro, float(0.1, 10.0),
        "Drop from the previous print.";
    /// 3-month annualised consumer growth below this (%) = weakening.
    consumer_growth: f64 = 0.0,
        key "cons", "Consumer weakening below", "% ann.", Macro, float(-20.0, 20.0),
        "3-month annualised growth of retail sales / PCE.";
    sahm_threshold: f64 = 0.5,
        key "sahm", "Sahm rule at ≥", "pts", Macro, float(0.1, 2.0),
        "3-month average unemployment minus its lowest 3-month average of the prior 12 months.";
    /// Claims 4-week average above its 52-week low by at least this, %.
    claims_vs_low: f64 = 15.0,
        key "cllow", "Claims above 52-week low by ≥", "%", Macro, float(1.0, 100.0),
        "4-week average vs its 52-week low (analysts use 10–15 %).";
    /// Claims 4-week average up year on year by more than this, %.
    claims_yoy: f64 = 12.5,
        key "clyoy", "Claims up year on year by >", "%", Macro, float(1.0, 100.0),
        "4-week average vs a year earlier.";
    /// Latest claims print above this level, persons.
    claims_level: f64 = 198_000.0,
        key "cllvl", "Claims print above", "persons", Macro, float(50_000.0, 10_000_000.0),
        "The article's 198,000.";
    /// Fed funds change (points) over 3 / 6 months that counts as easing or tightening.
    fedfunds_change: f64 = 0.25,
        key "ff", "Fed funds move of ≥", "pts", Macro, float(0.05, 5.0),
        "Change over 3 / 6 months that counts as easing or tightening.";
    /// "FOMC soon": the next scheduled decision within this many days.
    fomc_days: i64 = 14,
        key "fomc", "FOMC soon within", "days", Macro, int(1, 120),
        "Days to the next scheduled decision.";
    /// Sessions a new regime must hold before it replaces the current one.
    regime_dwell: usize = 1,
        key "dwell", "Regime dwell", "sessions", Regime, int(1, 63),
        "A new regime must hold this many sessions before it replaces the current one (1 = no dwell).";
    /// Quiet sessions before a firing run counts as a new episode.
    evidence_gap: usize = 21,
        key "gap", "Episode gap", "sessions", Evidence, int(1, 252),
        "Quiet sessions before a firing run counts as a new episode.";
    /// False-discovery level over the evidence table's judged rows, %.
    evidence_fdr: f64 = 10.0,
        key "fdr", "False discoveries at most", "%", Evidence, float(1.0, 50.0),
        "Benjamini–Hochberg level over every judged row of the table: an edge needs q at or below it.";
    /// Which forward return the evidence table shows.
    evidence_outcome: Outcome = Outcome::Spread,
        key "out", "Outcome", "", Evidence, SettingKind::Choice(&["spread", "small", "large"]),
        "Forward return the evidence table shows: small minus large, small, or large.";
    /// Target advances, as fractions (0.07 = +7 %).
    target_pcts: Vec<f64> = DEFAULT_TARGET_PCTS.to_vec(),
        key "tgt", "Targets", "%", Targets, SettingKind::Percents,
        "Comma-separated advances from the reference (7,12.2,16.9).";
    /// The level targets are measured from (`None`: the small series' last close).
    target_reference: Option<f64> = None,
        key "ref", "Reference level", "", Targets, SettingKind::OptionalLevel,
        "Empty: the small series' last close on the as-of date.";
    target_horizon: usize = DEFAULT_HORIZON,
        key "hz", "Horizon", "sessions", Targets, int(1, 756),
        "Window in which a target must be reached.";
    target_basis: ReachBasis = ReachBasis::Close,
        key "basis", "Reached on", "", Targets, SettingKind::Choice(&["close", "high"]),
        "Close, or the intraday high/low when the file has one.";
    /// Sessions of daily log returns behind the lognormal odds.
    target_vol_window: usize = 63,
        key "volwin", "Volatility window", "sessions", Targets, int(5, 1260),
        "Daily log returns behind the lognormal odds.";
    /// MACD's fast EMA period, bars (TA-Lib `MACD`).
    macd_fast: usize = 12,
        key "macdf", "MACD fast EMA", "bars", Charts, int(2, 200),
        "Fast EMA of the MACD line (12); at most the slow period.";
    /// MACD's slow EMA period, bars.
    macd_slow: usize = 26,
        key "macds", "MACD slow EMA", "bars", Charts, int(2, 400),
        "Slow EMA of the MACD line (26).";
    /// MACD's signal EMA period, bars.
    macd_signal: usize = 9,
        key "macdg", "MACD signal EMA", "bars", Charts, int(1, 200),
        "EMA of the MACD line; the histogram is MACD minus signal (9).";
    /// Bollinger Bands' window, bars (TA-Lib `BBANDS`, SMA middle band).
    bb_period: usize = 20,
        key "bb", "Bollinger period", "bars", Charts, int(2, 400),
        "Window of the middle band (an SMA) and of the standard deviation (20).";
    /// Bollinger Bands' width in population standard deviations.
    bb_k: f64 = 2.0,
        key "bbk", "Bollinger width", "σ", Charts, float(0.1, 5.0),
        "Bands at the middle ± this many population standard deviations (2).";
    /// ATR's Wilder period, bars (TA-Lib `ATR`).
    atr_period: usize = 14,
        key "atr", "ATR period", "bars", Charts, int(1, 200),
        "Wilder average of the true range; needs high and low columns (14).";
    /// The dashboard's bar length; the radar's rules stay on daily sessions.
    timeframe: Timeframe = Timeframe::Daily,
        key "tf", "Chart bars", "", Charts, SettingKind::Choice(&["d", "w", "m"]),
        "Daily, weekly or monthly bars for the charts, studies and table view (d, w, m); the radar's rules stay daily.";
}

/// The spec of a setting by its `data-setting` name.
pub fn spec(name: &str) -> Option<&'static SettingSpec> {
    SETTINGS.iter().find(|s| s.name == name)
}

/// The spec of a setting by its share-link key.
pub fn spec_by_key(key: &str) -> Option<&'static SettingSpec> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// Why a setting was not changed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SettingError {
    #[error("There is no setting named \"{0}\".")]
    Unknown(String),
    #[error("{label}: \"{value}\" is not a number.")]
    NotANumber { label: String, value: String },
    #[error("{label}: {value} is outside {min}–{max}; the setting keeps {kept}.")]
    OutOfRange {
        label: String,
        value: String,
        min: String,
        max: String,
        kept: String,
    },
    #[error("{label}: \"{value}\" is not one of {choices}.")]
    NotAChoice {
        label: String,
        value: String,
        choices: String,
    },
    #[error("{label}: {reason}")]
    Invalid { label: String, reason: String },
}

fn parse_int(
    spec: &SettingSpec,
    text: &str,
    min: i64,
    max: i64,
    kept: String,
) -> Result<i64, SettingError> {
    let value: i64 = text.trim().parse().map_err(|_| SettingError::NotANumber {
        label: spec.label.to_string(),
        value: text.trim().to_string(),
    })?;
    if value < min || value > max {
        return Err(SettingError::OutOfRange {
            label: spec.label.to_string(),
            value: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
            kept,
        });
    }
    Ok(value)
}

fn parse_float(
    spec: &SettingSpec,
    text: &str,
    min: f64,
    max: f64,
    kept: String,
) -> Result<f64, SettingError> {
    let value = parse_number(text).ok_or_else(|| SettingError::NotANumber {
        label: spec.label.to_string(),
        value: text.trim().to_string(),
    })?;
    if value < min || value > max {
        return Err(SettingError::OutOfRange {
            label: spec.label.to_string(),
            value: number_text(text),
            min: format!("{min}"),
            max: format!("{max}"),
            kept,
        });
    }
    Ok(value)
}

/// The choice `text` names, from the spec's list (case-insensitive).
fn choose(spec: &SettingSpec, text: &str) -> Result<&'static str, SettingError> {
    let choices: &[&'static str] = match spec.kind {
        SettingKind::Choice(choices) => choices,
        _ => &[],
    };
    let value = text.trim().to_ascii_lowercase();
    choices
        .iter()
        .copied()
        .find(|c| *c == value)
        .ok_or_else(|| SettingError::NotAChoice {
            label: spec.label.to_string(),
            value: text.trim().to_string(),
            choices: choices.join(", "),
        })
}

/// A spec whose kind does not fit its field's type: a mistake in the
/// table, caught by `tests/settings.rs`, reported rather than panicking.
fn wrong_kind(spec: &SettingSpec) -> SettingError {
    SettingError::Invalid {
        label: spec.label.to_string(),
        reason: "this setting's kind does not match its field".to_string(),
    }
}

/// How a field's type reads from and shows as the editor's text. The spec
/// row's [`SettingKind`] carries the range or the choices.
pub trait SettingValue: Sized {
    fn show(&self) -> String;
    fn read(spec: &SettingSpec, text: &str, kept: String) -> Result<Self, SettingError>;
}

impl SettingValue for i64 {
    fn show(&self) -> String {
        self.to_string()
    }
    fn read(spec: &SettingSpec, text: &str, kept: String) -> Result<Self, SettingError> {
        match spec.kind {
            SettingKind::Int { min, max } => parse_int(spec, text, min, max, kept),
            _ => Err(wrong_kind(spec)),
        }
    }
}

impl SettingValue for usize {
    fn show(&self) -> String {
        self.to_string()
    }
    fn read(spec: &SettingSpec, text: &str, kept: String) -> Result<Self, SettingError> {
        let v = i64::read(spec, text, kept)?;
        usize::try_from(v).map_err(|_| wrong_kind(spec))
    }
}

impl SettingValue for f64 {
    fn show(&self) -> String {
        format!("{self}")
    }
    fn read(spec: &SettingSpec, text: &str, kept: String) -> Result<Self, SettingError> {
        match spec.kind {
            SettingKind::Float { min, max } => parse_float(spec, text, min, max, kept),
            _ => Err(wrong_kind(spec)),
        }
    }
}

/// Target advances: comma-separated percents.
impl SettingValue for Vec<f64> {
    fn show(&self) -> String {
        format_pcts(self)
    }
    fn read(spec: &SettingSpec, text: &str, _kept: String) -> Result<Self, SettingError> {
        parse_pcts(text).map_err(|e| SettingError::Invalid {
            label: spec.label.to_string(),
            reason: e.to_string(),
        })
    }
}

/// A positive level, or empty for "automatic".
impl SettingValue for Option<f64> {
    fn show(&self) -> String {
        self.map(|v| format!("{v}")).unwrap_or_default()
    }
    fn read(spec: &SettingSpec, text: &str, kept: String) -> Result<Self, SettingError> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            parse_float(spec, text, 1e-9, 1e12, kept).map(Some)
        }
    }
}

impl SettingValue for Outcome {
    fn show(&self) -> String {
        self.as_str().to_string()
    }
    fn read(spec: &SettingSpec, text: &str, _kept: String) -> Result<Self, SettingError> {
        Ok(match choose(spec, text)? {
            "small" => Outcome::Small,
            "large" => Outcome::Large,
            _ => Outcome::Spread,
        })
    }
}

impl SettingValue for ReachBasis {
    fn show(&self) -> String {
        match self {
            ReachBasis::Close => "close",
            ReachBasis::High => "high",
        }
        .to_string()
    }
    fn read(spec: &SettingSpec, text: &str, _kept: String) -> Result<Self, SettingError> {
        Ok(match choose(spec, text)? {
            "high" => ReachBasis::High,
            _ => ReachBasis::Close,
        })
    }
}

impl SettingValue for Timeframe {
    fn show(&self) -> String {
        self.code().to_string()
    }
    fn read(spec: &SettingSpec, text: &str, _kept: String) -> Result<Self, SettingError> {
        let code = choose(spec, text)?;
        Timeframe::parse(code).ok_or_else(|| wrong_kind(spec))
    }
}

/// `7,12.2,16.9` from fractions (shortest form, no float noise).
pub fn format_pcts(pcts: &[f64]) -> String {
    pcts.iter()
        .map(|p| {
            let pct = (p * 100.0 * 1e9).round() / 1e9;
            format!("{pct}")
        })
        .collect::<Vec<_>>()
        .join(",")
}

impl RadarSettings {
    /// The current value of a setting as the editor shows it (`None` for an
    /// unknown name). Rule toggles are `rule_<id>` → `on` / `off`.
    pub fn get(&self, name: &str) -> Option<String> {
        if let Some(rule) = name.strip_prefix("rule_").and_then(RuleId::parse) {
            let on = !self.excluded_rules.contains(&rule);
            return Some(if on { "on" } else { "off" }.to_string());
        }
        spec(name).map(|spec| (spec.get)(self))
    }

    /// Sets one setting from its text. On error nothing changes and the
    /// message names the setting, its range and the refused value.
    pub fn set(&mut self, name: &str, text: &str) -> Result<(), SettingError> {
        if let Some(rule) = name.strip_prefix("rule_").and_then(RuleId::parse) {
            let on = match text.trim() {
                "on" | "true" | "1" => true,
                "off" | "false" | "0" => false,
                other => {
                    return Err(SettingError::NotAChoice {
                        label: format!("Rule {}", rule.as_str()),
                        value: other.to_string(),
                        choices: "on, off".to_string(),
                    })
                }
            };
            self.excluded_rules.retain(|r| *r != rule);
            if !on {
                self.excluded_rules.push(rule);
                self.excluded_rules.sort();
            }
            return Ok(());
        }
        let spec = spec(name).ok_or_else(|| SettingError::Unknown(name.to_string()))?;
        (spec.set)(self, spec, text)
    }

    /// These settings with the chart group ([`SettingGroup::Charts`]) at its
    /// defaults: what the radar reads. Its rules never read the studies'
    /// periods nor the chart bars, so a page that keys the radar on this
    /// does not recompute it when a study is edited.
    pub fn for_radar(&self) -> RadarSettings {
        let default = RadarSettings::default();
        let mut out = self.clone();
        for spec in SETTINGS.iter().filter(|s| s.group == SettingGroup::Charts) {
            // The default's own text always reads back.
            let _ = (spec.set)(&mut out, spec, &(spec.get)(&default));
        }
        out
    }

    /// Whether a rule counts in the regime table.
    pub fn counts(&self, rule: RuleId) -> bool {
        !self.excluded_rules.contains(&rule)
    }

    /// The RSI metric / rule name for the period (`rsi14`).
    pub fn rsi_name(&self) -> String {
        format!("rsi{}", self.rsi_period)
    }
}
