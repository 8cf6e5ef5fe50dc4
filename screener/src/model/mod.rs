//! The trials file as data: facts and their questions, trials, sites, criteria and rules.
//! Plain types with no behaviour beyond lookups, read by `read` and written with serde; the
//! engine checks and evaluates them.

mod answer;
pub mod forms;
pub mod json;
pub(crate) mod names;
pub mod read;
mod text;

pub use answer::{Answer, Answers};
pub use forms::Rule;
pub use text::{Text, BASE_LANGUAGE};

use serde::Serialize;

/// The whole `trials.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrialsFile {
    /// Editors use this to find `trials.schema.json`; the engine ignores it.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// A version for this data, shown on the doctor's sheet, e.g. `"2026-11-23.1"`.
    pub version: String,
    /// Language codes every patient-facing text must be written in; the first is the fallback.
    pub languages: Vec<String>,
    /// Topics that keep related questions together, in the order they are best asked.
    pub groups: Vec<Group>,
    pub facts: Vec<Fact>,
    pub trials: Vec<Trial>,
}

/// A topic of related questions ("About you", "Kidney tests"): a section of the journey.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub id: String,
    pub name: Text,
    /// Facts a patient reads off one document or decides together, asked on one page. A fact
    /// of this group in no page has a page of its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<Page>,
}

/// Several facts asked on one page, each with its own field ("Your latest blood count").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub id: String,
    /// The page heading.
    pub title: Text,
    /// The facts in the order their fields stand on the page, all of this group.
    pub facts: Vec<String>,
}

/// The answer of another fact after which a follow-up is asked (as FHIR Questionnaire's
/// `enableWhen`); exactly one of `is`, `in` and `has_any`. The follow-up is asked only when
/// that answer is given, never after "no" or "I don't know", and counts as unknown otherwise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Follows {
    pub fact: String,
    /// Yes/no facts: the answer is this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is: Option<bool>,
    /// Choice facts: the answer is one of these options.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    /// Multi facts: at least one of these options was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_any: Option<Vec<String>>,
}

/// Something about the patient, asked once and shared by every trial.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub id: String,
    pub group: String,
    /// The shape of the answer.
    pub answer: FactKind,
    /// The question, which is also the page heading.
    pub question: Text,
    /// Where to find the answer, e.g. on a lab report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// One sentence saying why the trials need this.
    pub why: Text,
    /// Whether "I don't know" is offered (true unless it cannot be true).
    pub unknown_allowed: bool,
    /// Asked only after this answer to another fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follows: Option<Follows>,
    /// A gate question: asked before the sections, while it can still change a verdict, since
    /// it settles many studies at once (diagnosis, age, kidneys, pregnancy).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gate: bool,
    /// Saved answers to an older fact this one took over from, carried into this one where
    /// they mean the same (see [`Replaces`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<Replaces>,
    /// The test whose report gives this answer, for the results to say what to ask the doctor
    /// for ("a blood test for creatinine and platelets").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<LabTest>,
}

/// An older fact whose saved answers this fact takes: each answer of the old fact (an option
/// id, `true`, `false` or `unknown`) that means the same as an answer of this one, written as
/// this fact's answer. Any other answer of the old fact is dropped with a note, never guessed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replaces {
    pub fact: String,
    pub answers: std::collections::BTreeMap<String, Answer>,
}

/// A test a doctor can order: what is sampled, and the test's short name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabTest {
    pub sample: Sample,
    pub name: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sample {
    Blood,
    Urine,
    Biopsy,
}
names::read_as_names!(Sample {
    Blood = "blood",
    Urine = "urine",
    Biopsy = "biopsy",
});

/// The shape of a fact's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FactKind {
    /// Yes or no.
    YesNo,
    /// A number in one of the quantity's units, refused outside `min..=max` (in the base unit).
    Number {
        quantity: String,
        min: f64,
        max: f64,
        whole: bool,
        /// The units offered, by id, when not all of the quantity's (a medicine's dose is
        /// taken in a few of the dose units); the first is the one offered first.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        units: Vec<String>,
    },
    /// A month and year, or a day, or only a year, each "about" if the patient is unsure:
    /// when something last happened. Rules read how long ago it was.
    Date,
    /// A lab value compared with the lab's upper limit of normal: the patient gives both, or
    /// says the report shows it in the normal range.
    UpperLimitRatio { max: f64 },
    /// Exactly one of the options.
    Choice { options: Vec<Choice> },
    /// Any number of the options, or none of them.
    Multi { options: Vec<Choice> },
}

/// One answer option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
}

impl FactKind {
    pub fn options(&self) -> &[Choice] {
        match self {
            FactKind::Choice { options } | FactKind::Multi { options } => options,
            _ => &[],
        }
    }

    /// The units a number question offers: the fact's own list in its order where it names
    /// some (a medicine's dose in the few units its prescriptions use), else all of its
    /// quantity's. Empty for any other question. What the engine accepts, the form's menu and
    /// the FHIR questionnaire all come from here.
    pub fn offered_units(&self) -> Vec<&'static crate::units::Unit> {
        let FactKind::Number {
            quantity,
            units: offered,
            ..
        } = self
        else {
            return vec![];
        };
        let Some(q) = crate::units::quantity(quantity) else {
            return vec![];
        };
        if offered.is_empty() {
            return q.units.iter().collect();
        }
        offered
            .iter()
            .filter_map(|id| q.units.iter().find(|u| u.id == id))
            .collect()
    }
}

/// A registry status, as ClinicalTrials.gov names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Recruiting,
    NotYetRecruiting,
    EnrollingByInvitation,
    ActiveNotRecruiting,
    Suspended,
    Terminated,
    Completed,
    Withdrawn,
    Unknown,
}
names::read_as_names!(Status {
    Recruiting = "recruiting",
    NotYetRecruiting = "not_yet_recruiting",
    EnrollingByInvitation = "enrolling_by_invitation",
    ActiveNotRecruiting = "active_not_recruiting",
    Suspended = "suspended",
    Terminated = "terminated",
    Completed = "completed",
    Withdrawn = "withdrawn",
    Unknown = "unknown",
});

impl Status {
    /// Whether a patient could be enrolled now (or soon).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Recruiting | Status::NotYetRecruiting | Status::EnrollingByInvitation
        )
    }
}

/// One clinical trial.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trial {
    /// Registry id, e.g. `"NCT04835883"`.
    pub id: String,
    pub registry_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    pub official_title: String,
    /// The title in plain words.
    pub title: Text,
    /// Two sentences in plain words.
    pub summary: Text,
    /// E.g. `"Phase 2"`, `"Phase 1/2"`.
    pub phase: String,
    pub design: Design,
    /// What participants receive: cells, dose, number of infusions.
    pub intervention: Text,
    pub sponsor: String,
    pub status: StatusRecord,
    pub eligibility: Eligibility,
    pub sites: Vec<Site>,
    /// Criteria every participant must satisfy.
    pub criteria: Vec<Criterion>,
    /// Alternative groups: a participant must satisfy every criterion of at least one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subgroups: Vec<Subgroup>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Design {
    pub randomized: bool,
    pub placebo: bool,
    /// `"none"`, `"single"`, `"double"`.
    pub masking: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrollment: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub infusions: Option<u32>,
    /// Visits, where the sources give them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visits: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRecord {
    pub value: Status,
    /// ISO date on which this status was last checked.
    pub checked: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion: Option<String>,
}

/// Age and sex limits as the registry lists them (the criteria encode them as rules too).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_age: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<f64>,
    /// `"all"`, `"female"` or `"male"`.
    pub sex: String,
}

/// A place where the trial runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    pub name: String,
    pub city: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// ISO 3166 alpha-2, e.g. `"KR"`.
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// The site's names in the patients' languages where they are known, by language:
    /// `{"ko": {"city": "서울"}}`. Anything not given shows as above, as the registry has it.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub local: std::collections::BTreeMap<String, SiteNames>,
}

/// A site's name, city and region in one language; each optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SiteNames {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl Site {
    fn local_name(&self, lang: &str, pick: fn(&SiteNames) -> Option<&String>) -> Option<&str> {
        self.local
            .get(lang)
            .and_then(pick)
            .map(String::as_str)
            .filter(|s| !s.trim().is_empty())
    }

    /// The site's name in `lang` where known, else as the registry names it.
    pub fn name_in(&self, lang: &str) -> &str {
        self.local_name(lang, |n| n.name.as_ref())
            .unwrap_or(&self.name)
    }

    /// The city in `lang` where known, else in English.
    pub fn city_in(&self, lang: &str) -> &str {
        self.local_name(lang, |n| n.city.as_ref())
            .unwrap_or(&self.city)
    }

    /// The region in `lang` where known, else as given (if at all).
    pub fn region_in(&self, lang: &str) -> Option<&str> {
        self.local_name(lang, |n| n.region.as_ref())
            .or(self.region.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A named alternative path into a trial, e.g. the CS20AT04 cytopenia group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subgroup {
    pub id: String,
    pub name: Text,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    Inclusion,
    Exclusion,
}
names::read_as_names!(CriterionKind {
    Inclusion = "inclusion",
    Exclusion = "exclusion",
});

/// Where a criterion's source sentence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The trial's own eligibility text.
    #[default]
    Registry,
    /// A secondary summary of the registry record, not confirmed word for word.
    RegistrySummary,
}
names::read_as_names!(Origin {
    Registry = "registry",
    RegistrySummary = "registry_summary",
});

/// One inclusion or exclusion criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Unique within its trial, e.g. `"inc-3"`.
    pub id: String,
    pub kind: CriterionKind,
    /// The registry's sentence, word for word.
    pub source: String,
    #[serde(skip_serializing_if = "is_default")]
    pub origin: Origin,
    /// The criterion in plain words.
    pub plain: Text,
    /// The rule over facts; absent when only the study team can judge it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Why the study team must judge this (required without a rule), or what they will confirm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub study_team: Option<Text>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl TrialsFile {
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    pub fn trial(&self, id: &str) -> Option<&Trial> {
        self.trials.iter().find(|t| t.id == id)
    }
}

impl Trial {
    /// Every criterion with the subgroup it belongs to, common ones first.
    pub fn all_criteria(&self) -> impl Iterator<Item = (Option<&Subgroup>, &Criterion)> {
        self.criteria.iter().map(|c| (None, c)).chain(
            self.subgroups
                .iter()
                .flat_map(|g| g.criteria.iter().map(move |c| (Some(g), c))),
        )
    }
}
