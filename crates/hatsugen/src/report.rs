//! The report returned by a check: the contract every binding returns.
//!
//! A [`Report`] serialises to JSON with [`Report::to_json`]; the CLI, the C ABI and the
//! WASM build all return exactly that JSON (the WASM build converts spans to UTF-16).

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warn < Block`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Advisory only; does not change the verdict from `allow`.
    Info,
    /// The post may go out after the author confirms.
    Warn,
    /// The post must not go out as it is.
    Block,
}

impl Severity {
    /// Every severity, from the mildest.
    pub const ALL: &'static [Severity] = &[Severity::Info, Severity::Warn, Severity::Block];

    /// The lower-case name used in JSON and policy files.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Block => "block",
        }
    }
}

/// The overall decision: the most severe finding decides.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No finding above `info`.
    Allow,
    /// At least one `warn` finding and no `block`.
    Warn,
    /// At least one `block` finding.
    Block,
}

impl Verdict {
    /// The verdict that the most severe of `severities` gives.
    pub fn from_severities(severities: impl IntoIterator<Item = Severity>) -> Verdict {
        match severities.into_iter().max() {
            Some(Severity::Block) => Verdict::Block,
            Some(Severity::Warn) => Verdict::Warn,
            Some(Severity::Info) | None => Verdict::Allow,
        }
    }

    /// Every verdict, from the mildest.
    pub const ALL: &'static [Verdict] = &[Verdict::Allow, Verdict::Warn, Verdict::Block];

    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Warn => "warn",
            Verdict::Block => "block",
        }
    }
}

/// A half-open byte range `[start, end)` into the original text (UTF-8 byte offsets,
/// always on character and grapheme-cluster boundaries). The JavaScript package gives
/// UTF-16 code-unit offsets instead.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The first offset.
    pub start: usize,
    /// One past the last offset.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// A text in Japanese and English.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Japanese text.
    pub ja: String,
    /// English text.
    pub en: String,
}

/// A suggested fix.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// What to do, in Japanese.
    pub ja: String,
    /// What to do, in English.
    pub en: String,
    /// Text to put in place of the finding's first span, where one exists (a masked number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

/// One problem found in a post.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// Stable rule id, `category.name`.
    pub rule: String,
    /// The rule's category (the part of `rule` before the dot).
    pub category: String,
    /// Severity after policy overrides.
    pub severity: Severity,
    /// What is wrong.
    pub message: Message,
    /// The guideline clause the rule rests on.
    pub clause: String,
    /// The law the rule rests on, where one applies.
    pub law: Option<String>,
    /// Where in the text; empty for findings about the context alone.
    pub spans: Vec<Span>,
    /// How to fix it, where a fix exists.
    pub suggestion: Option<Suggestion>,
    /// Ids of the lexicon terms that matched (for policy authors), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// Index of the attachment the finding is about, if it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<usize>,
    /// A machine-applicable fix, where the fix is mechanical (see [`crate::Checker::fix`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Finding {
    /// A finding of rule `rule` (`category.name`) at `severity`, with no message, clause,
    /// span or fix yet (set the fields): for a test or a renderer, since findings come from
    /// [`crate::Checker::check`].
    ///
    /// ```
    /// use hatsugen::{Finding, Severity, Span};
    /// let mut f = Finding::new("defamation.insult", Severity::Block);
    /// f.spans.push(Span::new(0, 6));
    /// assert_eq!((f.category.as_str(), f.spans.len()), ("defamation", 1));
    /// ```
    pub fn new(rule: impl Into<String>, severity: Severity) -> Finding {
        let rule = rule.into();
        Finding {
            category: crate::policy::RuleSpec::category_of(&rule).to_owned(),
            rule,
            severity,
            message: Message::default(),
            clause: String::new(),
            law: None,
            spans: Vec::new(),
            suggestion: None,
            terms: Vec::new(),
            attachment: None,
            fix: None,
        }
    }
}

/// Which text an [`Edit`] changes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditTarget {
    /// The post itself.
    Text,
    /// The account's profile (the context's `profile`; empty when it has none).
    Profile,
}

impl EditTarget {
    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EditTarget::Text => "text",
            EditTarget::Profile => "profile",
        }
    }
}

/// One machine-applicable change: put `replacement` in place of `span` of `target`. An
/// empty span inserts; an empty replacement deletes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edit {
    /// The text the span points into.
    pub target: EditTarget,
    /// What is replaced (in `target` as checked).
    pub span: Span,
    /// What goes in their place.
    pub replacement: String,
}

/// What to do to an attached file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentEditKind {
    /// Remove the file's metadata (EXIF: location, time, device): the shell re-encodes the
    /// picture before upload. The picture itself is unchanged.
    StripMetadata,
}

impl AttachmentEditKind {
    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentEditKind::StripMetadata => "strip_metadata",
        }
    }
}

/// One machine-applicable change to an attachment's file. The core never sees the file: the
/// shell that holds it makes the change (for `strip_metadata`, by re-encoding the picture).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentEdit {
    /// Index of the attachment in the context's `attachments`.
    pub attachment: usize,
    /// What to do.
    pub kind: AttachmentEditKind,
}

/// A fix that needs no judgement: the edits that resolve (or defuse) a finding.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fix {
    /// True when the fix keeps what the author meant and may be applied without asking
    /// (masking personal data, dropping invisible characters, adding a disclaimer to the
    /// profile, stripping a photo's metadata); false when it changes the author's words and
    /// should be confirmed.
    pub safe: bool,
    /// The edits of the post and profile, sorted, not overlapping (empty for a fix that
    /// changes only attachments).
    pub edits: Vec<Edit>,
    /// The changes to attached files (left out of JSON when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentEdit>,
}

impl Fix {
    /// A fix made of edits of the post or profile.
    pub fn edits(safe: bool, edits: Vec<Edit>) -> Fix {
        Fix { safe, edits, attachments: Vec::new() }
    }
}

/// A rule that did not run because the context lacked what it needs.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The rule id.
    pub rule: String,
    /// The context fields it needed and did not get.
    pub missing: Vec<String>,
}

/// Which policy produced a report.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyRef {
    /// Policy id.
    pub id: String,
    /// Policy version.
    pub version: String,
}

/// The result of checking one post (from [`crate::Checker::check`]).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// The most severe finding's verdict.
    pub verdict: Verdict,
    /// Findings sorted by first span, then rule id.
    pub findings: Vec<Finding>,
    /// RFC 3339 time (in the policy's offset) at which the same post would first pass the
    /// timing rules, when timing is the problem; none otherwise.
    pub next_allowed_at: Option<String>,
    /// Rules that did not run for want of context.
    pub skipped: Vec<Skipped>,
    /// The policy that was applied.
    pub policy: PolicyRef,
}

impl Report {
    /// The report as compact JSON: the wire format shared by every binding.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The report as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
