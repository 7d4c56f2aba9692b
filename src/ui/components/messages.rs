//! The message area: load errors and warnings up front, load notes (what
//! was detected in each file) folded into a log, and parsing progress.

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
    view! {
        <section class="messages" data-testid="messages" aria-live="polite">
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
            <For
                each=move || of_level(|l| l != Level::Info)
                key=|m| m.id
                children=move |m| message_view(state, m)
            />
            <Show when=move || !notes().is_empty()>
                <details class="load-log">
                    <summary>{move || {
                        let n = notes();
                        let last = n.last().map(|m| m.text.clone()).unwrap_or_default();
                        format!("Load notes ({}) — latest: {}", n.len(), last)
                    }}</summary>
                    <For each=notes key=|m| m.id children=move |m| message_view(state, m) />
                </details>
            </Show>
        </section>
    }
}
