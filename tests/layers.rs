//! The layers stay apart: the screener crate (model, engine, units, distances, words, FHIR)
//! depends on no web crate and names none in its code, so it builds and tests natively as it
//! is; only the app's Yew components, in this package, use the browser.

use std::path::Path;

const WEB: [&str; 7] = [
    "yew",
    "web-sys",
    "web_sys",
    "wasm-bindgen",
    "wasm_bindgen",
    "js-sys",
    "gloo",
];

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).expect("a folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).expect("readable");
            out.push((p.display().to_string(), text));
        }
    }
}

#[test]
fn the_screener_depends_on_no_web_crate_and_names_none() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("screener");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("screener/Cargo.toml");
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("a [dependencies] table");
    let names: Vec<&str> = deps
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
        .filter(|k| !k.is_empty() && !k.starts_with('#'))
        .collect();
    assert_eq!(
        names,
        ["serde", "serde_json", "zmij", "miniz_oxide"],
        "{manifest}"
    );
    let mut files = vec![];
    sources(&root.join("src"), &mut files);
    assert!(files.len() > 20, "{} files", files.len());
    for (path, text) in &files {
        for web in WEB {
            assert!(
                !text.contains(&format!("{web}::")) && !text.contains(&format!("use {web}")),
                "{path} uses {web}"
            );
        }
    }
}
