//! The journey as a patient walks it: nearby studies first, related facts on one page,
//! follow-ups only after the answer they follow, sections kept together, and the verdicts at
//! the end the same as if every question had been answered.

use prescreen::engine::journey::{walk, Journey};
use prescreen::engine::{Screener, Verdict};
use prescreen::geo::{Cities, Reach};
use prescreen::model::{Answer, Answers, FactKind};
use std::path::Path;
use std::rc::Rc;

fn screener() -> Rc<Screener> {
    // The sample patients' dates are years before any day these tests run on.
    let today = prescreen::engine::Date::parse("2026-12-01").expect("a date");
    Rc::new(
        Screener::load(include_str!("../trials.json"))
            .expect("trials.json loads")
            .as_of(today),
    )
}

fn cities() -> Cities {
    Cities::parse(include_str!("../cities.json")).expect("cities.json reads")
}

/// Pages asked before pages, follow-ups and reach (one fact per page, every study in reach),
/// as the journey benchmark reports them.
fn before() -> std::collections::BTreeMap<String, usize> {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../bench/journey-before.json")).expect("reads");
    serde_json::from_value(v["pages"].clone()).expect("pages per patient")
}

struct Patient {
    name: String,
    answers: Answers,
    city: String,
}

/// The sample patients that say where they live.
fn patients(s: &Screener) -> Vec<Patient> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patients");
    let mut out: Vec<Patient> = std::fs::read_dir(dir)
        .expect("the sample patients exist")
        .filter_map(|e| {
            let path = e.ok()?.path();
            let text = std::fs::read_to_string(&path).ok()?;
            let v: serde_json::Value = serde_json::from_str(&text).ok()?;
            let city = v.get("$location")?.get("label")?.as_str()?.to_string();
            Some(Patient {
                name: path.file_stem()?.to_str()?.to_string(),
                answers: s
                    .parse_answers(&text)
                    .expect("a sample patient's answers fit"),
                city,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 10, "at least ten sample patients with a city");
    out
}

/// The trials within `reach` of a patient in `city` (an English name from the bundled list).
fn within(s: &Screener, city: &str, reach: Reach) -> Vec<bool> {
    let cities = cities();
    let c = (cities.cities.iter())
        .find(|c| c.label("en") == city)
        .unwrap_or_else(|| panic!("{city} is in the bundled list"));
    s.within(reach, c.point(), Some(&c.country))
}

fn journey(s: &Rc<Screener>, p: &Patient, reach: Reach) -> (Journey, Vec<bool>) {
    let near = within(s, &p.city, reach);
    (walk(s.clone(), &p.answers, Some(near.clone())), near)
}

/// Every answer the patient would give, "I don't know" for the rest.
fn every_answer(s: &Screener, p: &Patient) -> Answers {
    let mut all = p.answers.clone();
    for f in s.facts() {
        if all.get(&f.id).is_none() && f.unknown_allowed {
            all.set(f.id.clone(), Answer::Unknown);
        }
    }
    all
}

#[test]
fn nearby_studies_are_settled_in_at_most_15_pages_and_no_patient_is_asked_more_than_before() {
    let s = screener();
    let mut pages = vec![];
    let before = before();
    assert!(
        before.len() >= 10,
        "the figures from before cover the sample patients"
    );
    for p in patients(&s) {
        let (j, _) = journey(&s, &p, Reach::Country);
        if let Some(before) = before.get(&p.name) {
            assert!(
                j.pages.len() <= *before,
                "{}: {} pages, {before} before",
                p.name,
                j.pages.len()
            );
        }
        pages.push(j.pages.len());
    }
    pages.sort_unstable();
    let median = pages[pages.len() / 2];
    assert!(median <= 15, "median {median} pages over {pages:?}");
}

#[test]
fn the_verdicts_at_the_end_are_those_of_answering_every_question() {
    let s = screener();
    for p in patients(&s) {
        let full: Vec<Verdict> = s
            .evaluate(&every_answer(&s, &p))
            .iter()
            .map(|r| r.verdict)
            .collect();
        let (j, near) = journey(&s, &p, Reach::Country);
        for (r, (f, n)) in j.results.iter().zip(full.iter().zip(&near)) {
            if *n {
                assert_eq!(r.verdict, *f, "{}: {}", p.name, s.trial_id(r.trial));
            }
        }
        let everywhere = walk(s.clone(), &p.answers, None);
        let got: Vec<Verdict> = everywhere.results.iter().map(|r| r.verdict).collect();
        assert_eq!(got, full, "{}, every study in reach", p.name);
    }
}

#[test]
fn a_patient_near_paris_is_asked_nothing_only_the_far_studies_need() {
    let s = screener();
    let paris = s
        .trials()
        .position(|t| t.id == "NCT03562065")
        .expect("Paris");
    for p in patients(&s).iter().filter(|p| p.city == "Paris") {
        let (j, near) = journey(&s, p, Reach::Country);
        assert_eq!(
            near.iter().filter(|n| **n).count(),
            1,
            "only the Paris study is in France"
        );
        assert!(near[paris]);
        for f in j.pages.iter().flatten() {
            let readers = s.trials_reading(f);
            assert!(
                readers.contains(&paris) || is_parent_of_one_read_by(&s, f, paris),
                "{}: {f} is read only by studies far from Paris",
                p.name
            );
        }
    }
}

fn is_parent_of_one_read_by(s: &Screener, fact: &str, trial: usize) -> bool {
    s.facts().iter().any(|f| {
        f.follows.as_ref().is_some_and(|x| x.fact == fact)
            && s.trials_reading(&f.id).contains(&trial)
    })
}

/// Answers of `parent` that do not open `child`: "I don't know", and each answer outside the
/// one the follow-up names.
fn closing_answers(s: &Screener, child: &str) -> Vec<(String, Answer)> {
    let f = s.fact(child).expect("a fact");
    let follows = f.follows.as_ref().expect("a follow-up");
    let parent = s.fact(&follows.fact).expect("its parent");
    let mut out = vec![(parent.id.clone(), Answer::Unknown)];
    match &parent.answer {
        FactKind::YesNo => out.push((parent.id.clone(), Answer::Bool(!follows.is.expect("is")))),
        FactKind::Choice { options } => {
            let opening = follows.one_of.clone().unwrap_or_default();
            out.extend(
                (options.iter())
                    .filter(|o| !opening.contains(&o.id))
                    .map(|o| (parent.id.clone(), Answer::Choice(o.id.clone()))),
            );
        }
        FactKind::Multi { .. } => out.push((parent.id.clone(), Answer::Multi(vec![]))),
        _ => panic!("{child} follows a fact that cannot open it"),
    }
    out
}

#[test]
fn follow_ups_are_never_asked_after_no_or_i_dont_know_to_their_parent() {
    let s = screener();
    let follow_ups: Vec<String> = (s.facts().iter())
        .filter(|f| f.follows.is_some())
        .map(|f| f.id.clone())
        .collect();
    assert!(follow_ups.len() >= 4, "trials.json declares its follow-ups");
    let people = patients(&s);
    for child in &follow_ups {
        for (parent, answer) in closing_answers(&s, child) {
            for p in &people {
                let mut answers = p.answers.clone();
                answers.set(parent.clone(), answer.clone());
                // Also when the patient would have an answer for the follow-up.
                answers.remove(child);
                let j = walk(s.clone(), &answers, None);
                assert!(
                    !j.pages.iter().flatten().any(|f| f == child),
                    "{}: {child} asked after {parent} = {answer:?}",
                    p.name
                );
            }
        }
    }
}

#[test]
fn a_follow_up_is_asked_once_its_parent_opens_it() {
    let s = screener();
    let people = patients(&s);
    let seoul = people
        .iter()
        .find(|p| p.name == "journey_seoul_man_nephritis")
        .expect("the Seoul patient");
    let (j, _) = journey(&s, seoul, Reach::Country);
    let asked: Vec<&String> = j.pages.iter().flatten().collect();
    let at = |f: &str| asked.iter().position(|a| *a == f);
    let (nephritis, biopsy) = (at("lupus_nephritis"), at("biopsy_class"));
    assert!(
        nephritis.is_some() && biopsy > nephritis,
        "the biopsy follows the nephritis answer: {asked:?}"
    );
}

#[test]
fn pages_of_one_section_come_together() {
    let s = screener();
    let group = |f: &str| s.fact(f).expect("a fact").group.clone();
    for p in patients(&s) {
        for reach in [Reach::Country, Reach::Anywhere] {
            let (j, _) = journey(&s, &p, reach);
            let gate_pages = (j.pages.iter())
                .filter(|page| page.iter().any(|f| s.fact(f).expect("a fact").gate))
                .count();
            let sections: Vec<String> = j.pages.iter().map(|page| group(&page[0])).collect();
            for page in &j.pages {
                assert!(
                    page.iter().all(|f| group(f) == group(&page[0])),
                    "{}: a page mixes sections: {page:?}",
                    p.name
                );
            }
            let changes = sections.windows(2).filter(|w| w[0] != w[1]).count();
            assert!(
                changes <= s.groups().len() + gate_pages,
                "{}: {changes} changes of section over {sections:?}",
                p.name
            );
        }
    }
}

type Edit = dyn Fn(&mut serde_json::Value);

/// trials.json with one edit, as a clinic might make it.
fn edited(edit: impl Fn(&mut serde_json::Value)) -> Vec<String> {
    let mut v: serde_json::Value = serde_json::from_str(include_str!("../trials.json")).unwrap();
    edit(&mut v);
    match Screener::load(&v.to_string()) {
        Ok(_) => vec![],
        Err(findings) => findings
            .iter()
            .map(|f| format!("{}: {}", f.path, f.message))
            .collect(),
    }
}

fn fact_mut<'v>(v: &'v mut serde_json::Value, id: &str) -> &'v mut serde_json::Value {
    (v["facts"].as_array_mut().unwrap().iter_mut())
        .find(|f| f["id"] == id)
        .unwrap()
}

#[test]
fn check_refuses_pages_and_follow_ups_that_could_not_be_asked() {
    // groups[1] is "Your lupus", whose first page is its test results.
    let page = |v: &mut serde_json::Value| v["groups"][1]["pages"][0]["facts"].clone();
    let cases: Vec<(&str, Box<Edit>)> = vec![
        (
            "a page holds facts of its own group only",
            Box::new(|v| {
                v["groups"][1]["pages"][0]["facts"]
                    .as_array_mut()
                    .unwrap()
                    .push("platelets".into())
            }),
        ),
        (
            "already on page",
            Box::new(move |v| {
                let facts = page(v);
                v["groups"][1]["pages"].as_array_mut().unwrap().push(serde_json::json!({
                    "id": "again", "title": {"en": "A", "ko": "A", "zh": "A", "fr": "A"}, "facts": facts
                }));
            }),
        ),
        (
            "unknown option \"sometimes\"",
            Box::new(|v| fact_mut(v, "cancer_when")["follows"]["in"][0] = "sometimes".into()),
        ),
        (
            "use \"is\" for yes/no",
            Box::new(|v| {
                fact_mut(v, "biopsy_class")["follows"] =
                    serde_json::json!({"fact": "sex", "is": true})
            }),
        ),
        (
            "form a loop",
            Box::new(|v| {
                fact_mut(v, "lupus_nephritis")["follows"] =
                    serde_json::json!({"fact": "biopsy_class", "in": ["class_3"]})
            }),
        ),
        (
            "unknown fact \"kidney\"",
            Box::new(|v| fact_mut(v, "biopsy_class")["follows"]["fact"] = "kidney".into()),
        ),
    ];
    for (expected, edit) in cases {
        let errors = edited(edit);
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "expected \"{expected}\" among {errors:?}"
        );
    }
    assert_eq!(edited(|_| {}), Vec::<String>::new());
}

#[test]
fn the_start_page_promises_the_pages_the_sample_patients_answer() {
    let s = screener();
    let median = |reach: Option<Reach>| {
        let mut pages: Vec<usize> = (patients(&s).iter())
            .map(|p| match reach {
                Some(r) => journey(&s, p, r).0.pages.len(),
                None => walk(s.clone(), &p.answers, None).pages.len(),
            })
            .collect();
        pages.sort_unstable();
        (pages[pages.len() / 2], pages)
    };
    let (all, pages) = median(None);
    assert_eq!(
        prescreen::engine::journey::USUAL_PAGES,
        all,
        "the median over {pages:?}"
    );
    let (near, pages) = median(Some(Reach::Country));
    assert_eq!(
        prescreen::engine::journey::USUAL_PAGES_NEAR,
        near,
        "the median in the patient's country over {pages:?}"
    );
}

/// Whether `fact` is the treatment list or opens only after it (a medicine's own page).
fn of_the_treatment_history(s: &Screener, fact: &str) -> bool {
    let mut f = fact;
    for _ in 0..s.facts().len() {
        if f == "treatments" {
            return true;
        }
        match s.fact(f).and_then(|x| x.follows.as_ref()) {
            Some(on) => f = &on.fact,
            None => return false,
        }
    }
    false
}

/// The prefix of the facts asked about medicine `option` (`azathioprine` → `aza`): the facts
/// that open when it is chosen.
fn key<'a>(s: &'a Screener, option: &str) -> &'a str {
    s.facts()
        .iter()
        .find(|f| {
            f.follows.as_ref().is_some_and(|on| {
                on.fact == "treatments"
                    && on
                        .has_any
                        .as_ref()
                        .is_some_and(|o| o.iter().any(|x| x == option))
            })
        })
        .and_then(|f| f.id.rsplit_once('_'))
        .map_or("", |(k, _)| k)
}

#[test]
fn a_patient_who_took_two_medicines_answers_at_most_three_medicine_pages() {
    let s = screener();
    let FactKind::Multi { options } = &s.fact("treatments").expect("the list").answer else {
        panic!("treatments is a list to choose from");
    };
    let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
    assert!(ids.len() >= 16, "{ids:?}");
    let base = patients(&s)
        .into_iter()
        .find(|p| p.name == "journey_seoul_man_nephritis")
        .expect("the Seoul sample patient");
    let (mut pairs, mut most) = (0, 0);
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let mut answers = base.answers.clone();
            answers.set(
                "treatments".to_string(),
                Answer::Multi(vec![a.to_string(), b.to_string()]),
            );
            // "Stopped", so that the date it was last taken opens too; the rest "I don't know".
            for m in [a, b] {
                let ongoing = format!("{}_ongoing", key(&s, m));
                if s.fact(&ongoing).is_some() {
                    answers.set(ongoing, Answer::Bool(false));
                }
            }
            let j = walk(s.clone(), &answers, None);
            let pages = (j.pages.iter())
                .filter(|p| p.iter().any(|f| of_the_treatment_history(&s, f)))
                .count();
            assert!(
                pages <= 3,
                "{a} and {b}: {pages} medicine pages in {:?}",
                j.pages
            );
            most = most.max(pages);
            pairs += 1;
        }
    }
    assert_eq!(pairs, ids.len() * (ids.len() - 1) / 2);
    assert_eq!(most, 3, "the list and both medicines' pages are asked");
}
