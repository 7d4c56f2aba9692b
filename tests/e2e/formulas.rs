//! Journeys of issue 20's formulas and macro units: a formula naming a
//! series that is not loaded says so; `iwm : spy` adds the series
//! `IWM:SPY`, which takes a role; the ICSA panel in FRED's `pc1` shows the
//! engine's percent changes from a year ago; all of it travels in the
//! link and comes back when the link is opened.

use fantoccini::actions::{InputSource, MouseActions, PointerAction};

use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::series::SeriesKind;
use regime_radar::engine::units::Units;

use crate::dashboard::{overlay_in_view, tooltip};
use crate::harness::{close_enough, manifest_dir, Page, TestResult};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// Types `text` into the formula field and presses its button.
async fn add_formula(page: &Page, text: &str) -> TestResult {
    page.act_and_wait(|| async {
        page.client
            .execute(
                "const i = document.querySelector('[data-testid=formula-input]');
                 i.value = arguments[0]; i.dispatchEvent(new Event('input', {bubbles: true}));
                 document.querySelector('[data-testid=formula-add]').click();",
                vec![text.into()],
            )
            .await?;
        Ok(())
    })
    .await
}

async fn attr(page: &Page, selector: &str, script: &str) -> Result<String, AnyError> {
    let v = page
        .client
        .execute(
            &format!("const e = document.querySelector(arguments[0]); return e ? {script} : null;"),
            vec![selector.into()],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The bundled ICSA in FRED's percent change from a year ago, natively.
fn icsa_pc1() -> Result<Vec<f64>, AnyError> {
    let bytes = std::fs::read(manifest_dir().join("public/data/ICSA.csv"))?;
    let options = IngestOptions {
        name: Some("ICSA".into()),
        kind: Some(SeriesKind::JoblessClaims),
        ..IngestOptions::default()
    };
    let series = ingest(&bytes, "ICSA.csv", &options)
        .map_err(|e| e.to_string())?
        .series;
    Ok(Units::Pc1.apply(&series).into_iter().flatten().collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formulas_and_macro_units_show_the_engines_values_and_travel_in_the_link() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    add_formula(&page, "IWM:XYZ").await?;
    let messages = page.messages().await?;
    if !messages
        .iter()
        .any(|(level, text)| level == "error" && text.contains("XYZ is not loaded"))
    {
        return Err(format!("no \"XYZ is not loaded\" error: {messages:?}").into());
    }
    if page.series_ids().await?.iter().any(|s| s.contains("XYZ")) {
        return Err("a formula over a missing series was added".into());
    }

    add_formula(&page, " iwm : spy ").await?;
    if !page.series_ids().await?.iter().any(|s| s == "IWM:SPY") {
        return Err("IWM:SPY is not in the series list".into());
    }
    page.set_value("[data-testid=series-role][data-series='IWM:SPY']", "growth")
        .await?;
    let role = attr(&page, "li[data-series='IWM:SPY']", "e.dataset.role").await?;
    if role != "growth" {
        return Err(format!("IWM:SPY has role {role:?}, not growth").into());
    }

    page.set_value("[data-testid=macro-units][data-series=ICSA]", "pc1")
        .await?;
    let (overlay, _) = overlay_in_view(&page, "macro][data-series=ICSA").await?;
    page.act_and_wait(|| async {
        let hover = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element: overlay.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        page.client.perform_actions(hover).await?;
        Ok(())
    })
    .await?;
    let (date, rows) = tooltip(&page)
        .await?
        .ok_or("no tooltip over the ICSA chart")?;
    let shown: f64 = rows
        .iter()
        .find(|(s, _)| s == "macro:ICSA")
        .ok_or(format!("no macro:ICSA row on {date}: {rows:?}"))?
        .1
        .parse()?;
    if !icsa_pc1()?.iter().any(|v| close_enough(*v, shown, 1e-12)) {
        return Err(format!("ICSA on {date} shows {shown}, not one of its pc1 values").into());
    }

    let link = attr(&page, "[data-testid=share-link]", "e.value").await?;
    for part in ["f=IWM:SPY", "role=IWM:SPY:growth", "units=ICSA:pc1"] {
        if !link.contains(part) {
            return Err(format!("the link {link} lacks {part}").into());
        }
    }
    page.close().await?;

    let query = link
        .split_once('?')
        .map(|(_, q)| format!("/?{q}"))
        .ok_or("no query in the link")?;
    let page = Page::open_at(crate::no_routes, &query).await?;
    if !page.series_ids().await?.iter().any(|s| s == "IWM:SPY") {
        return Err("the link did not bring IWM:SPY back".into());
    }
    let role = attr(&page, "li[data-series='IWM:SPY']", "e.dataset.role").await?;
    let units = attr(
        &page,
        "[data-testid=macro-units][data-series=ICSA]",
        "e.value",
    )
    .await?;
    if role != "growth" || units != "pc1" {
        return Err(format!("reopened: role {role:?}, units {units:?}").into());
    }
    page.close().await
}
