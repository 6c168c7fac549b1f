//! Office calendars: closures, local holidays, one-off closures, precedence and validation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use hatsugen::calendar::{
    AnnualClosure, Calendar, CalendarConfig, CalendarError, DayKind, DayOff, LocalHoliday, MonthDay, OneOffClosure,
};
use jiff::civil::{Weekday, date};

fn cal(toml_src: &str) -> Calendar {
    let config: CalendarConfig = toml::from_str(toml_src).unwrap();
    Calendar::new(&config).unwrap()
}

fn kind(c: &Calendar, y: i16, m: i8, d: i8) -> Option<(DayKind, String)> {
    c.day_off(date(y, m, d)).unwrap().map(|o| (o.kind, o.name_ja))
}

fn config_error(toml_src: &str) -> CalendarError {
    let config: CalendarConfig = toml::from_str(toml_src).unwrap();
    Calendar::new(&config).unwrap_err()
}

#[test]
fn default_year_end_closure_spans_the_year_boundary() {
    let c = Calendar::default();
    assert_eq!(kind(&c, 2026, 12, 28), None);
    assert_eq!(kind(&c, 2026, 12, 29), Some((DayKind::Closure, "年末年始".into())));
    assert_eq!(kind(&c, 2026, 12, 31), Some((DayKind::Closure, "年末年始".into())));
    // 元日 is a national holiday: it wins over the closure.
    assert_eq!(kind(&c, 2027, 1, 1), Some((DayKind::Holiday, "元日".into())));
    assert_eq!(kind(&c, 2027, 1, 2), Some((DayKind::Closure, "年末年始".into())));
    assert_eq!(kind(&c, 2027, 1, 3), Some((DayKind::Closure, "年末年始".into())));
    assert_eq!(kind(&c, 2027, 1, 4), None);
    // 2023-01-02 is both 振替休日 and in the closure: the holiday wins.
    assert_eq!(kind(&c, 2023, 1, 2), Some((DayKind::Substitute, "振替休日".into())));
    // An empty configuration means the defaults.
    assert_eq!(cal(""), c);
    assert_eq!(c.day_off(date(2026, 12, 30)).unwrap().unwrap().name_en, "Year-end and New Year holidays");
}

#[test]
fn closures_can_be_disabled_and_replaced() {
    let c = cal("closures = []");
    assert_eq!(kind(&c, 2026, 12, 29), None);
    let c = cal(r#"closures = [{ from = "08-13", to = "08-16", name = "夏季一斉休業", name_en = "Summer closure" }]"#);
    assert_eq!(kind(&c, 2026, 8, 12), None);
    assert_eq!(kind(&c, 2026, 8, 13), Some((DayKind::Closure, "夏季一斉休業".into())));
    assert_eq!(kind(&c, 2026, 8, 16), Some((DayKind::Closure, "夏季一斉休業".into())));
    assert_eq!(kind(&c, 2026, 8, 17), None);
    assert_eq!(kind(&c, 2026, 12, 29), None);
    assert_eq!(c.day_off(date(2026, 8, 14)).unwrap().unwrap().name_en, "Summer closure");
}

#[test]
fn local_holidays_and_precedence() {
    let c = cal(r#"
        local_holidays = [
            { date = "06-15", name = "県民の日" },
            { date = "06-23", name = "慰霊の日", name_en = "Okinawa Memorial Day" },
            { date = "11-03", name = "市民の日" },
            { date = "12-30", name = "ローカル" },
            { date = "02-29", name = "閏日" },
        ]
        one_off = [
            { date = "2027-03-31", name = "庁舎移転" },
            { from = "2027-12-27", to = "2028-01-05", name = "システム更新" },
        ]
    "#);
    assert_eq!(kind(&c, 2026, 6, 15), Some((DayKind::Local, "県民の日".into())));
    let memorial = c.day_off(date(2026, 6, 23)).unwrap().unwrap();
    assert_eq!(memorial.name_en, "Okinawa Memorial Day");
    // A name_en falls back to the Japanese name.
    assert_eq!(c.day_off(date(2026, 6, 15)).unwrap().unwrap().name_en, "県民の日");
    // national > local
    assert_eq!(kind(&c, 2026, 11, 3), Some((DayKind::Holiday, "文化の日".into())));
    // local > closure
    assert_eq!(kind(&c, 2026, 12, 30), Some((DayKind::Local, "ローカル".into())));
    // 02-29 only in leap years
    assert_eq!(kind(&c, 2028, 2, 29), Some((DayKind::Local, "閏日".into())));
    assert_eq!(kind(&c, 2027, 3, 1), None);
    // one-off
    assert_eq!(kind(&c, 2027, 3, 31), Some((DayKind::Closure, "庁舎移転".into())));
    assert_eq!(kind(&c, 2027, 3, 30), None);
    // one-off > annual closure; national > one-off; local > one-off
    assert_eq!(kind(&c, 2027, 12, 27), Some((DayKind::Closure, "システム更新".into())));
    assert_eq!(kind(&c, 2027, 12, 29), Some((DayKind::Closure, "システム更新".into())));
    assert_eq!(kind(&c, 2027, 12, 30), Some((DayKind::Local, "ローカル".into())));
    assert_eq!(kind(&c, 2028, 1, 1), Some((DayKind::Holiday, "元日".into())));
    assert_eq!(kind(&c, 2028, 1, 5), Some((DayKind::Closure, "システム更新".into())));
    assert_eq!(kind(&c, 2028, 1, 6), None);
    assert!(c.is_day_off(date(2028, 1, 4)).unwrap());
    assert!(!c.is_day_off(date(2028, 1, 6)).unwrap());
}

#[test]
fn days_off_lists_every_non_working_day() {
    let c = Calendar::default();
    let weekend = [Weekday::Saturday, Weekday::Sunday];
    let got = c.days_off(date(2026, 12, 25), date(2027, 1, 5), Some(&weekend)).unwrap();
    let summary: Vec<(String, DayKind)> = got.iter().map(|o| (o.date.to_string(), o.kind)).collect();
    let want = [
        ("2026-12-26", DayKind::Weekend),
        ("2026-12-27", DayKind::Weekend),
        ("2026-12-29", DayKind::Closure),
        ("2026-12-30", DayKind::Closure),
        ("2026-12-31", DayKind::Closure),
        ("2027-01-01", DayKind::Holiday),
        ("2027-01-02", DayKind::Closure),
        ("2027-01-03", DayKind::Closure),
    ];
    let want: Vec<(String, DayKind)> = want.iter().map(|(d, k)| (d.to_string(), *k)).collect();
    assert_eq!(summary, want);
    assert_eq!(got[0].name_ja, "土曜日");
    assert_eq!(got[1].name_en, "Sunday");

    // Without weekend days: holidays and closures only.
    let got = c.days_off(date(2025, 9, 1), date(2025, 9, 30), None).unwrap();
    let dates: Vec<String> = got.iter().map(|o| o.date.to_string()).collect();
    assert_eq!(dates, ["2025-09-15", "2025-09-23"]);

    // A single day.
    assert_eq!(c.days_off(date(2025, 9, 15), date(2025, 9, 15), None).unwrap().len(), 1);

    assert_eq!(
        c.days_off(date(2025, 2, 1), date(2025, 1, 1), None),
        Err(CalendarError::InvalidRange { from: date(2025, 2, 1), to: date(2025, 1, 1) })
    );
    assert!(matches!(c.days_off(date(2099, 12, 1), date(2100, 1, 31), None), Err(CalendarError::OutOfRange { .. })));
    assert!(matches!(c.day_off(date(1900, 1, 1)), Err(CalendarError::OutOfRange { .. })));
}

#[test]
fn a_whole_year_of_days_off() {
    let c = Calendar::default();
    let weekend = [Weekday::Saturday, Weekday::Sunday];
    let got = c.days_off(date(2026, 1, 1), date(2026, 12, 31), Some(&weekend)).unwrap();
    // 2026: 104 weekend days; 18 holidays (incl. 5/3 on a Sunday, 振替 5/6 and 国民の休日
    // 9/22); closures on 1/2 (Fri), 1/3 (Sat: a closure wins over the weekend) and
    // 12/29–12/31; 240 working days.
    let holidays = got.iter().filter(|o| matches!(o.kind, DayKind::Holiday | DayKind::Substitute | DayKind::Citizens));
    assert_eq!(got.iter().filter(|o| o.kind == DayKind::Closure).count(), 5);
    assert_eq!(holidays.count(), 18);
    assert_eq!(got.len(), 365 - 240);
}

#[test]
fn validation_names_the_field_and_value() {
    let e = config_error(r#"local_holidays = [{ date = "06-15", name = "a" }, { date = "02-30", name = "b" }]"#);
    assert_eq!(e.field(), Some("local_holidays[1].date"));
    assert_eq!(e.to_string(), "invalid `local_holidays[1].date` value `02-30`: no such day of the year");

    let e = config_error(r#"closures = [{ from = "13-01", to = "01-03", name = "x" }]"#);
    assert_eq!(e.field(), Some("closures[0].from"));
    assert!(e.to_string().contains("`13-01`"), "{e}");

    let e = config_error(r#"closures = [{ from = "04-01", to = "04-31", name = "x" }]"#);
    assert_eq!(e.field(), Some("closures[0].to"));

    let e = config_error(r#"local_holidays = [{ date = "06-15", name = " " }]"#);
    assert_eq!(e.field(), Some("local_holidays[0].name"));

    let e = config_error(r#"one_off = [{ from = "2027-04-02", to = "2027-04-01", name = "x" }]"#);
    assert_eq!(e.field(), Some("one_off[0].to"));
    assert!(e.to_string().contains("`2027-04-01`"), "{e}");

    let e = config_error(r#"one_off = [{ from = "2027-01-01", to = "2029-01-01", name = "x" }]"#);
    assert_eq!(e.field(), Some("one_off[0].to"));

    let e = config_error(r#"one_off = [{ date = "1900-01-01", name = "x" }]"#);
    assert_eq!(e.field(), Some("one_off[0].from"));

    // Shape errors are reported by the deserializer.
    for bad in [
        r#"local_holidays = [{ date = "June 15", name = "a" }]"#,
        r#"local_holidays = [{ date = "06-15", name = "a", extra = 1 }]"#,
        r#"one_off = [{ date = "2027-02-30", name = "x" }]"#,
        r#"one_off = [{ date = "2027-03-31", from = "2027-03-30", name = "x" }]"#,
        r#"one_off = [{ name = "x" }]"#,
        r#"unknown = 1"#,
    ] {
        assert!(toml::from_str::<CalendarConfig>(bad).is_err(), "{bad}");
    }
    let err = toml::from_str::<CalendarConfig>(r#"local_holidays = [{ date = "June 15", name = "a" }]"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("`June 15`"), "{err}");

    // Programmatic configurations are checked the same way.
    let config = CalendarConfig {
        local_holidays: vec![LocalHoliday { date: MonthDay::new(0, 1), name: "x".into(), name_en: None }],
        ..CalendarConfig::default()
    };
    assert_eq!(Calendar::new(&config).unwrap_err().field(), Some("local_holidays[0].date"));
}

#[test]
fn config_round_trips_through_toml_and_json() {
    let config = CalendarConfig {
        closures: vec![AnnualClosure {
            from: MonthDay::new(12, 28),
            to: MonthDay::new(1, 4),
            name: "年末年始".into(),
            name_en: None,
        }],
        local_holidays: vec![LocalHoliday { date: MonthDay::new(6, 15), name: "県民の日".into(), name_en: None }],
        one_off: vec![
            OneOffClosure::on(date(2027, 3, 31), "庁舎移転"),
            OneOffClosure {
                from: date(2027, 5, 6),
                to: date(2027, 5, 7),
                name: "連休".into(),
                name_en: Some("Long weekend".into()),
            },
        ],
    };
    let text = toml::to_string(&config).unwrap();
    assert!(text.contains(r#"date = "2027-03-31""#), "{text}");
    assert!(text.contains(r#"from = "2027-05-06""#), "{text}");
    assert!(text.contains(r#"from = "12-28""#), "{text}");
    assert_eq!(toml::from_str::<CalendarConfig>(&text).unwrap(), config);
    let json = serde_json::to_string(&config).unwrap();
    assert_eq!(serde_json::from_str::<CalendarConfig>(&json).unwrap(), config);
}

#[test]
fn day_off_serializes_snake_case() {
    let off: DayOff = Calendar::default().day_off(date(2026, 12, 29)).unwrap().unwrap();
    assert_eq!(
        serde_json::to_string(&off).unwrap(),
        r#"{"date":"2026-12-29","kind":"closure","name_ja":"年末年始","name_en":"Year-end and New Year holidays"}"#
    );
    assert_eq!(serde_json::to_string(&DayKind::Weekend).unwrap(), r#""weekend""#);
    assert_eq!(serde_json::to_string(&DayKind::Citizens).unwrap(), r#""citizens""#);
}
