//! The relative rotation panel: each price series' weekly RS-Ratio /
//! RS-Momentum tail against the large-cap series, to the end of the
//! visible window, and its table view.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use super::shared::price_ink;
use crate::chart::{draw_rrg, ChartTheme, RrgChart, RrgTail};
use crate::engine::dashboard::tail_until;
use crate::ui::components::chart_frame::{ChartFrame, DrawFn, DrawOptions, TableFn};
use crate::ui::state::AppState;

/// Weeks of tail the rotation graph shows.
const RRG_TAIL_WEEKS: usize = 10;

#[component]
pub fn RrgPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tails = Memo::new(move |_| {
        let visible = state.visible.get();
        state.dashboard.with(|d| {
            let Some(end) = visible
                .end
                .checked_sub(1)
                .and_then(|i| d.dates.get(i).copied())
            else {
                return Vec::new();
            };
            d.rotation
                .iter()
                .map(|t| (t.id.clone(), tail_until(t, end, RRG_TAIL_WEEKS).to_vec()))
                .filter(|(_, p)| !p.is_empty())
                .collect::<Vec<_>>()
        })
    });
    let benchmark = move || {
        state
            .dashboard
            .with(|d| d.large.and_then(|i| d.prices.get(i)).map(|p| p.id.clone()))
    };
    let draw: DrawFn = Rc::new(move |root, opts: DrawOptions| {
        let light = state.light.get();
        let chart = tails.with(|tails| {
            let palette_of = |id: &str| {
                state
                    .dashboard
                    .with(|d| d.prices.iter().position(|p| p.id == id).unwrap_or(0))
            };
            RrgChart {
                tails: tails
                    .iter()
                    .map(|(id, points)| RrgTail {
                        label: id.clone(),
                        color: price_ink(palette_of(id)),
                        points: points.clone(),
                    })
                    .collect(),
                note:
                    "Approximation of JdK RS-Ratio / RS-Momentum (weekly, vs the large-cap series)"
                        .to_string(),
            }
        });
        let _ = opts.legend;
        draw_rrg(root, &chart, &ChartTheme::for_mode(light), opts.scale)
            .map(|_| None)
            .map_err(|e| e.to_string())
    });
    let table: TableFn = Arc::new(move || {
        let head = ["Series", "Week", "RS-Ratio", "RS-Momentum"]
            .map(String::from)
            .to_vec();
        let body = tails.with(|tails| {
            tails
                .iter()
                .flat_map(|(id, points)| {
                    points.iter().rev().map(move |(d, r, m)| {
                        vec![
                            id.clone(),
                            d.to_string(),
                            format!("{r:.2}"),
                            format!("{m:.2}"),
                        ]
                    })
                })
                .collect()
        });
        (head, body)
    });
    view! {
        <div class="panel-head">
            <h3>"Relative rotation"</h3>
            <span class="hint">{move || match benchmark() {
                Some(b) => format!("Weekly, against {b}; the last {RRG_TAIL_WEEKS} weeks to the end of the visible window. An approximation: JdK's RS-Ratio and RS-Momentum are proprietary."),
                None => "Give a series the large-cap role to see rotation against it.".to_string(),
            }}</span>
        </div>
        <ChartFrame name="rrg" title="Relative rotation graph (approximation)".to_string()
            size_class="chart-square" draw=draw table=table />
    }
}
