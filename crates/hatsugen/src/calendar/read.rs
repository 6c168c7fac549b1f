//! The one reader of a working schedule, for both places one is written: a policy's
//! `[schedule]` (TOML) and a context's `schedule` (JSON). It walks either tree through
//! [`Node`], so both accept the same shapes, apply the same defaults and give the same
//! messages; each caller only says where an error is (a policy error's line and column).

use std::borrow::Cow;

use jiff::civil::Weekday;
use toml::Spanned;
use toml::de::DeValue;

use super::error::CalendarError;
use super::schedule::{Schedule, TimeOfDay, TimeRange, TimeZoneSpec, parse_weekday};

/// A value of a parsed document, TOML or JSON. (An enum rather than a trait the reader is
/// generic over: the reader is compiled once, not once for each format.)
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    /// A context's JSON.
    Json(&'a serde_json::Value),
    /// A policy's TOML.
    Toml(&'a Spanned<DeValue<'a>>),
}

impl<'a> Node<'a> {
    /// What a table is called in this format, for messages.
    fn table_name(self) -> &'static str {
        match self {
            Node::Json(_) => "a JSON object",
            Node::Toml(_) => "a table",
        }
    }

    /// The string, if this is one.
    fn as_str(self) -> Option<&'a str> {
        match self {
            Node::Json(v) => v.as_str(),
            Node::Toml(v) => match v.get_ref() {
                DeValue::String(s) => Some(s),
                _ => None,
            },
        }
    }

    /// The elements, if this is an array.
    fn as_array(self) -> Option<Vec<Node<'a>>> {
        match self {
            Node::Json(v) => v.as_array().map(|a| a.iter().map(Node::Json).collect()),
            Node::Toml(v) => match v.get_ref() {
                DeValue::Array(a) => Some(a.iter().map(Node::Toml).collect()),
                _ => None,
            },
        }
    }

    /// The entries with the byte offset of each key (when known), if this is a table.
    pub(crate) fn as_table(self) -> Option<Vec<(&'a str, Node<'a>, Option<usize>)>> {
        match self {
            Node::Json(v) => v.as_object().map(|o| o.iter().map(|(k, v)| (k.as_str(), Node::Json(v), None)).collect()),
            Node::Toml(v) => match v.get_ref() {
                DeValue::Table(t) => Some(
                    t.iter().map(|(k, v)| (Cow::as_ref(k.get_ref()), Node::Toml(v), Some(k.span().start))).collect(),
                ),
                _ => None,
            },
        }
    }

    /// `a string`, `an array`…
    fn type_name(self) -> &'static str {
        match self {
            Node::Json(v) => match v {
                serde_json::Value::Null => "null",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::Object(_) => "a JSON object",
            },
            Node::Toml(v) => crate::policy::toml_type_name(v.get_ref()),
        }
    }

    /// The byte offset of the value in its source, when known.
    fn offset(self) -> Option<usize> {
        match self {
            Node::Json(_) => None,
            Node::Toml(v) => Some(v.span().start),
        }
    }
}

/// What is wrong with a schedule as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadProblem {
    /// A key the table does not take.
    UnknownField { field: String, expected: &'static [&'static str] },
    /// A key the table needs.
    MissingField { field: &'static str },
    /// A value of the wrong type.
    WrongType { expected: &'static str, found: &'static str },
    /// A wrong value: the whole message (`invalid `schedule.days[1]` value …`).
    Invalid { message: String },
}

/// A schedule that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReadError {
    pub(crate) problem: ReadProblem,
    /// The field under `schedule`: `hours[0].end`, or empty for the schedule itself.
    pub(crate) field: String,
    /// The byte offset in the source, when the tree knows it.
    pub(crate) at: Option<usize>,
}

impl ReadError {
    /// What is wrong, without the field for a wrong shape (as a policy error says it).
    pub(crate) fn message(&self) -> String {
        let ticked = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        match &self.problem {
            ReadProblem::UnknownField { field, expected } => {
                format!("unknown field `{field}`, expected one of {}", ticked(expected))
            }
            ReadProblem::MissingField { field } => format!("missing field `{field}`"),
            ReadProblem::WrongType { expected, found } => format!("invalid type: expected {expected}, found {found}"),
            ReadProblem::Invalid { message } => message.clone(),
        }
    }

    /// The message with the field named, for a reader that has no place to show it apart
    /// (a context's JSON).
    pub(crate) fn full_message(&self) -> String {
        if let ReadProblem::Invalid { message } = &self.problem {
            return message.clone();
        }
        let dot = if self.field.is_empty() { "" } else { "." };
        format!("invalid `schedule{dot}{}`: {}", self.field, self.message())
    }
}

const KEYS: &[&str] = &["days", "hours", "breaks", "time_zone"];

fn shape(node: Node<'_>, field: impl Into<String>, problem: ReadProblem) -> ReadError {
    ReadError { problem, field: field.into(), at: node.offset() }
}

fn value(node: Node<'_>, field: String, message: String) -> ReadError {
    ReadError { problem: ReadProblem::Invalid { message }, field, at: node.offset() }
}

fn wrong_type(node: Node<'_>, field: &str, expected: &'static str) -> ReadError {
    shape(node, field, ReadProblem::WrongType { expected, found: node.type_name() })
}

/// The entries of a table whose keys must be among `keys`.
fn table<'n>(
    node: Node<'n>,
    field: &str,
    keys: &'static [&'static str],
) -> Result<Vec<(&'n str, Node<'n>)>, ReadError> {
    let entries = node.as_table().ok_or_else(|| wrong_type(node, field, node.table_name()))?;
    for (key, _, key_at) in &entries {
        if !keys.contains(key) {
            let problem = ReadProblem::UnknownField { field: (*key).to_owned(), expected: keys };
            return Err(ReadError { at: key_at.or(node.offset()), ..shape(node, field, problem) });
        }
    }
    Ok(entries.into_iter().map(|(k, v, _)| (k, v)).collect())
}

fn get<'n>(entries: &[(&str, Node<'n>)], key: &str) -> Option<Node<'n>> {
    entries.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn string<'n>(node: Node<'n>, field: &str) -> Result<&'n str, ReadError> {
    node.as_str().ok_or_else(|| wrong_type(node, field, "a string"))
}

fn array<'n>(node: Node<'n>, field: &str) -> Result<Vec<Node<'n>>, ReadError> {
    node.as_array().ok_or_else(|| wrong_type(node, field, "an array"))
}

fn weekday(node: Node<'_>, field: String) -> Result<Weekday, ReadError> {
    let s = string(node, &field)?;
    parse_weekday(s).ok_or_else(|| {
        let message = format!(
            "invalid `schedule.{field}` value `{s}`: expected `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`"
        );
        value(node, field, message)
    })
}

fn time(node: Node<'_>, field: String) -> Result<TimeOfDay, ReadError> {
    let s = string(node, &field)?;
    s.parse().map_err(|_| {
        let message = format!("invalid `schedule.{field}` value `{s}`: expected `HH:MM` from `00:00` to `24:00`");
        value(node, field, message)
    })
}

/// `[{ start, end }, …]` at `name`, with each element's offset.
fn ranges<'n>(node: Node<'n>, name: &str) -> Result<Vec<(TimeRange, Node<'n>)>, ReadError> {
    array(node, name)?
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let field = format!("{name}[{i}]");
            let entries = table(r, &field, &["start", "end"])?;
            let part = |key: &'static str| {
                get(&entries, key).ok_or_else(|| shape(r, field.clone(), ReadProblem::MissingField { field: key }))
            };
            let start = time(part("start")?, format!("{field}.start"))?;
            let end = time(part("end")?, format!("{field}.end"))?;
            Ok((TimeRange::new(start, end), r))
        })
        .collect()
}

/// The list name and index of a field: `hours[2].start` → (`hours`, 2).
pub(crate) fn list_index(field: &str) -> (&str, Option<usize>) {
    let name_end = field.find(['[', '.']).unwrap_or(field.len());
    let name = field.get(..name_end).unwrap_or(field);
    let index = field
        .get(name_end..)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.split(']').next())
        .and_then(|i| i.parse().ok());
    (name, index)
}

/// Reads a schedule over `base`: each field given replaces the base's; `breaks` not given
/// is the base's when `hours` is not given either, and none when it is. The result is
/// checked ([`Schedule::new`]); an error names the field and, when the tree knows, points at
/// the value (a problem between fields at the list entry, else at the schedule).
pub(crate) fn read_schedule(node: Node<'_>, base: &Schedule) -> Result<Schedule, ReadError> {
    let entries = table(node, "", KEYS)?;
    let mut days = base.days().to_vec();
    let mut day_nodes = Vec::new();
    if let Some(list) = get(&entries, "days") {
        day_nodes = array(list, "days")?;
        days =
            day_nodes.iter().enumerate().map(|(i, d)| weekday(*d, format!("days[{i}]"))).collect::<Result<_, _>>()?;
    }
    let hours = get(&entries, "hours").map(|h| ranges(h, "hours")).transpose()?;
    let breaks = get(&entries, "breaks").map(|b| ranges(b, "breaks")).transpose()?;
    let time_zone = match get(&entries, "time_zone") {
        Some(tz) => TimeZoneSpec::parse(string(tz, "time_zone")?)
            .map_err(|e| value(tz, "time_zone".to_owned(), format!("invalid `schedule.time_zone`: {e}")))?,
        None => base.time_zone(),
    };
    let list = |given: &Option<Vec<(TimeRange, Node<'_>)>>, from_base: &[TimeRange]| match given {
        Some(l) => l.iter().map(|(r, _)| *r).collect(),
        None => from_base.to_vec(),
    };
    let breaks_from_base: &[TimeRange] = if hours.is_some() { &[] } else { base.breaks() };
    Schedule::new(days, list(&hours, base.hours()), list(&breaks, breaks_from_base), time_zone).map_err(|e| {
        let CalendarError::InvalidValue { field, value: v, reason } = &e else {
            return value(node, String::new(), format!("invalid `schedule`: {e}"));
        };
        let (name, index) = list_index(field);
        let element =
            |l: &Option<Vec<(TimeRange, Node<'_>)>>| index.and_then(|i| l.as_ref()?.get(i).map(|(_, n)| n.offset()));
        let at = match name {
            "days" => index.and_then(|i| day_nodes.get(i).map(|d| d.offset())),
            "hours" => element(&hours),
            "breaks" => element(&breaks),
            _ => None,
        };
        ReadError {
            problem: ReadProblem::Invalid { message: format!("invalid `schedule.{field}` value `{v}`: {reason}") },
            field: field.clone(),
            at: at.flatten().or(node.offset()),
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn json(text: &str) -> Result<Schedule, ReadError> {
        read_schedule(Node::Json(&serde_json::from_str(text).unwrap()), &Schedule::default_japanese())
    }

    fn toml(text: &str) -> Result<Schedule, ReadError> {
        let doc = toml::de::DeTable::parse(text).unwrap();
        let node = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
        read_schedule(Node::Toml(&node), &Schedule::default_japanese())
    }

    #[test]
    fn toml_and_json_read_alike() {
        let pairs = [
            (r#"{}"#, ""),
            (
                r#"{"days":["sat","sun"],"hours":[{"start":"22:00","end":"07:00"}]}"#,
                "days = [\"sat\", \"sun\"]\nhours = [{ start = \"22:00\", end = \"07:00\" }]",
            ),
            (
                r#"{"breaks":[{"start":"14:00","end":"15:00"}],"time_zone":"UTC"}"#,
                "breaks = [{ start = \"14:00\", end = \"15:00\" }]\ntime_zone = \"UTC\"",
            ),
        ];
        for (j, t) in pairs {
            assert_eq!(json(j).unwrap(), toml(t).unwrap(), "{j}");
        }
        let night = json(r#"{"hours":[{"start":"22:00","end":"07:00"}]}"#).unwrap();
        assert!(night.breaks().is_empty(), "hours without breaks: none");
        let late = json(r#"{"breaks":[{"start":"14:00","end":"15:00"}]}"#).unwrap();
        assert_eq!(late.hours(), Schedule::default_japanese().hours(), "breaks alone keep the hours");
    }

    #[test]
    fn errors_are_the_same_in_both_formats() {
        let pairs = [
            (r#"{"days":["mon","funday"]}"#, "days = [\"mon\", \"funday\"]", "days[1]", false, 15),
            (
                r#"{"hours":[{"start":"08:30","end":"25:00"}]}"#,
                "hours = [{ start = \"08:30\", end = \"25:00\" }]",
                "hours[0].end",
                false,
                34,
            ),
            (r#"{"hours":[{"start":"08:30"}]}"#, "hours = [{ start = \"08:30\" }]", "hours[0]", true, 9),
            (r#"{"shift":"night"}"#, "shift = \"night\"", "", true, 0),
            (r#"{"time_zone":"Asia/Osaka"}"#, "time_zone = \"Asia/Osaka\"", "time_zone", false, 12),
            (r#"{"days":[]}"#, "days = []", "days", false, 0),
            (
                r#"{"hours":[{"start":"08:30","end":"12:00"},{"start":"11:00","end":"17:00"}]}"#,
                "hours = [{ start = \"08:30\", end = \"12:00\" }, { start = \"11:00\", end = \"17:00\" }]",
                "hours[1]",
                false,
                45,
            ),
        ];
        for (j, t, field, is_shape, at) in pairs {
            let (ej, et) = (json(j).unwrap_err(), toml(t).unwrap_err());
            assert_eq!((&ej.problem, ej.field.as_str()), (&et.problem, field), "{j}");
            assert_eq!(!matches!(et.problem, ReadProblem::Invalid { .. }), is_shape, "{t}");
            assert_eq!(et.at, Some(at), "{t}: {}", et.message());
            assert_eq!(ej.at, None);
        }
        let e = json(r#"{"hours":[["09:00","17:00"]]}"#).unwrap_err();
        assert_eq!(
            e.full_message(),
            "invalid `schedule.hours[0]`: invalid type: expected a JSON object, found an array"
        );
        let e = json(r#""night""#).unwrap_err();
        assert_eq!(e.full_message(), "invalid `schedule`: invalid type: expected a JSON object, found a string");
        let e = toml("hours = [{ start = \"08:00\", end = \"12:00\" }, { start = \"11:00\", end = \"13:00\" }]")
            .unwrap_err();
        assert_eq!(
            e.full_message(),
            "invalid `schedule.hours[1]` value `11:00-13:00`: overlaps `hours[0]` (`08:00-12:00`)"
        );
    }

    #[test]
    fn fields_split_into_list_and_index() {
        assert_eq!(list_index("hours[2].start"), ("hours", Some(2)));
        assert_eq!(list_index("breaks[0]"), ("breaks", Some(0)));
        assert_eq!(list_index("days"), ("days", None));
        assert_eq!(list_index("local_holidays[12].date"), ("local_holidays", Some(12)));
        assert_eq!(list_index(""), ("", None));
    }
}
