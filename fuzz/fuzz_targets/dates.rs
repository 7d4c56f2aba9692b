//! `dates`: arbitrary date cells in every date format the loader reads.
//!
//! The date functions (src/engine/ingest/dates.rs: `classify`, `read`,
//! `decide_order`) are crate-private, so this target reaches them the way
//! a file does: through a small `Date,Close` CSV built from the input.
//! `classify` decides a column's format from its first date cell and
//! `read` reads every later cell with that format, so:
//!
//! - byte 0 picks a *mode*: one of [`REFERENCE`] (a cell of each supported
//!   format, see docs/formats.md), which goes first and fixes the column's
//!   format, so the fuzzed cells go through `read` with that format; or
//!   the last mode, where the first fuzzed cell itself is classified;
//!   byte 0 also picks `IngestOptions::date_order` (none / M-D / D-M), so
//!   `decide_order` runs with and without a forced order;
//! - the rest, split on `\n`, gives up to three fuzzed cells (each CSV-quoted,
//!   so any byte but `\n` arrives in the cell).
//!
//! Must never panic; an `Ok` series has strictly increasing dates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regime_radar::engine::ingest::{ingest, DateOrder, IngestOptions};

/// One cell per supported format (each `DateShape`, numeric separators and
/// 2-digit years, every named-month pattern). Numeric ones read both ways,
/// so the fuzzed cells decide the day/month order.
pub const REFERENCE: [&str; 17] = [
    "2024-01-31",                // Iso
    "2023-12-19 00:00:00-05:00", // Iso with a time and zone
    "2024/01/31",                // IsoSlash
    "20240131",                  // Compact
    "1706659200",                // UnixSeconds
    "1706659200000",             // UnixMillis
    "03/04/2024",                // Numeric '/'
    "03/04/24",                  // Numeric '/', short year
    "03.04.2024",                // Numeric '.'
    "03.04.24",                  // Numeric '.', short year
    "03-04-2024",                // Numeric '-'
    "03-04-24",                  // Numeric '-', short year
    "31-Jan-2024",               // %d-%b-%Y
    "31 Jan 2024",               // %d %b %Y
    "Jan 31, 2024",              // %b %d, %Y
    "January 31, 2024",          // %B %d, %Y
    "2024-Jan-31",               // %Y-%b-%d
];

const MODES: usize = REFERENCE.len() + 1;

fn push_quoted(csv: &mut Vec<u8>, cell: &[u8]) {
    csv.push(b'"');
    for &b in cell {
        if b == b'"' {
            csv.push(b'"');
        }
        csv.push(b);
    }
    csv.push(b'"');
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mode = usize::from(selector) % MODES;
    let date_order = match usize::from(selector) / MODES % 3 {
        0 => None,
        1 => Some(DateOrder::MonthFirst),
        _ => Some(DateOrder::DayFirst),
    };
    let mut cells: Vec<&[u8]> = Vec::new();
    if let Some(reference) = REFERENCE.get(mode) {
        cells.push(reference.as_bytes());
    }
    cells.extend(rest.split(|b| *b == b'\n').take(3));

    let mut csv = b"Date,Close\n".to_vec();
    for (i, cell) in cells.iter().enumerate() {
        push_quoted(&mut csv, cell);
        csv.extend_from_slice(format!(",{}\n", i + 1).as_bytes());
    }
    let options = IngestOptions {
        date_order,
        ..IngestOptions::default()
    };
    match ingest(&csv, "fuzz.csv", &options) {
        Ok(loaded) => {
            let dates = &loaded.series.dates;
            assert!(dates.windows(2).all(|w| w[0] < w[1]), "dates increase");
            assert!(dates.len() <= cells.len(), "no row is invented");
            assert!(!loaded.report.date_format.to_string().is_empty());
            let _ = loaded.report.summary();
        }
        Err(e) => assert!(!e.to_string().is_empty(), "an error says what to fix"),
    }
});
