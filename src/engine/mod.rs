//! The screening engine: load and check a trials file once, then evaluate answers against
//! every trial, explain each verdict, and choose the questions still worth asking.
//! It knows nothing about any particular trial.

mod check;
mod input;
mod locate;
mod rule;
mod session;
mod shape;
mod verdict;

pub use check::{nearest, Date, Finding, Severity, MASKING};
pub use input::{round_limit, AnswerError};
pub use rule::Tri;
pub use session::{Evaluation, Session};
pub use verdict::{CriterionResult, CriterionState, TrialResult, Verdict};

use crate::model::{Answers, Fact, FactKind, TrialsFile};
use check::TrialRules;
pub use locate::Locations;
use rule::Known;

/// A checked trials file, ready to screen answers against.
pub struct Screener {
    file: TrialsFile,
    rules: Vec<TrialRules>,
    warnings: Vec<Finding>,
    group_rank: Vec<usize>,
    index: session::Index,
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
        let group_rank = c
            .file
            .facts
            .iter()
            .map(|f| {
                c.file
                    .groups
                    .iter()
                    .position(|g| g.id == f.group)
                    .unwrap_or(usize::MAX)
            })
            .collect();
        let mut s = Screener {
            file: c.file,
            rules: c.rules,
            warnings: c.warnings,
            group_rank,
            index: session::Index::default(),
        };
        s.index = session::Index::build(&s);
        s
    }

    /// Keeps only the trials with these registry ids (an embed showing a clinic's own trials);
    /// ids that match nothing are ignored, and an empty list keeps every trial.
    pub fn retain_trials(&mut self, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        let keep: Vec<bool> = self
            .file
            .trials
            .iter()
            .map(|t| ids.iter().any(|id| id.eq_ignore_ascii_case(&t.id)))
            .collect();
        let mut flags = keep.iter();
        self.rules.retain(|_| *flags.next().unwrap_or(&false));
        let mut flags = keep.iter();
        self.file.trials.retain(|_| *flags.next().unwrap_or(&false));
        self.index = session::Index::build(self);
    }

    pub fn file(&self) -> &TrialsFile {
        &self.file
    }

    /// Findings that do not stop the file from being used (e.g. criteria left to the study team).
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }

    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.file.fact(id)
    }

    fn fact_index(&self, id: &str) -> Option<usize> {
        self.file.facts.iter().position(|f| f.id == id)
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
                &self
                    .file
                    .facts
                    .iter()
                    .map(|f| f.id.as_str())
                    .collect::<Vec<_>>(),
            )
            .map(str::to_string),
        })?;
        input::check(fact, answer)
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
        self.file
            .facts
            .iter()
            .map(|f| input::known(f, answers.get(&f.id)))
            .collect()
    }

    /// Where every criterion stands for these answers, ready to change one answer at a time.
    pub fn evaluation(&self, answers: &Answers) -> Evaluation {
        Evaluation::new(self, answers)
    }

    /// Every trial's verdict and its explanation, in file order.
    pub fn evaluate(&self, answers: &Answers) -> Vec<TrialResult> {
        self.evaluation(answers).results(self)
    }

    /// The fact ids worth asking next, best first: only facts not yet answered that could still
    /// settle some trial not already ruled out; those settling more trials first, related ones
    /// (same group) kept together. Empty when every trial is settled.
    pub fn next_questions(&self, answers: &Answers) -> Vec<&str> {
        self.evaluation(answers).next_questions(self)
    }

    /// Reads an answers file (fact id → answer), checking each answer; problems are located.
    /// Keys starting with `$` are not answers and are left to their readers.
    pub fn parse_answers(&self, text: &str) -> Result<Answers, Vec<Finding>> {
        let error = |path: &str, (line, column): (usize, usize), message: String| Finding {
            severity: Severity::Error,
            path: path.to_string(),
            line,
            column,
            message,
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            vec![error(
                "",
                (e.line(), e.column()),
                format!("not valid JSON: {e}"),
            )]
        })?;
        let serde_json::Value::Object(map) = value else {
            return Err(vec![error(
                "",
                (1, 1),
                "expected an object of fact id to answer".into(),
            )]);
        };
        let places = Locations::scan(text);
        let mut answers = Answers::default();
        let mut problems = vec![];
        // Keys starting with "$" carry the app's own state (the patient's location).
        for (id, v) in map.iter().filter(|(k, _)| !k.starts_with('$')) {
            match crate::model::Answer::from_json(v) {
                Ok(a) => match self.check_answer(id, &a) {
                    Ok(()) => answers.set(id.clone(), a),
                    Err(e) => problems.push(error(id, places.find(id), e.to_string())),
                },
                Err(m) => problems.push(error(id, places.find(id), m)),
            }
        }
        if problems.is_empty() {
            Ok(answers)
        } else {
            Err(problems)
        }
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

    /// The kind of answer a fact takes, for callers that build answers.
    pub fn kind(&self, fact_id: &str) -> Option<&FactKind> {
        self.fact(fact_id).map(|f| &f.answer)
    }
}
