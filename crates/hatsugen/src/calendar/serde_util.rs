//! Serde helpers: civil dates as `YYYY-MM-DD` strings, independent of jiff's own serde
//! feature.

use jiff::civil::Date;
use serde::Serializer;

pub(crate) fn serialize_date<S: Serializer>(date: &Date, ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_str(date)
}

pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    let bytes = s.as_bytes();
    let well_formed = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
    if !well_formed {
        return Err(format!("invalid date `{s}`: expected `YYYY-MM-DD`"));
    }
    super::rfc3339::parse_ymd(s).ok_or_else(|| format!("invalid date `{s}`: no such day"))
}
