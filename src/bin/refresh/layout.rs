//! The layout of a file in `public/data/`, read from the file being
//! replaced, and fresh rows written in exactly that layout: same header,
//! same line ending, same number style, so the page's samples keep loading.

use std::fmt::Write as _;

use super::error::RefreshError;
use super::fred::Observation;
use super::sources::Bar;

/// How the current file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The header line, without its line ending.
    pub header: String,
    /// `\r\n` or `\n`.
    pub newline: &'static str,
    /// Decimals of the value column in the last row, when at most 6 (a
    /// rounded file); `None` = full precision.
    pub decimals: Option<usize>,
}

impl Layout {
    /// Reads the layout from the current file's bytes.
    pub fn of(bytes: &[u8]) -> Result<Layout, RefreshError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| RefreshError::Shape("the current file is not UTF-8".to_string()))?;
        let header = text
            .lines()
            .next()
            .ok_or_else(|| RefreshError::Shape("the current file is empty".to_string()))?;
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let decimals = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| {
                l.trim_end()
                    .split(',')
                    .nth(header.split(',').count().min(5) - 1)
            })
            .and_then(|v| v.split_once('.'))
            .map(|(_, d)| d.len())
            .filter(|d| *d <= 6);
        Ok(Layout {
            header: header.trim_end().to_string(),
            newline,
            decimals,
        })
    }

    fn columns(&self) -> Vec<String> {
        self.header
            .split(',')
            .map(|c| c.trim().to_ascii_lowercase())
            .collect()
    }

    /// `Date,Value` (a fredapi dump) or `,ID` (pandas): missing values are
    /// left out and numbers written as Python floats (`331000.0`). Else
    /// (`DATE,ID`, `observation_date,ID`: FRED's own CSV) FRED's text is
    /// kept as it is, `.` included.
    fn is_pandas_style(&self) -> bool {
        let columns = self.columns();
        columns.first().is_some_and(|c| c.is_empty()) || columns == ["date", "value"]
    }

    /// Macro observations in this layout.
    pub fn render_macro(&self, rows: &[Observation]) -> Result<String, RefreshError> {
        if self.columns().len() != 2 {
            return Err(RefreshError::Shape(format!(
                "the current file's header {:?} is not date + one value",
                self.header
            )));
        }
        let pandas = self.is_pandas_style();
        let mut out = String::with_capacity(rows.len() * 24);
        out.push_str(&self.header);
        out.push_str(self.newline);
        for (date, value) in rows {
            let text = match (value, pandas) {
                (None, true) => continue,
                (None, false) => ".".to_string(),
                (Some(text), false) => text.clone(),
                (Some(text), true) => {
                    let number: f64 = text
                        .parse()
                        .map_err(|_| RefreshError::Shape(format!("{date}: {text:?}")))?;
                    format!("{number:?}")
                }
            };
            let _ = write!(out, "{date},{text}{}", self.newline);
        }
        Ok(out)
    }

    /// Daily bars in this layout (`Date,Close` or `Date,Open,High,Low,Close,Volume`).
    pub fn render_prices(&self, bars: &[Bar]) -> Result<String, RefreshError> {
        let columns = self.columns();
        if columns.first().map(String::as_str) != Some("date") {
            return Err(RefreshError::Shape(format!(
                "the current file's header {:?} does not start with Date",
                self.header
            )));
        }
        let mut out = String::with_capacity(bars.len() * 64);
        out.push_str(&self.header);
        out.push_str(self.newline);
        for bar in bars {
            let _ = write!(out, "{}", bar.date);
            for column in &columns[1..] {
                let value = match column.as_str() {
                    "open" => self.price(bar.open),
                    "high" => self.price(bar.high),
                    "low" => self.price(bar.low),
                    "close" | "adj close" => self.price(bar.close),
                    "volume" => format!("{:.0}", bar.volume),
                    other => {
                        return Err(RefreshError::Shape(format!(
                            "no provider field for the column {other:?}"
                        )))
                    }
                };
                let _ = write!(out, ",{value}");
            }
            out.push_str(self.newline);
        }
        Ok(out)
    }

    fn price(&self, value: f64) -> String {
        match self.decimals {
            Some(d) => format!("{value:.d$}"),
            None => format!("{value}"),
        }
    }
}
