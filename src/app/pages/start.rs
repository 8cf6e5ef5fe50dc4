//! The start page: what this is and is not, the privacy promise, how long it takes, Start.

use super::saved::OpenSaved;
use crate::app::context::{use_app, use_title};
use crate::app::route::Route;
use crate::engine::journey::{USUAL_PAGES, USUAL_PAGES_NEAR};
use yew::prelude::*;

#[component]
pub fn StartPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    use_title(t.start_title.to_string(), false);
    let first = ctx.next_step(&ctx.state.answers);
    let start = {
        let ctx = ctx.clone();
        let first = first.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            ctx.go(first.clone());
        })
    };
    html! {
        <>
            if ctx.state.forgotten { <div class="notice" role="status" data-testid="forgotten">{ t.forgotten }</div> }
            <h1 class="heading-xl" tabindex="-1">{ t.start_title }</h1>
            <p class="lead">{ t.start_intro }</p>
            <div class="inset"><p>{ t.start_not_decision }</p></div>
            <p>{ t.start_privacy }</p>
            <p>{ (t.start_time)(USUAL_PAGES_NEAR, USUAL_PAGES) }</p>
            <a href={first.href()} role="button" class="button button-start" onclick={start} data-testid="start">{ t.start_button }</a>
            <h2 class="heading-m">{ t.start_trials_heading }</h2>
            <ul class="trial-list">
                { for ctx.screener.trials().map(|tr| {
                    let mut cities: Vec<&str> = tr.sites.iter().map(|s| s.city.as_str()).collect();
                    cities.dedup();
                    html! { <li><strong>{ tr.title.get(&lang) }</strong><br /><span class="hint">{ crate::i18n::list(&cities, &lang) }</span></li> }
                }) }
            </ul>
            <OpenSaved />
            <p class="for-clinics"><a href={Route::Preview.href()} data-testid="preview-link">{ t.preview_link }</a></p>
        </>
    }
}
