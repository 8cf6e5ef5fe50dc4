//! One page per route.

pub mod check;
pub mod error;
pub mod location;
pub mod preview;
pub mod print;
pub mod question;
pub mod reach;
pub mod results;
pub mod saved;
pub mod start;

use super::components::dropped_notice::DroppedNotice;
use super::context::use_app;
use super::route::Route;
use yew::prelude::*;

#[component]
pub fn Pages() -> Html {
    let ctx = use_app();
    let banner = ctx.previewing.as_ref().map(|f| {
        html! { <div class="notice" role="status" data-testid="previewing">{ (ctx.t().preview_active)(f) }</div> }
    });
    let page = match &ctx.route {
        Route::Start => html! { <start::StartPage /> },
        Route::Question(id) => {
            html! { <question::QuestionPage key={id.clone()} fact={id.clone()} /> }
        }
        Route::Location => html! { <location::LocationPage /> },
        Route::Reach => html! { <reach::ReachPage /> },
        Route::Check => html! { <check::CheckPage /> },
        Route::Results => html! { <results::ResultsPage /> },
        Route::Print => html! { <print::PrintPage /> },
        Route::Preview => html! { <preview::PreviewPage /> },
        Route::NotFound => html! { <error::NotFound /> },
        Route::Crash => panic!("the crash page was asked for ({})", Route::Crash.href()),
    };
    html! { <>{ banner.unwrap_or_default() }<DroppedNotice />{ page }</> }
}
