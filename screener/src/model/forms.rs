//! Every form a rule takes, in one table: the keys it is written with in a trials file (the
//! [`Rule`] they are read into is declared here too), the answers a test of one fact suits, and
//! its byte in a pack. Each form's building, packing and evaluation are in `engine::forms`.

use super::{FactKind, Text};
use serde::Serialize;

/// A form of rule; its position in [`FORMS`] is its byte in a pack, so new forms go last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormId {
    All,
    Any,
    Not,
    AtLeast,
    Compare,
    Is,
    OneOf,
    HasAny,
    StudyTeam,
}

/// How one form is written.
#[derive(Debug)]
pub struct Form {
    pub id: FormId,
    /// The key that marks a rule as this form.
    pub mark: &'static str,
    /// Every key a rule of this form may have, its mark among them.
    pub keys: &'static [&'static str],
    /// For a test of one fact's answer, written with `"fact"`: the answers it suits.
    pub tests: Option<FactTest>,
}

/// A form that tests one fact's answer.
#[derive(Debug)]
pub struct FactTest {
    /// Whether it can test a fact of this kind.
    pub suits: fn(&FactKind) -> bool,
    /// How it is written, for a fact tested with a form that does not suit it.
    pub written: &'static str,
}

pub const FORMS: [Form; 9] = [
    form(FormId::All, "all", &["all"], None),
    form(FormId::Any, "any", &["any"], None),
    form(FormId::Not, "not", &["not"], None),
    form(FormId::AtLeast, "at_least", &["at_least", "of"], None),
    form(
        FormId::Compare,
        "op",
        &["fact", "op", "value", "unit", "per"],
        test(
            |k| {
                matches!(
                    k,
                    FactKind::Number { .. } | FactKind::UpperLimitRatio { .. } | FactKind::Date
                )
            },
            "\"op\" with \"value\" and \"unit\"",
        ),
    ),
    form(
        FormId::Is,
        "is",
        &["fact", "is"],
        test(|k| matches!(k, FactKind::YesNo), "\"is\": true or false"),
    ),
    form(
        FormId::OneOf,
        "in",
        &["fact", "in"],
        test(
            |k| matches!(k, FactKind::Choice { .. }),
            "\"in\": [option ids]",
        ),
    ),
    form(
        FormId::HasAny,
        "has_any",
        &["fact", "has_any"],
        test(
            |k| matches!(k, FactKind::Multi { .. }),
            "\"has_any\": [option ids]",
        ),
    ),
    form(FormId::StudyTeam, "study_team", &["study_team"], None),
];

const fn form(
    id: FormId,
    mark: &'static str,
    keys: &'static [&'static str],
    tests: Option<FactTest>,
) -> Form {
    Form {
        id,
        mark,
        keys,
        tests,
    }
}

const fn test(suits: fn(&FactKind) -> bool, written: &'static str) -> Option<FactTest> {
    Some(FactTest { suits, written })
}

impl Form {
    /// A test of one fact's answer, written with `"fact"`.
    pub fn tests_fact(&self) -> bool {
        self.tests.is_some()
    }
}

/// Declares [`Rule`] with one optional field per key, and [`Rule::KEYS`] and [`Rule::has`]
/// from the same list, so a key is added in one line.
macro_rules! rule_keys {
    ($($(#[$doc:meta])* $key:literal => $field:ident: $ty:ty,)*) => {
        /// A rule over facts, as written in the trials file. Exactly one form is filled in:
        /// `all`, `any`, `not`, `at_least` with `of`, `fact` with a test, or `study_team`.
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct Rule {
            $(
                $(#[$doc])*
                #[serde(rename = $key, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }

        super::read::read_struct!(Rule, "a rule: an object {…}", { $($field: opt $key),* });

        impl Rule {
            /// Every key a rule can be written with.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// Whether this rule is written with `key`.
            pub fn has(&self, key: &str) -> bool {
                match key {
                    $($key => self.$field.is_some(),)*
                    _ => false,
                }
            }
        }
    };
}

rule_keys! {
    "all" => all: Vec<Rule>,
    "any" => any: Vec<Rule>,
    "not" => not: Box<Rule>,
    "at_least" => at_least: u32,
    "of" => of: Vec<Rule>,
    "fact" => fact: String,
    /// Comparison for numbers: `<`, `<=`, `>`, `>=`.
    "op" => op: String,
    "value" => value: f64,
    "unit" => unit: String,
    /// Multiplies `value` by another fact's number in its base unit (a dose per kilogram).
    "per" => per: String,
    /// Yes/no facts: the answer is this.
    "is" => is: bool,
    /// Choice facts: the answer is one of these options.
    "in" => one_of: Vec<String>,
    /// Multi facts: at least one of these options was chosen.
    "has_any" => has_any: Vec<String>,
    /// A part only the study team can judge; never true or false for the patient.
    "study_team" => study_team: Text,
}

impl FormId {
    pub fn form(self) -> &'static Form {
        &FORMS[self as usize]
    }

    /// The form whose pack byte this is.
    pub fn from_byte(b: u8) -> Option<FormId> {
        FORMS.get(usize::from(b)).map(|f| f.id)
    }

    pub fn byte(self) -> u8 {
        self as u8
    }
}

/// Why a rule as written has no one form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    /// None, or several, of the forms that do not test a fact, and `"fact"`.
    NotOne,
    /// `"at_least"` without `"of"`, or `"of"` without `"at_least"`.
    AtLeastWithoutOf,
    /// `"fact"` with no test, or with several.
    FactTests,
}

impl FormError {
    /// What is wrong, naming the forms from [`FORMS`].
    pub fn message(self) -> String {
        match self {
            FormError::NotOne => {
                // The forms that test a fact are all written with "fact", named once.
                let mut named = vec![];
                for f in &FORMS {
                    match (f.tests_fact(), f.keys) {
                        (true, _) if named.contains(&"\"fact\"".to_string()) => {}
                        (true, _) => named.push("\"fact\"".to_string()),
                        (false, [_]) => named.push(format!("\"{}\"", f.mark)),
                        (false, keys) => {
                            let with = keys.iter().filter(|k| **k != f.mark);
                            let with: Vec<String> = with.map(|k| format!("\"{k}\"")).collect();
                            named.push(format!("\"{}\" (with {})", f.mark, with.join(", ")));
                        }
                    }
                }
                format!("a rule needs exactly one of {}", or_list(&named))
            }
            FormError::AtLeastWithoutOf => "\"at_least\" and \"of\" go together".into(),
            FormError::FactTests => {
                let tests = FORMS.iter().filter_map(|f| f.tests.as_ref());
                let written: Vec<String> = tests.map(|t| t.written.to_string()).collect();
                format!("a fact rule needs exactly one test: {}", or_list(&written))
            }
        }
    }
}

/// `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

impl Rule {
    /// The form this rule is written in, from its marks alone (the other keys it carries
    /// are checked against [`Form::keys`] by whoever reads it).
    pub fn form(&self) -> Result<FormId, FormError> {
        let has = |key: &str| self.has(key);
        let marked = |tests_fact: bool| {
            FORMS
                .iter()
                .filter(move |f| f.tests_fact() == tests_fact && has(f.mark))
        };
        let composite = marked(false).count() + usize::from(has("fact"));
        if composite != 1 {
            return Err(FormError::NotOne);
        }
        if has("at_least") != has("of") {
            return Err(FormError::AtLeastWithoutOf);
        }
        if let Some(f) = marked(false).next() {
            return Ok(f.id);
        }
        let mut tests = marked(true);
        match (tests.next(), tests.next()) {
            (Some(f), None) => Ok(f.id),
            _ => Err(FormError::FactTests),
        }
    }
}

/// Every key a fact rule may have, for a rule with `"fact"` whose test is missing or doubled.
pub fn fact_keys() -> Vec<&'static str> {
    let mut keys = vec![];
    for k in FORMS.iter().filter(|f| f.tests_fact()).flat_map(|f| f.keys) {
        if !keys.contains(k) {
            keys.push(*k);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_is_at_its_own_place_and_every_key_belongs_to_a_form() {
        for (i, f) in FORMS.iter().enumerate() {
            assert_eq!(f.id as usize, i, "{}", f.mark);
            assert_eq!(FormId::from_byte(f.id.byte()), Some(f.id));
            assert!(f.keys.contains(&f.mark));
        }
        assert_eq!(FormId::from_byte(FORMS.len() as u8), None);
        for key in Rule::KEYS {
            assert!(
                FORMS.iter().any(|f| f.keys.contains(key)),
                "{key} belongs to no form"
            );
        }
    }

    #[test]
    fn a_rule_s_form_comes_from_its_marks() {
        let r = |v: serde_json::Value| -> Rule { serde_json::from_value(v).expect("a rule") };
        use serde_json::json;
        assert_eq!(r(json!({"all": []})).form(), Ok(FormId::All));
        assert_eq!(
            r(json!({"fact": "age", "op": ">=", "value": 18, "unit": "years"})).form(),
            Ok(FormId::Compare)
        );
        assert_eq!(
            r(json!({"fact": "x", "in": ["a"]})).form(),
            Ok(FormId::OneOf)
        );
        assert_eq!(
            r(json!({"at_least": 1, "of": []})).form(),
            Ok(FormId::AtLeast)
        );
        assert_eq!(r(json!({})).form(), Err(FormError::NotOne));
        assert_eq!(
            r(json!({"all": [], "any": []})).form(),
            Err(FormError::NotOne)
        );
        assert_eq!(
            r(json!({"at_least": 1})).form(),
            Err(FormError::AtLeastWithoutOf)
        );
        assert_eq!(r(json!({"fact": "x"})).form(), Err(FormError::FactTests));
        assert_eq!(
            r(json!({"fact": "x", "is": true, "in": ["a"]})).form(),
            Err(FormError::FactTests)
        );
        assert_eq!(
            fact_keys(),
            ["fact", "op", "value", "unit", "per", "is", "in", "has_any"]
        );
        assert_eq!(
            FormError::NotOne.message(),
            "a rule needs exactly one of \"all\", \"any\", \"not\", \"at_least\" (with \"of\"), \"fact\" or \"study_team\""
        );
        assert_eq!(
            FormError::FactTests.message(),
            "a fact rule needs exactly one test: \"op\" with \"value\" and \"unit\", \"is\": true or false, \"in\": [option ids] or \"has_any\": [option ids]"
        );
    }
}
