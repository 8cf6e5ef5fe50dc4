//! Check your answers: every answer on the path with a Change link, then results.

use crate::app::components::back_link::BackLink;
use crate::app::context::{use_app, use_change_over, use_title};
use crate::app::route::Route;
use crate::app::state::Action;
use crate::form::describe;
use crate::geo::{Location, Reach};
use yew::prelude::*;

#[component]
pub fn CheckPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    use_title(t.check_title.to_string(), false);
    let path = ctx.path();
    let change = |f: String| {
        let ctx = ctx.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            ctx.change(vec![f.clone()], Route::Check, false)
        })
    };
    // One summary list per section, in the sections' order, as the questions came.
    let sections: Vec<Html> = (ctx.screener.by_section(&path).into_iter())
        .map(|(g, given)| {
            html! {
                <section class="summary-section" data-section={g.id.clone()}>
                    <h2 class="heading-m">{ g.name.get(&lang) }</h2>
                    <dl class="summary-list">
                        { for given.into_iter().map(|(f, a)| html! {
                            <div class="summary-row" data-fact={f.id.clone()}>
                                <dt class="summary-key">{ f.question.get(&lang) }</dt>
                                <dd class="summary-value">{ describe(f, a, &ctx.state.locale) }</dd>
                                <dd class="summary-actions">
                                    <a href={Route::Question(f.id.clone()).href()} onclick={change(f.id.clone())}>
                                        { t.change }<span class="visually-hidden">{" "}{ f.question.get(&lang) }</span>
                                    </a>
                                </dd>
                            </div>
                        }) }
                    </dl>
                </section>
            }
        })
        .collect();
    use_change_over();
    let place = match &ctx.state.location {
        Some(Location::At { label, .. }) if !label.is_empty() => label.clone(),
        Some(Location::At { .. }) => t.location_device_used.to_string(),
        _ => t.not_given.to_string(),
    };
    let results = {
        let ctx = ctx.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            ctx.go(Route::Results);
        })
    };
    // Answers still missing send the patient back to the questions first.
    let next = ctx.next_step(&ctx.state.answers);
    let reach = match &ctx.state.location {
        Some(Location::At { reach: Some(r), .. }) => Some(match r {
            Reach::City => t.reach_city.to_string(),
            Reach::Country => t.reach_country.to_string(),
            Reach::Anywhere => t.reach_anywhere.to_string(),
            Reach::Km(km) => crate::i18n::format_distance(*km, &ctx.state.locale),
        }),
        _ => None,
    };
    // Studies beyond the patient's reach had none of their own questions asked: offer them.
    let further = ctx.within().is_some_and(|w| w.contains(&false));
    let check_further = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            let mut location = ctx.state.location.clone();
            if let Some(Location::At { reach, .. }) = &mut location {
                *reach = Some(Reach::Anywhere);
            }
            let next = ctx.step_after(&ctx.state.answers, &location);
            ctx.dispatch(Action::Reach(Reach::Anywhere));
            ctx.go(next);
        })
    };
    html! {
        <>
            <BackLink label={t.back} />
            <h1 class="heading-l" tabindex="-1">{ t.check_title }</h1>
            <p>{ t.check_intro }</p>
            if sections.is_empty() { <p>{ t.no_answers }</p> }
            <div data-testid="answers">
                if ctx.ask_location {
                <section class="summary-section" data-section="place">
                    <h2 class="heading-m">{ t.where_you_are }</h2>
                    <dl class="summary-list">
                        <div class="summary-row" data-fact="location">
                            <dt class="summary-key">{ t.location }</dt>
                            <dd class="summary-value">{ place }</dd>
                            <dd class="summary-actions">
                                <a href={Route::Location.href()}>{ t.change }<span class="visually-hidden">{" "}{ t.location }</span></a>
                            </dd>
                        </div>
                        if let Some(r) = reach {
                        <div class="summary-row" data-fact="reach">
                            <dt class="summary-key">{ t.reach_label }</dt>
                            <dd class="summary-value">{ r }</dd>
                            <dd class="summary-actions">
                                <a href={Route::Reach.href()}>{ t.change }<span class="visually-hidden">{" "}{ t.reach_label }</span></a>
                            </dd>
                        </div>
                        }
                    </dl>
                </section>
                }
                { for sections }
            </div>
            if further && !matches!(next, Route::Question(_)) {
                <p><button type="button" class="button button-secondary" onclick={check_further} data-testid="check-further">{ t.check_further }</button></p>
            }
            if let Route::Question(_) = next {
                <a href={next.href()} role="button" class="button" data-testid="continue">{ t.continue_ }</a>
            } else {
                <a href={Route::Results.href()} role="button" class="button" onclick={results} data-testid="see-results">{ t.see_results }</a>
            }
        </>
    }
}
