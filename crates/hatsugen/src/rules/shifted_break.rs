//! `shifted_break.looks_like_work` (advisory, off by default): the author is on a break of
//! their own schedule (context `schedule`) at a time the policy's schedule, the office's
//! published hours, counts as working time. The post is allowed, but its timestamp will look
//! like posting during working hours. Posting from the official account or to a work channel
//! is exempt; without a schedule of its own in the context the rule has nothing to compare.

use jiff::Timestamp;

use super::timing::{HORIZON_DAYS, calendar, conclude, instant, is_work_posting, search};
use super::{CodeRule, NextOk, Out, RuleCx, RuleMeta};
use crate::calendar::{CalendarError, Schedule};
use crate::context_field::ContextField;

pub(crate) struct ShiftedBreak;

pub(crate) static RULES: [ShiftedBreak; 1] = [ShiftedBreak];

static META: RuleMeta = RuleMeta {
    id: "shifted_break.looks_like_work",
    description: "A post in the break of the author's own schedule at a time the office's schedule counts as working time (advisory, off by default).",
    reads: &[ContextField::Time, ContextField::Schedule, ContextField::Account, ContextField::Channel],
    needs_condition: false,
    placeholders: &["until"],
    accept: false,
};

fn fires(cx: &RuleCx<'_>, own: &Schedule, t: Timestamp) -> Result<bool, CalendarError> {
    let cal = calendar(cx);
    let office = &cx.shared.schedule;
    Ok(own.is_break(cal, own.to_civil(t))? && office.is_working_time(cal, office.to_civil(t))?)
}

fn stretch_end(cx: &RuleCx<'_>, own: &Schedule, t: Timestamp) -> Result<Option<Timestamp>, CalendarError> {
    let office = &cx.shared.schedule;
    let own_end = own.break_end(own.to_civil(t)).map(|e| instant(own, e)).transpose()?;
    let office_end = office
        .next_non_working(calendar(cx), office.to_civil(t), HORIZON_DAYS)?
        .map(|e| instant(office, e))
        .transpose()?;
    Ok(match (own_end, office_end) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    })
}

impl CodeRule for ShiftedBreak {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        let Some(own) = &ctx.schedule else { return };
        if is_work_posting(ctx) {
            return;
        }
        let Some(t) = ctx.time else {
            cx.skip(out, &[ContextField::Time]);
            return;
        };
        conclude(cx, out, fires(cx, own, t), || self.next_ok(cx, t));
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> NextOk {
        let ctx = cx.input.ctx;
        let Some(own) = &ctx.schedule else { return NextOk::Indifferent };
        if is_work_posting(ctx) {
            return NextOk::Indifferent;
        }
        search(t, |t| fires(cx, own, t), |t| stretch_end(cx, own, t))
    }
}
