//! Column detection: which column holds dates, which is "close" (Adj Close
//! preferred), which are open/high/low/volume; and reading number cells.
//!
//! Invariant: a missing cell (`.`, blank, `null`, `N/A`) is `None`, never 0;
//! a cell that is present but not a finite, plausible number is an error,
//! never silently dropped.

use super::dates::{self, DateShape};
use super::dialect::{self, Layout};
use super::error::IngestError;

/// What a column is, from its (normalised) header name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    AdjClose,
    Close,
    Open,
    High,
    Low,
    Volume,
    /// `Value`: the generic single value of a macro dump.
    Value,
    /// Columns never chosen automatically when a better one exists.
    Auxiliary,
    Other,
}

/// Lower-case ASCII letters and digits only: `Adj Close` → `adjclose`,
/// `<CLOSE>` → `close`, `observation_date` → `observationdate`.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

pub(crate) fn role_of(name: &str) -> Role {
    match normalize(name).as_str() {
        "adjclose" | "adjustedclose" | "adjclos" | "closeadj" => Role::AdjClose,
        "close" | "closeprice" | "last" | "closelast" | "price" | "px" | "pxlast" => Role::Close,
        "open" | "openprice" => Role::Open,
        "high" | "highprice" => Role::High,
        "low" | "lowprice" => Role::Low,
        "volume" | "vol" => Role::Volume,
        "value" => Role::Value,
        "wap" | "vwap" | "count" | "openint" | "openinterest" | "ticker" | "symbol" | "per"
        | "change" | "changepct" | "change%" | "dividends" | "stocksplits" | "capitalgains"
        // Alpha Vantage's and Tiingo's adjustment columns.
        | "dividendamount" | "splitcoefficient" | "divcash" | "splitfactor" | "adjopen"
        | "adjhigh" | "adjlow" | "adjvolume" => Role::Auxiliary,
        _ => Role::Other,
    }
}

/// Names a date column may have (normalised).
fn is_date_name(normalized: &str) -> bool {
    matches!(
        normalized,
        "date" | "time" | "datetime" | "timestamp" | "day" | "period" | "dt" | "unnamed0" | "index"
    ) || normalized.contains("date")
}

/// Rejects a header that names the same column twice (case-insensitive).
pub(crate) fn check_duplicates(columns: &[String]) -> Result<(), IngestError> {
    for (second, name) in columns.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = columns[..second]
            .iter()
            .position(|earlier| earlier.eq_ignore_ascii_case(name))
        {
            return Err(IngestError::DuplicateHeader {
                name: name.clone(),
                first: first + 1,
                second: second + 1,
            });
        }
    }
    Ok(())
}

/// A list of column names for messages: `"Date", "Close"`.
pub(crate) fn list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the date column and its format from the sampled rows.
pub(crate) fn find_date_column(layout: &Layout) -> Result<(usize, DateShape), IngestError> {
    let first_value = |col: usize| {
        layout.rows.iter().find_map(|r| {
            r.fields
                .get(col)
                .filter(|f| !f.is_empty())
                .map(|f| (r.line, f.as_str()))
        })
    };
    // A date-like name anywhere wins over pandas' unnamed index column,
    // which holds the dates only when nothing else is called a date.
    let pandas_index = layout.has_header && layout.columns.first().is_some_and(String::is_empty);
    let named = layout
        .columns
        .iter()
        .position(|name| is_date_name(&normalize(name)))
        .or(pandas_index.then_some(0))
        .or((!layout.has_header).then_some(0));
    if let Some(col) = named {
        let column = layout.columns.get(col).cloned().unwrap_or_default();
        return match first_value(col) {
            Some((line, value)) => match dates::classify(value.as_bytes()) {
                Some(shape) => Ok((col, shape)),
                None => Err(IngestError::UnparseableDate {
                    line,
                    column,
                    value: value.to_string(),
                    expected: "2024-01-31".to_string(),
                }),
            },
            None => Err(IngestError::MissingDate {
                line: layout.rows.first().map_or(2, |r| r.line),
                column,
            }),
        };
    }
    // No date-like name: the first column whose values read as dates.
    (0..layout.columns.len())
        .find_map(|col| {
            let (_, value) = first_value(col)?;
            dates::classify(value.as_bytes())
                .filter(|shape| !shape.is_unix())
                .map(|shape| (col, shape))
        })
        .ok_or_else(|| IngestError::NoDateColumn {
            columns: list(&layout.columns),
        })
}

/// Which column feeds which field of the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValueColumns {
    pub close: usize,
    pub close_role: Role,
    /// Raw Close when `close` is Adj Close.
    pub raw_close: Option<usize>,
    pub open: Option<usize>,
    pub high: Option<usize>,
    pub low: Option<usize>,
    pub volume: Option<usize>,
}

impl ValueColumns {
    pub fn adjusted_close_preferred(&self) -> bool {
        self.close_role == Role::AdjClose && self.raw_close.is_some()
    }

    pub fn has_ohlc(&self) -> bool {
        self.open.is_some() || self.high.is_some() || self.low.is_some()
    }
}

/// Chooses the value ("close") column: the user's choice, else Adj Close,
/// else Close, else Value, else the first other non-date column.
pub(crate) fn map_values(
    columns: &[String],
    date_col: usize,
    requested: Option<&str>,
) -> Result<ValueColumns, IngestError> {
    let roles: Vec<Role> = columns.iter().map(|c| role_of(c)).collect();
    let find = |role: Role| {
        roles
            .iter()
            .enumerate()
            .position(|(i, r)| *r == role && i != date_col)
    };
    let close = match requested.map(str::trim).filter(|r| !r.is_empty()) {
        Some(name) => columns
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name))
            .filter(|i| *i != date_col)
            .ok_or_else(|| IngestError::UnknownValueColumn {
                requested: name.to_string(),
                available: list(columns),
            })?,
        None => find(Role::AdjClose)
            .or_else(|| find(Role::Close))
            .or_else(|| find(Role::Value))
            .or_else(|| (0..columns.len()).find(|i| *i != date_col && roles[*i] == Role::Other))
            .or_else(|| (0..columns.len()).find(|i| *i != date_col))
            .ok_or_else(|| IngestError::NoValueColumn {
                date_column: columns.get(date_col).cloned().unwrap_or_default(),
            })?,
    };
    let close_role = roles[close];
    let other = |role: Role| find(role).filter(|i| *i != close);
    Ok(ValueColumns {
        close,
        close_role,
        raw_close: if close_role == Role::AdjClose {
            other(Role::Close)
        } else {
            None
        },
        open: other(Role::Open),
        high: other(Role::High),
        low: other(Role::Low),
        volume: other(Role::Volume),
    })
}

/// Why a cell is not a usable number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberProblem {
    NotNumeric,
    NonFinite,
}

/// Magnitudes above this are rejected as absurd (no price, rate, count or
/// dollar series comes near it; `1e308` is a classic corrupt value).
pub(crate) const ABSURD: f64 = 1e15;

fn is_missing_token(t: &[u8]) -> bool {
    const MISSING: [&[u8]; 8] = [b".", b"null", b"n/a", b"na", b"#n/a", b"none", b"-", b"--"];
    MISSING.iter().any(|m| t.eq_ignore_ascii_case(m))
}

fn checked(v: f64) -> Result<Option<f64>, NumberProblem> {
    if v.is_finite() && v.abs() <= ABSURD {
        Ok(Some(v))
    } else {
        Err(NumberProblem::NonFinite)
    }
}

/// Reads one number cell. `scratch` is reused so the slow path (thousands
/// separators, decimal comma, currency signs) allocates at most once.
pub(crate) fn parse_number(
    cell: &[u8],
    decimal_comma: bool,
    scratch: &mut String,
) -> Result<Option<f64>, NumberProblem> {
    let t = cell.trim_ascii();
    if t.is_empty() {
        return Ok(None);
    }
    let plain = !decimal_comma || !t.iter().any(|b| matches!(b, b',' | b'.'));
    if plain {
        if let Some(v) = std::str::from_utf8(t)
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
        {
            return checked(v);
        }
    }
    if is_missing_token(t) {
        return Ok(None);
    }
    let text = std::str::from_utf8(t).map_err(|_| NumberProblem::NotNumeric)?;
    // Investing.com-style volumes: `3.74B`, `812.5K`.
    let (text, multiplier) = match text.as_bytes().last() {
        Some(b'K' | b'k') => (&text[..text.len() - 1], 1e3),
        Some(b'M' | b'm') => (&text[..text.len() - 1], 1e6),
        Some(b'B' | b'b') => (&text[..text.len() - 1], 1e9),
        _ => (text, 1.0),
    };
    scratch.clear();
    for c in text.chars() {
        match c {
            '0'..='9' | '-' | '+' | 'e' | 'E' => scratch.push(c),
            ',' if decimal_comma => scratch.push('.'),
            '.' if decimal_comma => {}
            '.' => scratch.push('.'),
            ',' => {}
            c if dialect::is_decoration(c) => {}
            _ => return Err(NumberProblem::NotNumeric),
        }
    }
    if scratch.is_empty() {
        return Err(NumberProblem::NotNumeric);
    }
    match scratch.parse::<f64>() {
        Ok(v) => checked(v * multiplier),
        Err(_) => Err(NumberProblem::NotNumeric),
    }
}
