//! The fuzzer `scripts/fuzz` runs: every target of `tests/fuzz/` for its share of the time,
//! then a report in `bench/FUZZ.md` and each distinct panic's input in `target/fuzz-findings/`.
//!
//! `fuzz [SECONDS]` (FUZZ_SEED, FUZZ_TARGETS=trials,pack,… and FUZZ_REPORT may be set),
//! `fuzz replay TARGET FILE…` to run saved inputs again, panics shown, or
//! `fuzz slowest TARGET N` to see which of a target's first N inputs keep its rate down.

#[path = "../tests/fuzz/mod.rs"]
mod harness;

use harness::{Budget, Fixtures, Stats};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[global_allocator]
static ALLOCATOR: harness::Counting = harness::Counting;

const TARGETS: &[&str] = &["trials", "pack", "answers", "options", "form"];

/// The part of the time spent measuring each target's speed before sharing out the rest.
const CALIBRATION: f64 = 0.03;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("replay") {
        replay(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("slowest") {
        slowest(&args[1..]);
        return;
    }
    let seconds: f64 = match args.first().map(|a| a.parse()) {
        None => 600.0,
        Some(Ok(s)) if s > 0.0 => s,
        Some(_) => {
            eprintln!(
                "usage: fuzz [SECONDS] | fuzz replay TARGET FILE…  (SECONDS: a positive number)"
            );
            std::process::exit(2);
        }
    };
    let seed = match std::env::var("FUZZ_SEED") {
        Ok(s) => s.parse().unwrap_or_else(|_| {
            eprintln!("FUZZ_SEED must be a whole number, like 12345; got {s:?}");
            std::process::exit(2)
        }),
        Err(_) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_secs()),
    };
    let chosen: Vec<&str> = match std::env::var("FUZZ_TARGETS") {
        Ok(list) => TARGETS
            .iter()
            .copied()
            .filter(|n| list.split(',').any(|x| x.trim() == *n))
            .collect(),
        Err(_) => TARGETS.to_vec(),
    };
    let findings = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
    println!("fuzz: seed {seed} (FUZZ_SEED={seed} repeats this run), {seconds} s");
    let setup = std::time::Instant::now();
    let fx = Arc::new(Fixtures::new());
    println!(
        "fuzz: fixtures ready in {:.1} s",
        setup.elapsed().as_secs_f64()
    );
    let budget = |time: f64| Budget {
        inputs: u64::MAX,
        time: Duration::from_secs_f64(time.max(0.0)),
        hang: Duration::from_secs(2),
    };
    // Each target runs briefly to measure its speed; the rest of the time is shared out so that
    // every target reaches the same number of inputs (the slow ones get most of it).
    let share = seconds * CALIBRATION;
    let mut results: Vec<(&str, Stats)> = chosen
        .iter()
        .map(|name| {
            let target = harness::target(name).expect("a target");
            (
                *name,
                harness::run(target, fx.clone(), seed, &budget(share)),
            )
        })
        .collect();
    let cost = |s: &Stats| s.seconds / s.tried.max(1) as f64;
    let left = seconds - results.iter().map(|(_, s)| s.seconds).sum::<f64>();
    let per_input: f64 = results.iter().map(|(_, s)| cost(s)).sum();
    // The count every target can reach in the time left: the `goal` at which the time to bring
    // each target below it up to it adds up to `left` (found by halving).
    let time_to = |goal: f64| -> f64 {
        results
            .iter()
            .map(|(_, s)| (goal - s.tried as f64).max(0.0) * cost(s))
            .sum()
    };
    let (mut low, mut high) = (0.0, left.max(0.0) / per_input.max(1e-12) + 1e12);
    for _ in 0..200 {
        let mid = (low + high) / 2.0;
        if time_to(mid) > left {
            high = mid;
        } else {
            low = mid;
        }
    }
    let goal = low;
    let plan: Vec<f64> = results
        .iter()
        .map(|(_, s)| (goal - s.tried as f64) * cost(s))
        .collect();
    for ((name, stats), time) in results.iter_mut().zip(plan) {
        let target = harness::target(name).expect("a target");
        let more = harness::run_from(target, fx.clone(), seed, stats.next, &budget(time));
        stats.merge(more);
        println!(
            "fuzz: {name}: {} inputs in {:.0} s ({:.0}/s), {} panics, {} absurd allocations, {} hangs",
            stats.tried,
            stats.seconds,
            stats.tried as f64 / stats.seconds,
            stats.panics,
            stats.allocations,
            stats.hangs
        );
        for f in stats.distinct.iter().chain(&stats.hang_inputs) {
            println!(
                "  input {}: {} at {}",
                f.index,
                f.message.lines().next().unwrap_or(""),
                f.location
            );
            let _ = std::fs::create_dir_all(&findings);
            let _ = std::fs::write(
                findings.join(format!("{name}-{seed}-{}.bin", f.index)),
                &*f.input,
            );
        }
    }
    let report = report(seed, seconds, &results);
    let path = std::env::var("FUZZ_REPORT").unwrap_or_else(|_| "bench/FUZZ.md".into());
    match std::fs::write(&path, report) {
        Ok(()) => println!("fuzz: report in {path}"),
        Err(e) => {
            eprintln!("fuzz: cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
    let bad = results
        .iter()
        .any(|(_, s)| s.panics + s.hangs + s.allocations > 0);
    // A worker stuck on a hang cannot be joined; leave without waiting for it.
    std::process::exit(i32::from(bad));
}

/// `fuzz slowest TARGET N`: the slowest of a target's first N inputs (seed FUZZ_SEED or 1), to
/// find what keeps its rate down.
fn slowest(args: &[String]) {
    let target = args
        .first()
        .and_then(|n| harness::target(n))
        .unwrap_or_else(|| {
            eprintln!(
                "usage: fuzz slowest TARGET N (targets: trials, pack, answers, options, form)"
            );
            std::process::exit(2)
        });
    let n: u64 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let fx = Fixtures::new();
    let mut times = vec![];
    let (mut making, mut running) = (Duration::ZERO, Duration::ZERO);
    for i in 0..n {
        let t = std::time::Instant::now();
        let input = harness::input(target, seed, i, &fx);
        making += t.elapsed();
        let t = std::time::Instant::now();
        let _ = harness::execute(target, &input, &fx);
        running += t.elapsed();
        times.push((t.elapsed(), i, input));
    }
    println!("{n} inputs: {making:?} generating, {running:?} running");
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (took, i, input) in times.iter().take(8) {
        let text: String = String::from_utf8_lossy(input).chars().take(160).collect();
        println!(
            "{took:?} input {i} ({} bytes): {}",
            input.len(),
            text.escape_debug()
        );
    }
}

fn replay(args: &[String]) {
    let Some((name, files)) = args.split_first() else {
        eprintln!("usage: fuzz replay TARGET FILE…");
        std::process::exit(2);
    };
    let Some(target) = harness::target(name) else {
        eprintln!("no target {name:?}: the targets are trials, pack, answers, options, form");
        std::process::exit(2);
    };
    let fx = Fixtures::new();
    let mut failed = false;
    for file in files {
        let input = std::fs::read(file).unwrap_or_else(|e| {
            eprintln!("cannot read {file}: {e}");
            std::process::exit(2)
        });
        match harness::execute(target, &input, &fx) {
            Some((location, message)) => {
                failed = true;
                println!("{file}: panics at {location}: {message}");
            }
            None => println!("{file}: no panic"),
        }
    }
    std::process::exit(i32::from(failed));
}

fn report(seed: u64, seconds: f64, results: &[(&str, Stats)]) -> String {
    let mut r = String::new();
    let env = |k: &str| std::env::var(k).unwrap_or_else(|_| "unknown".into());
    let _ = writeln!(r, "# Fuzzing results\n");
    let _ = writeln!(
        r,
        "Written by `scripts/fuzz` (examples/fuzz.rs, the targets in tests/fuzz/mod.rs); not part of the test suite.\n"
    );
    let _ = writeln!(r, "- date: {}", env("FUZZ_DATE"));
    let _ = writeln!(r, "- commit: {}", env("FUZZ_COMMIT"));
    let _ = writeln!(
        r,
        "- seconds: {seconds} asked, {:.0} run",
        results.iter().map(|(_, s)| s.seconds).sum::<f64>()
    );
    let _ = writeln!(r, "- seed: {seed} (`FUZZ_SEED={seed} scripts/fuzz {seconds}` makes the same inputs; how many depends on speed)");
    let _ = writeln!(r, "- machine: {}\n", env("FUZZ_MACHINE"));
    let _ = writeln!(r, "| target | inputs tried | panics | hangs (> 2 s) | absurd allocations | inputs/s | seconds |");
    let _ = writeln!(r, "|---|---:|---:|---:|---:|---:|---:|");
    for (name, s) in results {
        let _ = writeln!(
            r,
            "| {name} | {} | {} | {} | {} | {:.0} | {:.0} |",
            s.tried,
            s.panics,
            s.hangs,
            s.allocations,
            s.tried as f64 / s.seconds.max(1e-9),
            s.seconds
        );
    }
    let _ = writeln!(r, "\n## Findings\n");
    let mut any = false;
    for (name, s) in results {
        for f in s.distinct.iter().chain(&s.hang_inputs) {
            any = true;
            let text = String::from_utf8_lossy(&f.input);
            let cut: String = text.chars().take(400).collect();
            let _ = writeln!(
                r,
                "- **{name}**, input {} ({} bytes, saved as `target/fuzz-findings/{name}-{seed}-{}.bin`): `{}` at `{}`\n\n  ```text\n  {}{}\n  ```\n",
                f.index,
                f.input.len(),
                f.index,
                f.message.lines().next().unwrap_or("").replace('`', "'"),
                f.location,
                cut.escape_debug(),
                if cut.len() < text.len() { " …" } else { "" }
            );
        }
    }
    if !any {
        let _ = writeln!(
            r,
            "None: no panic, hang or absurd allocation in any target."
        );
    }
    r
}
