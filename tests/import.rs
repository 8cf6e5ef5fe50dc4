//! `prescreen import`: a ClinicalTrials.gov API v2 study record becomes a trial entry that loads,
//! with the age and sex limits encoded, every free-text line kept word for word for a coordinator
//! to encode, and no rule invented. Fixtures in `tests/fixtures/registry/` are written in the
//! registry's layout; the last tests run the command line end to end.

use prescreen::engine::{CriterionState, Date, Screener, Severity, Verdict};
use prescreen::import::{import, parse_age, Imported, NOT_ENCODED};
use prescreen::model::{Answer, Answers, CriterionKind, Rule, Status, Text, Trial, TrialsFile};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TRIALS: &str = include_str!("../trials.json");
const FULL: &str = include_str!("fixtures/registry/full.json");
const MISSING_AGES: &str = include_str!("fixtures/registry/missing_ages.json");
const NA_AGES: &str = include_str!("fixtures/registry/na_ages.json");
const NO_GEOPOINT: &str = include_str!("fixtures/registry/no_geopoint.json");
const SINGLE_AGE: &str = include_str!("fixtures/registry/single_age.json");
const UNKNOWN_COUNTRY: &str = include_str!("fixtures/registry/unknown_country.json");

/// The day the tests pretend it is.
fn today() -> Date {
    Date::parse("2026-11-23").expect("a date")
}

fn imported(record: &str) -> Imported {
    import(record, today()).unwrap_or_else(|e| panic!("the record imports: {e}"))
}

/// The eligibility text of a registry record, as stored.
fn eligibility_text(record: &str) -> String {
    let v: Value = serde_json::from_str(record).expect("JSON");
    v["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
        .as_str()
        .expect("an eligibility text")
        .to_string()
}

/// trials.json with `trial` appended. The imported entry is written in English only (nothing is
/// marked as translated); `check` asks for every language in "languages", which translators
/// add later, so this copy lists English alone.
fn trials_with(trial: &Value) -> String {
    let mut v: Value = serde_json::from_str(TRIALS).expect("trials.json is JSON");
    v["languages"] = json!(["en"]);
    // Names in the other languages are refused once the file no longer declares them.
    for t in v["trials"].as_array_mut().expect("a list") {
        for site in t["sites"].as_array_mut().expect("a list") {
            site.as_object_mut().expect("an object").remove("local");
        }
    }
    v["trials"]
        .as_array_mut()
        .expect("a list")
        .push(trial.clone());
    serde_json::to_string_pretty(&v).expect("serializes")
}

/// The index the appended trial gets.
fn appended() -> usize {
    let v: Value = serde_json::from_str(TRIALS).expect("trials.json is JSON");
    v["trials"].as_array().expect("a list").len()
}

fn trial_json(i: &Imported) -> Value {
    serde_json::from_str(&i.to_json_pretty()).expect("the import prints JSON")
}

/// Loads trials.json with the imported trial appended; returns it and the trial's index.
fn load_with(i: &Imported) -> (Screener, usize) {
    let text = trials_with(&trial_json(i));
    let s = Screener::load(&text).unwrap_or_else(|e| panic!("the imported trial loads: {e:#?}"));
    let n = s.trial_count() - 1;
    let file: TrialsFile = serde_json::from_str(&text).expect("trials.json with it reads");
    assert_eq!(
        file.trials[n], i.trial,
        "the printed JSON is the trial itself"
    );
    (s, n)
}

fn age(years: f64) -> Answer {
    Answer::Number {
        value: years,
        unit: "years".into(),
    }
}

fn compare(op: &str, value: f64) -> Rule {
    Rule {
        fact: Some("age".into()),
        op: Some(op.into()),
        value: Some(value),
        unit: Some("years".into()),
        ..Rule::default()
    }
}

/// The free-text criteria of a trial (every one but the encoded age and sex limits).
fn free_text(t: &Trial) -> Vec<&prescreen::model::Criterion> {
    t.criteria
        .iter()
        .filter(|c| c.id != "inc-age" && c.id != "inc-sex")
        .collect()
}

#[test]
fn a_full_record_gives_identifiers_titles_phase_design_and_status() {
    let i = imported(FULL);
    let t = &i.trial;
    assert_eq!(t.id, "NCT09990001");
    assert_eq!(
        t.registry_url,
        "https://clinicaltrials.gov/study/NCT09990001"
    );
    assert_eq!(t.acronym.as_deref(), Some("EX-MSC"));
    assert!(t.official_title.starts_with("A Randomized, Double-Blind"));
    assert_eq!(
        t.title,
        Text::en(
            "Umbilical Cord Mesenchymal Stem Cells for Refractory Systemic Lupus Erythematosus"
        )
    );
    // The registry's Markdown escape `\>=` reads as `>=`; only English is written.
    assert!(t.summary.languages().eq(["en"]));
    assert!(t.summary.get("en").contains("(SLEDAI-2K >= 6)"));
    assert_eq!(t.phase, "Phase 1/2");
    assert!(t.design.randomized);
    assert!(t.design.placebo, "a PLACEBO_COMPARATOR arm");
    assert_eq!(t.design.masking, "double");
    assert!(i.warnings.iter().any(|w| w.contains("QUADRUPLE")));
    assert_eq!(t.design.enrollment, Some(40));
    assert!(t
        .intervention
        .get("en")
        .starts_with("UC-MSC: Two intravenous infusions"));
    assert!(t.intervention.get("en").contains("Saline: "));
    assert_eq!(t.sponsor, "Example University");
    assert_eq!(t.status.value, Status::Recruiting);
    assert_eq!(t.status.checked, "2025-03-14", "the record's last update");
    assert_eq!(t.status.start.as_deref(), Some("2024-06-01"));
    assert_eq!(t.status.completion.as_deref(), Some("2027-06"));
    assert_eq!(
        (
            t.eligibility.min_age,
            t.eligibility.max_age,
            t.eligibility.sex.as_str()
        ),
        (Some(18.0), Some(65.0), "all")
    );
    assert!(t.subgroups.is_empty());
}

#[test]
fn a_full_record_gives_every_site_with_its_country_code_coordinates_and_contacts() {
    let t = imported(FULL).trial;
    let places: Vec<(&str, &str, Option<&str>, &str)> = t
        .sites
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.city.as_str(),
                s.region.as_deref(),
                s.country.as_str(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (
                "Example University Medical Center",
                "Baltimore",
                Some("Maryland"),
                "US"
            ),
            ("Example Renji Hospital", "Shanghai", Some("Shanghai"), "CN"),
            ("Example National University Hospital", "Seoul", None, "KR"),
            ("Hôpital Exemple", "Paris", None, "FR"),
        ]
    );
    assert_eq!(
        (t.sites[0].lat, t.sites[0].lon),
        (Some(39.29038), Some(-76.61219))
    );
    let jane = &t.sites[0].contacts[0];
    assert_eq!(jane.name, "Jane Doe, RN");
    assert_eq!(jane.phone.as_deref(), Some("410-555-0100 ext. 12"));
    assert_eq!(jane.email.as_deref(), Some("jane.doe@example.org"));
    // A site listing no contact of its own gets the study's central contact.
    assert_eq!(t.sites[1].contacts.len(), 1);
    assert_eq!(
        t.sites[1].contacts[0].email.as_deref(),
        Some("lupus-msc@example.org")
    );
}

#[test]
fn age_limits_become_one_rule_over_the_age_fact_in_whole_years() {
    let t = imported(FULL).trial;
    let c = &t.criteria[0];
    assert_eq!(
        (c.id.as_str(), c.kind),
        ("inc-age", CriterionKind::Inclusion)
    );
    assert_eq!(c.source, "Minimum Age: 18 Years; Maximum Age: 65 Years");
    assert_eq!(c.plain.get("en"), "You must be 18 to 65 years old.");
    assert_eq!(
        c.rule,
        Some(Rule {
            all: Some(vec![compare(">=", 18.0), compare("<=", 65.0)]),
            ..Rule::default()
        })
    );
    assert!(
        c.study_team.is_none(),
        "whole years need no study-team note"
    );
    assert!(
        !t.criteria.iter().any(|c| c.id == "inc-sex"),
        "a study open to all sexes has no sex criterion"
    );
}

#[test]
fn each_line_of_the_free_text_is_a_criterion_word_for_word_and_no_rule_is_invented() {
    let t = imported(FULL).trial;
    let criteria = free_text(&t);
    let got: Vec<(&str, CriterionKind, &str)> = criteria
        .iter()
        .map(|c| (c.id.as_str(), c.kind, c.source.as_str()))
        .collect();
    use CriterionKind::{Exclusion as E, Inclusion as I};
    assert_eq!(
        got,
        [
            ("inc-1", I, "Age 18 to 65 years"),
            ("inc-2", I, "Diagnosis of systemic lupus erythematosus (SLE) according to the 2019 EULAR/ACR classification criteria"),
            ("inc-3", I, "SLEDAI-2K score ≥ 6 at screening"),
            ("inc-4", I, "Inadequate response to at least two of: mycophenolate mofetil, cyclophosphamide, azathioprine, belimumab"),
            ("inc-5", I, "Women of childbearing potential must agree to use effective contraception"),
            ("exc-1", E, "Active lupus nephritis requiring induction therapy, or eGFR < 30 mL/min/1.73 m²"),
            ("exc-2", E, "Active central nervous system lupus"),
            ("exc-3", E, "Pregnancy or breastfeeding"),
            ("exc-4", E, "Any of the following infections:"),
            ("exc-5", E, "HIV, hepatitis B or hepatitis C"),
            ("exc-6", E, "active tuberculosis"),
            ("exc-7", E, "Malignancy within the past 5 years, except treated basal cell carcinoma of the skin"),
        ]
    );
    let text = eligibility_text(FULL);
    for c in &criteria {
        assert!(c.rule.is_none(), "{}: a rule was invented", c.id);
        assert_eq!(c.plain.get("en"), c.source, "{}", c.id);
        assert!(c.plain.languages().eq(["en"]), "{}: only English", c.id);
        assert_eq!(
            c.study_team.as_ref().map(|s| s.get("en")),
            Some(NOT_ENCODED)
        );
        // Word for word: each source is in the registry text (escapes aside).
        assert!(
            text.replace("\\<", "<").contains(&c.source),
            "{}: {:?} is not in the registry text",
            c.id,
            c.source
        );
    }
    // Headings and blank lines are not criteria.
    assert!(!criteria.iter().any(|c| c.source.contains("Criteria")));
    let non_blank = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains("Criteria:"))
        .count();
    assert_eq!(criteria.len(), non_blank, "one criterion per line");
}

#[test]
fn the_full_import_loads_and_check_lists_each_criterion_still_to_encode() {
    let i = imported(FULL);
    let (s, n) = load_with(&i);
    let to_encode: Vec<String> = s
        .warnings()
        .iter()
        .filter(|w| w.message == "left for the study team (no rule)")
        .filter(|w| w.path.starts_with(&format!("trials[{n}].")))
        .map(|w| w.path.clone())
        .collect();
    let expected: Vec<String> = (1..=12)
        .map(|k| format!("trials[{n}].criteria[{k}]"))
        .collect();
    assert_eq!(to_encode, expected);
    assert_eq!(i.to_encode(), 12);
    assert!(s.warnings().iter().all(|w| w.severity == Severity::Warning));
    // The encoded age rule works: 17 is too young, 18 is not.
    let verdict = |years: f64| {
        let mut a = Answers::default();
        a.set("age", age(years));
        s.evaluate(&a)[n].criteria[0].state
    };
    assert_eq!(verdict(17.0), CriterionState::NotMet);
    assert_eq!(verdict(18.0), CriterionState::Met);
    assert_eq!(verdict(65.0), CriterionState::Met);
    assert_eq!(verdict(66.0), CriterionState::NotMet);
}

#[test]
fn into_trials_json_as_it_is_the_import_lacks_nothing_but_translations() {
    // Nothing is marked as translated: if trials.json lists languages besides English, the
    // only errors are the imported texts still to translate, each located in the new trial.
    let i = imported(FULL);
    let mut v: Value = serde_json::from_str(TRIALS).expect("JSON");
    v["trials"]
        .as_array_mut()
        .expect("a list")
        .push(trial_json(&i));
    let languages = v["languages"].as_array().expect("a list").len();
    let text = serde_json::to_string_pretty(&v).expect("serializes");
    match Screener::load(&text) {
        Ok(_) => assert_eq!(languages, 1, "English only, so nothing to translate"),
        Err(errors) => {
            assert!(languages > 1);
            let prefix = format!("trials[{}].", appended());
            for e in &errors {
                assert!(e.path.starts_with(&prefix), "{e}");
                assert!(e.message.starts_with("missing the \""), "{e}");
                assert!(!e.message.starts_with("missing the \"en\""), "{e}");
            }
            // Title, summary, intervention, and each criterion's plain words and note.
            assert_eq!(errors.len(), (3 + 13 + 12) * (languages - 1));
        }
    }
}

#[test]
fn a_record_without_ages_has_no_age_limits_and_a_female_only_study_a_sex_rule() {
    let i = imported(MISSING_AGES);
    let t = &i.trial;
    assert_eq!((t.eligibility.min_age, t.eligibility.max_age), (None, None));
    assert!(!t.criteria.iter().any(|c| c.id == "inc-age"));
    assert_eq!(t.eligibility.sex, "female");
    let sex = t
        .criteria
        .iter()
        .find(|c| c.id == "inc-sex")
        .expect("a sex criterion");
    assert_eq!(
        sex.rule,
        Some(Rule {
            fact: Some("sex".into()),
            one_of: Some(vec!["female".into()]),
            ..Rule::default()
        })
    );
    // No last-update date: "checked" is the day of the import, and the coordinator is told.
    assert_eq!(t.status.checked, "2026-11-23");
    assert!(i
        .warnings
        .iter()
        .any(|w| w.contains("\"checked\" is today")));
    assert_eq!(t.status.value, Status::ActiveNotRecruiting);
    assert_eq!(t.status.start.as_deref(), Some("2023-01"));
    assert_eq!(t.phase, "Not applicable");
    assert!(!t.design.randomized && !t.design.placebo);
    // Numbered lines lose their numbers, keep their words.
    let sources: Vec<&str> = free_text(t).iter().map(|c| c.source.as_str()).collect();
    assert_eq!(
        sources,
        [
            "Systemic lupus erythematosus",
            "Persistent proteinuria > 0.5 g/day",
            "Pregnancy",
            "Dialysis"
        ]
    );
    let (s, n) = load_with(&i);
    let mut a = Answers::default();
    a.set("sex", Answer::Choice("male".into()));
    assert_eq!(s.evaluate(&a)[n].verdict, Verdict::ProbablyNot);
    a.set("sex", Answer::Choice("female".into()));
    assert_ne!(s.evaluate(&a)[n].verdict, Verdict::ProbablyNot);
}

#[test]
fn ages_written_na_are_no_limits_and_not_an_error() {
    let i = imported(NA_AGES);
    let t = &i.trial;
    assert_eq!((t.eligibility.min_age, t.eligibility.max_age), (None, None));
    assert!(!t.criteria.iter().any(|c| c.id == "inc-age"));
    assert!(
        !i.warnings.iter().any(|w| w.contains("age")),
        "N/A is a valid answer: {:?}",
        i.warnings
    );
    assert_eq!(t.phase, "Early Phase 1");
    assert_eq!(t.design.masking, "single");
    assert_eq!(t.status.value, Status::NotYetRecruiting);
    assert_eq!(t.status.checked, "2026-10-02");
    // No interventions listed: the arm's description stands in.
    assert_eq!(
        t.intervention.get("en"),
        "Cord blood cells: A single infusion of cord blood mononuclear cells."
    );
    // "- " bullets.
    let ids: Vec<&str> = free_text(t).iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["inc-1", "inc-2", "exc-1"]);
    load_with(&i);
}

#[test]
fn sites_without_a_geo_point_have_no_coordinates_and_check_warns_at_each() {
    let i = imported(NO_GEOPOINT);
    let t = &i.trial;
    let coords: Vec<(Option<f64>, Option<f64>)> = t.sites.iter().map(|s| (s.lat, s.lon)).collect();
    // Berlin has none; Madrid has none; Rome has half a point, which is no point.
    assert_eq!(coords, [(None, None), (None, None), (None, None)]);
    assert_eq!(
        t.sites
            .iter()
            .map(|s| s.country.as_str())
            .collect::<Vec<_>>(),
        ["DE", "ES", "IT"]
    );
    // Madrid has its own contact; the others get the central one.
    assert_eq!(t.sites[1].contacts[0].name, "Dra. Ejemplo");
    assert_eq!(t.sites[1].contacts[0].phone, None);
    assert_eq!(t.sites[0].contacts[0].name, "Trial Office");
    assert_eq!(t.status.value, Status::Completed);
    assert!(
        t.design.randomized && !t.design.placebo,
        "an active comparator is no placebo"
    );
    assert_eq!(t.intervention.get("en"), "AD-MSC Mycophenolate");
    let (s, n) = load_with(&i);
    for k in 0..3 {
        let path = format!("trials[{n}].sites[{k}]");
        let w: Vec<_> = s.warnings().iter().filter(|w| w.path == path).collect();
        assert_eq!(w.len(), 1, "{path}");
        assert_eq!(
            w[0].message,
            "site has no coordinates: no distance can be shown"
        );
    }
}

#[test]
fn a_single_sided_age_limit_is_one_comparison() {
    let i = imported(SINGLE_AGE);
    let t = &i.trial;
    assert_eq!(
        (t.eligibility.min_age, t.eligibility.max_age),
        (Some(16.0), None)
    );
    let c = &t.criteria[0];
    assert_eq!(c.source, "Minimum Age: 16 Years");
    assert_eq!(c.plain.get("en"), "You must be at least 16 years old.");
    assert_eq!(c.rule, Some(compare(">=", 16.0)));
    // Placebo named in an intervention, triple masking written as double, phases 2 and 3.
    assert!(t.design.placebo);
    assert_eq!(t.design.masking, "double");
    assert!(i.warnings.iter().any(|w| w.contains("TRIPLE")));
    assert_eq!(t.phase, "Phase 2/3");
    assert_eq!(t.status.value, Status::EnrollingByInvitation);
    let (s, n) = load_with(&i);
    let state = |years: f64| {
        let mut a = Answers::default();
        a.set("age", age(years));
        s.evaluate(&a)[n].criteria[0].state
    };
    assert_eq!(state(15.0), CriterionState::NotMet);
    assert_eq!(state(16.0), CriterionState::Met);
    assert_eq!(state(99.0), CriterionState::Met, "no upper limit");
}

#[test]
fn an_unknown_country_is_kept_as_written_with_a_warning_and_check_refuses_it_there() {
    let i = imported(UNKNOWN_COUNTRY);
    let t = &i.trial;
    assert_eq!(t.sites[0].country, "Ruritania");
    assert_eq!(t.sites[1].country, "AT");
    assert!(
        i.warnings
            .iter()
            .any(|w| w.contains("\"Ruritania\"") && w.contains("two-letter ISO code")),
        "{:?}",
        i.warnings
    );
    let errors = match Screener::load(&trials_with(&trial_json(&i))) {
        Ok(_) => panic!("a country name is not a code"),
        Err(e) => e,
    };
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].path,
        format!("trials[{}].sites[0].country", appended())
    );
    assert_eq!(
        errors[0].message,
        "expected a two-letter country code such as \"FR\""
    );
}

#[test]
fn ages_in_months_weeks_or_na_are_read_and_anything_else_refused() {
    let years = |s: &str| {
        parse_age(s)
            .expect("an age")
            .map(|a| (a.years, a.whole_years()))
    };
    assert_eq!(years("18 Years"), Some((18.0, 18.0)));
    assert_eq!(years("1 Year"), Some((1.0, 1.0)));
    assert_eq!(years("6 Months"), Some((0.5, 0.0)));
    assert_eq!(years("18 Months"), Some((1.5, 1.0)));
    assert_eq!(years("2 Weeks"), Some((0.04, 0.0)));
    assert_eq!(years("N/A"), None);
    assert_eq!(years(""), None);
    for bad in ["eighteen", "18", "18 Yrs", "-1 Years", "18 Years old"] {
        assert!(parse_age(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_limit_in_months_is_rounded_down_to_whole_years_and_left_to_the_study_team_to_confirm() {
    let mut v: Value = serde_json::from_str(SINGLE_AGE).expect("JSON");
    let el = &mut v["protocolSection"]["eligibilityModule"];
    el["minimumAge"] = json!("6 Months");
    el["maximumAge"] = json!("17 Years");
    let i = prescreen::import::import_value(&v, today()).expect("imports");
    let c = &i.trial.criteria[0];
    assert_eq!(c.source, "Minimum Age: 6 Months; Maximum Age: 17 Years");
    assert_eq!(
        c.rule,
        Some(Rule {
            all: Some(vec![compare(">=", 0.0), compare("<=", 17.0)]),
            ..Rule::default()
        })
    );
    assert!(
        c.study_team.is_some(),
        "the exact age is for the study team"
    );
    assert_eq!(i.trial.eligibility.min_age, Some(0.5));
    load_with(&i);
}

#[test]
fn a_search_answer_with_one_study_imports_and_one_with_two_is_refused() {
    let study: Value = serde_json::from_str(NA_AGES).expect("JSON");
    let one = json!({"studies": [study.clone()]});
    let i = prescreen::import::import_value(&one, today()).expect("one study imports");
    assert_eq!(i.trial.id, "NCT09990003");
    let two = json!({"studies": [study.clone(), study]});
    let e = prescreen::import::import_value(&two, today()).expect_err("two studies");
    assert!(e.contains("holds 2 studies"), "{e}");
    let e = import("{\"study\": 1}", today()).expect_err("not a record");
    assert!(e.contains("protocolSection"), "{e}");
    let e = import("{", today()).expect_err("not JSON");
    assert!(e.starts_with("not valid JSON"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// The command line, end to end: import → stdout JSON → appended to trials.json → check.
// ---------------------------------------------------------------------------------------------

fn prescreen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prescreen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the prescreen binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, content).expect("the temporary file is written");
    path
}

#[test]
fn import_then_check_passes_with_a_warning_for_each_criterion_to_encode() {
    let out = prescreen(&["import", "tests/fixtures/registry/full.json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let trial: Value =
        serde_json::from_str(&text(&out.stdout)).expect("stdout is the trial as JSON");
    assert_eq!(trial["id"], "NCT09990001");
    let err = text(&out.stderr);
    assert!(
        err.contains("tests/fixtures/registry/full.json: warning: masking QUADRUPLE"),
        "{err}"
    );
    assert!(
        err.contains("imported NCT09990001: 4 site(s), 13 criteria, 12 to encode"),
        "{err}"
    );

    let path = temp_file("import_full_trials.json", &trials_with(&trial));
    let path = path.to_str().expect("a UTF-8 path");
    let out = prescreen(&["check", path]);
    let report = text(&out.stdout);
    assert!(out.status.success(), "{}{report}", text(&out.stderr));
    let n = appended();
    let encode: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with(path) && l.contains(&format!(": warning: trials[{n}].criteria[")))
        .filter(|l| l.ends_with(": left for the study team (no rule)"))
        .collect();
    assert_eq!(encode.len(), 12, "{report}");
    // Each warning is located: file:line:column, and the line holds that criterion.
    let file = std::fs::read_to_string(path).expect("readable");
    let lines: Vec<&str> = file.lines().collect();
    for (k, w) in encode.iter().enumerate() {
        let rest = &w[path.len() + 1..];
        let line: usize = rest
            .split(':')
            .next()
            .expect("a line")
            .parse()
            .expect("a number");
        assert!(
            lines[line - 1].trim_start().starts_with('{'),
            "criterion {} warning points at line {line}: {:?}",
            k + 1,
            lines[line - 1]
        );
        assert!(w.contains(&format!("trials[{n}].criteria[{}]", k + 1)));
    }
    // The record was last updated on 2025-03-14, more than 12 months before today's clock.
    assert!(
        report.lines().any(|l| l.contains(&format!(": warning: trials[{n}].status.checked: status last checked on 2025-03-14, more than 12 months before today"))),
        "{report}"
    );
    assert!(
        report
            .lines()
            .any(|l| l.starts_with(&format!("{path}: ok: 6 trials"))),
        "{report}"
    );
}

#[test]
fn import_warns_on_stderr_of_an_unknown_country_and_check_then_points_at_it() {
    let out = prescreen(&["import", "tests/fixtures/registry/unknown_country.json"]);
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.lines().any(|l| l.starts_with("tests/fixtures/registry/unknown_country.json: warning: site 1 (Strelsau General Hospital): country \"Ruritania\"")),
        "{err}"
    );
    let trial: Value = serde_json::from_str(&text(&out.stdout)).expect("JSON");
    let path = temp_file("import_unknown_country_trials.json", &trials_with(&trial));
    let path = path.to_str().expect("a UTF-8 path");
    let out = prescreen(&["check", path]);
    assert!(!out.status.success());
    let file = std::fs::read_to_string(path).expect("readable");
    let (line, text_of_line) = (1..)
        .zip(file.lines())
        .find(|(_, l)| l.contains("\"country\": \"Ruritania\""))
        .expect("the country");
    // The column of the value, where the mistake is.
    let column = text_of_line.find("\"Ruritania\"").expect("on the line") + 1;
    let expected = format!(
        "{path}:{line}:{column}: error: trials[{}].sites[0].country: expected a two-letter country code such as \"FR\"",
        appended()
    );
    assert!(
        text(&out.stderr).lines().any(|l| l == expected),
        "expected\n{expected}\nin\n{}",
        text(&out.stderr)
    );
}

#[test]
fn import_of_a_missing_or_broken_file_fails_saying_why() {
    let out = prescreen(&["import", "tests/fixtures/registry/no_such_study.json"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("cannot read"));
    let path = temp_file("import_not_a_record.json", "{\"studies\": []}");
    let out = prescreen(&["import", path.to_str().expect("UTF-8")]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("holds 0 studies"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "nothing on stdout when the import fails"
    );
    let out = prescreen(&["import"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("import needs one study record file"));
}
