//! Journeys of issue 10, security (docs/security.md): the page runs under
//! its Content-Security-Policy with no inline script; a whole session —
//! first visit, paste, upload, a typed URL, a share link — sends nothing of
//! the user's data anywhere and talks to no host but its own and the one
//! the user typed; markup pushed through every input path stays text.
//!
//! Every journey (these and all others) also fails in `Page::close` if the
//! console reported a Content-Security-Policy violation.

use std::time::Duration;

use crate::harness::{dist_dir, fixture, manifest_dir, NetworkRequest, Page, TestResult};
use crate::radar::{paste, set_setting};

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// The policy in index.html's `<meta http-equiv="Content-Security-Policy">`.
fn source_policy() -> Result<String, AnyError> {
    let html = std::fs::read_to_string(manifest_dir().join("index.html"))?;
    let (_, rest) = html
        .split_once(r#"<meta http-equiv="Content-Security-Policy" content=""#)
        .ok_or("index.html has no Content-Security-Policy meta")?;
    let (policy, _) = rest.split_once('"').ok_or("unterminated policy")?;
    Ok(policy.to_string())
}

/// The policy allows only what docs/security.md says: no inline script, no
/// eval, no plugins, no `<base>`, no form posts, styles from the stylesheet
/// and hashed attributes only.
fn check_policy(policy: &str) -> TestResult {
    let directives: std::collections::BTreeMap<&str, Vec<&str>> = policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            Some((words.next()?, words.collect()))
        })
        .collect();
    let expect = |name: &str, values: &[&str]| -> TestResult {
        match directives.get(name) {
            Some(v) if v.as_slice() == values => Ok(()),
            other => Err(format!("{name} is {other:?}, expected {values:?}").into()),
        }
    };
    expect("default-src", &["'self'"])?;
    expect("script-src", &["'self'", "'wasm-unsafe-eval'"])?;
    expect("connect-src", &["'self'", "https:", "http:"])?;
    expect("img-src", &["'self'", "data:", "blob:"])?;
    expect("worker-src", &["'self'"])?;
    expect("object-src", &["'none'"])?;
    expect("base-uri", &["'none'"])?;
    expect("form-action", &["'none'"])?;
    // The stylesheet only: no inline style of any kind, not even hashed.
    expect("style-src", &["'self'"])?;
    if policy.contains("'unsafe-inline'") || policy.contains("'unsafe-eval'") {
        return Err(format!("the policy allows inline script or eval: {policy}").into());
    }
    Ok(())
}

/// Markup and script in the forms an attacker would try.
const PAYLOADS: [&str; 5] = [
    r#"<img src=x onerror="window.__xss=1">"#,
    r#"<svg onload="window.__xss=1">"#,
    "javascript:window.__xss=1",
    "</script><script>window.__xss=1</script>",
    r#"<svg xmlns="http://www.w3.org/2000/svg"><script>window.__xss=1</script></svg>"#,
];

/// What a payload would leave behind had it been parsed as HTML: any of
/// these in the document (the page itself ships none of them).
const INJECTED: &str = "img[src=x], svg[onload], script:not([src]), svg script, [onerror], [onload], iframe, object, embed, a[href^='javascript:' i]";

/// The share link the page shows.
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

/// Polls the series list until `id` is listed.
async fn wait_for_id(page: &Page, id: &str) -> TestResult {
    for _ in 0..100 {
        if page.series_ids().await?.iter().any(|s| s == id) {
            return page.wait_ready().await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Err(format!(
        "{id} never appeared in the series list {:?}",
        page.series_ids().await?
    )
    .into())
}

/// The id the engine gives a fixture loaded under `name`.
fn engine_id(path: &str, name: &str) -> Result<String, AnyError> {
    let bytes = fixture(path)?;
    let ingested = regime_radar::engine::ingest::ingest(
        &bytes,
        name,
        &regime_radar::engine::ingest::IngestOptions::default(),
    )
    .map_err(|e| format!("{path}: {e}"))?;
    Ok(ingested.series.id.to_string())
}

/// Types `url` into the URL field and presses its button. The field is an
/// `<input type=url>`, so the browser itself refuses to submit text that is
/// no URL; then the form's `submit` is dispatched directly (as a browser
/// without form validation would), so the app's own handling is tested too.
async fn fetch_url(page: &Page, url: &str) -> TestResult {
    page.act_and_wait(|| async {
        page.client
            .execute(
                "const e = document.querySelector('[data-testid=url-input]');
                 e.value = arguments[0];
                 e.dispatchEvent(new Event('input', {bubbles: true}));
                 if (e.checkValidity()) {
                   document.querySelector('[data-testid=url-load]').click();
                 } else {
                   e.form.dispatchEvent(new Event('submit', {bubbles: true, cancelable: true}));
                 }",
                vec![url.into()],
            )
            .await?;
        Ok(())
    })
    .await
}

/// The text of every element matching `selector`, concatenated.
async fn text_content(page: &Page, selector: &str) -> Result<String, AnyError> {
    let value = page
        .client
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent).join('\\n');",
            vec![selector.into()],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_string())
}

/// After `step`: no injected script ran, no element came from a payload,
/// the app did not panic.
async fn assert_inert(page: &Page, step: &str) -> TestResult {
    println!("xss: {step}");
    let state = page
        .client
        .execute(
            "return {
               ran: typeof window.__xss !== 'undefined',
               injected: Array.from(document.querySelectorAll(arguments[0])).map(e => e.outerHTML.slice(0, 160)),
               panicked: !!document.querySelector('[data-testid=panic-banner]:not([hidden])'),
             };",
            vec![INJECTED.into()],
        )
        .await?;
    if state["ran"].as_bool() != Some(false) {
        return Err(format!("{step}: injected script ran (window.__xss is set)").into());
    }
    if state["injected"].as_array().is_some_and(|a| !a.is_empty()) {
        return Err(format!("{step}: markup became elements: {}", state["injected"]).into());
    }
    if state["panicked"].as_bool() == Some(true) {
        return Err(format!("{step}: the app panicked").into());
    }
    Ok(())
}

/// Asserts `needle` is shown as text inside `selector`.
async fn assert_shown(page: &Page, step: &str, selector: &str, needle: &str) -> TestResult {
    let text = text_content(page, selector).await?;
    if !text.contains(needle) {
        return Err(
            format!("{step}: {needle:?} is not shown as text in {selector}: {text:?}").into(),
        );
    }
    Ok(())
}

/// How a notice quotes user text: the first 60 characters (link::quote).
fn quoted(payload: &str) -> String {
    payload.chars().take(60).collect()
}

/// A CSV field: quoted, quotes doubled.
fn csv_field(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The page is served with its policy and no inline script: the built
/// index.html carries the policy and loads its code from files, the policy
/// is in force (a script inserted inline does not run and is reported), and
/// the app itself triggers no violation (checked by `close`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_runs_under_its_content_security_policy() -> TestResult {
    let policy = source_policy()?;
    check_policy(&policy)?;
    let html = std::fs::read_to_string(dist_dir().join("index.html"))?;
    if !html.contains(&format!(
        r#"<meta http-equiv="Content-Security-Policy" content="{policy}""#
    )) {
        return Err("dist/index.html lacks index.html's Content-Security-Policy (rebuild?)".into());
    }
    let page = Page::open(crate::no_routes).await?;
    let found = page
        .client
        .execute(
            "return {
               policy: (document.querySelector('meta[http-equiv=Content-Security-Policy]') || {}).content || '',
               first: document.head.querySelector('meta[http-equiv], script, link[rel=stylesheet], style') ===
                      document.head.querySelector('meta[http-equiv=Content-Security-Policy]'),
               inline: Array.from(document.querySelectorAll('script:not([src]), style')).map(e => e.outerHTML.slice(0, 120)),
               scripts: Array.from(document.scripts).map(s => s.getAttribute('src')),
             };",
            vec![],
        )
        .await?;
    if found["policy"].as_str() != Some(policy.as_str()) {
        return Err(format!("policy in force: {}", found["policy"]).into());
    }
    if found["first"].as_bool() != Some(true) {
        return Err("the policy meta is not ahead of every script and stylesheet".into());
    }
    if found["inline"].as_array().is_some_and(|a| !a.is_empty()) {
        return Err(format!("inline script or style in the page: {}", found["inline"]).into());
    }
    let scripts = found["scripts"].as_array().cloned().unwrap_or_default();
    if !scripts.iter().any(|s| {
        s.as_str()
            .is_some_and(|s| s.starts_with("./init-") && s.ends_with(".js"))
    }) {
        return Err(format!("no external loader script: {scripts:?}").into());
    }
    // The regime strip's track is sized through the CSSOM (no style
    // attribute), and it draws its episodes.
    let mut strip = page
        .client
        .execute(
            "const s = document.querySelector('[data-testid=regime-strip]');
             const t = s && s.querySelector('.strip-track');
             if (!t) return null;
             const r = s.getBoundingClientRect();
             s.dispatchEvent(new PointerEvent('pointermove', {clientX: r.left + r.width / 2, clientY: r.top + 2, bubbles: true}));
             return {width: t.style.width, paths: t.querySelectorAll('path.seg').length};",
            vec![],
        )
        .await?;
    strip["title"] = page
        .client
        .execute(
            "return document.querySelector('[data-testid=regime-strip]').title;",
            vec![],
        )
        .await?;
    if strip["width"]
        .as_str()
        .and_then(|w| w.strip_suffix('%'))
        .and_then(|w| w.parse::<f64>().ok())
        .is_none_or(|w| w <= 0.0)
        || strip["paths"].as_u64().is_none_or(|n| n == 0)
        // A pointer over it names the episode there.
        || !strip["title"].as_str().is_some_and(|t| t.ends_with("sessions)"))
    {
        return Err(
            format!("the regime strip's track has no width or no episodes: {strip}").into(),
        );
    }
    if !page.take_csp_violations().await?.is_empty() {
        return Err("the app triggered a CSP violation on first visit".into());
    }

    // The policy is in force: inline script and style attributes are refused
    // and reported, so `close` would see a violation.
    let ran = page
        .client
        .execute(
            "const s = document.createElement('script');
             s.textContent = 'window.__cspProbe = 1';
             document.head.append(s);
             const d = document.createElement('div');
             d.setAttribute('style', 'width: 7px');
             document.body.append(d);
             const applied = getComputedStyle(d).width === '7px';
             d.remove(); s.remove();
             return {script: window.__cspProbe === 1, style: applied};",
            vec![],
        )
        .await?;
    if ran["script"].as_bool() != Some(false) || ran["style"].as_bool() != Some(false) {
        return Err(format!("the policy did not block inline script/style: {ran}").into());
    }
    let mut reported = Vec::new();
    for _ in 0..20 {
        reported = page.take_csp_violations().await?;
        if !reported.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if reported.is_empty() {
        return Err("a blocked inline script left no CSP violation in the console".into());
    }
    page.close().await
}

/// Whether `url` contains `needle`, as written or percent-decoded.
fn mentions(url: &str, needle: &str) -> bool {
    let decoded: String = url::form_urlencoded::parse(url.as_bytes())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    url.contains(needle) || decoded.contains(needle)
}

/// Privacy: every request of a session — first visit, a paste carrying a
/// marker, an upload, a typed URL on another origin, and opening the share
/// link whose fragment carries the data — goes to the page's own origin or
/// to the typed URL; none carries the marker, the uploaded rows or the
/// fragment's data, in its address or a body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_sends_nothing_of_the_users_data_anywhere() -> TestResult {
    const MARKER: &str = "PRIVATEMARKER";
    const VALUE: &str = "123456.789";
    let page = Page::open_recording(crate::no_routes, "/").await?;
    let origin = page.server.base.clone();
    let typed = format!("{}/e2e/cors_ok.csv", page.other.base);

    // Paste: a series named with the marker, its values the marker number.
    paste(
        &page,
        &format!("Date,Close\n2026-01-02,{VALUE}\n2026-01-05,123457.789\n2026-01-06,123458.789\n"),
        MARKER,
    )
    .await?;
    wait_for_id(&page, MARKER).await?;
    // A role of the user's choosing: it travels with the series, in the
    // fragment (a query entry `role=PRIVATEMARKER:…` would send the name).
    page.set_value(
        &format!("[data-testid='series-role'][data-series='{MARKER}']"),
        "large-flows",
    )
    .await?;

    // Upload a fixture file.
    let upload_path = manifest_dir().join("tests/fixtures/e2e/upload_a.csv");
    page.upload(&upload_path.display().to_string()).await?;
    wait_for_id(&page, &engine_id("e2e/upload_a.csv", "upload_a.csv")?).await?;
    let uploaded = String::from_utf8(fixture("e2e/upload_a.csv")?)?;
    let uploaded_row = uploaded
        .lines()
        .nth(1)
        .ok_or("upload_a.csv has no rows")?
        .to_string();

    // A URL the user types, on another origin.
    fetch_url(&page, &typed).await?;
    wait_for_id(&page, &engine_id("e2e/cors_ok.csv", "cors_ok.csv")?).await?;

    // The share link carries the pasted and uploaded data in its fragment.
    let link = share_link(&page).await?;
    let (_, fragment) = link
        .split_once('#')
        .ok_or_else(|| format!("share link has no fragment: {link}"))?;
    let (overrides, data) = match fragment.rsplit_once("&d=") {
        Some((overrides, data)) => (overrides, data.to_string()),
        None => (
            "",
            fragment
                .strip_prefix("d=")
                .ok_or_else(|| format!("share link fragment has no d=…: {link}"))?
                .to_string(),
        ),
    };
    if !overrides.contains(&format!("role={MARKER}:large-flows")) {
        return Err(format!("the pasted series' role is not in the fragment: {link}").into());
    }
    if data.len() < 40 {
        return Err(format!("share link data is suspiciously short: {link}").into());
    }
    // Open it as a new page load (the address bar already shows the link,
    // and going to the same address with a fragment would only scroll).
    page.client.goto("about:blank").await?;
    page.client.goto(&link).await?;
    page.wait_ready().await?;
    wait_for_id(&page, MARKER).await?;
    if page.metric(MARKER, "last_close").await?.as_deref() != Some("123458.789") {
        return Err("the share link did not bring the pasted series back".into());
    }
    let role = page
        .client
        .find(fantoccini::Locator::Css(&format!(
            "[data-testid='series-list'] [data-series='{MARKER}']"
        )))
        .await?
        .attr("data-role")
        .await?;
    if role.as_deref() != Some("large-flows") {
        return Err(format!("the reopened link lost the pasted series' role: {role:?}").into());
    }

    let requests: Vec<NetworkRequest> = page.network_requests().await?;
    let lines: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {} [{}]", r.method, r.url, r.kind))
        .collect();
    let own = |url: &str| url == origin || url.starts_with(&format!("{origin}/"));
    // The log starts with the browser's own new-tab page (chrome://…);
    // the session starts at the first request to the page's origin.
    let first = requests
        .iter()
        .position(|r| own(&r.url))
        .ok_or("no request to the page's origin was recorded")?;
    println!(
        "{} requests in the session:\n  {}",
        requests.len() - first,
        lines[first..].join("\n  ")
    );
    let mut typed_fetches = 0;
    let mut own_requests = 0;
    let mut link_navigation = false;
    for r in &requests[first..] {
        let scheme = r.url.split(':').next().unwrap_or_default();
        if matches!(scheme, "data" | "blob" | "about") {
            continue; // not a network request
        }
        if own(&r.url) {
            own_requests += 1;
        } else if r.url == typed {
            typed_fetches += 1;
        } else {
            return Err(format!(
                "a request left the page's origin and the typed URL: {} {}",
                r.method, r.url
            )
            .into());
        }
        if r.method != "GET" || r.body.is_some() {
            return Err(format!(
                "a request sent a body or was not a GET: {} {} {:?}",
                r.method, r.url, r.body
            )
            .into());
        }
        for (what, needle) in [
            ("the marker name", MARKER),
            ("the marker value", VALUE),
            ("an uploaded row", uploaded_row.as_str()),
            ("the fragment's data", &data[..40]),
        ] {
            if mentions(&r.url, needle) {
                return Err(format!("{what} was sent in a request address: {}", r.url).into());
            }
            if r.headers.contains(needle) {
                return Err(format!(
                    "{what} was sent in a request header: {} {}",
                    r.url, r.headers
                )
                .into());
            }
        }
        if r.kind == "Document"
            && r.url_fragment
                .as_deref()
                .is_some_and(|f| f.contains(&data[..40]))
        {
            link_navigation = true;
        }
    }
    if typed_fetches == 0 {
        return Err(
            format!("the typed URL {typed} was never fetched (is the log recording?)").into(),
        );
    }
    if own_requests < 3 {
        return Err(format!("only {own_requests} same-origin requests recorded").into());
    }
    if !link_navigation {
        return Err(
            "the share link's navigation was not seen with its fragment kept out of the address"
                .into(),
        );
    }
    page.close().await
}

/// XSS: every payload through every input path — paste name, pasted CSV
/// header and cells (with the value column switched to the payload
/// column), an uploaded file's name, the URL field, a share link's query
/// and fragment, the rules editor's text inputs — runs nothing, adds no
/// element and is shown as text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_every_input_stays_text() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    let base = page.server.base.clone();
    let other = page.other.base.clone();
    assert_inert(&page, "first visit").await?;

    for (i, payload) in PAYLOADS.iter().enumerate() {
        // Paste name.
        let step = format!("paste named {payload}");
        paste(
            &page,
            "Date,Close\n2026-01-02,10\n2026-01-05,11\n2026-01-06,12\n",
            payload,
        )
        .await?;
        assert_inert(&page, &step).await?;

        // Pasted CSV: a payload-named column, then switched to it.
        let step = format!("pasted header {payload}");
        let id = format!("HDR{i}");
        let csv = format!(
            "Date,Close,{}\n2026-01-02,10,20\n2026-01-05,11,21\n2026-01-06,12,22\n",
            csv_field(payload)
        );
        paste(&page, &csv, &id).await?;
        wait_for_id(&page, &id).await?;
        assert_inert(&page, &step).await?;
        page.set_value(
            &format!("[data-testid=value-column][data-series='{id}']"),
            payload,
        )
        .await?;
        assert_inert(&page, &format!("{step}, as value column")).await?;
        assert_shown(
            &page,
            &step,
            &format!("[data-testid=series-list] [data-series='{id}'] .span"),
            payload,
        )
        .await?;

        // Pasted cell.
        let step = format!("pasted cell {payload}");
        let csv = format!(
            "Date,Close\n2026-01-02,10\n2026-01-05,{}\n",
            csv_field(payload)
        );
        paste(&page, &csv, &format!("CELL{i}")).await?;
        assert_inert(&page, &step).await?;
        assert_shown(
            &page,
            &step,
            "[data-testid=messages]",
            &quoted(payload)[..20],
        )
        .await?;

        // URL field: as typed, and as a path on the other origin. Text
        // with a scheme other than http(s) is refused before any fetch
        // (a fetch of `javascript:` would be a CSP violation).
        let step = format!("URL {payload}");
        fetch_url(&page, payload).await?;
        assert_inert(&page, &step).await?;
        assert_shown(&page, &step, "[data-testid=messages]", payload).await?;
        if payload.starts_with("javascript:") {
            let refused = format!("“{payload}” is not a web address the page can fetch");
            assert_shown(&page, &step, "[data-testid=messages]", &refused).await?;
        }
        let url = format!("{other}/{payload}.csv");
        fetch_url(&page, &url).await?;
        assert_inert(&page, &format!("URL {url}")).await?;
        assert_shown(&page, &step, "[data-testid=messages]", &url).await?;

        // Rules editor text inputs.
        for name in ["target_pcts", "target_reference"] {
            let step = format!("setting {name} = {payload}");
            set_setting(&page, name, payload).await?;
            assert_inert(&page, &step).await?;
            assert_shown(
                &page,
                &step,
                "[data-testid=messages]",
                &quoted(payload)[..20],
            )
            .await?;
        }
    }

    // Uploaded files whose names are payloads (those a file name can hold).
    let dir = std::env::temp_dir().join(format!("rr-e2e-xss-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut paths = Vec::new();
    for payload in PAYLOADS.iter().filter(|p| !p.contains('/')) {
        let path = dir.join(format!("{payload}.csv"));
        std::fs::write(
            &path,
            "Date,Close\n2026-01-02,10\n2026-01-05,11\n2026-01-06,12\n",
        )?;
        paths.push(path);
    }
    for path in &paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("temp file name")?
            .to_string();
        let step = format!("uploaded file {name}");
        page.upload(&path.display().to_string()).await?;
        assert_inert(&page, &step).await?;
        assert_shown(&page, &step, "[data-testid=series-list] .origin", &name).await?;
    }
    let _ = std::fs::remove_dir_all(&dir);

    // Share link query: every per-series and text key.
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let p = encode(payload);
        let query = format!(
            "?v=1&_x={i}&s={p}&u={p}&col=IWM:{p}&col={p}:Close&role={p}:small&role=IWM:{p}&kind={p}:price&tgt={p}&ref={p}&off={p}"
        );
        page.act_and_wait(|| async {
            page.client.goto(&format!("{base}/{query}")).await?;
            Ok(())
        })
        .await?;
        let step = format!("link query {query}");
        assert_inert(&page, &step).await?;
        assert_shown(
            &page,
            &step,
            "[data-testid=messages]",
            &quoted(payload)[..20],
        )
        .await?;
    }

    // Share link fragment: series named with the payloads, payload headers.
    let shared: Vec<regime_radar::link::SharedSeries> = PAYLOADS
        .iter()
        .map(|payload| regime_radar::link::SharedSeries {
            name: payload.to_string(),
            source_name: format!("{payload}.csv"),
            bytes: format!(
                "Date,{}\n2026-01-02,10\n2026-01-05,11\n2026-01-06,12\n",
                csv_field(payload)
            )
            .into_bytes()
            .into(),
        })
        .collect();
    let fragment = regime_radar::link::encode_fragment(&shared)?;
    page.act_and_wait(|| async {
        page.client
            .goto(&format!("{base}/?v=1&s=IWM&_x=frag#{fragment}"))
            .await?;
        Ok(())
    })
    .await?;
    assert_inert(&page, "link fragment").await?;
    let listed = text_content(&page, "[data-testid=series-list], [data-testid=messages]").await?;
    for payload in PAYLOADS {
        if !listed.contains(payload) {
            return Err(
                format!("link fragment: {payload:?} is not shown as text: {listed:?}").into(),
            );
        }
    }
    page.screenshot("xss-fragment").await?;
    page.close().await
}
