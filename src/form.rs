//! A question page's form as the patient filled it in: turned into an answer or into a message
//! saying what to enter, filled back in from an answer, and answers written out for people.

use crate::engine::{AnswerError, Screener};
use crate::i18n::{self, format_number, parse_number};
use crate::model::{Answer, Fact, FactKind};
use crate::units;

/// Reserved values of [`Draft::choice`].
pub const UNKNOWN: &str = "unknown";
pub const NONE: &str = "none";
pub const NORMAL: &str = "normal";
pub const ABOVE: &str = "above";
pub const YES: &str = "yes";
pub const NO: &str = "no";
/// The value of a date field's box for a date the patient is not sure of ([`Draft::about`]).
pub const ABOUT: &str = "about";

/// What the form holds, whatever the kind of question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The radio chosen: yes/no, an option id, `unknown`, `none`, `normal` or `above`.
    pub choice: Option<String>,
    /// Ticked options of a "choose all that apply" question.
    pub chosen: Vec<String>,
    /// The number as typed.
    pub text: String,
    /// The upper limit of normal as typed.
    pub limit: String,
    /// The unit chosen.
    pub unit: String,
    /// A date's month, `01` to `12`, or empty for only a year (the year is `text`).
    pub month: String,
    /// A date the patient is not sure of.
    pub about: bool,
}

/// The form field a problem belongs to; its HTML id is [`Field::id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Choice,
    Value,
    Limit,
}

impl Field {
    pub fn id(self) -> &'static str {
        match self {
            Field::Choice => "answer",
            Field::Value => "value",
            Field::Limit => "limit",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// The country whose lab units a locale's patients most likely see ("en-US" → "US").
pub fn country_of(locale: &str) -> &'static str {
    let mut parts = locale.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts.next().unwrap_or("").to_ascii_uppercase();
    match (lang.as_str(), region.as_str()) {
        (_, "US") => "US",
        ("ko", _) | (_, "KR") => "KR",
        ("zh", _) | (_, "CN") => "CN",
        ("fr", _) | (_, "FR") => "FR",
        ("en", "") => "US",
        _ => "",
    }
}

/// An empty form for `fact`, with the unit preselected for the patient's country where the
/// question offers it, else the first it offers. Nothing else is preselected.
pub fn blank(fact: &Fact, locale: &str) -> Draft {
    let unit = match &fact.answer {
        FactKind::Number { quantity, .. } => {
            let offered = fact.answer.offered_units();
            units::quantity(quantity)
                .map(|q| q.default_unit(country_of(locale)))
                .filter(|u| offered.iter().any(|o| o.id == u.id))
                .or_else(|| offered.first().copied())
                .map(|u| u.id.to_string())
        }
        _ => None,
    };
    Draft {
        unit: unit.unwrap_or_default(),
        ..Draft::default()
    }
}

/// A number as the patient typed it, for showing back: Rust's shortest form that reads back as
/// the same value (1.1234567 stays 1.1234567, 1e-7 is 0.0000001, 0.3 is 0.3), in the locale's
/// decimal sign. Rounding to a few decimals would change the answer when the form is sent again.
fn typed(x: f64, locale: &str) -> String {
    let s = screener::decimal::write_f64(x);
    // i18n knows which languages write a decimal comma; ask it rather than keep a second list.
    if format_number(0.5, 1, locale).contains(',') {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The form filled in with an earlier answer, for changing it.
pub fn from_answer(fact: &Fact, answer: &Answer, locale: &str) -> Draft {
    let lang = locale;
    let mut d = blank(fact, locale);
    match answer {
        Answer::Unknown => d.choice = Some(UNKNOWN.into()),
        Answer::Bool(b) => d.choice = Some(if *b { YES } else { NO }.into()),
        Answer::Number { value, unit } => {
            d.text = typed(*value, lang);
            d.unit = unit.clone();
            d.choice = None;
        }
        Answer::OfUpperLimit { value, upper_limit } => {
            d.choice = Some(ABOVE.into());
            d.text = typed(*value, lang);
            d.limit = typed(*upper_limit, lang);
        }
        Answer::WithinNormal => d.choice = Some(NORMAL.into()),
        Answer::Choice(c) => d.choice = Some(c.clone()),
        Answer::Multi(v) if v.is_empty() => d.choice = Some(NONE.into()),
        Answer::Multi(v) => d.chosen = v.clone(),
        Answer::Date { date, about } => {
            d.text = date.get(..4).unwrap_or(date).to_string();
            d.month = date.get(5..7).unwrap_or_default().to_string();
            d.about = *about;
        }
    }
    d
}

/// Reads the form. Every problem comes back as a message for the field to fix; an answer that
/// comes back has passed the engine's own checks.
pub fn to_answer(s: &Screener, fact: &Fact, d: &Draft, locale: &str) -> Result<Answer, FieldError> {
    let t = i18n::strings(locale);
    let lang = locale;
    let err = |field, message: &str| FieldError {
        field,
        message: message.to_string(),
    };
    let choice = d.choice.as_deref();
    // A question of whole numbers (age) gives a whole-number example, not "1.5" or "1,5".
    let not_a_number = match fact.answer {
        FactKind::Number { whole: true, .. } => t.err_whole,
        _ => t.err_number,
    };
    // Hundreds of digits read as infinity, which no answer can be.
    let number = |text: &str, field| {
        parse_number(text, lang)
            .filter(|x| x.is_finite())
            .ok_or_else(|| err(field, not_a_number))
    };
    let answer = match (&fact.answer, choice) {
        (_, Some(UNKNOWN)) if fact.unknown_allowed => Answer::Unknown,
        (FactKind::YesNo, Some(YES)) => Answer::Bool(true),
        (FactKind::YesNo, Some(NO)) => Answer::Bool(false),
        (FactKind::Number { .. }, _) => Answer::Number {
            value: number(&d.text, Field::Value)?,
            unit: d.unit.clone(),
        },
        (FactKind::UpperLimitRatio { .. }, Some(NORMAL)) => Answer::WithinNormal,
        (FactKind::UpperLimitRatio { .. }, Some(ABOVE)) => {
            let value = number(&d.text, Field::Value)?;
            let upper_limit = number(&d.limit, Field::Limit)?;
            Answer::OfUpperLimit { value, upper_limit }
        }
        (FactKind::Choice { options }, Some(c)) if options.iter().any(|o| o.id == c) => {
            Answer::Choice(c.into())
        }
        (FactKind::Date, _) => {
            // Digits as a Chinese or Japanese keyboard may type them (２０２５) are digits.
            let year = i18n::plain_digits(d.text.trim());
            let year = year.trim();
            if year.is_empty() {
                return Err(err(Field::Value, t.err_year));
            }
            Answer::Date {
                date: match d.month.trim() {
                    "" => year.to_string(),
                    m => format!("{year}-{m}"),
                },
                about: d.about,
            }
        }
        (FactKind::Multi { .. }, Some(NONE)) => Answer::Multi(vec![]),
        (FactKind::Multi { options }, None) if !d.chosen.is_empty() => {
            // Keep the file's order, whatever order the boxes were ticked in.
            Answer::Multi(
                options
                    .iter()
                    .filter(|o| d.chosen.contains(&o.id))
                    .map(|o| o.id.clone())
                    .collect(),
            )
        }
        _ => return Err(err(Field::Choice, t.err_choose)),
    };
    s.check_answer(&fact.id, &answer).map_err(|e| {
        let field = match e {
            AnswerError::BadUpperLimit => Field::Limit,
            AnswerError::OutOfRange { .. }
            | AnswerError::NotWhole
            | AnswerError::UnknownUnit { .. }
            | AnswerError::BadDate
            | AnswerError::FutureDate => Field::Value,
            _ => Field::Choice,
        };
        FieldError {
            field,
            message: i18n::answer_error(&e, locale),
        }
    })?;
    Ok(answer)
}

/// The unit of a fact's answer for display, by unit id.
pub fn unit_symbol(fact: &Fact, unit: &str, locale: &str) -> String {
    match &fact.answer {
        FactKind::Number { quantity, .. } => units::quantity(quantity)
            .and_then(|q| q.unit(unit))
            .map_or_else(|| unit.to_string(), |u| i18n::unit_label(u, locale)),
        _ => unit.to_string(),
    }
}

/// An answer written for people: "Yes", "1.2 mg/dL", "Cancer, HIV", "I don't know".
pub fn describe(fact: &Fact, answer: &Answer, locale: &str) -> String {
    let t = i18n::strings(locale);
    let lang = locale;
    let label = |id: &str| {
        let text_lang = i18n::base(locale);
        fact.answer
            .options()
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.label.get(&text_lang).to_string())
    };
    match answer {
        Answer::Unknown => t.dont_know.into(),
        Answer::Bool(true) => t.yes.into(),
        Answer::Bool(false) => t.no.into(),
        Answer::Number { value, unit } => format!(
            "{} {}",
            typed(*value, lang),
            unit_symbol(fact, unit, locale)
        ),
        Answer::OfUpperLimit { value, upper_limit } => format!(
            "{} ({}{})",
            typed(*value, lang),
            i18n::label(t, t.upper_limit),
            typed(*upper_limit, lang)
        ),
        Answer::WithinNormal => t.in_normal_range.into(),
        Answer::Choice(c) => label(c),
        Answer::Multi(v) if v.is_empty() => t.none_of_these.into(),
        Answer::Multi(v) => i18n::list(&v.iter().map(|c| label(c)).collect::<Vec<_>>(), lang),
        Answer::Date { date, about } => i18n::month_year(date, *about, locale),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::stated_range;

    fn mini() -> Screener {
        Screener::load(include_str!("../tests/fixtures/mini.json")).unwrap()
    }

    fn draft(choice: Option<&str>, text: &str, unit: &str) -> Draft {
        Draft {
            choice: choice.map(str::to_string),
            text: text.into(),
            unit: unit.into(),
            ..Draft::default()
        }
    }

    #[test]
    fn numbers_are_read_in_the_patients_language_and_checked() {
        let s = mini();
        let f = s.fact("creatinine").unwrap();
        assert_eq!(
            to_answer(&s, f, &draft(None, "1,2", "mg/dL"), "fr-FR"),
            Ok(Answer::Number {
                value: 1.2,
                unit: "mg/dL".into()
            })
        );
        assert_eq!(
            to_answer(&s, f, &draft(None, "１．２", "mg/dL"), "zh-CN"),
            Ok(Answer::Number {
                value: 1.2,
                unit: "mg/dL".into()
            }),
            "full-width digits, as in the date field"
        );
        let e = to_answer(&s, f, &draft(None, "lots", "mg/dL"), "en-US").unwrap_err();
        assert_eq!(
            (e.field, e.message.as_str()),
            (Field::Value, "Enter a number, like 12 or 1.5")
        );
        let e = to_answer(&s, f, &draft(None, "5000", "umol/L"), "en-GB").unwrap_err();
        assert_eq!(e.message, "Enter a number between 10 and 3000 µmol/L");
        assert_eq!(
            to_answer(&s, f, &draft(Some(UNKNOWN), "", "umol/L"), "en"),
            Ok(Answer::Unknown)
        );
    }

    #[test]
    fn nothing_chosen_is_refused_and_no_default_is_picked() {
        let s = mini();
        let f = s.fact("pregnant").unwrap();
        assert_eq!(blank(f, "en").choice, None);
        assert_eq!(
            to_answer(&s, f, &Draft::default(), "en").unwrap_err().field,
            Field::Choice
        );
        let age = s.fact("age").unwrap();
        assert_eq!(
            to_answer(&s, age, &draft(Some(UNKNOWN), "", "years"), "en")
                .unwrap_err()
                .field,
            Field::Value
        );
    }

    #[test]
    fn units_default_to_the_patients_country() {
        let s = mini();
        let f = s.fact("creatinine").unwrap();
        assert_eq!(blank(f, "en-US").unit, "mg/dL");
        assert_eq!(blank(f, "fr-FR").unit, "umol/L");
        assert_eq!(blank(f, "ko").unit, "mg/dL");
    }

    #[test]
    fn a_form_filled_from_an_answer_reads_back_the_same_answer() {
        let s = mini();
        let cases = [
            (
                "creatinine",
                Answer::Number {
                    value: 1.25,
                    unit: "mg/dL".into(),
                },
            ),
            (
                "alt",
                Answer::OfUpperLimit {
                    value: 120.0,
                    upper_limit: 40.0,
                },
            ),
            ("alt", Answer::WithinNormal),
            (
                "conditions",
                Answer::Multi(vec!["cancer".into(), "hiv".into()]),
            ),
            ("conditions", Answer::Multi(vec![])),
            ("pregnant", Answer::Bool(false)),
            ("sex", Answer::Choice("female".into())),
            ("pregnant", Answer::Unknown),
        ];
        for locale in ["en-US", "fr-FR"] {
            for (id, a) in &cases {
                let f = s.fact(id).unwrap();
                assert_eq!(
                    to_answer(&s, f, &from_answer(f, a, locale), locale).as_ref(),
                    Ok(a),
                    "{id} {locale}"
                );
            }
        }
    }

    #[test]
    fn changing_an_answer_shows_the_number_as_typed_and_it_reads_back_the_same() {
        let s = mini();
        let creatinine = s.fact("creatinine").unwrap();
        let alt = s.fact("alt").unwrap();
        for (locale, value, limit, level) in [
            ("en-US", "0.0000012345678", "0.0000001", "1.1234567"),
            ("fr-FR", "0,0000012345678", "0,0000001", "1,1234567"),
            ("en-GB", "0.3", "0.1", "0.3"),
        ] {
            let typed = Draft {
                choice: Some(ABOVE.into()),
                text: value.into(),
                limit: limit.into(),
                ..Draft::default()
            };
            let a = to_answer(&s, alt, &typed, locale).unwrap();
            let shown = from_answer(alt, &a, locale);
            assert_eq!((shown.text.as_str(), shown.limit.as_str()), (value, limit));
            assert_eq!(to_answer(&s, alt, &shown, locale), Ok(a));

            let typed = draft(None, level, "mg/dL");
            let a = to_answer(&s, creatinine, &typed, locale).unwrap();
            let shown = from_answer(creatinine, &a, locale);
            assert_eq!(shown.text, level, "{locale}");
            assert_eq!(to_answer(&s, creatinine, &shown, locale), Ok(a));
        }
        let a = Answer::Number {
            value: 0.1 + 0.2,
            unit: "mg/dL".into(),
        };
        // No rounding at all: 0.1 + 0.2 is not 0.3, and only its own digits read back as it.
        assert_eq!(
            from_answer(creatinine, &a, "en").text,
            "0.30000000000000004"
        );
        assert_eq!(
            describe(creatinine, &a, "fr").replace('\u{a0}', " "),
            "0,30000000000000004 mg/dL"
        );
    }

    #[test]
    fn hundreds_of_digits_are_not_a_number() {
        let s = mini();
        let f = s.fact("creatinine").unwrap();
        let e = to_answer(&s, f, &draft(None, &"9".repeat(400), "umol/L"), "en").unwrap_err();
        assert_eq!(
            (e.field, e.message.as_str()),
            (Field::Value, "Enter a number, like 12 or 1.5")
        );
    }

    #[test]
    fn answers_are_described_in_words() {
        let s = mini();
        let f = s.fact("conditions").unwrap();
        assert_eq!(describe(f, &Answer::Multi(vec![]), "en"), "None of these");
        assert_eq!(describe(f, &Answer::Multi(vec!["hiv".into()]), "en"), "HIV");
        let c = s.fact("creatinine").unwrap();
        assert_eq!(
            describe(
                c,
                &Answer::Number {
                    value: 106.0,
                    unit: "umol/L".into()
                },
                "en"
            ),
            "106 µmol/L"
        );
    }

    #[test]
    fn range_messages_round_as_lab_reports_do_and_never_contradict_the_check() {
        let s = Screener::load(include_str!("../trials.json")).unwrap();
        let f = s.fact("creatinine").unwrap();
        let e = to_answer(&s, f, &draft(None, "40", "mg/dL"), "en-US").unwrap_err();
        assert_eq!(e.message, "Enter a number between 0.12 and 33 mg/dL");
        let e = to_answer(&s, f, &draft(None, "40", "mg/dL"), "fr-FR").unwrap_err();
        assert_eq!(e.message, "Saisissez un nombre entre 0,12 et 33 mg/dL");
        let e = to_answer(&s, f, &draft(None, "5000", "umol/L"), "en-GB").unwrap_err();
        assert_eq!(e.message, "Enter a number between 10 and 3000 µmol/L");
        assert_eq!(
            stated_range(0.0, 105.0),
            (0.0, 105.0),
            "as the file wrote it"
        );
        assert_eq!(stated_range(44.0925, 771.6179), (45.0, 770.0));
        assert_eq!(
            stated_range(5.041, 5.069),
            (5.05, 5.06),
            "more figures where two leave no range"
        );
        let mut checked = 0;
        for fact in s.facts() {
            let FactKind::Number {
                min, max, whole, ..
            } = &fact.answer
            else {
                continue;
            };
            for u in fact.answer.offered_units() {
                let (lo, hi) = (u.from_base(*min), u.from_base(*max));
                let (slo, shi) = stated_range(lo, hi);
                let at = |v: f64| Answer::Number {
                    value: v,
                    unit: u.id.into(),
                };
                // Every number the message states is accepted; every one refused lies outside.
                let mid = (slo + shi) / 2.0;
                for v in [slo, shi, if *whole { mid.round() } else { mid }] {
                    assert_eq!(
                        s.check_answer(&fact.id, &at(v)),
                        Ok(()),
                        "{} {v} {}",
                        fact.id,
                        u.id
                    );
                }
                for v in [lo - (hi - lo) / 1000.0 - 1e-9, hi * 1.001 + 1e-9] {
                    assert!(
                        s.check_answer(&fact.id, &at(v)).is_err(),
                        "{} {v} {}",
                        fact.id,
                        u.id
                    );
                    assert!(v < slo || v > shi);
                }
                // As a report prints it: at most three significant figures beyond the integer part.
                for x in [slo, shi] {
                    let text = format_number(x, 6, "en");
                    let digits = text.trim_start_matches(['0', '.']).replace('.', "");
                    assert!(
                        x.fract() == 0.0 || digits.trim_end_matches('0').len() <= 3,
                        "{} in {}: {text}",
                        fact.id,
                        u.id
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 20, "{checked}");
    }

    #[test]
    fn a_whole_number_question_never_suggests_a_decimal() {
        let s = mini();
        let age = s.fact("age").unwrap();
        for locale in ["en-US", "fr-FR", "ko-KR", "zh-CN"] {
            for typed in ["lots", "45,5", "45.5", "200"] {
                let e = to_answer(&s, age, &draft(None, typed, "years"), locale).unwrap_err();
                assert!(
                    !e.message.contains("1,5") && !e.message.contains("1.5"),
                    "{locale} {typed}: {}",
                    e.message
                );
            }
        }
        let e = to_answer(&s, age, &draft(None, "beaucoup", "years"), "fr-FR").unwrap_err();
        assert_eq!(e.message, "Saisissez un nombre entier, par exemple 45");
    }

    /// A date question, doses in a few units, weight and height; today is 1 December 2026.
    fn treatments() -> Screener {
        Screener::load(include_str!("../tests/fixtures/treatments.json"))
            .unwrap()
            .as_of(crate::engine::Date::parse("2026-12-01").unwrap())
    }

    fn date_draft(year: &str, month: &str, about: bool) -> Draft {
        Draft {
            text: year.into(),
            month: month.into(),
            about,
            ..Draft::default()
        }
    }

    const LOCALES: [&str; 4] = ["en-US", "fr-FR", "ko-KR", "zh-CN"];

    #[test]
    fn a_date_is_a_year_and_a_month_if_known_and_about_if_unsure() {
        let s = treatments();
        let f = s.fact("rituximab_last").unwrap();
        let date = |d: &str, about| {
            Ok(Answer::Date {
                date: d.into(),
                about,
            })
        };
        for locale in LOCALES {
            let read = |d: Draft| to_answer(&s, f, &d, locale);
            assert_eq!(read(date_draft("2025", "", false)), date("2025", false));
            assert_eq!(
                read(date_draft(" 2025 ", "05", false)),
                date("2025-05", false)
            );
            assert_eq!(read(date_draft("2025", "05", true)), date("2025-05", true));
            assert_eq!(read(date_draft("2019", "", true)), date("2019", true));
            assert_eq!(
                read(date_draft("２０２５", "11", false)),
                date("2025-11", false),
                "full-width digits"
            );
            assert_eq!(
                read(date_draft("2026", "12", false)),
                date("2026-12", false),
                "this month"
            );
            // "I don't know" is the answer, whatever else was typed or ticked.
            let unknown = Draft {
                choice: Some(UNKNOWN.into()),
                ..date_draft("2025", "05", true)
            };
            assert_eq!(read(unknown), Ok(Answer::Unknown), "{locale}");
        }
    }

    #[test]
    fn a_date_without_its_year_after_today_or_before_1900_is_refused_on_the_year() {
        let s = treatments();
        let f = s.fact("rituximab_last").unwrap();
        for locale in LOCALES {
            let t = i18n::strings(locale);
            let refused = |d: Draft| {
                let e = to_answer(&s, f, &d, locale).unwrap_err();
                (e.field, e.message)
            };
            let on_year = |m: &str| (Field::Value, m.to_string());
            assert_eq!(refused(date_draft("", "05", true)), on_year(t.err_year));
            assert_eq!(refused(date_draft("  ", "", false)), on_year(t.err_year));
            assert_eq!(
                refused(date_draft("2027", "", false)),
                on_year(t.err_future)
            );
            assert_eq!(
                refused(date_draft("2027", "01", true)),
                on_year(t.err_future)
            );
            assert_eq!(refused(date_draft("1899", "", false)), on_year(t.err_date));
            assert_eq!(
                refused(date_draft("1899", "12", false)),
                on_year(t.err_date)
            );
            assert_eq!(refused(date_draft("25", "05", false)), on_year(t.err_date));
            assert_eq!(refused(date_draft("May", "", false)), on_year(t.err_date));
            assert_eq!(
                refused(date_draft("2025.5", "", false)),
                on_year(t.err_date)
            );
        }
        let e = to_answer(&s, f, &date_draft("", "", false), "en").unwrap_err();
        assert_eq!(e.message, "Enter the year, like 2025");
        let e = to_answer(&s, f, &date_draft("2031", "", false), "en").unwrap_err();
        assert_eq!(e.message, "Enter a date that is not after today");
    }

    #[test]
    fn a_date_form_filled_from_its_answer_is_the_same_form() {
        let s = treatments();
        let f = s.fact("rituximab_last").unwrap();
        for locale in LOCALES {
            for d in [
                date_draft("2025", "", false),
                date_draft("2025", "05", false),
                date_draft("2019", "11", true),
                date_draft("1900", "", true),
                date_draft("2026", "12", false),
                Draft {
                    choice: Some(UNKNOWN.into()),
                    ..Draft::default()
                },
            ] {
                let a = to_answer(&s, f, &d, locale).unwrap();
                assert_eq!(from_answer(f, &a, locale), d, "{locale} {a:?}");
            }
        }
        // A day (from an answers file or a FHIR response) is shown as its month.
        let day = Answer::Date {
            date: "2025-05-12".into(),
            about: false,
        };
        assert_eq!(from_answer(f, &day, "en"), date_draft("2025", "05", false));
    }

    #[test]
    fn a_date_is_described_as_the_patients_language_writes_it() {
        let s = treatments();
        let f = s.fact("rituximab_last").unwrap();
        let said = |date: &str, about, lang| {
            let a = Answer::Date {
                date: date.into(),
                about,
            };
            describe(f, &a, lang)
        };
        let cases: [(&str, [&str; 4]); 4] = [
            ("en", ["May 2025", "about May 2025", "2025", "about 2025"]),
            ("fr", ["mai 2025", "vers mai 2025", "2025", "vers 2025"]),
            ("ko", ["2025년 5월", "2025년 5월쯤", "2025년", "2025년쯤"]),
            ("zh", ["2025年5月", "大约2025年5月", "2025年", "大约2025年"]),
        ];
        for (lang, [month, about_month, year, about_year]) in cases {
            assert_eq!(said("2025-05", false, lang), month);
            assert_eq!(said("2025-05", true, lang), about_month);
            assert_eq!(said("2025", false, lang), year);
            assert_eq!(said("2025", true, lang), about_year);
        }
        assert_eq!(said("2025-05-12", true, "en"), "about 12 May 2025");
    }

    #[test]
    fn a_number_offers_only_its_facts_units_its_default_among_them() {
        let s = treatments();
        let mmf = s.fact("mmf_dose").unwrap();
        let cyc = s.fact("cyclophosphamide").unwrap();
        let ids =
            |f: &Fact| -> Vec<&str> { f.answer.offered_units().iter().map(|u| u.id).collect() };
        assert_eq!(
            ids(mmf),
            ["mg_twice_daily", "mg/day", "g/day"],
            "the file's order"
        );
        assert_eq!(ids(cyc), ["mg/m2/month", "g/month", "mg/month"]);
        for locale in LOCALES {
            // The country's usual unit where offered (a dose a day), else the first offered.
            assert_eq!(blank(mmf, locale).unit, "mg/day", "{locale}");
            assert_eq!(blank(cyc, locale).unit, "mg/m2/month", "{locale}");
            let choices = i18n::unit_choices_for(mmf, locale);
            let chosen: Vec<&str> = choices.iter().map(|(id, _)| id.as_str()).collect();
            assert_eq!(chosen, ids(mmf), "{locale}");
            for ((_, label), u) in choices.iter().zip(mmf.answer.offered_units()) {
                assert_eq!(*label, i18n::unit_label(u, locale));
            }
        }
        assert_eq!(
            i18n::unit_choices_for(mmf, "fr")[0].1,
            "mg deux fois par jour"
        );
        // A fact that names no units offers all of its quantity's, the country's first chosen.
        let height = s.fact("height").unwrap();
        assert_eq!(ids(height), ["cm", "in"]);
        assert_eq!(
            i18n::unit_choices_for(height, "en"),
            i18n::unit_choices("height", "en")
        );
        assert_eq!(blank(height, "en-US").unit, "in");
        assert_eq!(blank(height, "fr-FR").unit, "cm");
        assert!(s
            .fact("rituximab_last")
            .unwrap()
            .answer
            .offered_units()
            .is_empty());
    }

    #[test]
    fn a_unit_the_question_does_not_offer_is_refused() {
        let s = treatments();
        let mmf = s.fact("mmf_dose").unwrap();
        assert_eq!(
            to_answer(&s, mmf, &draft(None, "1000", "mg_twice_daily"), "en"),
            Ok(Answer::Number {
                value: 1000.0,
                unit: "mg_twice_daily".into()
            })
        );
        for unit in ["mg/week", "mg/kg/day", "mg/m2/month", "kg"] {
            let e = to_answer(&s, mmf, &draft(None, "100", unit), "en").unwrap_err();
            assert_eq!(
                (e.field, e.message.as_str()),
                (Field::Value, "Choose a unit"),
                "{unit}"
            );
        }
        let e = to_answer(&s, mmf, &draft(None, "100", "mg/week"), "ko").unwrap_err();
        assert_eq!(e.message, "단위를 선택하세요");
    }
}
