//! The message area: load notes (what was detected in each file) folded
//! into a one-line log that is always there, then parsing progress and load
//! errors and warnings. The log's line holds its place from the first frame
//! and errors come after it, shown from the first view on, so neither
//! pushes the page down while the first view loads.

use leptos::prelude::*;

use crate::ui::state::{AppState, Level, Message};

/// One message with its dismiss button.
fn message_view(state: AppState, m: Message) -> impl IntoView {
    let id = m.id;
    view! {
        <div class=format!("message {}", m.level.as_str()) data-level=m.level.as_str()
            role=if m.level == Level::Error { "alert" } else { "status" }>
            <span class="text">{m.text}</span>
            <button type="button" class="dismiss" aria-label="Dismiss message"
                on:click=move |_| state.dismiss(id)>"×"</button>
        </div>
    }
}

#[component]
pub fn Messages() -> impl IntoView {
    let state = expect_context::<AppState>();
    let of_level = move |wanted: fn(Level) -> bool| {
        state
            .messages
            .get()
            .into_iter()
            .filter(move |m| wanted(m.level))
            .collect::<Vec<_>>()
    };
    let notes = move || of_level(|l| l == Level::Info);
    // Until the first view is in, errors wait (the skeleton's place must
    // not move); they show with the panels.
    let alerts = move || {
        if state.first_view.get() {
            of_level(|l| l != Level::Info)
        } else {
            Vec::new()
        }
    };
    view! {
        <section class="messages" data-testid="messages" aria-live="polite">
            <details class="load-log">
                <summary>{move || {
                    let n = notes();
                    match n.last() {
                        Some(last) => format!("Load notes ({}) — latest: {}", n.len(), last.text),
                        None => "Load notes (0)".to_string(),
                    }
                }}</summary>
                <For each=notes key=|m| m.id children=move |m| message_view(state, m) />
            </details>
            {move || {
                state
                    .progress
                    .get()
                    .map(|(what, fraction)| {
                        view! {
                            <div class="progress" role="progressbar"
                                aria-valuenow=format!("{:.0}", fraction * 100.0)
                                aria-valuemin="0" aria-valuemax="100">
                                <span>{format!("Parsing {what}… {:.0}%", fraction * 100.0)}</span>
                                <progress max="1" value=fraction.to_string()></progress>
                            </div>
                        }
                    })
            }}
            <For each=alerts key=|m| m.id children=move |m| message_view(state, m) />
        </section>
    }
}
