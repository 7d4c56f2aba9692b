//! Journeys of issue 18: the page says how old its data is (a freshness
//! line per series and one for the view, in warning style on the bundled,
//! months-old samples), links to where today's files are downloaded, and
//! takes those files by hand: two dropped at once — a FRED ICSA export and
//! a Nasdaq.com IWM download named `HistoricalData_<digits>.csv` — update
//! ICSA and IWM in one go, one message each, roles unchanged.

use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use fantoccini::Locator;
use serde_json::Value;

use regime_radar::engine::freshness::{weekdays_after, PRICE_STALE_SESSIONS};
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::samples::sample;
use regime_radar::engine::series::Series;

use crate::harness::{manifest_dir, Page, TestResult};
use crate::no_routes;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// One freshness line as the page shows it.
#[derive(Debug)]
struct Line {
    series: String,
    last_date: String,
    age_days: i64,
    stale: String,
    class: String,
    text: String,
}

async fn freshness_lines(page: &Page) -> Result<Vec<Line>, Error> {
    let value = page
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=freshness]')).map(e => [e.dataset.series, e.dataset.lastDate, e.dataset.ageDays, e.dataset.stale, e.className, e.textContent]);",
            vec![],
        )
        .await?;
    let text = |v: &Value, i: usize| v.get(i).and_then(Value::as_str).unwrap_or("").to_string();
    value
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| {
            Ok(Line {
                series: text(v, 0),
                last_date: text(v, 1),
                age_days: text(v, 2)
                    .parse()
                    .map_err(|_| format!("data-age-days {:?}", text(v, 2)))?,
                stale: text(v, 3),
                class: text(v, 4),
                text: text(v, 5),
            })
        })
        .collect()
}

fn line<'a>(lines: &'a [Line], series: &str) -> Result<&'a Line, Error> {
    lines
        .iter()
        .find(|l| l.series == series)
        .ok_or_else(|| format!("no freshness line for {series:?} in {lines:?}").into())
}

/// The browser's today (its local date), as the page reads it.
async fn browser_today(page: &Page) -> Result<NaiveDate, Error> {
    let v = page
        .client
        .execute(
            "const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()];",
            vec![],
        )
        .await?;
    let part = |i: usize| v.get(i).and_then(Value::as_u64).unwrap_or(0) as u32;
    NaiveDate::from_ymd_opt(part(0) as i32, part(1), part(2)).ok_or_else(|| "browser date".into())
}

fn day(s: &str) -> Result<NaiveDate, Error> {
    Ok(NaiveDate::parse_from_str(s, "%Y-%m-%d")?)
}

/// A bundled sample as the page loads it.
fn bundled(id: &str) -> Result<Series, Error> {
    let entry = sample(id).ok_or("no sample")?;
    let bytes = std::fs::read(manifest_dir().join("public/data").join(entry.file))?;
    let options = IngestOptions {
        name: Some(id.to_string()),
        kind: Some(entry.kind),
        ..IngestOptions::default()
    };
    Ok(ingest(&bytes, entry.file, &options)
        .map_err(|e| e.to_string())?
        .series)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn freshness_lines_show_and_warn_on_the_bundled_data() -> TestResult {
    let page = Page::open(no_routes).await?;
    let today = browser_today(&page).await?;
    let lines = freshness_lines(&page).await?;
    // One line per loaded series, one for the view.
    let ids = page.series_ids().await?;
    for id in &ids {
        line(&lines, id)?;
    }
    let iwm = line(&lines, "IWM")?;
    let expected_age = (today - day("2026-06-05")?).num_days();
    if iwm.last_date != "2026-06-05" || iwm.age_days != expected_age {
        return Err(
            format!("IWM line {iwm:?}, expected 2026-06-05 and {expected_age} days").into(),
        );
    }
    let stale = weekdays_after(day("2026-06-05")?, today) > PRICE_STALE_SESSIONS;
    if iwm.stale != stale.to_string() || iwm.class.contains("stale") != stale {
        return Err(format!("IWM line {iwm:?}: stale should be {stale} on {today}").into());
    }
    if !iwm
        .text
        .contains(&format!("Data to 2026-06-05 — {expected_age} days old"))
    {
        return Err(format!("IWM line text {:?}", iwm.text).into());
    }
    let view = line(&lines, "")?;
    if view.last_date != "2026-06-05" || view.age_days != expected_age {
        return Err(format!("view line {view:?}").into());
    }
    // The bundled macro files are months old on any day after 2026-07.
    if today > day("2026-09-01")? {
        for l in &lines {
            if l.stale != "true" || !l.class.contains("stale") {
                return Err(format!("{l:?} should warn on {today}").into());
            }
        }
        if !view.text.contains("series are past their usual update") {
            return Err(format!("view line text {:?}", view.text).into());
        }
    }
    println!("{today}: view line “{}”", view.text);

    // The download pages: plain links into a new tab, nothing fetched.
    let links = page
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=todays-data] [data-testid=source-link]')).map(a => [a.dataset.series, a.href, a.target, a.rel]);",
            vec![],
        )
        .await?;
    let links = links.as_array().cloned().unwrap_or_default();
    if links.len() < 15 {
        return Err(format!("{} source links", links.len()).into());
    }
    for l in &links {
        let s = |i: usize| l.get(i).and_then(Value::as_str).unwrap_or("");
        if !s(1).starts_with("https://") || s(2) != "_blank" || s(3) != "noopener noreferrer" {
            return Err(format!("source link {l:?}").into());
        }
        let expected = match s(0) {
            "ICSA" => Some("https://fred.stlouisfed.org/series/ICSA"),
            "IWM" => Some("https://www.nasdaq.com/market-activity/etf/iwm/historical"),
            _ => None,
        };
        if expected.is_some_and(|e| e != s(1)) {
            return Err(format!("source link {l:?}").into());
        }
    }
    page.client
        .find(Locator::Css("[data-testid=todays-data] summary"))
        .await?
        .click()
        .await?;
    let errors: Vec<_> = page
        .messages()
        .await?
        .into_iter()
        .filter(|(l, _)| l == "error")
        .collect();
    if !errors.is_empty() {
        return Err(format!("error messages: {errors:?}").into());
    }
    let console = page.console_errors().await?;
    if !console.is_empty() {
        return Err(format!("browser console errors: {console:?}").into());
    }
    page.screenshot("freshness-bundled").await?;
    page.close().await
}

/// A FRED export of ICSA: the bundled file's last 20 weeks, then newer
/// weeks up to 2026-11-28.
fn fred_icsa(icsa: &Series) -> Result<String, Error> {
    let mut out = String::from("observation_date,ICSA\n");
    let n = icsa.len();
    for i in n - 20..n {
        let v = icsa.close[i].ok_or("gap")?;
        out.push_str(&format!("{},{v:.0}\n", icsa.dates[i]));
    }
    let mut d = *icsa.dates.last().ok_or("empty")?;
    let mut k = 0;
    while d < day("2026-11-28")? {
        d += chrono::Duration::days(7);
        out.push_str(&format!("{d},{}\n", 221_000 + (k % 5) * 3_000));
        k += 1;
    }
    Ok(out)
}

/// A Nasdaq.com download of IWM: `Date,Close/Last,Volume,Open,High,Low`,
/// `$` prices, `MM/DD/YYYY`, newest first; the bundled file's last 60
/// closes ×1.012 (Nasdaq's closes are not dividend-adjusted), then sessions
/// up to 2026-12-04.
fn nasdaq_iwm(iwm: &Series) -> Result<String, Error> {
    nasdaq_like(iwm, 1.012)
}

/// A Nasdaq.com download of IWM's last 60 sessions times `scale`, extended
/// to 2026-12-04.
fn nasdaq_like(iwm: &Series, scale: f64) -> Result<String, Error> {
    let mut rows = Vec::new();
    let n = iwm.len();
    for i in n - 60..n {
        rows.push((iwm.dates[i], iwm.close[i].ok_or("gap")? * scale));
    }
    let (mut d, mut c) = *rows.last().ok_or("empty")?;
    let mut k = 0u32;
    while d < day("2026-12-04")? {
        d = d.succ_opt().ok_or("date")?;
        if d.weekday().number_from_monday() > 5 {
            continue;
        }
        c *= 1.0 + [0.004, -0.003, 0.002, -0.001][(k % 4) as usize];
        rows.push((d, c));
        k += 1;
    }
    let mut out = String::from("Date,Close/Last,Volume,Open,High,Low\n");
    for (d, c) in rows.iter().rev() {
        out.push_str(&format!(
            "{},${c:.2},21000000,${:.2},${:.2},${:.2}\n",
            d.format("%m/%d/%Y"),
            c * 0.999,
            c * 1.006,
            c * 0.994
        ));
    }
    Ok(out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_todays_files_updates_icsa_and_iwm_in_one_go() -> TestResult {
    let dir = std::env::temp_dir().join(format!("rr-freshness-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let icsa_path = dir.join("ICSA.csv");
    let iwm_path = dir.join("HistoricalData_1733600000000.csv");
    std::fs::write(&icsa_path, fred_icsa(&bundled("ICSA")?)?)?;
    std::fs::write(&iwm_path, nasdaq_iwm(&bundled("IWM")?)?)?;

    let page = Page::open(no_routes).await?;
    let today = browser_today(&page).await?;
    let roles_before = roles(&page).await?;
    page.upload(&format!("{}\n{}", icsa_path.display(), iwm_path.display()))
        .await?;
    // Loads run one after another: wait for both.
    for _ in 0..100 {
        if page.metric("IWM", "last_date").await?.as_deref() == Some("2026-12-04") {
            let l = freshness_lines(&page).await?;
            if line(&l, "ICSA").is_ok_and(|l| l.last_date == "2026-11-28") {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    page.wait_ready().await?;
    let lines = freshness_lines(&page).await?;
    let iwm = line(&lines, "IWM")?;
    let icsa = line(&lines, "ICSA")?;
    if iwm.last_date != "2026-12-04" || icsa.last_date != "2026-11-28" {
        return Err(format!("after the drop: {iwm:?}, {icsa:?}").into());
    }
    if iwm.age_days != (today - day("2026-12-04")?).num_days() {
        return Err(format!("IWM age {iwm:?} on {today}").into());
    }
    let iwm_stale = weekdays_after(day("2026-12-04")?, today) > PRICE_STALE_SESSIONS;
    if iwm.stale != iwm_stale.to_string() {
        return Err(format!("IWM stale {iwm:?} on {today}").into());
    }
    // Nothing new was added, roles are as they were.
    let ids = page.series_ids().await?;
    if ids
        .iter()
        .any(|id| id == "SERIES" || id.starts_with("HISTORICALDATA"))
    {
        return Err(format!("the Nasdaq file became a series of its own: {ids:?}").into());
    }
    let roles_after = roles(&page).await?;
    if roles_after != roles_before {
        return Err(format!("roles changed: {roles_before:?} → {roles_after:?}").into());
    }
    // One message per file: what it updated, its new last date, spliced.
    // (The area keeps the newest twelve; these needles are this drop's.)
    let messages: Vec<(String, String)> = page.messages().await?;
    let about = |needle: &str| {
        messages
            .iter()
            .filter(|(_, t)| t.contains(needle))
            .collect::<Vec<_>>()
    };
    let icsa_msgs = about("updated ICSA to 2026-11-28");
    let iwm_msgs = about("updated IWM to 2026-12-04");
    if icsa_msgs.len() != 1 || iwm_msgs.len() != 1 {
        return Err(format!("expected one message per file, got {messages:?}").into());
    }
    let (iwm_level, iwm_text) = iwm_msgs[0];
    if iwm_level != "info"
        || !iwm_text.contains("HistoricalData_1733600000000.csv")
        || !iwm_text.contains("matched by its closes")
        || !iwm_text.contains("spliced onto the longer history")
        || !iwm_text.contains("scaled by 1.01")
    {
        return Err(format!("IWM message {iwm_text:?}").into());
    }
    if !icsa_msgs[0].1.contains("matched by its header code") || !icsa_msgs[0].1.contains("spliced")
    {
        return Err(format!("ICSA message {:?}", icsa_msgs[0].1).into());
    }
    if messages.iter().any(|(l, _)| l == "error") {
        return Err(format!("error messages: {messages:?}").into());
    }
    // The long history is kept: IWM still starts in 2000.
    let span = page
        .client
        .find(Locator::Css(
            "[data-testid=series-list] li[data-series=IWM] .span",
        ))
        .await?
        .text()
        .await?;
    if !span.starts_with("2000-05-26 → 2026-12-04") {
        return Err(format!("IWM span {span:?}").into());
    }
    println!("IWM: {}", iwm_msgs[0].1);
    println!("ICSA: {}", icsa_msgs[0].1);
    page.screenshot("freshness-after-drop").await?;
    let _ = std::fs::remove_dir_all(&dir);
    page.close().await
}

/// (series, role) of every loaded series.
async fn roles(page: &Page) -> Result<Vec<(String, String)>, Error> {
    let v = page
        .client
        .execute(
            "return Array.from(document.querySelectorAll('[data-testid=series-list] > li')).map(e => [e.dataset.series, e.dataset.role]);",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let s = |i: usize| p.get(i).and_then(Value::as_str).unwrap_or("").to_string();
            (s(0), s(1))
        })
        .collect())
}

/// A file that matches nothing (IWM's moves at ten times its level, like an
/// index file, under a meaningless Nasdaq.com name) loads as a series of
/// its own, and the series list asks whether it updates one of the loaded
/// series; answering "IWM" splices it onto IWM with one message ("chosen by
/// you") and the extra series disappears.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unmatched_file_asks_which_series_it_updates() -> TestResult {
    let dir = std::env::temp_dir().join(format!("rr-unmatched-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("HistoricalData_1733600000001.csv");
    std::fs::write(&path, nasdaq_like(&bundled("IWM")?, 10.0)?)?;
    let page = Page::open(no_routes).await?;
    let before = page.series_ids().await?;
    page.upload(&path.display().to_string()).await?;
    page.wait_ready().await?;
    let after = page.series_ids().await?;
    // `series_ids` lists every element of a series' line; count ids once.
    let added: std::collections::BTreeSet<&String> =
        after.iter().filter(|id| !before.contains(id)).collect();
    let added: Vec<&String> = added.into_iter().collect();
    let [new_id] = added.as_slice() else {
        return Err(format!("expected one new series: {before:?} → {after:?}").into());
    };
    let picker = format!("select[data-testid=series-update-target][data-series='{new_id}']");
    let options = page
        .client
        .execute(
            "const s = document.querySelector(arguments[0]); return s ? Array.from(s.options).map(o => o.value) : null;",
            vec![picker.clone().into()],
        )
        .await?;
    let offers_iwm = options
        .as_array()
        .is_some_and(|o| o.iter().any(|v| v.as_str() == Some("IWM")));
    if !offers_iwm {
        return Err(format!("no picker offering IWM for {new_id}: {options}").into());
    }
    page.set_value(&picker, "IWM").await?;
    for _ in 0..50 {
        if page.metric("IWM", "last_date").await?.as_deref() == Some("2026-12-04") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ids = page.series_ids().await?;
    if ids.contains(new_id)
        || page.metric("IWM", "last_date").await?.as_deref() != Some("2026-12-04")
    {
        return Err(format!("the choice did not update IWM: {ids:?}").into());
    }
    let messages = page.messages().await?;
    let chosen: Vec<_> = messages
        .iter()
        .filter(|(_, t)| t.contains("updated IWM to 2026-12-04") && t.contains("chosen by you"))
        .collect();
    if chosen.len() != 1 || !chosen[0].1.contains("spliced onto the longer history") {
        return Err(format!("one 'chosen by you' message expected: {messages:?}").into());
    }
    let _ = std::fs::remove_dir_all(&dir);
    page.close().await
}
