//! The JavaScript that ships is generic: `web/shell.js` and `web/sw.js` name no route, address
//! option, storage key, fact or answer that Rust defines, and `web/embed.js` names only the
//! one option it must set itself (the embedding page's origin). What the shell needs comes from
//! `<html>` in `index.html`, which must say what `src/shell.rs` decides. The embed page
//! (`web/embed.html`, `web/embed-builder.js`) names no option or option value either: the build
//! writes its option fields from `src/embed.rs`.

use prescreen::model::TrialsFile;
use prescreen::route::Route;
use prescreen::{embed, i18n, options, shell};
use std::collections::BTreeSet;

const INDEX: &str = include_str!("../index.html");

/// Every string literal of a script, quoted with ' or ", outside comments; and the code
/// outside both.
fn split(js: &str) -> (BTreeSet<String>, String) {
    let (mut literals, mut code) = (BTreeSet::new(), String::new());
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
                literals.insert(s);
                code.push(' ');
            }
            _ => code.push(c),
        }
    }
    (literals, code)
}

fn literals(js: &str) -> BTreeSet<String> {
    split(js).0
}

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// What a literal of a page's script, or a value in its HTML, can name: itself, and within it
/// as a selector or markup, an id or class (`#x`, `.x`), an attribute's value (`[a="x"]`), or
/// the option of a data attribute (`data-x`).
fn referred(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    for (i, c) in text.char_indices() {
        let before = text[..i].chars().next_back();
        let rest = &text[i + c.len_utf8()..];
        let taken = match c {
            '#' | '.' => Some(rest),
            '=' => Some(rest.trim_start_matches(['"', '\''])),
            'd' if rest.starts_with("ata-") && !before.is_some_and(word) => Some(&rest[4..]),
            _ => None,
        };
        if let Some(rest) = taken {
            let end = rest.find(|c| !word(c)).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
        }
    }
    out
}

/// Attribute values of an HTML page outside comments, each whole and word by word, and the
/// options its data attributes are named after; not `lang`, the page's own language.
fn attribute_values(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.split_once("-->").map_or("", |(_, after)| after);
            continue;
        }
        let mut tag = rest[1..].trim_start_matches(|c: char| c.is_alphanumeric() || c == '/');
        loop {
            tag = tag.trim_start();
            let end = tag.find(|c: char| c.is_whitespace() || "=>/".contains(c));
            let Some(end) = end.filter(|_| !tag.is_empty() && !tag.starts_with('>')) else {
                break;
            };
            let (name, after) = tag.split_at(end);
            out.extend(referred(name).into_iter().skip(1));
            tag = after.trim_start();
            let value = match tag.strip_prefix('=').map(str::trim_start) {
                Some(v) if v.starts_with(['"', '\'']) => {
                    let q = &v[..1];
                    let (value, after) = v[1..].split_once(q).unwrap_or((&v[1..], ""));
                    tag = after;
                    value
                }
                Some(v) => {
                    let end = v
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(v.len());
                    tag = &v[end..];
                    &v[..end]
                }
                None => {
                    tag = tag.strip_prefix('/').unwrap_or(tag);
                    continue;
                }
            };
            if name != "lang" {
                out.extend(referred(value));
                out.extend(value.split_whitespace().flat_map(referred));
            }
        }
        rest = tag.split_once('>').map_or("", |(_, after)| after);
    }
    out
}

/// The names Rust defines that a generic script must not know: routes, address options and
/// their values (the languages, the location step skipped), the storage key, and every fact
/// and option id of the trials file.
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
    // The value written to skip the location step; the others read so ("0", "off") are too
    // common in scripts to mean it.
    names.insert(options::SKIP_LOCATION[0].to_string());
    names.extend(i18n::LANGUAGES.iter().map(|s| s.lang.to_string()));
    names.insert(shell::SAVE_KEY.to_string());
    names.extend(shell::trials_files().map(str::to_string));
    names.insert(shell::EARLY.to_string());
    names.insert(shell::CITIES_FILE.to_string());
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

/// What Rust defines that the embed page's script names, by a literal or by `dataset.x`.
fn named_by_builder(js: &str) -> Vec<String> {
    let names = rust_names();
    let (literals, code) = split(js);
    let properties = code
        .split("dataset.")
        .skip(1)
        .map(|rest| rest.split(|c| !word(c)).next().unwrap_or("").to_string());
    let found: BTreeSet<String> = literals
        .iter()
        .flat_map(|l| referred(l))
        .chain(properties)
        .filter(|n| names.contains(n))
        .collect();
    found.into_iter().collect()
}

fn named_by_page(html: &str) -> Vec<String> {
    let names = rust_names();
    attribute_values(html)
        .into_iter()
        .filter(|v| names.contains(v))
        .collect()
}

#[test]
fn the_embed_page_and_its_script_name_no_option_nor_value_rust_defines() {
    let script = include_str!("../web/embed-builder.js");
    assert_eq!(
        named_by_builder(script),
        Vec::<String>::new(),
        "web/embed-builder.js"
    );
    let page = include_str!("../web/embed.html");
    assert_eq!(named_by_page(page), Vec::<String>::new(), "web/embed.html");
    // The checks find such names however written.
    assert_eq!(
        named_by_builder(
            "$('lang'); q('#trials input'); q('[data-refused=\"accent\"]'); a.dataset.location = 'no'; \
             h.setAttribute('data-host', x) // 'age'"
        ),
        ["accent", "host", "lang", "location", "no", "trials"]
    );
    assert_eq!(
        named_by_page(
            "<!-- <p id=\"age\"> --><html lang=\"en\"><select id=lang><option value=\"fr\">\
             <p data-refused='accent' aria-describedby=\"x trials\"><a href=\"#/results\">\
             <input data-location checked>"
        ),
        ["#/results", "accent", "fr", "lang", "location", "trials"]
    );
}

#[test]
fn the_built_embed_page_has_the_option_fields_where_the_page_marks_them() {
    let page = include_str!("../web/embed.html");
    let built = embed::page(page).expect("web/embed.html holds the marker once");
    assert_eq!(
        built.replace(embed::fields().trim_end(), embed::MARKER),
        page
    );
    let form = built
        .split("<form id=\"options\">")
        .nth(1)
        .expect("the options form");
    assert!(
        form.trim_start().starts_with(embed::fields().trim()),
        "{form}"
    );
    // Every build writes them: Trunk runs the command after copying the page.
    let trunk = include_str!("../Trunk.toml");
    assert!(
        trunk.contains("stage = \"post_build\"")
            && trunk.contains("prescreen -- embed-page \\\"$TRUNK_STAGING_DIR/embed.html\\\""),
        "{trunk}"
    );
}

#[test]
fn every_build_publishes_the_trials_and_the_cities_without_spaces_between_tokens() {
    // Trunk runs the command after copying the files; the end-to-end tests read the result.
    let trunk = include_str!("../Trunk.toml");
    for file in [
        prescreen::shell::trials_files().next().unwrap(),
        prescreen::shell::CITIES_FILE,
    ] {
        assert!(
            trunk.contains(&format!("\\\"$TRUNK_STAGING_DIR/{file}\\\""))
                && trunk.contains("prescreen -- compact "),
            "{trunk}"
        );
    }
}
