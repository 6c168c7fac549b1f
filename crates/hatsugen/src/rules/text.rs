//! The lexicon-driven text rule: fires when any of its groups matches, each of its `all`
//! groups matches too, none of its `unless` groups matches, and its context gate holds.

use super::{Out, RuleCx, Scanned, merge_spans};
use crate::context::Account;
use crate::context::Channel;
use crate::policy::{Gate, PolicyError, PolicyErrorKind, RuleSpec, Source};
use crate::scan::Scanner;

/// A text rule with its group names resolved.
#[derive(Debug)]
pub(crate) struct TextRule {
    any: Vec<u32>,
    all: Vec<u32>,
    unless: Vec<u32>,
    when: Option<Gate>,
    on: Source,
}

impl TextRule {
    pub(crate) fn new(id: &str, spec: &RuleSpec, scanner: &Scanner) -> Result<TextRule, PolicyError> {
        let resolve = |names: &[String]| -> Result<Vec<u32>, PolicyError> {
            names
                .iter()
                .map(|n| {
                    scanner.group(n).ok_or_else(|| {
                        PolicyError::new(PolicyErrorKind::Invalid, format!("rule `{id}` refers to unknown group `{n}`"))
                    })
                })
                .collect()
        };
        Ok(TextRule {
            any: resolve(&spec.any)?,
            all: resolve(&spec.all)?,
            unless: resolve(&spec.unless)?,
            when: spec.when,
            on: spec.on,
        })
    }

    fn matches(&self, s: &Scanned<'_>) -> bool {
        self.any.iter().any(|&g| s.hits.any(g))
            && self.all.iter().all(|&g| s.hits.any(g))
            && !self.unless.iter().any(|&g| s.hits.any(g))
    }

    /// The gate's answer: `Some(true/false)`, or `None` when the context lacks what it needs.
    fn gate(&self, cx: &RuleCx<'_>) -> Option<bool> {
        let ctx = cx.input.ctx;
        match self.when {
            None => Some(true),
            Some(Gate::OfficialAccount) => ctx.account.map(|a| a == Account::Official),
            Some(Gate::WorkChannel) => match (ctx.channel, ctx.account) {
                (Some(Channel::Work), _) | (_, Some(Account::Official)) => Some(true),
                (None, _) => None,
                (Some(Channel::Private), _) => Some(false),
            },
        }
    }

    fn gate_fields(&self) -> &'static [&'static str] {
        match self.when {
            Some(Gate::OfficialAccount) => &["account"],
            Some(Gate::WorkChannel) => &["channel"],
            None => &[],
        }
    }

    fn finding_for(&self, cx: &RuleCx<'_>, s: &Scanned<'_>, with_spans: bool) -> crate::report::Finding {
        let mut spans = Vec::new();
        let mut terms: Vec<String> = Vec::new();
        for &g in self.any.iter().chain(&self.all) {
            for hit in s.hits.group(g) {
                if with_spans {
                    spans.extend(s.span(hit));
                }
                terms.push(cx.shared.scanner.term_id(hit.term).to_owned());
            }
        }
        terms.sort_unstable();
        terms.dedup();
        let mut f = cx.finding(merge_spans(spans));
        f.terms = terms;
        f
    }

    pub(crate) fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        match self.on {
            Source::Text => {
                if !self.matches(&cx.input.text) {
                    return;
                }
                match self.gate(cx) {
                    Some(true) => out.findings.push(self.finding_for(cx, &cx.input.text, true)),
                    Some(false) => {}
                    None => cx.skip(out, self.gate_fields()),
                }
            }
            Source::Attachments => {
                let hits: Vec<usize> =
                    cx.input.attachments.iter().enumerate().filter(|(_, s)| self.matches(s)).map(|(i, _)| i).collect();
                if hits.is_empty() {
                    return;
                }
                match self.gate(cx) {
                    Some(true) => {
                        for i in hits {
                            if let Some(s) = cx.input.attachments.get(i) {
                                let mut f = self.finding_for(cx, s, false);
                                f.attachment = Some(i);
                                out.findings.push(f);
                            }
                        }
                    }
                    Some(false) => {}
                    None => cx.skip(out, self.gate_fields()),
                }
            }
        }
    }
}
