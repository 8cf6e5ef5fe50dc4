//! The engine's general behaviour, on a small fixture: verdicts, unknowns, the study team,
//! subgroups, the next question, and refusing impossible answers.

use prescreen::engine::{AnswerError, CriterionState, Screener, Verdict};
use prescreen::model::{Answer, Answers};

fn mini() -> Screener {
    Screener::load(include_str!("fixtures/mini.json")).expect("fixture loads")
}

fn num(value: f64, unit: &str) -> Answer {
    Answer::Number {
        value,
        unit: unit.into(),
    }
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    let mut a = Answers::default();
    for (k, v) in pairs {
        a.set(*k, v.clone());
    }
    a
}

fn verdicts(s: &Screener, a: &Answers) -> Vec<Verdict> {
    s.evaluate(a).iter().map(|r| r.verdict).collect()
}

#[test]
fn with_no_answers_every_trial_needs_more_information_and_age_comes_first() {
    let s = mini();
    let a = Answers::default();
    assert_eq!(verdicts(&s, &a), vec![Verdict::NeedMoreInformation; 2]);
    assert_eq!(s.next_questions(&a).first(), Some(&"age"));
}

#[test]
fn an_exclusion_met_rules_the_trial_out_with_its_reason() {
    let s = mini();
    let a = answers(&[
        ("age", num(40.0, "years")),
        ("sex", Answer::Choice("female".into())),
        ("pregnant", Answer::Bool(true)),
    ]);
    let r = &s.evaluate(&a)[0];
    assert_eq!(r.verdict, Verdict::ProbablyNot);
    let reasons: Vec<usize> = r.reasons().map(|c| c.index).collect();
    assert_eq!(reasons, vec![3]);
}

#[test]
fn unknown_answers_never_exclude() {
    let s = mini();
    let a = answers(&[
        ("age", num(40.0, "years")),
        ("sex", Answer::Choice("female".into())),
        ("pregnant", Answer::Unknown),
        ("alt", Answer::Unknown),
        ("conditions", Answer::Unknown),
    ]);
    let r = &s.evaluate(&a)[0];
    assert_eq!(r.verdict, Verdict::NeedMoreInformation);
    assert_eq!(r.needs, vec!["pregnant", "alt", "conditions"]);
    let next = s.next_questions(&a);
    assert!(!next.is_empty());
    assert!(
        next.iter().all(|f| a.get(f).is_none()),
        "answered facts are not asked again: {next:?}"
    );
}

#[test]
fn study_team_criteria_never_exclude_and_are_listed() {
    let s = mini();
    let a = answers(&[
        ("age", num(40.0, "years")),
        ("sex", Answer::Choice("male".into())),
        (
            "alt",
            Answer::OfUpperLimit {
                value: 150.0,
                upper_limit: 40.0,
            },
        ),
        ("conditions", Answer::Multi(vec![])),
    ]);
    let r = &s.evaluate(&a)[0];
    assert_eq!(r.verdict, Verdict::MayQualify);
    let team: Vec<usize> = r.study_team().map(|c| c.index).collect();
    assert_eq!(
        team,
        vec![2, 4],
        "consent (no rule) and raised ALT whose cause the team judges"
    );
    // A man is never asked whether he is pregnant.
    assert!(!s.next_questions(&a).contains(&"pregnant"));
}

#[test]
fn a_normal_liver_test_clears_a_times_upper_limit_exclusion() {
    let s = mini();
    let a = answers(&[("alt", Answer::WithinNormal)]);
    assert_eq!(s.evaluate(&a)[0].criteria[4].state, CriterionState::Met);
}

#[test]
fn age_wording_is_respected_at_the_boundaries() {
    let s = mini();
    let at = |age: f64| s.evaluate(&answers(&[("age", num(age, "years"))]));
    // "Age > 18 years and < 70 years": 18 and 70 are outside, 19 and 69 inside.
    for (age, out) in [(18.0, true), (19.0, false), (69.0, false), (70.0, true)] {
        assert_eq!(
            at(age)[0].verdict == Verdict::ProbablyNot,
            out,
            "alpha at {age}"
        );
    }
    // "18 to 70": both ends inside.
    for (age, out) in [(17.0, true), (18.0, false), (70.0, false), (71.0, true)] {
        assert_eq!(
            at(age)[1].verdict == Verdict::ProbablyNot,
            out,
            "beta at {age}"
        );
    }
}

#[test]
fn a_patient_needs_to_fit_only_one_subgroup() {
    let s = mini();
    let base = [("age", num(40.0, "years"))];
    let with = |extra: &[(&str, Answer)]| {
        let mut v: Vec<(&str, Answer)> = base.to_vec();
        v.extend_from_slice(extra);
        s.evaluate(&answers(&v))[1].clone()
    };
    // Normal platelets, kidney group open: need more information, and only the kidney question.
    let r = with(&[("platelets", num(250.0, "10^9/L"))]);
    assert_eq!(r.verdict, Verdict::NeedMoreInformation);
    assert_eq!(
        r.subgroups,
        vec![Verdict::ProbablyNot, Verdict::NeedMoreInformation]
    );
    assert_eq!(r.needs, vec!["creatinine"]);
    assert_eq!(
        r.reasons().count(),
        0,
        "a failed subgroup is not a reason while another may fit"
    );
    // Creatinine 107 µmol/L fits the kidney group.
    let r = with(&[
        ("platelets", num(250.0, "10^9/L")),
        ("creatinine", num(107.0, "umol/L")),
    ]);
    assert_eq!(r.verdict, Verdict::MayQualify);
    // 106 does not (strictly above 106), and neither does 260 (excluded above 250): now both groups fail.
    for c in [106.0, 260.0] {
        let r = with(&[
            ("platelets", num(250.0, "10^9/L")),
            ("creatinine", num(c, "umol/L")),
        ]);
        assert_eq!(r.verdict, Verdict::ProbablyNot, "creatinine {c}");
        assert!(r.reasons().count() >= 2, "each group's failure is given");
    }
    // Low platelets alone fit the cytopenia group, and the kidney question is no longer needed.
    let r = with(&[("platelets", num(90.0, "10^9/L"))]);
    assert_eq!(r.verdict, Verdict::MayQualify);
    assert!(r.needs.is_empty());
}

#[test]
fn creatinine_boundary_is_the_same_in_mg_per_dl() {
    let s = mini();
    let at = |v: f64, unit: &str| {
        s.evaluate(&answers(&[
            ("age", num(40.0, "years")),
            ("platelets", num(250.0, "10^9/L")),
            ("creatinine", num(v, unit)),
        ]))[1]
            .verdict
    };
    assert_eq!(
        at(106.0 / 88.4, "mg/dL"),
        Verdict::ProbablyNot,
        "exactly 106 µmol/L typed in mg/dL"
    );
    assert_eq!(
        at(1.19, "mg/dL"),
        Verdict::ProbablyNot,
        "1.19 mg/dL = 105.2 µmol/L"
    );
    assert_eq!(
        at(1.21, "mg/dL"),
        Verdict::MayQualify,
        "1.21 mg/dL = 107.0 µmol/L"
    );
}

#[test]
fn next_questions_stop_when_every_trial_is_settled() {
    let s = mini();
    let a = answers(&[("age", num(80.0, "years"))]);
    assert_eq!(verdicts(&s, &a), vec![Verdict::ProbablyNot; 2]);
    assert!(s.next_questions(&a).is_empty());
}

#[test]
fn impossible_values_are_refused_with_what_to_enter() {
    let s = mini();
    let e = s.check_answer("age", &num(250.0, "years")).unwrap_err();
    assert_eq!(e.to_string(), "enter a number between 0 and 120 years");
    let e = s
        .check_answer("creatinine", &num(5000.0, "umol/L"))
        .unwrap_err();
    assert!(matches!(e, AnswerError::OutOfRange { .. }));
    let e = s
        .check_answer("creatinine", &num(-1.0, "mg/dL"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "enter a number between 0.1131 and 33.94 mg/dL"
    );
    assert!(matches!(
        s.check_answer("age", &num(40.5, "years")),
        Err(AnswerError::NotWhole)
    ));
    assert!(matches!(
        s.check_answer("age", &Answer::Unknown),
        Err(AnswerError::UnknownNotAllowed)
    ));
    assert!(matches!(
        s.check_answer("creatinine", &num(1.0, "mmHg")),
        Err(AnswerError::UnknownUnit { .. })
    ));
    assert!(matches!(
        s.check_answer("sex", &Answer::Choice("other".into())),
        Err(AnswerError::UnknownOption { .. })
    ));
    assert!(matches!(
        s.check_answer("pregnant", &num(1.0, "years")),
        Err(AnswerError::WrongShape { .. })
    ));
    let e = s.check_answer("creatinin", &Answer::Unknown).unwrap_err();
    assert!(e.to_string().contains("did you mean \"creatinine\""), "{e}");
    assert!(matches!(
        s.check_answer(
            "alt",
            &Answer::OfUpperLimit {
                value: 10.0,
                upper_limit: 0.0
            }
        ),
        Err(AnswerError::BadUpperLimit)
    ));
}

#[test]
fn an_impossible_value_that_slips_in_never_decides_a_verdict() {
    let s = mini();
    let a = answers(&[("age", num(-5.0, "years"))]);
    assert_eq!(verdicts(&s, &a), vec![Verdict::NeedMoreInformation; 2]);
}

#[test]
fn answers_files_are_read_with_located_errors() {
    let s = mini();
    let ok = s
        .parse_answers(
            r#"{"age": {"value": 40, "unit": "years"}, "pregnant": "unknown", "conditions": []}"#,
        )
        .unwrap();
    assert_eq!(ok.len(), 3);
    let errs = s
        .parse_answers(
            "{\n  \"age\": 40,\n  \"creatinine\": {\"value\": 9999, \"unit\": \"umol/L\"}\n}",
        )
        .unwrap_err();
    assert_eq!(errs.len(), 2);
    assert_eq!((errs[0].path.as_str(), errs[0].line), ("age", 2));
    assert!(errs[0].message.contains("with its unit"));
    assert_eq!((errs[1].path.as_str(), errs[1].line), ("creatinine", 3));
}

#[test]
fn restoring_keeps_every_answer_that_fits_and_names_the_rest() {
    let s = mini();
    // One impossible value (age 250), one question the file no longer has, two that fit.
    let text = r#"{"age": {"value": 250, "unit": "years"}, "pregnant": false,
        "kidney_old_name": true, "conditions": ["cancer"], "$location": {"city": "Paris"}}"#;
    let restored = s
        .restore_answers(text)
        .expect("an object of answers is restored");
    assert_eq!(
        restored.answers,
        answers(&[
            ("pregnant", Answer::Bool(false)),
            ("conditions", Answer::Multi(vec!["cancer".into()])),
        ])
    );
    let dropped: Vec<(&str, bool)> = restored
        .dropped
        .iter()
        .map(|d| (d.fact.as_str(), d.known))
        .collect();
    assert_eq!(dropped, vec![("age", true), ("kidney_old_name", false)]);
    assert_eq!(restored.dropped[0].finding.line, 1);
    assert!(restored.dropped[0].finding.message.contains("between"));
    // The strict reading used by the command line refuses the same text, naming both.
    assert_eq!(s.parse_answers(text).unwrap_err().len(), 2);
    // A key given twice keeps neither answer, and says so.
    let twice = s
        .restore_answers(r#"{"pregnant": false, "pregnant": true, "sex": "male"}"#)
        .unwrap();
    assert_eq!(
        twice.answers,
        answers(&[("sex", Answer::Choice("male".into()))])
    );
    assert_eq!(twice.dropped.len(), 1);
    assert_eq!(twice.dropped[0].fact, "pregnant");
    // Only text that is not answers at all is refused whole.
    assert!(s.restore_answers("[1, 2]").is_err());
    assert!(s.restore_answers("{not json").is_err());
}

#[test]
fn answers_off_the_path_drop_out_but_are_kept() {
    let s = mini();
    let mut a = answers(&[
        ("age", num(40.0, "years")),
        ("sex", Answer::Choice("female".into())),
        ("pregnant", Answer::Bool(true)),
    ]);
    assert_eq!(s.on_path(&a).get("pregnant"), Some(&Answer::Bool(true)));
    a.set("sex", Answer::Choice("male".into()));
    let path = s.on_path(&a);
    assert_eq!(
        path.get("pregnant"),
        None,
        "a man is not asked about pregnancy"
    );
    assert_eq!(s.evaluate(&path)[0].verdict, Verdict::NeedMoreInformation);
    a.set("sex", Answer::Choice("female".into()));
    assert_eq!(
        s.on_path(&a).get("pregnant"),
        Some(&Answer::Bool(true)),
        "changing back restores it"
    );
}

#[test]
fn answers_off_the_path_include_those_for_settled_trials_only_when_reached() {
    let s = mini();
    // Age 80 settles both trials: nothing else is on the path, whatever else was answered.
    let a = answers(&[
        ("age", num(80.0, "years")),
        ("creatinine", num(120.0, "umol/L")),
    ]);
    assert_eq!(s.on_path(&a).len(), 1);
}

#[test]
fn an_embed_can_show_only_some_trials() {
    let mut s = mini();
    s.retain_trials(&["nct00000002".to_string(), "NCT99999999".to_string()]);
    assert_eq!(s.trial_count(), 1);
    let r = s.evaluate(&answers(&[("age", num(80.0, "years"))]));
    assert_eq!((r.len(), r[0].verdict), (1, Verdict::ProbablyNot));
    assert_eq!(s.trial_id(r[0].trial), "NCT00000002");
    let mut all = mini();
    all.retain_trials(&[]);
    assert_eq!(all.trial_count(), 2);
}

#[test]
fn an_evaluation_answers_for_its_own_screener_only_and_says_none_past_its_last_trial() {
    let s = mini();
    let mut e = s.evaluation(&Answers::default());
    assert!(std::ptr::eq(e.screener(), &s));
    e.set("age", Some(&num(40.0, "years")));
    assert_eq!(
        e.results(),
        s.evaluate(&answers(&[("age", num(40.0, "years"))]))
    );
    assert_eq!(e.result(1).map(|r| r.trial), Some(1));
    assert!(e.result(2).is_none(), "the fixture has two trials");
    assert!(e.result(usize::MAX).is_none());
}
