//! Formula series in the page: adding one (`IWM:SPY`, `IWM-SPY`) from the
//! input, and keeping every formula current when its inputs change (a
//! reload, an update, another value column) — the engine computes it
//! (`engine::formula`); here it is only stored as a loaded series.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::formula::Formula;
use crate::engine::ingest::IngestOptions;
use crate::engine::samples::Role;
use crate::engine::series::{Series, SeriesId};
use crate::ui::state::{AppState, Level, LoadSource, Loaded, Provenance};

fn is_formula(l: &Loaded) -> bool {
    l.source.provenance == Provenance::Formula
}

/// A computed formula series as the page holds it.
fn loaded(series: Series, role: Role) -> Loaded {
    let id = series.id.to_string();
    Loaded {
        series: Arc::new(series),
        role,
        origin: format!("formula {id}"),
        source: Arc::new(LoadSource {
            provenance: Provenance::Formula,
            bytes: Arc::from(Vec::new()),
            source_name: id,
            options: IngestOptions::default(),
            columns: Vec::new(),
            date_column: String::new(),
            value_column: "close".to_string(),
        }),
    }
}

/// Computes `formula` over the loaded (non-formula) series.
fn compute(state: AppState, formula: &Formula) -> Result<Series, String> {
    state.series.with_untracked(|all| {
        let inputs: Vec<&Series> = all
            .iter()
            .filter(|l| !is_formula(l))
            .map(|l| l.series.as_ref())
            .collect();
        formula
            .compute(inputs.iter().copied())
            .map_err(|e| e.to_string())
    })
}

/// Adds the formula `text` as a series (replacing one with the same id);
/// its error, said in the messages, otherwise.
pub fn add(state: AppState, text: &str) -> Result<SeriesId, String> {
    let result = Formula::parse(text)
        .map_err(|e| e.to_string())
        .and_then(|f| compute(state, &f));
    match result {
        Ok(series) => {
            let id = series.id.clone();
            let role = state.series.with_untracked(|all| {
                all.iter()
                    .find(|l| l.series.id == id)
                    .map_or(Role::None, |l| l.role)
            });
            state.upsert(loaded(series, role), None);
            Ok(id)
        }
        Err(why) => {
            state.push_message(Level::Error, format!("Formula \"{}\": {why}.", text.trim()));
            Err(why)
        }
    }
}

/// Keeps the formula series equal to their formula over the loaded
/// series: recomputed when an input changes, removed (with a warning)
/// when one is no longer loaded. Writes only what changed, so it settles.
pub fn install(state: AppState) {
    Effect::new(move |_| {
        let changes: Vec<(SeriesId, Result<Series, String>)> = state.series.with(|all| {
            let inputs: Vec<&Series> = all
                .iter()
                .filter(|l| !is_formula(l))
                .map(|l| l.series.as_ref())
                .collect();
            all.iter()
                .filter(|l| is_formula(l))
                .filter_map(|l| {
                    let now = Formula::parse(l.series.id.as_str())
                        .and_then(|f| f.compute(inputs.iter().copied()))
                        .map_err(|e| e.to_string());
                    match now {
                        Ok(s) if s == *l.series => None,
                        other => Some((l.series.id.clone(), other)),
                    }
                })
                .collect()
        });
        if changes.is_empty() {
            return;
        }
        let mut removed = Vec::new();
        state.series.update(|all| {
            for (id, change) in changes {
                match change {
                    Ok(series) => {
                        if let Some(l) = all.iter_mut().find(|l| l.series.id == id) {
                            *l = loaded(series, l.role);
                        }
                    }
                    Err(why) => {
                        all.retain(|l| l.series.id != id);
                        removed.push(format!("Formula {id} removed: {why}."));
                    }
                }
            }
        });
        for text in removed {
            state.push_message(Level::Warning, text);
        }
    });
}

/// The formulas a link names, made to match: the others removed, the
/// missing ones added (a link's formula over a series it does not load
/// says so in the messages).
pub fn apply(state: AppState, wanted: &[String]) {
    state
        .series
        .update(|all| all.retain(|l| !is_formula(l) || wanted.contains(&l.series.id.to_string())));
    for text in wanted {
        let have = state
            .series
            .with_untracked(|all| all.iter().any(|l| l.series.id.as_str() == text));
        if !have {
            let _ = add(state, text);
        }
    }
}

/// The formula input: `formula-input` and its `formula-add` button.
#[component]
pub fn FormulaInput() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (text, set_text) = signal(String::new());
    let submit = move || {
        if add(state, &text.get_untracked()).is_ok() {
            set_text.set(String::new());
        }
    };
    view! {
        <form class="formula-input" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); submit(); }>
            <label class="field">
                <span title="A:B is the ratio of two loaded series (as StockCharts writes it), A-B their difference, on the dates both have">"Formula (A:B ratio, A-B difference)"</span>
                <input type="text" data-testid="formula-input" placeholder="IWM:SPY" spellcheck="false"
                    prop:value=text on:input=move |ev| set_text.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="formula-add">"Add"</button>
        </form>
    }
}
