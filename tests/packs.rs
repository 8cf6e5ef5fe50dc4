//! The `prescreen` command line on packs that are not as `prescreen pack` writes them, and on
//! a pack it is asked to write over its own input: refused with a message, never a panic.

use prescreen::engine::Screener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TRIALS: &str = include_str!("../trials.json");

fn prescreen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prescreen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the prescreen binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

fn temp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// The pack's checksum, as pack.rs computes it, over all after the first 20 bytes. Were this to
/// differ from the engine's, the damaged packs below would be refused for their checksum, and
/// the tests would fail on the message.
fn reseal(b: &mut [u8]) {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let body = &b[20..];
    let mut words = body.chunks_exact(8);
    let mut h = mix(0x243F_6A88_85A3_08D3, body.len() as u64);
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    let sum = words
        .remainder()
        .iter()
        .fold(h, |h, &x| mix(h, u64::from(x)));
    b[12..20].copy_from_slice(&sum.to_le_bytes());
}

/// The pack of trials.json with the end of the last trial's description overwritten, and the
/// checksum made to match: whole as far as loading can tell.
fn pack_with_a_broken_description(name: &str) -> String {
    let s = Screener::load(TRIALS).expect("trials.json loads");
    let mut b = s.pack();
    let n = b.len();
    b[n - 40..].fill(0xFF);
    reseal(&mut b);
    let loaded = Screener::load_pack(b.clone()).expect("the screening part is whole");
    assert_eq!(loaded.unreadable_trials().len(), 1);
    let path = temp(name);
    std::fs::write(&path, b).expect("written");
    path.to_str().expect("a UTF-8 path").to_string()
}

fn says_the_last_description_cannot_be_read(out: &Output, pack: &str) {
    let err = stderr(out);
    assert!(!out.status.success(), "accepted: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains(&format!(
            "{pack}:1:1: error: trials[4]: the pack's description of NCT02633163 (bytes "
        )) && err.contains("cannot be read"),
        "{err}"
    );
}

#[test]
fn check_reads_every_description_and_refuses_a_pack_with_one_that_does_not_read() {
    let pack = pack_with_a_broken_description("broken-description-check.pack");
    says_the_last_description_cannot_be_read(&prescreen(&["check", &pack]), &pack);
    // Nor is it packed again.
    let again = temp("broken-description-again.pack");
    let out = prescreen(&["pack", &pack, again.to_str().expect("UTF-8")]);
    says_the_last_description_cannot_be_read(&out, &pack);
    assert!(!again.exists());
}

#[test]
fn screen_and_coverage_report_a_description_that_does_not_read() {
    let pack = pack_with_a_broken_description("broken-description-screen.pack");
    let answers = "tests/patients/may_qualify_NCT02633163.json";
    for text in [true, false] {
        let mut args = vec!["screen", "--answers", answers, "--trials", &pack];
        if text {
            args.push("--text");
        }
        says_the_last_description_cannot_be_read(&prescreen(&args), &pack);
    }
    says_the_last_description_cannot_be_read(&prescreen(&["coverage", &pack]), &pack);
}

#[test]
fn pack_refuses_to_write_over_the_file_it_packs_however_it_is_spelled() {
    let source = temp("pack-onto-itself.json");
    std::fs::write(&source, TRIALS).expect("written");
    let dir = source.parent().expect("a folder");
    let abs = source.to_str().expect("UTF-8").to_string();
    let dotted = dir
        .join(".")
        .join("pack-onto-itself.json")
        .to_str()
        .expect("UTF-8")
        .to_string();
    let linked = temp("pack-onto-itself-link.json");
    let _ = std::fs::remove_file(&linked);
    std::fs::hard_link(&source, &linked).expect("a hard link");
    let linked = linked.to_str().expect("UTF-8").to_string();
    for (input, output) in [
        (&abs, &abs),
        (&abs, &dotted),
        (&dotted, &abs),
        (&abs, &linked),
    ] {
        let out = prescreen(&["pack", input, output]);
        assert!(!out.status.success(), "{input} → {output} was written");
        assert!(
            stderr(&out).contains("is the file being packed"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read_to_string(&source).expect("still there"),
            TRIALS,
            "{input} → {output} changed the source"
        );
    }
    // Another name is fine.
    let pack = temp("pack-onto-itself.pack");
    let out = prescreen(&["pack", &abs, pack.to_str().expect("UTF-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
}
