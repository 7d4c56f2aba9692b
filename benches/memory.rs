//! Where the memory of a 1,000,000-row load goes (issue 21): the page's
//! own pipeline, natively, under a counting allocator. The page's memory
//! journey (`tests/e2e/reliability.rs`, the wasm's linear memory) measures
//! the total in the browser; this says which stage holds it.
//!
//! Input: the default samples (IWM, SPY, QQQ and the default macro
//! series), then the memory journey's `big.csv` (1,000,000 daily OHLCV
//! rows from 1900, ~52 MB), loaded as the page loads a dropped file: its
//! bytes kept (the share link re-reads them), ingested, the radar run, the
//! dashboard built on the union calendar of every price series.
//!
//! Run: `cargo bench --bench memory` (prints one table; no criterion: a
//! byte count is not noisy).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use regime_radar::engine::dashboard::{CalendarColumn, Dashboard, DashboardBuild, DashboardInputs};
use regime_radar::engine::ingest::{ingest, IngestOptions};
use regime_radar::engine::radar::compute;
use regime_radar::engine::samples::{Role, SAMPLES};
use regime_radar::engine::series::{Series, SeriesKind};
use regime_radar::engine::settings::RadarSettings;
use regime_radar::engine::signals::RadarInputs;

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the same layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MB: f64 = 1024.0 * 1024.0;

/// Live and peak bytes since the last call (the peak restarts at the live).
fn stage() -> (f64, f64) {
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.swap(live, Ordering::Relaxed);
    (live as f64 / MB, peak as f64 / MB)
}

/// The memory journey's file, byte for byte (tests/e2e/load.rs `MILLION_ROWS_JS`).
fn big_csv() -> Vec<u8> {
    let mut out = String::with_capacity(56 << 20);
    out.push_str("Date,Open,High,Low,Close,Volume");
    let start = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
    for i in 0..1_000_000_i64 {
        let day = start + chrono::Duration::days(i);
        let c = 100.0 + (i as f64 / 50.0).sin() * 20.0 + i as f64 / 10_000.0;
        out.push_str(&format!("\n{day},{c:.4},{c:.4},{c:.4},{c:.4},1000"));
    }
    out.into_bytes()
}

fn load(id: &str, bytes: &[u8], file: &str, kind: Option<SeriesKind>) -> Series {
    let options = IngestOptions {
        name: Some(id.to_string()),
        kind,
        ..IngestOptions::default()
    };
    match ingest(bytes, file, &options) {
        Ok(ingested) => ingested.series,
        Err(e) => panic!("{file}: {e}"),
    }
}

fn main() {
    let mut rows: Vec<(String, (f64, f64))> = Vec::new();
    let mut prices: Vec<(Series, Option<Role>)> = Vec::new();
    let mut macros: Vec<Series> = Vec::new();
    for entry in SAMPLES.iter().filter(|s| s.default_loaded) {
        let path = format!("{}/public/data/{}", env!("CARGO_MANIFEST_DIR"), entry.file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let series = load(entry.id, &bytes, entry.file, Some(entry.kind));
        if entry.role == Role::Macro {
            macros.push(series);
        } else {
            prices.push((series, Some(entry.role)));
        }
    }
    let _ = stage();
    rows.push(("default samples, parsed".into(), stage()));

    let bytes = big_csv();
    rows.push(("big.csv bytes (kept for the share link)".into(), stage()));
    let big = load("BIG", &bytes, "big.csv", None);
    rows.push(("BIG ingested (Series)".into(), stage()));
    prices.push((big, None));

    let settings = RadarSettings::default();
    let role = |r: Role| {
        prices
            .iter()
            .rev()
            .find(|(_, role)| *role == Some(r))
            .map(|(s, _)| s)
    };
    let inputs = RadarInputs {
        small: role(Role::Small),
        large: role(Role::Large),
        growth: role(Role::Growth),
        macros: macros.iter().collect(),
        small_flows: None,
        large_flows: None,
        lags: Default::default(),
        fomc: None,
    };
    let radar = compute(&inputs, &settings.for_radar(), None);
    rows.push(("radar (roles: the samples)".into(), stage()));

    let index = |r: Role| prices.iter().rposition(|(_, role)| *role == Some(r));
    let dash_inputs = DashboardInputs {
        prices: prices.iter().map(|(s, _)| s).collect(),
        small: index(Role::Small).map(|i| &prices[i].0),
        large: index(Role::Large).map(|i| &prices[i].0),
        growth: index(Role::Growth).map(|i| &prices[i].0),
        macros: macros.iter().collect(),
        lags: Default::default(),
        fomc: None,
        as_of: None,
    };
    // As the page builds it with no series picked in the price panel:
    // studies for the default (small-cap) series only.
    let mut build =
        DashboardBuild::new(&dash_inputs, &settings, &radar).with_studies_only_for_shown(None);
    while build.step() {}
    let dashboard: Dashboard = build.finish();
    let (live, peak) = stage();
    rows.push((
        format!("dashboard ({} sessions)", dashboard.dates.len()),
        (live, peak),
    ));

    // What the dashboard holds, column by column (16 bytes a session for
    // an `Option<f64>`).
    let bytes_of = |c: &[Option<f64>]| std::mem::size_of_val(c) as f64 / MB;
    // A calendar column holds only its series' span.
    let stored = |c: &CalendarColumn| bytes_of(c.stored());
    let opt = |c: &Option<CalendarColumn>| c.as_ref().map_or(0.0, stored);
    for p in &dashboard.prices {
        let own = [
            &p.close,
            &p.sma_fast,
            &p.sma_slow,
            &p.rsi,
            &p.macd,
            &p.macd_signal,
            &p.macd_hist,
            &p.bb_upper,
            &p.bb_middle,
            &p.bb_lower,
        ]
        .iter()
        .map(|c| stored(c))
        .sum::<f64>();
        let ohlcv = [&p.atr, &p.open, &p.high, &p.low, &p.volume, &p.volume_sma]
            .iter()
            .map(|c| opt(c))
            .sum::<f64>();
        rows.push((
            format!(
                "  of which {} price columns (close, SMAs, RSI, MACD, BB; ATR, OHLC, volume)",
                p.id
            ),
            (own + ohlcv, f64::NAN),
        ));
    }
    let macros: f64 = dashboard
        .macros
        .iter()
        .map(|m| stored(&m.known) + m.derived.as_ref().map_or(0.0, |d| stored(&d.values)))
        .sum();
    rows.push((
        "  of which macro columns as known".into(),
        (macros, f64::NAN),
    ));
    if let Some(r) = &dashboard.ratio {
        let streak = stored(&r.streak);
        rows.push((
            "  of which ratio, its MA and streak".into(),
            (stored(&r.ratio) + stored(&r.ratio_ma) + streak, f64::NAN),
        ));
    }

    println!("| stage | live after (MB) | peak during (MB) |");
    println!("|---|---:|---:|");
    for (what, (live, peak)) in &rows {
        if peak.is_nan() {
            println!("| {what} | {live:.0} | |");
        } else {
            println!("| {what} | {live:.0} | {peak:.0} |");
        }
    }
    std::hint::black_box((&bytes, &radar, &dashboard));
}
