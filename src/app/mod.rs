//! The patient app in the browser: loads the trials from beside the page (trials.json, or
//! trials.pack), checks them with the engine, and walks the patient from the start page through
//! questions to results.

pub mod boot;
mod browser;
mod components;
mod context;
mod handoff;
mod pages;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub(crate) use crate::route;
mod state;
#[cfg(all(test, target_arch = "wasm32"))]
mod tests;

use crate::engine::{Date, Finding, Screener};
use crate::i18n;
use crate::options::Options;
use boot::Props;
use components::layout::Layout;
use context::AppContext;
use route::Route;
use state::{Action, AppState};
use std::rc::Rc;
use yew::prelude::*;
#[cfg(target_arch = "wasm32")]
use {boot::Boot, handoff::Handoff};

/// Mounts the app on the page's body.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    // Through Yew, whose renderer otherwise puts its own hook in place of ours.
    yew::set_custom_panic_hook(Box::new(|info| browser::show_crash(&info.to_string())));
    let options = Options::parse(&browser::search());
    if !handoff::shown() {
        mount(options, Load::Loading, None, Handoff::default());
        return;
    }
    // The patient may be using the prerendered page: it stays until the app can show the same
    // page ready, rather than "Loading" in between (mounting empties the body).
    wasm_bindgen_futures::spawn_local(async move {
        // The cities, when the page shown reads them (Route::reads, which the page's script
        // followed in asking for them early): fetched beside the trials.
        let cities = async {
            match browser::asked_early(crate::shell::CITIES_FILE) {
                true => browser::fetch_text(crate::shell::CITIES_FILE).await.ok(),
                false => None,
            }
        };
        let (trials, cities) = futures_util::future::join(fetch_trials(), cities).await;
        let cities = cities
            .and_then(|c| crate::geo::Cities::parse(&c).ok())
            .map(Rc::new);
        let load = loaded(trials, &options);
        mount(options, load, cities, handoff::take_over());
    });
}

#[cfg(target_arch = "wasm32")]
fn mount(options: Options, load: Load, cities: Option<Rc<crate::geo::Cities>>, handoff: Handoff) {
    let boot = Boot {
        route: Route::parse(&browser::hash()).0,
        locale: handoff
            .locale()
            .unwrap_or_else(|| initial_locale(&options, &browser::languages())),
        waiting: waiting_answers(),
        options,
        load,
        cities,
        handoff,
        title: Default::default(),
    };
    yew::Renderer::<App>::with_props(Props {
        boot: Rc::new(boot),
    })
    .render();
}

#[derive(Clone)]
pub enum Load {
    Loading,
    Ready(Rc<Screener>),
    /// trials.json is there but broken: every error, located.
    Broken(Rc<Vec<Finding>>),
    /// trials.json could not be fetched.
    Failed,
}

/// Answers waiting for the screener to load: from a share link, this tab's history, or the
/// device (when the patient saved them), in that order.
#[cfg(target_arch = "wasm32")]
fn waiting_answers() -> Option<(String, bool)> {
    let (_, link) = Route::parse(&browser::hash());
    if let Some(text) = link.and_then(|a| browser::decode(&a)) {
        return Some((text, false));
    }
    if let Some(text) = browser::history_state() {
        return Some((text, false));
    }
    browser::saved().map(|text| (text, true))
}

/// The trials as published, from the first of [`crate::shell::TRIALS_FILES`] that comes; the
/// first file's failure is the error reported when none does.
#[cfg(target_arch = "wasm32")]
async fn fetch_trials() -> Result<Vec<u8>, String> {
    let mut first = None;
    for name in crate::shell::trials_files() {
        match browser::fetch_bytes(name).await {
            Ok(bytes) => return Ok(bytes),
            Err(e) => {
                first.get_or_insert(e);
            }
        }
    }
    Err(first.unwrap_or_default())
}

/// The screener from the trials as fetched, keeping only the trials the options name, reading
/// date answers ("stopped in May") against today.
pub fn loaded(fetched: Result<Vec<u8>, String>, options: &Options) -> Load {
    match fetched {
        Ok(bytes) => match Screener::load_published(bytes, None) {
            Ok(mut s) => {
                // Built natively, the first pages ask no date, and there is no browser's clock.
                #[cfg(target_arch = "wasm32")]
                set_today(&mut s);
                s.retain_trials(&options.trials);
                Load::Ready(Rc::new(s))
            }
            Err(findings) => Load::Broken(Rc::new(findings)),
        },
        Err(_) => Load::Failed,
    }
}

/// Tells a screener today's date in the patient's time zone: the engine has no clock, and
/// without it a date answer decides nothing.
pub(crate) fn set_today(s: &mut Screener) {
    if let Some(today) = Date::parse(&browser::today()) {
        s.set_today(today);
    }
}

/// Writes the answers into this tab's current history entry, so a reload there restores them.
/// A share link stays in the address bar while its answers are the ones restored (`linked`,
/// set on the first write), and gives way to the plain page once they change, so that a reload
/// never brings back the link's older answers.
fn keep_in_entry(json: &str, linked: &std::cell::RefCell<Option<String>>) {
    let (route, link) = Route::parse(&browser::hash());
    let stale =
        link.is_some() && *linked.borrow_mut().get_or_insert_with(|| json.to_string()) != json;
    browser::replace(json, stale.then(|| route.href()).as_deref());
}

/// The language the app starts in: the address's `lang`, else the browser's first language
/// the app speaks (as the browser names it, so its region can choose units), else English.
pub fn initial_locale(options: &Options, prefs: &[String]) -> String {
    if let Some(l) = &options.lang {
        return l.clone();
    }
    let chosen = i18n::choose(prefs.iter().map(String::as_str)).lang;
    prefs
        .iter()
        .find(|p| i18n::base(p) == chosen)
        .cloned()
        .unwrap_or_else(|| chosen.to_string())
}

/// The loading page's title, which the prerendered loading page carries too.
pub fn loading_title(t: &i18n::Strings) -> String {
    format!("{} – {}", t.loading, t.app_name)
}

#[component]
pub fn App(props: &Props) -> Html {
    let boot = props.boot.clone();
    let state = use_reducer(|| AppState {
        locale: boot.locale.clone(),
        forgotten: boot.handoff.forgotten(),
        ..AppState::default()
    });
    let route = use_state(|| boot.route.clone());
    let load = use_state(|| boot.load.clone());
    let waiting = use_mut_ref(|| boot.waiting.clone());
    let restored = use_state(|| false);
    let previewing = use_state(|| None::<String>);
    let session = use_mut_ref(|| None);
    let reach = use_mut_ref(|| None);

    {
        let (load, boot, locale) = (load.clone(), boot.clone(), state.locale.clone());
        use_effect_with((), move |_| {
            let options = &boot.options;
            if let Some(colour) = &options.accent {
                browser::set_accent(colour);
            }
            if let (Some(why), Some(host)) = (options.accent_refused, &options.host) {
                let t = i18n::strings(&locale);
                let text = match why {
                    crate::options::AccentRefusal::TooLight => t.accent_too_light,
                    crate::options::AccentRefusal::NotAColour => t.accent_not_a_colour,
                };
                browser::tell_host_refused(host, crate::options::ACCENT, text);
            }
            #[cfg(target_arch = "wasm32")]
            if matches!(*load, Load::Loading) {
                wasm_bindgen_futures::spawn_local(async move {
                    let fetched = fetch_trials().await;
                    load.set(loaded(fetched, &boot.options));
                });
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = load;
        });
    }
    let ready = matches!(*load, Load::Ready(_));
    {
        let (load, state, waiting, restored) = (
            load.clone(),
            state.clone(),
            waiting.clone(),
            restored.clone(),
        );
        let (host, offer) = (boot.options.host.clone(), boot.options.offer);
        use_effect_with(ready, move |ready| {
            if let (true, Load::Ready(s)) = (*ready, &*load) {
                // The embed builder's preview asks for the trials a clinic may choose from.
                if let Some((host, list)) = host.as_deref().zip(offer) {
                    if let Some(choices) = crate::embed::choices(s, list) {
                        browser::tell_host_choices(host, list, &choices);
                    }
                }
                if let Some((text, from_device)) = waiting.borrow_mut().take() {
                    if let Some(restore) = state::restore(s, &text) {
                        state.dispatch(restore);
                        if from_device {
                            state.dispatch(Action::Save(state::saved_on(&text)));
                        }
                    }
                }
                restored.set(true);
            }
        });
    }
    // The answers as last written, for entries the patient reaches by a plain link or by Back
    // and Forward: each is given them, so a reload anywhere keeps every answer.
    let written = use_mut_ref(|| None::<String>);
    // The answers as restored from a share link.
    let linked = use_mut_ref(|| None::<String>);
    {
        let (route, written, linked) = (route.clone(), written.clone(), linked.clone());
        use_effect_with((), move |_| {
            let listener = browser::Listener::on_navigation(move || {
                if let Some(json) = &*written.borrow() {
                    keep_in_entry(json, &linked);
                }
                route.set(Route::parse(&browser::hash()).0)
            });
            move || drop(listener)
        });
    }
    {
        let restored = *restored;
        let linked = linked.clone();
        use_effect_with(((*state).clone(), restored), move |(s, restored)| {
            browser::set_lang(i18n::strings(&s.locale).lang);
            // Until saved answers are read back, writing would overwrite them with nothing.
            if *restored {
                let json = s.to_json();
                keep_in_entry(&json, &linked);
                // The device's copy is not written over with fewer answers before the patient
                // has seen which were dropped and answered again.
                if s.saved && s.dropped.is_empty() {
                    browser::save(&s.to_saved_json());
                }
                *written.borrow_mut() = Some(json);
            }
        });
    }
    {
        let handoff = boot.handoff.clone();
        use_effect_with(*restored, move |restored| {
            if *restored {
                handoff.resume();
            }
        });
    }
    let first_route = use_mut_ref(|| Some((*route).clone()));
    // Changing an answer from the results or check-your-answers: straight to the field.
    let changing = state.returning.is_some();
    let handoff = boot.handoff.clone();
    use_effect_with(((*route).clone(), ready), move |(shown, _)| {
        if handoff.restore_focus() {
            return;
        }
        // Focus follows the patient's moves, not the first page: embedded in a clinic's page,
        // the screener must not pull focus out of the host page while it loads.
        let mut first = first_route.borrow_mut();
        if first.as_ref() == Some(shown) {
            return;
        }
        *first = None;
        match (changing, shown) {
            (true, Route::Question(f)) => browser::focus(&format!(
                "[data-field=\"{f}\"] input:not([disabled]), [data-field=\"{f}\"] select"
            )),
            _ => browser::focus("h1"),
        }
    });

    let set_route = {
        let route = route.clone();
        Callback::from(move |r: Route| route.set(r))
    };
    let t = i18n::strings(&state.locale);
    let loading = matches!(*load, Load::Loading);
    if loading {
        boot.titled(&loading_title(t));
    }
    use_effect_with((loading, t.lang), move |(loading, _)| {
        if *loading {
            browser::set_title(&loading_title(t));
        }
    });
    match &*load {
        Load::Loading => html! { <Layout {t}><p class="loading">{ t.loading }</p></Layout> },
        Load::Failed => html! { <Layout {t}><pages::error::LoadFailed {t} /></Layout> },
        Load::Broken(findings) => {
            html! { <Layout {t}><pages::error::Broken {t} findings={findings.clone()} /></Layout> }
        }
        Load::Ready(screener) => {
            let ctx = AppContext {
                boot: boot.clone(),
                screener: screener.clone(),
                state: state.clone(),
                route: (*route).clone(),
                set_route,
                ask_location: !boot.options.skip_location,
                previewing: (*previewing).clone(),
                session,
                reach,
                preview: {
                    let (load, previewing) = (load.clone(), previewing.clone());
                    Callback::from(move |(s, name): (Rc<Screener>, String)| {
                        previewing.set(Some(name));
                        load.set(Load::Ready(s));
                    })
                },
            };
            html! {
                <ContextProvider<AppContext> context={ctx}>
                    <Layout {t} connected=true><pages::Pages /></Layout>
                </ContextProvider<AppContext>>
            }
        }
    }
}
