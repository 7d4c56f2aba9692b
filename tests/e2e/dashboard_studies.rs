//! Journeys of issue 20's studies and bar lengths: edited MACD, Bollinger
//! and ATR periods show TA-Lib's values (the reference file computed with
//! the same periods, tests/fixtures/reference/studies_IWM.csv) in the
//! tooltip and the table view; weekly and monthly bars put the charts on
//! weeks and months with the RSI of the resampled closes; screenshots of
//! the studies at 1440 and 390 px in light and dark.

use std::collections::HashMap;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::Locator;

use regime_radar::engine::indicators::WilderRsi;
use regime_radar::engine::resample::{resample, Timeframe};

use crate::dashboard::{overlay_in_view, tooltip};
use crate::harness::{close_enough, manifest_dir, Page, TestResult};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// A TA-Lib reference file: date → column → value.
fn reference(name: &str) -> Result<HashMap<String, HashMap<String, f64>>, AnyError> {
    let path = manifest_dir().join("tests/fixtures/reference").join(name);
    let mut reader = csv::Reader::from_path(path)?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let mut out = HashMap::new();
    for record in reader.records() {
        let record = record?;
        let row: HashMap<String, f64> = header
            .iter()
            .zip(record.iter())
            .skip(1)
            .filter_map(|(h, v)| Some((h.clone(), v.parse().ok()?)))
            .collect();
        out.insert(record[0].to_string(), row);
    }
    Ok(out)
}

/// Hovers `chart` at `dx` CSS px right of its centre and returns the
/// tooltip's date and rows.
async fn hover(
    page: &Page,
    chart: &str,
    dx: f64,
) -> Result<(String, HashMap<String, String>), AnyError> {
    let (overlay, _) = overlay_in_view(page, chart).await?;
    page.act_and_wait(|| async {
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: overlay.clone(),
            duration: None,
            x: dx,
            y: 0.0,
        });
        page.client.perform_actions(hover).await?;
        Ok(())
    })
    .await?;
    let (date, rows) = tooltip(page)
        .await?
        .ok_or(format!("no tooltip while hovering chart-{chart}"))?;
    Ok((date, rows.into_iter().collect()))
}

fn row(rows: &HashMap<String, String>, series: &str) -> Result<f64, AnyError> {
    let text = rows
        .get(series)
        .ok_or(format!("no {series} row in {rows:?}"))?;
    Ok(text.parse()?)
}

/// The latest row of a chart's table view: its date and each cell's
/// `data-series` → `data-value`.
async fn table_latest(
    page: &Page,
    chart: &str,
) -> Result<(String, HashMap<String, String>), AnyError> {
    // Centred first: the sticky top bar would take a click at the edge.
    let toggle = page
        .client
        .find(Locator::Css(&format!(
            "[data-testid=chart-table-toggle][data-chart={chart}]"
        )))
        .await?;
    page.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&toggle)?],
        )
        .await?;
    toggle.click().await?;
    let selector = format!("[data-testid=chart-table][data-chart={chart}] tbody tr");
    page.client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css(&selector))
        .await?;
    let v = page
        .client
        .execute(
            "const tr = document.querySelector(arguments[0]);
             return [tr.querySelector('th').textContent,
                     [...tr.querySelectorAll('td')].map(td => [td.dataset.series, td.dataset.value])];",
            vec![selector.into()],
        )
        .await?;
    let date = v[0].as_str().unwrap_or_default().to_string();
    let cells: Vec<(String, String)> = serde_json::from_value(v[1].clone())?;
    Ok((date, cells.into_iter().collect()))
}

async fn set(page: &Page, name: &str, value: &str) -> TestResult {
    page.set_value(
        &format!("[data-testid=setting][data-setting={name}]"),
        value,
    )
    .await
}

/// Edited periods: the MACD tooltip and table, the price tooltip's bands
/// and the ATR tooltip and table equal TA-Lib with the same periods
/// (MACD 8/21/5, BBANDS 10 × 1.5, ATR 7) to 1e-9, on IWM (the small-cap
/// series the price panel shows).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edited_study_periods_show_talib_values_in_tooltips_and_tables() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    for (name, value) in [
        ("macd_fast", "8"),
        ("macd_slow", "21"),
        ("macd_signal", "5"),
        ("bb_period", "10"),
        ("bb_k", "1.5"),
        ("atr_period", "7"),
    ] {
        set(&page, name, value).await?;
    }
    page.click_and_wait("[data-testid=range-3m]").await?;
    let talib = reference("studies_IWM.csv")?;
    let expect = |date: &str, column: &str| -> Result<f64, AnyError> {
        talib
            .get(date)
            .and_then(|r| r.get(column))
            .copied()
            .ok_or_else(|| format!("TA-Lib has no {column} on {date}").into())
    };
    let check = |what: &str, got: f64, want: f64| -> TestResult {
        if close_enough(got, want, 1e-9) {
            Ok(())
        } else {
            Err(format!("{what}: page {got}, TA-Lib {want}").into())
        }
    };
    let (date, rows) = hover(&page, "macd", 40.0).await?;
    check(
        "macd:macd",
        row(&rows, "macd:macd")?,
        expect(&date, "MACD_8_21_5")?,
    )?;
    check(
        "macd:signal",
        row(&rows, "macd:signal")?,
        expect(&date, "MACD_signal_5")?,
    )?;
    check(
        "macd:hist",
        row(&rows, "macd:hist")?,
        expect(&date, "MACD_hist_8_21_5")?,
    )?;
    let (date, rows) = hover(&page, "price", -60.0).await?;
    check(
        "price:bb_upper",
        row(&rows, "price:bb_upper")?,
        expect(&date, "BB_upper_10_1.5")?,
    )?;
    check(
        "price:bb_middle",
        row(&rows, "price:bb_middle")?,
        expect(&date, "BB_middle_10")?,
    )?;
    check(
        "price:bb_lower",
        row(&rows, "price:bb_lower")?,
        expect(&date, "BB_lower_10_1.5")?,
    )?;
    let (date, rows) = hover(&page, "atr", 0.0).await?;
    check("atr:atr", row(&rows, "atr:atr")?, expect(&date, "ATR_7")?)?;
    // The table views: the latest visible session's raw values.
    for (chart, cells) in [
        (
            "macd",
            vec![
                ("macd:macd", "MACD_8_21_5"),
                ("macd:hist", "MACD_hist_8_21_5"),
            ],
        ),
        ("atr", vec![("atr:atr", "ATR_7")]),
        ("price", vec![("price:bb_upper", "BB_upper_10_1.5")]),
    ] {
        let (date, values) = table_latest(&page, chart).await?;
        for (series, column) in cells {
            let got: f64 = values
                .get(series)
                .ok_or(format!("no {series} cell in the {chart} table: {values:?}"))?
                .parse()?;
            check(
                &format!("{chart} table {series} on {date}"),
                got,
                expect(&date, column)?,
            )?;
        }
    }
    page.close().await
}

/// Weekly bars: every chart is on weeks (the tooltip's date is its week's
/// last IWM session), the page says the radar stays daily, and the RSI is
/// Wilder's over the weekly closes (WilderRsi natively, and TA-Lib's
/// reference); monthly bars the same with the monthly reference. Then the
/// studies on weekly bars are photographed at both widths and themes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weekly_and_monthly_bars_give_the_rsi_of_the_resampled_closes() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let iwm = crate::radar::load("IWM")?;
    for (code, timeframe, file) in [
        ("m", Timeframe::Monthly, "IWM_monthly.csv"),
        ("w", Timeframe::Weekly, "IWM_weekly.csv"),
    ] {
        if code == "w" {
            // The dashboard toolbar's own select sets the same setting.
            page.set_value("[data-testid=timeframe-select]", code)
                .await?;
        } else {
            set(&page, "timeframe", code).await?;
        }
        page.click_and_wait("[data-testid=range-5y]").await?;
        let hint = page
            .client
            .find(Locator::Css("[data-testid=timeframe-hint]"))
            .await?
            .text()
            .await?;
        if !hint.contains("stay on daily sessions") {
            return Err(format!("timeframe hint: {hint:?}").into());
        }
        let bars = resample(&iwm, timeframe);
        let closes: Vec<f64> = bars.close.iter().flatten().copied().collect();
        let rsi = WilderRsi::new(14)?.over(&closes);
        let talib = reference(file)?;
        let (date, rows) = hover(&page, "rsi", 30.0).await?;
        let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")?;
        let k = bars
            .dates
            .binary_search(&day)
            .map_err(|_| format!("{date} is not the last IWM session of its {code} bar"))?;
        let got = row(&rows, "rsi:IWM")?;
        let native = rsi[k].ok_or(format!("no native RSI on {date}"))?;
        let reference = talib
            .get(&date)
            .and_then(|r| r.get("RSI_14"))
            .copied()
            .ok_or(format!("TA-Lib has no RSI on {date}"))?;
        if !close_enough(got, native, 1e-12) || !close_enough(got, reference, 1e-9) {
            return Err(format!(
                "{code} RSI on {date}: page {got}, WilderRsi {native}, TA-Lib {reference}"
            )
            .into());
        }
        // The MACD on the same bars is TA-Lib's of the resampled closes.
        let (date, rows) = hover(&page, "macd", 30.0).await?;
        let want = talib
            .get(&date)
            .and_then(|r| r.get("MACD_12_26_9"))
            .copied()
            .ok_or(format!("TA-Lib has no MACD on {date}"))?;
        if !close_enough(row(&rows, "macd:macd")?, want, 1e-9) {
            return Err(format!("{code} MACD on {date}: page vs TA-Lib {want}").into());
        }
    }
    // On weekly bars the ratio's streak counts weeks, not sessions.
    let streak = page
        .client
        .find(Locator::Css("[data-testid=ratio-streak]"))
        .await?
        .text()
        .await?;
    if !streak.contains("week") || streak.contains("session") {
        return Err(format!("weekly streak sentence: {streak:?}").into());
    }
    // Weekly candles in the screenshots below.
    page.set_value("[data-testid=price-style]", "candles")
        .await?;
    for (width, theme) in [
        (1440, "light"),
        (1440, "dark"),
        (390, "light"),
        (390, "dark"),
    ] {
        page.theme_and_width(theme, width).await?;
        for chart in ["macd", "atr", "price", "volume"] {
            let ink = page.canvas_ink(&format!("chart-{chart}")).await?;
            if ink < 1_000 {
                return Err(format!("at {width} px chart-{chart} looks blank ({ink})").into());
            }
        }
        page.screenshot(&format!("studies-weekly-{theme}-{width}"))
            .await?;
    }
    page.close().await
}
