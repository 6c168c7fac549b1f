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
use jiff::civil::{Date, DateTime, Time};

use super::timing::{
    HORIZON_DAYS, INVALID_SCHEDULE, TIME_OUT_OF_RANGE, at, break_window, calendar, conclude, instant, is_work_posting,
    schedule, search, seconds_of_day, span_seconds,
};
use super::{CodeRule, Out, RuleCx, RuleMeta};
use crate::calendar::{Calendar, CalendarError, Schedule, TimeRange};
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
        },
    },
    WorkHours {
        kind: Kind::HolidayWork,
        meta: RuleMeta {
            id: "work_hours.holiday_work",
            description: "A private post from an author on duty on a day off (休日出勤), in the hours of that shift.",
            reads: READS,
            needs_condition: false,
        },
    },
    WorkHours {
        kind: Kind::OnLeave,
        meta: RuleMeta {
            id: "work_hours.on_leave",
            description: "A private post during normal working time from an author on leave.",
            reads: READS,
            needs_condition: false,
        },
    },
    WorkHours {
        kind: Kind::Overtime,
        meta: RuleMeta {
            id: "work_hours.overtime",
            description: "A private post from an author working overtime, at any time.",
            reads: READS,
            needs_condition: false,
        },
    },
];

const ON_DUTY: &[Status] = &[Status::Working, Status::BusinessTrip];

/// The shift of `s` whose hours hold the civil time `dt`, ignoring the calendar: the day it
/// starts on and its interval.
fn shift_containing(s: &Schedule, dt: DateTime) -> Option<(Date, TimeRange)> {
    let secs = seconds_of_day(dt);
    for k in 0..=1i64 {
        let rel = secs + k * 24 * 60 * 60;
        if let Some(h) = s.hours.iter().find(|h| {
            let (hs, he) = span_seconds(**h);
            hs <= rel && rel < he
        }) {
            let day = if k == 0 { dt.date() } else { dt.date().yesterday().ok()? };
            return Some((day, *h));
        }
    }
    None
}

/// 休日出勤: the shift the post's time `anchor` falls in, when it starts on a day that is not
/// a working day. The author says they are on duty then; that shift (and no other day off)
/// is what they work.
fn off_day_shift(s: &Schedule, cal: &Calendar, anchor: DateTime) -> Result<Option<(Date, TimeRange)>, CalendarError> {
    match shift_containing(s, anchor) {
        Some((day, h)) if !s.is_working_day(cal, day)? => Ok(Some((day, h))),
        _ => Ok(None),
    }
}

/// If `dt` is on duty (not in a break) in the off-day shift `(day, h)` of `s`, the end of
/// that stretch: the next break or the end of the shift.
fn off_day_duty(s: &Schedule, (day, h): (Date, TimeRange), dt: DateTime) -> Option<DateTime> {
    let rel = dt.duration_since(day.to_datetime(Time::midnight())).as_secs();
    let (hs, he) = span_seconds(h);
    if !(hs <= rel && rel < he) {
        return None;
    }
    let mut end = he;
    for b in &s.breaks {
        if let Some((bs, be)) = break_window(*b, h) {
            if bs <= rel && rel < be {
                return None;
            }
            if bs > rel {
                end = end.min(bs);
            }
        }
    }
    at(day, end)
}

/// What a rule needs to answer at any instant: the schedule in force, the calendar and,
/// for holiday work, the off-day shift of the post's time.
struct At<'a> {
    s: &'a Schedule,
    cal: &'a Calendar,
    off_day: Option<(Date, TimeRange)>,
}

impl WorkHours {
    fn statuses(&self) -> &'static [Status] {
        match self.kind {
            Kind::DuringWork | Kind::HolidayWork => ON_DUTY,
            Kind::OnLeave => &[Status::OnLeave],
            Kind::Overtime => &[Status::Overtime],
        }
    }

    fn at<'a>(&self, cx: &RuleCx<'a>, post: Timestamp) -> Result<Option<At<'a>>, CalendarError> {
        let Some(s) = schedule(cx) else { return Ok(None) };
        let cal = calendar(cx);
        let off_day = if self.kind == Kind::HolidayWork { off_day_shift(s, cal, s.to_civil(post))? } else { None };
        Ok(Some(At { s, cal, off_day }))
    }

    /// Whether the rule fires at `t` for a status it covers.
    fn fires(&self, a: &At<'_>, t: Timestamp) -> Result<bool, CalendarError> {
        let dt = a.s.to_civil(t);
        match self.kind {
            Kind::Overtime => Ok(true),
            Kind::DuringWork | Kind::OnLeave => a.s.is_working_time(a.cal, dt),
            Kind::HolidayWork => Ok(a.off_day.and_then(|shift| off_day_duty(a.s, shift, dt)).is_some()),
        }
    }

    /// For an instant at which the rule fires, the end of that stretch.
    fn stretch_end(&self, a: &At<'_>, t: Timestamp) -> Result<Option<Timestamp>, CalendarError> {
        let dt = a.s.to_civil(t);
        let end = match self.kind {
            Kind::Overtime => None,
            Kind::DuringWork | Kind::OnLeave => a.s.next_non_working(a.cal, dt, HORIZON_DAYS)?,
            Kind::HolidayWork => a.off_day.and_then(|shift| off_day_duty(a.s, shift, dt)),
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
            Ok(Some(a)) => a,
            Ok(None) => {
                cx.skip_with_note(out, INVALID_SCHEDULE);
                return;
            }
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

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> Option<Option<Timestamp>> {
        let ctx = cx.input.ctx;
        if is_work_posting(ctx) || !ctx.status.is_some_and(|st| self.statuses().contains(&st)) {
            return None;
        }
        if self.kind == Kind::Overtime {
            return Some(None);
        }
        let post = ctx.time?;
        let a = match self.at(cx, post) {
            Ok(a) => a?,
            Err(_) => return Some(None),
        };
        search(t, |t| self.fires(&a, t), |t| self.stretch_end(&a, t))
    }
}
