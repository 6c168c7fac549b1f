//! `late_night.sleep_on_it` (advisory, off by default): a private post in the policy's
//! late-night window (`[late_night]`, 22:00–05:00 unless set) — sleep on it and read it
//! again in the morning. Some staff keep this as their own rule against posting after
//! drinking. The window is read in the zone of the schedule in force. Posting from the
//! official account or to a work channel is exempt.

use jiff::Timestamp;

use super::timing::{conclude, instant, is_work_posting, search};
use super::{CodeRule, NextOk, Out, RuleCx, RuleMeta};
use crate::calendar::CalendarError;
use crate::context_field::ContextField;

pub(crate) struct LateNight;

pub(crate) static RULES: [LateNight; 1] = [LateNight];

static META: RuleMeta = RuleMeta {
    id: "late_night.sleep_on_it",
    description: "A private post in the policy's late-night window (advisory, off by default).",
    reads: &[ContextField::Time, ContextField::Account, ContextField::Channel, ContextField::Schedule],
    needs_condition: false,
    placeholders: &["until"],
    accept: false,
};

/// The window's occurrence that holds `t`, read in the zone of the schedule in force (the
/// author's own, else the policy's): its end.
fn window_end(cx: &RuleCx<'_>, t: Timestamp) -> Option<jiff::civil::DateTime> {
    let dt = cx.input.schedule.to_civil(t);
    cx.shared.late_night.window().occurrence_at(dt).map(|(_, end)| end)
}

fn fires(cx: &RuleCx<'_>, t: Timestamp) -> bool {
    window_end(cx, t).is_some()
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

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> NextOk {
        if is_work_posting(cx.input.ctx) {
            return NextOk::Indifferent;
        }
        let end = |t| -> Result<Option<Timestamp>, CalendarError> {
            window_end(cx, t).map(|e| instant(cx.input.schedule, e)).transpose()
        };
        search(t, |t| Ok(fires(cx, t)), end)
    }
}
