//! For clinics: open a local trials file (or pack), see what `check` finds, and walk the
//! questions with it. The file is read in the browser; nothing is uploaded.

use crate::app::browser;
use crate::app::components::back_link::BackLink;
use crate::app::context::{use_app, use_title};
use crate::app::route::Route;
use crate::engine::{Date, Finding, Screener, Severity};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Clone)]
enum Checked {
    Nothing,
    Broken(String, Vec<Finding>),
    Ready(String, Rc<Screener>),
}

#[component]
pub fn PreviewPage() -> Html {
    let ctx = use_app();
    let t = ctx.t();
    use_title(t.preview_title.to_string(), false);
    let checked = use_state(|| Checked::Nothing);
    let onchange = {
        let checked = checked.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            let checked = checked.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let bytes = browser::read_file_bytes(file).await.unwrap_or_default();
                // Today's date lets the check warn about statuses not checked for a year.
                let today = Date::from_days_since_epoch(
                    (js_sys::Date::now() / 86_400_000.0).floor() as i64,
                );
                // A pack's descriptions are read only when shown; a clinic's preview reads
                // them all, so a broken one is found here rather than by a patient.
                // Walked as a patient would, date answers are read against the patient's today.
                let loaded = Screener::load_published(bytes, Some(today)).and_then(|mut s| {
                    let unreadable = s.unreadable_trials();
                    if unreadable.is_empty() {
                        crate::app::set_today(&mut s);
                        Ok(s)
                    } else {
                        Err(unreadable)
                    }
                });
                checked.set(match loaded {
                    Ok(s) => Checked::Ready(name, Rc::new(s)),
                    Err(findings) => Checked::Broken(name, findings),
                });
            });
        })
    };
    let list = |name: &str, findings: &[Finding]| {
        html! {
            <ul class="findings" lang="en" data-testid="findings">
                { for findings.iter().map(|f| html! {
                    <li class={if f.severity == Severity::Error { "finding-error" } else { "finding-warning" }}>
                        <code>{ format!("{name}:{f}") }</code>
                    </li>
                }) }
            </ul>
        }
    };
    let outcome = match &*checked {
        Checked::Nothing => html! {},
        Checked::Broken(name, findings) => html! {
            <div class="form-group form-group-error" role="alert">
                <p class="error-message">{ t.preview_errors }</p>
                { list(name, findings) }
            </div>
        },
        Checked::Ready(name, s) => {
            let use_it = {
                let (ctx, s, name) = (ctx.clone(), s.clone(), name.clone());
                Callback::from(move |_| {
                    ctx.preview.emit((s.clone(), name.clone()));
                    ctx.go(Route::Start);
                })
            };
            html! {
                <div role="status">
                    <p data-testid="preview-ok">{ (t.preview_ok)(s.trial_count(), s.warnings().len()) }</p>
                    { list(name, s.warnings()) }
                    <button type="button" class="button" onclick={use_it} data-testid="preview-use">{ t.preview_use }</button>
                </div>
            }
        }
    };
    html! {
        <>
            <BackLink label={t.back} />
            <h1 class="heading-l" tabindex="-1">{ t.preview_title }</h1>
            <p>{ t.preview_intro }</p>
            <div class="form-group">
                <label class="label" for="preview-file">{ t.preview_file }</label>
                <input class="file-upload" id="preview-file" type="file" accept=".json,.pack,application/json" {onchange} data-testid="preview-file" />
            </div>
            { outcome }
        </>
    }
}
