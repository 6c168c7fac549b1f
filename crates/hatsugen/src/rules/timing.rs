//! What the timing rules share: the schedule in force, civil-time arithmetic, the bounded
//! search for the next instant a rule passes, and the `{until}` placeholder.

use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::{Out, RuleCx, fill_each};
use crate::calendar::{Calendar, CalendarError, Schedule, TimeRange, to_civil};
use crate::context::{Account, Channel, Context};
use crate::report::Finding;

/// How far a timing rule looks ahead for the next instant it passes, in days.
pub(crate) const HORIZON_DAYS: u16 = 30;

/// Most steps of one rule's search (each step skips one stretch of working time or one day).
const MAX_STEPS: usize = 512;

const DAY_SECONDS: i64 = 24 * 60 * 60;

/// The `missing` entry of a timing rule that cannot place the post's time in the calendar.
pub(crate) const TIME_OUT_OF_RANGE: &str = "time (outside the calendar, 1948-07-20 to 2099-12-31)";

/// The `missing` entry of a timing rule when the context's own schedule is not valid.
pub(crate) const INVALID_SCHEDULE: &str = "schedule (invalid)";

/// Posting that is work, not private use: from the official account or to a work channel.
pub(crate) fn is_work_posting(ctx: &Context) -> bool {
    ctx.account == Some(Account::Official) || ctx.channel == Some(Channel::Work)
}

/// The schedule in force: the author's own when the context has a valid one, else the
/// policy's; `None` when the context's own schedule is not valid.
pub(crate) fn schedule<'a>(cx: &RuleCx<'a>) -> Option<&'a Schedule> {
    cx.input.schedule
}

pub(crate) fn calendar<'a>(cx: &RuleCx<'a>) -> &'a Calendar {
    &cx.shared.calendar
}

/// Seconds since midnight of `dt` (sub-seconds dropped).
pub(crate) fn seconds_of_day(dt: DateTime) -> i64 {
    i64::from(dt.hour()) * 3600 + i64::from(dt.minute()) * 60 + i64::from(dt.second())
}

/// `rel` seconds after the midnight that starts `day`.
pub(crate) fn at(day: Date, rel: i64) -> Option<DateTime> {
    crate::calendar::days::at_second(day, rel)
}

/// The instant of the civil time `dt` in the schedule's zone.
pub(crate) fn instant(s: &Schedule, dt: DateTime) -> Result<Timestamp, CalendarError> {
    s.time_zone.from_civil(dt)
}

/// Start and end of `r` in seconds from the midnight of the day it starts on.
pub(crate) fn span_seconds(r: TimeRange) -> (i64, i64) {
    let start = i64::from(r.start.minutes()) * 60;
    let end = i64::from(r.end.minutes()) * 60;
    (start, if end > start { end } else { end + DAY_SECONDS })
}

/// The window of break `b` within working interval `h`, in seconds from `h`'s start day.
pub(crate) fn break_window(b: TimeRange, h: TimeRange) -> Option<(i64, i64)> {
    let (hs, he) = span_seconds(h);
    let (bs, be) = span_seconds(b);
    [0, DAY_SECONDS].into_iter().map(|k| (bs + k, be + k)).find(|&(s, e)| hs <= s && e <= he)
}

/// The first instant at or after `t` at which `fires` is false. `next` gives, for an instant
/// at which the rule fires, a later instant at which it may stop (the end of the stretch).
/// `Some(None)` when there is none within [`HORIZON_DAYS`] of `t` or the calendar cannot
/// answer (a date outside its range).
pub(crate) fn search(
    t: Timestamp,
    mut fires: impl FnMut(Timestamp) -> Result<bool, CalendarError>,
    mut next: impl FnMut(Timestamp) -> Result<Option<Timestamp>, CalendarError>,
) -> Option<Option<Timestamp>> {
    let limit = t.checked_add(SignedDuration::from_hours(24 * i64::from(HORIZON_DAYS + 1))).unwrap_or(Timestamp::MAX);
    let mut cur = t;
    for _ in 0..MAX_STEPS {
        match fires(cur) {
            Ok(false) => return Some(Some(cur)),
            Ok(true) => {}
            Err(_) => return Some(None),
        }
        match next(cur) {
            Ok(Some(n)) if n > cur && n <= limit => cur = n,
            _ => return Some(None),
        }
    }
    Some(None)
}

/// `YYYY-MM-DD HH:MM` of `t` at `offset`.
pub(crate) fn local_minute(t: Timestamp, offset: Offset) -> String {
    let dt = to_civil(t, offset);
    format!("{:04}-{:02}-{:02} {:02}:{:02}", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute())
}

/// Records what a timing rule found at one instant: a finding whose `{until}` is the time
/// `until` gives, a skip when the time lies outside the calendar, nothing when it passes.
pub(crate) fn conclude<E>(
    cx: &RuleCx<'_>,
    out: &mut Out,
    fired: Result<bool, E>,
    until: impl FnOnce() -> Option<Option<Timestamp>>,
) {
    match fired {
        Err(_) => cx.skip(out, &[TIME_OUT_OF_RANGE]),
        Ok(false) => {}
        Ok(true) => {
            let mut f = cx.finding(Vec::new());
            fill_until(cx, &mut f, until());
            out.findings.push(f);
        }
    }
}

/// Replaces `{until}` in a finding's message and suggestion with the next allowed time in
/// the policy's zone (or a note that there is none within the horizon).
pub(crate) fn fill_until(cx: &RuleCx<'_>, f: &mut Finding, until: Option<Option<Timestamp>>) {
    let (ja, en) = match until.flatten() {
        Some(t) => {
            let s = local_minute(t, cx.shared.offset);
            (s.clone(), s)
        }
        None => (format!("({HORIZON_DAYS}日以内になし)"), format!("(none within {HORIZON_DAYS} days)")),
    };
    fill_each(f, "until", &ja, &en);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn r(a: &str, b: &str) -> TimeRange {
        TimeRange::new(a.parse().unwrap(), b.parse().unwrap())
    }

    #[test]
    fn spans_and_breaks_in_seconds() {
        assert_eq!(span_seconds(r("08:30", "17:15")), (30600, 62100));
        assert_eq!(span_seconds(r("22:00", "07:00")), (79200, 111_600));
        assert_eq!(span_seconds(r("08:30", "08:30")), (30600, 117_000));
        assert_eq!(break_window(r("02:00", "03:00"), r("22:00", "07:00")), Some((93600, 97200)));
        assert_eq!(break_window(r("12:00", "13:00"), r("08:30", "17:15")), Some((43200, 46800)));
        assert_eq!(break_window(r("18:00", "19:00"), r("08:30", "17:15")), None);
    }

    #[test]
    fn search_stops_at_the_horizon() {
        let t: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let step = SignedDuration::from_hours(240);
        assert_eq!(search(t, |_| Ok(true), |c| Ok(c.checked_add(step).ok())), Some(None));
        let later = t.checked_add(step).unwrap();
        assert_eq!(search(t, |c| Ok(c < later), |c| Ok(c.checked_add(step).ok())), Some(Some(later)));
        assert_eq!(search(t, |_| Err(CalendarError::YearOutOfRange { year: 2100 }), |_| Ok(None)), Some(None));
    }
}
