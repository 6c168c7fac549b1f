//! Rules: the lexicon-driven text rule and the built-in code rules.
//!
//! A text rule is data: its id, settings and the lexicon groups it reads come from the
//! policy ([`crate::policy::RuleSpec`]). A code rule is a small struct in its own file with
//! static metadata ([`RuleMeta`]: id, description, the context fields it reads); its
//! settings (severity, clause, law, message) still come from the policy. Each rule file
//! lists its rules in `RULES`; [`code_rules!`] below registers the files, one line each.

pub(crate) mod text;
mod timing;

use jiff::Timestamp;
use jiff::tz::Offset;

use crate::calendar::{Calendar, Schedule};
use crate::context::Context;
use crate::context_field::ContextField;
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
    /// The model's scores of the folded text, computed when a model rule first asks.
    model: std::cell::OnceCell<crate::model::Scores>,
}

impl<'a> Scanned<'a> {
    pub(crate) fn new(original: std::borrow::Cow<'a, str>, scanner: &Scanner) -> Scanned<'a> {
        let norm = Normalized::new(&original);
        let hits = scanner.scan(&norm, &original);
        Scanned {
            original,
            norm,
            hits,
            sentences: std::cell::OnceCell::new(),
            quotes: std::cell::OnceCell::new(),
            model: std::cell::OnceCell::new(),
        }
    }

    /// The model's scores of the folded text: none for a text over
    /// [`crate::model::WHOLE_TEXT_MAX_CHARS`].
    pub(crate) fn model_scores(&self) -> &crate::model::Scores {
        self.model.get_or_init(|| {
            // The characters the author wrote (a character is at least a byte: only a long
            // text is counted).
            let max = crate::model::WHOLE_TEXT_MAX_CHARS;
            if self.original.len() > max && self.original.chars().count() > max {
                return crate::model::Scores::none();
            }
            crate::model::Model::get().scores(self.norm.as_str())
        })
    }

    /// The quotations of the folded text whose hits are someone else's words.
    pub(crate) fn quotes(&self) -> &[(u32, u32)] {
        self.quotes.get_or_init(|| {
            let (spans, outside) = text::quotations(self.norm.as_str());
            if outside { spans } else { Vec::new() }
        })
    }

    /// The folded byte range of sentences `from..=to` (`None` when they fold to nothing).
    pub(crate) fn sentences_folded(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        let starts = self.sentences.get_or_init(|| crate::text::sentence_starts(&self.original));
        let end = self.original.len();
        let os = if from == 0 { 0 } else { starts.get(from - 1).copied().unwrap_or(end) };
        let oe = starts.get(to).copied().unwrap_or(end);
        self.norm.folded_range(os, oe)
    }

    /// The folded byte ranges of the sentences around each hit (its own and `n` on either
    /// side), each once, in order: what a model reads around a rule's hits.
    pub(crate) fn windows<'h>(&self, hits: impl Iterator<Item = &'h Hit>, n: usize) -> Vec<(usize, usize)> {
        let mut windows: Vec<(usize, usize)> = hits
            .filter_map(|h| {
                let i = self.sentence_of(h.start);
                self.sentences_folded(i.saturating_sub(n), i + n)
            })
            .collect();
        crate::sort::sort(&mut windows);
        windows.dedup();
        windows
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
    /// The schedule in force: the context's own, else the policy's.
    pub(crate) schedule: &'a Schedule,
}

/// Compiled policy data that code rules need.
pub(crate) struct Shared {
    pub(crate) scanner: Scanner,
    pub(crate) embargoes: Vec<embargo::CompiledEmbargo>,
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
    /// The groups of the rule's `accept`, compiled.
    pub(crate) accept: &'a [u32],
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
        let mut f = Finding::new(self.id, self.spec.severity);
        f.message.clone_from(&self.spec.message);
        f.clause.clone_from(&self.spec.clause);
        f.law.clone_from(&self.spec.law);
        f.spans = spans;
        f.suggestion.clone_from(&self.spec.suggestion);
        f
    }

    /// Records that this rule did not run for want of the context fields `missing` (each one
    /// the rule declares it reads: checked in debug builds, so the corpus run catches a
    /// field a rule's metadata does not list).
    pub(crate) fn skip(&self, out: &mut Out, missing: &[ContextField]) {
        debug_assert!(
            code_rule(self.id).is_none_or(|r| missing.iter().all(|m| r.meta().reads.contains(m))),
            "{} skips for a field its metadata does not list: {missing:?}",
            self.id
        );
        out.skipped.push(Skipped {
            rule: self.id.to_owned(),
            missing: missing.iter().map(|m| m.as_str().to_owned()).collect(),
        });
    }

    /// Records that this rule did not run for a reason other than a missing field (`note`
    /// says which, as the report's `missing` entry shows it).
    pub(crate) fn skip_with_note(&self, out: &mut Out, note: &str) {
        out.skipped.push(Skipped { rule: self.id.to_owned(), missing: vec![note.to_owned()] });
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
    debug_assert!(
        code_rule(&finding.rule).is_none_or(|r| r.meta().placeholders.contains(&name)),
        "{} fills `{{{name}}}`, which its metadata does not list",
        finding.rule
    );
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

/// What a code rule is, stated once next to its code: `hatsugen rules` (through
/// [`crate::RuleInfo`]) and the table of built-in rules in docs/POLICY.md are made from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RuleMeta {
    /// The stable id, `category.name`.
    pub(crate) id: &'static str,
    /// What it finds, in one English sentence.
    pub(crate) description: &'static str,
    /// The context fields it reads (the ones its skips may name).
    pub(crate) reads: &'static [ContextField],
    /// Whether it needs a text condition from the policy (`any` or `seq`): without one it
    /// would fire on every post, so it does not run.
    pub(crate) needs_condition: bool,
    /// The `{placeholders}` it fills in its message and suggestion.
    pub(crate) placeholders: &'static [&'static str],
    /// Whether it takes `accept`: lexicon groups whose match satisfies it (its [`RuleCx::accept`]).
    pub(crate) accept: bool,
}

/// What a rule says about a later time for the same post (see [`CodeRule::next_ok`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NextOk {
    /// The rule does not hold the post back on timing: it passes, or time cannot change
    /// its answer.
    Indifferent,
    /// It passes from this instant.
    At(Timestamp),
    /// No later time passes within the search horizon (or the calendar cannot say): the post
    /// has no next allowed time.
    Never,
}

/// A rule implemented in code.
pub(crate) trait CodeRule: Send + Sync {
    /// Its metadata.
    fn meta(&self) -> &RuleMeta;

    /// Adds findings (or a skip) to `out`.
    fn check(&self, cx: &RuleCx<'_>, out: &mut Out);

    /// Timing rules: the first instant at or after `t` when this rule would not fire on the
    /// same input. Other rules are [`NextOk::Indifferent`].
    fn next_ok(&self, _cx: &RuleCx<'_>, _t: Timestamp) -> NextOk {
        NextOk::Indifferent
    }
}

/// Declares the rule files and builds the registry from their `RULES`: adding a file of code
/// rules is one line here; adding a rule to a file is one entry in its `RULES`.
macro_rules! code_rules {
    ($($file:ident),+ $(,)?) => {
        $(mod $file;)+

        /// Every code rule, sorted by id (built once).
        pub(crate) fn code_rules() -> &'static [&'static dyn CodeRule] {
            static RULES: std::sync::OnceLock<Vec<&'static dyn CodeRule>> = std::sync::OnceLock::new();
            RULES.get_or_init(|| {
                let mut rules: Vec<&'static dyn CodeRule> = Vec::new();
                $(rules.extend($file::RULES.iter().map(|r| r as &dyn CodeRule));)+
                crate::sort::sort_by_unique_key(&mut rules, |r| r.meta().id);
                rules
            })
        }
    };
}

code_rules! {
    after_hours_to_subordinate,
    broadcast,
    denies_error,
    disclaimer,
    election,
    embargo,
    emergency,
    heated_reply,
    late_night,
    personal_data,
    photo,
    sensitive_day,
    shifted_break,
    work_device,
    work_hours,
}

/// The code rule with this id, if there is one.
pub(crate) fn code_rule(id: &str) -> Option<&'static dyn CodeRule> {
    let rules = code_rules();
    rules.binary_search_by_key(&id, |r| r.meta().id).ok().and_then(|i| rules.get(i)).copied()
}

/// True when `id` names a code rule.
pub(crate) fn is_code_rule(id: &str) -> bool {
    code_rule(id).is_some()
}

/// The table of built-in rules in docs/POLICY.md, made from their metadata.
#[cfg(test)]
fn docs_table() -> String {
    let mut out = String::from(
        "| rule | what it finds | context it reads | placeholders | text condition |\n| --- | --- | --- | --- | --- |\n",
    );
    let list = |items: Vec<String>| if items.is_empty() { "—".to_owned() } else { items.join(", ") };
    for r in code_rules() {
        let m = r.meta();
        let reads = list(m.reads.iter().map(|f| format!("`{f}`")).collect());
        let placeholders = list(m.placeholders.iter().map(|p| format!("`{{{p}}}`")).collect());
        let condition = if m.needs_condition { "required" } else { "optional" };
        out.push_str(&format!("| `{}` | {} | {reads} | {placeholders} | {condition} |\n", m.id, m.description));
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn code_rule_ids_are_unique_and_well_formed() {
        let ids: Vec<&str> = code_rules().iter().map(|r| r.meta().id).collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids, unique, "two code rules share an id");
        for r in code_rules() {
            let m = r.meta();
            let (cat, name) = m.id.split_once('.').unwrap_or(("", ""));
            assert!(crate::policy::category_severity(cat).is_some(), "{}", m.id);
            assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", m.id);
            assert!(m.description.ends_with('.') && !m.description.contains('|'), "{}: {}", m.id, m.description);
            let mut reads = m.reads.to_vec();
            reads.sort_unstable();
            reads.dedup();
            assert_eq!(reads.len(), m.reads.len(), "{} lists a context field twice", m.id);
            assert!(std::ptr::eq(code_rule(m.id).unwrap().meta(), m), "{} is not found by its id", m.id);
        }
    }

    #[test]
    fn every_code_rule_has_a_spec_in_every_builtin_pack() {
        for name in crate::Policy::builtin_names() {
            let policy = crate::Policy::builtin(name).unwrap();
            for r in code_rules() {
                assert!(policy.rules().contains_key(r.meta().id), "pack `{name}` has no `[rules.\"{}\"]`", r.meta().id);
            }
        }
    }

    /// docs/POLICY.md's table of built-in rules is the one their metadata makes. Rewrite it
    /// with `HATSUGEN_BLESS=1 cargo test -p hatsugen --lib docs_table`.
    #[test]
    fn docs_table_matches_the_metadata() {
        const START: &str = "<!-- built-in rules: generated from the rules' metadata -->\n";
        const END: &str = "<!-- end of built-in rules -->";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/POLICY.md");
        let Ok(doc) = std::fs::read_to_string(&path) else {
            // The packaged crate has no docs/ (cargo publish): nothing to compare.
            return;
        };
        let from = doc.find(START).expect("docs/POLICY.md has the table's start marker") + START.len();
        let to = from + doc[from..].find(END).expect("docs/POLICY.md has the table's end marker");
        let table = docs_table();
        if std::env::var_os("HATSUGEN_BLESS").is_some() {
            std::fs::write(&path, format!("{}{table}{}", &doc[..from], &doc[to..])).unwrap();
            return;
        }
        assert!(
            doc[from..to] == table,
            "docs/POLICY.md's table of built-in rules is out of date; rewrite it with\n  HATSUGEN_BLESS=1 cargo test -p hatsugen --lib docs_table\n\nexpected:\n{table}"
        );
    }

    #[test]
    fn merges_overlapping_spans() {
        let spans = vec![Span::new(5, 9), Span::new(0, 3), Span::new(2, 4), Span::new(9, 10)];
        assert_eq!(merge_spans(spans), vec![Span::new(0, 4), Span::new(5, 9), Span::new(9, 10)]);
    }
}
