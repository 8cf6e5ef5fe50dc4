//! A sheet for the doctor, without the page's chrome: answers, each trial's result with its
//! reasons, what the study team checks, contacts, the date and the trials data version.

use crate::app::browser;
use crate::app::components::back_link::BackLink;
use crate::app::components::trial_card::criterion;
use crate::app::context::{use_app, use_title};
use crate::engine::Verdict;
use crate::form::describe;
use crate::i18n::{format_date, label};
use yew::prelude::*;

#[component]
pub fn PrintPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    use_title(t.print_title.to_string(), false);
    let screener = &ctx.screener;
    let path = ctx.path();
    let results = ctx.results();
    let verdict = |v: Verdict| match v {
        Verdict::MayQualify => t.may_qualify,
        Verdict::NeedMoreInformation => t.need_more,
        Verdict::ProbablyNot => t.probably_not,
    };
    let print = Callback::from(|_| browser::print());
    html! {
        <div class="print-sheet" data-testid="print">
            <div class="no-print"><BackLink label={t.back} /></div>
            <h1 class="heading-l" tabindex="-1">{ t.print_title }</h1>
            <p>
                <strong>{ label(t, t.print_date) }</strong>{ format_date(&browser::today(), &lang) }
                {" · "}<strong>{ label(t, t.data_version) }</strong>{ screener.version() }
            </p>
            <p class="no-print"><button type="button" class="button" onclick={print}>{ t.print_button }</button></p>
            <h2 class="heading-m">{ t.your_answers }</h2>
            <table class="table">
                <tbody>
                    { for screener.facts().iter().filter_map(|f| path.get(&f.id).map(|a| (f, a))).map(|(f, a)| html! {
                        <tr><th scope="row">{ f.question.get(&lang) }</th><td>{ describe(f, a, &ctx.state.locale) }</td></tr>
                    }) }
                </tbody>
            </table>
            { for results.iter().map(|r| {
                let tr = screener.trial(r.trial);
                let item = |c: &crate::engine::CriterionResult| {
                    let cr = criterion(&tr, c);
                    html! { <li>{ cr.plain.get(&lang) }<br /><q lang="en">{ &cr.source }</q></li> }
                };
                html! {
                    <section class="print-trial">
                        <h2 class="heading-m">{ tr.title.get(&lang) }</h2>
                        <p>{ &tr.id }{" · "}{ crate::i18n::phase(&tr.phase, &lang) }{" · "}{ (t.status_name)(tr.status.value) }
                            {" ("}{ (t.last_checked)(&format_date(&tr.status.checked, &lang)) }{")"}</p>
                        <p><strong>{ label(t, t.verdict) }</strong>{ verdict(r.verdict) }</p>
                        if r.reasons().next().is_some() {
                            <h3 class="heading-s">{ t.why_not }</h3>
                            <ul>{ for r.reasons().map(item) }</ul>
                        }
                        if !r.needs.is_empty() {
                            <h3 class="heading-s">{ t.to_settle }</h3>
                            <ul>{ for r.needs.iter().filter_map(|id| screener.fact(id)).map(|f| html! { <li>{ f.question.get(&lang) }</li> }) }</ul>
                        }
                        if r.study_team().next().is_some() {
                            <h3 class="heading-s">{ t.for_study_team }</h3>
                            <ul>{ for r.study_team().map(item) }</ul>
                        }
                        <h3 class="heading-s">{ t.contact }</h3>
                        <ul>
                            { for tr.sites.iter().map(|s| html! {
                                <li>{ &s.name }{", "}{ &s.city }
                                    { for s.contacts.iter().map(|c| html! {
                                        <>{" · "}{ &c.name }
                                          if let Some(p) = &c.phone { {" · "}{ p } }
                                          if let Some(e) = &c.email { {" · "}{ e } }</>
                                    }) }
                                </li>
                            }) }
                        </ul>
                        <p>{ &tr.registry_url }</p>
                    </section>
                }
            }) }
        </div>
    }
}
