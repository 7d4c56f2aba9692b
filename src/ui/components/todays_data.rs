//! "Get today's data": for each bundled series, the page a person downloads
//! today's copy from (`engine::sources`), opened in a new tab — the page
//! never fetches those sites — and what to press there; the files are then
//! dropped on the page (or picked with "Upload"), where each updates the
//! series it matches.

use leptos::prelude::*;

use crate::engine::samples::SAMPLES;
use crate::engine::sources::{source, Site};

#[component]
pub fn TodaysData() -> impl IntoView {
    let rows = SAMPLES
        .iter()
        .filter_map(|sample| {
            let s = source(sample.id)?;
            Some(view! {
                <li data-series=sample.id>
                    <a href=s.url target="_blank" rel="noopener noreferrer"
                        data-testid="source-link" data-series=sample.id>
                        {sample.label}
                    </a>
                    <span class="site">{format!(" — {}", s.site.name())}</span>
                    {(!s.note.is_empty()).then(|| view! { <span class="note">{format!(" {}", s.note)}</span> })}
                </li>
            })
        })
        .collect_view();
    let how = [Site::Fred, Site::Nasdaq]
        .into_iter()
        .map(|site| view! { <p class="how"><strong>{site.name()}": "</strong>{site.how()}</p> })
        .collect_view();
    view! {
        <details class="panel todays-data" data-testid="todays-data">
            <summary>"Get today's data"</summary>
            <p class="hint">
                "The bundled files are a snapshot. To bring a series up to date, open its page (a new tab; this page fetches nothing from these sites), download the CSV, and drop the files here — several at once. Each file updates the series it matches: by the code in its header (FRED), its file name, or else its closes on the dates it shares with a loaded series. A file that matches nothing loads as a new series."
            </p>
            {how}
            <ul class="sources">{rows}</ul>
        </details>
    }
}
