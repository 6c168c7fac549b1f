//! The generic reader of the spanned TOML tree: typed accessors that name the allowed keys
//! of each table and turn every mistake into a [`PolicyError`] with the byte offset of the
//! offending key or value. The policy sections (`sections.rs`) and the time sections
//! (`timing.rs`) are read with it.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{PolicyError, PolicyErrorKind};

/// A value of the parsed document with its place in the text.
pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// A table of the document whose keys are known to be allowed.
pub(super) struct Table<'a, 'i> {
    at: usize,
    map: &'a DeTable<'i>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The value of `key`, if given.
    pub(super) fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.map.get(key)
    }

    /// The value of `key`, which must be given.
    pub(super) fn require(&self, cx: &Ctx<'_>, key: &str) -> Result<&'a Value<'i>, PolicyError> {
        self.get(key).ok_or_else(|| cx.syntax(self.at, format!("missing field `{key}`")))
    }

    /// The string at `key`, if given.
    pub(super) fn string(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<String>, PolicyError> {
        self.get(key).map(|v| str_of(cx, v).map(str::to_owned)).transpose()
    }

    /// The string at `key` with its place, if given.
    pub(super) fn spanned(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<Spanned<String>>, PolicyError> {
        self.get(key).map(|v| spanned_string(cx, v)).transpose()
    }

    /// The list of strings at `key`, empty when not given.
    pub(super) fn strings(&self, cx: &Ctx<'_>, key: &str) -> Result<Vec<String>, PolicyError> {
        self.get(key).map_or(Ok(Vec::new()), |v| strings(cx, v))
    }

    /// The list of strings at `key` with their places, if given.
    pub(super) fn spanned_list(&self, cx: &Ctx<'_>, key: &str) -> Result<Option<Vec<Spanned<String>>>, PolicyError> {
        self.get(key).map(|v| array(cx, v)?.iter().map(|s| spanned_string(cx, s)).collect()).transpose()
    }
}

/// `a string`, `an integer`…: what a value is, for an error message.
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The error for a value of the wrong type.
pub(super) fn wrong_type(cx: &Ctx<'_>, v: &Value<'_>, expected: &str) -> PolicyError {
    cx.syntax(v.span().start, format!("invalid type: expected {expected}, found {}", type_name(v.get_ref())))
}

/// `` `a`, `b`, `c` ``.
pub(super) fn ticked(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// A table with any keys.
pub(super) fn map<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>) -> Result<&'a DeTable<'i>, PolicyError> {
    match v.get_ref() {
        DeValue::Table(t) => Ok(t),
        _ => Err(wrong_type(cx, v, "a table")),
    }
}

/// A table whose keys must all be among `keys`.
pub(super) fn table<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>, keys: &[&str]) -> Result<Table<'a, 'i>, PolicyError> {
    let map = map(cx, v)?;
    for key in map.keys() {
        let name: &str = key.get_ref();
        if !keys.contains(&name) {
            return Err(
                cx.syntax(key.span().start, format!("unknown field `{name}`, expected one of {}", ticked(keys)))
            );
        }
    }
    Ok(Table { at: v.span().start, map })
}

/// An array.
pub(super) fn array<'a, 'i>(cx: &Ctx<'_>, v: &'a Value<'i>) -> Result<&'a [Value<'i>], PolicyError> {
    match v.get_ref() {
        DeValue::Array(a) => Ok(a),
        _ => Err(wrong_type(cx, v, "an array")),
    }
}

/// A string.
pub(super) fn str_of<'a>(cx: &Ctx<'_>, v: &'a Value<'_>) -> Result<&'a str, PolicyError> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s),
        _ => Err(wrong_type(cx, v, "a string")),
    }
}

/// A list of strings.
pub(super) fn strings(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Vec<String>, PolicyError> {
    array(cx, v)?.iter().map(|s| str_of(cx, s).map(str::to_owned)).collect()
}

/// A string or an array of strings (`verb = "死ぬ"` or `verb = ["死ぬ", "くたばる"]`).
pub(super) fn one_or_many(cx: &Ctx<'_>, v: Option<&Value<'_>>) -> Result<Vec<String>, PolicyError> {
    match v {
        None => Ok(Vec::new()),
        Some(v) if matches!(v.get_ref(), DeValue::String(_)) => Ok(vec![str_of(cx, v)?.to_owned()]),
        Some(v) => strings(cx, v),
    }
}

/// A string with its place.
pub(super) fn spanned_string(cx: &Ctx<'_>, v: &Value<'_>) -> Result<Spanned<String>, PolicyError> {
    str_of(cx, v).map(|s| Spanned::new(v.span(), s.to_owned()))
}

pub(super) fn bool_of(cx: &Ctx<'_>, v: &Value<'_>) -> Result<bool, PolicyError> {
    match v.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err(wrong_type(cx, v, "a boolean")),
    }
}

/// A non-negative integer up to `max`; `what` names the type in the error (`u32`).
pub(super) fn uint(cx: &Ctx<'_>, v: &Value<'_>, max: u64, what: &str) -> Result<u64, PolicyError> {
    let DeValue::Integer(i) = v.get_ref() else { return Err(wrong_type(cx, v, "an integer")) };
    u64::from_str_radix(i.as_str(), i.radix())
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| cx.syntax(v.span().start, format!("invalid value: integer `{i}`, expected {what}")))
}

/// A number, written as a float or an integer (`35.6536`, `140`).
///
/// A float is read by `serde_json`'s parser (TOML's decimal syntax less `+` and `_` is
/// JSON's), the one the context's numbers go through: the same digits give the same value
/// from a policy and from a context, and the WebAssembly build carries one float parser,
/// not two.
pub(super) fn number(cx: &Ctx<'_>, v: &Value<'_>) -> Result<f64, PolicyError> {
    let parsed = match v.get_ref() {
        DeValue::Float(f) => {
            let digits = f.as_str().replace('_', "");
            serde_json::from_str::<f64>(digits.strip_prefix('+').unwrap_or(&digits)).ok()
        }
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            // A whole number of degrees or metres: far inside f64's exact range.
            #[allow(clippy::cast_precision_loss)]
            i64::from_str_radix(&digits, i.radix()).ok().map(|n| n as f64)
        }
        _ => return Err(wrong_type(cx, v, "a number")),
    };
    parsed
        .filter(|x| x.is_finite())
        .ok_or_else(|| cx.syntax(v.span().start, "invalid value: expected a finite number".to_owned()))
}

/// The index in `names` of a string naming one of them.
pub(super) fn enum_of(cx: &Ctx<'_>, v: &Value<'_>, names: &[&str]) -> Result<usize, PolicyError> {
    let s = str_of(cx, v)?;
    names
        .iter()
        .position(|n| *n == s)
        .ok_or_else(|| cx.syntax(v.span().start, format!("unknown variant `{s}`, expected one of {}", ticked(names))))
}

pub(super) struct Ctx<'a> {
    pub(super) origin: &'a str,
    pub(super) src: &'a str,
}

impl Ctx<'_> {
    pub(super) fn err<T>(&self, kind: PolicyErrorKind, at: &Spanned<T>, message: String) -> PolicyError {
        self.err_at(kind, at.span().start, message)
    }

    /// An error at byte `offset` of the file.
    pub(super) fn err_at(&self, kind: PolicyErrorKind, offset: usize, message: String) -> PolicyError {
        PolicyError::new(kind, message).at(self.origin, self.src, offset)
    }

    /// A malformed key or value (unknown key, wrong type, unknown name) at byte `offset`.
    pub(super) fn syntax(&self, offset: usize, message: String) -> PolicyError {
        self.err_at(PolicyErrorKind::Syntax, offset, message)
    }
}
