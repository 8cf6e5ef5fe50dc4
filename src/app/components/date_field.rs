//! When something last happened: a year, the month if known, "about" if unsure, and "I don't know".

use crate::form::{ABOUT, UNKNOWN};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The field's own words, in the patient's language.
#[derive(Clone, PartialEq)]
pub struct DateLabels {
    pub year: AttrValue,
    pub month: AttrValue,
    /// The month menu's first choice: only the year is known.
    pub month_unknown: AttrValue,
    pub about: AttrValue,
    /// How to fill it in: "For example, 2025. Choose the month if you know it."
    pub how: AttrValue,
    /// January to December.
    pub months: [&'static str; 12],
}

impl From<&'static crate::i18n::Strings> for DateLabels {
    fn from(t: &'static crate::i18n::Strings) -> Self {
        DateLabels {
            year: t.date_year.into(),
            month: t.date_month.into(),
            month_unknown: t.date_month_unknown.into(),
            about: t.date_about.into(),
            how: t.date_hint.into(),
            months: t.months,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The question; it is the fieldset's legend and the page heading.
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub labels: DateLabels,
    /// The year as typed.
    pub year: AttrValue,
    /// `01` to `12`, or empty when only the year is known.
    pub month: AttrValue,
    pub about: bool,
    pub unknown: bool,
    /// Absent when "I don't know" cannot be true.
    pub unknown_label: Option<AttrValue>,
    pub error: Option<String>,
    pub on_year: Callback<String>,
    pub on_month: Callback<String>,
    pub on_about: Callback<bool>,
    pub on_unknown: Callback<bool>,
    /// Put before every id, so that several fields can share a page (empty on a page of one).
    #[prop_or_default]
    pub prefix: AttrValue,
    /// The field's question is the page heading (a page of one field), else a heading within it.
    #[prop_or(true)]
    pub heading: bool,
}

#[component]
pub fn DateField(props: &Props) -> Html {
    let p = &props.prefix;
    let l = &props.labels;
    let described = [
        props.hint.as_ref().map(|_| format!("{p}hint")),
        Some(format!("{p}date-hint")),
        props.error.as_ref().map(|_| format!("{p}value-error")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let on_year = {
        let cb = props.on_year.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_month = {
        let cb = props.on_month.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let ticked = |cb: &Callback<bool>| {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let months = l.months.iter().enumerate().map(|(i, name)| {
        let value = format!("{:02}", i + 1);
        let selected = *props.month == value;
        html! { <option {value} {selected}>{ *name }</option> }
    });
    html! {
        <div class={classes!("form-group", props.error.is_some().then_some("form-group-error"))}>
            <fieldset class="fieldset" aria-describedby={described}>
                <legend class="fieldset-legend">{ super::question_heading(props.legend.clone(), props.heading) }</legend>
                if let Some(h) = &props.hint { <p class="hint" id={format!("{p}hint")}>{ h.clone() }</p> }
                <p class="hint" id={format!("{p}date-hint")}>{ l.how.clone() }</p>
                if let Some(e) = &props.error { <p class="error-message" id={format!("{p}value-error")}>{ e.clone() }</p> }
                <div class="date-row">
                    <div class="date-item">
                        <label class="label" for={format!("{p}value")}>{ l.year.clone() }</label>
                        <input class={classes!("input", "input-year", props.error.is_some().then_some("input-error"))}
                            id={format!("{p}value")} name={format!("{p}value")} type="text" inputmode="numeric"
                            autocomplete="off" spellcheck="false"
                            value={props.year.clone()} oninput={on_year} disabled={props.unknown} />
                    </div>
                    <div class="date-item">
                        <label class="label" for={format!("{p}month")}>{ l.month.clone() }</label>
                        <select class="select" id={format!("{p}month")} name={format!("{p}month")}
                            onchange={on_month} disabled={props.unknown}>
                            <option value="" selected={props.month.is_empty()}>{ l.month_unknown.clone() }</option>
                            { for months }
                        </select>
                    </div>
                </div>
                <div class="checkboxes">
                    <div class="checkbox">
                        <input class="checkbox-input" type="checkbox" id={format!("{p}about")} value={ABOUT}
                            checked={props.about} onchange={ticked(&props.on_about)} disabled={props.unknown} />
                        <label class="checkbox-label" for={format!("{p}about")}>{ l.about.clone() }</label>
                    </div>
                    if let Some(label) = &props.unknown_label {
                        <div class="checkbox">
                            <input class="checkbox-input" type="checkbox" id={format!("{p}unknown")} value={UNKNOWN}
                                checked={props.unknown} onchange={ticked(&props.on_unknown)} />
                            <label class="checkbox-label" for={format!("{p}unknown")}>{ label.clone() }</label>
                        </div>
                    }
                </div>
            </fieldset>
        </div>
    }
}
