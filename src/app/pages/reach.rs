//! How far the patient could travel for a study: their city, their country, anywhere, or a
//! distance. The questions asked are then those of the studies within that reach.

use crate::app::components::back_link::BackLink;
use crate::app::components::error_summary::{use_refusals, ErrorSummary};
use crate::app::context::{use_app, use_title};
use crate::app::state::Action;
use crate::geo::{Location, Reach};
use crate::i18n;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::components::radios::Radios;

const CITY: &str = "city";
const COUNTRY: &str = "country";
const ANYWHERE: &str = "anywhere";
const DISTANCE: &str = "km";

/// Kilometres per unit of the distance the patient types: miles where distances are shown in
/// miles.
fn km_per(locale: &str) -> f64 {
    if i18n::uses_miles(locale) {
        crate::geo::KM_PER_MILE
    } else {
        1.0
    }
}

/// The choice and the distance typed, as the patient left them, for a reach already given.
fn shown(reach: Option<Reach>, locale: &str, lang: &str) -> (Option<String>, String) {
    match reach {
        Some(Reach::City) => (Some(CITY.into()), String::new()),
        Some(Reach::Country) => (Some(COUNTRY.into()), String::new()),
        Some(Reach::Anywhere) => (Some(ANYWHERE.into()), String::new()),
        Some(Reach::Km(km)) => (
            Some(DISTANCE.into()),
            i18n::format_number((km / km_per(locale)).round(), 0, lang),
        ),
        None => (None, String::new()),
    }
}

#[component]
pub fn ReachPage() -> Html {
    let ctx = use_app();
    // How far from where: the place comes first (a bookmark of this page, say).
    match ctx.state.location {
        Some(Location::At { .. }) => html! { <ReachForm /> },
        _ => html! { <super::location::LocationPage /> },
    }
}

#[component]
fn ReachForm() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    let given = match &ctx.state.location {
        Some(Location::At { reach, .. }) => *reach,
        _ => None,
    };
    let locale = ctx.state.locale.clone();
    let (first_choice, first_km) = shown(given, &locale, &lang);
    let miles = i18n::uses_miles(&locale);
    let (unit_label, unit_error) = match miles {
        true => (t.reach_miles, t.reach_miles_error),
        false => (t.reach_km, t.reach_km_error),
    };
    let choice = use_state(|| first_choice);
    let km = use_state(|| first_km);
    let error = use_state(|| None::<(&'static str, &'static str)>);
    let refused = use_refusals();
    use_title(t.reach_title.to_string(), error.is_some());
    let onsubmit = {
        let (ctx, choice, km, error, lang, refused) = (
            ctx.clone(),
            choice.clone(),
            km.clone(),
            error.clone(),
            lang.clone(),
            refused.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let reach = match choice.as_deref() {
                Some(CITY) => Ok(Reach::City),
                Some(COUNTRY) => Ok(Reach::Country),
                Some(ANYWHERE) => Ok(Reach::Anywhere),
                Some(DISTANCE) => i18n::parse_number(&km, &lang)
                    .map(|d| d * km_per(&locale))
                    .filter(|k| *k > 0.0 && *k <= 40_000.0)
                    .map(Reach::Km)
                    .ok_or(("reach-km", unit_error)),
                _ => Err(("answer", t.reach_choose)),
            };
            match reach {
                Ok(r) => {
                    let mut location = ctx.state.location.clone();
                    if let Some(Location::At { reach, .. }) = &mut location {
                        *reach = Some(r);
                    }
                    let next = ctx.step_after(&ctx.state.answers, &location);
                    ctx.dispatch(Action::Reach(r));
                    ctx.go(next);
                }
                Err(e) => {
                    error.set(Some(e));
                    refused.set(*refused + 1);
                }
            }
        })
    };
    let on_km = {
        let km = km.clone();
        Callback::from(move |e: InputEvent| {
            km.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let km_error = error.filter(|(f, _)| *f == "reach-km").map(|(_, m)| m);
    let reveal = html! {
        <div class={classes!("form-group", km_error.is_some().then_some("form-group-error"))}>
            <label class="label" for="reach-km">{ unit_label }</label>
            if let Some(m) = km_error { <p class="error-message" id="reach-km-error">{ m }</p> }
            <input class="input input-number" id="reach-km" name="reach-km" type="text" inputmode="decimal"
                autocomplete="off" value={(*km).clone()} oninput={on_km}
                aria-describedby={km_error.map(|_| "reach-km-error")} />
        </div>
    };
    let options = vec![
        (CITY.to_string(), t.reach_city.to_string()),
        (COUNTRY.to_string(), t.reach_country.to_string()),
        (ANYWHERE.to_string(), t.reach_anywhere.to_string()),
        (DISTANCE.to_string(), t.reach_distance.to_string()),
    ];
    let onchange = {
        let choice = choice.clone();
        Callback::from(move |v: String| choice.set(Some(v)))
    };
    let errors: Vec<(String, String)> = error
        .iter()
        .map(|(f, m)| (f.to_string(), m.to_string()))
        .collect();
    html! {
        <>
            <BackLink label={t.back} />
            <ErrorSummary title={t.error_summary} {errors} />
            <form {onsubmit} novalidate=true data-testid="reach">
                <Radios legend={t.reach_title} hint={Some(AttrValue::from(t.reach_intro))} {options}
                    selected={(*choice).clone()} {onchange}
                    error={error.filter(|(f, _)| *f == "answer").map(|(_, m)| m.to_string())}
                    reveal={Some((DISTANCE.to_string(), reveal))} />
                <button type="submit" class="button" data-testid="continue">{ t.continue_ }</button>
            </form>
        </>
    }
}
