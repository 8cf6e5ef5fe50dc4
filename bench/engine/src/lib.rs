//! The screening engine exported to JavaScript for the benchmark (bench/run):
//! - `generate`: N synthetic trials shaped like the real ones, as trials.json text;
//! - `pack`: a trials file's text checked and written in packed form (`Screener::pack`, as
//!   `prescreen pack` writes trials.pack);
//! - `LoadedTrials`: a trials file loaded and checked (`Screener::load`) or its pack loaded
//!   (`Screener::load_pack`), and nothing else, for timing the load alone;
//! - `Bench`: screening started on those trials: hold answers evaluated incrementally
//!   (`Evaluation::set`), evaluate every trial afresh (`Screener::evaluate`), choose the next
//!   question (`Evaluation::next_questions`, and as the app does it, through a `Session` on the
//!   patient's path), and write the same rules as JsonLogic for json-logic-js.
//!
//! Nothing here changes the engine: it only calls its public API.

use prescreen::engine::{Evaluation, Finding, Screener, Session, Verdict};
use prescreen::model::{
    Answer, Answers, Criterion, FactKind, Rule, Site, Status, Text, Trial,
    TrialsFile,
};
use prescreen::units;
use serde_json::{json, Value};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

// ---------------------------------------------------------------------------------------------
// Synthetic trials

/// splitmix64: small, fast, and the same sequence everywhere for a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// How much text the synthetic trials carry: English only (as the registry importer writes it),
/// each text cut to a length a short criterion has. Real entries hold four languages of long
/// text (about 60 KB per trial), which at 10,000 trials would be a 600 MB file.
const SOURCE_CHARS: usize = 90;
const PLAIN_CHARS: usize = 70;
const NOTE_CHARS: usize = 50;

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn short(t: &Text, n: usize) -> Text {
    Text::en(cut(t.get("en"), n))
}

/// Varies a rule the way trials differ: other thresholds, other options, the other answer.
fn vary(r: &mut Rule, file: &TrialsFile, rng: &mut Rng) {
    for list in [&mut r.all, &mut r.any, &mut r.of].into_iter().flatten() {
        for child in list.iter_mut() {
            vary(child, file, rng);
        }
    }
    if let Some(n) = &mut r.not {
        vary(n, file, rng);
    }
    if let Some(t) = &mut r.study_team {
        *t = short(t, NOTE_CHARS);
    }
    let Some(fact) = r.fact.as_deref().and_then(|id| file.fact(id)) else {
        return;
    };
    if let Some(v) = &mut r.value {
        // ±25 %, kept to two decimals (or whole, like the originals that are whole).
        let x = *v * (0.8 + 0.45 * rng.unit());
        *v = if v.fract() == 0.0 {
            x.round().max(1.0)
        } else {
            (x * 100.0).round() / 100.0
        };
    }
    if let Some(is) = &mut r.is {
        if rng.chance(0.15) {
            *is = !*is;
        }
    }
    let options = fact.answer.options();
    for ids in [&mut r.one_of, &mut r.has_any].into_iter().flatten() {
        if !options.is_empty() && rng.chance(0.3) {
            let mut picked: Vec<String> = options
                .iter()
                .filter(|_| rng.chance(0.35))
                .map(|o| o.id.clone())
                .collect();
            if picked.is_empty() {
                picked.push(options[rng.below(options.len())].id.clone());
            }
            *ids = picked;
        }
    }
}

fn criterion(c: &Criterion, id: String, file: &TrialsFile, rng: &mut Rng) -> Criterion {
    let mut c = c.clone();
    c.id = id;
    c.source = cut(&c.source, SOURCE_CHARS);
    c.plain = short(&c.plain, PLAIN_CHARS);
    c.study_team = c.study_team.as_ref().map(|t| short(t, NOTE_CHARS));
    if let Some(r) = &mut c.rule {
        vary(r, file, rng);
    }
    c
}

const STATUSES: [Status; 5] = [
    Status::Recruiting,
    Status::Recruiting,
    Status::NotYetRecruiting,
    Status::ActiveNotRecruiting,
    Status::Completed,
];

/// `n` synthetic trials built from the real ones in `real` (a trials.json text): each starts
/// from one of the real trials in turn (so subgroups, study-team criteria, units and the mix of
/// yes/no, number, choice and several-choice rules stay as in the real file), then trades about
/// a fifth of its criteria for others' criteria, drops or adds a few, and varies thresholds,
/// options and yes/no answers. Same facts and groups as the real file; English only.
pub fn generate_file(real: &str, n: usize, seed: u64) -> Result<TrialsFile, String> {
    let mut file: TrialsFile = serde_json::from_str(real).map_err(|e| e.to_string())?;
    file.languages = vec!["en".into()];
    let templates = std::mem::take(&mut file.trials);
    if templates.is_empty() {
        return Err("the real file has no trials".into());
    }
    let pool: Vec<&Criterion> = templates.iter().flat_map(|t| &t.criteria).collect();
    let sites: Vec<&Site> = templates.iter().flat_map(|t| &t.sites).collect();
    let mut rng = Rng(seed);
    for i in 0..n {
        let t = &templates[i % templates.len()];
        let mut criteria = vec![];
        for c in &t.criteria {
            if rng.chance(0.08) {
                continue;
            }
            let from = if rng.chance(0.2) {
                pool[rng.below(pool.len())]
            } else {
                c
            };
            criteria.push(from);
        }
        for _ in 0..rng.below(4) {
            criteria.push(pool[rng.below(pool.len())]);
        }
        let criteria = criteria
            .into_iter()
            .enumerate()
            .map(|(j, c)| criterion(c, format!("c{j}"), &file, &mut rng))
            .collect();
        let subgroups = t
            .subgroups
            .iter()
            .map(|g| {
                let mut g = g.clone();
                g.name = short(&g.name, 30);
                g.criteria = g
                    .criteria
                    .iter()
                    .enumerate()
                    .map(|(j, c)| criterion(c, format!("{}-{j}", g.id), &file, &mut rng))
                    .collect();
                g
            })
            .collect();
        let mut status = t.status.clone();
        status.value = STATUSES[rng.below(STATUSES.len())];
        status.checked = "2026-10-01".into();
        status.note = None;
        let site_count = 1 + rng.below(3);
        let trial = Trial {
            id: format!("NCT9{i:07}"),
            registry_url: format!("https://clinicaltrials.gov/study/NCT9{i:07}"),
            acronym: None,
            official_title: cut(&t.official_title, 80),
            title: short(&t.title, 50),
            summary: short(&t.summary, 100),
            phase: t.phase.clone(),
            design: prescreen::model::Design {
                visits: None,
                ..t.design.clone()
            },
            intervention: short(&t.intervention, 50),
            sponsor: cut(&t.sponsor, 40),
            status,
            eligibility: t.eligibility.clone(),
            // In English only, as the file's languages are.
            sites: (0..site_count)
                .map(|_| {
                    let mut site = sites[rng.below(sites.len())].clone();
                    site.local.retain(|lang, _| lang == "en");
                    site
                })
                .collect(),
            criteria,
            subgroups,
        };
        file.trials.push(trial);
    }
    Ok(file)
}

/// `n` synthetic trials as trials.json text (see `generate_file`).
#[wasm_bindgen]
pub fn generate(real: &str, n: u32, seed: u32) -> Result<String, JsError> {
    let file = generate_file(real, n as usize, seed as u64 + 1).map_err(|e| JsError::new(&e))?;
    serde_json::to_string(&file).map_err(|e| JsError::new(&e.to_string()))
}

// ---------------------------------------------------------------------------------------------
// The same rules as JsonLogic (two-valued)

/// The answers as JsonLogic data: numbers in the fact's base unit (ratios for tests compared
/// with the upper limit), options as ids, yes/no as booleans. "I don't know" has no place here.
pub fn logic_data(s: &Screener, answers: &Answers) -> Value {
    let mut out = serde_json::Map::new();
    for (id, a) in &answers.0 {
        let Some(fact) = s.fact(id) else { continue };
        let v = match (a, &fact.answer) {
            (Answer::Bool(b), _) => json!(b),
            (Answer::Number { value, unit }, FactKind::Number { quantity, .. }) => {
                match units::quantity(quantity).and_then(|q| q.unit(unit)) {
                    Some(u) => json!(u.to_base(*value)),
                    None => continue,
                }
            }
            (Answer::OfUpperLimit { value, upper_limit }, _) => json!(value / upper_limit),
            (Answer::WithinNormal, _) => json!(0.5),
            (Answer::Choice(c), _) => json!(c),
            (Answer::Multi(v), _) => json!(v),
            _ => continue,
        };
        out.insert(id.clone(), v);
    }
    Value::Object(out)
}

// ---------------------------------------------------------------------------------------------
// The engine, held by JavaScript

fn js(e: impl std::fmt::Display) -> JsError {
    // Natively (the tests), a JsError cannot be made: say what failed instead.
    #[cfg(not(target_arch = "wasm32"))]
    panic!("{e}");
    #[cfg(target_arch = "wasm32")]
    JsError::new(&e.to_string())
}

/// The first findings of a file or pack refused, as one message.
fn refused(findings: &[Finding]) -> String {
    findings
        .iter()
        .take(5)
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `Screener::pack` of a trials file's text, loaded and checked first (`prescreen pack`).
#[wasm_bindgen]
pub fn pack(text: &str) -> Result<Vec<u8>, JsError> {
    let screener = Screener::load(text).map_err(|f| js(refused(&f)))?;
    Ok(screener.pack())
}

/// A loaded trials file or pack, not yet screening anyone: what `Screener::load` or
/// `Screener::load_pack` alone gives, so that the load is timed and its memory taken without
/// the first evaluation (`Bench::start`).
#[wasm_bindgen]
pub struct LoadedTrials(Screener);

#[wasm_bindgen]
impl LoadedTrials {
    /// `Screener::load`: parse and check the whole file; errors come back as one message.
    pub fn load(text: &str) -> Result<LoadedTrials, JsError> {
        Ok(LoadedTrials(
            Screener::load(text).map_err(|f| js(refused(&f)))?,
        ))
    }

    /// `Screener::load_pack`: the pack's bytes, copied into WebAssembly memory once by the
    /// binding, are kept by the screener (trials' descriptions are read from them when shown).
    pub fn load_pack(bytes: Vec<u8>) -> Result<LoadedTrials, JsError> {
        Ok(LoadedTrials(
            Screener::load_pack(bytes).map_err(|f| js(refused(&f)))?,
        ))
    }

    pub fn trials(&self) -> usize {
        self.0.trial_count()
    }
}

/// A loaded trials file and a patient's answers, held evaluated as the app holds them.
#[wasm_bindgen]
pub struct Bench {
    screener: Rc<Screener>,
    answers: Answers,
    /// Every answer in `answers`, evaluated and kept up to date one answer at a time.
    evaluation: Evaluation<Rc<Screener>>,
    /// The patient's path, as the app keeps it.
    session: Session,
}

/// The first of the questions worth asking, "" when none is left.
fn first(questions: Vec<&str>) -> String {
    questions.first().map(|s| s.to_string()).unwrap_or_default()
}

fn letters<'a>(verdicts: impl Iterator<Item = &'a Verdict>) -> String {
    verdicts
        .map(|v| match v {
            Verdict::MayQualify => 'm',
            Verdict::NeedMoreInformation => '?',
            Verdict::ProbablyNot => 'x',
        })
        .collect()
}

#[wasm_bindgen]
impl Bench {
    /// Starts screening with no answers yet: every trial evaluated (`Screener::evaluation`) and
    /// a patient's session begun (`Session::new`, which the app does when a page first needs it).
    pub fn start(trials: LoadedTrials) -> Bench {
        let screener = Rc::new(trials.0);
        let answers = Answers::default();
        Bench {
            evaluation: Evaluation::new(screener.clone(), &answers),
            session: Session::new(screener.clone()),
            screener,
            answers,
        }
    }

    /// `LoadedTrials::load`, then `start`.
    pub fn load(text: &str) -> Result<Bench, JsError> {
        Ok(Bench::start(LoadedTrials::load(text)?))
    }

    /// `LoadedTrials::load_pack`, then `start`.
    pub fn load_pack(bytes: Vec<u8>) -> Result<Bench, JsError> {
        Ok(Bench::start(LoadedTrials::load_pack(bytes)?))
    }

    pub fn trials(&self) -> usize {
        self.screener.trial_count()
    }

    /// Every trial's criteria, counted; from a pack this reads every trial's description.
    pub fn criteria(&self) -> usize {
        self.screener
            .trials()
            .map(|t| t.all_criteria().count())
            .sum()
    }

    /// Replaces all answers (an answers file's text; each answer is checked) and evaluates
    /// everything afresh.
    pub fn set_answers(&mut self, text: &str) -> Result<(), JsError> {
        self.answers = self.screener.parse_answers(text).map_err(|f| {
            js(f.iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("\n"))
        })?;
        self.evaluation = Evaluation::new(self.screener.clone(), &self.answers);
        Ok(())
    }

    /// One answer changes (its JSON text, as in an answers file; "null" removes it), and every
    /// trial's verdict is brought up to date (`Evaluation::set`: only the criteria that read it
    /// are evaluated again). This is the re-evaluation after an answer.
    pub fn set_answer(&mut self, fact: &str, json: &str) -> Result<(), JsError> {
        let v: Value = serde_json::from_str(json).map_err(js)?;
        if v.is_null() {
            self.answers.remove(fact);
            self.evaluation.set(fact, None);
            return Ok(());
        }
        let a = Answer::from_json(&v).map_err(js)?;
        self.screener.check_answer(fact, &a).map_err(js)?;
        self.evaluation.set(fact, Some(&a));
        self.answers.set(fact, a);
        Ok(())
    }

    pub fn answers(&self) -> String {
        serde_json::to_string(&self.answers).unwrap_or_default()
    }

    /// `Screener::evaluate`: every trial afresh, with explanations. Returns the verdict counts
    /// packed as may_qualify + need_more × 2^20 (… and probably_not is the rest), so the work
    /// cannot be skipped and nothing large crosses to JavaScript.
    pub fn evaluate(&self) -> f64 {
        let results = self.screener.evaluate(&self.answers);
        let may = results
            .iter()
            .filter(|r| r.verdict == Verdict::MayQualify)
            .count();
        let more = results
            .iter()
            .filter(|r| r.verdict == Verdict::NeedMoreInformation)
            .count();
        (may + more * (1 << 20)) as f64
    }

    /// Each trial's verdict in file order, as kept up to date by `set_answer`: "m" may qualify,
    /// "?" need more information, "x" probably not.
    pub fn verdicts(&self) -> String {
        letters(self.evaluation.verdicts().iter())
    }

    /// As `verdicts`, evaluated afresh (`Screener::evaluate`), to check the kept ones.
    pub fn verdicts_afresh(&self) -> String {
        letters(
            self.screener
                .evaluate(&self.answers)
                .iter()
                .map(|r| &r.verdict),
        )
    }

    /// The best question to ask next over the answers as they are, from the kept evaluation
    /// (`Evaluation::next_questions`; "" when none is left).
    pub fn next_question(&self) -> String {
        first(self.evaluation.next_questions())
    }

    /// As `next_question`, evaluated afresh (`Screener::next_questions`), to check it.
    pub fn next_question_afresh(&self) -> String {
        first(self.screener.next_questions(&self.answers))
    }

    /// The next question as the app chooses it after an answer (`AppContext::next_step`): the
    /// session brought up to date with the answers (the patient's path), then its next question.
    pub fn next_step(&mut self) -> String {
        self.session.sync(&self.answers);
        first(self.session.next_questions())
    }

    /// As `next_step`, replaying the path afresh (`Screener::on_path`), to check it.
    pub fn next_step_afresh(&self) -> String {
        let path = self.screener.on_path(&self.answers);
        first(self.screener.next_questions(&path))
    }

    /// Plays a patient who answers the app's questions in the app's order from `complete` (an
    /// answers file), `steps` times; keeps those answers. Returns the facts asked, comma-separated.
    pub fn journey(&mut self, complete: &str, steps: u32) -> Result<String, JsError> {
        let all = self.screener.parse_answers(complete).map_err(|f| {
            js(f.iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join("\n"))
        })?;
        self.answers = Answers::default();
        let mut asked = vec![];
        for _ in 0..steps {
            let next = self.next_step();
            if next.is_empty() {
                break;
            }
            let a = all.get(&next).cloned().unwrap_or(Answer::Unknown);
            self.answers.set(next.clone(), a);
            asked.push(next);
        }
        self.evaluation = Evaluation::new(self.screener.clone(), &self.answers);
        Ok(asked.join(","))
    }

    /// Another valid answer to `fact` than `json` (JSON text), so that a benchmark can change
    /// an answer back and forth: yes/no flipped, a number halved, the next option, none/some.
    pub fn alternative(&self, fact: &str, json: &str) -> Result<String, JsError> {
        let v: Value = serde_json::from_str(json).map_err(js)?;
        let a = Answer::from_json(&v).map_err(js)?;
        let f = self
            .screener
            .fact(fact)
            .ok_or_else(|| js(format!("no fact {fact}")))?;
        let options = f.answer.options();
        let other = match &a {
            Answer::Bool(b) => Answer::Bool(!b),
            Answer::Number { value, unit } => Answer::Number {
                value: (value * 0.5 * 10.0).round() / 10.0,
                unit: unit.clone(),
            },
            Answer::OfUpperLimit { value, upper_limit } => Answer::OfUpperLimit {
                value: value * 3.0,
                upper_limit: *upper_limit,
            },
            Answer::WithinNormal => Answer::OfUpperLimit {
                value: 90.0,
                upper_limit: 40.0,
            },
            // A year earlier, as sure as it was.
            Answer::Date { date, about } => Answer::Date {
                date: match date.split_once('-') {
                    Some((y, rest)) => format!("{}-{rest}", y.parse::<i32>().unwrap_or(2020) - 1),
                    None => (date.parse::<i32>().unwrap_or(2020) - 1).to_string(),
                },
                about: *about,
            },
            Answer::Choice(c) => {
                let i = options.iter().position(|o| &o.id == c).unwrap_or(0);
                Answer::Choice(options[(i + 1) % options.len().max(1)].id.clone())
            }
            Answer::Multi(v) if v.is_empty() && !options.is_empty() => {
                Answer::Multi(vec![options[0].id.clone()])
            }
            Answer::Multi(_) => Answer::Multi(vec![]),
            Answer::Unknown => match &f.answer {
                FactKind::YesNo => Answer::Bool(true),
                _ if !options.is_empty() => Answer::Choice(options[0].id.clone()),
                _ => Answer::Unknown,
            },
        };
        let other = if self.screener.check_answer(fact, &other).is_ok() {
            other
        } else {
            Answer::Unknown
        };
        Ok(other.to_json().to_string())
    }

    /// Every trial's rules as JsonLogic (a JSON array, one rule per trial, in file order), from
    /// the rules as the screener holds them (`Screener::trials_logic`).
    pub fn jsonlogic_rules(&self) -> String {
        Value::Array(self.screener.trials_logic()).to_string()
    }

    /// The current answers as JsonLogic data (base units).
    pub fn jsonlogic_data(&self) -> String {
        logic_data(&self.screener, &self.answers).to_string()
    }

    /// As `jsonlogic_data` for one fact's answer given as JSON text.
    pub fn jsonlogic_value(&self, fact: &str, json: &str) -> Result<String, JsError> {
        let v: Value = serde_json::from_str(json).map_err(js)?;
        let a = Answer::from_json(&v).map_err(js)?;
        let mut one = Answers::default();
        one.set(fact, a);
        Ok(logic_data(&self.screener, &one)
            .get(fact)
            .cloned()
            .unwrap_or(Value::Null)
            .to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../trials.json")).unwrap()
    }

    /// A patient who answers every question (bench/answers.json).
    fn complete() -> String {
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../answers.json")).unwrap()
    }

    #[test]
    fn kept_evaluation_and_path_agree_with_evaluating_afresh() {
        let text = serde_json::to_string(&generate_file(&real(), 300, 3).unwrap()).unwrap();
        let complete = complete();
        let mut b = Bench::load(&text).ok().unwrap();
        let asked = b.journey(&complete, 25).ok().unwrap();
        assert!(asked.split(',').count() >= 20, "{asked}");
        let mixed = b.verdicts();
        assert!(mixed.contains('?') && mixed.contains('x'), "{mixed}");
        assert_eq!(b.verdicts(), b.verdicts_afresh());
        assert_eq!(b.next_question(), b.next_question_afresh());
        // The last answer changed back and forth, as the benchmark does.
        let last = asked.rsplit(',').next().unwrap();
        let all: Answers = serde_json::from_str(&complete).unwrap();
        let given = all
            .get(last)
            .map_or("\"unknown\"".to_string(), |a| a.to_json().to_string());
        let other = b.alternative(last, &given).ok().unwrap();
        for value in [&other, &given, &other] {
            b.set_answer(last, value).ok().unwrap();
            assert_eq!(b.verdicts(), b.verdicts_afresh(), "{last} = {value}");
            assert_eq!(b.next_question(), b.next_question_afresh());
            assert_eq!(b.next_step(), b.next_step_afresh());
        }
        b.set_answers(&complete).ok().unwrap();
        assert_eq!(b.verdicts(), b.verdicts_afresh());
    }

    #[test]
    fn a_bench_from_the_pack_screens_as_one_from_the_json() {
        let text = serde_json::to_string(&generate_file(&real(), 300, 5).unwrap()).unwrap();
        let complete = complete();
        let bytes = pack(&text).ok().unwrap();
        assert!(bytes.len() < text.len(), "{} ≥ {}", bytes.len(), text.len());
        let mut from_json = Bench::load(&text).ok().unwrap();
        let mut from_pack = Bench::load_pack(bytes).ok().unwrap();
        assert_eq!(from_pack.trials(), 300);
        assert_eq!(from_pack.criteria(), from_json.criteria());
        for t in 0..300 {
            assert_eq!(from_pack.screener.trial(t), from_json.screener.trial(t));
        }
        let asked = from_json.journey(&complete, 25).ok().unwrap();
        assert!(asked.split(',').count() >= 20, "{asked}");
        assert_eq!(from_pack.journey(&complete, 25).ok().unwrap(), asked);
        let mixed = from_json.verdicts();
        assert!(mixed.contains('?') && mixed.contains('x'), "{mixed}");
        let same = |p: &mut Bench, j: &mut Bench, when: &str| {
            assert_eq!(p.verdicts(), j.verdicts(), "{when}");
            assert_eq!(p.verdicts_afresh(), j.verdicts_afresh(), "{when}");
            assert_eq!(p.next_question(), j.next_question(), "{when}");
            assert_eq!(p.next_step(), j.next_step(), "{when}");
            assert_eq!(p.evaluate(), j.evaluate(), "{when}");
            assert_eq!(
                p.screener.evaluate(&p.answers),
                j.screener.evaluate(&j.answers),
                "{when}"
            );
        };
        same(&mut from_pack, &mut from_json, "after the journey");
        let last = asked.rsplit(',').next().unwrap();
        let all: Answers = serde_json::from_str(&complete).unwrap();
        let given = all
            .get(last)
            .map_or("\"unknown\"".to_string(), |a| a.to_json().to_string());
        let other = from_json.alternative(last, &given).ok().unwrap();
        assert_eq!(from_pack.alternative(last, &given).ok().unwrap(), other);
        for value in [&other, &given] {
            from_json.set_answer(last, value).ok().unwrap();
            from_pack.set_answer(last, value).ok().unwrap();
            same(&mut from_pack, &mut from_json, &format!("{last} = {value}"));
        }
        from_json.set_answers(&complete).ok().unwrap();
        from_pack.set_answers(&complete).ok().unwrap();
        same(&mut from_pack, &mut from_json, "every answer given");
        assert_eq!(from_pack.jsonlogic_data(), from_json.jsonlogic_data());
        let rules = from_pack.screener.trials_logic();
        assert_eq!(rules.len(), 300);
        assert_eq!(rules, from_json.screener.trials_logic());
    }

    #[test]
    fn generated_trials_load_and_check() {
        let file = generate_file(&real(), 200, 7).unwrap();
        let text = serde_json::to_string(&file).unwrap();
        let s = Screener::load(&text).unwrap_or_else(|f| panic!("{}", f[0]));
        assert_eq!(s.trial_count(), 200);
        assert!(s.trials().any(|t| !t.subgroups.is_empty()));
    }
}

// ---------------------------------------------------------------------------------------------
// The parts of loading, timed apart

/// The typed parse alone (`serde_json::from_str::<TrialsFile>`): the floor under loading.
#[wasm_bindgen]
pub fn parse_typed(text: &str) -> Result<usize, JsError> {
    let f: TrialsFile = serde_json::from_str(text).map_err(js)?;
    Ok(f.trials.len())
}

/// The untyped parse alone (`serde_json::Value`), which `check` does before the typed one.
#[wasm_bindgen]
pub fn parse_value(text: &str) -> Result<usize, JsError> {
    let v: Value = serde_json::from_str(text).map_err(js)?;
    Ok(v.get("trials")
        .and_then(Value::as_array)
        .map_or(0, Vec::len))
}

