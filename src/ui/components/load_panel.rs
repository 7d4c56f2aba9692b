//! Every way to get data in: bundled samples, paste, file upload (also
//! drag-and-drop anywhere on the page, wired in `App`) and URL fetch.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::engine::ingest::IngestOptions;
use crate::engine::samples::SAMPLES;
use crate::ui::loader;
use crate::ui::share;
use crate::ui::state::{AppState, Level, Provenance};
use crate::ui::updater;

#[component]
pub fn LoadPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (paste_text, set_paste_text) = signal(String::new());
    let (paste_name, set_paste_name) = signal(String::new());
    let (url, set_url) = signal(String::new());

    let load_paste = move |_| {
        let text = paste_text.get_untracked();
        if text.trim().is_empty() {
            state.push_message(
                Level::Error,
                "Pasted text: nothing to load — paste a CSV first.",
            );
            return;
        }
        let name = paste_name.get_untracked().trim().to_string();
        let options = IngestOptions {
            name: (!name.is_empty()).then_some(name),
            ..IngestOptions::default()
        };
        spawn_local(async move {
            let outcome = loader::ingest_and_store(
                state,
                text.into_bytes(),
                "pasted",
                options,
                "pasted text",
                Provenance::Local,
            )
            .await;
            // A kept name would make the next paste silently replace this one.
            if outcome.used() {
                set_paste_name.set(String::new());
            }
            share::open_loaded(state, outcome);
        });
    };

    let load_url = move || {
        let target = url.get_untracked();
        if target.trim().is_empty() {
            state.push_message(Level::Error, "URL: type the address of a CSV file first.");
            return;
        }
        spawn_local(async move {
            let outcome = loader::load_url(state, target).await;
            share::open_loaded(state, outcome);
        });
    };

    let on_files = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let files = loader::files_of(input.files());
            input.set_value("");
            spawn_local(updater::load_files(state, files, move |outcome| {
                share::open_loaded(state, outcome)
            }));
        }
    };

    let samples = SAMPLES
        .iter()
        .map(|sample| {
            let loaded = move || {
                state
                    .series
                    .with(|all| all.iter().any(|l| l.series.id.as_str() == sample.id))
            };
            view! {
                <button
                    type="button"
                    class="chip"
                    class:loaded=loaded
                    data-testid=format!("sample-{}", sample.id)
                    title=sample.source
                    on:click=move |_| spawn_local(async move {
                        let outcome = loader::load_sample(state, sample).await;
                        share::open_loaded(state, outcome);
                    })
                >
                    {sample.label}
                </button>
            }
        })
        .collect_view();

    view! {
        <section class="panel load-panel" aria-labelledby="load-title">
            <h2 id="load-title">"Data"</h2>
            <details class="samples" open>
                <summary>"Bundled samples"</summary>
                <div class="chips">{samples}</div>
            </details>
            <details class="paste">
                <summary>"Paste CSV"</summary>
                <label class="field">
                    <span>"Series name (optional)"</span>
                    <input type="text" data-testid="paste-name" placeholder="e.g. IWM"
                        prop:value=paste_name
                        on:input=move |ev| set_paste_name.set(event_target_value(&ev)) />
                </label>
                <textarea data-testid="paste-input" rows="6" spellcheck="false"
                    placeholder="Date,Close\n2026-01-02,250.10\n… or a FRED export, a Yahoo/Stooq/IBKR/TradingView CSV"
                    prop:value=paste_text
                    on:input=move |ev| set_paste_text.set(event_target_value(&ev))></textarea>
                <button type="button" class="primary" data-testid="paste-load" on:click=load_paste>"Load pasted data"</button>
            </details>
            <div class="field-row">
                <label class="file-button">
                    <input type="file" multiple accept=".csv,.txt,.tsv,text/csv,text/plain"
                        data-testid="file-input" on:change=on_files />
                    <span>"Upload CSV files…"</span>
                </label>
                <span class="hint">"or drop files anywhere on the page"</span>
            </div>
            <label class="field-row splice" title="A file that updates a loaded series but is shorter and overlaps it is joined onto the longer history (older prices scaled by the level ratio on the first shared date). Off: the file replaces the series.">
                <input type="checkbox" data-testid="splice-toggle"
                    prop:checked=move || state.splice.get()
                    on:change=move |ev| state.splice.set(event_target_checked(&ev)) />
                <span>"Splice a shorter file onto the longer history"</span>
            </label>
            <form class="field-row" on:submit=move |ev| { ev.prevent_default(); load_url(); }>
                <input type="url" data-testid="url-input" placeholder="https://… CORS-enabled CSV"
                    aria-label="CSV URL"
                    prop:value=url on:input=move |ev| set_url.set(event_target_value(&ev)) />
                <button type="submit" data-testid="url-load">"Fetch"</button>
            </form>
        </section>
    }
}
