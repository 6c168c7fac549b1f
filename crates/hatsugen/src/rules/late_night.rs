//! `late_night.sleep_on_it` (advisory, off by default): a private post in the policy's
//! late-night window (`[late_night]`, 22:00–05:00 unless set) — sleep on it and read it
//! again in the morning. Some staff keep this as their own rule against posting after
//! drinking. The window is read in the zone of the schedule in force. Posting from the
//! official account or to a work channel is exempt.

use jiff::Timestamp;

use super::timing::{at, conclude, instant, is_work_posting, search, seconds_of_day};
use super::{CodeRule, Out, RuleCx, RuleMeta};
use crate::calendar::{CalendarError, Schedule};
use crate::context_field::ContextField;

pub(crate) struct LateNight;

pub(crate) static RULES: [LateNight; 1] = [LateNight];

static META: RuleMeta = RuleMeta {
    id: "late_night.sleep_on_it",
    description: "A private post in the policy's late-night window (advisory, off by default).",
    reads: &[ContextField::Time, ContextField::Account, ContextField::Channel, ContextField::Schedule],
    needs_condition: false,
};

/// The zone the window is read in: the author's own schedule's, else the policy's.
fn zone_schedule<'a>(cx: &RuleCx<'a>) -> &'a Schedule {
    cx.input.ctx.schedule.as_ref().unwrap_or(&cx.shared.schedule)
}

fn fires(cx: &RuleCx<'_>, t: Timestamp) -> bool {
    let dt = zone_schedule(cx).to_civil(t);
    let secs = u32::try_from(seconds_of_day(dt)).unwrap_or(0);
    cx.shared.late_night.contains_seconds(secs)
}

/// The end of the window that `t` is in.
fn window_end(cx: &RuleCx<'_>, t: Timestamp) -> Result<Option<Timestamp>, CalendarError> {
    let s = zone_schedule(cx);
    let dt = s.to_civil(t);
    let to = i64::from(cx.shared.late_night.to.minutes()) * 60;
    let rel = if seconds_of_day(dt) < to { to } else { to + 24 * 60 * 60 };
    at(dt.date(), rel).map(|e| instant(s, e)).transpose()
}

impl CodeRule for LateNight {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        if is_work_posting(ctx) {
            return;
        }
        let Some(t) = ctx.time else {
            cx.skip(out, &[ContextField::Time]);
            return;
        };
        conclude(cx, out, Ok::<bool, ()>(fires(cx, t)), || self.next_ok(cx, t));
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> Option<Option<Timestamp>> {
        if is_work_posting(cx.input.ctx) {
            return None;
        }
        search(t, |t| Ok(fires(cx, t)), |t| window_end(cx, t))
    }
}
