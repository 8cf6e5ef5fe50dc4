//! Numbers in a trials file: `check` refuses those the model cannot hold or a pack cannot keep
//! exactly, at the value, in plain words; and every file it accepts packs and reads back.

use prescreen::engine::{Finding, Screener};
use proptest::prelude::*;
use proptest::test_runner::Config;

const MINI: &str = include_str!("fixtures/mini.json");

/// `MINI` with `from`, which must occur exactly once, replaced by `to`.
fn mini(from: &str, to: &str) -> String {
    assert_eq!(MINI.matches(from).count(), 1, "{from:?} occurs once");
    MINI.replacen(from, to, 1)
}

/// The only error of `text`, which must be refused, at `path`.
fn error_at(text: &str, path: &str) -> Finding {
    let errors = match Screener::load(text) {
        Ok(_) => panic!("accepted, expected an error at {path}"),
        Err(e) => e,
    };
    let at: Vec<&Finding> = errors.iter().filter(|f| f.path == path).collect();
    assert_eq!(at.len(), 1, "{errors:#?}");
    at[0].clone()
}

fn line_of(text: &str, needle: &str) -> usize {
    let lines: Vec<usize> = (1..)
        .zip(text.lines())
        .filter(|(_, l)| l.contains(needle))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(lines.len(), 1, "{needle:?} on one line");
    lines[0]
}

const AGES: &str = "\"min_age\": 18, \"max_age\": 70";

#[test]
fn ages_that_no_trial_sets_are_refused_at_the_value() {
    for (ages, path) in [
        // The two ages that made `pack` panic on a file `check` accepted.
        (
            "\"min_age\": 18, \"max_age\": 7.000000000000001e+301",
            "max_age",
        ),
        (
            "\"min_age\": -1130410024192891850, \"max_age\": 70",
            "min_age",
        ),
        ("\"min_age\": 18.125, \"max_age\": 70", "min_age"),
        ("\"min_age\": 18, \"max_age\": 151", "max_age"),
        ("\"min_age\": -1, \"max_age\": 70", "min_age"),
    ] {
        let text = mini(AGES, ages);
        let e = error_at(&text, &format!("trials[0].eligibility.{path}"));
        assert_eq!(
            e.message, "expected an age in years from 0 to 150, such as 18 (6 months is 0.5)",
            "{ages}"
        );
        assert_eq!(e.line, line_of(&text, ages), "{ages}");
        assert!(e.column > 1);
    }
    let text = mini(AGES, "\"min_age\": 70, \"max_age\": 18");
    let e = error_at(&text, "trials[0].eligibility.max_age");
    assert_eq!(e.message, "the oldest age (18) is below the youngest (70)");
    // The ends of the range are ages, and so is a limit in months.
    assert!(Screener::load(&mini(AGES, "\"min_age\": 0, \"max_age\": 150")).is_ok());
    assert!(Screener::load(&mini(AGES, "\"min_age\": 0.5, \"max_age\": 17.75")).is_ok());
}

#[test]
fn thresholds_and_ranges_beyond_any_trials_are_refused_at_the_value() {
    let huge =
        "expected a number from -1000000000000 to 1000000000000 (a trial's limits are far smaller)";
    let cases = [
        (
            "\"op\": \">\", \"value\": 18, \"unit\": \"years\"",
            "\"op\": \">\", \"value\": 1e300, \"unit\": \"years\"",
            "trials[0].criteria[0].rule.value",
        ),
        (
            "\"quantity\": \"creatinine\", \"min\": 10, \"max\": 3000",
            "\"quantity\": \"creatinine\", \"min\": 10, \"max\": 3e12",
            "facts[3].answer.max",
        ),
        (
            "\"quantity\": \"creatinine\", \"min\": 10, \"max\": 3000",
            "\"quantity\": \"creatinine\", \"min\": -1e13, \"max\": 3000",
            "facts[3].answer.min",
        ),
        (
            "\"type\": \"upper_limit_ratio\", \"max\": 100",
            "\"type\": \"upper_limit_ratio\", \"max\": 1e200",
            "facts[5].answer.max",
        ),
    ];
    for (from, to, path) in cases {
        let text = mini(from, to);
        let e = error_at(&text, path);
        assert_eq!(e.message, huge, "{to}");
        assert_eq!(e.line, line_of(&text, to), "{to}");
    }
}

/// A value serde_json reads as one number and writes as digits that read back as another (its
/// default reader is off by one unit in the last place for some 17-digit numbers), if any.
fn a_number_that_does_not_read_back() -> Option<f64> {
    let mut x: f64 = 48.875;
    for _ in 0..200_000 {
        x = f64::from_bits(x.to_bits() + 7919);
        let written = serde_json::to_string(&x).ok()?;
        if serde_json::from_str::<f64>(&written).ok() != Some(x) {
            return Some(x);
        }
    }
    None
}

#[test]
fn a_number_a_pack_could_not_keep_exactly_is_refused_saying_how_to_write_it() {
    // Should serde_json come to read back all it writes (its "float_roundtrip" feature), this
    // refusal is no longer needed: the property below still checks that every number is kept.
    let x = a_number_that_does_not_read_back().expect("serde_json misreads some 17-digit numbers");
    // Written with more digits than needed, the text reads as that very number.
    let written = format!("{x:.30e}");
    assert_eq!(
        serde_json::from_str::<f64>(&written).ok(),
        Some(x),
        "{written}"
    );
    let text = mini("\"lat\": 48.875", &format!("\"lat\": {written}"));
    let e = error_at(&text, "trials[0].sites[0].lat");
    assert!(e.message.contains("at most 15 significant digits"), "{e}");
}

/// Numbers of every kind: whole and fractional, huge and tiny, either sign, as JSON text.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (0i64..200).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        (-1000.0f64..1000.0).prop_map(|x| serde_json::to_string(&x).expect("finite")),
        any::<f64>()
            .prop_filter("JSON has no infinity or NaN", |x| x.is_finite())
            .prop_map(|x| serde_json::to_string(&x).expect("finite")),
        (1u32..18, -320i32..320)
            .prop_map(|(digits, e)| format!("{}e{e}", "7".repeat(digits as usize))),
    ]
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn every_file_check_accepts_packs_and_reads_back_as_it_was(
        min_age in number(),
        max_age in number(),
        lat in number(),
        lon in number(),
        fact_min in number(),
        fact_max in number(),
        value in number(),
        uln in number(),
    ) {
        let text = mini(AGES, &format!("\"min_age\": {min_age}, \"max_age\": {max_age}"))
            .replacen("\"lat\": 48.875, \"lon\": 2.368", &format!("\"lat\": {lat}, \"lon\": {lon}"), 1)
            .replacen(
                "\"quantity\": \"creatinine\", \"min\": 10, \"max\": 3000",
                &format!("\"quantity\": \"creatinine\", \"min\": {fact_min}, \"max\": {fact_max}"),
                1,
            )
            .replacen(
                "\"op\": \">\", \"value\": 18, \"unit\": \"years\"",
                &format!("\"op\": \">\", \"value\": {value}, \"unit\": \"years\""),
                1,
            )
            .replacen("\"type\": \"upper_limit_ratio\", \"max\": 100", &format!("\"type\": \"upper_limit_ratio\", \"max\": {uln}"), 1);
        if let Ok(s) = Screener::load(&text) {
            let bytes = s.try_pack().map_err(|e| TestCaseError::fail(format!("{e:#?}")))?;
            let p = Screener::load_pack(bytes).map_err(|e| TestCaseError::fail(format!("{e:#?}")))?;
            prop_assert_eq!(p.facts(), s.facts());
            for t in 0..s.trial_count() {
                prop_assert_eq!(p.try_trial(t).map_err(|e| TestCaseError::fail(e.to_string()))?, s.trial(t));
            }
        }
    }
}

#[test]
fn the_property_above_sees_files_accepted_and_refused() {
    // Numbers within the limits are accepted, so the property checks packs, not only refusals.
    let text = mini(AGES, "\"min_age\": 0, \"max_age\": 99");
    let s = Screener::load(&text).expect("accepted");
    let p = Screener::load_pack(s.try_pack().expect("packs")).expect("reads");
    assert_eq!(p.trial(0), s.trial(0));
}
