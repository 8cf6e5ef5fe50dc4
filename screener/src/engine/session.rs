//! Incremental screening: every criterion's state is kept, and when one answer changes only the
//! criteria that read it are evaluated again, and only their trials' verdicts settled again.
//! A `Session` also keeps the patient's path (the answers the questions reach) and extends it as
//! answers come, instead of replaying it from the start.

use super::check::Test;
use super::input;
use super::rule::{Known, Tri};
use super::verdict::{CriterionResult, CriterionState, TrialResult, Verdict};
use super::Screener;
use crate::model::{Answer, Answers, CriterionKind};
use std::cmp::Reverse;
use std::ops::Deref;
use std::rc::Rc;

/// Where every criterion of every trial stands for one set of answers, as indexes into one
/// screener's trials and facts: only [`Evaluation`] and [`Session`] hold one, each beside the
/// screener it was built from, so it is never read against another.
#[derive(Debug, Clone)]
pub(super) struct State {
    /// Per fact, what the answer says; `known` is what the rules read: the same, except that a
    /// follow-up whose parent's answer does not open it counts as not given.
    given: Vec<Known>,
    known: Vec<Known>,
    /// The trials whose open questions are asked (the ones within the patient's reach); `None`
    /// for every trial.
    reach: Option<Vec<bool>>,
    answered: Vec<bool>,
    states: Vec<CriterionState>,
    /// For criteria in `Unknown`: the facts that could settle them.
    needs: FactSets,
    verdicts: Vec<Verdict>,
    subgroups: Vec<Vec<Verdict>>,
    /// For trials needing more information: the facts that could settle them.
    trial_needs: FactSets,
    /// Per list (see `Index::lists`): how many of its criteria are not met, and unknown.
    counts: Vec<(u32, u32)>,
    /// Reused between criteria, so that an answer allocates nothing.
    scratch: (Vec<usize>, Vec<u64>),
}

/// Where every criterion of every trial stands for one set of answers, beside the screener
/// it was built from: borrowed ([`Screener::evaluation`]) or shared (`Rc<Screener>`, through
/// [`Evaluation::new`]). It is read only against that screener, which cannot change
/// (`retain_trials`) while it is held.
#[derive(Clone)]
pub struct Evaluation<S: Deref<Target = Screener>> {
    screener: S,
    state: State,
}

impl<S: Deref<Target = Screener>> Evaluation<S> {
    pub fn new(screener: S, answers: &Answers) -> Self {
        let state = State::new(&screener, answers);
        Evaluation { screener, state }
    }

    pub fn screener(&self) -> &Screener {
        &self.screener
    }

    /// Changes one answer (`None` removes it) and re-evaluates only what reads it. Unknown fact
    /// ids and answers that fail their checks count as not given, as in [`Screener::evaluate`].
    pub fn set(&mut self, fact: &str, answer: Option<&Answer>) {
        self.state.set(&self.screener, fact, answer);
    }

    /// Every trial's verdict, in file order.
    pub fn verdicts(&self) -> &[Verdict] {
        self.state.verdicts()
    }

    /// Every trial's verdict and its explanation, in file order.
    pub fn results(&self) -> Vec<TrialResult> {
        self.state.results(&self.screener)
    }

    /// One trial's verdict and its explanation; `None` past the last trial.
    pub fn result(&self, t: usize) -> Option<TrialResult> {
        (t < self.screener.trial_count()).then(|| self.state.result(&self.screener, t))
    }

    /// Only the trials in `reach` (by trial index) have their open questions asked; `None`
    /// asks for every trial. Verdicts are unaffected.
    pub fn set_reach(&mut self, reach: Option<Vec<bool>>) {
        self.state.set_reach(reach);
    }

    /// Questions still worth asking, best first.
    pub fn next_questions(&self) -> Vec<&str> {
        self.state.next_questions(&self.screener)
    }

    /// The facts of the next page, in the page's order; empty when every trial within reach
    /// is settled.
    pub fn next_page(&self) -> Vec<&str> {
        self.state.next_page(&self.screener)
    }

    /// At most how many pages are left.
    pub fn pages_left(&self) -> usize {
        self.state.pages_left(&self.screener)
    }
}

/// Sets of facts as bits, one fixed-size set after another in one block: comparing, copying
/// and joining them costs a few words, and keeps a criterion's open facts beside its
/// neighbours' in memory (re-evaluating after an answer touches thousands of them).
#[derive(Debug, Clone)]
struct FactSets {
    words: usize,
    bits: Vec<u64>,
}

impl FactSets {
    fn new(facts: usize, sets: usize) -> FactSets {
        let words = facts.div_ceil(64).max(1);
        FactSets {
            words,
            bits: vec![0; words * sets],
        }
    }

    fn get(&self, i: usize) -> &[u64] {
        &self.bits[i * self.words..(i + 1) * self.words]
    }

    fn get_mut(&mut self, i: usize) -> &mut [u64] {
        &mut self.bits[i * self.words..(i + 1) * self.words]
    }
}

/// The facts in a set, ascending.
fn members(set: &[u64]) -> impl Iterator<Item = usize> + '_ {
    set.iter().enumerate().flat_map(|(w, &bits)| {
        let mut rest = bits;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let b = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                w * 64 + b
            })
        })
    })
}

/// Where each criterion lives, fixed for a screener: built once when it loads.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// Per criterion, in trial order (common criteria, then each subgroup's): its trial and list
    /// (0 for common, 1 + g for subgroup g) and its index within that list.
    crits: Vec<(usize, usize, usize)>,
    /// Per trial, its range in `crits`.
    trials: Vec<std::ops::Range<usize>>,
    /// Per trial, where its lists (common, then each subgroup) start in `State::counts`.
    lists: Vec<usize>,
    /// Per fact, the criteria whose rules read it.
    readers: Vec<Vec<usize>>,
}

impl Index {
    pub(super) fn build(s: &Screener) -> Index {
        let mut index = Index {
            readers: vec![vec![]; s.facts.len()],
            ..Index::default()
        };
        let mut lists_total = 0;
        let mut reads = vec![];
        for (t, rules) in s.rules.iter().enumerate() {
            let start = index.crits.len();
            for (l, list) in rules.lists().enumerate() {
                for (i, test) in list.iter().enumerate() {
                    reads.clear();
                    if let Some(n) = &test.rule {
                        n.reads(&mut reads);
                    }
                    reads.sort_unstable();
                    reads.dedup();
                    for &f in &reads {
                        index.readers[f].push(index.crits.len());
                    }
                    index.crits.push((t, l, i));
                }
            }
            index.trials.push(start..index.crits.len());
            index.lists.push(lists_total);
            lists_total += 1 + rules.subgroups.len();
        }
        index.lists.push(lists_total);
        index
    }

    /// The trials (ascending) with a criterion reading fact `f`.
    pub(super) fn trials_reading(&self, f: usize) -> Vec<usize> {
        let mut trials: Vec<usize> = self.readers[f].iter().map(|&c| self.crits[c].0).collect();
        trials.dedup();
        trials
    }
}

fn test(s: &Screener, (t, l, i): (usize, usize, usize)) -> &Test {
    &s.rules[t].list(l.checked_sub(1))[i]
}

/// A criterion's state; when it is unknown, the facts that could settle it are set in `open`
/// (which comes empty; `scratch` is working space).
fn state(
    s: &Screener,
    c: (usize, usize, usize),
    known: &[Known],
    (scratch, open): (&mut Vec<usize>, &mut [u64]),
) -> CriterionState {
    let test = test(s, c);
    let Some(node) = &test.rule else {
        return CriterionState::StudyTeam;
    };
    scratch.clear();
    let value = node.eval_open(known, scratch);
    for f in scratch.iter() {
        open[f / 64] |= 1 << (f % 64);
    }
    let pass = match test.kind {
        CriterionKind::Inclusion => value,
        CriterionKind::Exclusion => !value,
    };
    match pass {
        Tri::True => CriterionState::Met,
        Tri::False => CriterionState::NotMet,
        Tri::Unknown => {
            if scratch.is_empty() {
                // Only the study team can settle what is left.
                CriterionState::StudyTeam
            } else {
                CriterionState::Unknown
            }
        }
    }
}

/// What the rules read of each fact: what was given, except follow-ups not opened by their
/// parent's answer, which count as not given.
pub(super) fn opened_known(s: &Screener, given: &[Known]) -> Vec<Known> {
    let mut known = given.to_vec();
    // A closed follow-up closes its own follow-ups in turn; the chains are short.
    loop {
        let mut changed = false;
        for f in 0..known.len() {
            if known[f] != Known::Missing && !s.flow.open(f, &known) {
                known[f] = Known::Missing;
                changed = true;
            }
        }
        if !changed {
            return known;
        }
    }
}

impl State {
    pub(super) fn new(s: &Screener, answers: &Answers) -> State {
        let given: Vec<Known> = s.resolve(answers);
        let known = opened_known(s, &given);
        let answered = s
            .facts
            .iter()
            .map(|f| answers.get(&f.id).is_some())
            .collect();
        let mut needs = FactSets::new(s.facts.len(), s.index.crits.len());
        let mut scratch = vec![];
        let states = (s.index.crits.iter().enumerate())
            .map(|(k, c)| state(s, *c, &known, (&mut scratch, needs.get_mut(k))))
            .collect();
        let n = s.rules.len();
        let words = needs.words;
        let mut e = State {
            given,
            known,
            reach: None,
            answered,
            states,
            needs,
            verdicts: vec![Verdict::MayQualify; n],
            subgroups: vec![vec![]; n],
            trial_needs: FactSets::new(s.facts.len(), n),
            counts: vec![(0, 0); *s.index.lists.last().unwrap_or(&0)],
            scratch: (scratch, vec![0; words]),
        };
        for i in 0..e.states.len() {
            e.count(s, i, 1);
        }
        (0..n).for_each(|t| e.settle(s, t, true));
        e
    }

    /// Counts criterion `i`'s state in its list (`sign` 1), or stops counting it (-1).
    fn count(&mut self, s: &Screener, i: usize, sign: i32) {
        let (t, l, _) = s.index.crits[i];
        let n = &mut self.counts[s.index.lists[t] + l];
        let add = |x: &mut u32| *x = x.wrapping_add_signed(sign);
        match self.states[i] {
            CriterionState::NotMet => add(&mut n.0),
            CriterionState::Unknown => add(&mut n.1),
            _ => {}
        }
    }

    /// A trial's verdict from its lists' counts. The best subgroup decides: a patient needs to
    /// fit only one of them. The facts that could settle the trial are gathered again only when
    /// they may have changed: when `needs_changed` (some criterion's open facts changed) or when
    /// the verdict or a subgroup's did.
    fn settle(&mut self, s: &Screener, t: usize, needs_changed: bool) {
        let verdict = |(not_met, unknown): (u32, u32)| {
            if not_met > 0 {
                Verdict::ProbablyNot
            } else if unknown > 0 {
                Verdict::NeedMoreInformation
            } else {
                Verdict::MayQualify
            }
        };
        let counts = &self.counts[s.index.lists[t]..s.index.lists[t + 1]];
        let common = verdict(counts[0]);
        let groups = &mut self.subgroups[t];
        let groups_kept = groups.len() + 1 == counts.len()
            && groups
                .iter()
                .zip(&counts[1..])
                .all(|(g, c)| *g == verdict(*c));
        if !groups_kept {
            groups.clear();
            groups.extend(counts[1..].iter().map(|c| verdict(*c)));
        }
        let best = groups.iter().copied().min().unwrap_or(Verdict::MayQualify);
        let trial = common.max(best);
        if !needs_changed && groups_kept && trial == self.verdicts[t] {
            return;
        }
        let needs = self.trial_needs.get_mut(t);
        needs.fill(0);
        if trial == Verdict::NeedMoreInformation {
            // Once one subgroup fits, the others' open questions no longer matter.
            let range = s.index.trials[t].clone();
            for (k, c) in s.index.crits[range.clone()].iter().enumerate() {
                let counted = c.1 == 0
                    || (best != Verdict::MayQualify && groups[c.1 - 1] != Verdict::ProbablyNot);
                if counted && self.states[range.start + k] == CriterionState::Unknown {
                    let open = self.needs.get(range.start + k);
                    needs.iter_mut().zip(open).for_each(|(n, o)| *n |= o);
                }
            }
        }
        self.verdicts[t] = trial;
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
        self.given[f] = input::known(&s.facts[f], answer, s.today);
        self.answered[f] = answer.is_some();
        // The fact itself, then any follow-up its change opens or closes, and theirs.
        let mut work = vec![f];
        while let Some(x) = work.pop() {
            let known = if s.flow.open(x, &self.known) {
                self.given[x].clone()
            } else {
                Known::Missing
            };
            if self.known[x] != known {
                self.known[x] = known;
                self.reevaluate(s, x);
                work.extend(&s.flow.children[x]);
            }
        }
    }

    /// Evaluates again the criteria that read fact `f`, after what is known of it changed.
    fn reevaluate(&mut self, s: &Screener, f: usize) {
        let (mut scratch, mut open) = std::mem::take(&mut self.scratch);
        // The trial whose criteria are being redone, and whether any of their open facts changed.
        let mut last: Option<(usize, bool)> = None;
        for &i in &s.index.readers[f] {
            open.fill(0);
            let state = state(s, s.index.crits[i], &self.known, (&mut scratch, &mut open));
            let needs_changed = open != self.needs.get(i);
            if state != self.states[i] || needs_changed {
                self.count(s, i, -1);
                self.states[i] = state;
                self.count(s, i, 1);
                if needs_changed {
                    self.needs.get_mut(i).copy_from_slice(&open);
                }
                // Readers come in trial order: settle each trial once its criteria are done.
                let t = s.index.crits[i].0;
                if let Some((done, changed)) = last.filter(|(l, _)| *l != t) {
                    self.settle(s, done, changed);
                    last = None;
                }
                last = Some((t, needs_changed || last.is_some_and(|(_, c)| c)));
            }
        }
        if let Some((t, changed)) = last {
            self.settle(s, t, changed);
        }
        self.scratch = (scratch, open);
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
        let ids =
            |set: &[u64]| -> Vec<String> { members(set).map(|f| s.facts[f].id.clone()).collect() };
        let range = s.index.trials[t].clone();
        let criteria = s.index.crits[range.clone()]
            .iter()
            .zip(range)
            .map(|(&place, k)| {
                let (_, l, index) = place;
                let c = test(s, place);
                let state = self.states[k];
                CriterionResult {
                    subgroup: l.checked_sub(1),
                    index,
                    state,
                    needs: ids(self.needs.get(k)),
                    confirm: state == CriterionState::Met && c.rule.is_some() && c.study_team,
                }
            })
            .collect();
        TrialResult {
            trial: t,
            verdict: self.verdicts[t],
            subgroups: self.subgroups[t].clone(),
            criteria,
            needs: ids(self.trial_needs.get(t)),
        }
    }

    /// Only the trials in `reach` (by trial index) have their open questions asked; `None`
    /// asks for every trial. Verdicts are unaffected.
    pub fn set_reach(&mut self, reach: Option<Vec<bool>>) {
        self.reach = reach;
    }

    fn in_reach(&self, t: usize) -> bool {
        self.reach
            .as_ref()
            .is_none_or(|r| r.get(t).copied().unwrap_or(true))
    }

    /// Per fact, how many trials within reach it could help settle now: a follow-up not yet
    /// opened is credited to the nearest question up its chain that can be asked. Also returns
    /// the facts that could still come to be asked (for an honest count of pages left).
    fn worth(&self, s: &Screener) -> (Vec<usize>, Vec<bool>) {
        let facts = s.facts.len();
        let mut trials_per_fact = vec![0usize; facts];
        let mut may_come = vec![false; facts];
        let mut credited = vec![usize::MAX; facts];
        for (t, v) in self.verdicts.iter().enumerate() {
            if *v != Verdict::NeedMoreInformation || !self.in_reach(t) {
                continue;
            }
            for f in members(self.trial_needs.get(t)) {
                if self.answered[f] || !s.flow.may_open(f, &self.known) {
                    continue;
                }
                may_come[f] = true;
                let Some(ask) = self.askable_for(s, f) else {
                    continue;
                };
                may_come[ask] = true;
                if credited[ask] != t {
                    credited[ask] = t;
                    trials_per_fact[ask] += 1;
                }
            }
        }
        (trials_per_fact, may_come)
    }

    /// The question to ask now towards fact `f`: itself when it is open, else the nearest
    /// unanswered fact up its chain of follow-ups.
    fn askable_for(&self, s: &Screener, f: usize) -> Option<usize> {
        let mut at = f;
        for _ in 0..=s.facts.len() {
            if s.flow.open(at, &self.known) {
                return (!self.answered[at]).then_some(at);
            }
            at = s.flow.parent(at)?;
            if self.answered[at] {
                return None;
            }
        }
        None
    }

    /// The fact indexes worth asking next, in asking order (see [`Screener::next_questions`]):
    /// gate questions first, those settling more trials first; then the sections in order,
    /// each page's facts together.
    fn next(&self, s: &Screener) -> Vec<usize> {
        self.order(s, &self.worth(s).0)
    }

    /// The facts worth asking, given how many trials each could help settle, in asking order.
    fn order(&self, s: &Screener, trials_per_fact: &[usize]) -> Vec<usize> {
        let order: Vec<usize> = (0..s.facts.len())
            .filter(|i| trials_per_fact[*i] > 0)
            .collect();
        // A section is started once one of its facts is answered: it is finished before
        // another begins. Of the others, the one whose best question settles most comes next.
        let sections = s.groups.len() + 1;
        let (mut started, mut best) = (vec![false; sections], vec![0usize; sections]);
        for (f, &n) in trials_per_fact.iter().enumerate() {
            let g = s.flow.section[f];
            started[g] |= self.answered[f];
            if !s.flow.gate[f] {
                best[g] = best[g].max(n);
            }
        }
        crate::sort::sort_by_key(order, |&i| {
            let (gate, g) = (s.flow.gate[i], s.flow.section[i]);
            let open_section = !gate && !started[g];
            (
                !gate,
                Reverse(if gate { trials_per_fact[i] } else { 0 }),
                open_section,
                Reverse(if open_section { best[g] } else { 0 }),
                g,
                s.flow.rank[i],
            )
        })
    }

    /// The next page: the facts of the first question's page that are worth asking now, in
    /// the page's order, with the follow-ups on the same page that its answers could open
    /// (shown once they do). Empty when every trial within reach is settled.
    pub fn next_page<'s>(&self, s: &'s Screener) -> Vec<&'s str> {
        let (trials_per_fact, may_come) = self.worth(s);
        let order = self.order(s, &trials_per_fact);
        let Some(&first) = order.first() else {
            return vec![];
        };
        let page = &s.flow.pages[s.flow.page_of[first]];
        let on_page = |f: usize| s.flow.page_of[f] == s.flow.page_of[first];
        page.facts
            .iter()
            .filter(|&&f| {
                order.contains(&f) || (may_come[f] && self.askable_for(s, f).is_some_and(on_page))
            })
            .map(|&f| s.facts[f].id.as_str())
            .collect()
    }

    /// At most how many pages are left: the pages of every question that could still be
    /// asked for a trial within reach, follow-ups not yet opened included.
    pub fn pages_left(&self, s: &Screener) -> usize {
        let (_, may_come) = self.worth(s);
        let mut pages: Vec<usize> = (0..s.facts.len())
            .filter(|f| may_come[*f])
            .map(|f| s.flow.page_of[f])
            .collect();
        pages.sort_unstable();
        pages.dedup();
        pages.len()
    }

    /// The fact ids worth asking next, best first.
    pub fn next_questions<'s>(&self, s: &'s Screener) -> Vec<&'s str> {
        self.next(s)
            .into_iter()
            .map(|i| s.facts[i].id.as_str())
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
    state: State,
    steps: Vec<Step>,
    pub(super) path: Answers,
}

impl Walk {
    pub(super) fn new(s: &Screener) -> Walk {
        Walk {
            state: State::new(s, &Answers::default()),
            steps: vec![],
            path: Answers::default(),
        }
    }

    /// Brings the path up to date with `answers` (every answer given, on the path or not),
    /// keeping the steps still valid and redoing only the rest.
    pub(super) fn sync(&mut self, s: &Screener, answers: &Answers) {
        let facts = &s.facts;
        let given = |f: usize| answers.get(&facts[f].id);
        let skipped_now = |step: &Step| step.skipped.iter().any(|f| given(*f).is_some());
        let first = self
            .steps
            .iter()
            .position(|step| given(step.fact) != Some(&step.answer) || skipped_now(step));
        let Some(first) = first else {
            return self.extend(s, answers);
        };
        // A step whose own answer changed (and nothing before it in its order got one) is still
        // taken, with the new answer; every step after it is undone, last first, which leaves
        // the states as a fresh evaluation would.
        let keep = &self.steps[first];
        let change = given(keep.fact).filter(|_| !skipped_now(keep)).cloned();
        let undo_from = first + usize::from(change.is_some());
        while self.steps.len() > undo_from {
            let step = self.steps.pop().expect("more steps than kept");
            self.state.set_index(s, step.fact, None);
            self.path.remove(&facts[step.fact].id);
        }
        if let Some(answer) = change {
            let step = &mut self.steps[first];
            self.state.set_index(s, step.fact, Some(&answer));
            self.path.set(facts[step.fact].id.clone(), answer.clone());
            step.answer = answer;
        }
        self.extend(s, answers);
    }

    /// Takes the answered questions as they come, from the end of the path.
    fn extend(&mut self, s: &Screener, answers: &Answers) {
        let facts = &s.facts;
        let given = |f: usize| answers.get(&facts[f].id);
        // One answer at a time, in question order, since each may close off later questions.
        loop {
            let order = self.state.next(s);
            let Some(at) = order.iter().position(|f| given(*f).is_some()) else {
                break;
            };
            let fact = order[at];
            let answer = given(fact).cloned().expect("found by presence");
            self.state.set_index(s, fact, Some(&answer));
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

    /// Every trial's verdict and explanation for the answers on the path.
    pub fn results(&self) -> Vec<TrialResult> {
        self.walk.state.results(&self.screener)
    }

    /// Questions still worth asking on the path, best first.
    pub fn next_questions(&self) -> Vec<&str> {
        self.walk.state.next_questions(&self.screener)
    }

    /// The facts of the next page, in the page's order; empty when every trial within reach
    /// is settled.
    pub fn next_page(&self) -> Vec<&str> {
        self.walk.state.next_page(&self.screener)
    }

    /// At most how many pages are left (see [`Evaluation::pages_left`], which counts the same).
    pub fn pages_left(&self) -> usize {
        self.walk.state.pages_left(&self.screener)
    }

    /// Asks only what the trials within `reach` need (by trial index; `None` for every
    /// trial). The path depends on it, so a change starts the path again at the next `sync`.
    pub fn set_reach(&mut self, reach: Option<Vec<bool>>) {
        if self.walk.state.reach != reach {
            self.walk = Walk::new(&self.screener);
            self.walk.state.set_reach(reach);
        }
    }
}
