//! The start page: what this is and is not, the privacy promise, how long it takes, Start.

use super::saved::OpenSaved;
use crate::app::browser;
use crate::app::components::forgotten::Forgotten;
use crate::app::context::{use_app, use_title};
use crate::app::route::Route;
use crate::app::state::Action;
use crate::engine::journey::{USUAL_PAGES, USUAL_PAGES_NEAR};
use crate::shell::action;
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
    // Answers kept on this device: the patient chooses to go on with them or start again.
    let coming_back = ctx.state.saved && !ctx.state.answers.is_empty();
    let saved_on = (ctx.state.saved_on.as_deref()).map(|d| crate::i18n::format_date(d, &lang));
    let again = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            browser::forget();
            ctx.dispatch(Action::Forget);
            browser::focus("h1");
        })
    };
    html! {
        <>
            if ctx.state.forgotten { <Forgotten {t} /> }
            <h1 class="heading-xl" tabindex="-1">{ t.start_title }</h1>
            <p class="lead">{ t.start_intro }</p>
            <div class="inset"><p>{ t.start_not_decision }</p></div>
            <p>{ t.start_privacy }</p>
            <p>{ (t.start_time)(USUAL_PAGES_NEAR, USUAL_PAGES) }</p>
            if coming_back {
                <div class="notice" data-testid="saved-answers">
                    <p>{ (t.saved_on_device)(saved_on.as_deref()) }</p>
                    <p><a href={first.href()} role="button" class="button" onclick={start} data-testid="continue-saved">{ t.continue_saved }</a></p>
                    <p><button type="button" class="button button-secondary" onclick={again} data-testid="start-again">{ t.start_over }</button></p>
                </div>
            } else {
                <a href={first.href()} role="button" class="button button-start" onclick={start} data-testid="start" data-shell={action::START}>{ t.start_button }</a>
            }
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
