//! A variant of the engine, for measuring the changes the benchmark proposes (it is not used by
//! the app): load with one typed parse and no location map; rules compiled with fact indexes
//! and option bitmasks; each criterion's state and the facts that could settle it cached; after
//! an answer changes, only the criteria that read that fact are evaluated again, and only their
//! trials' verdicts recomputed; the next question counted from the cached states.
//!
//! It follows the engine's three-valued semantics (`src/engine/rule.rs`, `verdict.rs`,
//! `next_from`); the benchmark checks that both give the same verdicts and next question.

use prescreen::model::{Answer, Answers, Criterion, CriterionKind, FactKind, Rule, TrialsFile};
use prescreen::units;
use std::cmp::Ordering;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tri {
    T,
    F,
    U,
}

#[derive(Clone, Debug, PartialEq)]
enum Known {
    Missing,
    DontKnow,
    Bool(bool),
    Range(f64, f64),
    /// Chosen options as a bitmask (one choice or several).
    Options(u64),
}

impl Known {
    fn open(&self) -> bool {
        matches!(self, Known::Missing | Known::DontKnow)
    }
}

#[derive(Clone, Copy)]
enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    AtLeast(usize, Vec<Node>),
    Cmp { fact: u16, op: Op, t: f64, per: Option<u16> },
    Is { fact: u16, v: bool },
    Opts { fact: u16, mask: u64 },
    Team,
}

type Facts = u128;

impl Node {
    fn eval(&self, k: &[Known]) -> Tri {
        match self {
            Node::All(v) => {
                let mut acc = Tri::T;
                for n in v {
                    match n.eval(k) {
                        Tri::F => return Tri::F,
                        Tri::U => acc = Tri::U,
                        Tri::T => {}
                    }
                }
                acc
            }
            Node::Any(v) => {
                let mut acc = Tri::F;
                for n in v {
                    match n.eval(k) {
                        Tri::T => return Tri::T,
                        Tri::U => acc = Tri::U,
                        Tri::F => {}
                    }
                }
                acc
            }
            Node::Not(n) => match n.eval(k) {
                Tri::T => Tri::F,
                Tri::F => Tri::T,
                Tri::U => Tri::U,
            },
            Node::AtLeast(need, v) => {
                let (mut yes, mut maybe) = (0, 0);
                for n in v {
                    match n.eval(k) {
                        Tri::T => yes += 1,
                        Tri::U => maybe += 1,
                        Tri::F => {}
                    }
                }
                if yes >= *need {
                    Tri::T
                } else if yes + maybe < *need {
                    Tri::F
                } else {
                    Tri::U
                }
            }
            Node::Cmp { fact, op, t, per } => {
                let Known::Range(lo, hi) = k[*fact as usize] else { return Tri::U };
                let t = match per {
                    None => *t,
                    Some(p) => match k[*p as usize] {
                        Known::Range(a, b) if a == b => t * a,
                        _ => return Tri::U,
                    },
                };
                use Ordering::*;
                let (l, h) = (units::compare(lo, t), units::compare(hi, t));
                let (yes, no) = match op {
                    Op::Gt => (l == Greater, h != Greater),
                    Op::Ge => (l != Less, h == Less),
                    Op::Lt => (h == Less, l != Less),
                    Op::Le => (h != Greater, l == Greater),
                };
                if yes {
                    Tri::T
                } else if no {
                    Tri::F
                } else {
                    Tri::U
                }
            }
            Node::Is { fact, v } => match k[*fact as usize] {
                Known::Bool(b) => if b == *v { Tri::T } else { Tri::F },
                _ => Tri::U,
            },
            Node::Opts { fact, mask } => match k[*fact as usize] {
                Known::Options(chosen) => if chosen & mask != 0 { Tri::T } else { Tri::F },
                _ => Tri::U,
            },
            Node::Team => Tri::U,
        }
    }

    /// As the engine's `open_facts`, as a set.
    fn open(&self, k: &[Known], out: &mut Facts) {
        if self.eval(k) != Tri::U {
            return;
        }
        match self {
            Node::All(v) | Node::Any(v) | Node::AtLeast(_, v) => v.iter().for_each(|n| n.open(k, out)),
            Node::Not(n) => n.open(k, out),
            Node::Cmp { fact, per, .. } => {
                if k[*fact as usize].open() {
                    *out |= 1 << fact;
                }
                if let Some(p) = per {
                    if k[*p as usize].open() {
                        *out |= 1 << p;
                    }
                }
            }
            Node::Is { fact, .. } | Node::Opts { fact, .. } => {
                if k[*fact as usize].open() {
                    *out |= 1 << fact;
                }
            }
            Node::Team => {}
        }
    }

    fn reads(&self, out: &mut Facts) {
        match self {
            Node::All(v) | Node::Any(v) | Node::AtLeast(_, v) => v.iter().for_each(|n| n.reads(out)),
            Node::Not(n) => n.reads(out),
            Node::Cmp { fact, per, .. } => {
                *out |= 1 << fact;
                if let Some(p) = per {
                    *out |= 1 << p;
                }
            }
            Node::Is { fact, .. } | Node::Opts { fact, .. } => *out |= 1 << fact,
            Node::Team => {}
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Met,
    NotMet,
    Unknown,
    Team,
}

struct Crit {
    trial: u32,
    /// 0 for the trial's common criteria, 1 + g for subgroup g.
    list: u16,
    exclusion: bool,
    node: Option<Node>,
    state: State,
    needs: Facts,
}

/// Verdicts as the engine orders them: may qualify < need more information < probably not.
const MQ: u8 = 0;
const NMI: u8 = 1;
const PN: u8 = 2;

struct TrialState {
    /// For each list (common, then subgroups): criteria not met, criteria unknown.
    counts: Vec<(u32, u32)>,
    crits: std::ops::Range<usize>,
    verdict: u8,
    needs: Facts,
}

pub struct Variant {
    file: TrialsFile,
    crits: Vec<Crit>,
    trials: Vec<TrialState>,
    by_fact: Vec<Vec<u32>>,
    known: Vec<Known>,
    answered: Facts,
    group_rank: Vec<usize>,
}

fn compile(r: &Rule, file: &TrialsFile, index: &dyn Fn(&str) -> Option<u16>) -> Option<Node> {
    let list = |v: &Vec<Rule>| v.iter().map(|x| compile(x, file, index)).collect::<Option<Vec<_>>>();
    if let Some(v) = &r.all {
        return list(v).map(Node::All);
    }
    if let Some(v) = &r.any {
        return list(v).map(Node::Any);
    }
    if let Some(n) = &r.not {
        return compile(n, file, index).map(|n| Node::Not(Box::new(n)));
    }
    if let (Some(k), Some(v)) = (r.at_least, &r.of) {
        return list(v).map(|v| Node::AtLeast(k as usize, v));
    }
    if r.study_team.is_some() {
        return Some(Node::Team);
    }
    let fi = index(r.fact.as_deref()?)?;
    let fact = &file.facts[fi as usize];
    let mask = |ids: &Vec<String>| {
        ids.iter().fold(0u64, |m, id| {
            m | fact.answer.options().iter().position(|o| &o.id == id).map_or(0, |i| 1 << i)
        })
    };
    if let Some(v) = r.is {
        return Some(Node::Is { fact: fi, v });
    }
    if let Some(ids) = r.one_of.as_ref().or(r.has_any.as_ref()) {
        return Some(Node::Opts { fact: fi, mask: mask(ids) });
    }
    let op = match r.op.as_deref()? {
        "<" => Op::Lt,
        "<=" | "≤" => Op::Le,
        ">" => Op::Gt,
        ">=" | "≥" => Op::Ge,
        _ => return None,
    };
    let q = match &fact.answer {
        FactKind::Number { quantity, .. } => units::quantity(quantity)?,
        _ => units::quantity("times_uln")?,
    };
    let t = q.unit(r.unit.as_deref()?)?.to_base(r.value?);
    let per = match &r.per {
        Some(p) => Some(index(p)?),
        None => None,
    };
    Some(Node::Cmp { fact: fi, op, t, per })
}

impl Variant {
    /// One typed parse, no location map, no checks beyond what compiling needs.
    pub fn load(text: &str) -> Result<Variant, String> {
        let file: TrialsFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.facts.len() > 128 {
            return Err("the variant handles at most 128 facts".into());
        }
        let ids: std::collections::HashMap<&str, u16> =
            file.facts.iter().enumerate().map(|(i, f)| (f.id.as_str(), i as u16)).collect();
        let index = |id: &str| ids.get(id).copied();
        let mut crits = vec![];
        let mut trials = vec![];
        let mut by_fact = vec![vec![]; file.facts.len()];
        for (t, trial) in file.trials.iter().enumerate() {
            let start = crits.len();
            let lists = std::iter::once(&trial.criteria).chain(trial.subgroups.iter().map(|g| &g.criteria));
            for (l, list) in lists.enumerate() {
                for c in list.iter() {
                    let c: &Criterion = c;
                    let node = match &c.rule {
                        Some(r) => Some(compile(r, &file, &index).ok_or("a rule does not compile")?),
                        None => None,
                    };
                    let mut reads = 0;
                    if let Some(n) = &node {
                        n.reads(&mut reads);
                    }
                    for f in 0..file.facts.len() {
                        if reads & (1 << f) != 0 {
                            by_fact[f].push(crits.len() as u32);
                        }
                    }
                    crits.push(Crit {
                        trial: t as u32,
                        list: l as u16,
                        exclusion: c.kind == CriterionKind::Exclusion,
                        node,
                        state: State::Team,
                        needs: 0,
                    });
                }
            }
            trials.push(TrialState {
                counts: vec![(0, 0); 1 + trial.subgroups.len()],
                crits: start..crits.len(),
                verdict: MQ,
                needs: 0,
            });
        }
        drop(ids);
        let group_rank = file
            .facts
            .iter()
            .map(|f| file.groups.iter().position(|g| g.id == f.group).unwrap_or(usize::MAX))
            .collect();
        let known = vec![Known::Missing; file.facts.len()];
        let mut v = Variant { file, crits, trials, by_fact, known, answered: 0, group_rank };
        v.evaluate_all();
        Ok(v)
    }

    pub fn trials(&self) -> usize {
        self.trials.len()
    }

    fn resolve(&self, fact: usize, a: &Answer) -> Known {
        let f = &self.file.facts[fact];
        let opt = |id: &String| f.answer.options().iter().position(|o| &o.id == id);
        match a {
            Answer::Unknown => Known::DontKnow,
            Answer::Bool(b) => Known::Bool(*b),
            Answer::Number { value, unit } => match &f.answer {
                FactKind::Number { quantity, .. } => units::quantity(quantity)
                    .and_then(|q| q.unit(unit))
                    .map_or(Known::Missing, |u| {
                        let v = u.to_base(*value);
                        Known::Range(v, v)
                    }),
                _ => Known::Missing,
            },
            Answer::OfUpperLimit { value, upper_limit } => {
                let r = value / upper_limit;
                Known::Range(r, r)
            }
            Answer::WithinNormal => Known::Range(0.0, 1.0),
            Answer::Choice(c) => opt(c).map_or(Known::Missing, |i| Known::Options(1 << i)),
            Answer::Multi(cs) => Known::Options(cs.iter().filter_map(opt).fold(0, |m, i| m | 1 << i)),
        }
    }

    fn state_of(&self, c: &Crit) -> (State, Facts) {
        let Some(node) = &c.node else { return (State::Team, 0) };
        let v = node.eval(&self.known);
        let pass = if c.exclusion {
            match v {
                Tri::T => Tri::F,
                Tri::F => Tri::T,
                Tri::U => Tri::U,
            }
        } else {
            v
        };
        match pass {
            Tri::T => (State::Met, 0),
            Tri::F => (State::NotMet, 0),
            Tri::U => {
                let mut open = 0;
                node.open(&self.known, &mut open);
                if open == 0 { (State::Team, 0) } else { (State::Unknown, open) }
            }
        }
    }

    fn list_verdict((not_met, unknown): (u32, u32)) -> u8 {
        if not_met > 0 {
            PN
        } else if unknown > 0 {
            NMI
        } else {
            MQ
        }
    }

    fn settle(&mut self, t: usize) {
        let tr = &self.trials[t];
        let common = Self::list_verdict(tr.counts[0]);
        let groups: Vec<u8> = tr.counts[1..].iter().map(|c| Self::list_verdict(*c)).collect();
        let best = groups.iter().copied().min().unwrap_or(MQ);
        let verdict = common.max(best);
        let mut needs = 0;
        if verdict == NMI {
            for c in &self.crits[tr.crits.clone()] {
                let counts = c.list == 0
                    || (best != MQ && groups[c.list as usize - 1] != PN);
                if counts && c.state == State::Unknown {
                    needs |= c.needs;
                }
            }
        }
        let tr = &mut self.trials[t];
        tr.verdict = verdict;
        tr.needs = needs;
    }

    fn count(&mut self, i: usize, sign: i32) {
        let c = &self.crits[i];
        let n = &mut self.trials[c.trial as usize].counts[c.list as usize];
        match c.state {
            State::NotMet => n.0 = (n.0 as i32 + sign) as u32,
            State::Unknown => n.1 = (n.1 as i32 + sign) as u32,
            _ => {}
        }
    }

    /// Every criterion and trial from scratch (what the engine's `evaluate` does each time).
    pub fn evaluate_all(&mut self) {
        for t in &mut self.trials {
            t.counts.iter_mut().for_each(|c| *c = (0, 0));
        }
        for i in 0..self.crits.len() {
            let (s, needs) = self.state_of(&self.crits[i]);
            self.crits[i].state = s;
            self.crits[i].needs = needs;
            self.count(i, 1);
        }
        for t in 0..self.trials.len() {
            self.settle(t);
        }
    }

    /// Sets every answer, then evaluates everything.
    pub fn set_all(&mut self, answers: &Answers) {
        self.answered = 0;
        for (i, f) in self.file.facts.iter().enumerate() {
            self.known[i] = answers.get(&f.id).map_or(Known::Missing, |a| self.resolve(i, a));
            if answers.get(&f.id).is_some() {
                self.answered |= 1 << i;
            }
        }
        self.evaluate_all();
    }

    /// One answer changes (None: removed): only the criteria that read it are evaluated again.
    pub fn set(&mut self, fact: &str, answer: Option<&Answer>) -> bool {
        let Some(f) = self.file.facts.iter().position(|x| x.id == fact) else { return false };
        let k = answer.map_or(Known::Missing, |a| self.resolve(f, a));
        match answer {
            Some(_) => self.answered |= 1 << f,
            None => self.answered &= !(1 << f),
        }
        if self.known[f] == k {
            return true;
        }
        self.known[f] = k;
        let mut dirty: Vec<u32> = vec![];
        for j in 0..self.by_fact[f].len() {
            let i = self.by_fact[f][j] as usize;
            let (s, needs) = self.state_of(&self.crits[i]);
            if s != self.crits[i].state || needs != self.crits[i].needs {
                self.count(i, -1);
                self.crits[i].state = s;
                self.crits[i].needs = needs;
                self.count(i, 1);
                let t = self.crits[i].trial;
                if dirty.last() != Some(&t) {
                    dirty.push(t);
                }
            }
        }
        for t in dirty {
            self.settle(t as usize);
        }
        true
    }

    /// The first question `next_from` would choose, from the cached states.
    pub fn next_question(&self) -> Option<&str> {
        let n = self.file.facts.len();
        let mut per_fact = vec![0usize; n];
        for t in &self.trials {
            if t.verdict != NMI {
                continue;
            }
            let mut m = t.needs & !self.answered;
            while m != 0 {
                let f = m.trailing_zeros() as usize;
                per_fact[f] += 1;
                m &= m - 1;
            }
        }
        let groups = self.file.groups.len();
        let mut group_best = vec![0usize; groups + 1];
        for (i, c) in per_fact.iter().enumerate() {
            let g = self.group_rank[i].min(groups);
            group_best[g] = group_best[g].max(*c);
        }
        (0..n)
            .filter(|i| per_fact[*i] > 0)
            .min_by_key(|&i| {
                let g = self.group_rank[i].min(groups);
                (std::cmp::Reverse(group_best[g]), g, std::cmp::Reverse(per_fact[i]), i)
            })
            .map(|i| self.file.facts[i].id.as_str())
    }

    /// Verdict counts packed as in `Bench::evaluate`.
    pub fn counts(&self) -> f64 {
        let may = self.trials.iter().filter(|t| t.verdict == MQ).count();
        let more = self.trials.iter().filter(|t| t.verdict == NMI).count();
        (may + more * (1 << 20)) as f64
    }

    pub fn verdicts(&self) -> String {
        self.trials.iter().map(|t| ['m', '?', 'x'][t.verdict as usize]).collect()
    }
}
