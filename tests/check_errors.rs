//! `Screener::load` refuses broken copies of `trials.json`, each error located by JSON path,
//! line and column; and the `prescreen` command line reports them the way editors read them.
//!
//! Each broken copy replaces one snippet that occurs exactly once in trials.json, so the line
//! of the mistake can be computed from the text.

use prescreen::engine::{Finding, Screener, Severity};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TRIALS: &str = include_str!("../trials.json");

/// trials.json with `from`, which must occur exactly once, replaced by `to`.
fn broken(from: &str, to: &str) -> String {
    assert_eq!(
        TRIALS.matches(from).count(),
        1,
        "the snippet {from:?} must occur exactly once in trials.json"
    );
    TRIALS.replacen(from, to, 1)
}

/// The line (from 1) of the only line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    assert_eq!(
        text.lines().filter(|l| l.contains(needle)).count(),
        1,
        "{needle:?} must be on exactly one line"
    );
    text.lines()
        .position(|l| l.contains(needle))
        .expect("counted above")
        + 1
}

/// The column (from 1, in characters) where `needle` starts on its line.
fn column_of(text: &str, needle: &str) -> usize {
    let line = text
        .lines()
        .find(|l| l.contains(needle))
        .expect("needle present");
    line[..line.find(needle).expect("on this line")]
        .chars()
        .count()
        + 1
}

/// The line of the `{` that opens the object holding the line with `needle`.
fn object_start(text: &str, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let at = line_of(text, needle) - 1;
    (0..=at)
        .rev()
        .find(|&i| lines[i].trim_end().ends_with('{'))
        .expect("an object opens above")
        + 1
}

/// The line of the `}` that closes the object opened on line `start`.
fn object_end(text: &str, start: usize) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines[start - 1].len() - lines[start - 1].trim_start().len();
    (start..lines.len())
        .find(|&i| {
            let l = lines[i];
            l.trim_start().starts_with('}') && l.len() - l.trim_start().len() == indent
        })
        .expect("the object closes")
        + 1
}

/// Loads `text`, which must fail, and returns every error.
fn errors(text: &str) -> Vec<Finding> {
    match Screener::load(text) {
        Ok(_) => panic!("a broken trials file was accepted"),
        Err(findings) => {
            assert!(!findings.is_empty(), "refused without saying why");
            assert!(findings.iter().all(|f| f.severity == Severity::Error));
            findings
        }
    }
}

/// The one error at `path`.
#[track_caller]
fn error_at(text: &str, path: &str) -> Finding {
    let all = errors(text);
    let mut at: Vec<&Finding> = all.iter().filter(|f| f.path == path).collect();
    assert_eq!(at.len(), 1, "one error at {path}, among {all:#?}");
    at.remove(0).clone()
}

#[track_caller]
fn assert_says(f: &Finding, words: &str) {
    assert!(
        f.message.contains(words),
        "the message {:?} should say {words:?}",
        f.message
    );
}

#[test]
fn trials_json_itself_loads() {
    let s = Screener::load(TRIALS).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(s.trial_count(), 5);
}

#[test]
fn a_missing_comma_is_invalid_json_reported_where_the_next_key_starts() {
    let text = broken(
        "\"kind\": \"inclusion\",\n          \"source\": \"Affiliation to social security.\"",
        "\"kind\": \"inclusion\"\n          \"source\": \"Affiliation to social security.\"",
    );
    let all = errors(&text);
    assert_eq!(all.len(), 1);
    let f = &all[0];
    assert_eq!(f.path, "");
    assert_says(f, "not valid JSON");
    assert_says(f, "expected `,` or `}`");
    assert_eq!(
        f.line,
        line_of(&text, "\"source\": \"Affiliation to social security.\"")
    );
    assert_eq!(f.column, column_of(&text, "\"source\": \"Affiliation"));
}

#[test]
fn an_unknown_fact_in_a_rule_is_located_and_the_likely_fact_suggested() {
    let text = broken(
        "\"fact\": \"kidney_transplant\",",
        "\"fact\": \"kidney_transplnt\",",
    );
    let f = error_at(&text, "trials[4].criteria[9].rule.fact");
    assert_eq!(f.line, line_of(&text, "kidney_transplnt"));
    assert_eq!(f.column, column_of(&text, "\"kidney_transplnt\""));
    assert_eq!(
        f.message,
        "unknown fact \"kidney_transplnt\"; did you mean \"kidney_transplant\"?"
    );
}

#[test]
fn an_unknown_unit_is_located_and_the_likely_unit_suggested() {
    let text = broken("\"unit\": \"mg/L\"", "\"unit\": \"mg/l\"");
    let f = error_at(&text, "trials[3].criteria[13].rule.any[0].unit");
    assert_eq!(f.line, line_of(&text, "\"unit\": \"mg/l\""));
    assert_says(&f, "unknown unit for bilirubin \"mg/l\"");
    assert_says(&f, "did you mean \"mg/L\"?");
}

#[test]
fn a_duplicate_criterion_id_is_located_at_the_second_one() {
    let text = broken("\"id\": \"inc-age\",", "\"id\": \"inc-1\",");
    let f = error_at(&text, "trials[0].criteria[1].id");
    assert_eq!(f.line, line_of(TRIALS, "\"id\": \"inc-age\","));
    assert_eq!(f.message, "duplicate criterion id \"inc-1\" in this trial");
}

#[test]
fn a_key_given_twice_is_refused_at_the_second_one() {
    let url = "\"registry_url\": \"https://clinicaltrials.gov/study/NCT04835883\",";
    let text = broken(url, &format!("{url}\n      \"registry_url\": \"typo\","));
    let f = error_at(&text, "trials[0].registry_url");
    assert_eq!(f.line, line_of(TRIALS, url) + 1);
    assert_eq!(f.message, "duplicate field `registry_url`");
    let top = broken("\"version\":", "\"version\": \"again\",\n  \"version\":");
    let g = error_at(&top, "version");
    assert_eq!(g.line, line_of(TRIALS, "\"version\":") + 1);
}

#[test]
fn a_criterion_with_an_empty_source_is_refused() {
    let text = broken("\"source\": \"18 to 70\",", "\"source\": \"\",");
    let f = error_at(&text, "trials[0].criteria[1].source");
    assert_eq!(f.line, line_of(TRIALS, "\"source\": \"18 to 70\","));
    assert_says(
        &f,
        "every criterion needs its source sentence, word for word",
    );
}

#[test]
fn a_criterion_with_neither_rule_nor_study_team_is_refused_where_it_starts() {
    // The whole study_team object, whatever languages it holds.
    let en = "\"en\": \"The study team checks your French social security cover.\"";
    let start = TRIALS[..TRIALS.find(en).expect("the note exists")]
        .rfind("},\n          \"study_team\": {")
        .expect("the note's object");
    let end =
        start + TRIALS[start..].find("\n          }").expect("its end") + "\n          }".len();
    let text = broken(&TRIALS[start..end], "}");
    let f = error_at(&text, "trials[2].criteria[9]");
    assert_eq!(
        f.line,
        object_start(&text, "\"source\": \"Affiliation to social security.\"")
    );
    assert_says(&f, "a criterion without a rule needs \"study_team\"");
}

#[test]
fn a_duplicate_fact_id_is_located_at_the_second_one() {
    let text = broken("\"id\": \"kidney_transplant\",", "\"id\": \"dialysis\",");
    let f = error_at(&text, "facts[24].id");
    assert_eq!(f.line, line_of(TRIALS, "\"id\": \"kidney_transplant\","));
    assert_eq!(f.message, "duplicate fact id \"dialysis\"");
    // The rule that used the renamed fact is reported too.
    let g = error_at(&text, "trials[4].criteria[9].rule.fact");
    assert_says(&g, "unknown fact \"kidney_transplant\"");
}

#[test]
fn an_unknown_option_in_a_rule_is_located_and_the_likely_option_suggested() {
    // In the rule, "within_2_weeks" is followed on the next line by the hospital option; the
    // option itself is `"id": …,`.
    let text = broken(
        "\"within_2_weeks\",\n              \"2_to_4_weeks_hospital\"\n",
        "\"within_2_wekes\",\n              \"2_to_4_weeks_hospital\"\n",
    );
    let f = error_at(&text, "trials[3].criteria[18].rule.in[0]");
    assert_eq!(f.line, line_of(&text, "\"within_2_wekes\""));
    assert_eq!(
        f.message,
        "unknown option \"within_2_wekes\"; did you mean \"within_2_weeks\"?"
    );
}

#[test]
fn a_yes_no_test_on_a_number_fact_is_refused_saying_how_to_test_it() {
    let text = broken(
        "\"fact\": \"kidney_filtration\",\n                \"op\": \"<\",\n                \"value\": 15,\n                \"unit\": \"mL/min\"",
        "\"fact\": \"kidney_filtration\",\n                \"is\": true",
    );
    let f = error_at(&text, "trials[1].criteria[8].rule.any[1]");
    // The rule object opens on the line above `"fact": "kidney_filtration"`, `"is": true`.
    let fact_line = text
        .lines()
        .zip(text.lines().skip(1))
        .position(|(a, b)| {
            a.contains("\"fact\": \"kidney_filtration\"") && b.contains("\"is\": true")
        })
        .expect("the broken rule")
        + 1;
    assert_eq!(f.line, fact_line - 1);
    assert_eq!(
        f.message,
        "fact \"kidney_filtration\" is tested with \"op\" with \"value\" and \"unit\""
    );
}

#[test]
fn a_fact_tested_in_a_form_its_kind_has_not_is_told_the_form_it_has() {
    let mut file: Value = serde_json::from_str(TRIALS).expect("trials.json reads");
    for (rule, says) in [
        (
            serde_json::json!({"fact": "pregnant", "in": ["yes"]}),
            "fact \"pregnant\" is tested with \"is\": true or false",
        ),
        (
            serde_json::json!({"fact": "sex", "is": true}),
            "fact \"sex\" is tested with \"in\": [option ids]",
        ),
        (
            serde_json::json!({"fact": "conditions", "in": ["hiv"]}),
            "fact \"conditions\" is tested with \"has_any\": [option ids]",
        ),
        (
            serde_json::json!({"fact": "age", "has_any": ["x"]}),
            "fact \"age\" is tested with \"op\" with \"value\" and \"unit\"",
        ),
    ] {
        file["trials"][1]["criteria"][8]["rule"] = rule;
        let text = serde_json::to_string_pretty(&file).expect("writes");
        assert_eq!(error_at(&text, "trials[1].criteria[8].rule").message, says);
    }
}

#[test]
fn a_misspelt_key_is_an_unknown_field_located_on_its_line() {
    let text = broken(
        "\"source\": \"Signed Informed Consent.\",",
        "\"sourse\": \"Signed Informed Consent.\",",
    );
    let f = error_at(&text, "trials[2].criteria[8].sourse");
    assert_eq!(f.line, line_of(&text, "\"sourse\""));
    assert_says(&f, "unknown field `sourse`");
    assert_says(&f, "expected one of `id`, `kind`, `source`");
}

#[test]
fn a_missing_required_field_is_named_with_the_object_that_lacks_it() {
    let text = broken("\n          \"city\": \"Seoul\",", "");
    let f = error_at(&text, "trials[0].sites[0]");
    assert_eq!(f.message, "missing field `city`");
    let start = object_start(&text, "Hanyang University Medical Center (Hanyang");
    let end = object_end(&text, start);
    assert!(
        (start..=end).contains(&f.line),
        "line {} is outside the site object, lines {start} to {end}",
        f.line
    );
}

#[test]
fn every_mistake_of_shape_is_reported_at_once_in_the_order_of_the_file() {
    let text = broken(
        "\"source\": \"Signed Informed Consent.\",",
        "\"sourse\": \"Signed Informed Consent.\",",
    );
    let text = text.replacen("\"randomized\": false", "\"randomized\": \"no\"", 1);
    let all = errors(&text);
    let said: Vec<(&str, &str)> = all
        .iter()
        .map(|f| (f.path.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(said.len(), 3, "{all:#?}");
    assert!(said.contains(&("trials[2].criteria[8]", "missing field `source`")));
    assert!(said.contains(&(
        "trials[2].criteria[8].sourse",
        "unknown field `sourse`, expected one of `id`, `kind`, `source`, `origin`, `plain`, \
         `rule`, `study_team`"
    )));
    let randomized = all
        .iter()
        .find(|f| f.path.ends_with(".design.randomized"))
        .expect("the wrong kind of value is reported too");
    assert_eq!(
        randomized.message,
        "invalid type: text \"no\", expected true or false"
    );
    let places: Vec<(usize, usize)> = all.iter().map(|f| (f.line, f.column)).collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted);
}

#[test]
fn a_missing_required_field_is_reported_where_its_object_starts() {
    let text = broken(
        "\"kind\": \"inclusion\",\n          \"source\": \"Affiliation to social security.\"",
        "\"source\": \"Affiliation to social security.\"",
    );
    let f = error_at(&text, "trials[2].criteria[9]");
    assert_eq!(f.message, "missing field `kind`");
    assert_eq!(
        f.line,
        object_start(&text, "\"source\": \"Affiliation to social security.\"")
    );
}

// ---------------------------------------------------------------------------------------------
// The command line, end to end.
// ---------------------------------------------------------------------------------------------

fn prescreen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prescreen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the prescreen binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

/// Writes `text` to a file of its own under Cargo's temporary directory for tests.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, text).expect("the temporary file is written");
    path
}

const SAMPLES: &[(&str, &str)] = &[
    (
        "tests/patients/may_qualify_NCT04835883_cytopenia.json",
        "NCT04835883",
    ),
    (
        "tests/patients/may_qualify_NCT04835883_nephritis.json",
        "NCT04835883",
    ),
    ("tests/patients/may_qualify_NCT00698191.json", "NCT00698191"),
    ("tests/patients/may_qualify_NCT03562065.json", "NCT03562065"),
    ("tests/patients/may_qualify_NCT03580291.json", "NCT03580291"),
    ("tests/patients/may_qualify_NCT02633163.json", "NCT02633163"),
];

#[test]
fn check_on_a_broken_file_fails_printing_file_line_column_error_path_message() {
    let text = broken(
        "\"fact\": \"kidney_transplant\",",
        "\"fact\": \"kidney_transplnt\",",
    );
    let path = temp_file("check_errors_unknown_fact.json", &text);
    let path = path.to_str().expect("a UTF-8 path");
    let out = prescreen(&["check", path]);
    assert!(!out.status.success(), "check accepted a broken file");
    let expected = format!(
        "{path}:{}:{}: error: trials[4].criteria[9].rule.fact: unknown fact \"kidney_transplnt\"; did you mean \"kidney_transplant\"?",
        line_of(&text, "kidney_transplnt"),
        column_of(&text, "\"kidney_transplnt\"")
    );
    let err = stderr(&out);
    assert!(
        err.lines().any(|l| l == expected),
        "expected the line\n{expected}\nin\n{err}"
    );
    assert!(err.contains(&format!("{path}: 1 error(s)")), "{err}");
}

#[test]
fn check_on_invalid_json_fails_with_the_line_of_the_mistake() {
    let text = broken(
        "\"version\": \"2026-11-23.1\",",
        "\"version\": \"2026-11-23.1\"",
    );
    let path = temp_file("check_errors_missing_comma.json", &text);
    let path = path.to_str().expect("a UTF-8 path");
    let out = prescreen(&["check", path]);
    assert!(!out.status.success());
    let line = line_of(&text, "\"languages\": [");
    let prefix = format!("{path}:{line}:3: error: (top level): not valid JSON");
    assert!(stderr(&out).starts_with(&prefix), "{}", stderr(&out));
}

#[test]
fn check_accepts_trials_json() {
    let out = prescreen(&["check", "trials.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s = Screener::load(TRIALS)
        .expect("loads")
        .as_of(prescreen::engine::Date::parse("2026-12-01").expect("a date"));
    let criteria: usize = s.trials().map(|t| t.all_criteria().count()).sum();
    assert_eq!((s.trial_count(), s.facts().len(), criteria), (5, 121, 105));
    let summary = format!(
        "trials.json: ok: 5 trials, 121 facts, 105 criteria, {} warning(s)",
        s.warnings().len()
    );
    assert!(
        stdout(&out).lines().any(|l| l == summary),
        "{}",
        stdout(&out)
    );
}

/// The verdict line printed under a trial's heading in the text report.
fn text_verdict<'a>(report: &'a str, trial: &str) -> &'a str {
    let mut lines = report.lines().skip_while(|l| !l.starts_with(trial));
    assert!(
        lines.next().is_some(),
        "{trial} is not in the report:\n{report}"
    );
    lines
        .next()
        .and_then(|l| l.strip_prefix("  Verdict: "))
        .unwrap_or_else(|| panic!("no verdict under {trial}:\n{report}"))
}

#[test]
fn screen_as_text_says_each_sample_patient_may_qualify_for_their_trial() {
    for (file, trial) in SAMPLES {
        let out = prescreen(&["screen", "--answers", file, "--text"]);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert_eq!(text_verdict(&stdout(&out), trial), "may qualify", "{file}");
    }
    let out = prescreen(&[
        "screen",
        "--answers",
        "tests/patients/probably_not_all.json",
        "--text",
    ]);
    let report = stdout(&out);
    for (_, trial) in SAMPLES {
        assert_eq!(text_verdict(&report, trial), "probably not");
    }
    assert!(report.contains("  Reasons:\n"));
}

#[test]
fn screen_as_json_gives_every_trials_verdict_as_the_engine_does() {
    let s = Screener::load(TRIALS)
        .expect("loads")
        .as_of(prescreen::engine::Date::parse("2026-12-01").expect("a date"));
    for (file, trial) in SAMPLES
        .iter()
        .chain(&[("tests/patients/probably_not_all.json", "")])
    {
        let out = prescreen(&["screen", "--answers", file]);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        let report: Value = serde_json::from_str(&stdout(&out)).expect("the report is JSON");
        assert_eq!(report["trials_version"], s.version());
        let trials = report["trials"].as_array().expect("a list of trials");
        let answers = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
            .expect("the sample exists");
        let expected = s.evaluate(&s.parse_answers(&answers).expect("the sample parses"));
        assert_eq!(trials.len(), expected.len());
        for (t, r) in trials.iter().zip(&expected) {
            let id = s.trial_id(r.trial);
            assert_eq!(t["id"], id);
            assert_eq!(t["verdict"], r.verdict.id(), "{file}: {id}");
            assert_eq!(
                t["reasons"].as_array().map(Vec::len),
                Some(r.reasons().count())
            );
            if id == *trial {
                assert_eq!(t["verdict"], "may_qualify", "{file}");
            }
            if trial.is_empty() {
                assert_eq!(t["verdict"], "probably_not", "{file}: {id}");
                assert!(!t["reasons"].as_array().expect("reasons").is_empty());
            }
        }
    }
}

#[test]
fn coverage_lists_all_five_trials_and_accounts_for_every_criterion() {
    let out = prescreen(&["coverage"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    let s = Screener::load(TRIALS)
        .expect("loads")
        .as_of(prescreen::engine::Date::parse("2026-12-01").expect("a date"));
    let (mut total, mut all_team) = (0, 0);
    for t in s.trials() {
        let row = report
            .lines()
            .find(|l| l.split_whitespace().next() == Some(t.id.as_str()))
            .unwrap_or_else(|| panic!("{} is not listed:\n{report}", t.id));
        let n: Vec<usize> = row
            .split_whitespace()
            .skip(1)
            .map(|x| x.parse().expect("a count"))
            .collect();
        let (criteria, rules, team) = (n[1], n[2], n[3]);
        assert_eq!(criteria, t.all_criteria().count(), "{row}");
        assert!(rules <= criteria, "{row}");
        assert_eq!(team, study_team_parts(&t.id), "{row}");
        total += criteria;
        all_team += team;
    }
    assert_eq!(total, 105);
    let last = report
        .lines()
        .find_map(|l| l.strip_prefix("all criteria accounted for: "))
        .expect("a totals line");
    let words: Vec<&str> = last.split_whitespace().collect();
    let rules: usize = words[0].parse().expect("a count");
    let team: usize = words[4].parse().expect("a count");
    assert!(rules <= total, "{last}");
    assert_eq!(team, all_team, "{last}");
    // What only the study team can judge is a budget, like the questions asked: 32 parts
    // before the treatment history (which decides dose, duration and timing), 31 after it.
    assert!(team <= 31, "study-team parts rose to {team}: {last}");
}

/// Criteria of trial `id` without a rule, plus `study_team` branches inside rules, counted
/// from the JSON itself rather than through the engine.
fn study_team_parts(id: &str) -> usize {
    fn branches(rule: &Value) -> usize {
        match rule {
            Value::Object(o) if o.contains_key("study_team") => 1,
            Value::Object(o) => o.values().map(branches).sum(),
            Value::Array(a) => a.iter().map(branches).sum(),
            _ => 0,
        }
    }
    let file: Value = serde_json::from_str(TRIALS).expect("trials.json is JSON");
    let trial = file["trials"]
        .as_array()
        .expect("trials")
        .iter()
        .find(|t| t["id"] == id)
        .expect("the trial");
    let lists = std::iter::once(&trial["criteria"]).chain(
        trial["subgroups"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|g| &g["criteria"]),
    );
    lists
        .flat_map(|l| l.as_array().expect("criteria"))
        .map(|c| c.get("rule").filter(|r| !r.is_null()).map_or(1, branches))
        .sum()
}

#[test]
fn pack_writes_a_pack_that_check_and_screen_read_as_the_file_itself() {
    let pack = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-trials.pack");
    let pack = pack.to_str().expect("a UTF-8 path");
    let out = prescreen(&["pack", "trials.json", pack]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("{pack}: wrote ")),
        "{}",
        stdout(&out)
    );
    let packed = std::fs::read(pack).expect("the pack is written");
    assert!(packed.len() < TRIALS.len());

    let from_file = prescreen(&["check", "trials.json"]);
    let from_pack = prescreen(&["check", pack]);
    assert!(from_pack.status.success(), "{}", stderr(&from_pack));
    // The same summary and the same warnings (as of the day it was packed), under its own name.
    assert_eq!(
        stdout(&from_pack),
        stdout(&from_file).replace("trials.json:", &format!("{pack}:"))
    );

    let patients = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patients"))
        .expect("the sample patients exist");
    for answers in patients {
        let answers = answers.expect("a file").path();
        let answers = answers.to_str().expect("a UTF-8 path");
        let screen = |trials: &str| {
            let out = prescreen(&["screen", "--answers", answers, "--trials", trials, "--text"]);
            assert!(out.status.success(), "{}", stderr(&out));
            stdout(&out)
        };
        let text = screen("trials.json");
        assert!(text.contains("Verdict:"), "{text}");
        assert_eq!(screen(pack), text, "{answers}");
    }

    let cut = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-cut.pack");
    std::fs::write(&cut, &packed[..packed.len() / 2]).expect("written");
    let out = prescreen(&["check", cut.to_str().expect("a UTF-8 path")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("cli-cut.pack:1:1: error: (top level): the pack is damaged or cut short"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
    let bytes = b"{\n  \"version\": \"1\xff\"\n}".to_vec();
    let e = Screener::load_published(bytes, None)
        .err()
        .expect("refused");
    assert_eq!((e[0].line, e[0].column), (2, 16), "{}", e[0]);
    assert!(e[0].message.contains("UTF-8"));
}
