//! Incremental screening: every criterion's state is kept, and when one answer changes only the
//! criteria that read it are evaluated again, and only their trials' verdicts settled again.
//! A `Session` also keeps the patient's path (the answers the questions reach) and extends it as
//! answers come, instead of replaying it from the start.

use super::input;
use super::rule::{Known, Node, Tri};
use super::verdict::{CriterionResult, CriterionState, TrialResult, Verdict};
use super::Screener;
use crate::model::{Answer, Answers, CriterionKind};
use std::rc::Rc;

/// Where every criterion of every trial stands for one set of answers. Built by
/// [`Screener::evaluation`]; every method takes that same screener.
#[derive(Debug, Clone)]
pub struct Evaluation {
    known: Vec<Known>,
    answered: Vec<bool>,
    states: Vec<CriterionState>,
    /// For criteria in `Unknown`: the facts (indexes, ascending) that could settle them.
    needs: Vec<Vec<usize>>,
    verdicts: Vec<Verdict>,
    subgroups: Vec<Vec<Verdict>>,
    /// For trials needing more information: the facts that could settle them, ascending.
    trial_needs: Vec<Vec<usize>>,
}

/// Where each criterion lives, fixed for a screener: built once when it loads.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// Per criterion, in trial order (common criteria, then each subgroup's): its trial and list
    /// (0 for common, 1 + g for subgroup g) and its index within that list.
    crits: Vec<(usize, usize, usize)>,
    /// Per trial, its range in `crits`.
    trials: Vec<std::ops::Range<usize>>,
    /// Per fact, the criteria whose rules read it.
    readers: Vec<Vec<usize>>,
}

impl Index {
    pub(super) fn build(s: &Screener) -> Index {
        let mut index = Index {
            readers: vec![vec![]; s.file.facts.len()],
            ..Index::default()
        };
        for (t, rules) in s.rules.iter().enumerate() {
            let start = index.crits.len();
            let lists = std::iter::once(&rules.criteria).chain(&rules.subgroups);
            for (l, list) in lists.enumerate() {
                for (i, node) in list.iter().enumerate() {
                    let mut reads = vec![];
                    if let Some(n) = node {
                        n.reads(&mut reads);
                    }
                    reads.sort_unstable();
                    reads.dedup();
                    for f in reads {
                        index.readers[f].push(index.crits.len());
                    }
                    index.crits.push((t, l, i));
                }
            }
            index.trials.push(start..index.crits.len());
        }
        index
    }
}

fn node(s: &Screener, (t, l, i): (usize, usize, usize)) -> Option<&Node> {
    let rules = &s.rules[t];
    let list = if l == 0 {
        &rules.criteria
    } else {
        &rules.subgroups[l - 1]
    };
    list[i].as_ref()
}

fn kind(s: &Screener, (t, l, i): (usize, usize, usize)) -> CriterionKind {
    let trial = &s.file.trials[t];
    let list = if l == 0 {
        &trial.criteria
    } else {
        &trial.subgroups[l - 1].criteria
    };
    list[i].kind
}

/// A criterion's state, and the facts that could settle it when it is unknown.
fn state(s: &Screener, c: (usize, usize, usize), known: &[Known]) -> (CriterionState, Vec<usize>) {
    let Some(node) = node(s, c) else {
        return (CriterionState::StudyTeam, vec![]);
    };
    let value = node.eval(known);
    let pass = match kind(s, c) {
        CriterionKind::Inclusion => value,
        CriterionKind::Exclusion => !value,
    };
    match pass {
        Tri::True => (CriterionState::Met, vec![]),
        Tri::False => (CriterionState::NotMet, vec![]),
        Tri::Unknown => {
            let mut open = vec![];
            node.open_facts(known, &mut open);
            open.sort_unstable();
            open.dedup();
            if open.is_empty() {
                // Only the study team can settle what is left.
                (CriterionState::StudyTeam, vec![])
            } else {
                (CriterionState::Unknown, open)
            }
        }
    }
}

fn list_verdict(states: impl Iterator<Item = CriterionState>) -> Verdict {
    let mut verdict = Verdict::MayQualify;
    for s in states {
        match s {
            CriterionState::NotMet => return Verdict::ProbablyNot,
            CriterionState::Unknown => verdict = Verdict::NeedMoreInformation,
            _ => {}
        }
    }
    verdict
}

impl Evaluation {
    pub(super) fn new(s: &Screener, answers: &Answers) -> Evaluation {
        let known: Vec<Known> = s.resolve(answers);
        let answered = s
            .file
            .facts
            .iter()
            .map(|f| answers.get(&f.id).is_some())
            .collect();
        let (states, needs) = s.index.crits.iter().map(|c| state(s, *c, &known)).unzip();
        let n = s.rules.len();
        let mut e = Evaluation {
            known,
            answered,
            states,
            needs,
            verdicts: vec![Verdict::MayQualify; n],
            subgroups: vec![vec![]; n],
            trial_needs: vec![vec![]; n],
        };
        (0..n).for_each(|t| e.settle(s, t));
        e
    }

    /// A trial's verdict from its criteria's states. The best subgroup decides: a patient needs
    /// to fit only one of them.
    fn settle(&mut self, s: &Screener, t: usize) {
        let range = s.index.trials[t].clone();
        let crits = &s.index.crits[range.clone()];
        let states = &self.states[range.clone()];
        let list = |l: usize| {
            crits
                .iter()
                .zip(states)
                .filter(move |(c, _)| c.1 == l)
                .map(|(_, s)| *s)
        };
        let common = list_verdict(list(0));
        let groups: Vec<Verdict> = (1..=s.rules[t].subgroups.len())
            .map(|l| list_verdict(list(l)))
            .collect();
        let best = groups.iter().copied().min().unwrap_or(Verdict::MayQualify);
        let verdict = common.max(best);
        let mut needs = vec![];
        if verdict == Verdict::NeedMoreInformation {
            // Once one subgroup fits, the others' open questions no longer matter.
            for (k, c) in crits.iter().enumerate() {
                let counts = c.1 == 0
                    || (best != Verdict::MayQualify && groups[c.1 - 1] != Verdict::ProbablyNot);
                if counts && states[k] == CriterionState::Unknown {
                    needs.extend(&self.needs[range.start + k]);
                }
            }
            needs.sort_unstable();
            needs.dedup();
        }
        self.verdicts[t] = verdict;
        self.subgroups[t] = groups;
        self.trial_needs[t] = needs;
    }

    /// Changes one answer (`None` removes it) and re-evaluates only what reads it. Unknown fact
    /// ids and answers that fail their checks count as not given, as in [`Screener::evaluate`].
    pub fn set(&mut self, s: &Screener, fact: &str, answer: Option<&Answer>) {
        let Some(f) = s.fact_index(fact) else {
            return;
        };
        self.set_index(s, f, answer);
    }

    fn set_index(&mut self, s: &Screener, f: usize, answer: Option<&Answer>) {
        let fact = &s.file.facts[f];
        let known = match answer {
            Some(a) if input::check(fact, a).is_ok() => input::resolve(fact, a),
            _ => Known::Missing,
        };
        self.answered[f] = answer.is_some();
        if self.known[f] == known {
            return;
        }
        self.known[f] = known;
        let mut dirty: Vec<usize> = vec![];
        for &i in &s.index.readers[f] {
            let (state, needs) = state(s, s.index.crits[i], &self.known);
            if state != self.states[i] || needs != self.needs[i] {
                self.states[i] = state;
                self.needs[i] = needs;
                let t = s.index.crits[i].0;
                if dirty.last() != Some(&t) {
                    dirty.push(t);
                }
            }
        }
        for t in dirty {
            self.settle(s, t);
        }
    }

    /// Every trial's verdict, in file order.
    pub fn verdicts(&self) -> &[Verdict] {
        &self.verdicts
    }

    /// Every trial's verdict and its explanation, in file order.
    pub fn results(&self, s: &Screener) -> Vec<TrialResult> {
        (0..self.verdicts.len())
            .map(|t| self.result(s, t))
            .collect()
    }

    /// One trial's verdict and its explanation.
    pub fn result(&self, s: &Screener, t: usize) -> TrialResult {
        let ids = |v: &[usize]| -> Vec<String> {
            v.iter().map(|f| s.file.facts[*f].id.clone()).collect()
        };
        let trial = &s.file.trials[t];
        let range = s.index.trials[t].clone();
        let criteria = s.index.crits[range.clone()]
            .iter()
            .zip(range)
            .map(|(&(_, l, index), k)| {
                let c = if l == 0 {
                    &trial.criteria[index]
                } else {
                    &trial.subgroups[l - 1].criteria[index]
                };
                let state = self.states[k];
                CriterionResult {
                    subgroup: l.checked_sub(1),
                    index,
                    state,
                    needs: ids(&self.needs[k]),
                    confirm: state == CriterionState::Met
                        && c.rule.is_some()
                        && c.study_team.is_some(),
                }
            })
            .collect();
        TrialResult {
            trial: t,
            verdict: self.verdicts[t],
            subgroups: self.subgroups[t].clone(),
            criteria,
            needs: ids(&self.trial_needs[t]),
        }
    }

    /// The fact indexes worth asking next, best first (see [`Screener::next_questions`]).
    fn next(&self, s: &Screener) -> Vec<usize> {
        let facts = s.file.facts.len();
        let mut trials_per_fact = vec![0usize; facts];
        for (t, v) in self.verdicts.iter().enumerate() {
            if *v == Verdict::NeedMoreInformation {
                for &f in &self.trial_needs[t] {
                    if !self.answered[f] {
                        trials_per_fact[f] += 1;
                    }
                }
            }
        }
        let groups = s.file.groups.len();
        let mut group_best = vec![0usize; groups + 1];
        for (i, n) in trials_per_fact.iter().enumerate() {
            let g = s.group_rank[i].min(groups);
            group_best[g] = group_best[g].max(*n);
        }
        let mut order: Vec<usize> = (0..facts).filter(|i| trials_per_fact[*i] > 0).collect();
        order.sort_by_key(|&i| {
            let g = s.group_rank[i].min(groups);
            (
                std::cmp::Reverse(group_best[g]),
                g,
                std::cmp::Reverse(trials_per_fact[i]),
                i,
            )
        });
        order
    }

    /// The fact ids worth asking next, best first.
    pub fn next_questions<'s>(&self, s: &'s Screener) -> Vec<&'s str> {
        self.next(s)
            .into_iter()
            .map(|i| s.file.facts[i].id.as_str())
            .collect()
    }
}

/// One step along the path: the fact answered, its answer, and the questions that came before
/// it in that step's order but had no answer then (if one gets an answer, the path changes).
#[derive(Debug, Clone)]
struct Step {
    fact: usize,
    answer: Answer,
    skipped: Vec<usize>,
}

/// The answers on a patient's path, kept evaluated, with the steps that led there.
#[derive(Debug, Clone)]
pub(super) struct Walk {
    evaluation: Evaluation,
    steps: Vec<Step>,
    pub(super) path: Answers,
}

impl Walk {
    pub(super) fn new(s: &Screener) -> Walk {
        Walk {
            evaluation: s.evaluation(&Answers::default()),
            steps: vec![],
            path: Answers::default(),
        }
    }

    /// Brings the path up to date with `answers` (every answer given, on the path or not),
    /// keeping the steps still valid and redoing only the rest.
    pub(super) fn sync(&mut self, s: &Screener, answers: &Answers) {
        let facts = &s.file.facts;
        let given = |f: usize| answers.get(&facts[f].id);
        let valid = self
            .steps
            .iter()
            .position(|step| {
                given(step.fact) != Some(&step.answer)
                    || step.skipped.iter().any(|f| given(*f).is_some())
            })
            .unwrap_or(self.steps.len());
        // Undo the steps no longer valid, last first; the states then equal a fresh evaluation.
        while self.steps.len() > valid {
            let step = self.steps.pop().expect("more steps than valid ones");
            self.evaluation.set_index(s, step.fact, None);
            self.path.remove(&facts[step.fact].id);
        }
        // One answer at a time, in question order, since each may close off later questions.
        loop {
            let order = self.evaluation.next(s);
            let Some(at) = order.iter().position(|f| given(*f).is_some()) else {
                break;
            };
            let fact = order[at];
            let answer = given(fact).cloned().expect("found by presence");
            self.evaluation.set_index(s, fact, Some(&answer));
            self.path.set(facts[fact].id.clone(), answer.clone());
            self.steps.push(Step {
                fact,
                answer,
                skipped: order[..at].to_vec(),
            });
        }
    }
}

/// A patient's screening as it goes: the answers on their path, kept evaluated. After the
/// answers change, [`Session::sync`] keeps the steps still valid and redoes only the rest.
#[derive(Clone)]
pub struct Session {
    screener: Rc<Screener>,
    walk: Walk,
}

impl Session {
    pub fn new(screener: Rc<Screener>) -> Session {
        let walk = Walk::new(&screener);
        Session { screener, walk }
    }

    pub fn screener(&self) -> &Rc<Screener> {
        &self.screener
    }

    /// Brings the path up to date with `answers` (every answer given, on the path or not).
    /// The path then equals [`Screener::on_path`], without replaying it from the start.
    pub fn sync(&mut self, answers: &Answers) {
        self.walk.sync(&self.screener, answers);
    }

    /// The answers on the path.
    pub fn path(&self) -> &Answers {
        &self.walk.path
    }

    pub fn evaluation(&self) -> &Evaluation {
        &self.walk.evaluation
    }

    /// Every trial's verdict and explanation for the answers on the path.
    pub fn results(&self) -> Vec<TrialResult> {
        self.walk.evaluation.results(&self.screener)
    }

    /// Questions still worth asking on the path, best first.
    pub fn next_questions(&self) -> Vec<&str> {
        self.walk.evaluation.next_questions(&self.screener)
    }
}
