//! Site names in the patient's language: the bundled trials name every site's city and region in
//! each language where the city list does, `check` refuses names in a language the file does not
//! declare, and files without them still load.

use prescreen::engine::Screener;
use prescreen::model::TrialsFile;

const TRIALS: &str = include_str!("../trials.json");
const CITIES: &str = include_str!("../cities.json");
const MINI: &str = include_str!("fixtures/mini.json");

fn trials() -> TrialsFile {
    serde_json::from_str(TRIALS).unwrap()
}

#[test]
fn every_site_city_is_named_as_the_city_list_names_it_in_every_language() {
    let cities = prescreen::geo::Cities::parse(CITIES).unwrap();
    let mut named = 0;
    for t in trials().trials {
        for s in &t.sites {
            let Some(city) = cities
                .cities
                .iter()
                .filter(|c| c.name.get("en") == s.city && c.country == s.country)
                .min_by(|a, b| {
                    let d = |c: &&prescreen::geo::City| {
                        (c.lat - s.lat.unwrap_or(0.0)).powi(2)
                            + (c.lon - s.lon.unwrap_or(0.0)).powi(2)
                    };
                    d(a).total_cmp(&d(b))
                })
            else {
                continue;
            };
            for lang in ["ko", "zh", "fr"] {
                assert_eq!(s.city_in(lang), city.name.get(lang), "{} {lang}", s.city);
                if s.region.is_some() && lang != "fr" {
                    assert_ne!(
                        s.region_in(lang),
                        s.region.as_deref(),
                        "{} {lang}: region",
                        s.city
                    );
                }
            }
            named += 1;
        }
    }
    assert!(named >= 12, "{named}");
    let t = trials();
    let seoul = t
        .trials
        .iter()
        .flat_map(|t| &t.sites)
        .find(|s| s.city == "Seoul")
        .unwrap();
    assert_eq!(
        (
            seoul.city_in("ko"),
            seoul.city_in("zh"),
            seoul.city_in("fr"),
            seoul.city_in("en")
        ),
        ("서울", "首尔", "Séoul", "Seoul")
    );
    assert_eq!(seoul.name_in("ko"), "한양대학교병원");
    assert_eq!(
        seoul.name_in("zh"),
        seoul.name,
        "no name known: as the registry has it"
    );
}

fn with_local(local: &str) -> String {
    let at = MINI.find("\"country\": \"FR\"").expect("the Paris site");
    format!("{}\"local\": {local}, {}", &MINI[..at], &MINI[at..])
}

fn errors(text: &str) -> Vec<(String, String)> {
    match Screener::load(text) {
        Ok(_) => vec![],
        Err(e) => e.into_iter().map(|f| (f.path, f.message)).collect(),
    }
}

#[test]
fn check_accepts_names_in_the_files_languages_and_refuses_others_where_they_are() {
    assert!(TRIALS.contains("\"local\""));
    assert_eq!(
        errors(TRIALS),
        vec![],
        "ko, zh and fr are the bundled file's languages"
    );
    assert!(
        !MINI.contains("\"local\""),
        "an older file without names loads"
    );
    assert_eq!(errors(MINI), vec![]);
    // The small file is in English only: Korean names are in a language it does not declare.
    let e = errors(&with_local("{\"ko\": {\"city\": \"파리\"}}"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].0.ends_with(".sites[0].local.ko"), "{e:?}");
    assert!(
        e[0].1.contains("not one of the file's \"languages\""),
        "{e:?}"
    );
    let e = errors(&with_local("{\"en\": {\"city\": \"Paris\"}}"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].0.ends_with(".local.en"), "{e:?}");
    let e = errors(&with_local("{\"ko\": {\"city\": \" \"}}"));
    assert!(
        e.iter().any(|(p, _)| p.ends_with(".local.ko.city")),
        "{e:?}"
    );
    let e = errors(&with_local("{\"ko\": {\"town\": \"X\"}}"));
    assert!(!e.is_empty(), "an unknown field is refused");
}
