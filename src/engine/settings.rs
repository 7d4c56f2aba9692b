//! Every user parameter of the radar (signals, regime, evidence, targets) in
//! one serde type with validated ranges, and a table of specs that the rules
//! editor reads (docs/rules.md lists it; share links will carry it).
//!
//! Invariant: a `RadarSettings` only ever holds values inside the ranges of
//! [`SETTINGS`]: [`RadarSettings::set`] refuses anything else with a message
//! naming the setting, its range and the value, and leaves the setting as it
//! was. Thresholds are stored in the units the page shows (percent points,
//! RSI points, persons), and converted where a rule uses them.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::evidence::Outcome;
use super::rule_id::RuleId;
use super::targets::{parse_pcts, ReachBasis, DEFAULT_HORIZON, DEFAULT_TARGET_PCTS};

/// The radar's parameters. `Default` is the documented default of each
/// setting (see [`SETTINGS`] and `docs/rules.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RadarSettings {
    pub rsi_period: usize,
    pub rsi_overbought: f64,
    pub rsi_oversold: f64,
    pub sma_fast: usize,
    pub sma_slow: usize,
    /// Small − large YTD return spread that counts as leadership, percent points.
    pub leadership_ytd: f64,
    /// Small − large 63-session return spread that counts as leadership, percent points.
    pub leadership_3m: f64,
    /// Window of the z-score of the distance above the slow SMA, sessions.
    pub zscore_window: usize,
    pub zscore_threshold: f64,
    /// How many of the three stretch signals make the trade "crowded".
    pub crowded_min: usize,
    /// Small − growth 63-session spread beyond which the rally is "narrow", points.
    pub narrow_3m: f64,
    pub gdpnow_strong: f64,
    pub gdpnow_weak: f64,
    /// A fall of GDPNow by at least this many points from the previous print.
    pub gdpnow_drop: f64,
    /// 3-month annualised consumer growth below this (%) = weakening.
    pub consumer_growth: f64,
    pub sahm_threshold: f64,
    /// Claims 4-week average above its 52-week low by at least this, %.
    pub claims_vs_low: f64,
    /// Claims 4-week average up year on year by more than this, %.
    pub claims_yoy: f64,
    /// Latest claims print above this level, persons.
    pub claims_level: f64,
    /// Fed funds change (points) over 3 / 6 months that counts as easing or tightening.
    pub fedfunds_change: f64,
    /// "FOMC soon": the next scheduled decision within this many days.
    pub fomc_days: i64,
    /// Sessions over which flows are summed for the rotation rule.
    pub flows_window: usize,
    /// Sessions a new regime must hold before it replaces the current one.
    pub regime_dwell: usize,
    /// Rules left out of the regime table (their signals still show).
    pub excluded_rules: Vec<RuleId>,
    /// Quiet sessions before a firing run counts as a new episode.
    pub evidence_gap: usize,
    /// Which forward return the evidence table shows.
    pub evidence_outcome: Outcome,
    /// Target advances, as fractions (0.07 = +7 %).
    pub target_pcts: Vec<f64>,
    /// The level targets are measured from (`None`: the small series' last close).
    pub target_reference: Option<f64>,
    pub target_horizon: usize,
    pub target_basis: ReachBasis,
    /// Sessions of daily log returns behind the lognormal odds.
    pub target_vol_window: usize,
}

impl Default for RadarSettings {
    fn default() -> Self {
        RadarSettings {
            rsi_period: 14,
            rsi_overbought: 70.0,
            rsi_oversold: 30.0,
            sma_fast: 50,
            sma_slow: 200,
            leadership_ytd: 2.0,
            leadership_3m: 2.0,
            zscore_window: 252,
            zscore_threshold: 2.0,
            crowded_min: 2,
            narrow_3m: 4.0,
            gdpnow_strong: 3.0,
            gdpnow_weak: 1.0,
            gdpnow_drop: 1.0,
            consumer_growth: 0.0,
            sahm_threshold: 0.5,
            claims_vs_low: 15.0,
            claims_yoy: 12.5,
            claims_level: 198_000.0,
            fedfunds_change: 0.25,
            fomc_days: 14,
            flows_window: 252,
            regime_dwell: 1,
            excluded_rules: Vec::new(),
            evidence_gap: 21,
            evidence_outcome: Outcome::Spread,
            target_pcts: DEFAULT_TARGET_PCTS.to_vec(),
            target_reference: None,
            target_horizon: DEFAULT_HORIZON,
            target_basis: ReachBasis::Close,
            target_vol_window: 63,
        }
    }
}

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
}

impl SettingGroup {
    pub const ALL: [SettingGroup; 6] = [
        SettingGroup::Technical,
        SettingGroup::Leadership,
        SettingGroup::Macro,
        SettingGroup::Regime,
        SettingGroup::Evidence,
        SettingGroup::Targets,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SettingGroup::Technical => "Overbought / trend",
            SettingGroup::Leadership => "Leadership and breadth",
            SettingGroup::Macro => "Macro",
            SettingGroup::Regime => "Regime",
            SettingGroup::Evidence => "Evidence",
            SettingGroup::Targets => "Targets",
        }
    }
}

/// One editable setting: its `data-setting` name, label, unit and range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SettingSpec {
    pub name: &'static str,
    /// The short share-link key (`rsi=14`).
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub group: SettingGroup,
    pub kind: SettingKind,
    pub help: &'static str,
}

const fn int(min: i64, max: i64) -> SettingKind {
    SettingKind::Int { min, max }
}
const fn float(min: f64, max: f64) -> SettingKind {
    SettingKind::Float { min, max }
}

macro_rules! spec {
    ($name:literal, $key:literal, $label:literal, $unit:literal, $group:ident, $kind:expr, $help:literal) => {
        SettingSpec {
            name: $name,
            key: $key,
            label: $label,
            unit: $unit,
            group: SettingGroup::$group,
            kind: $kind,
            help: $help,
        }
    };
}

/// Every numeric / text setting, in editor order. Rule toggles
/// (`rule_<machine name>`, `on`/`off`) come on top of these.
pub const SETTINGS: &[SettingSpec] = &[
    spec!(
        "rsi_period",
        "rsi", "RSI period", "sessions", Technical, int(2, 100), "Wilder RSI period; the metric is named rsi<N>."),
    spec!(
        "rsi_overbought",
        "ob", "RSI overbought at", "", Technical, float(50.0, 100.0), "RSI at or above this is overbought (70 is Wilder's band)."),
    spec!(
        "rsi_oversold",
        "os", "RSI oversold at", "", Technical, float(0.0, 50.0), "RSI at or below this is oversold (30)."),
    spec!(
        "sma_fast",
        "fast", "Fast SMA", "sessions", Technical, int(2, 250), "Moving average the small/large ratio is compared with (leadership_ratio_ma)."),
    spec!(
        "sma_slow",
        "slow", "Slow SMA", "sessions", Technical, int(5, 400), "Trend line: close above it is an uptrend (200)."),
    spec!(
        "zscore_window",
        "zwin", "Stretch z-score window", "sessions", Technical, int(20, 1000), "Window of the z-score of the distance above the slow SMA."),
    spec!(
        "zscore_threshold",
        "z", "Stretched at z ≥", "σ", Technical, float(0.5, 5.0), "z-score of the distance above the slow SMA that counts as stretched."),
    spec!(
        "crowded_min",
        "crowd", "Crowded when", "of 3", Technical, int(1, 3), "How many of overbought RSI, stretched z-score and narrow rally make the trade crowded."),
    spec!(
        "leadership_ytd",
        "lytd", "Leadership, YTD spread ≥", "pts", Leadership, float(-50.0, 50.0), "Small minus large YTD return, percent points."),
    spec!(
        "leadership_3m",
        "l3m", "Leadership, 63-session spread ≥", "pts", Leadership, float(-50.0, 50.0), "Small minus large 63-session return, percent points (large-cap leadership at the mirror value)."),
    spec!(
        "narrow_3m",
        "narrow", "Narrow rally, small − growth ≥", "pts", Leadership, float(-50.0, 50.0), "Small minus growth 63-session return, percent points (the article: +8 % vs +3.6 %)."),
    spec!(
        "flows_window",
        "fwin", "Flows window", "sessions", Leadership, int(5, 1260), "Sessions over which loaded flows are summed."),
    spec!(
        "gdpnow_strong",
        "gdphi", "GDPNow strong at ≥", "%", Macro, float(-10.0, 15.0), "Nowcast, % SAAR, as known on the day."),
    spec!(
        "gdpnow_weak",
        "gdplo", "GDPNow weak below", "%", Macro, float(-10.0, 15.0), "Nowcast below this is a growth scare."),
    spec!(
        "gdpnow_drop",
        "gdpdrop", "GDPNow falling by ≥", "pts", Macro, float(0.1, 10.0), "Drop from the previous print."),
    spec!(
        "consumer_growth",
        "cons", "Consumer weakening below", "% ann.", Macro, float(-20.0, 20.0), "3-month annualised growth of retail sales / PCE."),
    spec!(
        "sahm_threshold",
        "sahm", "Sahm rule at ≥", "pts", Macro, float(0.1, 2.0), "3-month average unemployment minus its lowest 3-month average of the prior 12 months."),
    spec!(
        "claims_vs_low",
        "cllow", "Claims above 52-week low by ≥", "%", Macro, float(1.0, 100.0), "4-week average vs its 52-week low (analysts use 10–15 %)."),
    spec!(
        "claims_yoy",
        "clyoy", "Claims up year on year by >", "%", Macro, float(1.0, 100.0), "4-week average vs a year earlier."),
    spec!(
        "claims_level",
        "cllvl", "Claims print above", "persons", Macro, float(50_000.0, 10_000_000.0), "The article's 198,000."),
    spec!(
        "fedfunds_change",
        "ff", "Fed funds move of ≥", "pts", Macro, float(0.05, 5.0), "Change over 3 / 6 months that counts as easing or tightening."),
    spec!(
        "fomc_days",
        "fomc", "FOMC soon within", "days", Macro, int(1, 120), "Days to the next scheduled decision."),
    spec!(
        "regime_dwell",
        "dwell", "Regime dwell", "sessions", Regime, int(1, 63), "A new regime must hold this many sessions before it replaces the current one (1 = no dwell)."),
    spec!(
        "evidence_gap",
        "gap", "Episode gap", "sessions", Evidence, int(1, 252), "Quiet sessions before a firing run counts as a new episode."),
    spec!(
        "evidence_outcome",
        "out", "Outcome", "", Evidence, SettingKind::Choice(&["spread", "small", "large"]), "Forward return the evidence table shows: small minus large, small, or large."),
    spec!(
        "target_pcts",
        "tgt", "Targets", "%", Targets, SettingKind::Percents, "Comma-separated advances from the reference (7,12.2,16.9)."),
    spec!(
        "target_reference",
        "ref", "Reference level", "", Targets, SettingKind::OptionalLevel, "Empty: the small series' last close on the as-of date."),
    spec!(
        "target_horizon",
        "hz", "Horizon", "sessions", Targets, int(1, 756), "Window in which a target must be reached."),
    spec!(
        "target_basis",
        "basis", "Reached on", "", Targets, SettingKind::Choice(&["close", "high"]), "Close, or the intraday high/low when the file has one."),
    spec!(
        "target_vol_window",
        "volwin", "Volatility window", "sessions", Targets, int(5, 1260), "Daily log returns behind the lognormal odds."),
];

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
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    let value: f64 = cleaned
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| SettingError::NotANumber {
            label: spec.label.to_string(),
            value: text.trim().to_string(),
        })?;
    if value < min || value > max {
        return Err(SettingError::OutOfRange {
            label: spec.label.to_string(),
            value: cleaned,
            min: format!("{min}"),
            max: format!("{max}"),
            kept,
        });
    }
    Ok(value)
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
            return Some(
                if self.excluded_rules.contains(&rule) {
                    "off"
                } else {
                    "on"
                }
                .to_string(),
            );
        }
        let f = |v: f64| format!("{v}");
        Some(match name {
            "rsi_period" => self.rsi_period.to_string(),
            "rsi_overbought" => f(self.rsi_overbought),
            "rsi_oversold" => f(self.rsi_oversold),
            "sma_fast" => self.sma_fast.to_string(),
            "sma_slow" => self.sma_slow.to_string(),
            "zscore_window" => self.zscore_window.to_string(),
            "zscore_threshold" => f(self.zscore_threshold),
            "crowded_min" => self.crowded_min.to_string(),
            "leadership_ytd" => f(self.leadership_ytd),
            "leadership_3m" => f(self.leadership_3m),
            "narrow_3m" => f(self.narrow_3m),
            "flows_window" => self.flows_window.to_string(),
            "gdpnow_strong" => f(self.gdpnow_strong),
            "gdpnow_weak" => f(self.gdpnow_weak),
            "gdpnow_drop" => f(self.gdpnow_drop),
            "consumer_growth" => f(self.consumer_growth),
            "sahm_threshold" => f(self.sahm_threshold),
            "claims_vs_low" => f(self.claims_vs_low),
            "claims_yoy" => f(self.claims_yoy),
            "claims_level" => f(self.claims_level),
            "fedfunds_change" => f(self.fedfunds_change),
            "fomc_days" => self.fomc_days.to_string(),
            "regime_dwell" => self.regime_dwell.to_string(),
            "evidence_gap" => self.evidence_gap.to_string(),
            "evidence_outcome" => self.evidence_outcome.as_str().to_string(),
            "target_pcts" => format_pcts(&self.target_pcts),
            "target_reference" => self.target_reference.map(f).unwrap_or_default(),
            "target_horizon" => self.target_horizon.to_string(),
            "target_basis" => match self.target_basis {
                ReachBasis::Close => "close",
                ReachBasis::High => "high",
            }
            .to_string(),
            "target_vol_window" => self.target_vol_window.to_string(),
            _ => return None,
        })
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
        let kept = self.get(name).unwrap_or_default();
        match spec.kind {
            SettingKind::Int { min, max } => {
                let v = parse_int(spec, text, min, max, kept)?;
                let as_usize = usize::try_from(v).unwrap_or(0);
                match name {
                    "rsi_period" => self.rsi_period = as_usize,
                    "sma_fast" => self.sma_fast = as_usize,
                    "sma_slow" => self.sma_slow = as_usize,
                    "zscore_window" => self.zscore_window = as_usize,
                    "crowded_min" => self.crowded_min = as_usize,
                    "flows_window" => self.flows_window = as_usize,
                    "fomc_days" => self.fomc_days = v,
                    "regime_dwell" => self.regime_dwell = as_usize,
                    "evidence_gap" => self.evidence_gap = as_usize,
                    "target_horizon" => self.target_horizon = as_usize,
                    "target_vol_window" => self.target_vol_window = as_usize,
                    _ => return Err(SettingError::Unknown(name.to_string())),
                }
            }
            SettingKind::Float { min, max } => {
                let v = parse_float(spec, text, min, max, kept)?;
                let slot = match name {
                    "rsi_overbought" => &mut self.rsi_overbought,
                    "rsi_oversold" => &mut self.rsi_oversold,
                    "zscore_threshold" => &mut self.zscore_threshold,
                    "leadership_ytd" => &mut self.leadership_ytd,
                    "leadership_3m" => &mut self.leadership_3m,
                    "narrow_3m" => &mut self.narrow_3m,
                    "gdpnow_strong" => &mut self.gdpnow_strong,
                    "gdpnow_weak" => &mut self.gdpnow_weak,
                    "gdpnow_drop" => &mut self.gdpnow_drop,
                    "consumer_growth" => &mut self.consumer_growth,
                    "sahm_threshold" => &mut self.sahm_threshold,
                    "claims_vs_low" => &mut self.claims_vs_low,
                    "claims_yoy" => &mut self.claims_yoy,
                    "claims_level" => &mut self.claims_level,
                    "fedfunds_change" => &mut self.fedfunds_change,
                    _ => return Err(SettingError::Unknown(name.to_string())),
                };
                *slot = v;
            }
            SettingKind::Percents => {
                let pcts = parse_pcts(text).map_err(|e| SettingError::Invalid {
                    label: spec.label.to_string(),
                    reason: e.to_string(),
                })?;
                self.target_pcts = pcts;
            }
            SettingKind::OptionalLevel => {
                if text.trim().is_empty() {
                    self.target_reference = None;
                } else {
                    let v = parse_float(spec, text, 1e-9, 1e12, kept)?;
                    self.target_reference = Some(v);
                }
            }
            SettingKind::Choice(choices) => {
                let value = text.trim().to_ascii_lowercase();
                if !choices.contains(&value.as_str()) {
                    return Err(SettingError::NotAChoice {
                        label: spec.label.to_string(),
                        value: text.trim().to_string(),
                        choices: choices.join(", "),
                    });
                }
                match (name, value.as_str()) {
                    ("evidence_outcome", "small") => self.evidence_outcome = Outcome::Small,
                    ("evidence_outcome", "large") => self.evidence_outcome = Outcome::Large,
                    ("evidence_outcome", _) => self.evidence_outcome = Outcome::Spread,
                    ("target_basis", "high") => self.target_basis = ReachBasis::High,
                    ("target_basis", _) => self.target_basis = ReachBasis::Close,
                    _ => return Err(SettingError::Unknown(name.to_string())),
                }
            }
        }
        Ok(())
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
