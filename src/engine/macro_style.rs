//! How a macro series reads on the dashboard: the number style of its
//! values per series kind (claims and dollar amounts as whole numbers with
//! thousands separators, rates and growth with two decimals) and the
//! threshold lines its chart draws from the rules editor's settings.
//!
//! Kept in the engine, next to the macro columns (`engine::dashboard`), so
//! the panels only map these to chart types and colours: what a threshold
//! is and how a kind of series is written is not a UI decision.

use super::series::SeriesKind;
use super::settings::RadarSettings;
use crate::format::{fixed_or_dash, number_or_dash, with_thousands};

/// How a macro chart writes its values (axis and tooltip).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacroNumber {
    /// Large counts and dollar amounts: whole numbers with thousands
    /// separators (`198,000`); a chart's axis writes them compactly.
    Thousands,
    /// Rates, growth and derived values: fixed decimals (`4.33`).
    Decimals(usize),
}

impl MacroNumber {
    /// A value in this style, or an em dash where there is none.
    pub fn text(self, value: Option<f64>) -> String {
        match self {
            MacroNumber::Thousands => number_or_dash(value, 0),
            MacroNumber::Decimals(decimals) => fixed_or_dash(value, decimals),
        }
    }
}

/// The number style of a chart of a `kind` series; a `derived` chart (the
/// Sahm value, consumer momentum: a value in other units than the series)
/// always has two decimals.
pub fn number_style(kind: SeriesKind, derived: bool) -> MacroNumber {
    match kind {
        SeriesKind::JoblessClaims | SeriesKind::RetailSales | SeriesKind::Consumption
            if !derived =>
        {
            MacroNumber::Thousands
        }
        _ => MacroNumber::Decimals(2),
    }
}

/// Which side of the economy a threshold line marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Beyond it the series reads strong (GDPNow's strong line).
    Healthy,
    /// Beyond it a rule warns (Sahm, weak growth, high claims).
    Warning,
}

/// A threshold line of a macro chart: a rule's level from the settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub label: String,
    pub reading: Reading,
}

/// The threshold lines of the chart of a `kind` series (or of its derived
/// value when `derived`), at the levels the rules editor sets.
pub fn thresholds(kind: SeriesKind, derived: bool, settings: &RadarSettings) -> Vec<Threshold> {
    let warning = |value: f64, label: String| Threshold {
        value,
        label,
        reading: Reading::Warning,
    };
    match (kind, derived) {
        (SeriesKind::Unemployment, true) => vec![warning(
            settings.sahm_threshold,
            format!("Sahm rule {}", settings.sahm_threshold),
        )],
        (SeriesKind::RetailSales | SeriesKind::Consumption, true) => vec![warning(
            settings.consumer_growth,
            format!("weakening < {}%", settings.consumer_growth),
        )],
        (SeriesKind::JoblessClaims, false) => vec![warning(
            settings.claims_level,
            format!("level {}", with_thousands(settings.claims_level, 0)),
        )],
        (SeriesKind::GrowthNowcast, false) => vec![
            Threshold {
                value: settings.gdpnow_strong,
                label: format!("strong ≥ {}%", settings.gdpnow_strong),
                reading: Reading::Healthy,
            },
            warning(
                settings.gdpnow_weak,
                format!("weak < {}%", settings.gdpnow_weak),
            ),
        ],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_dollars_read_in_thousands_rates_in_decimals() {
        let claims = number_style(SeriesKind::JoblessClaims, false);
        assert_eq!(claims, MacroNumber::Thousands);
        assert_eq!(claims.text(Some(198_000.0)), "198,000");
        assert_eq!(claims.text(None), "—");
        assert_eq!(
            number_style(SeriesKind::RetailSales, false),
            MacroNumber::Thousands
        );
        let rate = number_style(SeriesKind::PolicyRate, false);
        assert_eq!(rate, MacroNumber::Decimals(2));
        assert_eq!(rate.text(Some(4.333)), "4.33");
        // A derived chart (consumer momentum) is in percent, not dollars.
        assert_eq!(
            number_style(SeriesKind::Consumption, true),
            MacroNumber::Decimals(2)
        );
        assert_eq!(MacroNumber::Decimals(2).text(Some(1234.5)), "1234.50");
    }

    #[test]
    fn thresholds_follow_the_settings() {
        let settings = RadarSettings::default();
        let claims = thresholds(SeriesKind::JoblessClaims, false, &settings);
        assert_eq!(
            claims,
            vec![Threshold {
                value: settings.claims_level,
                label: "level 198,000".to_string(),
                reading: Reading::Warning,
            }]
        );
        let sahm = thresholds(SeriesKind::Unemployment, true, &settings);
        assert_eq!(sahm.len(), 1);
        assert_eq!(sahm[0].label, "Sahm rule 0.5");
        let consumer = thresholds(SeriesKind::RetailSales, true, &settings);
        assert_eq!(consumer[0].label, "weakening < 0%");
        let gdpnow = thresholds(SeriesKind::GrowthNowcast, false, &settings);
        assert_eq!(
            gdpnow
                .iter()
                .map(|t| (t.label.as_str(), t.reading))
                .collect::<Vec<_>>(),
            vec![
                ("strong ≥ 3%", Reading::Healthy),
                ("weak < 1%", Reading::Warning)
            ]
        );
        // The series' own chart has no Sahm line, the derived one no level.
        assert!(thresholds(SeriesKind::Unemployment, false, &settings).is_empty());
        assert!(thresholds(SeriesKind::JoblessClaims, true, &settings).is_empty());
        assert!(thresholds(SeriesKind::PolicyRate, false, &settings).is_empty());
    }
}
