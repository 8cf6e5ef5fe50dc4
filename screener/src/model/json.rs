//! A JSON text as a tree that keeps every object's keys in order, a repeated key too: read in
//! one pass by serde_json's parser, then read into the model by `read` with each problem at
//! its JSON path. One generic reader builds it, so the model's types are not each compiled
//! over serde_json's parser.

use super::read::Stream;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt::{self, Write};

/// A JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Number),
    Str(String),
    List(Vec<Json>),
    /// Members in the order written, a key given twice kept twice.
    Object(Vec<(String, Json)>),
}

/// A number as serde_json read it: whole numbers keep their exact value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Unsigned(n) => n as f64,
            Number::Signed(n) => n as f64,
            Number::Float(x) => x,
        }
    }
}

impl Json {
    /// Reads `text`; `Err` is a syntax error, with serde_json's line and column.
    pub fn parse(text: &str) -> Result<Json, serde_json::Error> {
        Self::parse_with(text, Tree(None))
    }

    /// Reads `text` as serde_json's `Value`, through this parser: the app then carries one
    /// instance of serde_json's parser, not a second for `Value`. A key given twice keeps the
    /// last, as serde_json reads it.
    pub fn parse_value(text: &str) -> Result<serde_json::Value, serde_json::Error> {
        Self::parse(text).map(Json::into_value)
    }

    /// As [`Json::parse`], handing the items of the top-level object's streamed list to
    /// `stream` as they are parsed; that member is left out of the tree.
    pub(crate) fn parse_streaming(
        text: &str,
        stream: &mut Stream,
    ) -> Result<Json, serde_json::Error> {
        Self::parse_with(text, Tree(Some((stream, true))))
    }

    fn parse_with(text: &str, tree: Tree) -> Result<Json, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let v = de.deserialize_any(tree)?;
        de.end()?;
        Ok(v)
    }

    /// How a message names this value when it is not what was expected, as serde does in
    /// plain words: `text "10"`, `number `5``, `a list`.
    pub fn unexpected(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => format!("`{b}`"),
            Json::Number(Number::Unsigned(n)) => format!("number `{n}`"),
            Json::Number(Number::Signed(n)) => format!("number `{n}`"),
            Json::Number(Number::Float(x)) => format!("number `{}`", serde_json::Value::from(*x)),
            Json::Str(s) => format!("text {s:?}"),
            Json::List(_) => "a list".into(),
            Json::Object(_) => "an object".into(),
        }
    }

    /// The same value as serde_json's, for readers written over it (answers). A key given
    /// twice keeps the last, as serde_json reads it.
    pub fn into_value(self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(b),
            Json::Number(Number::Unsigned(n)) => n.into(),
            Json::Number(Number::Signed(n)) => n.into(),
            Json::Number(Number::Float(x)) => x.into(),
            Json::Str(s) => Value::String(s),
            Json::List(items) => Value::Array(items.into_iter().map(Json::into_value).collect()),
            Json::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k, v.into_value()))
                    .collect(),
            ),
        }
    }

    /// Every key given twice in one object, anywhere in the tree, at the path of its second
    /// (and any later) one, with what to do about it.
    pub fn repeated_keys(&self) -> Vec<(String, String)> {
        self.repeated_keys_at("")
    }

    /// As [`Json::repeated_keys`], for this value found at `path`.
    pub fn repeated_keys_at(&self, path: &str) -> Vec<(String, String)> {
        let mut found = vec![];
        self.find_repeated(&mut path.to_string(), &mut found);
        found
    }

    fn find_repeated(&self, path: &mut String, found: &mut Vec<(String, String)>) {
        let len = path.len();
        match self {
            Json::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    let _ = write!(path, "[{i}]");
                    item.find_repeated(path, found);
                    path.truncate(len);
                }
            }
            Json::Object(members) => {
                for (i, (key, value)) in members.iter().enumerate() {
                    push_key(path, key);
                    if members[..i].iter().any(|(k, _)| k == key) {
                        found.push((path.clone(), repeated(key)));
                    }
                    value.find_repeated(path, found);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
}

/// `text` without the spaces, tabs and line breaks between its tokens, each token as written
/// (keys in their order, numbers as typed, strings untouched): what a browser downloads of a
/// file published beside the page. `None` when `text` is not JSON; it is then published as it
/// is, so that `check` still points at the clinic's own lines.
pub fn compact(text: &str) -> Option<String> {
    let text = crate::engine::without_bom(text);
    Json::parse(text).ok()?;
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    Some(out)
}

/// What to do about a key given twice in one object.
pub fn repeated(key: &str) -> String {
    format!("\"{key}\" is given twice in this object: keep one")
}

/// Extends a JSON path by an object's key.
pub fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// Builds a [`Json`] from any value serde_json reads; given a [`Stream`] (and whether the value
/// is the top level), a top-level member the stream takes is handed to it item by item. One
/// visitor for both, so that serde_json's parser is compiled once for the tree.
struct Tree<'s>(Option<(&'s mut Stream, bool)>);

impl<'de> de::Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(Tree(None))
    }
}

impl<'de> de::DeserializeSeed<'de> for Tree<'_> {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tree<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(Number::Signed(n)))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(Number::Unsigned(n)))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Json, E> {
        Ok(Json::Number(Number::Float(x)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::Str(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::Str(s))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        // Given below the top level, the stream is given for the value of the member it takes.
        if let Some((stream, false)) = self.0 {
            let mut i = 0;
            while let Some(item) = seq.next_element()? {
                stream.item(i, item);
                i += 1;
            }
            stream.end_list();
            return Ok(Json::Null);
        }
        let mut items = vec![];
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = vec![];
        let mut stream = self.0.and_then(|(s, top)| top.then_some(s));
        while let Some(key) = map.next_key::<String>()? {
            match stream.as_deref_mut().filter(|s| s.streams(&key)) {
                Some(s) => {
                    let value = map.next_value_seed(Tree(Some((&mut *s, false))))?;
                    // A value that is not a list stays in the tree, for reading to refuse.
                    if s.streams(&key) {
                        members.push((key, value));
                    }
                }
                None => members.push((key, map.next_value()?)),
            }
        }
        Ok(Json::Object(members))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_compact_file_holds_every_token_as_written_and_nothing_between() {
        let text = "\u{feff}{ \"a b\" : [ 1.50 , -2e3, \"x \\\" y\\\\\" ],\r\n\t\"a b\": {\"\\u00e9\": true } }";
        let compact = super::compact(text).unwrap();
        assert_eq!(
            compact,
            "{\"a b\":[1.50,-2e3,\"x \\\" y\\\\\"],\"a b\":{\"\\u00e9\":true}}"
        );
        assert_eq!(
            super::Json::parse(&compact).unwrap(),
            super::Json::parse(&text[3..]).unwrap()
        );
        assert_eq!(super::compact(&compact).as_deref(), Some(compact.as_str()));
        assert_eq!(super::compact("{\"a\": 1,}"), None);
        let trials = include_str!("../../../trials.json");
        let published = super::compact(trials).unwrap();
        assert!(
            published.len() * 10 < trials.len() * 8,
            "{} of {}",
            published.len(),
            trials.len()
        );
        assert_eq!(
            super::Json::parse(&published).unwrap(),
            super::Json::parse(trials).unwrap()
        );
    }

    use super::*;

    #[test]
    fn keeps_order_repeats_and_exact_whole_numbers() {
        let v =
            Json::parse(r#"{"b": [1, -2, 2.5, 18446744073709551615], "a": null, "b": "x\u0041"}"#)
                .unwrap();
        let Json::Object(m) = &v else { panic!("{v:?}") };
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(
            m[0].1,
            Json::List(vec![
                Json::Number(Number::Unsigned(1)),
                Json::Number(Number::Signed(-2)),
                Json::Number(Number::Float(2.5)),
                Json::Number(Number::Unsigned(u64::MAX)),
            ])
        );
        assert_eq!(m[2].1, Json::Str("xA".into()));
        assert_eq!(v.repeated_keys(), [("b".to_string(), repeated("b"))]);
        assert_eq!(
            v.into_value()["b"],
            "xA",
            "the last of a repeated key, as serde_json"
        );
    }

    #[test]
    fn finds_repeated_keys_at_any_depth_and_not_across_objects() {
        let v = Json::parse(r#"{"a": [{"k": 1, "k": 2, "k": 3}], "c": {"k": 1}, "d": {"k": 2}}"#)
            .unwrap();
        let paths: Vec<String> = v.repeated_keys().into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, ["a[0].k", "a[0].k"]);
    }

    #[test]
    fn names_unexpected_values_in_plain_words() {
        let said: Vec<String> = [
            "null", "true", "5", "-5", "5.0", "1e300", "\"10\"", "[]", "{}",
        ]
        .iter()
        .map(|t| Json::parse(t).unwrap().unexpected())
        .collect();
        assert_eq!(
            said,
            [
                "null",
                "`true`",
                "number `5`",
                "number `-5`",
                "number `5.0`",
                "number `1e+300`",
                "text \"10\"",
                "a list",
                "an object"
            ]
        );
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let e = Json::parse("{\n  \"a\": [1,, 2]\n}").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 11));
        assert!(Json::parse("{} x").is_err());
        assert!(Json::parse("").is_err());
    }
}
