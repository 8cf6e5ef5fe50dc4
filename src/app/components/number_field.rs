//! A number with its unit, as on a lab report, and "I don't know".

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The question; it labels the number box and is the page heading.
    pub label: AttrValue,
    pub hint: Option<AttrValue>,
    pub text: AttrValue,
    /// Unit id and label of each accepted unit, in the patient's language (`i18n::unit_choices_for`).
    pub units: Vec<(String, String)>,
    pub unit: AttrValue,
    pub unit_label: AttrValue,
    pub unknown: bool,
    /// Absent when "I don't know" cannot be true.
    pub unknown_label: Option<AttrValue>,
    pub error: Option<String>,
    pub on_text: Callback<String>,
    pub on_unit: Callback<String>,
    pub on_unknown: Callback<bool>,
    /// A whole number is expected (age): the phone shows a number pad.
    #[prop_or_default]
    pub whole: bool,
    /// Put before every id, so that several fields can share a page (empty on a page of one).
    #[prop_or_default]
    pub prefix: AttrValue,
    /// The field's question is the page heading (a page of one field), else a heading within it.
    #[prop_or(true)]
    pub heading: bool,
}

#[component]
pub fn NumberField(props: &Props) -> Html {
    let p = &props.prefix;
    let described = [
        props.hint.as_ref().map(|_| format!("{p}hint")),
        props.error.as_ref().map(|_| format!("{p}value-error")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let on_text = {
        let cb = props.on_text.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_unit = {
        let cb = props.on_unit.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let on_unknown = {
        let cb = props.on_unknown.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let single_unit = props.units.len() == 1;
    html! {
        <div class={classes!("form-group", props.error.is_some().then_some("form-group-error"))}>
            if props.heading {
                <h1 class="heading-l" tabindex="-1"><label for={format!("{p}value")}>{ props.label.clone() }</label></h1>
            } else {
                <h2 class="heading-m"><label for={format!("{p}value")}>{ props.label.clone() }</label></h2>
            }
            if let Some(h) = &props.hint { <p class="hint" id={format!("{p}hint")}>{ h.clone() }</p> }
            if let Some(e) = &props.error { <p class="error-message" id={format!("{p}value-error")}>{ e.clone() }</p> }
            <div class="number-row">
                <input class={classes!("input", "input-number", props.error.is_some().then_some("input-error"))}
                    id={format!("{p}value")} name={format!("{p}value")} type="text" autocomplete="off" spellcheck="false"
                    inputmode={if props.whole { "numeric" } else { "decimal" }}
                    aria-describedby={(!described.is_empty()).then_some(described)}
                    value={props.text.clone()} oninput={on_text} disabled={props.unknown} />
                if single_unit {
                    <span class="unit-suffix">{ props.units[0].1.clone() }</span>
                } else {
                    <label class="unit-label" for={format!("{p}unit")}>{ props.unit_label.clone() }</label>
                    <select class="select" id={format!("{p}unit")} name={format!("{p}unit")} onchange={on_unit} disabled={props.unknown}>
                        { for props.units.iter().map(|(id, symbol)| html! {
                            <option value={id.clone()} selected={*id == *props.unit}>{ symbol.clone() }</option>
                        }) }
                    </select>
                }
            </div>
            if let Some(label) = &props.unknown_label {
                <div class="checkboxes">
                    <div class="checkbox">
                        <input class="checkbox-input" type="checkbox" id={format!("{p}unknown")} value="unknown" checked={props.unknown} onchange={on_unknown} />
                        <label class="checkbox-label" for={format!("{p}unknown")}>{ label.clone() }</label>
                    </div>
                </div>
            }
        </div>
    }
}
