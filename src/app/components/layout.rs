//! The frame around every page: skip link, header with language and "forget my answers",
//! the main region, and a footer with the privacy promise.

use crate::app::browser;
use crate::app::context::AppContext;
use crate::app::route::Route;
use crate::app::state::Action;
use crate::i18n::{Strings, LANGUAGES};
use crate::shell::action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub t: &'static Strings,
    /// Inside the app's context: offers language and "forget my answers".
    #[prop_or_default]
    pub connected: bool,
    pub children: Html,
}

#[component]
pub fn Layout(props: &Props) -> Html {
    let t = props.t;
    let ctx = use_context::<AppContext>().filter(|_| props.connected);
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        browser::focus("#main-content");
    });
    let tools = ctx.map(|ctx| {
        let forget = {
            let ctx = ctx.clone();
            Callback::from(move |_| {
                browser::forget();
                ctx.dispatch(Action::Forget);
                ctx.go(Route::Start);
            })
        };
        let change_lang = {
            let ctx = ctx.clone();
            Callback::from(move |e: Event| {
                let lang = e.target_unchecked_into::<HtmlSelectElement>().value();
                ctx.dispatch(Action::Locale(lang));
            })
        };
        let current = t.lang;
        html! {
            <div class="header-tools">
                if LANGUAGES.len() > 1 {
                    <label class="lang">
                        <span class="visually-hidden">{ t.language_label }</span>
                        <select onchange={change_lang} data-testid="language" data-shell={action::LANGUAGE}>
                            { for LANGUAGES.iter().map(|l| html! {
                                <option value={l.lang} selected={l.lang == current} lang={l.lang}>{ l.language_name }</option>
                            }) }
                        </select>
                    </label>
                }
                <button type="button" class="button-link forget" onclick={forget} data-testid="forget" data-shell={action::FORGET} data-shell-to={Route::Start.href()}>{ t.forget }</button>
            </div>
        }
    });
    html! {
        <>
            <a class="skip-link" href="#main-content" onclick={skip} data-shell={action::SKIP}>{ t.skip_to_content }</a>
            <header class="header no-print">
                <div class="page header-inner">
                    <span class="app-name">{ t.app_name }</span>
                    { tools.unwrap_or_default() }
                </div>
            </header>
            <main class="page" id="main-content" tabindex="-1">{ props.children.clone() }</main>
            <footer class="footer no-print">
                <div class="page"><p>{ t.start_privacy }</p></div>
            </footer>
        </>
    }
}
