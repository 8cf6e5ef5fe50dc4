//! "Back": the browser's own Back, so it matches the history the patient made.

use crate::app::browser;
use crate::shell::action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub label: &'static str,
}

#[component]
pub fn BackLink(props: &Props) -> Html {
    let back = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        browser::back();
    });
    html! { <a href="#/" class="back-link" onclick={back} data-shell={action::BACK}>{ props.label }</a> }
}
