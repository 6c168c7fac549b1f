//! The lexicon-driven text rule: fires when any of its groups matches (or the groups of its
//! `seq` match in order), each of its `all` groups matches too, none of its `unless` groups
//! matches, and its context gate holds. With `within` (always for `seq`), `all` and
//! `unless` are looked for in the same sentence, or the same stretch of characters, as the
//! hit or phrase; without it, anywhere in the text.

use super::{Out, RuleCx, Scanned, merge_spans};
use crate::context::Account;
use crate::context::Channel;
use crate::policy::{Gate, PolicyError, PolicyErrorKind, RuleSpec, Source, Within};
use crate::scan::{Hit, Scanner};

/// A text rule with its group names resolved.
#[derive(Debug)]
pub(crate) struct TextRule {
    any: Vec<u32>,
    all: Vec<u32>,
    unless: Vec<u32>,
    seq: Vec<u32>,
    within: Option<Within>,
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
        let seq = resolve(&spec.seq)?;
        let within = spec.within.or(if seq.is_empty() { None } else { Some(Within::Sentence) });
        Ok(TextRule {
            any: resolve(&spec.any)?,
            all: resolve(&spec.all)?,
            unless: resolve(&spec.unless)?,
            seq,
            within,
            when: spec.when,
            on: spec.on,
        })
    }

    /// The hits that make the rule fire on `s`, or `None` when it does not.
    pub(crate) fn fire(&self, s: &Scanned<'_>) -> Option<Vec<Hit>> {
        let Some(within) = self.within else {
            // Anywhere in the text.
            let fires = self.any.iter().any(|&g| s.hits.any(g))
                && self.all.iter().all(|&g| s.hits.any(g))
                && !self.unless.iter().any(|&g| s.hits.any(g));
            return fires
                .then(|| self.any.iter().chain(&self.all).flat_map(|&g| s.hits.group(g).iter().copied()).collect());
        };
        let scope = Scope { s, within };
        let mut found: Vec<Hit> = Vec::new();
        // One group anywhere in the scope of each hit of `any`.
        for &g in &self.any {
            for hit in s.hits.group(g) {
                if let Some(parts) = self.around(&scope, *hit, *hit) {
                    found.push(*hit);
                    found.extend(parts);
                }
            }
        }
        // The groups of `seq`, in order, each part after the one before, in one scope.
        if let Some((&first, rest)) = self.seq.split_first() {
            for start in s.hits.group(first) {
                let mut chain = vec![*start];
                let mut at = *start;
                let complete = rest.iter().all(|&g| {
                    let hits = s.hits.group(g);
                    // Hits are sorted by start: look from the end of the part before, and
                    // stop at the first one out of scope (all later ones are too).
                    let from = hits.partition_point(|h| h.start < at.end);
                    let next = hits.get(from..).unwrap_or_default().iter().take_while(|h| scope.same(start, h)).next();
                    next.map(|h| {
                        chain.push(*h);
                        at = *h;
                    })
                    .is_some()
                });
                if !complete {
                    continue;
                }
                if let Some(parts) = self.around(&scope, *start, at) {
                    found.extend(chain);
                    found.extend(parts);
                }
            }
        }
        (!found.is_empty()).then_some(found)
    }

    /// With a phrase from `first` to `last`: the hits of `all` in its scope, or `None` when
    /// one of them is missing or an `unless` group matches there.
    fn around(&self, scope: &Scope<'_, '_>, first: Hit, last: Hit) -> Option<Vec<Hit>> {
        if self.unless.iter().any(|&g| scope.near(scope.s.hits.group(g), &first, &last).is_some()) {
            return None;
        }
        let mut parts = Vec::new();
        for &g in &self.all {
            parts.push(*scope.near(scope.s.hits.group(g), &first, &last)?);
        }
        Some(parts)
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

    fn finding_for(&self, cx: &RuleCx<'_>, s: &Scanned<'_>, hits: &[Hit], with_spans: bool) -> crate::report::Finding {
        let mut spans = Vec::new();
        let mut terms: Vec<String> = Vec::new();
        for hit in hits {
            if with_spans {
                spans.extend(s.span(hit));
            }
            terms.push(cx.shared.scanner.term_id(hit.term).to_owned());
        }
        crate::sort::sort(&mut terms);
        terms.dedup();
        let mut f = cx.finding(merge_spans(spans));
        f.terms = terms;
        f
    }

    pub(crate) fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        match self.on {
            Source::Text => {
                let Some(hits) = self.fire(&cx.input.text) else { return };
                match self.gate(cx) {
                    Some(true) => out.findings.push(self.finding_for(cx, &cx.input.text, &hits, true)),
                    Some(false) => {}
                    None => cx.skip(out, self.gate_fields()),
                }
            }
            Source::Attachments => {
                let fired: Vec<(usize, Vec<Hit>)> =
                    cx.input.attachments.iter().enumerate().filter_map(|(i, s)| Some((i, self.fire(s)?))).collect();
                if fired.is_empty() {
                    return;
                }
                match self.gate(cx) {
                    Some(true) => {
                        for (i, hits) in fired {
                            if let Some(s) = cx.input.attachments.get(i) {
                                let mut f = self.finding_for(cx, s, &hits, false);
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

/// Whether two hits lie in one scope of a phrase rule.
struct Scope<'s, 'a> {
    s: &'s Scanned<'a>,
    within: Within,
}

impl Scope<'_, '_> {
    /// The earliest hit of `hits` (sorted by start) in the scope of both `first` and `last`:
    /// searched outwards from `first`, stopping where the scope ends, so a long text costs
    /// no more than the neighbourhood of the phrase.
    fn near<'h>(&self, hits: &'h [Hit], first: &Hit, last: &Hit) -> Option<&'h Hit> {
        let at = hits.partition_point(|h| h.start < first.start);
        let (before, after) = (hits.get(..at).unwrap_or_default(), hits.get(at..).unwrap_or_default());
        let both = |h: &&Hit| self.same(first, h) && self.same(last, h);
        // The earliest such hit, as a reader would point at it.
        before
            .iter()
            .rev()
            .take_while(|h| self.same(last, h))
            .filter(both)
            .last()
            .or_else(|| after.iter().take_while(|h| self.same(first, h)).find(both))
    }

    fn same(&self, a: &Hit, b: &Hit) -> bool {
        match self.within {
            Within::Sentence => self.s.sentence_of(a.start) == self.s.sentence_of(b.start),
            Within::Chars(n) => {
                let (from, to) = (a.start.min(b.start), a.end.max(b.end));
                let text = self.s.norm.as_str();
                text.get(from as usize..to as usize).is_some_and(|t| t.chars().count() <= n as usize)
            }
        }
    }
}
