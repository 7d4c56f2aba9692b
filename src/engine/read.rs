//! The read: the radar in plain language. Every number in it is computed
//! (metrics, signals, regime, evidence, targets of the same run); it names
//! the data's last date and the as-of date, and says "noise" where the
//! evidence does not beat the base rate.
//!
//! Invariant: the read only formats what the radar computed; it never
//! computes a statistic of its own, so it can't disagree with the tables.

use chrono::NaiveDate;

use super::evidence::{EvidenceRow, Outcome, Verdict, Why};
use super::regime::Regime;
use super::resample::Timeframe;
use super::signals::{Day, RuleId, RuleSeries, State, Unit};
use super::targets::TargetRow;
use crate::format::{p_value, signed_pct, signed_pts, with_thousands};

/// A value in a rule's unit, as a reason writes it.
pub fn format_unit(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Points => signed_pts(value),
        Unit::Percent => signed_pct(value),
        Unit::Plain => {
            let v = if value.abs() < 0.005 { 0.0 } else { value };
            format!("{v:.2}")
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        }
        Unit::Persons => with_thousands(value, 0),
        Unit::Days => format!("{value:.0} days"),
        Unit::Level => with_thousands(value, 2),
        Unit::Money => {
            let sign = if value < 0.0 { "−" } else { "+" };
            let abs = value.abs();
            if abs >= 1e9 {
                format!("{sign}${:.1}B", abs / 1e9)
            } else if abs >= 1e6 {
                format!("{sign}${:.1}M", abs / 1e6)
            } else {
                format!("{sign}${}", with_thousands(abs, 0))
            }
        }
    }
}

/// "RSI(14) of RUT 71.5 ≥ 70", or why the rule has no data.
pub fn reason(rule: &RuleSeries, day: Day) -> String {
    match (day.state, day.value) {
        (State::NoData, _) | (_, None) => match &rule.missing {
            Some(why) => format!("{}: no data ({why})", rule.rule.label()),
            None => format!("{}: no data on this day", rule.rule.label()),
        },
        (state, Some(value)) => {
            let of = if rule.subject.is_empty() {
                String::new()
            } else {
                format!(" of {}", rule.subject)
            };
            format!(
                "{}{of} {} {} {}",
                rule.measure,
                format_unit(value, rule.unit),
                rule.cmp.symbol(state == State::Firing),
                format_unit(rule.threshold, rule.unit),
            )
        }
    }
}

/// What the read needs, gathered by the radar run.
#[derive(Debug, Clone, Default)]
pub struct ReadInputs<'a> {
    pub small: String,
    pub large: String,
    pub growth: String,
    pub small_ytd: Option<f64>,
    pub large_ytd: Option<f64>,
    pub small_3m: Option<f64>,
    pub growth_3m: Option<f64>,
    pub rules: Vec<(&'a RuleSeries, Day)>,
    /// Initial claims' 4-week average as known on the as-of date.
    pub claims_average_4w: Option<f64>,
    pub regime: Option<Regime>,
    /// The evidence row for the headline signal, with its label and what
    /// its base was ("on the rule's quiet days").
    pub evidence: Option<(String, &'static str, &'a EvidenceRow)>,
    pub targets: &'a [TargetRow],
    pub fomc: Option<(NaiveDate, i64)>,
    pub data_last: Option<NaiveDate>,
    pub as_of: Option<NaiveDate>,
    /// Set when a role ended early and everything is as of the common date.
    pub common_date: Option<CommonDate>,
}

impl ReadInputs<'_> {
    fn rule(&self, id: RuleId) -> Option<(&RuleSeries, Day)> {
        self.rules
            .iter()
            .find(|(r, _)| r.rule == id)
            .map(|(r, d)| (*r, *d))
    }

    fn value(&self, id: RuleId) -> Option<(f64, State, &RuleSeries)> {
        let (rule, day) = self.rule(id)?;
        Some((day.value?, day.state, rule))
    }
}

/// The as-of date moved back to the last date every role has a close on, so
/// that no comparison mixes returns at different dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonDate {
    /// The series that ends first (its name).
    pub series: String,
    /// Its last close on or before the date asked for: the date used.
    pub date: NaiveDate,
    /// The date that would have been used: the as-of date asked for, or the
    /// latest last close of the roles.
    pub wanted: NaiveDate,
}

/// The summary card: one sentence per step of the argument.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Read {
    pub sentences: Vec<String>,
}

impl Read {
    pub fn text(&self) -> String {
        self.sentences.join(" ")
    }
}

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Spread => "small minus large",
        Outcome::Small => "small caps",
        Outcome::Large => "large caps",
    }
}

/// Writes the read.
pub fn write_read(input: &ReadInputs) -> Read {
    let mut s = Vec::new();
    // First, so nobody reads the comparisons as of a later date.
    if let Some(c) = &input.common_date {
        s.push(format!(
            "{}'s data ends {}, before {}: every comparison here is as of {}, the last date all the roles share.",
            c.series,
            c.date.format("%Y-%m-%d"),
            c.wanted.format("%Y-%m-%d"),
            c.date.format("%Y-%m-%d"),
        ));
    }
    if let (Some(a), Some(b)) = (input.small_ytd, input.large_ytd) {
        s.push(format!(
            "{} {} YTD vs {} {} (spread {}).",
            input.small,
            signed_pct(a),
            input.large,
            signed_pct(b),
            signed_pts(a - b)
        ));
    }
    if let Some((rsi, state, rule)) = input.value(RuleId::OverboughtRsi) {
        let oversold = input
            .value(RuleId::OversoldRsi)
            .map(|(_, st, r)| (st, r.threshold));
        let text = match (state, oversold) {
            (State::Firing, _) => format!(
                "{} {rsi:.1} ≥ {}: overbought.",
                rule.measure, rule.threshold
            ),
            (_, Some((State::Firing, low))) => {
                format!("{} {rsi:.1} ≤ {low}: oversold.", rule.measure)
            }
            _ => format!(
                "{} {rsi:.1}: neither overbought (≥ {}) nor oversold.",
                rule.measure, rule.threshold
            ),
        };
        s.push(text);
    }
    if let (Some(a), Some(g)) = (input.small_3m, input.growth_3m) {
        let narrow = input
            .value(RuleId::Narrow3m)
            .map(|(_, st, _)| st == State::Firing);
        let verdict = match narrow {
            Some(true) => "narrow",
            Some(false) => "not narrow",
            None => "breadth unknown",
        };
        s.push(format!(
            "3 months: {} {} vs {} {}: {verdict}.",
            input.small,
            signed_pct(a),
            input.growth,
            signed_pct(g)
        ));
    }
    if let Some((vs_low, state, rule)) = input.value(RuleId::LabourClaimsVsLow) {
        let average = input
            .claims_average_4w
            .map(|v| format!(" {:.0}k,", v / 1000.0))
            .unwrap_or_default();
        let yoy = input
            .value(RuleId::LabourClaimsYoy)
            .is_some_and(|(_, st, _)| st == State::Firing);
        let climb = match (state == State::Firing, yoy) {
            (true, true) => "a sustained climb",
            (true, false) => "off its low but not up on the year",
            (false, true) => "up on the year but near its low",
            (false, false) => "no sustained climb",
        };
        s.push(format!(
            "Claims 4-wk avg{average} {vs_low:.0}% above its 52-week low: {climb} (thresholds {}% and {}% y/y).",
            rule.threshold,
            input.value(RuleId::LabourClaimsYoy).map_or(0.0, |(_, _, r)| r.threshold),
        ));
    }
    if let Some((sahm, state, rule)) = input.value(RuleId::LabourSahm) {
        let word = if state == State::Firing {
            "triggered"
        } else {
            "not triggered"
        };
        s.push(format!(
            "Sahm rule {sahm:.2} vs {:.2}: {word}.",
            rule.threshold
        ));
    }
    if let Some((gdp, state, _)) = input.value(RuleId::GrowthGdpnow) {
        let weak = input
            .value(RuleId::GrowthGdpnowWeak)
            .is_some_and(|(_, st, _)| st == State::Firing);
        let word = match (state, weak) {
            (State::Firing, _) => "strong",
            (_, true) => "weak",
            _ => "moderate",
        };
        s.push(format!("GDPNow {gdp:.1}%: {word}."));
    }
    if let Some((day, days)) = input.fomc {
        let when = match days {
            0 => "today".to_string(),
            1 => "in 1 day".to_string(),
            n => format!("in {n} days"),
        };
        s.push(format!(
            "Next FOMC decision {} ({when}).",
            day.format("%Y-%m-%d")
        ));
    }
    if let Some(regime) = input.regime {
        s.push(format!("Regime: {}.", regime.label().to_lowercase()));
    }
    if let Some((label, base_days, row)) = &input.evidence {
        if let (Some(stats), Some(base)) = (row.stats, row.base) {
            let interval = row
                .interval
                .map(|(lo, hi)| format!(" (90% interval {} to {})", signed_pct(lo), signed_pct(hi)))
                .unwrap_or_default();
            let verdict = match (row.verdict, row.why) {
                (Verdict::Edge, _) => format!(
                    "an edge (q = {} after the false-discovery control over the table)",
                    p_value(row.q)
                ),
                (_, Why::MultipleComparisons) => format!(
                    "noise: p = {} alone, but q = {} over the whole table",
                    p_value(row.p()),
                    p_value(row.q)
                ),
                (Verdict::Noise, _) => "noise".to_string(),
                (Verdict::TooFew, _) => "too few independent episodes to tell".to_string(),
            };
            let overlapping = if row.overlapping > 0 {
                format!(
                    " ({} more overlap an earlier window and are left out)",
                    row.overlapping
                )
            } else {
                String::new()
            };
            s.push(format!(
                "After {} independent earlier {} episodes{overlapping}, {} averaged {} over {} sessions vs {} {base_days}{interval}: {verdict}.",
                stats.n,
                label,
                outcome_words(row.outcome),
                signed_pct(stats.mean),
                row.horizon,
                signed_pct(base.mean),
            ));
        } else {
            s.push(format!(
                "No earlier {} episode with a complete {}-session window: no evidence either way.",
                label, row.horizon
            ));
        }
    }
    if let Some(first) = input.targets.first() {
        let parts: Vec<String> = input
            .targets
            .iter()
            .map(|t| {
                let odds =
                    |p: Option<f64>| p.map_or("—".to_string(), |p| format!("{:.0}%", p * 100.0));
                format!(
                    "{} ({}) {} of past windows, model {}",
                    signed_pct(t.pct),
                    with_thousands(t.level, 2),
                    odds(t.empirical),
                    odds(t.model)
                )
            })
            .collect();
        s.push(format!(
            "Targets within {} sessions: {}.",
            first.horizon,
            parts.join("; ")
        ));
    }
    match (input.data_last, input.as_of) {
        (Some(last), Some(as_of)) if as_of < last => s.push(format!(
            "As of {}; the data runs to {}.",
            as_of.format("%Y-%m-%d"),
            last.format("%Y-%m-%d")
        )),
        (Some(last), _) => s.push(format!("Data to {}.", last.format("%Y-%m-%d"))),
        _ => {}
    }
    if s.is_empty() {
        s.push("Load a small-cap and a large-cap price series to see the read.".to_string());
    }
    Read { sentences: s }
}

/// The ratio panel's streak in words: which side of the `small/large`
/// ratio `label` has beaten the other, and for how many sessions running
/// (`streak` > 0: the numerator). `None` when the label names no pair.
pub fn streak_sentence(label: &str, streak: i64, bars: Timeframe) -> Option<String> {
    let (a, b) = label.split_once('/')?;
    let (bar, period) = bars.bar_words();
    let count = |n: i64| format!("{n} {bar}{}", if n == 1 { "" } else { "s" });
    Some(match streak {
        0 => format!("{a} and {b} level on the {period}"),
        s if s > 0 => format!("{a} has beaten {b} {} running", count(s)),
        s => format!("{b} has beaten {a} {} running", count(-s)),
    })
}

#[cfg(test)]
mod streak_sentence_tests {
    use super::streak_sentence;
    use crate::engine::resample::Timeframe;

    #[test]
    fn streak_names_the_side_ahead_and_its_sessions() {
        let say = |s| streak_sentence("IWM/SPY", s, Timeframe::Daily);
        assert_eq!(
            say(3).as_deref(),
            Some("IWM has beaten SPY 3 sessions running")
        );
        assert_eq!(
            say(1).as_deref(),
            Some("IWM has beaten SPY 1 session running")
        );
        assert_eq!(
            say(-1).as_deref(),
            Some("SPY has beaten IWM 1 session running")
        );
        assert_eq!(
            say(-12).as_deref(),
            Some("SPY has beaten IWM 12 sessions running")
        );
        assert_eq!(say(0).as_deref(), Some("IWM and SPY level on the day"));
        assert_eq!(streak_sentence("IWM", 3, Timeframe::Daily), None);
        // On weekly or monthly bars the streak counts bars, not sessions.
        assert_eq!(
            streak_sentence("IWM/SPY", 2, Timeframe::Weekly).as_deref(),
            Some("IWM has beaten SPY 2 weeks running")
        );
        assert_eq!(
            streak_sentence("IWM/SPY", 0, Timeframe::Monthly).as_deref(),
            Some("IWM and SPY level on the month")
        );
    }
}
