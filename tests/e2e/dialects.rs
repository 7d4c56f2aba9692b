//! Every dialect fixture (tests/fixtures/dialects/) loads in a real browser
//! by each route a user has: paste, upload (several files at once) and
//! drag-and-drop — with the id the engine gives it natively, and no error.

use std::path::PathBuf;

use fantoccini::Locator;
use regime_radar::engine::ingest::{ingest, IngestOptions};

use crate::harness::{manifest_dir, Page, TestResult};

fn dialect_files() -> Result<Vec<PathBuf>, Box<dyn std::error::Error + Send + Sync>> {
    let dir = manifest_dir().join("tests/fixtures/dialects");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "csv" || x == "txt" || x == "tsv")
        })
        .collect();
    files.sort();
    if files.len() < 20 {
        return Err(format!("only {} dialect fixtures in {}", files.len(), dir.display()).into());
    }
    Ok(files)
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The ids the engine gives these files under their own names.
fn engine_ids(files: &[PathBuf]) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p)?;
            let ingested = ingest(&bytes, &file_name(p), &IngestOptions::default())
                .map_err(|e| format!("{}: {e}", p.display()))?;
            Ok(ingested.series.id.to_string())
        })
        .collect()
}

async fn assert_listed_without_errors(page: &Page, ids: &[String], route: &str) -> TestResult {
    for _ in 0..150 {
        let listed = page.series_ids().await?;
        if ids.iter().all(|id| listed.contains(id)) {
            page.wait_ready().await?;
            let errors: Vec<_> = page
                .messages()
                .await?
                .into_iter()
                .filter(|(l, _)| l == "error")
                .collect();
            if !errors.is_empty() {
                return Err(format!("{route}: error messages {errors:?}").into());
            }
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let listed = page.series_ids().await?;
    let missing: Vec<_> = ids.iter().filter(|id| !listed.contains(id)).collect();
    Err(format!(
        "{route}: not listed {missing:?}; messages {:?}",
        page.messages().await?
    )
    .into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dialect_loads_by_upload() -> TestResult {
    let files = dialect_files()?;
    let ids = engine_ids(&files)?;
    let page = Page::open(crate::no_routes).await?;
    let paths = files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("\n");
    page.client
        .find(Locator::Css("[data-testid=file-input]"))
        .await?
        .send_keys(&paths)
        .await?;
    assert_listed_without_errors(&page, &ids, "upload").await?;
    page.screenshot("dialects-upload").await?;
    page.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dialect_loads_by_drag_and_drop() -> TestResult {
    let files = dialect_files()?;
    let ids = engine_ids(&files)?;
    let page = Page::open(crate::no_routes).await?;
    // Bytes travel as number arrays so Windows-1252 or BOM files arrive unchanged.
    let payload: Vec<serde_json::Value> = files
        .iter()
        .map(
            |p| -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
                let bytes = std::fs::read(p)?;
                Ok(serde_json::json!([file_name(p), bytes]))
            },
        )
        .collect::<Result<_, _>>()?;
    page.client
        .execute(
            "const dt = new DataTransfer();
             for (const [name, bytes] of arguments[0]) dt.items.add(new File([new Uint8Array(bytes)], name));
             document.querySelector('.app').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
            vec![serde_json::Value::Array(payload)],
        )
        .await?;
    assert_listed_without_errors(&page, &ids, "drag-and-drop").await?;
    page.close().await
}

/// Pasted text has no file name, so each paste is named after its file
/// (as a user would type it in the name field).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_utf8_dialect_loads_by_paste() -> TestResult {
    let files = dialect_files()?;
    let page = Page::open(crate::no_routes).await?;
    page.client
        .find(Locator::Css("details.paste summary"))
        .await?
        .click()
        .await?;
    let mut pasted = 0;
    for path in &files {
        let Ok(text) = String::from_utf8(std::fs::read(path)?) else {
            continue; // a textarea holds text: Windows-1252 bytes arrive by file only
        };
        let name = format!("P{pasted}");
        page.act_and_wait(|| async {
            page.client
                .execute(
                    "const set = (sel, v) => { const e = document.querySelector(sel); e.value = v; e.dispatchEvent(new Event('input', {bubbles: true})); };
                     set('[data-testid=paste-input]', arguments[0]);
                     set('[data-testid=paste-name]', arguments[1]);",
                    vec![text.clone().into(), name.clone().into()],
                )
                .await?;
            page.client.find(Locator::Css("[data-testid=paste-load]")).await?.click().await?;
            Ok(())
        })
        .await?;
        if !page.series_ids().await?.contains(&name) {
            return Err(format!(
                "paste of {} did not load: {:?}",
                path.display(),
                page.messages().await?
            )
            .into());
        }
        pasted += 1;
    }
    if pasted < 20 {
        return Err(format!("only {pasted} dialects pasted").into());
    }
    page.close().await
}
