//! The message area: load errors, warnings and notices, newest last.

use leptos::prelude::*;

use crate::ui::state::AppState;

#[component]
pub fn Messages() -> impl IntoView {
    let state = expect_context::<AppState>();
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
                each=move || state.messages.get()
                key=|m| m.id
                children=move |m| {
                    let id = m.id;
                    view! {
                        <div class=format!("message {}", m.level.as_str()) data-level=m.level.as_str()>
                            <span class="text">{m.text}</span>
                            <button type="button" class="dismiss" aria-label="Dismiss message"
                                on:click=move |_| state.dismiss(id)>"×"</button>
                        </div>
                    }
                }
            />
        </section>
    }
}
