//! What the timing rules share: the bounded search for the next instant a rule passes and
//! the `{until}` placeholder. The civil-time arithmetic (shifts, breaks, windows) is the
//! calendar's ([`crate::calendar::Schedule`], [`crate::calendar::TimeRange`]).

use jiff::civil::DateTime;
use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::{NextOk, Out, RuleCx, fill_each};
use crate::calendar::{Calendar, CalendarError, Schedule, to_civil};
use crate::context::{Account, Channel, Context};
use crate::report::Finding;

/// How far a timing rule looks ahead for the next instant it passes, in days.
pub(crate) const HORIZON_DAYS: u16 = 30;

/// Most steps of one rule's search (each step skips one stretch of working time or one day).
const MAX_STEPS: usize = 512;

/// The `missing` entry of a timing rule that cannot place the post's time in the calendar.
pub(crate) const TIME_OUT_OF_RANGE: &str = "time (outside the calendar, 1948-07-20 to 2099-12-31)";

/// Posting that is work, not private use: from the official account or to a work channel.
pub(crate) fn is_work_posting(ctx: &Context) -> bool {
    ctx.account == Some(Account::Official) || ctx.channel == Some(Channel::Work)
}

pub(crate) fn calendar<'a>(cx: &RuleCx<'a>) -> &'a Calendar {
    &cx.shared.calendar
}

/// The instant of the civil time `dt` in the schedule's zone.
pub(crate) fn instant(s: &Schedule, dt: DateTime) -> Result<Timestamp, CalendarError> {
    s.time_zone().from_civil(dt)
}

/// The first instant at or after `t` at which `fires` is false. `next` gives, for an instant
/// at which the rule fires, a later instant at which it may stop (the end of the stretch).
/// [`NextOk::Never`] when there is none within [`HORIZON_DAYS`] of `t` or the calendar
/// cannot answer (a date outside its range).
pub(crate) fn search(
    t: Timestamp,
    mut fires: impl FnMut(Timestamp) -> Result<bool, CalendarError>,
    mut next: impl FnMut(Timestamp) -> Result<Option<Timestamp>, CalendarError>,
) -> NextOk {
    let limit = t.checked_add(SignedDuration::from_hours(24 * i64::from(HORIZON_DAYS + 1))).unwrap_or(Timestamp::MAX);
    let mut cur = t;
    for _ in 0..MAX_STEPS {
        match fires(cur) {
            Ok(false) => return NextOk::At(cur),
            Ok(true) => {}
            Err(_) => return NextOk::Never,
        }
        match next(cur) {
            Ok(Some(n)) if n > cur && n <= limit => cur = n,
            _ => return NextOk::Never,
        }
    }
    NextOk::Never
}

/// `YYYY-MM-DD HH:MM` of `t` at `offset`.
pub(crate) fn local_minute(t: Timestamp, offset: Offset) -> String {
    let dt = to_civil(t, offset);
    format!("{:04}-{:02}-{:02} {:02}:{:02}", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute())
}

/// Records what a timing rule found at one instant: a finding whose `{until}` is the time
/// `until` gives, a skip when the time lies outside the calendar, nothing when it passes.
pub(crate) fn conclude<E>(cx: &RuleCx<'_>, out: &mut Out, fired: Result<bool, E>, until: impl FnOnce() -> NextOk) {
    match fired {
        Err(_) => cx.skip_with_note(out, TIME_OUT_OF_RANGE),
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
pub(crate) fn fill_until(cx: &RuleCx<'_>, f: &mut Finding, until: NextOk) {
    let (ja, en) = match until {
        NextOk::At(t) => {
            let s = local_minute(t, cx.shared.offset);
            (s.clone(), s)
        }
        NextOk::Indifferent | NextOk::Never => {
            (format!("({HORIZON_DAYS}日以内になし)"), format!("(none within {HORIZON_DAYS} days)"))
        }
    };
    fill_each(f, "until", &ja, &en);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn search_stops_at_the_horizon() {
        let t: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        let step = SignedDuration::from_hours(240);
        assert_eq!(search(t, |_| Ok(true), |c| Ok(c.checked_add(step).ok())), NextOk::Never);
        let later = t.checked_add(step).unwrap();
        assert_eq!(search(t, |c| Ok(c < later), |c| Ok(c.checked_add(step).ok())), NextOk::At(later));
        assert_eq!(search(t, |_| Err(CalendarError::YearOutOfRange { year: 2100 }), |_| Ok(None)), NextOk::Never);
    }
}
