//! Results: trials grouped as may qualify, need more information and probably not; recruiting
//! trials first in each group; then what the patient can take to their doctor.

use crate::app::browser;
use crate::app::components::trial_card::TrialCard;
use crate::app::context::{use_app, use_title, AppContext};
use crate::app::route::Route;
use crate::app::state::Action;
use crate::engine::{TrialResult, Verdict};
use crate::model::Trial;
use yew::prelude::*;

/// The link that carries the answers after `#`, which browsers never send to a server.
pub fn share_link(ctx: &AppContext) -> String {
    format!(
        "{}#/results?answers={}",
        browser::page_address(),
        browser::encode(&ctx.state.to_json())
    )
}

#[component]
pub fn ResultsPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    use_title(t.results_title.to_string(), false);
    let copied = use_state(|| false);
    let screener = &ctx.screener;
    // Each trial read once (from a pack, that means decompressed and parsed once).
    let mut results: Vec<(TrialResult, Trial)> = ctx
        .results()
        .into_iter()
        .map(|r| {
            let trial = screener.trial(r.trial).into_owned();
            (r, trial)
        })
        .collect();
    results.sort_by_key(|(r, trial)| (r.verdict, !trial.status.value.is_open(), r.trial));
    let from = ctx.state.location.as_ref().and_then(|l| l.point());
    let mut group = |v: Verdict, title: &'static str, intro: &'static str, id: &'static str| {
        // Each group takes its trials out, so that none is copied.
        let (items, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut results)
            .into_iter()
            .partition(|(r, _)| r.verdict == v);
        results = rest;
        html! {
            <section class="result-group" aria-labelledby={id} data-testid={id}>
                <h2 class="heading-l" id={id}>{ title }{" ("}{ items.len() }{")"}</h2>
                if items.is_empty() { <p class="hint">{ t.none_in_group }</p> } else { <p>{ intro }</p> }
                { for items.into_iter().map(|(r, trial)| {
                    let needs = r.needs.iter().filter_map(|id| screener.fact(id))
                        .map(|f| (f.id.clone(), f.question.get(&lang).to_string())).collect::<Vec<_>>();
                    let far = ctx.far(r.trial);
                    html! { <TrialCard {trial} result={r} {needs} {from} {far} locale={ctx.state.locale.clone()} lang={lang.clone()} {t} /> }
                }) }
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
        Callback::from(move |_| ctx.dispatch(Action::Save))
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
            <p class="lead">{ t.results_intro }</p>
            <div class="inset"><p>{ t.start_not_decision }</p></div>
            { group(Verdict::MayQualify, t.may_qualify, t.may_qualify_intro, "may-qualify") }
            { group(Verdict::NeedMoreInformation, t.need_more, t.need_more_intro, "need-more") }
            { group(Verdict::ProbablyNot, t.probably_not, t.probably_not_intro, "probably-not") }
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
                    <p role="status" data-testid="saved">{ t.saved_device }</p>
                } else {
                    <p><button type="button" class="button button-secondary" onclick={save} data-testid="save">{ t.save_device }</button></p>
                }
                <p><a href={Route::Check.href()}>{ t.change_answers }</a></p>
            </section>
        </>
    }
}
