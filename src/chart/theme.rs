//! Colours for charts in dark and light mode, matching `style/main.css`,
//! and the one palette of the regimes: the stylesheet's `--regime-<name>`
//! properties (badge, strip, dots) and the charts' regime shading are the
//! same colours, which `tests/regime_colours.rs` checks.

use plotters::style::RGBColor;

use crate::engine::regime::Regime;

/// The palette a chart is drawn with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartTheme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    /// Line colours, assigned to series in order (colour-blind-safe set).
    pub palette: [RGBColor; 6],
    /// Gains, oversold bands, a rising line (`--pos` in the stylesheet).
    pub up: RGBColor,
    /// Losses, overbought bands, a falling line (`--neg`).
    pub down: RGBColor,
    /// Base colours of shaded spans (regime episodes, recessions); charts
    /// draw them translucent, so they are picked to read at low opacity:
    /// grey (recessions), green, red, amber, blue, violet.
    pub shades: [RGBColor; 6],
}

/// A colour named by its role, resolved through a [`ChartTheme`] so one chart
/// spec draws right in dark and light mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// `palette[i % 6]`.
    Palette(usize),
    Muted,
    Text,
    Up,
    Down,
    /// `shades[i % 6]`, for shaded spans.
    Shade(usize),
    /// A fixed colour, the same in both modes.
    Rgb(u8, u8, u8),
}

impl ChartTheme {
    pub fn dark() -> Self {
        ChartTheme {
            background: RGBColor(0x11, 0x18, 0x27),
            text: RGBColor(0xe5, 0xe7, 0xeb),
            muted: RGBColor(0x9c, 0xa3, 0xaf),
            grid: RGBColor(0x2a, 0x33, 0x45),
            palette: [
                RGBColor(0xf9, 0x73, 0x16), // orange: small caps
                RGBColor(0x38, 0xbd, 0xf8), // sky: large caps
                RGBColor(0xa7, 0x8b, 0xfa), // violet: growth
                RGBColor(0x34, 0xd3, 0x99), // green
                RGBColor(0xf4, 0x72, 0xb6), // pink
                RGBColor(0xfa, 0xcc, 0x15), // yellow
            ],
            up: RGBColor(0x34, 0xd3, 0x99),
            down: RGBColor(0xf8, 0x71, 0x71),
            shades: [
                RGBColor(0x9c, 0xa3, 0xaf),
                RGBColor(0x34, 0xd3, 0x99),
                RGBColor(0xf8, 0x71, 0x71),
                RGBColor(0xfb, 0xbf, 0x24),
                RGBColor(0x60, 0xa5, 0xfa),
                RGBColor(0xa7, 0x8b, 0xfa),
            ],
        }
    }

    pub fn light() -> Self {
        ChartTheme {
            background: RGBColor(0xff, 0xff, 0xff),
            text: RGBColor(0x11, 0x18, 0x27),
            muted: RGBColor(0x4b, 0x55, 0x63),
            grid: RGBColor(0xe5, 0xe7, 0xeb),
            palette: [
                RGBColor(0xc2, 0x41, 0x0c),
                RGBColor(0x02, 0x84, 0xc7),
                RGBColor(0x6d, 0x28, 0xd9),
                RGBColor(0x04, 0x78, 0x57),
                RGBColor(0xbe, 0x18, 0x5d),
                RGBColor(0xa1, 0x62, 0x07),
            ],
            up: RGBColor(0x04, 0x78, 0x57),
            down: RGBColor(0xb9, 0x1c, 0x1c),
            shades: [
                RGBColor(0x6b, 0x72, 0x80),
                RGBColor(0x05, 0x96, 0x69),
                RGBColor(0xdc, 0x26, 0x26),
                RGBColor(0xb4, 0x53, 0x09),
                RGBColor(0x25, 0x63, 0xeb),
                RGBColor(0x7c, 0x3a, 0xed),
            ],
        }
    }

    pub fn for_mode(light: bool) -> Self {
        if light {
            ChartTheme::light()
        } else {
            ChartTheme::dark()
        }
    }

    /// The colour `ink` names in this theme.
    pub fn ink(&self, ink: Ink) -> RGBColor {
        let pick = |set: &[RGBColor; 6], i: usize| set[i % set.len()];
        match ink {
            Ink::Palette(i) => pick(&self.palette, i),
            Ink::Muted => self.muted,
            Ink::Text => self.text,
            Ink::Up => self.up,
            Ink::Down => self.down,
            Ink::Shade(i) => pick(&self.shades, i),
            Ink::Rgb(r, g, b) => RGBColor(r, g, b),
        }
    }

    /// CSS hex of a palette colour, so legends in HTML match the lines.
    pub fn css(color: RGBColor) -> String {
        format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
    }
}

/// A regime's colour in each mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegimeColour {
    pub dark: RGBColor,
    pub light: RGBColor,
}

/// The colour of `regime` in dark and light mode; the light ones are a
/// shade deeper so the badge's border reads on white.
pub const fn regime_colours(regime: Regime) -> RegimeColour {
    let (dark, light) = match regime {
        Regime::LabourStress => (RGBColor(0xef, 0x44, 0x44), RGBColor(0xdc, 0x26, 0x26)),
        Regime::GrowthScare => (RGBColor(0xf5, 0x9e, 0x0b), RGBColor(0xd9, 0x77, 0x06)),
        Regime::LeadershipCrowded => (RGBColor(0xe8, 0x79, 0xf9), RGBColor(0xc0, 0x26, 0xd3)),
        Regime::NarrowRally => (RGBColor(0xa7, 0x8b, 0xfa), RGBColor(0x7c, 0x3a, 0xed)),
        Regime::SmallLeadership => (RGBColor(0x22, 0xc5, 0x5e), RGBColor(0x16, 0xa3, 0x4a)),
        Regime::LargeLeadership => (RGBColor(0x38, 0xbd, 0xf8), RGBColor(0x02, 0x84, 0xc7)),
        Regime::Mixed => (RGBColor(0x64, 0x74, 0x8b), RGBColor(0x64, 0x74, 0x8b)),
        Regime::NoData => (RGBColor(0x37, 0x41, 0x51), RGBColor(0xd1, 0xd5, 0xdb)),
    };
    RegimeColour { dark, light }
}

/// The colour of `regime` in the mode `light` picks.
pub fn regime_colour(regime: Regime, light: bool) -> RGBColor {
    let colours = regime_colours(regime);
    if light {
        colours.light
    } else {
        colours.dark
    }
}

/// The stylesheet's custom property holding `regime`'s colour:
/// `--regime-labour-stress` (the `data-regime` name, dashed).
pub fn regime_css_var(regime: Regime) -> String {
    format!("--regime-{}", regime.as_str().replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regimes_name_their_css_property_and_differ_by_mode() {
        assert_eq!(
            regime_css_var(Regime::LabourStress),
            "--regime-labour-stress"
        );
        assert_eq!(regime_css_var(Regime::NoData), "--regime-no-data");
        assert_eq!(
            ChartTheme::css(regime_colour(Regime::SmallLeadership, false)),
            "#22c55e"
        );
        assert_eq!(
            ChartTheme::css(regime_colour(Regime::SmallLeadership, true)),
            "#16a34a"
        );
    }
}
