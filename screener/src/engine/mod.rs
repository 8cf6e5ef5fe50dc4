//! The screening engine: load and check a trials file once, then evaluate answers against
//! every trial, explain each verdict, and choose the questions still worth asking.
//! It knows nothing about any particular trial.

mod check;
mod flow;
mod forms;
mod input;
pub mod journey;
mod locate;
mod pack;
mod rule;
mod session;
mod verdict;

pub use check::{nearest, Date, Finding, Severity, MASKING};
pub use input::{round_limit, AnswerError};
pub use rule::Tri;
pub use session::{Evaluation, Session};
pub use verdict::{CriterionResult, CriterionState, TrialResult, Verdict};

use crate::model::{Answers, CriterionKind, Fact, FactKind, Group, Trial, TrialsFile};
use check::TrialRules;
pub use locate::Locations;
/// The checksum a pack carries over its body, for tools that damage packs on purpose (fuzzing).
pub use pack::checksum as pack_checksum;
use rule::{Known, Node};
use std::borrow::Cow;
use std::sync::OnceLock;

/// What [`Screener::criteria_counts`] counts for one trial.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub criteria: usize,
    pub rules: usize,
    pub study_team_parts: usize,
}

/// Saved answers as far as they still fit the trials file (see [`Screener::restore_answers`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Restored {
    pub answers: Answers,
    /// The answers that were left out, by fact id.
    pub dropped: Vec<Dropped>,
    /// Where the patient said they are, when the saved answers say it and it reads.
    pub location: Option<crate::geo::Location>,
}

/// A saved answer that no longer fits.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub fact: String,
    /// Whether the trials file still has this fact (its answer no longer fits) or not (the
    /// question was removed or renamed).
    pub known: bool,
    /// What was wrong, located in the saved text.
    pub finding: Finding,
}

/// A page of the journey, as [`Screener::page_of`] gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct PageView<'a> {
    pub id: &'a str,
    pub title: Option<&'a crate::model::Text>,
    pub facts: Vec<&'a str>,
}

/// A checked trials file, ready to screen answers against.
pub struct Screener {
    version: String,
    languages: Vec<String>,
    groups: Vec<Group>,
    facts: Vec<Fact>,
    trials: Trials,
    rules: Vec<TrialRules>,
    /// Read from a pack only when asked for (see [`Screener::warnings`]).
    warnings: OnceLock<Vec<Finding>>,
    flow: flow::Flow,
    index: session::Index,
    /// Today, as days since 1970-01-01, for answers that are dates ("stopped in May 2026");
    /// the engine has no clock, so whoever screens says (see [`Screener::set_today`]).
    today: Option<i64>,
}

/// The trials' descriptions (titles, sites, criteria's words). Their rules are held compiled
/// in `Screener::rules`, so the trials are kept without them.
enum Trials {
    /// Read from a trials file.
    Read(Vec<Trial>),
    /// From a pack: each trial's compressed JSON, read when it is asked for (see `pack`).
    Packed(pack::Descriptions),
}

/// The keys given twice in one object of a JSON text, each an error at the second one; for
/// files read as plain JSON (answers), where the last would silently win. A trials file is
/// checked for them as it is read.
pub fn duplicate_keys(text: &str) -> Vec<Finding> {
    let text = without_bom(text);
    let found = crate::model::json::Json::parse(text)
        .map(|tree| tree.repeated_keys())
        .unwrap_or_default();
    if found.is_empty() {
        return vec![];
    }
    let places = Locations::scan(text);
    found
        .into_iter()
        .map(|(path, message)| Finding::error(&path, places.find(&path), message))
        .collect()
}

/// A text without the byte-order mark some editors write at its start: the one rule for every
/// file the engine reads (trials and answers, from the command line or the browser). Lines and
/// columns are counted after it, as editors show them.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Whether JSON path `inner` is `outer` or inside it (`item[1].answer` is inside `item[1]`,
/// `item[10]` is not).
fn within(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// Keeps the items whose flag (in the same order) is set.
fn retain_flagged<T>(items: &mut Vec<T>, keep: &[bool]) {
    let mut flags = keep.iter();
    items.retain(|_| *flags.next().unwrap_or(&false));
}

impl Screener {
    /// Parses and checks a trials file. On failure, every error found, each located.
    pub fn load(text: &str) -> Result<Screener, Vec<Finding>> {
        Ok(Self::from_checked(check::check(text)?))
    }

    /// As [`Screener::load`]; also warns of statuses last checked more than 12 months before
    /// `today` (the engine has no clock, since it also runs in the browser).
    pub fn load_as_of(text: &str, today: Date) -> Result<Screener, Vec<Finding>> {
        Ok(Self::from_checked(check::check_as_of(text, Some(today))?))
    }

    fn from_checked(c: check::Compiled) -> Screener {
        let TrialsFile {
            version,
            languages,
            groups,
            facts,
            mut trials,
            ..
        } = c.file;
        for t in &mut trials {
            let subgroups = t.subgroups.iter_mut().flat_map(|g| &mut g.criteria);
            for criterion in t.criteria.iter_mut().chain(subgroups) {
                criterion.rule = None;
            }
        }
        Self::assemble(
            (version, languages, groups, facts),
            Trials::Read(trials),
            c.rules,
            OnceLock::from(c.warnings),
        )
    }

    fn assemble(
        (version, languages, groups, facts): (String, Vec<String>, Vec<Group>, Vec<Fact>),
        trials: Trials,
        rules: Vec<TrialRules>,
        warnings: OnceLock<Vec<Finding>>,
    ) -> Screener {
        let flow = flow::Flow::build(&groups, &facts);
        let mut s = Screener {
            version,
            languages,
            groups,
            facts,
            trials,
            rules,
            warnings,
            flow,
            index: session::Index::default(),
            today: None,
        };
        s.index = session::Index::build(&s);
        s
    }

    /// Sets today's date, which date answers are read against ("within the past 12 weeks").
    /// Until it is set, a date answer decides nothing.
    pub fn set_today(&mut self, today: Date) {
        self.today = Some(today.days_since_epoch());
    }

    /// As [`Screener::set_today`], for a screener being built.
    pub fn as_of(mut self, today: Date) -> Screener {
        self.set_today(today);
        self
    }

    /// Reads a pack written by [`Screener::pack`] (`prescreen pack`): the same screener as the
    /// trials file it came from, loaded without parsing every trial's description.
    pub fn load_pack(bytes: Vec<u8>) -> Result<Screener, Vec<Finding>> {
        pack::read(bytes)
    }

    /// This screener's trials in packed form, for [`Screener::load_pack`]; an error names each
    /// trial that would not read back as written.
    pub fn try_pack(&self) -> Result<Vec<u8>, Vec<Finding>> {
        pack::write(self)
    }

    /// As [`Screener::try_pack`], for a screener loaded from a file `check` accepted, which
    /// always packs.
    pub fn pack(&self) -> Vec<u8> {
        self.try_pack()
            .unwrap_or_else(|e| panic!("a checked file does not pack: {e:?}"))
    }

    /// Loads trials as published, whichever form they take: a pack, or a trials file's text
    /// (checked as of `today`, when given, like [`Screener::load_as_of`]).
    pub fn load_published(bytes: Vec<u8>, today: Option<Date>) -> Result<Screener, Vec<Finding>> {
        if pack::is_pack(&bytes) {
            return pack::read(bytes);
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let line = 1 + valid.iter().filter(|b| **b == b'\n').count();
            vec![Finding::error(
                "",
                (line, column),
                "not UTF-8 text: save the file as UTF-8",
            )]
        })?;
        Ok(Self::from_checked(check::check_as_of(&text, today)?))
    }

    /// Keeps only the trials with these registry ids (an embed showing a clinic's own trials);
    /// ids that match nothing are ignored, and an empty list keeps every trial.
    pub fn retain_trials(&mut self, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        let keep: Vec<bool> = self
            .rules
            .iter()
            .map(|t| ids.iter().any(|id| id.eq_ignore_ascii_case(&t.id)))
            .collect();
        retain_flagged(&mut self.rules, &keep);
        match &mut self.trials {
            Trials::Read(trials) => retain_flagged(trials, &keep),
            Trials::Packed(d) => d.retain(&keep),
        }
        self.index = session::Index::build(self);
    }

    /// The version of the trials data, as its file gives it.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The languages every patient-facing text is written in; the first is the fallback.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The `answers` given, by section in the sections' order, each in the facts' order;
    /// sections without an answer left out (check your answers, print).
    pub fn by_section<'a>(
        &'a self,
        answers: &'a Answers,
    ) -> Vec<(&'a Group, Vec<(&'a Fact, &'a crate::model::Answer)>)> {
        (self.groups.iter())
            .map(|g| {
                let given = (self.facts().iter())
                    .filter(|f| f.group == g.id)
                    .filter_map(|f| answers.get(&f.id).map(|a| (f, a)))
                    .collect::<Vec<_>>();
                (g, given)
            })
            .filter(|(_, given)| !given.is_empty())
            .collect()
    }

    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    pub fn trial_count(&self) -> usize {
        self.rules.len()
    }

    /// Each trial's rules as one JsonLogic rule, true when the answers do not rule the patient
    /// out (see [`Node::logic`]): for comparing the engine with json-logic-js.
    pub fn trials_logic(&self) -> Vec<serde_json::Value> {
        use serde_json::json;
        let list = |tests: &[check::Test]| {
            let parts: Vec<_> = (tests.iter())
                .filter_map(|t| {
                    let r = t.rule.as_ref()?;
                    Some(match t.kind {
                        CriterionKind::Inclusion => r.logic(&self.facts, true),
                        CriterionKind::Exclusion => json!({ "!": r.logic(&self.facts, false) }),
                    })
                })
                .collect();
            if parts.is_empty() {
                json!(true)
            } else {
                json!({ "and": parts })
            }
        };
        (self.rules.iter())
            .map(|t| {
                let common = list(&t.criteria);
                if t.subgroups.is_empty() {
                    common
                } else {
                    let groups: Vec<_> = t.subgroups.iter().map(|g| list(g)).collect();
                    json!({ "and": [common, { "or": groups }] })
                }
            })
            .collect()
    }

    /// A trial's registry id, without reading its description.
    pub fn trial_id(&self, t: usize) -> &str {
        &self.rules[t].id
    }

    /// Trial `t` (an index as in [`TrialResult::trial`]) as its file describes it, except that
    /// its criteria's rules are left out: the screener holds them compiled (see
    /// [`Screener::has_rule`]). A packed trial is read from the pack here; a description the
    /// pack holds but that cannot be read is an error naming the trial (see
    /// [`Screener::unreadable_trials`]).
    pub fn try_trial(&self, t: usize) -> Result<Cow<'_, Trial>, Finding> {
        match &self.trials {
            Trials::Read(trials) => Ok(Cow::Borrowed(&trials[t])),
            Trials::Packed(d) => d.trial(t, &self.rules[t]).map(Cow::Owned),
        }
    }

    /// As [`Screener::try_trial`], for pages that show a trial whatever happens: a description
    /// that cannot be read is replaced by one saying so, with a placeholder for each criterion,
    /// so that nothing indexing its criteria fails.
    pub fn trial(&self, t: usize) -> Cow<'_, Trial> {
        self.try_trial(t)
            .unwrap_or_else(|e| Cow::Owned(pack::stand_in(&self.rules[t], &e)))
    }

    /// Reads every trial's description and reports each that cannot be read: a pack is loaded
    /// without reading them (that is its point), so tools that vouch for a pack call this.
    /// Always empty for a trials file.
    pub fn unreadable_trials(&self) -> Vec<Finding> {
        (0..self.trial_count())
            .filter_map(|t| self.try_trial(t).err())
            .collect()
    }

    /// Every trial, in file order (see [`Screener::trial`]).
    pub fn trials(&self) -> impl Iterator<Item = Cow<'_, Trial>> {
        (0..self.trial_count()).map(|t| self.trial(t))
    }

    /// Whether a criterion (addressed as in [`CriterionResult`]) has a rule over the answers.
    pub fn has_rule(&self, trial: usize, subgroup: Option<usize>, index: usize) -> bool {
        self.rules[trial].list(subgroup)[index].rule.is_some()
    }

    /// How many criteria trial `t` has, how many of them have a rule over the answers, and how
    /// many parts are for the study team (criteria without a rule, and study-team branches of
    /// rules), without reading its description.
    pub fn criteria_counts(&self, t: usize) -> Counts {
        let all = self.rules[t].lists().flatten();
        all.fold(Counts::default(), |n, c| Counts {
            criteria: n.criteria + 1,
            rules: n.rules + usize::from(c.rule.is_some()),
            study_team_parts: n.study_team_parts
                + c.rule.as_ref().map_or(1, Node::study_team_parts),
        })
    }

    /// The trials (indexes, ascending) with a criterion whose rule reads this fact.
    pub fn trials_reading(&self, fact: &str) -> Vec<usize> {
        self.fact_index(fact)
            .map_or(vec![], |f| self.index.trials_reading(f))
    }

    /// Findings that do not stop the file from being used (e.g. criteria left to the study team).
    pub fn warnings(&self) -> &[Finding] {
        self.warnings.get_or_init(|| match &self.trials {
            Trials::Packed(d) => d.warnings(),
            Trials::Read(_) => vec![],
        })
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.fact_index(id).map(|f| &self.facts[f])
    }

    fn fact_index(&self, id: &str) -> Option<usize> {
        self.facts.iter().position(|f| f.id == id)
    }

    /// Checks one answer against its fact: shape, unit, range, options.
    pub fn check_answer(
        &self,
        fact_id: &str,
        answer: &crate::model::Answer,
    ) -> Result<(), AnswerError> {
        let fact = self.fact(fact_id).ok_or_else(|| AnswerError::UnknownFact {
            fact: fact_id.to_string(),
            suggestion: nearest(
                fact_id,
                &self.facts.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            )
            .map(str::to_string),
        })?;
        input::check(fact, answer, self.today)
    }

    /// Checks every answer; returns the problems by fact id (empty when all are acceptable).
    pub fn check_answers(&self, answers: &Answers) -> Vec<(String, AnswerError)> {
        answers
            .0
            .iter()
            .filter_map(|(id, a)| self.check_answer(id, a).err().map(|e| (id.clone(), e)))
            .collect()
    }

    /// What the engine knows of each fact, by fact index. Answers that fail their checks are
    /// treated as not given, so an impossible value can never decide a verdict.
    fn resolve(&self, answers: &Answers) -> Vec<Known> {
        self.facts
            .iter()
            .map(|f| input::known(f, answers.get(&f.id), self.today))
            .collect()
    }

    /// Where every criterion stands for these answers, ready to change one answer at a time.
    pub fn evaluation(&self, answers: &Answers) -> Evaluation<&Screener> {
        Evaluation::new(self, answers)
    }

    /// Every trial's verdict and its explanation, in file order.
    pub fn evaluate(&self, answers: &Answers) -> Vec<TrialResult> {
        self.evaluation(answers).results()
    }

    /// The fact ids worth asking next, best first: only facts not yet answered that could still
    /// settle some trial not already ruled out; those settling more trials first, related ones
    /// (same group) kept together. Empty when every trial is settled.
    pub fn next_questions(&self, answers: &Answers) -> Vec<&str> {
        session::State::new(self, answers).next_questions(self)
    }

    /// Reads an answers file (fact id → answer), checking each answer; problems are located.
    /// Keys starting with `$` are not answers and are left to their readers. Strict: one
    /// answer that does not fit, or a key given twice, refuses the file (the command line and
    /// tests want that); the app keeps what fits with [`Screener::restore_answers`].
    pub fn parse_answers(&self, text: &str) -> Result<Answers, Vec<Finding>> {
        let restored = self.restore_answers(text)?;
        if restored.dropped.is_empty() {
            Ok(restored.answers)
        } else {
            Err(restored.dropped.into_iter().map(|d| d.finding).collect())
        }
    }

    /// Reads saved answers keeping every one that still fits this trials file, and says which
    /// did not and why: a link, a saved copy or a file made for an older version of the
    /// questions loses only the answers the new version cannot take. A key given twice keeps
    /// neither answer (which was meant cannot be told). Only text that is not a JSON object
    /// at all is refused whole. A FHIR QuestionnaireResponse (`"resourceType"`) is read as
    /// [`crate::fhir::answers_from_response`] reads it, each item skipped reported here.
    pub fn restore_answers(&self, text: &str) -> Result<Restored, Vec<Finding>> {
        let text = without_bom(text);
        let value = crate::model::json::Json::parse_value(text).map_err(|e| {
            vec![Finding::error(
                "",
                (e.line(), e.column().max(1)),
                format!("not valid JSON: {e}"),
            )]
        })?;
        if value.get("resourceType").is_some() {
            return Ok(self.restore_response(text, &value));
        }
        let location = crate::geo::Location::from_saved(&value);
        let serde_json::Value::Object(map) = value else {
            return Err(vec![Finding::error(
                "",
                (1, 1),
                "expected an object of fact id to answer",
            )]);
        };
        let places = Locations::scan(text);
        let mut restored = Restored {
            location,
            ..Restored::default()
        };
        // Keys starting with "$" carry the app's own state (the patient's location).
        for (id, v) in map.iter().filter(|(k, _)| !k.starts_with('$')) {
            if let Some((to, carried)) = self.carried(id, v) {
                // A newer answer to the fact that took over wins over the old one.
                match carried {
                    Some(a) if !map.contains_key(to) => restored.answers.set(to, a),
                    Some(_) => {}
                    None => restored.dropped.push(Dropped {
                        known: false,
                        finding: Finding::error(
                            id,
                            places.find(id),
                            format!("this question was replaced by \"{to}\", which asks it more precisely; answer that one"),
                        ),
                        fact: id.clone(),
                    }),
                }
                continue;
            }
            let checked = crate::model::Answer::from_json(v).and_then(|a| {
                self.check_answer(id, &a)
                    .map(|()| a)
                    .map_err(|e| e.to_string())
            });
            match checked {
                Ok(a) => restored.answers.set(id.clone(), a),
                Err(m) => restored.dropped.push(Dropped {
                    known: self.fact(id).is_some(),
                    finding: Finding::error(id, places.find(id), m),
                    fact: id.clone(),
                }),
            }
        }
        for finding in duplicate_keys(text) {
            // Only a top-level key names an answer; a key twice inside one is that answer's fault.
            let fact = finding
                .path
                .split(['.', '['])
                .next()
                .unwrap_or_default()
                .to_string();
            if fact.starts_with('$') {
                continue;
            }
            restored.answers.remove(&fact);
            restored.dropped.retain(|d| d.fact != fact);
            restored.dropped.push(Dropped {
                known: self.fact(&fact).is_some(),
                finding,
                fact,
            });
        }
        Ok(restored)
    }

    /// For a saved answer to a fact no longer in the file that another fact `replaces`: that
    /// fact's id, and the answer carried into it where the old answer means the same (`None`
    /// where it does not, so it is dropped rather than guessed).
    fn carried(
        &self,
        old: &str,
        v: &serde_json::Value,
    ) -> Option<(&str, Option<crate::model::Answer>)> {
        if self.fact(old).is_some() {
            return None;
        }
        let f = self
            .facts
            .iter()
            .find(|f| f.replaces.as_ref().is_some_and(|r| r.fact == old))?;
        let key = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => String::new(),
        };
        let answer = f.replaces.as_ref()?.answers.get(&key).cloned();
        let answer = answer.filter(|a| self.check_answer(&f.id, a).is_ok());
        Some((f.id.as_str(), answer))
    }

    /// A QuestionnaireResponse's answers as saved answers: each item skipped, and each answer
    /// whose item holds a key given twice, dropped and located in `text`.
    fn restore_response(&self, text: &str, value: &serde_json::Value) -> Restored {
        let read = crate::fhir::answers_from_response(self, value);
        let places = Locations::scan(text);
        let mut restored = Restored {
            answers: read.answers,
            location: read.location,
            dropped: read
                .skipped
                .into_iter()
                .map(|s| Dropped {
                    finding: Finding::error(&s.path, places.find(&s.path), s.reason),
                    fact: s.link_id,
                    known: s.known,
                })
                .collect(),
        };
        for finding in duplicate_keys(text) {
            // A key twice in an item (or around it) leaves its answer in doubt.
            let doubtful: Vec<String> = read
                .read_at
                .iter()
                .filter(|(_, at)| within(&finding.path, at) || within(at, &finding.path))
                .map(|(fact, _)| fact.clone())
                .collect();
            for fact in &doubtful {
                restored.answers.remove(fact);
            }
            restored.dropped.push(Dropped {
                known: doubtful.len() == 1,
                fact: doubtful.first().cloned().unwrap_or_default(),
                finding,
            });
        }
        restored
    }

    /// The answers that lie on the patient's path: those the questions would reach given the
    /// other answers. After an answer changes, answers to questions no longer asked (pregnancy
    /// questions after "male", say) drop out here but stay in `answers`, so changing back
    /// restores them. Verdicts shown to the patient use these.
    pub fn on_path(&self, answers: &Answers) -> Answers {
        let mut walk = session::Walk::new(self);
        walk.sync(self, answers);
        walk.path
    }

    /// The page fact `id` is asked on: its id, its title when several facts share it, and its
    /// facts in field order.
    pub fn page_of(&self, id: &str) -> Option<PageView<'_>> {
        let page = &self.flow.pages[*self.flow.page_of.get(self.fact_index(id)?)?];
        Some(PageView {
            id: &page.id,
            title: page.title.as_ref(),
            facts: page
                .facts
                .iter()
                .map(|&f| self.facts[f].id.as_str())
                .collect(),
        })
    }

    /// Whether follow-up `id` is opened by these answers (always, for a fact that follows
    /// nothing): on a page that holds a follow-up and its parent, it is shown once the
    /// parent's answer opens it.
    pub fn opened(&self, id: &str, answers: &Answers) -> bool {
        let Some(f) = self.fact_index(id) else {
            return false;
        };
        let known = session::opened_known(self, &self.resolve(answers));
        self.flow.open(f, &known)
    }

    /// Which trials are within `reach` of a patient at `from` (in `country`, when known), by
    /// trial index: the questions only the others need are not asked (see [`Session::set_reach`]).
    pub fn within(
        &self,
        reach: crate::geo::Reach,
        from: crate::geo::Point,
        country: Option<&str>,
    ) -> Vec<bool> {
        self.trials()
            .map(|t| reach.includes(&t.sites, from, country))
            .collect()
    }

    /// The kind of answer a fact takes, for callers that build answers.
    pub fn kind(&self, fact_id: &str) -> Option<&FactKind> {
        self.fact(fact_id).map(|f| &f.answer)
    }
}
