//! Checked claims as the page's table shows and exports them: what a claim
//! was read as, its values in the claim's own units, the sentence split
//! around the number, and the CSV export.
//!
//! Invariant: text only. Nothing here is markup: the page renders every
//! piece as a text node, so a pasted `<script>` stays text. Slicing is by
//! `str::get`, so a span that does not fall on the text's character
//! boundaries gives an empty piece, never a panic.

use super::extract::Extraction;
use super::verdict::{fmt, ClaimRow};

/// File names the panel reads as a commentary (HTML has its tags
/// stripped by `text::clean`, never rendered).
pub const COMMENTARY_EXTENSIONS: [&str; 4] = [".txt", ".md", ".html", ".htm"];

/// Whether a picked or dropped file is read as a commentary.
pub fn is_commentary_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    COMMENTARY_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// The horizon code (`ytd`, `63`, `since:2025-10-01`) as words.
pub fn horizon_words(code: &str) -> String {
    match code {
        "" => String::new(),
        "ytd" => "YTD".into(),
        "mtd" => "month to date".into(),
        "1" => "over 1 session".into(),
        "63" => "over 3 months (63 sessions)".into(),
        other => match other.strip_prefix("since:") {
            Some(d) => format!("since {d}"),
            None => format!("over {other} sessions"),
        },
    }
}

/// What the claim was read as: "RUT return YTD as of 2026-01-16".
pub fn read_as(row: &ClaimRow) -> String {
    let what = match row.kind {
        "return" => "return",
        "spread" => "return spread",
        "level" => "level",
        "record" => "record close",
        "rsi" => "RSI",
        "streak" => "streak",
        "macro" => "print",
        "target" => "target",
        _ => return "not a checkable claim".into(),
    };
    let subject = if row.series.is_empty() {
        row.subject.clone()
    } else {
        row.series.clone()
    };
    let mut out = [subject.as_str(), what, &horizon_words(&row.horizon)]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(d) = row.date {
        out.push_str(&format!(" as of {d}"));
    }
    out
}

/// A value of the row (claimed or computed) in the claim's units:
/// `+7.89%` for a percentage, `6.51 pts` for a lead without a number,
/// `201,000` for a print, `71.52` for an RSI.
pub fn value_text(row: &ClaimRow, v: f64) -> String {
    if row.percent {
        let pct = v * 100.0;
        let sign = if pct > 0.0 && row.kind != "rsi" && row.kind != "macro" {
            "+"
        } else {
            ""
        };
        format!("{sign}{pct:.2}%")
    } else if row.kind == "spread" {
        format!("{v:+.2} pts")
    } else if v.abs() >= 1000.0 {
        grouped(v)
    } else {
        fmt(v)
    }
}

/// The computed cell: the value in the claim's units, or for a target the
/// level it points to ("2,865.18"); "—" when nothing was computed.
pub fn computed_text(row: &ClaimRow) -> String {
    match row.computed {
        None => "—".into(),
        Some(level) if row.kind == "target" => format!("level {}", grouped(level)),
        Some(v) => value_text(row, v),
    }
}

/// The allowance as the table shows it ("± 0.20%"), empty when none.
pub fn allowance_text(row: &ClaimRow) -> String {
    match row.tolerance {
        Some(t) if t == 0.0 && row.claimed == Some(0.0) => "sign only".into(),
        Some(0.0) => "exact".into(),
        Some(t) if row.percent => format!("± {:.2}%", t * 100.0),
        Some(t) => format!("± {}", if t >= 1000.0 { grouped(t) } else { fmt(t) }),
        None => String::new(),
    }
}

/// `1234567.5` → `1,234,567.5` (two decimals at most, no trailing zeros).
fn grouped(v: f64) -> String {
    let text = fmt(v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The row's sentence in three pieces: before the claim, the claim (the
/// number or phrase, highlighted by the page), after it.
pub fn sentence_parts<'t>(text: &'t str, row: &ClaimRow) -> (&'t str, &'t str, &'t str) {
    let (s0, s1) = row.sentence;
    let (c0, c1) = row.span;
    if s0 <= c0 && c0 <= c1 && c1 <= s1 {
        if let (Some(a), Some(b), Some(c)) = (text.get(s0..c0), text.get(c0..c1), text.get(c1..s1))
        {
            return (a, b, c);
        }
    }
    ("", text.get(s0..s1).unwrap_or(""), "")
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
/// A cell starting with `=`, `+`, `-` or `@` gets a leading `'` so a
/// spreadsheet does not run a pasted formula.
pub fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err() {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The table as CSV: one line per row, the hooks' values (full precision)
/// plus the sentence and the reason.
pub fn rows_csv(extraction: &Extraction, rows: &[ClaimRow]) -> String {
    let mut out = String::from(
        "kind,series,date,horizon,claimed_text,claimed,computed,allowance,verdict,read_as,reason,sentence\n",
    );
    let num = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_default();
    for row in rows {
        let sentence = extraction
            .text
            .get(row.sentence.0..row.sentence.1)
            .unwrap_or("");
        let fields = [
            row.kind.to_string(),
            row.series.clone(),
            row.date.map(|d| d.to_string()).unwrap_or_default(),
            row.horizon.clone(),
            row.claimed_text.clone(),
            num(row.claimed),
            num(row.computed),
            num(row.tolerance),
            row.verdict.code().to_string(),
            read_as(row),
            row.reason.clone(),
            sentence.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_cell(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
