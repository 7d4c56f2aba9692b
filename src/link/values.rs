//! Reading one value of a query: dates, addresses, column names, series
//! ids, per-series entries, lags, the typed window, settings, excluded
//! rules and panels. Each reader either returns a valid value or pushes a
//! notice and returns nothing, so decoding stays total.

use chrono::{Datelike, NaiveDate};

use super::codes::{
    frequency_code, frequency_from_code, kind_code, kind_codes, kind_from_code, lag_rank, PANELS,
    URL_VERSION,
};
use super::limits::{MAX_COLUMN_CHARS, MAX_ENTRIES, MAX_ID_LEN, MAX_LAG_DAYS, MAX_YEAR, MIN_YEAR};
use super::notice::{notice, quote, Notice};
use crate::engine::samples::SAMPLES;
use crate::engine::series::{Frequency, SeriesId, SeriesKind};
use crate::engine::settings::{RadarSettings, SettingError, SettingSpec};
use crate::engine::signals::RuleId;

/// Whether `id` is a series id a link may name: what
/// [`SeriesId::sanitized`] leaves unchanged (A–Z, 0–9, `_`, `.` not at the
/// ends), 1–[`MAX_ID_LEN`] characters.
pub fn is_series_id(id: &str) -> bool {
    let plain = |id: &str| {
        !id.is_empty() && id.len() <= MAX_ID_LEN && SeriesId::sanitized(id).as_str() == id
    };
    plain(id) || is_formula_id(id, plain)
}

/// Whether `id` is a formula series' id (`IWM:SPY`, `IWM-SPY`) over two
/// series ids, exactly as the formula writes it.
fn is_formula_id(id: &str, plain: impl Fn(&str) -> bool) -> bool {
    crate::engine::formula::Formula::parse(id)
        .is_ok_and(|f| f.id().as_str() == id && plain(f.a.as_str()) && plain(f.b.as_str()))
}

pub(super) fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Why a date value was refused.
enum DateProblem {
    NotADate,
    OutOfYears,
}

/// Strictly `YYYY-MM-DD` (chrono's `%Y-%m-%d` also takes `2026-1-5` and
/// signed years, which would make two spellings of one link).
fn parse_date(text: &str) -> Result<NaiveDate, DateProblem> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(DateProblem::NotADate);
    }
    let number =
        |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(DateProblem::NotADate);
    };
    let year = i32::try_from(year).map_err(|_| DateProblem::NotADate)?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::NotADate)?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Err(DateProblem::OutOfYears);
    }
    Ok(date)
}

/// A date value, or a notice saying why not.
pub(super) fn read_date(key: &str, value: &str, notices: &mut Vec<Notice>) -> Option<NaiveDate> {
    match parse_date(value) {
        Ok(date) => Some(date),
        Err(DateProblem::NotADate) => {
            notices.push(notice(
                key,
                format!(
                    "{key}={} is not a date (YYYY-MM-DD); ignored.",
                    quote(value)
                ),
            ));
            None
        }
        Err(DateProblem::OutOfYears) => {
            notices.push(notice(
                key,
                format!(
                    "{key}={} is outside the years {MIN_YEAR}–{MAX_YEAR}; ignored.",
                    quote(value)
                ),
            ));
            None
        }
    }
}

/// Why an address cannot be fetched, if it cannot.
fn url_problem(url: &str) -> Option<&'static str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        return Some("only http and https addresses can be fetched");
    };
    let host = rest
        .unwrap_or("")
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    if host.is_empty() {
        return Some("the address names no host");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("an address cannot contain spaces or control characters");
    }
    None
}

/// Why a value-column name cannot be used, if it cannot.
pub(super) fn column_problem(column: &str) -> Option<String> {
    let chars = column.chars().count();
    if chars == 0 {
        Some("no column name is given".to_string())
    } else if chars > MAX_COLUMN_CHARS {
        Some(format!(
            "a column name of {chars} characters is too long (limit {MAX_COLUMN_CHARS})"
        ))
    } else if column.chars().any(char::is_control) {
        Some("a column name cannot contain control characters".to_string())
    } else {
        None
    }
}

/// `ID:rest` of a per-series entry with a valid id, or a notice.
pub(super) fn split_id<'a>(
    key: &str,
    value: &'a str,
    example: &str,
    notices: &mut Vec<Notice>,
) -> Option<(&'a str, &'a str)> {
    // A formula's id has a `:` of its own (`role=IWM:SPY:small`): codes
    // never do, so the id ends at the last one; a column name may, so
    // `col=` ends it at the first.
    let split = if key == "col" {
        value.split_once(':')
    } else {
        value.rsplit_once(':')
    };
    let Some((id, rest)) = split else {
        notices.push(notice(
            key,
            format!(
                "{key}={} is not ID:value (e.g. {key}={example}); ignored.",
                quote(value)
            ),
        ));
        return None;
    };
    if !is_series_id(id) {
        notices.push(notice(
            key,
            format!(
                "{key}={}: \"{}\" is not a series id (A–Z, 0–9, _ and ., at most {MAX_ID_LEN} characters); ignored.",
                quote(value),
                quote(id)
            ),
        ));
        return None;
    }
    Some((id, rest))
}

/// Puts `(id, item)` into a per-series list: an id already there keeps its
/// place and takes the later value (last wins), with a notice.
pub(super) fn upsert<T>(
    list: &mut Vec<(String, T)>,
    id: &str,
    item: T,
    key: &str,
    value: &str,
    notices: &mut Vec<Notice>,
) {
    if let Some(slot) = list.iter_mut().find(|(i, _)| i == id) {
        slot.1 = item;
        notices.push(notice(
            key,
            format!(
                "{key}={}: {} is set more than once; the last one is used.",
                quote(value),
                quote(id)
            ),
        ));
    } else if list.len() >= MAX_ENTRIES {
        notices.push(notice(
            key,
            format!(
                "{key}={}: more than {MAX_ENTRIES} {key} entries; skipped.",
                quote(value)
            ),
        ));
    } else {
        list.push((id.to_string(), item));
    }
}

/// The notice for a setting `set` refused: key=value, why, and the value kept.
fn setting_notice(key: &str, value: &str, error: &SettingError, using: &str) -> String {
    let shown = format!("{key}={}", quote(value));
    let using = if using.is_empty() { "none" } else { using };
    match error {
        SettingError::OutOfRange { min, max, .. } => {
            format!("{shown} is outside {min}–{max}; using {using}.")
        }
        SettingError::NotANumber { .. } => format!("{shown} is not a number; using {using}."),
        SettingError::NotAChoice { choices, .. } => {
            format!("{shown} is not one of {choices}; using {using}.")
        }
        SettingError::Invalid { reason, .. } => format!("{shown}: {reason} Using {using}."),
        SettingError::Unknown(_) => format!("{shown}: {error} Ignored."),
    }
}

/// Applies one setting from its link text. The value must also survive its
/// own text form (`get` then `set` gives it back), so a decoded state always
/// encodes to a link that decodes to it; one that does not (a target of
/// 1e-300 %, shown as 0) is refused like a bad value.
pub(super) fn apply_setting(
    settings: &mut RadarSettings,
    spec: &SettingSpec,
    value: &str,
    notices: &mut Vec<Notice>,
) {
    let before = settings.get(spec.name).unwrap_or_default();
    let mut trial = settings.clone();
    if let Err(error) = trial.set(spec.name, value) {
        notices.push(notice(
            spec.key,
            setting_notice(spec.key, value, &error, &before),
        ));
        return;
    }
    let text = trial.get(spec.name).unwrap_or_default();
    let mut again = trial.clone();
    let stable = again.set(spec.name, &text).is_ok() && again == trial;
    if stable {
        *settings = trial;
    } else {
        let using = if before.is_empty() { "none" } else { &before };
        notices.push(notice(
            spec.key,
            format!(
                "{}={} cannot be written back exactly (it reads as {}); using {using}.",
                spec.key,
                quote(value),
                quote(&text)
            ),
        ));
    }
}

/// The comma-separated items of a list value, trimmed, blanks dropped.
pub(super) fn list_items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// `kindcode.freq:days`, or why not.
pub(super) fn parse_lag(value: &str) -> Result<(SeriesKind, Option<Frequency>, u32), String> {
    let shape = || "expected kind.frequency:days, e.g. lag=claims.w:5".to_string();
    let (target, days) = value.split_once(':').ok_or_else(shape)?;
    let (kind, frequency) = target.split_once('.').ok_or_else(shape)?;
    let kind = kind_from_code(kind).ok_or_else(|| {
        format!(
            "\"{}\" is not a series kind ({})",
            quote(kind),
            kind_codes()
        )
    })?;
    let frequency = frequency_from_code(frequency).ok_or_else(|| {
        format!(
            "\"{}\" is not a frequency (d, w, m, q, i or * for all)",
            quote(frequency)
        )
    })?;
    if days.is_empty() || !days.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("\"{}\" is not a whole number of days", quote(days)));
    }
    match days.parse::<u32>() {
        Ok(d) if d <= MAX_LAG_DAYS => Ok((kind, frequency, d)),
        _ => Err(format!("{} days is outside 0–{MAX_LAG_DAYS}", quote(days))),
    }
}

pub(super) fn check_version(value: &str, notices: &mut Vec<Notice>) {
    if value.trim().parse::<u32>() != Ok(URL_VERSION) {
        notices.push(notice(
            "v",
            format!(
                "v={} is not a link format this page knows (it reads {URL_VERSION}); reading it as {URL_VERSION} as far as possible.",
                quote(value)
            ),
        ));
    }
}

/// `s=`: bundled ids (any case, written as bundled), once each.
pub(super) fn read_samples(value: &str, notices: &mut Vec<Notice>) -> Vec<String> {
    let mut samples: Vec<String> = Vec::new();
    for item in list_items(value) {
        match SAMPLES.iter().find(|s| s.id.eq_ignore_ascii_case(item)) {
            Some(sample) if samples.iter().any(|s| s == sample.id) => notices.push(notice(
                "s",
                format!("s={}: listed twice; loaded once.", quote(item)),
            )),
            Some(sample) => samples.push(sample.id.to_string()),
            None => notices.push(notice(
                "s",
                format!(
                    "s={}: no bundled sample \"{}\"; skipped.",
                    quote(item),
                    quote(item)
                ),
            )),
        }
    }
    samples
}

/// `u=`: fetchable addresses, once each, at most [`MAX_ENTRIES`].
pub(super) fn read_urls<'a>(
    values: impl Iterator<Item = &'a str>,
    notices: &mut Vec<Notice>,
) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for url in values {
        let problem = if let Some(problem) = url_problem(url) {
            Some(format!("{problem}; skipped"))
        } else if urls.iter().any(|u| u == url) {
            Some("listed twice; fetched once".to_string())
        } else if urls.len() >= MAX_ENTRIES {
            Some(format!("more than {MAX_ENTRIES} addresses; skipped"))
        } else {
            None
        };
        match problem {
            Some(problem) => notices.push(notice("u", format!("u={}: {problem}.", quote(url)))),
            None => urls.push(url.to_string()),
        }
    }
    urls
}

/// `f=`: formula series (`IWM:SPY`, `IWM-SPY`), read by the engine's
/// parser and kept as their ids, once each, at most [`MAX_ENTRIES`].
pub(super) fn read_formulas<'a>(
    values: impl Iterator<Item = &'a str>,
    notices: &mut Vec<Notice>,
) -> Vec<String> {
    let mut formulas: Vec<String> = Vec::new();
    for value in values {
        let problem = match crate::engine::formula::Formula::parse(value) {
            Err(e) => Some(format!("{e}; skipped")),
            Ok(f) if !is_series_id(f.id().as_str()) => {
                Some("not a formula over two series ids; skipped".to_string())
            }
            Ok(f) if formulas.contains(&f.id().to_string()) => {
                Some("listed twice; added once".to_string())
            }
            Ok(_) if formulas.len() >= MAX_ENTRIES => {
                Some(format!("more than {MAX_ENTRIES} formulas; skipped"))
            }
            Ok(f) => {
                formulas.push(f.id().to_string());
                None
            }
        };
        if let Some(problem) = problem {
            notices.push(notice("f", format!("f={}: {problem}.", quote(value))));
        }
    }
    formulas
}

/// `ID:rest` with a valid id and a rest `parse` accepts, or a notice.
pub(super) fn per_series<'a, T>(
    key: &str,
    value: &'a str,
    example: &str,
    notices: &mut Vec<Notice>,
    parse: impl Fn(&'a str) -> Result<T, String>,
) -> Option<(&'a str, T)> {
    let (id, rest) = split_id(key, value, example, notices)?;
    match parse(rest) {
        Ok(item) => Some((id, item)),
        Err(problem) => {
            notices.push(notice(
                key,
                format!("{key}={}: {problem}; ignored.", quote(value)),
            ));
            None
        }
    }
}

/// `lag=`: one override per (kind, frequency), last wins, sorted.
pub(super) fn read_lags<'a>(
    values: impl Iterator<Item = &'a str>,
    notices: &mut Vec<Notice>,
) -> Vec<(SeriesKind, Option<Frequency>, u32)> {
    let mut lags: Vec<(SeriesKind, Option<Frequency>, u32)> = Vec::new();
    for value in values {
        match parse_lag(value) {
            Ok((kind, frequency, days)) => {
                if let Some(slot) = lags
                    .iter_mut()
                    .find(|(k, f, _)| *k == kind && *f == frequency)
                {
                    slot.2 = days;
                    notices.push(notice(
                        "lag",
                        format!(
                            "lag={}: {}.{} is set more than once; the last one is used.",
                            quote(value),
                            kind_code(kind),
                            frequency_code(frequency)
                        ),
                    ));
                } else {
                    lags.push((kind, frequency, days));
                }
            }
            Err(problem) => notices.push(notice(
                "lag",
                format!("lag={}: {problem}; ignored.", quote(value)),
            )),
        }
    }
    lags.sort_by_key(|(kind, frequency, _)| lag_rank(*kind, *frequency));
    lags
}

/// `from=…&to=…`: both valid dates, `from` before `to`, or nothing.
pub(super) fn read_window(
    from: Option<String>,
    to: Option<String>,
    notices: &mut Vec<Notice>,
) -> Option<(NaiveDate, NaiveDate)> {
    let from = from.map(|text| (read_date("from", &text, notices), text));
    let to = to.map(|text| (read_date("to", &text, notices), text));
    match (from, to) {
        (Some((Some(from), _)), Some((Some(to), _))) if from < to => Some((from, to)),
        (Some((Some(_), from_text)), Some((Some(_), to_text))) => {
            notices.push(notice(
                "from",
                format!(
                    "from={} is not before to={}; the typed range is ignored.",
                    quote(&from_text),
                    quote(&to_text)
                ),
            ));
            None
        }
        (Some((Some(_), text)), None) => {
            notices.push(notice(
                "from",
                format!(
                    "from={} has no to=; the typed range is ignored.",
                    quote(&text)
                ),
            ));
            None
        }
        (None, Some((Some(_), text))) => {
            notices.push(notice(
                "to",
                format!(
                    "to={} has no from=; the typed range is ignored.",
                    quote(&text)
                ),
            ));
            None
        }
        // A bad date already has its notice.
        _ => None,
    }
}

/// `off=`: known rules, sorted, once each.
pub(super) fn read_excluded(value: &str, notices: &mut Vec<Notice>) -> Vec<RuleId> {
    let mut excluded: Vec<RuleId> = Vec::new();
    for item in list_items(value) {
        match RuleId::parse(item) {
            Some(rule) if excluded.contains(&rule) => {}
            Some(rule) => excluded.push(rule),
            None => notices.push(notice(
                "off",
                format!(
                    "off={}: no rule named \"{}\"; ignored.",
                    quote(item),
                    quote(item)
                ),
            )),
        }
    }
    excluded.sort();
    excluded
}

/// `panels=`: known panel names, once each, in link order.
pub(super) fn read_panels(value: &str, notices: &mut Vec<Notice>) -> Vec<String> {
    let mut panels: Vec<String> = Vec::new();
    for item in list_items(value) {
        if !PANELS.contains(&item) {
            notices.push(notice(
                "panels",
                format!(
                    "panels={}: no panel named \"{}\" (known: {}); skipped.",
                    quote(item),
                    quote(item),
                    PANELS.join(", ")
                ),
            ));
        } else if !panels.iter().any(|p| p == item) {
            panels.push(item.to_string());
        }
    }
    panels
}
