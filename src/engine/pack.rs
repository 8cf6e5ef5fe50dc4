//! The packed form of a checked trials file, for networks listing thousands of trials: what
//! screening needs (facts, trial ids, compiled rules) in a compact binary form read at once,
//! and each trial's description kept as compressed JSON, read only when a page shows it.
//!
//! Layout, little-endian: the magic bytes, the format number (u32), a checksum (u64) of all
//! that follows; then the head (u32 length, JSON: version, languages, groups, facts); the
//! warnings `check` gave (u32 length, JSON, read only when asked for);
//! the trial count (u32) and each trial's id, description length and compiled criteria; then
//! the descriptions (JSON, each deflated on its own) one after another. `prescreen pack` writes
//! it from a file `check` accepted, so loading a pack checks only that it is whole and that
//! every reference in it holds.

use super::check::{Finding, Test, TrialRules};
use super::rule::{Node, Op};
use super::{Screener, Trials};
use crate::model::{CriterionKind, Fact, Group, Trial};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"PRESCRN\x01";
const FORMAT: u32 = 1;
/// Where the checksummed part starts: after the magic, the format and the checksum itself.
const BODY: usize = 8 + 4 + 8;
/// Rules nest a few levels; a deeper one can only come from a damaged or hand-made pack.
const MAX_DEPTH: usize = 64;
/// No trial's description comes near this; a larger one can only come from a hand-made pack.
const MAX_DESCRIPTION: usize = 64 << 20;

/// The byte that starts each kind of rule, for writing and reading alike.
const ALL: u8 = 0;
const ANY: u8 = 1;
const NOT: u8 = 2;
const AT_LEAST: u8 = 3;
const COMPARE: u8 = 4;
const IS: u8 = 5;
const ONE_OF: u8 = 6;
const HAS_ANY: u8 = 7;
const STUDY_TEAM: u8 = 8;
/// Comparisons, by their byte.
const OPS: [Op; 4] = [Op::Lt, Op::Le, Op::Gt, Op::Ge];

/// Whether these bytes start like a pack (rather than a trials file's JSON).
pub fn is_pack(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The trials' descriptions as compressed JSON, one after another, read one at a time. Held
/// compressed: at 10,000 trials that is a third of the memory, for about 20 µs per trial read.
pub struct Descriptions {
    bytes: Vec<u8>,
    spans: Vec<(u32, u32)>,
    warnings: (u32, u32),
}

impl Descriptions {
    /// Keeps the descriptions whose flag (in trial order) is set.
    pub fn retain(&mut self, keep: &[bool]) {
        super::retain_flagged(&mut self.spans, keep);
    }

    /// The warnings `check` gave when the pack was written. Only a clinic's tools show them, so
    /// they are read when asked for; the checksum held, so they read unless this module is wrong.
    pub fn warnings(&self) -> Vec<Finding> {
        let (start, end) = self.warnings;
        std::str::from_utf8(&self.bytes[start as usize..end as usize])
            .ok()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default()
    }

    fn deflated(&self, t: usize) -> &[u8] {
        let (start, end) = self.spans[t];
        &self.bytes[start as usize..end as usize]
    }

    pub fn trial(&self, t: usize, id: &str) -> Trial {
        // The checksum held when the pack was loaded, and `pack` wrote each description from
        // a trial it had just read back, so this cannot fail short of a bug in this module.
        description(self.deflated(t))
            .unwrap_or_else(|e| panic!("the pack's description of {id} cannot be read: {e}"))
    }
}

fn description(deflated: &[u8]) -> Result<Trial, String> {
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_DESCRIPTION)
        .map_err(|e| e.to_string())?;
    // Read as text, like a trials file, so the app carries one JSON reader for trials.
    let text = std::str::from_utf8(&json).map_err(|e| e.to_string())?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[derive(Serialize)]
struct HeadOut<'a> {
    version: &'a str,
    languages: &'a [String],
    groups: &'a [Group],
    facts: &'a [Fact],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    version: String,
    languages: Vec<String>,
    groups: Vec<Group>,
    facts: Vec<Fact>,
}

/// Writes the screener's trials in packed form.
pub fn write(s: &Screener) -> Vec<u8> {
    let mut out = Vec::from(&MAGIC[..]);
    out.extend(FORMAT.to_le_bytes());
    out.extend(0u64.to_le_bytes());
    let head = HeadOut {
        version: &s.version,
        languages: &s.languages,
        groups: &s.groups,
        facts: &s.facts,
    };
    bytes(
        &mut out,
        &serde_json::to_vec(&head).expect("plain data serializes"),
    );
    let warnings = serde_json::to_vec(s.warnings()).expect("plain data serializes");
    bytes(&mut out, &warnings);
    let descriptions: Vec<Vec<u8>> = (0..s.trial_count())
        .map(|t| match &s.trials {
            Trials::Packed(d) => d.deflated(t).to_vec(),
            Trials::Read(trials) => {
                let json = serde_json::to_vec(&trials[t]).expect("plain data serializes");
                let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
                let back = description(&deflated).expect("reads back");
                assert!(
                    back == trials[t],
                    "{} does not read back as written",
                    trials[t].id
                );
                deflated
            }
        })
        .collect();
    u32_(&mut out, s.rules.len());
    for (rules, json) in s.rules.iter().zip(&descriptions) {
        bytes(&mut out, rules.id.as_bytes());
        u32_(&mut out, json.len());
        u32_(&mut out, rules.subgroups.len());
        for list in rules.lists() {
            u32_(&mut out, list.len());
            for test in list {
                let flags = u8::from(test.kind == CriterionKind::Exclusion)
                    | u8::from(test.rule.is_some()) << 1
                    | u8::from(test.study_team) << 2;
                out.push(flags);
                if let Some(n) = &test.rule {
                    node(&mut out, n);
                }
            }
        }
    }
    for json in &descriptions {
        out.extend(json);
    }
    let sum = checksum(&out[BODY..]);
    out[12..BODY].copy_from_slice(&sum.to_le_bytes());
    out
}

fn u32_(out: &mut Vec<u8>, n: usize) {
    out.extend(
        u32::try_from(n)
            .expect("counts fit in 32 bits")
            .to_le_bytes(),
    );
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    u32_(out, b.len());
    out.extend(b);
}

fn node(out: &mut Vec<u8>, n: &Node) {
    let list = |out: &mut Vec<u8>, v: &[Node]| {
        u32_(out, v.len());
        v.iter().for_each(|c| node(out, c));
    };
    match n {
        Node::All(v) => {
            out.push(ALL);
            list(out, v);
        }
        Node::Any(v) => {
            out.push(ANY);
            list(out, v);
        }
        Node::Not(c) => {
            out.push(NOT);
            node(out, c);
        }
        Node::AtLeast(k, v) => {
            out.push(AT_LEAST);
            u32_(out, *k);
            list(out, v);
        }
        Node::Compare {
            fact,
            op,
            threshold,
            per,
        } => {
            out.push(COMPARE);
            u32_(out, *fact);
            out.push(
                OPS.iter()
                    .position(|o| o == op)
                    .expect("every comparison has a byte") as u8,
            );
            out.extend(threshold.to_le_bytes());
            u32_(out, per.map_or(0, |p| p + 1));
        }
        Node::Is { fact, value } => {
            out.push(IS);
            u32_(out, *fact);
            out.push(u8::from(*value));
        }
        Node::OneOf { fact, options } | Node::HasAny { fact, options } => {
            out.push(if matches!(n, Node::OneOf { .. }) {
                ONE_OF
            } else {
                HAS_ANY
            });
            u32_(out, *fact);
            u32_(out, options.len());
            options.iter().for_each(|o| u32_(out, *o));
        }
        Node::StudyTeam => out.push(STUDY_TEAM),
    }
}

/// A 64-bit checksum over 8-byte words: any changed word, and any change of length, changes it.
fn checksum(b: &[u8]) -> u64 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut words = b.chunks_exact(8);
    let mut h = mix(0x243F_6A88_85A3_08D3, b.len() as u64);
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    words
        .remainder()
        .iter()
        .fold(h, |h, &x| mix(h, u64::from(x)))
}

fn problem(message: String) -> Vec<Finding> {
    vec![Finding::error("", (1, 1), message)]
}

/// Reads a pack written by [`write`], checking that it is whole and that every fact and option
/// it refers to exists.
pub fn read(bytes: Vec<u8>) -> Result<Screener, Vec<Finding>> {
    if !is_pack(&bytes) || bytes.len() < BODY {
        return Err(problem(
            "not a trials pack written by `prescreen pack`".into(),
        ));
    }
    let format = u32::from_le_bytes(bytes[8..12].try_into().expect("four bytes"));
    if format != FORMAT {
        return Err(problem(format!(
            "this pack has format {format}, and this screener reads format {FORMAT}: write it again with this version's `prescreen pack`"
        )));
    }
    let stored = u64::from_le_bytes(bytes[12..BODY].try_into().expect("eight bytes"));
    if checksum(&bytes[BODY..]) != stored {
        return Err(problem(
            "the pack is damaged or cut short (its checksum does not match): upload it again, or write it again with `prescreen pack`".into(),
        ));
    }
    let damaged = |(at, m): Failure| {
        problem(format!(
            "the pack's byte {at} does not hold what it should ({m}): write it again with `prescreen pack`"
        ))
    };
    let mut r = Reader {
        bytes: &bytes,
        at: BODY,
        facts: &[],
    };
    let head = r.head().map_err(damaged)?;
    let len = r.count().map_err(damaged)?;
    let warnings = (r.at as u32, (r.at + len) as u32);
    r.take(len).map_err(damaged)?;
    let mut r = Reader {
        facts: &head.facts,
        ..r
    };
    let (trials, lengths) = r.trials().map_err(damaged)?;
    let mut start = r.at;
    let mut spans = Vec::with_capacity(lengths.len());
    for len in lengths {
        spans.push((start as u32, (start + len) as u32));
        start += len;
    }
    if start != bytes.len() {
        return Err(problem(format!(
            "the pack's descriptions end at byte {start}, but the pack has {} bytes: write it again with `prescreen pack`",
            bytes.len()
        )));
    }
    let Head {
        version,
        languages,
        groups,
        facts,
    } = head;
    Ok(Screener::assemble(
        (version, languages, groups, facts),
        Trials::Packed(Descriptions {
            bytes,
            spans,
            warnings,
        }),
        trials,
        OnceLock::new(),
    ))
}

type Failure = (usize, &'static str);

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    facts: &'a [Fact],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Failure> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or((self.at, "the pack ends too soon"))?;
        let b = &self.bytes[self.at..end];
        self.at = end;
        Ok(b)
    }

    fn u8(&mut self) -> Result<u8, Failure> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<usize, Failure> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes(b.try_into().expect("four bytes")) as usize)
    }

    /// A count of items at least one byte each, so a damaged count cannot ask for more memory
    /// than the pack could fill.
    fn count(&mut self) -> Result<usize, Failure> {
        let at = self.at;
        let n = self.u32()?;
        if n > self.bytes.len() - self.at {
            return Err((at, "a count larger than the pack"));
        }
        Ok(n)
    }

    fn fact(&mut self) -> Result<usize, Failure> {
        let at = self.at;
        let f = self.u32()?;
        if f >= self.facts.len() {
            return Err((at, "a fact that does not exist"));
        }
        Ok(f)
    }

    fn head(&mut self) -> Result<Head, Failure> {
        let len = self.count()?;
        let head = std::str::from_utf8(self.take(len)?);
        let head = head.map_err(|_| (BODY, "facts and languages as text"))?;
        serde_json::from_str(head).map_err(|_| (BODY, "facts and languages as JSON"))
    }

    fn trials(&mut self) -> Result<(Vec<TrialRules>, Vec<usize>), Failure> {
        let n = self.count()?;
        let mut trials = Vec::with_capacity(n);
        let mut lengths = Vec::with_capacity(n);
        for _ in 0..n {
            let len = self.count()?;
            let at = self.at;
            let id =
                std::str::from_utf8(self.take(len)?).map_err(|_| (at, "an id that is not text"))?;
            lengths.push(self.u32()?);
            let groups = self.count()?;
            let criteria = self.tests()?;
            let mut subgroups = Vec::with_capacity(groups);
            for _ in 0..groups {
                subgroups.push(self.tests()?);
            }
            trials.push(TrialRules {
                id: id.to_string(),
                criteria,
                subgroups,
            });
        }
        Ok((trials, lengths))
    }

    fn tests(&mut self) -> Result<Vec<Test>, Failure> {
        // Loops that push into lists made to size: collecting results would grow them instead,
        // and reading a pack is mostly this.
        let n = self.count()?;
        let mut tests = Vec::with_capacity(n);
        for _ in 0..n {
            let flags = self.u8()?;
            tests.push(Test {
                kind: if flags & 1 == 0 {
                    CriterionKind::Inclusion
                } else {
                    CriterionKind::Exclusion
                },
                rule: if flags & 2 == 0 {
                    None
                } else {
                    Some(self.node(0)?)
                },
                study_team: flags & 4 != 0,
            });
        }
        Ok(tests)
    }

    fn node(&mut self, depth: usize) -> Result<Node, Failure> {
        let at = self.at;
        if depth > MAX_DEPTH {
            return Err((at, "rules nested too deep"));
        }
        let list = |r: &mut Self| -> Result<Vec<Node>, Failure> {
            let n = r.count()?;
            let mut nodes = Vec::with_capacity(n);
            for _ in 0..n {
                nodes.push(r.node(depth + 1)?);
            }
            Ok(nodes)
        };
        Ok(match self.u8()? {
            ALL => Node::All(list(self)?),
            ANY => Node::Any(list(self)?),
            NOT => Node::Not(Box::new(self.node(depth + 1)?)),
            AT_LEAST => {
                let k = self.u32()?;
                Node::AtLeast(k, list(self)?)
            }
            COMPARE => {
                let fact = self.fact()?;
                let op = *OPS
                    .get(usize::from(self.u8()?))
                    .ok_or((at, "an unknown comparison"))?;
                let threshold = f64::from_le_bytes(self.take(8)?.try_into().expect("eight bytes"));
                let per = match self.u32()? {
                    0 => None,
                    p if p - 1 < self.facts.len() => Some(p - 1),
                    _ => return Err((at, "a fact that does not exist")),
                };
                Node::Compare {
                    fact,
                    op,
                    threshold,
                    per,
                }
            }
            IS => Node::Is {
                fact: self.fact()?,
                value: self.u8()? != 0,
            },
            tag @ (ONE_OF | HAS_ANY) => {
                let fact = self.fact()?;
                let known = self.facts[fact].answer.options().len();
                let n = self.count()?;
                let options = (0..n)
                    .map(|_| match self.u32()? {
                        o if o < known => Ok(o),
                        _ => Err((at, "an option that does not exist")),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if tag == ONE_OF {
                    Node::OneOf { fact, options }
                } else {
                    Node::HasAny { fact, options }
                }
            }
            STUDY_TEAM => Node::StudyTeam,
            _ => return Err((at, "an unknown kind of rule")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Answers;

    const TRIALS: &str = include_str!("../../trials.json");

    fn packed() -> (Screener, Vec<u8>) {
        let s = Screener::load(TRIALS).expect("trials.json loads");
        let bytes = write(&s);
        (s, bytes)
    }

    fn error(bytes: Vec<u8>) -> String {
        match read(bytes) {
            Ok(_) => panic!("a damaged pack loaded"),
            Err(e) => e[0].message.clone(),
        }
    }

    fn patients() -> Vec<Answers> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/patients");
        let s = Screener::load(TRIALS).expect("trials.json loads");
        let mut all: Vec<Answers> = std::fs::read_dir(dir)
            .expect("the sample patients exist")
            .map(|f| std::fs::read_to_string(f.expect("a file").path()).expect("readable"))
            .map(|text| s.parse_answers(&text).expect("a sample parses"))
            .collect();
        all.push(Answers::default());
        all
    }

    fn reseal(bytes: &mut [u8]) {
        let sum = checksum(&bytes[BODY..]);
        bytes[12..BODY].copy_from_slice(&sum.to_le_bytes());
    }

    #[test]
    fn a_pack_screens_exactly_as_the_file_it_came_from() {
        let (s, bytes) = packed();
        let p = read(bytes).expect("the pack loads");
        assert_eq!(
            (p.version(), p.languages(), p.groups(), p.facts()),
            (s.version(), s.languages(), s.groups(), s.facts())
        );
        assert_eq!(p.warnings(), s.warnings());
        assert!(
            !s.warnings().is_empty(),
            "the warnings are carried, not just none"
        );
        assert_eq!(p.rules, s.rules);
        assert_eq!(p.trial_count(), 5);
        for t in 0..s.trial_count() {
            assert_eq!(p.trial(t), s.trial(t));
            assert!(matches!(p.trial(t), std::borrow::Cow::Owned(_)));
        }
        let answers = patients();
        assert!(answers.len() >= 8);
        for a in &answers {
            assert_eq!(p.evaluate(a), s.evaluate(a));
            assert_eq!(p.next_questions(a), s.next_questions(a));
        }
    }

    #[test]
    fn a_pack_is_smaller_than_its_file_and_written_the_same_way_again() {
        let (_, bytes) = packed();
        assert!(
            bytes.len() < TRIALS.len(),
            "{} ≥ {}",
            bytes.len(),
            TRIALS.len()
        );
        let again = write(&read(bytes.clone()).expect("loads"));
        assert_eq!(again, bytes);
    }

    #[test]
    fn a_packed_screener_keeps_only_the_trials_asked_for() {
        let (s, bytes) = packed();
        let mut p = read(bytes).expect("loads");
        let keep = vec![s.trial_id(3).to_lowercase(), "NCT00000000".into()];
        p.retain_trials(&keep);
        assert_eq!(p.trial_count(), 1);
        assert_eq!(p.trial_id(0), s.trial_id(3));
        assert_eq!(p.trial(0), s.trial(3));
        let a = &patients()[0];
        assert_eq!(p.evaluate(a)[0].verdict, s.evaluate(a)[3].verdict);
    }

    #[test]
    fn damage_anywhere_is_refused_by_the_checksum() {
        let (_, bytes) = packed();
        for at in [BODY, BODY + 7, bytes.len() / 2, bytes.len() - 1] {
            let mut b = bytes.clone();
            b[at] ^= 0x20;
            assert!(error(b).contains("checksum"), "byte {at}");
        }
        let cut = bytes[..bytes.len() - 100].to_vec();
        assert!(error(cut).contains("checksum"));
        let mut longer = bytes.clone();
        longer.extend(b"  ");
        assert!(error(longer).contains("checksum"));
    }

    #[test]
    fn another_format_or_no_pack_at_all_says_so() {
        let (_, mut bytes) = packed();
        bytes[8] = 9;
        assert!(error(bytes).contains("format 9"));
        assert!(error(b"PRESCRN".to_vec()).contains("not a trials pack"));
        assert!(error(TRIALS.as_bytes().to_vec()).contains("not a trials pack"));
    }

    #[test]
    fn references_to_facts_and_options_that_do_not_exist_are_refused() {
        let broken = |node: Node| {
            let mut s = Screener::load(TRIALS).expect("loads");
            s.rules[1].criteria[0].rule = Some(Node::All(vec![Node::StudyTeam, node]));
            error(write(&s))
        };
        let facts = Screener::load(TRIALS).expect("loads").facts().len();
        let is = |fact| Node::Is { fact, value: true };
        assert!(broken(is(facts)).contains("a fact that does not exist"));
        let compare = Node::Compare {
            fact: 0,
            op: Op::Lt,
            threshold: 1.0,
            per: Some(facts + 5),
        };
        assert!(broken(compare).contains("a fact that does not exist"));
        let choice = (0..facts).find(|&f| {
            let s = Screener::load(TRIALS).expect("loads");
            !s.facts()[f].answer.options().is_empty()
        });
        let fact = choice.expect("trials.json has a choice question");
        let options = vec![0, 999];
        assert!(broken(Node::OneOf { fact, options }).contains("an option that does not exist"));
        let mut deep = is(0);
        for _ in 0..=MAX_DEPTH {
            deep = Node::Not(Box::new(deep));
        }
        assert!(broken(deep).contains("nested too deep"));
    }

    #[test]
    fn no_change_to_the_screening_part_makes_reading_panic() {
        let (_, bytes) = packed();
        let descriptions_start = {
            let p = read(bytes.clone()).expect("loads");
            let Trials::Packed(d) = &p.trials else {
                unreachable!("read makes a packed screener")
            };
            d.spans[0].0 as usize
        };
        // Every byte of the head's length, the trial count and the compiled rules changed, with
        // the checksum made to match: refused or read, never a panic.
        let head_len = u32::from_le_bytes(bytes[BODY..BODY + 4].try_into().expect("four"));
        let rules_start = BODY + 4 + head_len as usize;
        let places = (BODY..BODY + 4).chain(rules_start..descriptions_start);
        let patient = &patients()[0];
        let (mut read_anyway, mut refused) = (0, 0);
        for at in places {
            let mut b = bytes.clone();
            // A different change at each byte: small counts, large ones, every bit.
            b[at] = [0, 1, 0x80, 0xFF, b[at] ^ 1, b[at] ^ 0x10][at % 6];
            reseal(&mut b);
            match read(b) {
                Ok(p) => {
                    read_anyway += 1;
                    let _ = p.evaluate(patient);
                }
                Err(_) => refused += 1,
            }
        }
        // Thresholds and yes/no values can change and still make a pack; counts and ids cannot.
        assert!(
            read_anyway > 0 && refused > 0,
            "{read_anyway} read, {refused} refused"
        );
    }
}
