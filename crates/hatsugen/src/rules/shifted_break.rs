//! `shifted_break.looks_like_work` (advisory, off by default): the author is on a break of
//! their own schedule (context `schedule`) at a time the policy's schedule, the office's
//! published hours, counts as working time. The post is allowed, but its timestamp will look
//! like posting during working hours. Posting from the official account or to a work channel
//! is exempt; without a schedule of its own in the context the rule has nothing to compare.

use jiff::Timestamp;
use jiff::civil::DateTime;

use super::timing::{
    HORIZON_DAYS, INVALID_SCHEDULE, at, calendar, conclude, instant, is_work_posting, search, seconds_of_day,
    span_seconds,
};
use super::{CodeRule, Out, RuleCx, RuleMeta};
use crate::calendar::{CalendarError, Schedule};
use crate::context_field::ContextField;

pub(crate) struct ShiftedBreak;

pub(crate) static RULES: [ShiftedBreak; 1] = [ShiftedBreak];

static META: RuleMeta = RuleMeta {
    id: "shifted_break.looks_like_work",
    description: "A post in the break of the author's own schedule at a time the office's schedule counts as working time (advisory, off by default).",
    reads: &[ContextField::Time, ContextField::Schedule, ContextField::Account, ContextField::Channel],
    needs_condition: false,
};

/// The end of the break of `s` whose window holds the civil time `dt`, if any.
fn break_end(s: &Schedule, dt: DateTime) -> Option<DateTime> {
    let secs = seconds_of_day(dt);
    for b in &s.breaks {
        let (bs, be) = span_seconds(*b);
        for k in 0..=1i64 {
            let rel = secs + k * 24 * 60 * 60;
            if bs <= rel && rel < be {
                let day = if k == 0 { dt.date() } else { dt.date().yesterday().ok()? };
                return at(day, be);
            }
        }
    }
    None
}

fn fires(cx: &RuleCx<'_>, own: &Schedule, t: Timestamp) -> Result<bool, CalendarError> {
    let cal = calendar(cx);
    let office = &cx.shared.schedule;
    Ok(own.is_break(cal, own.to_civil(t))? && office.is_working_time(cal, office.to_civil(t))?)
}

fn stretch_end(cx: &RuleCx<'_>, own: &Schedule, t: Timestamp) -> Result<Option<Timestamp>, CalendarError> {
    let office = &cx.shared.schedule;
    let own_end = break_end(own, own.to_civil(t)).map(|e| instant(own, e)).transpose()?;
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
        if ctx.schedule.is_none() || is_work_posting(ctx) {
            return;
        }
        let Some(own) = cx.input.schedule else {
            cx.skip_with_note(out, INVALID_SCHEDULE);
            return;
        };
        let Some(t) = ctx.time else {
            cx.skip(out, &[ContextField::Time]);
            return;
        };
        conclude(cx, out, fires(cx, own, t), || self.next_ok(cx, t));
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> Option<Option<Timestamp>> {
        let ctx = cx.input.ctx;
        if ctx.schedule.is_none() || is_work_posting(ctx) {
            return None;
        }
        let own = cx.input.schedule?;
        search(t, |t| fires(cx, own, t), |t| stretch_end(cx, own, t))
    }
}
