//! Every form a rule takes, in one table: the keys it is written with in a trials file and its
//! byte in a pack. Checking a rule, packing it and exporting it all read this table.

use super::Rule;

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
    /// A test of one fact's answer, written with `"fact"`.
    pub tests_fact: bool,
}

pub const FORMS: [Form; 9] = [
    form(FormId::All, "all", &["all"], false),
    form(FormId::Any, "any", &["any"], false),
    form(FormId::Not, "not", &["not"], false),
    form(FormId::AtLeast, "at_least", &["at_least", "of"], false),
    form(
        FormId::Compare,
        "op",
        &["fact", "op", "value", "unit", "per"],
        true,
    ),
    form(FormId::Is, "is", &["fact", "is"], true),
    form(FormId::OneOf, "in", &["fact", "in"], true),
    form(FormId::HasAny, "has_any", &["fact", "has_any"], true),
    form(FormId::StudyTeam, "study_team", &["study_team"], false),
];

const fn form(
    id: FormId,
    mark: &'static str,
    keys: &'static [&'static str],
    tests_fact: bool,
) -> Form {
    Form {
        id,
        mark,
        keys,
        tests_fact,
    }
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
    pub fn message(self) -> &'static str {
        match self {
            FormError::NotOne => "a rule needs exactly one of \"all\", \"any\", \"not\", \"at_least\" (with \"of\"), \"fact\" or \"study_team\"",
            FormError::AtLeastWithoutOf => "\"at_least\" and \"of\" go together",
            FormError::FactTests => "a fact rule needs exactly one test: \"op\" with \"value\", \"is\", \"in\" or \"has_any\"",
        }
    }
}

impl Rule {
    /// Every key a rule can be written with, and whether this one has it.
    pub fn keys(&self) -> [(&'static str, bool); 14] {
        [
            ("all", self.all.is_some()),
            ("any", self.any.is_some()),
            ("not", self.not.is_some()),
            ("at_least", self.at_least.is_some()),
            ("of", self.of.is_some()),
            ("fact", self.fact.is_some()),
            ("op", self.op.is_some()),
            ("value", self.value.is_some()),
            ("unit", self.unit.is_some()),
            ("per", self.per.is_some()),
            ("is", self.is.is_some()),
            ("in", self.one_of.is_some()),
            ("has_any", self.has_any.is_some()),
            ("study_team", self.study_team.is_some()),
        ]
    }

    /// The form this rule is written in, from its marks alone (the other keys it carries
    /// are checked against [`Form::keys`] by whoever reads it).
    pub fn form(&self) -> Result<FormId, FormError> {
        // Every rule checked asks this, so its keys are listed once, not once per question.
        let keys = self.keys();
        let has = |key: &str| keys.iter().any(|(k, on)| *k == key && *on);
        let marked = |tests_fact: bool| {
            FORMS
                .iter()
                .filter(move |f| f.tests_fact == tests_fact && has(f.mark))
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
    for k in FORMS.iter().filter(|f| f.tests_fact).flat_map(|f| f.keys) {
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
        for (key, _) in Rule::default().keys() {
            assert!(
                FORMS.iter().any(|f| f.keys.contains(&key)),
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
    }
}
