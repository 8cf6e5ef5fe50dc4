//! Pages for when something is wrong: a broken trials.json (saying where), a file that could
//! not be loaded, and an address that is not a page.

use crate::app::context::use_title;
use crate::engine::Finding;
use crate::i18n::Strings;
use std::rc::Rc;
use yew::prelude::*;

/// The heading and title of both pages for a trials file that cannot be used (these pages show
/// before the app's context exists, so they cannot `use_title`).
#[component]
fn BrokenHeading(props: &LoadFailedProps) -> Html {
    let t = props.t;
    use_effect_with(t.broken_title, move |title| {
        crate::app::browser::set_title(&format!("{}{} – {}", t.error_prefix, title, t.app_name))
    });
    html! { <h1 class="heading-l" tabindex="-1">{ t.broken_title }</h1> }
}

#[derive(Properties, PartialEq)]
pub struct BrokenProps {
    pub t: &'static Strings,
    pub findings: Rc<Vec<Finding>>,
}

#[component]
pub fn Broken(props: &BrokenProps) -> Html {
    let t = props.t;
    html! {
        <div data-testid="broken">
            <BrokenHeading {t} />
            <p>{ t.broken_intro }</p>
            <h2 class="heading-s">{ t.broken_clinic }</h2>
            <ul class="findings" lang="en">
                { for props.findings.iter().map(|f| html! {
                    <li><code>{ format!("trials.json:{}:{}", f.line, f.column) }</code>{" "}
                        if !f.path.is_empty() { <code>{ &f.path }</code>{": "} }
                        { &f.message }</li>
                }) }
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LoadFailedProps {
    pub t: &'static Strings,
}

#[component]
pub fn LoadFailed(props: &LoadFailedProps) -> Html {
    let t = props.t;
    html! {
        <div data-testid="load-failed">
            <BrokenHeading {t} />
            <p>{ t.load_failed }</p>
        </div>
    }
}

#[component]
pub fn NotFound() -> Html {
    let ctx = crate::app::context::use_app();
    let t = ctx.t();
    use_title(t.not_found.to_string(), false);
    html! {
        <>
            <h1 class="heading-l" tabindex="-1">{ t.not_found }</h1>
            <p><a href="#/">{ t.start_again }</a></p>
        </>
    }
}
