//! What every file the engine reads has in common: positions count from 1, a byte-order mark
//! is skipped (one rule for the command line and the browser), messages say what to write in
//! the clinic's terms rather than serde's, and a key given twice is refused at the second one.

use prescreen::engine::{duplicate_keys, Finding, Screener};
use std::path::Path;
use std::process::Command;

const TRIALS: &str = include_str!("../trials.json");
const MINI: &str = include_str!("fixtures/mini.json");

fn refused(text: &str) -> Vec<Finding> {
    match Screener::load(text) {
        Ok(_) => panic!("accepted"),
        Err(e) => e,
    }
}

fn prescreen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_prescreen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the prescreen binary runs")
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).expect("written");
    path.to_str().expect("UTF-8").to_string()
}

#[test]
fn an_empty_file_is_refused_at_line_1_column_1() {
    for text in ["", "\n", "   "] {
        let e = refused(text);
        assert!(e.iter().all(|f| f.line >= 1 && f.column >= 1), "{e:#?}");
    }
    assert_eq!((refused("")[0].line, refused("")[0].column), (1, 1));
    let empty = temp_file("empty-trials.json", b"");
    let out = prescreen(&["check", &empty]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{empty}:1:1: error:")), "{err}");
    let s = Screener::load(TRIALS).expect("loads");
    let e = s.parse_answers("").expect_err("no answers");
    assert_eq!((e[0].line, e[0].column), (1, 1));
}

#[test]
fn messages_name_what_to_write_not_serdes_types() {
    let serde_words = [
        "struct ", "enum ", "f64", "u32", "usize", "sequence", " map",
    ];
    let plain = |e: &[Finding]| {
        for f in e {
            for w in serde_words {
                assert!(!f.message.contains(w), "{w:?} in {:?}", f.message);
            }
        }
    };
    let e = refused("5");
    assert_eq!(
        e[0].message,
        "invalid type: number `5`, expected a trials file: an object with \"facts\" and \"trials\""
    );
    plain(&e);
    plain(&refused("[]"));
    let e = refused(&MINI.replacen("\"min\": 10", "\"min\": \"10\"", 1));
    assert_eq!(e[0].message, "invalid type: text \"10\", expected a number");
    for (from, to) in [
        ("\"groups\": [", "\"groups\": {\"a\": 1}, \"x\": ["),
        ("\"sites\": [{", "\"sites\": [[{"),
        ("\"masking\": \"none\"", "\"masking\": 5"),
        ("\"kind\": \"inclusion\"", "\"kind\": [1]"),
        ("\"enrollment\"", "\"enrollment\": -3, \"x\""),
        ("\"title\": {\"en\": \"Alpha\"}", "\"title\": 3"),
        ("{\"id\": \"about\"", "[{\"id\": \"about\""),
    ] {
        if MINI.contains(from) {
            plain(&refused(&MINI.replacen(from, to, 1)));
        }
    }
}

#[test]
fn a_byte_order_mark_is_skipped_by_every_entry_point_with_positions_after_it() {
    let bom = format!("\u{feff}{TRIALS}");
    assert!(Screener::load(&bom).is_ok());
    assert!(Screener::load_published(bom.clone().into_bytes(), None).is_ok());
    let file = temp_file("bom-trials.json", bom.as_bytes());
    let out = prescreen(&["check", &file]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A mistake is placed where it is without the mark (which editors do not show).
    let broken = MINI.replacen("\"version\": \"test-1\"", "\"version\": 1", 1);
    let plain = refused(&broken);
    let marked = refused(&format!("\u{feff}{broken}"));
    assert_eq!(marked, plain);
    let first_line = MINI.replacen("{", "{\"x\": 1,", 1);
    let e = refused(&format!("\u{feff}{first_line}"));
    // The value of "x" is the seventh character after the mark.
    assert_eq!((e[0].line, e[0].column), (1, 7), "{e:#?}");
    let published = Screener::load_published(format!("\u{feff}{broken}").into_bytes(), None);
    assert_eq!(published.err().expect("refused"), plain);
    // Answers too.
    let s = Screener::load(TRIALS).expect("loads");
    let text = "{\"age\": {\"value\": 30, \"unit\": \"years\"}}";
    let answers = s.parse_answers(&format!("\u{feff}{text}")).expect("read");
    assert_eq!(answers, s.parse_answers(text).expect("read"));
}

#[test]
fn an_answer_given_twice_is_refused_at_the_second_one() {
    let s = Screener::load(TRIALS).expect("loads");
    let age = |n| format!("{{\"value\": {n}, \"unit\": \"years\"}}");
    let text = &format!(
        "{{\n  \"age\": {},\n  \"sex\": \"female\",\n  \"age\": {}\n}}",
        age(30),
        age(40)
    );
    let e = s.parse_answers(text).expect_err("age twice");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!(e[0].path, "age");
    assert_eq!(e[0].line, 4);
    assert_eq!(
        e[0].message,
        "\"age\" is given twice in this object: keep one"
    );
    assert_eq!(duplicate_keys(text), e);
    assert_eq!(e[0].column, 10);
    // Nested objects and keys apart are not duplicates; a trials file's texts are checked too.
    assert!(duplicate_keys("{\"a\": {\"b\": 1}, \"c\": {\"b\": 2}}").is_empty());
    let twice = MINI.replacen(
        "\"title\": {\"en\": \"Alpha\"}",
        "\"title\": {\"en\": \"Alpha\", \"en\": \"Beta\"}",
        1,
    );
    let e = refused(&twice);
    assert!(
        e.iter().any(|f| f.path == "trials[0].title.en"
            && f.message == "\"en\" is given twice in this object: keep one"),
        "{e:#?}"
    );
}
