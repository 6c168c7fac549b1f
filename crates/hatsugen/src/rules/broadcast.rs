//! `broadcast.many_recipients`: a DM or group message to many people at once.

use super::{CodeRule, Out, RuleCx, fill};
use crate::context::Audience;

pub(crate) struct Broadcast;

impl CodeRule for Broadcast {
    fn id(&self) -> &'static str {
        "broadcast.many_recipients"
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        match ctx.audience {
            None => cx.skip(out, &["audience"]),
            Some(Audience::Public) => {}
            Some(Audience::Dm | Audience::Group) => match ctx.recipients {
                None => cx.skip(out, &["recipients"]),
                Some(n) if n >= cx.shared.broadcast_threshold => {
                    let mut f = cx.finding(Vec::new());
                    fill(
                        &mut f,
                        &[("recipients", &n.to_string()), ("threshold", &cx.shared.broadcast_threshold.to_string())],
                    );
                    out.findings.push(f);
                }
                Some(_) => {}
            },
        }
    }
}
