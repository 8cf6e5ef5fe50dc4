//! The notice that the patient's answers were removed from this device.

use crate::i18n::Strings;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub t: &'static Strings,
}

#[component]
pub fn Forgotten(props: &Props) -> Html {
    html! { <div class="notice" role="status" data-testid="forgotten">{ props.t.forgotten }</div> }
}
