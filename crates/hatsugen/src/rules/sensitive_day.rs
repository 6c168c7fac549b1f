//! `sensitive_day.frivolous`: a frivolous or celebratory post (the rule's text condition:
//! group `frivolous` in the built-in pack) on a day the policy lists as sensitive
//! (`[[sensitive_day]]`: 東日本大震災の発生日, 阪神・淡路大震災の発生日…), inside its window.
//! The finding takes the day's severity and says which day it is; `next_allowed_at` is the
//! end of the window.

use jiff::tz::Offset;
use jiff::{SignedDuration, Timestamp};

use super::{CodeRule, NextOk, Out, RuleCx, RuleMeta, fill_each};
use crate::calendar::to_civil;
use crate::context_field::ContextField;
use crate::policy::SensitiveDay;

pub(crate) struct Frivolous;

pub(crate) static RULES: [Frivolous; 1] = [Frivolous];

static META: RuleMeta = RuleMeta {
    id: "sensitive_day.frivolous",
    description: "A post that meets the rule's text condition (frivolous or celebratory words) inside the window of a `[[sensitive_day]]`.",
    reads: &[ContextField::Time, ContextField::Action],
    needs_condition: true,
    placeholders: &["day", "action", "until"],
    accept: false,
};

/// The window of `day` that holds `t`, as instants.
fn window_at(day: &SensitiveDay, t: Timestamp, offset: Offset) -> Option<(Timestamp, Timestamp)> {
    let today = to_civil(t, offset).date();
    [today.yesterday().ok(), Some(today), today.tomorrow().ok()].into_iter().flatten().find_map(|d| {
        let (s, e) = day.window_on(d)?;
        let midnight = offset.to_timestamp(d.to_datetime(jiff::civil::Time::midnight())).ok()?;
        let start = midnight.checked_add(SignedDuration::from_secs(s)).ok()?;
        let end = midnight.checked_add(SignedDuration::from_secs(e)).ok()?;
        (start <= t && t < end).then_some((start, end))
    })
}

/// The sensitive days whose window holds `t`, with the window's end.
fn active(cx: &RuleCx<'_>, t: Timestamp) -> Vec<(usize, Timestamp)> {
    cx.shared
        .sensitive_days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| window_at(d, t, cx.shared.offset).map(|(_, end)| (i, end)))
        .collect()
}

/// The first instant at or after `t` outside every window.
fn after_windows(cx: &RuleCx<'_>, t: Timestamp) -> Timestamp {
    let mut cur = t;
    for _ in 0..=cx.shared.sensitive_days.len() {
        match active(cx, cur).iter().map(|(_, end)| *end).max() {
            Some(end) => cur = end,
            None => break,
        }
    }
    cur
}

impl CodeRule for Frivolous {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, cx: &RuleCx<'_>, out: &mut Out) {
        if cx.shared.sensitive_days.is_empty() {
            return;
        }
        let Some(t) = cx.input.ctx.time else {
            cx.skip(out, &[ContextField::Time]);
            return;
        };
        let days: Vec<&SensitiveDay> =
            active(cx, t).iter().filter_map(|(i, _)| cx.shared.sensitive_days.get(*i)).collect();
        let Some(severity) = days.iter().map(|d| d.severity).max() else { return };
        let mut f = cx.finding(Vec::new());
        f.severity = severity;
        f.terms = days.iter().map(|d| d.id.clone()).collect();
        let ja: Vec<String> = days.iter().map(|d| format!("{}({})", d.name, d.window_text().0)).collect();
        let en: Vec<String> = days
            .iter()
            .map(|d| format!("{} ({})", d.name_en.as_deref().unwrap_or(&d.name), d.window_text().1))
            .collect();
        fill_each(&mut f, "day", &ja.join("、"), &en.join(", "));
        let (action_ja, action_en) = cx.input.ctx.action_or_post().label();
        fill_each(&mut f, "action", action_ja, action_en);
        let until = super::timing::local_minute(after_windows(cx, t), cx.shared.offset);
        fill_each(&mut f, "until", &until, &until);
        out.findings.push(f);
    }

    fn next_ok(&self, cx: &RuleCx<'_>, t: Timestamp) -> NextOk {
        if cx.input.ctx.time.is_none() || cx.shared.sensitive_days.is_empty() {
            return NextOk::Indifferent;
        }
        NextOk::At(after_windows(cx, t))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::calendar::MonthDay;
    use crate::policy::SensitiveDate;
    use crate::report::Severity;

    #[test]
    fn windows_hold_the_instants_inside_them_only() {
        let jst = Offset::constant(9);
        let day = SensitiveDay {
            id: "kobe".into(),
            name: "阪神・淡路大震災の発生日".into(),
            name_en: None,
            date: SensitiveDate::Yearly(MonthDay::new(1, 17)),
            at: Some("00:30".parse().unwrap()),
            margin: Some(60),
            severity: Severity::Warn,
        };
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        // 23:30 the day before is inside (the window crosses midnight), 01:30 is not.
        let w = window_at(&day, at("2027-01-16T23:30:00+09:00"), jst).unwrap();
        assert_eq!(w, (at("2027-01-16T23:30:00+09:00"), at("2027-01-17T01:30:00+09:00")));
        assert!(window_at(&day, at("2027-01-17T01:29:59+09:00"), jst).is_some());
        assert!(window_at(&day, at("2027-01-17T01:30:00+09:00"), jst).is_none());
        assert!(window_at(&day, at("2027-01-16T23:29:59+09:00"), jst).is_none());
        // UTC input is converted to the policy's zone.
        assert!(window_at(&day, at("2027-01-16T15:00:00Z"), jst).is_some());
    }
}
