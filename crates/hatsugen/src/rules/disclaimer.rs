//! `disclaimer_missing.no_disclaimer`: an account that shows its owner is staff needs a
//! "personal views" disclaimer in its profile or in the post.

use super::{CodeRule, Out, RuleCx};
use crate::context::Account;
use crate::fix::DEFAULT_DISCLAIMER;
use crate::report::{Edit, EditTarget, Fix, Span};

pub(crate) struct Disclaimer;

impl CodeRule for Disclaimer {
    fn id(&self) -> &'static str {
        "disclaimer_missing.no_disclaimer"
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let input = cx.input;
        match input.ctx.account {
            None => cx.skip(out, &["account"]),
            Some(Account::StaffIdentified) => {
                let has = |g: u32| input.text.hits.any(g) || input.profile.as_ref().is_some_and(|p| p.hits.any(g));
                if !cx.shared.disclaimer_group.is_some_and(has) {
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
