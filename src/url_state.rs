//! Share links (issue 9): the whole view in one URL, so a link reopens the
//! same analysis — same series, as-of date, range, parameters, regime rules
//! and targets.
//!
//! Two parts, two formats:
//! - the **query** is a [`UrlState`], a type of its own (not the engine's),
//!   turned into short, human-readable `key=value` pairs
//!   (`v=1&s=IWM,SPY&rsi=10`) by [`UrlState::encode`] and read back, pair by
//!   pair and validated, by [`UrlState::decode`];
//! - the **fragment** `#d=…` carries the user's own pasted or uploaded data
//!   ([`SharedSeries`]), which browsers never send to a server: a versioned
//!   binary layout (documented at [`encode_fragment`]), deflate-compressed
//!   and base64url-encoded.
//!
//! Invariants:
//! - **Decoding is total.** [`UrlState::decode`] never panics and never
//!   fails: anything it cannot use becomes a [`Notice`] (a sentence for the
//!   page, quoting user text at most [`QUOTE_CHARS`] characters long) and
//!   the default for that key. [`decode_fragment`] returns a
//!   [`FragmentError`] instead, and never inflates more than
//!   [`MAX_INFLATED_BYTES`].
//! - **Decoding yields a valid state, and valid states round-trip.** A
//!   *valid* `UrlState` is one `decode` could have produced: samples are
//!   bundled ids without repeats; URLs are http(s), without spaces, unique;
//!   ids are series ids ([`is_series_id`]), one entry per id and list, at
//!   most [`MAX_ENTRIES`] per list; columns have 1–[`MAX_COLUMN_CHARS`]
//!   characters and no control characters; lags are sorted (kind, then
//!   frequency, every-frequency first), unique, at most [`MAX_LAG_DAYS`];
//!   dates lie in [`MIN_YEAR`]–[`MAX_YEAR`], the window's `from` before its
//!   `to`; the settings are `RadarSettings` values that survive their own
//!   text form, excluded rules sorted without repeats; panels are known
//!   names without repeats. For such a state `decode(&s.encode()) == (s,
//!   [])`, and `decode` of anything returns such a state.
//! - **Encoding is canonical.** Only values that differ from the defaults
//!   are written, in one fixed key order ([`KEYS`], the settings in
//!   [`SETTINGS`] order), so one view has one link.
//!
//! Nothing here touches the DOM: the page renders every notice and every
//! value from a link as text, never as HTML.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use chrono::{Datelike, NaiveDate};
use miniz_oxide::inflate::TINFLStatus;
use thiserror::Error;

use crate::engine::align::{default_lag_rule, JoinMode, LagRule, PublicationLag, DEFAULT_LAGS};
use crate::engine::range::RangePreset;
use crate::engine::samples::{Role, SAMPLES};
use crate::engine::series::{Frequency, SeriesId, SeriesKind};
use crate::engine::settings::{RadarSettings, SettingError, SettingSpec, SETTINGS};
use crate::engine::signals::RuleId;

/// The link format this page writes (`v=1`) and reads.
pub const URL_VERSION: u32 = 1;
/// Longest value, in characters, a query pair may have; longer ones are
/// ignored with a notice (a URL is the longest legitimate value).
pub const MAX_VALUE_LEN: usize = 2048;
/// Most query pairs read; the rest are ignored with a notice. A valid state
/// never needs more (at most [`MAX_ENTRIES`] per repeated key).
pub const MAX_PAIRS: usize = 400;
/// Most entries of one repeated key (`u`, `role`, `col`, `kind`): a view
/// holds far fewer series, and the cap keeps every valid state under
/// [`MAX_PAIRS`].
pub const MAX_ENTRIES: usize = 64;
/// Longest series id in a link, in characters.
pub const MAX_ID_LEN: usize = 64;
/// Longest value-column name (`col=ID:Column`), in characters.
pub const MAX_COLUMN_CHARS: usize = 200;
/// Largest publication lag a link may set, in days (as the macro watch's input).
pub const MAX_LAG_DAYS: u32 = 730;
/// Earliest year of a date in a link.
pub const MIN_YEAR: i32 = 1900;
/// Latest year of a date in a link.
pub const MAX_YEAR: i32 = 2100;
/// Longest quotation of user text in a notice, in characters (then `…`).
pub const QUOTE_CHARS: usize = 60;
/// The dashboard panels `panels=` may name.
pub const PANELS: &[&str] = &["price", "compare", "ratio", "rsi", "macro", "rrg"];

/// The link's own keys, in the order they are written. The radar settings
/// follow `to` (by their [`SettingSpec::key`], in [`SETTINGS`] order), then
/// `off`, `theme`, `log` and `panels`. Keys marked repeated in the docs
/// (`u`, `role`, `col`, `kind`, `lag`) may appear once per entry.
pub const KEYS: &[&str] = &[
    "v", "s", "u", "role", "col", "kind", "join", "lag", "asof", "range", "from", "to", "off",
    "theme", "log", "panels",
];

/// The keys that may appear once per entry.
const REPEATED: &[&str] = &["u", "role", "col", "kind", "lag"];

/// The page's colour scheme when the link sets one (absent: follow the system).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Theme {
    /// `theme=light`.
    Light,
    /// `theme=dark`.
    Dark,
}

impl Theme {
    /// The link's spelling: `light` or `dark`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme spelled `text`, if any.
    pub fn parse(text: &str) -> Option<Theme> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// Everything a share link's query carries. Build one from the page's
/// state, [`encode`](UrlState::encode) it; [`decode`](UrlState::decode) a
/// query back into one. See the module docs for what makes one valid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UrlState {
    /// `s=`: bundled sample ids to load, in order. `None` (no `s`): the
    /// page's defaults; `Some(vec![])` (`s=`): none.
    pub samples: Option<Vec<String>>,
    /// `u=`: http(s) addresses to fetch, in order.
    pub urls: Vec<String>,
    /// `role=ID:role`: roles that differ from what the page would assign.
    pub roles: Vec<(String, Role)>,
    /// `col=ID:Column`: value-column overrides.
    pub value_columns: Vec<(String, String)>,
    /// `kind=ID:kind`: series-kind overrides.
    pub kinds: Vec<(String, SeriesKind)>,
    /// `join=union`: how price calendars are joined.
    pub join: JoinMode,
    /// `lag=kind.freq:days`: publication-lag overrides, `None` = every
    /// frequency of the kind (see [`UrlState::lag_policy`]).
    pub lags: Vec<(SeriesKind, Option<Frequency>, u32)>,
    /// `asof=YYYY-MM-DD`: the as-of date (`None`: the data's last date).
    pub as_of: Option<NaiveDate>,
    /// `range=`: the chart range preset (default 1y, not written).
    pub range: RangePreset,
    /// `from=…&to=…`: a typed visible range, `from` before `to`.
    pub window: Option<(NaiveDate, NaiveDate)>,
    /// Every radar setting by its short key, and `off=` for excluded rules.
    pub settings: RadarSettings,
    /// `theme=light|dark` (`None`: follow the system).
    pub theme: Option<Theme>,
    /// `log=1`: log price scale.
    pub log_scale: bool,
    /// `panels=a,b`: the dashboard's panels (`None`: its default).
    pub panels: Option<Vec<String>>,
}

/// Something in a link that could not be used as written, and what was
/// used instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The key it concerns (quoted like user text; empty when it concerns
    /// the whole query).
    pub key: String,
    /// A full sentence for the page, e.g. `rsi=900 is outside 2–100; using 14.`
    pub message: String,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The link code of a series kind (`kind=IWM:price`, `lag=claims.w:5`).
pub fn kind_code(kind: SeriesKind) -> &'static str {
    match kind {
        SeriesKind::Price => "price",
        SeriesKind::JoblessClaims => "claims",
        SeriesKind::GrowthNowcast => "nowcast",
        SeriesKind::Gdp => "gdp",
        SeriesKind::RetailSales => "retail",
        SeriesKind::Consumption => "pce",
        SeriesKind::PolicyRate => "policy",
        SeriesKind::TreasuryYield => "yield",
        SeriesKind::Unemployment => "unemployment",
        SeriesKind::Recession => "recession",
        SeriesKind::Other => "other",
    }
}

/// The series kind with this link code, if any.
pub fn kind_from_code(code: &str) -> Option<SeriesKind> {
    SeriesKind::ALL.into_iter().find(|k| kind_code(*k) == code)
}

/// The link code of a role: its `data-role` value, or `none` for
/// [`Role::None`] (whose `data-role` is empty, which a link cannot show).
pub fn role_code(role: Role) -> &'static str {
    match role {
        Role::None => "none",
        other => other.as_str(),
    }
}

/// The role with this link code, if any (`none` → [`Role::None`]; the empty
/// text is refused, it would be invisible in a link).
pub fn role_from_code(code: &str) -> Option<Role> {
    match code {
        "none" => Some(Role::None),
        "" => None,
        other => Role::parse(other),
    }
}

/// The link code of a lag's frequency: `d`, `w`, `m`, `q`, `i`, or `*` for
/// every frequency.
pub fn frequency_code(frequency: Option<Frequency>) -> &'static str {
    match frequency {
        None => "*",
        Some(Frequency::Daily) => "d",
        Some(Frequency::Weekly) => "w",
        Some(Frequency::Monthly) => "m",
        Some(Frequency::Quarterly) => "q",
        Some(Frequency::Irregular) => "i",
    }
}

/// The frequency with this link code (`Some(None)` for `*`), if any.
pub fn frequency_from_code(code: &str) -> Option<Option<Frequency>> {
    const ALL: [Option<Frequency>; 6] = [
        None,
        Some(Frequency::Daily),
        Some(Frequency::Weekly),
        Some(Frequency::Monthly),
        Some(Frequency::Quarterly),
        Some(Frequency::Irregular),
    ];
    ALL.into_iter().find(|f| frequency_code(*f) == code)
}

/// Whether `id` is a series id a link may name: what
/// [`SeriesId::sanitized`] leaves unchanged (A–Z, 0–9, `_`, `.` not at the
/// ends), 1–[`MAX_ID_LEN`] characters.
pub fn is_series_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN && SeriesId::sanitized(id).as_str() == id
}

/// User text as a notice quotes it: at most [`QUOTE_CHARS`] characters
/// then `…`, control and text-direction characters escaped (`\0`,
/// `\u{202e}`) so a notice always reads in order and shows what was there.
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == QUOTE_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() || is_direction_mark(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Bidirectional-text controls, which could reorder a notice on screen.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn notice(key: &str, message: String) -> Notice {
    Notice {
        key: quote(key),
        message,
    }
}

/// Sort rank of a lag entry: kind in [`SeriesKind::ALL`] order, then the
/// every-frequency entry before the frequency-specific ones.
fn lag_rank(kind: SeriesKind, frequency: Option<Frequency>) -> (usize, usize) {
    let kind_rank = SeriesKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX);
    let frequency_rank = match frequency {
        None => 0,
        Some(Frequency::Daily) => 1,
        Some(Frequency::Weekly) => 2,
        Some(Frequency::Monthly) => 3,
        Some(Frequency::Quarterly) => 4,
        Some(Frequency::Irregular) => 5,
    };
    (kind_rank, frequency_rank)
}

/// The default rule of a kind's catch-all row: the release day a
/// kind-wide (`*`) override keeps.
fn kind_wide_default(kind: SeriesKind) -> LagRule {
    DEFAULT_LAGS
        .iter()
        .find(|row| row.kind == kind && row.frequency.is_none())
        .map(|row| row.rule)
        .unwrap_or(LagRule::SAME_DAY)
}

fn format_date(date: NaiveDate) -> String {
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
fn read_date(key: &str, value: &str, notices: &mut Vec<Notice>) -> Option<NaiveDate> {
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
fn column_problem(column: &str) -> Option<String> {
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
fn split_id<'a>(
    key: &str,
    value: &'a str,
    example: &str,
    notices: &mut Vec<Notice>,
) -> Option<(&'a str, &'a str)> {
    let Some((id, rest)) = value.split_once(':') else {
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
fn upsert<T>(
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
fn apply_setting(
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
fn list_items(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// Makes the serializer's output readable: `,` `:` `/` need no escaping in
/// a query (RFC 3986 allows them) and mean nothing special to
/// form-decoding, so `s=IWM%2CSPY` becomes `s=IWM,SPY` and addresses read
/// as addresses. Every other escape (`%26` for `&`, `%23` for `#`, …) stays.
fn readable(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut rest = encoded;
    while let Some(at) = rest.find('%') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let Some(triple) = rest.get(at..at + 3) else {
            out.push_str(rest.get(at..).unwrap_or(""));
            return out;
        };
        match triple {
            "%2C" => out.push(','),
            "%3A" => out.push(':'),
            "%2F" => out.push('/'),
            other => out.push_str(other),
        }
        rest = rest.get(at + 3..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

impl UrlState {
    /// The canonical query, without the leading `?`: `v=1` first, then only
    /// the values that differ from the defaults, in [`KEYS`] order (lags
    /// sorted, excluded rules in rule order). The default state is `v=1`.
    fn override_pairs(&self, pairs: &mut Vec<(&'static str, String)>) {
        for (id, role) in &self.roles {
            pairs.push(("role", format!("{id}:{}", role_code(*role))));
        }
        for (id, column) in &self.value_columns {
            pairs.push(("col", format!("{id}:{column}")));
        }
        for (id, kind) in &self.kinds {
            pairs.push(("kind", format!("{id}:{}", kind_code(*kind))));
        }
    }

    /// Moves the per-series overrides (`role=`, `col=`, `kind=`) of the
    /// series named in `local` out of this state into one of their own. A
    /// link carries those in its fragment, beside the series' data: the
    /// query is sent to the server that hosts the page, and the names of a
    /// user's own series must not be.
    pub fn take_overrides_of(&mut self, local: &[&str]) -> UrlState {
        fn take<T>(list: &mut Vec<(String, T)>, local: &[&str]) -> Vec<(String, T)> {
            let (mine, rest) = std::mem::take(list)
                .into_iter()
                .partition(|(id, _)| local.contains(&id.as_str()));
            *list = rest;
            mine
        }
        UrlState {
            roles: take(&mut self.roles, local),
            value_columns: take(&mut self.value_columns, local),
            kinds: take(&mut self.kinds, local),
            ..UrlState::default()
        }
    }

    /// The per-series overrides alone, encoded as in a query (no `v=`),
    /// for a fragment: `role=MINE:small&col=MINE:Adj`. Empty when there
    /// are none.
    pub fn encode_overrides(&self) -> String {
        let mut pairs = Vec::new();
        self.override_pairs(&mut pairs);
        if pairs.is_empty() {
            return String::new();
        }
        readable(&serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }

    /// The per-series overrides a fragment carries beside its `d=` data,
    /// read with the query's rules (and notices); any other key there is
    /// ignored with a notice.
    pub fn decode_fragment_overrides(fragment: &str) -> (UrlState, Vec<Notice>) {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let rest: Vec<&str> = fragment
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("d="))
            .collect();
        if rest.is_empty() {
            return (UrlState::default(), Vec::new());
        }
        let (mut others, mut notices) = UrlState::decode(&rest.join("&"));
        let overrides = UrlState {
            roles: std::mem::take(&mut others.roles),
            value_columns: std::mem::take(&mut others.value_columns),
            kinds: std::mem::take(&mut others.kinds),
            ..UrlState::default()
        };
        if others != UrlState::default() {
            notices.push(notice(
                "fragment",
                "the link's fragment carries view settings besides role=, col= and kind=; they belong in the query and were ignored.".to_string(),
            ));
        }
        (overrides, notices)
    }

    /// Adds `other`'s per-series overrides to this state's (for a series
    /// named in both, `other`'s wins).
    pub fn merge_overrides(&mut self, other: UrlState) {
        fn merge<T>(into: &mut Vec<(String, T)>, from: Vec<(String, T)>) {
            for (id, item) in from {
                match into.iter_mut().find(|(i, _)| *i == id) {
                    Some(slot) => slot.1 = item,
                    None => into.push((id, item)),
                }
            }
        }
        merge(&mut self.roles, other.roles);
        merge(&mut self.value_columns, other.value_columns);
        merge(&mut self.kinds, other.kinds);
    }

    pub fn encode(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("v", URL_VERSION.to_string())];
        if let Some(samples) = &self.samples {
            pairs.push(("s", samples.join(",")));
        }
        for url in &self.urls {
            pairs.push(("u", url.clone()));
        }
        self.override_pairs(&mut pairs);
        if self.join == JoinMode::Union {
            pairs.push(("join", "union".to_string()));
        }
        let mut lags = self.lags.clone();
        lags.sort_by_key(|(kind, frequency, _)| lag_rank(*kind, *frequency));
        for (kind, frequency, days) in lags {
            pairs.push((
                "lag",
                format!("{}.{}:{days}", kind_code(kind), frequency_code(frequency)),
            ));
        }
        if let Some(date) = self.as_of {
            pairs.push(("asof", format_date(date)));
        }
        if self.range != RangePreset::default() {
            pairs.push(("range", self.range.as_str().to_string()));
        }
        if let Some((from, to)) = self.window {
            pairs.push(("from", format_date(from)));
            pairs.push(("to", format_date(to)));
        }
        let defaults = RadarSettings::default();
        for spec in SETTINGS {
            let value = self.settings.get(spec.name);
            if value != defaults.get(spec.name) {
                pairs.push((spec.key, value.unwrap_or_default()));
            }
        }
        let mut excluded = self.settings.excluded_rules.clone();
        excluded.sort();
        excluded.dedup();
        if !excluded.is_empty() {
            let names: Vec<&str> = excluded.iter().map(|r| r.as_str()).collect();
            pairs.push(("off", names.join(",")));
        }
        if let Some(theme) = self.theme {
            pairs.push(("theme", theme.as_str().to_string()));
        }
        if self.log_scale {
            pairs.push(("log", "1".to_string()));
        }
        if let Some(panels) = &self.panels {
            pairs.push(("panels", panels.join(",")));
        }
        // Serializing string pairs cannot fail; the fallback only keeps
        // this function total.
        let encoded =
            serde_urlencoded::to_string(&pairs).unwrap_or_else(|_| format!("v={URL_VERSION}"));
        readable(&encoded)
    }

    /// Reads a query (with or without the leading `?`). Total: every pair
    /// is validated on its own; what cannot be used is left at its default
    /// with a [`Notice`], and the result is always a valid state (module
    /// docs). A key given twice keeps its last value (with a notice).
    /// Notices about unreadable pairs (unknown key, value too long) come
    /// first, in link order, then the others in [`KEYS`] order.
    pub fn decode(query: &str) -> (UrlState, Vec<Notice>) {
        let mut notices = Vec::new();
        let n = &mut notices;
        let mut pairs = Pairs::read(query, n);
        let mut state = UrlState::default();

        if let Some(value) = pairs.take("v", n) {
            check_version(&value, n);
        }
        state.samples = pairs.take("s", n).map(|value| read_samples(&value, n));
        state.urls = read_urls(pairs.values("u"), n);
        for value in pairs.values("role") {
            let parsed = per_series("role", value, "IWM:small", n, |code| {
                role_from_code(code).ok_or_else(|| {
                    format!(
                        "\"{}\" is not a role (small, large, growth, macro, small-flows, large-flows, none)",
                        quote(code)
                    )
                })
            });
            if let Some((id, role)) = parsed {
                upsert(&mut state.roles, id, role, "role", value, n);
            }
        }
        for value in pairs.values("col") {
            let parsed = per_series("col", value, "SPY:Close", n, |column| {
                column_problem(column).map_or(Ok(column.to_string()), Err)
            });
            if let Some((id, column)) = parsed {
                upsert(&mut state.value_columns, id, column, "col", value, n);
            }
        }
        for value in pairs.values("kind") {
            let parsed = per_series("kind", value, "ICSA:claims", n, |code| {
                kind_from_code(code).ok_or_else(|| {
                    format!(
                        "\"{}\" is not a series kind ({})",
                        quote(code),
                        kind_codes()
                    )
                })
            });
            if let Some((id, kind)) = parsed {
                upsert(&mut state.kinds, id, kind, "kind", value, n);
            }
        }
        if let Some(value) = pairs.take("join", n) {
            match value.as_str() {
                "union" => state.join = JoinMode::Union,
                "intersection" => state.join = JoinMode::Intersection,
                _ => n.push(notice(
                    "join",
                    format!(
                        "join={} is not union or intersection; using intersection.",
                        quote(&value)
                    ),
                )),
            }
        }
        state.lags = read_lags(pairs.values("lag"), n);
        if let Some(value) = pairs.take("asof", n) {
            state.as_of = read_date("asof", &value, n);
        }
        if let Some(value) = pairs.take("range", n) {
            match RangePreset::parse(&value) {
                Some(preset) => state.range = preset,
                None => n.push(notice(
                    "range",
                    format!(
                        "range={} is not one of ytd, 3m, 6m, 1y, 5y, max; using {}.",
                        quote(&value),
                        RangePreset::default().as_str()
                    ),
                )),
            }
        }
        let from = pairs.take("from", n);
        let to = pairs.take("to", n);
        state.window = read_window(from, to, n);
        for spec in SETTINGS {
            if let Some(value) = pairs.take(spec.key, n) {
                apply_setting(&mut state.settings, spec, &value, n);
            }
        }
        if let Some(value) = pairs.take("off", n) {
            state.settings.excluded_rules = read_excluded(&value, n);
        }
        if let Some(value) = pairs.take("theme", n) {
            match Theme::parse(&value) {
                Some(theme) => state.theme = Some(theme),
                None => n.push(notice(
                    "theme",
                    format!(
                        "theme={} is not light or dark; following the system.",
                        quote(&value)
                    ),
                )),
            }
        }
        if let Some(value) = pairs.take("log", n) {
            match value.as_str() {
                "1" | "true" | "on" => state.log_scale = true,
                "0" | "false" | "off" => state.log_scale = false,
                _ => n.push(notice(
                    "log",
                    format!("log={} is not 1 or 0; using a linear scale.", quote(&value)),
                )),
            }
        }
        state.panels = pairs.take("panels", n).map(|value| read_panels(&value, n));
        (state, notices)
    }

    /// The lags as the engine's [`PublicationLag`]. A link carries days
    /// only: each override keeps the default rule's release day (for `*`,
    /// that of the kind's catch-all row in [`DEFAULT_LAGS`]). Kind-wide
    /// overrides are applied first because [`PublicationLag::set`] drops a
    /// kind's frequency-specific ones.
    pub fn lag_policy(&self) -> PublicationLag {
        let mut policy = PublicationLag::default();
        for (kind, frequency, days) in &self.lags {
            if frequency.is_none() {
                let rule = LagRule {
                    days_after_period_end: *days,
                    ..kind_wide_default(*kind)
                };
                policy.set(*kind, rule);
            }
        }
        for (kind, frequency, days) in &self.lags {
            if let Some(frequency) = frequency {
                let rule = LagRule {
                    days_after_period_end: *days,
                    ..default_lag_rule(*kind, *frequency)
                };
                policy.set_for(*kind, *frequency, rule);
            }
        }
        policy
    }

    /// The overrides of a [`PublicationLag`] as a link's lags: sorted,
    /// days capped at [`MAX_LAG_DAYS`] (release days are not carried).
    pub fn lags_from(policy: &PublicationLag) -> Vec<(SeriesKind, Option<Frequency>, u32)> {
        let mut lags: Vec<(SeriesKind, Option<Frequency>, u32)> = Vec::new();
        for (kind, frequency, rule) in policy.overrides() {
            if !lags.iter().any(|(k, f, _)| k == kind && f == frequency) {
                lags.push((
                    *kind,
                    *frequency,
                    rule.days_after_period_end.min(MAX_LAG_DAYS),
                ));
            }
        }
        lags.sort_by_key(|(kind, frequency, _)| lag_rank(*kind, *frequency));
        lags
    }
}

fn kind_codes() -> String {
    SeriesKind::ALL
        .iter()
        .map(|k| kind_code(*k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `kindcode.freq:days`, or why not.
fn parse_lag(value: &str) -> Result<(SeriesKind, Option<Frequency>, u32), String> {
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

/// A query's pairs sorted by key: a single key keeps its last value and
/// how often it came, a repeated key every value in order.
struct Pairs {
    single: Vec<(&'static str, String, usize)>,
    repeated: Vec<(&'static str, String)>,
}

impl Pairs {
    /// Form-decodes the query (at most [`MAX_PAIRS`] pairs, values at most
    /// [`MAX_VALUE_LEN`] characters) and drops unknown keys, with notices.
    fn read(query: &str, notices: &mut Vec<Notice>) -> Pairs {
        let query = query.strip_prefix('?').unwrap_or(query);
        // Form-decoding is lossy, never failing (`%zz` stays as typed,
        // invalid UTF-8 becomes U+FFFD); the error arm keeps this total.
        let pairs: Vec<(String, String)> = match serde_urlencoded::from_str(query) {
            Ok(pairs) => pairs,
            Err(_) => {
                notices.push(notice(
                    "",
                    "The link's parameters could not be read; using the defaults.".to_string(),
                ));
                Vec::new()
            }
        };
        if pairs.len() > MAX_PAIRS {
            notices.push(notice(
                "",
                format!(
                    "The link has {} parameters; only the first {MAX_PAIRS} are read.",
                    pairs.len()
                ),
            ));
        }
        let mut sorted = Pairs {
            single: Vec::new(),
            repeated: Vec::new(),
        };
        for (key, value) in pairs.into_iter().take(MAX_PAIRS) {
            let chars = value.chars().count();
            if chars > MAX_VALUE_LEN {
                notices.push(notice(
                    &key,
                    format!(
                        "A value of {chars} characters is too long (limit {MAX_VALUE_LEN}); {}= ignored.",
                        quote(&key)
                    ),
                ));
                continue;
            }
            let known = KEYS
                .iter()
                .copied()
                .chain(SETTINGS.iter().map(|s| s.key))
                .find(|k| *k == key);
            match known {
                Some(k) if REPEATED.contains(&k) => sorted.repeated.push((k, value)),
                Some(k) => match sorted.single.iter_mut().find(|(s, _, _)| *s == k) {
                    Some(slot) => {
                        slot.1 = value;
                        slot.2 += 1;
                    }
                    None => sorted.single.push((k, value, 1)),
                },
                None => notices.push(notice(
                    &key,
                    format!("Unknown key \"{}\" ignored.", quote(&key)),
                )),
            }
        }
        sorted
    }

    /// The last value of a single key (a notice if it came more than once).
    fn take(&mut self, key: &'static str, notices: &mut Vec<Notice>) -> Option<String> {
        let at = self.single.iter().position(|(k, _, _)| *k == key)?;
        let (_, value, count) = self.single.swap_remove(at);
        if count > 1 {
            notices.push(notice(
                key,
                format!(
                    "{key} appears {count} times; the last one ({key}={}) is used.",
                    quote(&value)
                ),
            ));
        }
        Some(value)
    }

    /// Every value of a repeated key, in link order.
    fn values(&self, key: &'static str) -> impl Iterator<Item = &str> {
        self.repeated
            .iter()
            .filter(move |(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn check_version(value: &str, notices: &mut Vec<Notice>) {
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
fn read_samples(value: &str, notices: &mut Vec<Notice>) -> Vec<String> {
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
fn read_urls<'a>(values: impl Iterator<Item = &'a str>, notices: &mut Vec<Notice>) -> Vec<String> {
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

/// `ID:rest` with a valid id and a rest `parse` accepts, or a notice.
fn per_series<'a, T>(
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
fn read_lags<'a>(
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
fn read_window(
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
fn read_excluded(value: &str, notices: &mut Vec<Notice>) -> Vec<RuleId> {
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
fn read_panels(value: &str, notices: &mut Vec<Notice>) -> Vec<String> {
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

// ---------------------------------------------------------------------------
// The fragment: the user's own data.

/// Longest fragment (`d=…`, after the `#`) [`encode_fragment`] writes, in
/// characters: links much longer than this break in chat apps and address
/// bars. Larger views go in a downloaded bundle
/// ([`encode_fragment_unlimited`]); [`decode_fragment`] reads both.
pub const MAX_FRAGMENT_CHARS: usize = 100_000;
/// Most bytes the fragment's data may unpack to: the decompression-bomb
/// guard (inflating stops there), and the most [`encode_fragment`] packs.
pub const MAX_INFLATED_BYTES: usize = 16 * 1024 * 1024;
/// Most series one fragment carries.
pub const MAX_SHARED_SERIES: usize = 64;
/// Longest name or source name of a shared series, in UTF-8 bytes: the
/// file-name limit of common file systems, so any real file name fits.
pub const MAX_NAME_BYTES: usize = 255;
/// The payload's layout version.
pub const FRAGMENT_VERSION: u8 = 1;
/// The payload's first bytes.
const MAGIC: &[u8; 2] = b"RR";

/// One series of the user's own data, as it travels in the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSeries {
    /// The name the series was loaded under (its id).
    pub name: String,
    /// The file name (or `pasted`) it came from.
    pub source_name: String,
    /// The original bytes as loaded (the CSV text, unparsed), shared with
    /// the page's copy: a link is recomputed on every change of the view,
    /// and a 40 MB file must not be copied each time.
    pub bytes: std::sync::Arc<[u8]>,
}

/// Why a fragment could not be written or read. Each message is a full
/// sentence the page shows as is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FragmentError {
    /// The encoded data is longer than a link can carry.
    #[error("The shared data is {} characters, over the {} a link can carry: {} too many. Download the bundle instead.", grouped(*.chars), grouped(*.limit), grouped(.chars.saturating_sub(*.limit)))]
    TooLarge {
        /// Characters of the fragment.
        chars: usize,
        /// [`MAX_FRAGMENT_CHARS`].
        limit: usize,
    },
    /// The data unpacks (or would) to more than the limit: a damaged or
    /// hostile link, or a view too large to share.
    #[error("The shared data is over {} bytes once unpacked, the most a link may carry.", grouped(*.limit))]
    InflatedTooLarge {
        /// [`MAX_INFLATED_BYTES`].
        limit: usize,
    },
    /// More series than a fragment carries.
    #[error("{count} local series are more than the {limit} a link can carry.")]
    TooManySeries {
        /// Series given.
        count: usize,
        /// [`MAX_SHARED_SERIES`].
        limit: usize,
    },
    /// A name too long for the layout.
    #[error("The name \"{name}\" is {bytes} bytes long; a link carries names of at most {limit} bytes. Rename it to share it.")]
    NameTooLong {
        /// The name, quoted.
        name: String,
        /// Its length in UTF-8 bytes.
        bytes: usize,
        /// [`MAX_NAME_BYTES`].
        limit: usize,
    },
    /// A character outside base64url.
    #[error("The shared data is damaged: character {position} of it ({found:?}) is not base64url (A–Z, a–z, 0–9, - and _). Copy the whole link again.")]
    NotBase64 {
        /// 1-based position in the data (after `d=`).
        position: usize,
        /// The character found there.
        found: char,
    },
    /// The data ends early.
    #[error("The shared data ends early: the link was probably cut short when it was copied. Copy the whole link again.")]
    Truncated,
    /// The data does not unpack.
    #[error("The shared data is damaged: it does not unpack. Copy the whole link again.")]
    BadDeflate,
    /// The data unpacks, but not into the layout.
    #[error("The shared data unpacks but is not Regime Radar data: {what}.")]
    BadLayout {
        /// What is wrong, for the message.
        what: String,
    },
    /// A layout version this page does not read.
    #[error("The shared data is in format {version}; this page reads format {}. Open the link in an up-to-date Regime Radar.", FRAGMENT_VERSION)]
    UnsupportedVersion {
        /// The version byte found.
        version: u8,
    },
}

/// `163402` → `163,402`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Decodes what [`encode_fragment`] writes: padding optional, and bits
/// past the last byte ignored, so a cut link reads as [`FragmentError::Truncated`]
/// (the inflater runs out) rather than as a bad symbol.
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The fragment for `series`: `d=` + base64url (no padding) of the
/// raw-deflated payload, or `""` for no series. Refused past
/// [`MAX_FRAGMENT_CHARS`] ([`FragmentError::TooLarge`] says by how much).
///
/// Payload layout, version 1 (integers little-endian):
///
/// | bytes | content |
/// |---|---|
/// | 2 | magic `RR` |
/// | 1 | layout version, `1` |
/// | 1 | series count, 0–[`MAX_SHARED_SERIES`] |
/// | per series: 4 + 4 + 4 | lengths of name, source name, bytes (names ≤ [`MAX_NAME_BYTES`]) |
/// | per series: the three | name (UTF-8), source name (UTF-8), bytes |
///
/// Nothing may follow the last series; the whole payload is at most
/// [`MAX_INFLATED_BYTES`].
pub fn encode_fragment(series: &[SharedSeries]) -> Result<String, FragmentError> {
    let fragment = encode_fragment_unlimited(series)?;
    let chars = fragment.len();
    if chars > MAX_FRAGMENT_CHARS {
        return Err(FragmentError::TooLarge {
            chars,
            limit: MAX_FRAGMENT_CHARS,
        });
    }
    Ok(fragment)
}

/// [`encode_fragment`] without the link-length limit, for a downloaded
/// bundle (the payload limits still hold, as [`decode_fragment`] needs them).
pub fn encode_fragment_unlimited(series: &[SharedSeries]) -> Result<String, FragmentError> {
    if series.is_empty() {
        return Ok(String::new());
    }
    let payload = payload(series)?;
    let deflated = miniz_oxide::deflate::compress_to_vec(&payload, 9);
    Ok(format!("d={}", URL_SAFE_NO_PAD.encode(deflated)))
}

fn payload(series: &[SharedSeries]) -> Result<Vec<u8>, FragmentError> {
    let count = u8::try_from(series.len())
        .ok()
        .filter(|c| usize::from(*c) <= MAX_SHARED_SERIES)
        .ok_or(FragmentError::TooManySeries {
            count: series.len(),
            limit: MAX_SHARED_SERIES,
        })?;
    let mut size: usize = 4;
    for s in series {
        for name in [&s.name, &s.source_name] {
            if name.len() > MAX_NAME_BYTES {
                return Err(FragmentError::NameTooLong {
                    name: quote(name),
                    bytes: name.len(),
                    limit: MAX_NAME_BYTES,
                });
            }
        }
        size = size
            .saturating_add(12)
            .saturating_add(s.name.len())
            .saturating_add(s.source_name.len())
            .saturating_add(s.bytes.len());
    }
    let too_large = FragmentError::InflatedTooLarge {
        limit: MAX_INFLATED_BYTES,
    };
    if size > MAX_INFLATED_BYTES {
        return Err(too_large);
    }
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.push(FRAGMENT_VERSION);
    out.push(count);
    for s in series {
        for len in [s.name.len(), s.source_name.len(), s.bytes.len()] {
            // Every length is below the 16 MiB total checked above.
            let len = u32::try_from(len).map_err(|_| too_large.clone())?;
            out.extend_from_slice(&len.to_le_bytes());
        }
        out.extend_from_slice(s.name.as_bytes());
        out.extend_from_slice(s.source_name.as_bytes());
        out.extend_from_slice(&s.bytes);
    }
    Ok(out)
}

/// Reads a fragment: with or without the leading `#`, `d=…` alone or among
/// other `&`-separated parts (the last `d=` counts). No `d=` part means no
/// shared data (`Ok(vec![])`). Inflating stops at [`MAX_INFLATED_BYTES`].
pub fn decode_fragment(fragment: &str) -> Result<Vec<SharedSeries>, FragmentError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(data) = fragment
        .split('&')
        .filter_map(|p| p.strip_prefix("d="))
        .next_back()
    else {
        return Ok(Vec::new());
    };
    // At most two `=` of padding; any other `=` is a bad character below.
    let body = data
        .strip_suffix("==")
        .or_else(|| data.strip_suffix('='))
        .unwrap_or(data);
    if body.is_empty() {
        return Err(FragmentError::Truncated);
    }
    if let Some((index, found)) = body
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(FragmentError::NotBase64 {
            position: index + 1,
            found,
        });
    }
    let deflated = LENIENT_URL_SAFE.decode(body).map_err(|e| match e {
        base64::DecodeError::InvalidByte(offset, byte)
        | base64::DecodeError::InvalidLastSymbol(offset, byte) => FragmentError::NotBase64 {
            position: offset + 1,
            found: char::from(byte),
        },
        // A length no encoder produces (4n + 1): the link was cut.
        base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidPadding => {
            FragmentError::Truncated
        }
    })?;
    let payload = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED_BYTES)
        .map_err(|e| match e.status {
            TINFLStatus::HasMoreOutput => FragmentError::InflatedTooLarge {
                limit: MAX_INFLATED_BYTES,
            },
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                FragmentError::Truncated
            }
            _ => FragmentError::BadDeflate,
        })?;
    parse_payload(&payload)
}

/// A cursor over the payload that refuses to read past its end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).and_then(|b| b.first().copied())
    }

    fn u32(&mut self) -> Option<usize> {
        let b: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(b)).ok()
    }
}

fn bad(what: String) -> FragmentError {
    FragmentError::BadLayout { what }
}

fn parse_payload(payload: &[u8]) -> Result<Vec<SharedSeries>, FragmentError> {
    let mut r = Reader {
        bytes: payload,
        at: 0,
    };
    if r.take(2) != Some(MAGIC.as_slice()) {
        return Err(bad("it does not start with the RR mark".to_string()));
    }
    let version = r
        .u8()
        .ok_or_else(|| bad("it ends before its version".to_string()))?;
    if version != FRAGMENT_VERSION {
        return Err(FragmentError::UnsupportedVersion { version });
    }
    let count = usize::from(
        r.u8()
            .ok_or_else(|| bad("it ends before its series count".to_string()))?,
    );
    if count > MAX_SHARED_SERIES {
        return Err(bad(format!(
            "it lists {count} series, more than {MAX_SHARED_SERIES}"
        )));
    }
    let mut out = Vec::with_capacity(count);
    for n in 1..=count {
        let ends_early = || bad(format!("series {n} of {count} ends early"));
        let name_len = r.u32().ok_or_else(ends_early)?;
        let source_len = r.u32().ok_or_else(ends_early)?;
        let bytes_len = r.u32().ok_or_else(ends_early)?;
        if name_len > MAX_NAME_BYTES || source_len > MAX_NAME_BYTES {
            return Err(bad(format!(
                "series {n} has a name longer than {MAX_NAME_BYTES} bytes"
            )));
        }
        let text = |raw: &[u8], what: &str| {
            String::from_utf8(raw.to_vec())
                .map_err(|_| bad(format!("the {what} of series {n} is not UTF-8 text")))
        };
        let name = text(r.take(name_len).ok_or_else(ends_early)?, "name")?;
        let source_name = text(r.take(source_len).ok_or_else(ends_early)?, "source name")?;
        let bytes = r.take(bytes_len).ok_or_else(ends_early)?.into();
        out.push(SharedSeries {
            name,
            source_name,
            bytes,
        });
    }
    let left = payload.len().saturating_sub(r.at);
    if left > 0 {
        return Err(bad(format!("{left} bytes follow the last series")));
    }
    Ok(out)
}
