//! Compiled rules and their three-valued evaluation over the patient's resolved answers.

pub use super::forms::Node;
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
    pub(super) fn from_bool(b: bool) -> Tri {
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
    pub(super) fn is_open(&self) -> bool {
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
    pub(super) fn walk(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        let mark = out.as_ref().map_or(0, |o| o.len());
        let value = self.eval_form(known, out);
        if value != Tri::Unknown {
            if let Some(out) = out {
                out.truncate(mark);
            }
        }
        value
    }
}

/// A test of one fact the answers do not decide: the fact is open unless it was answered in a
/// form this test cannot read.
pub(super) fn open(fact: usize, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
    if let Some(out) = out.as_mut().filter(|_| known[fact].is_open()) {
        out.push(fact);
    }
    Tri::Unknown
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
    use super::super::forms::{AtLeast, Comparison, Is, Junction, Not, Scale, StudyTeam};
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
        let scale = Scale {
            weight: 1,
            height: Some(2),
        };
        Node::Compare(Comparison::new(0, op, threshold, None, body, Some(scale)))
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
        let t = || {
            Node::Is(Is {
                fact: 0,
                value: true,
            })
        };
        let u = || {
            Node::Is(Is {
                fact: 1,
                value: true,
            })
        };
        let f = || {
            Node::Is(Is {
                fact: 2,
                value: true,
            })
        };
        assert_eq!(
            Node::All(Junction(vec![t(), u()])).eval(&known),
            Tri::Unknown
        );
        assert_eq!(Node::All(Junction(vec![f(), u()])).eval(&known), Tri::False);
        assert_eq!(Node::Any(Junction(vec![t(), u()])).eval(&known), Tri::True);
        assert_eq!(
            Node::Any(Junction(vec![f(), u()])).eval(&known),
            Tri::Unknown
        );
        assert_eq!(
            Node::AtLeast(AtLeast(2, vec![t(), u(), f()])).eval(&known),
            Tri::Unknown
        );
        assert_eq!(
            Node::AtLeast(AtLeast(2, vec![t(), f(), f()])).eval(&known),
            Tri::False
        );
        assert_eq!(Node::Not(Not(Box::new(u()))).eval(&known), Tri::Unknown);
        let mut open = vec![];
        let rule = Node::All(Junction(vec![t(), u(), Node::StudyTeam(StudyTeam)]));
        assert_eq!(rule.eval_open(&known, &mut open), Tri::Unknown);
        assert_eq!(open, vec![1]);
        // A decided rule has nothing open, even where an undecided part of it reads a fact.
        let decided = Node::Any(Junction(vec![t(), u()]));
        assert_eq!(decided.eval_open(&known, &mut open), Tri::True);
        assert_eq!(open, vec![1], "nothing added");
        let not_decided = Node::Not(Not(Box::new(Node::AtLeast(AtLeast(1, vec![f(), u()])))));
        assert_eq!(not_decided.eval_open(&known, &mut open), Tri::Unknown);
        assert_eq!(open, vec![1, 1]);
    }
}
