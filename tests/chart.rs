//! The chart drawing functions rendered natively through plotters' SVG
//! backend: the same code the page runs on a canvas.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use plotters::prelude::*;
use regime_radar::chart::{draw_performance, ChartTheme, PerformanceChart};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn week() -> Vec<NaiveDate> {
    [
        "2025-12-30",
        "2025-12-31",
        "2026-01-02",
        "2026-01-05",
        "2026-01-06",
    ]
    .iter()
    .map(|s| day(s))
    .collect()
}

#[test]
fn rebasing_starts_at_100_on_the_close_before_the_window() {
    let dates = week();
    let iwm = vec![Some(200.0), Some(250.0), Some(255.0), None, Some(269.5)];
    let spy = vec![
        Some(600.0),
        Some(600.0),
        Some(606.0),
        Some(603.0),
        Some(609.0),
    ];
    let chart = PerformanceChart::rebased(
        [
            ("IWM", dates.as_slice(), iwm.as_slice()),
            ("SPY", dates.as_slice(), spy.as_slice()),
        ],
        Some(day("2026-01-01")),
    );
    let iwm_line = &chart.lines[0];
    // The base is 2025-12-31, the previous year's last close: the YTD base.
    assert_eq!(iwm_line.points[0], (day("2025-12-31"), Some(100.0)));
    // The gap on 2026-01-05 stays a gap (a break in the line), never zero.
    assert_eq!(iwm_line.points[2], (day("2026-01-05"), None));
    assert_eq!(iwm_line.segments().len(), 2);
    assert!((iwm_line.points[3].1.unwrap_or(0.0) - 107.8).abs() < 1e-12);
    assert!((chart.lines[1].points[3].1.unwrap_or(0.0) - 101.5).abs() < 1e-12);
}

#[test]
fn a_window_before_the_data_starts_at_the_first_close() {
    let dates = week();
    let closes = vec![None, Some(50.0), Some(55.0), Some(60.0), Some(45.0)];
    let chart = PerformanceChart::rebased(
        [("X", dates.as_slice(), closes.as_slice())],
        Some(day("2020-01-01")),
    );
    assert_eq!(chart.lines[0].points[0], (day("2025-12-31"), Some(100.0)));
    assert_eq!(chart.lines[0].points[3].1, Some(90.0));
}

#[test]
fn series_without_a_usable_close_are_left_out() {
    let dates = week();
    let empty = vec![None; 5];
    let zero = vec![Some(0.0); 5];
    let chart = PerformanceChart::rebased(
        [
            ("E", dates.as_slice(), empty.as_slice()),
            ("Z", dates.as_slice(), zero.as_slice()),
        ],
        None,
    );
    assert!(chart.lines.is_empty());
}

fn render(chart: &PerformanceChart, theme: &ChartTheme) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
        assert!(draw_performance(&root, chart, theme).is_ok());
    }
    svg
}

#[test]
fn the_svg_has_one_polyline_per_series_and_a_legend() {
    let dates = week();
    let a = vec![Some(1.0), Some(2.0), Some(3.0), Some(2.5), Some(2.0)];
    let b = vec![Some(3.0), Some(2.0), Some(1.0), Some(1.5), Some(2.0)];
    let chart = PerformanceChart::rebased(
        [
            ("IWM", dates.as_slice(), a.as_slice()),
            ("SPY", dates.as_slice(), b.as_slice()),
        ],
        None,
    );
    for theme in [ChartTheme::dark(), ChartTheme::light()] {
        let svg = render(&chart, &theme);
        assert!(
            svg.contains("IWM") && svg.contains("SPY"),
            "legend labels missing"
        );
        let first = ChartTheme::css(theme.palette[0]);
        let second = ChartTheme::css(theme.palette[1]);
        assert!(
            svg.to_lowercase().contains(&first),
            "first series colour {first} missing"
        );
        assert!(
            svg.to_lowercase().contains(&second),
            "second series colour {second} missing"
        );
        assert!(
            svg.matches("<polyline").count() >= 3,
            "base line + two series expected"
        );
    }
}

#[test]
fn an_empty_chart_explains_itself_instead_of_failing() {
    let svg = render(&PerformanceChart::default(), &ChartTheme::dark());
    assert!(svg.contains("Load a price series"));
}

#[test]
fn a_series_that_ended_before_the_window_is_not_drawn() {
    let old_dates = [day("2019-12-30"), day("2019-12-31")];
    let old = vec![Some(1.0), Some(2.0)];
    let dates = week();
    let recent = vec![Some(1.0), Some(2.0), Some(3.0), Some(2.5), Some(2.0)];
    let chart = PerformanceChart::rebased(
        [
            ("OLD", old_dates.as_slice(), old.as_slice()),
            ("NEW", dates.as_slice(), recent.as_slice()),
        ],
        Some(day("2026-01-01")),
    );
    assert_eq!(chart.lines.len(), 1);
    assert_eq!(chart.lines[0].label, "NEW");
}
