//! Four languages everywhere: interface tables really translated, every patient-facing text of
//! trials.json in every language, a missing one refused by `check`, and English questions and
//! help written plainly (Flesch-Kincaid grade 8 or below).

use prescreen::engine::Screener;
use prescreen::i18n::{self, Strings, LANGUAGES};
use prescreen::model::Text;

const TRIALS: &str = include_str!("../trials.json");

fn script_matches(lang: &str, s: &str) -> bool {
    let any = |range: std::ops::RangeInclusive<char>| s.chars().any(|c| range.contains(&c));
    match lang {
        "ko" => any('\u{AC00}'..='\u{D7A3}'),
        "zh" => any('\u{4E00}'..='\u{9FFF}'),
        _ => s.chars().any(|c| c.is_alphabetic()),
    }
}

fn samples(s: &Strings) -> Vec<&'static str> {
    vec![
        s.app_name,
        s.start_title,
        s.start_intro,
        s.start_not_decision,
        s.start_privacy,
        s.start_button,
        s.continue_,
        s.back,
        s.yes,
        s.no,
        s.dont_know,
        s.none_of_these,
        s.why_we_ask,
        s.error_summary,
        s.err_choose,
        s.err_number,
        s.location_title,
        s.check_title,
        s.change,
        s.results_title,
        s.may_qualify,
        s.need_more,
        s.probably_not,
        s.for_study_team,
        s.nearest_site,
        s.registry_link,
        s.print_title,
        s.forget,
        s.broken_title,
        s.crash_body,
    ]
}

#[test]
fn the_interface_exists_in_english_korean_chinese_and_french() {
    let langs: Vec<&str> = LANGUAGES.iter().map(|s| s.lang).collect();
    assert_eq!(langs, vec!["en", "ko", "zh", "fr"]);
    let en = samples(i18n::strings("en"));
    for s in LANGUAGES.iter().filter(|s| s.lang != "en") {
        for (mine, english) in samples(s).into_iter().zip(&en) {
            assert_ne!(
                mine, *english,
                "{}: \"{english}\" is not translated",
                s.lang
            );
            assert!(
                script_matches(s.lang, mine),
                "{}: \"{mine}\" is not in its script",
                s.lang
            );
        }
        assert_ne!(
            (s.date)(2026, 11, Some(23)),
            (i18n::strings("en").date)(2026, 11, Some(23)),
            "{}: date style",
            s.lang
        );
        assert_ne!(
            (s.questions_left)(5),
            (i18n::strings("en").questions_left)(5),
            "{}",
            s.lang
        );
    }
}

#[test]
fn dates_and_distances_follow_the_language() {
    assert_eq!(i18n::format_date("2026-11-23", "ko"), "2026년 11월 23일");
    assert_eq!(i18n::format_date("2026-11-23", "zh"), "2026年11月23日");
    assert_eq!(i18n::format_date("2026-11-01", "fr"), "1er novembre 2026");
    assert!(i18n::format_distance(100.0, "fr-FR").ends_with("km"));
    assert!(i18n::format_distance(100.0, "en-US").ends_with("miles"));
    assert!(i18n::format_distance(100.0, "en-GB").ends_with("km"));
}

fn texts(v: &serde_json::Value, out: &mut Vec<Text>) {
    match v {
        serde_json::Value::Object(m)
            if m.get("en").is_some_and(|e| e.is_string()) && m.keys().all(|k| k.len() == 2) =>
        {
            out.push(serde_json::from_value(v.clone()).expect("a text"))
        }
        serde_json::Value::Object(m) => m.values().for_each(|x| texts(x, out)),
        serde_json::Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
        _ => {}
    }
}

#[test]
fn every_patient_facing_text_of_trials_json_is_in_every_language() {
    let v: serde_json::Value = serde_json::from_str(TRIALS).unwrap();
    assert_eq!(v["languages"], serde_json::json!(["en", "ko", "zh", "fr"]));
    let mut all = vec![];
    texts(&v, &mut all);
    assert!(all.len() > 400, "{} texts", all.len());
    for lang in ["ko", "zh", "fr"] {
        let same = all.iter().filter(|t| t.get(lang) == t.get("en")).count();
        // Drug and test names such as "HIV" or "Tacrolimus (Prograf)" may stay as they are.
        assert!(
            same <= 5,
            "{lang}: {same} texts are identical to the English"
        );
        let foreign = all
            .iter()
            .filter(|t| script_matches(lang, t.get(lang)))
            .count();
        assert!(
            foreign >= all.len() - 5,
            "{lang}: {foreign} of {} texts are in its script",
            all.len()
        );
    }
}

#[test]
fn check_refuses_a_trials_file_missing_a_translation_and_says_where() {
    let en = "\"en\": \"How old are you?\",";
    let at = TRIALS.find(en).expect("the age question");
    let ko_line = TRIALS[at..].find("\"ko\":").expect("its Korean") + at;
    let ko_end = TRIALS[ko_line..].find('\n').unwrap() + ko_line + 1;
    let broken = format!("{}{}", &TRIALS[..ko_line], &TRIALS[ko_end..]);
    let Err(errors) = Screener::load(&broken) else {
        panic!("a missing translation must be refused")
    };
    let e = errors
        .iter()
        .find(|e| e.path == "facts[0].question")
        .expect("located at the question");
    assert!(
        e.message.contains("missing the \"ko\" text"),
        "{}",
        e.message
    );
    // The text object opens on the line before its English text.
    let line = broken[..broken.find(en).unwrap()].lines().count() - 1;
    assert!(broken
        .lines()
        .nth(line - 1)
        .unwrap()
        .contains("\"question\": {"));
    assert_eq!(e.line, line, "the line where the text object starts");
}

/// Syllables in an English word, by the usual vowel-group count.
fn syllables(word: &str) -> usize {
    let w: String = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    if w.len() <= 3 {
        return usize::from(!w.is_empty());
    }
    let b = w.as_bytes();
    let n = b.len();
    let consonant = |c: u8| !b"laeiouy".contains(&c);
    // Silent endings: "-es" after a consonant, "-ed", a final "e" after a consonant.
    let stem = if w.ends_with("es") && consonant(b[n - 3]) || w.ends_with("ed") {
        &w[..n - 2]
    } else if w.ends_with('e') && consonant(b[n - 2]) {
        &w[..n - 1]
    } else {
        &w
    };
    let stem = stem.strip_prefix('y').unwrap_or(stem);
    let vowel = |c: char| "aeiouy".contains(c);
    let mut groups = 0;
    let mut previous = false;
    for c in stem.chars() {
        let v = vowel(c);
        if v && !previous {
            groups += 1;
        }
        previous = v;
    }
    groups.max(1)
}

/// Flesch-Kincaid grade level of a body of text: 0.39 × words per sentence + 11.8 × syllables
/// per word − 15.59.
fn grade(texts: &[&str]) -> f64 {
    let (mut words, mut sentences, mut syll) = (0usize, 0usize, 0usize);
    for t in texts {
        let ws: Vec<&str> = t
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .collect();
        words += ws.len();
        syll += ws.iter().map(|w| syllables(w)).sum::<usize>();
        sentences += t.matches(['.', '?', '!']).count().max(1);
    }
    0.39 * words as f64 / sentences as f64 + 11.8 * syll as f64 / words as f64 - 15.59
}

#[test]
fn the_grade_formula_matches_known_examples() {
    assert_eq!(syllables("medicine"), 3);
    assert_eq!(syllables("kidneys"), 2);
    assert_eq!(syllables("you"), 1);
    assert_eq!(syllables("table"), 2);
    assert!(grade(&["The cat sat on the mat."]) < 0.0);
    assert!(grade(&["Immunosuppressive pharmacotherapy necessitates comprehensive haematological surveillance."]) > 18.0);
}

#[test]
fn english_questions_and_help_read_at_grade_8_or_below() {
    let s = Screener::load(TRIALS).unwrap();
    let questions: Vec<&str> = s.facts().iter().map(|f| f.question.get("en")).collect();
    let help: Vec<&str> = s
        .facts()
        .iter()
        .filter_map(|f| f.help.as_ref())
        .map(|h| h.get("en"))
        .collect();
    let why: Vec<&str> = s.facts().iter().map(|f| f.why.get("en")).collect();
    let both: Vec<&str> = questions.iter().chain(&help).copied().collect();
    let (gq, gh, gb, gw) = (grade(&questions), grade(&help), grade(&both), grade(&why));
    println!(
        "Flesch-Kincaid grade: questions {gq:.1}, help {gh:.1}, both {gb:.1}, why-we-ask {gw:.1}"
    );
    assert!(
        gb <= 8.0,
        "questions and help together read at grade {gb:.1}"
    );
    assert!(gq <= 8.0, "questions read at grade {gq:.1}");
    assert!(gh <= 8.0, "help reads at grade {gh:.1}");
}

/// Whether an English unit label has words a patient must read ("years", "mg prednisone",
/// "per high-power field"), not only a symbol such as "mg/dL" that reports print in every language.
fn has_english_words(label: &str) -> bool {
    label
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| (w.len() >= 4 && w != "mmol") || w == "per")
}

#[test]
fn every_unit_with_words_is_shown_in_the_patients_language() {
    for q in prescreen::units::QUANTITIES {
        for u in q.units {
            let english = i18n::unit_label(u, "en");
            for s in LANGUAGES.iter().filter(|s| s.lang != "en") {
                let mine = i18n::unit_label(u, s.lang);
                // "points" is the French word too.
                let same_word = s.lang == "fr" && u.id == "points" && mine == "points";
                if has_english_words(&english) && !same_word {
                    assert_ne!(mine, english, "{}: {} is shown in English", s.lang, u.id);
                    assert!(
                        script_matches(s.lang, &mine),
                        "{}: {} is \"{mine}\", not in its script",
                        s.lang,
                        u.id
                    );
                }
                assert!(!mine.trim().is_empty(), "{}: {} has no label", s.lang, u.id);
            }
        }
    }
}

#[test]
fn the_unit_choices_offered_are_the_models_units_with_localized_labels() {
    let s = Screener::load(TRIALS).unwrap();
    for f in s.facts() {
        let prescreen::model::FactKind::Number { quantity, .. } = &f.answer else {
            continue;
        };
        let q = prescreen::units::quantity(quantity).unwrap();
        for lang in ["en", "ko", "zh", "fr"] {
            let choices = i18n::unit_choices(quantity, lang);
            let ids: Vec<&str> = choices.iter().map(|(id, _)| id.as_str()).collect();
            let model: Vec<&str> = q.units.iter().map(|u| u.id).collect();
            assert_eq!(ids, model, "{lang}: {}", f.id);
            for (id, label) in &choices {
                assert_eq!(*label, i18n::unit_label(q.unit(id).unwrap(), lang));
            }
            let mut labels: Vec<&String> = choices.iter().map(|(_, l)| l).collect();
            labels.sort();
            labels.dedup();
            assert_eq!(
                labels.len(),
                choices.len(),
                "{lang}: {}: two units look alike",
                f.id
            );
        }
    }
}

#[test]
fn a_steroid_chosen_in_any_language_converts_as_in_english() {
    let q = prescreen::units::quantity("steroid_dose").unwrap();
    let english = i18n::unit_choices("steroid_dose", "en");
    // What each language must name in the label of each steroid, so a patient on 메드롤 or
    // 地塞米松 can find their medicine.
    let names: &[(&str, [&str; 4])] = &[
        (
            "mg_prednisone",
            ["prednisone", "프레드니손", "泼尼松", "prednisone"],
        ),
        (
            "mg_prednisolone",
            ["prednisolone", "프레드니솔론", "泼尼松龙", "prednisolone"],
        ),
        (
            "mg_methylprednisolone",
            [
                "methylprednisolone",
                "메틸프레드니솔론",
                "甲泼尼龙",
                "méthylprednisolone",
            ],
        ),
        (
            "mg_hydrocortisone",
            [
                "hydrocortisone",
                "히드로코르티손",
                "氢化可的松",
                "hydrocortisone",
            ],
        ),
        (
            "mg_dexamethasone",
            ["dexamethasone", "덱사메타손", "地塞米松", "dexaméthasone"],
        ),
    ];
    for (i, lang) in ["en", "ko", "zh", "fr"].into_iter().enumerate() {
        let choices = i18n::unit_choices("steroid_dose", lang);
        assert_eq!(choices.len(), names.len(), "{lang}");
        for ((id, label), (en_id, _)) in choices.iter().zip(&english) {
            let (_, words) = names
                .iter()
                .find(|(n, _)| n == id)
                .expect("a known steroid");
            assert!(
                label.contains(words[i]),
                "{lang}: {id} is labelled \"{label}\""
            );
            assert_eq!(id, en_id, "{lang}: the same order as in English");
            let chosen = q.unit(id).unwrap();
            let english_unit = q.unit(en_id).unwrap();
            for mg in [0.75, 4.0, 5.0, 20.0] {
                assert_eq!(chosen.to_base(mg), english_unit.to_base(mg), "{lang}: {id}");
            }
        }
        let dex = q.unit("mg_dexamethasone").unwrap();
        let methyl = q.unit("mg_methylprednisolone").unwrap();
        assert_eq!(
            prescreen::units::compare(dex.to_base(0.75), 5.0),
            std::cmp::Ordering::Equal
        );
        assert_eq!(
            prescreen::units::compare(methyl.to_base(4.0), 5.0),
            std::cmp::Ordering::Equal
        );
    }
}

#[test]
fn a_range_error_never_shows_an_empty_unit_and_names_the_unit_in_the_language() {
    use prescreen::engine::AnswerError;
    for s in LANGUAGES {
        let no_unit = i18n::answer_error(
            &AnswerError::OutOfRange {
                min: 0.0,
                max: 4000.0,
                unit: "",
                unit_id: "",
            },
            s.lang,
        );
        for empty in ["()", "（）", "(단위: )", "（单位：）", ": )", "：）"] {
            assert!(!no_unit.contains(empty), "{}: \"{no_unit}\"", s.lang);
        }
        assert_eq!(no_unit, no_unit.trim_end(), "{}: trailing space", s.lang);
        assert!(
            no_unit.contains("4000") || no_unit.contains("4 000"),
            "{no_unit}"
        );
        let age = i18n::answer_error(
            &AnswerError::OutOfRange {
                min: 0.0,
                max: 120.0,
                unit: "years",
                unit_id: "years",
            },
            s.lang,
        );
        let years = i18n::unit_label(prescreen::units::quantity("age").unwrap().base(), s.lang);
        assert!(age.contains(&years), "{}: \"{age}\"", s.lang);
        if s.lang != "en" {
            assert!(!age.contains("years"), "{}: \"{age}\"", s.lang);
        }
        // A whole-number range is not the place to offer decimals.
        assert!(
            !age.contains("1,5") && !age.contains("1.5"),
            "{}: \"{age}\"",
            s.lang
        );
    }
}

#[test]
fn labels_take_each_languages_colon() {
    let t = |l| i18n::strings(l);
    assert_eq!(i18n::label(t("en"), t("en").status), "Status: ");
    assert_eq!(i18n::label(t("zh"), t("zh").status), "状态：");
    assert_eq!(i18n::label(t("fr"), t("fr").status), "Statut\u{a0}: ");
    assert_eq!(i18n::label(t("ko"), t("ko").status), "모집 상태: ");
    assert_eq!(i18n::list(&["a", "b"], "zh"), "a、b");
    assert_eq!(i18n::list(&["a", "b"], "fr"), "a, b");
}

#[test]
fn statuses_and_phases_are_not_left_in_english() {
    use prescreen::model::Status::*;
    let all = [
        Recruiting,
        NotYetRecruiting,
        EnrollingByInvitation,
        ActiveNotRecruiting,
        Suspended,
        Terminated,
        Completed,
        Withdrawn,
        Unknown,
    ];
    let en = i18n::strings("en");
    let phases = [
        "Phase 1",
        "Phase 1/2",
        "Phase 2",
        "Phase 2a",
        "Phase 2/3",
        "Early Phase 1",
        "Not applicable",
    ];
    for s in LANGUAGES.iter().filter(|s| s.lang != "en") {
        for st in all {
            assert_ne!(
                (s.status_name)(st),
                (en.status_name)(st),
                "{}: {st:?}",
                s.lang
            );
        }
        for p in phases {
            let mine = i18n::phase(p, s.lang);
            // French writes "Phase 2" as English does; every other phase must be in its script.
            if s.lang == "fr" && p.starts_with("Phase ") {
                assert_eq!(mine, p);
            } else {
                assert_ne!(mine, i18n::phase(p, "en"), "{}: {p}", s.lang);
                assert!(
                    script_matches(s.lang, &mine) || s.lang == "zh" && mine.contains('期'),
                    "{}: {p} is {mine}",
                    s.lang
                );
            }
        }
    }
    assert_eq!(i18n::phase("Phase 2a", "zh"), "Ⅱa期");
    assert_eq!(i18n::phase("Phase 1/2", "zh"), "Ⅰ/Ⅱ期");
    assert_eq!(i18n::phase("Phase 2a", "ko"), "임상 2a상");
    assert_eq!(i18n::phase("Phase 1/2", "ko"), "임상 1/2상");
}

#[test]
fn trial_titles_and_group_names_are_translated() {
    let s = Screener::load(TRIALS).unwrap();
    for lang in ["ko", "zh", "fr"] {
        for tr in s.trials() {
            assert_ne!(tr.title.get(lang), tr.title.get("en"), "{lang}: {}", tr.id);
            assert!(
                script_matches(lang, tr.title.get(lang)),
                "{lang}: {}",
                tr.id
            );
            for g in &tr.subgroups {
                assert_ne!(g.name.get(lang), g.name.get("en"), "{lang}: {}", tr.id);
            }
        }
    }
}

/// Every text object of trials.json with its path, for checks that need to know where it is.
fn texts_at(v: &serde_json::Value, path: &str, out: &mut Vec<(String, Text)>) {
    match v {
        serde_json::Value::Object(m)
            if m.get("en").is_some_and(|e| e.is_string()) && m.keys().all(|k| k.len() == 2) =>
        {
            out.push((path.to_string(), serde_json::from_value(v.clone()).unwrap()))
        }
        serde_json::Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| texts_at(x, &format!("{path}.{k}"), out)),
        serde_json::Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| texts_at(x, &format!("{path}[{i}]"), out)),
        _ => {}
    }
}

fn all_texts() -> Vec<(String, Text)> {
    let v: serde_json::Value = serde_json::from_str(TRIALS).unwrap();
    let mut out = vec![];
    texts_at(&v, "", &mut out);
    out
}

/// Each criterion of every trial and subgroup: its rule as JSON text and its plain words.
fn criteria() -> Vec<(String, String, Text)> {
    let v: serde_json::Value = serde_json::from_str(TRIALS).unwrap();
    let mut out = vec![];
    for t in v["trials"].as_array().unwrap() {
        let groups = t["subgroups"].as_array().cloned().unwrap_or_default();
        let lists = std::iter::once(&t["criteria"]).chain(groups.iter().map(|g| &g["criteria"]));
        for list in lists {
            for c in list.as_array().unwrap() {
                let id = format!(
                    "{} {}",
                    t["id"].as_str().unwrap(),
                    c["id"].as_str().unwrap()
                );
                let plain = serde_json::from_value(c["plain"].clone()).unwrap();
                out.push((id, c["rule"].to_string(), plain));
            }
        }
    }
    out
}

const LANGS: [&str; 4] = ["en", "ko", "zh", "fr"];

#[test]
fn every_steroid_text_says_an_equivalent_dose_never_the_same_amount() {
    // The same number of mg of another steroid is a different dose: 4 mg methylprednisolone or
    // 0.75 mg dexamethasone is 5 mg prednisone.
    let flawed: [&[&str]; 4] = [
        &["same amount", "same dose of another", "same number of mg"],
        &["같은 양", "같은 용량의 다른", "같은 mg"],
        &["相同剂量", "同样剂量", "同样的量", "相同的量", "同等数量"],
        &["même quantité", "même dose d’un autre", "même nombre de mg"],
    ];
    let other = [
        "another steroid",
        "다른 스테로이드",
        "其他激素",
        "autre corticoïde",
    ];
    let equivalent = [
        "equivalent dose",
        "동등한 용량",
        "等效剂量",
        "dose équivalente",
    ];
    for (path, t) in all_texts() {
        for (i, lang) in LANGS.into_iter().enumerate() {
            let s = t.get(lang);
            for bad in flawed[i] {
                assert!(!s.contains(bad), "{path} ({lang}) says \"{bad}\": {s}");
            }
        }
    }
    let mut dose_texts = 0;
    for (id, rule, plain) in criteria() {
        if !rule.contains("mg_prednisone") {
            continue;
        }
        for (i, lang) in LANGS.into_iter().enumerate() {
            let s = plain.get(lang);
            if s.contains(other[i]) {
                dose_texts += 1;
                assert!(s.contains(equivalent[i]), "{id} ({lang}): {s}");
            }
        }
    }
    assert_eq!(dose_texts, 12, "three steroid criteria in four languages");
}

#[test]
fn select_all_is_said_once_on_a_page() {
    let s = Screener::load(TRIALS).unwrap();
    let phrases = [
        "all that apply",
        "모두 고르",
        "모두 선택",
        "可多选",
        "toutes les réponses qui s’appliquent",
    ];
    let mut multi = 0;
    for f in s.facts() {
        if !matches!(f.answer, prescreen::model::FactKind::Multi { .. }) {
            continue;
        }
        multi += 1;
        for lang in LANGS {
            // The page shows the language's "select all" and then the help.
            let page = format!(
                "{} {}",
                i18n::strings(lang).select_all,
                f.help.as_ref().map_or("", |h| h.get(lang))
            );
            for p in phrases {
                assert!(page.matches(p).count() <= 1, "{} ({lang}): {page}", f.id);
            }
            assert!(
                phrases.iter().any(|p| page.contains(p)),
                "{lang}: select all is said"
            );
        }
    }
    assert!(multi >= 4);
}

#[test]
fn thresholds_are_given_in_the_units_local_reports_use() {
    let mut checked = 0;
    for (id, rule, plain) in criteria() {
        let (ko, zh, fr) = (plain.get("ko"), plain.get("zh"), plain.get("fr"));
        if rule.contains("\"g/dL\"") {
            checked += 1;
            assert!(
                zh.contains(" g/L（"),
                "{id} (zh): haemoglobin in g/L first: {zh}"
            );
            assert!(
                fr.contains(" g/L ("),
                "{id} (fr): haemoglobin in g/L first: {fr}"
            );
            assert!(ko.contains("g/dL"), "{id} (ko): {ko}");
        }
        let counts = [
            "\"wbc\"",
            "\"neutrophils\"",
            "\"lymphocytes\"",
            "\"platelets\"",
        ];
        if counts.iter().any(|c| rule.contains(c)) {
            checked += 1;
            assert!(zh.contains("×10⁹/L"), "{id} (zh): counts in ×10⁹/L: {zh}");
            assert!(ko.contains("×10³/µL"), "{id} (ko): counts in ×10³/µL: {ko}");
            assert!(
                !ko.contains("mm³당") && !ko.contains("µL당"),
                "{id} (ko): {ko}"
            );
            assert!(fr.contains(" G/L"), "{id} (fr): counts in G/L: {fr}");
        }
        if rule.contains("\"creatinine\"") {
            checked += 1;
            let mg = ko.find("mg/dL").expect("Korean creatinine in mg/dL");
            let umol = ko.find("µmol/L").unwrap_or(usize::MAX);
            assert!(mg < umol, "{id} (ko): mg/dL first: {ko}");
        }
        if rule.contains("\"upcr\"") {
            checked += 1;
            for lang in LANGS {
                let s = plain.get(lang);
                assert!(
                    s.contains("g/g"),
                    "{id} ({lang}): the ratio's unit is named: {s}"
                );
            }
            assert!(
                zh.contains("mg/g") && fr.contains("mg/mmol"),
                "{id}: {zh} / {fr}"
            );
        }
    }
    assert!(checked >= 9, "{checked} criteria checked");
}

#[test]
fn medicine_names_follow_local_spellings_and_brands() {
    let texts = all_texts();
    let joined = |lang: &str| {
        texts
            .iter()
            .map(|(_, t)| t.get(lang))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (ko, zh, fr) = (joined("ko"), joined("zh"), joined("fr"));
    for unofficial in [
        "사이클로포스파마이드",
        "사이클로스포린",
        "레플루노마이드",
        "하이드로코르티손",
    ] {
        assert!(!ko.contains(unofficial), "ko: {unofficial}");
    }
    for official in [
        "시클로포스파미드",
        "시클로스포린",
        "레플루노미드",
        "소론도",
        "옥시크로린",
    ] {
        assert!(ko.contains(official), "ko: {official}");
    }
    // One name for the urine protein/creatinine ratio.
    assert!(
        !ko.contains("요단백/크레아티닌"),
        "ko: two names for the UPCR"
    );
    for known in ["强的松", "丙球", "UACR"] {
        assert!(zh.contains(known), "zh: {known}");
    }
    assert!(fr.contains("Solupred") && fr.contains("Néoral") && !fr.contains("Neoral"));
}

#[test]
fn a_red_cell_count_per_ml_is_answered_i_dont_know() {
    let s = Screener::load(TRIALS).unwrap();
    let f = s.fact("urine_rbc").unwrap();
    let help = f.help.as_ref().unwrap();
    for lang in LANGS {
        let h = help.get(lang);
        assert!(h.contains("mL"), "{lang}: {h}");
        assert!(h.contains(i18n::strings(lang).dont_know), "{lang}: {h}");
    }
    assert!(help.get("fr").contains("ECBU"));
    // No unit converts a count per mL into one per field: the quantity offers per field only.
    let ids: Vec<&str> = prescreen::units::quantity("cells_per_hpf")
        .unwrap()
        .units
        .iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(ids, ["/hpf"]);
}
