//! Reads a trials file once: syntax, shape, and every reference checked, each problem located
//! by line, column and JSON path; then the rules compiled for evaluation.

use super::locate::Locations;
use super::rule::{Node, Op};
use crate::model::{Criterion, FactKind, Rule, Text, TrialsFile, BASE_LANGUAGE};
use crate::units;
use std::collections::{HashMap, HashSet};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in a trials file, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// JSON path, e.g. `trials[1].criteria[4].rule.fact`; empty for the whole file.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
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

pub struct TrialRules {
    pub criteria: Vec<Option<Node>>,
    pub subgroups: Vec<Vec<Option<Node>>>,
}

/// Parses and checks `text`. Errors make the file unusable; warnings do not.
pub fn check(text: &str) -> Result<Compiled, Vec<Finding>> {
    let at = |path: &str, line: usize, column: usize, message: String| Finding {
        severity: Severity::Error,
        path: path.to_string(),
        line,
        column,
        message,
    };
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        return Err(vec![at(
            "",
            e.line(),
            e.column(),
            format!("not valid JSON: {}", strip_position(&e)),
        )]);
    }
    let locations = Locations::scan(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let file: TrialsFile = match serde_path_to_error::deserialize(&mut de) {
        Ok(f) => f,
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let inner = e.inner();
            // serde places a missing field at the object's closing brace; the object's start is
            // where a person looks for it.
            let missing = inner.to_string().starts_with("missing field");
            let (line, column) = if inner.line() > 0 && !missing {
                (inner.line(), inner.column())
            } else {
                locations.find(&path)
            };
            return Err(vec![at(&path, line, column, strip_position(inner))]);
        }
    };
    let mut c = Checker {
        file: &file,
        locations: &locations,
        findings: vec![],
        fact_index: HashMap::new(),
    };
    let rules = c.run();
    let (errors, warnings): (Vec<_>, Vec<_>) = c
        .findings
        .into_iter()
        .partition(|f| f.severity == Severity::Error);
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

/// serde_json appends " at line L column C" to its messages; the finding carries those apart.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

struct Checker<'a> {
    file: &'a TrialsFile,
    locations: &'a Locations,
    findings: Vec<Finding>,
    fact_index: HashMap<&'a str, usize>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, severity: Severity, path: &str, message: String) {
        let (line, column) = self.locations.find(path);
        self.findings.push(Finding {
            severity,
            path: path.to_string(),
            line,
            column,
            message,
        });
    }

    fn error(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into());
    }

    fn warn(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into());
    }

    fn text(&mut self, path: &str, text: &Text) {
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

    fn unknown_id(&mut self, path: &str, what: &str, id: &str, known: &[&str]) {
        let hint = nearest(id, known)
            .map(|n| format!("; did you mean \"{n}\"?"))
            .unwrap_or_default();
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
            match &fact.answer {
                FactKind::Number {
                    quantity, min, max, ..
                } => {
                    if units::quantity(quantity).is_none() {
                        let known: Vec<&str> = units::QUANTITIES.iter().map(|q| q.id).collect();
                        self.unknown_id(
                            &format!("{p}.answer.quantity"),
                            "quantity",
                            quantity,
                            &known,
                        );
                    }
                    if !(min.is_finite() && max.is_finite() && min <= max) {
                        self.error(
                            &format!("{p}.answer.min"),
                            "\"min\" and \"max\" must be numbers, with min not above max",
                        );
                    }
                }
                FactKind::UpperLimitRatio { max } if *max <= 1.0 => self.error(
                    &format!("{p}.answer.max"),
                    "\"max\" must be above 1 (times the upper limit)",
                ),
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
        let mut trial_ids = HashSet::new();
        let mut all = vec![];
        for (t, trial) in f.trials.iter().enumerate() {
            let p = format!("trials[{t}]");
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
            if !is_date(&trial.status.checked) {
                self.error(
                    &format!("{p}.status.checked"),
                    "expected a date as YYYY-MM-DD",
                );
            }
            if let Some(n) = &trial.status.note {
                self.text(&format!("{p}.status.note"), n);
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
            }
            let mut ids = HashSet::new();
            let criteria = self.criteria(&format!("{p}.criteria"), &trial.criteria, &mut ids);
            let mut sub_ids = HashSet::new();
            let mut subgroups = vec![];
            for (g, sub) in trial.subgroups.iter().enumerate() {
                let gp = format!("{p}.subgroups[{g}]");
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
                criteria,
                subgroups,
            });
        }
        all
    }

    fn criteria<'b>(
        &mut self,
        p: &str,
        list: &'b [Criterion],
        ids: &mut HashSet<&'b str>,
    ) -> Vec<Option<Node>> {
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
            out.push(node);
        }
        out
    }

    fn fact(&mut self, path: &str, id: &str) -> Option<usize> {
        let found = self.fact_index.get(id).copied();
        if found.is_none() {
            let known: Vec<&str> = self.file.facts.iter().map(|f| f.id.as_str()).collect();
            self.unknown_id(path, "fact", id, &known);
        }
        found
    }

    fn rule(&mut self, p: &str, r: &Rule) -> Option<Node> {
        let forms = [
            r.all.is_some(),
            r.any.is_some(),
            r.not.is_some(),
            r.at_least.is_some(),
            r.fact.is_some(),
            r.study_team.is_some(),
        ];
        if forms.iter().filter(|x| **x).count() != 1 {
            self.error(p, "a rule needs exactly one of \"all\", \"any\", \"not\", \"at_least\" (with \"of\"), \"fact\" or \"study_team\"");
            return None;
        }
        let list = |c: &mut Self, key: &str, v: &[Rule]| -> Option<Vec<Node>> {
            if v.is_empty() {
                c.error(
                    &format!("{p}.{key}"),
                    "an empty list decides nothing; remove it or add rules",
                );
            }
            let nodes: Vec<Option<Node>> = v
                .iter()
                .enumerate()
                .map(|(i, r)| c.rule(&format!("{p}.{key}[{i}]"), r))
                .collect();
            nodes.into_iter().collect()
        };
        if r.of.is_some() != r.at_least.is_some() {
            self.error(p, "\"at_least\" and \"of\" go together");
            return None;
        }
        if let Some(v) = &r.all {
            return list(self, "all", v).map(Node::All);
        }
        if let Some(v) = &r.any {
            return list(self, "any", v).map(Node::Any);
        }
        if let Some(n) = &r.not {
            return self
                .rule(&format!("{p}.not"), n)
                .map(|n| Node::Not(Box::new(n)));
        }
        if let (Some(k), Some(v)) = (r.at_least, &r.of) {
            if k as usize > v.len() {
                self.error(
                    &format!("{p}.at_least"),
                    format!("at_least {k} of only {} rules can never be met", v.len()),
                );
            }
            return list(self, "of", v).map(|n| Node::AtLeast(k as usize, n));
        }
        if let Some(t) = &r.study_team {
            self.text(&format!("{p}.study_team"), t);
            return Some(Node::StudyTeam);
        }
        let id = r.fact.as_deref().unwrap_or_default();
        let fi = self.fact(&format!("{p}.fact"), id)?;
        let fact = &self.file.facts[fi];
        let tests = [
            r.op.is_some(),
            r.is.is_some(),
            r.one_of.is_some(),
            r.has_any.is_some(),
        ];
        if tests.iter().filter(|x| **x).count() != 1 {
            self.error(p, "a fact rule needs exactly one test: \"op\" with \"value\", \"is\", \"in\" or \"has_any\"");
            return None;
        }
        match (&fact.answer, r) {
            (FactKind::YesNo, Rule { is: Some(v), .. }) => Some(Node::Is {
                fact: fi,
                value: *v,
            }),
            (
                FactKind::Choice { options },
                Rule {
                    one_of: Some(ids), ..
                },
            ) => self
                .options(&format!("{p}.in"), options, ids)
                .map(|options| Node::OneOf { fact: fi, options }),
            (
                FactKind::Multi { options },
                Rule {
                    has_any: Some(ids), ..
                },
            ) => self
                .options(&format!("{p}.has_any"), options, ids)
                .map(|options| Node::HasAny { fact: fi, options }),
            (
                FactKind::Number { .. } | FactKind::UpperLimitRatio { .. },
                Rule { op: Some(op), .. },
            ) => self.compare(p, fi, op, r),
            (kind, _) => {
                let expected = match kind {
                    FactKind::YesNo => "\"is\": true or false",
                    FactKind::Choice { .. } => "\"in\": [option ids]",
                    FactKind::Multi { .. } => "\"has_any\": [option ids]",
                    _ => "\"op\" with \"value\" and \"unit\"",
                };
                self.error(p, format!("fact \"{id}\" is tested with {expected}"));
                None
            }
        }
    }

    fn options(
        &mut self,
        p: &str,
        options: &[crate::model::Choice],
        ids: &[String],
    ) -> Option<Vec<usize>> {
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

    fn compare(&mut self, p: &str, fi: usize, op: &str, r: &Rule) -> Option<Node> {
        let Some(op) = Op::parse(op) else {
            self.error(
                &format!("{p}.op"),
                format!("unknown comparison \"{op}\"; use <, <=, > or >="),
            );
            return None;
        };
        let Some(value) = r.value else {
            self.error(p, "a comparison needs \"value\"");
            return None;
        };
        let quantity = match &self.file.facts[fi].answer {
            FactKind::Number { quantity, .. } => units::quantity(quantity)?,
            _ => units::quantity("times_uln")?,
        };
        let unit_id = r.unit.as_deref().unwrap_or_default();
        let Some(unit) = quantity.unit(unit_id) else {
            let known: Vec<&str> = quantity.units.iter().map(|u| u.id).collect();
            if r.unit.is_none() {
                self.error(
                    p,
                    format!("a comparison needs \"unit\", one of {}", known.join(", ")),
                );
            } else {
                self.unknown_id(
                    &format!("{p}.unit"),
                    &format!("unit for {}", quantity.id),
                    unit_id,
                    &known,
                );
            }
            return None;
        };
        let per = match &r.per {
            None => None,
            Some(id) => {
                let pi = self.fact(&format!("{p}.per"), id)?;
                if !matches!(self.file.facts[pi].answer, FactKind::Number { .. }) {
                    self.error(
                        &format!("{p}.per"),
                        format!("\"per\" needs a number fact; \"{id}\" is not one"),
                    );
                    return None;
                }
                Some(pi)
            }
        };
        Some(Node::Compare {
            fact: fi,
            op,
            threshold: unit.to_base(value),
            per,
        })
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
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
}
