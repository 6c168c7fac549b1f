//! Timing rules end to end: boundaries, statuses, shifts across midnight, holidays and
//! closures, イクボス, the advisories, next_allowed_at, and times the calendar cannot place.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use hatsugen::calendar::Schedule;
use hatsugen::{
    Account, Audience, Channel, Checker, Context, Policy, RecipientRelation, Report, Role, Status, Verdict,
};
use jiff::Timestamp;

/// A request for work: the after-hours rule reads the text and fires only on one.
const TEXT: &str = "明日の朝までに資料をまとめておいて";

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn check_with(checker: &Checker, ctx: &Context) -> Report {
    checker.check(TEXT, ctx)
}

fn check(ctx: &Context) -> Report {
    check_with(Checker::default_checker(), ctx)
}

fn rules(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

fn working(time: &str) -> Context {
    Context::default().time(ts(time)).status(Status::Working)
}

fn to_subordinate(time: &str) -> Context {
    Context::default()
        .time(ts(time))
        .role(Role::Manager)
        .recipient_relation(RecipientRelation::Subordinate)
        .audience(Audience::Dm)
}

fn checker(toml: &str) -> Checker {
    Checker::new(&Policy::from_toml(toml).unwrap()).unwrap()
}

#[test]
fn working_hours_boundaries_to_the_minute() {
    // Friday 2026-11-20, default schedule 08:30-17:15 with a break 12:00-13:00.
    let cases = [
        ("08:29", None),
        ("08:29:59", None),
        ("08:30", Some("12:00")),
        ("11:59", Some("12:00")),
        ("11:59:59.999", Some("12:00")),
        ("12:00", None),
        ("12:59", None),
        ("13:00", Some("17:15")),
        ("17:14", Some("17:15")),
        ("17:15", None),
    ];
    for (hm, next) in cases {
        let t = if hm.len() == 5 { format!("{hm}:00") } else { hm.to_owned() };
        let r = check(&working(&format!("2026-11-20T{t}+09:00")));
        match next {
            Some(n) => {
                assert_eq!(rules(&r), ["work_hours.during_work"], "{hm}");
                assert_eq!(r.verdict, Verdict::Block, "{hm}");
                assert_eq!(r.next_allowed_at.as_deref(), Some(format!("2026-11-20T{n}:00+09:00").as_str()), "{hm}");
            }
            None => {
                assert!(r.findings.is_empty(), "{hm}: {:?}", rules(&r));
                assert_eq!(r.next_allowed_at, None, "{hm}");
            }
        }
    }
}

#[test]
fn a_z_time_is_converted_to_the_schedules_zone() {
    let r = check(&working("2026-11-20T01:00:00Z"));
    assert_eq!(rules(&r), ["work_hours.during_work"]);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T12:00:00+09:00"));
    assert!(check(&working("2026-11-19T23:29:59Z")).findings.is_empty());
    assert!(!check(&working("2026-11-19T23:30:00Z")).findings.is_empty());
}

#[test]
fn the_suggestion_says_until_when() {
    let r = check(&working("2026-11-20T10:00:00+09:00"));
    let s = r.findings[0].suggestion.as_ref().unwrap();
    assert!(s.ja.contains("2026-11-20 12:00 以降"), "{}", s.ja);
    assert!(s.en.contains("2026-11-20 12:00 or later"), "{}", s.en);
    assert_eq!(r.findings[0].law.as_deref(), Some("地方公務員法第35条(職務に専念する義務)"));
}

#[test]
fn each_status() {
    let at = |status: Status, time: &str| check(&Context::default().time(ts(time)).status(status));
    let day = "2026-11-20T10:00:00+09:00";
    let evening = "2026-11-20T19:00:00+09:00";
    assert_eq!(rules(&at(Status::Working, day)), ["work_hours.during_work"]);
    assert_eq!(rules(&at(Status::BusinessTrip, day)), ["work_hours.during_work"]);
    assert!(at(Status::Working, evening).findings.is_empty());
    assert!(at(Status::BusinessTrip, evening).findings.is_empty());
    assert!(at(Status::Off, day).findings.is_empty());
    let leave = at(Status::OnLeave, day);
    assert_eq!(rules(&leave), ["work_hours.on_leave"]);
    assert_eq!(leave.verdict, Verdict::Warn);
    assert_eq!(leave.next_allowed_at.as_deref(), Some("2026-11-20T12:00:00+09:00"));
    assert!(at(Status::OnLeave, evening).findings.is_empty());
    for time in [day, evening, "2026-11-21T03:00:00+09:00"] {
        let r = at(Status::Overtime, time);
        assert_eq!(rules(&r), ["work_hours.overtime"], "{time}");
        assert_eq!(r.verdict, Verdict::Block);
        assert_eq!(r.next_allowed_at, None, "no later time helps overtime");
    }
}

#[test]
fn holiday_work_blocks_the_hours_of_that_day_only() {
    // Saturday.
    let r = check(&working("2026-11-21T10:00:00+09:00"));
    assert_eq!(rules(&r), ["work_hours.holiday_work"]);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-21T12:00:00+09:00"));
    assert!(check(&working("2026-11-21T12:30:00+09:00")).findings.is_empty(), "the break is free");
    let r = check(&working("2026-11-21T13:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-21T17:15:00+09:00"));
    assert!(check(&working("2026-11-21T20:00:00+09:00")).findings.is_empty());
    // 勤労感謝の日 (Monday) and 年末年始.
    assert_eq!(rules(&check(&working("2026-11-23T09:00:00+09:00"))), ["work_hours.holiday_work"]);
    assert_eq!(rules(&check(&working("2027-01-02T09:00:00+09:00"))), ["work_hours.holiday_work"]);
    // On leave on a day off is no concern.
    let leave = Context::default().time(ts("2026-11-21T10:00:00+09:00")).status(Status::OnLeave);
    assert!(check(&leave).findings.is_empty());
}

#[test]
fn year_end_closure_boundary() {
    assert!(check(&working("2026-12-28T23:59:00+09:00")).findings.is_empty());
    assert!(check(&working("2026-12-29T00:00:00+09:00")).findings.is_empty());
    assert_eq!(rules(&check(&working("2026-12-28T17:14:00+09:00"))), ["work_hours.during_work"]);
    assert_eq!(rules(&check(&working("2026-12-29T08:30:00+09:00"))), ["work_hours.holiday_work"]);
    for t in ["2026-12-28T23:59:00+09:00", "2026-12-29T00:00:00+09:00", "2026-12-28T14:59:00Z"] {
        let r = check(&to_subordinate(t));
        assert_eq!(rules(&r), ["after_hours_to_subordinate.outside_hours"], "{t}");
        assert_eq!(r.next_allowed_at.as_deref(), Some("2027-01-04T08:30:00+09:00"), "{t}");
    }
}

#[test]
fn substitute_holidays_at_the_year_boundaries() {
    // 2018-12-24 (Monday) is the substitute for 天皇誕生日 on Sunday 12-23.
    let r = check(&to_subordinate("2018-12-21T18:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2018-12-25T08:30:00+09:00"));
    // 2023-01-02 is a substitute holiday; without the year-end closure the office opens 01-03.
    let open = checker(
        "extends = \"builtin:jp-local-gov\"\n[calendar]\nclosures = [{ from = \"12-31\", to = \"12-31\", name = \"大晦日\" }]\n",
    );
    let r = check_with(&open, &to_subordinate("2022-12-30T18:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2023-01-03T08:30:00+09:00"));
    assert_eq!(rules(&check_with(&open, &working("2023-01-02T10:00:00+09:00"))), ["work_hours.holiday_work"]);
    assert_eq!(rules(&check_with(&open, &working("2023-01-03T10:00:00+09:00"))), ["work_hours.during_work"]);
    assert_eq!(rules(&check_with(&open, &working("2022-12-30T10:00:00+09:00"))), ["work_hours.during_work"]);
    // 2017-01-02 too, inside the default closure.
    let r = check(&to_subordinate("2016-12-28T18:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2017-01-04T08:30:00+09:00"));
}

#[test]
fn work_posting_is_exempt_from_work_hours_but_not_from_ikuboss() {
    let t = "2026-11-20T10:00:00+09:00";
    assert!(check(&working(t).account(Account::Official)).findings.is_empty());
    assert!(check(&working(t).channel(Channel::Work)).findings.is_empty());
    assert!(check(&working(t).channel(Channel::Work)).skipped.iter().all(|s| !s.rule.starts_with("work_hours")));
    let night = to_subordinate("2026-11-20T22:00:00+09:00").channel(Channel::Work).audience(Audience::Group);
    assert_eq!(rules(&check(&night)), ["after_hours_to_subordinate.outside_hours"]);
}

#[test]
fn ikuboss_spares_thanks_and_greetings() {
    let ctx = to_subordinate("2026-11-20T19:00:00+09:00");
    let thanks = Checker::default_checker().check("今日は遅くまでありがとう。ゆっくり休んでね", &ctx);
    assert!(thanks.findings.is_empty(), "{:?}", thanks.findings);
    let request = Checker::default_checker().check("お疲れさま。明日の会議資料、朝イチで修正しておいて", &ctx);
    assert_eq!(rules(&request), ["after_hours_to_subordinate.outside_hours"]);
    assert!(!request.findings[0].spans.is_empty(), "the finding points at the request");
}

#[test]
fn ikuboss_suggests_the_next_working_morning() {
    let r = check(&to_subordinate("2026-11-20T19:00:00+09:00"));
    assert_eq!(r.verdict, Verdict::Warn);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-24T08:30:00+09:00"), "Monday 11-23 is a holiday");
    let s = r.findings[0].suggestion.as_ref().unwrap();
    assert!(s.ja.contains("2026-11-24 08:30"), "{}", s.ja);
    assert!(check(&to_subordinate("2026-11-20T12:30:00+09:00")).findings.is_empty(), "lunch is in the day");
    assert!(check(&to_subordinate("2026-11-20T08:30:00+09:00")).findings.is_empty());
    let early = check(&to_subordinate("2026-11-20T08:29:00+09:00"));
    assert_eq!(early.next_allowed_at.as_deref(), Some("2026-11-20T08:30:00+09:00"));
    // Not a message to subordinates.
    let t = "2026-11-20T22:00:00+09:00";
    assert!(check(&to_subordinate(t).audience(Audience::Public)).findings.is_empty());
    assert!(check(&to_subordinate(t).recipient_relation(RecipientRelation::Friend)).findings.is_empty());
    assert!(check(&to_subordinate(t).role(Role::Staff)).findings.is_empty());
}

#[test]
fn skips_name_only_what_could_change_the_answer() {
    let skipped = |r: &Report, rule: &str| r.skipped.iter().find(|s| s.rule == rule).map(|s| s.missing.clone());
    // Nothing known.
    let r = check(&Context::default());
    assert_eq!(skipped(&r, "work_hours.during_work"), Some(vec!["status".into(), "time".into()]));
    assert_eq!(skipped(&r, "work_hours.overtime"), Some(vec!["status".into()]));
    assert_eq!(skipped(&r, "after_hours_to_subordinate.outside_hours"), None, "nothing points at a message");
    // A time in working hours but no status: the status matters.
    let r = check(&Context::default().time(ts("2026-11-20T10:00:00+09:00")));
    assert_eq!(skipped(&r, "work_hours.during_work"), Some(vec!["status".into()]));
    assert_eq!(skipped(&r, "work_hours.on_leave"), Some(vec!["status".into()]));
    assert_eq!(skipped(&r, "work_hours.holiday_work"), None, "a working day");
    // After hours no status could make it working time.
    let r = check(&Context::default().time(ts("2026-11-20T20:00:00+09:00")));
    assert_eq!(skipped(&r, "work_hours.during_work"), None);
    assert_eq!(skipped(&r, "work_hours.holiday_work"), None);
    // A status that cannot fire needs no time.
    let r = check(&Context::default().status(Status::Off));
    assert!(r.skipped.iter().all(|s| !s.rule.starts_with("work_hours")), "{:?}", r.skipped);
    let r = check(&Context::default().status(Status::Working));
    assert_eq!(skipped(&r, "work_hours.during_work"), Some(vec!["time".into()]));
    // イクボス: a manager with no relation, a relation with no audience.
    let r = check(&Context::default().role(Role::Manager).time(ts("2026-11-20T22:00:00+09:00")));
    assert_eq!(
        skipped(&r, "after_hours_to_subordinate.outside_hours"),
        Some(vec!["audience".into(), "recipient_relation".into()])
    );
    let r = check(&Context::default().recipient_relation(RecipientRelation::Subordinate));
    assert_eq!(skipped(&r, "after_hours_to_subordinate.outside_hours"), Some(vec!["audience".into(), "time".into()]));
}

fn nurse() -> Schedule {
    Context::from_json(
        r#"{"schedule":{"days":["mon","tue","wed","thu","fri","sat","sun"],"hours":[{"start":"16:30","end":"09:00"}],"breaks":[{"start":"00:00","end":"01:00"}]}}"#,
    )
    .unwrap()
    .schedule
    .unwrap()
}

#[test]
fn night_shift_across_midnight() {
    let n = |t: &str| working(t).schedule(nurse());
    let r = check(&n("2026-11-20T03:00:00+09:00"));
    assert_eq!(rules(&r), ["work_hours.during_work"]);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T09:00:00+09:00"));
    let r = check(&n("2026-11-19T23:59:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T00:00:00+09:00"), "the break after midnight");
    assert!(check(&n("2026-11-20T00:30:00+09:00")).findings.is_empty());
    assert!(check(&n("2026-11-20T12:00:00+09:00")).findings.is_empty(), "noon is off for a night nurse");
    assert!(check(&n("2026-11-20T16:29:00+09:00")).findings.is_empty());
    assert_eq!(rules(&check(&n("2026-11-20T16:30:00+09:00"))), ["work_hours.during_work"]);
    // The shift that starts on 勤労感謝の日 is holiday work; the one ending that morning is not.
    assert_eq!(rules(&check(&n("2026-11-23T08:00:00+09:00"))), ["work_hours.during_work"]);
    let r = check(&n("2026-11-23T20:00:00+09:00"));
    assert_eq!(rules(&r), ["work_hours.holiday_work"]);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-24T00:00:00+09:00"));
    // A night-shift manager messaging the night shift during it is fine; at noon it is not.
    let m = |t: &str| to_subordinate(t).audience(Audience::Group).schedule(nurse());
    assert!(check(&m("2026-11-20T03:00:00+09:00")).findings.is_empty());
    let r = check(&m("2026-11-20T12:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T16:30:00+09:00"));
}

#[test]
fn twenty_four_hour_shift() {
    let s = Context::from_json(r#"{"schedule":{"days":["fri"],"hours":[{"start":"08:30","end":"08:30"}]}}"#)
        .unwrap()
        .schedule
        .unwrap();
    assert!(s.breaks().is_empty(), "hours without breaks: no breaks");
    let r = check(&working("2026-11-21T03:00:00+09:00").schedule(s.clone()));
    assert_eq!(rules(&r), ["work_hours.during_work"]);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-21T08:30:00+09:00"));
    let r = check(&working("2026-11-20T08:30:00+09:00").schedule(s));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-21T08:30:00+09:00"));
}

#[test]
fn next_allowed_at_is_written_in_the_policys_offset() {
    let utc = checker(
        "extends = \"builtin:jp-local-gov\"\n[schedule]\ntime_zone = \"UTC\"\nhours = [{ start = \"09:00\", end = \"17:00\" }]\nbreaks = [{ start = \"12:00\", end = \"13:00\" }]\n",
    );
    let r = check_with(&utc, &working("2026-11-20T10:00:00Z"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T12:00:00+00:00"));
    let r = check_with(&utc, &working("2026-11-20T19:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T12:00:00+00:00"), "10:00 UTC");
    // Embargo lift times use the policy's offset too.
    let c = checker(
        "extends = \"builtin:jp-local-gov\"\n[schedule]\ntime_zone = \"+00:00\"\n[[embargo]]\nid = \"lib\"\nterms = [\"新図書館\"]\nlift = \"2026-12-01T10:00:00+09:00\"\n",
    );
    let r = c.check("新図書館", &Context::default().time(ts("2026-11-20T10:00:00Z")));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-12-01T01:00:00+00:00"));
    assert!(r.findings[0].message.ja.contains("2026-12-01T01:00:00+00:00"), "{}", r.findings[0].message.ja);
}

#[test]
fn advisories_are_off_by_default_and_info_when_on() {
    let late = Context::default().time(ts("2026-11-20T23:30:00+09:00")).status(Status::Off);
    assert!(check(&late).findings.is_empty());
    let on = checker(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"late_night.sleep_on_it\"]\nenabled = true\n[rules.\"shifted_break.looks_like_work\"]\nenabled = true\n",
    );
    let r = check_with(&on, &late);
    assert_eq!(rules(&r), ["late_night.sleep_on_it"]);
    assert_eq!(r.verdict, Verdict::Allow, "an advisory does not change the verdict");
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-21T05:00:00+09:00"));
    assert!(check_with(&on, &late.clone().account(Account::Official)).findings.is_empty());
    for (t, fires) in [("21:59", false), ("22:00", true), ("04:59", true), ("05:00", false)] {
        let c = Context::default().time(ts(&format!("2026-11-21T{t}:00+09:00")));
        assert_eq!(!check_with(&on, &c).findings.is_empty(), fires, "{t}");
    }
    // A shifted break: the author's own break at 14:00 is working time by the office's hours.
    let own =
        Context::from_json(r#"{"schedule":{"breaks":[{"start":"14:00","end":"15:00"}]}}"#).unwrap().schedule.unwrap();
    let r = check_with(&on, &working("2026-11-20T14:30:00+09:00").schedule(own.clone()));
    assert_eq!(rules(&r), ["shifted_break.looks_like_work"]);
    assert_eq!(r.verdict, Verdict::Allow);
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T17:15:00+09:00"));
    assert!(check(&working("2026-11-20T14:30:00+09:00").schedule(own.clone())).findings.is_empty());
    // Working through the usual lunch is working time.
    let r = check(&working("2026-11-20T12:30:00+09:00").schedule(own));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T14:00:00+09:00"));
}

#[test]
fn late_night_window_is_configurable() {
    let c = checker(
        "extends = \"builtin:jp-local-gov\"\n[late_night]\nfrom = \"01:00\"\nto = \"04:00\"\n[rules.\"late_night.sleep_on_it\"]\nenabled = true\n",
    );
    let at = |t: &str| check_with(&c, &Context::default().time(ts(&format!("2026-11-21T{t}:00+09:00"))));
    assert!(at("00:59").findings.is_empty());
    assert_eq!(at("01:00").next_allowed_at.as_deref(), Some("2026-11-21T04:00:00+09:00"));
    assert!(at("04:00").findings.is_empty());
    let p = Policy::from_toml("extends = \"builtin:jp-local-gov\"\n[late_night]\nfrom = \"23:00\"\n").unwrap();
    assert_eq!((p.late_night().from.to_string(), p.late_night().to.to_string()), ("23:00".into(), "05:00".into()));
}

#[test]
fn local_holidays_and_one_off_closures() {
    let c = checker(
        r#"extends = "builtin:jp-local-gov"
[calendar]
local_holidays = [{ date = "06-23", name = "慰霊の日" }]
one_off = [{ from = "2027-03-30", to = "2027-03-31", name = "庁舎移転" }]
"#,
    );
    assert_eq!(rules(&check_with(&c, &working("2027-06-23T10:00:00+09:00"))), ["work_hours.holiday_work"]);
    assert_eq!(rules(&check(&working("2027-06-23T10:00:00+09:00"))), ["work_hours.during_work"]);
    let r = check_with(&c, &to_subordinate("2027-03-29T18:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2027-04-01T08:30:00+09:00"));
    assert_eq!(c.calendar().day_off(jiff::civil::date(2027, 6, 23)).unwrap().unwrap().name_ja, "慰霊の日");
}

#[test]
fn times_the_calendar_cannot_place_are_skipped_never_a_crash() {
    let every_rule = checker(
        "extends = \"builtin:jp-local-gov\"\n[rules.\"late_night.sleep_on_it\"]\nenabled = true\n[rules.\"shifted_break.looks_like_work\"]\nenabled = true\n",
    );
    let own = nurse();
    let times = [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+23:59",
        "1900-01-01T10:00:00+09:00",
        "1948-07-19T23:59:59+09:00",
        "1948-07-20T00:00:00+09:00",
        "1948-07-20T03:00:00+09:00",
        "2099-12-31T23:59:59+09:00",
        "2100-01-01T00:00:00+09:00",
        "9999-12-30T10:00:00Z",
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-23:59",
        "-009999-01-02T00:00:00Z",
    ];
    for t in times {
        let Ok(time) = t.parse::<Timestamp>() else { continue };
        for status in Status::ALL {
            for schedule in [None, Some(own.clone())] {
                let mut ctx = to_subordinate(t).time(time).status(*status);
                if let Some(s) = &schedule {
                    ctx = ctx.schedule(s.clone());
                }
                let r = check_with(&every_rule, &ctx);
                let _ = r.to_json();
            }
        }
    }
    let r = check(&working("2100-01-04T10:00:00+09:00"));
    assert!(r.findings.is_empty());
    let s = r.skipped.iter().find(|s| s.rule == "work_hours.during_work").unwrap();
    assert!(s.missing[0].starts_with("time (outside the calendar"), "{:?}", s.missing);
    // Overtime needs no calendar.
    let r = check(&Context::default().time(ts("9999-12-30T10:00:00Z")).status(Status::Overtime));
    assert_eq!(rules(&r), ["work_hours.overtime"]);
    // The search runs out of the calendar: no next time, and the message says so.
    let r = check(&to_subordinate("2099-12-30T18:00:00+09:00"));
    assert_eq!(rules(&r), ["after_hours_to_subordinate.outside_hours"]);
    assert_eq!(r.next_allowed_at, None);
    assert!(r.findings[0].suggestion.as_ref().unwrap().en.contains("none within 30 days"));
}

#[test]
fn an_invalid_schedule_cannot_be_built_so_no_rule_checks_one() {
    let usual = Schedule::default_japanese();
    let twice = [usual.hours(), usual.hours()].concat();
    let e = Schedule::new(usual.days().to_vec(), twice, usual.breaks().to_vec(), usual.time_zone()).unwrap_err();
    assert_eq!(e.field(), Some("hours[1]"), "{e}");
    // What a context can carry is valid: the timing rules read it without a check of their own.
    let night = Schedule::new(
        usual.days().to_vec(),
        vec![hatsugen::calendar::TimeRange::new("22:00".parse().unwrap(), "07:00".parse().unwrap())],
        Vec::new(),
        usual.time_zone(),
    )
    .unwrap();
    let r = check(&working("2026-11-20T23:00:00+09:00").schedule(night));
    assert_eq!(rules(&r), ["work_hours.during_work"]);
    assert!(r.skipped.iter().all(|s| s.rule != "work_hours.during_work"));
}

#[test]
fn next_allowed_at_is_null_when_timing_is_not_the_problem() {
    let r = Checker::default_checker().check("あの課長はバカだ", &working("2026-11-20T18:00:00+09:00"));
    assert_eq!(r.verdict, Verdict::Block);
    assert_eq!(r.next_allowed_at, None);
    let r = Checker::default_checker().check("あの課長はバカだ", &working("2026-11-20T10:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2026-11-20T12:00:00+09:00"));
}

#[test]
fn the_search_crosses_a_long_closure_within_the_horizon() {
    // A city closed for three weeks: the next working morning is still found.
    let c = checker(
        "extends = \"builtin:jp-local-gov\"\n[calendar]\none_off = [{ from = \"2027-08-02\", to = \"2027-08-22\", name = \"改修工事\" }]\n",
    );
    let r = check_with(&c, &to_subordinate("2027-07-30T18:00:00+09:00"));
    assert_eq!(r.next_allowed_at.as_deref(), Some("2027-08-23T08:30:00+09:00"));
    // Closed longer than the horizon: no answer.
    let c = checker(
        "extends = \"builtin:jp-local-gov\"\n[calendar]\none_off = [{ from = \"2027-08-02\", to = \"2027-09-30\", name = \"改修工事\" }]\n",
    );
    let r = check_with(&c, &to_subordinate("2027-07-30T18:00:00+09:00"));
    assert_eq!(r.verdict, Verdict::Warn);
    assert_eq!(r.next_allowed_at, None);
}
