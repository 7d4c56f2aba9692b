//! Daily ETF prices from Tiingo's end-of-day endpoint
//! (`/tiingo/daily/<ticker>/prices`, JSON): an array of
//! `{"date": "YYYY-MM-DDT00:00:00.000Z", "adjOpen", "adjHigh", "adjLow",
//! "adjClose", "volume", …}`, adjusted for splits and dividends (CRSP
//! method). Tiingo serves stocks, ETFs and funds, not index levels: ^RUT,
//! ^GSPC and ^NDX are licensed by their index providers, so those samples
//! are reported as not refreshed.

use chrono::NaiveDate;

use super::error::RefreshError;
use super::sources::{Bar, Http, PriceSource};

/// Tiingo's API; `REFRESH_PRICES_BASE` replaces it (tests).
pub const DEFAULT_BASE: &str = "https://api.tiingo.com";

/// The index levels among the samples: no licensed source here.
const INDEX_LEVELS: [&str; 3] = ["RUT", "GSPC", "NDX"];

/// Tiingo with its token (from `TIINGO_API_KEY`, sent as a header, never
/// in a URL, never written anywhere).
pub struct Tiingo<'a> {
    pub http: &'a Http,
    pub base: String,
    pub key: String,
}

impl PriceSource for Tiingo<'_> {
    fn source(&self) -> &'static str {
        "Tiingo end-of-day prices API (adjusted OHLC, volume)"
    }

    fn page_url(&self, id: &str) -> String {
        format!(
            "https://www.tiingo.com/{}/overview",
            id.to_ascii_lowercase()
        )
    }

    fn cannot_serve(&self, id: &str) -> Option<&'static str> {
        INDEX_LEVELS
            .contains(&id)
            .then_some("not refreshed: no licensed source (Tiingo serves no index levels)")
    }

    fn daily(&self, id: &str, start: NaiveDate) -> Result<Vec<Bar>, RefreshError> {
        let url = format!(
            "{}/tiingo/daily/{}/prices?startDate={start}&resampleFreq=daily&format=json",
            self.base.trim_end_matches('/'),
            id.to_ascii_lowercase()
        );
        let auth = format!("Token {}", self.key);
        let headers = [
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ];
        let body = self.http.get(&url, &headers, &self.key)?;
        parse(&body)
    }
}

/// Reads Tiingo's JSON array; anything else is a shape error.
pub fn parse(body: &str) -> Result<Vec<Bar>, RefreshError> {
    let value: serde_json::Value = serde_json::from_str(body)
        .map_err(|e| RefreshError::Shape(format!("not Tiingo's JSON: {e}")))?;
    let list = value
        .as_array()
        .ok_or_else(|| RefreshError::Shape("not a JSON array of daily bars".to_string()))?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let date = item
            .get("date")
            .and_then(|d| d.as_str())
            .and_then(|d| d.get(..10))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| RefreshError::Shape(format!("bar {i}: no date")))?;
        let number = |field: &str| {
            item.get(field)
                .and_then(|v| v.as_f64())
                .filter(|v| v.is_finite())
                .ok_or_else(|| {
                    RefreshError::Shape(format!("bar {i} ({date}): no number {field:?}"))
                })
        };
        out.push(Bar {
            date,
            open: number("adjOpen")?,
            high: number("adjHigh")?,
            low: number("adjLow")?,
            close: number("adjClose")?,
            volume: number("volume")?,
        });
    }
    if out.is_empty() {
        return Err(RefreshError::Shape("no bars".to_string()));
    }
    Ok(out)
}
