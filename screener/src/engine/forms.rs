//! Each form of rule in one place: how a rule of that form (its keys already allowed by the
//! table, `model::forms::FORMS`) is built for evaluation, written into a pack and read back,
//! evaluated, and exported as JsonLogic. [`forms!`] lists them, and generates [`Node`] and
//! every match over it.

use super::check::Checker;
use super::pack::{self, Failure, Reader};
use super::rule::{compare_range, open, Known, Op, Tri};
use crate::model::forms::FormId;
use crate::model::{Fact, FactKind, Rule};
use crate::units::{self, Body};
use serde_json::{json, Value};

/// What the engine does with one form of rule.
pub(super) trait Form: Sized {
    /// Built from `r`, a rule of this form at path `p`; `fact` is the fact a test of one fact
    /// tests, already found, of a kind the form suits. Problems are told to `c`.
    fn build(c: &mut Checker, p: &str, r: &Rule, fact: Option<usize>) -> Option<Self>;
    /// What follows the form's byte in a pack.
    fn pack(&self, out: &mut Vec<u8>);
    /// What [`Form::pack`] wrote; the form's byte was at `at`, `depth` rules deep.
    fn unpack(r: &mut Reader, at: usize, depth: usize) -> Result<Self, Failure>;
    /// True, false, or not known from the answers; the parts that read facts push the open
    /// ones onto `out` (see [`Node::eval_open`]).
    fn eval(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri;
    /// Every fact it reads, whatever the answers (with repeats).
    fn reads(&self, out: &mut Vec<usize>);
    /// How many parts of it only the study team can judge.
    fn study_team_parts(&self) -> usize {
        0
    }
    /// As JsonLogic (see [`Node::logic`]).
    fn logic(&self, facts: &[Fact], pass_if: bool) -> Value;
}

macro_rules! forms {
    ($($form:ident($ty:ty),)*) => {
        /// A rule checked against the facts, with fact ids resolved to indexes and thresholds
        /// in the fact's base unit: one variant per form.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Node {
            $($form($ty),)*
        }

        impl Node {
            /// The form this node was written in ([`crate::model::forms::FORMS`]).
            pub fn form(&self) -> FormId {
                match self {
                    $(Node::$form(_) => FormId::$form,)*
                }
            }

            pub(super) fn eval_form(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
                match self {
                    $(Node::$form(n) => n.eval(known, out),)*
                }
            }

            /// Every fact the rule reads, whatever the answers (with repeats).
            pub fn reads(&self, out: &mut Vec<usize>) {
                match self {
                    $(Node::$form(n) => n.reads(out),)*
                }
            }

            /// How many parts of this rule only the study team can judge.
            pub fn study_team_parts(&self) -> usize {
                match self {
                    $(Node::$form(n) => n.study_team_parts(),)*
                }
            }

            /// The rule as JsonLogic over answers in base units, for comparing the engine with
            /// json-logic-js. JsonLogic has no "unknown", so a part only the study team can
            /// judge becomes `pass_if`, the value that lets the patient through (true where it
            /// counts for them, false under a "not" or in an exclusion): what the engine's
            /// three-valued logic concludes when every answer is given.
            pub fn logic(&self, facts: &[Fact], pass_if: bool) -> Value {
                match self {
                    $(Node::$form(n) => n.logic(facts, pass_if),)*
                }
            }

            pub(super) fn pack_form(&self, out: &mut Vec<u8>) {
                match self {
                    $(Node::$form(n) => n.pack(out),)*
                }
            }

            pub(super) fn build(
                id: FormId,
                c: &mut Checker,
                p: &str,
                r: &Rule,
                fact: Option<usize>,
            ) -> Option<Node> {
                match id {
                    $(FormId::$form => <$ty>::build(c, p, r, fact).map(Node::$form),)*
                }
            }

            pub(super) fn unpack(
                id: FormId,
                r: &mut Reader,
                at: usize,
                depth: usize,
            ) -> Result<Node, Failure> {
                match id {
                    $(FormId::$form => <$ty>::unpack(r, at, depth).map(Node::$form),)*
                }
            }
        }
    };
}

forms! {
    All(All),
    Any(Any),
    Not(Not),
    AtLeast(AtLeast),
    Compare(Comparison),
    Is(Is),
    OneOf(OneOf),
    HasAny(HasAny),
    StudyTeam(StudyTeam),
}

/// What a form's mark holds; the table found the mark, so it is there.
fn marked<T>(v: Option<T>) -> T {
    v.expect("a rule's form is found by its mark")
}

fn parts(v: &[Node]) -> usize {
    v.iter().map(Node::study_team_parts).sum()
}

fn logic_list(v: &[Node], facts: &[Fact], pass_if: bool) -> Vec<Value> {
    v.iter().map(|n| n.logic(facts, pass_if)).collect()
}

/// The JsonLogic variable holding fact `f`'s answer.
fn var(facts: &[Fact], f: usize) -> Value {
    json!({ "var": facts[f].id })
}

/// Every rule of a list holds (`All`, a conjunction), or some rule of it (`Any`).
#[derive(Debug, Clone, PartialEq)]
pub struct Junction<const ANY: bool>(pub Vec<Node>);

pub type All = Junction<false>;
pub type Any = Junction<true>;

impl<const ANY: bool> Form for Junction<ANY> {
    fn build(c: &mut Checker, p: &str, r: &Rule, _: Option<usize>) -> Option<Self> {
        let (key, v) = match ANY {
            true => ("any", &r.any),
            false => ("all", &r.all),
        };
        c.rules(p, key, marked(v.as_deref())).map(Junction)
    }

    fn pack(&self, out: &mut Vec<u8>) {
        pack::nodes(out, &self.0)
    }

    fn unpack(r: &mut Reader, _: usize, depth: usize) -> Result<Self, Failure> {
        r.nodes(depth).map(Junction)
    }

    fn eval(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        // One false decides a conjunction, one true a disjunction.
        let decisive = Tri::from_bool(ANY);
        (self.0.iter()).fold(!decisive, |acc, n| match (acc, n.walk(known, out)) {
            (a, b) if a == decisive || b == decisive => decisive,
            (Tri::Unknown, _) | (_, Tri::Unknown) => Tri::Unknown,
            _ => !decisive,
        })
    }

    fn reads(&self, out: &mut Vec<usize>) {
        self.0.iter().for_each(|n| n.reads(out))
    }

    fn study_team_parts(&self) -> usize {
        parts(&self.0)
    }

    fn logic(&self, facts: &[Fact], pass_if: bool) -> Value {
        let op = if ANY { "or" } else { "and" };
        json!({ op: logic_list(&self.0, facts, pass_if) })
    }
}

/// A rule does not hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Not(pub Box<Node>);

impl Form for Not {
    fn build(c: &mut Checker, p: &str, r: &Rule, _: Option<usize>) -> Option<Self> {
        let n = c.rule(&format!("{p}.not"), marked(r.not.as_deref()))?;
        Some(Not(Box::new(n)))
    }

    fn pack(&self, out: &mut Vec<u8>) {
        pack::node(out, &self.0)
    }

    fn unpack(r: &mut Reader, _: usize, depth: usize) -> Result<Self, Failure> {
        Ok(Not(Box::new(r.node(depth + 1)?)))
    }

    fn eval(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        !self.0.walk(known, out)
    }

    fn reads(&self, out: &mut Vec<usize>) {
        self.0.reads(out)
    }

    fn study_team_parts(&self) -> usize {
        self.0.study_team_parts()
    }

    fn logic(&self, facts: &[Fact], pass_if: bool) -> Value {
        json!({ "!": self.0.logic(facts, !pass_if) })
    }
}

/// At least so many rules of a list hold.
#[derive(Debug, Clone, PartialEq)]
pub struct AtLeast(pub usize, pub Vec<Node>);

impl Form for AtLeast {
    fn build(c: &mut Checker, p: &str, r: &Rule, _: Option<usize>) -> Option<Self> {
        let (k, v) = (marked(r.at_least), marked(r.of.as_deref()));
        if k as usize > v.len() {
            c.error(
                &format!("{p}.at_least"),
                format!("at_least {k} of only {} rules can never be met", v.len()),
            );
        }
        c.rules(p, "of", v).map(|n| AtLeast(k as usize, n))
    }

    fn pack(&self, out: &mut Vec<u8>) {
        pack::u32_(out, self.0);
        pack::nodes(out, &self.1);
    }

    fn unpack(r: &mut Reader, _: usize, depth: usize) -> Result<Self, Failure> {
        let k = r.u32()?;
        Ok(AtLeast(k, r.nodes(depth)?))
    }

    fn eval(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        let (mut yes, mut maybe) = (0, 0);
        for n in &self.1 {
            match n.walk(known, out) {
                Tri::True => yes += 1,
                Tri::Unknown => maybe += 1,
                Tri::False => {}
            }
        }
        if yes >= self.0 {
            Tri::True
        } else if yes + maybe < self.0 {
            Tri::False
        } else {
            Tri::Unknown
        }
    }

    fn reads(&self, out: &mut Vec<usize>) {
        self.1.iter().for_each(|n| n.reads(out))
    }

    fn study_team_parts(&self) -> usize {
        parts(&self.1)
    }

    fn logic(&self, facts: &[Fact], pass_if: bool) -> Value {
        let counts = logic_list(&self.1, facts, pass_if).into_iter();
        let counts: Vec<Value> = counts.map(|x| json!({ "if": [x, 1, 0] })).collect();
        json!({ ">=": [{ "+": counts }, self.0] })
    }
}

/// A yes/no fact's answer is this.
#[derive(Debug, Clone, PartialEq)]
pub struct Is {
    pub fact: usize,
    pub value: bool,
}

impl Form for Is {
    fn build(_: &mut Checker, _: &str, r: &Rule, fact: Option<usize>) -> Option<Self> {
        Some(Is {
            fact: marked(fact),
            value: marked(r.is),
        })
    }

    fn pack(&self, out: &mut Vec<u8>) {
        pack::u32_(out, self.fact);
        out.push(u8::from(self.value));
    }

    fn unpack(r: &mut Reader, _: usize, _: usize) -> Result<Self, Failure> {
        Ok(Is {
            fact: r.fact()?,
            value: r.u8()? != 0,
        })
    }

    fn eval(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        match known[self.fact] {
            Known::Bool(b) => Tri::from_bool(b == self.value),
            _ => open(self.fact, known, out),
        }
    }

    fn reads(&self, out: &mut Vec<usize>) {
        out.push(self.fact)
    }

    fn logic(&self, facts: &[Fact], _: bool) -> Value {
        json!({ "===": [var(facts, self.fact), self.value] })
    }
}

/// A test of which options were chosen, by index: the one option of a choice fact is one of
/// these (`OneOf`), or some option chosen for a multi fact is (`HasAny`).
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen<const MULTI: bool> {
    pub fact: usize,
    pub options: Vec<usize>,
}

pub type OneOf = Chosen<false>;
pub type HasAny = Chosen<true>;

impl<const MULTI: bool> Form for Chosen<MULTI> {
    fn build(c: &mut Checker, p: &str, r: &Rule, fact: Option<usize>) -> Option<Self> {
        let (id, ids) = match MULTI {
            true => (FormId::HasAny, &r.has_any),
            false => (FormId::OneOf, &r.one_of),
        };
        let fact = marked(fact);
        let path = format!("{p}.{}", id.form().mark);
        let options = c.options(&path, fact, marked(ids.as_deref()))?;
        Some(Chosen { fact, options })
    }

    fn pack(&self, out: &mut Vec<u8>) {
        pack::u32_(out, self.fact);
        pack::u32_(out, self.options.len());
        self.options.iter().for_each(|o| pack::u32_(out, *o));
    }

    fn unpack(r: &mut Reader, at: usize, _: usize) -> Result<Self, Failure> {
        let fact = r.fact()?;
        let known = r.facts[fact].answer.options().len();
        let options = r.list(pack::OPTION_BYTES, |r| match r.u32()? {
            o if o < known => Ok(o),
            _ => Err((at, "an option that does not exist")),
        })?;
        Ok(Chosen { fact, options })
    }

    fn eval(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        match (&known[self.fact], MULTI) {
            (Known::Choice(c), false) => Tri::from_bool(self.options.contains(c)),
            (Known::Multi(chosen), true) => {
                Tri::from_bool(chosen.iter().any(|c| self.options.contains(c)))
            }
            _ => open(self.fact, known, out),
        }
    }

    fn reads(&self, out: &mut Vec<usize>) {
        out.push(self.fact)
    }

    fn logic(&self, facts: &[Fact], _: bool) -> Value {
        let all = facts[self.fact].answer.options();
        let ids: Vec<&str> = self.options.iter().map(|o| all[*o].id.as_str()).collect();
        let var = var(facts, self.fact);
        match MULTI {
            true => json!({ "some": [var, { "in": [{ "var": "" }, ids] }] }),
            false => json!({ "in": [var, ids] }),
        }
    }
}

/// A part only the study team can judge: never true or false for the patient.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyTeam;

impl Form for StudyTeam {
    fn build(c: &mut Checker, p: &str, r: &Rule, _: Option<usize>) -> Option<Self> {
        c.text(&format!("{p}.study_team"), marked(r.study_team.as_ref()));
        Some(StudyTeam)
    }

    fn pack(&self, _: &mut Vec<u8>) {}

    fn unpack(_: &mut Reader, _: usize, _: usize) -> Result<Self, Failure> {
        Ok(StudyTeam)
    }

    fn eval(&self, _: &[Known], _: &mut Option<&mut Vec<usize>>) -> Tri {
        Tri::Unknown
    }

    fn reads(&self, _: &mut Vec<usize>) {}

    fn study_team_parts(&self) -> usize {
        1
    }

    fn logic(&self, _: &[Fact], pass_if: bool) -> Value {
        json!(pass_if)
    }
}

/// A fact's answer compared with a threshold in the fact's base unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub fact: usize,
    pub op: Op,
    pub threshold: f64,
    /// What the threshold is per (a dose of 2 mg/kg/day is per kilogram).
    pub body: Body,
    /// What few comparisons need besides, kept apart: rules are most of a large screener's
    /// memory, and every rule is as large as its largest form.
    scaled: Option<Box<Scaled>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Scaled {
    per: Option<usize>,
    scale: Option<Scale>,
}

/// The facts a dose per body is scaled by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub weight: usize,
    pub height: Option<usize>,
}

impl Comparison {
    /// `per` multiplies the threshold by this fact's number (a limit per kilogram of weight);
    /// `scale`, for quantities with units per kilogram or square metre, is the weight fact and
    /// the height fact, which turn a dose stated per body into one as taken, and back.
    pub fn new(
        fact: usize,
        op: Op,
        threshold: f64,
        per: Option<usize>,
        body: Body,
        scale: Option<Scale>,
    ) -> Comparison {
        let scaled = (per.is_some() || scale.is_some()).then(|| Box::new(Scaled { per, scale }));
        Comparison {
            fact,
            op,
            threshold,
            body,
            scaled,
        }
    }

    pub fn per(&self) -> Option<usize> {
        self.scaled.as_ref().and_then(|s| s.per)
    }

    pub fn scale(&self) -> Option<Scale> {
        self.scaled.as_ref().and_then(|s| s.scale)
    }
}

impl Form for Comparison {
    fn build(c: &mut Checker, p: &str, r: &Rule, fact: Option<usize>) -> Option<Self> {
        let (fi, op) = (marked(fact), marked(r.op.as_deref()));
        let Some(op) = Op::parse(op) else {
            c.error(
                &format!("{p}.op"),
                format!("unknown comparison \"{op}\"; use <, <=, > or >="),
            );
            return None;
        };
        let Some(value) = r.value else {
            c.error(p, "a comparison needs \"value\"");
            return None;
        };
        if !c.number(&format!("{p}.value"), value) {
            return None;
        }
        let facts = c.facts();
        let quantity = match &facts[fi].answer {
            FactKind::Number { quantity, .. } => units::quantity(quantity)?,
            FactKind::Date => units::quantity("time_ago")?,
            _ => units::quantity("times_uln")?,
        };
        let unit_id = r.unit.as_deref().unwrap_or_default();
        let Some(unit) = quantity.unit(unit_id) else {
            let known: Vec<&str> = quantity.units.iter().map(|u| u.id).collect();
            if r.unit.is_none() {
                c.error(
                    p,
                    format!("a comparison needs \"unit\", one of {}", known.join(", ")),
                );
            } else {
                c.unknown_id(
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
                let pi = c.fact(&format!("{p}.per"), id)?;
                if !matches!(facts[pi].answer, FactKind::Number { .. }) {
                    c.error(
                        &format!("{p}.per"),
                        format!("\"per\" needs a number fact; \"{id}\" is not one"),
                    );
                    return None;
                }
                Some(pi)
            }
        };
        let scale = if quantity.per_body() {
            let by = |q: &str| {
                let number = |f: &Fact| matches!(&f.answer, FactKind::Number { quantity, .. } if quantity == q);
                facts.iter().position(number)
            };
            match (by("weight"), by("height")) {
                (Some(weight), height) if unit.body != Body::M2 || height.is_some() => {
                    Some(Scale { weight, height })
                }
                _ => {
                    c.error(
                        &format!("{p}.unit"),
                        "a dose per kilogram needs a fact with quantity \"weight\", and per square metre one with \"height\" as well",
                    );
                    return None;
                }
            }
        } else {
            None
        };
        Some(Comparison::new(
            fi,
            op,
            unit.to_base(value),
            per,
            unit.body,
            scale,
        ))
    }

    fn pack(&self, out: &mut Vec<u8>) {
        // Optional facts are written plus one, 0 for none.
        let (scale, plus_one) = (self.scale(), |f: Option<usize>| f.map_or(0, |f| f + 1));
        pack::u32_(out, self.fact);
        out.push(pack::op_byte(self.op));
        out.extend(self.threshold.to_le_bytes());
        pack::u32_(out, plus_one(self.per()));
        out.push(pack::body_byte(self.body));
        pack::u32_(out, plus_one(scale.map(|s| s.weight)));
        pack::u32_(out, plus_one(scale.and_then(|s| s.height)));
    }

    fn unpack(r: &mut Reader, at: usize, _: usize) -> Result<Self, Failure> {
        let fact = r.fact()?;
        let op = pack::op(r.u8()?).ok_or((at, "an unknown comparison"))?;
        let threshold = r.f64()?;
        if !threshold.is_finite() {
            return Err((at, "a comparison with no number"));
        }
        let per = r.optional_fact(at)?;
        let body = pack::body(r.u8()?).ok_or((at, "an unknown kind of dose"))?;
        let scale = match (r.optional_fact(at)?, r.optional_fact(at)?) {
            (Some(weight), height) => Some(Scale { weight, height }),
            (None, None) => None,
            (None, Some(_)) => return Err((at, "a height without a weight")),
        };
        if body != Body::Whole && scale.is_none() {
            return Err((at, "a dose per body without the facts to scale it"));
        }
        Ok(Comparison::new(fact, op, threshold, per, body, scale))
    }

    fn eval(&self, known: &[Known], out: &mut Option<&mut Vec<usize>>) -> Tri {
        let mut needs = Needs::default();
        let value = self.compare(known, &mut needs);
        if let (Tri::Unknown, Some(out)) = (value, out.as_mut()) {
            out.extend(needs.facts().iter().filter(|f| known[**f].is_open()));
        }
        value
    }

    fn reads(&self, out: &mut Vec<usize>) {
        out.extend(std::iter::once(self.fact).chain(self.per()));
        if let Some(sc) = self.scale() {
            out.extend(std::iter::once(sc.weight).chain(sc.height));
        }
    }

    /// Compared in base units; JsonLogic has no doses per body, so `body` and `scale` are
    /// left out (answers are given as taken).
    fn logic(&self, facts: &[Fact], _: bool) -> Value {
        let rhs = match self.per() {
            Some(p) => json!({ "*": [self.threshold, var(facts, p)] }),
            None => json!(self.threshold),
        };
        let op = match self.op {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        };
        json!({ op: [var(facts, self.fact), rhs] })
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
    fn compare(&self, known: &[Known], needs: &mut Needs) -> Tri {
        let (fact, per, scale) = (self.fact, self.per(), self.scale());
        needs.push(fact);
        needs.extend(per);
        let (lo, hi, stated) = match known[fact] {
            Known::Range(lo, hi) => (lo, hi, Body::Whole),
            Known::PerBody(v, b) => (v, v, b),
            _ => return Tri::Unknown,
        };
        let (op, body, mut threshold) = (self.op, self.body, self.threshold);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_is_as_small_as_its_smaller_forms_allow() {
        // Rules are most of a large screener's memory (over a million at 10,000 trials), and
        // each is as large as its largest form: a comparison keeps what few need apart.
        let word = std::mem::size_of::<usize>();
        assert!(
            std::mem::size_of::<Comparison>() <= 16 + 2 * word,
            "{}",
            std::mem::size_of::<Comparison>()
        );
        assert!(
            std::mem::size_of::<Node>() <= 16 + 3 * word,
            "{}",
            std::mem::size_of::<Node>()
        );
    }
}
