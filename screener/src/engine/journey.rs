//! A patient's walk through the questions page by page, as the app asks them, with the answers
//! known in advance: what `prescreen journey` and the benchmark measure.

use super::{Screener, Session, TrialResult};
use crate::model::{Answer, Answers};
use std::rc::Rc;

/// The pages most patients answer: the median over the sample patients with every study in
/// reach, as the journey benchmark measures it (`bench/journey.mjs`); the start page promises it,
/// and a test keeps the two the same.
pub const USUAL_PAGES: usize = 14;

/// As [`USUAL_PAGES`], for the studies in the patient's own country only.
pub const USUAL_PAGES_NEAR: usize = 14;

/// The pages asked, each the facts it asked, and the verdicts at the end.
pub struct Journey {
    pub pages: Vec<Vec<String>>,
    pub results: Vec<TrialResult>,
}

/// Walks the journey with `answers`, asking only for the trials in `reach` (by trial index;
/// `None` for all). A fact the answers leave out is answered "I don't know".
pub fn walk(screener: Rc<Screener>, answers: &Answers, reach: Option<Vec<bool>>) -> Journey {
    let facts = screener.facts().len();
    let mut session = Session::new(screener);
    session.set_reach(reach);
    let mut given = Answers::default();
    let mut pages = vec![];
    // Each page answers at least one fact, so there are at most as many pages as facts.
    while pages.len() <= facts {
        session.sync(&given);
        let page: Vec<String> = session.next_page().into_iter().map(String::from).collect();
        if page.is_empty() {
            break;
        }
        // Fields in page order, as a patient fills them: a follow-up on the page only once
        // the answer above it opens it.
        let mut asked = vec![];
        for f in page {
            if !session.screener().opened(&f, &given) {
                continue;
            }
            given.set(
                f.clone(),
                answers.get(&f).cloned().unwrap_or(Answer::Unknown),
            );
            asked.push(f);
        }
        pages.push(asked);
    }
    Journey {
        pages,
        results: session.results(),
    }
}
