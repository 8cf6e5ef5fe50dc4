//! Small reusable pieces of the pages, one per file.

pub mod back_link;
pub mod checkboxes;
pub mod date_field;
pub mod dropped_notice;
pub mod error_summary;
pub mod forgotten;
pub mod layout;
pub mod number_field;
pub mod radios;
pub mod ratio_field;
pub mod sites;
pub mod trial_card;

use yew::prelude::*;

/// A field's question: the page heading on a page of one field, else a heading within the page.
pub fn question_heading(text: AttrValue, page_heading: bool) -> Html {
    if page_heading {
        html! { <h1 class="heading-l" tabindex="-1">{ text }</h1> }
    } else {
        html! { <h2 class="heading-m">{ text }</h2> }
    }
}
