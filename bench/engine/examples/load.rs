//! Loads N synthetic trials natively, from their JSON and from their pack, and reports the time
//! and the memory the engine holds: `cargo run --release --example load -- 10000` (the first run
//! writes the JSON to /tmp; every run writes the pack beside it). A quicker, repeatable look at
//! `Screener::load` and `Screener::load_pack` than the browser benchmark.

use prescreen::engine::Screener;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// Pack loads are short, so the median of a few is reported.
const PACK_LOADS: usize = 5;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let path = std::env::temp_dir().join(format!("prescreen-synthetic-{n}.json"));
    if !path.exists() {
        let real = std::fs::read_to_string("../../trials.json").expect("run from bench/engine");
        let file = prescreen_bench_engine::generate_file(&real, n, 1).expect("generated");
        std::fs::write(&path, serde_json::to_string(&file).unwrap()).unwrap();
    }
    let mb = |b: usize| b as f64 / 1e6;

    let text = std::fs::read_to_string(&path).unwrap();
    let before = NOW.load(Relaxed);
    PEAK.store(before, Relaxed);
    let t = Instant::now();
    let screener = Screener::load(&text).unwrap_or_else(|e| {
        panic!("{}: {}", path.display(), e[0]);
    });
    let took = t.elapsed();
    println!(
        "{} trials, {:.1} MB of JSON: loaded and checked (`Screener::load`) in {took:.2?}; the \
         screener holds {:.1} MB, {:.1} MB at most while loading (besides the text)",
        screener.trial_count(),
        mb(text.len()),
        mb(NOW.load(Relaxed) - before),
        mb(PEAK.load(Relaxed) - before),
    );

    let pack_path = path.with_extension("pack");
    std::fs::write(&pack_path, screener.pack()).unwrap();
    drop(screener);
    drop(text);

    let mut loads = vec![];
    let (mut held, mut peak, mut size) = (0, 0, 0);
    let mut read_all = Duration::ZERO;
    for _ in 0..PACK_LOADS {
        // The pack's bytes are counted: the screener keeps them.
        let before = NOW.load(Relaxed);
        PEAK.store(before, Relaxed);
        let bytes = std::fs::read(&pack_path).unwrap();
        size = bytes.len();
        let t = Instant::now();
        let screener = Screener::load_pack(bytes).unwrap_or_else(|e| {
            panic!("{}: {}", pack_path.display(), e[0]);
        });
        loads.push(t.elapsed());
        held = NOW.load(Relaxed) - before;
        peak = PEAK.load(Relaxed) - before;
        let t = Instant::now();
        let criteria: usize = screener.trials().map(|t| t.all_criteria().count()).sum();
        read_all = t.elapsed();
        assert!(criteria > 0);
    }
    loads.sort();
    println!(
        "{:.1} MB pack ({}): loaded (`Screener::load_pack`) in {:.2?} (median of {PACK_LOADS}: \
         {}); the screener holds {:.1} MB with the pack's bytes, {:.1} MB at most while loading; \
         reading every trial's description from it afterwards takes {read_all:.2?}",
        mb(size),
        pack_path.display(),
        loads[PACK_LOADS / 2],
        loads
            .iter()
            .map(|d| format!("{d:.2?}"))
            .collect::<Vec<_>>()
            .join(", "),
        mb(held),
        mb(peak),
    );
}

/// Counts the bytes allocated, now and at most.
struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(now, Relaxed);
        unsafe { System.alloc(l) }
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;
