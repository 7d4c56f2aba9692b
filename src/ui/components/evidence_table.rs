//! What each signal and regime was worth: forward returns after the earlier
//! episodes against the same statistic over all days (the base rate), with
//! a 90 % bootstrap interval and a verdict (edge / noise / too few).

use leptos::prelude::*;

use crate::engine::evidence::{Outcome, Verdict};
use crate::format::{odds, or_dash, signed_pct};
use crate::ui::state::AppState;

fn raw(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map(|x| format!("{x}"))
        .unwrap_or_default()
}

fn pct(v: Option<f64>) -> String {
    or_dash(v.map(signed_pct))
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
                    let verdict_text = match row.verdict {
                        Verdict::Edge => "edge",
                        Verdict::Noise => "noise",
                        Verdict::TooFew => "too few episodes",
                    };
                    view! {
                        <tr data-testid="evidence-row" data-signal=e.subject.as_str() data-series=e.series.clone()
                            data-horizon=row.horizon.to_string()
                            data-n=stats.map_or(0, |s| s.n).to_string()
                            data-mean=raw(stats.map(|s| s.mean)) data-median=raw(stats.map(|s| s.median))
                            data-hit=raw(stats.map(|s| s.hit_rate))
                            data-base-mean=raw(base.map(|b| b.mean))
                            data-ci-low=raw(ci.map(|c| c.0)) data-ci-high=raw(ci.map(|c| c.1))
                            data-verdict=verdict>
                            <th scope="row">{e.subject.label()}</th>
                            <td class="num">{row.horizon}</td>
                            <td class="num" title=format!("{} episodes, {} without a complete window", row.episodes, row.excluded)>
                                {stats.map_or(0, |s| s.n)}{(row.excluded > 0).then(|| view! { <small>{format!(" +{}", row.excluded)}</small> })}
                            </td>
                            <td class="num">{pct(stats.map(|s| s.mean))}</td>
                            <td class="num">{pct(stats.map(|s| s.median))}</td>
                            <td class="num">{or_dash(stats.map(|s| odds(s.hit_rate)))}</td>
                            <td class="num">{pct(stats.map(|s| s.worst))}</td>
                            <td class="num">{pct(stats.map(|s| s.best))}</td>
                            <td class="num base">{pct(base.map(|b| b.mean))}</td>
                            <td class="num">{ci_text}</td>
                            <td><span class=format!("verdict verdict-{verdict}")>{verdict_text}</span></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel evidence" aria-labelledby="evidence-title">
            <h2 id="evidence-title">"Evidence: what each signal was worth"</h2>
            <p class="note">{move || format!(
                "Forward returns of {} after each earlier episode (first firing day after at least {} quiet sessions), against all days: the base rate. Edge only when the 90% bootstrap interval of the episodes' mean excludes the base mean; fewer than 10 episodes are too few to tell. Windows that end after the as-of date are left out (the +N).",
                outcome_note(),
                state.settings.with(|s| s.evidence_gap),
            )}</p>
            <label class="field filter">
                <span>"Filter"</span>
                <input type="search" placeholder="e.g. rsi, claims, regime" on:input=move |ev| set_filter.set(event_target_value(&ev)) />
            </label>
            <div class="table-scroll tall">
                <table class="evidence-table">
                    <thead><tr>
                        <th scope="col">"Signal"</th><th scope="col">"Sessions ahead"</th><th scope="col">"N"</th>
                        <th scope="col">"Mean"</th><th scope="col">"Median"</th><th scope="col">"Hit"</th>
                        <th scope="col">"Worst"</th><th scope="col">"Best"</th><th scope="col">"All days"</th>
                        <th scope="col">"90% interval"</th><th scope="col">"Verdict"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
