//! Working schedules: boundaries to the second, shifts across midnight, searches for the
//! next (non-)working instant, validation, time zones.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use hatsugen::Policy;
use hatsugen::calendar::{
    Calendar, CalendarConfig, CalendarError, Schedule, TimeOfDay, TimeRange, TimeZoneSpec, from_civil, to_civil,
};
use jiff::Timestamp;
use jiff::civil::{DateTime, Weekday, date};
use jiff::tz::Offset;

fn dt(y: i16, m: i8, d: i8, h: i8, mi: i8, s: i8) -> DateTime {
    date(y, m, d).at(h, mi, s, 0)
}

/// A schedule read from a `[schedule]` section, as a policy's is (over the usual one).
fn read(toml_src: &str) -> Result<Schedule, hatsugen::PolicyError> {
    Policy::from_toml(&format!("id = \"t\"\nversion = \"1\"\n[schedule]\n{toml_src}")).map(|p| p.schedule().clone())
}

fn schedule(toml_src: &str) -> Schedule {
    read(toml_src).unwrap()
}

fn range(a: &str, b: &str) -> TimeRange {
    TimeRange::new(a.parse().unwrap(), b.parse().unwrap())
}

#[test]
fn default_schedule_boundaries_to_the_second() {
    let cal = Calendar::default();
    let s = Schedule::default_japanese();
    // 2025-06-10 is an ordinary Tuesday.
    let w = |h, m, sec| s.is_working_time(&cal, dt(2025, 6, 10, h, m, sec)).unwrap();
    let b = |h, m, sec| s.is_break(&cal, dt(2025, 6, 10, h, m, sec)).unwrap();
    assert!(!w(8, 29, 0));
    assert!(!w(8, 29, 59));
    assert!(w(8, 30, 0));
    assert!(w(11, 59, 59));
    assert!(!w(12, 0, 0));
    assert!(b(12, 0, 0));
    assert!(b(12, 59, 59));
    assert!(!w(12, 59, 59));
    assert!(w(13, 0, 0));
    assert!(!b(13, 0, 0));
    assert!(w(17, 14, 59));
    assert!(!w(17, 15, 0));
    assert!(!b(17, 15, 0));
    assert!(!b(8, 0, 0));
    assert!(!w(0, 0, 0));
    assert!(!w(23, 59, 59));
    // Sub-second precision does not change the answer at minute boundaries.
    assert!(!s.is_working_time(&cal, date(2025, 6, 10).at(8, 29, 59, 999_999_999)).unwrap());
    assert!(s.is_working_time(&cal, date(2025, 6, 10).at(17, 14, 59, 999_999_999)).unwrap());
}

#[test]
fn holidays_weekends_and_closures_are_not_working_days() {
    let cal = Calendar::default();
    let s = Schedule::default_japanese();
    let wd = |y, m, d| s.is_working_day(&cal, date(y, m, d)).unwrap();
    assert!(wd(2026, 12, 28)); // Monday
    assert!(!wd(2026, 12, 29)); // 年末年始
    assert!(!wd(2028, 1, 3)); // Monday, 年末年始
    assert!(wd(2028, 1, 4));
    assert!(!wd(2025, 7, 21)); // 海の日
    assert!(!wd(2025, 6, 14)); // Saturday
    assert!(!wd(2026, 9, 22)); // 国民の休日
    assert!(!s.is_working_time(&cal, dt(2028, 1, 3, 10, 0, 0)).unwrap());
    assert!(s.is_working_time(&cal, dt(2028, 1, 4, 10, 0, 0)).unwrap());
    assert!(!s.is_break(&cal, dt(2028, 1, 3, 12, 30, 0)).unwrap());
    // 23:59 on Dec 28 is after hours; 00:00 on Dec 29 is in the closure.
    assert!(!s.is_working_time(&cal, dt(2026, 12, 28, 23, 59, 0)).unwrap());
    assert_eq!(cal.day_off(date(2026, 12, 28)).unwrap(), None);
    assert!(cal.day_off(date(2026, 12, 29)).unwrap().is_some());
    assert!(matches!(s.is_working_day(&cal, date(2100, 1, 4)), Err(CalendarError::OutOfRange { .. })));
    assert!(matches!(s.is_working_time(&cal, dt(1948, 1, 5, 10, 0, 0)), Err(CalendarError::OutOfRange { .. })));
}

#[test]
fn night_shift_belongs_to_the_day_it_starts() {
    let cal = Calendar::default();
    let s = schedule(
        r#"
        days = ["mon", "tue", "wed", "thu", "fri"]
        hours = [{ start = "22:00", end = "07:00" }]
        breaks = [{ start = "02:00", end = "03:00" }]
        "#,
    );
    let w = |y, m, d, h, mi, sec| s.is_working_time(&cal, dt(y, m, d, h, mi, sec)).unwrap();
    // Monday 2026-12-28: the shift runs into Tuesday 12-29, a closure.
    assert!(!w(2026, 12, 28, 21, 59, 59));
    assert!(w(2026, 12, 28, 22, 0, 0));
    assert!(w(2026, 12, 28, 23, 59, 0));
    assert!(w(2026, 12, 29, 0, 0, 0));
    assert!(w(2026, 12, 29, 1, 59, 59));
    assert!(!w(2026, 12, 29, 2, 0, 0));
    assert!(s.is_break(&cal, dt(2026, 12, 29, 2, 30, 0)).unwrap());
    assert!(w(2026, 12, 29, 3, 0, 0));
    assert!(w(2026, 12, 29, 6, 59, 59));
    assert!(!w(2026, 12, 29, 7, 0, 0));
    // No shift starts on the closure day.
    assert!(!w(2026, 12, 29, 22, 0, 0));
    assert!(!w(2026, 12, 30, 1, 0, 0));
    // Friday night runs into Saturday morning.
    assert!(w(2025, 6, 14, 6, 0, 0));
    // Sunday night is not a shift (Sunday is not a working day), Monday morning neither.
    assert!(!w(2025, 6, 15, 23, 0, 0));
    assert!(!w(2025, 6, 16, 1, 0, 0));

    // Searches.
    let nw = |t| s.next_working(&cal, t, 30).unwrap();
    let nn = |t| s.next_non_working(&cal, t, 30).unwrap();
    assert_eq!(nw(dt(2025, 6, 14, 10, 0, 0)), Some(dt(2025, 6, 16, 22, 0, 0)));
    assert_eq!(nw(dt(2025, 6, 14, 2, 30, 0)), Some(dt(2025, 6, 14, 3, 0, 0)));
    assert_eq!(nw(dt(2025, 6, 13, 23, 0, 0)), Some(dt(2025, 6, 13, 23, 0, 0)));
    assert_eq!(nn(dt(2025, 6, 13, 23, 0, 0)), Some(dt(2025, 6, 14, 2, 0, 0)));
    assert_eq!(nn(dt(2025, 6, 14, 3, 0, 0)), Some(dt(2025, 6, 14, 7, 0, 0)));
    // Closure: the last shift before the year end is Monday 12-28; the next is 2027-01-04.
    assert_eq!(nw(dt(2026, 12, 29, 7, 0, 0)), Some(dt(2027, 1, 4, 22, 0, 0)));
}

#[test]
fn twenty_four_hour_shift() {
    let cal = Calendar::default();
    let s = schedule(
        r#"
        days = ["mon", "wed", "fri"]
        hours = [{ start = "08:30", end = "08:30" }]
        breaks = [{ start = "12:00", end = "13:00" }, { start = "01:00", end = "05:00" }]
        "#,
    );
    // Monday 2025-06-09 08:30 to Tuesday 08:30.
    let w = |d, h, mi, sec| s.is_working_time(&cal, dt(2025, 6, d, h, mi, sec)).unwrap();
    assert!(!w(9, 8, 29, 59));
    assert!(w(9, 8, 30, 0));
    assert!(!w(9, 12, 0, 0));
    assert!(w(9, 23, 0, 0));
    assert!(!w(10, 1, 0, 0));
    assert!(s.is_break(&cal, dt(2025, 6, 10, 4, 59, 59)).unwrap());
    assert!(w(10, 5, 0, 0));
    assert!(w(10, 8, 29, 59));
    assert!(!w(10, 8, 30, 0));
    assert!(!w(10, 12, 30, 0));
    assert!(!s.is_break(&cal, dt(2025, 6, 10, 12, 30, 0)).unwrap());
    // Friday's shift ends Saturday 08:30.
    assert!(w(14, 8, 0, 0));
    assert!(!w(14, 8, 30, 0));
    let nn = |t| s.next_non_working(&cal, t, 30).unwrap();
    let nw = |t| s.next_working(&cal, t, 30).unwrap();
    assert_eq!(nn(dt(2025, 6, 9, 13, 0, 0)), Some(dt(2025, 6, 10, 1, 0, 0)));
    assert_eq!(nn(dt(2025, 6, 10, 5, 0, 0)), Some(dt(2025, 6, 10, 8, 30, 0)));
    assert_eq!(nw(dt(2025, 6, 10, 8, 30, 0)), Some(dt(2025, 6, 11, 8, 30, 0)));
    assert_eq!(nw(dt(2025, 6, 10, 2, 0, 0)), Some(dt(2025, 6, 10, 5, 0, 0)));
    assert_eq!(nw(dt(2025, 6, 9, 12, 0, 0)), Some(dt(2025, 6, 9, 13, 0, 0)));
}

#[test]
fn back_to_back_24_hour_shifts_never_stop_within_the_horizon() {
    let cal = Calendar::new(&CalendarConfig { closures: vec![], ..CalendarConfig::default() }).unwrap();
    let s = schedule(
        r#"
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        hours = [{ start = "00:00", end = "24:00" }]
        breaks = []
        "#,
    );
    let t = dt(2025, 6, 9, 9, 0, 0); // Monday; the next holiday is 海の日 2025-07-21
    assert_eq!(s.next_non_working(&cal, t, 2).unwrap(), None);
    assert_eq!(s.next_non_working(&cal, t, 60).unwrap(), Some(dt(2025, 7, 21, 0, 0, 0)));
    // Just past midnight of a horizon's last day still counts as within it.
    assert_eq!(s.next_non_working(&cal, t, 42).unwrap(), Some(dt(2025, 7, 21, 0, 0, 0)));
    assert_eq!(s.next_non_working(&cal, t, 41).unwrap(), None);
}

#[test]
fn next_non_working_on_the_default_schedule() {
    let cal = Calendar::default();
    let s = Schedule::default_japanese();
    let nn = |t| s.next_non_working(&cal, t, 14).unwrap();
    assert_eq!(nn(dt(2025, 6, 10, 8, 30, 0)), Some(dt(2025, 6, 10, 12, 0, 0)));
    assert_eq!(nn(dt(2025, 6, 10, 11, 59, 59)), Some(dt(2025, 6, 10, 12, 0, 0)));
    assert_eq!(nn(dt(2025, 6, 10, 12, 30, 0)), Some(dt(2025, 6, 10, 12, 30, 0)));
    assert_eq!(nn(dt(2025, 6, 10, 13, 0, 0)), Some(dt(2025, 6, 10, 17, 15, 0)));
    assert_eq!(nn(dt(2025, 6, 10, 17, 15, 0)), Some(dt(2025, 6, 10, 17, 15, 0)));
    assert_eq!(nn(dt(2025, 6, 14, 10, 0, 0)), Some(dt(2025, 6, 14, 10, 0, 0)));
    assert_eq!(s.next_non_working(&cal, dt(2025, 6, 10, 9, 0, 0), 0).unwrap(), Some(dt(2025, 6, 10, 12, 0, 0)));
}

#[test]
fn next_working_skips_weekends_holidays_and_closures() {
    let cal = Calendar::default();
    let s = Schedule::default_japanese();
    let nw = |t, h| s.next_working(&cal, t, h).unwrap();
    // Friday evening before 海の日 (Monday 2025-07-21).
    assert_eq!(nw(dt(2025, 7, 18, 17, 15, 0), 30), Some(dt(2025, 7, 22, 8, 30, 0)));
    assert_eq!(nw(dt(2025, 7, 18, 17, 15, 0), 3), None);
    assert_eq!(nw(dt(2025, 7, 18, 17, 15, 0), 4), Some(dt(2025, 7, 22, 8, 30, 0)));
    // Before hours, in the break, at the boundary, working.
    assert_eq!(nw(dt(2025, 6, 10, 7, 0, 0), 0), Some(dt(2025, 6, 10, 8, 30, 0)));
    assert_eq!(nw(dt(2025, 6, 10, 12, 10, 0), 0), Some(dt(2025, 6, 10, 13, 0, 0)));
    assert_eq!(nw(dt(2025, 6, 10, 8, 30, 0), 0), Some(dt(2025, 6, 10, 8, 30, 0)));
    assert_eq!(nw(dt(2025, 6, 10, 17, 15, 0), 0), None);
    // Year end: 12-26 (Sat) → closure 12-29..01-03 → 2027-01-04 (Mon).
    assert_eq!(nw(dt(2026, 12, 25, 18, 0, 0), 30), Some(dt(2026, 12, 28, 8, 30, 0)));
    assert_eq!(nw(dt(2026, 12, 28, 17, 15, 0), 30), Some(dt(2027, 1, 4, 8, 30, 0)));
    // Golden Week 2026: 4/29 (Wed) ... 5/3–5/6; 5/7 (Thu).
    assert_eq!(nw(dt(2026, 5, 1, 17, 30, 0), 30), Some(dt(2026, 5, 7, 8, 30, 0)));
    // Silver Week 2026: 9/19 Sat – 9/23 Wed (国民の休日 9/22).
    assert_eq!(nw(dt(2026, 9, 18, 17, 30, 0), 30), Some(dt(2026, 9, 24, 8, 30, 0)));

    // With a local holiday on 01-04 and a one-off closure on 01-05 as well.
    let cal = Calendar::new(
        &toml::from_str(
            r#"
            local_holidays = [{ date = "01-04", name = "御用始め前日" }]
            one_off = [{ date = "2027-01-05", name = "システム更新" }]
            "#,
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(s.next_working(&cal, dt(2026, 12, 28, 17, 15, 0), 30).unwrap(), Some(dt(2027, 1, 6, 8, 30, 0)));
    // Searching past the supported range is an error, not a silent "never".
    assert!(matches!(
        s.next_working(&Calendar::default(), dt(2099, 12, 28, 18, 0, 0), 30),
        Err(CalendarError::OutOfRange { .. })
    ));
}

#[test]
fn split_hours_and_adjacent_breaks() {
    let cal = Calendar::default();
    let s = schedule(
        r#"
        hours = [{ start = "08:30", end = "12:00" }, { start = "12:00", end = "17:15" }]
        breaks = [{ start = "10:00", end = "10:15" }, { start = "10:15", end = "10:30" }]
        "#,
    );
    let nn = |t| s.next_non_working(&cal, t, 1).unwrap();
    let nw = |t| s.next_working(&cal, t, 1).unwrap();
    // 12:00 joins the two intervals: no gap.
    assert!(s.is_working_time(&cal, dt(2025, 6, 10, 12, 0, 0)).unwrap());
    assert_eq!(nn(dt(2025, 6, 10, 10, 30, 0)), Some(dt(2025, 6, 10, 17, 15, 0)));
    assert_eq!(nw(dt(2025, 6, 10, 10, 0, 0)), Some(dt(2025, 6, 10, 10, 30, 0)));
}

fn invalid(toml_src: &str) -> hatsugen::PolicyError {
    read(toml_src).unwrap_err()
}

#[test]
fn validation_errors_name_the_field() {
    let cases: [(&str, &str); 11] = [
        ("days = []", "days"),
        (r#"days = ["mon", "tue", "mon"]"#, "days[2]"),
        ("hours = []\nbreaks = []", "hours"),
        (
            r#"hours = [{ start = "08:00", end = "12:00" }, { start = "11:00", end = "13:00" }]
               breaks = []"#,
            "hours[1]",
        ),
        (
            r#"hours = [{ start = "22:00", end = "07:00" }, { start = "06:00", end = "09:00" }]
               breaks = []"#,
            "hours[1]",
        ),
        (
            r#"hours = [{ start = "08:30", end = "08:30" }, { start = "20:00", end = "21:00" }]
               breaks = []"#,
            "hours[1]",
        ),
        (r#"breaks = [{ start = "18:00", end = "19:00" }]"#, "breaks[0]"),
        (r#"breaks = [{ start = "12:00", end = "12:00" }]"#, "breaks[0]"),
        (r#"breaks = [{ start = "12:00", end = "13:00" }, { start = "12:30", end = "13:00" }]"#, "breaks[1]"),
        (r#"breaks = [{ start = "17:00", end = "18:00" }]"#, "breaks[0]"),
        (
            r#"hours = [{ start = "24:00", end = "07:00" }]
               breaks = []"#,
            "hours[0].start",
        ),
    ];
    for (src, field) in cases {
        let e = invalid(src);
        assert_eq!(e.key_path(), Some(format!("schedule.{field}").as_str()), "{src}: {e}");
        assert!(e.message().starts_with(&format!("invalid `schedule.{field}` value `")), "{e}");
    }
    let e = invalid(r#"hours = [{ start = "08:00", end = "12:00" }, { start = "11:00", end = "13:00" }]"#);
    assert_eq!(e.message(), "invalid `schedule.hours[1]` value `11:00-13:00`: overlaps `hours[0]` (`08:00-12:00`)");
    // Schedule::new checks the same, naming the field within the schedule.
    let usual = Schedule::default_japanese();
    let e = Schedule::new(Vec::new(), usual.hours().to_vec(), Vec::new(), usual.time_zone()).unwrap_err();
    assert_eq!(
        (e.field(), e.to_string().as_str()),
        (Some("days"), "invalid `days` value `[]`: at least one working day is required")
    );
    // Touching intervals are fine, and so is a 24-hour shift on consecutive days.
    schedule(r#"hours = [{ start = "08:30", end = "12:00" }, { start = "12:00", end = "17:15" }]"#);
    schedule(r#"hours = [{ start = "08:30", end = "08:30" }]"#);
    schedule(
        r#"hours = [{ start = "22:00", end = "07:00" }, { start = "07:00", end = "08:00" }]
           breaks = [{ start = "23:30", end = "00:30" }]"#,
    );
}

#[test]
fn shapes() {
    let s = schedule(
        r#"
        days = ["mon", "tue", "wed", "thu", "fri"]
        hours = [{ start = "08:30", end = "17:15" }]
        breaks = [{ start = "12:00", end = "13:00" }]
        "#,
    );
    assert_eq!(s, Schedule::default_japanese());
    assert_eq!(schedule(""), Schedule::default_japanese());
    let s = schedule(r#"days = ["Monday", "土", "日曜日"]"#);
    assert_eq!(s.days(), [Weekday::Monday, Weekday::Saturday, Weekday::Sunday]);

    let text = toml::to_string(&Schedule::default_japanese()).unwrap();
    assert!(text.contains(r#"days = ["mon", "tue", "wed", "thu", "fri"]"#), "{text}");
    assert!(text.contains(r#"time_zone = "Asia/Tokyo""#), "{text}");
    let section =
        toml::to_string(&std::collections::BTreeMap::from([("schedule", Schedule::default_japanese())])).unwrap();
    let policy = Policy::from_toml(&format!("id = \"t\"\nversion = \"1\"\n{section}")).unwrap();
    assert_eq!(policy.schedule(), &Schedule::default_japanese(), "{section}");
    let json = serde_json::to_string(&Schedule::default_japanese()).unwrap();
    assert_eq!(
        json,
        r#"{"days":["mon","tue","wed","thu","fri"],"hours":[{"start":"08:30","end":"17:15"}],"breaks":[{"start":"12:00","end":"13:00"}],"time_zone":"Asia/Tokyo"}"#
    );
    let ctx = hatsugen::Context::from_json(&format!(r#"{{"schedule":{json}}}"#)).unwrap();
    assert_eq!(ctx.schedule, Some(Schedule::default_japanese()));

    for bad in [
        r#"days = ["mon", "funday"]"#,
        r#"hours = [{ start = "25:00", end = "17:15" }]"#,
        r#"hours = [{ start = "8.30", end = "17:15" }]"#,
        r#"hours = [{ start = "08:30", end = "17:15", extra = 1 }]"#,
        r#"time_zone = "America/New_York""#,
        r#"shifts = []"#,
    ] {
        assert!(read(bad).is_err(), "{bad}");
    }
    let err = invalid(r#"hours = [{ start = "25:00", end = "17:15" }]"#).to_string();
    assert!(err.contains("`25:00`"), "{err}");
    let err = invalid(r#"time_zone = "America/New_York""#).to_string();
    assert!(err.contains("`America/New_York`"), "{err}");
}

#[test]
fn time_zones() {
    for name in ["Asia/Tokyo", "Japan", "JST", "jst"] {
        let tz = TimeZoneSpec::parse(name).unwrap();
        assert_eq!(tz.offset(), Offset::constant(9), "{name}");
    }
    assert_eq!(TimeZoneSpec::parse("Japan").unwrap().to_string(), "Japan");
    assert_eq!(TimeZoneSpec::parse("UTC").unwrap().offset(), Offset::UTC);
    let fixed = TimeZoneSpec::parse("+05:30").unwrap();
    assert_eq!(fixed.offset().seconds(), 5 * 3600 + 1800);
    assert_eq!(fixed.to_string(), "+05:30");
    assert_eq!(TimeZoneSpec::parse("-0800").unwrap().to_string(), "-08:00");
    assert_eq!(TimeZoneSpec::parse("+09").unwrap().to_string(), "+09:00");
    for bad in ["America/New_York", "Asia/Seoul", "+25:00", "09:00", "", "EST"] {
        let e = TimeZoneSpec::parse(bad).unwrap_err();
        assert_eq!(e, CalendarError::UnknownTimeZone { value: bad.to_owned() });
        assert!(e.to_string().contains(&format!("`{bad}`")), "{e}");
    }
    assert_eq!(serde_json::to_string(&fixed).unwrap(), r#""+05:30""#);
    assert_eq!(serde_json::from_str::<TimeZoneSpec>(r#""JST""#).unwrap().to_string(), "JST");
}

#[test]
fn civil_conversions() {
    let jst = Offset::constant(9);
    let ts: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(to_civil(ts, jst), dt(2025, 1, 1, 9, 0, 0));
    assert_eq!(from_civil(dt(2025, 1, 1, 9, 0, 0), jst).unwrap(), ts);
    // 2025-07-18T08:15:00Z is Friday 17:15 JST: after hours.
    let s = Schedule::default_japanese();
    let t = s.to_civil("2025-07-18T08:15:00Z".parse().unwrap());
    assert_eq!(t, dt(2025, 7, 18, 17, 15, 0));
    assert!(!s.is_working_time(&Calendar::default(), t).unwrap());
    assert!(s.is_working_time(&Calendar::default(), s.to_civil("2025-07-18T08:14:59Z".parse().unwrap())).unwrap());
    assert!(matches!(from_civil(DateTime::MAX, Offset::constant(-9)), Err(CalendarError::TimestampOutOfRange { .. })));
}

#[test]
fn time_of_day_api() {
    let t = TimeOfDay::new(8, 30).unwrap();
    assert_eq!((t.hour(), t.minute(), t.minutes()), (8, 30, 510));
    assert_eq!(t.to_string(), "08:30");
    assert!(TimeOfDay::new(24, 1).is_err());
    assert!(TimeOfDay::new(12, 60).is_err());
    assert_eq!(TimeOfDay::new(24, 0).unwrap(), TimeOfDay::END_OF_DAY);
    assert!(range("22:00", "07:00").crosses_midnight());
    assert_eq!(range("08:30", "08:30").duration_minutes(), 1440);
    assert_eq!(range("08:30", "17:15").duration_minutes(), 525);
}
