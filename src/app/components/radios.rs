//! One choice from several, as radios in a fieldset whose legend is the page heading.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Value and label of each radio, in order.
    pub options: Vec<(String, String)>,
    /// Values after which an "or" divider is drawn (before "I don't know").
    #[prop_or_default]
    pub divider_before: Option<String>,
    pub selected: Option<String>,
    pub error: Option<String>,
    pub onchange: Callback<String>,
    /// Shown under the radio with this value when it is selected.
    #[prop_or_default]
    pub reveal: Option<(String, Html)>,
    #[prop_or_default]
    pub or_label: AttrValue,
    /// Put before every id, so that several fields can share a page (empty on a page of one).
    #[prop_or_default]
    pub prefix: AttrValue,
    /// The field's question is the page heading (a page of one field), else a heading within it.
    #[prop_or(true)]
    pub heading: bool,
}

#[component]
pub fn Radios(props: &Props) -> Html {
    let p = &props.prefix;
    let described = [
        props.hint.as_ref().map(|_| format!("{p}hint")),
        props.error.as_ref().map(|_| format!("{p}answer-error")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <div class={classes!("form-group", props.error.is_some().then_some("form-group-error"))}>
            <fieldset class="fieldset" aria-describedby={(!described.is_empty()).then_some(described)}>
                <legend class="fieldset-legend">{ super::question_heading(props.legend.clone(), props.heading) }</legend>
                if let Some(h) = &props.hint { <p class="hint" id={format!("{p}hint")}>{ h.clone() }</p> }
                if let Some(e) = &props.error { <p class="error-message" id={format!("{p}answer-error")}>{ e.clone() }</p> }
                <div class="radios">
                    { for props.options.iter().enumerate().map(|(i, (value, label))| {
                        let id = if i == 0 { format!("{p}answer") } else { format!("{p}answer-{value}") };
                        let checked = props.selected.as_deref() == Some(value.as_str());
                        let onchange = { let cb = props.onchange.clone(); let v = value.clone(); Callback::from(move |_: Event| cb.emit(v.clone())) };
                        let divider = props.divider_before.as_deref() == Some(value.as_str());
                        html! {
                            <>
                                if divider { <p class="radios-divider">{ props.or_label.clone() }</p> }
                                <div class="radio">
                                    <input class="radio-input" type="radio" name={format!("{p}answer")} id={id.clone()} value={value.clone()} {checked} {onchange} />
                                    <label class="radio-label" for={id}>{ label.clone() }</label>
                                </div>
                                if let Some((v, content)) = &props.reveal {
                                    if checked && v == value { <div class="reveal">{ content.clone() }</div> }
                                }
                            </>
                        }
                    }) }
                </div>
            </fieldset>
        </div>
    }
}
