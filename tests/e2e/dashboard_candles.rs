//! Journey of issue 20's price styles and volume pane: on IWM (open, high,
//! low, volume) the `price-style` select draws candles and OHLC bars, the
//! tooltip lists open, high, low, close and volume, the volume pane
//! (`chart-volume`) sits under the price, and the style travels in the
//! link; on SPY (closes only) the select is disabled with a note and there
//! is no volume chart. A level placed on the price chart drags with the
//! pointer and travels in the link (`lvl=`).

use std::collections::HashMap;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;

use crate::dashboard::{canvas_hash, overlay_in_view, tooltip};
use crate::harness::{Page, TestResult};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

async fn hover(page: &Page, chart: &str) -> Result<HashMap<String, String>, AnyError> {
    let (overlay, _) = overlay_in_view(page, chart).await?;
    page.act_and_wait(|| async {
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: overlay.clone(),
            duration: None,
            x: 20.0,
            y: 0.0,
        });
        page.client.perform_actions(hover).await?;
        Ok(())
    })
    .await?;
    let (_, rows) = tooltip(page)
        .await?
        .ok_or(format!("no tooltip over chart-{chart}"))?;
    Ok(rows.into_iter().collect())
}

fn number(rows: &HashMap<String, String>, series: &str) -> Result<f64, AnyError> {
    let text = rows
        .get(series)
        .ok_or(format!("no {series} row in {rows:?}"))?;
    Ok(text.parse()?)
}

async fn present(page: &Page, selector: &str) -> Result<bool, AnyError> {
    Ok(!page
        .client
        .find_all(Locator::Css(selector))
        .await?
        .is_empty())
}

async fn style_select(page: &Page) -> Result<(String, bool), AnyError> {
    let v = page
        .client
        .execute(
            "const s = document.querySelector('[data-testid=price-style]');
             return [s.value, s.disabled];",
            vec![],
        )
        .await?;
    Ok((
        v[0].as_str().unwrap_or_default().to_string(),
        v[1].as_bool().unwrap_or(false),
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn candles_ohlc_bars_and_volume_on_a_file_with_ohlcv() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.click_and_wait("[data-testid=range-3m]").await?;
    if style_select(&page).await? != ("line".to_string(), false) {
        return Err("IWM opens as an enabled line style".into());
    }
    let line = canvas_hash(&page, "chart-price").await?;
    page.set_value("[data-testid=price-style]", "candles")
        .await?;
    let candles = canvas_hash(&page, "chart-price").await?;
    if candles == line {
        return Err("candles did not redraw the price chart".into());
    }
    if !page
        .client
        .current_url()
        .await?
        .as_str()
        .contains("style=candles")
    {
        return Err("the style is not in the link".into());
    }
    let rows = hover(&page, "price").await?;
    let (o, h, l, c) = (
        number(&rows, "price:open")?,
        number(&rows, "price:high")?,
        number(&rows, "price:low")?,
        number(&rows, "price:close")?,
    );
    if !(l <= o.min(c) && o.max(c) <= h) {
        return Err(format!("tooltip OHLC out of order: {o} {h} {l} {c}").into());
    }
    let volume = number(&rows, "price:volume")?;
    if page.canvas_ink("chart-volume").await? < 1_000 {
        return Err("the volume chart looks blank".into());
    }
    let rows = hover(&page, "volume").await?;
    if number(&rows, "volume:volume")? != volume || number(&rows, "volume:avg")? <= 0.0 {
        return Err(format!("volume rows {rows:?} vs price:volume {volume}").into());
    }
    page.set_value("[data-testid=price-style]", "ohlc").await?;
    if canvas_hash(&page, "chart-price").await? == candles {
        return Err("OHLC bars drew the same as candles".into());
    }
    page.screenshot("price-ohlc-volume").await?;
    // The link reopens OHLC bars.
    page.act_and_wait(|| async {
        page.client.refresh().await?;
        Ok(())
    })
    .await?;
    if style_select(&page).await?.0 != "ohlc" {
        return Err("after a reload the style is not the linked one".into());
    }
    // A file with only closes: a line, a note, no volume chart.
    page.set_value("[data-testid=price-series]", "SPY").await?;
    if style_select(&page).await? != ("line".to_string(), true) {
        return Err("SPY's style select is not a disabled line".into());
    }
    if !present(&page, "[data-testid=price-style-note]").await?
        || present(&page, "[data-testid=chart-volume]").await?
    {
        return Err("SPY: no note, or a volume chart without volume".into());
    }
    if page.canvas_ink("chart-price").await? < 1_500 {
        return Err("SPY's price line looks blank".into());
    }
    page.close().await
}

async fn level_value(page: &Page) -> Result<Option<f64>, AnyError> {
    match page
        .client
        .find(Locator::Css("[data-testid=price-level]"))
        .await
    {
        Ok(el) => Ok(el.attr("data-value").await?.and_then(|v| v.parse().ok())),
        Err(_) => Ok(None),
    }
}

/// The level's row on the price canvas (CSS px from its top), found by its
/// amber colour in a column at 40 % of the width.
async fn level_row(page: &Page) -> Result<f64, AnyError> {
    let v = page
        .client
        .execute(
            "const c = document.querySelector('[data-testid=chart-price]');
             const x = Math.round(c.width * 0.4);
             const d = c.getContext('2d').getImageData(x, 0, 1, c.height).data;
             for (let y = 0; y < c.height; y++) {
               const [r, g, b] = [d[4 * y], d[4 * y + 1], d[4 * y + 2]];
               if (r > 120 && g > 0.65 * r && g < 0.95 * r && b < 0.4 * r) {
                 return y / (c.width / c.clientWidth);
               }
             }
             return -1;",
            vec![],
        )
        .await?;
    let y = v.as_f64().unwrap_or(-1.0);
    if y < 0.0 {
        return Err("no level drawn on the price chart".into());
    }
    Ok(y)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_level_is_placed_dragged_and_kept_in_the_link() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.click_and_wait("[data-testid=price-level-add]").await?;
    let placed = level_value(&page)
        .await?
        .ok_or("no price-level after Add level")?;
    let last: f64 = page
        .metric("IWM", "last_close")
        .await?
        .ok_or("no IWM last_close")?
        .parse()?;
    if placed != last {
        return Err(format!("the level {placed} is not the last close {last}").into());
    }
    let (overlay, [_, _, width, height]) = overlay_in_view(&page, "price").await?;
    let y = level_row(&page).await?;
    page.act_and_wait(|| async {
        let drag = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: overlay.clone(),
                duration: None,
                x: -0.1 * width,
                y: y - height / 2.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(std::time::Duration::from_millis(200)),
                x: 0.0,
                y: -40.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        page.client.perform_actions(drag).await?;
        Ok(())
    })
    .await?;
    let dragged = level_value(&page)
        .await?
        .ok_or("the level vanished in the drag")?;
    if dragged <= placed {
        return Err(format!("dragged up, the level went from {placed} to {dragged}").into());
    }
    let url = page.client.current_url().await?;
    if !url.as_str().contains(&format!("lvl={dragged}")) {
        return Err(format!("the link does not carry lvl={dragged}: {url}").into());
    }
    page.act_and_wait(|| async {
        page.client.refresh().await?;
        Ok(())
    })
    .await?;
    if level_value(&page).await? != Some(dragged) {
        return Err("after a reload the level is not the linked one".into());
    }
    page.click_and_wait("[data-testid=price-level-remove]")
        .await?;
    if level_value(&page).await?.is_some()
        || page.client.current_url().await?.as_str().contains("lvl=")
    {
        return Err("the level was not removed".into());
    }
    page.close().await
}
