//! FHIR: every resource the project writes parses with an independent FHIR implementation
//! (Python's `fhir.resources`) and keeps its key fields; answers survive a round trip through a
//! QuestionnaireResponse with the same verdicts; what does not fit is reported, never misread.

use prescreen::engine::{Date, Screener, Verdict};
use prescreen::fhir::{self, option_system, ucum, DATA_ABSENT_REASON, INTERPRETATION, UCUM};
use prescreen::geo::{Location, Point, Reach};
use prescreen::model::{Answer, Answers, FactKind, BASE_LANGUAGE};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const AUTHORED: &str = "2026-11-24T09:30:00Z";

fn screener() -> Screener {
    Screener::load(include_str!("../trials.json")).expect("trials.json loads")
}

struct Patient {
    name: String,
    answers: Answers,
    location: Option<Location>,
}

/// Every sample patient, and one answering with every kind of answer ("I don't know", a lab
/// value with its upper limit, "normal", none of several options) from Paris with a reach.
fn patients(s: &Screener) -> Vec<Patient> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patients");
    let mut out: Vec<Patient> = std::fs::read_dir(dir)
        .expect("the sample patients exist")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("reads");
            let answers = s
                .parse_answers(&text)
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            let v: Value = serde_json::from_str(&text).expect("JSON");
            Patient {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                answers,
                location: Location::from_saved(&v),
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 10, "the sample patients are found");
    let mut every_kind = out
        .iter()
        .find(|p| p.name == "may_qualify_NCT04835883_nephritis")
        .expect("a full patient")
        .answers
        .clone();
    every_kind.set("cns_lupus", Answer::Unknown);
    every_kind.set("sledai", Answer::Unknown);
    every_kind.set(
        "alt",
        Answer::OfUpperLimit {
            value: 52.0,
            upper_limit: 40.0,
        },
    );
    every_kind.set("ast", Answer::WithinNormal);
    every_kind.set("other_autoimmune", Answer::Multi(vec![]));
    every_kind.set(
        "weight",
        Answer::Number {
            value: 154.0,
            unit: "lb".into(),
        },
    );
    assert!(s.check_answers(&every_kind).is_empty());
    out.push(Patient {
        name: "every_kind".into(),
        answers: every_kind,
        location: Some(Location::At {
            label: "Paris".into(),
            point: Point {
                lat: 48.857,
                lon: 2.352,
            },
            country: Some("FR".into()),
            reach: Some(Reach::Km(120.0)),
        }),
    });
    out
}

fn response(s: &Screener, p: &Patient) -> Value {
    let results = s.evaluate(&p.answers);
    fhir::questionnaire_response(s, &p.answers, p.location.as_ref(), &results, AUTHORED, "en")
}

fn verdicts(s: &Screener, a: &Answers) -> Vec<Verdict> {
    s.evaluate(a).iter().map(|r| r.verdict).collect()
}

/// A fresh directory of this test's own.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("prescreen-fhir-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// Runs tests/fhir/validate.py on these files; what it read of each, by file path.
fn validate(files: &[PathBuf]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir/validate.py");
    let out = Command::new("python3")
        .arg(script)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}): run scripts/setup, which installs the FHIR validator (python3 and fhir.resources)"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{stderr}\nfhir.resources is missing: run scripts/setup"
    );
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("validate.py printed no report ({e}): {stderr}"));
    let failed: Vec<String> = report
        .as_object()
        .expect("a report by file")
        .iter()
        .filter_map(|(f, r)| r.get("error").map(|e| format!("{f}: {e}")))
        .collect();
    assert!(
        failed.is_empty(),
        "not valid FHIR R4:\n{}",
        failed.join("\n")
    );
    assert!(out.status.success(), "{stderr}");
    report
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(v).unwrap()).expect("writes");
    path
}

/// Checks what the independent parser read of one answer against the answer given.
fn check_answer(s: &Screener, fact: &str, given: &Answer, read: &[Value]) {
    let one = |what: &str| -> &Value {
        assert_eq!(read.len(), 1, "{fact}: one answer ({what}): {read:?}");
        assert_eq!(read[0]["type"], what, "{fact}: {read:?}");
        &read[0]
    };
    let coding = |v: &Value, system: &str, code: &str| {
        assert_eq!(
            (v["system"].as_str(), v["code"].as_str()),
            (Some(system), Some(code)),
            "{fact}"
        );
    };
    match given {
        Answer::Unknown => coding(one("valueCoding"), DATA_ABSENT_REASON, "asked-unknown"),
        Answer::Bool(b) => assert_eq!(one("valueBoolean")["value"], *b, "{fact}"),
        Answer::Number { value, unit } => {
            let q = one("valueQuantity");
            let FactKind::Number { quantity, .. } = s.kind(fact).unwrap() else {
                panic!("{fact} is a number")
            };
            let unit = prescreen::units::quantity(quantity)
                .unwrap()
                .unit(unit)
                .unwrap();
            coding(q, UCUM, ucum(unit.id).unwrap());
            assert_eq!(q["value"].as_f64(), Some(*value), "{fact}");
        }
        Answer::Date { date, about } => {
            let d = one("valueDate");
            assert_eq!(d["value"].as_str(), Some(date.as_str()), "{fact}");
            assert_eq!(d["approximate"], *about, "{fact}");
        }
        Answer::OfUpperLimit { value, upper_limit } => {
            let q = one("valueQuantity");
            assert_eq!(q["value"].as_f64(), Some(*value), "{fact}");
            assert_eq!(q["upper_limit"].as_f64(), Some(*upper_limit), "{fact}");
        }
        Answer::WithinNormal => coding(one("valueCoding"), INTERPRETATION, "N"),
        Answer::Choice(c) => coding(one("valueCoding"), &option_system(fact), c),
        Answer::Multi(cs) if cs.is_empty() => coding(
            one("valueCoding"),
            &fhir::answer_system(),
            fhir::NONE_OF_THESE,
        ),
        Answer::Multi(cs) => {
            assert_eq!(read.len(), cs.len(), "{fact}: {read:?}");
            for (c, r) in cs.iter().zip(read) {
                assert_eq!(r["type"], "valueCoding", "{fact}");
                coding(r, &option_system(fact), c);
            }
        }
    }
}

#[test]
fn every_resource_written_parses_as_fhir_r4_and_keeps_its_key_fields() {
    let s = screener();
    let dir = temp_dir("validate");
    let patients = patients(&s);
    let mut files: Vec<PathBuf> = patients
        .iter()
        .map(|p| write(&dir, &format!("{}.qr.json", p.name), &response(&s, p)))
        .collect();
    let q_path = write(&dir, "questionnaire.json", &fhir::questionnaire(&s));
    let b_path = write(&dir, "studies.json", &fhir::research_studies(&s));
    files.extend([q_path.clone(), b_path.clone()]);
    let report = validate(&files);
    let _ = std::fs::remove_dir_all(&dir);

    let canonical = format!("{}|{}", fhir::questionnaire_url(), s.version());
    for (p, path) in patients.iter().zip(&files) {
        let r = &report[path.to_string_lossy().as_ref()];
        assert_eq!(r["kind"], "QuestionnaireResponse", "{}", p.name);
        assert_eq!(r["status"], "completed");
        assert_eq!(r["questionnaire"], canonical.as_str());
        assert_eq!(r["authored"], true);
        assert_eq!(
            r["contained"].as_array().unwrap().len(),
            s.trial_count(),
            "{}: one result per trial",
            p.name
        );
        let read = r["answers"].as_object().unwrap();
        let given: Vec<&String> = p.answers.0.keys().collect();
        let written: Vec<&String> = read.keys().collect();
        let mut given_sorted = given.clone();
        given_sorted.sort();
        let mut written_sorted = written.clone();
        written_sorted.sort();
        assert_eq!(
            written_sorted, given_sorted,
            "{}: every answered fact, no other",
            p.name
        );
        for (fact, a) in &p.answers.0 {
            check_answer(&s, fact, a, read[fact].as_array().unwrap());
        }
        let has_location = r["extensions"]
            .as_array()
            .unwrap()
            .contains(&json!(fhir::extension_url(fhir::PATIENT_LOCATION)));
        assert_eq!(has_location, p.location.is_some(), "{}", p.name);
    }
    assert!(patients
        .iter()
        .any(|p| p.answers.0.values().any(|a| *a == Answer::Unknown)));

    let q = &report[q_path.to_string_lossy().as_ref()];
    assert_eq!(q["url"], fhir::questionnaire_url().as_str());
    assert_eq!(q["version"], s.version());
    let items = q["items"].as_object().unwrap();
    let others: Vec<&String> = s
        .languages()
        .iter()
        .filter(|l| *l != BASE_LANGUAGE)
        .collect();
    assert!(others.len() >= 3, "ko, zh and fr");
    for (link, item) in items {
        for w in item["enableWhen"].as_array().unwrap() {
            assert!(
                items.contains_key(w.as_str().unwrap()),
                "{link}: enableWhen names no item: {w}"
            );
        }
        let langs = |v: &Value| -> Vec<String> {
            serde_json::from_value(v.clone()).expect("a list of languages")
        };
        for l in &others {
            assert!(
                langs(&item["translations"]).contains(l),
                "{link}: no {l} text"
            );
            for o in item["options"].as_array().unwrap() {
                assert!(
                    langs(&o["translations"]).contains(l),
                    "{link}: option {o} has no {l}"
                );
            }
        }
    }
    for f in s.facts() {
        let item = &items[&f.id];
        assert!(item.is_object(), "{}: no item", f.id);
        assert!(
            items.contains_key(&format!("{}-help", f.id)),
            "{}: no help",
            f.id
        );
        assert_eq!(
            item["enableWhen"].as_array().unwrap().is_empty(),
            f.follows.is_none(),
            "{}",
            f.id
        );
        let codes = |system: &str| -> Vec<&str> {
            item["options"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["system"] == system)
                .map(|o| o["code"].as_str().unwrap())
                .collect()
        };
        match &f.answer {
            FactKind::YesNo => assert_eq!(item["type"], "boolean"),
            FactKind::Choice { options } | FactKind::Multi { options } => {
                assert_eq!(item["type"], "choice");
                let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                assert_eq!(codes(&option_system(&f.id)), ids, "{}", f.id);
                assert_eq!(
                    codes(DATA_ABSENT_REASON) == ["asked-unknown"],
                    f.unknown_allowed,
                    "{}",
                    f.id
                );
            }
            FactKind::Date => assert_eq!(item["type"], "date"),
            FactKind::Number {
                quantity, units, ..
            } => {
                assert_eq!(item["type"], "quantity");
                // The units the fact offers in its order, else all of its quantity's.
                let all = prescreen::units::quantity(quantity).unwrap().units;
                let want: Vec<&str> = match units.is_empty() {
                    true => all.iter().map(|u| ucum(u.id).unwrap()).collect(),
                    false => units.iter().map(|u| ucum(u).unwrap()).collect(),
                };
                assert_eq!(item["units"], json!(want), "{}", f.id);
            }
            FactKind::UpperLimitRatio { .. } => assert_eq!(item["type"], "quantity"),
        }
    }

    let b = &report[b_path.to_string_lossy().as_ref()];
    assert_eq!(b["kind"], "Bundle");
    assert_eq!(b["type"], "collection");
    let studies = b["studies"].as_array().unwrap();
    assert_eq!(studies.len(), s.trial_count());
    let r4_status = [
        "active",
        "administratively-completed",
        "approved",
        "closed-to-accrual",
        "closed-to-accrual-and-intervention",
        "completed",
        "disapproved",
        "in-review",
        "temporarily-closed-to-accrual",
        "temporarily-closed-to-accrual-and-intervention",
        "withdrawn",
    ];
    for (t, st) in s.trials().zip(studies) {
        assert_eq!(st["kind"], "ResearchStudy");
        assert_eq!(
            st["identifier"],
            json!([["https://clinicaltrials.gov", t.id]])
        );
        assert_eq!(st["title"], t.official_title.as_str());
        assert!(
            r4_status.contains(&st["status"].as_str().unwrap()),
            "{}",
            t.id
        );
        assert_eq!(
            st["phase"].as_array().unwrap().len(),
            1,
            "{}: {}",
            t.id,
            t.phase
        );
        assert_eq!(st["sponsor"], "#sponsor");
        let locations = st["locations"].as_object().unwrap();
        assert_eq!(st["sites"].as_array().unwrap().len(), t.sites.len());
        for (site, reference) in t.sites.iter().zip(st["sites"].as_array().unwrap()) {
            let l = &locations[reference.as_str().unwrap().trim_start_matches('#')];
            assert_eq!(l["position"], site.lat.is_some(), "{}: {}", t.id, site.name);
            let telecom = site
                .contacts
                .iter()
                .map(|c| usize::from(c.phone.is_some()) + usize::from(c.email.is_some()))
                .sum::<usize>();
            assert_eq!(l["telecom"], telecom, "{}: {}", t.id, site.name);
        }
    }
}

#[test]
fn answers_survive_a_questionnaire_response_with_the_same_verdicts() {
    let s = screener();
    for p in patients(&s) {
        let text = serde_json::to_string_pretty(&response(&s, &p)).unwrap();
        let restored = s.restore_answers(&text).expect("a response reads");
        assert_eq!(restored.dropped, vec![], "{}", p.name);
        assert_eq!(restored.answers, p.answers, "{}", p.name);
        assert_eq!(restored.location, p.location, "{}", p.name);
        assert_eq!(
            verdicts(&s, &restored.answers),
            verdicts(&s, &p.answers),
            "{}",
            p.name
        );
        assert_eq!(
            s.parse_answers(&text).as_ref(),
            Ok(&p.answers),
            "{}",
            p.name
        );
    }
}

#[test]
fn items_that_do_not_fit_are_reported_and_skipped_and_the_rest_kept() {
    let s = screener();
    let qty = |value: Value, code: &str| json!({"valueQuantity": {"value": value, "system": UCUM, "code": code}});
    let qr = json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": format!("{}|2020-01-01.1", fhir::questionnaire_url()),
        "item": [
            {"linkId": "group-about", "item": [
                {"linkId": "age", "answer": [qty(json!(41), "a")]},
                {"linkId": "favourite_colour", "answer": [{"valueString": "blue"}]},
            ]},
            {"linkId": "creatinine", "answer": [qty(json!(1.1), "mmol/L")]},
            {"linkId": "platelets", "answer": [{"valueQuantity": {"value": 90, "comparator": "<", "system": UCUM, "code": "10*9/L"}}]},
            {"linkId": "sle_diagnosis", "answer": [{"valueString": "yes"}]},
            {"linkId": "lupus_nephritis", "answer": [{"valueBoolean": true}]},
            {"linkId": "sex", "answer": [{"valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": "female"}}]},
            {"linkId": "biopsy_class", "answer": [{"valueCoding": {"system": option_system("biopsy_class"), "code": "class_9"}}]},
            {"linkId": "haemoglobin", "answer": [qty(json!(11.5), "g/dL"), qty(json!(12), "g/dL")]},
            {"linkId": "dialysis", "answer": [{"valueBoolean": false}]},
            {"linkId": "dialysis", "answer": [{"valueBoolean": true}]},
            {"linkId": "cns_lupus", "answer": [{"valueCoding": {"system": DATA_ABSENT_REASON, "code": "asked-unknown"}}]},
            {"linkId": "alt", "answer": [{"valueQuantity": {"value": 30}}]},
            {"linkId": "age", "answer": "41"},
            7,
        ],
    });
    let text = serde_json::to_string_pretty(&qr).unwrap();
    let restored = s.restore_answers(&text).expect("read, not refused");
    let mut kept = Answers::default();
    kept.set(
        "age",
        Answer::Number {
            value: 41.0,
            unit: "years".into(),
        },
    );
    kept.set("lupus_nephritis", Answer::Bool(true));
    kept.set("cns_lupus", Answer::Unknown);
    assert_eq!(restored.answers, kept);
    let dropped: Vec<(&str, bool)> = restored
        .dropped
        .iter()
        .map(|d| (d.fact.as_str(), d.known))
        .collect();
    assert_eq!(
        dropped,
        [
            ("favourite_colour", false),
            ("creatinine", true),
            ("platelets", true),
            ("sle_diagnosis", true),
            ("sex", true),
            ("biopsy_class", true),
            ("haemoglobin", true),
            ("dialysis", true),
            ("alt", true),
            ("age", true),
        ]
    );
    let message = |fact: &str| {
        restored
            .dropped
            .iter()
            .find(|d| d.fact == fact)
            .map(|d| d.finding.to_string())
            .unwrap()
    };
    assert!(
        message("creatinine").contains("\"mmol/L\" is not a unit"),
        "{}",
        message("creatinine")
    );
    assert!(message("platelets").contains("comparator"));
    assert!(message("favourite_colour").contains("no question"));
    assert!(message("dialysis").contains("twice"));
    assert!(message("alt").contains("upper limit of normal"));
    let sex = restored.dropped.iter().find(|d| d.fact == "sex").unwrap();
    assert_eq!(sex.finding.path, "item[5].answer[0]");
    assert!(sex.finding.line > 1, "located in the text");
    assert!(s.parse_answers(&text).is_err(), "strict reading refuses it");
}

#[test]
fn malformed_or_foreign_responses_give_findings_not_answers() {
    let s = screener();
    let foreign = json!({"resourceType": "QuestionnaireResponse", "status": "completed",
        "questionnaire": "http://loinc.org/q/12345",
        "item": [{"linkId": "age", "answer": [{"valueQuantity": {"value": 41, "system": UCUM, "code": "a"}}]}]});
    let r = s.restore_answers(&foreign.to_string()).unwrap();
    assert!(r.answers.is_empty());
    assert!(r.dropped[0].finding.message.contains("not this screener"));
    for text in [
        r#"{"resourceType": "Patient"}"#,
        r#"{"resourceType": "QuestionnaireResponse", "item": {"linkId": "age"}}"#,
        r#"{"resourceType": "QuestionnaireResponse", "item": [{"linkId": 5, "answer": [null]}, {"answer": {}}, {"linkId": "age", "answer": [{"valueQuantity": {"value": "41", "system": "http://unitsofmeasure.org", "code": "a"}}]}], "extension": [{"url": 3}]}"#,
        r#"{"resourceType": "QuestionnaireResponse", "questionnaire": 12, "item": []}"#,
        r#"{"resourceType": "QuestionnaireResponse", "item": [{"linkId": "age", "answer": [{"valueQuantity": {"value": 41, "system": "http://unitsofmeasure.org", "code": "a"}}], "answer": []}]}"#,
    ] {
        let r = s.restore_answers(text).unwrap();
        assert!(r.answers.is_empty(), "{text}: {:?}", r.answers);
        assert!(!r.dropped.is_empty(), "{text}: reported");
    }
}

#[test]
fn the_command_line_writes_a_response_it_reads_back_and_the_questionnaire_and_studies() {
    let bin = env!("CARGO_BIN_EXE_prescreen");
    let root = env!("CARGO_MANIFEST_DIR");
    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let patient = "tests/patients/journey_paris_no_nephritis.json";
    let qr = run(&["screen", "--answers", patient, "--fhir"]);
    let v: Value = serde_json::from_str(&qr).unwrap();
    let authored = v["authored"].as_str().unwrap();
    assert_eq!(authored.len(), 20, "{authored}");
    assert!(
        authored.ends_with('Z') && authored.as_bytes()[10] == b'T',
        "{authored}"
    );
    let dir = temp_dir("cli");
    let path = dir.join("qr.json");
    std::fs::write(&path, &qr).unwrap();
    assert_eq!(
        run(&["screen", "--answers", path.to_str().unwrap()]),
        run(&["screen", "--answers", patient])
    );
    let _ = std::fs::remove_dir_all(&dir);
    let q: Value = serde_json::from_str(&run(&["fhir", "questionnaire"])).unwrap();
    assert_eq!(q["resourceType"], "Questionnaire");
    let b: Value = serde_json::from_str(&run(&["fhir", "studies", "trials.json"])).unwrap();
    assert_eq!(b["resourceType"], "Bundle");
}

#[test]
fn units_read_as_their_ucum_codes() {
    for (id, code) in [
        ("years", "a"),
        ("lb", "[lb_av]"),
        ("umol/L", "umol/L"),
        ("10^9/L", "10*9/L"),
        ("10^3/uL", "10*3/uL"),
        ("g/24h", "g/(24.h)"),
        ("mg_methylprednisolone", "mg{methylprednisolone}"),
        ("/hpf", "/[HPF]"),
    ] {
        assert_eq!(ucum(id), Some(code), "{id}");
    }
}

/// A date question (a follow-up on a page), doses in a few units of their quantity, weight
/// and height; today is 1 December 2026.
fn treatments() -> Screener {
    Screener::load(include_str!("fixtures/treatments.json"))
        .expect("the fixture loads")
        .as_of(Date::parse("2026-12-01").unwrap())
}

/// The fixture's patient, who last had rituximab `date` (`about` if unsure) and takes
/// mycophenolate 1,500 mg twice a day.
fn treated(date: &str, about: bool) -> Answers {
    let mut a = Answers::default();
    let number = |value: f64, unit: &str| Answer::Number {
        value,
        unit: unit.into(),
    };
    a.set("age", number(40.0, "years"));
    a.set("weight", number(70.0, "kg"));
    a.set("height", number(170.0, "cm"));
    a.set("rituximab", Answer::Bool(true));
    a.set(
        "rituximab_last",
        Answer::Date {
            date: date.into(),
            about,
        },
    );
    a.set("mmf", Answer::Choice("now".into()));
    a.set("mmf_dose", number(1500.0, "mg_twice_daily"));
    a.set("cyclophosphamide", number(500.0, "mg/m2/month"));
    a
}

#[test]
fn dates_sure_or_about_and_doses_in_a_questions_own_units_survive_a_response() {
    let s = treatments();
    let dir = temp_dir("treatments");
    use prescreen::engine::CriterionState::{self, *};
    // Whether the rituximab exclusion ("in the past 6 months") rules the patient out.
    let rituximab = |a: &Answers| -> CriterionState { s.evaluate(a)[0].criteria[1].state };
    let cases = [
        // Nine months ago: past the six months the study asks for.
        ("sure", treated("2026-03", false), Verdict::MayQualify, Met),
        // Two months ago: too recent.
        (
            "recent",
            treated("2026-10", false),
            Verdict::ProbablyNot,
            NotMet,
        ),
        // About six months ago, so maybe less: the patient may qualify, the team checks it.
        (
            "about",
            treated("2026-05", true),
            Verdict::MayQualify,
            StudyTeam,
        ),
        // Only a year, and about it: long enough ago either way.
        ("year", treated("2024", true), Verdict::MayQualify, Met),
    ];
    let mut files = vec![];
    for (name, answers, verdict, state) in &cases {
        assert!(s.check_answers(answers).is_empty(), "{name}");
        assert_eq!(verdicts(&s, answers), [*verdict], "{name}: dates decide");
        assert_eq!(rituximab(answers), *state, "{name}");
        let results = s.evaluate(answers);
        let qr = fhir::questionnaire_response(&s, answers, None, &results, AUTHORED, "en");
        let text = serde_json::to_string_pretty(&qr).unwrap();
        let restored = s.restore_answers(&text).expect("a response reads");
        assert_eq!(restored.dropped, vec![], "{name}");
        assert_eq!(&restored.answers, answers, "{name}");
        assert_eq!(verdicts(&s, &restored.answers), [*verdict], "{name}");
        assert_eq!(s.parse_answers(&text).as_ref(), Ok(answers), "{name}");
        files.push(write(&dir, &format!("{name}.qr.json"), &qr));
    }
    let q_path = write(&dir, "questionnaire.json", &fhir::questionnaire(&s));
    files.push(q_path.clone());
    let report = validate(&files);
    let _ = std::fs::remove_dir_all(&dir);
    for ((name, answers, ..), path) in cases.iter().zip(&files) {
        let read = report[path.to_string_lossy().as_ref()]["answers"]
            .as_object()
            .unwrap()
            .clone();
        for (fact, a) in &answers.0 {
            check_answer(&s, fact, a, read[fact].as_array().unwrap());
        }
        assert_eq!(read.len(), answers.0.len(), "{name}");
    }
    let items = &report[q_path.to_string_lossy().as_ref()]["items"];
    assert_eq!(items["rituximab_last"]["type"], "date");
    assert_eq!(items["rituximab_last"]["enableWhen"], json!(["rituximab"]));
    assert_eq!(
        items["mmf_dose"]["units"],
        json!(["mg{twice_a_day}", "mg/d", "g/d"]),
        "only the units offered, the first first"
    );
    assert_eq!(
        items["cyclophosphamide"]["units"],
        json!(["mg/m2/mo", "g/mo", "mg/mo"])
    );
    assert_eq!(items["height"]["units"], json!(["cm", "[in_i]"]));
}

#[test]
fn a_dose_in_a_unit_its_question_does_not_offer_is_reported_not_read() {
    let s = treatments();
    let answers = treated("2026-03", false);
    let results = s.evaluate(&answers);
    let mut qr = fhir::questionnaire_response(&s, &answers, None, &results, AUTHORED, "en");
    // The same daily dose written as a weekly one: a unit of doses, not one this question offers.
    let text = serde_json::to_string(&qr)
        .unwrap()
        .replace(r#""code":"mg{twice_a_day}""#, r#""code":"mg/wk""#)
        .replace(r#""value":1500.0"#, r#""value":21000.0"#)
        .replace(r#""value":1500"#, r#""value":21000"#);
    assert!(text.contains("mg/wk"), "the dose was rewritten");
    qr = serde_json::from_str(&text).unwrap();
    let restored = s
        .restore_answers(&serde_json::to_string_pretty(&qr).unwrap())
        .expect("read, not refused");
    let dropped: Vec<&str> = restored.dropped.iter().map(|d| d.fact.as_str()).collect();
    assert_eq!(dropped, ["mmf_dose"]);
    let message = restored.dropped[0].finding.to_string();
    assert!(
        message.contains("\"mg/wk\" is not a unit")
            && message.contains("mg{twice_a_day}, mg/d, g/d"),
        "{message}"
    );
    let mut kept = answers.clone();
    kept.remove("mmf_dose");
    assert_eq!(restored.answers, kept);
}
