//! The time sections of a policy file: `[schedule]`, `[calendar]` and `[late_night]`.
//!
//! Merging on `extends`: every `schedule` field given replaces the parent's; `calendar.closures`
//! replaces the parent's list when given, `calendar.local_holidays` and `calendar.one_off`
//! append to it; `late_night.from` and `.to` replace. Everything is validated at load and an
//! error points at the offending value (or, for a problem between fields, at the section).

use jiff::civil::Date;
use toml::Spanned;

use super::read::{Ctx, Value, array, spanned_string, str_of, table};
use super::{Policy, PolicyError, PolicyErrorKind};
use crate::calendar::{
    AnnualClosure, Calendar, CalendarConfig, CalendarError, LocalHoliday, MonthDay, OneOffClosure, TimeOfDay,
    TimeRange, TimeZoneSpec, parse_weekday,
};

pub(super) struct ScheduleFile {
    days: Option<Vec<Spanned<String>>>,
    hours: Option<Vec<Spanned<RangeFile>>>,
    breaks: Option<Vec<Spanned<RangeFile>>>,
    time_zone: Option<Spanned<String>>,
}

struct RangeFile {
    start: Spanned<String>,
    end: Spanned<String>,
}

pub(super) struct CalendarFile {
    closures: Option<Vec<Spanned<AnnualClosure>>>,
    local_holidays: Vec<Spanned<LocalHoliday>>,
    one_off: Vec<Spanned<OneOffClosure>>,
}

pub(super) struct LateNightFile {
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
}

impl ScheduleFile {
    /// Reads a `[schedule]` section; the values are checked when merged.
    pub(super) fn read(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<ScheduleFile>, PolicyError> {
        let t = table(cx, v, &["days", "hours", "breaks", "time_zone"])?;
        let ranges = |key: &str| -> Result<Option<Vec<Spanned<RangeFile>>>, PolicyError> {
            t.get(key).map(|list| array(cx, list)?.iter().map(|r| RangeFile::read(cx, r)).collect()).transpose()
        };
        let f = ScheduleFile {
            days: t.spanned_list(cx, "days")?,
            hours: ranges("hours")?,
            breaks: ranges("breaks")?,
            time_zone: t.spanned(cx, "time_zone")?,
        };
        Ok(Spanned::new(v.span(), f))
    }
}

impl RangeFile {
    fn read(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<RangeFile>, PolicyError> {
        let t = table(cx, v, &["start", "end"])?;
        let start = spanned_string(cx, t.require(cx, "start")?)?;
        let end = spanned_string(cx, t.require(cx, "end")?)?;
        Ok(Spanned::new(v.span(), RangeFile { start, end }))
    }
}

impl CalendarFile {
    /// Reads a `[calendar]` section: each entry's fields are parsed here, the entries are
    /// checked when merged.
    pub(super) fn read(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<CalendarFile>, PolicyError> {
        let t = table(cx, v, &["closures", "local_holidays", "one_off"])?;
        let list = |key: &str| -> Result<&[Value<'_>], PolicyError> { t.get(key).map_or(Ok(&[]), |l| array(cx, l)) };
        let f = CalendarFile {
            closures: match t.get("closures") {
                Some(l) => Some(array(cx, l)?.iter().map(|c| annual_closure(cx, c)).collect::<Result<_, _>>()?),
                None => None,
            },
            local_holidays: list("local_holidays")?.iter().map(|h| local_holiday(cx, h)).collect::<Result<_, _>>()?,
            one_off: list("one_off")?.iter().map(|c| one_off(cx, c)).collect::<Result<_, _>>()?,
        };
        Ok(Spanned::new(v.span(), f))
    }
}

impl LateNightFile {
    /// Reads a `[late_night]` section.
    pub(super) fn read(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<LateNightFile>, PolicyError> {
        let t = table(cx, v, &["from", "to"])?;
        Ok(Spanned::new(v.span(), LateNightFile { from: t.spanned(cx, "from")?, to: t.spanned(cx, "to")? }))
    }
}

/// `MM-DD`; whether the day exists is checked with the calendar.
pub(super) fn month_day(cx: &Ctx<'_>, v: &Value<'_>) -> Result<MonthDay, PolicyError> {
    str_of(cx, v)?.parse().map_err(|e| cx.syntax(v.span().start, e))
}

/// `YYYY-MM-DD`, a day that exists.
pub(super) fn date(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Date, PolicyError> {
    let s = str_of(cx, v)?;
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !well_formed {
        return Err(cx.syntax(v.span().start, format!("invalid date `{s}`: expected `YYYY-MM-DD`")));
    }
    crate::calendar::rfc3339::parse_ymd(s)
        .ok_or_else(|| cx.syntax(v.span().start, format!("invalid date `{s}`: no such day")))
}

fn annual_closure(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<AnnualClosure>, PolicyError> {
    let t = table(cx, v, &["from", "to", "name", "name_en"])?;
    let c = AnnualClosure {
        from: month_day(cx, t.require(cx, "from")?)?,
        to: month_day(cx, t.require(cx, "to")?)?,
        name: str_of(cx, t.require(cx, "name")?)?.to_owned(),
        name_en: t.string(cx, "name_en")?,
    };
    Ok(Spanned::new(v.span(), c))
}

fn local_holiday(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<LocalHoliday>, PolicyError> {
    let t = table(cx, v, &["date", "name", "name_en"])?;
    let h = LocalHoliday {
        date: month_day(cx, t.require(cx, "date")?)?,
        name: str_of(cx, t.require(cx, "name")?)?.to_owned(),
        name_en: t.string(cx, "name_en")?,
    };
    Ok(Spanned::new(v.span(), h))
}

fn one_off(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<OneOffClosure>, PolicyError> {
    let t = table(cx, v, &["date", "from", "to", "name", "name_en"])?;
    let (from, to) = match (t.get("date"), t.get("from"), t.get("to")) {
        (Some(d), None, None) => {
            let d = date(cx, d)?;
            (d, d)
        }
        (None, Some(from), to) => {
            let from = date(cx, from)?;
            (from, to.map(|to| date(cx, to)).transpose()?.unwrap_or(from))
        }
        _ => {
            return Err(
                cx.syntax(v.span().start, "a one-off closure needs either `date`, or `from` and `to`".to_owned())
            );
        }
    };
    let name = str_of(cx, t.require(cx, "name")?)?.to_owned();
    Ok(Spanned::new(v.span(), OneOffClosure { from, to, name, name_en: t.string(cx, "name_en")? }))
}

fn invalid(cx: &Ctx<'_>, offset: usize, key: String, message: String) -> PolicyError {
    cx.err_at(PolicyErrorKind::Invalid, offset, message).key(key)
}

fn time_of_day(cx: &Ctx<'_>, s: &Spanned<String>, key: &str) -> Result<TimeOfDay, PolicyError> {
    s.get_ref().parse::<TimeOfDay>().map_err(|_| {
        invalid(
            cx,
            s.span().start,
            key.to_owned(),
            format!("invalid `{key}` value `{}`: expected `HH:MM` from `00:00` to `24:00`", s.get_ref()),
        )
    })
}

fn ranges(cx: &Ctx<'_>, list: &[Spanned<RangeFile>], field: &str) -> Result<Vec<TimeRange>, PolicyError> {
    list.iter()
        .enumerate()
        .map(|(i, r)| {
            let r = r.get_ref();
            let start = time_of_day(cx, &r.start, &format!("schedule.{field}[{i}].start"))?;
            let end = time_of_day(cx, &r.end, &format!("schedule.{field}[{i}].end"))?;
            Ok(TimeRange::new(start, end))
        })
        .collect()
}

/// The list name and index of a calendar error's field: `hours[2].start` → (`hours`, 2).
fn list_index(field: &str) -> (&str, Option<usize>) {
    let name_end = field.find(['[', '.']).unwrap_or(field.len());
    let name = field.get(..name_end).unwrap_or(field);
    let index = field
        .get(name_end..)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.split(']').next())
        .and_then(|i| i.parse().ok());
    (name, index)
}

/// Applies a `[schedule]` section and validates the resulting schedule.
pub(super) fn merge_schedule(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    section: Spanned<ScheduleFile>,
) -> Result<(), PolicyError> {
    let section_at = section.span().start;
    let f = section.into_inner();
    let schedule = &mut policy.schedule;
    if let Some(days) = &f.days {
        schedule.days = days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                parse_weekday(d.get_ref()).ok_or_else(|| {
                    invalid(
                        cx,
                        d.span().start,
                        format!("schedule.days[{i}]"),
                        format!(
                            "invalid `schedule.days[{i}]` value `{}`: expected `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`",
                            d.get_ref()
                        ),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(hours) = &f.hours {
        schedule.hours = ranges(cx, hours, "hours")?;
    }
    if let Some(breaks) = &f.breaks {
        schedule.breaks = ranges(cx, breaks, "breaks")?;
    }
    if let Some(tz) = &f.time_zone {
        schedule.time_zone = TimeZoneSpec::parse(tz.get_ref()).map_err(|e| {
            invalid(cx, tz.span().start, "schedule.time_zone".to_owned(), format!("invalid `schedule.time_zone`: {e}"))
        })?;
    }
    schedule.validate().map_err(|e| {
        let CalendarError::InvalidValue { field, value, reason } = &e else {
            return invalid(cx, section_at, "schedule".to_owned(), format!("invalid `schedule`: {e}"));
        };
        let (list, index) = list_index(field);
        let given = |l: Option<&Vec<Spanned<RangeFile>>>| l.map(|l| l.iter().map(|r| r.span().start).collect());
        let spans: Option<Vec<usize>> = match list {
            "days" => f.days.as_ref().map(|l| l.iter().map(|d| d.span().start).collect()),
            "hours" => given(f.hours.as_ref()),
            "breaks" => given(f.breaks.as_ref()),
            _ => None,
        };
        let at = match (&spans, index) {
            (Some(spans), Some(i)) => spans.get(i).copied().unwrap_or(section_at),
            _ => section_at,
        };
        let mut message = format!("invalid `schedule.{field}` value `{value}`: {reason}");
        if spans.is_none() && matches!(list, "hours" | "breaks" | "days") {
            message.push_str(&format!(
                " (`{list}` comes from the pack this policy extends: set `schedule.{list}` too{})",
                if list == "breaks" { ", `breaks = []` for none" } else { "" }
            ));
        }
        invalid(cx, at, format!("schedule.{field}"), message)
    })
}

/// Applies a `[calendar]` section: closures replace, local holidays and one-off closures
/// append. Each entry is checked where it is written; the merged calendar is checked too.
pub(super) fn merge_calendar(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    section: Spanned<CalendarFile>,
) -> Result<(), PolicyError> {
    let section_at = section.span().start;
    let f = section.into_inner();
    let spans = |field: &str| -> Vec<usize> {
        match field {
            "closures" => f.closures.iter().flatten().map(|c| c.span().start).collect(),
            "local_holidays" => f.local_holidays.iter().map(|c| c.span().start).collect(),
            "one_off" => f.one_off.iter().map(|c| c.span().start).collect(),
            _ => Vec::new(),
        }
    };
    let own = CalendarConfig {
        closures: f.closures.iter().flatten().map(|c| c.get_ref().clone()).collect(),
        local_holidays: f.local_holidays.iter().map(|c| c.get_ref().clone()).collect(),
        one_off: f.one_off.iter().map(|c| c.get_ref().clone()).collect(),
    };
    let to_error = |e: CalendarError, own_entries: bool| {
        let field = e.field().unwrap_or_default().to_owned();
        let (list, index) = list_index(&field);
        let at = if own_entries { index.and_then(|i| spans(list).get(i).copied()) } else { None };
        let message = match &e {
            CalendarError::InvalidValue { field, value, reason } => {
                format!("invalid `calendar.{field}` value `{value}`: {reason}")
            }
            other => format!("invalid `calendar`: {other}"),
        };
        let key = if field.is_empty() { "calendar".to_owned() } else { format!("calendar.{field}") };
        invalid(cx, at.unwrap_or(section_at), key, message)
    };
    Calendar::new(&own).map_err(|e| to_error(e, true))?;
    let config = &mut policy.calendar;
    if f.closures.is_some() {
        config.closures = own.closures;
    }
    config.local_holidays.extend(own.local_holidays);
    config.one_off.extend(own.one_off);
    Calendar::new(config).map_err(|e| to_error(e, false))?;
    Ok(())
}

/// Applies a `[late_night]` section.
pub(super) fn merge_late_night(
    cx: &Ctx<'_>,
    policy: &mut Policy,
    section: Spanned<LateNightFile>,
) -> Result<(), PolicyError> {
    let section_at = section.span().start;
    let f = section.into_inner();
    if let Some(from) = &f.from {
        let t = time_of_day(cx, from, "late_night.from")?;
        if t == TimeOfDay::END_OF_DAY {
            return Err(invalid(
                cx,
                from.span().start,
                "late_night.from".to_owned(),
                "invalid `late_night.from` value `24:00`: a window cannot start at `24:00`; use `00:00`".to_owned(),
            ));
        }
        policy.late_night.from = t;
    }
    if let Some(to) = &f.to {
        policy.late_night.to = time_of_day(cx, to, "late_night.to")?;
    }
    let ln = policy.late_night;
    if ln.from.minutes() % (24 * 60) == ln.to.minutes() % (24 * 60) {
        let at = f.to.as_ref().or(f.from.as_ref()).map_or(section_at, |s| s.span().start);
        return Err(invalid(
            cx,
            at,
            "late_night.to".to_owned(),
            format!("invalid `late_night.to` value `{}`: the window from `{}` is empty", ln.to, ln.from),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::list_index;

    #[test]
    fn fields_split_into_list_and_index() {
        assert_eq!(list_index("hours[2].start"), ("hours", Some(2)));
        assert_eq!(list_index("breaks[0]"), ("breaks", Some(0)));
        assert_eq!(list_index("days"), ("days", None));
        assert_eq!(list_index("local_holidays[12].date"), ("local_holidays", Some(12)));
        assert_eq!(list_index(""), ("", None));
    }
}
