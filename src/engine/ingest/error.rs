//! What can go wrong (errors) or be repaired (warnings) while reading a CSV.
//!
//! Invariant: every message is a full sentence a non-programmer can act on,
//! ends with a period, and names the line (1-based, as a text editor counts
//! them) and the column wherever one row is to blame.

use std::fmt;

use thiserror::Error;

/// Why a file could not be loaded. Nothing is partially loaded on error.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum IngestError {
    /// Zero bytes, or only spaces and blank lines.
    #[error("The input is empty: there is nothing to read.")]
    Empty,

    /// A header was found but no data row follows it.
    #[error("Only a header was found ({header}); there are no data rows below it.")]
    NoDataRows { header: String },

    /// Control bytes or a known binary signature: not a text file.
    #[error("This is not a text CSV file ({what}); save or export it as CSV and try again.")]
    Binary { what: String },

    /// Text in an encoding other than UTF-8 / Windows-1252 that we refuse to guess.
    #[error(
        "The file is encoded as {encoding}, not UTF-8; re-save it as \"CSV UTF-8\" and try again."
    )]
    NotUtf8 { encoding: String },

    /// A web page instead of data (quote sites return these with status 200).
    #[error("This is an HTML web page, not a CSV file{title}; the site probably showed a page instead of the data (check the address, or download the file and upload it).")]
    HtmlPage {
        /// ` (title: "...")` or empty.
        title: String,
    },

    /// A JSON document, typically an API error body.
    #[error("This is a JSON response, not a CSV file: \"{excerpt}\".")]
    JsonBody { excerpt: String },

    /// The server said the client is asking too often.
    #[error("The server refused because of too many requests (rate limit): \"{excerpt}\". Wait a minute and try again, or download the file and upload it.")]
    RateLimited { excerpt: String },

    /// The first line is enormous: not a CSV header.
    #[error("Line {line} is longer than {limit_kb} KB without a line break; this does not look like a CSV file.")]
    LineTooLong { line: u64, limit_kb: usize },

    /// Every line is a single field: the delimiter is not `,` `;` or tab.
    #[error("Could not find the column separator: every line is a single field (first line: \"{first_line}\"). Use a comma, semicolon or tab between columns.")]
    NoDelimiter { first_line: String },

    /// Two columns share a name, so "which one is Close?" has no answer.
    #[error("The header names the column \"{name}\" twice (columns {first} and {second}); rename one of them.")]
    DuplicateHeader {
        name: String,
        first: usize,
        second: usize,
    },

    /// No column holds dates.
    #[error("No date column was found among the columns {columns}; the first column should hold dates such as 2024-01-31.")]
    NoDateColumn { columns: String },

    /// Only dates, nothing to plot.
    #[error("No value column was found: the file has only the date column \"{date_column}\".")]
    NoValueColumn { date_column: String },

    /// `IngestOptions::value_column` names a column the file lacks.
    #[error("There is no column named \"{requested}\"; the columns are {available}.")]
    UnknownValueColumn {
        requested: String,
        available: String,
    },

    /// A date cell that no supported format reads.
    #[error("Line {line}, column \"{column}\": \"{value}\" is not a date this app can read (expected e.g. {expected}).")]
    UnparseableDate {
        line: u64,
        column: String,
        value: String,
        expected: String,
    },

    /// The date column switches format part-way, or D/M and M/D rows conflict.
    #[error("Mixed date formats in column \"{column}\": line {line} has \"{value}\" but the column uses {expected}.")]
    MixedDateFormats {
        line: u64,
        column: String,
        value: String,
        expected: String,
    },

    /// Text where a number belongs.
    #[error("Line {line}, column \"{column}\": \"{value}\" is not a number.")]
    NonNumericValue {
        line: u64,
        column: String,
        value: String,
    },

    /// NaN, infinity, or a magnitude no real series has (|x| > 1e15).
    #[error("Line {line}, column \"{column}\": \"{value}\" is not a usable number (infinite, NaN or absurdly large).")]
    NonFiniteValue {
        line: u64,
        column: String,
        value: String,
    },

    /// Zero or negative value in a price series.
    #[error("Line {line}, column \"{column}\": price {value} is not positive; prices must be greater than zero.")]
    NonPositivePrice {
        line: u64,
        column: String,
        value: String,
    },

    /// A percent sign in a price series: a price is not a percentage.
    #[error("Line {line}, column \"{column}\": \"{value}\" is a percentage, but this is a price series and a price is not a percentage; remove the % signs, or set the series kind to a macro kind if the values are rates.")]
    PercentInPrice {
        line: u64,
        column: String,
        value: String,
    },

    /// The value column holds no number at all (every cell blank or `.`).
    #[error("The value column \"{column}\" has no values: all {rows} rows are blank or '.'; there is nothing to load (choose another value column, or check the export).")]
    NoValues { column: String, rows: usize },

    /// The value column holds a number on one row only: no series to speak of.
    #[error("The value column \"{column}\" has a number on only {count} of {rows} rows (line {line}); at least {minimum} values are needed for a series.")]
    TooFewValues {
        column: String,
        count: usize,
        rows: usize,
        line: u64,
        minimum: usize,
    },

    /// A row with fewer fields than the header (often a truncated download).
    #[error("Line {line} has {found} field(s) but the header has {expected}; the file may be cut off or use a different separator on that line.")]
    RaggedRow {
        line: u64,
        expected: usize,
        found: usize,
    },

    /// A row with a value but no date.
    #[error("Line {line} has no date in column \"{column}\".")]
    MissingDate { line: u64, column: String },

    /// Fewer data rows than a series needs.
    #[error("Only {rows} data row(s) were found; at least {minimum} are needed for a series.")]
    TooFewRows { rows: usize, minimum: usize },

    /// The CSV reader itself failed (should not happen with in-memory input).
    #[error("Line {line}: the CSV could not be read ({message}).")]
    Csv { line: u64, message: String },

    /// `IncrementalIngest::step` was called again after it finished.
    #[error("This ingest job already finished; start a new one to read the file again.")]
    AlreadyFinished,
}

/// Lines (1-based) where something happened: the count and the first few.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineSample {
    /// How many rows were affected.
    pub count: usize,
    /// The first (at most [`LineSample::KEEP`]) line numbers, ascending in file order.
    pub first_lines: Vec<u64>,
}

impl LineSample {
    /// How many line numbers are kept for messages.
    pub const KEEP: usize = 5;

    pub(crate) fn push(&mut self, line: u64) {
        self.count += 1;
        if self.first_lines.len() < Self::KEEP {
            self.first_lines.push(line);
        }
    }

    /// No row was affected.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

impl fmt::Display for LineSample {
    /// `line 7`, `lines 7, 9, 12`, `lines 7, 9, 12, 15, 20 and 3 more`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let listed: Vec<String> = self.first_lines.iter().map(u64::to_string).collect();
        let word = if self.count == 1 { "line" } else { "lines" };
        write!(f, "{word} {}", listed.join(", "))?;
        let rest = self.count.saturating_sub(self.first_lines.len());
        if rest > 0 {
            write!(f, " and {rest} more")?;
        }
        Ok(())
    }
}

/// Something the ingest repaired or noticed; the series still loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum IngestWarning {
    /// Rows were not in ascending date order and were sorted.
    Sorted {
        /// True when the whole file was newest-first.
        descending: bool,
        /// Rows whose date is earlier than the row above them.
        out_of_order: LineSample,
    },
    /// Identical rows for the same date; one copy kept.
    ExactDuplicatesRemoved { removed: LineSample },
    /// Different values for the same date; the last one in the file kept.
    ConflictingDuplicates { dropped: LineSample },
    /// Missing cells (`.`, blank, `null`, `N/A`) kept as gaps; columns with
    /// gaps on the same rows are reported together.
    MissingValues {
        columns: Vec<String>,
        rows: LineSample,
    },
    /// Rows with neither date nor values (e.g. `,,,,`), ignored.
    RowsSkipped { rows: LineSample, reason: String },
    /// The file was not UTF-8 and was read as Windows-1252 (Excel's default).
    DecodedAsWindows1252,
    /// D/M versus M/D could not be told from the values; how it was chosen.
    AmbiguousDateOrder { chosen: String, how: String },
}

impl fmt::Display for IngestWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestWarning::Sorted {
                descending: true,
                out_of_order,
            } => write!(
                f,
                "Rows were newest-first ({} rows); they were sorted oldest-first.",
                out_of_order.count + 1
            ),
            IngestWarning::Sorted {
                descending: false,
                out_of_order,
            } => write!(
                f,
                "{} row(s) were out of date order ({out_of_order}); all rows were sorted by date.",
                out_of_order.count
            ),
            IngestWarning::ExactDuplicatesRemoved { removed } => write!(
                f,
                "{} exact duplicate row(s) removed ({removed}).",
                removed.count
            ),
            IngestWarning::ConflictingDuplicates { dropped } => write!(
                f,
                "{} row(s) repeat a date with different values ({dropped}); the last row for each date was kept.",
                dropped.count
            ),
            IngestWarning::MissingValues { columns, rows } => {
                let names: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
                let word = if columns.len() == 1 { "column" } else { "columns" };
                write!(
                    f,
                    "{} row(s) with missing values in {word} {} ({rows}) are kept as gaps.",
                    rows.count,
                    names.join(", ")
                )
            }
            IngestWarning::RowsSkipped { rows, reason } => {
                write!(f, "{} row(s) skipped ({rows}): {reason}.", rows.count)
            }
            IngestWarning::DecodedAsWindows1252 => f.write_str(
                "The file is not UTF-8; it was read as Windows-1252 (Excel's default). Check any accented names.",
            ),
            IngestWarning::AmbiguousDateOrder { how, .. } => write!(f, "Dates read as {how}."),
        }
    }
}
