//! HL7 FHIR R4 for a clinic's systems: the patient's answers as a QuestionnaireResponse (and
//! back), the trials' questions as an SDC Questionnaire, the trials as ResearchStudy resources.
//! Pure data in and JSON out, with no clock and no files, so the app can call it too.
//!
//! Every URL of the project's own (code systems, the Questionnaire, extensions) starts with
//! [`BASE`]. It is a name, not an address anything is fetched from; `example.org` is reserved, so
//! it can never name something else.

mod questionnaire;
mod response;
mod studies;

pub use questionnaire::questionnaire;
pub use response::{answers_from_response, questionnaire_response, FromResponse, Skipped};
pub use studies::research_studies;

use crate::model::{Fact, Group, Page, Text, BASE_LANGUAGE};
use serde_json::{json, Value};

/// The canonical base of every URL this project defines.
pub const BASE: &str = "https://prescreen.example.org/fhir";
pub const UCUM: &str = "http://unitsofmeasure.org";
pub const DATA_ABSENT_REASON: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
/// HL7's observation interpretation codes: `N` is "Normal", for "the report shows it in the
/// normal range".
pub const INTERPRETATION: &str =
    "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
pub const CLINICALTRIALS_GOV: &str = "https://clinicaltrials.gov";
const TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";

/// Code of the shared answer "none of these" in [`answer_system`], for a multi fact answered
/// with no option.
pub const NONE_OF_THESE: &str = "none-of-these";

/// The Questionnaire's canonical URL (without `|version`).
pub fn questionnaire_url() -> String {
    format!("{BASE}/Questionnaire/prescreen")
}

/// The code system of one fact's options: codes are the option ids.
pub fn option_system(fact: &str) -> String {
    format!("{BASE}/CodeSystem/fact/{fact}")
}

/// The code system of answers shared by every fact ([`NONE_OF_THESE`]).
pub fn answer_system() -> String {
    format!("{BASE}/CodeSystem/answer")
}

/// The code system of verdicts: codes are `may_qualify`, `need_more_information`, `probably_not`.
pub fn verdict_system() -> String {
    format!("{BASE}/CodeSystem/verdict")
}

/// An extension of the project's own.
pub fn extension_url(name: &str) -> String {
    format!("{BASE}/StructureDefinition/{name}")
}

/// Extension on an answer to a lab value compared with the normal range: the upper limit of
/// normal printed beside the value, in the same unit (`valueQuantity`).
pub const UPPER_LIMIT_OF_NORMAL: &str = "upper-limit-of-normal";
/// Extension on the QuestionnaireResponse: where the patient said they are (sub-extensions
/// `label`, `latitude`, `longitude`, `country`, `reach`, or `skipped`).
pub const PATIENT_LOCATION: &str = "patient-location";
/// Extension on a date answer the patient is not sure of (`valueBoolean` true): "about".
pub const APPROXIMATE: &str = "approximate";

/// Each unit id of `units.rs` and its UCUM code. Curly braces are UCUM annotations: they name
/// what is counted without changing the unit (`mg{methylprednisolone}` is milligrams).
const UCUM_CODES: &[(&str, &str)] = &[
    ("years", "a"),
    ("kg", "kg"),
    ("lb", "[lb_av]"),
    ("umol/L", "umol/L"),
    ("mg/dL", "mg/dL"),
    ("mg/L", "mg/L"),
    ("g/dL", "g/dL"),
    ("g/L", "g/L"),
    ("/mm3", "/mm3"),
    ("/uL", "/uL"),
    ("10^3/uL", "10*3/uL"),
    ("10^9/L", "10*9/L"),
    ("g/g", "g/g"),
    ("mg/mg", "mg/mg"),
    ("mg/g", "mg/g"),
    ("mg/mmol", "mg/mmol"),
    ("g/mmol", "g/mmol"),
    ("g/24h", "g/(24.h)"),
    ("mg/24h", "mg/(24.h)"),
    ("mL/min", "mL/min"),
    ("mg_prednisone", "mg{prednisone}"),
    ("mg_prednisolone", "mg{prednisolone}"),
    ("mg_methylprednisolone", "mg{methylprednisolone}"),
    ("mg_hydrocortisone", "mg{hydrocortisone}"),
    ("mg_dexamethasone", "mg{dexamethasone}"),
    ("points", "{score}"),
    ("/hpf", "/[HPF]"),
    ("xULN", "{times_upper_limit_of_normal}"),
    ("mg/day", "mg/d"),
    ("g/day", "g/d"),
    ("mg_twice_daily", "mg{twice_a_day}"),
    ("g_twice_daily", "g{twice_a_day}"),
    ("mg/week", "mg/wk"),
    ("mg/kg/day", "mg/kg/d"),
    ("mg/month", "mg/mo"),
    ("g/month", "g/mo"),
    ("mg_every_2_weeks", "mg/(2.wk)"),
    ("g_every_2_weeks", "g/(2.wk)"),
    ("mg/m2/month", "mg/m2/mo"),
    ("g/m2/month", "g/m2/mo"),
    ("mg/m2_every_2_weeks", "mg/m2/(2.wk)"),
    ("g/m2_every_2_weeks", "g/m2/(2.wk)"),
    ("mg/kg/month", "mg/kg/mo"),
    ("mg", "mg"),
    ("g", "g"),
    ("mg/m2", "mg/m2"),
    ("mg/kg", "mg/kg"),
    ("day", "d"),
    ("week", "wk"),
    ("month", "mo"),
    ("year", "a"),
    ("cm", "cm"),
    ("in", "[in_i]"),
];

/// The UCUM code of a unit id of `units.rs`.
pub fn ucum(unit_id: &str) -> Option<&'static str> {
    UCUM_CODES
        .iter()
        .find(|(id, _)| *id == unit_id)
        .map(|(_, code)| *code)
}

/// A unit as a FHIR Coding, as `questionnaire-unitOption` and `valueQuantity` carry it.
fn unit_coding(u: &crate::units::Unit) -> Value {
    json!({"system": UCUM, "code": ucum(u.id).unwrap_or(u.id), "display": u.symbol})
}

/// A value in a unit as a FHIR Quantity.
fn unit_quantity(u: &crate::units::Unit, value: f64) -> Value {
    json!({"value": value, "unit": u.symbol, "system": UCUM, "code": ucum(u.id).unwrap_or(u.id)})
}

/// The `translation` extensions of a text, one per language of `languages` other than the base
/// language (the element's own value), as FHIR carries them on `_text` or `_display`.
fn translations(text: &Text, languages: &[String]) -> Value {
    let ext: Vec<Value> = languages
        .iter()
        .filter(|l| *l != BASE_LANGUAGE && text.has(l))
        .map(|l| {
            json!({"url": TRANSLATION, "extension": [
                {"url": "lang", "valueCode": l},
                {"url": "content", "valueString": text.get(l)},
            ]})
        })
        .collect();
    json!({ "extension": ext })
}

/// Sets `key` to the base-language text and `_key` to its translations.
fn put_text(v: &mut Value, key: &str, text: &Text, languages: &[String]) {
    v[key] = json!(text.get(BASE_LANGUAGE));
    let t = translations(text, languages);
    if t["extension"].as_array().is_some_and(|e| !e.is_empty()) {
        v[format!("_{key}")] = t;
    }
}

/// The linkId of a group's item, which never equals a fact id (those have no hyphen).
fn group_link(id: &str) -> String {
    format!("group-{id}")
}

fn page_link(id: &str) -> String {
    format!("page-{id}")
}

/// What one group item holds, in order: facts on a page of their own, and pages of several.
enum Entry<'a> {
    Fact(&'a Fact),
    Page(&'a Page, Vec<&'a Fact>),
}

/// The trials file's groups, each with its facts in file order, a page of several standing
/// where its first fact does; the Questionnaire and the QuestionnaireResponse share it.
fn layout<'a>(groups: &'a [Group], facts: &'a [Fact]) -> Vec<(&'a Group, Vec<Entry<'a>>)> {
    groups
        .iter()
        .map(|g| {
            let mut entries = Vec::new();
            let mut placed: Vec<&str> = Vec::new();
            for f in facts.iter().filter(|f| f.group == g.id) {
                if placed.contains(&f.id.as_str()) {
                    continue;
                }
                match g.pages.iter().find(|p| p.facts.contains(&f.id)) {
                    Some(page) => {
                        let on_page: Vec<&Fact> = page
                            .facts
                            .iter()
                            .filter_map(|id| facts.iter().find(|f| &f.id == id))
                            .collect();
                        placed.extend(on_page.iter().map(|f| f.id.as_str()));
                        entries.push(Entry::Page(page, on_page));
                    }
                    None => {
                        placed.push(&f.id);
                        entries.push(Entry::Fact(f));
                    }
                }
            }
            (g, entries)
        })
        .collect()
}

/// Text safe inside XHTML.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unit_has_one_ucum_code_and_codes_tell_a_quantitys_units_apart() {
        for q in crate::units::QUANTITIES {
            let codes: Vec<&str> = q
                .units
                .iter()
                .map(|u| ucum(u.id).unwrap_or_else(|| panic!("no UCUM code for {}", u.id)))
                .collect();
            for (i, c) in codes.iter().enumerate() {
                assert!(!codes[..i].contains(c), "{}: {c} twice", q.id);
            }
        }
        assert_eq!(ucum("10^9/L"), Some("10*9/L"));
        assert_eq!(ucum("furlongs"), None);
    }

    #[test]
    fn xhtml_text_is_escaped() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
