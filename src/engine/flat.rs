//! A parsed series as flat columns, for crossing between threads.
//!
//! The page parses files in a Web Worker (`ui::worker`); what crosses back
//! to the page is transferred, not serialised: dates as day numbers
//! (`i32`), each value column as `f64`s plus, only when the column has
//! gaps, one presence byte per row. Those map one to one onto JS typed
//! arrays (`Int32Array`, `Float64Array`, `Uint8Array`), whose buffers move
//! between threads without a copy. Everything a load reports besides the
//! series (warnings, the dialect summary, the columns) is short text.
//!
//! Invariant: [`FlatSeries::into_series`] of [`FlatSeries::from_series`]
//! is the same series, and any other input (a truncated column, an unknown
//! kind, a day out of range) is an error, never a panic (`tests/flat.rs`).

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

use super::ingest::Ingested;
use super::series::{Column, Frequency, Series, SeriesId, SeriesKind};

/// One value column: its values (`0.0` where missing) and, when some are
/// missing, a presence byte per row (`1` present, `0` missing).
#[derive(Debug, Clone, PartialEq)]
pub struct FlatColumn {
    pub values: Vec<f64>,
    pub present: Option<Vec<u8>>,
}

impl FlatColumn {
    pub fn from_column(column: &[Option<f64>]) -> Self {
        let values = column.iter().map(|v| v.unwrap_or(0.0)).collect();
        let present = column
            .iter()
            .any(Option::is_none)
            .then(|| column.iter().map(|v| u8::from(v.is_some())).collect());
        FlatColumn { values, present }
    }

    fn into_column(self, rows: usize, name: &'static str) -> Result<Column, FlatError> {
        if self.values.len() != rows {
            return Err(FlatError::Length {
                column: name,
                found: self.values.len(),
                rows,
            });
        }
        Ok(match self.present {
            None => self.values.into_iter().map(Some).collect(),
            Some(present) if present.len() == rows => self
                .values
                .into_iter()
                .zip(present)
                .map(|(v, p)| (p != 0).then_some(v))
                .collect(),
            Some(present) => {
                return Err(FlatError::Length {
                    column: name,
                    found: present.len(),
                    rows,
                })
            }
        })
    }
}

/// A [`Series`] as flat columns (see the module's docs).
#[derive(Debug, Clone, PartialEq)]
pub struct FlatSeries {
    pub id: String,
    pub name: String,
    /// Index into [`SeriesKind::ALL`].
    pub kind: u8,
    /// Index into [`FREQUENCIES`].
    pub frequency: u8,
    /// Days from the Common Era's first day (`NaiveDate::num_days_from_ce`).
    pub days: Vec<i32>,
    pub close: FlatColumn,
    pub open: Option<FlatColumn>,
    pub high: Option<FlatColumn>,
    pub low: Option<FlatColumn>,
    pub volume: Option<FlatColumn>,
    pub raw_close: Option<FlatColumn>,
}

/// Every frequency, in the order [`FlatSeries::frequency`] indexes.
pub const FREQUENCIES: [Frequency; 5] = [
    Frequency::Daily,
    Frequency::Weekly,
    Frequency::Monthly,
    Frequency::Quarterly,
    Frequency::Irregular,
];

/// Why flat columns are not a series.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FlatError {
    #[error("column {column} has {found} values for {rows} dates")]
    Length {
        column: &'static str,
        found: usize,
        rows: usize,
    },
    #[error("unknown series kind {0}")]
    Kind(u8),
    #[error("unknown frequency {0}")]
    Frequency(u8),
    #[error("day number {0} is not a date")]
    Day(i32),
}

impl FlatSeries {
    pub fn from_series(series: &Series) -> Self {
        let flat = |c: &Option<Column>| c.as_deref().map(FlatColumn::from_column);
        FlatSeries {
            id: series.id.as_str().to_string(),
            name: series.name.clone(),
            kind: SeriesKind::ALL
                .iter()
                .position(|k| *k == series.kind)
                .unwrap_or(0) as u8,
            frequency: FREQUENCIES
                .iter()
                .position(|f| *f == series.frequency)
                .unwrap_or(FREQUENCIES.len() - 1) as u8,
            days: series.dates.iter().map(|d| d.num_days_from_ce()).collect(),
            close: FlatColumn::from_column(&series.close),
            open: flat(&series.open),
            high: flat(&series.high),
            low: flat(&series.low),
            volume: flat(&series.volume),
            raw_close: flat(&series.raw_close),
        }
    }

    /// The series back; an error names what does not fit.
    pub fn into_series(self) -> Result<Series, FlatError> {
        let rows = self.days.len();
        let kind = *SeriesKind::ALL
            .get(usize::from(self.kind))
            .ok_or(FlatError::Kind(self.kind))?;
        let frequency = *FREQUENCIES
            .get(usize::from(self.frequency))
            .ok_or(FlatError::Frequency(self.frequency))?;
        let dates = self
            .days
            .iter()
            .map(|&d| NaiveDate::from_num_days_from_ce_opt(d).ok_or(FlatError::Day(d)))
            .collect::<Result<Vec<_>, _>>()?;
        let optional =
            |c: Option<FlatColumn>, name| c.map(|c| c.into_column(rows, name)).transpose();
        Ok(Series {
            id: SeriesId::sanitized(&self.id),
            name: self.name,
            kind,
            frequency,
            dates,
            close: self.close.into_column(rows, "close")?,
            open: optional(self.open, "open")?,
            high: optional(self.high, "high")?,
            low: optional(self.low, "low")?,
            volume: optional(self.volume, "volume")?,
            raw_close: optional(self.raw_close, "raw close")?,
        })
    }
}

/// What a successful parse reports besides its series, as the page shows
/// it: each warning's sentence, the dialect summary, the file's columns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParseReport {
    pub warnings: Vec<String>,
    pub summary: String,
    pub columns: Vec<String>,
    pub date_column: String,
    pub value_column: String,
}

impl ParseReport {
    pub fn of(ingested: &Ingested) -> Self {
        ParseReport {
            warnings: ingested.warnings.iter().map(|w| w.to_string()).collect(),
            summary: ingested.report.summary(),
            columns: ingested.report.columns.clone(),
            date_column: ingested.report.date_column.clone(),
            value_column: ingested.report.value_column.clone(),
        }
    }
}
