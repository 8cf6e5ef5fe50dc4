//! Thin wrappers over the browser: fetching files beside the page, history, the patient's
//! opt-in storage, downloads, focus, location. Failures here degrade quietly; none panics in
//! the browser.
// Natively only the server renderer runs, which must read none of the page: there each of these
// panics (wasm-bindgen's imports do off wasm), so a page that read one would fail the build.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use crate::geo::Point;
use crate::route::Route;
use crate::shell::SAVE_KEY;
use gloo::events::EventListener;
use gloo::net::http::{Request, Response};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// Fetches a file that sits beside index.html (a relative URL, so any sub-path works). It is
/// revalidated with the server, since a clinic may replace it without rebuilding and many hosts
/// let browsers reuse files unasked for weeks.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let resp = fetch_ok(url).await?;
    resp.text()
        .await
        .map_err(|_| format!("{url}: unreadable body"))
}

/// As [`fetch_text`], for a file that may not be text (a trials pack).
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let resp = fetch_ok(url).await?;
    resp.binary()
        .await
        .map_err(|_| format!("{url}: unreadable body"))
}

async fn fetch_ok(url: &str) -> Result<Response, String> {
    let sent = match early(url) {
        Some(request) => JsFuture::from(request)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
            .map(Response::from)
            .ok_or(()),
        None => Request::get(url)
            .cache(cache())
            .send()
            .await
            .map_err(|_| ()),
    };
    let resp = sent.map_err(|_| format!("{url}: network error"))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    Ok(resp)
}

/// How files beside the page are asked for: [`crate::shell::FILES_CACHE`], which the page's
/// script reads (a browser test holds the two the same; reading the text here would carry
/// web-sys's reader of every cache mode into the app, 4 KB).
pub(crate) fn cache() -> web_sys::RequestCache {
    web_sys::RequestCache::NoCache
}

/// The request for `url` that the page's script made before the app loaded, if it made one
/// ([`crate::shell::EARLY`]); taken once, so a later fetch asks the server again.
fn early(url: &str) -> Option<js_sys::Promise> {
    let (requests, key) = early_requests(url)?;
    let request = js_sys::Reflect::get(&requests, &key)
        .ok()?
        .dyn_into()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&requests, &key);
    Some(request)
}

/// Whether the page's script asked for `url` before the app loaded and the answer is still
/// to be taken: it asks for the trials, and for the files the page it shows reads
/// ([`crate::route::Route::reads`], written into the page as `data-fetch`).
pub fn asked_early(url: &str) -> bool {
    early_requests(url)
        .is_some_and(|(requests, key)| js_sys::Reflect::has(&requests, &key).unwrap_or(false))
}

fn early_requests(url: &str) -> Option<(js_sys::Object, JsValue)> {
    let w: JsValue = window()?.into();
    let requests = js_sys::Reflect::get(&w, &JsValue::from_str(crate::shell::EARLY)).ok()?;
    Some((requests.dyn_into().ok()?, JsValue::from_str(url)))
}

pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The `?` query of the page's own address (not of the hash), e.g. `?lang=fr`.
pub fn search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Sets the accent colour a clinic chose (already checked to be a safe colour).
pub fn set_accent(colour: &str) {
    let root = document().and_then(|d| d.document_element());
    if let Some(el) = root.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        // Through the CSSOM, which the Content-Security-Policy allows, unlike a style attribute.
        let style = el.style();
        let _ = style.set_property("--accent", colour);
        let _ = style.set_property("--accent-dark", colour);
    }
}

/// Tells the page embedding the screener, at origin `host` only, that option `option` was not
/// taken, and why (for a clinic's embed builder to say). Never an answer.
pub fn tell_host_refused(host: &str, option: &str, why: &str) {
    tell_host(
        host,
        [
            ("type", "prescreen:refused".into()),
            ("option", option.into()),
            ("text", why.into()),
        ],
    );
}

/// Tells the page that embeds the screener at `host` the choices it offers for `option`, as
/// `(value, label)`: the embed page lists them for the clinic to choose from.
pub fn tell_host_choices(host: &str, option: &str, choices: &[(String, String)]) {
    let list = js_sys::Array::new();
    for (value, label) in choices {
        let choice = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&choice, &"value".into(), &value.into());
        let _ = js_sys::Reflect::set(&choice, &"label".into(), &label.into());
        list.push(&choice);
    }
    tell_host(
        host,
        [
            ("type", "prescreen:choices".into()),
            ("option", option.into()),
            ("choices", list.into()),
        ],
    );
}

fn tell_host(host: &str, fields: [(&str, JsValue); 3]) {
    let Some(w) = window() else { return };
    let Some(parent) = w.parent().ok().flatten() else {
        return;
    };
    let message = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&message, &k.into(), &v);
    }
    // An origin that does not parse is refused by the browser; nothing is sent then.
    let _ = parent.post_message(&message, host);
}

fn history() -> Option<web_sys::History> {
    window()?.history().ok()
}

/// Opens a new history entry at `href`, carrying the answers so a reload there keeps them.
pub fn push(href: &str, state: &str) {
    if let Some(h) = history() {
        let _ = h.push_state_with_url(&JsValue::from_str(state), "", Some(href));
    }
}

/// Stores the answers in the current history entry: it survives a reload of this tab, and
/// is neither storage nor a cookie, and never leaves the browser.
pub fn replace(state: &str, href: Option<&str>) {
    if let Some(h) = history() {
        let _ = h.replace_state_with_url(&JsValue::from_str(state), "", href);
    }
}

pub fn history_state() -> Option<String> {
    history()?.state().ok()?.as_string()
}

pub fn back() {
    if let Some(h) = history() {
        let _ = h.back();
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
}

/// Answers saved on this device at the patient's request.
pub fn saved() -> Option<String> {
    local_storage()?.get_item(SAVE_KEY).ok()?
}

pub fn save(text: &str) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(SAVE_KEY, text);
    }
}

pub fn forget() {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(SAVE_KEY);
    }
}

/// The browser's preferred languages, best first.
pub fn languages() -> Vec<String> {
    let Some(w) = window() else { return vec![] };
    let n = w.navigator();
    let list: Vec<String> = n.languages().iter().filter_map(|v| v.as_string()).collect();
    if list.is_empty() {
        n.language().into_iter().collect()
    } else {
        list
    }
}

pub fn set_lang(lang: &str) {
    if let Some(el) = document().and_then(|d| d.document_element()) {
        let _ = el.set_attribute("lang", lang);
    }
}

pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

/// Moves focus to the element matching `selector` (a page's heading, an error summary).
pub fn focus(selector: &str) {
    if let Some(el) = document().and_then(|d| d.query_selector(selector).ok().flatten()) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Offers `text` as a file download, made in the browser (nothing is uploaded).
pub fn download(name: &str, text: &str) {
    let Some(doc) = document() else { return };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc
        .create_element("a")
        .map(|e| e.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Reads a file the patient picked, in the browser.
pub async fn read_file(file: web_sys::File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// As [`read_file`], for a file that may not be text (a trials pack).
pub async fn read_file_bytes(file: web_sys::File) -> Option<Vec<u8>> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

pub fn copy(text: &str) {
    if let Some(w) = window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// The page's address without its hash, to build share links on.
pub fn page_address() -> String {
    let href = window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// Today's date as YYYY-MM-DD, in the patient's time zone.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

pub fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

pub fn decode(s: &str) -> Option<String> {
    js_sys::decode_uri_component(s).ok().map(Into::into)
}

/// Asks the browser for the device's position; `done` gets `None` if refused or unavailable.
pub fn locate(done: impl FnOnce(Option<Point>) + 'static) {
    let Some(geo) = window().and_then(|w| w.navigator().geolocation().ok()) else {
        done(None);
        return;
    };
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let ok_done = done.clone();
    let ok = Closure::once_into_js(move |pos: JsValue| {
        // The position's typed binding is unstable in web-sys; its fields are plain numbers.
        let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
        let coords = get(&pos, "coords");
        let num = |k: &str| {
            coords
                .as_ref()
                .and_then(|c| get(c, k))
                .and_then(|v| v.as_f64())
        };
        if let Some(f) = ok_done.borrow_mut().take() {
            f(num("latitude")
                .zip(num("longitude"))
                .map(|(lat, lon)| Point { lat, lon }));
        }
    });
    let err = Closure::once_into_js(move |_: JsValue| {
        if let Some(f) = done.borrow_mut().take() {
            f(None);
        }
    });
    let _ =
        geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(err.unchecked_ref()));
}

/// Listens to Back/Forward and to links that change the hash; the listener lives as long as
/// the returned guard.
pub struct Listener {
    _on: [EventListener; 2],
}

impl Listener {
    pub fn on_navigation(f: impl Fn() + 'static) -> Option<Listener> {
        let w = window()?;
        let f = std::rc::Rc::new(f);
        let on = |ev: &'static str| {
            let f = f.clone();
            EventListener::new(&w, ev, move |_| f())
        };
        Some(Listener {
            _on: [on("popstate"), on("hashchange")],
        })
    }
}

/// Replaces the page with a plain message when the app panics: never a blank page. The
/// answers stay in this tab's history entry, so reloading keeps them.
pub fn show_crash(detail: &str) {
    web_sys::console::error_1(&JsValue::from_str(detail));
    let lang = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let t = crate::i18n::strings(lang.as_deref().unwrap_or("en"));
    let Some(body) = document().and_then(|d| d.body()) else {
        return;
    };
    body.set_inner_html(&format!(
        "<main class=\"page\" id=\"main-content\" data-testid=\"crash\"><h1>{}</h1><p>{}</p>\
         <p><button type=\"button\" class=\"button\" data-testid=\"crash-reload\">{}</button></p></main>",
        t.crash_title, t.crash_body, t.crash_reload
    ));
    let button = body.query_selector("button").ok().flatten();
    if let Some(button) = button {
        // Needs nothing of the app's state, which the panic may have left half-changed.
        // Reloads on check-your-answers rather than the page that broke, which may break again;
        // this entry's answers come back with it.
        EventListener::new(&button, "click", |_| {
            if let (Some(h), Some(w)) = (history(), window()) {
                let state = h.state().unwrap_or(JsValue::NULL);
                let _ = h.replace_state_with_url(&state, "", Some(&Route::Check.href()));
                let _ = w.location().reload();
            }
        })
        .forget();
    }
}
