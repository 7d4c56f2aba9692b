//! The dashboard's charts (`chart::time_chart`, `chart::rrg`) rendered
//! natively through plotters' SVG backend — the same code the page draws on
//! canvases.
//!
//! Golden files: `tests/golden/charts/*.svg`, compared byte for byte. After a
//! deliberate change to the drawing, regenerate them with
//!
//! ```text
//! UPDATE_GOLDEN=1 cargo test --test charts
//! ```
//!
//! and look at the diff and the pictures (any browser opens the SVGs) before
//! committing. The assertion tests below do not depend on golden bytes.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use plotters::prelude::*;
use regime_radar::chart::{
    decimate, draw_rrg, draw_time_chart, CandleStyle, ChartBars, ChartCandles, ChartLine,
    ChartTheme, HLine, Ink, Marker, Ohlc, PlotGeometry, RrgChart, RrgTail, Shade, ThresholdFill,
    TimeChart, YFormat,
};
use regime_radar::engine::indicators::{Macd, MacdParams, Sma, WilderRsi};

// ---------------------------------------------------------------- fixtures

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// `n` weekday sessions from `from` (holidays don't matter to the chart).
fn sessions(from: NaiveDate, n: usize) -> Vec<NaiveDate> {
    from.iter_days()
        .filter(|d| d.weekday().number_from_monday() <= 5)
        .take(n)
        .collect()
}

/// A deterministic random walk (LCG noise): looks like a price, same bytes
/// on every machine.
fn walk(n: usize, start: f64, drift: f64, vol: f64, seed: u64) -> Vec<f64> {
    let mut state = seed;
    let mut price = start;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let u = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            price *= 1.0 + drift + vol * u;
            price
        })
        .collect()
}

fn some(values: &[f64]) -> Vec<Option<f64>> {
    values.iter().copied().map(Some).collect()
}

fn line<'a>(label: &str, values: &'a [Option<f64>], color: Ink, width: u32) -> ChartLine<'a> {
    ChartLine {
        first: 0,
        label: label.to_string(),
        values,
        color,
        width,
        dashed: false,
        step: false,
    }
}

fn hline(value: f64, label: &str, color: Ink, dashed: bool) -> HLine {
    HLine {
        value,
        label: label.to_string(),
        color,
        dashed,
    }
}

/// Sessions from `from` on that close above every close since `from`, once
/// `warmup` sessions have passed.
fn record_highs(closes: &[f64], from: usize, warmup: usize) -> Vec<usize> {
    let mut high = f64::MIN;
    let mut out = Vec::new();
    for (i, c) in closes.iter().enumerate().skip(from) {
        if *c > high {
            high = *c;
            if i >= from + warmup {
                out.push(i);
            }
        }
    }
    out
}

struct PriceData {
    dates: Vec<NaiveDate>,
    close: Vec<Option<f64>>,
    sma50: Vec<Option<f64>>,
    sma200: Vec<Option<f64>>,
    highs: Vec<usize>,
}

fn price_data() -> PriceData {
    let dates = sessions(day(2023, 1, 2), 780);
    let closes = walk(dates.len(), 182.0, 0.0004, 0.035, 7);
    let sma = |n| Sma::new(n).map(|s| s.over(&closes)).unwrap_or_default();
    PriceData {
        close: some(&closes),
        sma50: sma(50),
        sma200: sma(200),
        highs: record_highs(&closes, 120, 60),
        dates,
    }
}

fn price_chart<'a>(data: &'a PriceData, log: bool) -> TimeChart<'a> {
    let n = data.dates.len();
    let last = data.close[n - 1].unwrap_or(100.0);
    let mut markers: Vec<Marker> = data
        .highs
        .iter()
        .map(|&i| Marker {
            index: i,
            value: data.close[i],
            label: String::new(),
            color: Ink::Up,
        })
        .collect();
    if let Some(m) = markers.last_mut() {
        m.label = "Record high".to_string();
    }
    // FOMC meetings, roughly every six weeks.
    markers.extend((20..n).step_by(32).map(|i| Marker {
        index: i,
        value: None,
        label: "FOMC".to_string(),
        color: Ink::Muted,
    }));
    let mut close = line("IWM", &data.close, Ink::Palette(0), 2);
    close.width = 2;
    let mut sma200 = line("SMA 200", &data.sma200, Ink::Palette(2), 1);
    sma200.dashed = true;
    TimeChart {
        dates: &data.dates,
        visible: 120..n,
        lines: vec![
            close,
            line("SMA 50", &data.sma50, Ink::Palette(1), 1),
            sma200,
        ],
        hlines: vec![
            hline(last * 1.17, "Target +17%", Ink::Up, true),
            hline(last * 1.05, "Target +5%", Ink::Up, true),
            hline(last * 0.92, "Stop −8%", Ink::Down, true),
        ],
        shading: vec![
            Shade {
                sessions: 200..330,
                color: Ink::Shade(0),
                label: Some("Risk-off".to_string()),
            },
            Shade {
                sessions: 520..640,
                color: Ink::Shade(1),
                label: Some("Small caps lead".to_string()),
            },
        ],
        markers,
        log,
        y_format: YFormat::Number(0),
        empty_note: "Load a price series".to_string(),
        legend: true,
        ..TimeChart::default()
    }
}

// ---------------------------------------------------------------- rendering

fn render(
    chart: &TimeChart,
    theme: &ChartTheme,
    size: (u32, u32),
    scale: f64,
) -> (String, PlotGeometry) {
    let mut svg = String::new();
    let geometry = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw_time_chart(&root, chart, theme, scale)
    };
    match geometry {
        Ok(g) => (svg, g),
        Err(e) => panic!("drawing failed: {e:?}"),
    }
}

fn render_rrg(chart: &RrgChart, theme: &ChartTheme, size: (u32, u32)) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        assert!(draw_rrg(&root, chart, theme, 1.0).is_ok());
    }
    svg
}

/// Compares `svg` with `tests/golden/charts/<name>.svg`, or writes it when
/// `UPDATE_GOLDEN` is set.
fn golden(name: &str, svg: &str) {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "golden", "charts"]
        .iter()
        .collect::<PathBuf>()
        .join(format!("{name}.svg"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let written = path
            .parent()
            .map(std::fs::create_dir_all)
            .map(|_| std::fs::write(&path, svg));
        assert!(matches!(written, Some(Ok(()))), "cannot write {path:?}");
        return;
    }
    let Ok(expected) = std::fs::read_to_string(&path) else {
        panic!("{path:?} missing: run UPDATE_GOLDEN=1 cargo test --test charts");
    };
    assert!(
        expected == svg,
        "{name}.svg differs from its golden file; if the change is intended, \
         regenerate with UPDATE_GOLDEN=1 cargo test --test charts and review the diff"
    );
}

fn themes() -> [(&'static str, ChartTheme); 2] {
    [("dark", ChartTheme::dark()), ("light", ChartTheme::light())]
}

/// The points of every `<polyline>` in an SVG.
fn polyline_points(svg: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split("<polyline")
        .skip(1)
        .filter_map(|rest| {
            let points = rest.split("points=\"").nth(1)?.split('"').next()?;
            Some(
                points
                    .split_whitespace()
                    .filter_map(|p| {
                        let (x, y) = p.split_once(',')?;
                        Some((x.parse().ok()?, y.parse().ok()?))
                    })
                    .collect(),
            )
        })
        .collect()
}

/// The text content of every `<text>` element.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|rest| {
            let body = rest.split_once('>')?.1;
            Some(body.split("</text>").next()?.trim().to_string())
        })
        .collect()
}

// ---------------------------------------------------------------- goldens

#[test]
fn golden_price_linear_and_log() {
    let data = price_data();
    for (mode, theme) in themes() {
        for log in [false, true] {
            let (svg, _) = render(&price_chart(&data, log), &theme, (900, 380), 1.0);
            let scale = if log { "log" } else { "linear" };
            golden(&format!("price_{scale}_{mode}"), &svg);
        }
    }
}

#[test]
fn golden_compare_and_ratio() {
    let dates = sessions(day(2025, 6, 2), 150);
    let small = walk(dates.len(), 100.0, 0.0008, 0.03, 11);
    let large = walk(dates.len(), 100.0, 0.0004, 0.02, 12);
    let rebase = |v: &[f64]| some(&v.iter().map(|x| 100.0 * x / v[0]).collect::<Vec<_>>());
    let (small_r, large_r) = (rebase(&small), rebase(&large));
    let ratio: Vec<f64> = small.iter().zip(&large).map(|(a, b)| a / b).collect();
    let ratio_ma = Sma::new(20).map(|s| s.over(&ratio)).unwrap_or_default();
    let ratio = some(&ratio);
    let mean = ratio.iter().flatten().sum::<f64>() / ratio.len() as f64;
    for (mode, theme) in themes() {
        let compare = TimeChart {
            dates: &dates,
            visible: 0..dates.len(),
            lines: vec![
                line("IWM", &small_r, Ink::Palette(0), 2),
                line("SPY", &large_r, Ink::Palette(1), 2),
            ],
            hlines: vec![hline(100.0, "Base 100", Ink::Muted, false)],
            y_format: YFormat::Number(0),
            legend: true,
            ..TimeChart::default()
        };
        golden(
            &format!("compare_{mode}"),
            &render(&compare, &theme, (720, 300), 1.0).0,
        );
        let mut ma = line("20-day average", &ratio_ma, Ink::Muted, 1);
        ma.dashed = true;
        let ratio_chart = TimeChart {
            dates: &dates,
            visible: 0..dates.len(),
            lines: vec![line("IWM / SPY", &ratio, Ink::Palette(0), 2), ma],
            hlines: vec![hline(mean, "Mean of window", Ink::Muted, true)],
            y_format: YFormat::Number(3),
            title: Some("Small / large".to_string()),
            ..TimeChart::default()
        };
        golden(
            &format!("ratio_{mode}"),
            &render(&ratio_chart, &theme, (720, 220), 1.0).0,
        );
    }
}

fn rsi_values() -> (Vec<NaiveDate>, Vec<Option<f64>>) {
    let dates = sessions(day(2025, 1, 6), 260);
    // Trending runs up and down, so RSI reaches its bands.
    let closes: Vec<f64> = walk(dates.len(), 200.0, 0.0, 0.03, 5)
        .iter()
        .enumerate()
        .map(|(i, c)| c * (1.0 + 0.12 * (i as f64 / 14.0).sin()))
        .collect();
    let rsi = WilderRsi::new(14)
        .map(|r| r.over(&closes))
        .unwrap_or_default();
    (dates, rsi)
}

fn rsi_chart<'a>(dates: &'a [NaiveDate], rsi: &'a [Option<f64>]) -> TimeChart<'a> {
    TimeChart {
        dates,
        visible: 0..dates.len(),
        lines: vec![line("RSI(14)", rsi, Ink::Palette(2), 1)],
        hlines: vec![
            hline(70.0, "70", Ink::Down, true),
            hline(50.0, "", Ink::Muted, false),
            hline(30.0, "30", Ink::Up, true),
        ],
        fills: vec![
            ThresholdFill {
                values: rsi,
                first: 0,
                level: 70.0,
                above: true,
                color: Ink::Down,
            },
            ThresholdFill {
                values: rsi,
                first: 0,
                level: 30.0,
                above: false,
                color: Ink::Up,
            },
        ],
        y_format: YFormat::Number(0),
        ..TimeChart::default()
    }
}

#[test]
fn golden_rsi_with_bands() {
    let (dates, rsi) = rsi_values();
    for (mode, theme) in themes() {
        let (svg, _) = render(&rsi_chart(&dates, &rsi), &theme, (720, 180), 1.0);
        golden(&format!("rsi_{mode}"), &svg);
    }
}

/// MACD(12, 26, 9) of a random walk: the line, its signal and histogram.
fn macd_values(n: usize) -> (Vec<NaiveDate>, [Vec<Option<f64>>; 3]) {
    let dates = sessions(day(2024, 1, 2), n);
    let closes: Vec<f64> = walk(n, 200.0, 0.0, 0.03, 9)
        .iter()
        .enumerate()
        .map(|(i, c)| c * (1.0 + 0.1 * (i as f64 / 17.0).sin()))
        .collect();
    let out = Macd::new(MacdParams::default())
        .map(|m| m.over(&closes))
        .unwrap_or_default();
    let pick = |f: fn(&regime_radar::engine::indicators::MacdOutput) -> f64| {
        out.iter().map(|o| o.as_ref().map(f)).collect::<Vec<_>>()
    };
    (
        dates,
        [pick(|o| o.macd), pick(|o| o.signal), pick(|o| o.histogram)],
    )
}

fn macd_chart<'a>(dates: &'a [NaiveDate], m: &'a [Vec<Option<f64>>; 3]) -> TimeChart<'a> {
    let mut signal = line("Signal 9", &m[1], Ink::Palette(3), 1);
    signal.dashed = false;
    TimeChart {
        dates,
        visible: 0..dates.len(),
        lines: vec![line("MACD 12/26", &m[0], Ink::Palette(2), 1), signal],
        bars: vec![ChartBars {
            label: "Histogram".to_string(),
            values: &m[2],
            first: 0,
            up: Ink::Up,
            down: Ink::Down,
            direction: None,
        }],
        hlines: vec![hline(0.0, "", Ink::Muted, false)],
        y_format: YFormat::Number(2),
        legend: true,
        ..TimeChart::default()
    }
}

fn hex(theme: &ChartTheme, ink: Ink) -> String {
    let c = theme.ink(ink);
    format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)
}

/// The `(y, height)` of every histogram rectangle of one colour.
fn bar_rects(svg: &str, fill: &str) -> Vec<(f64, f64)> {
    svg.split("<rect")
        .skip(1)
        .filter(|r| r.contains(fill) && r.contains("opacity=\"0.85\""))
        .filter_map(|r| {
            let attr = |name: &str| -> Option<f64> {
                r.split(&format!(" {name}=\""))
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()
            };
            Some((attr("y")?, attr("height")?))
        })
        .collect()
}

#[test]
fn golden_macd_with_histogram_bars() {
    let (dates, m) = macd_values(160);
    for (mode, theme) in themes() {
        let (svg, _) = render(&macd_chart(&dates, &m), &theme, (720, 200), 1.0);
        golden(&format!("macd_{mode}"), &svg);
    }
}

/// One bar per session while sessions are wide: as many up bars as
/// non-negative histogram values, each standing on the zero line (up bars
/// end on it, down bars start from it); dense, one column of extremes per
/// pixel, so the element count is bounded by the plot width.
#[test]
fn histogram_bars_stand_on_zero_and_stay_bounded_when_dense() {
    let theme = ChartTheme::dark();
    let (up, down) = (hex(&theme, Ink::Up), hex(&theme, Ink::Down));
    let (dates, m) = macd_values(160);
    let (svg, g) = render(&macd_chart(&dates, &m), &theme, (720, 200), 1.0);
    let zero = g.y_of(0.0).unwrap_or(f64::NAN).round();
    let ups = bar_rects(&svg, &up);
    let downs = bar_rects(&svg, &down);
    let positive = m[2].iter().flatten().filter(|v| **v >= 0.0).count();
    let negative = m[2].iter().flatten().filter(|v| **v < 0.0).count();
    assert_eq!((ups.len(), downs.len()), (positive, negative));
    assert!(
        ups.iter().all(|(y, h)| (y + h - zero).abs() <= 1.0),
        "{ups:?} vs {zero}"
    );
    assert!(
        downs.iter().all(|(y, _)| (y - zero).abs() <= 1.0),
        "{downs:?} vs {zero}"
    );
    // The y range holds the bars: the tallest reaches into the plot, not past it.
    assert!(ups.iter().all(|(y, _)| *y >= g.top - 1.0));

    let (dates, m) = macd_values(20_000);
    let (svg, g) = render(&macd_chart(&dates, &m), &theme, (720, 200), 1.0);
    let columns = (g.right - g.left).ceil() as usize + 1;
    let drawn = bar_rects(&svg, &up).len() + bar_rects(&svg, &down).len();
    assert!(
        drawn > columns / 2 && drawn <= 2 * columns,
        "{drawn} rects for {columns} columns"
    );
    // The dense envelope keeps the extremes: the highest bar is the maximum.
    let max = m[2].iter().flatten().fold(f64::MIN, |a, b| a.max(*b));
    let top = bar_rects(&svg, &up)
        .iter()
        .map(|(y, _)| *y)
        .fold(f64::MAX, f64::min);
    assert!((top - g.y_of(max).unwrap_or(f64::NAN).round()).abs() <= 1.0);
}

/// Deterministic daily bars: each opens at the previous close, closes on a
/// random walk, and reaches a little beyond both.
struct Bars {
    dates: Vec<NaiveDate>,
    open: Vec<Option<f64>>,
    high: Vec<Option<f64>>,
    low: Vec<Option<f64>>,
    close: Vec<Option<f64>>,
}

fn bars(n: usize) -> Bars {
    let dates = sessions(day(2024, 1, 2), n);
    let close = walk(n, 120.0, 0.0003, 0.04, 21);
    let reach = walk(n, 1.0, 0.0, 0.5, 5);
    let mut out = Bars {
        dates,
        open: Vec::new(),
        high: Vec::new(),
        low: Vec::new(),
        close: some(&close),
    };
    for (i, c) in close.iter().enumerate() {
        let o = if i == 0 { *c } else { close[i - 1] };
        let r = 0.004 + 0.01 * (reach[i] - reach[i].floor());
        out.open.push(Some(o));
        out.high.push(Some(o.max(*c) * (1.0 + r)));
        out.low.push(Some(o.min(*c) * (1.0 - r)));
    }
    out
}

impl Bars {
    fn ohlc(&self) -> Ohlc<'_> {
        Ohlc {
            open: &self.open,
            high: &self.high,
            low: &self.low,
            close: &self.close,
        }
    }
}

fn candle_chart(b: &Bars, style: CandleStyle, visible: std::ops::Range<usize>) -> TimeChart<'_> {
    TimeChart {
        dates: &b.dates,
        visible,
        candles: vec![ChartCandles {
            label: "IWM".to_string(),
            ohlc: b.ohlc(),
            first: 0,
            style,
            up: Ink::Up,
            down: Ink::Down,
        }],
        y_format: YFormat::Number(2),
        legend: true,
        ..TimeChart::default()
    }
}

#[test]
fn golden_candles_and_ohlc_bars() {
    let b = bars(90);
    for (mode, theme) in themes() {
        let svg = render(
            &candle_chart(&b, CandleStyle::Candles, 0..90),
            &theme,
            (720, 260),
            1.0,
        )
        .0;
        golden(&format!("candles_{mode}"), &svg);
        let svg = render(
            &candle_chart(&b, CandleStyle::Ohlc, 0..90),
            &theme,
            (720, 260),
            1.0,
        )
        .0;
        golden(&format!("ohlc_{mode}"), &svg);
    }
}

/// The `(x, y, width, height)` of every opaque rectangle of one colour.
fn solid_rects(svg: &str, fill: &str) -> Vec<(f64, f64, f64, f64)> {
    svg.split("<rect")
        .skip(1)
        .filter(|r| r.contains(fill) && !r.contains("opacity=\"0."))
        .filter_map(|r| {
            let attr = |name: &str| -> Option<f64> {
                r.split(&format!(" {name}=\""))
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse()
                    .ok()
            };
            Some((attr("x")?, attr("y")?, attr("width")?, attr("height")?))
        })
        .collect()
}

/// Wide sessions: a wick and a body per session (the last close's axis tag
/// is one more rectangle). 20,000 sessions in 720 px: one bar per pixel
/// column, so the element count is bounded by the width, and the drawn
/// bars reach exactly the true highest high and lowest low.
#[test]
fn candles_are_per_session_when_wide_and_bounded_with_true_extremes_when_dense() {
    let theme = ChartTheme::dark();
    let (up, down) = (hex(&theme, Ink::Up), hex(&theme, Ink::Down));
    let b = bars(90);
    let (svg, _) = render(
        &candle_chart(&b, CandleStyle::Candles, 0..90),
        &theme,
        (720, 260),
        1.0,
    );
    let drawn = solid_rects(&svg, &up).len() + solid_rects(&svg, &down).len();
    assert_eq!(drawn, 2 * 90 + 1, "wick + body per session, plus the tag");

    let n = 20_000;
    let b = bars(n);
    for style in [CandleStyle::Candles, CandleStyle::Ohlc] {
        let (svg, g) = render(&candle_chart(&b, style, 0..n), &theme, (720, 260), 1.0);
        let rects: Vec<_> = [&up, &down]
            .iter()
            .flat_map(|fill| solid_rects(&svg, fill))
            .collect();
        let columns = (g.right - g.left).ceil() as usize + 1;
        assert!(
            rects.len() > columns / 2 && rects.len() <= columns + 1,
            "{} rects for {columns} columns",
            rects.len()
        );
        assert!(
            svg.matches("<polyline").count() == 0,
            "no per-session paths"
        );
        let highest = b.high.iter().flatten().fold(f64::MIN, |a, v| a.max(*v));
        let lowest = b.low.iter().flatten().fold(f64::MAX, |a, v| a.min(*v));
        let bars_only = rects.iter().filter(|r| r.2 <= 1.0);
        let top = bars_only.clone().map(|r| r.1).fold(f64::MAX, f64::min);
        let bottom = bars_only.map(|r| r.1 + r.3).fold(f64::MIN, f64::max);
        let y = |v: f64| g.y_of(v).unwrap_or(f64::NAN).round();
        assert_eq!(top, y(highest), "the highest high is drawn");
        assert_eq!(bottom, y(lowest), "the lowest low is drawn");
    }
    // The aggregation itself keeps the true extremes of every column.
    let merged = regime_radar::chart::ohlc_bars(&b.ohlc(), 0, 0..n, 700, f64::is_finite);
    assert!(merged.len() <= 700);
    for bar in &merged {
        let span = bar.first..=bar.last;
        let hi = b.high[span.clone()]
            .iter()
            .flatten()
            .fold(f64::MIN, |a, v| a.max(*v));
        let lo = b.low[span.clone()]
            .iter()
            .flatten()
            .fold(f64::MAX, |a, v| a.min(*v));
        assert_eq!((bar.high, bar.low), (hi, lo));
        assert_eq!(Some(bar.open), b.open[bar.first]);
        assert_eq!(Some(bar.close), b.close[bar.last]);
    }
}

/// Each line's last visible value is written on the right axis, in the
/// axis' format; a window ending earlier shows that session's value.
#[test]
fn the_last_visible_value_of_each_line_is_labelled_on_the_axis() {
    let data = price_data();
    let n = data.dates.len();
    let (svg, _) = render(
        &price_chart(&data, false),
        &ChartTheme::dark(),
        (720, 320),
        1.0,
    );
    let labels = texts(&svg);
    for column in [&data.close, &data.sma50, &data.sma200] {
        let last = column[n - 1].unwrap_or(f64::NAN);
        let text = regime_radar::format::with_thousands(last, 0);
        assert!(labels.contains(&text), "{text} not in {labels:?}");
    }
    let mut earlier = price_chart(&data, false);
    earlier.visible = 120..400;
    let (svg, _) = render(&earlier, &ChartTheme::dark(), (720, 320), 1.0);
    let text = regime_radar::format::with_thousands(data.close[399].unwrap_or(f64::NAN), 0);
    assert!(texts(&svg).contains(&text), "{text}");
}

/// Payrolls as known each session: unknown before the first release, then
/// held until the next one.
fn payrolls() -> (Vec<NaiveDate>, Vec<Option<f64>>) {
    let dates = sessions(day(2024, 1, 2), 420);
    let prints = [
        256_000.0, 229_000.0, 310_000.0, 175_000.0, 218_000.0, 206_000.0, 114_000.0, 159_000.0,
        254_000.0, 12_000.0, 227_000.0, 256_000.0, 143_000.0, 151_000.0, 228_000.0, 177_000.0,
        139_000.0, 147_000.0, 73_000.0, 22_000.0,
    ];
    let values = dates
        .iter()
        .enumerate()
        .map(|(i, _)| match i {
            0..=14 => None,
            _ => prints.get((i - 15) / 21).copied(),
        })
        .collect();
    (dates, values)
}

#[test]
fn golden_macro_step_with_title_and_gap() {
    let (dates, values) = payrolls();
    for (mode, theme) in themes() {
        let mut step = line("Payrolls", &values, Ink::Palette(3), 2);
        step.step = true;
        let chart = TimeChart {
            dates: &dates,
            visible: 0..dates.len(),
            lines: vec![step],
            shading: vec![Shade {
                sessions: 300..360,
                color: Ink::Shade(0),
                label: None,
            }],
            y_format: YFormat::Compact,
            title: Some("Nonfarm payrolls, monthly change (as known)".to_string()),
            ..TimeChart::default()
        };
        golden(
            &format!("macro_{mode}"),
            &render(&chart, &theme, (420, 170), 1.0).0,
        );
    }
}

#[test]
fn golden_gap_and_empty() {
    let dates = sessions(day(2025, 9, 1), 60);
    let mut values = some(&walk(dates.len(), 50.0, 0.0, 0.04, 3));
    for v in &mut values[20..28] {
        *v = None;
    }
    values[40] = Some(f64::NAN);
    let chart = TimeChart {
        dates: &dates,
        visible: 0..dates.len(),
        lines: vec![line("With a gap", &values, Ink::Palette(1), 2)],
        y_format: YFormat::Number(1),
        ..TimeChart::default()
    };
    let theme = ChartTheme::dark();
    golden("gap_dark", &render(&chart, &theme, (600, 220), 1.0).0);
    let empty = TimeChart {
        dates: &dates,
        visible: 0..0,
        empty_note: "Nothing known in this window".to_string(),
        ..TimeChart::default()
    };
    golden("empty_dark", &render(&empty, &theme, (600, 220), 1.0).0);
}

fn rrg_fixture() -> RrgChart {
    // Tails rotating clockwise, as RRG tails do, at different phases.
    let tail = |label: &str, color, phase: f64, radius: f64| RrgTail {
        label: label.to_string(),
        color,
        points: (0..10)
            .map(|k| {
                let a = phase - 0.22 * k as f64;
                let r = radius * (0.7 + 0.03 * k as f64);
                (
                    day(2025, 9, 5) + chrono::Days::new(7 * k as u64),
                    100.0 + r * a.cos(),
                    100.0 + r * a.sin(),
                )
            })
            .collect(),
    };
    RrgChart {
        tails: vec![
            tail("IWM", Ink::Palette(0), 2.6, 2.2),
            tail("QQQ", Ink::Palette(1), 0.9, 1.6),
            tail("IWD", Ink::Palette(2), -0.9, 1.2),
            tail("IWF", Ink::Palette(3), 4.2, 1.8),
        ],
        note: "Approximation of JdK RS-Ratio / RS-Momentum · weekly, vs SPY".to_string(),
    }
}

#[test]
fn golden_rrg_and_empty_rrg() {
    for (mode, theme) in themes() {
        golden(
            &format!("rrg_{mode}"),
            &render_rrg(&rrg_fixture(), &theme, (520, 520)),
        );
    }
    let svg = render_rrg(&RrgChart::default(), &ChartTheme::dark(), (520, 520));
    assert!(texts(&svg)
        .iter()
        .any(|t| t.contains("Not enough weekly history")));
    golden("rrg_empty_dark", &svg);
}

// ---------------------------------------------------------------- assertions

#[test]
fn stacked_charts_of_one_width_share_their_plot_edges() {
    let dates = sessions(day(2025, 1, 6), 100);
    let tiny = some(&(0..100).map(|i| i as f64 * 0.001).collect::<Vec<_>>());
    let huge = some(&(0..100).map(|i| 1e9 + i as f64 * 1e7).collect::<Vec<_>>());
    let chart = |values| TimeChart {
        dates: &dates,
        visible: 0..100,
        lines: vec![line("x", values, Ink::Text, 1)],
        y_format: YFormat::Number(2),
        ..TimeChart::default()
    };
    let (_, a) = render(&chart(&tiny), &ChartTheme::dark(), (640, 200), 1.0);
    let (_, b) = render(&chart(&huge), &ChartTheme::dark(), (640, 300), 1.0);
    assert_eq!((a.left, a.right), (b.left, b.right));
    assert!(a.y_hi < 1.0 && b.y_lo > 9e8);
}

#[test]
fn a_session_maps_to_its_x_and_back() {
    let data = price_data();
    let chart = price_chart(&data, false);
    let (_, g) = render(&chart, &ChartTheme::dark(), (900, 380), 1.0);
    assert_eq!(g.visible, chart.visible);
    for i in g.visible.clone() {
        assert_eq!(g.index_at(g.x_of(i)), Some(i));
    }
    assert_eq!(g.index_at(g.left - 2.0), Some(g.visible.start));
    assert_eq!(g.index_at(g.right + 2.0), Some(g.visible.end - 1));
    assert_eq!(g.index_at(g.left - 40.0), None);
    let v = 200.0;
    let y = g.y_of(v).unwrap_or_default();
    assert!((g.value_at(y).unwrap_or_default() - v).abs() < 1e-9);
}

#[test]
fn scale_two_doubles_the_geometry() {
    let data = price_data();
    let chart = price_chart(&data, false);
    let (svg1, one) = render(&chart, &ChartTheme::dark(), (450, 200), 1.0);
    let (svg2, two) = render(&chart, &ChartTheme::dark(), (900, 400), 2.0);
    assert_eq!(
        (two.left, two.right, two.top, two.bottom),
        (
            2.0 * one.left,
            2.0 * one.right,
            2.0 * one.top,
            2.0 * one.bottom
        )
    );
    assert_eq!((one.y_lo, one.y_hi), (two.y_lo, two.y_hi));
    assert_eq!(one.index_at(one.x_of(400)), two.index_at(two.x_of(400)));
    // The same labels, at twice the font size.
    assert_eq!(texts(&svg1), texts(&svg2));
    assert!(svg1.contains("font-size=\"8.870967741935484\""));
    assert!(svg2.contains("font-size=\"17.741935483870968\""));
}

#[test]
fn a_drawing_area_offset_shifts_the_geometry() {
    let dates = sessions(day(2025, 1, 6), 50);
    let values = some(&walk(50, 10.0, 0.0, 0.02, 1));
    let chart = TimeChart {
        dates: &dates,
        visible: 0..50,
        lines: vec![line("x", &values, Ink::Text, 1)],
        ..TimeChart::default()
    };
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
    let (upper, lower) = root.split_vertically(200);
    let a = draw_time_chart(&upper, &chart, &ChartTheme::dark(), 1.0).ok();
    let b = draw_time_chart(&lower, &chart, &ChartTheme::dark(), 1.0).ok();
    let (Some(a), Some(b)) = (a, b) else {
        panic!("drawing failed")
    };
    assert_eq!(b.top, a.top + 200.0);
    assert_eq!((a.left, a.right), (b.left, b.right));
}

#[test]
fn log_scale_labels_read_in_real_units_at_even_decades() {
    let dates = sessions(day(2000, 1, 3), 500);
    let mut values: Vec<Option<f64>> = (0..500).map(|i| Some(12.0 * 1.015f64.powi(i))).collect();
    // Non-positive values cannot be placed on a log scale: gaps.
    values[200] = Some(0.0);
    values[201] = Some(-5.0);
    let chart = TimeChart {
        dates: &dates,
        visible: 0..500,
        lines: vec![line("exp", &values, Ink::Palette(0), 1)],
        log: true,
        y_format: YFormat::Number(0),
        ..TimeChart::default()
    };
    let (svg, g) = render(&chart, &ChartTheme::dark(), (600, 400), 1.0);
    let labels = texts(&svg);
    for expected in ["100", "1,000", "10,000"] {
        assert!(
            labels.iter().any(|l| l == expected),
            "{expected} in {labels:?}"
        );
    }
    let y = |v| g.y_of(v).unwrap_or(f64::NAN);
    assert!(((y(100.0) - y(1000.0)) - (y(1000.0) - y(10_000.0))).abs() < 1e-6);
    assert!(g.y_lo > 0.0 && g.y_lo < 12.0 && g.y_hi > 12.0 * 1.015f64.powi(499));
    assert_eq!(g.y_of(0.0), None);
}

#[test]
fn a_million_sessions_draw_at_most_four_points_per_pixel_column() {
    let n = 1_000_000;
    let start = day(1900, 1, 1);
    let dates: Vec<NaiveDate> = (0..n as u64)
        .map(|i| start + chrono::Days::new(i))
        .collect();
    let values = some(&walk(n, 100.0, 0.0, 0.02, 9));
    let chart = TimeChart {
        dates: &dates,
        visible: 0..n,
        lines: vec![line("long", &values, Ink::Palette(0), 1)],
        ..TimeChart::default()
    };
    let (svg, g) = render(&chart, &ChartTheme::dark(), (800, 300), 1.0);
    let lines = polyline_points(&svg);
    assert_eq!(lines.len(), 1, "one path for one gapless line");
    let width = (g.right - g.left).round() as usize;
    assert!(
        lines[0].len() <= 4 * width,
        "{} points for {width} px",
        lines[0].len()
    );
    assert!(lines[0].len() > width, "decimation keeps the extremes");
    // The decimated points are the raw extremes: the path spans the data.
    let raw = decimate(&values, 0..n, width);
    assert!(raw.iter().map(Vec::len).sum::<usize>() >= lines[0].len());
}

#[test]
fn a_line_given_only_for_the_window_draws_as_the_whole_column_would() {
    // The compare panel computes its rebased lines for the visible window
    // only (`first` = the window's start): the picture must not change,
    // neither when every point is drawn nor when decimated.
    let dates = sessions(day(2000, 1, 3), 6000);
    let values = some(&walk(dates.len(), 100.0, 0.0002, 0.02, 11));
    for visible in [5200..5450, 1000..6000] {
        let whole = TimeChart {
            dates: &dates,
            visible: visible.clone(),
            lines: vec![line("whole", &values, Ink::Palette(0), 2)],
            ..TimeChart::default()
        };
        let window = &values[visible.clone()];
        let mut cut = line("whole", window, Ink::Palette(0), 2);
        cut.first = visible.start;
        let windowed = TimeChart {
            lines: vec![cut],
            ..whole.clone()
        };
        let (a, ga) = render(&whole, &ChartTheme::light(), (700, 260), 1.0);
        let (b, gb) = render(&windowed, &ChartTheme::light(), (700, 260), 1.0);
        assert_eq!(ga, gb, "geometry over {visible:?}");
        assert!(!polyline_points(&a).is_empty());
        assert_eq!(a, b, "pixels over {visible:?}");
    }
}

#[test]
fn gaps_are_breaks_not_zeros_nor_hidden() {
    let dates = sessions(day(2025, 9, 1), 40);
    let mut values = some(&walk(40, 100.0, 0.0, 0.01, 4));
    values[10] = None;
    values[25] = Some(f64::NAN);
    values[30] = Some(f64::INFINITY);
    let chart = TimeChart {
        dates: &dates,
        visible: 0..40,
        lines: vec![line("x", &values, Ink::Palette(0), 2)],
        ..TimeChart::default()
    };
    let (svg, g) = render(&chart, &ChartTheme::dark(), (600, 200), 1.0);
    let lines = polyline_points(&svg);
    assert_eq!(lines.len(), 4, "a break at each gap");
    assert!(g.y_lo > 90.0, "a gap never pulls the range to zero");
    // No segment crosses a gap: every path lies on one side of it.
    for gap in [10, 25, 30] {
        let x = g.x_of(gap);
        assert!(lines
            .iter()
            .all(|l| l.iter().all(|p| p.0 < x) || l.iter().all(|p| p.0 > x)));
    }
    // A lone value between two gaps still shows, as a dot.
    let mut lonely = values.clone();
    lonely[11] = None;
    lonely[13] = None;
    let chart = TimeChart {
        lines: vec![line("x", &lonely, Ink::Palette(0), 2)],
        ..chart
    };
    let (svg, _) = render(&chart, &ChartTheme::dark(), (600, 200), 1.0);
    assert!(svg.contains("<circle"));
}

#[test]
fn nothing_to_plot_draws_the_note_and_no_crosshair() {
    let dates = sessions(day(2025, 9, 1), 10);
    let gaps = vec![None; 10];
    let cases = [0..0, 20..30, 0..10];
    for visible in cases {
        let chart = TimeChart {
            dates: &dates,
            visible,
            lines: vec![line("x", &gaps, Ink::Palette(0), 2)],
            hlines: vec![hline(70.0, "70", Ink::Down, true)],
            empty_note: "No RSI yet: it needs 15 sessions".to_string(),
            ..TimeChart::default()
        };
        let (svg, g) = render(&chart, &ChartTheme::dark(), (400, 160), 1.0);
        assert!(texts(&svg).iter().any(|t| t.contains("No RSI yet")));
        assert!(g.visible.is_empty());
        assert_eq!(g.index_at(g.left + 10.0), None);
    }
    // A canvas too small to hold a plot is not an error either.
    let chart = rsi_values();
    let (_, g) = render(
        &rsi_chart(&chart.0, &chart.1),
        &ChartTheme::dark(),
        (30, 20),
        1.0,
    );
    assert!(g.visible.is_empty());
}

#[test]
fn a_caption_too_long_for_a_small_multiple_is_shortened_not_cut_off() {
    let (dates, values) = payrolls();
    let chart = TimeChart {
        dates: &dates,
        visible: 0..dates.len(),
        lines: vec![line("Payrolls", &values, Ink::Palette(3), 2)],
        title: Some("Nonfarm payrolls, monthly change, as known on each session".to_string()),
        legend: true,
        ..TimeChart::default()
    };
    let (svg, _) = render(&chart, &ChartTheme::dark(), (240, 150), 1.0);
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t.starts_with("Nonfarm") && t.ends_with('…')),
        "{:?}",
        texts(&svg)
    );
}

#[test]
fn target_lines_far_from_the_data_are_in_range_and_labelled_apart() {
    let dates = sessions(day(2025, 9, 1), 50);
    let values = some(&walk(50, 100.0, 0.0, 0.005, 2));
    let chart = TimeChart {
        dates: &dates,
        visible: 0..50,
        lines: vec![line("x", &values, Ink::Palette(0), 2)],
        hlines: vec![
            hline(140.0, "Target +40%", Ink::Up, true),
            hline(140.5, "Target +40.5%", Ink::Up, true),
            hline(60.0, "Stop", Ink::Down, false),
        ],
        ..TimeChart::default()
    };
    let (svg, g) = render(&chart, &ChartTheme::light(), (600, 300), 1.0);
    assert!(g.y_hi > 140.5 && g.y_lo < 60.0);
    let labels = texts(&svg);
    for l in ["Target +40%", "Target +40.5%", "Stop"] {
        assert!(labels.iter().any(|t| t == l), "{l} missing");
    }
    // The two close labels are drawn at different heights.
    let y_of_label = |label: &str| {
        svg.split("<text")
            .find(|t| t.contains(&format!(">\n{label}\n")) || t.contains(&format!(">{label}")))
            .and_then(|t| {
                t.split("y=\"")
                    .nth(1)?
                    .split('"')
                    .next()?
                    .parse::<f64>()
                    .ok()
            })
    };
    let (a, b) = (y_of_label("Target +40%"), y_of_label("Target +40.5%"));
    assert!(
        matches!((a, b), (Some(a), Some(b)) if (a - b).abs() >= 12.0),
        "{a:?} {b:?}"
    );
}

/// Volume bars take their colour from the session's open and close, not
/// their sign: up where the close is at or above the open.
#[test]
fn volume_bars_are_coloured_by_the_sessions_direction() {
    let theme = ChartTheme::dark();
    let (up, down) = (hex(&theme, Ink::Up), hex(&theme, Ink::Down));
    let b = bars(40);
    let volume = some(&[1000.0; 40]);
    let chart = TimeChart {
        dates: &b.dates,
        visible: 0..40,
        bars: vec![ChartBars {
            label: "Volume".to_string(),
            values: &volume,
            first: 0,
            up: Ink::Up,
            down: Ink::Down,
            direction: Some((&b.open, &b.close)),
        }],
        y_format: YFormat::Compact,
        ..TimeChart::default()
    };
    let (svg, _) = render(&chart, &theme, (720, 160), 1.0);
    let rising = (0..40).filter(|i| b.close[*i] >= b.open[*i]).count();
    assert!(rising > 0 && rising < 40);
    assert_eq!(bar_rects(&svg, &up).len(), rising);
    assert_eq!(bar_rects(&svg, &down).len(), 40 - rising);
}

/// A column stored from session `first` on (a series that starts after
/// the calendar does: `CalendarColumn`) draws exactly what the same column
/// padded with gaps from session 0 draws: lines, threshold fills,
/// histogram bars coloured by open/close, candles and their axis tag, at
/// every zoom — wide candles, dense bars, a window starting before the
/// column and one inside it.
#[test]
fn a_column_stored_from_a_later_session_draws_as_if_padded_with_gaps() {
    let n = 900;
    let b = bars(n);
    let k = 333;
    let pad = |c: &[Option<f64>]| -> Vec<Option<f64>> {
        (0..n).map(|i| if i < k { None } else { c[i] }).collect()
    };
    let (open, high, low, close) = (pad(&b.open), pad(&b.high), pad(&b.low), pad(&b.close));
    let osc: Vec<Option<f64>> = close
        .iter()
        .enumerate()
        .map(|(i, c)| c.map(|c| 50.0 + 40.0 * ((i as f64) / 17.0).sin() + c * 0.0))
        .collect();
    let chart = |first: usize, visible: std::ops::Range<usize>, style: CandleStyle| {
        let cut = |c: &[Option<f64>]| c[first..].to_vec();
        (
            first,
            visible,
            style,
            [cut(&open), cut(&high), cut(&low), cut(&close), cut(&osc)],
        )
    };
    let draw = |(first, visible, style, cols): &(
        usize,
        std::ops::Range<usize>,
        CandleStyle,
        [Vec<Option<f64>>; 5],
    )| {
        let [o, h, l, c, x] = cols;
        let mut line_x = line("Osc", x, Ink::Palette(2), 1);
        line_x.first = *first;
        let chart = TimeChart {
            dates: &b.dates,
            visible: visible.clone(),
            lines: vec![line_x],
            fills: vec![ThresholdFill {
                values: x,
                first: *first,
                level: 70.0,
                above: true,
                color: Ink::Down,
            }],
            bars: vec![ChartBars {
                label: "Volume".to_string(),
                values: x,
                first: *first,
                up: Ink::Up,
                down: Ink::Down,
                direction: Some((o, c)),
            }],
            candles: vec![ChartCandles {
                label: "IWM".to_string(),
                ohlc: Ohlc {
                    open: o,
                    high: h,
                    low: l,
                    close: c,
                },
                first: *first,
                style: *style,
                up: Ink::Up,
                down: Ink::Down,
            }],
            y_format: YFormat::Number(2),
            ..TimeChart::default()
        };
        render(&chart, &ChartTheme::dark(), (800, 300), 1.0).0
    };
    for visible in [0..n, 300..380, 400..460, 200..n, 0..340] {
        for style in [CandleStyle::Candles, CandleStyle::Ohlc] {
            let padded = draw(&chart(0, visible.clone(), style));
            let stored = draw(&chart(k, visible.clone(), style));
            assert!(
                padded.contains("<rect")
                    || padded.contains("<path")
                    || padded.contains("<polyline")
            );
            assert_eq!(padded, stored, "visible {visible:?}, {style:?}");
        }
    }
}
