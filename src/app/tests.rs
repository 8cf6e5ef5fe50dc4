//! Browser tests of app pieces the journeys do not isolate: addresses, the reducer, the saved
//! format, and a component rendered into the page.

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
