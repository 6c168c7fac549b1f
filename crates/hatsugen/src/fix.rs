//! Machine-applicable fixes: what a finding's [`Fix`] says, and [`Checker::fix`], which
//! applies them and checks the result again.
//!
//! A finding carries a fix only when the fix is mechanical:
//!
//! | finding | edit | safe |
//! | --- | --- | --- |
//! | `personal_data.*` | the number or address in its masked form (`090-****-5678`) | yes |
//! | `disclaimer_missing.no_disclaimer`, profile given | 「※投稿は個人の見解です」 appended to the profile | yes |
//! | `disclaimer_missing.no_disclaimer`, no profile | the same appended to the post | no |
//! | a text rule whose `suggestion` has a `replacement` | each span replaced by it (a neutral word) | no |
//! | any other finding on words hidden with zero-width characters | the invisible characters removed | yes |
//! | `personal_data.photo_location` | `strip_metadata` of the attachment (the shell re-encodes it) | yes |
//!
//! "Safe" fixes keep what the author meant and may be applied without asking; the others
//! change the author's words and should be shown and confirmed.

use serde::{Deserialize, Serialize};

use crate::checker::Checker;
use crate::context::Context;
use crate::report::{AttachmentEditKind, Edit, EditTarget, Finding, Fix, Report, Span};
use crate::wire::CheckError;

/// The disclaimer appended when the policy's rule gives no `suggestion.replacement`.
pub const DEFAULT_DISCLAIMER: &str = "※投稿は個人の見解です";

/// Which fixes [`Checker::fix`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixSelection<'a> {
    /// Only fixes marked safe (what an "apply fixes" button does without asking).
    Safe,
    /// Every fix, safe or not.
    All,
    /// The fixes of findings of these rules (ids such as `personal_data.phone`), safe or not.
    Rules(&'a [&'a str]),
}

impl<'a> FixSelection<'a> {
    /// Reads the selection the shells accept: `"safe"` (or empty), `"all"`, or rule ids
    /// separated by commas (`"personal_data.phone,defamation.insult"`); `ids` receives the
    /// ids so that the selection can borrow them.
    pub fn parse(spec: &'a str, ids: &'a mut Vec<&'a str>) -> FixSelection<'a> {
        match spec.trim() {
            "" | "safe" => FixSelection::Safe,
            "all" => FixSelection::All,
            list => {
                ids.extend(list.split(',').map(str::trim).filter(|s| !s.is_empty()));
                FixSelection::Rules(ids)
            }
        }
    }

    /// `(every fix, only safe ones, these rules' fixes)`: plain values, read once.
    fn parts(self) -> (bool, bool, &'a [&'a str]) {
        match self {
            FixSelection::Safe => (false, true, &[]),
            FixSelection::All => (true, false, &[]),
            FixSelection::Rules(ids) => (false, false, ids),
        }
    }
}

/// One edit that [`Checker::fix`] applied.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", ts(rename = "AppliedEdit"))]
pub struct Applied {
    /// The rule whose finding the edit fixes.
    pub rule: String,
    /// Whether the fix was marked safe.
    pub safe: bool,
    /// The text changed.
    pub target: EditTarget,
    /// What was replaced, in the text as it was checked.
    pub span: Span,
    /// Where the replacement is in the fixed text (spans re-based past earlier edits).
    pub fixed_span: Span,
    /// The text put in.
    pub replacement: String,
}

/// One change to an attached file that [`Checker::fix`] chose. The core never holds the
/// file: the shell makes the change (for `strip_metadata`, it re-encodes the picture
/// without its metadata before upload).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedAttachment {
    /// The rule whose finding the change fixes.
    pub rule: String,
    /// Whether the fix was marked safe.
    pub safe: bool,
    /// Index of the attachment in the context's `attachments`.
    pub attachment: usize,
    /// What to do to it.
    pub kind: AttachmentEditKind,
}

/// The result of [`Checker::fix`]: the fixed text and profile, what was done, and the
/// report on the fixed post.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fixed {
    /// The post with the fixes applied.
    pub text: String,
    /// The profile with the fixes applied (none when the context had none and no fix added
    /// one).
    pub profile: Option<String>,
    /// The edits applied, in order of target and position.
    pub applied: Vec<Applied>,
    /// The changes the shell must make to attached files, by attachment (left out of JSON
    /// when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AppliedAttachment>,
    /// The report on the fixed post and profile, as [`Checker::check`] gives it: the caller
    /// knows whether the post may now go out.
    pub report: Report,
}

impl Fixed {
    /// As compact JSON: `{"text", "profile", "applied", "attachments" (when not empty),
    /// "report"}`.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Checker {
    /// Applies the fixes of the selected findings in one pass and checks the result again.
    ///
    /// Edits are applied in order of position; an edit that overlaps one already taken is
    /// left out (the first in order of position wins; an insertion at the same place as
    /// another is applied once). Spans of the new report, and `fixed_span` of each applied
    /// edit, point into the fixed text.
    ///
    /// ```
    /// use hatsugen::{Checker, Context, FixSelection, Verdict};
    /// let checker = Checker::default_checker();
    /// let fixed = checker.fix("連絡は 090-1234-5678 まで", &Context::default(), FixSelection::Safe);
    /// assert_eq!(fixed.text, "連絡は 090-****-5678 まで");
    /// assert_eq!(fixed.report.verdict, Verdict::Allow);
    /// ```
    pub fn fix(&self, text: &str, ctx: &Context, which: FixSelection<'_>) -> Fixed {
        let report = self.check(text, ctx);
        self.fix_report(text, ctx, &report, which)
    }

    /// Like [`Checker::fix`] within the policy's size limit, as the shells do.
    pub fn fix_bounded(&self, text: &str, ctx: &Context, which: FixSelection<'_>) -> Result<Fixed, CheckError> {
        let report = self.check_bounded(text, ctx)?;
        Ok(self.fix_report(text, ctx, &report, which))
    }

    fn fix_report(&self, text: &str, ctx: &Context, report: &Report, which: FixSelection<'_>) -> Fixed {
        let (all, safe_only, ids) = which.parts();
        let mut chosen: Vec<(&Finding, bool, &Edit)> = report
            .findings
            .iter()
            .filter_map(|f| {
                let wanted = |fix: &&Fix| all || (safe_only && fix.safe) || ids.contains(&f.rule.as_str());
                f.fix.as_ref().filter(wanted).map(|fix| (f, fix))
            })
            .flat_map(|(f, fix)| fix.edits.iter().map(move |e| (f, fix.safe, e)))
            .collect();
        // Edits equal in every part of the key are the same edit of the same rule: an
        // unstable sort is deterministic here.
        chosen.sort_unstable_by(|a, b| edit_key(a).cmp(&edit_key(b)));
        let profile_in = ctx.profile.as_deref().unwrap_or("");
        let mut applied = Vec::new();
        let new_text = apply(text, EditTarget::Text, &chosen, &mut applied);
        let new_profile = apply(profile_in, EditTarget::Profile, &chosen, &mut applied);
        let profile = match (&ctx.profile, new_profile == profile_in) {
            (None, true) => None,
            _ => Some(new_profile),
        };
        // By attachment, then in the report's order; one change of each kind per file. (A
        // few attachments and findings: no sort needed, none compiled into the WebAssembly.)
        let mut attachments: Vec<AppliedAttachment> = Vec::new();
        for i in 0..ctx.attachments.len() {
            for f in &report.findings {
                let Some(fix) = f.fix.as_ref() else { continue };
                if !(all || (safe_only && fix.safe) || ids.contains(&f.rule.as_str())) {
                    continue;
                }
                for e in fix.attachments.iter().filter(|e| e.attachment == i) {
                    if !attachments.iter().any(|a| a.attachment == i && a.kind == e.kind) {
                        attachments.push(AppliedAttachment {
                            rule: f.rule.clone(),
                            safe: fix.safe,
                            attachment: i,
                            kind: e.kind,
                        });
                    }
                }
            }
        }
        let stripped: Vec<usize> =
            attachments.iter().filter(|a| a.kind == AttachmentEditKind::StripMetadata).map(|a| a.attachment).collect();
        let mut fixed_ctx = ctx.clone();
        fixed_ctx.profile.clone_from(&profile);
        let report = self.check_stripped(&new_text, &fixed_ctx, &stripped);
        Fixed { text: new_text, profile, applied, attachments, report }
    }
}

/// The order edits are applied in: text before profile, by position, then rule and
/// replacement (plain integers and strings: no padding bytes are compared).
fn edit_key<'a>(x: &(&'a Finding, bool, &'a Edit)) -> (bool, usize, usize, &'a str, &'a str) {
    (x.2.target == EditTarget::Profile, x.2.span.start, x.2.span.end, x.0.rule.as_str(), x.2.replacement.as_str())
}

/// Applies the edits of `target` (sorted by span) to `original`, skipping any that
/// overlap one taken before or do not fall on character boundaries.
fn apply(original: &str, target: EditTarget, edits: &[(&Finding, bool, &Edit)], applied: &mut Vec<Applied>) -> String {
    let mut out = String::with_capacity(original.len() + 32);
    let mut at = 0usize;
    let mut last_insert: Option<usize> = None;
    for (finding, safe, e) in edits.iter().filter(|(_, _, e)| e.target == target) {
        let Span { start, end } = e.span;
        let insert = start == end;
        // Overlaps what is already replaced, or a second insertion at the same place.
        if start < at || (insert && last_insert == Some(start)) {
            continue;
        }
        let (Some(keep), Some(_)) = (original.get(at..start), original.get(start..end)) else { continue };
        out.push_str(keep);
        let from = out.len();
        out.push_str(&e.replacement);
        applied.push(Applied {
            rule: finding.rule.clone(),
            safe: *safe,
            target,
            span: e.span,
            fixed_span: Span::new(from, out.len()),
            replacement: e.replacement.clone(),
        });
        at = end;
        if insert {
            last_insert = Some(start);
        }
    }
    out.push_str(original.get(at..).unwrap_or_default());
    out
}

/// Characters that show nothing and can hide a word from a filter: zero-width space,
/// non-joiner, word joiner, BOM, soft hyphen, and a zero-width joiner that joins nothing.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Edits removing the invisible characters inside `span` of `text`. A zero-width joiner
/// inside an emoji sequence (👨‍👩‍👧) joins something and stays.
fn invisible_edits(text: &str, span: Span) -> Vec<Edit> {
    let Some(part) = text.get(span.start..span.end) else { return Vec::new() };
    let mut edits: Vec<Edit> = Vec::new();
    for (g_at, g) in crate::grapheme::clusters(part) {
        let mut chars = g.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // A joiner with something after it in the same cluster joins it.
            if !is_invisible(c) || (c == '\u{200D}' && chars.peek().is_some()) {
                continue;
            }
            let start = span.start + g_at + i;
            let end = start + c.len_utf8();
            match edits.last_mut() {
                Some(last) if last.span.end == start => last.span.end = end,
                _ => edits.push(Edit {
                    target: EditTarget::Text,
                    span: Span::new(start, end),
                    replacement: String::new(),
                }),
            }
        }
    }
    edits
}

/// Gives the findings of a report whose fix is generic the fix: a text rule's
/// `replacement` (not safe), or the removal of invisible characters from its spans (safe).
/// Rules with a fix of their own (personal data, the disclaimer) have set it already.
pub(crate) fn attach_generic(findings: &mut [Finding], text: &str) {
    for f in findings.iter_mut().filter(|f| f.fix.is_none() && f.attachment.is_none() && !f.spans.is_empty()) {
        let replacement = f.suggestion.as_ref().and_then(|s| s.replacement.clone());
        let fix = match replacement {
            Some(r) => Fix::edits(
                false,
                f.spans.iter().map(|s| Edit { target: EditTarget::Text, span: *s, replacement: r.clone() }).collect(),
            ),
            None => {
                let edits: Vec<Edit> = f.spans.iter().flat_map(|s| invisible_edits(text, *s)).collect();
                if edits.is_empty() {
                    continue;
                }
                Fix::edits(true, edits)
            }
        };
        f.fix = Some(fix);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::{Account, Policy, Verdict};

    fn rules(r: &Report) -> Vec<&str> {
        r.findings.iter().map(|f| f.rule.as_str()).collect()
    }

    #[test]
    fn masks_personal_data_and_rechecks() {
        let c = Checker::default_checker();
        let text = "😀電話は090-1234-5678。メールはtaro.yamada@urayasu-mail.jpへ";
        let before = c.check(text, &Context::default());
        assert!(rules(&before).contains(&"personal_data.phone"), "{:?}", rules(&before));
        let phone = before.findings.iter().find(|f| f.rule == "personal_data.phone").unwrap();
        let fix = phone.fix.as_ref().unwrap();
        assert!(fix.safe);
        assert_eq!(fix.edits[0].replacement, "090-****-5678");
        assert_eq!(&text[fix.edits[0].span.start..fix.edits[0].span.end], "090-1234-5678");

        let fixed = c.fix(text, &Context::default(), FixSelection::Safe);
        assert!(fixed.text.contains("090-****-5678"), "{}", fixed.text);
        assert!(!fixed.text.contains("1234"), "{}", fixed.text);
        assert!(!fixed.text.contains("taro.yamada"), "{}", fixed.text);
        assert_eq!(fixed.applied.len(), 2);
        // Spans re-based: each applied edit points at its replacement in the fixed text.
        for a in &fixed.applied {
            assert_eq!(&fixed.text[a.fixed_span.start..a.fixed_span.end], a.replacement);
        }
        assert!(!rules(&fixed.report).iter().any(|r| r.starts_with("personal_data.")), "{:?}", fixed.report);
        assert_eq!(fixed.report.verdict, Verdict::Allow);
        assert_eq!(fixed.profile, None);
    }

    #[test]
    fn selection_by_rule_id() {
        let c = Checker::default_checker();
        let text = "電話は090-1234-5678。メールはtaro.yamada@urayasu-mail.jpへ";
        let fixed = c.fix(text, &Context::default(), FixSelection::Rules(&["personal_data.email"]));
        assert!(fixed.text.contains("090-1234-5678"), "{}", fixed.text);
        assert!(!fixed.text.contains("taro.yamada"), "{}", fixed.text);
        assert_eq!(rules(&fixed.report), ["personal_data.phone"]);
        let mut ids = Vec::new();
        assert_eq!(
            FixSelection::parse(" personal_data.email , ", &mut ids),
            FixSelection::Rules(&["personal_data.email"])
        );
        let mut ids = Vec::new();
        assert_eq!(FixSelection::parse("all", &mut ids), FixSelection::All);
        let mut ids = Vec::new();
        assert_eq!(FixSelection::parse("", &mut ids), FixSelection::Safe);
    }

    #[test]
    fn appends_the_disclaimer_to_the_profile() {
        let c = Checker::default_checker();
        let ctx = Context::default().account(Account::StaffIdentified).profile("浦安市役所で働いています");
        let before = c.check("今日は良い天気", &ctx);
        assert_eq!(rules(&before), ["disclaimer_missing.no_disclaimer"]);
        let fixed = c.fix("今日は良い天気", &ctx, FixSelection::Safe);
        assert_eq!(fixed.text, "今日は良い天気");
        assert_eq!(fixed.profile.as_deref(), Some("浦安市役所で働いています\n※投稿は個人の見解です"));
        assert_eq!(fixed.applied[0].target, EditTarget::Profile);
        assert_eq!(fixed.report.verdict, Verdict::Allow, "{:?}", fixed.report);
        // Without a profile the disclaimer goes into the post, and only when asked.
        let ctx = Context::default().account(Account::StaffIdentified);
        let fixed = c.fix("今日は良い天気", &ctx, FixSelection::Safe);
        assert!(fixed.applied.is_empty());
        let fixed = c.fix("今日は良い天気", &ctx, FixSelection::All);
        assert_eq!(fixed.text, "今日は良い天気\n※投稿は個人の見解です");
        assert_eq!(fixed.report.verdict, Verdict::Allow);
        assert_eq!(fixed.profile, None);
    }

    #[test]
    fn removes_invisible_characters_but_not_emoji_joiners() {
        let c = Checker::default_checker();
        let text = "👨\u{200D}👩\u{200D}👧 お前はバ\u{200B}\u{200B}カ\u{200D}だ";
        let r = c.check(text, &Context::default());
        let f = r.findings.iter().find(|f| f.rule == "defamation.insult").unwrap();
        let fix = f.fix.as_ref().unwrap();
        assert!(fix.safe);
        let fixed = c.fix(text, &Context::default(), FixSelection::Safe);
        assert_eq!(fixed.text, "👨\u{200D}👩\u{200D}👧 お前はバカだ");
        // The insult is now plain to see, and still blocked.
        assert!(rules(&fixed.report).contains(&"defamation.insult"));
    }

    #[test]
    fn replaces_with_the_packs_neutral_word_only_when_asked() {
        let policy = Policy::from_toml(
            r#"extends = "builtin:jp-local-gov"
id = "t"
version = "1"
[rules."defamation.insult"]
suggestion = { ja = "「残念」と書いてください。", en = "Say it calmly.", replacement = "残念" }
"#,
        )
        .unwrap();
        let c = Checker::new(&policy).unwrap();
        let text = "この対応はクソだし、バカじゃないの";
        let fixed = c.fix(text, &Context::default(), FixSelection::Safe);
        assert_eq!(fixed.text, text);
        let fixed = c.fix(text, &Context::default(), FixSelection::All);
        assert!(fixed.text.contains("残念"), "{}", fixed.text);
        assert!(!fixed.text.contains("バカ"), "{}", fixed.text);
        assert!(fixed.applied.iter().all(|a| !a.safe));
    }

    #[test]
    fn overlapping_edits_apply_once() {
        let f = Finding::new("x.y", crate::Severity::Warn);
        let e = |s, e, r: &str| Edit { target: EditTarget::Text, span: Span::new(s, e), replacement: r.into() };
        let (a, b, c, d) = (e(0, 3, "A"), e(2, 5, "B"), e(6, 6, "!"), e(6, 6, "!"));
        let edits = vec![(&f, true, &a), (&f, true, &b), (&f, true, &c), (&f, true, &d)];
        let mut applied = Vec::new();
        assert_eq!(apply("abcdefg", EditTarget::Text, &edits, &mut applied), "Adef!g");
        assert_eq!(applied.len(), 2);
        assert_eq!(applied[1].fixed_span, Span::new(4, 5));
        // Not on a character boundary: left out, no panic.
        let bad = e(1, 2, "x");
        let mut applied = Vec::new();
        assert_eq!(apply("あい", EditTarget::Text, &[(&f, true, &bad)], &mut applied), "あい");
        assert!(applied.is_empty());
    }
}
