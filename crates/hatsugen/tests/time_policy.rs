//! The time sections of a policy (`[schedule]`, `[calendar]`, `[late_night]`) and the
//! context's own `schedule`: merging, round trips, and errors that name the field with
//! line and column.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, missing_docs)]

use hatsugen::calendar::{Schedule, TimeZoneSpec};
use hatsugen::{Checker, Context, Policy, PolicyErrorKind};
use jiff::civil::Weekday;

const EXT: &str = "extends = \"builtin:jp-local-gov\"\n";

fn err(toml: &str) -> hatsugen::PolicyError {
    Policy::from_toml(toml).expect_err("policy should be rejected")
}

#[test]
fn the_default_pack_states_the_usual_schedule_and_calendar() {
    let p = Policy::default_pack().unwrap();
    assert_eq!(p.schedule(), &Schedule::default_japanese());
    assert_eq!(p.schedule().time_zone(), TimeZoneSpec::ASIA_TOKYO);
    assert_eq!(p.calendar(), &hatsugen::calendar::CalendarConfig::default());
    assert_eq!(p.late_night().from.to_string(), "22:00");
    let c = Checker::new(&p).unwrap();
    assert_eq!(c.schedule(), p.schedule());
    for id in ["late_night.sleep_on_it", "shifted_break.looks_like_work"] {
        let r = c.rules().into_iter().find(|r| r.id == id).unwrap();
        assert!(!r.enabled, "{id} is off by default");
        assert_eq!(r.severity, hatsugen::Severity::Info);
    }
    let urayasu = Checker::new(&Policy::builtin("urayasu").unwrap()).unwrap();
    let wh = urayasu.rules().into_iter().find(|r| r.id == "work_hours.during_work").unwrap();
    assert!(wh.clause.contains("3(10)"), "{}", wh.clause);
    let ik = urayasu.rules().into_iter().find(|r| r.id == "after_hours_to_subordinate.outside_hours").unwrap();
    assert!(ik.clause.contains("3(1)"), "{}", ik.clause);
}

#[test]
fn schedule_fields_replace_the_parents() {
    let p = Policy::from_toml(&format!(
        "{EXT}[schedule]\ndays = [\"月\", \"tue\", \"Wednesday\", \"thu\", \"fri\", \"sat\"]\nhours = [{{ start = \"09:00\", end = \"17:45\" }}]\n"
    ))
    .unwrap();
    assert_eq!(p.schedule().days().len(), 6);
    assert_eq!(p.schedule().days()[0], Weekday::Monday);
    assert_eq!(p.schedule().hours()[0].start.to_string(), "09:00");
    assert!(p.schedule().breaks().is_empty(), "hours given without breaks: none (the pack's belonged to its hours)");
    let p = Policy::from_toml(&format!("{EXT}[schedule]\ndays = [\"mon\", \"tue\"]\n")).unwrap();
    assert_eq!(p.schedule().breaks(), Schedule::default_japanese().breaks(), "breaks kept with the pack's hours");
    let p = Policy::from_toml(&format!("{EXT}[schedule]\nbreaks = []\ntime_zone = \"+09:00\"\n")).unwrap();
    assert!(p.schedule().breaks().is_empty());
    assert_eq!(p.schedule().time_zone().to_string(), "+09:00");
}

#[test]
fn calendar_closures_replace_and_the_rest_appends() {
    let p = Policy::from_toml(&format!(
        "{EXT}[calendar]\nclosures = [{{ from = \"12-28\", to = \"01-04\", name = \"年末年始\" }}]\nlocal_holidays = [{{ date = \"06-15\", name = \"県民の日\" }}]\none_off = [{{ date = \"2027-03-31\", name = \"庁舎移転\" }}]\n"
    ))
    .unwrap();
    assert_eq!(p.calendar().closures.len(), 1);
    assert_eq!(p.calendar().closures[0].from.to_string(), "12-28");
    assert_eq!(p.calendar().local_holidays.len(), 1);
    // The effective policy reads back the same, and again appends nothing twice.
    let again = Policy::from_toml(&p.to_toml()).unwrap();
    assert_eq!(p, again);
    let twice = Policy::from_toml(&again.to_toml()).unwrap();
    assert_eq!(twice.calendar().local_holidays.len(), 1);
    // Without `closures` the pack's 年末年始 stays.
    let p = Policy::from_toml(&format!(
        "{EXT}[calendar]\nlocal_holidays = [{{ date = \"06-23\", name = \"慰霊の日\" }}]\n"
    ))
    .unwrap();
    assert_eq!(p.calendar().closures[0].name, "年末年始");
}

#[test]
fn a_standalone_policy_gets_the_usual_defaults() {
    let p = Policy::from_toml("id = \"x\"\nversion = \"1\"\n").unwrap();
    assert_eq!(p.schedule(), &Schedule::default_japanese());
    assert_eq!(p.calendar().closures.len(), 1);
    let p = Policy::from_toml(&Policy::default_pack().unwrap().to_toml()).unwrap();
    assert_eq!(p, Policy::default_pack().unwrap());
}

#[test]
fn schedule_errors_name_the_field_with_line_and_column() {
    // Overlapping hours: at the second interval.
    let e = err(&format!(
        "{EXT}\n[schedule]\nhours = [\n  {{ start = \"08:30\", end = \"12:00\" }},\n  {{ start = \"11:00\", end = \"17:00\" }},\n]\nbreaks = []\n"
    ));
    assert_eq!(e.kind(), PolicyErrorKind::Invalid);
    assert_eq!(e.key_path(), Some("schedule.hours[1]"));
    assert_eq!((e.line(), e.column()), (6, 3), "{e}");
    assert!(e.message().contains("overlaps `hours[0]`"), "{e}");
    // An inverted break does not lie within the hours.
    let e = err(&format!("{EXT}[schedule]\nbreaks = [{{ start = \"13:00\", end = \"12:00\" }}]\n"));
    assert_eq!(e.key_path(), Some("schedule.breaks[0]"));
    assert_eq!((e.line(), e.column()), (3, 11), "{e}");
    assert!(e.message().contains("not within any working interval"), "{e}");
    // New hours drop the pack's break rather than keep one that no longer fits.
    let p =
        Policy::from_toml(&format!("{EXT}\n[schedule]\nhours = [{{ start = \"22:00\", end = \"07:00\" }}]\n")).unwrap();
    assert!(p.schedule().breaks().is_empty());
    // A bad time, a bad day, an unknown zone, an unknown key.
    let e = err(&format!("{EXT}[schedule]\nhours = [{{ start = \"08:30\", end = \"25:00\" }}]\n"));
    assert_eq!(e.key_path(), Some("schedule.hours[0].end"));
    assert_eq!((e.line(), e.column()), (3, 35), "{e}");
    assert!(e.message().contains("`25:00`"), "{e}");
    let e = err(&format!("{EXT}[schedule]\ndays = [\"mon\", \"funday\"]\n"));
    assert_eq!(e.key_path(), Some("schedule.days[1]"));
    assert_eq!((e.line(), e.column()), (3, 16));
    let e = err(&format!("{EXT}[schedule]\ndays = [\"mon\", \"mon\"]\n"));
    assert_eq!(e.key_path(), Some("schedule.days[1]"));
    assert!(e.message().contains("listed twice"), "{e}");
    let e = err(&format!("{EXT}[schedule]\ntime_zone = \"Asia/Osaka\"\n"));
    assert_eq!(e.key_path(), Some("schedule.time_zone"));
    assert_eq!((e.line(), e.column()), (3, 13));
    assert!(e.message().contains("unsupported time zone `Asia/Osaka`"), "{e}");
    let e = err(&format!("{EXT}[schedule]\nwork_days = [\"mon\"]\n"));
    assert_eq!(e.kind(), PolicyErrorKind::Syntax);
    assert_eq!(e.line(), 3);
    assert!(e.message().contains("unknown field `work_days`"), "{e}");
    let e = err(&format!("{EXT}[schedule]\nhours = []\n"));
    assert_eq!(e.key_path(), Some("schedule.hours"));
}

#[test]
fn calendar_errors_name_the_field_with_line_and_column() {
    let e = err(&format!(
        "{EXT}[calendar]\nlocal_holidays = [\n  {{ date = \"06-23\", name = \"慰霊の日\" }},\n  {{ date = \"02-30\", name = \"ない日\" }},\n]\n"
    ));
    assert_eq!(e.key_path(), Some("calendar.local_holidays[1].date"));
    assert_eq!((e.line(), e.column()), (5, 3), "{e}");
    assert!(e.message().contains("no such day"), "{e}");
    let e = err(&format!("{EXT}[calendar]\none_off = [{{ date = \"2100-01-04\", name = \"x\" }}]\n"));
    assert_eq!(e.key_path(), Some("calendar.one_off[0].from"));
    assert!(e.message().contains("outside the supported range"), "{e}");
    assert_eq!(e.line(), 3);
    let e =
        err(&format!("{EXT}[calendar]\none_off = [{{ from = \"2027-04-02\", to = \"2027-04-01\", name = \"x\" }}]\n"));
    assert_eq!(e.key_path(), Some("calendar.one_off[0].to"));
    let e = err(&format!("{EXT}[calendar]\nclosures = [{{ from = \"12-29\", to = \"01-03\", name = \" \" }}]\n"));
    assert_eq!(e.key_path(), Some("calendar.closures[0].name"));
    let e = err(&format!("{EXT}[calendar]\none_off = [{{ date = \"2027-3-31\", name = \"x\" }}]\n"));
    assert_eq!(e.kind(), PolicyErrorKind::Syntax);
    assert!(e.message().contains("YYYY-MM-DD"), "{e}");
    assert_eq!(e.line(), 3);
}

#[test]
fn late_night_errors() {
    let e = err(&format!("{EXT}[late_night]\nfrom = \"22:00\"\nto = \"22:00\"\n"));
    assert_eq!(e.key_path(), Some("late_night.to"));
    assert_eq!((e.line(), e.column()), (4, 6));
    let e = err(&format!("{EXT}[late_night]\nfrom = \"24:00\"\n"));
    assert_eq!(e.key_path(), Some("late_night.from"));
    let e = err(&format!("{EXT}[late_night]\nfrom = \"10pm\"\n"));
    assert!(e.message().contains("`10pm`"), "{e}");
}

#[test]
fn context_schedule_reads_validates_and_round_trips() {
    let ctx =
        Context::from_json(r#"{"schedule":{"days":["sat","sun"],"hours":[{"start":"22:00","end":"07:00"}]}}"#).unwrap();
    let s = ctx.schedule.as_ref().unwrap();
    assert_eq!(s.days(), [Weekday::Saturday, Weekday::Sunday]);
    assert!(s.breaks().is_empty());
    assert_eq!(s.time_zone(), TimeZoneSpec::ASIA_TOKYO);
    assert_eq!(Context::from_json(&ctx.to_json()).unwrap(), ctx);
    // Breaks alone keep the usual hours.
    let ctx = Context::from_json(r#"{"schedule":{"breaks":[{"start":"14:00","end":"15:00"}]}}"#).unwrap();
    assert_eq!(ctx.schedule.unwrap().hours(), Schedule::default_japanese().hours());
    let v = serde_json::json!({"schedule": {"hours": [{"start": "08:00", "end": "16:00"}], "time_zone": "UTC"}});
    let ctx = Context::from_value(v).unwrap();
    assert_eq!(ctx.schedule.unwrap().time_zone().offset().seconds(), 0);
}

#[test]
fn context_schedule_errors_name_the_field() {
    let cases = [
        (
            r#"{"schedule":{"hours":[{"start":"08:30","end":"12:00"},{"start":"11:00","end":"17:00"}]}}"#,
            "`schedule.hours[1]`",
        ),
        (
            r#"{"schedule":{"hours":[{"start":"08:30","end":"17:15"}],"breaks":[{"start":"13:00","end":"12:00"}]}}"#,
            "`schedule.breaks[0]`",
        ),
        (r#"{"schedule":{"hours":[{"start":"8:30","end":"17:60"}]}}"#, "`schedule.hours[0].end`"),
        (r#"{"schedule":{"days":["mon","someday"]}}"#, "`schedule.days[1]`"),
        (r#"{"schedule":{"time_zone":"America/New_York"}}"#, "`schedule.time_zone`"),
        (r#"{"schedule":{"shift":"night"}}"#, "unknown field `shift`"),
        (r#"{"schedule":{"days":[]}}"#, "`schedule.days`"),
        (r#"{"schedule":"night"}"#, "invalid `schedule`"),
    ];
    for (json, needle) in cases {
        let e = Context::from_json(json).unwrap_err();
        assert!(e.message().contains(needle), "{json}: {e}");
        assert_eq!(e.line(), 1, "{json}");
        let e = Context::from_value(serde_json::from_str(json).unwrap()).unwrap_err();
        assert!(e.message().contains(needle), "{json}: {e}");
    }
}
