//! A patient's answers, keyed by fact id, in the form the answers file and the share link use.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One answer. Its shape in JSON: `"unknown"`, `true`/`false`, `{"value": 1.2, "unit": "mg/dL"}`,
/// `{"value": 120, "upper_limit": 40}`, `"normal"`, `"option-id"`, `["option-id", …]` or
/// `{"date": "2025-05", "about": true}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// "I don't know".
    Unknown,
    Bool(bool),
    Number {
        value: f64,
        unit: String,
    },
    /// A lab value and the upper limit of normal printed beside it, in the same unit.
    OfUpperLimit {
        value: f64,
        upper_limit: f64,
    },
    /// The report shows the value inside the normal range.
    WithinNormal,
    Choice(String),
    Multi(Vec<String>),
    /// A date as precise as the patient knows it, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `about`
    /// when they are not sure of it.
    Date {
        date: String,
        about: bool,
    },
}

impl Answer {
    pub fn to_json(&self) -> Value {
        match self {
            Answer::Unknown => json!("unknown"),
            Answer::Bool(b) => json!(b),
            Answer::Number { value, unit } => json!({"value": value, "unit": unit}),
            Answer::OfUpperLimit { value, upper_limit } => {
                json!({"value": value, "upper_limit": upper_limit})
            }
            Answer::WithinNormal => json!("normal"),
            Answer::Choice(c) => json!(c),
            Answer::Multi(v) => json!(v),
            Answer::Date { date, about: false } => json!({"date": date}),
            Answer::Date { date, about: true } => json!({"date": date, "about": true}),
        }
    }

    pub fn from_json(v: &Value) -> Result<Answer, String> {
        Ok(match v {
            Value::String(s) if s == "unknown" => Answer::Unknown,
            Value::String(s) if s == "normal" => Answer::WithinNormal,
            Value::String(s) => Answer::Choice(s.clone()),
            Value::Bool(b) => Answer::Bool(*b),
            Value::Array(items) => Answer::Multi(
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect::<Option<_>>()
                    .ok_or("a list of answers must hold option ids (strings)")?,
            ),
            Value::Object(o) if o.contains_key("date") => Answer::Date {
                date: o["date"]
                    .as_str()
                    .ok_or("\"date\" must be text such as \"2025-05\"")?
                    .to_string(),
                about: match o.get("about") {
                    None => false,
                    Some(v) => v.as_bool().ok_or("\"about\" must be true or false")?,
                },
            },
            Value::Object(o) => {
                let value = o
                    .get("value")
                    .and_then(Value::as_f64)
                    .ok_or("a number answer needs \"value\" as a number")?;
                if let Some(ul) = o.get("upper_limit") {
                    let upper_limit = ul.as_f64().ok_or("\"upper_limit\" must be a number")?;
                    Answer::OfUpperLimit { value, upper_limit }
                } else {
                    let unit = o
                        .get("unit")
                        .and_then(Value::as_str)
                        .ok_or("a number answer needs its \"unit\", e.g. {\"value\": 1.2, \"unit\": \"mg/dL\"}")?;
                    Answer::Number {
                        value,
                        unit: unit.to_string(),
                    }
                }
            }
            Value::Number(_) => {
                return Err(
                    "give a number with its unit, e.g. {\"value\": 45, \"unit\": \"years\"}".into(),
                )
            }
            Value::Null => return Err("use \"unknown\" for \"I don't know\"".into()),
        })
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Answer::from_json(&Value::deserialize(d)?).map_err(D::Error::custom)
    }
}

/// Every answer given so far, by fact id. A fact not present has not been asked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, Answer>);

impl Answers {
    pub fn get(&self, fact: &str) -> Option<&Answer> {
        self.0.get(fact)
    }

    pub fn set(&mut self, fact: impl Into<String>, answer: Answer) {
        self.0.insert(fact.into(), answer);
    }

    pub fn remove(&mut self, fact: &str) {
        self.0.remove(fact);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
