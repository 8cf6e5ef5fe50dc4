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
use crate::model::forms::FormId;
use crate::model::{CriterionKind, Fact, Group, Trial};
use crate::units::Body;
use serde::Serialize;
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"PRESCRN\x01";
const FORMAT: u32 = 2;
/// Where the checksummed part starts: after the magic, the format and the checksum itself.
const BODY: usize = 8 + 4 + 8;
/// Rules nest a few levels; a deeper one can only come from a damaged or hand-made pack.
const MAX_DEPTH: usize = 64;
/// No trial's description comes near this; a larger one can only come from a hand-made pack.
const MAX_DESCRIPTION: usize = 64 << 20;
/// The most items a list is made room for before they are read: a count is only a claim until
/// its items are, so room beyond this grows as they arrive.
const RESERVE: usize = 1024;
/// The fewest bytes each kind of item takes in a pack, so that a count can be checked against
/// the bytes left: a trial (id length, description length, subgroup and criteria counts), a
/// subgroup (its criteria count), a criterion (its flags), a rule (its kind), an option.
const TRIAL_BYTES: usize = 16;
const SUBGROUP_BYTES: usize = 4;
const TEST_BYTES: usize = 1;
const NODE_BYTES: usize = 1;
pub(super) const OPTION_BYTES: usize = 4;

/// Comparisons, by their byte.
const OPS: [Op; 4] = [Op::Lt, Op::Le, Op::Gt, Op::Ge];
/// What a threshold is per, by its byte.
const BODIES: [Body; 3] = [Body::Whole, Body::Kg, Body::M2];

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

    /// Trial `t`'s description, read from the pack. The checksum held when the pack was loaded,
    /// but a pack made by hand (or by a faulty tool) can hold one that does not read, or that
    /// describes other criteria than its rules: that is an error naming the trial and the bytes.
    pub fn trial(&self, t: usize, rules: &TrialRules) -> Result<Trial, Finding> {
        let (start, end) = self.spans[t];
        description(self.deflated(t))
            .and_then(|trial| matches(&trial, rules).map(|()| trial))
            .map_err(|why| {
                Finding::error(
                    &format!("trials[{t}]"),
                    (1, 1),
                    format!(
                        "the pack's description of {} (bytes {start} to {end}) cannot be read ({why}): write the pack again with `prescreen pack`",
                        rules.id
                    ),
                )
            })
    }
}

/// Whether a description is of the trial its rules are for: same id, and the same criteria
/// (count, kind, note for the study team) in each list, so every criterion a verdict names is
/// there to show.
fn matches(trial: &Trial, rules: &TrialRules) -> Result<(), String> {
    if trial.id != rules.id {
        return Err(format!("it describes {}", trial.id));
    }
    if trial.subgroups.len() != rules.subgroups.len() {
        return Err(format!(
            "it has {} subgroups, and the rules {}",
            trial.subgroups.len(),
            rules.subgroups.len()
        ));
    }
    let lists = std::iter::once(&trial.criteria).chain(trial.subgroups.iter().map(|g| &g.criteria));
    for (words, tests) in lists.zip(rules.lists()) {
        let same = words.len() == tests.len()
            && words
                .iter()
                .zip(tests)
                .all(|(c, t)| c.kind == t.kind && c.study_team.is_some() == t.study_team);
        if !same {
            return Err("its criteria are not those of its rules".into());
        }
    }
    Ok(())
}

/// What stands in for a description that cannot be read (see [`Descriptions::trial`]): the
/// trial's id, the reason in place of its title, and one criterion for each rule, so that
/// screening and showing its verdict go on without it.
pub fn stand_in(rules: &TrialRules, problem: &Finding) -> Trial {
    use crate::model::{Criterion, Design, Eligibility, Status, StatusRecord, Subgroup, Text};
    let criteria = |tests: &[Test]| -> Vec<Criterion> {
        (1..)
            .zip(tests)
            .map(|(i, t)| Criterion {
                id: format!("criterion-{i}"),
                kind: t.kind,
                source: String::new(),
                origin: Default::default(),
                plain: Text::en("This criterion's words cannot be shown."),
                rule: None,
                study_team: t
                    .study_team
                    .then(|| Text::en("Ask the study team about this criterion.")),
            })
            .collect()
    };
    Trial {
        id: rules.id.clone(),
        registry_url: String::new(),
        acronym: None,
        official_title: String::new(),
        title: Text::en(format!(
            "{}: this trial's description cannot be shown",
            rules.id
        )),
        summary: Text::en(problem.message.clone()),
        phase: String::new(),
        design: Design {
            randomized: false,
            placebo: false,
            masking: "none".into(),
            enrollment: None,
            infusions: None,
            visits: None,
        },
        intervention: Text::default(),
        sponsor: String::new(),
        status: StatusRecord {
            value: Status::Unknown,
            checked: String::new(),
            note: None,
            start: None,
            completion: None,
        },
        eligibility: Eligibility {
            min_age: None,
            max_age: None,
            sex: "all".into(),
        },
        sites: vec![],
        criteria: criteria(&rules.criteria),
        subgroups: (1..)
            .zip(&rules.subgroups)
            .map(|(i, tests)| Subgroup {
                id: format!("subgroup-{i}"),
                name: Text::en(format!("Group {i}")),
                criteria: criteria(tests),
            })
            .collect(),
    }
}

fn description(deflated: &[u8]) -> Result<Trial, String> {
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_DESCRIPTION)
        .map_err(|e| format!("it does not decompress: {e}"))?;
    // Read as text, like a trials file, so the app carries one JSON reader for trials.
    let text = std::str::from_utf8(&json).map_err(|_| "it is not UTF-8 text".to_string())?;
    crate::model::read::from_text(text).map_err(|e| format!("it is not a trial's JSON: {e}"))
}

#[derive(Serialize)]
struct HeadOut<'a> {
    version: &'a str,
    languages: &'a [String],
    groups: &'a [Group],
    facts: &'a [Fact],
}

struct Head {
    version: String,
    languages: Vec<String>,
    groups: Vec<Group>,
    facts: Vec<Fact>,
}

crate::model::read::read_struct!(Head, "an object {…}", {
    version: req, languages: req, groups: req, facts: req
});

/// Writes the screener's trials in packed form; a trial that would not read back as written
/// is an error at that trial (none does, of a file `check` accepted: tests/numbers.rs).
pub fn write(s: &Screener) -> Result<Vec<u8>, Vec<Finding>> {
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
    let mut unreadable = vec![];
    let descriptions: Vec<Vec<u8>> = (0..s.trial_count())
        .map(|t| match &s.trials {
            Trials::Packed(d) => d.deflated(t).to_vec(),
            Trials::Read(trials) => {
                let json = serde_json::to_vec(&trials[t]).expect("plain data serializes");
                let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
                if description(&deflated).ok().as_ref() != Some(&trials[t]) {
                    unreadable.push(Finding::error(
                        &format!("trials[{t}]"),
                        (1, 1),
                        format!(
                            "{} would not read back from a pack as written (is its description larger than {} MB?)",
                            trials[t].id,
                            MAX_DESCRIPTION >> 20
                        ),
                    ));
                }
                deflated
            }
        })
        .collect();
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
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
    Ok(out)
}

pub(super) fn u32_(out: &mut Vec<u8>, n: usize) {
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

pub(super) fn node(out: &mut Vec<u8>, n: &Node) {
    // Each rule starts with its form's byte (`FormId::byte`), then what that form holds.
    out.push(n.form().byte());
    n.pack_form(out);
}

/// A list of rules: its count, then each.
pub(super) fn nodes(out: &mut Vec<u8>, v: &[Node]) {
    u32_(out, v.len());
    v.iter().for_each(|c| node(out, c));
}

pub(super) fn op_byte(op: Op) -> u8 {
    OPS.iter()
        .position(|o| *o == op)
        .expect("every comparison has a byte") as u8
}

pub(super) fn op(b: u8) -> Option<Op> {
    OPS.get(usize::from(b)).copied()
}

pub(super) fn body_byte(body: Body) -> u8 {
    BODIES
        .iter()
        .position(|b| *b == body)
        .expect("every body has a byte") as u8
}

pub(super) fn body(b: u8) -> Option<Body> {
    BODIES.get(usize::from(b)).copied()
}

/// A 64-bit checksum over 8-byte words: any changed word, and any change of length, changes it.
pub fn checksum(b: &[u8]) -> u64 {
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
/// it refers to exists. Every count in it is checked against the bytes that could hold it, so a
/// damaged or hand-made pack is refused before memory is set aside for what it claims.
pub fn read(bytes: Vec<u8>) -> Result<Screener, Vec<Finding>> {
    if !is_pack(&bytes) || bytes.len() < BODY {
        return Err(problem(
            "not a trials pack written by `prescreen pack`".into(),
        ));
    }
    // Offsets into the pack are kept as 32 bits; no pack `prescreen pack` writes comes near.
    if u32::try_from(bytes.len()).is_err() {
        return Err(problem(format!(
            "the pack has {} bytes, more than a pack can hold (4 GB): split the trials into several packs",
            bytes.len()
        )));
    }
    let word = |from: usize, to: usize| -> u64 {
        bytes[from..to]
            .iter()
            .rev()
            .fold(0, |n, &b| n << 8 | u64::from(b))
    };
    let format = word(8, 12);
    if format != u64::from(FORMAT) {
        return Err(problem(format!(
            "this pack has format {format}, and this screener reads format {FORMAT}: write it again with this version's `prescreen pack`"
        )));
    }
    if checksum(&bytes[BODY..]) != word(12, BODY) {
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
        owed: 0,
        facts: &[],
    };
    let head = r.head().map_err(damaged)?;
    let len = r.sized().map_err(damaged)?.len();
    let warnings = ((r.at - len) as u32, r.at as u32);
    let mut r = Reader {
        facts: &head.facts,
        ..r
    };
    let (trials, lengths) = r.trials().map_err(damaged)?;
    // Each span fits in 32 bits, since the pack does.
    let mut start = r.at;
    let mut spans = Vec::with_capacity(lengths.len());
    for len in lengths {
        let end = start
            .checked_add(len)
            .filter(|end| *end <= bytes.len())
            .ok_or_else(|| {
                problem(format!(
                    "the pack's descriptions run past its end (at byte {start}, one of {len} bytes): write it again with `prescreen pack`"
                ))
            })?;
        spans.push((start as u32, end as u32));
        start = end;
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

pub(super) type Failure = (usize, &'static str);

pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The bytes that lists being read still claim for their unread items (at least their
    /// smallest size each): a list nested in another may only claim what the outer ones have
    /// not, so all the counts together never claim more than the pack holds.
    owed: usize,
    pub(super) facts: &'a [Fact],
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Failure> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or((self.at, "the pack ends too soon"))?;
        let b = self
            .bytes
            .get(self.at..end)
            .ok_or((self.at, "the pack ends too soon"))?;
        self.at = end;
        Ok(b)
    }

    pub(super) fn u8(&mut self) -> Result<u8, Failure> {
        let at = self.at;
        self.take(1)?
            .first()
            .copied()
            .ok_or((at, "the pack ends too soon"))
    }

    pub(super) fn u32(&mut self) -> Result<usize, Failure> {
        let b = self.take(4)?;
        Ok(b.iter().rev().fold(0, |n, &b| n << 8 | usize::from(b)))
    }

    pub(super) fn f64(&mut self) -> Result<f64, Failure> {
        let b = self.take(8)?;
        Ok(f64::from_bits(
            b.iter().rev().fold(0, |n, &b| n << 8 | u64::from(b)),
        ))
    }

    /// A length, then that many bytes, which must be in the pack and not claimed by a list.
    fn sized(&mut self) -> Result<&'a [u8], Failure> {
        let at = self.at;
        let n = self.u32()?;
        if n > self.left().saturating_sub(self.owed) {
            return Err((at, "a length larger than the pack"));
        }
        self.take(n)
    }

    /// A list: its count, checked against the bytes its items need (see [`Reader::claim`]),
    /// then each item read by `item`.
    pub(super) fn list<T>(
        &mut self,
        min: usize,
        item: impl FnMut(&mut Self) -> Result<T, Failure>,
    ) -> Result<Vec<T>, Failure> {
        let at = self.at;
        let n = self.u32()?;
        self.claim(at, n, min)?;
        self.items(n, min, item)
    }

    /// Claims the bytes `n` items of at least `min` bytes each need, from those no list has
    /// claimed yet; the count was read at `at`.
    fn claim(&mut self, at: usize, n: usize, min: usize) -> Result<(), Failure> {
        let need = n
            .checked_mul(min)
            .filter(|need| *need <= self.left().saturating_sub(self.owed))
            .ok_or((at, "a count larger than the pack could hold"))?;
        self.owed += need;
        Ok(())
    }

    /// Reads `n` items claimed by [`Reader::claim`]. Room is made for a few items at a time,
    /// not for the count: loops that push into lists made to size, since reading a pack is
    /// mostly this, but never larger than what has been read justifies.
    fn items<T>(
        &mut self,
        n: usize,
        min: usize,
        mut item: impl FnMut(&mut Self) -> Result<T, Failure>,
    ) -> Result<Vec<T>, Failure> {
        let mut items = Vec::with_capacity(n.min(RESERVE));
        for _ in 0..n {
            // The item is being read now: its bytes are no longer owed but taken.
            self.owed -= min;
            items.push(item(self)?);
        }
        Ok(items)
    }

    pub(super) fn fact(&mut self) -> Result<usize, Failure> {
        let at = self.at;
        let f = self.u32()?;
        if f >= self.facts.len() {
            return Err((at, "a fact that does not exist"));
        }
        Ok(f)
    }

    fn head(&mut self) -> Result<Head, Failure> {
        let head = std::str::from_utf8(self.sized()?);
        let head = head.map_err(|_| (BODY, "facts and languages as text"))?;
        crate::model::read::from_text(head).map_err(|_| (BODY, "facts and languages as JSON"))
    }

    fn trials(&mut self) -> Result<(Vec<TrialRules>, Vec<usize>), Failure> {
        let trials = self.list(TRIAL_BYTES, |r| {
            let at = r.at;
            let id = std::str::from_utf8(r.sized()?).map_err(|_| (at, "an id that is not text"))?;
            let length = r.u32()?;
            // The subgroups' count comes before the common criteria, their lists after.
            let groups_at = r.at;
            let groups = r.u32()?;
            r.claim(groups_at, groups, SUBGROUP_BYTES)?;
            let criteria = r.tests()?;
            let subgroups = r.items(groups, SUBGROUP_BYTES, Self::tests)?;
            Ok((
                TrialRules {
                    id: id.to_string(),
                    criteria,
                    subgroups,
                },
                length,
            ))
        })?;
        Ok(trials.into_iter().unzip())
    }

    fn tests(&mut self) -> Result<Vec<Test>, Failure> {
        self.list(TEST_BYTES, |r| {
            let flags = r.u8()?;
            Ok(Test {
                kind: if flags & 1 == 0 {
                    CriterionKind::Inclusion
                } else {
                    CriterionKind::Exclusion
                },
                rule: if flags & 2 == 0 {
                    None
                } else {
                    Some(r.node(0)?)
                },
                study_team: flags & 4 != 0,
            })
        })
    }

    /// A fact index written plus one, 0 for none.
    pub(super) fn optional_fact(&mut self, at: usize) -> Result<Option<usize>, Failure> {
        match self.u32()? {
            0 => Ok(None),
            p if p - 1 < self.facts.len() => Ok(Some(p - 1)),
            _ => Err((at, "a fact that does not exist")),
        }
    }

    pub(super) fn node(&mut self, depth: usize) -> Result<Node, Failure> {
        let at = self.at;
        if depth > MAX_DEPTH {
            return Err((at, "rules nested too deep"));
        }
        let form = FormId::from_byte(self.u8()?).ok_or((at, "an unknown kind of rule"))?;
        Node::unpack(form, self, at, depth)
    }

    /// A list of rules one deeper than `depth`.
    pub(super) fn nodes(&mut self, depth: usize) -> Result<Vec<Node>, Failure> {
        self.list(NODE_BYTES, |r| r.node(depth + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::super::forms::{Chosen, Comparison, Is, Junction, Not, Scale, StudyTeam};
    use super::*;
    const ALL: u8 = FormId::All as u8;
    const STUDY_TEAM: u8 = FormId::StudyTeam as u8;
    use crate::model::Answers;

    const TRIALS: &str = include_str!("../../../trials.json");

    fn packed() -> (Screener, Vec<u8>) {
        let s = Screener::load(TRIALS).expect("trials.json loads");
        let bytes = write(&s).expect("packs");
        (s, bytes)
    }

    fn error(bytes: Vec<u8>) -> String {
        match read(bytes) {
            Ok(_) => panic!("a damaged pack loaded"),
            Err(e) => e[0].message.clone(),
        }
    }

    fn patients() -> Vec<Answers> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/patients");
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
        let again = write(&read(bytes.clone()).expect("loads")).expect("packs");
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
            s.rules[1].criteria[0].rule =
                Some(Node::All(Junction(vec![Node::StudyTeam(StudyTeam), node])));
            error(write(&s).expect("packs"))
        };
        let facts = Screener::load(TRIALS).expect("loads").facts().len();
        let is = |fact| Node::Is(Is { fact, value: true });
        assert!(broken(is(facts)).contains("a fact that does not exist"));
        let compare = Node::Compare(Comparison::new(
            0,
            Op::Lt,
            1.0,
            Some(facts + 5),
            Body::Whole,
            None,
        ));
        assert!(broken(compare).contains("a fact that does not exist"));
        let unscaled = Node::Compare(Comparison::new(0, Op::Lt, 1.0, None, Body::Kg, None));
        assert!(broken(unscaled).contains("a dose per body without the facts to scale it"));
        let far_height = Node::Compare(Comparison::new(
            0,
            Op::Lt,
            1.0,
            None,
            Body::M2,
            Some(Scale {
                weight: 0,
                height: Some(facts),
            }),
        ));
        assert!(broken(far_height).contains("a fact that does not exist"));
        let choice = (0..facts).find(|&f| {
            let s = Screener::load(TRIALS).expect("loads");
            !s.facts()[f].answer.options().is_empty()
        });
        let fact = choice.expect("trials.json has a choice question");
        let options = vec![0, 999];
        assert!(
            broken(Node::OneOf(Chosen { fact, options })).contains("an option that does not exist")
        );
        let mut deep = is(0);
        for _ in 0..=MAX_DEPTH {
            deep = Node::Not(Not(Box::new(deep)));
        }
        assert!(broken(deep).contains("nested too deep"));
    }

    /// Counts the bytes each thread asks the allocator for, so a test can see what reading a
    /// pack sets aside.
    #[cfg(not(target_arch = "wasm32"))]
    mod counting {
        use std::alloc::{GlobalAlloc, Layout, System};
        use std::cell::Cell;

        pub struct Counting;

        thread_local! {
            static ASKED: Cell<usize> = const { Cell::new(0) };
        }

        // SAFETY: every call is passed to the system allocator unchanged; only counted.
        unsafe impl GlobalAlloc for Counting {
            unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
                let _ = ASKED.try_with(|a| a.set(a.get().saturating_add(layout.size())));
                System.alloc(layout)
            }
            unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
                System.dealloc(ptr, layout)
            }
        }

        #[global_allocator]
        static COUNTING: Counting = Counting;

        /// The bytes this thread asked for while `f` ran.
        pub fn asked_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
            let before = ASKED.with(Cell::get);
            let out = f();
            (out, ASKED.with(Cell::get) - before)
        }
    }

    /// A pack whose one criterion is a rule nested 64 levels deep, each level claiming as many
    /// rules as there are bytes left, over 20 MB of padding: with the checksum made to match,
    /// every count passes a check against the bytes remaining alone.
    #[cfg(not(target_arch = "wasm32"))]
    fn claiming_pack() -> Vec<u8> {
        let mut s = Screener::load(TRIALS).expect("loads");
        let id = s.rules[0].id.clone();
        s.rules = vec![TrialRules {
            id,
            criteria: vec![Test {
                kind: CriterionKind::Inclusion,
                rule: Some(Node::StudyTeam(StudyTeam)),
                study_team: true,
            }],
            subgroups: vec![],
        }];
        let honest = write(&s).expect("packs");
        // The rule is the one STUDY_TEAM byte after the criterion's flags (0b110).
        let at = (0..honest.len() - 1)
            .find(|&i| honest[i] == 0b110 && honest[i + 1] == STUDY_TEAM)
            .expect("the criterion's flags and rule")
            + 1;
        let mut b = honest[..at].to_vec();
        let padding = 20 << 20;
        let levels = MAX_DEPTH;
        for level in 0..levels {
            b.push(ALL);
            let left = (levels - level - 1) * 5 + padding;
            b.extend((left as u32).to_le_bytes());
        }
        b.resize(b.len() + padding, 0);
        reseal(&mut b);
        b
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn counts_claiming_more_than_the_pack_holds_are_refused_without_setting_memory_aside() {
        let b = claiming_pack();
        let size = b.len();
        let started = std::time::Instant::now();
        let (result, asked) = counting::asked_during(|| read(b).map(|_| ()));
        let e = result.expect_err("the claims cannot all hold");
        assert!(
            e[0].message
                .contains("a count larger than the pack could hold"),
            "{}",
            e[0].message
        );
        // Before, each level made room for its count: gigabytes for a 20 MB pack.
        assert!(
            asked < 4 << 20,
            "reading a {size}-byte pack asked for {asked} bytes"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_list_nested_in_another_may_claim_only_what_the_outer_one_has_not() {
        // Two rules in a list, the first itself a list claiming every byte that follows: the
        // second rule's byte is claimed by the outer list, so the inner claim is one too many.
        let mut s = Screener::load(TRIALS).expect("loads");
        let inner = Node::All(Junction(vec![Node::StudyTeam(StudyTeam)]));
        s.rules[0].criteria[0].rule =
            Some(Node::All(Junction(vec![inner, Node::StudyTeam(StudyTeam)])));
        let honest = write(&s).expect("packs");
        let outer = [ALL, 2, 0, 0, 0, ALL, 1, 0, 0, 0, STUDY_TEAM, STUDY_TEAM];
        let at = (0..honest.len())
            .find(|&i| honest[i..].starts_with(&outer))
            .expect("the rule as written");
        assert!(read(honest.clone()).is_ok());
        let left = honest.len() - (at + 10);
        let mut b = honest.clone();
        b[at + 6..at + 10].copy_from_slice(&(left as u32).to_le_bytes());
        reseal(&mut b);
        assert!(error(b).contains("a count larger than the pack could hold"));
        // One byte fewer fits the claims, and reading goes on to fail elsewhere, not to panic.
        let mut b = honest;
        b[at + 6..at + 10].copy_from_slice(&(left as u32 - 1).to_le_bytes());
        reseal(&mut b);
        assert!(read(b).is_err());
    }

    /// The pack of trials.json with trial `t`'s description overwritten, checksum made to match.
    fn with_broken_description(t: usize, with: &[u8]) -> Vec<u8> {
        let (_, mut bytes) = packed();
        let (start, end) = {
            let p = read(bytes.clone()).expect("loads");
            let Trials::Packed(d) = &p.trials else {
                unreachable!("read makes a packed screener")
            };
            d.spans[t]
        };
        let span = &mut bytes[start as usize..end as usize];
        for (i, b) in span.iter_mut().enumerate() {
            *b = with[i % with.len()];
        }
        reseal(&mut bytes);
        bytes
    }

    #[test]
    fn a_description_that_does_not_read_is_an_error_naming_the_trial_not_a_panic() {
        let (s, _) = packed();
        for with in [&[0xFFu8][..], &[0x00], &[0x4B, 0x03, 0x00]] {
            let p = read(with_broken_description(2, with)).expect("the screening part is whole");
            let e = p.try_trial(2).expect_err("the description is broken");
            assert_eq!(e.path, "trials[2]");
            assert!(
                e.message.starts_with(&format!(
                    "the pack's description of {} (bytes ",
                    s.trial_id(2)
                )) && e.message.contains("cannot be read"),
                "{}",
                e.message
            );
            assert_eq!(p.unreadable_trials(), vec![e.clone()]);
            assert!(p.try_trial(1).is_ok());
            // Pages that show every trial get a stand-in with a criterion for each rule.
            let stand_in = p.trial(2);
            assert_eq!(stand_in.id, s.trial_id(2));
            assert_eq!(stand_in.summary.get("en"), e.message);
            let shape = |t: &Trial| {
                (
                    t.criteria.len(),
                    t.subgroups
                        .iter()
                        .map(|g| g.criteria.len())
                        .collect::<Vec<_>>(),
                )
            };
            assert_eq!(shape(&stand_in), shape(&s.trial(2)));
            for a in &patients() {
                assert_eq!(p.evaluate(a), s.evaluate(a));
            }
        }
    }

    #[test]
    fn a_description_of_other_criteria_than_the_rules_is_refused() {
        let (s, bytes) = packed();
        let mut p = read(bytes).expect("loads");
        assert!(p.unreadable_trials().is_empty());
        p.rules[1].criteria.pop();
        let e = p
            .try_trial(1)
            .expect_err("one criterion fewer in the rules");
        assert!(e
            .message
            .contains("its criteria are not those of its rules"));
        p.rules[1].id = s.trial_id(0).to_string();
        let e = p.try_trial(1).expect_err("the id differs");
        assert!(e
            .message
            .contains(&format!("it describes {}", s.trial_id(1))));
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
