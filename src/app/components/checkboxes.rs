//! "Choose all that apply", with "None of these" and "I don't know" that clear the others.

use crate::form::{NONE, UNKNOWN};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub legend: AttrValue,
    pub hint: AttrValue,
    pub options: Vec<(String, String)>,
    pub chosen: Vec<String>,
    /// `none` or `unknown` when one of the exclusive boxes is ticked.
    pub exclusive: Option<String>,
    pub none_label: AttrValue,
    /// Absent when "I don't know" cannot be true.
    pub unknown_label: Option<AttrValue>,
    pub or_label: AttrValue,
    pub error: Option<String>,
    /// The new ticked options and exclusive choice.
    pub onchange: Callback<(Vec<String>, Option<String>)>,
    /// Put before every id, so that several fields can share a page (empty on a page of one).
    #[prop_or_default]
    pub prefix: AttrValue,
    /// The field's question is the page heading (a page of one field), else a heading within it.
    #[prop_or(true)]
    pub heading: bool,
}

#[component]
pub fn Checkboxes(props: &Props) -> Html {
    let p = &props.prefix;
    let described = if props.error.is_some() {
        format!("{p}hint {p}answer-error")
    } else {
        format!("{p}hint")
    };
    let toggle = |value: String| {
        let (cb, chosen) = (props.onchange.clone(), props.chosen.clone());
        Callback::from(move |_: Event| {
            let mut c = chosen.clone();
            if let Some(i) = c.iter().position(|x| *x == value) {
                c.remove(i);
            } else {
                c.push(value.clone());
            }
            cb.emit((c, None));
        })
    };
    let exclusive = |value: &'static str| {
        let (cb, current) = (props.onchange.clone(), props.exclusive.clone());
        Callback::from(move |_: Event| {
            let on = current.as_deref() != Some(value);
            cb.emit((vec![], on.then(|| value.to_string())));
        })
    };
    let boxed = |id: String,
                 value: String,
                 label: AttrValue,
                 checked: bool,
                 onchange: Callback<Event>| {
        html! {
            <div class="checkbox">
                <input class="checkbox-input" type="checkbox" id={id.clone()} {value} {checked} {onchange} />
                <label class="checkbox-label" for={id}>{ label }</label>
            </div>
        }
    };
    html! {
        <div class={classes!("form-group", props.error.is_some().then_some("form-group-error"))}>
            <fieldset class="fieldset" aria-describedby={described}>
                <legend class="fieldset-legend">{ super::question_heading(props.legend.clone(), props.heading) }</legend>
                <p class="hint" id={format!("{p}hint")}>{ props.hint.clone() }</p>
                if let Some(e) = &props.error { <p class="error-message" id={format!("{p}answer-error")}>{ e.clone() }</p> }
                <div class="checkboxes">
                    { for props.options.iter().enumerate().map(|(i, (value, label))| {
                        let id = if i == 0 { format!("{p}answer") } else { format!("{p}answer-{value}") };
                        boxed(id, value.clone(), label.clone().into(), props.chosen.contains(value), toggle(value.clone()))
                    }) }
                    <p class="radios-divider">{ props.or_label.clone() }</p>
                    { boxed(format!("{p}answer-none"), NONE.into(), props.none_label.clone(), props.exclusive.as_deref() == Some(NONE), exclusive(NONE)) }
                    if let Some(label) = &props.unknown_label {
                        { boxed(format!("{p}answer-unknown"), UNKNOWN.into(), label.clone(), props.exclusive.as_deref() == Some(UNKNOWN), exclusive(UNKNOWN)) }
                    }
                </div>
            </fieldset>
        </div>
    }
}
