//! The five trials in `trials.json`, criterion by criterion, at their boundaries.
//!
//! Every test starts from a sample patient who may qualify for the trial under test
//! (`tests/patients/*.json`), moves one answer across one boundary, and checks the trial's
//! verdict. When the verdict is "probably not", it also checks that the reason given is the
//! expected criterion, and that the criterion's source sentence says what the test relies on.

use prescreen::engine::{CriterionResult, CriterionState, Date, Screener, TrialResult, Verdict};
use prescreen::model::{Answer, Answers, Criterion};
use std::borrow::Cow;
use std::sync::OnceLock;

/// CS20AT04, Hanyang University, Seoul: a cytopenia subgroup and a nephritis subgroup.
const SEOUL: &str = "NCT04835883";
/// Allogeneic MSC for refractory lupus, Drum Tower Hospital, Nanjing (phase 1/2, 2007).
const NANJING: &str = "NCT00698191";
/// MSC-SLE, Hôpital Saint-Louis, Paris.
const PARIS: &str = "NCT03562065";
/// MSC compared with mycophenolate for lupus nephritis, Drum Tower Hospital, Nanjing (phase 2).
const NANJING_NEPHRITIS: &str = "NCT03580291";
/// MiSLE, nine US sites.
const MISLE: &str = "NCT02633163";

const SEOUL_CYTOPENIA_PATIENT: &str =
    include_str!("patients/may_qualify_NCT04835883_cytopenia.json");
const SEOUL_NEPHRITIS_PATIENT: &str =
    include_str!("patients/may_qualify_NCT04835883_nephritis.json");
const NANJING_PATIENT: &str = include_str!("patients/may_qualify_NCT00698191.json");
const PARIS_PATIENT: &str = include_str!("patients/may_qualify_NCT03562065.json");
const NANJING_NEPHRITIS_PATIENT: &str = include_str!("patients/may_qualify_NCT03580291.json");
const MISLE_PATIENT: &str = include_str!("patients/may_qualify_NCT02633163.json");
const PROBABLY_NOT_PATIENT: &str = include_str!("patients/probably_not_all.json");

/// Every sample patient, with the trial it may qualify for.
const SAMPLES: &[(&str, &str, &str)] = &[
    (
        "may_qualify_NCT04835883_cytopenia",
        SEOUL_CYTOPENIA_PATIENT,
        SEOUL,
    ),
    (
        "may_qualify_NCT04835883_nephritis",
        SEOUL_NEPHRITIS_PATIENT,
        SEOUL,
    ),
    ("may_qualify_NCT00698191", NANJING_PATIENT, NANJING),
    ("may_qualify_NCT03562065", PARIS_PATIENT, PARIS),
    (
        "may_qualify_NCT03580291",
        NANJING_NEPHRITIS_PATIENT,
        NANJING_NEPHRITIS,
    ),
    ("may_qualify_NCT02633163", MISLE_PATIENT, MISLE),
];

fn screener() -> &'static Screener {
    static SCREENER: OnceLock<Screener> = OnceLock::new();
    SCREENER.get_or_init(|| {
        Screener::load(include_str!("../trials.json"))
            .map(|s| s.as_of(Date::parse("2026-12-01").expect("a date")))
            .unwrap_or_else(|errors| panic!("trials.json does not load: {errors:#?}"))
    })
}

/// A sample patient's answers.
fn patient(text: &str) -> Answers {
    screener()
        .parse_answers(text)
        .unwrap_or_else(|errors| panic!("a sample patient does not parse: {errors:#?}"))
}

/// A sample patient's answers with one answer set to `answer`, which must itself be an
/// acceptable answer (a refused answer would count as not given and prove nothing).
#[track_caller]
fn changed(text: &str, fact: &str, answer: Answer) -> Answers {
    let mut answers = patient(text);
    change(&mut answers, fact, answer);
    answers
}

#[track_caller]
fn change(answers: &mut Answers, fact: &str, answer: Answer) {
    if let Err(e) = screener().check_answer(fact, &answer) {
        panic!("{answer:?} is refused for {fact}: {e}");
    }
    answers.set(fact, answer);
}

fn years(n: u32) -> Answer {
    num(f64::from(n), "years")
}

fn num(value: f64, unit: &str) -> Answer {
    Answer::Number {
        value,
        unit: unit.into(),
    }
}

/// A lab value with the upper limit of normal printed beside it.
fn of_limit(value: f64, upper_limit: f64) -> Answer {
    Answer::OfUpperLimit { value, upper_limit }
}

fn trial_index(trial: &str) -> usize {
    (0..screener().trial_count())
        .position(|t| screener().trial_id(t) == trial)
        .unwrap_or_else(|| panic!("no trial {trial} in trials.json"))
}

fn screen(answers: &Answers, trial: &str) -> TrialResult {
    let result = screener().evaluate(answers).swap_remove(trial_index(trial));
    assert_eq!(result.trial, trial_index(trial));
    result
}

/// The criterion a result is about.
fn criterion(trial: &str, r: &CriterionResult) -> &'static Criterion {
    let Cow::Borrowed(t) = screener().trial(trial_index(trial)) else {
        unreachable!("a screener loaded from trials.json holds its trials")
    };
    match r.subgroup {
        None => &t.criteria[r.index],
        Some(g) => &t.subgroups[g].criteria[r.index],
    }
}

fn ids<'r>(trial: &str, it: impl Iterator<Item = &'r CriterionResult>) -> Vec<&'static str> {
    it.map(|r| criterion(trial, r).id.as_str()).collect()
}

/// The result for one criterion, by id.
fn result_for<'r>(r: &'r TrialResult, trial: &str, id: &str) -> &'r CriterionResult {
    r.criteria
        .iter()
        .find(|c| criterion(trial, c).id == id)
        .unwrap_or_else(|| panic!("{trial} has no criterion {id}"))
}

#[track_caller]
fn assert_may_qualify(answers: &Answers, trial: &str, what: &str) {
    let r = screen(answers, trial);
    assert_eq!(
        r.verdict,
        Verdict::MayQualify,
        "{trial} with {what}: reasons {:?}, open {:?}, needs {:?}",
        ids(trial, r.reasons()),
        ids(trial, r.open()),
        r.needs
    );
    assert_eq!(r.reasons().count(), 0);
}

/// "Probably not", for exactly these reasons (criterion id, words its source must contain).
#[track_caller]
fn assert_probably_not(answers: &Answers, trial: &str, what: &str, reasons: &[(&str, &str)]) {
    let r = screen(answers, trial);
    assert_eq!(
        r.verdict,
        Verdict::ProbablyNot,
        "{trial} with {what}: open {:?}, needs {:?}",
        ids(trial, r.open()),
        r.needs
    );
    let given = ids(trial, r.reasons());
    let expected: Vec<&str> = reasons.iter().map(|(id, _)| *id).collect();
    assert_eq!(given, expected, "{trial} with {what}: the reasons given");
    for (reason, (id, words)) in r.reasons().zip(reasons) {
        let c = criterion(trial, reason);
        assert_eq!(reason.state, CriterionState::NotMet);
        assert!(
            c.source.contains(words),
            "{trial} {id}: the source sentence {:?} should say {words:?}",
            c.source
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Every sample patient, and the patient who fits none.
// ---------------------------------------------------------------------------------------------

#[test]
fn each_sample_patient_may_qualify_for_its_own_trial() {
    for (name, text, trial) in SAMPLES {
        assert_may_qualify(&patient(text), trial, name);
    }
}

#[test]
fn the_probably_not_patient_is_ruled_out_of_every_trial_with_a_reason_for_each() {
    let answers = patient(PROBABLY_NOT_PATIENT);
    // An 80-year-old is outside every age range; dialysis rules out several trials too.
    let age_criterion = [
        (SEOUL, "inc-age"),
        (NANJING, "inc-1b"),
        (PARIS, "inc-1"),
        (NANJING_NEPHRITIS, "inc-2"),
        (MISLE, "inc-1"),
    ];
    let results = screener().evaluate(&answers);
    assert_eq!(results.len(), 5);
    for r in &results {
        let trial = screener().trial_id(r.trial);
        assert_eq!(r.verdict, Verdict::ProbablyNot, "{trial}");
        let reasons = ids(trial, r.reasons());
        assert!(!reasons.is_empty(), "{trial} gives no reason");
        let (_, age) = age_criterion.iter().find(|(t, _)| *t == trial).unwrap();
        assert!(
            reasons.contains(age),
            "{trial}: the age criterion {age} should be among {reasons:?}"
        );
        assert!(r.reasons().all(|c| c.state == CriterionState::NotMet));
    }
}

#[test]
fn study_team_only_criteria_are_listed_for_the_study_team_and_never_given_as_reasons() {
    let mut checked = 0;
    for text in SAMPLES
        .iter()
        .map(|(_, text, _)| *text)
        .chain([PROBABLY_NOT_PATIENT])
    {
        for r in screener().evaluate(&patient(text)) {
            let t = screener().trial(r.trial);
            let team: Vec<&CriterionResult> = r.study_team().collect();
            let reasons: Vec<&CriterionResult> = r.reasons().collect();
            for c in &r.criteria {
                if screener().has_rule(r.trial, c.subgroup, c.index) {
                    continue;
                }
                let id = &criterion(&t.id, c).id;
                assert_eq!(c.state, CriterionState::StudyTeam, "{} {id}", t.id);
                assert!(team.contains(&c), "{} {id} is not listed", t.id);
                assert!(!reasons.contains(&c), "{} {id} is given as a reason", t.id);
                checked += 1;
            }
            assert!(reasons.iter().all(|c| c.state != CriterionState::StudyTeam));
        }
    }
    // Seoul 1, Paris 5, NCT03580291 2, MiSLE 2 criteria without a rule, for 7 patients.
    assert_eq!(checked, 10 * 7);
}

// ---------------------------------------------------------------------------------------------
// NCT04835883, CS20AT04, Seoul.
// ---------------------------------------------------------------------------------------------

#[test]
fn seoul_takes_an_18_year_old_because_the_registry_says_18_to_70() {
    let a = changed(SEOUL_CYTOPENIA_PATIENT, "age", years(18));
    assert_may_qualify(&a, SEOUL, "age 18");
}

#[test]
fn a_17_year_old_is_outside_the_seoul_age_range() {
    let a = changed(SEOUL_CYTOPENIA_PATIENT, "age", years(17));
    assert_probably_not(&a, SEOUL, "age 17", &[("inc-age", "18 to 70")]);
}

#[test]
fn seoul_takes_a_70_year_old_because_18_to_70_includes_70() {
    let a = changed(SEOUL_CYTOPENIA_PATIENT, "age", years(70));
    assert_may_qualify(&a, SEOUL, "age 70");
}

#[test]
fn a_71_year_old_is_outside_the_seoul_age_range() {
    let a = changed(SEOUL_CYTOPENIA_PATIENT, "age", years(71));
    assert_probably_not(&a, SEOUL, "age 71", &[("inc-age", "18 to 70")]);
}

#[test]
fn a_cytopenia_patient_qualifies_for_seoul_though_the_nephritis_group_fails() {
    let r = screen(&patient(SEOUL_CYTOPENIA_PATIENT), SEOUL);
    assert_eq!(r.verdict, Verdict::MayQualify);
    assert_eq!(r.subgroups, vec![Verdict::MayQualify, Verdict::ProbablyNot]);
    assert_eq!(
        r.reasons().count(),
        0,
        "a failed subgroup is no reason when another fits"
    );
    assert!(r.needs.is_empty());
}

#[test]
fn a_nephritis_patient_qualifies_for_seoul_though_the_cytopenia_group_fails() {
    let r = screen(&patient(SEOUL_NEPHRITIS_PATIENT), SEOUL);
    assert_eq!(r.verdict, Verdict::MayQualify);
    assert_eq!(r.subgroups, vec![Verdict::ProbablyNot, Verdict::MayQualify]);
    assert_eq!(r.reasons().count(), 0);
}

#[test]
fn failing_both_seoul_groups_is_probably_not_with_reasons_from_both() {
    // The cytopenia patient's platelets rise to 100 × 10⁹/L, no longer "< 100,000/mm3"; she has
    // no nephritis, so neither group fits.
    let a = changed(SEOUL_CYTOPENIA_PATIENT, "platelets", num(100.0, "10^9/L"));
    assert_probably_not(
        &a,
        SEOUL,
        "platelets 100 × 10⁹/L and no nephritis",
        &[
            ("inc-5-1", "Platelet count < 100,000/mm3"),
            (
                "inc-5-2",
                "Patients with clinical disease activity of lupus nephritis",
            ),
            ("inc-5-2a", "serum creatinine > 106 μmol/L"),
        ],
    );
    let r = screen(&a, SEOUL);
    assert_eq!(
        r.subgroups,
        vec![Verdict::ProbablyNot, Verdict::ProbablyNot]
    );
    let groups: Vec<Option<usize>> = r.reasons().map(|c| c.subgroup).collect();
    assert!(groups.contains(&Some(0)) && groups.contains(&Some(1)));
}

#[test]
fn seoul_cytopenia_group_needs_platelets_below_100_000_per_mm3() {
    for (answer, fits) in [
        (num(99_999.0, "/mm3"), true),
        (num(100_000.0, "/mm3"), false),
        (num(99.9, "10^9/L"), true),
        (num(100.0, "10^9/L"), false),
        (num(99.0, "10^3/uL"), true),
        (num(100_000.0, "/uL"), false),
    ] {
        let a = changed(SEOUL_CYTOPENIA_PATIENT, "platelets", answer.clone());
        let r = screen(&a, SEOUL);
        let expected = if fits {
            Verdict::MayQualify
        } else {
            Verdict::ProbablyNot
        };
        assert_eq!(r.subgroups[0], expected, "platelets {answer:?}");
        assert_eq!(r.verdict, expected, "platelets {answer:?}");
    }
}

#[test]
fn seoul_cytopenia_group_takes_neutrophils_below_1_000_per_mm3_only() {
    // The nephritis patient has normal counts; her cytopenia group verdict follows the count.
    for (answer, fits) in [
        (num(999.0, "/mm3"), true),
        (num(1_000.0, "/mm3"), false),
        (num(0.99, "10^9/L"), true),
        (num(1.0, "10^9/L"), false),
    ] {
        let a = changed(SEOUL_NEPHRITIS_PATIENT, "neutrophils", answer.clone());
        let r = screen(&a, SEOUL);
        let expected = if fits {
            Verdict::MayQualify
        } else {
            Verdict::ProbablyNot
        };
        assert_eq!(r.subgroups[0], expected, "neutrophils {answer:?}");
        assert_eq!(
            r.verdict,
            Verdict::MayQualify,
            "the nephritis group still fits"
        );
    }
}

#[test]
fn seoul_cytopenia_group_takes_lymphocytes_below_1_500_per_mm3_only() {
    for (answer, fits) in [
        (num(1_499.0, "/uL"), true),
        (num(1_500.0, "/mm3"), false),
        (num(1.49, "10^9/L"), true),
        (num(1.5, "10^9/L"), false),
    ] {
        let a = changed(SEOUL_NEPHRITIS_PATIENT, "lymphocytes", answer.clone());
        let expected = if fits {
            Verdict::MayQualify
        } else {
            Verdict::ProbablyNot
        };
        assert_eq!(
            screen(&a, SEOUL).subgroups[0],
            expected,
            "lymphocytes {answer:?}"
        );
    }
}

#[test]
fn seoul_cytopenia_group_takes_haemolytic_anaemia_with_haemoglobin_up_to_10_g_per_dl() {
    // The nephritis patient, with haemolytic anaemia: "Hemolytic anemia (Hgb ≤ 10g/dL)".
    let mut base = patient(SEOUL_NEPHRITIS_PATIENT);
    change(&mut base, "haemolytic_anaemia", Answer::Bool(true));
    for (answer, fits) in [
        (num(10.0, "g/dL"), true),
        (num(10.1, "g/dL"), false),
        (num(100.0, "g/L"), true),
        (num(101.0, "g/L"), false),
    ] {
        let mut a = base.clone();
        change(&mut a, "haemoglobin", answer.clone());
        let expected = if fits {
            Verdict::MayQualify
        } else {
            Verdict::ProbablyNot
        };
        assert_eq!(
            screen(&a, SEOUL).subgroups[0],
            expected,
            "haemoglobin {answer:?}"
        );
    }
}

#[test]
fn seoul_nephritis_group_rules_out_creatinine_of_exactly_106_umol_per_l_as_it_asks_for_more() {
    let a = changed(SEOUL_NEPHRITIS_PATIENT, "creatinine", num(106.0, "umol/L"));
    assert_probably_not(
        &a,
        SEOUL,
        "creatinine 106 µmol/L",
        &[
            ("inc-5-1", "refractory cytopenia"),
            ("inc-5-2a", "serum creatinine > 106 μmol/L"),
        ],
    );
}

#[test]
fn seoul_nephritis_group_takes_creatinine_of_107_umol_per_l() {
    let a = changed(SEOUL_NEPHRITIS_PATIENT, "creatinine", num(107.0, "umol/L"));
    assert_may_qualify(&a, SEOUL, "creatinine 107 µmol/L");
}

#[test]
fn seoul_creatinine_boundary_is_the_same_in_mg_per_dl() {
    let reasons = [
        ("inc-5-1", "refractory cytopenia"),
        ("inc-5-2a", "serum creatinine > 106 μmol/L"),
    ];
    // Exactly 106 µmol/L typed in mg/dL is still not above 106.
    let a = changed(
        SEOUL_NEPHRITIS_PATIENT,
        "creatinine",
        num(106.0 / 88.4, "mg/dL"),
    );
    assert_probably_not(&a, SEOUL, "106 µmol/L in mg/dL", &reasons);
    let a = changed(
        SEOUL_NEPHRITIS_PATIENT,
        "creatinine",
        num(107.0 / 88.4, "mg/dL"),
    );
    assert_may_qualify(&a, SEOUL, "107 µmol/L in mg/dL");
    // 1.19 mg/dL is 105.2 µmol/L; 1.2 mg/dL is 106.08 µmol/L, just above.
    let a = changed(SEOUL_NEPHRITIS_PATIENT, "creatinine", num(1.19, "mg/dL"));
    assert_probably_not(&a, SEOUL, "creatinine 1.19 mg/dL", &reasons);
    let a = changed(SEOUL_NEPHRITIS_PATIENT, "creatinine", num(1.2, "mg/dL"));
    assert_may_qualify(&a, SEOUL, "creatinine 1.2 mg/dL");
}

#[test]
fn seoul_nephritis_group_needs_a_protein_creatinine_ratio_above_1() {
    // 1 g/g is 113.12 mg/mmol.
    for answer in [num(1.0, "g/g"), num(1.0, "mg/mg"), num(113.0, "mg/mmol")] {
        let a = changed(SEOUL_NEPHRITIS_PATIENT, "upcr", answer.clone());
        assert_probably_not(
            &a,
            SEOUL,
            &format!("UPCR {answer:?}"),
            &[
                ("inc-5-1", "refractory cytopenia"),
                ("inc-5-2a", "urine protein/creatinine ratio (UPC) > 1"),
            ],
        );
    }
    for answer in [num(1.01, "g/g"), num(114.0, "mg/mmol")] {
        let a = changed(SEOUL_NEPHRITIS_PATIENT, "upcr", answer.clone());
        assert_may_qualify(&a, SEOUL, &format!("UPCR {answer:?}"));
    }
}

#[test]
fn seoul_nephritis_group_keeps_creatinine_of_exactly_250_umol_per_l() {
    for answer in [num(250.0, "umol/L"), num(250.0 / 88.4, "mg/dL")] {
        let a = changed(SEOUL_NEPHRITIS_PATIENT, "creatinine", answer.clone());
        assert_may_qualify(&a, SEOUL, &format!("creatinine {answer:?}"));
    }
}

#[test]
fn seoul_nephritis_group_excludes_creatinine_above_250_umol_per_l() {
    for answer in [num(251.0, "umol/L"), num(2.84, "mg/dL")] {
        let a = changed(SEOUL_NEPHRITIS_PATIENT, "creatinine", answer.clone());
        assert_probably_not(
            &a,
            SEOUL,
            &format!("creatinine {answer:?}"),
            &[
                ("inc-5-1", "refractory cytopenia"),
                (
                    "exc-8",
                    "For the lupus nephritis sub-group only: Patients with serum creatinine > 250 μmol/L",
                ),
            ],
        );
    }
}

#[test]
fn the_nephritis_only_creatinine_exclusion_does_not_exclude_a_cytopenia_patient() {
    let a = changed(SEOUL_CYTOPENIA_PATIENT, "creatinine", num(300.0, "umol/L"));
    let r = screen(&a, SEOUL);
    assert_eq!(r.verdict, Verdict::MayQualify);
    assert_eq!(r.subgroups, vec![Verdict::MayQualify, Verdict::ProbablyNot]);
    assert_eq!(
        result_for(&r, SEOUL, "exc-8").state,
        CriterionState::NotMet,
        "the exclusion applies within the nephritis group"
    );
    assert_eq!(r.reasons().count(), 0);
}

/// The cytopenia patient, but her lupus is no longer active after immune medicines, so only
/// the steroid path of "non-responder or partial responder" can be met.
/// The Seoul patient with no immune medicine tried, so that only the steroid path is left.
fn seoul_patient_on_the_steroid_path() -> Answers {
    changed(SEOUL_CYTOPENIA_PATIENT, "treatments", Answer::Multi(vec![]))
}

#[test]
fn seoul_steroid_path_is_met_by_15_mg_prednisone() {
    let mut a = seoul_patient_on_the_steroid_path();
    change(&mut a, "steroid_dose", num(15.0, "mg_prednisone"));
    assert_may_qualify(&a, SEOUL, "15 mg prednisone");
}

#[test]
fn seoul_steroid_path_is_met_by_12_mg_methylprednisolone_as_15_mg_prednisone() {
    let mut a = seoul_patient_on_the_steroid_path();
    change(&mut a, "steroid_dose", num(12.0, "mg_methylprednisolone"));
    assert_may_qualify(&a, SEOUL, "12 mg methylprednisolone");
    let mut a = seoul_patient_on_the_steroid_path();
    change(&mut a, "steroid_dose", num(60.0, "mg_hydrocortisone"));
    assert_may_qualify(&a, SEOUL, "60 mg hydrocortisone");
}

#[test]
fn seoul_steroid_path_is_not_met_by_14_mg_prednisone() {
    for answer in [
        num(14.0, "mg_prednisone"),
        num(11.9, "mg_methylprednisolone"),
    ] {
        let mut a = seoul_patient_on_the_steroid_path();
        change(&mut a, "steroid_dose", answer.clone());
        assert_probably_not(
            &a,
            SEOUL,
            &format!("{answer:?} and inactive lupus"),
            &[("inc-4", "≥15mg of prednisone or its equivalent")],
        );
    }
}

#[test]
fn with_14_mg_prednisone_the_immune_medicine_path_still_decides_for_seoul() {
    let a = changed(
        SEOUL_CYTOPENIA_PATIENT,
        "steroid_dose",
        num(14.0, "mg_prednisone"),
    );
    assert_may_qualify(&a, SEOUL, "14 mg prednisone, active after mycophenolate");
}

#[test]
fn seoul_donor_match_is_for_the_study_team_only() {
    let r = screen(&patient(SEOUL_CYTOPENIA_PATIENT), SEOUL);
    let team = ids(SEOUL, r.study_team());
    assert!(team.contains(&"inc-1"), "{team:?}");
    assert_eq!(
        result_for(&r, SEOUL, "inc-1").state,
        CriterionState::StudyTeam
    );
}

// ---------------------------------------------------------------------------------------------
// NCT00698191, Nanjing (allogeneic MSC for refractory lupus).
// ---------------------------------------------------------------------------------------------

#[test]
fn nanjing_takes_a_15_year_old_as_it_says_aged_from_15_to_70() {
    let a = changed(NANJING_PATIENT, "age", years(15));
    assert_may_qualify(&a, NANJING, "age 15");
}

#[test]
fn a_14_year_old_is_too_young_for_nanjing() {
    let a = changed(NANJING_PATIENT, "age", years(14));
    assert_probably_not(
        &a,
        NANJING,
        "age 14",
        &[("inc-1b", "aged from 15 to 70 years old")],
    );
}

#[test]
fn nanjing_takes_a_70_year_old_as_it_says_aged_from_15_to_70() {
    let a = changed(NANJING_PATIENT, "age", years(70));
    assert_may_qualify(&a, NANJING, "age 70");
}

#[test]
fn a_71_year_old_is_too_old_for_nanjing() {
    let a = changed(NANJING_PATIENT, "age", years(71));
    assert_probably_not(
        &a,
        NANJING,
        "age 71",
        &[("inc-1b", "aged from 15 to 70 years old")],
    );
}

#[test]
fn nanjing_needs_a_sledai_of_at_least_8() {
    let a = changed(NANJING_PATIENT, "sledai", num(8.0, "points"));
    assert_may_qualify(&a, NANJING, "SLEDAI 8");
    let a = changed(NANJING_PATIENT, "sledai", num(7.0, "points"));
    assert_probably_not(&a, NANJING, "SLEDAI 7", &[("inc-1c", "SLEDAI≥8")]);
}

#[test]
fn nanjing_takes_exactly_1_g_of_urine_protein_a_day_because_it_asks_for_at_least_1_g() {
    for answer in [num(1.0, "g/24h"), num(1000.0, "mg/24h")] {
        let a = changed(NANJING_PATIENT, "urine_protein_24h", answer.clone());
        assert_may_qualify(&a, NANJING, &format!("{answer:?}"));
    }
}

#[test]
fn nanjing_rules_out_0_99_g_of_urine_protein_a_day() {
    for answer in [num(0.99, "g/24h"), num(999.0, "mg/24h")] {
        let a = changed(NANJING_PATIENT, "urine_protein_24h", answer.clone());
        assert_probably_not(
            &a,
            NANJING,
            &format!("{answer:?}"),
            &[("inc-2", "24h urine protein≥1g")],
        );
    }
}

#[test]
fn nanjing_keeps_alt_at_exactly_3_times_the_upper_limit() {
    for answer in [
        of_limit(120.0, 40.0),
        of_limit(105.0, 35.0),
        Answer::WithinNormal,
    ] {
        let a = changed(NANJING_PATIENT, "alt", answer.clone());
        assert_may_qualify(&a, NANJING, &format!("ALT {answer:?}"));
    }
}

#[test]
fn nanjing_rules_out_alt_above_3_times_the_upper_limit() {
    let a = changed(NANJING_PATIENT, "alt", of_limit(121.0, 40.0));
    assert_probably_not(
        &a,
        NANJING,
        "ALT 121 with upper limit 40",
        &[("exc-1", "ALT higher than 3 times the normal value")],
    );
}

#[test]
fn nanjing_needs_past_prednisone_of_more_than_20_mg_a_day() {
    for answer in [
        num(21.0, "mg_prednisone"),
        num(17.0, "mg_methylprednisolone"),
    ] {
        let mut a = changed(NANJING_PATIENT, "past_steroid_dose", answer.clone());
        change(&mut a, "treatments", Answer::Multi(vec![]));
        assert_may_qualify(&a, NANJING, &format!("{answer:?}"));
    }
    // 16 mg methylprednisolone is 20 mg prednisone: not more than 20. With no immune
    // medicine tried, steroids are the only way in ("refractory to corticosteroid or
    // cyclophosphamide").
    for answer in [
        num(20.0, "mg_prednisone"),
        num(16.0, "mg_methylprednisolone"),
    ] {
        let mut a = changed(NANJING_PATIENT, "past_steroid_dose", answer.clone());
        change(&mut a, "treatments", Answer::Multi(vec![]));
        assert_probably_not(
            &a,
            NANJING,
            &format!("{answer:?}"),
            &[("inc-3", "oral prednisone more than 20 mg/day")],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// NCT03562065, MSC-SLE, Paris.
// ---------------------------------------------------------------------------------------------

#[test]
fn paris_rules_out_an_18_year_old_because_it_asks_for_older_than_18() {
    let a = changed(PARIS_PATIENT, "age", years(18));
    assert_probably_not(
        &a,
        PARIS,
        "age 18",
        &[("inc-1", "Age > 18 years and < 70 years")],
    );
}

#[test]
fn paris_takes_a_19_year_old() {
    let a = changed(PARIS_PATIENT, "age", years(19));
    assert_may_qualify(&a, PARIS, "age 19");
}

#[test]
fn paris_takes_a_69_year_old() {
    let a = changed(PARIS_PATIENT, "age", years(69));
    assert_may_qualify(&a, PARIS, "age 69");
}

#[test]
fn paris_rules_out_a_70_year_old_because_it_asks_for_younger_than_70() {
    let a = changed(PARIS_PATIENT, "age", years(70));
    assert_probably_not(
        &a,
        PARIS,
        "age 70",
        &[("inc-1", "Age > 18 years and < 70 years")],
    );
}

#[test]
fn paris_needs_a_selena_sledai_of_at_least_6() {
    let a = changed(PARIS_PATIENT, "sledai", num(6.0, "points"));
    assert_may_qualify(&a, PARIS, "SLEDAI 6");
    let a = changed(PARIS_PATIENT, "sledai", num(5.0, "points"));
    assert_probably_not(
        &a,
        PARIS,
        "SLEDAI 5",
        &[("inc-3", "SELENA- SLEDAI SLE activity index ≥ 6")],
    );
}

#[test]
fn paris_needs_past_prednisone_of_at_least_6_mg_a_day_or_equivalent() {
    // 4.8 mg methylprednisolone is 6 mg prednisone.
    for answer in [num(6.0, "mg_prednisone"), num(4.8, "mg_methylprednisolone")] {
        let a = changed(PARIS_PATIENT, "past_steroid_dose", answer.clone());
        assert_may_qualify(&a, PARIS, &format!("{answer:?}"));
    }
    for answer in [num(5.9, "mg_prednisone"), num(4.7, "mg_methylprednisolone")] {
        let a = changed(PARIS_PATIENT, "past_steroid_dose", answer.clone());
        assert_probably_not(
            &a,
            PARIS,
            &format!("{answer:?}"),
            &[("inc-4", "Prednisone orally ≥ 6 mg / day (or equivalent)")],
        );
    }
}

#[test]
fn paris_rules_out_creatinine_clearance_below_30_ml_per_min() {
    let a = changed(PARIS_PATIENT, "kidney_filtration", num(30.0, "mL/min"));
    assert_may_qualify(&a, PARIS, "clearance 30 mL/min");
    let a = changed(PARIS_PATIENT, "kidney_filtration", num(29.9, "mL/min"));
    assert_probably_not(
        &a,
        PARIS,
        "clearance 29.9 mL/min",
        &[("exc-2a", "calculated creatinine clearance of <30 ml / min")],
    );
}

#[test]
fn paris_keeps_liver_tests_at_exactly_2_times_normal_without_asking_the_study_team() {
    for fact in ["alt", "ast"] {
        let a = changed(PARIS_PATIENT, fact, of_limit(80.0, 40.0));
        assert_may_qualify(&a, PARIS, &format!("{fact} 80 with upper limit 40"));
        let r = screen(&a, PARIS);
        assert_eq!(result_for(&r, PARIS, "exc-2c").state, CriterionState::Met);
        assert!(!ids(PARIS, r.study_team()).contains(&"exc-2c"));
    }
}

#[test]
fn paris_sends_liver_tests_above_2_times_normal_to_the_study_team_as_they_may_be_lupus() {
    // "AST, ALT> 2 x normal) not related to disease activity": only the study team can tell
    // whether lupus causes it, so it never makes "probably not".
    for fact in ["alt", "ast"] {
        let a = changed(PARIS_PATIENT, fact, of_limit(81.0, 40.0));
        let r = screen(&a, PARIS);
        assert_eq!(
            r.verdict,
            Verdict::MayQualify,
            "{fact} 81 with upper limit 40"
        );
        let c = result_for(&r, PARIS, "exc-2c");
        assert_eq!(c.state, CriterionState::StudyTeam);
        assert!(criterion(PARIS, c)
            .source
            .contains("(AST, ALT> 2 x normal) not related to disease activity"));
        assert!(ids(PARIS, r.study_team()).contains(&"exc-2c"));
        assert!(!ids(PARIS, r.reasons()).contains(&"exc-2c"));
    }
}

#[test]
fn paris_sends_platelets_below_30_x_10_9_per_l_to_the_study_team_as_the_cause_matters() {
    for answer in [num(30.0, "10^9/L"), num(30_000.0, "/mm3")] {
        let a = changed(PARIS_PATIENT, "platelets", answer.clone());
        let r = screen(&a, PARIS);
        assert_eq!(r.verdict, Verdict::MayQualify);
        assert_eq!(
            result_for(&r, PARIS, "exc-5").state,
            CriterionState::Met,
            "{answer:?} is not below 30"
        );
    }
    for answer in [num(29.9, "10^9/L"), num(29_999.0, "/mm3")] {
        let a = changed(PARIS_PATIENT, "platelets", answer.clone());
        let r = screen(&a, PARIS);
        assert_eq!(r.verdict, Verdict::MayQualify, "{answer:?}");
        let c = result_for(&r, PARIS, "exc-5");
        assert_eq!(c.state, CriterionState::StudyTeam, "{answer:?}");
        assert!(criterion(PARIS, c)
            .source
            .contains("caused by another disease than SLE"));
        assert!(!ids(PARIS, r.reasons()).contains(&"exc-5"));
    }
}

// ---------------------------------------------------------------------------------------------
// NCT03580291, MSC compared with mycophenolate for lupus nephritis, Nanjing.
// ---------------------------------------------------------------------------------------------

#[test]
fn nct03580291_takes_18_and_60_year_olds_as_it_says_18_60_including() {
    for age in [18, 60] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "age", years(age));
        assert_may_qualify(&a, NANJING_NEPHRITIS, &format!("age {age}"));
    }
}

#[test]
fn nct03580291_rules_out_17_and_61_year_olds() {
    for age in [17, 61] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "age", years(age));
        assert_probably_not(
            &a,
            NANJING_NEPHRITIS,
            &format!("age {age}"),
            &[("inc-2", "Ages: 18-60 years old (including)")],
        );
    }
}

/// The NCT03580291 patient with a low 24-hour urine protein, so the ratio alone decides
/// "proteinuria /creatinine ratio >1.0 or 24 hours Proteinuria >1.0g".
fn nanjing_nephritis_patient_with_low_24_hour_protein() -> Answers {
    changed(
        NANJING_NEPHRITIS_PATIENT,
        "urine_protein_24h",
        num(0.5, "g/24h"),
    )
}

#[test]
fn a_protein_creatinine_ratio_of_exactly_1_is_not_enough_for_nct03580291() {
    // 1 g/g is 113.12 mg/mmol; 113 mg/mmol is 0.9989 g/g.
    for answer in [
        num(1.0, "g/g"),
        num(1.0, "mg/mg"),
        num(1000.0, "mg/g"),
        num(1.0 / 0.00884, "mg/mmol"),
        num(113.0, "mg/mmol"),
    ] {
        let mut a = nanjing_nephritis_patient_with_low_24_hour_protein();
        change(&mut a, "upcr", answer.clone());
        assert_probably_not(
            &a,
            NANJING_NEPHRITIS,
            &format!("UPCR {answer:?}"),
            &[("inc-4", "Morning proteinuria /creatinine ratio >1.0")],
        );
    }
}

#[test]
fn a_protein_creatinine_ratio_of_1_01_is_enough_for_nct03580291() {
    // 114 mg/mmol is 1.0078 g/g.
    for answer in [num(1.01, "g/g"), num(1010.0, "mg/g"), num(114.0, "mg/mmol")] {
        let mut a = nanjing_nephritis_patient_with_low_24_hour_protein();
        change(&mut a, "upcr", answer.clone());
        assert_may_qualify(&a, NANJING_NEPHRITIS, &format!("UPCR {answer:?}"));
    }
}

#[test]
fn exactly_1_g_of_urine_protein_a_day_is_not_enough_for_nct03580291() {
    for (answer, enough) in [
        (num(1.0, "g/24h"), false),
        (num(1000.0, "mg/24h"), false),
        (num(1.01, "g/24h"), true),
        (num(1010.0, "mg/24h"), true),
    ] {
        let mut a = changed(NANJING_NEPHRITIS_PATIENT, "upcr", num(0.5, "g/g"));
        change(&mut a, "urine_protein_24h", answer.clone());
        let what = format!("24-hour protein {answer:?}");
        if enough {
            assert_may_qualify(&a, NANJING_NEPHRITIS, &what);
        } else {
            assert_probably_not(
                &a,
                NANJING_NEPHRITIS,
                &what,
                &[("inc-4", "24 hours Proteinuria >1.0g")],
            );
        }
    }
}

#[test]
fn nct03580291_keeps_liver_tests_at_exactly_1_5_times_the_upper_limit() {
    for fact in ["alt", "ast"] {
        for answer in [of_limit(60.0, 40.0), Answer::WithinNormal] {
            let a = changed(NANJING_NEPHRITIS_PATIENT, fact, answer.clone());
            assert_may_qualify(&a, NANJING_NEPHRITIS, &format!("{fact} {answer:?}"));
        }
    }
}

#[test]
fn nct03580291_rules_out_liver_tests_above_1_5_times_the_upper_limit() {
    for fact in ["alt", "ast"] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, fact, of_limit(61.0, 40.0));
        assert_probably_not(
            &a,
            NANJING_NEPHRITIS,
            &format!("{fact} 61 with upper limit 40"),
            &[("exc-7a", "more than 1.5 times the upper limit of normal")],
        );
    }
}

#[test]
fn nct03580291_rules_out_bilirubin_above_14_mg_per_l_in_any_unit() {
    // 14 mg/L = 1.4 mg/dL = 23.94 µmol/L.
    for answer in [num(14.0, "mg/L"), num(1.4, "mg/dL"), num(23.94, "umol/L")] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "bilirubin", answer.clone());
        assert_may_qualify(&a, NANJING_NEPHRITIS, &format!("bilirubin {answer:?}"));
    }
    for answer in [num(14.1, "mg/L"), num(24.0, "umol/L")] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "bilirubin", answer.clone());
        assert_probably_not(
            &a,
            NANJING_NEPHRITIS,
            &format!("bilirubin {answer:?}"),
            &[("exc-7a", "total bilirubin more than 14mg/L")],
        );
    }
}

#[test]
fn nct03580291_rules_out_creatinine_from_265_2_umol_per_l_in_both_units() {
    // 265.2 µmol/L is exactly 3 mg/dL.
    for answer in [num(265.1, "umol/L"), num(2.99, "mg/dL")] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "creatinine", answer.clone());
        assert_may_qualify(&a, NANJING_NEPHRITIS, &format!("creatinine {answer:?}"));
    }
    for answer in [
        num(265.2, "umol/L"),
        num(3.0, "mg/dL"),
        num(300.0, "umol/L"),
    ] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "creatinine", answer.clone());
        assert_probably_not(
            &a,
            NANJING_NEPHRITIS,
            &format!("creatinine {answer:?}"),
            &[("exc-7b", "serum creatinine (Scr) =265.2umol/L")],
        );
    }
}

#[test]
fn nct03580291_rules_out_platelets_below_50_000_per_ul_in_both_units() {
    for answer in [num(50_000.0, "/uL"), num(50.0, "10^9/L")] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "platelets", answer.clone());
        assert_may_qualify(&a, NANJING_NEPHRITIS, &format!("platelets {answer:?}"));
    }
    for answer in [num(49_999.0, "/uL"), num(49.9, "10^9/L")] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, "platelets", answer.clone());
        assert_probably_not(
            &a,
            NANJING_NEPHRITIS,
            &format!("platelets {answer:?}"),
            &[("exc-8", "platelets <50000/uL")],
        );
    }
}

#[test]
fn nct03580291_rules_out_white_cells_below_3_000_per_ul_and_haemoglobin_below_8_g_per_dl() {
    for (fact, answer) in [
        ("wbc", num(3_000.0, "/uL")),
        ("wbc", num(3.0, "10^9/L")),
        ("haemoglobin", num(8.0, "g/dL")),
        ("haemoglobin", num(80.0, "g/L")),
    ] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, fact, answer.clone());
        assert_may_qualify(&a, NANJING_NEPHRITIS, &format!("{fact} {answer:?}"));
    }
    for (fact, answer, words) in [
        ("wbc", num(2_999.0, "/uL"), "white blood cell <3000/uL"),
        ("wbc", num(2.99, "10^9/L"), "white blood cell <3000/uL"),
        ("haemoglobin", num(7.9, "g/dL"), "hemoglobin <8g/dL"),
        ("haemoglobin", num(79.0, "g/L"), "hemoglobin <8g/dL"),
    ] {
        let a = changed(NANJING_NEPHRITIS_PATIENT, fact, answer.clone());
        assert_probably_not(
            &a,
            NANJING_NEPHRITIS,
            &format!("{fact} {answer:?}"),
            &[("exc-8", words)],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// NCT02633163, MiSLE, United States.
// ---------------------------------------------------------------------------------------------

#[test]
fn misle_takes_18_and_65_year_olds_as_it_says_18_to_65() {
    for age in [18, 65] {
        let a = changed(MISLE_PATIENT, "age", years(age));
        assert_may_qualify(&a, MISLE, &format!("age {age}"));
    }
}

#[test]
fn misle_rules_out_17_and_66_year_olds() {
    for age in [17, 66] {
        let a = changed(MISLE_PATIENT, "age", years(age));
        assert_probably_not(
            &a,
            MISLE,
            &format!("age {age}"),
            &[("inc-1", "age 18 to 65")],
        );
    }
}

#[test]
fn misle_keeps_liver_tests_at_exactly_4_times_the_upper_limit() {
    for fact in ["alt", "ast"] {
        for answer in [of_limit(160.0, 40.0), of_limit(100.0, 25.0)] {
            let a = changed(MISLE_PATIENT, fact, answer.clone());
            assert_may_qualify(&a, MISLE, &format!("{fact} {answer:?}"));
        }
        // Her report shows both in the normal range; a lab value in range is below 4 times.
        let r = screen(&patient(MISLE_PATIENT), MISLE);
        assert_eq!(result_for(&r, MISLE, "exc-4b").state, CriterionState::Met);
    }
}

#[test]
fn misle_rules_out_liver_tests_above_4_times_the_upper_limit() {
    for fact in ["alt", "ast"] {
        let a = changed(MISLE_PATIENT, fact, of_limit(161.0, 40.0));
        assert_probably_not(
            &a,
            MISLE,
            &format!("{fact} 161 with upper limit 40"),
            &[(
                "exc-4b",
                "AST or ALT above 4 times the upper limit of normal",
            )],
        );
    }
}

#[test]
fn misle_keeps_platelets_of_exactly_30_000_per_mm3_as_that_is_not_below() {
    for answer in [
        num(30_000.0, "/mm3"),
        num(30.0, "10^9/L"),
        num(30.0, "10^3/uL"),
    ] {
        let a = changed(MISLE_PATIENT, "platelets", answer.clone());
        assert_may_qualify(&a, MISLE, &format!("platelets {answer:?}"));
    }
}

#[test]
fn misle_rules_out_platelets_below_30_000_per_mm3() {
    for answer in [num(29_999.0, "/mm3"), num(29.9, "10^9/L")] {
        let a = changed(MISLE_PATIENT, "platelets", answer.clone());
        assert_probably_not(
            &a,
            MISLE,
            &format!("platelets {answer:?}"),
            &[("exc-4a", "platelets below 30,000 per mm³")],
        );
    }
}

#[test]
fn misle_rules_out_white_cells_below_2_000_per_mm3_and_haemoglobin_below_8_g_per_dl() {
    for (fact, answer) in [
        ("wbc", num(2_000.0, "/mm3")),
        ("wbc", num(2.0, "10^3/uL")),
        ("haemoglobin", num(8.0, "g/dL")),
        ("haemoglobin", num(80.0, "g/L")),
    ] {
        let a = changed(MISLE_PATIENT, fact, answer.clone());
        assert_may_qualify(&a, MISLE, &format!("{fact} {answer:?}"));
    }
    for (fact, answer, words) in [
        (
            "wbc",
            num(1.99, "10^3/uL"),
            "white cells below 2,000 per mm³",
        ),
        (
            "wbc",
            num(1_999.0, "/mm3"),
            "white cells below 2,000 per mm³",
        ),
        ("haemoglobin", num(79.0, "g/L"), "haemoglobin below 8 g/dL"),
    ] {
        let a = changed(MISLE_PATIENT, fact, answer.clone());
        assert_probably_not(
            &a,
            MISLE,
            &format!("{fact} {answer:?}"),
            &[("exc-4a", words)],
        );
    }
}

#[test]
fn misle_rules_out_an_egfr_below_30() {
    let a = changed(MISLE_PATIENT, "kidney_filtration", num(30.0, "mL/min"));
    assert_may_qualify(&a, MISLE, "eGFR 30");
    let a = changed(MISLE_PATIENT, "kidney_filtration", num(29.9, "mL/min"));
    assert_probably_not(&a, MISLE, "eGFR 29.9", &[("exc-3", "eGFR below 30 mL/min")]);
}

#[test]
fn misle_keeps_prednisone_of_exactly_half_a_mg_per_kg() {
    // The MiSLE patient takes 12 mg methylprednisolone, 15 mg prednisone: exactly 0.5 mg/kg at
    // 30 kg (66.14 lb is 30.0006 kg).
    for answer in [num(30.0, "kg"), num(66.14, "lb")] {
        let a = changed(MISLE_PATIENT, "weight", answer.clone());
        assert_may_qualify(&a, MISLE, &format!("weight {answer:?}"));
    }
    // At her own 154 lb (69.85 kg), 0.5 mg/kg is 34.93 mg prednisone.
    let exactly = 0.5 * 154.0 * 0.453_592_37;
    for answer in [num(exactly, "mg_prednisone"), num(34.9, "mg_prednisone")] {
        let a = changed(MISLE_PATIENT, "steroid_dose", answer.clone());
        assert_may_qualify(&a, MISLE, &format!("steroid {answer:?} at 154 lb"));
    }
}

#[test]
fn misle_rules_out_prednisone_above_half_a_mg_per_kg() {
    let reasons = [("exc-11", "prednisone above 0.5 mg/kg/day")];
    for answer in [num(29.9, "kg"), num(65.9, "lb")] {
        let a = changed(MISLE_PATIENT, "weight", answer.clone());
        assert_probably_not(&a, MISLE, &format!("weight {answer:?}"), &reasons);
    }
    for answer in [
        num(35.0, "mg_prednisone"),
        num(28.0, "mg_methylprednisolone"),
    ] {
        let a = changed(MISLE_PATIENT, "steroid_dose", answer.clone());
        assert_probably_not(
            &a,
            MISLE,
            &format!("steroid {answer:?} at 154 lb"),
            &reasons,
        );
    }
}

#[test]
fn misle_cannot_judge_a_dose_per_kg_without_the_weight() {
    let a = changed(MISLE_PATIENT, "weight", Answer::Unknown);
    let r = screen(&a, MISLE);
    assert_eq!(r.verdict, Verdict::NeedMoreInformation);
    assert_eq!(r.needs, vec!["weight"]);
    assert_eq!(ids(MISLE, r.open()), vec!["exc-11"]);
}
