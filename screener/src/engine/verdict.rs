//! From criteria to verdicts: each criterion met, not met, unknown or for the study team; each
//! trial "may qualify", "need more information" or "probably not", with its reasons.

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
