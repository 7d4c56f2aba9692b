//! In-browser tests (wasm-bindgen-test in headless Chromium): the parts that
//! only exist in a browser — a real canvas, and the engine compiled to
//! wasm32 giving the same numbers as natively.
#![cfg(target_arch = "wasm32")]

use plotters::prelude::IntoDrawingArea;
use regime_radar::chart::{draw_time_chart, ChartLine, ChartTheme, Ink, TimeChart};
use regime_radar::engine::dashboard::rebased;
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::ui::canvas::CanvasPainter;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = "Date,Close\n2024-01-02,100\n2024-01-03,101\n2024-01-04,99.5\n2024-01-05,102\n2024-01-08,103.25\n";

fn canvas(width: u32, height: u32) -> Option<web_sys::HtmlCanvasElement> {
    let document = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(width);
    canvas.set_height(height);
    document.body()?.append_child(&canvas).ok()?;
    Some(canvas)
}

#[wasm_bindgen_test]
fn the_time_chart_puts_ink_on_a_real_canvas_at_any_pixel_ratio() {
    let ingested = ingest(SAMPLE.as_bytes(), "x.csv", &IngestOptions::default());
    let series = match ingested {
        Ok(i) => i.series,
        Err(e) => panic!("sample did not parse in wasm: {e}"),
    };
    let chart = TimeChart {
        dates: &series.dates,
        visible: 0..series.dates.len(),
        lines: vec![ChartLine {
            first: 0,
            label: "X".into(),
            values: &series.close,
            color: Ink::Palette(0),
            width: 2,
            dashed: false,
            step: false,
        }],
        ..TimeChart::default()
    };
    let Some(canvas) = canvas(400, 240) else {
        panic!("no canvas")
    };
    let Some(backend) = CanvasPainter::new(canvas.clone()) else {
        panic!("no 2d context")
    };
    let root = backend.into_drawing_area();
    let geometry = match draw_time_chart(&root, &chart, &ChartTheme::dark(), 1.0) {
        Ok(g) => g,
        Err(e) => panic!("draw failed: {e:?}"),
    };
    assert_eq!(geometry.visible, 0..5);
    assert_eq!(geometry.index_at(geometry.x_of(3)), Some(3));

    let ctx: web_sys::CanvasRenderingContext2d = match canvas.get_context("2d") {
        Ok(Some(c)) => c.unchecked_into(),
        _ => panic!("no 2d context"),
    };
    let data = match ctx.get_image_data(0.0, 0.0, 400.0, 240.0) {
        Ok(d) => d.data().0,
        Err(_) => panic!("getImageData failed"),
    };
    let bg = [data[0], data[1], data[2]];
    let ink = data
        .chunks_exact(4)
        .filter(|p| {
            p[..3]
                .iter()
                .zip(bg)
                .map(|(a, b)| (*a as i32 - b as i32).abs())
                .sum::<i32>()
                > 24
        })
        .count();
    assert!(ink > 500, "only {ink} pixels differ from the background");
}

#[wasm_bindgen_test]
fn engine_in_wasm_matches_the_native_rebasing() {
    let series = match ingest(SAMPLE.as_bytes(), "x.csv", &IngestOptions::default()) {
        Ok(i) => i.series,
        Err(e) => panic!("{e}"),
    };
    let line = rebased(&series.close, 0..series.close.len());
    assert_eq!(line.first().copied().flatten(), Some(100.0));
    assert_eq!(line.last().copied().flatten(), Some(103.25));
}

/// The page reads the bundled manifest with the browser's JSON.parse
/// (`ui::json`): it finds every series with its source, dates and rows.
#[wasm_bindgen_test]
fn the_bundled_manifest_reads_with_the_browsers_json_parser() {
    let manifest =
        regime_radar::ui::json::parse_manifest(regime_radar::engine::samples::BUNDLED_MANIFEST);
    let Some(manifest) = manifest else {
        panic!("the bundled manifest did not parse");
    };
    for sample in regime_radar::engine::samples::SAMPLES {
        let Some(entry) = manifest.entry(sample.id) else {
            panic!("no manifest entry for {}", sample.id);
        };
        assert_eq!(entry.file.as_deref(), Some(sample.file), "{}", sample.id);
        assert!(entry.rows.is_some_and(|r| r > 0), "{}", sample.id);
        assert!(
            entry.first.is_some() && entry.last.is_some(),
            "{}",
            sample.id
        );
    }
    assert!(regime_radar::ui::json::parse_manifest(b"{not json").is_none());
}
