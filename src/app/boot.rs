//! What the app starts from, given as its props: the address and its options, the language,
//! and, when it takes over a prerendered page or is rendered at build time, the trials and
//! cities already loaded and what the patient did before it loaded.

use super::handoff::Handoff;
use super::route::Route;
use super::Load;
use crate::geo::Cities;
use crate::options::Options;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

pub struct Boot {
    pub options: Options,
    pub route: Route,
    /// The language the app starts in (a picked one in the hand-off comes first).
    pub locale: String,
    pub load: Load,
    /// The bundled cities, when fetched before mounting.
    pub cities: Option<Rc<Cities>>,
    /// Answers to restore once the trials are loaded, and whether they are the device's copy.
    pub waiting: Option<(String, bool)>,
    pub handoff: Handoff,
    /// The page's title as rendered, for `prescreen prerender`: no effect runs when rendering
    /// natively, so the title cannot be set on a document there.
    pub title: RefCell<String>,
}

impl Boot {
    /// Records the page's title when rendering at build time; the browser sets it in an effect.
    pub fn titled(&self, title: &str) {
        if !cfg!(target_arch = "wasm32") {
            *self.title.borrow_mut() = title.to_string();
        }
    }
}

#[derive(Properties, Clone)]
pub struct Props {
    pub boot: Rc<Boot>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.boot, &other.boot)
    }
}
