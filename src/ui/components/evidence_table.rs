//! What each signal and regime was worth: forward returns after the earlier,
//! non-overlapping episodes against the same statistic on the rule's quiet
//! days, Welch's t with a 90 % interval, Benjamini–Hochberg over the table,
//! and a verdict (edge / noise and why / too few). The method lives in
//! `engine::evidence`; this only formats it.

use leptos::prelude::*;

use crate::engine::evidence::{
    Outcome, Verdict, Why, DEFAULT_CONFIDENCE, DEFAULT_MIN_EPISODES, METHOD,
};
use crate::format::{odds, or_dash, p_value, signed_pct};
use crate::ui::state::AppState;

fn raw(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map(|x| format!("{x}"))
        .unwrap_or_default()
}

fn pct(v: Option<f64>) -> String {
    or_dash(v.map(signed_pct))
}

/// What the verdict cell says, with the reason for `noise`.
fn verdict_text(verdict: Verdict, why: Why) -> &'static str {
    match (verdict, why) {
        (Verdict::Edge, _) => "edge",
        (Verdict::TooFew, _) => "too few episodes",
        (Verdict::Noise, Why::MultipleComparisons) => "noise: not after the table-wide correction",
        (Verdict::Noise, Why::NoTest) => "noise: no test possible",
        (Verdict::Noise, _) => "noise: interval includes the quiet days",
    }
}

/// A percentage as people write it: "90", "10", "2.5".
fn format_level(v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    format!("{rounded}")
}

#[component]
pub fn EvidenceTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (filter, set_filter) = signal(String::new());
    let outcome_note = move || {
        state.settings.with(|s| match s.evidence_outcome {
            Outcome::Spread => "small minus large",
            Outcome::Small => "the small-cap series",
            Outcome::Large => "the large-cap series",
        })
    };
    let rows = move || {
        let needle = filter.get().to_lowercase();
        state.radar.with(|r| {
            r.evidence
                .iter()
                .filter(|e| needle.is_empty() || e.subject.as_str().contains(&needle) || e.subject.label().to_lowercase().contains(&needle))
                .map(|e| {
                    let row = &e.row;
                    let stats = row.stats;
                    let base = row.base;
                    let verdict = row.verdict.as_str();
                    let ci = row.interval;
                    let ci_text = ci.map(|(lo, hi)| format!("{} to {}", signed_pct(lo), signed_pct(hi))).unwrap_or_else(|| "—".to_string());
                    view! {
                        <tr data-testid="evidence-row" data-signal=e.subject.as_str() data-series=e.series.clone()
                            data-horizon=row.horizon.to_string()
                            data-n=stats.map_or(0, |s| s.n).to_string()
                            data-mean=raw(stats.map(|s| s.mean)) data-median=raw(stats.map(|s| s.median))
                            data-hit=raw(stats.map(|s| s.hit_rate))
                            data-base-mean=raw(base.map(|b| b.mean))
                            data-ci-low=raw(ci.map(|c| c.0)) data-ci-high=raw(ci.map(|c| c.1))
                            data-p=raw(row.p()) data-q=raw(row.q)
                            data-n-independent=stats.map_or(0, |s| s.n).to_string()
                            data-method=METHOD data-why=row.why.as_str()
                            data-verdict=verdict>
                            <th scope="row">{e.subject.label()}</th>
                            <td class="num">{row.horizon}</td>
                            <td class="num" title=format!("{} episodes: {} independent, {} overlapping an earlier window, {} without a complete window", row.episodes, stats.map_or(0, |s| s.n), row.overlapping, row.excluded)>
                                {stats.map_or(0, |s| s.n)}{(row.excluded > 0).then(|| view! { <small>{format!(" +{}", row.excluded)}</small> })}
                            </td>
                            <td class="num">{pct(stats.map(|s| s.mean))}</td>
                            <td class="num">{pct(stats.map(|s| s.median))}</td>
                            <td class="num">{or_dash(stats.map(|s| odds(s.hit_rate)))}</td>
                            <td class="num">{pct(stats.map(|s| s.worst))}</td>
                            <td class="num">{pct(stats.map(|s| s.best))}</td>
                            <td class="num base">{pct(base.map(|b| b.mean))}</td>
                            <td class="num">{ci_text}</td>
                            <td class="num">{p_value(row.p())}</td>
                            <td class="num">{p_value(row.q)}</td>
                            <td><span class=format!("verdict verdict-{verdict}")>{verdict_text(row.verdict, row.why)}</span></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel evidence" aria-labelledby="evidence-title">
            <h2 id="evidence-title">"Evidence: what each signal was worth"</h2>
            <p class="note">{move || state.settings.with(|s| format!(
                "Forward returns of {} after each earlier episode (first firing day after at least {} quiet sessions), keeping only episodes whose windows do not overlap, against the same returns on the rule's quiet days (not firing, with data). Welch's t gives each row a p value and a {}% interval of the episodes' mean; q is the p value after the Benjamini–Hochberg correction over every row of the table. Edge only when q ≤ {}%: on random walks that says edge on none of 541 rows. Fewer than {} independent episodes are too few to tell. Windows that end after the as-of date are left out (the +N).",
                outcome_note(),
                s.evidence_gap,
                format_level(DEFAULT_CONFIDENCE * 100.0),
                format_level(s.evidence_fdr),
                DEFAULT_MIN_EPISODES,
            ))}</p>
            <label class="field filter">
                <span>"Filter"</span>
                <input type="search" placeholder="e.g. rsi, claims, regime" on:input=move |ev| set_filter.set(event_target_value(&ev)) />
            </label>
            <div class="table-scroll tall">
                <table class="evidence-table">
                    <thead><tr>
                        <th scope="col">"Signal"</th><th scope="col">"Sessions ahead"</th><th scope="col">"N"</th>
                        <th scope="col">"Mean"</th><th scope="col">"Median"</th><th scope="col">"Hit"</th>
                        <th scope="col">"Worst"</th><th scope="col">"Best"</th><th scope="col">"Quiet days"</th>
                        <th scope="col">{format!("{}% interval", format_level(DEFAULT_CONFIDENCE * 100.0))}</th>
                        <th scope="col"><abbr title="two-sided p value of Welch's t against the quiet days">"p"</abbr></th>
                        <th scope="col"><abbr title="p after the Benjamini–Hochberg false-discovery correction over the table">"q"</abbr></th>
                        <th scope="col">"Verdict"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
