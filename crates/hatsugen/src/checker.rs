//! The compiled, immutable checker.

use std::sync::OnceLock;

use jiff::Timestamp;
use serde::Serialize;

use crate::calendar::{Calendar, Schedule};
use crate::context::Context;
use crate::context_field::ContextField;
use crate::pii::PiiScanner;
use crate::policy::{Policy, PolicyError, PolicyProblem, RuleSpec, Source};
use crate::report::{Finding, PolicyRef, Report, Severity, Verdict};
use crate::rules::{self, CodeRule, Input, NextOk, Out, RuleCx, Scanned, Shared, TextRule};
use crate::scan::{GroupSource, Scanner};
use crate::wire::CheckError;

/// The most rounds of the next-allowed-time search (each round moves past one rule).
const MAX_TIMING_ROUNDS: usize = 64;

enum Kind {
    Text(TextRule),
    /// A code rule, with the text condition its settings may add (`any`, `seq`…): it runs
    /// only on a text that meets the condition.
    Code(&'static dyn CodeRule, Option<TextRule>),
}

impl Kind {
    /// Whether the rule can run: a code rule that needs a text condition has one.
    fn runs(&self) -> bool {
        match self {
            Kind::Text(_) => true,
            Kind::Code(r, content) => content.is_some() || !r.meta().needs_condition,
        }
    }
}

struct Compiled {
    id: String,
    spec: RuleSpec,
    kind: Kind,
    /// The groups of `spec.accept`.
    accept: Vec<u32>,
}

/// What `hatsugen rules` lists about one rule.
///
/// Serialises to the JSON object `hatsugen rules --format json` and the WASM build's
/// `rules()` give (see [`Checker::rules_json`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RuleInfo {
    /// Stable id, `category.name`.
    pub id: String,
    /// Category.
    pub category: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// The guideline clause.
    pub clause: String,
    /// The law, if any.
    pub law: Option<String>,
    /// Whether it runs.
    pub enabled: bool,
    /// `text` for lexicon rules, `model` for rules on the model's score (`model = "…"`),
    /// `builtin` for rules in code.
    pub kind: &'static str,
    /// What a built-in rule finds (`None` for a text rule: its groups say).
    pub description: Option<&'static str>,
    /// The context fields the rule reads: a built-in rule's, or a text rule's gate (`when`)
    /// and source (`on = "attachments"`).
    pub context: Vec<ContextField>,
}

/// A policy compiled for checking: immutable, `Send + Sync`, cheap to share.
///
/// ```
/// use hatsugen::{Checker, Context, Policy, Verdict};
/// let checker = Checker::new(&Policy::builtin("jp-local-gov").unwrap()).unwrap();
/// let report = checker.check("ここだけの話、来年度の人事案が決まったよ", &Context::default());
/// assert_eq!(report.verdict, Verdict::Block);
/// assert_eq!(report.findings[0].category, "confidential");
/// ```
pub struct Checker {
    policy: PolicyRef,
    max_text_bytes: usize,
    shared: Shared,
    rules: Vec<Compiled>,
    pii: PiiScanner,
    needs_pii: bool,
    /// The ids of the enabled model rules (`model = "…"`), sorted.
    model_rules: Vec<String>,
    /// Whether an enabled rule yields to another (`yield_to`).
    yielding: bool,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("policy", &self.policy)
            .field("rules", &self.rules.len())
            .finish_non_exhaustive()
    }
}

impl Checker {
    /// Compiles `policy`. Fails only on a lexicon too large to compile (or a calendar that
    /// does not build, which a policy read by [`Policy::from_toml`] never has).
    pub fn new(policy: &Policy) -> Result<Checker, PolicyError> {
        let mut sources: Vec<GroupSource<'_>> = policy
            .groups
            .iter()
            .map(|(name, g)| GroupSource { name: name.clone(), terms: &g.terms, except: &g.except, masked: true })
            .collect();
        // Groups that only ever cancel a rule take no masked spellings (GroupSource::masked).
        // Each group a rule names is looked up among the sources, which are in the order of
        // the groups' names: two hash sets of the names linked a hash table's code into the
        // WebAssembly module for little else (see `scan::SpellingIndex`), and two ordered
        // sets a `BTreeSet` type of their own (1.4 KB gzipped).
        let mut named = vec![0u8; sources.len()];
        for r in policy.rules.values() {
            let lists = [(&r.any, 1), (&r.all, 1), (&r.seq, 1), (&r.accept, 1), (&r.unless, 2), (&r.unless_nearby, 2)];
            for (list, bit) in lists {
                for g in list {
                    let at = sources.binary_search_by(|s| s.name.as_str().cmp(g));
                    if let Some(n) = at.ok().and_then(|i| named.get_mut(i)) {
                        *n |= bit;
                    }
                }
            }
        }
        // Masked spellings count where a group is named as a condition (bit 1) or never as a
        // cancelling group (bit 2).
        for (s, n) in sources.iter_mut().zip(named) {
            s.masked = n & 1 != 0 || n & 2 == 0;
        }
        let embargo_terms: Vec<Vec<crate::policy::Term>> = policy
            .embargo
            .iter()
            .map(|e| {
                let mut t = crate::policy::Term::new(&format!("embargo:{}", e.id));
                t.matches = e.terms.clone();
                vec![t]
            })
            .collect();
        for (e, terms) in policy.embargo.iter().zip(&embargo_terms) {
            sources.push(GroupSource { name: format!("embargo:{}", e.id), terms, except: &[], masked: true });
        }
        // Each election's candidates and parties: one group, one term per name.
        let election_terms: Vec<Vec<crate::policy::Term>> = policy
            .elections
            .iter()
            .map(|e| {
                e.candidates
                    .iter()
                    .chain(&e.parties)
                    .enumerate()
                    .map(|(i, name)| {
                        let mut t = crate::policy::Term::new(&format!("election:{}:{i}", e.id));
                        t.matches = vec![name.clone()];
                        t
                    })
                    .collect()
            })
            .collect();
        for (e, terms) in policy.elections.iter().zip(&election_terms) {
            if !terms.is_empty() {
                sources.push(GroupSource { name: rules::election_group_name(&e.id), terms, except: &[], masked: true });
            }
        }
        let scanner = Scanner::new(&sources)?;
        let embargoes = policy
            .embargo
            .iter()
            .filter_map(|e| {
                scanner.group(&format!("embargo:{}", e.id)).map(|group| rules::CompiledEmbargo {
                    id: e.id.clone(),
                    group,
                    lift: e.lift,
                    note: e.note.clone(),
                })
            })
            .collect();
        let mut compiled = Vec::with_capacity(policy.rules.len());
        for (id, spec) in &policy.rules {
            let kind = match rules::code_rule(id) {
                Some(r) => {
                    let content = (!spec.any.is_empty() || !spec.seq.is_empty() || spec.model.is_some())
                        .then(|| TextRule::new(id, spec, &scanner))
                        .transpose()?;
                    Kind::Code(r, content)
                }
                None => Kind::Text(TextRule::new(id, spec, &scanner)?),
            };
            let accept = spec.accept.iter().filter_map(|g| scanner.group(g)).collect();
            compiled.push(Compiled { id: id.clone(), spec: spec.clone(), kind, accept });
        }
        // A rule that cannot run (a built-in rule that needs a text condition and has none)
        // is compiled as disabled.
        for c in &mut compiled {
            c.spec.enabled &= c.kind.runs();
        }
        let needs_pii = compiled.iter().any(|c| c.spec.enabled && c.id.starts_with("personal_data."));
        let calendar = Calendar::new(&policy.calendar).map_err(|e| {
            PolicyError::from_problem(PolicyProblem::InvalidValue { message: format!("invalid `calendar`: {e}") })
                .key("calendar")
        })?;
        let offset = policy.schedule.time_zone().offset();
        let midnight = |d: jiff::civil::Date| offset.to_timestamp(d.to_datetime(jiff::civil::Time::midnight())).ok();
        let elections = policy
            .elections
            .iter()
            .filter_map(|e| {
                Some(rules::CompiledElection {
                    group: scanner.group(&rules::election_group_name(&e.id)),
                    start: midnight(e.announced)?,
                    end: midnight(e.vote.tomorrow().ok()?)?,
                    election: e.clone(),
                })
            })
            .collect();
        let shared = Shared {
            elections,
            election_groups: rules::ElectionGroups::new(&scanner),
            sensitive_days: policy.sensitive_days.clone(),
            duties: policy.duties.clone(),
            places: policy.places.clone(),
            reply: rules::ReplyGroups::new(&scanner),
            scanner,
            embargoes,
            broadcast_threshold: policy.broadcast.threshold,
            calendar,
            offset,
            schedule: policy.schedule.clone(),
            late_night: policy.late_night,
        };
        let mut model_rules: Vec<String> =
            compiled.iter().filter(|c| c.spec.enabled && c.spec.model.is_some()).map(|c| c.id.clone()).collect();
        crate::sort::sort(&mut model_rules);
        let yielding = compiled.iter().any(|c| c.spec.enabled && !c.spec.yield_to.is_empty());
        Ok(Checker {
            model_rules,
            yielding,
            policy: PolicyRef { id: policy.id.clone(), version: policy.version.clone() },
            max_text_bytes: policy.limits.max_text_bytes,
            shared,
            rules: compiled,
            pii: PiiScanner::new(),
            needs_pii,
        })
    }

    /// The checker for the default built-in pack, compiled on first use.
    pub fn default_checker() -> &'static Checker {
        static DEFAULT: OnceLock<Checker> = OnceLock::new();
        DEFAULT.get_or_init(|| {
            // The built-in packs are compiled in every test run; failing here is a bug.
            #[allow(clippy::expect_used)]
            let policy = Policy::default_pack().expect("built-in default pack must load");
            #[allow(clippy::expect_used)]
            Checker::new(&policy).expect("built-in default pack must compile")
        })
    }

    /// The lexicon scanner, to switch its search in tests.
    #[cfg(test)]
    pub(crate) fn scanner_mut(&mut self) -> &mut Scanner {
        &mut self.shared.scanner
    }

    /// The lexicon scanner.
    #[cfg(test)]
    pub(crate) fn shared_scanner(&self) -> &Scanner {
        &self.shared.scanner
    }

    /// The policy this checker was compiled from.
    pub fn policy(&self) -> &PolicyRef {
        &self.policy
    }

    /// The largest text the shells accept for this policy, in bytes.
    pub fn max_text_bytes(&self) -> usize {
        self.max_text_bytes
    }

    /// The office calendar: national holidays plus the policy's closures and local holidays.
    pub fn calendar(&self) -> &Calendar {
        &self.shared.calendar
    }

    /// The policy's working schedule.
    pub fn schedule(&self) -> &Schedule {
        &self.shared.schedule
    }

    /// Every rule of the policy, sorted by id.
    pub fn rules(&self) -> Vec<RuleInfo> {
        self.rules
            .iter()
            .map(|c| RuleInfo {
                id: c.id.clone(),
                category: RuleSpec::category_of(&c.id).to_owned(),
                severity: c.spec.severity,
                clause: c.spec.clause.clone(),
                law: c.spec.law.clone(),
                enabled: c.spec.enabled,
                kind: match c.kind {
                    Kind::Text(_) if c.spec.model.is_some() => "model",
                    Kind::Text(_) => "text",
                    Kind::Code(..) => "builtin",
                },
                description: match &c.kind {
                    Kind::Text(_) => None,
                    Kind::Code(r, _) => Some(r.meta().description),
                },
                context: match &c.kind {
                    Kind::Text(_) => {
                        let mut fields: Vec<ContextField> = c.spec.when.map_or_else(Vec::new, |g| g.reads().to_vec());
                        if c.spec.on == Source::Attachments {
                            fields.push(ContextField::Attachments);
                        }
                        fields
                    }
                    Kind::Code(r, _) => r.meta().reads.to_vec(),
                },
            })
            .collect()
    }

    /// [`Checker::rules`] as a JSON array: what `hatsugen rules --format json` prints and the
    /// WASM build's `rules()` returns.
    ///
    /// ```
    /// let json = hatsugen::Checker::default_checker().rules_json();
    /// let rules: serde_json::Value = serde_json::from_str(&json).unwrap();
    /// let device = rules.as_array().unwrap().iter().find(|r| r["id"] == "work_device.work_issued").unwrap();
    /// assert_eq!(device["kind"], "builtin");
    /// assert_eq!(device["context"], serde_json::json!(["device", "channel", "account"]));
    /// ```
    pub fn rules_json(&self) -> String {
        serde_json::to_string(&self.rules()).unwrap_or_default()
    }

    /// Checks one post within the policy's size limit (`limits.max_text_bytes`, 1 MiB by
    /// default), as the CLI, the C ABI and the WASM build do: a longer text is
    /// [`CheckError::TooLarge`] and is not read. Use this for text from users; [`Checker::check`]
    /// takes any length.
    ///
    /// ```
    /// use hatsugen::{CheckError, Checker, Context};
    ///
    /// let checker = Checker::default_checker();
    /// let report = checker.check_bounded("ここだけの話、来年度の人事案が決まったよ", &Context::default())?;
    /// assert_eq!(report.verdict.as_str(), "block");
    ///
    /// let huge = "あ".repeat(checker.max_text_bytes());
    /// assert!(matches!(checker.check_bounded(&huge, &Context::default()), Err(CheckError::TooLarge { .. })));
    /// # Ok::<(), CheckError>(())
    /// ```
    pub fn check_bounded(&self, text: &str, ctx: &Context) -> Result<Report, CheckError> {
        if text.len() > self.max_text_bytes {
            return Err(CheckError::TooLarge { len: text.len(), limit: self.max_text_bytes });
        }
        Ok(self.check(text, ctx))
    }

    /// Checks one post. Pure and deterministic: the same text, context and policy always
    /// give the same report. Never fails and takes a text of any length: for text from
    /// users prefer [`Checker::check_bounded`], which enforces the policy's size limit as the
    /// shells do (see [`crate::wire`]).
    pub fn check(&self, text: &str, ctx: &Context) -> Report {
        self.check_stripped(text, ctx, &[])
    }

    /// [`Checker::check`] for a post whose attachments `stripped` have had their metadata
    /// removed by a fix.
    pub(crate) fn check_stripped(&self, text: &str, ctx: &Context, stripped: &[usize]) -> Report {
        let scanner = &self.shared.scanner;
        let mut input = Input {
            ctx,
            text: Scanned::new(text.into(), scanner),
            profile: ctx.profile.as_deref().map(|p| Scanned::new(p.into(), scanner)),
            attachments: ctx
                .attachments
                .iter()
                .map(|a| {
                    let joined =
                        format!("{}\n{}", a.name.as_deref().unwrap_or(""), a.description.as_deref().unwrap_or(""));
                    Scanned::new(joined.into(), scanner)
                })
                .collect(),
            reply_to: ctx.reply_to.as_deref().map(|r| Scanned::new(r.into(), scanner)),
            pii: Vec::new(),
            stripped,
            schedule: ctx.schedule.as_ref().unwrap_or(&self.shared.schedule),
        };
        if self.needs_pii {
            self.pii.scan(text, &mut input.pii);
        }
        let mut out = Out { findings: Vec::with_capacity(8), skipped: Vec::with_capacity(8) };
        for c in self.rules.iter().filter(|c| c.spec.enabled) {
            let cx = RuleCx { id: &c.id, spec: &c.spec, accept: &c.accept, input: &input, shared: &self.shared };
            match &c.kind {
                Kind::Text(r) => r.check(&cx, &mut out),
                Kind::Code(r, None) => r.check(&cx, &mut out),
                Kind::Code(r, Some(content)) => {
                    let Some(hits) = content.fire(&input.text) else { continue };
                    let from = out.findings.len();
                    r.check(&cx, &mut out);
                    // The rule's findings point at what made the text meet the condition.
                    let spans = crate::rules::merge_spans(hits.iter().filter_map(|h| input.text.span(h)).collect());
                    for f in out.findings.iter_mut().skip(from).filter(|f| f.spans.is_empty()) {
                        f.spans.clone_from(&spans);
                    }
                }
            }
        }
        let mut findings = out.findings;
        // A model rule speaks only where no other rule of its category has: the words a
        // rule names say more than a score.
        let is_model = |rule: &str| self.model_rules.binary_search_by(|m| m.as_str().cmp(rule)).is_ok();
        if !self.model_rules.is_empty() && findings.iter().any(|f| is_model(&f.rule)) {
            let named: Vec<String> =
                findings.iter().filter(|f| !is_model(&f.rule)).map(|f| f.category.clone()).collect();
            findings.retain(|f| !is_model(&f.rule) || !named.contains(&f.category));
        }
        // A rule that yields to another says nothing in a sentence where that one has
        // spoken, or as far as its `yield_within` says (anywhere, for a finding without
        // spans). Findings on attachments point into other texts and take no part.
        if self.yielding && findings.len() > 1 {
            let starts = crate::text::sentence_starts(text);
            let sentence = |at: usize| starts.partition_point(|&s| s <= at);
            let spoke: Vec<(String, Vec<usize>)> = findings
                .iter()
                .filter(|f| f.attachment.is_none())
                .map(|f| (f.rule.clone(), f.spans.iter().map(|s| sentence(s.start)).collect()))
                .collect();
            findings.retain(|f| {
                if f.attachment.is_some() {
                    return true;
                }
                let Some(c) = self.rules.iter().find(|c| c.id == f.rule) else { return true };
                let mine: Vec<usize> = f.spans.iter().map(|s| sentence(s.start)).collect();
                let reach = c.spec.yield_within.sentences();
                !spoke.iter().any(|(rule, theirs)| {
                    c.spec.yield_to.contains(rule)
                        && (mine.is_empty()
                            || theirs.is_empty()
                            || mine.iter().any(|m| theirs.iter().any(|t| m.abs_diff(*t) <= reach)))
                })
            });
        }
        crate::fix::attach_generic(&mut findings, text);
        findings.sort_unstable_by(|a, b| sort_key(a).cmp(&sort_key(b)).then_with(|| a.message.ja.cmp(&b.message.ja)));
        let mut skipped = out.skipped;
        crate::sort::sort_by(&mut skipped, |a, b| (&a.rule, &a.missing) < (&b.rule, &b.missing));
        let next_allowed_at = if findings.is_empty() { None } else { self.next_allowed(&input) };
        Report {
            verdict: Verdict::from_severities(findings.iter().map(|f| f.severity)),
            findings,
            next_allowed_at: next_allowed_at
                .map(|t| crate::calendar::rfc3339::timestamp_with_offset(t, self.shared.offset)),
            skipped,
            policy: self.policy.clone(),
        }
    }

    /// The first instant at or after the post's time when every timing rule passes, if
    /// that is later than the post's time.
    fn next_allowed(&self, input: &Input<'_>) -> Option<Timestamp> {
        let start = input.ctx.time?;
        let mut t = start;
        for _ in 0..MAX_TIMING_ROUNDS {
            let mut moved = false;
            for c in self.rules.iter().filter(|c| c.spec.enabled) {
                let Kind::Code(rule, content) = &c.kind else { continue };
                if content.as_ref().is_some_and(|t| t.fire(&input.text).is_none()) {
                    continue;
                }
                let cx = RuleCx { id: &c.id, spec: &c.spec, accept: &c.accept, input, shared: &self.shared };
                match rule.next_ok(&cx, t) {
                    NextOk::Indifferent => {}
                    NextOk::Never => return None,
                    NextOk::At(next) if next > t => {
                        t = next;
                        moved = true;
                    }
                    NextOk::At(_) => {}
                }
            }
            if !moved {
                return (t > start).then_some(t);
            }
        }
        None
    }
}

fn sort_key(f: &Finding) -> (Option<(usize, usize)>, &str, Option<usize>) {
    (f.spans.first().map(|s| (s.start, s.end)), f.rule.as_str(), f.attachment)
}
