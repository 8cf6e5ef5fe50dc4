//! Checks one answer against its fact and turns it into what the rules read. Impossible values
//! are refused here, with a message that says what to enter, and never reach evaluation.

use super::check::Date;
use super::rule::Known;
use crate::model::{Answer, Fact, FactKind};
use crate::units::{self, Body};
use std::fmt;

/// Why an answer was refused.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum AnswerError {
    /// No fact has this id.
    UnknownFact {
        fact: String,
        suggestion: Option<String>,
    },
    /// The answer has the wrong shape for the fact, e.g. a number for a yes/no question.
    WrongShape { expected: &'static str },
    /// "I don't know" is not offered for this fact.
    UnknownNotAllowed,
    /// The unit is not one this fact accepts.
    UnknownUnit {
        unit: String,
        accepted: Vec<&'static str>,
    },
    /// The number is outside what is possible; `min` and `max` are in the unit entered,
    /// `unit` is its symbol and `unit_id` its id.
    OutOfRange {
        min: f64,
        max: f64,
        unit: &'static str,
        unit_id: &'static str,
    },
    /// The fact takes whole numbers only (age in years).
    NotWhole,
    /// The upper limit of normal must be a positive number.
    BadUpperLimit,
    /// Not a date the fact can take: a year, a month or a day, from 1900 on.
    BadDate,
    /// A date after today, for something that has already happened.
    FutureDate,
    /// An option id that the fact does not offer.
    UnknownOption {
        option: String,
        accepted: Vec<String>,
    },
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            AnswerError::UnknownFact { fact, suggestion } => {
                write!(f, "there is no question \"{fact}\"")?;
                if let Some(s) = suggestion {
                    write!(f, "; did you mean \"{s}\"?")?;
                }
                Ok(())
            }
            AnswerError::WrongShape { expected } => write!(f, "expected {expected}"),
            AnswerError::UnknownNotAllowed => write!(f, "choose one of the answers"),
            AnswerError::UnknownUnit { unit, accepted } => {
                write!(
                    f,
                    "\"{unit}\" is not a unit for this test; use one of {}",
                    accepted.join(", ")
                )
            }
            AnswerError::OutOfRange { min, max, unit, .. } => {
                write!(
                    f,
                    "enter a number between {} and {} {unit}",
                    crate::decimal::write_f64(round_limit(*min)),
                    crate::decimal::write_f64(round_limit(*max))
                )
            }
            AnswerError::NotWhole => write!(f, "enter a whole number"),
            AnswerError::BadUpperLimit => write!(f, "enter the upper limit as a number above 0"),
            AnswerError::BadDate => write!(
                f,
                "enter a year (2025), a month (2025-05) or a day (2025-05-12), from 1900 on"
            ),
            AnswerError::FutureDate => write!(f, "enter a date that is not after today"),
            AnswerError::UnknownOption { option, accepted } => {
                write!(
                    f,
                    "\"{option}\" is not an answer to this question; use one of {}",
                    accepted.join(", ")
                )
            }
        }
    }
}

/// Rounds a converted limit for display (3000 µmol/L is 33.94 mg/dL, not 33.936651…).
pub fn round_limit(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 4 - crate::math::order_up(x);
    let p = 10f64.powi(digits.max(0));
    (x * p).round() / p
}

/// Checks an answer against its fact; `today` (days since 1970-01-01), when known, refuses
/// dates after it.
pub fn check(fact: &Fact, answer: &Answer, today: Option<i64>) -> Result<(), AnswerError> {
    use AnswerError::*;
    if *answer == Answer::Unknown {
        return if fact.unknown_allowed {
            Ok(())
        } else {
            Err(UnknownNotAllowed)
        };
    }
    match (&fact.answer, answer) {
        (FactKind::YesNo, Answer::Bool(_)) => Ok(()),
        (FactKind::YesNo, _) => Err(WrongShape {
            expected: "true or false",
        }),
        (
            FactKind::Number {
                quantity,
                min,
                max,
                whole,
                ..
            },
            Answer::Number { value, unit },
        ) => {
            let q = units::quantity(quantity).ok_or(WrongShape {
                expected: "a known quantity",
            })?;
            let offered = fact.answer.offered_units();
            let u = q
                .unit(unit)
                .filter(|u| offered.iter().any(|o| o.id == u.id))
                .ok_or_else(|| UnknownUnit {
                    unit: unit.clone(),
                    accepted: offered.iter().map(|u| u.id).collect(),
                })?;
            let base = u.to_base(*value);
            let in_range = value.is_finite()
                && units::compare(base, *min) != std::cmp::Ordering::Less
                && units::compare(base, *max) != std::cmp::Ordering::Greater;
            if !in_range {
                return Err(OutOfRange {
                    min: u.from_base(*min),
                    max: u.from_base(*max),
                    unit: u.symbol,
                    unit_id: u.id,
                });
            }
            if *whole && value.fract() != 0.0 {
                return Err(NotWhole);
            }
            Ok(())
        }
        (FactKind::Number { .. }, _) => Err(WrongShape {
            expected: "{\"value\": number, \"unit\": unit id}",
        }),
        (FactKind::UpperLimitRatio { .. }, Answer::WithinNormal) => Ok(()),
        (FactKind::UpperLimitRatio { max }, Answer::OfUpperLimit { value, upper_limit }) => {
            if !(upper_limit.is_finite() && *upper_limit > 0.0) {
                return Err(BadUpperLimit);
            }
            if !(value.is_finite() && *value >= 0.0 && *value <= upper_limit * max) {
                return Err(OutOfRange {
                    min: 0.0,
                    max: upper_limit * max,
                    unit: "",
                    unit_id: "",
                });
            }
            Ok(())
        }
        (FactKind::UpperLimitRatio { .. }, _) => Err(WrongShape {
            expected: "{\"value\": number, \"upper_limit\": number} or \"normal\"",
        }),
        (FactKind::Choice { options }, Answer::Choice(c)) => {
            known_options(options, std::slice::from_ref(c))
        }
        (FactKind::Choice { .. }, _) => Err(WrongShape {
            expected: "one option id",
        }),
        (FactKind::Multi { options }, Answer::Multi(cs)) => known_options(options, cs),
        (FactKind::Multi { .. }, _) => Err(WrongShape {
            expected: "a list of option ids ([] for none of these)",
        }),
        (FactKind::Date, Answer::Date { date, .. }) => {
            let (first, _) = Date::span(date).ok_or(BadDate)?;
            match today {
                Some(today) if first.days_since_epoch() > today => Err(FutureDate),
                _ => Ok(()),
            }
        }
        (FactKind::Date, _) => Err(WrongShape {
            expected: "{\"date\": \"YYYY-MM\"}",
        }),
    }
}

fn known_options(options: &[crate::model::Choice], chosen: &[String]) -> Result<(), AnswerError> {
    match chosen.iter().find(|c| !options.iter().any(|o| &o.id == *c)) {
        None => Ok(()),
        Some(c) => Err(AnswerError::UnknownOption {
            option: c.clone(),
            accepted: options.iter().map(|o| o.id.clone()).collect(),
        }),
    }
}

/// What the rules read from an answer, if any: one that fails its checks counts as not given,
/// so an impossible value can never decide a verdict.
pub fn known(fact: &Fact, answer: Option<&Answer>, today: Option<i64>) -> Known {
    match answer {
        Some(a) if check(fact, a, today).is_ok() => resolve(fact, a, today),
        _ => Known::Missing,
    }
}

/// How far "about" stretches a date, each way: a quarter of a year around a month or a day,
/// half a year around a year.
const ABOUT_DAYS: i64 = 92;
const ABOUT_YEAR_DAYS: i64 = 183;

/// How many days ago a date answer can be, as a range: every day it can mean, widened when
/// it is "about", and never after today. Without today's date it decides nothing.
fn days_ago(date: &str, about: bool, today: Option<i64>) -> Option<(f64, f64)> {
    let today = today?;
    let (first, last) = Date::span(date)?;
    let (mut first, mut last) = (first.days_since_epoch(), last.days_since_epoch());
    if about {
        let widen = if date.len() == 4 {
            ABOUT_YEAR_DAYS
        } else {
            ABOUT_DAYS
        };
        first -= widen;
        last += widen;
    }
    let last = last.min(today);
    Some(((today - last) as f64, (today - first).max(0) as f64))
}

/// What the rules read from a checked answer: numbers in their base unit (a dose per
/// kilogram or square metre stays so, for the rule to scale), dates as days ago.
pub fn resolve(fact: &Fact, answer: &Answer, today: Option<i64>) -> Known {
    let index = |id: &String| fact.answer.options().iter().position(|o| &o.id == id);
    match answer {
        Answer::Unknown => Known::DontKnow,
        Answer::Bool(b) => Known::Bool(*b),
        Answer::Number { value, unit } => {
            let unit = match &fact.answer {
                FactKind::Number { quantity, .. } => {
                    units::quantity(quantity).and_then(|q| q.unit(unit))
                }
                _ => None,
            };
            match unit {
                None => Known::Missing,
                Some(u) if u.body == Body::Whole => {
                    Known::Range(u.to_base(*value), u.to_base(*value))
                }
                Some(u) => Known::PerBody(u.to_base(*value), u.body),
            }
        }
        Answer::Date { date, about } => match days_ago(date, *about, today) {
            Some((lo, hi)) => Known::Range(lo, hi),
            None => Known::DontKnow,
        },
        Answer::OfUpperLimit { value, upper_limit } => {
            let r = value / upper_limit;
            Known::Range(r, r)
        }
        Answer::WithinNormal => Known::Range(0.0, 1.0),
        Answer::Choice(c) => index(c).map_or(Known::Missing, Known::Choice),
        Answer::Multi(cs) => Known::Multi(cs.iter().filter_map(index).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_fact() -> Fact {
        serde_json::from_value(serde_json::json!({
            "id": "stopped", "group": "g", "answer": {"type": "date"},
            "question": {"en": "When?"}, "why": {"en": "Why."}
        }))
        .unwrap()
    }

    fn today() -> Option<i64> {
        Some(Date::parse("2026-12-01").unwrap().days_since_epoch())
    }

    fn ago(date: &str, about: bool) -> Known {
        let a = Answer::Date {
            date: date.into(),
            about,
        };
        known(&date_fact(), Some(&a), today())
    }

    #[test]
    fn a_date_is_every_day_it_can_mean_counted_back_from_today() {
        assert_eq!(ago("2026-11-30", false), Known::Range(1.0, 1.0));
        assert_eq!(ago("2026-11", false), Known::Range(1.0, 30.0));
        assert_eq!(
            ago("2026-12", false),
            Known::Range(0.0, 0.0),
            "not after today"
        );
        assert_eq!(ago("2025", false), Known::Range(335.0, 699.0));
        let Known::Range(lo, hi) = ago("2026-05", true) else {
            panic!("a range")
        };
        assert_eq!(
            (lo, hi),
            (184.0 - 92.0, 214.0 + 92.0),
            "about: a quarter either way"
        );
    }

    #[test]
    fn dates_that_cannot_be_are_refused_saying_what_to_enter() {
        let f = date_fact();
        let check_date = |d: &str| {
            let a = Answer::Date {
                date: d.into(),
                about: false,
            };
            check(&f, &a, today())
        };
        assert_eq!(check_date("2027-01"), Err(AnswerError::FutureDate));
        assert_eq!(check_date("1899"), Err(AnswerError::BadDate));
        assert_eq!(check_date("2025-13"), Err(AnswerError::BadDate));
        assert_eq!(check_date("2025-02-30"), Err(AnswerError::BadDate));
        assert_eq!(check_date("May 2025"), Err(AnswerError::BadDate));
        // Seven bytes, as "2025-05" is, but not ASCII: refused, not sliced mid-character.
        assert_eq!(check_date("5O\u{a14f}\u{26c}"), Err(AnswerError::BadDate));
        assert_eq!(check_date("2025-\u{e9}"), Err(AnswerError::BadDate));
        assert_eq!(check_date("2026-12"), Ok(()));
        assert_eq!(check_date("2024-02-29"), Ok(()));
        assert!(AnswerError::BadDate.to_string().contains("2025-05"));
        // Without today's date nothing is decided, and nothing is refused as future.
        let a = Answer::Date {
            date: "2030".into(),
            about: false,
        };
        assert_eq!(check(&f, &a, None), Ok(()));
        assert_eq!(known(&f, Some(&a), None), Known::DontKnow);
    }
}
