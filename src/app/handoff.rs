//! The hand-off from the first screens prerendered into index.html (`prescreen prerender`),
//! which web/shell.js shows and keeps working until the app loads: what the patient did there,
//! read as the app mounts and given to it in its props.
// Natively only the server renderer runs, which reads none of the page.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use crate::form::{Draft, ABOUT, NONE, UNKNOWN};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// What the patient did in the prerendered page, each part taken once by the page it is for;
/// empty when the app was not preceded by a prerendered page.
#[derive(Clone, Default)]
pub struct Handoff(Rc<RefCell<Option<Done>>>);

impl PartialEq for Handoff {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Default)]
struct Done {
    /// The question the prerendered form asks, and its fields as the patient left them.
    draft: Option<(String, Fields)>,
    /// Menus chosen in a form that is not a question (the city, say), by id.
    values: Vec<(String, String)>,
    /// Continue was pressed: the app submits the form once it has loaded.
    submit: bool,
    /// The button pressed (by test id), which the app presses once it has loaded.
    click: Option<String>,
    /// A saved answers file was picked: the app opens it once it has loaded.
    files: Option<web_sys::FileList>,
    /// Where focus was (`Some(None)`: nowhere); `None` once put back.
    focus: Option<Option<Focus>>,
    /// The language the patient picked in the prerendered page, if they picked one.
    locale: Option<String>,
    /// "Forget my answers" was pressed: the start page says so.
    forgotten: bool,
}

#[derive(Default)]
struct Fields {
    text: Option<String>,
    limit: Option<String>,
    unit: Option<String>,
    month: Option<String>,
    about: bool,
    choice: Option<String>,
    chosen: Vec<String>,
}

enum Focus {
    Id(String, Option<(u32, u32)>),
    Selector(String),
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Whether shell.js is showing a prerendered page.
pub fn shown() -> bool {
    document()
        .and_then(|d| d.query_selector("[data-prerendered]").ok().flatten())
        .is_some()
}

/// Reads what the patient did in the prerendered page, then removes it: the app mounts next,
/// with the trials and cities already fetched, so it shows the same page ready.
pub fn take_over() -> Handoff {
    let Some(doc) = document() else {
        return Handoff::default();
    };
    let Some(main) = doc.query_selector("main[data-prerendered]").ok().flatten() else {
        return Handoff::default();
    };
    let pending = main.get_attribute("data-pending").unwrap_or_default();
    let form = main
        .query_selector("form[data-testid=question]")
        .ok()
        .flatten();
    let mut values = Vec::new();
    if let Ok(menus) = main.query_selector_all("form:not([data-testid=question]) select[id]") {
        for i in 0..menus.length() {
            if let Some(m) = menus
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlSelectElement>().ok())
            {
                values.push((m.id(), m.value()));
            }
        }
    }
    let files = main
        .query_selector("#open-saved")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .filter(|f| f.length() > 0);
    let done = Done {
        draft: form
            .as_ref()
            .and_then(|f| Some((f.get_attribute("data-fact")?, fields(f)))),
        values,
        submit: pending == "submit",
        click: main
            .get_attribute("data-click")
            .filter(|_| pending == "click"),
        files: files.filter(|_| pending == "file"),
        focus: Some(
            doc.active_element()
                .filter(|e| e.closest("[data-prerendered]").ok().flatten().is_some())
                .and_then(|e| focus_of(&e)),
        ),
        locale: main.get_attribute("data-locale"),
        forgotten: main
            .query_selector("[data-testid=forgotten]")
            .ok()
            .flatten()
            .is_some(),
    };
    if let Ok(nodes) = doc.query_selector_all("[data-prerendered], template[data-page]") {
        for i in 0..nodes.length() {
            if let Some(e) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                e.remove();
            }
        }
    }
    Handoff(Rc::new(RefCell::new(Some(done))))
}

fn fields(form: &Element) -> Fields {
    let input = |id: &str| {
        form.query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .map(|i| i.value())
    };
    let select = |id: &str| {
        form.query_selector(&format!("select#{id}"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
            .map(|s| s.value())
    };
    let mut f = Fields {
        text: input("value"),
        limit: input("limit"),
        unit: select("unit"),
        month: select("month"),
        ..Fields::default()
    };
    if let Ok(checked) = form.query_selector_all("input:checked") {
        for i in 0..checked.length() {
            let Some(el) = checked
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
            else {
                continue;
            };
            let value = el.value();
            // "None of these" and "I don't know" boxes are a choice, as a radio is; a date's
            // "about" box is known by its id, as the number and the unit are (an option's box
            // is `answer-…`, so an option called "about" is not mistaken for it).
            if el.id() == ABOUT {
                f.about = true;
            } else if el.type_() == "radio" || value == NONE || value == UNKNOWN {
                f.choice = Some(value);
            } else {
                f.chosen.push(value);
            }
        }
    }
    f
}

/// How to find the same element in the app's page: by id, else by test id, else by tag and class.
fn focus_of(el: &Element) -> Option<Focus> {
    if !el.id().is_empty() {
        let selection = el.dyn_ref::<HtmlInputElement>().and_then(|i| {
            Some((
                i.selection_start().ok().flatten()?,
                i.selection_end().ok().flatten()?,
            ))
        });
        return Some(Focus::Id(el.id(), selection));
    }
    if let Some(id) = el.get_attribute("data-testid") {
        return Some(Focus::Selector(format!("[data-testid=\"{id}\"]")));
    }
    let tag = el.tag_name().to_ascii_lowercase();
    Some(Focus::Selector(
        match el.class_name().split_whitespace().next() {
            Some(class) => format!("{tag}.{class}"),
            None => tag,
        },
    ))
}

impl Handoff {
    fn with<T>(&self, f: impl FnOnce(&mut Done) -> T) -> Option<T> {
        self.0.borrow_mut().as_mut().map(f)
    }

    /// What was chosen in the prerendered page's menu `id`, once.
    pub fn value(&self, id: &str) -> Option<String> {
        self.with(|h| {
            let i = h.values.iter().position(|(k, _)| k == id)?;
            Some(h.values.remove(i).1)
        })
        .flatten()
    }

    /// The language picked in the prerendered page, if any.
    pub fn locale(&self) -> Option<String> {
        self.with(|h| h.locale.clone()).flatten()
    }

    pub fn forgotten(&self) -> bool {
        self.with(|h| h.forgotten).unwrap_or(false)
    }

    /// The question page's first draft: `blank` with what the patient had filled in before the app
    /// loaded, when that was this question.
    pub fn draft(&self, fact: &str, blank: Draft) -> Draft {
        let fields = self
            .with(|h| match &h.draft {
                Some((f, _)) if f == fact => h.draft.take().map(|(_, fields)| fields),
                _ => None,
            })
            .flatten();
        let Some(f) = fields else { return blank };
        Draft {
            text: f.text.unwrap_or(blank.text),
            limit: f.limit.unwrap_or(blank.limit),
            unit: f.unit.unwrap_or(blank.unit),
            month: f.month.unwrap_or(blank.month),
            about: f.about,
            choice: f.choice,
            chosen: f.chosen,
        }
    }

    /// Puts focus back where it was in the prerendered page, once. False when there is nothing to
    /// put back: no hand-off, or done already.
    pub fn restore_focus(&self) -> bool {
        let Some(focus) = self.with(|h| h.focus.take()).flatten() else {
            return false;
        };
        let Some(doc) = document() else { return true };
        let el = match &focus {
            Some(Focus::Id(id, _)) => doc.get_element_by_id(id),
            Some(Focus::Selector(s)) => doc.query_selector(s).ok().flatten(),
            None => None,
        };
        if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = el.focus();
            if let (Some(Focus::Id(_, Some((start, end)))), Some(input)) =
                (&focus, el.dyn_ref::<HtmlInputElement>())
            {
                let _ = input.set_selection_range(*start, *end);
            }
        }
        true
    }

    /// Once the app shows its page: does what the patient asked for before it loaded, the way the
    /// page itself does it (Continue submits the form; a button is pressed; a picked file is
    /// opened).
    pub fn resume(&self) {
        let Some((submit, click, files)) = self.with(|h| {
            (
                std::mem::take(&mut h.submit),
                h.click.take(),
                h.files.take(),
            )
        }) else {
            return;
        };
        let Some(doc) = document() else { return };
        let press = |selector: &str| {
            let button = doc.query_selector(selector).ok().flatten();
            if let Some(b) = button.and_then(|b| b.dyn_into::<HtmlElement>().ok()) {
                b.click();
            }
        };
        if submit {
            press("main form [type=submit]");
        }
        if let Some(id) = click.filter(|id| !id.contains(['"', '\\'])) {
            press(&format!("main [data-testid=\"{id}\"]"));
        }
        if let Some(files) = files {
            let input = doc.get_element_by_id("open-saved");
            if let Some(input) = input.and_then(|i| i.dyn_into::<HtmlInputElement>().ok()) {
                input.set_files(Some(&files));
                if let Ok(e) = web_sys::Event::new("change") {
                    e.init_event_with_bubbles("change", true);
                    let _ = input.dispatch_event(&e);
                }
            }
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_app_takes_over_what_was_typed_and_removes_the_prerendered_page() {
        let doc = document().unwrap();
        // In a box of its own: the test runner reports through the page's body.
        let body = doc.create_element("div").unwrap();
        doc.body().unwrap().append_child(&body).unwrap();
        body.set_inner_html(
            "<header data-prerendered></header>\
             <main data-prerendered data-pending=\"submit\" data-locale=\"ko\">\
               <form data-testid=\"question\" data-fact=\"alt\">\
                 <input type=\"radio\" name=\"answer\" id=\"answer\" value=\"normal\">\
                 <input type=\"radio\" name=\"answer\" id=\"answer-above\" value=\"above\" checked>\
                 <input id=\"value\" name=\"value\" value=\"120\"><input id=\"limit\" name=\"limit\" value=\"4\">\
                 <button type=\"submit\">Continue</button></form></main>\
             <template data-page=\"start\"></template>",
        );
        let limit = doc.get_element_by_id("limit").unwrap();
        limit
            .dyn_ref::<HtmlInputElement>()
            .unwrap()
            .focus()
            .unwrap();
        assert!(shown());
        let h = take_over();
        assert!(!shown());
        assert_eq!(body.child_element_count(), 0, "nothing prerendered is left");
        assert_eq!(h.locale().as_deref(), Some("ko"));
        let blank = Draft {
            unit: "x".into(),
            ..Draft::default()
        };
        assert_eq!(
            h.draft("creatinine", blank.clone()),
            blank,
            "another question"
        );
        let d = h.draft("alt", blank.clone());
        assert_eq!(
            (d.choice.as_deref(), d.text.as_str(), d.limit.as_str()),
            (Some("above"), "120", "4")
        );
        assert_eq!(h.draft("alt", blank.clone()), blank, "taken once");
        body.set_inner_html("<input id=\"limit\" value=\"4\">");
        assert!(h.restore_focus());
        assert_eq!(doc.active_element().unwrap().id(), "limit");
        assert!(!h.restore_focus(), "once");
        body.remove();
    }

    #[wasm_bindgen_test]
    fn a_date_typed_before_the_app_loaded_keeps_its_month_and_about() {
        let doc = document().unwrap();
        let body = doc.create_element("div").unwrap();
        doc.body().unwrap().append_child(&body).unwrap();
        body.set_inner_html(
            "<main data-prerendered>\
               <form data-testid=\"question\" data-fact=\"stopped\">\
                 <input id=\"value\" name=\"value\" value=\"2025\">\
                 <select id=\"month\"><option value=\"\">Month not known</option>\
                   <option value=\"04\">April</option><option value=\"05\" selected>May</option></select>\
                 <input type=\"checkbox\" id=\"about\" value=\"about\" checked>\
                 <input type=\"checkbox\" id=\"unknown\" value=\"unknown\">\
               </form></main>",
        );
        let h = take_over();
        let d = h.draft("stopped", Draft::default());
        assert_eq!(
            (
                d.text.as_str(),
                d.month.as_str(),
                d.about,
                d.choice,
                d.chosen
            ),
            ("2025", "05", true, None, vec![])
        );
        body.set_inner_html(
            "<main data-prerendered><form data-testid=\"question\" data-fact=\"stopped\">\
               <input id=\"value\" value=\"2025\"><select id=\"month\"><option value=\"\" selected></option></select>\
               <input type=\"checkbox\" id=\"about\" value=\"about\"></form></main>",
        );
        let h = take_over();
        let d = h.draft("stopped", Draft::default());
        assert_eq!((d.month.as_str(), d.about), ("", false));
        body.remove();
    }
}
