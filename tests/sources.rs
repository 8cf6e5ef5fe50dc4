//! Every criterion keeps its source sentence word for word, and every line of each trial's
//! eligibility text is encoded by some criterion.
//!
//! The eligibility texts are part of the project, in `sources/NCTxxxxxxxx.txt`: each is headed by
//! a note ("#" lines) saying where it was copied from, then holds the text as published.

use prescreen::engine::Screener;
use prescreen::model::Trial;
use std::path::PathBuf;

/// Where the eligibility criteria start in a trial's source file.
struct Source {
    trial: &'static str,
    /// The criteria start after the first line containing this (their heading).
    start: &'static str,
    /// Only bullet lines ("- ") count (the research notes), not every line.
    bullets_only: bool,
}

const SOURCES: &[Source] = &[
    Source {
        trial: "NCT04835883",
        start: "Inclusion Criteria",
        bullets_only: false,
    },
    Source {
        trial: "NCT00698191",
        start: "Inclusion Criteria",
        bullets_only: false,
    },
    Source {
        trial: "NCT03562065",
        start: "Inclusion Criteria",
        bullets_only: false,
    },
    Source {
        trial: "NCT03580291",
        start: "Inclusion Criteria",
        bullets_only: false,
    },
    Source {
        trial: "NCT02633163",
        start: "Inclusion:",
        bullets_only: true,
    },
];

/// Parts of eligibility lines that are not criteria, so no criterion encodes them.
const NOT_CRITERIA: &[&str] = &[
    // CS20AT04's text heads each subgroup's criteria with these; the subgroups in
    // trials.json ("cytopenia", "nephritis") carry them.
    "For the lupus cytopenia sub-group only:",
    "For the lupus nephritis sub-group only:",
    // MiSLE's text (from the research notes) introduces four criteria from registry summaries
    // with a note to the data's editors, and ends it with an instruction to them; the four
    // criteria themselves are checked (and marked "origin": "registry_summary").
    "reported by secondary summaries, not confirmed word for word:",
    "Encode these, and mark them as \"from a registry summary\".",
];

fn path_of(trial: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sources")
        .join(format!("{trial}.txt"))
}

/// A source file as written: its note and the text.
fn read_file(trial: &str) -> String {
    let path = path_of(trial);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The note atop a source file: its leading "#" lines.
fn note(file: &str) -> Vec<&str> {
    file.lines().take_while(|l| l.starts_with('#')).collect()
}

/// The eligibility text of a trial, without the note, so that nothing the note says counts as
/// the registry's words.
fn read(trial: &str) -> String {
    let file = read_file(trial);
    let n = note(&file).len();
    file.lines().skip(n).collect::<Vec<_>>().join("\n")
}

/// Runs of whitespace, line breaks included, as one space; no space at either end.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn screener() -> Screener {
    Screener::load(include_str!("../trials.json")).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn source_of(trial: &str) -> &'static Source {
    SOURCES
        .iter()
        .find(|s| s.trial == trial)
        .unwrap_or_else(|| panic!("no source file known for {trial}"))
}

/// Every criterion source of a trial, whitespace collapsed.
fn criterion_sources(t: &Trial) -> Vec<String> {
    t.all_criteria().map(|(_, c)| collapse(&c.source)).collect()
}

#[test]
fn every_trial_has_a_source_file() {
    let s = screener();
    let ids: Vec<&str> = (0..s.trial_count()).map(|t| s.trial_id(t)).collect();
    let known: Vec<&str> = SOURCES.iter().map(|s| s.trial).collect();
    assert_eq!(ids, known);
    let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/sources"))
        .expect("the sources/ folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = known.iter().map(|t| format!("{t}.txt")).collect();
    expected.sort();
    assert_eq!(files, expected, "one source file per trial, and no other");
}

#[test]
fn every_source_file_says_where_it_came_from() {
    for src in SOURCES {
        let file = read_file(src.trial);
        let note = note(&file).join("\n");
        let url = format!("https://clinicaltrials.gov/study/{}", src.trial);
        assert!(
            note.contains(&url),
            "{}: the note atop the file does not name the registry record {url}",
            path_of(src.trial).display()
        );
        assert!(
            note.contains("seeds/") || note.contains("research/trial-facts.md"),
            "{}: the note does not name the file the text was copied from",
            path_of(src.trial).display()
        );
        assert!(
            read(src.trial).lines().any(|l| !l.trim().is_empty()),
            "{}: no text after the note",
            path_of(src.trial).display()
        );
    }
}

#[test]
fn every_criterion_source_appears_word_for_word_in_its_trials_source() {
    let s = screener();
    let mut checked = 0;
    for t in s.trials() {
        let text = collapse(&read(source_of(&t.id).trial));
        for (_, c) in t.all_criteria() {
            let source = collapse(&c.source);
            assert!(!source.is_empty(), "{} {} has no source", t.id, c.id);
            assert!(
                text.contains(&source),
                "{} {}: the source is not word for word in {}:\n{source}",
                t.id,
                c.id,
                path_of(&t.id).display()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 105);
}

/// The eligibility lines of one source, list markers ("- ", "•", "3.", "5-1.", "a.") removed
/// and whitespace collapsed.
fn eligibility_lines(src: &Source) -> Vec<String> {
    let text = read(src.trial);
    let file = path_of(src.trial);
    let mut lines = text.lines().skip_while(|l| !l.contains(src.start));
    // The line holding `start` is the section's heading; the file ends where the section does.
    lines
        .next()
        .unwrap_or_else(|| panic!("{}: no line containing {:?}", file.display(), src.start));
    let mut out = vec![];
    for line in lines {
        let t = line.trim();
        if src.bullets_only && !t.starts_with("- ") {
            continue;
        }
        let t = collapse(strip_marker(t));
        if !t.is_empty() {
            out.push(t);
        }
    }
    assert!(
        out.len() > 5,
        "{}: too few eligibility lines: {out:#?}",
        file.display()
    );
    out
}

/// A line without its list marker: "- ", "• ", "3. ", "5-1. ", "1- " or "a. ".
fn strip_marker(line: &str) -> &str {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '•']) {
        return rest.trim_start();
    }
    let n = t.len()
        - t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
            .len();
    if n > 0 {
        let (marker, rest) = t.split_at(n);
        if let Some(r) = rest.strip_prefix(". ") {
            return r.trim_start();
        }
        if marker.ends_with('-') {
            return rest.trim_start();
        }
    }
    let mut chars = t.chars();
    if chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.as_str().starts_with(". ") {
        return &t[3..];
    }
    t
}

/// A line's clauses, for a line that the data splits over several criteria: split at inline
/// bullets ("•"), at "; " and ": ", and between sentences (". " before a capital letter).
fn clauses(line: &str) -> Vec<String> {
    let mut out = vec![];
    let mut current = String::new();
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '•' {
            out.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let ends = next == Some(' ')
            && match c {
                ';' | ':' => true,
                '.' => after.is_some_and(char::is_uppercase),
                _ => false,
            };
        if ends {
            out.push(std::mem::take(&mut current));
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn covered(text: &str, sources: &[String]) -> bool {
    let bare = text.trim_end_matches(['.', ';', ':', ',']);
    !bare.is_empty() && sources.iter().any(|s| s.contains(bare))
}

#[test]
fn every_eligibility_line_of_every_trial_is_encoded_by_some_criterion() {
    let s = screener();
    let mut uncovered = vec![];
    let mut checked = 0;
    for t in s.trials() {
        let sources = criterion_sources(&t);
        for line in eligibility_lines(source_of(&t.id)) {
            // Headings such as "Inclusion Criteria:", "Exclusion Criteria:" and "Presence of:"
            // are short; so are no criteria.
            if line.chars().count() <= 25 {
                continue;
            }
            checked += 1;
            if sources.iter().any(|s| s.contains(&line)) {
                continue;
            }
            // A line the data splits over several criteria: every clause must be encoded.
            for clause in clauses(&line) {
                if !NOT_CRITERIA.contains(&clause.as_str()) && !covered(&clause, &sources) {
                    uncovered.push(format!("{}: {clause:?}\n    in the line {line:?}", t.id));
                }
            }
        }
    }
    assert!(
        uncovered.is_empty(),
        "eligibility text no criterion encodes:\n{}",
        uncovered.join("\n")
    );
    assert!(checked > 60, "only {checked} lines checked");
}

#[test]
fn the_clause_splitter_keeps_lines_whole_except_at_clause_ends() {
    assert_eq!(
        clauses("For the lupus nephritis sub-group only: •Patients with clinical disease"),
        vec![
            "For the lupus nephritis sub-group only:",
            "Patients with clinical disease"
        ]
    );
    assert_eq!(
        clauses("infections (not onychomycosis). Any infection within 4 weeks"),
        vec![
            "infections (not onychomycosis).",
            "Any infection within 4 weeks"
        ]
    );
    assert_eq!(
        clauses("neutropenia <0.5.109/L, thrombocytopenia <30. 109 / L"),
        vec!["neutropenia <0.5.109/L, thrombocytopenia <30. 109 / L"]
    );
    assert_eq!(strip_marker("5-1. For the lupus"), "For the lupus");
    assert_eq!(strip_marker("12. Women who are"), "Women who are");
    assert_eq!(
        strip_marker("1- Pregnancy, breastfeeding"),
        "Pregnancy, breastfeeding"
    );
    assert_eq!(strip_marker("a. Prednisone orally"), "Prednisone orally");
    assert_eq!(strip_marker("-at least 4 of"), "at least 4 of");
    assert_eq!(
        strip_marker("• Trial of corticosteroids"),
        "Trial of corticosteroids"
    );
    assert_eq!(strip_marker("18 to 70"), "18 to 70");
}

#[test]
fn a_line_no_criterion_encodes_is_found() {
    // The coverage check above must be able to fail: a line missing from the sources is caught.
    let s = screener();
    let t = s.trial(0);
    let mut sources = criterion_sources(&t);
    let line = eligibility_lines(source_of(&t.id))
        .into_iter()
        .find(|l| l.contains("Patients who are pregnant or are lactating"))
        .expect("the seed has the pregnancy line");
    assert!(sources.iter().any(|s| s.contains(&line)));
    sources.retain(|s| !s.contains(&line));
    assert!(clauses(&line).iter().all(|c| !covered(c, &sources)));
}
