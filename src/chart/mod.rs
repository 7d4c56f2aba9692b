//! Charts drawn with plotters, generic over `DrawingBackend`: the page draws
//! them on a `<canvas>` (plotters-canvas), native tests render the very same
//! functions to SVG.
//!
//! One time chart (`time_chart`: every dashboard panel with a date axis is
//! a spec of it), the relative rotation graph (`rrg`), per-pixel
//! decimation, tick choice and the theme.
//!
//! Invariant: chart code only lays out and draws values it is given; every
//! number it plots comes from the engine (`engine::dashboard`), decimation
//! only picks which of them to draw.

pub mod decimate;
mod paint;
pub mod rrg;
pub mod theme;
pub mod ticks;
pub mod time_chart;

pub use decimate::{decimate, ohlc_bars, Ohlc, OhlcBar};
pub use rrg::{draw_rrg, RrgChart, RrgTail};
pub use theme::Ink;
pub use ticks::YFormat;
pub use time_chart::{
    draw_time_chart, CandleStyle, ChartBars, ChartCandles, ChartLine, HLine, Marker, PlotGeometry,
    Shade, ThresholdFill, TimeChart,
};

pub use theme::ChartTheme;
