//! A lab value compared with the normal range: "normal", or the value and the upper limit of
//! normal printed beside it, or "I don't know". The patient never has to compute a ratio.

use crate::form::{ABOVE, NORMAL, UNKNOWN};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::radios::Radios;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub legend: AttrValue,
    pub hint: Option<AttrValue>,
    pub choice: Option<String>,
    pub text: AttrValue,
    pub limit: AttrValue,
    pub labels: RatioLabels,
    pub error: Option<(String, String)>,
    pub on_choice: Callback<String>,
    pub on_text: Callback<String>,
    pub on_limit: Callback<String>,
    /// Put before every id, so that several fields can share a page (empty on a page of one).
    #[prop_or_default]
    pub prefix: AttrValue,
    /// The field's question is the page heading (a page of one field), else a heading within it.
    #[prop_or(true)]
    pub heading: bool,
}

#[derive(PartialEq, Clone)]
pub struct RatioLabels {
    pub normal: &'static str,
    pub above: &'static str,
    pub unknown: Option<&'static str>,
    pub value: &'static str,
    pub limit: &'static str,
    pub limit_hint: &'static str,
    pub or: &'static str,
}

#[component]
pub fn RatioField(props: &Props) -> Html {
    let l = &props.labels;
    let p = props.prefix.clone();
    let input = |id: &'static str,
                 label: &'static str,
                 hint: Option<&'static str>,
                 value: AttrValue,
                 cb: Callback<String>| {
        let error = props
            .error
            .as_ref()
            .filter(|(f, _)| f == id)
            .map(|(_, m)| m.clone());
        let oninput = Callback::from(move |e: InputEvent| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        });
        let described = [
            hint.map(|_| format!("{p}{id}-hint")),
            error.as_ref().map(|_| format!("{p}{id}-error")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        html! {
            <div class={classes!("form-group", error.is_some().then_some("form-group-error"))}>
                <label class="label" for={format!("{p}{id}")}>{ label }</label>
                if let Some(h) = hint { <p class="hint" id={format!("{p}{id}-hint")}>{ h }</p> }
                if let Some(e) = &error { <p class="error-message" id={format!("{p}{id}-error")}>{ e.clone() }</p> }
                <input class={classes!("input", "input-number", error.is_some().then_some("input-error"))} id={format!("{p}{id}")} name={format!("{p}{id}")}
                    type="text" inputmode="decimal" autocomplete="off"
                    aria-describedby={(!described.is_empty()).then_some(described)} {value} {oninput} />
            </div>
        }
    };
    let reveal = html! {
        <>
            { input("value", l.value, None, props.text.clone(), props.on_text.clone()) }
            { input("limit", l.limit, Some(l.limit_hint), props.limit.clone(), props.on_limit.clone()) }
        </>
    };
    let mut options = vec![
        (NORMAL.to_string(), l.normal.to_string()),
        (ABOVE.to_string(), l.above.to_string()),
    ];
    if let Some(u) = l.unknown {
        options.push((UNKNOWN.to_string(), u.to_string()));
    }
    let error = props
        .error
        .as_ref()
        .filter(|(f, _)| f == "answer")
        .map(|(_, m)| m.clone());
    html! {
        <Radios legend={props.legend.clone()} hint={props.hint.clone()} {options} selected={props.choice.clone()}
            {error} onchange={props.on_choice.clone()} reveal={Some((ABOVE.to_string(), reveal))}
            divider_before={l.unknown.map(|_| UNKNOWN.to_string())} or_label={l.or}
            prefix={props.prefix.clone()} heading={props.heading} />
    }
}
