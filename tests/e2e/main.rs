//! End-to-end journeys: the release build in headless Chromium, driven like
//! a user would, asserting on the page's test hooks and canvas pixels.
//! One test per user journey; each opens its own browser.
#![cfg(not(target_arch = "wasm32"))]

mod claims;
mod claims_share;
mod dashboard;
mod dashboard_candles;
mod dashboard_studies;
mod dialects;
mod formulas;
mod freshness;
mod harness;
mod load;
mod radar;
mod reliability;
mod responsive;
mod security;
mod settings;
mod share;

use harness::{close_enough, Page, Reply, TestResult};
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::metrics::{series_metrics, MetricSettings, MetricValue};
use regime_radar::engine::series::SeriesKind;

/// No scripted routes needed.
pub(crate) fn no_routes(_: &str) -> Option<Reply> {
    None
}

/// The engine's metrics for a bundled sample, computed natively.
fn native_metrics(
    file: &str,
    id: &str,
) -> Result<Vec<(String, MetricValue)>, Box<dyn std::error::Error + Send + Sync>> {
    let bytes = std::fs::read(
        harness::manifest_dir()
            .join("public")
            .join("data")
            .join(file),
    )?;
    let options = IngestOptions {
        name: Some(id.to_string()),
        kind: Some(SeriesKind::Price),
        ..IngestOptions::default()
    };
    let ingested = ingest(&bytes, file, &options).map_err(|e| e.to_string())?;
    Ok(series_metrics(&ingested.series, &MetricSettings::default())
        .into_iter()
        .map(|m| (m.name, m.value))
        .collect())
}

/// Asserts the page's cell equals the engine's value (dates exactly,
/// numbers to 1e-12 relative: wasm and native libm may differ in the last
/// bit of `ln`/`exp`).
async fn assert_cell(page: &Page, series: &str, name: &str, expected: &MetricValue) -> TestResult {
    let shown = page
        .metric(series, name)
        .await?
        .ok_or_else(|| format!("no metric cell {series}/{name}"))?;
    match expected {
        MetricValue::Number(v) => {
            let got: f64 = shown
                .parse()
                .map_err(|_| format!("{series}/{name}: data-value {shown:?} is not a number"))?;
            if !close_enough(got, *v, 1e-12) {
                return Err(format!("{series}/{name}: page {got} vs engine {v}").into());
            }
        }
        MetricValue::Date(d) => {
            if shown != d.to_string() {
                return Err(format!("{series}/{name}: page {shown} vs engine {d}").into());
            }
        }
        MetricValue::Missing => {
            if !shown.is_empty() {
                return Err(format!("{series}/{name}: page {shown:?}, engine has no value").into());
            }
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_visit_shows_chart_and_numbers_without_console_errors() -> TestResult {
    let page = Page::open(no_routes).await?;

    let ids = page.series_ids().await?;
    for id in ["IWM", "SPY"] {
        if !ids.iter().any(|s| s == id) {
            return Err(format!("{id} not in the series list {ids:?}").into());
        }
    }

    // The first paint: the served page carries the default view's badge as
    // plain HTML (the live badge agrees), and it is gone once the app stands.
    let first_paint = page
        .client
        .execute(
            "return fetch('index.html').then(r => r.text()).then(t => {
               const d = new DOMParser().parseFromString(t, 'text/html');
               const b = d.querySelector('#first-paint [data-regime]');
               return [b ? b.dataset.regime : '', !!document.getElementById('first-paint'),
                       document.querySelector('[data-testid=regime]').dataset.regime];
             });",
            vec![],
        )
        .await?;
    let served = first_paint[0].as_str().unwrap_or("");
    if served.is_empty()
        || first_paint[1] != serde_json::Value::Bool(false)
        || first_paint[2] != served
    {
        return Err(format!(
            "first paint [served regime, still shown, live regime]: {first_paint:?}"
        )
        .into());
    }

    // Its read is at least as tall as the live read at the same width (the
    // live one ends with the data's age in this browser; a taller live read
    // would be the page's Largest Contentful Paint when it replaces the
    // first paint). Measured on a copy of the served read laid out beside
    // the live one, off screen.
    let heights = page
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('index.html').then(r => r.text()).then(t => {
               const d = new DOMParser().parseFromString(t, 'text/html');
               const live = document.querySelector('[data-testid=summary]');
               const copy = document.importNode(d.querySelector('#first-paint .summary'), true);
               copy.style.setProperty('position', 'absolute');
               copy.style.setProperty('left', '-10000px');
               copy.style.setProperty('width', live.getBoundingClientRect().width + 'px');
               copy.style.setProperty('box-sizing', 'border-box');
               live.parentElement.append(copy);
               const h = [copy.getBoundingClientRect().height, live.getBoundingClientRect().height];
               copy.remove();
               done(h);
             });",
            vec![],
        )
        .await?;
    let (served, live) = (heights[0].as_f64(), heights[1].as_f64());
    if !matches!((served, live), (Some(s), Some(l)) if l > 0.0 && s >= l) {
        return Err(
            format!("the first paint's read is shorter than the live read: {heights:?}").into(),
        );
    }

    let ink = page.canvas_ink("chart-performance").await?;
    if ink < 2_000 {
        return Err(format!("performance chart looks blank: {ink} non-background pixels").into());
    }

    for (file, id) in [("IWM.csv", "IWM"), ("SPY.csv", "SPY")] {
        let expected = native_metrics(file, id)?;
        for name in ["last_close", "last_date", "ret_ytd"] {
            let value = expected
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v)
                .ok_or_else(|| format!("engine has no {name}"))?;
            assert_cell(&page, id, name, value).await?;
        }
    }

    let errors = page
        .messages()
        .await?
        .into_iter()
        .filter(|(l, _)| l == "error")
        .collect::<Vec<_>>();
    if !errors.is_empty() {
        return Err(format!("error messages on first visit: {errors:?}").into());
    }
    let console = page.console_errors().await?;
    if !console.is_empty() {
        return Err(format!("browser console errors: {console:?}").into());
    }
    page.screenshot("first-visit").await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn theme_toggle_and_range_presets_redraw_the_chart() -> TestResult {
    use fantoccini::Locator;
    let page = Page::open(no_routes).await?;
    let theme_of = || async {
        page.client
            .execute("return document.documentElement.dataset.theme;", vec![])
            .await
            .map(|v| v.as_str().unwrap_or("").to_string())
    };
    let before = theme_of().await?;
    page.act_and_wait(|| async {
        page.client
            .find(Locator::Css("[data-testid=theme-toggle]"))
            .await?
            .click()
            .await?;
        Ok(())
    })
    .await?;
    let after = theme_of().await?;
    if before == after || !["dark", "light"].contains(&after.as_str()) {
        return Err(format!("theme toggle: {before:?} → {after:?}").into());
    }
    page.screenshot(&format!("theme-{after}")).await?;

    for preset in ["ytd", "3m", "6m", "1y", "5y", "max"] {
        page.act_and_wait(|| async {
            page.client
                .find(Locator::Css(&format!("[data-testid=range-{preset}]")))
                .await?
                .click()
                .await?;
            Ok(())
        })
        .await?;
        let pressed = page
            .client
            .find(Locator::Css(&format!("[data-testid=range-{preset}]")))
            .await?
            .attr("aria-pressed")
            .await?;
        if pressed.as_deref() != Some("true") {
            return Err(format!("range-{preset} not pressed after click").into());
        }
        if page.canvas_ink("chart-performance").await? < 2_000 {
            return Err(format!("chart blank after range {preset}").into());
        }
    }
    page.close().await
}

/// The bundled IWM's RSI(14), SMA 50 and SMA 200 cells equal TA-Lib 0.8.2's
/// values for the same file (tests/fixtures/reference/reference_IWM.csv,
/// last row) to 1e-9 relative.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iwm_metric_cells_match_talib_golden_values() -> TestResult {
    let page = Page::open(no_routes).await?;
    let reference = std::fs::read_to_string(
        harness::manifest_dir().join("tests/fixtures/reference/reference_IWM.csv"),
    )?;
    let mut lines = reference.lines();
    let header: Vec<&str> = lines.next().ok_or("empty reference")?.split(',').collect();
    let last: Vec<&str> = lines.last().ok_or("no rows")?.split(',').collect();
    let column = |name: &str| -> Result<f64, Box<dyn std::error::Error + Send + Sync>> {
        let i = header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("no column {name}"))?;
        Ok(last.get(i).ok_or("short row")?.parse::<f64>()?)
    };
    for (metric, golden) in [
        ("rsi14", "RSI_14"),
        ("sma50", "SMA_50"),
        ("sma200", "SMA_200"),
        ("last_close", "Close"),
    ] {
        let expected = column(golden)?;
        let shown: f64 = page
            .metric("IWM", metric)
            .await?
            .ok_or(format!("no IWM {metric} cell"))?
            .parse()?;
        // The reference is written with 12 significant digits.
        if !close_enough(shown, expected, 1e-9) {
            return Err(format!("IWM {metric}: page {shown} vs TA-Lib {expected}").into());
        }
    }
    if page.metric("IWM", "last_date").await?.as_deref() != Some(last[0]) {
        return Err("IWM last_date differs from the reference's last row".into());
    }
    page.close().await
}

/// The article's journey: load the index samples, set "as of" to the day
/// before the article (2026-01-16) and read its figures off the page: the
/// Russell 2000 about +7.8% YTD vs the S&P 500 about +1.5%, and over three
/// months the Russell 2000 above +8% vs the Nasdaq-100 about +3.6%.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn as_of_the_article_date_the_page_reproduces_its_figures() -> TestResult {
    let page = Page::open(no_routes).await?;
    for id in ["RUT", "GSPC", "NDX"] {
        page.click_and_wait(&format!("[data-testid=sample-{id}]"))
            .await?;
    }
    page.set_value("[data-testid=as-of]", "2026-01-16").await?;
    let number = |v: Option<String>| v.and_then(|s| s.parse::<f64>().ok());
    let rut_ytd = number(page.metric("RUT", "ret_ytd").await?).ok_or("no RUT ret_ytd")?;
    let spx_ytd = number(page.metric("GSPC", "ret_ytd").await?).ok_or("no GSPC ret_ytd")?;
    let rut_3m = number(page.metric("RUT", "ret_3m").await?).ok_or("no RUT ret_3m")?;
    let ndx_3m = number(page.metric("NDX", "ret_3m").await?).ok_or("no NDX ret_3m")?;
    let rsi = number(page.metric("RUT", "rsi14").await?);
    println!(
        "as of 2026-01-16: RUT YTD {:.2}%, S&P 500 YTD {:.2}%, RUT 3M {:.2}%, NDX 3M {:.2}%, RUT RSI(14) {:?}",
        rut_ytd * 100.0,
        spx_ytd * 100.0,
        rut_3m * 100.0,
        ndx_3m * 100.0,
        rsi
    );
    if page.metric("RUT", "last_date").await?.as_deref() != Some("2026-01-16") {
        return Err("as-of did not move the RUT row to 2026-01-16".into());
    }
    // The article rounds; its figures must be within half a point.
    for (what, got, claimed) in [
        ("RUT YTD", rut_ytd, 0.078),
        ("S&P 500 YTD", spx_ytd, 0.015),
        ("NDX 3M", ndx_3m, 0.036),
    ] {
        if (got - claimed).abs() > 0.005 {
            return Err(format!("{what}: page {got:.4} vs article {claimed}").into());
        }
    }
    // "The Russell 2000's relative strength index is sitting at 71."
    match rsi {
        Some(v) if (v - 71.0).abs() < 1.0 => {}
        other => return Err(format!("RUT RSI(14) {other:?} is not the article's 71").into()),
    }
    if rut_3m <= 0.08 {
        return Err(format!("RUT 3M {rut_3m:.4} is not 'more than 8%'").into());
    }
    page.screenshot("article-as-of").await?;
    page.close().await
}
