//! Compiled rules and their three-valued evaluation over the patient's resolved answers.

use crate::model::forms::FormId;
use crate::units::{self, Body};
use std::cmp::Ordering;

/// A criterion's truth: true, false, or not known from the answers so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
}

impl Tri {
    fn from_bool(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "<" => Op::Lt,
            "<=" | "≤" => Op::Le,
            ">" => Op::Gt,
            ">=" | "≥" => Op::Ge,
            _ => return None,
        })
    }
}

/// A rule checked against the facts, with fact ids resolved to indexes and thresholds in the
/// fact's base unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    AtLeast(usize, Vec<Node>),
    Compare(Comparison),
    Is { fact: usize, value: bool },
    OneOf { fact: usize, options: Vec<usize> },
    HasAny { fact: usize, options: Vec<usize> },
    StudyTeam,
}

/// A fact's answer compared with a threshold in the fact's base unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub fact: usize,
    pub op: Op,
    pub threshold: f64,
    /// Multiplies the threshold by this fact's number (a limit per kilogram of weight).
    pub per: Option<usize>,
    /// What the threshold is per (a dose of 2 mg/kg/day is per kilogram).
    pub body: Body,
    /// For quantities with units per kilogram or square metre: the weight fact and the
    /// height fact, which turn a dose stated per body into one as taken, and back.
    pub scale: Option<Scale>,
}

/// The facts a dose per body is scaled by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub weight: usize,
    pub height: Option<usize>,
}

/// What the engine knows of one fact after reading the answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Known {
    /// Not asked yet.
    Missing,
    /// Asked; the patient does not know.
    DontKnow,
    Bool(bool),
    /// A number in the fact's base unit, possibly a range (a value "in the normal range").
    Range(f64, f64),
    Choice(usize),
    /// The chosen options, as indexes; empty means "none of these".
    Multi(Vec<usize>),
    /// A dose stated per kilogram or per square metre, in the base unit of that kind.
    PerBody(f64, Body),
}

impl Known {
    fn is_open(&self) -> bool {
        matches!(self, Known::Missing | Known::DontKnow)
    }
}

impl Node {
    #[cfg(test)]
    pub fn eval(&self, known: &[Known]) -> Tri {
        self.walk(known, &mut None)
    }

    /// As [`Node::eval`]; when the rule is undecided, also pushes onto `out` the facts whose
    /// answers could still decide it: those read by the parts of it that are themselves
    /// undecided (none when only the study team can decide it).
    pub fn eval_open(&self, known: &[Known], out: &mut Vec<usize>) -> Tri {
        self.walk(known, &mut Some(out))
    }

    /// One walk for both: each part's open facts are kept only while that part is undecided.
    fn walk(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        let mark = out.as_ref().map_or(0, |o| o.len());
        let value = match self {
            Node::All(v) => v
                .iter()
                .fold(Tri::True, |acc, n| match (acc, n.walk(known, out)) {
                    (Tri::False, _) | (_, Tri::False) => Tri::False,
                    (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
                    _ => Tri::True,
                }),
            Node::Any(v) => v
                .iter()
                .fold(Tri::False, |acc, n| match (acc, n.walk(known, out)) {
                    (Tri::True, _) | (_, Tri::True) => Tri::True,
                    (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
                    _ => Tri::False,
                }),
            Node::Not(n) => !n.walk(known, out),
            Node::AtLeast(k, v) => {
                let (mut yes, mut maybe) = (0, 0);
                for n in v {
                    match n.walk(known, out) {
                        Tri::True => yes += 1,
                        Tri::Unknown => maybe += 1,
                        Tri::False => {}
                    }
                }
                if yes >= *k {
                    Tri::True
                } else if yes + maybe < *k {
                    Tri::False
                } else {
                    Tri::Unknown
                }
            }
            Node::Compare(c) => {
                let mut needs = Needs::default();
                let value = c.eval(known, &mut needs);
                if let (Tri::Unknown, Some(out)) = (value, out.as_mut()) {
                    out.extend(needs.facts().iter().filter(|f| known[**f].is_open()));
                }
                value
            }
            Node::Is { fact, value } => match known[*fact] {
                Known::Bool(b) => Tri::from_bool(b == *value),
                _ => Self::open(*fact, known, out),
            },
            Node::OneOf { fact, options } => match known[*fact] {
                Known::Choice(c) => Tri::from_bool(options.contains(&c)),
                _ => Self::open(*fact, known, out),
            },
            Node::HasAny { fact, options } => match &known[*fact] {
                Known::Multi(chosen) => Tri::from_bool(chosen.iter().any(|c| options.contains(c))),
                _ => Self::open(*fact, known, out),
            },
            Node::StudyTeam => Tri::Unknown,
        };
        if value != Tri::Unknown {
            if let Some(out) = out {
                out.truncate(mark);
            }
        }
        value
    }

    /// A test of one fact the answers do not decide: the fact is open unless it was answered in
    /// a form this test cannot read.
    fn open(fact: usize, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        if let Some(out) = out.as_mut().filter(|_| known[fact].is_open()) {
            out.push(fact);
        }
        Tri::Unknown
    }

    /// Every fact the rule reads, whatever the answers (with repeats).
    pub fn reads(&self, out: &mut Vec<usize>) {
        match self {
            Node::All(v) | Node::Any(v) | Node::AtLeast(_, v) => {
                v.iter().for_each(|n| n.reads(out))
            }
            Node::Not(n) => n.reads(out),
            Node::Compare(Comparison {
                fact, per, scale, ..
            }) => {
                out.extend(std::iter::once(*fact).chain(*per));
                if let Some(sc) = scale {
                    out.extend(std::iter::once(sc.weight).chain(sc.height));
                }
            }
            Node::Is { fact, .. } | Node::OneOf { fact, .. } | Node::HasAny { fact, .. } => {
                out.push(*fact)
            }
            Node::StudyTeam => {}
        }
    }

    /// The form this node was written in ([`crate::model::forms::FORMS`]).
    pub fn form(&self) -> FormId {
        match self {
            Node::All(_) => FormId::All,
            Node::Any(_) => FormId::Any,
            Node::Not(_) => FormId::Not,
            Node::AtLeast(..) => FormId::AtLeast,
            Node::Compare(_) => FormId::Compare,
            Node::Is { .. } => FormId::Is,
            Node::OneOf { .. } => FormId::OneOf,
            Node::HasAny { .. } => FormId::HasAny,
            Node::StudyTeam => FormId::StudyTeam,
        }
    }

    /// How many parts of this rule only the study team can judge.
    pub fn study_team_parts(&self) -> usize {
        match self {
            Node::All(v) | Node::Any(v) | Node::AtLeast(_, v) => {
                v.iter().map(Node::study_team_parts).sum()
            }
            Node::Not(n) => n.study_team_parts(),
            Node::StudyTeam => 1,
            _ => 0,
        }
    }
}

/// The facts one comparison would need to decide, without allocating: evaluation runs for
/// every criterion reading an answer, each time it changes. At most the fact, `per`, and the
/// weight and height for each of the two sides scaled.
#[derive(Default)]
struct Needs {
    facts: [usize; 6],
    len: usize,
}

impl Needs {
    fn push(&mut self, f: usize) {
        self.facts[self.len] = f;
        self.len += 1;
    }

    fn extend(&mut self, f: Option<usize>) {
        if let Some(f) = f {
            self.push(f);
        }
    }

    fn facts(&self) -> &[usize] {
        &self.facts[..self.len]
    }
}

/// An exact number fact's value (weight, height), if given.
fn exact(known: &[Known], f: usize) -> Option<f64> {
    match known[f] {
        Known::Range(a, b) if a == b => Some(a),
        _ => None,
    }
}

impl Comparison {
    /// Compares the answer with the threshold, scaled by another fact (`per`) and between
    /// doses per body and as taken (`scale`) where they differ; pushes onto `needs` the facts
    /// whose answers it would need when it cannot decide.
    fn eval(&self, known: &[Known], needs: &mut Needs) -> Tri {
        let Comparison {
            fact,
            op,
            threshold,
            per,
            body,
            scale,
        } = *self;
        needs.push(fact);
        needs.extend(per);
        let (lo, hi, stated) = match known[fact] {
            Known::Range(lo, hi) => (lo, hi, Body::Whole),
            Known::PerBody(v, b) => (v, v, b),
            _ => return Tri::Unknown,
        };
        let mut threshold = threshold;
        if let Some(p) = per {
            match exact(known, p) {
                Some(x) => threshold *= x,
                None => return Tri::Unknown,
            }
        }
        if stated == body {
            return compare_range(lo, hi, op, threshold);
        }
        // Doses reckoned differently are compared as taken: the patient's weight (and height, for
        // a body surface) turns each into milligrams.
        let Some(sc) = scale else {
            return Tri::Unknown;
        };
        let weight = exact(known, sc.weight);
        let height = sc.height.and_then(|h| exact(known, h));
        let mut factor = |b: Body| {
            if b != Body::Whole {
                needs.push(sc.weight);
            }
            if b == Body::M2 {
                needs.extend(sc.height);
            }
            b.factor(weight, height)
        };
        match (factor(stated), factor(body)) {
            (Some(a), Some(b)) => compare_range(lo * a, hi * a, op, threshold * b),
            _ => Tri::Unknown,
        }
    }
}

/// Compares a value known to lie in `lo..=hi` with a threshold.
pub fn compare_range(lo: f64, hi: f64, op: Op, t: f64) -> Tri {
    use Ordering::*;
    let (l, h) = (units::compare(lo, t), units::compare(hi, t));
    let (yes, no) = match op {
        Op::Gt => (l == Greater, h != Greater),
        Op::Ge => (l != Less, h == Less),
        Op::Lt => (h == Less, l != Less),
        Op::Le => (h != Greater, l == Greater),
    };
    if yes {
        Tri::True
    } else if no {
        Tri::False
    } else {
        Tri::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_respect_strict_and_inclusive_comparisons() {
        assert_eq!(compare_range(106.0, 106.0, Op::Gt, 106.0), Tri::False);
        assert_eq!(compare_range(107.0, 107.0, Op::Gt, 106.0), Tri::True);
        assert_eq!(compare_range(1.0, 1.0, Op::Ge, 1.0), Tri::True);
        assert_eq!(compare_range(70.0, 70.0, Op::Lt, 70.0), Tri::False);
        assert_eq!(compare_range(70.0, 70.0, Op::Le, 70.0), Tri::True);
    }

    #[test]
    fn a_value_in_the_normal_range_is_below_any_multiple_of_the_upper_limit() {
        assert_eq!(compare_range(0.0, 1.0, Op::Gt, 1.5), Tri::False);
        assert_eq!(compare_range(0.0, 1.0, Op::Gt, 0.5), Tri::Unknown);
    }

    /// Fact 0 a dose, 1 the weight, 2 the height.
    fn dose_rule(op: Op, threshold: f64, body: Body) -> Node {
        Node::Compare(Comparison {
            fact: 0,
            op,
            threshold,
            per: None,
            body,
            scale: Some(Scale {
                weight: 1,
                height: Some(2),
            }),
        })
    }

    #[test]
    fn doses_per_body_are_compared_as_taken_only_when_they_are_reckoned_differently() {
        let per_kg = |v| Known::PerBody(v, Body::Kg);
        // 2.5 mg/kg a day against > 2 mg/kg a day needs no weight at all.
        let known = vec![per_kg(2.5), Known::Missing, Known::Missing];
        assert_eq!(dose_rule(Op::Gt, 2.0, Body::Kg).eval(&known), Tri::True);
        // 150 mg a day against > 2 mg/kg a day needs the weight: open until it is given.
        let mut open = vec![];
        let known = vec![Known::Range(150.0, 150.0), Known::Missing, Known::Missing];
        assert_eq!(
            dose_rule(Op::Gt, 2.0, Body::Kg).eval_open(&known, &mut open),
            Tri::Unknown
        );
        assert_eq!(open, vec![1], "the weight, not the height");
        let at = |kg: f64| {
            vec![
                Known::Range(150.0, 150.0),
                Known::Range(kg, kg),
                Known::DontKnow,
            ]
        };
        assert_eq!(dose_rule(Op::Gt, 2.0, Body::Kg).eval(&at(70.0)), Tri::True);
        assert_eq!(dose_rule(Op::Gt, 2.0, Body::Kg).eval(&at(75.0)), Tri::False);
        // 500 mg/m² a month against 500 mg a month needs both: a 2 m² patient took 1000 mg.
        let known = vec![
            Known::PerBody(500.0, Body::M2),
            Known::Range(64.0, 64.0),
            Known::Range(225.0, 225.0),
        ];
        assert_eq!(
            dose_rule(Op::Ge, 1000.0, Body::Whole).eval(&known),
            Tri::True
        );
        assert_eq!(
            dose_rule(Op::Gt, 1000.0, Body::Whole).eval(&known),
            Tri::False
        );
        let known = vec![
            Known::PerBody(500.0, Body::M2),
            Known::Range(64.0, 64.0),
            Known::DontKnow,
        ];
        assert_eq!(
            dose_rule(Op::Ge, 1000.0, Body::Whole).eval(&known),
            Tri::Unknown
        );
    }

    #[test]
    fn kleene_logic_never_lets_unknown_decide() {
        let known = vec![Known::Bool(true), Known::Missing, Known::Bool(false)];
        let t = || Node::Is {
            fact: 0,
            value: true,
        };
        let u = || Node::Is {
            fact: 1,
            value: true,
        };
        let f = || Node::Is {
            fact: 2,
            value: true,
        };
        assert_eq!(Node::All(vec![t(), u()]).eval(&known), Tri::Unknown);
        assert_eq!(Node::All(vec![f(), u()]).eval(&known), Tri::False);
        assert_eq!(Node::Any(vec![t(), u()]).eval(&known), Tri::True);
        assert_eq!(Node::Any(vec![f(), u()]).eval(&known), Tri::Unknown);
        assert_eq!(
            Node::AtLeast(2, vec![t(), u(), f()]).eval(&known),
            Tri::Unknown
        );
        assert_eq!(
            Node::AtLeast(2, vec![t(), f(), f()]).eval(&known),
            Tri::False
        );
        assert_eq!(Node::Not(Box::new(u())).eval(&known), Tri::Unknown);
        let mut open = vec![];
        let rule = Node::All(vec![t(), u(), Node::StudyTeam]);
        assert_eq!(rule.eval_open(&known, &mut open), Tri::Unknown);
        assert_eq!(open, vec![1]);
        // A decided rule has nothing open, even where an undecided part of it reads a fact.
        let decided = Node::Any(vec![t(), u()]);
        assert_eq!(decided.eval_open(&known, &mut open), Tri::True);
        assert_eq!(open, vec![1], "nothing added");
        let not_decided = Node::Not(Box::new(Node::AtLeast(1, vec![f(), u()])));
        assert_eq!(not_decided.eval_open(&known, &mut open), Tri::Unknown);
        assert_eq!(open, vec![1, 1]);
    }
}
