//! The end-to-end harness: serves the release build (`dist/`) on an
//! ephemeral loopback port, starts chromedriver + headless Chromium, and
//! gives journeys a WebDriver client plus helpers to read the page's test
//! hooks (see TEST-CONTRACT in README.md).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The release build to test; `REGIME_RADAR_DIST` overrides `./dist`.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("REGIME_RADAR_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("dist"))
}

pub fn artifacts_dir() -> PathBuf {
    let dir = manifest_dir().join("target").join("e2e-artifacts");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// What a route of the test server answers.
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub cors: bool,
    pub delay: Duration,
}

/// A static file server on 127.0.0.1 with a few scripted routes, in its own
/// threads (one per connection, so a slow route never blocks the page).
///
/// Plain `std::net`, one GET per connection (`Connection: close`), as
/// Python's `http.server` does. It was tiny_http until a page that loads
/// one more module (the canvas painter's `trace_path.js`) made Chromium's
/// `.wasm` preload never reach tiny_http's request queue in about half
/// the runs, on the same files a Python server always served.
pub struct StaticServer {
    pub base: String,
    port: u16,
    /// While set, every request fails with 503 (the server "stopped").
    down: Arc<std::sync::atomic::AtomicBool>,
    /// Set on drop: the accept loop ends.
    closed: Arc<std::sync::atomic::AtomicBool>,
}

impl StaticServer {
    /// Serves `root`; `cors` adds `Access-Control-Allow-Origin: *` to files.
    /// Scripted routes under `/__e2e/` are answered by `script`.
    pub fn start(
        root: PathBuf,
        cors: bool,
        script: fn(&str) -> Option<Reply>,
    ) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let closed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (is_down, is_closed) = (down.clone(), closed.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if is_closed.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                let is_down = is_down.clone();
                std::thread::spawn(move || {
                    let _ = serve_connection(stream, &root, cors, script, &is_down);
                });
            }
        });
        Ok(StaticServer {
            base: format!("http://127.0.0.1:{port}"),
            port,
            down,
            closed,
        })
    }

    /// Simulates the server going away (every request fails) or coming back.
    pub fn set_down(&self, down: bool) {
        self.down.store(down, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wakes the accept loop so it sees `closed`.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Reads one request's head from `stream` and answers it.
fn serve_connection(
    mut stream: std::net::TcpStream,
    root: &Path,
    cors: bool,
    script: fn(&str) -> Option<Reply>,
    down: &std::sync::atomic::AtomicBool,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or("").split_whitespace();
    let method = request_line.next().unwrap_or("").to_string();
    let url = request_line.next().unwrap_or("/").to_string();
    let reply = if down.load(std::sync::atomic::Ordering::SeqCst) {
        Reply {
            status: 503,
            body: b"server stopped".to_vec(),
            content_type: "text/plain",
            cors: false,
            delay: Duration::ZERO,
        }
    } else {
        answer(&url, root, cors, script)
    };
    std::thread::sleep(reply.delay);
    let reason = match reply.status {
        200 => "OK",
        404 => "Not Found",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut out = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    if reply.cors {
        out.push_str("Access-Control-Allow-Origin: *\r\n");
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

/// What the test server answers to a GET of `url`.
fn answer(url: &str, root: &Path, cors: bool, script: fn(&str) -> Option<Reply>) -> Reply {
    let url = url.split('?').next().unwrap_or("/").to_string();
    if url.starts_with("/__e2e/") {
        script(&url).unwrap_or(Reply {
            status: 404,
            body: b"no such scripted route".to_vec(),
            content_type: "text/plain",
            cors: true,
            delay: Duration::ZERO,
        })
    } else {
        // The app is also served under a sub-path, as on a static host
        // (`/regime-radar/…` maps to the same files).
        let relative = url.trim_start_matches('/');
        let relative =
            relative
                .strip_prefix("regime-radar/")
                .unwrap_or(if relative == "regime-radar" {
                    ""
                } else {
                    relative
                });
        let relative = if relative.is_empty() {
            "index.html"
        } else {
            relative
        };
        let path = root.join(relative);
        let safe = !relative.split('/').any(|part| part == "..");
        match std::fs::read(&path) {
            Ok(body) if safe => Reply {
                status: 200,
                body,
                content_type: content_type(&path),
                cors,
                delay: Duration::ZERO,
            },
            _ => Reply {
                status: 404,
                body: b"not found".to_vec(),
                content_type: "text/plain",
                cors,
                delay: Duration::ZERO,
            },
        }
    }
}

/// A chromedriver process, killed on drop.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// chromedriver's legacy `se/log` endpoint: the browser console, including
/// network errors (a missing favicon shows up here, not in JS).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or("")))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// chromedriver's `se/log` for the performance log: the DevTools events
/// (`Network.*`) of the page, recorded when the session was opened with
/// [`Page::open_recording`].
#[derive(Debug)]
struct PerformanceLog;

impl WebDriverCompatibleCommand for PerformanceLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or("")))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"performance"}"#.to_string()),
        )
    }
}

/// One network request the page made, from `Network.requestWillBeSent`
/// (or `Network.webSocketCreated`, method `WEBSOCKET`).
#[derive(Debug, Clone)]
pub struct NetworkRequest {
    /// The address as sent: no fragment (Chrome reports that separately).
    pub url: String,
    /// The fragment of a navigation, which the browser does not send.
    pub url_fragment: Option<String>,
    pub method: String,
    /// The request body, when there is one (`postData`, or the decoded
    /// `postDataEntries`).
    pub body: Option<String>,
    /// The request headers as DevTools reports them (JSON), `Referer`
    /// included.
    pub headers: String,
    /// DevTools' resource type: `Document`, `Script`, `Fetch`, `Other`, …
    pub kind: String,
}

/// Whether a console message reports a Content-Security-Policy violation.
fn is_csp_violation(message: &str) -> bool {
    message.contains("Content Security Policy") || message.contains("Refused to")
}

/// At most two browsers at once: the CI machine has two cores, and
/// journeys running in parallel threads would otherwise starve each other.
static BROWSERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// One browser session on the served app.
pub struct Page {
    pub client: Client,
    _permit: tokio::sync::SemaphorePermit<'static>,
    pub server: StaticServer,
    /// A second origin (other port) for cross-origin fetch tests.
    pub other: StaticServer,
    _driver: Chromedriver,
    _profile: PathBuf,
    /// Content-Security-Policy violations the console reported so far
    /// (every read of the browser log adds to it); [`Page::close`] fails
    /// the journey if any.
    csp_violations: std::sync::Mutex<Vec<String>>,
    /// Requests recorded so far (performance log, [`Page::open_recording`]).
    requests: std::sync::Mutex<Vec<NetworkRequest>>,
}

fn chromium_binary() -> Option<String> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())
    .map(str::to_string)
}

impl Page {
    /// Starts everything and opens the app; waits for `data-ready`.
    pub async fn open(
        script: fn(&str) -> Option<Reply>,
    ) -> Result<Page, Box<dyn std::error::Error + Send + Sync>> {
        Self::open_at(script, "/").await
    }

    /// Like [`open`](Self::open) at `path` (query and fragment included) on
    /// the app's server, in a fresh browser profile.
    pub async fn open_at(
        script: fn(&str) -> Option<Reply>,
        path: &str,
    ) -> Result<Page, Box<dyn std::error::Error + Send + Sync>> {
        Self::start(script, path, false).await
    }

    /// Like [`open_at`](Self::open_at) with Chrome's performance log on:
    /// [`network_requests`](Self::network_requests) then lists every
    /// request the page made, from the first one.
    pub async fn open_recording(
        script: fn(&str) -> Option<Reply>,
        path: &str,
    ) -> Result<Page, Box<dyn std::error::Error + Send + Sync>> {
        Self::start(script, path, true).await
    }

    async fn start(
        script: fn(&str) -> Option<Reply>,
        path: &str,
        record_network: bool,
    ) -> Result<Page, Box<dyn std::error::Error + Send + Sync>> {
        let permit = BROWSERS.acquire().await?;
        let dist = dist_dir();
        if !dist.join("index.html").exists() {
            return Err(format!(
                "{} has no index.html: run `trunk build --release` first (bash .ci/test does)",
                dist.display()
            )
            .into());
        }
        let server = StaticServer::start(dist, false, script)?;
        let other =
            StaticServer::start(manifest_dir().join("tests").join("fixtures"), true, script)?;

        let port = free_port()?;
        let driver_bin =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string());
        let child = Command::new(&driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("could not start {driver_bin}: {e} (bash .ci/setup --browser installs it)")
            })?;
        let driver = Chromedriver { child, port };

        let profile =
            std::env::temp_dir().join(format!("rr-e2e-profile-{}-{}", std::process::id(), port));
        let mut options = json!({
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                // The memory journey reads exact heap sizes after a forced GC.
                "--enable-precise-memory-info", "--js-flags=--expose-gc",
                format!("--user-data-dir={}", profile.display()),
            ]
        });
        if let Some(binary) = chromium_binary() {
            options["binary"] = Value::String(binary);
        }
        let mut logging = json!({ "browser": "ALL" });
        if record_network {
            logging["performance"] = json!("ALL");
            options["perfLoggingPrefs"] = json!({ "enableNetwork": true, "enablePage": false });
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        caps.insert("goog:loggingPrefs".into(), logging);

        let webdriver_url = format!("http://127.0.0.1:{}", driver.port);
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let attempt =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&webdriver_url)
                    .await;
            match attempt {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("chromedriver did not accept a session: {e}").into())
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        let page = Page {
            client,
            _permit: permit,
            server,
            other,
            _driver: driver,
            _profile: profile,
            csp_violations: std::sync::Mutex::new(Vec::new()),
            requests: std::sync::Mutex::new(Vec::new()),
        };
        page.client
            .goto(&format!("{}{}", page.server.base, path))
            .await?;
        page.wait_ready().await?;
        Ok(page)
    }

    /// Waits until `<body data-ready="true">` (the app sets it after every
    /// computation and chart draw).
    pub async fn wait_ready(&self) -> TestResult {
        if let Err(e) = self
            .client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css("body[data-ready='true']"))
            .await
        {
            // What the console said is usually why (a script that did not
            // load, a panic).
            let errors = self.console_errors().await.unwrap_or_default();
            return Err(format!("page never became ready: {e}; console errors: {errors:?}").into());
        }
        Ok(())
    }

    /// Marks the page not ready, runs an action, then waits for ready again,
    /// so a journey never reads the state from before its action.
    pub async fn act_and_wait<F, Fut>(&self, action: F) -> TestResult
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = TestResult>,
    {
        self.client
            .execute("document.body.setAttribute('data-ready','stale')", vec![])
            .await?;
        action().await?;
        self.wait_ready().await
    }

    /// Clicks the element matching `selector` and waits for the page to
    /// settle (buttons, presets, sample chips).
    pub async fn click_and_wait(&self, selector: &str) -> TestResult {
        self.act_and_wait(|| async {
            self.client
                .find(Locator::Css(selector))
                .await?
                .click()
                .await?;
            Ok(())
        })
        .await
    }

    /// Uploads the files at `paths` (newline-separated, as WebDriver takes
    /// several) through the file input and waits for the page to settle.
    pub async fn upload(&self, paths: &str) -> TestResult {
        self.act_and_wait(|| async {
            self.client
                .find(Locator::Css("[data-testid=file-input]"))
                .await?
                .send_keys(paths)
                .await?;
            Ok(())
        })
        .await
    }

    /// The timing journeys' input: four generated price series of 10,000
    /// sessions named IWM, SPY, QQQ and DIA (so they take the small, large
    /// and growth roles), uploaded; fails unless all four are loaded.
    pub async fn load_timing_walks(&self, tag: &str) -> TestResult {
        const IDS: [&str; 4] = ["IWM", "SPY", "QQQ", "DIA"];
        let files = write_random_walks(tag, &IDS, 10_000)?;
        self.upload(&files.join("\n")).await?;
        let ids = self.series_ids().await?;
        if !IDS.iter().all(|id| ids.iter().any(|s| s == id)) {
            return Err(format!("generated series not loaded: {ids:?}").into());
        }
        Ok(())
    }

    /// Sets the value of the input/select matching `selector` as a script
    /// would (date inputs take typed text in the user's locale order) and
    /// fires `change`, then waits for the page to be ready again.
    pub async fn set_value(&self, selector: &str, value: &str) -> TestResult {
        self.act_and_wait(|| async {
            let element = self.client.find(Locator::Css(selector)).await?;
            self.client
                .execute(
                    "const e = arguments[0]; e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}));",
                    vec![serde_json::to_value(&element)?, value.into()],
                )
                .await?;
            Ok(())
        })
        .await
    }

    /// `data-value` of a metric cell, if the cell exists.
    pub async fn metric(
        &self,
        series: &str,
        metric: &str,
    ) -> Result<Option<String>, Box<dyn std::error::Error + Send + Sync>> {
        let selector =
            format!("[data-testid='metric'][data-series='{series}'][data-metric='{metric}']");
        match self.client.find(Locator::Css(&selector)).await {
            Ok(el) => Ok(el.attr("data-value").await?),
            Err(_) => Ok(None),
        }
    }

    /// Messages currently shown, as (level, text).
    pub async fn messages(
        &self,
    ) -> Result<Vec<(String, String)>, Box<dyn std::error::Error + Send + Sync>> {
        let value = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll('[data-testid=messages] [data-level]')).map(e => [e.dataset.level, (e.querySelector('.text') || e).textContent]);",
                vec![],
            )
            .await?;
        let list = value.as_array().cloned().unwrap_or_default();
        Ok(list
            .into_iter()
            .filter_map(|pair| {
                let level = pair.get(0)?.as_str()?.to_string();
                let text = pair.get(1)?.as_str()?.to_string();
                Some((level, text))
            })
            .collect())
    }

    /// Ids of the series in the series list.
    pub async fn series_ids(
        &self,
    ) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
        let value = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll('[data-testid=series-list] [data-series]')).map(e => e.dataset.series);",
                vec![],
            )
            .await?;
        Ok(value
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Counts pixels of a canvas that differ from its top-left pixel.
    pub async fn canvas_ink(
        &self,
        testid: &str,
    ) -> Result<u64, Box<dyn std::error::Error + Send + Sync>> {
        let script = format!(
            "const c = document.querySelector('[data-testid={testid}]');
             if (!c) return -1;
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let n = 0;
             for (let i = 0; i < d.length; i += 4) {{
               if (Math.abs(d[i]-d[0]) + Math.abs(d[i+1]-d[1]) + Math.abs(d[i+2]-d[2]) > 24) n++;
             }}
             return n;"
        );
        let value = self.client.execute(&script, vec![]).await?;
        let n = value.as_i64().unwrap_or(-1);
        if n < 0 {
            return Err(format!("no canvas [data-testid={testid}]").into());
        }
        Ok(n as u64)
    }

    /// The browser console entries since the last read, as (level,
    /// message); Content-Security-Policy violations among them are kept for
    /// [`close`](Self::close).
    async fn browser_log(
        &self,
    ) -> Result<Vec<(String, String)>, Box<dyn std::error::Error + Send + Sync>> {
        let log = self.client.issue_cmd(BrowserLog).await?;
        let entries: Vec<(String, String)> = log
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        let level = e.get("level").and_then(Value::as_str)?.to_string();
                        let message = e.get("message").and_then(Value::as_str)?.to_string();
                        Some((level, message))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if let Ok(mut seen) = self.csp_violations.lock() {
            seen.extend(
                entries
                    .iter()
                    .filter(|(_, m)| is_csp_violation(m))
                    .map(|(_, m)| m.clone()),
            );
        }
        Ok(entries)
    }

    /// Browser console entries at level SEVERE (errors), including failed
    /// resource loads, since the last read of the console.
    pub async fn console_errors(
        &self,
    ) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
        Ok(self
            .browser_log()
            .await?
            .into_iter()
            .filter(|(level, _)| level == "SEVERE")
            .map(|(_, message)| message)
            .collect())
    }

    /// The Content-Security-Policy violations reported so far, which are
    /// then forgotten (for a journey that provokes one on purpose).
    pub async fn take_csp_violations(
        &self,
    ) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
        self.browser_log().await?;
        Ok(self
            .csp_violations
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default())
    }

    /// Every request the page made since it was opened (needs
    /// [`open_recording`](Self::open_recording)), in order.
    pub async fn network_requests(
        &self,
    ) -> Result<Vec<NetworkRequest>, Box<dyn std::error::Error + Send + Sync>> {
        use base64::Engine as _;
        let log = self.client.issue_cmd(PerformanceLog).await?;
        let mut fresh = Vec::new();
        for entry in log.as_array().into_iter().flatten() {
            let Some(text) = entry.get("message").and_then(Value::as_str) else {
                continue;
            };
            let Ok(event) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let event = &event["message"];
            let params = &event["params"];
            let str_of = |v: &Value| v.as_str().map(str::to_string);
            match event["method"].as_str() {
                Some("Network.requestWillBeSent") => {
                    let request = &params["request"];
                    let mut body = str_of(&request["postData"]);
                    if body.is_none() {
                        if let Some(parts) = request["postDataEntries"].as_array() {
                            let mut bytes = Vec::new();
                            for part in parts {
                                if let Some(b64) = part["bytes"].as_str() {
                                    bytes.extend(
                                        base64::engine::general_purpose::STANDARD
                                            .decode(b64)
                                            .unwrap_or_else(|_| b64.as_bytes().to_vec()),
                                    );
                                }
                            }
                            body = Some(String::from_utf8_lossy(&bytes).into_owned());
                        } else if request["hasPostData"].as_bool() == Some(true) {
                            body = Some("<body not reported>".to_string());
                        }
                    }
                    fresh.push(NetworkRequest {
                        url: str_of(&request["url"]).unwrap_or_default(),
                        url_fragment: str_of(&request["urlFragment"]),
                        method: str_of(&request["method"]).unwrap_or_default(),
                        body,
                        headers: request["headers"].to_string(),
                        kind: str_of(&params["type"]).unwrap_or_default(),
                    });
                }
                Some("Network.webSocketCreated") => fresh.push(NetworkRequest {
                    url: str_of(&params["url"]).unwrap_or_default(),
                    url_fragment: None,
                    method: "WEBSOCKET".to_string(),
                    body: None,
                    headers: String::new(),
                    kind: "WebSocket".to_string(),
                }),
                _ => {}
            }
        }
        let mut all = self.requests.lock().map_err(|_| "request log poisoned")?;
        all.extend(fresh);
        Ok(all.clone())
    }

    /// Full-page screenshot into target/e2e-artifacts/<name>.png.
    /// Switches to `theme` (`light` / `dark`) with the page's own toggle and
    /// resizes the window to `width` CSS px, waiting for the page each time
    /// (the screenshot journeys at 1440 and 390 px in both themes).
    pub async fn theme_and_width(&self, theme: &str, width: u32) -> TestResult {
        let current = self
            .client
            .execute("return document.documentElement.dataset.theme;", vec![])
            .await?;
        if current.as_str() != Some(theme) {
            self.click_and_wait("[data-testid=theme-toggle]").await?;
        }
        self.act_and_wait(|| async {
            self.client.set_window_size(width, 1000).await?;
            Ok(())
        })
        .await
    }

    pub async fn screenshot(&self, name: &str) -> TestResult {
        let height = self
            .client
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight);",
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(1000)
            .clamp(600, 6000) as u32;
        let (width, _) = self.client.get_window_size().await?;
        self.client
            .set_window_size(width as u32, height + 100)
            .await?;
        let png = self.client.screenshot().await?;
        std::fs::write(artifacts_dir().join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Ends the session; fails the journey if the console reported any
    /// Content-Security-Policy violation during it (docs/security.md).
    pub async fn close(self) -> TestResult {
        let violations = self.take_csp_violations().await;
        self.client.close().await?;
        let violations = violations?;
        if !violations.is_empty() {
            return Err(format!(
                "Content-Security-Policy violations in the console: {violations:?}"
            )
            .into());
        }
        Ok(())
    }
}

/// Writes one `Date,Close` random walk of `sessions` weekdays from 1986
/// per name (xorshift, seeded by position: the same files every run) into
/// a temporary directory named after `tag`, for the timing journeys;
/// returns the paths, in order.
pub fn write_random_walks(
    tag: &str,
    names: &[&str],
    sessions: usize,
) -> Result<Vec<String>, Box<dyn std::error::Error + Send + Sync>> {
    let dir = std::env::temp_dir().join(format!("{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut files = Vec::new();
    for (k, name) in names.iter().enumerate() {
        // High and low around the close (from a second generator, so the
        // closes are the walks they always were), so the ATR panel is
        // drawn and timed too; no open, so the price panel stays a line.
        let mut csv = String::from("Date,High,Low,Close\n");
        let mut day = chrono::NaiveDate::from_ymd_opt(1986, 1, 2).ok_or("date")?;
        let mut price = 100.0_f64;
        let mut written = 0;
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15 ^ (k as u64 + 1);
        let mut range_seed: u64 = 0xD1B5_4A32_D192_ED03 ^ (k as u64 + 1);
        while written < sessions {
            if !matches!(
                chrono::Datelike::weekday(&day),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            ) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let shock = (seed % 2001) as f64 / 1000.0 - 1.0; // −1..1
                price *= 1.0 + 0.0003 + 0.015 * shock;
                range_seed ^= range_seed << 13;
                range_seed ^= range_seed >> 7;
                range_seed ^= range_seed << 17;
                // A range of 0.4–2 % of the close, the close anywhere in it.
                let range = price * 0.004 * (1.0 + (range_seed % 1001) as f64 / 250.0);
                let above = range * ((range_seed >> 20) % 1001) as f64 / 1000.0;
                let (high, low) = (price + above, price + above - range);
                csv.push_str(&format!("{day},{high:.4},{low:.4},{price:.4}\n"));
                written += 1;
            }
            day = day.succ_opt().ok_or("date")?;
        }
        let path = dir.join(format!("{name}.csv"));
        std::fs::write(&path, csv)?;
        files.push(path.display().to_string());
    }
    Ok(files)
}

/// Reads a file under tests/fixtures.
pub fn fixture(path: &str) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let full = manifest_dir().join("tests").join("fixtures").join(path);
    let mut bytes = Vec::new();
    std::fs::File::open(&full)
        .map_err(|e| format!("{}: {e}", full.display()))?
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Relative difference, with both values required finite.
pub fn close_enough(a: f64, b: f64, rel: f64) -> bool {
    a.is_finite() && b.is_finite() && (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}
