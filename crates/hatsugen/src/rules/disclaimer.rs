//! `disclaimer_missing.no_disclaimer`: an account that shows its owner is staff needs a
//! "personal views" disclaimer in its profile or in the post: a match of one of the groups
//! its `accept` names (the built-in pack's `disclaimer`).

use super::{CodeRule, Out, RuleCx, RuleMeta};
use crate::context::Account;
use crate::context_field::ContextField;
use crate::fix::DEFAULT_DISCLAIMER;
use crate::report::{Edit, EditTarget, Fix, Span};

pub(crate) struct Disclaimer;

pub(crate) static RULES: [Disclaimer; 1] = [Disclaimer];

static META: RuleMeta = RuleMeta {
    id: "disclaimer_missing.no_disclaimer",
    description: "A staff-identified account with no \"personal views\" disclaimer in its profile or the post.",
    reads: &[ContextField::Account, ContextField::Profile],
    needs_condition: false,
    placeholders: &[],
    accept: true,
};

impl CodeRule for Disclaimer {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let input = cx.input;
        match input.ctx.account {
            None => cx.skip(out, &[ContextField::Account]),
            Some(Account::StaffIdentified) => {
                let has = |g: &u32| input.text.hits.any(*g) || input.profile.as_ref().is_some_and(|p| p.hits.any(*g));
                if !cx.accept.iter().any(has) {
                    let mut f = cx.finding(Vec::new());
                    f.fix = Some(append_disclaimer(cx, &input.text.original, input.ctx.profile.as_deref()));
                    out.findings.push(f);
                }
            }
            Some(Account::Personal | Account::Official) => {}
        }
    }
}

/// The fix: the disclaimer (the rule's `suggestion.replacement`, or
/// [`DEFAULT_DISCLAIMER`]) appended on a line of its own to the profile (safe) or, when the
/// context has no profile, to the post (not safe: it changes the post).
fn append_disclaimer(cx: &RuleCx<'_>, text: &str, profile: Option<&str>) -> Fix {
    let disclaimer = cx.spec.suggestion.as_ref().and_then(|s| s.replacement.as_deref()).unwrap_or(DEFAULT_DISCLAIMER);
    let (target, base, safe) = match profile {
        Some(p) => (EditTarget::Profile, p, true),
        None => (EditTarget::Text, text, false),
    };
    let sep = if base.trim_end_matches([' ', '\u{3000}']).is_empty() || base.ends_with('\n') { "" } else { "\n" };
    let at = base.len();
    Fix::edits(safe, vec![Edit { target, span: Span::new(at, at), replacement: format!("{sep}{disclaimer}") }])
}
