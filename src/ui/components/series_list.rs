//! The loaded series, with their role, kind, range and a remove button.

use leptos::prelude::*;

use crate::ui::state::AppState;

#[component]
pub fn SeriesList() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ul class="series-list" data-testid="series-list">
            <For
                each=move || state.series.get()
                key=|l| (l.series.id.clone(), l.series.len(), l.origin.clone())
                children=move |l| {
                    let id = l.series.id.clone();
                    let first = l.series.dates.first().map(|d| d.to_string()).unwrap_or_default();
                    let last = l.series.dates.last().map(|d| d.to_string()).unwrap_or_default();
                    view! {
                        <li data-series=l.series.id.to_string() data-role=l.role.as_str()>
                            <span class="id">{l.series.id.to_string()}</span>
                            <span class=format!("role role-{}", l.role.as_str())>{l.role.as_str().to_string()}</span>
                            <span class="kind">{l.series.kind.label()}</span>
                            <span class="span">{format!("{first} → {last} · {} rows", l.series.len())}</span>
                            <span class="origin" title=l.origin.clone()>{l.origin.clone()}</span>
                            <button type="button" class="remove" aria-label=format!("Remove {}", l.series.id)
                                on:click=move |_| state.remove(&id)>"×"</button>
                        </li>
                    }
                }
            />
        </ul>
    }
}
