//! A few thousand fuzzed inputs per target on every `cargo test`, from a fixed seed; the same
//! targets run for minutes in `scripts/fuzz`. A failure names the input and saves it under
//! `target/fuzz-findings/` for `cargo run --profile fuzz --example fuzz -- replay TARGET FILE`.

#[path = "fuzz/mod.rs"]
mod harness;

use harness::{Budget, Fixtures, Stats};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: harness::Counting = harness::Counting;

const SEED: u64 = 20_261_201;

fn fixtures() -> Arc<Fixtures> {
    static FIXTURES: OnceLock<Arc<Fixtures>> = OnceLock::new();
    FIXTURES.get_or_init(|| Arc::new(Fixtures::new())).clone()
}

/// What a failure shows of an input: its text, cut short.
fn shown(input: &[u8]) -> String {
    let text = String::from_utf8_lossy(input);
    let cut: String = text.chars().take(600).collect();
    if cut.len() < text.len() {
        format!("{cut:?}… ({} bytes)", input.len())
    } else {
        format!("{cut:?}")
    }
}

fn fuzz(name: &str, inputs: u64) -> Stats {
    let target = harness::target(name).expect("a target");
    let budget = Budget {
        inputs,
        time: Duration::from_secs(240),
        // Debug builds are slow and the machine is shared; a hang is an input far beyond this.
        hang: Duration::from_secs(10),
    };
    let stats = harness::run(target, fixtures(), SEED, &budget);
    let findings: Vec<_> = stats.distinct.iter().chain(&stats.hang_inputs).collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
    let report: Vec<String> = findings
        .iter()
        .map(|f| {
            let file = dir.join(format!("test-{name}-{}.bin", f.index));
            let saved =
                std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, &*f.input));
            format!(
                "input {} (seed {SEED}): {} at {}\n  saved: {}\n  input: {}",
                f.index,
                f.message,
                f.location,
                saved.map_or_else(
                    |e| format!("not saved: {e}"),
                    |()| file.display().to_string()
                ),
                shown(&f.input)
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{name}: {} panics, {} absurd allocations, {} hangs in {} inputs; first of each:\n{}",
        stats.panics,
        stats.allocations,
        stats.hangs,
        stats.tried,
        report.join("\n")
    );
    assert_eq!(stats.tried, inputs, "{name}: ran out of time");
    stats
}

#[test]
fn trials_files_load_pack_and_screen_the_same_or_are_refused() {
    fuzz("trials", 2000);
}

#[test]
fn damaged_packs_are_refused_or_read_without_panic() {
    fuzz("pack", 3000);
}

#[test]
fn answers_files_and_share_links_never_panic() {
    fuzz("answers", 2000);
}

#[test]
fn query_strings_and_routes_never_panic() {
    fuzz("options", 10_000);
}

#[test]
fn typed_numbers_are_read_and_shown_back_the_same() {
    fuzz("form", 10_000);
}

#[test]
fn the_same_seed_makes_the_same_inputs() {
    let fx = fixtures();
    for t in harness::TARGETS {
        let a: Vec<_> = (0..20).map(|i| harness::input(t, SEED, i, &fx)).collect();
        let b: Vec<_> = (0..20).map(|i| harness::input(t, SEED, i, &fx)).collect();
        assert_eq!(a, b, "{}", t.name);
        let other: Vec<_> = (0..20)
            .map(|i| harness::input(t, SEED + 1, i, &fx))
            .collect();
        assert_ne!(a, other, "{}: another seed, other inputs", t.name);
    }
}

#[test]
fn a_panic_is_caught_with_its_place_and_message() {
    static BOOM: harness::Target = harness::Target {
        name: "boom",
        generate: |rng, _| vec![rng.below(4) as u8],
        execute: |input, _| assert!(input[0] != 0, "zero {}", input[0]),
    };
    let budget = Budget {
        inputs: 200,
        time: Duration::from_secs(60),
        hang: Duration::from_secs(10),
    };
    let stats = harness::run(&BOOM, fixtures(), SEED, &budget);
    assert_eq!(stats.tried, 200);
    assert!(stats.panics > 20 && stats.panics < 100, "{}", stats.panics);
    assert_eq!(stats.distinct.len(), 1);
    let f = &stats.distinct[0];
    assert_eq!((f.message.as_str(), &f.input[..]), ("zero 0", &[0u8][..]));
    assert!(f.location.starts_with("tests/fuzz.rs:"), "{}", f.location);
}

#[test]
fn an_input_that_runs_too_long_is_a_hang_and_the_rest_still_run() {
    static SLOW: harness::Target = harness::Target {
        name: "slow",
        generate: |_, _| vec![],
        execute: |_, _| {
            static FIRST: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);
            if FIRST.swap(false, std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(1500));
            }
        },
    };
    let budget = Budget {
        inputs: 50,
        time: Duration::from_secs(60),
        hang: Duration::from_millis(200),
    };
    let stats = harness::run(&SLOW, fixtures(), SEED, &budget);
    assert_eq!(stats.hangs, 1);
    assert_eq!(stats.hang_inputs[0].index, 0);
    // The stuck worker is left behind; a new one runs inputs 1 to 49.
    assert_eq!(stats.tried, 49);
}

#[test]
fn the_real_trials_are_among_the_seeds_and_every_seed_loads() {
    let fx = fixtures();
    assert!(
        fx.seeds.len() >= 7,
        "mini, the whole file, and one seed per trial"
    );
    for (v, _) in &fx.seeds {
        if let Err(e) = prescreen::engine::Screener::load(&v.to_string()) {
            panic!("a seed does not load: {e:?}");
        }
    }
}

/// Every input in tests/fuzz/corpus/ (named `TARGET-what.ext`) that once failed, run again: the
/// fixed ones guard their fixes; the engine's (trials-*) fail until the engine is fixed.
#[test]
fn inputs_that_once_failed_pass_now() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz/corpus exists")
        .map(|e| e.expect("a corpus entry").path())
        .collect();
    files.sort();
    let fx = fixtures();
    let mut failed = vec![];
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let target = name
            .split_once('-')
            .and_then(|(t, _)| harness::target(t))
            .unwrap_or_else(|| panic!("{name}: not named after a target"));
        let input = std::fs::read(file).expect("readable");
        if let Some((location, message)) = harness::execute(target, &input, &fx) {
            failed.push(format!("{name}: {message} at {location}"));
        }
    }
    // A pack whose checksum holds but whose last description is cut: built here, since it is
    // the pack of today's mini.json.
    let mut pack = fx.screeners[1].pack();
    let last = pack.len() - 1;
    pack[last] ^= 1;
    harness::reseal(&mut pack);
    let target = harness::target("pack").expect("a target");
    if let Some((location, message)) = harness::execute(target, &pack, &fx) {
        failed.push(format!(
            "mini.json's pack, its last byte changed: {message} at {location}"
        ));
    }
    assert!(files.len() >= 6, "the corpus is there");
    assert!(
        failed.is_empty(),
        "{} inputs fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn an_input_asking_for_absurd_memory_is_a_finding() {
    static GREEDY: harness::Target = harness::Target {
        name: "greedy",
        generate: |rng, _| vec![rng.below(2) as u8],
        // Asked for, never touched: the system lends it without using it.
        execute: |input, _| {
            let size = if input[0] == 0 {
                16
            } else {
                harness::ABSURD_ALLOCATION + 1
            };
            std::hint::black_box(Vec::<u8>::with_capacity(size));
        },
    };
    let budget = Budget {
        inputs: 40,
        time: Duration::from_secs(60),
        hang: Duration::from_secs(10),
    };
    let stats = harness::run(&GREEDY, fixtures(), SEED, &budget);
    assert!(
        stats.allocations > 5 && stats.allocations < 35,
        "{}",
        stats.allocations
    );
    assert_eq!(stats.panics, 0);
    assert_eq!(stats.distinct[0].input[..], [1u8]);
    assert!(stats.distinct[0].message.contains("one allocation of"));
}
