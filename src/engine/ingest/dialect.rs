//! Dialect sniffing: turns raw bytes into UTF-8 text (BOM, Windows-1252),
//! rejects things that are not CSV (binary, HTML, JSON, rate-limit notes),
//! and finds the delimiter, preamble and header lines from a sample.
//!
//! Invariant: only the first [`SAMPLE_BYTES`] are inspected here, so
//! sniffing costs the same for 1 KB and 50 MB; the csv crate does all
//! tokenising, with the same settings as the full read so that record
//! counts agree.

use csv::{ByteRecord, ReaderBuilder};

use super::dates::{self, DateShape};
use super::error::IngestError;

/// How much of the input the sniffer looks at.
pub(crate) const SAMPLE_BYTES: usize = 64 * 1024;
/// How many sample records decide the delimiter and columns.
const SAMPLE_RECORDS: usize = 60;
/// Delimiters tried, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The input as UTF-8 text, plus what was done to get it.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// UTF-8 bytes (the original buffer when it already was UTF-8).
    pub text: Vec<u8>,
    /// Where the text starts (3 after a UTF-8 byte-order mark).
    pub start: usize,
    pub had_bom: bool,
    pub windows_1252: bool,
}

/// Windows-1252 code points for bytes 0x80..=0x9F (the rest are Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn decode_windows_1252(bytes: &[u8]) -> Vec<u8> {
    let text: String = bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect();
    text.into_bytes()
}

fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"PK\x03\x04", "a ZIP archive or an Excel .xlsx workbook"),
        (b"\xD0\xCF\x11\xE0", "an old Excel .xls workbook"),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"SQLite format", "an SQLite database"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Checks the bytes are text and returns them as UTF-8.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<Decoded, IngestError> {
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF");
    let had_bom = without_bom.is_some();
    let body = without_bom.unwrap_or(&bytes);
    if body.trim_ascii().is_empty() {
        return Err(IngestError::Empty);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(IngestError::NotUtf8 {
            encoding: "UTF-16 (\"Unicode text\")".to_string(),
        });
    }
    if let Some(what) = binary_signature(&bytes) {
        return Err(IngestError::Binary {
            what: what.to_string(),
        });
    }
    let head = &body[..body.len().min(8192)];
    let nul_even = head.iter().step_by(2).filter(|b| **b == 0).count();
    let nul_odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = head.len().div_ceil(2).max(1);
    if (nul_even * 10 > half * 4 || nul_odd * 10 > half * 4)
        && nul_even.abs_diff(nul_odd) * 2 > half
    {
        return Err(IngestError::NotUtf8 {
            encoding: "UTF-16 without a byte-order mark".to_string(),
        });
    }
    let controls = head
        .iter()
        .filter(|b| (**b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r')) || **b == 0x7F)
        .count();
    if nul_even + nul_odd > 0 || controls * 100 > head.len() {
        return Err(IngestError::Binary {
            what: "it contains control bytes".to_string(),
        });
    }
    let start = if had_bom { 3 } else { 0 };
    let decoded = if std::str::from_utf8(body).is_ok() {
        Decoded {
            text: bytes,
            start,
            had_bom,
            windows_1252: false,
        }
    } else {
        Decoded {
            text: decode_windows_1252(body),
            start: 0,
            had_bom,
            windows_1252: true,
        }
    };
    reject_web_responses(&decoded.text[decoded.start..])?;
    Ok(decoded)
}

fn shorten(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max_chars {
        let cut: String = flat.chars().take(max_chars).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// The string value of the first of `keys` in a JSON text, found by
/// search (the body is an error note; a full JSON parser is not needed).
fn json_message(text: &str) -> Option<String> {
    const KEYS: [&str; 8] = [
        "\"message\"",
        "\"Error Message\"",
        "\"error_message\"",
        "\"Note\"",
        "\"Information\"",
        "\"detail\"",
        "\"description\"",
        "\"error\"",
    ];
    KEYS.iter().find_map(|key| {
        let after_key = &text[text.find(key)? + key.len()..];
        let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
        let body = after_colon.strip_prefix('"')?;
        let end = body.find('"')?;
        Some(body[..end].to_string())
    })
}

fn html_title(lower: &str, original: &str) -> String {
    let Some(open) = lower.find("<title") else {
        return String::new();
    };
    let Some(gt) = lower[open..].find('>') else {
        return String::new();
    };
    let from = open + gt + 1;
    let to = lower[from..]
        .find("</title")
        .map_or(lower.len(), |i| from + i);
    match original.get(from..to) {
        Some(title) if !title.trim().is_empty() => format!(" (title: \"{}\")", shorten(title, 80)),
        _ => String::new(),
    }
}

/// Rejects HTML pages, JSON bodies and rate-limit notes with their own errors.
fn reject_web_responses(text: &[u8]) -> Result<(), IngestError> {
    let head_len = text.len().min(4096);
    let head = String::from_utf8_lossy(&text[..head_len]);
    let lower = head.to_lowercase();
    let trimmed = head.trim_start();
    const RATE_LIMIT: [&str; 6] = [
        "too many requests",
        "rate limit",
        "rate-limit",
        "ratelimit",
        "api call frequency",
        "request limit",
    ];
    if RATE_LIMIT.iter().any(|phrase| lower.contains(phrase)) {
        let excerpt = json_message(&head).unwrap_or_else(|| {
            if trimmed.starts_with('<') {
                html_title(&lower, &head)
                    .trim_start_matches(" (title: \"")
                    .trim_end_matches("\")")
                    .to_string()
            } else {
                head.lines().next().unwrap_or_default().to_string()
            }
        });
        return Err(IngestError::RateLimited {
            excerpt: shorten(&excerpt, 120),
        });
    }
    const MARKUP: [&str; 8] = [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<?xml",
        "<div",
        "<script",
        "<title",
    ];
    // `<` alone is not enough: Stooq's ASCII export starts with `<TICKER>`.
    if trimmed.starts_with('<') && MARKUP.iter().any(|tag| lower.contains(tag)) {
        return Err(IngestError::HtmlPage {
            title: html_title(&lower, &head),
        });
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let excerpt = json_message(&head).unwrap_or_else(|| trimmed.to_string());
        return Err(IngestError::JsonBody {
            excerpt: shorten(&excerpt, 120),
        });
    }
    Ok(())
}

/// Settings shared by the sniffing and the full read.
pub(crate) fn reader_builder(delimiter: u8) -> ReaderBuilder {
    let mut builder = ReaderBuilder::new();
    builder
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'));
    builder
}

/// A sampled record with its 1-based line number.
#[derive(Debug, Clone)]
pub(crate) struct SampleRow {
    pub line: u64,
    /// Byte offset of the record's start (for the row-size estimate).
    pub byte: u64,
    pub fields: Vec<String>,
}

/// Where the header and the data are, as found in the sample.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub delimiter: u8,
    /// Records (not lines) the full read skips before the first data row.
    pub records_before_data: usize,
    /// Title/preamble lines above the header plus extra header lines below it.
    pub lines_skipped: usize,
    pub has_header: bool,
    /// Column names (trimmed; `column N` when there is no header).
    pub columns: Vec<String>,
    /// The ticker from a yfinance `Ticker,...` header line.
    pub ticker: Option<String>,
    /// Sampled data rows, for column detection.
    pub rows: Vec<SampleRow>,
    /// `1.234,5` numbers: only with `;` or tab delimiters.
    pub decimal_comma: bool,
}

impl Layout {
    /// Average bytes per data row in the sample (at least 8), used to
    /// reserve the column vectors once instead of growing them.
    pub(crate) fn bytes_per_row(&self) -> usize {
        match (self.rows.first(), self.rows.last()) {
            (Some(first), Some(last)) if self.rows.len() >= 2 => {
                let span = last.byte.saturating_sub(first.byte) as usize;
                (span / (self.rows.len() - 1)).max(8)
            }
            _ => 64,
        }
    }
}

fn sample_records(sample: &[u8], delimiter: u8) -> Vec<SampleRow> {
    let mut reader = reader_builder(delimiter).from_reader(sample);
    let mut record = ByteRecord::new();
    let mut rows = Vec::new();
    while rows.len() < SAMPLE_RECORDS {
        match reader.read_byte_record(&mut record) {
            Ok(true) => rows.push(SampleRow {
                line: record.position().map_or(0, |p| p.line()),
                byte: record.position().map_or(0, |p| p.byte()),
                fields: record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).trim().to_string())
                    .collect(),
            }),
            Ok(false) | Err(_) => break,
        }
    }
    rows
}

/// (records with the modal field count, modal field count)
fn consistency(rows: &[SampleRow]) -> (usize, usize) {
    let mut best = (0, 0);
    for candidate in rows.iter().map(|r| r.fields.len()) {
        let hits = rows.iter().filter(|r| r.fields.len() == candidate).count();
        if (hits, candidate) > best {
            best = (hits, candidate);
        }
    }
    best
}

/// Characters around numbers that carry no value: currency, percent, spaces.
pub(crate) fn is_decoration(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '%' | '\'' | '_' | ' ' | '\u{a0}' | '\u{202f}'
    )
}

fn looks_numeric(field: &str) -> bool {
    let cleaned: String = field
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '$' | '%' | '\''))
        .collect();
    !cleaned.is_empty() && cleaned.parse::<f64>().is_ok()
}

fn is_date(field: &str) -> bool {
    dates::classify(field.as_bytes()).is_some_and(|s: DateShape| !s.is_unix())
}

/// Header-ish first cells of the extra yfinance header lines.
const EXTRA_HEADER_NAMES: [&str; 5] = ["ticker", "symbol", "date", "datetime", "time"];

/// Finds delimiter, header and first data rows from the start of `text`.
pub(crate) fn sniff(text: &[u8]) -> Result<Layout, IngestError> {
    let sample = if text.len() > SAMPLE_BYTES {
        let head = &text[..SAMPLE_BYTES];
        match head.iter().rposition(|b| *b == b'\n') {
            Some(end) => &head[..end + 1],
            None => {
                return Err(IngestError::LineTooLong {
                    line: 1,
                    limit_kb: SAMPLE_BYTES / 1024,
                })
            }
        }
    } else {
        text
    };
    let (delimiter, rows, width) = DELIMITERS
        .iter()
        .map(|d| {
            let rows = sample_records(sample, *d);
            let (hits, width) = consistency(&rows);
            (*d, rows, width, hits)
        })
        .filter(|(_, _, width, _)| *width >= 2)
        .max_by_key(|(d, _, width, hits)| {
            let preference = DELIMITERS.len() - DELIMITERS.iter().position(|x| x == d).unwrap_or(0);
            (*hits, *width, preference)
        })
        .map(|(d, rows, width, _)| (d, rows, width))
        .ok_or_else(|| {
            // A lone date column: say what is missing rather than "separator".
            let lone = sample_records(sample, b',');
            if lone.len() >= 2
                && lone[1..].iter().all(|r| {
                    r.fields
                        .first()
                        .is_some_and(|f| !f.contains(' ') && is_date(f))
                })
            {
                return IngestError::NoValueColumn {
                    date_column: lone[0].fields.first().cloned().unwrap_or_default(),
                };
            }
            let first = String::from_utf8_lossy(sample);
            IngestError::NoDelimiter {
                first_line: shorten(
                    first.lines().find(|l| !l.trim().is_empty()).unwrap_or(""),
                    60,
                ),
            }
        })?;

    // Title lines above the header ("S&P 500 Historical Data") have one field.
    let preamble = rows
        .iter()
        .take(10)
        .take_while(|r| r.fields.len() == 1 && width >= 2)
        .count();
    let mut rest = rows[preamble..].iter();
    let Some(first) = rest.next() else {
        return Err(IngestError::NoDataRows {
            header: String::new(),
        });
    };
    let headerless = first.fields.first().is_some_and(|f| is_date(f))
        && first.fields.iter().skip(1).any(|f| looks_numeric(f));
    let mut layout = Layout {
        delimiter,
        records_before_data: preamble,
        lines_skipped: preamble,
        has_header: !headerless,
        columns: Vec::new(),
        ticker: None,
        rows: Vec::new(),
        decimal_comma: false,
    };
    if headerless {
        layout.columns = (1..=first.fields.len())
            .map(|i| format!("column {i}"))
            .collect();
        layout.rows.push(first.clone());
    } else {
        layout.columns = first.fields.clone();
        layout.records_before_data += 1;
        // yfinance multi-index exports: `Ticker,^NDX,...` and `Date,,,` lines.
        let mut extra = rest.clone().take(3).take_while(|r| {
            let head = r
                .fields
                .first()
                .map(|f| f.to_lowercase())
                .unwrap_or_default();
            EXTRA_HEADER_NAMES.contains(&head.as_str())
                && !r.fields.iter().skip(1).any(|f| looks_numeric(f))
        });
        for line in extra.by_ref() {
            let head = line.fields.first().cloned().unwrap_or_default();
            if head.eq_ignore_ascii_case("ticker") || head.eq_ignore_ascii_case("symbol") {
                layout.ticker = line.fields.iter().skip(1).find(|f| !f.is_empty()).cloned();
            } else if let Some(name) = layout.columns.first_mut() {
                // The first column of `Price,Close,...` is really the date.
                *name = head;
            }
            layout.records_before_data += 1;
            layout.lines_skipped += 1;
            rest.next();
        }
    }
    layout.rows.extend(rest.cloned());
    layout.decimal_comma = delimiter != b',' && {
        layout.rows.iter().any(|r| {
            r.fields.iter().skip(1).any(|f| {
                let kept: String = f.chars().filter(|c| !is_decoration(*c)).collect();
                kept.contains(',')
                    && kept.chars().any(|c| c.is_ascii_digit())
                    && kept
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+'))
            })
        })
    };
    Ok(layout)
}
