//! From criteria to verdicts: each criterion met, not met, unknown or for the study team; each
//! trial "may qualify", "need more information" or "probably not", with its reasons.

use super::check::TrialRules;
use super::rule::{Known, Node, Tri};
use crate::model::{Criterion, CriterionKind, Trial, TrialsFile};

/// The screener's answer for one trial. Never "eligible": only the study team decides that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    MayQualify,
    NeedMoreInformation,
    ProbablyNot,
}

impl Verdict {
    pub fn id(self) -> &'static str {
        match self {
            Verdict::MayQualify => "may_qualify",
            Verdict::NeedMoreInformation => "need_more_information",
            Verdict::ProbablyNot => "probably_not",
        }
    }
}

/// Where a criterion stands for this patient. For exclusions, `Met` means the patient is clear
/// of it (the criterion is satisfied), `NotMet` means it rules the patient out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionState {
    Met,
    NotMet,
    /// Some answer is missing or "I don't know".
    Unknown,
    /// Only the study team can judge it; it never excludes.
    StudyTeam,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriterionResult {
    /// Index of the subgroup holding the criterion, `None` for common criteria.
    pub subgroup: Option<usize>,
    /// Index within its list (the trial's criteria, or the subgroup's).
    pub index: usize,
    pub state: CriterionState,
    /// Fact ids whose answers would settle it (unanswered or "I don't know").
    pub needs: Vec<String>,
    /// Met by the patient's answers, but the study team still confirms part of it.
    pub confirm: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TrialResult {
    /// Index of the trial in the file.
    pub trial: usize,
    pub verdict: Verdict,
    /// The verdict of each subgroup, in file order (empty when the trial has none).
    pub subgroups: Vec<Verdict>,
    pub criteria: Vec<CriterionResult>,
    /// Fact ids whose answers would settle this trial, in file order.
    pub needs: Vec<String>,
}

impl TrialResult {
    /// The criteria that rule the patient out.
    pub fn reasons(&self) -> impl Iterator<Item = &CriterionResult> {
        let failed_groups: Vec<bool> = self
            .subgroups
            .iter()
            .map(|v| *v == Verdict::ProbablyNot)
            .collect();
        let all_groups_fail = !failed_groups.is_empty() && failed_groups.iter().all(|f| *f);
        self.criteria.iter().filter(move |c| {
            c.state == CriterionState::NotMet && (c.subgroup.is_none() || all_groups_fail)
        })
    }

    /// Criteria for the study team: those with no rule, those only the team can settle, and those
    /// met but still to be confirmed.
    pub fn study_team(&self) -> impl Iterator<Item = &CriterionResult> {
        self.criteria
            .iter()
            .filter(|c| c.state == CriterionState::StudyTeam || c.confirm)
    }

    /// Criteria waiting on an answer.
    pub fn open(&self) -> impl Iterator<Item = &CriterionResult> {
        self.criteria
            .iter()
            .filter(|c| c.state == CriterionState::Unknown)
    }
}

pub fn criterion(
    c: &Criterion,
    node: Option<&Node>,
    known: &[Known],
    file: &TrialsFile,
) -> (CriterionState, Vec<String>) {
    let Some(node) = node else {
        return (CriterionState::StudyTeam, vec![]);
    };
    let value = node.eval(known);
    let pass = match c.kind {
        CriterionKind::Inclusion => value,
        CriterionKind::Exclusion => !value,
    };
    match pass {
        Tri::True => (CriterionState::Met, vec![]),
        Tri::False => (CriterionState::NotMet, vec![]),
        Tri::Unknown => {
            let mut open = vec![];
            node.open_facts(known, &mut open);
            open.sort_unstable();
            open.dedup();
            if open.is_empty() {
                (CriterionState::StudyTeam, vec![])
            } else {
                (
                    CriterionState::Unknown,
                    open.into_iter().map(|i| file.facts[i].id.clone()).collect(),
                )
            }
        }
    }
}

fn list_verdict(results: &[CriterionResult]) -> Verdict {
    if results.iter().any(|r| r.state == CriterionState::NotMet) {
        Verdict::ProbablyNot
    } else if results.iter().any(|r| r.state == CriterionState::Unknown) {
        Verdict::NeedMoreInformation
    } else {
        Verdict::MayQualify
    }
}

fn results(
    list: &[Criterion],
    nodes: &[Option<Node>],
    subgroup: Option<usize>,
    known: &[Known],
    file: &TrialsFile,
) -> Vec<CriterionResult> {
    list.iter()
        .zip(nodes)
        .enumerate()
        .map(|(index, (c, n))| {
            let (state, needs) = criterion(c, n.as_ref(), known, file);
            let confirm =
                state == CriterionState::Met && c.rule.is_some() && c.study_team.is_some();
            CriterionResult {
                subgroup,
                index,
                state,
                needs,
                confirm,
            }
        })
        .collect()
}

pub fn trial(
    t: &Trial,
    index: usize,
    rules: &TrialRules,
    known: &[Known],
    file: &TrialsFile,
) -> TrialResult {
    let common = results(&t.criteria, &rules.criteria, None, known, file);
    let groups: Vec<Vec<CriterionResult>> = t
        .subgroups
        .iter()
        .zip(&rules.subgroups)
        .enumerate()
        .map(|(g, (s, nodes))| results(&s.criteria, nodes, Some(g), known, file))
        .collect();
    let common_verdict = list_verdict(&common);
    let group_verdicts: Vec<Verdict> = groups.iter().map(|g| list_verdict(g)).collect();
    // The best subgroup decides: a patient needs to fit only one of them.
    let best_group = group_verdicts
        .iter()
        .copied()
        .min()
        .unwrap_or(Verdict::MayQualify);
    let verdict = common_verdict.max(best_group);
    let mut needs: Vec<String> = vec![];
    if verdict == Verdict::NeedMoreInformation {
        // Once one subgroup fits, the others' open questions no longer matter.
        let open_groups = groups
            .iter()
            .zip(&group_verdicts)
            .filter(|(_, v)| best_group != Verdict::MayQualify && **v != Verdict::ProbablyNot);
        let sources = std::iter::once(&common).chain(open_groups.map(|(g, _)| g));
        for r in sources.flatten() {
            needs.extend(r.needs.iter().cloned());
        }
        needs.sort_by_key(|id| file.facts.iter().position(|f| &f.id == id));
        needs.dedup();
    }
    let criteria = common
        .into_iter()
        .chain(groups.into_iter().flatten())
        .collect();
    TrialResult {
        trial: index,
        verdict,
        subgroups: group_verdicts,
        criteria,
        needs,
    }
}
