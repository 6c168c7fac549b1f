//! `broadcast.many_recipients`: a DM or group message to many people at once, outside a
//! private channel (a friends' or family group is the author's own business; the incident
//! the rule exists for was a private message sent to a group of 50 staff).

use super::{CodeRule, Out, RuleCx, RuleMeta, fill};
use crate::context::Audience;
use crate::context_field::ContextField;

pub(crate) struct Broadcast;

pub(crate) static RULES: [Broadcast; 1] = [Broadcast];

static META: RuleMeta = RuleMeta {
    id: "broadcast.many_recipients",
    description: "A direct or group message to as many recipients as the policy's `[broadcast] threshold`, or more, on a channel that is not private.",
    reads: &[ContextField::Audience, ContextField::Recipients, ContextField::Channel],
    needs_condition: false,
    placeholders: &["recipients", "threshold"],
    accept: false,
};

impl CodeRule for Broadcast {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        if ctx.channel == Some(crate::context::Channel::Private) {
            return;
        }
        match ctx.audience {
            None => cx.skip(out, &[ContextField::Audience]),
            Some(Audience::Public) => {}
            Some(Audience::Dm | Audience::Group) => match ctx.recipients {
                None => cx.skip(out, &[ContextField::Recipients]),
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
