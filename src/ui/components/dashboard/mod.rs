//! The dashboard: the toolbar (typed range, CSV export, panels shown) and
//! the linked time panels — price, its volume, compare, ratio, RSI, MACD, ATR, relative
//! rotation, macro small multiples — one file per panel. Each panel reads the shared
//! `dashboard` and `visible` memos and hands a `TimeChart` spec to its
//! `ChartFrame`; no maths happens here. This file only mounts the panels
//! the user keeps shown, in page order.

mod atr;
mod compare;
mod macd;
mod macro_charts;
mod price;
mod ratio;
mod rotation;
mod rsi;
mod shared;
mod toolbar;
mod volume;

use leptos::prelude::*;

use atr::AtrPanel;
use compare::ComparePanel;
use macd::MacdPanel;
use macro_charts::MacroMultiples;
use price::PricePanel;
use ratio::RatioPanel;
use rotation::RrgPanel;
use rsi::RsiPanel;
use toolbar::{panel_shown, shown_panels, DashboardToolbar};
use volume::VolumePanel;

use crate::ui::state::AppState;

/// The toolbar and every panel the user keeps shown.
#[component]
pub fn DashboardPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let panels = shown_panels(state);
    // A hidden panel is not mounted: it neither draws nor listens.
    let panel = move |name: &'static str, make: fn() -> AnyView| {
        move || {
            panel_shown(panels, name).then(|| view! {
                <section class=format!("panel dash-panel dash-{name}") data-panel=name>{make()}</section>
            })
        }
    };
    view! {
        <DashboardToolbar panels=panels />
        <div class="dashboard">
            {panel("price", || view! { <PricePanel /> }.into_any())}
            {panel("volume", || view! { <VolumePanel /> }.into_any())}
            {panel("compare", || view! { <ComparePanel /> }.into_any())}
            {panel("ratio", || view! { <RatioPanel /> }.into_any())}
            {panel("rsi", || view! { <RsiPanel /> }.into_any())}
            {panel("macd", || view! { <MacdPanel /> }.into_any())}
            {panel("atr", || view! { <AtrPanel /> }.into_any())}
            {panel("rrg", || view! { <RrgPanel /> }.into_any())}
            {panel("macro", || view! { <MacroMultiples /> }.into_any())}
        </div>
    }
}
