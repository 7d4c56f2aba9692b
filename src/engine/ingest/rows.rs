//! The row loop: reads data records in chunks with the csv crate, turns
//! each into a date and numbers, then (once all are read) decides D/M
//! order, sorts, removes duplicates and builds the `Series`.
//!
//! Invariant: rows are validated as they are read (the first bad row stops
//! the read with its line number); repairs (sorting, duplicates) happen
//! only at the end and are each reported as a warning.

use std::io::Cursor;

use chrono::NaiveDate;
use csv::{ByteRecord, Reader};

use crate::engine::series::{Column, Series, SeriesId, SeriesKind};

use super::columns::{self, NumberProblem, ValueColumns};
use super::dates::{self, CellDate, DateShape, OrderConflict, OrderEvidence};
use super::dialect::{self, Decoded, Layout};
use super::error::{IngestError, IngestWarning, LineSample};
use super::kind::{self, KindSource};
use super::{DateOrder, DialectReport, Ingested};

/// The fewest rows that make a series.
pub(crate) const MIN_ROWS: usize = 2;

/// Which `Series` field a value column fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Close,
    RawClose,
    Open,
    High,
    Low,
    Volume,
}

#[derive(Debug, Clone)]
struct Slot {
    field: Field,
    col: usize,
    name: String,
    must_be_positive: bool,
}

/// Everything decided before the first data row is read.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub layout: Layout,
    pub date_col: usize,
    pub shape: DateShape,
    pub values: ValueColumns,
    pub id: SeriesId,
    pub name: String,
    pub kind: SeriesKind,
    pub kind_source: KindSource,
    pub forced_order: Option<DateOrder>,
    pub had_bom: bool,
    pub windows_1252: bool,
}

/// Reads the data rows of one file, a chunk at a time.
pub(crate) struct RowReader {
    plan: Plan,
    reader: Reader<Cursor<Vec<u8>>>,
    record: ByteRecord,
    start: usize,
    total: usize,
    slots: Vec<Slot>,
    lines: Vec<u64>,
    dates: Vec<NaiveDate>,
    month_first: Vec<Option<NaiveDate>>,
    day_first: Vec<Option<NaiveDate>>,
    evidence: OrderEvidence,
    values: Vec<Column>,
    skipped: LineSample,
    with_time: bool,
    scratch: String,
    /// Rows of a non-price series whose value was written with `%`.
    percent_rows: LineSample,
}

fn cell_text(cell: &[u8]) -> String {
    let text = String::from_utf8_lossy(cell.trim_ascii());
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text.into_owned()
    }
}

impl RowReader {
    /// Prepares the full read; skips the header records found by the sniffer.
    pub(crate) fn new(decoded: Decoded, plan: Plan) -> Result<Self, IngestError> {
        let total = decoded.text.len();
        let start = decoded.start;
        let mut cursor = Cursor::new(decoded.text);
        cursor.set_position(start as u64);
        let mut reader = dialect::reader_builder(plan.layout.delimiter).from_reader(cursor);
        let mut record = ByteRecord::new();
        for _ in 0..plan.layout.records_before_data {
            if let Err(e) = reader.read_byte_record(&mut record) {
                return Err(IngestError::Csv {
                    line: e.position().map_or(1, |p| p.line()),
                    message: e.to_string(),
                });
            }
        }
        let columns = &plan.layout.columns;
        let price = plan.kind.is_price();
        let v = &plan.values;
        let slots = [
            (Field::Close, Some(v.close)),
            (Field::RawClose, v.raw_close),
            (Field::Open, v.open),
            (Field::High, v.high),
            (Field::Low, v.low),
            (Field::Volume, v.volume),
        ]
        .into_iter()
        .filter_map(|(field, col)| {
            col.map(|col| Slot {
                field,
                col,
                name: columns.get(col).cloned().unwrap_or_default(),
                must_be_positive: price && field != Field::Volume,
            })
        })
        .collect::<Vec<_>>();
        // Reserve for the rows the file probably has (+10 %), so 1,000,000
        // rows do not copy every column through repeated growth.
        let expected_rows = (total / plan.layout.bytes_per_row()).saturating_mul(11) / 10 + 16;
        let values = (0..slots.len())
            .map(|_| Vec::with_capacity(expected_rows))
            .collect();
        let dates_reserved = if matches!(plan.shape, DateShape::Numeric { .. }) {
            0 // numeric D/M dates are collected in `month_first`/`day_first`
        } else {
            expected_rows
        };
        Ok(RowReader {
            plan,
            reader,
            record,
            start,
            total,
            slots,
            lines: Vec::with_capacity(expected_rows),
            dates: Vec::with_capacity(dates_reserved),
            month_first: Vec::new(),
            day_first: Vec::new(),
            evidence: OrderEvidence::default(),
            values,
            skipped: LineSample::default(),
            with_time: false,
            scratch: String::new(),
            percent_rows: LineSample::default(),
        })
    }

    pub(crate) fn done_bytes(&self) -> usize {
        (self.start + self.reader.position().byte() as usize).min(self.total)
    }

    pub(crate) fn total_bytes(&self) -> usize {
        self.total
    }

    /// Reads up to `max_records` rows; `Ok(true)` when the input is exhausted.
    pub(crate) fn read_chunk(&mut self, max_records: usize) -> Result<bool, IngestError> {
        for _ in 0..max_records.max(1) {
            if !self.read_row()? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn read_row(&mut self) -> Result<bool, IngestError> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(e) => {
                return Err(IngestError::Csv {
                    line: e.position().map_or(0, |p| p.line()),
                    message: e.to_string(),
                })
            }
        }
        let record = &self.record;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            self.skipped.push(line);
            return Ok(true);
        }
        let expected = self.plan.layout.columns.len();
        let extra_filled = record
            .iter()
            .skip(expected)
            .any(|f| !f.trim_ascii().is_empty());
        if record.len() < expected || extra_filled {
            return Err(IngestError::RaggedRow {
                line,
                expected,
                found: record.len(),
            });
        }
        let date_cell = record.get(self.plan.date_col).unwrap_or_default();
        let date_column = || {
            self.plan
                .layout
                .columns
                .get(self.plan.date_col)
                .cloned()
                .unwrap_or_default()
        };
        if date_cell.trim_ascii().is_empty() {
            return Err(IngestError::MissingDate {
                line,
                column: date_column(),
            });
        }
        let shape = self.plan.shape;
        match dates::read(shape, date_cell) {
            Some(CellDate::Known(date)) => {
                if !self.with_time && shape == DateShape::Iso {
                    self.with_time = dates::has_time_suffix(date_cell);
                }
                self.dates.push(date);
            }
            Some(CellDate::Undecided {
                month_first,
                day_first,
            }) => {
                let witness = || Some((line, cell_text(date_cell)));
                match (month_first, day_first) {
                    (None, None) => {
                        return Err(IngestError::UnparseableDate {
                            line,
                            column: date_column(),
                            value: cell_text(date_cell),
                            expected: shape.describe(),
                        })
                    }
                    (Some(_), None) if self.evidence.month_only.is_none() => {
                        self.evidence.month_only = witness();
                    }
                    (None, Some(_)) if self.evidence.day_only.is_none() => {
                        self.evidence.day_only = witness();
                    }
                    _ => {}
                }
                self.month_first.push(month_first);
                self.day_first.push(day_first);
            }
            None => {
                let value = cell_text(date_cell);
                return Err(match dates::classify(date_cell) {
                    Some(_) => IngestError::MixedDateFormats {
                        line,
                        column: date_column(),
                        value,
                        expected: shape.describe(),
                    },
                    None => IngestError::UnparseableDate {
                        line,
                        column: date_column(),
                        value,
                        expected: shape.describe(),
                    },
                });
            }
        }
        for (slot, column) in self.slots.iter().zip(self.values.iter_mut()) {
            let cell = record.get(slot.col).unwrap_or_default();
            let parsed =
                columns::parse_number(cell, self.plan.layout.decimal_comma, &mut self.scratch);
            let value = match parsed {
                Ok(v) => v,
                Err(NumberProblem::NotNumeric) => {
                    return Err(IngestError::NonNumericValue {
                        line,
                        column: slot.name.clone(),
                        value: cell_text(cell),
                    })
                }
                Err(NumberProblem::NonFinite) => {
                    return Err(IngestError::NonFiniteValue {
                        line,
                        column: slot.name.clone(),
                        value: cell_text(cell),
                    })
                }
            };
            // `%` is dropped as decoration by the number reader; decide here
            // what it means. A price is not a percentage (refused); for a
            // macro or other series `5%` is 5 in percent units, FRED's
            // convention, and the load note says so.
            if value.is_some() && cell.contains(&b'%') {
                if self.plan.kind.is_price() {
                    return Err(IngestError::PercentInPrice {
                        line,
                        column: slot.name.clone(),
                        value: cell_text(cell),
                    });
                }
                if slot.field == Field::Close {
                    self.percent_rows.push(line);
                }
            }
            if slot.must_be_positive && value.is_some_and(|v| v <= 0.0) {
                return Err(IngestError::NonPositivePrice {
                    line,
                    column: slot.name.clone(),
                    value: cell_text(cell),
                });
            }
            column.push(value);
        }
        self.lines.push(line);
        Ok(true)
    }

    /// Decides D/M, sorts, de-duplicates and builds the result.
    pub(crate) fn finish(mut self) -> Result<Ingested, IngestError> {
        let rows_read = self.lines.len();
        if rows_read == 0 {
            return Err(IngestError::NoDataRows {
                header: columns::list(&self.plan.layout.columns),
            });
        }
        if rows_read < MIN_ROWS {
            return Err(IngestError::TooFewRows {
                rows: rows_read,
                minimum: MIN_ROWS,
            });
        }
        let mut warnings = Vec::new();
        if self.plan.windows_1252 {
            warnings.push(IngestWarning::DecodedAsWindows1252);
        }
        let date_column = self
            .plan
            .layout
            .columns
            .get(self.plan.date_col)
            .cloned()
            .unwrap_or_default();
        let mut order_decision = None;
        if matches!(self.plan.shape, DateShape::Numeric { .. }) {
            let decision = dates::decide_order(
                &self.month_first,
                &self.day_first,
                self.plan.forced_order,
                self.fallback_order(),
                &self.evidence,
            )
            .map_err(|conflict| match conflict {
                OrderConflict::Unreadable((line, value)) => IngestError::UnparseableDate {
                    line,
                    column: date_column.clone(),
                    value,
                    expected: format!(
                        "{} dates, the order you chose",
                        self.plan.forced_order.unwrap_or(DateOrder::MonthFirst)
                    ),
                },
                OrderConflict::Mixed {
                    month_only,
                    day_only,
                } => {
                    let (later, earlier, earlier_order) = if month_only.0 > day_only.0 {
                        (month_only, day_only, DateOrder::DayFirst)
                    } else {
                        (day_only, month_only, DateOrder::MonthFirst)
                    };
                    IngestError::MixedDateFormats {
                        line: later.0,
                        column: date_column.clone(),
                        value: later.1,
                        expected: format!(
                            "{earlier_order} (line {} has \"{}\")",
                            earlier.0, earlier.1
                        ),
                    }
                }
            })?;
            let readings = match decision.order() {
                DateOrder::MonthFirst => &self.month_first,
                DateOrder::DayFirst => &self.day_first,
            };
            let first_missing = readings.iter().position(Option::is_none);
            if let Some(index) = first_missing {
                return Err(IngestError::UnparseableDate {
                    line: self.lines.get(index).copied().unwrap_or(0),
                    column: date_column,
                    value: String::new(),
                    expected: decision.order().to_string(),
                });
            }
            self.dates = readings.iter().flatten().copied().collect();
            if matches!(
                decision,
                dates::OrderDecision::Default(_) | dates::OrderDecision::BySequence { .. }
            ) {
                warnings.push(IngestWarning::AmbiguousDateOrder {
                    chosen: decision.order().to_string(),
                    how: decision.to_string(),
                });
            }
            order_decision = Some(decision);
        }
        if !self.skipped.is_empty() {
            warnings.push(IngestWarning::RowsSkipped {
                rows: self.skipped.clone(),
                reason: "no date and no values".to_string(),
            });
        }
        self.sort(&mut warnings);
        self.deduplicate(&mut warnings);
        if self.dates.len() < MIN_ROWS {
            return Err(IngestError::TooFewRows {
                rows: self.dates.len(),
                minimum: MIN_ROWS,
            });
        }
        self.check_value_column()?;
        let mut gaps: Vec<(Vec<String>, LineSample)> = Vec::new();
        for (slot, column) in self.slots.iter().zip(&self.values) {
            let mut missing = LineSample::default();
            for (value, line) in column.iter().zip(&self.lines) {
                if value.is_none() {
                    missing.push(*line);
                }
            }
            if missing.is_empty() {
                continue;
            }
            match gaps.iter_mut().find(|(_, rows)| *rows == missing) {
                Some((names, _)) => names.push(slot.name.clone()),
                None => gaps.push((vec![slot.name.clone()], missing)),
            }
        }
        warnings.extend(
            gaps.into_iter()
                .map(|(columns, rows)| IngestWarning::MissingValues { columns, rows }),
        );
        Ok(self.build(warnings, rows_read, order_decision))
    }

    /// A value column with fewer than [`MIN_ROWS`] numbers loads nothing
    /// usable (every metric empty, nothing to draw), so it is an error that
    /// names the column, not a silent empty series. Mostly-empty columns
    /// still load, with the missing-values warning.
    fn check_value_column(&self) -> Result<(), IngestError> {
        let Some(close) = self
            .slots
            .iter()
            .position(|slot| slot.field == Field::Close)
        else {
            return Ok(());
        };
        let column = &self.values[close];
        let name = self.slots[close].name.clone();
        let defined: Vec<usize> = column
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|_| i))
            .take(MIN_ROWS)
            .collect();
        match defined.as_slice() {
            [] => Err(IngestError::NoValues {
                column: name,
                rows: column.len(),
            }),
            [only] if MIN_ROWS > 1 => Err(IngestError::TooFewValues {
                column: name,
                count: 1,
                rows: column.len(),
                line: self.lines.get(*only).copied().unwrap_or(0),
                minimum: MIN_ROWS,
            }),
            _ => Ok(()),
        }
    }

    /// The usual order when the values cannot tell: `D.M.YYYY` and
    /// decimal-comma files are European (day-first), the rest US.
    fn fallback_order(&self) -> DateOrder {
        let dotted = matches!(
            self.plan.shape,
            DateShape::Numeric {
                separator: b'.',
                ..
            }
        );
        if dotted || self.plan.layout.decimal_comma {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        }
    }

    fn permute(&mut self, order: &[usize]) {
        let pick = |v: &[Option<f64>]| order.iter().map(|i| v[*i]).collect::<Column>();
        self.dates = order.iter().map(|i| self.dates[*i]).collect();
        self.lines = order.iter().map(|i| self.lines[*i]).collect();
        self.values = self.values.iter().map(|c| pick(c)).collect();
    }

    fn sort(&mut self, warnings: &mut Vec<IngestWarning>) {
        let mut out_of_order = LineSample::default();
        for (pair, line) in self.dates.windows(2).zip(self.lines.iter().skip(1)) {
            if pair[1] < pair[0] {
                out_of_order.push(*line);
            }
        }
        if out_of_order.is_empty() {
            return;
        }
        let descending = self.dates.windows(2).all(|w| w[1] <= w[0]);
        let mut order: Vec<usize> = (0..self.dates.len()).collect();
        // Stable: rows sharing a date stay in file order, so "keep the
        // last" in `deduplicate` means the last in the file.
        order.sort_by_key(|i| self.dates[*i]);
        self.permute(&order);
        warnings.push(IngestWarning::Sorted {
            descending,
            out_of_order,
        });
    }

    fn same_values(&self, a: usize, b: usize) -> bool {
        self.values
            .iter()
            .all(|c| c[a].map(f64::to_bits) == c[b].map(f64::to_bits))
    }

    fn deduplicate(&mut self, warnings: &mut Vec<IngestWarning>) {
        if self.dates.windows(2).all(|w| w[0] < w[1]) {
            return;
        }
        let n = self.dates.len();
        let mut keep = Vec::with_capacity(n);
        let mut exact = Vec::new();
        let mut conflicting = Vec::new();
        let mut i = 0;
        while i < n {
            let mut end = i + 1;
            while end < n && self.dates[end] == self.dates[i] {
                end += 1;
            }
            let last = end - 1;
            for dropped in i..last {
                if self.same_values(dropped, last) {
                    exact.push(self.lines[dropped]);
                } else {
                    conflicting.push(self.lines[dropped]);
                }
            }
            keep.push(last);
            i = end;
        }
        let sample = |mut lines: Vec<u64>| {
            lines.sort_unstable();
            let mut s = LineSample::default();
            lines.into_iter().for_each(|l| s.push(l));
            s
        };
        if !exact.is_empty() {
            warnings.push(IngestWarning::ExactDuplicatesRemoved {
                removed: sample(exact),
            });
        }
        if !conflicting.is_empty() {
            warnings.push(IngestWarning::ConflictingDuplicates {
                dropped: sample(conflicting),
            });
        }
        self.permute(&keep);
    }

    fn build(
        self,
        warnings: Vec<IngestWarning>,
        rows_read: usize,
        date_order: Option<dates::OrderDecision>,
    ) -> Ingested {
        let frequency = kind::infer_frequency(&self.dates);
        let plan = self.plan;
        let mut series = Series::from_values(plan.id, plan.kind, frequency, self.dates, Vec::new());
        series.name = plan.name;
        for (slot, column) in self.slots.iter().zip(self.values) {
            match slot.field {
                Field::Close => series.close = column,
                Field::RawClose => series.raw_close = Some(column),
                Field::Open => series.open = Some(column),
                Field::High => series.high = Some(column),
                Field::Low => series.low = Some(column),
                Field::Volume => series.volume = Some(column),
            }
        }
        let columns = &plan.layout.columns;
        let name_of = |i: Option<usize>| i.and_then(|i| columns.get(i).cloned());
        let report = DialectReport {
            delimiter: char::from(plan.layout.delimiter),
            had_bom: plan.had_bom,
            decoded_from_windows_1252: plan.windows_1252,
            has_header: plan.layout.has_header,
            header_lines_skipped: plan.layout.lines_skipped,
            columns: columns.clone(),
            date_column: name_of(Some(plan.date_col)).unwrap_or_default(),
            date_format: dates::format_of(
                plan.shape,
                date_order.as_ref().map(|d| d.order()),
                self.with_time,
            ),
            date_order,
            value_column: name_of(Some(plan.values.close)).unwrap_or_default(),
            adjusted_close_preferred: plan.values.adjusted_close_preferred(),
            raw_close_column: name_of(plan.values.raw_close),
            decimal_comma: plan.layout.decimal_comma,
            rows_read,
            rows_kept: series.len(),
            kind: series.kind,
            kind_source: plan.kind_source,
            frequency,
            percent_values: self.percent_rows.count,
        };
        Ingested {
            series,
            warnings,
            report,
        }
    }
}
