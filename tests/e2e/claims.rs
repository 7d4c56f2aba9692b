//! Journey of issue 19, the claim checker: paste the seed article (plus a
//! deliberately wrong sentence) with the index samples loaded, run the
//! check from the keyboard, and read every row's hooks: the same rows the
//! engine gives natively on the same series, the article's YTD, RSI,
//! 3-month and spread claims holding, its three targets as target rows,
//! the wrong sentence off; Enter in the date field re-runs the check as of
//! the typed date; the CSV export has a line per row; screenshots at
//! 1440 px in light and dark.

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{Map, Value};

use regime_radar::engine::claims::{check_commentary, AliasTable, ClaimRow};
use regime_radar::engine::series::Series;

use crate::harness::{artifacts_dir, close_enough, manifest_dir, Page, TestResult};
use crate::no_routes;
use crate::radar::{datasets, load};

pub(crate) type AnyError = Box<dyn std::error::Error + Send + Sync>;

const WRONG: &str = "\n\nThe Russell 2000 is up 15% this year.\n";

pub(crate) fn get<'a>(row: &'a Map<String, Value>, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Sets the textarea as a paste would (value, then `input`).
pub(crate) async fn paste(page: &Page, text: &str) -> TestResult {
    let area = page
        .client
        .find(Locator::Css("[data-testid=claims-input]"))
        .await?;
    page.client
        .execute(
            "const e = arguments[0]; e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::to_value(&area)?, text.into()],
        )
        .await?;
    Ok(())
}

/// Focuses `selector` and presses Enter on it.
async fn press_enter(page: &Page, selector: &str) -> TestResult {
    let el = page.client.find(Locator::Css(selector)).await?;
    page.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();",
            vec![serde_json::to_value(&el)?],
        )
        .await?;
    el.send_keys(&char::from(Key::Enter).to_string()).await?;
    Ok(())
}

/// The claim rows once `ready` accepts them (the check is synchronous, the
/// render is not).
pub(crate) async fn rows_when(
    page: &Page,
    ready: impl Fn(&[Map<String, Value>]) -> bool,
) -> Result<Vec<Map<String, Value>>, AnyError> {
    for _ in 0..50 {
        let rows = datasets(page, "[data-testid=claim]").await?;
        if ready(&rows) {
            return Ok(rows);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err("the claim rows did not appear".into())
}

pub(crate) fn find<'a>(
    rows: &'a [Map<String, Value>],
    kind: &str,
    series: &str,
    horizon: &str,
    claimed: &str,
) -> Result<&'a Map<String, Value>, AnyError> {
    rows.iter()
        .find(|r| {
            get(r, "kind") == kind
                && get(r, "series") == series
                && get(r, "horizon") == horizon
                && match (get(r, "claimed").parse::<f64>(), claimed.parse::<f64>()) {
                    (Ok(a), Ok(b)) => (a - b).abs() < 1e-12,
                    _ => get(r, "claimed") == claimed,
                }
        })
        .ok_or_else(|| format!("no {kind} row {series} {horizon} {claimed} in {rows:#?}").into())
}

pub(crate) fn holds(row: &Map<String, Value>) -> TestResult {
    if get(row, "verdict") != "holds" {
        return Err(format!("expected holds: {row:#?}").into());
    }
    Ok(())
}

/// The page's row equals the engine's: same hooks, computed to 1e-12
/// relative (wasm and native libm may differ in the last bit).
fn same_row(page: &Map<String, Value>, native: &ClaimRow) -> TestResult {
    let date = native.date.map(|d| d.to_string()).unwrap_or_default();
    let expected = [
        ("kind", native.kind.to_string()),
        ("series", native.series.clone()),
        ("date", date),
        ("horizon", native.horizon.clone()),
        ("verdict", native.verdict.code().to_string()),
    ];
    for (key, want) in expected {
        if get(page, key) != want {
            return Err(format!(
                "{key}: page {:?} vs engine {want:?} in {page:#?}",
                get(page, key)
            )
            .into());
        }
    }
    match (get(page, "computed"), native.computed) {
        ("", None) => Ok(()),
        (shown, Some(v)) => {
            let got: f64 = shown.parse()?;
            if close_enough(got, v, 1e-12) {
                Ok(())
            } else {
                Err(format!("computed: page {got} vs engine {v} in {page:#?}").into())
            }
        }
        (shown, None) => Err(format!("computed: page {shown:?}, engine none").into()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_journey_seed_article_checked_from_the_keyboard() -> TestResult {
    let page = Page::open(no_routes).await?;
    for id in ["RUT", "GSPC", "NDX"] {
        page.click_and_wait(&format!("[data-testid=sample-{id}]"))
            .await?;
    }
    let seed =
        std::fs::read_to_string(manifest_dir().join("tests/fixtures/claims/seed_2026-01-17.txt"))?;
    let text = format!("{seed}{WRONG}");
    paste(&page, &text).await?;
    press_enter(&page, "[data-testid=claims-check]").await?;
    let rows = rows_when(&page, |r| !r.is_empty()).await?;

    // The engine on the same text and the same series, natively.
    let ids = page.series_ids().await?;
    let series: Vec<Series> = ids.iter().map(|id| load(id)).collect::<Result<_, _>>()?;
    let refs: Vec<&Series> = series.iter().collect();
    let (_, native) = check_commentary(&text, None, &refs, &AliasTable::default());
    if rows.len() != native.len() {
        return Err(format!(
            "{} rows on the page, {} from the engine",
            rows.len(),
            native.len()
        )
        .into());
    }
    for (shown, want) in rows.iter().zip(&native) {
        same_row(shown, want)?;
    }

    // The article's claims (docs/claims.md has the hand computations).
    let ytd = find(&rows, "return", "RUT", "ytd", "0.078")?;
    holds(ytd)?;
    if get(ytd, "date") != "2026-01-16" {
        return Err(format!("YTD as of {:?}, not 2026-01-16", get(ytd, "date")).into());
    }
    holds(find(&rows, "return", "GSPC", "ytd", "0.015")?)?;
    holds(find(&rows, "rsi", "RUT", "", "71")?)?;
    holds(find(&rows, "return", "RUT", "63", "0.08")?)?;
    holds(find(&rows, "return", "NDX", "63", "0.036")?)?;
    let spreads: Vec<_> = rows.iter().filter(|r| get(r, "kind") == "spread").collect();
    if spreads.is_empty() || !spreads.iter().all(|r| get(r, "verdict") == "holds") {
        return Err(format!("spread rows: {spreads:#?}").into());
    }
    let targets: Vec<_> = rows.iter().filter(|r| get(r, "kind") == "target").collect();
    if targets.len() != 3 {
        return Err(format!("{} target rows: {targets:#?}", targets.len()).into());
    }
    let wrong = find(&rows, "return", "RUT", "ytd", "0.15")?;
    if get(wrong, "verdict") != "off" || get(wrong, "reason").is_empty() {
        return Err(format!("the wrong sentence: {wrong:#?}").into());
    }
    // The claim's number is highlighted, as text.
    let marks = page
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=claim] mark')).map(m => m.textContent);",
            vec![],
        )
        .await?;
    if !marks
        .as_array()
        .is_some_and(|m| m.iter().any(|v| v.as_str() == Some("7.8%")))
    {
        return Err(format!("no highlighted 7.8%: {marks:?}").into());
    }

    // The CSV export: a header and a line per row.
    page.client
        .find(Locator::Css("[data-testid=claims-export]"))
        .await?
        .click()
        .await?;
    let csv = page
        .client
        .execute(
            "return window.__rrLastExport && window.__rrLastExport.text;",
            vec![],
        )
        .await?;
    let csv = csv.as_str().unwrap_or("");
    if !csv.starts_with("kind,series,date") || csv.lines().count() != rows.len() + 1 {
        return Err(format!("claims CSV export: {csv:?}").into());
    }

    // Screenshots at 1440 px, light and dark.
    page.client.set_window_size(1440, 1000).await?;
    for _ in 0..2 {
        let theme = page
            .client
            .execute("return document.documentElement.dataset.theme;", vec![])
            .await?;
        let theme = theme.as_str().unwrap_or("theme").to_string();
        let panel = page.client.find(Locator::Css("section.claims")).await?;
        page.client
            .execute(
                "arguments[0].scrollIntoView({block: 'start'});",
                vec![serde_json::to_value(&panel)?],
            )
            .await?;
        let png = panel.screenshot().await?;
        std::fs::write(
            artifacts_dir().join(format!("claims-panel-1440-{theme}.png")),
            png,
        )?;
        page.screenshot(&format!("claims-1440-{theme}")).await?;
        page.client.set_window_size(1440, 1000).await?;
        page.click_and_wait("[data-testid=theme-toggle]").await?;
    }

    // A typed date wins over the dateline; Enter in the field runs the check.
    let field = page
        .client
        .find(Locator::Css("[data-testid=claims-date]"))
        .await?;
    page.client
        .execute(
            "const e = arguments[0]; e.value = '2026-01-09'; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::to_value(&field)?],
        )
        .await?;
    press_enter(&page, "[data-testid=claims-date]").await?;
    let rows = rows_when(&page, |r| {
        r.iter().any(|x| {
            get(x, "kind") == "return"
                && get(x, "claimed") == "0.078"
                && get(x, "date") == "2026-01-09"
        })
    })
    .await?;
    let (_, native) = check_commentary(&text, Some("2026-01-09"), &refs, &AliasTable::default());
    for (shown, want) in rows.iter().zip(&native) {
        same_row(shown, want)?;
    }

    let console = page.console_errors().await?;
    if !console.is_empty() {
        return Err(format!("browser console errors: {console:?}").into());
    }
    page.close().await
}
