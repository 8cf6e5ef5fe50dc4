//! "Open a saved answers file": reads the file in the browser and restores the answers.

use crate::app::browser;
use crate::app::context::use_app;
use crate::app::route::Route;
use crate::app::state;
use crate::shell::action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn OpenSaved() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    let failed = use_state(|| false);
    let onchange = {
        let (ctx, failed) = (ctx.clone(), failed.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let (ctx, failed) = (ctx.clone(), failed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = browser::read_file(file).await.unwrap_or_default();
                match state::restore(&ctx.screener, &text) {
                    Some(restore) => {
                        ctx.dispatch(restore);
                        failed.set(false);
                        ctx.go(Route::Results);
                    }
                    None => failed.set(true),
                }
            });
        })
    };
    html! {
        <div class={classes!("form-group", "open-saved", failed.then_some("form-group-error"))}>
            <label class="label" for="open-saved">{ t.upload }</label>
            if *failed { <p class="error-message" id="open-saved-error" role="alert">{ t.upload_failed }</p> }
            <input class="file-upload" id="open-saved" type="file" accept=".json,application/json" {onchange}
                aria-describedby={failed.then_some("open-saved-error")} data-testid="upload" data-shell={action::FILE} />
        </div>
    }
}
