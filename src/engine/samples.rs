//! The bundled sample catalogue: which files under `public/data/` the page
//! offers, what each one is, and which ones load on a first visit.
//!
//! Invariant: every entry names a file that exists in `public/data/` and
//! that `engine::ingest` reads, with no error, into the declared kind
//! (`tests/samples.rs` checks both). Fetching is the UI's job, not this module's.

use crate::engine::series::SeriesKind;

/// A series' part in the small-vs-large comparison (the `data-role` test hook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Small caps (IWM, ^RUT).
    Small,
    /// Large caps (SPY, ^GSPC).
    Large,
    /// Growth / tech (QQQ, ^NDX).
    Growth,
    /// A macro series shown as context.
    Macro,
    /// Flows into small caps (user data, `Date,Value`).
    SmallFlows,
    /// Flows into large caps (user data, `Date,Value`).
    LargeFlows,
    /// No role in the comparison.
    None,
}

impl Role {
    /// Every role, in the order the role picker lists them.
    pub const ALL: [Role; 7] = [
        Role::Small,
        Role::Large,
        Role::Growth,
        Role::Macro,
        Role::SmallFlows,
        Role::LargeFlows,
        Role::None,
    ];

    /// The role with this `data-role` value.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.as_str() == text)
    }

    /// The `data-role` value: `small`, `large`, `growth`, `macro`,
    /// `small-flows`, `large-flows` or empty.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Small => "small",
            Role::Large => "large",
            Role::Growth => "growth",
            Role::Macro => "macro",
            Role::SmallFlows => "small-flows",
            Role::LargeFlows => "large-flows",
            Role::None => "",
        }
    }
}

/// One bundled sample file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// Path under `data/` (as served) and `public/data/` (in the repo).
    pub file: &'static str,
    /// Series id the sample loads as (the `data-series` hook).
    pub id: &'static str,
    /// Short label for the sample button.
    pub label: &'static str,
    pub kind: SeriesKind,
    pub role: Role,
    /// Loaded automatically on a first visit.
    pub default_loaded: bool,
    /// Provenance in one line (the button's tooltip; details in the README).
    pub source: &'static str,
}

/// The bundled FOMC meeting schedule under `data/` (not a series: it feeds
/// the policy rules' countdown; loading another such file replaces it).
pub const FOMC_FILE: &str = "FOMC.csv";

/// The bundled data's `public/data/manifest.json` (written by the refresh
/// tool: source, fetch time, range and checksum per sample), embedded at
/// build time so the page knows it without a request (the refresh workflow
/// rebuilds after every refresh; `tests/refresh.rs` checks the committed
/// file matches the files). Parse it with `freshness::Manifest::parse`.
pub const BUNDLED_MANIFEST: &[u8] = include_bytes!("../../public/data/manifest.json");

/// Every bundled sample, in display order: the three ETFs and their index
/// levels (small, large, growth), then the FRED macro series.
pub const SAMPLES: &[Sample] = &[
    Sample {
        file: "IWM.csv",
        id: "IWM",
        label: "IWM (Russell 2000 ETF)",
        kind: SeriesKind::Price,
        role: Role::Small,
        default_loaded: true,
        source: "Yahoo Finance adjusted OHLCV 2000-05..2026-06, via jonsflow/risk-model@f6b08eb221 data/iwm.csv",
    },
    Sample {
        file: "SPY.csv",
        id: "SPY",
        label: "SPY (S&P 500 ETF)",
        kind: SeriesKind::Price,
        role: Role::Large,
        default_loaded: true,
        source: "Yahoo Finance adjusted OHLCV, 2000-01..2026-06 trim of jonsflow/risk-model@f6b08eb221 data/spy.csv",
    },
    Sample {
        file: "QQQ.csv",
        id: "QQQ",
        label: "QQQ (Nasdaq-100 ETF)",
        kind: SeriesKind::Price,
        role: Role::Growth,
        default_loaded: true,
        source: "Yahoo Finance adjusted OHLCV, 2000-01..2026-06 trim of jonsflow/risk-model@f6b08eb221 data/qqq.csv",
    },
    Sample {
        file: "RUT.csv",
        id: "RUT",
        label: "^RUT Russell 2000 index",
        kind: SeriesKind::Price,
        role: Role::Small,
        default_loaded: false,
        source: "Yahoo Finance index level (yfinance column order; Volume mirrors ^GSPC), 2000-01..2026-02-20, via alitalbi/storage_data_fy@941406838f ^RUT.csv",
    },
    Sample {
        file: "GSPC.csv",
        id: "GSPC",
        label: "^GSPC S&P 500 index",
        kind: SeriesKind::Price,
        role: Role::Large,
        default_loaded: false,
        source: "Yahoo Finance index level, 2000-01..2026-07-10, via YoussefKh200/Slow-Turtle-Research@52d7b0ca70 data/^GSPC.csv",
    },
    Sample {
        file: "NDX.csv",
        id: "NDX",
        label: "^NDX Nasdaq-100 index",
        kind: SeriesKind::Price,
        role: Role::Growth,
        default_loaded: false,
        source: "Yahoo Finance index level, 2000-01..2026-07-10, via YoussefKh200/Slow-Turtle-Research@52d7b0ca70 data/^NDX.csv",
    },
    Sample {
        file: "ICSA.csv",
        id: "ICSA",
        label: "Initial jobless claims (weekly)",
        kind: SeriesKind::JoblessClaims,
        role: Role::Macro,
        default_loaded: true,
        source: "FRED ICSA (DOL), vintage 2026-06, 1999..2026-05-30, via jonsflow/risk-model@aeb4dce024 data/fred/ICSA.csv",
    },
    Sample {
        file: "GDPNOW.csv",
        id: "GDPNOW",
        label: "GDPNow nowcast (quarterly)",
        kind: SeriesKind::GrowthNowcast,
        role: Role::Macro,
        default_loaded: true,
        source: "FRED GDPNOW (Atlanta Fed), final nowcast per quarter 2011Q3..2026Q1, via WGoogle/Econ148_FinalProject@3dc0147278 data/raw/GDPNOW.csv",
    },
    Sample {
        file: "RSAFS.csv",
        id: "RSAFS",
        label: "Retail sales (monthly)",
        kind: SeriesKind::RetailSales,
        role: Role::Macro,
        default_loaded: true,
        source: "FRED RSAFS (Census), vintage 2026-06, 1992..2026-04, via jonsflow/risk-model@aeb4dce024 data/fred/RSAFS.csv",
    },
    Sample {
        file: "PCE.csv",
        id: "PCE",
        label: "Personal consumption (monthly)",
        kind: SeriesKind::Consumption,
        role: Role::Macro,
        default_loaded: true,
        source: "FRED PCE (BEA), 1959..2025-08, via yinkaadx/indicators-dashboard@3ebe674b74 data/fred/PCE.csv",
    },
    Sample {
        file: "FEDFUNDS.csv",
        id: "FEDFUNDS",
        label: "Fed funds rate (monthly)",
        kind: SeriesKind::PolicyRate,
        role: Role::Macro,
        default_loaded: true,
        source: "FRED FEDFUNDS (Fed Board), vintage 2026-06, 1954..2026-05, via jonsflow/risk-model@aeb4dce024 data/fred/FEDFUNDS.csv",
    },
    Sample {
        file: "EFFR.csv",
        id: "EFFR",
        label: "Effective fed funds rate (daily)",
        kind: SeriesKind::PolicyRate,
        role: Role::Macro,
        default_loaded: false,
        source: "FRED EFFR (NY Fed), vintage 2026-06, 2000-07..2026-06-04, via jonsflow/risk-model@aeb4dce024 data/fred/EFFR.csv",
    },
    Sample {
        file: "DGS10.csv",
        id: "DGS10",
        label: "10-year Treasury yield (daily)",
        kind: SeriesKind::TreasuryYield,
        role: Role::Macro,
        default_loaded: false,
        source: "FRED DGS10 (Treasury), vintage 2026-06, 1999..2026-06-04, via jonsflow/risk-model@aeb4dce024 data/fred/DGS10.csv",
    },
    Sample {
        file: "UNRATE.csv",
        id: "UNRATE",
        label: "Unemployment rate (monthly)",
        kind: SeriesKind::Unemployment,
        role: Role::Macro,
        default_loaded: true,
        source: "FRED UNRATE (BLS), 1948..2026-03, Oct 2025 missing ('.'), via JohnsonOliyide/labor-market-dashboard@c09b7b777a UNRATE.csv",
    },
    Sample {
        file: "USREC.csv",
        id: "USREC",
        label: "NBER recession flag (monthly)",
        kind: SeriesKind::Recession,
        role: Role::Macro,
        default_loaded: false,
        source: "FRED USREC (NBER dates), 1854..2026-06, via spoonyio/us-unemployment-history@77bed046c4 USREC.csv",
    },
];

/// The sample with this id, if it is bundled.
pub fn sample(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}
