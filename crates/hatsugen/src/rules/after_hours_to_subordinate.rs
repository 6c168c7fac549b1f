//! `after_hours_to_subordinate.outside_hours` (イクボス): a manager's direct or group message
//! to subordinates outside working time or on a day that is not a working day. The break
//! counts as part of the working day. Work channels are not exempt: a work chat after hours
//! is exactly the case.
//!
//! It applies when the recipients are subordinates (`recipient_relation: subordinate`, which
//! makes the author their superior; `role: staff` rules it out) and the audience is a DM or a
//! group. A skip is recorded only when the context points at such a message and lacks the
//! rest: `role: manager` without a relation, a relation without an audience, or no time.

use jiff::Timestamp;

use super::timing::{HORIZON_DAYS, calendar, conclude, instant, search};
use super::{CodeRule, NextOk, Out, RuleCx, RuleMeta};
use crate::calendar::{Calendar, CalendarError, Schedule};
use crate::context::{Audience, RecipientRelation, Role};
use crate::context_field::ContextField;

pub(crate) struct AfterHours;

pub(crate) static RULES: [AfterHours; 1] = [AfterHours];

static META: RuleMeta = RuleMeta {
    id: "after_hours_to_subordinate.outside_hours",
    description: "A manager's direct or group message to subordinates outside working time or on a day off.",
    reads: &[
        ContextField::Time,
        ContextField::Role,
        ContextField::Audience,
        ContextField::RecipientRelation,
        ContextField::Schedule,
    ],
    needs_condition: false,
    placeholders: &["until"],
    accept: false,
};

fn fires(s: &Schedule, cal: &Calendar, t: Timestamp) -> Result<bool, CalendarError> {
    let dt = s.to_civil(t);
    Ok(!(s.is_working_time(cal, dt)? || s.is_break(cal, dt)?))
}

fn next_working(s: &Schedule, cal: &Calendar, t: Timestamp) -> Result<Option<Timestamp>, CalendarError> {
    s.next_working(cal, s.to_civil(t), HORIZON_DAYS)?.map(|dt| instant(s, dt)).transpose()
}

/// `Ok(())` when the context is a message to subordinates, `Err(missing)` when it may be
/// one but lacks fields (empty when it is not one).
fn applies(cx: &RuleCx<'_>) -> Result<(), Vec<ContextField>> {
    let ctx = cx.input.ctx;
    let mut missing = Vec::new();
    match (ctx.role, ctx.recipient_relation) {
        (Some(Role::Staff), _) | (_, Some(RecipientRelation::Peer | RecipientRelation::Friend)) => {
            return Err(Vec::new());
        }
        (_, Some(RecipientRelation::Citizen)) | (None, None) => return Err(Vec::new()),
        (Some(Role::Manager), None) => missing.push(ContextField::RecipientRelation),
        (_, Some(RecipientRelation::Subordinate)) => {}
    }
    match ctx.audience {
        Some(Audience::Public) => return Err(Vec::new()),
        Some(Audience::Dm | Audience::Group) => {}
        None => missing.insert(0, ContextField::Audience),
    }
    if missing.is_empty() { Ok(()) } else { Err(missing) }
}

impl CodeRule for AfterHours {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let time = cx.input.ctx.time;
        match applies(cx) {
            Ok(()) => {}
            Err(mut missing) => {
                if !missing.is_empty() {
                    if time.is_none() {
                        missing.push(ContextField::Time);
                    }
                    cx.skip(out, &missing);
                }
                return;
            }
        }
        let Some(t) = time else {
            cx.skip(out, &[ContextField::Time]);
            return;
        };
        conclude(cx, out, fires(cx.input.schedule, calendar(cx), t), || self.next_ok(cx, t));
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> NextOk {
        if applies(cx).is_err() {
            return NextOk::Indifferent;
        }
        let s = cx.input.schedule;
        let cal = calendar(cx);
        search(t, |t| fires(s, cal, t), |t| next_working(s, cal, t))
    }
}
