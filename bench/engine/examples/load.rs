//! Loads N synthetic trials natively and reports the time and the memory the engine holds:
//! `cargo run --release --example load -- 10000` (the first run writes the file to /tmp).
//! A quicker, repeatable look at `Screener::load` than the browser benchmark.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

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
    let text = std::fs::read_to_string(&path).unwrap();
    let before = NOW.load(Relaxed);
    PEAK.store(before, Relaxed);
    let t = Instant::now();
    let screener = prescreen::engine::Screener::load(&text).unwrap_or_else(|e| {
        panic!("{}: {}", path.display(), e[0]);
    });
    let took = t.elapsed();
    let mb = |b: usize| b as f64 / 1e6;
    println!(
        "{} trials, {:.1} MB of JSON: loaded and checked in {took:.2?}; the screener holds {:.1} MB, \
         {:.1} MB at most while loading (besides the text)",
        screener.file().trials.len(),
        mb(text.len()),
        mb(NOW.load(Relaxed) - before),
        mb(PEAK.load(Relaxed) - before),
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
