//! Browser tests of app pieces the journeys do not isolate: addresses, the reducer, the saved
//! format, and a component rendered into the page.

use super::components::date_field::{DateField, DateLabels};
use super::components::radios::Radios;
use super::route::Route;
use super::state::{Action, AppState};
use crate::geo::{Location, Point};
use crate::model::Answer;
use std::rc::Rc;
use wasm_bindgen_test::*;
use yew::prelude::*;
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_page_address_reads_back_as_the_same_page() {
    for r in [
        Route::Start,
        Route::Question("creatinine".into()),
        Route::Location,
        Route::Check,
        Route::Results,
        Route::Print,
        Route::Preview,
    ] {
        assert_eq!(Route::parse(&r.href()).0, r);
    }
    assert_eq!(Route::parse("#/q/"), (Route::NotFound, None));
    assert_eq!(Route::parse("#/q/a/b").0, Route::NotFound);
    assert_eq!(Route::parse("").0, Route::Start);
}

#[wasm_bindgen_test]
fn a_share_link_carries_its_answers_after_the_hash() {
    let state = AppState {
        answers: {
            let mut a = crate::model::Answers::default();
            a.set(
                "age",
                Answer::Number {
                    value: 45.0,
                    unit: "years".into(),
                },
            );
            a
        },
        location: Some(Location::At {
            label: "Paris".into(),
            point: Point {
                lat: 48.85,
                lon: 2.35,
            },
            country: Some("FR".into()),
            reach: Some(crate::geo::Reach::Country),
        }),
        ..AppState::default()
    };
    let hash = format!(
        "#/results?answers={}",
        super::browser::encode(&state.to_json())
    );
    let (route, carried) = Route::parse(&hash);
    assert_eq!(route, Route::Results);
    let text = super::browser::decode(&carried.unwrap()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["age"]["value"], 45.0);
    assert_eq!(Location::from_saved(&v), state.location);
}

#[wasm_bindgen_test]
fn forgetting_clears_answers_and_location_but_keeps_the_language() {
    let s = Rc::new(AppState {
        locale: "fr-FR".into(),
        saved: true,
        ..AppState::default()
    });
    let s = s.reduce(Action::Answer("age".into(), Answer::Unknown));
    let s = s.reduce(Action::Locate(Location::Skipped));
    assert_eq!(s.answers.len(), 1);
    let s = s.reduce(Action::Forget);
    assert!(s.answers.is_empty() && s.location.is_none() && !s.saved && s.forgotten);
    assert_eq!(s.locale, "fr-FR");
    let s = s.reduce(Action::Answer("age".into(), Answer::Unknown));
    assert!(!s.forgotten, "the notice goes once the patient carries on");
}

#[derive(Properties, PartialEq)]
struct Harness {
    selected: Option<String>,
    error: Option<String>,
}

#[component]
fn RadiosHarness(p: &Harness) -> Html {
    html! {
        <Radios legend="Are you pregnant?" hint={Some(AttrValue::from("Help"))} selected={p.selected.clone()}
            options={vec![("yes".into(), "Yes".into()), ("no".into(), "No".into()), ("unknown".into(), "I don't know".into())]}
            error={p.error.clone()} onchange={Callback::noop()} divider_before={Some("unknown".to_string())} or_label="or" />
    }
}

async fn render(props: Harness) -> web_sys::Element {
    let doc = gloo_document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<RadiosHarness>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
async fn radios_preselect_nothing_and_tie_labels_hint_and_error_to_the_fieldset() {
    let root = render(Harness {
        selected: None,
        error: None,
    })
    .await;
    let checked = root.query_selector_all("input:checked").unwrap().length();
    assert_eq!(checked, 0, "nothing pre-selected");
    assert_eq!(
        root.query_selector_all("input[type=radio]")
            .unwrap()
            .length(),
        3
    );
    for input in ["answer", "answer-no", "answer-unknown"] {
        assert!(
            root.query_selector(&format!("label[for={input}]"))
                .unwrap()
                .is_some(),
            "{input} has a label"
        );
    }
    let legend = root.query_selector("legend h1").unwrap().unwrap();
    assert_eq!(legend.text_content().unwrap(), "Are you pregnant?");
    let fieldset = root.query_selector("fieldset").unwrap().unwrap();
    assert_eq!(fieldset.get_attribute("aria-describedby").unwrap(), "hint");
    assert!(
        root.query_selector(".radios-divider").unwrap().is_some(),
        "\"or\" before I don't know"
    );

    let root = render(Harness {
        selected: Some("no".into()),
        error: Some("Choose an answer".into()),
    })
    .await;
    let checked = root.query_selector("input:checked").unwrap().unwrap();
    assert_eq!(checked.get_attribute("value").unwrap(), "no");
    let fieldset = root.query_selector("fieldset").unwrap().unwrap();
    assert_eq!(
        fieldset.get_attribute("aria-describedby").unwrap(),
        "hint answer-error"
    );
    assert_eq!(
        root.query_selector("#answer-error")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Choose an answer"
    );
}

#[derive(Properties, PartialEq)]
struct DateHarness {
    month: AttrValue,
    about: bool,
    unknown: bool,
    error: Option<String>,
}

#[component]
fn DateFieldHarness(p: &DateHarness) -> Html {
    let t = crate::i18n::strings("en");
    let labels = DateLabels::from(t);
    html! {
        <DateField legend="When did you last have rituximab?" hint={Some(AttrValue::from("Your last infusion."))}
            {labels} year="2025" month={p.month.clone()} about={p.about} unknown={p.unknown}
            unknown_label={Some(AttrValue::from(t.dont_know))} error={p.error.clone()}
            on_year={Callback::noop()} on_month={Callback::noop()} on_about={Callback::noop()}
            on_unknown={Callback::noop()} />
    }
}

async fn render_date(props: DateHarness) -> web_sys::Element {
    let doc = gloo_document();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<DateFieldHarness>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn a_date_field_labels_every_control_in_order_and_ties_hint_and_error_to_its_fieldset() {
    use wasm_bindgen::JsCast;
    let root = render_date(DateHarness {
        month: "05".into(),
        about: true,
        unknown: false,
        error: None,
    })
    .await;
    let one = |sel: &str| root.query_selector(sel).unwrap().unwrap();
    assert_eq!(
        one("fieldset legend h1").text_content().unwrap(),
        "When did you last have rituximab?"
    );
    let controls: Vec<String> = {
        let list = root
            .query_selector_all("fieldset input, fieldset select")
            .unwrap();
        (0..list.length())
            .map(|i| {
                list.item(i)
                    .unwrap()
                    .unchecked_into::<web_sys::Element>()
                    .id()
            })
            .collect()
    };
    assert_eq!(
        controls,
        ["value", "month", "about", "unknown"],
        "keyboard order"
    );
    for id in &controls {
        assert!(
            root.query_selector(&format!("label[for={id}]"))
                .unwrap()
                .is_some(),
            "{id} has a label"
        );
    }
    let year = one("#value");
    assert_eq!(year.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(year.get_attribute("autocomplete").as_deref(), Some("off"));
    assert_eq!(
        year.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        "2025"
    );
    let month = one("#month").unchecked_into::<web_sys::HtmlSelectElement>();
    assert_eq!(month.length(), 13, "month not known, then twelve months");
    let first = month.item(0).unwrap();
    assert_eq!(first.get_attribute("value").as_deref(), Some(""));
    assert_eq!(first.text_content().unwrap(), "Month not known");
    assert_eq!(month.item(12).unwrap().text_content().unwrap(), "December");
    assert_eq!(month.value(), "05");
    assert!(one("#about")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    assert!(!one("#unknown")
        .unchecked_into::<web_sys::HtmlInputElement>()
        .checked());
    assert_eq!(
        one("fieldset").get_attribute("aria-describedby").as_deref(),
        Some("hint date-hint")
    );
    assert!(root.query_selector(".error-message").unwrap().is_none());

    let root = render_date(DateHarness {
        month: "".into(),
        about: false,
        unknown: true,
        error: Some("Enter the year, like 2025".into()),
    })
    .await;
    let one = |sel: &str| root.query_selector(sel).unwrap().unwrap();
    assert_eq!(
        one("fieldset").get_attribute("aria-describedby").as_deref(),
        Some("hint date-hint value-error")
    );
    assert_eq!(
        one("#value-error").text_content().unwrap(),
        "Enter the year, like 2025"
    );
    assert!(root.query_selector(".form-group-error").unwrap().is_some());
    assert_eq!(
        one("#month")
            .unchecked_into::<web_sys::HtmlSelectElement>()
            .value(),
        "",
        "only the year known"
    );
    // "I don't know" is the answer: the rest cannot be filled in meanwhile.
    for id in ["value", "month", "about"] {
        assert!(one(&format!("#{id}")).has_attribute("disabled"), "{id}");
    }
    assert!(!one("#unknown").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn the_page_scripts_early_requests_are_taken_over_once_each_by_file() {
    use wasm_bindgen::JsValue;
    assert_eq!(
        web_sys::RequestCache::from_js_value(&JsValue::from_str(crate::shell::FILES_CACHE)),
        Some(super::browser::cache()),
        "the app asks as the page's script does"
    );
    let window = gloo::utils::window();
    let requests = js_sys::Object::new();
    let first = crate::shell::trials_files().next().unwrap();
    for (file, body) in [
        (first, "trials as the page asked"),
        (crate::shell::CITIES_FILE, "cities"),
    ] {
        let early = web_sys::Response::new_with_opt_str(Some(body)).unwrap();
        js_sys::Reflect::set(&requests, &file.into(), &js_sys::Promise::resolve(&early)).unwrap();
    }
    js_sys::Reflect::set(&window, &crate::shell::EARLY.into(), &requests).unwrap();
    // Not for another file.
    assert!(super::browser::fetch_text("no-such-file.json")
        .await
        .is_err());
    assert!(js_sys::Reflect::has(&requests, &first.into()).unwrap());
    // What the app reads at mount follows what the page's script asked for.
    assert!(super::browser::asked_early(crate::shell::CITIES_FILE));
    assert!(!super::browser::asked_early("no-such-file.json"));
    assert_eq!(
        super::browser::fetch_text(first).await.as_deref(),
        Ok("trials as the page asked")
    );
    assert!(
        !js_sys::Reflect::has(&requests, &first.into()).unwrap(),
        "taken once"
    );
    assert_eq!(
        super::browser::fetch_text(crate::shell::CITIES_FILE)
            .await
            .as_deref(),
        Ok("cities")
    );
    assert_eq!(
        js_sys::Object::keys(&requests).length(),
        0,
        "each taken once"
    );
    assert!(!super::browser::asked_early(crate::shell::CITIES_FILE));
}
