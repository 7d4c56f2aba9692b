//! Bringing a loaded series up to date with a file downloaded by hand:
//! which loaded series a file updates ([`find_match`]: its header code, its
//! file name, else its closes against each loaded price series on the dates
//! they share) and how ([`update`]: replace, or splice a shorter file onto
//! the longer history, the older part scaled by the level ratio on the first
//! shared date).
//!
//! Invariant: pure; the result keeps the loaded series' id, name and kind
//! (so its role and lag rules stay), its dates strictly increase, and the
//! new file's values are taken as they are.

use chrono::NaiveDate;

use crate::engine::ingest::file_stem;
use crate::engine::series::{Column, Series, SeriesId};

/// Shared sessions needed before closes can identify a series.
pub const MIN_SHARED: usize = 20;
/// Most recent shared sessions compared (dividend adjustment drifts the
/// level ratio over longer spans).
pub const COMPARE_LAST: usize = 250;
/// Largest median |daily log-return difference| for a match: the same
/// instrument differs only by rounding and the odd ex-dividend day.
pub const MAX_RETURN_GAP: f64 = 0.002;
/// Largest |median log level ratio|: adjusted vs unadjusted closes of one
/// instrument differ by a few percent; an index and its ETF by 10×.
pub const MAX_LEVEL_GAP: f64 = 0.223; // ln 1.25

/// Why a file was taken for a loaded series.
#[derive(Debug, Clone, PartialEq)]
pub enum MatchReason {
    /// The header names the series (`observation_date,ICSA`).
    HeaderCode,
    /// The file name names it (`ICSA.csv`, `iwm_us_d.csv`).
    FileName,
    /// Its closes track the series on the dates they share.
    Closes(CloseFit),
    /// Nothing matched and the user said which series it updates.
    Chosen,
}

impl MatchReason {
    /// "its header code", "its file name", "its closes (60 shared sessions …)".
    pub fn words(&self) -> String {
        match self {
            MatchReason::HeaderCode => "matched by its header code".to_string(),
            MatchReason::FileName => "matched by its file name".to_string(),
            MatchReason::Chosen => "chosen by you: it matched no loaded series by itself".to_string(),
            MatchReason::Closes(fit) => format!(
                "matched by its closes: {} shared sessions, level ratio {:.4}, median daily gap {:.5}",
                fit.shared, fit.level_ratio, fit.return_gap
            ),
        }
    }
}

/// How closely two price series agree on the dates they share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CloseFit {
    /// Shared sessions compared (at most [`COMPARE_LAST`]).
    pub shared: usize,
    /// exp(median log(new / loaded)).
    pub level_ratio: f64,
    /// Median |daily log return of new − daily log return of loaded|.
    pub return_gap: f64,
}

/// A loaded series a file updates.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub id: SeriesId,
    pub reason: MatchReason,
}

/// Column names that say what a value is, not which series it is.
const GENERIC: &[&str] = &[
    "value",
    "close",
    "price",
    "adj close",
    "adj_close",
    "last",
    "close/last",
    "open",
    "high",
    "low",
    "volume",
    "rate",
    "level",
    "amount",
    "index",
    "y",
];
/// First-column names of a date column.
const DATE_HEADERS: &[&str] = &[
    "",
    "date",
    "observation_date",
    "time",
    "period",
    "datetime",
    "timestamp",
];

/// The series code a two-column header names: `observation_date,ICSA`,
/// `DATE,UNRATE`, `,GDPNOW` → the code; `Date,Close` → `None`.
pub fn header_code(bytes: &[u8]) -> Option<SeriesId> {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}');
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| line.matches(*d).count())?;
    let cells: Vec<String> = line
        .split(delimiter)
        .map(|c| c.trim().trim_matches('"').trim().to_string())
        .collect();
    let [first, code] = cells.as_slice() else {
        return None;
    };
    if !DATE_HEADERS.contains(&first.to_ascii_lowercase().as_str()) {
        return None;
    }
    let lower = code.to_ascii_lowercase();
    if lower.is_empty() || GENERIC.contains(&lower.as_str()) {
        return None;
    }
    Some(SeriesId::sanitized(code))
}

/// The loaded id a file name names: the whole stem (`^RUT.csv` → RUT), else
/// its first word that is a loaded id (`iwm_us_d.csv` → IWM, `ICSA (1).csv`
/// → ICSA).
pub fn name_match<'a>(source_name: &str, loaded: &[&'a Series]) -> Option<&'a Series> {
    let stem = file_stem(source_name);
    let whole = SeriesId::sanitized(&stem);
    if let Some(found) = loaded.iter().find(|s| s.id == whole) {
        return Some(found);
    }
    stem.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(SeriesId::sanitized)
        .find_map(|word| loaded.iter().find(|s| s.id == word).copied())
}

/// Positive, finite close.
fn positive(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite() && *v > 0.0)
}

/// (new close, loaded close) on every date both have, in date order.
fn shared_closes(new: &Series, old: &Series) -> Vec<(f64, f64)> {
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < new.dates.len() && j < old.dates.len() {
        match new.dates[i].cmp(&old.dates[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let a = new.close.get(i).copied().flatten();
                let b = old.close.get(j).copied().flatten();
                if let (Some(a), Some(b)) = (positive(a), positive(b)) {
                    pairs.push((a, b));
                }
                i += 1;
                j += 1;
            }
        }
    }
    pairs
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// How `new`'s closes agree with `old`'s on their last shared sessions;
/// `None` with fewer than [`MIN_SHARED`].
pub fn close_fit(new: &Series, old: &Series) -> Option<CloseFit> {
    let pairs = shared_closes(new, old);
    if pairs.len() < MIN_SHARED {
        return None;
    }
    let recent = &pairs[pairs.len().saturating_sub(COMPARE_LAST)..];
    let logs: Vec<f64> = recent.iter().map(|(a, b)| (a / b).ln()).collect();
    let mut gaps: Vec<f64> = logs.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let mut levels = logs.clone();
    let level = median(&mut levels)?;
    let return_gap = median(&mut gaps)?;
    Some(CloseFit {
        shared: recent.len(),
        level_ratio: level.exp(),
        return_gap,
    })
}

/// Whether a fit says "the same instrument".
pub fn fits(fit: &CloseFit) -> bool {
    fit.return_gap <= MAX_RETURN_GAP && fit.level_ratio.ln().abs() <= MAX_LEVEL_GAP
}

/// File names that say nothing about the series: a site's generic download
/// name (Nasdaq.com's `HistoricalData_<digits>.csv`, `download.csv`, …).
const GENERIC_STEMS: &[&str] = &[
    "HISTORICALDATA",
    "DOWNLOAD",
    "DATA",
    "EXPORT",
    "CHART",
    "HISTORY",
    "PRICES",
    "QUOTES",
    "TABLE",
    "SERIES",
];

/// The loaded series a file updates: (a) the series its content names (a
/// FRED code in its header, or the ticker line or code the ingest took its
/// id from), (b) when the content names none, the one its file name names
/// (not a generic download name), (c) for a price file, the loaded price
/// series its closes track best ([`fits`]); `None` when nothing says so
/// (the file is then a new series). `new` is the file as `ingest` read it
/// under `source_name` with no name given.
pub fn find_match(
    bytes: &[u8],
    source_name: &str,
    new: &Series,
    loaded: &[&Series],
) -> Option<Match> {
    let stem = file_stem(source_name);
    let stem_id = SeriesId::sanitized(&stem);
    // The ingest names a series by its content before its file name: an id
    // other than the file name's came from the content.
    let content_code = header_code(bytes).or_else(|| (new.id != stem_id).then(|| new.id.clone()));
    if let Some(code) = &content_code {
        if loaded.iter().any(|s| &s.id == code) {
            return Some(Match {
                id: code.clone(),
                reason: MatchReason::HeaderCode,
            });
        }
    }
    let generic_name = GENERIC_STEMS.contains(&stem_id.as_str());
    if content_code.is_none() && !generic_name {
        if let Some(found) = name_match(source_name, loaded) {
            return Some(Match {
                id: found.id.clone(),
                reason: MatchReason::FileName,
            });
        }
    }
    if !new.kind.is_price() {
        return None;
    }
    loaded
        .iter()
        .filter(|s| s.kind.is_price())
        .filter_map(|s| close_fit(new, s).filter(fits).map(|fit| (s, fit)))
        .min_by(|a, b| a.1.return_gap.total_cmp(&b.1.return_gap))
        .map(|(s, fit)| Match {
            id: s.id.clone(),
            reason: MatchReason::Closes(fit),
        })
}

/// What an update did.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The file replaced the series.
    Replaced,
    /// The file's rows from its first date, after the loaded rows before it
    /// (`kept` rows, `first_kept ..= last_kept`) scaled by `ratio`, the level
    /// ratio new / loaded on `shared` (1 for macro data, never scaled).
    Spliced {
        kept: usize,
        first_kept: NaiveDate,
        last_kept: NaiveDate,
        shared: NaiveDate,
        ratio: f64,
    },
}

/// A loaded series brought up to date.
#[derive(Debug, Clone, PartialEq)]
pub struct Updated {
    pub series: Series,
    pub action: Action,
}

impl Updated {
    /// The one message of a file: what it updated, how it matched, its new
    /// last date and what was spliced or replaced.
    pub fn sentence(&self, what: &str, reason: &MatchReason) -> String {
        let s = &self.series;
        let span = match (s.dates.first(), s.last_observation()) {
            (Some(first), Some((last, _))) => format!("now {first} → {last}, {} rows", s.len()),
            _ => format!("now {} rows", s.len()),
        };
        let last = s
            .last_observation()
            .map(|(d, _)| d.to_string())
            .unwrap_or_default();
        let how = match &self.action {
            Action::Replaced => "replaced the loaded series".to_string(),
            Action::Spliced {
                kept,
                first_kept,
                last_kept,
                shared,
                ratio,
            } => {
                if (*ratio - 1.0).abs() < 1e-12 {
                    format!("spliced onto the longer history: {kept} older rows {first_kept} … {last_kept} kept as they were, the file's rows from {shared} on")
                } else {
                    format!("spliced onto the longer history: {kept} older rows {first_kept} … {last_kept} scaled by {ratio:.6} (the level ratio on {shared}, the first shared date: adjusted and unadjusted closes differ by the dividends paid), the file's rows from {shared} on")
                }
            }
        };
        format!(
            "{what} updated {} to {last} ({}); {how}; {span}.",
            s.id,
            reason.words()
        )
    }
}

/// Whether splicing applies by default: the file is shorter than the
/// loaded series and shares a date with it.
pub fn splice_by_default(old: &Series, new: &Series) -> bool {
    new.len() < old.len() && !shared_closes(new, old).is_empty()
}

/// `new` in `old`'s place: the file's values with the loaded id, name and
/// kind.
pub fn replace(old: &Series, new: &Series) -> Updated {
    let mut series = new.clone();
    series.id = old.id.clone();
    series.name = old.name.clone();
    series.kind = old.kind;
    Updated {
        series,
        action: Action::Replaced,
    }
}

/// Joins `old[..cut]` and all of `new` for an optional column: both must
/// have it, else the result has none.
fn join(
    old: Option<&Column>,
    new: Option<&Column>,
    cut: usize,
    scale: Option<f64>,
) -> Option<Column> {
    let (old, new) = (old?, new?);
    let factor = scale.unwrap_or(1.0);
    Some(
        old.iter()
            .take(cut)
            .map(|v| v.map(|x| x * factor))
            .chain(new.iter().copied())
            .collect(),
    )
}

/// `new` spliced onto `old`'s longer history: `old`'s rows before `new`'s
/// first date, scaled (prices only) by the level ratio new / old on the
/// first date both have a close, then every row of `new`. `None` when they
/// share no close.
pub fn splice(old: &Series, new: &Series) -> Option<Updated> {
    let first_new = *new.dates.first()?;
    // The first shared date with a close on both sides.
    let (shared, ratio) = new.dates.iter().zip(&new.close).find_map(|(d, c)| {
        let n = positive(*c)?;
        let j = old.dates.binary_search(d).ok()?;
        let o = positive(old.close.get(j).copied().flatten())?;
        Some((*d, n / o))
    })?;
    let ratio = if old.kind.is_price() { ratio } else { 1.0 };
    let cut = old.dates.partition_point(|d| *d < first_new);
    let price_scale = Some(ratio);
    let mut dates: Vec<NaiveDate> = old.dates[..cut].to_vec();
    dates.extend_from_slice(&new.dates);
    let series = Series {
        id: old.id.clone(),
        name: old.name.clone(),
        kind: old.kind,
        frequency: old.frequency,
        dates,
        close: join(Some(&old.close), Some(&new.close), cut, price_scale)?,
        open: join(old.open.as_ref(), new.open.as_ref(), cut, price_scale),
        high: join(old.high.as_ref(), new.high.as_ref(), cut, price_scale),
        low: join(old.low.as_ref(), new.low.as_ref(), cut, price_scale),
        volume: join(old.volume.as_ref(), new.volume.as_ref(), cut, None),
        raw_close: join(old.raw_close.as_ref(), new.raw_close.as_ref(), cut, None),
    };
    let action = match (
        old.dates.first(),
        cut.checked_sub(1).and_then(|i| old.dates.get(i)),
    ) {
        (Some(first_kept), Some(last_kept)) => Action::Spliced {
            kept: cut,
            first_kept: *first_kept,
            last_kept: *last_kept,
            shared,
            ratio,
        },
        // Nothing older to keep: the file covers the whole history.
        _ => Action::Replaced,
    };
    Some(Updated { series, action })
}

/// Updates `old` with `new`: spliced when `splice_wanted` and the file is
/// shorter and overlaps ([`splice_by_default`]), else replaced.
pub fn update(old: &Series, new: &Series, splice_wanted: bool) -> Updated {
    if splice_wanted && splice_by_default(old, new) {
        if let Some(updated) = splice(old, new) {
            return updated;
        }
    }
    replace(old, new)
}

/// A series as CSV (`Date[,Open,High,Low],Close[,Volume]`, full
/// precision, empty cells for gaps): how an updated series is kept, so a
/// re-read or a share link reproduces it.
pub fn to_csv(series: &Series) -> String {
    let mut columns: Vec<(&str, &Column)> = Vec::new();
    for (name, column) in [
        ("Open", series.open.as_ref()),
        ("High", series.high.as_ref()),
        ("Low", series.low.as_ref()),
    ] {
        if let Some(c) = column {
            columns.push((name, c));
        }
    }
    columns.push(("Close", &series.close));
    if let Some(v) = series.volume.as_ref() {
        columns.push(("Volume", v));
    }
    let mut out = String::with_capacity(series.len() * 16 * (columns.len() + 1));
    out.push_str("Date");
    for (name, _) in &columns {
        out.push(',');
        out.push_str(name);
    }
    out.push('\n');
    for (i, date) in series.dates.iter().enumerate() {
        out.push_str(&date.to_string());
        for (_, column) in &columns {
            out.push(',');
            if let Some(v) = column.get(i).copied().flatten() {
                out.push_str(&v.to_string());
            }
        }
        out.push('\n');
    }
    out
}
