//! The app's state: the patient's answers, location, language, and whether they asked to save.
//! One reducer; every change goes through an `Action`.

use crate::geo::Location;
use crate::model::{Answer, Answers};
use serde_json::Value;
use std::rc::Rc;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Every answer given, including those a later change took off the path.
    pub answers: Answers,
    /// `None` until the location step is answered or skipped.
    pub location: Option<Location>,
    /// The patient's locale, e.g. "en-US".
    pub locale: String,
    /// The patient asked to keep answers on this device.
    pub saved: bool,
    /// Answers were just forgotten: the start page says so.
    pub forgotten: bool,
}

pub enum Action {
    Answer(String, Answer),
    Locate(Location),
    /// Answers from a share link, a saved file or the device.
    Restore(Answers, Option<Location>),
    Locale(String),
    Save,
    Forget,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.forgotten = false;
        match action {
            Action::Answer(fact, answer) => s.answers.set(fact, answer),
            Action::Locate(l) => s.location = Some(l),
            Action::Restore(answers, location) => {
                s.answers = answers;
                s.location = location;
            }
            Action::Locale(l) => s.locale = l,
            Action::Save => s.saved = true,
            Action::Forget => {
                s = AppState {
                    locale: s.locale,
                    forgotten: true,
                    ..AppState::default()
                };
            }
        }
        Rc::new(s)
    }
}

impl AppState {
    /// The answers in the saved-answers format: fact id → answer, plus `$location`.
    pub fn to_json(&self) -> String {
        let mut v = serde_json::to_value(&self.answers).unwrap_or(Value::Null);
        if let (Some(l), Value::Object(map)) = (&self.location, &mut v) {
            map.insert(Location::KEY.into(), l.to_json());
        }
        v.to_string()
    }
}
