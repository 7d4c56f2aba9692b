//! Journeys of issue 8, the dashboard: every panel draws; a preset moves
//! the compare chart's base; wheel zoom and drag pan move every panel
//! together; the crosshair tooltip shows the engine's values; the keyboard
//! drives the crosshair and the zoom; legend entries toggle series; PNG
//! export decodes; the CSV export equals the engine; log scale; panel
//! toggles; screenshots at 1440 and 390 px in light and dark; and the
//! in-page timing harness for redraws and crosshair moves.

use fantoccini::actions::{
    InputSource, MouseActions, PointerAction, WheelAction, WheelActions, MOUSE_BUTTON_LEFT,
};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;

use regime_radar::engine::align::PublicationLag;
use regime_radar::engine::calendar::FomcCalendar;
use regime_radar::engine::dashboard::{Dashboard, DashboardInputs};
use regime_radar::engine::export::visible_csv;
use regime_radar::engine::radar::compute;
use regime_radar::engine::range::{visible_sessions, RangePreset, ViewSpan};
use regime_radar::engine::samples::{Role, SAMPLES};
use regime_radar::engine::series::Series;
use regime_radar::engine::settings::RadarSettings;
use regime_radar::engine::signals::RadarInputs;

use crate::harness::{artifacts_dir, close_enough, manifest_dir, Page, TestResult};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// The time panels, whose windows must always agree.
const TIME_CHARTS: [&str; 4] = ["price", "performance", "ratio", "rsi"];

fn overlay(name: &str) -> String {
    format!("[data-testid=chart-{name}] + canvas.chart-overlay")
}

/// Scrolls the overlay of `chart` to the middle of the viewport (pointer
/// actions do not scroll) and returns it with its viewport rectangle.
pub(crate) async fn overlay_in_view(
    page: &Page,
    chart: &str,
) -> Result<(fantoccini::elements::Element, [f64; 4]), AnyError> {
    let el = page.client.find(Locator::Css(&overlay(chart))).await?;
    let rect = page
        .client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});
             const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.width, r.height];",
            vec![serde_json::to_value(&el)?],
        )
        .await?;
    let at = |i: usize| rect[i].as_f64().unwrap_or(0.0);
    Ok((el, [at(0), at(1), at(2), at(3)]))
}

/// (`data-from`, `data-to`) of a chart canvas: the window it drew.
async fn window_of(page: &Page, name: &str) -> Result<(String, String), AnyError> {
    let canvas = page
        .client
        .find(Locator::Css(&format!("[data-testid=chart-{name}]")))
        .await?;
    let from = canvas.attr("data-from").await?.unwrap_or_default();
    let to = canvas.attr("data-to").await?.unwrap_or_default();
    Ok((from, to))
}

/// The window every time panel drew; fails if two disagree.
async fn shared_window(page: &Page) -> Result<(String, String), AnyError> {
    let first = window_of(page, TIME_CHARTS[0]).await?;
    for name in &TIME_CHARTS[1..] {
        let other = window_of(page, name).await?;
        if other != first {
            return Err(format!("{name} drew {other:?} but price drew {first:?}").into());
        }
    }
    for (i, macro_chart) in page
        .client
        .find_all(Locator::Css("[data-testid=chart-macro]"))
        .await?
        .into_iter()
        .enumerate()
    {
        let from = macro_chart.attr("data-from").await?.unwrap_or_default();
        if from != first.0 {
            return Err(format!("macro chart {i} starts {from}, price {}", first.0).into());
        }
    }
    if first.0.is_empty() || first.1.is_empty() {
        return Err("the charts report no window".into());
    }
    Ok(first)
}

/// The tooltip's date and rows (`data-series`, `data-value`), if shown.
pub(crate) async fn tooltip(
    page: &Page,
) -> Result<Option<(String, Vec<(String, String)>)>, AnyError> {
    let v = page
        .client
        .execute(
            "const t = document.querySelector('[data-testid=tooltip]');
             if (!t) return null;
             return [t.dataset.date, [...t.querySelectorAll('li')].map(li => [li.dataset.series, li.dataset.value])];",
            vec![],
        )
        .await?;
    if v.is_null() {
        return Ok(None);
    }
    let date = v[0].as_str().unwrap_or("").to_string();
    let rows = v[1]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        r[0].as_str().unwrap_or("").to_string(),
                        r[1].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Some((date, rows)))
}

/// The text WebDriver sends for `keys` (special keys are private-use chars).
fn keys(keys: &[Key]) -> String {
    keys.iter().map(|k| char::from(*k)).collect()
}

async fn focus_and_press(page: &Page, chart: &str, keys: &str) -> TestResult {
    page.act_and_wait(|| async {
        let el = page.client.find(Locator::Css(&overlay(chart))).await?;
        page.client
            .execute("arguments[0].focus();", vec![serde_json::to_value(&el)?])
            .await?;
        el.send_keys(keys).await?;
        Ok(())
    })
    .await
}

/// Non-background pixels of the overlay canvas of `chart` (the crosshair).
async fn overlay_ink(page: &Page, chart: &str) -> Result<i64, AnyError> {
    let v = page
        .client
        .execute(
            &format!(
                "const c = document.querySelector('{}');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                 return n;",
                overlay(chart)
            ),
            vec![],
        )
        .await?;
    Ok(v.as_i64().unwrap_or(-1))
}

/// A cheap fingerprint of a canvas's pixels, to tell two drawings apart.
pub(crate) async fn canvas_hash(page: &Page, testid: &str) -> Result<u64, AnyError> {
    let v = page
        .client
        .execute(
            &format!(
                "const c = document.querySelector('[data-testid={testid}]');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let h = 2166136261;
                 for (let i = 0; i < d.length; i += 7) {{ h ^= d[i]; h = Math.imul(h, 16777619) >>> 0; }}
                 return h;"
            ),
            vec![],
        )
        .await?;
    Ok(v.as_u64().unwrap_or(0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_visit_draws_every_panel_and_looks_right_at_both_widths_and_themes() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    for name in ["price", "performance", "ratio", "rsi", "rrg", "macro"] {
        let ink = page.canvas_ink(&format!("chart-{name}")).await?;
        if ink < 1_500 {
            return Err(format!("chart-{name} looks blank: {ink} non-background pixels").into());
        }
    }
    let macros = page
        .client
        .find_all(Locator::Css("[data-testid=chart-macro]"))
        .await?;
    if macros.len() < 6 {
        return Err(format!(
            "expected a macro chart per default macro series, got {}",
            macros.len()
        )
        .into());
    }
    shared_window(&page).await?;
    for (width, theme) in [
        (1440, "light"),
        (1440, "dark"),
        (390, "light"),
        (390, "dark"),
    ] {
        page.theme_and_width(theme, width).await?;
        let ink = page.canvas_ink("chart-price").await?;
        if ink < 1_500 {
            return Err(format!("at {width} px the price chart looks blank ({ink})").into());
        }
        page.screenshot(&format!("dashboard-{theme}-{width}"))
            .await?;
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_range_preset_moves_the_compare_base_to_its_first_session() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    for preset in ["1y", "ytd"] {
        page.click_and_wait(&format!("[data-testid=range-{preset}]"))
            .await?;
        let (from, _) = shared_window(&page).await?;
        focus_and_press(&page, "performance", &keys(&[Key::Home])).await?;
        let (date, rows) = tooltip(&page).await?.ok_or("no tooltip after Home")?;
        if date != from {
            return Err(format!("{preset}: Home went to {date}, the window starts {from}").into());
        }
        if rows.len() < 3 {
            return Err(format!("{preset}: expected IWM, SPY, QQQ rows: {rows:?}").into());
        }
        for (series, value) in &rows {
            let v: f64 = value.parse().map_err(|_| format!("{series}: {value:?}"))?;
            if !close_enough(v, 100.0, 1e-12) {
                return Err(format!("{preset}: {series} is {v} at the base, not 100").into());
            }
        }
        // YTD's base is the previous year's last session.
        if preset == "ytd" && !from.starts_with("2025-12") {
            return Err(format!("YTD base {from} is not the last session of 2025").into());
        }
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wheel_zoom_drag_pan_and_double_click_move_every_panel_together() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let before = shared_window(&page).await?;
    let (price, [left, top, width, height]) = overlay_in_view(&page, "price").await?;
    let (cx, cy) = ((left + width * 0.6) as i64, (top + height / 2.0) as i64);
    page.act_and_wait(|| async {
        let wheel = WheelActions::new("wheel".into()).then(WheelAction::Scroll {
            duration: None,
            x: cx,
            y: cy,
            delta_x: 0,
            delta_y: -400,
        });
        page.client.perform_actions(wheel).await?;
        Ok(())
    })
    .await?;
    let zoomed = shared_window(&page).await?;
    if zoomed.0 <= before.0 {
        return Err(format!("wheel up did not zoom in: {before:?} → {zoomed:?}").into());
    }
    // Drag right: the window moves back in time, every panel with it.
    page.act_and_wait(|| async {
        let drag = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: price.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(std::time::Duration::from_millis(200)),
                x: 250.0,
                y: 0.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        page.client.perform_actions(drag).await?;
        Ok(())
    })
    .await?;
    let panned = shared_window(&page).await?;
    if panned.0 >= zoomed.0 || panned.1 >= zoomed.1 {
        return Err(format!("drag right did not pan back: {zoomed:?} → {panned:?}").into());
    }
    // The link carries the zoom; a double-click resets to the preset.
    let url = page.client.current_url().await?;
    if !url.as_str().contains("from=") {
        return Err(format!("the share link does not carry the zoom: {url}").into());
    }
    page.act_and_wait(|| async {
        let dbl = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: price.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        page.client.perform_actions(dbl).await?;
        Ok(())
    })
    .await?;
    let reset = shared_window(&page).await?;
    if reset != before {
        return Err(format!("double-click did not reset: {before:?} → {reset:?}").into());
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_crosshair_tooltip_shows_the_engines_values_on_every_panel() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let (price, _) = overlay_in_view(&page, "price").await?;
    page.act_and_wait(|| async {
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: price.clone(),
            duration: None,
            x: 40.0,
            y: 0.0,
        });
        page.client.perform_actions(hover).await?;
        Ok(())
    })
    .await?;
    let (date, rows) = tooltip(&page)
        .await?
        .ok_or("no tooltip while hovering the price chart")?;
    let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")?;
    let iwm = crate::radar::load("IWM")?;
    let i = iwm
        .dates
        .binary_search(&day)
        .map_err(|_| format!("{date} is not an IWM session"))?;
    let close = iwm.close[i].ok_or("no close")?;
    let sma50 = iwm.close[i - 49..=i].iter().flatten().sum::<f64>() / 50.0;
    let value_of = |series: &str| -> Result<f64, AnyError> {
        let v = rows
            .iter()
            .find(|(s, _)| s == series)
            .ok_or(format!("no {series} row in {rows:?}"))?;
        Ok(v.1.parse()?)
    };
    if !close_enough(value_of("price:close")?, close, 1e-12) {
        return Err(format!("tooltip close on {date} ≠ engine {close}").into());
    }
    if !close_enough(value_of("price:sma_fast")?, sma50, 1e-9) {
        return Err(format!("tooltip SMA 50 on {date} ≠ {sma50}").into());
    }
    // One crosshair: the other panels draw it on their overlays too.
    for chart in ["performance", "ratio", "rsi"] {
        if overlay_ink(&page, chart).await? < 50 {
            return Err(format!("no crosshair on the {chart} overlay").into());
        }
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_moves_the_crosshair_and_zooms() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let (from, to) = shared_window(&page).await?;
    focus_and_press(&page, "price", &keys(&[Key::End])).await?;
    let (at_end, _) = tooltip(&page).await?.ok_or("no tooltip after End")?;
    if at_end != to {
        return Err(format!("End went to {at_end}, the window ends {to}").into());
    }
    focus_and_press(&page, "price", &keys(&[Key::Left, Key::Left, Key::Left])).await?;
    let (moved, _) = tooltip(&page).await?.ok_or("no tooltip after arrows")?;
    let iwm = crate::radar::load("IWM")?;
    let k = iwm
        .dates
        .iter()
        .position(|d| d.to_string() == to)
        .ok_or("no end session")?;
    if moved != iwm.dates[k - 3].to_string() {
        return Err(format!(
            "three ← from {to} gave {moved}, expected {}",
            iwm.dates[k - 3]
        )
        .into());
    }
    focus_and_press(&page, "price", "+").await?;
    let zoomed = shared_window(&page).await?;
    if zoomed.0 <= from {
        return Err(format!("+ did not zoom in: {from} → {}", zoomed.0).into());
    }
    focus_and_press(&page, "price", &keys(&[Key::Home])).await?;
    let (home, _) = tooltip(&page).await?.ok_or("no tooltip after Home")?;
    if home != zoomed.0 {
        return Err(format!("Home went to {home}, the window starts {}", zoomed.0).into());
    }
    focus_and_press(&page, "price", "-").await?;
    let out = shared_window(&page).await?;
    if out.0 >= zoomed.0 {
        return Err(format!("− did not zoom out: {} → {}", zoomed.0, out.0).into());
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legend_entries_toggle_their_series() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let entry = "[data-testid=legend-entry][data-series='price:sma_slow']";
    let before = page.canvas_ink("chart-price").await?;
    page.click_and_wait(entry).await?;
    let pressed = page
        .client
        .find(Locator::Css(entry))
        .await?
        .attr("aria-pressed")
        .await?;
    let hidden = page.canvas_ink("chart-price").await?;
    if pressed.as_deref() != Some("false") || hidden >= before {
        return Err(format!(
            "SMA 200 not hidden: aria-pressed {pressed:?}, ink {before} → {hidden}"
        )
        .into());
    }
    focus_and_press(&page, "price", &keys(&[Key::End])).await?;
    let (_, rows) = tooltip(&page).await?.ok_or("no tooltip")?;
    if rows.iter().any(|(s, _)| s == "price:sma_slow") {
        return Err("a hidden series is still in the tooltip".into());
    }
    page.click_and_wait(entry).await?;
    if page.canvas_ink("chart-price").await? != before {
        return Err("showing SMA 200 again did not restore the chart".into());
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_scale_theme_and_panel_toggles_redraw_and_travel_in_the_link() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.click_and_wait("[data-testid=range-max]").await?;
    let linear = canvas_hash(&page, "chart-price").await?;
    page.click_and_wait("[data-testid=log-scale]").await?;
    let log = canvas_hash(&page, "chart-price").await?;
    if log == linear {
        return Err("log scale did not change the price chart".into());
    }
    if !page.client.current_url().await?.as_str().contains("log=1") {
        return Err("log scale is not in the link".into());
    }
    // Theme: the plot background follows.
    let dark = canvas_hash(&page, "chart-price").await?;
    page.click_and_wait("[data-testid=theme-toggle]").await?;
    if canvas_hash(&page, "chart-price").await? == dark {
        return Err("the theme toggle did not redraw the price chart".into());
    }
    // Hiding a panel unmounts it and names the rest in the link.
    page.click_and_wait("[data-testid=panel-toggle][data-panel=rrg]")
        .await?;
    if !page
        .client
        .find_all(Locator::Css("[data-testid=chart-rrg]"))
        .await?
        .is_empty()
    {
        return Err("the rotation panel is still shown".into());
    }
    let url = page.client.current_url().await?;
    if !url.as_str().contains("panels=") || url.as_str().contains("rrg") {
        return Err(format!("the link does not list the shown panels: {url}").into());
    }
    // The link reopens the same panels.
    page.act_and_wait(|| async {
        page.client.refresh().await?;
        Ok(())
    })
    .await?;
    let rrg_shown = !page
        .client
        .find_all(Locator::Css("[data-testid=chart-rrg]"))
        .await?
        .is_empty();
    if rrg_shown || page.canvas_ink("chart-price").await? < 1_500 {
        return Err("after a reload the panels are not the linked ones".into());
    }
    page.click_and_wait("[data-testid=panel-toggle][data-panel=rrg]")
        .await?;
    if page.canvas_ink("chart-rrg").await? < 1_500 {
        return Err("the rotation panel came back blank".into());
    }
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn png_export_yields_a_decodable_image_with_the_chart() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    for chart in ["price", "rrg"] {
        page.client
            .execute("window.__rrLastExport = null;", vec![])
            .await?;
        // An export changes nothing on the page: a plain click.
        page.client
            .find(Locator::Css(&format!(
                "[data-testid=export-png][data-chart={chart}]"
            )))
            .await?
            .click()
            .await?;
        let size = page
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const e = window.__rrLastExport;
                 if (!e || !e.href.startsWith('data:image/png;base64,')) { done(null); return; }
                 const img = new Image();
                 img.onload = () => done([img.naturalWidth, img.naturalHeight, e.name]);
                 img.onerror = () => done(null);
                 img.src = e.href;",
                vec![],
            )
            .await?;
        if size.is_null() {
            return Err(format!("the {chart} export is not a decodable PNG").into());
        }
        let css_width = page
            .client
            .execute(
                &format!(
                    "return document.querySelector('[data-testid=chart-{chart}]').clientWidth;"
                ),
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(0);
        // Twice the CSS width, which may be fractional (clientWidth rounds).
        let width = size[0].as_u64().unwrap_or(0);
        let name = format!("regime-radar-{chart}.png");
        if width.abs_diff(css_width * 2) > 2 || size[2].as_str() != Some(name.as_str()) {
            return Err(format!(
                "{chart} export {size:?}: expected twice the CSS width {css_width}"
            )
            .into());
        }
    }
    page.close().await
}

/// The page's CSV export of the default view equals the engine's
/// `visible_csv` computed natively on the same bundled files, cell by cell.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csv_export_equals_the_engines_values() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.client
        .execute("window.__rrLastExport = null;", vec![])
        .await?;
    page.client
        .find(Locator::Css("[data-testid=export-csv]"))
        .await?
        .click()
        .await?;
    let text = page
        .client
        .execute(
            "return window.__rrLastExport && window.__rrLastExport.text;",
            vec![],
        )
        .await?;
    let text = text.as_str().ok_or("no CSV was exported")?.to_string();

    let loaded: Vec<(Series, Role)> = SAMPLES
        .iter()
        .filter(|s| s.default_loaded)
        .map(|s| Ok((crate::radar::load(s.id)?, s.role)))
        .collect::<Result<_, AnyError>>()?;
    let role = |r: Role| loaded.iter().rev().find(|(_, x)| *x == r).map(|(s, _)| s);
    let macros: Vec<&Series> = loaded
        .iter()
        .filter(|(_, r)| *r == Role::Macro)
        .map(|(s, _)| s)
        .collect();
    let fomc_bytes = std::fs::read(manifest_dir().join("public/data/FOMC.csv"))?;
    let fomc = FomcCalendar::parse(&fomc_bytes).map_err(|e| e.to_string())?;
    let settings = RadarSettings::default();
    let radar = compute(
        &RadarInputs {
            small: role(Role::Small),
            large: role(Role::Large),
            growth: role(Role::Growth),
            macros: macros.clone(),
            small_flows: None,
            large_flows: None,
            lags: PublicationLag::default(),
            fomc: Some(&fomc),
        },
        &settings,
        None,
    );
    let dashboard = Dashboard::new(
        &DashboardInputs {
            prices: loaded
                .iter()
                .filter(|(s, _)| s.kind.is_price())
                .map(|(s, _)| s)
                .collect(),
            small: role(Role::Small),
            large: role(Role::Large),
            growth: role(Role::Growth),
            macros,
            lags: PublicationLag::default(),
            fomc: Some(&fomc),
            as_of: None,
        },
        &settings,
        &radar,
    );
    let visible = visible_sessions(&dashboard.dates, ViewSpan::Preset(RangePreset::Y1));
    let expected = visible_csv(
        &dashboard,
        &radar,
        dashboard.default_price(),
        &settings,
        visible,
    );
    std::fs::write(artifacts_dir().join("dashboard-export.csv"), &text)?;

    let mut page_rows = csv::Reader::from_reader(text.as_bytes());
    let mut engine_rows = csv::Reader::from_reader(expected.as_bytes());
    let header = page_rows.headers()?.clone();
    if &header != engine_rows.headers()? {
        return Err(format!("header {header:?} ≠ engine {:?}", engine_rows.headers()?).into());
    }
    let (a, b): (Vec<_>, Vec<_>) = (
        page_rows.records().collect::<Result<_, _>>()?,
        engine_rows.records().collect::<Result<_, _>>()?,
    );
    if a.len() != b.len() || a.len() < 200 {
        return Err(format!("{} exported rows vs {} from the engine", a.len(), b.len()).into());
    }
    for (row, (x, y)) in a.iter().zip(&b).enumerate() {
        for (col, (p, e)) in x.iter().zip(y.iter()).enumerate() {
            let same = p == e
                || matches!((p.parse::<f64>(), e.parse::<f64>()), (Ok(p), Ok(e)) if close_enough(p, e, 1e-9));
            if !same {
                return Err(
                    format!("row {row} {}: page {p:?} vs engine {e:?}", &header[col]).into(),
                );
            }
        }
    }
    page.close().await
}

/// Not a timed test: records, for four generated series of 10,000
/// sessions (close, high and low: the ATR panel draws too) plus the
/// bundled macro series, the cost of wheel zooms (every
/// panel redrawn), of crosshair moves, and of each chart's draw, and writes
/// the medians to target/e2e-artifacts/dashboard-timing.json. Fails only
/// on a gross regression (a median above 1 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_redraw_and_crosshair_timing_on_four_series_of_10000_sessions() -> TestResult {
    timing_journey("/", "rr-dash-timing", "dashboard-timing.json").await
}

/// The same with the MACD and ATR panels hidden (not mounted), for the
/// cost of the studies: `dashboard-timing-no-studies.json`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_timing_without_the_study_panels() -> TestResult {
    timing_journey(
        "/?v=1&panels=price,compare,ratio,rsi,macro,rrg",
        "rr-dash-timing-plain",
        "dashboard-timing-no-studies.json",
    )
    .await
}

async fn timing_journey(path: &str, tag: &str, out: &str) -> TestResult {
    let page = Page::open_at(crate::no_routes, path).await?;
    page.load_timing_walks(tag).await?;
    page.click_and_wait("[data-testid=range-max]").await?;
    page.client
        .execute(
            "window.__rrTimings.zoom = []; window.__rrTimings.crosshair = [];",
            vec![],
        )
        .await?;
    for name in [
        "price",
        "performance",
        "ratio",
        "rsi",
        "macd",
        "atr",
        "macro",
    ] {
        page.client
            .execute(&format!("window.__rrTimings['chart-{name}'] = [];"), vec![])
            .await?;
    }
    let (price, [left, top, width, height]) = overlay_in_view(&page, "price").await?;
    let (cx, cy) = ((left + width / 2.0) as i64, (top + height / 2.0) as i64);
    for i in 0..10 {
        page.act_and_wait(|| async {
            let wheel = WheelActions::new("wheel".into()).then(WheelAction::Scroll {
                duration: None,
                x: cx,
                y: cy,
                delta_x: 0,
                delta_y: if i % 2 == 0 { -120 } else { 120 },
            });
            let move_there = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
                element: price.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            });
            page.client.perform_actions(move_there).await?;
            page.client.perform_actions(wheel).await?;
            Ok(())
        })
        .await?;
    }
    for step in 0..30 {
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: price.clone(),
            duration: None,
            x: -300.0 + 20.0 * f64::from(step),
            y: 10.0,
        });
        page.client.perform_actions(hover).await?;
    }
    page.wait_ready().await?;
    let median_of = |v: &Value| -> (usize, Option<f64>) {
        let mut ms: Vec<f64> = v
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        ms.sort_by(f64::total_cmp);
        (ms.len(), ms.get(ms.len() / 2).copied())
    };
    let mut report = serde_json::Map::new();
    for key in [
        "zoom",
        "crosshair",
        "chart-price",
        "chart-performance",
        "chart-ratio",
        "chart-rsi",
        "chart-macd",
        "chart-atr",
        "chart-macro",
        "chart-rrg",
        "dashboard",
        "x-lines",
        "x-draw",
    ] {
        let runs = page
            .client
            .execute(
                &format!("return window.__rrTimings['{key}'] || [];"),
                vec![],
            )
            .await?;
        let (n, median) = median_of(&runs);
        report.insert(
            key.to_string(),
            serde_json::json!({ "runs": n, "median_ms": median, "all": runs }),
        );
        if key == "zoom" || key == "crosshair" {
            let median = median.ok_or(format!("no {key} timings recorded"))?;
            if n < 5 || median > 1000.0 {
                return Err(format!("{key}: {n} runs, median {median} ms").into());
            }
        }
    }
    std::fs::write(
        artifacts_dir().join(out),
        serde_json::to_string_pretty(&Value::Object(report))?,
    )?;
    page.close().await
}

/// The table view under a chart lists its visible sessions, latest first,
/// with the values the tooltip shows: for screen readers and copy/paste.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_view_lists_the_visible_sessions_with_the_charts_values() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.click_and_wait("[data-testid=range-3m]").await?;
    let (from, to) = shared_window(&page).await?;
    // Opening a table changes no state the page reports: a plain click,
    // then wait for its rows.
    page.client
        .find(Locator::Css(
            "[data-testid=chart-table-toggle][data-chart=price]",
        ))
        .await?
        .click()
        .await?;
    page.client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css(
            "[data-testid=chart-table][data-chart=price] tbody tr",
        ))
        .await?;
    let rows = page
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=chart-table][data-chart=price] tbody tr')]
               .map(tr => [...tr.children].map(c => c.textContent));",
            vec![],
        )
        .await?;
    let rows: Vec<Vec<String>> = serde_json::from_value(rows)?;
    let (first, last) = (
        rows.first().ok_or("empty table")?,
        rows.last().ok_or("empty table")?,
    );
    if first[0] != to || last[0] != from {
        return Err(format!(
            "table spans {} … {}, the chart {from} … {to}",
            last[0], first[0]
        )
        .into());
    }
    let iwm = crate::radar::load("IWM")?;
    let day = chrono::NaiveDate::parse_from_str(&to, "%Y-%m-%d")?;
    let close = iwm
        .dates
        .binary_search(&day)
        .ok()
        .and_then(|i| iwm.close[i])
        .ok_or("no close")?;
    // The close's cell by its series (open, high and low come before it
    // on a file that has them).
    let cell = page
        .client
        .execute(
            "return document.querySelector('[data-testid=chart-table][data-chart=price] tbody tr td[data-series=\"price:close\"]').textContent;",
            vec![],
        )
        .await?;
    let shown: f64 = cell.as_str().unwrap_or_default().replace(',', "").parse()?;
    if (shown - close).abs() > 0.005 {
        return Err(format!("table close {shown} on {to}, engine {close}").into());
    }
    page.close().await
}
