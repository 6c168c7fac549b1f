//! National holidays checked day by day against two independent published lists
//! (tests/data/holidays/README.md says where they come from).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use hatsugen::calendar::{
    CalendarError, Holiday, HolidayKind, SUPPORTED_YEARS, autumnal_equinox_day, holiday, holidays_in_year,
    vernal_equinox_day,
};
use jiff::civil::{Date, date};

const PYTHON_HOLIDAYS: &str = include_str!("../../../tests/data/holidays/python-holidays-0.108.tsv");
const HOLIDAY_JP: &str = include_str!("../../../tests/data/holidays/holiday_jp-2.5.1.tsv");
const EQUINOX: &str = include_str!("../../../tests/data/holidays/equinox-ephem-4.2.1.tsv");

/// `date<TAB>name_ja<TAB>name_en` lines → date → (name_ja, name_en).
fn parse(tsv: &str) -> BTreeMap<Date, (&str, &str)> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let d: Date = cols.next().unwrap().parse().unwrap();
            (d, (cols.next().unwrap(), cols.next().unwrap()))
        })
        .collect()
}

/// Python `holidays` (ja): `振替休日` and `国民の休日` are named as such.
fn python_kind(name_ja: &str) -> HolidayKind {
    match name_ja {
        "振替休日" => HolidayKind::Substitute,
        "国民の休日" => HolidayKind::Citizens,
        _ => HolidayKind::National,
    }
}

/// holiday_jp: `<name> 振替休日` for substitutes, plain `休日` for citizens' holidays (and
/// for 2019-04-30 / 05-02, which are citizens' holidays by law), `休日（祝日扱い）` for the
/// 2019 one-off holidays deemed national holidays.
fn holiday_jp_kind(name_ja: &str) -> HolidayKind {
    if name_ja.ends_with("振替休日") {
        HolidayKind::Substitute
    } else if name_ja == "休日" {
        HolidayKind::Citizens
    } else {
        HolidayKind::National
    }
}

fn compare(source: &str, list: &BTreeMap<Date, (&str, &str)>, from: Date, to: Date, kind: fn(&str) -> HolidayKind) {
    let mut mismatches = Vec::new();
    let mut d = from;
    let mut days = 0;
    while d <= to {
        let ours = holiday(d).unwrap();
        match (ours, list.get(&d)) {
            (None, None) => {}
            (Some(h), Some((ja, _))) => {
                if h.kind != kind(ja) {
                    mismatches.push(format!("{d}: kind {:?} ({}) vs {source} {ja}", h.kind, h.name_ja));
                }
            }
            (Some(h), None) => mismatches.push(format!("{d}: ours {} ({:?}), not in {source}", h.name_ja, h.kind)),
            (None, Some((ja, _))) => mismatches.push(format!("{d}: {source} {ja}, not in ours")),
        }
        days += 1;
        d = d.tomorrow().unwrap();
    }
    assert!(days > 10_000);
    assert!(mismatches.is_empty(), "{} mismatches against {source}:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn matches_python_holidays_1955_to_2050() {
    let list = parse(PYTHON_HOLIDAYS);
    assert_eq!(list.len(), 1476);
    compare("python-holidays", &list, date(1955, 1, 1), date(2050, 12, 31), python_kind);
}

#[test]
fn matches_holiday_jp_1970_to_2050() {
    let list = parse(HOLIDAY_JP);
    assert_eq!(list.len(), 1329);
    compare("holiday_jp", &list, date(1970, 1, 1), date(2050, 12, 31), holiday_jp_kind);
}

#[test]
fn names_match_the_sources_where_the_law_names_them() {
    // Both sources name the statutory holidays as the law does; the one-off ceremonies are
    // worded differently by each, and substitutes / citizens' holidays are compared by kind.
    let list = parse(HOLIDAY_JP);
    for (d, (ja, _)) in &list {
        let h = holiday(*d).unwrap().unwrap();
        if h.kind == HolidayKind::National && !ja.starts_with("休日") && *ja != "大喪の礼" && !ja.contains("結婚")
        {
            // holiday_jp writes 2019-10-14 as `体育の日（スポーツの日）`; the rename to
            // スポーツの日 took effect on 2020-01-01, so the law's name that day is 体育の日.
            let ja = ja.replace("体育の日（スポーツの日）", "体育の日");
            assert_eq!(h.name_ja, ja, "{d}");
        }
    }
}

fn kind_of(y: i16, m: i8, d: i8) -> Option<(HolidayKind, &'static str)> {
    holiday(date(y, m, d)).unwrap().map(|h| (h.kind, h.name_ja))
}

#[test]
fn substitute_holidays_on_year_boundaries() {
    // 元日 on a Sunday → 1/2.
    for y in [1978, 1984, 1989, 1995, 2006, 2012, 2017, 2023, 2034] {
        assert_eq!(date(y, 1, 1).weekday(), jiff::civil::Weekday::Sunday, "{y}");
        assert_eq!(kind_of(y, 1, 2), Some((HolidayKind::Substitute, "振替休日")), "{y}");
    }
    // 天皇誕生日 12/23 on a Sunday → 12/24 (1990, 2001, 2007, 2012, 2018).
    for y in [1990, 2001, 2007, 2012, 2018] {
        assert_eq!(kind_of(y, 12, 24), Some((HolidayKind::Substitute, "振替休日")), "{y}");
    }
    // No 天皇誕生日 in 2019; 2/23 from 2020 (2020-02-23 Sunday → 2/24).
    assert_eq!(kind_of(2019, 12, 23), None);
    assert_eq!(kind_of(2019, 2, 23), None);
    assert_eq!(kind_of(2020, 2, 24), Some((HolidayKind::Substitute, "振替休日")));
    // Before the 1973-04-12 rule: 1967-01-01 was a Sunday, no substitute.
    assert_eq!(kind_of(1967, 1, 2), None);
}

#[test]
fn substitute_2007_rule_skips_following_holidays() {
    // 2008-05-04 (みどりの日, Sun) → 5/5 is こどもの日 → 5/6.
    assert_eq!(kind_of(2008, 5, 6), Some((HolidayKind::Substitute, "振替休日")));
    // 2009-05-03 (Sun) → 5/4, 5/5 are holidays → 5/6.
    assert_eq!(kind_of(2009, 5, 6), Some((HolidayKind::Substitute, "振替休日")));
    // 2019-05-05 (Sun) → 5/6.
    assert_eq!(kind_of(2019, 5, 6), Some((HolidayKind::Substitute, "振替休日")));
    // 2021 山の日 on 8/8 (Sun) → 8/9.
    assert_eq!(kind_of(2021, 8, 8), Some((HolidayKind::National, "山の日")));
    assert_eq!(kind_of(2021, 8, 9), Some((HolidayKind::Substitute, "振替休日")));
    // Pre-2007: 2003-05-04 (Sun) was not yet a holiday; 5/3 Sat got no substitute.
    assert_eq!(kind_of(2003, 5, 4), None);
    assert_eq!(kind_of(2003, 5, 6), None);
}

#[test]
fn citizens_holidays() {
    for (y, m, d) in [(2009, 9, 22), (2015, 9, 22), (2026, 9, 22), (2032, 9, 21), (1988, 5, 4), (2006, 5, 4)] {
        assert_eq!(kind_of(y, m, d), Some((HolidayKind::Citizens, "国民の休日")), "{y}-{m}-{d}");
    }
    // 2019 Golden Week: 4/30 and 5/2 between 昭和の日, 天皇の即位の日 and 憲法記念日.
    assert_eq!(kind_of(2019, 4, 30), Some((HolidayKind::Citizens, "国民の休日")));
    assert_eq!(kind_of(2019, 5, 1), Some((HolidayKind::National, "天皇の即位の日")));
    assert_eq!(kind_of(2019, 5, 2), Some((HolidayKind::Citizens, "国民の休日")));
    // 1985 rule: not on a Sunday (1986-05-04), and a substitute stays a substitute
    // (1987-05-04, after 憲法記念日 on Sunday).
    assert_eq!(kind_of(1986, 5, 4), None);
    assert_eq!(kind_of(1987, 5, 4), Some((HolidayKind::Substitute, "振替休日")));
    // Before the rule (1985-12-27) there were none.
    assert_eq!(kind_of(1982, 5, 4), None);
    // 2020: 敬老の日 9/21 and 秋分の日 9/22 are adjacent: no day between.
    assert_eq!(kind_of(2020, 9, 23), None);
}

#[test]
fn equinox_spot_values_1900_to_2099() {
    let cases: [(i16, i8, i8); 16] = [
        (1900, 21, 23),
        (1923, 22, 24),
        (1948, 21, 23),
        (1960, 20, 23),
        (1979, 21, 24),
        (1980, 20, 23),
        (2000, 20, 23),
        (2012, 20, 22),
        (2024, 20, 22),
        (2025, 20, 23),
        (2026, 20, 23),
        (2044, 20, 22),
        (2056, 20, 22),
        (2092, 19, 22),
        (2096, 19, 22),
        (2099, 20, 23),
    ];
    for (y, spring, autumn) in cases {
        assert_eq!(vernal_equinox_day(y).unwrap(), date(y, 3, spring), "{y}");
        assert_eq!(autumnal_equinox_day(y).unwrap(), date(y, 9, autumn), "{y}");
    }
    // Every year against the astronomical equinox in JST (PyEphem, VSOP87).
    let mut years = 0;
    for line in EQUINOX.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let y: i16 = cols[0].parse().unwrap();
        let md = |s: &str| -> (i8, i8) { (s[..2].parse().unwrap(), s[3..].parse().unwrap()) };
        let ((vm, vd), (am, ad)) = (md(cols[1]), md(cols[2]));
        assert_eq!(vernal_equinox_day(y).unwrap(), date(y, vm, vd), "{y}");
        assert_eq!(autumnal_equinox_day(y).unwrap(), date(y, am, ad), "{y}");
        years += 1;
    }
    assert_eq!(years, 200);
    assert_eq!(vernal_equinox_day(1899), Err(CalendarError::EquinoxYearOutOfRange { year: 1899 }));
    assert_eq!(autumnal_equinox_day(2100), Err(CalendarError::EquinoxYearOutOfRange { year: 2100 }));
}

#[test]
fn law_changes() {
    let name = |y, m, d| kind_of(y, m, d).map(|(_, n)| n);
    assert_eq!(name(1988, 4, 29), Some("天皇誕生日"));
    assert_eq!(name(1989, 4, 29), Some("みどりの日"));
    assert_eq!(name(1989, 12, 23), Some("天皇誕生日"));
    assert_eq!(name(2007, 4, 29), Some("昭和の日"));
    assert_eq!(name(2007, 5, 4), Some("みどりの日"));
    assert_eq!(name(1999, 1, 15), Some("成人の日"));
    assert_eq!(name(2000, 1, 10), Some("成人の日"));
    assert_eq!(name(2000, 1, 15), None);
    assert_eq!(name(1999, 10, 10), Some("体育の日"));
    assert_eq!(name(2000, 10, 9), Some("体育の日"));
    assert_eq!(name(2019, 10, 14), Some("体育の日"));
    assert_eq!(name(2022, 10, 10), Some("スポーツの日"));
    assert_eq!(name(1995, 7, 20), None);
    assert_eq!(name(1996, 7, 20), Some("海の日"));
    assert_eq!(name(2003, 7, 21), Some("海の日"));
    assert_eq!(name(2002, 9, 15), Some("敬老の日")); // a Sunday: 9/16 is the substitute
    assert_eq!(name(2002, 9, 16), Some("振替休日"));
    assert_eq!(name(2003, 9, 15), Some("敬老の日"));
    assert_eq!(name(2004, 9, 20), Some("敬老の日"));
    assert_eq!(name(2015, 8, 11), None);
    assert_eq!(name(2016, 8, 11), Some("山の日"));
    assert_eq!(name(1966, 2, 11), None);
    assert_eq!(name(1967, 2, 11), Some("建国記念の日"));
    assert_eq!(name(1965, 9, 15), None);
    assert_eq!(name(1966, 9, 15), Some("敬老の日"));
    assert_eq!(name(1966, 10, 10), Some("体育の日"));
    // Olympic years.
    assert_eq!(name(2020, 7, 23), Some("海の日"));
    assert_eq!(name(2020, 7, 24), Some("スポーツの日"));
    assert_eq!(name(2020, 8, 10), Some("山の日"));
    assert_eq!(name(2020, 7, 20), None);
    assert_eq!(name(2020, 8, 11), None);
    assert_eq!(name(2020, 10, 12), None);
    assert_eq!(name(2021, 7, 22), Some("海の日"));
    assert_eq!(name(2021, 7, 23), Some("スポーツの日"));
    assert_eq!(name(2021, 7, 19), None);
    assert_eq!(name(2021, 10, 11), None);
    // One-off holidays.
    for (y, m, d) in [(1959, 4, 10), (1989, 2, 24), (1990, 11, 12), (1993, 6, 9), (2019, 5, 1), (2019, 10, 22)] {
        assert_eq!(kind_of(y, m, d).map(|(k, _)| k), Some(HolidayKind::National), "{y}-{m}-{d}");
    }
    assert_eq!(name(2019, 10, 22), Some("即位礼正殿の儀"));
}

#[test]
fn range_and_year_errors() {
    assert_eq!(holiday(date(1948, 7, 19)), Err(CalendarError::OutOfRange { date: date(1948, 7, 19) }));
    assert_eq!(holiday(date(2100, 1, 1)), Err(CalendarError::OutOfRange { date: date(2100, 1, 1) }));
    assert_eq!(holidays_in_year(2100), Err(CalendarError::YearOutOfRange { year: 2100 }));
    assert_eq!(holidays_in_year(1947), Err(CalendarError::YearOutOfRange { year: 1947 }));
    let msg = holiday(date(2100, 1, 1)).unwrap_err().to_string();
    assert!(msg.contains("`2100-01-01`"), "{msg}");
    assert!(holiday(date(2099, 12, 31)).unwrap().is_none());
}

#[test]
fn holidays_in_year_agrees_with_holiday() {
    for year in SUPPORTED_YEARS {
        let list = holidays_in_year(year).unwrap();
        for h in &list {
            assert_eq!(holiday(h.date).unwrap().as_ref(), Some(h));
        }
        assert!(list.windows(2).all(|w| w[0].date < w[1].date));
    }
    let y2019: Vec<String> = holidays_in_year(2019).unwrap().iter().map(|h| h.date.to_string()).collect();
    assert_eq!(y2019.len(), 22);
}

#[test]
fn holiday_serializes_snake_case() {
    let h: Holiday = holiday(date(2019, 4, 30)).unwrap().unwrap();
    let json = serde_json::to_string(&h).unwrap();
    assert_eq!(json, r#"{"date":"2019-04-30","kind":"citizens","name_ja":"国民の休日","name_en":"Citizens' Holiday"}"#);
}
