//! Rules: the lexicon-driven text rule and the built-in code rules.
//!
//! A text rule is data: its id, settings and the lexicon groups it reads come from the
//! policy ([`crate::policy::RuleSpec`]). A code rule is a small struct in its own file with
//! a static id; its settings (severity, clause, law, message) still come from the policy.
//! [`CODE_RULES`] is the sorted registry of code rule ids.

mod after_hours_to_subordinate;
mod broadcast;
mod denies_error;
mod disclaimer;
mod election;
mod embargo;
mod emergency;
mod heated_reply;
mod late_night;
mod personal_data;
mod photo;
mod sensitive_day;
mod shifted_break;
pub(crate) mod text;
mod timing;
mod work_device;
mod work_hours;

use jiff::Timestamp;
use jiff::tz::Offset;

use crate::calendar::{Calendar, Schedule};
use crate::context::Context;
use crate::pii::PiiMatch;
use crate::policy::{LateNight, RuleSpec};
use crate::report::{Finding, Skipped, Span, Suggestion};
use crate::scan::{Hit, Hits, Scanner};
use crate::text::{Normalized, snap_to_graphemes};

pub(crate) use election::{CompiledElection, ElectionGroups, group_name as election_group_name};
pub(crate) use embargo::CompiledEmbargo;
pub(crate) use heated_reply::ReplyGroups;
pub(crate) use text::TextRule;

/// A text that was folded and scanned.
pub(crate) struct Scanned<'a> {
    pub(crate) original: std::borrow::Cow<'a, str>,
    pub(crate) norm: Normalized,
    pub(crate) hits: Hits,
    /// Where the sentences of the original start, found when a phrase rule first asks.
    sentences: std::cell::OnceCell<Vec<usize>>,
    /// The quotations of the folded text, found when a rule with `unless = ["quotation"]`
    /// first asks (empty when the post is nothing but a quotation).
    quotes: std::cell::OnceCell<Vec<(u32, u32)>>,
}

impl<'a> Scanned<'a> {
    pub(crate) fn new(original: std::borrow::Cow<'a, str>, scanner: &Scanner) -> Scanned<'a> {
        let norm = Normalized::new(&original);
        let hits = scanner.scan(&norm, &original);
        Scanned { original, norm, hits, sentences: std::cell::OnceCell::new(), quotes: std::cell::OnceCell::new() }
    }

    /// The quotations of the folded text whose hits are someone else's words.
    pub(crate) fn quotes(&self) -> &[(u32, u32)] {
        self.quotes.get_or_init(|| {
            let (spans, outside) = text::quotations(self.norm.as_str());
            if outside { spans } else { Vec::new() }
        })
    }

    /// The index of the sentence that folded byte `at` lies in.
    pub(crate) fn sentence_of(&self, at: u32) -> usize {
        let starts = self.sentences.get_or_init(|| crate::text::sentence_starts(&self.original));
        let at = at as usize;
        let orig = self.norm.original_range(at, at + 1).map_or(0, |(s, _)| s);
        starts.partition_point(|&s| s <= orig)
    }

    /// The original span of a hit, widened to grapheme clusters.
    pub(crate) fn span(&self, hit: &Hit) -> Option<Span> {
        let (s, e) = self.norm.original_range(hit.start as usize, hit.end as usize)?;
        Some(snap_to_graphemes(&self.original, s, e))
    }
}

/// Everything a rule may read about one check.
pub(crate) struct Input<'a> {
    pub(crate) ctx: &'a Context,
    pub(crate) text: Scanned<'a>,
    pub(crate) profile: Option<Scanned<'a>>,
    pub(crate) attachments: Vec<Scanned<'a>>,
    /// The post answered (the context's `reply_to`), scanned.
    pub(crate) reply_to: Option<Scanned<'a>>,
    pub(crate) pii: Vec<PiiMatch>,
    /// Indices of attachments whose metadata a fix has stripped: their location no longer
    /// travels with them (empty for a plain check).
    pub(crate) stripped: &'a [usize],
    /// The schedule in force: the context's own if valid, else the policy's; `None` when the
    /// context's own schedule is not valid.
    pub(crate) schedule: Option<&'a Schedule>,
}

/// Compiled policy data that code rules need.
pub(crate) struct Shared {
    pub(crate) scanner: Scanner,
    pub(crate) embargoes: Vec<embargo::CompiledEmbargo>,
    pub(crate) disclaimer_group: Option<u32>,
    /// The groups the replies rules read.
    pub(crate) reply: ReplyGroups,
    pub(crate) broadcast_threshold: u32,
    /// The office calendar (holidays, closures, local holidays).
    pub(crate) calendar: Calendar,
    /// The policy's working schedule (the office's published hours).
    pub(crate) schedule: Schedule,
    /// The late-night advisory's window.
    pub(crate) late_night: LateNight,
    /// The policy's UTC offset, for times in reports and messages.
    pub(crate) offset: Offset,
    /// Elections with their periods and name groups.
    pub(crate) elections: Vec<CompiledElection>,
    /// The lexicon groups the election rules read.
    pub(crate) election_groups: ElectionGroups,
    /// Sensitive days.
    pub(crate) sensitive_days: Vec<crate::policy::SensitiveDay>,
    /// Special duties by the name a context gives.
    pub(crate) duties: std::collections::BTreeMap<String, crate::policy::Duty>,
    /// The city's places (workplaces, protected places).
    pub(crate) places: Vec<crate::policy::Place>,
}

/// What a rule sees: the input, its own settings and the compiled policy.
pub(crate) struct RuleCx<'a> {
    pub(crate) id: &'a str,
    pub(crate) spec: &'a RuleSpec,
    pub(crate) input: &'a Input<'a>,
    pub(crate) shared: &'a Shared,
}

/// Where rules put their results.
#[derive(Default)]
pub(crate) struct Out {
    pub(crate) findings: Vec<Finding>,
    pub(crate) skipped: Vec<Skipped>,
}

impl RuleCx<'_> {
    /// A finding with this rule's settings.
    pub(crate) fn finding(&self, spans: Vec<Span>) -> Finding {
        Finding {
            rule: self.id.to_owned(),
            category: RuleSpec::category_of(self.id).to_owned(),
            severity: self.spec.severity,
            message: self.spec.message.clone(),
            clause: self.spec.clause.clone(),
            law: self.spec.law.clone(),
            spans,
            suggestion: self.spec.suggestion.clone(),
            terms: Vec::new(),
            attachment: None,
            fix: None,
        }
    }

    /// Records that this rule did not run for want of `missing` context fields.
    pub(crate) fn skip(&self, out: &mut Out, missing: &[&str]) {
        out.skipped
            .push(Skipped { rule: self.id.to_owned(), missing: missing.iter().map(|m| (*m).to_owned()).collect() });
    }
}

/// Replaces `{name}` placeholders in a message or suggestion with the same value in both
/// languages.
pub(crate) fn fill(finding: &mut Finding, vars: &[(&str, &str)]) {
    for (k, v) in vars {
        fill_each(finding, k, v, v);
    }
}

/// Replaces the `{name}` placeholder with `ja` in the Japanese texts and `en` in the
/// English ones.
pub(crate) fn fill_each(finding: &mut Finding, name: &str, ja: &str, en: &str) {
    let key = format!("{{{name}}}");
    let apply = |s: &mut String, v: &str| {
        if s.contains(&key) {
            *s = s.replace(&key, v);
        }
    };
    apply(&mut finding.message.ja, ja);
    apply(&mut finding.message.en, en);
    if let Some(Suggestion { ja: sja, en: sen, .. }) = finding.suggestion.as_mut() {
        apply(sja, ja);
        apply(sen, en);
    }
}

/// Sorts spans and merges the ones that overlap.
pub(crate) fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    crate::sort::sort(&mut spans);
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// A rule implemented in code.
pub(crate) trait CodeRule: Send + Sync {
    /// The stable id.
    fn id(&self) -> &'static str;

    /// Adds findings (or a skip) to `out`.
    fn check(&self, cx: &RuleCx<'_>, out: &mut Out);

    /// Timing rules: the first instant at or after `t` when this rule would not fire on the
    /// same input (`Some(None)` when there is none within the search horizon). Other
    /// rules return `None`.
    fn next_ok(&self, _cx: &RuleCx<'_>, _t: Timestamp) -> Option<Option<Timestamp>> {
        None
    }
}

static AFTER_HOURS: after_hours_to_subordinate::AfterHours = after_hours_to_subordinate::AfterHours;
static BROADCAST: broadcast::Broadcast = broadcast::Broadcast;
static DENIES_ERROR: denies_error::DeniesError = denies_error::DeniesError;
static DISCLAIMER: disclaimer::Disclaimer = disclaimer::Disclaimer;
static EMBARGO: embargo::EmbargoRule = embargo::EmbargoRule;
static LATE_NIGHT: late_night::LateNight = late_night::LateNight;
static SENSITIVE_DAY: sensitive_day::Frivolous = sensitive_day::Frivolous;
static HEATED_REPLY: heated_reply::HeatedReply = heated_reply::HeatedReply { official: false };
static HEATED_REPLY_OFFICIAL: heated_reply::HeatedReply = heated_reply::HeatedReply { official: true };
static SHIFTED_BREAK: shifted_break::ShiftedBreak = shifted_break::ShiftedBreak;
static WORK_DEVICE: work_device::WorkDevice = work_device::WorkDevice;

/// The code rules, sorted by id (built once).
pub(crate) fn code_rules() -> &'static [&'static dyn CodeRule] {
    static RULES: std::sync::OnceLock<Vec<&'static dyn CodeRule>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let mut rules: Vec<&'static dyn CodeRule> = vec![
            &AFTER_HOURS,
            &BROADCAST,
            &DENIES_ERROR,
            &DISCLAIMER,
            &EMBARGO,
            &LATE_NIGHT,
            &SENSITIVE_DAY,
            &SHIFTED_BREAK,
            &WORK_DEVICE,
        ];
        rules.extend(election::ALL.iter().map(|r| r as &dyn CodeRule));
        rules.extend(emergency::ALL.iter().map(|r| r as &dyn CodeRule));
        rules.extend([&HEATED_REPLY as &dyn CodeRule, &HEATED_REPLY_OFFICIAL]);
        rules.extend(personal_data::ALL.iter().map(|r| r as &dyn CodeRule));
        rules.extend(photo::ALL.iter().map(|r| r as &dyn CodeRule));
        rules.extend(work_hours::ALL.iter().map(|r| r as &dyn CodeRule));
        crate::sort::sort_by_unique_key(&mut rules, |r| r.id());
        rules
    })
}

/// True when `id` names a code rule.
pub(crate) fn is_code_rule(id: &str) -> bool {
    code_rules().binary_search_by_key(&id, |r| r.id()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_rule_ids_are_unique_sorted_and_well_formed() {
        let ids: Vec<&str> = code_rules().iter().map(|r| r.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
        for id in ids {
            let (cat, name) = id.split_once('.').unwrap_or(("", ""));
            assert!(crate::policy::category_severity(cat).is_some(), "{id}");
            assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{id}");
        }
    }

    #[test]
    fn merges_overlapping_spans() {
        let spans = vec![Span::new(5, 9), Span::new(0, 3), Span::new(2, 4), Span::new(9, 10)];
        assert_eq!(merge_spans(spans), vec![Span::new(0, 4), Span::new(5, 9), Span::new(9, 10)]);
    }
}
