//! Interface text per language, and numbers, distances and dates the way each language writes
//! them. Every language is a `Strings` value: a missing string fails to compile.

mod en;
mod fr;
mod ko;
mod zh;

use crate::engine::AnswerError;

/// Every piece of interface text the app shows. Trial and question text lives in trials.json.
pub struct Strings {
    pub lang: &'static str,
    /// A date written the local way, from year, month (1–12) and day if known.
    pub date: fn(u32, u32, Option<u32>) -> String,
    /// A unit's name where it needs words or the local reports write it another way ("mg
    /// prednisone", "G/L"), by unit id; `None` keeps the symbol. Shown only through [`unit_label`].
    pub unit_name: fn(&str) -> Option<&'static str>,
    /// What follows a label before its value: ": ", "：" in Chinese, a no-break space and ": " in French.
    pub colon: &'static str,
    /// What separates the items of a list: ", ", "、" in Chinese.
    pub list_separator: &'static str,
    pub language_name: &'static str,
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub forget: &'static str,
    pub forgotten: &'static str,
    pub language_label: &'static str,
    // Start page
    pub start_title: &'static str,
    pub start_intro: &'static str,
    pub start_not_decision: &'static str,
    pub start_privacy: &'static str,
    /// What the screener asks of the patient's time: the pages most people answer.
    /// The pages most patients answer for the studies in their country, and for every study.
    pub start_time: fn(usize, usize) -> String,
    pub start_button: &'static str,
    pub start_trials_heading: &'static str,
    // Questions
    pub back: &'static str,
    pub continue_: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub dont_know: &'static str,
    pub none_of_these: &'static str,
    pub or: &'static str,
    pub select_all: &'static str,
    pub why_we_ask: &'static str,
    pub asked_by: &'static str,
    pub unit: &'static str,
    pub value: &'static str,
    pub in_normal_range: &'static str,
    pub above_normal_range: &'static str,
    pub your_result: &'static str,
    pub upper_limit: &'static str,
    pub upper_limit_hint: &'static str,
    /// At most how many pages of questions are left, the current one included.
    pub questions_left: fn(usize) -> String,
    /// The section a page belongs to: its name, its number and how many there are.
    pub section_of: fn(&str, usize, usize) -> String,
    pub error_prefix: &'static str,
    pub error_summary: &'static str,
    pub err_choose: &'static str,
    pub err_number: &'static str,
    pub err_range: fn(&str, &str, &str) -> String,
    pub err_whole: &'static str,
    pub err_upper_limit: &'static str,
    pub err_unit: &'static str,
    /// A date field left without its year.
    pub err_year: &'static str,
    /// A date field holding something that is not a year (and month) from 1900 on.
    pub err_date: &'static str,
    /// A date after today, for something that has happened.
    pub err_future: &'static str,
    /// A date the patient is not sure of: "about May 2026".
    pub about_date: fn(&str) -> String,
    /// A year on its own, as the language writes it: "2025", "2025년", "2025年".
    pub year_only: fn(u32) -> String,
    /// A date field: its year box, its month menu and that menu's first choice, the box for a
    /// date the patient is not sure of, and how to fill it in.
    pub date_year: &'static str,
    pub date_month: &'static str,
    pub date_month_unknown: &'static str,
    pub date_about: &'static str,
    pub date_hint: &'static str,
    /// The months' names, January first, as a menu lists them.
    pub months: [&'static str; 12],
    // Location
    pub location_title: &'static str,
    pub location_intro: &'static str,
    pub location_city: &'static str,
    pub location_city_hint: &'static str,
    pub location_choose_city: &'static str,
    pub location_use_device: &'static str,
    pub location_device_failed: &'static str,
    pub location_device_used: &'static str,
    pub location_skip: &'static str,
    pub location_loading: &'static str,
    // Check answers
    pub check_title: &'static str,
    pub check_intro: &'static str,
    pub change: &'static str,
    pub location: &'static str,
    pub not_given: &'static str,
    pub see_results: &'static str,
    pub no_answers: &'static str,
    // Results
    pub results_title: &'static str,
    pub results_intro: &'static str,
    pub may_qualify: &'static str,
    pub may_qualify_intro: &'static str,
    pub need_more: &'static str,
    pub need_more_intro: &'static str,
    pub probably_not: &'static str,
    pub probably_not_intro: &'static str,
    pub none_in_group: &'static str,
    /// A trial phase from its stage as the registry writes it ("1/2", "2a"), and whether it is
    /// an early phase: "Phase 1/2", "Ⅰ/Ⅱ期", "임상 1/2상".
    pub phase: fn(bool, &str) -> String,
    pub phase_not_applicable: &'static str,
    pub what_you_receive: &'static str,
    pub placebo_note: &'static str,
    pub status: &'static str,
    pub status_name: fn(crate::model::Status) -> &'static str,
    pub last_checked: fn(&str) -> String,
    pub not_recruiting: &'static str,
    pub why_not: &'static str,
    pub source_sentence: &'static str,
    pub source_language_note: &'static str,
    pub from_summary: &'static str,
    pub to_settle: &'static str,
    pub for_study_team: &'static str,
    pub nearest_site: &'static str,
    pub all_sites: fn(usize) -> String,
    pub contact: &'static str,
    pub registry_link: &'static str,
    pub subgroup_fits: fn(&str) -> String,
    pub distance_km: fn(&str) -> String,
    pub distance_miles: fn(&str) -> String,
    pub for_doctor: &'static str,
    pub print_view: &'static str,
    pub share_link: &'static str,
    pub share_link_hint: &'static str,
    pub copy_link: &'static str,
    pub copied: &'static str,
    pub download: &'static str,
    /// The answers and results as a FHIR file, for a clinic's record systems.
    pub download_fhir: &'static str,
    pub download_fhir_hint: &'static str,
    pub upload: &'static str,
    pub upload_failed: &'static str,
    pub save_device: &'static str,
    pub saved_device: &'static str,
    pub start_again: &'static str,
    pub change_answers: &'static str,
    // Print
    pub print_title: &'static str,
    pub print_button: &'static str,
    pub print_date: &'static str,
    pub data_version: &'static str,
    pub your_answers: &'static str,
    pub verdict: &'static str,
    // Errors
    pub loading: &'static str,
    pub broken_title: &'static str,
    pub broken_intro: &'static str,
    pub broken_clinic: &'static str,
    pub load_failed: &'static str,
    pub crash_title: &'static str,
    pub crash_body: &'static str,
    pub not_found: &'static str,
    // Preview, for clinics
    pub preview_link: &'static str,
    pub preview_title: &'static str,
    pub preview_intro: &'static str,
    pub preview_file: &'static str,
    pub preview_ok: fn(usize, usize) -> String,
    pub preview_errors: &'static str,
    pub preview_use: &'static str,
    pub preview_active: fn(&str) -> String,
    // How far the patient could travel
    pub reach_title: &'static str,
    pub reach_intro: &'static str,
    pub reach_city: &'static str,
    pub reach_country: &'static str,
    pub reach_anywhere: &'static str,
    pub reach_distance: &'static str,
    pub reach_km: &'static str,
    pub reach_choose: &'static str,
    pub reach_km_error: &'static str,
    /// As `reach_km`, where distances are shown in miles.
    pub reach_miles: &'static str,
    pub reach_miles_error: &'static str,
    pub reach_label: &'static str,
    pub far_away: &'static str,
    pub check_further: &'static str,
    pub save_and_return: &'static str,
    /// Why an embed's accent colour is not used, for the clinic's embed builder.
    pub accent_too_light: &'static str,
    pub accent_not_a_colour: &'static str,
    /// A link through the tests' questions, for a patient who has the report at hand.
    pub have_results: &'static str,
    pub what_next: &'static str,
    pub ask_doctor: &'static str,
    /// A blood test for the tests named (a list).
    pub blood_test_for: fn(&str) -> String,
    pub urine_test_for: fn(&str) -> String,
    pub biopsy_for: fn(&str) -> String,
    /// The link through the questions the patient can answer now.
    pub answer_now: fn(usize) -> String,
    pub no_site_contact: &'static str,
    pub next_step_title: &'static str,
    /// The best next step, for the nearest study that may qualify (its title).
    pub next_step_may: fn(&str) -> String,
    pub next_step_more: fn(&str) -> String,
    pub next_step_none: &'static str,
    /// The nearest site, and how far it is.
    pub next_step_site: fn(&str, Option<&str>) -> String,
    /// The start page with answers saved on this device, on a date.
    pub saved_on_device: fn(Option<&str>) -> String,
    pub continue_saved: &'static str,
    pub start_over: &'static str,
    pub where_you_are: &'static str,
    // Restoring saved answers
    pub dropped_title: &'static str,
    /// A saved answer that no longer fits its question, by the question's text.
    pub dropped_known: fn(&str) -> String,
    /// How many saved answers are for questions this version no longer asks.
    pub dropped_unknown: fn(usize) -> String,
    pub crash_reload: &'static str,
}

impl PartialEq for Strings {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
    }
}

/// Languages with interface text, in the order offered.
pub const LANGUAGES: &[&Strings] = &[&en::EN, &ko::KO, &zh::ZH, &fr::FR];

/// The strings for `lang` ("fr", "fr-CA"…), falling back to English.
pub fn strings(lang: &str) -> &'static Strings {
    let base = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    LANGUAGES
        .iter()
        .copied()
        .find(|s| s.lang == base)
        .unwrap_or(&en::EN)
}

/// The first supported language among the browser's preferences, else English.
pub fn choose<'a>(preferences: impl IntoIterator<Item = &'a str>) -> &'static Strings {
    for p in preferences {
        let base = p
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some(s) = LANGUAGES.iter().copied().find(|s| s.lang == base) {
            return s;
        }
    }
    &en::EN
}

/// The language part of a locale: "fr" for "fr-CA".
pub fn base(locale: &str) -> String {
    locale
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase()
}

/// Whether a language writes decimals with a comma (1,5 for one and a half).
fn decimal_comma(lang: &str) -> bool {
    base(lang) == "fr"
}

/// Typed text with the digits, point, comma, minus and space that a Chinese, Japanese or Korean
/// keyboard may type in their full-width forms (１２０，５) as their plain forms (120,5).
pub fn plain_digits(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' => '-',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Reads a number as people type it in `lang`: "150,000" in English, "1,2" or "1 200" in French,
/// full-width digits (１５０) as digits. Returns `None` for anything that is not plainly a number.
pub fn parse_number(input: &str, lang: &str) -> Option<f64> {
    let s: String = plain_digits(input.trim())
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if s.is_empty() {
        return None;
    }
    let s = if decimal_comma(lang) {
        if s.matches(',').count() > 1 || (s.contains(',') && s.contains('.')) {
            return None;
        }
        s.replace(',', ".")
    } else if s.contains(',') {
        // A comma groups thousands ("150,000"); anything else is ambiguous, so refused.
        let (head, rest) = s
            .split_once('.')
            .map_or((s.as_str(), None), |(h, r)| (h, Some(r)));
        let groups: Vec<&str> = head.split(',').collect();
        let grouped = groups[0].chars().count() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return None;
        }
        match rest {
            Some(r) => format!("{}.{r}", groups.concat()),
            None => groups.concat(),
        }
    } else {
        s
    };
    let valid = s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && s.chars().filter(|c| *c == '.').count() <= 1
        && s.rfind('-').is_none_or(|i| i == 0)
        && s.chars().any(|c| c.is_ascii_digit());
    valid.then(|| crate::decimal::parse_f64(&s)).flatten()
}

/// Writes a number for `lang`, with at most `decimals` decimals and no trailing zeros.
pub fn format_number(x: f64, decimals: usize, lang: &str) -> String {
    let mut s = if x.is_finite() {
        crate::decimal::write_rounded(x, decimals)
    } else {
        crate::decimal::write_f64(x)
    };
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if decimal_comma(lang) {
        s = s.replace('.', ",");
    }
    s
}

/// Whether distances are shown in miles: United States English.
pub fn uses_miles(locale: &str) -> bool {
    let l = locale.to_ascii_lowercase().replace('_', "-");
    l == "en-us" || l == "en"
}

/// A distance in the patient's units, rounded sensibly.
pub fn format_distance(km: f64, locale: &str) -> String {
    let s = strings(locale);
    if uses_miles(locale) {
        let mi = km / crate::geo::KM_PER_MILE;
        (s.distance_miles)(&format_number(round_distance(mi), 0, s.lang))
    } else {
        (s.distance_km)(&format_number(round_distance(km), 0, s.lang))
    }
}

fn round_distance(x: f64) -> f64 {
    if x < 10.0 {
        x.round().max(1.0)
    } else if x < 100.0 {
        (x / 5.0).round() * 5.0
    } else {
        (x / 10.0).round() * 10.0
    }
}

/// An ISO date (YYYY-MM-DD or YYYY-MM) written the local way.
pub fn format_date(iso: &str, lang: &str) -> String {
    let mut parts = iso.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m))) = (parts.next(), parts.next()) else {
        return iso.to_string();
    };
    let d = parts.next().flatten();
    if !(1..=12).contains(&m) {
        return iso.to_string();
    }
    (strings(lang).date)(y, m, d)
}

/// A date answer written for people: "May 2026", "2025", "about March 2024".
pub fn month_year(date: &str, about: bool, lang: &str) -> String {
    let written = match date.parse::<u32>() {
        Ok(year) if date.len() == 4 => (strings(lang).year_only)(year),
        _ => format_date(date, lang),
    };
    if about {
        (strings(lang).about_date)(&written)
    } else {
        written
    }
}

/// A trial's phase as stored ("Phase 1/2", "Early Phase 1", "Not applicable") written the way
/// the language writes phases; anything else is shown as stored.
pub fn phase(stored: &str, lang: &str) -> String {
    let s = strings(lang);
    if stored == "Not applicable" {
        return s.phase_not_applicable.to_string();
    }
    let (early, rest) = match stored.strip_prefix("Early ") {
        Some(r) => (true, r),
        None => (false, stored),
    };
    match rest.strip_prefix("Phase ") {
        Some(stage) if !stage.is_empty() => (s.phase)(early, stage),
        _ => stored.to_string(),
    }
}

/// A stage written with Roman numerals, as Chinese registries write phases ("1/2" → "Ⅰ/Ⅱ").
pub(crate) fn roman_stage(stage: &str) -> String {
    stage
        .chars()
        .map(|c| match c {
            '1' => 'Ⅰ',
            '2' => 'Ⅱ',
            '3' => 'Ⅲ',
            '4' => 'Ⅳ',
            c => c,
        })
        .collect()
}

/// A label and the language's colon, ready for its value: "Status: ", "状态：", "Statut : ".
pub fn label(t: &Strings, text: &str) -> String {
    format!("{text}{}", t.colon)
}

/// Items joined the way the language writes a list: "a, b" or "a、b".
pub fn list<S: AsRef<str>>(items: &[S], lang: &str) -> String {
    let sep = strings(lang).list_separator;
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// A unit as the patient reads it in `lang`: its local name where it has one, else the symbol
/// printed on lab reports. Every unit the app shows or offers comes from here.
pub fn unit_label(unit: &crate::units::Unit, lang: &str) -> String {
    unit_text(unit.id, unit.symbol, lang).to_string()
}

fn unit_text(id: &str, symbol: &'static str, lang: &str) -> &'static str {
    (strings(lang).unit_name)(id).unwrap_or(symbol)
}

/// The units a patient may choose for a quantity, as (unit id, label in `lang`), in the
/// model's order; empty for an unknown quantity.
pub fn unit_choices(quantity: &str, lang: &str) -> Vec<(String, String)> {
    crate::units::quantity(quantity)
        .map(|q| {
            q.units
                .iter()
                .map(|u| (u.id.to_string(), unit_label(u, lang)))
                .collect()
        })
        .unwrap_or_default()
}

/// The units a patient may choose for a number question, as [`unit_choices`] labels them:
/// only those the fact offers, in its order ([`crate::model::FactKind::offered_units`]); empty for any
/// other question.
pub fn unit_choices_for(fact: &crate::model::Fact, lang: &str) -> Vec<(String, String)> {
    fact.answer
        .offered_units()
        .into_iter()
        .map(|u| (u.id.to_string(), unit_label(u, lang)))
        .collect()
}

/// The message shown under a field whose answer was refused.
pub fn answer_error(e: &AnswerError, lang: &str) -> String {
    let s = strings(lang);
    match e {
        AnswerError::OutOfRange {
            min,
            max,
            unit,
            unit_id,
        } => {
            let (lo, hi) = crate::units::stated_range(*min, *max);
            (s.err_range)(
                &format_number(lo, 6, lang),
                &format_number(hi, 6, lang),
                if unit_id.is_empty() {
                    unit
                } else {
                    unit_text(unit_id, unit, lang)
                },
            )
        }
        AnswerError::NotWhole => s.err_whole.to_string(),
        AnswerError::BadUpperLimit => s.err_upper_limit.to_string(),
        AnswerError::UnknownUnit { .. } => s.err_unit.to_string(),
        AnswerError::BadDate => s.err_date.to_string(),
        AnswerError::FutureDate => s.err_future.to_string(),
        _ => s.err_choose.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_numbers_group_thousands_with_commas() {
        assert_eq!(parse_number("150,000", "en"), Some(150000.0));
        assert_eq!(parse_number(" 1.2 ", "en"), Some(1.2));
        assert_eq!(parse_number("1,234.5", "en"), Some(1234.5));
        assert_eq!(parse_number("1,2", "en"), None, "ambiguous");
        assert_eq!(parse_number("abc", "en"), None);
        assert_eq!(parse_number("1.2.3", "en"), None);
        assert_eq!(parse_number("", "en"), None);
        assert_eq!(parse_number("-3", "en"), Some(-3.0));
        assert_eq!(parse_number("3-", "en"), None);
    }

    #[test]
    fn french_numbers_take_a_decimal_comma_and_spaced_thousands() {
        assert_eq!(parse_number("1,2", "fr"), Some(1.2));
        assert_eq!(parse_number("150 000", "fr"), Some(150000.0));
        assert_eq!(parse_number("1.2", "fr"), Some(1.2));
        assert_eq!(parse_number("1,2,3", "fr"), None);
        assert_eq!(format_number(1.25, 2, "fr"), "1,25");
        assert_eq!(format_number(3.0, 2, "en"), "3");
    }

    #[test]
    fn full_width_digits_are_read_as_a_chinese_or_japanese_keyboard_types_them() {
        assert_eq!(parse_number("１２０", "zh"), Some(120.0));
        assert_eq!(parse_number("１．５", "zh"), Some(1.5));
        assert_eq!(parse_number("１５０，０００", "en"), Some(150000.0));
        assert_eq!(parse_number("１，２", "fr"), Some(1.2));
        assert_eq!(parse_number("－３", "ko"), Some(-3.0));
        assert_eq!(
            parse_number("　４５　", "zh"),
            Some(45.0),
            "ideographic spaces"
        );
        assert_eq!(
            parse_number("四十五", "zh"),
            None,
            "numerals in words are not digits"
        );
        assert_eq!(plain_digits("２０２５年"), "2025年");
    }

    #[test]
    fn language_falls_back_to_english() {
        assert_eq!(choose(["xx-YY", "en-GB"]).lang, "en");
        assert_eq!(strings("de").lang, "en");
    }

    #[test]
    fn distances_are_miles_only_for_united_states_english() {
        assert_eq!(format_distance(16.09344, "en-US"), "10 miles");
        assert_eq!(format_distance(16.0, "en-GB"), "15 km");
        assert_eq!(format_distance(0.2, "en-GB"), "1 km");
        assert_eq!(format_distance(1.0, "en-US"), "1 mile");
    }

    #[test]
    fn phases_use_the_languages_word() {
        assert_eq!(phase("Phase 1/2", "en"), "Phase 1/2");
        assert_eq!(phase("Phase 2a", "zh"), "Ⅱa期");
        assert_eq!(phase("Phase 1/2", "zh"), "Ⅰ/Ⅱ期");
        assert_eq!(phase("Phase 2a", "ko"), "임상 2a상");
        assert_eq!(phase("Phase 1/2", "ko"), "임상 1/2상");
        assert_eq!(phase("Phase 2", "fr"), "Phase 2");
        assert_eq!(phase("Early Phase 1", "en"), "Early Phase 1");
        assert_eq!(phase("Not applicable", "zh"), "不适用");
        assert_eq!(phase("Phase", "ko"), "Phase", "no stage: as stored");
    }

    #[test]
    fn a_date_fields_words_are_in_every_language_and_its_months_as_dates_write_them() {
        let en = strings("en");
        let words = |s: &Strings| {
            [
                s.date_year,
                s.date_month,
                s.date_month_unknown,
                s.date_about,
                s.date_hint,
            ]
        };
        for s in LANGUAGES.iter().filter(|s| s.lang != "en") {
            for (mine, english) in words(s).into_iter().zip(words(en)) {
                assert_ne!(mine, english, "{}: not translated", s.lang);
            }
        }
        for s in LANGUAGES {
            for (m, name) in (1..=12).zip(s.months) {
                assert!((s.date)(2025, m, None).contains(name), "{}: {name}", s.lang);
            }
            let mut distinct = s.months.to_vec();
            distinct.sort();
            distinct.dedup();
            assert_eq!(distinct.len(), 12, "{}", s.lang);
        }
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(format_date("2026-11-23", "en"), "23 November 2026");
        assert_eq!(format_date("2018-08", "en"), "August 2018");
        assert_eq!(format_date("garbage", "en"), "garbage");
    }
}
