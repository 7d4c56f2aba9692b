//! What the dashboard's panels share: regime and recession shading, the
//! colour a tooltip row shows, a tooltip/legend row, the price series'
//! palette slots and the legend's hidden set. Kept apart so each panel file
//! holds only its own chart spec and rows.

use crate::chart::{ChartTheme, Ink, Shade};
use crate::engine::dashboard::Dashboard;
use crate::engine::regime::Regime;
use crate::ui::components::chart_frame::SeriesValue;

/// The regime colours of the stylesheet (`--r-*`), so shading matches the
/// strip and the badge. Mixed and no-data are not shaded.
pub fn regime_ink(regime: Regime, light: bool) -> Option<Ink> {
    let (dark, bright) = match regime {
        Regime::LabourStress => ((0xef, 0x44, 0x44), (0xdc, 0x26, 0x26)),
        Regime::GrowthScare => ((0xf5, 0x9e, 0x0b), (0xd9, 0x77, 0x06)),
        Regime::LeadershipCrowded => ((0xe8, 0x79, 0xf9), (0xc0, 0x26, 0xd3)),
        Regime::NarrowRally => ((0xa7, 0x8b, 0xfa), (0x7c, 0x3a, 0xed)),
        Regime::SmallLeadership => ((0x22, 0xc5, 0x5e), (0x16, 0xa3, 0x4a)),
        Regime::LargeLeadership => ((0x38, 0xbd, 0xf8), (0x02, 0x84, 0xc7)),
        Regime::Mixed | Regime::NoData => return None,
    };
    let (r, g, b) = if light { bright } else { dark };
    Some(Ink::Rgb(r, g, b))
}

pub fn regime_shades(d: &Dashboard, light: bool) -> Vec<Shade> {
    d.regimes
        .iter()
        .filter_map(|s| {
            regime_ink(s.regime, light).map(|color| Shade {
                sessions: s.sessions.clone(),
                color,
                label: Some(s.regime.label().to_string()),
            })
        })
        .collect()
}

pub fn recession_shades(d: &Dashboard) -> Vec<Shade> {
    d.recessions
        .iter()
        .map(|r| Shade {
            sessions: r.clone(),
            color: Ink::Shade(0),
            label: Some("Recession (NBER, in hindsight)".to_string()),
        })
        .collect()
}

pub fn css(light: bool, ink: Ink) -> String {
    let theme = ChartTheme::for_mode(light);
    ChartTheme::css(theme.ink(ink))
}

/// A tooltip/legend value.
pub fn value(
    series: String,
    label: String,
    value: Option<f64>,
    text: String,
    color: String,
    hidden: &[String],
) -> SeriesValue {
    SeriesValue {
        hidden: hidden.contains(&series),
        series,
        label,
        value,
        text,
        color,
        toggles: true,
    }
}

/// Palette slot of the `i`-th price series: the role series keep the
/// colours the README and the compare chart use.
pub fn price_ink(i: usize) -> Ink {
    Ink::Palette(i)
}

pub fn shown(hidden: &[String], key: &str) -> bool {
    !hidden.iter().any(|k| k == key)
}
