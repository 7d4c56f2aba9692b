//! CSV ingest: bytes of any supported dialect → a validated `Series`, warnings, or a located error.
//!
//! Invariant: the result is all or nothing. Either a `Series` whose dates
//! strictly increase (with every repair reported as an [`IngestWarning`]),
//! or an [`IngestError`] naming the line and column to fix; never a panic,
//! whatever the bytes. [`ingest`] and [`IncrementalIngest`] share one code
//! path: `ingest` is a loop over [`IncrementalIngest::step`].
//!
//! Pipeline: `dialect` (encoding, not-CSV checks, delimiter and header from
//! a 64 KB sample) → `columns` (date column, close column, OHLCV) and
//! `kind` (id, kind) → `rows` (the chunked csv read, then D/M decision,
//! sort, de-duplication, frequency).
//!
//! ```
//! use regime_radar::engine::ingest::{ingest, IngestOptions};
//! use regime_radar::engine::series::SeriesKind;
//!
//! let csv = b"observation_date,ICSA\n2024-01-06,203000\n2024-01-13,189000\n2024-01-20,.\n";
//! let loaded = ingest(csv, "ICSA.csv", &IngestOptions::default())?;
//! assert_eq!(loaded.series.id.as_str(), "ICSA");
//! assert_eq!(loaded.series.kind, SeriesKind::JoblessClaims);
//! assert_eq!(loaded.series.close, vec![Some(203000.0), Some(189000.0), None]);
//! assert_eq!(loaded.warnings.len(), 1); // the '.' is reported as a gap
//! # Ok::<(), regime_radar::engine::ingest::IngestError>(())
//! ```

mod columns;
mod dates;
mod dialect;
mod error;
mod kind;
mod rows;

use std::fmt;

use crate::engine::series::{Frequency, SeriesId, SeriesKind};

pub use dates::{DateFormat, OrderDecision};
pub use error::{IngestError, IngestWarning, LineSample};
pub use kind::{file_stem, infer_frequency, kind_for_code, KindSource, UNNAMED};

use crate::engine::series::Series;

/// What the user may force instead of auto-detection. `Default` = detect all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestOptions {
    /// Series id/name (else: ticker line, FRED code in the header, file name).
    pub name: Option<String>,
    /// Header of the column to use as "close" (case-insensitive).
    pub value_column: Option<String>,
    /// What the series measures (else inferred from codes and columns).
    pub kind: Option<SeriesKind>,
    /// Day/month order for numeric dates like `03/04/2024` (else decided from the column).
    pub date_order: Option<DateOrder>,
}

/// Order of day and month in numeric dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// `M/D/YYYY` (US).
    MonthFirst,
    /// `D/M/YYYY` or `D.M.YYYY` (most of Europe).
    DayFirst,
}

/// A successfully loaded series, what was repaired, and how the file was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// The series: dates strictly increasing, gaps as `None`.
    pub series: Series,
    /// What was repaired or noticed, in the order it happened.
    pub warnings: Vec<IngestWarning>,
    /// How the file was read.
    pub report: DialectReport,
}

/// How a file was understood: shown to the user as an info message.
#[derive(Debug, Clone, PartialEq)]
pub struct DialectReport {
    /// `,` `;` or tab.
    pub delimiter: char,
    /// The file began with a UTF-8 byte-order mark (stripped).
    pub had_bom: bool,
    /// The file was not UTF-8 and was read as Windows-1252.
    pub decoded_from_windows_1252: bool,
    /// False for header-less `date,value` lists.
    pub has_header: bool,
    /// Title lines above the header plus extra header lines below it (yfinance `Ticker`/`Date`).
    pub header_lines_skipped: usize,
    /// Every column name, in file order.
    pub columns: Vec<String>,
    /// The column read as dates (`""` for pandas' unnamed index).
    pub date_column: String,
    /// The format every date cell was read with.
    pub date_format: DateFormat,
    /// For numeric D/M dates: which order, and why.
    pub date_order: Option<OrderDecision>,
    /// The column used as `close`.
    pub value_column: String,
    /// `Adj Close` was used as `close`, and raw `Close` kept in `raw_close`.
    pub adjusted_close_preferred: bool,
    /// The column kept in `raw_close`, when `close` is adjusted.
    pub raw_close_column: Option<String>,
    /// Numbers were written `1.234,5`.
    pub decimal_comma: bool,
    /// Data rows read (before duplicates were removed).
    pub rows_read: usize,
    /// Rows in the series.
    pub rows_kept: usize,
    /// What the series measures.
    pub kind: SeriesKind,
    /// Why it was given that kind.
    pub kind_source: KindSource,
    /// Inferred from the median spacing of the dates.
    pub frequency: Frequency,
    /// Rows whose value was written with a `%` sign (non-price series
    /// only: `5%` is read as 5, in percent units).
    pub percent_values: usize,
}

fn frequency_label(f: Frequency) -> &'static str {
    match f {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::Irregular => "irregular",
    }
}

impl DialectReport {
    /// One line for an info message, e.g. `comma-separated, 7 columns,
    /// dates in "Date" as YYYY-MM-DD, values from "Adj Close" (preferred over
    /// "Close"), 5031 rows, price, daily`.
    pub fn summary(&self) -> String {
        let delimiter = match self.delimiter {
            ',' => "comma-separated".to_string(),
            ';' => "semicolon-separated".to_string(),
            '\t' => "tab-separated".to_string(),
            other => format!("'{other}'-separated"),
        };
        let mut parts = vec![delimiter, format!("{} columns", self.columns.len())];
        if self.had_bom {
            parts.push("UTF-8 BOM".to_string());
        }
        if self.decoded_from_windows_1252 {
            parts.push("read as Windows-1252".to_string());
        }
        if !self.has_header {
            parts.push("no header".to_string());
        }
        if self.header_lines_skipped > 0 {
            parts.push(format!(
                "{} extra header line(s) skipped",
                self.header_lines_skipped
            ));
        }
        // pandas' `to_csv` leaves the index column unnamed (`,GDPNOW`).
        let column = if self.date_column.is_empty() {
            "the unnamed first column".to_string()
        } else {
            format!("\"{}\"", self.date_column)
        };
        let mut dates = format!("dates in {column} as {}", self.date_format);
        if let Some(decision) = &self.date_order {
            dates.push_str(&format!(" ({decision})"));
        }
        parts.push(dates);
        let mut values = format!("values from \"{}\"", self.value_column);
        if let (true, Some(raw)) = (self.adjusted_close_preferred, &self.raw_close_column) {
            values.push_str(&format!(" (adjusted close preferred over \"{raw}\")"));
        }
        parts.push(values);
        if self.decimal_comma {
            parts.push("decimal comma".to_string());
        }
        if self.percent_values > 0 {
            parts.push(format!(
                "values written with % read in percent units (5% = 5, as FRED does) on {} rows",
                self.percent_values
            ));
        }
        parts.push(format!("{} rows", self.rows_read));
        parts.push(self.kind.label().to_string());
        parts.push(frequency_label(self.frequency).to_string());
        parts.join(", ")
    }
}

impl fmt::Display for DialectReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

/// Outcome of one [`IncrementalIngest::step`].
// `Finished` is large, but it is returned once per chunk and moved straight
// out; boxing it would only complicate the callers' `match`.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum IngestStep {
    /// More to do; `done_bytes` of `total_bytes` read so far.
    Progress {
        /// Bytes consumed so far (header included).
        done_bytes: usize,
        /// Size of the text being read: the input's size for UTF-8, the
        /// decoded (longer) text for a Windows-1252 file.
        total_bytes: usize,
    },
    /// All rows read (or an error stopped the read).
    Finished(Result<Ingested, IngestError>),
}

enum State {
    NotStarted {
        bytes: Vec<u8>,
        source_name: String,
        options: IngestOptions,
    },
    Reading(Box<rows::RowReader>),
    Done,
}

/// Chunked parsing, so a page can show progress and stay responsive on
/// 1,000,000 rows: call [`step`](Self::step) until it returns `Finished`.
pub struct IncrementalIngest {
    state: State,
}

impl IncrementalIngest {
    /// Takes the bytes; no work happens until the first `step`.
    pub fn new(bytes: Vec<u8>, source_name: &str, options: IngestOptions) -> Self {
        IncrementalIngest {
            state: State::NotStarted {
                bytes,
                source_name: source_name.to_string(),
                options,
            },
        }
    }

    /// Parses up to `max_records` more rows (at least one). The first call
    /// also sniffs the dialect. After `Finished`, further calls return
    /// `Finished(Err(IngestError::AlreadyFinished))`.
    pub fn step(&mut self, max_records: usize) -> IngestStep {
        let state = std::mem::replace(&mut self.state, State::Done);
        let mut reader = match state {
            State::NotStarted {
                bytes,
                source_name,
                options,
            } => match start(bytes, &source_name, &options) {
                Ok(reader) => Box::new(reader),
                Err(e) => return IngestStep::Finished(Err(e)),
            },
            State::Reading(reader) => reader,
            State::Done => return IngestStep::Finished(Err(IngestError::AlreadyFinished)),
        };
        match reader.read_chunk(max_records) {
            Ok(true) => IngestStep::Finished(reader.finish()),
            Ok(false) => {
                let progress = IngestStep::Progress {
                    done_bytes: reader.done_bytes(),
                    total_bytes: reader.total_bytes(),
                };
                self.state = State::Reading(reader);
                progress
            }
            Err(e) => IngestStep::Finished(Err(e)),
        }
    }
}

/// Rows per step when [`ingest`] drives [`IncrementalIngest`].
const ROWS_PER_STEP: usize = 1 << 16;

/// Reads a whole CSV at once (the same code path as [`IncrementalIngest`]).
pub fn ingest(
    bytes: &[u8],
    source_name: &str,
    options: &IngestOptions,
) -> Result<Ingested, IngestError> {
    let mut job = IncrementalIngest::new(bytes.to_vec(), source_name, options.clone());
    loop {
        if let IngestStep::Finished(result) = job.step(ROWS_PER_STEP) {
            return result;
        }
    }
}

/// Sniffs the dialect and plans the columns; the rows come later.
fn start(
    bytes: Vec<u8>,
    source_name: &str,
    options: &IngestOptions,
) -> Result<rows::RowReader, IngestError> {
    let decoded = dialect::decode(bytes)?;
    let layout = dialect::sniff(&decoded.text[decoded.start..])?;
    columns::check_duplicates(&layout.columns)?;
    if layout.rows.is_empty() {
        return Err(IngestError::NoDataRows {
            header: columns::list(&layout.columns),
        });
    }
    let (date_col, shape) = columns::find_date_column(&layout)?;
    let values = columns::map_values(&layout.columns, date_col, options.value_column.as_deref())?;
    let stem = kind::file_stem(source_name);
    let code = layout
        .columns
        .get(values.close)
        .and_then(|h| kind::header_code(h));
    let user_name = options
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let name = user_name
        .map(str::to_string)
        .or_else(|| layout.ticker.clone())
        .or_else(|| code.clone())
        .or_else(|| (!stem.is_empty()).then(|| stem.clone()))
        .unwrap_or_else(|| kind::UNNAMED.to_string());
    let looks_like_price = values.has_ohlc()
        || matches!(
            values.close_role,
            columns::Role::Close | columns::Role::AdjClose
        );
    let (kind, kind_source) = match options.kind {
        Some(kind) => (kind, KindSource::UserChoice),
        None => {
            let codes: Vec<&str> = [user_name, code.as_deref(), layout.ticker.as_deref()]
                .into_iter()
                .flatten()
                .chain(std::iter::once(stem.as_str()).filter(|s| !s.is_empty()))
                .collect();
            kind::infer_kind(&codes, looks_like_price)
        }
    };
    let plan = rows::Plan {
        date_col,
        shape,
        values,
        id: SeriesId::sanitized(&name),
        name,
        kind,
        kind_source,
        forced_order: options.date_order,
        had_bom: decoded.had_bom,
        windows_1252: decoded.windows_1252,
        layout,
    };
    rows::RowReader::new(decoded, plan)
}
