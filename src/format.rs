//! Number formatting for people, in one place: percentages with one
//! decimal and a sign, percent points, odds, prices with thousands
//! separators; and the one parser of numbers people type. Used by the view
//! and by the read's sentences (`engine::read`); test hooks keep the raw
//! value (`data-value`). Pure: no DOM, no engine types.
//!
//! Two signs on purpose: metric cells write a hyphen-minus (`-7.8%`, what
//! spreadsheet users paste back), sentences and tables the typographic
//! minus (`−7.8%`).

/// How a metric's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A fraction shown as a signed percentage: 0.078 → "+7.8%".
    SignedPercent,
    /// A fraction shown as an unsigned percentage: 0.21 → "21.0%".
    Percent,
    /// An oscillator on 0–100: "71.3".
    Oscillator,
    /// A price or level: "2,027.07".
    Level,
    /// A signed count of sessions: "+3", "−2".
    Count,
}

/// The style for a `data-metric` name.
pub fn style_of(metric: &str) -> Style {
    if metric.starts_with("ret_") || metric == "pct_from_high_52w" || metric == "drawdown" {
        Style::SignedPercent
    } else if metric.starts_with("vol_") {
        Style::Percent
    } else if metric == "streak" {
        Style::Count
    } else if metric.starts_with("rsi") {
        Style::Oscillator
    } else {
        Style::Level
    }
}

/// Formats `value` in `style`; "—" for non-finite values.
pub fn format_value(value: f64, style: Style) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    match style {
        Style::SignedPercent => {
            let pct = value * 100.0;
            // Avoid "-0.0%" for tiny negatives.
            let pct = if pct.abs() < 0.05 { 0.0 } else { pct };
            format!("{}{:.1}%", if pct > 0.0 { "+" } else { "" }, pct)
        }
        Style::Percent => format!("{:.1}%", value * 100.0),
        Style::Oscillator => format!("{value:.1}"),
        Style::Count => match value {
            v if v > 0.0 => format!("+{v:.0}"),
            v if v < 0.0 => format!("−{:.0}", v.abs()),
            _ => "0".to_string(),
        },
        Style::Level => with_thousands(value, if value.abs() >= 10_000.0 { 0 } else { 2 }),
    }
}

/// `1234567.891` with 2 decimals → `1,234,567.89`.
pub fn with_thousands(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3 + 4);
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac_part {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// CSS class for the sign of a value: "pos", "neg" or "flat".
pub fn sign_class(value: f64) -> &'static str {
    if value > 0.0 {
        "pos"
    } else if value < 0.0 {
        "neg"
    } else {
        "flat"
    }
}

/// A signed percent with one decimal: `0.0789` → `+7.9%`.
pub fn signed_pct(fraction: f64) -> String {
    let pct = fraction * 100.0;
    let pct = if pct.abs() < 0.05 { 0.0 } else { pct };
    format!(
        "{}{:.1}%",
        if pct > 0.0 {
            "+"
        } else if pct < 0.0 {
            "−"
        } else {
            ""
        },
        pct.abs()
    )
}

/// Percent points with one decimal: `0.065` → `+6.5 pts`.
pub fn signed_pts(fraction: f64) -> String {
    let pts = fraction * 100.0;
    let pts = if pts.abs() < 0.05 { 0.0 } else { pts };
    format!(
        "{}{:.1} pts",
        if pts > 0.0 {
            "+"
        } else if pts < 0.0 {
            "−"
        } else {
            ""
        },
        pts.abs()
    )
}

/// An optional value, or an em dash where there is none.
pub fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

/// A probability or share as a whole percent: `0.416` → `42%`.
pub fn odds(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// A fraction as a percent with `decimals` decimals and no sign: `0.01234`, 2 → `1.23%`.
pub fn percent(fraction: f64, decimals: usize) -> String {
    format!("{:.*}%", decimals, fraction * 100.0)
}

/// A p or q value for people: three decimals, four below 0.01, "< 0.0001"
/// below that, "—" when there is none.
pub fn p_value(p: Option<f64>) -> String {
    match p.filter(|p| p.is_finite()) {
        None => "—".to_string(),
        Some(p) if p < 1e-4 => "< 0.0001".to_string(),
        Some(p) if p < 0.01 => format!("{p:.4}"),
        Some(p) => format!("{p:.3}"),
    }
}

/// A number as a person types it, with thousands separators (`,` or `_`)
/// and surrounding space removed: `" 1,250.5 "` → `"1250.5"`.
pub fn number_text(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect()
}

/// The one parser of typed numbers (settings, the targets table's level):
/// thousands separators allowed, only finite values.
pub fn parse_number(text: &str) -> Option<f64> {
    number_text(text)
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

/// A level with thousands separators, or an em dash where there is none:
/// `Some(2027.071)`, 2 → `2,027.07` (chart tooltips and legends).
pub fn number_or_dash(value: Option<f64>, decimals: usize) -> String {
    or_dash(value.map(|v| with_thousands(v, decimals)))
}

/// A value with fixed decimals and no separators, or an em dash where
/// there is none: `Some(0.4567)`, 2 → `0.46`.
pub fn fixed_or_dash(value: Option<f64>, decimals: usize) -> String {
    or_dash(value.map(|v| format!("{v:.decimals$}")))
}

/// A fraction as a percent with an explicit sign and a hyphen-minus, as a
/// chart label writes it: `0.05`, 1 → `+5.0%`, `-0.1`, 1 → `-10.0%`.
pub fn signed_percent(fraction: f64, decimals: usize) -> String {
    format!("{:+.*}%", decimals, fraction * 100.0)
}

/// A value rebased to 100 as its change from the base, with an explicit
/// sign: `103.456` → `+3.46%`, `98.0` → `-2.00%`.
pub fn rebased_change(rebased: f64) -> String {
    format!("{:+.2}%", rebased - 100.0)
}

/// A signed count of sessions: `3` → `+3 sessions`, `-2` → `-2 sessions`.
pub fn signed_sessions(sessions: i64) -> String {
    format!("{sessions:+} sessions")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_read_like_the_article() {
        assert_eq!(format_value(0.078, Style::SignedPercent), "+7.8%");
        assert_eq!(format_value(0.015, Style::SignedPercent), "+1.5%");
        assert_eq!(format_value(-0.1234, Style::SignedPercent), "-12.3%");
        assert_eq!(format_value(-0.0001, Style::SignedPercent), "0.0%");
        assert_eq!(format_value(0.2104, Style::Percent), "21.0%");
        assert_eq!(format_value(f64::NAN, Style::Percent), "—");
    }

    #[test]
    fn levels_get_thousands_separators() {
        assert_eq!(format_value(2027.07, Style::Level), "2,027.07");
        assert_eq!(format_value(198_000.0, Style::Level), "198,000");
        assert_eq!(format_value(12.5, Style::Level), "12.50");
        assert_eq!(with_thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(with_thousands(-0.001, 2), "0.00");
        assert_eq!(with_thousands(999.0, 0), "999");
    }

    #[test]
    fn metric_names_pick_their_style() {
        assert_eq!(style_of("ret_ytd"), Style::SignedPercent);
        assert_eq!(style_of("drawdown"), Style::SignedPercent);
        assert_eq!(style_of("vol_21d"), Style::Percent);
        assert_eq!(style_of("rsi14"), Style::Oscillator);
        assert_eq!(style_of("sma200"), Style::Level);
    }

    #[test]
    fn optional_values_read_with_a_dash_where_missing() {
        assert_eq!(number_or_dash(Some(2027.071), 2), "2,027.07");
        assert_eq!(number_or_dash(Some(198_000.0), 0), "198,000");
        assert_eq!(number_or_dash(None, 2), "—");
        assert_eq!(fixed_or_dash(Some(1234.567), 2), "1234.57");
        assert_eq!(fixed_or_dash(Some(-0.4), 2), "-0.40");
        assert_eq!(fixed_or_dash(None, 2), "—");
    }

    #[test]
    fn signed_changes_keep_their_sign() {
        assert_eq!(signed_percent(0.05, 1), "+5.0%");
        assert_eq!(signed_percent(-0.1, 1), "-10.0%");
        assert_eq!(signed_percent(0.0, 1), "+0.0%");
        assert_eq!(rebased_change(103.456), "+3.46%");
        assert_eq!(rebased_change(98.0), "-2.00%");
        assert_eq!(rebased_change(100.0), "+0.00%");
        assert_eq!(signed_sessions(3), "+3 sessions");
        assert_eq!(signed_sessions(-2), "-2 sessions");
        assert_eq!(signed_sessions(0), "+0 sessions");
    }

    #[test]
    fn p_values_for_people() {
        assert_eq!(super::p_value(None), "—");
        assert_eq!(super::p_value(Some(f64::NAN)), "—");
        assert_eq!(super::p_value(Some(0.00002)), "< 0.0001");
        assert_eq!(super::p_value(Some(0.00321)), "0.0032");
        assert_eq!(super::p_value(Some(0.4567)), "0.457");
    }
}
