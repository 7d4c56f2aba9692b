//! Where fresh data comes from: the price-provider trait, and the one HTTP
//! GET every source uses with the checks common to all of them (status,
//! rate-limit and error bodies, HTML served with 200).

use std::time::Duration;

use chrono::NaiveDate;

use super::error::RefreshError;

/// One daily bar as the page's price files hold it: split- and
/// dividend-adjusted open, high, low and close, and the traded volume.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub date: NaiveDate,
    pub open: f64,
    pub high: f64,
    pub low: f64,
    pub close: f64,
    pub volume: f64,
}

/// A keyed provider of daily prices. Another provider is one more
/// implementation (and one more arm where `run` picks it).
pub trait PriceSource {
    /// What the manifest says the data came from.
    fn source(&self) -> &'static str;
    /// The public page where a person can check this ticker.
    fn page_url(&self, id: &str) -> String;
    /// Why this provider cannot serve `id` (e.g. an index level it has no
    /// licence for), or `None` when it can.
    fn cannot_serve(&self, id: &str) -> Option<&'static str>;
    /// Every daily bar from `start` on, oldest first.
    fn daily(&self, id: &str, start: NaiveDate) -> Result<Vec<Bar>, RefreshError>;
}

/// A blocking HTTP client that hands back the body of a 2xx answer that is
/// not an error page, and a named error otherwise.
pub struct Http {
    agent: ureq::Agent,
}

/// Bodies above this are refused (the largest sample is well under 2 MB).
const MAX_BODY: u64 = 64 * 1024 * 1024;

impl Http {
    pub fn new() -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent("regime-radar-refresh")
            .build()
            .into();
        Http { agent }
    }

    /// GETs `url` with `headers`; `secret` is blanked out of every message.
    pub fn get(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        secret: &str,
    ) -> Result<String, RefreshError> {
        let mut request = self.agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let mut response = request
            .call()
            .map_err(|e| RefreshError::Network(redact(&e.to_string(), secret)))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| RefreshError::Network(redact(&e.to_string(), secret)))?;
        check_body(status, &body, secret)?;
        Ok(body)
    }
}

/// The checks every source shares: 429 or a rate-limit message (whatever
/// the status), any other non-2xx, an HTML page, a JSON error object.
pub fn check_body(status: u16, body: &str, secret: &str) -> Result<(), RefreshError> {
    let snippet = snippet(body, secret);
    let lower = body
        .chars()
        .take(2000)
        .collect::<String>()
        .to_ascii_lowercase();
    let rate_limited = [
        "rate limit",
        "too many requests",
        "request allocation",
        "exceeded your",
        "run over your",
        "api call frequency",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase));
    // A data body is long; a rate-limit notice is a short message.
    if status == 429 || (rate_limited && body.len() < 4096) {
        return Err(RefreshError::RateLimited { status, snippet });
    }
    if !(200..300).contains(&status) {
        return Err(RefreshError::Http { status, snippet });
    }
    let start = lower.trim_start();
    if start.starts_with('<') || start.contains("<html") {
        return Err(RefreshError::Html { status, snippet });
    }
    if start.starts_with('{') {
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(body) {
            let error_keys = [
                "error",
                "error_code",
                "error_message",
                "detail",
                "Error Message",
                "Note",
                "Information",
            ];
            if error_keys.iter().any(|k| map.contains_key(*k)) {
                return Err(RefreshError::ErrorBody { status, snippet });
            }
        }
    }
    Ok(())
}

/// The first 160 characters of a body on one line, `secret` blanked.
pub fn snippet(body: &str, secret: &str) -> String {
    let one_line: String = body
        .chars()
        .take(160)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    redact(one_line.trim(), secret)
}

/// `text` with every occurrence of `secret` replaced by `***`.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        text.to_string()
    } else {
        text.replace(secret, "***")
    }
}
