//! The FOMC meeting calendar: reads a small CSV of scheduled meetings
//! (`start,end,year,sep`, as shipped in `public/data/FOMC.csv`, or a file the
//! user loads instead) and answers "when is the next decision, and how many
//! days away is it?".
//!
//! Invariant: a parsed [`FomcCalendar`] lists its meetings sorted by decision
//! (end) day, one meeting per end day, each with `start <= end`. Answers never
//! extrapolate: past the last listed meeting [`FomcCalendar::next_meeting`]
//! is `None` and [`FomcCalendar::covers`] is false, so the page says the
//! calendar ran out instead of guessing a date. Every error is a full
//! sentence that names the line (1-based, as a text editor counts) and the
//! column; no input, however mangled, panics.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One scheduled FOMC meeting. The statement is released at 2 p.m. Eastern
/// on the `end` day (the decision day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Meeting {
    /// First day of the meeting.
    pub start: NaiveDate,
    /// Decision day (the statement and press conference).
    pub end: NaiveDate,
    /// A Summary of Economic Projections (the "dot plot") is released.
    pub sep: bool,
}

/// Why a calendar file could not be read. Nothing is partially loaded.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CalendarError {
    /// Zero bytes, or only spaces, blank lines and comments.
    #[error("The calendar file is empty: there is nothing to read.")]
    Empty,

    /// NUL bytes: a binary file, not CSV text.
    #[error("This is not a text CSV file (it contains binary bytes); load a CSV with a header such as start,end,sep.")]
    Binary,

    /// The first line is a date, so the header is missing.
    #[error("Line {line}, column {column}: \"{value}\" is a date, not a column name; the file needs a header line such as start,end,sep.")]
    HeaderMissing {
        line: u64,
        column: usize,
        value: String,
    },

    /// No column named start / end / date (or an alias).
    #[error("No meeting date column was found among the columns {columns}; the header needs start and end columns (or one date column).")]
    NoDateColumn { columns: String },

    /// Two columns claim the same role.
    #[error("The header has two {role} columns (\"{first}\" and \"{second}\"); remove or rename one of them.")]
    DuplicateColumn {
        role: String,
        first: String,
        second: String,
    },

    /// A header but no meeting below it.
    #[error("Only a header was found ({header}); there are no meetings below it.")]
    NoRows { header: String },

    /// A date cell that is not `YYYY-MM-DD` or not a calendar day.
    #[error("Line {line}, column \"{column}\": \"{value}\" is not a date (expected YYYY-MM-DD).")]
    BadDate {
        line: u64,
        column: String,
        value: String,
    },

    /// A blank date cell, or a row too short to have one.
    #[error("Line {line}, column \"{column}\": the date is missing.")]
    MissingDate { line: u64, column: String },

    /// A `sep` cell other than 0/1 (or yes/no, true/false, blank).
    #[error("Line {line}, column \"{column}\": \"{value}\" is not 0 or 1 (1 = projections are released).")]
    BadSep {
        line: u64,
        column: String,
        value: String,
    },

    /// The end day precedes the start day.
    #[error(
        "Line {line}: the meeting ends on {end}, before it starts on {start}; check the two dates."
    )]
    EndBeforeStart {
        line: u64,
        start: NaiveDate,
        end: NaiveDate,
    },

    /// Two different rows give the same decision day.
    #[error("Lines {first_line} and {line} both list a meeting ending on {end} but disagree on the details; keep one of them.")]
    ConflictingDuplicate {
        first_line: u64,
        line: u64,
        end: NaiveDate,
    },

    /// The CSV reader itself failed.
    #[error("Line {line}: the calendar could not be read as CSV ({message}).")]
    Csv { line: u64, message: String },
}

/// The meetings of a calendar file, sorted by end day, one per end day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FomcCalendar {
    /// Sorted by [`Meeting::end`], unique.
    pub meetings: Vec<Meeting>,
}

// Header names (normalised: lower case, runs of other characters → `_`).
// Public so tools that write calendar files (the fuzz dictionary in
// fuzz/examples/make_seeds.rs) take the aliases from here, not a copy.

/// Header names of the meeting's first day.
pub const START_NAMES: &[&str] = &["start", "start_date", "begin", "first_day", "meeting_start"];
/// Header names of the decision day.
pub const END_NAMES: &[&str] = &[
    "end",
    "end_date",
    "decision",
    "decision_date",
    "statement",
    "statement_date",
    "announcement",
    "last_day",
    "meeting_end",
];
/// Header names of a generic date column: the decision day when there is no
/// end column, and both days when it is the only date column.
pub const DATE_NAMES: &[&str] = &[
    "date",
    "day",
    "meeting",
    "meeting_date",
    "meetings",
    "fomc",
    "fomc_date",
    "fomc_meeting",
    "fomc_meetings",
];
/// Header names of the projections (SEP) flag column.
pub const SEP_NAMES: &[&str] = &[
    "sep",
    "projections",
    "summary_of_economic_projections",
    "dots",
];

/// Longest quoted cell in a message.
const EXCERPT_CHARS: usize = 40;

/// `Start Date` → `start_date`, `FOMC meeting` → `fomc_meeting`.
fn normalise(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

fn excerpt(cell: &str) -> String {
    if cell.chars().count() > EXCERPT_CHARS {
        let head: String = cell.chars().take(EXCERPT_CHARS).collect();
        format!("{head}…")
    } else {
        cell.to_string()
    }
}

/// A strict ISO date: exactly `YYYY-MM-DD` and a real calendar day
/// (chrono's `%Y-%m-%d` alone would also take `2024-1-5` or `+2024-01-05`).
fn parse_iso_date(cell: &str) -> Option<NaiveDate> {
    let b = cell.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = cell.get(range)?;
        if !part.bytes().all(|d| d.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// `0/1`, `yes/no`, `true/false`, `y/n`; blank = no projections.
fn parse_sep(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "no" | "n" | "false" | "f" => Some(false),
        "1" | "yes" | "y" | "true" | "t" | "*" => Some(true),
        _ => None,
    }
}

/// Text without the UTF-8 byte-order mark.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The first line holding something other than blanks or a `#` comment.
fn first_content_line(bytes: &[u8]) -> Option<&[u8]> {
    strip_bom(bytes)
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .find(|line| {
            let trimmed = line.trim_ascii();
            !trimmed.is_empty() && !trimmed.starts_with(b"#")
        })
}

/// The delimiter of the header line: the most frequent of `,` `;` tab
/// (comma on a tie or when none appears).
fn sniff_delimiter(header: &[u8]) -> u8 {
    let count = |d: u8| header.iter().filter(|&&b| b == d).count();
    [b';', b'\t']
        .into_iter()
        .fold((b',', count(b',')), |best, d| {
            let n = count(d);
            if n > best.1 {
                (d, n)
            } else {
                best
            }
        })
        .0
}

/// Whether bytes look like a meeting calendar rather than a price series:
/// the first header line has both a start and an end column, or its first
/// cell names meetings (`meeting`, `FOMC`, `fomc_date` ...). Reads only the
/// first line, so it is cheap enough to run on every loaded file.
///
/// # Example
/// ```
/// use regime_radar::engine::calendar::looks_like_fomc_calendar;
/// assert!(looks_like_fomc_calendar(b"start,end,year,sep\n2024-01-30,2024-01-31,2024,0\n"));
/// assert!(looks_like_fomc_calendar(b"FOMC meeting\n2024-01-31\n"));
/// assert!(!looks_like_fomc_calendar(b"Date,Open,High,Low,Close\n"));
/// ```
pub fn looks_like_fomc_calendar(bytes: &[u8]) -> bool {
    let Some(line) = first_content_line(bytes) else {
        return false;
    };
    // A header is short; do not scan a huge first line of random bytes.
    let line = line.get(..4096).unwrap_or(line);
    let delimiter = sniff_delimiter(line);
    let text = String::from_utf8_lossy(line);
    let cells: Vec<String> = text
        .split(char::from(delimiter))
        .map(|c| normalise(c.trim_matches('"')))
        .collect();
    let has = |names: &[&str]| cells.iter().any(|c| names.contains(&c.as_str()));
    let first_names_meetings = cells
        .first()
        .is_some_and(|c| c.starts_with("meeting") || c.starts_with("fomc"));
    (has(START_NAMES) && has(END_NAMES)) || first_names_meetings
}

/// Which header column holds what.
struct Columns {
    /// (index, header as written) of the start, end and sep columns; start
    /// and end are the same column for a one-date list.
    start: (usize, String),
    end: (usize, String),
    sep: Option<(usize, String)>,
}

/// Finds the one column of a role, refusing two.
fn find_role(
    header: &[String],
    names: &[&str],
    role: &str,
) -> Result<Option<(usize, String)>, CalendarError> {
    let mut found: Option<(usize, String)> = None;
    for (i, cell) in header.iter().enumerate() {
        if !names.contains(&normalise(cell).as_str()) {
            continue;
        }
        if let Some((_, first)) = &found {
            return Err(CalendarError::DuplicateColumn {
                role: role.to_string(),
                first: excerpt(first),
                second: excerpt(cell),
            });
        }
        found = Some((i, cell.clone()));
    }
    Ok(found)
}

fn quoted_list(header: &[String]) -> String {
    let cells: Vec<String> = header
        .iter()
        .take(12)
        .map(|c| format!("\"{}\"", excerpt(c)))
        .collect();
    let more = header.len().saturating_sub(cells.len());
    if more > 0 {
        format!("{} and {more} more", cells.join(", "))
    } else {
        cells.join(", ")
    }
}

fn locate_columns(header: &[String], line: u64) -> Result<Columns, CalendarError> {
    // A header line that is itself a date means the file has no header;
    // say so rather than "no date column".
    if let Some((i, cell)) = header
        .iter()
        .enumerate()
        .find(|(_, c)| parse_iso_date(c).is_some())
    {
        return Err(CalendarError::HeaderMissing {
            line,
            column: i + 1,
            value: excerpt(cell),
        });
    }
    let start = find_role(header, START_NAMES, "start")?;
    let end = find_role(header, END_NAMES, "end")?;
    let date = find_role(header, DATE_NAMES, "date")?;
    let sep = find_role(header, SEP_NAMES, "sep")?;
    // end, else a generic date column, is the decision day; a lone column
    // of either kind serves as both days (a one-day meeting list).
    let end = end.or(date);
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s.clone(), s),
        (None, Some(e)) => (e.clone(), e),
        (None, None) => {
            return Err(CalendarError::NoDateColumn {
                columns: quoted_list(header),
            })
        }
    };
    Ok(Columns { start, end, sep })
}

fn date_cell(
    record: &[String],
    (index, name): &(usize, String),
    line: u64,
) -> Result<NaiveDate, CalendarError> {
    let cell = record.get(*index).map(|c| c.trim()).unwrap_or_default();
    if cell.is_empty() {
        return Err(CalendarError::MissingDate {
            line,
            column: excerpt(name),
        });
    }
    parse_iso_date(cell).ok_or_else(|| CalendarError::BadDate {
        line,
        column: excerpt(name),
        value: excerpt(cell),
    })
}

impl FomcCalendar {
    /// Reads a calendar CSV.
    ///
    /// # Format
    /// A header line is required. Columns are matched case-insensitively:
    /// `start` and `end` (aliases such as `start_date`, `decision`), or one
    /// `date` column (`meeting`, `fomc_date` ...) giving one-day meetings;
    /// an optional `sep` column holds `0`/`1` (also yes/no, true/false;
    /// blank = 0). Other columns (`year`) are ignored. Dates are strict ISO
    /// `YYYY-MM-DD`. Comma, semicolon or tab separated; a UTF-8 BOM, blank
    /// lines, rows of empty cells and `#` comment lines are skipped. Rows are
    /// sorted by end day and exact duplicates dropped; two different rows
    /// with the same end day are an error.
    ///
    /// # Example
    /// ```
    /// use regime_radar::engine::calendar::FomcCalendar;
    /// let cal = FomcCalendar::parse(b"start,end,sep\n2026-03-17,2026-03-18,1\n2026-01-27,2026-01-28,0\n")?;
    /// assert_eq!(cal.meetings.len(), 2);
    /// assert_eq!(cal.first().map(|m| m.sep), Some(false)); // sorted by end day
    /// assert!(FomcCalendar::parse(b"start,end\n2024-02-30,2024-02-31\n").is_err());
    /// # Ok::<(), regime_radar::engine::calendar::CalendarError>(())
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<FomcCalendar, CalendarError> {
        if bytes.contains(&0) {
            return Err(CalendarError::Binary);
        }
        let text = strip_bom(bytes);
        let Some(first_line) = first_content_line(text) else {
            return Err(CalendarError::Empty);
        };
        let delimiter = sniff_delimiter(first_line);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text);

        let mut header: Option<(Vec<String>, Columns)> = None;
        // (meeting, line) in file order.
        let mut rows: Vec<(Meeting, u64)> = Vec::new();
        for result in reader.byte_records() {
            let record = result.map_err(|e| CalendarError::Csv {
                line: e.position().map_or(0, |p| p.line()),
                message: excerpt(&e.to_string()),
            })?;
            let line = record.position().map_or(0, |p| p.line());
            // Lossy: dates and names are ASCII, so a stray Windows-1252 byte
            // elsewhere should not stop the file; a bad date still fails.
            let cells: Vec<String> = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            let Some((_, columns)) = &header else {
                let columns = locate_columns(&cells, line)?;
                header = Some((cells, columns));
                continue;
            };
            let start = date_cell(&cells, &columns.start, line)?;
            let end = date_cell(&cells, &columns.end, line)?;
            if end < start {
                return Err(CalendarError::EndBeforeStart { line, start, end });
            }
            let sep = match &columns.sep {
                None => false,
                Some((index, name)) => {
                    let cell = cells.get(*index).map(String::as_str).unwrap_or_default();
                    parse_sep(cell).ok_or_else(|| CalendarError::BadSep {
                        line,
                        column: excerpt(name),
                        value: excerpt(cell),
                    })?
                }
            };
            rows.push((Meeting { start, end, sep }, line));
        }

        let Some((header_cells, _)) = header else {
            return Err(CalendarError::Empty);
        };
        if rows.is_empty() {
            return Err(CalendarError::NoRows {
                header: excerpt(&header_cells.join(",")),
            });
        }
        // Stable sort: among equal end days the earlier line comes first,
        // so the error names the lines in file order.
        rows.sort_by_key(|(m, _)| m.end);
        let mut meetings: Vec<Meeting> = Vec::with_capacity(rows.len());
        let mut last: Option<(Meeting, u64)> = None;
        for (meeting, line) in rows {
            match last {
                Some((prev, _)) if prev == meeting => continue,
                Some((prev, first_line)) if prev.end == meeting.end => {
                    return Err(CalendarError::ConflictingDuplicate {
                        first_line: first_line.min(line),
                        line: first_line.max(line),
                        end: meeting.end,
                    });
                }
                _ => {}
            }
            meetings.push(meeting);
            last = Some((meeting, line));
        }
        Ok(FomcCalendar { meetings })
    }

    /// The next decision on or after `as_of`, with the days until it.
    ///
    /// # Formula
    /// The meeting with the smallest `end ≥ as_of`; days = `end − as_of` in
    /// calendar days. A meeting whose decision day is `as_of` is "today"
    /// (0 days), even after the 2 p.m. statement: the calendar knows days,
    /// not hours. `None` past the last listed meeting.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use regime_radar::engine::calendar::FomcCalendar;
    /// let cal = FomcCalendar::parse(b"start,end\n2026-01-27,2026-01-28\n")?;
    /// let jan16 = NaiveDate::from_ymd_opt(2026, 1, 16).ok_or("date")?;
    /// assert_eq!(cal.next_meeting(jan16).map(|(_, days)| days), Some(12));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_meeting(&self, as_of: NaiveDate) -> Option<(Meeting, i64)> {
        // A scan rather than a binary search: `meetings` is public, so it
        // may have been built unsorted, and there are only a few dozen.
        self.meetings
            .iter()
            .filter(|m| m.end >= as_of)
            .min_by_key(|m| m.end)
            .map(|m| (*m, (m.end - as_of).num_days()))
    }

    /// The most recent meeting whose decision day is strictly before
    /// `as_of` (a meeting ending on `as_of` is [`FomcCalendar::next_meeting`]'s
    /// "today", not the previous one).
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use regime_radar::engine::calendar::FomcCalendar;
    /// let cal = FomcCalendar::parse(b"start,end\n2026-01-27,2026-01-28\n")?;
    /// let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).ok_or("date");
    /// assert!(cal.previous_meeting(day(28)?).is_none());
    /// assert!(cal.previous_meeting(day(29)?).is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn previous_meeting(&self, as_of: NaiveDate) -> Option<Meeting> {
        self.meetings
            .iter()
            .filter(|m| m.end < as_of)
            .max_by_key(|m| m.end)
            .copied()
    }

    /// The earliest listed meeting (by end day).
    ///
    /// # Example
    /// ```
    /// use regime_radar::engine::calendar::FomcCalendar;
    /// assert!(FomcCalendar::default().first().is_none());
    /// ```
    pub fn first(&self) -> Option<Meeting> {
        self.meetings.iter().min_by_key(|m| m.end).copied()
    }

    /// The latest listed meeting (by end day).
    ///
    /// # Example
    /// ```
    /// use regime_radar::engine::calendar::FomcCalendar;
    /// let cal = FomcCalendar::parse(b"date\n2027-12-08\n2026-01-28\n")?;
    /// assert_eq!(cal.last().map(|m| m.end.to_string()), Some("2027-12-08".into()));
    /// # Ok::<(), regime_radar::engine::calendar::CalendarError>(())
    /// ```
    pub fn last(&self) -> Option<Meeting> {
        self.meetings.iter().max_by_key(|m| m.end).copied()
    }

    /// Whether the calendar speaks for `as_of`: from the first listed
    /// meeting's start day to the last listed decision day, inclusive.
    /// False once the calendar has run out (after the last meeting), and
    /// also before the first one (earlier meetings are not listed, so
    /// "next" and "previous" would be wrong); the page should then say so
    /// rather than guess. False for an empty calendar.
    ///
    /// # Example
    /// ```
    /// use chrono::NaiveDate;
    /// use regime_radar::engine::calendar::FomcCalendar;
    /// let cal = FomcCalendar::parse(b"start,end\n2027-12-07,2027-12-08\n")?;
    /// let day = |d| NaiveDate::from_ymd_opt(2027, 12, d).ok_or("date");
    /// assert!(cal.covers(day(8)?));
    /// assert!(!cal.covers(day(9)?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn covers(&self, as_of: NaiveDate) -> bool {
        let first_start = self.meetings.iter().map(|m| m.start).min();
        let last_end = self.meetings.iter().map(|m| m.end).max();
        match (first_start, last_end) {
            (Some(from), Some(to)) => from <= as_of && as_of <= to,
            _ => false,
        }
    }
}
