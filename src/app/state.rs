//! The app's state: the patient's answers, location, language, and whether they asked to save.
//! One reducer; every change goes through an `Action`.

use crate::engine::{Dropped, Screener};
use crate::geo::{Location, Reach};
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
    /// Saved answers that could not be restored, shown until the patient answers again; the
    /// copy saved on the device is not written over while they are.
    pub dropped: Vec<Dropped>,
}

pub enum Action {
    Answer(String, Answer),
    Locate(Location),
    /// How far the patient could travel, for the place already given.
    Reach(Reach),
    /// Answers from a share link, a saved file or the device, with those that no longer fit.
    Restore {
        answers: Answers,
        location: Option<Location>,
        dropped: Vec<Dropped>,
    },
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
            Action::Answer(fact, answer) => {
                s.answers.set(fact, answer);
                s.dropped.clear();
            }
            Action::Locate(l) => s.location = Some(l),
            Action::Reach(r) => {
                if let Some(Location::At { reach, .. }) = &mut s.location {
                    *reach = Some(r);
                }
            }
            Action::Restore {
                answers,
                location,
                dropped,
            } => {
                s.answers = answers;
                s.location = location;
                s.dropped = dropped;
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

/// Restores saved answers (a link, this tab's history, the device or a file): every answer
/// that still fits, and those that do not, to be shown. `None` when the text is not saved
/// answers at all.
pub fn restore(screener: &Screener, text: &str) -> Option<Action> {
    let restored = screener.restore_answers(text).ok()?;
    Some(Action::Restore {
        answers: restored.answers,
        location: restored.location,
        dropped: restored.dropped,
    })
}
