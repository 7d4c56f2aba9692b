//! The share link's query: [`UrlState`], the view as a link carries it,
//! and its codec — [`UrlState::encode`] writes the canonical `key=value`
//! pairs, [`UrlState::decode`] reads any text back into a valid state with
//! notices (the module docs of `crate::link` say what valid means).

use chrono::NaiveDate;

use super::codes::{
    frequency_code, kind_code, kind_codes, kind_from_code, lag_rank, role_from_code, PriceStyle,
    Theme, KEYS, REPEATED, URL_VERSION,
};
use super::limits::{MAX_PAIRS, MAX_VALUE_LEN};
use super::notice::{notice, quote, Notice};
use super::values::{
    apply_setting, check_version, column_problem, format_date, per_series, read_date,
    read_excluded, read_formulas, read_lags, read_panels, read_samples, read_urls, read_window,
    upsert,
};
use crate::engine::align::JoinMode;
use crate::engine::range::RangePreset;
use crate::engine::samples::Role;
use crate::engine::series::{Frequency, SeriesKind};
use crate::engine::settings::{RadarSettings, SETTINGS};
use crate::engine::units::Units;

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
    /// `f=A:B`: formula series (`A:B` ratio, `A-B` difference), in order,
    /// as their ids.
    pub formulas: Vec<String>,
    /// `units=ID:code`: a macro panel's FRED units other than levels.
    pub units: Vec<(String, Units)>,
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
    /// `style=candles|ohlc`: the price panel's style (default a line, not
    /// written).
    pub price_style: PriceStyle,
    /// `lvl=`: a horizontal level the user placed on the price chart (a
    /// finite number, in the series' units).
    pub price_level: Option<f64>,
    /// `panels=a,b`: the dashboard's panels (`None`: its default).
    pub panels: Option<Vec<String>>,
}

/// Makes the serializer's output readable: `,` `:` `/` need no escaping in
/// a query (RFC 3986 allows them) and mean nothing special to
/// form-decoding, so `s=IWM%2CSPY` becomes `s=IWM,SPY` and addresses read
/// as addresses. Every other escape (`%26` for `&`, `%23` for `#`, …) stays.
pub(super) fn readable(encoded: &str) -> String {
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
        if self.price_style != PriceStyle::Line {
            pairs.push(("style", self.price_style.as_str().to_string()));
        }
        if let Some(level) = self.price_level.filter(|v| v.is_finite()) {
            pairs.push(("lvl", level.to_string()));
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
        state.formulas = read_formulas(pairs.values("f"), n);
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
        for value in pairs.values("units") {
            let parsed = per_series("units", value, "ICSA:pc1", n, |code| {
                Units::parse(code).ok_or_else(|| {
                    format!(
                        "\"{}\" is not one of FRED's units (lin, chg, ch1, pch, pc1, log)",
                        quote(code)
                    )
                })
            });
            if let Some((id, units)) = parsed {
                upsert(&mut state.units, id, units, "units", value, n);
            }
        }
        // Levels are the default: not kept (the last entry for an id won).
        state.units.retain(|(_, u)| *u != Units::Lin);
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
        if let Some(value) = pairs.take("style", n) {
            match PriceStyle::parse(&value) {
                Some(style) => state.price_style = style,
                None => n.push(notice(
                    "style",
                    format!(
                        "style={} is not line, candles or ohlc; drawing a line.",
                        quote(&value)
                    ),
                )),
            }
        }
        if let Some(value) = pairs.take("lvl", n) {
            match value.parse::<f64>().ok().filter(|v| v.is_finite()) {
                Some(level) => state.price_level = Some(level),
                None => n.push(notice(
                    "lvl",
                    format!("lvl={} is not a number; no level drawn.", quote(&value)),
                )),
            }
        }
        state.panels = pairs.take("panels", n).map(|value| read_panels(&value, n));
        (state, notices)
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
