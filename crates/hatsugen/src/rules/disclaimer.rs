//! `disclaimer_missing.no_disclaimer`: an account that shows its owner is staff needs a
//! "personal views" disclaimer in its profile or in the post.

use super::{CodeRule, Out, RuleCx};
use crate::context::Account;

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
                    out.findings.push(cx.finding(Vec::new()));
                }
            }
            Some(Account::Personal | Account::Official) => {}
        }
    }
}
