//! Where a person downloads today's copy of each bundled series by hand: the
//! page to open, and what to press there. The page links to these (in a new
//! tab) and never fetches them: the sites send no CORS header and their
//! terms are for people, not scripts.
//!
//! Invariant: one row per bundled sample (`tests/sources.rs` checks it
//! against `SAMPLES`), every URL `https://`.

/// The site a series is downloaded from, with the "how" its pages share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// FRED (St. Louis Fed): macro series.
    Fred,
    /// Nasdaq.com historical data: ETFs and index levels.
    Nasdaq,
}

impl Site {
    pub fn name(self) -> &'static str {
        match self {
            Site::Fred => "FRED",
            Site::Nasdaq => "Nasdaq.com",
        }
    }

    /// What to press on that site's page.
    pub fn how(self) -> &'static str {
        match self {
            Site::Fred => "On the series page press “Download”, then “CSV (data)”. The whole history comes down (ICSA.csv, header observation_date,ICSA); drop it here and it replaces the series.",
            Site::Nasdaq => "Pick a range (“1Y” is enough to bring a copy up to date, “MAX” for the whole history), then press “Download historical data”. The file is HistoricalData_<digits>.csv, newest row first, closes without dividend adjustment: dropped here it is matched by its closes and spliced onto the longer bundled history.",
        }
    }
}

/// One bundled series' download page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The sample's id (`SAMPLES`).
    pub id: &'static str,
    pub site: Site,
    /// The page a person opens.
    pub url: &'static str,
    /// Anything specific to this series (empty: the site's "how" is enough).
    pub note: &'static str,
}

/// Every bundled series' download page, in the catalogue's order.
pub const SOURCES: &[Source] = &[
    Source {
        id: "IWM",
        site: Site::Nasdaq,
        url: "https://www.nasdaq.com/market-activity/etf/iwm/historical",
        note: "",
    },
    Source {
        id: "SPY",
        site: Site::Nasdaq,
        url: "https://www.nasdaq.com/market-activity/etf/spy/historical",
        note: "",
    },
    Source {
        id: "QQQ",
        site: Site::Nasdaq,
        url: "https://www.nasdaq.com/market-activity/etf/qqq/historical",
        note: "",
    },
    Source {
        id: "RUT",
        site: Site::Nasdaq,
        url: "https://www.nasdaq.com/market-activity/index/rut/historical",
        note: "Index levels have no volume. Investing.com's “Russell 2000 Historical Data” page (Download, needs a free account) works as well.",
    },
    Source {
        id: "GSPC",
        site: Site::Nasdaq,
        url: "https://www.nasdaq.com/market-activity/index/spx/historical",
        note: "Nasdaq.com calls the S&P 500 index SPX; the file still loads onto GSPC by its closes.",
    },
    Source {
        id: "NDX",
        site: Site::Nasdaq,
        url: "https://www.nasdaq.com/market-activity/index/ndx/historical",
        note: "",
    },
    Source {
        id: "ICSA",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/ICSA",
        note: "Weekly, out on Thursdays for the week ending the Saturday before.",
    },
    Source {
        id: "GDPNOW",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/GDPNOW",
        note: "FRED keeps the final nowcast per quarter; the Atlanta Fed's own page has the daily history.",
    },
    Source {
        id: "RSAFS",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/RSAFS",
        note: "",
    },
    Source {
        id: "PCE",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/PCE",
        note: "",
    },
    Source {
        id: "FEDFUNDS",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/FEDFUNDS",
        note: "",
    },
    Source {
        id: "EFFR",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/EFFR",
        note: "",
    },
    Source {
        id: "DGS10",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/DGS10",
        note: "",
    },
    Source {
        id: "UNRATE",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/UNRATE",
        note: "",
    },
    Source {
        id: "USREC",
        site: Site::Fred,
        url: "https://fred.stlouisfed.org/series/USREC",
        note: "",
    },
];

/// The download page of a bundled series.
pub fn source(id: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.id == id)
}
