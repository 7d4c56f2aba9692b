//! The link's code tables: the short spellings a share link writes for
//! series kinds, roles, lag frequencies, themes and panels, and the keys
//! it knows in the order it writes them. One table per concept so the
//! query codec, the fragment's overrides and the fuzz dictionaries all
//! spell a value the same way, and the one order lags are written in.

use crate::engine::samples::Role;
use crate::engine::series::{Frequency, SeriesKind};
#[cfg(doc)]
use crate::engine::settings::{SettingSpec, SETTINGS};

/// The link format this page writes (`v=1`) and reads.
pub const URL_VERSION: u32 = 1;
/// The dashboard panels `panels=` may name, in the order a link lists them
/// (new panels are appended, never renamed or moved: an old link's list
/// reads and re-encodes as it was).
pub const PANELS: &[&str] = &[
    "price", "compare", "ratio", "rsi", "macro", "rrg", "macd", "atr", "volume",
];

/// The link's own keys, in the order they are written. The radar settings
/// follow `to` (by their [`SettingSpec::key`], in [`SETTINGS`] order), then
/// `off`, `theme`, `log`, `style`, `lvl` and `panels`. Keys marked repeated in the docs
/// (`u`, `role`, `col`, `kind`, `lag`) may appear once per entry.
pub const KEYS: &[&str] = &[
    "v", "s", "u", "f", "role", "col", "kind", "units", "join", "lag", "asof", "range", "from",
    "to", "off", "theme", "log", "style", "lvl", "panels",
];

/// The keys that may appear once per entry.
pub(super) const REPEATED: &[&str] = &["u", "f", "role", "col", "kind", "units", "lag"];

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

/// How the price panel draws its series (`style=`; absent: a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PriceStyle {
    /// The close as a line (also what a file without open, high and low
    /// shows, whatever the link asks).
    #[default]
    Line,
    /// `style=candles`.
    Candles,
    /// `style=ohlc`: OHLC bars.
    Ohlc,
}

impl PriceStyle {
    pub const ALL: [PriceStyle; 3] = [PriceStyle::Line, PriceStyle::Candles, PriceStyle::Ohlc];

    /// The link's and the `price-style` select's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PriceStyle::Line => "line",
            PriceStyle::Candles => "candles",
            PriceStyle::Ohlc => "ohlc",
        }
    }

    /// The style spelled `text`, if any.
    pub fn parse(text: &str) -> Option<PriceStyle> {
        PriceStyle::ALL.into_iter().find(|s| s.as_str() == text)
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
        SeriesKind::Flows => "flows",
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

pub(super) fn kind_codes() -> String {
    SeriesKind::ALL
        .iter()
        .map(|k| kind_code(*k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Sort rank of a lag entry: kind in [`SeriesKind::ALL`] order, then the
/// every-frequency entry before the frequency-specific ones.
pub(super) fn lag_rank(kind: SeriesKind, frequency: Option<Frequency>) -> (usize, usize) {
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
