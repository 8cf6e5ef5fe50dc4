//! The trials' questions as an SDC (Structured Data Capture) Questionnaire, for LHC-Forms or
//! any FHIR form renderer to ask the same questions.

use super::*;
use crate::engine::Screener;
use crate::model::{FactKind, Follows};
use crate::units;

const UNIT_OPTION: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";
const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
// R4's minValue/maxValue take no Quantity; SDC's min/maxQuantity do, in the unit they name.
const MIN_QUANTITY: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-minQuantity";
const MAX_QUANTITY: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity";
const MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";

/// An interface text in every language of `languages` the app has it in.
fn interface_text(languages: &[String], pick: fn(&crate::i18n::Strings) -> &'static str) -> Text {
    let mut t = Text::default();
    for l in languages {
        let s = crate::i18n::strings(l);
        if s.lang == l {
            t.set(l, pick(s).to_string());
        }
    }
    t
}

fn option(system: String, code: &str, label: &Text, languages: &[String]) -> Value {
    let mut coding = json!({"system": system, "code": code});
    put_text(&mut coding, "display", label, languages);
    json!({ "valueCoding": coding })
}

/// The `enableWhen` conditions of a follow-up: any one of them opens it.
fn enable_when(follows: &Follows) -> Vec<Value> {
    let when = |answer: Value| {
        let mut w = json!({"question": follows.fact, "operator": "="});
        if let (Value::Object(a), Some(o)) = (answer, w.as_object_mut()) {
            o.extend(a);
        }
        w
    };
    let coding = |c: &String| {
        when(json!({"answerCoding": {"system": option_system(&follows.fact), "code": c}}))
    };
    match (&follows.is, &follows.one_of, &follows.has_any) {
        (Some(b), _, _) => vec![when(json!({ "answerBoolean": b }))],
        (_, Some(options), _) | (_, _, Some(options)) => options.iter().map(coding).collect(),
        _ => vec![],
    }
}

/// Help for the patient (where to find the answer, then why the trials ask), as SDC's help
/// display item.
fn help_item(f: &Fact, languages: &[String]) -> Value {
    let mut text = Text::default();
    for l in languages {
        let parts: Vec<&str> = f
            .help
            .iter()
            .map(|h| h.get(l))
            .chain([f.why.get(l)])
            .filter(|p| !p.trim().is_empty())
            .collect();
        text.set(l, parts.join("\n\n"));
    }
    let mut item = json!({
        "linkId": format!("{}-help", f.id),
        "type": "display",
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{
            "system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help", "display": "Help-Button"}]}}],
    });
    put_text(&mut item, "text", &text, languages);
    item
}

fn fact_item(f: &Fact, languages: &[String]) -> Value {
    let mut item = json!({"linkId": f.id});
    put_text(&mut item, "text", &f.question, languages);
    let dont_know = |languages: &[String]| {
        let label = interface_text(languages, |s| s.dont_know);
        option(
            DATA_ABSENT_REASON.into(),
            "asked-unknown",
            &label,
            languages,
        )
    };
    let mut ext: Vec<Value> = vec![];
    match &f.answer {
        FactKind::YesNo => item["type"] = json!("boolean"),
        FactKind::Choice { options } | FactKind::Multi { options } => {
            item["type"] = json!("choice");
            let mut list: Vec<Value> = options
                .iter()
                .map(|o| option(option_system(&f.id), &o.id, &o.label, languages))
                .collect();
            if matches!(f.answer, FactKind::Multi { .. }) {
                item["repeats"] = json!(true);
                let label = interface_text(languages, |s| s.none_of_these);
                list.push(option(answer_system(), NONE_OF_THESE, &label, languages));
            }
            if f.unknown_allowed {
                list.push(dont_know(languages));
            }
            item["answerOption"] = json!(list);
        }
        FactKind::Date => item["type"] = json!("date"),
        FactKind::Number {
            quantity, min, max, ..
        } => {
            item["type"] = json!("quantity");
            if let Some(q) = units::quantity(quantity) {
                // The units the app offers, in its order: the first is the one offered first.
                ext.extend(
                    f.answer
                        .offered_units()
                        .into_iter()
                        .map(|u| json!({"url": UNIT_OPTION, "valueCoding": unit_coding(u)})),
                );
                let bound = |url: &str, v: f64| json!({"url": url, "valueQuantity": unit_quantity(q.base(), v)});
                ext.push(bound(MIN_QUANTITY, *min));
                ext.push(bound(MAX_QUANTITY, *max));
            }
        }
        FactKind::UpperLimitRatio { max } => {
            // The value in the lab's unit, with the upper limit of normal beside it in the
            // answer's extension; the limits are as a multiple of that upper limit.
            item["type"] = json!("quantity");
            ext.push(json!({"url": MIN_VALUE, "valueDecimal": 0}));
            ext.push(json!({"url": MAX_VALUE, "valueDecimal": max}));
            ext.push(json!({"url": extension_url(UPPER_LIMIT_OF_NORMAL), "valueBoolean": true}));
        }
    }
    if !ext.is_empty() {
        item["extension"] = json!(ext);
    }
    if let Some(follows) = &f.follows {
        let when = enable_when(follows);
        if when.len() > 1 {
            item["enableBehavior"] = json!("any");
        }
        item["enableWhen"] = json!(when);
    }
    item["item"] = json!([help_item(f, languages)]);
    item
}

/// The trials' questions as a FHIR R4 Questionnaire (SDC style): a group per topic, a group
/// per page of several questions, an item per fact (linkId = fact id) with its options, units,
/// limits, help, follow-up conditions and every language's text.
pub fn questionnaire(s: &Screener) -> Value {
    let languages = s.languages();
    let group = |link: String, title: &Text, items: Vec<Value>| {
        let mut g = json!({"linkId": link, "type": "group"});
        put_text(&mut g, "text", title, languages);
        g["item"] = json!(items);
        g
    };
    let items: Vec<Value> = layout(s.groups(), s.facts())
        .into_iter()
        .filter(|(_, entries)| !entries.is_empty())
        .map(|(g, entries)| {
            let inner = entries
                .iter()
                .map(|e| match e {
                    Entry::Fact(f) => fact_item(f, languages),
                    Entry::Page(p, facts) => group(
                        page_link(&p.id),
                        &p.title,
                        facts.iter().map(|f| fact_item(f, languages)).collect(),
                    ),
                })
                .collect();
            group(group_link(&g.id), &g.name, inner)
        })
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": "prescreen",
        "url": questionnaire_url(),
        "version": s.version(),
        "name": "Prescreen",
        "title": "Clinical trial pre-screening questions",
        "status": "active",
        "language": BASE_LANGUAGE,
        "subjectType": ["Patient"],
        "description": "A patient's first check against the inclusion and exclusion criteria of clinical trials. Not a decision on eligibility: only a study team decides.",
        "item": items,
    })
}
