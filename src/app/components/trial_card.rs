//! One trial in the results: what it is, its status, why it fits or not, what would settle it,
//! what the study team checks, where it runs, and its public registry record.

use super::sites::Sites;
use crate::app::route::Route;
use crate::engine::{CriterionResult, TrialResult, Verdict};
use crate::geo::Point;
use crate::i18n::{format_date, label, Strings};
use crate::model::{Criterion, Origin, Sample, Status, Trial};
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub trial: Trial,
    pub result: TrialResult,
    /// Fact id and question of each answer that would settle this trial and that the patient
    /// can give now.
    pub needs: Vec<(String, String)>,
    /// The tests that would settle it, as (sample, fact id, test name).
    pub tests: Vec<(Sample, String, String)>,
    /// Opens these facts' questions one after another, then comes back (giving values: their
    /// "I don't know" starts unticked).
    pub on_change: Callback<(Vec<String>, bool)>,
    pub from: Option<Point>,
    /// Beyond how far the patient said they could travel: its own questions were not asked.
    #[prop_or_default]
    pub far: bool,
    pub locale: AttrValue,
    pub lang: AttrValue,
    pub t: &'static Strings,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        self.trial.id == o.trial.id
            && self.result == o.result
            && self.needs == o.needs
            && self.tests == o.tests
            && self.from == o.from
            && self.far == o.far
            && self.locale == o.locale
    }
}

pub fn criterion<'a>(t: &'a Trial, r: &CriterionResult) -> &'a Criterion {
    match r.subgroup {
        None => &t.criteria[r.index],
        Some(g) => &t.subgroups[g].criteria[r.index],
    }
}

/// A criterion in plain words, with its source sentence one tap away.
pub fn explained(c: &Criterion, lang: &str, t: &'static Strings, note: bool) -> Html {
    html! {
        <li class="criterion">
            <p>{ c.plain.get(lang) }</p>
            if note { if let Some(n) = &c.study_team { <p class="hint">{ n.get(lang) }</p> } }
            <details class="details details-small">
                <summary class="details-summary">{ t.source_sentence }</summary>
                <div class="details-text">
                    <blockquote lang="en">{ &c.source }</blockquote>
                    <p class="hint">
                        { t.source_language_note }
                        if c.origin == Origin::RegistrySummary { {" "}{ t.from_summary } }
                    </p>
                </div>
            </details>
        </li>
    }
}

#[component]
pub fn TrialCard(props: &Props) -> Html {
    let (tr, r, t, lang) = (&props.trial, &props.result, props.t, props.lang.as_str());
    let list = |items: Vec<&CriterionResult>, note: bool| -> Html {
        html! { <ul class="criteria">{ for items.into_iter().map(|c| explained(criterion(tr, c), lang, t, note)) }</ul> }
    };
    let reasons: Vec<&CriterionResult> = r.reasons().collect();
    let team: Vec<&CriterionResult> = r.study_team().collect();
    let open_status = tr.status.value.is_open();
    let fitting_group = tr
        .subgroups
        .iter()
        .zip(&r.subgroups)
        .find(|(_, v)| **v == Verdict::MayQualify && r.verdict == Verdict::MayQualify)
        .map(|(g, _)| g.name.get(lang).to_string());
    html! {
        <article class="card" data-testid="trial" data-trial={tr.id.clone()} data-verdict={r.verdict.id()}>
            <h3 class="heading-m">{ tr.title.get(lang) }</h3>
            if props.far { <p><span class="tag tag-far" data-testid="far">{ t.far_away }</span></p> }
            <p class="card-meta">
                <span>{ &tr.id }</span>
                if let Some(a) = &tr.acronym { {" · "}<span>{ a }</span> }
                {" · "}<span>{ crate::i18n::phase(&tr.phase, lang) }</span>
            </p>
            // Where it runs and whom to contact come first: what a patient acts on.
            <Sites sites={tr.sites.clone()} from={props.from} locale={props.locale.clone()} {t} />
            <p class={classes!("status", (!open_status).then_some("status-closed"))}>
                <strong>{ label(t, t.status) }</strong>{ (t.status_name)(tr.status.value) }
                {" ("}{ (t.last_checked)(&format_date(&tr.status.checked, lang)) }{")"}
                // One status: "unknown" is not "not recruiting"; its note says what to ask.
                if !open_status && tr.status.value != Status::Unknown { <span class="tag" data-testid="not-recruiting">{ t.not_recruiting }</span> }
            </p>
            if let Some(n) = &tr.status.note { <p class="hint">{ n.get(lang) }</p> }
            <p>{ tr.summary.get(lang) }</p>
            <p><strong>{ label(t, t.what_you_receive) }</strong>{ tr.intervention.get(lang) }</p>
            if tr.design.placebo { <p class="placebo">{ t.placebo_note }</p> }
            if let Some(g) = fitting_group { <p class="fits">{ (t.subgroup_fits)(&g) }</p> }
            if !reasons.is_empty() {
                <h4 class="heading-s">{ t.why_not }</h4>
                { list(reasons, false) }
            }
            if !team.is_empty() {
                <details class="details">
                    <summary class="details-summary">{ t.for_study_team }{" ("}{ team.len() }{")"}</summary>
                    <div class="details-text">{ list(team, true) }</div>
                </details>
            }
            { what_next(props) }
            <p><a href={tr.registry_url.clone()} rel="noopener noreferrer" target="_blank">{ t.registry_link }</a></p>
        </article>
    }
}

/// A link through `facts`' questions that comes back to the results.
fn path_link(
    props: &Props,
    facts: Vec<String>,
    giving: bool,
    text: String,
    id: &'static str,
) -> Html {
    let href = facts.first().map(|f| Route::Question(f.clone()).href());
    let on_change = props.on_change.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        on_change.emit((facts.clone(), giving));
    });
    html! { <a {href} {onclick} data-testid={id}>{ text }</a> }
}

/// What the patient can do next for this study: the tests to ask the doctor for, the
/// questions to answer now, and whom to contact when the site names no one.
fn what_next(props: &Props) -> Html {
    let (t, lang) = (props.t, props.lang.as_str());
    let tests: Vec<String> = [Sample::Blood, Sample::Urine, Sample::Biopsy]
        .into_iter()
        .filter_map(|sample| {
            let names: Vec<&str> = (props.tests.iter())
                .filter(|(s, _, _)| *s == sample)
                .map(|(_, _, n)| n.as_str())
                .collect();
            let list = crate::i18n::list(&names, lang);
            (!names.is_empty()).then(|| match sample {
                Sample::Blood => (t.blood_test_for)(&list),
                Sample::Urine => (t.urine_test_for)(&list),
                Sample::Biopsy => (t.biopsy_for)(&list),
            })
        })
        .collect();
    let contact = props.trial.sites.iter().any(|s| !s.contacts.is_empty());
    if tests.is_empty() && props.needs.is_empty() && contact {
        return html! {};
    }
    let test_facts: Vec<String> = props.tests.iter().map(|(_, f, _)| f.clone()).collect();
    let now: Vec<String> = props.needs.iter().map(|(f, _)| f.clone()).collect();
    html! {
        <div class="what-next" data-testid="what-next">
            <h4 class="heading-s">{ t.what_next }</h4>
            <ul class="list">
                if !tests.is_empty() {
                    <li data-testid="ask-doctor">
                        { label(t, t.ask_doctor) }{ crate::i18n::list(&tests, lang) }
                        {" "}{ path_link(props, test_facts.clone(), true, t.have_results.to_string(), "answer-tests") }
                    </li>
                }
                if !now.is_empty() {
                    <li>{ path_link(props, now.clone(), true, (t.answer_now)(now.len()), "answer-now") }</li>
                }
                if !contact { <li>{ t.no_site_contact }</li> }
            </ul>
        </div>
    }
}
