//! The election-period rules (地方公務員法第36条, 公職選挙法第136条・第136条の2・第137条の2).
//!
//! An election's period runs from the midnight that starts its announcement day (告示日・
//! 公示日) to the end of voting day, in the policy's time zone. During it:
//!
//! * `political.election_opinion` (warn; block from a staff-identified or official account):
//!   praise or criticism of a candidate or party — the election's own `candidates` and
//!   `parties`, or a word for one (group `election_target`) — with an evaluative word (group
//!   `election_opinion`) in the same sentence, unless that sentence is neutral civic
//!   information (`civic_neutral`, `contest`).
//! * `political.election_request` (block): a request for votes or support (group
//!   `election_request`) in a sentence that names a candidate or party; it names the election.
//! * `political.election_duty` (block): an author whose context `duty` the policy maps to the
//!   `strict` profile (特定公務員: 選挙管理委員会の職員, 警察官, 徴税吏員) posts anything about
//!   the election: a candidate or party named, an opinion or a request, or an election word
//!   (`election_related`) outside neutral civic information. The official account's neutral
//!   civic information is the job and passes.
//!
//! Likes, reposts, replies and quotes count as posts (context `action`); findings say which.
//! `next_allowed_at` is the end of the period when only the period blocks the post, and
//! `null` when the post asks for votes (it stays blocked after the period).

use jiff::Timestamp;

use super::timing::local_minute;
use super::{CodeRule, NextOk, Out, RuleCx, RuleMeta, Scanned, fill_each, merge_spans};
use crate::context::Account;
use crate::context_field::ContextField;
use crate::policy::{Election, ElectionProfile};
use crate::report::{Severity, Span};
use crate::scan::{Hit, Scanner};

/// An election compiled for checking: its period as instants and its names as a group.
#[derive(Debug)]
pub(crate) struct CompiledElection {
    pub(crate) election: Election,
    /// The group of its candidates and parties, if it lists any.
    pub(crate) group: Option<u32>,
    /// The first instant of the period.
    pub(crate) start: Timestamp,
    /// The first instant after it.
    pub(crate) end: Timestamp,
}

impl CompiledElection {
    fn active(&self, t: Timestamp) -> bool {
        self.start <= t && t < self.end
    }
}

/// The lexicon groups the election rules read (each optional: a policy without one simply
/// never matches it).
#[derive(Debug, Default)]
pub(crate) struct ElectionGroups {
    target: Option<u32>,
    opinion: Option<u32>,
    request: Option<u32>,
    related: Option<u32>,
    neutral: Vec<u32>,
}

impl ElectionGroups {
    pub(crate) fn new(scanner: &Scanner) -> ElectionGroups {
        ElectionGroups {
            target: scanner.group("election_target"),
            opinion: scanner.group("election_opinion"),
            request: scanner.group("election_request"),
            related: scanner.group("election_related"),
            neutral: ["civic_neutral", "contest"].iter().filter_map(|g| scanner.group(g)).collect(),
        }
    }
}

/// The group name of an election's candidates and parties.
pub(crate) fn group_name(id: &str) -> String {
    format!("election:{id}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Opinion,
    Request,
    Duty,
}

/// One of the election rules.
pub(crate) struct ElectionRule {
    kind: Kind,
    meta: RuleMeta,
}

const READS: &[ContextField] = &[ContextField::Time, ContextField::Account, ContextField::Action, ContextField::Duty];

pub(crate) static RULES: [ElectionRule; 3] = [
    ElectionRule {
        kind: Kind::Opinion,
        meta: RuleMeta {
            id: "political.election_opinion",
            description: "During an election, praise or criticism of a candidate or party in one sentence.",
            reads: READS,
            needs_condition: false,
            placeholders: &["election", "period", "action", "duty", "until"],
            accept: false,
        },
    },
    ElectionRule {
        kind: Kind::Request,
        meta: RuleMeta {
            id: "political.election_request",
            description: "During an election, a request for votes or support in a sentence that names a candidate or party.",
            reads: READS,
            needs_condition: false,
            placeholders: &["election", "period", "action", "duty", "until"],
            accept: false,
        },
    },
    ElectionRule {
        kind: Kind::Duty,
        meta: RuleMeta {
            id: "political.election_duty",
            description: "During an election, anything about it from an author whose `duty` the policy maps to the strict profile.",
            reads: READS,
            needs_condition: false,
            placeholders: &["election", "period", "action", "duty", "until"],
            accept: false,
        },
    },
];

fn hits<'s>(s: &'s Scanned<'_>, g: Option<u32>) -> &'s [Hit] {
    g.map_or(&[], |g| s.hits.group(g))
}

/// Pairs of a target and a hit of `other` in one sentence with no neutral hit: the hits.
fn in_sentence(s: &Scanned<'_>, targets: &[Hit], other: &[Hit], neutral: &[u32]) -> Vec<Hit> {
    let mut found = Vec::new();
    for t in targets {
        let sentence = s.sentence_of(t.start);
        let neutral_here = neutral.iter().any(|&g| s.hits.group(g).iter().any(|h| s.sentence_of(h.start) == sentence));
        if neutral_here {
            continue;
        }
        let mut with: Vec<Hit> = other.iter().filter(|o| s.sentence_of(o.start) == sentence).copied().collect();
        if !with.is_empty() {
            found.push(*t);
            found.append(&mut with);
        }
    }
    found
}

impl ElectionRule {
    /// The hits that make this rule fire for `e` on the text (whatever the time), or
    /// `None`.
    fn matches(&self, cx: &RuleCx<'_>, e: &CompiledElection) -> Option<Vec<Hit>> {
        let s = &cx.input.text;
        let g = &cx.shared.election_groups;
        let own = hits(s, e.group);
        let mut targets: Vec<Hit> = own.iter().chain(hits(s, g.target)).copied().collect();
        crate::sort::sort(&mut targets);
        let found = match self.kind {
            Kind::Opinion => in_sentence(s, &targets, hits(s, g.opinion), &g.neutral),
            Kind::Request => in_sentence(s, &targets, hits(s, g.request), &g.neutral),
            Kind::Duty => {
                self.duty_name(cx)?;
                let mut found = in_sentence(s, &targets, hits(s, g.opinion), &g.neutral);
                found.extend(in_sentence(s, &targets, hits(s, g.request), &g.neutral));
                let neutral = g.neutral.iter().any(|&n| s.hits.any(n));
                if found.is_empty() && cx.input.ctx.account == Some(Account::Official) && neutral {
                    // Neutral civic information from the official account: the job.
                    return None;
                }
                found.extend_from_slice(own);
                if !neutral {
                    found.extend(targets.iter().copied());
                    found.extend_from_slice(hits(s, g.related));
                }
                found
            }
        };
        (!found.is_empty()).then_some(found)
    }

    /// The name of the first duty of the context the policy maps to `strict`.
    fn duty_name<'a>(&self, cx: &RuleCx<'a>) -> Option<&'a str> {
        cx.input.ctx.duty.iter().find_map(|d| {
            cx.shared.duties.get(d).filter(|p| p.election == ElectionProfile::Strict).map(|p| p.name.as_str())
        })
    }

    /// The elections this text matches, with the hits.
    fn matching<'a>(&self, cx: &RuleCx<'a>) -> Vec<(&'a CompiledElection, Vec<Hit>)> {
        cx.shared.elections.iter().filter_map(|e| Some((e, self.matches(cx, e)?))).collect()
    }

    /// Whether the text asks for votes for an election active at `t` (then no later time
    /// helps: the request blocks after the period too).
    fn requests_votes(cx: &RuleCx<'_>, t: Timestamp) -> bool {
        let request = RULES.iter().find(|r| r.kind == Kind::Request);
        cx.shared.elections.iter().any(|e| e.active(t) && request.is_some_and(|r| r.matches(cx, e).is_some()))
    }
}

/// The first instant at or after `t` at which none of `matching` is in its period.
fn after_periods(matching: &[(&CompiledElection, Vec<Hit>)], t: Timestamp) -> Timestamp {
    let mut cur = t;
    for _ in 0..=matching.len() {
        match matching.iter().filter(|(e, _)| e.active(cur)).map(|(e, _)| e.end).max() {
            Some(end) => cur = end,
            None => break,
        }
    }
    cur
}

impl CodeRule for ElectionRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        if cx.shared.elections.is_empty() {
            return;
        }
        let matching = self.matching(cx);
        if matching.is_empty() {
            return;
        }
        let Some(t) = cx.input.ctx.time else {
            cx.skip(out, &[ContextField::Time]);
            return;
        };
        let active: Vec<&(&CompiledElection, Vec<Hit>)> = matching.iter().filter(|(e, _)| e.active(t)).collect();
        if active.is_empty() {
            return;
        }
        let text = &cx.input.text;
        let spans: Vec<Span> = active.iter().flat_map(|(_, h)| h.iter().filter_map(|h| text.span(h))).collect();
        let mut f = cx.finding(merge_spans(spans));
        f.terms = active.iter().map(|(e, _)| e.election.id.clone()).collect();
        let names: Vec<&str> = active.iter().map(|(e, _)| e.election.name.as_str()).collect();
        let names = names.join("、");
        let periods: Vec<String> =
            active.iter().map(|(e, _)| format!("{}〜{}", e.election.announced, e.election.vote)).collect();
        let (action_ja, action_en) = cx.input.ctx.action_or_post().label();
        fill_each(&mut f, "election", &names, &names);
        fill_each(&mut f, "period", &periods.join("、"), &periods.join(", ").replace('〜', " to "));
        fill_each(&mut f, "action", action_ja, action_en);
        let duty = self.duty_name(cx).unwrap_or_default();
        fill_each(&mut f, "duty", duty, duty);
        let until = local_minute(after_periods(&matching, t), cx.shared.offset);
        fill_each(&mut f, "until", &until, &until);
        if self.kind == Kind::Opinion && matches!(cx.input.ctx.account, Some(Account::StaffIdentified | Account::Official))
        {
            f.severity = Severity::Block;
        }
        out.findings.push(f);
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> NextOk {
        if cx.input.ctx.time.is_none() {
            return NextOk::Indifferent;
        }
        let matching = self.matching(cx);
        if matching.iter().all(|(e, _)| !e.active(t)) {
            return NextOk::Indifferent;
        }
        if self.kind == Kind::Request || ElectionRule::requests_votes(cx, t) {
            return NextOk::Never;
        }
        NextOk::At(after_periods(&matching, t))
    }
}
