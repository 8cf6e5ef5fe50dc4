//! The shape of the journey, fixed for a trials file: which page each fact is asked on, the
//! order of pages (gate questions first, then the sections in order, a page's facts together),
//! and after which answer each follow-up opens.

use super::rule::Known;
use crate::model::{Fact, Group, Text};

/// The answer of its parent that opens a follow-up.
#[derive(Debug, Clone, PartialEq)]
enum Opens {
    Is(bool),
    In(Vec<usize>),
    HasAny(Vec<usize>),
}

impl Opens {
    fn by(&self, k: &Known) -> bool {
        match (self, k) {
            (Opens::Is(want), Known::Bool(b)) => want == b,
            (Opens::In(options), Known::Choice(c)) => options.contains(c),
            (Opens::HasAny(options), Known::Multi(chosen)) => {
                chosen.iter().any(|c| options.contains(c))
            }
            _ => false,
        }
    }
}

/// One page of the journey: its facts in field order, and its title when it holds several.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowPage {
    pub id: String,
    pub title: Option<Text>,
    pub facts: Vec<usize>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Flow {
    /// Per fact: the fact it follows, and the answer that opens it.
    follows: Vec<Option<(usize, Opens)>>,
    /// Per fact: its follow-ups.
    pub(super) children: Vec<Vec<usize>>,
    /// Per fact: its page.
    pub(super) page_of: Vec<usize>,
    pub(super) pages: Vec<FlowPage>,
    /// Per fact: its place in the asking order of the sections (pages in order, fields in order).
    pub(super) rank: Vec<usize>,
    pub(super) gate: Vec<bool>,
    /// Per fact: its section (group) by index, the number of groups for a fact in none.
    pub(super) section: Vec<usize>,
}

impl Flow {
    /// Built from facts and groups as checked; references a crafted pack might get wrong are
    /// left out rather than trusted.
    pub(super) fn build(groups: &[Group], facts: &[Fact]) -> Flow {
        let index = |id: &str| facts.iter().position(|f| f.id == id);
        let n = facts.len();
        let mut flow = Flow {
            follows: vec![None; n],
            children: vec![vec![]; n],
            page_of: vec![usize::MAX; n],
            pages: vec![],
            rank: vec![usize::MAX; n],
            gate: facts.iter().map(|f| f.gate).collect(),
            section: (facts.iter())
                .map(|f| {
                    groups
                        .iter()
                        .position(|g| g.id == f.group)
                        .unwrap_or(groups.len())
                })
                .collect(),
        };
        for (i, f) in facts.iter().enumerate() {
            let Some(follows) = &f.follows else { continue };
            let Some(parent) = index(&follows.fact).filter(|p| *p != i) else {
                continue;
            };
            let options = |ids: &[String]| -> Vec<usize> {
                let all = facts[parent].answer.options();
                ids.iter()
                    .filter_map(|id| all.iter().position(|o| &o.id == id))
                    .collect()
            };
            let opens = match (&follows.is, &follows.one_of, &follows.has_any) {
                (Some(b), None, None) => Opens::Is(*b),
                (None, Some(ids), None) => Opens::In(options(ids)),
                (None, None, Some(ids)) => Opens::HasAny(options(ids)),
                _ => continue,
            };
            flow.follows[i] = Some((parent, opens));
            flow.children[parent].push(i);
        }
        let place = |flow: &mut Flow, id: String, title: Option<Text>, members: Vec<usize>| {
            let members: Vec<usize> = members
                .into_iter()
                .filter(|f| flow.page_of[*f] == usize::MAX)
                .collect();
            if members.is_empty() {
                return;
            }
            let page = flow.pages.len();
            let placed: usize = flow.pages.iter().map(|p| p.facts.len()).sum();
            for (k, &f) in members.iter().enumerate() {
                flow.page_of[f] = page;
                flow.rank[f] = placed + k;
            }
            flow.pages.push(FlowPage {
                id,
                title,
                facts: members,
            });
        };
        let in_group = |g: Option<&Group>, f: &Fact| match g {
            Some(g) => f.group == g.id,
            None => !groups.iter().any(|g| g.id == f.group),
        };
        for g in groups.iter().map(Some).chain([None]) {
            for (i, f) in facts.iter().enumerate() {
                if !in_group(g, f) || flow.page_of[i] != usize::MAX {
                    continue;
                }
                let declared = g.and_then(|g| g.pages.iter().find(|p| p.facts.contains(&f.id)));
                match declared {
                    Some(p) => {
                        let members = p.facts.iter().filter_map(|id| index(id));
                        let members = members.filter(|m| in_group(g, &facts[*m])).collect();
                        place(&mut flow, p.id.clone(), Some(p.title.clone()), members);
                    }
                    None => place(&mut flow, f.id.clone(), None, vec![i]),
                }
            }
        }
        flow
    }

    /// Whether fact `f` may be asked given what is known: it follows nothing, or its parent's
    /// answer opens it (and the parent could itself be asked).
    pub(super) fn open(&self, f: usize, known: &[Known]) -> bool {
        let mut at = f;
        // Bounded by the number of facts, so a cycle in a crafted pack cannot hang.
        for _ in 0..=self.follows.len() {
            match &self.follows[at] {
                None => return true,
                Some((parent, opens)) if opens.by(&known[*parent]) => at = *parent,
                Some(_) => return false,
            }
        }
        false
    }

    /// The fact that `f` follows.
    pub(super) fn parent(&self, f: usize) -> Option<usize> {
        self.follows[f].as_ref().map(|(p, _)| *p)
    }

    /// Whether fact `f` could still be opened: every parent up the chain opens it or has not
    /// been answered yet.
    pub(super) fn may_open(&self, f: usize, known: &[Known]) -> bool {
        let mut at = f;
        for _ in 0..=self.follows.len() {
            match &self.follows[at] {
                None => return true,
                Some((parent, opens)) => {
                    if !(opens.by(&known[*parent]) || known[*parent] == Known::Missing) {
                        return false;
                    }
                    at = *parent;
                }
            }
        }
        false
    }
}
