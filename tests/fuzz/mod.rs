//! A seeded, structure-aware fuzzer on stable Rust, shared by `tests/fuzz.rs` (a few thousand
//! inputs per target in `cargo test`) and `examples/fuzz.rs` (`scripts/fuzz`, for minutes).
//!
//! Each target is a generator (a seed's random numbers → input bytes) and an executor (input
//! bytes → runs the code under test, panicking when a property fails). Input `i` of a target
//! is generated from the seed, the target's name and `i` alone, so any input can be made again,
//! and a saved reproducer is only bytes, replayed by the executor.

#![allow(dead_code)] // each of the two crates that include this uses part of it

use prescreen::engine::Screener;
use prescreen::form::{self, Draft};
use prescreen::geo::Location;
use prescreen::i18n::parse_number;
use prescreen::model::{Answer, Answers, Fact, FactKind};
use prescreen::options::{self, Options};
use prescreen::route::Route;
use prescreen::units;
use serde_json::{json, Map, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Random numbers

/// SplitMix64: tiny, fast, and every seed is a good one.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with probability `1/n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn coin(&mut self) -> bool {
        self.next() & 1 == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Mixes words into one seed (FNV-1a over their bytes, then SplitMix).
pub fn mix(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for p in parts {
        for b in *p {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01B3);
        }
        h = (h ^ 0xFF).wrapping_mul(0x0100_0000_01B3);
    }
    Rng::new(h).next()
}

// ---------------------------------------------------------------------------------------------
// Watching allocations

/// The system allocator, noting the largest single request the current thread made, so that an
/// input asking for absurd memory is a finding even when the machine could give it.
pub struct Counting;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    let _ = LARGEST.try_with(|l| {
        if size > l.get() {
            l.set(size);
        }
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// More than any input here needs: the real trials file is 300 kB, a description at most 64 MiB.
pub const ABSURD_ALLOCATION: usize = 256 << 20;

// ---------------------------------------------------------------------------------------------
// Fixtures

const TRIALS: &str = include_str!("../../trials.json");
const MINI: &str = include_str!("../fixtures/mini.json");

/// What every target draws on, made once.
pub struct Fixtures {
    /// Trials files to mutate, parsed, each with its weight (small files are cheap to load).
    pub seeds: Vec<(Value, usize)>,
    /// Strings the trials files use (ids, units, operators, keys), for plausible renames.
    pub words: Vec<String>,
    /// Packs to damage: of the seeds, and of mutated files the screener accepted.
    pub packs: Vec<Vec<u8>>,
    /// The real trials and the small fixture, loaded.
    pub screeners: Vec<Screener>,
}

impl Fixtures {
    pub fn new() -> Fixtures {
        let full: Value = serde_json::from_str(TRIALS).expect("trials.json is JSON");
        let mini: Value = serde_json::from_str(MINI).expect("mini.json is JSON");
        // Mostly the small fixture: it loads in a fraction of the real file's time, and inputs
        // are tried by the million. The real file's trials come one at a time, with only the
        // facts their rules read; the whole file now and then.
        let mut seeds = vec![(mini.clone(), 150), (full.clone(), 1)];
        if let Some(trials) = full["trials"].as_array() {
            for t in trials {
                let mut read = std::collections::BTreeSet::new();
                facts_read(t, &mut read);
                let mut one = full.clone();
                one["trials"] = Value::Array(vec![t.clone()]);
                let mut pruned = one.clone();
                if let Some(facts) = pruned["facts"].as_array_mut() {
                    facts.retain(|f| f["id"].as_str().is_some_and(|id| read.contains(id)));
                }
                // Kept whole if the pruned file does not load (a fact read some other way).
                let seed = if Screener::load(&pruned.to_string()).is_ok() {
                    pruned
                } else {
                    one
                };
                seeds.push((seed, 2));
            }
        }
        let mut words = std::collections::BTreeSet::new();
        for (s, _) in &seeds[..2] {
            collect_words(s, &mut words);
        }
        for q in units::QUANTITIES {
            words.insert(q.id.to_string());
            for u in q.units {
                words.insert(u.id.to_string());
                words.insert(u.symbol.to_string());
            }
        }
        let screeners = vec![
            Screener::load(TRIALS).expect("trials.json loads"),
            Screener::load(MINI).expect("mini.json loads"),
        ];
        let mut fx = Fixtures {
            seeds,
            words: words.into_iter().collect(),
            packs: screeners.iter().map(Screener::pack).collect(),
            screeners,
        };
        // Packs of files no one wrote by hand: mutants of the small fixture that still load.
        let mut rng = Rng::new(0x005E_ED0F_9ACC);
        let mut tries = 0;
        while fx.packs.len() < 24 && tries < 400 {
            tries += 1;
            let mut v = fx.seeds[0].0.clone();
            for _ in 0..1 + rng.below(3) {
                mutate_value(&mut v, &mut rng, &fx, 0);
            }
            if let Ok(s) = Screener::load(&v.to_string()) {
                fx.packs.push(s.pack());
            }
        }
        fx
    }
}

impl Default for Fixtures {
    fn default() -> Self {
        Fixtures::new()
    }
}

/// The facts a trial's rules read (`fact` and `per`).
fn facts_read(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| facts_read(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("fact" | "per", Value::String(id)) => {
                        out.insert(id.clone());
                    }
                    _ => facts_read(x, out),
                }
            }
        }
        _ => {}
    }
}

fn collect_words(v: &Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        Value::String(s) if s.len() <= 40 => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| collect_words(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                out.insert(k.clone());
                collect_words(x, out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Mutating JSON

const OPS: &[&str] = &["<", "<=", ">", ">=", "=", "==", "!=", "≥", "", "lt", "< "];
const UNITS: &[&str] = &[
    "years", "months", "mg/dL", "umol/L", "µmol/L", "μmol/L", "xULN", "/mm3", "mg/dl", "g/L", "",
    " ", "years ", "YEARS", "%", "mg", "kg", "10^9/L", "per day",
];
const STRANGE: &[&str] = &[
    "NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "-0",
    "0x10",
    "1_000",
    "18 years",
    "",
    " ",
    "\u{0}",
    "\u{feff}",
    "é",
    "e\u{301}",
    "\u{202e}evil",
    "👩‍⚕️",
    "\u{ffff}",
    "null",
    "true",
    "{}",
    "[]",
    "\\",
    "\"",
    "%s%n",
    "\r\n",
    "ａｂｃ",
    "١٢٣",
    "NCT",
    "nct00000001",
];

/// A number at an edge: huge, tiny, negative, fractional, past f64's exact integers.
fn extreme_number(rng: &mut Rng) -> Value {
    match rng.below(18) {
        0 => json!(1e308),
        1 => json!(-1e308),
        2 => json!(f64::MIN_POSITIVE),
        3 => json!(5e-324),
        4 => json!(-0.0),
        5 => json!(0),
        6 => json!(0.5),
        7 => json!(17.5),
        8 => json!(18.000_000_1),
        9 => json!(9_007_199_254_740_993u64),
        10 => json!(u64::MAX),
        11 => json!(i64::MIN),
        12 => json!(-1),
        13 => json!(1e15),
        14 => json!(4_294_967_296u64),
        15 => json!(rng.next() as i64),
        16 => json!((rng.unit() - 0.5) * 1e6),
        _ => json!(rng.below(300)),
    }
}

/// Random text: plausible words, strange ones, or random code points.
pub fn strange_string(rng: &mut Rng, fx: &Fixtures) -> String {
    match rng.below(6) {
        0 | 1 => rng.pick(&fx.words).clone(),
        2 => rng.pick(STRANGE).to_string(),
        3 => {
            let w = rng.pick(&fx.words);
            match rng.below(4) {
                0 => w.to_uppercase(),
                1 => format!("{w} "),
                2 => w.chars().rev().collect(),
                _ => format!("{w}{}", rng.below(10)),
            }
        }
        4 => "x".repeat([1, 100, 2000][rng.below(3)]),
        _ => (0..rng.below(12))
            .map(|_| random_char(rng))
            .collect::<String>(),
    }
}

pub fn random_char(rng: &mut Rng) -> char {
    let c = match rng.below(5) {
        0 => rng.below(0x80) as u32,
        1 => 0x80 + rng.below(0x780) as u32,
        2 => 0x800 + rng.below(0xF800) as u32,
        3 => 0x10000 + rng.below(0x100000) as u32,
        _ => *rng.pick(&[
            0x300, 0x200B, 0xFEFF, 0x202E, 0xA0, 0x202F, 0xFFFD, 0x0660, 0xFF10,
        ]),
    };
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

/// A rule-shaped value, some of them right, most of them not quite.
fn random_rule(rng: &mut Rng, fx: &Fixtures, depth: usize) -> Value {
    let leaf = |rng: &mut Rng| -> Value {
        let fact = strange_string(rng, fx);
        match rng.below(6) {
            0 => {
                json!({"fact": fact, "op": rng.pick(OPS), "value": extreme_number(rng), "unit": rng.pick(UNITS)})
            }
            1 => json!({"fact": fact, "is": rng.coin()}),
            2 => json!({"fact": fact, "in": [strange_string(rng, fx)]}),
            3 => {
                json!({"fact": fact, "has_any": [strange_string(rng, fx), strange_string(rng, fx)]})
            }
            4 => json!({"study_team": {"en": "x"}}),
            _ => {
                json!({"fact": fact, "op": rng.pick(OPS), "value": extreme_number(rng), "unit": rng.pick(UNITS), "per": strange_string(rng, fx)})
            }
        }
    };
    if depth > 4 || rng.one_in(3) {
        return leaf(rng);
    }
    let kids = |rng: &mut Rng| -> Vec<Value> {
        (0..rng.below(4))
            .map(|_| random_rule(rng, fx, depth + 1))
            .collect()
    };
    match rng.below(4) {
        0 => obj("all", Value::Array(kids(rng))),
        1 => obj("any", Value::Array(kids(rng))),
        2 => obj("not", random_rule(rng, fx, depth + 1)),
        _ => {
            let mut m = Map::new();
            m.insert("at_least".into(), extreme_number(rng));
            m.insert("of".into(), Value::Array(kids(rng)));
            Value::Object(m)
        }
    }
}

/// `{key: v}`, moving `v` in (`json!` would serialize it again, at every level of a nest).
fn obj(key: &str, v: Value) -> Value {
    let mut m = Map::new();
    m.insert(key.into(), v);
    Value::Object(m)
}

/// Wraps a value in `n` levels of rules (serde_json stops at 128).
fn nest(v: Value, n: usize, rng: &mut Rng) -> Value {
    let mut v = v;
    for _ in 0..n {
        v = match rng.below(3) {
            0 => obj("not", v),
            1 => obj("all", Value::Array(vec![v])),
            _ => obj(
                "any",
                Value::Array(vec![v, json!({"study_team": {"en": "x"}})]),
            ),
        };
    }
    v
}

/// Marks keys to repeat: serde's maps hold each key once, so the serialized text is edited.
const DUPLICATE: &str = "\u{1}duplicate:";

/// One structural change somewhere in `root`, reached by a random walk down from it.
pub fn mutate_value(root: &mut Value, rng: &mut Rng, fx: &Fixtures, depth: usize) {
    let node = walk_down(root, rng, depth);
    mutate_node(node, rng, fx);
}

/// One change that keeps the node's type (another number, another id, an item more or less),
/// so that the file mostly still loads and packing and screening get tried.
pub fn mutate_value_gently(root: &mut Value, rng: &mut Rng, fx: &Fixtures) {
    let node = walk_down(root, rng, 0);
    match node {
        Value::Number(_) => *node = extreme_number(rng),
        Value::String(s) => {
            *s = match rng.below(4) {
                0 => strange_string(rng, fx),
                1 => rng.pick(UNITS).to_string(),
                _ => rng.pick(&fx.words).clone(),
            }
        }
        Value::Bool(b) => *b = !*b,
        Value::Array(a) => match rng.below(4) {
            0 if !a.is_empty() => {
                a.remove(rng.below(a.len()));
            }
            1 if a.len() > 1 => {
                let (i, j) = (rng.below(a.len()), rng.below(a.len()));
                a.swap(i, j);
            }
            _ if !a.is_empty() => {
                let v = a[rng.below(a.len())].clone();
                a.insert(rng.below(a.len() + 1), v);
            }
            _ => {}
        },
        Value::Object(o) if !o.is_empty() => {
            let k = o.keys().nth(rng.below(o.len())).expect("in range").clone();
            if rng.coin() {
                o.remove(&k);
            } else {
                let v = o[&k].clone();
                o.insert(format!("{DUPLICATE}{k}"), v);
            }
        }
        _ => {}
    }
}

fn walk_down<'v>(root: &'v mut Value, rng: &mut Rng, depth: usize) -> &'v mut Value {
    let mut node = root;
    let mut d = depth;
    loop {
        let stop = rng.below(10) < 1 + d / 3;
        let next_is_leaf = match &*node {
            Value::Object(o) => o.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => true,
        };
        if stop || next_is_leaf {
            break;
        }
        node = match node {
            Value::Object(o) => {
                let i = rng.below(o.len());
                let key = o.keys().nth(i).expect("in range").clone();
                o.get_mut(&key).expect("present")
            }
            Value::Array(a) => {
                let i = rng.below(a.len());
                &mut a[i]
            }
            _ => unreachable!("leaves stop the walk"),
        };
        d += 1;
    }
    node
}

fn mutate_node(node: &mut Value, rng: &mut Rng, fx: &Fixtures) {
    match rng.below(16) {
        0 | 1 => *node = extreme_number(rng),
        2 => *node = json!(rng.pick(STRANGE)),
        3 => {
            *node = match node.take() {
                Value::Number(n) => json!(n.to_string()),
                Value::String(s) => s.parse::<f64>().map_or(json!(s.len()), |x| json!(x)),
                Value::Bool(b) => json!(if b { 1 } else { 0 }),
                Value::Array(a) => obj("0", Value::Array(a)),
                Value::Object(o) => Value::Array(o.into_iter().map(|(_, v)| v).collect()),
                Value::Null => json!(false),
            }
        }
        4 => *node = [Value::Null, json!(true), json!([]), json!({})][rng.below(4)].clone(),
        5 => *node = json!(strange_string(rng, fx)),
        6 => *node = random_rule(rng, fx, 0),
        7 => {
            let n = *rng.pick(&[1, 3, 10, 40, 100, 126, 127, 200]);
            *node = nest(node.take(), n, rng);
        }
        8 => {
            // A piece of another seed, where it may not belong.
            let (donor, _) = rng.pick(&fx.seeds);
            let mut piece = donor;
            // Down a few levels, and on until the piece is small: a whole file pasted in makes
            // inputs too slow to try by the million, and tells no more.
            let steps = 1 + rng.below(6);
            for step in 0..40 {
                if step >= steps && nodes(piece, 300) < 300 {
                    break;
                }
                piece = match piece {
                    Value::Object(o) if !o.is_empty() => {
                        o.values().nth(rng.below(o.len())).expect("in range")
                    }
                    Value::Array(a) if !a.is_empty() => &a[rng.below(a.len())],
                    _ => break,
                };
            }
            *node = piece.clone();
        }
        _ => match node {
            Value::Object(o) => mutate_object(o, rng, fx),
            Value::Array(a) => mutate_array(a, rng, fx),
            Value::String(s) => {
                *s = match rng.below(4) {
                    0 => rng.pick(OPS).to_string(),
                    1 => rng.pick(UNITS).to_string(),
                    _ => strange_string(rng, fx),
                }
            }
            Value::Number(_) => *node = extreme_number(rng),
            _ => *node = json!(strange_string(rng, fx)),
        },
    }
}

fn mutate_object(o: &mut Map<String, Value>, rng: &mut Rng, fx: &Fixtures) {
    let key = |o: &Map<String, Value>, rng: &mut Rng| o.keys().nth(rng.below(o.len())).cloned();
    match rng.below(8) {
        0 | 1 => {
            if let Some(k) = key(o, rng) {
                o.remove(&k);
            }
        }
        2 => {
            let v = match rng.below(3) {
                0 => extreme_number(rng),
                1 => json!(strange_string(rng, fx)),
                _ => random_rule(rng, fx, 2),
            };
            o.insert(strange_string(rng, fx), v);
        }
        3 => {
            // Renamed: the same value under another key.
            if let Some(k) = key(o, rng) {
                let v = o.remove(&k).expect("present");
                o.insert(rng.pick(&fx.words).clone(), v);
            }
        }
        4 => {
            if let Some(k) = key(o, rng) {
                let mut v = o[&k].clone();
                if rng.coin() {
                    mutate_node(&mut v, rng, fx);
                }
                o.insert(format!("{DUPLICATE}{k}"), v);
            }
        }
        5 => o.clear(),
        6 => {
            if let Some(k) = key(o, rng) {
                o.insert(k, Value::Array(vec![]));
            }
        }
        _ => {
            if let Some(k) = key(o, rng) {
                let v = o.get_mut(&k).expect("present");
                mutate_node(v, rng, fx);
            }
        }
    }
}

fn mutate_array(a: &mut Vec<Value>, rng: &mut Rng, fx: &Fixtures) {
    match rng.below(6) {
        0 => a.clear(),
        1 if !a.is_empty() => {
            let i = rng.below(a.len());
            let v = a[i].clone();
            a.insert(rng.below(a.len() + 1), v);
        }
        2 if !a.is_empty() => {
            a.remove(rng.below(a.len()));
        }
        3 if a.len() > 1 => {
            let (i, j) = (rng.below(a.len()), rng.below(a.len()));
            a.swap(i, j);
        }
        4 if !a.is_empty() => {
            // Many copies: a list far longer than any file has (of small items, so that inputs
            // stay small enough to try by the million).
            let v = a[rng.below(a.len())].clone();
            let n = if nodes(&v, 64) < 64 {
                *rng.pick(&[10, 100, 1000])
            } else {
                3
            };
            a.extend(std::iter::repeat_n(v, n));
        }
        _ => a.push(match rng.below(3) {
            0 => extreme_number(rng),
            1 => json!(strange_string(rng, fx)),
            _ => random_rule(rng, fx, 1),
        }),
    }
}

/// How many nodes `v` has, counting no further than `limit`.
fn nodes(v: &Value, limit: usize) -> usize {
    let mut n = 1;
    let kids: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Array(a) => Box::new(a.iter()),
        Value::Object(o) => Box::new(o.values()),
        _ => return 1,
    };
    for k in kids {
        if n >= limit {
            break;
        }
        n += nodes(k, limit - n);
    }
    n
}

/// The value as text, with keys marked for repeating written twice.
pub fn serialize(v: &Value, rng: &mut Rng) -> Vec<u8> {
    let mut text = serde_json::to_string(v).expect("a Value serializes");
    // Pretty-printed only when small: deep nesting pretty-printed is mostly indentation.
    if text.len() < 16 << 10 && rng.one_in(4) {
        let pretty = serde_json::to_string_pretty(v).expect("a Value serializes");
        if pretty.len() < 64 << 10 {
            text = pretty;
        }
    }
    text.replace("\"\\u0001duplicate:", "\"").into_bytes()
}

const TOKENS: &[&[u8]] = &[
    b",",
    b"]",
    b"}",
    b"{",
    b"[",
    b"\"",
    b":",
    b"\\u0000",
    b"\\ud800",
    b"\\",
    b"1e999",
    b"-",
    b"null",
    b"\xC2\xA0",
    b"\xEF\xBB\xBF",
    b"\xFF",
    b"\xC0\x80",
    b"\xED\xA0\x80",
    b"\n",
    b"\t",
    b"99999999999999999999999",
    b"-0.0",
    b"1e-400",
    b"\"\":\"\"",
];

/// One change to the bytes: flipped bits, cuts, repeats, inserted tokens, a byte-order mark.
pub fn mutate_bytes(b: &mut Vec<u8>, rng: &mut Rng) {
    if b.is_empty() {
        b.extend(*rng.pick(TOKENS));
        return;
    }
    let at = rng.below(b.len());
    match rng.below(9) {
        0 => b[at] ^= 1 << rng.below(8),
        1 => b.truncate(at),
        2 => {
            let end = (at + 1 + rng.below(64)).min(b.len());
            b.drain(at..end);
        }
        3 => {
            let end = (at + 1 + rng.below(256)).min(b.len());
            let piece = b[at..end].to_vec();
            let to = rng.below(b.len());
            b.splice(to..to, piece);
        }
        4 | 5 => {
            let t = rng.pick(TOKENS);
            b.splice(at..at, t.iter().copied());
        }
        6 => {
            b.splice(0..0, "\u{feff}".bytes());
        }
        7 => b[at] = *rng.pick(&[0, b'0', b'9', b'"', b'-', b'.', 0x80, 0xFF]),
        _ => {
            let n = rng.below(8) + 1;
            let extra: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            b.splice(at..at, extra);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Answers

/// Answers to some of the screener's facts: mostly of the right kind, some wrong, some junk.
pub fn random_answers(s: &Screener, rng: &mut Rng) -> Answers {
    let mut a = Answers::default();
    for f in s.facts() {
        if rng.below(10) < 4 {
            continue;
        }
        a.set(f.id.clone(), random_answer(f, rng));
    }
    if rng.one_in(8) {
        a.set("no-such-fact", Answer::Bool(true));
    }
    a
}

fn random_value(min: f64, max: f64, rng: &mut Rng) -> f64 {
    match rng.below(8) {
        0 => min,
        1 => max,
        2 => (min + max) / 2.0,
        3 => *rng.pick(&[0.0, -0.0, -1.0, 1e308, 1e-7, 1.123_456_7, 0.3, 18.0]),
        _ => min + (max - min) * rng.unit(),
    }
}

pub fn random_answer(f: &Fact, rng: &mut Rng) -> Answer {
    if rng.one_in(10) {
        return Answer::Unknown;
    }
    let option = |options: &[prescreen::model::Choice], rng: &mut Rng| {
        if options.is_empty() || rng.one_in(12) {
            "not-an-option".to_string()
        } else {
            rng.pick(options).id.clone()
        }
    };
    let right = match &f.answer {
        FactKind::YesNo => Answer::Bool(rng.coin()),
        FactKind::Number {
            quantity, min, max, ..
        } => {
            let unit = units::quantity(quantity)
                .map(|q| rng.pick(q.units).id.to_string())
                .unwrap_or_default();
            let unit = if rng.one_in(12) {
                rng.pick(UNITS).to_string()
            } else {
                unit
            };
            let mut value = random_value(*min, *max, rng);
            if rng.coin() {
                value = value.round();
            }
            Answer::Number { value, unit }
        }
        FactKind::UpperLimitRatio { max } => {
            if rng.one_in(4) {
                Answer::WithinNormal
            } else {
                Answer::OfUpperLimit {
                    value: random_value(0.0, max * 50.0, rng),
                    upper_limit: random_value(0.0, 100.0, rng),
                }
            }
        }
        FactKind::Choice { options } => Answer::Choice(option(options, rng)),
        FactKind::Multi { options } => Answer::Multi(
            (0..rng.below(options.len() + 2))
                .map(|_| option(options, rng))
                .collect(),
        ),
        FactKind::Date => {
            let year = 1890 + rng.below(150);
            let date = match rng.below(4) {
                0 => format!("{year}"),
                1 => format!("{year}-{:02}", rng.below(14)),
                2 => format!("{year}-{:02}-{:02}", 1 + rng.below(12), rng.below(33)),
                _ => rng
                    .pick(&["", "2025-5", "may 2025", "20x5", "2025-05-"])
                    .to_string(),
            };
            Answer::Date {
                date,
                about: rng.coin(),
            }
        }
    };
    if rng.one_in(8) {
        // The wrong kind of answer for this fact.
        match rng.below(4) {
            0 => Answer::Bool(true),
            1 => Answer::WithinNormal,
            2 => Answer::Multi(vec![]),
            _ => Answer::Number {
                value: 1.0,
                unit: "years".into(),
            },
        }
    } else {
        right
    }
}

// ---------------------------------------------------------------------------------------------
// Targets

pub struct Target {
    pub name: &'static str,
    pub generate: fn(&mut Rng, &Fixtures) -> Vec<u8>,
    pub execute: fn(&[u8], &Fixtures),
}

pub const TARGETS: &[Target] = &[
    Target {
        name: "trials",
        generate: gen_trials,
        execute: exec_trials,
    },
    Target {
        name: "pack",
        generate: gen_pack,
        execute: exec_pack,
    },
    Target {
        name: "answers",
        generate: gen_answers,
        execute: exec_answers,
    },
    Target {
        name: "options",
        generate: gen_options,
        execute: exec_options,
    },
    Target {
        name: "form",
        generate: gen_form,
        execute: exec_form,
    },
];

pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

// --- trials: a trials file → load → pack → load_pack, screening the same

fn pick_seed<'a>(rng: &mut Rng, fx: &'a Fixtures) -> &'a Value {
    let total: usize = fx.seeds.iter().map(|(_, w)| w).sum();
    let mut n = rng.below(total);
    for (v, w) in &fx.seeds {
        if n < *w {
            return v;
        }
        n -= w;
    }
    &fx.seeds[0].0
}

pub fn gen_trials(rng: &mut Rng, fx: &Fixtures) -> Vec<u8> {
    let mut v = pick_seed(rng, fx).clone();
    let mode = rng.below(10);
    let changes = 1 + rng.below(3);
    match mode {
        0..=3 => (0..changes).for_each(|_| mutate_value_gently(&mut v, rng, fx)),
        4..=7 => (0..changes).for_each(|_| mutate_value(&mut v, rng, fx, 0)),
        _ => {}
    }
    let mut bytes = serialize(&v, rng);
    if mode >= 8 || rng.one_in(8) {
        for _ in 0..1 + rng.below(3) {
            mutate_bytes(&mut bytes, rng);
        }
    }
    bytes
}

/// A seed for the answers an executor makes up, from its input, so a replay makes the same.
fn input_rng(input: &[u8]) -> Rng {
    Rng::new(mix(&[input]))
}

/// The same screening from both, for a few patients; panics saying where they differ.
fn same_screening(file: &Screener, pack: &Screener, rng: &mut Rng) {
    assert_eq!(
        file.trial_count(),
        pack.trial_count(),
        "trial counts differ"
    );
    assert_eq!(file.facts().len(), pack.facts().len(), "fact counts differ");
    if let Some((a, b)) = file.facts().iter().zip(pack.facts()).find(|(a, b)| a != b) {
        panic!(
            "the pack's fact {} differs from the file's: {a:?} became {b:?}",
            a.id
        );
    }
    for t in 0..file.trial_count() {
        assert!(
            file.trial(t) == pack.trial(t),
            "trial {t} reads back differently from the pack"
        );
    }
    assert!(
        file.warnings() == pack.warnings(),
        "the pack's warnings differ"
    );
    for _ in 0..3 {
        let a = random_answers(file, rng);
        assert!(
            file.evaluate(&a) == pack.evaluate(&a),
            "the pack screens {a:?} differently"
        );
        assert_eq!(
            file.next_questions(&a),
            pack.next_questions(&a),
            "next questions differ"
        );
        assert_eq!(
            file.on_path(&a),
            pack.on_path(&a),
            "answers on the path differ"
        );
    }
}

pub fn exec_trials(input: &[u8], _fx: &Fixtures) {
    let loaded = match std::str::from_utf8(input) {
        Ok(text) => Screener::load(text),
        Err(_) => Screener::load_published(input.to_vec(), None),
    };
    let Ok(s) = loaded else { return };
    let packed = s.pack();
    let p = Screener::load_pack(packed)
        .unwrap_or_else(|e| panic!("the pack of a file that loads is refused: {e:?}"));
    same_screening(&s, &p, &mut input_rng(input));
}

// --- pack: damaged packs, resealed so the reader goes past the checksum

const MAGIC_LEN: usize = 8;
const BODY: usize = 8 + 4 + 8;

/// The pack's checksum, as the engine computes it.
pub fn checksum(b: &[u8]) -> u64 {
    prescreen::engine::pack_checksum(b)
}

pub fn reseal(b: &mut [u8]) {
    if b.len() >= BODY {
        let sum = checksum(&b[BODY..]);
        b[12..BODY].copy_from_slice(&sum.to_le_bytes());
    }
}

/// Where a pack's fields are, found by walking it as `pack::read` does, so that changes land
/// on counts, rule tags, fact numbers and thresholds rather than only on compressed text.
#[derive(Default)]
struct Fields {
    counts: Vec<usize>,
    bytes: Vec<usize>,
    floats: Vec<usize>,
    head: Option<(usize, usize)>,
    /// Where each trial's description length is.
    lengths: Vec<usize>,
    descriptions: Vec<(usize, usize)>,
}

fn walk_pack(b: &[u8]) -> Fields {
    let mut f = Fields::default();
    let mut at = BODY;
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let mut walk = || -> Option<()> {
        let head = u32_at(at)?;
        f.counts.push(at);
        f.head = Some((at + 4, head));
        at += 4 + head;
        let warnings = u32_at(at)?;
        f.counts.push(at);
        at += 4 + warnings;
        let trials = u32_at(at)?;
        f.counts.push(at);
        at += 4;
        let mut lengths = vec![];
        for _ in 0..trials.min(100_000) {
            let id = u32_at(at)?;
            f.counts.push(at);
            at += 4 + id;
            lengths.push(u32_at(at)?);
            f.counts.push(at);
            f.lengths.push(at);
            at += 4;
            let groups = u32_at(at)?;
            f.counts.push(at);
            at += 4;
            for _ in 0..=groups.min(10_000) {
                let tests = u32_at(at)?;
                f.counts.push(at);
                at += 4;
                for _ in 0..tests.min(10_000) {
                    let flags = *b.get(at)?;
                    f.bytes.push(at);
                    at += 1;
                    if flags & 2 != 0 {
                        at = walk_node(b, at, &mut f, 0)?;
                    }
                }
            }
        }
        for len in lengths {
            f.descriptions.push((at, len));
            at += len;
        }
        Some(())
    };
    let _ = walk();
    f
}

fn walk_node(b: &[u8], at: usize, f: &mut Fields, depth: usize) -> Option<usize> {
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    if depth > 70 {
        return None;
    }
    let tag = *b.get(at)?;
    f.bytes.push(at);
    let mut at = at + 1;
    match tag {
        0 | 1 | 3 => {
            if tag == 3 {
                f.counts.push(at);
                at += 4;
            }
            let n = u32_at(at)?;
            f.counts.push(at);
            at += 4;
            for _ in 0..n.min(10_000) {
                at = walk_node(b, at, f, depth + 1)?;
            }
        }
        2 => at = walk_node(b, at, f, depth + 1)?,
        4 => {
            f.counts.push(at);
            f.bytes.push(at + 4);
            f.floats.push(at + 5);
            f.counts.push(at + 13);
            at += 17;
        }
        5 => {
            f.counts.push(at);
            f.bytes.push(at + 4);
            at += 5;
        }
        6 | 7 => {
            f.counts.push(at);
            let n = u32_at(at + 4)?;
            f.counts.push(at + 4);
            at += 8;
            for _ in 0..n.min(10_000) {
                f.counts.push(at);
                at += 4;
            }
        }
        _ => {}
    }
    Some(at)
}

fn put_u32(b: &mut [u8], at: usize, n: u32) {
    if let Some(w) = b.get_mut(at..at + 4) {
        w.copy_from_slice(&n.to_le_bytes());
    }
}

pub fn gen_pack(rng: &mut Rng, fx: &Fixtures) -> Vec<u8> {
    let mut b = rng.pick(&fx.packs).clone();
    for _ in 0..1 + rng.below(3) {
        // Walked again after each change, which moves what follows it.
        let fields = walk_pack(&b);
        let len = b.len();
        match rng.below(12) {
            0..=2 if !fields.counts.is_empty() => {
                let at = *rng.pick(&fields.counts);
                let old = b
                    .get(at..at + 4)
                    .map_or(0, |w| u32::from_le_bytes(w.try_into().expect("four bytes")));
                let n = match rng.below(8) {
                    0 => 0,
                    1 => u32::MAX,
                    2 => 0x7FFF_FFFF,
                    3 => len as u32,
                    4 => old.wrapping_add(1),
                    5 => old.wrapping_sub(1),
                    6 => len.saturating_sub(at) as u32,
                    _ => rng.below(64) as u32,
                };
                put_u32(&mut b, at, n);
            }
            3 | 4 if !fields.bytes.is_empty() => {
                let at = *rng.pick(&fields.bytes);
                let bit = 1 << rng.below(8);
                let new = match rng.below(4) {
                    0 => rng.below(12) as u8,
                    1 => 0xFF,
                    _ => b.get(at).map_or(0, |x| x ^ bit),
                };
                if let Some(x) = b.get_mut(at) {
                    *x = new;
                }
            }
            5 if !fields.floats.is_empty() => {
                let at = *rng.pick(&fields.floats);
                let x = *rng.pick(&[
                    f64::NAN,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    -0.0,
                    1e308,
                    f64::MIN_POSITIVE,
                    -1e300,
                ]);
                if let Some(w) = b.get_mut(at..at + 8) {
                    w.copy_from_slice(&x.to_le_bytes());
                }
            }
            6 if fields.head.is_some() => {
                // The head (facts and languages) changed as JSON, its length made to match.
                let (start, n) = fields.head.expect("checked");
                if let Some(mut head) = b
                    .get(start..start + n)
                    .and_then(|h| serde_json::from_slice::<Value>(h).ok())
                {
                    mutate_value(&mut head, rng, fx, 0);
                    let text = serialize(&head, rng);
                    put_u32(&mut b, start - 4, text.len() as u32);
                    b.splice(start..start + n, text);
                }
            }
            7 if !fields.descriptions.is_empty() => {
                // A description changed inside its compression, so that it inflates to other JSON.
                let (start, n) = *rng.pick(&fields.descriptions);
                if let Some(json) = b
                    .get(start..start + n)
                    .and_then(|d| miniz_oxide::inflate::decompress_to_vec(d).ok())
                {
                    let mut json = json;
                    if let Ok(mut v) = serde_json::from_slice::<Value>(&json) {
                        mutate_value(&mut v, rng, fx, 0);
                        json = serialize(&v, rng);
                    } else {
                        mutate_bytes(&mut json, rng);
                    }
                    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 1);
                    let deflated_len = deflated.len();
                    b.splice(start..start + n, deflated);
                    // The length is in the trial's entry; left stale now and then.
                    if !rng.one_in(4) {
                        let at = fields.lengths[fields
                            .descriptions
                            .iter()
                            .position(|d| *d == (start, n))
                            .expect("picked")];
                        put_u32(&mut b, at, deflated_len as u32);
                    }
                }
            }
            8 => b.truncate(rng.below(len + 1).max(MAGIC_LEN.min(len))),
            9 => {
                let extra: Vec<u8> = (0..1 + rng.below(64)).map(|_| rng.next() as u8).collect();
                b.extend(extra);
            }
            10 if len > BODY => {
                let at = BODY + rng.below(len - BODY);
                b[at] ^= 1 << rng.below(8);
            }
            _ if len > BODY => {
                let at = BODY + rng.below(len - BODY);
                let end = (at + 1 + rng.below(32)).min(len);
                if rng.coin() {
                    b.drain(at..end);
                } else {
                    let piece = b[at..end].to_vec();
                    b.splice(at..at, piece);
                }
            }
            _ => {}
        }
    }
    if !rng.one_in(20) {
        reseal(&mut b);
    }
    b
}

pub fn exec_pack(input: &[u8], _fx: &Fixtures) {
    let Ok(p) = Screener::load_pack(input.to_vec()) else {
        return;
    };
    for t in 0..p.trial_count() {
        let _ = p.trial(t);
        let _ = p.criteria_counts(t);
    }
    let _ = p.warnings();
    let mut rng = input_rng(input);
    for _ in 0..2 {
        let a = random_answers(&p, &mut rng);
        let _ = p.evaluate(&a);
        let _ = p.next_questions(&a);
        let _ = p.on_path(&a);
    }
    // What loads from a pack packs again to the same screening.
    let again = Screener::load_pack(p.pack())
        .unwrap_or_else(|e| panic!("a loaded pack, packed again, is refused: {e:?}"));
    assert_eq!(
        p.trial_count(),
        again.trial_count(),
        "repacking changes the trials"
    );
}

// --- answers: answers files and share links

fn answer_json(f: Option<&Fact>, rng: &mut Rng, fx: &Fixtures) -> Value {
    match rng.below(10) {
        0..=4 => match f {
            Some(f) => random_answer(f, rng).to_json(),
            None => json!("unknown"),
        },
        5 => json!({"value": extreme_number(rng), "unit": rng.pick(UNITS)}),
        6 => json!({"value": extreme_number(rng), "upper_limit": extreme_number(rng)}),
        7 => {
            let mut v = json!({"value": [1, {"unit": "years"}], "unit": {"x": [[[]]]}});
            mutate_value(&mut v, rng, fx, 0);
            nest(v, rng.below(130), rng)
        }
        8 => [
            Value::Null,
            json!(45),
            json!(["a", 1]),
            json!([]),
            json!(""),
            json!("normal"),
        ][rng.below(6)]
        .clone(),
        _ => json!(strange_string(rng, fx)),
    }
}

fn location_json(rng: &mut Rng, fx: &Fixtures) -> Value {
    let coordinate = |rng: &mut Rng| match rng.below(4) {
        0 => extreme_number(rng),
        1 => json!(strange_string(rng, fx)),
        _ => json!((rng.unit() - 0.5) * 400.0),
    };
    match rng.below(5) {
        0 => json!("skipped"),
        1 => {
            json!({"label": strange_string(rng, fx), "lat": coordinate(rng), "lon": coordinate(rng)})
        }
        2 => json!({"lat": coordinate(rng)}),
        3 => json!([coordinate(rng), coordinate(rng)]),
        _ => json!({"label": [], "lat": 90, "lon": -180}),
    }
}

pub fn gen_answers(rng: &mut Rng, fx: &Fixtures) -> Vec<u8> {
    let s = rng.pick(&fx.screeners);
    let mut o = Map::new();
    for _ in 0..rng.below(s.facts().len() + 4) {
        let f = rng.pick(s.facts());
        let (id, fact) = match rng.below(10) {
            0 => (strange_string(rng, fx), None),
            1 => (format!("{}x", f.id), None),
            _ => (f.id.clone(), Some(f)),
        };
        let v = answer_json(fact, rng, fx);
        if rng.one_in(10) {
            o.insert(format!("{DUPLICATE}{id}"), v);
        } else {
            o.insert(id, v);
        }
    }
    if rng.coin() {
        o.insert(Location::KEY.into(), location_json(rng, fx));
    }
    let mut v = Value::Object(o);
    if rng.one_in(10) {
        v = [json!([]), json!(1), Value::Null, json!("x")][rng.below(4)].clone();
    }
    let mut bytes = serialize(&v, rng);
    if rng.one_in(5) {
        mutate_bytes(&mut bytes, rng);
    }
    bytes
}

/// As the app's share link writes answers: percent-encoded after `#/results?answers=`.
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(x)) => {
                out.push(x);
                i += 3;
            }
            (x, _) => {
                out.push(x);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn screen(s: &Screener, text: &str) {
    if let Ok(a) = s.parse_answers(text) {
        assert!(
            s.check_answers(&a).is_empty(),
            "accepted answers fail their checks"
        );
        let _ = s.evaluate(&a);
        let _ = s.next_questions(&a);
        let path = s.on_path(&a);
        assert!(
            path.0.keys().all(|k| a.0.contains_key(k)),
            "the path holds answers not given"
        );
        let _ = s.evaluate(&path);
    }
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        if let Some(Location::At { point, .. }) = Location::from_saved(&v) {
            assert!(
                (-90.0..=90.0).contains(&point.lat) && (-180.0..=180.0).contains(&point.lon),
                "a location off the Earth: {point:?}"
            );
            for f in s.trials().take(2) {
                let _ = prescreen::geo::by_distance(&f.sites, point);
            }
        }
    }
}

pub fn exec_answers(input: &[u8], fx: &Fixtures) {
    let text = String::from_utf8_lossy(input);
    // One input in four also travels as a share link: the same text each time, so this is
    // about the link's reading, not the answers'.
    if input_rng(input).one_in(4) {
        let link = format!("#/results?answers={}", percent_encode(&text));
        let (route, carried) = Route::parse(&link);
        assert_eq!(route, Route::Results, "a share link's page");
        let carried = percent_decode(&carried.expect("a share link carries its answers"));
        assert_eq!(carried, text, "a share link's answers come back apart");
    }
    for s in &fx.screeners {
        screen(s, &text);
    }
}

// --- options: the page's query string and hash routes

const KEYS: &[&str] = &[
    "lang", "trials", "accent", "location", "answers", "x", "", "LANG",
];

fn query_value(rng: &mut Rng, fx: &Fixtures) -> String {
    match rng.below(8) {
        0 => {
            // Percent escapes of random bytes, UTF-8 or not, cut or not.
            (0..rng.below(6))
                .map(|_| format!("%{:02X}", rng.next() as u8))
                .collect::<String>()
                + ["", "%", "%E", "%zz"][rng.below(4)]
        }
        1 => format!(
            "%23{}",
            percent_encode(
                &(0..rng.below(7))
                    .map(|_| random_char(rng))
                    .collect::<String>()
            )
        ),
        2 => format!("#{:06x}", rng.next() & 0xFF_FFFF),
        3 => format!("%23{:03x}", rng.next() & 0xFFF),
        4 => percent_encode(&strange_string(rng, fx)),
        5 => (0..rng.below(5))
            .map(|_| rng.pick(&fx.words).clone())
            .collect::<Vec<_>>()
            .join(","),
        6 => [
            "no",
            "false",
            "0",
            "off",
            "yes",
            "fr-FR",
            "ko",
            "zh-Hans-CN-x-private",
        ][rng.below(8)]
        .into(),
        _ => strange_string(rng, fx),
    }
}

pub fn gen_options(rng: &mut Rng, fx: &Fixtures) -> Vec<u8> {
    let mut s = String::new();
    if rng.coin() {
        s.push(*rng.pick(&['?', '#']));
    }
    if rng.one_in(3) {
        let path = [
            "/",
            "/q/",
            "/q/age",
            "/q/a/b",
            "/results",
            "/check/",
            "/print",
            "/preview",
            "/location",
            "//",
            "/q/%E2%82%AC",
        ];
        s.push_str(rng.pick::<&str>(&path));
        if rng.coin() {
            s.push_str(&strange_string(rng, fx));
        }
        s.push('?');
    }
    for i in 0..rng.below(5) {
        if i > 0 {
            s.push(*rng.pick(&['&', '&', '&', ';', '?']));
        }
        s.push_str(rng.pick::<&str>(KEYS));
        if !rng.one_in(8) {
            s.push('=');
        }
        s.push_str(&query_value(rng, fx));
    }
    let mut bytes = s.into_bytes();
    if rng.one_in(5) {
        mutate_bytes(&mut bytes, rng);
    }
    bytes
}

pub fn exec_options(input: &[u8], _fx: &Fixtures) {
    let text = String::from_utf8_lossy(input);
    let o = Options::parse(&text);
    if let Some(a) = &o.accent {
        assert!(
            a.len() == 7
                && a.starts_with('#')
                && a[1..]
                    .bytes()
                    .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')),
            "accent {a:?} is not #rrggbb"
        );
    }
    if let Some(l) = &o.lang {
        assert!(
            l.len() <= 12 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "lang {l:?}"
        );
    }
    for id in &o.trials {
        assert!(
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "trial id {id:?}"
        );
    }
    let _ = options::accent(&text);
    let (route, _) = Route::parse(&text);
    if route != Route::NotFound {
        assert_eq!(
            Route::parse(&route.href()).0,
            route,
            "{route:?} does not survive its href"
        );
    }
}

// --- form: what the patient types, read and shown back

const LOCALES: &[&str] = &[
    "en", "en-US", "en-GB", "fr-FR", "fr", "ko", "zh-CN", "", "de_DE", "FR_ca", "x-💥",
];

fn typed_number(rng: &mut Rng) -> String {
    let digits = |rng: &mut Rng, n: usize| {
        (0..n)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect::<String>()
    };
    match rng.below(14) {
        0 => String::new(),
        1 => [" ", "\t", "\u{a0}", "\u{202f}", "\n"][rng.below(5)].into(),
        2 | 3 => {
            let (m, n) = (1 + rng.below(4), 1 + rng.below(9));
            let (whole, fraction) = (digits(rng, m), digits(rng, n));
            let point = if rng.coin() { ',' } else { '.' };
            format!("{whole}{point}{fraction}")
        }
        4 => format!("{},{:03}", rng.below(1000), rng.below(1000)),
        5 => format!(
            "{}e{}",
            rng.below(10),
            [-7i32, -400, 308, 400, 5][rng.below(5)]
        ),
        6 => rng
            .pick(&[
                "١٢",
                "１２",
                "١.٥",
                "½",
                "∞",
                "NaN",
                "inf",
                "-inf",
                "1_000",
                "0x1F",
                "+5",
                "--1",
                "-",
                ".",
                ",",
                "-.5",
                "5.",
                "1 200,5",
                "1 234 567",
                "00012",
                "-0",
                "0.30000000000000004",
                "1.1234567",
                "0.0000001",
                "1e-7",
                "123456789012345678901234567890",
                "1,2,3",
                "1.2.3",
                "1,000.5",
                "1.000,5",
            ])
            .to_string(),
        7 => format!(
            "{}",
            (rng.unit() - 0.3) * 10f64.powi(rng.below(12) as i32 - 6)
        ),
        8 => format!("{:.*}", rng.below(10), rng.unit() * 1000.0),
        9 => format!("{}", rng.next() >> rng.below(64)),
        10 => {
            let n = 1 + rng.below(5);
            format!("-{}", digits(rng, n))
        }
        11 => (0..rng.below(6)).map(|_| random_char(rng)).collect(),
        12 => format!("{}{}", digits(rng, 400), [".5", "", ",5"][rng.below(3)]),
        _ => format!("0.{}{}", "0".repeat(rng.below(330)), 1 + rng.below(9)),
    }
}

pub fn gen_form(rng: &mut Rng, fx: &Fixtures) -> Vec<u8> {
    let s = rng.below(fx.screeners.len());
    let f = rng.below(fx.screeners[s].facts().len());
    let fact = &fx.screeners[s].facts()[f];
    let choices: Vec<String> = [
        form::UNKNOWN,
        form::NONE,
        form::NORMAL,
        form::ABOVE,
        form::YES,
        form::NO,
    ]
    .iter()
    .map(|c| c.to_string())
    .chain(fact.answer.options().iter().map(|o| o.id.clone()))
    .collect();
    let choice = if rng.one_in(3) {
        String::new()
    } else {
        rng.pick(&choices).clone()
    };
    let unit = match &fact.answer {
        FactKind::Number { quantity, .. } if !rng.one_in(8) => units::quantity(quantity)
            .map(|q| rng.pick(q.units).id.to_string())
            .unwrap_or_default(),
        _ => rng.pick(UNITS).to_string(),
    };
    let chosen: Vec<String> = (0..rng.below(3))
        .map(|_| rng.pick(&choices).clone())
        .collect();
    let input = json!({
        "screener": s, "fact": f, "locale": rng.pick(LOCALES), "choice": choice,
        "chosen": chosen, "text": typed_number(rng), "limit": typed_number(rng), "unit": unit,
    });
    input.to_string().into_bytes()
}

pub fn exec_form(input: &[u8], fx: &Fixtures) {
    let Ok(v) = serde_json::from_slice::<Value>(input) else {
        return;
    };
    let s = &fx.screeners[v["screener"].as_u64().unwrap_or(0) as usize % fx.screeners.len()];
    let fact = &s.facts()[v["fact"].as_u64().unwrap_or(0) as usize % s.facts().len()];
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    let locale = text("locale");
    let d = Draft {
        choice: Some(text("choice")).filter(|c| !c.is_empty()),
        chosen: v["chosen"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        text: text("text"),
        limit: text("limit"),
        unit: text("unit"),
        month: text("month"),
        about: v["about"].as_bool().unwrap_or_default(),
    };
    let _ = form::blank(fact, &locale);
    let _ = form::country_of(&locale);
    if let Ok(answer) = form::to_answer(s, fact, &d, &locale) {
        if let Answer::Number { value: x, .. } | Answer::OfUpperLimit { value: x, .. } = answer {
            assert!(x.is_finite(), "{:?} is accepted as {x}", d.text);
        }
        let _ = form::describe(fact, &answer, &locale);
        let shown = form::from_answer(fact, &answer, &locale);
        let again = form::to_answer(s, fact, &shown, &locale);
        assert_eq!(
            again.as_ref(),
            Ok(&answer),
            "{answer:?} typed as {:?} is shown back as {:?} in {locale:?}",
            (&d.text, &d.limit),
            (&shown.text, &shown.limit)
        );
    }
    // Any number, shown and read again, keeps its value (or is refused, never another value).
    let mut rng = input_rng(input);
    let value = match rng.below(4) {
        0 => parse_number(&d.text, &locale).unwrap_or(1.5),
        1 => *rng.pick(&[
            f64::NAN,
            f64::INFINITY,
            -0.0,
            1e308,
            5e-324,
            1e-7,
            0.1 + 0.2,
        ]),
        _ => f64::from_bits(rng.next()),
    };
    let answers = [
        Answer::Number {
            value,
            unit: d.unit.clone(),
        },
        Answer::OfUpperLimit {
            value,
            upper_limit: value,
        },
    ];
    for a in &answers {
        let _ = form::describe(fact, a, &locale);
        let shown = form::from_answer(fact, a, &locale);
        if let Some(back) = parse_number(&shown.text, &locale) {
            assert!(
                back == value,
                "{value:?} is shown as {:?}, read back as {back:?}",
                shown.text
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Running

/// A panic (or an absurd allocation) caught on one input.
#[derive(Clone, Debug)]
pub struct Finding {
    pub index: u64,
    /// `file:line:column` of the panic.
    pub location: String,
    pub message: String,
    pub input: Arc<Vec<u8>>,
}

#[derive(Default, Debug)]
pub struct Stats {
    pub tried: u64,
    pub panics: u64,
    pub hangs: u64,
    pub allocations: u64,
    /// The first input of each distinct panic (by location), in the order found.
    pub distinct: Vec<Finding>,
    pub hang_inputs: Vec<Finding>,
    pub seconds: f64,
    /// The index after the last input run: where a further run goes on from.
    pub next: u64,
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// A panic hook that, on fuzzing threads, notes the panic instead of printing it.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let location = info.location().map_or_else(
                    || "?".into(),
                    |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
                );
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(not text)".into());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some((location, message)));
            } else {
                previous(info);
            }
        }));
    });
}

/// Input `i` of a target, as generated from the seed alone.
pub fn input(target: &Target, seed: u64, i: u64, fx: &Fixtures) -> Vec<u8> {
    let mut rng = Rng::new(mix(&[
        &seed.to_le_bytes(),
        target.name.as_bytes(),
        &i.to_le_bytes(),
    ]));
    (target.generate)(&mut rng, fx)
}

/// Runs one input, returning the panic it caused, if any (location, message).
pub fn execute(target: &Target, input: &[u8], fx: &Fixtures) -> Option<(String, String)> {
    install_hook();
    QUIET.with(|q| q.set(true));
    let _ = LARGEST.try_with(|l| l.set(0));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| (target.execute)(input, fx)));
    QUIET.with(|q| q.set(false));
    let largest = LARGEST.try_with(Cell::get).unwrap_or(0);
    match outcome {
        Err(_) => Some(
            LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| ("?".into(), "(no message)".into())),
        ),
        Ok(()) if largest > ABSURD_ALLOCATION => Some((
            "(allocation)".into(),
            format!("one allocation of {largest} bytes"),
        )),
        Ok(()) => None,
    }
}

pub struct Budget {
    pub inputs: u64,
    pub time: Duration,
    /// An input running longer than this is a hang.
    pub hang: Duration,
}

/// An input being run: its index, when it started, its bytes.
type Running = (u64, Instant, Arc<Vec<u8>>);

struct Shared {
    stats: Mutex<Stats>,
    /// The input being run: its index, when it started, its bytes.
    current: Mutex<Option<Running>>,
    stop: AtomicBool,
}

/// Runs a target's inputs `0..budget.inputs` in a worker thread until the budget runs out,
/// catching panics and watching each input's time. A worker stuck on an input is left behind
/// (threads cannot be killed) and a new one goes on after that input.
pub fn run(target: &'static Target, fx: Arc<Fixtures>, seed: u64, budget: &Budget) -> Stats {
    run_from(target, fx, seed, 0, budget)
}

/// As [`run`], from input `first` on.
pub fn run_from(
    target: &'static Target,
    fx: Arc<Fixtures>,
    seed: u64,
    first: u64,
    budget: &Budget,
) -> Stats {
    install_hook();
    let started = Instant::now();
    let deadline = started + budget.time;
    let mut total = Stats {
        next: first,
        ..Stats::default()
    };
    let mut next = first;
    'workers: while next < budget.inputs && Instant::now() < deadline {
        let shared = Arc::new(Shared {
            stats: Mutex::new(Stats::default()),
            current: Mutex::new(None),
            stop: AtomicBool::new(false),
        });
        let (sh, fx, limit, first) = (shared.clone(), fx.clone(), budget.inputs, next);
        let worker = std::thread::Builder::new()
            .name(format!("fuzz-{}", target.name))
            .stack_size(16 << 20)
            .spawn(move || {
                for i in first..limit {
                    if sh.stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let made =
                        panic::catch_unwind(AssertUnwindSafe(|| input(target, seed, i, &fx)));
                    let Ok(input) = made.map(Arc::new) else {
                        // A bug in the generator, not in the code under test: say so and stop.
                        let mut st = sh.stats.lock().unwrap();
                        st.note(Finding {
                            index: i,
                            location: "(generator)".into(),
                            message: format!("generating input {i} panicked"),
                            input: Arc::new(vec![]),
                        });
                        break;
                    };
                    *sh.current.lock().unwrap() = Some((i, Instant::now(), input.clone()));
                    let panicked = execute(target, &input, &fx);
                    *sh.current.lock().unwrap() = None;
                    let mut st = sh.stats.lock().unwrap();
                    st.tried += 1;
                    st.next = i + 1;
                    if let Some((location, message)) = panicked {
                        let finding = Finding {
                            index: i,
                            location,
                            message,
                            input,
                        };
                        st.note(finding);
                    }
                }
            })
            .expect("a worker thread starts");
        let mut flagged = None;
        loop {
            std::thread::sleep(Duration::from_millis(5));
            if worker.is_finished() {
                let _ = worker.join();
                total.merge(std::mem::take(&mut *shared.stats.lock().unwrap()));
                break 'workers;
            }
            let now = Instant::now();
            if now >= deadline {
                shared.stop.store(true, Ordering::Relaxed);
            }
            let running = shared.current.lock().unwrap().clone();
            let Some((i, since, input)) = running else {
                continue;
            };
            let took = now - since;
            if took > budget.hang && flagged != Some(i) {
                flagged = Some(i);
                total.hangs += 1;
                total.hang_inputs.push(Finding {
                    index: i,
                    location: "(hang)".into(),
                    message: format!("still running after {:.1} s", took.as_secs_f64()),
                    input,
                });
            }
            if took > budget.hang * 5 || (now >= deadline && took > budget.hang) {
                shared.stop.store(true, Ordering::Relaxed);
                total.merge(std::mem::take(&mut *shared.stats.lock().unwrap()));
                next = i + 1;
                continue 'workers;
            }
        }
    }
    total.seconds = started.elapsed().as_secs_f64();
    total.next = total.next.max(next);
    total
}

impl Stats {
    fn note(&mut self, f: Finding) {
        if f.location == "(allocation)" {
            self.allocations += 1;
        } else {
            self.panics += 1;
        }
        if !self.distinct.iter().any(|g| g.location == f.location) {
            self.distinct.push(f);
        }
    }

    /// Adds a later run of the same target (its seconds too).
    pub fn merge(&mut self, other: Stats) {
        self.next = self.next.max(other.next);
        self.seconds += other.seconds;
        self.tried += other.tried;
        self.panics += other.panics;
        self.allocations += other.allocations;
        self.hangs += other.hangs;
        for f in other.distinct {
            if !self.distinct.iter().any(|g| g.location == f.location) {
                self.distinct.push(f);
            }
        }
        self.hang_inputs.extend(other.hang_inputs);
    }
}
