//! Reads a trials file once: syntax, shape, and every reference checked, each problem located
//! by line, column and JSON path; then the rules compiled for evaluation.

use super::locate::Locations;
use super::rule::Node;
use crate::model::forms::{self, FormError, FORMS};
use crate::model::{
    Criterion, CriterionKind, Fact, FactKind, Rule, Text, TrialsFile, BASE_LANGUAGE,
};
use crate::units;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}
crate::model::names::read_as_names!(Severity {
    Error = "error",
    Warning = "warning",
});

/// One problem in a trials file, and where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// JSON path, e.g. `trials[1].criteria[4].rule.fact`; empty for the whole file.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Finding {
    /// An error at `path` (empty for the whole file), found at `(line, column)`.
    pub fn error(
        path: &str,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> Finding {
        // Lines and columns count from 1 (serde_json says column 0 before a line's first
        // character, as at the end of an empty file).
        Finding {
            severity: Severity::Error,
            path: path.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: plain_words(&message.into()),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = if self.path.is_empty() {
            "(top level)"
        } else {
            &self.path
        };
        write!(
            f,
            "{}:{}: {sev}: {path}: {}",
            self.line, self.column, self.message
        )
    }
}

/// A checked trials file with its rules compiled.
pub struct Compiled {
    pub file: TrialsFile,
    /// For each trial, its common criteria's rules then each subgroup's, in file order.
    pub rules: Vec<TrialRules>,
    pub warnings: Vec<Finding>,
}

/// One trial as the engine evaluates it: its id, and its criteria with their rules compiled.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialRules {
    pub id: String,
    pub criteria: Vec<Test>,
    pub subgroups: Vec<Vec<Test>>,
}

impl TrialRules {
    /// The common criteria (`None`) or a subgroup's.
    pub fn list(&self, subgroup: Option<usize>) -> &[Test] {
        match subgroup {
            None => &self.criteria,
            Some(g) => &self.subgroups[g],
        }
    }

    /// The common criteria, then each subgroup's.
    pub fn lists(&self) -> impl Iterator<Item = &Vec<Test>> {
        std::iter::once(&self.criteria).chain(&self.subgroups)
    }
}

/// One criterion as the engine evaluates it.
#[derive(Debug, Clone, PartialEq)]
pub struct Test {
    pub kind: CriterionKind,
    /// The compiled rule; `None` when only the study team can judge the criterion.
    pub rule: Option<Node>,
    /// Whether the criterion has a note for the study team (what they judge or confirm).
    pub study_team: bool,
}

/// Parses and checks `text`. Errors make the file unusable; warnings do not.
pub fn check(text: &str) -> Result<Compiled, Vec<Finding>> {
    check_as_of(text, None)
}

/// As [`check`]; given `today`, also warns of trial statuses last checked more than 12 months
/// before it. The engine has no clock (it also runs in the browser): callers pass the date.
pub fn check_as_of(text: &str, today: Option<Date>) -> Result<Compiled, Vec<Finding>> {
    let text = super::without_bom(text);
    // Every problem of reading, each at its path; positions are looked up only for those.
    let file: TrialsFile = match crate::model::read::trials_file(text) {
        Ok(Ok(f)) => f,
        Ok(Err(problems)) => {
            let places = Locations::scan_for(text, problems.iter().map(|(p, _)| p.as_str()));
            let errors = problems
                .into_iter()
                .map(|(path, message)| Finding::error(&path, places.find(&path), message));
            return Err(crate::sort::sort_by_key(errors.collect(), |f| {
                (f.line, f.column)
            }));
        }
        Err(e) => {
            return Err(vec![Finding::error(
                "",
                (e.line(), e.column()),
                format!("not valid JSON: {}", strip_position(&e)),
            )])
        }
    };
    let mut c = Checker {
        file: &file,
        findings: vec![],
        fact_index: HashMap::new(),
        today,
    };
    let rules = c.run();
    let mut findings = c.findings;
    let places = Locations::scan_for(text, findings.iter().map(|f| f.path.as_str()));
    for f in &mut findings {
        (f.line, f.column) = places.find(&f.path);
    }
    let (errors, warnings): (Vec<_>, Vec<_>) = findings
        .into_iter()
        .partition(|f| f.severity == Severity::Error);
    // In the order a person reads the file.
    let warnings = crate::sort::sort_by_key(warnings, |f| (f.line, f.column));
    if errors.is_empty() {
        Ok(Compiled {
            file,
            rules,
            warnings,
        })
    } else {
        Err(errors)
    }
}

/// A message in a clinic's words rather than serde's: the names of Rust types and of serde's
/// data model ("struct TrialsFile", "f64", "sequence") said as what to write in the file.
/// Every error passes through here, so no message names them.
fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 14] = [
        (
            "struct TrialsFile",
            "a trials file: an object with \"facts\" and \"trials\"",
        ),
        ("struct Text", "texts by language, such as {\"en\": \"…\"}"),
        ("a map", "an object {…}"),
        ("a sequence", "a list […]"),
        ("type: map", "type: an object"),
        ("type: sequence", "type: a list"),
        ("floating point `", "number `"),
        ("integer `", "number `"),
        ("boolean `", "`"),
        ("string \"", "text \""),
        ("expected f64", "expected a number"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected u8", "expected a whole number, 0 or more"),
    ];
    let mut out = message.to_string();
    for (serde, plain) in WORDS {
        out = out.replace(serde, plain);
    }
    // Any other type the model reads: "struct Trial", "enum Status" and the like.
    for kind in ["struct ", "enum "] {
        while let Some(i) = out.find(&format!("expected {kind}")) {
            let name_at = i + "expected ".len() + kind.len();
            let name_end = out[name_at..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(out.len(), |n| name_at + n);
            let what = if kind == "enum " {
                "one of the names this field takes"
            } else {
                "an object {…}"
            };
            out.replace_range(i + "expected ".len()..name_end, what);
        }
    }
    out
}

/// serde_json appends " at line L column C" to its messages; the finding carries those apart.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

pub(super) struct Checker<'a> {
    file: &'a TrialsFile,
    findings: Vec<Finding>,
    fact_index: HashMap<&'a str, usize>,
    today: Option<Date>,
}

impl<'a> Checker<'a> {
    /// Records a finding; its line and column are filled in once checking is done.
    fn push(&mut self, severity: Severity, path: &str, message: String) {
        self.findings.push(Finding {
            severity,
            path: path.to_string(),
            line: 0,
            column: 0,
            message,
        });
    }

    pub(super) fn error(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into());
    }

    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into());
    }

    /// A number a trials file gives: within what the engine compares sensibly, and written so
    /// that it reads back as the same number (a pack stores it, and must read back as written).
    /// True when it is.
    pub(super) fn number(&mut self, path: &str, x: f64) -> bool {
        if !(-MAX_MAGNITUDE..=MAX_MAGNITUDE).contains(&x) {
            self.error(
                path,
                "expected a number from -1000000000000 to 1000000000000 (a trial's limits are far smaller)",
            );
            return false;
        }
        let written = serde_json::to_string(&x).unwrap_or_default();
        if serde_json::from_str::<f64>(&written).ok() != Some(x) {
            self.error(
                path,
                "this number has more digits than can be kept exactly: write it with at most 15 significant digits",
            );
            return false;
        }
        true
    }

    /// An age limit in the registry's eligibility, in years: whole years, or to two decimals
    /// for a limit the registry gives in months or weeks (the importer writes 6 months as 0.5).
    fn age(&mut self, path: &str, age: Option<f64>) -> Option<f64> {
        let age = age?;
        if !((age * 100.0).round() / 100.0 == age && (0.0..=MAX_AGE).contains(&age)) {
            self.error(
                path,
                format!(
                    "expected an age in years from 0 to {}, such as 18 (6 months is 0.5)",
                    crate::decimal::write_f64(MAX_AGE)
                ),
            );
            return None;
        }
        Some(age)
    }

    /// An id of the kind rules, answer files and page addresses name (fact, option, group,
    /// subgroup): refused, with an example, unless it is a [`plain_id`].
    fn plain_id(&mut self, path: &str, id: &str, example: &str) {
        if !plain_id(id) {
            self.error(
                path,
                format!("expected an id of lower-case letters, digits and \"_\" (up to {MAX_ID} of them), such as \"{example}\", not \"{}\"", id.escape_default()),
            );
        }
    }

    pub(super) fn text(&mut self, path: &str, text: &Text) {
        for lang in &self.file.languages {
            if !text.has(lang) {
                self.error(
                    path,
                    format!(
                        "missing the \"{lang}\" text (every language in \"languages\" is required)"
                    ),
                );
            }
        }
    }

    pub(super) fn unknown_id(&mut self, path: &str, what: &str, id: &str, known: &[&str]) {
        let hint = match nearest(id, known) {
            Some(n) => format!("; did you mean \"{n}\"?"),
            None if known.is_empty() => "; none is defined".to_string(),
            None if known.len() <= 12 => format!(
                "; expected one of {}",
                known
                    .iter()
                    .map(|k| format!("\"{k}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => format!("; expected one of the {} known ids", known.len()),
        };
        self.error(path, format!("unknown {what} \"{id}\"{hint}"));
    }

    fn run(&mut self) -> Vec<TrialRules> {
        let f = self.file;
        if f.languages.first().map(String::as_str) != Some(BASE_LANGUAGE) {
            self.error(
                "languages",
                format!("the first language must be \"{BASE_LANGUAGE}\""),
            );
        }
        let mut groups = HashSet::new();
        for (i, g) in f.groups.iter().enumerate() {
            self.plain_id(&format!("groups[{i}].id"), &g.id, "kidney");
            if !groups.insert(g.id.as_str()) {
                self.error(
                    &format!("groups[{i}].id"),
                    format!("duplicate group id \"{}\"", g.id),
                );
            }
            self.text(&format!("groups[{i}].name"), &g.name);
        }
        let group_ids: Vec<&str> = f.groups.iter().map(|g| g.id.as_str()).collect();
        for (i, fact) in f.facts.iter().enumerate() {
            let p = format!("facts[{i}]");
            self.plain_id(&format!("{p}.id"), &fact.id, "creatinine");
            if self.fact_index.insert(fact.id.as_str(), i).is_some() {
                self.error(
                    &format!("{p}.id"),
                    format!("duplicate fact id \"{}\"", fact.id),
                );
            }
            if !groups.contains(fact.group.as_str()) {
                self.unknown_id(&format!("{p}.group"), "group", &fact.group, &group_ids);
            }
            self.text(&format!("{p}.question"), &fact.question);
            self.text(&format!("{p}.why"), &fact.why);
            if let Some(h) = &fact.help {
                self.text(&format!("{p}.help"), h);
            }
            if let Some(test) = &fact.test {
                self.text(&format!("{p}.test.name"), &test.name);
            }
            match &fact.answer {
                FactKind::Number {
                    quantity,
                    min,
                    max,
                    units: offered,
                    ..
                } => {
                    match units::quantity(quantity) {
                        None => {
                            let known: Vec<&str> = units::QUANTITIES.iter().map(|q| q.id).collect();
                            self.unknown_id(
                                &format!("{p}.answer.quantity"),
                                "quantity",
                                quantity,
                                &known,
                            );
                        }
                        Some(q) => {
                            let known: Vec<&str> = q.units.iter().map(|u| u.id).collect();
                            for (j, u) in offered.iter().enumerate() {
                                if !known.contains(&u.as_str()) {
                                    self.unknown_id(
                                        &format!("{p}.answer.units[{j}]"),
                                        &format!("unit for {quantity}"),
                                        u,
                                        &known,
                                    );
                                }
                            }
                        }
                    }
                    let numbers = self.number(&format!("{p}.answer.min"), *min)
                        & self.number(&format!("{p}.answer.max"), *max);
                    if numbers && min > max {
                        self.error(
                            &format!("{p}.answer.min"),
                            "\"min\" and \"max\" must be numbers, with min not above max",
                        );
                    }
                }
                FactKind::UpperLimitRatio { max }
                    if self.number(&format!("{p}.answer.max"), *max) && *max <= 1.0 =>
                {
                    self.error(
                        &format!("{p}.answer.max"),
                        "\"max\" must be above 1 (times the upper limit)",
                    )
                }
                FactKind::Choice { options } | FactKind::Multi { options } => {
                    if options.is_empty() {
                        self.error(
                            &format!("{p}.answer.options"),
                            "a choice needs at least one option",
                        );
                    }
                    let mut seen = HashSet::new();
                    for (j, o) in options.iter().enumerate() {
                        let op = format!("{p}.answer.options[{j}]");
                        self.plain_id(&format!("{op}.id"), &o.id, "kidney_transplant");
                        if !seen.insert(o.id.as_str()) {
                            self.error(
                                &format!("{op}.id"),
                                format!("duplicate option id \"{}\"", o.id),
                            );
                        }
                        if o.id == "unknown" || o.id == "normal" {
                            self.error(
                                &format!("{op}.id"),
                                format!("\"{}\" is reserved for answers; choose another id", o.id),
                            );
                        }
                        self.text(&format!("{op}.label"), &o.label);
                    }
                }
                _ => {}
            }
        }
        self.journey();
        let mut trial_ids = HashSet::new();
        let mut all = vec![];
        for (t, trial) in f.trials.iter().enumerate() {
            let p = format!("trials[{t}]");
            if !trial_id(&trial.id) {
                self.error(
                    &format!("{p}.id"),
                    format!("expected a registry id: \"NCT\" and 8 digits, such as \"NCT04835883\", or another registry's id of letters, digits, \"-\" and \"_\" (up to {MAX_ID}), such as \"ISRCTN12345678\", not \"{}\"", trial.id.escape_default()),
                );
            }
            if !https_address(&trial.registry_url) {
                self.error(
                    &format!("{p}.registry_url"),
                    "expected the https:// address of the trial's registry page, such as \"https://clinicaltrials.gov/study/NCT04835883\"",
                );
            }
            if !trial_ids.insert(trial.id.as_str()) {
                self.error(
                    &format!("{p}.id"),
                    format!("duplicate trial id \"{}\"", trial.id),
                );
            }
            for (field, text) in [
                ("title", &trial.title),
                ("summary", &trial.summary),
                ("intervention", &trial.intervention),
            ] {
                self.text(&format!("{p}.{field}"), text);
            }
            self.checked(&format!("{p}.status.checked"), &trial.status.checked);
            if let Some(v) = &trial.design.visits {
                self.text(&format!("{p}.design.visits"), v);
            }
            if let Some(n) = &trial.status.note {
                self.text(&format!("{p}.status.note"), n);
            }
            if !MASKING.contains(&trial.design.masking.as_str()) {
                self.error(
                    &format!("{p}.design.masking"),
                    format!(
                        "expected \"none\", \"single\" or \"double\", not \"{}\" (triple or quadruple masking is \"double\")",
                        trial.design.masking
                    ),
                );
            }
            let ages = (
                self.age(
                    &format!("{p}.eligibility.min_age"),
                    trial.eligibility.min_age,
                ),
                self.age(
                    &format!("{p}.eligibility.max_age"),
                    trial.eligibility.max_age,
                ),
            );
            if let (Some(min), Some(max)) = ages {
                if min > max {
                    self.error(
                        &format!("{p}.eligibility.max_age"),
                        format!(
                            "the oldest age ({}) is below the youngest ({})",
                            crate::decimal::write_f64(max),
                            crate::decimal::write_f64(min)
                        ),
                    );
                }
            }
            if !["all", "female", "male"].contains(&trial.eligibility.sex.as_str()) {
                self.error(
                    &format!("{p}.eligibility.sex"),
                    "expected \"all\", \"female\" or \"male\"",
                );
            }
            if trial.sites.is_empty() {
                self.warn(
                    &format!("{p}.sites"),
                    "no sites: patients cannot see where this trial runs",
                );
            }
            for (s, site) in trial.sites.iter().enumerate() {
                let sp = format!("{p}.sites[{s}]");
                if site.country.len() != 2 || !site.country.chars().all(|c| c.is_ascii_uppercase())
                {
                    self.error(
                        &format!("{sp}.country"),
                        "expected a two-letter country code such as \"FR\"",
                    );
                }
                match (site.lat, site.lon) {
                    (Some(lat), Some(lon)) => {
                        self.number(&format!("{sp}.lat"), lat);
                        self.number(&format!("{sp}.lon"), lon);
                        if !(-90.0..=90.0).contains(&lat) {
                            self.error(&format!("{sp}.lat"), "latitude must be between -90 and 90");
                        }
                        if !(-180.0..=180.0).contains(&lon) {
                            self.error(
                                &format!("{sp}.lon"),
                                "longitude must be between -180 and 180",
                            );
                        }
                    }
                    (None, None) => {
                        self.warn(&sp, "site has no coordinates: no distance can be shown")
                    }
                    _ => self.error(&sp, "give both \"lat\" and \"lon\", or neither"),
                }
                for (lang, names) in &site.local {
                    let lp = format!("{sp}.local.{lang}");
                    if !f.languages.contains(lang) {
                        self.error(
                            &lp,
                            format!("\"{lang}\" is not one of the file's \"languages\""),
                        );
                    } else if lang == BASE_LANGUAGE {
                        self.error(
                            &lp,
                            "the English names are \"name\", \"city\" and \"region\" themselves",
                        );
                    }
                    let given = [
                        ("name", &names.name),
                        ("city", &names.city),
                        ("region", &names.region),
                    ];
                    for (field, text) in given {
                        if text.as_ref().is_some_and(|t| t.trim().is_empty()) {
                            self.error(
                                &format!("{lp}.{field}"),
                                "empty: leave it out to show the English",
                            );
                        }
                    }
                    if names.region.is_some() && site.region.is_none() {
                        self.error(
                            &format!("{lp}.region"),
                            "the site has no \"region\" to translate",
                        );
                    }
                }
            }
            let mut ids = HashSet::new();
            let criteria = self.criteria(&format!("{p}.criteria"), &trial.criteria, &mut ids);
            let mut sub_ids = HashSet::new();
            let mut subgroups = vec![];
            for (g, sub) in trial.subgroups.iter().enumerate() {
                let gp = format!("{p}.subgroups[{g}]");
                self.plain_id(&format!("{gp}.id"), &sub.id, "nephritis");
                if !sub_ids.insert(sub.id.as_str()) {
                    self.error(
                        &format!("{gp}.id"),
                        format!("duplicate subgroup id \"{}\"", sub.id),
                    );
                }
                self.text(&format!("{gp}.name"), &sub.name);
                subgroups.push(self.criteria(&format!("{gp}.criteria"), &sub.criteria, &mut ids));
            }
            if trial.subgroups.len() == 1 {
                self.warn(
                    &format!("{p}.subgroups"),
                    "a single subgroup is the same as common criteria",
                );
            }
            all.push(TrialRules {
                id: trial.id.clone(),
                criteria,
                subgroups,
            });
        }
        all
    }

    /// Pages and follow-ups: every page's facts exist, belong to its section and stand on no
    /// other page; every follow-up names an answer its parent can give, with no loops.
    fn journey(&mut self) {
        let f = self.file;
        let mut page_ids = HashSet::new();
        let mut on_page: HashMap<&str, String> = HashMap::new();
        for (g, group) in f.groups.iter().enumerate() {
            for (k, page) in group.pages.iter().enumerate() {
                let p = format!("groups[{g}].pages[{k}]");
                if !page_ids.insert(page.id.as_str()) {
                    self.error(
                        &format!("{p}.id"),
                        format!("duplicate page id \"{}\"", page.id),
                    );
                }
                self.text(&format!("{p}.title"), &page.title);
                if page.facts.is_empty() {
                    self.error(&format!("{p}.facts"), "a page needs at least one fact");
                }
                for (j, id) in page.facts.iter().enumerate() {
                    let fp = format!("{p}.facts[{j}]");
                    let Some(i) = self.fact(&fp, id) else {
                        continue;
                    };
                    if f.facts[i].group != group.id {
                        self.error(
                            &fp,
                            format!(
                                "fact \"{id}\" is in group \"{}\": a page holds facts of its own group only",
                                f.facts[i].group
                            ),
                        );
                    }
                    if let Some(other) = on_page.insert(id.as_str(), page.id.clone()) {
                        self.error(
                            &fp,
                            format!("fact \"{id}\" is already on page \"{other}\": a fact stands on one page"),
                        );
                    }
                }
            }
        }
        for (i, fact) in f.facts.iter().enumerate() {
            let Some(follows) = &fact.follows else {
                continue;
            };
            let p = format!("facts[{i}].follows");
            let Some(parent) = self.fact(&format!("{p}.fact"), &follows.fact) else {
                continue;
            };
            if parent == i {
                self.error(&format!("{p}.fact"), "a fact cannot follow itself");
                continue;
            }
            let kind = &f.facts[parent].answer;
            let (key, ids, fits) = match (&follows.is, &follows.one_of, &follows.has_any) {
                (Some(_), None, None) => ("is", None, matches!(kind, FactKind::YesNo)),
                (None, Some(ids), None) => {
                    ("in", Some(ids), matches!(kind, FactKind::Choice { .. }))
                }
                (None, None, Some(ids)) => {
                    ("has_any", Some(ids), matches!(kind, FactKind::Multi { .. }))
                }
                _ => {
                    self.error(&p, "give exactly one of \"is\" (a yes/no fact), \"in\" (a choice) or \"has_any\" (several choices)");
                    continue;
                }
            };
            if !fits {
                self.error(
                    &format!("{p}.{key}"),
                    format!("\"{}\" does not take this kind of answer: use \"is\" for yes/no, \"in\" for one choice, \"has_any\" for several", follows.fact),
                );
                continue;
            }
            let options: Vec<&str> = kind.options().iter().map(|o| o.id.as_str()).collect();
            for (j, id) in ids.into_iter().flatten().enumerate() {
                if !options.contains(&id.as_str()) {
                    self.unknown_id(&format!("{p}.{key}[{j}]"), "option", id, &options);
                }
            }
            if ids.is_some_and(|ids| ids.is_empty()) {
                self.error(&format!("{p}.{key}"), "name at least one option");
            }
            // A loop of follow-ups could never be asked.
            let mut at = parent;
            for _ in 0..f.facts.len() {
                let next = f.facts[at]
                    .follows
                    .as_ref()
                    .and_then(|x| self.fact_index.get(x.fact.as_str()));
                match next {
                    Some(&n) if n == i => {
                        self.error(
                            &format!("{p}.fact"),
                            "these follow-ups form a loop, so none could be asked",
                        );
                        break;
                    }
                    Some(&n) => at = n,
                    None => break,
                }
            }
        }
    }

    fn criteria<'b>(
        &mut self,
        p: &str,
        list: &'b [Criterion],
        ids: &mut HashSet<&'b str>,
    ) -> Vec<Test> {
        let mut out = vec![];
        for (i, c) in list.iter().enumerate() {
            let cp = format!("{p}[{i}]");
            if !ids.insert(c.id.as_str()) {
                self.error(
                    &format!("{cp}.id"),
                    format!("duplicate criterion id \"{}\" in this trial", c.id),
                );
            }
            if c.source.trim().is_empty() {
                self.error(
                    &format!("{cp}.source"),
                    "every criterion needs its source sentence, word for word",
                );
            }
            self.text(&format!("{cp}.plain"), &c.plain);
            if let Some(t) = &c.study_team {
                self.text(&format!("{cp}.study_team"), t);
            }
            let node = match &c.rule {
                Some(r) => self.rule(&format!("{cp}.rule"), r),
                None => {
                    if c.study_team.is_none() {
                        self.error(&cp, "a criterion without a rule needs \"study_team\" saying why only the study team can judge it");
                    } else {
                        self.warn(&cp, "left for the study team (no rule)");
                    }
                    None
                }
            };
            out.push(Test {
                kind: c.kind,
                rule: node,
                study_team: c.study_team.is_some(),
            });
        }
        out
    }

    /// The date a status was checked: a real day, and not long before today.
    fn checked(&mut self, path: &str, checked: &str) {
        let Some(date) = Date::parse(checked) else {
            self.error(
                path,
                format!("expected a date as YYYY-MM-DD, e.g. \"2026-11-23\", not \"{checked}\""),
            );
            return;
        };
        let Some(today) = self.today else { return };
        if today > date.add_years(1) {
            self.warn(
                path,
                format!(
                    "status last checked on {date}, more than 12 months before today ({today}): check the registry, then update \"value\" and \"checked\""
                ),
            );
        } else if date > today {
            self.warn(
                path,
                format!("status checked on {date}, after today ({today}): is the date right?"),
            );
        }
    }

    pub(super) fn fact(&mut self, path: &str, id: &str) -> Option<usize> {
        let found = self.fact_index.get(id).copied();
        if found.is_none() {
            let known: Vec<&str> = self.file.facts.iter().map(|f| f.id.as_str()).collect();
            self.unknown_id(path, "fact", id, &known);
        }
        found
    }

    /// The facts of the file being checked.
    pub(super) fn facts(&self) -> &'a [Fact] {
        &self.file.facts
    }

    pub(super) fn rule(&mut self, p: &str, r: &Rule) -> Option<Node> {
        // `None`: a fact rule whose test is missing or doubled, told so after its keys and fact.
        let form = match r.form() {
            Ok(id) => Some(id.form()),
            Err(FormError::FactTests) => None,
            Err(e) => {
                self.error(p, e.message());
                return None;
            }
        };
        let (name, keys) = form.map_or(("fact", forms::fact_keys()), |f| (f.mark, f.keys.to_vec()));
        if !self.only(p, r, name, &keys) {
            return None;
        }
        if let Some(f) = form.filter(|f| !f.tests_fact()) {
            return Node::build(f.id, self, p, r, None);
        }
        // A test of one fact: the fact first, then whether the form suits its kind.
        let fi = self.fact(&format!("{p}.fact"), r.fact.as_deref().unwrap_or_default())?;
        let Some(form) = form else {
            self.error(p, FormError::FactTests.message());
            return None;
        };
        let fact = &self.file.facts[fi];
        let suits = |f: &&forms::Form| f.tests.as_ref().is_some_and(|t| (t.suits)(&fact.answer));
        if !suits(&form) {
            let id = &fact.id;
            let message = match FORMS.iter().find(suits).and_then(|f| f.tests.as_ref()) {
                Some(t) => format!("fact \"{id}\" is tested with {}", t.written),
                None => format!("fact \"{id}\" cannot be tested with \"{}\"", form.mark),
            };
            self.error(p, message);
            return None;
        }
        Node::build(form.id, self, p, r, Some(fi))
    }

    /// The rules of list `key` of the rule at `p`, each checked.
    pub(super) fn rules(&mut self, p: &str, key: &str, v: &[Rule]) -> Option<Vec<Node>> {
        if v.is_empty() {
            self.error(
                &format!("{p}.{key}"),
                "an empty list decides nothing; remove it or add rules",
            );
        }
        let nodes: Vec<Option<Node>> = v
            .iter()
            .enumerate()
            .map(|(i, r)| self.rule(&format!("{p}.{key}[{i}]"), r))
            .collect();
        nodes.into_iter().collect()
    }

    /// Refuses fields that do not belong to the rule's form (a `"unit"` beside `"all"`), which
    /// serde accepts but the engine would silently ignore. True when there are none.
    fn only(&mut self, p: &str, r: &Rule, name: &str, form: &[&str]) -> bool {
        let mut ok = true;
        for key in Rule::KEYS.iter().filter(|k| r.has(k) && !form.contains(k)) {
            let expected = form
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                &format!("{p}.{key}"),
                format!(
                    "\"{key}\" does not belong in a rule with \"{name}\"; expected only {expected}"
                ),
            );
            ok = false;
        }
        ok
    }

    /// The options `ids` of fact `fact`, as indexes.
    pub(super) fn options(&mut self, p: &str, fact: usize, ids: &[String]) -> Option<Vec<usize>> {
        let options = self.file.facts[fact].answer.options();
        let known: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
        let mut out = vec![];
        for (i, id) in ids.iter().enumerate() {
            match known.iter().position(|k| k == id) {
                Some(x) => out.push(x),
                None => self.unknown_id(&format!("{p}[{i}]"), "option", id, &known),
            }
        }
        if ids.is_empty() {
            self.error(p, "list at least one option");
        }
        (out.len() == ids.len() && !ids.is_empty()).then_some(out)
    }
}

/// The largest number, either way, a trials file may give: far beyond any limit a trial sets,
/// in any unit, and small enough that every conversion between units stays a number.
const MAX_MAGNITUDE: f64 = 1e12;
/// The oldest age a trial's eligibility may give, in years.
const MAX_AGE: f64 = 150.0;

/// The longest id a trials file may give.
const MAX_ID: usize = 64;

/// An id rules, answer files and page addresses use as it is: lower-case ASCII letters, digits
/// and `_`, so it needs no escaping anywhere it is written.
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A trial's registry id: ClinicalTrials.gov's `NCT` and 8 digits, or another registry's
/// (ISRCTN, EudraCT, ChiCTR …) as letters, digits, `-` and `_`, starting with a letter or digit.
/// Either way nothing a page or link could take for markup (no quotes, angle brackets, spaces).
fn trial_id(id: &str) -> bool {
    if let Some(digits) = id.strip_prefix("NCT") {
        return digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit());
    }
    id.len() <= MAX_ID
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An address the app may link a patient to: `https:` with a host, and nothing that could end
/// the link in a page (spaces, quotes, angle brackets, backslashes, control characters).
fn https_address(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && url.len() <= 2000
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\'))
}

/// The values `design.masking` may take.
pub const MASKING: [&str; 3] = ["none", "single", "double"];

/// A day of the Gregorian calendar, for status dates. No clock: callers say what today is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The day written `YYYY-MM-DD`, if it exists in the calendar.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let shape = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape {
            return None;
        }
        let year = s[0..4].parse().ok()?;
        let month = s[5..7].parse().ok()?;
        let day = s[8..10].parse().ok()?;
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before it); Howard Hinnant's `days_from_civil`.
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01; Howard Hinnant's `civil_from_days`. The command line
    /// turns the system clock into today's date with it.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The days a patient's date can mean: `YYYY` (the whole year), `YYYY-MM` (the whole
    /// month) or `YYYY-MM-DD`, from 1900 on; first and last day.
    pub fn span(s: &str) -> Option<(Date, Date)> {
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        // Slicing by byte below is safe only on ASCII; what a patient types may not be.
        if !s.is_ascii() {
            return None;
        }
        let (first, last) = match s.len() {
            4 if digits(s) => {
                let year = s.parse().ok()?;
                (Date::new(year, 1, 1), Date::new(year, 12, 31))
            }
            7 if digits(&s[..4]) && &s[4..5] == "-" && digits(&s[5..]) => {
                let (year, month) = (s[..4].parse().ok()?, s[5..].parse().ok()?);
                if !(1..=12).contains(&month) {
                    return None;
                }
                let last = days_in_month(year, month);
                (Date::new(year, month, 1), Date::new(year, month, last))
            }
            10 => {
                let day = Date::parse(s)?;
                (day, day)
            }
            _ => return None,
        };
        (first.year >= 1900).then_some((first, last))
    }

    fn new(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// The same day `n` years later; 29 February becomes 28 February in a common year.
    pub fn add_years(self, n: i32) -> Date {
        let year = self.year + n;
        Date {
            year,
            day: self.day.min(days_in_month(year, self.month)),
            ..self
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The known id closest to `id` by edit distance, if close enough to be a likely typo.
pub fn nearest<'k>(id: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(id, k), *k))
        .filter(|(d, k)| *d <= (k.len().max(id.len()) / 3).max(2))
        .min()
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_a_likely_typo_only() {
        assert_eq!(
            nearest("creatinin", &["creatinine", "age"]),
            Some("creatinine")
        );
        assert_eq!(nearest("zzzzzz", &["creatinine", "age"]), None);
    }

    const MINI: &str = include_str!("../../../tests/fixtures/mini.json");

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|| panic!("{s} is a date"))
    }

    /// `MINI` with `from`, which must occur exactly once, replaced by `to`.
    fn mini(from: &str, to: &str) -> String {
        assert_eq!(MINI.matches(from).count(), 1, "{from:?} occurs once");
        MINI.replacen(from, to, 1)
    }

    fn warnings(text: &str, today: Option<Date>) -> Vec<Finding> {
        match check_as_of(text, today) {
            Ok(c) => c.warnings,
            Err(e) => panic!("refused: {e:#?}"),
        }
    }

    fn errors(text: &str) -> Vec<Finding> {
        match check_as_of(text, None) {
            Ok(_) => panic!("accepted"),
            Err(e) => e,
        }
    }

    fn at<'f>(findings: &'f [Finding], path: &str) -> Vec<&'f Finding> {
        findings.iter().filter(|f| f.path == path).collect()
    }

    /// The line (from 1) of the only line of `text` containing `needle`.
    fn line_of(text: &str, needle: &str) -> usize {
        let lines: Vec<usize> = (1..)
            .zip(text.lines())
            .filter(|(_, l)| l.contains(needle))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(lines.len(), 1, "{needle:?} on one line");
        lines[0]
    }

    #[test]
    fn dates_are_real_calendar_days() {
        assert_eq!(
            day("2024-02-29"),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-1-01",
            "26-11-23",
            "2026/11/23",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert_eq!(day("2026-11-23").to_string(), "2026-11-23");
    }

    #[test]
    fn days_since_epoch_match_the_calendar_both_ways() {
        assert_eq!(day("1970-01-01").days_since_epoch(), 0);
        assert_eq!(day("1969-12-31").days_since_epoch(), -1);
        assert_eq!(day("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(day("2026-11-23").days_since_epoch(), 20_780);
        assert_eq!(Date::from_days_since_epoch(20_780), day("2026-11-23"));
        let mut previous = Date::from_days_since_epoch(-800_001);
        for n in -800_000..800_000 {
            let d = Date::from_days_since_epoch(n);
            assert_eq!(d.days_since_epoch(), n);
            assert!(d > previous, "{d} follows {previous}");
            assert!((1..=days_in_month(d.year, d.month)).contains(&d.day));
            previous = d;
        }
    }

    #[test]
    fn a_year_later_keeps_the_day_or_ends_february() {
        assert_eq!(day("2025-11-23").add_years(1), day("2026-11-23"));
        assert_eq!(day("2024-02-29").add_years(1), day("2025-02-28"));
        assert_eq!(day("2023-02-28").add_years(1), day("2024-02-28"));
    }

    #[test]
    fn a_status_checked_more_than_12_months_ago_is_a_located_warning() {
        let text = mini(
            "\"value\": \"recruiting\", \"checked\": \"2026-11-23\"",
            "\"value\": \"recruiting\", \"checked\": \"2025-11-22\"",
        );
        let all = warnings(&text, Some(day("2026-11-23")));
        let stale = at(&all, "trials[0].status.checked");
        assert_eq!(stale.len(), 1, "{all:#?}");
        assert_eq!(stale[0].severity, Severity::Warning);
        assert_eq!(stale[0].line, line_of(&text, "2025-11-22"));
        assert!(
            stale[0].message.starts_with(
                "status last checked on 2025-11-22, more than 12 months before today (2026-11-23)"
            ),
            "{}",
            stale[0].message
        );
        // Exactly 12 months is not yet stale; no date given, no clock, no warning.
        assert!(at(
            &warnings(&text, Some(day("2026-11-22"))),
            "trials[0].status.checked"
        )
        .is_empty());
        assert!(at(&warnings(&text, None), "trials[0].status.checked").is_empty());
        // The unchanged fixture was checked on 2026-11-23.
        assert!(at(
            &warnings(MINI, Some(day("2027-11-23"))),
            "trials[0].status.checked"
        )
        .is_empty());
        assert_eq!(
            at(
                &warnings(MINI, Some(day("2027-11-24"))),
                "trials[0].status.checked"
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_status_checked_after_today_is_a_warning() {
        let all = warnings(MINI, Some(day("2026-11-01")));
        let future = at(&all, "trials[0].status.checked");
        assert_eq!(future.len(), 1, "{all:#?}");
        assert!(future[0].message.contains("after today (2026-11-01)"));
    }

    #[test]
    fn a_checked_date_that_is_not_a_day_is_an_error_saying_what_is_expected() {
        let text = mini(
            "\"value\": \"recruiting\", \"checked\": \"2026-11-23\"",
            "\"value\": \"recruiting\", \"checked\": \"2026-02-30\"",
        );
        let all = errors(&text);
        let e = at(&all, "trials[0].status.checked");
        assert_eq!(e.len(), 1, "{all:#?}");
        assert_eq!(
            e[0].message,
            "expected a date as YYYY-MM-DD, e.g. \"2026-11-23\", not \"2026-02-30\""
        );
    }

    #[test]
    fn a_site_without_coordinates_is_a_warning_at_the_site() {
        let all = warnings(MINI, None);
        let site = at(&all, "trials[1].sites[0]");
        assert_eq!(site.len(), 1, "{all:#?}");
        assert_eq!(
            site[0].message,
            "site has no coordinates: no distance can be shown"
        );
        assert_eq!(site[0].line, line_of(MINI, "\"name\": \"K\""));
        assert!(
            at(&all, "trials[0].sites[0]").is_empty(),
            "the Paris site has coordinates"
        );
    }

    #[test]
    fn a_criterion_only_for_the_study_team_is_a_warning_at_the_criterion() {
        let all = warnings(MINI, None);
        let team = at(&all, "trials[0].criteria[2]");
        assert_eq!(team.len(), 1, "{all:#?}");
        assert_eq!(team[0].message, "left for the study team (no rule)");
        assert_eq!(
            team[0].line,
            line_of(MINI, "\"source\": \"Signed informed consent.\"")
        );
        // A criterion with a rule is not reported.
        assert!(at(&all, "trials[0].criteria[0]").is_empty());
    }

    #[test]
    fn warnings_come_in_the_order_of_the_file() {
        let all = warnings(MINI, None);
        assert!(all.len() >= 2);
        assert!(all
            .windows(2)
            .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column)));
    }

    #[test]
    fn a_field_that_does_not_belong_to_the_rules_form_is_refused_where_it_is() {
        let text = mini(
            "{\"fact\": \"pregnant\", \"is\": true}",
            "{\"fact\": \"pregnant\", \"is\": true, \"unit\": \"years\"}",
        );
        let all = errors(&text);
        let e = at(&all, "trials[0].criteria[3].rule.all[1].unit");
        assert_eq!(e.len(), 1, "{all:#?}");
        assert_eq!(
            e[0].message,
            "\"unit\" does not belong in a rule with \"is\"; expected only \"fact\", \"is\""
        );
        assert_eq!(
            e[0].line,
            line_of(&text, "\"is\": true, \"unit\": \"years\"")
        );
    }

    #[test]
    fn masking_must_be_none_single_or_double() {
        let text = mini("\"masking\": \"double\"", "\"masking\": \"triple\"");
        let all = errors(&text);
        let e = at(&all, "trials[1].design.masking");
        assert_eq!(e.len(), 1, "{all:#?}");
        assert!(e[0]
            .message
            .starts_with("expected \"none\", \"single\" or \"double\", not \"triple\""));
    }

    #[test]
    fn null_is_refused_where_serde_would_take_it_as_absent() {
        let text = mini(
            "\"official_title\": \"Alpha\"",
            "\"official_title\": \"Alpha\", \"acronym\": null",
        );
        let all = errors(&text);
        let e = at(&all, "trials[0].acronym");
        assert_eq!(e.len(), 1, "{all:#?}");
        assert_eq!(e[0].line, line_of(&text, "\"acronym\": null"));
        assert!(e[0].message.starts_with("expected a value, not null"));
    }

    #[test]
    fn a_mistake_inside_an_answer_is_placed_at_the_answer_wherever_it_stands() {
        let fact = "{\"id\": \"pregnant\", \"group\": \"about\", \"answer\": {\"type\": \"yes_no\"}, \"question\": {\"en\": \"Are you pregnant?\"}, \"why\": {\"en\": \"Unsafe in pregnancy.\"}}";
        let last = |answer: &str| {
            mini(
                fact,
                &format!("{{\"id\": \"pregnant\", \"group\": \"about\", \"question\": {{\"en\": \"Are you pregnant?\"}}, \"why\": {{\"en\": \"Unsafe in pregnancy.\"}}, \"answer\": {answer} }}"),
            )
        };
        for (answer, path, says) in [
            (
                "{\"type\": \"number\", \"quantity\": \"age\", \"min\": 0}",
                "facts[2].answer",
                "missing field `max`",
            ),
            (
                "{\"type\": \"number\", \"quantity\": \"age\", \"min\": \"0\", \"max\": 1}",
                "facts[2].answer.min",
                "invalid type: text \"0\", expected a number",
            ),
        ] {
            let text = last(answer);
            let all = errors(&text);
            let e = at(&all, path);
            assert_eq!(e.len(), 1, "{answer}: {all:#?}");
            assert_eq!(e[0].message, says);
            assert_eq!(e[0].line, line_of(&text, "\"id\": \"pregnant\""));
        }
    }

    #[test]
    fn a_list_where_a_word_belongs_is_placed_at_the_field() {
        let text = mini(
            "{\"id\": \"exc-1\", \"kind\": \"exclusion\"",
            "{\"id\": \"exc-1\", \"kind\": [\"exclusion\"]",
        );
        let all = errors(&text);
        assert_eq!(at(&all, "trials[0].criteria[3].kind").len(), 1, "{all:#?}");
    }

    #[test]
    fn a_yes_no_answer_takes_no_other_field() {
        let text = mini(
            "\"answer\": {\"type\": \"yes_no\"}",
            "\"answer\": {\"type\": \"yes_no\", \"whole\": true}",
        );
        let all = errors(&text);
        let e = at(&all, "facts[2].answer.whole");
        assert_eq!(e.len(), 1, "{all:#?}");
        assert!(e[0].message.contains("unknown field `whole`"));
    }

    #[test]
    fn an_unknown_id_far_from_any_says_which_ids_are_expected() {
        let text = mini(
            "\"group\": \"labs\", \"answer\": {\"type\": \"upper_limit_ratio\"",
            "\"group\": \"liver\", \"answer\": {\"type\": \"upper_limit_ratio\"",
        );
        let all = errors(&text);
        let e = at(&all, "facts[5].group");
        assert_eq!(e.len(), 1, "{all:#?}");
        assert_eq!(
            e[0].message,
            "unknown group \"liver\"; expected one of \"about\", \"labs\""
        );
    }
}
