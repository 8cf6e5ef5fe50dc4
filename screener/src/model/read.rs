//! Reads the model from a JSON tree, each problem at its JSON path in a clinic's words: a
//! field missing, unknown, given twice, null, or of the wrong kind. Every problem of the text
//! is found in one reading, not only the first.

use super::json::{push_key, repeated, Json, Number};
use super::{
    Answer, Choice, Contact, Criterion, Design, Eligibility, Fact, FactKind, Follows, Group,
    LabTest, Page, Replaces, Site, SiteNames, StatusRecord, Subgroup, Trial, TrialsFile,
};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A problem found in reading: its JSON path and message.
pub type Problem = (String, String);

/// What is said of a null, wherever it stands.
pub const NULL: &str = "expected a value, not null; to leave an optional field empty, remove it";

/// Reads `v` as a `T`, or says every problem found.
pub fn read<T: Read>(v: Json) -> Result<T, Vec<Problem>> {
    let mut cx = Cx::default();
    let t = T::read(v, &mut cx);
    cx.finish(t)
}

/// Reads a trials file's `text`, each trial as soon as it is parsed, so that one trial's tree
/// is held at a time rather than the whole file's (a network's file holds thousands). `Err` is
/// a syntax error, with serde_json's line and column; `Ok(Err(…))` every problem of reading.
pub fn trials_file(text: &str) -> Result<Result<TrialsFile, Vec<Problem>>, serde_json::Error> {
    let mut stream = Stream::default();
    let tree = Json::parse_streaming(text, &mut stream)?;
    let Stream {
        mut cx, streamed, ..
    } = stream;
    let trials = match (tree, streamed) {
        (Json::Object(mut members), Some(trials)) => {
            members.retain(|(key, _)| {
                let again = key == STREAMED;
                if again {
                    cx.at_key(key, |cx| cx.problem(format!("duplicate field `{key}`")));
                }
                !again
            });
            TrialsFile::read_with(Json::Object(members), Some(trials), &mut cx)
        }
        (tree, _) => TrialsFile::read(tree, &mut cx),
    };
    Ok(cx.finish(trials))
}

/// The member of a trials file's top-level object whose list is read item by item.
const STREAMED: &str = "trials";

/// Where a trials file's reading is while it is parsed (see [`trials_file`]).
#[derive(Default)]
pub(crate) struct Stream {
    cx: Cx,
    /// The trials read, once their list has been.
    streamed: Option<Vec<Trial>>,
}

impl Stream {
    /// Whether a top-level member's value is read item by item.
    pub(crate) fn streams(&self, key: &str) -> bool {
        key == STREAMED && self.streamed.is_none()
    }

    /// Item `i` of that list, parsed.
    pub(crate) fn item(&mut self, i: usize, v: Json) {
        let read = (self.cx).at_key(STREAMED, |cx| cx.at_index(i, |cx| Trial::read(v, cx)));
        self.streamed.get_or_insert_with(Vec::new).extend(read);
    }

    /// The list ended (an empty one too).
    pub(crate) fn end_list(&mut self) {
        self.streamed.get_or_insert_with(Vec::new);
    }
}

/// Reads a JSON `text` as a `T`; the first problem as one message (for readers that take
/// one, such as serde's).
pub fn from_text<T: Read>(text: &str) -> Result<T, String> {
    let v = Json::parse(text).map_err(|e| e.to_string())?;
    read(v).map_err(first)
}

/// The first problem as one message: `path: message`.
pub fn first(problems: Vec<Problem>) -> String {
    match problems.into_iter().next() {
        Some((path, message)) if path.is_empty() => message,
        Some((path, message)) => format!("{path}: {message}"),
        None => "could not be read".into(),
    }
}

/// Where reading is, and what it has found wrong so far.
#[derive(Default)]
pub struct Cx {
    path: String,
    problems: Vec<Problem>,
}

impl Cx {
    /// What was read, if nothing was wrong.
    fn finish<T>(self, t: Option<T>) -> Result<T, Vec<Problem>> {
        match t {
            Some(t) if self.problems.is_empty() => Ok(t),
            _ if self.problems.is_empty() => Err(vec![(String::new(), "could not be read".into())]),
            _ => Err(self.problems),
        }
    }

    pub fn problem(&mut self, message: String) {
        self.problems.push((self.path.clone(), message));
    }

    /// Says that `v` is not the `expected` kind of value; reading it gives nothing.
    pub fn wrong<T>(&mut self, v: &Json, expected: &str) -> Option<T> {
        let message = match v {
            Json::Null => NULL.to_string(),
            v => format!("invalid type: {}, expected {expected}", v.unexpected()),
        };
        self.problem(message);
        None
    }

    /// Runs `f` at an object's member `key`.
    pub fn at_key<T>(&mut self, key: &str, f: impl FnOnce(&mut Cx) -> T) -> T {
        let len = self.path.len();
        push_key(&mut self.path, key);
        let t = f(self);
        self.path.truncate(len);
        t
    }

    /// Runs `f` at a list's item `i`.
    fn at_index<T>(&mut self, i: usize, f: impl FnOnce(&mut Cx) -> T) -> T {
        let len = self.path.len();
        let _ = write!(self.path, "[{i}]");
        let t = f(self);
        self.path.truncate(len);
        t
    }

    /// As [`Cx::fields`], passing over members not in `keys` without a word: for a file that
    /// may carry more than the screener reads (a city's population in cities.json).
    pub fn known_fields(
        &mut self,
        v: Json,
        keys: &'static [&'static str],
        what: &str,
    ) -> Option<Fields> {
        let v = match v {
            Json::Object(members) => Json::Object(
                members
                    .into_iter()
                    .filter(|(k, _)| keys.contains(&k.as_str()))
                    .collect(),
            ),
            v => v,
        };
        self.fields(v, keys, what)
    }

    /// The members of an object written with `keys`, each taken by [`Fields`]; a key it does
    /// not have, or has twice, is a problem at that key. `what` names the object for a value
    /// that is not one.
    pub fn fields(&mut self, v: Json, keys: &'static [&'static str], what: &str) -> Option<Fields> {
        let Json::Object(members) = v else {
            return self.wrong(&v, what);
        };
        let mut values: Vec<Option<Json>> = keys.iter().map(|_| None).collect();
        let mut seen = vec![false; keys.len()];
        for (key, value) in members {
            match keys.iter().position(|k| *k == key) {
                Some(i) if seen[i] => {
                    self.at_key(&key, |cx| cx.problem(format!("duplicate field `{key}`")))
                }
                Some(i) => {
                    seen[i] = true;
                    values[i] = Some(value);
                }
                None => self.at_key(&key, |cx| {
                    cx.problem(format!("unknown field `{key}`, expected {}", one_of(keys)))
                }),
            }
        }
        Some(Fields {
            keys,
            values,
            next: 0,
        })
    }
}

/// `` `a` ``, `` `a` or `b` ``, or `` one of `a`, `b`, `c` ``, as serde names what it expected.
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing".into(),
        [a] => format!("`{a}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => {
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// An object's members, by the keys its type is written with.
pub struct Fields {
    keys: &'static [&'static str],
    values: Vec<Option<Json>>,
    /// Where the next key is looked for first: fields are taken in the order they are listed.
    next: usize,
}

impl Fields {
    fn take(&mut self, key: &str) -> Option<Json> {
        let i = match self.keys.get(self.next) {
            Some(k) if *k == key => self.next,
            _ => self.keys.iter().position(|k| *k == key)?,
        };
        self.next = i + 1;
        self.values[i].take()
    }

    /// A field that may be left out: `Some(None)` when it is.
    pub fn opt<T: Read>(&mut self, cx: &mut Cx, key: &'static str) -> Option<Option<T>> {
        match self.take(key) {
            None => Some(None),
            Some(v) => cx.at_key(key, |cx| T::read(v, cx)).map(Some),
        }
    }

    /// A field that must be given.
    pub fn req<T: Read>(&mut self, cx: &mut Cx, key: &'static str) -> Option<T> {
        match self.take(key) {
            None => {
                cx.problem(format!("missing field `{key}`"));
                None
            }
            Some(v) => cx.at_key(key, |cx| T::read(v, cx)),
        }
    }

    /// A field whose absence means its type's default (an empty list, `false`).
    pub fn default<T: Read + Default>(&mut self, cx: &mut Cx, key: &'static str) -> Option<T> {
        self.opt(cx, key).map(Option::unwrap_or_default)
    }

    /// A yes/no field whose absence means yes.
    pub fn yes(&mut self, cx: &mut Cx, key: &'static str) -> Option<bool> {
        self.opt(cx, key).map(|b| b.unwrap_or(true))
    }
}

/// A value the model reads from JSON.
pub trait Read: Sized {
    /// `None` when `v` does not fit, each problem said in `cx`.
    fn read(v: Json, cx: &mut Cx) -> Option<Self>;
}

impl Read for String {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        match v {
            Json::Str(s) => Some(s),
            v => cx.wrong(&v, "a string"),
        }
    }
}

impl Read for bool {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        match v {
            Json::Bool(b) => Some(b),
            v => cx.wrong(&v, "true or false"),
        }
    }
}

impl Read for f64 {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        match v {
            Json::Number(n) => Some(n.as_f64()),
            v => cx.wrong(&v, "a number"),
        }
    }
}

impl Read for u32 {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        const WHOLE: &str = "a whole number, 0 or more";
        if let Json::Number(Number::Unsigned(n)) = v {
            if let Ok(n) = u32::try_from(n) {
                return Some(n);
            }
        }
        match v {
            v @ Json::Number(Number::Unsigned(_) | Number::Signed(_)) => {
                cx.problem(format!(
                    "invalid value: {}, expected {WHOLE}",
                    v.unexpected()
                ));
                None
            }
            v => cx.wrong(&v, WHOLE),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        let Json::List(items) = v else {
            return cx.wrong(&v, "a list […]");
        };
        let mut out = Vec::with_capacity(items.len());
        let mut whole = true;
        for (i, item) in items.into_iter().enumerate() {
            match cx.at_index(i, |cx| T::read(item, cx)) {
                Some(t) => out.push(t),
                None => whole = false,
            }
        }
        whole.then_some(out)
    }
}

impl<T: Read> Read for Box<T> {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        T::read(v, cx).map(Box::new)
    }
}

/// An object read as a map, each member's key given once.
impl<T: Read> Read for BTreeMap<String, T> {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        let Json::Object(members) = v else {
            return cx.wrong(&v, "an object {…}");
        };
        let mut out = BTreeMap::new();
        let mut whole = true;
        for (key, value) in members {
            if out.contains_key(&key) {
                cx.at_key(&key, |cx| cx.problem(repeated(&key)));
                whole = false;
                continue;
            }
            match cx.at_key(&key, |cx| T::read(value, cx)) {
                Some(t) => {
                    out.insert(key, t);
                }
                None => whole = false,
            }
        }
        whole.then_some(out)
    }
}

impl Read for Answer {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        let repeated = v.repeated_keys_at(&cx.path);
        let once = repeated.is_empty();
        cx.problems.extend(repeated);
        let answer = Answer::from_json(&v.into_value()).map_err(|m| cx.problem(m));
        answer.ok().filter(|_| once)
    }
}

/// Reads an enum written as one of `names`: the index of the name given.
pub fn name(v: Json, cx: &mut Cx, names: &[&str]) -> Option<usize> {
    match v {
        Json::Str(s) => {
            let i = names.iter().position(|n| *n == s);
            if i.is_none() {
                cx.problem(format!("unknown value `{s}`, expected {}", one_of(names)));
            }
            i
        }
        v => cx.wrong(&v, &one_of(names)),
    }
}

/// Declares how a struct is read: each field as required (`req`), optional (`opt`), or
/// defaulting when absent (`default`, or `yes` for a yes/no that defaults to yes); by the
/// key of its own name unless another is given (`schema: opt "$schema"`).
macro_rules! read_struct {
    // `known`: members not listed are passed over ([`Cx::known_fields`]), for a file kept
    // elsewhere that may carry more than the screener reads.
    (known $ty:ident, $what:expr, { $($fields:tt)* }) => {
        $crate::model::read::read_struct!(@impl known_fields, $ty, $what, { $($fields)* });
    };
    ($ty:ident, $what:expr, { $($fields:tt)* }) => {
        $crate::model::read::read_struct!(@impl fields, $ty, $what, { $($fields)* });
    };
    (@impl $members:ident, $ty:ident, $what:expr, { $($field:ident: $how:ident $($key:literal)?),* $(,)? }) => {
        impl $crate::model::read::Read for $ty {
            fn read(
                v: $crate::model::json::Json,
                cx: &mut $crate::model::read::Cx,
            ) -> Option<Self> {
                use $crate::model::read::read_struct as key;
                let mut f = cx.$members(v, &[$(key!(@key $field $($key)?)),*], $what)?;
                $(let $field = f.$how(cx, key!(@key $field $($key)?));)*
                Some($ty { $($field: $field?),* })
            }
        }
    };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}
pub(crate) use read_struct;

const OBJECT: &str = "an object {…}";

impl TrialsFile {
    /// Reads the file's members; its trials, when they were read already as they were parsed,
    /// are given.
    fn read_with(v: Json, trials: Option<Vec<Trial>>, cx: &mut Cx) -> Option<Self> {
        const KEYS: &[&str] = &[
            "$schema",
            "version",
            "languages",
            "groups",
            "facts",
            "trials",
        ];
        let mut f = cx.fields(
            v,
            KEYS,
            "a trials file: an object with \"facts\" and \"trials\"",
        )?;
        let schema = f.opt(cx, "$schema");
        let version = f.req(cx, "version");
        let languages = f.req(cx, "languages");
        let groups = f.req(cx, "groups");
        let facts = f.req(cx, "facts");
        let trials = trials.or_else(|| f.req(cx, "trials"));
        Some(TrialsFile {
            schema: schema?,
            version: version?,
            languages: languages?,
            groups: groups?,
            facts: facts?,
            trials: trials?,
        })
    }
}

impl Read for TrialsFile {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        Self::read_with(v, None, cx)
    }
}

read_struct!(Group, OBJECT, { id: req, name: req, pages: default });

read_struct!(Page, OBJECT, { id: req, title: req, facts: req });

read_struct!(Follows, OBJECT, { fact: req, is: opt, one_of: opt "in", has_any: opt });

read_struct!(Fact, OBJECT, {
    id: req, group: req, answer: req, question: req, help: opt, why: req, unknown_allowed: yes,
    follows: opt, gate: default, replaces: opt, test: opt
});

read_struct!(Replaces, OBJECT, { fact: req, answers: req });

read_struct!(LabTest, OBJECT, { sample: req, name: req });

read_struct!(Choice, OBJECT, { id: req, label: req });

read_struct!(Trial, OBJECT, {
    id: req, registry_url: req, acronym: opt, official_title: req, title: req, summary: req,
    phase: req, design: req, intervention: req, sponsor: req, status: req, eligibility: req,
    sites: req, criteria: req, subgroups: default
});

read_struct!(Design, OBJECT, {
    randomized: req, placebo: req, masking: req, enrollment: opt, infusions: opt, visits: opt
});

read_struct!(StatusRecord, OBJECT, {
    value: req, checked: req, note: opt, start: opt, completion: opt
});

read_struct!(Eligibility, OBJECT, { min_age: opt, max_age: opt, sex: req });

read_struct!(Site, OBJECT, {
    name: req, city: req, region: opt, country: req, lat: opt, lon: opt, contacts: default,
    local: default
});

read_struct!(SiteNames, OBJECT, { name: opt, city: opt, region: opt });

read_struct!(Contact, OBJECT, { name: req, phone: opt, email: opt });

read_struct!(Subgroup, OBJECT, { id: req, name: req, criteria: req });

read_struct!(Criterion, OBJECT, {
    id: req, kind: req, source: req, origin: default, plain: req, rule: opt, study_team: opt
});

/// A fact's answer: its `"type"` says which other keys it has.
impl Read for FactKind {
    fn read(v: Json, cx: &mut Cx) -> Option<Self> {
        const TYPES: &[&str] = &[
            "yes_no",
            "number",
            "date",
            "upper_limit_ratio",
            "choice",
            "multi",
        ];
        let Json::Object(members) = &v else {
            return cx.wrong(&v, "an answer object with \"type\"");
        };
        let Some((_, kind)) = members.iter().find(|(k, _)| k == "type") else {
            cx.problem("missing field `type`".into());
            return None;
        };
        let kind = cx.at_key("type", |cx| name(kind.clone(), cx, TYPES))?;
        let mut f = match TYPES[kind] {
            "number" => {
                const KEYS: &[&str] = &["type", "quantity", "min", "max", "whole", "units"];
                cx.fields(v, KEYS, OBJECT)?
            }
            "upper_limit_ratio" => cx.fields(v, &["type", "max"], OBJECT)?,
            "choice" | "multi" => cx.fields(v, &["type", "options"], OBJECT)?,
            only_type => {
                let Json::Object(members) = v else {
                    return None;
                };
                let what = only_type.replace('_', "/");
                for (i, (key, _)) in members.iter().enumerate() {
                    let message = if key != "type" {
                        format!("unknown field `{key}`, expected only `type` for a {what} answer")
                    } else if members[..i].iter().any(|(k, _)| k == "type") {
                        "duplicate field `type`".to_string()
                    } else {
                        continue;
                    };
                    cx.at_key(key, |cx| cx.problem(message));
                }
                return Some(if only_type == "date" {
                    FactKind::Date
                } else {
                    FactKind::YesNo
                });
            }
        };
        Some(match TYPES[kind] {
            "number" => {
                let quantity = f.req(cx, "quantity");
                let min = f.req(cx, "min");
                let max = f.req(cx, "max");
                let whole = f.default(cx, "whole");
                let units = f.default(cx, "units");
                FactKind::Number {
                    quantity: quantity?,
                    min: min?,
                    max: max?,
                    whole: whole?,
                    units: units?,
                }
            }
            "upper_limit_ratio" => FactKind::UpperLimitRatio {
                max: f.req(cx, "max")?,
            },
            "choice" => FactKind::Choice {
                options: f.req(cx, "options")?,
            },
            _ => FactKind::Multi {
                options: f.req(cx, "options")?,
            },
        })
    }
}

/// Gives a type read here serde's `Deserialize` too, for readers written over serde: through
/// the tree, with the first problem as the error.
macro_rules! via_tree {
    ($($ty:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let v = <$crate::model::json::Json as serde::Deserialize>::deserialize(d)?;
                $crate::model::read::read(v)
                    .map_err($crate::model::read::first)
                    .map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    )*};
}

via_tree!(TrialsFile, Fact, Trial, super::Text, super::Rule);
pub(crate) use via_tree;

#[cfg(test)]
mod tests {
    use super::*;

    fn problems<T: Read + std::fmt::Debug>(text: &str) -> Vec<Problem> {
        read::<T>(Json::parse(text).unwrap()).unwrap_err()
    }

    #[test]
    fn says_every_problem_of_an_object_at_its_path() {
        let p = problems::<Contact>(r#"{"phone": 5, "name": "A", "nmae": "B", "name": "C"}"#);
        assert_eq!(
            p,
            [
                (
                    "nmae".into(),
                    "unknown field `nmae`, expected one of `name`, `phone`, `email`".into()
                ),
                ("name".into(), "duplicate field `name`".into()),
                (
                    "phone".into(),
                    "invalid type: number `5`, expected a string".into()
                ),
            ]
        );
        assert_eq!(
            problems::<Vec<Contact>>(r#"[{"name": "A"}, {"email": null}]"#),
            [
                ("[1]".into(), "missing field `name`".into()),
                ("[1].email".into(), NULL.into()),
            ]
        );
    }

    #[test]
    fn whole_numbers_and_names_are_refused_in_plain_words() {
        let p = problems::<Vec<u32>>("[1, -1, 5000000000, 1.5, \"2\"]");
        let said: Vec<&str> = p.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            said,
            [
                "invalid value: number `-1`, expected a whole number, 0 or more",
                "invalid value: number `5000000000`, expected a whole number, 0 or more",
                "invalid type: number `1.5`, expected a whole number, 0 or more",
                "invalid type: text \"2\", expected a whole number, 0 or more",
            ]
        );
        let mut cx = Cx::default();
        assert_eq!(name(Json::Str("b".into()), &mut cx, &["a", "b"]), Some(1));
        assert_eq!(name(Json::Str("c".into()), &mut cx, &["a", "b"]), None);
        assert_eq!(
            cx.problems,
            [("".into(), "unknown value `c`, expected `a` or `b`".into())]
        );
    }

    #[test]
    fn a_key_given_twice_in_an_answer_is_refused_there() {
        assert_eq!(
            problems::<BTreeMap<String, Answer>>(
                r#"{"yes": {"value": 1, "unit": "kg", "value": 2}}"#
            ),
            [("yes.value".into(), repeated("value"))]
        );
    }

    #[test]
    fn an_answer_s_type_says_its_keys() {
        assert_eq!(
            read::<FactKind>(Json::parse(r#"{"type": "upper_limit_ratio", "max": 2}"#).unwrap()),
            Ok(FactKind::UpperLimitRatio { max: 2.0 })
        );
        assert_eq!(
            problems::<FactKind>(r#"{"type": "yes_no", "min": 1}"#),
            [(
                "min".into(),
                "unknown field `min`, expected only `type` for a yes/no answer".into()
            )]
        );
        assert_eq!(
            problems::<FactKind>(r#"{"type": "number", "quantity": "age", "max": 1, "mni": 0}"#),
            [
                (
                    "mni".into(),
                    "unknown field `mni`, expected one of `type`, `quantity`, `min`, `max`, \
                     `whole`, `units`"
                        .into()
                ),
                ("".into(), "missing field `min`".into()),
            ]
        );
        assert_eq!(
            problems::<FactKind>(r#"{"type": "date", "type": "yes_no"}"#),
            [("type".into(), "duplicate field `type`".into())]
        );
        assert_eq!(
            problems::<FactKind>(r#"{"type": "multi", "options": [], "type": "choice"}"#),
            [("type".into(), "duplicate field `type`".into())]
        );
        assert_eq!(
            problems::<FactKind>(r#"{"min": 1}"#),
            [("".into(), "missing field `type`".into())]
        );
        assert_eq!(
            problems::<FactKind>(r#"{"type": "yes"}"#)[0].0,
            "type",
            "an unknown type is placed at its value"
        );
    }

    #[test]
    fn a_trials_file_s_trials_read_as_parsed_say_their_problems_as_the_rest_do() {
        let text = include_str!("../../../trials.json");
        let streamed = trials_file(text).expect("JSON").expect("trials.json reads");
        assert_eq!(Ok(streamed), read::<TrialsFile>(Json::parse(text).unwrap()));
        let problems = |t: &str| trials_file(t).expect("JSON").unwrap_err();
        let top = r#"{"version": "1", "languages": [], "groups": [], "facts": []"#;
        assert_eq!(
            problems(&format!(r#"{top}, "trials": [{{"id": 5}}]}}"#))[0],
            (
                "trials[0].id".into(),
                "invalid type: number `5`, expected a string".into()
            )
        );
        assert_eq!(
            problems(&format!(r#"{top}, "trials": {{"id": "x"}}}}"#)),
            [(
                "trials".into(),
                "invalid type: an object, expected a list […]".into()
            )]
        );
        assert_eq!(
            problems(&format!(r#"{top}, "trials": [], "trials": []}}"#)),
            [("trials".into(), "duplicate field `trials`".into())]
        );
        assert_eq!(
            problems(r#"{"version": "1", "languages": [], "groups": [], "trials": []}"#),
            [("".into(), "missing field `facts`".into())]
        );
        assert_eq!(
            problems(&format!("{top}}}")),
            [("".into(), "missing field `trials`".into())]
        );
        assert_eq!(
            problems("[]"),
            [(
                "".into(),
                "invalid type: a list, expected a trials file: an object with \"facts\" and \"trials\"".into()
            )]
        );
        assert!(
            trials_file(&format!(r#"{top}, "trials": [1,]}}"#)).is_err(),
            "syntax"
        );
    }

    #[test]
    fn the_trials_file_reads_as_it_is_written() {
        let text = include_str!("../../../trials.json");
        let file: TrialsFile = from_text(text).expect("trials.json reads");
        let written = serde_json::to_string(&file).unwrap();
        assert_eq!(from_text::<TrialsFile>(&written), Ok(file));
    }
}
