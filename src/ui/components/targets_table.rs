//! Price targets with odds: each advance from the reference level, the
//! share of past windows of the horizon that reached it, and the lognormal
//! (driftless GBM first-passage) estimate from realised volatility.

use leptos::prelude::*;

use crate::engine::targets::implied_pct;
use crate::format::{odds, or_dash, parse_number, percent, signed_pct, with_thousands};
use crate::ui::state::AppState;

#[component]
pub fn TargetsTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (typed, set_typed) = signal(String::new());
    let rows = move || {
        state.radar.with(|r| {
            r.targets
                .iter()
                .map(|t| {
                    let series = state.series.with(|all| {
                        crate::ui::state::role_series(all, crate::engine::samples::Role::Small)
                            .map(|s| s.id.to_string())
                            .unwrap_or_default()
                    });
                    view! {
                        <tr data-testid="target" data-pct=format!("{}", t.pct) data-level=format!("{}", t.level)
                            data-reference=format!("{}", t.reference) data-series=series
                            data-horizon=t.horizon.to_string()
                            data-n-independent=t.independent_windows.to_string()
                            data-odds-empirical=t.empirical.map(|p| format!("{p}")).unwrap_or_default()
                            data-odds-model=t.model.map(|p| format!("{p}")).unwrap_or_default()>
                            <th scope="row">{signed_pct(t.pct)}</th>
                            <td class="num">{with_thousands(t.level, 2)}</td>
                            <td class="num">{with_thousands(t.reference, 2)}</td>
                            <td class="num">{t.horizon}</td>
                            <td class="num" title=format!("{} overlapping windows of {} sessions, {} of them independent (starting {} sessions apart)", t.windows, t.horizon, t.independent_windows, t.horizon)>
                                {or_dash(t.empirical.map(odds))}<small>{format!(" of {} ({} independent)", t.windows, t.independent_windows)}</small>
                            </td>
                            <td class="num">{or_dash(t.model.map(odds))}</td>
                            <td class="num">{or_dash(t.sigma_daily.map(|s| percent(s, 2)))}</td>
                            <td>{t.basis.label()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let implied = move || {
        let level = parse_number(&typed.get());
        let reference = state.radar.with(|r| r.targets.first().map(|t| t.reference));
        match (level, reference) {
            (Some(l), Some(r)) => implied_pct(r, l)
                .map(signed_pct)
                .unwrap_or_else(|| "—".to_string()),
            _ => String::new(),
        }
    };
    view! {
        <section class="panel targets" aria-labelledby="targets-title">
            <h2 id="targets-title">"Price targets and their odds"</h2>
            <p class="note">"Empirical: the share of all past windows of the horizon in which the close (or high) reached the move; consecutive windows overlap, so the independent count (windows starting a horizon apart, N/h) says how much history it rests on. Model: the first-passage probability of a driftless geometric Brownian motion, 2·(1 − Φ(|ln(1+p)| / (σ√T))), σ the daily volatility of log returns. Both use only data up to the as-of date."</p>
            <div class="table-scroll">
                <table class="targets-table">
                    <thead><tr>
                        <th scope="col">"Move"</th><th scope="col">"Level"</th><th scope="col">"From"</th>
                        <th scope="col">"Sessions"</th><th scope="col">"Reached (past windows)"</th>
                        <th scope="col">"Lognormal model"</th><th scope="col">"σ daily"</th><th scope="col">"On"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <label class="field implied">
                <span>"A level's implied move"</span>
                <input type="text" inputmode="decimal" data-testid="target-level-input" placeholder="e.g. 2900"
                    on:input=move |ev| set_typed.set(event_target_value(&ev)) />
                <output data-testid="target-implied">{implied}</output>
            </label>
        </section>
    }
}
