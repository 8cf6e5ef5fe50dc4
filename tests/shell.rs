//! The JavaScript that ships is generic: `web/shell.js` and `web/sw.js` name no route, address
//! option, storage key, fact or answer that Rust defines, and `web/embed.js` names only the
//! one option it must set itself (the embedding page's origin). What the shell needs comes from
//! `<html>` in `index.html`, which must say what `src/shell.rs` decides.

use prescreen::model::TrialsFile;
use prescreen::route::Route;
use prescreen::{options, shell};
use std::collections::BTreeSet;

const INDEX: &str = include_str!("../index.html");

/// Every string literal of a script, quoted with ' or ", outside comments.
fn literals(js: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut chars = js.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                chars.by_ref().find(|&d| d == '\n');
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
            }
            ('\'' | '"', _) => {
                let mut s = String::new();
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => s.extend(chars.next()),
                        d if d == c || d == '\n' => break,
                        d => s.push(d),
                    }
                }
                out.insert(s);
            }
            _ => {}
        }
    }
    out
}

/// The names Rust defines that a generic script must not know: routes, address options,
/// the storage key, and every fact and option id of the trials file.
fn rust_names() -> BTreeSet<String> {
    let mut names: BTreeSet<String> = [
        Route::Location,
        Route::Reach,
        Route::Check,
        Route::Results,
        Route::Print,
        Route::Preview,
        Route::Crash,
        Route::Question(String::new()),
    ]
    .iter()
    .flat_map(|r| {
        let href = r.href();
        [href.trim_start_matches('#').to_string(), href]
    })
    .collect();
    names.extend(options::NAMES.iter().map(|s| s.to_string()));
    names.insert(shell::SAVE_KEY.to_string());
    let file: TrialsFile =
        serde_json::from_str(include_str!("../trials.json")).expect("trials.json reads");
    for f in &file.facts {
        names.insert(f.id.clone());
        names.extend(f.answer.options().iter().map(|o| o.id.clone()));
    }
    names
}

fn named(script: &str) -> Vec<String> {
    let names = rust_names();
    literals(script)
        .into_iter()
        .filter(|l| names.contains(l))
        .collect()
}

#[test]
fn the_shell_and_the_service_worker_name_nothing_rust_defines() {
    for (file, text) in [
        ("web/shell.js", include_str!("../web/shell.js")),
        ("web/sw.js", include_str!("../web/sw.js")),
    ] {
        assert_eq!(named(text), Vec::<String>::new(), "{file}");
    }
    // The check itself finds such names.
    assert_eq!(
        named("localStorage.getItem('prescreen.answers'); go(\"#/check\"); a = 'lupus_nephritis' // 'age'"),
        ["#/check", "lupus_nephritis", "prescreen.answers"]
    );
}

#[test]
fn the_embed_script_names_only_the_option_it_sets_itself() {
    // embed.js passes the clinic's data-* options on as they are; only the embedding page's
    // origin is its own to add.
    assert_eq!(named(include_str!("../web/embed.js")), [options::HOST]);
}

#[test]
fn index_html_carries_what_the_shell_needs_as_rust_decides_it() {
    let html = INDEX
        .lines()
        .find(|l| l.trim_start().starts_with("<html"))
        .expect("an <html> tag");
    for (name, value) in shell::page_attributes() {
        assert!(
            html.contains(&format!(" {name}=\"{value}\"")),
            "index.html's <html> should have {name}=\"{value}\": {html}"
        );
    }
    assert_eq!(
        html.matches("data-shell-").count(),
        shell::page_attributes().len(),
        "nothing else: {html}"
    );
}
