//! The loaded series, with their role, kind and range, a remove button, and
//! per-series settings: which column is the value ("close") and what kind
//! of series it is — both re-read the original bytes through the engine.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::engine::ingest::IngestOptions;
use crate::engine::samples::Role;
use crate::engine::series::SeriesKind;
use crate::ui::components::freshness::SeriesFreshness;
use crate::ui::loader;
use crate::ui::state::{AppState, Loaded, Provenance};

/// The settings of one series: value column and kind.
#[component]
fn SeriesSettings(
    /// The series as loaded (its bytes are re-read on change).
    loaded: Loaded,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let source = loaded.source.clone();
    let id = loaded.series.id.to_string();
    let current_kind = loaded.series.kind;
    let columns: Vec<String> = source
        .columns
        .iter()
        .filter(|c| **c != source.date_column && !c.is_empty())
        .cloned()
        .collect();
    let value_column = source.value_column.clone();
    // A formula has no file to re-read: only its role can change.
    let is_formula = source.provenance == Provenance::Formula;

    let on_column = {
        let loaded = loaded.clone();
        move |ev: leptos::ev::Event| {
            let column = event_target_value(&ev);
            let options = IngestOptions {
                value_column: Some(column),
                name: Some(loaded.series.id.to_string()),
                ..loaded.source.options.clone()
            };
            spawn_local(loader::reingest(state, loaded.clone(), options));
        }
    };
    let on_kind = {
        let loaded = loaded.clone();
        move |ev: leptos::ev::Event| {
            let label = event_target_value(&ev);
            let Some(kind) = SeriesKind::ALL.into_iter().find(|k| k.label() == label) else {
                return;
            };
            let options = IngestOptions {
                kind: Some(kind),
                name: Some(loaded.series.id.to_string()),
                ..loaded.source.options.clone()
            };
            spawn_local(loader::reingest(state, loaded.clone(), options));
        }
    };

    let role_id = loaded.series.id.clone();
    let current_role = loaded.role;
    let on_role = move |ev: leptos::ev::Event| {
        if let Some(role) = Role::parse(&event_target_value(&ev)) {
            state.set_role(&role_id, role);
        }
    };

    view! {
        <details class="series-settings">
            <summary>"Settings"</summary>
            <label class="field">
                <span>"Role"</span>
                <select data-testid="series-role" data-series=id.clone() on:change=on_role>
                    {Role::ALL
                        .into_iter()
                        .map(|r| {
                            let label = if r == Role::None { "none" } else { r.as_str() };
                            view! { <option value=r.as_str() selected=r == current_role>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            {(!is_formula).then(move || view! {
            <label class="field">
                <span>"Value column"</span>
                <select data-testid="value-column" data-series=id.clone() on:change=on_column>
                    {columns
                        .into_iter()
                        .map(|c| {
                            let selected = c == value_column;
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"Kind"</span>
                <select data-testid="series-kind" data-series=id on:change=on_kind>
                    {SeriesKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.label() selected=k == current_kind>{k.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            })}
        </details>
    }
}

/// For a series loaded from a file that matched no loaded series: "does it
/// update one of them?" — a choice of the loaded series of the same kind
/// (any price series for a price file); choosing one updates it as a
/// matched file would (`updater::apply_choice`), choosing "keep" keeps it.
#[component]
fn UpdatePicker(
    /// The series loaded from the unmatched file.
    loaded: Loaded,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = loaded.series.id.clone();
    let kind = loaded.series.kind;
    let asked = {
        let id = id.clone();
        move || state.unmatched.with(|u| u.contains(&id))
    };
    let targets = {
        let id = id.clone();
        move || {
            state.series.with(|all| {
                all.iter()
                    .filter(|l| l.series.id != id)
                    .filter(|l| l.source.provenance != Provenance::Formula)
                    .filter(|l| {
                        l.series.kind == kind || (l.series.kind.is_price() && kind.is_price())
                    })
                    .map(|l| l.series.id.to_string())
                    .collect::<Vec<_>>()
            })
        }
    };
    let on_choose = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let target = event_target_value(&ev);
            if target.is_empty() {
                state.unmatched.update(|u| u.retain(|x| x != &id));
            } else {
                crate::ui::updater::apply_choice(state, &id, &target);
            }
        }
    };
    move || {
        let on_choose = on_choose.clone();
        let options = targets();
        (asked() && !options.is_empty()).then(|| {
            view! {
                <label class="field update-picker">
                    <span>"Matched no loaded series. Does it update one?"</span>
                    <select data-testid="series-update-target" data-series=id.to_string() on:change=on_choose>
                        <option value="" selected=true>"No: keep it as a new series"</option>
                        {options.into_iter().map(|t| view! { <option value=t.clone()>{format!("Yes: update {t}")}</option> }).collect_view()}
                    </select>
                </label>
            }
        })
    }
}

#[component]
pub fn SeriesList() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <ul class="series-list" data-testid="series-list">
            <For
                each=move || state.series.get()
                key=|l| (l.series.id.clone(), l.series.len(), l.series.kind, l.source.value_column.clone(), l.origin.clone(), l.role)
                children=move |l| {
                    let id = l.series.id.clone();
                    let first = l.series.dates.first().map(|d| d.to_string()).unwrap_or_default();
                    let last = l.series.dates.last().map(|d| d.to_string()).unwrap_or_default();
                    view! {
                        <li data-series=l.series.id.to_string() data-role=l.role.as_str()>
                            <span class="id">{l.series.id.to_string()}</span>
                            <span class=format!("role role-{}", l.role.as_str())>{l.role.as_str().to_string()}</span>
                            <span class="kind">{l.series.kind.label()}</span>
                            <span class="span">{format!("{first} → {last} · {} rows · {}", l.series.len(), l.source.value_column)}</span>
                            <span class="origin" title=l.origin.clone()>{l.origin.clone()}</span>
                            <button type="button" class="remove" aria-label=format!("Remove {}", l.series.id)
                                on:click=move |_| state.remove(&id)>"×"</button>
                            <SeriesFreshness loaded=l.clone() />
                            <UpdatePicker loaded=l.clone() />
                            <SeriesSettings loaded=l.clone() />
                        </li>
                    }
                }
            />
        </ul>
    }
}
