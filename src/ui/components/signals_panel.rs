//! Every rule's state on the as-of date with the value and threshold that
//! decided it, grouped by family, with a toggle for whether it counts in the
//! regime table (the `rule_<name>` setting).

use leptos::prelude::*;

use crate::engine::read::{format_unit, reason};
use crate::ui::components::rules_editor::apply_setting;
use crate::ui::state::AppState;

#[component]
pub fn SignalsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        state.radar.with(|r| {
            let index = r.as_of_index;
            r.signals
                .rules
                .iter()
                .map(|rule| {
                    let day = index.map(|i| rule.day(i)).unwrap_or(rule.day(usize::MAX));
                    let name = rule.rule.as_str();
                    let setting = format!("rule_{name}");
                    let counts = state.settings.with(|s| s.counts(rule.rule));
                    let value_text = day.value.map(|v| format_unit(v, rule.unit)).unwrap_or_else(|| "—".to_string());
                    view! {
                        <tr data-testid="signal" data-rule=name data-state=day.state.as_str()
                            data-value=day.value.map(|v| format!("{v}")).unwrap_or_default()
                            data-threshold=format!("{}", rule.threshold)>
                            <td class="family">{rule.rule.family().label()}</td>
                            <th scope="row">{rule.rule.label()}<code class="machine">{name}</code></th>
                            <td><span class=format!("state state-{}", day.state.as_str())>{day.state.as_str()}</span></td>
                            <td class="num">{value_text}</td>
                            <td class="num">{format_unit(rule.threshold, rule.unit)}</td>
                            <td class="why">{reason(rule, day)}</td>
                            <td>
                                <select data-testid="setting" data-setting=setting.clone()
                                    aria-label=format!("Count {} in the regime", rule.rule.label())
                                    on:change=move |ev| apply_setting(state, &setting, &ev)>
                                    <option value="on" selected=counts>"counts"</option>
                                    <option value="off" selected=!counts>"ignored"</option>
                                </select>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel signals" aria-labelledby="signals-title">
            <h2 id="signals-title">"Signals"</h2>
            <p class="note">"Each rule on the as-of date: firing, quiet, or no data (never guessed). Macro values are those released by that day."</p>
            <div class="table-scroll">
                <table class="signals-table">
                    <thead><tr>
                        <th scope="col">"Family"</th><th scope="col">"Rule"</th><th scope="col">"State"</th>
                        <th scope="col">"Value"</th><th scope="col">"Threshold"</th><th scope="col">"Reason"</th>
                        <th scope="col">"Regime"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
