//! The lexicon-driven text rule: fires when any of its groups matches (or the groups of its
//! `seq` match in order), each of its `all` groups matches too, none of its `unless` groups
//! matches, and its context gate holds. With `within` (always for `seq`), `all` and
//! `unless` are looked for in the same sentence, or the same stretch of characters, as the
//! hit or phrase, and `unless_nearby` in its sentence or a neighbouring one; without it,
//! anywhere in the text.

use super::{Out, RuleCx, Scanned, merge_spans};
use crate::context::Account;
use crate::context::{Audience, Channel, RecipientRelation};
use crate::context_field::ContextField;
use crate::policy::{Gate, PolicyError, PolicyProblem, RuleSpec, Source, Within};
use crate::scan::{Hit, Scanner};

/// A text rule with its group names resolved.
#[derive(Debug)]
pub(crate) struct TextRule {
    any: Vec<u32>,
    all: Vec<u32>,
    unless: Vec<u32>,
    /// Cancels in the sentence of the hit or a neighbouring one (anywhere without `within`).
    unless_nearby: Vec<u32>,
    seq: Vec<u32>,
    within: Option<Within>,
    when: Option<Gate>,
    on: Source,
    /// `unless = ["quotation"]`: a hit inside 「」, 『』 or “” is words quoted, a title or a
    /// name, not the author's own (「お前らはクズだ」って怒鳴られた, 『死ねばいいのに』読了),
    /// unless the quotation is all the post says.
    quoted_exempt: bool,
    /// `model = "…"`: the model's category and the least logit that fires the rule.
    model: Option<(usize, f64)>,
    /// `unless_model_below`: the model's category (the rule's own) and the logit under
    /// which a post that has the rule's words is spared.
    veto: Option<(usize, f64)>,
    /// With `veto`: the terms whose hits it does not overrule ([`crate::policy::Term::sure`]).
    sure: Vec<u32>,
}

/// The term index of a hit that points at the model's evidence rather than a lexicon term.
pub(crate) const MODEL_TERM: u32 = u32::MAX;

/// How many bigrams a model finding points at.
const MODEL_EVIDENCE: usize = 3;

/// The reserved `unless` name for hits inside quotation marks.
pub(crate) const QUOTATION: &str = "quotation";

/// Byte ranges of the outermost quotations of `text` (「…」, 『…』, “…”), and whether the
/// post says anything outside them.
pub(crate) fn quotations(text: &str) -> (Vec<(u32, u32)>, bool) {
    let mut spans = Vec::new();
    // Most posts quote nothing: one byte search answers them.
    if !text.contains(['「', '『', '“']) {
        return (spans, true);
    }
    let mut open: Option<(usize, char)> = None;
    let mut depth = 0u32;
    let mut outside = 0usize;
    for (i, c) in text.char_indices() {
        let close = match c {
            '「' => Some('」'),
            '『' => Some('』'),
            '“' => Some('”'),
            _ => None,
        };
        match open {
            None => {
                if let Some(cl) = close {
                    open = Some((i, cl));
                    depth = 1;
                } else if outside < 2 && c.is_alphanumeric() {
                    outside += 1;
                }
            }
            Some((start, cl)) => {
                if close == Some(cl) {
                    depth += 1;
                } else if c == cl {
                    depth -= 1;
                    if depth == 0 {
                        spans.push((start as u32, (i + c.len_utf8()) as u32));
                        open = None;
                    }
                } else if c == '\n' {
                    open = None;
                }
            }
        }
    }
    (spans, outside >= 2)
}

impl TextRule {
    pub(crate) fn new(id: &str, spec: &RuleSpec, scanner: &Scanner) -> Result<TextRule, PolicyError> {
        let resolve = |names: &[String]| -> Result<Vec<u32>, PolicyError> {
            names
                .iter()
                .map(|n| {
                    scanner.group(n).ok_or_else(|| {
                        PolicyError::from_problem(PolicyProblem::UnknownGroup {
                            rule: id.to_owned(),
                            group: n.clone(),
                            known: Vec::new(),
                        })
                    })
                })
                .collect()
        };
        let seq = resolve(&spec.seq)?;
        let within = spec.within.or(if seq.is_empty() { None } else { Some(Within::Sentence) });
        let quoted_exempt = spec.unless.iter().any(|n| n == QUOTATION);
        let unless: Vec<String> = spec.unless.iter().filter(|n| *n != QUOTATION).cloned().collect();
        let model = match &spec.model {
            None => None,
            Some(name) => {
                let Some(c) = crate::model::Model::get().category(name) else {
                    return Err(PolicyError::from_problem(PolicyProblem::InvalidValue {
                        message: format!("rule `{id}`: the model scores no category `{name}`"),
                    }));
                };
                Some((c, crate::model::logit(spec.model_min.unwrap_or(0.5))))
            }
        };
        let veto = match spec.unless_model_below.filter(|&p| p > 0.0) {
            None => None,
            Some(_) if model.is_some() => {
                return Err(PolicyError::from_problem(PolicyProblem::InvalidValue {
                    message: format!("rule `{id}`: a model rule has `model_min`, not `unless_model_below`"),
                }));
            }
            Some(p) => {
                let name = RuleSpec::category_of(id);
                let Some(c) = crate::model::Model::get().category(name) else {
                    return Err(PolicyError::from_problem(PolicyProblem::InvalidValue {
                        message: format!(
                            "rule `{id}`: `unless_model_below` needs a category the model scores, not `{name}`"
                        ),
                    }));
                };
                Some((c, crate::model::logit(p)))
            }
        };
        let sure = if veto.is_some() { scanner.sure_terms().to_vec() } else { Vec::new() };
        Ok(TextRule {
            model,
            veto,
            sure,
            quoted_exempt,
            any: resolve(&spec.any)?,
            all: resolve(&spec.all)?,
            unless: resolve(&unless)?,
            unless_nearby: resolve(&spec.unless_nearby)?,
            seq,
            within,
            when: spec.when,
            on: spec.on,
        })
    }

    /// The hits that make the rule fire on `s`, or `None` when it does not.
    pub(crate) fn fire(&self, s: &Scanned<'_>) -> Option<Vec<Hit>> {
        if let Some((c, min)) = self.model {
            return self.fire_model(s, c, min);
        }
        let hits = self.fire_words(s)?;
        match self.veto {
            Some((c, below)) if self.overruled(s, &hits, c, below) => None,
            _ => Some(hits),
        }
    }

    /// Whether the model overrules the words of `hits`: it reads the post as nothing of
    /// category `c` (a logit under `below`), nor the sentences around any hit (a long text's
    /// score is its average wording: an insult in the middle of a story is not averaged
    /// away), the post is long enough for it to judge (more characters than the bigrams it
    /// divides a short post by), and no hit is of a term the model may not overrule (a
    /// city's own words).
    fn overruled(&self, s: &Scanned<'_>, hits: &[Hit], c: usize, below: f64) -> bool {
        let model = crate::model::Model::get();
        let text = s.norm.as_str();
        if hits.iter().any(|h| self.sure.binary_search(&h.term).is_ok())
            || text.chars().nth(model.min_bigrams()).is_none()
            || !s.model_scores().scored(c).is_some_and(|l| l < below)
        {
            return false;
        }
        // The whole text was scored above.
        s.windows(hits.iter(), 1)
            .into_iter()
            .filter(|&w| w != (0, text.len()))
            .all(|(a, b)| text.get(a..b).is_none_or(|t| model.scores(t).logit(c) < below))
    }

    /// A rule of words: the hits that make it fire on `s`, or `None`.
    fn fire_words(&self, s: &Scanned<'_>) -> Option<Vec<Hit>> {
        // Most rules have nothing to start from in a given text: answer them before
        // allocating anything.
        let starts = self.any.iter().any(|&g| s.hits.any(g))
            || (!self.seq.is_empty() && self.seq.iter().all(|&g| s.hits.any(g)));
        if !starts || !self.all.iter().all(|&g| s.hits.any(g)) {
            return None;
        }
        let quotes: &[(u32, u32)] = if self.quoted_exempt { s.quotes() } else { &[] };
        let quoted = |h: &Hit| {
            let at = quotes.partition_point(|q| q.1 <= h.start);
            quotes.get(at).is_some_and(|q| q.0 <= h.start && h.end <= q.1)
        };
        let Some(within) = self.within else {
            // Anywhere in the text.
            let fires = self.any.iter().any(|&g| s.hits.group(g).iter().any(|h| !quoted(h)))
                && self.all.iter().all(|&g| s.hits.any(g))
                && !self.unless.iter().chain(&self.unless_nearby).any(|&g| s.hits.any(g));
            return fires.then(|| {
                let any = self.any.iter().flat_map(|&g| s.hits.group(g).iter().filter(|h| !quoted(h)).copied());
                any.chain(self.all.iter().flat_map(|&g| s.hits.group(g).iter().copied())).collect()
            });
        };
        let scope = Scope { s, within };
        // A report marker right after a quotation (「…」って言われた) speaks of the quotation,
        // whose hits are already dropped, not of the rest of the sentence.
        let cancels = |groups: &[u32]| -> Vec<std::borrow::Cow<'_, [Hit]>> {
            groups
                .iter()
                .map(|&g| {
                    let hits = s.hits.group(g);
                    if quotes.is_empty() {
                        std::borrow::Cow::Borrowed(hits)
                    } else {
                        std::borrow::Cow::Owned(
                            hits.iter().filter(|h| !quotes.iter().any(|q| q.1 == h.start)).copied().collect(),
                        )
                    }
                })
                .collect()
        };
        let unless = Unless { here: cancels(&self.unless), nearby: cancels(&self.unless_nearby) };
        let mut found: Vec<Hit> = Vec::new();
        // One group anywhere in the scope of each hit of `any`.
        for &g in &self.any {
            for hit in s.hits.group(g).iter().filter(|h| !quoted(h)) {
                if let Some(parts) = self.around(&scope, &unless, *hit, *hit) {
                    found.push(*hit);
                    found.extend(parts);
                }
            }
        }
        // The groups of `seq`, in order, each part after the one before, in one scope.
        if let Some((&first, rest)) = self.seq.split_first() {
            for start in s.hits.group(first).iter().filter(|h| !quoted(h)) {
                let mut chain = vec![*start];
                let mut at = *start;
                let complete = rest.iter().all(|&g| {
                    let hits = s.hits.group(g);
                    // Hits are sorted by start: look from after the start of the part before
                    // (a part may overlap the one before, 野菜キメ then キメた, but must start and
                    // end after it), and stop at the first one out of scope (all later ones
                    // are too).
                    let from = hits.partition_point(|h| h.start <= at.start);
                    let next = hits
                        .get(from..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|h| scope.same(start, h))
                        .find(|h| h.end > at.end && !quoted(h));
                    next.map(|h| {
                        chain.push(*h);
                        at = *h;
                    })
                    .is_some()
                });
                if !complete {
                    continue;
                }
                if let Some(parts) = self.around(&scope, &unless, *start, at) {
                    found.extend(chain);
                    found.extend(parts);
                }
            }
        }
        (!found.is_empty()).then_some(found)
    }

    /// With a phrase from `first` to `last`: the hits of `all` in its scope, or `None` when
    /// one of them is missing or an `unless` group matches there.
    fn around(&self, scope: &Scope<'_, '_>, unless: &Unless<'_>, first: Hit, last: Hit) -> Option<Vec<Hit>> {
        if unless.here.iter().any(|hits| scope.near(hits, &first, &last).is_some()) {
            return None;
        }
        let nearby = Scope { s: scope.s, within: Within::TwoSentences };
        if unless.nearby.iter().any(|hits| nearby.near(hits, &first, &last).is_some()) {
            return None;
        }
        let mut parts = Vec::new();
        for &g in &self.all {
            parts.push(*scope.near(scope.s.hits.group(g), &first, &last)?);
        }
        Some(parts)
    }

    /// A model rule: the groups of `any` (if any) and `all` are met and none of `unless` is,
    /// anywhere in the text, and the model's score reaches the rule's least: the score of
    /// the whole text, or with `within = "sentence" | "two_sentences"` and `any`, of the
    /// sentence (or the sentences on either side of it) of a hit of `any`. Its hits are the
    /// bigrams that weigh most for the category there, then the groups' hits.
    fn fire_model(&self, s: &Scanned<'_>, c: usize, min: f64) -> Option<Vec<Hit>> {
        let any_ok = self.any.is_empty() || self.any.iter().any(|&g| s.hits.any(g));
        if !any_ok
            || !self.all.iter().all(|&g| s.hits.any(g))
            || self.unless.iter().chain(&self.unless_nearby).any(|&g| s.hits.any(g))
        {
            return None;
        }
        let model = crate::model::Model::get();
        let text = s.norm.as_str();
        // The sentences around a hit of `any` that the model reads (the policy reader takes
        // no character count for a model rule).
        let around = match self.within {
            Some(Within::Sentence) if !self.any.is_empty() => Some(0),
            Some(Within::TwoSentences) if !self.any.is_empty() => Some(1),
            _ => None,
        };
        let (from, to) = match around {
            Some(n) => {
                let hits = self.any.iter().flat_map(|&g| s.hits.group(g));
                s.windows(hits, n)
                    .into_iter()
                    .find(|&(a, b)| text.get(a..b).is_some_and(|t| model.scores(t).logit(c) >= min))?
            }
            None if s.model_scores().logit(c) >= min => (0, text.len()),
            None => return None,
        };
        let evidence = model.evidence(text.get(from..to).unwrap_or(""), c, MODEL_EVIDENCE);
        let at = from as u32;
        let mut hits: Vec<Hit> = evidence
            .into_iter()
            .map(|(start, end)| Hit { start: start + at, end: end + at, term: MODEL_TERM })
            .collect();
        for &g in self.any.iter().chain(&self.all) {
            hits.extend(s.hits.group(g).iter().copied());
        }
        Some(hits)
    }

    /// The gate's answer: `Some(true/false)`, or `None` when the context lacks what it needs
    /// (only the work-channel gate can lack something: the channel).
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
            Some(Gate::Outward) => {
                let colleague =
                    matches!(ctx.recipient_relation, Some(RecipientRelation::Subordinate | RecipientRelation::Peer));
                let internal = ctx.audience == Some(Audience::Dm)
                    && (ctx.channel == Some(Channel::Work) || (colleague && ctx.channel != Some(Channel::Private)));
                Some(ctx.account == Some(Account::Official) || !internal)
            }
            // A post that does not say it goes to subordinates is not such a message.
            Some(Gate::ToSubordinates) => Some(
                ctx.recipient_relation == Some(RecipientRelation::Subordinate)
                    && matches!(ctx.audience, Some(Audience::Dm | Audience::Group)),
            ),
        }
    }

    fn finding_for(&self, cx: &RuleCx<'_>, s: &Scanned<'_>, hits: &[Hit], with_spans: bool) -> crate::report::Finding {
        let mut spans = Vec::new();
        let mut terms: Vec<String> = Vec::new();
        for hit in hits {
            if with_spans {
                spans.extend(s.span(hit));
            }
            if hit.term != MODEL_TERM {
                terms.push(cx.shared.scanner.term_id(hit.term).to_owned());
            }
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
                    None => cx.skip(out, &[ContextField::Channel]),
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
                    None => cx.skip(out, &[ContextField::Channel]),
                }
            }
        }
    }
}

/// The hits of a rule's `unless` groups (`here`, in the scope of `within`) and of its
/// `unless_nearby` groups (in the sentences around), those right after a quotation left out.
struct Unless<'h> {
    here: Vec<std::borrow::Cow<'h, [Hit]>>,
    nearby: Vec<std::borrow::Cow<'h, [Hit]>>,
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
            Within::TwoSentences => self.s.sentence_of(a.start).abs_diff(self.s.sentence_of(b.start)) <= 1,
            Within::Chars(n) => {
                let (from, to) = (a.start.min(b.start), a.end.max(b.end));
                let text = self.s.norm.as_str();
                // At most `n` characters: a character takes one to four bytes, and those
                // between are counted no further than the (n + 1)th, so a hit far away costs
                // no more than a near one.
                let n = n as usize;
                text.get(from as usize..to as usize)
                    .is_some_and(|t| t.len() <= n || (t.len() <= 4 * n && t.chars().nth(n).is_none()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::quotations;

    #[test]
    fn quotations_are_the_outermost_bracketed_spans() {
        let t = "「お前らは「クズ」だ」って怒鳴られた";
        let (spans, outside) = quotations(t);
        assert_eq!(spans, vec![(0, t.find("って").map_or(0, |i| i as u32))]);
        assert!(outside);
        // A post that is nothing but a quotation says it itself.
        let (spans, outside) = quotations("「死ね」");
        assert_eq!(spans.len(), 1);
        assert!(!outside);
        // An unclosed bracket quotes nothing, and a line break ends an open one.
        assert!(quotations("「死ね").0.is_empty());
        assert!(quotations("『タイトル\n』").0.is_empty());
        assert_eq!(quotations("『死ねばいいのに』読了、“バカ”とは").0.len(), 2);
    }
}
