//! The rules editor: every radar parameter as a `setting` control, grouped
//! as in the engine's `SETTINGS` table. A refused value leaves the setting
//! as it was, says why in the messages and puts the old value back.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::engine::settings::{SettingGroup, SettingKind, SETTINGS};
use crate::ui::state::{AppState, Level};

/// Applies the value of the control that fired `ev` to setting `name`.
pub fn apply_setting(state: AppState, name: &str, ev: &leptos::ev::Event) {
    let text = event_target_value(ev);
    let mut next = state.settings.get_untracked();
    match next.set(name, &text) {
        Ok(()) => state.settings.set(next),
        Err(e) => {
            state.push_message(Level::Warning, e.to_string());
            let kept = next.get(name).unwrap_or_default();
            if let Some(target) = ev.target() {
                let _ = js_sys::Reflect::set(
                    &target,
                    &JsValue::from_str("value"),
                    &JsValue::from_str(&kept),
                );
            }
        }
    }
}

#[component]
fn SettingControl(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    kind: SettingKind,
    help: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = move || state.settings.with(|s| s.get(name).unwrap_or_default());
    let control = match kind {
        SettingKind::Choice(choices) => view! {
            <select data-testid="setting" data-setting=name on:change=move |ev| apply_setting(state, name, &ev)>
                {choices.iter().map(|c| view! { <option value=*c selected=move || value() == *c>{*c}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        SettingKind::Int { min, max } => view! {
            <input type="number" inputmode="numeric" min=min max=max step="1" data-testid="setting" data-setting=name
                prop:value=value on:change=move |ev| apply_setting(state, name, &ev) />
        }
        .into_any(),
        SettingKind::Float { min, max } => view! {
            <input type="number" inputmode="decimal" min=min max=max step="any" data-testid="setting" data-setting=name
                prop:value=value on:change=move |ev| apply_setting(state, name, &ev) />
        }
        .into_any(),
        SettingKind::Percents | SettingKind::OptionalLevel => view! {
            <input type="text" data-testid="setting" data-setting=name placeholder=if matches!(kind, SettingKind::OptionalLevel) { "last close" } else { "" }
                prop:value=value on:change=move |ev| apply_setting(state, name, &ev) />
        }
        .into_any(),
    };
    view! {
        <label class="field setting" title=help>
            <span>{label}{(!unit.is_empty()).then(|| view! { <small>{format!(" ({unit})")}</small> })}</span>
            {control}
        </label>
    }
}

#[component]
pub fn RulesEditor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups = SettingGroup::ALL
        .into_iter()
        .map(|group| {
            let controls = SETTINGS
                .iter()
                .filter(|s| s.group == group)
                .map(|s| view! { <SettingControl name=s.name label=s.label unit=s.unit kind=s.kind help=s.help /> })
                .collect_view();
            view! {
                <fieldset class="setting-group">
                    <legend>{group.label()}</legend>
                    {controls}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="panel rules" aria-labelledby="rules-title">
            <h2 id="rules-title">"Rules and parameters"</h2>
            <p class="note">"Every threshold the radar uses. Changes recompute signals, the regime, the evidence and the targets; the regime table and each rule's source are in docs/rules.md."</p>
            <div class="setting-groups">{groups}</div>
            <button type="button" class="link" on:click=move |_| state.settings.set(Default::default())>"Reset every parameter to its default"</button>
        </section>
    }
}
