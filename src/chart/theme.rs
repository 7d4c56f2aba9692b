//! Colours for charts in dark and light mode, matching `style/main.css`.

use plotters::style::RGBColor;

/// The palette a chart is drawn with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartTheme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted: RGBColor,
    pub grid: RGBColor,
    /// Line colours, assigned to series in order (colour-blind-safe set).
    pub palette: [RGBColor; 6],
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
        }
    }

    pub fn for_mode(light: bool) -> Self {
        if light {
            ChartTheme::light()
        } else {
            ChartTheme::dark()
        }
    }

    /// CSS hex of a palette colour, so legends in HTML match the lines.
    pub fn css(color: RGBColor) -> String {
        format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
    }
}
