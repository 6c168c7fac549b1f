//! The time sections of a policy file: `[schedule]`, `[calendar]` and `[late_night]`.
//!
//! Merging on `extends`: every `schedule` field given replaces the parent's (and `hours`
//! without `breaks` has none: see [`crate::calendar::Schedule`]); `calendar.closures`
//! replaces the parent's list when given, `calendar.local_holidays` and `calendar.one_off`
//! append to it; `late_night.from` and `.to` replace. Everything is validated at load and an
//! error points at the offending value (or, for a problem between fields, at the section).

use jiff::civil::Date;
use toml::Spanned;

use super::error::PolicyProblem;
use super::read::{Ctx, Value, array, str_of, table};
use super::{Policy, PolicyError};
use crate::calendar::{
    AnnualClosure, Calendar, CalendarConfig, CalendarError, LocalHoliday, MonthDay, Node, OneOffClosure, ReadProblem,
    TimeOfDay, list_index, read_schedule,
};

pub(super) struct CalendarFile {
    closures: Option<Vec<Spanned<AnnualClosure>>>,
    local_holidays: Vec<Spanned<LocalHoliday>>,
    one_off: Vec<Spanned<OneOffClosure>>,
}

pub(super) struct LateNightFile {
    from: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
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
            local_holidays: list("local_holidays")?.iter().filter_map(|h| cx.keep(local_holiday(cx, h))).collect(),
            one_off: list("one_off")?.iter().filter_map(|c| cx.keep(one_off(cx, c))).collect(),
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
    str_of(cx, v)?.parse().map_err(|message| cx.problem(v.span().start, PolicyProblem::Malformed { message }))
}

/// `YYYY-MM-DD`, a day that exists.
pub(super) fn date(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Date, PolicyError> {
    let s = str_of(cx, v)?;
    let well_formed = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    let malformed = |message| cx.problem(v.span().start, PolicyProblem::Malformed { message });
    if !well_formed {
        return Err(malformed(format!("invalid date `{s}`: expected `YYYY-MM-DD`")));
    }
    crate::calendar::rfc3339::parse_ymd(s).ok_or_else(|| malformed(format!("invalid date `{s}`: no such day")))
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
            return Err(cx.problem(
                v.span().start,
                PolicyProblem::Malformed {
                    message: "a one-off closure needs either `date`, or `from` and `to`".to_owned(),
                },
            ));
        }
    };
    let name = str_of(cx, t.require(cx, "name")?)?.to_owned();
    Ok(Spanned::new(v.span(), OneOffClosure { from, to, name, name_en: t.string(cx, "name_en")? }))
}

fn invalid(cx: &Ctx<'_>, offset: usize, key: String, message: String) -> PolicyError {
    cx.problem(offset, PolicyProblem::InvalidValue { message }).key(key)
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

/// Applies a `[schedule]` section over the schedule of the pack the policy extends, with
/// the reader a context's `schedule` uses too.
pub(super) fn merge_schedule(cx: &Ctx<'_>, policy: &mut Policy, section: &Value<'_>) -> Result<(), PolicyError> {
    policy.schedule = read_schedule(Node::Toml(section), &policy.schedule).map_err(|e| {
        let key = if e.field.is_empty() { "schedule".to_owned() } else { format!("schedule.{}", e.field) };
        let problem = match e.problem {
            ReadProblem::UnknownField { field, expected } => {
                PolicyProblem::UnknownField { field, expected: expected.to_vec() }
            }
            ReadProblem::MissingField { field } => PolicyProblem::MissingField { field: field.to_owned() },
            ReadProblem::WrongType { expected, found } => PolicyProblem::WrongType { expected, found },
            ReadProblem::Invalid { message } => PolicyProblem::InvalidValue { message },
        };
        cx.problem(e.at.unwrap_or(section.span().start), problem).key(key)
    })?;
    Ok(())
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
