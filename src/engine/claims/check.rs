//! Claims → verdicts: each claim computed with the engine as of its date
//! (returns, RSI, SMA and highs from `metrics::series_metrics_at`, macro
//! prints as known on the day through `macro_watch`), and judged against
//! the claimed value within its precision plus a documented allowance.
//!
//! Invariant: never a guess. A claim without a series, a date, a readable
//! kind or data on its date is `CantCheck` with the reason; a forecast is
//! never judged (it becomes a target row).

use chrono::{Datelike, NaiveDate};

use super::aliases::{Alias, AliasTable, SubjectKind};
use super::extract::{Claim, Extraction, Horizon, Measure, Period};
use super::verdict::{fmt, judge, scale, ClaimRow, Verdict, ALLOWANCE_CLAIMS, ALLOWANCE_RATE_PTS};
use crate::engine::align::{release_date, PublicationLag};
use crate::engine::macro_watch::{macro_snapshot, Print};
use crate::engine::series::Series;

/// Checks every claim of `extraction` against the loaded `series`.
pub fn check(extraction: &Extraction, series: &[&Series], aliases: &AliasTable) -> Vec<ClaimRow> {
    let as_of = extraction.article.map(|a| a.as_of());
    extraction
        .claims
        .iter()
        .map(|c| check_one(c, &extraction.text, as_of, series, aliases))
        .collect()
}

struct Ctx<'a> {
    claim: &'a Claim,
    row: ClaimRow,
}

impl Ctx<'_> {
    fn cant(mut self, reason: impl Into<String>) -> ClaimRow {
        self.row.verdict = Verdict::CantCheck;
        self.row.reason = reason.into();
        self.row
    }
}

fn check_one(
    claim: &Claim,
    text: &str,
    as_of: Option<NaiveDate>,
    series: &[&Series],
    aliases: &AliasTable,
) -> ClaimRow {
    let claimed_text = text
        .get(claim.span.0..claim.span.1)
        .unwrap_or("")
        .to_string();
    let alias = claim.subject.and_then(|s| aliases.entries.get(s));
    let date = claim.date.or(as_of);
    let row = ClaimRow {
        kind: claim.measure.kind(),
        series: String::new(),
        subject: alias.map(|a| a.subject.clone()).unwrap_or_default(),
        stand_in: None,
        date,
        horizon: claim.horizon.map(Horizon::code).unwrap_or_default(),
        claimed: claim.value.map(|v| v * scale(claim)),
        percent: claim.percent,
        claimed_text,
        computed: None,
        tolerance: None,
        comparator: claim.comparator,
        verdict: Verdict::CantCheck,
        reason: String::new(),
        span: claim.span,
        sentence: claim.sentence,
        target_pct: None,
    };
    let mut ctx = Ctx { claim, row };
    if let Measure::Other(why) = claim.measure {
        return ctx.cant(why);
    }
    if claim.measure == Measure::Target {
        ctx.row.target_pct = claim.value.filter(|_| claim.percent).map(|v| v / 100.0);
    }
    let Some(alias) = alias else {
        return ctx.cant("no subject: the sentence names no series the alias table knows");
    };
    let Some(date) = date else {
        return ctx.cant("no date: the text has no dateline; type the article's date");
    };
    let Some((found, stand_in)) = alias.resolve(series) else {
        let ids: Vec<&str> = alias
            .ids
            .iter()
            .chain(&alias.stand_ins)
            .map(String::as_str)
            .collect();
        return ctx.cant(format!(
            "no series for {}: load {}",
            alias.subject,
            ids.join(" or ")
        ));
    };
    ctx.row.series = found.id.as_str().to_string();
    if stand_in {
        ctx.row.stand_in = Some(format!("{} stands in for the {}", found.id, alias.subject));
    }
    if alias.kind != SubjectKind::Price {
        return check_macro(ctx, alias, found, date);
    }
    super::check_price::check_price(ctx.claim, ctx.row, found, date, series, aliases)
}

fn check_macro(ctx: Ctx<'_>, alias: &Alias, found: &Series, date: NaiveDate) -> ClaimRow {
    let claim = ctx.claim;
    let lag = PublicationLag::default();
    let Measure::Macro(period) = claim.measure else {
        return ctx.cant("not a macro print");
    };
    let prints: Vec<Print> = found
        .dates
        .iter()
        .zip(&found.close)
        .filter_map(|(d, v)| {
            v.filter(|v| v.is_finite()).map(|value| Print {
                reference: *d,
                released: release_date(*d, found.kind, found.frequency, &lag),
                value,
            })
        })
        .collect();
    let print = match period {
        Some(p) => {
            let wanted = |r: NaiveDate| match p {
                Period::Week(d) => (r - d).num_days().abs() <= 3,
                Period::Month(d) => r.year() == d.year() && r.month() == d.month(),
                Period::Quarter(d) => {
                    r.year() == d.year() && (r.month() - 1) / 3 == (d.month() - 1) / 3
                }
            };
            let Some(p) = prints.iter().find(|x| wanted(x.reference)).copied() else {
                return ctx.cant(format!(
                    "{} has no print for that period ({})",
                    found.id,
                    period_text(p)
                ));
            };
            if p.released > date {
                return ctx.cant(format!(
                    "{}'s value for {} ({}) was released about {}, after {date}: \
                     the file holds a later estimate than the article could read",
                    found.id,
                    p.reference,
                    fmt(p.value),
                    p.released
                ));
            }
            p
        }
        None => match macro_snapshot(found, &lag, Some(date)).known {
            Some(p) => p,
            None => return ctx.cant(format!("{} has no print released by {date}", found.id)),
        },
    };
    let allowance = match alias.kind {
        SubjectKind::Claims => ALLOWANCE_CLAIMS * claim.value.unwrap_or(0.0).abs(),
        _ => ALLOWANCE_RATE_PTS,
    };
    let what = format!(
        "{} for {} (released about {}, known on {date})",
        found.id, print.reference, print.released
    );
    let mut row = judge(ctx.row, claim, print.value, allowance, &what);
    if let Some((last, _)) = found.last_observation() {
        if (last - date).num_days() > 60 {
            row.reason.push_str(&format!(
                "; the file runs to {last}, so its values may be revised since the first print"
            ));
        }
    }
    row
}

fn period_text(p: Period) -> String {
    match p {
        Period::Week(d) => format!("week ended {d}"),
        Period::Month(d) => format!("{}-{:02}", d.year(), d.month()),
        Period::Quarter(d) => format!("{} Q{}", d.year(), (d.month() - 1) / 3 + 1),
    }
}
