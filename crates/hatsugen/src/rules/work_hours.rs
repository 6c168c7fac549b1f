//! `work_hours.*`: private posting while on duty (地方公務員法第35条, 職務専念義務).
//!
//! The schedule in force is the author's own (context `schedule`) or the policy's. Posting
//! from the official account or to a work channel is work and exempt.
//!
//! * `during_work` (block): status `working` or `business_trip` (travel time included) during
//!   working time; the break is free.
//! * `holiday_work` (block): the same statuses on a day that is not a working day (休日出勤),
//!   in the schedule's hours of that day; its break is free too. The shift the post's time
//!   falls in is the one worked: the search for a later time does not assume other days off
//!   are worked.
//! * `overtime` (block): status `overtime`, at any time; no later time helps.
//! * `on_leave` (warn): status `on_leave` during normal working time (the guideline says to
//!   avoid it, not that it is forbidden).
//!
//! Each rule records a skip only when the missing field could change its answer: without a
//! status, `during_work` and `on_leave` only ask for it during working time and
//! `holiday_work` only on a day off during the hours.

use jiff::Timestamp;
use jiff::civil::DateTime;

use super::timing::{HORIZON_DAYS, TIME_OUT_OF_RANGE, calendar, conclude, instant, is_work_posting, search};
use super::{CodeRule, NextOk, Out, RuleCx, RuleMeta};
use crate::calendar::{Calendar, CalendarError, Schedule, Shift};
use crate::context::Status;
use crate::context_field::ContextField;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DuringWork,
    HolidayWork,
    OnLeave,
    Overtime,
}

/// One of the work-hours rules.
pub(crate) struct WorkHours {
    kind: Kind,
    meta: RuleMeta,
}

const READS: &[ContextField] =
    &[ContextField::Status, ContextField::Time, ContextField::Schedule, ContextField::Account, ContextField::Channel];

pub(crate) static RULES: [WorkHours; 4] = [
    WorkHours {
        kind: Kind::DuringWork,
        meta: RuleMeta {
            id: "work_hours.during_work",
            description: "A private post during working time from an author on duty (status `working` or `business_trip`).",
            reads: READS,
            needs_condition: false,
            placeholders: &["until"],
            accept: false,
        },
    },
    WorkHours {
        kind: Kind::HolidayWork,
        meta: RuleMeta {
            id: "work_hours.holiday_work",
            description: "A private post from an author on duty on a day off (休日出勤), in the hours of that shift.",
            reads: READS,
            needs_condition: false,
            placeholders: &["until"],
            accept: false,
        },
    },
    WorkHours {
        kind: Kind::OnLeave,
        meta: RuleMeta {
            id: "work_hours.on_leave",
            description: "A private post during normal working time from an author on leave.",
            reads: READS,
            needs_condition: false,
            placeholders: &["until"],
            accept: false,
        },
    },
    WorkHours {
        kind: Kind::Overtime,
        meta: RuleMeta {
            id: "work_hours.overtime",
            description: "A private post from an author working overtime, at any time.",
            reads: READS,
            needs_condition: false,
            placeholders: &["until"],
            accept: false,
        },
    },
];

const ON_DUTY: &[Status] = &[Status::Working, Status::BusinessTrip];

/// 休日出勤: the shift the post's time `anchor` falls in, when it starts on a day that is not
/// a working day. The author says they are on duty then; that shift (and no other day off)
/// is what they work.
fn off_day_shift(s: &Schedule, cal: &Calendar, anchor: DateTime) -> Result<Option<Shift>, CalendarError> {
    match s.shift_holding(anchor) {
        Some(shift) if !s.is_working_day(cal, shift.day())? => Ok(Some(shift)),
        _ => Ok(None),
    }
}

/// What a rule needs to answer at any instant: the schedule in force, the calendar and,
/// for holiday work, the off-day shift of the post's time.
struct At<'a> {
    s: &'a Schedule,
    cal: &'a Calendar,
    off_day: Option<Shift>,
}

impl WorkHours {
    fn statuses(&self) -> &'static [Status] {
        match self.kind {
            Kind::DuringWork | Kind::HolidayWork => ON_DUTY,
            Kind::OnLeave => &[Status::OnLeave],
            Kind::Overtime => &[Status::Overtime],
        }
    }

    fn at<'a>(&self, cx: &RuleCx<'a>, post: Timestamp) -> Result<At<'a>, CalendarError> {
        let s = cx.input.schedule;
        let cal = calendar(cx);
        let off_day = if self.kind == Kind::HolidayWork { off_day_shift(s, cal, s.to_civil(post))? } else { None };
        Ok(At { s, cal, off_day })
    }

    /// Whether the rule fires at `t` for a status it covers.
    fn fires(&self, a: &At<'_>, t: Timestamp) -> Result<bool, CalendarError> {
        let dt = a.s.to_civil(t);
        match self.kind {
            Kind::Overtime => Ok(true),
            Kind::DuringWork | Kind::OnLeave => a.s.is_working_time(a.cal, dt),
            Kind::HolidayWork => Ok(a.off_day.and_then(|shift| a.s.stretch_end(shift, dt)).is_some()),
        }
    }

    /// For an instant at which the rule fires, the end of that stretch.
    fn stretch_end(&self, a: &At<'_>, t: Timestamp) -> Result<Option<Timestamp>, CalendarError> {
        let dt = a.s.to_civil(t);
        let end = match self.kind {
            Kind::Overtime => None,
            Kind::DuringWork | Kind::OnLeave => a.s.next_non_working(a.cal, dt, HORIZON_DAYS)?,
            Kind::HolidayWork => a.off_day.and_then(|shift| a.s.stretch_end(shift, dt)),
        };
        end.map(|e| instant(a.s, e)).transpose()
    }
}

impl CodeRule for WorkHours {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        let ctx = cx.input.ctx;
        if is_work_posting(ctx) {
            return;
        }
        let status_known = match ctx.status {
            Some(st) if self.statuses().contains(&st) => true,
            Some(_) => return,
            None => false,
        };
        if self.kind == Kind::Overtime {
            if status_known {
                out.findings.push(cx.finding(Vec::new()));
            } else {
                cx.skip(out, &[ContextField::Status]);
            }
            return;
        }
        let Some(t) = ctx.time else {
            cx.skip(out, if status_known { &[ContextField::Time] } else { &[ContextField::Status, ContextField::Time] });
            return;
        };
        let a = match self.at(cx, t) {
            Ok(a) => a,
            Err(_) => {
                cx.skip_with_note(out, TIME_OUT_OF_RANGE);
                return;
            }
        };
        match self.fires(&a, t) {
            Ok(true) if !status_known => cx.skip(out, &[ContextField::Status]),
            fired => conclude(cx, out, fired, || self.next_ok(cx, t)),
        }
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> NextOk {
        let ctx = cx.input.ctx;
        if is_work_posting(ctx) || !ctx.status.is_some_and(|st| self.statuses().contains(&st)) {
            return NextOk::Indifferent;
        }
        if self.kind == Kind::Overtime {
            return NextOk::Never;
        }
        let Some(post) = ctx.time else { return NextOk::Indifferent };
        let Ok(a) = self.at(cx, post) else { return NextOk::Never };
        search(t, |t| self.fires(&a, t), |t| self.stretch_end(&a, t))
    }
}
