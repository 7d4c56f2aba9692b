//! Journeys over per-series and macro settings: the user overrides the
//! value column and the kind of a loaded file, and edits a publication lag.

use fantoccini::Locator;

use crate::harness::{manifest_dir, Page, TestResult};

/// Picks `value` in the `<select data-testid=testid data-series=series>`.
async fn choose(page: &Page, testid: &str, series: &str, value: &str) -> TestResult {
    page.set_value(
        &format!("select[data-testid={testid}][data-series='{series}']"),
        value,
    )
    .await
}

/// A Yahoo 7-column file loads with Adj Close; the user switches the value
/// column to Open, then declares the series "other": it leaves the price
/// metrics and joins the macro watch — each change re-read by the engine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn value_column_and_kind_can_be_overridden() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let path = manifest_dir().join("tests/fixtures/e2e/upload_a.csv");
    page.upload(&path.display().to_string()).await?;
    let id = "UPLOAD";
    let ids = page.series_ids().await?;
    let id = ids
        .iter()
        .find(|s| s.starts_with(id))
        .cloned()
        .ok_or(format!("uploaded file not listed: {ids:?}"))?;
    // Adj Close is preferred (last row: 143.6699981689453).
    if page.metric(&id, "last_close").await?.as_deref() != Some("143.6699981689453") {
        return Err(format!("{id} last_close is not the Adj Close").into());
    }
    choose(&page, "value-column", &id, "Open").await?;
    if page.metric(&id, "last_close").await?.as_deref() != Some("145.00999450683594") {
        return Err(format!(
            "after choosing Open, {id} last_close is {:?}",
            page.metric(&id, "last_close").await?
        )
        .into());
    }
    choose(&page, "series-kind", &id, "other").await?;
    if page.metric(&id, "last_close").await?.is_some() {
        return Err(format!("{id} declared 'other' still has price metrics").into());
    }
    if page.metric(&id, "macro_latest").await?.as_deref() != Some("145.00999450683594") {
        return Err(format!("{id} declared 'other' is not in the macro watch").into());
    }
    let role = page
        .client
        .find(Locator::Css(&format!(
            "[data-testid=series-list] [data-series='{id}']"
        )))
        .await?
        .attr("data-role")
        .await?;
    if role.as_deref() != Some("macro") {
        return Err(format!("{id} role is {role:?}, expected macro").into());
    }
    page.close().await
}

/// Jobless claims for the week ending 2026-05-30 come out on Thursday
/// 2026-06-04: known that day with the default lag, not with a longer one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_a_publication_lag_changes_what_was_known() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.set_value("[data-testid=as-of]", "2026-06-04").await?;
    let known = page.metric("ICSA", "macro_known_reference").await?;
    if known.as_deref() != Some("2026-05-30") {
        return Err(format!("default lag: known period {known:?}, expected 2026-05-30").into());
    }
    page.set_value("[data-testid=lag-days][data-series='ICSA']", "7")
        .await?;
    let known = page.metric("ICSA", "macro_known_reference").await?;
    let value = page.metric("ICSA", "macro_known").await?;
    if known.as_deref() != Some("2026-05-23") || value.as_deref() != Some("212000") {
        return Err(format!(
            "lag 7: known {known:?} = {value:?}, expected the 2026-05-23 print 212000"
        )
        .into());
    }
    page.screenshot("macro-lag").await?;
    page.close().await
}
