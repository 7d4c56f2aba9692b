//! Title bar: the theme toggle and the range presets.

use leptos::prelude::*;

use crate::engine::range::RangePreset;
use crate::ui::state::AppState;

#[component]
pub fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let range_buttons = RangePreset::ALL
        .into_iter()
        .map(|preset| {
            view! {
                <button
                    type="button"
                    class="range"
                    data-testid=format!("range-{}", preset.as_str())
                    aria-pressed=move || (state.zoom.get().is_none() && state.range.get() == preset).to_string()
                    on:click=move |_| state.set_preset(preset)
                >
                    {preset.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <header class="topbar">
            <div class="brand">
                <img src="favicon.svg" alt="" width="28" height="28" />
                <div>
                    <h1>"Regime Radar"</h1>
                    <p class="tagline">"Small caps vs large caps, measured in your browser"</p>
                </div>
            </div>
            <nav class="ranges" aria-label="Chart range">
                {range_buttons}
            </nav>
            <button
                type="button"
                class="theme-toggle"
                data-testid="theme-toggle"
                aria-label=move || if state.light.get() { "Switch to dark theme" } else { "Switch to light theme" }
                on:click=move |_| {
                    state.theme_explicit.set(true);
                    state.light.update(|l| *l = !*l);
                }
            >
                {move || if state.light.get() { "☾ Dark" } else { "☀ Light" }}
            </button>
        </header>
    }
}
