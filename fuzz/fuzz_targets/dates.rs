//! `dates`: arbitrary date cells in every date format the loader reads.
//!
//! The date functions (src/engine/ingest/dates.rs: `classify`, `read`,
//! `decide_order`) are crate-private, so this target reaches them the way
//! a file does: through a small `Date,Close` CSV built from the input.
//! `classify` decides a column's format from its first date cell and
//! `read` reads every later cell with that format, so:
//!
//! - byte 0 picks a *mode*: one of `REFERENCE` (fuzz/src/lib.rs: a cell of
//!   each supported format, see docs/formats.md), which goes first and
//!   fixes the column's format, so the fuzzed cells go through `read` with
//!   that format; or the last mode, where the first fuzzed cell itself is
//!   classified;
//!   byte 0 also picks `IngestOptions::date_order` (none / M-D / D-M), so
//!   `decide_order` runs with and without a forced order;
//! - the rest, split on `\n`, gives up to three fuzzed cells (each CSV-quoted,
//!   so any byte but `\n` arrives in the cell).
//!
//! Must never panic; an `Ok` series has strictly increasing dates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regime_radar::engine::ingest::{ingest, DateOrder, IngestOptions};
use regime_radar_fuzz::{push_quoted, REFERENCE};

const MODES: usize = REFERENCE.len() + 1;

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
