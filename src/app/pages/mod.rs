//! One page per route.

pub mod check;
pub mod error;
pub mod location;
pub mod print;
pub mod question;
pub mod results;
pub mod saved;
pub mod start;

use super::context::use_app;
use super::route::Route;
use yew::prelude::*;

#[component]
pub fn Pages() -> Html {
    let ctx = use_app();
    match &ctx.route {
        Route::Start => html! { <start::StartPage /> },
        Route::Question(id) => {
            html! { <question::QuestionPage key={id.clone()} fact={id.clone()} /> }
        }
        Route::Location => html! { <location::LocationPage /> },
        Route::Check => html! { <check::CheckPage /> },
        Route::Results => html! { <results::ResultsPage /> },
        Route::Print => html! { <print::PrintPage /> },
        Route::NotFound => html! { <error::NotFound /> },
    }
}
