//! Day arithmetic on civil dates through day numbers, without jiff's `Span` (whose overflow
//! checks `expect`, linking jiff's every error message into the WebAssembly build).

use jiff::civil::Date;

/// Days from 1970-01-01 to `date` (negative before it), in the proleptic Gregorian calendar.
pub(crate) fn day_number(date: Date) -> i64 {
    let (month, day) = (i64::from(date.month()), i64::from(date.day()));
    // Years start in March, so the leap day ends a year.
    let year = i64::from(date.year()) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of day number `n` (see [`day_number`]), if jiff can represent it.
pub(crate) fn from_day_number(n: i64) -> Option<Date> {
    let z = n.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let m = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * m + 2) / 5 + 1;
    let month = if m < 10 { m + 3 } else { m - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date::new(i16::try_from(year).ok()?, month as i8, day as i8).ok()
}

/// `date` moved by `days`, if still representable.
pub(crate) fn add_days(date: Date, days: i64) -> Option<Date> {
    from_day_number(day_number(date).checked_add(days)?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jiff::Span;
    use proptest::prelude::*;

    #[test]
    fn day_numbers_match_jiff_at_the_edges() {
        for date in [Date::MIN, Date::MAX, jiff::civil::date(1970, 1, 1), jiff::civil::date(2000, 2, 29)] {
            let expected = jiff::civil::date(1970, 1, 1).until(date).unwrap().get_days();
            assert_eq!(day_number(date), i64::from(expected), "{date}");
            assert_eq!(from_day_number(day_number(date)), Some(date));
        }
        assert_eq!(from_day_number(day_number(Date::MAX) + 1), None);
        assert_eq!(from_day_number(day_number(Date::MIN) - 1), None);
        assert_eq!(add_days(Date::MAX, i64::MAX), None);
    }

    proptest! {
        #[test]
        fn add_days_matches_jiff(days_from_epoch in -4_000_000i64..=3_000_000, delta in -400_000i64..=400_000) {
            let Some(date) = from_day_number(days_from_epoch) else { return Ok(()) };
            prop_assert_eq!(day_number(date), days_from_epoch);
            let expected = date.checked_add(Span::new().days(delta)).ok();
            prop_assert_eq!(add_days(date, delta), expected);
        }

    }
}
