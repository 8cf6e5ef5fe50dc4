//! What the page's generic script (`web/shell.js`) needs before the app loads, decided here:
//! the names it must not know itself. `index.html` carries them on `<html>` (a test keeps the
//! two the same), and the app marks the controls the script may act on with `data-shell`.

use crate::options;

/// Where "Save my answers on this device" keeps them.
pub const SAVE_KEY: &str = "prescreen.answers";

/// The files the trials may be published as, in the order they are tried, apart by spaces:
/// `trials.json`, or `trials.pack` where a large network published that instead (`prescreen
/// pack`). The app and the prerender read the first that comes; the service worker caches
/// whichever is there (`scripts/postbuild.py` copies the list into it from `index.html`).
pub const TRIALS_FILES: &str = "trials.json trials.pack";

/// The cities the "where are you" page offers, beside the page; read only by a page that asks
/// for a city ([`crate::route::Route::reads`]).
pub const CITIES_FILE: &str = "cities.json";

/// How the app asks for the files beside the page: always checked with the server (a short "not
/// modified" when unchanged), so that a replaced file reaches a returning patient
/// (`RequestInit.cache`).
pub const FILES_CACHE: &str = "no-cache";

/// The property of `window` under which the page's script leaves the requests it makes early,
/// by file name, made as the app makes them, so that the downloads start beside the app's own
/// instead of once the app runs; the app takes each answer over once (`app::browser`). They are
/// the first of [`TRIALS_FILES`], and the files the prerendered page shown reads (its
/// `data-fetch`, from [`crate::route::Route::reads`]).
pub const EARLY: &str = "prescreenEarly";

/// [`TRIALS_FILES`], one by one.
pub fn trials_files() -> impl Iterator<Item = &'static str> {
    TRIALS_FILES.split(' ')
}

/// The attributes of `<html>` in `index.html`, as `(name, value)`: the saved answers' key,
/// the address options the script reads (the language, and the embedding page's origin), the
/// language shown when the browser asks for none the screener has, the trials files (the
/// service worker caches them; the script asks early for the first), how files are asked for,
/// and where the script leaves its early requests for the app.
pub fn page_attributes() -> [(&'static str, &'static str); 7] {
    // English comes first in LANGUAGES and is the language chosen when none fits.
    [
        ("data-shell-storage", SAVE_KEY),
        ("data-shell-lang", options::LANG),
        ("data-shell-host", options::HOST),
        ("data-shell-fallback", crate::i18n::LANGUAGES[0].lang),
        ("data-shell-trials", TRIALS_FILES),
        ("data-shell-cache", FILES_CACHE),
        ("data-shell-early", EARLY),
    ]
}

/// What a control marked `data-shell` does before the app has loaded.
pub mod action {
    /// The start page's Start button: goes to the page after it.
    pub const START: &str = "start";
    /// "Forget my answers": clears what is saved and shows the start page.
    pub const FORGET: &str = "forget";
    /// The language menu: shows the same page in another language.
    pub const LANGUAGE: &str = "language";
    pub const BACK: &str = "back";
    /// "Skip to main content".
    pub const SKIP: &str = "skip";
    /// Opening a saved answers file: waits for the app.
    pub const FILE: &str = "file";
}

/// Text safe in the pages Rust writes for the build (prerendered pages' attributes, the embed
/// page's fields), inside an element or a quoted attribute.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
