//! `broadcast.many_recipients` and `broadcast.private_register`: a DM or group message to many
//! people at once, outside a private channel (a friends' or family group is the author's own
//! business; the incident the rules exist for was a private message sent to a group of 50
//! staff). The two differ only in the text condition the pack gives them: the words of
//! affection or of a private note, or a private register read by the model.

use super::{CodeRule, Out, RuleCx, RuleMeta, fill};
use crate::context::Audience;
use crate::context_field::ContextField;

pub(crate) struct Broadcast(&'static RuleMeta);

pub(crate) static RULES: [Broadcast; 2] = [Broadcast(&META), Broadcast(&META_REGISTER)];

static META: RuleMeta = RuleMeta {
    id: "broadcast.many_recipients",
    description: "A direct or group message to as many recipients as the policy's `[broadcast] threshold`, or more, on a channel that is not private.",
    reads: &[ContextField::Audience, ContextField::Recipients, ContextField::Channel],
    needs_condition: false,
    placeholders: &["recipients", "threshold"],
    accept: false,
};

static META_REGISTER: RuleMeta = RuleMeta {
    id: "broadcast.private_register",
    description: "The same as `broadcast.many_recipients`, for a second text condition (the default pack's: a private register, read by the model).",
    needs_condition: true,
    ..META
};

impl CodeRule for Broadcast {
    fn meta(&self) -> &RuleMeta {
        self.0
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
