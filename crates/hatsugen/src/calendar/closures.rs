//! Office calendars: national holidays plus an office's annual closures, local holidays and
//! one-off closures.
//!
//! When several apply to one day, the day is reported once, by this precedence:
//! national holiday (including 振替休日 and 国民の休日) > local holiday > one-off closure >
//! annual closure; among entries of the same list, the first one listed wins.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::CalendarError;
use super::holidays::{self, FIRST_SUPPORTED_DATE, HolidayKind, LAST_SUPPORTED_DATE};
use super::serde_util::{parse_date, serialize_date};

/// Most entries one list of a [`CalendarConfig`] may have.
pub const MAX_ENTRIES: usize = 1000;
/// Longest one-off closure, in days.
pub const MAX_ONE_OFF_DAYS: i32 = 366;

/// A day of the year without a year, written `MM-DD` (e.g. `06-15`).
///
/// The fields are public so that a value can be built directly; [`Calendar::new`] rejects
/// days that do not exist in any year. `02-29` is allowed and applies in leap years only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MonthDay {
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31 (as the month allows; 29 for February).
    pub day: u8,
}

impl MonthDay {
    /// A month-day; not checked here (see [`MonthDay::is_valid`]).
    pub const fn new(month: u8, day: u8) -> MonthDay {
        MonthDay { month, day }
    }

    /// Whether this day exists in some year (`02-29` does, in leap years).
    pub fn is_valid(self) -> bool {
        (1..=days_in_month(self.month)).contains(&self.day)
    }

    /// The month-day of `date`.
    pub fn of(date: Date) -> MonthDay {
        MonthDay { month: date.month().unsigned_abs(), day: date.day().unsigned_abs() }
    }

    /// Index in a 12 × 31 table; `None` if out of range.
    fn index(self) -> Option<usize> {
        if !(1..=12).contains(&self.month) || !(1..=31).contains(&self.day) {
            return None;
        }
        Some(usize::from(self.month - 1) * 31 + usize::from(self.day - 1))
    }

    /// The next valid month-day in a leap year, wrapping from `12-31` to `01-01`.
    fn succ(self) -> MonthDay {
        if self.day < days_in_month(self.month) {
            MonthDay { month: self.month, day: self.day + 1 }
        } else if self.month < 12 {
            MonthDay { month: self.month + 1, day: 1 }
        } else {
            MonthDay { month: 1, day: 1 }
        }
    }
}

/// Days of `month` in a leap year; 0 for a month that does not exist.
fn days_in_month(month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => 0,
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for MonthDay {
    type Err = String;

    /// Parses `MM-DD` (or `M-D`); the range is checked by [`MonthDay::is_valid`], not here.
    fn from_str(s: &str) -> Result<MonthDay, String> {
        let err = || format!("invalid month-day `{s}`: expected `MM-DD`");
        let (m, d) = s.split_once('-').ok_or_else(err)?;
        let num = |p: &str| {
            if (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse::<u8>().ok()
            } else {
                None
            }
        };
        match (num(m), num(d)) {
            (Some(month), Some(day)) => Ok(MonthDay { month, day }),
            _ => Err(err()),
        }
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<MonthDay, D::Error> {
        let s = String::deserialize(de)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An office closure that recurs every year, e.g. 年末年始 from `12-29` to `01-03`.
///
/// TOML: `{ from = "12-29", to = "01-03", name = "年末年始", name_en = "Year-end holidays" }`.
/// When `to` is earlier in the year than `from`, the closure spans the year boundary.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualClosure {
    /// First day, inclusive.
    pub from: MonthDay,
    /// Last day, inclusive.
    pub to: MonthDay,
    /// Japanese name.
    pub name: String,
    /// English name; the Japanese name is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
}

/// A holiday of a prefecture or municipality, every year on the same day.
///
/// TOML: `{ date = "06-23", name = "慰霊の日", name_en = "Okinawa Memorial Day" }`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalHoliday {
    /// The day every year.
    pub date: MonthDay,
    /// Japanese name.
    pub name: String,
    /// English name; the Japanese name is used when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
}

/// A closure on a specific day or range of days.
///
/// TOML: `{ date = "2027-03-31", name = "庁舎移転" }` for one day, or
/// `{ from = "2027-03-29", to = "2027-03-31", name = "庁舎移転" }` for several.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawOneOff", into = "RawOneOff")]
pub struct OneOffClosure {
    /// First day, inclusive.
    pub from: Date,
    /// Last day, inclusive (equal to `from` for a single day).
    pub to: Date,
    /// Japanese name.
    pub name: String,
    /// English name; the Japanese name is used when absent.
    pub name_en: Option<String>,
}

impl OneOffClosure {
    /// A closure on the single day `date`.
    pub fn on(date: Date, name: impl Into<String>) -> OneOffClosure {
        OneOffClosure { from: date, to: date, name: name.into(), name_en: None }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOneOff {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name_en: Option<String>,
}

impl TryFrom<RawOneOff> for OneOffClosure {
    type Error = String;

    fn try_from(raw: RawOneOff) -> Result<OneOffClosure, String> {
        let (from, to) = match (raw.date, raw.from, raw.to) {
            (Some(date), None, None) => {
                let d = parse_date(&date)?;
                (d, d)
            }
            (None, Some(from), to) => {
                let from = parse_date(&from)?;
                let to = match to {
                    Some(to) => parse_date(&to)?,
                    None => from,
                };
                (from, to)
            }
            _ => {
                return Err("a one-off closure needs either `date`, or `from` and `to`".to_owned());
            }
        };
        Ok(OneOffClosure { from, to, name: raw.name, name_en: raw.name_en })
    }
}

impl From<OneOffClosure> for RawOneOff {
    fn from(c: OneOffClosure) -> RawOneOff {
        let (date, from, to) = if c.from == c.to {
            (Some(c.from.to_string()), None, None)
        } else {
            (None, Some(c.from.to_string()), Some(c.to.to_string()))
        };
        RawOneOff { date, from, to, name: c.name, name_en: c.name_en }
    }
}

/// An office's non-working days beyond the national holidays.
///
/// Every field may be omitted; an empty configuration is 年末年始 (12/29–1/3) only.
///
/// ```toml
/// closures = [{ from = "12-29", to = "01-03", name = "年末年始" }]
/// local_holidays = [{ date = "06-15", name = "県民の日" }]
/// one_off = [{ date = "2027-03-31", name = "庁舎移転" }]
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarConfig {
    /// Closures that recur every year; default: 年末年始, `12-29` to `01-03`.
    #[serde(default = "default_closures")]
    pub closures: Vec<AnnualClosure>,
    /// Local holidays that recur every year; default: none.
    #[serde(default)]
    pub local_holidays: Vec<LocalHoliday>,
    /// Closures on specific dates; default: none.
    #[serde(default)]
    pub one_off: Vec<OneOffClosure>,
}

fn default_closures() -> Vec<AnnualClosure> {
    vec![AnnualClosure {
        from: MonthDay::new(12, 29),
        to: MonthDay::new(1, 3),
        name: "年末年始".to_owned(),
        name_en: Some("Year-end and New Year holidays".to_owned()),
    }]
}

impl Default for CalendarConfig {
    fn default() -> CalendarConfig {
        CalendarConfig { closures: default_closures(), local_holidays: Vec::new(), one_off: Vec::new() }
    }
}

/// Why a day is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A national holiday (国民の祝日), including one-off holidays by special act.
    Holiday,
    /// A substitute holiday (振替休日).
    Substitute,
    /// A citizens' holiday (国民の休日).
    Citizens,
    /// An office closure: annual (年末年始) or one-off.
    Closure,
    /// A local holiday (県民の日, 慰霊の日, …).
    Local,
    /// A day of the weekend (only reported by [`Calendar::days_off`] when asked for).
    Weekend,
}

impl From<HolidayKind> for DayKind {
    fn from(kind: HolidayKind) -> DayKind {
        match kind {
            HolidayKind::National => DayKind::Holiday,
            HolidayKind::Substitute => DayKind::Substitute,
            HolidayKind::Citizens => DayKind::Citizens,
        }
    }
}

/// A day that is not a working day, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DayOff {
    /// The day.
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    /// Why it is off.
    pub kind: DayKind,
    /// Japanese name (e.g. `海の日`, `年末年始`, `土曜日`).
    pub name_ja: String,
    /// English name.
    pub name_en: String,
}

const NONE: u16 = u16::MAX;
const TABLE_LEN: usize = 12 * 31;

/// National holidays plus an office's closures and local holidays. Immutable once built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    config: CalendarConfig,
    /// Month-day → index into `config.local_holidays`.
    local_by_day: Vec<u16>,
    /// Month-day → index into `config.closures`.
    closure_by_day: Vec<u16>,
    /// Every day of every one-off closure with its index into `config.one_off`; sorted by
    /// date, one entry per date.
    one_off_days: Vec<(Date, u16)>,
}

/// Which entry makes a day off (without allocating names).
#[derive(Clone, Copy)]
enum Off {
    National(holidays::Holiday),
    Local(u16),
    Dated(u16),
    Annual(u16),
}

fn entry_count(field: &str, len: usize) -> Result<(), CalendarError> {
    if len > MAX_ENTRIES {
        return Err(CalendarError::invalid(field, len.to_string(), format!("more than {MAX_ENTRIES} entries")));
    }
    Ok(())
}

fn check_name(field: String, name: &str) -> Result<(), CalendarError> {
    if name.trim().is_empty() {
        return Err(CalendarError::invalid(field, name, "the name must not be empty"));
    }
    Ok(())
}

fn check_month_day(field: String, md: MonthDay) -> Result<usize, CalendarError> {
    match md.index() {
        Some(i) if md.is_valid() => Ok(i),
        _ => Err(CalendarError::invalid(field, md.to_string(), "no such day of the year")),
    }
}

fn check_date(field: String, date: Date) -> Result<(), CalendarError> {
    if date < FIRST_SUPPORTED_DATE || date > LAST_SUPPORTED_DATE {
        return Err(CalendarError::invalid(
            field,
            date.to_string(),
            format!("outside the supported range `{FIRST_SUPPORTED_DATE}`..=`{LAST_SUPPORTED_DATE}`"),
        ));
    }
    Ok(())
}

impl Default for Calendar {
    /// The calendar of [`CalendarConfig::default`]: national holidays and 年末年始.
    fn default() -> Calendar {
        let config = CalendarConfig::default();
        let mut closure_by_day = vec![NONE; TABLE_LEN];
        for md in [(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)] {
            if let Some(slot) = MonthDay::new(md.0, md.1).index().and_then(|i| closure_by_day.get_mut(i)) {
                *slot = 0;
            }
        }
        Calendar { config, local_by_day: vec![NONE; TABLE_LEN], closure_by_day, one_off_days: Vec::new() }
    }
}

impl Calendar {
    /// Builds a calendar, checking every entry.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidValue`] naming the field (e.g. `local_holidays[1].date`) for a
    /// month-day that does not exist, an empty name, a one-off range that is inverted, longer
    /// than [`MAX_ONE_OFF_DAYS`] or outside the supported dates, or a list longer than
    /// [`MAX_ENTRIES`].
    pub fn new(config: &CalendarConfig) -> Result<Calendar, CalendarError> {
        entry_count("closures", config.closures.len())?;
        entry_count("local_holidays", config.local_holidays.len())?;
        entry_count("one_off", config.one_off.len())?;

        let mut closure_by_day = vec![NONE; TABLE_LEN];
        for (i, c) in config.closures.iter().enumerate() {
            check_name(format!("closures[{i}].name"), &c.name)?;
            check_month_day(format!("closures[{i}].from"), c.from)?;
            check_month_day(format!("closures[{i}].to"), c.to)?;
            let id = u16::try_from(i).unwrap_or(NONE);
            let mut md = c.from;
            // At most 366 valid month-days in the (leap) year.
            for _ in 0..366 {
                if let Some(slot) = md.index().and_then(|k| closure_by_day.get_mut(k)) {
                    if *slot == NONE {
                        *slot = id;
                    }
                }
                if md == c.to {
                    break;
                }
                md = md.succ();
            }
        }

        let mut local_by_day = vec![NONE; TABLE_LEN];
        for (i, h) in config.local_holidays.iter().enumerate() {
            check_name(format!("local_holidays[{i}].name"), &h.name)?;
            let k = check_month_day(format!("local_holidays[{i}].date"), h.date)?;
            if let Some(slot) = local_by_day.get_mut(k) {
                if *slot == NONE {
                    *slot = u16::try_from(i).unwrap_or(NONE);
                }
            }
        }

        let mut one_off_days: Vec<(Date, u16)> = Vec::new();
        for (i, c) in config.one_off.iter().enumerate() {
            check_name(format!("one_off[{i}].name"), &c.name)?;
            check_date(format!("one_off[{i}].from"), c.from)?;
            check_date(format!("one_off[{i}].to"), c.to)?;
            if c.to < c.from {
                return Err(CalendarError::invalid(
                    format!("one_off[{i}].to"),
                    c.to.to_string(),
                    format!("before `from` (`{}`)", c.from),
                ));
            }
            let id = u16::try_from(i).unwrap_or(NONE);
            let mut d = c.from;
            let mut n = 0;
            loop {
                n += 1;
                if n > MAX_ONE_OFF_DAYS {
                    return Err(CalendarError::invalid(
                        format!("one_off[{i}].to"),
                        c.to.to_string(),
                        format!("a one-off closure may last at most {MAX_ONE_OFF_DAYS} days"),
                    ));
                }
                one_off_days.push((d, id));
                if d >= c.to {
                    break;
                }
                match d.tomorrow() {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        }
        // Config order decides among equal dates: keep the first.
        let mut order: Vec<(Date, usize)> = one_off_days.iter().enumerate().map(|(i, (d, _))| (*d, i)).collect();
        crate::sort::sort(&mut order);
        order.dedup_by_key(|(d, _)| *d);
        let one_off_days = order.into_iter().filter_map(|(_, i)| one_off_days.get(i).cloned()).collect();

        Ok(Calendar { config: config.clone(), local_by_day, closure_by_day, one_off_days })
    }

    /// The configuration this calendar was built from.
    pub fn config(&self) -> &CalendarConfig {
        &self.config
    }

    fn off(&self, date: Date) -> Result<Option<Off>, CalendarError> {
        if let Some(h) = holidays::holiday(date)? {
            return Ok(Some(Off::National(h)));
        }
        let k = MonthDay::of(date).index();
        let lookup = |table: &[u16]| k.and_then(|k| table.get(k)).copied().filter(|&i| i != NONE);
        if let Some(i) = lookup(&self.local_by_day) {
            return Ok(Some(Off::Local(i)));
        }
        if !self.one_off_days.is_empty() {
            if let Ok(pos) = self.one_off_days.binary_search_by_key(&date, |(d, _)| *d) {
                if let Some(&(_, i)) = self.one_off_days.get(pos) {
                    return Ok(Some(Off::Dated(i)));
                }
            }
        }
        Ok(lookup(&self.closure_by_day).map(Off::Annual))
    }

    /// Whether `date` is a holiday, closure or local holiday; the same as
    /// `day_off(date)?.is_some()` without building names.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the supported dates.
    pub fn is_day_off(&self, date: Date) -> Result<bool, CalendarError> {
        Ok(self.off(date)?.is_some())
    }

    /// Why `date` is off, if it is: a national, substitute or citizens' holiday, a local
    /// holiday, or an office closure (see the module documentation for precedence).
    /// Weekends are not reported here: which days are worked comes from the
    /// [`Schedule`](super::Schedule).
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the supported dates.
    pub fn day_off(&self, date: Date) -> Result<Option<DayOff>, CalendarError> {
        let named = |kind: DayKind, name: &str, name_en: &Option<String>| DayOff {
            date,
            kind,
            name_ja: name.to_owned(),
            name_en: name_en.as_deref().unwrap_or(name).to_owned(),
        };
        Ok(match self.off(date)? {
            None => None,
            Some(Off::National(h)) => {
                Some(DayOff { date, kind: h.kind.into(), name_ja: h.name_ja.to_owned(), name_en: h.name_en.to_owned() })
            }
            Some(Off::Local(i)) => {
                self.config.local_holidays.get(usize::from(i)).map(|h| named(DayKind::Local, &h.name, &h.name_en))
            }
            Some(Off::Dated(i)) => {
                self.config.one_off.get(usize::from(i)).map(|c| named(DayKind::Closure, &c.name, &c.name_en))
            }
            Some(Off::Annual(i)) => {
                self.config.closures.get(usize::from(i)).map(|c| named(DayKind::Closure, &c.name, &c.name_en))
            }
        })
    }

    /// Every non-working day from `from` to `to` inclusive, in date order: holidays,
    /// closures and local holidays, plus, when `weekend_days` is given, every other day
    /// whose weekday is in it (as [`DayKind::Weekend`]).
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidRange`] if `from` is after `to`;
    /// [`CalendarError::OutOfRange`] if either is outside the supported dates.
    pub fn days_off(
        &self,
        from: Date,
        to: Date,
        weekend_days: Option<&[Weekday]>,
    ) -> Result<Vec<DayOff>, CalendarError> {
        if from > to {
            return Err(CalendarError::InvalidRange { from, to });
        }
        for d in [from, to] {
            if d < FIRST_SUPPORTED_DATE || d > LAST_SUPPORTED_DATE {
                return Err(CalendarError::OutOfRange { date: d });
            }
        }
        let mut out = Vec::new();
        let mut d = from;
        loop {
            if let Some(off) = self.day_off(d)? {
                out.push(off);
            } else if weekend_days.is_some_and(|w| w.contains(&d.weekday())) {
                let (name_ja, name_en) = weekday_names(d.weekday());
                out.push(DayOff {
                    date: d,
                    kind: DayKind::Weekend,
                    name_ja: name_ja.to_owned(),
                    name_en: name_en.to_owned(),
                });
            }
            if d >= to {
                break;
            }
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        Ok(out)
    }
}

fn weekday_names(w: Weekday) -> (&'static str, &'static str) {
    match w {
        Weekday::Monday => ("月曜日", "Monday"),
        Weekday::Tuesday => ("火曜日", "Tuesday"),
        Weekday::Wednesday => ("水曜日", "Wednesday"),
        Weekday::Thursday => ("木曜日", "Thursday"),
        Weekday::Friday => ("金曜日", "Friday"),
        Weekday::Saturday => ("土曜日", "Saturday"),
        Weekday::Sunday => ("日曜日", "Sunday"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use jiff::civil::date;

    #[test]
    fn default_calendar_equals_built_default() {
        assert_eq!(Calendar::default(), Calendar::new(&CalendarConfig::default()).unwrap());
    }

    #[test]
    fn month_day_parse_and_display() {
        assert_eq!("6-5".parse::<MonthDay>().unwrap(), MonthDay::new(6, 5));
        assert_eq!(MonthDay::new(6, 5).to_string(), "06-05");
        assert!("06/05".parse::<MonthDay>().is_err());
        assert!("006-05".parse::<MonthDay>().is_err());
        assert!(MonthDay::new(2, 29).is_valid());
        assert!(!MonthDay::new(2, 30).is_valid());
        assert!(!MonthDay::new(13, 1).is_valid());
        assert!(!MonthDay::new(4, 31).is_valid());
    }

    #[test]
    fn whole_year_closure_wraps_once() {
        let config = CalendarConfig {
            closures: vec![AnnualClosure {
                from: MonthDay::new(1, 1),
                to: MonthDay::new(12, 31),
                name: "休業".into(),
                name_en: None,
            }],
            ..CalendarConfig::default()
        };
        let cal = Calendar::new(&config).unwrap();
        assert!(cal.closure_by_day.iter().filter(|&&i| i == 0).count() == 366);
        assert_eq!(cal.day_off(date(2025, 6, 2)).unwrap().unwrap().name_en, "休業");
    }
}
