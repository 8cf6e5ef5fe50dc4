//! Ids and links a clinic can trust: `check` refuses trial ids that are not registry ids, other
//! ids that are not plain, and registry links that are not https, each at the value.
//!
//! Trial ids are ClinicalTrials.gov's `NCT` and 8 digits, or another registry's id (ISRCTN,
//! EudraCT …) of letters, digits, `-` and `_`; fact, option, group and subgroup ids are
//! lower-case letters, digits and `_`.

use prescreen::engine::{Finding, Screener};

const MINI: &str = include_str!("fixtures/mini.json");

fn mini(from: &str, to: &str) -> String {
    assert_eq!(MINI.matches(from).count(), 1, "{from:?} occurs once");
    MINI.replacen(from, to, 1)
}

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
    1 + text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is in the text"))
}

const ID: &str = "\"id\": \"NCT00000001\"";
const URL: &str = "\"registry_url\": \"https://clinicaltrials.gov/study/NCT00000001\"";

#[test]
fn a_trial_id_with_markup_in_it_is_refused_at_the_id() {
    let evil = r#""id": "NCT1\"><script src=//evil.example/x.js></script>""#;
    let text = mini(ID, evil);
    let e = error_at(&text, "trials[0].id");
    assert!(
        e.message.starts_with(
            "expected a registry id: \"NCT\" and 8 digits, such as \"NCT04835883\", or another registry's id"
        ),
        "{}",
        e.message
    );
    assert_eq!(e.line, line_of(&text, "evil.example"));
    for bad in [
        "NCT123",
        "NCT0000000a",
        "NCT000000001",
        "",
        "-abc",
        "ISRCTN 123",
        "a'b",
        "ISRCTN<1>",
    ] {
        let text = mini(ID, &format!("\"id\": \"{bad}\""));
        error_at(&text, "trials[0].id");
    }
}

#[test]
fn other_registries_ids_are_accepted() {
    for good in [
        "ISRCTN12345678",
        "2019-001234-56",
        "ChiCTR2000029990",
        "jRCT_2031210001",
    ] {
        let text = mini(ID, &format!("\"id\": \"{good}\""));
        if let Err(e) = Screener::load(&text) {
            panic!("{good} refused: {e:#?}");
        }
    }
}

#[test]
fn a_registry_link_that_is_not_https_is_refused_at_the_link() {
    for bad in [
        "javascript:alert(1)",
        "http://clinicaltrials.gov/study/NCT00000001",
        "data:text/html,<script>alert(1)</script>",
        "https://",
        "https:///study",
        "//clinicaltrials.gov/study/NCT00000001",
        "https://clinicaltrials.gov/study/NCT0\" onmouseover=\"x",
        "https://clinicaltrials.gov/study/a b",
        "HTTPS://clinicaltrials.gov",
    ] {
        let value = serde_json::to_string(bad).expect("a string");
        let text = mini(URL, &format!("\"registry_url\": {value}"));
        let e = error_at(&text, "trials[0].registry_url");
        assert_eq!(
            e.message,
            "expected the https:// address of the trial's registry page, such as \"https://clinicaltrials.gov/study/NCT04835883\"",
            "{bad}"
        );
        assert_eq!(e.line, line_of(&text, "\"registry_url\""), "{bad}");
    }
    let text = mini(
        URL,
        "\"registry_url\": \"https://www.isrctn.com/ISRCTN12345678?q=1#top\"",
    );
    assert!(Screener::load(&text).is_ok());
}

#[test]
fn fact_option_group_and_subgroup_ids_are_plain() {
    let cases = [
        (
            "\"id\": \"age\", \"group\"",
            "\"id\": \"Age\", \"group\"",
            "facts[0].id",
        ),
        (
            "\"id\": \"pregnant\", \"group\"",
            "\"id\": \"preg-nant\", \"group\"",
            "facts[2].id",
        ),
        (
            "{\"id\": \"hiv\", \"label\"",
            "{\"id\": \"h iv\", \"label\"",
            "facts[6].answer.options[1].id",
        ),
        (
            "{\"id\": \"labs\", \"name\"",
            "{\"id\": \"lab<s>\", \"name\"",
            "groups[1].id",
        ),
        (
            "{\"id\": \"neph\", \"name\"",
            "{\"id\": \"neph\\\"\", \"name\"",
            "trials[1].subgroups[1].id",
        ),
    ];
    for (from, to, path) in cases {
        // References to the id change with it, so only the id's own form is wrong.
        let old = from.split('"').nth(3).expect("the id");
        let new = to.split("\"id\": \"").nth(1).expect("the new id");
        let new = &new[..new.find("\", \"").expect("the end of the id")];
        let text = mini(from, to).replace(&format!("\"{old}\""), &format!("\"{new}\""));
        let e = error_at(&text, path);
        assert!(
            e.message
                .starts_with("expected an id of lower-case letters, digits and \"_\""),
            "{to}: {}",
            e.message
        );
    }
}
