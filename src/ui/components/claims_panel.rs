//! The claim checker (issue 19): paste or drop a commentary, get each
//! numeric claim read, computed as of its date on the loaded series and
//! judged. The reading and the judging live in `engine::claims`; this
//! only holds the inputs and formats the rows.
//!
//! Invariant: the commentary is never rendered as markup. HTML is
//! stripped by the engine, and every piece of the text (the sentence, the
//! highlighted number, the reason) is a text node.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::engine::claims::table::{
    allowance_text, computed_text, is_commentary_file, read_as, rows_csv, sentence_parts,
};
use crate::engine::claims::{check_commentary, AliasTable, ClaimRow, DEFAULT_ALIASES};
use crate::engine::series::Series;
use crate::ui::dom;
use crate::ui::loader;
use crate::ui::state::{AppState, Level};

/// What the verdict cell says (a target is a forecast, never judged).
fn verdict_label(kind: &str, code: &str) -> &'static str {
    match code {
        _ if kind == "target" => "forecast",
        "holds" => "holds",
        "off" => "off",
        _ => "can't check",
    }
}

fn raw(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map(|x| format!("{x}"))
        .unwrap_or_default()
}

/// One table row with the hooks of TEST-CONTRACT.md.
fn claim_row(text: &str, row: &ClaimRow) -> impl IntoView {
    let (before, number, after) = sentence_parts(text, row);
    let (before, number, after) = (before.to_string(), number.to_string(), after.to_string());
    let verdict = row.verdict.code();
    let computed = computed_text(row);
    let allowance = allowance_text(row);
    view! {
        <tr data-testid="claim" data-kind=row.kind data-series=row.series.clone()
            data-date=row.date.map(|d| d.to_string()).unwrap_or_default()
            data-horizon=row.horizon.clone()
            data-claimed=raw(row.claimed) data-computed=raw(row.computed)
            data-verdict=verdict data-reason=row.reason.clone()>
            <td class="sentence">{before}<mark>{number}</mark>{after}</td>
            <td class="read-as">{read_as(row)}</td>
            <td class="num">{row.claimed_text.clone()}</td>
            <td class="num">{computed}</td>
            <td class="num">{allowance}</td>
            <td>
                <span class=format!("verdict claim-{verdict}")>{verdict_label(row.kind, verdict)}</span>
                <small class="why">{row.reason.clone()}</small>
            </td>
        </tr>
    }
}

#[component]
pub fn ClaimsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (text, set_text) = signal(String::new());
    let (typed_date, set_typed_date) = signal(String::new());
    let (dragging, set_dragging) = signal(false);
    // What was checked lives in the state (a link carries it); the boxes
    // show it whenever it changes, from a check or from a link.
    let checked = Memo::new(move |_| state.commentary.with(|c| (c.text.clone(), c.date)));
    Effect::new(move |_| {
        checked.with(|(body, date)| {
            set_text.set(body.clone());
            set_typed_date.set(date.map(|d| d.to_string()).unwrap_or_default());
        })
    });
    let aliases = Memo::new(move |_| {
        state.commentary.with(|c| {
            c.aliases
                .as_deref()
                .and_then(|text| AliasTable::parse(text).ok())
                .unwrap_or_default()
        })
    });
    // The rows follow what was checked, the alias table and the series.
    let result = Memo::new(move |_| {
        checked.with(|(body, date)| {
            (!body.is_empty()).then(|| {
                let date = date.map(|d| d.to_string());
                state.series.with(|all| {
                    let refs: Vec<&Series> = all.iter().map(|l| l.series.as_ref()).collect();
                    aliases.with(|table| check_commentary(body, date.as_deref(), &refs, table))
                })
            })
        })
    });

    let run = move || {
        let body = text.get_untracked();
        if body.trim().is_empty() {
            state.push_message(
                Level::Error,
                "Claim checker: nothing to check — paste a commentary first.",
            );
            return;
        }
        let typed = typed_date.get_untracked().trim().to_string();
        let date = match chrono::NaiveDate::parse_from_str(&typed, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) if typed.is_empty() => None,
            Err(_) => {
                state.push_message(
                    Level::Error,
                    format!("Claim checker: the article date {typed:?} is not a date (YYYY-MM-DD); nothing was checked."),
                );
                return;
            }
        };
        state.commentary.update(|c| {
            c.text = body;
            c.date = date;
        });
    };

    let read_files = move |files: Vec<web_sys::File>| {
        let Some(file) = files.into_iter().next() else {
            return;
        };
        let name = file.name();
        if !is_commentary_file(&name) {
            state.push_message(
                Level::Error,
                format!("Claim checker: {name} is not a .txt, .md or .html file."),
            );
            return;
        }
        spawn_local(async move {
            match dom::read_file(&file).await {
                Ok(bytes) => set_text.set(String::from_utf8_lossy(&bytes).into_owned()),
                Err(e) => state.push_message(Level::Error, format!("Claim checker: {e}")),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let files = loader::files_of(input.files());
            input.set_value("");
            read_files(files);
        }
    };
    // The page-wide drop loads CSV data; a drop here is a commentary.
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        set_dragging.set(false);
        read_files(loader::files_of(
            ev.data_transfer().and_then(|dt| dt.files()),
        ));
    };

    let export = move |_| {
        let csv = result.with_untracked(|r| r.as_ref().map(|(x, rows)| rows_csv(x, rows)));
        let Some(csv) = csv else { return };
        if let Err(why) = dom::download_text("regime-radar-claims.csv", &csv) {
            state.push_message(
                Level::Error,
                format!("The claims CSV export failed: {why}. The table lists the same values."),
            );
        }
    };

    let summary = move || {
        result.with(|r| {
            r.as_ref().map(|(x, rows)| {
                let count = |code: &str| rows.iter().filter(|r| r.verdict.code() == code).count();
                let dated = x
                    .article
                    .map(|a| format!(" Checked as of {}.", a.as_of()))
                    .unwrap_or_else(|| " No date found: type the article's date.".into());
                format!(
                    "{} claims: {} hold, {} off, {} can't be checked.{dated}",
                    rows.len(),
                    count("holds"),
                    count("off"),
                    count("cant-check")
                )
            })
        })
    };
    let rows = move || {
        result.with(|r| {
            r.as_ref().map(|(x, rows)| {
                rows.iter()
                    .map(|row| claim_row(&x.text, row))
                    .collect_view()
            })
        })
    };
    let has_rows = move || result.with(|r| r.as_ref().is_some_and(|(_, rows)| !rows.is_empty()));

    view! {
        <section class="panel claims" aria-labelledby="claims-title">
            <h2 id="claims-title">"Check a commentary's numbers"</h2>
            <p class="note">"Paste a market commentary (or drop a .txt, .md or .html file here). Every number in it is read, computed with the loaded series as of the article's date (the date typed here, else its dateline) and judged: holds, off (with the computed value) or can't check (with why). HTML tags are stripped, never shown."</p>
            <div class="claims-input" class:dragging=dragging
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); ev.stop_propagation(); set_dragging.set(true); }
                on:dragleave=move |_| set_dragging.set(false)
                on:drop=on_drop>
                <textarea data-testid="claims-input" rows="8" aria-label="Commentary to check"
                    placeholder="Jan 17, 2026. The Russell 2000 is up 7.8% this year, outperforming the S&P 500's 1.5% gain…"
                    prop:value=text on:input=move |ev| set_text.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field-row">
                <label class="inline">"Article date "
                    <input type="date" data-testid="claims-date" prop:value=typed_date
                        on:input=move |ev| set_typed_date.set(event_target_value(&ev))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                set_typed_date.set(event_target_value(&ev));
                                run();
                            }
                        } />
                </label>
                <button type="button" class="primary" data-testid="claims-check" on:click=move |_| run()>"Check the claims"</button>
                <label class="file-button">
                    <input type="file" accept=".txt,.md,.html,.htm,text/plain,text/markdown,text/html"
                        data-testid="claims-file" on:change=on_pick />
                    <span>"Open a file…"</span>
                </label>
                <button type="button" class="secondary" data-testid="claims-export" disabled=move || !has_rows() on:click=export>"Export CSV"</button>
            </div>
            <p class="note" data-testid="claims-summary" aria-live="polite">{summary}</p>
            <AliasEditor/>
            <Show when=has_rows>
                <div class="table-scroll">
                    <table class="claims-table">
                        <thead><tr>
                            <th scope="col">"Sentence"</th><th scope="col">"Read as"</th>
                            <th scope="col">"Claimed"</th><th scope="col">"Computed"</th>
                            <th scope="col">"Allowance"</th><th scope="col">"Verdict"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

/// The alias table the checker reads names with, as editable text: one
/// subject per line. A table that does not parse is refused with its line,
/// and the one in use stays.
#[component]
fn AliasEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let in_use = Memo::new(move |_| state.commentary.with(|c| c.aliases.clone()));
    let (draft, set_draft) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    Effect::new(move |_| {
        in_use.with(|a| set_draft.set(a.clone().unwrap_or_else(|| DEFAULT_ALIASES.to_string())));
        set_error.set(None);
    });
    let apply = move |_| {
        let text = draft.get_untracked();
        match AliasTable::parse(&text) {
            Ok(table) if table.entries.is_empty() => set_error.set(Some(
                "The table has no line: the checker would know no name. The table in use is unchanged.".into(),
            )),
            Ok(_) => {
                set_error.set(None);
                let edited = (text.trim() != DEFAULT_ALIASES.trim()).then_some(text);
                state.commentary.update(|c| c.aliases = edited);
            }
            Err(e) => set_error.set(Some(format!("The table was not used: {e}. The table in use is unchanged."))),
        }
    };
    let reset = move |_| state.commentary.update(|c| c.aliases = None);
    let edited = move || in_use.with(Option::is_some);
    view! {
        <details class="claims-aliases">
            <summary>"Names the checker knows"{move || if edited() { " (edited)" } else { "" }}</summary>
            <p class="note">"One subject per line: subject | kind (price, claims, unemployment, nowcast or policy) | the series ids that are the subject | stand-ins (an ETF for an index) | the phrases that name it, comma-separated. A row uses the first loaded id, else a stand-in, and says so. An edited table travels in the share link."</p>
            <textarea data-testid="claims-aliases" rows="9" spellcheck="false" aria-label="Alias table"
                prop:value=draft on:input=move |ev| set_draft.set(event_target_value(&ev))></textarea>
            <div class="field-row">
                <button type="button" class="primary" data-testid="claims-aliases-apply" on:click=apply>"Use this table"</button>
                <button type="button" class="secondary" data-testid="claims-aliases-reset" disabled=move || !edited() on:click=reset>"Back to the default table"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="note error" role="alert" data-testid="claims-aliases-error">{e}</p> })}
        </details>
    }
}
