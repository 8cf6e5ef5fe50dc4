//! Compiled rules and their three-valued evaluation over the patient's resolved answers.

use crate::units;
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
#[derive(Debug, Clone)]
pub enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    AtLeast(usize, Vec<Node>),
    Compare {
        fact: usize,
        op: Op,
        threshold: f64,
        per: Option<usize>,
    },
    Is {
        fact: usize,
        value: bool,
    },
    OneOf {
        fact: usize,
        options: Vec<usize>,
    },
    HasAny {
        fact: usize,
        options: Vec<usize>,
    },
    StudyTeam,
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
}

impl Known {
    fn is_open(&self) -> bool {
        matches!(self, Known::Missing | Known::DontKnow)
    }
}

impl Node {
    pub fn eval(&self, known: &[Known]) -> Tri {
        match self {
            Node::All(v) => v
                .iter()
                .fold(Tri::True, |acc, n| match (acc, n.eval(known)) {
                    (Tri::False, _) | (_, Tri::False) => Tri::False,
                    (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
                    _ => Tri::True,
                }),
            Node::Any(v) => v
                .iter()
                .fold(Tri::False, |acc, n| match (acc, n.eval(known)) {
                    (Tri::True, _) | (_, Tri::True) => Tri::True,
                    (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
                    _ => Tri::False,
                }),
            Node::Not(n) => !n.eval(known),
            Node::AtLeast(k, v) => {
                let vals: Vec<Tri> = v.iter().map(|n| n.eval(known)).collect();
                let yes = vals.iter().filter(|t| **t == Tri::True).count();
                let maybe = vals.iter().filter(|t| **t == Tri::Unknown).count();
                if yes >= *k {
                    Tri::True
                } else if yes + maybe < *k {
                    Tri::False
                } else {
                    Tri::Unknown
                }
            }
            Node::Compare {
                fact,
                op,
                threshold,
                per,
            } => {
                let Known::Range(lo, hi) = known[*fact] else {
                    return Tri::Unknown;
                };
                let t = match per {
                    None => *threshold,
                    Some(p) => match known[*p] {
                        Known::Range(a, b) if a == b => threshold * a,
                        _ => return Tri::Unknown,
                    },
                };
                compare_range(lo, hi, *op, t)
            }
            Node::Is { fact, value } => match known[*fact] {
                Known::Bool(b) => Tri::from_bool(b == *value),
                _ => Tri::Unknown,
            },
            Node::OneOf { fact, options } => match known[*fact] {
                Known::Choice(c) => Tri::from_bool(options.contains(&c)),
                _ => Tri::Unknown,
            },
            Node::HasAny { fact, options } => match &known[*fact] {
                Known::Multi(chosen) => Tri::from_bool(chosen.iter().any(|c| options.contains(c))),
                _ => Tri::Unknown,
            },
            Node::StudyTeam => Tri::Unknown,
        }
    }

    /// The facts whose answers could still decide this rule: those read by the parts of it that
    /// are themselves undecided. Empty when the rule is decided, or when only the study team can
    /// decide it.
    pub fn open_facts(&self, known: &[Known], out: &mut Vec<usize>) {
        if self.eval(known) != Tri::Unknown {
            return;
        }
        match self {
            Node::All(v) | Node::Any(v) | Node::AtLeast(_, v) => {
                v.iter().for_each(|n| n.open_facts(known, out))
            }
            Node::Not(n) => n.open_facts(known, out),
            Node::Compare { fact, per, .. } => {
                if known[*fact].is_open() {
                    out.push(*fact);
                }
                if let Some(p) = per {
                    if known[*p].is_open() {
                        out.push(*p);
                    }
                }
            }
            Node::Is { fact, .. } | Node::OneOf { fact, .. } | Node::HasAny { fact, .. } => {
                if known[*fact].is_open() {
                    out.push(*fact)
                }
            }
            Node::StudyTeam => {}
        }
    }

    /// Every fact the rule reads, whatever the answers (with repeats).
    pub fn reads(&self, out: &mut Vec<usize>) {
        match self {
            Node::All(v) | Node::Any(v) | Node::AtLeast(_, v) => {
                v.iter().for_each(|n| n.reads(out))
            }
            Node::Not(n) => n.reads(out),
            Node::Compare { fact, per, .. } => out.extend(std::iter::once(*fact).chain(*per)),
            Node::Is { fact, .. } | Node::OneOf { fact, .. } | Node::HasAny { fact, .. } => {
                out.push(*fact)
            }
            Node::StudyTeam => {}
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
        Node::All(vec![t(), u(), Node::StudyTeam]).open_facts(&known, &mut open);
        assert_eq!(open, vec![1]);
    }
}
