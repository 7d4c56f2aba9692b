//! Charts drawn with plotters, generic over `DrawingBackend`: the page draws
//! them on a `<canvas>` (plotters-canvas), native tests render the very same
//! functions to SVG.
//!
//! Invariant: chart code only lays out and draws values it is given; every
//! number it plots comes from the engine (rebasing to 100 is the one
//! transformation done here, and it is exact scaling).

pub mod line;
pub mod performance;
pub mod theme;

pub use line::{draw_line_chart, LineChart};
pub use performance::{draw_performance, PerformanceChart, PerformanceLine};
pub use theme::ChartTheme;
