//! The error summary at the top of a page: takes focus, and links to the field to fix.

use crate::app::browser;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub title: &'static str,
    /// The HTML id of the field, and the message.
    pub errors: Vec<(String, String)>,
}

/// A count of refused Continues: each rise moves focus to the page's error summary, so that it
/// gets focus every time, not only the first.
#[hook]
pub fn use_refusals() -> UseStateHandle<u32> {
    let refused = use_state(|| 0u32);
    use_effect_with(*refused, |n| {
        if *n > 0 {
            browser::focus(".error-summary");
        }
    });
    refused
}

#[component]
pub fn ErrorSummary(props: &Props) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    html! {
        <div class="error-summary" role="alert" tabindex="-1" data-testid="error-summary">
            <h2 class="error-summary-title">{ props.title }</h2>
            <ul>
                { for props.errors.iter().map(|(field, message)| {
                    let target = format!("#{field}");
                    let focus = Callback::from(move |e: MouseEvent| {
                        e.prevent_default();
                        browser::focus(&target);
                    });
                    html! { <li><a href={format!("#{field}")} onclick={focus}>{ message }</a></li> }
                }) }
            </ul>
        </div>
    }
}
