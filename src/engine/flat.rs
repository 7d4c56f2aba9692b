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

    /// The column for `rows` dates; `name` names it in an error.
    pub fn into_column(self, rows: usize, name: &'static str) -> Result<Column, FlatError> {
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
    #[error("no close column")]
    NoClose,
}

impl FlatSeries {
    /// Takes the series apart: each column is freed once flattened, so
    /// the two forms of a large series are never whole at once.
    pub fn from_series(series: Series) -> Self {
        let Series {
            id,
            name,
            kind,
            frequency,
            dates,
            close,
            open,
            high,
            low,
            volume,
            raw_close,
        } = series;
        let days = dates.iter().map(|d| d.num_days_from_ce()).collect();
        drop(dates);
        let flat = |c: Option<Column>| c.map(|c| FlatColumn::from_column(&c));
        FlatSeries {
            id: id.as_str().to_string(),
            name,
            kind: SeriesKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u8,
            frequency: FREQUENCIES
                .iter()
                .position(|f| *f == frequency)
                .unwrap_or(FREQUENCIES.len() - 1) as u8,
            days,
            close: FlatColumn::from_column(&close),
            open: flat(open),
            high: flat(high),
            low: flat(low),
            volume: flat(volume),
            raw_close: flat(raw_close),
        }
    }

    /// The series back; an error names what does not fit.
    pub fn into_series(self) -> Result<Series, FlatError> {
        let mut assembly =
            SeriesAssembly::new(&self.id, self.name, self.kind, self.frequency, &self.days)?;
        let columns = [
            Some(self.close),
            self.open,
            self.high,
            self.low,
            self.volume,
            self.raw_close,
        ];
        for (which, column) in ValueColumn::ALL.into_iter().zip(columns) {
            if let Some(column) = column {
                assembly.column(which, column)?;
            }
        }
        assembly.finish()
    }
}

/// A series' value columns, in the order they cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueColumn {
    Close,
    Open,
    High,
    Low,
    Volume,
    RawClose,
}

impl ValueColumn {
    pub const ALL: [ValueColumn; 6] = [
        ValueColumn::Close,
        ValueColumn::Open,
        ValueColumn::High,
        ValueColumn::Low,
        ValueColumn::Volume,
        ValueColumn::RawClose,
    ];

    /// Its name in messages and errors.
    pub fn key(self) -> &'static str {
        match self {
            ValueColumn::Close => "close",
            ValueColumn::Open => "open",
            ValueColumn::High => "high",
            ValueColumn::Low => "low",
            ValueColumn::Volume => "volume",
            ValueColumn::RawClose => "raw_close",
        }
    }
}

/// A series put together one column at a time, so a caller can pause
/// between the columns of a large one (the page yields to the browser).
#[derive(Debug)]
pub struct SeriesAssembly {
    series: Series,
    has_close: bool,
}

impl SeriesAssembly {
    /// The series' dates and identity; its columns follow.
    pub fn new(
        id: &str,
        name: String,
        kind: u8,
        frequency: u8,
        days: &[i32],
    ) -> Result<Self, FlatError> {
        let kind = *SeriesKind::ALL
            .get(usize::from(kind))
            .ok_or(FlatError::Kind(kind))?;
        let frequency = *FREQUENCIES
            .get(usize::from(frequency))
            .ok_or(FlatError::Frequency(frequency))?;
        let dates = days
            .iter()
            .map(|&d| NaiveDate::from_num_days_from_ce_opt(d).ok_or(FlatError::Day(d)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut series =
            Series::from_values(SeriesId::sanitized(id), kind, frequency, dates, Vec::new());
        series.name = name;
        Ok(SeriesAssembly {
            series,
            has_close: false,
        })
    }

    /// Adds one column (checked against the dates' count).
    pub fn column(&mut self, which: ValueColumn, column: FlatColumn) -> Result<(), FlatError> {
        let column = column.into_column(self.series.len(), which.key())?;
        let series = &mut self.series;
        match which {
            ValueColumn::Close => {
                series.close = column;
                self.has_close = true;
            }
            ValueColumn::Open => series.open = Some(column),
            ValueColumn::High => series.high = Some(column),
            ValueColumn::Low => series.low = Some(column),
            ValueColumn::Volume => series.volume = Some(column),
            ValueColumn::RawClose => series.raw_close = Some(column),
        }
        Ok(())
    }

    /// The series; an error when no close column came.
    pub fn finish(self) -> Result<Series, FlatError> {
        if self.has_close {
            Ok(self.series)
        } else {
            Err(FlatError::NoClose)
        }
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
