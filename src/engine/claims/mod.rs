//! The claim checker (issue 19): paste a commentary, get every numeric
//! claim read, computed with the engine as of its date, and judged.
//!
//! ```text
//! text ─ text::clean ─ tokens ─ dates (article date) ─ aliases (subjects)
//!      ─ patterns (the rule table) ─ extract (Claim) ─ check (ClaimRow)
//! ```
//!
//! Invariant: pure and total — any text gives rows, never a panic (a
//! property test feeds arbitrary strings); every number the extractor
//! reads gets a row, and a row that cannot be checked says why.
//! Parsing is a hand-written tokenizer plus a table of token patterns,
//! not a regex engine: docs/claims.md has the size measurement.

pub mod aliases;
pub mod check;
mod check_price;
pub mod dates;
pub mod extract;
pub mod patterns;
pub mod table;
pub mod text;
pub mod tokens;
pub mod verdict;

pub use aliases::{AliasTable, DEFAULT_ALIASES};
pub use extract::{extract, Claim, Extraction, Horizon, Measure};
pub use verdict::{ClaimRow, Verdict};

use crate::engine::series::Series;

/// Reads `text` (plain text, Markdown or HTML), takes the article's date
/// from `typed_date` when it parses (else the dateline), and checks every
/// claim against `series`.
pub fn check_commentary(
    text: &str,
    typed_date: Option<&str>,
    series: &[&Series],
    aliases: &AliasTable,
) -> (Extraction, Vec<ClaimRow>) {
    let extraction = extract(text, typed_date, aliases);
    let rows = check::check(&extraction, series, aliases);
    (extraction, rows)
}
