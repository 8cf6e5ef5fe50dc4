//! A patient's answers as a FHIR R4 QuestionnaireResponse, with the screening result a person
//! can read, and the answers read back from one, skipping whatever does not fit.

use super::*;
use crate::engine::{Screener, TrialResult, Verdict};
use crate::geo::Location;
use crate::model::{Answer, Answers, FactKind};
use crate::units;
use std::collections::BTreeMap;

/// Answers and location read from a QuestionnaireResponse.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FromResponse {
    pub answers: Answers,
    pub location: Option<Location>,
    /// The path of the item each answer was read from (`item[2].item[0]`), by fact id.
    pub read_at: BTreeMap<String, String>,
    pub skipped: Vec<Skipped>,
}

/// An item, or the whole response, left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// The item's linkId (empty for the response as a whole).
    pub link_id: String,
    /// JSON path of what was skipped, e.g. `item[1].item[3].answer[0]`.
    pub path: String,
    /// Whether the linkId names a fact of the trials file.
    pub known: bool,
    pub reason: String,
}

fn verdict_words(v: Verdict, lang: &str) -> &'static str {
    let t = crate::i18n::strings(lang);
    match v {
        Verdict::MayQualify => t.may_qualify,
        Verdict::NeedMoreInformation => t.need_more,
        Verdict::ProbablyNot => t.probably_not,
    }
}

/// One answer as the `answer` list of its item.
fn answer_values(fact: &Fact, answer: &Answer, lang: &str) -> Vec<Value> {
    let coding = |system: String, code: &str, display: &str| json!({"valueCoding": {"system": system, "code": code, "display": display}});
    let option = |id: &str| {
        let label = fact.answer.options().iter().find(|o| o.id == id);
        coding(
            option_system(&fact.id),
            id,
            label.map_or(id, |o| o.label.get(lang)),
        )
    };
    match answer {
        Answer::Unknown => vec![json!({"valueCoding": {
            "system": DATA_ABSENT_REASON, "code": "asked-unknown", "display": "Asked But Unknown"}})],
        Answer::Bool(b) => vec![json!({ "valueBoolean": b })],
        Answer::Number { value, unit } => {
            let FactKind::Number { quantity, .. } = &fact.answer else {
                return vec![];
            };
            let Some(u) = units::quantity(quantity).and_then(|q| q.unit(unit)) else {
                return vec![];
            };
            vec![json!({ "valueQuantity": unit_quantity(u, *value) })]
        }
        Answer::OfUpperLimit { value, upper_limit } => vec![json!({
            "extension": [{"url": extension_url(UPPER_LIMIT_OF_NORMAL),
                           "valueQuantity": {"value": upper_limit}}],
            "valueQuantity": {"value": value},
        })],
        Answer::WithinNormal => vec![coding(INTERPRETATION.into(), "N", "Normal")],
        Answer::Choice(c) => vec![option(c)],
        Answer::Multi(cs) if cs.is_empty() => vec![coding(
            answer_system(),
            NONE_OF_THESE,
            crate::i18n::strings(lang).none_of_these,
        )],
        Answer::Multi(cs) => cs.iter().map(|c| option(c)).collect(),
        Answer::Date { date, about: false } => vec![json!({ "valueDate": date })],
        Answer::Date { date, about: true } => vec![json!({
            "extension": [{"url": extension_url(APPROXIMATE), "valueBoolean": true}],
            "valueDate": date,
        })],
    }
}

fn location_extension(l: &Location) -> Value {
    let sub = match l {
        Location::Skipped => vec![json!({"url": "skipped", "valueBoolean": true})],
        Location::At {
            label,
            point,
            country,
            reach,
        } => {
            let mut sub = vec![];
            if !label.trim().is_empty() {
                sub.push(json!({"url": "label", "valueString": label}));
            }
            sub.push(json!({"url": "latitude", "valueDecimal": point.lat}));
            sub.push(json!({"url": "longitude", "valueDecimal": point.lon}));
            if let Some(c) = country {
                sub.push(json!({"url": "country", "valueCode": c}));
            }
            if let Some(r) = reach {
                sub.push(json!({"url": "reach", "valueString": r.as_string()}));
            }
            sub
        }
    };
    json!({"url": extension_url(PATIENT_LOCATION), "extension": sub})
}

/// The screening result of one trial as a contained Observation: the verdict, never a decision
/// on eligibility, with its reasons as notes.
fn result_observation(s: &Screener, r: &TrialResult, authored: &str, lang: &str) -> Value {
    let t = s.trial(r.trial);
    let criterion = |c: &crate::engine::CriterionResult| match c.subgroup {
        None => t.criteria[c.index].plain.get(lang).to_string(),
        Some(g) => t.subgroups[g].criteria[c.index].plain.get(lang).to_string(),
    };
    let mut notes: Vec<Value> = vec![];
    for (g, v) in t.subgroups.iter().zip(&r.subgroups) {
        let text = format!("{}: {}", g.name.get(lang), verdict_words(*v, lang));
        notes.push(json!({ "text": text }));
    }
    let sections = [
        ("Rules you out", r.reasons().collect::<Vec<_>>()),
        ("Waiting on your answers", r.open().collect()),
        ("To confirm with the study team", r.study_team().collect()),
    ];
    for (title, list) in sections {
        notes.extend(
            list.into_iter()
                .map(|c| json!({"text": format!("{title}: {}", criterion(c))})),
        );
    }
    let mut o = json!({
        "resourceType": "Observation",
        "id": format!("result-{}", t.id),
        "status": "preliminary",
        "code": {"text": "Pre-screening result for a clinical trial (not a decision on eligibility: only the study team decides)"},
        "focus": [{"identifier": {"system": CLINICALTRIALS_GOV, "value": t.id}, "display": t.title.get(lang)}],
        "derivedFrom": [{"reference": "#"}],
        "valueCodeableConcept": {
            "coding": [{"system": verdict_system(), "code": r.verdict.id(), "display": verdict_words(r.verdict, lang)}],
            "text": verdict_words(r.verdict, lang),
        },
    });
    if !authored.is_empty() {
        o["effectiveDateTime"] = json!(authored);
    }
    if !notes.is_empty() {
        o["note"] = json!(notes);
    }
    o
}

/// The narrative a person reads: each trial's verdict and the reasons that rule the patient out.
fn narrative(s: &Screener, results: &[TrialResult], lang: &str) -> Value {
    let mut div = format!(
        "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>{}</p><ul>",
        escape(crate::i18n::strings(lang).start_not_decision)
    );
    for r in results {
        let t = s.trial(r.trial);
        div += &format!(
            "<li><b>{}</b> {}: {}",
            escape(&t.id),
            escape(t.title.get(lang)),
            escape(verdict_words(r.verdict, lang))
        );
        let reasons: Vec<String> = r
            .reasons()
            .map(|c| match c.subgroup {
                None => t.criteria[c.index].plain.get(lang),
                Some(g) => t.subgroups[g].criteria[c.index].plain.get(lang),
            })
            .map(|p| format!("<li>{}</li>", escape(p)))
            .collect();
        if !reasons.is_empty() {
            div += &format!("<ul>{}</ul>", reasons.concat());
        }
        div += "</li>";
    }
    div += "</ul></div>";
    json!({"status": "generated", "div": div})
}

/// The answers as a FHIR R4 QuestionnaireResponse to the Questionnaire of [`questionnaire`]:
/// one item per answered fact (linkId = fact id), grouped as the Questionnaire groups them;
/// facts never asked, and answers that do not fit their fact, left out. `results` (from
/// [`Screener::evaluate`]) travel as contained Observations and the narrative; `authored` is
/// the time of download as a FHIR dateTime, e.g. `2026-11-24T09:30:00Z`; texts are in `lang`.
pub fn questionnaire_response(
    s: &Screener,
    answers: &Answers,
    location: Option<&Location>,
    results: &[TrialResult],
    authored: &str,
    lang: &str,
) -> Value {
    let fact_item = |f: &Fact| -> Option<Value> {
        let a = answers.get(&f.id)?;
        s.check_answer(&f.id, a).ok()?;
        let values = answer_values(f, a, lang);
        (!values.is_empty())
            .then(|| json!({"linkId": f.id, "text": f.question.get(lang), "answer": values}))
    };
    let group_item = |link: String, title: &str, items: Vec<Value>| {
        (!items.is_empty()).then(|| json!({"linkId": link, "text": title, "item": items}))
    };
    let items: Vec<Value> = layout(s.groups(), s.facts())
        .into_iter()
        .filter_map(|(g, entries)| {
            let inner = entries
                .iter()
                .filter_map(|e| match e {
                    Entry::Fact(f) => fact_item(f),
                    Entry::Page(p, facts) => group_item(
                        page_link(&p.id),
                        p.title.get(lang),
                        facts.iter().filter_map(|f| fact_item(f)).collect(),
                    ),
                })
                .collect();
            group_item(group_link(&g.id), g.name.get(lang), inner)
        })
        .collect();
    let mut qr = json!({
        "resourceType": "QuestionnaireResponse",
        "language": lang,
        "text": narrative(s, results, lang),
        "contained": results.iter().map(|r| result_observation(s, r, authored, lang)).collect::<Vec<_>>(),
        "questionnaire": format!("{}|{}", questionnaire_url(), s.version()),
        "status": "completed",
    });
    if let (true, Some(o)) = (results.is_empty(), qr.as_object_mut()) {
        o.remove("contained");
    }
    if let Some(l) = location {
        qr["extension"] = json!([location_extension(l)]);
    }
    if !authored.is_empty() {
        qr["authored"] = json!(authored);
    }
    if !items.is_empty() {
        qr["item"] = json!(items);
    }
    qr
}

/// Reads the answers of a QuestionnaireResponse to this project's Questionnaire (made here or
/// by any system that renders it). An item whose linkId is no fact, or whose answer does not
/// fit its fact (kind, unit, options, range), is skipped and reported, never guessed at; a
/// fact answered twice keeps neither answer. A response to another questionnaire is not read.
pub fn answers_from_response(s: &Screener, qr: &Value) -> FromResponse {
    let mut out = FromResponse::default();
    let whole = |reason: String| Skipped {
        link_id: String::new(),
        path: String::new(),
        known: false,
        reason,
    };
    if qr.get("resourceType").and_then(Value::as_str) != Some("QuestionnaireResponse") {
        out.skipped
            .push(whole("not a FHIR QuestionnaireResponse".into()));
        return out;
    }
    if let Some(q) = qr.get("questionnaire") {
        let canonical = q.as_str().unwrap_or_default();
        let url = canonical.split('|').next().unwrap_or_default();
        if url != questionnaire_url() {
            out.skipped.push(Skipped {
                path: "questionnaire".into(),
                ..whole(format!(
                    "answers the questionnaire \"{canonical}\", not this screener's ({})",
                    questionnaire_url()
                ))
            });
            return out;
        }
    }
    out.location = extension(qr, PATIENT_LOCATION).and_then(read_location);
    let mut twice: Vec<String> = vec![];
    walk(s, qr.get("item"), "item", &mut out, &mut twice);
    for fact in twice {
        out.answers.remove(&fact);
        out.read_at.remove(&fact);
    }
    out
}

/// The extension of ours named `name` on a resource or an answer, if it carries one.
fn extension<'v>(on: &'v Value, name: &str) -> Option<&'v Value> {
    let url = extension_url(name);
    on.get("extension")?
        .as_array()?
        .iter()
        .find(|x| x.get("url").and_then(Value::as_str) == Some(url.as_str()))
}

fn read_location(ext: &Value) -> Option<Location> {
    let sub = |name: &str, key: &str| -> Option<&Value> {
        ext.get("extension")?
            .as_array()?
            .iter()
            .find(|x| x.get("url").and_then(Value::as_str) == Some(name))?
            .get(key)
    };
    if sub("skipped", "valueBoolean") == Some(&json!(true)) {
        return Some(Location::Skipped);
    }
    let mut saved =
        json!({"lat": sub("latitude", "valueDecimal")?, "lon": sub("longitude", "valueDecimal")?});
    for (name, key, to) in [
        ("label", "valueString", "label"),
        ("country", "valueCode", "country"),
        ("reach", "valueString", "reach"),
    ] {
        if let Some(v) = sub(name, key) {
            saved[to] = v.clone();
        }
    }
    Location::from_saved(&json!({ Location::KEY: saved }))
}

/// Reads every answered item of `items` (at `path`), and those nested in items and answers.
fn walk(
    s: &Screener,
    items: Option<&Value>,
    path: &str,
    out: &mut FromResponse,
    twice: &mut Vec<String>,
) {
    let Some(items) = items else { return };
    let Some(items) = items.as_array() else {
        out.skipped.push(Skipped {
            link_id: String::new(),
            path: path.into(),
            known: false,
            reason: "\"item\" must be a list of items".into(),
        });
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let link = item.get("linkId").and_then(Value::as_str).unwrap_or("");
        let skip = |known: bool, path: String, reason: String| Skipped {
            link_id: link.to_string(),
            path,
            known,
            reason,
        };
        if let Some(answers) = item.get("answer") {
            let fact = s.fact(link);
            let read = match (fact, answers.as_array()) {
                (None, _) => Err(skip(
                    false,
                    at.clone(),
                    format!("there is no question \"{link}\" in this screener"),
                )),
                (Some(_), None) => Err(skip(
                    true,
                    format!("{at}.answer"),
                    "\"answer\" must be a list".into(),
                )),
                (Some(f), Some(list)) => read_answer(f, list)
                    .and_then(|a| {
                        s.check_answer(link, &a)
                            .map(|()| a)
                            .map_err(|e| (0, e.to_string()))
                    })
                    .map_err(|(n, reason)| skip(true, format!("{at}.answer[{n}]"), reason)),
            };
            match read {
                Ok(_) if out.read_at.contains_key(link) => {
                    twice.push(link.to_string());
                    out.skipped.push(skip(
                        true,
                        at.clone(),
                        format!("\"{link}\" is answered twice; neither answer is kept"),
                    ));
                }
                Ok(a) => {
                    out.answers.set(link, a);
                    out.read_at.insert(link.to_string(), at.clone());
                }
                Err(k) => out.skipped.push(k),
            }
            for (n, a) in answers.as_array().into_iter().flatten().enumerate() {
                walk(
                    s,
                    a.get("item"),
                    &format!("{at}.answer[{n}].item"),
                    out,
                    twice,
                );
            }
        }
        walk(s, item.get("item"), &format!("{at}.item"), out, twice);
    }
}

/// The code of a Coding in `system`, if it is one.
fn code_in<'v>(v: &'v Value, system: &str) -> Option<&'v str> {
    let c = v.get("valueCoding")?;
    (c.get("system")?.as_str()? == system)
        .then(|| c.get("code")?.as_str())
        .flatten()
}

fn is_unknown(v: &Value) -> bool {
    code_in(v, DATA_ABSENT_REASON) == Some("asked-unknown")
}

/// One fact's answer from its item's `answer` list; an error names the answer (by index) that
/// does not fit.
fn read_answer(f: &Fact, list: &[Value]) -> Result<Answer, (usize, String)> {
    let only = || match list {
        [one] => Ok(one),
        [] => Err((0, "the item has an empty \"answer\" list".to_string())),
        _ => Err((
            1,
            "several answers to a question that takes one".to_string(),
        )),
    };
    let unfit = |n: usize, what: &str| Err((n, format!("expected {what}")));
    if let [one] = list {
        if is_unknown(one) {
            return Ok(Answer::Unknown);
        }
    }
    match &f.answer {
        FactKind::YesNo => match only()?.get("valueBoolean").and_then(Value::as_bool) {
            Some(b) => Ok(Answer::Bool(b)),
            None => unfit(0, "valueBoolean, or the asked-unknown data-absent-reason"),
        },
        FactKind::Choice { .. } => match code_in(only()?, &option_system(&f.id)) {
            Some(c) => Ok(Answer::Choice(c.to_string())),
            None => unfit(0, &format!("a valueCoding in {}", option_system(&f.id))),
        },
        FactKind::Multi { .. } => {
            if let [one] = list {
                if code_in(one, &answer_system()) == Some(NONE_OF_THESE) {
                    return Ok(Answer::Multi(vec![]));
                }
            }
            let mut chosen = vec![];
            for (n, v) in list.iter().enumerate() {
                match code_in(v, &option_system(&f.id)) {
                    Some(c) => chosen.push(c.to_string()),
                    None => return unfit(n, &format!("a valueCoding in {}", option_system(&f.id))),
                }
            }
            if chosen.is_empty() {
                return unfit(0, "at least one answer");
            }
            Ok(Answer::Multi(chosen))
        }
        FactKind::Number { quantity, .. } => {
            let q = exact_quantity(only()?).map_err(|m| (0, m))?;
            if units::quantity(quantity).is_none() {
                return unfit(0, "a known quantity");
            }
            // Only the units the question offers (a dose in those of its prescriptions).
            let offered = f.answer.offered_units();
            let code = match (q.get("system").and_then(Value::as_str), q.get("code")) {
                (Some(UCUM), Some(Value::String(c))) => c.as_str(),
                _ => {
                    return unfit(
                        0,
                        "a valueQuantity with a UCUM code (system http://unitsofmeasure.org)",
                    )
                }
            };
            match offered.iter().find(|u| ucum(u.id) == Some(code)) {
                Some(u) => Ok(Answer::Number {
                    value: q["value"].as_f64().unwrap_or(f64::NAN),
                    unit: u.id.to_string(),
                }),
                None => Err((
                    0,
                    format!(
                        "\"{code}\" is not a unit for this question; use one of {}",
                        offered
                            .iter()
                            .filter_map(|u| ucum(u.id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        FactKind::Date => {
            let one = only()?;
            let Some(date) = one.get("valueDate").and_then(Value::as_str) else {
                return unfit(0, "valueDate, or the asked-unknown data-absent-reason");
            };
            let about = extension(one, APPROXIMATE)
                .is_some_and(|x| x.get("valueBoolean") == Some(&json!(true)));
            Ok(Answer::Date {
                date: date.to_string(),
                about,
            })
        }
        FactKind::UpperLimitRatio { .. } => {
            let one = only()?;
            if code_in(one, INTERPRETATION) == Some("N") {
                return Ok(Answer::WithinNormal);
            }
            let value = exact_quantity(one).map_err(|m| (0, m))?["value"]
                .as_f64()
                .unwrap_or(f64::NAN);
            let limit = extension(one, UPPER_LIMIT_OF_NORMAL).and_then(|e| e.get("valueQuantity"));
            let Some(limit) = limit else {
                return unfit(
                    0,
                    &format!(
                        "the upper limit of normal in the extension {}",
                        extension_url(UPPER_LIMIT_OF_NORMAL)
                    ),
                );
            };
            let limit = exact_quantity_of(limit).map_err(|m| (0, m))?;
            let unit_of = |q: &Value| q.get("code").or(q.get("unit")).cloned();
            if unit_of(limit) != unit_of(one.get("valueQuantity").unwrap_or(&Value::Null)) {
                return unfit(
                    0,
                    "the value and its upper limit of normal in the same unit",
                );
            }
            Ok(Answer::OfUpperLimit {
                value,
                upper_limit: limit["value"].as_f64().unwrap_or(f64::NAN),
            })
        }
    }
}

/// The `valueQuantity` of an answer, with a number and no comparator (`<` or `>` would be a
/// bound, not the value).
fn exact_quantity(answer: &Value) -> Result<&Value, String> {
    let q = answer
        .get("valueQuantity")
        .ok_or("expected a valueQuantity")?;
    exact_quantity_of(q)
}

fn exact_quantity_of(q: &Value) -> Result<&Value, String> {
    if q.get("comparator").is_some() {
        return Err("a value with a comparator (< or >) is a bound, not a value".into());
    }
    match q.get("value") {
        Some(Value::Number(_)) => Ok(q),
        _ => Err("the quantity needs its \"value\" as a number".into()),
    }
}
