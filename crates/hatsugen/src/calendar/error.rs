//! Errors of the calendar module.

use std::fmt;

use jiff::civil::{Date, DateTime};

use super::holidays::{FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE, SUPPORTED_YEARS};

/// Something the calendar cannot answer, or a calendar or schedule configuration that is
/// not valid.
///
/// Every message is in lower case and quotes the offending value in backticks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CalendarError {
    /// The date lies outside the range the holiday law is modelled for
    /// ([`FIRST_SUPPORTED_DATE`]..=[`LAST_SUPPORTED_DATE`]).
    OutOfRange {
        /// The offending date.
        date: Date,
    },
    /// The year lies outside [`SUPPORTED_YEARS`].
    YearOutOfRange {
        /// The offending year.
        year: i16,
    },
    /// The year lies outside the range the equinox formula is valid for (1900–2099).
    EquinoxYearOutOfRange {
        /// The offending year.
        year: i16,
    },
    /// A date range whose start is after its end.
    InvalidRange {
        /// First day of the range.
        from: Date,
        /// Last day of the range.
        to: Date,
    },
    /// A configuration field holds a value that is not allowed.
    InvalidValue {
        /// Path of the field, e.g. `local_holidays[0].date`.
        field: String,
        /// The offending value, as written in the configuration.
        value: String,
        /// Why it is not allowed (lower case).
        reason: String,
    },
    /// A time-zone name or offset that is not supported.
    UnknownTimeZone {
        /// The offending value.
        value: String,
    },
    /// A civil datetime that cannot be converted to a timestamp with the given offset.
    TimestampOutOfRange {
        /// The offending civil datetime.
        datetime: DateTime,
    },
}

impl CalendarError {
    pub(crate) fn invalid(
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> CalendarError {
        CalendarError::InvalidValue { field: field.into(), value: value.into(), reason: reason.into() }
    }

    /// The configuration field the error is about, if any (e.g. `hours[1]`).
    pub fn field(&self) -> Option<&str> {
        match self {
            CalendarError::InvalidValue { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::OutOfRange { date } => write!(
                f,
                "date `{date}` is outside the supported range `{FIRST_SUPPORTED_DATE}`..=`{LAST_SUPPORTED_DATE}`"
            ),
            CalendarError::YearOutOfRange { year } => write!(
                f,
                "year `{year}` is outside the supported range `{}`..=`{}`",
                SUPPORTED_YEARS.start(),
                SUPPORTED_YEARS.end()
            ),
            CalendarError::EquinoxYearOutOfRange { year } => {
                write!(f, "year `{year}` is outside the range `1900`..=`2099` of the equinox formula")
            }
            CalendarError::InvalidRange { from, to } => {
                write!(f, "range start `{from}` is after its end `{to}`")
            }
            CalendarError::InvalidValue { field, value, reason } => {
                write!(f, "invalid `{field}` value `{value}`: {reason}")
            }
            CalendarError::UnknownTimeZone { value } => write!(
                f,
                "unsupported time zone `{value}`: expected `Asia/Tokyo`, `Japan`, `JST`, `UTC` or a fixed offset such as `+09:00`"
            ),
            CalendarError::TimestampOutOfRange { datetime } => {
                write!(f, "datetime `{}` cannot be converted to a timestamp", super::rfc3339::Civil(*datetime))
            }
        }
    }
}

impl std::error::Error for CalendarError {}
