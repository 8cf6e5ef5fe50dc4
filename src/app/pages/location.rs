//! Where the patient is, without typing coordinates: a city from the bundled list (fetched only
//! now), the device's position if they allow it, or skip. No lookup service is asked.

use crate::app::browser;
use crate::app::components::back_link::BackLink;
use crate::app::components::error_summary::ErrorSummary;
use crate::app::context::{use_app, use_title};
use crate::app::route::Route;
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
    let list = use_state(|| List::Loading);
    let chosen = use_state(|| None::<usize>);
    let error = use_state(|| None::<&'static str>);
    use_title(t.location_title.to_string(), error.is_some());
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = browser::fetch_text("cities.json")
                    .await
                    .ok()
                    .and_then(|s| serde_json::from_str(&s).ok());
                list.set(parsed.map_or(List::Failed, |c| List::Ready(std::rc::Rc::new(c))));
            });
        });
    }
    let done = {
        let ctx = ctx.clone();
        Callback::from(move |l: Location| {
            ctx.dispatch(Action::Locate(l));
            ctx.go(Route::Check);
        })
    };
    let onsubmit = {
        let (list, chosen, error, done) =
            (list.clone(), chosen.clone(), error.clone(), done.clone());
        let lang = lang.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match (&*list, *chosen) {
                (List::Ready(c), Some(i)) if i < c.cities.len() => {
                    let city = &c.cities[i];
                    done.emit(Location::At {
                        label: city.label(&lang),
                        point: city.point(),
                    })
                }
                _ => error.set(Some(t.location_choose_city)),
            }
        })
    };
    let on_city = {
        let (chosen, list) = (chosen.clone(), list.clone());
        Callback::from(move |e: Event| {
            // Options carry the English name, the same in every language.
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let index = match &*list {
                List::Ready(c) => c.cities.iter().position(|city| city.label("en") == value),
                _ => None,
            };
            chosen.set(index);
        })
    };
    let use_device = {
        let (done, error) = (done.clone(), error.clone());
        Callback::from(move |_| {
            let (done, error) = (done.clone(), error.clone());
            browser::locate(move |p| match p {
                Some(point) => done.emit(Location::At {
                    label: String::new(),
                    point,
                }),
                None => error.set(Some(t.location_device_failed)),
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
    let select = match &*list {
        List::Loading => html! { <p>{ t.location_loading }</p> },
        List::Failed => html! {},
        List::Ready(c) => html! {
            <select class="select select-wide" id="city" name="city" onchange={on_city}
                aria-describedby={if error.is_some() { "city-hint city-error" } else { "city-hint" }}>
                <option value="" selected={chosen.is_none()}>{ t.location_choose_city }</option>
                { for c.countries.iter().map(|country| html! {
                    <optgroup label={country.name.get(&lang).to_string()}>
                        { for c.cities.iter().enumerate().filter(|(_, city)| city.country == country.code).map(|(i, city)| html! {
                            <option value={city.label("en")} selected={*chosen == Some(i)}>{ city.label(&lang) }</option>
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
            <form {onsubmit} novalidate=true data-testid="location">
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
            <p><button type="button" class="button button-secondary" onclick={use_device}>{ t.location_use_device }</button></p>
            <p><button type="button" class="button-link" onclick={skip} data-testid="skip-location">{ t.location_skip }</button></p>
        </>
    }
}
