//! Macro series from the FRED API (`series/observations`, JSON): the
//! documented answer is `{"observations": [{"date": "YYYY-MM-DD",
//! "value": "<number or .>"}, …]}`, values as strings, `"."` = missing.

use chrono::NaiveDate;

use super::error::RefreshError;
use super::sources::Http;

/// The public FRED API; `REFRESH_FRED_BASE` replaces it (tests).
pub const DEFAULT_BASE: &str = "https://api.stlouisfed.org";

/// What the manifest names as the source of a FRED series.
pub const SOURCE: &str = "FRED API series/observations";

/// One observation: its date and FRED's value text, `None` for `"."`.
pub type Observation = (NaiveDate, Option<String>);

/// A FRED client with its key (from `FRED_API_KEY`, never written anywhere).
pub struct Fred<'a> {
    pub http: &'a Http,
    pub base: String,
    pub key: String,
}

/// The page where a person can check a series.
pub fn page_url(id: &str) -> String {
    format!("https://fred.stlouisfed.org/series/{id}")
}

impl Fred<'_> {
    /// Every observation of `id` from `start` on, oldest first.
    pub fn observations(
        &self,
        id: &str,
        start: NaiveDate,
    ) -> Result<Vec<Observation>, RefreshError> {
        let url = format!(
            "{}/fred/series/observations?series_id={id}&api_key={}&file_type=json&observation_start={start}",
            self.base.trim_end_matches('/'),
            self.key
        );
        let body = self.http.get(&url, &[], &self.key)?;
        parse(&body)
    }
}

/// Reads FRED's JSON answer; anything else is a shape error.
pub fn parse(body: &str) -> Result<Vec<Observation>, RefreshError> {
    let value: serde_json::Value = serde_json::from_str(body)
        .map_err(|e| RefreshError::Shape(format!("not FRED's JSON: {e}")))?;
    let list = value
        .get("observations")
        .and_then(|o| o.as_array())
        .ok_or_else(|| RefreshError::Shape("no \"observations\" array".to_string()))?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let date = item
            .get("date")
            .and_then(|d| d.as_str())
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| RefreshError::Shape(format!("observation {i}: no YYYY-MM-DD date")))?;
        let text = item
            .get("value")
            .and_then(|v| v.as_str())
            .ok_or_else(|| RefreshError::Shape(format!("observation {i} ({date}): no value")))?
            .trim();
        if text == "." {
            out.push((date, None));
        } else if text.parse::<f64>().is_ok_and(f64::is_finite) {
            out.push((date, Some(text.to_string())));
        } else {
            return Err(RefreshError::Shape(format!(
                "observation {i} ({date}): value {text:?} is not a number"
            )));
        }
    }
    if out.is_empty() {
        return Err(RefreshError::Shape("no observations".to_string()));
    }
    Ok(out)
}
