//! The first screens rendered at build time by the app's own components (`prescreen prerender`):
//! every language, the page Start leads to, titles in each page's language, nothing the CSP
//! forbids, and index.html written idempotently. That the browser's app renders the same pages
//! tag for tag is tested in a real browser (e2e/tests/prerender.test.mjs).

use prescreen::app::prerender::{pages, write_into, Page, REGIONS};
use prescreen::form::country_of;
use prescreen::i18n::{self, LANGUAGES};

fn rendered() -> Vec<Page> {
    let trials = std::fs::read("trials.json").unwrap();
    let cities = std::fs::read_to_string("cities.json").unwrap();
    let mut notes = Vec::new();
    let out = pages(trials, Some(&cities), &mut |n| notes.push(n)).unwrap();
    assert_eq!(notes, Vec::<String>::new());
    out
}

#[test]
fn every_language_has_its_start_page_the_page_after_it_loading_and_forgotten() {
    let pages = rendered();
    for l in LANGUAGES {
        let of = |kind: &str| {
            let found: Vec<&Page> = pages
                .iter()
                .filter(|p| p.lang == l.lang && p.page == kind)
                .collect();
            assert_eq!(found.len(), 1, "{kind} in {}", l.lang);
            found[0]
        };
        let t = i18n::strings(l.lang);
        let start = of("start");
        assert_eq!(start.route.as_deref(), Some(""));
        assert!(start.html.contains(t.start_button), "{}", l.lang);
        assert!(start.title.starts_with(t.start_title) && start.title.ends_with(t.app_name));
        let next = of("next");
        assert_eq!(
            next.route.as_deref(),
            Some("/location"),
            "Start leads to where the patient lives"
        );
        assert!(next.html.contains("<select") && next.html.contains("id=\"city\""));
        assert!(next.html.contains(t.location_title) && next.title.starts_with(t.location_title));
        // The bundled cities are all there, in the page's language.
        assert!(next.html.matches("<option").count() > 300, "{}", l.lang);
        let loading = of("loading");
        assert!(loading.html.contains("class=\"loading\"") && loading.html.contains(t.loading));
        assert_eq!(loading.title, format!("{} – {}", t.loading, t.app_name));
        assert!(of("forgotten").html.contains(t.forgotten));
        for p in [start, next, loading] {
            assert_eq!(p.html.matches("<main").count(), 1);
            assert!(!p.html.contains("<script") && !p.html.contains(" style="));
        }
    }
}

#[test]
fn cities_are_in_the_order_their_readers_expect() {
    let pages = rendered();
    let next = |lang: &str| {
        pages
            .iter()
            .find(|p| p.lang == lang && p.page == "next")
            .unwrap()
            .html
            .clone()
    };
    let pos = |html: &str, name: &str| {
        html.find(&format!(">{name}<"))
            .unwrap_or_else(|| panic!("{name}"))
    };
    // French: an accented letter beside its letter (Évry between Dijon and Grenoble), not after Z.
    let fr = next("fr");
    assert!(pos(&fr, "Dijon") < pos(&fr, "Évry-Courcouronnes"));
    assert!(pos(&fr, "Évry-Courcouronnes") < pos(&fr, "Grenoble"));
    // Chinese by pinyin: 北京 (Beijing) before 上海 (Shanghai), though 上 comes first by code point.
    let zh = next("zh");
    assert!(pos(&zh, "北京") < pos(&zh, "上海"));
}

#[test]
fn index_html_keeps_one_block_of_templates_however_often_it_is_written() {
    let pages = rendered();
    let index = "<html><body><main></main>\n</body></html>";
    let once = write_into(index, &pages).unwrap();
    assert_eq!(write_into(&once, &pages).unwrap(), once);
    assert_eq!(once.matches("<template").count(), pages.len());
    assert!(once.contains("data-page=\"next\" data-lang=\"en\""));
    assert!(write_into("<html></html>", &pages).is_err(), "no </body>");
}

#[test]
fn the_regions_tried_cover_every_country_whose_units_a_page_preselects() {
    // A region the prerender does not try might preselect other units than the page shown.
    let tried = |lang: &str| -> Vec<&str> {
        (REGIONS.iter())
            .map(|r| country_of(&format!("{lang}-{r}")))
            .collect()
    };
    for l in LANGUAGES {
        for region in [
            "US", "GB", "KR", "CN", "FR", "CA", "JP", "DE", "TW", "BE", "AU", "CH", "HK",
        ] {
            let country = country_of(&format!("{}-{region}", l.lang));
            assert!(
                tried(l.lang).contains(&country),
                "{}-{region} ({country})",
                l.lang
            );
        }
    }
}

#[test]
fn without_cities_the_page_after_start_is_left_to_the_app() {
    let trials = std::fs::read("trials.json").unwrap();
    let mut notes = Vec::new();
    let out = pages(trials, None, &mut |n| notes.push(n)).unwrap();
    assert!(out.iter().all(|p| p.page != "next"));
    assert_eq!(notes.len(), LANGUAGES.len());
    assert!(notes[0].contains("still loading"), "{}", notes[0]);
}
