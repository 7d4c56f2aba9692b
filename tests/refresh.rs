//! The refresh tool (`src/bin/refresh/`, docs/hosting.md) against a loopback
//! server answering with recorded responses (`tests/fixtures/refresh/`):
//! what is written, what is refused with the old file byte-identical, the
//! exit status and the manifest. No network. Also: the committed
//! `public/data/manifest.json` matches the files next to it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::samples::{sample, SAMPLES};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

type TestResult = Result<(), Box<dyn std::error::Error>>;
/// An answer: status, content type, body.
type Answer = Result<(u16, &'static str, String), Box<dyn std::error::Error>>;
/// The requests the server saw.
type Seen = Arc<Mutex<Vec<String>>>;

const FRED_KEY: &str = "fred-test-key-9d2f";
const TIINGO_KEY: &str = "tiingo-test-key-41c7";
const TODAY: &str = "2026-06-12";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn public_data(file: &str) -> PathBuf {
    root().join("public").join("data").join(file)
}

fn fixture(name: &str) -> Result<String, std::io::Error> {
    std::fs::read_to_string(root().join("tests/fixtures/refresh").join(name))
}

/// How the server answers for one series.
#[derive(Clone)]
enum Reply {
    /// The current file in the provider's format, then a recorded tail.
    History { tail: Option<&'static str> },
    /// Only the last `keep` rows of the current file.
    Truncated { keep: usize },
    /// A recorded body with this status and content type.
    Fixture {
        status: u16,
        content_type: &'static str,
        file: &'static str,
    },
}

/// The current file's data rows (date, fields).
fn rows_of(file: &str) -> Result<Vec<Vec<String>>, std::io::Error> {
    let text = std::fs::read_to_string(public_data(file))?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.trim_end().split(',').map(str::to_string).collect())
        .collect())
}

fn fred_body(id: &str, reply: &Reply) -> Answer {
    let file = sample(id).ok_or("no sample")?.file;
    let mut rows = rows_of(file)?;
    let tail = match reply {
        Reply::History { tail } => *tail,
        Reply::Truncated { keep } => {
            rows = rows.split_off(rows.len().saturating_sub(*keep));
            None
        }
        Reply::Fixture {
            status,
            content_type,
            file,
        } => {
            return Ok((*status, content_type, fixture(file)?));
        }
    };
    let mut observations: Vec<Value> = rows
        .iter()
        .map(|r| json!({"realtime_start": TODAY, "realtime_end": TODAY, "date": r[0], "value": r[1]}))
        .collect();
    if let Some(tail) = tail {
        let recorded: Value = serde_json::from_str(&fixture(tail)?)?;
        observations.extend(
            recorded["observations"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
    }
    let body = json!({"realtime_start": TODAY, "realtime_end": TODAY, "units": "lin",
        "file_type": "json", "count": observations.len(), "observations": observations});
    Ok((200, "application/json", body.to_string()))
}

fn tiingo_body(id: &str, reply: &Reply) -> Answer {
    let file = sample(id).ok_or("no sample")?.file;
    let mut rows = rows_of(file)?;
    let tail = match reply {
        Reply::History { tail } => *tail,
        Reply::Truncated { keep } => {
            rows = rows.split_off(rows.len().saturating_sub(*keep));
            None
        }
        Reply::Fixture {
            status,
            content_type,
            file,
        } => {
            return Ok((*status, content_type, fixture(file)?));
        }
    };
    let mut bars = Vec::with_capacity(rows.len());
    for r in &rows {
        let n = |i: usize| r.get(i).and_then(|v| v.parse::<f64>().ok());
        let (open, high, low, close, volume) = if r.len() >= 6 {
            (n(1), n(2), n(3), n(4), n(5))
        } else {
            (n(1), n(1), n(1), n(1), Some(0.0))
        };
        bars.push(json!({"date": format!("{}T00:00:00.000Z", r[0]),
            "close": close, "high": high, "low": low, "open": open, "volume": volume,
            "adjClose": close, "adjHigh": high, "adjLow": low, "adjOpen": open,
            "adjVolume": volume, "divCash": 0.0, "splitFactor": 1.0}));
    }
    if let Some(tail) = tail {
        let recorded: Value = serde_json::from_str(&fixture(tail)?)?;
        bars.extend(recorded.as_array().cloned().unwrap_or_default());
    }
    Ok((200, "application/json", Value::Array(bars).to_string()))
}

/// A loopback server for both providers; returns its base URL and the
/// requests it saw (paths, secrets blanked).
fn serve(
    replies: HashMap<&'static str, Reply>,
) -> Result<(String, Seen), Box<dyn std::error::Error>> {
    let server = tiny_http::Server::http("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = server.server_addr().to_ip().ok_or("no ip address")?;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let url = request.url().to_string();
            let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
            let params: HashMap<&str, &str> =
                query.split('&').filter_map(|p| p.split_once('=')).collect();
            let auth = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("Authorization"))
                .map(|h| h.value.as_str().to_string())
                .unwrap_or_default();
            let answer = if path == "/fred/series/observations" {
                let id = params.get("series_id").copied().unwrap_or_default();
                if let Ok(mut log) = log.lock() {
                    log.push(format!(
                        "fred {id} start={}",
                        params.get("observation_start").copied().unwrap_or_default()
                    ));
                }
                if params.get("api_key") != Some(&FRED_KEY)
                    || params.get("file_type") != Some(&"json")
                {
                    Ok((
                        400,
                        "application/json",
                        fixture("fred/bad_request_400.json").unwrap_or_default(),
                    ))
                } else {
                    match replies.get(id) {
                        Some(reply) => fred_body(id, reply),
                        None => Err("no reply".into()),
                    }
                }
            } else if let Some(rest) = path.strip_prefix("/tiingo/daily/") {
                let id = rest.trim_end_matches("/prices").to_ascii_uppercase();
                if let Ok(mut log) = log.lock() {
                    log.push(format!(
                        "tiingo {id} start={}",
                        params.get("startDate").copied().unwrap_or_default()
                    ));
                }
                if auth != format!("Token {TIINGO_KEY}") || query.contains(TIINGO_KEY) {
                    Ok((
                        401,
                        "application/json",
                        r#"{"detail":"Invalid token."}"#.to_string(),
                    ))
                } else {
                    match replies.get(id.as_str()) {
                        Some(reply) => tiingo_body(&id, reply),
                        None => Err("no reply".into()),
                    }
                }
            } else {
                Err("unknown path".into())
            };
            let (status, content_type, body) =
                answer.unwrap_or_else(|e| (404, "text/plain", format!("not found: {e}")));
            let mut response = tiny_http::Response::from_string(body).with_status_code(status);
            if let Ok(header) =
                tiny_http::Header::from_bytes(&b"Content-Type"[..], content_type.as_bytes())
            {
                response = response.with_header(header);
            }
            let _ = request.respond(response);
        }
    });
    Ok((format!("http://{addr}"), seen))
}

/// A fresh directory holding copies of every file in public/data.
fn seeded_out(name: &str) -> Result<PathBuf, std::io::Error> {
    let dir = std::env::temp_dir().join(format!("rr-refresh-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    for entry in std::fs::read_dir(public_data(""))? {
        let entry = entry?;
        std::fs::copy(entry.path(), dir.join(entry.file_name()))?;
    }
    Ok(dir)
}

fn run_tool(
    out: &Path,
    base: Option<&str>,
    keys: bool,
    extra: &[&str],
) -> Result<Output, std::io::Error> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_refresh"));
    command.arg("--out").arg(out).args(extra);
    for var in [
        "FRED_API_KEY",
        "TIINGO_API_KEY",
        "REFRESH_FRED_BASE",
        "REFRESH_PRICES_BASE",
    ] {
        command.env_remove(var);
    }
    if let Some(base) = base {
        command
            .env("REFRESH_FRED_BASE", base)
            .env("REFRESH_PRICES_BASE", base);
    }
    if keys {
        command
            .env("FRED_API_KEY", FRED_KEY)
            .env("TIINGO_API_KEY", TIINGO_KEY);
    }
    command.output()
}

fn manifest(dir: &Path) -> Result<Value, Box<dyn std::error::Error>> {
    Ok(serde_json::from_slice(&std::fs::read(
        dir.join("manifest.json"),
    )?)?)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn line_of<'a>(stdout: &'a str, id: &str) -> &'a str {
    stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(id))
        .unwrap_or("")
}

const INDICES: [&str; 3] = ["RUT", "GSPC", "NDX"];

fn all_good() -> HashMap<&'static str, Reply> {
    let mut replies = HashMap::new();
    for s in SAMPLES {
        let tail = match s.id {
            "IWM" => Some("tiingo/IWM_tail.json"),
            "SPY" => Some("tiingo/SPY_tail.json"),
            "QQQ" => Some("tiingo/QQQ_tail.json"),
            "ICSA" => Some("fred/ICSA_tail.json"),
            "UNRATE" => Some("fred/UNRATE_tail.json"),
            "PCE" => Some("fred/PCE_tail.json"),
            _ => None,
        };
        replies.insert(s.id, Reply::History { tail });
    }
    replies
}

#[test]
fn each_failure_mode_keeps_the_old_file_and_fails_the_run_naming_it() -> TestResult {
    let fixture_reply = |status, content_type, file| Reply::Fixture {
        status,
        content_type,
        file,
    };
    let mut replies = all_good();
    let refusals: [(&str, Reply, &str); 9] = [
        (
            "SPY",
            fixture_reply(200, "application/json", "tiingo/rate_limit.json"),
            "rate limited (HTTP 200)",
        ),
        (
            "QQQ",
            Reply::History {
                tail: Some("tiingo/QQQ_jump.json"),
            },
            "impossible jump on 2026-06-08",
        ),
        (
            "GDPNOW",
            fixture_reply(429, "application/json", "fred/rate_limit_429.json"),
            "rate limited (HTTP 429)",
        ),
        (
            "RSAFS",
            fixture_reply(200, "text/html", "maintenance.html"),
            "an HTML page instead of data (HTTP 200)",
        ),
        (
            "PCE",
            Reply::History { tail: None },
            "stale: last date 2025-08-01",
        ),
        (
            "FEDFUNDS",
            Reply::Truncated { keep: 100 },
            "would truncate: 100 rows instead of the 863",
        ),
        (
            "EFFR",
            fixture_reply(400, "application/json", "fred/bad_request_400.json"),
            "HTTP 400",
        ),
        (
            "DGS10",
            fixture_reply(200, "application/json", "fred/bad_request_400.json"),
            "an error message instead of data (HTTP 200)",
        ),
        (
            "USREC",
            fixture_reply(200, "application/json", "fred/wrong_shape.json"),
            "wrong shape: no \"observations\" array",
        ),
    ];
    for (id, reply, _) in &refusals {
        replies.insert(id, reply.clone());
    }
    let (base, seen) = serve(replies)?;
    let out = seeded_out("failures")?;
    let before = manifest(&out)?;
    let run = run_tool(&out, Some(&base), true, &["--today", TODAY])?;
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(
        run.status.code(),
        Some(1),
        "exit status\n{stdout}\n{stderr}"
    );
    let after = manifest(&out)?;

    for (id, _, why) in &refusals {
        let file = sample(id).ok_or("no sample")?.file;
        let line = line_of(&stdout, id);
        assert!(
            line.contains("REFUSED, old file kept") && line.contains(why),
            "{id}: {line:?}"
        );
        assert!(
            stderr.contains(&format!("{id} (")),
            "{id} not named in stderr: {stderr}"
        );
        assert_eq!(
            std::fs::read(out.join(file))?,
            std::fs::read(public_data(file))?,
            "{id}: old file changed"
        );
        assert_eq!(
            after["series"][id], before["series"][id],
            "{id}: manifest entry changed"
        );
    }
    for id in INDICES {
        let file = sample(id).ok_or("no sample")?.file;
        assert!(
            line_of(&stdout, id).contains("not refreshed: no licensed source"),
            "{id}"
        );
        assert_eq!(
            std::fs::read(out.join(file))?,
            std::fs::read(public_data(file))?
        );
        assert_eq!(after["series"][id], before["series"][id]);
    }
    let requests = seen.lock().map_err(|e| e.to_string())?.clone();
    assert!(
        !requests.iter().any(|r| INDICES
            .iter()
            .any(|i| r.starts_with(&format!("tiingo {i} ")))),
        "{requests:?}"
    );
    assert!(
        requests.contains(&"tiingo IWM start=2000-05-26".to_string()),
        "{requests:?}"
    );
    assert!(
        requests.contains(&"fred ICSA start=1999-01-02".to_string()),
        "{requests:?}"
    );

    // The three good ones: the old bytes, then the new rows in the same layout.
    for (id, appended) in [
        ("IWM", "2026-06-11,284.4,287.3,284,286.9,27333000\n2026-06-12,287,289.15,286.2,288.31,30120980\n"),
        ("ICSA", "2026-05-30,225000.0\n2026-06-06,229000.0\n"),
        ("UNRATE", "2026-03-01,4.3\r\n2026-04-01,4.4\r\n2026-05-01,4.3\r\n"),
    ] {
        let file = sample(id).ok_or("no sample")?.file;
        let old = std::fs::read(public_data(file))?;
        let new = std::fs::read(out.join(file))?;
        let new_text = String::from_utf8(new.clone())?;
        assert!(new_text.ends_with(appended), "{id}: ends {:?}", &new_text[new_text.len().saturating_sub(120)..]);
        if id != "IWM" {
            assert!(new.starts_with(&old), "{id}: the history changed");
        }
        let old_rows = old.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
        let new_rows = new.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
        let added = if id == "IWM" { 5 } else if id == "ICSA" { 1 } else { 2 };
        assert_eq!(new_rows, old_rows + added, "{id}");
        let entry = &after["series"][id];
        assert_eq!(entry["sha256"], sha256_hex(&new).as_str(), "{id}");
        assert_eq!(entry["rows"], (new_rows - 1) as u64, "{id}");
        assert!(entry["fetched"].is_string(), "{id}: fetched {:?}", entry["fetched"]);
        assert!(line_of(&stdout, id).contains(&format!("written: {} rows", new_rows - 1)), "{id}");
    }
    assert_eq!(after["series"]["IWM"]["last"], "2026-06-12");
    assert_eq!(
        after["series"]["IWM"]["source"],
        "Tiingo end-of-day prices API (adjusted OHLC, volume)"
    );
    assert_eq!(
        after["series"]["ICSA"]["source"],
        "FRED API series/observations"
    );
    assert_eq!(
        after["series"]["ICSA"]["url"],
        "https://fred.stlouisfed.org/series/ICSA"
    );
    assert_ne!(after["generated"], before["generated"]);

    // Keys go nowhere, and no temporary file is left behind.
    let written = std::fs::read_to_string(out.join("manifest.json"))?;
    for text in [&stdout, &stderr, &written] {
        assert!(
            !text.contains(FRED_KEY) && !text.contains(TIINGO_KEY),
            "a key leaked: {text}"
        );
    }
    for entry in std::fs::read_dir(&out)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        assert!(!name.ends_with(".tmp"), "left behind: {name}");
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

#[test]
fn a_clean_run_writes_every_licensed_series_and_exits_zero() -> TestResult {
    let (base, _) = serve(all_good())?;
    let out = seeded_out("clean")?;
    let run = run_tool(&out, Some(&base), true, &["--today", TODAY])?;
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let after = manifest(&out)?;
    for s in SAMPLES {
        let bytes = std::fs::read(out.join(s.file))?;
        let entry = &after["series"][s.id];
        assert_eq!(entry["sha256"], sha256_hex(&bytes).as_str(), "{}", s.id);
        if INDICES.contains(&s.id) {
            assert!(line_of(&stdout, s.id).contains("not refreshed"), "{}", s.id);
            assert!(entry["fetched"].is_null());
        } else {
            assert!(
                line_of(&stdout, s.id).contains("written"),
                "{}: {stdout}",
                s.id
            );
            assert!(entry["fetched"].is_string(), "{}", s.id);
            // Still what the page reads: the same header, the sample's id and kind.
            let old = std::fs::read_to_string(public_data(s.file))?;
            let new = String::from_utf8(bytes.clone())?;
            assert_eq!(new.lines().next(), old.lines().next(), "{}", s.id);
            let loaded = ingest(&bytes, s.file, &IngestOptions::default())?;
            assert_eq!(
                (loaded.series.id.as_str(), loaded.series.kind),
                (s.id, s.kind)
            );
        }
    }
    // SPY keeps its 4 decimals.
    let spy = std::fs::read_to_string(out.join("SPY.csv"))?;
    assert!(spy.ends_with("2026-06-11,742.6000\n2026-06-12,744.0200\n"));
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

#[test]
fn without_keys_nothing_is_fetched_or_written() -> TestResult {
    let out = seeded_out("nokeys")?;
    let before = manifest(&out)?;
    let run = run_tool(&out, Some("http://127.0.0.1:9"), false, &[])?;
    let stdout = String::from_utf8_lossy(&run.stdout).to_string();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        line_of(&stdout, "ICSA").contains("FRED_API_KEY is not set"),
        "{stdout}"
    );
    assert!(
        line_of(&stdout, "IWM").contains("TIINGO_API_KEY is not set"),
        "{stdout}"
    );
    for s in SAMPLES {
        assert_eq!(
            std::fs::read(out.join(s.file))?,
            std::fs::read(public_data(s.file))?
        );
    }
    assert_eq!(manifest(&out)?["series"], before["series"]);
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

#[test]
fn manifest_only_recomputes_the_committed_manifest_offline() -> TestResult {
    let committed: Value = serde_json::from_slice(&std::fs::read(public_data("manifest.json"))?)?;
    // With the manifest: every entry again, sources and fetch times kept.
    let out = seeded_out("manifest-only")?;
    let run = run_tool(&out, None, false, &["--manifest-only"])?;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let made = manifest(&out)?;
    assert_eq!(made["series"], committed["series"]);
    assert!(made["generated"].as_str().is_some_and(|g| g.ends_with('Z')));
    // Without one: the same numbers, as bundled samples fetched nobody knows when.
    std::fs::remove_file(out.join("manifest.json"))?;
    let run = run_tool(&out, None, false, &["--manifest-only"])?;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let fresh = manifest(&out)?;
    for s in SAMPLES {
        let (entry, before) = (&fresh["series"][s.id], &committed["series"][s.id]);
        assert_eq!(entry["source"], "bundled sample (docs/data.md)", "{}", s.id);
        assert!(entry["fetched"].is_null(), "{}", s.id);
        for key in ["file", "first", "last", "rows", "sha256"] {
            assert_eq!(entry[key], before[key], "{}: {key}", s.id);
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

#[test]
fn the_committed_manifest_matches_the_files_in_public_data() -> TestResult {
    let committed: Value = serde_json::from_slice(&std::fs::read(public_data("manifest.json"))?)?;
    let series = committed["series"].as_object().ok_or("no series object")?;
    let ids: Vec<&str> = series.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = SAMPLES.iter().map(|s| s.id).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected, "one entry per sample");
    for s in SAMPLES {
        let entry: BTreeMap<String, Value> = serde_json::from_value(series[s.id].clone())?;
        let bytes = std::fs::read(public_data(s.file))?;
        let options = IngestOptions {
            name: Some(s.id.to_string()),
            kind: Some(s.kind),
            ..IngestOptions::default()
        };
        let loaded = ingest(&bytes, s.file, &options)?.series;
        let first = loaded.dates.first().ok_or("empty")?.to_string();
        let last = loaded.dates.last().ok_or("empty")?.to_string();
        let stale = "public/data changed without a new manifest: run `cargo run --features refresh --bin refresh -- --out public/data --manifest-only`";
        assert_eq!(entry["file"], s.file, "{}", s.id);
        assert_eq!(
            entry["sha256"],
            sha256_hex(&bytes).as_str(),
            "{}: {stale}",
            s.id
        );
        assert_eq!(entry["rows"], loaded.len() as u64, "{}: {stale}", s.id);
        assert_eq!(entry["first"], first.as_str(), "{}: {stale}", s.id);
        assert_eq!(entry["last"], last.as_str(), "{}: {stale}", s.id);
        for key in ["source", "url"] {
            assert!(
                entry[key].as_str().is_some_and(|v| !v.is_empty()),
                "{}: {key}",
                s.id
            );
        }
        assert!(
            entry["fetched"].is_null() || entry["fetched"].is_string(),
            "{}",
            s.id
        );
    }
    Ok(())
}
