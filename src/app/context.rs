//! What every page needs, shared through a context: the screener, the state, the current page,
//! and domain actions (answer a question, go to the next step) so pages hold no flow logic.

use super::browser;
use super::route::Route;
use super::state::{Action, AppState};
use crate::engine::{Screener, Session, TrialResult};
use crate::i18n::{self, Strings};
use crate::model::{Answer, Answers};
use std::cell::{RefCell, RefMut};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone)]
pub struct AppContext {
    pub screener: Rc<Screener>,
    pub state: UseReducerHandle<AppState>,
    pub route: Route,
    pub set_route: Callback<Route>,
    /// Whether the location step is shown (a clinic may turn it off).
    pub ask_location: bool,
    /// The name of a local trials file being previewed, if any.
    pub previewing: Option<String>,
    /// Replaces the published trials with a previewed file, in memory only.
    pub preview: Callback<(Rc<Screener>, String)>,
    /// The patient's path, kept evaluated between renders so that an answer costs only the
    /// criteria that read it.
    pub session: Rc<RefCell<Option<Session>>>,
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.screener, &other.screener)
            && self.state == other.state
            && self.route == other.route
    }
}

impl AppContext {
    pub fn t(&self) -> &'static Strings {
        i18n::strings(&self.state.locale)
    }

    /// The language for content from trials.json.
    pub fn lang(&self) -> String {
        i18n::base(&self.state.locale)
    }

    /// The session brought up to date with `answers`, started afresh for a new screener.
    fn session(&self, answers: &Answers) -> RefMut<'_, Session> {
        let mut slot = self.session.borrow_mut();
        if !matches!(&*slot, Some(s) if Rc::ptr_eq(s.screener(), &self.screener)) {
            *slot = Some(Session::new(self.screener.clone()));
        }
        let mut session = RefMut::map(slot, |s| s.as_mut().expect("set above"));
        session.sync(answers);
        session
    }

    /// The answers on the patient's current path, which all results use.
    pub fn path(&self) -> Answers {
        self.session(&self.state.answers).path().clone()
    }

    pub fn results(&self) -> Vec<TrialResult> {
        self.session(&self.state.answers).results()
    }

    /// At most how many pages of questions are left.
    pub fn pages_left(&self) -> usize {
        self.session(&self.state.answers).pages_left()
    }

    /// The facts the page of `fact` asks now: the next page when `fact` opens it; otherwise
    /// (going back, or changing an answer) the facts of its page already on the path or still
    /// worth asking, and `fact` itself.
    pub fn page_fields(&self, fact: &str) -> Vec<String> {
        let session = self.session(&self.state.answers);
        let next: Vec<String> = session
            .next_page()
            .into_iter()
            .map(str::to_string)
            .collect();
        if next.first().map(String::as_str) == Some(fact) {
            return next;
        }
        let path = session.path();
        let Some(page) = self.screener.page_of(fact) else {
            return vec![fact.to_string()];
        };
        let mut shown: Vec<&str> = (page.facts.iter().copied())
            .filter(|f| *f == fact || path.get(f).is_some() || next.iter().any(|n| n == f))
            .collect();
        // A follow-up of a field shown here stands ready, to show if a changed answer opens it.
        let follows = |f: &str| self.screener.fact(f).and_then(|f| f.follows.as_ref());
        for f in &page.facts {
            if !shown.contains(f) && follows(f).is_some_and(|x| shown.contains(&x.fact.as_str())) {
                shown.push(f);
            }
        }
        (page.facts.iter())
            .filter(|f| shown.contains(f))
            .map(|f| f.to_string())
            .collect()
    }

    /// The next page after the answers change to `answers`.
    pub fn next_step(&self, answers: &Answers) -> Route {
        match self.session(answers).next_page().first() {
            Some(f) => Route::Question(f.to_string()),
            None if self.ask_location && self.state.location.is_none() => Route::Location,
            None => Route::Check,
        }
    }

    /// Opens a page as a new history entry.
    pub fn go(&self, route: Route) {
        browser::push(&route.href(), &self.state.to_json());
        self.set_route.emit(route);
    }

    /// Records a page's answers and moves on to whatever comes next given them.
    pub fn answer(&self, given: Vec<(String, Answer)>) {
        let mut answers = self.state.answers.clone();
        for (fact, answer) in &given {
            answers.set(fact.clone(), answer.clone());
        }
        let next = self.next_step(&answers);
        for (fact, answer) in given {
            self.state.dispatch(Action::Answer(fact, answer));
        }
        self.go(next);
    }

    pub fn dispatch(&self, action: Action) {
        self.state.dispatch(action);
    }
}

#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("pages are rendered inside the app")
}

/// Sets the page title (with "Error: " first when the page shows errors).
#[hook]
pub fn use_title(title: String, error: bool) {
    let ctx = use_app();
    let full = format!(
        "{}{} – {}",
        if error { ctx.t().error_prefix } else { "" },
        title,
        ctx.t().app_name
    );
    use_effect_with(full, |full| browser::set_title(full));
}
