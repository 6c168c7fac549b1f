//! Japanese national holidays, computed from the law (see [`holiday`]).

use std::ops::RangeInclusive;
use std::sync::OnceLock;

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use super::error::CalendarError;

/// The years for which [`holidays_in_year`] answers.
///
/// The holiday law took effect on 1948-07-20, so 1948 only has the holidays from that day
/// on (see [`FIRST_SUPPORTED_DATE`]).
pub const SUPPORTED_YEARS: RangeInclusive<i16> = 1948..=2099;

/// The first date [`holiday`] answers for: the day the holiday law took effect.
pub const FIRST_SUPPORTED_DATE: Date = Date::constant(1948, 7, 20);

/// The last date [`holiday`] answers for.
pub const LAST_SUPPORTED_DATE: Date = Date::constant(2099, 12, 31);

/// Which rule makes a day a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HolidayKind {
    /// 国民の祝日: a national holiday named by the law, or a one-off holiday declared by a
    /// special act (e.g. 即位礼正殿の儀).
    National,
    /// 振替休日: the substitute for a national holiday that fell on a Sunday.
    Substitute,
    /// 国民の休日: a day sandwiched between two national holidays.
    Citizens,
}

/// A public holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Holiday {
    /// The day.
    #[serde(serialize_with = "super::serde_util::serialize_date")]
    pub date: Date,
    /// Which rule makes it a holiday.
    pub kind: HolidayKind,
    /// Japanese name, as in the law (e.g. `海の日`, `振替休日`, `国民の休日`).
    pub name_ja: &'static str,
    /// English name (e.g. `Marine Day`).
    pub name_en: &'static str,
}

/// The holiday on `date`, if any: a national holiday, a substitute holiday or a citizens'
/// holiday.
///
/// Weekends are not holidays unless a holiday falls on them.
///
/// The rules follow the 国民の祝日に関する法律 (Act on National Holidays, Act No. 178 of
/// 1948, in force from 1948-07-20) with every amendment, applied from the date it took
/// effect, plus the one-off holidays declared by special acts:
///
/// | in force | change |
/// | --- | --- |
/// | 1948-07-20 | 元日 1/1, 成人の日 1/15, 春分の日, 天皇誕生日 4/29, 憲法記念日 5/3, こどもの日 5/5, 秋分の日, 文化の日 11/3, 勤労感謝の日 11/23 |
/// | 1966-06-25 | 敬老の日 9/15 and 体育の日 10/10 (from 1966); 建国記念の日 2/11 (from 1967, date set by cabinet order) |
/// | 1973-04-12 | 振替休日: a holiday on a Sunday makes the next day a holiday |
/// | 1985-12-27 | 国民の休日: a day between two holidays is a holiday, unless it is a Sunday or a 振替休日 |
/// | 1989-02-17 | 天皇誕生日 moves to 12/23; 4/29 becomes みどりの日 |
/// | 1996-01-01 | 海の日 7/20 |
/// | 2000-01-01 | 成人の日 and 体育の日 become the 2nd Monday of January / October |
/// | 2003-01-01 | 海の日 and 敬老の日 become the 3rd Monday of July / September |
/// | 2007-01-01 | 4/29 becomes 昭和の日 and 5/4 みどりの日; a Sunday holiday moves to the next day that is not a holiday; a day between two holidays is a holiday whatever its weekday |
/// | 2016-01-01 | 山の日 8/11 |
/// | 2019-04-30 | 天皇誕生日 moves to 2/23 (皇室典範特例法), so 2019 has none |
/// | 2020-01-01 | 体育の日 is renamed スポーツの日 |
/// | 2020, 2021 | Olympic moves: 海の日 7/23, スポーツの日 7/24, 山の日 8/10 (2020); 海の日 7/22, スポーツの日 7/23, 山の日 8/8 (2021) |
///
/// One-off holidays (special acts): 1959-04-10 (皇太子明仁親王の結婚の儀), 1989-02-24
/// (昭和天皇の大喪の礼), 1990-11-12 (即位礼正殿の儀), 1993-06-09 (皇太子徳仁親王の結婚の儀),
/// 2019-05-01 (天皇の即位の日) and 2019-10-22 (即位礼正殿の儀). The 2019 act deems 5/1 a
/// 国民の祝日 for the 国民の休日 rule, which is what made 2019-04-30 and 2019-05-02 holidays;
/// they are reported as [`HolidayKind::Citizens`].
///
/// 春分の日 and 秋分の日 are fixed each February by cabinet announcement from the National
/// Astronomical Observatory's ephemeris; this crate uses the standard approximation formula,
/// which matches every announced date of the supported range and is the accepted prediction
/// for future years.
///
/// # Errors
///
/// [`CalendarError::OutOfRange`] if `date` is before [`FIRST_SUPPORTED_DATE`] or after
/// [`LAST_SUPPORTED_DATE`].
pub fn holiday(date: Date) -> Result<Option<Holiday>, CalendarError> {
    let year = year_table(date)?;
    Ok(year.binary_search_by_key(&date, |h| h.date).ok().and_then(|i| year.get(i)).copied())
}

/// Whether `date` is a holiday of any kind; the same as `holiday(date)?.is_some()`.
///
/// # Errors
///
/// [`CalendarError::OutOfRange`] as for [`holiday`].
pub fn is_holiday(date: Date) -> Result<bool, CalendarError> {
    let year = year_table(date)?;
    Ok(year.binary_search_by_key(&date, |h| h.date).is_ok())
}

/// Every holiday of `year`, sorted by date.
///
/// # Errors
///
/// [`CalendarError::YearOutOfRange`] if `year` is not in [`SUPPORTED_YEARS`].
pub fn holidays_in_year(year: i16) -> Result<Vec<Holiday>, CalendarError> {
    if !SUPPORTED_YEARS.contains(&year) {
        return Err(CalendarError::YearOutOfRange { year });
    }
    Ok(table().get(year_index(year)).cloned().unwrap_or_default())
}

/// 春分の日 (Vernal Equinox Day) of `year` by the standard formula.
///
/// # Errors
///
/// [`CalendarError::EquinoxYearOutOfRange`] outside 1900–2099, where the formula is not
/// valid.
pub fn vernal_equinox_day(year: i16) -> Result<Date, CalendarError> {
    equinox(year, 3, 20_835_700, 20_843_100)
}

/// 秋分の日 (Autumnal Equinox Day) of `year` by the standard formula.
///
/// # Errors
///
/// [`CalendarError::EquinoxYearOutOfRange`] outside 1900–2099, where the formula is not
/// valid.
pub fn autumnal_equinox_day(year: i16) -> Result<Date, CalendarError> {
    equinox(year, 9, 23_258_800, 23_248_800)
}

/// `day = INT(base + 0.242194 × (Y − 1980) − INT((Y − Y₀) / 4))`, with Y₀ = 1983 for
/// 1900–1979 and 1980 for 1980–2099, where INT truncates toward zero. Computed in
/// millionths so that no floating-point rounding is involved.
fn equinox(year: i16, month: i8, base_1900: i64, base_1980: i64) -> Result<Date, CalendarError> {
    let y = i64::from(year);
    let (base, leap_base) = match year {
        1900..=1979 => (base_1900, 1983),
        1980..=2099 => (base_1980, 1980),
        _ => return Err(CalendarError::EquinoxYearOutOfRange { year }),
    };
    let micros = base + 242_194 * (y - 1980) - 1_000_000 * ((y - leap_base) / 4);
    let day = i8::try_from(micros.div_euclid(1_000_000)).map_err(|_| CalendarError::EquinoxYearOutOfRange { year })?;
    Date::new(year, month, day).map_err(|_| CalendarError::EquinoxYearOutOfRange { year })
}

fn year_index(year: i16) -> usize {
    usize::try_from(year.saturating_sub(*SUPPORTED_YEARS.start())).unwrap_or(usize::MAX)
}

fn year_table(date: Date) -> Result<&'static [Holiday], CalendarError> {
    if date < FIRST_SUPPORTED_DATE || date > LAST_SUPPORTED_DATE {
        return Err(CalendarError::OutOfRange { date });
    }
    Ok(table().get(year_index(date.year())).map(Vec::as_slice).unwrap_or_default())
}

/// Per-year sorted holiday lists for [`SUPPORTED_YEARS`], built once on first use.
fn table() -> &'static [Vec<Holiday>] {
    static TABLE: OnceLock<Vec<Vec<Holiday>>> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

type Name = (&'static str, &'static str);

const GANJITSU: Name = ("元日", "New Year's Day");
const SEIJIN: Name = ("成人の日", "Coming of Age Day");
const KENKOKU: Name = ("建国記念の日", "National Foundation Day");
const TENNO: Name = ("天皇誕生日", "The Emperor's Birthday");
const SHUNBUN: Name = ("春分の日", "Vernal Equinox Day");
const SHOWA: Name = ("昭和の日", "Showa Day");
const MIDORI: Name = ("みどりの日", "Greenery Day");
const KENPO: Name = ("憲法記念日", "Constitution Memorial Day");
const KODOMO: Name = ("こどもの日", "Children's Day");
const UMI: Name = ("海の日", "Marine Day");
const YAMA: Name = ("山の日", "Mountain Day");
const KEIRO: Name = ("敬老の日", "Respect for the Aged Day");
const SHUBUN: Name = ("秋分の日", "Autumnal Equinox Day");
const TAIIKU: Name = ("体育の日", "Health and Sports Day");
const SPORTS: Name = ("スポーツの日", "Sports Day");
const BUNKA: Name = ("文化の日", "Culture Day");
const KINRO: Name = ("勤労感謝の日", "Labour Thanksgiving Day");
const FURIKAE: Name = ("振替休日", "Substitute Holiday");
const KOKUMIN: Name = ("国民の休日", "Citizens' Holiday");

/// One-off holidays declared by special acts.
const ONE_OFF: [(Date, Name); 6] = [
    (Date::constant(1959, 4, 10), ("皇太子明仁親王の結婚の儀", "Wedding Ceremony of Crown Prince Akihito")),
    (Date::constant(1989, 2, 24), ("昭和天皇の大喪の礼", "Funeral Ceremony of Emperor Showa")),
    (Date::constant(1990, 11, 12), ("即位礼正殿の儀", "Enthronement Ceremony")),
    (Date::constant(1993, 6, 9), ("皇太子徳仁親王の結婚の儀", "Wedding Ceremony of Crown Prince Naruhito")),
    (Date::constant(2019, 5, 1), ("天皇の即位の日", "Emperor's Accession Day")),
    (Date::constant(2019, 10, 22), ("即位礼正殿の儀", "Enthronement Ceremony")),
];

/// The 1973 amendment (substitute holidays) took effect on this day.
const SUBSTITUTE_RULE: Date = Date::constant(1973, 4, 12);
/// The 1985 amendment (citizens' holidays) took effect on this day.
const CITIZENS_RULE: Date = Date::constant(1985, 12, 27);
/// The 2005 amendment (new substitute and citizens' rules) took effect on this day.
const RULE_2007: Date = Date::constant(2007, 1, 1);

fn ymd(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day).ok()
}

/// The `nth` Monday of `month` (Happy Monday system).
fn nth_monday(year: i16, month: i8, nth: i8) -> Option<Date> {
    ymd(year, month, 1)?.nth_weekday_of_month(nth, Weekday::Monday).ok()
}

/// The 国民の祝日 of `year` (including the one-off holidays), unsorted.
fn national_days(year: i16) -> Vec<(Date, Name)> {
    let mut days: Vec<(Option<Date>, Name)> = Vec::with_capacity(20);
    let mut add = |date: Option<Date>, name: Name| days.push((date, name));

    add(ymd(year, 1, 1), GANJITSU);
    add(if year < 2000 { ymd(year, 1, 15) } else { nth_monday(year, 1, 2) }, SEIJIN);
    if year >= 1967 {
        add(ymd(year, 2, 11), KENKOKU);
    }
    match year {
        ..=1988 => add(ymd(year, 4, 29), TENNO),
        1989..=2018 => add(ymd(year, 12, 23), TENNO),
        2019 => {}
        2020.. => add(ymd(year, 2, 23), TENNO),
    }
    add(vernal_equinox_day(year).ok(), SHUNBUN);
    match year {
        ..=1988 => {}
        1989..=2006 => add(ymd(year, 4, 29), MIDORI),
        2007.. => {
            add(ymd(year, 4, 29), SHOWA);
            add(ymd(year, 5, 4), MIDORI);
        }
    }
    add(ymd(year, 5, 3), KENPO);
    add(ymd(year, 5, 5), KODOMO);
    match year {
        ..=1995 => {}
        1996..=2002 => add(ymd(year, 7, 20), UMI),
        2020 => add(ymd(year, 7, 23), UMI),
        2021 => add(ymd(year, 7, 22), UMI),
        _ => add(nth_monday(year, 7, 3), UMI),
    }
    match year {
        ..=2015 => {}
        2020 => add(ymd(year, 8, 10), YAMA),
        2021 => add(ymd(year, 8, 8), YAMA),
        _ => add(ymd(year, 8, 11), YAMA),
    }
    match year {
        ..=1965 => {}
        1966..=2002 => add(ymd(year, 9, 15), KEIRO),
        2003.. => add(nth_monday(year, 9, 3), KEIRO),
    }
    add(autumnal_equinox_day(year).ok(), SHUBUN);
    match year {
        ..=1965 => {}
        1966..=1999 => add(ymd(year, 10, 10), TAIIKU),
        2000..=2019 => add(nth_monday(year, 10, 2), TAIIKU),
        2020 => add(ymd(year, 7, 24), SPORTS),
        2021 => add(ymd(year, 7, 23), SPORTS),
        2022.. => add(nth_monday(year, 10, 2), SPORTS),
    }
    add(ymd(year, 11, 3), BUNKA);
    add(ymd(year, 11, 23), KINRO);
    for (date, name) in ONE_OFF {
        if date.year() == year {
            add(Some(date), name);
        }
    }

    days.into_iter()
        .filter_map(|(date, name)| date.map(|d| (d, name)))
        .filter(|(d, _)| *d >= FIRST_SUPPORTED_DATE)
        .collect()
}

fn holiday_of(date: Date, kind: HolidayKind, (name_ja, name_en): Name) -> Holiday {
    Holiday { date, kind, name_ja, name_en }
}

fn build_table() -> Vec<Vec<Holiday>> {
    let national: Vec<(Date, Name)> = SUPPORTED_YEARS.flat_map(national_days).collect();
    // Keep the first of equal dates, in rule order.
    let mut order: Vec<(Date, usize)> = national.iter().enumerate().map(|(i, (d, _))| (*d, i)).collect();
    crate::sort::sort(&mut order);
    order.dedup_by_key(|(d, _)| *d);
    let national: Vec<(Date, Name)> = order.into_iter().filter_map(|(_, i)| national.get(i).copied()).collect();
    let is_national = |d: Date| national.binary_search_by_key(&d, |(x, _)| *x).is_ok();

    let mut all: Vec<Holiday> = national.iter().map(|&(d, name)| holiday_of(d, HolidayKind::National, name)).collect();

    // 振替休日.
    let mut substitutes: Vec<Date> = Vec::new();
    for &(day, _) in &national {
        if day < SUBSTITUTE_RULE || day.weekday() != Weekday::Sunday {
            continue;
        }
        let Ok(mut next) = day.tomorrow() else {
            continue;
        };
        if day >= RULE_2007 {
            // The nearest following day that is not a national holiday.
            while is_national(next) {
                let Ok(n) = next.tomorrow() else { break };
                next = n;
            }
        }
        // Before 2007 the substitute was the next day only (it never was a holiday itself).
        if !is_national(next) && next <= LAST_SUPPORTED_DATE {
            substitutes.push(next);
        }
    }
    crate::sort::sort(&mut substitutes);
    substitutes.dedup();
    all.extend(substitutes.iter().map(|&d| holiday_of(d, HolidayKind::Substitute, FURIKAE)));

    // 国民の休日: the day between two national holidays two days apart.
    for pair in national.windows(2) {
        let [(a, _), (b, _)] = pair else { continue };
        let Ok(between) = a.tomorrow() else { continue };
        if between.tomorrow().ok() != Some(*b) || between < CITIZENS_RULE {
            continue;
        }
        if substitutes.binary_search(&between).is_ok() {
            // Already a holiday; before 2007 the law excluded substitutes explicitly.
            continue;
        }
        if between < RULE_2007 && between.weekday() == Weekday::Sunday {
            continue;
        }
        all.push(holiday_of(between, HolidayKind::Citizens, KOKUMIN));
    }

    crate::sort::sort_by_unique_key(&mut all, |h| h.date);
    let mut table: Vec<Vec<Holiday>> = SUPPORTED_YEARS.map(|_| Vec::new()).collect();
    for h in all {
        if let Some(year) = table.get_mut(year_index(h.date.year())) {
            year.push(h);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use jiff::civil::date;

    fn kind(y: i16, m: i8, d: i8) -> Option<HolidayKind> {
        holiday(date(y, m, d)).unwrap().map(|h| h.kind)
    }

    #[test]
    fn equinox_formula_switches_at_1980() {
        assert_eq!(vernal_equinox_day(1979).unwrap(), date(1979, 3, 21));
        assert_eq!(autumnal_equinox_day(1979).unwrap(), date(1979, 9, 24));
        assert_eq!(vernal_equinox_day(1980).unwrap(), date(1980, 3, 20));
        assert_eq!(autumnal_equinox_day(1980).unwrap(), date(1980, 9, 23));
        assert!(vernal_equinox_day(1899).is_err());
        assert!(autumnal_equinox_day(2100).is_err());
    }

    #[test]
    fn law_start() {
        assert_eq!(holiday(date(1948, 7, 19)), Err(CalendarError::OutOfRange { date: date(1948, 7, 19) }));
        assert_eq!(holiday(date(1948, 7, 20)).unwrap(), None);
        let y = holidays_in_year(1948).unwrap();
        let dates: Vec<Date> = y.iter().map(|h| h.date).collect();
        assert_eq!(dates, [date(1948, 9, 23), date(1948, 11, 3), date(1948, 11, 23)]);
    }

    #[test]
    fn substitute_rule_starts_1973_04_12() {
        // 1973-02-11 was a Sunday: no substitute yet.
        assert_eq!(kind(1973, 2, 12), None);
        // 1973-04-29 was a Sunday: the first substitute holiday.
        assert_eq!(kind(1973, 4, 30), Some(HolidayKind::Substitute));
    }

    #[test]
    fn citizens_rule_excludes_sundays_and_substitutes_before_2007() {
        assert_eq!(kind(1986, 5, 4), None); // Sunday
        assert_eq!(kind(1987, 5, 4), Some(HolidayKind::Substitute)); // 5/3 Sunday
        assert_eq!(kind(1988, 5, 4), Some(HolidayKind::Citizens));
        assert_eq!(kind(1997, 5, 4), None); // Sunday
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        for year in SUPPORTED_YEARS {
            let list = holidays_in_year(year).unwrap();
            assert!(list.windows(2).all(|w| w[0].date < w[1].date), "{year}");
            assert!(list.iter().all(|h| h.date.year() == year));
        }
    }
}
