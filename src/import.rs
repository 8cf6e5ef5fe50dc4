//! Import from ClinicalTrials.gov: turns one study record in the registry's API v2 JSON layout
//! into a trial entry for `trials.json`, as a head start for a study coordinator.
//!
//! It copies what the registry states (identifiers, titles, phase, design, status and dates,
//! sponsor, sites with coordinates and contacts) and encodes only the structured age and sex
//! limits as rules. Every line of the free-text eligibility becomes a criterion with its source
//! sentence word for word and no rule, marked as not encoded yet: it never invents a rule.
//! No clock here (this module also builds for the browser): the caller passes today's date.

use crate::engine::Date;
use crate::model::{
    Contact, Criterion, CriterionKind, Design, Eligibility, Origin, Rule, Site, Status,
    StatusRecord, Text, Trial,
};
use serde_json::Value;

/// The study-team note on every criterion taken from the free-text eligibility.
pub const NOT_ENCODED: &str =
    "Not encoded yet: a coordinator should encode this criterion or confirm it is for the study team.";

/// The fact ids of `trials.json` that the age and sex limits are encoded against.
pub const AGE_FACT: &str = "age";
pub const SEX_FACT: &str = "sex";

/// A trial entry made from a registry record, and what the coordinator should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub trial: Trial,
    /// Things the import could not carry over exactly, in plain words.
    pub warnings: Vec<String>,
}

impl Imported {
    /// The trial entry as pretty JSON, ready to add to `"trials"` (whole numbers without `.0`).
    pub fn to_json_pretty(&self) -> String {
        let mut out = vec![];
        let mut ser = serde_json::Serializer::with_formatter(
            &mut out,
            WholeNumbers(serde_json::ser::PrettyFormatter::new()),
        );
        serde::Serialize::serialize(&self.trial, &mut ser).expect("a trial serializes");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// How many criteria still wait for a coordinator (no rule, from the free text).
    pub fn to_encode(&self) -> usize {
        self.trial
            .criteria
            .iter()
            .filter(|c| c.rule.is_none())
            .count()
    }
}

/// Imports the study record in `text`: a single study (`{"protocolSection": …}`), or a search
/// answer holding exactly one (`{"studies": [ … ]}`). `today` is used as the status's
/// `checked` date when the record has no full last-update date.
pub fn import(text: &str, today: Date) -> Result<Imported, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    import_value(&v, today)
}

/// As [`import`], from parsed JSON.
pub fn import_value(record: &Value, today: Date) -> Result<Imported, String> {
    let study = match record.get("studies").and_then(Value::as_array) {
        Some(list) if list.len() == 1 => &list[0],
        Some(list) => {
            return Err(format!(
                "this file holds {} studies; import one study record at a time",
                list.len()
            ))
        }
        None => record,
    };
    let p = study.get("protocolSection").ok_or(
        "expected a ClinicalTrials.gov API v2 study record, with \"protocolSection\" at the top",
    )?;
    let mut w = vec![];
    let ident = &p["identificationModule"];
    let id = text_at(ident, "nctId").ok_or(
        "the record has no \"protocolSection.identificationModule.nctId\" (e.g. \"NCT01234567\")",
    )?;
    let brief_title = text_at(ident, "briefTitle").unwrap_or_else(|| {
        w.push("no brief title: the NCT number is used as the title".into());
        id.clone()
    });
    let official_title = text_at(ident, "officialTitle").unwrap_or_else(|| brief_title.clone());
    let summary = text_at(&p["descriptionModule"], "briefSummary")
        .map(|s| unescape(&s))
        .unwrap_or_else(|| brief_title.clone());

    let design_module = &p["designModule"];
    let phase = phase(design_module["phases"].as_array());
    let design = design(p, &mut w);
    let intervention = intervention(&p["armsInterventionsModule"]).unwrap_or_else(|| {
        w.push(
            "no interventions described: write what participants receive in \"intervention\""
                .into(),
        );
        "Not described in the registry record.".into()
    });
    let sponsor =
        text_at(&p["sponsorCollaboratorsModule"]["leadSponsor"], "name").unwrap_or_else(|| {
            w.push("no lead sponsor in the record".into());
            "Not given".into()
        });
    let status = status(&p["statusModule"], today, &mut w);

    let el = &p["eligibilityModule"];
    let min = age_limit(el, "minimumAge", &mut w);
    let max = age_limit(el, "maximumAge", &mut w);
    let sex = match text_at(el, "sex").as_deref() {
        Some("ALL") => "all",
        Some("FEMALE") => "female",
        Some("MALE") => "male",
        other => {
            w.push(format!(
                "sex {} is not ALL, FEMALE or MALE: \"all\" was used",
                other.map_or("missing".into(), |s| format!("\"{s}\""))
            ));
            "all"
        }
    };
    let eligibility = Eligibility {
        min_age: min.as_ref().map(|a| a.years),
        max_age: max.as_ref().map(|a| a.years),
        sex: sex.into(),
    };

    let mut criteria = vec![];
    criteria.extend(age_criterion(min.as_ref(), max.as_ref()));
    criteria.extend(sex_criterion(sex));
    match text_at(el, "eligibilityCriteria") {
        Some(text) => criteria.extend(free_text_criteria(&text, &mut w)),
        None => w.push("no eligibility criteria text in the record".into()),
    }

    let sites = sites(&p["contactsLocationsModule"], &mut w);
    let trial = Trial {
        registry_url: format!("https://clinicaltrials.gov/study/{id}"),
        id,
        acronym: text_at(ident, "acronym"),
        official_title,
        title: Text::en(brief_title),
        summary: Text::en(summary),
        phase,
        design,
        intervention: Text::en(intervention),
        sponsor,
        status,
        eligibility,
        sites,
        criteria,
        subgroups: vec![],
    };
    Ok(Imported { trial, warnings: w })
}

/// The trimmed, non-empty string at `key`.
fn text_at(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The registry's phases (`["PHASE1", "PHASE2"]`) as the file writes them (`"Phase 1/2"`).
pub fn phase(phases: Option<&Vec<Value>>) -> String {
    let phases: Vec<&str> = phases
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|p| *p != "NA")
        .collect();
    if phases.is_empty() {
        return "Not applicable".into();
    }
    let early = phases.contains(&"EARLY_PHASE1");
    let numbers: Vec<&str> = phases
        .iter()
        .map(|p| {
            p.strip_prefix("EARLY_PHASE")
                .or(p.strip_prefix("PHASE"))
                .unwrap_or(p)
        })
        .collect();
    let mut numbers = numbers;
    numbers.dedup();
    format!(
        "{}Phase {}",
        if early { "Early " } else { "" },
        numbers.join("/")
    )
}

fn design(p: &Value, w: &mut Vec<String>) -> Design {
    let d = &p["designModule"];
    let info = &d["designInfo"];
    let masking = match text_at(&info["maskingInfo"], "masking").as_deref() {
        Some("NONE") => "none",
        Some("SINGLE") => "single",
        Some("DOUBLE") => "double",
        Some(m @ ("TRIPLE" | "QUADRUPLE")) => {
            w.push(format!(
                "masking {m} is written \"double\" (the file knows none, single and double)"
            ));
            "double"
        }
        other => {
            w.push(format!(
                "masking {} is not NONE, SINGLE, DOUBLE, TRIPLE or QUADRUPLE: \"none\" was used",
                other.map_or("missing".into(), |s| format!("\"{s}\""))
            ));
            "none"
        }
    };
    let arms = &p["armsInterventionsModule"];
    let mentions_placebo = |v: &Value| {
        v.as_str()
            .is_some_and(|s| s.to_lowercase().contains("placebo"))
    };
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let placebo = list(&arms["armGroups"]).iter().any(|a| {
        a["type"] == "PLACEBO_COMPARATOR"
            || list(&a["interventionNames"]).iter().any(mentions_placebo)
    }) || list(&arms["interventions"])
        .iter()
        .any(|i| mentions_placebo(&i["name"]));
    Design {
        randomized: info["allocation"] == "RANDOMIZED",
        placebo,
        masking: masking.into(),
        enrollment: d["enrollmentInfo"]["count"]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok()),
        infusions: None,
        visits: None,
    }
}

/// "Name: description" for each intervention; the arms' descriptions when none is listed.
fn intervention(arms: &Value) -> Option<String> {
    let describe = |items: &Value, name: &str| -> Vec<String> {
        items
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| {
                let name = text_at(i, name);
                let description = text_at(i, "description").map(|d| unescape(&d));
                match (name, description) {
                    (Some(n), Some(d)) => Some(format!("{n}: {d}")),
                    (n, d) => n.or(d),
                }
            })
            .collect()
    };
    let mut parts = describe(&arms["interventions"], "name");
    if parts.is_empty() {
        parts = describe(&arms["armGroups"], "label");
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn status(s: &Value, today: Date, w: &mut Vec<String>) -> StatusRecord {
    let value = match text_at(s, "overallStatus") {
        Some(code) => serde_json::from_value::<Status>(Value::String(code.to_lowercase()))
            .unwrap_or_else(|_| {
                w.push(format!(
                    "overall status \"{code}\" has no equivalent in the file: \"unknown\" was used"
                ));
                Status::Unknown
            }),
        None => {
            w.push("no overall status in the record: \"unknown\" was used".into());
            Status::Unknown
        }
    };
    let last_update = text_at(&s["lastUpdatePostDateStruct"], "date");
    let checked = match last_update.as_deref().and_then(Date::parse) {
        Some(d) => d,
        None => {
            w.push(format!(
                "no full last-update date in the record: \"checked\" is today, {today}"
            ));
            today
        }
    };
    StatusRecord {
        value,
        checked: checked.to_string(),
        note: None,
        start: text_at(&s["startDateStruct"], "date"),
        completion: text_at(&s["completionDateStruct"], "date"),
    }
}

/// An age limit as the registry gives it, and in years.
#[derive(Debug, Clone, PartialEq)]
pub struct AgeLimit {
    /// The registry's words, e.g. `"18 Years"`.
    pub text: String,
    /// Years, to two decimals (`"6 Months"` is 0.5).
    pub years: f64,
}

impl AgeLimit {
    /// Whole years, as the age question asks: 6 months is 0 years, 18 months is 1.
    pub fn whole_years(&self) -> f64 {
        self.years.floor()
    }

    fn in_words(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Reads an age limit such as `"18 Years"`, `"6 Months"`, `"2 Weeks"`; `"N/A"` or empty is no
/// limit (`Ok(None)`); anything else is an error saying what was expected.
pub fn parse_age(text: &str) -> Result<Option<AgeLimit>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("N/A") || t.eq_ignore_ascii_case("NA") {
        return Ok(None);
    }
    let expected = || format!("age \"{t}\" is not like \"18 Years\" or \"6 Months\"");
    let mut words = t.split_whitespace();
    let (Some(n), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Err(expected());
    };
    let n: f64 = n.parse().map_err(|_| expected())?;
    let per_year = match unit.to_lowercase().trim_end_matches('s') {
        "year" => 1.0,
        "month" => 12.0,
        "week" => 52.1775,
        "day" => 365.2425,
        "hour" => 8765.82,
        "minute" => 525_949.2,
        _ => return Err(expected()),
    };
    if !(n.is_finite() && n >= 0.0) {
        return Err(expected());
    }
    let years = (n / per_year * 100.0).round() / 100.0;
    Ok(Some(AgeLimit {
        text: t.to_string(),
        years,
    }))
}

fn age_limit(el: &Value, key: &str, w: &mut Vec<String>) -> Option<AgeLimit> {
    let text = el.get(key)?.as_str()?;
    parse_age(text).unwrap_or_else(|e| {
        w.push(format!("{e}: no {key} was imported"));
        None
    })
}

fn compare(op: &str, limit: &AgeLimit) -> Rule {
    Rule {
        fact: Some(AGE_FACT.into()),
        op: Some(op.into()),
        value: Some(limit.whole_years()),
        unit: Some("years".into()),
        ..Rule::default()
    }
}

/// The age limits as one criterion over the age fact (whole years), if the record has any.
fn age_criterion(min: Option<&AgeLimit>, max: Option<&AgeLimit>) -> Option<Criterion> {
    let (source, plain, rule) = match (min, max) {
        (None, None) => return None,
        (Some(lo), None) => (
            format!("Minimum Age: {}", lo.text),
            format!("You must be at least {} old.", lo.in_words()),
            compare(">=", lo),
        ),
        (None, Some(hi)) => (
            format!("Maximum Age: {}", hi.text),
            format!("You must be at most {} old.", hi.in_words()),
            compare("<=", hi),
        ),
        (Some(lo), Some(hi)) => {
            let (a, b) = (lo.in_words(), hi.in_words());
            let plain = match (a.strip_suffix(" years"), b.strip_suffix(" years")) {
                (Some(a), Some(b)) => format!("You must be {a} to {b} years old."),
                _ => format!("You must be at least {a} and at most {b} old."),
            };
            (
                format!("Minimum Age: {}; Maximum Age: {}", lo.text, hi.text),
                plain,
                Rule {
                    all: Some(vec![compare(">=", lo), compare("<=", hi)]),
                    ..Rule::default()
                },
            )
        }
    };
    let exact = [min, max]
        .into_iter()
        .flatten()
        .all(|l| l.years == l.whole_years());
    Some(Criterion {
        id: "inc-age".into(),
        kind: CriterionKind::Inclusion,
        source,
        origin: Origin::Registry,
        plain: Text::en(plain),
        rule: Some(rule),
        study_team: (!exact).then(|| {
            Text::en("The registry gives this limit in months, weeks or days; the question asks whole years, so the study team checks the exact age.")
        }),
    })
}

/// A sex limit as a criterion over the sex fact; none when the study is open to all.
fn sex_criterion(sex: &str) -> Option<Criterion> {
    let (word, plain) = match sex {
        "female" => (
            "Female",
            "This study is only for women and girls (female sex).",
        ),
        "male" => ("Male", "This study is only for men and boys (male sex)."),
        _ => return None,
    };
    Some(Criterion {
        id: "inc-sex".into(),
        kind: CriterionKind::Inclusion,
        source: format!("Sex: {word}"),
        origin: Origin::Registry,
        plain: Text::en(plain),
        rule: Some(Rule {
            fact: Some(SEX_FACT.into()),
            one_of: Some(vec![sex.into()]),
            ..Rule::default()
        }),
        study_team: None,
    })
}

/// Each line of the registry's eligibility text as a criterion without a rule, in order:
/// `inc-1…` under the inclusion heading, `exc-1…` under the exclusion heading. Headings and
/// blank lines are skipped; bullets (`* `, `- `, `• `, `1. `, `a) `) are taken off.
pub fn free_text_criteria(text: &str, w: &mut Vec<String>) -> Vec<Criterion> {
    let mut kind = None;
    let mut before_heading = false;
    let (mut inc, mut exc) = (vec![], vec![]);
    for line in text.lines() {
        if let Some((k, rest)) = heading(line) {
            kind = Some(k);
            if !rest.is_empty() {
                w.push(format!(
                    "heading \"{}\" skipped: the criteria under it may apply to one group only (see \"subgroups\")",
                    line.trim()
                ));
            }
            continue;
        }
        let source = unescape(strip_bullet(line));
        if source.is_empty() {
            continue;
        }
        let k = kind.unwrap_or_else(|| {
            before_heading = true;
            CriterionKind::Inclusion
        });
        let list = match k {
            CriterionKind::Inclusion => &mut inc,
            CriterionKind::Exclusion => &mut exc,
        };
        let id = match k {
            CriterionKind::Inclusion => format!("inc-{}", list.len() + 1),
            CriterionKind::Exclusion => format!("exc-{}", list.len() + 1),
        };
        list.push(Criterion {
            id,
            kind: k,
            plain: Text::en(source.clone()),
            source,
            origin: Origin::Registry,
            rule: None,
            study_team: Some(Text::en(NOT_ENCODED)),
        });
    }
    if before_heading {
        w.push(
            "lines before any \"Inclusion Criteria\" or \"Exclusion Criteria\" heading were taken as inclusion criteria".into(),
        );
    }
    inc.extend(exc);
    inc
}

/// Whether `line` is a section heading ("Inclusion Criteria:", "**Key Exclusion Criteria**"),
/// with the kind it opens and any words after the usual ones ("for the kidney group").
fn heading(line: &str) -> Option<(CriterionKind, String)> {
    let t = line
        .trim()
        .trim_matches(|c| matches!(c, '*' | '#' | '_' | ' '));
    let t = t
        .trim_end_matches(':')
        .trim_end_matches(['*', '_'])
        .trim_end_matches(':');
    let lower = t.to_lowercase();
    if lower.split_whitespace().count() > 8 {
        return None;
    }
    let rest = ["key ", "main ", "general ", "major "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    for (word, kind) in [
        ("inclusion", CriterionKind::Inclusion),
        ("exclusion", CriterionKind::Exclusion),
    ] {
        if let Some(after) = rest.strip_prefix(word) {
            let after = after.trim_start();
            let after = after.strip_prefix("criteria").unwrap_or(after).trim();
            // "Inclusion of ..." is a sentence, not a heading.
            if after.is_empty() || after.starts_with("for ") || after.starts_with('(') {
                return Some((kind, after.to_string()));
            }
        }
    }
    None
}

/// The line without leading space and its bullet, if any.
pub fn strip_bullet(line: &str) -> &str {
    let t = line.trim();
    for b in ["* ", "- ", "• ", "· ", "+ ", "– ", "•", "-"] {
        if let Some(rest) = t.strip_prefix(b) {
            // "-at least 4 of …" is a bullet; "-5 mg" is a number, "--" is not a bullet.
            if b != "-" || rest.starts_with(|c: char| c.is_alphabetic()) {
                return rest.trim_start();
            }
        }
    }
    // "1. ", "12) ", "a) ", "b. ", "(3) ", "ii) "
    let inner = t.strip_prefix('(').unwrap_or(t);
    let marker_end = inner
        .find(['.', ')'])
        .filter(|&i| i > 0 && i <= 4)
        .filter(|&i| inner[i + 1..].starts_with([' ', '\t']));
    if let Some(i) = marker_end {
        let m = &inner[..i];
        let numbered = m.chars().all(|c| c.is_ascii_digit());
        let lettered = m.len() == 1 && m.chars().all(|c| c.is_ascii_lowercase());
        let roman = ["ii", "iii", "iv", "vi", "vii", "viii", "ix"].contains(&m);
        let parens_close = !t.starts_with('(') || inner[i..].starts_with(')');
        if (numbered || lettered || roman) && parens_close {
            return inner[i + 1..].trim_start();
        }
    }
    t
}

/// Removes the registry's Markdown escapes (`\>` is shown as `>`), so the source reads as the
/// registry page shows it.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(n)) if n.is_ascii_punctuation() => {
                out.push(*n);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

fn sites(m: &Value, w: &mut Vec<String>) -> Vec<Site> {
    let central: Vec<Contact> = m["centralContacts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(contact)
        .collect();
    let locations = m["locations"].as_array().cloned().unwrap_or_default();
    if locations.is_empty() {
        w.push("no locations in the record: add the sites by hand".into());
    }
    locations
        .iter()
        .enumerate()
        .map(|(i, loc)| {
            let city = text_at(loc, "city").unwrap_or_default();
            let name = text_at(loc, "facility").unwrap_or_else(|| {
                w.push(format!("site {}: no facility name; the city is used", i + 1));
                city.clone()
            });
            let country_name = text_at(loc, "country").unwrap_or_default();
            let country = match country_code(&country_name) {
                Some(code) => code.to_string(),
                None => {
                    w.push(format!(
                        "site {} ({name}): country \"{country_name}\" is not in the importer's table; replace it with its two-letter ISO code",
                        i + 1
                    ));
                    country_name
                }
            };
            let geo = &loc["geoPoint"];
            let (lat, lon) = match (geo["lat"].as_f64(), geo["lon"].as_f64()) {
                (Some(lat), Some(lon)) => (Some(lat), Some(lon)),
                _ => (None, None),
            };
            let mut contacts: Vec<Contact> = loc["contacts"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(contact)
                .collect();
            if contacts.is_empty() {
                contacts = central.clone();
            }
            Site {
                name,
                city,
                region: text_at(loc, "state"),
                country,
                lat,
                lon,
                contacts,
                local: Default::default(),
            }
        })
        .collect()
}

fn contact(c: &Value) -> Option<Contact> {
    let phone = text_at(c, "phone").map(|p| match text_at(c, "phoneExt") {
        Some(ext) => format!("{p} ext. {ext}"),
        None => p,
    });
    let email = text_at(c, "email");
    let name = text_at(c, "name");
    if name.is_none() && phone.is_none() && email.is_none() {
        return None;
    }
    Some(Contact {
        name: name.unwrap_or_else(|| "Study contact".into()),
        phone,
        email,
    })
}

/// Country names as the registry writes them, with their ISO 3166 alpha-2 codes.
const COUNTRIES: &[(&str, &str)] = &[
    ("United States", "US"),
    ("Canada", "CA"),
    ("Mexico", "MX"),
    ("Puerto Rico", "PR"),
    ("Brazil", "BR"),
    ("Argentina", "AR"),
    ("Chile", "CL"),
    ("Colombia", "CO"),
    ("Peru", "PE"),
    ("Venezuela", "VE"),
    ("Ecuador", "EC"),
    ("Uruguay", "UY"),
    ("Guatemala", "GT"),
    ("Panama", "PA"),
    ("Costa Rica", "CR"),
    ("Dominican Republic", "DO"),
    ("Cuba", "CU"),
    ("United Kingdom", "GB"),
    ("Ireland", "IE"),
    ("France", "FR"),
    ("Germany", "DE"),
    ("Spain", "ES"),
    ("Portugal", "PT"),
    ("Italy", "IT"),
    ("Netherlands", "NL"),
    ("Belgium", "BE"),
    ("Luxembourg", "LU"),
    ("Switzerland", "CH"),
    ("Austria", "AT"),
    ("Denmark", "DK"),
    ("Sweden", "SE"),
    ("Norway", "NO"),
    ("Finland", "FI"),
    ("Iceland", "IS"),
    ("Poland", "PL"),
    ("Czechia", "CZ"),
    ("Czech Republic", "CZ"),
    ("Slovakia", "SK"),
    ("Hungary", "HU"),
    ("Romania", "RO"),
    ("Bulgaria", "BG"),
    ("Greece", "GR"),
    ("Croatia", "HR"),
    ("Slovenia", "SI"),
    ("Serbia", "RS"),
    ("Bosnia and Herzegovina", "BA"),
    ("North Macedonia", "MK"),
    ("Estonia", "EE"),
    ("Latvia", "LV"),
    ("Lithuania", "LT"),
    ("Belarus", "BY"),
    ("Ukraine", "UA"),
    ("Moldova, Republic of", "MD"),
    ("Russian Federation", "RU"),
    ("Russia", "RU"),
    ("Georgia", "GE"),
    ("Armenia", "AM"),
    ("Türkiye", "TR"),
    ("Turkey", "TR"),
    ("Israel", "IL"),
    ("Lebanon", "LB"),
    ("Jordan", "JO"),
    ("Saudi Arabia", "SA"),
    ("United Arab Emirates", "AE"),
    ("Qatar", "QA"),
    ("Kuwait", "KW"),
    ("Iran, Islamic Republic of", "IR"),
    ("Iran", "IR"),
    ("Iraq", "IQ"),
    ("Egypt", "EG"),
    ("Tunisia", "TN"),
    ("Morocco", "MA"),
    ("Algeria", "DZ"),
    ("South Africa", "ZA"),
    ("Nigeria", "NG"),
    ("Kenya", "KE"),
    ("Ethiopia", "ET"),
    ("Uganda", "UG"),
    ("Tanzania", "TZ"),
    ("Tanzania, United Republic of", "TZ"),
    ("China", "CN"),
    ("Hong Kong", "HK"),
    ("Taiwan", "TW"),
    ("Korea, Republic of", "KR"),
    ("South Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("Japan", "JP"),
    ("India", "IN"),
    ("Pakistan", "PK"),
    ("Bangladesh", "BD"),
    ("Sri Lanka", "LK"),
    ("Nepal", "NP"),
    ("Thailand", "TH"),
    ("Vietnam", "VN"),
    ("Viet Nam", "VN"),
    ("Malaysia", "MY"),
    ("Singapore", "SG"),
    ("Indonesia", "ID"),
    ("Philippines", "PH"),
    ("Kazakhstan", "KZ"),
    ("Australia", "AU"),
    ("New Zealand", "NZ"),
];

/// The ISO 3166 alpha-2 code of a country as the registry names it ("Korea, Republic of" is
/// "KR"); a two-letter code in the table is returned as it is.
pub fn country_code(name: &str) -> Option<&'static str> {
    let name = name.trim();
    COUNTRIES
        .iter()
        .find(|(n, code)| n.eq_ignore_ascii_case(name) || *code == name)
        .map(|(_, code)| *code)
}

/// Pretty JSON in the model's field order, with whole numbers written as the file writes them
/// (`18`, not `18.0`).
struct WholeNumbers<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for WholeNumbers<'_> {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f64) -> std::io::Result<()> {
        if v.fract() == 0.0 && v.abs() < 9e15 {
            write!(w, "{}", v as i64)
        } else {
            self.0.write_f64(w, v)
        }
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_come_off_and_the_words_stay() {
        assert_eq!(strip_bullet("  * Age 18 to 70"), "Age 18 to 70");
        assert_eq!(strip_bullet("- Pregnancy"), "Pregnancy");
        assert_eq!(strip_bullet("• HIV"), "HIV");
        assert_eq!(strip_bullet("12. Signed consent"), "Signed consent");
        assert_eq!(strip_bullet("a) platelets"), "platelets");
        assert_eq!(strip_bullet("(3) anaemia"), "anaemia");
        assert_eq!(strip_bullet("-at least 4 criteria"), "at least 4 criteria");
        assert_eq!(strip_bullet("-5 mg/day or less"), "-5 mg/day or less");
        assert_eq!(strip_bullet("1.5 g/day or more"), "1.5 g/day or more");
        assert_eq!(strip_bullet("Age 18"), "Age 18");
    }

    #[test]
    fn headings_are_recognised_and_sentences_are_not() {
        use CriterionKind::*;
        assert_eq!(
            heading("Inclusion Criteria:"),
            Some((Inclusion, String::new()))
        );
        assert_eq!(
            heading("**Key Exclusion Criteria:**"),
            Some((Exclusion, String::new()))
        );
        assert_eq!(
            heading("EXCLUSION CRITERIA"),
            Some((Exclusion, String::new()))
        );
        assert_eq!(
            heading("Inclusion criteria for the kidney group:"),
            Some((Inclusion, "for the kidney group".into()))
        );
        assert_eq!(heading("Inclusion in another study within 30 days"), None);
        assert_eq!(heading("* Pregnancy"), None);
    }

    #[test]
    fn markdown_escapes_are_removed() {
        assert_eq!(unescape("eGFR \\> 30 and \\< 90\\*"), "eGFR > 30 and < 90*");
        assert_eq!(unescape("C:\\path"), "C:\\path");
    }

    #[test]
    fn phases_read_as_the_file_writes_them() {
        let p = |v: Value| phase(v.as_array());
        assert_eq!(p(serde_json::json!(["PHASE1", "PHASE2"])), "Phase 1/2");
        assert_eq!(p(serde_json::json!(["PHASE2"])), "Phase 2");
        assert_eq!(p(serde_json::json!(["EARLY_PHASE1"])), "Early Phase 1");
        assert_eq!(p(serde_json::json!(["NA"])), "Not applicable");
        assert_eq!(phase(None), "Not applicable");
    }
}
