//! Instants and civil datetimes as text, read and written here rather than by jiff.
//!
//! jiff's general-purpose parser and printer report errors through one error type whose
//! messages cover every format jiff knows (strftime, RFC 2822, TZif, POSIX zones…), and
//! they reach it through `expect`s, so using either links all of it: about a tenth of the
//! WebAssembly build. The reader here accepts exactly the strings `jiff::Timestamp`'s
//! `FromStr` accepts, with the same result (the tests compare the two), and gives short
//! reasons of its own; the writers print what jiff's `Display` prints.
//!
//! The grammar (RFC 3339 with the ISO 8601 and RFC 9557 forms jiff also reads):
//!
//! - date: `YYYY-MM-DD`, `YYYYMMDD`, or a signed six-digit year (`+002026-11-21`);
//! - then `T`, `t` or a space and a time: `HH`, `HH:MM`, `HH:MM:SS` (or without colons),
//!   seconds with up to nine fraction digits after `.` or `,`; a leap second `60` is read
//!   as `59`;
//! - a UTC offset: `Z`, `z`, or `±HH[:MM[:SS[.fraction]]]` (colons optional);
//! - RFC 9557 annotations: first a time zone (`[Asia/Tokyo]`, `[+09:00]`, `!` allowed),
//!   then `[key=value]`s, none of them critical (`[!key=value]` is refused). The offset
//!   decides the instant; the annotations are only checked for syntax.

use std::fmt;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;

const BAD_DATE: &str = "the date is not `YYYY-MM-DD`";
const NO_SUCH_DATE: &str = "no such date";
const NO_TIME: &str = "no time of day after the date";
const BAD_TIME: &str = "the time of day is not `HH:MM:SS`";
const NO_OFFSET: &str = "no UTC offset such as `+09:00` or `Z`";
const BAD_OFFSET: &str = "the UTC offset is not `±HH:MM` or `Z`";
const BAD_ANNOTATION: &str = "malformed or critical `[…]` annotation";
const TRAILING: &str = "unexpected text after the time";
const OUT_OF_RANGE: &str = "outside the supported range of instants";

/// The largest offset hour jiff reads (its offsets span ±25:59:59).
const MAX_OFFSET_HOURS: u32 = 25;

/// Reads an instant: a date, a time and a UTC offset (see the module documentation).
///
/// # Errors
///
/// A short reason (`no UTC offset such as `+09:00` or `Z``…) when `s` is not one.
pub(crate) fn parse_timestamp(s: &str) -> Result<Timestamp, &'static str> {
    let mut c = Cursor { b: s.as_bytes(), i: 0 };
    let date = c.date()?;
    if !matches!(c.peek(), Some(b'T' | b't' | b' ')) {
        // Without a time there is no instant (jiff would read annotations first, then
        // refuse it all the same).
        return Err(NO_TIME);
    }
    c.i += 1;
    let time = c.time()?;
    let offset = c.offset()?;
    c.annotations()?;
    if c.peek().is_some() {
        return Err(TRAILING);
    }
    let seconds = offset.ok_or(NO_OFFSET)?;
    let offset = Offset::from_seconds(seconds).map_err(|_| BAD_OFFSET)?;
    offset.to_timestamp(DateTime::from_parts(date, time)).map_err(|_| OUT_OF_RANGE)
}

/// Reads a date written exactly `YYYY-MM-DD`; `None` when it is not one or the day does
/// not exist.
pub(crate) fn parse_ymd(s: &str) -> Option<Date> {
    let mut c = Cursor { b: s.as_bytes(), i: 0 };
    let year = c.digits(4)?;
    let ok = c.eat(b'-');
    let month = c.digits(2)?;
    let ok = ok && c.eat(b'-');
    let day = c.digits(2)?;
    if !ok || c.peek().is_some() {
        return None;
    }
    ymd(year as i32, month, day)
}

fn ymd(year: i32, month: u32, day: u32) -> Option<Date> {
    Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// `t` in `offset` as RFC 3339: `2026-11-21T10:00:00+09:00`, with the fraction of a second
/// when there is one and the offset rounded to the minute (as jiff's
/// `Timestamp::display_with_offset`).
pub(crate) fn timestamp_with_offset(t: Timestamp, offset: Offset) -> String {
    let mut out = Civil(offset.to_datetime(t)).to_string();
    let total = offset.seconds().unsigned_abs();
    let (mut hours, mut minutes) = (total / 3600, total / 60 % 60);
    if total % 60 >= 30 {
        if minutes == 59 {
            // Rounding never leaves jiff's range of offsets.
            (hours, minutes) = if hours >= MAX_OFFSET_HOURS { (MAX_OFFSET_HOURS, 59) } else { (hours + 1, 0) };
        } else {
            minutes += 1;
        }
    }
    let sign = if offset.seconds() < 0 { '-' } else { '+' };
    out.push_str(&format!("{sign}{hours:02}:{minutes:02}"));
    out
}

/// A civil datetime as jiff's `Display` prints it: `2026-11-21T10:00:00`, with the
/// fraction of a second when there is one.
pub(crate) struct Civil(pub(crate) DateTime);

impl fmt::Display for Civil {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = self.0;
        let year = dt.year();
        let sign = if year < 0 { "-00" } else { "" };
        write!(
            f,
            "{sign}{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            year.unsigned_abs(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        )?;
        let nanos = dt.subsec_nanosecond();
        if nanos != 0 {
            let digits = format!("{:09}", nanos.unsigned_abs());
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        Ok(())
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        if hit {
            self.i += 1;
        }
        hit
    }

    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let run = self.b.get(self.i..self.i + n)?;
        if !run.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.i += n;
        Some(run.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
    }

    /// Two ASCII digits follow (the next component of a basic-format time or offset).
    fn two_digits_follow(&self) -> bool {
        self.b.get(self.i..self.i + 2).is_some_and(|r| r.iter().all(u8::is_ascii_digit))
    }

    /// Whether another component follows: after a colon in the extended format, before
    /// two digits in the basic one.
    fn next_component(&mut self, extended: bool) -> bool {
        if extended { self.eat(b':') } else { self.two_digits_follow() }
    }

    fn date(&mut self) -> Result<Date, &'static str> {
        let year = match self.peek() {
            Some(sign @ (b'+' | b'-')) => {
                self.i += 1;
                let y = self.digits(6).filter(|y| *y <= 9999).ok_or(BAD_DATE)?;
                match sign {
                    b'-' if y == 0 => return Err(BAD_DATE),
                    b'-' => -(y as i32),
                    _ => y as i32,
                }
            }
            _ => self.digits(4).ok_or(BAD_DATE)? as i32,
        };
        let extended = self.eat(b'-');
        let month = self.digits(2).ok_or(BAD_DATE)?;
        let separated = if extended { self.eat(b'-') } else { self.peek() != Some(b'-') };
        if !separated {
            return Err(BAD_DATE);
        }
        let day = self.digits(2).ok_or(BAD_DATE)?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(BAD_DATE);
        }
        ymd(year, month, day).ok_or(NO_SUCH_DATE)
    }

    fn time(&mut self) -> Result<Time, &'static str> {
        let hour = self.digits(2).filter(|h| *h <= 23).ok_or(BAD_TIME)?;
        let extended = self.peek() == Some(b':');
        let (mut minute, mut second, mut nanos) = (0, 0, 0);
        if self.next_component(extended) {
            minute = self.digits(2).filter(|m| *m <= 59).ok_or(BAD_TIME)?;
            if self.next_component(extended) {
                // A leap second is read as the second before it.
                second = self.digits(2).filter(|s| *s <= 60).ok_or(BAD_TIME)?.min(59);
                nanos = self.fraction().ok_or(BAD_TIME)?.unwrap_or(0);
            }
        }
        let part = |n: u32| i8::try_from(n).map_err(|_| BAD_TIME);
        Time::new(part(hour)?, part(minute)?, part(second)?, i32::try_from(nanos).map_err(|_| BAD_TIME)?)
            .map_err(|_| BAD_TIME)
    }

    /// An optional fraction after `.` or `,`: one to nine digits, in nanoseconds. `None`
    /// when the separator has no digit after it.
    fn fraction(&mut self) -> Option<Option<u32>> {
        if !matches!(self.peek(), Some(b'.' | b',')) {
            return Some(None);
        }
        self.i += 1;
        let start = self.i;
        while self.i - start < 9 && self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        let run = self.b.get(start..self.i)?;
        if run.is_empty() {
            return None;
        }
        let n = run.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'));
        Some(Some(n * 10u32.pow(9 - run.len() as u32)))
    }

    /// The optional UTC offset after the time, in seconds (`Z` is zero).
    fn offset(&mut self) -> Result<Option<i32>, &'static str> {
        match self.peek() {
            Some(b'Z' | b'z') => {
                self.i += 1;
                Ok(Some(0))
            }
            Some(b'+' | b'-') => self.numeric_offset(true).map(Some).ok_or(BAD_OFFSET),
            _ => Ok(None),
        }
    }

    /// `±HH[:MM[:SS[.fraction]]]` (seconds only with `subminute`), in seconds, the
    /// fraction rounded; `None` when malformed.
    fn numeric_offset(&mut self, subminute: bool) -> Option<i32> {
        let negative = self.peek() == Some(b'-');
        self.i += 1;
        let hours = self.digits(2).filter(|h| *h <= MAX_OFFSET_HOURS)?;
        let extended = self.peek() == Some(b':');
        let mut seconds = hours * 3600;
        if self.next_component(extended) {
            seconds += self.digits(2).filter(|m| *m <= 59)? * 60;
            if !subminute {
                // More precision than an annotation may carry.
                if self.peek() == Some(b':') {
                    return None;
                }
            } else if self.next_component(extended) {
                seconds += self.digits(2).filter(|s| *s <= 59)?;
                if self.fraction()?.is_some_and(|n| n >= 500_000_000) {
                    seconds += 1;
                }
            }
        }
        let seconds = i32::try_from(seconds).ok()?;
        Some(if negative { -seconds } else { seconds })
    }

    /// RFC 9557 annotations: an optional time zone, then `[key=value]`s.
    fn annotations(&mut self) -> Result<(), &'static str> {
        if self.peek() != Some(b'[') {
            return Ok(());
        }
        let start = self.i;
        self.i += 1;
        self.eat(b'!');
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.numeric_offset(false).ok_or(BAD_ANNOTATION)?;
            self.close()?;
        } else {
            self.zone_name_part()?;
            if self.peek() == Some(b'=') {
                // Not a time zone but a key: read it again as one.
                self.i = start;
            } else {
                while self.eat(b'/') {
                    self.zone_name_part()?;
                }
                self.close()?;
            }
        }
        while self.eat(b'[') {
            let critical = self.eat(b'!');
            self.run(|b| matches!(b, b'_' | b'a'..=b'z'), |b| matches!(b, b'_' | b'-' | b'0'..=b'9' | b'a'..=b'z'))?;
            if !self.eat(b'=') {
                return Err(BAD_ANNOTATION);
            }
            loop {
                self.run(|b| b.is_ascii_alphanumeric(), |b| b.is_ascii_alphanumeric())?;
                if !self.eat(b'-') {
                    break;
                }
            }
            self.close()?;
            // No annotation but the time zone is understood, so none may be critical.
            if critical {
                return Err(BAD_ANNOTATION);
            }
        }
        Ok(())
    }

    /// One part of a time-zone name (`Asia`, `Tokyo`, `Etc/GMT+9`'s `GMT+9`).
    fn zone_name_part(&mut self) -> Result<(), &'static str> {
        self.run(
            |b| matches!(b, b'_' | b'.' | b'A'..=b'Z' | b'a'..=b'z'),
            |b| matches!(b, b'_' | b'.' | b'+' | b'-' | b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z'),
        )
    }

    /// A byte matching `first`, then any bytes matching `rest`.
    fn run(&mut self, first: impl Fn(u8) -> bool, rest: impl Fn(u8) -> bool) -> Result<(), &'static str> {
        if !self.peek().is_some_and(&first) {
            return Err(BAD_ANNOTATION);
        }
        self.i += 1;
        while self.peek().is_some_and(&rest) {
            self.i += 1;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<(), &'static str> {
        if self.eat(b']') { Ok(()) } else { Err(BAD_ANNOTATION) }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn same_as_jiff(s: &str) {
        let ours = parse_timestamp(s).ok();
        let jiffs = s.parse::<Timestamp>().ok();
        assert_eq!(ours, jiffs, "{s:?}: ours {:?}", parse_timestamp(s));
    }

    #[test]
    fn reads_what_jiff_reads() {
        for s in [
            "2026-11-21T10:00:00+09:00",
            "2026-11-21T10:00+09:00",
            "2026-11-21T10+09:00",
            "2026-11-21t10:00:00z",
            "2026-11-21 10:00:00Z",
            "2026-11-21T10:00:00.5+09:00",
            "2026-11-21T10:00:00,123456789+09:00",
            "2026-11-21T10:00:00.1234567891+09:00",
            "2026-11-21T10:00:00.+09:00",
            "2026-11-21T10:00:60+09:00",
            "2026-11-21T10:00:61+09:00",
            "2026-11-21T24:00:00+09:00",
            "2026-02-29T10:00:00+09:00",
            "2024-02-29T10:00:00+09:00",
            "2026-11-21T10:00:00+0900",
            "2026-11-21T10:00:00+09",
            "2026-11-21T10:00:00+09:00:30",
            "2026-11-21T10:00:00+09:00:30.5",
            "2026-11-21T10:00:00+09:00:29.4999",
            "2026-11-21T10:00:00+25:59:59",
            "2026-11-21T10:00:00+25:59:59.5",
            "2026-11-21T10:00:00+26:00",
            "2026-11-21T10:00:00+09:60",
            "2026-11-21T10:00:00+09:0",
            "2026-11-21T10:00:00+0900:00",
            "2026-11-21T10:00:00+09:0000",
            "20261121T100000+0900",
            "20261121T1000+09",
            "20261121T10:00:00+09:00",
            "2026-11-21T100000+09:00",
            "2026-1121T10:00:00+09:00",
            "202611-21T10:00:00+09:00",
            "+002026-11-21T10:00:00+09:00",
            "-002026-11-21T10:00:00+09:00",
            "-000000-11-21T10:00:00+09:00",
            "+010000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "9999-12-30T23:59:59-01:00",
            "-009999-01-01T00:00:00Z",
            "-009999-01-02T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-11-21T10:00:00+09:00[Asia/Tokyo]",
            "2026-11-21T10:00:00+09:00[!Asia/Tokyo]",
            "2026-11-21T10:00:00+09:00[asia/tokyo]",
            "2026-11-21T10:00:00+09:00[Etc/GMT+9]",
            "2026-11-21T10:00:00+09:00[+09:00]",
            "2026-11-21T10:00:00+09:00[+0900]",
            "2026-11-21T10:00:00+09:00[+09:00:00]",
            "2026-11-21T10:00:00+09:00[+09]",
            "2026-11-21T10:00:00+09:00[+99:00]",
            "2026-11-21T10:00:00+09:00[Z]",
            "2026-11-21T10:00:00+09:00[Asia/Tokyo][u-ca=iso8601]",
            "2026-11-21T10:00:00+09:00[Asia/Tokyo][!u-ca=iso8601]",
            "2026-11-21T10:00:00+09:00[u-ca=iso8601]",
            "2026-11-21T10:00:00+09:00[u-ca=iso8601][Asia/Tokyo]",
            "2026-11-21T10:00:00+09:00[foo-bar=a-b-c][x=1]",
            "2026-11-21T10:00:00+09:00[Foo=bar]",
            "2026-11-21T10:00:00+09:00[a/b=c]",
            "2026-11-21T10:00:00+09:00[foo=]",
            "2026-11-21T10:00:00+09:00[foo=a-]",
            "2026-11-21T10:00:00+09:00[Asia/]",
            "2026-11-21T10:00:00+09:00[]",
            "2026-11-21T10:00:00+09:00[1abc]",
            "2026-11-21T10:00:00+09:00[Asia/Tokyo",
            "2026-11-21T10:00:00[Asia/Tokyo]",
            "2026-11-21T10:00:00",
            "2026-11-21",
            "2026-11-21[Asia/Tokyo]",
            "2026-11-21T",
            "2026-11-21T10:00:00+09:00 ",
            " 2026-11-21T10:00:00+09:00",
            "2026-11-21Ｔ10:00:00+09:00",
            "2026-13-01T10:00:00Z",
            "2026-00-01T10:00:00Z",
            "2026-04-31T10:00:00Z",
            "2026-11-21T10:00:00-00:00",
            "",
        ] {
            same_as_jiff(s);
        }
    }

    /// Strings built from the pieces of the grammar, right and wrong, read alike.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("2026".to_owned()),
            Just("-".to_owned()),
            Just(":".to_owned()),
            Just("T".to_owned()),
            Just(" ".to_owned()),
            Just("+".to_owned()),
            Just("Z".to_owned()),
            Just("[".to_owned()),
            Just("]".to_owned()),
            Just("!".to_owned()),
            Just("=".to_owned()),
            Just("/".to_owned()),
            Just(".".to_owned()),
            "[0-9]{1,3}",
            "[A-Za-z_]{1,3}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn agrees_with_jiff_on_near_misses(
            date in prop_oneof![
                4 => "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
                1 => "20[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])",
                1 => "(\\+|-)?[0-9]{4,6}-?[0-9]{2}-?[0-9]{2}",
            ],
            sep in "[T t]",
            time in prop_oneof![
                4 => "([01][0-9]|2[0-3])(:[0-5][0-9](:[0-5][0-9]([.,][0-9]{1,9})?)?)?",
                1 => "([01][0-9]|2[0-3])([0-5][0-9]([0-5][0-9]([.,][0-9]{1,9})?)?)?",
                1 => "[0-9]{2}(:?[0-9]{2}(:?[0-9]{2}([.,][0-9]{0,10})?)?)?",
            ],
            offset in prop_oneof![
                4 => "(Z|z|[+-](0[0-9]|1[0-4])(:?(00|30|45))?)",
                1 => "([+-][0-2][0-9](:?[0-6][0-9](:?[0-6][0-9]([.,][0-9]{0,10})?)?)?)?",
            ],
            annotations in proptest::collection::vec(prop_oneof![
                "\\[!?(Asia/Tokyo|[A-Za-z._][A-Za-z0-9._+-]{0,3}(/[A-Za-z._][A-Za-z0-9._+-]{0,3})?)\\]",
                "\\[!?[+-][0-9]{2}(:?[0-9]{2})?(:[0-9]{2})?\\]",
                "\\[!?[a-z_][a-z0-9_-]{0,4}=[A-Za-z0-9]{1,3}(-[A-Za-z0-9]{0,3})?\\]",
            ], 0..3),
            tail in proptest::collection::vec(piece(), 0..3),
            mangle in any::<bool>(),
        ) {
            let tail = if mangle { tail.concat() } else { String::new() };
            same_as_jiff(&format!("{date}{sep}{time}{offset}{}{tail}", annotations.concat()));
        }

        #[test]
        fn agrees_with_jiff_on_any_instant(secs in -377_705_116_800i64..=253_402_207_200, nanos in 0i32..1_000_000_000, off in -93_599i32..=93_599) {
            let Ok(t) = Timestamp::new(secs, nanos) else { return Ok(()) };
            let Ok(offset) = Offset::from_seconds(off) else { return Ok(()) };
            let text = timestamp_with_offset(t, offset);
            prop_assert_eq!(&text, &t.display_with_offset(offset).to_string());
            prop_assert_eq!(Civil(offset.to_datetime(t)).to_string(), offset.to_datetime(t).to_string());
            same_as_jiff(&text);
        }

        #[test]
        fn ymd_as_jiff(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            prop_assert_eq!(parse_ymd(&s), s.parse::<Date>().ok());
        }
    }
}
