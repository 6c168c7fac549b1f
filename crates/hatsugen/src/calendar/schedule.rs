//! Working schedules: which weekdays are worked, the working hours and the breaks.
//!
//! Times are civil times in the schedule's zone, exact to the second: with hours
//! `08:30`–`17:15`, `08:29:59` is not working time and `17:14:59` is. Intervals are
//! half-open, `[start, end)`: `08:30` is working, `17:15` is not; with a break
//! `12:00`–`13:00`, `12:00` is a break and `13:00` is working again.
//!
//! An interval whose end is not after its start crosses midnight: `22:00`–`07:00` runs to
//! 07:00 the next day, and `08:30`–`08:30` is a 24-hour shift. A shift belongs to the day it
//! starts on: it is worked when that day is a working day, whatever the next day is.
//! `24:00` may be used as an end (`00:00`–`24:00` is a whole day).

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::Offset;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::closures::Calendar;
use super::error::CalendarError;
use super::holidays::{FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE};

const DAY_MINUTES: u16 = 24 * 60;
const DAY_SECONDS: u32 = 24 * 60 * 60;
/// Most intervals a schedule may list in `hours`, and in `breaks`.
pub const MAX_INTERVALS: usize = 64;

/// A time of day to the minute, `00:00` to `24:00` inclusive; written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay {
    minutes: u16,
}

impl TimeOfDay {
    /// `00:00`.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay { minutes: 0 };
    /// `24:00`, the end of the day (only meaningful as the end of an interval).
    pub const END_OF_DAY: TimeOfDay = TimeOfDay { minutes: DAY_MINUTES };

    /// `hour:minute`.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidValue`] unless `hour` is 0–23 and `minute` 0–59, or the time
    /// is `24:00`.
    pub fn new(hour: u8, minute: u8) -> Result<TimeOfDay, CalendarError> {
        if (hour < 24 && minute < 60) || (hour == 24 && minute == 0) {
            Ok(TimeOfDay { minutes: u16::from(hour) * 60 + u16::from(minute) })
        } else {
            Err(CalendarError::invalid("time", format!("{hour:02}:{minute:02}"), "expected `00:00` to `24:00`"))
        }
    }

    /// Minutes since midnight, 0–1440.
    pub fn minutes(self) -> u16 {
        self.minutes
    }

    /// The hour, 0–24.
    pub fn hour(self) -> u8 {
        u8::try_from(self.minutes / 60).unwrap_or(24)
    }

    /// The minute, 0–59.
    pub fn minute(self) -> u8 {
        u8::try_from(self.minutes % 60).unwrap_or(0)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl FromStr for TimeOfDay {
    type Err = CalendarError;

    /// Parses `HH:MM` (or `H:MM`), `00:00` to `24:00`.
    fn from_str(s: &str) -> Result<TimeOfDay, CalendarError> {
        let err = || CalendarError::invalid("time", s, "expected `HH:MM` from `00:00` to `24:00`");
        let (h, m) = s.split_once(':').ok_or_else(err)?;
        let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
            len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(h, 1..=2) || !digits(m, 2..=2) {
            return Err(err());
        }
        let (Ok(h), Ok(m)) = (h.parse::<u8>(), m.parse::<u8>()) else {
            return Err(err());
        };
        TimeOfDay::new(h, m).map_err(|_| err())
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<TimeOfDay, D::Error> {
        let s = String::deserialize(de)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A daily interval `[start, end)`; crosses midnight when `end` is not after `start`
/// (`start == end` is a 24-hour interval).
///
/// TOML: `{ start = "08:30", end = "17:15" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeRange {
    /// First minute, inclusive.
    pub start: TimeOfDay,
    /// End, exclusive.
    pub end: TimeOfDay,
}

impl TimeRange {
    /// `[start, end)`.
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> TimeRange {
        TimeRange { start, end }
    }

    /// Start and end in minutes from the midnight of the day it starts on; the end is at
    /// most 2880 (24 hours after a `24:00` start, which [`Schedule::validate`] rejects).
    fn span(self) -> (u32, u32) {
        let start = u32::from(self.start.minutes);
        let end = u32::from(self.end.minutes);
        (start, if end > start { end } else { end + u32::from(DAY_MINUTES) })
    }

    /// Whether the time `rel`, in seconds from the midnight of the day the interval starts
    /// on, lies in it.
    fn holds(self, rel: u32) -> bool {
        let (s, e) = self.span();
        s * 60 <= rel && rel < e * 60
    }

    /// The occurrence of this daily interval that holds the civil time `t` — the one that
    /// starts on `t`'s day or, across midnight, the day before — as its start and end.
    ///
    /// ```
    /// use hatsugen::calendar::TimeRange;
    /// use jiff::civil::date;
    /// let night = TimeRange::new("22:00".parse()?, "05:00".parse()?);
    /// let (start, end) = night.occurrence_at(date(2026, 11, 21).at(3, 0, 0, 0)).unwrap();
    /// assert_eq!((start, end), (date(2026, 11, 20).at(22, 0, 0, 0), date(2026, 11, 21).at(5, 0, 0, 0)));
    /// assert_eq!(night.occurrence_at(date(2026, 11, 21).at(5, 0, 0, 0)), None);
    /// # Ok::<(), hatsugen::calendar::CalendarError>(())
    /// ```
    pub fn occurrence_at(self, t: DateTime) -> Option<(DateTime, DateTime)> {
        let secs = seconds_of_day(t);
        let (s, e) = self.span();
        [(Some(t.date()), 0), (t.date().yesterday().ok(), DAY_SECONDS)].into_iter().find_map(|(day, extra)| {
            let day = day?;
            self.holds(secs + extra).then(|| Some((at(day, s * 60).ok()?, at(day, e * 60).ok()?))).flatten()
        })
    }

    /// Whether the interval runs past midnight.
    pub fn crosses_midnight(self) -> bool {
        self.span().1 > u32::from(DAY_MINUTES)
    }

    /// Length in minutes (1440 for a 24-hour interval).
    pub fn duration_minutes(self) -> u32 {
        let (s, e) = self.span();
        e - s
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

/// A time zone for a schedule: Japan's named zones or a fixed UTC offset.
///
/// `Asia/Tokyo`, `Japan` and `JST` are +09:00 (Japan has had no daylight saving time since
/// 1951); `UTC` is +00:00; `+09:00`, `+0900`, `+09` and the like are fixed offsets. It is
/// written back as it was named (`Asia/Tokyo`) or as `+HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeZoneSpec {
    name: Option<&'static str>,
    offset: Offset,
}

impl TimeZoneSpec {
    /// `Asia/Tokyo`, +09:00.
    pub const ASIA_TOKYO: TimeZoneSpec = TimeZoneSpec { name: Some("Asia/Tokyo"), offset: Offset::constant(9) };

    /// A fixed offset.
    pub fn fixed(offset: Offset) -> TimeZoneSpec {
        TimeZoneSpec { name: None, offset }
    }

    /// Parses a zone name or a fixed offset (see the type's documentation).
    ///
    /// # Errors
    ///
    /// [`CalendarError::UnknownTimeZone`] naming the value for anything else.
    pub fn parse(value: &str) -> Result<TimeZoneSpec, CalendarError> {
        let named =
            |name: &'static str, hours: i8| Ok(TimeZoneSpec { name: Some(name), offset: Offset::constant(hours) });
        for name in ["Asia/Tokyo", "Japan", "JST"] {
            if value.eq_ignore_ascii_case(name) {
                return named(name, 9);
            }
        }
        if value.eq_ignore_ascii_case("UTC") {
            return named("UTC", 0);
        }
        parse_offset(value)
            .map(TimeZoneSpec::fixed)
            .ok_or_else(|| CalendarError::UnknownTimeZone { value: value.to_owned() })
    }

    /// The UTC offset.
    pub fn offset(&self) -> Offset {
        self.offset
    }

    /// The civil datetime in this zone of `ts`.
    pub fn to_civil(&self, ts: Timestamp) -> DateTime {
        to_civil(ts, self.offset)
    }

    /// The timestamp of the civil datetime `dt` in this zone.
    ///
    /// # Errors
    ///
    /// [`CalendarError::TimestampOutOfRange`] if out of the timestamp range.
    pub fn from_civil(&self, dt: DateTime) -> Result<Timestamp, CalendarError> {
        from_civil(dt, self.offset)
    }
}

impl Default for TimeZoneSpec {
    fn default() -> TimeZoneSpec {
        TimeZoneSpec::ASIA_TOKYO
    }
}

/// `±HH:MM`, `±HHMM` or `±HH`, hours 0–23 and minutes 0–59.
fn parse_offset(s: &str) -> Option<Offset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, s.get(1..)?),
        b'-' => (-1, s.get(1..)?),
        _ => return None,
    };
    let (h, m) = match rest.len() {
        2 => (rest, "00"),
        4 => (rest.get(..2)?, rest.get(2..)?),
        5 if rest.as_bytes().get(2) == Some(&b':') => (rest.get(..2)?, rest.get(3..)?),
        _ => return None,
    };
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
    if h > 23 || m > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).ok()
}

impl fmt::Display for TimeZoneSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.name {
            return f.write_str(name);
        }
        let secs = self.offset.seconds();
        let sign = if secs < 0 { '-' } else { '+' };
        let secs = secs.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
    }
}

impl FromStr for TimeZoneSpec {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<TimeZoneSpec, CalendarError> {
        TimeZoneSpec::parse(s)
    }
}

impl Serialize for TimeZoneSpec {
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeZoneSpec {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<TimeZoneSpec, D::Error> {
        let s = String::deserialize(de)?;
        TimeZoneSpec::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The civil datetime at `offset` of `ts`.
pub fn to_civil(ts: Timestamp, offset: Offset) -> DateTime {
    offset.to_datetime(ts)
}

/// The timestamp of the civil datetime `dt` at the fixed `offset`.
///
/// # Errors
///
/// [`CalendarError::TimestampOutOfRange`] if the result is outside jiff's timestamp range.
pub fn from_civil(dt: DateTime, offset: Offset) -> Result<Timestamp, CalendarError> {
    offset.to_timestamp(dt).map_err(|_| CalendarError::TimestampOutOfRange { datetime: dt })
}

fn weekday_code(w: Weekday) -> &'static str {
    match w {
        Weekday::Monday => "mon",
        Weekday::Tuesday => "tue",
        Weekday::Wednesday => "wed",
        Weekday::Thursday => "thu",
        Weekday::Friday => "fri",
        Weekday::Saturday => "sat",
        Weekday::Sunday => "sun",
    }
}

/// Parses a weekday: `mon`…`sun`, `monday`…`sunday` (any case), or `月`, `月曜`, `月曜日`….
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    const ALL: [(Weekday, &str, &str, &str); 7] = [
        (Weekday::Monday, "mon", "monday", "月"),
        (Weekday::Tuesday, "tue", "tuesday", "火"),
        (Weekday::Wednesday, "wed", "wednesday", "水"),
        (Weekday::Thursday, "thu", "thursday", "木"),
        (Weekday::Friday, "fri", "friday", "金"),
        (Weekday::Saturday, "sat", "saturday", "土"),
        (Weekday::Sunday, "sun", "sunday", "日"),
    ];
    let ja = s.strip_suffix("曜日").or_else(|| s.strip_suffix("曜")).unwrap_or(s);
    ALL.iter()
        .find(|(_, short, long, kanji)| s.eq_ignore_ascii_case(short) || s.eq_ignore_ascii_case(long) || ja == *kanji)
        .map(|(w, ..)| *w)
}

fn serialize_weekdays<S: Serializer>(days: &[Weekday], ser: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = ser.serialize_seq(Some(days.len()))?;
    for d in days {
        seq.serialize_element(weekday_code(*d))?;
    }
    seq.end()
}

/// A valid working schedule: the weekdays worked, the working hours of each worked day and
/// the breaks within them, in a time zone.
///
/// It is built with [`Schedule::new`], which checks it, or read from a policy's
/// `[schedule]` or a context's `schedule` (one reader for both, in TOML and JSON):
///
/// ```toml
/// days = ["mon", "tue", "wed", "thu", "fri"]
/// hours = [{ start = "08:30", end = "17:15" }]
/// breaks = [{ start = "12:00", end = "13:00" }]
/// time_zone = "Asia/Tokyo"
/// ```
///
/// A field left out keeps the value it is read over (the pack's, or
/// [`Schedule::default_japanese`] for a context), except `breaks`: when `hours` is given,
/// breaks are only those given with it (the old breaks belonged to the old hours). There is
/// no invalid `Schedule`, so its queries need no checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Schedule {
    #[serde(serialize_with = "serialize_weekdays")]
    days: Vec<Weekday>,
    hours: Vec<TimeRange>,
    breaks: Vec<TimeRange>,
    time_zone: TimeZoneSpec,
}

impl Default for Schedule {
    fn default() -> Schedule {
        Schedule::default_japanese()
    }
}

/// A shift on a given day: the day it starts on and its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shift {
    day: Date,
    range: TimeRange,
    /// The end, in minutes from the midnight of `day`.
    end: u32,
}

impl Shift {
    fn new(day: Date, range: TimeRange) -> Shift {
        Shift { day, range, end: range.span().1 }
    }

    /// The day it starts on.
    pub(crate) fn day(self) -> Date {
        self.day
    }

    /// `t` in seconds from the midnight of the shift's day, if `t` is on that day or the next.
    fn offset_of(self, t: DateTime) -> Option<u32> {
        let secs = seconds_of_day(t);
        if t.date() == self.day {
            Some(secs)
        } else if self.day.tomorrow().ok() == Some(t.date()) {
            Some(secs + DAY_SECONDS)
        } else {
            None
        }
    }
}

fn at(day: Date, rel_seconds: u32) -> Result<DateTime, CalendarError> {
    let mut date = day;
    for _ in 0..rel_seconds / DAY_SECONDS {
        date = date.tomorrow().map_err(|_| CalendarError::OutOfRange { date })?;
    }
    let s = rel_seconds % DAY_SECONDS;
    let to_i8 = |v: u32| i8::try_from(v).unwrap_or(0);
    let time = Time::new(to_i8(s / 3600), to_i8(s % 3600 / 60), to_i8(s % 60), 0).unwrap_or(Time::midnight());
    Ok(date.to_datetime(time))
}

fn seconds_of_day(t: DateTime) -> u32 {
    let part = |v: i8| u32::from(v.unsigned_abs());
    part(t.hour()) * 3600 + part(t.minute()) * 60 + part(t.second())
}

fn check_supported(date: Date) -> Result<(), CalendarError> {
    if date < FIRST_SUPPORTED_DATE || date > LAST_SUPPORTED_DATE {
        return Err(CalendarError::OutOfRange { date });
    }
    Ok(())
}

impl Schedule {
    /// A schedule: the weekdays worked, the working intervals of each, the breaks within
    /// them, and the zone.
    ///
    /// # Errors
    ///
    /// [`CalendarError::InvalidValue`] naming the field (`hours[1]`) for: no working day or
    /// a day listed twice (`days`), no working interval, an interval starting at `24:00`,
    /// intervals that overlap (also across midnight, from one day's shift into the next
    /// day's), an empty break (`start == end`; only working intervals may be 24 hours), a
    /// break not within one working interval, breaks that overlap, or more than
    /// [`MAX_INTERVALS`] entries.
    pub fn new(
        days: Vec<Weekday>,
        hours: Vec<TimeRange>,
        breaks: Vec<TimeRange>,
        time_zone: TimeZoneSpec,
    ) -> Result<Schedule, CalendarError> {
        let schedule = Schedule { days, hours, breaks, time_zone };
        schedule.validate()?;
        Ok(schedule)
    }

    /// The weekdays on which work starts (minus the calendar's holidays and closures).
    pub fn days(&self) -> &[Weekday] {
        &self.days
    }

    /// The working intervals of each working day; they may cross midnight.
    pub fn hours(&self) -> &[TimeRange] {
        &self.hours
    }

    /// The breaks, each within one of [`Schedule::hours`]; not working time.
    pub fn breaks(&self) -> &[TimeRange] {
        &self.breaks
    }

    /// The zone the times are in.
    pub fn time_zone(&self) -> TimeZoneSpec {
        self.time_zone
    }

    /// The standard schedule of Japanese public offices: Monday to Friday, 08:30–17:15,
    /// break 12:00–13:00, Asia/Tokyo.
    pub fn default_japanese() -> Schedule {
        let t = |minutes: u16| TimeOfDay { minutes };
        Schedule {
            days: vec![Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday],
            hours: vec![TimeRange::new(t(8 * 60 + 30), t(17 * 60 + 15))],
            breaks: vec![TimeRange::new(t(12 * 60), t(13 * 60))],
            time_zone: TimeZoneSpec::ASIA_TOKYO,
        }
    }

    /// Checks the schedule (see [`Schedule::new`]).
    fn validate(&self) -> Result<(), CalendarError> {
        if self.days.is_empty() {
            return Err(CalendarError::invalid("days", "[]", "at least one working day is required"));
        }
        for (i, d) in self.days.iter().enumerate() {
            if self.days.iter().take(i).any(|e| e == d) {
                return Err(CalendarError::invalid(format!("days[{i}]"), weekday_code(*d), "listed twice"));
            }
        }
        if self.hours.is_empty() {
            return Err(CalendarError::invalid("hours", "[]", "at least one working interval is required"));
        }
        for (field, list) in [("hours", &self.hours), ("breaks", &self.breaks)] {
            if list.len() > MAX_INTERVALS {
                return Err(CalendarError::invalid(
                    field,
                    list.len().to_string(),
                    format!("more than {MAX_INTERVALS} intervals"),
                ));
            }
            for (i, r) in list.iter().enumerate() {
                if r.start == TimeOfDay::END_OF_DAY {
                    return Err(CalendarError::invalid(
                        format!("{field}[{i}].start"),
                        r.start.to_string(),
                        "an interval cannot start at `24:00`; use `00:00`",
                    ));
                }
            }
        }
        let day = i64::from(DAY_MINUTES);
        let overlap = |a: TimeRange, b: TimeRange| {
            let (a0, a1) = a.span();
            let (b0, b1) = b.span();
            [-day, 0, day].iter().any(|shift| {
                let (b0, b1) = (i64::from(b0) + shift, i64::from(b1) + shift);
                i64::from(a0) < b1 && b0 < i64::from(a1)
            })
        };
        for (j, b) in self.hours.iter().enumerate() {
            if let Some((i, a)) = self.hours.iter().enumerate().take(j).find(|(_, a)| overlap(**a, *b)) {
                return Err(CalendarError::invalid(
                    format!("hours[{j}]"),
                    b.to_string(),
                    format!("overlaps `hours[{i}]` (`{a}`)"),
                ));
            }
        }
        for (j, b) in self.breaks.iter().enumerate() {
            if b.start == b.end {
                return Err(CalendarError::invalid(
                    format!("breaks[{j}]"),
                    b.to_string(),
                    "a break must not be empty or last 24 hours",
                ));
            }
            if !self.hours.iter().any(|h| break_within(*b, *h).is_some()) {
                return Err(CalendarError::invalid(
                    format!("breaks[{j}]"),
                    b.to_string(),
                    "not within any working interval of `hours`",
                ));
            }
            if let Some((i, a)) = self.breaks.iter().enumerate().take(j).find(|(_, a)| overlap(**a, *b)) {
                return Err(CalendarError::invalid(
                    format!("breaks[{j}]"),
                    b.to_string(),
                    format!("overlaps `breaks[{i}]` (`{a}`)"),
                ));
            }
        }
        Ok(())
    }

    /// Whether `d` is a working day: its weekday is in [`Schedule::days`] and the calendar
    /// has no holiday, closure or local holiday on it.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the supported dates.
    pub fn is_working_day(&self, cal: &Calendar, d: Date) -> Result<bool, CalendarError> {
        check_supported(d)?;
        if !self.days.contains(&d.weekday()) {
            return Ok(false);
        }
        Ok(!cal.is_day_off(d)?)
    }

    fn any_crosses_midnight(&self) -> bool {
        self.hours.iter().any(|h| h.crosses_midnight())
    }

    /// The shifts of the schedule's hours whose time holds `t`, whether or not their day is
    /// worked: one starting on `t`'s day, then one that started the day before and crosses
    /// midnight (a valid schedule has at most one of each, and not both), with `t` in seconds
    /// from the shift day's midnight.
    fn shifts_holding(&self, t: DateTime) -> impl Iterator<Item = (Shift, u32)> + '_ {
        let secs = seconds_of_day(t);
        let days = [Some(t.date()), t.date().yesterday().ok().filter(|d| *d >= FIRST_SUPPORTED_DATE)];
        days.into_iter().zip([0, DAY_SECONDS]).filter_map(move |(day, extra)| {
            let rel = secs + extra;
            let day = day?;
            self.hours.iter().find(|h| h.holds(rel)).map(|h| (Shift::new(day, *h), rel))
        })
    }

    /// The shift of the schedule's hours whose time holds `t`, whether or not its day is
    /// worked (the calendar is not asked).
    pub(crate) fn shift_holding(&self, t: DateTime) -> Option<Shift> {
        self.shifts_holding(t).next().map(|(shift, _)| shift)
    }

    /// The worked shift `t` falls in, with `t` in seconds from the shift day's midnight.
    fn shift_at(&self, cal: &Calendar, t: DateTime) -> Result<Option<(Shift, u32)>, CalendarError> {
        check_supported(t.date())?;
        for (shift, rel) in self.shifts_holding(t) {
            if self.is_working_day(cal, shift.day)? {
                return Ok(Some((shift, rel)));
            }
        }
        Ok(None)
    }

    /// The end of the stretch of work at `rel` in `shift` (the next break's start or the
    /// shift's end), in seconds from the shift day's midnight; `None` in a break.
    fn stretch_end_at(&self, shift: Shift, rel: u32) -> Option<u32> {
        if self.in_break(shift, rel) {
            return None;
        }
        Some(self.breaks_in(shift).map(|(s, _)| s).filter(|&s| s > rel).fold(shift.end * 60, u32::min))
    }

    /// If `t` lies in `shift`'s hours and not in one of its breaks, the end of that stretch of
    /// work: the next break's start or the shift's end (the calendar is not asked: the
    /// shift's day may be a day off worked anyway).
    pub(crate) fn stretch_end(&self, shift: Shift, t: DateTime) -> Option<DateTime> {
        let rel = shift.offset_of(t)?;
        if !(shift.range.span().0 * 60 <= rel && rel < shift.end * 60) {
            return None;
        }
        at(shift.day, self.stretch_end_at(shift, rel)?).ok()
    }

    /// The end of the break whose time holds `t`, if one does (the calendar is not asked).
    pub(crate) fn break_end(&self, t: DateTime) -> Option<DateTime> {
        self.breaks.iter().find_map(|b| b.occurrence_at(t)).map(|(_, end)| end)
    }

    /// Break windows within `shift`, in seconds from the shift day's midnight.
    fn breaks_in(&self, shift: Shift) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.breaks.iter().filter_map(move |b| break_within(*b, shift.range)).map(|(s, e)| (s * 60, e * 60))
    }

    fn in_break(&self, shift: Shift, rel: u32) -> bool {
        self.breaks_in(shift).any(|(s, e)| s <= rel && rel < e)
    }

    /// Whether `t` (a civil datetime in the schedule's zone) is working time: within the
    /// working hours of a shift that starts on a working day, and not in a break. A shift
    /// that crosses midnight belongs to the day it started.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the supported dates.
    pub fn is_working_time(&self, cal: &Calendar, t: DateTime) -> Result<bool, CalendarError> {
        Ok(match self.shift_at(cal, t)? {
            Some((shift, rel)) => !self.in_break(shift, rel),
            None => false,
        })
    }

    /// Whether `t` is in a break of a shift that is worked.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] outside the supported dates.
    pub fn is_break(&self, cal: &Calendar, t: DateTime) -> Result<bool, CalendarError> {
        Ok(match self.shift_at(cal, t)? {
            Some((shift, rel)) => self.in_break(shift, rel),
            None => false,
        })
    }

    /// The first instant at or after `t` that is not working time (`t` itself if it is not
    /// working time; otherwise the start of the next break or the end of the shift, e.g.
    /// 12:00 or 17:15). `Ok(None)` if working time lasts past the end of the day
    /// `horizon_days` days after `t`'s date.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] if the search reaches outside the supported dates.
    pub fn next_non_working(
        &self,
        cal: &Calendar,
        t: DateTime,
        horizon_days: u16,
    ) -> Result<Option<DateTime>, CalendarError> {
        let limit = horizon_limit(t.date(), horizon_days);
        let mut cur = t;
        loop {
            if cur.date() > limit {
                return Ok(None);
            }
            let Some((shift, rel)) = self.shift_at(cal, cur)? else {
                return Ok(Some(cur));
            };
            // In a break it is not working time; else, the end of this stretch of work.
            let Some(end) = self.stretch_end_at(shift, rel) else {
                return Ok(Some(cur));
            };
            cur = at(shift.day, end)?;
        }
    }

    /// The first instant at or after `t` that is working time (`t` itself if it is working
    /// time; otherwise the next shift start or break end on a working day, e.g. the next
    /// working morning at 08:30, skipping weekends, holidays and closures). `Ok(None)` if
    /// there is none up to the end of the day `horizon_days` days after `t`'s date.
    ///
    /// # Errors
    ///
    /// [`CalendarError::OutOfRange`] if the search reaches outside the supported dates.
    pub fn next_working(
        &self,
        cal: &Calendar,
        t: DateTime,
        horizon_days: u16,
    ) -> Result<Option<DateTime>, CalendarError> {
        if self.is_working_time(cal, t)? {
            return Ok(Some(t));
        }
        let limit = horizon_limit(t.date(), horizon_days);
        let mut day = t.date();
        if self.any_crosses_midnight() {
            if let Ok(prev) = day.yesterday() {
                if prev >= FIRST_SUPPORTED_DATE {
                    day = prev;
                }
            }
        }
        while day <= limit {
            if self.days.contains(&day.weekday()) && self.is_working_day(cal, day)? {
                let mut best: Option<DateTime> = None;
                for h in &self.hours {
                    let shift = Shift::new(day, *h);
                    let (start, end) = (h.span().0, shift.end);
                    let starts = std::iter::once(start * 60).chain(self.breaks_in(shift).map(|(_, e)| e));
                    for rel in starts {
                        if rel >= end * 60 || self.in_break(shift, rel) {
                            continue;
                        }
                        let dt = at(day, rel)?;
                        if dt >= t && dt.date() <= limit && best.is_none_or(|b| dt < b) {
                            best = Some(dt);
                        }
                    }
                }
                if best.is_some() {
                    return Ok(best);
                }
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        Ok(None)
    }

    /// The civil datetime in the schedule's zone of `ts`.
    pub fn to_civil(&self, ts: Timestamp) -> DateTime {
        self.time_zone.to_civil(ts)
    }
}

/// The last date a search of `horizon_days` from `date` may reach.
fn horizon_limit(date: Date, horizon_days: u16) -> Date {
    super::days::add_days(date, i64::from(horizon_days)).unwrap_or(Date::MAX)
}

/// The window of break `b` within interval `h`, in minutes from `h`'s start day, if `b`
/// lies within `h` (on its start day or, for a shift crossing midnight, the next day).
fn break_within(b: TimeRange, h: TimeRange) -> Option<(u32, u32)> {
    let (hs, he) = h.span();
    let (bs, be) = b.span();
    [0, u32::from(DAY_MINUTES)].into_iter().map(|k| (bs + k, be + k)).find(|&(s, e)| hs <= s && e <= he)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn time_of_day_parse() {
        assert_eq!("8:30".parse::<TimeOfDay>().unwrap().minutes(), 510);
        assert_eq!("24:00".parse::<TimeOfDay>().unwrap(), TimeOfDay::END_OF_DAY);
        for bad in ["24:01", "25:00", "08:60", "0830", "08:3", "", "ab:cd", "-1:00"] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad}");
        }
    }

    #[test]
    fn spans() {
        let r = |a: &str, b: &str| TimeRange::new(a.parse().unwrap(), b.parse().unwrap());
        assert_eq!(r("08:30", "17:15").span(), (510, 1035));
        assert_eq!(r("22:00", "07:00").span(), (1320, 1860));
        assert_eq!(r("08:30", "08:30").span(), (510, 1950));
        assert_eq!(r("22:00", "24:00").span(), (1320, 1440));
        assert_eq!(r("22:00", "00:00").span(), (1320, 1440));
        assert!(!r("22:00", "24:00").crosses_midnight());
        assert_eq!(break_within(r("02:00", "03:00"), r("22:00", "07:00")), Some((1560, 1620)));
        assert_eq!(break_within(r("23:30", "00:30"), r("22:00", "07:00")), Some((1410, 1470)));
        assert_eq!(break_within(r("07:00", "08:00"), r("22:00", "07:00")), None);
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+09:00"), Some(Offset::constant(9)));
        assert_eq!(parse_offset("-0530").map(|o| o.seconds()), Some(-(5 * 3600 + 30 * 60)));
        assert_eq!(parse_offset("+09"), Some(Offset::constant(9)));
        for bad in ["09:00", "+9:00", "+24:00", "+09:60", "+09:0", "+", ""] {
            assert_eq!(parse_offset(bad), None, "{bad}");
        }
    }
}
