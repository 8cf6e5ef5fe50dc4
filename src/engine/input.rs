//! Checks one answer against its fact and turns it into what the rules read. Impossible values
//! are refused here, with a message that says what to enter, and never reach evaluation.

use super::rule::Known;
use crate::model::{Answer, Fact, FactKind};
use crate::units;
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
                    round_limit(*min),
                    round_limit(*max)
                )
            }
            AnswerError::NotWhole => write!(f, "enter a whole number"),
            AnswerError::BadUpperLimit => write!(f, "enter the upper limit as a number above 0"),
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
    let digits = 4 - x.abs().log10().ceil() as i32;
    let p = 10f64.powi(digits.max(0));
    (x * p).round() / p
}

pub fn check(fact: &Fact, answer: &Answer) -> Result<(), AnswerError> {
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
            },
            Answer::Number { value, unit },
        ) => {
            let q = units::quantity(quantity).ok_or(WrongShape {
                expected: "a known quantity",
            })?;
            let u = q.unit(unit).ok_or_else(|| UnknownUnit {
                unit: unit.clone(),
                accepted: q.units.iter().map(|u| u.id).collect(),
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
pub fn known(fact: &Fact, answer: Option<&Answer>) -> Known {
    match answer {
        Some(a) if check(fact, a).is_ok() => resolve(fact, a),
        _ => Known::Missing,
    }
}

/// What the rules read from a checked answer.
pub fn resolve(fact: &Fact, answer: &Answer) -> Known {
    let index = |id: &String| fact.answer.options().iter().position(|o| &o.id == id);
    match answer {
        Answer::Unknown => Known::DontKnow,
        Answer::Bool(b) => Known::Bool(*b),
        Answer::Number { value, unit } => {
            let base = match &fact.answer {
                FactKind::Number { quantity, .. } => units::quantity(quantity)
                    .and_then(|q| q.unit(unit))
                    .map(|u| u.to_base(*value)),
                _ => None,
            };
            base.map_or(Known::Missing, |v| Known::Range(v, v))
        }
        Answer::OfUpperLimit { value, upper_limit } => {
            let r = value / upper_limit;
            Known::Range(r, r)
        }
        Answer::WithinNormal => Known::Range(0.0, 1.0),
        Answer::Choice(c) => index(c).map_or(Known::Missing, Known::Choice),
        Answer::Multi(cs) => Known::Multi(cs.iter().filter_map(index).collect()),
    }
}
