//! Properties of screening over the real `trials.json`, on random patients.
//!
//! A random patient answers each of the file's facts in one of three ways: not at all, "I don't
//! know", or with a value of the fact's type. Numbers are drawn within the fact's range, often
//! exactly at or just beside a threshold that some criterion compares with, and written in a
//! random unit the fact accepts; upper-limit ratios as a value and its upper limit, or "normal";
//! choices from the fact's options.

use prescreen::engine::{CriterionState, Date, Screener, Session, TrialResult, Verdict};
use prescreen::model::{Answer, Answers, Fact, FactKind, Rule, TrialsFile};
use prescreen::units;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::OnceLock;

fn screener() -> &'static Screener {
    static SCREENER: OnceLock<Screener> = OnceLock::new();
    SCREENER.get_or_init(|| {
        Screener::load(include_str!("../trials.json"))
            .unwrap_or_else(|errors| panic!("trials.json does not load: {errors:#?}"))
            .as_of(today())
    })
}

/// The day the random patients answer on, for their dates.
fn today() -> Date {
    Date::parse("2026-12-01").expect("a date")
}

/// Every threshold some rule compares a fact with, in the fact's base unit, by fact id.
fn thresholds() -> &'static BTreeMap<String, Vec<f64>> {
    static THRESHOLDS: OnceLock<BTreeMap<String, Vec<f64>>> = OnceLock::new();
    THRESHOLDS.get_or_init(|| {
        // The screener holds rules compiled; their thresholds as written are in the file.
        let file: TrialsFile =
            serde_json::from_str(include_str!("../trials.json")).expect("trials.json reads");
        let file = &file;
        let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        fn walk(rule: &Rule, file: &TrialsFile, out: &mut BTreeMap<String, Vec<f64>>) {
            let children = [&rule.all, &rule.any, &rule.of];
            for list in children.into_iter().flatten() {
                list.iter().for_each(|r| walk(r, file, out));
            }
            if let Some(n) = &rule.not {
                walk(n, file, out);
            }
            if let (Some(fact), Some(value), Some(unit)) = (&rule.fact, rule.value, &rule.unit) {
                let quantity = match &file.fact(fact).expect("checked by load").answer {
                    FactKind::Number { quantity, .. } => quantity.as_str(),
                    FactKind::Date => "time_ago",
                    _ => "times_uln",
                };
                let q = units::quantity(quantity).expect("checked by load");
                let base = q.unit(unit).expect("checked by load").to_base(value);
                out.entry(fact.clone()).or_default().push(base);
            }
        }
        for trial in &file.trials {
            for (_, c) in trial.all_criteria() {
                if let Some(rule) = &c.rule {
                    walk(rule, file, &mut out);
                }
            }
        }
        out
    })
}

/// The random draws for one fact: how it is answered, and the numbers behind the answer.
type Draw = (u8, u64, f64, u8, u64);

fn draws() -> impl Strategy<Value = Vec<Draw>> {
    let n = screener().facts().len();
    prop::collection::vec(
        (0u8..6, any::<u64>(), 0.0f64..1.0, any::<u8>(), any::<u64>()),
        n,
    )
}

/// A valid value for the fact, made from the draw.
fn value(fact: &Fact, (_, pick, frac, unit_pick, bits): Draw) -> Answer {
    match &fact.answer {
        FactKind::YesNo => Answer::Bool(bits & 1 == 1),
        FactKind::Number {
            quantity,
            min,
            max,
            whole,
            units: offered,
        } => {
            let q = units::quantity(quantity).expect("checked by load");
            let near = thresholds().get(&fact.id).cloned().unwrap_or_default();
            let mut base = match (pick % 3, near.is_empty()) {
                (1, false) => near[(bits as usize) % near.len()],
                (2, false) => near[(bits as usize) % near.len()] * (0.95 + 0.1 * frac),
                _ => min + frac * (max - min),
            };
            base = base.clamp(*min, *max);
            if *whole {
                base = base.round().clamp(min.ceil(), max.floor());
            }
            let accepted: Vec<&units::Unit> = (q.units.iter())
                .filter(|u| offered.is_empty() || offered.iter().any(|o| o == u.id))
                .collect();
            let unit = if *whole {
                q.base()
            } else {
                accepted[usize::from(unit_pick) % accepted.len()]
            };
            Answer::Number {
                value: unit.from_base(base),
                unit: unit.id.to_string(),
            }
        }
        FactKind::UpperLimitRatio { max } => {
            let upper_limit = [40.0, 35.0, 56.0, 33.3][(bits % 4) as usize];
            let near = thresholds().get(&fact.id).cloned().unwrap_or_default();
            let ratio = match (pick % 3, near.is_empty()) {
                (0, _) => return Answer::WithinNormal,
                (1, false) => near[((bits >> 2) as usize) % near.len()],
                _ => frac * 10.0_f64.min(*max),
            };
            Answer::OfUpperLimit {
                value: ratio * upper_limit,
                upper_limit,
            }
        }
        FactKind::Choice { options } => {
            Answer::Choice(options[(pick as usize) % options.len()].id.clone())
        }
        FactKind::Multi { options } => Answer::Multi(
            options
                .iter()
                .enumerate()
                .filter(|(i, _)| bits >> i & 1 == 1)
                .map(|(_, o)| o.id.clone())
                .collect(),
        ),
        FactKind::Date => {
            // Days ago, often at or beside a threshold, written as a day, a month or a year.
            let near = thresholds().get(&fact.id).cloned().unwrap_or_default();
            let ago = match (pick % 3, near.is_empty()) {
                (1, false) => near[(bits as usize) % near.len()],
                (2, false) => near[(bits as usize) % near.len()] + (frac * 60.0 - 30.0),
                _ => frac * 3650.0,
            }
            .max(0.0)
            .round() as i64;
            let day = Date::from_days_since_epoch(today().days_since_epoch() - ago).to_string();
            let date = match unit_pick % 3 {
                0 => day,
                1 => day[..7].to_string(),
                _ => day[..4].to_string(),
            };
            Answer::Date {
                date,
                about: bits >> 8 & 1 == 1,
            }
        }
    }
}

/// A random patient: each fact unanswered, "I don't know" (where offered), or a value.
fn patient(draws: &[Draw]) -> Answers {
    let mut answers = Answers::default();
    for (fact, d) in screener().facts().iter().zip(draws) {
        match d.0 {
            0 | 1 => {}
            2 if fact.unknown_allowed => answers.set(fact.id.clone(), Answer::Unknown),
            2 => {}
            _ => answers.set(fact.id.clone(), value(fact, *d)),
        }
    }
    answers
}

/// A patient who answers every question: "I don't know" where the draw leaves it unanswered
/// and that is offered, a value otherwise.
fn full_patient(draws: &[Draw]) -> Answers {
    let mut answers = Answers::default();
    for (fact, d) in screener().facts().iter().zip(draws) {
        let a = match d.0 {
            0..=2 if fact.unknown_allowed => Answer::Unknown,
            _ => value(fact, *d),
        };
        answers.set(fact.id.clone(), a);
    }
    answers
}

fn verdicts(answers: &Answers) -> Vec<(Verdict, Vec<Verdict>)> {
    screener()
        .evaluate(answers)
        .into_iter()
        .map(|r| (r.verdict, r.subgroups))
        .collect()
}

/// The path as its definition reads, evaluating everything afresh at each step: the answers
/// taken one at a time, each the first of the questions then worth asking that has an answer.
fn path_by_replay(answers: &Answers) -> Answers {
    let mut path = Answers::default();
    while let Some(f) = screener()
        .next_questions(&path)
        .into_iter()
        .find(|f| answers.get(f).is_some())
    {
        path.set(f, answers.get(f).cloned().expect("found by presence"));
    }
    path
}

/// Changes to make one at a time: (fact index, new answer or `None` to remove it).
fn changes() -> impl Strategy<Value = Vec<(usize, Option<Draw>)>> {
    let n = screener().facts().len();
    let draw = (0u8..6, any::<u64>(), 0.0f64..1.0, any::<u8>(), any::<u64>());
    prop::collection::vec((0..n, prop::option::weighted(0.8, draw)), 1..12)
}

fn apply(answers: &mut Answers, (f, draw): &(usize, Option<Draw>)) -> (String, Option<Answer>) {
    let fact = &screener().facts()[*f];
    let answer = draw.map(|d| match d.0 {
        2 if fact.unknown_allowed => Answer::Unknown,
        _ => value(fact, d),
    });
    match &answer {
        Some(a) => answers.set(fact.id.clone(), a.clone()),
        None => answers.remove(&fact.id),
    }
    (fact.id.clone(), answer)
}

fn trial_id(r: &TrialResult) -> &'static str {
    screener().trial_id(r.trial)
}

fn config() -> Config {
    Config {
        cases: 256,
        // Never write regression files beside the tests.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_answers_are_all_accepted(d in draws()) {
        let answers = patient(&d);
        prop_assert_eq!(screener().check_answers(&answers), vec![]);
        prop_assert_eq!(screener().check_answers(&full_patient(&d)), vec![]);
    }

    /// (a) Giving more answers never takes back "probably not" (nor "may qualify").
    #[test]
    fn more_answers_never_undo_a_settled_verdict(d in draws(), more in draws()) {
        let fewer = patient(&d);
        let mut extra = fewer.clone();
        for (id, a) in patient(&more).0 {
            if fewer.get(&id).is_none() {
                extra.set(id, a);
            }
        }
        let before = screener().evaluate(&fewer);
        let after = screener().evaluate(&extra);
        for (b, a) in before.iter().zip(&after) {
            if b.verdict != Verdict::NeedMoreInformation {
                prop_assert_eq!(
                    a.verdict, b.verdict,
                    "{}: {:?} with {} answers became {:?} with {}",
                    trial_id(b), b.verdict, fewer.len(), a.verdict, extra.len()
                );
            }
            // Nor is any criterion that rules the patient out taken back.
            for (cb, ca) in b.criteria.iter().zip(&a.criteria) {
                if cb.state == CriterionState::NotMet {
                    prop_assert_eq!(ca.state, CriterionState::NotMet, "{}", trial_id(b));
                }
            }
        }
    }

    /// (b) Writing a number in another unit of its quantity never changes a verdict, nor any
    /// criterion's state.
    #[test]
    fn the_unit_a_number_is_written_in_never_changes_a_verdict(d in draws()) {
        let answers = patient(&d);
        // Every criterion's state, not only each trial's verdict: a random patient is ruled out
        // of most trials anyway, which would hide a criterion changing its mind.
        let expected = screener().evaluate(&answers);
        for (id, a) in &answers.0 {
            let Answer::Number { value, unit } = a else { continue };
            let Some(FactKind::Number { quantity, units: offered, .. }) = screener().kind(id) else {
                panic!("{id} holds a number but is not a number fact");
            };
            let q = units::quantity(quantity).expect("checked by load");
            let from = q.unit(unit).expect("checked answer");
            // A dose per kilogram is another dose than the same number taken whole: only units
            // reckoned alike say the same thing.
            let alike = |u: &&units::Unit| {
                u.id != from.id && u.body == from.body && (offered.is_empty() || offered.iter().any(|o| o == u.id))
            };
            for to in q.units.iter().filter(alike) {
                let mut other = answers.clone();
                let moved = Answer::Number { value: to.from_base(from.to_base(*value)), unit: to.id.into() };
                prop_assert!(
                    screener().check_answer(id, &moved).is_ok(),
                    "{id} {value} {unit} written as {moved:?} is refused"
                );
                other.set(id.clone(), moved.clone());
                prop_assert_eq!(
                    screener().evaluate(&other), expected.clone(),
                    "{} {} {} written as {:?}", id, value, unit, moved
                );
            }
        }
    }

    /// (c) "I don't know" never rules a patient out: replacing an answer with it never makes a
    /// trial "probably not" that was not already.
    #[test]
    fn i_dont_know_never_rules_a_patient_out(d in draws()) {
        let answers = patient(&d);
        let before = screener().evaluate(&answers);
        for (id, a) in &answers.0 {
            if *a == Answer::Unknown {
                continue;
            }
            let mut other = answers.clone();
            if screener().fact(id).expect("known fact").unknown_allowed {
                other.set(id.clone(), Answer::Unknown);
            } else {
                // Age and sex offer no "I don't know": the nearest is not answering.
                other.remove(id);
            }
            for (b, a) in before.iter().zip(screener().evaluate(&other)) {
                if a.verdict == Verdict::ProbablyNot {
                    prop_assert_eq!(
                        b.verdict, Verdict::ProbablyNot,
                        "{}: not knowing {} made it probably not", trial_id(b), id
                    );
                }
                // Nor does any single criterion rule the patient out for not knowing.
                for (cb, ca) in b.criteria.iter().zip(&a.criteria) {
                    if ca.state == CriterionState::NotMet {
                        prop_assert_eq!(
                            cb.state, CriterionState::NotMet,
                            "{}: not knowing {} fails a criterion", trial_id(b), id
                        );
                    }
                }
            }
        }
    }

    /// (d) With no question left to ask, a trial still needing information needs only facts the
    /// patient answered "I don't know".
    #[test]
    fn with_no_question_left_only_dont_knows_keep_a_trial_open(d in draws()) {
        for answers in [patient(&d), full_patient(&d)] {
            if !screener().next_questions(&answers).is_empty() {
                continue;
            }
            for r in screener().evaluate(&answers) {
                if r.verdict != Verdict::NeedMoreInformation {
                    continue;
                }
                prop_assert!(!r.needs.is_empty(), "{} is open but needs nothing", trial_id(&r));
                for f in &r.needs {
                    // A follow-up its parent's answer did not open is never asked.
                    if !screener().opened(f, &answers) {
                        continue;
                    }
                    prop_assert_eq!(
                        answers.get(f), Some(&Answer::Unknown),
                        "{} needs {}, which was never asked", trial_id(&r), f
                    );
                }
            }
        }
    }

    /// (d) The same, for a patient who answers the questions one at a time, in the order they
    /// are asked, until none is left; and asking fewer questions never changes an outcome.
    #[test]
    fn answering_the_questions_asked_settles_every_trial_that_can_be_settled(d in draws()) {
        let full = full_patient(&d);
        let mut asked = Answers::default();
        loop {
            let next = screener().next_questions(&asked);
            let Some(first) = next.first() else { break };
            prop_assert!(asked.get(first).is_none(), "{first} asked twice");
            asked.set(*first, full.get(first).expect("every fact answered").clone());
            prop_assert!(asked.len() <= screener().facts().len());
        }
        for r in screener().evaluate(&asked) {
            if r.verdict == Verdict::NeedMoreInformation {
                for f in r.needs.iter().filter(|f| screener().opened(f, &asked)) {
                    prop_assert_eq!(asked.get(f), Some(&Answer::Unknown), "{}", trial_id(&r));
                }
            }
        }
        // Subgroups may stay open once a trial is settled; the trials' verdicts may not differ.
        let outcome = |a: &Answers| verdicts(a).into_iter().map(|(v, _)| v).collect::<Vec<_>>();
        prop_assert_eq!(outcome(&asked), outcome(&full));
    }

    /// (d2) Walking the pages as the app asks them, a random patient ends with the verdicts
    /// of answering every question; follow-ups are asked only once their parent opens them.
    #[test]
    fn the_journey_page_by_page_ends_with_the_verdicts_of_every_answer(d in draws()) {
        let full = full_patient(&d);
        let s = std::rc::Rc::new(Screener::load(include_str!("../trials.json")).expect("loads").as_of(today()));
        let j = prescreen::engine::journey::walk(s.clone(), &full, None);
        let outcome: Vec<Verdict> = j.results.iter().map(|r| r.verdict).collect();
        prop_assert_eq!(outcome, verdicts(&full).into_iter().map(|(v, _)| v).collect::<Vec<_>>());
        let mut before = Answers::default();
        for page in &j.pages {
            for f in page {
                prop_assert!(s.opened(f, &before), "{} asked before its parent opened it", f);
                before.set(f.clone(), full.get(f).expect("every fact answered").clone());
            }
        }
    }

    /// (e) A question already answered is never asked again, and every question asked could
    /// still settle some open trial.
    #[test]
    fn next_questions_never_repeat_an_answered_fact(d in draws()) {
        let answers = patient(&d);
        let results = screener().evaluate(&answers);
        let next = screener().next_questions(&answers);
        for (i, f) in next.iter().enumerate() {
            prop_assert!(answers.get(f).is_none(), "{f} is answered but asked again");
            prop_assert!(!next[..i].contains(f), "{f} is asked twice");
            prop_assert!(
                results.iter().any(|r| r.verdict == Verdict::NeedMoreInformation
                    && r.needs.iter().any(|n| n == f)),
                "{f} can settle no open trial"
            );
        }
        let open = results.iter().any(|r| {
            r.verdict == Verdict::NeedMoreInformation
                && r.needs.iter().any(|n| answers.get(n).is_none())
        });
        prop_assert_eq!(next.is_empty(), !open);
    }

    /// (f) Changing answers one at a time, re-evaluating only what reads each, gives exactly
    /// what evaluating everything afresh gives: every criterion, verdict and next question.
    #[test]
    fn incremental_evaluation_equals_evaluating_afresh(d in draws(), steps in changes()) {
        let s = screener();
        let mut answers = patient(&d);
        let mut evaluation = s.evaluation(&answers);
        for change in &steps {
            let (fact, answer) = apply(&mut answers, change);
            evaluation.set(&fact, answer.as_ref());
            prop_assert_eq!(evaluation.results(), s.evaluate(&answers));
            prop_assert_eq!(evaluation.next_questions(), s.next_questions(&answers));
        }
    }

    /// (g) A session's path, kept up to date as answers change, equals the path replayed from
    /// the start, and so do its results and next questions.
    #[test]
    fn a_sessions_path_equals_replaying_it(d in draws(), steps in changes()) {
        thread_local! {
            static SHARED: Rc<Screener> = Rc::new(Screener::load(include_str!("../trials.json")).expect("loads").as_of(today()));
        }
        let mut session = Session::new(SHARED.with(Rc::clone));
        let mut answers = patient(&d);
        session.sync(&answers);
        prop_assert_eq!(session.path(), &path_by_replay(&answers));
        for change in &steps {
            apply(&mut answers, change);
            session.sync(&answers);
            let path = path_by_replay(&answers);
            prop_assert_eq!(session.path(), &path);
            prop_assert_eq!(session.results(), screener().evaluate(&path));
            prop_assert_eq!(session.next_questions(), screener().next_questions(&path));
        }
    }
}
