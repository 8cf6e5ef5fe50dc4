//! One pass over a trials file's JSON text that builds nothing: it checks the syntax and finds
//! what the typed model cannot see (a `null`, which serde reads as "absent", and fields beside
//! a yes/no answer's `type`), naming each by its JSON path.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt::{self, Write};

/// A problem found by the pass: its JSON path and message.
pub type Problem = (String, String);

/// Walks `text`; `Err` is a syntax error (serde_json's, with its line and column).
pub fn walk(text: &str) -> Result<Vec<Problem>, serde_json::Error> {
    walk_with(text, true)
}

/// The keys given twice in one object, anywhere in a JSON `text`, each at the path of its
/// second (and any later) one: a reader that builds a map keeps only the last, silently.
/// Empty for text that is not JSON (its reader reports that).
pub fn duplicate_keys(text: &str) -> Vec<Problem> {
    walk_with(text, false).unwrap_or_default()
}

fn walk_with(text: &str, trials: bool) -> Result<Vec<Problem>, serde_json::Error> {
    let mut w = Walk {
        trials,
        ..Walk::default()
    };
    let mut de = serde_json::Deserializer::from_str(text);
    Value(&mut w).deserialize(&mut de)?;
    de.end()?;
    Ok(w.problems)
}

#[derive(Default)]
struct Walk {
    /// Whether the text is a trials file, whose nulls and yes/no answers are checked too.
    trials: bool,
    /// The path of the value being read; extended and cut back as the walk goes in and out,
    /// so it is written out only where a problem is found.
    path: String,
    problems: Vec<Problem>,
}

impl Walk {
    fn problem(&mut self, message: String) {
        self.problems.push((self.path.clone(), message));
    }

    fn key(&mut self, key: &str) {
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
    }

    /// Whether the walk is at a fact's answer, `facts[i].answer`.
    fn at_answer(&self) -> bool {
        self.path.starts_with("facts[")
            && self.path.ends_with("].answer")
            && self.path.matches('.').count() == 1
    }
}

struct Value<'w>(&'w mut Walk);

impl<'de> DeserializeSeed<'de> for Value<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Value<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        if !self.0.trials {
            return Ok(());
        }
        self.0.problem(
            "expected a value, not null; to leave an optional field empty, remove it".into(),
        );
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let w = self.0;
        let len = w.path.len();
        for i in 0.. {
            let _ = write!(w.path, "[{i}]");
            let more = seq.next_element_seed(Value(w))?.is_some();
            w.path.truncate(len);
            if !more {
                break;
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let w = self.0;
        let answer = w.trials && w.at_answer();
        let len = w.path.len();
        let mut yes_no = false;
        let mut others = vec![];
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key_seed(Key)? {
            w.key(&key);
            if !seen.insert(key.clone()) {
                w.problem(format!("\"{key}\" is given twice in this object: keep one"));
            }
            if answer && key == "type" {
                let kind: serde_json::Value = map.next_value()?;
                if kind.is_null() {
                    Value(w).visit_unit::<A::Error>()?;
                }
                yes_no = kind == "yes_no";
            } else {
                map.next_value_seed(Value(w))?;
                if answer {
                    others.push(key.into_owned());
                }
            }
            w.path.truncate(len);
        }
        if yes_no {
            for key in others {
                w.key(&key);
                w.problem(format!(
                    "unknown field `{key}`, expected only `type` for a yes/no answer"
                ));
                w.path.truncate(len);
            }
        }
        Ok(())
    }
}

/// An object's key, borrowed from the text unless it has escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_null_by_its_path() {
        let p = walk(r#"{"a": [1, {"b": null}], "c": {"d": null}, "e": "null"}"#).unwrap();
        let paths: Vec<&str> = p.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["a[1].b", "c.d"]);
        assert!(p[0].1.starts_with("expected a value, not null"));
    }

    #[test]
    fn a_null_at_the_top_has_the_empty_path() {
        assert_eq!(walk("null").unwrap()[0].0, "");
    }

    #[test]
    fn refuses_fields_beside_a_yes_no_type_wherever_they_are() {
        let p = walk(
            r#"{"facts": [{"answer": {"type": "number", "min": 1}},
                          {"answer": {"min": 1, "type": "yes_no", "ma\u0078": 2}}],
                "trials": [{"answer": {"type": "yes_no", "x": 1}}]}"#,
        )
        .unwrap();
        assert_eq!(
            p,
            [
                (
                    "facts[1].answer.min".to_string(),
                    "unknown field `min`, expected only `type` for a yes/no answer".to_string()
                ),
                (
                    "facts[1].answer.max".to_string(),
                    "unknown field `max`, expected only `type` for a yes/no answer".to_string()
                ),
            ]
        );
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let e = walk("{\n  \"a\": [1,, 2]\n}").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 11));
        assert!(walk("{} x").is_err());
        assert!(walk("").is_err());
    }
}
