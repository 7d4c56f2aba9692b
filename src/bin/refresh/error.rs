//! Why a series was refused (its old file is kept) or the run could not start.

use thiserror::Error;

/// Everything that can go wrong in a refresh; every variant names the cause.
#[derive(Debug, Error)]
pub enum RefreshError {
    #[error("{0} is not set in the environment")]
    MissingKey(&'static str),
    #[error("network error: {0}")]
    Network(String),
    #[error("rate limited (HTTP {status}): {snippet}")]
    RateLimited { status: u16, snippet: String },
    #[error("HTTP {status}: {snippet}")]
    Http { status: u16, snippet: String },
    #[error("an HTML page instead of data (HTTP {status}): {snippet}")]
    Html { status: u16, snippet: String },
    #[error("an error message instead of data (HTTP {status}): {snippet}")]
    ErrorBody { status: u16, snippet: String },
    #[error("wrong shape: {0}")]
    Shape(String),
    #[error("the page's ingest refuses it: {0}")]
    Ingest(String),
    #[error("wrong header: {found:?} instead of {expected:?}")]
    Header { expected: String, found: String },
    #[error("would truncate: {new} rows instead of the {old} in the current file")]
    Truncated { new: usize, old: usize },
    #[error("goes back in time: last date {new} before the current file's {old}")]
    WentBack { new: String, old: String },
    #[error("stale: last date {last} is {age} days before {today} (limit {limit} days for {frequency} data)")]
    Stale {
        last: String,
        age: i64,
        today: String,
        limit: i64,
        frequency: &'static str,
    },
    #[error("impossible jump on {date}: {from} -> {to} (bound: {bound})")]
    Jump {
        date: String,
        from: f64,
        to: f64,
        bound: String,
    },
    #[error("impossible value on {date}: {value} (bound: {bound})")]
    Range {
        date: String,
        value: f64,
        bound: String,
    },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    #[error("manifest: {0}")]
    Manifest(String),
    #[error("{0}")]
    Usage(String),
}

impl RefreshError {
    /// An I/O error on `path`.
    pub fn io(path: &std::path::Path, err: std::io::Error) -> Self {
        RefreshError::Io {
            path: path.display().to_string(),
            message: err.to_string(),
        }
    }
}
