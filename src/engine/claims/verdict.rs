//! Verdicts: the row a checked claim becomes, the allowances per kind and
//! the one comparison every kind uses.
//!
//! Invariant: a verdict compares numbers in the claim's own units and
//! states both, the tolerance and where it came from.

use chrono::NaiveDate;

use super::extract::Claim;
use super::patterns::Comparator;

/// Allowance for a return, spread or distance, percent points: vendors'
/// closes, adjusted vs price closes and the hour an article was written
/// move a return by about a tenth of a point (docs/claims.md).
pub const ALLOWANCE_RETURN_PTS: f64 = 0.15;
/// Allowance for an RSI, points: seeds and smoothing variants differ.
pub const ALLOWANCE_RSI: f64 = 1.0;
/// Allowance for a closing level, as a fraction of it.
pub const ALLOWANCE_LEVEL: f64 = 0.001;
/// Allowance for weekly claims, as a fraction: weekly and seasonal-factor
/// revisions between the first print and the bundled vintage.
pub const ALLOWANCE_CLAIMS: f64 = 0.025;
/// Allowance for a rate print (unemployment, GDPNow, fed funds), points.
pub const ALLOWANCE_RATE_PTS: f64 = 0.1;
/// A "record high" holds when a record close falls in this many sessions
/// up to the claim's date (commentary says "fresh records" for the week).
pub const RECORD_SESSIONS: usize = 5;
/// A price series must have a close within this many days before the
/// claim's date (weekends and holidays), else the date is outside the data.
pub const MAX_GAP_DAYS: i64 = 5;

/// The verdict (`data-verdict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Holds,
    Off,
    CantCheck,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Off => "off",
            Verdict::CantCheck => "cant-check",
        }
    }
}

/// One checked claim: the row the page shows and its hooks.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    /// `data-kind`.
    pub kind: &'static str,
    /// `data-series`: the id used (`A-B` for a spread), empty when none.
    pub series: String,
    /// The subject as named in the alias table.
    pub subject: String,
    /// Set when an ETF stands in for the index named.
    pub stand_in: Option<String>,
    /// `data-date`: the date the claim was computed as of.
    pub date: Option<NaiveDate>,
    /// `data-horizon`.
    pub horizon: String,
    /// `data-claimed`: fractions for percentages, else the value.
    pub claimed: Option<f64>,
    /// The claim was written as a percentage (`claimed` and `computed`
    /// are then fractions).
    pub percent: bool,
    /// The claim as written (its number with unit, or its phrase).
    pub claimed_text: String,
    /// `data-computed`, in the units of `claimed`.
    pub computed: Option<f64>,
    /// The half-width allowed around the claim, in the units of `claimed`.
    pub tolerance: Option<f64>,
    pub comparator: Comparator,
    pub verdict: Verdict,
    /// `data-reason`.
    pub reason: String,
    /// Byte span of the claim and of its sentence in the cleaned text.
    pub span: (usize, usize),
    pub sentence: (usize, usize),
    /// A target advance (fraction) for the targets table.
    pub target_pct: Option<f64>,
}

pub fn scale(claim: &Claim) -> f64 {
    if claim.percent {
        0.01
    } else {
        1.0
    }
}

/// Whether `computed` agrees with `claimed` under `comparator`:
/// `precision + allowance` either side (doubled allowance for "about"),
/// one-sided with the allowance for "more than" / "less than".
pub fn agrees(claimed: f64, computed: f64, precision: f64, allowance: f64, c: Comparator) -> bool {
    match c {
        Comparator::Equal => (computed - claimed).abs() <= precision + allowance + 1e-9,
        Comparator::About => (computed - claimed).abs() <= precision + 2.0 * allowance + 1e-9,
        Comparator::AtLeast => computed >= claimed - allowance - 1e-9,
        Comparator::AtMost => computed <= claimed + allowance + 1e-9,
    }
}

/// The tolerance the row shows (half-width; one-sided claims show the
/// allowance).
pub fn tolerance(precision: f64, allowance: f64, c: Comparator) -> f64 {
    match c {
        Comparator::Equal => precision + allowance,
        Comparator::About => precision + 2.0 * allowance,
        Comparator::AtLeast | Comparator::AtMost => allowance,
    }
}

/// Fills the verdict from the computed value (claim units).
pub fn judge(
    mut row: ClaimRow,
    claim: &Claim,
    computed: f64,
    allowance: f64,
    what: &str,
) -> ClaimRow {
    let s = scale(claim);
    let Some(claimed) = claim.value else {
        row.verdict = Verdict::CantCheck;
        row.reason = "no value to compare".into();
        return row;
    };
    let ok = agrees(
        claimed,
        computed,
        claim.precision,
        allowance,
        claim.comparator,
    );
    let tol = tolerance(claim.precision, allowance, claim.comparator);
    row.computed = Some(computed * s);
    row.tolerance = Some(tol * s);
    row.verdict = if ok { Verdict::Holds } else { Verdict::Off };
    let unit = if claim.percent { "%" } else { "" };
    let side = match claim.comparator {
        Comparator::Equal => "±",
        Comparator::About => "about, ±",
        Comparator::AtLeast => "at least, less",
        Comparator::AtMost => "at most, plus",
    };
    row.reason = format!(
        "{what}: computed {} vs claimed {}{unit} ({side} {}{unit}: precision {} + allowance {})",
        fmt(computed),
        fmt(claimed),
        fmt(tol),
        fmt(claim.precision),
        fmt(allowance)
    );
    if let Some(note) = &row.stand_in {
        row.reason.push_str(&format!("; {note}"));
    }
    if claim.horizon_carried {
        row.reason
            .push_str("; horizon carried from an earlier sentence");
    }
    row
}

/// A number for a reason: up to 4 significant decimals, no trailing zeros.
pub fn fmt(v: f64) -> String {
    let s = if v.abs() >= 1000.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    };
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}
