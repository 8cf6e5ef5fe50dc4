//! Command-line tools over the screening engine: check a trials file, pack it for a large
//! network, screen an answers file, and count how each trial's criteria are covered; and the
//! build's steps that render the app's first pages into index.html and write the embed page's
//! option fields.

use prescreen::engine::{
    CriterionResult, CriterionState, Date, Finding, Screener, TrialResult, Verdict,
};
use prescreen::model::{Criterion, CriterionKind, Trial};
use serde_json::{json, Value};
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  prescreen check [FILE]                                 check a trials file (default trials.json) or pack
  prescreen pack [FILE] [OUT]                            check a trials file and write it packed, for
                                                         thousands of trials (default trials.pack)
  prescreen screen --answers ANSWERS.json [--trials FILE] [--text | --fhir] [--lang LANG]
                                                         screen one patient's answers (their own format
                                                         or a FHIR QuestionnaireResponse); --fhir prints
                                                         them as a FHIR R4 QuestionnaireResponse
                                                         carrying the result
  prescreen fhir questionnaire [FILE]                    print the trials' questions as a FHIR R4 (SDC)
                                                         Questionnaire
  prescreen fhir studies [FILE]                          print the trials as a FHIR R4 Bundle of
                                                         ResearchStudy resources
  prescreen journey --answers ANSWERS.json [--trials FILE] [--near CITY] [--reach city|country|anywhere|KM]
                    [--cities FILE]                      walk the app's pages with these answers (a fact
                                                         left out is answered \"I don't know\"); prints the
                                                         facts each page asked and the verdicts, as JSON
  prescreen coverage [FILE]                              count criteria, rules, and parts left for the study team
  prescreen prerender [DIST]                             render the app's first pages into DIST/index.html
                                                         (default dist), from DIST/trials.json and cities.json
  prescreen import STUDY.json                            print a trial entry for trials.json made from a
                                                         ClinicalTrials.gov study record (API v2 JSON)
  prescreen embed-page FILE                              write the option fields into a built embed.html
                                                         (Trunk.toml runs it on every build)
  prescreen compact FILE...                              rewrite each JSON file without the spaces between
                                                         its tokens; a file that is not JSON is left as it
                                                         is (Trunk.toml runs it on the built trials.json
                                                         and cities.json)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(args.get(1).map_or("trials.json", String::as_str)),
        Some("pack") if args.len() <= 3 => pack(
            args.get(1).map_or("trials.json", String::as_str),
            args.get(2).map_or("trials.pack", String::as_str),
        ),
        Some("screen") => screen(&args[1..]),
        Some("journey") => journey(&args[1..]),
        Some("fhir") => fhir(&args[1..]),
        Some("coverage") => coverage(args.get(1).map_or("trials.json", String::as_str)),
        Some("prerender") if args.len() <= 2 => {
            prerender(args.get(1).map_or("dist", String::as_str))
        }
        Some("import") => match args.get(1) {
            Some(path) if args.len() == 2 => import(path),
            _ => Err(format!("import needs one study record file\n{USAGE}")),
        },
        Some("embed-page") => match args.get(1) {
            Some(path) if args.len() == 2 => embed_page(path),
            _ => Err(format!("embed-page needs the built embed.html\n{USAGE}")),
        },
        Some("compact") if args.len() > 1 => args[1..].iter().try_for_each(|p| compact(p)),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))
}

fn located(path: &str, findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{path}:{f}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn load(path: &str) -> Result<Screener, String> {
    load_as_of(path, None)
}

/// Loads and checks a trials file, or a pack; given today's date, also warns of stale statuses
/// in a trials file (a pack keeps the warnings from when it was written). A pack's every
/// description is read too, so no command vouches for, or stops halfway through, a pack with
/// one that cannot be read.
fn load_as_of(path: &str, today: Option<Date>) -> Result<Screener, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    let refused = |errors: Vec<Finding>| {
        format!(
            "{}\n{path}: {} error(s)",
            located(path, &errors),
            errors.len()
        )
    };
    // Dates in answers ("stopped in May 2026") are read against today.
    let s = Screener::load_published(bytes, today)
        .map_err(refused)?
        .as_of(self::today());
    match s.unreadable_trials() {
        errors if errors.is_empty() => Ok(s),
        errors => Err(refused(errors)),
    }
}

/// Today's date (UTC) from the system clock; the engine itself has no clock.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch((secs / 86_400) as i64)
}

/// Loads and checks as of today, printing the warnings.
fn checked(path: &str) -> Result<Screener, String> {
    let s = load_as_of(path, Some(today()))?;
    for w in s.warnings() {
        println!("{path}:{w}");
    }
    Ok(s)
}

/// Writes the app's first pages, rendered by its own components, into a build's index.html.
fn prerender(dist: &str) -> Result<(), String> {
    let dir = std::path::Path::new(dist);
    let read =
        |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{dist}/{name}: {e}"));
    let mut tried = prescreen::shell::trials_files().map(read);
    let first = tried.next().expect("a trials file name");
    let trials = first.or_else(|e| tried.find_map(Result::ok).ok_or(e))?;
    let cities = read("cities.json")
        .ok()
        .map(|c| String::from_utf8_lossy(&c).into_owned());
    let pages = prescreen::app::prerender::pages(trials, cities.as_deref(), &mut |n| {
        println!("prerender: {n}")
    })?;
    let index_path = dir.join("index.html");
    let index =
        String::from_utf8(read("index.html")?).map_err(|e| format!("{dist}/index.html: {e}"))?;
    let html = prescreen::app::prerender::write_into(&index, &pages)?;
    std::fs::write(&index_path, &html).map_err(|e| format!("{}: {e}", index_path.display()))?;
    let (mut kinds, mut langs) = (Vec::new(), Vec::new());
    for p in &pages {
        if p.page != "forgotten" && !kinds.contains(&p.page) {
            kinds.push(p.page);
        }
        if !langs.contains(&p.lang) {
            langs.push(p.lang);
        }
    }
    println!(
        "prerender: {} in {}; index.html {:.1} KB",
        kinds.join(", "),
        langs.join(", "),
        html.len() as f64 / 1000.0
    );
    Ok(())
}

fn check(path: &str) -> Result<(), String> {
    let s = checked(path)?;
    println!("{path}: ok: {}", summary(&s));
    Ok(())
}

fn summary(s: &Screener) -> String {
    let criteria: usize = (0..s.trial_count())
        .map(|t| s.criteria_counts(t).criteria)
        .sum();
    format!(
        "{} trials, {} facts, {criteria} criteria, {} warning(s)",
        s.trial_count(),
        s.facts().len(),
        s.warnings().len()
    )
}

/// Checks a trials file and writes it packed: the screener loads a pack without reading every
/// trial's description, which matters from a few thousand trials on.
fn pack(path: &str, out: &str) -> Result<(), String> {
    if same_file(path, out) {
        return Err(format!(
            "{out}: is the file being packed ({path}); give another name for the pack, e.g. trials.pack"
        ));
    }
    let s = checked(path)?;
    let packed = s.try_pack().map_err(|errors| {
        format!(
            "{}\n{path}: {} error(s)",
            located(path, &errors),
            errors.len()
        )
    })?;
    std::fs::write(out, &packed).map_err(|e| format!("{out}: cannot write: {e}"))?;
    println!(
        "{out}: wrote {} KB from {path}: {}",
        packed.len().div_ceil(1000),
        summary(&s)
    );
    Ok(())
}

/// Writes the option fields into `path` in place of its marker: run on the built copy, so
/// that `web/embed.html` keeps the marker.
fn embed_page(path: &str) -> Result<(), String> {
    let page = prescreen::embed::page(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
    std::fs::write(path, page).map_err(|e| format!("{path}: cannot write: {e}"))
}

fn compact(path: &str) -> Result<(), String> {
    match prescreen::model::json::compact(&read(path)?) {
        Some(text) => std::fs::write(path, text).map_err(|e| format!("{path}: cannot write: {e}")),
        None => Ok(()),
    }
}

/// Whether two paths name one file, however spelled (`x.json`, `./x.json`, a link to it, a
/// hard link). A path that does not exist yet is another file, unless it is spelled the same.
fn same_file(a: &str, b: &str) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(ca), Ok(cb)) => ca == cb || same_inode(&ca, &cb),
        _ => a == b,
    }
}

#[cfg(unix)]
fn same_inode(a: &std::path::Path, b: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &std::path::Path, _: &std::path::Path) -> bool {
    false
}

/// Prints the trial entry on stdout; what needs a person's attention goes to stderr.
fn import(path: &str) -> Result<(), String> {
    let imported = prescreen::import::import(&read(path)?, today())
        .map_err(|e| format!("{path}: error: {e}"))?;
    println!("{}", imported.to_json_pretty());
    for w in &imported.warnings {
        eprintln!("{path}: warning: {w}");
    }
    let t = &imported.trial;
    eprintln!(
        "{path}: imported {}: {} site(s), {} criteria, {} to encode; add the entry to \"trials\" in trials.json, then run prescreen check",
        t.id,
        t.sites.len(),
        t.criteria.len(),
        imported.to_encode()
    );
    Ok(())
}

fn coverage(path: &str) -> Result<(), String> {
    let s = load(path)?;
    println!(
        "{:<13} {:>8} {:>8} {:>6} {:>18}",
        "trial", "sources", "criteria", "rules", "study-team parts"
    );
    let (mut all_rules, mut all_team) = (0, 0);
    for (i, t) in s.trials().enumerate() {
        let mut sources: Vec<&str> = t.all_criteria().map(|(_, c)| c.source.as_str()).collect();
        sources.sort_unstable();
        sources.dedup();
        let n = s.criteria_counts(i);
        all_rules += n.rules;
        all_team += n.study_team_parts;
        println!(
            "{:<13} {:>8} {:>8} {:>6} {:>18}",
            t.id,
            sources.len(),
            n.criteria,
            n.rules,
            n.study_team_parts
        );
    }
    println!(
        "all criteria accounted for: {all_rules} encoded as rules; {all_team} parts for the study team (criteria without a rule, and study-team branches of rules)"
    );
    Ok(())
}

struct ScreenArgs {
    answers: String,
    trials: String,
    text: bool,
    fhir: bool,
    lang: String,
}

fn screen_args(args: &[String]) -> Result<ScreenArgs, String> {
    let mut a = ScreenArgs {
        answers: String::new(),
        trials: "trials.json".into(),
        text: false,
        fhir: false,
        lang: "en".into(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("{arg} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--answers" => a.answers = value()?,
            "--trials" => a.trials = value()?,
            "--lang" => a.lang = value()?,
            "--text" => a.text = true,
            "--fhir" => a.fhir = true,
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if a.answers.is_empty() {
        return Err(format!("screen needs --answers FILE\n{USAGE}"));
    }
    if a.text && a.fhir {
        return Err(format!("screen takes --text or --fhir, not both\n{USAGE}"));
    }
    Ok(a)
}

fn screen(args: &[String]) -> Result<(), String> {
    let a = screen_args(args)?;
    let s = load(&a.trials)?;
    let text = read(&a.answers)?;
    let answers = s
        .parse_answers(&text)
        .map_err(|e| located(&a.answers, &e))?;
    let evaluation = s.evaluation(&answers);
    let results = evaluation.results();
    let next = evaluation.next_questions();
    if a.fhir {
        let location = s.restore_answers(&text).ok().and_then(|r| r.location);
        let qr = prescreen::fhir::questionnaire_response(
            &s,
            &answers,
            location.as_ref(),
            &results,
            &now_rfc3339(),
            &a.lang,
        );
        println!("{}", pretty(&qr));
    } else if a.text {
        print!("{}", text_report(&s, &results, &next, &a.lang));
    } else {
        let report = json!({
            "trials_version": s.version(),
            "trials": results.iter().map(|r| json_result(&s, r, &a.lang)).collect::<Vec<_>>(),
            "next_questions": next,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a JSON value serializes")
        );
    }
    Ok(())
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("a JSON value serializes")
}

/// The current time (UTC) from the system clock, as RFC 3339 (a FHIR dateTime).
fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = Date::from_days_since_epoch((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!("{day}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// `prescreen fhir questionnaire|studies [FILE]`.
fn fhir(args: &[String]) -> Result<(), String> {
    fn file(rest: &[String]) -> Result<&str, String> {
        match rest {
            [] => Ok("trials.json"),
            [path] => Ok(path),
            _ => Err(format!("fhir takes one trials file\n{USAGE}")),
        }
    }
    let v = match args.first().map(String::as_str) {
        Some("questionnaire") => prescreen::fhir::questionnaire(&load(file(&args[1..])?)?),
        Some("studies") => prescreen::fhir::research_studies(&load(file(&args[1..])?)?),
        _ => return Err(format!("fhir needs questionnaire or studies\n{USAGE}")),
    };
    println!("{}", pretty(&v));
    Ok(())
}

fn criterion<'f>(t: &'f Trial, r: &CriterionResult) -> &'f Criterion {
    match r.subgroup {
        None => &t.criteria[r.index],
        Some(g) => &t.subgroups[g].criteria[r.index],
    }
}

fn json_criterion(t: &Trial, r: &CriterionResult, lang: &str) -> Value {
    let c = criterion(t, r);
    let mut v = json!({
        "criterion": c.id,
        "kind": match c.kind { CriterionKind::Inclusion => "inclusion", CriterionKind::Exclusion => "exclusion" },
        "plain": c.plain.get(lang),
        "source": c.source,
    });
    if let Some(g) = r.subgroup {
        v["subgroup"] = json!(t.subgroups[g].id);
    }
    if let Some(note) = &c.study_team {
        v["study_team"] = json!(note.get(lang));
    }
    if !r.needs.is_empty() {
        v["needs"] = json!(r.needs);
    }
    v
}

fn json_result(s: &Screener, r: &TrialResult, lang: &str) -> Value {
    let t = &*s.trial(r.trial);
    let list = |it: &mut dyn Iterator<Item = &CriterionResult>| -> Vec<Value> {
        it.map(|c| json_criterion(t, c, lang)).collect()
    };
    json!({
        "id": t.id,
        "title": t.title.get(lang),
        "verdict": r.verdict.id(),
        "subgroups": t.subgroups.iter().zip(&r.subgroups)
            .map(|(g, v)| json!({"id": g.id, "verdict": v.id()})).collect::<Vec<_>>(),
        "reasons": list(&mut r.reasons()),
        "open": list(&mut r.open()),
        "study_team": list(&mut r.study_team()),
        "needs": r.needs,
    })
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::MayQualify => "may qualify",
        Verdict::NeedMoreInformation => "need more information",
        Verdict::ProbablyNot => "probably not",
    }
}

fn text_report(s: &Screener, results: &[TrialResult], next: &[&str], lang: &str) -> String {
    let mut out = format!("Trials data version {}\n", s.version());
    for r in results {
        let t = &*s.trial(r.trial);
        let acronym = t
            .acronym
            .as_deref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        out += &format!(
            "\n{}{acronym}: {}\n  Verdict: {}\n",
            t.id,
            t.title.get(lang),
            verdict_words(r.verdict)
        );
        for (g, v) in t.subgroups.iter().zip(&r.subgroups) {
            out += &format!("    {}: {}\n", g.name.get(lang), verdict_words(*v));
        }
        let section = |out: &mut String, title: &str, items: Vec<&CriterionResult>| {
            if items.is_empty() {
                return;
            }
            *out += &format!("  {title}:\n");
            for c in items {
                let crit = criterion(t, c);
                *out += &format!(
                    "    - {}\n      Source: \"{}\"\n",
                    crit.plain.get(lang),
                    crit.source
                );
                if let (Some(note), true) = (&crit.study_team, c.state != CriterionState::NotMet) {
                    *out += &format!("      Study team: {}\n", note.get(lang));
                }
            }
        };
        section(&mut out, "Reasons", r.reasons().collect());
        section(&mut out, "Waiting on your answers", r.open().collect());
        section(
            &mut out,
            "To confirm with the study team",
            r.study_team().collect(),
        );
        if !r.needs.is_empty() {
            out += "  Answers that would settle it:\n";
            for id in &r.needs {
                let q = s.fact(id).map(|x| x.question.get(lang)).unwrap_or(id);
                out += &format!("    - {q} ({id})\n");
            }
        }
    }
    if !next.is_empty() {
        out += &format!("\nNext questions, best first: {}\n", next.join(", "));
    }
    out
}

/// Walks the app's journey with a patient's answers, near a city of the bundled list.
fn journey(args: &[String]) -> Result<(), String> {
    let mut opt = std::collections::HashMap::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let key = match arg.as_str() {
            "--answers" | "--trials" | "--near" | "--reach" | "--cities" => arg.clone(),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        };
        let value = it.next().ok_or(format!("{arg} needs a value\n{USAGE}"))?;
        opt.insert(key, value.clone());
    }
    let get = |k: &str, default: &str| opt.get(k).cloned().unwrap_or_else(|| default.to_string());
    let answers_path = opt
        .get("--answers")
        .ok_or(format!("journey needs --answers FILE\n{USAGE}"))?;
    let s = std::rc::Rc::new(load(&get("--trials", "trials.json"))?);
    let answers = s
        .parse_answers(&read(answers_path)?)
        .map_err(|e| located(answers_path, &e))?;
    let reach = match opt.get("--near") {
        None => None,
        Some(name) => {
            let cities_path = get("--cities", "cities.json");
            let cities = prescreen::geo::Cities::parse(&read(&cities_path)?)
                .map_err(|e| format!("{cities_path}: {e}"))?;
            let city = cities
                .cities
                .iter()
                .find(|c| c.label("en") == *name)
                .ok_or(format!("--near: no city \"{name}\" in {cities_path} (use its English name, e.g. \"Paris\" or \"Chicago, IL\")"))?;
            let reach = get("--reach", "country");
            let reach = prescreen::geo::Reach::parse(&reach).ok_or(format!(
                "--reach: expected city, country, anywhere or a distance in km, not \"{reach}\""
            ))?;
            Some(s.within(reach, city.point(), Some(&city.country)))
        }
    };
    let j = prescreen::engine::journey::walk(s.clone(), &answers, reach);
    let verdicts: serde_json::Map<String, Value> = j
        .results
        .iter()
        .map(|r| (s.trial_id(r.trial).to_string(), json!(r.verdict.id())))
        .collect();
    let report = json!({ "pages": j.pages, "verdicts": verdicts });
    println!(
        "{}",
        serde_json::to_string(&report).expect("a JSON value serializes")
    );
    Ok(())
}
