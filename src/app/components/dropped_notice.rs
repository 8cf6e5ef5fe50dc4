//! Says which saved answers could not be restored, and why, so that nothing is lost silently.

use crate::app::context::use_app;
use yew::prelude::*;

#[component]
pub fn DroppedNotice() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let dropped = &ctx.state.dropped;
    if dropped.is_empty() {
        return html! {};
    }
    let lang = ctx.lang();
    let known = dropped.iter().filter_map(|d| ctx.screener.fact(&d.fact));
    let unknown = dropped.iter().filter(|d| !d.known).count();
    html! {
        <div class="notice notice-warning" role="alert" data-testid="dropped">
            <h2 class="notice-title">{ t.dropped_title }</h2>
            <ul>
                { for known.map(|f| html! {
                    <li data-fact={f.id.clone()}>{ (t.dropped_known)(f.question.get(&lang)) }</li>
                }) }
                if unknown > 0 { <li>{ (t.dropped_unknown)(unknown) }</li> }
            </ul>
        </div>
    }
}
