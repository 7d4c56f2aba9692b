//! Journeys of issue 9, share links: a link reopens the same view (pasted
//! data included) in a fresh browser; Back, Forward and reload restore it;
//! the page works under a sub-path and offline after one visit; tampered
//! links give notices and run no script.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::harness::{Page, TestResult};
use crate::radar::{datasets, paste, regime, set_setting};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

async fn share_link(page: &Page) -> Result<String, AnyError> {
    let value = page
        .client
        .execute(
            "return document.querySelector('[data-testid=share-link]').value;",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

/// Everything a reader compares between two views: every metric cell, the
/// regime, every signal, evidence row and target with their data values.
async fn fingerprint(page: &Page) -> Result<BTreeMap<String, String>, AnyError> {
    let mut out = BTreeMap::new();
    for (what, selector, keys) in [
        ("metric", "[data-testid=metric]", vec!["series", "metric"]),
        ("signal", "[data-testid=signal]", vec!["rule"]),
        (
            "evidence",
            "[data-testid=evidence-row]",
            vec!["signal", "horizon"],
        ),
        ("target", "[data-testid=target]", vec!["pct"]),
    ] {
        for row in datasets(page, selector).await? {
            let key: Vec<String> = keys
                .iter()
                .map(|k| {
                    row.get(*k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                })
                .collect();
            out.insert(
                format!("{what}/{}", key.join("/")),
                serde_json::to_string(&row)?,
            );
        }
    }
    out.insert("regime".to_string(), regime(page).await?);
    Ok(out)
}

fn path_of(link: &str) -> Result<String, AnyError> {
    let url = url::Url::parse(link)?;
    let mut path = url.path().to_string();
    if let Some(q) = url.query() {
        path.push('?');
        path.push_str(q);
    }
    if let Some(f) = url.fragment() {
        path.push('#');
        path.push_str(f);
    }
    Ok(path)
}

async fn pressed_range(page: &Page) -> Result<String, AnyError> {
    let value = page
        .client
        .execute(
            "const b = document.querySelector('.range[aria-pressed=true]'); return b ? b.dataset.testid : '';",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

async fn setting_value(page: &Page, name: &str) -> Result<String, AnyError> {
    let value = page
        .client
        .execute(
            "return document.querySelector(`[data-testid=setting][data-setting=${arguments[0]}]`).value;",
            vec![name.into()],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

async fn click(page: &Page, selector: &str) -> TestResult {
    page.click_and_wait(selector).await
}

/// A non-default view — pasted data, a custom threshold, an as-of date, a
/// range — is copied as a link and opened in a fresh browser profile: every
/// metric, signal, evidence row, target and the regime are identical.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_share_link_reopens_the_same_view_in_a_fresh_browser() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let mut csv = String::from("Date,Close\n");
    let mut day = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).ok_or("date")?;
    let mut price = 40.0_f64;
    for k in 0..600 {
        if !matches!(
            chrono::Datelike::weekday(&day),
            chrono::Weekday::Sat | chrono::Weekday::Sun
        ) {
            price *= 1.0 + 0.01 * (((k * 37) % 19) as f64 / 9.0 - 1.0);
            csv.push_str(&format!("{day},{price:.4}\n"));
        }
        day = day.succ_opt().ok_or("date")?;
    }
    paste(&page, &csv, "MINE").await?;
    set_setting(&page, "rsi_overbought", "65").await?;
    set_setting(&page, "target_pcts", "5,10").await?;
    page.set_value("[data-testid=as-of]", "2025-06-30").await?;
    click(&page, "[data-testid=range-5y]").await?;
    let link = share_link(&page).await?;
    for needle in ["ob=65", "tgt=5,10", "asof=2025-06-30", "range=5y", "#d="] {
        if !link.contains(needle) {
            return Err(format!("share link lacks {needle}: {link}").into());
        }
    }
    let before = fingerprint(&page).await?;
    page.close().await?;

    let fresh = Page::open_at(crate::no_routes, &path_of(&link)?).await?;
    // The loads of a link run one after another; wait for the pasted one.
    for _ in 0..50 {
        if fresh.series_ids().await?.iter().any(|s| s == "MINE") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    fresh.wait_ready().await?;
    let after = fingerprint(&fresh).await?;
    if before != after {
        let differ: Vec<&String> = before
            .keys()
            .chain(after.keys())
            .filter(|k| before.get(*k) != after.get(*k))
            .take(5)
            .collect();
        return Err(format!(
            "the link's view differs ({} vs {} entries), e.g. {differ:?}",
            before.len(),
            after.len()
        )
        .into());
    }
    if pressed_range(&fresh).await? != "range-5y"
        || setting_value(&fresh, "rsi_overbought").await? != "65"
    {
        return Err("the reopened view lost its range or threshold".into());
    }
    fresh.screenshot("share-reopened").await?;
    fresh.close().await
}

/// Each committed change is a history entry: Back and Forward walk through
/// the views, and a reload restores the current one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_forward_and_reload_restore_the_view() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    set_setting(&page, "rsi_overbought", "65").await?;
    click(&page, "[data-testid=range-5y]").await?;
    page.act_and_wait(|| async {
        page.client.back().await?;
        Ok(())
    })
    .await?;
    if pressed_range(&page).await? != "range-1y"
        || setting_value(&page, "rsi_overbought").await? != "65"
    {
        return Err(format!(
            "Back did not undo the range: {} / {}",
            pressed_range(&page).await?,
            setting_value(&page, "rsi_overbought").await?
        )
        .into());
    }
    page.act_and_wait(|| async {
        page.client.back().await?;
        Ok(())
    })
    .await?;
    if setting_value(&page, "rsi_overbought").await? != "70" {
        return Err("a second Back did not undo the threshold".into());
    }
    page.act_and_wait(|| async {
        page.client.forward().await?;
        Ok(())
    })
    .await?;
    if setting_value(&page, "rsi_overbought").await? != "65" {
        return Err("Forward did not redo the threshold".into());
    }
    page.act_and_wait(|| async {
        page.client.refresh().await?;
        Ok(())
    })
    .await?;
    if setting_value(&page, "rsi_overbought").await? != "65"
        || pressed_range(&page).await? != "range-1y"
    {
        return Err("a reload did not restore the view".into());
    }
    page.close().await
}

/// Served from a sub-path as plain files, the page works; after one visit
/// it (and its bundled samples) still open with the server stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_works_under_a_sub_path_and_offline_after_one_visit() -> TestResult {
    let page = Page::open_at(crate::no_routes, "/regime-radar/").await?;
    if page.metric("IWM", "last_close").await?.is_none() {
        return Err("under /regime-radar/ the bundled IWM did not load".into());
    }
    // Wait until the service worker controls the page (it claims clients
    // on activation), then stop the server and reload.
    page.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.ready.then(() => {
               const check = () => navigator.serviceWorker.controller ? done(true) : setTimeout(check, 100);
               check();
             });",
            vec![],
        )
        .await?;
    // A second load through the controlled page fills the cache.
    page.act_and_wait(|| async {
        page.client.refresh().await?;
        Ok(())
    })
    .await?;
    page.server.set_down(true);
    page.act_and_wait(|| async {
        page.client.refresh().await?;
        Ok(())
    })
    .await?;
    if page.metric("IWM", "last_close").await?.is_none()
        || page.metric("SPY", "last_close").await?.is_none()
    {
        return Err("offline, the page or its samples did not come back from the cache".into());
    }
    page.screenshot("offline").await?;
    page.server.set_down(false);
    page.close().await
}

/// A valid data fragment cut in half.
fn truncated_fragment() -> Result<String, AnyError> {
    let full = regime_radar::link::encode_fragment(&[regime_radar::link::SharedSeries {
        name: "CUT".into(),
        source_name: "cut.csv".into(),
        bytes: b"Date,Close\n2026-01-02,10\n2026-01-05,11\n2026-01-06,12\n"[..].into(),
    }])?;
    Ok(full[..full.len() / 2].to_string())
}

/// A decompression bomb: a valid layout header claiming one series of
/// 17 MiB of zeros, deflated to a few KB.
fn bomb_fragment() -> String {
    use base64::Engine as _;
    let size: u32 = 17 * 1024 * 1024;
    let mut payload = b"RR\x01\x01".to_vec();
    payload.extend_from_slice(&4u32.to_le_bytes());
    payload.extend_from_slice(&8u32.to_le_bytes());
    payload.extend_from_slice(&size.to_le_bytes());
    payload.extend_from_slice(b"BOMBbomb.csv");
    payload.resize(payload.len() + size as usize, 0);
    let packed = miniz_oxide::deflate::compress_to_vec(&payload, 1);
    format!(
        "d={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    )
}

/// A well-formed fragment whose series name and CSV header are markup: it
/// must load (or be refused) as text, never run.
fn script_named_fragment() -> Result<String, AnyError> {
    Ok(regime_radar::link::encode_fragment(&[
        regime_radar::link::SharedSeries {
            name: "<img src=x onerror=\"window.__xss=1\">".into(),
            source_name: "<script>window.__xss=1</script>.csv".into(),
            bytes:
                b"Date,<img src=x onerror=\"window.__xss=1\">\n2026-01-02,10\n2026-01-05,11\n"[..]
                    .into(),
        },
    ])?)
}

/// At least twenty kinds of tampering: each link opens, shows its notices,
/// keeps the defaults where a value is refused, and runs no script.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampered_links_show_notices_and_run_no_script() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let xss = "%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E";
    let cases: Vec<(String, &str)> = vec![
        ("?v=1&rsi=900".into(), "rsi=900"),
        ("?v=1&rsi=abc".into(), "rsi="),
        ("?v=1&rsi=1e309".into(), "rsi="),
        ("?v=1&ob=-5".into(), "ob="),
        ("?v=1&tgt=7,abc".into(), "tgt="),
        ("?v=1&asof=2026-02-30".into(), "asof"),
        ("?v=1&range=10y".into(), "range"),
        ("?v=2".into(), "v=2"),
        ("?v=1&nonsense=1".into(), "nonsense"),
        (format!("?v=1&col=IWM:{xss}"), ""),
        (format!("?v=1&role={xss}:small"), "role"),
        (format!("?v=1&s={xss}"), "s="),
        ("?v=1&u=javascript:alert(1)".into(), "javascript"),
        ("?v=1&u=file:///etc/passwd".into(), "file:"),
        ("?v=1&s=../../etc".into(), "s="),
        ("?v=1&off=nonsense".into(), "off"),
        ("?v=1&lag=claims.w:9999".into(), "lag"),
        ("?v=1&theme=purple".into(), "theme"),
        ("?v=1&%zz=%zz".into(), ""),
        ("?v=1&%E2%9C%93=1".into(), ""),
        (format!("?v=1&ref={}", "9".repeat(5000)), "ref"),
        ("?v=1&_t=1#d=!!!notbase64".into(), "Link data"),
        ("?v=1&_t=2#d=eJzLSM3JyVcozy/KSQEAGgQEXQ".into(), "Link data"),
        (format!("?v=1&_t=3#d={}", "A".repeat(300)), "Link data"),
        (format!("?v=1&_t=4#{xss}"), ""),
        (format!("?v=1&_t=5#{}", truncated_fragment()?), "Link data"),
        (format!("?v=1&_t=6#{}", bomb_fragment()), "Link data"),
        (format!("?v=1&_t=7#{}", script_named_fragment()?), ""),
    ];
    let base = page.server.base.clone();
    for (query, expect) in &cases {
        page.act_and_wait(|| async {
            page.client.goto(&format!("{base}/{query}")).await?;
            Ok(())
        })
        .await
        .map_err(|e| format!("{query}: {e}"))?;
        let ran = page
            .client
            .execute("return window.__xss === 1;", vec![])
            .await?;
        if ran.as_bool() == Some(true) {
            return Err(format!("{query}: injected script ran").into());
        }
        let banner = page
            .client
            .execute(
                "return !!document.querySelector('[data-testid=panic-banner]:not([hidden])');",
                vec![],
            )
            .await?;
        if banner.as_bool() == Some(true) {
            return Err(format!("{query}: the app panicked").into());
        }
        if !expect.is_empty() {
            let messages = page.messages().await?;
            if !messages
                .iter()
                .any(|(_, text)| text.contains("Link") && text.contains(expect))
            {
                return Err(
                    format!("{query}: no notice mentioning {expect:?}: {messages:?}").into(),
                );
            }
        }
    }
    // Refused values fall back to the defaults.
    page.act_and_wait(|| async {
        page.client
            .goto(&format!("{base}/?v=1&rsi=900&ob=-5"))
            .await?;
        Ok(())
    })
    .await?;
    if setting_value(&page, "rsi_period").await? != "14"
        || setting_value(&page, "rsi_overbought").await? != "70"
    {
        return Err("refused values did not fall back to the defaults".into());
    }
    page.close().await
}

/// The last session is kept in this browser and offered back on the next
/// visit; "Forget my data" clears it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_session_is_offered_back_and_can_be_forgotten() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    set_setting(&page, "rsi_overbought", "66").await?;
    let base = page.server.base.clone();
    page.act_and_wait(|| async {
        page.client.goto(&format!("{base}/")).await?;
        Ok(())
    })
    .await?;
    if setting_value(&page, "rsi_overbought").await? != "70" {
        return Err("a plain visit should open the defaults".into());
    }
    click(&page, "[data-testid=restore-session]").await?;
    if setting_value(&page, "rsi_overbought").await? != "66" {
        return Err("restoring the last session did not bring back the threshold".into());
    }
    click(&page, "[data-testid=forget-data]").await?;
    let saved = || async {
        page.client
            .execute(
                "return localStorage.getItem('regime-radar:session');",
                vec![],
            )
            .await
    };
    if !saved().await?.is_null() {
        return Err(format!("forgetting left a saved session: {}", saved().await?).into());
    }
    // As docs/share.md promises: nothing is saved for the rest of the visit,
    // however the view changes afterwards.
    set_setting(&page, "rsi_overbought", "67").await?;
    set_setting(&page, "rsi_oversold", "28").await?;
    if !saved().await?.is_null() {
        return Err(format!(
            "a change after forgetting saved the session again: {}",
            saved().await?
        )
        .into());
    }
    page.close().await
}

/// The share panel's status, read as the page reports it.
async fn share_status(page: &Page) -> Result<(String, String, String), AnyError> {
    let value = page
        .client
        .execute(
            "const e = document.querySelector('[data-testid=share-status]'); return [e.dataset.copied || '', e.dataset.dataIncluded || '', e.textContent];",
            vec![],
        )
        .await?;
    let part = |i: usize| {
        value
            .get(i)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Ok((part(0), part(1), part(2)))
}

/// Waits until `check` holds on the share status (the clipboard answers
/// asynchronously).
async fn wait_for_copied(page: &Page, want: &str) -> Result<(String, String, String), AnyError> {
    let mut status = share_status(page).await?;
    for _ in 0..50 {
        if status.0 == want {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        status = share_status(page).await?;
    }
    Ok(status)
}

/// "Copy link" reports what the clipboard said: a refused write says so and
/// selects the link for Ctrl+C; a granted one says copied, with exactly the
/// link in the clipboard. Before, the page said "Link copied" either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_link_says_what_the_clipboard_did() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.client
        .execute(
            "navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));",
            vec![],
        )
        .await?;
    click(&page, "[data-testid=share-copy]").await?;
    let (copied, included, text) = wait_for_copied(&page, "selected").await?;
    if copied != "selected" || included != "false" || !text.contains("selected") {
        return Err(
            format!("refused clipboard: copied={copied:?} included={included:?} {text:?}").into(),
        );
    }
    let selection = page
        .client
        .execute(
            "const e = document.querySelector('[data-testid=share-link]'); return [document.activeElement === e, e.selectionStart, e.selectionEnd, e.value.length];",
            vec![],
        )
        .await?;
    let all = selection.get(0).and_then(Value::as_bool) == Some(true)
        && selection.get(1).and_then(Value::as_u64) == Some(0)
        && selection.get(2) == selection.get(3);
    if !all {
        return Err(format!("the link is not selected after a refused copy: {selection}").into());
    }
    let messages = page.messages().await?;
    if !messages
        .iter()
        .any(|(level, text)| level == "warning" && text.contains("refused the clipboard"))
    {
        return Err(format!("no message about the refused clipboard: {messages:?}").into());
    }
    if messages
        .iter()
        .any(|(_, text)| text.contains("Link copied"))
    {
        return Err(format!("a refused copy still says copied: {messages:?}").into());
    }

    page.client
        .execute(
            "navigator.clipboard.writeText = (t) => { window.__rrClipboard = t; return Promise.resolve(); };",
            vec![],
        )
        .await?;
    click(&page, "[data-testid=share-copy]").await?;
    let (copied, _, _) = wait_for_copied(&page, "clipboard").await?;
    let clipboard = page
        .client
        .execute("return window.__rrClipboard || '';", vec![])
        .await?;
    if copied != "clipboard" || clipboard.as_str() != Some(share_link(&page).await?.as_str()) {
        return Err(format!("granted clipboard: copied={copied:?}, clipboard {clipboard}").into());
    }
    page.close().await
}

/// "Data included" only when the data is really in the link: a small paste
/// travels in the fragment; a paste too large for a link (30,000
/// incompressible rows) does not, and the panel says so instead of
/// claiming it travels.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_share_panel_says_data_included_only_when_it_is() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    paste(
        &page,
        "Date,Close\n2026-01-02,10\n2026-01-05,10.5\n2026-01-06,10.2\n",
        "TINY",
    )
    .await?;
    let (_, included, text) = share_status(&page).await?;
    if included != "true"
        || !text.contains("travel in the link")
        || !share_link(&page).await?.contains("#d=")
    {
        return Err(format!("small paste: included={included:?} {text:?}").into());
    }
    let csv = incompressible_csv()?;
    paste(&page, &csv, "BIGPASTE").await?;
    let (_, included, text) = share_status(&page).await?;
    if included != "false"
        || !text.contains("NOT in the link")
        || text.contains("travel in the link")
    {
        return Err(format!("too-large paste: included={included:?} {text:?}").into());
    }
    page.close().await
}

/// Failures the page used to swallow each show a message: a full
/// localStorage, a refused address-bar update, a CSV export the browser
/// refuses, and a chart that cannot be drawn (its frame says so too).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_storage_history_export_and_drawing_each_say_so() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let has = |messages: &[(String, String)], needle: &str| {
        messages.iter().any(|(_, text)| text.contains(needle))
    };
    page.client
        .execute(
            "Storage.prototype.setItem = function() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
             history.pushState = function() { throw new DOMException('refused by the test', 'SecurityError'); };",
            vec![],
        )
        .await?;
    set_setting(&page, "rsi_overbought", "68").await?;
    let messages = page.messages().await?;
    if !has(&messages, "not saved in the browser") || !has(&messages, "address bar") {
        return Err(format!("storage / history refusals not reported: {messages:?}").into());
    }
    page.client
        .execute(
            "URL.createObjectURL = function() { throw new Error('blocked by the test'); };",
            vec![],
        )
        .await?;
    click(&page, "[data-testid=export-csv]").await?;
    let messages = page.messages().await?;
    if !has(&messages, "CSV export failed") {
        return Err(format!("a failed CSV export is not reported: {messages:?}").into());
    }
    page.client
        .execute(
            "HTMLCanvasElement.prototype.getContext = function() { return null; };",
            vec![],
        )
        .await?;
    click(&page, "[data-testid=theme-toggle]").await?;
    let errors = datasets(&page, "[data-testid=chart-error]").await?;
    let messages = page.messages().await?;
    if errors.is_empty() || !has(&messages, "could not be drawn") {
        return Err(
            format!("a chart that cannot draw is not reported: {errors:?} {messages:?}").into(),
        );
    }
    page.close().await
}

/// ~700 KB of daily closes that compress badly (a long random walk with 6
/// decimals, 30,000 rows): far past the 100,000-character link limit.
fn incompressible_csv() -> Result<String, AnyError> {
    let mut csv = String::from("Date,Close\n");
    let mut day = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).ok_or("date")?;
    let (mut price, mut s) = (100.0_f64, 0x2545_F491_4F6C_DD1Du64);
    for _ in 0..30_000 {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        price *= 1.0 + ((s % 2001) as f64 / 1000.0 - 1.0) * 0.01;
        csv.push_str(&format!("{day},{price:.6}\n"));
        day = day.succ_opt().ok_or("date")?;
    }
    Ok(csv)
}

/// A bundle (what "Download the bundle" saves when the data is too large for
/// a link) opens its view when loaded like a file: here one with ~700 KB of
/// pasted-style data (30,000 rows), far past the 100,000-character link limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_too_large_for_a_link_reopens_its_view_when_loaded() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let csv = incompressible_csv()?;
    let series = [regime_radar::link::SharedSeries {
        name: "BIGPASTE".into(),
        source_name: "pasted".into(),
        bytes: csv.into_bytes().into(),
    }];
    if regime_radar::link::encode_fragment(&series).is_ok() {
        return Err("the test data should be too large for a link".into());
    }
    let fragment = regime_radar::link::encode_fragment_unlimited(&series)?;
    let bundle = format!("regime-radar-bundle 1\nv=1&ob=66\n{fragment}\n");
    let dir = std::env::temp_dir().join(format!("rr-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("view.rrbundle");
    std::fs::write(&path, bundle)?;
    page.upload(&path.display().to_string()).await?;
    for _ in 0..50 {
        if page.series_ids().await?.iter().any(|s| s == "BIGPASTE") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    page.wait_ready().await?;
    if !page.series_ids().await?.iter().any(|s| s == "BIGPASTE")
        || setting_value(&page, "rsi_overbought").await? != "66"
    {
        return Err("the bundle did not reopen its view".into());
    }
    // Its share link cannot carry the data, and the page says so.
    let too_large = page
        .client
        .execute("const e = document.querySelector('[data-testid=share-too-large]'); return e ? e.textContent : '';", vec![])
        .await?;
    if !too_large.as_str().unwrap_or_default().contains("100,000") {
        return Err(format!("no too-large notice with the limit: {too_large}").into());
    }
    page.close().await
}
