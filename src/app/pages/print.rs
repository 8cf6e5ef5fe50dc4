//! A sheet for the doctor, at most two A4 pages for a typical patient, without the page's
//! chrome: each trial's result first (as sorted on screen) with its reasons and the nearest
//! site's contact, then the answers by section, then what is left for the study teams.

use crate::app::browser;
use crate::app::components::back_link::BackLink;
use crate::app::components::trial_card::criterion;
use crate::app::context::{use_app, use_title};
use crate::app::pages::results::listed;
use crate::engine::Verdict;
use crate::form::describe;
use crate::i18n::{format_date, format_distance, label};
use yew::prelude::*;

#[component]
pub fn PrintPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    use_title(t.print_title.to_string(), false);
    let screener = &ctx.screener;
    let path = ctx.path();
    let results = listed(&ctx);
    let verdict = |v: Verdict| match v {
        Verdict::MayQualify => t.may_qualify,
        Verdict::NeedMoreInformation => t.need_more,
        Verdict::ProbablyNot => t.probably_not,
    };
    let print = Callback::from(|_| browser::print());
    let trials = results.iter().map(|(r, tr, near)| {
        let site = near.as_ref().map(|(_, s)| s).or(tr.sites.first());
        let needs: Vec<&str> = (r.needs.iter())
            .filter_map(|id| screener.fact(id))
            .map(|f| match &f.test {
                Some(test) => test.name.get(&lang),
                None => f.question.get(&lang),
            })
            .collect();
        html! {
            <section class="print-trial" data-trial={tr.id.clone()}>
                <h3 class="heading-s">{ tr.title.get(&lang) }</h3>
                <p>
                    <strong>{ verdict(r.verdict) }</strong>
                    {" · "}{ &tr.id }{" · "}{ crate::i18n::phase(&tr.phase, &lang) }{" · "}{ (t.status_name)(tr.status.value) }
                </p>
                if r.reasons().next().is_some() {
                    <ul class="print-reasons">
                        { for r.reasons().map(|c| {
                            let cr = criterion(tr, c);
                            html! { <li>{ cr.plain.get(&lang) }{" "}<q lang="en">{ &cr.source }</q></li> }
                        }) }
                    </ul>
                }
                if !needs.is_empty() {
                    <p>{ label(t, t.to_settle) }{ crate::i18n::list(&needs, &lang) }</p>
                }
                if let Some(s) = site {
                    <p>
                        { s.name_in(&lang) }{", "}{ s.city_in(&lang) }
                        if let Some((km, _)) = near { {" · "}{ format_distance(*km, &ctx.state.locale) } }
                        { for s.contacts.iter().map(|c| html! {
                            <>{" · "}{ &c.name }
                              if let Some(p) = &c.phone { {" · "}{ p } }
                              if let Some(e) = &c.email { {" · "}{ e } }</>
                        }) }
                        {" · "}{ &tr.registry_url }
                    </p>
                }
            </section>
        }
    });
    let sections = screener.by_section(&path).into_iter().map(|(g, given)| html! {
        <section class="print-section">
            <h3 class="heading-s">{ g.name.get(&lang) }</h3>
            <dl>
                { for given.into_iter().map(|(f, a)| html! {
                    <div class="print-answer"><dt>{ f.question.get(&lang) }</dt><dd>{ describe(f, a, &ctx.state.locale) }</dd></div>
                }) }
            </dl>
        </section>
    });
    let team = results.iter().filter(|(r, _, _)| r.verdict != Verdict::ProbablyNot).map(|(r, tr, _)| {
        html! {
            if r.study_team().next().is_some() {
                <li><strong>{ &tr.id }</strong>{": "}
                    { crate::i18n::list(&r.study_team().map(|c| criterion(tr, c).plain.get(&lang)).collect::<Vec<_>>(), &lang) }
                </li>
            }
        }
    });
    html! {
        <div class="print-sheet" data-testid="print">
            <div class="no-print"><BackLink label={t.back} /></div>
            <h1 class="heading-l" tabindex="-1">{ t.print_title }</h1>
            <p>
                <strong>{ label(t, t.print_date) }</strong>{ format_date(&browser::today(), &lang) }
                {" · "}<strong>{ label(t, t.data_version) }</strong>{ screener.version() }
            </p>
            <p class="no-print"><button type="button" class="button" onclick={print}>{ t.print_button }</button></p>
            <h2 class="heading-m">{ t.results_title }</h2>
            { for trials }
            <h2 class="heading-m">{ t.your_answers }</h2>
            <div class="print-answers">{ for sections }</div>
            <h2 class="heading-m">{ t.for_study_team }</h2>
            <ul class="print-team">{ for team }</ul>
        </div>
    }
}
