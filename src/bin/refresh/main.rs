//! `refresh`: the host's daily data refresh (issue 18). Downloads every
//! bundled macro series from FRED and the ETF prices from Tiingo, passes
//! each through the page's ingest and the gates (`gates.rs`), writes the
//! ones that pass into `--out` in their current layout (atomically) and
//! updates `manifest.json`. A refused series keeps its old file; the run
//! then exits 1 naming it. Native only: never part of the page's .wasm.
//!
//! ```text
//! FRED_API_KEY=… TIINGO_API_KEY=… \
//!   cargo run --release --features refresh --bin refresh -- --out public/data
//! cargo run --features refresh --bin refresh -- --out public/data --manifest-only
//! ```
//!
//! Options: `--out DIR` (required), `--manifest-only` (no network),
//! `--today YYYY-MM-DD` (the date the freshness gate measures from; default
//! today, UTC). Environment: `FRED_API_KEY`, `TIINGO_API_KEY`,
//! `REFRESH_FRED_BASE`, `REFRESH_PRICES_BASE`. docs/hosting.md.

mod error;
mod files;
mod fred;
mod gates;
mod layout;
mod manifest;
mod run;
mod sources;
mod tiingo;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use error::RefreshError;
use run::{Config, Status};

const USAGE: &str = "usage: refresh --out DIR [--manifest-only] [--today YYYY-MM-DD]";

struct Args {
    out: PathBuf,
    manifest_only: bool,
    today: Option<NaiveDate>,
}

fn parse_args() -> Result<Args, RefreshError> {
    let mut out = None;
    let mut manifest_only = false;
    let mut today = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--manifest-only" => manifest_only = true,
            "--today" => {
                let text = args.next().unwrap_or_default();
                today = Some(NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
                    RefreshError::Usage(format!("--today {text:?}: not YYYY-MM-DD"))
                })?);
            }
            "-h" | "--help" => return Err(RefreshError::Usage(USAGE.to_string())),
            other => {
                return Err(RefreshError::Usage(format!(
                    "unknown argument {other:?}\n{USAGE}"
                )))
            }
        }
    }
    let out = out.ok_or_else(|| RefreshError::Usage(USAGE.to_string()))?;
    Ok(Args {
        out,
        manifest_only,
        today,
    })
}

fn now() -> DateTime<Utc> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0).unwrap_or_default()
}

/// A key from the environment; empty counts as unset.
fn key(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn main() -> ExitCode {
    match main_inner() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("refresh: {e}");
            ExitCode::from(2)
        }
    }
}

fn main_inner() -> Result<ExitCode, RefreshError> {
    let args = parse_args()?;
    let now = now();
    let stamp = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    if !args.out.is_dir() {
        return Err(RefreshError::Usage(format!(
            "--out {}: not a directory",
            args.out.display()
        )));
    }
    if args.manifest_only {
        let manifest = run::manifest_only(&args.out, &stamp)?;
        println!(
            "manifest: {} series in {}",
            manifest.series.len(),
            args.out.join(manifest::FILE).display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let (fred_base, prices_base) = run::default_bases();
    let config = Config {
        out: args.out.clone(),
        today: args.today.unwrap_or_else(|| now.date_naive()),
        now: stamp,
        fred_base: key("REFRESH_FRED_BASE").unwrap_or_else(|| fred_base.to_string()),
        prices_base: key("REFRESH_PRICES_BASE").unwrap_or_else(|| prices_base.to_string()),
        fred_key: key("FRED_API_KEY"),
        prices_key: key("TIINGO_API_KEY"),
    };
    let outcomes = run::refresh(&config)?;
    let mut refused = Vec::new();
    for outcome in &outcomes {
        match &outcome.status {
            Status::Written { rows, last, added } => {
                println!(
                    "{:<9}written: {rows} rows, last {last} ({added:+} rows)",
                    outcome.id
                );
            }
            Status::NotRefreshed(why) => println!("{:<9}{why}; kept as it is", outcome.id),
            Status::Refused(e) => {
                println!("{:<9}REFUSED, old file kept: {e}", outcome.id);
                refused.push(format!("{} ({e})", outcome.id));
            }
        }
    }
    println!("manifest: {}", config.out.join(manifest::FILE).display());
    if refused.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "refresh: {} series refused, old files kept: {}",
            refused.len(),
            refused.join("; ")
        );
        Ok(ExitCode::from(1))
    }
}
