//! Journeys of issue 19 beyond the first check: the checked commentary
//! travels in the share link's fragment and reopens with its rows; the
//! alias table is edited on the page (a bad line is refused with its
//! number, the table in use stays) and travels too; a commentary arrives by
//! file drop (HTML stripped, never rendered: its script does not run) and
//! by the file picker; a file of another type is refused by name.

use fantoccini::Locator;
use serde_json::{Map, Value};

use crate::claims::{find, get, holds, paste, rows_when, AnyError};
use crate::harness::{artifacts_dir, manifest_dir, Page, TestResult};
use crate::no_routes;

/// The hooks that must survive a link, row by row.
fn row_keys(rows: &[Map<String, Value>]) -> Vec<[String; 7]> {
    rows.iter()
        .map(|r| {
            [
                "kind", "series", "date", "horizon", "claimed", "computed", "verdict",
            ]
            .map(|k| get(r, k).to_string())
        })
        .collect()
}

/// The page's address without its origin (the next page has its own server).
async fn address_path(page: &Page) -> Result<String, AnyError> {
    let path = page
        .client
        .execute(
            "return location.pathname + location.search + location.hash;",
            vec![],
        )
        .await?;
    Ok(path.as_str().unwrap_or("/").to_string())
}

/// Scrolls `selector` to the middle of the window (out from under the
/// sticky top bar), as a user does before pressing it.
async fn centre(page: &Page, selector: &str) -> TestResult {
    let el = page.client.find(Locator::Css(selector)).await?;
    page.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![serde_json::to_value(&el)?],
        )
        .await?;
    Ok(())
}

async fn text_of(page: &Page, selector: &str) -> Result<String, AnyError> {
    let el = page.client.find(Locator::Css(selector)).await?;
    let value = page
        .client
        .execute(
            "return arguments[0].value;",
            vec![serde_json::to_value(&el)?],
        )
        .await?;
    Ok(value.as_str().unwrap_or("").to_string())
}

async fn set_text(page: &Page, selector: &str, text: &str) -> TestResult {
    let el = page.client.find(Locator::Css(selector)).await?;
    page.client
        .execute(
            "const e = arguments[0]; e.value = arguments[1]; e.dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::to_value(&el)?, text.into()],
        )
        .await?;
    Ok(())
}

/// Drops a file named `name` holding `body` on the checker's text box, as
/// a browser does (dragover, then drop with a DataTransfer).
async fn drop_file(page: &Page, name: &str, body: &str) -> TestResult {
    page.client
        .execute(
            r#"const dt = new DataTransfer();
               dt.items.add(new File([arguments[1]], arguments[0], {type: 'text/plain'}));
               const box = document.querySelector('.claims-input');
               box.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
               box.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));"#,
            vec![name.into(), body.into()],
        )
        .await?;
    Ok(())
}

async fn wait_for_text(page: &Page, want: &str) -> TestResult {
    for _ in 0..50 {
        if text_of(page, "[data-testid=claims-input]")
            .await?
            .contains(want)
        {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(format!("the text box never held {want:?}").into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_share_link_alias_table_and_file_drop() -> TestResult {
    let page = Page::open(no_routes).await?;
    for id in ["RUT", "GSPC", "NDX"] {
        page.click_and_wait(&format!("[data-testid=sample-{id}]"))
            .await?;
    }
    let seed =
        std::fs::read_to_string(manifest_dir().join("tests/fixtures/claims/seed_2026-01-17.txt"))?;
    paste(&page, &seed).await?;
    centre(&page, "[data-testid=claims-check]").await?;
    page.click_and_wait("[data-testid=claims-check]").await?;
    let first = rows_when(&page, |r| !r.is_empty()).await?;
    holds(find(&first, "return", "RUT", "ytd", "0.078")?)?;

    // The link carries the text in its fragment, never in its query.
    let path = address_path(&page).await?;
    let (query, fragment) = path.split_once('#').ok_or("no fragment in the address")?;
    if !fragment.split('&').any(|p| p.starts_with("c=")) || query.contains("c=") {
        return Err(format!("the commentary is not in the fragment: {path}").into());
    }
    let status = page
        .client
        .find(Locator::Css("[data-testid=share-status]"))
        .await?
        .text()
        .await?;
    if !status.contains("claim checker") {
        return Err(format!("the share panel does not say the text travels: {status}").into());
    }

    // Reopened from the link: the same text and the same rows.
    let reopened = Page::open_at(no_routes, &path).await?;
    let again = rows_when(&reopened, |r| r.len() == first.len()).await?;
    if row_keys(&again) != row_keys(&first) {
        return Err(format!("rows differ after the link: {again:#?} vs {first:#?}").into());
    }
    if text_of(&reopened, "[data-testid=claims-input]").await? != seed {
        return Err("the reopened page's text box does not hold the article".into());
    }
    reopened.close().await?;

    // The alias table, edited on the page: a new name for the Russell 2000.
    page.client
        .execute(
            "document.querySelector('.claims-aliases').open = true;",
            vec![],
        )
        .await?;
    for (theme, width) in [("light", 1440), ("dark", 390)] {
        page.theme_and_width(theme, width).await?;
        let panel = page.client.find(Locator::Css("section.claims")).await?;
        std::fs::write(
            artifacts_dir().join(format!("claims-aliases-{width}-{theme}.png")),
            panel.screenshot().await?,
        )?;
    }
    page.client.set_window_size(1440, 1000).await?;
    let table = text_of(&page, "[data-testid=claims-aliases]").await?;
    if !table.contains("Russell 2000 | price | RUT | IWM") {
        return Err(format!("the default table is not shown: {table}").into());
    }
    // A broken line is refused with its number; the table in use stays.
    set_text(
        &page,
        "[data-testid=claims-aliases]",
        &format!("{table}Tiny caps | price\n"),
    )
    .await?;
    // (A refused table changes nothing in the view: no settling to wait for.)
    centre(&page, "[data-testid=claims-aliases-apply]").await?;
    page.client
        .find(Locator::Css("[data-testid=claims-aliases-apply]"))
        .await?
        .click()
        .await?;
    let line = table.lines().count() + 1;
    let error = page
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(Locator::Css("[data-testid=claims-aliases-error]"))
        .await?
        .text()
        .await?;
    if !error.contains(&format!("alias line {line}")) {
        return Err(format!("the error does not name line {line}: {error}").into());
    }
    let sentence = "Jan 17, 2026. Tiny caps are up 7.8% so far this year.";
    paste(&page, sentence).await?;
    centre(&page, "[data-testid=claims-check]").await?;
    page.click_and_wait("[data-testid=claims-check]").await?;
    let unknown = rows_when(&page, |r| r.len() == 1).await?;
    if get(&unknown[0], "verdict") != "cant-check" {
        return Err(format!("an unknown name was judged: {unknown:#?}").into());
    }
    set_text(
        &page,
        "[data-testid=claims-aliases]",
        &format!("{table}Tiny caps | price | RUT | IWM | tiny caps\n"),
    )
    .await?;
    page.click_and_wait("[data-testid=claims-aliases-apply]")
        .await?;
    let known = rows_when(&page, |r| r.len() == 1 && get(&r[0], "series") == "RUT").await?;
    holds(find(&known, "return", "RUT", "ytd", "0.078")?)?;

    // The edited table travels in the link too.
    let path = address_path(&page).await?;
    if !path.contains("&ca=") {
        return Err(format!("the edited table is not in the link: {path}").into());
    }
    let reopened = Page::open_at(no_routes, &path).await?;
    let carried = rows_when(&reopened, |r| r.len() == 1).await?;
    holds(find(&carried, "return", "RUT", "ytd", "0.078")?)?;
    reopened.close().await?;
    page.click_and_wait("[data-testid=claims-aliases-reset]")
        .await?;
    rows_when(&page, |r| {
        r.len() == 1 && get(&r[0], "verdict") == "cant-check"
    })
    .await?;

    // A dropped HTML file: tags stripped for the check, never rendered.
    let html = "<html><body><h1>Markets</h1><p>Jan 17, 2026 &mdash; The <b>Russell 2000</b> is up 7.8% so far this year.</p><img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script></body></html>";
    drop_file(&page, "article.html", html).await?;
    wait_for_text(&page, "<b>Russell 2000</b>").await?;
    centre(&page, "[data-testid=claims-check]").await?;
    page.click_and_wait("[data-testid=claims-check]").await?;
    let dropped = rows_when(&page, |r| {
        r.iter()
            .any(|x| get(x, "series") == "RUT" && get(x, "claimed") == "0.078")
    })
    .await?;
    holds(find(&dropped, "return", "RUT", "ytd", "0.078")?)?;
    let injected = page
        .client
        .execute(
            "return [window.__pwned === undefined, document.querySelectorAll('section.claims img, section.claims script, section.claims b').length, document.querySelector('[data-testid=claim] td.sentence').textContent];",
            vec![],
        )
        .await?;
    if injected[0] != Value::Bool(true)
        || injected[1] != 0
        || injected[2].as_str().is_some_and(|s| s.contains('<'))
    {
        return Err(format!("the dropped HTML was rendered or run: {injected:?}").into());
    }

    // Another type is refused by name; the text box keeps its text.
    drop_file(&page, "prices.csv", "Date,Close\n2026-01-02,1\n").await?;
    let messages = page.messages().await?;
    if !messages
        .iter()
        .any(|m| m.1.contains("prices.csv") && m.1.contains(".txt, .md or .html"))
    {
        return Err(format!("no refusal naming prices.csv: {messages:?}").into());
    }
    wait_for_text(&page, "<b>Russell 2000</b>").await?;

    // The file picker, as a keyboard user reaches it.
    let md = artifacts_dir().join("claims-pick.md");
    std::fs::write(
        &md,
        "# Note\n\nJan 17, 2026. The S&P 500 is up 1.5% so far this year.\n",
    )?;
    page.client
        .find(Locator::Css("[data-testid=claims-file]"))
        .await?
        .send_keys(&md.to_string_lossy())
        .await?;
    wait_for_text(&page, "# Note").await?;
    centre(&page, "[data-testid=claims-check]").await?;
    page.click_and_wait("[data-testid=claims-check]").await?;
    let picked = rows_when(&page, |r| r.len() == 1 && get(&r[0], "series") == "GSPC").await?;
    holds(find(&picked, "return", "GSPC", "ytd", "0.015")?)?;

    let console = page.console_errors().await?;
    if !console.is_empty() {
        return Err(format!("browser console errors: {console:?}").into());
    }
    page.close().await
}
