//! Date formats: recognise a column's format from its values, then read
//! every cell with that one format (chrono does the parsing; ISO dates take
//! a digit-check fast path into `NaiveDate::from_ymd_opt`).
//!
//! Invariant: a column has exactly one format. Day/month order of numeric
//! dates (`03/04/2024`) is never decided per row: each row records both
//! readings and [`decide_order`] chooses once for the whole column.

use std::fmt;

use chrono::{DateTime, NaiveDate};

use super::DateOrder;

/// Named-month and other textual formats tried, in order, with chrono.
const NAMED_FORMATS: [&str; 7] = [
    "%d-%b-%Y",  // 31-Jan-2024
    "%d %b %Y",  // 31 Jan 2024
    "%b %d, %Y", // Jan 31, 2024
    "%B %d, %Y", // January 31, 2024
    "%d %B %Y",  // 31 January 2024
    "%d-%b-%y",  // 31-Jan-24
    "%Y-%b-%d",  // 2024-Jan-31
];

/// The date format of a column as detected (before D/M is decided).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateShape {
    /// `YYYY-MM-DD`, optionally followed by ` HH:MM:SS±TZ` or `T...` (ignored).
    Iso,
    /// `YYYY/MM/DD`.
    IsoSlash,
    /// `YYYYMMDD`.
    Compact,
    /// Unix time in seconds (9–10 digits).
    UnixSeconds,
    /// Unix time in milliseconds (11–13 digits).
    UnixMillis,
    /// `a?b?YYYY` with `?` one of `/ . -`: day and month order undecided.
    Numeric { separator: u8, short_year: bool },
    /// One of [`NAMED_FORMATS`].
    Named(&'static str),
}

/// The date format reported to the user, after D/M is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `YYYY-MM-DD` (a time of day after it is ignored).
    Iso,
    /// `YYYY-MM-DD HH:MM:SS±TZ`: the date as written is kept, the time and zone ignored.
    IsoWithTime,
    /// `YYYY/MM/DD`.
    IsoSlash,
    /// `YYYYMMDD`.
    Compact,
    /// Unix seconds, read as UTC dates.
    UnixSeconds,
    /// Unix milliseconds, read as UTC dates.
    UnixMillis,
    /// `M/D/YYYY` (separator shown; `short_year` for `YY`).
    MonthFirst { separator: char, short_year: bool },
    /// `D.M.YYYY` (separator shown; `short_year` for `YY`).
    DayFirst { separator: char, short_year: bool },
    /// A chrono format with month names, e.g. `%d-%b-%Y`.
    Named(&'static str),
}

impl fmt::Display for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = |short: bool| if short { "YY" } else { "YYYY" };
        match self {
            DateFormat::Iso => f.write_str("YYYY-MM-DD"),
            DateFormat::IsoWithTime => f.write_str("YYYY-MM-DD with a time (time ignored)"),
            DateFormat::IsoSlash => f.write_str("YYYY/MM/DD"),
            DateFormat::Compact => f.write_str("YYYYMMDD"),
            DateFormat::UnixSeconds => f.write_str("Unix seconds (UTC)"),
            DateFormat::UnixMillis => f.write_str("Unix milliseconds (UTC)"),
            DateFormat::MonthFirst {
                separator,
                short_year,
            } => write!(f, "M{separator}D{separator}{}", year(*short_year)),
            DateFormat::DayFirst {
                separator,
                short_year,
            } => write!(f, "D{separator}M{separator}{}", year(*short_year)),
            DateFormat::Named(pattern) => write!(f, "the pattern {pattern}"),
        }
    }
}

impl DateShape {
    /// A human description used in error messages.
    pub(crate) fn describe(self) -> String {
        match self {
            DateShape::Numeric {
                separator,
                short_year,
            } => {
                let sep = separator as char;
                let year = if short_year { "YY" } else { "YYYY" };
                format!("M{sep}D{sep}{year} or D{sep}M{sep}{year}")
            }
            DateShape::Iso => DateFormat::Iso.to_string(),
            DateShape::IsoSlash => DateFormat::IsoSlash.to_string(),
            DateShape::Compact => DateFormat::Compact.to_string(),
            DateShape::UnixSeconds => DateFormat::UnixSeconds.to_string(),
            DateShape::UnixMillis => DateFormat::UnixMillis.to_string(),
            DateShape::Named(p) => DateFormat::Named(p).to_string(),
        }
    }

    /// Unix timestamps are only trusted in a column named like a date,
    /// since any 10-digit number (a volume) would otherwise qualify.
    pub(crate) fn is_unix(self) -> bool {
        matches!(self, DateShape::UnixSeconds | DateShape::UnixMillis)
    }
}

/// One cell read with the column's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellDate {
    Known(NaiveDate),
    /// A numeric D/M cell: its month-first and day-first readings.
    Undecided {
        month_first: Option<NaiveDate>,
        day_first: Option<NaiveDate>,
    },
}

fn all_digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

fn digits_value(b: &[u8]) -> u32 {
    b.iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d.wrapping_sub(b'0')))
}

/// Fast path for `YYYY-MM-DD` (and `YYYY/MM/DD`) prefixes: eight digit
/// checks and `from_ymd_opt`, which validates the calendar date.
fn ymd_prefix(b: &[u8], separator: u8) -> Option<NaiveDate> {
    if b.len() < 10 || b[4] != separator || b[7] != separator {
        return None;
    }
    if b.len() > 10 && !matches!(b[10], b' ' | b'T' | b't') {
        return None;
    }
    let (y, m, d) = (&b[0..4], &b[5..7], &b[8..10]);
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    // Years fit i32 and months/days u32 after the digit check.
    NaiveDate::from_ymd_opt(digits_value(y) as i32, digits_value(m), digits_value(d))
}

fn from_unix(value: &[u8], millis: bool) -> Option<NaiveDate> {
    let text = std::str::from_utf8(value).ok()?;
    let n: i64 = text.parse().ok()?;
    let stamp = if millis {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }?;
    Some(stamp.date_naive())
}

/// Splits `a?b?c` (before any time part) on one of `/ . -`.
fn numeric_parts(b: &[u8]) -> Option<(u8, &[u8])> {
    let token_end = b.iter().position(|c| *c == b' ').unwrap_or(b.len());
    let token = &b[..token_end];
    let separator = *token.iter().find(|c| matches!(**c, b'/' | b'.' | b'-'))?;
    let mut parts = token.split(|c| *c == separator);
    let a = parts.next()?;
    let m = parts.next()?;
    let y = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let ok = all_digits(a)
        && all_digits(m)
        && all_digits(y)
        && a.len() <= 2
        && m.len() <= 2
        && (y.len() == 4 || y.len() == 2);
    ok.then_some((separator, token))
}

/// Recognises the format of one date cell, if it is one we support.
pub(crate) fn classify(value: &[u8]) -> Option<DateShape> {
    let b = value.trim_ascii();
    if b.is_empty() {
        return None;
    }
    if ymd_prefix(b, b'-').is_some() {
        return Some(DateShape::Iso);
    }
    if ymd_prefix(b, b'/').is_some() {
        return Some(DateShape::IsoSlash);
    }
    if all_digits(b) {
        return match b.len() {
            8 => parse_with(b, "%Y%m%d").map(|_| DateShape::Compact),
            9 | 10 => from_unix(b, false).map(|_| DateShape::UnixSeconds),
            11..=13 => from_unix(b, true).map(|_| DateShape::UnixMillis),
            _ => None,
        };
    }
    if let Some((separator, token)) = numeric_parts(b) {
        let short_year = token.len() - token.iter().rposition(|c| *c == separator)? - 1 == 2;
        let shape = DateShape::Numeric {
            separator,
            short_year,
        };
        return match read(shape, b) {
            Some(CellDate::Undecided {
                month_first: None,
                day_first: None,
            })
            | None => None,
            Some(_) => Some(shape),
        };
    }
    let text = std::str::from_utf8(b).ok()?;
    NAMED_FORMATS
        .iter()
        .find(|pattern| parse_named(text, pattern).is_some())
        .map(|pattern| DateShape::Named(pattern))
}

/// A named-month date. chrono's `%Y` also accepts a two-digit year
/// (`31-Jan-24` would be the year 24): a `%Y` pattern must see a year of at
/// least four digits, so such cells fall through to the `%y` pattern.
fn parse_named(text: &str, pattern: &str) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(text, pattern).ok()?;
    let year_digits = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(str::len)
        .max()
        .unwrap_or(0);
    (!pattern.contains("%Y") || year_digits >= 4).then_some(date)
}

fn parse_with(b: &[u8], pattern: &str) -> Option<NaiveDate> {
    let text = std::str::from_utf8(b).ok()?;
    NaiveDate::parse_from_str(text, pattern).ok()
}

/// chrono patterns (month-first, day-first) for a numeric date shape;
/// static so the per-row path allocates nothing.
fn numeric_patterns(separator: u8, short_year: bool) -> (&'static str, &'static str) {
    match (separator, short_year) {
        (b'.', false) => ("%m.%d.%Y", "%d.%m.%Y"),
        (b'.', true) => ("%m.%d.%y", "%d.%m.%y"),
        (b'-', false) => ("%m-%d-%Y", "%d-%m-%Y"),
        (b'-', true) => ("%m-%d-%y", "%d-%m-%y"),
        (_, false) => ("%m/%d/%Y", "%d/%m/%Y"),
        (_, true) => ("%m/%d/%y", "%d/%m/%y"),
    }
}

/// Reads one cell with the column's shape; `None` when it does not fit.
pub(crate) fn read(shape: DateShape, value: &[u8]) -> Option<CellDate> {
    let b = value.trim_ascii();
    let known = |d: Option<NaiveDate>| d.map(CellDate::Known);
    match shape {
        DateShape::Iso => known(ymd_prefix(b, b'-')),
        DateShape::IsoSlash => known(ymd_prefix(b, b'/')),
        DateShape::Compact => {
            if b.len() == 8 && all_digits(b) {
                known(parse_with(b, "%Y%m%d"))
            } else {
                None
            }
        }
        DateShape::UnixSeconds => {
            if all_digits(b) && (9..=10).contains(&b.len()) {
                known(from_unix(b, false))
            } else {
                None
            }
        }
        DateShape::UnixMillis => {
            if all_digits(b) && (11..=13).contains(&b.len()) {
                known(from_unix(b, true))
            } else {
                None
            }
        }
        DateShape::Numeric {
            separator,
            short_year,
        } => {
            let (found, token) = numeric_parts(b)?;
            if found != separator {
                return None;
            }
            let (month_pattern, day_pattern) = numeric_patterns(separator, short_year);
            let year_len = token.len() - token.iter().rposition(|c| *c == separator)? - 1;
            if (year_len == 2) != short_year {
                return None;
            }
            let month_first = parse_with(token, month_pattern);
            let day_first = parse_with(token, day_pattern);
            Some(CellDate::Undecided {
                month_first,
                day_first,
            })
        }
        DateShape::Named(pattern) => known(
            std::str::from_utf8(b)
                .ok()
                .and_then(|t| parse_named(t, pattern)),
        ),
    }
}

/// Whether a column of ISO dates carried a time of day (for the report).
pub(crate) fn has_time_suffix(value: &[u8]) -> bool {
    value.trim_ascii().len() > 10
}

/// The report format for a decided shape.
pub(crate) fn format_of(shape: DateShape, order: Option<DateOrder>, with_time: bool) -> DateFormat {
    match shape {
        DateShape::Iso if with_time => DateFormat::IsoWithTime,
        DateShape::Iso => DateFormat::Iso,
        DateShape::IsoSlash => DateFormat::IsoSlash,
        DateShape::Compact => DateFormat::Compact,
        DateShape::UnixSeconds => DateFormat::UnixSeconds,
        DateShape::UnixMillis => DateFormat::UnixMillis,
        DateShape::Named(p) => DateFormat::Named(p),
        DateShape::Numeric {
            separator,
            short_year,
        } => match order {
            Some(DateOrder::DayFirst) => DateFormat::DayFirst {
                separator: separator as char,
                short_year,
            },
            _ => DateFormat::MonthFirst {
                separator: separator as char,
                short_year,
            },
        },
    }
}

/// How the day/month order of a numeric date column was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderDecision {
    /// The user chose it in `IngestOptions::date_order`.
    UserChoice(DateOrder),
    /// A value only one order can read (a day above 12), first at `line`.
    Unambiguous {
        /// The order chosen.
        order: DateOrder,
        /// The first line that only this order reads.
        line: u64,
        /// That line's date cell.
        value: String,
    },
    /// Every value reads both ways; the order that puts more rows in
    /// ascending date order was chosen (`forward` of `steps` steps).
    BySequence {
        /// The order chosen.
        order: DateOrder,
        /// Consecutive row pairs in ascending order under it.
        forward: usize,
        /// Consecutive row pairs in the file.
        steps: usize,
    },
    /// Every value reads both ways and neither order fits better: day-first
    /// assumed for `D.M.YYYY` and decimal-comma files (European), else month-first (US).
    Default(DateOrder),
}

impl OrderDecision {
    /// The order that was chosen, however it was decided.
    pub fn order(&self) -> DateOrder {
        match self {
            OrderDecision::UserChoice(o)
            | OrderDecision::Default(o)
            | OrderDecision::Unambiguous { order: o, .. }
            | OrderDecision::BySequence { order: o, .. } => *o,
        }
    }
}

impl fmt::Display for OrderDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderDecision::UserChoice(o) => write!(f, "{o} as chosen"),
            OrderDecision::Unambiguous { order, line, value } => {
                write!(f, "{order}, because \"{value}\" on line {line} only reads that way")
            }
            OrderDecision::BySequence {
                order,
                forward,
                steps,
            } => write!(
                f,
                "{order}, because every date reads both ways and {order} keeps {forward} of {steps} consecutive rows in date order"
            ),
            OrderDecision::Default(o) => write!(
                f,
                "{o}, assumed because every date reads both ways and that is usual for this layout (choose the order to change it)"
            ),
        }
    }
}

impl fmt::Display for DateOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateOrder::MonthFirst => f.write_str("month-first (M/D)"),
            DateOrder::DayFirst => f.write_str("day-first (D/M)"),
        }
    }
}

/// A row that only one day/month order can read: its line and raw text.
pub(crate) type Witness = (u64, String);

/// The first rows that only one order can read, collected while reading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OrderEvidence {
    pub month_only: Option<Witness>,
    pub day_only: Option<Witness>,
}

/// The column-wide problem when no single order reads every row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OrderConflict {
    /// A row cannot be read with the order the user forced.
    Unreadable(Witness),
    /// One row reads only month-first, another only day-first.
    Mixed {
        month_only: Witness,
        day_only: Witness,
    },
}

fn forward_steps(dates: &[Option<NaiveDate>]) -> usize {
    let mut previous: Option<NaiveDate> = None;
    let mut forward = 0;
    for date in dates.iter().flatten() {
        if previous.is_some_and(|p| *date > p) {
            forward += 1;
        }
        previous = Some(*date);
    }
    forward
}

/// Decides day/month order once for a whole column, from both readings of
/// every row and the first rows that only one order can read.
pub(crate) fn decide_order(
    month_first: &[Option<NaiveDate>],
    day_first: &[Option<NaiveDate>],
    forced: Option<DateOrder>,
    fallback: DateOrder,
    evidence: &OrderEvidence,
) -> Result<OrderDecision, OrderConflict> {
    if let Some(order) = forced {
        let blocker = match order {
            DateOrder::MonthFirst => &evidence.day_only,
            DateOrder::DayFirst => &evidence.month_only,
        };
        return match blocker {
            Some(witness) => Err(OrderConflict::Unreadable(witness.clone())),
            None => Ok(OrderDecision::UserChoice(order)),
        };
    }
    match (&evidence.month_only, &evidence.day_only) {
        (Some(m), Some(d)) => Err(OrderConflict::Mixed {
            month_only: m.clone(),
            day_only: d.clone(),
        }),
        (Some((line, value)), None) => Ok(OrderDecision::Unambiguous {
            order: DateOrder::MonthFirst,
            line: *line,
            value: value.clone(),
        }),
        (None, Some((line, value))) => Ok(OrderDecision::Unambiguous {
            order: DateOrder::DayFirst,
            line: *line,
            value: value.clone(),
        }),
        (None, None) => {
            let steps = month_first.len().saturating_sub(1);
            let mf = forward_steps(month_first);
            let df = forward_steps(day_first);
            Ok(if mf > df {
                OrderDecision::BySequence {
                    order: DateOrder::MonthFirst,
                    forward: mf,
                    steps,
                }
            } else if df > mf {
                OrderDecision::BySequence {
                    order: DateOrder::DayFirst,
                    forward: df,
                    steps,
                }
            } else {
                OrderDecision::Default(fallback)
            })
        }
    }
}
