//! Where the patient is, without typing coordinates: a city from the bundled list (fetched only
//! now), the device's position if they allow it, or skip. No lookup service is asked.

use crate::app::browser;
use crate::app::components::back_link::BackLink;
use crate::app::components::error_summary::{use_refusals, ErrorSummary};
use crate::app::context::{use_app, use_title};
use crate::app::state::Action;
use crate::geo::{Cities, Location};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
enum List {
    Loading,
    Ready(std::rc::Rc<Cities>),
    Failed,
}

#[component]
pub fn LocationPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let lang = ctx.lang();
    let list = use_state(|| ctx.boot.cities.clone().map_or(List::Loading, List::Ready));
    // The English name, the same in every language (`Some(None)`: "choose a city" picked again);
    // taken over from the prerendered page.
    let chosen =
        use_state(|| (ctx.boot.handoff.value("city")).map(|v| Some(v).filter(|v| !v.is_empty())));
    // Continue pressed while the list loads (before the app had loaded, say): done once it has.
    let pending = use_state(|| false);
    let error = use_state(|| None::<&'static str>);
    let refused = use_refusals();
    use_title(t.location_title.to_string(), error.is_some());
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            if !matches!(*list, List::Loading) {
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = browser::fetch_text(crate::shell::CITIES_FILE)
                    .await
                    .ok()
                    .and_then(|s| Cities::parse(&s).ok());
                list.set(parsed.map_or(List::Failed, |c| List::Ready(std::rc::Rc::new(c))));
            });
        });
    }
    let done = {
        let ctx = ctx.clone();
        Callback::from(move |l: Location| {
            let next = ctx.step_after(&ctx.state.answers, &Some(l.clone()));
            ctx.dispatch(Action::Locate(l));
            ctx.go(next);
        })
    };
    // The city given before, when the patient comes back to change it.
    let given = match (&*list, &ctx.state.location) {
        (List::Ready(c), Some(Location::At { label, .. })) if !label.is_empty() => {
            (c.cities.iter())
                .find(|city| city.label("en") == *label || city.label(&lang) == *label)
                .map(|city| city.label("en"))
        }
        _ => None,
    };
    let choice = (*chosen).clone().unwrap_or(given);
    let submit = {
        let (list, choice, error, done, pending, refused) = (
            list.clone(),
            choice.clone(),
            error.clone(),
            done.clone(),
            pending.clone(),
            refused.clone(),
        );
        let lang = lang.clone();
        Callback::from(move |()| {
            let List::Ready(c) = &*list else {
                pending.set(matches!(*list, List::Loading));
                if matches!(*list, List::Failed) {
                    error.set(Some(t.location_choose_city));
                    refused.set(*refused + 1);
                }
                return;
            };
            pending.set(false);
            let city = choice
                .as_deref()
                .and_then(|name| c.cities.iter().find(|city| city.label("en") == name));
            match city {
                Some(city) => done.emit(Location::At {
                    label: city.label(&lang),
                    point: city.point(),
                    country: Some(city.country.clone()),
                    reach: None,
                }),
                None => {
                    error.set(Some(t.location_choose_city));
                    refused.set(*refused + 1);
                }
            }
        })
    };
    {
        let (submit, ready) = (submit.clone(), matches!(*list, List::Ready(_)));
        use_effect_with((ready, *pending), move |(ready, pending)| {
            if *ready && *pending {
                submit.emit(());
            }
        });
    }
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(());
        })
    };
    let on_city = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            chosen.set(Some(Some(value).filter(|v| !v.is_empty())));
        })
    };
    let use_device = {
        let (done, error, list, refused) =
            (done.clone(), error.clone(), list.clone(), refused.clone());
        Callback::from(move |_| {
            let (done, error, refused) = (done.clone(), error.clone(), refused.clone());
            // The country of the nearest bundled city: a position has none of its own.
            let cities = match &*list {
                List::Ready(c) => Some(c.clone()),
                _ => None,
            };
            browser::locate(move |p| match p {
                Some(point) => done.emit(Location::At {
                    label: String::new(),
                    point,
                    country: cities
                        .as_ref()
                        .and_then(|c| c.nearest(point))
                        .map(|c| c.country.clone()),
                    reach: None,
                }),
                None => {
                    error.set(Some(t.location_device_failed));
                    refused.set(*refused + 1);
                }
            });
        })
    };
    let skip = {
        let done = done.clone();
        Callback::from(move |_| done.emit(Location::Skipped))
    };
    let errors: Vec<(String, String)> = error
        .iter()
        .map(|m| ("city".to_string(), m.to_string()))
        .collect();
    // The menu's groups, ordered once per list and language rather than on every render (each
    // comparison asks the browser's collator).
    let ready = match &*list {
        List::Ready(c) => Some(c.clone()),
        _ => None,
    };
    let menu = use_memo((ready, lang.clone()), |(ready, lang)| {
        ready.as_ref().map(|c| menu(c, lang)).unwrap_or_default()
    });
    let select = match &*list {
        List::Loading => html! { <p>{ t.location_loading }</p> },
        List::Failed => html! {},
        List::Ready(_) => html! {
            <select class="select select-wide" id="city" name="city" onchange={on_city}
                aria-describedby={if error.is_some() { "city-hint city-error" } else { "city-hint" }}>
                <option value="" selected={choice.is_none()}>{ t.location_choose_city }</option>
                { for menu.iter().map(|(country, cities)| html! {
                    <optgroup label={country.clone()}>
                        { for cities.iter().map(|(value, label)| html! {
                            <option value={value.clone()} selected={choice.as_deref() == Some(value.as_str())}>{ label.clone() }</option>
                        }) }
                    </optgroup>
                }) }
            </select>
        },
    };
    html! {
        <>
            <BackLink label={t.back} />
            <ErrorSummary title={t.error_summary} {errors} />
            <form {onsubmit} novalidate=true data-testid="location" aria-busy={matches!(*list, List::Loading).then_some("true")}>
                <div class={classes!("form-group", error.is_some().then_some("form-group-error"))}>
                    <h1 class="heading-l" tabindex="-1">{ t.location_title }</h1>
                    <p>{ t.location_intro }</p>
                    <label class="label" for="city">{ t.location_city }</label>
                    <p class="hint" id="city-hint">{ t.location_city_hint }</p>
                    if let Some(e) = *error { <p class="error-message" id="city-error">{ e }</p> }
                    { select }
                </div>
                <button type="submit" class="button" data-testid="continue">{ t.continue_ }</button>
            </form>
            <p class="or-line">{ t.or }</p>
            <p><button type="button" class="button button-secondary" onclick={use_device} data-testid="use-device">{ t.location_use_device }</button></p>
            <p><button type="button" class="button-link" onclick={skip} data-testid="skip-location">{ t.location_skip }</button></p>
        </>
    }
}

/// The city menu in `lang`: each country's name, then its cities as (English name, the
/// name in `lang`), in the order of `lang`'s readers.
fn menu(c: &Cities, lang: &str) -> Vec<(String, Vec<(String, String)>)> {
    let order = collator(lang);
    (c.countries.iter())
        .map(|country| {
            let cities: Vec<(String, String)> = (c.cities.iter())
                .filter(|city| city.country == country.code)
                .map(|city| (city.label("en"), city.label(lang)))
                .collect();
            let cities = screener::sort::sort_by(cities, |a, b| order(&a.1, &b.1));
            (country.name.get(lang).to_string(), cities)
        })
        .collect()
}

/// The order of names in `lang` as its readers expect it (Korean by Hangul, French with accents
/// beside their letters), from the browser's `Intl.Collator`.
#[cfg(target_arch = "wasm32")]
fn collator(lang: &str) -> impl Fn(&str, &str) -> std::cmp::Ordering {
    let locales = js_sys::Array::of1(&lang.into());
    let compare = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new()).compare();
    move |a, b| {
        let n = compare
            .call2(&wasm_bindgen::JsValue::NULL, &a.into(), &b.into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        n.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal)
    }
}

/// As the browser orders names, when the page is rendered at build time: the same CLDR
/// collation, from ICU4X (the browser's order is held to it by the prerender's e2e tests).
#[cfg(not(target_arch = "wasm32"))]
fn collator(lang: &str) -> impl Fn(&str, &str) -> std::cmp::Ordering {
    use icu_collator::{options::CollatorOptions, Collator};
    let locale =
        (lang.parse::<icu_locale_core::Locale>()).unwrap_or(icu_locale_core::Locale::UNKNOWN);
    let collator = Collator::try_new((&locale).into(), CollatorOptions::default())
        .expect("collation data is built in");
    move |a, b| collator.compare(a, b)
}
