//! What every page needs, shared through a context: the screener, the state, the current page,
//! and domain actions (answer a question, go to the next step) so pages hold no flow logic.

use super::browser;
use super::route::Route;
use super::state::{Action, AppState, Returning};
use crate::engine::{Screener, Session, TrialResult};
use crate::geo::Location;
use crate::i18n::{self, Strings};
use crate::model::{Answer, Answers};
use std::cell::{RefCell, RefMut};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Clone)]
pub struct AppContext {
    /// What the app started from: the cities fetched before mounting, the hand-off.
    pub boot: Rc<super::boot::Boot>,
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
    /// The trials within the patient's reach, for the place and trials it was worked out for.
    pub reach: Rc<RefCell<Option<Within>>>,
}

/// The trials within reach (`None`: all of them) of a place, as worked out for one screener:
/// a previewed trials file has other trials, so what was worked out before is not theirs.
pub struct Within {
    screener: Rc<Screener>,
    location: Option<Location>,
    within: Option<Vec<bool>>,
}

/// Which of `screener`'s trials are within reach of `location`, worked out again only when
/// the place or the trials changed since `cache` was filled.
pub fn within(
    cache: &mut Option<Within>,
    screener: &Rc<Screener>,
    location: &Option<Location>,
) -> Option<Vec<bool>> {
    if let Some(c) = cache {
        if Rc::ptr_eq(&c.screener, screener) && c.location == *location {
            return c.within.clone();
        }
    }
    let within = location
        .as_ref()
        .and_then(Location::reach)
        .map(|(reach, point, country)| screener.within(reach, point, country));
    *cache = Some(Within {
        screener: screener.clone(),
        location: location.clone(),
        within: within.clone(),
    });
    within
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

    /// Which trials are within the patient's reach (by index); `None` when every one is.
    pub fn within(&self) -> Option<Vec<bool>> {
        self.within_of(&self.state.location)
    }

    fn within_of(&self, location: &Option<Location>) -> Option<Vec<bool>> {
        within(&mut self.reach.borrow_mut(), &self.screener, location)
    }

    /// Whether trial `t` is beyond how far the patient said they could travel.
    pub fn far(&self, t: usize) -> bool {
        self.within()
            .is_some_and(|w| !w.get(t).copied().unwrap_or(true))
    }

    /// The session brought up to date with `answers`, started afresh for a new screener, asking
    /// only what the trials within reach need.
    fn session(&self, answers: &Answers) -> RefMut<'_, Session> {
        self.session_within(answers, self.within())
    }

    fn session_within(&self, answers: &Answers, within: Option<Vec<bool>>) -> RefMut<'_, Session> {
        let mut slot = self.session.borrow_mut();
        if !matches!(&*slot, Some(s) if Rc::ptr_eq(s.screener(), &self.screener)) {
            *slot = Some(Session::new(self.screener.clone()));
        }
        let mut session = RefMut::map(slot, |s| s.as_mut().expect("set above"));
        session.set_reach(within);
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

    /// The next page after the answers change to `answers`: where the patient lives and how
    /// far they could travel come first, since they decide which studies' questions are asked.
    pub fn next_step(&self, answers: &Answers) -> Route {
        self.step_after(answers, &self.state.location)
    }

    /// As [`AppContext::next_step`], for a place just given (the state has not caught up yet).
    pub fn step_after(&self, answers: &Answers, location: &Option<Location>) -> Route {
        match location {
            None if self.ask_location => return Route::Location,
            Some(Location::At { reach: None, .. }) => return Route::Reach,
            _ => {}
        }
        let within = self.within_of(location);
        match self.session_within(answers, within).next_page().first() {
            Some(f) => Route::Question(f.to_string()),
            None => Route::Check,
        }
    }

    /// Opens a page as a new history entry.
    pub fn go(&self, route: Route) {
        browser::push(&route.href(), &self.state.to_json());
        self.set_route.emit(route);
    }

    /// Records a page's answers and moves on to whatever comes next given them: when changing
    /// answers from the results or check-your-answers, the next question on the way, a
    /// follow-up the change opened, or back there.
    pub fn answer(&self, given: Vec<(String, Answer)>) {
        let mut answers = self.state.answers.clone();
        for (fact, answer) in &given {
            answers.set(fact.clone(), answer.clone());
        }
        let mut next = self.next_step(&answers);
        if let Some(r) = &self.state.returning {
            let queue: Vec<String> = (r.queue.iter())
                .filter(|f| !given.iter().any(|(g, _)| g == *f))
                .cloned()
                .collect();
            // A follow-up the change opened is asked on the way; anything else waits.
            let opened = |f: &str| {
                (self.screener.fact(f).and_then(|f| f.follows.as_ref()))
                    .is_some_and(|x| given.iter().any(|(g, _)| *g == x.fact))
            };
            let back = match (queue.first(), &next) {
                (Some(f), _) => Some(Route::Question(f.clone())),
                (None, Route::Question(f)) if opened(f) => None,
                (None, _) => Some(r.to.clone()),
            };
            let done = queue.is_empty() && back.is_some();
            self.state.dispatch(Action::Return(
                (!done).then(|| Returning { queue, ..r.clone() }),
            ));
            if let Some(b) = back {
                next = b;
            }
        }
        for (fact, answer) in given {
            self.state.dispatch(Action::Answer(fact, answer));
        }
        self.go(next);
    }

    /// Opens the first of `facts` to change or give answers, then the rest, then goes back to
    /// `to`; `giving`: the patient came to give values, so "I don't know" starts unticked.
    pub fn change(&self, facts: Vec<String>, to: Route, giving: bool) {
        let Some(first) = facts.first().cloned() else {
            return;
        };
        self.dispatch(Action::Return(Some(Returning {
            to,
            giving: if giving { facts.clone() } else { vec![] },
            queue: facts,
        })));
        self.go(Route::Question(first));
    }

    pub fn dispatch(&self, action: Action) {
        self.state.dispatch(action);
    }
}

#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("pages are rendered inside the app")
}

/// On a page a change of answers returns to (results, check your answers): back here, any
/// change started from a page is over.
#[hook]
pub fn use_change_over() {
    let ctx = use_app();
    use_effect_with((), move |_| {
        if ctx.state.returning.is_some() {
            ctx.dispatch(Action::Return(None));
        }
    });
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
    ctx.boot.titled(&full);
    use_effect_with(full, |full| browser::set_title(full));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::{Point, Reach};

    fn screener(trials: usize) -> Rc<Screener> {
        let mut file: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/mini.json")).unwrap();
        file["trials"].as_array_mut().unwrap().truncate(trials);
        Rc::new(Screener::load(&file.to_string()).unwrap())
    }

    #[test]
    fn reach_is_worked_out_again_for_a_previewed_file_with_other_trials() {
        let paris = Some(Location::At {
            label: "Paris".into(),
            point: Point {
                lat: 48.85,
                lon: 2.35,
            },
            country: Some("FR".into()),
            reach: Some(Reach::Country),
        });
        let (published, previewed) = (screener(2), screener(1));
        let mut cache = None;
        // The French trial is in reach, the Korean one is not.
        assert_eq!(
            within(&mut cache, &published, &paris),
            Some(vec![true, false])
        );
        assert_eq!(within(&mut cache, &previewed, &paris), Some(vec![true]));
        assert_eq!(within(&mut cache, &published, &None), None);
    }
}
