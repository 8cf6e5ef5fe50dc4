//! One question per page: the question as the heading, help, "why we ask", the answer, Back
//! and Continue. Invalid answers get an error summary and never reach the engine.

use crate::app::browser;
use crate::app::components::back_link::BackLink;
use crate::app::components::checkboxes::Checkboxes;
use crate::app::components::error_summary::ErrorSummary;
use crate::app::components::number_field::NumberField;
use crate::app::components::radios::Radios;
use crate::app::components::ratio_field::{RatioField, RatioLabels};
use crate::app::context::{use_app, use_title};
use crate::app::prerender;
use crate::form::{self, Draft, FieldError, NO, UNKNOWN, YES};
use crate::i18n;
use crate::model::FactKind;
use yew::prelude::*;

use super::error::NotFound;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub fact: String,
}

#[component]
pub fn QuestionPage(props: &Props) -> Html {
    let ctx = use_app();
    let fact = ctx.screener.fact(&props.fact).cloned();
    let locale = ctx.state.locale.clone();
    let draft = {
        let (fact, answer) = (fact.clone(), ctx.state.answers.get(&props.fact).cloned());
        let locale = locale.clone();
        use_state(move || match (&fact, &answer) {
            (Some(f), Some(a)) => form::from_answer(f, a, &locale),
            // What the patient typed before the app loaded, if this was the prerendered question.
            (Some(f), None) => prerender::draft(&f.id, form::blank(f, &locale)),
            _ => Draft::default(),
        })
    };
    let error = use_state(|| None::<FieldError>);
    let lang = ctx.lang();
    let t = ctx.t();
    let title = fact
        .as_ref()
        .map(|f| f.question.get(&lang).to_string())
        .unwrap_or_default();
    use_title(title.clone(), error.is_some());
    {
        let shown = error.is_some();
        use_effect_with((*error).clone(), move |_| {
            if shown {
                browser::focus(".error-summary");
            }
        });
    }
    let Some(fact) = fact else {
        return html! { <NotFound /> };
    };

    let onsubmit = {
        let (ctx, fact, draft, error, locale) = (
            ctx.clone(),
            fact.clone(),
            draft.clone(),
            error.clone(),
            locale.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form::to_answer(&ctx.screener, &fact, &draft, &locale) {
                Ok(answer) => ctx.answer(&fact.id, answer),
                Err(e) => error.set(Some(e)),
            }
        })
    };
    let set = |f: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut d = (*draft).clone();
            f(&mut d, v);
            draft.set(d);
        })
    };
    let field_error = |field: form::Field| {
        error
            .as_ref()
            .filter(|e| e.field == field)
            .map(|e| e.message.clone())
    };
    let hint = fact
        .help
        .as_ref()
        .map(|h| AttrValue::from(h.get(&lang).to_string()));
    let unknown_label = fact.unknown_allowed.then_some(AttrValue::from(t.dont_know));
    let with_unknown = |mut options: Vec<(String, String)>| {
        if fact.unknown_allowed {
            options.push((UNKNOWN.to_string(), t.dont_know.to_string()));
        }
        options
    };
    let control = match &fact.answer {
        FactKind::YesNo => html! {
            <Radios legend={title.clone()} hint={hint.clone()} selected={draft.choice.clone()}
                options={with_unknown(vec![(YES.into(), t.yes.into()), (NO.into(), t.no.into())])}
                error={field_error(form::Field::Choice)} onchange={set(|d, v| d.choice = Some(v))} />
        },
        FactKind::Choice { options } => {
            let options: Vec<(String, String)> = options
                .iter()
                .map(|o| (o.id.clone(), o.label.get(&lang).to_string()))
                .collect();
            html! {
                <Radios legend={title.clone()} hint={hint.clone()} selected={draft.choice.clone()}
                    divider_before={fact.unknown_allowed.then(|| UNKNOWN.to_string())} or_label={t.or}
                    options={with_unknown(options)}
                    error={field_error(form::Field::Choice)} onchange={set(|d, v| d.choice = Some(v))} />
            }
        }
        FactKind::Multi { options } => {
            let options: Vec<(String, String)> = options
                .iter()
                .map(|o| (o.id.clone(), o.label.get(&lang).to_string()))
                .collect();
            let onchange = {
                let draft = draft.clone();
                Callback::from(move |(chosen, exclusive): (Vec<String>, Option<String>)| {
                    draft.set(Draft {
                        chosen,
                        choice: exclusive,
                        ..(*draft).clone()
                    });
                })
            };
            let hint = match &hint {
                Some(h) => format!("{} {}", t.select_all, h),
                None => t.select_all.to_string(),
            };
            html! {
                <Checkboxes legend={title.clone()} {hint} {options} chosen={draft.chosen.clone()} exclusive={draft.choice.clone()}
                    none_label={t.none_of_these} unknown_label={unknown_label.clone()} or_label={t.or}
                    error={field_error(form::Field::Choice)} {onchange} />
            }
        }
        FactKind::Number {
            quantity, whole, ..
        } => {
            let units = i18n::unit_choices(quantity, &lang);
            let on_unknown = {
                let draft = draft.clone();
                Callback::from(move |on: bool| {
                    draft.set(Draft {
                        choice: on.then(|| UNKNOWN.to_string()),
                        ..(*draft).clone()
                    })
                })
            };
            html! {
                <NumberField label={title.clone()} hint={hint.clone()} text={draft.text.clone()} {units}
                    unit={draft.unit.clone()} unit_label={t.unit} unknown={draft.choice.as_deref() == Some(UNKNOWN)}
                    unknown_label={unknown_label.clone()} whole={*whole}
                    error={field_error(form::Field::Value).or_else(|| field_error(form::Field::Choice))}
                    on_text={set(|d, v| d.text = v)} on_unit={set(|d, v| d.unit = v)} {on_unknown} />
            }
        }
        FactKind::UpperLimitRatio { .. } => {
            let labels = RatioLabels {
                normal: t.in_normal_range,
                above: t.above_normal_range,
                unknown: fact.unknown_allowed.then_some(t.dont_know),
                value: t.your_result,
                limit: t.upper_limit,
                limit_hint: t.upper_limit_hint,
                or: t.or,
            };
            let err = error
                .as_ref()
                .map(|e| (e.field.id().to_string(), e.message.clone()));
            html! {
                <RatioField legend={title.clone()} hint={hint.clone()} choice={draft.choice.clone()} text={draft.text.clone()}
                    limit={draft.limit.clone()} {labels} error={err}
                    on_choice={set(|d, v| d.choice = Some(v))} on_text={set(|d, v| d.text = v)} on_limit={set(|d, v| d.limit = v)} />
            }
        }
    };
    let summary: Vec<(String, String)> = error
        .iter()
        .map(|e| (e.field.id().to_string(), e.message.clone()))
        .collect();
    let asking: Vec<String> = ctx
        .screener
        .trials_reading(&fact.id)
        .into_iter()
        .map(|i| {
            let tr = ctx.screener.trial(i);
            tr.acronym.clone().unwrap_or_else(|| tr.id.clone())
        })
        .collect();
    let left = ctx.remaining().len().max(1);
    html! {
        <>
            <BackLink label={t.back} />
            <ErrorSummary title={t.error_summary} errors={summary} />
            <p class="progress" data-testid="progress">{ (t.questions_left)(left) }</p>
            <form {onsubmit} novalidate=true data-testid="question" data-fact={fact.id.clone()}>
                { control }
                <details class="details">
                    <summary class="details-summary">{ t.why_we_ask }</summary>
                    <div class="details-text">
                        <p>{ fact.why.get(&lang) }</p>
                        if !asking.is_empty() { <p>{ t.asked_by }{" "}{ i18n::list(&asking, &lang) }</p> }
                    </div>
                </details>
                <button type="submit" class="button" data-testid="continue">{ t.continue_ }</button>
            </form>
        </>
    }
}
