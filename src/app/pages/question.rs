//! A page of questions: one fact, its question the heading; or several facts a patient reads
//! off one document or decides together, under the page's title, each field with its own
//! label, unit, "I don't know" and error. A follow-up on the page shows once the answer above
//! it opens it. Invalid answers get an error summary and never reach the engine.

use crate::app::components::back_link::BackLink;
use crate::app::components::checkboxes::Checkboxes;
use crate::app::components::date_field::{DateField, DateLabels};
use crate::app::components::error_summary::{use_refusals, ErrorSummary};
use crate::app::components::number_field::NumberField;
use crate::app::components::radios::Radios;
use crate::app::components::ratio_field::{RatioField, RatioLabels};
use crate::app::context::{use_app, use_title, AppContext};
use crate::form::{self, Draft, FieldError, NO, UNKNOWN, YES};
use crate::i18n;
use crate::model::{Answers, Fact, FactKind};
use std::collections::BTreeMap;
use yew::prelude::*;

use super::error::NotFound;

/// What is typed or chosen on the page, by fact id.
type Drafts = BTreeMap<String, Draft>;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub fact: String,
}

#[component]
pub fn QuestionPage(props: &Props) -> Html {
    let ctx = use_app();
    let locale = ctx.state.locale.clone();
    let facts: Vec<Fact> = {
        let ids = ctx.page_fields(&props.fact);
        ids.iter()
            .filter_map(|id| ctx.screener.fact(id).cloned())
            .collect()
    };
    // Come to give a value from the results: "I don't know" starts unticked.
    let giving =
        |f: &Fact| (ctx.state.returning.as_ref()).is_some_and(|r| r.giving.contains(&f.id));
    let first = |f: &Fact| match ctx.state.answers.get(&f.id) {
        Some(crate::model::Answer::Unknown) if giving(f) => form::blank(f, &locale),
        Some(a) => form::from_answer(f, a, &locale),
        // What the patient typed before the app loaded, if this was the prerendered question.
        None => (ctx.boot.handoff).draft(&f.id, form::blank(f, &locale)),
    };
    let drafts = {
        let start: Drafts = facts.iter().map(|f| (f.id.clone(), first(f))).collect();
        use_state(move || start)
    };
    // A field the page gained since it was first shown starts as a new one would.
    let draft_of = |f: &Fact| drafts.get(&f.id).cloned().unwrap_or_else(|| first(f));
    let errors = use_state(Vec::<(String, FieldError)>::new);
    let refused = use_refusals();
    let lang = ctx.lang();
    let t = ctx.t();
    let single = facts.len() == 1;
    let page = ctx.screener.page_of(&props.fact);
    let title = match (&page, facts.first()) {
        (_, Some(f)) if single => f.question.get(&lang).to_string(),
        (Some(p), _) if p.title.is_some() => p
            .title
            .map(|t| t.get(&lang))
            .unwrap_or_default()
            .to_string(),
        (_, Some(f)) => f.question.get(&lang).to_string(),
        _ => String::new(),
    };
    use_title(title.clone(), !errors.is_empty());
    if facts.is_empty() {
        return html! { <NotFound /> };
    }
    // The answers as they stand with what is on the page so far, to open follow-ups.
    let current = {
        let mut a = ctx.state.answers.clone();
        for f in &facts {
            match form::to_answer(&ctx.screener, f, &draft_of(f), &locale) {
                Ok(answer) => a.set(f.id.clone(), answer),
                Err(_) => a.remove(&f.id),
            }
        }
        a
    };
    let shown: Vec<usize> = (0..facts.len())
        .filter(|&i| {
            single
                || ctx
                    .screener
                    .opened(&facts[i].id, &opened_by(&current, &facts, i))
        })
        .collect();

    let onsubmit = {
        let on_page: Vec<(Fact, Draft)> = shown
            .iter()
            .map(|&i| (facts[i].clone(), draft_of(&facts[i])))
            .collect();
        let (ctx, errors, refused, locale) =
            (ctx.clone(), errors.clone(), refused.clone(), locale.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut given = vec![];
            let mut found = vec![];
            for (fact, draft) in &on_page {
                match form::to_answer(&ctx.screener, fact, draft, &locale) {
                    Ok(answer) => given.push((fact.id.clone(), answer)),
                    Err(e) => found.push((fact.id.clone(), e)),
                }
            }
            if found.is_empty() {
                ctx.answer(given);
            } else {
                errors.set(found);
                refused.set(*refused + 1);
            }
        })
    };
    let prefix = |id: &str| {
        if single {
            String::new()
        } else {
            format!("{id}-")
        }
    };
    let summary: Vec<(String, String)> = errors
        .iter()
        .map(|(id, e)| (format!("{}{}", prefix(id), e.field.id()), e.message.clone()))
        .collect();
    let fields: Vec<Html> = shown
        .iter()
        .map(|&i| {
            let f = &facts[i];
            let error = errors
                .iter()
                .find(|(k, _)| *k == f.id)
                .map(|(_, e)| e.clone());
            field(
                &ctx,
                f,
                (&drafts, draft_of(f)),
                error,
                prefix(&f.id),
                single,
            )
        })
        .collect();
    let section = ctx
        .screener
        .groups()
        .iter()
        .position(|g| g.id == facts[0].group)
        .map(|k| {
            let name = ctx.screener.groups()[k].name.get(&lang);
            (t.section_of)(name, k + 1, ctx.screener.groups().len())
        });
    let left = ctx.pages_left().max(1);
    html! {
        <>
            <BackLink label={t.back} />
            <ErrorSummary title={t.error_summary} errors={summary} />
            if let Some(s) = section { <p class="section-caption" data-testid="section">{ s }</p> }
            if ctx.state.returning.is_none() {
                <p class="progress" data-testid="progress">{ (t.questions_left)(left) }</p>
            }
            <form {onsubmit} novalidate=true data-testid="question" data-fact={facts[0].id.clone()}>
                if !single { <h1 class="heading-l" tabindex="-1">{ title }</h1> }
                { for fields }
                <button type="submit" class="button" data-testid="continue">
                    { if ctx.state.returning.is_some() { t.save_and_return } else { t.continue_ } }
                </button>
            </form>
        </>
    }
}

/// The answers that decide whether field `i` shows: those given, with the fields above it on
/// the page as they stand (a follow-up opens on the answer above it, not below).
fn opened_by(current: &Answers, facts: &[Fact], i: usize) -> Answers {
    let mut a = current.clone();
    for f in &facts[i + 1..] {
        a.remove(&f.id);
    }
    a
}

/// One fact's field, with "why we ask".
fn field(
    ctx: &AppContext,
    fact: &Fact,
    (drafts, draft): (&UseStateHandle<Drafts>, Draft),
    error: Option<FieldError>,
    prefix: String,
    heading: bool,
) -> Html {
    let lang = ctx.lang();
    let t = ctx.t();
    let title = fact.question.get(&lang).to_string();
    // Every change goes through the page's drafts, starting from this field's as shown.
    let change = {
        let (drafts, id, shown) = (drafts.clone(), fact.id.clone(), draft.clone());
        move |f: Box<dyn Fn(&mut Draft)>| {
            let mut all = (*drafts).clone();
            f(all.entry(id.clone()).or_insert_with(|| shown.clone()));
            drafts.set(all);
        }
    };
    let change = std::rc::Rc::new(change);
    let set = |f: fn(&mut Draft, String)| {
        let change = change.clone();
        Callback::from(move |v: String| change(Box::new(move |d| f(d, v.clone()))))
    };
    let ticked = |f: fn(&mut Draft, bool)| {
        let change = change.clone();
        Callback::from(move |on: bool| change(Box::new(move |d| f(d, on))))
    };
    // "I don't know" ticked: the answer, whatever else the field holds.
    let on_unknown = || ticked(|d, on| d.choice = on.then(|| UNKNOWN.to_string()));
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
    let prefix = AttrValue::from(prefix);
    let control = match &fact.answer {
        FactKind::YesNo => html! {
            <Radios legend={title.clone()} hint={hint.clone()} selected={draft.choice.clone()}
                options={with_unknown(vec![(YES.into(), t.yes.into()), (NO.into(), t.no.into())])}
                error={field_error(form::Field::Choice)} onchange={set(|d, v| d.choice = Some(v))}
                prefix={prefix.clone()} {heading} />
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
                    error={field_error(form::Field::Choice)} onchange={set(|d, v| d.choice = Some(v))}
                    prefix={prefix.clone()} {heading} />
            }
        }
        FactKind::Multi { options } => {
            let options: Vec<(String, String)> = options
                .iter()
                .map(|o| (o.id.clone(), o.label.get(&lang).to_string()))
                .collect();
            let onchange = {
                let change = change.clone();
                Callback::from(move |(chosen, exclusive): (Vec<String>, Option<String>)| {
                    change(Box::new(move |d| {
                        d.chosen = chosen.clone();
                        d.choice = exclusive.clone();
                    }))
                })
            };
            let hint = match &hint {
                Some(h) => format!("{} {}", t.select_all, h),
                None => t.select_all.to_string(),
            };
            html! {
                <Checkboxes legend={title.clone()} {hint} {options} chosen={draft.chosen.clone()} exclusive={draft.choice.clone()}
                    none_label={t.none_of_these} unknown_label={unknown_label.clone()} or_label={t.or}
                    error={field_error(form::Field::Choice)} {onchange} prefix={prefix.clone()} {heading} />
            }
        }
        FactKind::Number { whole, .. } => {
            let units = i18n::unit_choices_for(fact, &lang);
            html! {
                <NumberField label={title.clone()} hint={hint.clone()} text={draft.text.clone()} {units}
                    unit={draft.unit.clone()} unit_label={t.unit} unknown={draft.choice.as_deref() == Some(UNKNOWN)}
                    unknown_label={unknown_label.clone()} whole={*whole}
                    error={field_error(form::Field::Value).or_else(|| field_error(form::Field::Choice))}
                    on_text={set(|d, v| d.text = v)} on_unit={set(|d, v| d.unit = v)} on_unknown={on_unknown()}
                    prefix={prefix.clone()} {heading} />
            }
        }
        FactKind::Date => {
            let labels = DateLabels::from(t);
            html! {
                <DateField legend={title.clone()} hint={hint.clone()} {labels} year={draft.text.clone()}
                    month={draft.month.clone()} about={draft.about} unknown={draft.choice.as_deref() == Some(UNKNOWN)}
                    unknown_label={unknown_label.clone()}
                    error={field_error(form::Field::Value).or_else(|| field_error(form::Field::Choice))}
                    on_year={set(|d, v| d.text = v)} on_month={set(|d, v| d.month = v)}
                    on_about={ticked(|d, on| d.about = on)}
                    on_unknown={on_unknown()}
                    prefix={prefix.clone()} {heading} />
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
                    on_choice={set(|d, v| d.choice = Some(v))} on_text={set(|d, v| d.text = v)} on_limit={set(|d, v| d.limit = v)}
                    prefix={prefix.clone()} {heading} />
            }
        }
    };
    let asking: Vec<String> = ctx
        .screener
        .trials_reading(&fact.id)
        .into_iter()
        .map(|i| {
            let tr = ctx.screener.trial(i);
            tr.acronym.clone().unwrap_or_else(|| tr.id.clone())
        })
        .collect();
    html! {
        <div class="question-field" key={fact.id.clone()} data-field={fact.id.clone()}>
            { control }
            <details class="details">
                <summary class="details-summary">{ t.why_we_ask }</summary>
                <div class="details-text">
                    <p>{ fact.why.get(&lang) }</p>
                    if !asking.is_empty() { <p>{ t.asked_by }{" "}{ i18n::list(&asking, &lang) }</p> }
                </div>
            </details>
        </div>
    }
}
