//! Results: trials grouped as may qualify, need more information and probably not; recruiting
//! trials first in each group; then what the patient can take to their doctor.

use crate::app::browser;
use crate::app::components::sites::contacts;
use crate::app::components::trial_card::TrialCard;
use crate::app::context::{use_app, use_change_over, use_title, AppContext};
use crate::app::route::Route;
use crate::app::state::Action;
use crate::engine::{TrialResult, Verdict};
use crate::geo;
use crate::model::{Site, Trial};
use yew::prelude::*;

/// The link that carries the answers after `#`, which browsers never send to a server.
pub fn share_link(ctx: &AppContext) -> String {
    format!(
        "{}#/results?answers={}",
        browser::page_address(),
        browser::encode(&ctx.state.to_json())
    )
}

/// A trial's result as listed: the trial, and its nearest site with the distance to it.
pub type Listed = (TrialResult, Trial, Option<(f64, Site)>);

/// The results as listed, on the page and in print: by verdict, then nearest first, then
/// recruiting before not (without a place, recruiting first), each trial read once (from a
/// pack, that means decompressed and parsed once).
pub fn listed(ctx: &AppContext) -> Vec<Listed> {
    let from = ctx.state.location.as_ref().and_then(|l| l.point());
    let results: Vec<Listed> = (ctx.results().into_iter())
        .map(|r| {
            let trial = ctx.screener.trial(r.trial).into_owned();
            let near = from.and_then(|p| {
                let (site, km) = geo::by_distance(&trial.sites, p).into_iter().next()?;
                Some((km?, site.clone()))
            });
            (r, trial, near)
        })
        .collect();
    let km = |n: &Option<(f64, Site)>| n.as_ref().map_or(f64::INFINITY, |(k, _)| *k);
    screener::sort::sort_by(results, |(a, ta, na), (b, tb, nb)| {
        (a.verdict.cmp(&b.verdict))
            .then(km(na).total_cmp(&km(nb)))
            .then((!ta.status.value.is_open()).cmp(&!tb.status.value.is_open()))
            .then(a.trial.cmp(&b.trial))
    })
}

#[component]
pub fn ResultsPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    use_title(t.results_title.to_string(), false);
    let copied = use_state(|| false);
    use_change_over();
    {
        // Focus goes to the confirmation once the patient asks to save, not on every visit.
        let was = use_mut_ref(|| ctx.state.saved);
        use_effect_with(ctx.state.saved, move |saved| {
            if *saved && !*was.borrow() {
                browser::focus("[data-testid=saved]");
            }
            *was.borrow_mut() = *saved;
        });
    }
    let screener = &ctx.screener;
    let from = ctx.state.location.as_ref().and_then(|l| l.point());
    let mut results = listed(&ctx);
    let summary = next_step(&ctx, &results);
    let on_change = {
        let ctx = ctx.clone();
        Callback::from(move |(facts, giving): (Vec<String>, bool)| {
            ctx.change(facts, Route::Results, giving)
        })
    };
    let mut group = |v: Verdict, title: &'static str, intro: &'static str, id: &'static str| {
        // Each group takes its trials out, so that none is copied.
        let (items, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut results)
            .into_iter()
            .partition(|(r, _, _)| r.verdict == v);
        results = rest;
        if items.is_empty() {
            return html! {};
        }
        html! {
            <section class="result-group" aria-labelledby={id} data-testid={id}>
                <h2 class="heading-l" id={id}>{ title }{" ("}{ items.len() }{")"}</h2>
                { for items.into_iter().map(|(r, trial, _)| {
                    let (tests, needs): (Vec<_>, Vec<_>) = r.needs.iter()
                        .filter_map(|id| screener.fact(id))
                        .partition(|f| f.test.is_some());
                    let tests = tests.into_iter()
                        .filter_map(|f| f.test.as_ref().map(|x| (x.sample, f.id.clone(), x.name.get(&lang).to_string())))
                        .collect::<Vec<_>>();
                    let needs = needs.into_iter()
                        .map(|f| (f.id.clone(), f.question.get(&lang).to_string())).collect::<Vec<_>>();
                    let far = ctx.far(r.trial);
                    html! { <TrialCard {trial} result={r} {needs} {tests} on_change={on_change.clone()} {from} {far} locale={ctx.state.locale.clone()} lang={lang.clone()} {t} /> }
                }) }
                // What the group means, after its cards: the heading says it in short.
                <p class="hint">{ intro }</p>
            </section>
        }
    };
    let link = share_link(&ctx);
    let copy = {
        let (link, copied) = (link.clone(), copied.clone());
        Callback::from(move |_| {
            browser::copy(&link);
            copied.set(true);
        })
    };
    let download = {
        let ctx = ctx.clone();
        Callback::from(move |_| browser::download("lupus-study-answers.json", &ctx.state.to_json()))
    };
    // The same answers as a FHIR QuestionnaireResponse, with the results, for a clinic's
    // systems; written in the browser, as the answers file is.
    let download_fhir = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            let authored = String::from(js_sys::Date::new_0().to_iso_string());
            let response = crate::fhir::questionnaire_response(
                &ctx.screener,
                &ctx.state.answers,
                ctx.state.location.as_ref(),
                &ctx.results(),
                &authored,
                &ctx.lang(),
            );
            let text = serde_json::to_string_pretty(&response).unwrap_or_default();
            browser::download("lupus-study-answers.fhir.json", &text)
        })
    };
    let save = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.dispatch(Action::Save(Some(browser::today()))))
    };
    let print = {
        let ctx = ctx.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            ctx.go(Route::Print);
        })
    };
    html! {
        <>
            <h1 class="heading-xl" tabindex="-1">{ t.results_title }</h1>
            { summary }
            { group(Verdict::MayQualify, t.may_qualify, t.may_qualify_intro, "may-qualify") }
            { group(Verdict::NeedMoreInformation, t.need_more, t.need_more_intro, "need-more") }
            { group(Verdict::ProbablyNot, t.probably_not, t.probably_not_intro, "probably-not") }
            <div class="inset"><p>{ t.results_intro }</p><p>{ t.start_not_decision }</p></div>
            <section class="doctor no-print" aria-labelledby="for-doctor">
                <h2 class="heading-l" id="for-doctor">{ t.for_doctor }</h2>
                <p><a href={Route::Print.href()} onclick={print} data-testid="print-link">{ t.print_view }</a></p>
                <div class="form-group">
                    <label class="label" for="share-link">{ t.share_link }</label>
                    <p class="hint" id="share-hint">{ t.share_link_hint }</p>
                    <input class="input" id="share-link" type="text" readonly=true value={link} aria-describedby="share-hint" data-testid="share-link" />
                    <button type="button" class="button button-secondary" onclick={copy}>{ t.copy_link }</button>
                    if *copied { <span role="status" class="hint">{" "}{ t.copied }</span> }
                </div>
                <p><button type="button" class="button button-secondary" onclick={download} data-testid="download">{ t.download }</button></p>
                <p class="hint" id="fhir-hint">{ t.download_fhir_hint }</p>
                <p><button type="button" class="button button-secondary" onclick={download_fhir} aria-describedby="fhir-hint" data-testid="download-fhir">{ t.download_fhir }</button></p>
                if ctx.state.saved {
                    <p role="status" tabindex="-1" data-testid="saved">{ t.saved_device }</p>
                } else {
                    <p><button type="button" class="button button-secondary" onclick={save} data-testid="save">{ t.save_device }</button></p>
                }
                <p><a href={Route::Check.href()}>{ t.change_answers }</a></p>
            </section>
        </>
    }
}

/// The best next step: the nearest study that may qualify, else the nearest that needs more
/// information, with its nearest site and whom to contact there.
fn next_step(ctx: &AppContext, results: &[Listed]) -> Html {
    let t = ctx.t();
    let lang = ctx.lang();
    let best = [Verdict::MayQualify, Verdict::NeedMoreInformation]
        .into_iter()
        .find_map(|v| results.iter().find(|(r, _, _)| r.verdict == v));
    let Some((r, trial, near)) = best else {
        return html! {
            <section class="next-step" aria-labelledby="next-step" data-testid="next-step">
                <h2 class="heading-m" id="next-step">{ t.next_step_title }</h2>
                <p>{ t.next_step_none }</p>
            </section>
        };
    };
    let title = trial.title.get(&lang);
    let said = match r.verdict {
        Verdict::MayQualify => (t.next_step_may)(title),
        _ => (t.next_step_more)(title),
    };
    let site = near.as_ref().map(|(_, s)| s).or(trial.sites.first());
    let distance = near
        .as_ref()
        .map(|(km, _)| crate::i18n::format_distance(*km, &ctx.state.locale));
    html! {
        <section class="next-step" aria-labelledby="next-step" data-testid="next-step" data-trial={trial.id.clone()}>
            <h2 class="heading-m" id="next-step">{ t.next_step_title }</h2>
            <p>{ said }</p>
            if let Some(s) = site {
                <p>{ (t.next_step_site)(s.name_in(&lang), distance.as_deref()) }</p>
                if s.contacts.is_empty() {
                    <p><a href={trial.registry_url.clone()} rel="noopener noreferrer" target="_blank">{ t.no_site_contact }</a></p>
                } else {
                    // The first contact; the study's card lists them all.
                    { contacts(s, 1, t) }
                }
            }
        </section>
    }
}
