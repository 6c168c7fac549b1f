//! Japanese calendar: national holidays, office closures and working schedules.
//!
//! Everything here is pure: no clock, no time-zone database, no files. Dates and times are
//! jiff civil values; conversion from a [`jiff::Timestamp`] uses a fixed offset
//! ([`to_civil`], [`TimeZoneSpec`]).
//!
//! - [`holiday`] / [`holidays_in_year`]: national holidays, substitute holidays and
//!   citizens' holidays from the law, 1948-07-20 to 2099-12-31 ([`SUPPORTED_YEARS`]).
//! - [`Calendar`]: national holidays plus an office's annual closures (年末年始 by default),
//!   local holidays and one-off closures, from a [`CalendarConfig`].
//! - [`Schedule`]: working days, hours and breaks, with [`Schedule::is_working_time`],
//!   [`Schedule::next_working`] and [`Schedule::next_non_working`].
//!
//! ```
//! use hatsugen::calendar::{Calendar, Schedule};
//! use jiff::civil::date;
//!
//! let cal = Calendar::default();
//! let schedule = Schedule::default_japanese();
//! // Friday 2025-07-18, after hours; Monday 07-21 is 海の日.
//! let t = date(2025, 7, 18).at(18, 0, 0, 0);
//! assert!(!schedule.is_working_time(&cal, t)?);
//! assert_eq!(schedule.next_working(&cal, t, 30)?, Some(date(2025, 7, 22).at(8, 30, 0, 0)));
//! # Ok::<(), hatsugen::calendar::CalendarError>(())
//! ```

mod closures;
pub(crate) mod days;
mod error;
pub mod holidays;
mod read;
pub(crate) mod rfc3339;
pub mod schedule;
mod serde_util;

pub use closures::{
    AnnualClosure, Calendar, CalendarConfig, DayKind, DayOff, LocalHoliday, MAX_ENTRIES, MAX_ONE_OFF_DAYS, MonthDay,
    OneOffClosure,
};
pub use error::CalendarError;
pub use holidays::{
    FIRST_SUPPORTED_DATE, Holiday, HolidayKind, LAST_SUPPORTED_DATE, SUPPORTED_YEARS, autumnal_equinox_day, holiday,
    holidays_in_year, is_holiday, vernal_equinox_day,
};
pub(crate) use read::{Node, ReadProblem, list_index, read_schedule};
pub(crate) use schedule::Shift;
pub use schedule::{MAX_INTERVALS, Schedule, TimeOfDay, TimeRange, TimeZoneSpec, from_civil, parse_weekday, to_civil};
