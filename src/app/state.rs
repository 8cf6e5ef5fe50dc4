//! The app's state: the patient's answers, location, language, and whether they asked to save.
//! One reducer; every change goes through an `Action`.

use crate::engine::{Dropped, Screener};
use crate::geo::{Location, Reach};
use crate::model::{Answer, Answers};
use crate::route::Route;
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
    /// When they did (a date, 2026-12-01), for the start page to say.
    pub saved_on: Option<String>,
    /// Changing answers from the results or check-your-answers: where to go back to.
    pub returning: Option<Returning>,
    /// Answers were just forgotten: the start page says so.
    pub forgotten: bool,
    /// Saved answers that could not be restored, shown until the patient answers again; the
    /// copy saved on the device is not written over while they are.
    pub dropped: Vec<Dropped>,
}

/// A change of answers the patient started from a page they go back to afterwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Returning {
    /// Results, or check your answers.
    pub to: Route,
    /// The questions still to answer on the way ("Answer these now"), in order.
    pub queue: Vec<String>,
    /// Facts the patient came to give a value for: their "I don't know" starts unticked.
    pub giving: Vec<String>,
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
    /// Keep answers on this device, saved on this date (none: keep the date known).
    Save(Option<String>),
    Forget,
    Return(Option<Returning>),
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
            Action::Save(on) => {
                s.saved = true;
                s.saved_on = on.or(s.saved_on);
            }
            Action::Return(r) => s.returning = r,
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
        self.json(false)
    }

    /// As [`AppState::to_json`], with the date saved under `$saved`, for the device's copy.
    pub fn to_saved_json(&self) -> String {
        self.json(true)
    }

    fn json(&self, dated: bool) -> String {
        let mut v = serde_json::to_value(&self.answers).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut v {
            if let Some(l) = &self.location {
                map.insert(Location::KEY.into(), l.to_json());
            }
            if let (true, Some(on)) = (dated, &self.saved_on) {
                map.insert(SAVED.into(), Value::String(on.clone()));
            }
        }
        v.to_string()
    }
}

const SAVED: &str = "$saved";

/// The date a device's copy of the answers was saved, when it says.
pub fn saved_on(text: &str) -> Option<String> {
    let v = crate::model::json::Json::parse_value(crate::engine::without_bom(text)).ok()?;
    let on = v.get(SAVED)?.as_str()?;
    // A date as written (2026-12-01), nothing else.
    let ok = on.len() == 10
        && on.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    ok.then(|| on.to_string())
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
