//! Naming and classifying a series: its id (option, ticker, FRED code or
//! file name), its kind (from known codes or the presence of OHLC columns)
//! and its frequency (from the median spacing of its dates).
//!
//! Invariant: pure functions of the header, file name and dates; the
//! user's `IngestOptions` always win over anything inferred here.

use chrono::NaiveDate;

use crate::engine::series::{Frequency, SeriesKind};

use super::columns::{self, Role};

/// FRED (and similar) series codes this app knows, and what they measure.
const KNOWN_CODES: [(&str, SeriesKind); 20] = [
    ("ICSA", SeriesKind::JoblessClaims),
    ("IC4WSA", SeriesKind::JoblessClaims),
    ("CCSA", SeriesKind::JoblessClaims),
    ("GDPNOW", SeriesKind::GrowthNowcast),
    ("RSAFS", SeriesKind::RetailSales),
    ("RSXFS", SeriesKind::RetailSales),
    ("RRSFS", SeriesKind::RetailSales),
    ("PCE", SeriesKind::Consumption),
    ("PCEC96", SeriesKind::Consumption),
    ("FEDFUNDS", SeriesKind::PolicyRate),
    ("EFFR", SeriesKind::PolicyRate),
    ("DFF", SeriesKind::PolicyRate),
    ("DGS10", SeriesKind::TreasuryYield),
    ("DGS2", SeriesKind::TreasuryYield),
    ("DGS30", SeriesKind::TreasuryYield),
    ("UNRATE", SeriesKind::Unemployment),
    ("USREC", SeriesKind::Recession),
    ("A191RL1Q225SBEA", SeriesKind::Gdp),
    ("GDPC1", SeriesKind::Gdp),
    ("GDP", SeriesKind::Gdp),
];

/// The kind a known series code stands for.
pub fn kind_for_code(code: &str) -> Option<SeriesKind> {
    let code = code.trim().trim_start_matches('^').to_ascii_uppercase();
    KNOWN_CODES
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, kind)| *kind)
}

/// Download names that say nothing about the series: Nasdaq.com's
/// `HistoricalData_<digits>` is handled in [`file_stem`]; these are whole
/// stems (case-insensitive): WSJ's `HistoricalPrices`, Tiingo's `prices`,
/// Alpha Vantage's `query` (a download without its usual name), FRED's
/// `fredgraph` (whose header names the series anyway).
const MEANINGLESS_STEMS: [&str; 4] = ["historicalprices", "prices", "query", "fredgraph"];

/// Alpha Vantage's `datatype=csv` downloads are named `<function>_<SYMBOL>`.
const ALPHA_VANTAGE_PREFIXES: [&str; 6] = [
    "daily_adjusted_",
    "weekly_adjusted_",
    "monthly_adjusted_",
    "daily_",
    "weekly_",
    "monthly_",
];

/// The ticker-like part of a file name: the last path segment without its
/// extension and without anything after the first `_`
/// (`data/IWM_daily.csv` → `IWM`, `^RUT.csv` → `^RUT`). Known download
/// names give their ticker: TradingView's `EXCHANGE_TICKER, 1D.csv`
/// (`AMEX_IWM, 1D.csv` → `IWM`), MarketWatch's
/// `Download Data - FUND_US_XNAS_QQQ.csv` (→ `QQQ`), Alpha Vantage's
/// `daily_adjusted_SPY.csv` (→ `SPY`), Investing.com's
/// `S&P 500 Historical Data.csv` (→ `S&P 500`). A browser's copy number
/// (`IWM (1).csv`) is dropped. Names that say nothing about the series
/// (Nasdaq.com's `HistoricalData_1733600000000.csv`, WSJ's
/// `HistoricalPrices.csv`, Tiingo's `prices.csv`, ...) give `""`, and the
/// series is then called [`UNNAMED`] unless the header or the user names it.
pub fn file_stem(source_name: &str) -> String {
    let last = source_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(source_name)
        .trim();
    let without_ext = match last.rfind('.') {
        Some(dot) if dot > 0 => &last[..dot],
        _ => last,
    };
    let without_ext = without_copy_number(without_ext);
    if let Some((symbol, _interval)) = without_ext.split_once(',') {
        let ticker = symbol.rsplit('_').next().unwrap_or(symbol).trim();
        if !ticker.is_empty() {
            return ticker.to_string();
        }
    }
    if let Some(rest) = strip_prefix_ignore_case(without_ext, "Download Data - ") {
        return rest.rsplit('_').next().unwrap_or(rest).trim().to_string();
    }
    if let Some(name) = strip_suffix_ignore_case(without_ext, " Historical Data") {
        return name.trim().to_string();
    }
    if let Some(symbol) = ALPHA_VANTAGE_PREFIXES
        .iter()
        .find_map(|prefix| strip_prefix_ignore_case(without_ext, prefix))
        .filter(|symbol| !symbol.is_empty() && !symbol.contains('_'))
    {
        return symbol.trim().to_string();
    }
    let first = without_ext.split('_').next().unwrap_or(without_ext).trim();
    let nasdaq = strip_prefix_ignore_case(without_ext, "HistoricalData_")
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()));
    let whole = without_ext.trim();
    if nasdaq
        || MEANINGLESS_STEMS
            .iter()
            .any(|m| whole.eq_ignore_ascii_case(m))
    {
        return String::new();
    }
    first.to_string()
}

/// The name of a series nothing names (no option, ticker, header code or
/// meaningful file name).
pub const UNNAMED: &str = "SERIES";

/// `IWM (1)` → `IWM`: the copy number a browser adds to a repeated download.
fn without_copy_number(stem: &str) -> &str {
    let trimmed = stem.trim_end();
    if let Some(open) = trimmed.strip_suffix(')').and_then(|s| s.rfind(" (")) {
        let number = &trimmed[open + 2..trimmed.len() - 1];
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            return &trimmed[..open];
        }
    }
    stem
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix)
        .then(|| text.get(..cut))
        .flatten()
}

/// A header that names the series itself (`DGS10`, `ICSA`, `SPY`) rather
/// than a generic field (`Value`, `Close`): upper-case letters and digits.
pub fn header_code(header: &str) -> Option<String> {
    let h = header.trim();
    let looks_like_code = (2..=20).contains(&h.len())
        && h.chars().any(|c| c.is_ascii_uppercase())
        && h.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '_' | '^' | '.'));
    let generic = !matches!(columns::role_of(h), Role::Other);
    (looks_like_code && !generic).then(|| h.to_string())
}

/// Where the kind came from, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KindSource {
    /// `IngestOptions::kind`.
    UserChoice,
    /// A known code in the header, ticker line or file name.
    KnownCode(String),
    /// Open/high/low/close columns: a traded price.
    PriceColumns,
    /// Nothing recognised.
    Unknown,
}

/// Infers the kind from codes (header, ticker, file stem) then columns.
pub(crate) fn infer_kind(codes: &[&str], looks_like_price: bool) -> (SeriesKind, KindSource) {
    if let Some((code, kind)) = codes
        .iter()
        .find_map(|code| kind_for_code(code).map(|k| (code, k)))
    {
        return (kind, KindSource::KnownCode(code.to_string()));
    }
    // Flows have no FRED code; a code that says so is a flows series
    // (it then gets the flows' publication lag).
    if let Some(code) = codes
        .iter()
        .find(|code| code.to_ascii_uppercase().contains("FLOW"))
    {
        return (SeriesKind::Flows, KindSource::KnownCode(code.to_string()));
    }
    if looks_like_price {
        (SeriesKind::Price, KindSource::PriceColumns)
    } else {
        (SeriesKind::Other, KindSource::Unknown)
    }
}

/// Frequency from the median spacing, in days, of consecutive dates
/// (`dates` ascending). Fewer than two dates: irregular.
pub fn infer_frequency(dates: &[NaiveDate]) -> Frequency {
    let mut gaps: Vec<i64> = dates.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    if gaps.is_empty() {
        return Frequency::Irregular;
    }
    let middle = gaps.len() / 2;
    let (_, median, _) = gaps.select_nth_unstable(middle);
    match *median {
        1..=4 => Frequency::Daily,
        5..=10 => Frequency::Weekly,
        25..=35 => Frequency::Monthly,
        80..=100 => Frequency::Quarterly,
        _ => Frequency::Irregular,
    }
}
